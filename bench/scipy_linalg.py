"""Times scipy's cho_factor / cho_solve and a numpy Matérn-5/2 build for bench/linalg.ts.
Run single-threaded (the caller sets OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1). Prints JSON."""
import json
import sys
import time

import numpy as np
import scipy
import scipy.linalg


def best(f, reps):
    t = float("inf")
    for _ in range(reps):
        s = time.perf_counter()
        f()
        t = min(t, time.perf_counter() - s)
    return t * 1e3


def main():
    sizes = [int(s) for s in sys.argv[1].split(",")]
    d = 8
    rng = np.random.default_rng(0)
    out = {"versions": {"numpy": np.__version__, "scipy": scipy.__version__}, "rows": {}}
    for n in sizes:
        reps = 5 if n <= 1000 else 3
        G = rng.standard_normal((n, n))
        A = G @ G.T / n + np.eye(n)
        b = rng.standard_normal(n)
        chol = best(lambda: scipy.linalg.cho_factor(A, lower=True, overwrite_a=False, check_finite=False), reps)
        c = scipy.linalg.cho_factor(A, lower=True)
        solve = best(lambda: scipy.linalg.cho_solve(c, b, check_finite=False), reps)
        X = rng.random((n, d))
        theta = np.full(d, 1.5)

        def kern():
            Xs = X * theta
            sq = (Xs * Xs).sum(1)
            D = np.maximum(sq[:, None] + sq[None, :] - 2 * Xs @ Xs.T, 0)
            B = np.sqrt(5 * D + 1e-9)
            return (1 + B + 5 * D / 3) * np.exp(-B)

        out["rows"][n] = {"cholesky": chol, "solve": solve, "kernel": best(kern, reps)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
