/* test-plot.c — the Cairo renderers: colour map, ticks, contours, figures, plot */
#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "gs-experiment.h"
#include "gs-figure.h"
#include "gs-plot.h"
#include "gs-plot-private.h"
#include "gs-rng.h"
#include "test-cli-run.h"

static char *
fixture (const char *name)
{
  return g_build_filename (g_getenv ("GS_FIXTURES"), name, NULL);
}

/* A fresh folder under the temp dir for the files a test writes. */
static char *
scratch_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("gs-test-plot-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d && g_dir_read_name (d))
    n++;
  return n;
}

/* ---- colour map ------------------------------------------------------------- */

static double
luminance (double r, double g, double b)
{
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

static void
test_colormap_endpoints (void)
{
  double r, g, b;

  gs_colormap_rgb (0.0, &r, &g, &b);
  g_assert_cmpfloat_with_epsilon (r, 0.267004, 1e-6);
  g_assert_cmpfloat_with_epsilon (g, 0.004874, 1e-6);
  g_assert_cmpfloat_with_epsilon (b, 0.329415, 1e-6);
  gs_colormap_rgb (1.0, &r, &g, &b);
  g_assert_cmpfloat_with_epsilon (r, 0.993248, 1e-6);
  g_assert_cmpfloat_with_epsilon (g, 0.906157, 1e-6);
  g_assert_cmpfloat_with_epsilon (b, 0.143936, 1e-6);

  /* clamped, and NAN is the bottom colour rather than garbage */
  gs_colormap_rgb (-3.0, &r, &g, &b);
  g_assert_cmpfloat_with_epsilon (r, 0.267004, 1e-6);
  gs_colormap_rgb (7.0, &r, &g, &b);
  g_assert_cmpfloat_with_epsilon (r, 0.993248, 1e-6);
  gs_colormap_rgb (NAN, &r, &g, &b);
  g_assert_cmpfloat_with_epsilon (g, 0.004874, 1e-6);

  g_assert_cmphex (gs_colormap_argb (0.0), ==, 0xff440154);
  g_assert_cmphex (gs_colormap_argb (1.0), ==, 0xfffde725);
}

static void
test_colormap_luminance (void)
{
  double prev = -1.0;

  for (int i = 0; i <= 1000; i++)
    {
      double r, g, b, y;

      gs_colormap_rgb (i / 1000.0, &r, &g, &b);
      y = luminance (r, g, b);
      g_assert_cmpfloat (y, >, prev);
      prev = y;
    }
}

/* ---- ticks ------------------------------------------------------------------ */

static gboolean
is_125 (double step)
{
  double m = step / pow (10.0, floor (log10 (step) + 1e-9));
  return fabs (m - 1) < 1e-6 || fabs (m - 2) < 1e-6 || fabs (m - 5) < 1e-6;
}

static void
test_ticks_linear (void)
{
  static const double ranges[][2] = {
    { 0, 1 }, { -2.3, 7.9 }, { 1e-4, 3e-4 }, { 1e5, 1e6 }, { -1e-3, 1e-3 },
    { 999, 1001 }, { 0, 3000 }, { -170, -3 }, { 0.1, 0.100001 }, { 3, 3 },
  };

  for (guint k = 0; k < G_N_ELEMENTS (ranges); k++)
    {
      double lo = ranges[k][0], hi = ranges[k][1];
      GsTicks t;

      gs_ticks_linear (lo, hi, 5, &t);
      if (lo == hi)
        {
          lo -= fabs (lo) * 0.1;
          hi += fabs (hi) * 0.1;
        }
      g_assert_cmpuint (t.n, >=, 2);
      g_assert_cmpuint (t.n, <=, 11);
      g_assert_true (is_125 (t.step));
      for (guint i = 0; i < t.n; i++)
        {
          double v = t.ticks[i].value;
          /* nice: a whole multiple of the step */
          g_assert_cmpfloat (fabs (v / t.step - round (v / t.step)), <, 1e-6);
          g_assert_cmpfloat (v, >=, lo - 1e-9 * t.step);
          g_assert_cmpfloat (v, <=, hi + 1e-9 * t.step);
          if (i > 0)
            g_assert_cmpfloat_with_epsilon (v - t.ticks[i - 1].value, t.step, t.step * 1e-6);
        }
      /* they cover the range: no gap of a whole step at either end */
      g_assert_cmpfloat (t.ticks[0].value - lo, <, t.step);
      g_assert_cmpfloat (hi - t.ticks[t.n - 1].value, <, t.step);
    }
}

static void
test_ticks_log (void)
{
  GsTicks t;
  guint majors = 0;

  gs_ticks_log (1e-10, 10, &t);
  g_assert_true (t.log);
  for (guint i = 0; i < t.n; i++)
    {
      double v = t.ticks[i].value, e = log10 (v);

      g_assert_cmpfloat (v, >=, 1e-10 * (1 - 1e-9));
      g_assert_cmpfloat (v, <=, 10 * (1 + 1e-9));
      if (t.ticks[i].major)
        {
          g_assert_cmpfloat (fabs (e - round (e)), <, 1e-9);   /* decades */
          majors++;
        }
    }
  g_assert_cmpuint (majors, ==, 12);   /* 1e-10 … 10 */

  /* a few decades: minor ticks 2…9 between them */
  gs_ticks_log (0.5, 2000, &t);
  majors = 0;
  for (guint i = 0; i < t.n; i++)
    majors += t.ticks[i].major;
  g_assert_cmpuint (majors, ==, 4);    /* 1, 10, 100, 1000 */
  g_assert_cmpuint (t.n, >, 20);

  /* hundreds of decades stay within bounds, a major every k decades */
  gs_ticks_log (1e-300, 1e4, &t);
  g_assert_cmpuint (t.n, >=, 2);
  g_assert_cmpuint (t.n, <=, GS_TICKS_MAX);
  g_assert_cmpfloat (t.step, >, 1);

  /* less than a decade: 1-2-5 ticks, all positive */
  gs_ticks_log (2, 8, &t);
  g_assert_cmpuint (t.n, >=, 2);
  for (guint i = 0; i < t.n; i++)
    g_assert_cmpfloat (t.ticks[i].value, >, 0);
}

static void
test_tick_format (void)
{
  GsTicks t;
  char buf[64];

  gs_ticks_linear (0, 2, 4, &t);
  gs_tick_format (&t, 0.5, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "0.5");
  gs_tick_format (&t, 0.0, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "0");

  gs_ticks_linear (-3, 3, 6, &t);
  gs_tick_format (&t, -2, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "−2");

  gs_ticks_linear (0, 5e-3, 5, &t);
  gs_tick_format (&t, 1e-3, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "1e-3");

  gs_ticks_linear (0, 5e5, 10, &t);
  gs_tick_format (&t, 250000, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "2.5e5");
  gs_tick_format (&t, 1e5, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "1e5");

  gs_ticks_log (1e-6, 1e6, &t);
  gs_tick_format (&t, 1e4, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "10⁴");
  gs_tick_format (&t, 1e-5, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "10⁻⁵");
  gs_tick_format (&t, 0.01, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "0.01");
  gs_tick_format (&t, 100, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "100");
}

/* ---- contours --------------------------------------------------------------- */

static GsGrid *
grid_of (guint n, double lo, double hi, double (*f) (double, double))
{
  GsGrid *grid = gs_grid_new (n, n, lo, hi, lo, hi);

  for (guint j = 0; j < n; j++)
    for (guint i = 0; i < n; i++)
      grid->z[(gsize) j * n + i] = f (gs_grid_x (grid, i), gs_grid_y (grid, j));
  gs_grid_update_range (grid);
  return grid;
}

static double
bowl (double x, double y)
{
  return x * x + y * y;
}

static void
test_marching_circle (void)
{
  g_autoptr(GsGrid) grid = grid_of (101, -2, 2, bowl);
  g_autoptr(GArray) segs = g_array_new (FALSE, FALSE, sizeof (GsSegment));
  double h = 4.0 / 100;
  double length = 0;

  gs_marching_squares (grid->z, grid->nx, grid->ny, grid->x_min, grid->x_max,
                       grid->y_min, grid->y_max, 1.0, segs);
  g_assert_cmpuint (segs->len, >, 50);
  for (guint k = 0; k < segs->len; k++)
    {
      const GsSegment *s = &g_array_index (segs, GsSegment, k);

      /* on the circle r = 1, within the grid's interpolation error */
      g_assert_cmpfloat (fabs (hypot (s->x0, s->y0) - 1.0), <, h * h);
      g_assert_cmpfloat (fabs (hypot (s->x1, s->y1) - 1.0), <, h * h);
      length += hypot (s->x1 - s->x0, s->y1 - s->y0);
    }
  /* and all of it: the segments add up to the circumference */
  g_assert_cmpfloat (fabs (length - 2 * G_PI), <, 0.01);
}

/* The segments joined into polylines: the circle is one closed line. */
static void
test_contour_chain (void)
{
  g_autoptr(GsGrid) grid = grid_of (81, -2, 2, bowl);
  g_autoptr(GsContourLines) lines = NULL;
  GsLevels lv = { 0 };
  const double *p;
  guint a, b;

  lv.lo = 0;
  lv.hi = 8;
  lv.step = 1;
  lv.n = 2;
  lv.values[0] = 1;
  lv.values[1] = 2.25;
  lines = gs_contour_lines_new (grid, &lv);
  g_assert_cmpuint (lines->starts->len, ==, 3);   /* two lines + the end */
  p = (const double *) lines->points->data;
  for (guint k = 0; k < 2; k++)
    {
      double r = k == 0 ? 1.0 : 1.5;

      a = g_array_index (lines->starts, guint, k);
      b = g_array_index (lines->starts, guint, k + 1);
      g_assert_cmpuint (b - a, >, 20);
      /* closed: it ends where it began */
      g_assert_cmpfloat (fabs (p[2 * a] - p[2 * (b - 1)]), <, 1e-12);
      g_assert_cmpfloat (fabs (p[2 * a + 1] - p[2 * (b - 1) + 1]), <, 1e-12);
      for (guint i = a; i < b; i++)
        g_assert_cmpfloat (fabs (hypot (p[2 * i], p[2 * i + 1]) - r), <, 0.01);
    }
  /* every segment is in a line: points = segments + one per line */
  g_assert_cmpuint (lines->points->len / 2, ==, lines->segments->len + 2);
}

static void
test_marching_saddle (void)
{
  /* one cell, corners (0,0)=1 (1,0)=0 (1,1)=1 (0,1)=0: a saddle */
  double z[4] = { 1, 0, 0, 1 };   /* row y=0: 1, 0; row y=1: 0, 1 */
  g_autoptr(GArray) segs = g_array_new (FALSE, FALSE, sizeof (GsSegment));

  /* centre 0.5 ≥ 0.4: the high corners join through the middle, so the
   * lines cut off the low corners (1,0) and (0,1) */
  gs_marching_squares (z, 2, 2, 0, 1, 0, 1, 0.4, segs);
  g_assert_cmpuint (segs->len, ==, 2);
  for (guint k = 0; k < 2; k++)
    {
      const GsSegment *s = &g_array_index (segs, GsSegment, k);
      double mx = (s->x0 + s->x1) / 2, my = (s->y0 + s->y1) / 2;
      /* each segment lies near a low corner */
      gboolean near_10 = hypot (mx - 1, my) < 0.5;
      gboolean near_01 = hypot (mx, my - 1) < 0.5;
      g_assert_true (near_10 || near_01);
    }

  /* centre 0.5 < 0.6: the high corners are cut off instead */
  g_array_set_size (segs, 0);
  gs_marching_squares (z, 2, 2, 0, 1, 0, 1, 0.6, segs);
  g_assert_cmpuint (segs->len, ==, 2);
  for (guint k = 0; k < 2; k++)
    {
      const GsSegment *s = &g_array_index (segs, GsSegment, k);
      double mx = (s->x0 + s->x1) / 2, my = (s->y0 + s->y1) / 2;
      gboolean near_00 = hypot (mx, my) < 0.5;
      gboolean near_11 = hypot (mx - 1, my - 1) < 0.5;
      g_assert_true (near_00 || near_11);
    }
}

static GsGrid *
function_grid (const char *name, guint n)
{
  const GsFunctionInfo *info = gs_function_lookup (name);
  g_autoptr(GsProblem) problem = gs_problem_new_function (info);
  GsSlice slice = { problem, { 0, 0 }, 0, 1, NULL };

  return gs_grid_compute (&slice, n, info->view[0], info->view[1], info->view[2],
                          info->view[3], NULL);
}

static void
test_levels (void)
{
  g_autoptr(GsGrid) rosenbrock = function_grid ("rosenbrock", 128);
  g_autoptr(GsGrid) quadratic = function_grid ("quadratic", 128);
  g_autoptr(GsGrid) booth = function_grid ("booth", 128);
  GsLevels lv;

  gs_levels_choose (rosenbrock, 14, &lv);
  g_assert_true (lv.log);
  g_assert_cmpuint (lv.n, >=, 8);
  for (guint k = 1; k < lv.n; k++)
    g_assert_cmpfloat (lv.values[k], >, lv.values[k - 1]);
  g_assert_cmpfloat (gs_levels_position (&lv, rosenbrock->z_min), <, 0.01);
  g_assert_cmpfloat (gs_levels_position (&lv, rosenbrock->z_max), ==, 1.0);

  gs_levels_choose (quadratic, 14, &lv);
  g_assert_false (lv.log);
  g_assert_cmpuint (lv.n, >=, 5);
  /* evenly spaced */
  for (guint k = 2; k < lv.n; k++)
    g_assert_cmpfloat_with_epsilon (lv.values[k] - lv.values[k - 1],
                                    lv.values[1] - lv.values[0], 1e-9);

  gs_levels_choose (booth, 14, &lv);
  g_assert_false (lv.log);
}

static double
log_x (double x, double y)
{
  return log (x) + y * y;   /* NAN left of x = 0 */
}

/* Cells where f is not finite: hatched grey in the band image, no crash,
 * no iso-line through them. */
static void
test_nonfinite_cells (void)
{
  g_autoptr(GsGrid) grid = grid_of (64, -1, 1, log_x);
  g_autoptr(GsContourLines) lines = NULL;
  cairo_surface_t *image, *target;
  GsLevels lv;
  GsContourView view = { 0 };
  const guint32 *px;
  int stride;
  guint32 left, right;
  cairo_t *cr;

  g_assert_true (isnan (grid->z[0]));
  g_assert_true (isfinite (grid->z_min) && isfinite (grid->z_max));
  gs_levels_choose (grid, 12, &lv);
  lines = gs_contour_lines_new (grid, &lv);
  for (guint k = 0; k < lines->segments->len; k++)
    g_assert_cmpfloat (g_array_index (lines->segments, GsSegment, k).x0, >=, 0.0);

  image = gs_contour_bands_image (grid, &lv, 200, 100, FALSE);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  px = (const guint32 *) cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image) / 4;
  left = px[50 * stride + 20];
  right = px[50 * stride + 180];
  /* grey: r = g = b */
  g_assert_cmphex ((left >> 16) & 0xff, ==, (left >> 8) & 0xff);
  g_assert_cmphex ((left >> 8) & 0xff, ==, left & 0xff);
  g_assert_cmphex (left, !=, right);

  /* and the whole view draws around them */
  target = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
  cr = cairo_create (target);
  view.x_min = view.y_min = -1;
  view.x_max = view.y_max = 1;
  view.grid = grid;
  view.levels = &lv;
  view.lines = lines;
  view.bands = image;
  gs_plot_contour_render (cr, 400, 300, &view);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  /* no grid at all is fine too */
  view.grid = NULL;
  view.levels = NULL;
  view.lines = NULL;
  view.bands = NULL;
  gs_plot_contour_render (cr, 400, 300, &view);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (target);
  cairo_surface_destroy (image);
}

/* ---- figures ---------------------------------------------------------------- */

typedef struct
{
  GsExperiment *exp;
  GPtrArray    *runs;
  GsFigure     *figure;
} Ran;

static void
ran_clear (Ran *r)
{
  g_clear_pointer (&r->figure, gs_figure_free);
  g_clear_pointer (&r->runs, g_ptr_array_unref);
  g_clear_pointer (&r->exp, gs_experiment_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Ran, ran_clear)

static void
run_fixture (Ran *r, const char *name, gboolean dark)
{
  g_autofree char *path = fixture (name);
  g_autoptr(GError) error = NULL;
  GsFigureOptions options = { { dark, 1.0 }, GS_LOSS_SCALE_AUTO, 96 };

  r->exp = gs_experiment_new_from_file (path, &error);
  g_assert_no_error (error);
  r->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) gs_run_free);
  for (guint i = 0; i < gs_experiment_get_n_runs (r->exp); i++)
    {
      GsRun *run = gs_experiment_create_run (r->exp, i, 0);
      gs_run_advance (run, G_MAXUINT64);
      g_ptr_array_add (r->runs, run);
    }
  r->figure = gs_figure_new (r->exp, (GsRun *const *) r->runs->pdata, r->runs->len, &options);
}

/* Pixels of colour (0xRRGGBB, ±tol per channel) inside rect. */
static guint
count_color (cairo_surface_t *image, const GsRect *rect, guint32 rgb, int tol)
{
  const guchar *data = cairo_image_surface_get_data (image);
  int stride = cairo_image_surface_get_stride (image);
  guint n = 0;

  for (int y = (int) rect->y; y < (int) (rect->y + rect->height); y++)
    for (int x = (int) rect->x; x < (int) (rect->x + rect->width); x++)
      {
        guint32 p = ((const guint32 *) (data + (gsize) y * stride))[x];
        int dr = (int) ((p >> 16) & 0xff) - (int) ((rgb >> 16) & 0xff);
        int dg = (int) ((p >> 8) & 0xff) - (int) ((rgb >> 8) & 0xff);
        int db = (int) (p & 0xff) - (int) (rgb & 0xff);

        n += ABS (dr) <= tol && ABS (dg) <= tol && ABS (db) <= tol;
      }
  return n;
}

static gboolean
distinct_colors (cairo_surface_t *image, const GsRect *rect, guint at_least)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  const guchar *data = cairo_image_surface_get_data (image);
  int stride = cairo_image_surface_get_stride (image);

  for (int y = (int) rect->y; y < (int) (rect->y + rect->height); y += 3)
    for (int x = (int) rect->x; x < (int) (rect->x + rect->width); x += 3)
      g_hash_table_add (seen, GUINT_TO_POINTER (((const guint32 *) (data + (gsize) y * stride))[x]));
  return g_hash_table_size (seen) >= at_least;
}

static void
test_figure_png (void)
{
  g_auto(Ran) r = { 0 };
  g_autofree char *dir = scratch_dir ();
  g_autofree char *path = g_build_filename (dir, "figure.png", NULL);
  g_autoptr(GError) error = NULL;
  GsFigureLayout layout;
  cairo_surface_t *image;

  run_fixture (&r, "plot/figure.json", FALSE);
  g_assert_true (gs_figure_write (path, 960, 600, r.figure, &error));
  g_assert_no_error (error);

  image = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 960);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 600);

  gs_figure_get_layout (r.figure, 960, 600, &layout);
  g_assert_cmpfloat (layout.contour_area.width, >, 100);
  g_assert_cmpfloat (layout.loss_area.width, >, 100);
  g_assert_cmpfloat (layout.data.width, ==, 0);   /* a 2-D function has no data */
  g_assert_cmpfloat (layout.contour_area.x + layout.contour_area.width, <=, layout.loss.x);

  /* the landscape is not blank, and both walks are on it … */
  g_assert_true (distinct_colors (image, &layout.contour_area, 8));
  g_assert_cmpuint (count_color (image, &layout.contour_area, 0x3584e4, 2), >, 10);
  g_assert_cmpuint (count_color (image, &layout.contour_area, 0xff7800, 2), >, 10);
  /* … and both loss curves */
  g_assert_cmpuint (count_color (image, &layout.loss_area, 0x3584e4, 2), >, 10);
  g_assert_cmpuint (count_color (image, &layout.loss_area, 0xff7800, 2), >, 10);
  /* the title line has text in it */
  g_assert_true (distinct_colors (image, &layout.title, 3));

  cairo_surface_destroy (image);
  g_unlink (path);
  /* only the figure was written: the temporary file is gone */
  g_assert_cmpuint (count_files (dir), ==, 0);
  remove_dir (dir);
}

static void
test_figure_dark_regression (void)
{
  g_auto(Ran) r = { 0 };
  g_autofree char *dir = scratch_dir ();
  g_autofree char *path = g_build_filename (dir, "regression.png", NULL);
  g_autoptr(GError) error = NULL;
  GsFigureLayout layout;
  cairo_surface_t *image;
  const guint32 *px;

  run_fixture (&r, "plot/regression.json", TRUE);
  g_assert_true (gs_figure_write (path, 800, 500, r.figure, &error));
  g_assert_no_error (error);
  gs_figure_get_layout (r.figure, 800, 500, &layout);
  g_assert_cmpfloat (layout.contour.width, >, 0);   /* 2 parameters: a landscape */
  g_assert_cmpfloat (layout.data.width, >, 0);      /* one feature: the data */

  image = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 800);
  px = (const guint32 *) cairo_image_surface_get_data (image);
  /* dark background */
  g_assert_cmpuint ((px[2] >> 8) & 0xff, <, 0x40);
  /* the runs' default colours: blue and orange */
  g_assert_cmpuint (count_color (image, &layout.data, 0x3584e4, 2)
                    + count_color (image, &layout.data, 0xff7800, 2), >, 10);
  g_assert_true (distinct_colors (image, &layout.contour_area, 8));
  cairo_surface_destroy (image);
  remove_dir (dir);
}

/* Three parameters: the landscape is the slice over (θ₀, θ₁) through where
 * the first run ended; loss and data beside it, nothing overlapping. */
static void
test_figure_layouts (void)
{
  g_auto(Ran) r = { 0 };
  GsFigureLayout layout;

  run_fixture (&r, "plot/logistic.json", FALSE);
  gs_figure_get_layout (r.figure, 1000, 600, &layout);
  g_assert_cmpfloat (layout.contour.width, >, 300);
  g_assert_cmpfloat (layout.loss.width, >, 200);
  g_assert_cmpfloat (layout.data.width, >, 200);
  g_assert_cmpfloat (layout.contour.x + layout.contour.width, <=, layout.loss.x);
  g_assert_cmpfloat (layout.loss.y + layout.loss.height, <=, layout.data.y);
  /* nothing outside the page */
  g_assert_cmpfloat (layout.data.x + layout.data.width, <=, 1000);
  g_assert_cmpfloat (layout.data.y + layout.data.height, <=, 600);
  {
    g_autofree char *dir = scratch_dir ();
    g_autofree char *path = g_build_filename (dir, "slice.png", NULL);
    g_autoptr(GError) error = NULL;
    cairo_surface_t *image;

    g_assert_true (gs_figure_write (path, 1000, 600, r.figure, &error));
    g_assert_no_error (error);
    image = cairo_image_surface_create_from_png (path);
    /* a real landscape (bands of many colours) under the first run's walk */
    g_assert_true (distinct_colors (image, &layout.contour_area, 8));
    g_assert_cmpuint (count_color (image, &layout.contour_area, 0x3584e4, 2), >, 10);
    cairo_surface_destroy (image);
    remove_dir (dir);
  }
}

static char *
read_text (const char *path, gsize *len)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, len, &error);
  g_assert_no_error (error);
  return text;
}

static void
test_figure_svg_pdf (void)
{
  g_auto(Ran) r = { 0 };
  g_autofree char *dir = scratch_dir ();
  g_autofree char *svg = g_build_filename (dir, "figure.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "figure.PDF", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMarkupParseContext) parser = NULL;
  static const GMarkupParser no_callbacks = { 0 };
  gsize len;

  run_fixture (&r, "plot/figure.json", FALSE);

  g_assert_true (gs_figure_write (svg, 640, 400, r.figure, &error));
  g_assert_no_error (error);
  text = read_text (svg, &len);
  g_assert_true (g_str_has_prefix (text, "<?xml"));
  g_assert_nonnull (strstr (text, "<svg"));
  g_assert_true (g_str_has_suffix (text, "</svg>\n"));
  parser = g_markup_parse_context_new (&no_callbacks, 0, NULL, NULL);
  g_assert_true (g_markup_parse_context_parse (parser, text, (gssize) len, &error));
  g_assert_true (g_markup_parse_context_end_parse (parser, &error));
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);

  g_assert_true (gs_figure_write (pdf, 640, 400, r.figure, &error));
  g_assert_no_error (error);
  text = read_text (pdf, &len);
  g_assert_true (g_str_has_prefix (text, "%PDF-"));
  /* binary inside: compare the tail by length, after the final newline */
  while (len > 0 && g_ascii_isspace (text[len - 1]))
    len--;
  g_assert_cmpuint (len, >, 5);
  g_assert_cmpint (memcmp (text + len - 5, "%%EOF", 5), ==, 0);

  g_assert_cmpuint (count_files (dir), ==, 2);
  remove_dir (dir);
}

static void
test_figure_errors (void)
{
  g_auto(Ran) r = { 0 };
  g_autofree char *dir = scratch_dir ();
  g_autofree char *bmp = g_build_filename (dir, "figure.bmp", NULL);
  g_autofree char *none = g_build_filename (dir, "figure", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-dir", "figure.png", NULL);
  g_autofree char *ok = g_build_filename (dir, "figure.png", NULL);
  g_autoptr(GError) error = NULL;

  run_fixture (&r, "plot/figure.json", FALSE);

  g_assert_false (gs_figure_write (bmp, 640, 400, r.figure, &error));
  g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, bmp));
  g_clear_error (&error);

  g_assert_false (gs_figure_write (none, 640, 400, r.figure, &error));
  g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (gs_figure_write (missing, 640, 400, r.figure, &error));
  g_assert_error (error, GS_ERROR, GS_ERROR_IO);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  g_assert_false (gs_figure_write (ok, 0, 400, r.figure, &error));
  g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
  g_clear_error (&error);

  /* nothing was left behind by any of them */
  g_assert_cmpuint (count_files (dir), ==, 0);
  remove_dir (dir);
}

/* Long trajectories are drawn decimated but whole: the current point of a
 * 100 000-point walk is where the walk ends. */
static void
test_long_trajectory (void)
{
  guint n = 100000;
  g_autofree double *xy = g_new (double, 2 * n);
  cairo_surface_t *target = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 500, 400);
  cairo_t *cr = cairo_create (target);
  GsContourView view = { 0 };
  GsTrajectory tr = { 0 };
  GsRect area;
  double ex, ey;

  for (guint i = 0; i < n; i++)
    {
      double t = (double) i / n;
      /* a spiral into (0.5, 0.5), with a last point far outside the view */
      xy[2 * i] = 0.5 + 0.4 * (1 - t) * cos (60 * t);
      xy[2 * i + 1] = 0.5 + 0.4 * (1 - t) * sin (60 * t);
    }
  xy[2 * (n - 1)] = 1e200;   /* cairo's fixed point must never see this */
  xy[2 * (n - 1) + 1] = NAN;

  view.x_max = view.y_max = 1;
  tr.xy = xy;
  tr.n = n;
  tr.color = (GsRgb) { 1, 0, 0 };
  tr.diverged = TRUE;
  view.trajectories = &tr;
  view.n_trajectories = 1;
  gs_plot_contour_render (cr, 500, 400, &view);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);

  /* the red ✕ at the last finite point, near the centre */
  gs_plot_contour_get_area (cr, 500, 400, &view, &area);
  ex = area.x + xy[2 * (n - 2)] * area.width;
  ey = area.y + (1 - xy[2 * (n - 2) + 1]) * area.height;
  {
    GsRect around = { ex - 4, ey - 4, 8, 8 };
    cairo_surface_flush (target);
    g_assert_cmpuint (count_color (target, &around, 0xe01b24, 16), >, 0);
  }
  cairo_destroy (cr);
  cairo_surface_destroy (target);
}

/* Share of pixels that differ by more than tol in some channel. */
static double
image_difference (cairo_surface_t *a, cairo_surface_t *b, int tol)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  int sa = cairo_image_surface_get_stride (a), sb = cairo_image_surface_get_stride (b);
  const guchar *da = cairo_image_surface_get_data (a), *db = cairo_image_surface_get_data (b);
  guint differ = 0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 p = ((const guint32 *) (da + (gsize) y * sa))[x];
        guint32 q = ((const guint32 *) (db + (gsize) y * sb))[x];

        for (int c = 0; c < 32; c += 8)
          if (ABS ((int) ((p >> c) & 0xff) - (int) ((q >> c) & 0xff)) > tol)
            {
              differ++;
              break;
            }
      }
  return (double) differ / (w * h);
}

/* A window's frames: walk caches and layers, rows arriving a few at a
 * time, end on the picture one uncached frame draws. */
static void
test_walk_caches (void)
{
  const guint n_runs = 3, n = 20000;
  g_autofree double *xy = g_new (double, 2 * (gsize) n * n_runs);
  GsTrajectory tr[3] = { { 0 } };
  GsContourView view = { 0 };
  cairo_surface_t *once = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 500, 400);
  cairo_surface_t *live = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 500, 400);
  cairo_t *cr;
  GsRng rng;

  gs_rng_init (&rng, 7);
  for (guint r = 0; r < n_runs; r++)
    {
      double x = -0.8 + 0.5 * r, y = 0.8;

      for (guint i = 0; i < n; i++)
        {
          /* a drift down and right with noise, then a jitter in place */
          double drift = i < n / 2 ? 1.2 / n : 0.0;

          x += drift + 0.002 * gs_rng_normal (&rng);
          y -= drift + 0.002 * gs_rng_normal (&rng);
          xy[2 * ((gsize) r * n + i)] = x;
          xy[2 * ((gsize) r * n + i) + 1] = y;
        }
      tr[r].xy = xy + 2 * (gsize) r * n;
      tr[r].color = gs_palette_color (r);
    }
  view.x_min = view.y_min = -1;
  view.x_max = view.y_max = 1;
  view.trajectories = tr;
  view.n_trajectories = n_runs;

  for (guint r = 0; r < n_runs; r++)
    tr[r].n = n;
  cr = cairo_create (once);
  gs_plot_contour_render (cr, 500, 400, &view);
  cairo_destroy (cr);

  view.layers = gs_walk_layers_new ();
  for (guint r = 0; r < n_runs; r++)
    tr[r].cache = gs_walk_cache_new ();
  cr = cairo_create (live);
  for (guint m = 1; m <= n; m += 1 + m / 3)
    {
      for (guint r = 0; r < n_runs; r++)
        tr[r].n = m;
      cairo_save (cr);
      cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
      cairo_paint (cr);
      cairo_restore (cr);
      gs_plot_contour_render (cr, 500, 400, &view);
    }
  for (guint r = 0; r < n_runs; r++)
    tr[r].n = n;
  cairo_save (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_restore (cr);
  gs_plot_contour_render (cr, 500, 400, &view);
  cairo_destroy (cr);
  cairo_surface_flush (once);
  cairo_surface_flush (live);

  if (g_getenv ("GS_DUMP"))
    {
      cairo_surface_write_to_png (once, "/tmp/walk-once.png");
      cairo_surface_write_to_png (live, "/tmp/walk-live.png");
    }
  /* the same walks; only where the rows broke into frames may a pixel or
   * two of a line differ */
  g_assert_cmpfloat (image_difference (once, live, 48), <, 0.01);

  /* a new generation (the trace was rewritten) starts the cache over */
  for (guint r = 0; r < n_runs; r++)
    tr[r].generation = 1;
  cr = cairo_create (live);
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  gs_plot_contour_render (cr, 500, 400, &view);
  cairo_destroy (cr);
  g_assert_cmpfloat (image_difference (once, live, 48), <, 0.01);

  /* a decimation half way: the rows drawn so far thinned to every 8th,
   * the cache rebased after them, not started over, and the frame the same */
  {
    g_autofree double *thin = g_new (double, 2 * (gsize) n * n_runs);
    guint serial[3], m = 0;

    for (guint r = 0; r < n_runs; r++)
      {
        tr[r].n = n / 2;
        tr[r].generation = 2;
      }
    cr = cairo_create (live);
    gs_plot_contour_render (cr, 500, 400, &view);
    cairo_destroy (cr);
    for (guint r = 0; r < n_runs; r++)
      {
        const double *src = xy + 2 * (gsize) r * n;
        double *dst = thin + 2 * (gsize) r * n;

        serial[r] = gs_walk_cache_get_serial (tr[r].cache);
        m = 0;
        for (guint i = 0; i < n / 2; i += 8, m++)
          memcpy (dst + 2 * m, src + 2 * i, 2 * sizeof (double));
        /* the last row the cache took stays in (the trace keeps the newest) */
        memcpy (dst + 2 * m++, src + 2 * (n / 2 - 1), 2 * sizeof (double));
        gs_walk_cache_rebase (tr[r].cache, m);
        memcpy (dst + 2 * m, src + n, (gsize) n * sizeof (double));
        tr[r].xy = dst;
        tr[r].n = m + n / 2;
      }
    cr = cairo_create (live);
    cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
    cairo_paint (cr);
    cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
    gs_plot_contour_render (cr, 500, 400, &view);
    cairo_destroy (cr);
    for (guint r = 0; r < n_runs; r++)
      g_assert_cmpuint (gs_walk_cache_get_serial (tr[r].cache), ==, serial[r]);
    g_assert_cmpfloat (image_difference (once, live, 48), <, 0.01);
  }

  for (guint r = 0; r < n_runs; r++)
    gs_walk_cache_free (tr[r].cache);
  gs_walk_layers_free (view.layers);
  cairo_surface_destroy (once);
  cairo_surface_destroy (live);
}

static void
test_loss_view (void)
{
  guint n = 50000;
  g_autofree double *step = g_new (double, n);
  g_autofree double *loss = g_new (double, n);
  cairo_surface_t *target = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 400);
  cairo_t *cr = cairo_create (target);
  GsLossSeries series[2] = { { 0 } };
  GsLossView view = { 0 };
  GsRect area;

  for (guint i = 0; i < n; i++)
    {
      step[i] = i;
      /* every other row not evaluated (minibatch), noisy decay */
      loss[i] = (i % 2) ? NAN : exp (-(double) i / 5000.0) * (1.2 + sin (i * 0.7));
    }
  series[0] = (GsLossSeries) { step, loss, 1, n, { 0.2, 0.5, 0.9 }, "noisy", FALSE };
  series[1] = (GsLossSeries) { step, loss, 1, 100, { 0.9, 0.5, 0.1 }, "short", TRUE };
  g_assert_true (gs_plot_loss_prefers_log (series, 2));

  view.series = series;
  view.n_series = 2;
  view.log_y = TRUE;
  gs_plot_loss_render (cr, 600, 400, &view);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  gs_plot_loss_get_area (cr, 600, 400, &view, &area);
  cairo_surface_flush (target);
  g_assert_true (distinct_colors (target, &area, 4));

  /* negative losses never go on a log axis */
  for (guint i = 0; i < n; i += 2)
    loss[i] -= 0.5;
  g_assert_false (gs_plot_loss_prefers_log (series, 1));
  view.log_y = TRUE;   /* asked anyway: drawn, the non-positive rows left off */
  gs_plot_loss_render (cr, 600, 400, &view);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);

  cairo_destroy (cr);
  cairo_surface_destroy (target);
}

/* A run converging to an underflow and one diverging to overflow: the log
 * axis spans 300 decades and still maps every loss where it belongs. */
/* Dark (text) pixels in rect: the legend's labels. */
static guint
count_dark (cairo_surface_t *image, const GsRect *rect)
{
  const guchar *data = cairo_image_surface_get_data (image);
  int stride = cairo_image_surface_get_stride (image);
  guint n = 0;

  for (int y = (int) rect->y; y < (int) (rect->y + rect->height); y++)
    for (int x = (int) rect->x; x < (int) (rect->x + rect->width); x++)
      {
        guint32 p = ((const guint32 *) (data + (gsize) y * stride))[x];
        n += ((p >> 16) & 0xff) < 0x60 && ((p >> 8) & 0xff) < 0x60 && (p & 0xff) < 0x60;
      }
  return n;
}

/* The legend goes to the corner the curves leave free. */
static void
test_loss_legend_corner (void)
{
  double step[64], high[64], low[64];
  cairo_surface_t *target = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 600, 400);
  cairo_t *cr = cairo_create (target);
  GsLossSeries series[2];
  GsLossView view = { 0 };
  GsRect area, top, bottom;

  /* one curve along the top all the way, one along the bottom on the
   * right half only: the bottom left is free */
  for (guint i = 0; i < 64; i++)
    {
      step[i] = i;
      high[i] = 100.0;
      low[i] = i < 32 ? NAN : 1.0;
    }
  series[0] = (GsLossSeries) { step, high, 1, 64, { 1.0, 0.47, 0.0 }, "top", FALSE };
  series[1] = (GsLossSeries) { step, low, 1, 64, { 0.9, 0.6, 0.1 }, "bottom", FALSE };
  view.series = series;
  view.n_series = 2;
  view.log_y = TRUE;
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  gs_plot_loss_render (cr, 600, 400, &view);
  gs_plot_loss_get_area (cr, 600, 400, &view, &area);
  cairo_surface_flush (target);

  top = (GsRect) { area.x, area.y, area.width / 2, area.height / 2 };
  bottom = (GsRect) { area.x, area.y + area.height / 2, area.width / 2, area.height / 2 };
  g_assert_cmpuint (count_dark (target, &bottom), >, 20);
  g_assert_cmpuint (count_dark (target, &top), ==, 0);
  top.x = bottom.x = area.x + area.width / 2;
  g_assert_cmpuint (count_dark (target, &top), ==, 0);
  g_assert_cmpuint (count_dark (target, &bottom), ==, 0);

  cairo_destroy (cr);
  cairo_surface_destroy (target);
}

static void
test_loss_wide_range (void)
{
  double step[600], fast[600], step2[5000], fine[5000];
  cairo_surface_t *target = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 500, 400);
  cairo_t *cr = cairo_create (target);
  GsLossSeries series[2];
  GsLossView view = { 0 };
  GsRect area, top, bottom;

  for (int i = 0; i < 600; i++)
    {
      step[i] = i;
      fast[i] = i < 510 ? 20 * pow (4, i) : NAN;   /* ∞ from step 512 */
    }
  for (int i = 0; i < 5000; i++)
    {
      step2[i] = i;
      fine[i] = 50 * pow (0.81, i);                /* 0 from step ~3500 */
    }
  series[0] = (GsLossSeries) { step, fast, 1, 600, { 0, 0, 1 }, "fast", TRUE };
  series[1] = (GsLossSeries) { step2, fine, 1, 5000, { 1, 0x78 / 255.0, 0 }, "fine", FALSE };
  g_assert_true (gs_plot_loss_prefers_log (series, 2));
  view.log_y = TRUE;
  view.series = series;
  view.n_series = 2;
  gs_plot_loss_render (cr, 500, 400, &view);
  gs_plot_loss_get_area (cr, 500, 400, &view, &area);
  cairo_surface_flush (target);

  /* the converging run starts near the top and leaves at the bottom */
  top = (GsRect) { area.x, area.y, area.width / 4, area.height / 3 };
  bottom = (GsRect) { area.x + area.width / 2, area.y + area.height * 2 / 3,
                      area.width / 2, area.height / 3 };
  g_assert_cmpuint (count_color (target, &top, 0xff7800, 8), >, 5);
  g_assert_cmpuint (count_color (target, &bottom, 0xff7800, 8), >, 5);
  /* the diverged one ends with a red ✕ */
  g_assert_cmpuint (count_color (target, &area, 0xe01b24, 16), >, 5);

  cairo_destroy (cr);
  cairo_surface_destroy (target);
}

/* ---- gradscope-cli plot ------------------------------------------------------- */

static gboolean
cli_has_plot (void)
{
  g_auto(Result) r = cli ("plot", "--help", NULL);

  if (r.status == 0)
    return TRUE;
  g_test_skip ("gradscope-cli has no plot command (yet)");
  return FALSE;
}

static gboolean
is_png (const char *path)
{
  g_autofree char *text = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &text, &len, NULL))
    return FALSE;
  return len > 8 && memcmp (text, "\x89PNG\r\n\x1a\n", 8) == 0;
}

static void
test_cli_plot (void)
{
  g_autofree char *dir = scratch_dir ();
  g_autofree char *png = g_build_filename (dir, "default.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "minibatch.svg", NULL);
  g_autofree char *minibatch = fixture ("minibatch.json");

  if (!cli_has_plot ())
    {
      remove_dir (dir);
      return;
    }

  {
    /* the built-in default, with a small budget */
    g_auto(Result) r = cli ("plot", "--out", png, "--width", "640", "--height", "400",
                            "--max-steps", "200", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, png));
    g_assert_true (is_png (png));
  }
  {
    g_auto(Result) r = cli ("plot", minibatch, "--out", svg, "--linear", "--dark", NULL);
    g_autofree char *text = NULL;

    g_assert_cmpint (r.status, ==, 0);
    g_file_get_contents (svg, &text, NULL, NULL);
    g_assert_nonnull (text);
    g_assert_true (g_str_has_suffix (text, "</svg>\n"));
  }
  g_assert_cmpuint (count_files (dir), ==, 2);
  remove_dir (dir);
}

static void
test_cli_plot_diverged (void)
{
  g_autofree char *dir = scratch_dir ();
  g_autofree char *png = g_build_filename (dir, "diverge.png", NULL);
  g_autofree char *exp = fixture ("diverge.json");

  if (!cli_has_plot ())
    {
      remove_dir (dir);
      return;
    }
  {
    g_auto(Result) r = cli ("plot", exp, "--out", png, NULL);
    /* a run diverged: exit 1, and the figure is there all the same */
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "diverged"));
    g_assert_true (is_png (png));
  }
  remove_dir (dir);
}

static void
test_cli_plot_bad_input (void)
{
  g_autofree char *dir = scratch_dir ();
  g_autofree char *bmp = g_build_filename (dir, "figure.bmp", NULL);
  g_autofree char *png = g_build_filename (dir, "figure.png", NULL);
  g_autofree char *missing = g_build_filename (dir, "nowhere", "figure.png", NULL);
  g_autofree char *bad_key = fixture ("bad-key.json");

  if (!cli_has_plot ())
    {
      remove_dir (dir);
      return;
    }
  {
    g_auto(Result) r = cli ("plot", "--out", bmp, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, bmp));
    g_assert_nonnull (strstr (r.err, ".png"));
  }
  {
    g_auto(Result) r = cli ("plot", "--out", missing, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, missing));
  }
  {
    g_auto(Result) r = cli ("plot", "--out", png, "--width", "0", NULL);
    g_assert_cmpint (r.status, ==, 2);
  }
  {
    g_auto(Result) r = cli ("plot", "--out", png, "--log", "--linear", NULL);
    g_assert_cmpint (r.status, ==, 2);
  }
  {
    g_auto(Result) r = cli ("plot", NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "--out"));
  }
  {
    g_auto(Result) r = cli ("plot", bad_key, "--out", png, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "lerning_rate"));
  }
  /* no file left behind by any of them */
  g_assert_cmpuint (count_files (dir), ==, 0);
  remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gradscope/plot/colormap/endpoints", test_colormap_endpoints);
  g_test_add_func ("/gradscope/plot/colormap/luminance", test_colormap_luminance);
  g_test_add_func ("/gradscope/plot/ticks/linear", test_ticks_linear);
  g_test_add_func ("/gradscope/plot/ticks/log", test_ticks_log);
  g_test_add_func ("/gradscope/plot/ticks/format", test_tick_format);
  g_test_add_func ("/gradscope/plot/contour/circle", test_marching_circle);
  g_test_add_func ("/gradscope/plot/contour/saddle", test_marching_saddle);
  g_test_add_func ("/gradscope/plot/contour/chain", test_contour_chain);
  g_test_add_func ("/gradscope/plot/contour/levels", test_levels);
  g_test_add_func ("/gradscope/plot/contour/non-finite", test_nonfinite_cells);
  g_test_add_func ("/gradscope/plot/contour/long-trajectory", test_long_trajectory);
  g_test_add_func ("/gradscope/plot/contour/walk-caches", test_walk_caches);
  g_test_add_func ("/gradscope/plot/loss/legend-corner", test_loss_legend_corner);
  g_test_add_func ("/gradscope/plot/loss/view", test_loss_view);
  g_test_add_func ("/gradscope/plot/loss/wide-range", test_loss_wide_range);
  g_test_add_func ("/gradscope/plot/figure/png", test_figure_png);
  g_test_add_func ("/gradscope/plot/figure/dark-regression", test_figure_dark_regression);
  g_test_add_func ("/gradscope/plot/figure/svg-pdf", test_figure_svg_pdf);
  g_test_add_func ("/gradscope/plot/figure/layouts", test_figure_layouts);
  g_test_add_func ("/gradscope/plot/figure/errors", test_figure_errors);
  g_test_add_func ("/gradscope/plot/cli/plot", test_cli_plot);
  g_test_add_func ("/gradscope/plot/cli/diverged", test_cli_plot_diverged);
  g_test_add_func ("/gradscope/plot/cli/bad-input", test_cli_plot_bad_input);

  {
    int status = g_test_run ();
    gs_plot_release_fonts ();
    return status;
  }
}
