/* gs-blas.h — the one seam to OpenBLAS: every gemv/gemm of the engine goes
 * through here, so the math elsewhere reads as math. Row-major throughout. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* y ← α·A·x + β·y, A is rows × cols with leading dimension lda */
void   gs_blas_gemv   (guint rows, guint cols, double alpha, const double *a,
                       guint lda, const double *x, double beta, double *y);
/* y ← α·Aᵀ·x + β·y, A is rows × cols, so y has cols entries */
void   gs_blas_gemv_t (guint rows, guint cols, double alpha, const double *a,
                       guint lda, const double *x, double beta, double *y);
/* C ← α·op(A)·op(B) + β·C, C is m × n, op(A) m × k, op(B) k × n; op(X) is
 * X or Xᵀ as trans_a / trans_b say; lda, ldb, ldc are the row lengths of
 * A, B and C as stored */
void   gs_blas_gemm   (gboolean trans_a, gboolean trans_b, guint m, guint n,
                       guint k, double alpha, const double *a, guint lda,
                       const double *b, guint ldb, double beta, double *c,
                       guint ldc);
double gs_blas_dot    (guint n, const double *x, const double *y);
double gs_blas_nrm2   (guint n, const double *x);
/* What gs_blas_model_pass makes of each row's z = x·θ and target y:
 * the loss term, and r = ∂term/∂z. */
typedef enum
{
  GS_BLAS_SQUARED_ERROR,   /* r = z − y, term r² */
  GS_BLAS_LOGISTIC,        /* BCE with logits: r = σ(z) − y */
} GsBlasResidual;

/* One fused pass over the rows of X (n_rows × cols, row-major; rows lists
 * the rows to use, NULL for 0…n−1): z = x·θ, the residual, and g += r·x
 * while the row is still in L1, so X streams from memory once, in address
 * order. Returns the sum of the loss terms. g must be zeroed by the caller;
 * g NULL: no gradient. correct (not NULL): the rows where [z > 0] is the
 * label y = 1 (GS_BLAS_LOGISTIC; 0 otherwise). */
double gs_blas_model_pass (GsBlasResidual kind, const double *x, const double *y,
                           const guint *rows, guint n, guint cols,
                           const double *theta, double *g, guint *correct);
/* The float32 gemm, as gs_blas_gemm (pictures need no float64). */
void   gs_blas_sgemm  (gboolean trans_a, gboolean trans_b, guint m, guint n,
                       guint k, float alpha, const float *a, guint lda,
                       const float *b, guint ldb, float beta, float *c,
                       guint ldc);
/* LAPACK's dsyevd: the eigenvalues of the symmetric n × n matrix a
 * (row-major, its upper triangle read) into w, ascending, and a is
 * overwritten with the eigenvectors as its columns. FALSE when LAPACK
 * fails (info ≠ 0). */
gboolean gs_lapack_syevd (guint n, double *a, double *w);
/* a[i][j] ← tanh(a[i][j] + b[j]) over a rows × cols matrix (row-major; b
 * NULL: no bias), vectorized: under 3 ulp from the correctly rounded
 * tanh, the same bits for every vector width (gs-blas.c). */
void   gs_blas_bias_tanh (double *a, const double *b, guint rows, guint cols);
/* out ← d ⊙ (1 − a²) over a rows × cols matrix: δ back through a = tanh(z),
 * out may be d or a; and sums[j] += Σ_i out[i][j] (the bias gradient),
 * added row after row */
void   gs_blas_tanh_grad (const double *d, const double *a, double *out, guint rows,
                          guint cols, double *sums);
/* The same two in float32 (for a network trained in float32): tanh
 * within a few ulp in float (gs-tanhf.h), not matched across widths. */
void   gs_blas_bias_tanhf (float *a, const float *b, guint rows, guint cols);
void   gs_blas_tanh_gradf (const float *d, const float *a, float *out, guint rows,
                           guint cols, float *sums);
/* out[i] ← (float) x[i], and back (exact), vectorized */
void   gs_blas_narrow     (const double *x, float *out, gsize n);
void   gs_blas_widen      (const float *x, double *out, gsize n);
/* Doubles per vector the kernels above use on this CPU (2, 4 or 8), and
 * gs_blas_bias_tanh with a given width, one this CPU runs (for tests). */
guint  gs_blas_vector_width (void);
void   gs_blas_bias_tanh_width (guint width, double *a, const double *b, guint rows,
                                guint cols);
/* Limit OpenBLAS to one thread: the engine runs its own threads. */
void   gs_blas_init   (void);

G_END_DECLS
