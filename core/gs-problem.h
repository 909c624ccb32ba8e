/* gs-problem.h — objectives with exact gradients */
#pragma once

#include <glib.h>

#include "gs-dataset.h"
#include "gs-expr.h"
#include "gs-mlp.h"
#include "gs-types.h"

G_BEGIN_DECLS

typedef enum
{
  GS_PROBLEM_FUNCTION,             /* a built-in or a typed f(x, y) */
  GS_PROBLEM_LINEAR_REGRESSION,    /* MSE of θ0 + Σ θj·xj */
  GS_PROBLEM_LOGISTIC_REGRESSION,  /* mean BCE with logits */
  GS_PROBLEM_MLP,                  /* a network: mean cross-entropy or MSE */
} GsProblemKind;

#define GS_FUNCTION_MAX_MINIMA 4

/* f(p, grad): the value at p; writes ∂f/∂p into grad when it is not NULL. */
typedef double (*GsFunctionEval) (const double *p, double *grad);

typedef struct
{
  const char    *name;       /* "rosenbrock"; "custom" for a typed one */
  const char    *title;      /* "Rosenbrock"; marked N_(): show _(title) */
  const char    *formula;    /* "(1−x)² + 100(y−x²)²" */
  const char    *expression; /* the same as gs_expr_parse reads: "(1 - x)^2 + 100*(y - x^2)^2" */
  GsFunctionEval eval;       /* NULL for a typed function: evaluate with gs_problem_loss */
  double         start[2];   /* default start */
  double         view[4];    /* default window: x_min, x_max, y_min, y_max */
  guint          n_minima;   /* known local minima, the global one first */
  double         minima[GS_FUNCTION_MAX_MINIMA][3];  /* x, y, f */
} GsFunctionInfo;

const GsFunctionInfo *gs_functions       (guint *n_functions);
const GsFunctionInfo *gs_function_lookup (const char *name);

typedef struct _GsProblem GsProblem;

/* How a model is built from its data, beyond the data itself. */
typedef struct
{
  double      validation;        /* fraction of the rows held out, in [0, 1); 0: none */
  guint64     validation_seed;   /* seeds the shuffle that picks them */
  GsMlpConfig mlp;               /* GS_PROBLEM_MLP: the network */
} GsModelOptions;

/* What a problem measures besides its objective, at the rows where the
 * full objective is evaluated; NAN where it does not apply. */
typedef struct
{
  double val_loss;       /* objective (data loss + penalty) on the held-out rows */
  double accuracy;       /* fraction of the training rows classified right */
  double val_accuracy;   /* the same on the held-out rows */
} GsMetrics;

typedef enum
{
  GS_METRIC_VAL_LOSS     = 1 << 0,   /* the problem has held-out rows */
  GS_METRIC_ACCURACY     = 1 << 1,   /* it classifies */
  GS_METRIC_VAL_ACCURACY = 1 << 2,   /* both */
} GsMetricFlags;

void           gs_model_options_init   (GsModelOptions *options);

GsProblem     *gs_problem_new_function (const GsFunctionInfo *info);
/* A typed f(x, y) ("custom"), behaving as a built-in: the gradient exact by
 * forward-mode differentiation, no known minima, the view [−2, 2, −2, 2]
 * unless view is given, the default start ⅛ of the view in from its top
 * left corner ((−1.5, 1.5) in the default view). On a parse error returns
 * NULL with error and *error_column (when not NULL) as gs_expr_parse sets
 * them. */
GsProblem     *gs_problem_new_expression (const char *text, const double *view,
                                          guint *error_column, GError **error);
/* Linear and logistic regression on all of data (taken), no held-out
 * rows; an MLP needs gs_problem_new_model_full (an error here). */
GsProblem     *gs_problem_new_model    (GsProblemKind kind, GsDataset *data,
                                        GError **error);
/* Takes ownership of data. Checks every row (finite; labels 0 or 1 for
 * logistic regression, whole numbers 0…K−1 for a classifying MLP, K ≥ 2:
 * K is data->n_classes when set, else the largest label + 1), then holds
 * out options->validation of the rows, picked by a shuffle seeded with
 * validation_seed (gs_dataset_split). options NULL: gs_model_options_init's
 * defaults. Errors: GS_ERROR_DATA for the rows and the split,
 * GS_ERROR_INVALID for the network. */
GsProblem     *gs_problem_new_model_full (GsProblemKind kind, GsDataset *data,
                                          const GsModelOptions *options,
                                          GError **error);
GsProblem     *gs_problem_ref          (GsProblem *problem);
void           gs_problem_unref        (GsProblem *problem);

GsProblemKind  gs_problem_get_kind      (GsProblem *problem);
const char    *gs_problem_get_name      (GsProblem *problem);
guint          gs_problem_get_n_params  (GsProblem *problem);
/* training rows; 0 for 2-D functions */
guint          gs_problem_get_n_samples (GsProblem *problem);
const GsFunctionInfo *gs_problem_get_function (GsProblem *problem);
/* 2-D functions: the compiled f(x, y) (a built-in's from its expression),
 * else NULL */
const GsExpr         *gs_problem_get_expr     (GsProblem *problem);
/* the training rows (all rows without a validation split) */
const GsDataset      *gs_problem_get_data     (GsProblem *problem);
/* the held-out rows, or NULL */
const GsDataset      *gs_problem_get_validation (GsProblem *problem);
/* GS_PROBLEM_MLP: the network, else NULL */
const GsMlp          *gs_problem_get_mlp      (GsProblem *problem);
/* Parameter j's name for axes and lists: "x", "y" (2-D functions),
 * "θ₀ (intercept)", "θ₁", … (linear and logistic regression), "W1[0,1]",
 * "b2[3]" (a network: layer-major, weights [out × in] row by row, then the
 * biases). */
char                 *gs_problem_param_name   (GsProblem *problem, guint j);
/* GS_PROBLEM_MLP: the network's inputs (after the input features), n_rows ×
 * gs_mlp_get_n_inputs, of the training or the held-out rows; else NULL */
const double         *gs_problem_get_mlp_inputs (GsProblem *problem, gboolean validation,
                                                 guint *n_rows);
/* K for a classifier (2 for logistic regression), 0 otherwise */
guint          gs_problem_get_n_classes (GsProblem *problem);
GsMetricFlags  gs_problem_get_metrics   (GsProblem *problem);
/* The coordinates the regularization applies to, as ranges [start, end):
 * every coordinate of a 2-D function, θ1… of a linear model (not the
 * intercept θ0), each weight matrix of an MLP (not its biases). */
const GsParamRange *gs_problem_get_penalized (GsProblem *problem, guint *n_ranges);
/* The start when an experiment names none: a function's own, zeros for
 * linear models, the MLP's seeded nn.Linear initialization. */
void           gs_problem_get_default_start   (GsProblem *problem, double *theta);

/* Scratch doubles an evaluation needs (any batch, the full data and the
 * held-out rows included); give each thread its own. */
gsize          gs_problem_get_work_size (GsProblem *problem);

/* Data loss at θ over the rows listed in rows (all rows when rows is NULL);
 * writes its gradient into grad when grad is not NULL. */
double         gs_problem_loss      (GsProblem              *problem,
                                     const double           *theta,
                                     const guint            *rows,
                                     guint                   n_rows,
                                     double                 *grad,
                                     double                 *work);
/* Data loss + regularization penalty, and its (sub)gradient. */
double         gs_problem_objective (GsProblem              *problem,
                                     const GsRegularization *reg,
                                     const double           *theta,
                                     const guint            *rows,
                                     guint                   n_rows,
                                     double                 *grad,
                                     double                 *work);

/* The full objective over every training row, as gs_problem_objective
 * with rows NULL, and the metrics at θ (the accuracy from the same pass). */
double         gs_problem_evaluate  (GsProblem              *problem,
                                     const GsRegularization *reg,
                                     const double           *theta,
                                     double                 *grad,
                                     double                 *work,
                                     GsMetrics              *metrics);

/* The exact Hessian of a 2-D function's f (the data loss; an l2 penalty
 * adds l2 to the diagonal, an l1 penalty nothing away from 0) at θ, row-major
 * [fxx, fxy, fyx, fyy], by second-order forward mode over the function's
 * expression. FALSE (and NANs) for the other problems. */
gboolean       gs_problem_hessian   (GsProblem              *problem,
                                     const double           *theta,
                                     double                 *hessian);

/* l1·‖w‖₁ + (l2/2)·‖w‖² over w = the coordinates in ranges, adding
 * l1·sign(w) + l2·w to grad (sign(0) = 0) when grad is not NULL. */
/* The proximal step of the L1 term (reg->l1_proximal): every weight in
 * ranges ← sign(w)·max(|w| − lr·l1, 0), so a weight the data barely
 * pulls on lands on exactly 0 and stays there. */
void           gs_regularization_prox (const GsRegularization *reg, double lr,
                                       const GsParamRange *ranges, guint n_ranges,
                                       double *theta);
double         gs_regularization_apply (const GsRegularization *reg,
                                        const double *theta,
                                        const GsParamRange *ranges,
                                        guint n_ranges, double *grad);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsProblem, gs_problem_unref)

G_END_DECLS
