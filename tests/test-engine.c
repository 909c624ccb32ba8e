/* test-engine.c — the worker thread: commands, snapshots, live changes */
#include <glib.h>
#include <math.h>

#include "gs-engine.h"
#include "test-gate.h"

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

  guint64 changed_at;

  gs_engine_load_experiment (engine, exp);
  gs_engine_set_speed (engine, 2000);
  gs_engine_play (engine);
  /* some steps at the old lr (the worker yields to busier threads: wait
   * for it rather than for a time) */
  gs_engine_sync (engine);
  do
    g_usleep (2000);
  while (!gs_engine_get_snapshot (engine, 1, &s) || s.step < 5);

  gs_experiment_get_run_config (exp, 1, &config);
  config.optimizer_values.values[0][0] = 0.01;
  gs_engine_set_config (engine, 1, &config);
  gs_engine_sync (engine);
  g_assert_true (gs_engine_get_snapshot (engine, 1, &s));
  g_assert_cmpfloat (s.lr, ==, 0.01);
  changed_at = s.step;
  do
    g_usleep (2000);
  while (!gs_engine_get_snapshot (engine, 1, &s) || s.step < changed_at + 5);
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

/* ---- adding and removing runs ---------------------------------------------------- */

/* Plain GD on 0.5x² + 5y² from (4, 1) with three step sizes: x scales by
 * (1 − lr) per step and y by (1 − 10·lr). */
static const char *three_runs =
  "{\"problem\": {\"type\": \"function\", \"name\": \"quadratic\"}, \"start\": [4, 1],"
  " \"max_steps\": 100000,"
  " \"runs\": [{\"label\": \"a\", \"optimizer\": {\"name\": \"sgd\", \"lr\": 0.05}},"
  "          {\"label\": \"b\", \"optimizer\": {\"name\": \"sgd\", \"lr\": 0.02}},"
  "          {\"label\": \"c\", \"optimizer\": {\"name\": \"sgd\", \"lr\": 0.08}}]}";

#define WIDTH (GS_ROW_FIELDS + 2)

/* Every row of a run as it is now. */
static double *
copy_all (GsEngine *engine, guint run, guint *n, guint *trace_generation)
{
  guint rows = gs_engine_get_n_rows (engine, run, NULL);
  double *out = g_new (double, (gsize) MAX (rows, 1) * WIDTH);

  *n = gs_engine_copy_rows (engine, run, 0, rows, out, trace_generation);
  g_assert_cmpuint (*n, ==, rows);
  return out;
}

/* Rows 0 … n − 1 of a run are the ones copied before, bit for bit. */
static void
assert_rows_kept (GsEngine *engine, guint run, const double *before, guint n_before,
                  guint trace_generation)
{
  guint n, generation;
  g_autofree double *now = copy_all (engine, run, &n, &generation);

  g_assert_cmpuint (generation, ==, trace_generation);
  g_assert_cmpuint (n, >=, n_before);
  g_assert_cmpmem (now, sizeof (double) * n_before * WIDTH, before,
                   sizeof (double) * n_before * WIDTH);
}

/* Every row of a run is GD's closed form: θ_k = ((1 − lr)^k·x0, (1 − 10·lr)^k·y0). */
static void
assert_gd_rows (GsEngine *engine, guint run, double lr, double x0, double y0, guint64 steps)
{
  guint n, generation;
  g_autofree double *rows = copy_all (engine, run, &n, &generation);

  g_assert_cmpuint (n, ==, steps + 1);
  for (guint k = 0; k < n; k++)
    {
      const GsRow *row = gs_row_at (rows, WIDTH, k);
      double x = pow (1 - lr, k) * x0, y = pow (1 - 10 * lr, k) * y0;

      g_assert_cmpfloat (row->step, ==, k);
      g_assert_cmpfloat_with_epsilon (row->theta[0], x, 1e-12 * fabs (x0));
      g_assert_cmpfloat_with_epsilon (row->theta[1], y, 1e-12 * fabs (y0));
      g_assert_cmpfloat (row->lr, ==, lr);
    }
}

/* First step of GD with step size lr whose loss is below threshold, in
 * doubles as the run computes it. */
static guint64
gd_first_below (double lr, double threshold)
{
  double x = 4, y = 1;
  guint64 k = 0;

  while (!(0.5 * x * x + 5 * y * y < threshold))
    {
      x = x - lr * x;
      y = y - lr * (10 * y);
      k++;
    }
  return k;
}

static void
steps (GsEngine *engine, guint n)
{
  for (guint i = 0; i < n; i++)
    gs_engine_step (engine);
  gs_engine_sync (engine);
}

/* Removing the middle one of three runs: the other two keep their steps,
 * traces and steps to threshold, move to indices 0 and 1, and go on. */
static void
test_remove_run (void)
{
  g_autoptr(GsExperiment) exp = experiment (three_runs);
  GsEngine *engine = gs_engine_new ();
  double *before[3];
  guint n_before[3], gen_before[3];
  guint generation;
  guint64 layout, serial;
  GsRunSnapshot s;

  gs_engine_load_experiment (engine, exp);
  gs_engine_set_threshold (engine, 1e-4);
  steps (engine, 100);
  g_assert_false (gs_engine_layout_pending (engine));
  for (guint r = 0; r < 3; r++)
    before[r] = copy_all (engine, r, &n_before[r], &gen_before[r]);
  g_assert_cmpuint (n_before[0], ==, 101);
  generation = gs_engine_get_generation (engine);
  layout = gs_engine_get_layout_serial (engine);
  serial = gs_engine_get_serial (engine);
  /* c (lr 0.08) went below 1e-4 on the way, a (0.05) and b (0.02) not yet */
  g_assert_cmpuint (gd_first_below (0.08, 1e-4), <, 100);
  g_assert_cmpuint (gd_first_below (0.05, 1e-4), >, 100);

  gs_engine_remove_run (engine, 1);
  gs_engine_sync (engine);
  g_assert_false (gs_engine_layout_pending (engine));
  g_assert_cmpuint (gs_engine_get_n_runs (engine), ==, 2);
  /* the indices changed, the runs that stay did not */
  g_assert_cmpuint (gs_engine_get_layout_serial (engine), !=, layout);
  g_assert_cmpuint (gs_engine_get_generation (engine), ==, generation);
  g_assert_cmpuint (gs_engine_get_serial (engine), ==, serial);

  g_assert_true (gs_engine_get_snapshot (engine, 0, &s));
  g_assert_cmpuint (s.step, ==, 100);
  g_assert_cmpfloat (s.lr, ==, 0.05);
  g_assert_cmpuint (s.steps_to_threshold, ==, G_MAXUINT64);
  g_assert_true (gs_engine_get_snapshot (engine, 1, &s));
  g_assert_cmpuint (s.step, ==, 100);
  g_assert_cmpfloat (s.lr, ==, 0.08);
  g_assert_cmpuint (s.steps_to_threshold, ==, gd_first_below (0.08, 1e-4));
  g_assert_false (gs_engine_get_snapshot (engine, 2, &s));
  assert_rows_kept (engine, 0, before[0], n_before[0], gen_before[0]);
  assert_rows_kept (engine, 1, before[2], n_before[2], gen_before[2]);

  /* and they go on where they were */
  steps (engine, 50);
  g_assert_cmpuint (gs_engine_get_serial (engine), ==, serial + 100);
  assert_rows_kept (engine, 0, before[0], n_before[0], gen_before[0]);
  assert_rows_kept (engine, 1, before[2], n_before[2], gen_before[2]);
  assert_gd_rows (engine, 0, 0.05, 4, 1, 150);
  assert_gd_rows (engine, 1, 0.08, 4, 1, 150);
  g_assert_true (gs_engine_get_snapshot (engine, 0, &s));
  g_assert_cmpuint (s.steps_to_threshold, ==, gd_first_below (0.05, 1e-4));

  /* an index that is not there: nothing happens */
  layout = gs_engine_get_layout_serial (engine);
  gs_engine_remove_run (engine, 2);
  gs_engine_sync (engine);
  g_assert_cmpuint (gs_engine_get_n_runs (engine), ==, 2);
  g_assert_cmpuint (gs_engine_get_layout_serial (engine), ==, layout);

  /* down to none, and one again */
  gs_engine_remove_run (engine, 0);
  gs_engine_remove_run (engine, 0);
  gs_engine_sync (engine);
  g_assert_cmpuint (gs_engine_get_n_runs (engine), ==, 0);
  g_assert_cmpuint (gs_engine_get_n_rows (engine, 0, NULL), ==, 0);
  steps (engine, 3);
  {
    GsRunConfig config;

    gs_experiment_get_run_config (exp, 1, &config);
    g_assert_cmpuint (gs_engine_add_run (engine, exp->problem, &config, exp->start), ==, 0);
    steps (engine, 3);
    assert_gd_rows (engine, 0, 0.02, 4, 1, 3);
  }

  for (guint r = 0; r < 3; r++)
    g_free (before[r]);
  gs_engine_free (engine);
}

/* A run added after 30 steps starts at step 0 with its own settings and
 * budget; the others' rows stay as they were and they go on. */
static void
test_add_run (void)
{
  g_autoptr(GsExperiment) exp = experiment (three_runs);
  GsEngine *engine = gs_engine_new ();
  double *before[3];
  guint n_before[3], gen_before[3];
  GsRunConfig config;
  GsRunSnapshot s;
  guint generation;
  guint64 layout;
  double start[2];

  gs_engine_load_experiment (engine, exp);
  steps (engine, 30);
  for (guint r = 0; r < 3; r++)
    before[r] = copy_all (engine, r, &n_before[r], &gen_before[r]);
  generation = gs_engine_get_generation (engine);
  layout = gs_engine_get_layout_serial (engine);

  gs_experiment_get_run_config (exp, 0, &config);
  config.optimizer_values.values[0][0] = 0.04;
  config.max_steps = 20;
  /* its index is known at once */
  g_assert_cmpuint (gs_engine_add_run (engine, exp->problem, &config, exp->start), ==, 3);
  gs_engine_sync (engine);
  g_assert_false (gs_engine_layout_pending (engine));
  g_assert_cmpuint (gs_engine_get_n_runs (engine), ==, 4);
  g_assert_cmpuint (gs_engine_get_layout_serial (engine), !=, layout);
  g_assert_cmpuint (gs_engine_get_generation (engine), ==, generation);

  g_assert_true (gs_engine_get_snapshot (engine, 3, &s));
  g_assert_cmpuint (s.step, ==, 0);
  g_assert_cmpint (s.status, ==, GS_STATUS_RUNNING);
  g_assert_cmpfloat (s.lr, ==, 0.04);
  g_assert_cmpfloat (s.theta[0], ==, 4);
  g_assert_cmpfloat (s.theta[1], ==, 1);
  g_assert_cmpfloat (s.loss, ==, 0.5 * 16 + 5 * 1);
  g_assert_cmpuint (gs_engine_get_n_rows (engine, 3, NULL), ==, 1);
  for (guint r = 0; r < 3; r++)
    {
      g_assert_true (gs_engine_get_snapshot (engine, r, &s));
      g_assert_cmpuint (s.step, ==, 30);
      assert_rows_kept (engine, r, before[r], n_before[r], gen_before[r]);
    }

  /* 25 more: the new run stops at its own max steps, the others go on */
  steps (engine, 25);
  g_assert_true (gs_engine_get_snapshot (engine, 3, &s));
  g_assert_cmpuint (s.step, ==, 20);
  g_assert_cmpint (s.status, ==, GS_STATUS_MAX_STEPS);
  assert_gd_rows (engine, 3, 0.04, 4, 1, 20);
  {
    const double lrs[] = { 0.05, 0.02, 0.08 };

    for (guint r = 0; r < 3; r++)
      {
        g_assert_true (gs_engine_get_snapshot (engine, r, &s));
        g_assert_cmpuint (s.step, ==, 55);
        g_assert_cmpint (s.status, ==, GS_STATUS_RUNNING);
        assert_rows_kept (engine, r, before[r], n_before[r], gen_before[r]);
        assert_gd_rows (engine, r, lrs[r], 4, 1, 55);
      }
  }

  /* without a start: the problem's default one */
  gs_experiment_get_run_config (exp, 1, &config);
  g_assert_cmpuint (gs_engine_add_run (engine, exp->problem, &config, NULL), ==, 4);
  gs_engine_sync (engine);
  gs_problem_get_default_start (exp->problem, start);
  g_assert_true (gs_engine_get_snapshot (engine, 4, &s));
  g_assert_cmpuint (s.step, ==, 0);
  g_assert_cmpfloat (s.theta[0], ==, start[0]);
  g_assert_cmpfloat (s.theta[1], ==, start[1]);

  /* adds and removes in a row, none applied yet: each index counts the
   * ones before; the runs end up in that order */
  gs_engine_pause (engine);
  gs_engine_remove_run (engine, 4);   /* 4 runs: a b c new */
  gs_engine_remove_run (engine, 3);   /* a b c */
  gs_engine_remove_run (engine, 0);   /* b c */
  config.optimizer_values.values[0][0] = 0.01;
  g_assert_cmpuint (gs_engine_add_run (engine, exp->problem, &config, exp->start), ==, 2);
  gs_engine_remove_run (engine, 0);   /* c 0.01 */
  config.optimizer_values.values[0][0] = 0.03;
  g_assert_cmpuint (gs_engine_add_run (engine, exp->problem, &config, exp->start), ==, 2);
  gs_engine_sync (engine);
  g_assert_cmpuint (gs_engine_get_n_runs (engine), ==, 3);
  {
    const double lrs[] = { 0.08, 0.01, 0.03 };
    const guint64 at[] = { 55, 0, 0 };

    for (guint r = 0; r < 3; r++)
      {
        g_assert_true (gs_engine_get_snapshot (engine, r, &s));
        g_assert_cmpfloat (s.lr, ==, lrs[r]);
        g_assert_cmpuint (s.step, ==, at[r]);
      }
  }
  assert_rows_kept (engine, 0, before[2], n_before[2], gen_before[2]);

  for (guint r = 0; r < 3; r++)
    g_free (before[r]);
  gs_engine_free (engine);
}


/* Until the worker gets to an add or a remove, the readers see the runs
 * of before, and say so. */
static void
test_layout_pending (void)
{
  g_autoptr(GsExperiment) exp = experiment (three_runs);
  GsEngine *engine = gs_engine_new ();
  GsTestGate gate;
  GsRunConfig config;
  GsRunSnapshot s;
  guint64 layout;

  gs_test_gate_init (&gate);
  gs_engine_load_experiment (engine, exp);
  steps (engine, 10);
  layout = gs_engine_get_layout_serial (engine);
  g_assert_false (gs_engine_layout_pending (engine));

  gs_engine_call (engine, gs_test_gate_wait, &gate);
  gs_engine_remove_run (engine, 0);
  gs_experiment_get_run_config (exp, 0, &config);
  g_assert_cmpuint (gs_engine_add_run (engine, exp->problem, &config, exp->start), ==, 2);
  g_usleep (10000);
  g_assert_true (gs_engine_layout_pending (engine));
  g_assert_cmpuint (gs_engine_get_layout_serial (engine), ==, layout);
  g_assert_cmpuint (gs_engine_get_n_runs (engine), ==, 3);
  g_assert_true (gs_engine_get_snapshot (engine, 0, &s));
  g_assert_cmpfloat (s.lr, ==, 0.05);

  gs_test_gate_open (&gate);
  gs_engine_sync (engine);
  g_assert_false (gs_engine_layout_pending (engine));
  g_assert_cmpuint (gs_engine_get_layout_serial (engine), ==, layout + 2);
  g_assert_cmpuint (gs_engine_get_n_runs (engine), ==, 3);
  g_assert_true (gs_engine_get_snapshot (engine, 0, &s));
  g_assert_cmpfloat (s.lr, ==, 0.02);
  g_assert_cmpuint (s.step, ==, 10);
  g_assert_true (gs_engine_get_snapshot (engine, 2, &s));
  g_assert_cmpfloat (s.lr, ==, 0.05);
  g_assert_cmpuint (s.step, ==, 0);
  gs_engine_free (engine);
  gs_test_gate_clear (&gate);
}

static guint64
step_of (GsEngine *engine, guint run)
{
  GsRunSnapshot s;

  g_assert_true (gs_engine_get_snapshot (engine, run, &s));
  return s.step;
}

/* While playing: the runs that stay keep going, an added run plays from
 * step 0; speed and playing are as they were. */
static void
test_add_remove_playing (void)
{
  g_autoptr(GsExperiment) exp = experiment (three_runs);
  GsEngine *engine = gs_engine_new ();
  GsRunConfig config;
  guint64 a, c, fresh;
  guint i;

  gs_engine_load_experiment (engine, exp);
  gs_engine_set_speed (engine, 400);
  gs_engine_play (engine);
  gs_engine_sync (engine);
  while (step_of (engine, 2) < 40)
    g_usleep (2000);

  a = step_of (engine, 0);
  c = step_of (engine, 2);
  gs_engine_remove_run (engine, 1);
  gs_engine_sync (engine);
  g_assert_true (gs_engine_is_playing (engine));
  g_assert_cmpfloat (gs_engine_get_speed (engine), ==, 400);
  g_assert_cmpuint (step_of (engine, 0), >=, a);
  g_assert_cmpuint (step_of (engine, 1), >=, c);

  gs_experiment_get_run_config (exp, 1, &config);
  i = gs_engine_add_run (engine, exp->problem, &config, exp->start);
  g_assert_cmpuint (i, ==, 2);
  gs_engine_sync (engine);
  fresh = step_of (engine, 2);
  a = step_of (engine, 0);
  g_assert_cmpuint (fresh, <, a);
  g_assert_cmpuint (fresh, <=, 5);
  /* it plays, and so do the others */
  while (step_of (engine, 2) < fresh + 20)
    g_usleep (2000);
  g_assert_cmpuint (step_of (engine, 0), >=, a + 20);
  g_assert_true (gs_engine_is_playing (engine));
  /* the steps stay in lockstep: one round-robin pass steps each run once */
  g_assert_cmpuint (step_of (engine, 0) - step_of (engine, 2), <=, a - fresh + 1);
  gs_engine_free (engine);
}

typedef struct
{
  GsEngine *engine;
  gint      stop;
  guint64   reads;
} Reader;

/* Reads every index there is (and one past) as fast as it can. */
static gpointer
reader (gpointer data)
{
  Reader *r = data;
  double rows[8 * WIDTH];

  while (!g_atomic_int_get (&r->stop))
    {
      guint n = gs_engine_get_n_runs (r->engine);

      for (guint i = 0; i <= n; i++)
        {
          GsRunSnapshot s;
          guint generation, stable;
          guint n_rows = gs_engine_get_trace_state (r->engine, i, &generation, &stable);

          gs_engine_get_snapshot (r->engine, i, &s);
          if (n_rows > 0)
            gs_engine_copy_rows (r->engine, i, n_rows > 8 ? n_rows - 8 : 0, MIN (n_rows, 8),
                                 rows, NULL);
          r->reads++;
        }
    }
  return NULL;
}

/* Adds and removes while the worker runs flat out and another thread
 * reads by index: no crash, no deadlock, the count as sent. */
static void
test_add_remove_stress (void)
{
  g_autoptr(GsExperiment) exp = experiment (three_runs);
  GsEngine *engine = gs_engine_new ();
  Reader r = { engine, 0, 0 };
  GThread *thread;
  GsRunConfig config;
  GRand *rand = g_rand_new_with_seed (7);
  guint n = 3;

  gs_experiment_get_run_config (exp, 2, &config);
  gs_engine_load_experiment (engine, exp);
  gs_engine_set_speed (engine, 0);
  gs_engine_play (engine);
  thread = g_thread_new ("reader", reader, &r);
  for (guint i = 0; i < 2000; i++)
    {
      if (n < 8 && (n == 0 || g_rand_boolean (rand)))
        g_assert_cmpuint (gs_engine_add_run (engine, exp->problem, &config, exp->start), ==, n++);
      else
        gs_engine_remove_run (engine, g_rand_int_range (rand, 0, (gint32) n--));
      if (i % 200 == 0)
        gs_engine_load_experiment (engine, exp), n = 3;
      if (i % 97 == 0)
        gs_engine_reset (engine, NULL);
      if (i % 50 == 0)
        g_usleep (500);
    }
  gs_engine_sync (engine);
  g_assert_false (gs_engine_layout_pending (engine));
  g_assert_cmpuint (gs_engine_get_n_runs (engine), ==, n);
  g_atomic_int_set (&r.stop, 1);
  g_thread_join (thread);
  g_assert_cmpuint (r.reads, >, 0);
  g_rand_free (rand);
  gs_engine_free (engine);
}

/* With histories on, the engine rewinds every run to a step: their θ is
 * the one they had there (read back from the history on this thread), and
 * stepping on from there repeats the same numbers. */
static void
test_rewind (void)
{
  g_autoptr(GsExperiment) exp = experiment (two_runs);
  GsEngine *engine = gs_engine_new ();
  double at30[2][2];
  GsRunSnapshot s;

  gs_engine_set_history (engine, TRUE);
  gs_engine_load_experiment (engine, exp);
  for (guint k = 0; k < 60; k++)
    {
      gs_engine_step (engine);
      if (k == 29)
        {
          gs_engine_sync (engine);
          for (guint r = 0; r < 2; r++)
            {
              gs_engine_get_snapshot (engine, r, &s);
              at30[r][0] = s.theta[0];
              at30[r][1] = s.theta[1];
            }
        }
    }
  gs_engine_sync (engine);
  for (guint r = 0; r < 2; r++)
    {
      g_autoptr(GsHistory) h = gs_engine_get_history (engine, r);
      g_autoptr(GsRunPoint) p = NULL;

      g_assert_nonnull (h);
      g_assert_cmpuint (gs_history_get_last_step (h), ==, 60);
      p = gs_history_point_at (h, 30);
      g_assert_cmpfloat (gs_run_point_get_theta (p)[0], ==, at30[r][0]);
      g_assert_cmpfloat (gs_run_point_get_theta (p)[1], ==, at30[r][1]);
    }
  g_assert_null (gs_engine_get_history (engine, 2));

  gs_engine_rewind (engine, 30);
  gs_engine_sync (engine);
  for (guint r = 0; r < 2; r++)
    {
      gs_engine_get_snapshot (engine, r, &s);
      g_assert_cmpuint (s.step, ==, 30);
      g_assert_cmpfloat (s.theta[0], ==, at30[r][0]);
      g_assert_cmpuint (gs_engine_get_n_rows (engine, r, NULL), ==, 31);
    }
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
  g_test_add_func ("/gradscope/engine/remove-run", test_remove_run);
  g_test_add_func ("/gradscope/engine/add-run", test_add_run);
  g_test_add_func ("/gradscope/engine/layout-pending", test_layout_pending);
  g_test_add_func ("/gradscope/engine/add-remove-playing", test_add_remove_playing);
  g_test_add_func ("/gradscope/engine/add-remove-stress", test_add_remove_stress);
  g_test_add_func ("/gradscope/engine/rewind", test_rewind);
  return g_test_run ();
}
