/* gs-plot-loss.c — loss against step for every run, with a legend */
#include "gs-plot.h"
#include "gs-plot-private.h"

#include <math.h>
#include <string.h>

static gsize
series_stride (const GsLossSeries *s)
{
  return s->stride ? s->stride : 1;
}

/* the loss of row i as drawn: NAN when skipped (not evaluated, or ≤ 0 on a log axis) */
static double
row_loss (const GsLossSeries *s, guint i, gboolean log_y)
{
  double v = s->loss[(gsize) i * series_stride (s)];

  if (!isfinite (v) || (log_y && v <= 0.0))
    return NAN;
  return v;
}

gboolean
gs_plot_loss_prefers_log (const GsLossSeries *series, guint n_series)
{
  double lo = INFINITY, hi = -INFINITY;

  for (guint k = 0; k < n_series; k++)
    for (guint i = 0; i < series[k].n; i++)
      {
        double v = row_loss (&series[k], i, FALSE);

        if (isnan (v) || v == 0.0)
          continue;   /* an exact 0 (underflow at the minimum) just leaves the log axis */
        if (v < 0.0)
          return FALSE;
        lo = MIN (lo, v);
        hi = MAX (hi, v);
      }
  return lo <= hi && hi / lo > 100.0;
}

/* The axes' ranges: every step, and every loss except the climb of a
 * diverging run beyond three decades (log) or half the range (linear)
 * above the others — it leaves through the top, the rest stays readable. */
static void
ranges (const GsLossView *view, gboolean log_y, GsAxes *axes)
{
  double x_hi = 0.0;
  double lo = INFINITY, hi_all = -INFINITY, hi_ok = -INFINITY;

  for (guint k = 0; k < view->n_series; k++)
    {
      const GsLossSeries *s = &view->series[k];
      gboolean first = TRUE;

      for (guint i = 0; i < s->n; i++)
        {
          double st = s->step[(gsize) i * series_stride (s)];
          double v = row_loss (s, i, log_y);

          if (isfinite (st))
            x_hi = MAX (x_hi, st);
          if (isnan (v))
            continue;
          lo = MIN (lo, v);
          hi_all = MAX (hi_all, v);
          if (!s->diverged || first)
            hi_ok = MAX (hi_ok, v);
          first = FALSE;
        }
    }

  axes->x = (GsAxis) { 0.0, x_hi > 0 ? x_hi : 1.0, FALSE, view->x_title };
  if (!(lo <= hi_all))
    {
      axes->y = (GsAxis) { log_y ? 0.1 : 0.0, log_y ? 10.0 : 1.0, log_y, view->y_title };
      return;
    }
  if (log_y)
    {
      double hi = MIN (hi_all, hi_ok * 1e3);
      /* a run that converged to an underflow still leaves a drawable axis */
      double l0 = log10 (MAX (lo, 1e-290)), l1 = log10 (MAX (hi, 1e-290)), pad;

      if (l1 - l0 < 1.0)
        {
          double mid = (l0 + l1) / 2;
          l0 = mid - 0.5;
          l1 = mid + 0.5;
        }
      pad = 0.04 * (l1 - l0);
      axes->y = (GsAxis) { pow (10.0, l0 - pad), pow (10.0, l1 + pad), TRUE, view->y_title };
    }
  else
    {
      double hi = MIN (hi_all, hi_ok + 0.5 * (hi_ok - lo) + 1e-300);
      double pad;

      if (hi <= lo)
        {
          double d = lo != 0.0 ? fabs (lo) * 0.1 : 1.0;
          lo -= d;
          hi += d;
        }
      pad = 0.05 * (hi - lo);
      if (lo >= 0.0 && lo < 0.2 * hi)
        lo = 0.0;   /* a loss near zero reads best from zero */
      else
        lo -= pad;
      axes->y = (GsAxis) { lo, hi + pad, FALSE, view->y_title };
    }
}

static void
layout (GsPainter *p, double width, double height, const GsLossView *view,
        gboolean *log_y, GsAxes *axes)
{
  GsRect outer = { 0, 0, width, height };
  gboolean any_positive = FALSE;

  for (guint k = 0; k < view->n_series && !any_positive; k++)
    for (guint i = 0; i < view->series[k].n && !any_positive; i++)
      any_positive = row_loss (&view->series[k], i, TRUE) > 0;
  *log_y = view->log_y && any_positive;

  memset (axes, 0, sizeof *axes);
  ranges (view, *log_y, axes);
  axes->grid = TRUE;
  gs_axes_layout_p (p, axes, &outer);
}

void
gs_plot_loss_get_area (cairo_t *cr, double width, double height, const GsLossView *view,
                       GsRect *area)
{
  GsPainter p;
  GsAxes axes;
  gboolean log_y;

  gs_painter_init (&p, cr, &view->style);
  layout (&p, width, height, view, &log_y, &axes);
  *area = axes.area;
  gs_painter_clear (&p);
}

/* One pixel column of a trace: its first, lowest, highest and last point. */
typedef struct
{
  gboolean open;
  double   first[2], last[2], low[2], high[2];   /* device x, y */
  guint    i_low, i_high;                        /* rows of low and high */
} Column;

static void
append_point (GArray *out, const double pt[2])
{
  if (out->len >= 2)
    {
      const double *prev = &g_array_index (out, double, out->len - 2);
      if (prev[0] == pt[0] && prev[1] == pt[1])
        return;
    }
  g_array_append_vals (out, pt, 2);
}

static void
column_flush (Column *c, GArray *out)
{
  if (!c->open)
    return;
  append_point (out, c->first);
  /* low and high in the order the run made them */
  append_point (out, c->i_low <= c->i_high ? c->low : c->high);
  append_point (out, c->i_low <= c->i_high ? c->high : c->low);
  append_point (out, c->last);
  c->open = FALSE;
}

/* Min–max decimation to pixel columns: a long noisy trace keeps its
 * envelope with at most four points per column. Device units into out
 * (x, y pairs); returns the index of the last row kept or −1. */
static int
decimate (const GsLossSeries *s, const GsAxes *axes, gboolean log_y, GArray *out)
{
  gsize stride = series_stride (s);
  long col = G_MINLONG;
  Column c = { 0 };
  int last_row = -1;

  for (guint i = 0; i < s->n; i++)
    {
      double st = s->step[(gsize) i * stride];
      double v = row_loss (s, i, log_y);
      double pt[2];
      long k;

      if (isnan (v) || !isfinite (st))
        continue;
      pt[0] = gs_axes_x_to_px (axes, st);
      pt[1] = gs_axes_y_to_px (axes, v);
      k = (long) floor (pt[0]);
      if (k != col || !c.open)
        {
          column_flush (&c, out);
          col = k;
          c.open = TRUE;
          memcpy (c.first, pt, sizeof pt);
          memcpy (c.last, pt, sizeof pt);
          memcpy (c.low, pt, sizeof pt);
          memcpy (c.high, pt, sizeof pt);
          c.i_low = c.i_high = i;
        }
      else
        {
          /* device y grows downwards: the lowest loss has the largest y */
          if (pt[1] > c.low[1])
            {
              memcpy (c.low, pt, sizeof pt);
              c.i_low = i;
            }
          if (pt[1] < c.high[1])
            {
              memcpy (c.high, pt, sizeof pt);
              c.i_high = i;
            }
          memcpy (c.last, pt, sizeof pt);
        }
      last_row = (int) i;
    }
  column_flush (&c, out);
  return last_row;
}

static void
draw_legend (GsPainter *p, const GsLossView *view, const GsAxes *axes)
{
  cairo_t *cr = p->cr;
  double s = p->s;
  double pad = 6.0 * s, swatch = 18.0 * s, gap = 6.0 * s;
  double row_h, max_w = 0, w, h, x, y;

  if (view->n_series == 0)
    return;
  gs_painter_text_size (p, "Ag", NULL, NULL, &row_h);
  for (guint k = 0; k < view->n_series; k++)
    {
      double tw;
      gs_painter_text_size (p, view->series[k].label ? view->series[k].label : "", NULL, &tw, NULL);
      max_w = MAX (max_w, tw);
    }
  w = pad + swatch + gap + max_w + pad;
  h = pad + row_h * view->n_series + pad;
  /* never wider than most of the plot: long labels are cut by the clip */
  w = MIN (w, axes->area.width * 0.6);
  x = axes->area.x + axes->area.width - w - 8.0 * s;
  y = axes->area.y + 8.0 * s;

  cairo_save (cr);
  cairo_new_sub_path (cr);
  {
    double r = 4.0 * s;
    cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
    cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
    cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
    cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
    cairo_close_path (cr);
  }
  gs_painter_source (p, p->bg, 0.85);
  cairo_fill_preserve (cr);
  gs_painter_fg (p, 0.15);
  cairo_set_line_width (cr, MAX (1.0, round (s)));
  cairo_stroke_preserve (cr);
  cairo_clip (cr);

  for (guint k = 0; k < view->n_series; k++)
    {
      const GsLossSeries *sr = &view->series[k];
      double cy = y + pad + row_h * (k + 0.5);

      cairo_set_line_width (cr, 2.5 * s);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_move_to (cr, x + pad, cy);
      cairo_line_to (cr, x + pad + swatch, cy);
      cairo_set_source_rgb (cr, sr->color.r, sr->color.g, sr->color.b);
      cairo_stroke (cr);
      if (sr->diverged)
        gs_mark_cross (cr, x + pad + swatch / 2, cy, 3.0 * s, GS_DIVERGED_RED, p->bg, 1.6 * s);
      gs_painter_fg (p, 0.9);
      gs_painter_text (p, sr->label ? sr->label : "", NULL, x + pad + swatch + gap, cy, 0.0, 0.5);
    }
  cairo_restore (cr);
}

void
gs_plot_loss_render (cairo_t *cr, double width, double height, const GsLossView *view)
{
  GsPainter p;
  GsAxes axes;
  gboolean log_y;
  GsRect safe;
  g_autoptr(GArray) pts = g_array_new (FALSE, FALSE, sizeof (double));
  static const double identity[4] = { 0, 1, 0, 1 };

  cairo_save (cr);
  gs_painter_init (&p, cr, &view->style);
  layout (&p, width, height, view, &log_y, &axes);
  safe = gs_rect_grow (&axes.area, 2048);

  gs_axes_draw_p (&p, &axes);

  cairo_save (cr);
  cairo_rectangle (cr, axes.area.x, axes.area.y, axes.area.width, axes.area.height);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint k = 0; k < view->n_series; k++)
    {
      const GsLossSeries *s = &view->series[k];
      int last;

      g_array_set_size (pts, 0);
      last = decimate (s, &axes, log_y, pts);
      if (last < 0)
        continue;
      cairo_new_path (cr);
      gs_path_polyline (cr, (const double *) pts->data, pts->len / 2, 2, identity, &safe);
      cairo_set_source_rgb (cr, s->color.r, s->color.g, s->color.b);
      cairo_set_line_width (cr, 1.75 * p.s);
      cairo_stroke (cr);

      if (s->diverged)
        {
          double *pt = &g_array_index (pts, double, pts->len - 2);
          double x = CLAMP (pt[0], axes.area.x + 7 * p.s, axes.area.x + axes.area.width - 7 * p.s);
          double y = CLAMP (pt[1], axes.area.y + 7 * p.s, axes.area.y + axes.area.height - 7 * p.s);

          gs_mark_cross (cr, x, y, 5.0 * p.s, GS_DIVERGED_RED, p.bg, 2.2 * p.s);
        }
    }
  draw_legend (&p, view, &axes);
  cairo_restore (cr);

  gs_painter_clear (&p);
  cairo_restore (cr);
}
