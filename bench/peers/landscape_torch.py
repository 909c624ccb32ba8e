"""Peer of bench-landscape: a loss landscape evaluated point by point the
way the research code does it (Li et al.'s loss-landscape, the
loss-landscapes package): an nn.Sequential 2-64-64-2 tanh MLP
(nn.Linear, nn.Tanh) and nn.CrossEntropyLoss over 10 000 two-arm spiral
points, two random directions filter-normalized per neuron (each row of a
weight matrix scaled to the norm of the same row of theta, biases 0), and
for each of the 41 x 41 nodes of [-1, 1]^2 the parameters set to
theta + a*d1 + b*d2 in place, then one forward pass of all 10 000 points
under torch.no_grad().

float32 by default, as Gradscope's landscape grids of networks
(GS_LANDSCAPE_FLOAT32); --float64 for its exact float64 grids. Torch runs
with its own default number of intra-op threads (Debian's 1.13 starts
with one on this machine; --threads N sets it: with 2 OpenMP threads on a
shared 2-core machine it ran 6x slower here). The network's weights are nn.Linear's default init (not
Gradscope's numbers): the timing does not depend on them.

Prints key/value lines like the C benchmark:
  torch_landscape_s        best of --reps repetitions, seconds per grid
  torch_landscape_s_all    every repetition
  torch_landscape_dtype    float32 or float64
  torch_landscape_threads  torch.get_num_threads()
"""
import argparse
import math
import sys
import time

try:
    import torch
except ImportError:
    sys.exit("landscape_torch.py: PyTorch is missing (Debian: apt-get install python3-torch)")

SAMPLES = 10000


def spiral(n, dtype, seed=1):
    # Gradscope's formula: r = s, angle 2*pi*k/K + 3*pi*s, noise 0.1
    g = torch.Generator().manual_seed(seed)
    label = torch.arange(n) % 2
    s = torch.rand(n, generator=g, dtype=torch.float64)
    t = 2 * math.pi * label / 2 + 3 * math.pi * s
    x = torch.stack([s * torch.cos(t), s * torch.sin(t)], 1)
    x = x + 0.1 * torch.randn(n, 2, generator=g, dtype=torch.float64)
    return x.to(dtype), label


def filter_normalized(params, g):
    """Gaussian directions, each row of a weight matrix scaled to the norm
    of the same row of the parameter; biases 0 (Li et al. 2018)."""
    dirs = []
    for p in params:
        d = torch.randn(p.shape, generator=g, dtype=p.dtype)
        if p.dim() <= 1:
            d.zero_()
        else:
            d.mul_(p.norm(dim=1, keepdim=True) / (d.norm(dim=1, keepdim=True) + 1e-10))
        dirs.append(d)
    return dirs


def grid(net, x, y, center, d1, d2, n):
    loss_fn = torch.nn.CrossEntropyLoss()
    params = list(net.parameters())
    z = torch.empty(n, n, dtype=torch.float64)
    coords = torch.linspace(-1.0, 1.0, n, dtype=torch.float64).tolist()
    with torch.no_grad():
        for j, b in enumerate(coords):
            for i, a in enumerate(coords):
                for p, c, u, v in zip(params, center, d1, d2):
                    p.copy_(c + a * u + b * v)
                z[j, i] = loss_fn(net(x), y).item()
    return z


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--grid", type=int, default=41)
    ap.add_argument("--float64", action="store_true")
    ap.add_argument("--threads", type=int, default=0, help="0: torch's default")
    args = ap.parse_args()

    dtype = torch.float64 if args.float64 else torch.float32
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(7)
    x, y = spiral(SAMPLES, dtype)
    net = torch.nn.Sequential(torch.nn.Linear(2, 64), torch.nn.Tanh(),
                              torch.nn.Linear(64, 64), torch.nn.Tanh(),
                              torch.nn.Linear(64, 2)).to(dtype)
    center = [p.detach().clone() for p in net.parameters()]
    g = torch.Generator().manual_seed(1)
    d1 = filter_normalized(center, g)
    d2 = filter_normalized(center, g)

    times = []
    for _ in range(args.reps):
        t0 = time.perf_counter()
        z = grid(net, x, y, center, d1, d2, args.grid)
        times.append(time.perf_counter() - t0)

    print(f"torch_landscape_version {torch.__version__}")
    print(f"torch_landscape_dtype {'float64' if args.float64 else 'float32'}")
    print(f"torch_landscape_threads {torch.get_num_threads()}")
    print(f"torch_landscape_grid {args.grid}")
    print(f"torch_landscape_s {min(times):.6g}")
    print("torch_landscape_s_all " + " ".join(f"{t:.4g}" for t in times))
    print(f"torch_landscape_loss_range {z.min().item():.6g} {z.max().item():.6g}")


if __name__ == "__main__":
    main()
