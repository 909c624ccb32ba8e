/* gs-plot-boundary.c — what a network predicts over its inputs: the class
 * probabilities over the input plane (its decision boundary), a fitted
 * surface or a fitted curve, with the training and validation points on top */
#include "gs-plot.h"
#include "gs-plot-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* Tableau 10, reordered: muted, of middling lightness, so a class reads on
 * white and on the dark background alike, and apart from the runs' GNOME
 * palette (which is brighter). */
static const GsRgb class_palette[GS_CLASS_PALETTE_SIZE] = {
  { 0x4e / 255.0, 0x79 / 255.0, 0xa7 / 255.0 },   /* blue   #4e79a7 */
  { 0xf2 / 255.0, 0x8e / 255.0, 0x2b / 255.0 },   /* orange #f28e2b */
  { 0x59 / 255.0, 0xa1 / 255.0, 0x4f / 255.0 },   /* green  #59a14f */
  { 0xb0 / 255.0, 0x7a / 255.0, 0xa1 / 255.0 },   /* purple #b07aa1 */
  { 0xe1 / 255.0, 0x57 / 255.0, 0x59 / 255.0 },   /* red    #e15759 */
  { 0x76 / 255.0, 0xb7 / 255.0, 0xb2 / 255.0 },   /* teal   #76b7b2 */
  { 0xed / 255.0, 0xc9 / 255.0, 0x48 / 255.0 },   /* yellow #edc948 */
  { 0x9c / 255.0, 0x75 / 255.0, 0x5f / 255.0 },   /* brown  #9c755f */
  { 0xff / 255.0, 0x9d / 255.0, 0xa7 / 255.0 },   /* pink   #ff9da7 */
  { 0xba / 255.0, 0xb0 / 255.0, 0xac / 255.0 },   /* grey   #bab0ac */
};

/* How far a certain prediction tints the background towards its class:
 * enough to read the regions, little enough for the points to stand out. */
#define TINT_LIGHT 0.55
#define TINT_DARK  0.50

/* Legend rows at most (then one "… n more") */
#define LEGEND_MAX_ROWS 12

GsRgb
gs_class_color (guint k)
{
  return class_palette[k % GS_CLASS_PALETTE_SIZE];
}

/* The painter's background, without a painter (worker threads). */
static GsRgb
background (gboolean dark)
{
  return dark ? (GsRgb) { 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0 } : GS_WHITE;
}

gboolean
gs_boundary_field_color (const double *p, guint n_classes, gboolean dark, GsRgb *out)
{
  GsRgb bg = background (dark), mix = { 0, 0, 0 };
  double total = 0.0, top = 0.0, conf, tint;

  for (guint k = 0; k < n_classes; k++)
    {
      double v = p[k];
      GsRgb c = gs_class_color (k);

      if (!isfinite (v))
        return FALSE;
      v = CLAMP (v, 0.0, 1.0);
      mix.r += v * c.r;
      mix.g += v * c.g;
      mix.b += v * c.b;
      total += v;
      top = MAX (top, v);
    }
  if (!(total > 0.0))
    {
      *out = bg;
      return TRUE;
    }
  /* the classes blended by probability, towards the background as the
   * prediction gets unsure: confidence (p_max − 1/K) / (1 − 1/K) */
  conf = n_classes > 1 ? (top / total - 1.0 / n_classes) / (1.0 - 1.0 / n_classes) : 1.0;
  tint = (dark ? TINT_DARK : TINT_LIGHT) * CLAMP (conf, 0.0, 1.0);
  out->r = bg.r + tint * (mix.r / total - bg.r);
  out->g = bg.g + tint * (mix.g / total - bg.g);
  out->b = bg.b + tint * (mix.b / total - bg.b);
  return TRUE;
}

static guint32
argb (GsRgb c)
{
  return 0xff000000u | (guint32) lround (CLAMP (c.r, 0.0, 1.0) * 255) << 16
         | (guint32) lround (CLAMP (c.g, 0.0, 1.0) * 255) << 8
         | (guint32) lround (CLAMP (c.b, 0.0, 1.0) * 255);
}

/* where the network gave no finite output: neutral grey, never a class */
static guint32
missing_argb (gboolean dark)
{
  return dark ? 0xff3a3a3a : 0xffd6d6d6;
}

void
gs_field_points (const double window[4], guint nx, guint ny, double *xy)
{
  double dx = (window[1] - window[0]) / MAX (nx, 1);
  double dy = (window[3] - window[2]) / MAX (ny, 1);

  for (guint j = 0; j < ny; j++)
    for (guint i = 0; i < nx; i++)
      {
        double *p = xy + 2 * ((gsize) j * nx + i);
        p[0] = window[0] + (i + 0.5) * dx;
        p[1] = window[2] + (j + 0.5) * dy;
      }
}

/* An nx × ny image whose pixel (i, ny − 1 − j) is node (i, j): row 0 of
 * an image is its top, y_max. */
static cairo_surface_t *
field_image (guint nx, guint ny, guchar **data, int *stride)
{
  cairo_surface_t *surface;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) nx, (int) ny);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;
  cairo_surface_flush (surface);
  *data = cairo_image_surface_get_data (surface);
  *stride = cairo_image_surface_get_stride (surface);
  return surface;
}

cairo_surface_t *
gs_boundary_image_new (const double *probs, guint nx, guint ny, guint n_classes,
                       const GsPlotStyle *style)
{
  gboolean dark = style && style->dark;
  cairo_surface_t *surface;
  guchar *data = NULL;
  int stride = 0;

  g_return_val_if_fail (probs != NULL && nx > 0 && ny > 0 && n_classes > 0, NULL);
  g_return_val_if_fail (nx <= 32767 && ny <= 32767, NULL);

  surface = field_image (nx, ny, &data, &stride);
  if (data == NULL)
    return surface;
  for (guint j = 0; j < ny; j++)
    {
      guint32 *row = (guint32 *) (data + (gsize) (ny - 1 - j) * stride);

      for (guint i = 0; i < nx; i++)
        {
          GsRgb c;

          if (gs_boundary_field_color (probs + ((gsize) j * nx + i) * n_classes, n_classes,
                                       dark, &c))
            row[i] = argb (c);
          else
            row[i] = missing_argb (dark);
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

cairo_surface_t *
gs_value_image_new (const double *values, guint nx, guint ny, const GsLevels *levels,
                    const GsPlotStyle *style)
{
  gboolean dark = style && style->dark;
  cairo_surface_t *surface;
  guchar *data = NULL;
  int stride = 0;

  g_return_val_if_fail (values != NULL && levels != NULL && nx > 0 && ny > 0, NULL);
  g_return_val_if_fail (nx <= 32767 && ny <= 32767, NULL);

  surface = field_image (nx, ny, &data, &stride);
  if (data == NULL)
    return surface;
  for (guint j = 0; j < ny; j++)
    {
      guint32 *row = (guint32 *) (data + (gsize) (ny - 1 - j) * stride);

      for (guint i = 0; i < nx; i++)
        {
          double v = values[(gsize) j * nx + i];
          row[i] = isfinite (v) ? gs_colormap_argb (gs_levels_position (levels, v))
                                : missing_argb (dark);
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* The nodes' own window: half a cell in from the field's on every side. */
static void
node_window (const double window[4], guint nx, guint ny, double nodes[4])
{
  double hx = (window[1] - window[0]) / (2.0 * MAX (nx, 1));
  double hy = (window[3] - window[2]) / (2.0 * MAX (ny, 1));

  nodes[0] = window[0] + hx;
  nodes[1] = window[1] - hx;
  nodes[2] = window[2] + hy;
  nodes[3] = window[3] - hy;
}

GsContourLines *
gs_boundary_lines_new (const double *probs, guint nx, guint ny, guint n_classes,
                       const double window[4])
{
  GsContourLines *lines = gs_contour_lines_new_empty ();
  g_autofree double *z = NULL;
  double nodes[4];
  gsize n = (gsize) nx * ny;

  if (probs == NULL || nx < 2 || ny < 2 || n_classes < 2
      || n_classes > GS_BOUNDARY_MAX_LINE_CLASSES)
    return lines;
  node_window (window, nx, ny, nodes);
  z = g_new (double, n);
  /* z_k = p_k − max_{j≠k} p_j is ≥ 0 where class k wins: its zero line is
   * the rim of k's region. Every boundary has a class other than the last
   * on one side, so classes 0 … K−2 draw them all (K = 2: p₁ = ½). */
  for (guint k = 0; k + 1 < n_classes; k++)
    {
      for (gsize q = 0; q < n; q++)
        {
          const double *p = probs + q * n_classes;
          double other = -INFINITY;
          gboolean finite = isfinite (p[k]);

          for (guint j = 0; j < n_classes; j++)
            if (j != k)
              {
                finite = finite && isfinite (p[j]);
                other = MAX (other, p[j]);
              }
          z[q] = finite ? p[k] - other : NAN;
        }
      gs_contour_lines_add (lines, z, nx, ny, nodes[0], nodes[1], nodes[2], nodes[3], 0.0);
    }
  return lines;
}

GsContourLines *
gs_field_lines_new (const double *values, guint nx, guint ny, const double window[4],
                    const GsLevels *levels)
{
  GsGrid grid = { 0 };
  double nodes[4];

  if (values == NULL || levels == NULL || nx < 2 || ny < 2)
    return gs_contour_lines_new_empty ();
  node_window (window, nx, ny, nodes);
  grid.nx = nx;
  grid.ny = ny;
  grid.x_min = nodes[0];
  grid.x_max = nodes[1];
  grid.y_min = nodes[2];
  grid.y_max = nodes[3];
  grid.z = (double *) values;   /* only read */
  return gs_contour_lines_new (&grid, levels);
}

/* ---- window ----------------------------------------------------------------- */

static double
feature (const GsDataset *d, guint i, guint j)
{
  return gs_dataset_row (d, i)[1 + j];   /* column 0 is the intercept's 1 */
}

static gboolean
is_classifier (const GsBoundaryView *view)
{
  return view->n_classes >= 2;
}

/* Where point i of d goes, data units; FALSE when it has no place here. */
static gboolean
point_at (const GsBoundaryView *view, const GsDataset *d, guint i, double *x, double *y)
{
  if (view->mode == GS_BOUNDARY_CURVE)
    {
      if (d->n_features < 1)
        return FALSE;
      *x = feature (d, i, 0);
      /* a classifier's points: at their label (K = 2, the textbook picture
       * under P(class 1)), else along the top (each is sure of its class) */
      *y = !is_classifier (view) ? d->y[i] : view->n_classes == 2 ? d->y[i] : 1.0;
    }
  else
    {
      if (d->n_features < 2)
        return FALSE;
      *x = feature (d, i, 0);
      *y = feature (d, i, 1);
    }
  return isfinite (*x) && isfinite (*y);
}

static void
padded (double lo, double hi, double frac, double *a, double *b)
{
  double pad;

  if (!(hi > lo))
    {
      double d = isfinite (lo) && lo != 0.0 ? fabs (lo) * 0.1 : 1.0;
      if (!isfinite (lo))
        lo = hi = 0.0;
      lo -= d;
      hi += d;
    }
  pad = (hi - lo) * frac;
  *a = lo - pad;
  *b = hi + pad;
}

void
gs_plot_boundary_fit_window (GsBoundaryMode mode, guint n_classes, const GsDataset *train,
                             const GsDataset *validation, double window[4])
{
  GsBoundaryView v = { .mode = mode, .n_classes = n_classes };
  double box[4] = { INFINITY, -INFINITY, INFINITY, -INFINITY };
  const GsDataset *sets[2] = { train, validation };

  for (int s = 0; s < 2; s++)
    for (guint i = 0; sets[s] && i < sets[s]->n_rows; i++)
      {
        double x, y;

        if (!point_at (&v, sets[s], i, &x, &y))
          continue;
        box[0] = MIN (box[0], x);
        box[1] = MAX (box[1], x);
        box[2] = MIN (box[2], y);
        box[3] = MAX (box[3], y);
      }
  if (mode == GS_BOUNDARY_CURVE)
    {
      padded (box[0], box[1], 0.06, &window[0], &window[1]);
      if (n_classes >= 2)
        {
          window[2] = -0.08;
          window[3] = 1.08;
        }
      else
        padded (box[2], box[3], 0.1, &window[2], &window[3]);
    }
  else
    {
      padded (box[0], box[1], 0.1, &window[0], &window[1]);
      padded (box[2], box[3], 0.1, &window[2], &window[3]);
    }
}

/* ---- view ------------------------------------------------------------------- */

static void
layout (GsPainter *p, double width, double height, const GsBoundaryView *view, GsAxes *axes)
{
  GsRect outer = { 0, 0, width, height };

  memset (axes, 0, sizeof *axes);
  axes->x = (GsAxis) { view->x_min, view->x_max, FALSE, view->x_title };
  axes->y = (GsAxis) { view->y_min, view->y_max, FALSE, view->y_title };
  axes->grid = view->mode == GS_BOUNDARY_CURVE;
  if (view->mode == GS_BOUNDARY_SURFACE && view->levels)
    outer.width -= gs_colour_bar_width (p, view->levels, view->value_title);
  gs_axes_layout_p (p, axes, &outer);
}

void
gs_plot_boundary_get_area (cairo_t *cr, double width, double height,
                           const GsBoundaryView *view, GsRect *area)
{
  GsPainter p;
  GsAxes axes;

  gs_painter_init (&p, cr, &view->style);
  layout (&p, width, height, view, &axes);
  *area = axes.area;
  gs_painter_clear (&p);
}

static void
draw_field (GsPainter *p, const GsBoundaryView *view, const GsAxes *axes)
{
  const double *w = view->field_window;
  double x0, x1, y0, y1;

  if (view->field == NULL || cairo_surface_status (view->field) != CAIRO_STATUS_SUCCESS)
    return;
  x0 = gs_axes_x_to_px (axes, w[0]);
  x1 = gs_axes_x_to_px (axes, w[1]);
  y0 = gs_axes_y_to_px (axes, w[3]);   /* top */
  y1 = gs_axes_y_to_px (axes, w[2]);
  gs_paint_image (p->cr, view->field, x0, y0, x1, y1, &axes->area);
}

static void
draw_lines (GsPainter *p, const GsBoundaryView *view, const GsAxes *axes)
{
  cairo_t *cr = p->cr;
  const GsContourLines *lines = view->lines;
  const double *pts = (const double *) lines->points->data;
  const guint *starts = (const guint *) lines->starts->data;

  for (guint k = 0; k + 1 < lines->starts->len; k++)
    for (guint i = starts[k]; i < starts[k + 1]; i++)
      {
        double x = gs_axes_x_to_px (axes, pts[2 * i]);
        double y = gs_axes_y_to_px (axes, pts[2 * i + 1]);

        if (i == starts[k])
          cairo_move_to (cr, x, y);
        else
          cairo_line_to (cr, x, y);
      }
  cairo_save (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  if (view->mode == GS_BOUNDARY_CLASSES)
    {
      /* the boundary: thin, in the text colour, over every tint */
      cairo_set_line_width (cr, 1.25 * p->s);
      gs_painter_fg (p, 0.6);
    }
  else
    {
      /* iso-lines as the landscape's */
      cairo_set_line_width (cr, 0.8 * p->s);
      cairo_set_source_rgba (cr, 0.0, 0.0, 0.0, 0.32);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* A surface's points are coloured by their value in as many steps as the
 * colour map has: one group (path, or stamp) per step. */
#define VALUE_BUCKETS 256

static guint
value_bucket (const GsBoundaryView *view, double y)
{
  double t = gs_levels_position (view->levels, y);

  return isnan (t) ? 0 : (guint) CLAMP (floor (t * VALUE_BUCKETS), 0, VALUE_BUCKETS - 1);
}

/* Outline of the points: the text colour, a little softened. */
static GsRgb
outline_color (GsPainter *p)
{
  return p->dark ? (GsRgb) { 0.96, 0.96, 0.96 } : (GsRgb) { 0.141, 0.122, 0.192 };
}

/* A point's fill: its class, its value on the colour scale, or (a curve's
 * data) neutral grey. */
static GsRgb
point_color (GsPainter *p, const GsBoundaryView *view, const GsDataset *d, guint i)
{
  if (is_classifier (view))
    {
      double label = d->y[i];
      return gs_class_color (isfinite (label) && label >= 0 ? (guint) label : 0);
    }
  if (view->mode == GS_BOUNDARY_SURFACE && view->levels)
    {
      double r, g, b;
      gs_colormap_rgb ((value_bucket (view, d->y[i]) + 0.5) / VALUE_BUCKETS, &r, &g, &b);
      return (GsRgb) { r, g, b };
    }
  return (GsRgb) { (p->fg.r + p->bg.r) / 2, (p->fg.g + p->bg.g) / 2, (p->fg.b + p->bg.b) / 2 };
}

static double
point_radius (GsPainter *p, const GsBoundaryView *view)
{
  guint n = (view->train ? view->train->n_rows : 0)
            + (view->validation ? view->validation->n_rows : 0);

  return (n > 2000 ? 2.25 : n > 500 ? 3.0 : 3.75) * p->s;
}

/* The group a point's colour comes from (its class, or its value's step
 * on the colour map): points are drawn a group at a time, one path each. */
static guint
point_group (const GsBoundaryView *view, const GsDataset *d, guint i, guint n_groups)
{
  if (n_groups == 1)
    return 0;
  if (!is_classifier (view))
    return value_bucket (view, d->y[i]);
  {
    double label = d->y[i];
    return isfinite (label) && label >= 0 && label < n_groups ? (guint) label : 0;
  }
}

/* ---- many points: stamped ------------------------------------------------------ */

/* Thousands of discs filled as paths cost ~0.1 s a frame (a 10 000-point
 * spiral); on a raster target each group's mark is drawn once into a small
 * image instead, copied (OVER, to the nearest device pixel) into a layer
 * at every point, and the layer painted once: a few ms. Vector targets
 * (SVG, PDF) keep the paths. */
#define STAMP_ABOVE 1000

typedef struct
{
  cairo_surface_t *layer;    /* the plot area at device resolution */
  guint32         *data;
  int              stride;   /* in pixels */
  int              width, height;
  double           ds;       /* device pixels per user unit */
  double           ox, oy;   /* the area's origin, user units */
} Stamper;

static gboolean
vector_target (cairo_t *cr)
{
  switch (cairo_surface_get_type (cairo_get_target (cr)))
    {
    case CAIRO_SURFACE_TYPE_PDF:
    case CAIRO_SURFACE_TYPE_PS:
    case CAIRO_SURFACE_TYPE_SVG:
    case CAIRO_SURFACE_TYPE_SCRIPT:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
stamper_init (Stamper *st, cairo_t *cr, const GsRect *area)
{
  double dsx = 1, dsy = 1, ux = 1, uy = 0;

  memset (st, 0, sizeof *st);
  cairo_surface_get_device_scale (cairo_get_target (cr), &dsx, &dsy);
  cairo_user_to_device_distance (cr, &ux, &uy);
  st->ds = CLAMP (MAX (dsx, dsy) * hypot (ux, uy), 1.0, 8.0);
  st->ox = area->x;
  st->oy = area->y;
  st->width = (int) ceil (area->width * st->ds);
  st->height = (int) ceil (area->height * st->ds);
  st->layer = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (st->width, 1),
                                          MAX (st->height, 1));
  if (cairo_surface_status (st->layer) != CAIRO_STATUS_SUCCESS)
    {
      g_clear_pointer (&st->layer, cairo_surface_destroy);
      return FALSE;
    }
  cairo_surface_flush (st->layer);
  st->data = (guint32 *) cairo_image_surface_get_data (st->layer);
  st->stride = cairo_image_surface_get_stride (st->layer) / 4;
  return TRUE;
}

static void
stamper_paint (Stamper *st, cairo_t *cr)
{
  cairo_surface_mark_dirty (st->layer);
  cairo_surface_set_device_scale (st->layer, st->ds, st->ds);
  cairo_set_source_surface (cr, st->layer, st->ox, st->oy);
  cairo_paint (cr);
  g_clear_pointer (&st->layer, cairo_surface_destroy);
}

static void finish_points (cairo_t *cr, GArray *centres, gboolean rings, GsRgb c,
                           GsRgb outline, double r, double lw, double ring_w,
                           Stamper *stamper);

/* x·a/255 on the four channels of x at once (two at a time, as pixman) */
static inline guint32
mul_un8x4 (guint32 x, guint32 a)
{
  guint32 rb = (x & 0xff00ff) * a + 0x800080;
  guint32 ag = ((x >> 8) & 0xff00ff) * a + 0x800080;

  rb = ((rb + ((rb >> 8) & 0xff00ff)) >> 8) & 0xff00ff;
  ag = (ag + ((ag >> 8) & 0xff00ff)) & 0xff00ff00;
  return rb | ag;
}

/* Premultiplied OVER of one stamp at device (x0, y0): src + dst·(1 − α). */
static void
blend (Stamper *st, const guint32 *src, int src_stride, int size, int x0, int y0)
{
  for (int y = MAX (0, -y0); y < size && y0 + y < st->height; y++)
    {
      const guint32 *sp = src + (gsize) y * src_stride;
      guint32 *dp = st->data + (gsize) (y0 + y) * st->stride + x0;

      for (int x = MAX (0, -x0); x < size && x0 + x < st->width; x++)
        {
          guint32 a = sp[x] >> 24;

          if (a == 255)
            dp[x] = sp[x];
          else if (a != 0)
            dp[x] = sp[x] + mul_un8x4 (dp[x], 255 - a);
        }
    }
}

static void
stamp_group (Stamper *st, const GArray *centres, gboolean rings, GsRgb c, GsRgb outline,
             double r, double lw, double ring_w)
{
  double reach = (rings ? r + ring_w / 2 + lw : r + lw / 2) + 1.0;
  int size = 2 * (int) ceil (reach * st->ds) + 1;
  cairo_surface_t *stamp = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  g_autoptr(GArray) one = g_array_new (FALSE, FALSE, sizeof (double));
  double middle[2] = { size / (2 * st->ds), size / (2 * st->ds) };
  const double *p = (const double *) centres->data;
  const guint32 *src;
  int src_stride;
  cairo_t *scr;

  /* the mark once, as the paths would draw it */
  scr = cairo_create (stamp);
  cairo_scale (scr, st->ds, st->ds);
  g_array_append_vals (one, middle, 2);
  finish_points (scr, one, rings, c, outline, r, lw, ring_w, NULL);
  cairo_destroy (scr);
  cairo_surface_flush (stamp);
  src = (const guint32 *) cairo_image_surface_get_data (stamp);
  src_stride = cairo_image_surface_get_stride (stamp) / 4;

  for (guint i = 0; i + 1 < centres->len; i += 2)
    {
      double dx = (p[i] - st->ox) * st->ds, dy = (p[i + 1] - st->oy) * st->ds;

      blend (st, src, src_stride, size, (int) lround (dx - size / 2.0),
             (int) lround (dy - size / 2.0));
    }
  cairo_surface_destroy (stamp);
}

static void
path_circles (cairo_t *cr, const GArray *centres, double r)
{
  const double *c = (const double *) centres->data;

  for (guint i = 0; i + 1 < centres->len; i += 2)
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, c[i], c[i + 1], r, 0, 2 * G_PI);
    }
}

/* A group of points of one colour c at centres (x, y pairs), emptied;
 * stamped when there is a stamper. */
static void
finish_points (cairo_t *cr, GArray *centres, gboolean rings, GsRgb c, GsRgb outline, double r,
               double lw, double ring_w, Stamper *stamper)
{
  if (centres->len == 0)
    return;
  if (stamper)
    stamp_group (stamper, centres, rings, c, outline, r, lw, ring_w);
  else if (rings)
    {
      /* hollow: the field shows through; a thin outline round the outside
       * keeps the ring apart from a field of its own colour */
      path_circles (cr, centres, r + ring_w / 2 + lw / 2);
      cairo_set_source_rgba (cr, outline.r, outline.g, outline.b, 0.75);
      cairo_set_line_width (cr, lw);
      cairo_stroke (cr);
      path_circles (cr, centres, r);
      cairo_set_source_rgb (cr, c.r, c.g, c.b);
      cairo_set_line_width (cr, ring_w);
      cairo_stroke (cr);
    }
  else
    {
      /* two fills, the outline's disc under the point's: cheaper than
       * stroking many circles, and the same picture */
      path_circles (cr, centres, r + lw / 2);
      cairo_set_source_rgba (cr, outline.r, outline.g, outline.b, 0.85);
      cairo_fill (cr);
      path_circles (cr, centres, r - lw / 2);
      cairo_set_source_rgb (cr, c.r, c.g, c.b);
      cairo_fill (cr);
    }
  g_array_set_size (centres, 0);
}

/* Points of d: filled (training) or rings (validation); spans gets each
 * one's column, for the legend to keep off. Many points: one mark per
 * pixel and colour is all the eye can see. */
static void
draw_points (GsPainter *p, const GsBoundaryView *view, const GsAxes *axes, const GsDataset *d,
             gboolean rings, GArray *spans)
{
  cairo_t *cr = p->cr;
  double s = p->s, r = point_radius (p, view), lw = 1.0 * s, ring_w = 2.0 * s;
  GsRgb outline = outline_color (p);
  int w = (int) ceil (axes->area.width) + 1, h = (int) ceil (axes->area.height) + 1;
  g_autofree guint32 *seen = d->n_rows > 2000 ? g_new0 (guint32, (gsize) w * h) : NULL;
  GsRect near = gs_rect_grow (&axes->area, r + ring_w);
  guint n_groups = is_classifier (view) ? view->n_classes
                   : view->mode == GS_BOUNDARY_SURFACE && view->levels ? VALUE_BUCKETS : 1;
  g_autofree guint *order = g_new (guint, MAX (d->n_rows, 1));
  g_autofree guint *first = g_new0 (guint, (gsize) n_groups + 2);
  g_autoptr(GArray) centres = g_array_new (FALSE, FALSE, sizeof (double));
  Stamper stamper;
  gboolean stamped = d->n_rows > STAMP_ABOVE && !vector_target (cr)
                     && stamper_init (&stamper, cr, &axes->area);

  /* the points in group order (a counting sort), each group one path */
  for (guint i = 0; i < d->n_rows; i++)
    first[point_group (view, d, i, n_groups) + 1]++;
  for (guint g = 0; g < n_groups; g++)
    first[g + 1] += first[g];
  for (guint i = 0; i < d->n_rows; i++)
    order[first[point_group (view, d, i, n_groups)]++] = i;

  cairo_save (cr);
  cairo_new_path (cr);
  for (guint q = 0; q < d->n_rows; q++)
    {
      guint i = order[q];
      double x, y, px, py;
      gboolean last = q + 1 == d->n_rows;
      GsRgb c = point_color (p, view, d, i);

      if (point_at (view, d, i, &x, &y))
        {
          px = gs_axes_x_to_px (axes, x);
          py = gs_axes_y_to_px (axes, y);
          if (gs_rect_contains (&near, px, py))
            {
              guint32 key = argb (c);
              int ix = CLAMP ((int) (px - axes->area.x), 0, w - 1);
              int iy = CLAMP ((int) (py - axes->area.y), 0, h - 1);

              if (seen == NULL || seen[(gsize) iy * w + ix] != key)
                {
                  double span[3] = { px, py - r - ring_w, py + r + ring_w };
                  double centre[2] = { px, py };

                  if (seen)
                    seen[(gsize) iy * w + ix] = key;
                  g_array_append_vals (centres, centre, 2);
                  g_array_append_vals (spans, span, 3);
                }
            }
        }
      /* the end of a group */
      if (last
          || point_group (view, d, order[q + 1], n_groups) != point_group (view, d, i, n_groups))
        finish_points (cr, centres, rings, c, outline, rings ? r + 0.5 * s : r, lw, ring_w,
                       stamped ? &stamper : NULL);
    }
  if (stamped)
    stamper_paint (&stamper, cr);
  cairo_restore (cr);
}

/* One output of the curve (column k of curve_y) as a polyline, broken
 * where it is not finite. */
static void
path_curve (cairo_t *cr, const GsBoundaryView *view, const GsAxes *axes, guint k,
            guint n_out, GArray *spans)
{
  gboolean pen = FALSE;

  for (guint i = 0; i < view->n_curve; i++)
    {
      double x = view->curve_x[i], y = view->curve_y[(gsize) i * n_out + k];
      double px, py;

      if (!isfinite (x) || !isfinite (y))
        {
          pen = FALSE;
          continue;
        }
      px = gs_axes_x_to_px (axes, x);
      py = CLAMP (gs_axes_y_to_px (axes, y), axes->area.y - 1e4,
                  axes->area.y + axes->area.height + 1e4);
      if (pen)
        cairo_line_to (cr, px, py);
      else
        cairo_move_to (cr, px, py);
      pen = TRUE;
      {
        double span[3] = { px, py - 2, py + 2 };
        g_array_append_vals (spans, span, 3);
      }
    }
}

static void
draw_curves (GsPainter *p, const GsBoundaryView *view, const GsAxes *axes, GArray *spans)
{
  cairo_t *cr = p->cr;
  double s = p->s;
  guint n_out = is_classifier (view) ? view->n_classes : 1;
  guint first = is_classifier (view) && view->n_classes == 2 ? 1 : 0;

  if (view->curve_x == NULL || view->curve_y == NULL || view->n_curve < 2)
    return;
  cairo_save (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  /* K = 2: P(class 1) only, the other being its complement */
  for (guint k = first; k < n_out; k++)
    {
      GsRgb c = is_classifier (view) ? gs_class_color (k) : view->curve_color;

      cairo_new_path (cr);
      path_curve (cr, view, axes, k, n_out, spans);
      gs_painter_source (p, p->bg, 0.8);
      cairo_set_line_width (cr, 4.5 * s);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgb (cr, c.r, c.g, c.b);
      cairo_set_line_width (cr, 2.25 * s);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/* ---- legend ----------------------------------------------------------------- */

typedef enum
{
  SWATCH_NONE,
  SWATCH_DOT,
  SWATCH_RING,
  SWATCH_LINE,
  SWATCH_LINE_DOT,
} Swatch;

typedef struct
{
  Swatch swatch;
  GsRgb  color;
  char   label[96];
} Row;

static void
add_row (GArray *rows, Swatch swatch, GsRgb color, const char *label)
{
  Row row = { swatch, color, "" };

  g_strlcpy (row.label, label, sizeof row.label);
  g_array_append_val (rows, row);
}

static gboolean
has_rows (const GsDataset *d)
{
  return d != NULL && d->n_rows > 0;
}

static void
legend_rows (GsPainter *p, const GsBoundaryView *view, GArray *rows)
{
  GsRgb neutral = { (p->fg.r + p->bg.r) / 2, (p->fg.g + p->bg.g) / 2, (p->fg.b + p->bg.b) / 2 };

  if (is_classifier (view))
    {
      guint K = view->n_classes;
      guint shown = K > LEGEND_MAX_ROWS ? LEGEND_MAX_ROWS - 1 : K;

      for (guint k = 0; k < shown; k++)
        {
          char buf[32];
          const char *name = view->class_names && view->class_names[k] ? view->class_names[k]
                                                                        : NULL;
          /* a 1-D classifier: the class's curve and its points */
          Swatch sw = view->mode != GS_BOUNDARY_CURVE ? SWATCH_DOT
                      : (K == 2 && k == 0) ? SWATCH_DOT : SWATCH_LINE_DOT;

          if (name == NULL)
            {
              /* TRANSLATORS: a legend's label, "class 2" */
              g_snprintf (buf, sizeof buf, _("class %u"), k);
              name = buf;
            }
          add_row (rows, sw, gs_class_color (k), name);
        }
      if (shown < K)
        {
          char buf[64];
          /* TRANSLATORS: the legend's last row when the classes are too
             many to list: "… 5 more" */
          g_snprintf (buf, sizeof buf, _("… %u more"), K - shown);
          add_row (rows, SWATCH_NONE, neutral, buf);
        }
    }
  else if (view->mode == GS_BOUNDARY_CURVE)
    {
      /* TRANSLATORS: legend labels: the training rows, the model's
         prediction, the validation rows */
      add_row (rows, SWATCH_DOT, neutral, C_("legend", "training"));
      if (view->curve_x && view->n_curve >= 2)
        add_row (rows, SWATCH_LINE, view->curve_color, C_("legend", "prediction"));
    }
  else if (has_rows (view->validation))
    {
      double r, g, b;
      gs_colormap_rgb (0.5, &r, &g, &b);
      add_row (rows, SWATCH_DOT, (GsRgb) { r, g, b }, C_("legend", "training"));
    }
  if (has_rows (view->validation))
    add_row (rows, SWATCH_RING, neutral, C_("legend", "validation"));
}

static void
draw_legend (GsPainter *p, const GsBoundaryView *view, const GsAxes *axes, const GArray *spans)
{
  cairo_t *cr = p->cr;
  double s = p->s;
  double pad = 6.0 * s, swatch = 18.0 * s, gap = 6.0 * s, r = 3.5 * s;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Row));
  GsRgb outline = outline_color (p);
  double row_h, max_w = 0, w, h, x, y;

  legend_rows (p, view, rows);
  if (rows->len == 0)
    return;
  gs_painter_text_size (p, "Ag", NULL, NULL, &row_h);
  for (guint k = 0; k < rows->len; k++)
    {
      double tw;
      gs_painter_text_size (p, g_array_index (rows, Row, k).label, NULL, &tw, NULL);
      max_w = MAX (max_w, tw);
    }
  w = MIN (pad + swatch + gap + max_w + pad, axes->area.width * 0.6);
  h = pad + row_h * rows->len + pad;
  /* the corner that hides the fewest points */
  gs_legend_place (&axes->area, w, h, 8.0 * s, spans, &x, &y);

  gs_legend_box (p, x, y, w, h);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint k = 0; k < rows->len; k++)
    {
      const Row *row = &g_array_index (rows, Row, k);
      double cy = y + pad + row_h * (k + 0.5), cx = x + pad + swatch / 2;
      GsRgb c = row->color;

      if (row->swatch == SWATCH_LINE || row->swatch == SWATCH_LINE_DOT)
        {
          cairo_move_to (cr, x + pad, cy);
          cairo_line_to (cr, x + pad + swatch, cy);
          cairo_set_source_rgb (cr, c.r, c.g, c.b);
          cairo_set_line_width (cr, 2.25 * s);
          cairo_stroke (cr);
        }
      if (row->swatch == SWATCH_DOT || row->swatch == SWATCH_LINE_DOT)
        {
          cairo_new_sub_path (cr);
          cairo_arc (cr, cx, cy, r, 0, 2 * G_PI);
          cairo_set_source_rgb (cr, c.r, c.g, c.b);
          cairo_fill_preserve (cr);
          cairo_set_source_rgba (cr, outline.r, outline.g, outline.b, 0.85);
          cairo_set_line_width (cr, 1.0 * s);
          cairo_stroke (cr);
        }
      else if (row->swatch == SWATCH_RING)
        {
          cairo_new_sub_path (cr);
          cairo_arc (cr, cx, cy, r, 0, 2 * G_PI);
          cairo_set_source_rgb (cr, c.r, c.g, c.b);
          cairo_set_line_width (cr, 2.0 * s);
          cairo_stroke (cr);
        }
      gs_painter_fg (p, 0.9);
      gs_painter_text (p, row->label, NULL, x + pad + swatch + gap, cy, 0.0, 0.5);
    }
  cairo_restore (cr);
}

void
gs_plot_boundary_render (cairo_t *cr, double width, double height,
                         const GsBoundaryView *view)
{
  GsPainter p;
  GsAxes axes;
  /* what the legend should not hide: x, top, bottom of every mark */
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (double));

  g_return_if_fail (view != NULL);

  cairo_save (cr);
  gs_painter_init (&p, cr, &view->style);
  layout (&p, width, height, view, &axes);

  if (view->mode == GS_BOUNDARY_CURVE)
    gs_axes_draw_p (&p, &axes);   /* the grid under the curves */
  else
    {
      cairo_rectangle (cr, axes.area.x, axes.area.y, axes.area.width, axes.area.height);
      gs_painter_fg (&p, 0.04);
      cairo_fill (cr);
      draw_field (&p, view, &axes);
    }

  cairo_save (cr);
  cairo_rectangle (cr, axes.area.x, axes.area.y, axes.area.width, axes.area.height);
  cairo_clip (cr);
  if (view->lines && view->mode != GS_BOUNDARY_CURVE)
    draw_lines (&p, view, &axes);
  if (view->mode == GS_BOUNDARY_CURVE)
    draw_curves (&p, view, &axes, spans);
  /* the validation rings over the training points: fewer, and hollow */
  if (view->train)
    draw_points (&p, view, &axes, view->train, FALSE, spans);
  if (view->validation)
    draw_points (&p, view, &axes, view->validation, TRUE, spans);
  draw_legend (&p, view, &axes, spans);
  cairo_restore (cr);

  if (view->mode != GS_BOUNDARY_CURVE)
    gs_axes_draw_p (&p, &axes);
  if (view->mode == GS_BOUNDARY_SURFACE && view->levels)
    gs_colour_bar_draw (&p, view->levels, view->value_title, TRUE, &axes.area);

  gs_painter_clear (&p);
  cairo_restore (cr);
}

/* ---- a network's field, computed off the main thread -------------------------- */

/* rows predicted at a time (the scratch grows with the batch) */
#define PREDICT_BATCH 4096

gboolean
gs_plot_boundary_mode_for (GsProblem *problem, GsBoundaryMode *mode, guint *n_classes)
{
  const GsMlp *mlp = gs_problem_get_mlp (problem);
  const GsDataset *train = gs_problem_get_data (problem);
  gboolean classify;

  if (mlp == NULL || train == NULL || (train->n_features != 1 && train->n_features != 2))
    return FALSE;
  classify = gs_mlp_get_config (mlp)->classify;
  if (mode)
    *mode = train->n_features == 1 ? GS_BOUNDARY_CURVE
            : classify ? GS_BOUNDARY_CLASSES : GS_BOUNDARY_SURFACE;
  if (n_classes)
    *n_classes = classify ? gs_mlp_get_n_outputs (mlp) : 0;
  return TRUE;
}

/* The network's outputs at n raw points, in batches; FALSE when cancelled. */
static gboolean
predict (const GsMlp *mlp, const double *theta, const double *raw, gsize raw_stride, gsize n,
         double *out, GCancellable *cancellable)
{
  guint n_out = gs_mlp_get_n_outputs (mlp);
  g_autofree double *work = g_new (double, gs_mlp_get_work_size (mlp, PREDICT_BATCH));

  for (gsize first = 0; first < n; first += PREDICT_BATCH)
    {
      guint m = (guint) MIN ((gsize) PREDICT_BATCH, n - first);

      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      gs_mlp_predict (mlp, theta, raw + first * raw_stride, raw_stride, m,
                      out + first * n_out, work);
    }
  return TRUE;
}

GsBoundaryField *
gs_boundary_field_compute (GsProblem *problem, const double *theta, const double window[4],
                           guint n, const GsPlotStyle *style, GCancellable *cancellable)
{
  g_autoptr(GsBoundaryField) f = NULL;
  const GsMlp *mlp = gs_problem_get_mlp (problem);
  guint n_out;

  f = g_new0 (GsBoundaryField, 1);
  if (!gs_plot_boundary_mode_for (problem, &f->mode, &f->n_classes))
    return NULL;
  g_return_val_if_fail (theta != NULL && window != NULL, NULL);
  n_out = gs_mlp_get_n_outputs (mlp);
  memcpy (f->window, window, sizeof f->window);

  if (f->mode == GS_BOUNDARY_CURVE)
    {
      f->n_curve = CLAMP (n, 2, 65536);
      f->curve_x = g_new (double, f->n_curve);
      f->curve_y = g_new (double, (gsize) f->n_curve * n_out);
      for (guint i = 0; i < f->n_curve; i++)
        f->curve_x[i] = window[0] + (window[1] - window[0]) * i / (f->n_curve - 1);
      if (!predict (mlp, theta, f->curve_x, 1, f->n_curve, f->curve_y, cancellable))
        return NULL;
      return g_steal_pointer (&f);
    }

  {
    /* at most ~4 M outputs: many classes get a coarser field */
    guint side = (guint) MIN ((double) CLAMP (n, 2, 4096), MAX (sqrt (4e6 / n_out), 2.0));
    gsize nodes = (gsize) side * side;
    g_autofree double *xy = g_new (double, 2 * nodes);

    f->nx = f->ny = side;
    f->values = g_new (double, nodes * n_out);
    gs_field_points (window, side, side, xy);
    if (!predict (mlp, theta, xy, 2, nodes, f->values, cancellable))
      return NULL;
  }
  if (f->mode == GS_BOUNDARY_CLASSES)
    {
      f->image = gs_boundary_image_new (f->values, f->nx, f->ny, n_out, style);
      f->lines = gs_boundary_lines_new (f->values, f->nx, f->ny, n_out, window);
    }
  else
    {
      /* one scale for the surface and the targets at the points */
      const GsDataset *sets[2] = { gs_problem_get_data (problem),
                                   gs_problem_get_validation (problem) };
      double lo = INFINITY, hi = -INFINITY;

      for (gsize q = 0; q < (gsize) f->nx * f->ny; q++)
        if (isfinite (f->values[q]))
          {
            lo = MIN (lo, f->values[q]);
            hi = MAX (hi, f->values[q]);
          }
      for (int k = 0; k < 2; k++)
        for (guint i = 0; sets[k] && i < sets[k]->n_rows; i++)
          if (isfinite (sets[k]->y[i]))
            {
              lo = MIN (lo, sets[k]->y[i]);
              hi = MAX (hi, sets[k]->y[i]);
            }
      gs_levels_choose_linear (lo, hi, 10, &f->levels);
      f->image = gs_value_image_new (f->values, f->nx, f->ny, &f->levels, style);
      f->lines = gs_field_lines_new (f->values, f->nx, f->ny, window, &f->levels);
    }
  return g_steal_pointer (&f);
}

void
gs_boundary_field_free (GsBoundaryField *f)
{
  if (f == NULL)
    return;
  g_clear_pointer (&f->image, cairo_surface_destroy);
  gs_contour_lines_free (f->lines);
  g_free (f->values);
  g_free (f->curve_x);
  g_free (f->curve_y);
  g_free (f);
}

void
gs_boundary_field_apply (const GsBoundaryField *f, GsBoundaryView *view)
{
  view->mode = f->mode;
  view->n_classes = f->n_classes;
  view->field = f->image;
  memcpy (view->field_window, f->window, sizeof view->field_window);
  view->lines = f->lines;
  view->levels = f->mode == GS_BOUNDARY_SURFACE ? &f->levels : NULL;
  view->curve_x = f->curve_x;
  view->curve_y = f->curve_y;
  view->n_curve = f->n_curve;
}
