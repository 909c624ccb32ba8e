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
        g_assert_cmpfloat (cells[i].train_std, >=, 0);
        g_assert_true (isfinite (cells[i].val_mean));
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
  return g_test_run ();
}
