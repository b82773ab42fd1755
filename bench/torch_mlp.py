"""The tutorial's MLP in PyTorch (one thread), seconds per epoch on data of letter's shape, for
bench/mlp.ts. Prints JSON."""
import json
import sys
import time

import torch

torch.set_num_threads(1)


def main():
    batches = [int(b) for b in sys.argv[1].split(",")]
    n, d, h, k = 12060, 16, 72, 26
    X = torch.randn(n, d)
    y = torch.randint(0, k, (n,))
    out = {"version": torch.__version__, "rows": {}}
    for b in batches:
        model = torch.nn.Sequential(torch.nn.Linear(d, h), torch.nn.ReLU(), torch.nn.Dropout(0.375),
                                    torch.nn.Linear(h, h), torch.nn.ReLU(), torch.nn.Dropout(0.375), torch.nn.Linear(h, k))
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        loss_fn = torch.nn.CrossEntropyLoss()

        def epoch():
            perm = torch.randperm(n)
            for s in range(0, n, b):
                idx = perm[s:s + b]
                opt.zero_grad()
                loss_fn(model(X[idx]), y[idx]).backward()
                opt.step()

        epoch()
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            epoch()
            best = min(best, time.perf_counter() - t)
        out["rows"][b] = best
    print(json.dumps(out))


if __name__ == "__main__":
    main()
