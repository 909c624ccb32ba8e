/* gs-problem.c — built-in functions, linear and logistic regression */
#include "gs-problem.h"
#include "gs-blas.h"

#include <math.h>
#include <string.h>

struct _GsProblem
{
  gatomicrefcount       ref;
  GsProblemKind         kind;
  guint                 n_params;
  const GsFunctionInfo *function;   /* GS_PROBLEM_FUNCTION */
  GsDataset            *data;       /* models */
};

/* ---- built-in 2-D functions --------------------------------------------- */

static double
rosenbrock (const double *p, double *g)
{
  double x = p[0], y = p[1];
  double a = 1.0 - x, b = y - x * x;

  if (g)
    {
      g[0] = -2.0 * a - 400.0 * x * b;
      g[1] = 200.0 * b;
    }
  return a * a + 100.0 * b * b;
}

static double
beale (const double *p, double *g)
{
  double x = p[0], y = p[1];
  double y2 = y * y, y3 = y2 * y;
  double a = 1.5 - x + x * y;
  double b = 2.25 - x + x * y2;
  double c = 2.625 - x + x * y3;

  if (g)
    {
      g[0] = 2.0 * a * (y - 1.0) + 2.0 * b * (y2 - 1.0) + 2.0 * c * (y3 - 1.0);
      g[1] = 2.0 * a * x + 4.0 * b * x * y + 6.0 * c * x * y2;
    }
  return a * a + b * b + c * c;
}

static double
himmelblau (const double *p, double *g)
{
  double x = p[0], y = p[1];
  double a = x * x + y - 11.0;
  double b = x + y * y - 7.0;

  if (g)
    {
      g[0] = 4.0 * x * a + 2.0 * b;
      g[1] = 2.0 * a + 4.0 * y * b;
    }
  return a * a + b * b;
}

static double
rastrigin (const double *p, double *g)
{
  double x = p[0], y = p[1];
  double w = 2.0 * G_PI;

  if (g)
    {
      g[0] = 2.0 * x + 10.0 * w * sin (w * x);
      g[1] = 2.0 * y + 10.0 * w * sin (w * y);
    }
  return 20.0 + x * x - 10.0 * cos (w * x) + y * y - 10.0 * cos (w * y);
}

static double
booth (const double *p, double *g)
{
  double x = p[0], y = p[1];
  double a = x + 2.0 * y - 7.0;
  double b = 2.0 * x + y - 5.0;

  if (g)
    {
      g[0] = 2.0 * a + 4.0 * b;
      g[1] = 4.0 * a + 2.0 * b;
    }
  return a * a + b * b;
}

static double
saddle (const double *p, double *g)
{
  if (g)
    {
      g[0] = 2.0 * p[0];
      g[1] = -2.0 * p[1];
    }
  return p[0] * p[0] - p[1] * p[1];
}

static double
quadratic (const double *p, double *g)
{
  if (g)
    {
      g[0] = p[0];
      g[1] = 10.0 * p[1];
    }
  return 0.5 * p[0] * p[0] + 5.0 * p[1] * p[1];
}

static double
three_hump_camel (const double *p, double *g)
{
  double x = p[0], y = p[1];
  double x2 = x * x, x4 = x2 * x2;

  if (g)
    {
      g[0] = 4.0 * x - 4.2 * x2 * x + x4 * x + y;
      g[1] = x + 2.0 * y;
    }
  return 2.0 * x2 - 1.05 * x4 + x4 * x2 / 6.0 + x * y + y * y;
}

static double
styblinski_tang (const double *p, double *g)
{
  double x = p[0], y = p[1];
  double x2 = x * x, y2 = y * y;

  if (g)
    {
      g[0] = 2.0 * x2 * x - 16.0 * x + 2.5;
      g[1] = 2.0 * y2 * y - 16.0 * y + 2.5;
    }
  return 0.5 * (x2 * x2 - 16.0 * x2 + 5.0 * x + y2 * y2 - 16.0 * y2 + 5.0 * y);
}

static double
matyas (const double *p, double *g)
{
  double x = p[0], y = p[1];

  if (g)
    {
      g[0] = 0.52 * x - 0.48 * y;
      g[1] = 0.52 * y - 0.48 * x;
    }
  return 0.26 * (x * x + y * y) - 0.48 * x * y;
}

#define ST_A (-2.903534027771177)   /* roots of 2x³ − 16x + 2.5 */
#define ST_B 2.746802770990837

static const GsFunctionInfo functions[] = {
  { "rosenbrock", "Rosenbrock", "(1−x)² + 100(y−x²)²", rosenbrock,
    { -1.5, 2.0 }, { -2.0, 2.0, -1.0, 3.0 },
    1, { { 1, 1, 0 } } },
  { "beale", "Beale", "(1.5−x+xy)² + (2.25−x+xy²)² + (2.625−x+xy³)²", beale,
    { 1.0, 1.5 }, { -4.5, 4.5, -4.5, 4.5 },
    1, { { 3, 0.5, 0 } } },
  { "himmelblau", "Himmelblau", "(x²+y−11)² + (x+y²−7)²", himmelblau,
    { 0.0, 0.0 }, { -5.0, 5.0, -5.0, 5.0 },
    4, { { 3, 2, 0 },
         { -2.805118086952745, 3.131312518250573, 0 },
         { -3.779310253377747, -3.283185991286170, 0 },
         { 3.584428340330492, -1.848126526964404, 0 } } },
  { "rastrigin", "Rastrigin", "20 + x² − 10cos(2πx) + y² − 10cos(2πy)", rastrigin,
    { -3.3, 2.6 }, { -5.12, 5.12, -5.12, 5.12 },
    1, { { 0, 0, 0 } } },
  { "booth", "Booth", "(x+2y−7)² + (2x+y−5)²", booth,
    { -7.5, -5.0 }, { -10.0, 10.0, -10.0, 10.0 },
    1, { { 1, 3, 0 } } },
  { "saddle", "Saddle", "x² − y²", saddle,
    { -2.0, 0.001 }, { -2.5, 2.5, -2.5, 2.5 },
    0, { { 0 } } },
  { "quadratic", "Quadratic bowl", "0.5x² + 5y²", quadratic,
    { -8.0, 2.0 }, { -10.0, 10.0, -5.0, 5.0 },
    1, { { 0, 0, 0 } } },
  { "three_hump_camel", "Three-hump camel", "2x² − 1.05x⁴ + x⁶/6 + xy + y²",
    three_hump_camel,
    { 1.5, 1.5 }, { -2.0, 2.0, -2.0, 2.0 },
    3, { { 0, 0, 0 },
         { 1.747552345830289, -0.8737761729151445, 0.2986384422368596 },
         { -1.747552345830289, 0.8737761729151445, 0.2986384422368596 } } },
  { "styblinski_tang", "Styblinski–Tang", "0.5(x⁴ − 16x² + 5x + y⁴ − 16y² + 5y)",
    styblinski_tang,
    { 0.0, 4.5 }, { -5.0, 5.0, -5.0, 5.0 },
    4, { { ST_A, ST_A, -78.33233140754283 },
         { ST_A, ST_B, -64.19561235905536 },
         { ST_B, ST_A, -64.19561235905536 },
         { ST_B, ST_B, -50.05889331056789 } } },
  { "matyas", "Matyas", "0.26(x² + y²) − 0.48xy", matyas,
    { -8.0, -4.0 }, { -10.0, 10.0, -10.0, 10.0 },
    1, { { 0, 0, 0 } } },
};

const GsFunctionInfo *
gs_functions (guint *n_functions)
{
  *n_functions = G_N_ELEMENTS (functions);
  return functions;
}

const GsFunctionInfo *
gs_function_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    if (g_str_equal (functions[i].name, name))
      return &functions[i];
  return NULL;
}

/* ---- construction ------------------------------------------------------- */

GsProblem *
gs_problem_new_function (const GsFunctionInfo *info)
{
  GsProblem *problem = g_new0 (GsProblem, 1);

  g_atomic_ref_count_init (&problem->ref);
  problem->kind = GS_PROBLEM_FUNCTION;
  problem->function = info;
  problem->n_params = 2;
  return problem;
}

GsProblem *
gs_problem_new_model (GsProblemKind kind, GsDataset *data, GError **error)
{
  GsProblem *problem;

  g_return_val_if_fail (kind != GS_PROBLEM_FUNCTION, NULL);

  if (data->n_rows == 0)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_DATA, "the data set has no rows");
      gs_dataset_free (data);
      return NULL;
    }
  for (guint i = 0; i < data->n_rows; i++)
    {
      const double *row = gs_dataset_row (data, i);
      gboolean finite = isfinite (data->y[i]);

      for (guint j = 1; j < data->cols; j++)
        finite = finite && isfinite (row[j]);
      if (!finite)
        {
          g_set_error (error, GS_ERROR, GS_ERROR_DATA,
                       "row %u of the data set holds a value that is not finite", i + 1);
          gs_dataset_free (data);
          return NULL;
        }
      if (kind == GS_PROBLEM_LOGISTIC_REGRESSION
          && data->y[i] != 0.0 && data->y[i] != 1.0)
        {
          if (data->lines != NULL)
            g_set_error (error, GS_ERROR, GS_ERROR_DATA,
                         "%s:%u: logistic_regression needs target labels 0 or 1, found %g",
                         data->source, data->lines[i], data->y[i]);
          else
            g_set_error (error, GS_ERROR, GS_ERROR_DATA,
                         "row %u: logistic_regression needs target labels 0 or 1, found %g",
                         i + 1, data->y[i]);
          gs_dataset_free (data);
          return NULL;
        }
    }

  problem = g_new0 (GsProblem, 1);
  g_atomic_ref_count_init (&problem->ref);
  problem->kind = kind;
  problem->data = data;
  problem->n_params = data->cols;
  gs_blas_init ();
  return problem;
}

GsProblem *
gs_problem_ref (GsProblem *problem)
{
  g_atomic_ref_count_inc (&problem->ref);
  return problem;
}

void
gs_problem_unref (GsProblem *problem)
{
  if (problem == NULL)
    return;
  if (g_atomic_ref_count_dec (&problem->ref))
    {
      gs_dataset_free (problem->data);
      g_free (problem);
    }
}

GsProblemKind
gs_problem_get_kind (GsProblem *problem)
{
  return problem->kind;
}

const char *
gs_problem_get_name (GsProblem *problem)
{
  switch (problem->kind)
    {
    case GS_PROBLEM_FUNCTION:            return problem->function->name;
    case GS_PROBLEM_LINEAR_REGRESSION:   return "linear_regression";
    case GS_PROBLEM_LOGISTIC_REGRESSION: return "logistic_regression";
    default:                             return "unknown";
    }
}

guint
gs_problem_get_n_params (GsProblem *problem)
{
  return problem->n_params;
}

guint
gs_problem_get_n_samples (GsProblem *problem)
{
  return problem->data ? problem->data->n_rows : 0;
}

const GsFunctionInfo *
gs_problem_get_function (GsProblem *problem)
{
  return problem->function;
}

const GsDataset *
gs_problem_get_data (GsProblem *problem)
{
  return problem->data;
}

guint
gs_problem_get_first_penalized (GsProblem *problem)
{
  return problem->kind == GS_PROBLEM_FUNCTION ? 0 : 1;
}

void
gs_problem_get_default_start (GsProblem *problem, double *theta)
{
  if (problem->kind == GS_PROBLEM_FUNCTION)
    memcpy (theta, problem->function->start, sizeof (double) * 2);
  else
    memset (theta, 0, sizeof (double) * problem->n_params);  /* the article's np.zeros */
}

gsize
gs_problem_get_work_size (GsProblem *problem)
{
  if (problem->kind == GS_PROBLEM_FUNCTION)
    return 1;
  /* 32-byte aligned copies of θ and g for the fused pass's vector loads */
  return 2 * (gsize) problem->data->cols + 8;
}

/* ---- models ------------------------------------------------------------- */

static double
model_loss (GsProblem *problem, const double *theta, const guint *rows,
            guint n_rows, double *grad, double *work)
{
  const GsDataset *data = problem->data;
  guint cols = data->cols;
  guint n = rows ? n_rows : data->n_rows;
  /* θ and g where 32-byte loads never straddle a cache line: the pass
   * reads θ once per row */
  double *t = (double *) (((guintptr) work + 31) & ~(guintptr) 31);
  double *g = t + ((cols + 3) & ~3u);
  double sum;

  memcpy (t, theta, sizeof (double) * cols);
  if (grad)
    memset (g, 0, sizeof (double) * cols);
  /* z = Xθ, the residual, and g += Xᵀr in one read of X (gs-blas.c) */
  sum = gs_blas_model_pass (problem->kind == GS_PROBLEM_LINEAR_REGRESSION
                            ? GS_BLAS_SQUARED_ERROR : GS_BLAS_LOGISTIC,
                            data->x, data->y, rows, n, cols, t, grad ? g : NULL);
  if (grad)
    memcpy (grad, g, sizeof (double) * cols);

  if (problem->kind == GS_PROBLEM_LINEAR_REGRESSION)
    {
      /* MSE = mean((ŷ − y)²), ∇ = (2/m)·Xᵀ(ŷ − y) */
      if (grad)
        for (guint j = 0; j < cols; j++)
          grad[j] *= 2.0 / n;
    }
  else if (grad)
    {
      /* mean BCE, ∇ = (1/m)·Xᵀ(σ(z) − y) */
      for (guint j = 0; j < cols; j++)
        grad[j] /= n;
    }
  return sum / n;
}

double
gs_problem_loss (GsProblem *problem, const double *theta, const guint *rows,
                 guint n_rows, double *grad, double *work)
{
  if (problem->kind == GS_PROBLEM_FUNCTION)
    return problem->function->eval (theta, grad);
  return model_loss (problem, theta, rows, n_rows, grad, work);
}

double
gs_regularization_apply (const GsRegularization *reg, const double *theta,
                         guint first, guint n, double *grad)
{
  double l1 = 0.0, l2 = 0.0;

  if (reg == NULL || (reg->l1 == 0.0 && reg->l2 == 0.0))
    return 0.0;

  for (guint j = first; j < n; j++)
    {
      double w = theta[j];
      double sign = (w > 0) - (w < 0);   /* sign(0) = 0 */

      l1 += fabs (w);
      l2 += w * w;
      if (grad)
        grad[j] += reg->l1 * sign + reg->l2 * w;
    }
  /* a·‖w‖₁ + (b/2)·‖w‖² */
  return reg->l1 * l1 + 0.5 * reg->l2 * l2;
}

double
gs_problem_objective (GsProblem *problem, const GsRegularization *reg,
                      const double *theta, const guint *rows, guint n_rows,
                      double *grad, double *work)
{
  double loss = gs_problem_loss (problem, theta, rows, n_rows, grad, work);

  return loss + gs_regularization_apply (reg, theta,
                                         gs_problem_get_first_penalized (problem),
                                         problem->n_params, grad);
}
