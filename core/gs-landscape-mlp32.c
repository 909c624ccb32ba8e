/* gs-landscape-mlp32.c — an MLP's objective at θ(a, b) in float32
 *
 * A picture needs no float64. Over the plane the first layer's
 * pre-activation is linear in (a, b):
 *   Z1(a, b) = X·(W1c + a·D1 + b·D2)ᵀ + 1·(b1c + a·e1 + b·e2)ᵀ = P0 + a·P1 + b·P2
 * so P0, P1, P2 are computed once per plane (in float64, kept in float32)
 * when the inputs are wide enough for that to beat the product itself.
 * The data rows go through the network in blocks that stay in the cache:
 * the first layer, the activation (vectorized, a rational tanh), then
 * every later layer as one sgemm through the BLAS seam, the loss summed in
 * float64. The penalty is computed in float64 on θ(a, b). */
#include "gs-landscape-private.h"
#include "gs-blas.h"
#include "gs-tanhf.h"

#include <math.h>
#include <string.h>

#define MAX_LAYERS (GS_MLP_MAX_HIDDEN + 1)
#define BLOCK 256                           /* data rows per block */
#define PRECOMPUTE_MAX_BYTES (512u << 20)   /* P0, P1, P2 together */
#define PRECOMPUTE_MIN_INPUTS 3             /* narrower: X·Wᵀ costs no more than the sum */

struct _GsMlp32
{
  const GsPlane      *plane;                 /* the job's own copy */
  guint               n_layers;
  guint               width[MAX_LAYERS + 1]; /* n_0 … n_L */
  guint               offset[MAX_LAYERS];    /* each layer's weights in θ */
  guint               max_width;             /* widest layer after the inputs */
  GsActivation        act;
  gboolean            classify;
  guint               m;                     /* training rows */
  float              *x;                     /* m × n_0, the inputs */
  const double       *y;                     /* m targets (the problem's) */
  float              *p;                     /* P0, P1, P2: 3 × m × n_1, or NULL */
  const GsParamRange *penalized;
  guint               n_penalized;
};

/* ---- vectorized kernels --------------------------------------------------------
 *
 * tanh as gs-tanhf.h has it; the sigmoid as ½·tanh(x/2) + ½. One source,
 * three builds, chosen at run time like gs_blas_model_pass. */

typedef float gs_v4f __attribute__ ((vector_size (16)));
typedef int   gs_v4i __attribute__ ((vector_size (16)));
typedef float gs_v8f __attribute__ ((vector_size (32)));
typedef int   gs_v8i __attribute__ ((vector_size (32)));
typedef float gs_v16f __attribute__ ((vector_size (64)));
typedef int   gs_v16i __attribute__ ((vector_size (64)));

#define DEFINE_KERNELS(SFX, ATTR, VF, VI, W)                                    \
  ATTR static void                                                              \
  tanh_##SFX (float *x, gsize n)                                                \
  {                                                                             \
    gsize i = 0;                                                                \
                                                                                \
    for (; i + W <= n; i += W)                                                  \
      {                                                                         \
        VF v;                                                                   \
        memcpy (&v, x + i, sizeof v);                                           \
        v = gs_tanhf_v_##SFX (v);                                               \
        memcpy (x + i, &v, sizeof v);                                           \
      }                                                                         \
    for (; i < n; i++)                                                          \
      x[i] = gs_tanhf (x[i]);                                                   \
  }                                                                             \
                                                                                \
  ATTR static void                                                              \
  sigmoid_##SFX (float *x, gsize n)                                             \
  {                                                                             \
    gsize i = 0;                                                                \
                                                                                \
    /* σ(x) = ½·tanh(x/2) + ½ */                                                \
    for (; i + W <= n; i += W)                                                  \
      {                                                                         \
        VF v;                                                                   \
        memcpy (&v, x + i, sizeof v);                                           \
        v = gs_tanhf_v_##SFX (v * 0.5f) * 0.5f + 0.5f;                          \
        memcpy (x + i, &v, sizeof v);                                           \
      }                                                                         \
    for (; i < n; i++)                                                          \
      x[i] = gs_tanhf (x[i] * 0.5f) * 0.5f + 0.5f;                              \
  }                                                                             \
                                                                                \
  /* the first layer of a block, narrow inputs: each row                        \
   * z_r = b + Σ_c x_rc·Wᵀ[c] (then tanh when asked), in one pass */            \
  ATTR static void                                                              \
  layer1_##SFX (float *z, const float *x, const float *wt, const float *bias,   \
                gsize rows, gsize n0, gsize n1, gboolean tanh_too)              \
  {                                                                             \
    for (gsize r = 0; r < rows; r++, z += n1, x += n0)                          \
      {                                                                         \
        gsize i = 0;                                                            \
                                                                                \
        for (; i + W <= n1; i += W)                                             \
          {                                                                     \
            VF v, w;                                                            \
            memcpy (&v, bias + i, sizeof v);                                    \
            for (gsize c = 0; c < n0; c++)                                      \
              {                                                                 \
                memcpy (&w, wt + c * n1 + i, sizeof w);                         \
                v = v + x[c] * w;                                               \
              }                                                                 \
            if (tanh_too)                                                       \
              v = gs_tanhf_v_##SFX (v);                                         \
            memcpy (z + i, &v, sizeof v);                                       \
          }                                                                     \
        for (; i < n1; i++)                                                     \
          {                                                                     \
            float v = bias[i];                                                  \
            for (gsize c = 0; c < n0; c++)                                      \
              v = v + x[c] * wt[c * n1 + i];                                    \
            z[i] = tanh_too ? gs_tanhf (v) : v;                                 \
          }                                                                     \
      }                                                                         \
  }                                                                             \
                                                                                \
  /* z ← z + x·w */                                                             \
  ATTR static void                                                              \
  axpy_##SFX (float *z, const float *w, float x, gsize n)                       \
  {                                                                             \
    gsize i = 0;                                                                \
                                                                                \
    for (; i + W <= n; i += W)                                                  \
      {                                                                         \
        VF vz, vw;                                                              \
        memcpy (&vz, z + i, sizeof vz);                                         \
        memcpy (&vw, w + i, sizeof vw);                                         \
        vz = vz + x * vw;                                                       \
        memcpy (z + i, &vz, sizeof vz);                                         \
      }                                                                         \
    for (; i < n; i++)                                                          \
      z[i] = z[i] + x * w[i];                                                   \
  }                                                                             \
                                                                                \
  /* each of the rows of z (units wide) ← row + bias, then tanh when asked */   \
  ATTR static void                                                              \
  add_bias_##SFX (float *z, const float *bias, gsize rows, gsize units,         \
                  gboolean tanh_too)                                            \
  {                                                                             \
    for (gsize r = 0; r < rows; r++, z += units)                                \
      {                                                                         \
        gsize i = 0;                                                            \
                                                                                \
        for (; i + W <= units; i += W)                                          \
          {                                                                     \
            VF vz, vb;                                                          \
            memcpy (&vz, z + i, sizeof vz);                                     \
            memcpy (&vb, bias + i, sizeof vb);                                  \
            vz = vz + vb;                                                       \
            if (tanh_too)                                                       \
              vz = gs_tanhf_v_##SFX (vz);                                       \
            memcpy (z + i, &vz, sizeof vz);                                     \
          }                                                                     \
        for (; i < units; i++)                                                  \
          z[i] = tanh_too ? gs_tanhf (z[i] + bias[i]) : z[i] + bias[i];         \
      }                                                                         \
  }                                                                             \
                                                                                \
  /* z = p0 + a·p1 + b·p2 */                                                    \
  ATTR static void                                                              \
  plane_sum_##SFX (float *z, const float *p0, const float *p1, const float *p2, \
                   float a, float b, gsize n)                                   \
  {                                                                             \
    gsize i = 0;                                                                \
                                                                                \
    for (; i + W <= n; i += W)                                                  \
      {                                                                         \
        VF v0, v1, v2;                                                          \
        memcpy (&v0, p0 + i, sizeof v0);                                        \
        memcpy (&v1, p1 + i, sizeof v1);                                        \
        memcpy (&v2, p2 + i, sizeof v2);                                        \
        v0 = v0 + a * v1 + b * v2;                                              \
        memcpy (z + i, &v0, sizeof v0);                                         \
      }                                                                         \
    for (; i < n; i++)                                                          \
      z[i] = p0[i] + a * p1[i] + b * p2[i];                                     \
  }

/* Unlike the optimizers, nothing here is matched to PyTorch bit for bit:
 * the kernels may fuse multiply-adds. */
#define FAST __attribute__ ((optimize ("fp-contract=fast")))
GS_DEFINE_TANHF (base, FAST, gs_v4f, gs_v4i, 4)
GS_DEFINE_TANHF (avx2, FAST __attribute__ ((target ("avx2,fma"))), gs_v8f, gs_v8i, 8)
GS_DEFINE_TANHF (avx512, FAST __attribute__ ((target ("avx512f"))), gs_v16f, gs_v16i, 16)
DEFINE_KERNELS (base, FAST, gs_v4f, gs_v4i, 4)
DEFINE_KERNELS (avx2, FAST __attribute__ ((target ("avx2,fma"))), gs_v8f, gs_v8i, 8)
DEFINE_KERNELS (avx512, FAST __attribute__ ((target ("avx512f"))), gs_v16f, gs_v16i, 16)

typedef struct
{
  void (*tanh) (float *x, gsize n);
  void (*sigmoid) (float *x, gsize n);
  void (*axpy) (float *z, const float *w, float x, gsize n);
  void (*layer1) (float *z, const float *x, const float *wt, const float *bias,
                  gsize rows, gsize n0, gsize n1, gboolean tanh_too);
  void (*add_bias) (float *z, const float *bias, gsize rows, gsize units,
                    gboolean tanh_too);
  void (*plane_sum) (float *z, const float *p0, const float *p1, const float *p2,
                     float a, float b, gsize n);
} Kernels;

#define KERNELS(SFX) { tanh_##SFX, sigmoid_##SFX, axpy_##SFX, layer1_##SFX, add_bias_##SFX, \
                       plane_sum_##SFX }

static const Kernels *
kernels (void)
{
  static const Kernels base = KERNELS (base);
  static const Kernels avx2 = KERNELS (avx2);
  static const Kernels avx512 = KERNELS (avx512);
  static const Kernels *chosen = NULL;
  const Kernels *k = g_atomic_pointer_get (&chosen);

  if (k == NULL)
    {
      k = __builtin_cpu_supports ("avx512f") ? &avx512
          : __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma") ? &avx2
          : &base;
      g_atomic_pointer_set (&chosen, k);
    }
  return k;
}

void
gs_landscape_tanhf (float *x, gsize n)
{
  kernels ()->tanh (x, n);
}

static void
activate (const Kernels *k, GsActivation act, float *z, gsize n)
{
  switch (act)
    {
    case GS_ACTIVATION_RELU:
      for (gsize i = 0; i < n; i++)
        z[i] = z[i] > 0.0f ? z[i] : 0.0f;
      break;
    case GS_ACTIVATION_TANH:
      k->tanh (z, n);
      break;
    case GS_ACTIVATION_SIGMOID:
      k->sigmoid (z, n);
      break;
    case GS_ACTIVATION_LINEAR:
    default:
      break;
    }
}

/* ---- the evaluator --------------------------------------------------------------- */

GsMlp32 *
gs_mlp32_new (GsProblem *problem, const GsPlane *plane)
{
  const GsMlp *mlp = gs_problem_get_mlp (problem);
  const double *x;
  GsMlp32 *m;
  guint n0, n1, rows;

  if (mlp == NULL)
    return NULL;
  x = gs_problem_get_mlp_inputs (problem, FALSE, &rows);
  if (x == NULL || rows == 0)
    return NULL;

  m = g_new0 (GsMlp32, 1);
  m->plane = plane;
  m->n_layers = gs_mlp_get_n_layers (mlp);
  for (guint l = 0; l < m->n_layers; l++)
    {
      gs_mlp_get_layer (mlp, l, &m->width[l], &m->width[l + 1], &m->offset[l]);
      m->max_width = MAX (m->max_width, m->width[l + 1]);
    }
  m->act = gs_mlp_get_config (mlp)->activation;
  m->classify = gs_mlp_get_config (mlp)->classify;
  m->m = rows;
  m->y = gs_problem_get_data (problem)->y;
  m->penalized = gs_problem_get_penalized (problem, &m->n_penalized);
  n0 = m->width[0];
  n1 = m->width[1];
  m->x = g_new (float, (gsize) rows * n0);
  for (gsize i = 0; i < (gsize) rows * n0; i++)
    m->x[i] = (float) x[i];

  if (n0 >= PRECOMPUTE_MIN_INPUTS
      && 3.0 * rows * n1 * sizeof (float) <= PRECOMPUTE_MAX_BYTES)
    {
      /* P0 = X·W1cᵀ + 1·b1cᵀ, P1 = X·D1ᵀ + 1·e1ᵀ, P2 = X·D2ᵀ + 1·e2ᵀ
       * (e: the directions' first-layer bias entries), in float64 */
      gsize len = (gsize) rows * n1;
      g_autofree double *tmp = g_new (double, len);
      const double *src[3] = { plane->center, plane->d1, plane->d2 };

      m->p = g_new (float, 3 * len);
      for (guint c = 0; c < 3; c++)
        {
          const double *w = src[c] + m->offset[0];
          const double *bias = w + (gsize) n1 * n0;

          for (gsize i = 0; i < len; i += n1)
            memcpy (tmp + i, bias, sizeof (double) * n1);
          gs_blas_gemm (FALSE, TRUE, rows, n1, n0, 1.0, x, n0, w, n0, 1.0, tmp, n1);
          for (gsize i = 0; i < len; i++)
            m->p[c * len + i] = (float) tmp[i];
        }
    }
  return m;
}

void
gs_mlp32_free (GsMlp32 *m)
{
  if (m == NULL)
    return;
  g_free (m->x);
  g_free (m->p);
  g_free (m);
}

gsize
gs_mlp32_work_size (const GsMlp32 *m)
{
  /* θ in float32, the first layer's weights transposed, then two blocks
   * of activations */
  return sizeof (float) * (m->plane->n_params + (gsize) m->width[0] * m->width[1]
                           + 2 * (gsize) BLOCK * m->max_width + 48);
}

/* The hidden layers' activation of z (rows × units), its bias added first
 * (bias NULL: already in). */
static void
bias_activate (const Kernels *k, GsActivation act, float *z, const float *bias, guint rows,
               guint units)
{
  if (bias != NULL)
    k->add_bias (z, bias, rows, units, act == GS_ACTIVATION_TANH);
  if (bias == NULL || act != GS_ACTIVATION_TANH)
    activate (k, act, z, (gsize) rows * units);
}

double
gs_mlp32_eval (const GsMlp32 *m, const GsRegularization *reg, double a, double b,
               double *theta, void *work)
{
  const Kernels *k = kernels ();
  guint n_params = m->plane->n_params;
  guint L = m->n_layers, n0 = m->width[0], n1 = m->width[1], K = m->width[L];
  float *t32 = work;
  float *wt = t32 + ((n_params + 15) & ~15u);          /* W1ᵀ: n0 × n1 */
  float *buf[2];
  double penalty, sum = 0.0;
  float af = (float) a, bf = (float) b;
  const float *b1 = t32 + m->offset[0] + (gsize) n1 * n0;
  gboolean direct = m->p == NULL && n0 < PRECOMPUTE_MIN_INPUTS;

  buf[0] = wt + (((gsize) n0 * n1 + 15) & ~(gsize) 15);
  buf[1] = buf[0] + (gsize) BLOCK * m->max_width;

  gs_plane_point (m->plane, a, b, theta);
  penalty = gs_regularization_apply (reg, theta, m->penalized, m->n_penalized, NULL);
  for (guint j = 0; j < n_params; j++)
    t32[j] = (float) theta[j];
  if (direct)
    for (guint u = 0; u < n1; u++)
      for (guint c = 0; c < n0; c++)
        wt[(gsize) c * n1 + u] = t32[m->offset[0] + (gsize) u * n0 + c];

  for (guint r0 = 0; r0 < m->m; r0 += BLOCK)
    {
      guint nb = MIN (BLOCK, m->m - r0);
      float *z = buf[0];
      guint cur = 0;
      const float *bias = NULL;   /* of the layer just multiplied, not yet added */
      gboolean done_first = FALSE;  /* the first layer's activation already applied */

      /* the first layer: Z1 = X·W1ᵀ + 1·b1ᵀ */
      if (m->p != NULL)
        {
          /* = P0 + a·P1 + b·P2, bias included */
          gsize len = (gsize) m->m * n1, at = (gsize) r0 * n1;

          k->plane_sum (z, m->p + at, m->p + len + at, m->p + 2 * len + at, af, bf,
                        (gsize) nb * n1);
        }
      else if (direct)
        {
          /* a narrow input: z_r = b1 + Σ_c x_rc·W1ᵀ[c] row by row, the
           * tanh in the same pass (a gemm this short is mostly overhead) */
          gboolean fuse = L > 1 && m->act == GS_ACTIVATION_TANH;

          k->layer1 (z, m->x + (gsize) r0 * n0, wt, b1, nb, n0, n1, fuse);
          if (fuse)
            done_first = TRUE;
        }
      else
        {
          gs_blas_sgemm (FALSE, TRUE, nb, n1, n0, 1.0f, m->x + (gsize) r0 * n0, n0,
                         t32 + m->offset[0], n0, 0.0f, z, n1);
          bias = b1;
        }

      /* Z_l = A_{l−1}·W_lᵀ + 1·b_lᵀ, A_l = act(Z_l) for the hidden layers;
       * the bias goes in with the activation, in one pass */
      for (guint l = 0; l < L; l++)
        {
          guint in = m->width[l], units = m->width[l + 1];

          if (l > 0)
            {
              const float *w = t32 + m->offset[l];

              gs_blas_sgemm (FALSE, TRUE, nb, units, in, 1.0f, buf[cur], in, w, in, 0.0f,
                             buf[cur ^ 1], units);
              cur ^= 1;
              bias = w + (gsize) units * in;
            }
          if (l + 1 < L && !(l == 0 && done_first))
            bias_activate (k, m->act, buf[cur], bias, nb, units);
          else if (bias != NULL)
            k->add_bias (buf[cur], bias, nb, units, FALSE);
          bias = NULL;
        }

      /* the loss of the block's rows, summed in float64 */
      z = buf[cur];
      if (m->classify)
        for (guint r = 0; r < nb; r++)
          {
            /* log Σ_j e^{z_j} − z_y, shifted by the row's max */
            const float *zr = z + (gsize) r * K;
            guint label = (guint) m->y[r0 + r];
            float mx = zr[0], s = 0.0f;

            for (guint j = 1; j < K; j++)
              mx = MAX (mx, zr[j]);
            for (guint j = 0; j < K; j++)
              s += expf (zr[j] - mx);
            sum += (double) mx + (double) logf (s) - (double) zr[label];
          }
      else
        for (guint r = 0; r < nb; r++)
          {
            double e = (double) z[r] - m->y[r0 + r];   /* (ŷ − y)² */
            sum += e * e;
          }
    }
  return sum / m->m + penalty;
}
