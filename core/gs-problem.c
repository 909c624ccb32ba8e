/* gs-problem.c — built-in functions, linear and logistic regression, MLPs */
#include "gs-problem.h"
#include "gs-blas.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#define MAX_RANGES (GS_MLP_MAX_HIDDEN + 1)
#define MAX_WORK_BYTES (2.0 * (1u << 30))   /* an MLP's scratch for one full pass */

struct _GsProblem
{
  gatomicrefcount       ref;
  GsProblemKind         kind;
  guint                 n_params;
  const GsFunctionInfo *function;   /* GS_PROBLEM_FUNCTION: a built-in's, or custom */
  GsFunctionInfo        custom;     /* a typed function's own (its strings owned) */
  GsExpr               *expr;       /* 2-D functions: f compiled (evaluates a typed one) */
  GsDataset            *data;       /* models: the training rows */
  GsDataset            *val;        /* models: the held-out rows, or NULL */
  guint                 n_classes;  /* K of a classifier, 0 otherwise */
  GsMlp                *mlp;        /* GS_PROBLEM_MLP */
  double               *inputs;     /* MLP: the training rows' inputs, m × n_inputs */
  double               *val_inputs; /* MLP: the held-out rows' inputs */
  guint                 n_penalized;
  GsParamRange          penalized[MAX_RANGES];  /* what the regularization applies to */
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
  /* TRANSLATORS: the functions' titles: most are the names of the
     mathematicians they are named after */
  { "rosenbrock", N_("Rosenbrock"), "(1−x)² + 100(y−x²)²",
    "(1 - x)^2 + 100*(y - x^2)^2", rosenbrock,
    { -1.5, 2.0 }, { -2.0, 2.0, -1.0, 3.0 },
    1, { { 1, 1, 0 } } },
  { "beale", N_("Beale"), "(1.5−x+xy)² + (2.25−x+xy²)² + (2.625−x+xy³)²",
    "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2", beale,
    { 1.0, 1.5 }, { -4.5, 4.5, -4.5, 4.5 },
    1, { { 3, 0.5, 0 } } },
  { "himmelblau", N_("Himmelblau"), "(x²+y−11)² + (x+y²−7)²",
    "(x^2 + y - 11)^2 + (x + y^2 - 7)^2", himmelblau,
    { 0.0, 0.0 }, { -5.0, 5.0, -5.0, 5.0 },
    4, { { 3, 2, 0 },
         { -2.805118086952745, 3.131312518250573, 0 },
         { -3.779310253377747, -3.283185991286170, 0 },
         { 3.584428340330492, -1.848126526964404, 0 } } },
  { "rastrigin", N_("Rastrigin"), "20 + x² − 10cos(2πx) + y² − 10cos(2πy)",
    "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)", rastrigin,
    { -3.3, 2.6 }, { -5.12, 5.12, -5.12, 5.12 },
    1, { { 0, 0, 0 } } },
  { "booth", N_("Booth"), "(x+2y−7)² + (2x+y−5)²",
    "(x + 2*y - 7)^2 + (2*x + y - 5)^2", booth,
    { -7.5, -5.0 }, { -10.0, 10.0, -10.0, 10.0 },
    1, { { 1, 3, 0 } } },
  { "saddle", N_("Saddle"), "x² − y²", "x^2 - y^2", saddle,
    { -2.0, 0.001 }, { -2.5, 2.5, -2.5, 2.5 },
    0, { { 0 } } },
  { "quadratic", N_("Quadratic bowl"), "0.5x² + 5y²", "0.5*x^2 + 5*y^2", quadratic,
    { -8.0, 2.0 }, { -10.0, 10.0, -5.0, 5.0 },
    1, { { 0, 0, 0 } } },
  { "three_hump_camel", N_("Three-hump camel"), "2x² − 1.05x⁴ + x⁶/6 + xy + y²",
    "2*x^2 - 1.05*x^4 + x^6/6 + x*y + y^2", three_hump_camel,
    { 1.5, 1.5 }, { -2.0, 2.0, -2.0, 2.0 },
    3, { { 0, 0, 0 },
         { 1.747552345830289, -0.8737761729151445, 0.2986384422368596 },
         { -1.747552345830289, 0.8737761729151445, 0.2986384422368596 } } },
  { "styblinski_tang", N_("Styblinski–Tang"), "0.5(x⁴ − 16x² + 5x + y⁴ − 16y² + 5y)",
    "0.5*(x^4 - 16*x^2 + 5*x + y^4 - 16*y^2 + 5*y)", styblinski_tang,
    { 0.0, 4.5 }, { -5.0, 5.0, -5.0, 5.0 },
    4, { { ST_A, ST_A, -78.33233140754283 },
         { ST_A, ST_B, -64.19561235905536 },
         { ST_B, ST_A, -64.19561235905536 },
         { ST_B, ST_B, -50.05889331056789 } } },
  { "matyas", N_("Matyas"), "0.26(x² + y²) − 0.48xy",
    "0.26*(x^2 + y^2) - 0.48*x*y", matyas,
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

void
gs_model_options_init (GsModelOptions *options)
{
  memset (options, 0, sizeof *options);
  gs_mlp_config_init (&options->mlp);
}

static GsProblem *
problem_alloc (GsProblemKind kind)
{
  GsProblem *problem = g_new0 (GsProblem, 1);

  g_atomic_ref_count_init (&problem->ref);
  problem->kind = kind;
  return problem;
}

static GsProblem *
function_alloc (void)
{
  GsProblem *problem = problem_alloc (GS_PROBLEM_FUNCTION);

  problem->n_params = 2;
  problem->n_penalized = 1;
  problem->penalized[0] = (GsParamRange) { 0, 2 };
  return problem;
}

GsProblem *
gs_problem_new_function (const GsFunctionInfo *info)
{
  GsProblem *problem = function_alloc ();
  g_autoptr(GError) error = NULL;

  problem->function = info;
  /* for the Hessian; the hand-written eval stays the fast path */
  problem->expr = gs_expr_parse (info->expression, -1, NULL, &error);
  if (problem->expr == NULL)
    g_critical ("%s: its expression does not parse: %s", info->name, error->message);
  return problem;
}

GsProblem *
gs_problem_new_expression (const char *text, const double *view, guint *error_column,
                           GError **error)
{
  static const double default_view[4] = { -2.0, 2.0, -2.0, 2.0 };
  GsExpr *expr = gs_expr_parse (text, -1, error_column, error);
  GsProblem *problem;
  GsFunctionInfo *f;
  char *canonical;

  if (expr == NULL)
    return NULL;
  if (view == NULL)
    view = default_view;

  problem = function_alloc ();
  problem->expr = expr;
  f = &problem->custom;
  canonical = gs_expr_to_string (expr);
  f->name = "custom";
  /* TRANSLATORS: the title of a function the user typed */
  f->title = N_("Custom f(x, y)");
  f->formula = canonical;
  f->expression = canonical;
  f->eval = NULL;
  memcpy (f->view, view, sizeof f->view);
  /* ⅛ of the view in from the top left corner: (−1.5, 1.5) in [−2, 2]² */
  f->start[0] = view[0] + (view[1] - view[0]) / 8.0;
  f->start[1] = view[3] - (view[3] - view[2]) / 8.0;
  f->n_minima = 0;
  problem->function = f;
  return problem;
}

/* "points.csv:7: " or "row 7: " */
static char *
row_place (const GsDataset *data, guint i)
{
  if (data->lines != NULL)
    return g_strdup_printf ("%s:%u: ", data->source, data->lines[i]);
  /* TRANSLATORS: the place of a row of inline data, before a message
     about it (as "points.csv:7: " for a CSV file's) */
  return g_strdup_printf (_("row %u: "), i + 1);
}

/* Every value finite and every label one the problem can use; sets
 * *n_classes to K for a classifier. */
static gboolean
check_rows (GsProblemKind kind, gboolean classify, const GsDataset *data,
            guint *n_classes, GError **error)
{
  double max_label = 0.0;

  if (data->n_rows == 0)
    {
      g_set_error_literal (error, GS_ERROR, GS_ERROR_DATA, _("the data set has no rows"));
      return FALSE;
    }
  for (guint i = 0; i < data->n_rows; i++)
    {
      const double *row = gs_dataset_row (data, i);
      gboolean finite = isfinite (data->y[i]);
      double y = data->y[i];

      for (guint j = 1; j < data->cols; j++)
        finite = finite && isfinite (row[j]);
      if (!finite)
        {
          g_set_error (error, GS_ERROR, GS_ERROR_DATA,
                       _("row %u of the data set holds a value that is not finite"), i + 1);
          return FALSE;
        }
      if (kind == GS_PROBLEM_LOGISTIC_REGRESSION && y != 0.0 && y != 1.0)
        {
          g_autofree char *at = row_place (data, i);
          g_set_error (error, GS_ERROR, GS_ERROR_DATA,
                       /* TRANSLATORS: %s is the row's place, "row 7: " or
                          "points.csv:7: " */
                       _("%slogistic_regression needs target labels 0 or 1, found %g"), at, y);
          return FALSE;
        }
      if (kind == GS_PROBLEM_MLP && classify
          && (y != floor (y) || y < 0 || y >= GS_MLP_MAX_CLASSES
              || (data->n_classes > 0 && y >= data->n_classes)))
        {
          g_autofree char *at = row_place (data, i);
          g_autofree char *range = data->n_classes > 0
            ? g_strdup_printf ("0…%u", data->n_classes - 1)
            : g_strdup_printf (_("0, 1, 2, … (at most %u classes)"), GS_MLP_MAX_CLASSES);
          g_set_error (error, GS_ERROR, GS_ERROR_DATA,
                       /* TRANSLATORS: the first %s is the row's place ("row 7: "
                          or "points.csv:7: "), the second the labels allowed
                          ("0…2" or "0, 1, 2, … (at most 16 classes)");
                          "task": "regress" is a line of an experiment file */
                       _("%sa classifying mlp needs whole-number class labels %s as the "
                         "target, found %g (for a real-valued target use \"task\": \"regress\")"),
                       at, range, y);
          return FALSE;
        }
      max_label = MAX (max_label, y);
    }

  if (kind == GS_PROBLEM_LOGISTIC_REGRESSION)
    *n_classes = 2;
  else if (kind == GS_PROBLEM_MLP && classify)
    {
      *n_classes = data->n_classes > 0 ? data->n_classes : (guint) max_label + 1;
      if (*n_classes < 2)
        {
          g_set_error_literal (error, GS_ERROR, GS_ERROR_DATA,
                               _("a classifying mlp needs at least 2 classes (labels 0 "
                                 "and 1); every row of the data set has label 0"));
          return FALSE;
        }
    }
  else
    *n_classes = 0;
  return TRUE;
}

/* The MLP's inputs of every row of data, after the input features */
static double *
mlp_inputs (const GsMlp *mlp, const GsDataset *data)
{
  double *x = g_new (double, MAX ((gsize) data->n_rows * gs_mlp_get_n_inputs (mlp), 1));

  gs_mlp_features (mlp, data->x + 1, data->cols, data->n_rows, x);
  return x;
}

GsProblem *
gs_problem_new_model_full (GsProblemKind kind, GsDataset *data,
                           const GsModelOptions *options, GError **error)
{
  g_autoptr(GsDataset) owned = data;
  g_autoptr(GsDataset) train = NULL;
  g_autoptr(GsDataset) val = NULL;
  GsModelOptions defaults;
  GsProblem *problem;
  guint n_classes;

  g_return_val_if_fail (kind != GS_PROBLEM_FUNCTION, NULL);

  if (options == NULL)
    {
      gs_model_options_init (&defaults);
      options = &defaults;
    }
  if (!check_rows (kind, options->mlp.classify, data, &n_classes, error))
    return NULL;

  if (options->validation != 0.0)
    {
      if (!gs_dataset_split (data, options->validation, options->validation_seed,
                             &train, &val, error))
        return NULL;
    }
  else
    train = g_steal_pointer (&owned);

  problem = problem_alloc (kind);
  problem->n_classes = n_classes;
  if (kind == GS_PROBLEM_MLP)
    {
      guint n_ranges;
      const GsParamRange *ranges;

      problem->mlp = gs_mlp_new (&options->mlp, train->n_features,
                                 options->mlp.classify ? n_classes : 1, error);
      if (problem->mlp == NULL)
        {
          g_free (problem);
          return NULL;
        }
      /* each run holds a work buffer for a full batch (every hidden
       * activation of every row): refuse what no machine here can hold */
      {
        guint rows = MAX (train->n_rows, val ? val->n_rows : 0);
        double bytes = (double) gs_mlp_get_work_size (problem->mlp, rows) * sizeof (double);

        if (bytes > MAX_WORK_BYTES)
          {
            g_autofree char *layout = gs_mlp_describe (problem->mlp);

            g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                         /* TRANSLATORS: "the network 2-16-16-3 over 200000 rows …" */
                         _("the network %s over %u rows needs %.1f GiB for one pass; at "
                           "most %.0f GiB are allowed (fewer rows or narrower layers)"),
                         layout, rows,
                         bytes / (1u << 30), MAX_WORK_BYTES / (1u << 30));
            gs_mlp_free (problem->mlp);
            g_free (problem);
            return NULL;
          }
      }
      problem->n_params = gs_mlp_get_n_params (problem->mlp);
      ranges = gs_mlp_get_weight_ranges (problem->mlp, &n_ranges);
      memcpy (problem->penalized, ranges, sizeof (GsParamRange) * n_ranges);
      problem->n_penalized = n_ranges;
      problem->inputs = mlp_inputs (problem->mlp, train);
      if (val != NULL)
        problem->val_inputs = mlp_inputs (problem->mlp, val);
    }
  else
    {
      problem->n_params = train->cols;
      /* the intercept θ0 is not penalized */
      problem->n_penalized = 1;
      problem->penalized[0] = (GsParamRange) { 1, train->cols };
    }
  problem->data = g_steal_pointer (&train);
  problem->val = g_steal_pointer (&val);
  gs_blas_init ();
  return problem;
}

GsProblem *
gs_problem_new_model (GsProblemKind kind, GsDataset *data, GError **error)
{
  if (kind == GS_PROBLEM_MLP)
    {
      /* a caller that knows only linear models gets a message, not a
       * network it did not ask for */
      g_set_error_literal (error, GS_ERROR, GS_ERROR_INVALID,
                           _("an mlp needs its network: build it with "
                             "gs_problem_new_model_full"));
      gs_dataset_free (data);
      return NULL;
    }
  return gs_problem_new_model_full (kind, data, NULL, error);
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
      gs_dataset_free (problem->val);
      gs_expr_unref (problem->expr);
      g_free ((char *) problem->custom.formula);   /* the same string as .expression */
      gs_mlp_free (problem->mlp);
      g_free (problem->inputs);
      g_free (problem->val_inputs);
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
    case GS_PROBLEM_MLP:                 return "mlp";
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

const GsExpr *
gs_problem_get_expr (GsProblem *problem)
{
  return problem->expr;
}

const GsDataset *
gs_problem_get_data (GsProblem *problem)
{
  return problem->data;
}

const GsDataset *
gs_problem_get_validation (GsProblem *problem)
{
  return problem->val;
}

char *
gs_problem_param_name (GsProblem *problem, guint j)
{
  static const char *const sub[] = { "₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉" };
  const GsMlp *mlp = gs_problem_get_mlp (problem);

  if (gs_problem_get_kind (problem) == GS_PROBLEM_FUNCTION)
    return g_strdup (j == 0 ? "x" : "y");
  if (mlp != NULL)
    {
      /* layer by layer: the weights [out × in] row by row, then the biases */
      for (guint l = 0; l < gs_mlp_get_n_layers (mlp); l++)
        {
          guint n_in, n_out, offset;

          gs_mlp_get_layer (mlp, l, &n_in, &n_out, &offset);
          if (j < offset || j >= offset + n_out * n_in + n_out)
            continue;
          if (j < offset + n_out * n_in)
            return g_strdup_printf ("W%u[%u,%u]", l + 1, (j - offset) / n_in,
                                    (j - offset) % n_in);
          return g_strdup_printf ("b%u[%u]", l + 1, j - offset - n_out * n_in);
        }
    }
  {
    GString *t = g_string_new ("θ");
    char digits[16];

    g_snprintf (digits, sizeof digits, "%u", j);
    for (const char *d = digits; *d; d++)
      g_string_append (t, sub[*d - '0']);
    if (j == 0 && mlp == NULL)
      {
        g_autofree char *name = g_string_free (t, FALSE);

        /* TRANSLATORS: the name of a linear model's first parameter, "θ₀" */
        return g_strdup_printf (_("%s (intercept)"), name);
      }
    return g_string_free (t, FALSE);
  }
}

const GsMlp *
gs_problem_get_mlp (GsProblem *problem)
{
  return problem->mlp;
}

const double *
gs_problem_get_mlp_inputs (GsProblem *problem, gboolean validation, guint *n_rows)
{
  const GsDataset *data = validation ? problem->val : problem->data;

  if (problem->mlp == NULL || data == NULL)
    {
      if (n_rows)
        *n_rows = 0;
      return NULL;
    }
  if (n_rows)
    *n_rows = data->n_rows;
  return validation ? problem->val_inputs : problem->inputs;
}

guint
gs_problem_get_n_classes (GsProblem *problem)
{
  return problem->n_classes;
}

GsMetricFlags
gs_problem_get_metrics (GsProblem *problem)
{
  GsMetricFlags flags = 0;

  if (problem->val != NULL)
    flags |= GS_METRIC_VAL_LOSS;
  if (problem->n_classes > 0)
    flags |= GS_METRIC_ACCURACY;
  if (problem->val != NULL && problem->n_classes > 0)
    flags |= GS_METRIC_VAL_ACCURACY;
  return flags;
}

const GsParamRange *
gs_problem_get_penalized (GsProblem *problem, guint *n_ranges)
{
  *n_ranges = problem->n_penalized;
  return problem->penalized;
}

void
gs_problem_get_default_start (GsProblem *problem, double *theta)
{
  if (problem->kind == GS_PROBLEM_FUNCTION)
    memcpy (theta, problem->function->start, sizeof (double) * 2);
  else if (problem->kind == GS_PROBLEM_MLP)
    gs_mlp_init_params (problem->mlp, theta);
  else
    memset (theta, 0, sizeof (double) * problem->n_params);  /* the article's np.zeros */
}

gsize
gs_problem_get_work_size (GsProblem *problem)
{
  if (problem->kind == GS_PROBLEM_FUNCTION)
    return 1;
  if (problem->kind == GS_PROBLEM_MLP)
    return gs_mlp_get_work_size (problem->mlp,
                                 MAX (problem->data->n_rows,
                                      problem->val ? problem->val->n_rows : 0));
  /* 32-byte aligned copies of θ and g for the fused pass's vector loads */
  return 2 * (gsize) problem->data->cols + 8;
}

/* ---- models ------------------------------------------------------------- */

static double
model_loss (GsProblem *problem, const GsDataset *data, const double *theta,
            const guint *rows, guint n_rows, double *grad, double *work,
            guint *n_correct)
{
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
                            data->x, data->y, rows, n, cols, t, grad ? g : NULL,
                            n_correct);
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

/* The MLP over the listed training rows (all when rows is NULL): a batch
 * is gathered into one contiguous matrix first, so the pass is all gemm. */
static double
mlp_loss (GsProblem *problem, const double *theta, const guint *rows, guint n_rows,
          double *grad, double *work, guint *n_correct)
{
  guint n_in = gs_mlp_get_n_inputs (problem->mlp);
  double *x, *y;

  if (rows == NULL)
    return gs_mlp_loss (problem->mlp, theta, problem->inputs, problem->data->y,
                        problem->data->n_rows, grad, work, n_correct);

  x = work;
  y = x + (gsize) n_rows * n_in;
  for (guint i = 0; i < n_rows; i++)
    {
      memcpy (x + (gsize) i * n_in, problem->inputs + (gsize) rows[i] * n_in,
              sizeof (double) * n_in);
      y[i] = problem->data->y[rows[i]];
    }
  return gs_mlp_loss (problem->mlp, theta, x, y, n_rows, grad,
                      y + n_rows, n_correct);
}

double
gs_problem_loss (GsProblem *problem, const double *theta, const guint *rows,
                 guint n_rows, double *grad, double *work)
{
  switch (problem->kind)
    {
    case GS_PROBLEM_FUNCTION:
      if (problem->function->eval != NULL)
        return problem->function->eval (theta, grad);
      return gs_expr_eval (problem->expr, theta, grad);
    case GS_PROBLEM_MLP:
      return mlp_loss (problem, theta, rows, n_rows, grad, work, NULL);
    case GS_PROBLEM_LINEAR_REGRESSION:
    case GS_PROBLEM_LOGISTIC_REGRESSION:
    default:
      return model_loss (problem, problem->data, theta, rows, n_rows, grad, work, NULL);
    }
}

gboolean
gs_problem_hessian (GsProblem *problem, const double *theta, double *hessian)
{
  if (problem->kind != GS_PROBLEM_FUNCTION || problem->expr == NULL)
    {
      for (guint k = 0; k < 4; k++)
        hessian[k] = NAN;
      return FALSE;
    }
  gs_expr_eval_hessian (problem->expr, theta, NULL, hessian);
  return TRUE;
}

double
gs_regularization_apply (const GsRegularization *reg, const double *theta,
                         const GsParamRange *ranges, guint n_ranges, double *grad)
{
  double l1 = 0.0, l2 = 0.0;

  if (reg == NULL || (reg->l1 == 0.0 && reg->l2 == 0.0))
    return 0.0;

  for (guint r = 0; r < n_ranges; r++)
    for (guint j = ranges[r].start; j < ranges[r].end; j++)
      {
        double w = theta[j];
        double sign = (w > 0) - (w < 0);   /* sign(0) = 0 */

        l1 += fabs (w);
        l2 += w * w;
        if (grad)
          grad[j] += (reg->l1_proximal ? 0.0 : reg->l1 * sign) + reg->l2 * w;
      }
  /* a·‖w‖₁ + (b/2)·‖w‖² */
  return reg->l1 * l1 + 0.5 * reg->l2 * l2;
}

void
gs_regularization_prox (const GsRegularization *reg, double lr, const GsParamRange *ranges,
                        guint n_ranges, double *theta)
{
  double t = lr * reg->l1;

  for (guint r = 0; r < n_ranges; r++)
    for (guint j = ranges[r].start; j < ranges[r].end; j++)
      {
        double w = theta[j];

        /* sign(w)·max(|w| − t, 0); NaN stays NaN */
        theta[j] = w > t ? w - t : w < -t ? w + t : isnan (w) ? w : 0.0;
      }
}

double
gs_problem_objective (GsProblem *problem, const GsRegularization *reg,
                      const double *theta, const guint *rows, guint n_rows,
                      double *grad, double *work)
{
  double loss = gs_problem_loss (problem, theta, rows, n_rows, grad, work);

  return loss + gs_regularization_apply (reg, theta, problem->penalized,
                                         problem->n_penalized, grad);
}

double
gs_problem_evaluate (GsProblem *problem, const GsRegularization *reg,
                     const double *theta, double *grad, double *work,
                     GsMetrics *metrics)
{
  double penalty, loss;
  guint correct = 0;

  metrics->val_loss = NAN;
  metrics->accuracy = NAN;
  metrics->val_accuracy = NAN;

  switch (problem->kind)
    {
    case GS_PROBLEM_FUNCTION:
      return gs_problem_objective (problem, reg, theta, NULL, 0, grad, work);

    case GS_PROBLEM_MLP:
      loss = mlp_loss (problem, theta, NULL, 0, grad, work, &correct);
      if (problem->n_classes > 0)
        metrics->accuracy = (double) correct / problem->data->n_rows;
      if (problem->val != NULL)
        {
          metrics->val_loss = gs_mlp_loss (problem->mlp, theta, problem->val_inputs,
                                           problem->val->y, problem->val->n_rows,
                                           NULL, work, &correct);
          if (problem->n_classes > 0)
            metrics->val_accuracy = (double) correct / problem->val->n_rows;
        }
      break;

    case GS_PROBLEM_LINEAR_REGRESSION:
    case GS_PROBLEM_LOGISTIC_REGRESSION:
    default:
      {
        guint val_correct = 0;

        /* the accuracy from the same pass: class 1 where z > 0 */
        loss = model_loss (problem, problem->data, theta, NULL, 0, grad, work, &correct);
        if (problem->val != NULL)
          metrics->val_loss = model_loss (problem, problem->val, theta, NULL, 0, NULL, work,
                                          &val_correct);
        if (problem->kind == GS_PROBLEM_LOGISTIC_REGRESSION)
          {
            metrics->accuracy = (double) correct / problem->data->n_rows;
            if (problem->val != NULL)
              metrics->val_accuracy = (double) val_correct / problem->val->n_rows;
          }
        break;
      }
    }

  /* the held-out objective carries the same penalty as the training one */
  penalty = gs_regularization_apply (reg, theta, problem->penalized,
                                     problem->n_penalized, grad);
  metrics->val_loss += penalty;
  return loss + penalty;
}
