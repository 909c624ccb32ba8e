/* test-plot.c — the Cairo renderers: colour map, ticks, contours, loss, accuracy,
 * decision boundaries, 3-D surface, figures, plot */
#include <cairo.h>
#include <cairo-svg.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "gs-experiment.h"
#include "gs-figure.h"
#include "gs-plot.h"
#include "gs-plot-private.h"
#include "gs-plot-study.h"
#include "gs-plot-surface.h"
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

/* ---- decision boundary ------------------------------------------------------ */

static guint32
pixel_at (cairo_surface_t *image, int x, int y)
{
  const guchar *data = cairo_image_surface_get_data (image);
  int stride = cairo_image_surface_get_stride (image);

  return ((const guint32 *) (data + (gsize) y * stride))[x] & 0xffffff;
}

static guint32
rgb_hex (GsRgb c)
{
  return (guint32) lround (c.r * 255) << 16 | (guint32) lround (c.g * 255) << 8
         | (guint32) lround (c.b * 255);
}

/* Each channel of p within tol of rgb. */
static gboolean
near_rgb (guint32 p, guint32 rgb, int tol)
{
  for (int shift = 0; shift <= 16; shift += 8)
    if (ABS ((int) ((p >> shift) & 0xff) - (int) ((rgb >> shift) & 0xff)) > tol)
      return FALSE;
  return TRUE;
}

#define RED(p)   (((p) >> 16) & 0xff)
#define GREEN(p) (((p) >> 8) & 0xff)
#define BLUE(p)  ((p) & 0xff)

/* Class 0 on the left half, class 1 on the right; with K = 3, class 2 on
 * the top five rows (row 0 is y_min). */
static double *
half_plane_probs (guint nx, guint ny, guint n_classes)
{
  double *probs = g_new0 (double, (gsize) nx * ny * n_classes);

  for (guint j = 0; j < ny; j++)
    for (guint i = 0; i < nx; i++)
      {
        double *p = probs + ((gsize) j * nx + i) * n_classes;

        if (n_classes == 3 && j >= ny - 5)
          p[2] = 1.0;
        else
          p[i < nx / 2 ? 0 : 1] = 1.0;
      }
  return probs;
}

static GsRgb
field_color (double p0, double p1, gboolean dark)
{
  double p[2] = { p0, p1 };
  GsRgb c;

  g_assert_true (gs_boundary_field_color (p, 2, dark, &c));
  return c;
}

static void
test_boundary_image (void)
{
  guint nx = 40, ny = 30;
  g_autofree double *probs = half_plane_probs (nx, ny, 2);
  g_autofree double *probs3 = half_plane_probs (nx, ny, 3);
  GsPlotStyle light = { FALSE, 1.0 }, dark = { TRUE, 1.0 };
  cairo_surface_t *image;
  guint32 left, right, top;

  image = gs_boundary_image_new (probs, nx, ny, 2, &light);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, (int) nx);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, (int) ny);
  left = pixel_at (image, 5, 15);
  right = pixel_at (image, 35, 15);
  g_assert_true (near_rgb (left, rgb_hex (field_color (1, 0, FALSE)), 1));
  g_assert_true (near_rgb (right, rgb_hex (field_color (0, 1, FALSE)), 1));
  /* class 0 is blue, class 1 orange … */
  g_assert_cmpuint (BLUE (left), >, RED (left) + 20);
  g_assert_cmpuint (RED (right), >, BLUE (right) + 20);
  /* … as tints, lighter than the classes' own colours (the points') */
  g_assert_cmpuint (RED (left), >, RED (rgb_hex (gs_class_color (0))) + 40);
  g_assert_cmpuint (BLUE (right), >, BLUE (rgb_hex (gs_class_color (1))) + 40);
  cairo_surface_destroy (image);

  /* in the dark style the tints are darker than the classes */
  image = gs_boundary_image_new (probs, nx, ny, 2, &dark);
  left = pixel_at (image, 5, 15);
  g_assert_true (near_rgb (left, rgb_hex (field_color (1, 0, TRUE)), 1));
  g_assert_cmpuint (BLUE (left), <, BLUE (rgb_hex (gs_class_color (0))));
  g_assert_cmpuint (BLUE (left), >, RED (left));
  cairo_surface_destroy (image);

  /* row 0 of the grid is y_min: the top rows of the grid are the image's first */
  image = gs_boundary_image_new (probs3, nx, ny, 3, &light);
  top = pixel_at (image, 5, 2);
  g_assert_cmpuint (GREEN (top), >, RED (top) + 10);    /* class 2: green */
  g_assert_cmpuint (GREEN (top), >, BLUE (top) + 10);
  g_assert_true (near_rgb (pixel_at (image, 5, ny - 1), rgb_hex (field_color (1, 0, FALSE)), 1));
  cairo_surface_destroy (image);

  /* unsure: the background; no finite output: grey */
  {
    double even[4 * 2] = { 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, NAN, 0.5 };

    image = gs_boundary_image_new (even, 2, 2, 2, &light);
    g_assert_cmphex (pixel_at (image, 0, 1), ==, 0xffffff);   /* node (0, 0) */
    top = pixel_at (image, 1, 0);                             /* node (1, 1): NAN */
    g_assert_cmphex (RED (top), ==, GREEN (top));
    g_assert_cmphex (GREEN (top), ==, BLUE (top));
    g_assert_cmphex (top, !=, 0xffffff);
    cairo_surface_destroy (image);
    image = gs_boundary_image_new (even, 2, 2, 2, &dark);
    g_assert_cmphex (pixel_at (image, 0, 1), ==, 0x1e1e1e);
    cairo_surface_destroy (image);
  }
}

static void
test_boundary_lines (void)
{
  guint nx = 40, ny = 30;
  g_autofree double *probs = half_plane_probs (nx, ny, 2);
  g_autofree double *probs3 = half_plane_probs (nx, ny, 3);
  static const double window[4] = { -1, 1, -1, 1 };
  g_autoptr(GsContourLines) lines = gs_boundary_lines_new (probs, nx, ny, 2, window);
  g_autoptr(GsContourLines) lines3 = gs_boundary_lines_new (probs3, nx, ny, 3, window);
  g_autoptr(GsContourLines) none = NULL;
  double y_lo = INFINITY, y_hi = -INFINITY;
  guint n_top = 0;

  /* K = 2: the line p = ½ at x = 0, from the first node row to the last */
  g_assert_cmpuint (lines->points->len, >, 4);
  g_assert_cmpuint (lines->starts->len, ==, 2);   /* one polyline */
  for (guint i = 0; i < lines->points->len; i += 2)
    {
      double x = g_array_index (lines->points, double, i);
      double y = g_array_index (lines->points, double, i + 1);

      g_assert_cmpfloat (fabs (x), <, 1e-9);
      y_lo = MIN (y_lo, y);
      y_hi = MAX (y_hi, y);
    }
  g_assert_cmpfloat (fabs (y_lo - (-1 + 1.0 / ny)), <, 1e-9);
  g_assert_cmpfloat (fabs (y_hi - (1 - 1.0 / ny)), <, 1e-9);

  /* K = 3: class 2's rim too, halfway between node rows 24 and 25 */
  for (guint i = 0; i < lines3->points->len; i += 2)
    n_top += fabs (g_array_index (lines3->points, double, i + 1) - 2.0 / 3.0) < 1e-9;
  g_assert_cmpuint (n_top, >, 10);

  /* too many classes to draw boundaries of: none, and no harm */
  {
    guint k = GS_BOUNDARY_MAX_LINE_CLASSES + 1;
    g_autofree double *many = g_new0 (double, 4 * 4 * k);

    none = gs_boundary_lines_new (many, 4, 4, k, window);
    g_assert_cmpuint (none->points->len, ==, 0);
    g_assert_cmpuint (none->starts->len, ==, 1);
  }
}

/* A data set of n 2-D points (x1, x2, label). */
static GsDataset *
points_of (const double (*rows)[3], guint n)
{
  GsDataset *d = gs_dataset_new (n, 2);

  for (guint i = 0; i < n; i++)
    {
      gs_dataset_row (d, i)[1] = rows[i][0];
      gs_dataset_row (d, i)[2] = rows[i][1];
      d->y[i] = rows[i][2];
    }
  return d;
}

static void
boundary_mapping (cairo_t *cr, double width, double height, const GsBoundaryView *view,
                  GsAxes *axes)
{
  memset (axes, 0, sizeof *axes);
  gs_plot_boundary_get_area (cr, width, height, view, &axes->area);
  axes->x = (GsAxis) { view->x_min, view->x_max, FALSE, NULL };
  axes->y = (GsAxis) { view->y_min, view->y_max, FALSE, NULL };
}

static void
test_boundary_points (void)
{
  guint nx = 40, ny = 30;
  g_autofree double *probs = half_plane_probs (nx, ny, 2);
  static const double window[4] = { -1, 1, -1, 1 };
  static const double train_rows[][3] = {
    { -0.3, 0.15, 0 }, { 0.3, -0.15, 1 }, { -0.25, -0.2, 1 },   /* the last one misclassified */
  };
  static const double val_rows[][3] = { { -0.5, 0.0, 0 }, { 0.5, 0.1, 1 } };
  g_autoptr(GsDataset) train = points_of (train_rows, G_N_ELEMENTS (train_rows));
  g_autoptr(GsDataset) val = points_of (val_rows, G_N_ELEMENTS (val_rows));
  g_autoptr(GsContourLines) lines = gs_boundary_lines_new (probs, nx, ny, 2, window);
  GsPlotStyle light = { FALSE, 1.0 };
  cairo_surface_t *field = gs_boundary_image_new (probs, nx, ny, 2, &light);
  cairo_surface_t *target = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 500, 400);
  cairo_t *cr = cairo_create (target);
  GsBoundaryView view = { 0 };
  GsAxes axes;

  view.style = light;
  view.mode = GS_BOUNDARY_CLASSES;
  view.x_min = view.y_min = -1;
  view.x_max = view.y_max = 1;
  memcpy (view.field_window, window, sizeof window);
  view.x_title = "x₁";
  view.y_title = "x₂";
  view.train = train;
  view.validation = val;
  view.n_classes = 2;
  view.field = field;
  view.lines = lines;
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  gs_plot_boundary_render (cr, 500, 400, &view);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (target);
  boundary_mapping (cr, 500, 400, &view, &axes);

  /* training points: filled with their class's colour, wherever they are */
  for (guint i = 0; i < G_N_ELEMENTS (train_rows); i++)
    {
      int x = (int) gs_axes_x_to_px (&axes, train_rows[i][0]);
      int y = (int) gs_axes_y_to_px (&axes, train_rows[i][1]);

      g_assert_true (near_rgb (pixel_at (target, x, y),
                               rgb_hex (gs_class_color ((guint) train_rows[i][2])), 3));
    }
  /* validation points: hollow rings in the class colour, the field inside */
  for (guint i = 0; i < G_N_ELEMENTS (val_rows); i++)
    {
      double cx = gs_axes_x_to_px (&axes, val_rows[i][0]);
      double cy = gs_axes_y_to_px (&axes, val_rows[i][1]);
      GsRgb tint = field_color (i == 0, i == 1, FALSE);
      guint32 ring = rgb_hex (gs_class_color ((guint) val_rows[i][2]));

      g_assert_true (near_rgb (pixel_at (target, (int) cx, (int) cy), rgb_hex (tint), 4));
      /* on the ring (radius 4.25 ± 1 at 200 points or fewer) */
      g_assert_true (near_rgb (pixel_at (target, (int) floor (cx + 4.25), (int) cy), ring, 24));
      g_assert_true (near_rgb (pixel_at (target, (int) floor (cx - 4.25), (int) cy), ring, 24));
    }
  /* the field away from the points, and the boundary line between */
  {
    int y = (int) gs_axes_y_to_px (&axes, -0.7);   /* (the legend is at the top right) */
    int x0 = (int) gs_axes_x_to_px (&axes, 0.0);
    guint32 line = pixel_at (target, x0, y);

    g_assert_true (near_rgb (pixel_at (target, (int) gs_axes_x_to_px (&axes, -0.6), y),
                             rgb_hex (field_color (1, 0, FALSE)), 2));
    g_assert_true (near_rgb (pixel_at (target, (int) gs_axes_x_to_px (&axes, 0.6), y),
                             rgb_hex (field_color (0, 1, FALSE)), 2));
    /* darker than either side */
    g_assert_cmpuint (GREEN (line), <, GREEN (rgb_hex (field_color (1, 0, FALSE))) - 30);
    g_assert_cmpuint (GREEN (line), <, GREEN (rgb_hex (field_color (0, 1, FALSE))) - 30);
  }

  cairo_destroy (cr);
  cairo_surface_destroy (target);
  cairo_surface_destroy (field);
}

/* Points in three corners: the legend goes to the fourth and hides none;
 * the dark style is dark with light text. */
static void
test_boundary_legend_dark (void)
{
  double rows[48][3];
  g_autoptr(GsDataset) train = NULL;
  g_autoptr(GsDataset) val = NULL;
  static const double val_rows[][3] = { { 0.0, 0.0, 1 } };
  cairo_surface_t *target;
  GsBoundaryView view = { 0 };
  GsAxes axes;
  GsRect quarter;
  guint light_text = 0;

  for (guint i = 0; i < 48; i++)
    {
      /* corners top right, top left, bottom right; 16 points each */
      int corner = i / 16;
      double x = corner == 1 ? -0.85 : 0.85, y = corner == 2 ? -0.85 : 0.85;

      rows[i][0] = x + 0.1 * ((i % 4) - 1.5) / 1.5;
      rows[i][1] = y + 0.1 * (((i / 4) % 4) - 1.5) / 1.5;
      rows[i][2] = i % 3;
    }
  train = points_of ((const double (*)[3]) rows, 48);
  val = points_of (val_rows, 1);

  for (int dark = 0; dark < 2; dark++)
    {
      cairo_t *cr;

      target = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 500, 400);
      cr = cairo_create (target);
      view.style = (GsPlotStyle) { dark, 1.0 };
      view.mode = GS_BOUNDARY_CLASSES;
      view.x_min = view.y_min = -1;
      view.x_max = view.y_max = 1;
      view.x_title = "x₁";
      view.y_title = "x₂";
      view.train = train;
      view.validation = val;
      view.n_classes = 3;
      /* the page is the caller's: paint it as the window would */
      if (dark)
        cairo_set_source_rgb (cr, 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0);
      else
        cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      gs_plot_boundary_render (cr, 500, 400, &view);
      cairo_surface_flush (target);
      boundary_mapping (cr, 500, 400, &view, &axes);

      for (guint i = 0; i < 48; i++)
        g_assert_true (near_rgb (pixel_at (target, (int) gs_axes_x_to_px (&axes, rows[i][0]),
                                           (int) gs_axes_y_to_px (&axes, rows[i][1])),
                                 rgb_hex (gs_class_color ((guint) rows[i][2])), 3));
      quarter = (GsRect) { axes.area.x + 2, axes.area.y + axes.area.height / 2,
                           axes.area.width / 3, axes.area.height / 2 - 2 };
      if (!dark)
        g_assert_cmpuint (count_dark (target, &quarter), >, 20);   /* the legend's text */
      else
        {
          const guint32 *px = (const guint32 *) cairo_image_surface_get_data (target);
          int stride = cairo_image_surface_get_stride (target) / 4;
          GsRect labels = { 0, axes.area.y, axes.area.x - 2, axes.area.height };

          /* the area's fill over a dark page, light tick labels and titles */
          g_assert_cmpuint (GREEN (px[(int) (axes.area.y + 5) * stride + (int) axes.area.x + 5]),
                            <, 0x40);
          for (int y = (int) labels.y; y < (int) (labels.y + labels.height); y++)
            for (int x = 0; x < (int) labels.width; x++)
              light_text += GREEN (px[y * stride + x]) > 0xb0;
          g_assert_cmpuint (light_text, >, 30);
        }
      cairo_destroy (cr);
      cairo_surface_destroy (target);
    }
}

/* A fitted surface with its colour bar; 1-D curves of a value and of classes. */
static void
test_boundary_surface_curve (void)
{
  guint n = 50;
  g_autofree double *values = g_new (double, n * n);
  g_autofree double *xy = g_new (double, 2 * n * n);
  static const double window[4] = { -1, 1, -1, 1 };
  static const double rows[][3] = { { -0.5, -0.5, -1.0 }, { 0.5, 0.5, 1.0 }, { 0.4, -0.4, 0.0 } };
  g_autoptr(GsDataset) train = points_of (rows, G_N_ELEMENTS (rows));
  g_autoptr(GsContourLines) lines = NULL;
  GsPlotStyle light = { FALSE, 1.0 };
  cairo_surface_t *field, *target = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 500, 400);
  cairo_t *cr = cairo_create (target);
  GsBoundaryView view = { 0 };
  GsLevels levels;
  GsAxes axes;
  GsRect bar;

  /* ŷ = x₁ + x₂ at the nodes gs_field_points gives */
  gs_field_points (window, n, n, xy);
  g_assert_cmpfloat (fabs (xy[0] - (-1 + 1.0 / n)), <, 1e-12);
  g_assert_cmpfloat (fabs (xy[2 * n * n - 1] - (1 - 1.0 / n)), <, 1e-12);
  for (guint q = 0; q < n * n; q++)
    values[q] = xy[2 * q] + xy[2 * q + 1];
  gs_levels_choose_linear (-2, 2, 10, &levels);
  g_assert_false (levels.log);
  g_assert_cmpuint (levels.n, >=, 5);
  field = gs_value_image_new (values, n, n, &levels, &light);
  lines = gs_field_lines_new (values, n, n, window, &levels);
  g_assert_cmpuint (lines->points->len, >, 0);

  view.style = light;
  view.mode = GS_BOUNDARY_SURFACE;
  view.x_min = view.y_min = -1;
  view.x_max = view.y_max = 1;
  view.value_title = "ŷ";
  view.train = train;
  view.field = field;
  memcpy (view.field_window, window, sizeof window);
  view.lines = lines;
  view.levels = &levels;
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  gs_plot_boundary_render (cr, 500, 400, &view);
  cairo_surface_flush (target);
  boundary_mapping (cr, 500, 400, &view, &axes);
  /* the colour bar right of the plot */
  bar = (GsRect) { axes.area.x + axes.area.width + 16, axes.area.y + 2, 8, axes.area.height - 4 };
  g_assert_true (distinct_colors (target, &bar, 8));
  /* each point in its target's colour */
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_assert_true (near_rgb (pixel_at (target, (int) gs_axes_x_to_px (&axes, rows[i][0]),
                                       (int) gs_axes_y_to_px (&axes, rows[i][1])),
                             gs_colormap_argb (gs_levels_position (&levels, rows[i][2])) & 0xffffff,
                             3));
  cairo_surface_destroy (field);

  /* one input: the data and the curve of a value, in the run's colour */
  {
    double cx[101], cy[101];
    static const double rows1[][3] = { { -0.5, 0.2, 0 }, { 0.5, -0.3, 0 } };
    g_autoptr(GsDataset) d1 = gs_dataset_new (2, 1);

    for (guint i = 0; i < 2; i++)
      {
        gs_dataset_row (d1, i)[1] = rows1[i][0];
        d1->y[i] = rows1[i][1];
      }
    for (int i = 0; i <= 100; i++)
      {
        cx[i] = -1 + i / 50.0;
        cy[i] = 0.5 * sin (3 * cx[i]);
      }
    memset (&view, 0, sizeof view);
    view.style = light;
    view.mode = GS_BOUNDARY_CURVE;
    {
      double fit[4];

      gs_plot_boundary_fit_window (GS_BOUNDARY_CURVE, 0, d1, NULL, fit);
      g_assert_cmpfloat (fit[0], <, -0.5);
      g_assert_cmpfloat (fit[1], >, 0.5);
      g_assert_cmpfloat (fit[2], <, -0.3);
      g_assert_cmpfloat (fit[3], >, 0.2);
    }
    view.x_min = view.y_min = -1;
    view.x_max = view.y_max = 1;
    view.train = d1;
    view.curve_x = cx;
    view.curve_y = cy;
    view.n_curve = 101;
    view.curve_color = (GsRgb) { 1, 0x78 / 255.0, 0 };
    cairo_set_source_rgb (cr, 1, 1, 1);
    cairo_paint (cr);
    gs_plot_boundary_render (cr, 500, 400, &view);
    cairo_surface_flush (target);
    boundary_mapping (cr, 500, 400, &view, &axes);
    g_assert_cmpuint (count_color (target, &axes.area, 0xff7800, 2), >, 100);

    /* a 1-D classifier: P(class k) against x, each in its class's colour */
    {
      double probs[101 * 3];

      for (int i = 0; i <= 100; i++)
        {
          double z[3] = { -3 * cx[i], 0.0, 3 * cx[i] }, s = 0;
          for (int k = 0; k < 3; k++)
            s += exp (z[k]);
          for (int k = 0; k < 3; k++)
            probs[3 * i + k] = exp (z[k]) / s;
        }
      view.curve_y = probs;
      view.n_classes = 3;
      view.y_min = -0.08;
      view.y_max = 1.08;
      d1->y[0] = 0;
      d1->y[1] = 2;
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      gs_plot_boundary_render (cr, 500, 400, &view);
      cairo_surface_flush (target);
      for (guint k = 0; k < 3; k++)
        g_assert_cmpuint (count_color (target, &axes.area, rgb_hex (gs_class_color (k)), 2),
                          >, 50);
    }
  }
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (target);
}

/* Thousands of points are stamped on raster targets: each still at its
 * place in its class's colour. */
static void
test_boundary_many_points (void)
{
  guint nx = 60, ny = 50, n = nx * ny, hits = 0;
  g_autoptr(GsDataset) train = gs_dataset_new (n, 2);
  cairo_surface_t *target = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 600, 500);
  cairo_t *cr = cairo_create (target);
  GsBoundaryView view = { 0 };
  GsAxes axes;

  for (guint q = 0; q < n; q++)
    {
      gs_dataset_row (train, q)[1] = -0.95 + 1.9 * (q % nx) / (nx - 1);
      gs_dataset_row (train, q)[2] = -0.95 + 1.9 * (q / nx) / (ny - 1);
      train->y[q] = q % 3;
    }
  view.mode = GS_BOUNDARY_CLASSES;
  view.x_min = view.y_min = -1;
  view.x_max = view.y_max = 1;
  view.train = train;
  view.n_classes = 3;
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  gs_plot_boundary_render (cr, 600, 500, &view);
  cairo_surface_flush (target);
  boundary_mapping (cr, 600, 500, &view, &axes);
  for (guint q = 0; q < n; q++)
    hits += near_rgb (pixel_at (target, (int) gs_axes_x_to_px (&axes, gs_dataset_row (train, q)[1]),
                                (int) gs_axes_y_to_px (&axes, gs_dataset_row (train, q)[2])),
                      rgb_hex (gs_class_color (q % 3)), 3);
  /* all but those under the legend */
  g_assert_cmpuint (hits, >, n * 9 / 10);
  cairo_destroy (cr);
  cairo_surface_destroy (target);

  /* vector output keeps them as paths */
  target = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cr = cairo_create (target);
  gs_plot_boundary_render (cr, 600, 500, &view);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (target);
}

typedef struct
{
  GsProblem       *problem;
  const double    *theta;
  GsBoundaryField *field;
} FieldJob;

static gpointer
field_thread (gpointer data)
{
  FieldJob *job = data;
  static const double window[4] = { -1.2, 1.2, -1.1, 1.1 };
  GsPlotStyle style = { TRUE, 1.0 };

  job->field = gs_boundary_field_compute (job->problem, job->theta, window, 48, &style, NULL);
  return NULL;
}

/* A network's field in one call, on worker threads: the pixels are the
 * network's probabilities at the nodes. */
static void
test_boundary_field_compute (void)
{
  g_autofree char *path = fixture ("plot/mlp.json");
  g_autoptr(GError) error = NULL;
  GsExperiment *exp = gs_experiment_new_from_file (path, &error);
  GsProblem *problem;
  g_autofree double *theta = NULL;
  FieldJob jobs[2];
  GThread *threads[2];
  GsBoundaryMode mode;
  guint k;

  g_assert_no_error (error);
  problem = exp->problem;
  theta = g_new (double, gs_problem_get_n_params (problem));
  gs_problem_get_default_start (problem, theta);
  g_assert_true (gs_plot_boundary_mode_for (problem, &mode, &k));
  g_assert_cmpint (mode, ==, GS_BOUNDARY_CLASSES);
  g_assert_cmpuint (k, ==, 3);

  for (guint t = 0; t < 2; t++)
    {
      jobs[t] = (FieldJob) { problem, theta, NULL };
      threads[t] = g_thread_new ("field", field_thread, &jobs[t]);
    }
  for (guint t = 0; t < 2; t++)
    g_thread_join (threads[t]);

  for (guint t = 0; t < 2; t++)
    {
      GsBoundaryField *f = jobs[t].field;

      g_assert_nonnull (f);
      g_assert_cmpuint (f->nx, ==, 48);
      g_assert_cmpuint (f->ny, ==, 48);
      g_assert_cmpint (cairo_image_surface_get_width (f->image), ==, 48);
      g_assert_nonnull (f->lines);
    }
  /* both threads made the same image */
  {
    cairo_surface_t *a = jobs[0].field->image, *b = jobs[1].field->image;

    for (int y = 0; y < 48; y++)
      for (int x = 0; x < 48; x++)
        g_assert_cmphex (pixel_at (a, x, y), ==, pixel_at (b, x, y));
  }
  /* node (i, j): the network's output at gs_field_points' (x, y), its
   * colour at pixel (i, 47 − j) */
  {
    GsBoundaryField *f = jobs[0].field;
    const GsMlp *mlp = gs_problem_get_mlp (problem);
    g_autofree double *xy = g_new (double, 2 * 48 * 48);
    g_autofree double *work = g_new (double, gs_mlp_get_work_size (mlp, 1));
    double out[3];
    guint i = 7, j = 40, q = j * 48 + i;
    GsRgb c;

    gs_field_points (f->window, 48, 48, xy);
    gs_mlp_predict (mlp, theta, xy + 2 * q, 2, 1, out, work);
    for (guint c3 = 0; c3 < 3; c3++)
      g_assert_cmpfloat (fabs (out[c3] - f->values[3 * q + c3]), <, 1e-12);
    g_assert_cmpfloat (fabs (out[0] + out[1] + out[2] - 1), <, 1e-12);
    g_assert_true (gs_boundary_field_color (out, 3, TRUE, &c));
    g_assert_true (near_rgb (pixel_at (f->image, (int) i, 47 - (int) j), rgb_hex (c), 1));
  }
  /* cancelled: nothing */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    static const double window[4] = { -1, 1, -1, 1 };

    g_cancellable_cancel (cancellable);
    g_assert_null (gs_boundary_field_compute (problem, theta, window, 48, NULL, cancellable));
  }
  gs_boundary_field_free (jobs[0].field);
  gs_boundary_field_free (jobs[1].field);
  gs_experiment_free (exp);
}

/* ---- accuracy and interpolation (the loss renderer) ----------------------------- */

/* Runs of pixels far from white along row y, x in [x0, x1): ink runs and gaps. */
static void
row_runs (cairo_surface_t *image, int y, int x0, int x1, guint *n_ink, guint *n_gaps)
{
  gboolean prev = FALSE;

  *n_ink = *n_gaps = 0;
  for (int x = x0; x < x1; x++)
    {
      guint32 p = pixel_at (image, x, y);
      gboolean ink = (255 - RED (p)) + (255 - GREEN (p)) + (255 - BLUE (p)) > 120;

      if (ink && !prev)
        (*n_ink)++;
      else if (!ink && prev)
        (*n_gaps)++;
      prev = ink;
    }
}

static void
test_accuracy_view (void)
{
  double step[101], train[101], val[101];
  GsLossSeries series[2];
  GsLossView view = { 0 };
  cairo_surface_t *target = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 600, 400);
  cairo_t *cr = cairo_create (target);
  GsAxes axes;
  gboolean has_half = FALSE;
  guint n_ink, n_gaps;
  char buf[64];

  for (int i = 0; i <= 100; i++)
    {
      step[i] = 10 * i;
      train[i] = 0.8;
      val[i] = 0.5;
    }
  series[0] = (GsLossSeries) { step, train, 1, 101, { 0.2, 0.5, 0.9 }, "Adam", FALSE, FALSE };
  series[1] = (GsLossSeries) { step, val, 1, 101, { 0.2, 0.5, 0.9 }, NULL, FALSE, TRUE };
  view.series = series;
  view.n_series = 2;
  view.percent = TRUE;
  view.log_y = TRUE;   /* ignored for fractions */
  view.x_title = "step";
  view.y_title = "accuracy";

  gs_plot_loss_get_axes (cr, 600, 400, &view, &axes);
  g_assert_false (axes.y.log);
  g_assert_true (axes.y_ticks.percent);
  g_assert_cmpuint (axes.y_ticks.n, >=, 3);
  gs_tick_format (&axes.y_ticks, axes.y_ticks.ticks[0].value, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "0 %");
  gs_tick_format (&axes.y_ticks, axes.y_ticks.ticks[axes.y_ticks.n - 1].value, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "100 %");
  for (guint i = 0; i < axes.y_ticks.n; i++)
    {
      gs_tick_format (&axes.y_ticks, axes.y_ticks.ticks[i].value, buf, sizeof buf);
      has_half |= strcmp (buf, "50 %") == 0;
    }
  g_assert_true (has_half);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  gs_plot_loss_render (cr, 600, 400, &view);
  cairo_surface_flush (target);
  /* the solid series: one unbroken line; the dashed one: dashes and gaps */
  row_runs (target, (int) gs_axes_y_to_px (&axes, 0.8), (int) axes.area.x + 4,
            (int) (axes.area.x + axes.area.width) - 4, &n_ink, &n_gaps);
  g_assert_cmpuint (n_ink, ==, 1);
  g_assert_cmpuint (n_gaps, ==, 0);
  row_runs (target, (int) gs_axes_y_to_px (&axes, 0.5), (int) axes.area.x + 4,
            (int) (axes.area.x + axes.area.width) - 4, &n_ink, &n_gaps);
  g_assert_cmpuint (n_ink, >, 20);
  g_assert_cmpuint (n_gaps, >, 20);

  /* percent labels with the decimals their step needs */
  {
    GsTicks t = { 0 };
    t.percent = TRUE;
    t.step = 0.025;
    gs_tick_format (&t, 0.125, buf, sizeof buf);
    g_assert_cmpstr (buf, ==, "12.5 %");
  }

  /* dark: a dark page, light labels */
  view.style.dark = TRUE;
  cairo_set_source_rgb (cr, 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0);
  cairo_paint (cr);
  gs_plot_loss_render (cr, 600, 400, &view);
  cairo_surface_flush (target);
  {
    guint light = 0;
    for (int y = (int) axes.area.y; y < (int) (axes.area.y + axes.area.height); y++)
      for (int x = 0; x < (int) axes.area.x - 2; x++)
        light += GREEN (pixel_at (target, x, y)) > 0xb0;
    g_assert_cmpuint (light, >, 30);
    g_assert_cmpuint (GREEN (pixel_at (target, 2, 2)), <, 0x40);
  }
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (target);
}

/* Loss along the line from the start (t = 0) to now (t = 1), t ∈ [−0.5, 1.5]. */
static void
test_interpolation_view (void)
{
  double t[81], loss[81];
  static const GsLossMark marks[2] = { { 0.0, "start" }, { 1.0, "now" } };
  GsLossSeries series;
  GsLossView view = { 0 };
  cairo_surface_t *target = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 600, 400);
  cairo_t *cr = cairo_create (target);
  GsAxes axes;
  GsRect left;

  for (int i = 0; i <= 80; i++)
    {
      t[i] = -0.5 + i / 40.0;
      loss[i] = 0.1 + (t[i] - 1) * (t[i] - 1);
    }
  series = (GsLossSeries) { t, loss, 1, 81, { 1, 0x78 / 255.0, 0 }, "Adam", FALSE, FALSE };
  view.series = &series;
  view.n_series = 1;
  view.x_min = -0.5;
  view.x_max = 1.5;
  view.x_title = "t";
  view.y_title = "loss";
  view.marks = marks;
  view.n_marks = 2;

  gs_plot_loss_get_axes (cr, 600, 400, &view, &axes);
  g_assert_cmpfloat (axes.x.lo, ==, -0.5);
  g_assert_cmpfloat (axes.x.hi, ==, 1.5);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  gs_plot_loss_render (cr, 600, 400, &view);
  cairo_surface_flush (target);

  /* the curve left of t = 0 too */
  left = (GsRect) { axes.area.x, axes.area.y, gs_axes_x_to_px (&axes, 0.0) - axes.area.x - 3,
                    axes.area.height };
  g_assert_cmpuint (count_color (target, &left, 0xff7800, 2), >, 10);
  for (guint k = 0; k < 2; k++)
    {
      int x = (int) (round (gs_axes_x_to_px (&axes, marks[k].x)) + 0.5);
      GsRect label = { x - 20, axes.area.y + 2, 40, 18 };
      guint ink = 0;

      /* a dashed line down the plot at the mark … */
      for (int y = (int) axes.area.y + 30; y < (int) (axes.area.y + axes.area.height) - 2; y++)
        {
          guint32 p = pixel_at (target, x, y);
          ink += GREEN (p) < 0xc0;
        }
      g_assert_cmpuint (ink, >, axes.area.height / 4);
      g_assert_cmpuint (ink, <, axes.area.height * 3 / 4);
      /* … labelled at its top (text beside the line's own pixels) */
      ink = 0;
      for (int y = (int) label.y; y < (int) (label.y + label.height); y++)
        for (int xx = (int) label.x; xx < (int) (label.x + label.width); xx++)
          ink += (xx < x - 1 || xx > x + 1) && GREEN (pixel_at (target, xx, y)) < 0x90;
      g_assert_cmpuint (ink, >, 15);
    }
  /* midway, neither */
  {
    int x = (int) gs_axes_x_to_px (&axes, 0.3);
    guint ink = 0;

    for (int y = (int) axes.area.y + 30; y < (int) (axes.area.y + axes.area.height) - 2; y++)
      ink += GREEN (pixel_at (target, x, y)) < 0xc0;
    g_assert_cmpuint (ink, <, 10);
  }
  cairo_destroy (cr);
  cairo_surface_destroy (target);
}

/* ---- landscape: long titles, a note, NAN cells, a huge range -------------------- */

static double
huge_range (double x, double y)
{
  if (x < -0.7 && y > 0.7)
    return NAN;
  return pow (10.0, 9.0 * (x + 1)) * (1.0 + 0.5 * y * y) - 0.5;   /* 0.5 … 10¹⁸ */
}

static void
test_landscape_titles (void)
{
  g_autoptr(GsGrid) grid = grid_of (65, -1, 1, huge_range);
  g_autoptr(GsContourLines) lines = NULL;
  cairo_surface_t *target = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 560, 420);
  cairo_t *cr = cairo_create (target);
  GsContourView view = { 0 };
  GsLevels lv;
  GsRect area;
  static const char *const x_titles[2] = {
    "filter-normalized direction 1",
    "filter-normalized direction 1 through the point where the run ended, scaled per neuron",
  };

  gs_levels_choose (grid, 14, &lv);
  g_assert_true (lv.log);
  lines = gs_contour_lines_new (grid, &lv);
  view.x_min = view.y_min = -1;
  view.x_max = view.y_max = 1;
  view.y_title = "PC2 (6.8 %)";
  view.value_title = "loss";
  view.grid = grid;
  view.levels = &lv;
  view.lines = lines;
  view.note = "plane through “Adam” at step 600 · 65² grid";

  for (guint k = 0; k < 2; k++)
    {
      GsPainter p;
      double title_w;
      int x_lo = G_MAXINT, x_hi = G_MININT;
      guint note_ink = 0;

      view.x_title = x_titles[k];
      /* a 360 × 340 view in the middle of a magenta page */
      cairo_set_source_rgb (cr, 1, 0, 1);
      cairo_paint (cr);
      cairo_save (cr);
      cairo_translate (cr, 100, 40);
      cairo_rectangle (cr, 0, 0, 360, 340);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill (cr);
      gs_plot_contour_render (cr, 360, 340, &view);
      gs_plot_contour_get_area (cr, 360, 340, &view, &area);
      cairo_restore (cr);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      cairo_surface_flush (target);
      area.x += 100;
      area.y += 40;

      /* nothing drawn outside the view */
      for (int y = 0; y < 420; y++)
        for (int x = 0; x < 560; x++)
          if (x < 100 || x >= 460 || y < 40 || y >= 380)
            g_assert_cmphex (pixel_at (target, x, y), ==, 0xff00ff);

      /* the x title under the tick labels: whole when it fits, else cut to the axis */
      for (int y = (int) (area.y + area.height) + 22; y < 380; y++)
        for (int x = 100; x < 460; x++)
          if (RED (pixel_at (target, x, y)) < 0x80)
            {
              x_lo = MIN (x_lo, x);
              x_hi = MAX (x_hi, x);
            }
      gs_painter_init (&p, cr, &view.style);
      gs_painter_text_size (&p, view.x_title, NULL, &title_w, NULL);
      gs_painter_clear (&p);
      g_assert_cmpint (x_lo, <=, x_hi);
      if (k == 0)
        g_assert_cmpfloat (fabs ((x_hi - x_lo + 1) - title_w), <, 6);
      else
        {
          g_assert_cmpfloat (x_hi - x_lo + 1, <, title_w);
          g_assert_cmpfloat (x_hi - x_lo + 1, <=, area.width + 12);
        }

      /* the note above the plot */
      for (int y = 40; y < (int) area.y - 2; y++)
        for (int x = (int) area.x; x < 460; x++)
          note_ink += RED (pixel_at (target, x, y)) < 0xa0;
      g_assert_cmpuint (note_ink, >, 30);
      /* grey where the grid is NAN (top left), colours elsewhere */
      {
        guint32 p0 = pixel_at (target, (int) area.x + 6, (int) area.y + 6);
        g_assert_cmphex (RED (p0), ==, GREEN (p0));
        g_assert_cmphex (GREEN (p0), ==, BLUE (p0));
      }
      g_assert_true (distinct_colors (target, &area, 8));
    }
  cairo_destroy (cr);
  cairo_surface_destroy (target);
}

/* ---- a network's figure ------------------------------------------------------- */

static gboolean
disjoint (const GsRect *a, const GsRect *b)
{
  return a->x + a->width <= b->x || b->x + b->width <= a->x
         || a->y + a->height <= b->y || b->y + b->height <= a->y;
}

static gboolean
inside (const GsRect *r, double width, double height)
{
  return r->x >= 0 && r->y >= 0 && r->x + r->width <= width && r->y + r->height <= height;
}

static gboolean
has_bytes (const char *data, gsize len, const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
test_figure_mlp (void)
{
  g_auto(Ran) r = { 0 };
  g_autofree char *dir = scratch_dir ();
  g_autofree char *png = g_build_filename (dir, "mlp.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "mlp.pdf", NULL);
  g_autofree char *svg = g_build_filename (dir, "mlp.svg", NULL);
  g_autoptr(GError) error = NULL;
  static const int sizes[2][2] = { { 1280, 800 }, { 1024, 700 } };
  GsFigureLayout layout;
  cairo_surface_t *image;

  run_fixture (&r, "plot/mlp.json", FALSE);
  g_assert_true (g_str_has_prefix (gs_figure_get_title (r.figure), "Neural network"));
  g_assert_cmpstr (gs_figure_get_title (r.figure), ==, "Neural network 2-8-8-3, tanh");

  for (guint k = 0; k < 2; k++)
    {
      int w = sizes[k][0], h = sizes[k][1];
      const GsRect *panels[3] = { &layout.contour, &layout.loss, &layout.data };

      gs_figure_get_layout (r.figure, w, h, &layout);
      for (guint i = 0; i < 3; i++)
        {
          g_assert_cmpfloat (panels[i]->width, >, 150);
          g_assert_cmpfloat (panels[i]->height, >, 150);
          g_assert_true (inside (panels[i], w, h));
          for (guint j = i + 1; j < 3; j++)
            g_assert_true (disjoint (panels[i], panels[j]));
        }
      g_assert_true (disjoint (&layout.title, &layout.contour));
      g_assert_cmpfloat (layout.data_area.width, >, 100);
      g_assert_cmpfloat (layout.data_area.x, >=, layout.data.x);
      g_assert_cmpfloat (layout.data_area.y + layout.data_area.height, <=,
                         layout.data.y + layout.data.height);
    }

  /* the decision boundary: a field with every class's points on it */
  g_assert_true (gs_figure_write (png, 1280, 800, r.figure, &error));
  g_assert_no_error (error);
  gs_figure_get_layout (r.figure, 1280, 800, &layout);
  image = cairo_image_surface_create_from_png (png);
  g_assert_true (distinct_colors (image, &layout.data_area, 8));
  for (guint c = 0; c < 3; c++)
    g_assert_cmpuint (count_color (image, &layout.data_area, rgb_hex (gs_class_color (c)), 2),
                      >, 10);
  g_assert_true (distinct_colors (image, &layout.contour_area, 8));
  cairo_surface_destroy (image);

  /* the title in the PDF's metadata; the SVG well-formed, the field an image */
  g_assert_true (gs_figure_write (pdf, 1024, 700, r.figure, &error));
  g_assert_no_error (error);
  {
    gsize len;
    g_autofree char *text = read_text (pdf, &len);
    static const char title[] = "/Title (Neural network 2-8-8-3, tanh)";

    /* binary around it: no string search that stops at a NUL */
    g_assert_true (has_bytes (text, len, title));
  }
  g_assert_true (gs_figure_write (svg, 1024, 700, r.figure, &error));
  g_assert_no_error (error);
  {
    gsize len;
    g_autofree char *text = read_text (svg, &len);
    g_autoptr(GMarkupParseContext) parser = NULL;
    static const GMarkupParser no_callbacks = { 0 };

    parser = g_markup_parse_context_new (&no_callbacks, 0, NULL, NULL);
    g_assert_true (g_markup_parse_context_parse (parser, text, (gssize) len, &error));
    g_assert_true (g_markup_parse_context_end_parse (parser, &error));
    g_assert_no_error (error);
    g_assert_nonnull (strstr (text, "<image"));
  }

  /* the parameters' names on the landscape's axes */
  {
    GsProblem *problem = r.exp->problem;
    static const struct { guint j; const char *name; } names[] = {
      { 0, "W1[0,0]" }, { 1, "W1[0,1]" }, { 15, "W1[7,1]" }, { 16, "b1[0]" },
      { 23, "b1[7]" }, { 24, "W2[0,0]" }, { 33, "W2[1,1]" }, { 120, "b3[0]" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *name = gs_problem_param_name (problem, names[i].j);
        g_assert_cmpstr (name, ==, names[i].name);
      }
  }
  remove_dir (dir);
}

static void
test_figure_mlp_dark (void)
{
  g_auto(Ran) r = { 0 };
  g_autofree char *dir = scratch_dir ();
  g_autofree char *png = g_build_filename (dir, "mlp-dark.png", NULL);
  g_autoptr(GError) error = NULL;
  GsFigureLayout layout;
  cairo_surface_t *image;
  guint light = 0;

  run_fixture (&r, "plot/mlp.json", TRUE);
  g_assert_true (gs_figure_write (png, 1024, 700, r.figure, &error));
  g_assert_no_error (error);
  gs_figure_get_layout (r.figure, 1024, 700, &layout);
  image = cairo_image_surface_create_from_png (png);
  /* a dark page … */
  g_assert_cmpuint (GREEN (pixel_at (image, 2, 2)), <, 0x40);
  g_assert_cmpuint (GREEN (pixel_at (image, (int) layout.data.x - 4,
                                     (int) (layout.data.y + layout.data.height / 2))), <, 0x40);
  /* … with light text in the title line */
  for (int y = (int) layout.title.y; y < (int) (layout.title.y + layout.title.height); y++)
    for (int x = (int) layout.title.x; x < (int) (layout.title.x + 200); x++)
      light += GREEN (pixel_at (image, x, y)) > 0xd0;
  g_assert_cmpuint (light, >, 50);
  for (guint c = 0; c < 3; c++)
    g_assert_cmpuint (count_color (image, &layout.data_area, rgb_hex (gs_class_color (c)), 2),
                      >, 10);
  cairo_surface_destroy (image);
  remove_dir (dir);
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

/* The pointer's arithmetic shared by the contour map and the landscape. */
static void
test_window_pointer (void)
{
  const GsRect area = { 100, 50, 400, 200 };
  double win[4] = { -2, 2, -1, 3 };
  double start[4];
  double x, y;

  /* the area's corners are the window's; y grows upwards */
  g_assert_true (gs_window_at_pixel (win, &area, 100, 50, &x, &y));
  g_assert_cmpfloat (x, ==, -2);
  g_assert_cmpfloat (y, ==, 3);
  g_assert_true (gs_window_at_pixel (win, &area, 500, 250, &x, &y));
  g_assert_cmpfloat (x, ==, 2);
  g_assert_cmpfloat (y, ==, -1);
  g_assert_true (gs_window_at_pixel (win, &area, 300, 150, &x, &y));
  g_assert_cmpfloat (x, ==, 0);
  g_assert_cmpfloat (y, ==, 1);
  g_assert_false (gs_window_at_pixel (win, &area, 99, 150, &x, &y));
  g_assert_false (gs_window_at_pixel (win, &(GsRect) { 0, 0, 0, 10 }, 0, 0, &x, &y));

  /* zoom out 2× around (1, 0): that point stays, the sides double */
  gs_window_zoom (win, 1, 0, 2);
  g_assert_cmpfloat (win[0], ==, -5);
  g_assert_cmpfloat (win[1], ==, 3);
  g_assert_cmpfloat (win[2], ==, -2);
  g_assert_cmpfloat (win[3], ==, 6);

  /* a drag of the area's full width to the right and half its height
   * down shows what was one window to the left and half a window up */
  memcpy (start, win, sizeof start);
  gs_window_dragged (start, &area, 400, 100, win);
  g_assert_cmpfloat (win[0], ==, -13);
  g_assert_cmpfloat (win[1], ==, -5);
  g_assert_cmpfloat (win[2], ==, 2);
  g_assert_cmpfloat (win[3], ==, 10);
}

/* ---- 3-D surface ------------------------------------------------------------ */

#define SURF_W 600
#define SURF_H 480

static cairo_surface_t *
white_image (int w, int h, cairo_t **cr)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);

  *cr = cairo_create (image);
  cairo_set_source_rgb (*cr, 1, 1, 1);
  cairo_paint (*cr);
  return image;
}

/* A surface view of grid from (azimuth, elevation), 14 levels of its own. */
static GsSurfaceView
surface_view (const GsGrid *grid, double azimuth, double elevation)
{
  GsSurfaceView view = { 0 };

  view.style.scale = 1;
  view.grid = grid;
  view.azimuth = azimuth;
  view.elevation = elevation;
  view.x_title = "x";
  view.y_title = "y";
  view.value_title = "f(x, y)";
  return view;
}

static void
surface_point (const GsSurfaceView *view, double x, double y, double f, double *px, double *py)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 8, 8);
  cairo_t *cr = cairo_create (image);

  g_assert_true (gs_plot_surface_project (cr, SURF_W, SURF_H, view, x, y, f, px, py));
  cairo_destroy (cr);
  cairo_surface_destroy (image);
}

/* The pixel of view's render at the projection of (x, y) at loss f (NAN:
 * on the mesh). */
static guint32
surface_pixel_at_f (const GsSurfaceView *view, double x, double y, double f)
{
  cairo_t *cr;
  cairo_surface_t *image = white_image (SURF_W, SURF_H, &cr);
  double px, py;
  guint32 p;

  gs_plot_surface_render (cr, SURF_W, SURF_H, view);
  cairo_surface_flush (image);
  surface_point (view, x, y, f, &px, &py);
  p = pixel_at (image, (int) px, (int) py);
  cairo_destroy (cr);
  cairo_surface_destroy (image);
  return p;
}

static guint32
surface_pixel_at (const GsSurfaceView *view, double x, double y)
{
  return surface_pixel_at_f (view, x, y, NAN);
}

/* A bowl seen from above: its bottom, facing the viewer, is the colour
 * map's colour at the bottom of the scale, exactly. */
static void
test_surface_bowl (void)
{
  g_autoptr(GsGrid) grid = grid_of (65, -1, 1, bowl);
  GsSurfaceView view = surface_view (grid, 0, 90);
  double r, g, b, cx, cy, px, py;
  guint32 p;

  gs_colormap_rgb (0.0, &r, &g, &b);
  p = surface_pixel_at (&view, 0, 0);
  g_assert_true (near_rgb (p, rgb_hex ((GsRgb) { r, g, b }), 6));

  /* from above at azimuth 0 it lies as the contour map: x right, y up,
   * the centre in the middle of the box */
  surface_point (&view, 0, 0, NAN, &cx, &cy);
  surface_point (&view, 0.5, 0, NAN, &px, &py);
  g_assert_cmpfloat (px, >, cx + 20);
  g_assert_cmpfloat (fabs (py - cy), <, 1e-6);
  surface_point (&view, 0, 0.5, NAN, &px, &py);
  g_assert_cmpfloat (py, <, cy - 20);
  g_assert_cmpfloat (fabs (px - cx), <, 1e-6);
  /* a higher loss is higher on screen once the view tilts */
  view.elevation = 30;
  surface_point (&view, 0, 0, 0.0, &cx, &cy);
  surface_point (&view, 0, 0, 1.5, &px, &py);
  g_assert_cmpfloat (py, <, cy - 20);
  g_assert_cmpfloat (fabs (px - cx), <, 1e-6);
  /* outside the window: no point */
  {
    cairo_t *cr;
    cairo_surface_t *image = white_image (8, 8, &cr);

    g_assert_false (gs_plot_surface_project (cr, SURF_W, SURF_H, &view, 1.5, 0, NAN, &px, &py));
    cairo_destroy (cr);
    cairo_surface_destroy (image);
  }
}

/* A tall block near the viewer, flat low ground behind it. */
static double
near_block (double x, double y)
{
  return exp (-(pow (x / 0.5, 8) + pow ((y + 0.55) / 0.3, 8)));
}

/* Painter's order: seen from −y (azimuth 0), the block in front hides the
 * ground behind it; seen from +y (azimuth 180) that ground is in front and
 * shows, at the bottom of the scale. A walk on that ground is drawn dim
 * behind the block and in its colour in front of it. */
static void
test_surface_occlusion (void)
{
  g_autoptr(GsGrid) grid = grid_of (65, -1, 1, near_block);
  GsSurfaceView view = surface_view (grid, 0, 30);
  double r, g, b;
  guint32 p, ground;
  const GsRgb red = { 1, 0, 0 };
  double xy[2 * 41];
  GsSurfaceWalk walk = { .xy = xy, .n = 41, .color = red };

  gs_colormap_rgb (0.0, &r, &g, &b);
  ground = rgb_hex ((GsRgb) { r, g, b });
  /* behind the block: what shows is the block (green, not the ground's violet) */
  p = surface_pixel_at (&view, 0, 0.7);
  g_assert_false (near_rgb (p, ground, 12));
  g_assert_cmpuint (GREEN (p), >, 40);
  /* turned round, the same ground is in front */
  view.azimuth = 180;
  p = surface_pixel_at (&view, 0, 0.7);
  g_assert_true (near_rgb (p, ground, 8));

  /* a walk across that ground, along x */
  for (guint i = 0; i < 41; i++)
    {
      xy[2 * i] = -0.4 + 0.8 * i / 40.0;
      xy[2 * i + 1] = 0.7;
    }
  view.walks = &walk;
  view.n_walks = 1;
  for (int turn = 0; turn < 2; turn++)
    {
      cairo_t *cr;
      cairo_surface_t *image = white_image (SURF_W, SURF_H, &cr);
      GsRect all = { 0, 0, SURF_W, SURF_H };
      guint full;

      view.azimuth = turn ? 180 : 0;
      gs_plot_surface_render (cr, SURF_W, SURF_H, &view);
      cairo_surface_flush (image);
      full = count_color (image, &all, 0xff0000, 20);
      if (turn)
        g_assert_cmpuint (full, >, 100);   /* seen: the run's own red */
      else
        {
          /* hidden: dim red, none at full strength but its marker's ring */
          GsRect around;
          double px, py;

          surface_point (&view, 0, 0.7, NAN, &px, &py);
          around = (GsRect) { px - 30, py - 6, 60, 12 };
          g_assert_cmpuint (count_color (image, &around, 0xff0000, 20), ==, 0);
          g_assert_cmpuint (full, <, 60);
        }
      cairo_destroy (cr);
      cairo_surface_destroy (image);
    }
}

static double
bowl_with_hole (double x, double y)
{
  return x * x + y * y < 0.1 ? NAN : x * x + y * y;
}

/* Cells with a non-finite corner are holes: the background (the faint
 * floor of the box) shows through, and walks across stop at the edge. */
static void
test_surface_hole (void)
{
  g_autoptr(GsGrid) grid = grid_of (65, -1, 1, bowl_with_hole);
  GsSurfaceView view = surface_view (grid, 0, 90);
  double xy[4] = { -0.9, 0, 0.9, 0 };
  double z[2] = { INFINITY, NAN };
  GsSurfaceWalk walk = { .xy = xy, .z = z, .n = 2, .color = { 0, 0, 1 } };
  guint32 p;

  /* +∞ in the grid too */
  grid->z[0] = INFINITY;
  gs_grid_update_range (grid);
  /* (from above, the height does not move the point; off the floor's
   * lines at the ticks) */
  p = surface_pixel_at_f (&view, 0.12, 0.17, 0.5);
  g_assert_cmpuint (RED (p), >, 235);
  g_assert_cmpuint (GREEN (p), >, 235);
  g_assert_cmpuint (BLUE (p), >, 235);
  /* tilted, with a walk through the hole: no crash, the rim still there */
  view.elevation = 25;
  view.walks = &walk;
  view.n_walks = 1;
  p = surface_pixel_at (&view, 0.8, 0);
  g_assert_cmpuint (RED (p) + GREEN (p) + BLUE (p), <, 600);
  /* all of it a hole: nothing to draw, no crash */
  for (guint k = 0; k < grid->nx * grid->ny; k++)
    grid->z[k] = NAN;
  gs_grid_update_range (grid);
  surface_pixel_at_f (&view, 0, 0, 0.5);
}

static double
spiral_x (double t)
{
  return 0.8 * (1 - t) * cos (12 * t);
}

static double
spiral_y (double t)
{
  return 0.8 * (1 - t) * sin (12 * t);
}

/* Walks lie on the surface in their own colours, their current points
 * marked; with a cache, frames as rows arrive end on the picture one
 * frame without it draws. */
static void
test_surface_walks (void)
{
  const guint n = 6000;
  g_autoptr(GsGrid) grid = grid_of (81, -1, 1, bowl);
  g_autofree double *xy = g_new (double, 4 * (gsize) n);
  g_autofree double *z = g_new (double, (gsize) n);
  GsSurfaceWalk walks[2] = {
    { .xy = xy, .z = z, .n = n, .color = { 1, 0, 0 } },
    { .xy = xy + 2 * n, .n = n, .color = { 0, 0, 1 } },
  };
  /* (steep enough to see the bottom over the bowl's front corner) */
  GsSurfaceView view = surface_view (grid, -40, 55);
  GsRect all = { 0, 0, SURF_W, SURF_H };
  cairo_t *cr, *cr2;
  cairo_surface_t *once = white_image (SURF_W, SURF_H, &cr);
  cairo_surface_t *live = white_image (SURF_W, SURF_H, &cr2);
  g_autoptr(GsSurfaceCache) cache = gs_surface_cache_new ();
  double px, py;

  for (guint i = 0; i < n; i++)
    {
      double t = (double) i / (n - 1);

      xy[2 * i] = spiral_x (t);
      xy[2 * i + 1] = spiral_y (t);
      z[i] = bowl (xy[2 * i], xy[2 * i + 1]);   /* the exact loss */
      xy[2 * n + 2 * i] = -0.9 + 1.8 * t;
      xy[2 * n + 2 * i + 1] = 0.85 * sin (3 * t);
    }
  view.walks = walks;
  view.n_walks = 2;
  view.mesh_lines = TRUE;
  gs_plot_surface_render (cr, SURF_W, SURF_H, &view);
  cairo_surface_flush (once);
  g_assert_cmpuint (count_color (once, &all, 0xff0000, 12), >, 200);
  g_assert_cmpuint (count_color (once, &all, 0x0000ff, 12), >, 200);
  /* the red walk's current point (the bowl's bottom): a dot in red */
  surface_point (&view, xy[2 * (n - 1)], xy[2 * (n - 1) + 1], NAN, &px, &py);
  g_assert_cmpuint (count_color (once, &(GsRect) { px - 3, py - 3, 6, 6 }, 0xff0000, 12), >, 10);

  /* the same with a cache, the rows arriving in bursts, with a turn of
   * the view in between (moving: a quicker drawing) */
  view.cache = cache;
  for (guint k = 1; k <= 40; k++)
    {
      walks[0].n = walks[1].n = MIN (n, k * 150 + (k % 3) * 7);
      view.moving = k == 10 || k == 11;
      view.azimuth = k == 10 ? -20 : -40;
      cairo_save (cr2);
      cairo_set_source_rgb (cr2, 1, 1, 1);
      cairo_paint (cr2);
      cairo_restore (cr2);
      gs_plot_surface_render (cr2, SURF_W, SURF_H, &view);
    }
  cairo_surface_flush (live);
  /* (the layers and a whole stroke antialias their joins a little apart) */
  g_assert_cmpfloat (image_difference (once, live, 60), <, 0.002);
  /* a pick of the current point's pixel gives back where it is */
  {
    double x, y;

    g_assert_true (gs_plot_surface_pick (cache, px, py, &x, &y));
    g_assert_cmpfloat (hypot (x - xy[2 * (n - 1)], y - xy[2 * (n - 1) + 1]), <, 0.06);
    g_assert_false (gs_plot_surface_pick (cache, 2, 2, &x, &y));
  }
  cairo_destroy (cr);
  cairo_destroy (cr2);
  cairo_surface_destroy (once);
  cairo_surface_destroy (live);
}

/* A walk thinned out halfway, as a trace decimates (every other row so
 * far, the newest kept), then going on: with its steps the cache keeps
 * what it drew and carries on after the last step drawn, and the picture
 * is the one a fresh frame of the thinned rows draws. */
static void
test_surface_thinned (void)
{
  const guint n = 8000, half = 3001;
  g_autoptr(GsGrid) grid = grid_of (81, -1, 1, bowl);
  g_autofree double *rows = g_new (double, 3 * (gsize) n);    /* x, step, y */
  g_autofree double *thin = g_new (double, 3 * (gsize) n);
  g_autoptr(GsSurfaceCache) cache = gs_surface_cache_new ();
  GsSurfaceWalk walk = { .stride = 3, .y_offset = 2, .color = { 1, 0, 0 } };
  GsSurfaceView view = surface_view (grid, -40, 55);
  cairo_t *cr, *cr2;
  cairo_surface_t *live = white_image (SURF_W, SURF_H, &cr);
  cairo_surface_t *fresh = white_image (SURF_W, SURF_H, &cr2);
  guint m = 0;

  for (guint i = 0; i < n; i++)
    {
      double t = (double) i / (n - 1);

      rows[3 * i] = spiral_x (t);
      rows[3 * i + 1] = i;
      rows[3 * i + 2] = spiral_y (t);
    }
  walk.xy = rows;
  walk.step = rows + 1;
  view.walks = &walk;
  view.n_walks = 1;
  view.cache = cache;
  for (guint k = 1; k * 500 <= half; k++)
    {
      walk.n = k * 500;
      gs_plot_surface_render (cr, SURF_W, SURF_H, &view);
    }
  walk.n = half;
  gs_plot_surface_render (cr, SURF_W, SURF_H, &view);

  /* thinned: the even rows before `half`, the newest, then every row on */
  for (guint i = 0; i < n; i++)
    if (i >= half - 1 || i % 2 == 0)
      {
        memcpy (thin + 3 * m, rows + 3 * i, 3 * sizeof (double));
        m++;
      }
  walk.xy = thin;
  walk.step = thin + 1;
  walk.thinned = 1;
  for (guint k = 1; k <= 10; k++)
    {
      walk.n = MIN (m, (half + 1) / 2 + k * (m - (half + 1) / 2) / 10);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      gs_plot_surface_render (cr, SURF_W, SURF_H, &view);
    }
  cairo_surface_flush (live);
  view.cache = NULL;
  gs_plot_surface_render (cr2, SURF_W, SURF_H, &view);
  cairo_surface_flush (fresh);
  g_assert_cmpuint (count_color (live, &(GsRect) { 0, 0, SURF_W, SURF_H }, 0xff0000, 12), >, 200);
  g_assert_cmpfloat (image_difference (fresh, live, 60), <, 0.002);
  cairo_destroy (cr);
  cairo_destroy (cr2);
  cairo_surface_destroy (live);
  cairo_surface_destroy (fresh);
}

static double
tilt_x (double x, double y)
{
  return x + 2;
}

/* Turning: azimuth 180° sees (x, y) where azimuth 0 sees (−x, −y), so a
 * point on the x axis is mirrored across the middle, and the high side of
 * a plane tilted along x changes sides; azimuth 90° puts y to the right. */
static void
test_surface_rotation (void)
{
  g_autoptr(GsGrid) grid = grid_of (33, -1, 1, tilt_x);
  GsSurfaceView a = surface_view (grid, 0, 30), b = surface_view (grid, 180, 30);
  double ax, ay, bx, by, cx, cy;
  guint32 p;

  surface_point (&b, 0.5, 0.2, 2.3, &bx, &by);
  surface_point (&a, -0.5, -0.2, 2.3, &ax, &ay);
  g_assert_cmpfloat (fabs (ax - bx), <, 1e-6);
  g_assert_cmpfloat (fabs (ay - by), <, 1e-6);
  surface_point (&a, 0, 0, 2.0, &cx, &cy);
  surface_point (&a, 0.6, 0, 2.0, &ax, &ay);
  surface_point (&b, 0.6, 0, 2.0, &bx, &by);
  g_assert_cmpfloat (fabs ((ax - cx) + (bx - cx)), <, 1e-6);
  g_assert_cmpfloat (fabs (ay - by), <, 1e-6);
  g_assert_cmpfloat (ax - cx, >, 20);
  /* the plane: its high side (yellow: more red than blue, however lit)
   * right at azimuth 0, left at 180; its low side (violet) the other way */
  p = surface_pixel_at (&a, 0.8, 0);
  g_assert_cmpuint (RED (p), >, BLUE (p) + 60);
  surface_point (&a, 0.8, 0, NAN, &ax, &ay);
  g_assert_cmpfloat (ax, >, cx);
  p = surface_pixel_at (&b, 0.8, 0);
  g_assert_cmpuint (RED (p), >, BLUE (p) + 60);
  surface_point (&b, 0.8, 0, NAN, &bx, &by);
  g_assert_cmpfloat (bx, <, cx);
  p = surface_pixel_at (&b, -0.8, 0);
  g_assert_cmpuint (RED (p), <, BLUE (p));
  surface_point (&b, -0.8, 0, NAN, &bx, &by);
  g_assert_cmpfloat (bx, >, cx);
  /* a quarter turn: y to the right */
  b.azimuth = 90;
  surface_point (&b, 0, 0, 2.0, &cx, &cy);
  surface_point (&b, 0, 0.6, 2.0, &bx, &by);
  g_assert_cmpfloat (bx - cx, >, 20);
  surface_point (&b, 0.6, 0, 2.0, &bx, &by);
  g_assert_cmpfloat (fabs (bx - cx), <, 1e-6);
  /* the elevation is clamped to [0°, 90°] */
  a.elevation = 90;
  b.elevation = 140;
  b.azimuth = 0;
  surface_point (&a, 0.3, 0.4, NAN, &ax, &ay);
  surface_point (&b, 0.3, 0.4, NAN, &bx, &by);
  g_assert_cmpfloat (fabs (ax - bx) + fabs (ay - by), <, 1e-6);
}

/* A ridge of ones with a one-node-wide gully of zeros that the 64-node
 * subsample steps over. */
static double gully_x;

static double
gully (double x, double y)
{
  return fabs (x - gully_x) < 1e-9 ? 0.0 : 1.0;
}

/* The mesh: at most 64 nodes a side by default, a subsample of the grid's
 * nodes with both ends; each node the lowest of the grid within a mesh
 * cell of it, so a valley between two mesh nodes is not lost. */
static void
test_surface_subsample (void)
{
  guint index[200];
  g_autoptr(GsGrid) grid = NULL;
  GsSurfaceView view;
  double x0, y0, ax, ay;

  g_assert_cmpuint (gs_surface_subsample (160, GS_SURFACE_MESH, index), ==, 64);
  g_assert_cmpuint (index[0], ==, 0);
  g_assert_cmpuint (index[63], ==, 159);
  for (guint k = 1; k < 64; k++)
    {
      g_assert_cmpuint (index[k] - index[k - 1], >=, 2);
      g_assert_cmpuint (index[k] - index[k - 1], <=, 3);
    }
  g_assert_cmpuint (gs_surface_subsample (40, 64, index), ==, 40);
  for (guint k = 0; k < 40; k++)
    g_assert_cmpuint (index[k], ==, k);
  g_assert_cmpuint (gs_surface_subsample (64, 64, index), ==, 64);
  g_assert_cmpuint (index[63], ==, 63);
  g_assert_cmpuint (gs_surface_subsample (1, 64, index), ==, 1);
  g_assert_cmpuint (gs_surface_subsample (0, 64, index), ==, 0);

  /* grid column 1 is no mesh node (0, 3, 5, …): the gully there goes to
   * the nodes either side of it, 0 and 3, and no further */
  gs_surface_subsample (160, 64, index);
  g_assert_cmpuint (index[1], ==, 3);
  g_assert_cmpuint (index[2], ==, 5);
  gully_x = -1 + 2.0 / 159;
  grid = grid_of (160, -1, 1, gully);
  view = surface_view (grid, 0, 30);
  for (guint k = 0; k < 3; k++)
    {
      double x = gs_grid_x (grid, index[k]);

      surface_point (&view, x, 0, NAN, &x0, &y0);
      surface_point (&view, x, 0, k < 2 ? 0.0 : 1.0, &ax, &ay);
      g_assert_cmpfloat (fabs (y0 - ay), <, 1e-6);
    }
  surface_point (&view, -1, 0, NAN, &x0, &y0);
  /* a mesh of 8 a side: fewer nodes, the same ends */
  view.mesh = 8;
  surface_point (&view, -1, 0, NAN, &ax, &ay);
  g_assert_cmpfloat (fabs (ay - y0), <, 1e-6);
}

/* Vector output without a cache, and the dark style: no crash, a file
 * with the loss's title in it. */
static void
test_surface_svg (void)
{
  g_autoptr(GsGrid) grid = function_grid ("rosenbrock", 100);
  g_autofree char *dir = scratch_dir ();
  g_autofree char *path = g_build_filename (dir, "surface.svg", NULL);
  g_autofree char *text = NULL;
  GsSurfaceView view = surface_view (grid, GS_SURFACE_AZIMUTH_DEFAULT,
                                     GS_SURFACE_ELEVATION_DEFAULT);
  cairo_surface_t *svg = cairo_svg_surface_create (path, 500, 400);
  cairo_t *cr = cairo_create (svg);
  gsize len;

  view.style.dark = TRUE;
  view.value_title = "loss here";
  gs_plot_surface_render (cr, 500, 400, &view);
  cairo_destroy (cr);
  cairo_surface_destroy (svg);
  text = read_text (path, &len);
  g_assert_cmpuint (len, >, 10000);
  g_unlink (path);
  remove_dir (dir);
  /* no grid: a note, no crash */
  view.grid = NULL;
  {
    cairo_t *c;
    cairo_surface_t *image = white_image (100, 80, &c);

    gs_plot_surface_render (c, 100, 80, &view);
    cairo_destroy (c);
    cairo_surface_destroy (image);
  }
}

/* ---- studies: read-out, phase map, figures ------------------------------------ */

/* A white image surface of width × height and a context on it */
static cairo_t *
study_image (int width, int height, cairo_surface_t **target)
{
  cairo_t *cr;

  *target = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (*target);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  return cr;
}

/* The read-out box stays inside the area it is given */
static void
test_readout_box (void)
{
  cairo_surface_t *target;
  cairo_t *cr = study_image (320, 220, &target);
  GsRect area = { 60, 40, 200, 120 };
  guint inside = 0;

  gs_plot_draw_readout (cr, &area, 150, "<b>lr 0.0123</b>\n"
                        "<span foreground=\"#3584e4\">●</span> Adam  0.00123", FALSE, TRUE);
  cairo_surface_flush (target);
  for (int y = 0; y < 220; y++)
    for (int x = 0; x < 320; x++)
      {
        gboolean in = x >= area.x && x < area.x + area.width && y >= area.y
                      && y < area.y + area.height;

        if (!in)
          g_assert_cmphex (pixel_at (target, x, y), ==, 0xffffff);
        else
          inside += pixel_at (target, x, y) != 0xffffff;
      }
  g_assert_cmpuint (inside, >, 200);   /* the guide, the box and its text */
  /* the guide at gx, above the box */
  g_assert_cmphex (pixel_at (target, 150, 45), !=, 0xffffff);
  cairo_destroy (cr);
  cairo_surface_destroy (target);
}

static gboolean
reddish (guint32 p)
{
  return RED (p) > GREEN (p) + 40 && RED (p) > BLUE (p) + 40;
}

static gboolean
greyish (guint32 p)
{
  return ABS ((int) RED (p) - (int) GREEN (p)) < 6 && ABS ((int) GREEN (p) - (int) BLUE (p)) < 6;
}

static double
pixel_luminance (guint32 p)
{
  return luminance (RED (p) / 255.0, GREEN (p) / 255.0, BLUE (p) / 255.0);
}

/* A 3 × 2 phase map: a diverged cell in red, a not-reached one grey, the
 * values on viridis (higher brighter), a pending one left blank; the cell
 * under each centre, none outside the grid, on log and linear axes */
static void
test_phase_view (void)
{
  const double xs_log[3] = { 0.01, 0.1, 1.0 }, xs_lin[3] = { 1.0, 2.0, 3.0 };
  const double ys[2] = { 0.0, 0.5 };
  /* row 0: diverged, not reached, 100; row 1: 10, 50, pending */
  const double value[6] = { NAN, NAN, 100, 10, 50, NAN };
  const guint8 state[6] = { GS_PHASE_CELL_DIVERGED, GS_PHASE_CELL_NOT_REACHED,
                            GS_PHASE_CELL_VALUE, GS_PHASE_CELL_VALUE, GS_PHASE_CELL_VALUE,
                            GS_PHASE_CELL_PENDING };

  for (int log_x = 0; log_x < 2; log_x++)
    for (int dark = 0; dark < 2; dark++)
      {
        GsPhaseView view = { 0 };
        cairo_surface_t *target;
        cairo_t *cr = study_image (480, 320, &target);
        GsRect area;
        guint32 px[6];
        guint ix, iy;

        view.style.dark = dark;
        view.style.scale = 1;
        view.nx = 3;
        view.ny = 2;
        view.x = log_x ? xs_log : xs_lin;
        view.y = ys;
        view.x_log = log_x;
        view.x_title = "lr";
        view.y_title = "momentum";
        view.value_title = "steps to loss < 1e-06";
        view.value = value;
        view.state = state;
        view.best_ix = view.best_iy = -1;
        view.hover_ix = view.hover_iy = -1;
        view.note = "Momentum · 3 × 2";
        if (dark)
          {
            cairo_set_source_rgb (cr, 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0);
            cairo_paint (cr);
          }
        gs_plot_phase_render (cr, 480, 320, &view);
        gs_plot_phase_get_area (cr, 480, 320, &view, &area);
        cairo_surface_flush (target);
        g_assert_cmpfloat (area.width, >, 200);
        g_assert_cmpfloat (area.height, >, 150);

        for (guint j = 0; j < 2; j++)
          for (guint i = 0; i < 3; i++)
            {
              /* evenly spaced centres: equal cells */
              double cx = area.x + (i + 0.5) * area.width / 3;
              double cy = area.y + area.height - (j + 0.5) * area.height / 2;

              px[j * 3 + i] = pixel_at (target, (int) cx, (int) cy);
              g_assert_true (gs_plot_phase_cell_at (cr, 480, 320, &view, cx, cy, &ix, &iy));
              g_assert_cmpuint (ix, ==, i);
              g_assert_cmpuint (iy, ==, j);
            }
        g_assert_true (reddish (px[0]));
        g_assert_true (greyish (px[1]));
        for (guint k = 2; k < 5; k++)
          {
            g_assert_false (reddish (px[k]));
            g_assert_false (greyish (px[k]));
          }
        /* viridis rises in luminance: 10 < 50 < 100 */
        g_assert_cmpfloat (pixel_luminance (px[3]), <, pixel_luminance (px[4]));
        g_assert_cmpfloat (pixel_luminance (px[4]), <, pixel_luminance (px[2]));
        /* pending: the background, barely tinted */
        g_assert_true (near_rgb (px[5], dark ? 0x1e1e1e : 0xffffff, 16));

        g_assert_false (gs_plot_phase_cell_at (cr, 480, 320, &view, area.x - 3,
                                               area.y + area.height / 2, &ix, &iy));
        g_assert_false (gs_plot_phase_cell_at (cr, 480, 320, &view, area.x + area.width + 3,
                                               area.y + area.height / 2, &ix, &iy));
        g_assert_false (gs_plot_phase_cell_at (cr, 480, 320, &view, area.x + 10,
                                               area.y + area.height + 3, &ix, &iy));
        g_assert_false (gs_plot_phase_cell_at (cr, 480, 320, &view, area.x + 10, area.y - 3,
                                               &ix, &iy));

        /* the best cell ringed, the hovered one outlined: both change pixels */
        {
          cairo_surface_t *again;
          cairo_t *cr2 = study_image (480, 320, &again);
          guint changed = 0;

          if (dark)
            {
              cairo_set_source_rgb (cr2, 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0);
              cairo_paint (cr2);
            }
          view.best_ix = 0;
          view.best_iy = 1;
          view.hover_ix = 2;
          view.hover_iy = 0;
          gs_plot_phase_render (cr2, 480, 320, &view);
          cairo_surface_flush (again);
          for (int y = (int) area.y; y < area.y + area.height; y++)
            for (int x = (int) area.x; x < area.x + area.width; x++)
              changed += pixel_at (target, x, y) != pixel_at (again, x, y);
          g_assert_cmpuint (changed, >, 100);
          cairo_destroy (cr2);
          cairo_surface_destroy (again);
        }
        cairo_destroy (cr);
        cairo_surface_destroy (target);
      }
}

static GsExperiment *
bowl_experiment (const char *runs)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf (
    "{\"problem\": {\"type\": \"function\", \"name\": \"quadratic\"}, \"start\": [4, 1],"
    " \"max_steps\": 400, \"runs\": [%s]}", runs);
  GsExperiment *exp = gs_experiment_new_from_data (text, -1, "bowl.json", NULL, &error);

  g_assert_no_error (error);
  return exp;
}

static void
assert_magic (const char *path, const char *magic)
{
  g_autofree char *bytes = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  g_assert_cmpuint (len, >, 200);
  g_assert_cmpmem (bytes, strlen (magic), magic, strlen (magic));
}

/* A phase study of momentum on the bowl as a figure: one value per cell as
 * the study found it, the best cell the one with least steps */
static void
test_study_figure_phase (void)
{
  g_autoptr(GsExperiment) exp = bowl_experiment (
    "{\"label\": \"Momentum\", \"optimizer\": {\"name\": \"sgd\", \"lr\": 0.05, "
    "\"momentum\": 0.5}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GsStudy) study = NULL;
  g_autoptr(GsStudyFigure) figure = NULL;
  g_autofree char *dir = scratch_dir ();
  const GsPhaseView *view;
  const GsStudyCell *cells;
  GsStudySpec spec;
  guint n, best = G_MAXUINT;

  gs_study_spec_init (&spec, GS_STUDY_PHASE);
  spec.x_lo = 0.01;
  spec.x_hi = 0.3;
  spec.x_log = TRUE;
  spec.nx = 4;
  spec.y_lo = 0.0;
  spec.y_hi = 0.9;
  spec.y_log = FALSE;
  spec.ny = 3;
  spec.threshold = 1e-4;
  spec.n_threads = 2;
  study = gs_study_new (exp, &spec, &error);
  g_assert_no_error (error);
  g_assert_true (gs_study_run (study));
  cells = gs_study_get_cells (study, &n);
  g_assert_cmpuint (n, ==, 12);

  figure = gs_study_figure_new (study, exp, NULL, GS_PHASE_METRIC_STEPS);
  g_assert_null (gs_study_figure_get_loss_view (figure));
  view = gs_study_figure_get_phase_view (figure);
  g_assert_nonnull (view);
  g_assert_cmpstr (gs_study_figure_get_title (figure), ==, "Phase map: lr × momentum");
  g_assert_cmpuint (view->nx, ==, 4);
  g_assert_cmpuint (view->ny, ==, 3);
  g_assert_true (view->x_log);
  g_assert_false (view->y_log);
  for (guint i = 0; i < n; i++)
    {
      const GsStudyCell *c = &cells[i];
      guint ix = 0, iy = 0;
      gsize k;

      while (ix < view->nx && view->x[ix] != c->x)
        ix++;
      while (iy < view->ny && view->y[iy] != c->y)
        iy++;
      g_assert_cmpuint (ix, <, view->nx);
      g_assert_cmpuint (iy, <, view->ny);
      k = (gsize) iy * view->nx + ix;
      if (c->diverged)
        g_assert_cmpuint (view->state[k], ==, GS_PHASE_CELL_DIVERGED);
      else if (c->steps_to_threshold == G_MAXUINT64)
        g_assert_cmpuint (view->state[k], ==, GS_PHASE_CELL_NOT_REACHED);
      else
        {
          g_assert_cmpuint (view->state[k], ==, GS_PHASE_CELL_VALUE);
          g_assert_cmpfloat (view->value[k], ==, (double) c->steps_to_threshold);
          if (best == G_MAXUINT
              || c->steps_to_threshold < cells[best].steps_to_threshold
              || (c->steps_to_threshold == cells[best].steps_to_threshold
                  && c->final_loss < cells[best].final_loss))
            best = i;
        }
    }
  g_assert_cmpuint (best, !=, G_MAXUINT);
  g_assert_cmpfloat (view->x[view->best_ix], ==, cells[best].x);
  g_assert_cmpfloat (view->y[view->best_iy], ==, cells[best].y);
  {
    g_autofree char *text = gs_study_figure_readout_cell (figure, (guint) view->best_ix,
                                                          (guint) view->best_iy);

    g_assert_nonnull (strstr (text, "lr "));
    g_assert_nonnull (strstr (text, "steps to loss &lt; 0.0001: "));
    g_assert_true (pango_parse_markup (text, -1, 0, NULL, NULL, NULL, NULL));
    g_assert_null (gs_study_figure_readout_cell (figure, 4, 0));
  }

  /* the final loss instead: a log colour scale */
  {
    g_autoptr(GsStudyFigure) final = gs_study_figure_new (study, exp, NULL,
                                                          GS_PHASE_METRIC_FINAL);
    const GsPhaseView *v = gs_study_figure_get_phase_view (final);

    g_assert_true (v->log_value);
    for (gsize k = 0; k < 12; k++)
      if (v->state[k] == GS_PHASE_CELL_VALUE)
        g_assert_cmpfloat (v->value[k], >, 0);
  }

  /* to every format */
  {
    const char *names[3] = { "phase.png", "phase.svg", "phase.pdf" };
    const char *magic[3] = { "\x89PNG", "<?xml", "%PDF" };

    for (guint k = 0; k < 3; k++)
      {
        g_autofree char *path = g_build_filename (dir, names[k], NULL);

        g_assert_true (gs_study_figure_write (figure, path, 640, 480, &error));
        g_assert_no_error (error);
        assert_magic (path, magic[k]);
      }
  }
  remove_dir (dir);
}

/* An lr sweep of gradient descent on the bowl (every lr above 0.2
 * diverges) as a figure: its curve holds the final losses of the lrs that
 * did not diverge, a gap and a ✕ at the first that did, a dot at the best */
static void
test_study_figure_sweep (void)
{
  g_autoptr(GsExperiment) exp = bowl_experiment (
    "{\"label\": \"GD\", \"color\": \"#3584e4\", \"optimizer\": {\"name\": \"sgd\", "
    "\"lr\": 0.05}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GsStudy) study = NULL;
  g_autoptr(GsStudyFigure) figure = NULL;
  g_autofree char *dir = scratch_dir ();
  const GsLossView *view;
  const GsLossSeries *s;
  const GsStudyCell *cells, *best;
  GsStudySpec spec;
  guint n, n_ok = 0, first_diverged = G_MAXUINT;

  gs_study_spec_init (&spec, GS_STUDY_LR_SWEEP);
  spec.lo = 0.01;
  spec.hi = 0.4;
  spec.points = 9;
  spec.n_threads = 2;
  study = gs_study_new (exp, &spec, &error);
  g_assert_no_error (error);
  g_assert_true (gs_study_run (study));
  cells = gs_study_get_cells (study, &n);
  best = gs_study_best (study, 0, NULL);

  figure = gs_study_figure_new (study, exp, NULL, GS_PHASE_METRIC_STEPS);
  g_assert_null (gs_study_figure_get_phase_view (figure));
  view = gs_study_figure_get_loss_view (figure);
  g_assert_cmpstr (gs_study_figure_get_title (figure), ==,
                   "Final and best loss against the learning rate");
  g_assert_true (view->log_x);
  /* the final loss, and the best loss on the way dashed */
  g_assert_cmpuint (view->n_series, ==, 2);
  g_assert_true (view->series[1].dashed);
  g_assert_null (view->series[1].label);
  for (guint i = 0; i < n; i++)
    if (cells[i].diverged)
      g_assert_true (isnan (view->series[1].loss[i]));
    else
      g_assert_cmpfloat (view->series[1].loss[i], ==, cells[i].best_loss);
  s = &view->series[0];
  g_assert_cmpuint (s->n, ==, n);
  g_assert_cmpstr (s->label, ==, "GD");
  g_assert_cmphex (rgb_hex (s->color), ==, 0x3584e4);
  for (guint i = 0; i < n; i++)
    {
      /* the cells come in lr order */
      g_assert_cmpfloat (s->step[i], ==, cells[i].x);
      if (cells[i].diverged)
        {
          g_assert_true (isnan (s->loss[i]));
          first_diverged = MIN (first_diverged, i);
        }
      else
        {
          g_assert_cmpfloat (s->loss[i], ==, cells[i].final_loss);
          n_ok++;
        }
    }
  g_assert_cmpuint (n_ok, >, 0);
  g_assert_cmpuint (first_diverged, <, n);
  g_assert_true (s->has_cross);
  g_assert_cmpuint (s->cross_row, ==, first_diverged);
  g_assert_true (s->has_dot);
  g_assert_cmpfloat (s->step[s->dot_row], ==, best->x);

  /* the read-out at the best lr: its value */
  {
    g_autofree char *text = gs_study_figure_readout_at (figure, best->x * 1.01);
    char value[32];

    g_snprintf (value, sizeof value, "%.5g", best->final_loss);
    g_assert_nonnull (strstr (text, "<b>lr "));
    g_assert_true (pango_parse_markup (text, -1, 0, NULL, NULL, NULL, NULL));
    g_assert_nonnull (strstr (text, "GD"));
    g_assert_nonnull (strstr (text, value));
  }
  /* x under a pixel: the ends of the area are the lr range's */
  {
    cairo_surface_t *target;
    cairo_t *cr = study_image (600, 400, &target);
    GsRect area;
    double x;

    gs_study_figure_render (figure, cr, 600, 400);
    gs_study_figure_get_area (figure, cr, 600, 400, &area);
    g_assert_true (gs_study_figure_x_at (figure, cr, 600, 400, area.x, &x));
    g_assert_cmpfloat_with_epsilon (x, 0.01, 1e-9);
    g_assert_true (gs_study_figure_x_at (figure, cr, 600, 400, area.x + area.width / 2, &x));
    g_assert_cmpfloat_with_epsilon (x, sqrt (0.01 * 0.4), 1e-6);
    g_assert_false (gs_study_figure_x_at (figure, cr, 600, 400, area.x - 2, &x));
    /* the ✕ in red somewhere on the plot */
    cairo_surface_flush (target);
    g_assert_cmpuint (count_color (target, &area, 0xe01b24, 16), >, 5);
    cairo_destroy (cr);
    cairo_surface_destroy (target);
  }
  {
    const char *names[3] = { "sweep.png", "sweep.svg", "sweep.pdf" };
    const char *magic[3] = { "\x89PNG", "<?xml", "%PDF" };

    for (guint k = 0; k < 3; k++)
      {
        g_autofree char *path = g_build_filename (dir, names[k], NULL);

        g_assert_true (gs_study_figure_write (figure, path, 640, 480, &error));
        g_assert_no_error (error);
        assert_magic (path, magic[k]);
      }
  }
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
  g_test_add_func ("/gradscope/plot/window-pointer", test_window_pointer);
  g_test_add_func ("/gradscope/plot/loss/view", test_loss_view);
  g_test_add_func ("/gradscope/plot/loss/wide-range", test_loss_wide_range);
  g_test_add_func ("/gradscope/plot/figure/png", test_figure_png);
  g_test_add_func ("/gradscope/plot/figure/dark-regression", test_figure_dark_regression);
  g_test_add_func ("/gradscope/plot/figure/svg-pdf", test_figure_svg_pdf);
  g_test_add_func ("/gradscope/plot/figure/layouts", test_figure_layouts);
  g_test_add_func ("/gradscope/plot/figure/errors", test_figure_errors);
  g_test_add_func ("/gradscope/plot/boundary/image", test_boundary_image);
  g_test_add_func ("/gradscope/plot/boundary/lines", test_boundary_lines);
  g_test_add_func ("/gradscope/plot/boundary/points", test_boundary_points);
  g_test_add_func ("/gradscope/plot/boundary/legend-dark", test_boundary_legend_dark);
  g_test_add_func ("/gradscope/plot/boundary/surface-curve", test_boundary_surface_curve);
  g_test_add_func ("/gradscope/plot/boundary/many-points", test_boundary_many_points);
  g_test_add_func ("/gradscope/plot/boundary/field-compute", test_boundary_field_compute);
  g_test_add_func ("/gradscope/plot/loss/accuracy", test_accuracy_view);
  g_test_add_func ("/gradscope/plot/loss/interpolation", test_interpolation_view);
  g_test_add_func ("/gradscope/plot/contour/landscape-titles", test_landscape_titles);
  g_test_add_func ("/gradscope/plot/surface/bowl", test_surface_bowl);
  g_test_add_func ("/gradscope/plot/surface/occlusion", test_surface_occlusion);
  g_test_add_func ("/gradscope/plot/surface/hole", test_surface_hole);
  g_test_add_func ("/gradscope/plot/surface/walks", test_surface_walks);
  g_test_add_func ("/gradscope/plot/surface/thinned", test_surface_thinned);
  g_test_add_func ("/gradscope/plot/surface/rotation", test_surface_rotation);
  g_test_add_func ("/gradscope/plot/surface/subsample", test_surface_subsample);
  g_test_add_func ("/gradscope/plot/surface/svg", test_surface_svg);
  g_test_add_func ("/gradscope/plot/figure/mlp", test_figure_mlp);
  g_test_add_func ("/gradscope/plot/figure/mlp-dark", test_figure_mlp_dark);
  g_test_add_func ("/gradscope/plot/cli/plot", test_cli_plot);
  g_test_add_func ("/gradscope/plot/cli/diverged", test_cli_plot_diverged);
  g_test_add_func ("/gradscope/plot/cli/bad-input", test_cli_plot_bad_input);
  g_test_add_func ("/gradscope/plot/study/readout-box", test_readout_box);
  g_test_add_func ("/gradscope/plot/study/phase-view", test_phase_view);
  g_test_add_func ("/gradscope/plot/study/figure-phase", test_study_figure_phase);
  g_test_add_func ("/gradscope/plot/study/figure-sweep", test_study_figure_sweep);

  {
    int status = g_test_run ();
    gs_plot_release_fonts ();
    return status;
  }
}
