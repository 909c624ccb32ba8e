/* bench-membw.h — single-thread memory read bandwidth (header only) */
#pragma once

#include "bench-common.h"

typedef double bench_v2d __attribute__ ((vector_size (16)));
typedef double bench_v4d __attribute__ ((vector_size (32)));

/* Σ a[0..n) with eight independent vector accumulators, so the loop is
 * bound by how fast memory delivers the bytes, not by the latency of the
 * adds. Two builds of the same loop: 16-byte vectors (SSE2, the baseline)
 * and 32-byte vectors (AVX2, used only where the CPU has it). */
#define BENCH_DEFINE_SUM(NAME, ATTR, VT, W)                                     \
  ATTR static double                                                            \
  NAME (const double *a, gsize n)                                               \
  {                                                                             \
    VT acc[8];                                                                  \
    double s = 0.0;                                                             \
    gsize i = 0;                                                                \
                                                                                \
    memset (acc, 0, sizeof acc);                                                \
    for (; i + 8 * W <= n; i += 8 * W)                                          \
      for (int k = 0; k < 8; k++)                                               \
        {                                                                       \
          VT v;                                                                 \
                                                                                \
          __builtin_memcpy (&v, a + i + W * k, sizeof v);                       \
          acc[k] += v;                                                          \
        }                                                                       \
    for (int k = 1; k < 8; k++)                                                 \
      acc[0] += acc[k];                                                         \
    for (int k = 0; k < W; k++)                                                 \
      s += acc[0][k];                                                           \
    for (; i < n; i++)                                                          \
      s += a[i];                                                                \
    return s;                                                                   \
  }

BENCH_DEFINE_SUM (bench_sum_v2d, , bench_v2d, 2)
BENCH_DEFINE_SUM (bench_sum_v4d, __attribute__ ((target ("avx2"))), bench_v4d, 4)

static inline double
bench_sum (const double *a, gsize n, gboolean wide)
{
  return wide ? bench_sum_v4d (a, n) : bench_sum_v2d (a, n);
}

/* Best (highest) read bandwidth in bytes/s of summing a[0..n), over reps
 * of each build of the loop. */
static inline double
bench_read_bandwidth (const double *a, gsize n, guint reps)
{
  gboolean have_avx2 = __builtin_cpu_supports ("avx2");
  double best = 0.0;

  for (guint r = 0; r < 2 * reps; r++)
    {
      gboolean wide = have_avx2 && r % 2 == 1;
      double t0 = bench_now (), t1;

      bench_keep (bench_sum (a, n, wide));
      t1 = bench_now ();
      best = MAX (best, (double) (n * sizeof (double)) / (t1 - t0));
    }
  return best;
}
