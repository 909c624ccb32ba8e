/* gs-optimizer.c — torch.optim's update rules, formula by formula.
 *
 * Each update is written in the order PyTorch evaluates it (in-place mul_
 * then add_, addcmul as self + value·t1·t2, addcdiv as self + value·t1/t2),
 * so results match torch.optim in float64 to the last bit where the
 * formulas are the same. */
#include "gs-optimizer.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#define INF INFINITY

/* TRANSLATORS: "invalid … value" are PyTorch's messages for a parameter out
   of range; the name in them (weight_decay, eps) is the parameter's name in
   experiment files and stays as it is */
#define LR(def) \
  { "lr", GS_PARAM_DOUBLE, { def, 0 }, 0, INF, TRUE, FALSE, TRUE, \
    N_("invalid learning rate"), N_("learning rate") }
#define WD(def) \
  { "weight_decay", GS_PARAM_DOUBLE, { def, 0 }, 0, INF, FALSE, FALSE, FALSE, \
    N_("invalid weight_decay value"), N_("weight decay coupled as g ← g + wd·θ") }
#define EPS(def) \
  { "eps", GS_PARAM_DOUBLE, { def, 0 }, 0, INF, TRUE, FALSE, TRUE, \
    N_("invalid epsilon value"), N_("term added to the denominator for stability") }
#define BETAS \
  { "betas", GS_PARAM_PAIR, { 0.9, 0.999 }, 0, 1, FALSE, TRUE, FALSE, \
    N_("invalid beta parameter"), N_("decay rates (β1, β2) of the first and second moments") }
#define AMSGRAD \
  { "amsgrad", GS_PARAM_BOOL, { 0, 0 }, 0, 1, FALSE, FALSE, FALSE, \
    N_("invalid amsgrad value"), N_("use the running maximum of v (AMSGrad)") }

/* ---- SGD ----------------------------------------------------------------- */

enum { SGD_LR, SGD_MOMENTUM, SGD_DAMPENING, SGD_NESTEROV, SGD_WD };

static const GsParamSpec sgd_params[] = {
  LR (NAN),
  { "momentum", GS_PARAM_DOUBLE, { 0, 0 }, 0, INF, FALSE, FALSE, FALSE,
    N_("invalid momentum value"), N_("momentum factor μ") },
  { "dampening", GS_PARAM_DOUBLE, { 0, 0 }, 0, 1, FALSE, FALSE, FALSE,
    N_("invalid dampening value"), N_("dampening of the momentum buffer") },
  { "nesterov", GS_PARAM_BOOL, { 0, 0 }, 0, 1, FALSE, FALSE, FALSE,
    N_("invalid nesterov value"), N_("Nesterov momentum (needs μ > 0, dampening 0)") },
  WD (0),
};

static gboolean
sgd_check (const GsParamValues *hp, char **message)
{
  const double (*v)[2] = hp->values;

  if (v[SGD_NESTEROV][0] != 0 && (v[SGD_MOMENTUM][0] <= 0 || v[SGD_DAMPENING][0] != 0))
    {
      *message = g_strdup (_("Nesterov momentum requires a momentum and zero dampening"));
      return FALSE;
    }
  return TRUE;
}

static void
sgd_step (const GsParamValues *hp, GsOptimizerState *st, double lr,
          double *theta, const double *grad)
{
  const double (*v)[2] = hp->values;
  double mu = v[SGD_MOMENTUM][0];
  double dampening = v[SGD_DAMPENING][0];
  gboolean nesterov = v[SGD_NESTEROV][0] != 0;
  double wd = v[SGD_WD][0];
  double *b = st->s[0];
  gboolean first = !st->has_buf;

  for (guint i = 0; i < st->n; i++)
    {
      double g = grad[i];

      if (wd != 0)
        g = g + wd * theta[i];                    /* g ← g + wd·θ */
      if (mu != 0)
        {
          if (first)
            b[i] = g;                             /* b ← g */
          else
            b[i] = b[i] * mu + (1 - dampening) * g;  /* b ← μ·b + (1−τ)·g */
          g = nesterov ? g + mu * b[i] : b[i];    /* g ← g + μ·b  |  b */
        }
      theta[i] = theta[i] - lr * g;               /* θ ← θ − lr·g */
    }
  if (mu != 0)
    st->has_buf = TRUE;
}

/* ---- Adagrad --------------------------------------------------------------- */

enum { ADAGRAD_LR, ADAGRAD_LR_DECAY, ADAGRAD_WD, ADAGRAD_IAV, ADAGRAD_EPS };

static const GsParamSpec adagrad_params[] = {
  LR (0.01),
  { "lr_decay", GS_PARAM_DOUBLE, { 0, 0 }, 0, INF, FALSE, FALSE, FALSE,
    N_("invalid lr_decay value"), "clr = lr / (1 + (t−1)·lr_decay)" },
  WD (0),
  { "initial_accumulator_value", GS_PARAM_DOUBLE, { 0, 0 }, 0, INF, FALSE, FALSE, FALSE,
    N_("invalid initial_accumulator_value value"), N_("starting value of the sum of squares s") },
  EPS (1e-10),
};

static void
adagrad_step (const GsParamValues *hp, GsOptimizerState *st, double lr,
              double *theta, const double *grad)
{
  const double (*v)[2] = hp->values;
  double wd = v[ADAGRAD_WD][0];
  double eps = v[ADAGRAD_EPS][0];
  double *s = st->s[0];
  double clr;

  if (st->t == 1)
    for (guint i = 0; i < st->n; i++)
      s[i] = v[ADAGRAD_IAV][0];

  clr = lr / (1 + (double) (st->t - 1) * v[ADAGRAD_LR_DECAY][0]);
  for (guint i = 0; i < st->n; i++)
    {
      double g = grad[i];

      if (wd != 0)
        g = g + wd * theta[i];
      s[i] = s[i] + g * g;                        /* s ← s + g² */
      theta[i] = theta[i] - clr * g / (sqrt (s[i]) + eps);  /* θ ← θ − clr·g/(√s + ε) */
    }
}

/* ---- RMSprop --------------------------------------------------------------- */

enum { RMS_LR, RMS_ALPHA, RMS_EPS, RMS_WD, RMS_MOMENTUM, RMS_CENTERED };

static const GsParamSpec rmsprop_params[] = {
  LR (0.01),
  { "alpha", GS_PARAM_DOUBLE, { 0.99, 0 }, 0, 1, FALSE, FALSE, FALSE,
    N_("invalid alpha value"), N_("smoothing constant α of the squared-gradient average") },
  EPS (1e-8),
  WD (0),
  { "momentum", GS_PARAM_DOUBLE, { 0, 0 }, 0, INF, FALSE, FALSE, FALSE,
    N_("invalid momentum value"), N_("momentum factor μ") },
  { "centered", GS_PARAM_BOOL, { 0, 0 }, 0, 1, FALSE, FALSE, FALSE,
    N_("invalid centered value"), N_("divide by the estimated variance instead of v") },
};

static void
rmsprop_step (const GsParamValues *hp, GsOptimizerState *st, double lr,
              double *theta, const double *grad)
{
  const double (*v)[2] = hp->values;
  double alpha = v[RMS_ALPHA][0];
  double eps = v[RMS_EPS][0];
  double wd = v[RMS_WD][0];
  double mu = v[RMS_MOMENTUM][0];
  gboolean centered = v[RMS_CENTERED][0] != 0;
  double *sq = st->s[0], *gavg = st->s[1], *b = st->s[2];

  for (guint i = 0; i < st->n; i++)
    {
      double g = grad[i];
      double d;

      if (wd != 0)
        g = g + wd * theta[i];
      sq[i] = sq[i] * alpha + (1 - alpha) * g * g;      /* v ← α·v + (1−α)·g² */
      if (centered)
        {
          gavg[i] = gavg[i] * alpha + (1 - alpha) * g;  /* ḡ ← α·ḡ + (1−α)·g */
          d = sqrt (sq[i] - gavg[i] * gavg[i]) + eps;   /* d = √(v − ḡ²) + ε */
        }
      else
        d = sqrt (sq[i]) + eps;                         /* d = √v + ε */
      if (mu > 0)
        {
          b[i] = b[i] * mu + g / d;                     /* b ← μ·b + g/d */
          theta[i] = theta[i] - lr * b[i];
        }
      else
        theta[i] = theta[i] - lr * g / d;
    }
}

/* ---- Adadelta --------------------------------------------------------------- */

enum { ADADELTA_LR, ADADELTA_RHO, ADADELTA_EPS, ADADELTA_WD };

static const GsParamSpec adadelta_params[] = {
  LR (1.0),
  { "rho", GS_PARAM_DOUBLE, { 0.9, 0 }, 0, 1, FALSE, FALSE, FALSE,
    N_("invalid rho value"), N_("decay ρ of the running averages") },
  EPS (1e-6),
  WD (0),
};

static void
adadelta_step (const GsParamValues *hp, GsOptimizerState *st, double lr,
               double *theta, const double *grad)
{
  const double (*v)[2] = hp->values;
  double rho = v[ADADELTA_RHO][0];
  double eps = v[ADADELTA_EPS][0];
  double wd = v[ADADELTA_WD][0];
  double *sq = st->s[0], *acc = st->s[1];

  for (guint i = 0; i < st->n; i++)
    {
      double g = grad[i];
      double delta;

      if (wd != 0)
        g = g + wd * theta[i];
      sq[i] = sq[i] * rho + (1 - rho) * g * g;               /* v ← ρ·v + (1−ρ)·g² */
      delta = sqrt (acc[i] + eps) / sqrt (sq[i] + eps) * g;  /* δ = √(u+ε)/√(v+ε)·g */
      acc[i] = acc[i] * rho + (1 - rho) * delta * delta;     /* u ← ρ·u + (1−ρ)·δ² */
      theta[i] = theta[i] - lr * delta;
    }
}

/* 1 − βᵗ. βᵗ only shrinks as t grows, so once the difference has rounded
 * to exactly 1 it stays 1: the result is remembered per β and pow() — whose
 * underflow path is slow — is not called again. Bit-identical to calling it. */
static double
bias_correction (GsOptimizerState *st, guint which, double beta, double t)
{
  double bc;

  if (beta == st->saturated[which])
    return 1.0;
  bc = 1 - pow (beta, t);
  if (bc == 1.0)
    st->saturated[which] = beta;
  return bc;
}

/* ---- Adam, AdamW ------------------------------------------------------------- */

enum { ADAM_LR, ADAM_BETAS, ADAM_EPS, ADAM_WD, ADAM_AMSGRAD };

static const GsParamSpec adam_params[] = {
  LR (0.001), BETAS, EPS (1e-8), WD (0), AMSGRAD,
};

static const GsParamSpec adamw_params[] = {
  LR (0.001), BETAS, EPS (1e-8),
  { "weight_decay", GS_PARAM_DOUBLE, { 0.01, 0 }, 0, INF, FALSE, FALSE, FALSE,
    N_("invalid weight_decay value"), N_("decoupled decay θ ← θ·(1 − lr·wd)") },
  AMSGRAD,
};

/* adam_update without weight decay or AMSGrad, every run's common case, in
 * a loop the compiler vectorizes (restrict, a trip count that is a multiple
 * of 8, one build per vector width): the same IEEE operations in the same
 * order, so the same bits as the scalar loop, at a fraction of its time
 * (an MLP's thousands of parameters made this loop's sqrt and divisions a
 * tenth of a training step). */
#if defined(__x86_64__) && defined(__has_attribute)
#if __has_attribute (target_clones)
__attribute__ ((target_clones ("avx512f", "avx2", "default")))
#endif
#endif
static void
adam_plain (guint n, double *restrict theta, const double *restrict grad,
            double *restrict m, double *restrict sq, double beta1, double beta2,
            double eps, double step_size, double bc2_sqrt)
{
  guint n8 = n & ~7u;
  guint i;

  for (i = 0; i < n8; i++)
    {
      double g = grad[i];

      m[i] = m[i] * beta1 + (1 - beta1) * g;
      sq[i] = sq[i] * beta2 + (1 - beta2) * g * g;
      theta[i] = theta[i] - step_size * m[i] / (sqrt (sq[i]) / bc2_sqrt + eps);
    }
  for (; i < n; i++)
    {
      double g = grad[i];

      m[i] = m[i] * beta1 + (1 - beta1) * g;
      sq[i] = sq[i] * beta2 + (1 - beta2) * g * g;
      theta[i] = theta[i] - step_size * m[i] / (sqrt (sq[i]) / bc2_sqrt + eps);
    }
}

static void
adam_update (const GsParamValues *hp, GsOptimizerState *st, double lr,
             double *theta, const double *grad, double wd)
{
  const double (*v)[2] = hp->values;
  double beta1 = v[ADAM_BETAS][0], beta2 = v[ADAM_BETAS][1];
  double eps = v[ADAM_EPS][0];
  gboolean amsgrad = v[ADAM_AMSGRAD][0] != 0;
  double *m = st->s[0], *sq = st->s[1], *vmax = st->s[2];
  double t = (double) st->t;
  double bc1 = bias_correction (st, 0, beta1, t);   /* bc1 = 1 − β1ᵗ */
  double bc2 = bias_correction (st, 1, beta2, t);   /* bc2 = 1 − β2ᵗ */
  double step_size = lr / bc1;
  double bc2_sqrt = sqrt (bc2);

  /* (a 2-D function's two coordinates: the inline loop below, cheaper
   * than the call through the vector-width dispatch) */
  if (wd == 0 && !amsgrad && st->n >= 8)
    {
      adam_plain (st->n, theta, grad, m, sq, beta1, beta2, eps, step_size, bc2_sqrt);
      return;
    }
  for (guint i = 0; i < st->n; i++)
    {
      double g = grad[i];
      double vhat, denom;

      if (wd != 0)
        g = g + wd * theta[i];
      m[i] = m[i] * beta1 + (1 - beta1) * g;    /* m ← β1·m + (1−β1)·g */
      sq[i] = sq[i] * beta2 + (1 - beta2) * g * g;  /* v ← β2·v + (1−β2)·g² */
      if (amsgrad)
        {
          /* v̂ ← max(v̂, v), NaN-propagating like torch.maximum */
          vmax[i] = isnan (sq[i]) || sq[i] > vmax[i] ? sq[i] : vmax[i];
          vhat = vmax[i];
        }
      else
        vhat = sq[i];
      denom = sqrt (vhat) / bc2_sqrt + eps;     /* √v̂/√bc2 + ε */
      theta[i] = theta[i] - step_size * m[i] / denom;
    }
}

static void
adam_step (const GsParamValues *hp, GsOptimizerState *st, double lr,
           double *theta, const double *grad)
{
  adam_update (hp, st, lr, theta, grad, hp->values[ADAM_WD][0]);
}

static void
adamw_step (const GsParamValues *hp, GsOptimizerState *st, double lr,
            double *theta, const double *grad)
{
  double decay = 1 - lr * hp->values[ADAM_WD][0];

  for (guint i = 0; i < st->n; i++)
    theta[i] = theta[i] * decay;                /* θ ← θ·(1 − lr·wd), decoupled */
  adam_update (hp, st, lr, theta, grad, 0.0);
}

/* ---- Adamax ------------------------------------------------------------------ */

enum { ADAMAX_LR, ADAMAX_BETAS, ADAMAX_EPS, ADAMAX_WD };

static const GsParamSpec adamax_params[] = {
  LR (0.002), BETAS, EPS (1e-8), WD (0),
};

static void
adamax_step (const GsParamValues *hp, GsOptimizerState *st, double lr,
             double *theta, const double *grad)
{
  const double (*v)[2] = hp->values;
  double beta1 = v[ADAMAX_BETAS][0], beta2 = v[ADAMAX_BETAS][1];
  double eps = v[ADAMAX_EPS][0];
  double wd = v[ADAMAX_WD][0];
  double *m = st->s[0], *u = st->s[1];
  double clr = lr / bias_correction (st, 0, beta1, (double) st->t);

  for (guint i = 0; i < st->n; i++)
    {
      double g = grad[i];
      double a, b;

      if (wd != 0)
        g = g + wd * theta[i];
      m[i] = m[i] * beta1 + (1 - beta1) * g;    /* m ← β1·m + (1−β1)·g */
      a = u[i] * beta2;
      b = fabs (g) + eps;
      u[i] = isnan (a) || a > b ? a : b;        /* u ← max(β2·u, |g| + ε) */
      theta[i] = theta[i] - clr * m[i] / u[i];
    }
}

/* ---- NAdam ------------------------------------------------------------------- */

enum { NADAM_LR, NADAM_BETAS, NADAM_EPS, NADAM_WD, NADAM_PSI };

static const GsParamSpec nadam_params[] = {
  LR (0.002), BETAS, EPS (1e-8), WD (0),
  { "momentum_decay", GS_PARAM_DOUBLE, { 0.004, 0 }, 0, INF, FALSE, FALSE, FALSE,
    N_("invalid momentum_decay value"), N_("ψ in μt = β1·(1 − 0.5·0.96^(t·ψ))") },
};

static void
nadam_step (const GsParamValues *hp, GsOptimizerState *st, double lr,
            double *theta, const double *grad)
{
  const double (*v)[2] = hp->values;
  double beta1 = v[NADAM_BETAS][0], beta2 = v[NADAM_BETAS][1];
  double eps = v[NADAM_EPS][0];
  double wd = v[NADAM_WD][0];
  double psi = v[NADAM_PSI][0];
  double *m = st->s[0], *sq = st->s[1];
  double t = (double) st->t;
  double bc2 = bias_correction (st, 1, beta2, t);
  double mu = beta1 * (1. - 0.5 * pow (0.96, t * psi));              /* μt */
  double mu_next = beta1 * (1. - 0.5 * pow (0.96, (t + 1) * psi));   /* μt+1 */
  double mu_product_next, c_grad, c_avg;

  st->mu_product = st->mu_product * mu;         /* Πt = Πt−1·μt */
  mu_product_next = st->mu_product * mu_next;
  c_grad = -lr * (1. - mu) / (1. - st->mu_product);
  c_avg = (-lr * mu_next) / (1. - mu_product_next);

  for (guint i = 0; i < st->n; i++)
    {
      double g = grad[i];
      double d;

      if (wd != 0)
        g = g + wd * theta[i];
      m[i] = m[i] * beta1 + (1 - beta1) * g;
      sq[i] = sq[i] * beta2 + (1 - beta2) * g * g;
      d = sqrt (sq[i] / bc2) + eps;             /* d = √(v/bc2) + ε */
      /* θ ← θ − lr·(1−μt)/(1−Πt)·g/d − lr·μt+1/(1−Πt·μt+1)·m/d */
      theta[i] = theta[i] + c_grad * g / d;
      theta[i] = theta[i] + c_avg * m[i] / d;
    }
}

/* ---- RAdam ------------------------------------------------------------------- */

enum { RADAM_LR, RADAM_BETAS, RADAM_EPS, RADAM_WD };

static const GsParamSpec radam_params[] = {
  LR (0.001), BETAS, EPS (1e-8), WD (0),
};

static void
radam_step (const GsParamValues *hp, GsOptimizerState *st, double lr,
            double *theta, const double *grad)
{
  const double (*v)[2] = hp->values;
  double beta1 = v[RADAM_BETAS][0], beta2 = v[RADAM_BETAS][1];
  double eps = v[RADAM_EPS][0];
  double wd = v[RADAM_WD][0];
  double *m = st->s[0], *sq = st->s[1];
  double t = (double) st->t;
  double bc1 = bias_correction (st, 0, beta1, t);
  double bc2 = 1 - pow (beta2, t);   /* β2ᵗ itself is needed for ρt */
  double rho_inf = 2 / (1 - beta2) - 1;                      /* ρ∞ */
  double rho_t = rho_inf - 2 * t * pow (beta2, t) / bc2;     /* ρt */
  double rect = 0.0;

  if (rho_t > 5.)
    rect = sqrt ((rho_t - 4) * (rho_t - 2) * rho_inf
                 / ((rho_inf - 4) * (rho_inf - 2) * rho_t));

  for (guint i = 0; i < st->n; i++)
    {
      double g = grad[i];
      double mhat;

      if (wd != 0)
        g = g + wd * theta[i];
      m[i] = m[i] * beta1 + (1 - beta1) * g;
      sq[i] = sq[i] * beta2 + (1 - beta2) * g * g;
      mhat = m[i] / bc1;
      if (rho_t > 5.)
        {
          /* torch writes sqrt(bc2) / (v.sqrt() + eps), a float over a
           * tensor, which Tensor.__rdiv__ computes as reciprocal() * float:
           * two roundings, not one division */
          double adaptive = (1.0 / (sqrt (sq[i]) + eps)) * sqrt (bc2);
          /* θ ← θ − ((m̂·lr)·√bc2/(√v+ε))·r, left to right as torch multiplies */
          theta[i] = theta[i] - mhat * lr * adaptive * rect;
        }
      else
        theta[i] = theta[i] - mhat * lr;        /* θ ← θ − lr·m̂ */
    }
}

/* ---- the table --------------------------------------------------------------- */

#define P(a) a, G_N_ELEMENTS (a)

static const GsOptimizerInfo optimizers[] = {
  /* TRANSLATORS: the optimizers' titles are their usual names (as in
     torch.optim), then a one-line summary */
  { "sgd", N_("SGD"), N_("gradient descent, with optional (Nesterov) momentum"),
    P (sgd_params), sgd_step, sgd_check },
  { "adagrad", N_("AdaGrad"),
    N_("per-coordinate steps shrinking with the sum of squared gradients"),
    P (adagrad_params), adagrad_step, NULL },
  { "rmsprop", N_("RMSprop"), N_("steps divided by a running RMS of the gradient"),
    P (rmsprop_params), rmsprop_step, NULL },
  { "adadelta", N_("Adadelta"), N_("unit-correct steps from running averages of g² and Δθ²"),
    P (adadelta_params), adadelta_step, NULL },
  { "adam", N_("Adam"), N_("momentum plus RMS scaling, bias-corrected"),
    P (adam_params), adam_step, NULL },
  { "adamw", N_("AdamW"), N_("Adam with decoupled weight decay"),
    P (adamw_params), adamw_step, NULL },
  { "adamax", N_("Adamax"), N_("Adam with the infinity norm"),
    P (adamax_params), adamax_step, NULL },
  { "nadam", N_("NAdam"), N_("Adam with Nesterov momentum"),
    P (nadam_params), nadam_step, NULL },
  { "radam", N_("RAdam"), N_("Adam with a rectified variance warm-up"),
    P (radam_params), radam_step, NULL },
};

const GsOptimizerInfo *
gs_optimizers (guint *n_optimizers)
{
  *n_optimizers = G_N_ELEMENTS (optimizers);
  return optimizers;
}

const GsOptimizerInfo *
gs_optimizer_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (optimizers); i++)
    if (g_str_equal (optimizers[i].name, name))
      return &optimizers[i];
  return NULL;
}

gboolean
gs_optimizer_check (const GsOptimizerInfo *info, const GsParamValues *hp,
                    char **message)
{
  for (guint i = 0; i < info->n_params; i++)
    {
      const GsParamSpec *spec = &info->params[i];
      guint n = spec->type == GS_PARAM_PAIR ? 2 : 1;

      if (isnan (hp->values[i][0]) && isnan (spec->def[0]) && !(hp->set & (1u << i)))
        {
          /* TRANSLATORS: "sgd needs a value for 'lr'": an optimizer's name and a
             parameter's, as written in experiment files */
          *message = g_strdup_printf (_("%s needs a value for '%s'"), info->name, spec->name);
          return FALSE;
        }
      for (guint c = 0; c < n; c++)
        if (!gs_param_check (spec, c, hp->values[i][c], message))
          return FALSE;
    }
  return info->check == NULL || info->check (hp, message);
}

GsOptimizerState *
gs_optimizer_state_new (const GsOptimizerInfo *info, const GsParamValues *hp,
                        guint n)
{
  GsOptimizerState *st = g_malloc0 (sizeof (GsOptimizerState)
                                    + sizeof (double) * 4 * (gsize) n);

  st->n = n;
  for (guint k = 0; k < 4; k++)
    st->s[k] = st->data + (gsize) k * n;
  gs_optimizer_state_reset (st, info, hp);
  return st;
}

void
gs_optimizer_state_reset (GsOptimizerState *st, const GsOptimizerInfo *info,
                          const GsParamValues *hp)
{
  st->t = 0;
  st->has_buf = FALSE;
  st->mu_product = 1.0;
  st->saturated[0] = st->saturated[1] = NAN;
  memset (st->data, 0, sizeof (double) * 4 * (gsize) st->n);
  /* Adagrad's sum of squares starts at initial_accumulator_value */
  if (info->step == adagrad_step)
    for (guint i = 0; i < st->n; i++)
      st->s[0][i] = hp->values[ADAGRAD_IAV][0];
}

GsOptimizerState *
gs_optimizer_state_copy (const GsOptimizerState *st)
{
  gsize size = sizeof (GsOptimizerState) + sizeof (double) * 4 * (gsize) st->n;
  GsOptimizerState *copy = g_memdup2 (st, size);

  for (guint k = 0; k < 4; k++)
    copy->s[k] = copy->data + (gsize) k * st->n;
  return copy;
}

void
gs_optimizer_state_free (GsOptimizerState *st)
{
  g_free (st);
}

void
gs_optimizer_step (const GsOptimizerInfo *info, const GsParamValues *hp,
                   GsOptimizerState *st, double lr, double *theta,
                   const double *grad)
{
  st->t++;                                      /* t counts updates from 1 */
  info->step (hp, st, lr, theta, grad);
}
