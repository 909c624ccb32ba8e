/* gs-run.h — one optimizer racing on one problem */
#pragma once

#include <glib.h>

#include "gs-optimizer.h"
#include "gs-problem.h"
#include "gs-rng.h"
#include "gs-schedule.h"
#include "gs-trace.h"
#include "gs-types.h"

G_BEGIN_DECLS

/* Everything that decides a run's numbers. The worker may change lr,
 * optimizer and schedule values, regularization and stop rules between two
 * steps; the change applies from the next update on. */
typedef struct
{
  const GsOptimizerInfo *optimizer;
  GsParamValues          optimizer_values;
  const GsScheduleInfo  *schedule;
  GsParamValues          schedule_values;
  GsRegularization       reg;
  GsStopRules            stop;
  guint64                max_steps;
  guint                  batch_size;     /* 0 = full batch */
  guint                  eval_every;     /* minibatch: full objective every N rows */
  guint64                shuffle_seed;   /* minibatch order */
} GsRunConfig;

typedef struct _GsRun GsRun;

/* Called for every row as it is made (the CLI streams rows to its file). */
typedef void (*GsRowSink) (GsRun *run, const GsRow *row, gpointer user_data);

void          gs_run_config_init (GsRunConfig *config,
                                  const GsOptimizerInfo *optimizer);

/* start: NULL for the problem's default; trace_capacity 0 = default budget */
GsRun        *gs_run_new        (GsProblem *problem, const GsRunConfig *config,
                                 const double *start, guint trace_capacity);
void          gs_run_free       (GsRun *run);
void          gs_run_set_sink   (GsRun *run, GsRowSink sink, gpointer user_data);

/* Back to row 0 (θ = start); makes row 0. */
void          gs_run_reset      (GsRun *run);
/* One update and its row; returns the status after it. */
GsStatus      gs_run_step       (GsRun *run);
/* Steps until the run ends or n more updates are done. */
GsStatus      gs_run_advance    (GsRun *run, guint64 n);

/* New settings between two steps: they apply to the next update (the
 * current row is evaluated again under them). A new optimizer starts from
 * fresh state at the current θ; a larger max_steps lets a finished run go
 * on. A diverged run stays diverged until reset. */
void          gs_run_set_config (GsRun *run, const GsRunConfig *config);
const GsRunConfig *gs_run_get_config (GsRun *run);
GsProblem    *gs_run_get_problem (GsRun *run);
GsTrace      *gs_run_get_trace  (GsRun *run);
GsStatus      gs_run_get_status (GsRun *run);
guint64       gs_run_get_step   (GsRun *run);   /* updates done */
const double *gs_run_get_theta  (GsRun *run);
const GsRow  *gs_run_get_last_row (GsRun *run);
/* the optimizer's state after the updates done (read between steps) */
const GsOptimizerState *gs_run_get_optimizer_state (GsRun *run);
double        gs_run_get_best_loss (GsRun *run);
double        gs_run_get_last_loss (GsRun *run);  /* last evaluated full objective */
double        gs_run_get_last_grad_norm (GsRun *run);
/* val_loss, accuracy, val_accuracy of the last row where the full objective
 * was evaluated (NAN where they do not apply) */
const GsMetrics *gs_run_get_last_metrics (GsRun *run);

/* ---- rewinding ------------------------------------------------------------
 *
 * A run with its history enabled keeps a resume point of every step: the
 * last 256 whole, sparse checkpoints before them (at most about 1024, the
 * spacing doubling as the run goes on, plus one wherever the settings
 * changed), any other step recomputed from the checkpoint before it with
 * the same numbers. Full-batch runs of at most GS_HISTORY_MAX_PARAMS
 * parameters (2-D functions, small models). */
#define GS_HISTORY_MAX_PARAMS 64

typedef struct _GsHistory GsHistory;
/* Everything the run's next update depends on at one step. */
typedef struct _GsRunPoint GsRunPoint;

/* FALSE when the run cannot keep one (minibatches, too many parameters). */
gboolean      gs_run_enable_history (GsRun *run);
GsHistory    *gs_run_get_history (GsRun *run);   /* NULL when not enabled */
/* Back to step k ≤ the current step, exactly as the run was there; the
 * steps after it are forgotten (trace and history), and the settings in
 * use now apply from k on. FALSE without a history or k not reached. */
gboolean      gs_run_rewind     (GsRun *run, guint64 k);

/* Thread-safe: the worker records while any thread reads. */
GsHistory    *gs_history_ref    (GsHistory *history);
void          gs_history_unref  (GsHistory *history);
guint64       gs_history_get_last_step (GsHistory *history);
/* Step k's point, a copy (NULL when k is not reached or no longer
 * recorded), recomputed when needed. */
GsRunPoint   *gs_history_point_at (GsHistory *history, guint64 k);

void          gs_run_point_free (GsRunPoint *point);
guint64       gs_run_point_get_step (const GsRunPoint *point);
const double *gs_run_point_get_theta (const GsRunPoint *point);   /* θ_k */
/* after k updates (t = k) */
const GsOptimizerState *gs_run_point_get_optimizer_state (const GsRunPoint *point);
const GsRunConfig      *gs_run_point_get_config (const GsRunPoint *point);
const GsScheduleState  *gs_run_point_get_schedule_state (const GsRunPoint *point);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsRun, gs_run_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsHistory, gs_history_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsRunPoint, gs_run_point_free)

G_END_DECLS
