/* bench-mlp.c — steps per second of the real run loop training an MLP:
 * 2-64-64-2 tanh (softmax cross-entropy) on the 10 000-point two-arm
 * "spiral", minibatches of 128 from a per-epoch shuffle, Adam (lr 0.001,
 * default betas), float64. A GsRun from gs_run_new, gs_run_step in a loop:
 * each step is the Adam update, then the next minibatch gathered, its
 * forward and backward pass, the finiteness and stop checks and the trace
 * append. The full 10 000-point objective is evaluated at row 0 only (or
 * every --eval-every rows when asked): the peer, like any PyTorch training
 * loop, does no full-data pass either.
 *
 * Usage: bench-mlp [--steps N] [--reps R] [--eval-every E]
 *                  [--check K --dump DIR]
 * --dump DIR writes what peers/mlp_torch.py needs to redo the first K
 * steps with the same numbers (see there): data.f64 (x0 x1 label per row),
 * theta0.f64, rows.u32 (the K minibatches' row indices, −1 padded to 128)
 * and thetaK.f64.
 * Prints key/value lines (see bench/run-bench.sh):
 *   mlp_steps            N        steps per repetition
 *   mlp_steps_per_s      best of R repetitions
 *   mlp_steps_per_s_all  every repetition
 *   mlp_params           parameters of the network
 *   mlp_trace_rows / mlp_trace_mb   the trace's capacity and its rows' memory
 *   mlp_parts_us ...     one step's parts, µs (forward+backward, Adam, trace)
 */
#include "bench-common.h"
#include "bench-run.h"
#include "bench-spiral.h"

#include "gs-run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#define BATCH      128
#define SHUFFLE    3

static GsRun *
make_run (GsProblem *problem, guint64 max_steps, guint eval_every)
{
  GsRunConfig config;

  gs_run_config_init (&config, gs_optimizer_lookup ("adam"));
  config.optimizer_values.values[0][0] = 0.001;   /* lr (torch's default) */
  config.max_steps = max_steps;
  config.batch_size = BATCH;
  config.eval_every = eval_every;
  config.shuffle_seed = SHUFFLE;
  return gs_run_new (problem, &config, NULL, 0);
}

static gboolean
write_file (const char *dir, const char *name, const void *data, gsize size)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  if (!g_file_set_contents (path, data, (gssize) size, &error))
    {
      fprintf (stderr, "bench-mlp: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

/* The first k steps' numbers for the peer: the data, θ0, the minibatches
 * (drawn as gs-run.c draws them: a Fisher–Yates shuffle of 0…m−1 from the
 * run's seed every epoch, batches in order, the last one short) and θ_k. */
static gboolean
dump_check (GsProblem *problem, guint64 k, const char *dir)
{
  const GsDataset *data = gs_problem_get_data (problem);
  guint m = data->n_rows, n = gs_problem_get_n_params (problem);
  g_autofree double *xy = g_new (double, 3 * (gsize) m);
  g_autofree double *theta0 = g_new (double, n);
  g_autofree guint32 *rows = g_new (guint32, k * BATCH);
  g_autofree guint *perm = g_new (guint, m);
  g_autoptr (GsRun) run = make_run (problem, k, G_MAXUINT);
  guint pos = m;
  GsRng rng;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      fprintf (stderr, "bench-mlp: %s: %s\n", dir, g_strerror (errno));
      return FALSE;
    }
  for (guint i = 0; i < m; i++)
    {
      xy[3 * i] = gs_dataset_row (data, i)[1];
      xy[3 * i + 1] = gs_dataset_row (data, i)[2];
      xy[3 * i + 2] = data->y[i];
    }
  gs_problem_get_default_start (problem, theta0);

  gs_rng_init (&rng, SHUFFLE);
  for (guint64 s = 0; s < k; s++)
    {
      guint b;

      if (pos >= m)
        {
          for (guint i = 0; i < m; i++)
            perm[i] = i;
          gs_rng_shuffle (&rng, perm, m);
          pos = 0;
        }
      b = MIN (BATCH, m - pos);
      for (guint i = 0; i < BATCH; i++)
        rows[s * BATCH + i] = i < b ? perm[pos + i] : G_MAXUINT32;
      pos += b;
    }

  while (gs_run_step (run) == GS_STATUS_RUNNING)
    ;
  if (gs_run_get_step (run) != k)
    {
      fprintf (stderr, "bench-mlp: the check run stopped at step %" G_GUINT64_FORMAT " (%s)\n",
               gs_run_get_step (run), gs_status_to_string (gs_run_get_status (run)));
      return FALSE;
    }
  return write_file (dir, "data.f64", xy, sizeof (double) * 3 * m)
         && write_file (dir, "theta0.f64", theta0, sizeof (double) * n)
         && write_file (dir, "rows.u32", rows, sizeof (guint32) * k * BATCH)
         && write_file (dir, "thetaK.f64", gs_run_get_theta (run), sizeof (double) * n);
}

/* One step's parts, each timed alone over `steps` repetitions: the
 * minibatch objective and gradient (gather, forward, backward), the Adam
 * update, the trace append (of rows with a noisy batch loss). µs per
 * step. */
static void
time_parts (GsProblem *problem, guint64 steps)
{
  guint n = gs_problem_get_n_params (problem);
  const GsOptimizerInfo *adam = gs_optimizer_lookup ("adam");
  GsParamValues values;
  g_autofree double *theta = g_new (double, n);
  g_autofree double *grad = g_new (double, n);
  g_autofree double *work = g_new (double, gs_problem_get_work_size (problem));
  g_autofree guint *rows = g_new (guint, BATCH);
  g_autofree double *row = g_new0 (double, GS_ROW_FIELDS + n);
  g_autoptr (GsTrace) trace = gs_trace_new (n, 0);
  GsOptimizerState *state;
  double t0, t_pass, t_adam, t_trace, sum = 0.0;
  GsRng rng;

  gs_problem_get_default_start (problem, theta);
  gs_rng_init (&rng, 5);
  for (guint i = 0; i < BATCH; i++)
    rows[i] = (guint) (gs_rng_uniform (&rng) * SPIRAL_SAMPLES);

  t0 = bench_now ();
  for (guint64 s = 0; s < steps; s++)
    sum += gs_problem_objective (problem, NULL, theta, rows, BATCH, grad, work);
  t_pass = bench_now () - t0;
  bench_keep (sum);

  gs_param_values_init (&values, adam->params, adam->n_params);
  state = gs_optimizer_state_new (adam, &values, n);
  t0 = bench_now ();
  for (guint64 s = 0; s < steps; s++)
    gs_optimizer_step (adam, &values, state, 1e-9, theta, grad);
  t_adam = bench_now () - t0;
  gs_optimizer_state_free (state);

  t0 = bench_now ();
  for (guint64 s = 0; s < steps; s++)
    {
      ((GsRow *) row)->step = (double) s;
      /* a noisy batch loss, as a minibatch run's */
      ((GsRow *) row)->batch_loss = 0.5 + 0.1 * gs_rng_uniform (&rng);
      gs_trace_append (trace, (GsRow *) row);
    }
  t_trace = bench_now () - t0;

  printf ("mlp_parts_us %.3f %.3f %.3f\n", 1e6 * t_pass / steps, 1e6 * t_adam / steps,
          1e6 * t_trace / steps);
}

int
main (int argc, char **argv)
{
  guint64 steps = bench_arg_u64 (argc, argv, "--steps", 20000);
  guint reps = (guint) bench_arg_u64 (argc, argv, "--reps", 3);
  guint64 check = bench_arg_u64 (argc, argv, "--check", 100);
  guint eval_every = (guint) bench_arg_u64 (argc, argv, "--eval-every", G_MAXUINT);
  const char *dump = bench_arg (argc, argv, "--dump");
  gboolean float32 = bench_arg_flag (argc, argv, "--float32");
  g_autoptr (GsProblem) problem = bench_spiral_problem_full (float32);
  g_autoptr (GsRun) run = NULL;
  g_autoptr (GString) all = g_string_new (NULL);
  guint n = gs_problem_get_n_params (problem);
  double best = 0.0;

  if (dump && !dump_check (problem, check, dump))
    return EXIT_FAILURE;

  /* a run long enough never to stop, reset before each repetition (the
   * reset makes row 0, with its full-data evaluation, outside the clock) */
  run = make_run (problem, G_MAXUINT64 / 2, eval_every == 0 ? G_MAXUINT : eval_every);
  if (!bench_time_run (run, steps, reps, "bench-mlp", &best, all))
    return EXIT_FAILURE;

  printf ("mlp_steps %" G_GUINT64_FORMAT "\n", steps);
  printf ("mlp_steps_per_s %.6g\n", best);
  printf ("mlp_steps_per_s_all%s\n", all->str);
  printf ("mlp_batch_loss %.6g\n", gs_run_get_last_row (run)->batch_loss);
  printf ("mlp_params %u\n", n);
  {
    GsTrace *trace = gs_run_get_trace (run);

    printf ("mlp_trace_rows %u\n", gs_trace_get_capacity (trace));
    printf ("mlp_trace_mb %.2f\n", (double) gs_trace_get_capacity (trace)
            * gs_trace_row_width (trace) * sizeof (double) / 1e6);
  }
  time_parts (problem, MIN (steps, 5000));
  return EXIT_SUCCESS;
}
