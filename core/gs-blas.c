/* gs-blas.c */
#include "gs-blas.h"

#include <cblas.h>

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
