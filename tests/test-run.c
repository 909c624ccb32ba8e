/* test-run.c — the step loop: rows, statuses, minibatches, live changes */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "gs-experiment.h"
#include "gs-run.h"

static GsRunConfig
sgd_config (double lr)
{
  GsRunConfig config;
  const GsOptimizerInfo *sgd = gs_optimizer_lookup ("sgd");

  gs_run_config_init (&config, sgd);
  config.optimizer_values.values[0][0] = lr;
  return config;
}

static GsProblem *
function_problem (const char *name)
{
  return gs_problem_new_function (gs_function_lookup (name));
}

/* Plain gradient descent on 0.5x² + 5y²: x_k = (1 − lr)ᵏx0, y_k = (1 − 10·lr)ᵏy0 */
static void
test_gd_quadratic_rows (void)
{
  g_autoptr(GsProblem) problem = function_problem ("quadratic");
  GsRunConfig config = sgd_config (0.05);
  const double start[2] = { 4.0, 1.0 };
  g_autoptr(GsRun) run = NULL;
  g_autofree double *rows = NULL;
  GsTrace *trace;
  gsize width;
  guint n;
  double x = 4.0, y = 1.0;

  config.max_steps = 20;
  run = gs_run_new (problem, &config, start, 0);
  g_assert_cmpint (gs_run_get_status (run), ==, GS_STATUS_RUNNING);
  while (gs_run_step (run) == GS_STATUS_RUNNING)
    ;
  g_assert_cmpint (gs_run_get_status (run), ==, GS_STATUS_MAX_STEPS);
  g_assert_cmpuint (gs_run_get_step (run), ==, 20);

  trace = gs_run_get_trace (run);
  width = gs_trace_row_width (trace);
  n = gs_trace_get_n_rows (trace, NULL);
  g_assert_cmpuint (n, ==, 21);
  rows = g_new (double, n * width);
  g_assert_cmpuint (gs_trace_copy_rows (trace, 0, n, rows), ==, n);

  for (guint k = 0; k < n; k++)
    {
      GsRow *row = gs_row_at (rows, width, k);

      g_assert_cmpfloat (row->step, ==, k);
      g_assert_cmpfloat (row->theta[0], ==, x);
      g_assert_cmpfloat (row->theta[1], ==, y);
      g_assert_cmpfloat_with_epsilon (row->loss, 0.5 * x * x + 5 * y * y, 1e-15);
      g_assert_cmpfloat_with_epsilon (row->grad_norm, hypot (x, 10 * y), 1e-14);
      g_assert_cmpfloat (row->lr, ==, 0.05);
      g_assert_true (isnan (row->batch_loss));
      /* the same arithmetic as θ ← θ − lr·g */
      x = x - 0.05 * x;
      y = y - 0.05 * (10 * y);
    }
}

static void
test_divergence (void)
{
  g_autoptr(GsProblem) problem = function_problem ("quadratic");
  GsRunConfig bad = sgd_config (0.3);     /* |1 − 10·0.3| = 2 > 1: y doubles each step */
  GsRunConfig good = sgd_config (0.1);
  g_autoptr(GsRun) a = NULL;
  g_autoptr(GsRun) b = NULL;
  const GsRow *last;

  bad.max_steps = good.max_steps = 5000;
  a = gs_run_new (problem, &bad, NULL, 0);
  b = gs_run_new (problem, &good, NULL, 0);
  /* round-robin, as the worker does */
  while (gs_run_get_status (a) == GS_STATUS_RUNNING || gs_run_get_status (b) == GS_STATUS_RUNNING)
    {
      gs_run_step (a);
      gs_run_step (b);
    }
  g_assert_cmpint (gs_run_get_status (a), ==, GS_STATUS_DIVERGED);
  last = gs_run_get_last_row (a);
  g_assert_false (isfinite (last->loss) && isfinite (last->theta[1]));
  /* y overflows near 2ᵏ·2 > DBL_MAX, so well before 5000 steps */
  g_assert_cmpuint (gs_run_get_step (a), <, 1100);
  g_assert_cmpuint (gs_run_get_step (a), >, 500);
  g_assert_true (isfinite (gs_run_get_best_loss (a)));
  /* the other run went on to its end */
  g_assert_cmpint (gs_run_get_status (b), ==, GS_STATUS_MAX_STEPS);
  g_assert_cmpuint (gs_run_get_step (b), ==, 5000);
  /* stepping a finished run changes nothing */
  g_assert_cmpint (gs_run_step (a), ==, GS_STATUS_DIVERGED);
}

static void
test_stop_rules (void)
{
  g_autoptr(GsProblem) problem = function_problem ("quadratic");
  GsRunConfig config = sgd_config (0.05);
  const double start[2] = { 4.0, 0.0 };
  g_autoptr(GsRun) run = NULL;
  double x = 4.0;
  guint64 k = 0;

  /* loss 0.5·x_k² < 1e-6 first at the k with x_k < √2e-6 */
  config.stop.loss_below = 1e-6;
  config.max_steps = 100000;
  run = gs_run_new (problem, &config, start, 0);
  while (gs_run_step (run) == GS_STATUS_RUNNING)
    ;
  while (!(0.5 * x * x < 1e-6))
    {
      x = x - 0.05 * x;
      k++;
    }
  g_assert_cmpint (gs_run_get_status (run), ==, GS_STATUS_CONVERGED);
  g_assert_cmpuint (gs_run_get_step (run), ==, k);

  /* ‖g‖ = |x| < 1e-3 */
  config.stop.loss_below = NAN;
  config.stop.grad_norm_below = 1e-3;
  gs_run_set_config (run, &config);
  gs_run_reset (run);
  while (gs_run_step (run) == GS_STATUS_RUNNING)
    ;
  g_assert_cmpint (gs_run_get_status (run), ==, GS_STATUS_CONVERGED);
  g_assert_cmpfloat (gs_run_get_last_row (run)->grad_norm, <, 1e-3);
  g_assert_cmpfloat (fabs (gs_run_get_theta (run)[0]) / (1 - 0.05), >=, 1e-3);

  /* a start that already meets the rule converges at row 0 */
  {
    const double at_min[2] = { 0, 0 };
    g_autoptr(GsRun) done = gs_run_new (problem, &config, at_min, 0);
    g_assert_cmpint (gs_run_get_status (done), ==, GS_STATUS_CONVERGED);
    g_assert_cmpuint (gs_run_get_step (done), ==, 0);
  }
}

static void
test_live_lr_change (void)
{
  g_autoptr(GsProblem) problem = function_problem ("quadratic");
  GsRunConfig config = sgd_config (0.05);
  const double start[2] = { 4.0, 1.0 };
  g_autoptr(GsRun) run = gs_run_new (problem, &config, start, 0);
  double x = 4.0;

  gs_run_advance (run, 3);
  for (int i = 0; i < 3; i++)
    x = x - 0.05 * x;
  g_assert_cmpfloat (gs_run_get_theta (run)[0], ==, x);

  /* the change applies to the next update, without a reset; the current
   * row says so */
  config.optimizer_values.values[0][0] = 0.01;
  gs_run_set_config (run, &config);
  g_assert_cmpfloat (gs_run_get_last_row (run)->lr, ==, 0.01);
  g_assert_cmpuint (gs_trace_get_n_rows (gs_run_get_trace (run), NULL), ==, 4);
  gs_run_step (run);
  x = x - 0.01 * x;
  g_assert_cmpfloat (gs_run_get_theta (run)[0], ==, x);
  g_assert_cmpuint (gs_run_get_step (run), ==, 4);

  /* a larger step budget lets a finished run go on */
  config.max_steps = 4;
  gs_run_set_config (run, &config);
  g_assert_cmpint (gs_run_get_status (run), ==, GS_STATUS_MAX_STEPS);
  config.max_steps = 6;
  gs_run_set_config (run, &config);
  g_assert_cmpint (gs_run_get_status (run), ==, GS_STATUS_RUNNING);
  gs_run_advance (run, 100);
  g_assert_cmpuint (gs_run_get_step (run), ==, 6);

  /* a new optimizer starts fresh at the current θ: Adam's first step moves
   * each coordinate by about lr */
  {
    double before = gs_run_get_theta (run)[0];
    GsRunConfig adam;

    gs_run_config_init (&adam, gs_optimizer_lookup ("adam"));
    adam.optimizer_values.values[0][0] = 0.1;
    adam.max_steps = 7;
    gs_run_set_config (run, &adam);
    gs_run_step (run);
    g_assert_cmpfloat_with_epsilon (before - gs_run_get_theta (run)[0], 0.1, 1e-6);
  }
}

/* The reference article's §3: gradient_descent(X, y, θ = 0, α = 0.01, 1000)
 * with X = [[1,1],[1,2],[2,2],[2,3]], y = X·[1, 2]. Its step is Xᵀ(ŷ − y)/m,
 * the gradient of half the MSE, so lr = α/2 on Gradscope's MSE is the same
 * walk. */
static void
test_article_linear_regression (void)
{
  const char *text =
    "{\"problem\": {\"type\": \"linear_regression\", \"data\": {\"inline\": "
    "[[1, 1, 3], [1, 2, 5], [2, 2, 6], [2, 3, 8]]}},"
    " \"max_steps\": 1000, \"runs\": [{\"optimizer\": {\"name\": \"sgd\", \"lr\": 0.005}}]}";
  const double X[4][3] = { { 1, 1, 1 }, { 1, 1, 2 }, { 1, 2, 2 }, { 1, 2, 3 } };
  const double y[4] = { 3, 5, 6, 8 };
  double theta[3] = { 0, 0, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GsExperiment) exp = gs_experiment_new_from_data (text, -1, "article.json", NULL, &error);
  g_autoptr(GsRun) run = NULL;

  g_assert_no_error (error);
  run = gs_experiment_create_run (exp, 0, 0);
  while (gs_run_step (run) == GS_STATUS_RUNNING)
    ;
  g_assert_cmpuint (gs_run_get_step (run), ==, 1000);

  /* the article's loop, written out */
  for (int it = 0; it < 1000; it++)
    {
      double loss[4], gradient[3] = { 0, 0, 0 };
      for (int i = 0; i < 4; i++)
        loss[i] = X[i][0] * theta[0] + X[i][1] * theta[1] + X[i][2] * theta[2] - y[i];
      for (int j = 0; j < 3; j++)
        {
          for (int i = 0; i < 4; i++)
            gradient[j] += X[i][j] * loss[i];
          gradient[j] /= 4;
        }
      for (int j = 0; j < 3; j++)
        theta[j] = theta[j] - 0.01 * gradient[j];
    }
  for (int j = 0; j < 3; j++)
    g_assert_cmpfloat_with_epsilon (gs_run_get_theta (run)[j], theta[j], 1e-12);
}

static const char *minibatch_text =
  "{\"problem\": {\"type\": \"linear_regression\", \"data\": {\"generator\": \"linear\","
  " \"samples\": 50, \"features\": 2, \"noise\": 0.1, \"seed\": 4}},"
  " \"max_steps\": 40, \"batch_size\": 8, \"eval_every\": 3,"
  " \"runs\": [{\"optimizer\": {\"name\": \"sgd\", \"lr\": 0.05}, \"shuffle_seed\": 1},"
  "          {\"optimizer\": {\"name\": \"sgd\", \"lr\": 0.05}, \"shuffle_seed\": 1},"
  "          {\"optimizer\": {\"name\": \"sgd\", \"lr\": 0.05}, \"shuffle_seed\": 2}]}";

typedef struct
{
  guint rows;
  double last_step;
} SinkCount;

static void
count_rows (GsRun *run, const GsRow *row, gpointer user_data)
{
  SinkCount *count = user_data;

  g_assert_cmpfloat (row->step, ==, count->last_step + 1);
  count->last_step = row->step;
  count->rows++;
}

static void
test_minibatches (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsExperiment) exp = gs_experiment_new_from_data (minibatch_text, -1, "mb.json", NULL, &error);
  g_autoptr(GsRun) a = NULL;
  g_autoptr(GsRun) b = NULL;
  g_autoptr(GsRun) c = NULL;
  SinkCount count = { 0, 0 };
  gboolean differ = FALSE;

  g_assert_no_error (error);
  a = gs_experiment_create_run (exp, 0, 0);
  b = gs_experiment_create_run (exp, 1, 0);
  c = gs_experiment_create_run (exp, 2, 0);
  gs_run_set_sink (a, count_rows, &count);

  for (guint k = 1; k <= 40; k++)
    {
      const GsRow *row;

      gs_run_step (a);
      gs_run_step (b);
      gs_run_step (c);
      row = gs_run_get_last_row (a);
      /* the full objective every 3 rows, the minibatch loss on every row
       * that starts an update */
      g_assert_cmpint (isnan (row->loss), ==, k % 3 != 0);
      g_assert_cmpint (isnan (row->grad_norm), ==, k % 3 != 0);
      g_assert_cmpint (isnan (row->batch_loss), ==, k == 40);
      /* same seed, same walk; another seed, another walk */
      for (guint j = 0; j < 3; j++)
        {
          g_assert_cmpfloat (gs_run_get_theta (a)[j], ==, gs_run_get_theta (b)[j]);
          differ |= gs_run_get_theta (a)[j] != gs_run_get_theta (c)[j];
        }
    }
  g_assert_true (differ);
  g_assert_cmpuint (count.rows, ==, 40);
  g_assert_cmpint (gs_run_get_status (a), ==, GS_STATUS_MAX_STEPS);
}

/* Batches of one epoch cover every row exactly once, the last partial
 * batch kept: with lr → the update is the batch gradient, and summing the
 * epoch's batch gradients weighted by batch size gives m·∇ at a fixed θ. */
static void
test_epoch_covers_rows (void)
{
  g_autoptr(GError) error = NULL;
  const char *text =
    "{\"problem\": {\"type\": \"linear_regression\", \"data\": {\"generator\": \"linear\","
    " \"samples\": 23, \"features\": 1, \"noise\": 0.3, \"seed\": 9}},"
    " \"max_steps\": 100, \"batch_size\": 5,"
    " \"runs\": [{\"optimizer\": {\"name\": \"sgd\", \"lr\": 1e-300}}]}";
  g_autoptr(GsExperiment) exp = gs_experiment_new_from_data (text, -1, "e.json", NULL, &error);
  g_autoptr(GsRun) run = NULL;
  double weighted = 0.0;
  const guint sizes[5] = { 5, 5, 5, 5, 3 };

  g_assert_no_error (error);
  run = gs_experiment_create_run (exp, 0, 0);
  /* θ barely moves (lr 1e-300), so the batch losses at θ0 average to the
   * full loss when each row is seen once per epoch */
  for (guint b = 0; b < 5; b++)
    {
      weighted += gs_run_get_last_row (run)->batch_loss * sizes[b];
      gs_run_step (run);
    }
  g_assert_cmpfloat_with_epsilon (weighted / 23, gs_run_get_last_row (run)->loss, 1e-12);
}

static void
test_bounded_trace (void)
{
  g_autoptr(GsProblem) problem = function_problem ("rosenbrock");
  GsRunConfig config;
  g_autoptr(GsRun) run = NULL;
  g_autofree double *rows = NULL;
  GsTrace *trace;
  gsize width;
  guint n;

  gs_run_config_init (&config, gs_optimizer_lookup ("adam"));
  config.max_steps = 100000;
  run = gs_run_new (problem, &config, NULL, 64);
  while (gs_run_step (run) == GS_STATUS_RUNNING)
    ;
  trace = gs_run_get_trace (run);
  width = gs_trace_row_width (trace);
  n = gs_trace_get_n_rows (trace, NULL);
  g_assert_cmpuint (n, <=, 64);
  g_assert_cmpuint (n, >=, 32);
  rows = g_new (double, n * width);
  gs_trace_copy_rows (trace, 0, n, rows);
  g_assert_cmpfloat (gs_row_at (rows, width, 0)->step, ==, 0);
  g_assert_cmpfloat (gs_row_at (rows, width, n - 1)->step, ==, 100000);
  g_assert_cmpfloat (gs_row_at (rows, width, n - 1)->theta[0], ==, gs_run_get_theta (run)[0]);
}

static void
test_plateau_in_run (void)
{
  g_autoptr(GsProblem) problem = function_problem ("quadratic");
  GsRunConfig config = sgd_config (0.01);
  const double start[2] = { 1.0, 0.0 };
  g_autoptr(GsRun) run = NULL;
  double x = 1.0, lr = 0.01, best = INFINITY;
  guint bad = 0;

  config.schedule = gs_schedule_lookup ("plateau");
  gs_param_values_init (&config.schedule_values, config.schedule->params,
                        config.schedule->n_params);
  /* threshold 0.2: the loss must fall by 20 % to count; with lr 0.01
   * it falls by about 2 % a step, so after patience + 1 = 3 updates the lr drops */
  config.schedule_values.values[1][0] = 2;      /* patience */
  config.schedule_values.values[2][0] = 0.2;    /* threshold */
  config.max_steps = 12;
  run = gs_run_new (problem, &config, start, 0);

  for (guint k = 0; k < 12; k++)
    {
      double loss = 0.5 * x * x;

      g_assert_cmpfloat (gs_run_get_last_row (run)->lr, ==, lr);
      gs_run_step (run);
      x = x - lr * x;
      /* ReduceLROnPlateau, written out */
      if (loss < best * (1 - 0.2))
        best = loss, bad = 0;
      else
        bad++;
      if (bad > 2)
        {
          lr = MAX (lr * 0.1, 0.0);
          bad = 0;
        }
      g_assert_cmpfloat (gs_run_get_theta (run)[0], ==, x);
    }
  g_assert_cmpfloat (lr, <, 0.01);
}

/* ---- rewinding ----------------------------------------------------------- */

static GsRunConfig
adam_config (double lr, guint64 max_steps)
{
  GsRunConfig config;

  gs_run_config_init (&config, gs_optimizer_lookup ("adam"));
  config.optimizer_values.values[0][0] = lr;
  config.max_steps = max_steps;
  return config;
}

/* θ and the optimizer's moments of a point equal those of a run at the
 * same step, bit for bit */
static void
assert_point_is_run (const GsRunPoint *p, GsRun *run)
{
  const GsOptimizerState *a = gs_run_point_get_optimizer_state (p);
  const GsOptimizerState *b = gs_run_get_optimizer_state (run);

  g_assert_cmpuint (gs_run_point_get_step (p), ==, gs_run_get_step (run));
  g_assert_cmpmem (gs_run_point_get_theta (p), 2 * sizeof (double),
                   gs_run_get_theta (run), 2 * sizeof (double));
  g_assert_cmpuint (a->t, ==, b->t);
  g_assert_cmpuint (a->n, ==, b->n);
  /* the moments (Adam's m and v), so the next update is the same */
  g_assert_cmpmem (a->data, 4 * sizeof (double) * a->n, b->data, 4 * sizeof (double) * b->n);
}

/* Every step's point, whether held whole (the last 256) or recomputed
 * from a sparse checkpoint, equals a fresh run stopped at that step; the
 * history stays bounded over a long run. */
static void
test_history_points (void)
{
  g_autoptr(GsProblem) problem = function_problem ("rosenbrock");
  GsRunConfig config = adam_config (0.01, 100000);
  g_autoptr(GsRun) run = gs_run_new (problem, &config, NULL, 0);
  GsHistory *h;
  const guint64 probes[] = { 0, 1, 37, 1023, 1024, 5000, 77777, 99744, 99999, 100000 };

  g_assert_true (gs_run_enable_history (run));
  h = gs_run_get_history (run);
  g_assert_nonnull (h);
  gs_run_advance (run, 100000);
  g_assert_cmpuint (gs_history_get_last_step (h), ==, 100000);
  g_assert_null (gs_history_point_at (h, 100001));
  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    {
      g_autoptr(GsRun) fresh = gs_run_new (problem, &config, NULL, 0);
      g_autoptr(GsRunPoint) p = gs_history_point_at (h, probes[i]);
      g_assert_nonnull (p);
      gs_run_advance (fresh, probes[i]);
      assert_point_is_run (p, fresh);
    }
}

/* Rewound to k and run on, a run makes exactly the numbers of a fresh run
 * started from the state at k: the same θ and the same trace rows from k
 * on; and the steps after k are forgotten. */
static void
test_rewind_resume (void)
{
  g_autoptr(GsProblem) problem = function_problem ("rosenbrock");
  GsRunConfig config = adam_config (0.02, 3000);
  g_autoptr(GsRun) run = gs_run_new (problem, &config, NULL, 0);
  g_autoptr(GsRun) fresh = gs_run_new (problem, &config, NULL, 0);
  GsTrace *trace = gs_run_get_trace (run);
  guint gen_before, gen_after, n_run, n_fresh;
  gsize width = gs_trace_row_width (trace);

  g_assert_true (gs_run_enable_history (run));
  gs_run_advance (run, 2000);
  gs_trace_get_n_rows (trace, &gen_before);
  g_assert_true (gs_run_rewind (run, 700));
  gs_trace_get_n_rows (trace, &gen_after);
  g_assert_cmpuint (GS_TRACE_EPOCH (gen_after), !=, GS_TRACE_EPOCH (gen_before));
  g_assert_cmpuint (gs_run_get_step (run), ==, 700);
  g_assert_cmpuint (gs_history_get_last_step (gs_run_get_history (run)), ==, 700);
  g_assert_cmpint (gs_run_get_status (run), ==, GS_STATUS_RUNNING);
  /* the trace ends at row 700 */
  {
    g_autofree double *last = g_new (double, width);
    guint n = gs_trace_get_n_rows (trace, NULL);

    gs_trace_copy_rows (trace, n - 1, 1, last);
    g_assert_cmpfloat (((GsRow *) last)->step, ==, 700);
  }
  g_assert_false (gs_run_rewind (run, 701));

  gs_run_advance (run, 3000);
  gs_run_advance (fresh, 3000);
  g_assert_cmpuint (gs_run_get_step (run), ==, 3000);
  g_assert_cmpmem (gs_run_get_theta (run), 2 * sizeof (double),
                   gs_run_get_theta (fresh), 2 * sizeof (double));
  /* every row the two traces hold from step 700 on is the same */
  n_run = gs_trace_get_n_rows (trace, NULL);
  n_fresh = gs_trace_get_n_rows (gs_run_get_trace (fresh), NULL);
  {
    g_autofree double *a = g_new (double, (gsize) n_run * width);
    g_autofree double *b = g_new (double, (gsize) n_fresh * width);
    guint ia = 0, ib = 0, compared = 0;

    gs_trace_copy_rows (trace, 0, n_run, a);
    gs_trace_copy_rows (gs_run_get_trace (fresh), 0, n_fresh, b);
    for (; ia < n_run; ia++)
      {
        const GsRow *ra = gs_row_at (a, width, ia);

        if (ra->step < 700)
          continue;
        while (ib < n_fresh && gs_row_at (b, width, ib)->step < ra->step)
          ib++;
        if (ib < n_fresh && gs_row_at (b, width, ib)->step == ra->step)
          {
            g_assert_cmpmem (ra, width * sizeof (double), gs_row_at (b, width, ib),
                             width * sizeof (double));
            compared++;
          }
      }
    g_assert_cmpuint (compared, >, 100);
  }
}

/* What if lr were smaller from step 40? Rewound to 40 with the new lr
 * set, the run equals one that ran 40 steps at the old lr, then on at the
 * new; points before the change still replay at the old lr. */
static void
test_rewind_new_settings (void)
{
  g_autoptr(GsProblem) problem = function_problem ("quadratic");
  GsRunConfig fast = sgd_config (0.15), slow = sgd_config (0.02);
  g_autoptr(GsRun) run = NULL;
  g_autoptr(GsRun) want = NULL;
  const double start[2] = { 4.0, 1.0 };

  fast.max_steps = slow.max_steps = 600;
  run = gs_run_new (problem, &fast, start, 0);
  want = gs_run_new (problem, &fast, start, 0);
  g_assert_true (gs_run_enable_history (run));
  gs_run_advance (run, 500);
  /* lr changed at 500 (while rewound, the window shows step 40) */
  gs_run_set_config (run, &slow);
  g_assert_true (gs_run_rewind (run, 40));
  g_assert_cmpfloat (gs_run_get_config (run)->optimizer_values.values[0][0], ==, 0.02);
  g_assert_cmpfloat (gs_run_get_last_row (run)->lr, ==, 0.02);
  gs_run_advance (run, 300);

  gs_run_advance (want, 40);
  gs_run_set_config (want, &slow);
  gs_run_advance (want, 300);
  g_assert_cmpmem (gs_run_get_theta (run), 2 * sizeof (double),
                   gs_run_get_theta (want), 2 * sizeof (double));
  /* x_k = (1 − lr)ᵏ·4 at lr 0.15 for the first 40 steps */
  {
    g_autoptr(GsRunPoint) p = gs_history_point_at (gs_run_get_history (run), 20);
    double x = 4.0;

    for (guint k = 0; k < 20; k++)
      x = x - 0.15 * x;
    g_assert_cmpfloat (gs_run_point_get_theta (p)[0], ==, x);
    g_assert_cmpfloat (gs_run_point_get_config (p)->optimizer_values.values[0][0], ==, 0.15);
  }
  /* a point after the change replays at the new lr */
  {
    g_autoptr(GsRunPoint) p = gs_history_point_at (gs_run_get_history (run), 100);
    g_autoptr(GsRun) again = gs_run_new (problem, &fast, start, 0);

    gs_run_advance (again, 40);
    gs_run_set_config (again, &slow);
    gs_run_advance (again, 60);
    assert_point_is_run (p, again);
  }
}

/* Only full-batch runs of few parameters keep a history */
static void
test_history_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsExperiment) exp = gs_experiment_new_from_data (minibatch_text, -1, "mb.json", NULL, &error);
  g_autoptr(GsRun) mb = NULL;

  g_assert_no_error (error);
  mb = gs_experiment_create_run (exp, 0, 0);
  g_assert_false (gs_run_enable_history (mb));
  g_assert_null (gs_run_get_history (mb));
  g_assert_false (gs_run_rewind (mb, 0));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gradscope/run/gd-quadratic-rows", test_gd_quadratic_rows);
  g_test_add_func ("/gradscope/run/divergence", test_divergence);
  g_test_add_func ("/gradscope/run/stop-rules", test_stop_rules);
  g_test_add_func ("/gradscope/run/live-lr-change", test_live_lr_change);
  g_test_add_func ("/gradscope/run/article-linear-regression", test_article_linear_regression);
  g_test_add_func ("/gradscope/run/minibatches", test_minibatches);
  g_test_add_func ("/gradscope/run/epoch-covers-rows", test_epoch_covers_rows);
  g_test_add_func ("/gradscope/run/bounded-trace", test_bounded_trace);
  g_test_add_func ("/gradscope/run/plateau", test_plateau_in_run);
  g_test_add_func ("/gradscope/run/history-points", test_history_points);
  g_test_add_func ("/gradscope/run/rewind-resume", test_rewind_resume);
  g_test_add_func ("/gradscope/run/rewind-new-settings", test_rewind_new_settings);
  g_test_add_func ("/gradscope/run/history-refused", test_history_refused);
  return g_test_run ();
}
