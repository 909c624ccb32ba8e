/* gs-param.c */
#include "gs-param.h"

#include <glib/gi18n-lib.h>
#include <math.h>

void
gs_param_values_init (GsParamValues *values, const GsParamSpec *specs,
                      guint n_specs)
{
  g_assert (n_specs <= GS_MAX_PARAMS);
  for (guint i = 0; i < GS_MAX_PARAMS; i++)
    {
      values->values[i][0] = i < n_specs ? specs[i].def[0] : 0.0;
      values->values[i][1] = i < n_specs ? specs[i].def[1] : 0.0;
    }
  values->set = 0;
}

int
gs_param_find (const GsParamSpec *specs, guint n_specs, const char *name)
{
  for (guint i = 0; i < n_specs; i++)
    if (g_str_equal (specs[i].name, name))
      return (int) i;
  return -1;
}

static void
append_bound (GString *s, double v)
{
  if (isinf (v))
    g_string_append (s, v > 0 ? "∞" : "−∞");
  else
    g_string_append_printf (s, "%g", v);
}

/* "(0, ∞)" or "[0, 1)": the interval alone */
static char *
interval_text (const GsParamSpec *spec)
{
  GString *s = g_string_new (NULL);

  g_string_append_c (s, spec->min_open || isinf (spec->min) ? '(' : '[');
  append_bound (s, spec->min);
  g_string_append (s, ", ");
  append_bound (s, spec->max);
  g_string_append_c (s, spec->max_open || isinf (spec->max) ? ')' : ']');
  return g_string_free (s, FALSE);
}

char *
gs_param_range_text (const GsParamSpec *spec)
{
  g_autofree char *interval = NULL;

  if (spec->type == GS_PARAM_BOOL)
    return g_strdup (_("true or false"));
  interval = interval_text (spec);
  if (spec->type == GS_PARAM_INT)
    /* TRANSLATORS: the values a whole-number parameter takes, as shown in
       tooltips and `gradscope-cli list`; %s is an interval such as "[1, ∞)" */
    return g_strdup_printf (_("%s, whole"), interval);
  return g_steal_pointer (&interval);
}

char *
gs_param_value_text (const GsParamSpec *spec, const double *value)
{
  switch (spec->type)
    {
    case GS_PARAM_BOOL:
      return g_strdup (value[0] != 0 ? "true" : "false");
    case GS_PARAM_PAIR:
      return g_strdup_printf ("(%g, %g)", value[0], value[1]);
    case GS_PARAM_INT:
    case GS_PARAM_DOUBLE:
    default:
      if (isnan (value[0]))
        /* TRANSLATORS: in place of the default value of a parameter that has none */
        return g_strdup (C_("parameter default", "required"));
      return g_strdup_printf ("%g", value[0]);
    }
}

gboolean
gs_param_check (const GsParamSpec *spec, guint component, double value,
                char **message)
{
  gboolean ok = isfinite (value);

  if (ok && spec->type == GS_PARAM_BOOL)
    ok = value == 0.0 || value == 1.0;
  if (ok && spec->type == GS_PARAM_INT)
    ok = value == floor (value);
  if (ok)
    ok = spec->min_open ? value > spec->min : value >= spec->min;
  if (ok)
    ok = spec->max_open ? value < spec->max : value <= spec->max;

  if (!ok && message != NULL)
    {
      g_autofree char *range = interval_text (spec);
      /* spec->label is PyTorch's wording, such as "invalid learning rate" */
      const char *label = _(spec->label);

      if (spec->type == GS_PARAM_BOOL)
        *message = g_strdup_printf (_("%s: %g (expected true or false)"), label, value);
      else if (spec->type == GS_PARAM_PAIR)
        /* TRANSLATORS: "invalid beta parameter at index 1: 1.5 (expected a
           value in [0, 1))"; the interval's brackets are the mathematical ones */
        *message = g_strdup_printf (_("%s at index %u: %g (expected a value in %s)"),
                                    label, component, value, range);
      else if (spec->type == GS_PARAM_INT)
        /* TRANSLATORS: "invalid step_size value: 2.5 (expected a value in
           [1, ∞), whole)": a whole number in the interval */
        *message = g_strdup_printf (_("%s: %g (expected a value in %s, whole)"),
                                    label, value, range);
      else
        *message = g_strdup_printf (_("%s: %g (expected a value in %s)"),
                                    label, value, range);
    }
  return ok;
}
