/* bench-study.c — a 200-run learning-rate sweep on a 2-D function: Adam
 * on Rosenbrock from (−1.5, 2), 3000 steps per run (the default
 * experiment's), lr log-spaced over 1e-4…1, on 1 and on 2 worker threads.
 *
 * Usage: bench-study [--points N] [--reps R]
 * Prints key/value lines (see bench/run-bench.sh):
 *   study_runs            runs in the sweep
 *   study_s_1 / study_s_2 best seconds of R repetitions, 1 and 2 threads
 *   study_runs_per_s      runs per second on 2 threads
 *   study_speedup         study_s_1 / study_s_2
 *   study_steps           update steps done in the sweep (runs stop early
 *                         when they converge or diverge) */
#include "bench-common.h"

#include "gs-study.h"

#include <stdio.h>
#include <stdlib.h>

static const char *experiment =
  "{\"problem\": {\"type\": \"function\", \"name\": \"rosenbrock\"}, \"start\": [-1.5, 2.0],"
  " \"max_steps\": 3000, \"stop\": {\"loss_below\": 1e-10},"
  " \"runs\": [{\"optimizer\": {\"name\": \"adam\", \"lr\": 0.05}}]}";

static double
time_sweep (GsExperiment *exp, guint points, guint threads, guint64 *steps)
{
  GsStudySpec spec;
  g_autoptr(GsStudy) study = NULL;
  const GsStudyCell *cells;
  guint n;
  double t0;

  gs_study_spec_init (&spec, GS_STUDY_LR_SWEEP);
  spec.lo = 1e-4;
  spec.hi = 1;
  spec.points = points;
  spec.n_threads = threads;
  study = gs_study_new (exp, &spec, NULL);
  t0 = bench_now ();
  if (!gs_study_run (study))
    {
      fprintf (stderr, "bench-study: the sweep did not complete\n");
      exit (EXIT_FAILURE);
    }
  t0 = bench_now () - t0;
  cells = gs_study_get_cells (study, &n);
  *steps = 0;
  for (guint i = 0; i < n; i++)
    *steps += cells[i].steps;
  return t0;
}

int
main (int argc, char **argv)
{
  guint points = (guint) bench_arg_u64 (argc, argv, "--points", 200);
  guint reps = (guint) bench_arg_u64 (argc, argv, "--reps", 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(GsExperiment) exp = gs_experiment_new_from_data (experiment, -1, "bench.json",
                                                              NULL, &error);
  double best[3] = { INFINITY, INFINITY, INFINITY };
  guint64 steps = 0;

  if (exp == NULL)
    {
      fprintf (stderr, "bench-study: %s\n", error->message);
      return EXIT_FAILURE;
    }
  for (guint r = 0; r < reps; r++)
    for (guint threads = 1; threads <= 2; threads++)
      best[threads] = MIN (best[threads], time_sweep (exp, points, threads, &steps));
  printf ("study_runs %u\n", points);
  printf ("study_s_1 %.4f\n", best[1]);
  printf ("study_s_2 %.4f\n", best[2]);
  printf ("study_runs_per_s %.1f\n", points / best[2]);
  printf ("study_speedup %.2f\n", best[1] / best[2]);
  printf ("study_steps %" G_GUINT64_FORMAT "\n", steps);
  return EXIT_SUCCESS;
}
