/* gs-landscape-private.h — the float32 MLP evaluator of gs-landscape.c */
#pragma once

#include "gs-landscape.h"

G_BEGIN_DECLS

/* What every node of one plane shares: the network's shape, its inputs in
 * float32 and, when it pays, the first layer's three products with the
 * inputs (Z1(a, b) = P0 + a·P1 + b·P2). Read-only once made, so any
 * number of threads evaluate with it, each with its own work. */
typedef struct _GsMlp32 GsMlp32;

/* NULL when the problem is no MLP (or a size would not fit). */
GsMlp32 *gs_mlp32_new     (GsProblem *problem, const GsPlane *plane);
void     gs_mlp32_free    (GsMlp32 *m);
/* Bytes of work one evaluation needs. */
gsize    gs_mlp32_work_size (const GsMlp32 *m);
/* The objective at θ(a, b): the data loss in float32 (summed in float64)
 * plus the penalty in float64. theta: n_params doubles of scratch. */
double   gs_mlp32_eval    (const GsMlp32 *m, const GsRegularization *reg, double a,
                           double b, double *theta, void *work);

/* tanh of n floats in place, vectorized (a rational approximation, a few
 * ulp): exported for the tests. */
void     gs_landscape_tanhf (float *x, gsize n);

G_END_DECLS
