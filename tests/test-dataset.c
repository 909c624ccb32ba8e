/* test-dataset.c — CSV parsing and loading, generators, validation splits, copies */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "gs-dataset.h"
#include "gs-types.h"

/* ---- helpers ------------------------------------------------------------ */

static GsDataset *
parse (const char *text, GsCsvHeader header, GError **error)
{
  return gs_dataset_parse_csv (text, strlen (text), "d.csv", header, error);
}

static GsDataset *
parse_ok (const char *text, GsCsvHeader header)
{
  g_autoptr(GError) error = NULL;
  GsDataset *data = parse (text, header, &error);

  g_assert_no_error (error);
  g_assert_nonnull (data);
  return data;
}

/* text fails to parse with exactly this message */
static void
assert_parse_error (const char *text, GsCsvHeader header, int code, const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsDataset) data = parse (text, header, &error);

  g_assert_null (data);
  g_assert_nonnull (error);
  if (g_strcmp0 (error->message, message) != 0)
    g_printerr ("got:      %s\nexpected: %s\n", error->message, message);
  g_assert_error (error, GS_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
}

/* Checks that row i is (1, features..., target) and came from line. */
static void
assert_row (const GsDataset *data, guint i, const double *features, double target,
            guint line)
{
  const double *row = gs_dataset_row (data, i);

  g_assert_cmpuint (i, <, data->n_rows);
  g_assert_cmpfloat (row[0], ==, 1.0);
  for (guint j = 0; j < data->n_features; j++)
    g_assert_cmpfloat (row[1 + j], ==, features[j]);
  g_assert_cmpfloat (data->y[i], ==, target);
  if (line != 0)
    {
      g_assert_nonnull (data->lines);
      g_assert_cmpuint (data->lines[i], ==, line);
    }
}

static void
assert_names (const GsDataset *data, const char *const *names)
{
  g_assert_nonnull (data->names);
  g_assert_cmpuint (g_strv_length (data->names), ==, data->cols);
  for (guint i = 0; i < data->cols; i++)
    g_assert_cmpstr (data->names[i], ==, names[i]);
}

/* A temporary file holding text; returns its path (unlink it after). */
static char *
write_temp (const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("gs-test-dataset-XXXXXX.csv", &path, &error);

  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);
  g_close (fd, NULL);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static GsDataset *
generate_ok (const char *name, guint samples, guint features, double noise, guint64 seed)
{
  g_autoptr(GError) error = NULL;
  GsDataset *data = gs_dataset_generate (name, samples, features, noise, seed, &error);

  g_assert_no_error (error);
  g_assert_nonnull (data);
  return data;
}

static void
assert_close (double got, double want)
{
  g_assert_cmpfloat (fabs (got - want), <=, 1e-12 * MAX (1.0, fabs (want)));
}

static gboolean
same_data (const GsDataset *a, const GsDataset *b)
{
  return a->n_rows == b->n_rows && a->cols == b->cols
         && memcmp (a->x, b->x, sizeof (double) * a->n_rows * a->cols) == 0
         && memcmp (a->y, b->y, sizeof (double) * a->n_rows) == 0;
}

/* Least squares θ of y ~ X (with the column of ones) by the normal
 * equations and Gaussian elimination; returns the RMS residual. */
static double
fit_linear (const GsDataset *data, double *theta)
{
  guint c = data->cols;
  g_autofree double *a = g_new0 (double, c * (c + 1));   /* [XᵀX | Xᵀy] */
  double sum = 0;

  for (guint i = 0; i < data->n_rows; i++)
    {
      const double *x = gs_dataset_row (data, i);

      for (guint r = 0; r < c; r++)
        {
          for (guint k = 0; k < c; k++)
            a[r * (c + 1) + k] += x[r] * x[k];
          a[r * (c + 1) + c] += x[r] * data->y[i];
        }
    }
  for (guint col = 0; col < c; col++)
    {
      guint piv = col;

      for (guint r = col + 1; r < c; r++)
        if (fabs (a[r * (c + 1) + col]) > fabs (a[piv * (c + 1) + col]))
          piv = r;
      for (guint k = 0; k <= c; k++)
        {
          double t = a[col * (c + 1) + k];
          a[col * (c + 1) + k] = a[piv * (c + 1) + k];
          a[piv * (c + 1) + k] = t;
        }
      g_assert_cmpfloat (fabs (a[col * (c + 1) + col]), >, 1e-9);
      for (guint r = 0; r < c; r++)
        if (r != col)
          {
            double f = a[r * (c + 1) + col] / a[col * (c + 1) + col];
            for (guint k = col; k <= c; k++)
              a[r * (c + 1) + k] -= f * a[col * (c + 1) + k];
          }
    }
  for (guint r = 0; r < c; r++)
    theta[r] = a[r * (c + 1) + c] / a[r * (c + 1) + r];

  for (guint i = 0; i < data->n_rows; i++)
    {
      const double *x = gs_dataset_row (data, i);
      double e = -data->y[i];

      for (guint k = 0; k < c; k++)
        e += theta[k] * x[k];
      sum += e * e;
    }
  return sqrt (sum / data->n_rows);
}

/* ---- construction ------------------------------------------------------- */

static void
test_new (void)
{
  g_autoptr(GsDataset) data = gs_dataset_new (3, 2);

  g_assert_cmpuint (data->n_rows, ==, 3);
  g_assert_cmpuint (data->n_features, ==, 2);
  g_assert_cmpuint (data->cols, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const double zero[2] = { 0, 0 };
      assert_row (data, i, zero, 0, 0);
    }
  g_assert_true (gs_dataset_row (data, 2) == data->x + 6);
  g_assert_null (data->lines);
  g_assert_null (data->source);
  g_assert_null (data->names);
  gs_dataset_free (NULL);
}

/* ---- CSV: what parses --------------------------------------------------- */

static void
test_csv_header_auto (void)
{
  g_autoptr(GsDataset) data = parse_ok ("x1,x2,y\n1,2,3\n4.5,-5e-1,6\n", GS_CSV_HEADER_AUTO);
  const char *const names[] = { "x1", "x2", "y" };

  g_assert_cmpuint (data->n_rows, ==, 2);
  g_assert_cmpuint (data->n_features, ==, 2);
  g_assert_cmpuint (data->cols, ==, 3);
  assert_names (data, names);
  assert_row (data, 0, (const double[]) { 1, 2 }, 3, 2);
  assert_row (data, 1, (const double[]) { 4.5, -0.5 }, 6, 3);
  g_assert_cmpstr (data->source, ==, "d.csv");
}

static void
test_csv_no_header_auto (void)
{
  /* an all-number first row is data; no newline at the end */
  g_autoptr(GsDataset) data = parse_ok ("1,2,3\n4,5,6", GS_CSV_HEADER_AUTO);

  g_assert_cmpuint (data->n_rows, ==, 2);
  g_assert_null (data->names);
  assert_row (data, 0, (const double[]) { 1, 2 }, 3, 1);
  assert_row (data, 1, (const double[]) { 4, 5 }, 6, 2);
}

static void
test_csv_header_declared (void)
{
  /* declared: the numeric first row is the header */
  {
    g_autoptr(GsDataset) data = parse_ok ("1,2,3\n4,5,6\n", GS_CSV_HEADER_YES);
    const char *const names[] = { "1", "2", "3" };

    g_assert_cmpuint (data->n_rows, ==, 1);
    assert_names (data, names);
    assert_row (data, 0, (const double[]) { 4, 5 }, 6, 2);
  }
  /* declared: a text first row is the header, as with auto */
  {
    g_autoptr(GsDataset) data = parse_ok ("a,y\n4,6\n", GS_CSV_HEADER_YES);
    const char *const names[] = { "a", "y" };

    assert_names (data, names);
    assert_row (data, 0, (const double[]) { 4 }, 6, 2);
  }
  /* declared absent: the first row is data */
  {
    g_autoptr(GsDataset) data = parse_ok ("1,2,3\n4,5,6\n", GS_CSV_HEADER_NO);

    g_assert_cmpuint (data->n_rows, ==, 2);
    g_assert_null (data->names);
    assert_row (data, 0, (const double[]) { 1, 2 }, 3, 1);
  }
  /* declared absent with a text first row: that row is an error */
  assert_parse_error ("a,y\n1,2\n", GS_CSV_HEADER_NO, GS_ERROR_DATA,
                      "d.csv:1:1: field 1: expected a number, found 'a'");
}

static void
test_csv_quoted (void)
{
  g_autoptr(GsDataset) data =
    parse_ok ("\"first name\", \"a,b\" ,\"y\"\n\"1.5\",2,3\n", GS_CSV_HEADER_AUTO);
  const char *const names[] = { "first name", "a,b", "y" };

  assert_names (data, names);
  g_assert_cmpuint (data->n_rows, ==, 1);
  assert_row (data, 0, (const double[]) { 1.5, 2 }, 3, 2);
}

static void
test_csv_crlf_blanks (void)
{
  {
    g_autoptr(GsDataset) data = parse_ok ("a,b,y\r\n1,2,3\r\n4,5,6\r\n", GS_CSV_HEADER_AUTO);
    const char *const names[] = { "a", "b", "y" };

    assert_names (data, names);
    g_assert_cmpuint (data->n_rows, ==, 2);
    assert_row (data, 0, (const double[]) { 1, 2 }, 3, 2);
    assert_row (data, 1, (const double[]) { 4, 5 }, 6, 3);
  }
  /* blanks around fields are ignored, tabs too */
  {
    g_autoptr(GsDataset) data = parse_ok ("  a\t, y  \n 1 ,\t-2\t\n", GS_CSV_HEADER_AUTO);
    const char *const names[] = { "a", "y" };

    assert_names (data, names);
    assert_row (data, 0, (const double[]) { 1 }, -2, 2);
  }
}

static void
test_csv_comments (void)
{
  const char *text =
    "# a comment\n"        /* 1 */
    "\n"                   /* 2 */
    "   \t \n"             /* 3 */
    " a , y\n"             /* 4 */
    "1, 2\n"               /* 5 */
    "  # indented, 1, 2\n" /* 6 */
    "\r\n"                 /* 7 */
    "3,4\n"                /* 8 */
    "# last\n";            /* 9 */
  g_autoptr(GsDataset) data = parse_ok (text, GS_CSV_HEADER_AUTO);
  const char *const names[] = { "a", "y" };

  assert_names (data, names);
  g_assert_cmpuint (data->n_rows, ==, 2);
  assert_row (data, 0, (const double[]) { 1 }, 2, 5);
  assert_row (data, 1, (const double[]) { 3 }, 4, 8);
}

/* ---- CSV: every error --------------------------------------------------- */

static void
test_csv_error_number (void)
{
  assert_parse_error ("a,b,y\n1,2,3\n4,abc,6\n", GS_CSV_HEADER_AUTO, GS_ERROR_DATA,
                      "d.csv:3:3: field 2: expected a number, found 'abc'");
  /* the column is that of the field's first character after blanks */
  assert_parse_error ("a,b,y\n1,2,3\n4,  x1 ,6\n", GS_CSV_HEADER_AUTO, GS_ERROR_DATA,
                      "d.csv:3:5: field 2: expected a number, found 'x1'");
  /* the target too */
  assert_parse_error ("a,y\n1,2\n3,yes\n", GS_CSV_HEADER_AUTO, GS_ERROR_DATA,
                      "d.csv:3:3: field 2: expected a number, found 'yes'");
  /* after comments and blank lines the line is still the file's */
  assert_parse_error ("# c\n\na,y\n\n1,2\n# c\n3 4,5\n", GS_CSV_HEADER_AUTO, GS_ERROR_DATA,
                      "d.csv:7:1: field 1: expected a number, found '3 4'");
  /* an empty field */
  assert_parse_error ("a,y\n1,\n", GS_CSV_HEADER_AUTO, GS_ERROR_DATA,
                      "d.csv:2:3: field 2: expected a number, found ''");
  /* a quoted field: the column of the quote */
  assert_parse_error ("a,y\n1,\"abc\"\n", GS_CSV_HEADER_AUTO, GS_ERROR_DATA,
                      "d.csv:2:3: field 2: expected a number, found 'abc'");
  /* CRLF: no \r in the message */
  assert_parse_error ("a,y\r\n1,x\r\n", GS_CSV_HEADER_AUTO, GS_ERROR_DATA,
                      "d.csv:2:3: field 2: expected a number, found 'x'");
  /* a long field is cut to 40 characters */
  assert_parse_error ("a,y\n1,abcdefghijabcdefghijabcdefghijabcdefghijabcdefghij\n",
                      GS_CSV_HEADER_AUTO, GS_ERROR_DATA,
                      "d.csv:2:3: field 2: expected a number, "
                      "found 'abcdefghijabcdefghijabcdefghijabcdefghij…'");
}

static void
test_csv_error_ragged (void)
{
  assert_parse_error ("a,b,y\n1,2,3\n4,5\n", GS_CSV_HEADER_AUTO, GS_ERROR_DATA,
                      "d.csv:3:1: expected 3 fields as in the first row, found 2");
  assert_parse_error ("1,2\n3,4\n\n5,6,7\n", GS_CSV_HEADER_AUTO, GS_ERROR_DATA,
                      "d.csv:4:1: expected 2 fields as in the first row, found 3");
  /* a trailing comma is one more (empty) field */
  assert_parse_error ("a,y\n1,2,\n", GS_CSV_HEADER_AUTO, GS_ERROR_DATA,
                      "d.csv:2:1: expected 2 fields as in the first row, found 3");
}

static void
test_csv_error_not_finite (void)
{
  assert_parse_error ("a,y\n1,2\ninf,3\n", GS_CSV_HEADER_AUTO, GS_ERROR_DATA,
                      "d.csv:3:1: field 1: expected a finite number, found 'inf'");
  assert_parse_error ("a,y\n1,-Infinity\n", GS_CSV_HEADER_AUTO, GS_ERROR_DATA,
                      "d.csv:2:3: field 2: expected a finite number, found '-Infinity'");
  assert_parse_error ("a,y\n1,2\n3, nan\n", GS_CSV_HEADER_AUTO, GS_ERROR_DATA,
                      "d.csv:3:4: field 2: expected a finite number, found 'nan'");
  /* overflow to ∞ */
  assert_parse_error ("a,y\n1e999,2\n", GS_CSV_HEADER_AUTO, GS_ERROR_DATA,
                      "d.csv:2:1: field 1: expected a finite number, found '1e999'");
  /* a non-finite first row is data, not a header, when declared absent */
  assert_parse_error ("nan,2\n", GS_CSV_HEADER_NO, GS_ERROR_DATA,
                      "d.csv:1:1: field 1: expected a finite number, found 'nan'");
}

static void
test_csv_error_no_rows (void)
{
  assert_parse_error ("", GS_CSV_HEADER_AUTO, GS_ERROR_DATA, "d.csv:1:1: no data rows");
  assert_parse_error ("# c\n\n", GS_CSV_HEADER_AUTO, GS_ERROR_DATA, "d.csv:2:1: no data rows");
  assert_parse_error ("a,y\n", GS_CSV_HEADER_AUTO, GS_ERROR_DATA,
                      "d.csv:1:1: no data rows after the header");
  assert_parse_error ("a,y\n# c\n\n", GS_CSV_HEADER_AUTO, GS_ERROR_DATA,
                      "d.csv:3:1: no data rows after the header");
  assert_parse_error ("1,2\n", GS_CSV_HEADER_YES, GS_ERROR_DATA,
                      "d.csv:1:1: no data rows after the header");
}

static void
test_csv_error_columns (void)
{
  assert_parse_error ("y\n1\n2\n", GS_CSV_HEADER_AUTO, GS_ERROR_DATA,
                      "d.csv:1:1: expected at least 2 comma-separated columns "
                      "(features, then the target), found 1");
  assert_parse_error ("\n# c\n1;2;3\n", GS_CSV_HEADER_AUTO, GS_ERROR_DATA,
                      "d.csv:3:1: expected at least 2 comma-separated columns "
                      "(features, then the target), found 1");
}

static void
test_csv_error_utf8 (void)
{
  assert_parse_error ("a,y\n\xff,1\n", GS_CSV_HEADER_AUTO, GS_ERROR_PARSE,
                      "d.csv: the file is not UTF-8 text");
  /* the length given is respected: a NUL in the middle is not text */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GsDataset) data = gs_dataset_parse_csv ("a,y\n1,2\n\0003,4\n", 12, "d.csv",
                                                      GS_CSV_HEADER_AUTO, &error);
    g_assert_null (data);
    g_assert_nonnull (error);
  }
  /* and only the length given is read */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GsDataset) data = gs_dataset_parse_csv ("a,y\n1,2\n3,4\n", 8, "d.csv",
                                                      GS_CSV_HEADER_AUTO, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (data->n_rows, ==, 1);
  }
}

/* The offending text is cut to 40 bytes: when that splits a character the
 * message is not UTF-8 any more. */
static void
test_csv_error_message_utf8 (void)
{
  g_autoptr(GString) text = g_string_new ("a,y\n1,a");
  g_autoptr(GError) error = NULL;
  g_autoptr(GsDataset) data = NULL;

  for (guint i = 0; i < 25; i++)
    g_string_append (text, "é");     /* 2 bytes: byte 40 is inside one */
  data = parse (text->str, GS_CSV_HEADER_AUTO, &error);
  g_assert_null (data);
  g_assert_error (error, GS_ERROR, GS_ERROR_DATA);
  g_assert_true (g_str_has_prefix (error->message,
                                   "d.csv:2:3: field 2: expected a number, found 'aéé"));
  if (!g_utf8_validate (error->message, -1, NULL))
    {
      g_error ("the offending field was cut inside a UTF-8 character");
      return;
    }
}

/* A valid number of 64 characters or more must still parse. */
static void
test_csv_long_number (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsDataset) data = NULL;
  g_autoptr(GString) text = g_string_new ("a,y\n1,0.1");

  for (guint i = 0; i < 70; i++)
    g_string_append_c (text, '0');
  g_string_append (text, "\n");

  data = parse (text->str, GS_CSV_HEADER_AUTO, &error);
  if (data == NULL)
    {
      g_autofree char *msg =
        g_strdup_printf ("gs_dataset_parse_csv: a number of 73 characters is "
                         "rejected (%s)", error->message);
      g_error ("%s", msg);
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpfloat (data->y[0], ==, 0.1);
}

/* ---- CSV files ---------------------------------------------------------- */

static void
test_csv_load (void)
{
  g_autofree char *path = write_temp ("# data\nx,y\n1,2\n3,4\n");
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(GsDataset) data = gs_dataset_load_csv (path, NULL, GS_CSV_HEADER_AUTO, &error);
    const char *const names[] = { "x", "y" };

    g_assert_no_error (error);
    g_assert_cmpuint (data->n_rows, ==, 2);
    assert_names (data, names);
    assert_row (data, 0, (const double[]) { 1 }, 2, 3);
    assert_row (data, 1, (const double[]) { 3 }, 4, 4);
    g_assert_cmpstr (data->source, ==, path);
  }
  {
    g_autoptr(GsDataset) data = gs_dataset_load_csv (path, "data.csv", GS_CSV_HEADER_NO, &error);

    g_assert_null (data);
    g_assert_error (error, GS_ERROR, GS_ERROR_DATA);
    g_assert_cmpstr (error->message, ==, "data.csv:2:1: field 1: expected a number, found 'x'");
    g_clear_error (&error);
  }
  g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
test_csv_load_errors (void)
{
  g_autofree char *bad = write_temp ("x,y\n1,2\n3,oops\n");
  g_autofree char *dir = g_dir_make_tmp ("gs-test-dataset-XXXXXX", NULL);
  g_autofree char *missing = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  GsDataset *data;

  /* messages name the path when no display name is given */
  data = gs_dataset_load_csv (bad, NULL, GS_CSV_HEADER_AUTO, &error);
  g_assert_null (data);
  expected = g_strdup_printf ("%s:3:3: field 2: expected a number, found 'oops'", bad);
  g_assert_error (error, GS_ERROR, GS_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
  g_assert_cmpint (g_unlink (bad), ==, 0);

  /* a missing file */
  g_assert_nonnull (dir);
  missing = g_build_filename (dir, "missing.csv", NULL);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%s: cannot read the CSV file: ", missing);
  data = gs_dataset_load_csv (missing, NULL, GS_CSV_HEADER_AUTO, &error);
  g_assert_null (data);
  g_assert_error (error, GS_ERROR, GS_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_assert_cmpuint (strlen (error->message), >, strlen (expected));
  g_clear_error (&error);

  data = gs_dataset_load_csv (missing, "missing.csv", GS_CSV_HEADER_AUTO, &error);
  g_assert_null (data);
  g_assert_error (error, GS_ERROR, GS_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "missing.csv: cannot read the CSV file: "));
  g_clear_error (&error);

  /* a directory is not a file */
  data = gs_dataset_load_csv (dir, "dir.csv", GS_CSV_HEADER_AUTO, &error);
  g_assert_null (data);
  g_assert_error (error, GS_ERROR, GS_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "dir.csv: cannot read the CSV file: "));
  g_clear_error (&error);

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* ---- generators --------------------------------------------------------- */

static void
test_generator_names (void)
{
  static const char *const expected[] = {
    "linear", "blobs", "gaussians", "circles", "xor", "spiral", "moons", NULL
  };
  const char *const *names = gs_dataset_generator_names ();
  const GsGeneratorInfo *infos;
  guint n;

  g_assert_nonnull (names);
  g_assert_cmpuint (g_strv_length ((char **) names), ==, G_N_ELEMENTS (expected) - 1);
  for (guint i = 0; expected[i]; i++)
    g_assert_cmpstr (names[i], ==, expected[i]);

  /* the table says the same, in the same order */
  infos = gs_dataset_generators (&n);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected) - 1);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (infos[i].name, ==, expected[i]);
      g_assert_true (gs_dataset_generator_lookup (expected[i]) == &infos[i]);
      g_assert_cmpint (infos[i].classify, ==, i != 0);
      g_assert_cmpuint (infos[i].default_classes, ==, i == 0 ? 0 : 2);
      g_assert_cmpint (infos[i].any_features, ==, i <= 2);
    }
  g_assert_null (gs_dataset_generator_lookup ("Linear"));
}

/* features a generator takes: d for linear and blobs, 2 for the shapes */
static guint
features_for (const char *name, guint d)
{
  return gs_dataset_generator_lookup (name)->any_features ? d : 2;
}

static void
test_generate_shape (void)
{
  const char *const *names = gs_dataset_generator_names ();

  for (guint g = 0; names[g] != NULL; g++)
    for (guint d = 1; d <= 4; d += 3)
      {
        guint features = features_for (names[g], d);
        g_autoptr(GsDataset) data = generate_ok (names[g], 37, features, 0.5, 1);
        g_autofree char *source = g_strdup_printf ("generator %s", names[g]);

        g_assert_cmpuint (data->n_rows, ==, 37);
        g_assert_cmpuint (data->n_features, ==, features);
        g_assert_cmpuint (data->cols, ==, features + 1);
        g_assert_cmpuint (data->n_classes, ==, g == 0 ? 0 : 2);
        g_assert_null (data->lines);
        g_assert_null (data->names);
        g_assert_cmpstr (data->source, ==, source);
        for (guint i = 0; i < data->n_rows; i++)
          {
            const double *row = gs_dataset_row (data, i);

            g_assert_cmpfloat (row[0], ==, 1.0);
            for (guint j = 0; j < data->cols; j++)
              g_assert_true (isfinite (row[j]));
            g_assert_true (isfinite (data->y[i]));
          }
      }
}

static void
test_generate_deterministic (void)
{
  const char *const *names = gs_dataset_generator_names ();

  for (guint g = 0; names[g] != NULL; g++)
    {
      guint d = features_for (names[g], 3);
      g_autoptr(GsDataset) a = generate_ok (names[g], 100, d, 0.5, 42);
      g_autoptr(GsDataset) b = generate_ok (names[g], 100, d, 0.5, 42);
      g_autoptr(GsDataset) c = generate_ok (names[g], 100, d, 0.5, 43);
      guint same = 0;

      g_assert_true (same_data (a, b));
      g_assert_false (same_data (a, c));
      /* not merely one value: the features differ nearly everywhere */
      for (guint i = 0; i < a->n_rows * a->cols; i++)
        same += a->x[i] == c->x[i];
      g_assert_cmpuint (same, ==, a->n_rows);   /* the ones */
    }

  /* with K classes too; and noise 0 is still seeded (the points move) */
  for (guint g = 1; names[g] != NULL; g++)
    {
      const GsGeneratorInfo *info = gs_dataset_generator_lookup (names[g]);
      guint k = info->any_classes ? 5 : 2;
      guint d = features_for (names[g], 2);
      g_autoptr(GError) error = NULL;
      g_autoptr(GsDataset) a = gs_dataset_generate_full (names[g], 50, d, k, 0.0, 7, &error);
      g_autoptr(GsDataset) b = gs_dataset_generate_full (names[g], 50, d, k, 0.0, 7, &error);
      g_autoptr(GsDataset) c = gs_dataset_generate_full (names[g], 50, d, k, 0.0, 8, &error);

      g_assert_no_error (error);
      g_assert_true (same_data (a, b));
      if (!g_str_equal (names[g], "blobs") && !g_str_equal (names[g], "gaussians"))
        g_assert_false (same_data (a, c));
      else
        g_assert_true (same_data (a, c));   /* noise 0: every point on its centre */
    }
}

static void
test_generate_linear (void)
{
  /* noise 0: y is exactly linear in x */
  for (guint seed = 1; seed <= 3; seed++)
    {
      g_autoptr(GsDataset) data = generate_ok ("linear", 60, 3, 0.0, seed);
      g_autoptr(GsDataset) more = generate_ok ("linear", 500, 3, 0.0, seed);
      double theta[4], theta_more[4];
      double feature_sum = 0, feature_sq = 0;

      g_assert_cmpfloat (fit_linear (data, theta), <, 1e-12);
      for (guint j = 0; j < 4; j++)
        {
          g_assert_cmpfloat (theta[j], >=, -2.0);
          g_assert_cmpfloat (theta[j], <=, 2.0);
        }
      /* the seed names the problem, whatever the number of samples */
      g_assert_cmpfloat (fit_linear (more, theta_more), <, 1e-12);
      for (guint j = 0; j < 4; j++)
        g_assert_cmpfloat (fabs (theta[j] - theta_more[j]), <, 1e-9);

      /* features ~ N(0, 1) */
      for (guint i = 0; i < more->n_rows; i++)
        for (guint j = 1; j < more->cols; j++)
          {
            feature_sum += gs_dataset_row (more, i)[j];
            feature_sq += gs_dataset_row (more, i)[j] * gs_dataset_row (more, i)[j];
          }
      g_assert_cmpfloat (fabs (feature_sum / 1500), <, 0.15);
      g_assert_cmpfloat (fabs (feature_sq / 1500 - 1.0), <, 0.2);
    }

  /* noise σ: residuals of the fit have RMS ≈ σ */
  {
    g_autoptr(GsDataset) data = generate_ok ("linear", 4000, 2, 0.5, 9);
    double theta[3];
    double rms = fit_linear (data, theta);

    g_assert_cmpfloat (rms, >, 0.45);
    g_assert_cmpfloat (rms, <, 0.55);
  }
}

static void
test_generate_blobs (void)
{
  /* balanced labels 0/1 */
  for (guint n = 200; n <= 201; n++)
    {
      g_autoptr(GsDataset) data = generate_ok ("blobs", n, 2, 0.5, 4);
      guint count[2] = { 0, 0 };

      for (guint i = 0; i < n; i++)
        {
          g_assert_true (data->y[i] == 0.0 || data->y[i] == 1.0);
          count[(guint) data->y[i]]++;
        }
      g_assert_cmpuint (count[0] + count[1], ==, n);
      g_assert_cmpuint (MAX (count[0], count[1]) - MIN (count[0], count[1]), ==, n % 2);
    }

  /* class 0 around −(1.5, …)/√d, class 1 around +(1.5, …)/√d */
  for (guint d = 1; d <= 4; d++)
    {
      g_autoptr(GsDataset) data = generate_ok ("blobs", 2000, d, 0.5, 10 + d);
      double c = 1.5 / sqrt (d);

      for (guint j = 1; j <= d; j++)
        {
          double sum[2] = { 0, 0 }, sq[2] = { 0, 0 };
          guint count[2] = { 0, 0 };

          for (guint i = 0; i < data->n_rows; i++)
            {
              guint label = (guint) data->y[i];
              double v = gs_dataset_row (data, i)[j];

              sum[label] += v;
              sq[label] += v * v;
              count[label]++;
            }
          for (guint l = 0; l < 2; l++)
            {
              double mean = sum[l] / count[l];
              double sd = sqrt (sq[l] / count[l] - mean * mean);

              /* sd of a class mean ≈ 0.5/√1000 ≈ 0.016 */
              g_assert_cmpfloat (fabs (mean - (l ? c : -c)), <, 0.1);
              g_assert_cmpfloat (fabs (sd - 0.5), <, 0.05);
            }
        }
    }

  /* noise 0: on the centres exactly, 3 apart */
  {
    g_autoptr(GsDataset) data = generate_ok ("blobs", 10, 4, 0.0, 1);

    for (guint i = 0; i < data->n_rows; i++)
      for (guint j = 1; j <= 4; j++)
        g_assert_cmpfloat (gs_dataset_row (data, i)[j], ==, data->y[i] == 1.0 ? 0.75 : -0.75);
  }

  /* small noise: separable by the sign of Σ x */
  {
    g_autoptr(GsDataset) data = generate_ok ("blobs", 1000, 3, 0.3, 5);

    for (guint i = 0; i < data->n_rows; i++)
      {
        const double *row = gs_dataset_row (data, i);
        double s = row[1] + row[2] + row[3];

        g_assert_cmpfloat (data->y[i], ==, s > 0 ? 1.0 : 0.0);
      }
  }
}

/* Every classifying generator: labels i mod K, so the classes are
 * balanced to within one row, and n_classes is K. */
static void
test_generate_labels (void)
{
  const char *const *names = gs_dataset_generator_names ();

  for (guint g = 1; names[g] != NULL; g++)
    {
      const GsGeneratorInfo *info = gs_dataset_generator_lookup (names[g]);
      const guint ks[] = { 2, 3, 7 };

      for (guint c = 0; c < G_N_ELEMENTS (ks); c++)
        for (guint n = 200; n <= 203; n++)
          {
            guint k = ks[c];
            g_autoptr(GError) error = NULL;
            g_autoptr(GsDataset) data = NULL;
            guint count[7] = { 0 };
            guint lo = G_MAXUINT, hi = 0;

            if (k != 2 && !info->any_classes)
              continue;
            data = gs_dataset_generate_full (names[g], n, features_for (names[g], 2), k,
                                             info->default_noise, n, &error);
            g_assert_no_error (error);
            g_assert_cmpuint (data->n_rows, ==, n);
            g_assert_cmpuint (data->n_classes, ==, k);
            for (guint i = 0; i < n; i++)
              {
                g_assert_cmpfloat (data->y[i], ==, floor (data->y[i]));
                g_assert_cmpfloat (data->y[i], >=, 0);
                g_assert_cmpfloat (data->y[i], <, k);
                g_assert_cmpfloat (data->y[i], ==, i % k);
                count[(guint) data->y[i]]++;
              }
            for (guint l = 0; l < k; l++)
              {
                lo = MIN (lo, count[l]);
                hi = MAX (hi, count[l]);
              }
            g_assert_cmpuint (hi - lo, <=, 1);
          }
    }
}

/* The shapes are what their names say, with noise 0 exactly. */
static void
test_generate_shapes_2d (void)
{
  g_autoptr(GsDataset) circles = generate_ok ("circles", 400, 2, 0.0, 3);
  g_autoptr(GsDataset) xor = generate_ok ("xor", 400, 2, 0.0, 3);
  g_autoptr(GsDataset) moons = generate_ok ("moons", 400, 2, 0.0, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(GsDataset) spiral = gs_dataset_generate_full ("spiral", 600, 2, 3, 0.0, 3, &error);
  double r_min[2] = { INFINITY, INFINITY }, r_max[2] = { 0, 0 };

  g_assert_no_error (error);
  for (guint i = 0; i < 400; i++)
    {
      const double *p = gs_dataset_row (circles, i);
      guint l = (guint) circles->y[i];
      double r = hypot (p[1], p[2]);

      r_min[l] = MIN (r_min[l], r);
      r_max[l] = MAX (r_max[l], r);
    }
  /* a disc of radius 0.5 inside a ring 0.7 … 1 */
  g_assert_cmpfloat (r_max[0], <=, 0.5);
  g_assert_cmpfloat (r_max[0], >, 0.45);
  g_assert_cmpfloat (r_min[1], >=, 0.7);
  g_assert_cmpfloat (r_max[1], <=, 1.0);
  g_assert_cmpfloat (r_max[1], >, 0.95);

  /* xor: class 1 where x and y differ in sign, away from the axes */
  for (guint i = 0; i < 400; i++)
    {
      const double *p = gs_dataset_row (xor, i);

      g_assert_cmpfloat (xor->y[i], ==, p[1] * p[2] < 0 ? 1.0 : 0.0);
      g_assert_cmpfloat (fabs (p[1]), >=, 0.05);
      g_assert_cmpfloat (fabs (p[1]), <=, 1.0);
      g_assert_cmpfloat (fabs (p[2]), >=, 0.05);
      g_assert_cmpfloat (fabs (p[2]), <=, 1.0);
    }

  /* moons: the upper unit half circle, and its copy turned over and shifted
   * by (1, 0.5) */
  for (guint i = 0; i < 400; i++)
    {
      const double *p = gs_dataset_row (moons, i);

      if (moons->y[i] == 0.0)
        {
          g_assert_cmpfloat (fabs (hypot (p[1], p[2]) - 1.0), <, 1e-12);
          g_assert_cmpfloat (p[2], >=, 0.0);
        }
      else
        {
          g_assert_cmpfloat (fabs (hypot (p[1] - 1.0, p[2] - 0.5) - 1.0), <, 1e-12);
          g_assert_cmpfloat (p[2], <=, 0.5);
        }
    }

  /* spiral: arm k at angle 2πk/K + 3πr, r ≤ 1 */
  for (guint i = 0; i < 600; i++)
    {
      const double *p = gs_dataset_row (spiral, i);
      double r = hypot (p[1], p[2]);
      double want = 2.0 * G_PI * spiral->y[i] / 3.0 + 3.0 * G_PI * r;
      double diff = remainder (atan2 (p[2], p[1]) - want, 2.0 * G_PI);

      g_assert_cmpfloat (r, <=, 1.0);
      if (r > 1e-6)
        g_assert_cmpfloat (fabs (diff), <, 1e-9);
    }
}

/* gaussians is blobs by another name; K > 2 puts the centres 3 apart */
static void
test_generate_gaussians (void)
{
  g_autoptr(GError) error = NULL;

  for (guint d = 1; d <= 3; d++)
    {
      g_autoptr(GsDataset) a = generate_ok ("blobs", 50, d, 0.5, 9);
      g_autoptr(GsDataset) b = generate_ok ("gaussians", 50, d, 0.5, 9);

      g_assert_true (same_data (a, b));
      g_assert_cmpstr (b->source, ==, "generator gaussians");
    }

  /* noise 0: every point on its centre */
  for (guint k = 3; k <= 6; k++)
    {
      g_autoptr(GsDataset) line = gs_dataset_generate_full ("gaussians", 2 * k, 1, k, 0.0, 1, &error);
      g_autoptr(GsDataset) ring = gs_dataset_generate_full ("gaussians", 2 * k, 3, k, 0.0, 1, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < k; i++)
        {
          const double *p = gs_dataset_row (ring, i);
          const double *q = gs_dataset_row (ring, (i + 1) % k);

          /* a row 3 apart, centred on 0 */
          assert_close (gs_dataset_row (line, i)[1], 3.0 * i - 1.5 * (k - 1));
          /* neighbours on the circle 3 apart, in the (x1, x2) plane */
          assert_close (hypot (p[1] - q[1], p[2] - q[2]), 3.0);
          g_assert_cmpfloat (p[3], ==, 0.0);
          g_assert_cmpfloat (ring->y[i], ==, i);
          g_assert_true (memcmp (p, gs_dataset_row (ring, i + k), sizeof (double) * 4) == 0);
        }
    }
}

static void
test_generate_errors (void)
{
  static const struct
  {
    const char *name;
    guint       samples, features, classes;
    double      noise;
    const char *message;
  } cases[] = {
    { "spirals", 10, 2, 0, 0.1, "unknown generator 'spirals' (expected 'linear', 'blobs', "
                                "'gaussians', 'circles', 'xor', 'spiral', 'moons')" },
    { "", 10, 2, 0, 0.1, "unknown generator '' (expected 'linear', 'blobs', 'gaussians', "
                         "'circles', 'xor', 'spiral', 'moons')" },
    { "linear", 0, 2, 0, 0.1, "generator 'linear' needs samples ≥ 1 and features ≥ 1" },
    { "blobs", 10, 0, 0, 0.1, "generator 'blobs' needs samples ≥ 1 and features ≥ 1" },
    { "spiral", 0, 2, 0, 0.1, "generator 'spiral' needs samples ≥ 1 and features ≥ 1" },
    { "blobs", 10, 2, 0, -0.1, "generator 'blobs' needs a finite noise ≥ 0" },
    { "linear", 10, 2, 0, NAN, "generator 'linear' needs a finite noise ≥ 0" },
    { "linear", 10, 2, 0, INFINITY, "generator 'linear' needs a finite noise ≥ 0" },
    { "moons", 10, 2, 0, -1, "generator 'moons' needs a finite noise ≥ 0" },
    { "circles", 10, 1, 0, 0.1, "generator 'circles' makes 2-D points: features must be 2, found 1" },
    { "xor", 10, 3, 0, 0.1, "generator 'xor' makes 2-D points: features must be 2, found 3" },
    { "linear", 10, 2, 2, 0.1, "generator 'linear' makes a real target, not classes" },
    { "moons", 10, 2, 3, 0.1, "generator 'moons' makes 2 classes, found classes 3" },
    { "spiral", 10, 2, 1, 0.1, "generator 'spiral' needs classes in [2, 1000], found 1" },
    { "blobs", 10, 2, 1001, 0.1, "generator 'blobs' needs classes in [2, 1000], found 1001" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GsDataset) data = gs_dataset_generate_full (cases[i].name, cases[i].samples,
                                                            cases[i].features, cases[i].classes,
                                                            cases[i].noise, 1, &error);

      g_assert_null (data);
      g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* ---- validation split ------------------------------------------------------- */

static void
test_split (void)
{
  const double fractions[] = { 0.2, 0.5, 0.01, 0.99, 0.25 };
  const guint sizes[] = { 100, 7, 100, 100, 10 };
  const guint want_val[] = { 20, 4, 1, 99, 3 };   /* round(f·m), halves up */

  for (guint c = 0; c < G_N_ELEMENTS (fractions); c++)
    for (guint64 seed = 0; seed < 3; seed++)
      {
        guint m = sizes[c];
        g_autoptr(GsDataset) data = gs_dataset_new (m, 2);
        g_autoptr(GsDataset) train = NULL;
        g_autoptr(GsDataset) val = NULL;
        g_autoptr(GsDataset) train2 = NULL;
        g_autoptr(GsDataset) val2 = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree guint8 *seen = g_new0 (guint8, m);

        data->lines = g_new (guint, m);
        data->source = g_strdup ("d.csv");
        data->n_classes = 3;
        for (guint i = 0; i < m; i++)
          {
            /* every row names itself */
            gs_dataset_row (data, i)[1] = i;
            gs_dataset_row (data, i)[2] = -(double) i;
            data->y[i] = i;
            data->lines[i] = 10 + i;
          }

        g_assert_cmpuint (gs_dataset_validation_rows (m, fractions[c]), ==, want_val[c]);
        g_assert_true (gs_dataset_split (data, fractions[c], seed, &train, &val, &error));
        g_assert_no_error (error);
        g_assert_cmpuint (val->n_rows, ==, want_val[c]);
        g_assert_cmpuint (train->n_rows, ==, m - want_val[c]);

        /* disjoint, together every row once, each in its order, rows whole */
        for (guint p = 0; p < 2; p++)
          {
            const GsDataset *part = p ? val : train;
            double last = -1;

            g_assert_cmpuint (part->n_features, ==, 2);
            g_assert_cmpuint (part->n_classes, ==, 3);
            g_assert_cmpstr (part->source, ==, "d.csv");
            for (guint i = 0; i < part->n_rows; i++)
              {
                const double *row = gs_dataset_row (part, i);
                guint id = (guint) part->y[i];

                g_assert_cmpfloat (row[0], ==, 1.0);
                g_assert_cmpfloat (row[1], ==, id);
                g_assert_cmpfloat (row[2], ==, -(double) id);
                g_assert_cmpuint (part->lines[i], ==, 10 + id);
                g_assert_cmpfloat (part->y[i], >, last);
                last = part->y[i];
                g_assert_cmpuint (seen[id], ==, 0);
                seen[id] = 1;
              }
          }
        for (guint i = 0; i < m; i++)
          g_assert_cmpuint (seen[i], ==, 1);

        /* the same seed picks the same rows */
        g_assert_true (gs_dataset_split (data, fractions[c], seed, &train2, &val2, &error));
        g_assert_true (same_data (train, train2));
        g_assert_true (same_data (val, val2));
      }

  /* another seed picks other rows */
  {
    g_autoptr(GsDataset) data = generate_ok ("moons", 100, 2, 0.1, 1);
    g_autoptr(GsDataset) a = NULL, va = NULL, b = NULL, vb = NULL;

    g_assert_true (gs_dataset_split (data, 0.3, 1, &a, &va, NULL));
    g_assert_true (gs_dataset_split (data, 0.3, 2, &b, &vb, NULL));
    g_assert_cmpuint (va->n_rows, ==, 30);
    g_assert_false (same_data (va, vb));
    g_assert_null (va->lines);
  }

  /* each side needs a row; a fraction outside (0, 1) is no fraction */
  {
    g_autoptr(GsDataset) data = gs_dataset_new (10, 1);
    g_autoptr(GError) error = NULL;
    GsDataset *t = NULL, *v = NULL;

    g_assert_false (gs_dataset_split (data, 0.04, 0, &t, &v, &error));
    g_assert_error (error, GS_ERROR, GS_ERROR_DATA);
    g_assert_cmpstr (error->message, ==, "validation 0.04 of 10 rows holds out 0, leaving 10 "
                     "to train on; each side needs at least one");
    g_clear_error (&error);
    g_assert_false (gs_dataset_split (data, 0.96, 0, &t, &v, &error));
    g_assert_cmpstr (error->message, ==, "validation 0.96 of 10 rows holds out 10, leaving 0 "
                     "to train on; each side needs at least one");
    g_clear_error (&error);
    g_assert_false (gs_dataset_split (data, 1.0, 0, &t, &v, &error));
    g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (gs_dataset_split (data, NAN, 0, &t, &v, &error));
    g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
    g_assert_null (t);
    g_assert_null (v);
  }
}

/* ---- copies ------------------------------------------------------------- */

static void
test_copy (void)
{
  g_autoptr(GsDataset) data = parse_ok ("# c\na,b,y\n1,2,3\n4,5,6\n", GS_CSV_HEADER_AUTO);
  g_autoptr(GsDataset) copy = gs_dataset_copy (data);
  const char *const names[] = { "a", "b", "y" };

  g_assert_true (same_data (data, copy));
  g_assert_cmpuint (copy->n_features, ==, 2);
  g_assert_true (copy->x != data->x);
  g_assert_true (copy->y != data->y);
  g_assert_true (copy->lines != data->lines);
  g_assert_true (copy->names != data->names);
  g_assert_true (copy->source != data->source);
  g_assert_cmpstr (copy->source, ==, "d.csv");
  assert_names (copy, names);
  g_assert_cmpuint (copy->lines[0], ==, 3);
  g_assert_cmpuint (copy->lines[1], ==, 4);

  /* changing or freeing the original leaves the copy alone */
  gs_dataset_row (data, 1)[2] = -1;
  data->y[0] = -1;
  data->lines[0] = 99;
  data->names[0][0] = 'Z';
  g_clear_pointer (&data, gs_dataset_free);
  assert_row (copy, 0, (const double[]) { 1, 2 }, 3, 3);
  assert_row (copy, 1, (const double[]) { 4, 5 }, 6, 4);
  assert_names (copy, names);
  g_assert_cmpstr (copy->source, ==, "d.csv");

  /* generated: no lines, no names */
  {
    g_autoptr(GsDataset) gen = generate_ok ("blobs", 20, 3, 1.0, 2);
    g_autoptr(GsDataset) gen_copy = gs_dataset_copy (gen);

    g_assert_true (same_data (gen, gen_copy));
    g_assert_null (gen_copy->lines);
    g_assert_null (gen_copy->names);
    g_assert_cmpstr (gen_copy->source, ==, "generator blobs");
  }
  /* hand-made with no source */
  {
    g_autoptr(GsDataset) empty = gs_dataset_new (0, 2);
    g_autoptr(GsDataset) empty_copy = gs_dataset_copy (empty);

    g_assert_cmpuint (empty_copy->n_rows, ==, 0);
    g_assert_cmpuint (empty_copy->cols, ==, 3);
    g_assert_null (empty_copy->source);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gradscope/dataset/new", test_new);
  g_test_add_func ("/gradscope/dataset/csv/header-auto", test_csv_header_auto);
  g_test_add_func ("/gradscope/dataset/csv/no-header-auto", test_csv_no_header_auto);
  g_test_add_func ("/gradscope/dataset/csv/header-declared", test_csv_header_declared);
  g_test_add_func ("/gradscope/dataset/csv/quoted", test_csv_quoted);
  g_test_add_func ("/gradscope/dataset/csv/crlf-blanks", test_csv_crlf_blanks);
  g_test_add_func ("/gradscope/dataset/csv/comments", test_csv_comments);
  g_test_add_func ("/gradscope/dataset/csv/errors/number", test_csv_error_number);
  g_test_add_func ("/gradscope/dataset/csv/errors/ragged", test_csv_error_ragged);
  g_test_add_func ("/gradscope/dataset/csv/errors/not-finite", test_csv_error_not_finite);
  g_test_add_func ("/gradscope/dataset/csv/errors/no-rows", test_csv_error_no_rows);
  g_test_add_func ("/gradscope/dataset/csv/errors/columns", test_csv_error_columns);
  g_test_add_func ("/gradscope/dataset/csv/errors/utf8", test_csv_error_utf8);
  g_test_add_func ("/gradscope/dataset/csv/errors/message-utf8", test_csv_error_message_utf8);
  g_test_add_func ("/gradscope/dataset/csv/long-number", test_csv_long_number);
  g_test_add_func ("/gradscope/dataset/csv/load", test_csv_load);
  g_test_add_func ("/gradscope/dataset/csv/load-errors", test_csv_load_errors);
  g_test_add_func ("/gradscope/dataset/generate/names", test_generator_names);
  g_test_add_func ("/gradscope/dataset/generate/shape", test_generate_shape);
  g_test_add_func ("/gradscope/dataset/generate/deterministic", test_generate_deterministic);
  g_test_add_func ("/gradscope/dataset/generate/linear", test_generate_linear);
  g_test_add_func ("/gradscope/dataset/generate/blobs", test_generate_blobs);
  g_test_add_func ("/gradscope/dataset/generate/labels", test_generate_labels);
  g_test_add_func ("/gradscope/dataset/generate/shapes-2d", test_generate_shapes_2d);
  g_test_add_func ("/gradscope/dataset/generate/gaussians", test_generate_gaussians);
  g_test_add_func ("/gradscope/dataset/generate/errors", test_generate_errors);
  g_test_add_func ("/gradscope/dataset/split", test_split);
  g_test_add_func ("/gradscope/dataset/copy", test_copy);
  return g_test_run ();
}
