/* gs-run.c — the step loop: row k, then the update θ_k → θ_k+1 */
#include "gs-run.h"
#include "gs-rng.h"

#include <math.h>
#include <string.h>

struct _GsRun
{
  GsProblem        *problem;
  GsRunConfig       config;
  guint             n;            /* parameters */
  double           *start;        /* n */
  double           *grad;         /* n: gradient of the full objective at θ_k */
  double           *batch_grad;   /* n: minibatch gradient at θ_k */
  double           *work;         /* problem scratch */
  double           *row_buf;      /* the current row, GS_ROW_FIELDS + n doubles */
  GsOptimizerState *opt_state;
  GsScheduleState   sched_state;
  GsStatus          status;
  guint64           k;            /* updates done */
  double            best_loss;
  double            last_loss;
  double            last_grad_norm;
  GsMetrics         last_metrics;   /* of the last row where the loss was evaluated */
  /* minibatches */
  GsRng             rng;
  guint            *perm;         /* row order of the current epoch */
  guint             perm_pos;
  const guint      *batch_rows;   /* the minibatch of the next update */
  guint             n_batch_rows;
  guint64           batch_step;   /* the row batch_rows was drawn for */
  GsTrace          *trace;
  GsRowSink         sink;
  gpointer          sink_data;
};

void
gs_run_config_init (GsRunConfig *config, const GsOptimizerInfo *optimizer)
{
  memset (config, 0, sizeof *config);
  config->optimizer = optimizer;
  gs_param_values_init (&config->optimizer_values, optimizer->params,
                        optimizer->n_params);
  config->schedule = gs_schedule_lookup ("constant");
  gs_param_values_init (&config->schedule_values, config->schedule->params,
                        config->schedule->n_params);
  config->stop.loss_below = NAN;
  config->stop.grad_norm_below = NAN;
  config->max_steps = 1000;
  config->eval_every = 1;
}

GsRun *
gs_run_new (GsProblem *problem, const GsRunConfig *config,
            const double *start, guint trace_capacity)
{
  GsRun *run = g_new0 (GsRun, 1);
  guint n = gs_problem_get_n_params (problem);

  run->problem = gs_problem_ref (problem);
  run->config = *config;
  run->n = n;
  run->start = g_new (double, n);
  if (start)
    memcpy (run->start, start, sizeof (double) * n);
  else
    gs_problem_get_default_start (problem, run->start);
  run->grad = g_new0 (double, n);
  run->batch_grad = g_new0 (double, n);
  run->work = g_new0 (double, gs_problem_get_work_size (problem));
  run->row_buf = g_new0 (double, GS_ROW_FIELDS + n);
  run->opt_state = gs_optimizer_state_new (config->optimizer,
                                           &config->optimizer_values, n);
  if (gs_problem_get_n_samples (problem) > 0)
    run->perm = g_new (guint, gs_problem_get_n_samples (problem));
  run->trace = gs_trace_new (n, trace_capacity);
  gs_run_reset (run);
  return run;
}

void
gs_run_free (GsRun *run)
{
  if (run == NULL)
    return;
  gs_problem_unref (run->problem);
  g_free (run->start);
  g_free (run->grad);
  g_free (run->batch_grad);
  g_free (run->work);
  g_free (run->row_buf);
  g_free (run->perm);
  gs_optimizer_state_free (run->opt_state);
  gs_trace_free (run->trace);
  g_free (run);
}

void
gs_run_set_sink (GsRun *run, GsRowSink sink, gpointer user_data)
{
  run->sink = sink;
  run->sink_data = user_data;
}

static inline GsRow *
row (GsRun *run)
{
  return (GsRow *) run->row_buf;
}

/* ‖v‖ without overflow for |v| up to DBL_MAX: a scaled pass only when the
 * plain sum of squares overflows or underflows. */
static double
norm2 (const double *v, guint n)
{
  double s = 0.0, scale = 0.0;

  for (guint i = 0; i < n; i++)
    s += v[i] * v[i];
  if (isfinite (s) && s > 1e-290)
    return sqrt (s);
  if (isnan (s))
    return s;

  for (guint i = 0; i < n; i++)
    scale = fmax (scale, fabs (v[i]));
  if (scale == 0.0 || !isfinite (scale))
    return scale;
  s = 0.0;
  for (guint i = 0; i < n; i++)
    s += (v[i] / scale) * (v[i] / scale);
  return scale * sqrt (s);
}

/* The rows of the next minibatch, from a per-epoch shuffle; the last
 * partial batch of an epoch is kept. */
static const guint *
next_batch (GsRun *run, guint *n_rows)
{
  guint m = gs_problem_get_n_samples (run->problem);
  guint b = MIN (run->config.batch_size, m);
  const guint *rows;

  if (run->perm_pos >= m)
    {
      for (guint i = 0; i < m; i++)
        run->perm[i] = i;
      gs_rng_shuffle (&run->rng, run->perm, m);
      run->perm_pos = 0;
    }
  rows = run->perm + run->perm_pos;
  *n_rows = MIN (b, m - run->perm_pos);
  run->perm_pos += *n_rows;
  return rows;
}

static gboolean
minibatch (GsRun *run)
{
  return run->config.batch_size > 0 && gs_problem_get_n_samples (run->problem) > 0;
}

/* Evaluates row k at θ_k, decides the run's status and, while it runs,
 * the minibatch and lr of the next update. draw_batch: take the next
 * minibatch (a new row) rather than re-evaluating the current one (a
 * settings change). */
static void
evaluate_row (GsRun *run, gboolean draw_batch)
{
  const GsRunConfig *c = &run->config;
  GsRow *r = row (run);
  gboolean batches = minibatch (run);
  gboolean evaluate = !batches || c->eval_every <= 1 || run->k % c->eval_every == 0;
  const double *theta = r->theta;

  r->step = (double) run->k;
  r->loss = NAN;
  r->grad_norm = NAN;
  r->batch_loss = NAN;
  r->val_loss = NAN;
  r->accuracy = NAN;
  r->val_accuracy = NAN;

  if (evaluate)
    {
      GsMetrics m;

      /* the metrics at the same rows as the full objective, from its pass */
      r->loss = gs_problem_evaluate (run->problem, &c->reg, theta, run->grad,
                                     run->work, &m);
      r->grad_norm = norm2 (run->grad, run->n);
      r->val_loss = m.val_loss;
      r->accuracy = m.accuracy;
      r->val_accuracy = m.val_accuracy;
      run->last_loss = r->loss;
      run->last_grad_norm = r->grad_norm;
      run->last_metrics = m;
    }

  /* the loss or a parameter became non-finite: a result, the run stops here */
  if (!gs_all_finite (theta, run->n) || (evaluate && !isfinite (r->loss)))
    run->status = GS_STATUS_DIVERGED;
  else if (evaluate && ((!isnan (c->stop.loss_below) && r->loss < c->stop.loss_below)
                        || (!isnan (c->stop.grad_norm_below) && r->grad_norm < c->stop.grad_norm_below)))
    run->status = GS_STATUS_CONVERGED;
  else if (run->k >= c->max_steps)
    run->status = GS_STATUS_MAX_STEPS;
  else
    run->status = GS_STATUS_RUNNING;

  if (evaluate && isfinite (r->loss) && !(r->loss >= run->best_loss))
    run->best_loss = r->loss;

  if (batches && run->status == GS_STATUS_RUNNING)
    {
      if (draw_batch || run->batch_step != run->k)
        {
          run->batch_rows = next_batch (run, &run->n_batch_rows);
          run->batch_step = run->k;
        }
      r->batch_loss = gs_problem_objective (run->problem, &c->reg, theta,
                                            run->batch_rows, run->n_batch_rows,
                                            run->batch_grad, run->work);
      if (!isfinite (r->batch_loss))
        run->status = GS_STATUS_DIVERGED;
    }

  r->lr = gs_schedule_lr (c->schedule, &c->schedule_values, &run->sched_state,
                          c->optimizer_values.values[0][0], run->k);
}

/* Makes row k and publishes it. */
static void
prepare_row (GsRun *run)
{
  evaluate_row (run, TRUE);
  gs_trace_append (run->trace, row (run));
  if (run->sink)
    run->sink (run, row (run), run->sink_data);
}

void
gs_run_set_config (GsRun *run, const GsRunConfig *config)
{
  gboolean new_optimizer = config->optimizer != run->config.optimizer;

  run->config = *config;
  /* another algorithm starts from fresh state at the current θ */
  if (new_optimizer)
    {
      gs_optimizer_state_free (run->opt_state);
      run->opt_state = gs_optimizer_state_new (config->optimizer, &config->optimizer_values,
                                               run->n);
    }
  if (run->status == GS_STATUS_DIVERGED)
    return;
  /* the current row again under the new settings (objective, stop rules,
   * step budget, lr), so the next update uses them; it replaces the
   * trace's last row rather than adding one */
  evaluate_row (run, FALSE);
  gs_trace_replace_last (run->trace, row (run));
}

void
gs_run_reset (GsRun *run)
{
  GsRow *r = row (run);

  memcpy (r->theta, run->start, sizeof (double) * run->n);
  run->k = 0;
  run->best_loss = INFINITY;
  run->last_loss = NAN;
  run->last_grad_norm = NAN;
  run->last_metrics = (GsMetrics) { NAN, NAN, NAN };
  gs_optimizer_state_reset (run->opt_state, run->config.optimizer,
                            &run->config.optimizer_values);
  gs_schedule_state_init (&run->sched_state);
  gs_rng_init (&run->rng, run->config.shuffle_seed);
  run->perm_pos = G_MAXUINT;
  run->batch_rows = NULL;
  run->batch_step = G_MAXUINT64;
  gs_trace_clear (run->trace);
  prepare_row (run);
}

GsStatus
gs_run_step (GsRun *run)
{
  const GsRunConfig *c = &run->config;
  GsRow *r = row (run);
  double feed;

  if (run->status != GS_STATUS_RUNNING)
    return run->status;

  gs_optimizer_step (c->optimizer, &c->optimizer_values, run->opt_state, r->lr,
                     r->theta, minibatch (run) ? run->batch_grad : run->grad);
  /* the plateau schedule is fed the loss of the row the update started from */
  feed = isnan (r->loss) ? r->batch_loss : r->loss;
  gs_schedule_observe (c->schedule, &c->schedule_values, &run->sched_state,
                       c->optimizer_values.values[0][0], feed);
  run->k++;
  prepare_row (run);
  return run->status;
}

GsStatus
gs_run_advance (GsRun *run, guint64 n)
{
  for (guint64 i = 0; i < n && run->status == GS_STATUS_RUNNING; i++)
    gs_run_step (run);
  return run->status;
}

const GsRunConfig *
gs_run_get_config (GsRun *run)
{
  return &run->config;
}

GsProblem *
gs_run_get_problem (GsRun *run)
{
  return run->problem;
}

GsTrace *
gs_run_get_trace (GsRun *run)
{
  return run->trace;
}

GsStatus
gs_run_get_status (GsRun *run)
{
  return run->status;
}

guint64
gs_run_get_step (GsRun *run)
{
  return run->k;
}

const double *
gs_run_get_theta (GsRun *run)
{
  return row (run)->theta;
}

const GsRow *
gs_run_get_last_row (GsRun *run)
{
  return row (run);
}

double
gs_run_get_best_loss (GsRun *run)
{
  return run->best_loss;
}

double
gs_run_get_last_loss (GsRun *run)
{
  return run->last_loss;
}

double
gs_run_get_last_grad_norm (GsRun *run)
{
  return run->last_grad_norm;
}

const GsMetrics *
gs_run_get_last_metrics (GsRun *run)
{
  return &run->last_metrics;
}
