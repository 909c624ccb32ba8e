/* test-mlp.c — the mlp problem: values and gradients against a plain-loop
 * network written out here, against central differences and against
 * PyTorch; initialization; a few sgd steps; metrics; experiment files */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "gs-blas.h"
#include "gs-experiment.h"
#include "gs-mlp.h"
#include "gs-problem.h"
#include "gs-rng.h"
#include "gs-run.h"
#include "test-load.h"

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

static GsDataset *
dataset_from (guint n, guint d, const double *x, const double *y)
{
  GsDataset *data = gs_dataset_new (n, d);

  for (guint i = 0; i < n; i++)
    {
      memcpy (gs_dataset_row (data, i) + 1, x + (gsize) i * d, sizeof (double) * d);
      data->y[i] = y[i];
    }
  return data;
}

/* An MLP problem on data (taken), hidden widths as given (0-terminated). */
static GsProblem *
mlp_problem (GsDataset *data, const guint *hidden, GsActivation act, gboolean classify,
             double validation)
{
  g_autoptr(GError) error = NULL;
  GsModelOptions options;
  GsProblem *problem;

  gs_model_options_init (&options);
  options.mlp.n_hidden = 0;
  for (; hidden && hidden[options.mlp.n_hidden]; options.mlp.n_hidden++)
    options.mlp.hidden[options.mlp.n_hidden] = hidden[options.mlp.n_hidden];
  options.mlp.activation = act;
  options.mlp.classify = classify;
  options.validation = validation;
  problem = gs_problem_new_model_full (GS_PROBLEM_MLP, data, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (problem);
  return problem;
}

/* Objective with a work buffer of exactly the advertised size and a guard
 * after it that must survive. */
static double
eval (GsProblem *problem, const GsRegularization *reg, const double *theta,
      const guint *rows, guint n_rows, double *grad)
{
  gsize size = gs_problem_get_work_size (problem);
  g_autofree double *work = g_new (double, size + 4);
  double f;

  for (guint i = 0; i < 4; i++)
    work[size + i] = 12345.0 + i;
  f = gs_problem_objective (problem, reg, theta, rows, n_rows, grad, work);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat (work[size + i], ==, 12345.0 + i);
  return f;
}

/* ---- a plain-loop network: one sample at a time, no BLAS ----------------- */

typedef struct
{
  guint        n_layers;       /* L */
  guint        width[8];       /* n_0 … n_L */
  GsActivation act;
  gboolean     classify;
} Net;

static void
net_from (Net *net, const GsMlp *mlp)
{
  memset (net, 0, sizeof *net);
  net->n_layers = gs_mlp_get_n_layers (mlp);
  g_assert_cmpuint (net->n_layers, <, 8);
  for (guint l = 0; l < net->n_layers; l++)
    gs_mlp_get_layer (mlp, l, &net->width[l], &net->width[l + 1], NULL);
  net->act = gs_mlp_get_config (mlp)->activation;
  net->classify = gs_mlp_get_config (mlp)->classify;
}

static double
act_value (GsActivation act, double z)
{
  switch (act)
    {
    case GS_ACTIVATION_RELU:    return z > 0 ? z : 0;
    case GS_ACTIVATION_TANH:    return tanh (z);
    case GS_ACTIVATION_SIGMOID: return 1.0 / (1.0 + exp (-z));
    case GS_ACTIVATION_LINEAR:
    default:                    return z;
    }
}

static double
act_slope (GsActivation act, double z)
{
  switch (act)
    {
    case GS_ACTIVATION_RELU:    return z > 0 ? 1 : 0;
    case GS_ACTIVATION_TANH:    return 1.0 - tanh (z) * tanh (z);
    case GS_ACTIVATION_SIGMOID: return act_value (act, z) * (1.0 - act_value (act, z));
    case GS_ACTIVATION_LINEAR:
    default:                    return 1;
    }
}

#define MAXW 32

/* Mean loss over n samples, the gradient added into grad (zeroed here),
 * the number classified right into *correct, the smallest |pre-activation|
 * of a hidden unit into *kink. Parameters in nn.Linear order. */
static double
reference (const Net *net, const double *theta, const double *x, const double *y,
           guint n, double *grad, guint *correct, double *kink)
{
  guint L = net->n_layers;
  guint n_params = 0;
  guint off[8];
  double loss = 0.0;

  for (guint l = 0; l < L; l++)
    {
      off[l] = n_params;
      n_params += net->width[l + 1] * net->width[l] + net->width[l + 1];
    }
  if (grad)
    memset (grad, 0, sizeof (double) * n_params);
  if (correct)
    *correct = 0;
  if (kink)
    *kink = INFINITY;

  for (guint i = 0; i < n; i++)
    {
      double a[8][MAXW], z[8][MAXW], d[MAXW], dprev[MAXW];
      guint K = net->width[L];

      for (guint j = 0; j < net->width[0]; j++)
        a[0][j] = x[i * net->width[0] + j];
      for (guint l = 0; l < L; l++)
        for (guint u = 0; u < net->width[l + 1]; u++)
          {
            const double *w = theta + off[l] + u * net->width[l];
            double s = theta[off[l] + net->width[l + 1] * net->width[l] + u];

            for (guint j = 0; j < net->width[l]; j++)
              s += w[j] * a[l][j];
            z[l + 1][u] = s;
            if (l + 1 < L)
              {
                a[l + 1][u] = act_value (net->act, s);
                if (kink)
                  *kink = MIN (*kink, fabs (s));
              }
          }

      if (net->classify)
        {
          guint label = (guint) y[i], best = 0;
          double mx = z[L][0], s = 0;

          for (guint k = 1; k < K; k++)
            if (z[L][k] > mx)
              mx = z[L][k], best = k;
          for (guint k = 0; k < K; k++)
            s += exp (z[L][k] - mx);
          loss += mx + log (s) - z[L][label];
          if (correct)
            *correct += best == label;
          for (guint k = 0; k < K; k++)
            d[k] = (exp (z[L][k] - mx) / s - (k == label)) / n;
        }
      else
        {
          double e = z[L][0] - y[i];
          loss += e * e;
          d[0] = 2 * e / n;
        }

      if (grad == NULL)
        continue;
      for (guint l = L; l-- > 0;)
        {
          guint in = net->width[l], out = net->width[l + 1];

          for (guint u = 0; u < out; u++)
            {
              for (guint j = 0; j < in; j++)
                grad[off[l] + u * in + j] += d[u] * a[l][j];
              grad[off[l] + out * in + u] += d[u];
            }
          if (l == 0)
            break;
          for (guint j = 0; j < in; j++)
            {
              double s = 0;
              for (guint u = 0; u < out; u++)
                s += d[u] * theta[off[l] + u * in + j];
              dprev[j] = s * act_slope (net->act, z[l][j]);
            }
          memcpy (d, dprev, sizeof (double) * in);
        }
    }
  return loss / n;
}

/* Random rows in [−1.5, 1.5]ᵈ with labels 0…K−1 (or real targets). */
static void
random_data (guint n, guint d, guint k, guint64 seed, double *x, double *y)
{
  GsRng rng;

  gs_rng_init (&rng, seed);
  for (guint i = 0; i < n * d; i++)
    x[i] = 3.0 * gs_rng_uniform (&rng) - 1.5;
  for (guint i = 0; i < n; i++)
    y[i] = k ? (double) (i % k) : 2.0 * gs_rng_normal (&rng);
}

/* Central differences of the objective; h = 1e-6·max(1, |θj|) */
static void
check_gradient_fd (GsProblem *problem, const GsRegularization *reg, const double *theta,
                   const guint *rows, guint n_rows, const char *what)
{
  guint n = gs_problem_get_n_params (problem);
  g_autofree double *g = g_new (double, n);
  g_autofree double *p = g_memdup2 (theta, sizeof (double) * n);
  double f = eval (problem, reg, theta, rows, n_rows, g);

  g_assert_true (isfinite (f));
  g_assert_cmpfloat (eval (problem, reg, theta, rows, n_rows, NULL), ==, f);
  for (guint j = 0; j < n; j++)
    {
      double h = 1e-6 * MAX (1.0, fabs (theta[j]));
      double fp, fm, fd;

      p[j] = theta[j] + h;
      fp = eval (problem, reg, p, rows, n_rows, NULL);
      p[j] = theta[j] - h;
      fm = eval (problem, reg, p, rows, n_rows, NULL);
      p[j] = theta[j];
      fd = (fp - fm) / (2 * h);
      assert_close (g[j], fd, 1e-6, 1e-7 + 4e-16 * fabs (f) / h, what);
    }
}

/* ---- construction and layout --------------------------------------------- */

static void
test_layout (void)
{
  double x[12], y[6];
  const guint hidden[] = { 5, 4, 0 };
  g_autoptr(GsProblem) problem = NULL;
  const GsMlp *mlp;
  const GsParamRange *ranges;
  g_autofree char *layout = NULL;
  guint n_in, n_out, off, n;

  random_data (6, 2, 3, 1, x, y);
  problem = mlp_problem (dataset_from (6, 2, x, y), hidden, GS_ACTIVATION_RELU, TRUE, 0);
  mlp = gs_problem_get_mlp (problem);

  g_assert_cmpint (gs_problem_get_kind (problem), ==, GS_PROBLEM_MLP);
  g_assert_cmpstr (gs_problem_get_name (problem), ==, "mlp");
  g_assert_cmpuint (gs_problem_get_n_classes (problem), ==, 3);
  /* 2-5-4-3: (10 + 5) + (20 + 4) + (12 + 3) */
  g_assert_cmpuint (gs_problem_get_n_params (problem), ==, 54);
  g_assert_cmpuint (gs_mlp_get_n_params (mlp), ==, 54);
  g_assert_cmpuint (gs_mlp_get_n_inputs (mlp), ==, 2);
  g_assert_cmpuint (gs_mlp_get_n_outputs (mlp), ==, 3);
  g_assert_cmpuint (gs_mlp_get_n_layers (mlp), ==, 3);
  layout = gs_mlp_describe (mlp);
  g_assert_cmpstr (layout, ==, "2-5-4-3");

  gs_mlp_get_layer (mlp, 1, &n_in, &n_out, &off);
  g_assert_cmpuint (n_in, ==, 5);
  g_assert_cmpuint (n_out, ==, 4);
  g_assert_cmpuint (off, ==, 15);

  /* the regularization sees the weight matrices, not the biases */
  ranges = gs_problem_get_penalized (problem, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (ranges[0].start, ==, 0);
  g_assert_cmpuint (ranges[0].end, ==, 10);
  g_assert_cmpuint (ranges[1].start, ==, 15);
  g_assert_cmpuint (ranges[1].end, ==, 35);
  g_assert_cmpuint (ranges[2].start, ==, 39);
  g_assert_cmpuint (ranges[2].end, ==, 51);

  g_assert_cmpuint (gs_problem_get_metrics (problem), ==, GS_METRIC_ACCURACY);
  g_assert_null (gs_problem_get_validation (problem));

  /* no hidden layer: a softmax regression */
  {
    g_autoptr(GsProblem) flat = mlp_problem (dataset_from (6, 2, x, y), NULL,
                                             GS_ACTIVATION_RELU, TRUE, 0);
    g_assert_cmpuint (gs_problem_get_n_params (flat), ==, 9);
  }
  /* regression: one output */
  {
    g_autoptr(GsProblem) reg = mlp_problem (dataset_from (6, 2, x, y), hidden,
                                            GS_ACTIVATION_TANH, FALSE, 0);
    g_assert_cmpuint (gs_problem_get_n_params (reg), ==, 15 + 24 + 5);
    g_assert_cmpuint (gs_problem_get_n_classes (reg), ==, 0);
    g_assert_cmpuint (gs_problem_get_metrics (reg), ==, 0);
  }
}

static void
test_errors (void)
{
  static const double x[] = { 0, 1, 2, 3, 4, 5 };
  const struct
  {
    double      y[3];
    gboolean    classify;
    guint       width;
    const char *message;
  } cases[] = {
    { { 0, 1.5, 1 }, TRUE, 4, "row 2: a classifying mlp needs whole-number class labels 0, 1, 2, "
      "… (at most 1000 classes) as the target, found 1.5 (for a real-valued target use "
      "\"task\": \"regress\")" },
    { { 0, 1, -1 }, TRUE, 4, "row 3: a classifying mlp needs whole-number class labels 0, 1, 2, "
      "… (at most 1000 classes) as the target, found -1 (for a real-valued target use "
      "\"task\": \"regress\")" },
    { { 0, 0, 0 }, TRUE, 4, "a classifying mlp needs at least 2 classes (labels 0 and 1); "
      "every row of the data set has label 0" },
    { { 0, 1, 0 }, TRUE, 0, "hidden layer 1: expected 1 to 4096 units, found 0" },
    { { 0, 1, 0 }, TRUE, 5000, "hidden layer 1: expected 1 to 4096 units, found 5000" },
    { { 0, 1, 0 }, TRUE, 2000, "the network 2-2000-2000-2 has 4012002 parameters; at most "
      "1000000 are supported" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GError) error = NULL;
      GsModelOptions options;

      gs_model_options_init (&options);
      options.mlp.classify = cases[c].classify;
      options.mlp.n_hidden = 2;
      options.mlp.hidden[0] = options.mlp.hidden[1] = cases[c].width;
      g_assert_null (gs_problem_new_model_full (GS_PROBLEM_MLP, dataset_from (3, 2, x, cases[c].y),
                                                &options, &error));
      g_assert_nonnull (error);
      g_assert_cmpstr (error->message, ==, cases[c].message);
    }

  /* the plain constructor knows no network */
  {
    g_autoptr(GError) error = NULL;
    const double y[] = { 0, 1, 0 };

    g_assert_null (gs_problem_new_model (GS_PROBLEM_MLP, dataset_from (3, 2, x, y), &error));
    g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==, "an mlp needs its network: build it with "
                     "gs_problem_new_model_full");
  }

  /* input features need 2-D points */
  {
    g_autoptr(GError) error = NULL;
    const double y[] = { 0, 1 };
    GsModelOptions options;

    gs_model_options_init (&options);
    options.mlp.n_features = 1;
    options.mlp.features[0] = GS_FEATURE_XY;
    g_assert_null (gs_problem_new_model_full (GS_PROBLEM_MLP, dataset_from (2, 3, x, y),
                                              &options, &error));
    g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==, "input features are made from 2-D points (x, y); "
                     "the data has 3 features");
  }

  /* a CSV's line in the message */
  {
    g_autoptr(GError) error = NULL;
    GsDataset *data = gs_dataset_parse_csv ("x,y,label\n0,0,0\n\n1,1,0.25\n", 25, "d.csv",
                                            GS_CSV_HEADER_AUTO, &error);
    GsModelOptions options;

    g_assert_no_error (error);
    gs_model_options_init (&options);
    g_assert_null (gs_problem_new_model_full (GS_PROBLEM_MLP, data, &options, &error));
    g_assert_error (error, GS_ERROR, GS_ERROR_DATA);
    g_assert_true (g_str_has_prefix (error->message, "d.csv:4: a classifying mlp needs"));
  }
}

/* ---- initialization ---------------------------------------------------- */

static void
test_init (void)
{
  double x[200], y[100];
  const guint hidden[] = { 64, 9, 0 };
  GsModelOptions options;
  g_autoptr(GError) error = NULL;

  random_data (100, 2, 2, 3, x, y);
  gs_model_options_init (&options);
  options.mlp.n_hidden = 2;
  options.mlp.hidden[0] = hidden[0];
  options.mlp.hidden[1] = hidden[1];

  for (guint64 seed = 0; seed < 4; seed++)
    {
      g_autoptr(GsProblem) problem = NULL;
      g_autoptr(GsProblem) again = NULL;
      g_autoptr(GsProblem) other = NULL;
      const GsMlp *mlp;
      guint n;
      g_autofree double *a = NULL, *b = NULL, *c = NULL;
      guint same = 0;
      GsRng rng;

      options.mlp.init_seed = seed;
      problem = gs_problem_new_model_full (GS_PROBLEM_MLP, dataset_from (100, 2, x, y),
                                           &options, &error);
      again = gs_problem_new_model_full (GS_PROBLEM_MLP, dataset_from (100, 2, x, y),
                                         &options, &error);
      options.mlp.init_seed = seed + 100;
      other = gs_problem_new_model_full (GS_PROBLEM_MLP, dataset_from (100, 2, x, y),
                                         &options, &error);
      g_assert_no_error (error);
      mlp = gs_problem_get_mlp (problem);
      n = gs_problem_get_n_params (problem);
      a = g_new (double, n);
      b = g_new (double, n);
      c = g_new (double, n);
      gs_problem_get_default_start (problem, a);
      gs_problem_get_default_start (again, b);
      gs_problem_get_default_start (other, c);

      /* deterministic per seed; another seed, other numbers */
      g_assert_cmpmem (a, sizeof (double) * n, b, sizeof (double) * n);
      for (guint j = 0; j < n; j++)
        same += a[j] == c[j];
      g_assert_cmpuint (same, ==, 0);

      /* U(−1/√in, 1/√in), layer by layer, weights then biases, each
       * (2u − 1)/√in in parameter order */
      gs_rng_init (&rng, seed);
      for (guint l = 0; l < gs_mlp_get_n_layers (mlp); l++)
        {
          guint in, out, off;
          double bound, lo = INFINITY, hi = -INFINITY;

          gs_mlp_get_layer (mlp, l, &in, &out, &off);
          bound = 1.0 / sqrt (in);
          for (guint j = off; j < off + out * in + out; j++)
            {
              g_assert_cmpfloat (a[j], ==, bound * (2.0 * gs_rng_uniform (&rng) - 1.0));
              g_assert_cmpfloat (a[j], >=, -bound);
              g_assert_cmpfloat (a[j], <, bound);
              lo = MIN (lo, a[j]);
              hi = MAX (hi, a[j]);
            }
          /* hundreds of draws fill the interval */
          if (out * in >= 128)
            {
              g_assert_cmpfloat (lo, <, -0.9 * bound);
              g_assert_cmpfloat (hi, >, 0.9 * bound);
            }
        }
    }
}

/* ---- forward and backward ------------------------------------------------ */

/* The gemm pass against the plain loops, 1e-12 relative, and its gradient
 * against central differences, for each activation and both losses, with
 * and without l1/l2; the penalty applies to the weights alone. */
static void
test_gradients (void)
{
  const GsActivation acts[] = {
    GS_ACTIVATION_RELU, GS_ACTIVATION_TANH, GS_ACTIVATION_SIGMOID, GS_ACTIVATION_LINEAR
  };
  const guint hidden[] = { 6, 5, 0 };
  const GsRegularization regs[] = { { 0, 0 }, { 0, 0.3 }, { 0.05, 0 }, { 0.02, 0.1 } };

  for (guint a = 0; a < G_N_ELEMENTS (acts); a++)
    for (guint task = 0; task < 2; task++)
      {
        guint n = 23, d = 3, k = task ? 4 : 0;
        double x[69], y[23];
        g_autoptr(GsProblem) problem = NULL;
        g_autofree double *theta = NULL;
        g_autofree double *g_ref = NULL;
        g_autofree double *g = NULL;
        g_autofree double *g_reg = NULL;
        guint np, n_ranges;
        const GsParamRange *ranges;
        double kink = 0;
        Net net;
        char what[64];

        random_data (n, d, k, 10 + a, x, y);
        problem = mlp_problem (dataset_from (n, d, x, y), hidden, acts[a], task == 1, 0);
        net_from (&net, gs_problem_get_mlp (problem));
        np = gs_problem_get_n_params (problem);
        theta = g_new (double, np);
        g_ref = g_new (double, np);
        g = g_new (double, np);
        g_reg = g_new (double, np);
        ranges = gs_problem_get_penalized (problem, &n_ranges);

        /* a start away from relu's kinks: where a hidden unit sits within
         * 1e-3 of 0, another seed */
        for (guint64 seed = 0; kink < 1e-3; seed++)
          {
            GsRng rng;

            gs_rng_init (&rng, seed * 7 + a);
            for (guint j = 0; j < np; j++)
              theta[j] = 1.6 * gs_rng_uniform (&rng) - 0.8;
            reference (&net, theta, x, y, n, NULL, NULL, &kink);
            if (acts[a] != GS_ACTIVATION_RELU)
              break;
          }

        {
          double f_ref = reference (&net, theta, x, y, n, g_ref, NULL, NULL);
          double f = eval (problem, NULL, theta, NULL, 0, g);

          g_snprintf (what, sizeof what, "%s %s loss", gs_activation_to_string (acts[a]),
                      task ? "CE" : "MSE");
          assert_close (f, f_ref, 1e-12, 0, what);
          for (guint j = 0; j < np; j++)
            assert_close (g[j], g_ref[j], 1e-11, 1e-15, what);
        }

        for (guint r = 0; r < G_N_ELEMENTS (regs); r++)
          {
            double f, f0;

            g_snprintf (what, sizeof what, "%s %s l1 %g l2 %g", gs_activation_to_string (acts[a]),
                        task ? "CE" : "MSE", regs[r].l1, regs[r].l2);
            check_gradient_fd (problem, &regs[r], theta, NULL, 0, what);

            /* the penalty: the weights only, the biases' gradient as without */
            f0 = eval (problem, NULL, theta, NULL, 0, g);
            f = eval (problem, &regs[r], theta, NULL, 0, g_reg);
            {
              double l1 = 0, l2 = 0;
              g_autofree guint8 *is_weight = g_new0 (guint8, np);

              for (guint q = 0; q < n_ranges; q++)
                for (guint j = ranges[q].start; j < ranges[q].end; j++)
                  {
                    is_weight[j] = 1;
                    l1 += fabs (theta[j]);
                    l2 += theta[j] * theta[j];
                  }
              assert_close (f, f0 + regs[r].l1 * l1 + 0.5 * regs[r].l2 * l2, 1e-14, 0, what);
              for (guint j = 0; j < np; j++)
                if (is_weight[j])
                  assert_close (g_reg[j], g[j] + regs[r].l1 * ((theta[j] > 0) - (theta[j] < 0))
                                + regs[r].l2 * theta[j], 1e-14, 1e-16, what);
                else
                  g_assert_cmpfloat (g_reg[j], ==, g[j]);
            }
          }

        /* a minibatch: the rows gathered, the same as the loops on them */
        {
          const guint rows[] = { 17, 3, 3, 22, 0, 9, 11 };
          double bx[21], by[7];

          for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
            {
              memcpy (bx + i * d, x + rows[i] * d, sizeof (double) * d);
              by[i] = y[rows[i]];
            }
          g_snprintf (what, sizeof what, "%s %s batch", gs_activation_to_string (acts[a]),
                      task ? "CE" : "MSE");
          assert_close (eval (problem, NULL, theta, rows, G_N_ELEMENTS (rows), g),
                        reference (&net, theta, bx, by, G_N_ELEMENTS (rows), g_ref, NULL, NULL),
                        1e-12, 0, what);
          for (guint j = 0; j < np; j++)
            assert_close (g[j], g_ref[j], 1e-11, 1e-15, what);
          check_gradient_fd (problem, &regs[3], theta, rows, G_N_ELEMENTS (rows), what);
        }
      }
}

/* A float32 network (PyTorch's default dtype): the loss and gradient of
 * every activation and both losses within float32's rounding of the
 * float64 reference, over a batch of three chunks (300 rows), and the
 * gradient really computed in float32 (every entry a float). */
static void
test_float32 (void)
{
  const GsActivation acts[] = {
    GS_ACTIVATION_RELU, GS_ACTIVATION_TANH, GS_ACTIVATION_SIGMOID, GS_ACTIVATION_LINEAR
  };
  const guint hidden[] = { 6, 5, 0 };

  for (guint a = 0; a < G_N_ELEMENTS (acts); a++)
    for (guint task = 0; task < 2; task++)
      {
        guint n = 300, d = 3, k = task ? 4 : 0;
        g_autofree double *x = g_new (double, n * d);
        g_autofree double *y = g_new (double, n);
        g_autoptr(GsProblem) problem = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree double *theta = NULL;
        g_autofree double *g_ref = NULL;
        g_autofree double *g = NULL;
        GsDataset *data;   /* the problem's */
        GsModelOptions options;
        double f, f_ref, gmax = 0;
        guint np;
        Net net;
        char what[64];

        random_data (n, d, k, 40 + a, x, y);
        data = dataset_from (n, d, x, y);
        gs_model_options_init (&options);
        options.mlp.n_hidden = 2;
        options.mlp.hidden[0] = hidden[0];
        options.mlp.hidden[1] = hidden[1];
        options.mlp.activation = acts[a];
        options.mlp.classify = task == 1;
        options.mlp.float32 = TRUE;
        problem = gs_problem_new_model_full (GS_PROBLEM_MLP, data, &options, &error);
        g_assert_no_error (error);
        net_from (&net, gs_problem_get_mlp (problem));
        np = gs_problem_get_n_params (problem);
        theta = g_new (double, np);
        g_ref = g_new (double, np);
        g = g_new (double, np);
        gs_problem_get_default_start (problem, theta);

        f_ref = reference (&net, theta, x, y, n, g_ref, NULL, NULL);
        f = eval (problem, NULL, theta, NULL, 0, g);
        g_snprintf (what, sizeof what, "float32 %s %s", gs_activation_to_string (acts[a]),
                    task ? "CE" : "MSE");
        assert_close (f, f_ref, 2e-6, 0, what);
        for (guint j = 0; j < np; j++)
          gmax = fmax (gmax, fabs (g_ref[j]));
        g_assert_cmpfloat (gmax, >, 1e-3);
        for (guint j = 0; j < np; j++)
          {
            assert_close (g[j], g_ref[j], 1e-5, 2e-6 * gmax, what);
            g_assert_cmpfloat (g[j], ==, (double) (float) g[j]);
          }
      }
}

/* The float32 tanh kernel: within 3.6·10⁻⁷ (3 ulp of 1) of libm's tanh in float64 over
 * [−10, 10] (every width's loop and tail: rows of 37 columns), odd, ±1
 * beyond the clamp and at ±∞, NaN kept. */
static void
test_tanhf (void)
{
  enum { ROWS = 541, COLS = 37 };
  g_autofree float *a = g_new (float, ROWS * COLS);
  g_autofree float *b = g_new (float, COLS);
  const float special[] = { NAN, INFINITY, -INFINITY, 0.0f, -0.0f, 8.0f, -30.0f };
  float s[G_N_ELEMENTS (special)];

  for (guint j = 0; j < COLS; j++)
    b[j] = 0.001f * (float) j;
  for (guint i = 0; i < ROWS * COLS; i++)
    a[i] = -10.0f + 20.0f * (float) i / (ROWS * COLS);
  {
    g_autofree float *x = g_memdup2 (a, sizeof (float) * ROWS * COLS);

    gs_blas_bias_tanhf (a, b, ROWS, COLS);
    for (guint i = 0; i < ROWS * COLS; i++)
      {
        double want = tanh ((double) (x[i] + b[i % COLS]));
        g_assert_cmpfloat (fabs (a[i] - want), <=, 3.6e-7);   /* 3 ulp of 1 */
      }
  }
  memcpy (s, special, sizeof s);
  gs_blas_bias_tanhf (s, NULL, 1, G_N_ELEMENTS (s));
  g_assert_true (isnan (s[0]));
  g_assert_cmpfloat (s[1], ==, 1.0f);
  g_assert_cmpfloat (s[2], ==, -1.0f);
  g_assert_cmpfloat (s[3], ==, 0.0f);
  g_assert_cmpfloat (s[4], ==, 0.0f);
  g_assert_cmpfloat (fabsf (s[5] - 1.0f), <=, 1.2e-7f);
  g_assert_cmpfloat (s[6], ==, -1.0f);
  /* sixteen at once: the widest vector */
  {
    float v[16];

    for (guint i = 0; i < 16; i++)
      v[i] = i % 2 ? NAN : (float) i - 8.0f;
    gs_blas_bias_tanhf (v, NULL, 1, 16);
    for (guint i = 0; i < 16; i++)
      if (i % 2)
        g_assert_true (isnan (v[i]));
      else
        g_assert_cmpfloat (fabs (v[i] - tanh ((double) i - 8.0)), <=, 3.6e-7);
  }
}

/* ---- against PyTorch ------------------------------------------------------ */

/* Values from torch 1.13 in float64 (Debian's python3-torch):
 *
 *   X = torch.tensor([[0.5, -1.0], [1.5, 0.25], [-0.75, 0.8], [0.1, 0.3],
 *                     [-1.2, -0.6], [0.9, 1.1]], dtype=torch.float64)
 *   y = torch.tensor([0, 2, 1, 1, 0, 2])
 *   net = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.ReLU(),
 *                             torch.nn.Linear(4, 3)).double()
 *   with torch.no_grad():
 *       torch.nn.utils.vector_to_parameters(torch.tensor(theta, dtype=torch.float64),
 *                                           net.parameters())
 *   loss = torch.nn.CrossEntropyLoss()(net(X), y)
 *   loss.backward()
 *   print(repr(loss.item()))
 *   print(torch.nn.utils.parameters_to_vector([p.grad for p in net.parameters()]).tolist())
 *
 * with theta below (every hidden pre-activation is at least 0.03 from 0). */
static const double torch_ce_x[] = { 0.5, -1.0, 1.5, 0.25, -0.75, 0.8, 0.1, 0.3, -1.2, -0.6, 0.9, 1.1 };
static const double torch_ce_y[] = { 0, 2, 1, 1, 0, 2 };
static const double torch_ce_theta[] = {
  0.3, -0.7, 0.5, 0.4, -0.6, 0.2, 0.8, 0.9,                          /* W1 (4 × 2) */
  0.1, -0.2, 0.05, 0.15,                                             /* b1 */
  0.7, -0.3, 0.2, 0.5, -0.4, 0.6, 0.1, -0.8, 0.25, 0.35, -0.45, 0.9, /* W2 (3 × 4) */
  0.05, -0.1, 0.2,                                                   /* b2 */
};
static const double torch_ce_loss = 0.9133751271498424;
static const double torch_ce_grad[] = {
  0.08496275607102644, 0.10292887763764329, -0.05765038856656301, -0.02917430125476862,
  0.05927815009504446, -0.009585136081873342, -0.1792323935953367, 0.18533175362943058,
  -0.11339915602595319, -0.046671867392589286, -0.10078635121870147, 0.3558460399100497,
  -0.08112358151197248, 0.05060354624635818, -0.014313141114376149, 0.1771362306116774,
  0.032916448380384745, 0.006927055013846875, -0.06039944201816711, -0.0868494480125862,
  0.048207133131587754, -0.05753060126020505, 0.07471258313254328, -0.09028678259909119,
  0.02146926962070342, -0.18557472702087324, 0.16410545740016985,
};

/* The same for nn.MSELoss on a 2-3-2-1 sigmoid net, five rows:
 *
 *   X = X[:5]; y = torch.tensor([[0.4], [-1.1], [2.0], [0.3], [-0.5]], dtype=torch.float64)
 *   net = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Sigmoid(),
 *                             torch.nn.Linear(3, 2), torch.nn.Sigmoid(),
 *                             torch.nn.Linear(2, 1)).double()
 *   loss = torch.nn.MSELoss()(net(X), y) */
static const double torch_mse_y[] = { 0.4, -1.1, 2.0, 0.3, -0.5 };
static const double torch_mse_theta[] = {
  0.3, -0.7, 0.5, 0.4, -0.6, 0.2,   /* W1 (3 × 2) */
  0.1, -0.2, 0.05,                  /* b1 */
  0.7, -0.3, 0.2, 0.5, -0.4, 0.6,   /* W2 (2 × 3) */
  0.15, -0.25,                      /* b2 */
  1.3, -0.9,                        /* W3 (1 × 2) */
  0.35,                             /* b3 */
};
static const double torch_mse_loss = 1.3290640220125165;
static const double torch_mse_grad[] = {
  0.024720200499211767, -0.01392803739135702, -0.0010147043193317357, 0.0003982448874097653,
  -0.015612349133796253, 0.010072399985402021, 0.02287615546206297, -0.00019554856245198598,
  -0.014820057928205694, 0.19800834649685595, 0.14581044945883978, 0.08582281212145931,
  -0.1455029779964536, -0.1071515268725822, -0.06458072772633658, 0.27351602658222646,
  -0.202233359216915, 0.5782431584404611, 0.47498543937322046, 0.9087114250930429,
};

static void
test_torch (void)
{
  {
    const guint hidden[] = { 4, 0 };
    g_autoptr(GsProblem) problem = mlp_problem (dataset_from (6, 2, torch_ce_x, torch_ce_y),
                                                hidden, GS_ACTIVATION_RELU, TRUE, 0);
    double g[27];

    g_assert_cmpuint (gs_problem_get_n_params (problem), ==, 27);
    assert_close (eval (problem, NULL, torch_ce_theta, NULL, 0, g), torch_ce_loss,
                  1e-14, 0, "torch CE loss");
    for (guint j = 0; j < 27; j++)
      assert_close (g[j], torch_ce_grad[j], 1e-12, 1e-16, "torch CE gradient");
  }
  {
    const guint hidden[] = { 3, 2, 0 };
    g_autoptr(GsProblem) problem = mlp_problem (dataset_from (5, 2, torch_ce_x, torch_mse_y),
                                                hidden, GS_ACTIVATION_SIGMOID, FALSE, 0);
    double g[20];

    g_assert_cmpuint (gs_problem_get_n_params (problem), ==, 20);
    assert_close (eval (problem, NULL, torch_mse_theta, NULL, 0, g), torch_mse_loss,
                  1e-14, 0, "torch MSE loss");
    for (guint j = 0; j < 20; j++)
      assert_close (g[j], torch_mse_grad[j], 1e-12, 1e-16, "torch MSE gradient");
  }
}

/* ---- a tiny net trained by hand ------------------------------------------- */

/* 2-3-2 tanh on four rows, written out: h = tanh(W1·x + b1), z = W2·h + b2,
 * loss = mean(log(e^z0 + e^z1) − z_y). θ = [W1 (3 × 2), b1, W2 (2 × 3), b2]. */
static double
tiny_by_hand (const double *t, const double x[4][2], const double y[4], double g[17],
              guint *correct)
{
  double loss = 0;

  memset (g, 0, sizeof (double) * 17);
  *correct = 0;
  for (guint i = 0; i < 4; i++)
    {
      guint label = (guint) y[i];
      double h[3], z[2], p[2], dz[2];
      double m, s;

      for (guint u = 0; u < 3; u++)
        h[u] = tanh (t[2 * u] * x[i][0] + t[2 * u + 1] * x[i][1] + t[6 + u]);
      for (guint c = 0; c < 2; c++)
        z[c] = t[9 + 3 * c] * h[0] + t[10 + 3 * c] * h[1] + t[11 + 3 * c] * h[2] + t[15 + c];
      m = MAX (z[0], z[1]);
      s = exp (z[0] - m) + exp (z[1] - m);
      loss += m + log (s) - z[label];
      *correct += (z[1] > z[0]) == (label == 1);
      for (guint c = 0; c < 2; c++)
        {
          p[c] = exp (z[c] - m) / s;
          dz[c] = (p[c] - (c == label)) / 4;
          g[15 + c] += dz[c];
          for (guint u = 0; u < 3; u++)
            g[9 + 3 * c + u] += dz[c] * h[u];
        }
      for (guint u = 0; u < 3; u++)
        {
          double dh = dz[0] * t[9 + u] + dz[1] * t[12 + u];
          double dpre = dh * (1 - h[u] * h[u]);

          g[2 * u] += dpre * x[i][0];
          g[2 * u + 1] += dpre * x[i][1];
          g[6 + u] += dpre;
        }
    }
  return loss / 4;
}

static void
test_tiny_sgd (void)
{
  static const double x[4][2] = { { 0.5, 1.0 }, { -1.0, 0.25 }, { 0.75, -0.5 }, { -0.2, -0.9 } };
  static const double y[4] = { 1, 0, 1, 0 };
  const guint hidden[] = { 3, 0 };
  g_autoptr(GsProblem) problem = mlp_problem (dataset_from (4, 2, &x[0][0], y), hidden,
                                              GS_ACTIVATION_TANH, TRUE, 0);
  const GsOptimizerInfo *sgd = gs_optimizer_lookup ("sgd");
  g_autoptr(GsRun) run = NULL;
  GsRunConfig config;
  double theta[17], g[17];

  g_assert_cmpuint (gs_problem_get_n_params (problem), ==, 17);
  gs_run_config_init (&config, sgd);
  config.optimizer_values.values[0][0] = 0.1;
  config.max_steps = 3;
  run = gs_run_new (problem, &config, NULL, 0);
  gs_problem_get_default_start (problem, theta);

  for (guint k = 0; k <= 3; k++)
    {
      const GsRow *row = gs_run_get_last_row (run);
      guint correct;
      double f = tiny_by_hand (theta, x, y, g, &correct);
      double norm = 0;

      for (guint j = 0; j < 17; j++)
        {
          assert_close (row->theta[j], theta[j], 1e-14, 1e-16, "θ_k");
          norm += g[j] * g[j];
        }
      g_assert_cmpfloat (row->step, ==, k);
      assert_close (row->loss, f, 1e-14, 0, "loss_k");
      assert_close (row->grad_norm, sqrt (norm), 1e-13, 0, "‖g_k‖");
      g_assert_cmpfloat (row->accuracy, ==, correct / 4.0);
      g_assert_true (isnan (row->val_loss));
      g_assert_true (isnan (row->val_accuracy));
      g_assert_true (isnan (row->batch_loss));
      /* θ ← θ − 0.1·g */
      for (guint j = 0; j < 17; j++)
        theta[j] -= 0.1 * g[j];
      gs_run_step (run);
    }
  g_assert_cmpint (gs_run_get_status (run), ==, GS_STATUS_MAX_STEPS);
}

/* ---- metrics -------------------------------------------------------------- */

static void
test_metrics (void)
{
  double x[400], y[200];
  const guint hidden[] = { 8, 0 };
  g_autoptr(GsProblem) problem = NULL;
  const GsDataset *train, *val;
  const GsMlp *mlp;
  g_autofree double *theta = NULL;
  g_autofree double *work = NULL;
  g_autofree double *probs = NULL;
  guint np, correct, val_correct;
  double f, f_val;
  GsMetrics m;
  Net net;
  const GsRegularization reg = { 0.01, 0.02 };

  random_data (200, 2, 3, 5, x, y);
  problem = mlp_problem (dataset_from (200, 2, x, y), hidden, GS_ACTIVATION_TANH, TRUE, 0.25);
  mlp = gs_problem_get_mlp (problem);
  train = gs_problem_get_data (problem);
  val = gs_problem_get_validation (problem);
  g_assert_cmpuint (gs_problem_get_metrics (problem), ==,
                    GS_METRIC_VAL_LOSS | GS_METRIC_ACCURACY | GS_METRIC_VAL_ACCURACY);
  g_assert_cmpuint (train->n_rows, ==, 150);
  g_assert_cmpuint (val->n_rows, ==, 50);
  g_assert_cmpuint (gs_problem_get_n_samples (problem), ==, 150);
  net_from (&net, mlp);
  np = gs_problem_get_n_params (problem);
  theta = g_new (double, np);
  work = g_new (double, gs_problem_get_work_size (problem));
  gs_problem_get_default_start (problem, theta);
  for (guint j = 0; j < np; j++)
    theta[j] *= 3;   /* outputs far apart */

  {
    g_autofree double *tx = g_new (double, 300);
    g_autofree double *vx = g_new (double, 100);
    guint n;

    /* without input features the inputs are the data's own */
    memcpy (tx, gs_problem_get_mlp_inputs (problem, FALSE, &n), 300 * sizeof (double));
    g_assert_cmpuint (n, ==, 150);
    for (guint i = 0; i < 150; i++)
      {
        g_assert_cmpfloat (tx[2 * i], ==, gs_dataset_row (train, i)[1]);
        g_assert_cmpfloat (tx[2 * i + 1], ==, gs_dataset_row (train, i)[2]);
      }
    memcpy (vx, gs_problem_get_mlp_inputs (problem, TRUE, &n), 100 * sizeof (double));
    g_assert_cmpuint (n, ==, 50);
    f = reference (&net, theta, tx, train->y, 150, NULL, &correct, NULL);
    f_val = reference (&net, theta, vx, val->y, 50, NULL, &val_correct, NULL);
  }

  {
    double pen = 0;
    double obj = gs_problem_evaluate (problem, &reg, theta, NULL, work, &m);
    guint n_ranges;
    const GsParamRange *ranges = gs_problem_get_penalized (problem, &n_ranges);

    for (guint q = 0; q < n_ranges; q++)
      for (guint j = ranges[q].start; j < ranges[q].end; j++)
        pen += 0.01 * fabs (theta[j]) + 0.01 * theta[j] * theta[j];
    assert_close (obj, f + pen, 1e-12, 0, "objective");
    /* the held-out objective carries the same penalty */
    assert_close (m.val_loss, f_val + pen, 1e-12, 0, "val_loss");
    g_assert_cmpfloat (m.accuracy, ==, correct / 150.0);
    g_assert_cmpfloat (m.val_accuracy, ==, val_correct / 50.0);
  }

  /* predictions: probabilities whose argmax agrees with the accuracy */
  {
    guint agree = 0;
    g_autofree double *pwork = g_new (double, gs_mlp_get_work_size (mlp, 150));

    probs = g_new (double, 150 * 3);
    gs_mlp_predict (mlp, theta, train->x + 1, train->cols, 150, probs, pwork);
    for (guint i = 0; i < 150; i++)
      {
        const double *p = probs + 3 * i;
        guint best = p[1] > p[0] ? 1 : 0;

        best = p[2] > p[best] ? 2 : best;
        assert_close (p[0] + p[1] + p[2], 1.0, 1e-15, 0, "Σp");
        agree += best == (guint) train->y[i];
      }
    g_assert_cmpuint (agree, ==, correct);
  }

  /* regression: a val_loss, no accuracy */
  {
    g_autoptr(GsProblem) reg_problem = NULL;
    g_autofree double *t = NULL;
    g_autofree double *w = NULL;

    random_data (200, 2, 0, 6, x, y);
    reg_problem = mlp_problem (dataset_from (200, 2, x, y), hidden, GS_ACTIVATION_RELU, FALSE, 0.1);
    g_assert_cmpuint (gs_problem_get_metrics (reg_problem), ==, GS_METRIC_VAL_LOSS);
    t = g_new (double, gs_problem_get_n_params (reg_problem));
    w = g_new (double, gs_problem_get_work_size (reg_problem));
    gs_problem_get_default_start (reg_problem, t);
    gs_problem_evaluate (reg_problem, NULL, t, NULL, w, &m);
    g_assert_true (isfinite (m.val_loss) && m.val_loss > 0);
    g_assert_true (isnan (m.accuracy));
    g_assert_true (isnan (m.val_accuracy));
  }
}

/* ---- input features -------------------------------------------------------- */

static void
test_features (void)
{
  static const double x[] = { 0.5, -2.0, 1.5, 0.25, -0.75, 0.8 };
  static const double y[] = { 0, 1, 0 };
  GsModelOptions options;
  g_autoptr(GError) error = NULL;
  g_autoptr(GsProblem) problem = NULL;
  const double *in;
  guint n;

  gs_model_options_init (&options);
  options.mlp.n_hidden = 1;
  options.mlp.hidden[0] = 3;
  options.mlp.n_features = GS_N_FEATURES;
  for (guint f = 0; f < GS_N_FEATURES; f++)
    options.mlp.features[f] = GS_N_FEATURES - 1 - f;   /* any order */
  problem = gs_problem_new_model_full (GS_PROBLEM_MLP, dataset_from (3, 2, x, y), &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gs_mlp_get_n_inputs (gs_problem_get_mlp (problem)), ==, 7);
  /* 7-3-2 */
  g_assert_cmpuint (gs_problem_get_n_params (problem), ==, 21 + 3 + 6 + 2);

  in = gs_problem_get_mlp_inputs (problem, FALSE, &n);
  g_assert_cmpuint (n, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      double px = x[2 * i], py = x[2 * i + 1];
      const double want[] = { sin (py), sin (px), px * py, py * py, px * px, py, px };

      for (guint f = 0; f < 7; f++)
        g_assert_cmpfloat (in[7 * i + f], ==, want[f]);
    }

  {
    g_autofree double *theta = g_new (double, 32);
    const GsRegularization reg = { 0.01, 0.1 };

    gs_problem_get_default_start (problem, theta);
    check_gradient_fd (problem, &reg, theta, NULL, 0, "with features");
  }

  /* names */
  for (guint f = 0; f < GS_N_FEATURES; f++)
    {
      GsFeature back;

      g_assert_true (gs_feature_from_string (gs_feature_to_string (f), &back));
      g_assert_cmpint (back, ==, f);
      g_assert_cmpstr (gs_feature_names ()[f], ==, gs_feature_to_string (f));
    }
  g_assert_cmpstr (gs_feature_to_string (GS_FEATURE_SIN_X), ==, "sin_x");
  g_assert_false (gs_feature_from_string ("x^2", &(GsFeature) { 0 }));
}

/* ---- the vectorized tanh (gs-blas.c) -------------------------------------------- */

/* Distance in units in the last place, counting across zero: the number of
 * doubles between a and b. Both NaN: 0. */
static guint64
ulp_distance (double a, double b)
{
  gint64 ia, ib;

  if (isnan (a) && isnan (b))
    return 0;
  if (isnan (a) || isnan (b))
    return G_MAXUINT64;
  memcpy (&ia, &a, sizeof ia);
  memcpy (&ib, &b, sizeof ib);
  /* sign-magnitude to a monotonic integer line */
  if (ia < 0)
    ia = G_MININT64 - ia;
  if (ib < 0)
    ib = G_MININT64 - ib;
  return ia > ib ? (guint64) ia - (guint64) ib : (guint64) ib - (guint64) ia;
}

/* Inputs for the tanh tests: a dense sweep of [−25, 25], every power of two
 * (and a neighbour) down to the subnormals, large values, the specials. */
static GArray *
tanh_inputs (void)
{
  GArray *xs = g_array_new (FALSE, FALSE, sizeof (double));
  static const double special[] = {
    0.0, -0.0, INFINITY, -INFINITY, NAN, -NAN, 4.9406564584124654e-324, -4.9406564584124654e-324,
    2.2250738585072009e-308, 1e-310, 19.0, 19.06, 19.1, 20.0, 20.000000000000004, 40.0, 1e3,
    -1e3, 710.0, 1e300, -1e300, 1.7976931348623157e308, -1.7976931348623157e308,
    0.34657359027997264, 0.6931471805599453, 0.5493061443340549, 1e-8, 3.7e-9,
  };
  GsRng rng;

  for (guint i = 0; i < G_N_ELEMENTS (special); i++)
    g_array_append_val (xs, special[i]);
  for (int i = -250000; i <= 250000; i++)
    {
      double x = i * 1e-4;
      g_array_append_val (xs, x);
    }
  for (int e = -1074; e <= 6; e++)
    for (int sign = -1; sign <= 1; sign += 2)
      {
        double x = sign * ldexp (1.0, e);
        double y = sign * ldexp (1.0 + 0x1p-30, e);   /* other mantissa bits */
        g_array_append_val (xs, x);
        g_array_append_val (xs, y);
      }
  gs_rng_init (&rng, 99);
  for (guint i = 0; i < 100000; i++)
    {
      /* log-uniform magnitudes 2⁻⁴⁰ … 2⁵, either sign */
      double x = ldexp (1.0 + gs_rng_uniform (&rng), -40 + (int) (46 * gs_rng_uniform (&rng)));
      if (gs_rng_uniform (&rng) < 0.5)
        x = -x;
      g_array_append_val (xs, x);
    }
  return xs;
}

/* Against libm's tanh: within 4 ulp everywhere (ours is within 3 of the
 * correctly rounded value, glibc's within 2, and they were 3 apart at
 * most when this was written), exact at the specials; and the 2-, 4- and
 * 8-wide builds and any position in a row give the same bits. */
static void
test_tanh (void)
{
  g_autoptr(GArray) xs = tanh_inputs ();
  const double *x = (const double *) xs->data;
  guint n = xs->len;
  g_autofree double *got = g_memdup2 (x, sizeof (double) * n);
  guint64 worst = 0;
  double worst_x = 0, worst_got = 0;

  g_assert_cmpuint (gs_blas_vector_width (), >=, 2);
  gs_blas_bias_tanh (got, NULL, 1, n);
  for (guint i = 0; i < n; i++)
    {
      guint64 d = ulp_distance (got[i], tanh (x[i]));

      if (d > worst)
        {
          worst = d;
          worst_x = x[i];
          worst_got = got[i];
        }
    }
  if (worst > 4)
    g_printerr ("tanh(%.17g): %.17g, libm %.17g: %" G_GUINT64_FORMAT " ulp apart\n",
                worst_x, worst_got, tanh (worst_x), worst);
  g_test_message ("largest distance from libm's tanh: %" G_GUINT64_FORMAT " ulp at %.17g",
                  worst, worst_x);
  g_assert_cmpuint (worst, <=, 4);

  /* exact where it must be: signs of zero, ±1 at and beyond 19.1, the
   * subnormals themselves, NaN */
  {
    double sp[] = { 0.0, -0.0, INFINITY, -INFINITY, NAN, 19.1, -25.0, 1e300, -1e300,
                    4.9406564584124654e-324, -1e-310, 1e-20 };

    gs_blas_bias_tanh (sp, NULL, 1, G_N_ELEMENTS (sp));
    g_assert_true (sp[0] == 0.0 && !signbit (sp[0]));
    g_assert_true (sp[1] == 0.0 && signbit (sp[1]));
    g_assert_cmpfloat (sp[2], ==, 1.0);
    g_assert_cmpfloat (sp[3], ==, -1.0);
    g_assert_true (isnan (sp[4]));
    g_assert_cmpfloat (sp[5], ==, 1.0);
    g_assert_cmpfloat (sp[6], ==, -1.0);
    g_assert_cmpfloat (sp[7], ==, 1.0);
    g_assert_cmpfloat (sp[8], ==, -1.0);
    g_assert_cmpfloat (sp[9], ==, 4.9406564584124654e-324);
    g_assert_cmpfloat (sp[10], ==, -1e-310);
    g_assert_cmpfloat (sp[11], ==, 1e-20);
  }

  /* every vector width this CPU runs gives the same bits */
  for (guint w = 2; w <= gs_blas_vector_width (); w *= 2)
    {
      g_autofree double *other = g_memdup2 (x, sizeof (double) * n);

      gs_blas_bias_tanh_width (w, other, NULL, 1, n);
      g_assert_cmpmem (other, sizeof (double) * n, got, sizeof (double) * n);
    }

  /* rows of 13 with a bias: a value does not depend on where it sits (the
   * last 13 mod 8 go through a padded vector) and the bias is added first */
  {
    enum { ROWS = 40, COLS = 13 };
    double a[ROWS * COLS], sums[ROWS * COLS], b[COLS];
    GsRng rng;

    gs_rng_init (&rng, 5);
    for (guint j = 0; j < COLS; j++)
      b[j] = 4.0 * gs_rng_uniform (&rng) - 2.0;
    for (guint i = 0; i < ROWS * COLS; i++)
      {
        a[i] = 6.0 * gs_rng_uniform (&rng) - 3.0;
        sums[i] = a[i] + b[i % COLS];
      }
    for (guint w = 2; w <= gs_blas_vector_width (); w *= 2)
      {
        double c[ROWS * COLS], one[ROWS * COLS];

        memcpy (c, a, sizeof a);
        gs_blas_bias_tanh_width (w, c, b, ROWS, COLS);
        memcpy (one, sums, sizeof sums);
        gs_blas_bias_tanh (one, NULL, 1, ROWS * COLS);   /* as one long row */
        g_assert_cmpmem (c, sizeof c, one, sizeof one);
      }
  }

  /* δ·(1 − a²), in place or not, and its column sums added row after row */
  {
    enum { ROWS = 5, COLS = 19 };
    double d[ROWS * COLS], a[ROWS * COLS], out[ROWS * COLS];
    double sums[COLS] = { 0 }, again[COLS] = { 0 };

    for (guint i = 0; i < ROWS * COLS; i++)
      {
        d[i] = 0.37 * i - 5.0;
        a[i] = tanh (0.21 * i - 3.5);
      }
    gs_blas_tanh_grad (d, a, out, ROWS, COLS, sums);
    for (guint j = 0; j < COLS; j++)
      {
        double s = 0.0;

        for (guint i = 0; i < ROWS; i++)
          {
            double want = d[i * COLS + j] * (1.0 - a[i * COLS + j] * a[i * COLS + j]);

            g_assert_cmpfloat (out[i * COLS + j], ==, want);
            s += want;
          }
        g_assert_cmpfloat (sums[j], ==, s);
      }
    gs_blas_tanh_grad (d, a, a, ROWS, COLS, again);
    g_assert_cmpmem (a, sizeof a, out, sizeof out);
    g_assert_cmpmem (again, sizeof again, sums, sizeof sums);
  }
}

/* The tanh network's loss and gradient against the plain loops with libm's
 * tanh, on layers of ragged widths (so rows have vector tails),
 * pre-activations out to ±20; and its gradient against central
 * differences. */
static void
test_tanh_network (void)
{
  const guint hidden[] = { 29, 11, 0 };   /* at most MAXW wide */
  guint n = 50, d = 2;
  double x[100], y[50];
  g_autoptr(GsProblem) problem = NULL;
  g_autofree double *theta = NULL, *g = NULL, *g_ref = NULL;
  Net net;
  guint np;
  GsRng rng;

  random_data (n, d, 3, 21, x, y);
  problem = mlp_problem (dataset_from (n, d, x, y), hidden, GS_ACTIVATION_TANH, TRUE, 0);
  net_from (&net, gs_problem_get_mlp (problem));
  np = gs_problem_get_n_params (problem);
  theta = g_new (double, np);
  g = g_new (double, np);
  g_ref = g_new (double, np);
  gs_rng_init (&rng, 4);
  for (guint j = 0; j < np; j++)
    theta[j] = 8.0 * gs_rng_uniform (&rng) - 4.0;   /* saturating units too */

  {
    double f = eval (problem, NULL, theta, NULL, 0, g);
    double f_ref = reference (&net, theta, x, y, n, g_ref, NULL, NULL);

    /* a few ulp in each activation move the loss and gradient by far less
     * than these tolerances */
    assert_close (f, f_ref, 1e-12, 0, "tanh 2-29-11-3 loss");
    for (guint j = 0; j < np; j++)
      assert_close (g[j], g_ref[j], 1e-10, 1e-14, "tanh 2-29-11-3 gradient");
  }
  for (guint j = 0; j < np; j++)
    theta[j] /= 4.0;
  check_gradient_fd (problem, NULL, theta, NULL, 0, "tanh 2-29-11-3");
}

/* A batch longer than one pass's chunk of rows (gs-mlp.c: 256): the loss,
 * the accuracy and the gradient summed over the chunks, against the plain
 * loops and central differences, for both losses; predictions of a long
 * batch equal those of its parts. */
static void
test_long_batch (void)
{
  const GsActivation acts[] = { GS_ACTIVATION_TANH, GS_ACTIVATION_RELU, GS_ACTIVATION_SIGMOID };
  const guint hidden[] = { 7, 5, 0 };
  enum { N = 700, D = 2 };
  static double x[N * D], y[N];

  for (guint a = 0; a < G_N_ELEMENTS (acts); a++)
    for (guint task = 0; task < 2; task++)
      {
        g_autoptr(GsProblem) problem = NULL;
        g_autofree double *theta = NULL, *g = NULL, *g_ref = NULL, *work = NULL;
        const GsMlp *mlp;
        guint np, correct, correct_ref;
        GsMetrics m;
        Net net;
        char what[64];
        GsRng rng;

        random_data (N, D, task ? 3 : 0, 30 + a, x, y);
        problem = mlp_problem (dataset_from (N, D, x, y), hidden, acts[a], task == 1, 0);
        mlp = gs_problem_get_mlp (problem);
        net_from (&net, mlp);
        np = gs_problem_get_n_params (problem);
        theta = g_new (double, np);
        g = g_new (double, np);
        g_ref = g_new (double, np);
        work = g_new (double, gs_problem_get_work_size (problem));
        gs_rng_init (&rng, 8 + a);
        for (guint j = 0; j < np; j++)
          theta[j] = 1.6 * gs_rng_uniform (&rng) - 0.8;

        g_snprintf (what, sizeof what, "%s %s, %u rows", gs_activation_to_string (acts[a]),
                    task ? "CE" : "MSE", N);
        assert_close (eval (problem, NULL, theta, NULL, 0, g),
                      reference (&net, theta, x, y, N, g_ref, &correct_ref, NULL), 1e-12, 0, what);
        for (guint j = 0; j < np; j++)
          assert_close (g[j], g_ref[j], 1e-10, 1e-14, what);
        gs_problem_evaluate (problem, NULL, theta, NULL, work, &m);
        if (task == 1)
          {
            correct = (guint) round (m.accuracy * N);
            g_assert_cmpuint (correct, ==, correct_ref);
          }
        if (acts[a] != GS_ACTIVATION_RELU)   /* no kinks to step over */
          check_gradient_fd (problem, NULL, theta, NULL, 0, what);

        /* predictions: all 700 rows at once, then rows 300… alone */
        {
          const GsDataset *data = gs_problem_get_data (problem);
          guint k = gs_mlp_get_n_outputs (mlp);
          g_autofree double *all = g_new (double, N * k);
          g_autofree double *part = g_new (double, N * k);
          g_autofree double *pwork = g_new (double, gs_mlp_get_work_size (mlp, N));

          gs_mlp_predict (mlp, theta, data->x + 1, data->cols, N, all, pwork);
          gs_mlp_predict (mlp, theta, data->x + 1 + 300 * data->cols, data->cols, N - 300, part,
                          pwork);
          g_assert_cmpmem (all + 300 * k, (N - 300) * k * sizeof (double),
                           part, (N - 300) * k * sizeof (double));
        }
      }
}

/* Adam's vectorized common case (no weight decay, no AMSGrad: a body of
 * 8 at a time and a scalar tail) against torch's formula written out here
 * one coordinate at a time: the same bits, over a few steps. */
static void
test_adam_vector (void)
{
  enum { NP = 45, STEPS = 5 };
  const GsOptimizerInfo *adam = gs_optimizer_lookup ("adam");
  GsParamValues values;
  GsOptimizerState *st;
  double theta[NP], want[NP], m[NP] = { 0 }, v[NP] = { 0 }, g[NP];
  const double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8;

  gs_param_values_init (&values, adam->params, adam->n_params);
  values.values[0][0] = lr;
  st = gs_optimizer_state_new (adam, &values, NP);
  for (guint i = 0; i < NP; i++)
    theta[i] = want[i] = 0.1 * i - 2.0;
  for (guint t = 1; t <= STEPS; t++)
    {
      double bc1 = 1 - pow (b1, t), bc2 = 1 - pow (b2, t);
      double step_size = lr / bc1, bc2_sqrt = sqrt (bc2);

      for (guint i = 0; i < NP; i++)
        g[i] = sin (want[i] * (t + 1)) + (i % 7 == 0 ? 1e-9 : 0.0);
      gs_optimizer_step (adam, &values, st, lr, theta, g);
      for (guint i = 0; i < NP; i++)
        {
          m[i] = m[i] * b1 + (1 - b1) * g[i];
          v[i] = v[i] * b2 + (1 - b2) * g[i] * g[i];
          want[i] = want[i] - step_size * m[i] / (sqrt (v[i]) / bc2_sqrt + eps);
        }
      g_assert_cmpmem (theta, sizeof theta, want, sizeof want);
    }
  gs_optimizer_state_free (st);
}

/* ---- runs: the metrics come with the full loss --------------------------------- */

static void
test_run_cadence (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsDataset) data = gs_dataset_generate_full ("gaussians", 120, 2, 3, 0.5, 4, &error);
  const guint hidden[] = { 12, 0 };
  g_autoptr(GsProblem) problem = NULL;
  g_autoptr(GsRun) run = NULL;
  GsRunConfig config;

  g_assert_no_error (error);
  problem = mlp_problem (g_steal_pointer (&data), hidden, GS_ACTIVATION_TANH, TRUE, 0.2);
  g_assert_cmpuint (gs_problem_get_n_classes (problem), ==, 3);
  gs_run_config_init (&config, gs_optimizer_lookup ("adam"));
  config.optimizer_values.values[0][0] = 0.02;
  config.batch_size = 16;
  config.eval_every = 5;
  config.max_steps = 300;
  run = gs_run_new (problem, &config, NULL, 1000);
  gs_run_advance (run, 300);

  {
    GsTrace *trace = gs_run_get_trace (run);
    guint n = gs_trace_get_n_rows (trace, NULL);
    gsize width = gs_trace_row_width (trace);
    g_autofree double *rows = g_new (double, n * width);

    g_assert_cmpuint (n, ==, 301);
    gs_trace_copy_rows (trace, 0, n, rows);
    for (guint k = 0; k < n; k++)
      {
        const GsRow *row = gs_row_at (rows, width, k);
        gboolean evaluated = k % 5 == 0;

        g_assert_cmpint (isnan (row->loss), ==, !evaluated);
        g_assert_cmpint (isnan (row->val_loss), ==, !evaluated);
        g_assert_cmpint (isnan (row->accuracy), ==, !evaluated);
        g_assert_cmpint (isnan (row->val_accuracy), ==, !evaluated);
        g_assert_cmpint (isnan (row->batch_loss), ==, k == 300);
        if (evaluated)
          {
            /* 96 training rows, 24 held out */
            g_assert_cmpfloat (row->accuracy * 96, ==, round (row->accuracy * 96));
            g_assert_cmpfloat (row->val_accuracy * 24, ==, round (row->val_accuracy * 24));
          }
      }
    /* it learns */
    g_assert_cmpfloat (gs_row_at (rows, width, 300)->accuracy, >, 0.8);
    g_assert_cmpfloat (gs_row_at (rows, width, 300)->loss, <, gs_row_at (rows, width, 0)->loss);
    g_assert_cmpfloat (gs_run_get_last_metrics (run)->accuracy, ==,
                       gs_row_at (rows, width, 300)->accuracy);
  }
}

/* ---- experiment files ---------------------------------------------------------- */

#define RUN ", \"runs\": [{\"optimizer\": {\"name\": \"adam\"}}]}"
#define SPIRAL "\"data\": {\"generator\": \"spiral\", \"samples\": 50}"

static void
test_experiment (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsExperiment) exp = load (
    "{\"problem\": {\"type\": \"mlp\", \"hidden\": [5], \"activation\": \"relu\",\n"
    "  \"features\": [\"x\", \"y\", \"xy\"], \"init_seed\": 3,\n"
    "  \"data\": {\"generator\": \"gaussians\", \"classes\": 4, \"samples\": 40, \"features\": 2,\n"
    "           \"validation\": 0.25, \"validation_seed\": 2}},\n"
    " \"regularization\": {\"l2\": 0.001}, \"max_steps\": 20" RUN, &error);
  g_autoptr(GsRun) run = NULL;
  g_autofree double *start = NULL;
  guint n;

  g_assert_no_error (error);
  g_assert_cmpint (exp->kind, ==, GS_PROBLEM_MLP);
  g_assert_cmpuint (exp->mlp.n_hidden, ==, 1);
  g_assert_cmpuint (exp->mlp.hidden[0], ==, 5);
  g_assert_cmpint (exp->mlp.activation, ==, GS_ACTIVATION_RELU);
  g_assert_cmpuint (exp->mlp.n_features, ==, 3);
  g_assert_cmpint (exp->mlp.features[2], ==, GS_FEATURE_XY);
  g_assert_true (exp->mlp.classify);
  g_assert_cmpuint (exp->mlp.init_seed, ==, 3);
  g_assert_cmpuint (exp->data.classes, ==, 4);
  g_assert_cmpfloat (exp->data.validation, ==, 0.25);
  /* 3-5-4 */
  n = gs_problem_get_n_params (exp->problem);
  g_assert_cmpuint (n, ==, 15 + 5 + 20 + 4);
  g_assert_cmpuint (gs_problem_get_n_samples (exp->problem), ==, 30);
  g_assert_cmpuint (gs_problem_get_validation (exp->problem)->n_rows, ==, 10);
  g_assert_cmpuint (gs_problem_get_n_classes (exp->problem), ==, 4);

  /* without a start, the seeded init */
  run = gs_experiment_create_run (exp, 0, 0);
  start = g_new (double, n);
  gs_problem_get_default_start (exp->problem, start);
  g_assert_cmpmem (gs_run_get_theta (run), n * sizeof (double), start, n * sizeof (double));
  gs_run_advance (run, 20);
  g_assert_true (isfinite (gs_run_get_last_row (run)->val_loss));
  g_assert_true (isfinite (gs_run_get_last_row (run)->val_accuracy));

  /* the task follows the generator: linear is a regression */
  {
    g_autoptr(GsExperiment) lin = load ("{\"problem\": {\"type\": \"mlp\", \"data\": "
                                        "{\"generator\": \"linear\", \"features\": 3}}" RUN, &error);
    g_assert_no_error (error);
    g_assert_false (lin->mlp.classify);
    g_assert_cmpuint (gs_problem_get_n_params (lin->problem), ==, 3 * 16 + 16 + 16 * 16 + 16 + 16 + 1);
    g_assert_cmpint (lin->mlp.activation, ==, GS_ACTIVATION_TANH);   /* the default */
  }
  /* inline data classifies unless told */
  {
    g_autoptr(GsExperiment) reg = load ("{\"problem\": {\"type\": \"mlp\", \"task\": \"regress\", "
                                        "\"hidden\": [], \"data\": {\"inline\": [[1, 0.5], [2, 1.5]]}}"
                                        RUN, &error);
    g_assert_no_error (error);
    g_assert_false (reg->mlp.classify);
    g_assert_cmpuint (gs_problem_get_n_params (reg->problem), ==, 2);
  }
}

/* An explicit start replaces the init, and must be the right length. */
static void
test_experiment_start (void)
{
  GString *text = g_string_new ("{\"problem\": {\"type\": \"mlp\", \"hidden\": [4], "
                                "\"activation\": \"relu\", \"data\": {\"inline\": [");
  g_autoptr(GError) error = NULL;
  g_autoptr(GsExperiment) exp = NULL;
  g_autoptr(GsRun) run = NULL;
  g_autofree char *json = NULL;

  for (guint i = 0; i < 6; i++)
    g_string_append_printf (text, "%s[%g, %g, %g]", i ? ", " : "", torch_ce_x[2 * i],
                            torch_ce_x[2 * i + 1], torch_ce_y[i]);
  g_string_append (text, "]}},\n \"start\": [");
  for (guint j = 0; j < 27; j++)
    g_string_append_printf (text, "%s%.17g", j ? ", " : "", torch_ce_theta[j]);
  g_string_append (text, "], \"max_steps\": 1, \"runs\": [{\"optimizer\": {\"name\": \"sgd\", \"lr\": 1}}]}");

  exp = load (text->str, &error);
  g_assert_no_error (error);
  run = gs_experiment_create_run (exp, 0, 0);
  g_assert_cmpmem (gs_run_get_theta (run), sizeof torch_ce_theta, torch_ce_theta, sizeof torch_ce_theta);
  assert_close (gs_run_get_last_row (run)->loss, torch_ce_loss, 1e-14, 0, "loss at the start");
  gs_run_step (run);
  for (guint j = 0; j < 27; j++)
    assert_close (gs_run_get_theta (run)[j], torch_ce_theta[j] - torch_ce_grad[j], 1e-12, 1e-15,
                  "θ after one sgd step of lr 1");

  /* saved and loaded again: the same file, the same numbers */
  json = gs_experiment_to_json (exp);
  {
    g_autoptr(GsExperiment) again = load (json, &error);
    g_autofree char *json2 = NULL;

    g_assert_no_error (error);
    json2 = gs_experiment_to_json (again);
    g_assert_cmpstr (json, ==, json2);
  }
  g_string_free (text, TRUE);

  assert_load_error ("{\"problem\": {\"type\": \"mlp\", \"hidden\": [4], " SPIRAL "},\n"
                     " \"start\": [1, 2]" RUN,
                     "exp.json:2:11: start: expected 22 numbers for mlp 2-4-2 (one per parameter: "
                     "each layer's weights row by row, then its biases), found 2");
}

static void
test_experiment_round_trip (void)
{
  static const char *texts[] = {
    "{\"problem\": {\"type\": \"mlp\", \"hidden\": [8, 4], \"activation\": \"sigmoid\", "
    "\"features\": [\"x2\", \"y2\", \"sin_x\"], \"task\": \"classify\", \"init_seed\": 11, "
    "\"precision\": \"float32\", \"data\": {\"generator\": \"circles\", \"samples\": 60, \"noise\": 0.05, \"seed\": 5, "
    "\"validation\": 0.3, \"validation_seed\": 9}}, \"batch_size\": 10, \"max_steps\": 40" RUN,
    "{\"problem\": {\"type\": \"mlp\", \"hidden\": [6], \"activation\": \"linear\", \"task\": \"regress\", "
    "\"data\": {\"inline\": [[1, 2, 0.5], [2, 0, 1.5], [0, 1, -1]], \"validation\": 0.34}}" RUN,
    "{\"problem\": {\"type\": \"logistic_regression\", \"data\": {\"generator\": \"moons\", "
    "\"samples\": 30, \"validation\": 0.2}}" RUN,
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GsExperiment) a = load (texts[i], &error);
      g_autoptr(GsExperiment) b = NULL;
      g_autofree char *json_a = NULL;
      g_autofree char *json_b = NULL;

      g_assert_no_error (error);
      json_a = gs_experiment_to_json (a);
      b = load (json_a, &error);
      g_assert_no_error (error);
      json_b = gs_experiment_to_json (b);
      g_assert_cmpstr (json_a, ==, json_b);
      g_assert_cmpuint (gs_problem_get_n_params (a->problem), ==, gs_problem_get_n_params (b->problem));
      {
        g_autoptr(GsRun) ra = gs_experiment_create_run (a, 0, 0);
        g_autoptr(GsRun) rb = gs_experiment_create_run (b, 0, 0);
        guint n = gs_problem_get_n_params (a->problem);

        gs_run_advance (ra, 40);
        gs_run_advance (rb, 40);
        g_assert_cmpmem (gs_run_get_theta (ra), n * sizeof (double),
                         gs_run_get_theta (rb), n * sizeof (double));
      }
    }
}

static void
test_experiment_errors (void)
{
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", \"precision\": \"half\", " SPIRAL "}" RUN,
                     "exp.json:1:42: unknown precision 'half' (expected one of: float64, "
                     "float32)");
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", \"precision\": 32, " SPIRAL "}" RUN,
                     "exp.json:1:42: problem.precision: expected a string, found a number");
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", \"activation\": \"rel\", " SPIRAL "}" RUN,
                     "exp.json:1:43: unknown activation 'rel'; did you mean 'relu'?");
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", \"activation\": \"softplus\", " SPIRAL "}" RUN,
                     "exp.json:1:43: unknown activation 'softplus' (expected one of: relu, tanh, "
                     "sigmoid, linear)");
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", \"hidden\": [16, 0], " SPIRAL "}" RUN,
                     "exp.json:1:44: problem.hidden[1]: expected a whole number of units in "
                     "[1, 4096], found 0");
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", \"hidden\": [2.5], " SPIRAL "}" RUN,
                     "exp.json:1:40: problem.hidden[0]: expected a whole number of units in "
                     "[1, 4096], found 2.5");
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", \"hidden\": [-3], " SPIRAL "}" RUN,
                     "exp.json:1:40: problem.hidden[0]: expected a whole number of units in "
                     "[1, 4096], found -3");
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", \"hidden\": [\"16\"], " SPIRAL "}" RUN,
                     "exp.json:1:40: problem.hidden[0]: expected a number, found a string");
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", \"hidden\": 16, " SPIRAL "}" RUN,
                     "exp.json:1:39: problem.hidden: expected an array of layer widths such as "
                     "[16, 16], found a number");
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", \"features\": [\"x\", \"x^2\"], " SPIRAL "}" RUN,
                     "exp.json:1:47: unknown input feature 'x^2'; did you mean 'x2'?");
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", \"features\": [\"x\", \"y\", \"x\"], " SPIRAL "}" RUN,
                     "exp.json:1:52: problem.features[2]: 'x' is already listed as features[0]");
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", \"features\": [], " SPIRAL "}" RUN,
                     "exp.json:1:41: problem.features: expected at least one input feature "
                     "(leave the key out for the raw inputs)");
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", \"features\": [\"x\"], \"data\": "
                     "{\"generator\": \"blobs\", \"features\": 3}}" RUN,
                     "exp.json:1:41: problem.features: input features are made from 2-D points "
                     "(x, y); the data has 3 features");
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", \"task\": \"classification\", " SPIRAL "}" RUN,
                     "exp.json:1:37: unknown task 'classification' (expected one of: classify, regress)");
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", \"init_seed\": -1, " SPIRAL "}" RUN,
                     "exp.json:1:42: problem.init_seed: expected a whole number in "
                     "[0, 9223372036854775807], found -1");
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", \"hiden\": [4], " SPIRAL "}" RUN,
                     "exp.json:1:29: unknown key 'hiden' in problem; did you mean 'hidden'?");
  assert_load_error ("{\"problem\": {\"type\": \"logistic_regression\", \"hidden\": [4], " SPIRAL "}" RUN,
                     "exp.json:1:45: unknown key 'hidden' in problem (expected 'type', 'data')");
  /* labels that are not classes */
  assert_load_error ("{\"problem\": {\"type\": \"mlp\",\n"
                     "  \"data\": {\"inline\": [[0, 1], [1, 0.5], [2, 2]]}}" RUN,
                     "exp.json:2:11: problem.data: row 2: a classifying mlp needs whole-number class "
                     "labels 0, 1, 2, … (at most 1000 classes) as the target, found 0.5 (for a "
                     "real-valued target use \"task\": \"regress\")");
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", \"data\": {\"inline\": [[0, 0], [1, 0]]}}" RUN,
                     "exp.json:1:37: problem.data: a classifying mlp needs at least 2 classes "
                     "(labels 0 and 1); every row of the data set has label 0");
  /* generator keys */
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", \"data\": {\"generator\": \"circles\", "
                     "\"classes\": 3}}" RUN,
                     "exp.json:1:73: problem.data.classes: expected a whole number in [2, 2], found 3");
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", \"data\": {\"generator\": \"spiral\", "
                     "\"classes\": 1}}" RUN,
                     "exp.json:1:72: problem.data.classes: expected a whole number in [2, 1000], found 1");
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", \"data\": {\"generator\": \"linear\", "
                     "\"classes\": 3}}" RUN,
                     "exp.json:1:61: problem.data.classes: generator 'linear' makes a real target, "
                     "not classes");
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", \"data\": {\"generator\": \"xor\", "
                     "\"features\": 3}}" RUN,
                     "exp.json:1:70: problem.data.features: generator 'xor' makes 2-D points; "
                     "features must be 2, found 3");
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", \"data\": {\"inline\": [[0, 1]], "
                     "\"classes\": 2}}" RUN,
                     "exp.json:1:58: problem.data.classes: 'classes' only applies to 'generator' data");
  /* validation */
#define SPIRAL_OPEN "\"data\": {\"generator\": \"spiral\", \"samples\": 50"
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", " SPIRAL_OPEN ", \"validation\": 1}}" RUN,
                     "exp.json:1:90: problem.data.validation: expected the fraction of rows to hold "
                     "out, in [0, 1), found 1");
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", " SPIRAL_OPEN ", \"validation\": 0.001}}" RUN,
                     "exp.json:1:90: problem.data.validation: 0.001 of 50 rows holds out 0, leaving "
                     "50 to train on; each side needs at least one row");
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", " SPIRAL_OPEN ", \"validation_seed\": 3}}" RUN,
                     "exp.json:1:76: problem.data.validation_seed: applies with 'validation' (the "
                     "fraction of rows to hold out)");
  assert_load_error ("{\"problem\": {\"type\": \"logistic_regression\", \"data\": {\"generator\": "
                     "\"gaussians\", \"classes\": 3, \"features\": 2}}" RUN,
                     "exp.json:1:53: problem.data: row 3: logistic_regression needs target labels "
                     "0 or 1, found 2");
  assert_load_error ("{\"problem\": {\"type\": \"mlp\", \"hidden\": [2000, 2000], " SPIRAL "}" RUN,
                     "exp.json:1:13: problem: the network 2-2000-2000-2 has 4012002 parameters; "
                     "at most 1000000 are supported");
  /* a long batch goes through in chunks of rows: the network that needed
   * 6.3 GiB for one pass over 100 000 rows (every activation of every
   * row at once) now needs its Wᵀ and one chunk's activations */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GsExperiment) big = load ("{\"problem\": {\"type\": \"mlp\", \"hidden\": [4096, 200], "
                                        "\"data\": {\"generator\": \"spiral\", \"samples\": 100000}}"
                                        RUN, &error);

    g_assert_no_error (error);
    g_assert_cmpfloat ((double) gs_problem_get_work_size (big->problem) * sizeof (double), <, 64e6);
  }
}

/* A CSV with an integer label column; its line in the message when a
 * label is not one. */
static void
test_experiment_csv (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gradscope-test-XXXXXX", &error);
  g_autofree char *good = g_build_filename (dir, "good.csv", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.csv", NULL);
  g_autofree char *exp_bad = NULL;
  g_autoptr(GsExperiment) exp = NULL;

  g_assert_no_error (error);
  g_file_set_contents (good, "x,y,class\n0,0,0\n1,0,1\n0,1,2\n1,1,1\n", -1, &error);
  g_file_set_contents (bad, "x,y,class\n0,0,0\n# a comment\n1,0,1.5\n", -1, &error);
  g_assert_no_error (error);

  exp = gs_experiment_new_from_data ("{\"problem\": {\"type\": \"mlp\", \"hidden\": [3], "
                                     "\"data\": {\"csv\": \"good.csv\"}}" RUN, -1, "exp.json",
                                     dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gs_problem_get_n_classes (exp->problem), ==, 3);
  g_assert_cmpuint (gs_problem_get_n_params (exp->problem), ==, 6 + 3 + 9 + 3);

  g_assert_null (gs_experiment_new_from_data ("{\"problem\": {\"type\": \"mlp\", "
                                              "\"data\": {\"csv\": \"bad.csv\"}}" RUN, -1,
                                              "exp.json", dir, &error));
  exp_bad = g_strdup_printf ("%s:4: a classifying mlp needs whole-number class labels 0, 1, "
                             "2, … (at most 1000 classes) as the target, found 1.5 (for a "
                             "real-valued target use \"task\": \"regress\")", bad);
  g_assert_cmpstr (error->message, ==, exp_bad);
  g_clear_error (&error);

  /* as a regression, the same file is fine */
  {
    g_autoptr(GsExperiment) reg = gs_experiment_new_from_data (
      "{\"problem\": {\"type\": \"mlp\", \"task\": \"regress\", \"data\": {\"csv\": \"bad.csv\"}}" RUN,
      -1, "exp.json", dir, &error);
    g_assert_no_error (error);
  }
  g_unlink (good);
  g_unlink (bad);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gradscope/mlp/layout", test_layout);
  g_test_add_func ("/gradscope/mlp/errors", test_errors);
  g_test_add_func ("/gradscope/mlp/init", test_init);
  g_test_add_func ("/gradscope/mlp/gradients", test_gradients);
  g_test_add_func ("/gradscope/mlp/float32", test_float32);
  g_test_add_func ("/gradscope/mlp/tanhf", test_tanhf);
  g_test_add_func ("/gradscope/mlp/torch", test_torch);
  g_test_add_func ("/gradscope/mlp/tiny-sgd", test_tiny_sgd);
  g_test_add_func ("/gradscope/mlp/metrics", test_metrics);
  g_test_add_func ("/gradscope/mlp/features", test_features);
  g_test_add_func ("/gradscope/mlp/tanh", test_tanh);
  g_test_add_func ("/gradscope/mlp/tanh-network", test_tanh_network);
  g_test_add_func ("/gradscope/mlp/long-batch", test_long_batch);
  g_test_add_func ("/gradscope/mlp/adam-vector", test_adam_vector);
  g_test_add_func ("/gradscope/mlp/run-cadence", test_run_cadence);
  g_test_add_func ("/gradscope/mlp/experiment/load", test_experiment);
  g_test_add_func ("/gradscope/mlp/experiment/start", test_experiment_start);
  g_test_add_func ("/gradscope/mlp/experiment/round-trip", test_experiment_round_trip);
  g_test_add_func ("/gradscope/mlp/experiment/errors", test_experiment_errors);
  g_test_add_func ("/gradscope/mlp/experiment/csv", test_experiment_csv);
  return g_test_run ();
}
