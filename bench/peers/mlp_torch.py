"""Peer of bench-mlp: the standard PyTorch training loop for a 2-64-64-2
tanh MLP (nn.Sequential of nn.Linear and nn.Tanh, nn.CrossEntropyLoss) on
10 000 two-arm spiral points, minibatches of 128 from a torch.randperm
every epoch (the last batch of an epoch short, as in Gradscope),
torch.optim.Adam(lr=0.001), float64 like Gradscope (--float32 for torch's
usual dtype). A step is: the batch indexed out of X and y, forward, loss,
zero_grad, backward, opt.step(). No full-data evaluation, as Gradscope's
run does none between its rows 0 and the end of a repetition either.

Without --data, the spiral is made here with Gradscope's formula (r = s,
angle 2*pi*k/K + 3*pi*s, noise 0.1); timing does not depend on the points.

--check DIR redoes Gradscope's first K steps (files written by
`bench-mlp --dump DIR --check K`): the same data, start and minibatches,
then prints the largest |difference| from Gradscope's theta_K.

Prints key/value lines like the C benchmark:
  torch_mlp_steps            N   steps per repetition (what fits in --seconds)
  torch_mlp_steps_per_s      best of --reps repetitions
  torch_mlp_steps_per_s_all  every repetition
  torch_mlp_threads          torch.get_num_threads()
  torch_mlp_check K maxdiff  after --check
"""
import argparse
import math
import os
import sys
import time

try:
    import torch
except ImportError:
    sys.exit("mlp_torch.py: PyTorch is missing (Debian: apt-get install python3-torch)")

SAMPLES = 10000
BATCH = 128


def spiral(n, dtype, seed=1):
    g = torch.Generator().manual_seed(seed)
    label = torch.arange(n) % 2
    s = torch.rand(n, generator=g, dtype=torch.float64)
    t = 2 * math.pi * label / 2 + 3 * math.pi * s
    x = torch.stack([s * torch.cos(t), s * torch.sin(t)], 1)
    x = x + 0.1 * torch.randn(n, 2, generator=g, dtype=torch.float64)
    return x.to(dtype), label


def make_net(dtype):
    net = torch.nn.Sequential(torch.nn.Linear(2, 64), torch.nn.Tanh(),
                              torch.nn.Linear(64, 64), torch.nn.Tanh(),
                              torch.nn.Linear(64, 2)).to(dtype)
    opt = torch.optim.Adam(net.parameters(), lr=0.001)
    return net, opt


def train(net, opt, x, y, steps, batches=None):
    """steps updates; batches: a list of index tensors, else randperm epochs"""
    loss_fn = torch.nn.CrossEntropyLoss()
    m = x.shape[0]
    perm, pos = None, m
    for s in range(steps):
        if batches is not None:
            idx = batches[s]
        else:
            if pos >= m:
                perm, pos = torch.randperm(m), 0
            idx = perm[pos:pos + BATCH]
            pos += BATCH
        xb, yb = x[idx], y[idx]
        loss = loss_fn(net(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return loss


def check(directory, dtype):
    import numpy as np

    xy = np.fromfile(os.path.join(directory, "data.f64"), dtype=np.float64).reshape(-1, 3)
    theta0 = np.fromfile(os.path.join(directory, "theta0.f64"), dtype=np.float64)
    thetak = np.fromfile(os.path.join(directory, "thetaK.f64"), dtype=np.float64)
    rows = np.fromfile(os.path.join(directory, "rows.u32"), dtype=np.uint32).reshape(-1, BATCH)
    x = torch.tensor(xy[:, :2], dtype=dtype)
    y = torch.tensor(xy[:, 2].astype(np.int64))
    batches = [torch.tensor(r[r != 0xFFFFFFFF].astype(np.int64)) for r in rows]
    net, opt = make_net(dtype)
    with torch.no_grad():
        torch.nn.utils.vector_to_parameters(torch.tensor(theta0, dtype=dtype), net.parameters())
    train(net, opt, x, y, len(batches), batches)
    got = torch.nn.utils.parameters_to_vector(net.parameters()).detach().double().numpy()
    return len(batches), float(np.max(np.abs(got - thetak)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=2.5,
                    help="target duration of one repetition")
    ap.add_argument("--float32", action="store_true")
    ap.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (0: as is)")
    ap.add_argument("--check", metavar="DIR")
    args = ap.parse_args()

    dtype = torch.float32 if args.float32 else torch.float64
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    if args.check:
        k, diff = check(args.check, dtype)
        print(f"torch_mlp_check {k} {diff:.3g}")

    x, y = spiral(SAMPLES, dtype)

    # Calibrate: as many steps as fit in --seconds.
    net, opt = make_net(dtype)
    train(net, opt, x, y, 50)
    t0 = time.perf_counter()
    train(net, opt, x, y, 300)
    rate = 300 / (time.perf_counter() - t0)
    steps = max(300, int(rate * args.seconds))

    rates = []
    for _ in range(args.reps):
        net, opt = make_net(dtype)
        t0 = time.perf_counter()
        loss = train(net, opt, x, y, steps)
        rates.append(steps / (time.perf_counter() - t0))

    print(f"torch_mlp_version {torch.__version__}")
    print(f"torch_mlp_dtype {'float32' if args.float32 else 'float64'}")
    print(f"torch_mlp_threads {torch.get_num_threads()}")
    print(f"torch_mlp_loss {loss.item():.6g}")
    print(f"torch_mlp_steps {steps}")
    print(f"torch_mlp_steps_per_s {max(rates):.6g}")
    print("torch_mlp_steps_per_s_all " + " ".join(f"{r:.4g}" for r in rates))


if __name__ == "__main__":
    main()
