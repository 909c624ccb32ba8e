/* test-explain.c — the teaching panel's formulas carry the core's numbers */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "gs-explain.h"
#include "gs-rng.h"

static void
assert_markup (const char *markup)
{
  g_autofree char *doc = g_strdup_printf ("<markup>%s</markup>", markup);
  static const GMarkupParser parser = { 0 };
  GMarkupParseContext *ctx = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_markup_parse_context_parse (ctx, doc, -1, &error);
  if (error == NULL)
    g_markup_parse_context_end_parse (ctx, &error);
  g_markup_parse_context_free (ctx);
  if (error)
    g_error ("not markup: %s (%s)", markup, error->message);
}

static const GsExplainLine *
line (const GsExplanation *e, const char *key)
{
  const GsExplainLine *found = NULL;

  /* the last line computing key */
  for (guint i = 0; i < e->n_lines; i++)
    if (g_str_equal (e->lines[i].key, key))
      found = &e->lines[i];
  if (found == NULL)
    g_error ("no line for %s", key);
  return found;
}

static void
assert_line_is (const GsExplanation *e, const char *key, const double *want)
{
  const GsExplainLine *l = line (e, key);

  g_assert_cmpmem (l->value, 2 * sizeof (double), want, 2 * sizeof (double));
}

typedef struct
{
  const char *optimizer;
  const char *param;     /* one hyper-parameter set, NULL: defaults */
  double      value;
} Case;

static void
test_every_optimizer (void)
{
  const Case cases[] = {
    { "sgd", NULL, 0 }, { "sgd", "momentum", 0.9 }, { "sgd", "nesterov", 1 },
    { "sgd", "weight_decay", 0.1 },
    { "adagrad", NULL, 0 }, { "adagrad", "lr_decay", 0.01 },
    { "rmsprop", NULL, 0 }, { "rmsprop", "centered", 1 }, { "rmsprop", "momentum", 0.5 },
    { "adadelta", NULL, 0 },
    { "adam", NULL, 0 }, { "adam", "amsgrad", 1 }, { "adam", "weight_decay", 0.05 },
    { "adamw", NULL, 0 }, { "adamax", NULL, 0 }, { "nadam", NULL, 0 }, { "radam", NULL, 0 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      const GsOptimizerInfo *info = gs_optimizer_lookup (cases[c].optimizer);
      GsParamValues hp;
      GsOptimizerState *st;
      GsRng rng;
      double theta[2] = { 1.5, -0.75 }, grad[2];
      double lr = 0.05;

      g_assert_nonnull (info);
      gs_param_values_init (&hp, info->params, info->n_params);
      hp.values[0][0] = lr;
      for (guint i = 0; i < info->n_params; i++)
        if (cases[c].param && g_str_equal (info->params[i].name, cases[c].param))
          hp.values[i][0] = cases[c].value;
      if (g_str_equal (cases[c].optimizer, "sgd") && cases[c].param
          && g_str_equal (cases[c].param, "nesterov"))
        hp.values[1][0] = 0.9;   /* Nesterov needs a momentum */
      st = gs_optimizer_state_new (info, &hp, 2);
      gs_rng_init (&rng, c + 1);
      /* past the first updates (RAdam: past its warm-up at t = 6 too) */
      for (guint k = 0; k < 7; k++)
        {
          grad[0] = 2 * gs_rng_uniform (&rng) - 1;
          grad[1] = 3 * gs_rng_uniform (&rng) - 1;
          gs_optimizer_step (info, &hp, st, lr, theta, grad);
        }
      grad[0] = 0.8;
      grad[1] = -1.3;
      {
        GsExplanation e;
        GsOptimizerState *after = NULL, *want_state = gs_optimizer_state_copy (st);
        double after_theta[2], want[2] = { theta[0], theta[1] };

        gs_explain_update (info, &hp, st, lr, theta, grad, 2, &e, after_theta, &after);
        gs_optimizer_step (info, &hp, want_state, lr, want, grad);

        /* θ and the state: the core's own numbers */
        g_assert_cmpmem (after_theta, sizeof want, want, sizeof want);
        assert_line_is (&e, "θ", want);
        g_assert_cmpmem (after->data, 8 * sizeof (double), want_state->data, 8 * sizeof (double));
        g_assert_cmpfloat (e.step[0], ==, want[0] - theta[0]);
        g_assert_cmpfloat (e.step[1], ==, want[1] - theta[1]);
        g_assert_cmpfloat (line (&e, "g")->value[0], ==,
                           cases[c].param && g_str_equal (cases[c].param, "weight_decay")
                           && !g_str_equal (cases[c].optimizer, "adamw")
                           ? grad[0] + cases[c].value * theta[0] : grad[0]);
        for (guint i = 0; i < e.n_lines; i++)
          {
            assert_markup (e.lines[i].markup);
            g_assert_nonnull (strchr (e.lines[i].markup, '='));
          }

        if (info->params[1].type == GS_PARAM_PAIR)   /* the Adam family: m, v */
          {
            double t = (double) after->t;
            double b1 = hp.values[1][0], b2 = hp.values[1][1];
            double m[2] = { after->s[0][0], after->s[0][1] };

            assert_line_is (&e, "m", m);
            g_assert_true (e.has_momentum);
            g_assert_cmpmem (e.momentum, sizeof m, m, sizeof m);
            if (!g_str_equal (cases[c].optimizer, "adamax"))
              {
                double v[2] = { after->s[1][0], after->s[1][1] };
                const double *mh = line (&e, "m̂")->value, *vh = line (&e, "v̂")->value;

                assert_line_is (&e, "v", v);
                for (guint i = 0; i < 2; i++)
                  {
                    g_assert_cmpfloat_with_epsilon (mh[i], m[i] / (1 - pow (b1, t)), 1e-15);
                    if (!cases[c].param || !g_str_equal (cases[c].param, "amsgrad"))
                      g_assert_cmpfloat_with_epsilon (vh[i], v[i] / (1 - pow (b2, t)), 1e-15);
                  }
                if (g_str_equal (cases[c].optimizer, "adam"))
                  for (guint i = 0; i < 2; i++)
                    {
                      /* the shown terms make the step: θ − lr·m̂/(√v̂ + ε) */
                      double step = -lr * mh[i] / (sqrt (vh[i]) + 1e-8);
                      g_assert_cmpfloat (fabs (step - e.step[i]), <=, 1e-12 * fabs (step));
                      g_assert_cmpfloat (fabs (-e.scale[i] * mh[i] - e.step[i]), <=,
                                         1e-12 * fabs (step));
                    }
              }
            g_assert_true (e.adaptive);
          }
        if (g_str_equal (cases[c].optimizer, "sgd"))
          {
            g_assert_false (e.adaptive);
            if (cases[c].param && g_str_equal (cases[c].param, "momentum"))
              {
                double b[2] = { after->s[0][0], after->s[0][1] };

                assert_line_is (&e, "b", b);
                g_assert_cmpfloat (want[0], ==, theta[0] - lr * b[0]);
              }
            else if (!cases[c].param)
              g_assert_cmpfloat (e.step[0], ==, (theta[0] - lr * grad[0]) - theta[0]);
          }
        gs_explanation_clear (&e);
        gs_optimizer_state_free (after);
        gs_optimizer_state_free (want_state);
      }
      gs_optimizer_state_free (st);
    }
}

static void
test_numbers_and_schedule (void)
{
  const struct { double v; const char *text; } nums[] = {
    { 0.1, "0.1" }, { -2.5, "−2.5" }, { 1e-8, "1e−8" }, { 123456, "1.235e5" },
    { INFINITY, "∞" }, { NAN, "NaN" }, { 0, "0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (nums); i++)
    {
      g_autofree char *s = gs_explain_number (nums[i].v);
      g_assert_cmpstr (s, ==, nums[i].text);
    }
  {
    g_autofree char *c = gs_explain_schedule (gs_schedule_lookup ("constant"), 0.1, 0.1, 5);
    g_autofree char *s = gs_explain_schedule (gs_schedule_lookup ("step"), 0.1, 0.05, 12);

    g_assert_cmpstr (c, ==, "lr = 0.1");
    g_assert_nonnull (strstr (s, "= 0.05"));
    g_assert_nonnull (strstr (s, "<i>t</i> = 12"));
    assert_markup (s);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gradscope/explain/every-optimizer", test_every_optimizer);
  g_test_add_func ("/gradscope/explain/numbers-and-schedule", test_numbers_and_schedule);
  return g_test_run ();
}
