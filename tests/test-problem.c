/* test-problem.c — built-in functions, linear and logistic regression,
 * regularization: values against independent numbers, gradients against
 * finite differences */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "gs-dataset.h"
#include "gs-problem.h"
#include "gs-rng.h"

/* ---- helpers ------------------------------------------------------------ */

static void
assert_close (double got, double want, double rel, double abs_tol, const char *what)
{
  double tol = abs_tol + rel * fabs (want);

  if (!(fabs (got - want) <= tol))
    {
      g_printerr ("%s: got %.17g, expected %.17g (|diff| %.3g > tol %.3g)\n",
                  what, got, want, fabs (got - want), tol);
      g_assert_cmpfloat (fabs (got - want), <=, tol);
    }
}

/* The regularization applies to exactly θ[start..end). */
static void
assert_penalized (GsProblem *problem, guint start, guint end)
{
  guint n;
  const GsParamRange *ranges = gs_problem_get_penalized (problem, &n);

  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (ranges[0].start, ==, start);
  g_assert_cmpuint (ranges[0].end, ==, end);
}

/* gs_regularization_apply over the one range θ[start..end) */
static double
penalty (const GsRegularization *reg, const double *theta, guint start, guint end,
         double *grad)
{
  const GsParamRange range = { start, end };

  return gs_regularization_apply (reg, theta, &range, 1, grad);
}

/* Objective (with reg) at theta over rows, with a work buffer of its own. */
static double
eval (GsProblem *problem, const GsRegularization *reg, const double *theta,
      const guint *rows, guint n_rows, double *grad)
{
  g_autofree double *work = g_new0 (double, gs_problem_get_work_size (problem));

  return gs_problem_objective (problem, reg, theta, rows, n_rows, grad, work);
}

static double
loss (GsProblem *problem, const double *theta, const guint *rows, guint n_rows,
      double *grad)
{
  g_autofree double *work = g_new0 (double, gs_problem_get_work_size (problem));

  return gs_problem_loss (problem, theta, rows, n_rows, grad, work);
}

/* Central differences of the objective; h = 1e-6·max(1, |θj|). Checks the
 * analytic gradient against them, tolerance 1e-5·max(1, |g|) plus the
 * rounding of f itself (≈ ε·|f|/h). */
static void
check_gradient_fd (GsProblem *problem, const GsRegularization *reg,
                   const double *theta, const guint *rows, guint n_rows,
                   const char *what)
{
  guint n = gs_problem_get_n_params (problem);
  g_autofree double *g = g_new (double, n);
  g_autofree double *p = g_memdup2 (theta, sizeof (double) * n);
  double f = eval (problem, reg, theta, rows, n_rows, g);
  double f_nograd = eval (problem, reg, theta, rows, n_rows, NULL);

  g_assert_true (isfinite (f));
  /* the value does not depend on whether the gradient is wanted */
  g_assert_cmpfloat (f, ==, f_nograd);

  for (guint j = 0; j < n; j++)
    {
      double h = 1e-6 * MAX (1.0, fabs (theta[j]));
      double fp, fm, fd, tol;

      p[j] = theta[j] + h;
      fp = eval (problem, reg, p, rows, n_rows, NULL);
      p[j] = theta[j] - h;
      fm = eval (problem, reg, p, rows, n_rows, NULL);
      p[j] = theta[j];
      fd = (fp - fm) / (2 * h);

      tol = 1e-5 * MAX (1.0, fabs (g[j])) + 1e-9 * fabs (f);
      if (!(fabs (g[j] - fd) <= tol))
        {
          g_printerr ("%s: ∂f/∂θ%u at (", what, j);
          for (guint k = 0; k < n; k++)
            g_printerr ("%s%.17g", k ? ", " : "", theta[k]);
          g_printerr ("): analytic %.17g, central difference %.17g\n", g[j], fd);
          g_assert_cmpfloat (fabs (g[j] - fd), <=, tol);
        }
    }
}

/* A data set of n rows of d features given row-major, with targets y. */
static GsDataset *
dataset_from (guint n, guint d, const double *x, const double *y)
{
  GsDataset *data = gs_dataset_new (n, d);

  for (guint i = 0; i < n; i++)
    {
      double *row = gs_dataset_row (data, i);

      g_assert_cmpfloat (row[0], ==, 1.0);
      memcpy (row + 1, x + (gsize) i * d, sizeof (double) * d);
      data->y[i] = y[i];
    }
  return data;
}

/* The rows listed, in order, as a data set of their own. */
static GsDataset *
dataset_subset (const GsDataset *data, const guint *rows, guint n)
{
  GsDataset *sub = gs_dataset_new (n, data->n_features);

  for (guint i = 0; i < n; i++)
    {
      memcpy (gs_dataset_row (sub, i), gs_dataset_row (data, rows[i]),
              sizeof (double) * data->cols);
      sub->y[i] = data->y[rows[i]];
    }
  return sub;
}

static GsProblem *
model (GsProblemKind kind, GsDataset *data)
{
  g_autoptr(GError) error = NULL;
  GsProblem *problem = gs_problem_new_model (kind, data, &error);

  g_assert_no_error (error);
  g_assert_nonnull (problem);
  return problem;
}

static GsDataset *
generate (const char *name, guint samples, guint features, double noise, guint64 seed)
{
  g_autoptr(GError) error = NULL;
  GsDataset *data = gs_dataset_generate (name, samples, features, noise, seed, &error);

  g_assert_no_error (error);
  g_assert_nonnull (data);
  return data;
}

/* Textbook loss and gradient of a model in long double, row by row, with
 * no blocks: mean((ŷ − y)²) and (2/m)·Xᵀ(ŷ − y), or mean of
 * −y·log σ(z) − (1 − y)·log(1 − σ(z)) and Xᵀ(σ(z) − y)/m. */
static double
reference_loss (GsProblemKind kind, const GsDataset *data, const double *theta,
                const guint *rows, guint n_rows, double *grad)
{
  guint n = rows ? n_rows : data->n_rows;
  long double sum = 0;
  g_autofree long double *g = g_new0 (long double, data->cols);

  for (guint k = 0; k < n; k++)
    {
      guint i = rows ? rows[k] : k;
      const double *x = gs_dataset_row (data, i);
      long double z = 0, r;

      for (guint j = 0; j < data->cols; j++)
        z += (long double) x[j] * theta[j];

      if (kind == GS_PROBLEM_LINEAR_REGRESSION)
        {
          r = z - data->y[i];
          sum += r * r;
          r *= 2;
        }
      else
        {
          long double s = 1.0L / (1.0L + expl (-z));

          sum += data->y[i] == 1.0 ? -logl (s) : -logl (1.0L - s);
          r = s - data->y[i];
        }
      for (guint j = 0; j < data->cols; j++)
        g[j] += r * x[j];
    }
  for (guint j = 0; j < data->cols; j++)
    grad[j] = (double) (g[j] / n);
  return (double) (sum / n);
}

static void
check_against_reference (GsProblem *problem, const double *theta,
                         const guint *rows, guint n_rows, const char *what)
{
  const GsDataset *data = gs_problem_get_data (problem);
  guint n = gs_problem_get_n_params (problem);
  g_autofree double *g = g_new (double, n);
  g_autofree double *g_ref = g_new (double, n);
  double gmax = 0;
  double f, f_ref;

  f = loss (problem, theta, rows, n_rows, g);
  f_ref = reference_loss (gs_problem_get_kind (problem), data, theta, rows, n_rows, g_ref);
  assert_close (f, f_ref, 1e-11, 1e-13, what);
  for (guint j = 0; j < n; j++)
    gmax = MAX (gmax, fabs (g_ref[j]));
  for (guint j = 0; j < n; j++)
    assert_close (g[j], g_ref[j], 0, 1e-11 * MAX (1.0, gmax), what);
}

/* ---- built-in functions ------------------------------------------------- */

static const char *const function_names[] = {
  "rosenbrock", "beale", "himmelblau", "rastrigin", "booth", "saddle",
  "quadratic", "three_hump_camel", "styblinski_tang", "matyas",
};

/* f at four points, from the formulas of the spec evaluated in Python */
typedef struct
{
  const char *name;
  double      at[4][3];   /* x, y, f */
} FunctionValues;

static const FunctionValues function_values[] = {
  { "rosenbrock", { { 0.5, -1.25, 225.25 }, { -1.5, 2.0, 12.5 }, { 2.0, 0.75, 1057.25 },
                    { 0.3, 0.2, 1.7000000000000004 } } },
  { "beale", { { 0.5, -1.25, 7.86676025390625 }, { -1.5, 2.0, 67.078125 },
               { 2.0, 0.75, 5.0478515625 }, { 0.3, 0.2, 10.853834760000002 } } },
  { "himmelblau", { { 0.5, -1.25, 168.37890625 }, { -1.5, 2.0, 65.8125 },
                    { 2.0, 0.75, 58.75390625 }, { 0.3, 0.2, 159.05970000000002 } } },
  { "rastrigin", { { 0.5, -1.25, 31.8125 }, { -1.5, 2.0, 26.25 }, { 2.0, 0.75, 14.5625 },
                   { 0.3, 0.2, 20.13 } } },
  { "booth", { { 0.5, -1.25, 108.5625 }, { -1.5, 2.0, 56.25 }, { 2.0, 0.75, 12.3125 },
               { 0.3, 0.2, 57.33 } } },
  { "saddle", { { 0.5, -1.25, -1.3125 }, { -1.5, 2.0, -1.75 }, { 2.0, 0.75, 3.4375 },
                { 0.3, 0.2, 0.05 } } },
  { "quadratic", { { 0.5, -1.25, 7.9375 }, { -1.5, 2.0, 21.125 }, { 2.0, 0.75, 4.8125 },
                   { 0.3, 0.2, 0.245 } } },
  { "three_hump_camel", { { 0.5, -1.25, 1.3744791666666667 }, { -1.5, 2.0, 2.0828125 },
                          { 2.0, 0.75, 3.9291666666666667 }, { 0.3, 0.2, 0.2716165 } } },
  { "styblinski_tang", { { 0.5, -1.25, -15.123046875 }, { -1.5, 2.0, -38.21875 },
                         { 2.0, 0.75, -21.466796875 }, { 0.3, 0.2, 0.21485 } } },
  { "matyas", { { 0.5, -1.25, 0.77125 }, { -1.5, 2.0, 3.065 }, { 2.0, 0.75, 0.46625 },
                { 0.3, 0.2, 0.005 } } },
};

/* The global minimum value of each function in its view, from the spec
 * (computed independently to 30+ digits); NAN: unbounded (saddle). */
static double
true_global_min (const char *name)
{
  if (g_str_equal (name, "saddle"))
    return NAN;
  if (g_str_equal (name, "styblinski_tang"))
    return -78.332331407542830928;
  return 0.0;
}

static void
test_catalog (void)
{
  guint n_functions = 0;
  const GsFunctionInfo *functions = gs_functions (&n_functions);

  g_assert_cmpuint (n_functions, ==, G_N_ELEMENTS (function_names));
  for (guint i = 0; i < G_N_ELEMENTS (function_names); i++)
    {
      const GsFunctionInfo *info = gs_function_lookup (function_names[i]);
      gboolean listed = FALSE;

      g_assert_nonnull (info);
      g_assert_cmpstr (info->name, ==, function_names[i]);
      g_assert_nonnull (info->eval);
      g_assert_true (info->title != NULL && info->title[0] != '\0');
      g_assert_true (info->formula != NULL && info->formula[0] != '\0');
      g_assert_true (g_utf8_validate (info->title, -1, NULL));
      g_assert_true (g_utf8_validate (info->formula, -1, NULL));
      for (guint k = 0; k < n_functions; k++)
        listed |= info == &functions[k];
      g_assert_true (listed);

      /* the view is a proper window and holds the default start */
      g_assert_cmpfloat (info->view[0], <, info->view[1]);
      g_assert_cmpfloat (info->view[2], <, info->view[3]);
      g_assert_cmpfloat (info->start[0], >=, info->view[0]);
      g_assert_cmpfloat (info->start[0], <=, info->view[1]);
      g_assert_cmpfloat (info->start[1], >=, info->view[2]);
      g_assert_cmpfloat (info->start[1], <=, info->view[3]);

      g_assert_cmpuint (info->n_minima, <=, GS_FUNCTION_MAX_MINIMA);
      if (g_str_equal (info->name, "saddle"))
        g_assert_cmpuint (info->n_minima, ==, 0);
      else
        g_assert_cmpuint (info->n_minima, >=, 1);
    }
  g_assert_null (gs_function_lookup ("nope"));
  g_assert_null (gs_function_lookup ("Rosenbrock"));
  g_assert_null (gs_function_lookup (""));
}

static void
test_function_problem (void)
{
  const GsFunctionInfo *info = gs_function_lookup ("beale");
  g_autoptr(GsProblem) problem = gs_problem_new_function (info);
  double start[2] = { 0, 0 };
  double p[2] = { 2.0, 0.75 };
  double work[1];

  g_assert_cmpint (gs_problem_get_kind (problem), ==, GS_PROBLEM_FUNCTION);
  g_assert_cmpstr (gs_problem_get_name (problem), ==, "beale");
  g_assert_cmpuint (gs_problem_get_n_params (problem), ==, 2);
  g_assert_cmpuint (gs_problem_get_n_samples (problem), ==, 0);
  assert_penalized (problem, 0, 2);
  g_assert_true (gs_problem_get_function (problem) == info);
  g_assert_null (gs_problem_get_data (problem));
  g_assert_cmpuint (gs_problem_get_work_size (problem), >=, 1);
  gs_problem_get_default_start (problem, start);
  g_assert_cmpfloat (start[0], ==, 1.0);
  g_assert_cmpfloat (start[1], ==, 1.5);

  /* rows are ignored by functions */
  {
    guint rows[] = { 0, 1 };

    assert_close (gs_problem_loss (problem, p, rows, 2, NULL, work), 5.0478515625,
                  1e-14, 0, "beale");
  }

  /* ref / unref */
  g_assert_true (gs_problem_ref (problem) == problem);
  gs_problem_unref (problem);
  gs_problem_unref (NULL);
}

static void
test_function_values (gconstpointer user_data)
{
  const GsFunctionInfo *info = user_data;
  g_autoptr(GsProblem) problem = gs_problem_new_function (info);
  const FunctionValues *fv = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (function_values); i++)
    if (g_str_equal (function_values[i].name, info->name))
      fv = &function_values[i];
  g_assert_nonnull (fv);

  for (guint k = 0; k < 4; k++)
    {
      double p[2] = { fv->at[k][0], fv->at[k][1] };
      double g[2];
      double f = info->eval (p, NULL);

      assert_close (f, fv->at[k][2], 1e-13, 1e-14, info->name);
      g_assert_cmpfloat (info->eval (p, g), ==, f);
      g_assert_cmpfloat (eval (problem, NULL, p, NULL, 0, NULL), ==, f);
    }
}

static void
test_function_gradient (gconstpointer user_data)
{
  const GsFunctionInfo *info = user_data;
  g_autoptr(GsProblem) problem = gs_problem_new_function (info);
  GsRng rng;

  gs_rng_init (&rng, g_str_hash (info->name));
  for (guint k = 0; k < 20; k++)
    {
      double p[2];

      p[0] = info->view[0] + (info->view[1] - info->view[0]) * gs_rng_uniform (&rng);
      p[1] = info->view[2] + (info->view[3] - info->view[2]) * gs_rng_uniform (&rng);
      check_gradient_fd (problem, NULL, p, NULL, 0, info->name);
    }
  /* and at the default start */
  check_gradient_fd (problem, NULL, info->start, NULL, 0, info->name);
}

static void
test_function_minima (gconstpointer user_data)
{
  const GsFunctionInfo *info = user_data;
  double truth = true_global_min (info->name);
  g_autoptr(GString) known = g_string_new (NULL);

  if (info->n_minima == 0)
    {
      /* the saddle: a stationary point that is not a minimum */
      double p[2] = { 0, 0 }, g[2];
      double q[2] = { 0, 0.1 };

      g_assert_true (isnan (truth));
      g_assert_cmpfloat (info->eval (p, g), ==, 0.0);
      g_assert_cmpfloat (g[0], ==, 0.0);
      g_assert_cmpfloat (g[1], ==, 0.0);
      g_assert_cmpfloat (info->eval (q, NULL), <, 0.0);
      return;
    }

  for (guint m = 0; m < info->n_minima; m++)
    {
      const double *min = info->minima[m];
      double p[2] = { min[0], min[1] }, g[2];
      double f = info->eval (p, g);

      /* inside the view */
      g_assert_cmpfloat (p[0], >=, info->view[0]);
      g_assert_cmpfloat (p[0], <=, info->view[1]);
      g_assert_cmpfloat (p[1], >=, info->view[2]);
      g_assert_cmpfloat (p[1], <=, info->view[3]);

      /* stationary */
      g_assert_cmpfloat (fabs (g[0]), <, 1e-6);
      g_assert_cmpfloat (fabs (g[1]), <, 1e-6);

      /* a minimum: f grows in 8 directions */
      for (guint d = 0; d < 8; d++)
        {
          double a = d * G_PI / 4;
          double q[2] = { p[0] + 1e-3 * cos (a), p[1] + 1e-3 * sin (a) };

          g_assert_cmpfloat (info->eval (q, NULL), >, f);
        }

      /* the global one first */
      g_assert_cmpfloat (info->minima[0][2], <=, min[2]);

      /* f there equals the listed value */
      if (fabs (f - min[2]) > 1e-12 * MAX (1.0, fabs (f)))
        {
          if (g_str_equal (info->name, "styblinski_tang") && m > 0)
            g_string_append_printf (known, " minimum %u at (%.6f, %.6f): listed f %.17g, "
                                    "f there %.17g;", m, p[0], p[1], min[2], f);
          else
            assert_close (f, min[2], 1e-12, 1e-12, info->name);
        }
    }

  /* the first one is the global minimum of the view */
  assert_close (info->minima[0][2], truth, 1e-14, 1e-15, info->name);
  for (guint i = 0; i <= 400; i++)
    for (guint j = 0; j <= 400; j++)
      {
        double q[2] = {
          info->view[0] + (info->view[1] - info->view[0]) * i / 400.0,
          info->view[2] + (info->view[3] - info->view[2]) * j / 400.0,
        };

        g_assert_cmpfloat (info->eval (q, NULL), >=, truth - 1e-12);
      }

  if (known->len > 0)
    {
      g_autofree char *msg = g_strdup_printf ("the styblinski_tang minima "
                                              "table:%s", known->str);
      g_error ("%s", msg);
    }
}

/* ---- linear and logistic regression ------------------------------------- */

/* X = [[1, 2], [2, 0], [0, 1], [3, −1]] */
static const double tiny_x[] = { 1, 2, 2, 0, 0, 1, 3, -1 };

static void
test_linear_tiny (void)
{
  static const double y[] = { 3, 1, 2, 0.5 };
  g_autoptr(GsProblem) problem =
    model (GS_PROBLEM_LINEAR_REGRESSION, dataset_from (4, 2, tiny_x, y));
  double theta[3] = { 0.5, -1, 2 };
  double start[3] = { 9, 9, 9 };
  double g[3];
  double f;

  g_assert_cmpint (gs_problem_get_kind (problem), ==, GS_PROBLEM_LINEAR_REGRESSION);
  g_assert_cmpstr (gs_problem_get_name (problem), ==, "linear_regression");
  g_assert_cmpuint (gs_problem_get_n_params (problem), ==, 3);
  g_assert_cmpuint (gs_problem_get_n_samples (problem), ==, 4);
  assert_penalized (problem, 1, 3);
  g_assert_null (gs_problem_get_function (problem));
  g_assert_nonnull (gs_problem_get_data (problem));
  gs_problem_get_default_start (problem, start);
  for (guint j = 0; j < 3; j++)
    g_assert_cmpfloat (start[j], ==, 0.0);

  /* ŷ = [3.5, −1.5, 2.5, −4.5], e = [0.5, −2.5, 0.5, −5]: MSE 31.75/4 */
  f = loss (problem, theta, NULL, 0, g);
  assert_close (f, 7.9375, 1e-15, 0, "linear loss");
  assert_close (g[0], -3.25, 1e-15, 0, "linear ∂θ0");
  assert_close (g[1], -9.75, 1e-15, 0, "linear ∂θ1");
  assert_close (g[2], 3.25, 1e-15, 0, "linear ∂θ2");

  /* rows = NULL means all rows, whatever n_rows says */
  assert_close (loss (problem, theta, NULL, 1, NULL), 7.9375, 1e-15, 0, "linear loss");

  /* θ = [3, 0, 0]: e = [0, 2, 1, 2.5] */
  theta[0] = 3, theta[1] = 0, theta[2] = 0;
  f = loss (problem, theta, NULL, 0, g);
  assert_close (f, 2.8125, 1e-15, 0, "linear loss");
  assert_close (g[0], 2.75, 1e-15, 0, "linear ∂θ0");
  assert_close (g[1], 5.75, 1e-15, 0, "linear ∂θ1");
  assert_close (g[2], -0.75, 1e-15, 0, "linear ∂θ2");

  /* a minibatch of rows 3 and 1: e = [2.5, 2] */
  {
    const guint rows[] = { 3, 1 };

    f = loss (problem, theta, rows, 2, g);
    assert_close (f, (6.25 + 4) / 2, 1e-15, 0, "linear batch loss");
    assert_close (g[0], 4.5, 1e-15, 0, "linear batch ∂θ0");
    assert_close (g[1], 11.5, 1e-15, 0, "linear batch ∂θ1");
    assert_close (g[2], -2.5, 1e-15, 0, "linear batch ∂θ2");
  }
}

static void
test_logistic_tiny (void)
{
  static const double y[] = { 1, 0, 1, 0 };
  g_autoptr(GsProblem) problem =
    model (GS_PROBLEM_LOGISTIC_REGRESSION, dataset_from (4, 2, tiny_x, y));
  const double theta[3] = { 0.1, -0.5, 0.8 };
  const double zero[3] = { 0, 0, 0 };
  double g[3];
  double f;

  g_assert_cmpint (gs_problem_get_kind (problem), ==, GS_PROBLEM_LOGISTIC_REGRESSION);
  g_assert_cmpstr (gs_problem_get_name (problem), ==, "logistic_regression");
  assert_penalized (problem, 1, 3);

  /* computed in Python as −mean(y·log σ(z) + (1 − y)·log(1 − σ(z))) */
  f = loss (problem, theta, NULL, 0, g);
  assert_close (f, 0.26266838414272564, 1e-14, 0, "logistic loss");
  assert_close (g[0], -0.032931181845324294, 1e-13, 0, "logistic ∂θ0");
  assert_close (g[1], 0.16146931140201631, 1e-13, 0, "logistic ∂θ1");
  assert_close (g[2], -0.21293785487416145, 1e-13, 0, "logistic ∂θ2");

  /* θ = 0: σ = 1/2 everywhere, loss log 2, ∇ = Xᵀ(1/2 − y)/m */
  f = loss (problem, zero, NULL, 0, g);
  assert_close (f, G_LN2, 1e-15, 0, "logistic loss at 0");
  assert_close (g[0], 0.0, 0, 1e-16, "logistic ∂θ0 at 0");
  assert_close (g[1], (-0.5 * 1 + 0.5 * 2 - 0.5 * 0 + 0.5 * 3) / 4, 1e-15, 0, "∂θ1 at 0");
  assert_close (g[2], (-0.5 * 2 + 0.5 * 0 - 0.5 * 1 + 0.5 * -1) / 4, 1e-15, 0, "∂θ2 at 0");
}

/* Gradients against central differences on generated sets of several
 * features, at random θ. */
static void
test_models_fd (void)
{
  GsRng rng;

  gs_rng_init (&rng, 4);
  for (guint kind = 0; kind < 2; kind++)
    {
      GsProblemKind k = kind ? GS_PROBLEM_LOGISTIC_REGRESSION : GS_PROBLEM_LINEAR_REGRESSION;
      g_autoptr(GsProblem) problem =
        model (k, generate (kind ? "blobs" : "linear", 300, 5, kind ? 1.0 : 0.3, 17));
      guint n = gs_problem_get_n_params (problem);

      g_assert_cmpuint (n, ==, 6);
      for (guint t = 0; t < 6; t++)
        {
          double theta[6];

          for (guint j = 0; j < n; j++)
            theta[j] = 4.0 * gs_rng_uniform (&rng) - 2.0;
          check_gradient_fd (problem, NULL, theta, NULL, 0, gs_problem_get_name (problem));
          check_against_reference (problem, theta, NULL, 0, gs_problem_get_name (problem));
        }
    }
}

/* 5000 rows: more than one cache block of rows, so the block boundaries
 * (and the short last block) are part of the sum. */
static void
test_models_large (void)
{
  static const struct { guint samples, features; } shapes[] = {
    { 5000, 3 },      /* blocks of 2048 rows */
    { 5000, 1 },      /* blocks of 4096 rows */
    { 4097, 1 },      /* one row past a block */
    { 50, 700 },      /* wide rows: blocks of the minimum 16 rows */
  };
  GsRng rng;

  gs_rng_init (&rng, 8);
  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    for (guint kind = 0; kind < 2; kind++)
      {
        GsProblemKind k = kind ? GS_PROBLEM_LOGISTIC_REGRESSION : GS_PROBLEM_LINEAR_REGRESSION;
        g_autoptr(GsProblem) problem =
          model (k, generate (kind ? "blobs" : "linear", shapes[s].samples,
                              shapes[s].features, 0.8, 100 + s));
        guint n = gs_problem_get_n_params (problem);
        g_autofree double *theta = g_new (double, n);
        g_autofree char *what = g_strdup_printf ("%s %u×%u", gs_problem_get_name (problem),
                                                 shapes[s].samples, shapes[s].features);

        for (guint j = 0; j < n; j++)
          theta[j] = (2.0 * gs_rng_uniform (&rng) - 1.0) / sqrt (n);
        check_against_reference (problem, theta, NULL, 0, what);
        if (n <= 4)
          check_gradient_fd (problem, NULL, theta, NULL, 0, what);
      }
}

/* A minibatch is the loss of the data set made of those rows. */
static void
test_minibatch (void)
{
  GsRng rng;

  gs_rng_init (&rng, 21);
  for (guint kind = 0; kind < 2; kind++)
    {
      GsProblemKind k = kind ? GS_PROBLEM_LOGISTIC_REGRESSION : GS_PROBLEM_LINEAR_REGRESSION;
      GsDataset *data = generate (kind ? "blobs" : "linear", 5000, 3, 0.7, 5);
      g_autoptr(GsProblem) problem = model (k, data);
      g_autofree guint *perm = g_new (guint, 5000);
      const guint odd[] = { 7, 7, 4999, 0, 2048, 2047, 4096, 7 };
      const guint sizes[] = { 1, 15, 2048, 2049, 3000, 5000 };
      double theta[4];

      for (guint j = 0; j < 4; j++)
        theta[j] = 2.0 * gs_rng_uniform (&rng) - 1.0;
      for (guint i = 0; i < 5000; i++)
        perm[i] = i;
      gs_rng_shuffle (&rng, perm, 5000);

      for (guint s = 0; s <= G_N_ELEMENTS (sizes); s++)
        {
          const guint *rows = s < G_N_ELEMENTS (sizes) ? perm : odd;
          guint n_rows = s < G_N_ELEMENTS (sizes) ? sizes[s] : G_N_ELEMENTS (odd);
          g_autoptr(GsProblem) sub = model (k, dataset_subset (data, rows, n_rows));
          double g[4], g_sub[4];
          double f = loss (problem, theta, rows, n_rows, g);
          double f_sub = loss (sub, theta, NULL, 0, g_sub);

          assert_close (f, f_sub, 1e-13, 0, "minibatch loss");
          for (guint j = 0; j < 4; j++)
            assert_close (g[j], g_sub[j], 1e-12, 1e-15, "minibatch gradient");
          check_against_reference (problem, theta, rows, n_rows, "minibatch");
        }

      /* a batch of all rows in order is the full loss */
      for (guint i = 0; i < 5000; i++)
        perm[i] = i;
      {
        double g[4], g_all[4];
        double f = loss (problem, theta, perm, 5000, g);
        double f_all = loss (problem, theta, NULL, 0, g_all);

        assert_close (f, f_all, 1e-14, 0, "all-rows batch");
        for (guint j = 0; j < 4; j++)
          assert_close (g[j], g_all[j], 1e-13, 1e-16, "all-rows batch");
      }
    }
}

/* z = ±800 overflows exp(): the loss must stay finite with the right limit */
static void
test_logistic_stable (void)
{
  static const double x[] = { 1, -1 };
  static const double right[] = { 1, 0 };   /* z = 800 → 1, z = −800 → 0 */
  static const double wrong[] = { 0, 1 };
  const double theta[2] = { 0, 800 };
  double g[2];
  double f;

  {
    g_autoptr(GsProblem) problem =
      model (GS_PROBLEM_LOGISTIC_REGRESSION, dataset_from (2, 1, x, right));

    f = loss (problem, theta, NULL, 0, g);
    g_assert_true (isfinite (f));
    g_assert_cmpfloat (f, ==, 0.0);
    g_assert_cmpfloat (g[0], ==, 0.0);
    g_assert_cmpfloat (g[1], ==, 0.0);
  }
  {
    g_autoptr(GsProblem) problem =
      model (GS_PROBLEM_LOGISTIC_REGRESSION, dataset_from (2, 1, x, wrong));

    /* −log σ(−800) = 800 + log(1 + e⁻⁸⁰⁰) = 800 */
    f = loss (problem, theta, NULL, 0, g);
    g_assert_true (isfinite (f));
    assert_close (f, 800.0, 1e-15, 0, "logistic at |z| = 800");
    /* σ − y = [1, −1]: ∂θ0 = 0, ∂θ1 = (1·1 + (−1)(−1))/2 = 1 */
    assert_close (g[0], 0.0, 0, 1e-300, "logistic ∂θ0 at |z| = 800");
    assert_close (g[1], 1.0, 1e-15, 0, "logistic ∂θ1 at |z| = 800");
  }
  {
    /* small losses keep their digits: −log σ(30) = log1p(e⁻³⁰) */
    g_autoptr(GsProblem) problem =
      model (GS_PROBLEM_LOGISTIC_REGRESSION, dataset_from (2, 1, x, right));
    const double t30[2] = { 0, 30 };

    f = loss (problem, t30, NULL, 0, g);
    assert_close (f, 9.3576229688397368e-14, 1e-12, 0, "logistic at |z| = 30");
    /* σ(z) − y cancels for y = 1: only absolute accuracy is expected */
    assert_close (g[1], -9.3576229688393001e-14, 0, 1e-16, "logistic ∂θ1 at |z| = 30");
  }
}

static void
test_model_errors (void)
{
  static const double x[] = { 1, 2, 3 };
  static const double labels[] = { 1, 0.5, 0 };
  g_autoptr(GError) error = NULL;
  GsProblem *problem;
  GsDataset *data;

  /* labels other than 0/1, with no file lines: the row number */
  problem = gs_problem_new_model (GS_PROBLEM_LOGISTIC_REGRESSION,
                                  dataset_from (3, 1, x, labels), &error);
  g_assert_null (problem);
  g_assert_error (error, GS_ERROR, GS_ERROR_DATA);
  g_assert_cmpstr (error->message, ==,
                   "row 2: logistic_regression needs target labels 0 or 1, found 0.5");
  g_clear_error (&error);

  /* ... and with CSV lines: the file and line */
  {
    const char *csv = "x,y\n1,0\n\n# c\n2,-1\n3,1\n";

    data = gs_dataset_parse_csv (csv, strlen (csv), "d.csv", GS_CSV_HEADER_AUTO, &error);
  }
  g_assert_no_error (error);
  problem = gs_problem_new_model (GS_PROBLEM_LOGISTIC_REGRESSION, data, &error);
  g_assert_null (problem);
  g_assert_error (error, GS_ERROR, GS_ERROR_DATA);
  g_assert_cmpstr (error->message, ==,
                   "d.csv:5: logistic_regression needs target labels 0 or 1, found -1");
  g_clear_error (&error);

  /* the same labels are fine for linear regression */
  problem = gs_problem_new_model (GS_PROBLEM_LINEAR_REGRESSION,
                                  dataset_from (3, 1, x, labels), &error);
  g_assert_no_error (error);
  g_assert_nonnull (problem);
  gs_problem_unref (problem);

  /* no rows */
  problem = gs_problem_new_model (GS_PROBLEM_LINEAR_REGRESSION, gs_dataset_new (0, 2), &error);
  g_assert_null (problem);
  g_assert_error (error, GS_ERROR, GS_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, "the data set has no rows");
  g_clear_error (&error);

  /* a value that is not finite, in a feature or in the target */
  data = dataset_from (3, 1, x, labels);
  gs_dataset_row (data, 2)[1] = NAN;
  problem = gs_problem_new_model (GS_PROBLEM_LINEAR_REGRESSION, data, &error);
  g_assert_null (problem);
  g_assert_error (error, GS_ERROR, GS_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, "row 3 of the data set holds a value that is not finite");
  g_clear_error (&error);

  data = dataset_from (3, 1, x, labels);
  data->y[0] = INFINITY;
  problem = gs_problem_new_model (GS_PROBLEM_LINEAR_REGRESSION, data, &error);
  g_assert_null (problem);
  g_assert_error (error, GS_ERROR, GS_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, "row 1 of the data set holds a value that is not finite");
}

/* ---- regularization ----------------------------------------------------- */

static void
test_regularization_apply (void)
{
  const GsRegularization reg = { 0.5, 0.4 };
  const GsRegularization none = { 0, 0 };
  const double theta[4] = { -1, 0, 2, -3 };
  double g[4] = { 10, 10, 10, 10 };

  /* w = θ[1..4): 0.5·(0 + 2 + 3) + 0.2·(0 + 4 + 9) */
  assert_close (penalty (&reg, theta, 1, 4, g), 5.1, 1e-15, 0, "penalty");
  g_assert_cmpfloat (g[0], ==, 10);                 /* outside w: untouched */
  g_assert_cmpfloat (g[1], ==, 10);                 /* sign(0) = 0, l2·0 = 0 */
  assert_close (g[2], 10 + 0.5 + 0.8, 1e-15, 0, "penalty gradient");
  assert_close (g[3], 10 - 0.5 - 1.2, 1e-15, 0, "penalty gradient");

  /* w = all of θ */
  assert_close (penalty (&reg, theta, 0, 4, NULL), 5.1 + 0.5 + 0.2, 1e-15, 0,
                "penalty");
  /* only l1 / only l2 */
  {
    const GsRegularization l1 = { 2, 0 }, l2 = { 0, 2 };
    double g1[4] = { 0 }, g2[4] = { 0 };

    assert_close (penalty (&l1, theta, 0, 4, g1), 12, 1e-15, 0, "l1");
    assert_close (penalty (&l2, theta, 0, 4, g2), 14, 1e-15, 0, "l2");
    g_assert_cmpfloat (g1[0], ==, -2);
    g_assert_cmpfloat (g1[1], ==, 0);
    g_assert_cmpfloat (g1[2], ==, 2);
    g_assert_cmpfloat (g1[3], ==, -2);
    g_assert_cmpfloat (g2[0], ==, -2);
    g_assert_cmpfloat (g2[1], ==, 0);
    g_assert_cmpfloat (g2[2], ==, 4);
    g_assert_cmpfloat (g2[3], ==, -6);
  }

  /* no regularization: nothing added */
  g[0] = g[1] = g[2] = g[3] = 1;
  g_assert_cmpfloat (penalty (NULL, theta, 0, 4, g), ==, 0);
  g_assert_cmpfloat (penalty (&none, theta, 0, 4, g), ==, 0);
  for (guint j = 0; j < 4; j++)
    g_assert_cmpfloat (g[j], ==, 1);

  /* an empty range */
  g_assert_cmpfloat (penalty (&reg, theta, 4, 4, g), ==, 0);

  /* several ranges: θ0 and θ2…θ3, as an MLP's weight matrices around a bias */
  {
    const GsParamRange ranges[] = { { 0, 1 }, { 2, 4 } };
    double gr[4] = { 0, 0, 0, 0 };

    /* 0.5·(1 + 2 + 3) + 0.2·(1 + 4 + 9) */
    assert_close (gs_regularization_apply (&reg, theta, ranges, 2, gr), 5.8, 1e-15, 0, "ranges");
    assert_close (gr[0], -0.5 - 0.4, 1e-15, 0, "ranges ∂θ0");
    g_assert_cmpfloat (gr[1], ==, 0);
    assert_close (gr[2], 0.5 + 0.8, 1e-15, 0, "ranges ∂θ2");
    assert_close (gr[3], -0.5 - 1.2, 1e-15, 0, "ranges ∂θ3");
    g_assert_cmpfloat (gs_regularization_apply (&reg, theta, ranges, 0, gr), ==, 0);
  }
}

/* val_loss, accuracy and val_accuracy of the linear models; a function has
 * none, and gs_problem_evaluate is the full objective in every case. */
static void
test_metrics (void)
{
  static const double y01[] = { 1, 0, 1, 0 };
  const GsRegularization reg = { 0.1, 0.2 };
  const double theta[3] = { 0.1, -0.5, 0.8 };
  double work[64], g[3], g2[3];
  GsMetrics m;

  {
    g_autoptr(GsProblem) f = gs_problem_new_function (gs_function_lookup ("booth"));
    double p[2] = { 1, 2 };

    g_assert_cmpuint (gs_problem_get_metrics (f), ==, 0);
    g_assert_cmpuint (gs_problem_get_n_classes (f), ==, 0);
    g_assert_cmpfloat (gs_problem_evaluate (f, &reg, p, g, work, &m), ==,
                       eval (f, &reg, p, NULL, 0, NULL));
    g_assert_true (isnan (m.val_loss) && isnan (m.accuracy) && isnan (m.val_accuracy));
  }

  /* logistic on the tiny set: a row is classified 1 where z > 0 */
  {
    g_autoptr(GsProblem) logistic =
      model (GS_PROBLEM_LOGISTIC_REGRESSION, dataset_from (4, 2, tiny_x, y01));
    guint correct = 0;

    g_assert_cmpuint (gs_problem_get_metrics (logistic), ==, GS_METRIC_ACCURACY);
    g_assert_cmpuint (gs_problem_get_n_classes (logistic), ==, 2);
    g_assert_null (gs_problem_get_validation (logistic));
    for (guint i = 0; i < 4; i++)
      {
        double z = theta[0] + theta[1] * tiny_x[2 * i] + theta[2] * tiny_x[2 * i + 1];
        correct += (z > 0) == (y01[i] == 1);
      }
    assert_close (gs_problem_evaluate (logistic, &reg, theta, g, work, &m),
                  eval (logistic, &reg, theta, NULL, 0, g2), 1e-15, 0, "evaluate");
    for (guint j = 0; j < 3; j++)
      g_assert_cmpfloat (g[j], ==, g2[j]);
    g_assert_cmpfloat (m.accuracy, ==, correct / 4.0);
    g_assert_true (isnan (m.val_loss) && isnan (m.val_accuracy));
  }

  /* held-out rows: the split's own rows, evaluated on their own */
  {
    g_autoptr(GsDataset) all = generate ("blobs", 40, 2, 1.0, 3);
    g_autoptr(GsDataset) train = NULL;
    g_autoptr(GsDataset) val = NULL;
    g_autoptr(GsProblem) on_train = NULL;
    g_autoptr(GsProblem) on_val = NULL;
    g_autoptr(GsProblem) logistic = NULL;
    g_autoptr(GsProblem) linear = NULL;
    g_autoptr(GError) error = NULL;
    GsModelOptions options;
    GsMetrics tm, vm;

    gs_model_options_init (&options);
    options.validation = 0.25;
    options.validation_seed = 5;
    logistic = gs_problem_new_model_full (GS_PROBLEM_LOGISTIC_REGRESSION, gs_dataset_copy (all),
                                          &options, &error);
    linear = gs_problem_new_model_full (GS_PROBLEM_LINEAR_REGRESSION, gs_dataset_copy (all),
                                        &options, &error);
    g_assert_no_error (error);
    g_assert_true (gs_dataset_split (all, 0.25, 5, &train, &val, &error));
    on_train = model (GS_PROBLEM_LOGISTIC_REGRESSION, g_steal_pointer (&train));
    on_val = model (GS_PROBLEM_LOGISTIC_REGRESSION, g_steal_pointer (&val));

    g_assert_cmpuint (gs_problem_get_metrics (logistic), ==,
                      GS_METRIC_VAL_LOSS | GS_METRIC_ACCURACY | GS_METRIC_VAL_ACCURACY);
    g_assert_cmpuint (gs_problem_get_metrics (linear), ==, GS_METRIC_VAL_LOSS);
    g_assert_cmpuint (gs_problem_get_n_samples (logistic), ==, 30);
    g_assert_cmpuint (gs_problem_get_validation (logistic)->n_rows, ==, 10);

    gs_problem_evaluate (on_train, &reg, theta, NULL, work, &tm);
    gs_problem_evaluate (on_val, &reg, theta, NULL, work, &vm);
    assert_close (gs_problem_evaluate (logistic, &reg, theta, NULL, work, &m),
                  eval (on_train, &reg, theta, NULL, 0, NULL), 1e-15, 0, "train objective");
    assert_close (m.val_loss, eval (on_val, &reg, theta, NULL, 0, NULL), 1e-15, 0, "val_loss");
    g_assert_cmpfloat (m.accuracy, ==, tm.accuracy);
    g_assert_cmpfloat (m.val_accuracy, ==, vm.accuracy);

    /* linear: the MSE of the held-out rows, no accuracy */
    {
      g_autoptr(GsProblem) lin_val = model (GS_PROBLEM_LINEAR_REGRESSION,
                                            gs_dataset_copy (gs_problem_get_validation (linear)));

      gs_problem_evaluate (linear, &reg, theta, NULL, work, &m);
      assert_close (m.val_loss, eval (lin_val, &reg, theta, NULL, 0, NULL), 1e-15, 0,
                    "linear val_loss");
      g_assert_true (isnan (m.accuracy) && isnan (m.val_accuracy));
    }
  }
}

/* For functions every coordinate is penalized, θ0 = x included. */
static void
test_regularization_function (void)
{
  g_autoptr(GsProblem) problem = gs_problem_new_function (gs_function_lookup ("quadratic"));
  const GsRegularization reg = { 0.3, 0.2 };
  double g[2];
  double f;

  /* 0.125 + 20 + 0.3·2.5 + 0.1·4.25; ∇ = (0.5 + 0.3 + 0.1, −20 − 0.3 − 0.4) */
  f = eval (problem, &reg, (const double[]) { 0.5, -2 }, NULL, 0, g);
  assert_close (f, 21.3, 1e-15, 0, "regularized quadratic");
  assert_close (g[0], 0.9, 1e-15, 0, "regularized ∂x");
  assert_close (g[1], -20.7, 1e-15, 0, "regularized ∂y");

  /* at w = 0 the subgradient of |w| is 0 */
  f = eval (problem, &reg, (const double[]) { 0, 0 }, NULL, 0, g);
  g_assert_cmpfloat (f, ==, 0);
  g_assert_cmpfloat (g[0], ==, 0);
  g_assert_cmpfloat (g[1], ==, 0);

  f = eval (problem, &reg, (const double[]) { 0, 1 }, NULL, 0, g);
  assert_close (f, 5.4, 1e-15, 0, "regularized quadratic");
  g_assert_cmpfloat (g[0], ==, 0);
  assert_close (g[1], 10.5, 1e-15, 0, "regularized ∂y");

  /* gs_problem_loss leaves the penalty out */
  g_assert_cmpfloat (loss (problem, (const double[]) { 0.5, -2 }, NULL, 0, NULL), ==, 20.125);

  /* away from w = 0 the regularized objective is smooth */
  {
    GsRng rng;
    gs_rng_init (&rng, 99);
    for (guint k = 0; k < 10; k++)
      {
        double p[2] = { 0.2 + 5 * gs_rng_uniform (&rng), -0.2 - 3 * gs_rng_uniform (&rng) };
        check_gradient_fd (problem, &reg, p, NULL, 0, "regularized quadratic");
      }
  }
}

/* For models θ0, the intercept, is not penalized. */
static void
test_regularization_model (void)
{
  static const double y[] = { 3, 1, 2, 0.5 };
  g_autoptr(GsProblem) problem =
    model (GS_PROBLEM_LINEAR_REGRESSION, dataset_from (4, 2, tiny_x, y));
  const GsRegularization reg = { 0.3, 0.2 };
  double g[3];
  double f;

  /* 7.9375 + 0.3·(1 + 2) + 0.1·(1 + 4) */
  f = eval (problem, &reg, (const double[]) { 0.5, -1, 2 }, NULL, 0, g);
  assert_close (f, 9.3375, 1e-15, 0, "regularized linear");
  assert_close (g[0], -3.25, 1e-15, 0, "regularized ∂θ0");
  assert_close (g[1], -9.75 - 0.3 - 0.2, 1e-15, 0, "regularized ∂θ1");
  assert_close (g[2], 3.25 + 0.3 + 0.4, 1e-15, 0, "regularized ∂θ2");

  /* θ = [3, 0, 0]: θ0 = 3 adds nothing, w = 0 adds nothing */
  f = eval (problem, &reg, (const double[]) { 3, 0, 0 }, NULL, 0, g);
  assert_close (f, 2.8125, 1e-15, 0, "regularized linear at w = 0");
  assert_close (g[0], 2.75, 1e-15, 0, "regularized ∂θ0 at w = 0");
  assert_close (g[1], 5.75, 1e-15, 0, "regularized ∂θ1 at w = 0");
  assert_close (g[2], -0.75, 1e-15, 0, "regularized ∂θ2 at w = 0");

  /* logistic too, and smooth away from w = 0 */
  {
    g_autoptr(GsProblem) logistic =
      model (GS_PROBLEM_LOGISTIC_REGRESSION, generate ("blobs", 200, 3, 1.0, 3));
    const double theta[4] = { -0.7, 0.4, -0.3, 1.1 };
    const double theta0[4] = { -0.7, 0, 0, 0 };
    double gl[4], gr[4];

    g_assert_cmpfloat (eval (logistic, &reg, theta0, NULL, 0, gr), ==,
                       loss (logistic, theta0, NULL, 0, gl));
    g_assert_cmpmem (gl, sizeof gl, gr, sizeof gr);

    f = eval (logistic, &reg, theta, NULL, 0, gr);
    assert_close (f, loss (logistic, theta, NULL, 0, gl) + 0.3 * 1.8 + 0.1 * 1.46,
                  1e-15, 0, "regularized logistic");
    g_assert_cmpfloat (gr[0], ==, gl[0]);
    assert_close (gr[1], gl[1] + 0.3 + 0.2 * 0.4, 1e-15, 1e-16, "regularized logistic ∂θ1");
    assert_close (gr[2], gl[2] - 0.3 - 0.2 * 0.3, 1e-15, 1e-16, "regularized logistic ∂θ2");
    assert_close (gr[3], gl[3] + 0.3 + 0.2 * 1.1, 1e-15, 1e-16, "regularized logistic ∂θ3");
    check_gradient_fd (logistic, &reg, theta, NULL, 0, "regularized logistic");
  }
}

int
main (int argc, char **argv)
{
  guint n_functions;
  const GsFunctionInfo *functions;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gradscope/problem/catalog", test_catalog);
  g_test_add_func ("/gradscope/problem/function-problem", test_function_problem);

  functions = gs_functions (&n_functions);
  for (guint i = 0; i < n_functions; i++)
    {
      const GsFunctionInfo *info = &functions[i];
      g_autofree char *value = g_strdup_printf ("/gradscope/problem/%s/value", info->name);
      g_autofree char *gradient = g_strdup_printf ("/gradscope/problem/%s/gradient", info->name);
      g_autofree char *minima = g_strdup_printf ("/gradscope/problem/%s/minima", info->name);

      g_test_add_data_func (value, info, test_function_values);
      g_test_add_data_func (gradient, info, test_function_gradient);
      g_test_add_data_func (minima, info, test_function_minima);
    }

  g_test_add_func ("/gradscope/problem/linear/tiny", test_linear_tiny);
  g_test_add_func ("/gradscope/problem/logistic/tiny", test_logistic_tiny);
  g_test_add_func ("/gradscope/problem/models/gradient", test_models_fd);
  g_test_add_func ("/gradscope/problem/models/large", test_models_large);
  g_test_add_func ("/gradscope/problem/models/minibatch", test_minibatch);
  g_test_add_func ("/gradscope/problem/logistic/stable", test_logistic_stable);
  g_test_add_func ("/gradscope/problem/models/errors", test_model_errors);
  g_test_add_func ("/gradscope/problem/regularization/apply", test_regularization_apply);
  g_test_add_func ("/gradscope/problem/regularization/function", test_regularization_function);
  g_test_add_func ("/gradscope/problem/regularization/model", test_regularization_model);
  g_test_add_func ("/gradscope/problem/metrics", test_metrics);
  return g_test_run ();
}
