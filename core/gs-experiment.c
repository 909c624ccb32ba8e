/* gs-experiment.c — experiment files: load with located messages, save atomically */
#include "gs-experiment.h"
#include "gs-json-loc.h"
#include "gs-suggest.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#define RESOURCE_DIR "/io/github/gradscope/experiments/"

/* ---- loading context ------------------------------------------------------ */

typedef struct
{
  const char      *text;      /* the JSON text */
  gsize            len;
  const char      *display;   /* file name for messages */
  const char      *base_dir;
  GsJsonLocations *locs;
  GError         **error;
} Ctx;

static gboolean
fail_valist (Ctx *ctx, GsJsonLoc loc, const char *format, va_list args)
{
  g_autofree char *msg = g_strdup_vprintf (format, args);

  g_set_error (ctx->error, GS_ERROR, GS_ERROR_INVALID, "%s:%u:%u: %s",
               ctx->display, loc.line, loc.col, msg);
  return FALSE;
}

G_GNUC_PRINTF (4, 5) static gboolean
fail (Ctx *ctx, const char *path, gboolean at_key, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  fail_valist (ctx, gs_json_locations_get (ctx->locs, path, at_key), format, args);
  va_end (args);
  return FALSE;
}

G_GNUC_PRINTF (3, 4) static gboolean
fail_at (Ctx *ctx, GsJsonLoc loc, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  fail_valist (ctx, loc, format, args);
  va_end (args);
  return FALSE;
}

/* Where character col (1-based) of the string value at path is in the
 * file: past the opening quote, each character of the string takes one
 * column, an escape (\n, \u00e9, a surrogate pair) as many as it is written
 * with. Column col may be the one past the last (the closing quote). */
static GsJsonLoc
string_char_loc (Ctx *ctx, const char *path, guint col)
{
  GsJsonLoc loc = gs_json_locations_get (ctx->locs, path, FALSE);
  GsJsonLoc at = loc;
  const char *p = ctx->text, *end = ctx->text + ctx->len;
  guint line = 1, c = 1;

  /* gs-json-loc counts from after a byte order mark */
  if (ctx->len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (p < end && (line < loc.line || c < loc.col))
    {
      if (*p == '\n')
        line++, c = 1, p++;
      else
        c++, p = g_utf8_next_char (p);
    }
  if (p >= end || *p != '"')
    return loc;   /* not where a string starts: the value's own place */
  p++;
  at.col++;
  for (guint k = 1; k < col && p < end && *p != '"'; k++)
    {
      if (*p != '\\' || p + 1 >= end)
        p = g_utf8_next_char (p), at.col++;
      else if (p[1] != 'u' || end - p < 6)
        p += 2, at.col += 2;
      else if (end - p >= 12 && (p[2] == 'd' || p[2] == 'D') && p[3] != '\0'
               && strchr ("89abAB", p[3]) != NULL && p[6] == '\\' && p[7] == 'u')
        p += 12, at.col += 12;   /* a surrogate pair: one character */
      else
        p += 6, at.col += 6;
    }
  return at;
}

/* What a value is, after "found" in a message (translated) */
static const char *
node_kind (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    /* TRANSLATORS: the kinds of JSON value, after "found" in messages such
       as "runs: expected an array of runs, found an object"; null, true and
       false are JSON's own words */
    case JSON_NODE_OBJECT: return C_("JSON value", "an object");
    case JSON_NODE_ARRAY:  return C_("JSON value", "an array");
    case JSON_NODE_NULL:   return C_("JSON value", "null");
    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node) == G_TYPE_STRING ? 0 :
              json_node_get_value_type (node) == G_TYPE_BOOLEAN ? 1 : 2)
        {
        case 0:  return C_("JSON value", "a string");
        case 1:  return C_("JSON value", "true or false");
        default: return C_("JSON value", "a number");
        }
    }
}

static char *
child (const char *path, const char *key)
{
  return *path ? g_strconcat (path, ".", key, NULL) : g_strdup (key);
}

static gboolean
is_number (JsonNode *node)
{
  GType t;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  t = json_node_get_value_type (node);
  return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

static gboolean
get_object (Ctx *ctx, JsonNode *node, const char *path, JsonObject **out)
{
  if (!JSON_NODE_HOLDS_OBJECT (node) && *path == '\0')
    return fail (ctx, path, FALSE, _("the file: expected an object {…}, found %s"),
                 node_kind (node));
  if (!JSON_NODE_HOLDS_OBJECT (node))
    /* TRANSLATORS: the first %s is where in the file, such as
       "runs[0].optimizer"; the second what is there instead ("an array") */
    return fail (ctx, path, FALSE, _("%s: expected an object {…}, found %s"), path,
                 node_kind (node));
  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
get_number (Ctx *ctx, JsonNode *node, const char *path, double *out)
{
  if (!is_number (node))
    return fail (ctx, path, FALSE, _("%s: expected a number, found %s"), path,
                 node_kind (node));
  *out = json_node_get_double (node);
  if (!isfinite (*out))
    return fail (ctx, path, FALSE, _("%s: expected a finite number"), path);
  return TRUE;
}

static gboolean
get_count (Ctx *ctx, JsonNode *node, const char *path, guint64 min, guint64 max,
           guint64 *out)
{
  double v;

  if (!get_number (ctx, node, path, &v))
    return FALSE;
  if (v != floor (v) || v < (double) min || v > (double) max)
    /* (%llu rather than G_GUINT64_FORMAT: xgettext reads whole literals) */
    return fail (ctx, path, FALSE, _("%s: expected a whole number in [%llu, %llu], found %g"),
                 path, (unsigned long long) min, (unsigned long long) max, v);
  *out = (guint64) v;
  return TRUE;
}

static gboolean
get_string (Ctx *ctx, JsonNode *node, const char *path, const char **out)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (ctx, path, FALSE, _("%s: expected a string, found %s"), path,
                 node_kind (node));
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_bool (Ctx *ctx, JsonNode *node, const char *path, gboolean *out)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (ctx, path, FALSE, _("%s: expected true or false, found %s"), path,
                 node_kind (node));
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_numbers (Ctx *ctx, JsonNode *node, const char *path, guint min_n, guint max_n,
             GArray *out)
{
  JsonArray *array;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (ctx, path, FALSE, _("%s: expected an array of numbers, found %s"),
                 path, node_kind (node));
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n < min_n || n > max_n)
    {
      if (min_n == max_n)
        return fail (ctx, path, FALSE, _("%s: expected %u numbers, found %u"), path, min_n, n);
      return fail (ctx, path, FALSE, _("%s: expected %u to %u numbers, found %u"),
                   path, min_n, max_n, n);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *p = g_strdup_printf ("%s[%u]", path, i);
      double v;

      if (!get_number (ctx, json_array_get_element (array, i), p, &v))
        return FALSE;
      g_array_append_val (out, v);
    }
  return TRUE;
}

/* Every member must be one of keys; otherwise name it and suggest one. */
static gboolean
check_keys (Ctx *ctx, JsonObject *obj, const char *path, const char *const *keys)
{
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *l = members; l; l = l->next)
    {
      const char *name = l->data;
      gboolean known = FALSE;

      for (guint i = 0; keys[i] && !known; i++)
        known = g_str_equal (keys[i], name);
      if (!known)
        {
          g_autofree char *p = child (path, name);
          g_autofree char *list = g_strjoinv ("', '", (char **) keys);
          const char *guess = gs_suggest (name, keys);

          if (guess && *path)
            /* TRANSLATORS: "unknown key 'lr' in runs[0]; did you mean …": a
               key of the experiment file, where it is, the key meant */
            return fail (ctx, p, TRUE, _("unknown key '%s' in %s; did you mean '%s'?"),
                         name, path, guess);
          if (guess)
            return fail (ctx, p, TRUE,
                         _("unknown key '%s' in the experiment; did you mean '%s'?"),
                         name, guess);
          if (*path)
            /* TRANSLATORS: the last %s lists the keys allowed there:
               "label', 'color', 'optimizer" (the quotes around it are the
               message's) */
            return fail (ctx, p, TRUE, _("unknown key '%s' in %s (expected '%s')"),
                         name, path, list);
          return fail (ctx, p, TRUE, _("unknown key '%s' in the experiment (expected '%s')"),
                       name, list);
        }
    }
  return TRUE;
}

/* what: a noun marked NC_("unknown name", …) */
static gboolean
unknown_name (Ctx *ctx, const char *path, const char *what, const char *name,
              const char *const *names)
{
  const char *guess = gs_suggest (name, names);
  g_autofree char *list = g_strjoinv (", ", (char **) names);

  what = g_dpgettext2 (GETTEXT_PACKAGE, "unknown name", what);
  if (guess)
    /* TRANSLATORS: "unknown optimizer 'adma'; did you mean 'adam'?": the
       first %s is what kind of name (optimizer, schedule, generator, …) */
    return fail (ctx, path, FALSE, _("unknown %s '%s'; did you mean '%s'?"), what, name,
                 guess);
  /* TRANSLATORS: "unknown task 'fit' (expected one of: classify, regress)" */
  return fail (ctx, path, FALSE, _("unknown %s '%s' (expected one of: %s)"), what, name,
               list);
}

/* ---- optimizer and schedule ----------------------------------------------- */

static gboolean
parse_params (Ctx *ctx, JsonObject *obj, const char *path, const char *kind_name,
              const GsParamSpec *specs, guint n_specs, GsParamValues *values)
{
  g_autofree const char **keys = g_new0 (const char *, n_specs + 2);

  keys[0] = "name";
  for (guint i = 0; i < n_specs; i++)
    keys[i + 1] = specs[i].name;
  if (!check_keys (ctx, obj, path, keys))
    return FALSE;

  gs_param_values_init (values, specs, n_specs);
  for (guint i = 0; i < n_specs; i++)
    {
      const GsParamSpec *spec = &specs[i];
      g_autofree char *p = child (path, spec->name);
      g_autofree char *msg = NULL;
      JsonNode *node = json_object_get_member (obj, spec->name);

      if (node == NULL)
        continue;
      values->set |= 1u << i;

      if (spec->type == GS_PARAM_BOOL)
        {
          gboolean b;
          if (!get_bool (ctx, node, p, &b))
            return FALSE;
          values->values[i][0] = b;
        }
      else if (spec->type == GS_PARAM_PAIR)
        {
          g_autoptr(GArray) pair = g_array_new (FALSE, FALSE, sizeof (double));
          if (!get_numbers (ctx, node, p, 2, 2, pair))
            return FALSE;
          for (guint c = 0; c < 2; c++)
            {
              g_autofree char *pc = g_strdup_printf ("%s[%u]", p, c);
              values->values[i][c] = g_array_index (pair, double, c);
              if (!gs_param_check (spec, c, values->values[i][c], &msg))
                return fail (ctx, pc, FALSE, "%s: %s", pc, msg);
            }
          continue;
        }
      else if (!get_number (ctx, node, p, &values->values[i][0]))
        return FALSE;

      if (!gs_param_check (spec, 0, values->values[i][0], &msg))
        return fail (ctx, p, FALSE, "%s: %s", p, msg);
    }

  for (guint i = 0; i < n_specs; i++)
    if (isnan (values->values[i][0]))
      return fail (ctx, path, FALSE, g_str_equal (kind_name, "optimizer")
                                     /* TRANSLATORS: "runs[0].optimizer: optimizer
                                        'sgd' needs a value for 'lr'": where, the
                                        names as written in the file */
                                     ? _("%s: optimizer '%s' needs a value for '%s'")
                                     : _("%s: schedule '%s' needs a value for '%s'"),
                   path, json_object_get_string_member (obj, "name"), specs[i].name);
  return TRUE;
}

static gboolean
parse_optimizer (Ctx *ctx, JsonNode *node, const char *path, GsRunSpec *spec)
{
  g_autofree const char **names = NULL;
  g_autofree char *name_path = child (path, "name");
  g_autofree char *msg = NULL;
  const GsOptimizerInfo *all;
  JsonObject *obj;
  JsonNode *name_node;
  const char *name;
  guint n;

  if (!get_object (ctx, node, path, &obj))
    return FALSE;
  name_node = json_object_get_member (obj, "name");
  if (name_node == NULL)
    return fail (ctx, path, FALSE, _("%s: missing 'name' (the optimizer, e.g. \"adam\")"), path);
  if (!get_string (ctx, name_node, name_path, &name))
    return FALSE;

  all = gs_optimizers (&n);
  names = g_new0 (const char *, n + 1);
  for (guint i = 0; i < n; i++)
    names[i] = all[i].name;
  spec->optimizer = gs_optimizer_lookup (name);
  if (spec->optimizer == NULL)
    return unknown_name (ctx, name_path, NC_("unknown name", "optimizer"), name, names);

  if (!parse_params (ctx, obj, path, "optimizer", spec->optimizer->params,
                     spec->optimizer->n_params, &spec->optimizer_values))
    return FALSE;
  if (!gs_optimizer_check (spec->optimizer, &spec->optimizer_values, &msg))
    return fail (ctx, path, FALSE, "%s: %s", path, msg);
  return TRUE;
}

static gboolean
parse_schedule (Ctx *ctx, JsonNode *node, const char *path, GsRunSpec *spec)
{
  g_autofree const char **names = NULL;
  g_autofree char *name_path = child (path, "name");
  const GsScheduleInfo *all;
  JsonObject *obj;
  JsonNode *name_node;
  const char *name;
  guint n;

  if (!get_object (ctx, node, path, &obj))
    return FALSE;
  name_node = json_object_get_member (obj, "name");
  if (name_node == NULL)
    return fail (ctx, path, FALSE, _("%s: missing 'name' (the schedule, e.g. \"cosine\")"), path);
  if (!get_string (ctx, name_node, name_path, &name))
    return FALSE;

  all = gs_schedules (&n);
  names = g_new0 (const char *, n + 1);
  for (guint i = 0; i < n; i++)
    names[i] = all[i].name;
  spec->schedule = gs_schedule_lookup (name);
  if (spec->schedule == NULL)
    return unknown_name (ctx, name_path, NC_("unknown name", "schedule"), name, names);

  return parse_params (ctx, obj, path, "schedule", spec->schedule->params,
                       spec->schedule->n_params, &spec->schedule_values);
}

static void
run_spec_free (gpointer data)
{
  GsRunSpec *spec = data;

  g_free (spec->label);
  g_free (spec->color);
  g_free (spec);
}

static gboolean
valid_color (const char *s)
{
  if (strlen (s) != 7 || s[0] != '#')
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (s[i]))
      return FALSE;
  return TRUE;
}

/* {"l1": a, "l2": b, "l1_mode": "subgradient" | "proximal"} at path */
static gboolean
parse_regularization (Ctx *ctx, JsonNode *node, const char *path, GsRegularization *out)
{
  static const char *const reg_keys[] = { "l1", "l2", "l1_mode", NULL };
  static const char *const modes[] = { "subgradient", "proximal", NULL };
  const char *const names[2] = { "l1", "l2" };
  double *values[2] = { &out->l1, &out->l2 };
  JsonObject *reg;
  JsonNode *m;

  if (!get_object (ctx, node, path, &reg) || !check_keys (ctx, reg, path, reg_keys))
    return FALSE;
  for (guint i = 0; i < 2; i++)
    if ((m = json_object_get_member (reg, names[i])))
      {
        g_autofree char *p = child (path, names[i]);

        if (!get_number (ctx, m, p, values[i]))
          return FALSE;
        if (!(*values[i] >= 0) || isinf (*values[i]))
          return fail (ctx, p, FALSE, _("%s: expected a strength ≥ 0, found %g"), p, *values[i]);
      }
  if ((m = json_object_get_member (reg, "l1_mode")))
    {
      g_autofree char *p = child (path, "l1_mode");
      const char *mode;

      if (!get_string (ctx, m, p, &mode))
        return FALSE;
      if (!g_strv_contains (modes, mode))
        return unknown_name (ctx, p, NC_("unknown name", "L1 mode"), mode, modes);
      out->l1_proximal = g_str_equal (mode, "proximal");
    }
  return TRUE;
}

static gboolean
parse_run (Ctx *ctx, JsonNode *node, const char *path, GsRunSpec *spec)
{
  static const char *const keys[] = {
    "label", "color", "optimizer", "schedule", "batch_size", "shuffle_seed", "regularization",
    NULL
  };
  JsonObject *obj;
  JsonNode *member;
  const char *s;
  guint64 v;

  spec->batch_size = -1;
  spec->schedule = gs_schedule_lookup ("constant");
  gs_param_values_init (&spec->schedule_values, spec->schedule->params,
                        spec->schedule->n_params);

  if (!get_object (ctx, node, path, &obj) || !check_keys (ctx, obj, path, keys))
    return FALSE;

  member = json_object_get_member (obj, "optimizer");
  if (member == NULL)
    return fail (ctx, path, FALSE, _("%s: missing 'optimizer'"), path);
  {
    g_autofree char *p = child (path, "optimizer");
    if (!parse_optimizer (ctx, member, p, spec))
      return FALSE;
  }

  if ((member = json_object_get_member (obj, "schedule")))
    {
      g_autofree char *p = child (path, "schedule");
      if (!parse_schedule (ctx, member, p, spec))
        return FALSE;
    }

  if ((member = json_object_get_member (obj, "label")))
    {
      g_autofree char *p = child (path, "label");
      if (!get_string (ctx, member, p, &s))
        return FALSE;
      spec->label = g_strdup (s);
    }
  else
    spec->label = g_strdup (spec->optimizer->title);

  if ((member = json_object_get_member (obj, "color")))
    {
      g_autofree char *p = child (path, "color");
      if (!get_string (ctx, member, p, &s))
        return FALSE;
      if (!valid_color (s))
        return fail (ctx, p, FALSE, _("%s: expected a colour as \"#rrggbb\", found \"%s\""), p, s);
      spec->color = g_ascii_strdown (s, -1);
    }

  if ((member = json_object_get_member (obj, "batch_size")))
    {
      g_autofree char *p = child (path, "batch_size");
      if (!get_count (ctx, member, p, 0, G_MAXINT, &v))
        return FALSE;
      spec->batch_size = (int) v;
    }

  if ((member = json_object_get_member (obj, "regularization")))
    {
      g_autofree char *p = child (path, "regularization");
      if (!parse_regularization (ctx, member, p, &spec->reg))
        return FALSE;
      spec->has_reg = TRUE;
    }

  if ((member = json_object_get_member (obj, "shuffle_seed")))
    {
      g_autofree char *p = child (path, "shuffle_seed");
      if (!get_count (ctx, member, p, 0, G_MAXINT64, &v))
        return FALSE;
      spec->shuffle_seed = v;
    }
  return TRUE;
}

/* ---- problem and data ------------------------------------------------------ */

static gboolean
parse_data (Ctx *ctx, JsonNode *node, const char *path, GsDataSpec *data)
{
  static const char *const keys[] = {
    "inline", "csv", "header", "generator", "samples", "features", "classes", "noise",
    "seed", "validation", "validation_seed", NULL
  };
  static const char *const sources[] = { "inline", "csv", "generator", NULL };
  JsonObject *obj;
  JsonNode *member;
  guint n_sources = 0;
  guint64 v;

  if (!get_object (ctx, node, path, &obj) || !check_keys (ctx, obj, path, keys))
    return FALSE;
  for (guint i = 0; sources[i]; i++)
    n_sources += json_object_has_member (obj, sources[i]);
  if (n_sources != 1)
    /* TRANSLATORS: 'inline', 'csv' and 'generator' are keys of the file */
    return fail (ctx, path, FALSE, _("%s: expected exactly one of 'inline', 'csv' or "
                                     "'generator', found %u"), path, n_sources);

  if ((member = json_object_get_member (obj, "inline")))
    {
      g_autofree char *p = child (path, "inline");
      g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
      JsonArray *rows;

      data->kind = GS_DATA_INLINE;
      if (!JSON_NODE_HOLDS_ARRAY (member))
        return fail (ctx, p, FALSE, _("%s: expected an array of rows [x1, …, xd, y], found %s"),
                     p, node_kind (member));
      rows = json_node_get_array (member);
      data->n_rows = json_array_get_length (rows);
      if (data->n_rows == 0)
        return fail (ctx, p, FALSE, _("%s: expected at least one row"), p);
      for (guint i = 0; i < data->n_rows; i++)
        {
          g_autofree char *pr = g_strdup_printf ("%s[%u]", p, i);
          guint before = values->len;

          if (i == 0)
            {
              if (!get_numbers (ctx, json_array_get_element (rows, i), pr, 2, 10000, values))
                return FALSE;
              data->n_cols = values->len;
            }
          else
            {
              JsonNode *row = json_array_get_element (rows, i);
              if (JSON_NODE_HOLDS_ARRAY (row)
                  && json_array_get_length (json_node_get_array (row)) != data->n_cols)
                return fail (ctx, pr, FALSE,
                             _("%s: expected %u numbers as in the first row, found %u"),
                             pr, data->n_cols, json_array_get_length (json_node_get_array (row)));
              if (!get_numbers (ctx, row, pr, data->n_cols, data->n_cols, values))
                return FALSE;
            }
          (void) before;
        }
      data->rows = (double *) g_array_steal (values, NULL);
    }
  else if ((member = json_object_get_member (obj, "csv")))
    {
      g_autofree char *p = child (path, "csv");
      const char *s;

      data->kind = GS_DATA_CSV;
      data->header = GS_CSV_HEADER_AUTO;
      if (!get_string (ctx, member, p, &s))
        return FALSE;
      data->csv = g_strdup (s);
      if ((member = json_object_get_member (obj, "header")))
        {
          g_autofree char *ph = child (path, "header");
          gboolean b;

          if (JSON_NODE_HOLDS_VALUE (member)
              && json_node_get_value_type (member) == G_TYPE_STRING
              && g_str_equal (json_node_get_string (member), "auto"))
            data->header = GS_CSV_HEADER_AUTO;
          else if (!JSON_NODE_HOLDS_VALUE (member)
                   || json_node_get_value_type (member) != G_TYPE_BOOLEAN)
            return fail (ctx, ph, FALSE, _("%s: expected true, false or \"auto\", found %s"),
                         ph, node_kind (member));
          else if (get_bool (ctx, member, ph, &b))
            data->header = b ? GS_CSV_HEADER_YES : GS_CSV_HEADER_NO;
        }
    }
  else
    {
      g_autofree char *p = child (path, "generator");
      const char *s;
      double noise;

      const GsGeneratorInfo *info;

      data->kind = GS_DATA_GENERATOR;
      data->samples = 100;
      data->seed = 0;
      if (!get_string (ctx, json_object_get_member (obj, "generator"), p, &s))
        return FALSE;
      info = gs_dataset_generator_lookup (s);
      if (info == NULL)
        return unknown_name (ctx, p, NC_("unknown name", "generator"), s,
                             gs_dataset_generator_names ());
      data->generator = g_strdup (s);
      data->features = info->any_features ? 1 : 2;
      data->noise = info->default_noise;
      if ((member = json_object_get_member (obj, "samples")))
        {
          g_autofree char *ps = child (path, "samples");
          if (!get_count (ctx, member, ps, 1, 10000000, &v))
            return FALSE;
          data->samples = v;
        }
      if ((member = json_object_get_member (obj, "features")))
        {
          g_autofree char *ps = child (path, "features");
          if (!get_count (ctx, member, ps, 1, 4096, &v))
            return FALSE;
          if (!info->any_features && v != 2)
            return fail (ctx, ps, FALSE, _("%s: generator '%s' makes 2-D points; features "
                                           "must be 2, found %llu"),
                         ps, info->name, (unsigned long long) v);
          data->features = v;
        }
      if ((member = json_object_get_member (obj, "classes")))
        {
          g_autofree char *ps = child (path, "classes");

          if (!info->classify)
            return fail (ctx, ps, TRUE, _("%s: generator '%s' makes a real target, not classes"),
                         ps, info->name);
          if (!info->any_classes)
            {
              if (!get_count (ctx, member, ps, info->default_classes,
                              info->default_classes, &v))
                return FALSE;
            }
          else if (!get_count (ctx, member, ps, 2, GS_DATASET_MAX_CLASSES, &v))
            return FALSE;
          data->classes = v;
        }
      if ((member = json_object_get_member (obj, "noise")))
        {
          g_autofree char *ps = child (path, "noise");
          if (!get_number (ctx, member, ps, &noise))
            return FALSE;
          if (noise < 0)
            return fail (ctx, ps, FALSE, _("%s: expected a noise ≥ 0, found %g"), ps, noise);
          data->noise = noise;
        }
      if ((member = json_object_get_member (obj, "seed")))
        {
          g_autofree char *ps = child (path, "seed");
          if (!get_count (ctx, member, ps, 0, G_MAXINT64, &v))
            return FALSE;
          data->seed = v;
        }
    }

  if ((member = json_object_get_member (obj, "validation")))
    {
      g_autofree char *p = child (path, "validation");

      if (!get_number (ctx, member, p, &data->validation))
        return FALSE;
      if (!(data->validation >= 0.0 && data->validation < 1.0))
        return fail (ctx, p, FALSE, _("%s: expected the fraction of rows to hold out, "
                                      "in [0, 1), found %g"), p, data->validation);
    }
  if ((member = json_object_get_member (obj, "validation_seed")))
    {
      g_autofree char *p = child (path, "validation_seed");

      if (!get_count (ctx, member, p, 0, G_MAXINT64, &v))
        return FALSE;
      data->validation_seed = v;
      if (!json_object_has_member (obj, "validation"))
        return fail (ctx, p, TRUE, _("%s: applies with 'validation' (the fraction of rows "
                                     "to hold out)"), p);
    }

  /* keys that belong to another source */
  if (data->kind != GS_DATA_CSV && json_object_has_member (obj, "header"))
    {
      g_autofree char *p = child (path, "header");
      return fail (ctx, p, TRUE, _("%s: 'header' only applies to 'csv' data"), p);
    }
  if (data->kind != GS_DATA_GENERATOR)
    {
      static const char *const gen_keys[] = {
        "samples", "features", "classes", "noise", "seed", NULL
      };
      for (guint i = 0; gen_keys[i]; i++)
        if (json_object_has_member (obj, gen_keys[i]))
          {
            g_autofree char *p = child (path, gen_keys[i]);
            return fail (ctx, p, TRUE, _("%s: '%s' only applies to 'generator' data"),
                         p, gen_keys[i]);
          }
    }
  return TRUE;
}

static GsDataset *
build_dataset (Ctx *ctx, const GsDataSpec *data, const char *path)
{
  GError *local = NULL;
  GsDataset *set = NULL;

  switch (data->kind)
    {
    case GS_DATA_INLINE:
      set = gs_dataset_new (data->n_rows, data->n_cols - 1);
      for (guint i = 0; i < data->n_rows; i++)
        {
          const double *v = data->rows + (gsize) i * data->n_cols;
          memcpy (gs_dataset_row (set, i) + 1, v, sizeof (double) * (data->n_cols - 1));
          set->y[i] = v[data->n_cols - 1];
        }
      set->source = g_strdup ("inline data");
      return set;

    case GS_DATA_CSV:
      {
        g_autofree char *file = g_path_is_absolute (data->csv)
          ? g_strdup (data->csv)
          : g_build_filename (ctx->base_dir ? ctx->base_dir : ".", data->csv, NULL);
        g_autofree char *p = g_strconcat (path, ".csv", NULL);

        if (!g_file_test (file, G_FILE_TEST_IS_REGULAR))
          {
            if (g_file_test (file, G_FILE_TEST_EXISTS))
              fail (ctx, p, FALSE, _("%s: cannot read the CSV file '%s': not a regular file"),
                    p, file);
            else
              fail (ctx, p, FALSE, _("%s: cannot read the CSV file '%s': no such file"),
                    p, file);
            return NULL;
          }
        set = gs_dataset_load_csv (file, file, data->header, &local);
        break;
      }

    case GS_DATA_GENERATOR:
    default:
      set = gs_dataset_generate_full (data->generator, data->samples, data->features,
                                      data->classes, data->noise, data->seed, &local);
      break;
    }

  if (local != NULL)
    g_propagate_error (ctx->error, local);
  return set;
}

/* problem.hidden, .activation, .features, .task, .init_seed, .precision of an mlp;
 * the task's default comes from the data (generated: the generator's kind;
 * inline and CSV: classify). */
static gboolean
parse_mlp (Ctx *ctx, JsonObject *obj, GsExperiment *exp)
{
  GsMlpConfig *c = &exp->mlp;
  JsonNode *member;
  guint64 v;

  gs_mlp_config_init (c);
  if (exp->data.kind == GS_DATA_GENERATOR)
    c->classify = gs_dataset_generator_lookup (exp->data.generator)->classify;

  if ((member = json_object_get_member (obj, "hidden")))
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        return fail (ctx, "problem.hidden", FALSE, _("problem.hidden: expected an array of "
                                                     "layer widths such as [16, 16], found %s"),
                     node_kind (member));
      array = json_node_get_array (member);
      if (json_array_get_length (array) > GS_MLP_MAX_HIDDEN)
        return fail (ctx, "problem.hidden", FALSE, _("problem.hidden: at most %u hidden "
                                                     "layers, found %u"),
                     GS_MLP_MAX_HIDDEN, json_array_get_length (array));
      c->n_hidden = json_array_get_length (array);
      for (guint l = 0; l < c->n_hidden; l++)
        {
          g_autofree char *p = g_strdup_printf ("problem.hidden[%u]", l);
          JsonNode *el = json_array_get_element (array, l);
          double w;

          if (!get_number (ctx, el, p, &w))
            return FALSE;
          if (w != floor (w) || w < 1 || w > GS_MLP_MAX_WIDTH)
            return fail (ctx, p, FALSE, _("%s: expected a whole number of units in [1, %u], "
                                          "found %g"), p, GS_MLP_MAX_WIDTH, w);
          c->hidden[l] = (guint) w;
        }
    }

  if ((member = json_object_get_member (obj, "activation")))
    {
      const char *name;

      if (!get_string (ctx, member, "problem.activation", &name))
        return FALSE;
      if (!gs_activation_from_string (name, &c->activation))
        return unknown_name (ctx, "problem.activation", NC_("unknown name", "activation"),
                             name, gs_activation_names ());
    }

  if ((member = json_object_get_member (obj, "features")))
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        return fail (ctx, "problem.features", FALSE, _("problem.features: expected an array "
                                                       "of input features such as [\"x\", "
                                                       "\"y\", \"xy\"], found %s"),
                     node_kind (member));
      array = json_node_get_array (member);
      if (json_array_get_length (array) == 0)
        return fail (ctx, "problem.features", FALSE, "%s",
                     _("problem.features: expected at least one input feature (leave the "
                       "key out for the raw inputs)"));
      if (json_array_get_length (array) > GS_N_FEATURES)
        return fail (ctx, "problem.features", FALSE, _("problem.features: at most %u input "
                                                       "features, found %u"),
                     GS_N_FEATURES, json_array_get_length (array));
      c->n_features = json_array_get_length (array);
      for (guint i = 0; i < c->n_features; i++)
        {
          g_autofree char *p = g_strdup_printf ("problem.features[%u]", i);
          const char *name;

          if (!get_string (ctx, json_array_get_element (array, i), p, &name))
            return FALSE;
          if (!gs_feature_from_string (name, &c->features[i]))
            return unknown_name (ctx, p, NC_("unknown name", "input feature"), name,
                                 gs_feature_names ());
          for (guint j = 0; j < i; j++)
            if (c->features[j] == c->features[i])
              return fail (ctx, p, FALSE, _("%s: '%s' is already listed as features[%u]"),
                           p, name, j);
        }
    }

  if ((member = json_object_get_member (obj, "task")))
    {
      static const char *const tasks[] = { "classify", "regress", NULL };
      const char *task;

      if (!get_string (ctx, member, "problem.task", &task))
        return FALSE;
      if (!g_strv_contains (tasks, task))
        return unknown_name (ctx, "problem.task", NC_("unknown name", "task"), task, tasks);
      c->classify = g_str_equal (task, "classify");
    }

  if ((member = json_object_get_member (obj, "init_seed")))
    {
      if (!get_count (ctx, member, "problem.init_seed", 0, G_MAXINT64, &v))
        return FALSE;
      c->init_seed = v;
    }

  if ((member = json_object_get_member (obj, "precision")))
    {
      static const char *const precisions[] = { "float64", "float32", NULL };
      const char *precision;

      if (!get_string (ctx, member, "problem.precision", &precision))
        return FALSE;
      if (!g_strv_contains (precisions, precision))
        return unknown_name (ctx, "problem.precision", NC_("unknown name", "precision"),
                             precision, precisions);
      c->float32 = g_str_equal (precision, "float32");
    }
  return TRUE;
}

static gboolean
parse_problem (Ctx *ctx, JsonNode *node, GsExperiment *exp)
{
  static const char *const kinds[] = {
    "function", "linear_regression", "logistic_regression", "mlp", NULL
  };
  static const char *const function_keys[] = { "type", "name", "expression", "view", NULL };
  static const char *const model_keys[] = { "type", "data", NULL };
  static const char *const mlp_keys[] = {
    "type", "data", "hidden", "activation", "features", "task", "init_seed", "precision",
    NULL
  };
  JsonObject *obj;
  JsonNode *member;
  const char *type;

  if (!get_object (ctx, node, "problem", &obj))
    return FALSE;
  member = json_object_get_member (obj, "type");
  if (member == NULL)
    return fail (ctx, "problem", FALSE, "%s",
                 _("problem: missing 'type' (one of: function, linear_regression, "
                   "logistic_regression, mlp)"));
  if (!get_string (ctx, member, "problem.type", &type))
    return FALSE;

  if (g_str_equal (type, "function"))
    {
      g_autofree const char **names = NULL;
      const GsFunctionInfo *all;
      JsonNode *name_node = json_object_get_member (obj, "name");
      JsonNode *expr_node = json_object_get_member (obj, "expression");
      const char *name = NULL, *text = NULL;
      guint n;

      exp->kind = GS_PROBLEM_FUNCTION;
      if (!check_keys (ctx, obj, "problem", function_keys))
        return FALSE;
      if (name_node == NULL && expr_node == NULL)
        return fail (ctx, "problem", FALSE, "%s",
                     _("problem: missing 'name' (a built-in function, e.g. \"rosenbrock\") "
                       "or 'expression' (your own, e.g. \"x^2 + 3*y^2\")"));
      if (name_node != NULL && expr_node != NULL)
        return fail (ctx, "problem.expression", TRUE, "%s",
                     _("problem: expected one of 'name' (a built-in function) or "
                       "'expression' (your own), found both"));

      if (name_node != NULL)
        {
          if (!get_string (ctx, name_node, "problem.name", &name))
            return FALSE;
          all = gs_functions (&n);
          names = g_new0 (const char *, n + 1);
          for (guint i = 0; i < n; i++)
            names[i] = all[i].name;
          if (gs_function_lookup (name) == NULL)
            return unknown_name (ctx, "problem.name", NC_("unknown name", "function"), name,
                                 names);
        }
      else if (!get_string (ctx, expr_node, "problem.expression", &text))
        return FALSE;

      if ((member = json_object_get_member (obj, "view")))
        {
          g_autoptr(GArray) v = g_array_new (FALSE, FALSE, sizeof (double));
          if (!get_numbers (ctx, member, "problem.view", 4, 4, v))
            return FALSE;
          memcpy (exp->view, v->data, sizeof exp->view);
          if (!(exp->view[0] < exp->view[1] && exp->view[2] < exp->view[3]))
            return fail (ctx, "problem.view", FALSE, "%s",
                         _("problem.view: expected [x_min, x_max, y_min, y_max] with "
                           "x_min < x_max and y_min < y_max"));
          exp->has_view = TRUE;
        }

      if (name != NULL)
        {
          exp->function = g_strdup (name);
          exp->problem = gs_problem_new_function (gs_function_lookup (name));
        }
      else
        {
          g_autoptr(GError) local = NULL;
          guint col = 0;

          exp->problem = gs_problem_new_expression (text, exp->has_view ? exp->view : NULL,
                                                    &col, &local);
          if (exp->problem == NULL)
            return fail_at (ctx, string_char_loc (ctx, "problem.expression", col),
                            /* TRANSLATORS: %s is the message about the expression */
                            _("problem.expression: %s"), local->message);
          exp->function = g_strdup (gs_problem_get_name (exp->problem));
          exp->expression = g_strdup (text);
        }
      return TRUE;
    }

  if (g_str_equal (type, "linear_regression") || g_str_equal (type, "logistic_regression")
      || g_str_equal (type, "mlp"))
    {
      GsModelOptions options;
      GsDataset *set;
      GError *local = NULL;

      exp->kind = g_str_equal (type, "linear_regression") ? GS_PROBLEM_LINEAR_REGRESSION
                : g_str_equal (type, "logistic_regression") ? GS_PROBLEM_LOGISTIC_REGRESSION
                : GS_PROBLEM_MLP;
      if (!check_keys (ctx, obj, "problem", exp->kind == GS_PROBLEM_MLP ? mlp_keys : model_keys))
        return FALSE;
      member = json_object_get_member (obj, "data");
      if (member == NULL)
        /* TRANSLATORS: %s is the problem's type: mlp, linear_regression, … */
        return fail (ctx, "problem", FALSE, _("problem: missing 'data' for %s"), type);
      if (!parse_data (ctx, member, "problem.data", &exp->data))
        return FALSE;
      if (exp->kind == GS_PROBLEM_MLP && !parse_mlp (ctx, obj, exp))
        return FALSE;
      set = build_dataset (ctx, &exp->data, "problem.data");
      if (set == NULL)
        return FALSE;

      if (exp->kind == GS_PROBLEM_MLP && exp->mlp.n_features > 0 && set->n_features != 2)
        {
          guint d = set->n_features;
          gs_dataset_free (set);
          return fail (ctx, "problem.features", FALSE,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "problem.features: input features are made from 2-D "
                                    "points (x, y); the data has %u feature",
                                    "problem.features: input features are made from 2-D "
                                    "points (x, y); the data has %u features", d), d);
        }
      if (exp->data.validation > 0.0)
        {
          guint m = set->n_rows;
          guint n_val = gs_dataset_validation_rows (m, exp->data.validation);

          if (n_val == 0 || n_val >= m)
            {
              gs_dataset_free (set);
              return fail (ctx, "problem.data.validation", FALSE,
                           /* TRANSLATORS: "problem.data.validation: 0.5 of 1 row
                              holds out 1, leaving 0 to train on; …": the fraction
                              of the rows held out */
                           g_dngettext (GETTEXT_PACKAGE, "problem.data.validation: %g of "
                                        "%u row holds out %u, leaving %u to train on; each "
                                        "side needs at least one row",
                                        "problem.data.validation: %g of %u rows holds out "
                                        "%u, leaving %u to train on; each side needs at "
                                        "least one row", m),
                           exp->data.validation, m, n_val, m - MIN (n_val, m));
            }
        }

      gs_model_options_init (&options);
      options.validation = exp->data.validation;
      options.validation_seed = exp->data.validation_seed;
      if (exp->kind == GS_PROBLEM_MLP)
        options.mlp = exp->mlp;
      exp->problem = gs_problem_new_model_full (exp->kind, set, &options, &local);
      if (exp->problem == NULL)
        {
          if (local->code == GS_ERROR_DATA && exp->data.kind == GS_DATA_CSV)
            g_propagate_error (ctx->error, local);
          else
            {
              const char *where = local->code == GS_ERROR_DATA ? "problem.data" : "problem";
              fail (ctx, where, FALSE, "%s: %s", where, local->message);
              g_error_free (local);
            }
          return FALSE;
        }
      return TRUE;
    }

  return unknown_name (ctx, "problem.type", NC_("unknown name", "problem type"), type, kinds);
}

/* ---- the whole file ---------------------------------------------------------- */

static gboolean
parse_experiment (Ctx *ctx, JsonNode *root, GsExperiment *exp)
{
  static const char *const keys[] = {
    "problem", "start", "regularization", "max_steps", "stop", "batch_size",
    "eval_every", "runs", NULL
  };
  JsonObject *obj;
  JsonNode *member;
  JsonArray *runs;
  guint64 v;

  if (!get_object (ctx, root, "", &obj) || !check_keys (ctx, obj, "", keys))
    return FALSE;

  member = json_object_get_member (obj, "problem");
  if (member == NULL)
    return fail (ctx, "", FALSE, "%s",
                 _("missing 'problem', e.g. {\"type\": \"function\", "
                   "\"name\": \"rosenbrock\"}"));
  if (!parse_problem (ctx, member, exp))
    return FALSE;

  if ((member = json_object_get_member (obj, "start")))
    {
      guint n = gs_problem_get_n_params (exp->problem);
      g_autoptr(GArray) start = g_array_new (FALSE, FALSE, sizeof (double));

      if (JSON_NODE_HOLDS_ARRAY (member)
          && json_array_get_length (json_node_get_array (member)) != n)
        {
          const GsMlp *mlp = gs_problem_get_mlp (exp->problem);
          g_autofree char *layout = mlp ? gs_mlp_describe (mlp) : NULL;

          if (mlp)
            /* TRANSLATORS: "start: expected 67 numbers for mlp 2-16-16-3
               (one per parameter: …), found 2" */
            return fail (ctx, "start", FALSE, _("start: expected %u numbers for %s %s "
                                                "(one per parameter: each layer's weights "
                                                "row by row, then its biases), found %u"),
                         n, gs_problem_get_name (exp->problem), layout,
                         json_array_get_length (json_node_get_array (member)));
          /* TRANSLATORS: "start: expected 2 numbers for rosenbrock (one per
             parameter), found 3" */
          return fail (ctx, "start", FALSE, _("start: expected %u numbers for %s "
                                              "(one per parameter), found %u"),
                       n, gs_problem_get_name (exp->problem),
                       json_array_get_length (json_node_get_array (member)));
        }
      if (!get_numbers (ctx, member, "start", n, n, start))
        return FALSE;
      exp->has_start = TRUE;
      exp->start = (double *) g_array_steal (start, NULL);
    }

  if ((member = json_object_get_member (obj, "regularization"))
      && !parse_regularization (ctx, member, "regularization", &exp->reg))
    return FALSE;

  if ((member = json_object_get_member (obj, "max_steps")))
    {
      if (!get_count (ctx, member, "max_steps", 0, (guint64) 1 << 53, &exp->max_steps))
        return FALSE;
    }

  if ((member = json_object_get_member (obj, "stop")))
    {
      static const char *const stop_keys[] = { "loss_below", "grad_norm_below", NULL };
      JsonObject *stop;
      JsonNode *m;

      if (!get_object (ctx, member, "stop", &stop)
          || !check_keys (ctx, stop, "stop", stop_keys))
        return FALSE;
      if ((m = json_object_get_member (stop, "loss_below"))
          && !get_number (ctx, m, "stop.loss_below", &exp->stop.loss_below))
        return FALSE;
      if ((m = json_object_get_member (stop, "grad_norm_below")))
        {
          if (!get_number (ctx, m, "stop.grad_norm_below", &exp->stop.grad_norm_below))
            return FALSE;
          if (exp->stop.grad_norm_below <= 0)
            return fail (ctx, "stop.grad_norm_below", FALSE,
                         _("stop.grad_norm_below: expected a value > 0, found %g"),
                         exp->stop.grad_norm_below);
        }
    }

  if ((member = json_object_get_member (obj, "batch_size")))
    {
      if (!get_count (ctx, member, "batch_size", 0, G_MAXINT, &v))
        return FALSE;
      exp->batch_size = v;
    }

  if ((member = json_object_get_member (obj, "eval_every")))
    {
      if (!get_count (ctx, member, "eval_every", 1, G_MAXINT, &v))
        return FALSE;
      exp->eval_every = v;
    }

  member = json_object_get_member (obj, "runs");
  if (member == NULL)
    return fail (ctx, "", FALSE, "%s",
                 _("missing 'runs': a list of at least one run, e.g. "
                   "[{\"optimizer\": {\"name\": \"adam\", \"lr\": 0.01}}]"));
  if (!JSON_NODE_HOLDS_ARRAY (member))
    return fail (ctx, "runs", FALSE, _("runs: expected an array of runs, found %s"),
                 node_kind (member));
  runs = json_node_get_array (member);
  if (json_array_get_length (runs) == 0)
    return fail (ctx, "runs", FALSE, "%s", _("runs: expected at least one run"));
  for (guint i = 0; i < json_array_get_length (runs); i++)
    {
      g_autofree char *p = g_strdup_printf ("runs[%u]", i);
      GsRunSpec *spec = g_new0 (GsRunSpec, 1);

      g_ptr_array_add (exp->runs, spec);
      if (!parse_run (ctx, json_array_get_element (runs, i), p, spec))
        return FALSE;
      if (spec->batch_size > 0 && exp->kind == GS_PROBLEM_FUNCTION)
        /* TRANSLATORS: "runs[1]: batch_size applies to data sets; rosenbrock
           has none": where, then the function's name */
        return fail (ctx, p, FALSE, _("%s: batch_size applies to data sets; %s has none"),
                     p, exp->function);
    }
  if (exp->batch_size > 0 && exp->kind == GS_PROBLEM_FUNCTION)
    return fail (ctx, "batch_size", FALSE, _("batch_size: applies to data sets; %s has none"),
                 exp->function);
  return TRUE;
}

static GsExperiment *
experiment_new (void)
{
  GsExperiment *exp = g_new0 (GsExperiment, 1);

  exp->max_steps = 1000;
  exp->eval_every = 1;
  exp->stop.loss_below = NAN;
  exp->stop.grad_norm_below = NAN;
  exp->runs = g_ptr_array_new_with_free_func (run_spec_free);
  return exp;
}

void
gs_experiment_free (GsExperiment *exp)
{
  if (exp == NULL)
    return;
  g_free (exp->function);
  g_free (exp->expression);
  g_free (exp->data.rows);
  g_free (exp->data.csv);
  g_free (exp->data.generator);
  g_free (exp->start);
  g_ptr_array_unref (exp->runs);
  g_free (exp->base_dir);
  gs_problem_unref (exp->problem);
  g_free (exp);
}

GsExperiment *
gs_experiment_new_from_data (const char *text, gssize len, const char *display,
                             const char *base_dir, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GsJsonLocations) locs = NULL;
  g_autoptr(GError) local = NULL;
  GsExperiment *exp;
  Ctx ctx;

  if (len < 0)
    len = strlen (text);
  if (display == NULL)
    display = "<experiment>";

  if (!g_utf8_validate (text, len, NULL))
    {
      /* TRANSLATORS: the file name, line 1, column 1 first */
      g_set_error (error, GS_ERROR, GS_ERROR_PARSE, _("%s:1:1: the file is not UTF-8 text"),
                   display);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, text, len, &local))
    {
      /* json-glib says "<data>:L:C: Parse error: …"; name the file instead */
      const char *msg = local->message;
      if (g_str_has_prefix (msg, "<data>:"))
        msg += strlen ("<data>:");
      g_set_error (error, GS_ERROR, GS_ERROR_PARSE, "%s:%s", display, msg);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_PARSE, _("%s:1:1: the file is empty"), display);
      return NULL;
    }

  locs = gs_json_locations_new (text, len);
  ctx.text = text;
  ctx.len = len;
  ctx.display = display;
  ctx.base_dir = base_dir;
  ctx.locs = locs;
  ctx.error = error;

  exp = experiment_new ();
  exp->base_dir = g_strdup (base_dir);
  if (!parse_experiment (&ctx, json_parser_get_root (parser), exp))
    {
      gs_experiment_free (exp);
      return NULL;
    }
  return exp;
}

GsExperiment *
gs_experiment_new_from_file (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) local = NULL;
  gsize len;

  if (!g_file_get_contents (path, &text, &len, &local))
    {
      /* TRANSLATORS: the file name, then the system's reason */
      g_set_error (error, GS_ERROR, GS_ERROR_IO, _("%s: cannot read the experiment: %s"),
                   path, local->message);
      return NULL;
    }
  dir = g_path_get_dirname (path);
  return gs_experiment_new_from_data (text, len, path, dir, error);
}

static const char *const builtin_names[] = { "default", NULL };

const char *const *
gs_experiment_builtin_names (void)
{
  return builtin_names;
}

GsExperiment *
gs_experiment_new_builtin (const char *name, GError **error)
{
  g_autofree char *path = g_strconcat (RESOURCE_DIR, name, ".json", NULL);
  g_autofree char *display = g_strconcat ("builtin:", name, NULL);
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  const char *text;

  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) builtin_names);
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   _("no built-in experiment '%s' (there are: %s)"), name, list);
      return NULL;
    }
  text = g_bytes_get_data (bytes, &len);
  return gs_experiment_new_from_data (text, len, display, NULL, error);
}

GsExperiment *
gs_experiment_new_from_arg (const char *arg, GError **error)
{
  if (arg == NULL)
    return gs_experiment_new_builtin ("default", error);
  if (g_str_has_prefix (arg, "builtin:"))
    return gs_experiment_new_builtin (arg + strlen ("builtin:"), error);
  return gs_experiment_new_from_file (arg, error);
}

/* ---- saving ------------------------------------------------------------------- */

static void
append_number (GString *out, double v)
{
  char buf[GS_DOUBLE_BUF_SIZE];

  g_string_append (out, gs_format_double (buf, v));
}

static void
append_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const char *p = s; *p; p++)
    {
      switch (*p)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\r': g_string_append (out, "\\r"); break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\u%04x", (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

static void append_number (GString *out, double v);

static void
append_regularization (GString *out, const GsRegularization *reg)
{
  g_string_append (out, "{\"l1\": ");
  append_number (out, reg->l1);
  g_string_append (out, ", \"l2\": ");
  append_number (out, reg->l2);
  if (reg->l1_proximal)
    g_string_append (out, ", \"l1_mode\": \"proximal\"");
  g_string_append_c (out, '}');
}

static void
append_numbers (GString *out, const double *v, guint n)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i)
        g_string_append (out, ", ");
      append_number (out, v[i]);
    }
  g_string_append_c (out, ']');
}

/* "name" plus every value given explicitly, in table order */
static void
append_params (GString *out, const char *name, const GsParamSpec *specs,
               guint n_specs, const GsParamValues *values)
{
  g_string_append (out, "{\"name\": ");
  append_string (out, name);
  for (guint i = 0; i < n_specs; i++)
    {
      if (!(values->set & (1u << i)))
        continue;
      g_string_append_printf (out, ", \"%s\": ", specs[i].name);
      switch (specs[i].type)
        {
        case GS_PARAM_BOOL:
          g_string_append (out, values->values[i][0] != 0 ? "true" : "false");
          break;
        case GS_PARAM_PAIR:
          append_numbers (out, values->values[i], 2);
          break;
        case GS_PARAM_INT:
        case GS_PARAM_DOUBLE:
        default:
          append_number (out, values->values[i][0]);
        }
    }
  g_string_append_c (out, '}');
}

/* csv: the CSV path to write (the spec's own when NULL) */
static void
append_data (GString *out, const GsDataSpec *data, const char *csv)
{
  switch (data->kind)
    {
    case GS_DATA_INLINE:
      g_string_append (out, "{\"inline\": [");
      for (guint i = 0; i < data->n_rows; i++)
        {
          g_string_append (out, i ? ",\n      " : "\n      ");
          append_numbers (out, data->rows + (gsize) i * data->n_cols, data->n_cols);
        }
      g_string_append (out, "\n    ]");
      break;
    case GS_DATA_CSV:
      g_string_append (out, "{\"csv\": ");
      append_string (out, csv ? csv : data->csv);
      if (data->header != GS_CSV_HEADER_AUTO)
        g_string_append_printf (out, ", \"header\": %s",
                                data->header == GS_CSV_HEADER_YES ? "true" : "false");
      break;
    case GS_DATA_GENERATOR:
    default:
      {
        const GsGeneratorInfo *info = gs_dataset_generator_lookup (data->generator);

        g_string_append (out, "{\"generator\": ");
        append_string (out, data->generator);
        g_string_append_printf (out, ", \"samples\": %u", data->samples);
        /* the 2-D shapes have no choice of features */
        if (info == NULL || info->any_features)
          g_string_append_printf (out, ", \"features\": %u", data->features);
        if (data->classes != 0)
          g_string_append_printf (out, ", \"classes\": %u", data->classes);
        g_string_append (out, ", \"noise\": ");
        append_number (out, data->noise);
        g_string_append_printf (out, ", \"seed\": %" G_GUINT64_FORMAT, data->seed);
        break;
      }
    }
  if (data->validation > 0.0)
    {
      g_string_append (out, ", \"validation\": ");
      append_number (out, data->validation);
      if (data->validation_seed != 0)
        g_string_append_printf (out, ", \"validation_seed\": %" G_GUINT64_FORMAT,
                                data->validation_seed);
    }
  g_string_append_c (out, '}');
}

static char *
experiment_to_json (const GsExperiment *exp, const char *csv)
{
  GString *out = g_string_new ("{\n  \"problem\": ");

  if (exp->kind == GS_PROBLEM_FUNCTION)
    {
      if (exp->expression != NULL)
        {
          g_string_append (out, "{\"type\": \"function\", \"expression\": ");
          append_string (out, exp->expression);
        }
      else
        {
          g_string_append (out, "{\"type\": \"function\", \"name\": ");
          append_string (out, exp->function);
        }
      if (exp->has_view)
        {
          g_string_append (out, ", \"view\": ");
          append_numbers (out, exp->view, 4);
        }
      g_string_append_c (out, '}');
    }
  else if (exp->kind == GS_PROBLEM_MLP)
    {
      const GsMlpConfig *c = &exp->mlp;

      g_string_append (out, "{\"type\": \"mlp\", \"hidden\": [");
      for (guint l = 0; l < c->n_hidden; l++)
        g_string_append_printf (out, l ? ", %u" : "%u", c->hidden[l]);
      g_string_append (out, "], \"activation\": ");
      append_string (out, gs_activation_to_string (c->activation));
      if (c->n_features > 0)
        {
          g_string_append (out, ", \"features\": [");
          for (guint i = 0; i < c->n_features; i++)
            {
              if (i)
                g_string_append (out, ", ");
              append_string (out, gs_feature_to_string (c->features[i]));
            }
          g_string_append_c (out, ']');
        }
      g_string_append_printf (out, ",\n    \"task\": \"%s\", \"init_seed\": %" G_GUINT64_FORMAT,
                              c->classify ? "classify" : "regress", c->init_seed);
      if (c->float32)
        g_string_append (out, ", \"precision\": \"float32\"");
      g_string_append (out, ",\n    \"data\": ");
      append_data (out, &exp->data, csv);
      g_string_append_c (out, '}');
    }
  else
    {
      g_string_append_printf (out, "{\"type\": \"%s\",\n    \"data\": ",
                              exp->kind == GS_PROBLEM_LINEAR_REGRESSION
                              ? "linear_regression" : "logistic_regression");
      append_data (out, &exp->data, csv);
      g_string_append_c (out, '}');
    }

  if (exp->has_start)
    {
      g_string_append (out, ",\n  \"start\": ");
      append_numbers (out, exp->start, gs_problem_get_n_params (exp->problem));
    }
  if (exp->reg.l1 != 0 || exp->reg.l2 != 0 || exp->reg.l1_proximal)
    {
      g_string_append (out, ",\n  \"regularization\": ");
      append_regularization (out, &exp->reg);
    }
  g_string_append_printf (out, ",\n  \"max_steps\": %" G_GUINT64_FORMAT, exp->max_steps);
  if (!isnan (exp->stop.loss_below) || !isnan (exp->stop.grad_norm_below))
    {
      const char *sep = "";
      g_string_append (out, ",\n  \"stop\": {");
      if (!isnan (exp->stop.loss_below))
        {
          g_string_append (out, "\"loss_below\": ");
          append_number (out, exp->stop.loss_below);
          sep = ", ";
        }
      if (!isnan (exp->stop.grad_norm_below))
        {
          g_string_append_printf (out, "%s\"grad_norm_below\": ", sep);
          append_number (out, exp->stop.grad_norm_below);
        }
      g_string_append_c (out, '}');
    }
  if (exp->batch_size != 0)
    g_string_append_printf (out, ",\n  \"batch_size\": %u", exp->batch_size);
  if (exp->eval_every != 1)
    g_string_append_printf (out, ",\n  \"eval_every\": %u", exp->eval_every);

  g_string_append (out, ",\n  \"runs\": [");
  for (guint i = 0; i < exp->runs->len; i++)
    {
      const GsRunSpec *spec = g_ptr_array_index (exp->runs, i);

      g_string_append (out, i ? ",\n    {\"label\": " : "\n    {\"label\": ");
      append_string (out, spec->label);
      if (spec->color)
        {
          g_string_append (out, ", \"color\": ");
          append_string (out, spec->color);
        }
      g_string_append (out, ",\n     \"optimizer\": ");
      append_params (out, spec->optimizer->name, spec->optimizer->params,
                     spec->optimizer->n_params, &spec->optimizer_values);
      if (spec->schedule->kind != GS_SCHEDULE_CONSTANT || spec->schedule_values.set)
        {
          g_string_append (out, ",\n     \"schedule\": ");
          append_params (out, spec->schedule->name, spec->schedule->params,
                         spec->schedule->n_params, &spec->schedule_values);
        }
      if (spec->batch_size >= 0)
        g_string_append_printf (out, ",\n     \"batch_size\": %d", spec->batch_size);
      if (spec->has_reg)
        {
          g_string_append (out, ",\n     \"regularization\": ");
          append_regularization (out, &spec->reg);
        }
      if (spec->shuffle_seed != 0)
        g_string_append_printf (out, ",\n     \"shuffle_seed\": %" G_GUINT64_FORMAT,
                                spec->shuffle_seed);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "\n  ]\n}\n");
  return g_string_free (out, FALSE);
}

char *
gs_experiment_to_json (const GsExperiment *exp)
{
  return experiment_to_json (exp, NULL);
}

/* target relative to dir, both absolute and canonical ("../data/x.csv");
 * NULL when there is no such path (another root, as another drive) */
static char *
relative_path (const char *dir, const char *target)
{
  const char *dir_rest = g_path_skip_root (dir);
  const char *target_rest = g_path_skip_root (target);
  g_auto(GStrv) from = NULL;
  g_auto(GStrv) to = NULL;
  GString *out;
  guint common = 0;

  if (dir_rest == NULL || target_rest == NULL || dir_rest - dir != target_rest - target
      || strncmp (dir, target, dir_rest - dir) != 0)
    return NULL;
  from = g_strsplit (dir_rest, G_DIR_SEPARATOR_S, -1);
  to = g_strsplit (target_rest, G_DIR_SEPARATOR_S, -1);
  /* "/" splits into one empty part */
  if (from[0] != NULL && from[0][0] == '\0' && from[1] == NULL)
    g_clear_pointer (&from[0], g_free);
  while (from[common] != NULL && to[common] != NULL && g_str_equal (from[common], to[common]))
    common++;
  out = g_string_new (NULL);
  for (guint i = common; from[i] != NULL; i++)
    g_string_append (out, ".." G_DIR_SEPARATOR_S);
  for (guint i = common; to[i] != NULL; i++)
    {
      if (i > common)
        g_string_append (out, G_DIR_SEPARATOR_S);
      g_string_append (out, to[i]);
    }
  return g_string_free (out, FALSE);
}

/* The CSV path to write into a file at path: relative paths are relative
 * to the experiment file, so one saved elsewhere gets the path from its
 * own directory (absolute when there is none). NULL: as written. */
static char *
csv_for_destination (const GsExperiment *exp, const char *path)
{
  g_autofree char *base = NULL;
  g_autofree char *file = NULL;
  g_autofree char *dest = NULL;
  g_autofree char *dest_dir = NULL;
  char *rel;

  if (exp->kind == GS_PROBLEM_FUNCTION || exp->data.kind != GS_DATA_CSV
      || exp->data.csv == NULL || g_path_is_absolute (exp->data.csv))
    return NULL;
  base = g_canonicalize_filename (exp->base_dir ? exp->base_dir : ".", NULL);
  file = g_canonicalize_filename (exp->data.csv, base);
  dest = g_canonicalize_filename (path, NULL);
  dest_dir = g_path_get_dirname (dest);
  if (g_str_equal (dest_dir, base))
    return NULL;
  rel = relative_path (dest_dir, file);
  return rel ? rel : g_steal_pointer (&file);
}

gboolean
gs_experiment_save (const GsExperiment *exp, const char *path, GError **error)
{
  g_autofree char *csv = csv_for_destination (exp, path);
  g_autofree char *text = experiment_to_json (exp, csv);
  g_autoptr(GError) local = NULL;

  /* g_file_set_contents writes a temporary file and renames it over path */
  if (!g_file_set_contents (path, text, -1, &local))
    {
      g_set_error (error, GS_ERROR, GS_ERROR_IO, _("%s: cannot save the experiment: %s"),
                   path, local->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- runs ---------------------------------------------------------------------- */

guint
gs_experiment_get_n_runs (const GsExperiment *exp)
{
  return exp->runs->len;
}

GsRunSpec *
gs_experiment_get_run (const GsExperiment *exp, guint i)
{
  return g_ptr_array_index (exp->runs, i);
}

void
gs_experiment_get_run_config (const GsExperiment *exp, guint i, GsRunConfig *config)
{
  const GsRunSpec *spec = gs_experiment_get_run (exp, i);

  gs_run_config_init (config, spec->optimizer);
  config->optimizer_values = spec->optimizer_values;
  config->schedule = spec->schedule;
  config->schedule_values = spec->schedule_values;
  config->reg = spec->has_reg ? spec->reg : exp->reg;
  config->stop = exp->stop;
  config->max_steps = exp->max_steps;
  config->batch_size = spec->batch_size >= 0 ? (guint) spec->batch_size : exp->batch_size;
  config->eval_every = exp->eval_every;
  config->shuffle_seed = spec->shuffle_seed;
}

GsRun *
gs_experiment_create_run (const GsExperiment *exp, guint i, guint trace_capacity)
{
  GsRunConfig config;

  gs_experiment_get_run_config (exp, i, &config);
  return gs_run_new (exp->problem, &config, exp->has_start ? exp->start : NULL,
                     trace_capacity);
}

gboolean
gs_experiment_has_minibatches (const GsExperiment *exp)
{
  if (exp->kind == GS_PROBLEM_FUNCTION)
    return FALSE;
  for (guint i = 0; i < exp->runs->len; i++)
    {
      GsRunConfig config;
      gs_experiment_get_run_config (exp, i, &config);
      if (config.batch_size > 0)
        return TRUE;
    }
  return FALSE;
}
