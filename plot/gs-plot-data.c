/* gs-plot-data.c — the data set and each run's current fit */
#include "gs-plot.h"
#include "gs-plot-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* muted so the runs' lines stand out over them */
static const GsRgb class_color[2] = {
  { 0.380, 0.560, 0.800 },   /* class 0: blue-grey rings */
  { 0.870, 0.440, 0.330 },   /* class 1: coral dots */
};

gboolean
gs_plot_data_supported (GsProblemKind kind, guint n_features)
{
  if (kind == GS_PROBLEM_LINEAR_REGRESSION)
    return n_features == 1;
  if (kind == GS_PROBLEM_LOGISTIC_REGRESSION)
    return n_features == 1 || n_features == 2;
  return FALSE;
}

static double
feature (const GsDataset *d, guint i, guint j)
{
  return gs_dataset_row (d, i)[1 + j];   /* column 0 is the intercept's 1 */
}

static void
padded (double lo, double hi, double frac, double *a, double *b)
{
  double pad;

  if (!(hi > lo))
    {
      double d = lo != 0.0 ? fabs (lo) * 0.1 : 1.0;
      lo -= d;
      hi += d;
    }
  pad = (hi - lo) * frac;
  *a = lo - pad;
  *b = hi + pad;
}

static gboolean
two_d (const GsDataView *view)
{
  return view->kind == GS_PROBLEM_LOGISTIC_REGRESSION && view->data->n_features == 2;
}

static void
layout (GsPainter *p, double width, double height, const GsDataView *view, GsAxes *axes)
{
  const GsDataset *d = view->data;
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  GsRect outer = { 0, 0, width, height };

  for (guint i = 0; i < d->n_rows; i++)
    {
      double x = feature (d, i, 0);
      double y = two_d (view) ? feature (d, i, 1) : d->y[i];

      x0 = MIN (x0, x);
      x1 = MAX (x1, x);
      y0 = MIN (y0, y);
      y1 = MAX (y1, y);
    }
  memset (axes, 0, sizeof *axes);
  padded (x0, x1, 0.06, &axes->x.lo, &axes->x.hi);
  if (view->kind == GS_PROBLEM_LOGISTIC_REGRESSION && !two_d (view))
    {
      axes->y.lo = -0.08;
      axes->y.hi = 1.08;
    }
  else
    padded (y0, y1, 0.08, &axes->y.lo, &axes->y.hi);
  axes->x.title = view->x_title;
  axes->y.title = view->y_title;
  axes->grid = TRUE;
  gs_axes_layout_p (p, axes, &outer);
}

static void
draw_points (GsPainter *p, const GsDataView *view, const GsAxes *axes)
{
  cairo_t *cr = p->cr;
  const GsDataset *d = view->data;
  double s = p->s;
  double r = (d->n_rows > 2000 ? 2.0 : 3.5) * s;
  int w = (int) ceil (axes->area.width) + 1, h = (int) ceil (axes->area.height) + 1;
  /* many points: one mark per pixel and class is all the eye can see */
  g_autofree guint8 *seen = d->n_rows > 2000 ? g_new0 (guint8, (gsize) w * h) : NULL;

  for (int cls = 0; cls < 2; cls++)
    {
      gboolean by_class = view->kind == GS_PROBLEM_LOGISTIC_REGRESSION;

      if (!by_class && cls == 1)
        break;
      for (guint i = 0; i < d->n_rows; i++)
        {
          double x, y;

          if (by_class && (int) d->y[i] != cls)
            continue;
          x = gs_axes_x_to_px (axes, feature (d, i, 0));
          y = gs_axes_y_to_px (axes, two_d (view) ? feature (d, i, 1) : d->y[i]);
          if (seen)
            {
              int ix = (int) (x - axes->area.x), iy = (int) (y - axes->area.y);
              guint8 bit = (guint8) (1 << cls);

              if (ix < 0 || iy < 0 || ix >= w || iy >= h)
                continue;
              if (seen[(gsize) iy * w + ix] & bit)
                continue;
              seen[(gsize) iy * w + ix] |= bit;
            }
          cairo_new_sub_path (cr);
          cairo_arc (cr, x, y, r, 0, 2 * G_PI);
        }
      if (!by_class)
        {
          gs_painter_fg (p, 0.45);
          cairo_fill_preserve (cr);
          gs_painter_fg (p, 0.8);
          cairo_set_line_width (cr, 1.0 * s);
          cairo_stroke (cr);
        }
      else if (cls == 0)
        {
          gs_painter_source (p, class_color[0], 0.25);
          cairo_fill_preserve (cr);
          gs_painter_source (p, class_color[0], 0.9);
          cairo_set_line_width (cr, 1.25 * s);
          cairo_stroke (cr);
        }
      else
        {
          gs_painter_source (p, class_color[1], 0.75);
          cairo_fill (cr);
        }
    }
}

static double
sigmoid (double z)
{
  return z >= 0 ? 1.0 / (1.0 + exp (-z)) : exp (z) / (1.0 + exp (z));
}

static void
draw_fits (GsPainter *p, const GsDataView *view, const GsAxes *axes)
{
  cairo_t *cr = p->cr;
  double s = p->s;
  GsRect safe = gs_rect_grow (&axes->area, 2048);
  static const double identity[4] = { 0, 1, 0, 1 };

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint k = 0; k < view->n_fits; k++)
    {
      const GsDataFit *fit = &view->fits[k];
      const double *th = fit->theta;
      double pts[2 * 201];
      guint n = 0;

      if (fit->diverged || th == NULL)
        continue;
      if (view->kind == GS_PROBLEM_LINEAR_REGRESSION)
        {
          /* ŷ = θ0 + θ1·x */
          for (int e = 0; e < 2; e++)
            {
              double x = e ? axes->x.hi : axes->x.lo;
              pts[2 * n] = gs_axes_x_to_px (axes, x);
              pts[2 * n + 1] = gs_axes_y_to_px (axes, th[0] + th[1] * x);
              n++;
            }
        }
      else if (!two_d (view))
        {
          /* p = σ(θ0 + θ1·x) */
          for (int e = 0; e <= 200; e++)
            {
              double x = axes->x.lo + (axes->x.hi - axes->x.lo) * e / 200;
              pts[2 * n] = gs_axes_x_to_px (axes, x);
              pts[2 * n + 1] = gs_axes_y_to_px (axes, sigmoid (th[0] + th[1] * x));
              n++;
            }
        }
      else
        {
          /* the p = 0.5 boundary: θ0 + θ1·x1 + θ2·x2 = 0 */
          if (fabs (th[2]) >= fabs (th[1]) && th[2] != 0.0)
            for (int e = 0; e < 2; e++)
              {
                double x = e ? axes->x.hi : axes->x.lo;
                pts[2 * n] = gs_axes_x_to_px (axes, x);
                pts[2 * n + 1] = gs_axes_y_to_px (axes, -(th[0] + th[1] * x) / th[2]);
                n++;
              }
          else if (th[1] != 0.0)
            for (int e = 0; e < 2; e++)
              {
                double y = e ? axes->y.hi : axes->y.lo;
                pts[2 * n] = gs_axes_x_to_px (axes, -(th[0] + th[2] * y) / th[1]);
                pts[2 * n + 1] = gs_axes_y_to_px (axes, y);
                n++;
              }
        }
      if (n < 2)
        continue;
      cairo_new_path (cr);
      gs_path_polyline (cr, pts, n, 2, identity, &safe);
      gs_painter_source (p, p->bg, 0.8);
      cairo_set_line_width (cr, 4.5 * s);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgb (cr, fit->color.r, fit->color.g, fit->color.b);
      cairo_set_line_width (cr, 2.25 * s);
      cairo_stroke (cr);
    }
}

static void
draw_class_key (GsPainter *p, const GsAxes *axes)
{
  cairo_t *cr = p->cr;
  double s = p->s;
  double x = axes->area.x + 10 * s, y = axes->area.y + 10 * s, h;
  /* TRANSLATORS: a legend's labels */
  static const char *const names[2] = { N_("class 0"), N_("class 1") };

  gs_painter_text_size (p, "Ag", NULL, NULL, &h);
  for (int cls = 0; cls < 2; cls++)
    {
      double cy = y + h / 2;

      cairo_new_sub_path (cr);
      cairo_arc (cr, x + 4 * s, cy, 3.25 * s, 0, 2 * G_PI);
      if (cls == 0)
        {
          gs_painter_source (p, class_color[0], 0.25);
          cairo_fill_preserve (cr);
          gs_painter_source (p, class_color[0], 0.9);
          cairo_set_line_width (cr, 1.25 * s);
          cairo_stroke (cr);
        }
      else
        {
          gs_painter_source (p, class_color[1], 0.75);
          cairo_fill (cr);
        }
      gs_painter_fg (p, 0.8);
      x += 12 * s + gs_painter_text (p, _(names[cls]), NULL, x + 12 * s, cy, 0.0, 0.5) + 14 * s;
    }
}

void
gs_plot_data_render (cairo_t *cr, double width, double height, const GsDataView *view)
{
  GsPainter p;
  GsAxes axes;

  g_return_if_fail (view->data != NULL);
  if (!gs_plot_data_supported (view->kind, view->data->n_features))
    return;

  cairo_save (cr);
  gs_painter_init (&p, cr, &view->style);
  layout (&p, width, height, view, &axes);
  gs_axes_draw_p (&p, &axes);

  cairo_save (cr);
  cairo_rectangle (cr, axes.area.x, axes.area.y, axes.area.width, axes.area.height);
  cairo_clip (cr);
  /* the fits under the points, so no point hides behind a line */
  draw_fits (&p, view, &axes);
  draw_points (&p, view, &axes);
  if (view->kind == GS_PROBLEM_LOGISTIC_REGRESSION)
    draw_class_key (&p, &axes);
  cairo_restore (cr);

  gs_painter_clear (&p);
  cairo_restore (cr);
}
