/* test-study.c — studies: sweeps, phase maps, range tests, cross-validation,
 * seeds; their numbers against independent runs and known answers */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "gs-rng.h"
#include "gs-study.h"

static GsExperiment *
load (const char *text)
{
  g_autoptr(GError) error = NULL;
  GsExperiment *exp = gs_experiment_new_from_data (text, -1, "study.json", NULL, &error);

  g_assert_no_error (error);
  return exp;
}

#define BOWL_GD(steps) \
  "{\"problem\": {\"type\": \"function\", \"name\": \"quadratic\"}, \"start\": [4, 1]," \
  " \"max_steps\": " #steps ", \"runs\": [{\"optimizer\": {\"name\": \"sgd\", \"lr\": 0.05}}]}"

/* Plain GD on 0.5x² + 5y² (λmax = 10): every lr above 2/λmax = 0.2
 * diverges and none at or below it; the least final loss is at the grid
 * point nearest the analytic optimum 2/(λmin + λmax) = 2/11. */
static void
test_sweep_bowl (void)
{
  g_autoptr(GsExperiment) exp = load (BOWL_GD (3000));
  g_autoptr(GsStudy) study = NULL;
  g_autoptr(GError) error = NULL;
  GsStudySpec spec;
  const GsStudyCell *cells, *best;
  guint n, below = 0, above = 0;
  double step = log (4.0) / 20;

  gs_study_spec_init (&spec, GS_STUDY_LR_SWEEP);
  spec.lo = 0.1;
  spec.hi = 0.4;
  spec.points = 21;
  study = gs_study_new (exp, &spec, &error);
  g_assert_no_error (error);
  g_assert_true (gs_study_run (study));
  cells = gs_study_get_cells (study, &n);
  g_assert_cmpuint (n, ==, 21);
  g_assert_cmpfloat (cells[0].x, ==, 0.1);
  g_assert_cmpfloat (cells[20].x, ==, 0.4);
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (cells[i].done);
      if (i > 0)
        g_assert_cmpfloat (fabs (log (cells[i].x / cells[i - 1].x) - step), <, 1e-12);
      if (cells[i].x <= 0.2 + 1e-12)
        {
          g_assert_false (cells[i].diverged);
          below++;
        }
      else
        {
          g_assert_true (cells[i].diverged);
          above++;
        }
    }
  g_assert_cmpuint (below, ==, 11);
  g_assert_cmpuint (above, ==, 10);

  /* after 40 steps (before every loss has reached 0): the fastest lr */
  {
    g_autoptr(GsExperiment) short_exp = load (BOWL_GD (40));
    g_autoptr(GsStudy) again = gs_study_new (short_exp, &spec, &error);

    g_assert_no_error (error);
    g_assert_true (gs_study_run (again));
    best = gs_study_best (again, 0, NULL);
    g_assert_nonnull (best);
    g_assert_cmpfloat (fabs (log (best->x) - log (2.0 / 11)), <=, step);
  }
}

/* A phase-map cell is the run its settings make, bit for bit */
static void
test_phase_cell (void)
{
  g_autoptr(GsExperiment) exp = load (
    "{\"problem\": {\"type\": \"function\", \"name\": \"rosenbrock\"}, \"start\": [-1.5, 2],"
    " \"max_steps\": 400, \"stop\": {\"loss_below\": 1},"
    " \"runs\": [{\"optimizer\": {\"name\": \"sgd\", \"lr\": 0.001, \"momentum\": 0.5}}]}");
  g_autoptr(GsStudy) study = NULL;
  g_autoptr(GError) error = NULL;
  GsStudySpec spec;
  const GsStudyCell *cells;
  guint n, reached = 0;

  gs_study_spec_init (&spec, GS_STUDY_PHASE);
  spec.x_lo = 1e-4;
  spec.x_hi = 2e-3;
  spec.nx = 5;
  spec.ny = 4;
  spec.y_hi = 0.9;
  study = gs_study_new (exp, &spec, &error);
  g_assert_no_error (error);
  g_assert_true (gs_study_run (study));
  cells = gs_study_get_cells (study, &n);
  g_assert_cmpuint (n, ==, 20);
  for (guint i = 0; i < n; i += 3)
    {
      GsRunConfig c;
      g_autoptr(GsRun) run = NULL;
      double first;

      gs_experiment_get_run_config (exp, 0, &c);
      c.optimizer_values.values[0][0] = cells[i].x;
      c.optimizer_values.values[gs_param_find (c.optimizer->params, c.optimizer->n_params,
                                               "momentum")][0] = cells[i].y;
      run = gs_run_new (exp->problem, &c, exp->start, 0);
      first = gs_run_get_last_row (run)->loss;
      while (gs_run_get_status (run) == GS_STATUS_RUNNING
             && !(gs_run_get_last_row (run)->loss > 1e6 * first))
        gs_run_step (run);
      g_assert_cmpuint (cells[i].steps, ==, gs_run_get_step (run));
      g_assert_cmpint (cells[i].status, ==, gs_run_get_status (run));
      g_assert_cmpmem (&cells[i].final_loss, sizeof (double),
                       &gs_run_get_last_row (run)->loss, sizeof (double));
      if (gs_run_get_status (run) == GS_STATUS_CONVERGED)
        {
          g_assert_cmpuint (cells[i].steps_to_threshold, ==, gs_run_get_step (run));
          reached++;
        }
    }
  g_assert_cmpuint (reached, >, 0);

  /* a name the optimizer does not have */
  g_strlcpy (spec.y_param, "beta", sizeof spec.y_param);
  g_assert_null (gs_study_new (exp, &spec, &error));
  g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "'beta'"));
  g_clear_error (&error);

  /* values the optimizer rejects (PyTorch's ranges): a negative momentum */
  g_strlcpy (spec.y_param, "momentum", sizeof spec.y_param);
  spec.y_lo = -0.5;
  g_assert_null (gs_study_new (exp, &spec, &error));
  g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "momentum: invalid momentum value: -0.5"));
}

/* Smith's range test: lr grows by the same factor each step; the
 * suggestion lies inside the range, before the loss blew up */
static void
test_range_test (void)
{
  g_autoptr(GsExperiment) exp = load (BOWL_GD (100));
  g_autoptr(GsStudy) study = NULL;
  GsStudySpec spec;
  const GsStudyCurve *curves;
  guint n;

  gs_study_spec_init (&spec, GS_STUDY_RANGE_TEST);
  spec.lo = 1e-4;
  spec.hi = 10;
  spec.points = 200;
  study = gs_study_new (exp, &spec, NULL);
  g_assert_true (gs_study_run (study));
  curves = gs_study_get_curves (study, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (curves[0].n, >, 50);
  g_assert_cmpuint (curves[0].n, <, 200);   /* stopped once the loss blew up */
  g_assert_cmpfloat (curves[0].x[0], ==, 1e-4);
  for (guint k = 1; k < curves[0].n; k++)
    g_assert_cmpfloat (fabs (curves[0].x[k] / curves[0].x[k - 1] - pow (1e5, 1.0 / 199)), <, 1e-12);
  g_assert_true (curves[0].suggested > 1e-3 && curves[0].suggested < 0.3);
}

static char *
linear_data (guint n, gboolean collinear, double noise, guint64 seed)
{
  GString *s = g_string_new ("{\"problem\": {\"type\": \"linear_regression\", \"data\": {\"inline\": [");
  GsRng rng;

  gs_rng_init (&rng, seed);
  for (guint i = 0; i < n; i++)
    {
      double x1 = 2 * gs_rng_uniform (&rng) - 1;
      double x2 = collinear ? x1 + 0.01 * (2 * gs_rng_uniform (&rng) - 1)
                            : 2 * gs_rng_uniform (&rng) - 1;
      double y = 2 + 3 * x1 - x2 + noise * (2 * gs_rng_uniform (&rng) - 1);

      g_string_append_printf (s, "%s[%.17g, %.17g, %.17g]", i ? ", " : "", x1, x2, y);
    }
  g_string_append (s, "]}}, \"max_steps\": 4000,"
                      " \"runs\": [{\"optimizer\": {\"name\": \"sgd\", \"lr\": 0.2}}]}");
  return g_string_free (s, FALSE);
}

/* k-fold cross-validation: the folds partition the rows, the same for a
 * seed; a well-posed fit picks a small λ; collinear features, few rows
 * and noise make a λ > 0 win */
static void
test_cv (void)
{
  g_autofree guint *a = gs_study_folds (103, 5, 7);
  g_autofree guint *b = gs_study_folds (103, 5, 7);
  g_autofree guint *c = gs_study_folds (103, 5, 8);
  guint sizes[5] = { 0 };

  g_assert_cmpmem (a, 103 * sizeof (guint), b, 103 * sizeof (guint));
  g_assert_true (memcmp (a, c, 103 * sizeof (guint)) != 0);
  for (guint i = 0; i < 103; i++)
    {
      g_assert_cmpuint (a[i], <, 5);
      sizes[a[i]]++;
    }
  for (guint f = 0; f < 5; f++)
    g_assert_true (sizes[f] == 20 || sizes[f] == 21);

  {
    g_autofree char *text = linear_data (200, FALSE, 0.2, 3);
    g_autoptr(GsExperiment) exp = load (text);
    g_autoptr(GsStudy) study = NULL;
    g_autoptr(GError) error = NULL;
    const GsStudyCell *best, *one_se, *cells;
    GsStudySpec spec;
    guint n;

    gs_study_spec_init (&spec, GS_STUDY_CV);
    spec.lo = 0;
    spec.hi = 10;
    spec.points = 9;
    study = gs_study_new (exp, &spec, &error);
    g_assert_no_error (error);
    g_assert_true (gs_study_run (study));
    cells = gs_study_get_cells (study, &n);
    g_assert_cmpfloat (cells[0].x, ==, 0);
    for (guint i = 0; i < n; i++)
      {
        g_assert_true (cells[i].done);
        g_test_message ("λ %g: val %g ± %g%s", cells[i].x, cells[i].val_mean, cells[i].val_std,
                        cells[i].diverged ? " (diverged)" : "");
        /* a λ whose training diverged in some fold is marked, not averaged
         * over the other folds */
        if (!cells[i].diverged)
          {
            g_assert_cmpfloat (cells[i].train_std, >=, 0);
            g_assert_true (isfinite (cells[i].val_mean));
          }
      }
    best = gs_study_best (study, 0, &one_se);
    g_assert_nonnull (best);
    g_assert_cmpfloat (best->x, <=, 0.01);
    g_assert_cmpfloat (one_se->x, >=, best->x);
    /* the noise's variance is 0.2²/3: the validation MSE is near it */
    g_assert_cmpfloat (fabs (best->val_mean - 0.04 / 3), <, 0.01);
  }
  {
    g_autofree char *text = linear_data (12, TRUE, 1.5, 11);
    g_autoptr(GsExperiment) exp = load (text);
    g_autoptr(GsStudy) study = NULL;
    const GsStudyCell *best;
    GsStudySpec spec;

    gs_study_spec_init (&spec, GS_STUDY_CV);
    spec.lo = 0;
    spec.hi = 1;
    spec.points = 9;
    spec.folds = 4;
    study = gs_study_new (exp, &spec, NULL);
    g_assert_true (gs_study_run (study));
    best = gs_study_best (study, 0, NULL);
    g_assert_nonnull (best);
    g_assert_cmpfloat (best->x, >, 0);
  }
  {
    g_autoptr(GsExperiment) exp = load (BOWL_GD (10));
    g_autoptr(GError) error = NULL;
    GsStudySpec spec;

    gs_study_spec_init (&spec, GS_STUDY_CV);
    g_assert_null (gs_study_new (exp, &spec, &error));
    g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
  }
}

/* S seeds of a minibatch run: a band that holds the mean, seeds that
 * differ */
static void
test_seeds (void)
{
  g_autofree char *text = NULL;
  g_autoptr(GsExperiment) exp = NULL;
  g_autoptr(GsStudy) study = NULL;
  const GsStudyCurve *curves;
  GsStudySpec spec;
  guint n, wide = 0;

  text = linear_data (200, FALSE, 0.5, 4);
  /* minibatches of 8 */
  {
    char *at = strstr (text, "\"max_steps\": 4000");
    g_autofree char *head = g_strndup (text, at - text);
    char *swapped = g_strconcat (head, "\"max_steps\": 300, \"batch_size\": 8,",
                                 at + strlen ("\"max_steps\": 4000,"), NULL);
    g_free (text);
    text = swapped;
  }
  exp = load (text);
  gs_study_spec_init (&spec, GS_STUDY_SEEDS);
  spec.n_seeds = 6;
  study = gs_study_new (exp, &spec, NULL);
  g_assert_true (gs_study_run (study));
  curves = gs_study_get_curves (study, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (curves[0].n, ==, 201);
  g_assert_cmpfloat (curves[0].x[200], ==, 300);
  for (guint g = 0; g < curves[0].n; g++)
    {
      g_assert_cmpfloat (curves[0].y_lo[g], <=, curves[0].y[g] + 1e-12);
      g_assert_cmpfloat (curves[0].y[g], <=, curves[0].y_hi[g] + 1e-12);
      wide += curves[0].y_hi[g] > curves[0].y_lo[g];
    }
  /* every seed starts from the same θ: the band opens after step 0 */
  g_assert_cmpfloat (curves[0].y_lo[0], ==, curves[0].y_hi[0]);
  g_assert_cmpuint (wide, >, 150);
}

/* Cancelled, a study stops, joins its workers and calls nothing complete
 * that did not finish */
static void
test_cancel (void)
{
  g_autoptr(GsExperiment) exp = load (BOWL_GD (2000000));
  g_autoptr(GsStudy) study = NULL;
  GsStudySpec spec;
  const GsStudyCell *cells;
  guint n, done, total, unfinished = 0;

  gs_study_spec_init (&spec, GS_STUDY_LR_SWEEP);
  spec.lo = 1e-4;
  spec.hi = 0.15;
  spec.points = 40;
  spec.n_threads = 2;
  study = gs_study_new (exp, &spec, NULL);
  gs_study_start (study);
  g_usleep (50000);
  gs_study_cancel (study);
  g_assert_false (gs_study_wait (study));
  g_assert_false (gs_study_is_complete (study));
  gs_study_get_progress (study, &done, &total, NULL);
  g_assert_cmpuint (done, ==, total);   /* every job returned */
  cells = gs_study_get_cells (study, &n);
  for (guint i = 0; i < n; i++)
    if (!cells[i].done)
      unfinished++;
    else
      g_assert_cmpuint (cells[i].steps, ==, 2000000);
  g_assert_cmpuint (unfinished, >, 0);
}

/* ---- the comparison report ------------------------------------------------------- */

/* Three runs on the bowl 0.5x² + 5y²: plain GD, GD with momentum, and GD
 * at lr 0.25 > 2/λmax (diverges); "GD, slow" has a comma for the CSV */
#define BOWL_THREE(steps, stop) \
  "{\"problem\": {\"type\": \"function\", \"name\": \"quadratic\"}, \"start\": [4, 1]," \
  " \"max_steps\": " #steps ", " stop \
  " \"runs\": [{\"label\": \"GD, slow\", \"optimizer\": {\"name\": \"sgd\", \"lr\": 0.05}}," \
  " {\"label\": \"Momentum\"," \
  "  \"optimizer\": {\"name\": \"sgd\", \"lr\": 0.02, \"momentum\": 0.5}}," \
  " {\"label\": \"Too fast\", \"optimizer\": {\"name\": \"sgd\", \"lr\": 0.25}}]}"

typedef struct
{
  guint64 steps;
  guint64 to_threshold;
  double  final_loss;
  double  best_loss;
  GsStatus status;
  gboolean diverged;
} Plain;

/* Run r of exp at lr on its own, by the study's rule (the loss above
 * 10⁶ × its first value, or non-finite, is divergence) */
static Plain
plain_run (GsExperiment *exp, guint r, double lr, double threshold)
{
  GsRunConfig c;
  g_autoptr(GsRun) run = NULL;
  Plain p = { .to_threshold = G_MAXUINT64 };
  double first;

  gs_experiment_get_run_config (exp, r, &c);
  c.optimizer_values.values[0][0] = lr;
  run = gs_run_new (exp->problem, &c, exp->start, 0);
  first = gs_run_get_last_row (run)->loss;
  if (first < threshold)
    p.to_threshold = 0;
  while (gs_run_get_status (run) == GS_STATUS_RUNNING)
    {
      double loss;

      gs_run_step (run);
      loss = gs_run_get_last_row (run)->loss;
      if (loss < threshold && p.to_threshold == G_MAXUINT64)
        p.to_threshold = gs_run_get_step (run);
      if (!isfinite (loss) || loss > 1e6 * first)
        {
          p.diverged = TRUE;
          break;
        }
    }
  p.steps = gs_run_get_step (run);
  p.final_loss = gs_run_get_last_row (run)->loss;
  p.best_loss = gs_run_get_best_loss (run);
  p.status = gs_run_get_status (run);
  p.diverged |= p.status == GS_STATUS_DIVERGED;
  return p;
}

static void
assert_cell_is (const GsStudyCell *cell, const Plain *p)
{
  g_assert_true (cell->done);
  g_assert_cmpuint (cell->steps, ==, p->steps);
  g_assert_cmpuint (cell->steps_to_threshold, ==, p->to_threshold);
  g_assert_cmpint (cell->status, ==, p->status);
  g_assert_cmpint (cell->diverged, ==, p->diverged);
  g_assert_cmpmem (&cell->final_loss, sizeof (double), &p->final_loss, sizeof (double));
  g_assert_cmpmem (&cell->best_loss, sizeof (double), &p->best_loss, sizeof (double));
  g_assert_true (isnan (cell->y));
  /* the time to the threshold: exactly when it was reached, within the run's */
  if (cell->steps_to_threshold == G_MAXUINT64)
    g_assert_true (isnan (cell->seconds_to_threshold));
  else
    {
      g_assert_cmpfloat (cell->seconds_to_threshold, >=, 0);
      g_assert_cmpfloat (cell->seconds_to_threshold, <=, cell->seconds);
    }
}

/* Untuned: each run once at its own lr, the very run it makes alone */
static void
test_compare (void)
{
  g_autoptr(GsExperiment) exp = load (BOWL_THREE (3000, ""));
  g_autoptr(GsStudy) study = NULL;
  g_autoptr(GError) error = NULL;
  const double own[3] = { 0.05, 0.02, 0.25 };
  GsStudySpec spec;
  const GsStudyCell *cells;
  guint n, reached = 0, done, total;

  gs_study_spec_init (&spec, GS_STUDY_COMPARE);
  g_assert_false (spec.tune);
  g_assert_cmpint (spec.run, ==, -1);
  g_assert_cmpfloat (spec.lo, ==, 1e-5);
  g_assert_cmpfloat (spec.hi, ==, 10);
  g_assert_cmpuint (spec.points, ==, 25);
  spec.threshold = 1e-3;
  study = gs_study_new (exp, &spec, &error);
  g_assert_no_error (error);
  g_assert_true (gs_study_run (study));
  gs_study_get_progress (study, &done, &total, NULL);
  g_assert_cmpuint (total, ==, 3);
  g_assert_cmpuint (done, ==, 3);
  g_assert_null (gs_study_get_sweep_cells (study, &n));
  g_assert_cmpuint (n, ==, 0);
  g_assert_null (gs_study_best (study, 0, NULL));
  cells = gs_study_get_cells (study, &n);
  g_assert_cmpuint (n, ==, 3);
  for (guint r = 0; r < 3; r++)
    {
      Plain p = plain_run (exp, r, own[r], 1e-3);

      g_assert_cmpuint (cells[r].run, ==, r);
      g_assert_cmpfloat (cells[r].x, ==, own[r]);
      assert_cell_is (&cells[r], &p);
      reached += cells[r].steps_to_threshold != G_MAXUINT64;
    }
  g_assert_false (cells[0].diverged);
  g_assert_true (cells[2].diverged);
  g_assert_cmpuint (reached, ==, 2);

  /* one run; a threshold the start is already below: 0 steps, 0 s */
  {
    g_autoptr(GsStudy) one = NULL;

    spec.run = 1;
    spec.threshold = 100;
    one = gs_study_new (exp, &spec, &error);
    g_assert_no_error (error);
    g_assert_true (gs_study_run (one));
    cells = gs_study_get_cells (one, &n);
    g_assert_cmpuint (n, ==, 1);
    g_assert_cmpuint (cells[0].run, ==, 1);
    g_assert_cmpuint (cells[0].steps_to_threshold, ==, 0);
    g_assert_cmpfloat (cells[0].seconds_to_threshold, ==, 0);
  }
}

/* Tuned: the lr sweep is a plain lr sweep's, and each run then runs at
 * its sweep's best lr; a run whose sweep diverged everywhere at its own */
static void
test_compare_tuned (void)
{
  g_autoptr(GsExperiment) exp = load (BOWL_THREE (40, ""));
  g_autoptr(GsStudy) study = NULL;
  g_autoptr(GsStudy) sweep = NULL;
  g_autoptr(GError) error = NULL;
  GsStudySpec spec, sweep_spec;
  const GsStudyCell *cells, *sc, *plain_cells;
  guint n, n_sweep, n_plain, done, total;

  gs_study_spec_init (&spec, GS_STUDY_COMPARE);
  spec.tune = TRUE;
  spec.lo = 0.01;
  spec.hi = 0.4;
  spec.points = 9;
  spec.threshold = 1e-2;
  spec.n_threads = 8;   /* more workers than the sweep needs: the report's jobs wait */
  study = gs_study_new (exp, &spec, &error);
  g_assert_no_error (error);
  g_assert_true (gs_study_run (study));
  gs_study_get_progress (study, &done, &total, NULL);
  g_assert_cmpuint (total, ==, 3 * 9 + 3);
  g_assert_cmpuint (done, ==, total);

  gs_study_spec_init (&sweep_spec, GS_STUDY_LR_SWEEP);
  sweep_spec.lo = spec.lo;
  sweep_spec.hi = spec.hi;
  sweep_spec.points = spec.points;
  sweep_spec.threshold = spec.threshold;
  sweep = gs_study_new (exp, &sweep_spec, &error);
  g_assert_no_error (error);
  g_assert_true (gs_study_run (sweep));
  sc = gs_study_get_sweep_cells (study, &n_sweep);
  plain_cells = gs_study_get_cells (sweep, &n_plain);
  g_assert_cmpuint (n_sweep, ==, n_plain);
  g_assert_cmpuint (n_sweep, ==, 27);
  for (guint i = 0; i < n_sweep; i++)
    {
      g_assert_cmpuint (sc[i].run, ==, plain_cells[i].run);
      g_assert_cmpfloat (sc[i].x, ==, plain_cells[i].x);
      g_assert_cmpint (sc[i].done, ==, plain_cells[i].done);
      g_assert_cmpuint (sc[i].steps, ==, plain_cells[i].steps);
      g_assert_cmpmem (&sc[i].final_loss, sizeof (double), &plain_cells[i].final_loss,
                       sizeof (double));
    }

  cells = gs_study_get_cells (study, &n);
  g_assert_cmpuint (n, ==, 3);
  for (guint r = 0; r < 3; r++)
    {
      const GsStudyCell *best = gs_study_best (study, r, NULL);
      Plain p;

      g_assert_nonnull (best);
      g_assert_true (best >= sc && best < sc + n_sweep);
      g_assert_cmpfloat (cells[r].x, ==, best->x);
      p = plain_run (exp, r, best->x, spec.threshold);
      assert_cell_is (&cells[r], &p);
      /* after 40 steps, the sweep's best lr is ahead of the runs' own */
      if (r < 2)
        g_assert_cmpfloat (cells[r].final_loss, <,
                           plain_run (exp, r, r == 0 ? 0.05 : 0.02, spec.threshold).final_loss);
    }
  /* the diverging run's tuned lr is at or below 2/λmax */
  g_assert_cmpfloat (cells[2].x, <=, 0.2);

  /* every lr of the sweep diverges: the runs at their own lr, reported */
  {
    g_autoptr(GsStudy) again = NULL;

    spec.lo = 1;
    spec.hi = 10;
    spec.points = 3;
    again = gs_study_new (exp, &spec, &error);
    g_assert_no_error (error);
    g_assert_true (gs_study_run (again));
    cells = gs_study_get_cells (again, &n);
    g_assert_cmpuint (n, ==, 3);
    g_assert_null (gs_study_best (again, 0, NULL));
    g_assert_cmpfloat (cells[0].x, ==, 0.05);
    g_assert_cmpfloat (cells[1].x, ==, 0.02);
    for (guint r = 0; r < 3; r++)
      {
        Plain p = plain_run (exp, r, cells[r].x, spec.threshold);

        assert_cell_is (&cells[r], &p);
      }
  }

  /* a tuned comparison checks its range like an lr sweep */
  spec.lo = 0;
  g_assert_null (gs_study_new (exp, &spec, &error));
  g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
  g_clear_error (&error);
  spec.lo = 0.01;
  spec.points = 1;
  g_assert_null (gs_study_new (exp, &spec, &error));
  g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
  g_clear_error (&error);
  /* untuned, the range is not used */
  spec.tune = FALSE;
  spec.lo = 0;
  {
    g_autoptr(GsStudy) untuned = gs_study_new (exp, &spec, &error);

    g_assert_no_error (error);
    g_assert_nonnull (untuned);
  }
}

/* A comparison's curves: the loss against step on the seeds study's grid */
static void
test_compare_curves (void)
{
  const struct { const char *text; guint n; guint64 max; } cases[] = {
    { BOWL_THREE (3000, "\"stop\": {\"loss_below\": 1e-8},"), 201, 3000 },
    { BOWL_THREE (40, ""), 41, 40 },
  };

  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autoptr(GsExperiment) exp = load (cases[k].text);
      g_autoptr(GsStudy) study = NULL;
      GsStudySpec spec;
      const GsStudyCurve *curves;
      const GsStudyCell *cells;
      guint n, n_cells;

      gs_study_spec_init (&spec, GS_STUDY_COMPARE);
      study = gs_study_new (exp, &spec, NULL);
      g_assert_true (gs_study_run (study));
      curves = gs_study_get_curves (study, &n);
      cells = gs_study_get_cells (study, &n_cells);
      g_assert_cmpuint (n, ==, 3);
      for (guint c = 0; c < n; c++)
        {
          g_assert_cmpuint (curves[c].run, ==, c);
          g_assert_cmpuint (curves[c].n, ==, cases[k].n);
          g_assert_cmpfloat (curves[c].x[0], ==, 0);
          g_assert_cmpfloat (curves[c].x[curves[c].n - 1], ==, (double) cases[k].max);
          for (guint g = 1; g < curves[c].n; g++)
            g_assert_cmpfloat (curves[c].x[g], >, curves[c].x[g - 1]);
          /* 0.5·4² + 5·1² */
          g_assert_cmpfloat (curves[c].y[0], ==, 13);
          if (cells[c].diverged)
            g_assert_true (isnan (curves[c].y[curves[c].n - 1]));
          else
            {
              /* the line ends at the run's last step with its final loss */
              guint last = 0;

              for (guint g = 0; g < curves[c].n; g++)
                if (!isnan (curves[c].y[g]))
                  last = g;
              g_assert_cmpfloat (curves[c].x[last], ==, (double) cells[c].steps);
              g_assert_cmpmem (&curves[c].y[last], sizeof (double), &cells[c].final_loss,
                               sizeof (double));
              for (guint g = last + 1; g < curves[c].n; g++)
                g_assert_true (isnan (curves[c].y[g]));
            }
        }
      if (k == 0)
        {
          /* GD converged before its last step: the curve holds its final loss */
          g_assert_cmpint (cells[0].status, ==, GS_STATUS_CONVERGED);
          g_assert_cmpuint (cells[0].steps, <, 3000);
        }
      g_assert_true (cells[2].diverged);
    }
}

/* Cancelled right after its start, a tuned comparison returns from wait
 * (its report's jobs were waiting for the sweep), is not complete and
 * says which cells are unfinished; a few times over, on 1 to 8 workers */
static void
test_compare_cancel (void)
{
  g_autoptr(GsExperiment) exp = load (BOWL_THREE (2000000, ""));
  const struct { guint threads, points; gulong delay; } cases[] = {
    { 8, 3, 0 }, { 8, 3, 2000 }, { 2, 40, 0 }, { 1, 5, 0 }, { 4, 3, 10000 }, { 8, 2, 500 },
  };

  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autoptr(GsStudy) study = NULL;
      g_autofree GsStudyCell *after = NULL;
      GsStudySpec spec;
      const GsStudyCell *cells, *sweep;
      guint n, n_sweep, n_after, done, total;

      gs_study_spec_init (&spec, GS_STUDY_COMPARE);
      spec.tune = TRUE;
      spec.lo = 1e-4;
      spec.hi = 0.15;
      spec.points = cases[k].points;
      spec.n_threads = cases[k].threads;
      study = gs_study_new (exp, &spec, NULL);
      gs_study_start (study);
      if (cases[k].delay)
        g_usleep (cases[k].delay);
      gs_study_cancel (study);
      g_assert_false (gs_study_wait (study));
      g_assert_false (gs_study_is_complete (study));
      gs_study_get_progress (study, &done, &total, NULL);
      g_assert_cmpuint (total, ==, 3 * cases[k].points + 3);
      g_assert_cmpuint (done, ==, total);
      cells = gs_study_get_cells (study, &n);
      g_assert_cmpuint (n, ==, 3);
      for (guint i = 0; i < n; i++)
        if (!cells[i].done)
          {
            g_assert_true (isnan (cells[i].final_loss));
            g_assert_true (isnan (cells[i].best_loss));
          }
        else
          g_assert_cmpuint (cells[i].steps, ==, cells[i].diverged ? cells[i].steps : 2000000);
      sweep = gs_study_get_sweep_cells (study, &n_sweep);
      for (guint i = 0; i < n_sweep; i++)
        if (!sweep[i].done)
          g_assert_true (isnan (sweep[i].final_loss));
      /* after the wait, a snapshot is the cells */
      after = gs_study_snapshot_cells (study, &n_after);
      g_assert_cmpuint (n_after, ==, n);
      for (guint i = 0; i < n; i++)
        {
          g_assert_cmpint (after[i].done, ==, cells[i].done);
          g_assert_cmpfloat (after[i].x, ==, cells[i].x);
        }
    }
}

static void
assert_same_cell (const GsStudyCell *a, const GsStudyCell *b)
{
  g_assert_cmpuint (a->run, ==, b->run);
  g_assert_cmpmem (&a->x, sizeof (double), &b->x, sizeof (double));
  g_assert_cmpmem (&a->y, sizeof (double), &b->y, sizeof (double));
  g_assert_cmpint (a->done, ==, b->done);
  g_assert_cmpint (a->status, ==, b->status);
  g_assert_cmpint (a->diverged, ==, b->diverged);
  g_assert_cmpuint (a->steps, ==, b->steps);
  g_assert_cmpuint (a->steps_to_threshold, ==, b->steps_to_threshold);
  g_assert_cmpmem (&a->final_loss, sizeof (double), &b->final_loss, sizeof (double));
  g_assert_cmpmem (&a->best_loss, sizeof (double), &b->best_loss, sizeof (double));
  g_assert_cmpmem (&a->seconds, sizeof (double), &b->seconds, sizeof (double));
  g_assert_cmpmem (&a->seconds_to_threshold, sizeof (double), &b->seconds_to_threshold,
                   sizeof (double));
}

/* Snapshots while a study runs: a finished cell is already its final
 * result, an unfinished one says so, and cells only ever finish */
static void
test_snapshot (void)
{
  g_autoptr(GsExperiment) exp = load (BOWL_THREE (20000, ""));
  const GsStudyKind kinds[2] = { GS_STUDY_LR_SWEEP, GS_STUDY_COMPARE };

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(GsStudy) study = NULL;
      g_autoptr(GPtrArray) shots = g_ptr_array_new_with_free_func (g_free);
      const GsStudyCell *cells;
      GsStudySpec spec;
      guint n, n_shot, done, total, last_done = 0;

      gs_study_spec_init (&spec, kinds[k]);
      spec.lo = 1e-3;
      spec.hi = 0.3;
      spec.points = 12;
      spec.tune = TRUE;
      spec.threshold = 1e-3;
      spec.n_threads = 2;
      study = gs_study_new (exp, &spec, NULL);
      /* before the start: every cell as made */
      {
        g_autofree GsStudyCell *before = gs_study_snapshot_cells (study, &n_shot);

        for (guint i = 0; i < n_shot; i++)
          {
            g_assert_false (before[i].done);
            g_assert_true (isnan (before[i].final_loss));
          }
      }
      gs_study_start (study);
      do
        {
          GsStudyCell *shot = gs_study_snapshot_cells (study, &n_shot);
          guint finished = 0;

          gs_study_get_progress (study, &done, &total, NULL);
          for (guint i = 0; i < n_shot; i++)
            finished += shot[i].done;
          g_assert_cmpuint (finished, >=, last_done);
          last_done = finished;
          g_ptr_array_add (shots, shot);
          g_usleep (500);
        }
      while (done < total);
      g_assert_true (gs_study_wait (study));
      cells = gs_study_get_cells (study, &n);
      g_assert_cmpuint (n, ==, n_shot);
      for (guint s = 0; s < shots->len; s++)
        {
          const GsStudyCell *shot = g_ptr_array_index (shots, s);

          for (guint i = 0; i < n; i++)
            if (shot[i].done)
              assert_same_cell (&shot[i], &cells[i]);
            else
              {
                g_assert_cmpuint (shot[i].run, ==, cells[i].run);
                g_assert_true (isnan (shot[i].final_loss));
                g_assert_true (isnan (shot[i].best_loss));
                if (kinds[k] == GS_STUDY_LR_SWEEP)
                  g_assert_cmpfloat (shot[i].x, ==, cells[i].x);
              }
        }
      /* after the wait: the cells */
      {
        g_autofree GsStudyCell *end = gs_study_snapshot_cells (study, &n_shot);

        for (guint i = 0; i < n; i++)
          assert_same_cell (&end[i], &cells[i]);
      }
    }
}

/* The fields of a CSV line (quoted fields with doubled quotes) */
static GPtrArray *
csv_fields (const char *line)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  GString *f = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = line;; p++)
    {
      if (quoted && *p == '"' && p[1] == '"')
        {
          g_string_append_c (f, '"');
          p++;
        }
      else if (*p == '"')
        quoted = !quoted;
      else if ((*p == ',' && !quoted) || *p == '\0')
        {
          g_ptr_array_add (fields, g_strdup (f->str));
          g_string_truncate (f, 0);
          if (*p == '\0')
            break;
        }
      else
        g_string_append_c (f, *p);
    }
  g_string_free (f, TRUE);
  return fields;
}

/* a CSV number: the same double (17 digits), or empty for NAN */
static void
assert_number (const char *field, double v)
{
  if (isnan (v))
    g_assert_cmpstr (field, ==, "");
  else
    {
      double read = g_ascii_strtod (field, NULL);

      g_assert_cmpmem (&read, sizeof (double), &v, sizeof (double));
    }
}

static const char *
status_name (const GsStudyCell *c)
{
  return !c->done ? "cancelled" : c->diverged ? "diverged" : gs_status_to_string (c->status);
}

/* gs_study_to_csv read back: the header, a row per cell, each number the
 * cell's double */
static void
test_csv (void)
{
  g_autoptr(GsExperiment) exp = load (BOWL_THREE (200, ""));
  const GsStudyKind kinds[2] = { GS_STUDY_LR_SWEEP, GS_STUDY_COMPARE };
  const char *headers[2] = {
    "run,lr,final_loss,best_loss,steps,status",
    "run,label,lr,tuned,steps_to_threshold,seconds_to_threshold,final_loss,best_loss,steps,"
    "seconds,status",
  };

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(GsStudy) study = NULL;
      g_autoptr(GString) csv = NULL;
      g_auto(GStrv) lines = NULL;
      const GsStudyCell *cells;
      GsStudySpec spec;
      guint n;

      gs_study_spec_init (&spec, kinds[k]);
      spec.lo = 1e-3;
      spec.hi = 1;
      spec.points = 7;
      spec.tune = TRUE;
      spec.threshold = 1e-2;
      study = gs_study_new (exp, &spec, NULL);
      g_assert_true (gs_study_run (study));
      cells = gs_study_get_cells (study, &n);
      csv = gs_study_to_csv (study, exp);
      lines = g_strsplit (csv->str, "\n", -1);
      g_assert_cmpuint (g_strv_length (lines), ==, n + 2);   /* header, rows, "" */
      g_assert_cmpstr (lines[0], ==, headers[k]);
      g_assert_cmpstr (lines[n + 1], ==, "");
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GPtrArray) f = csv_fields (lines[i + 1]);
          g_autofree char *run = g_strdup_printf ("%u", cells[i].run);
          g_autofree char *steps = g_strdup_printf ("%" G_GUINT64_FORMAT, cells[i].steps);
          const char *const *v = (const char *const *) f->pdata;

          g_assert_cmpstr (v[0], ==, run);
          if (kinds[k] == GS_STUDY_LR_SWEEP)
            {
              g_assert_cmpuint (f->len, ==, 6);
              assert_number (v[1], cells[i].x);
              assert_number (v[2], cells[i].final_loss);
              assert_number (v[3], cells[i].best_loss);
              g_assert_cmpstr (v[4], ==, steps);
              g_assert_cmpstr (v[5], ==, status_name (&cells[i]));
            }
          else
            {
              g_autofree char *to = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                     cells[i].steps_to_threshold);

              g_assert_cmpuint (f->len, ==, 11);
              g_assert_cmpstr (v[1], ==, gs_experiment_get_run (exp, cells[i].run)->label);
              assert_number (v[2], cells[i].x);
              /* every run's sweep has a best lr here */
              g_assert_cmpstr (v[3], ==, "1");
              g_assert_cmpstr (v[4], ==, cells[i].steps_to_threshold == G_MAXUINT64 ? "" : to);
              assert_number (v[5], cells[i].seconds_to_threshold);
              assert_number (v[6], cells[i].final_loss);
              assert_number (v[7], cells[i].best_loss);
              g_assert_cmpstr (v[8], ==, steps);
              assert_number (v[9], cells[i].seconds);
              g_assert_cmpstr (v[10], ==, status_name (&cells[i]));
            }
        }
      if (kinds[k] == GS_STUDY_COMPARE)
        {
          g_autoptr(GsStudy) untuned = NULL;
          g_autoptr(GString) plain = NULL;

          /* a label with a comma is quoted */
          g_assert_true (g_str_has_prefix (lines[1], "0,\"GD, slow\","));
          g_assert_true (g_str_has_prefix (lines[2], "1,Momentum,"));
          /* untuned: 0 */
          spec.tune = FALSE;
          untuned = gs_study_new (exp, &spec, NULL);
          g_assert_true (gs_study_run (untuned));
          plain = gs_study_to_csv (untuned, exp);
          g_assert_nonnull (strstr (plain->str, "\n1,Momentum,0.02,0,"));
        }
    }
}

/* Edges a review found: with a loss threshold the best lr is the one that
 * reaches it first (final losses all stop just under it); a range test on
 * a loss that goes negative runs past its first point; a phase map too big
 * to count in 32 bits is refused, not allocated; λ from 0 in two points
 * tries 0 and the largest. */
static void
test_edges (void)
{
  {
    g_autoptr(GsExperiment) exp = load (
      "{\"problem\": {\"type\": \"function\", \"name\": \"quadratic\"}, \"start\": [4, 1],"
      " \"max_steps\": 3000, \"stop\": {\"loss_below\": 1e-3},"
      " \"runs\": [{\"optimizer\": {\"name\": \"sgd\", \"lr\": 0.05}}]}");
    g_autoptr(GsStudy) study = NULL;
    const GsStudyCell *cells, *best;
    guint64 fewest = G_MAXUINT64;
    GsStudySpec spec;
    guint n;

    gs_study_spec_init (&spec, GS_STUDY_LR_SWEEP);
    spec.lo = 0.001;
    spec.hi = 0.19;
    spec.points = 12;
    study = gs_study_new (exp, &spec, NULL);
    g_assert_true (gs_study_run (study));
    cells = gs_study_get_cells (study, &n);
    for (guint i = 0; i < n; i++)
      if (!cells[i].diverged && cells[i].final_loss < 1e-3)
        fewest = MIN (fewest, cells[i].steps_to_threshold);
    g_assert_cmpuint (fewest, <, G_MAXUINT64);
    best = gs_study_best (study, 0, NULL);
    g_assert_nonnull (best);
    g_assert_cmpuint (best->steps_to_threshold, ==, fewest);
    for (guint i = 0; i < n; i++)
      if (!cells[i].diverged && cells[i].steps_to_threshold == fewest)
        g_assert_cmpfloat (best->final_loss, <=, cells[i].final_loss);
  }
  {
    /* Adam on Rosenbrock, threshold 1e-3: at lr 1.78 it dips under the
     * threshold first (step 267) and blows up to end far above it; the
     * best lr is one that gets there and stays */
    g_autoptr(GsExperiment) exp = gs_experiment_new_builtin ("default", NULL);
    g_autoptr(GsStudy) study = NULL;
    const GsStudyCell *cells, *best;
    gboolean dipped = FALSE;
    GsStudySpec spec;
    guint n;

    gs_study_spec_init (&spec, GS_STUDY_LR_SWEEP);
    spec.run = 3;
    spec.threshold = 1e-3;
    study = gs_study_new (exp, &spec, NULL);
    g_assert_true (gs_study_run (study));
    cells = gs_study_get_cells (study, &n);
    best = gs_study_best (study, 3, NULL);
    g_assert_nonnull (best);
    g_assert_cmpfloat (best->final_loss, <, 1e-3);
    for (guint i = 0; i < n; i++)
      if (!cells[i].diverged && cells[i].steps_to_threshold < best->steps_to_threshold)
        {
          g_assert_cmpfloat (cells[i].final_loss, >=, 1e-3);
          dipped = TRUE;
        }
    g_assert_true (dipped);
  }
  {
    /* x² − y² from (0.5, 1): the loss is −0.75 at the start and falls */
    g_autoptr(GsExperiment) exp = load (
      "{\"problem\": {\"type\": \"function\", \"name\": \"saddle\"}, \"start\": [0.5, 1],"
      " \"runs\": [{\"optimizer\": {\"name\": \"sgd\", \"lr\": 0.01}}]}");
    g_autoptr(GsStudy) study = NULL;
    const GsStudyCurve *curves;
    GsStudySpec spec;
    guint n;

    gs_study_spec_init (&spec, GS_STUDY_RANGE_TEST);
    spec.points = 100;
    study = gs_study_new (exp, &spec, NULL);
    g_assert_true (gs_study_run (study));
    curves = gs_study_get_curves (study, &n);
    g_assert_cmpuint (n, ==, 1);
    g_assert_cmpfloat (curves[0].y[0], ==, -0.75);
    g_assert_cmpuint (curves[0].n, >, 10);
  }
  {
    g_autoptr(GsExperiment) exp = load (BOWL_GD (10));
    g_autoptr(GError) error = NULL;
    GsStudySpec spec;

    gs_study_spec_init (&spec, GS_STUDY_PHASE);
    spec.nx = spec.ny = 65536;   /* 2³², 0 in 32 bits */
    g_assert_null (gs_study_new (exp, &spec, &error));
    g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
    g_clear_error (&error);
    gs_study_spec_init (&spec, GS_STUDY_LR_SWEEP);
    spec.points = GS_STUDY_MAX_POINTS + 1;
    g_assert_null (gs_study_new (exp, &spec, &error));
    g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
  }
  {
    g_autofree char *text = linear_data (40, FALSE, 0.2, 3);
    g_autoptr(GsExperiment) exp = load (text);
    g_autoptr(GsStudy) study = NULL;
    const GsStudyCell *cells;
    GsStudySpec spec;
    guint n;

    gs_study_spec_init (&spec, GS_STUDY_CV);
    spec.lo = 0;
    spec.hi = 10;
    spec.points = 2;
    study = gs_study_new (exp, &spec, NULL);
    cells = gs_study_get_cells (study, &n);
    g_assert_cmpuint (n, ==, 2);
    g_assert_cmpfloat (cells[0].x, ==, 0);
    g_assert_cmpfloat (cells[1].x, ==, 10);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gradscope/study/sweep-bowl", test_sweep_bowl);
  g_test_add_func ("/gradscope/study/phase-cell", test_phase_cell);
  g_test_add_func ("/gradscope/study/range-test", test_range_test);
  g_test_add_func ("/gradscope/study/cv", test_cv);
  g_test_add_func ("/gradscope/study/seeds", test_seeds);
  g_test_add_func ("/gradscope/study/cancel", test_cancel);
  g_test_add_func ("/gradscope/study/compare", test_compare);
  g_test_add_func ("/gradscope/study/compare-tuned", test_compare_tuned);
  g_test_add_func ("/gradscope/study/compare-curves", test_compare_curves);
  g_test_add_func ("/gradscope/study/compare-cancel", test_compare_cancel);
  g_test_add_func ("/gradscope/study/snapshot", test_snapshot);
  g_test_add_func ("/gradscope/study/csv", test_csv);
  g_test_add_func ("/gradscope/study/edges", test_edges);
  return g_test_run ();
}
