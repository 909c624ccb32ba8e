/* gs-study.c — studies as independent jobs on a thread pool.
 *
 * Every job is a fresh GsRun (or, for cross-validation, a run on a fold's
 * training rows) built from a copy of the experiment's settings with the
 * study's changes, stepped to its end on a worker. Jobs share only the
 * problem (read-only) and write their own result slots; the progress
 * counters are atomic, and a cell's "ready" flag is set once its slot is
 * written, so a snapshot can read it while the study runs.
 *
 * A tuned comparison is an lr sweep followed by one run per studied run.
 * Its jobs are all queued at the start, the sweep's first (the pool is
 * first in, first out): a run's comparison job waits, on the study's lock
 * and condition, until the jobs of its sweep have returned. Every job it
 * waits for was taken by a worker before it, so the wait ends; a cancel
 * wakes it too. */
#include "gs-study.h"
#include "gs-rng.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#define CURVE_GRID 200   /* intervals a seeds study's or a comparison's curves are sampled at */

typedef struct _Job Job;

struct _GsStudy
{
  GsStudySpec   spec;
  GsProblem    *problem;
  GsProblemKind kind;
  GsMlpConfig   mlp;            /* cv of a network: how to build one per fold */
  guint         n_runs;         /* of the experiment */
  GsRunConfig  *configs;        /* each run's settings */
  double       *start;          /* NULL: the problem's default */
  guint        *runs;           /* the runs studied */
  guint         n_studied;
  double        threshold;

  GArray       *cells;          /* GsStudyCell */
  GsStudyCell  *planned;        /* each cell as made: what a snapshot shows before it is ready */
  gint         *ready;          /* atomic, per cell: its job has written it */
  GArray       *curves;         /* GsStudyCurve */
  /* compare */
  GArray       *sweep;          /* with tune: the lr sweep's cells (GsStudyCell); else NULL */
  gboolean     *tuned;          /* per report cell: run at the sweep's best lr */
  guint        *sweep_left;     /* with tune, per studied run: sweep jobs not returned (lock) */
  GMutex        lock;
  GCond         sweep_done;     /* a run's sweep has returned, or a cancel */
  Job          *jobs;
  guint         n_jobs;
  /* cv: per λ × fold, the train and validation data losses */
  double       *cv_train, *cv_val;
  guint        *folds;
  /* seeds: per run × seed, the loss at each grid step */
  double       *seed_loss;

  GThreadPool  *pool;
  gint          stop;           /* atomic: cancel */
  gint          done;           /* atomic: jobs returned */
  gint          failed;         /* atomic: jobs cut short */
  gint64        t0;
  gint64        t_end;          /* under lock: when the last job returned (0: not yet) */
  gboolean      started;
  gboolean      finished;       /* aggregated */
};

struct _Job
{
  GsStudy *study;
  guint    cell;      /* lr sweep, phase: its cell; cv: λ index; seeds, range: run slot;
                       * compare: its sweep cell (sweep) or its report cell and run slot */
  guint    sub;       /* cv: the fold; seeds: the seed */
  gboolean sweep;     /* compare: a job of the lr sweep made first */
};

static const char *const kind_names[] = { "lr-sweep", "phase", "range-test", "cv", "seeds",
                                          "compare", NULL };

const char *
gs_study_kind_to_string (GsStudyKind kind)
{
  return kind <= GS_STUDY_COMPARE ? kind_names[kind] : "unknown";
}

gboolean
gs_study_kind_from_string (const char *name, GsStudyKind *out)
{
  for (guint i = 0; kind_names[i]; i++)
    if (g_str_equal (name, kind_names[i]))
      {
        *out = (GsStudyKind) i;
        return TRUE;
      }
  return FALSE;
}

void
gs_study_spec_init (GsStudySpec *spec, GsStudyKind kind)
{
  memset (spec, 0, sizeof *spec);
  spec->kind = kind;
  spec->run = -1;
  spec->threshold = NAN;
  spec->folds = 5;
  spec->n_seeds = 10;
  switch (kind)
    {
    case GS_STUDY_RANGE_TEST:
      spec->lo = 1e-6;
      spec->hi = 10;
      spec->points = 300;
      break;
    case GS_STUDY_CV:
      spec->lo = 1e-4;
      spec->hi = 10;
      spec->points = 12;
      break;
    case GS_STUDY_PHASE:
      g_strlcpy (spec->x_param, "lr", sizeof spec->x_param);
      g_strlcpy (spec->y_param, "momentum", sizeof spec->y_param);
      spec->x_lo = 1e-4;
      spec->x_hi = 1;
      spec->x_log = TRUE;
      spec->y_lo = 0;
      spec->y_hi = 0.99;
      spec->nx = spec->ny = 16;
      spec->run = 0;
      break;
    case GS_STUDY_LR_SWEEP:
    case GS_STUDY_SEEDS:
    case GS_STUDY_COMPARE:
    default:
      spec->lo = 1e-5;
      spec->hi = 10;
      spec->points = 25;
      break;
    }
}

/* The i-th of n values from lo to hi, both ends included */
static double
spaced (double lo, double hi, guint i, guint n, gboolean log_scale)
{
  double t = n > 1 ? (double) i / (n - 1) : 0.0;

  if (i == 0)
    return lo;
  if (i + 1 == n)
    return hi;
  if (log_scale)
    return exp (log (lo) + t * (log (hi) - log (lo)));
  return lo + t * (hi - lo);
}

guint *
gs_study_folds (guint n_rows, guint folds, guint64 seed)
{
  guint *perm = g_new (guint, MAX (n_rows, 1));
  guint *fold = g_new (guint, MAX (n_rows, 1));
  GsRng rng;

  for (guint i = 0; i < n_rows; i++)
    perm[i] = i;
  gs_rng_init (&rng, seed);
  gs_rng_shuffle (&rng, perm, n_rows);
  /* the shuffled rows dealt out in turn: sizes differ by at most one */
  for (guint i = 0; i < n_rows; i++)
    fold[perm[i]] = i % folds;
  g_free (perm);
  return fold;
}

/* ---- setting a hyper-parameter by name ----------------------------------------- */

/* name → where it goes in a config: an optimizer parameter (its index and
 * component) or the batch size; FALSE when the optimizer has none */
static gboolean
find_param (const GsRunConfig *c, const char *name, int *index, guint *component,
            gboolean *batch)
{
  g_autofree char *base = g_strdup (name);
  char *bracket = strchr (base, '[');

  *component = 0;
  *batch = g_str_equal (name, "batch_size");
  if (*batch)
    return TRUE;
  if (bracket != NULL)
    {
      *bracket = '\0';
      *component = (guint) g_ascii_strtoull (bracket + 1, NULL, 10);
      if (*component > 1)
        return FALSE;
    }
  *index = gs_param_find (c->optimizer->params, c->optimizer->n_params, base);
  if (*index < 0)
    return FALSE;
  return *component == 0 || c->optimizer->params[*index].type == GS_PARAM_PAIR;
}

static void
set_param (GsRunConfig *c, const char *name, double v)
{
  int index = -1;
  guint component;
  gboolean batch;

  if (!find_param (c, name, &index, &component, &batch))
    return;
  if (batch)
    {
      c->batch_size = (guint) MAX (0.0, round (v));
      return;
    }
  c->optimizer_values.values[index][component] = v;
  c->optimizer_values.set |= 1u << index;
}

/* ---- one run --------------------------------------------------------------------- */

typedef struct
{
  GsStatus status;
  gboolean diverged;
  gboolean done;
  guint64  steps;
  guint64  to_threshold;
  double   to_threshold_seconds;  /* NAN: not reached */
  double   final_loss;            /* NAN: cancelled */
  double   best_loss;
  double   seconds;
} Outcome;

/* Steps a run to its end (or the study's divergence rule, or a cancel);
 * loss_at (when not NULL) gets the last evaluated loss at every step of
 * grid (n_grid steps, ascending; NAN before the first evaluation, after a
 * divergence and after a cancel). */
static void
run_to_end (GsStudy *study, GsRun *run, double threshold, Outcome *out, const guint64 *grid,
            guint n_grid, double *loss_at)
{
  const GsRow *row = gs_run_get_last_row (run);
  double first = row->loss, last = row->loss;
  gint64 t0 = g_get_monotonic_time ();
  guint g = 0;

  memset (out, 0, sizeof *out);
  out->to_threshold = G_MAXUINT64;
  out->to_threshold_seconds = NAN;
  out->final_loss = out->best_loss = NAN;
  if (!isnan (threshold) && row->loss < threshold)
    {
      out->to_threshold = 0;
      out->to_threshold_seconds = 0;
    }
  for (;;)
    {
      guint64 k = gs_run_get_step (run);

      while (loss_at && g < n_grid && grid[g] <= k)
        loss_at[g++] = last;
      if (gs_run_get_status (run) != GS_STATUS_RUNNING)
        break;
      if (g_atomic_int_get (&study->stop))
        {
          while (loss_at && g < n_grid)
            loss_at[g++] = NAN;
          out->steps = k;
          out->seconds = (g_get_monotonic_time () - t0) / 1e6;
          return;
        }
      gs_run_step (run);
      row = gs_run_get_last_row (run);
      if (isnan (row->loss))
        {
          if (gs_run_get_status (run) == GS_STATUS_DIVERGED)
            out->diverged = TRUE;
          continue;
        }
      last = row->loss;
      if (!isnan (threshold) && row->loss < threshold && out->to_threshold == G_MAXUINT64)
        {
          out->to_threshold = (guint64) row->step;
          out->to_threshold_seconds = (g_get_monotonic_time () - t0) / 1e6;
        }
      if (!isfinite (row->loss) || row->loss > GS_STUDY_DIVERGENCE_FACTOR * fabs (first))
        {
          out->diverged = TRUE;
          break;
        }
    }
  while (loss_at && g < n_grid)
    loss_at[g++] = out->diverged ? NAN : last;
  out->status = gs_run_get_status (run);
  out->diverged |= out->status == GS_STATUS_DIVERGED;
  out->steps = gs_run_get_step (run);
  out->final_loss = last;
  out->best_loss = gs_run_get_best_loss (run);
  out->seconds = (g_get_monotonic_time () - t0) / 1e6;
  out->done = TRUE;
}

static void
cell_from (GsStudyCell *cell, const Outcome *o)
{
  cell->done = o->done;
  cell->status = o->status;
  cell->diverged = o->diverged;
  cell->steps = o->steps;
  cell->steps_to_threshold = o->to_threshold;
  cell->final_loss = o->final_loss;
  cell->best_loss = o->best_loss;
  cell->seconds = o->seconds;
  cell->seconds_to_threshold = o->to_threshold_seconds;
}

/* A cell as a study makes it: nothing computed yet */
static GsStudyCell
new_cell (guint run, double x, double y)
{
  GsStudyCell cell = { .run = run, .x = x, .y = y };

  cell.steps_to_threshold = G_MAXUINT64;
  cell.final_loss = cell.best_loss = NAN;
  cell.seconds_to_threshold = NAN;
  return cell;
}

const GsStudyCell *
gs_study_cells_best (const GsStudyCell *cells, guint n, guint r, double threshold)
{
  const GsStudyCell *best = NULL;
  gboolean best_there = FALSE;

  for (guint i = 0; i < n; i++)
    {
      const GsStudyCell *c = &cells[i];
      /* reached the threshold and still under it at the end: with a
       * threshold every converging run stops just under it, and its final
       * loss says little — the first to get there (and stay) wins; one that
       * dipped under it and blew up again is no winner */
      gboolean there = c->steps_to_threshold != G_MAXUINT64 && c->final_loss < threshold;

      if (c->run != r || !c->done || c->diverged || !isfinite (c->final_loss))
        continue;
      if (best == NULL || (there && !best_there))
        {
          best = c;
          best_there = there;
        }
      else if (there != best_there)
        continue;
      else if (there && c->steps_to_threshold != best->steps_to_threshold)
        {
          if (c->steps_to_threshold < best->steps_to_threshold)
            best = c;
        }
      else if (c->final_loss < best->final_loss)
        best = c;
    }
  return best;
}

static const GsStudyCell *
least_final (GsStudy *study, GArray *cells, guint r)
{
  return cells ? gs_study_cells_best ((const GsStudyCell *) cells->data, cells->len, r,
                                      study->threshold)
               : NULL;
}

double
gs_study_get_threshold (GsStudy *study)
{
  return study->threshold;
}

/* A run with the study's changes to run r's settings; a small trace: the
 * study keeps what it needs itself */
static GsRun *
make_run (GsStudy *study, GsProblem *problem, const GsRunConfig *config)
{
  return gs_run_new (problem, config, problem == study->problem ? study->start : NULL, 16);
}

/* ---- the jobs -------------------------------------------------------------------- */

/* Cell i of cells (an lr sweep's, a comparison's sweep, a phase map's) */
static void
job_sweep_or_phase (GsStudy *study, GArray *cells, guint i)
{
  GsStudyCell *cell = &g_array_index (cells, GsStudyCell, i);
  GsRunConfig c = study->configs[cell->run];
  g_autoptr(GsRun) run = NULL;
  Outcome o;

  if (study->spec.kind == GS_STUDY_PHASE)
    {
      set_param (&c, study->spec.x_param, cell->x);
      set_param (&c, study->spec.y_param, cell->y);
    }
  else
    c.optimizer_values.values[0][0] = cell->x;
  run = make_run (study, study->problem, &c);
  run_to_end (study, run, study->threshold, &o, NULL, 0, NULL);
  cell_from (cell, &o);
}

/* compare: a job of run slot s's sweep has returned */
static void
sweep_returned (GsStudy *study, guint s)
{
  g_mutex_lock (&study->lock);
  if (--study->sweep_left[s] == 0)
    g_cond_broadcast (&study->sweep_done);
  g_mutex_unlock (&study->lock);
}

/* compare: run slot job->cell once, at its own lr or (tune) at the best
 * of its sweep once every job of that sweep has returned */
static void
job_compare (GsStudy *study, Job *job)
{
  GsStudyCell *cell = &g_array_index (study->cells, GsStudyCell, job->cell);
  GsStudyCurve *curve = &g_array_index (study->curves, GsStudyCurve, job->cell);
  GsRunConfig c = study->configs[cell->run];
  g_autoptr(GsRun) run = NULL;
  g_autofree guint64 *grid = g_new (guint64, MAX (curve->n, 1));
  Outcome o;

  if (study->spec.tune)
    {
      const GsStudyCell *best;
      gboolean stopped;

      g_mutex_lock (&study->lock);
      while (study->sweep_left[job->cell] > 0 && !g_atomic_int_get (&study->stop))
        g_cond_wait (&study->sweep_done, &study->lock);
      stopped = g_atomic_int_get (&study->stop);
      g_mutex_unlock (&study->lock);
      if (stopped)
        return;
      /* a sweep that diverged at every lr: the run's own lr */
      best = least_final (study, study->sweep, cell->run);
      if (best != NULL)
        {
          c.optimizer_values.values[0][0] = best->x;
          study->tuned[job->cell] = TRUE;
        }
    }
  cell->x = c.optimizer_values.values[0][0];
  for (guint g = 0; g < curve->n; g++)
    grid[g] = (guint64) curve->x[g];
  run = make_run (study, study->problem, &c);
  run_to_end (study, run, study->threshold, &o, grid, curve->n, curve->y);
  /* a run that stopped early (converged, or the stop rules) ends its line
   * at its last step, not flat to max_steps */
  if (o.done && !o.diverged)
    for (guint g = 1; g < curve->n; g++)
      if (grid[g] > o.steps)
        {
          if (grid[g - 1] < o.steps)
            {
              curve->x[g] = (double) o.steps;
              curve->y[g] = o.final_loss;
              g++;
            }
          for (; g < curve->n; g++)
            curve->y[g] = NAN;
          break;
        }
  cell_from (cell, &o);
  g_atomic_int_set (&study->ready[job->cell], 1);
}

static void
job_range (GsStudy *study, Job *job)
{
  GsStudyCurve *curve = &g_array_index (study->curves, GsStudyCurve, job->cell);
  GsRunConfig c = study->configs[curve->run];
  g_autoptr(GsRun) run = NULL;
  double gamma = pow (study->spec.hi / study->spec.lo, 1.0 / MAX (1u, study->spec.points - 1));
  double best = INFINITY, first = NAN;
  guint n = 0;

  /* lr_k = lo·γᵏ: the exponential schedule from lo */
  c.optimizer_values.values[0][0] = study->spec.lo;
  c.schedule = gs_schedule_lookup ("exponential");
  gs_param_values_init (&c.schedule_values, c.schedule->params, c.schedule->n_params);
  c.schedule_values.values[gs_param_find (c.schedule->params, c.schedule->n_params, "gamma")][0]
    = gamma;
  c.max_steps = study->spec.points;
  run = make_run (study, study->problem, &c);
  while (n < study->spec.points && !g_atomic_int_get (&study->stop))
    {
      const GsRow *row = gs_run_get_last_row (run);
      double loss = isnan (row->loss) ? row->batch_loss : row->loss;

      curve->x[n] = row->lr;
      curve->y[n] = loss;
      n++;
      if (isfinite (loss))
        best = MIN (best, loss);
      if (isnan (first))
        first = loss;
      /* Smith's rule: stop once the loss has blown up — 4 × the best for
       * a loss ≥ 0; measured from the start for any sign (a loss can be
       * negative: a saddle, a typed f) */
      if (!isfinite (loss) || gs_run_step (run) != GS_STATUS_RUNNING
          || (best >= 0 ? loss > 4 * best
                        : loss - best > 3 * MAX (fabs (best), fabs (first - best))))
        break;
    }
  curve->n = n;
  if (g_atomic_int_get (&study->stop))
    g_atomic_int_inc (&study->failed);
}

/* A data set of the rows whose fold is (or, train, is not) f */
static GsDataset *
fold_rows (const GsDataset *data, const guint *folds, guint f, gboolean train)
{
  guint n = 0, at = 0;
  GsDataset *out;

  for (guint i = 0; i < data->n_rows; i++)
    n += (folds[i] == f) != train;
  out = gs_dataset_new (n, data->n_features);
  out->n_classes = data->n_classes;
  for (guint i = 0; i < data->n_rows; i++)
    if ((folds[i] == f) != train)
      {
        memcpy (out->x + (gsize) at * out->cols, data->x + (gsize) i * data->cols,
                sizeof (double) * data->cols);
        out->y[at++] = data->y[i];
      }
  return out;
}

static void
job_cv (GsStudy *study, Job *job)
{
  const GsStudyCell *cell = &g_array_index (study->cells, GsStudyCell, job->cell);
  const GsDataset *data = gs_problem_get_data (study->problem);
  GsRunConfig c = study->configs[cell->run];
  GsModelOptions options;
  g_autoptr(GsProblem) train = NULL;
  g_autoptr(GsProblem) val = NULL;
  g_autoptr(GsRun) run = NULL;
  g_autofree double *work = NULL;
  gsize slot = (gsize) job->cell * study->spec.folds + job->sub;
  Outcome o;

  gs_model_options_init (&options);
  options.mlp = study->mlp;
  train = gs_problem_new_model_full (study->kind, fold_rows (data, study->folds, job->sub, TRUE),
                                     &options, NULL);
  val = gs_problem_new_model_full (study->kind, fold_rows (data, study->folds, job->sub, FALSE),
                                   &options, NULL);
  /* a fold without some class would make a smaller network: no loss */
  if (train == NULL || val == NULL
      || gs_problem_get_n_params (train) != gs_problem_get_n_params (val))
    {
      study->cv_train[slot] = study->cv_val[slot] = NAN;
      return;
    }
  c.reg.l1 = study->spec.l1 ? cell->x : 0.0;
  c.reg.l2 = study->spec.l1 ? 0.0 : cell->x;
  c.reg.l1_proximal = FALSE;
  /* the folds' own start: the experiment's when it gave one, else the
   * model's default (the same for every fold: it does not depend on rows) */
  run = gs_run_new (train, &c, study->start, 16);
  run_to_end (study, run, NAN, &o, NULL, 0, NULL);
  work = g_new (double, MAX (gs_problem_get_work_size (train), gs_problem_get_work_size (val)) + 1);
  /* data losses, no penalty: what the model does on rows it saw and did not */
  study->cv_train[slot] = gs_problem_objective (train, NULL, gs_run_get_theta (run), NULL, 0,
                                                NULL, work);
  study->cv_val[slot] = gs_problem_objective (val, NULL, gs_run_get_theta (run), NULL, 0,
                                              NULL, work);
  if (!o.done)
    study->cv_val[slot] = NAN;
  /* a fold whose training diverged: +∞, so the λ is marked diverged */
  else if (o.diverged || !isfinite (study->cv_val[slot]))
    study->cv_val[slot] = INFINITY;
}

static void
job_seeds (GsStudy *study, Job *job)
{
  const GsStudyCurve *curve = &g_array_index (study->curves, GsStudyCurve, job->cell);
  GsRunConfig c = study->configs[curve->run];
  g_autoptr(GsRun) run = NULL;
  g_autofree guint64 *grid = g_new (guint64, curve->n);
  Outcome o;

  for (guint g = 0; g < curve->n; g++)
    grid[g] = (guint64) curve->x[g];
  c.shuffle_seed = study->spec.seed + job->sub;
  run = make_run (study, study->problem, &c);
  run_to_end (study, run, NAN, &o, grid, curve->n,
              study->seed_loss + ((gsize) job->cell * study->spec.n_seeds + job->sub) * curve->n);
}

static void
worker (gpointer data, gpointer user_data)
{
  Job *job = data;
  GsStudy *study = job->study;

  switch (study->spec.kind)
    {
    case GS_STUDY_LR_SWEEP:
    case GS_STUDY_PHASE:
      job_sweep_or_phase (study, study->cells, job->cell);
      g_atomic_int_set (&study->ready[job->cell], 1);
      break;
    case GS_STUDY_COMPARE:
      if (job->sweep)
        {
          job_sweep_or_phase (study, study->sweep, job->cell);
          sweep_returned (study, job->cell / study->spec.points);
        }
      else
        job_compare (study, job);
      break;
    case GS_STUDY_RANGE_TEST:
      job_range (study, job);
      break;
    case GS_STUDY_CV:
      job_cv (study, job);
      break;
    case GS_STUDY_SEEDS:
      job_seeds (study, job);
      break;
    default:
      break;
    }
  /* the last job to return: the study's wall time ends here */
  g_mutex_lock (&study->lock);
  if ((guint) g_atomic_int_get (&study->done) + 1 == study->n_jobs)
    study->t_end = g_get_monotonic_time ();
  g_atomic_int_inc (&study->done);
  g_mutex_unlock (&study->lock);
}

/* ---- building ------------------------------------------------------------------- */

/* An lr sweep's cells: every studied run × points lrs, log-spaced */
static void
sweep_cells (GsStudy *study, GArray *cells)
{
  for (guint s = 0; s < study->n_studied; s++)
    for (guint i = 0; i < study->spec.points; i++)
      {
        GsStudyCell cell = new_cell (study->runs[s],
                                     spaced (study->spec.lo, study->spec.hi, i,
                                             study->spec.points, TRUE),
                                     NAN);

        g_array_append_val (cells, cell);
      }
}

/* curve->x (room for CURVE_GRID + 1): CURVE_GRID + 1 steps from 0 to max,
 * both ends included (every step when there are fewer) */
static void
step_grid (GsStudyCurve *curve, guint64 max)
{
  guint n = (guint) MIN ((guint64) CURVE_GRID + 1, max + 1);

  curve->n = n;
  for (guint g = 0; g < n; g++)
    curve->x[g] = n > 1 ? round ((double) g * (double) max / (n - 1)) : 0;
}

GsStudy *
gs_study_new (const GsExperiment *exp, const GsStudySpec *spec, GError **error)
{
  GsStudy *study;
  guint n_runs = gs_experiment_get_n_runs (exp);
  guint first = 0, last = n_runs;
  gboolean tuned = spec->kind == GS_STUDY_COMPARE && spec->tune;

  if (spec->run >= (int) n_runs)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE, "the experiment has %u run; there is no run %d",
                                "the experiment has %u runs; there is no run %d", n_runs),
                   n_runs, spec->run);
      return NULL;
    }
  if (spec->run >= 0)
    {
      first = (guint) spec->run;
      last = first + 1;
    }
  if ((spec->kind == GS_STUDY_LR_SWEEP || spec->kind == GS_STUDY_RANGE_TEST || tuned)
      && !(spec->lo > 0 && spec->hi > spec->lo && isfinite (spec->hi)))
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID, _("the learning rates must satisfy "
                   "0 < min < max, found [%g, %g]"), spec->lo, spec->hi);
      return NULL;
    }
  if ((spec->kind == GS_STUDY_LR_SWEEP || spec->kind == GS_STUDY_CV || tuned
       || spec->kind == GS_STUDY_RANGE_TEST)
      && spec->points > GS_STUDY_MAX_POINTS)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID, _("a study of %u values: expected at "
                   "most %u"), spec->points, GS_STUDY_MAX_POINTS);
      return NULL;
    }
  if ((spec->kind == GS_STUDY_SEEDS && spec->n_seeds > GS_STUDY_MAX_POINTS)
      || (spec->kind == GS_STUDY_CV && spec->folds > 1000))
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID, _("too many runs: at most %u seeds and "
                   "1000 folds"), GS_STUDY_MAX_POINTS);
      return NULL;
    }
  if ((spec->kind == GS_STUDY_LR_SWEEP || spec->kind == GS_STUDY_CV || tuned) && spec->points < 2)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID, _("a study needs at least 2 points, "
                   "found %u"), spec->points);
      return NULL;
    }
  if (spec->kind == GS_STUDY_RANGE_TEST && spec->points < 2)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID, _("a range test needs at least 2 steps, "
                   "found %u"), spec->points);
      return NULL;
    }
  if (spec->kind == GS_STUDY_CV)
    {
      const GsDataset *data = exp->kind != GS_PROBLEM_FUNCTION
                              ? gs_problem_get_data (exp->problem) : NULL;

      if (data == NULL)
        {
          g_set_error (error, GS_ERROR, GS_ERROR_INVALID, _("cross-validation needs a model "
                       "trained on data (linear or logistic regression, a network), not a "
                       "2-D function"));
          return NULL;
        }
      if (spec->folds < 2 || spec->folds > data->n_rows)
        {
          g_set_error (error, GS_ERROR, GS_ERROR_INVALID, _("%u folds of %u rows: expected 2 "
                       "to %u folds"), spec->folds, data->n_rows, data->n_rows);
          return NULL;
        }
      if (!(spec->lo >= 0 && spec->hi > spec->lo && isfinite (spec->hi)))
        {
          g_set_error (error, GS_ERROR, GS_ERROR_INVALID, _("the strengths must satisfy "
                       "0 ≤ min < max, found [%g, %g]"), spec->lo, spec->hi);
          return NULL;
        }
    }
  if (spec->kind == GS_STUDY_SEEDS && spec->n_seeds < 1)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID, _("a seeds study needs at least 1 seed"));
      return NULL;
    }
  if (spec->kind == GS_STUDY_PHASE)
    {
      GsRunConfig c;
      const char *names[2] = { spec->x_param, spec->y_param };

      gs_experiment_get_run_config (exp, MAX (spec->run, 0), &c);
      for (guint a = 0; a < 2; a++)
        {
          int index;
          guint component;
          gboolean batch;

          if (!find_param (&c, names[a], &index, &component, &batch))
            {
              g_set_error (error, GS_ERROR, GS_ERROR_INVALID, _("%s has no hyper-parameter "
                           "'%s' (a phase map varies lr, batch_size or one of the "
                           "optimizer's parameters)"), _(c.optimizer->title), names[a]);
              return NULL;
            }
          if (batch && exp->kind == GS_PROBLEM_FUNCTION)
            {
              g_set_error (error, GS_ERROR, GS_ERROR_INVALID, _("batch_size applies to data "
                           "sets; a 2-D function has none"));
              return NULL;
            }
          /* both ends within what the optimizer accepts (PyTorch's ranges) */
          for (guint end = 0; end < 2; end++)
            {
              double v = a == 0 ? (end ? spec->x_hi : spec->x_lo)
                                : (end ? spec->y_hi : spec->y_lo);
              g_autofree char *message = NULL;

              const GsDataset *data = batch ? gs_problem_get_data (exp->problem) : NULL;
              double rows = data ? data->n_rows : 1;

              if (batch ? !(v >= 1 && v <= rows)
                        : !gs_param_check (&c.optimizer->params[index], component, v, &message))
                {
                  if (message == NULL)
                    message = g_strdup_printf (_("invalid batch size: %g (expected 1 to the "
                                                 "%g rows of the data)"), v, rows);
                  g_set_error (error, GS_ERROR, GS_ERROR_INVALID, "%s: %s", names[a], message);
                  return NULL;
                }
            }
        }
      if (spec->nx < 1 || spec->ny < 1 || (guint64) spec->nx * spec->ny > 1000000)
        {
          g_set_error (error, GS_ERROR, GS_ERROR_INVALID, _("a phase map of %u × %u cells: "
                       "expected 1 to 1 000 000 cells"), spec->nx, spec->ny);
          return NULL;
        }
      if ((spec->x_log && !(spec->x_lo > 0)) || (spec->y_log && !(spec->y_lo > 0)))
        {
          g_set_error (error, GS_ERROR, GS_ERROR_INVALID, _("a logarithmic axis needs values "
                       "above 0"));
          return NULL;
        }
    }

  study = g_new0 (GsStudy, 1);
  study->spec = *spec;
  study->problem = gs_problem_ref (exp->problem);
  study->kind = exp->kind;
  study->mlp = exp->mlp;
  study->n_runs = n_runs;
  study->configs = g_new (GsRunConfig, n_runs);
  for (guint r = 0; r < n_runs; r++)
    gs_experiment_get_run_config (exp, r, &study->configs[r]);
  if (exp->has_start)
    study->start = g_memdup2 (exp->start, sizeof (double) * gs_problem_get_n_params (exp->problem));
  study->runs = g_new (guint, last - first);
  for (guint r = first; r < last; r++)
    study->runs[study->n_studied++] = r;
  study->threshold = isnan (spec->threshold) ? exp->stop.loss_below : spec->threshold;
  study->cells = g_array_new (FALSE, TRUE, sizeof (GsStudyCell));
  study->curves = g_array_new (FALSE, TRUE, sizeof (GsStudyCurve));
  g_mutex_init (&study->lock);
  g_cond_init (&study->sweep_done);

  switch (spec->kind)
    {
    case GS_STUDY_LR_SWEEP:
      sweep_cells (study, study->cells);
      break;
    case GS_STUDY_COMPARE:
      if (tuned)
        {
          study->sweep = g_array_new (FALSE, TRUE, sizeof (GsStudyCell));
          sweep_cells (study, study->sweep);
          study->sweep_left = g_new (guint, study->n_studied);
          for (guint s = 0; s < study->n_studied; s++)
            study->sweep_left[s] = spec->points;
        }
      study->tuned = g_new0 (gboolean, MAX (study->n_studied, 1));
      for (guint s = 0; s < study->n_studied; s++)
        {
          guint r = study->runs[s];
          GsStudyCell cell = new_cell (r, study->configs[r].optimizer_values.values[0][0], NAN);
          GsStudyCurve curve = { .run = r, .suggested = NAN };

          g_array_append_val (study->cells, cell);
          curve.x = g_new0 (double, CURVE_GRID + 1);
          curve.y = g_new (double, CURVE_GRID + 1);
          step_grid (&curve, study->configs[r].max_steps);
          /* NAN until the job writes it: a curve of a run not made */
          for (guint g = 0; g < curve.n; g++)
            curve.y[g] = NAN;
          g_array_append_val (study->curves, curve);
        }
      break;
    case GS_STUDY_PHASE:
      for (guint iy = 0; iy < spec->ny; iy++)
        for (guint ix = 0; ix < spec->nx; ix++)
          {
            double x = spaced (spec->x_lo, spec->x_hi, ix, spec->nx, spec->x_log);
            double y = spaced (spec->y_lo, spec->y_hi, iy, spec->ny, spec->y_log);
            GsStudyCell cell = new_cell (study->runs[0], x, y);

            g_array_append_val (study->cells, cell);
          }
      break;
    case GS_STUDY_CV:
      {
        const GsDataset *data = gs_problem_get_data (exp->problem);

        study->folds = gs_study_folds (data->n_rows, spec->folds, spec->seed);
        for (guint i = 0; i < spec->points; i++)
          {
            GsStudyCell cell = new_cell (study->runs[0], 0, NAN);

            /* λ = 0 first when asked (lo = 0), then log-spaced */
            cell.x = spec->lo == 0 ? (i == 0 ? 0
                                      : spec->points == 2 ? spec->hi
                                      : spaced (spec->hi * 1e-4, spec->hi, i - 1,
                                                spec->points - 1, TRUE))
                                   : spaced (spec->lo, spec->hi, i, spec->points, TRUE);
            g_array_append_val (study->cells, cell);
          }
        study->cv_train = g_new (double, (gsize) spec->points * spec->folds);
        study->cv_val = g_new (double, (gsize) spec->points * spec->folds);
      }
      break;
    case GS_STUDY_RANGE_TEST:
    case GS_STUDY_SEEDS:
      for (guint s = 0; s < study->n_studied; s++)
        {
          GsStudyCurve curve = { .run = study->runs[s], .suggested = NAN };
          guint n = spec->kind == GS_STUDY_RANGE_TEST ? spec->points : CURVE_GRID + 1;

          curve.x = g_new0 (double, n);
          curve.y = g_new0 (double, n);
          curve.n = n;
          if (spec->kind == GS_STUDY_SEEDS)
            {
              curve.y_lo = g_new0 (double, n);
              curve.y_hi = g_new0 (double, n);
              curve.y_std = g_new0 (double, n);
              step_grid (&curve, study->configs[curve.run].max_steps);
            }
          g_array_append_val (study->curves, curve);
        }
      if (spec->kind == GS_STUDY_SEEDS)
        study->seed_loss = g_new (double, (gsize) study->n_studied * spec->n_seeds
                                          * (CURVE_GRID + 1));
      break;
    default:
      break;
    }

  /* the jobs */
  switch (spec->kind)
    {
    case GS_STUDY_LR_SWEEP:
    case GS_STUDY_PHASE:
      study->n_jobs = study->cells->len;
      break;
    case GS_STUDY_CV:
      study->n_jobs = spec->points * spec->folds;
      break;
    case GS_STUDY_RANGE_TEST:
      study->n_jobs = study->n_studied;
      break;
    case GS_STUDY_SEEDS:
      study->n_jobs = study->n_studied * spec->n_seeds;
      break;
    case GS_STUDY_COMPARE:
      study->n_jobs = (study->sweep ? study->sweep->len : 0) + study->n_studied;
      break;
    default:
      break;
    }
  study->jobs = g_new0 (Job, MAX (study->n_jobs, 1));
  for (guint j = 0; j < study->n_jobs; j++)
    {
      Job *job = &study->jobs[j];

      job->study = study;
      if (spec->kind == GS_STUDY_CV)
        {
          job->cell = j / spec->folds;
          job->sub = j % spec->folds;
        }
      else if (spec->kind == GS_STUDY_SEEDS)
        {
          job->cell = j / spec->n_seeds;
          job->sub = j % spec->n_seeds;
        }
      else if (spec->kind == GS_STUDY_COMPARE && study->sweep != NULL)
        {
          /* the sweep's jobs first: see the top of the file */
          job->sweep = j < study->sweep->len;
          job->cell = job->sweep ? j : j - study->sweep->len;
        }
      else
        job->cell = j;
    }
  study->planned = g_new0 (GsStudyCell, MAX (study->cells->len, 1));
  if (study->cells->len > 0)
    memcpy (study->planned, study->cells->data, sizeof (GsStudyCell) * study->cells->len);
  study->ready = g_new0 (gint, MAX (study->cells->len, 1));
  return study;
}

/* ---- running --------------------------------------------------------------------- */

void
gs_study_start (GsStudy *study)
{
  guint threads = study->spec.n_threads ? study->spec.n_threads : g_get_num_processors ();

  g_return_if_fail (!study->started);
  study->started = TRUE;
  study->t0 = g_get_monotonic_time ();
  if (study->n_jobs == 0)
    return;
  study->pool = g_thread_pool_new (worker, study, (gint) CLAMP (threads, 1, 256), FALSE, NULL);
  for (guint j = 0; j < study->n_jobs; j++)
    g_thread_pool_push (study->pool, &study->jobs[j], NULL);
}

void
gs_study_cancel (GsStudy *study)
{
  g_atomic_int_set (&study->stop, 1);
  /* a comparison's jobs waiting for their sweep: stop is set before the
   * lock is taken, so none misses it */
  g_mutex_lock (&study->lock);
  g_cond_broadcast (&study->sweep_done);
  g_mutex_unlock (&study->lock);
}

static double
mean_of (const double *v, guint n, guint stride, double *std)
{
  double s = 0, ss = 0;
  guint m = 0;

  for (guint i = 0; i < n; i++)
    if (isfinite (v[(gsize) i * stride]))
      {
        s += v[(gsize) i * stride];
        m++;
      }
  if (m == 0)
    {
      *std = NAN;
      return NAN;
    }
  s /= m;
  for (guint i = 0; i < n; i++)
    if (isfinite (v[(gsize) i * stride]))
      ss += (v[(gsize) i * stride] - s) * (v[(gsize) i * stride] - s);
  /* the sample standard deviation (0 for one value) */
  *std = m > 1 ? sqrt (ss / (m - 1)) : 0.0;
  return s;
}

/* Results from the jobs' slots, once every job has returned */
static void
aggregate (GsStudy *study)
{
  const GsStudySpec *spec = &study->spec;

  if (spec->kind == GS_STUDY_CV)
    for (guint i = 0; i < study->cells->len; i++)
      {
        GsStudyCell *cell = &g_array_index (study->cells, GsStudyCell, i);
        const double *tr = study->cv_train + (gsize) i * spec->folds;
        const double *va = study->cv_val + (gsize) i * spec->folds;
        /* done when every fold of it finished, cancelled or not */
        gboolean all = TRUE;

        /* NAN: a fold not computed (cancelled); ±∞: its training diverged,
         * and a λ with such a fold is out of the choice, not averaged
         * over fewer folds */
        cell->diverged = FALSE;
        for (guint f = 0; f < spec->folds; f++)
          {
            all &= !isnan (va[f]);
            cell->diverged |= isinf (va[f]) || isinf (tr[f]);
          }
        cell->train_mean = mean_of (tr, spec->folds, 1, &cell->train_std);
        cell->val_mean = mean_of (va, spec->folds, 1, &cell->val_std);
        cell->final_loss = cell->val_mean;
        cell->done = all;
      }
  if (spec->kind == GS_STUDY_SEEDS)
    for (guint c = 0; c < study->curves->len; c++)
      {
        GsStudyCurve *curve = &g_array_index (study->curves, GsStudyCurve, c);
        const double *base = study->seed_loss + (gsize) c * spec->n_seeds * curve->n;

        for (guint g = 0; g < curve->n; g++)
          {
            double lo = INFINITY, hi = -INFINITY;

            curve->y[g] = mean_of (base + g, spec->n_seeds, curve->n, &curve->y_std[g]);
            for (guint s = 0; s < spec->n_seeds; s++)
              {
                double v = base[(gsize) s * curve->n + g];

                if (isfinite (v))
                  {
                    lo = MIN (lo, v);
                    hi = MAX (hi, v);
                  }
              }
            curve->y_lo[g] = isfinite (lo) ? lo : NAN;
            curve->y_hi[g] = isfinite (hi) ? hi : NAN;
            /* every seed the same (full-batch runs): no spread, not the
             * rounding of the mean */
            if (isfinite (lo) && lo == hi)
              curve->y_std[g] = 0;
          }
      }
  if (spec->kind == GS_STUDY_RANGE_TEST)
    for (guint c = 0; c < study->curves->len; c++)
      {
        GsStudyCurve *curve = &g_array_index (study->curves, GsStudyCurve, c);
        double smooth = NAN, prev = NAN, steepest = 0;
        /* as fastai's lr_find: the first tenth of the steps is the walk
         * leaving its start (a far start falls fast at any lr), not what
         * the lr does */
        guint skip = spec->points / 10;

        /* the loss smoothed (moving average 0.9), then the steepest fall
         * per unit of log lr, before the loss blows up */
        for (guint k = 0; k < curve->n; k++)
          {
            double v = curve->y[k];

            if (!isfinite (v))
              break;
            smooth = isnan (smooth) ? v : 0.9 * smooth + 0.1 * v;
            if (k > skip && isfinite (prev) && curve->x[k] > curve->x[k - 1])
              {
                double slope = (smooth - prev) / (log (curve->x[k]) - log (curve->x[k - 1]));

                if (slope < steepest)
                  {
                    steepest = slope;
                    curve->suggested = curve->x[k];
                  }
              }
            prev = smooth;
          }
      }
  study->finished = TRUE;
}

gboolean
gs_study_wait (GsStudy *study)
{
  if (!study->started)
    return FALSE;
  if (study->pool != NULL)
    {
      /* joins every worker */
      g_thread_pool_free (study->pool, FALSE, TRUE);
      study->pool = NULL;
    }
  if (!study->finished)
    aggregate (study);
  return gs_study_is_complete (study);
}

gboolean
gs_study_run (GsStudy *study)
{
  gs_study_start (study);
  return gs_study_wait (study);
}

void
gs_study_get_progress (GsStudy *study, guint *done, guint *total, double *seconds)
{
  if (done)
    *done = (guint) g_atomic_int_get (&study->done);
  if (total)
    *total = study->n_jobs;
  if (seconds)
    {
      gint64 end;

      g_mutex_lock (&study->lock);
      end = study->t_end ? study->t_end : g_get_monotonic_time ();
      g_mutex_unlock (&study->lock);
      *seconds = study->started ? (end - study->t0) / 1e6 : 0.0;
    }
}

gboolean
gs_study_is_complete (GsStudy *study)
{
  return study->finished && !g_atomic_int_get (&study->stop)
         && !g_atomic_int_get (&study->failed);
}

const GsStudySpec *
gs_study_get_spec (GsStudy *study)
{
  return &study->spec;
}

const GsStudyCell *
gs_study_get_cells (GsStudy *study, guint *n_cells)
{
  *n_cells = study->cells->len;
  return (const GsStudyCell *) study->cells->data;
}

const GsStudyCell *
gs_study_get_sweep_cells (GsStudy *study, guint *n_cells)
{
  if (study->sweep == NULL)
    {
      *n_cells = 0;
      return NULL;
    }
  *n_cells = study->sweep->len;
  return (const GsStudyCell *) study->sweep->data;
}

GsStudyCell *
gs_study_snapshot_cells (GsStudy *study, guint *n_cells)
{
  guint n = study->cells->len;
  GsStudyCell *out = g_new0 (GsStudyCell, MAX (n, 1));

  *n_cells = n;
  /* a cell is read only once its job has set its flag, after writing it
   * (the atomics order the two); until then, the cell as it was made */
  for (guint i = 0; i < n; i++)
    if (study->finished || g_atomic_int_get (&study->ready[i]))
      out[i] = g_array_index (study->cells, GsStudyCell, i);
    else
      out[i] = study->planned[i];
  return out;
}

const GsStudyCurve *
gs_study_get_curves (GsStudy *study, guint *n_curves)
{
  *n_curves = study->curves->len;
  return (const GsStudyCurve *) study->curves->data;
}

const GsStudyCell *
gs_study_best (GsStudy *study, guint run, const GsStudyCell **one_se)
{
  const GsStudyCell *best;

  if (one_se)
    *one_se = NULL;
  /* compare: of the sweep (none without tune) */
  best = least_final (study, study->spec.kind == GS_STUDY_COMPARE ? study->sweep : study->cells,
                     run);
  if (best != NULL && one_se && study->spec.kind == GS_STUDY_CV)
    {
      /* the largest λ whose mean validation loss is within one standard
       * error of the best one's */
      double limit = best->val_mean + best->val_std / sqrt ((double) study->spec.folds);

      *one_se = best;
      for (guint i = 0; i < study->cells->len; i++)
        {
          const GsStudyCell *c = &g_array_index (study->cells, GsStudyCell, i);

          if (c->run == run && c->done && !c->diverged && c->val_mean <= limit
              && c->x > (*one_se)->x)
            *one_se = c;
        }
    }
  return best;
}

/* ---- CSV ------------------------------------------------------------------------- */

static void
add_number (GString *s, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isnan (v))
    g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.17g", v));
}

/* text as a CSV field: quoted (quotes doubled) when it holds a comma, a
 * quote or a line break */
static void
add_text (GString *s, const char *text)
{
  if (strpbrk (text, ",\"\n\r") == NULL)
    {
      g_string_append (s, text);
      return;
    }
  g_string_append_c (s, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
}

static const char *
cell_status (const GsStudyCell *c)
{
  if (!c->done)
    return "cancelled";
  return c->diverged ? "diverged" : gs_status_to_string (c->status);
}

static void
csv_cells (GsStudy *study, GString *s)
{
  const GsStudySpec *spec = &study->spec;
  const GsStudyCell *cells = (const GsStudyCell *) study->cells->data;

  if (spec->kind == GS_STUDY_LR_SWEEP)
    g_string_append (s, "run,lr,final_loss,best_loss,steps,status\n");
  else
    g_string_append_printf (s, "run,%s,%s,final_loss,best_loss,steps,steps_to_threshold,"
                            "status\n", spec->x_param, spec->y_param);
  for (guint i = 0; i < study->cells->len; i++)
    {
      g_string_append_printf (s, "%u,", cells[i].run);
      add_number (s, cells[i].x);
      g_string_append_c (s, ',');
      if (spec->kind == GS_STUDY_PHASE)
        {
          add_number (s, cells[i].y);
          g_string_append_c (s, ',');
        }
      add_number (s, cells[i].final_loss);
      g_string_append_c (s, ',');
      add_number (s, cells[i].best_loss);
      g_string_append_printf (s, ",%" G_GUINT64_FORMAT ",", cells[i].steps);
      if (spec->kind == GS_STUDY_PHASE)
        {
          if (cells[i].steps_to_threshold != G_MAXUINT64)
            g_string_append_printf (s, "%" G_GUINT64_FORMAT, cells[i].steps_to_threshold);
          g_string_append_c (s, ',');
        }
      g_string_append_printf (s, "%s\n", cell_status (&cells[i]));
    }
}

static void
csv_cv (GsStudy *study, GString *s)
{
  const GsStudyCell *cells = (const GsStudyCell *) study->cells->data;

  g_string_append (s, "lambda,train_mean,train_std,val_mean,val_std\n");
  for (guint i = 0; i < study->cells->len; i++)
    {
      const double v[5] = { cells[i].x, cells[i].train_mean, cells[i].train_std,
                            cells[i].val_mean, cells[i].val_std };

      for (guint k = 0; k < 5; k++)
        {
          if (k)
            g_string_append_c (s, ',');
          add_number (s, v[k]);
        }
      g_string_append_c (s, '\n');
    }
}

static void
csv_curves (GsStudy *study, GString *s)
{
  gboolean range = study->spec.kind == GS_STUDY_RANGE_TEST;

  g_string_append (s, range ? "run,step,lr,loss\n" : "run,step,mean,std,min,max\n");
  for (guint c = 0; c < study->curves->len; c++)
    {
      const GsStudyCurve *curve = &g_array_index (study->curves, GsStudyCurve, c);

      for (guint k = 0; k < curve->n; k++)
        {
          g_string_append_printf (s, "%u,", curve->run);
          if (range)
            {
              g_string_append_printf (s, "%u,", k);
              add_number (s, curve->x[k]);
              g_string_append_c (s, ',');
              add_number (s, curve->y[k]);
            }
          else
            {
              const double v[4] = { curve->y[k], curve->y_std[k], curve->y_lo[k],
                                    curve->y_hi[k] };

              add_number (s, curve->x[k]);
              for (guint j = 0; j < 4; j++)
                {
                  g_string_append_c (s, ',');
                  add_number (s, v[j]);
                }
            }
          g_string_append_c (s, '\n');
        }
    }
}

static void
csv_compare (GsStudy *study, const GsExperiment *exp, GString *s)
{
  const GsStudyCell *cells = (const GsStudyCell *) study->cells->data;

  g_string_append (s, "run,label,lr,tuned,steps_to_threshold,seconds_to_threshold,"
                      "final_loss,best_loss,steps,seconds,status\n");
  for (guint i = 0; i < study->cells->len; i++)
    {
      const char *label = exp ? gs_experiment_get_run (exp, cells[i].run)->label : NULL;

      g_string_append_printf (s, "%u,", cells[i].run);
      add_text (s, label ? label : "");
      g_string_append_c (s, ',');
      add_number (s, cells[i].x);
      g_string_append_printf (s, ",%d,", study->tuned[i] ? 1 : 0);
      if (cells[i].steps_to_threshold != G_MAXUINT64)
        g_string_append_printf (s, "%" G_GUINT64_FORMAT, cells[i].steps_to_threshold);
      g_string_append_c (s, ',');
      add_number (s, cells[i].seconds_to_threshold);
      g_string_append_c (s, ',');
      add_number (s, cells[i].final_loss);
      g_string_append_c (s, ',');
      add_number (s, cells[i].best_loss);
      g_string_append_printf (s, ",%" G_GUINT64_FORMAT ",", cells[i].steps);
      add_number (s, cells[i].seconds);
      g_string_append_printf (s, ",%s\n", cell_status (&cells[i]));
    }
}

GString *
gs_study_to_csv (GsStudy *study, const GsExperiment *exp)
{
  GString *s = g_string_new (NULL);

  switch (study->spec.kind)
    {
    case GS_STUDY_LR_SWEEP:
    case GS_STUDY_PHASE:
      csv_cells (study, s);
      break;
    case GS_STUDY_CV:
      csv_cv (study, s);
      break;
    case GS_STUDY_RANGE_TEST:
    case GS_STUDY_SEEDS:
      csv_curves (study, s);
      break;
    case GS_STUDY_COMPARE:
      csv_compare (study, exp, s);
      break;
    default:
      break;
    }
  return s;
}

void
gs_study_free (GsStudy *study)
{
  if (study == NULL)
    return;
  if (study->started && study->pool != NULL)
    {
      gs_study_cancel (study);
      gs_study_wait (study);
    }
  for (guint c = 0; c < study->curves->len; c++)
    {
      GsStudyCurve *curve = &g_array_index (study->curves, GsStudyCurve, c);

      g_free (curve->x);
      g_free (curve->y);
      g_free (curve->y_lo);
      g_free (curve->y_hi);
      g_free (curve->y_std);
    }
  g_array_unref (study->curves);
  g_array_unref (study->cells);
  g_clear_pointer (&study->sweep, g_array_unref);
  g_free (study->planned);
  g_free (study->ready);
  g_free (study->tuned);
  g_free (study->sweep_left);
  g_mutex_clear (&study->lock);
  g_cond_clear (&study->sweep_done);
  g_free (study->jobs);
  g_free (study->configs);
  g_free (study->start);
  g_free (study->runs);
  g_free (study->cv_train);
  g_free (study->cv_val);
  g_free (study->folds);
  g_free (study->seed_loss);
  gs_problem_unref (study->problem);
  g_free (study);
}
