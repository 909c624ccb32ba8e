/* test-engine.c — the worker thread: commands, snapshots, live changes */
#include <glib.h>
#include <math.h>

#include "gs-engine.h"

static const char *two_runs =
  "{\"problem\": {\"type\": \"function\", \"name\": \"quadratic\"}, \"start\": [4, 1],"
  " \"max_steps\": 100000,"
  " \"runs\": [{\"label\": \"diverges\", \"optimizer\": {\"name\": \"sgd\", \"lr\": 0.3}},"
  "          {\"label\": \"fine\", \"optimizer\": {\"name\": \"sgd\", \"lr\": 0.05}}]}";

static GsExperiment *
experiment (const char *text)
{
  g_autoptr(GError) error = NULL;
  GsExperiment *exp = gs_experiment_new_from_data (text, -1, "engine.json", NULL, &error);

  g_assert_no_error (error);
  return exp;
}

static void
test_step_and_reset (void)
{
  g_autoptr(GsExperiment) exp = experiment (two_runs);
  GsEngine *engine = gs_engine_new ();
  GsRunSnapshot s;

  gs_engine_load_experiment (engine, exp);
  gs_engine_sync (engine);
  g_assert_cmpuint (gs_engine_get_n_runs (engine), ==, 2);
  g_assert_true (gs_engine_get_snapshot (engine, 1, &s));
  g_assert_cmpuint (s.step, ==, 0);
  g_assert_cmpfloat (s.theta[0], ==, 4.0);
  g_assert_false (gs_engine_is_playing (engine));

  /* step: exactly one update of every run */
  gs_engine_step (engine);
  gs_engine_sync (engine);
  gs_engine_get_snapshot (engine, 1, &s);
  g_assert_cmpuint (s.step, ==, 1);
  g_assert_cmpfloat (s.theta[0], ==, 4.0 - 0.05 * 4.0);
  gs_engine_get_snapshot (engine, 0, &s);
  g_assert_cmpuint (s.step, ==, 1);
  g_assert_cmpuint (gs_engine_get_n_rows (engine, 1, NULL), ==, 2);
  g_assert_cmpuint (gs_engine_get_serial (engine), ==, 2);

  /* reset: row 0 again; with a start, from there */
  gs_engine_reset (engine, NULL);
  gs_engine_sync (engine);
  gs_engine_get_snapshot (engine, 1, &s);
  g_assert_cmpuint (s.step, ==, 0);
  g_assert_cmpfloat (s.theta[0], ==, 4.0);
  {
    const double start[2] = { -2.0, 0.5 };
    gs_engine_reset (engine, start);
    gs_engine_sync (engine);
    gs_engine_get_snapshot (engine, 0, &s);
    g_assert_cmpfloat (s.theta[0], ==, -2.0);
    g_assert_cmpfloat (s.theta[1], ==, 0.5);
    g_assert_cmpfloat (s.loss, ==, 0.5 * 4 + 5 * 0.25);
  }
  gs_engine_free (engine);
}

static void
test_play_divergence (void)
{
  g_autoptr(GsExperiment) exp = experiment (two_runs);
  GsEngine *engine = gs_engine_new ();
  GsRunSnapshot bad, good;
  guint64 before;

  gs_engine_load_experiment (engine, exp);
  gs_engine_sync (engine);
  gs_engine_play (engine);
  g_assert_true (gs_engine_is_playing (engine));
  /* unthrottled: the diverging run ends, the other goes on */
  do
    {
      g_usleep (1000);
      g_assert_true (gs_engine_get_snapshot (engine, 0, &bad));
    }
  while (bad.status == GS_STATUS_RUNNING);
  g_assert_cmpint (bad.status, ==, GS_STATUS_DIVERGED);
  do
    {
      g_usleep (1000);
      g_assert_true (gs_engine_get_snapshot (engine, 1, &good));
    }
  while (good.step <= bad.step);
  g_assert_cmpint (good.status, !=, GS_STATUS_DIVERGED);

  gs_engine_pause (engine);
  gs_engine_sync (engine);
  g_assert_false (gs_engine_is_playing (engine));
  before = gs_engine_get_serial (engine);
  g_usleep (20000);
  g_assert_cmpuint (gs_engine_get_serial (engine), ==, before);
  gs_engine_free (engine);
}

static void
test_live_config (void)
{
  g_autoptr(GsExperiment) exp = experiment (two_runs);
  GsEngine *engine = gs_engine_new ();
  GsRunConfig config;
  GsRunSnapshot s;
  g_autofree double *rows = NULL;
  guint n;
  gsize width = GS_ROW_FIELDS + 2;

  gs_engine_load_experiment (engine, exp);
  gs_engine_set_speed (engine, 2000);
  gs_engine_play (engine);
  g_usleep (20000);

  gs_experiment_get_run_config (exp, 1, &config);
  config.optimizer_values.values[0][0] = 0.01;
  gs_engine_set_config (engine, 1, &config);
  gs_engine_sync (engine);
  gs_engine_get_snapshot (engine, 1, &s);
  g_assert_cmpfloat (s.lr, ==, 0.01);
  g_usleep (20000);
  gs_engine_pause (engine);
  gs_engine_sync (engine);

  /* the rows after the change show the new lr, the ones before the old */
  n = gs_engine_get_n_rows (engine, 1, NULL);
  rows = g_new (double, n * width);
  g_assert_cmpuint (gs_engine_copy_rows (engine, 1, 0, n, rows, NULL), ==, n);
  g_assert_cmpfloat (gs_row_at (rows, width, 0)->lr, ==, 0.05);
  g_assert_cmpfloat (gs_row_at (rows, width, n - 1)->lr, ==, 0.01);
  for (guint i = 1; i < n; i++)
    {
      GsRow *prev = gs_row_at (rows, width, i - 1);
      GsRow *row = gs_row_at (rows, width, i);
      /* θ_k+1 = θ_k − lr_k·θ_k for x: each row follows from the one before */
      g_assert_cmpfloat (row->theta[0], ==, prev->theta[0] - prev->lr * prev->theta[0]);
      g_assert_true (prev->lr >= row->lr);
    }
  gs_engine_free (engine);
}

static void
test_threshold (void)
{
  g_autoptr(GsExperiment) exp = experiment (two_runs);
  GsEngine *engine = gs_engine_new ();
  GsRunSnapshot s;
  double x = 4, y = 1;
  guint64 k = 0;

  gs_engine_load_experiment (engine, exp);
  gs_engine_set_threshold (engine, 1e-3);
  for (int i = 0; i < 300; i++)
    gs_engine_step (engine);
  gs_engine_sync (engine);
  gs_engine_get_snapshot (engine, 1, &s);
  while (!(0.5 * x * x + 5 * y * y < 1e-3))
    {
      x = x - 0.05 * x;
      y = y - 0.05 * (10 * y);
      k++;
    }
  g_assert_cmpuint (s.steps_to_threshold, ==, k);
  gs_engine_get_snapshot (engine, 0, &s);
  g_assert_cmpuint (s.steps_to_threshold, ==, G_MAXUINT64);
  gs_engine_free (engine);
}

/* First k at which GD on 0.5x² + 5y² from (4, 1) with lr 0.05 has a loss
 * below `threshold`: x ← x − lr·x, y ← y − lr·10y, step by step in doubles
 * as the run computes them. */
static guint64
gd_steps_below (double threshold)
{
  double x = 4, y = 1;
  guint64 k = 0;

  while (!(0.5 * x * x + 5 * y * y < threshold))
    {
      x = x - 0.05 * x;
      y = y - 0.05 * (10 * y);
      k++;
    }
  return k;
}

/* The same analytically: each coordinate scales by (1 − lr·λ) per step,
 * λ = 1 for x and 10 for y, so loss_k = 8·0.95^2k + 5·0.5^2k. */
static guint64
gd_steps_below_analytic (double threshold)
{
  guint64 k = 0;

  while (!(8 * pow (0.95, 2.0 * k) + 5 * pow (0.5, 2.0 * k) < threshold))
    k++;
  return k;
}

static guint64
steps_to_threshold (GsEngine *engine, guint run)
{
  GsRunSnapshot s;

  g_assert_true (gs_engine_get_snapshot (engine, run, &s));
  return s.steps_to_threshold;
}

/* A threshold set after the run went below it: the step comes from the
 * run's trace, not from the rows that follow. */
static void
test_threshold_after_the_fact (void)
{
  g_autoptr(GsExperiment) exp = experiment (two_runs);
  GsEngine *engine = gs_engine_new ();
  guint64 k3 = gd_steps_below (1e-3), k6 = gd_steps_below (1e-6);
  guint64 k15 = gd_steps_below (1e-15);
  GsRunSnapshot s;

  /* the crossings, two ways */
  g_assert_cmpuint (k3, ==, gd_steps_below_analytic (1e-3));
  g_assert_cmpuint (k6, ==, gd_steps_below_analytic (1e-6));
  g_assert_cmpuint (k15, ==, gd_steps_below_analytic (1e-15));
  g_assert_cmpuint (k3, >, 0);
  g_assert_cmpuint (k3, <, k6);
  g_assert_cmpuint (k6, <, 300);
  g_assert_cmpuint (k15, >, 300);
  g_assert_cmpuint (k15, <, 400);

  gs_engine_load_experiment (engine, exp);
  for (int i = 0; i < 300; i++)
    gs_engine_step (engine);
  gs_engine_sync (engine);
  gs_engine_get_snapshot (engine, 1, &s);
  g_assert_cmpuint (s.step, ==, 300);
  g_assert_cmpint (s.status, ==, GS_STATUS_RUNNING);
  g_assert_cmpfloat (s.loss, <, 1e-6);
  /* no threshold yet */
  g_assert_cmpuint (steps_to_threshold (engine, 1), ==, G_MAXUINT64);

  gs_engine_set_threshold (engine, 1e-3);
  gs_engine_sync (engine);
  g_assert_cmpuint (steps_to_threshold (engine, 1), ==, k3);
  /* the diverged run never went below */
  g_assert_cmpuint (steps_to_threshold (engine, 0), ==, G_MAXUINT64);

  /* a lower one, a later step; one above the start, step 0; none */
  gs_engine_set_threshold (engine, 1e-6);
  gs_engine_sync (engine);
  g_assert_cmpuint (steps_to_threshold (engine, 1), ==, k6);
  gs_engine_set_threshold (engine, 100);
  gs_engine_sync (engine);
  g_assert_cmpuint (steps_to_threshold (engine, 1), ==, 0);
  g_assert_cmpuint (steps_to_threshold (engine, 0), ==, 0);
  gs_engine_set_threshold (engine, NAN);
  gs_engine_sync (engine);
  g_assert_cmpuint (steps_to_threshold (engine, 1), ==, G_MAXUINT64);
  g_assert_cmpuint (steps_to_threshold (engine, 0), ==, G_MAXUINT64);

  /* not reached yet: still counted live from the next rows on */
  gs_engine_set_threshold (engine, 1e-15);
  gs_engine_sync (engine);
  g_assert_cmpuint (steps_to_threshold (engine, 1), ==, G_MAXUINT64);
  for (int i = 0; i < 100; i++)
    gs_engine_step (engine);
  gs_engine_sync (engine);
  g_assert_cmpuint (steps_to_threshold (engine, 1), ==, k15);

  /* and back to an earlier crossing */
  gs_engine_set_threshold (engine, 1e-3);
  gs_engine_sync (engine);
  g_assert_cmpuint (steps_to_threshold (engine, 1), ==, k3);
  gs_engine_free (engine);
}

/* Many quick commands while the worker runs flat out: no crash, no
 * deadlock, every command applied. */
static void
test_stress (void)
{
  g_autoptr(GsExperiment) exp = experiment (two_runs);
  GsEngine *engine = gs_engine_new ();
  GsRunConfig config;

  gs_experiment_get_run_config (exp, 1, &config);
  gs_engine_load_experiment (engine, exp);
  for (guint i = 0; i < 1000; i++)
    {
      gs_engine_play (engine);
      if (i % 7 == 0)
        gs_engine_pause (engine);
      if (i % 11 == 0)
        gs_engine_reset (engine, NULL);
      config.optimizer_values.values[0][0] = 0.01 + 0.0001 * (i % 50);
      gs_engine_set_config (engine, 1, &config);
      if (i % 97 == 0)
        gs_engine_load_experiment (engine, exp);
      if (i % 13 == 0)
        gs_engine_set_speed (engine, i % 2 ? 0 : 500);
    }
  gs_engine_sync (engine);
  g_assert_cmpuint (gs_engine_get_n_runs (engine), ==, 2);
  gs_engine_free (engine);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gradscope/engine/step-and-reset", test_step_and_reset);
  g_test_add_func ("/gradscope/engine/play-divergence", test_play_divergence);
  g_test_add_func ("/gradscope/engine/live-config", test_live_config);
  g_test_add_func ("/gradscope/engine/threshold", test_threshold);
  g_test_add_func ("/gradscope/engine/threshold-after-the-fact", test_threshold_after_the_fact);
  g_test_add_func ("/gradscope/engine/stress", test_stress);
  return g_test_run ();
}
