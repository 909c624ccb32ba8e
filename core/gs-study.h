/* gs-study.h — studies: many runs of an experiment in the background, to
 * choose a learning rate, a regularization strength or an optimizer.
 *
 * A study is a set of independent jobs (a full run each, or a fold of a
 * cross-validation) on a GThreadPool, one worker per core by default. It
 * reports progress, can be cancelled at any time (jobs stop within a few
 * steps; the study is then not complete and its unfinished cells say so),
 * and keeps its results in memory. A run of a study uses the experiment's
 * settings for everything the study does not vary, and its own rule for
 * divergence: the loss becomes non-finite or exceeds 10⁶ × its first
 * value (the plain run's status rule stays as it is). */
#pragma once

#include <glib.h>

#include "gs-experiment.h"

G_BEGIN_DECLS

typedef enum
{
  GS_STUDY_LR_SWEEP,     /* final and best loss against a log-spaced lr */
  GS_STUDY_PHASE,        /* a grid over two hyper-parameters */
  GS_STUDY_RANGE_TEST,   /* one run, lr growing exponentially per step (Smith 2017) */
  GS_STUDY_CV,           /* λ (L1 or L2) by k-fold cross-validation */
  GS_STUDY_SEEDS,        /* minibatch runs repeated with S seeds */
  GS_STUDY_COMPARE,      /* the comparison report: every run once, at its own lr
                          * or (tune) at the best lr of an lr sweep made first */
} GsStudyKind;

#define GS_STUDY_DIVERGENCE_FACTOR 1e6
/* At most this many values in a sweep, a cv or a range test, and seeds */
#define GS_STUDY_MAX_POINTS 1000000

typedef struct
{
  GsStudyKind kind;
  int         run;          /* the experiment's run studied; −1: every run */
  /* lr sweep and range test: lr from lo to hi (log-spaced, both ends);
   * cv: λ from lo to hi (log-spaced; lo may be 0 for "no penalty" first) */
  double      lo, hi;
  guint       points;       /* lr sweep, cv: values; range test: steps */
  /* phase: x and y are hyper-parameters by name ("lr", "momentum",
   * "betas" or "betas[0]" for β1, "betas[1]", "weight_decay", …, or
   * "batch_size"), each over [lo, hi] in n values, log-spaced when log */
  char        x_param[32], y_param[32];
  double      x_lo, x_hi, y_lo, y_hi;
  gboolean    x_log, y_log;
  guint       nx, ny;
  double      threshold;    /* loss for "steps to threshold"; NAN: the experiment's
                             * stop.loss_below (may be NAN: none) */
  /* cv */
  guint       folds;
  guint64     seed;         /* cv: the fold split; seeds: the first seed */
  gboolean    l1;           /* cv: λ is L1 (else L2) */
  /* seeds */
  guint       n_seeds;
  /* compare: sweep each run's lr over [lo, hi] in points values first (as
   * GS_STUDY_LR_SWEEP does), then run it at the best one; FALSE: at its own */
  gboolean    tune;
  guint       n_threads;    /* 0: one per core */
} GsStudySpec;

/* Defaults per kind: lr 1e-5…10 in 25 points; a 16 × 16 phase map of lr
 * (1e-4…1, log) × momentum (0…0.99); a 300-step range test over
 * 1e-6…10; 5-fold L2 over 1e-4…10 in 12 points; 10 seeds. */
void gs_study_spec_init (GsStudySpec *spec, GsStudyKind kind);
const char *gs_study_kind_to_string (GsStudyKind kind);   /* "lr-sweep", … */
gboolean    gs_study_kind_from_string (const char *name, GsStudyKind *out);

/* One cell of a sweep, a phase map or a cross-validation */
typedef struct
{
  guint    run;                 /* the experiment's run */
  double   x;                   /* lr (sweep), the x value (phase), λ (cv) */
  double   y;                   /* the y value (phase); NAN otherwise */
  gboolean done;                /* computed to its end (not cancelled) */
  GsStatus status;              /* the run's own status at its end */
  gboolean diverged;            /* by the study's rule */
  guint64  steps;               /* updates made */
  guint64  steps_to_threshold;  /* G_MAXUINT64: not reached */
  double   final_loss;          /* last evaluated full objective (NAN: not computed, */
  double   best_loss;           /* a cancelled or unfinished cell) */
  double   seconds;             /* wall time of the run */
  double   seconds_to_threshold;/* wall time until steps_to_threshold (NAN: not reached) */
  /* cv: data loss (no penalty) over the folds */
  double   train_mean, train_std, val_mean, val_std;
} GsStudyCell;

/* A curve of a range test, a seeds study or a comparison, for one run */
typedef struct
{
  guint   run;
  guint   n;
  double *x;        /* range test: lr of each step; seeds, compare: the step */
  double *y;        /* range test: the loss; seeds: the mean loss; compare: the
                     * loss (NAN once it diverged) */
  double *y_lo;     /* seeds: the lowest and highest loss over the seeds */
  double *y_hi;
  double *y_std;    /* seeds: the standard deviation over the seeds */
  double  suggested;/* range test: the lr at the steepest descent (NAN: none) */
} GsStudyCurve;

typedef struct _GsStudy GsStudy;

/* Checks the spec against the experiment (a name that is no
 * hyper-parameter of the run's optimizer, cv on a 2-D function, …). */
GsStudy *gs_study_new     (const GsExperiment *exp, const GsStudySpec *spec, GError **error);
void     gs_study_free    (GsStudy *study);
/* Runs every job on the pool; returns at once. */
void     gs_study_start   (GsStudy *study);
void     gs_study_cancel  (GsStudy *study);
/* Blocks until every job has returned; TRUE when the study completed. */
gboolean gs_study_wait    (GsStudy *study);
/* Runs the study on this thread and the pool, to its end: gs_study_start +
 * gs_study_wait. */
gboolean gs_study_run     (GsStudy *study);
/* Jobs done and in all, and the seconds since the start */
void     gs_study_get_progress (GsStudy *study, guint *done, guint *total, double *seconds);
gboolean gs_study_is_complete  (GsStudy *study);
const GsStudySpec *gs_study_get_spec (GsStudy *study);

/* Results: read them once gs_study_wait has returned.
 * compare: the cells are the report, one per run studied (x: the lr it ran
 * at; y: NAN), the curves each run's loss against step at that lr (up to
 * 201 steps, both ends included) and, with tune, the sweep's cells are
 * gs_study_get_sweep_cells'. */
const GsStudyCell  *gs_study_get_cells  (GsStudy *study, guint *n_cells);
/* compare with tune: the lr sweep made first (as an lr sweep's cells);
 * otherwise none (NULL, *n_cells 0) */
const GsStudyCell  *gs_study_get_sweep_cells (GsStudy *study, guint *n_cells);
/* A copy of the cells as they are now, safe while the study runs (lr
 * sweep, phase, compare): a cell not finished yet has done FALSE and NAN
 * losses (its run, x and y as made: compare's x is the run's own lr until
 * its run is done). cv (whose cells are filled at the end): the cells as
 * made until gs_study_wait. After gs_study_wait: a copy of
 * gs_study_get_cells. Call it on the thread that calls gs_study_wait.
 * Free with g_free. */
GsStudyCell        *gs_study_snapshot_cells (GsStudy *study, guint *n_cells);
const GsStudyCurve *gs_study_get_curves (GsStudy *study, guint *n_curves);
/* lr sweep (and compare with tune: of its sweep cells; compare without
 * tune: NULL): of run r's cells that did not diverge, the one that reached
 * the loss threshold in the fewest steps and ended under it (ties: the
 * least final loss) when any did, else the one with the least final loss;
 * cv: the λ with the least mean validation loss
 * (and *one_se the largest λ within one standard error of it). NULL:
 * none. */
const GsStudyCell  *gs_study_best       (GsStudy *study, guint run, const GsStudyCell **one_se);
/* The same choice (lr sweep's) among n cells of any origin (a snapshot of a
 * running study) for a loss threshold (NAN: none): run's best cell, or NULL */
const GsStudyCell  *gs_study_cells_best (const GsStudyCell *cells, guint n, guint run,
                                         double threshold);
/* The loss threshold the study counts steps to (the spec's, else the
 * experiment's stop.loss_below; NAN: none) */
double              gs_study_get_threshold (GsStudy *study);

/* The study as CSV (English tokens, 17 significant digits, NAN empty):
 *   lr-sweep    run,lr,final_loss,best_loss,steps,status
 *   phase       run,X,Y,final_loss,best_loss,steps,steps_to_threshold,status
 *   range-test  run,step,lr,loss
 *   cv          lambda,train_mean,train_std,val_mean,val_std
 *   seeds       run,step,mean,std,min,max
 *   compare     run,label,lr,tuned,steps_to_threshold,seconds_to_threshold,
 *               final_loss,best_loss,steps,seconds,status
 * (X, Y: the phase map's hyper-parameter names; status: a GsStatus name,
 * "diverged" by the study's rule, or "cancelled"; tuned: 1 when the run
 * ran at its sweep's best lr, 0 at its own (no tune, or a sweep that
 * diverged at every lr); steps_to_threshold empty when not reached;
 * labels quoted as CSV needs). exp is the experiment the study was made
 * from. */
GString            *gs_study_to_csv     (GsStudy *study, const GsExperiment *exp);

/* cv: the fold of each training row (0 … folds − 1) as the study splits
 * them: a seeded shuffle, folds of sizes differing by at most one */
guint   *gs_study_folds  (guint n_rows, guint folds, guint64 seed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsStudy, gs_study_free)

G_END_DECLS
