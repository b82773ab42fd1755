"""Times scikit-learn's GaussianProcessRegressor.log_marginal_likelihood(theta, eval_gradient=True)
for bench/gp.ts, with the kernel hyperwasm uses (ConstantKernel × Matérn-5/2 ARD + WhiteKernel)
on the same kind of data. Single-threaded (the caller sets the thread variables). Prints JSON."""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel


def main():
    sizes = [int(s) for s in sys.argv[1].split(",")]
    d = 8
    rng = np.random.default_rng(0)
    out = {"versions": {"sklearn": sklearn.__version__, "numpy": np.__version__}, "rows": {}}
    for n in sizes:
        X = rng.random((n, d))
        y = np.sin(6 * X[:, 0]) + X[:, 1] ** 2 + 0.05 * rng.standard_normal(n)
        kernel = ConstantKernel(1.0) * Matern(length_scale=np.ones(d), nu=2.5) + WhiteKernel(1e-3)
        gp = GaussianProcessRegressor(kernel=kernel, optimizer=None, normalize_y=True).fit(X, y)
        theta = gp.kernel_.theta
        reps = 5 if n <= 500 else 2
        best = float("inf")
        for _ in range(reps):
            t = time.perf_counter()
            gp.log_marginal_likelihood(theta, eval_gradient=True)
            best = min(best, time.perf_counter() - t)
        out["rows"][n] = best * 1e3
    print(json.dumps(out))


if __name__ == "__main__":
    main()
