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
  GsHistory        *history;      /* resume points, when enabled */
};

static void history_record (GsRun *run);

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
  g_clear_pointer (&run->history, gs_history_unref);
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
  if (run->history)
    history_record (run);
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
  if (run->history)
    history_record (run);
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
  if (c->reg.l1_proximal && c->reg.l1 > 0)
    {
      guint n_ranges;
      const GsParamRange *ranges = gs_problem_get_penalized (run->problem, &n_ranges);

      gs_regularization_prox (&c->reg, r->lr, ranges, n_ranges, r->theta);
    }
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

const GsOptimizerState *
gs_run_get_optimizer_state (GsRun *run)
{
  return run->opt_state;
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

/* ---- history: resume points, for rewinding ------------------------------
 *
 * Every one of the last RECENT steps is kept whole; before them, sparse
 * checkpoints every `spacing` steps (thinned, the spacing doubling, when
 * there are CHECKPOINTS of them) plus one wherever the settings changed,
 * so that a step between two checkpoints is recomputed from the one
 * before it under the settings it ran with. A point holds everything the
 * next update depends on (full batch: no minibatch order to keep). */

#define RECENT      256
#define CHECKPOINTS 1024

struct _GsRunPoint
{
  guint64           k;
  guint             n;
  GsRunConfig       config;
  GsScheduleState   sched;
  double            best_loss;
  double            last_loss;
  double            last_grad_norm;
  GsMetrics         last_metrics;
  GsOptimizerState *opt;
  double            theta[];
};

struct _GsHistory
{
  gatomicrefcount ref;
  GMutex          lock;
  GsProblem      *problem;
  guint           n;
  GsRunPoint     *recent[RECENT];  /* step k in slot k % RECENT */
  guint64         recent_first;    /* the steps held there: [first, end) */
  guint64         recent_end;
  GPtrArray      *checkpoints;     /* GsRunPoint, ascending k */
  guint64         spacing;
  GsRun          *scratch;         /* replays from a checkpoint */
};

static GsRunPoint *
point_new (guint n)
{
  GsRunPoint *p = g_malloc0 (sizeof (GsRunPoint) + sizeof (double) * n);

  p->n = n;
  return p;
}

void
gs_run_point_free (GsRunPoint *point)
{
  if (point == NULL)
    return;
  gs_optimizer_state_free (point->opt);
  g_free (point);
}

static void
point_fill (GsRunPoint *p, GsRun *run)
{
  p->k = run->k;
  p->config = run->config;
  p->sched = run->sched_state;
  p->best_loss = run->best_loss;
  p->last_loss = run->last_loss;
  p->last_grad_norm = run->last_grad_norm;
  p->last_metrics = run->last_metrics;
  memcpy (p->theta, row (run)->theta, sizeof (double) * run->n);
  if (p->opt != NULL && p->opt->n == run->opt_state->n)
    {
      GsOptimizerState *keep = p->opt;
      gsize size = sizeof (double) * 4 * (gsize) keep->n;

      /* the same layout: the scalars, then the vectors in place */
      memcpy (keep->data, run->opt_state->data, size);
      keep->t = run->opt_state->t;
      keep->has_buf = run->opt_state->has_buf;
      keep->mu_product = run->opt_state->mu_product;
      keep->saturated[0] = run->opt_state->saturated[0];
      keep->saturated[1] = run->opt_state->saturated[1];
    }
  else
    {
      gs_optimizer_state_free (p->opt);
      p->opt = gs_optimizer_state_copy (run->opt_state);
    }
}

static GsRunPoint *
point_copy (const GsRunPoint *p)
{
  GsRunPoint *c = g_memdup2 (p, sizeof (GsRunPoint) + sizeof (double) * p->n);

  c->opt = gs_optimizer_state_copy (p->opt);
  return c;
}

static gboolean
values_equal (const GsParamValues *a, const GsParamValues *b)
{
  return memcmp (a->values, b->values, sizeof a->values) == 0 && a->set == b->set;
}

/* The settings that decide the numbers of the steps after a point */
static gboolean
config_equal (const GsRunConfig *a, const GsRunConfig *b)
{
  return a->optimizer == b->optimizer && values_equal (&a->optimizer_values, &b->optimizer_values)
         && a->schedule == b->schedule && values_equal (&a->schedule_values, &b->schedule_values)
         && a->reg.l1 == b->reg.l1 && a->reg.l2 == b->reg.l2
         && a->reg.l1_proximal == b->reg.l1_proximal
         && memcmp (&a->stop, &b->stop, sizeof a->stop) == 0
         && a->max_steps == b->max_steps && a->batch_size == b->batch_size
         && a->eval_every == b->eval_every && a->shuffle_seed == b->shuffle_seed;
}

/* Drops every point after step k; lock held. */
static void
history_drop_after (GsHistory *h, guint64 k)
{
  while (h->checkpoints->len > 0
         && ((GsRunPoint *) g_ptr_array_index (h->checkpoints, h->checkpoints->len - 1))->k > k)
    g_ptr_array_remove_index (h->checkpoints, h->checkpoints->len - 1);
  h->recent_end = MIN (h->recent_end, k + 1);
  h->recent_first = MIN (h->recent_first, h->recent_end);
}

/* Halves the checkpoints: the spacing doubles; kept are step 0, the
 * multiples of the new spacing and every point where the settings
 * changed. Lock held. */
static void
history_thin (GsHistory *h)
{
  GPtrArray *old = h->checkpoints;
  GPtrArray *kept = g_ptr_array_new_with_free_func ((GDestroyNotify) gs_run_point_free);

  h->spacing *= 2;
  for (guint i = 0; i < old->len; i++)
    {
      GsRunPoint *p = g_ptr_array_index (old, i);
      GsRunPoint *prev = kept->len ? g_ptr_array_index (kept, kept->len - 1) : NULL;

      if (prev == NULL || p->k % h->spacing == 0 || !config_equal (&p->config, &prev->config))
        {
          g_ptr_array_add (kept, p);
          old->pdata[i] = NULL;
        }
    }
  g_ptr_array_unref (old);
  h->checkpoints = kept;
}

/* The run's current point into the history (a new step, or the current
 * one again under new settings); worker side. */
static void
history_record (GsRun *run)
{
  GsHistory *h = run->history;
  GsRunPoint **slot = &h->recent[run->k % RECENT];
  GsRunPoint *last;

  g_mutex_lock (&h->lock);
  history_drop_after (h, run->k);
  if (run->k == 0)
    h->spacing = 1;   /* a reset: dense again */
  if (*slot == NULL)
    *slot = point_new (run->n);
  point_fill (*slot, run);
  if (h->recent_end <= run->k)
    h->recent_end = run->k + 1;
  h->recent_first = h->recent_end > RECENT ? MAX (h->recent_first, h->recent_end - RECENT) : 0;
  if (h->recent_first > run->k)
    h->recent_first = run->k;

  last = h->checkpoints->len ? g_ptr_array_index (h->checkpoints, h->checkpoints->len - 1) : NULL;
  if (last != NULL && last->k == run->k)
    point_fill (last, run);
  else if (last == NULL || run->k % h->spacing == 0 || !config_equal (&last->config, &run->config))
    {
      GsRunPoint *p = point_new (run->n);

      point_fill (p, run);
      g_ptr_array_add (h->checkpoints, p);
      if (h->checkpoints->len > CHECKPOINTS)
        history_thin (h);
    }
  g_mutex_unlock (&h->lock);
}

gboolean
gs_run_enable_history (GsRun *run)
{
  GsHistory *h;

  if (run->history != NULL)
    return TRUE;
  if (run->n > GS_HISTORY_MAX_PARAMS || minibatch (run))
    return FALSE;
  h = g_new0 (GsHistory, 1);
  g_atomic_ref_count_init (&h->ref);
  g_mutex_init (&h->lock);
  h->problem = gs_problem_ref (run->problem);
  h->n = run->n;
  h->checkpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) gs_run_point_free);
  h->spacing = 1;
  run->history = h;
  /* from the current point on */
  history_record (run);
  return TRUE;
}

GsHistory *
gs_run_get_history (GsRun *run)
{
  return run->history;
}

GsHistory *
gs_history_ref (GsHistory *history)
{
  g_atomic_ref_count_inc (&history->ref);
  return history;
}

void
gs_history_unref (GsHistory *h)
{
  if (h == NULL || !g_atomic_ref_count_dec (&h->ref))
    return;
  for (guint i = 0; i < RECENT; i++)
    gs_run_point_free (h->recent[i]);
  g_ptr_array_unref (h->checkpoints);
  g_clear_pointer (&h->scratch, gs_run_free);
  gs_problem_unref (h->problem);
  g_mutex_clear (&h->lock);
  g_free (h);
}

guint64
gs_history_get_last_step (GsHistory *h)
{
  guint64 k;

  g_mutex_lock (&h->lock);
  k = h->recent_end > 0 ? h->recent_end - 1 : 0;
  g_mutex_unlock (&h->lock);
  return k;
}

/* The run back at point p exactly as it was there: row k evaluated again
 * (the same numbers), the trace cut before k and row k appended. */
static void
restore (GsRun *run, const GsRunPoint *p)
{
  run->config = p->config;
  gs_optimizer_state_free (run->opt_state);
  run->opt_state = gs_optimizer_state_copy (p->opt);
  run->sched_state = p->sched;
  run->k = p->k;
  run->best_loss = p->best_loss;
  run->last_loss = p->last_loss;
  run->last_grad_norm = p->last_grad_norm;
  run->last_metrics = p->last_metrics;
  memcpy (row (run)->theta, p->theta, sizeof (double) * run->n);
  run->status = GS_STATUS_RUNNING;
  evaluate_row (run, FALSE);
  gs_trace_truncate (run->trace, p->k);
  gs_trace_append (run->trace, row (run));
}

/* Step k's point: held, or replayed from the checkpoint before it; lock
 * held. NULL when k was never reached. */
static GsRunPoint *
point_at_locked (GsHistory *h, guint64 k)
{
  GsRunPoint *from = NULL;
  GsRunPoint *out;

  if (k >= h->recent_end)
    return NULL;
  if (k >= h->recent_first)
    return point_copy (h->recent[k % RECENT]);
  for (guint lo = 0, hi = h->checkpoints->len; lo < hi;)
    {
      guint mid = (lo + hi) / 2;
      GsRunPoint *p = g_ptr_array_index (h->checkpoints, mid);

      if (p->k <= k)
        {
          from = p;
          lo = mid + 1;
        }
      else
        hi = mid;
    }
  if (from == NULL)
    return NULL;
  if (from->k == k)
    return point_copy (from);
  /* replay: no settings changed between the checkpoint and k */
  if (h->scratch == NULL)
    h->scratch = gs_run_new (h->problem, &from->config, from->theta, 16);
  restore (h->scratch, from);
  while (h->scratch->k < k && gs_run_step (h->scratch) == GS_STATUS_RUNNING)
    ;
  if (h->scratch->k != k)
    return NULL;
  out = point_new (h->n);
  point_fill (out, h->scratch);
  return out;
}

GsRunPoint *
gs_history_point_at (GsHistory *h, guint64 k)
{
  GsRunPoint *p;

  g_mutex_lock (&h->lock);
  p = point_at_locked (h, k);
  g_mutex_unlock (&h->lock);
  return p;
}

guint64
gs_run_point_get_step (const GsRunPoint *point)
{
  return point->k;
}

const double *
gs_run_point_get_theta (const GsRunPoint *point)
{
  return point->theta;
}

const GsOptimizerState *
gs_run_point_get_optimizer_state (const GsRunPoint *point)
{
  return point->opt;
}

const GsRunConfig *
gs_run_point_get_config (const GsRunPoint *point)
{
  return &point->config;
}

const GsScheduleState *
gs_run_point_get_schedule_state (const GsRunPoint *point)
{
  return &point->sched;
}

gboolean
gs_run_rewind (GsRun *run, guint64 k)
{
  GsRunConfig now;
  GsRunPoint *p;

  if (run->history == NULL || k > run->k)
    return FALSE;
  if (k == run->k && run->status != GS_STATUS_DIVERGED)
    return TRUE;
  p = gs_history_point_at (run->history, k);
  if (p == NULL)
    return FALSE;
  now = run->config;
  restore (run, p);
  gs_run_point_free (p);
  history_record (run);
  /* the settings in use now apply from step k on */
  if (!config_equal (&now, &run->config))
    gs_run_set_config (run, &now);
  return TRUE;
}
