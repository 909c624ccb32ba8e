/* bench-landscape.c — a loss landscape of the network: the full
 * 10 000-point objective of an MLP 2-64-64-2 tanh (softmax cross-entropy)
 * on the two-arm "spiral" at every node of a 41 × 41 grid over a plane of
 * two random filter-normalized directions through its initial θ, window
 * [−1, 1]², as gs_landscape_compute does it for the app and the CLI: the
 * progressive levels (11, 21, 41, coarse nodes reused) on a thread pool of
 * one worker per processor.
 *
 * float32 (the default precision of pictures of networks): the first
 * layer written out (two inputs), tanh vectorized, the second layer one
 * sgemm per block of 256 rows. float64 (--float64-reps): every node is
 * gs_problem_objective, exactly what a run evaluates.
 *
 * GFLOP/s counts the products done: 2·n_in·n_out per row and layer
 * (2·(2·64 + 64·64 + 64·2) = 8704 flops a row, 87 MFLOP a node); the
 * activations and the loss are not counted. Next to it, what OpenBLAS's
 * sgemm and dgemm reach on one core in the same process on the grid's
 * biggest product, a 10 000 × 64 × 64 gemm.
 *
 * Usage: bench-landscape [--grid N] [--reps R] [--float64-reps R] [--threads T]
 * (T workers; 0, the default: one per processor)
 * Prints key/value lines (see bench/run-bench.sh):
 *   landscape_grid N, landscape_threads T
 *   landscape_s            best float32 seconds of R repetitions
 *   landscape_s_all        every repetition
 *   landscape_gflops       the best repetition's GFLOP/s
 *   landscape_first_ms     job start to the first level's callback, ms
 *   landscape_f64_s / landscape_f64_gflops   float64 (when asked)
 *   landscape_f32_vs_f64   max relative difference of the two grids
 *   sgemm_gflops / dgemm_gflops   one core, 10000 × 64 × 64
 */
#include "bench-common.h"
#include "bench-spiral.h"

#include "gs-blas.h"
#include "gs-landscape.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define PLANE_SEED 1

/* flops of the products of one forward pass over every row */
static double
node_flops (GsProblem *problem)
{
  const GsMlp *mlp = gs_problem_get_mlp (problem);
  double per_row = 0.0;

  for (guint l = 0; l < gs_mlp_get_n_layers (mlp); l++)
    {
      guint in, out;

      gs_mlp_get_layer (mlp, l, &in, &out, NULL);
      per_row += 2.0 * in * out;
    }
  return per_row * gs_problem_get_n_samples (problem);
}

/* GFLOP/s of a 10 000 × 64 × 64 gemm, C = A·Bᵀ, one core, best of 20 */
static double
gemm_gflops (gboolean single)
{
  guint m = SPIRAL_SAMPLES, n = 64, k = 64;
  g_autofree double *a = g_new (double, (gsize) m * k);
  g_autofree double *b = g_new (double, (gsize) n * k);
  g_autofree double *c = g_new (double, (gsize) m * n);
  g_autofree float *af = g_new (float, (gsize) m * k);
  g_autofree float *bf = g_new (float, (gsize) n * k);
  g_autofree float *cf = g_new (float, (gsize) m * n);
  double best = G_MAXDOUBLE;

  for (gsize i = 0; i < (gsize) m * k; i++)
    af[i] = (float) (a[i] = sin ((double) i));
  for (gsize i = 0; i < (gsize) n * k; i++)
    bf[i] = (float) (b[i] = cos ((double) i));
  for (guint r = 0; r < 20; r++)
    {
      double t0 = bench_now ();

      if (single)
        gs_blas_sgemm (FALSE, TRUE, m, n, k, 1.0f, af, k, bf, k, 0.0f, cf, n);
      else
        gs_blas_gemm (FALSE, TRUE, m, n, k, 1.0, a, k, b, k, 0.0, c, n);
      best = MIN (best, bench_now () - t0);
    }
  bench_keep (single ? cf[17] : c[17]);
  return 2.0 * m * n * k / best / 1e9;
}

typedef struct
{
  double t0;
  double first;    /* seconds to the first level */
} First;

static void
on_level (GsLandscapeJob *job, const GsLandscapeGrid *grid, guint level, guint n_levels,
          gpointer user_data)
{
  First *f = user_data;

  if (level == 0)
    f->first = bench_now () - f->t0;
}

/* One grid; returns its seconds and the grid. */
static double
run_grid (const GsLandscapeSpec *spec, GsLandscapeGrid **out)
{
  g_autoptr (GError) error = NULL;
  double t0 = bench_now (), t;

  *out = gs_landscape_compute (spec, NULL, &error);
  t = bench_now () - t0;
  g_assert_no_error (error);
  return t;
}

int
main (int argc, char **argv)
{
  guint n = (guint) bench_arg_u64 (argc, argv, "--grid", 41);
  guint reps = (guint) bench_arg_u64 (argc, argv, "--reps", 3);
  guint reps64 = (guint) bench_arg_u64 (argc, argv, "--float64-reps", 0);
  guint threads = (guint) bench_arg_u64 (argc, argv, "--threads", 0);
  g_autoptr (GsProblem) problem = bench_spiral_problem ();
  g_autoptr (GsPlane) plane = NULL;
  g_autoptr (GsLandscapeGrid) g32 = NULL;
  g_autoptr (GsLandscapeGrid) g64 = NULL;
  g_autoptr (GString) all = g_string_new (NULL);
  g_autofree double *center = g_new (double, gs_problem_get_n_params (problem));
  GsLandscapeSpec spec = { 0 };
  double flops, best = G_MAXDOUBLE, best64 = G_MAXDOUBLE;
  First first = { 0 };

  gs_problem_get_default_start (problem, center);
  plane = gs_plane_new_random (problem, center, PLANE_SEED, TRUE, NULL);
  spec.problem = problem;
  spec.plane = plane;
  spec.n = n;
  spec.window[0] = spec.window[2] = -1.0;
  spec.window[1] = spec.window[3] = 1.0;
  spec.precision = GS_LANDSCAPE_FLOAT32;
  spec.n_threads = threads;
  flops = node_flops (problem) * n * n;

  printf ("landscape_grid %u\n", n);
  printf ("landscape_threads %u\n", threads ? threads : g_get_num_processors ());
  printf ("landscape_nodes %u\n", n * n);
  printf ("landscape_node_mflop %.4g\n", node_flops (problem) / 1e6);

  /* the first level, as the app sees it: a callback on the main context */
  {
    g_autoptr (GsLandscapeJob) job = NULL;

    first.t0 = bench_now ();
    job = gs_landscape_job_new (&spec, NULL, on_level, NULL, &first, NULL);
    while (first.first == 0.0)
      g_main_context_iteration (NULL, TRUE);
    gs_landscape_job_wait (job);
  }
  printf ("landscape_first_ms %.1f\n", 1e3 * first.first);

  for (guint r = 0; r < reps; r++)
    {
      double t;

      g_clear_pointer (&g32, gs_landscape_grid_free);
      t = run_grid (&spec, &g32);
      best = MIN (best, t);
      g_string_append_printf (all, " %.4g", t);
    }
  printf ("landscape_s %.6g\n", best);
  printf ("landscape_s_all%s\n", all->str);
  printf ("landscape_gflops %.4g\n", flops / best / 1e9);
  printf ("landscape_loss_range %.6g %.6g\n", g32->z_min, g32->z_max);

  if (reps64 > 0)
    {
      double worst = 0.0;

      spec.precision = GS_LANDSCAPE_FLOAT64;
      for (guint r = 0; r < reps64; r++)
        {
          g_clear_pointer (&g64, gs_landscape_grid_free);
          best64 = MIN (best64, run_grid (&spec, &g64));
        }
      for (guint k = 0; k < n * n; k++)
        worst = MAX (worst, fabs (g32->z[k] - g64->z[k]) / fabs (g64->z[k]));
      printf ("landscape_f64_s %.6g\n", best64);
      printf ("landscape_f64_gflops %.4g\n", flops / best64 / 1e9);
      printf ("landscape_f32_vs_f64 %.3g\n", worst);
    }

  gs_blas_init ();
  printf ("sgemm_gflops %.4g\n", gemm_gflops (TRUE));
  printf ("dgemm_gflops %.4g\n", gemm_gflops (FALSE));
  return EXIT_SUCCESS;
}
