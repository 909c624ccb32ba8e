/* gs-explain.c — the teaching panel's formulas, optimizer by optimizer,
 * in the notation of the PyTorch documentation (g the gradient, m and v
 * the moments, b a momentum buffer), the hyper-parameters' values put in. */
#include "gs-explain.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

char *
gs_explain_number (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  GString *s;

  if (isnan (v))
    return g_strdup ("NaN");
  if (isinf (v))
    return g_strdup (v > 0 ? "∞" : "−∞");
  g_ascii_formatd (buf, sizeof buf, "%.4g", v);
  s = g_string_new (buf);
  /* a real minus sign, and "1e-05" as 1·10⁻⁵ would be nicer but longer:
   * keep the e, lose the leading zeros of the exponent */
  g_string_replace (s, "-", "−", 0);
  g_string_replace (s, "e+0", "e", 0);
  g_string_replace (s, "e−0", "e−", 0);
  g_string_replace (s, "e+", "e", 0);
  return g_string_free (s, FALSE);
}

/* hp's value of the parameter called name (component c) */
static double
hp_get (const GsOptimizerInfo *info, const GsParamValues *hp, const char *name, guint c)
{
  for (guint i = 0; i < info->n_params; i++)
    if (g_str_equal (info->params[i].name, name))
      return hp->values[i][c];
  return NAN;
}

static GsExplainLine *
add_line (GsExplanation *e, const char *key, gboolean scalar, const double *v)
{
  GsExplainLine *l;

  /* every update has fewer lines than that; the last one is reused */
  g_warn_if_fail (e->n_lines < GS_EXPLAIN_MAX_LINES);
  if (e->n_lines == GS_EXPLAIN_MAX_LINES)
    g_free (e->lines[--e->n_lines].markup);
  l = &e->lines[e->n_lines++];
  l->key = key;
  l->scalar = scalar;
  l->value[0] = v[0];
  l->value[1] = e->n > 1 && !scalar ? v[1] : NAN;
  return l;
}

/* A vector line: the formula, then " = (v0, v1)" (", …" when θ has more) */
G_GNUC_PRINTF (4, 5) static void
vec (GsExplanation *e, const char *key, const double *v, const char *format, ...)
{
  GsExplainLine *l = add_line (e, key, FALSE, v);
  g_autofree char *formula = NULL;
  GString *s;
  va_list args;

  va_start (args, format);
  formula = g_strdup_vprintf (format, args);
  va_end (args);
  s = g_string_new (formula);
  g_string_append (s, " = (");
  for (guint i = 0; i < MIN (e->n, 2); i++)
    {
      g_autofree char *x = gs_explain_number (v[i]);
      g_string_append_printf (s, i ? ", %s" : "%s", x);
    }
  g_string_append (s, e->n > 2 ? ", …)" : ")");
  l->markup = g_string_free (s, FALSE);
}

/* A scalar line: the formula, then " = v" */
G_GNUC_PRINTF (4, 5) static void
scalar (GsExplanation *e, const char *key, double v, const char *format, ...)
{
  GsExplainLine *l = add_line (e, key, TRUE, &v);
  g_autofree char *formula = NULL;
  g_autofree char *x = gs_explain_number (v);
  va_list args;

  va_start (args, format);
  formula = g_strdup_vprintf (format, args);
  va_end (args);
  l->markup = g_strdup_printf ("%s = %s", formula, x);
}

/* numbers inside formulas */
#define N(v) gs_explain_number (v)

/* The first two coordinates of a = b op c, for display vectors */
typedef double Vec[2];

void
gs_explanation_clear (GsExplanation *e)
{
  for (guint i = 0; i < e->n_lines; i++)
    g_free (e->lines[i].markup);
  memset (e, 0, sizeof *e);
}

/* g (+ wd·θ) as the update used it: the first line of every update */
static void
gradient_lines (GsExplanation *e, const double *theta, const double *grad, double wd, Vec g)
{
  for (guint i = 0; i < MIN (e->n, 2); i++)
    g[i] = grad[i];
  vec (e, "g", g, "<i>g</i> = ∇<i>f</i>(<i>θ</i>)");
  if (wd != 0)
    {
      g_autofree char *w = N (wd);

      for (guint i = 0; i < MIN (e->n, 2); i++)
        g[i] = g[i] + wd * theta[i];
      vec (e, "g", g, "<i>g</i> ← <i>g</i> + %s·<i>θ</i>", w);
    }
  e->grad[0] = g[0];
  e->grad[1] = e->n > 1 ? g[1] : 0;
}

void
gs_explain_update (const GsOptimizerInfo *info, const GsParamValues *hp,
                   const GsOptimizerState *before, double lr, const double *theta,
                   const double *grad, guint n, GsExplanation *out, double *theta_after,
                   GsOptimizerState **after_out)
{
  GsOptimizerState *after = gs_optimizer_state_copy (before);
  g_autofree double *th = g_memdup2 (theta, sizeof (double) * n);
  g_autofree char *lr_s = N (lr);
  const char *name = info->name;
  double t;
  guint c = MIN (n, 2);
  Vec g = { 0, 0 }, d = { 0, 0 };

  memset (out, 0, sizeof *out);
  out->n = n;
  /* the update itself, the core's */
  gs_optimizer_step (info, hp, after, lr, th, grad);
  t = (double) after->t;
  for (guint i = 0; i < c; i++)
    out->step[i] = th[i] - theta[i];

  if (g_str_equal (name, "sgd"))
    {
      double mu = hp_get (info, hp, "momentum", 0);
      double damp = hp_get (info, hp, "dampening", 0);
      gboolean nesterov = hp_get (info, hp, "nesterov", 0) != 0;
      g_autofree char *mu_s = N (mu);
      g_autofree char *keep_s = N (1 - damp);

      gradient_lines (out, theta, grad, hp_get (info, hp, "weight_decay", 0), g);
      if (mu != 0)
        {
          Vec b = { after->s[0][0], c > 1 ? after->s[0][1] : 0 };

          if (!before->has_buf)
            /* TRANSLATORS: after a formula of the teaching panel: the
               momentum buffer's first update is the gradient itself */
            vec (out, "b", b, "<i>b</i> ← <i>g</i>   (%s)", _("first update"));
          else
            vec (out, "b", b, "<i>b</i> ← %s·<i>b</i> + %s·<i>g</i>", mu_s, keep_s);
          out->has_momentum = TRUE;
          out->momentum[0] = b[0];
          out->momentum[1] = b[1];
          if (nesterov)
            {
              for (guint i = 0; i < c; i++)
                d[i] = g[i] + mu * b[i];
              vec (out, "g+μb", d, "<i>g</i> ← <i>g</i> + %s·<i>b</i>", mu_s);
              vec (out, "θ", th, "<i>θ</i> ← <i>θ</i> − %s·<i>g</i>", lr_s);
            }
          else
            vec (out, "θ", th, "<i>θ</i> ← <i>θ</i> − %s·<i>b</i>", lr_s);
        }
      else
        vec (out, "θ", th, "<i>θ</i> ← <i>θ</i> − %s·<i>g</i>", lr_s);
      out->scale[0] = out->scale[1] = lr;
    }
  else if (g_str_equal (name, "adagrad"))
    {
      double decay = hp_get (info, hp, "lr_decay", 0);
      double eps = hp_get (info, hp, "eps", 0);
      double clr = lr / (1 + (t - 1) * decay);
      g_autofree char *eps_s = N (eps);
      g_autofree char *decay_s = N (decay);
      Vec s = { after->s[0][0], c > 1 ? after->s[0][1] : 0 };

      gradient_lines (out, theta, grad, hp_get (info, hp, "weight_decay", 0), g);
      vec (out, "s", s, "<i>s</i> ← <i>s</i> + <i>g</i>²");
      if (decay != 0)
        scalar (out, "clr", clr, "clr = %s/(1 + %.0f·%s)", lr_s, t - 1, decay_s);
      for (guint i = 0; i < c; i++)
        out->scale[i] = clr / (sqrt (s[i]) + eps);
      vec (out, "θ", th, "<i>θ</i> ← <i>θ</i> − %s·<i>g</i>/(√<i>s</i> + %s)",
           decay != 0 ? "clr" : lr_s, eps_s);
      out->adaptive = TRUE;
    }
  else if (g_str_equal (name, "rmsprop"))
    {
      double alpha = hp_get (info, hp, "alpha", 0);
      double eps = hp_get (info, hp, "eps", 0);
      double mu = hp_get (info, hp, "momentum", 0);
      gboolean centered = hp_get (info, hp, "centered", 0) != 0;
      g_autofree char *a_s = N (alpha);
      g_autofree char *a1_s = N (1 - alpha);
      g_autofree char *eps_s = N (eps);
      g_autofree char *mu_s = N (mu);
      Vec v = { after->s[0][0], c > 1 ? after->s[0][1] : 0 };
      Vec gavg = { after->s[1][0], c > 1 ? after->s[1][1] : 0 };

      gradient_lines (out, theta, grad, hp_get (info, hp, "weight_decay", 0), g);
      vec (out, "v", v, "<i>v</i> ← %s·<i>v</i> + %s·<i>g</i>²", a_s, a1_s);
      if (centered)
        {
          vec (out, "ḡ", gavg, "<i>ḡ</i> ← %s·<i>ḡ</i> + %s·<i>g</i>", a_s, a1_s);
          for (guint i = 0; i < c; i++)
            d[i] = sqrt (v[i] - gavg[i] * gavg[i]) + eps;
          vec (out, "d", d, "<i>d</i> = √(<i>v</i> − <i>ḡ</i>²) + %s", eps_s);
        }
      else
        {
          for (guint i = 0; i < c; i++)
            d[i] = sqrt (v[i]) + eps;
          vec (out, "d", d, "<i>d</i> = √<i>v</i> + %s", eps_s);
        }
      for (guint i = 0; i < c; i++)
        out->scale[i] = lr / d[i];
      if (mu > 0)
        {
          Vec b = { after->s[2][0], c > 1 ? after->s[2][1] : 0 };

          vec (out, "b", b, "<i>b</i> ← %s·<i>b</i> + <i>g</i>/<i>d</i>", mu_s);
          vec (out, "θ", th, "<i>θ</i> ← <i>θ</i> − %s·<i>b</i>", lr_s);
          out->has_momentum = TRUE;
          out->momentum[0] = b[0];
          out->momentum[1] = b[1];
        }
      else
        vec (out, "θ", th, "<i>θ</i> ← <i>θ</i> − %s·<i>g</i>/<i>d</i>", lr_s);
      out->adaptive = TRUE;
    }
  else if (g_str_equal (name, "adadelta"))
    {
      double rho = hp_get (info, hp, "rho", 0);
      double eps = hp_get (info, hp, "eps", 0);
      g_autofree char *r_s = N (rho);
      g_autofree char *r1_s = N (1 - rho);
      g_autofree char *eps_s = N (eps);
      Vec v = { after->s[0][0], c > 1 ? after->s[0][1] : 0 };
      Vec u = { after->s[1][0], c > 1 ? after->s[1][1] : 0 };
      Vec u0 = { before->s[1][0], c > 1 ? before->s[1][1] : 0 };

      gradient_lines (out, theta, grad, hp_get (info, hp, "weight_decay", 0), g);
      vec (out, "v", v, "<i>v</i> ← %s·<i>v</i> + %s·<i>g</i>²", r_s, r1_s);
      for (guint i = 0; i < c; i++)
        {
          d[i] = sqrt (u0[i] + eps) / sqrt (v[i] + eps) * g[i];
          out->scale[i] = lr * sqrt (u0[i] + eps) / sqrt (v[i] + eps);
        }
      vec (out, "δ", d, "<i>δ</i> = √(<i>u</i> + %s)/√(<i>v</i> + %s)·<i>g</i>", eps_s, eps_s);
      vec (out, "u", u, "<i>u</i> ← %s·<i>u</i> + %s·<i>δ</i>²", r_s, r1_s);
      vec (out, "θ", th, "<i>θ</i> ← <i>θ</i> − %s·<i>δ</i>", lr_s);
      out->adaptive = TRUE;
    }
  else if (g_str_equal (name, "adam") || g_str_equal (name, "adamw")
           || g_str_equal (name, "nadam") || g_str_equal (name, "radam")
           || g_str_equal (name, "adamax"))
    {
      double b1 = hp_get (info, hp, "betas", 0), b2 = hp_get (info, hp, "betas", 1);
      double eps = hp_get (info, hp, "eps", 0);
      double wd = hp_get (info, hp, "weight_decay", 0);
      gboolean decoupled = g_str_equal (name, "adamw");
      gboolean amsgrad = hp_get (info, hp, "amsgrad", 0) == 1;
      g_autofree char *b1_s = N (b1);
      g_autofree char *b11_s = N (1 - b1);
      g_autofree char *b2_s = N (b2);
      g_autofree char *b21_s = N (1 - b2);
      g_autofree char *eps_s = N (eps);
      double bc1 = 1 - pow (b1, t), bc2 = 1 - pow (b2, t);
      Vec m = { after->s[0][0], c > 1 ? after->s[0][1] : 0 };
      Vec v = { after->s[1][0], c > 1 ? after->s[1][1] : 0 };
      Vec mh = { 0, 0 }, vh = { 0, 0 };

      if (decoupled)
        {
          g_autofree char *decay_s = N (1 - lr * wd);
          Vec shrunk;

          for (guint i = 0; i < c; i++)
            shrunk[i] = theta[i] * (1 - lr * wd);
          vec (out, "θ", shrunk, "<i>θ</i> ← %s·<i>θ</i>   (%s)", decay_s,
               /* TRANSLATORS: after a formula of the teaching panel (AdamW) */
               _("decoupled weight decay"));
          gradient_lines (out, theta, grad, 0, g);
        }
      else
        gradient_lines (out, theta, grad, wd, g);
      vec (out, "m", m, "<i>m</i> ← %s·<i>m</i> + %s·<i>g</i>", b1_s, b11_s);
      out->has_momentum = TRUE;
      out->momentum[0] = m[0];
      out->momentum[1] = m[1];

      if (g_str_equal (name, "adamax"))
        {
          Vec u = { after->s[1][0], c > 1 ? after->s[1][1] : 0 };
          g_autofree char *bc1_s = N (bc1);

          vec (out, "u", u, "<i>u</i> ← max(%s·<i>u</i>, |<i>g</i>| + %s)", b2_s, eps_s);
          for (guint i = 0; i < c; i++)
            out->scale[i] = lr / bc1 / u[i];
          vec (out, "θ", th, "<i>θ</i> ← <i>θ</i> − %s/%s·<i>m</i>/<i>u</i>", lr_s, bc1_s);
        }
      else
        {
          vec (out, "v", v, "<i>v</i> ← %s·<i>v</i> + %s·<i>g</i>²", b2_s, b21_s);
          if (amsgrad)
            {
              Vec vmax = { after->s[2][0], c > 1 ? after->s[2][1] : 0 };

              vec (out, "v̂max", vmax, "<i>v</i><sub>max</sub> ← max(<i>v</i><sub>max</sub>, <i>v</i>)");
              v[0] = vmax[0];
              v[1] = vmax[1];
            }
          for (guint i = 0; i < c; i++)
            {
              mh[i] = m[i] / bc1;
              vh[i] = v[i] / bc2;
            }
          vec (out, "m̂", mh, "<i>m̂</i> = <i>m</i>/(1 − %s<sup>%.0f</sup>)", b1_s, t);
          vec (out, "v̂", vh, "<i>v̂</i> = <i>v</i>%s/(1 − %s<sup>%.0f</sup>)",
               amsgrad ? "<sub>max</sub>" : "", b2_s, t);
          if (g_str_equal (name, "nadam"))
            {
              for (guint i = 0; i < c; i++)
                {
                  d[i] = sqrt (vh[i]) + eps;
                  out->scale[i] = lr / d[i];
                }
              vec (out, "d", d, "<i>d</i> = √<i>v̂</i> + %s", eps_s);
              vec (out, "θ", th, "<i>θ</i> ← <i>θ</i> − %s·((1 − <i>μ</i><sub>t</sub>)·<i>g</i>"
                   " + <i>μ</i><sub>t+1</sub>·<i>m</i>)/<i>d</i>   (%s)", lr_s,
                   /* TRANSLATORS: after a formula of the teaching panel (NAdam) */
                   _("Nesterov, bias-corrected"));
            }
          else if (g_str_equal (name, "radam"))
            {
              double rho_inf = 2 / (1 - b2) - 1;
              double rho_t = rho_inf - 2 * t * pow (b2, t) / bc2;

              scalar (out, "ρ", rho_t, "<i>ρ</i><sub>t</sub> = <i>ρ</i><sub>∞</sub> − 2t·%s<sup>t</sup>/(1 − %s<sup>t</sup>)",
                      b2_s, b2_s);
              if (rho_t > 5)
                {
                  double r = sqrt ((rho_t - 4) * (rho_t - 2) * rho_inf
                                   / ((rho_inf - 4) * (rho_inf - 2) * rho_t));

                  /* TRANSLATORS: in a formula of the teaching panel (RAdam):
                     r is the square root of the variance rectification term */
                  scalar (out, "r", r, "<i>r</i> = √(%s)", _("rectification"));
                  for (guint i = 0; i < c; i++)
                    out->scale[i] = lr * r / (sqrt (vh[i]) + eps);
                  vec (out, "θ", th, "<i>θ</i> ← <i>θ</i> − %s·<i>r</i>·<i>m̂</i>/(√<i>v̂</i> + %s)",
                       lr_s, eps_s);
                }
              else
                {
                  out->scale[0] = out->scale[1] = lr;
                  vec (out, "θ", th, "<i>θ</i> ← <i>θ</i> − %s·<i>m̂</i>   (<i>ρ</i><sub>t</sub> ≤ 5: "
                       "%s)", lr_s,
                       /* TRANSLATORS: after a formula of the teaching panel
                          (RAdam): "(ρt ≤ 5: no adaptive term yet)" */
                       _("no adaptive term yet"));
                }
            }
          else
            {
              for (guint i = 0; i < c; i++)
                out->scale[i] = lr / (sqrt (vh[i]) + eps);
              vec (out, "θ", th, "<i>θ</i> ← <i>θ</i> − %s·<i>m̂</i>/(√<i>v̂</i> + %s)", lr_s, eps_s);
            }
        }
      out->adaptive = TRUE;
    }
  else
    {
      gradient_lines (out, theta, grad, 0, g);
      /* TRANSLATORS: in the teaching panel, "θ ← Adam step": %s is the
         optimizer's title */
      g_autofree char *step = g_strdup_printf (_("%s step"), _(info->title));

      vec (out, "θ", th, "<i>θ</i> ← %s", step);
    }

  if (theta_after)
    memcpy (theta_after, th, sizeof (double) * n);
  if (after_out)
    *after_out = after;
  else
    gs_optimizer_state_free (after);
}

char *
gs_explain_schedule (const GsScheduleInfo *info, double lr0, double lr, guint64 t)
{
  g_autofree char *formula = g_markup_escape_text (_(info->formula), -1);
  g_autofree char *lr_s = gs_explain_number (lr);
  g_autofree char *lr0_s = gs_explain_number (lr0);

  if (g_str_equal (info->name, "constant"))
    return g_strdup_printf ("lr = %s", lr_s);
  return g_strdup_printf ("lr(<i>t</i>) = %s = %s   (%s, lr0 = %s, <i>t</i> = %" G_GUINT64_FORMAT ")",
                          formula, lr_s, _(info->title), lr0_s, t);
}

void
gs_explain_proximal (GsExplanation *e, const double *theta_before, const double *theta,
                     double threshold)
{
  g_autofree char *t = gs_explain_number (threshold);

  vec (e, "θ", theta, "<i>θ</i> ← sign(<i>θ</i>)·max(|<i>θ</i>| − %s, 0)   (%s)", t,
       /* TRANSLATORS: after a formula of the teaching panel: the L1 penalty's
          proximal step shrinks only the weights the penalty applies to */
       _("L1, proximal: weights of the penalty only"));
  for (guint i = 0; i < MIN (e->n, 2); i++)
    e->step[i] = theta[i] - theta_before[i];
}
