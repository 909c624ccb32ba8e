/* gs-blas.c */
#include "gs-blas.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

void
gs_blas_gemv (guint rows, guint cols, double alpha, const double *a,
              guint lda, const double *x, double beta, double *y)
{
  cblas_dgemv (CblasRowMajor, CblasNoTrans, (int) rows, (int) cols, alpha,
               a, (int) lda, x, 1, beta, y, 1);
}

void
gs_blas_gemv_t (guint rows, guint cols, double alpha, const double *a,
                guint lda, const double *x, double beta, double *y)
{
  cblas_dgemv (CblasRowMajor, CblasTrans, (int) rows, (int) cols, alpha,
               a, (int) lda, x, 1, beta, y, 1);
}

void
gs_blas_gemm (gboolean trans_a, gboolean trans_b, guint m, guint n, guint k,
              double alpha, const double *a, guint lda, const double *b,
              guint ldb, double beta, double *c, guint ldc)
{
  if (m == 0 || n == 0)
    return;
  cblas_dgemm (CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
               trans_b ? CblasTrans : CblasNoTrans, (int) m, (int) n, (int) k,
               alpha, a, (int) lda, b, (int) ldb, beta, c, (int) ldc);
}

double
gs_blas_dot (guint n, const double *x, const double *y)
{
  return cblas_ddot ((int) n, x, 1, y, 1);
}

double
gs_blas_nrm2 (guint n, const double *x)
{
  return cblas_dnrm2 ((int) n, x, 1);
}

void
gs_blas_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      openblas_set_num_threads (1);
      g_once_init_leave (&done, 1);
    }
}

/* ---- the fused model pass ---------------------------------------------------
 *
 * OpenBLAS's row-major gemv walks four rows side by side, which the
 * hardware prefetcher follows badly: each of the two gemv per step then
 * costs 2–3× a plain read of X (bench/README.md). Reading rows in address
 * order, four at a time — their dot products with θ one after the other,
 * then g += Σ r·x while the four are in L1 — reads X once at close to the
 * memory's speed. One source, two builds: 16-byte vectors for the baseline
 * ISA and 32-byte vectors for AVX2 (no FMA: -ffp-contract=off holds). */

typedef double gs_v2d __attribute__ ((vector_size (16)));
typedef double gs_v4d __attribute__ ((vector_size (32)));

static inline double
residual (GsBlasResidual kind, double z, double y, double *term, guint *hits)
{
  if (kind == GS_BLAS_SQUARED_ERROR)
    {
      double e = z - y;   /* ŷ − y */
      *term = e * e;
      return e;
    }
  else
    {
      double ez = exp (-fabs (z));
      /* classified right: class 1 where z > 0 */
      *hits += (z > 0.0) == (y == 1.0);
      /* max(z, 0) − z·y + log(1 + e^−|z|), and σ(z) − y without overflow */
      *term = fmax (z, 0.0) - z * y + log1p (ez);
      return (z >= 0 ? 1.0 / (1.0 + ez) : ez / (1.0 + ez)) - y;
    }
}

#define DEFINE_MODEL_PASS(NAME, ATTR, VT, W)                                     \
  ATTR static inline double                                                     \
  NAME##_dot (const double *a, const double *t, guint cols)                     \
  {                                                                             \
    VT s0 = { 0 }, s1 = { 0 }, v, u;                                            \
    double s = 0.0;                                                             \
    guint j = 0;                                                                \
                                                                                \
    for (; j + 2 * W <= cols; j += 2 * W)                                       \
      {                                                                         \
        memcpy (&v, a + j, sizeof v);                                           \
        memcpy (&u, t + j, sizeof u);                                           \
        s0 += v * u;                                                            \
        memcpy (&v, a + j + W, sizeof v);                                       \
        memcpy (&u, t + j + W, sizeof u);                                       \
        s1 += v * u;                                                            \
      }                                                                         \
    s0 += s1;                                                                   \
    for (int w = 0; w < W; w++)                                                 \
      s += s0[w];                                                               \
    for (; j < cols; j++)                                                       \
      s += a[j] * t[j];                                                         \
    return s;                                                                   \
  }                                                                             \
                                                                                \
  ATTR static double                                                            \
  NAME (GsBlasResidual kind, const double *x, const double *y,                  \
        const guint *rows, guint n, guint cols, const double *theta, double *g, \
        guint *correct)                                                         \
  {                                                                             \
    double sum = 0.0;                                                           \
    guint i = 0, hits = 0;                                                      \
                                                                                \
    for (; i + 4 <= n; i += 4)                                                  \
      {                                                                         \
        guint i0 = rows ? rows[i] : i, i1 = rows ? rows[i + 1] : i + 1;         \
        guint i2 = rows ? rows[i + 2] : i + 2, i3 = rows ? rows[i + 3] : i + 3; \
        const double *a0 = x + (gsize) i0 * cols, *a1 = x + (gsize) i1 * cols;  \
        const double *a2 = x + (gsize) i2 * cols, *a3 = x + (gsize) i3 * cols;  \
        double t0, t1, t2, t3;                                                  \
        double r0 = residual (kind, NAME##_dot (a0, theta, cols), y[i0], &t0, &hits);  \
        double r1 = residual (kind, NAME##_dot (a1, theta, cols), y[i1], &t1, &hits);  \
        double r2 = residual (kind, NAME##_dot (a2, theta, cols), y[i2], &t2, &hits);  \
        double r3 = residual (kind, NAME##_dot (a3, theta, cols), y[i3], &t3, &hits);  \
        VT d0 = (VT) { 0 } + r0, d1 = (VT) { 0 } + r1;                          \
        VT d2 = (VT) { 0 } + r2, d3 = (VT) { 0 } + r3;                          \
        guint j = 0;                                                            \
                                                                                \
        sum += t0;                                                              \
        sum += t1;                                                              \
        sum += t2;                                                              \
        sum += t3;                                                              \
        if (g == NULL)                                                          \
          continue;                                                             \
        /* g += Σ r·x while the four rows are in L1 */                          \
        for (; j + W <= cols; j += W)                                           \
          {                                                                     \
            VT gv, v0, v1, v2, v3;                                              \
                                                                                \
            memcpy (&gv, g + j, sizeof gv);                                     \
            memcpy (&v0, a0 + j, sizeof v0);                                    \
            memcpy (&v1, a1 + j, sizeof v1);                                    \
            memcpy (&v2, a2 + j, sizeof v2);                                    \
            memcpy (&v3, a3 + j, sizeof v3);                                    \
            gv += (v0 * d0 + v1 * d1) + (v2 * d2 + v3 * d3);                    \
            memcpy (g + j, &gv, sizeof gv);                                     \
          }                                                                     \
        for (; j < cols; j++)                                                   \
          g[j] += (a0[j] * r0 + a1[j] * r1) + (a2[j] * r2 + a3[j] * r3);        \
      }                                                                         \
    for (; i < n; i++)                                                          \
      {                                                                         \
        guint ii = rows ? rows[i] : i;                                          \
        const double *a = x + (gsize) ii * cols;                                \
        double t;                                                               \
        double r = residual (kind, NAME##_dot (a, theta, cols), y[ii], &t,      \
                             &hits);                                            \
                                                                                \
        sum += t;                                                               \
        if (g != NULL)                                                          \
          for (guint j = 0; j < cols; j++)                                      \
            g[j] += a[j] * r;                                                   \
      }                                                                         \
    if (correct != NULL)                                                        \
      *correct = hits;                                                          \
    return sum;                                                                 \
  }

DEFINE_MODEL_PASS (model_pass_base, , gs_v2d, 2)
DEFINE_MODEL_PASS (model_pass_avx2, __attribute__ ((target ("avx2"))), gs_v4d, 4)

double
gs_blas_model_pass (GsBlasResidual kind, const double *x, const double *y,
                    const guint *rows, guint n, guint cols, const double *theta,
                    double *g, guint *correct)
{
  static int avx2 = -1;

  if (avx2 < 0)
    avx2 = __builtin_cpu_supports ("avx2") ? 1 : 0;
  if (avx2)
    return model_pass_avx2 (kind, x, y, rows, n, cols, theta, g, correct);
  return model_pass_base (kind, x, y, rows, n, cols, theta, g, correct);
}
