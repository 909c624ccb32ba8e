/* gs-json-loc.c — a second, position-only pass over already valid JSON */
#include "gs-json-loc.h"

#include <string.h>

struct _GsJsonLocations
{
  GHashTable *values;   /* path → packed GsJsonLoc */
  GHashTable *keys;     /* path → packed GsJsonLoc of the member's key */
};

typedef struct
{
  const char *p;
  const char *end;
  guint       line;
  guint       col;
  GsJsonLocations *locs;
} Scanner;

static inline gpointer
pack (guint line, guint col)
{
  return GUINT_TO_POINTER ((line << 12) | MIN (col, 4095u));
}

static void
advance (Scanner *s)
{
  if (s->p >= s->end)
    return;
  if (*s->p == '\n')
    {
      s->line++;
      s->col = 1;
      s->p++;
      return;
    }
  s->p = g_utf8_next_char (s->p);
  s->col++;
}

static void
skip_ws (Scanner *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    advance (s);
}

/* Returns the decoded key for object members (escapes kept simple: \" and
 * \\ become their character, other escapes are copied as written). */
static char *
scan_string (Scanner *s)
{
  GString *out = g_string_new (NULL);

  advance (s);   /* opening quote */
  while (s->p < s->end && *s->p != '"')
    {
      if (*s->p == '\\' && s->p + 1 < s->end)
        {
          advance (s);
          if (*s->p != '"' && *s->p != '\\' && *s->p != '/')
            g_string_append_c (out, '\\');
        }
      {
        const char *next = g_utf8_next_char (s->p);
        g_string_append_len (out, s->p, next - s->p);
      }
      advance (s);
    }
  advance (s);   /* closing quote */
  return g_string_free (out, FALSE);
}

static void scan_value (Scanner *s, const char *path);

static char *
child_path (const char *path, const char *key)
{
  return *path ? g_strconcat (path, ".", key, NULL) : g_strdup (key);
}

static void
scan_value (Scanner *s, const char *path)
{
  skip_ws (s);
  if (s->p >= s->end)
    return;
  g_hash_table_insert (s->locs->values, g_strdup (path), pack (s->line, s->col));

  switch (*s->p)
    {
    case '{':
      advance (s);
      for (;;)
        {
          g_autofree char *key = NULL;
          g_autofree char *child = NULL;
          guint line, col;

          skip_ws (s);
          if (s->p >= s->end || *s->p == '}')
            break;
          line = s->line;
          col = s->col;
          key = scan_string (s);
          child = child_path (path, key);
          g_hash_table_insert (s->locs->keys, g_strdup (child), pack (line, col));
          skip_ws (s);
          advance (s);   /* ':' */
          scan_value (s, child);
          skip_ws (s);
          if (s->p < s->end && *s->p == ',')
            advance (s);
          else
            break;
        }
      advance (s);   /* '}' */
      break;

    case '[':
      advance (s);
      for (guint i = 0;; i++)
        {
          g_autofree char *child = NULL;

          skip_ws (s);
          if (s->p >= s->end || *s->p == ']')
            break;
          child = g_strdup_printf ("%s[%u]", path, i);
          scan_value (s, child);
          skip_ws (s);
          if (s->p < s->end && *s->p == ',')
            advance (s);
          else
            break;
        }
      advance (s);   /* ']' */
      break;

    case '"':
      g_free (scan_string (s));
      break;

    default:
      /* number, true, false, null */
      while (s->p < s->end && strchr (",]} \t\r\n", *s->p) == NULL)
        advance (s);
      break;
    }
}

GsJsonLocations *
gs_json_locations_new (const char *text, gsize len)
{
  GsJsonLocations *locs = g_new0 (GsJsonLocations, 1);
  Scanner s = { text, text + len, 1, 1, locs };

  locs->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  locs->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* skip a UTF-8 byte order mark */
  if (len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    s.p += 3;
  scan_value (&s, "");
  return locs;
}

void
gs_json_locations_free (GsJsonLocations *locs)
{
  if (locs == NULL)
    return;
  g_hash_table_unref (locs->values);
  g_hash_table_unref (locs->keys);
  g_free (locs);
}

GsJsonLoc
gs_json_locations_get (GsJsonLocations *locs, const char *path, gboolean key)
{
  g_autofree char *p = g_strdup (path);
  gpointer packed;

  if (key && g_hash_table_lookup_extended (locs->keys, p, NULL, &packed))
    goto found;

  for (;;)
    {
      char *cut;

      if (g_hash_table_lookup_extended (locs->values, p, NULL, &packed))
        goto found;
      cut = MAX (strrchr (p, '.'), strrchr (p, '['));
      if (cut == NULL)
        {
          if (*p == '\0')
            break;
          *p = '\0';
        }
      else
        *cut = '\0';
    }
  return (GsJsonLoc) { 1, 1 };

found:
  return (GsJsonLoc) { GPOINTER_TO_UINT (packed) >> 12, GPOINTER_TO_UINT (packed) & 4095u };
}
