/* gs-dataset.c — generated, inline and CSV data sets */
#include "gs-dataset.h"
#include "gs-rng.h"
#include "gs-types.h"

#include <glib/gi18n-lib.h>
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
  copy->n_classes = data->n_classes;
  return copy;
}

guint
gs_dataset_validation_rows (guint n_rows, double fraction)
{
  return (guint) floor (fraction * n_rows + 0.5);
}

gboolean
gs_dataset_split (const GsDataset *data, double fraction, guint64 seed,
                  GsDataset **train, GsDataset **val, GError **error)
{
  g_autofree guint *perm = NULL;
  g_autofree guint8 *held = NULL;
  guint m = data->n_rows;
  guint n_val, i_train = 0, i_val = 0;
  GsDataset *parts[2];
  GsRng rng;

  if (!(fraction > 0.0 && fraction < 1.0))
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   _("validation: expected a fraction in (0, 1), found %g"), fraction);
      return FALSE;
    }
  n_val = gs_dataset_validation_rows (m, fraction);
  if (n_val == 0 || n_val >= m)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_DATA,
                   /* TRANSLATORS: "validation 0.5 of 1 row holds out 1, leaving 0
                      to train on; …": the fraction of the rows held out */
                   g_dngettext (GETTEXT_PACKAGE, "validation %g of %u row holds out %u, "
                                "leaving %u to train on; each side needs at least one",
                                "validation %g of %u rows holds out %u, leaving %u to train "
                                "on; each side needs at least one", m),
                   fraction, m, n_val, m - MIN (n_val, m));
      return FALSE;
    }

  /* the first n_val of a seeded shuffle are held out */
  perm = g_new (guint, m);
  held = g_new0 (guint8, m);
  for (guint i = 0; i < m; i++)
    perm[i] = i;
  gs_rng_init (&rng, seed);
  gs_rng_shuffle (&rng, perm, m);
  for (guint i = 0; i < n_val; i++)
    held[perm[i]] = 1;

  parts[0] = gs_dataset_new (m - n_val, data->n_features);
  parts[1] = gs_dataset_new (n_val, data->n_features);
  for (guint p = 0; p < 2; p++)
    {
      parts[p]->source = g_strdup (data->source);
      parts[p]->names = g_strdupv (data->names);
      parts[p]->n_classes = data->n_classes;
      if (data->lines != NULL)
        parts[p]->lines = g_new (guint, MAX (parts[p]->n_rows, 1));
    }
  for (guint i = 0; i < m; i++)
    {
      GsDataset *part = parts[held[i]];
      guint k = held[i] ? i_val++ : i_train++;

      memcpy (gs_dataset_row (part, k), gs_dataset_row (data, i), sizeof (double) * data->cols);
      part->y[k] = data->y[i];
      if (data->lines != NULL)
        part->lines[k] = data->lines[i];
    }
  *train = parts[0];
  *val = parts[1];
  return TRUE;
}

/* ---- generators --------------------------------------------------------- */

static const GsGeneratorInfo generators[] = {
  { "linear", "y = θ0 + Σ θj·xj + noise·N(0, 1), x ~ N(0, 1)ᵈ, θ ~ U(−2, 2)",
    FALSE, TRUE, 0, FALSE, 0.5 },
  /* TRANSLATORS: what each data generator makes (K is the number of classes,
     noise the generator's noise parameter; blobs, gaussians are their names) */
  { "blobs", N_("K Gaussian classes of spread noise, neighbouring centres 3 apart"),
    TRUE, TRUE, 2, TRUE, 0.5 },
  { "gaussians", N_("the same as blobs"),
    TRUE, TRUE, 2, TRUE, 0.5 },
  { "circles", N_("a disc (class 0, r < 0.5) inside a ring (class 1, 0.7 < r < 1)"),
    TRUE, FALSE, 2, FALSE, 0.1 },
  { "xor", N_("class 1 where x and y differ in sign, |x|, |y| in [0.05, 1]"),
    TRUE, FALSE, 2, FALSE, 0.1 },
  { "spiral", N_("K arms of 1.5 turns out to r = 1"),
    TRUE, FALSE, 2, TRUE, 0.1 },
  { "moons", N_("two interleaving half circles"),
    TRUE, FALSE, 2, FALSE, 0.1 },
};

static const char *const generator_names[] = {
  "linear", "blobs", "gaussians", "circles", "xor", "spiral", "moons", NULL
};

G_STATIC_ASSERT (G_N_ELEMENTS (generator_names) == G_N_ELEMENTS (generators) + 1);

const GsGeneratorInfo *
gs_dataset_generators (guint *n_generators)
{
  *n_generators = G_N_ELEMENTS (generators);
  return generators;
}

const GsGeneratorInfo *
gs_dataset_generator_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (generators); i++)
    if (g_str_equal (generators[i].name, name))
      return &generators[i];
  return NULL;
}

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

/* blobs: K Gaussian classes, spread σ = noise, class k at centre c_k:
 * K = 2: ∓(1.5, …, 1.5)/√d (the centres stay 3 apart whatever d is);
 * K > 2, d = 1: 3k − 1.5(K − 1), a row 3 apart;
 * K > 2, d ≥ 2: on a circle in (x1, x2), R·(cos 2πk/K, sin 2πk/K, 0, …) with
 * R = 1.5/sin(π/K), so neighbouring centres are again 3 apart. */
static GsDataset *
generate_blobs (guint n, guint d, guint k, double noise, GsRng *rng)
{
  GsDataset *data = gs_dataset_new (n, d);
  g_autofree double *centres = g_new0 (double, (gsize) k * d);

  if (k == 2)
    for (guint j = 0; j < d; j++)
      {
        centres[j] = -1.5 / sqrt ((double) d);
        centres[d + j] = 1.5 / sqrt ((double) d);
      }
  else if (d == 1)
    for (guint c = 0; c < k; c++)
      centres[c] = 3.0 * c - 1.5 * (k - 1);
  else
    for (guint c = 0; c < k; c++)
      {
        double r = 1.5 / sin (G_PI / k), a = 2.0 * G_PI * c / k;

        centres[(gsize) c * d] = r * cos (a);
        centres[(gsize) c * d + 1] = r * sin (a);
      }

  for (guint i = 0; i < n; i++)
    {
      double *row = gs_dataset_row (data, i);
      guint label = i % k;

      for (guint j = 1; j <= d; j++)
        row[j] = centres[(gsize) label * d + j - 1] + noise * gs_rng_normal (rng);
      data->y[i] = label;
    }
  return data;
}

/* The 2-D shapes: each row draws its point from its class (i mod K), then
 * adds noise·N(0, 1) to x and then to y. */
static GsDataset *
generate_2d (const char *name, guint n, guint k, double noise, GsRng *rng)
{
  GsDataset *data = gs_dataset_new (n, 2);

  for (guint i = 0; i < n; i++)
    {
      double *row = gs_dataset_row (data, i);
      guint label = i % k;
      double x, y;

      if (g_str_equal (name, "circles"))
        {
          /* radius ~ U(0, 0.5) inside, U(0.7, 1) outside; angle ~ U(0, 2π) */
          double u = gs_rng_uniform (rng);
          double r = label ? 0.7 + 0.3 * u : 0.5 * u;
          double t = 2.0 * G_PI * gs_rng_uniform (rng);

          x = r * cos (t);
          y = r * sin (t);
        }
      else if (g_str_equal (name, "xor"))
        {
          /* away from the axes, like TensorFlow Playground's padding */
          double ax = 0.05 + 0.95 * gs_rng_uniform (rng);
          double ay = 0.05 + 0.95 * gs_rng_uniform (rng);
          double sx = gs_rng_uniform (rng) < 0.5 ? -1.0 : 1.0;

          x = sx * ax;
          y = (label ? -sx : sx) * ay;
        }
      else if (g_str_equal (name, "spiral"))
        {
          /* s ~ U(0, 1) along arm k: r = s, angle 2πk/K + 3πs */
          double s = gs_rng_uniform (rng);
          double t = 2.0 * G_PI * label / k + 3.0 * G_PI * s;

          x = s * cos (t);
          y = s * sin (t);
        }
      else
        {
          /* moons: t ~ U(0, π); (cos t, sin t), or (1 − cos t, 0.5 − sin t) */
          double t = G_PI * gs_rng_uniform (rng);

          x = label ? 1.0 - cos (t) : cos (t);
          y = label ? 0.5 - sin (t) : sin (t);
        }
      row[1] = x + noise * gs_rng_normal (rng);
      row[2] = y + noise * gs_rng_normal (rng);
      data->y[i] = label;
    }
  return data;
}

GsDataset *
gs_dataset_generate_full (const char *name, guint samples, guint features,
                          guint classes, double noise, guint64 seed,
                          GError **error)
{
  const GsGeneratorInfo *info = gs_dataset_generator_lookup (name);
  GsDataset *data;
  guint k;
  GsRng rng;

  if (info == NULL)
    {
      g_autofree char *known = g_strjoinv ("', '", (char **) generator_names);
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   _("unknown generator '%s' (expected '%s')"), name, known);
      return NULL;
    }
  if (samples == 0 || (info->any_features && features == 0))
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   /* TRANSLATORS: samples and features are the keys of an
                      experiment file's data */
                   _("generator '%s' needs samples ≥ 1 and features ≥ 1"), name);
      return NULL;
    }
  if (!info->any_features && features != 2)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   _("generator '%s' makes 2-D points: features must be 2, found %u"),
                   name, features);
      return NULL;
    }
  if (!isfinite (noise) || noise < 0)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   _("generator '%s' needs a finite noise ≥ 0"), name);
      return NULL;
    }
  k = classes ? classes : info->default_classes;
  if (info->default_classes == 0 && classes != 0)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   _("generator '%s' makes a real target, not classes"), name);
      return NULL;
    }
  if (info->default_classes != 0 && !info->any_classes && k != info->default_classes)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   _("generator '%s' makes %u classes, found classes %u"), name,
                   info->default_classes, k);
      return NULL;
    }
  if (info->any_classes && (k < 2 || k > GS_DATASET_MAX_CLASSES))
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   _("generator '%s' needs classes in [2, %u], found %u"), name,
                   GS_DATASET_MAX_CLASSES, k);
      return NULL;
    }

  gs_rng_init (&rng, seed);
  if (g_str_equal (name, "linear"))
    data = generate_linear (samples, features, noise, &rng);
  else if (info->any_features)
    data = generate_blobs (samples, features, k, noise, &rng);
  else
    data = generate_2d (name, samples, k, noise, &rng);

  data->n_classes = info->classify ? k : 0;
  data->source = g_strdup_printf ("generator %s", name);
  return data;
}

GsDataset *
gs_dataset_generate (const char *name, guint samples, guint features,
                     double noise, guint64 seed, GError **error)
{
  return gs_dataset_generate_full (name, samples, features, 0, noise, seed, error);
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
                   _("%s: the file is not UTF-8 text"), display);
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
                           /* TRANSLATORS: "points.csv:3:1: …", the file, line
                              and column first */
                           _("%s:%u:1: expected at least 2 comma-separated "
                             "columns (features, then the target), found %u"),
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
                       _("%s:%u:1: expected %u fields as in the first row, found %u"),
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
                           /* TRANSLATORS: "points.csv:3:7: field 2: …", the
                              file, line and column first */
                           _("%s:%u:%u: field %u: expected a number, found '%s'"),
                           display, line_no, f->col, i + 1, got);
              return NULL;
            }
          if (!isfinite (v))
            {
              g_autofree char *got = field_excerpt (f);
              g_set_error (error, GS_ERROR, GS_ERROR_DATA,
                           _("%s:%u:%u: field %u: expected a finite number, found '%s'"),
                           display, line_no, f->col, i + 1, got);
              return NULL;
            }
          g_array_append_val (values, v);
        }
      g_array_append_val (lines, line_no);
    }

  if (lines->len == 0)
    {
      if (header_line)
        g_set_error (error, GS_ERROR, GS_ERROR_DATA,
                     _("%s:%u:1: no data rows after the header"), display, MAX (line_no, 1));
      else
        g_set_error (error, GS_ERROR, GS_ERROR_DATA,
                     _("%s:%u:1: no data rows"), display, MAX (line_no, 1));
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
      /* TRANSLATORS: the file name, then the system's reason */
      g_set_error (error, GS_ERROR, GS_ERROR_IO, _("%s: cannot read the CSV file: %s"),
                   display, local->message);
      return NULL;
    }
  return gs_dataset_parse_csv (text, len, display, header, error);
}
