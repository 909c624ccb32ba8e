/* bench-memory.c — resident memory of 8 runs after 10⁷ steps each
 *
 * The engine alone (no GTK): a GsEngine loaded with 8 runs on Rosenbrock,
 * one per optimizer of the core table, max_steps 10⁸, speed unthrottled,
 * played until every run's snapshot says step ≥ --steps (default 10⁷),
 * polling gs_engine_get_snapshot every 100 ms. VmRSS is read from
 * /proc/self/status before the load, after it, when every run has passed
 * 10⁶ steps (to show that memory stays flat: each trace decimates into a
 * fixed buffer), and at the end, with VmHWM (the peak).
 *
 * Usage: bench-memory [--steps N] [--timeout SECONDS]
 * Prints key/value lines (see bench/run-bench.sh):
 *   memory_runs            8
 *   memory_steps           N, the least step of the 8 runs at the end
 *   memory_rss_start_mb    before the load
 *   memory_rss_loaded_mb   right after the load
 *   memory_rss_1e6_mb      every run ≥ 10⁶ steps
 *   memory_rss_mb          every run ≥ N steps
 *   memory_hwm_mb          peak resident memory of the process
 *   memory_seconds         wall time to get there
 */
#include "bench-common.h"

#include "gs-engine.h"
#include "gs-experiment.h"

#include <stdio.h>
#include <stdlib.h>

#define N_RUNS 8

/* 8 optimizers of the core table on Rosenbrock; none converges or diverges
 * (no stop rule), so all of them step until max_steps. */
static const char experiment_json[] =
  "{\"problem\": {\"type\": \"function\", \"name\": \"rosenbrock\"},"
  " \"start\": [-1.5, 2.0], \"max_steps\": 100000000, \"runs\": ["
  "{\"optimizer\": {\"name\": \"sgd\", \"lr\": 0.0005}},"
  "{\"optimizer\": {\"name\": \"adagrad\", \"lr\": 0.5}},"
  "{\"optimizer\": {\"name\": \"rmsprop\", \"lr\": 0.005}},"
  "{\"optimizer\": {\"name\": \"adadelta\", \"lr\": 1.0}},"
  "{\"optimizer\": {\"name\": \"adam\", \"lr\": 0.05}},"
  "{\"optimizer\": {\"name\": \"adamw\", \"lr\": 0.05}},"
  "{\"optimizer\": {\"name\": \"adamax\", \"lr\": 0.05}},"
  "{\"optimizer\": {\"name\": \"nadam\", \"lr\": 0.02}}"
  "]}";

/* A "Key:   N kB" line of /proc/self/status, in MB (10⁶ bytes); -1 if absent. */
static double
status_mb (const char *key)
{
  g_autofree char *text = NULL;
  gsize len = strlen (key);

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL))
    return -1;
  for (const char *line = text; line && *line; )
    {
      const char *next = strchr (line, '\n');

      if (strncmp (line, key, len) == 0 && line[len] == ':')
        return g_ascii_strtod (line + len + 1, NULL) * 1024 / 1e6;
      line = next ? next + 1 : NULL;
    }
  return -1;
}

/* The least step of every run; FALSE (and a message) when a run stopped. */
static gboolean
min_step (GsEngine *engine, guint64 *out)
{
  guint64 least = G_MAXUINT64;

  for (guint i = 0; i < N_RUNS; i++)
    {
      GsRunSnapshot s;

      if (!gs_engine_get_snapshot (engine, i, &s))
        {
          least = 0;
          continue;
        }
      if (s.status != GS_STATUS_RUNNING)
        {
          fprintf (stderr, "bench-memory: run %u stopped at step %" G_GUINT64_FORMAT " (%s)\n",
                   i, s.step, gs_status_to_string (s.status));
          return FALSE;
        }
      least = MIN (least, s.step);
    }
  *out = least;
  return TRUE;
}

int
main (int argc, char **argv)
{
  guint64 target = bench_arg_u64 (argc, argv, "--steps", 10000000);
  double timeout = (double) bench_arg_u64 (argc, argv, "--timeout", 600);
  g_autoptr(GError) error = NULL;
  g_autoptr(GsExperiment) exp = NULL;
  GsEngine *engine;
  double rss_start, rss_loaded, rss_1e6 = -1, rss_end, hwm, t0, t_end;
  guint64 least = 0;

  rss_start = status_mb ("VmRSS");
  exp = gs_experiment_new_from_data (experiment_json, -1, "bench-memory", NULL, &error);
  if (exp == NULL)
    {
      fprintf (stderr, "bench-memory: %s\n", error->message);
      return 1;
    }
  g_assert (gs_experiment_get_n_runs (exp) == N_RUNS);

  engine = gs_engine_new ();
  gs_engine_set_speed (engine, 0);
  gs_engine_load_experiment (engine, exp);
  gs_engine_sync (engine);
  rss_loaded = status_mb ("VmRSS");

  t0 = bench_now ();
  gs_engine_play (engine);
  for (;;)
    {
      g_usleep (100000);
      if (!min_step (engine, &least))
        return 1;
      if (rss_1e6 < 0 && least >= 1000000)
        rss_1e6 = status_mb ("VmRSS");
      if (least >= target)
        break;
      if (bench_now () - t0 > timeout)
        {
          fprintf (stderr, "bench-memory: %.0f s and the slowest run is at step %"
                   G_GUINT64_FORMAT "\n", timeout, least);
          return 1;
        }
    }
  rss_end = status_mb ("VmRSS");
  hwm = status_mb ("VmHWM");
  t_end = bench_now () - t0;
  gs_engine_pause (engine);
  gs_engine_sync (engine);
  if (rss_1e6 < 0)
    rss_1e6 = rss_end;

  printf ("memory_runs %d\n", N_RUNS);
  printf ("memory_steps %" G_GUINT64_FORMAT "\n", least);
  printf ("memory_rss_start_mb %.1f\n", rss_start);
  printf ("memory_rss_loaded_mb %.1f\n", rss_loaded);
  printf ("memory_rss_1e6_mb %.1f\n", rss_1e6);
  printf ("memory_rss_mb %.1f\n", rss_end);
  printf ("memory_hwm_mb %.1f\n", hwm);
  printf ("memory_seconds %.1f\n", t_end);
  gs_engine_free (engine);
  return 0;
}
