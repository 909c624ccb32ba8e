/* gs-optimizer.h — the optimizer table and PyTorch-exact update rules */
#pragma once

#include <glib.h>

#include "gs-param.h"

G_BEGIN_DECLS

typedef struct _GsOptimizerInfo GsOptimizerInfo;

typedef struct
{
  guint64 t;            /* updates done so far */
  guint   n;            /* coordinates of θ */
  gboolean has_buf;     /* sgd: the momentum buffer holds a value */
  double  mu_product;   /* nadam: Π_t = μ_1·…·μ_t (Π_0 = 1) */
  double  saturated[2]; /* the β1, β2 whose 1 − βᵗ has rounded to 1 (NAN: none) */
  double *s[4];         /* state vectors, n doubles each, zero at t = 0 */
  double  data[];       /* storage of s[] */
} GsOptimizerState;

typedef void     (*GsOptimizerStep)  (const GsParamValues *hp, GsOptimizerState *st,
                                      double lr, double *theta, const double *grad);
typedef gboolean (*GsOptimizerCheck) (const GsParamValues *hp, char **message);

struct _GsOptimizerInfo
{
  const char        *name;      /* "adam", as in torch.optim (lowercase) */
  const char        *title;     /* "Adam"; marked N_(): show _(title) */
  const char        *summary;   /* one line; marked N_(): show _(summary) */
  const GsParamSpec *params;    /* params[0] is always "lr" */
  guint              n_params;
  GsOptimizerStep    step;
  GsOptimizerCheck   check;     /* relations between parameters, may be NULL */
};

const GsOptimizerInfo *gs_optimizers       (guint *n_optimizers);
const GsOptimizerInfo *gs_optimizer_lookup (const char *name);

/* Validates every value and the relations between them; the message is
 * translated. */
gboolean gs_optimizer_check (const GsOptimizerInfo *info, const GsParamValues *hp,
                             char **message);

GsOptimizerState *gs_optimizer_state_new   (const GsOptimizerInfo *info,
                                            const GsParamValues *hp, guint n);
void              gs_optimizer_state_reset (GsOptimizerState *st,
                                            const GsOptimizerInfo *info,
                                            const GsParamValues *hp);
GsOptimizerState *gs_optimizer_state_copy  (const GsOptimizerState *st);
void              gs_optimizer_state_free  (GsOptimizerState *st);

/* One update θ ← θ − …, with lr replacing the configured lr (schedules). */
void gs_optimizer_step (const GsOptimizerInfo *info, const GsParamValues *hp,
                        GsOptimizerState *st, double lr, double *theta,
                        const double *grad);

G_END_DECLS
