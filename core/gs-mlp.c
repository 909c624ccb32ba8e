/* gs-mlp.c — forward and backward over a whole batch: every product is one
 * gemm through gs-blas, the activations are elementwise over the batch
 * matrix.
 *
 * Layer l maps A_{l−1} (B × n_{l−1}) to Z_l = A_{l−1}·W_lᵀ + 1·b_lᵀ
 * (B × n_l), A_l = act(Z_l) for the hidden layers; the last Z is the
 * output. Backward, with δ_L = ∂loss/∂Z_L:
 *   ∇W_l = δ_lᵀ·A_{l−1},  ∇b_l = δ_lᵀ·1,  δ_{l−1} = (δ_l·W_l) ⊙ act′(A_{l−1})
 * where act′ is read off the activation itself (1 − a² for tanh, a(1 − a)
 * for the sigmoid, [a > 0] for relu), so only the A's are kept. A batch
 * longer than CHUNK rows goes through chunk by chunk, the gradient summed
 * over them. */
#include "gs-mlp.h"
#include "gs-blas.h"
#include "gs-rng.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#define MAX_LAYERS (GS_MLP_MAX_HIDDEN + 1)

struct _GsMlp
{
  GsMlpConfig  config;
  guint        n_raw;                     /* features of the data */
  guint        n_layers;                  /* L: hidden layers + the output layer */
  guint        width[MAX_LAYERS + 1];     /* n_0 (inputs) … n_L (outputs) */
  guint        offset[MAX_LAYERS];        /* where layer l's weights start in θ */
  guint        n_params;
  guint        sum_hidden;                /* n_1 + … + n_{L−1} */
  guint        max_hidden;                /* the widest hidden layer (0 without) */
  guint        n_weights;                 /* weights of every layer: Σ n_l × n_{l−1} */
  GsParamRange weights[MAX_LAYERS];       /* each layer's weight matrix */
};

static const char *const activation_names[] = { "relu", "tanh", "sigmoid", "linear", NULL };
static const char *const feature_names[] = {
  "x", "y", "x2", "y2", "xy", "sin_x", "sin_y", NULL
};

void
gs_mlp_config_init (GsMlpConfig *config)
{
  memset (config, 0, sizeof *config);
  config->n_hidden = 2;
  config->hidden[0] = 16;
  config->hidden[1] = 16;
  config->activation = GS_ACTIVATION_TANH;
  config->classify = TRUE;
}

const char *const *
gs_activation_names (void)
{
  return activation_names;
}

const char *
gs_activation_to_string (GsActivation activation)
{
  return activation <= GS_ACTIVATION_LINEAR ? activation_names[activation] : "unknown";
}

gboolean
gs_activation_from_string (const char *name, GsActivation *out)
{
  for (guint i = 0; activation_names[i]; i++)
    if (g_str_equal (name, activation_names[i]))
      {
        *out = (GsActivation) i;
        return TRUE;
      }
  return FALSE;
}

const char *const *
gs_feature_names (void)
{
  return feature_names;
}

const char *
gs_feature_to_string (GsFeature feature)
{
  return feature < GS_N_FEATURES ? feature_names[feature] : "unknown";
}

gboolean
gs_feature_from_string (const char *name, GsFeature *out)
{
  for (guint i = 0; feature_names[i]; i++)
    if (g_str_equal (name, feature_names[i]))
      {
        *out = (GsFeature) i;
        return TRUE;
      }
  return FALSE;
}

/* ---- construction ------------------------------------------------------- */

GsMlp *
gs_mlp_new (const GsMlpConfig *config, guint n_raw, guint n_outputs, GError **error)
{
  GsMlp *mlp;
  guint64 n_params = 0;

  if (config->n_hidden > GS_MLP_MAX_HIDDEN)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   _("at most %u hidden layers, found %u"), GS_MLP_MAX_HIDDEN,
                   config->n_hidden);
      return NULL;
    }
  for (guint l = 0; l < config->n_hidden; l++)
    if (config->hidden[l] < 1 || config->hidden[l] > GS_MLP_MAX_WIDTH)
      {
        g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                     _("hidden layer %u: expected 1 to %u units, found %u"), l + 1,
                     GS_MLP_MAX_WIDTH, config->hidden[l]);
        return NULL;
      }
  if (config->activation > GS_ACTIVATION_LINEAR)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID, _("unknown activation %d"),
                   (int) config->activation);
      return NULL;
    }
  if (config->n_features > 0 && n_raw != 2)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "input features are made from 2-D points (x, y); the data "
                                "has %u feature",
                                "input features are made from 2-D points (x, y); the data "
                                "has %u features", n_raw),
                   n_raw);
      return NULL;
    }
  if (config->n_features > GS_N_FEATURES)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID, _("at most %u input features, found %u"),
                   GS_N_FEATURES, config->n_features);
      return NULL;
    }
  for (guint i = 0; i < config->n_features; i++)
    if (config->features[i] >= GS_N_FEATURES)
      {
        g_set_error (error, GS_ERROR, GS_ERROR_INVALID, _("unknown input feature %d"),
                     (int) config->features[i]);
        return NULL;
      }
  if (n_raw < 1 || n_raw > GS_MLP_MAX_WIDTH)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   _("expected 1 to %u input features, found %u"), GS_MLP_MAX_WIDTH, n_raw);
      return NULL;
    }
  if (n_outputs < 1 || n_outputs > GS_MLP_MAX_CLASSES)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   _("expected 1 to %u outputs, found %u"), GS_MLP_MAX_CLASSES, n_outputs);
      return NULL;
    }

  mlp = g_new0 (GsMlp, 1);
  mlp->config = *config;
  mlp->n_raw = n_raw;
  mlp->n_layers = config->n_hidden + 1;
  mlp->width[0] = config->n_features > 0 ? config->n_features : n_raw;
  for (guint l = 0; l < config->n_hidden; l++)
    {
      mlp->width[l + 1] = config->hidden[l];
      mlp->sum_hidden += config->hidden[l];
      mlp->max_hidden = MAX (mlp->max_hidden, config->hidden[l]);
    }
  mlp->width[mlp->n_layers] = n_outputs;

  /* nn.Linear order: each layer's weight [out × in] row-major, then its bias */
  for (guint l = 0; l < mlp->n_layers; l++)
    {
      guint64 in = mlp->width[l], out = mlp->width[l + 1];

      mlp->offset[l] = (guint) MIN (n_params, G_MAXUINT);
      mlp->n_weights = (guint) MIN (mlp->n_weights + out * in, G_MAXUINT);
      mlp->weights[l].start = mlp->offset[l];
      mlp->weights[l].end = (guint) MIN (n_params + out * in, G_MAXUINT);
      n_params += out * in + out;
    }
  if (n_params > GS_MLP_MAX_PARAMS)
    {
      g_autofree char *layout = gs_mlp_describe (mlp);

      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   /* TRANSLATORS: "the network 2-512-512-512-3 has 526851 parameters; …" */
                   _("the network %s has %llu parameters; at most %u are supported"),
                   layout, (unsigned long long) n_params, GS_MLP_MAX_PARAMS);
      g_free (mlp);
      return NULL;
    }
  mlp->n_params = (guint) n_params;
  gs_blas_init ();
  return mlp;
}

void
gs_mlp_free (GsMlp *mlp)
{
  g_free (mlp);
}

const GsMlpConfig *
gs_mlp_get_config (const GsMlp *mlp)
{
  return &mlp->config;
}

guint
gs_mlp_get_n_params (const GsMlp *mlp)
{
  return mlp->n_params;
}

guint
gs_mlp_get_n_inputs (const GsMlp *mlp)
{
  return mlp->width[0];
}

guint
gs_mlp_get_n_outputs (const GsMlp *mlp)
{
  return mlp->width[mlp->n_layers];
}

guint
gs_mlp_get_n_layers (const GsMlp *mlp)
{
  return mlp->n_layers;
}

void
gs_mlp_get_layer (const GsMlp *mlp, guint l, guint *n_in, guint *n_out,
                  guint *weight_offset)
{
  g_return_if_fail (l < mlp->n_layers);

  if (n_in)
    *n_in = mlp->width[l];
  if (n_out)
    *n_out = mlp->width[l + 1];
  if (weight_offset)
    *weight_offset = mlp->offset[l];
}

const GsParamRange *
gs_mlp_get_weight_ranges (const GsMlp *mlp, guint *n_ranges)
{
  *n_ranges = mlp->n_layers;
  return mlp->weights;
}

char *
gs_mlp_describe (const GsMlp *mlp)
{
  GString *s = g_string_new (NULL);

  for (guint l = 0; l <= mlp->n_layers; l++)
    g_string_append_printf (s, l ? "-%u" : "%u", mlp->width[l]);
  return g_string_free (s, FALSE);
}

void
gs_mlp_init_params (const GsMlp *mlp, double *theta)
{
  GsRng rng;

  gs_rng_init (&rng, mlp->config.init_seed);
  for (guint l = 0; l < mlp->n_layers; l++)
    {
      guint in = mlp->width[l], out = mlp->width[l + 1];
      double bound = 1.0 / sqrt ((double) in);   /* U(−1/√in, 1/√in) */
      double *p = theta + mlp->offset[l];

      for (gsize j = 0; j < (gsize) out * in + out; j++)
        p[j] = bound * (2.0 * gs_rng_uniform (&rng) - 1.0);
    }
}

void
gs_mlp_features (const GsMlp *mlp, const double *raw, gsize raw_stride, guint n,
                 double *out)
{
  const GsMlpConfig *c = &mlp->config;
  guint n_in = mlp->width[0];

  if (c->n_features == 0)
    {
      for (guint i = 0; i < n; i++)
        memcpy (out + (gsize) i * n_in, raw + i * raw_stride, sizeof (double) * n_in);
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      double x = raw[i * raw_stride], y = raw[i * raw_stride + 1];
      double *o = out + (gsize) i * n_in;

      for (guint f = 0; f < c->n_features; f++)
        switch (c->features[f])
          {
          case GS_FEATURE_X:     o[f] = x; break;
          case GS_FEATURE_Y:     o[f] = y; break;
          case GS_FEATURE_X2:    o[f] = x * x; break;
          case GS_FEATURE_Y2:    o[f] = y * y; break;
          case GS_FEATURE_XY:    o[f] = x * y; break;
          case GS_FEATURE_SIN_X: o[f] = sin (x); break;
          case GS_FEATURE_SIN_Y: o[f] = sin (y); break;
          case GS_N_FEATURES:
          default:               o[f] = 0.0; break;
          }
    }
}

/* ---- forward and backward ---------------------------------------------- */

/* Rows per pass: a longer batch (the full data set of a run's row, a
 * landscape node) goes through in chunks of this many rows, its gradient
 * summed over them, so that a chunk's activations and δ stay in L2 (for
 * 2-64-64-2, 200 KB) rather than streaming megabytes per layer: the full
 * 10 000-point loss and gradient took 9.7 ms in one piece, 6.2 ms in
 * chunks of 64 to 192 rows (7.3 ms with 256 or more). A minibatch of 128
 * is one chunk. */
#define CHUNK 128

/* Doubles gs_mlp_loss itself needs for n rows: every layer's Wᵀ, then for
 * one chunk the hidden activations, the outputs and one δ buffer; in
 * float32 the same in floats, with θ, the gradient and a chunk's inputs
 * in float32 before them. */
static gsize
loss_work_size (const GsMlp *mlp, guint n)
{
  gsize c = MIN (n, CHUNK);
  gsize pass = mlp->n_weights
               + c * (mlp->sum_hidden + mlp->width[mlp->n_layers] + mlp->max_hidden);

  if (!mlp->config.float32)
    return pass;
  /* in floats (and never less than gs_mlp_predict's float64 pass needs) */
  return MAX (pass, (2 * (gsize) mlp->n_params + c * mlp->width[0] + pass) / 2 + 4);
}

gsize
gs_mlp_get_work_size (const GsMlp *mlp, guint n)
{
  /* room for the rows themselves (a gathered batch, or the features of
   * points to predict) and their targets, then what the pass needs */
  return (gsize) n * (mlp->width[0] + 1) + loss_work_size (mlp, n) + 1;
}

/* ---- the pass in float64 and in float32 --------------------------------- */

#define R          double
#define PASS(name) name##_f64
#define GEMM       gs_blas_gemm
#define BIAS_TANH  gs_blas_bias_tanh
#define TANH_GRAD  gs_blas_tanh_grad
#define EXP        exp
#include "gs-mlp-pass.h"
#undef R
#undef PASS
#undef GEMM
#undef BIAS_TANH
#undef TANH_GRAD
#undef EXP

#define R          float
#define PASS(name) name##_f32
#define GEMM       gs_blas_sgemm
#define BIAS_TANH  gs_blas_bias_tanhf
#define TANH_GRAD  gs_blas_tanh_gradf
#define EXP        expf
#include "gs-mlp-pass.h"
#undef R
#undef PASS
#undef GEMM
#undef BIAS_TANH
#undef TANH_GRAD
#undef EXP

/* A float32 network: θ, the inputs and the gradient are rounded to float
 * on the way in and widened on the way out; the optimizer keeps θ in
 * float64. */
static double
loss_f32 (const GsMlp *mlp, const double *theta, const double *x, const double *y, guint n,
          double *grad, double *work, guint *correct)
{
  guint n_in = mlp->width[0], n_params = mlp->n_params;
  float *t32 = (float *) work;
  float *g32 = t32 + n_params;
  float *x32 = g32 + n_params;
  float *wt = x32 + (gsize) MIN (n, CHUNK) * n_in;   /* every Wᵀ */
  float *chunk_work = wt + mlp->n_weights;
  double sum = 0.0;

  gs_blas_narrow (theta, t32, n_params);
  transpose_weights_f32 (mlp, t32, wt);
  if (grad)
    for (guint l = 0; l < mlp->n_layers; l++)
      {
        guint in = mlp->width[l], units = mlp->width[l + 1];

        memset (g32 + mlp->offset[l] + (gsize) units * in, 0, sizeof (float) * units);
      }
  for (guint i = 0; i < n; i += CHUNK)
    {
      guint c = MIN (CHUNK, n - i);
      const double *xi = x + (gsize) i * n_in;

      gs_blas_narrow (xi, x32, (gsize) c * n_in);
      sum += loss_chunk_f32 (mlp, t32, wt, x32, y + i, c, n, grad ? g32 : NULL, i == 0,
                             chunk_work, correct);
    }
  if (grad)
    gs_blas_widen (g32, grad, n_params);
  return sum;
}

double
gs_mlp_loss (const GsMlp *mlp, const double *theta, const double *x, const double *y,
             guint n, double *grad, double *work, guint *n_correct)
{
  guint n_in = mlp->width[0];
  double *wt = work;                          /* every Wᵀ */
  double *chunk_work = wt + mlp->n_weights;
  double sum = 0.0;
  guint correct = 0;

  if (n_correct)
    *n_correct = 0;
  if (n == 0)
    return NAN;
  if (mlp->config.float32)
    {
      sum = loss_f32 (mlp, theta, x, y, n, grad, work, &correct);
      if (n_correct)
        *n_correct = correct;
      return sum / n;
    }

  transpose_weights_f64 (mlp, theta, wt);
  if (grad)
    for (guint l = 0; l < mlp->n_layers; l++)
      {
        guint in = mlp->width[l], units = mlp->width[l + 1];

        memset (grad + mlp->offset[l] + (gsize) units * in, 0, sizeof (double) * units);
      }
  for (guint i = 0; i < n; i += CHUNK)
    {
      guint c = MIN (CHUNK, n - i);

      sum += loss_chunk_f64 (mlp, theta, wt, x + (gsize) i * n_in, y + i, c, n, grad, i == 0,
                             chunk_work, &correct);
    }
  if (n_correct)
    *n_correct = correct;
  return sum / n;
}

void
gs_mlp_predict (const GsMlp *mlp, const double *theta, const double *raw,
                gsize raw_stride, guint n, double *out, double *work)
{
  guint k = mlp->width[mlp->n_layers];
  guint n_in = mlp->width[0];
  double *x = work;                                        /* a chunk's inputs */
  double *wt = x + (gsize) MIN (n, CHUNK) * n_in;          /* every Wᵀ */
  double *acts = wt + mlp->n_weights;
  double *z = acts + (gsize) MIN (n, CHUNK) * mlp->sum_hidden;

  if (n == 0)
    return;
  transpose_weights_f64 (mlp, theta, wt);
  for (guint i0 = 0; i0 < n; i0 += CHUNK)
    {
      guint c = MIN (CHUNK, n - i0);

      gs_mlp_features (mlp, raw + i0 * raw_stride, raw_stride, c, x);
      forward_f64 (mlp, theta, wt, x, c, acts, z);
      if (!mlp->config.classify)
        {
          memcpy (out + i0, z, sizeof (double) * c);
          continue;
        }
      /* softmax, shifted by each row's max */
      for (guint i = 0; i < c; i++)
        {
          const double *zi = z + (gsize) i * k;
          double *o = out + (gsize) (i0 + i) * k;
          double mx = zi[0], s = 0.0;

          for (guint j = 1; j < k; j++)
            mx = MAX (mx, zi[j]);
          for (guint j = 0; j < k; j++)
            s += o[j] = exp (zi[j] - mx);
          for (guint j = 0; j < k; j++)
            o[j] /= s;
        }
    }
}
