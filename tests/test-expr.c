/* test-expr.c — typed functions: values, gradients and Hessians against
 * hand-derived ones, precedence, every error with its column, domains,
 * the fuzz corpus, custom problems, experiment files and the CLI */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "gs-engine.h"
#include "gs-experiment.h"
#include "gs-expr.h"
#include "gs-problem.h"
#include "gs-rng.h"
#include "test-cli-run.h"
#include "test-load.h"

/* ---- helpers ------------------------------------------------------------ */

static void
assert_close (double got, double want, double rel, const char *what)
{
  double tol = rel * MAX (1.0, fabs (want));

  if (!(fabs (got - want) <= tol))
    {
      g_printerr ("%s: got %.17g, expected %.17g (|diff| %.3g > tol %.3g)\n",
                  what, got, want, fabs (got - want), tol);
      g_assert_cmpfloat (fabs (got - want), <=, tol);
    }
}

static GsExpr *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  guint col = 99;
  GsExpr *expr = gs_expr_parse (text, -1, &col, &error);

  if (error != NULL)
    g_printerr ("'%s': %s\n", text, error->message);
  g_assert_no_error (error);
  g_assert_nonnull (expr);
  g_assert_cmpuint (col, ==, 0);
  return expr;
}

/* the same double to the bit, or both NAN (whose sign bit does not count) */
static void
assert_same (double a, double b, const char *what, double x, double y)
{
  if (isnan (a) && isnan (b))
    return;
  if (memcmp (&a, &b, sizeof a) != 0)
    g_printerr ("%s at (%g, %g): %.17g and %.17g\n", what, x, y, a, b);
  g_assert_cmpmem (&a, sizeof a, &b, sizeof b);
}

/* f at (x, y) by all three evaluations, which must agree on the value
 * and the gradient bit for bit */
static double
eval3 (const GsExpr *expr, double x, double y, double *g, double *h)
{
  double p[2] = { x, y };
  double g2[2];
  double f = gs_expr_eval (expr, p, NULL);
  double fg = gs_expr_eval (expr, p, g);
  double fh = gs_expr_eval_hessian (expr, p, g2, h);

  assert_same (f, fg, "value alone and with the gradient", x, y);
  assert_same (f, fh, "value alone and with the Hessian", x, y);
  assert_same (g[0], g2[0], "∂x with and without the Hessian", x, y);
  assert_same (g[1], g2[1], "∂y with and without the Hessian", x, y);
  /* the Hessian is symmetric by construction */
  assert_same (h[1], h[2], "∂xy and ∂yx", x, y);
  return f;
}

/* ---- every function against its derivatives by hand ---------------------- */

/* f(u) with u = x·y: ∇ = f′(u)·(y, x),
 * H = f″(u)·[y², xy; xy, x²] + f′(u)·[0, 1; 1, 0] */
typedef struct
{
  const char *text;
  double (*f) (double u);
  double (*d1) (double u);
  double (*d2) (double u);
} UnaryCase;

static double sin_d1 (double u) { return cos (u); }
static double sin_d2 (double u) { return -sin (u); }
static double cos_d1 (double u) { return -sin (u); }
static double cos_d2 (double u) { return -cos (u); }
static double tan_d1 (double u) { return 1.0 / (cos (u) * cos (u)); }
static double tan_d2 (double u) { return 2.0 * sin (u) / pow (cos (u), 3); }
static double exp_d (double u) { return exp (u); }
static double log_d1 (double u) { return 1.0 / u; }
static double log_d2 (double u) { return -1.0 / (u * u); }
static double sqrt_d1 (double u) { return 0.5 * pow (u, -0.5); }
static double sqrt_d2 (double u) { return -0.25 * pow (u, -1.5); }
static double abs_d1 (double u) { return u > 0 ? 1.0 : -1.0; }
static double zero (double u) { return 0.0; }
static double tanh_d1 (double u) { return 1.0 / (cosh (u) * cosh (u)); }
static double tanh_d2 (double u) { return -2.0 * sinh (u) / pow (cosh (u), 3); }
static double sinh_d1 (double u) { return cosh (u); }
static double sinh_d2 (double u) { return sinh (u); }
static double cosh_d1 (double u) { return sinh (u); }
static double cosh_d2 (double u) { return cosh (u); }
static double atan_d1 (double u) { return 1.0 / (1.0 + u * u); }
static double atan_d2 (double u) { return -2.0 * u / ((1.0 + u * u) * (1.0 + u * u)); }
static double neg (double u) { return -u; }
static double minus_one (double u) { return -1.0; }
static double square (double u) { return u * u; }
static double twice (double u) { return 2.0 * u; }
static double two (double u) { return 2.0; }
static double cube (double u) { return u * u * u; }
static double cube_d1 (double u) { return 3.0 * u * u; }
static double cube_d2 (double u) { return 6.0 * u; }
static double recip_sqrt (double u) { return 1.0 / sqrt (u); }
static double recip_sqrt_d1 (double u) { return -0.5 / (u * sqrt (u)); }
static double recip_sqrt_d2 (double u) { return 0.75 / (u * u * sqrt (u)); }

static const UnaryCase unary_cases[] = {
  { "sin(x*y)",  sin,  sin_d1,  sin_d2 },
  { "cos(x*y)",  cos,  cos_d1,  cos_d2 },
  { "tan(x*y)",  tan,  tan_d1,  tan_d2 },
  { "exp(x*y)",  exp,  exp_d,   exp_d },
  { "log(x*y)",  log,  log_d1,  log_d2 },
  { "sqrt(x*y)", sqrt, sqrt_d1, sqrt_d2 },
  { "abs(x*y)",  fabs, abs_d1,  zero },
  { "tanh(x*y)", tanh, tanh_d1, tanh_d2 },
  { "sinh(x*y)", sinh, sinh_d1, sinh_d2 },
  { "cosh(x*y)", cosh, cosh_d1, cosh_d2 },
  { "atan(x*y)", atan, atan_d1, atan_d2 },
  { "-(x*y)",    neg,  minus_one, zero },
  { "(x*y)^2",   square, twice, two },
  { "(x*y)²",    square, twice, two },
  { "(x*y)^3",   cube, cube_d1, cube_d2 },
  { "(x*y)³",    cube, cube_d1, cube_d2 },
  { "(x*y)^-0.5", recip_sqrt, recip_sqrt_d1, recip_sqrt_d2 },
};

static void
test_unary (void)
{
  /* xy > 0 at each, so log and sqrt are defined; abs on both sides */
  static const double points[][2] = { { 0.7, 1.3 }, { -0.6, -1.1 }, { 1.9, 0.35 } };

  for (guint i = 0; i < G_N_ELEMENTS (unary_cases); i++)
    {
      const UnaryCase *c = &unary_cases[i];
      g_autoptr(GsExpr) expr = parse_ok (c->text);

      for (guint k = 0; k < G_N_ELEMENTS (points); k++)
        {
          double x = points[k][0], y = points[k][1], u = x * y;
          double g[2], h[4];
          double f = eval3 (expr, x, y, g, h);
          g_autofree char *what = g_strdup_printf ("%s at (%g, %g)", c->text, x, y);

          assert_close (f, c->f (u), 1e-15, what);
          assert_close (g[0], c->d1 (u) * y, 1e-14, what);
          assert_close (g[1], c->d1 (u) * x, 1e-14, what);
          assert_close (h[0], c->d2 (u) * y * y, 1e-13, what);
          assert_close (h[1], c->d2 (u) * x * y + c->d1 (u), 1e-13, what);
          assert_close (h[3], c->d2 (u) * x * x, 1e-13, what);
        }
    }
  /* and abs where xy < 0 */
  {
    g_autoptr(GsExpr) expr = parse_ok ("abs(x*y)");
    double g[2], h[4];

    g_assert_cmpfloat (eval3 (expr, 2.0, -3.0, g, h), ==, 6.0);
    g_assert_cmpfloat (g[0], ==, 3.0);
    g_assert_cmpfloat (g[1], ==, -2.0);
    g_assert_cmpfloat (h[0], ==, 0.0);
    g_assert_cmpfloat (h[1], ==, -1.0);
    g_assert_cmpfloat (h[3], ==, 0.0);
  }
}

static void
test_binary (void)
{
  double x = 1.7, y = 0.6, g[2], h[4], f;

  {
    g_autoptr(GsExpr) e = parse_ok ("x + y");
    g_assert_cmpfloat (eval3 (e, x, y, g, h), ==, x + y);
    g_assert_cmpfloat (g[0], ==, 1.0);
    g_assert_cmpfloat (g[1], ==, 1.0);
    g_assert_cmpfloat (h[0], ==, 0.0);
    g_assert_cmpfloat (h[1], ==, 0.0);
    g_assert_cmpfloat (h[3], ==, 0.0);
  }
  {
    g_autoptr(GsExpr) e = parse_ok ("x - 3*y");
    g_assert_cmpfloat (eval3 (e, x, y, g, h), ==, x - 3 * y);
    g_assert_cmpfloat (g[0], ==, 1.0);
    g_assert_cmpfloat (g[1], ==, -3.0);
  }
  {
    /* xy²: ∇ = (y², 2xy), H = [0, 2y; 2y, 2x] */
    g_autoptr(GsExpr) e = parse_ok ("x*y*y");
    f = eval3 (e, x, y, g, h);
    assert_close (f, x * y * y, 1e-15, "x*y*y");
    assert_close (g[0], y * y, 1e-15, "x*y*y ∂x");
    assert_close (g[1], 2 * x * y, 1e-15, "x*y*y ∂y");
    g_assert_cmpfloat (h[0], ==, 0.0);
    assert_close (h[1], 2 * y, 1e-15, "x*y*y ∂xy");
    assert_close (h[3], 2 * x, 1e-15, "x*y*y ∂yy");
  }
  {
    /* x/y: ∇ = (1/y, −x/y²), H = [0, −1/y²; −1/y², 2x/y³] */
    g_autoptr(GsExpr) e = parse_ok ("x/y");
    f = eval3 (e, x, y, g, h);
    g_assert_cmpfloat (f, ==, x / y);
    assert_close (g[0], 1 / y, 1e-15, "x/y ∂x");
    assert_close (g[1], -x / (y * y), 1e-15, "x/y ∂y");
    g_assert_cmpfloat (h[0], ==, 0.0);
    assert_close (h[1], -1 / (y * y), 1e-15, "x/y ∂xy");
    assert_close (h[3], 2 * x / (y * y * y), 1e-15, "x/y ∂yy");
  }
  {
    /* x^y: ∇ = (y·x^(y−1), x^y·ln x),
     * H = [y(y−1)x^(y−2), x^(y−1)(1 + y ln x); …, x^y ln²x] */
    g_autoptr(GsExpr) e = parse_ok ("x^y");
    double l = log (x);

    f = eval3 (e, x, y, g, h);
    g_assert_cmpfloat (f, ==, pow (x, y));
    assert_close (g[0], y * pow (x, y - 1), 1e-15, "x^y ∂x");
    assert_close (g[1], pow (x, y) * l, 1e-15, "x^y ∂y");
    assert_close (h[0], y * (y - 1) * pow (x, y - 2), 1e-14, "x^y ∂xx");
    assert_close (h[1], pow (x, y - 1) * (1 + y * l), 1e-14, "x^y ∂xy");
    assert_close (h[3], pow (x, y) * l * l, 1e-14, "x^y ∂yy");
  }
  {
    /* e^(xy) through pow with a constant base: ∇ = e^(xy)·(y, x) */
    g_autoptr(GsExpr) e = parse_ok ("e^(x*y)");
    double w = exp (x * y);

    f = eval3 (e, x, y, g, h);
    assert_close (f, w, 1e-15, "e^(xy)");
    assert_close (g[0], w * y, 1e-15, "e^(xy) ∂x");
    assert_close (g[1], w * x, 1e-15, "e^(xy) ∂y");
    assert_close (h[0], w * y * y, 1e-14, "e^(xy) ∂xx");
    assert_close (h[1], w * (x * y + 1), 1e-14, "e^(xy) ∂xy");
    assert_close (h[3], w * x * x, 1e-14, "e^(xy) ∂yy");
  }
  {
    /* (−2)^3 and x^3 at a negative x: integer powers of negatives */
    g_autoptr(GsExpr) e = parse_ok ("x^3");
    f = eval3 (e, -2.0, 0.0, g, h);
    g_assert_cmpfloat (f, ==, -8.0);
    g_assert_cmpfloat (g[0], ==, 12.0);
    g_assert_cmpfloat (h[0], ==, -12.0);
  }
  {
    /* min and max follow the argument they pick; the first on a tie */
    g_autoptr(GsExpr) mn = parse_ok ("min(x^2, 3*y)");
    g_autoptr(GsExpr) mx = parse_ok ("max(x^2, 3*y)");
    g_autoptr(GsExpr) tie = parse_ok ("min(2*x, 3*y)");

    g_assert_cmpfloat (eval3 (mn, 1.0, 2.0, g, h), ==, 1.0);
    g_assert_cmpfloat (g[0], ==, 2.0);
    g_assert_cmpfloat (g[1], ==, 0.0);
    g_assert_cmpfloat (h[0], ==, 2.0);
    g_assert_cmpfloat (eval3 (mn, 3.0, 2.0, g, h), ==, 6.0);
    g_assert_cmpfloat (g[0], ==, 0.0);
    g_assert_cmpfloat (g[1], ==, 3.0);
    g_assert_cmpfloat (h[0], ==, 0.0);
    g_assert_cmpfloat (eval3 (mx, 1.0, 2.0, g, h), ==, 6.0);
    g_assert_cmpfloat (g[1], ==, 3.0);
    g_assert_cmpfloat (eval3 (mx, 3.0, 2.0, g, h), ==, 9.0);
    g_assert_cmpfloat (g[0], ==, 6.0);
    g_assert_cmpfloat (eval3 (tie, 3.0, 2.0, g, h), ==, 6.0);
    g_assert_cmpfloat (g[0], ==, 2.0);
    g_assert_cmpfloat (g[1], ==, 0.0);
  }
  {
    /* min of more than two */
    g_autoptr(GsExpr) e = parse_ok ("max(x, y, 1, -x)");
    g_assert_cmpfloat (eval3 (e, -4.0, 2.0, g, h), ==, 4.0);
    g_assert_cmpfloat (g[0], ==, -1.0);
  }
}

/* Gradient and Hessian against central differences at random points, for
 * longer expressions (the hand-derived cases cover each rule alone). */
static void
test_chain (void)
{
  static const char *const texts[] = {
    "sin(x)*exp(-y^2) + log(1 + x^2*y^2)",
    "sqrt(1 + x^2 + y^2)/(2 + cos(x*y))",
    "(x^2 + y)^(1.5) - atan(x/y) + tanh(x - y)^3",
    "cosh(x)^sinh(y/3)",
    "min(abs(x), y^2) * max(x, -y) + 1/(1 + exp(-x*y))",
    "-x^2^-y/3 + 2^x*tan(y/4)",
  };
  GsRng rng;

  gs_rng_init (&rng, 11);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GsExpr) expr = parse_ok (texts[i]);

      for (guint k = 0; k < 50; k++)
        {
          double x = 0.2 + 1.6 * gs_rng_uniform (&rng);
          double y = 0.2 + 1.6 * gs_rng_uniform (&rng);
          double g[2], h[4], hd = 1e-6, ed = 1e-5;

          eval3 (expr, x, y, g, h);
          for (guint j = 0; j < 2; j++)
            {
              double p[2] = { x, y }, q[2] = { x, y };
              double gp[2], gq[2];

              p[j] += ed;
              q[j] -= ed;
              /* ∂f/∂j from f, and row j of H from the exact gradient */
              assert_close (g[j], (gs_expr_eval (expr, p, NULL) - gs_expr_eval (expr, q, NULL))
                            / (2 * ed), 1e-6, texts[i]);
              p[j] = (j == 0 ? x : y) + hd;
              q[j] = (j == 0 ? x : y) - hd;
              gs_expr_eval (expr, p, gp);
              gs_expr_eval (expr, q, gq);
              assert_close (h[2 * j], (gp[0] - gq[0]) / (2 * hd), 1e-6, texts[i]);
              assert_close (h[2 * j + 1], (gp[1] - gq[1]) / (2 * hd), 1e-6, texts[i]);
            }
        }
    }
}

/* ---- grammar --------------------------------------------------------------- */

typedef struct
{
  const char *text;
  double      x, y;
  double      value;       /* the C expression's */
  const char *canonical;
} Grammar;

static void
test_precedence (void)
{
  const Grammar cases[] = {
    { "-x^2", 3, 0, -9, "-x^2" },
    { "(-x)^2", 3, 0, 9, "(-x)^2" },
    { "-2^2", 0, 0, -4, "-2^2" },
    { "2^3^2", 0, 0, 512, "2^3^2" },
    { "(2^3)^2", 0, 0, 64, "(2^3)^2" },
    { "2^-1", 0, 0, 0.5, "2^-1" },
    { "2^-x^2", 1, 0, 0.5, "2^-x^2" },
    { "x^-2", 2, 0, 0.25, "x^-2" },
    { "x - y - 1", 5, 2, 2, "x - y - 1" },
    { "x - (y - 1)", 5, 2, 4, "x - (y - 1)" },
    { "(x - y) - 1", 5, 2, 2, "x - y - 1" },
    { "x/y/2", 8, 2, 2, "x/y/2" },
    { "x/(y/2)", 8, 2, 8, "x/(y/2)" },
    { "x + (y + 1)", 1, 2, 4, "x + (y + 1)" },
    { "1 + 2*3^2", 0, 0, 19, "1 + 2*3^2" },
    { "(1 + 2)*3", 0, 0, 9, "(1 + 2)*3" },
    { "2*3 + 4*5", 0, 0, 26, "2*3 + 4*5" },
    { "1 - -1", 0, 0, 2, "1 - -1" },
    { "+x", 7, 0, 7, "x" },
    { "--x", 7, 0, 7, "-(-x)" },
    { "-+-x", 7, 0, 7, "-(-x)" },
    { "x*-y", 3, 2, -6, "x*-y" },
    { "-x*y", 3, 2, -6, "-x*y" },
    { "-(x*y)", 3, 2, -6, "-(x*y)" },
    { "x²", 3, 0, 9, "x^2" },
    { "-x²", 3, 0, -9, "-x^2" },
    { "x²³", 2, 0, 64, "(x^2)^3" },
    { "2^x²", 2, 0, 16, "2^x^2" },
    { "x**2", 3, 0, 9, "x^2" },
    { "3 − x × y ÷ 2 · π", 1, 2, 3 - 1.0 * 2 / 2 * G_PI, "3 - x*y/2*pi" },
    { "π*e", 0, 0, G_PI * G_E, "pi*e" },
    { "sin(pi/2) + cos(0)", 0, 0, 2, "sin(pi/2) + cos(0)" },
    { "  x\t*\n y ", 2, 3, 6, "x*y" },
    { "1e-3 + .5 + 2. + 1E+2", 0, 0, 0.001 + 0.5 + 2.0 + 100.0, "0.001 + 0.5 + 2 + 100" },
    { "1.5e-7*x", 2, 0, 3e-7, "1.5e-7*x" },
    { "123456789012*x", 1, 0, 123456789012.0, "123456789012*x" },
    { "2.5e20", 0, 0, 2.5e20, "2.5e20" },
    { "min(x, y, 3)", 5, 4, 3, "min(min(x, y), 3)" },
    { "(((x)))", 2, 0, 2, "x" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Grammar *c = &cases[i];
      g_autoptr(GsExpr) expr = parse_ok (c->text);
      g_autoptr(GsExpr) again = NULL;
      g_autofree char *text = gs_expr_to_string (expr);
      double p[2] = { c->x, c->y };

      assert_close (gs_expr_eval (expr, p, NULL), c->value, 1e-15, c->text);
      g_assert_cmpstr (text, ==, c->canonical);
      again = parse_ok (text);
      g_assert_true (gs_expr_equal (expr, again));
    }

  /* x - (y - 1) and x - y - 1 differ as programs, not just in value */
  {
    g_autoptr(GsExpr) a = parse_ok ("x - (y - 1)");
    g_autoptr(GsExpr) b = parse_ok ("x - y + 1");
    g_autoptr(GsExpr) c = parse_ok ("x-(y-1)");

    g_assert_false (gs_expr_equal (a, b));
    g_assert_true (gs_expr_equal (a, c));
  }
}

typedef struct
{
  const char *text;
  guint       column;
  const char *message;
} ErrorCase;

static void
assert_error (const char *text, gssize len, guint column, const char *message)
{
  g_autoptr(GError) error = NULL;
  guint col = 0;
  g_autoptr(GsExpr) expr = gs_expr_parse (text, len, &col, &error);
  g_autofree char *at = g_strdup_printf ("column %u", column);

  g_assert_null (expr);
  g_assert_error (error, GS_ERROR, GS_ERROR_PARSE);
  if (g_strcmp0 (error->message, message) != 0)
    g_printerr ("'%s'\n  got:      %s\n  expected: %s\n", text, error->message, message);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpuint (col, ==, column);
  /* the message names the column it reports */
  g_assert_nonnull (strstr (error->message, at));
  /* and no error_column is fine */
  g_clear_error (&error);
  g_assert_null (gs_expr_parse (text, len, NULL, &error));
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_errors (void)
{
  static const ErrorCase cases[] = {
    { "x + 1 )", 7, "unexpected ')' at column 7" },
    { "x, y", 2, "unexpected ',' at column 2" },
    { "* x", 1, "unexpected '*' at column 1" },
    { "x * / y", 5, "unexpected '/' at column 5" },
    { "(x, y)", 3, "unexpected ',' at column 3" },
    { "sin(x y)", 7, "expected an operator between 'x' and 'y' at column 7 (write x*y)" },
    { "()", 2, "unexpected ')' at column 2" },
    { "foo + 1", 1, "unknown name 'foo' at column 1 (expected x, y, pi, e or a function "
                    "such as sin)" },
    { "x + foo", 5, "unknown name 'foo' at column 5 (expected x, y, pi, e or a function "
                    "such as sin)" },
    { "sinn(x)", 1, "unknown name 'sinn' at column 1; did you mean 'sin'?" },
    { "2*sqr(x)", 3, "unknown name 'sqr' at column 3; did you mean 'sqrt'?" },
    { "Sin(x)", 1, "unknown name 'Sin' at column 1; did you mean 'sin'? (names are "
                   "lowercase)" },
    { "X + 1", 1, "unknown name 'X' at column 1; did you mean 'x'? (names are lowercase)" },
    { "ln(x)", 1, "unknown name 'ln' at column 1; did you mean 'log' (the natural "
                  "logarithm)?" },
    { "pow(x, 2)", 1, "unknown name 'pow' at column 1 (write a^b for a power)" },
    { "(x + (y", 6, "expected ')' to close '(' at column 6, found the end" },
    { "   (x + 1", 4, "expected ')' to close '(' at column 4, found the end" },
    { "sin(x", 4, "expected ')' to close '(' at column 4, found the end" },
    { "min(x, y", 4, "expected ')' to close '(' at column 4, found the end" },
    { "sin(x, y)", 1, "'sin' expects 1 argument, found 2 at column 1" },
    { "2 + cos()", 5, "'cos' expects 1 argument, found none at column 5" },
    { "min(x)", 1, "'min' expects 2 or more arguments, found 1 at column 1" },
    { "max()", 1, "'max' expects 2 or more arguments, found none at column 1" },
    { "sin x", 5, "expected '(' after the function 'sin', found 'x' at column 5" },
    { "1 + exp", 8, "expected '(' after the function 'exp', found the end at column 8" },
    { "", 1, "empty expression at column 1 (type a function of x and y, such as "
             "x^2 + y^2)" },
    { " \t\n ", 1, "empty expression at column 1 (type a function of x and y, such as "
                   "x^2 + y^2)" },
    { "x +", 4, "expected a value after '+', found the end at column 4" },
    { "x^", 3, "expected a value after '^', found the end at column 3" },
    { "sin(", 5, "expected a value after '(', found the end at column 5" },
    { "2x", 2, "expected an operator between '2' and 'x' at column 2 (write 2*x)" },
    { "3 x^2", 3, "expected an operator between '3' and 'x' at column 3 (write 3*x)" },
    { "2(x + 1)", 2, "expected an operator between '2' and '(' at column 2 (write 2*(…))" },
    { "(x)(y)", 4, "expected an operator between ')' and '(' at column 4 (multiply with "
                   "'*')" },
    { "x² y", 4, "expected an operator between '²' and 'y' at column 4 (multiply with "
                 "'*')" },
    { "pi x", 4, "expected an operator between 'pi' and 'x' at column 4 (write pi*x)" },
    { "x $ y", 3, "unexpected character '$' at column 3" },
    { "θ + 1", 1, "unexpected character 'θ' at column 1" },
    { "x'", 2, "unexpected character U+0027 at column 2" },
    { "x\x07", 2, "unexpected character U+0007 at column 2" },
    { ".", 1, "unexpected character '.' at column 1" },
    { "1.2.3", 4, "unexpected '.' at column 4 (a number has one decimal point)" },
    { "2e", 1, "the number '2e' at column 1 needs digits after 'e'" },
    { "x*1E+", 3, "the number '1E+' at column 3 needs digits after 'E'" },
    { "1e999", 1, "the number '1e999' at column 1 is too large (the largest is about "
                  "1.8e308)" },
    { "x^^2", 3, "unexpected '^' at column 3" },
    { "²", 1, "unexpected '²' at column 1" },
    { "x + 123456789012345678901234567890x", 35,
      "expected an operator between '12345678901234567890…' and 'x' at column 35 "
      "(write 12345678901234567890…*x)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_error (cases[i].text, -1, cases[i].column, cases[i].message);

  /* bytes that are not text */
  assert_error ("x +\0 y", 6, 4, "unexpected character U+0000 at column 4");
  assert_error ("é + \xff", -1, 5, "the text is not valid UTF-8 at column 5");
  assert_error ("x\xe2\x88", -1, 2, "the text is not valid UTF-8 at column 2");
  /* len bounds the text: what follows is not read */
  {
    g_autoptr(GsExpr) expr = gs_expr_parse ("x + y)))", 5, NULL, NULL);
    g_autofree char *text = NULL;

    g_assert_nonnull (expr);
    text = gs_expr_to_string (expr);
    g_assert_cmpstr (text, ==, "x + y");
  }
  /* invisible format characters are blanks */
  {
    g_autoptr(GsExpr) expr = parse_ok ("\xef\xbb\xbfx\xe2\x80\x8b*\xc2\xa0y");
    g_autofree char *text = gs_expr_to_string (expr);

    g_assert_cmpstr (text, ==, "x*y");
  }
}

static void
test_limits (void)
{
  g_autoptr(GString) s = g_string_new (NULL);

  /* 4096 characters parse, 4097 do not */
  for (guint i = 0; i < 2047; i++)
    g_string_append (s, "x+");
  g_string_append (s, "y ");
  g_assert_cmpuint (s->len, ==, 4096);
  {
    g_autoptr(GsExpr) e = parse_ok (s->str);
    double p[2] = { 1, 5 };
    g_assert_cmpfloat (gs_expr_eval (e, p, NULL), ==, 2047 + 5);
  }
  g_string_append (s, "1");
  assert_error (s->str, -1, 4097, "the expression is too long at column 4097 (at most "
                "4096 characters)");
  /* characters, not bytes */
  g_string_truncate (s, 0);
  for (guint i = 0; i < 1365; i++)
    g_string_append (s, "x−");
  g_string_append (s, "x");
  {
    g_autoptr(GsExpr) e = parse_ok (s->str);
    double p[2] = { 1, 0 };
    g_assert_cmpfloat (gs_expr_eval (e, p, NULL), ==, 1.0 - 1365);
  }

  /* 256 levels parse, 257 do not: parentheses, signs, calls, powers */
  g_string_truncate (s, 0);
  g_string_append (s, "x");
  for (guint i = 0; i < 255; i++)
    {
      g_string_prepend_c (s, '(');
      g_string_append_c (s, ')');
    }
  {
    g_autoptr(GsExpr) e = parse_ok (s->str);
    double p[2] = { 3, 0 }, g[2], h[4];
    g_assert_cmpfloat (gs_expr_eval_hessian (e, p, g, h), ==, 3.0);
  }
  g_string_prepend_c (s, '(');
  g_string_append_c (s, ')');
  assert_error (s->str, -1, 257, "the expression nests too deeply at column 257 (at "
                "most 256 levels of parentheses, calls, signs and powers)");

  g_string_truncate (s, 0);
  for (guint i = 0; i < 3000; i++)
    g_string_append_c (s, '-');
  g_string_append_c (s, 'x');
  assert_error (s->str, -1, 257, "the expression nests too deeply at column 257 (at "
                "most 256 levels of parentheses, calls, signs and powers)");

  g_string_truncate (s, 0);
  for (guint i = 0; i < 1000; i++)
    g_string_append (s, "x^");
  g_string_append_c (s, 'x');
  assert_error (s->str, -1, 513, "the expression nests too deeply at column 513 (at "
                "most 256 levels of parentheses, calls, signs and powers)");

  /* the widest stack the depth allows: a sum's, a product's and a
   * maximum's pending operands at every level */
  g_string_truncate (s, 0);
  for (guint i = 0; i < 255; i++)
    g_string_append (s, "x + y*max(x, ");
  g_string_append (s, "y");
  for (guint i = 0; i < 255; i++)
    g_string_append_c (s, ')');
  {
    g_autoptr(GsExpr) e = parse_ok (s->str);
    double p[2] = { 0.5, 0.25 }, g[2], h[4];
    double want = 0.25;

    /* from the inside out: x + y·max(x, inner) */
    for (guint i = 0; i < 255; i++)
      want = 0.5 + 0.25 * MAX (0.5, want);
    g_assert_cmpfloat (eval3 (e, p[0], p[1], g, h), ==, want);
  }
}

/* ---- domains ------------------------------------------------------------------ */

static void
test_domains (void)
{
  struct { const char *text; double x, y, f, gx, gy; } cases[] = {
    /* outside the domain: NAN, and NAN derivatives */
    { "log(x)", -1, 0, NAN, NAN, NAN },
    { "sqrt(x) + y", -1, 0, NAN, NAN, NAN },
    { "x^0.5", -4, 0, NAN, NAN, NAN },
    { "(x - 1)^y", 0, 0.5, NAN, NAN, NAN },
    { "0/x", 0, 1, NAN, NAN, NAN },
    { "min(log(x), y)", -1, 0, NAN, NAN, NAN },
    { "max(y, sqrt(x))", -1, 0, NAN, NAN, NAN },
    /* at the edge: infinities where the limits are */
    { "log(x)", 0, 0, -INFINITY, INFINITY, 0 },
    { "1/x", 0, 1, INFINITY, -INFINITY, 0 },
    { "sqrt(x)", 0, 5, 0, INFINITY, 0 },
    { "sqrt(x) + y", 0, 5, 5, INFINITY, 1 },
    { "abs(x) + abs(y)", 0, 0, 0, 0, 0 },
    { "exp(x)", 1000, 0, INFINITY, INFINITY, 0 },
    { "x^0", 0, 0, 1, 0, 0 },
    { "0^x", 2, 0, 0, 0, 0 },
    { "x^y", 0, 2, 0, 0, 0 },
    { "x^2", 0, 7, 0, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GsExpr) e = parse_ok (cases[i].text);
      double g[2], h[4];
      double f = eval3 (e, cases[i].x, cases[i].y, g, h);
      double want[3] = { cases[i].f, cases[i].gx, cases[i].gy };
      double got[3] = { f, g[0], g[1] };

      for (guint k = 0; k < 3; k++)
        {
          if (isnan (want[k]))
            {
              if (!isnan (got[k]))
                g_printerr ("%s [%u]: got %g, expected NAN\n", cases[i].text, k, got[k]);
              g_assert_true (isnan (got[k]));
            }
          else
            {
              if (got[k] != want[k])
                g_printerr ("%s [%u]: got %g, expected %g\n", cases[i].text, k, got[k],
                            want[k]);
              g_assert_cmpfloat (got[k], ==, want[k]);
            }
        }
      if (isnan (f))
        for (guint k = 0; k < 4; k++)
          g_assert_true (isnan (h[k]));
    }

  /* sqrt at 0: the curvature along x is −∞, none along y */
  {
    g_autoptr(GsExpr) e = parse_ok ("sqrt(x) + y^2");
    double g[2], h[4];

    eval3 (e, 0, 1, g, h);
    g_assert_cmpfloat (h[0], ==, -INFINITY);
    g_assert_cmpfloat (h[1], ==, 0);
    g_assert_cmpfloat (h[3], ==, 2);
  }
}

/* ---- threads --------------------------------------------------------------------- */

typedef struct
{
  const GsExpr *expr;
  double        sum;
} ThreadJob;

static gpointer
thread_eval (gpointer data)
{
  ThreadJob *job = data;

  for (guint i = 0; i < 20000; i++)
    {
      double p[2] = { -2 + 4 * (i % 200) / 199.0, -2 + 4 * (i / 200) / 99.0 }, g[2], h[4];

      job->sum += gs_expr_eval (job->expr, p, NULL);
      job->sum += gs_expr_eval (job->expr, p, g) + g[0] - g[1];
      job->sum += gs_expr_eval_hessian (job->expr, p, NULL, h) + h[0] + h[1] + h[3];
    }
  return NULL;
}

static void
test_threads (void)
{
  g_autoptr(GsExpr) expr = parse_ok ("sin(3*x)*cos(2*y) + (1 - x)^2 + 100*(y - x^2)^2");
  ThreadJob alone = { expr, 0 };
  ThreadJob jobs[4];
  GThread *threads[4];

  thread_eval (&alone);
  for (guint i = 0; i < 4; i++)
    {
      jobs[i] = (ThreadJob) { expr, 0 };
      threads[i] = g_thread_new ("expr", thread_eval, &jobs[i]);
    }
  for (guint i = 0; i < 4; i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpfloat (jobs[i].sum, ==, alone.sum);
    }
}

/* ---- the corpus the fuzzer starts from --------------------------------------------- */

/* What must hold for any input: a program or an error at a column inside
 * the text that the message names; a program evaluates the same value in
 * every mode, NAN derivatives where the value is NAN, and reads back from
 * its canonical text as itself. */
static void
check_any_input (const char *data, gsize len, const char *what)
{
  g_autoptr(GError) error = NULL;
  guint col = 0;
  g_autoptr(GsExpr) expr = gs_expr_parse (data, len, &col, &error);
  static const double points[][2] = {
    { 0, 0 }, { 1, -1 }, { -2.5, 0.5 }, { 1e-300, -1e-300 }, { 1e300, 1e300 },
    { -1e10, 3 }, { NAN, 0 }, { INFINITY, -INFINITY },
  };

  if (expr == NULL)
    {
      g_autofree char *at = g_strdup_printf ("column %u", col);

      g_assert_error (error, GS_ERROR, GS_ERROR_PARSE);
      g_assert_cmpuint (col, >=, 1);
      g_assert_cmpuint (col, <=, len + 1);
      if (g_utf8_validate_len (data, len, NULL))
        g_assert_cmpuint (col, <=, g_utf8_strlen (data, len) + 1);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      if (strstr (error->message, at) == NULL)
        g_printerr ("%s: '%s' does not name column %u\n", what, error->message, col);
      g_assert_nonnull (strstr (error->message, at));
      return;
    }

  g_assert_no_error (error);
  {
    g_autofree char *text = gs_expr_to_string (expr);
    g_autoptr(GsExpr) again = gs_expr_parse (text, -1, NULL, &error);

    /* the canonical text reads back as the same program, unless it grew
     * past a limit (π as pi, x²³ as (x^2)^3) */
    if (again == NULL)
      g_assert_true (g_str_has_prefix (error->message, "the expression is too long")
                     || g_str_has_prefix (error->message, "the expression nests too deeply"));
    else
      g_assert_true (gs_expr_equal (expr, again));
  }
  for (guint k = 0; k < G_N_ELEMENTS (points); k++)
    {
      double g[2], h[4];
      double f = eval3 (expr, points[k][0], points[k][1], g, h);

      if (isnan (f))
        g_assert_true (isnan (g[0]) && isnan (g[1]) && isnan (h[0]) && isnan (h[1])
                       && isnan (h[3]));
    }
}

static void
test_corpus (void)
{
  const char *dir = g_getenv ("GS_EXPR_CORPUS");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = NULL;
  guint n = 0, parsed = 0;
  const char *name;

  g_assert_nonnull (dir);
  d = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *data = NULL;
      g_autoptr(GsExpr) expr = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (path, &data, &len, &error));
      g_assert_no_error (error);
      check_any_input (data, len, name);
      expr = gs_expr_parse (data, len, NULL, NULL);
      parsed += expr != NULL;
      n++;
    }
  /* tricky inputs of both kinds */
  g_assert_cmpuint (n, >=, 40);
  g_assert_cmpuint (parsed, >=, 15);
  g_assert_cmpuint (n - parsed, >=, 40);
}

/* ---- the built-in functions through their expressions -------------------------------- */

static void
test_builtin_expressions (void)
{
  guint n;
  const GsFunctionInfo *all = gs_functions (&n);
  GsRng rng;

  gs_rng_init (&rng, 5);
  for (guint i = 0; i < n; i++)
    {
      const GsFunctionInfo *info = &all[i];
      g_autoptr(GsProblem) problem = gs_problem_new_function (info);
      g_autoptr(GsExpr) expr = parse_ok (info->expression);
      g_autofree char *canonical = gs_expr_to_string (expr);

      /* ASCII, and already in canonical form */
      for (const char *c = info->expression; *c; c++)
        g_assert_true ((guchar) *c < 0x80);
      g_assert_cmpstr (canonical, ==, info->expression);
      g_assert_true (gs_expr_equal (gs_problem_get_expr (problem), expr));

      for (guint k = 0; k < 1000; k++)
        {
          double p[2], g[2], ge[2];
          double f, fe;

          /* the view and a margin around it */
          p[0] = info->view[0] + (info->view[1] - info->view[0]) * (1.4 * gs_rng_uniform (&rng) - 0.2);
          p[1] = info->view[2] + (info->view[3] - info->view[2]) * (1.4 * gs_rng_uniform (&rng) - 0.2);
          f = info->eval (p, g);
          fe = gs_expr_eval (expr, p, ge);
          assert_close (fe, f, 1e-12, info->name);
          assert_close (ge[0], g[0], 1e-12, info->name);
          assert_close (ge[1], g[1], 1e-12, info->name);
        }
      /* the minima are stationary points of the expression too */
      for (guint m = 0; m < info->n_minima; m++)
        {
          double g[2];

          assert_close (gs_expr_eval (expr, info->minima[m], g), info->minima[m][2], 1e-9,
                        info->name);
          g_assert_cmpfloat (fabs (g[0]), <, 1e-6);
          g_assert_cmpfloat (fabs (g[1]), <, 1e-6);
        }
    }
}

static void
test_hessian (void)
{
  static const double points[][2] = { { 0, 0 }, { 1, 1 }, { -1.5, 2 }, { 0.3, -0.7 } };
  g_autoptr(GsProblem) rosenbrock = gs_problem_new_function (gs_function_lookup ("rosenbrock"));
  g_autoptr(GsProblem) quadratic = gs_problem_new_function (gs_function_lookup ("quadratic"));
  g_autoptr(GsProblem) saddle = gs_problem_new_function (gs_function_lookup ("saddle"));
  g_autoptr(GsProblem) custom = gs_problem_new_expression ("x^2*y + exp(y)", NULL, NULL, NULL);

  for (guint k = 0; k < G_N_ELEMENTS (points); k++)
    {
      double x = points[k][0], y = points[k][1], h[4];

      /* (1 − x)² + 100(y − x²)²: [1200x² − 400y + 2, −400x; −400x, 200] */
      g_assert_true (gs_problem_hessian (rosenbrock, points[k], h));
      assert_close (h[0], 1200 * x * x - 400 * y + 2, 1e-13, "rosenbrock ∂xx");
      assert_close (h[1], -400 * x, 1e-13, "rosenbrock ∂xy");
      assert_close (h[2], -400 * x, 1e-13, "rosenbrock ∂yx");
      assert_close (h[3], 200, 1e-13, "rosenbrock ∂yy");

      /* 0.5x² + 5y²: [1, 0; 0, 10] everywhere, so lr < 2/10 is stable */
      g_assert_true (gs_problem_hessian (quadratic, points[k], h));
      g_assert_cmpfloat (h[0], ==, 1);
      g_assert_cmpfloat (h[1], ==, 0);
      g_assert_cmpfloat (h[2], ==, 0);
      g_assert_cmpfloat (h[3], ==, 10);

      /* x² − y²: [2, 0; 0, −2] */
      g_assert_true (gs_problem_hessian (saddle, points[k], h));
      g_assert_cmpfloat (h[0], ==, 2);
      g_assert_cmpfloat (h[1], ==, 0);
      g_assert_cmpfloat (h[3], ==, -2);

      /* x²y + e^y: [2y, 2x; 2x, e^y] */
      g_assert_true (gs_problem_hessian (custom, points[k], h));
      assert_close (h[0], 2 * y, 1e-15, "custom ∂xx");
      assert_close (h[1], 2 * x, 1e-15, "custom ∂xy");
      assert_close (h[3], exp (y), 1e-15, "custom ∂yy");
    }

  /* every built-in's Hessian against differences of its hand-written gradient */
  {
    guint n;
    const GsFunctionInfo *all = gs_functions (&n);
    GsRng rng;

    gs_rng_init (&rng, 8);
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(GsProblem) problem = gs_problem_new_function (&all[i]);

        for (guint k = 0; k < 100; k++)
          {
            double p[2], h[4], d = 1e-6;

            p[0] = all[i].view[0] + (all[i].view[1] - all[i].view[0]) * gs_rng_uniform (&rng);
            p[1] = all[i].view[2] + (all[i].view[3] - all[i].view[2]) * gs_rng_uniform (&rng);
            g_assert_true (gs_problem_hessian (problem, p, h));
            for (guint j = 0; j < 2; j++)
              {
                double a[2] = { p[0] + d * (j == 0), p[1] + d * (j == 1) };
                double b[2] = { p[0] - d * (j == 0), p[1] - d * (j == 1) };
                double ga[2], gb[2];

                all[i].eval (a, ga);
                all[i].eval (b, gb);
                assert_close (h[2 * j], (ga[0] - gb[0]) / (2 * d), 1e-5, all[i].name);
                assert_close (h[2 * j + 1], (ga[1] - gb[1]) / (2 * d), 1e-5, all[i].name);
              }
          }
      }
  }

  /* models have none */
  {
    GsDataset *data = gs_dataset_new (3, 1);
    g_autoptr(GsProblem) linear = NULL;
    double theta[2] = { 0, 0 }, h[4] = { 0 };

    for (guint i = 0; i < 3; i++)
      {
        gs_dataset_row (data, i)[1] = i;
        data->y[i] = 2.0 * i;
      }
    linear = gs_problem_new_model (GS_PROBLEM_LINEAR_REGRESSION, data, NULL);
    g_assert_nonnull (linear);
    g_assert_false (gs_problem_hessian (linear, theta, h));
    g_assert_true (isnan (h[0]) && isnan (h[3]));
    g_assert_null (gs_problem_get_expr (linear));
  }
}

/* ---- the custom problem ------------------------------------------------------------ */

static void
test_custom_problem (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsProblem) problem = gs_problem_new_expression ("x^2 + 3*y^2 + sin(x)", NULL,
                                                            NULL, &error);
  const GsFunctionInfo *f;
  double start[2], p[2] = { 0.5, -1 }, g[2], work[1];
  double v;

  g_assert_no_error (error);
  g_assert_cmpint (gs_problem_get_kind (problem), ==, GS_PROBLEM_FUNCTION);
  g_assert_cmpstr (gs_problem_get_name (problem), ==, "custom");
  g_assert_cmpuint (gs_problem_get_n_params (problem), ==, 2);
  g_assert_cmpuint (gs_problem_get_n_samples (problem), ==, 0);
  g_assert_cmpuint (gs_problem_get_work_size (problem), >=, 1);
  g_assert_null (gs_problem_get_data (problem));
  f = gs_problem_get_function (problem);
  g_assert_nonnull (f);
  g_assert_null (f->eval);
  g_assert_cmpstr (f->expression, ==, "x^2 + 3*y^2 + sin(x)");
  g_assert_cmpstr (f->formula, ==, "x^2 + 3*y^2 + sin(x)");
  g_assert_cmpuint (f->n_minima, ==, 0);
  g_assert_cmpfloat (f->view[0], ==, -2);
  g_assert_cmpfloat (f->view[1], ==, 2);
  g_assert_cmpfloat (f->view[2], ==, -2);
  g_assert_cmpfloat (f->view[3], ==, 2);
  gs_problem_get_default_start (problem, start);
  g_assert_cmpfloat (start[0], ==, -1.5);
  g_assert_cmpfloat (start[1], ==, 1.5);
  {
    g_autofree char *x = gs_problem_param_name (problem, 0);
    g_autofree char *y = gs_problem_param_name (problem, 1);
    g_assert_cmpstr (x, ==, "x");
    g_assert_cmpstr (y, ==, "y");
  }

  /* loss and gradient are the expression's; regularization as for any function */
  v = gs_problem_loss (problem, p, NULL, 0, g, work);
  g_assert_cmpfloat (v, ==, 0.25 + 3.0 + sin (0.5));
  g_assert_cmpfloat (g[0], ==, 1.0 + cos (0.5));
  g_assert_cmpfloat (g[1], ==, -6.0);
  {
    GsRegularization reg = { 0.5, 2.0 };
    double gr[2];
    double o = gs_problem_objective (problem, &reg, p, NULL, 0, gr, work);

    g_assert_cmpfloat (o, ==, v + 0.5 * 1.5 + 0.5 * 2.0 * 1.25);
    g_assert_cmpfloat (gr[0], ==, g[0] + 0.5 + 2.0 * 0.5);
    g_assert_cmpfloat (gr[1], ==, g[1] - 0.5 - 2.0);
  }

  /* a view of its own moves the default start with it */
  {
    const double view[4] = { 0, 8, 10, 14 };
    g_autoptr(GsProblem) q = gs_problem_new_expression ("x*y", view, NULL, &error);

    g_assert_no_error (error);
    gs_problem_get_default_start (q, start);
    g_assert_cmpfloat (start[0], ==, 1);
    g_assert_cmpfloat (start[1], ==, 13.5);
    g_assert_cmpfloat (gs_problem_get_function (q)->view[3], ==, 14);
  }

  /* errors come back with their column */
  {
    guint col = 0;
    g_autoptr(GsProblem) bad = gs_problem_new_expression ("x + (y", NULL, &col, &error);

    g_assert_null (bad);
    g_assert_error (error, GS_ERROR, GS_ERROR_PARSE);
    g_assert_cmpstr (error->message, ==, "expected ')' to close '(' at column 5, found the end");
    g_assert_cmpuint (col, ==, 5);
  }
}

/* A typed 0.5x² + 5y² walks exactly as the built-in quadratic bowl: the
 * same gradients to the bit, so the same θ at every step. */
static void
test_custom_runs (void)
{
  g_autoptr(GsProblem) custom = gs_problem_new_expression ("0.5*x^2 + 5*y^2", NULL, NULL, NULL);
  g_autoptr(GsProblem) builtin = gs_problem_new_function (gs_function_lookup ("quadratic"));
  const double start[2] = { -8, 2 };
  GsRunConfig config;

  gs_run_config_init (&config, gs_optimizer_lookup ("adam"));
  config.max_steps = 300;
  {
    g_autoptr(GsRun) a = gs_run_new (custom, &config, start, 0);
    g_autoptr(GsRun) b = gs_run_new (builtin, &config, start, 0);

    for (guint k = 0; k < 300; k++)
      {
        gs_run_step (a);
        gs_run_step (b);
        g_assert_cmpmem (gs_run_get_theta (a), 2 * sizeof (double),
                         gs_run_get_theta (b), 2 * sizeof (double));
        /* 0.5·(x·x) here, (0.5·x)·x there */
        assert_close (gs_run_get_last_loss (a), gs_run_get_last_loss (b), 1e-15, "loss");
      }
  }

  /* gradient descent converges on a bowl of its own: θ ← θ − 0.1·(2x, 6y) */
  {
    g_autoptr(GsProblem) bowl = gs_problem_new_expression ("x^2 + 3*y^2", NULL, NULL, NULL);
    g_autoptr(GsRun) run = NULL;

    gs_run_config_init (&config, gs_optimizer_lookup ("sgd"));
    config.optimizer_values.values[0][0] = 0.1;
    config.optimizer_values.set = 1;
    config.max_steps = 1000;
    config.stop.loss_below = 1e-12;
    run = gs_run_new (bowl, &config, NULL, 0);
    g_assert_cmpint (gs_run_advance (run, 1000), ==, GS_STATUS_CONVERGED);
    /* x shrinks by 0.8 and y by 0.4 a step: x_k = −1.5·0.8^k */
    g_assert_cmpfloat (fabs (gs_run_get_theta (run)[0]
                             - -1.5 * pow (0.8, gs_run_get_step (run))), <, 1e-15);
    g_assert_cmpfloat (gs_run_get_last_loss (run), <, 1e-12);
  }

  /* a start where f is not defined: diverged at step 0, not a crash */
  {
    g_autoptr(GsProblem) logp = gs_problem_new_expression ("log(x) + y^2", NULL, NULL, NULL);
    g_autoptr(GsRun) run = NULL;

    gs_run_config_init (&config, gs_optimizer_lookup ("sgd"));
    run = gs_run_new (logp, &config, NULL, 0);
    g_assert_cmpint (gs_run_advance (run, 10), ==, GS_STATUS_DIVERGED);
    g_assert_cmpuint (gs_run_get_step (run), ==, 0);
  }
}

/* The worker steps a custom function while this thread evaluates the same
 * program, as the window does for the contour. */
static void
test_custom_engine (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsExperiment) exp = load (
    "{\"problem\": {\"type\": \"function\", \"expression\": \"(x - 1)^2 + 2*(y + 0.5)^2\"},\n"
    " \"max_steps\": 100000, \"stop\": {\"grad_norm_below\": 1e-9},\n"
    " \"runs\": [{\"optimizer\": {\"name\": \"sgd\", \"lr\": 0.05}},\n"
    "          {\"optimizer\": {\"name\": \"adam\", \"lr\": 0.05}}]}", &error);
  const GsExpr *expr;
  GsEngine *engine;
  GsRunSnapshot s0, s1;
  gint64 deadline;
  double sum = 0;

  g_assert_no_error (error);
  expr = gs_problem_get_expr (exp->problem);
  engine = gs_engine_new ();
  gs_engine_load_experiment (engine, exp);
  gs_engine_sync (engine);
  gs_engine_set_speed (engine, 0);
  gs_engine_play (engine);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  do
    {
      for (guint i = 0; i < 1000; i++)
        {
          double p[2] = { i * 0.002, -1 + i * 0.001 };
          sum += gs_expr_eval (expr, p, NULL);
        }
      g_assert_true (gs_engine_get_snapshot (engine, 0, &s0));
      g_assert_true (gs_engine_get_snapshot (engine, 1, &s1));
    }
  while ((s0.status == GS_STATUS_RUNNING || s1.status == GS_STATUS_RUNNING)
         && g_get_monotonic_time () < deadline);
  gs_engine_free (engine);

  g_assert_true (isfinite (sum));
  g_assert_cmpint (s0.status, ==, GS_STATUS_CONVERGED);
  g_assert_cmpint (s1.status, ==, GS_STATUS_CONVERGED);
  g_assert_cmpfloat (fabs (s0.theta[0] - 1), <, 1e-9);
  g_assert_cmpfloat (fabs (s0.theta[1] + 0.5), <, 1e-9);
  g_assert_cmpfloat (fabs (s1.theta[0] - 1), <, 1e-6);
  g_assert_cmpfloat (fabs (s1.theta[1] + 0.5), <, 1e-6);
}

/* ---- experiment files --------------------------------------------------------------- */

static void
test_experiment_round_trip (void)
{
  static const char *const texts[] = {
    "{\"problem\": {\"type\": \"function\", \"expression\": \"x^2 + 3*y^2\"},\n"
    " \"runs\": [{\"optimizer\": {\"name\": \"sgd\", \"lr\": 0.1}}]}",
    /* as written, odd spacing, escapes and Unicode included */
    "{\"problem\": {\"type\": \"function\", \"expression\": \"  sin(x)·cos(y)\\t+ x²/4 \","
    " \"view\": [-4, 4, -3, 3]},\n"
    " \"start\": [1, 2], \"regularization\": {\"l2\": 0.01},\n"
    " \"runs\": [{\"optimizer\": {\"name\": \"adam\", \"lr\": 0.05}},\n"
    "          {\"optimizer\": {\"name\": \"sgd\", \"lr\": 0.01, \"momentum\": 0.9}}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GsExperiment) a = load (texts[i], &error);
      g_autoptr(GsExperiment) b = NULL;
      g_autofree char *json_a = NULL;
      g_autofree char *json_b = NULL;
      g_autofree char *dir = NULL;
      g_autofree char *path = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (a->kind, ==, GS_PROBLEM_FUNCTION);
      g_assert_cmpstr (a->function, ==, "custom");
      g_assert_nonnull (a->expression);
      json_a = gs_experiment_to_json (a);
      g_assert_nonnull (strstr (json_a, "\"expression\": "));
      g_assert_null (strstr (json_a, "\"name\": \"custom\""));

      dir = g_dir_make_tmp ("gradscope-expr-XXXXXX", &error);
      g_assert_no_error (error);
      path = g_build_filename (dir, "custom.json", NULL);
      g_assert_true (gs_experiment_save (a, path, &error));
      b = gs_experiment_new_from_file (path, &error);
      g_assert_no_error (error);
      json_b = gs_experiment_to_json (b);
      g_assert_cmpstr (json_a, ==, json_b);
      g_assert_cmpstr (a->expression, ==, b->expression);
      g_assert_true (gs_expr_equal (gs_problem_get_expr (a->problem),
                                    gs_problem_get_expr (b->problem)));
      g_assert_cmpint (a->has_view, ==, b->has_view);
      for (guint r = 0; r < gs_experiment_get_n_runs (a); r++)
        {
          g_autoptr(GsRun) ra = gs_experiment_create_run (a, r, 0);
          g_autoptr(GsRun) rb = gs_experiment_create_run (b, r, 0);

          gs_run_advance (ra, 50);
          gs_run_advance (rb, 50);
          g_assert_cmpmem (gs_run_get_theta (ra), 2 * sizeof (double),
                           gs_run_get_theta (rb), 2 * sizeof (double));
        }
      g_unlink (path);
      g_rmdir (dir);
    }

  /* the text as written, the view given to the problem */
  {
    g_autoptr(GsExperiment) exp = load (texts[1], NULL);
    const GsFunctionInfo *f = gs_problem_get_function (exp->problem);

    g_assert_cmpstr (exp->expression, ==, "  sin(x)·cos(y)\t+ x²/4 ");
    g_assert_cmpstr (f->expression, ==, "sin(x)*cos(y) + x^2/4");
    g_assert_cmpfloat (f->view[0], ==, -4);
    g_assert_cmpfloat (f->view[3], ==, 3);
    g_assert_true (exp->has_view);
  }
}

static void
test_experiment_errors (void)
{
  /* the column inside the string, past escapes that take more room */
  assert_load_error ("{\"problem\": {\"type\": \"function\",\n"
                     "             \"expression\": \"x^2 + 3*y^2)\"},\n"
                     " \"runs\": [{\"optimizer\": {\"name\": \"sgd\"}}]}",
                     "exp.json:2:40: problem.expression: unexpected ')' at column 12");
  assert_load_error ("{\"problem\": {\"type\": \"function\", \"expression\": "
                     "\"\\u00e9\\t+ \\\"x\"},\n"
                     " \"runs\": [{\"optimizer\": {\"name\": \"sgd\"}}]}",
                     "exp.json:1:49: problem.expression: unexpected character 'é' at column 1");
  assert_load_error ("{\"problem\": {\"type\": \"function\", \"expression\": "
                     "\"x\\t+ \\\"x\"},\n"
                     " \"runs\": [{\"optimizer\": {\"name\": \"sgd\"}}]}",
                     "exp.json:1:54: problem.expression: unexpected character '\"' at "
                     "column 5");
  assert_load_error ("{\"problem\": {\"type\": \"function\", \"expression\": \"\\ud83d\\ude00"
                     " + x y\"},\n"
                     " \"runs\": [{\"optimizer\": {\"name\": \"sgd\"}}]}",
                     "exp.json:1:49: problem.expression: unexpected character '😀' at column 1");
  /* at the end: the closing quote */
  assert_load_error ("{\"problem\": {\"type\": \"function\", \"expression\": \"sin(x) +\"},\n"
                     " \"runs\": [{\"optimizer\": {\"name\": \"sgd\"}}]}",
                     "exp.json:1:57: problem.expression: expected a value after '+', found "
                     "the end at column 9");
  assert_load_error ("{\"problem\": {\"type\": \"function\", \"expression\": \"\"},\n"
                     " \"runs\": [{\"optimizer\": {\"name\": \"sgd\"}}]}",
                     "exp.json:1:49: problem.expression: empty expression at column 1 (type "
                     "a function of x and y, such as x^2 + y^2)");
  assert_load_error ("{\"problem\": {\"type\": \"function\", \"expression\": 3},\n"
                     " \"runs\": [{\"optimizer\": {\"name\": \"sgd\"}}]}",
                     "exp.json:1:48: problem.expression: expected a string, found a number");
  assert_load_error ("{\"problem\": {\"type\": \"function\", \"name\": \"booth\", "
                     "\"expression\": \"x\"},\n"
                     " \"runs\": [{\"optimizer\": {\"name\": \"sgd\"}}]}",
                     "exp.json:1:51: problem: expected one of 'name' (a built-in function) "
                     "or 'expression' (your own), found both");
  assert_load_error ("{\"problem\": {\"type\": \"function\"},\n"
                     " \"runs\": [{\"optimizer\": {\"name\": \"sgd\"}}]}",
                     "exp.json:1:13: problem: missing 'name' (a built-in function, e.g. "
                     "\"rosenbrock\") or 'expression' (your own, e.g. \"x^2 + 3*y^2\")");
  assert_load_error ("{\"problem\": {\"type\": \"function\", \"expresion\": \"x\"},\n"
                     " \"runs\": [{\"optimizer\": {\"name\": \"sgd\"}}]}",
                     "exp.json:1:34: unknown key 'expresion' in problem; did you mean "
                     "'expression'?");
  assert_load_error ("{\"problem\": {\"type\": \"function\", \"expression\": \"x\", "
                     "\"view\": [1, 0, 0, 1]},\n"
                     " \"runs\": [{\"optimizer\": {\"name\": \"sgd\"}}]}",
                     "exp.json:1:61: problem.view: expected [x_min, x_max, y_min, y_max] "
                     "with x_min < x_max and y_min < y_max");
  assert_load_error ("{\"problem\": {\"type\": \"function\", \"expression\": \"x\"},\n"
                     " \"start\": [1],"
                     " \"runs\": [{\"optimizer\": {\"name\": \"sgd\"}}]}",
                     "exp.json:2:11: start: expected 2 numbers for custom (one per "
                     "parameter), found 1");
}

/* ---- the command line ----------------------------------------------------------------- */

static void
test_cli (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gradscope-expr-cli-XXXXXX", &error);
  g_autofree char *good = g_build_filename (dir, "bowl.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *png = g_build_filename (dir, "bowl.png", NULL);
  g_autofree char *fixture = g_build_filename (g_getenv ("GS_FIXTURES"),
                                               "custom-function.json", NULL);
  g_autofree char *want = NULL;

  if (g_getenv ("GS_CLI") == NULL)
    {
      g_test_skip ("GS_CLI is not set");
      return;
    }
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (good,
    "{\"problem\": {\"type\": \"function\", \"expression\": \"x^2 + 3*y^2\"},\n"
    " \"stop\": {\"loss_below\": 1e-12},\n"
    " \"runs\": [{\"label\": \"GD\", \"optimizer\": {\"name\": \"sgd\", \"lr\": 0.1}}]}\n",
    -1, &error));
  g_assert_true (g_file_set_contents (bad,
    "{\"problem\": {\"type\": \"function\",\n"
    "  \"expression\": \"log(x) + * y\"},\n"
    " \"runs\": [{\"optimizer\": {\"name\": \"sgd\", \"lr\": 0.1}}]}\n", -1, &error));

  {
    g_auto(Result) r = cli ("run", good, NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "custom · 1 run · 2 parameters"));
    g_assert_nonnull (strstr (r.out, "converged"));
  }
  {
    g_auto(Result) r = cli ("check", bad, NULL);

    want = g_strdup_printf ("%s:2:27: problem.expression: unexpected '*' at column 10", bad);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, want));
  }
  {
    /* f is not defined where the run starts: the run diverges, the figure
     * still draws (the undefined half of the map left blank) */
    g_auto(Result) r = cli ("plot", fixture, "--out", png, NULL);

    g_assert_cmpint (r.status, ==, 1);
    g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
    g_assert_nonnull (strstr (r.err, "diverged"));
  }
  {
    g_auto(Result) r = cli ("list", NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "\"expression\""));
  }
  g_unlink (good);
  g_unlink (bad);
  g_unlink (png);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gradscope/expr/functions/unary", test_unary);
  g_test_add_func ("/gradscope/expr/functions/binary", test_binary);
  g_test_add_func ("/gradscope/expr/functions/chain", test_chain);
  g_test_add_func ("/gradscope/expr/grammar/precedence", test_precedence);
  g_test_add_func ("/gradscope/expr/grammar/errors", test_errors);
  g_test_add_func ("/gradscope/expr/grammar/limits", test_limits);
  g_test_add_func ("/gradscope/expr/domains", test_domains);
  g_test_add_func ("/gradscope/expr/threads", test_threads);
  g_test_add_func ("/gradscope/expr/corpus", test_corpus);
  g_test_add_func ("/gradscope/expr/builtin-expressions", test_builtin_expressions);
  g_test_add_func ("/gradscope/expr/hessian", test_hessian);
  g_test_add_func ("/gradscope/expr/problem", test_custom_problem);
  g_test_add_func ("/gradscope/expr/runs", test_custom_runs);
  g_test_add_func ("/gradscope/expr/engine", test_custom_engine);
  g_test_add_func ("/gradscope/expr/experiment/round-trip", test_experiment_round_trip);
  g_test_add_func ("/gradscope/expr/experiment/errors", test_experiment_errors);
  g_test_add_func ("/gradscope/expr/cli", test_cli);
  return g_test_run ();
}
