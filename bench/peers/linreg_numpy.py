"""Peer of bench-linreg: the reference article's numpy gradient descent on
n = 100 000 samples, 63 features + intercept, float64, 100 iterations.

The function is the article's, with one change only: the loop (not np.c_)
is timed. Prints key/value lines like the C benchmark:
  numpy_ms_per_step      best of --reps repetitions
  numpy_ms_per_step_all  every repetition
"""
import argparse
import sys
import time

try:
    import numpy as np
except ImportError:
    sys.exit("linreg_numpy.py: numpy is missing (Debian: apt-get install python3-numpy)")


def gradient_descent(X, y, theta, alpha, iterations):
    m = len(y)
    X = np.c_[np.ones(m), X]
    t0 = time.perf_counter()
    for _ in range(iterations):
        hypothesis = X.dot(theta)
        loss = hypothesis - y
        gradient = X.T.dot(loss) / m
        theta = theta - alpha * gradient
    return theta, time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=100000)
    ap.add_argument("--features", type=int, default=63)
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()

    rng = np.random.default_rng(1)
    X = rng.standard_normal((args.samples, args.features))
    w = rng.uniform(-2, 2, args.features + 1)
    y = w[0] + X @ w[1:] + 0.1 * rng.standard_normal(args.samples)

    times = []
    for _ in range(args.reps):
        theta = np.zeros(args.features + 1)
        theta, t = gradient_descent(X, y, theta, 0.01, args.steps)
        times.append(1e3 * t / args.steps)

    print(f"numpy_version {np.__version__}")
    print(f"numpy_ms_per_step {min(times):.6g}")
    print("numpy_ms_per_step_all " + " ".join(f"{t:.4g}" for t in times))


if __name__ == "__main__":
    main()
