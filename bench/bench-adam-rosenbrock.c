/* bench-adam-rosenbrock.c — steps per second of the real run loop:
 * a GsRun on Rosenbrock with Adam (lr 0.001, default betas) from (−1.5, 2),
 * gs_run_step in a loop. Each step is what a real run does: the update,
 * the objective and its gradient at the new θ, the gradient norm, the
 * status checks and the trace append.
 *
 * Usage: bench-adam-rosenbrock [--steps N] [--reps R] [--check K]
 * Prints key/value lines (see bench/run-bench.sh):
 *   adam_steps            N        steps per repetition
 *   adam_steps_per_s      best of R repetitions
 *   adam_steps_per_s_all  every repetition
 *   adam_theta K x y      θ after K steps, for the comparison with torch
 */
#include "bench-common.h"
#include "bench-run.h"

#include "gs-run.h"

#include <stdio.h>
#include <stdlib.h>

static GsRun *
make_run (guint64 max_steps)
{
  g_autoptr (GsProblem) problem = NULL;
  const GsOptimizerInfo *adam = gs_optimizer_lookup ("adam");
  GsRunConfig config;
  const double start[2] = { -1.5, 2.0 };

  problem = gs_problem_new_function (gs_function_lookup ("rosenbrock"));
  gs_run_config_init (&config, adam);
  config.optimizer_values.values[0][0] = 0.001;   /* lr (also the default) */
  config.max_steps = max_steps;
  return gs_run_new (problem, &config, start, 0);
}

int
main (int argc, char **argv)
{
  guint64 steps = bench_arg_u64 (argc, argv, "--steps", 20000000);
  guint reps = (guint) bench_arg_u64 (argc, argv, "--reps", 5);
  guint64 check = bench_arg_u64 (argc, argv, "--check", 1000);
  g_autoptr (GsRun) run = NULL;
  g_autoptr (GString) all = g_string_new (NULL);
  double best = 0.0;
  const double *theta;

  /* The comparison with torch: θ after `check` steps. */
  run = make_run (check);
  while (gs_run_step (run) == GS_STATUS_RUNNING)
    ;
  if (gs_run_get_step (run) != check)
    {
      fprintf (stderr, "bench-adam-rosenbrock: the run stopped at step %" G_GUINT64_FORMAT
               " (%s)\n", gs_run_get_step (run),
               gs_status_to_string (gs_run_get_status (run)));
      return EXIT_FAILURE;
    }
  theta = gs_run_get_theta (run);
  printf ("adam_theta %" G_GUINT64_FORMAT " %.17g %.17g\n", check, theta[0], theta[1]);
  g_clear_pointer (&run, gs_run_free);

  /* The timing: a run long enough never to stop, reset before each rep. */
  run = make_run (G_MAXUINT64 / 2);
  if (!bench_time_run (run, steps, reps, "bench-adam-rosenbrock", &best, all))
    return EXIT_FAILURE;

  printf ("adam_steps %" G_GUINT64_FORMAT "\n", steps);
  printf ("adam_steps_per_s %.6g\n", best);
  printf ("adam_steps_per_s_all%s\n", all->str);
  printf ("adam_final_theta %.17g %.17g\n", gs_run_get_theta (run)[0],
          gs_run_get_theta (run)[1]);
  return EXIT_SUCCESS;
}
