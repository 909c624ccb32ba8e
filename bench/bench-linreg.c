/* bench-linreg.c — the reference article's linear regression, as a real run:
 * n = 100 000 samples of 63 features + intercept (64 columns, float64),
 * full-batch plain gradient descent (sgd, no momentum), 100 steps per rep.
 * A step is gs_run_step: the update, then the MSE, its gradient and the
 * gradient norm at the new θ (one pass over X), the checks and the trace.
 *
 * Also measures the floor: reading X once (51.2 MB) at the single-thread
 * read bandwidth of this machine, measured here in the same process by
 * summing X itself and a large buffer that no cache holds.
 *
 * Usage: bench-linreg [--samples N] [--features D] [--steps S] [--reps R]
 *                     [--buffer-mb MB]
 * Prints key/value lines (see bench/run-bench.sh).
 */
#include "bench-common.h"
#include "bench-membw.h"

#include "gs-run.h"

#include <stdio.h>
#include <stdlib.h>

int
main (int argc, char **argv)
{
  guint samples = (guint) bench_arg_u64 (argc, argv, "--samples", 100000);
  guint features = (guint) bench_arg_u64 (argc, argv, "--features", 63);
  guint steps = (guint) bench_arg_u64 (argc, argv, "--steps", 100);
  guint reps = (guint) bench_arg_u64 (argc, argv, "--reps", 5);
  gsize buffer_mb = bench_arg_u64 (argc, argv, "--buffer-mb", 256);
  g_autoptr (GError) error = NULL;
  g_autoptr (GsProblem) problem = NULL;
  g_autoptr (GsRun) run = NULL;
  g_autoptr (GString) all = g_string_new (NULL);
  g_autofree double *buffer = NULL;
  const GsDataset *data;
  GsDataset *generated;
  GsRunConfig config;
  gsize x_len, buffer_len;
  double best = G_MAXDOUBLE, bw_x = 0.0, bw_buffer = 0.0, x_bytes;

  generated = gs_dataset_generate ("linear", samples, features, 0.1, 1, &error);
  if (generated == NULL)
    {
      fprintf (stderr, "bench-linreg: %s\n", error->message);
      return EXIT_FAILURE;
    }
  problem = gs_problem_new_model (GS_PROBLEM_LINEAR_REGRESSION, generated, &error);
  if (problem == NULL)
    {
      fprintf (stderr, "bench-linreg: %s\n", error->message);
      return EXIT_FAILURE;
    }
  data = gs_problem_get_data (problem);
  x_len = (gsize) data->n_rows * data->cols;
  x_bytes = (double) (x_len * sizeof (double));

  gs_run_config_init (&config, gs_optimizer_lookup ("sgd"));
  config.optimizer_values.values[0][0] = 0.01;   /* lr; momentum 0 by default */
  config.max_steps = G_MAXUINT64 / 2;
  run = gs_run_new (problem, &config, NULL, 0);

  buffer_len = buffer_mb * 1024 * 1024 / sizeof (double);
  buffer = g_new (double, buffer_len);
  for (gsize i = 0; i < buffer_len; i++)
    buffer[i] = (double) (i & 1023);

  /* Each rep: the steps, then the read bandwidth of X itself (what a step
   * has to read) and of the buffer no cache holds, so a slow spell of the
   * machine hits both sides of the ratio alike. */
  for (guint r = 0; r < reps; r++)
    {
      double t0, t1;

      gs_run_reset (run);
      t0 = bench_now ();
      for (guint i = 0; i < steps; i++)
        gs_run_step (run);
      t1 = bench_now ();
      if (gs_run_get_status (run) != GS_STATUS_RUNNING)
        {
          fprintf (stderr, "bench-linreg: the run ended early (%s)\n",
                   gs_status_to_string (gs_run_get_status (run)));
          return EXIT_FAILURE;
        }
      best = MIN (best, (t1 - t0) / steps);
      g_string_append_printf (all, " %.4g", 1e3 * (t1 - t0) / steps);

      bw_x = MAX (bw_x, bench_read_bandwidth (data->x, x_len, 2));
      bw_buffer = MAX (bw_buffer, bench_read_bandwidth (buffer, buffer_len, 1));
    }

  printf ("linreg_shape %u %u\n", data->n_rows, data->cols);
  printf ("linreg_steps %u\n", steps);
  printf ("linreg_ms_per_step %.6g\n", 1e3 * best);
  printf ("linreg_ms_per_step_all%s\n", all->str);
  printf ("linreg_final_loss %.17g\n", gs_run_get_last_loss (run));
  printf ("x_mb %.6g\n", x_bytes / 1e6);
  printf ("bw_x_gbs %.6g\n", bw_x / 1e9);
  printf ("bw_buffer_gbs %.6g\n", bw_buffer / 1e9);
  printf ("buffer_mb %" G_GSIZE_FORMAT "\n", buffer_mb);
  /* The floor: one read of X at the better of the two bandwidths. */
  printf ("floor_ms_per_step %.6g\n", 1e3 * x_bytes / MAX (bw_x, bw_buffer));
  return EXIT_SUCCESS;
}
