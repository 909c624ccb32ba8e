/* gs-param.c */
#include "gs-param.h"

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

char *
gs_param_range_text (const GsParamSpec *spec)
{
  GString *s = g_string_new (NULL);

  if (spec->type == GS_PARAM_BOOL)
    {
      g_string_append (s, "true or false");
      return g_string_free (s, FALSE);
    }
  g_string_append_c (s, spec->min_open || isinf (spec->min) ? '(' : '[');
  append_bound (s, spec->min);
  g_string_append (s, ", ");
  append_bound (s, spec->max);
  g_string_append_c (s, spec->max_open || isinf (spec->max) ? ')' : ']');
  if (spec->type == GS_PARAM_INT)
    g_string_append (s, ", whole");
  return g_string_free (s, FALSE);
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
        return g_strdup ("required");
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
      g_autofree char *range = gs_param_range_text (spec);

      if (spec->type == GS_PARAM_BOOL)
        *message = g_strdup_printf ("%s: %g (expected true or false)", spec->label, value);
      else if (spec->type == GS_PARAM_PAIR)
        *message = g_strdup_printf ("%s at index %u: %g (expected a value in %s)",
                                    spec->label, component, value, range);
      else
        *message = g_strdup_printf ("%s: %g (expected a value in %s)",
                                    spec->label, value, range);
    }
  return ok;
}
