/* gs-dataset.c — generated, inline and CSV data sets */
#include "gs-dataset.h"
#include "gs-rng.h"
#include "gs-types.h"

#include <math.h>
#include <string.h>

GsDataset *
gs_dataset_new (guint n_rows, guint n_features)
{
  GsDataset *data = g_new0 (GsDataset, 1);

  data->n_rows = n_rows;
  data->n_features = n_features;
  data->cols = n_features + 1;
  data->x = g_new0 (double, MAX ((gsize) n_rows * data->cols, 1));
  data->y = g_new0 (double, MAX (n_rows, 1));
  for (guint i = 0; i < n_rows; i++)
    data->x[(gsize) i * data->cols] = 1.0;
  return data;
}

void
gs_dataset_free (GsDataset *data)
{
  if (data == NULL)
    return;
  g_free (data->x);
  g_free (data->y);
  g_free (data->lines);
  g_free (data->source);
  g_strfreev (data->names);
  g_free (data);
}

GsDataset *
gs_dataset_copy (const GsDataset *data)
{
  GsDataset *copy = gs_dataset_new (data->n_rows, data->n_features);

  memcpy (copy->x, data->x, sizeof (double) * data->n_rows * data->cols);
  memcpy (copy->y, data->y, sizeof (double) * data->n_rows);
  if (data->lines != NULL)
    copy->lines = g_memdup2 (data->lines, sizeof (guint) * data->n_rows);
  copy->source = g_strdup (data->source);
  copy->names = g_strdupv (data->names);
  return copy;
}

/* ---- generators --------------------------------------------------------- */

static const char *const generator_names[] = { "linear", "blobs", NULL };

const char *const *
gs_dataset_generator_names (void)
{
  return generator_names;
}

/* linear: x ~ N(0, 1)ᵈ, y = θ0 + Σ θj·xj + σ·N(0, 1) with θ drawn from
 * U(−2, 2) by the same seed, so a seed names one problem. */
static GsDataset *
generate_linear (guint n, guint d, double noise, GsRng *rng)
{
  GsDataset *data = gs_dataset_new (n, d);
  g_autofree double *theta = g_new (double, d + 1);

  for (guint j = 0; j <= d; j++)
    theta[j] = 4.0 * gs_rng_uniform (rng) - 2.0;

  for (guint i = 0; i < n; i++)
    {
      double *row = gs_dataset_row (data, i);
      double y = theta[0];

      for (guint j = 1; j <= d; j++)
        {
          row[j] = gs_rng_normal (rng);
          y += theta[j] * row[j];
        }
      data->y[i] = y + noise * gs_rng_normal (rng);
    }
  return data;
}

/* blobs: two Gaussian classes of equal size, centred at ∓(1.5, …, 1.5)/√d
 * (so the centres stay 3 apart whatever d is), spread σ = noise. */
static GsDataset *
generate_blobs (guint n, guint d, double noise, GsRng *rng)
{
  GsDataset *data = gs_dataset_new (n, d);
  double c = 1.5 / sqrt ((double) d);

  for (guint i = 0; i < n; i++)
    {
      double *row = gs_dataset_row (data, i);
      guint label = i % 2;

      for (guint j = 1; j <= d; j++)
        row[j] = (label ? c : -c) + noise * gs_rng_normal (rng);
      data->y[i] = label;
    }
  return data;
}

GsDataset *
gs_dataset_generate (const char *name, guint samples, guint features,
                     double noise, guint64 seed, GError **error)
{
  GsDataset *data;
  GsRng rng;

  if (samples == 0 || features == 0)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   "generator '%s' needs samples ≥ 1 and features ≥ 1", name);
      return NULL;
    }
  if (!isfinite (noise) || noise < 0)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   "generator '%s' needs a finite noise ≥ 0", name);
      return NULL;
    }

  gs_rng_init (&rng, seed);
  if (g_str_equal (name, "linear"))
    data = generate_linear (samples, features, noise, &rng);
  else if (g_str_equal (name, "blobs"))
    data = generate_blobs (samples, features, noise, &rng);
  else
    {
      g_autofree char *known = g_strjoinv ("', '", (char **) generator_names);
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   "unknown generator '%s' (expected '%s')", name, known);
      return NULL;
    }

  data->source = g_strdup_printf ("generator %s", name);
  return data;
}

/* ---- CSV ---------------------------------------------------------------- */

typedef struct
{
  const char *start;   /* first character of the field (after blanks) */
  gsize       len;     /* its length, trailing blanks removed */
  guint       col;     /* 1-based character column of start */
} Field;

static guint
utf8_column (const char *line, const char *at)
{
  return (guint) g_utf8_strlen (line, at - line) + 1;
}

/* Splits one line at commas; quotes around a field are removed. */
static void
split_fields (const char *line, gsize len, GArray *fields)
{
  const char *p = line;
  const char *end = line + len;

  g_array_set_size (fields, 0);
  for (;;)
    {
      Field f;
      const char *q;

      while (p < end && (*p == ' ' || *p == '\t'))
        p++;
      q = p;
      if (q < end && *q == '"')
        {
          const char *close = memchr (q + 1, '"', end - q - 1);
          if (close != NULL)
            {
              f.start = q + 1;
              f.len = close - q - 1;
              f.col = utf8_column (line, q);
              p = close + 1;
              while (p < end && *p != ',')
                p++;
              g_array_append_val (fields, f);
              if (p >= end)
                break;
              p++;
              continue;
            }
        }
      while (q < end && *q != ',')
        q++;
      f.start = p;
      f.len = q - p;
      while (f.len > 0 && (f.start[f.len - 1] == ' ' || f.start[f.len - 1] == '\t'))
        f.len--;
      f.col = utf8_column (line, p);
      g_array_append_val (fields, f);
      if (q >= end)
        break;
      p = q + 1;
    }
}

static gboolean
parse_number (const Field *f, double *out)
{
  char small[64];
  g_autofree char *big = NULL;
  char *buf = small;
  char *endp;

  if (f->len == 0)
    return FALSE;
  if (f->len >= sizeof small)
    buf = big = g_malloc (f->len + 1);
  memcpy (buf, f->start, f->len);
  buf[f->len] = '\0';
  *out = g_ascii_strtod (buf, &endp);
  return *endp == '\0';
}

/* The field as text for a message: at most 40 characters, cut at a
 * character boundary. */
static char *
field_excerpt (const Field *f)
{
  g_autofree char *text = g_strndup (f->start, f->len);
  glong chars = g_utf8_strlen (text, -1);
  g_autofree char *cut = NULL;

  if (chars <= 40)
    return g_steal_pointer (&text);
  cut = g_utf8_substring (text, 0, 40);
  return g_strconcat (cut, "…", NULL);
}

GsDataset *
gs_dataset_parse_csv (const char *text, gsize len, const char *display,
                      GsCsvHeader header, GError **error)
{
  g_autoptr(GArray) fields = g_array_new (FALSE, FALSE, sizeof (Field));
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_auto(GStrv) names = NULL;
  const char *p = text;
  const char *end = text + len;
  guint n_fields = 0;
  guint line_no = 0;
  guint header_line = 0;
  gboolean first = TRUE;
  GsDataset *data;

  if (!g_utf8_validate (text, len, NULL))
    {
      g_set_error (error, GS_ERROR, GS_ERROR_PARSE,
                   "%s: the file is not UTF-8 text", display);
      return NULL;
    }

  /* a UTF-8 byte order mark is not part of the first field */
  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *line = p;
      gsize line_len;
      const char *s;

      if (eol == NULL)
        eol = end;
      line_len = eol - line;
      if (line_len > 0 && line[line_len - 1] == '\r')
        line_len--;
      p = eol < end ? eol + 1 : end;
      line_no++;

      /* skip blank lines and # comments */
      for (s = line; s < line + line_len && (*s == ' ' || *s == '\t'); s++)
        ;
      if (s == line + line_len || *s == '#')
        continue;

      split_fields (line, line_len, fields);

      if (first)
        {
          gboolean numeric = TRUE;

          first = FALSE;
          n_fields = fields->len;
          if (n_fields < 2)
            {
              g_set_error (error, GS_ERROR, GS_ERROR_DATA,
                           "%s:%u:1: expected at least 2 comma-separated "
                           "columns (features, then the target), found %u",
                           display, line_no, n_fields);
              return NULL;
            }
          for (guint i = 0; i < fields->len; i++)
            {
              double v;
              if (!parse_number (&g_array_index (fields, Field, i), &v))
                numeric = FALSE;
            }
          if (header == GS_CSV_HEADER_YES
              || (header == GS_CSV_HEADER_AUTO && !numeric))
            {
              names = g_new0 (char *, n_fields + 1);
              for (guint i = 0; i < n_fields; i++)
                {
                  Field *f = &g_array_index (fields, Field, i);
                  names[i] = g_strndup (f->start, f->len);
                }
              header_line = line_no;
              continue;
            }
        }

      if (fields->len != n_fields)
        {
          g_set_error (error, GS_ERROR, GS_ERROR_DATA,
                       "%s:%u:1: expected %u fields as in the first row, found %u",
                       display, line_no, n_fields, fields->len);
          return NULL;
        }

      for (guint i = 0; i < fields->len; i++)
        {
          Field *f = &g_array_index (fields, Field, i);
          double v;

          if (!parse_number (f, &v))
            {
              g_autofree char *got = field_excerpt (f);
              g_set_error (error, GS_ERROR, GS_ERROR_DATA,
                           "%s:%u:%u: field %u: expected a number, found '%s'",
                           display, line_no, f->col, i + 1, got);
              return NULL;
            }
          if (!isfinite (v))
            {
              g_autofree char *got = field_excerpt (f);
              g_set_error (error, GS_ERROR, GS_ERROR_DATA,
                           "%s:%u:%u: field %u: expected a finite number, found '%s'",
                           display, line_no, f->col, i + 1, got);
              return NULL;
            }
          g_array_append_val (values, v);
        }
      g_array_append_val (lines, line_no);
    }

  if (lines->len == 0)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_DATA,
                   "%s:%u:1: no data rows%s", display, MAX (line_no, 1),
                   header_line ? " after the header" : "");
      return NULL;
    }

  data = gs_dataset_new (lines->len, n_fields - 1);
  for (guint i = 0; i < lines->len; i++)
    {
      const double *v = &g_array_index (values, double, (gsize) i * n_fields);
      double *row = gs_dataset_row (data, i);

      memcpy (row + 1, v, sizeof (double) * (n_fields - 1));
      data->y[i] = v[n_fields - 1];
    }
  data->lines = (guint *) g_array_steal (lines, NULL);
  data->source = g_strdup (display);
  data->names = g_steal_pointer (&names);
  return data;
}

GsDataset *
gs_dataset_load_csv (const char *path, const char *display,
                     GsCsvHeader header, GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;
  gsize len;

  if (display == NULL)
    display = path;
  if (!g_file_get_contents (path, &text, &len, &local))
    {
      g_set_error (error, GS_ERROR, GS_ERROR_IO, "%s: cannot read the CSV file: %s",
                   display, local->message);
      return NULL;
    }
  return gs_dataset_parse_csv (text, len, display, header, error);
}
