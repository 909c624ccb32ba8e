#!/bin/sh
# run-bench.sh BUILD_DIR — Gradscope's benchmarks next to their peers
# (PyTorch, numpy), measured the same way in the same run, then one table.
#
# The machine may be shared and noisy, so each side runs in several rounds
# that alternate with the other side's (BENCH_ROUNDS, default 3), a few
# repetitions per round, and the best repetition of each side counts.
#
# Environment: BENCH_ROUNDS (3), BENCH_ADAM_STEPS (10000000 Gradscope steps
# per repetition), BENCH_TORCH_SECONDS (2.5 s per torch repetition).
set -eu

usage () {
  echo "usage: $0 BUILD_DIR   (a configured and built meson build directory)" >&2
  exit 2
}

[ $# -eq 1 ] || usage
build=$1
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
rounds=${BENCH_ROUNDS:-3}
adam_steps=${BENCH_ADAM_STEPS:-10000000}
torch_seconds=${BENCH_TORCH_SECONDS:-2.5}

adam_bin=$build/bench/bench-adam-rosenbrock
linreg_bin=$build/bench/bench-linreg
for b in "$adam_bin" "$linreg_bin"; do
  if [ ! -x "$b" ]; then
    echo "run-bench.sh: $b is missing; build first: meson compile -C $build" >&2
    exit 1
  fi
done

if [ ! -x "$py" ]; then
  echo "run-bench.sh: $py is missing (Debian: apt-get install python3; or: make bench-deps)" >&2
  exit 1
fi
missing=""
"$py" -c 'import numpy' 2>/dev/null || missing="$missing python3-numpy"
"$py" -c 'import torch' 2>/dev/null || missing="$missing python3-torch"
if [ -n "$missing" ]; then
  echo "run-bench.sh: the peers need$missing for $py" >&2
  echo "  Debian: apt-get install$missing   (or: make bench-deps)" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)
echo "Gradscope benchmarks — ${cpu:-unknown CPU}, $(nproc) CPU(s), $rounds rounds"

# Each step of a round in turn; all output appended to one file per side.
for r in $(seq "$rounds"); do
  printf '  round %s/%s: adam' "$r" "$rounds"
  "$adam_bin" --steps "$adam_steps" --reps 2 >> "$tmp/adam"
  printf ' torch'
  "$py" "$here/peers/adam_torch.py" --reps 2 --seconds "$torch_seconds" >> "$tmp/torch"
  printf ' linreg'
  "$linreg_bin" --reps 3 >> "$tmp/linreg"
  printf ' numpy'
  "$py" "$here/peers/linreg_numpy.py" --reps 3 >> "$tmp/numpy"
  printf ' numpy-1-thread\n'
  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 \
    "$py" "$here/peers/linreg_numpy.py" --reps 3 >> "$tmp/numpy1"
done

# max / min / last of the first value of key $2 in file $1
best_max () { awk -v k="$2" '$1 == k { if (!n++ || $2 > m) m = $2 } END { if (n) print m; else print "nan" }' "$1"; }
best_min () { awk -v k="$2" '$1 == k { if (!n++ || $2 < m) m = $2 } END { if (n) print m; else print "nan" }' "$1"; }
last () { awk -v k="$2" '$1 == k { $1 = ""; v = substr ($0, 2) } END { print v }' "$1"; }

g_rate=$(best_max "$tmp/adam" adam_steps_per_s)
t_rate=$(best_max "$tmp/torch" torch_steps_per_s)
t_steps=$(last "$tmp/torch" torch_steps)
g_theta=$(last "$tmp/adam" adam_theta)
t_theta=$(last "$tmp/torch" torch_theta)
g_ms=$(best_min "$tmp/linreg" linreg_ms_per_step)
n_ms=$(best_min "$tmp/numpy" numpy_ms_per_step)
n1_ms=$(best_min "$tmp/numpy1" numpy_ms_per_step)
bw_x=$(best_max "$tmp/linreg" bw_x_gbs)
bw_buf=$(best_max "$tmp/linreg" bw_buffer_gbs)
x_mb=$(last "$tmp/linreg" x_mb)
shape=$(last "$tmp/linreg" linreg_shape)

# max |Δθ| between the two θ after the same number of steps
dtheta=$(echo "$g_theta $t_theta" | awk '{
  if ($1 != $4) { print "steps differ"; exit }
  d1 = $2 - $5; if (d1 < 0) d1 = -d1
  d2 = $3 - $6; if (d2 < 0) d2 = -d2
  printf "%.3g", (d1 > d2 ? d1 : d2) }')
check_steps=${g_theta%% *}

awk -v g_rate="$g_rate" -v t_rate="$t_rate" -v t_steps="$t_steps" \
    -v dtheta="$dtheta" -v check_steps="$check_steps" \
    -v g_ms="$g_ms" -v n_ms="$n_ms" -v n1_ms="$n1_ms" \
    -v bw_x="$bw_x" -v bw_buf="$bw_buf" -v x_mb="$x_mb" -v shape="$shape" \
    -v adam_steps="$adam_steps" '
function verdict (ok) { return ok ? "ok" : "MISS" }
BEGIN {
  bw = bw_x > bw_buf ? bw_x : bw_buf
  floor_ms = x_mb / bw            # MB / (GB/s) = ms
  split (shape, s, " ")
  line = "-------------------------------------------------------------------------------------------"
  fmt = "%-36s %11s %17s %9s %10s  %s\n"
  print ""
  printf fmt, "workload", "Gradscope", "peer", "ratio", "target", ""
  print line
  printf fmt, "Adam on Rosenbrock, steps/s", sprintf ("%.4g", g_rate),
         sprintf ("%.4g torch", t_rate), sprintf ("%.0fx", g_rate / t_rate),
         ">= 2000x", verdict (g_rate / t_rate >= 2000)
  printf fmt, "  theta after " check_steps " steps, max|diff|", dtheta, "vs torch", "",
         "<= 1e-12", verdict (dtheta != "steps differ" && dtheta + 0 <= 1e-12)
  printf fmt, "LinReg " s[1] "x" s[2] " GD, ms/step", sprintf ("%.3f", g_ms),
         sprintf ("%.3f numpy", n_ms), sprintf ("%.2fx", n_ms / g_ms), "", ""
  printf fmt, "  numpy, 1 BLAS thread, ms/step", "",
         sprintf ("%.3f numpy", n1_ms), sprintf ("%.2fx", n1_ms / g_ms), "", ""
  printf fmt, "  floor (one read of X), ms/step", sprintf ("%.3f", floor_ms), "", "", "", ""
  printf fmt, "  ms/step / floor", sprintf ("%.2fx", g_ms / floor_ms),
         sprintf ("%.2fx numpy", n_ms / floor_ms), "", "<= 1.25x", verdict (g_ms / floor_ms <= 1.25)
  print line
  print "ratio: how many times faster Gradscope is than the peer (best repetition of each)."
  printf "Adam: %s Gradscope steps, %s torch steps per repetition.\n", adam_steps, t_steps
  printf "Floor: X is %s MB; one core reads %.1f GB/s summing X, %.1f GB/s summing a\n",
         x_mb, bw_x, bw_buf
  print "256 MB buffer; the floor uses the higher. numpy reads X twice per step (X.theta,"
  print "then X^T.loss), so 2x is its own floor."
}'
