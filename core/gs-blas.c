/* gs-blas.c */
#include "gs-blas.h"

#include <cblas.h>
#include <lapacke.h>
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

void
gs_blas_sgemm (gboolean trans_a, gboolean trans_b, guint m, guint n, guint k,
               float alpha, const float *a, guint lda, const float *b,
               guint ldb, float beta, float *c, guint ldc)
{
  if (m == 0 || n == 0)
    return;
  cblas_sgemm (CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
               trans_b ? CblasTrans : CblasNoTrans, (int) m, (int) n, (int) k,
               alpha, a, (int) lda, b, (int) ldb, beta, c, (int) ldc);
}

gboolean
gs_lapack_syevd (guint n, double *a, double *w)
{
  if (n == 0)
    return TRUE;
  return LAPACKE_dsyevd (LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int) n, a, (lapack_int) n,
                         w) == 0;
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

/* ---- MLP kernels: tanh over a batch -------------------------------------
 *
 * libm's tanh costs ~10 ns an element; an MLP step takes thousands of them
 * (2-64-64-2 on 128 rows: 16 384), which made tanh most of a training step.
 * This one is vectorized and evaluates, for y = 2|x| clamped to 40 (beyond
 * |x| ≈ 19.06 tanh rounds to ±1):
 *
 *   y = q·ln2 + r, |r| ≤ ln2/2 (Cody–Waite, two-part ln2)
 *   eʳ = (U + rV)/(U − rV), the [6/6] Padé approximant, U(r²) and V(r²)
 *        with integer coefficients (relative error < 2·10⁻¹⁹ on |r| ≤ ln2/2)
 *   tanh|x| = (e^y − 1)/(e^y + 1) = (2^q·P − Q)/(2^q·P + Q), P = U + rV,
 *        Q = U − rV, written as ((2^q − 1)·U + (2^q + 1)·rV) / ((2^q + 1)·U
 *        + (2^q − 1)·rV) so that q = 0 (|x| < ln2/4) is 2rV/2U with no
 *        cancellation;
 *
 * then x's sign. One division, no branch, no table. Error: under 3 ulp
 * from the correctly rounded tanh: 2.83 ulp the largest seen, near
 * |x| = 18.2, against 120-bit mpmath at 1.2 million points (log-spread over
 * 2⁻⁶² … 10, uniform over [0, 20] and over [0.2, 1.2]), where glibc's
 * tanh was up to 2.14 ulp off; test-mlp checks it stays within 4 ulp of
 * glibc's. tanh(±0) = ±0, tanh(±∞) = ±1, NaN stays NaN, subnormals come
 * back as themselves.
 *
 * Fused multiply-adds where the formula has a·b + c (explicit: the project
 * builds with -ffp-contract=off), IEEE +, −, ×, ÷ and bit operations
 * otherwise. The 8- and 4-wide builds use the CPU's FMA, the 2-wide
 * baseline libm's fma() (exact in software where the CPU has none), so all
 * give the same bits: a run's numbers do not depend on the vector width,
 * and a row gives the same value wherever it sits in a batch (tails go
 * through a padded vector). */

#if defined(__x86_64__) || defined(__i386__)
#define GS_HAVE_X86 1
#include <immintrin.h>
#endif

#define GS_TANH_Y_MAX  40.0                        /* clamp of 2|x| */
#define GS_LN2_HI      6.93147180369123816490e-01  /* 0x3fe62e42fee00000: q·LN2_HI exact */
#define GS_LN2_LO      1.90821492927058770002e-10
#define GS_LOG2_E      1.4426950408889634          /* 1/ln2 */
#define GS_ROUND_MAGIC 0x1.8p52                    /* adding it rounds to an integer */

typedef gint64 gs_v2i __attribute__ ((vector_size (16)));
typedef gint64 gs_v4i __attribute__ ((vector_size (32)));
typedef double gs_v8d __attribute__ ((vector_size (64)));
typedef gint64 gs_v8i __attribute__ ((vector_size (64)));

/* a·b + c rounded once, lane by lane */
static inline gs_v2d
fma_base (gs_v2d a, gs_v2d b, gs_v2d c)
{
  return (gs_v2d) { fma (a[0], b[0], c[0]), fma (a[1], b[1], c[1]) };
}

#ifdef GS_HAVE_X86
__attribute__ ((target ("avx2,fma"))) static inline gs_v4d
fma_avx2 (gs_v4d a, gs_v4d b, gs_v4d c)
{
  return (gs_v4d) _mm256_fmadd_pd ((__m256d) a, (__m256d) b, (__m256d) c);
}

__attribute__ ((target ("avx512f"))) static inline gs_v8d
fma_avx512 (gs_v8d a, gs_v8d b, gs_v8d c)
{
  return (gs_v8d) _mm512_fmadd_pd ((__m512d) a, (__m512d) b, (__m512d) c);
}
#endif

/* FN (d, a, out, rows, cols, sums): out ← d ⊙ (1 − a²) over a rows × cols
 * matrix of T (vectors VT of W), sums += its column sums, row after row:
 * gs_blas_tanh_grad and gs_blas_tanh_gradf */
#define DEFINE_TANH_GRAD(FN, ATTR, T, VT, W)                                    \
  ATTR static void                                                              \
  FN (const T *d, const T *a, T *out, guint rows, guint cols, T *sums)          \
  {                                                                             \
    /* blocks of 8 rows (in L1), down each block a vector of columns at a       \
     * time with its sums in a register; each column still summed row after     \
     * row */                                                                   \
    for (guint i0 = 0; i0 < rows; i0 += 8)                                      \
      {                                                                         \
        guint i1 = MIN (i0 + 8, rows);                                          \
        guint j = 0;                                                            \
                                                                                \
        for (; j + W <= cols; j += W)                                           \
          {                                                                     \
            VT dv, av, sv;                                                      \
                                                                                \
            memcpy (&sv, sums + j, sizeof sv);                                  \
            for (guint i = i0; i < i1; i++)                                     \
              {                                                                 \
                gsize at = (gsize) i * cols + j;                                \
                                                                                \
                memcpy (&dv, d + at, sizeof dv);                                \
                memcpy (&av, a + at, sizeof av);                                \
                dv = dv * ((T) 1 - av * av);                                    \
                sv = sv + dv;                                                   \
                memcpy (out + at, &dv, sizeof dv);                              \
              }                                                                 \
            memcpy (sums + j, &sv, sizeof sv);                                  \
          }                                                                     \
        for (; j < cols; j++)                                                   \
          for (guint i = i0; i < i1; i++)                                       \
            {                                                                   \
              gsize at = (gsize) i * cols + j;                                  \
                                                                                \
              out[at] = d[at] * ((T) 1 - a[at] * a[at]);                        \
              sums[j] += out[at];                                               \
            }                                                                   \
      }                                                                         \
  }

/* NAME##_tanh (x): the formula above on one vector; NAME##_bias_tanh and
 * NAME##_tanh_grad: the loops of gs_blas_bias_tanh and gs_blas_tanh_grad. */
#define DEFINE_TANH(NAME, ATTR, VT, IT, W, FMA)                                 \
  ATTR static inline VT                                                         \
  NAME##_select (IT mask, VT a, VT b)   /* mask ? a : b, lane by lane */        \
  {                                                                             \
    IT ia, ib;                                                                  \
                                                                                \
    memcpy (&ia, &a, sizeof ia);                                                \
    memcpy (&ib, &b, sizeof ib);                                                \
    ia = (mask & ia) | (~mask & ib);                                            \
    memcpy (&a, &ia, sizeof a);                                                 \
    return a;                                                                   \
  }                                                                             \
                                                                                \
  ATTR static inline VT                                                         \
  NAME##_tanh (VT x)                                                            \
  {                                                                             \
    const VT zero = { 0 };                                                      \
    IT bits, sign;                                                              \
    VT y, k, r, s, u, v, rv, p2, num, den;                                      \
                                                                                \
    memcpy (&bits, &x, sizeof bits);                                            \
    sign = bits & G_MININT64;                                                   \
    bits ^= sign;                                                               \
    memcpy (&y, &bits, sizeof y);                                               \
    y = y + y;                                               /* 2|x| */         \
    /* NaN compares false and stays NaN */                                      \
    y = NAME##_select (y > GS_TANH_Y_MAX, zero + GS_TANH_Y_MAX, y);             \
    k = FMA (y, zero + GS_LOG2_E, zero + GS_ROUND_MAGIC);    /* q = round(y/ln2) */ \
    memcpy (&bits, &k, sizeof bits);                                            \
    k = k - GS_ROUND_MAGIC;                                                     \
    r = FMA (-k, zero + GS_LN2_HI, y);                       /* r = y − q·ln2 */ \
    r = FMA (-k, zero + GS_LN2_LO, r);                                          \
    s = r * r;                                                                  \
    u = FMA (FMA (s + 840.0, s, zero + 75600.0), s, zero + 665280.0);   /* U */ \
    v = FMA (FMA (zero + 42.0, s, zero + 10080.0), s, zero + 332640.0); /* V */ \
    rv = r * v;                                                                 \
    /* 2^q from q's bits: (q + 1023) << 52 */                                   \
    bits = (bits - G_GINT64_CONSTANT (0x4338000000000000) + 1023) << 52;        \
    memcpy (&p2, &bits, sizeof p2);                                             \
    num = FMA (p2 - 1.0, u, (p2 + 1.0) * rv);                /* 2^q·P − Q */    \
    den = FMA (p2 + 1.0, u, (p2 - 1.0) * rv);                /* 2^q·P + Q */    \
    num = num / den;                                                            \
    memcpy (&bits, &num, sizeof bits);                                          \
    bits |= sign;                                                               \
    memcpy (&num, &bits, sizeof num);                                           \
    return num;                                                                 \
  }                                                                             \
                                                                                \
  ATTR static void                                                              \
  NAME##_bias_tanh (double *a, const double *b, guint rows, guint cols)         \
  {                                                                             \
    for (guint i = 0; i < rows; i++)                                            \
      {                                                                         \
        double *row = a + (gsize) i * cols;                                     \
        guint j = 0;                                                            \
        VT x, c;                                                                \
                                                                                \
        for (; j + W <= cols; j += W)                                           \
          {                                                                     \
            memcpy (&x, row + j, sizeof x);                                     \
            if (b != NULL)                                                      \
              {                                                                 \
                memcpy (&c, b + j, sizeof c);                                   \
                x = x + c;                                                      \
              }                                                                 \
            x = NAME##_tanh (x);                                                \
            memcpy (row + j, &x, sizeof x);                                     \
          }                                                                     \
        if (j < cols)                                                           \
          {                                                                     \
            double pad[W] = { 0 };                                              \
                                                                                \
            for (guint t = 0; t < cols - j; t++)                                \
              pad[t] = b != NULL ? row[j + t] + b[j + t] : row[j + t];          \
            memcpy (&x, pad, sizeof x);                                         \
            x = NAME##_tanh (x);                                                \
            memcpy (pad, &x, sizeof x);                                         \
            memcpy (row + j, pad, sizeof (double) * (cols - j));                \
          }                                                                     \
      }                                                                         \
  }                                                                             \
                                                                                \
  DEFINE_TANH_GRAD (NAME##_tanh_grad, ATTR, double, VT, W)

DEFINE_TANH (tanh_base, , gs_v2d, gs_v2i, 2, fma_base)
#ifdef GS_HAVE_X86
DEFINE_TANH (tanh_avx2, __attribute__ ((target ("avx2,fma"))), gs_v4d, gs_v4i, 4, fma_avx2)
DEFINE_TANH (tanh_avx512, __attribute__ ((target ("avx512f"))), gs_v8d, gs_v8i, 8, fma_avx512)
#endif

typedef enum
{
  GS_VECTOR_BASE,
  GS_VECTOR_AVX2,
  GS_VECTOR_AVX512,
} GsVectorLevel;

/* The widest vectors this CPU runs, found once */
static GsVectorLevel
vector_level (void)
{
  static gsize level = 0;   /* GsVectorLevel + 1 once known */

  if (g_once_init_enter (&level))
    {
      GsVectorLevel found = GS_VECTOR_BASE;

#ifdef GS_HAVE_X86
      if (__builtin_cpu_supports ("avx512f"))
        found = GS_VECTOR_AVX512;
      else if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma"))
        found = GS_VECTOR_AVX2;
#endif
      g_once_init_leave (&level, (gsize) found + 1);
    }
  return (GsVectorLevel) (level - 1);
}

/* The build of a kernel this CPU runs: F512 (AVX-512), F256 (AVX2 + FMA)
 * or FBASE, called with ARGS (parenthesized), then return */
#ifdef GS_HAVE_X86
#define DISPATCH(F512, F256, FBASE, ARGS)                                       \
  switch (vector_level ())                                                      \
    {                                                                           \
    case GS_VECTOR_AVX512:                                                      \
      F512 ARGS;                                                                \
      return;                                                                   \
    case GS_VECTOR_AVX2:                                                        \
      F256 ARGS;                                                                \
      return;                                                                   \
    case GS_VECTOR_BASE:                                                        \
    default:                                                                    \
      FBASE ARGS;                                                               \
      return;                                                                   \
    }
#else
#define DISPATCH(F512, F256, FBASE, ARGS) \
  do { FBASE ARGS; return; } while (0)
#endif

guint
gs_blas_vector_width (void)
{
  static const guint widths[] = { 2, 4, 8 };

  return widths[vector_level ()];
}

void
gs_blas_bias_tanh_width (guint width, double *a, const double *b, guint rows, guint cols)
{
  switch (width)
    {
#ifdef GS_HAVE_X86
    case 8:
      g_return_if_fail (vector_level () >= GS_VECTOR_AVX512);
      tanh_avx512_bias_tanh (a, b, rows, cols);
      return;
    case 4:
      g_return_if_fail (vector_level () >= GS_VECTOR_AVX2);
      tanh_avx2_bias_tanh (a, b, rows, cols);
      return;
#endif
    case 2:
      tanh_base_bias_tanh (a, b, rows, cols);
      return;
    default:
      g_return_if_reached ();
    }
}

void
gs_blas_bias_tanh (double *a, const double *b, guint rows, guint cols)
{
  DISPATCH (tanh_avx512_bias_tanh, tanh_avx2_bias_tanh, tanh_base_bias_tanh,
            (a, b, rows, cols));
}

void
gs_blas_tanh_grad (const double *d, const double *a, double *out, guint rows, guint cols,
                   double *sums)
{
  DISPATCH (tanh_avx512_tanh_grad, tanh_avx2_tanh_grad, tanh_base_tanh_grad,
            (d, a, out, rows, cols, sums));
}

/* ---- MLP kernels in float32 ----------------------------------------------
 *
 * A network trained in float32 (as PyTorch trains by default) goes
 * through these: tanh as gs-tanhf.h has it (a few ulp in float), with
 * multiply-adds fused where the compiler likes; nothing here is matched
 * bit for bit across vector widths. */

#include "gs-tanhf.h"

typedef float gs_v4f __attribute__ ((vector_size (16)));
typedef gint32 gs_v4fi __attribute__ ((vector_size (16)));
typedef float gs_v16f __attribute__ ((vector_size (64)));
typedef gint32 gs_v16fi __attribute__ ((vector_size (64)));
typedef float gs_v8f __attribute__ ((vector_size (32)));
typedef gint32 gs_v8fi __attribute__ ((vector_size (32)));

#define GS_FAST __attribute__ ((optimize ("fp-contract=fast")))

#define DEFINE_TANHF_KERNELS(SFX, ATTR, VF, VI, W)                              \
  GS_DEFINE_TANHF (SFX, ATTR, VF, VI, W)                                           \
                                                                                \
  ATTR static void                                                              \
  bias_tanhf_##SFX (float *a, const float *b, guint rows, guint cols)           \
  {                                                                             \
    for (guint i = 0; i < rows; i++)                                            \
      {                                                                         \
        float *row = a + (gsize) i * cols;                                      \
        guint j = 0;                                                            \
        VF x, c;                                                                \
                                                                                \
        for (; j + W <= cols; j += W)                                           \
          {                                                                     \
            memcpy (&x, row + j, sizeof x);                                     \
            if (b != NULL)                                                      \
              {                                                                 \
                memcpy (&c, b + j, sizeof c);                                   \
                x = x + c;                                                      \
              }                                                                 \
            x = gs_tanhf_v_##SFX (x);                                           \
            memcpy (row + j, &x, sizeof x);                                     \
          }                                                                     \
        for (; j < cols; j++)                                                   \
          row[j] = gs_tanhf (b != NULL ? row[j] + b[j] : row[j]);               \
      }                                                                         \
  }                                                                             \
                                                                                \
  DEFINE_TANH_GRAD (tanh_gradf_##SFX, ATTR, float, VF, W)

DEFINE_TANHF_KERNELS (base, GS_FAST, gs_v4f, gs_v4fi, 4)
#ifdef GS_HAVE_X86
DEFINE_TANHF_KERNELS (avx2, GS_FAST __attribute__ ((target ("avx2,fma"))), gs_v8f, gs_v8fi, 8)
DEFINE_TANHF_KERNELS (avx512, GS_FAST __attribute__ ((target ("avx512f"))), gs_v16f,
                      gs_v16fi, 16)
#endif

void
gs_blas_bias_tanhf (float *a, const float *b, guint rows, guint cols)
{
  DISPATCH (bias_tanhf_avx512, bias_tanhf_avx2, bias_tanhf_base, (a, b, rows, cols));
}

void
gs_blas_tanh_gradf (const float *d, const float *a, float *out, guint rows, guint cols,
                    float *sums)
{
  DISPATCH (tanh_gradf_avx512, tanh_gradf_avx2, tanh_gradf_base, (d, a, out, rows, cols, sums));
}

/* ---- float64 ⇄ float32 ------------------------------------------------------ */

#define DEFINE_CONVERT(SFX, ATTR, W)                                            \
  ATTR static void                                                              \
  narrow_##SFX (const double *x, float *out, gsize n)                           \
  {                                                                             \
    typedef double VD __attribute__ ((vector_size (W * 8)));                    \
    typedef float VF __attribute__ ((vector_size (W * 4)));                     \
    gsize i = 0;                                                                \
                                                                                \
    for (; i + W <= n; i += W)                                                  \
      {                                                                         \
        VD d;                                                                   \
        VF f;                                                                   \
        memcpy (&d, x + i, sizeof d);                                           \
        f = __builtin_convertvector (d, VF);                                    \
        memcpy (out + i, &f, sizeof f);                                         \
      }                                                                         \
    for (; i < n; i++)                                                          \
      out[i] = (float) x[i];                                                    \
  }                                                                             \
                                                                                \
  ATTR static void                                                              \
  widen_##SFX (const float *x, double *out, gsize n)                            \
  {                                                                             \
    typedef double VD __attribute__ ((vector_size (W * 8)));                    \
    typedef float VF __attribute__ ((vector_size (W * 4)));                     \
    gsize i = 0;                                                                \
                                                                                \
    for (; i + W <= n; i += W)                                                  \
      {                                                                         \
        VD d;                                                                   \
        VF f;                                                                   \
        memcpy (&f, x + i, sizeof f);                                           \
        d = __builtin_convertvector (f, VD);                                    \
        memcpy (out + i, &d, sizeof d);                                         \
      }                                                                         \
    for (; i < n; i++)                                                          \
      out[i] = x[i];                                                            \
  }

DEFINE_CONVERT (base, , 2)
#ifdef GS_HAVE_X86
DEFINE_CONVERT (avx512, __attribute__ ((target ("avx512f"))), 8)
#endif

void
gs_blas_narrow (const double *x, float *out, gsize n)
{
#ifdef GS_HAVE_X86
  if (vector_level () == GS_VECTOR_AVX512)
    {
      narrow_avx512 (x, out, n);
      return;
    }
#endif
  narrow_base (x, out, n);
}

void
gs_blas_widen (const float *x, double *out, gsize n)
{
#ifdef GS_HAVE_X86
  if (vector_level () == GS_VECTOR_AVX512)
    {
      widen_avx512 (x, out, n);
      return;
    }
#endif
  widen_base (x, out, n);
}
