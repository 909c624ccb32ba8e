/* gs-problem.h — objectives with exact gradients */
#pragma once

#include <glib.h>

#include "gs-dataset.h"
#include "gs-types.h"

G_BEGIN_DECLS

typedef enum
{
  GS_PROBLEM_FUNCTION,             /* a built-in f(x, y) */
  GS_PROBLEM_LINEAR_REGRESSION,    /* MSE of θ0 + Σ θj·xj */
  GS_PROBLEM_LOGISTIC_REGRESSION,  /* mean BCE with logits */
} GsProblemKind;

#define GS_FUNCTION_MAX_MINIMA 4

/* f(p, grad): the value at p; writes ∂f/∂p into grad when it is not NULL. */
typedef double (*GsFunctionEval) (const double *p, double *grad);

typedef struct
{
  const char    *name;       /* "rosenbrock" */
  const char    *title;      /* "Rosenbrock" */
  const char    *formula;    /* "(1−x)² + 100(y−x²)²" */
  GsFunctionEval eval;
  double         start[2];   /* default start */
  double         view[4];    /* default window: x_min, x_max, y_min, y_max */
  guint          n_minima;   /* known local minima, the global one first */
  double         minima[GS_FUNCTION_MAX_MINIMA][3];  /* x, y, f */
} GsFunctionInfo;

const GsFunctionInfo *gs_functions       (guint *n_functions);
const GsFunctionInfo *gs_function_lookup (const char *name);

typedef struct _GsProblem GsProblem;

GsProblem     *gs_problem_new_function (const GsFunctionInfo *info);
/* takes ownership of data */
GsProblem     *gs_problem_new_model    (GsProblemKind kind, GsDataset *data,
                                        GError **error);
GsProblem     *gs_problem_ref          (GsProblem *problem);
void           gs_problem_unref        (GsProblem *problem);

GsProblemKind  gs_problem_get_kind      (GsProblem *problem);
const char    *gs_problem_get_name      (GsProblem *problem);
guint          gs_problem_get_n_params  (GsProblem *problem);
/* 0 for 2-D functions */
guint          gs_problem_get_n_samples (GsProblem *problem);
const GsFunctionInfo *gs_problem_get_function (GsProblem *problem);
const GsDataset      *gs_problem_get_data     (GsProblem *problem);
/* first coordinate the regularization applies to: 0, or 1 to skip θ0 */
guint          gs_problem_get_first_penalized (GsProblem *problem);
void           gs_problem_get_default_start   (GsProblem *problem, double *theta);

/* Scratch doubles an evaluation needs; give each thread its own. */
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

/* l1·‖w‖₁ + (l2/2)·‖w‖² over w = theta[first..n), adding l1·sign(w) + l2·w to
 * grad (sign(0) = 0) when grad is not NULL. */
double         gs_regularization_apply (const GsRegularization *reg,
                                        const double *theta, guint first,
                                        guint n, double *grad);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsProblem, gs_problem_unref)

G_END_DECLS
