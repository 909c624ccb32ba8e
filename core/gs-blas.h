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
double gs_blas_dot    (guint n, const double *x, const double *y);
double gs_blas_nrm2   (guint n, const double *x);
/* Limit OpenBLAS to one thread: the engine runs its own threads. */
void   gs_blas_init   (void);

G_END_DECLS
