"""Peer of bench-adam-rosenbrock: torch.optim.Adam on Rosenbrock, the
standard PyTorch loop (float64 parameters with requires_grad, the loss from
torch ops, backward, step, zero_grad), from (-1.5, 2) with lr 0.001.

Prints key/value lines like the C benchmark:
  torch_steps            N   steps per repetition (what fits in --seconds)
  torch_steps_per_s      best of --reps repetitions
  torch_steps_per_s_all  every repetition
  torch_theta K x y      theta after K steps
"""
import argparse
import sys
import time

try:
    import torch
except ImportError:
    sys.exit("adam_torch.py: PyTorch is missing (Debian: apt-get install python3-torch)")


def make():
    p = torch.tensor([-1.5, 2.0], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([p], lr=0.001)
    return p, opt


def run(p, opt, steps):
    for _ in range(steps):
        x, y = p[0], p[1]
        loss = (1 - x) ** 2 + 100 * (y - x ** 2) ** 2
        loss.backward()
        opt.step()
        opt.zero_grad()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=2.5,
                    help="target duration of one repetition")
    ap.add_argument("--check", type=int, default=1000)
    args = ap.parse_args()

    p, opt = make()
    run(p, opt, args.check)
    x, y = p.detach().tolist()
    print(f"torch_theta {args.check} {x!r} {y!r}")

    # Calibrate: as many steps as fit in --seconds.
    p, opt = make()
    t0 = time.perf_counter()
    run(p, opt, 2000)
    rate = 2000 / (time.perf_counter() - t0)
    steps = max(1000, int(rate * args.seconds))

    rates = []
    for _ in range(args.reps):
        p, opt = make()
        t0 = time.perf_counter()
        run(p, opt, steps)
        rates.append(steps / (time.perf_counter() - t0))

    print(f"torch_version {torch.__version__}")
    print(f"torch_steps {steps}")
    print(f"torch_steps_per_s {max(rates):.6g}")
    print("torch_steps_per_s_all " + " ".join(f"{r:.4g}" for r in rates))


if __name__ == "__main__":
    main()
