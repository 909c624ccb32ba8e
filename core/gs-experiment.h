/* gs-experiment.h — one problem, shared settings, N runs; JSON in and out */
#pragma once

#include <glib.h>

#include "gs-dataset.h"
#include "gs-problem.h"
#include "gs-run.h"

G_BEGIN_DECLS

typedef enum
{
  GS_DATA_INLINE,
  GS_DATA_CSV,
  GS_DATA_GENERATOR,
} GsDataKind;

typedef struct
{
  GsDataKind  kind;
  /* inline */
  guint       n_rows, n_cols;   /* each row: features…, target */
  double     *rows;             /* n_rows × n_cols */
  /* csv */
  char       *csv;              /* as written in the file */
  GsCsvHeader header;
  /* generator */
  char       *generator;
  guint       samples;
  guint       features;
  guint       classes;          /* 0: the generator's default */
  double      noise;
  guint64     seed;
  /* any source */
  double      validation;       /* fraction held out; 0: none */
  guint64     validation_seed;
} GsDataSpec;

typedef struct
{
  char        *label;
  char        *color;           /* "#rrggbb" or NULL */
  const GsOptimizerInfo *optimizer;
  GsParamValues optimizer_values;
  const GsScheduleInfo  *schedule;
  GsParamValues schedule_values;
  int          batch_size;      /* −1: the experiment's */
  guint64      shuffle_seed;
  gboolean     has_reg;         /* its own regularization rather than the experiment's */
  GsRegularization reg;
} GsRunSpec;

typedef struct
{
  GsProblemKind    kind;
  char            *function;    /* GS_PROBLEM_FUNCTION: the built-in's name, or
                                 * "custom" for a typed expression */
  char            *expression;  /* a typed f(x, y) as written in the file, or NULL */
  gboolean         has_view;
  double           view[4];     /* x_min, x_max, y_min, y_max */
  GsDataSpec       data;        /* models */
  GsMlpConfig      mlp;         /* GS_PROBLEM_MLP: the network and its task */
  gboolean         has_start;
  double          *start;       /* n_params values when has_start */
  GsRegularization reg;
  guint64          max_steps;
  GsStopRules      stop;
  guint            batch_size;
  guint            eval_every;
  GPtrArray       *runs;        /* GsRunSpec* */
  char            *base_dir;    /* relative CSV paths start here */
  GsProblem       *problem;     /* built from the above when loaded */
} GsExperiment;

/* display: the name used in messages ("exp.json"); base_dir may be NULL (cwd) */
GsExperiment *gs_experiment_new_from_data  (const char *text, gssize len,
                                            const char *display,
                                            const char *base_dir, GError **error);
GsExperiment *gs_experiment_new_from_file  (const char *path, GError **error);
/* Built-in experiments shipped in the resources ("default", …) */
GsExperiment *gs_experiment_new_builtin    (const char *name, GError **error);
const char *const *gs_experiment_builtin_names (void);
/* A command-line argument: NULL for the built-in default, "builtin:NAME",
 * or a file. */
GsExperiment *gs_experiment_new_from_arg   (const char *arg, GError **error);
void          gs_experiment_free           (GsExperiment *exp);

char         *gs_experiment_to_json        (const GsExperiment *exp);
/* Atomic: a failed save leaves the old file as it was. A relative CSV path
 * (relative to base_dir) is written relative to path's directory, so the
 * saved file finds the same CSV wherever it is saved; the experiment in
 * memory is not changed. */
gboolean      gs_experiment_save           (const GsExperiment *exp, const char *path,
                                            GError **error);

guint         gs_experiment_get_n_runs     (const GsExperiment *exp);
GsRunSpec    *gs_experiment_get_run        (const GsExperiment *exp, guint i);
void          gs_experiment_get_run_config (const GsExperiment *exp, guint i,
                                            GsRunConfig *config);
GsRun        *gs_experiment_create_run     (const GsExperiment *exp, guint i,
                                            guint trace_capacity);
/* true when any run uses minibatches */
gboolean      gs_experiment_has_minibatches (const GsExperiment *exp);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsExperiment, gs_experiment_free)

G_END_DECLS
