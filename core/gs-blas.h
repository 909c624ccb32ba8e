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
/* Limit OpenBLAS to one thread: the engine runs its own threads. */
void   gs_blas_init   (void);

G_END_DECLS
