/* gs-engine.h — the worker thread that steps every run of an experiment.
 *
 * The main thread owns the engine and only sends commands (play, pause,
 * step, reset, new settings) and reads snapshots; all optimization math
 * happens on the worker. Commands take effect between two steps. */
#pragma once

#include <glib.h>

#include "gs-experiment.h"
#include "gs-run.h"

G_BEGIN_DECLS

typedef struct _GsEngine GsEngine;

/* What the UI shows of one run, copied under a short lock. */
typedef struct
{
  GsStatus status;
  guint64  step;          /* updates done */
  double   loss;          /* last evaluated full objective */
  double   best_loss;
  double   grad_norm;
  double   lr;            /* lr of the next update */
  guint64  steps_to_threshold;  /* first step whose loss was below the threshold, or G_MAXUINT64 */
  guint    n_params;
  double   theta[64];     /* the first (up to) 64 parameters of θ_k */
} GsRunSnapshot;

GsEngine *gs_engine_new            (void);
void      gs_engine_free           (GsEngine *engine);

/* Replaces every run: the worker builds them (row 0 is math too) and starts
 * them paused or playing as the engine was. start may be NULL. */
void      gs_engine_load           (GsEngine *engine, GsProblem *problem,
                                    const GsRunConfig *configs, guint n_runs,
                                    const double *start);
void      gs_engine_load_experiment (GsEngine *engine, const GsExperiment *exp);

/* One more run, after the others: built like a loaded one (problem: the
 * one the others race on; start may be NULL for the problem's default;
 * the minibatch seed is config's), at step 0, and stepped from then on
 * as the others are (playing when the engine plays). The other runs go
 * on untouched. Returns its index, counting every load, add and remove
 * sent before (applied or not). */
guint     gs_engine_add_run        (GsEngine *engine, GsProblem *problem,
                                    const GsRunConfig *config, const double *start);
/* Drops one run; the runs after it move down by one index and go on
 * untouched. An index that will not exist once the commands sent before
 * are applied is ignored. */
void      gs_engine_remove_run     (GsEngine *engine, guint run);

void      gs_engine_play           (GsEngine *engine);
void      gs_engine_pause          (GsEngine *engine);
gboolean  gs_engine_is_playing     (GsEngine *engine);
/* One update of every running run; pauses first. */
void      gs_engine_step           (GsEngine *engine);
/* Every run back to row 0 (with a new start when start is not NULL). */
void      gs_engine_reset          (GsEngine *engine, const double *start);
/* Steps per second per run; 0 (or ∞) = as fast as the machine goes. */
void      gs_engine_set_speed      (GsEngine *engine, double steps_per_second);
double    gs_engine_get_speed      (GsEngine *engine);
/* Live change of one run's settings, applied before its next update. */
void      gs_engine_set_config     (GsEngine *engine, guint run, const GsRunConfig *config);
/* Runs keep their history (gs_run_enable_history) from now on, and the
 * runs loaded or added after this; off by default. */
void      gs_engine_set_history    (GsEngine *engine, gboolean keep);
/* Every run that keeps a history back to step min(step, its step), as
 * gs_run_rewind; the others go on untouched. Does not pause or play. */
void      gs_engine_rewind         (GsEngine *engine, guint64 step);
/* A run's history, a new reference (NULL: none), readable from any
 * thread while the worker records into it. */
GsHistory *gs_engine_get_history   (GsEngine *engine, guint run);
/* Loss at which "steps to threshold" is counted (NAN: none) */
void      gs_engine_set_threshold  (GsEngine *engine, double loss);

/* Runs func on the worker between two steps with every run (to snapshot
 * them, e.g. for a figure); func must not keep the pointers. */
typedef void (*GsEngineCallFunc) (GsRun *const *runs, guint n_runs, gpointer user_data);
void      gs_engine_call           (GsEngine *engine, GsEngineCallFunc func, gpointer user_data);

/* Blocks until every command sent so far has been applied (tests, export). */
void      gs_engine_sync           (GsEngine *engine);

/* Changes whenever runs were replaced; readers start over then. */
guint     gs_engine_get_generation (GsEngine *engine);
/* Changes whenever a load, an add or a remove was applied: whenever an
 * index may mean another run (an add or a remove keeps the generation:
 * what a reader copied of the runs that stay is still theirs). */
guint64   gs_engine_get_layout_serial (GsEngine *engine);
/* TRUE while a load, add or remove sent has not been applied yet: until
 * then the readers below see the indices of before. A reader that keeps
 * per-run copies by index (the window) skips a frame then; no other
 * thread sends, so once FALSE the indices stay the sender's until it
 * sends another. */
gboolean  gs_engine_layout_pending (GsEngine *engine);
guint     gs_engine_get_n_runs     (GsEngine *engine);
gboolean  gs_engine_get_snapshot   (GsEngine *engine, guint run, GsRunSnapshot *out);
/* Trace rows of a run (see gs_trace_copy_rows); returns rows copied. */
guint     gs_engine_copy_rows      (GsEngine *engine, guint run, guint first, guint n,
                                    double *out, guint *trace_generation);
guint     gs_engine_get_n_rows     (GsEngine *engine, guint run, guint *trace_generation);
/* Also the trace's stable row count (see gs_trace_get_state). */
guint     gs_engine_get_trace_state (GsEngine *engine, guint run, guint *trace_generation,
                                     guint *n_stable);
/* Total updates made since creation, for a "rows arrived?" check. */
guint64   gs_engine_get_serial     (GsEngine *engine);

G_END_DECLS
