/* gs-plot-loss.c — loss (or accuracy, or loss along a line) for every run, with a legend */
#include "gs-plot.h"
#include "gs-plot-private.h"

#include <glib/gi18n-lib.h>
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

/* A narrow range of steps of a trace: its rows and loss range. */
typedef struct
{
  guint  first, last;   /* rows; first = G_MAXUINT: no row here */
  double v_low, v_high;
} Gather;

/* One pixel column of a trace, device units. */
typedef struct
{
  double x;                  /* left edge of the column */
  double x_first, y_first;   /* its first point … */
  double x_last, y_last;     /* … and last */
  double top, bottom;        /* the highest and lowest point's y (top ≤ bottom) */
} Column;

/* Everything one frame of the view needs, made in one pass over the rows. */
typedef struct
{
  gboolean log_y;
  GsAxes   axes;
  guint    n_bins;     /* Gathers per series, finer than the pixel columns */
  Gather  *bins;       /* n_series × n_bins */
  guint    n_series;
} Frame;

static void
frame_clear (Frame *f)
{
  g_clear_pointer (&f->bins, g_free);
}

/* The largest step of a series (rows come in step order: its last finite one). */
static double
last_step (const GsLossSeries *s)
{
  for (guint i = s->n; i-- > 0; )
    {
      double st = s->step[(gsize) i * series_stride (s)];
      if (isfinite (st))
        return st;
    }
  return 0.0;
}

/* Min–max decimation in data space, in one pass whatever the layout: each
 * row goes to one of n bins of equal step width (finer than the pixel
 * columns they are merged into later), keeping its first, last, lowest and
 * highest loss — compared raw, the axis map being monotone, so a frame
 * maps only four points per pixel column. */
static void
gather (const GsLossSeries *s, double x_lo, double x_hi, gboolean log_x, gboolean log_y,
        Gather *bins, guint n)
{
  gsize stride = series_stride (s);
  double lo = log_x ? log (x_lo) : x_lo;
  double scale = n / ((log_x ? log (x_hi) : x_hi) - lo);

  for (guint b = 0; b < n; b++)
    bins[b].first = G_MAXUINT;
  for (guint i = 0; i < s->n; i++)
    {
      double st = s->step[(gsize) i * stride];
      double v = s->loss[(gsize) i * stride];
      double bf = ((log_x ? (st > 0 ? log (st) : -INFINITY) : st) - lo) * scale;
      Gather *g;

      /* (rows off a fixed x range are left out) */
      if (!isfinite (v) || (log_y && v <= 0.0) || !(bf >= 0.0) || bf > n)
        continue;
      g = &bins[bf < n ? (guint) bf : n - 1];
      if (g->first == G_MAXUINT)
        {
          g->first = i;
          g->v_low = g->v_high = v;
        }
      else
        {
          g->v_low = MIN (g->v_low, v);
          g->v_high = MAX (g->v_high, v);
        }
      g->last = i;
    }
}

/* The y range: every loss except the climb of a diverging run beyond three
 * decades (log) or half the range (linear) above the others — it leaves
 * through the top, the rest stays readable. */
static void
y_range (const GsLossView *view, Frame *f)
{
  double lo = INFINITY, hi_all = -INFINITY, hi_ok = -INFINITY;
  gboolean log_y = f->log_y;
  GsAxis *y = &f->axes.y;

  for (guint k = 0; k < view->n_series; k++)
    {
      const GsLossSeries *s = &view->series[k];
      const Gather *bins = f->bins + (gsize) k * f->n_bins;
      gboolean first = TRUE;

      for (guint b = 0; b < f->n_bins; b++)
        {
          if (bins[b].first == G_MAXUINT)
            continue;
          lo = MIN (lo, bins[b].v_low);
          hi_all = MAX (hi_all, bins[b].v_high);
          if (!s->diverged)
            hi_ok = MAX (hi_ok, bins[b].v_high);
          else if (first)   /* where a diverged run started counts */
            hi_ok = MAX (hi_ok, s->loss[(gsize) bins[b].first * series_stride (s)]);
          first = FALSE;
        }
    }

  y->log = log_y;
  y->title = view->y_title;
  if (view->percent)
    {
      /* fixed, a little wider than [0, 1] so a line at 100 % is not cut in half */
      y->percent = TRUE;
      y->lo = -0.03;
      y->hi = 1.03;
      return;
    }
  if (!(lo <= hi_all))
    {
      y->lo = log_y ? 0.1 : 0.0;
      y->hi = log_y ? 10.0 : 1.0;
      return;
    }
  if (!isfinite (hi_ok))
    hi_ok = hi_all;
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
      y->lo = pow (10.0, l0 - pad);
      y->hi = pow (10.0, l1 + pad);
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
      y->lo = lo;
      y->hi = hi + pad;
    }
}

/* Bands widen the y range a little (a decade on a log axis, half the range
 * on a linear one, at most: a wild seed's max leaves through the top). */
static void
band_range (const GsLossView *view, Frame *f, double x_lo, double x_hi)
{
  GsAxis *y = &f->axes.y;
  double lo = INFINITY, hi = -INFINITY;

  if (view->percent)
    return;
  for (guint k = 0; k < view->n_series; k++)
    {
      const GsLossSeries *s = &view->series[k];
      gsize stride = series_stride (s);

      if (s->band_lo == NULL || s->band_hi == NULL)
        continue;
      for (guint i = 0; i < s->n; i++)
        {
          double st = s->step[(gsize) i * stride];
          double a = s->band_lo[(gsize) i * stride], b = s->band_hi[(gsize) i * stride];

          if (!isfinite (st) || st < x_lo || st > x_hi)
            continue;
          if (isfinite (a) && (!f->log_y || a > 0))
            lo = MIN (lo, a);
          if (isfinite (b) && (!f->log_y || b > 0))
            hi = MAX (hi, b);
        }
    }
  if (f->log_y)
    {
      if (lo < y->lo)
        y->lo = MAX (lo / 1.1, y->lo / 10.0);
      if (hi > y->hi && isfinite (hi))
        y->hi = MIN (hi * 1.1, y->hi * 10.0);
    }
  else
    {
      double r = y->hi - y->lo;

      if (lo < y->lo)
        y->lo = MAX (lo - 0.05 * r, y->lo - 0.5 * r);
      if (hi > y->hi && isfinite (hi))
        y->hi = MIN (hi + 0.05 * r, y->hi + 0.5 * r);
    }
}

static void
layout (GsPainter *p, double width, double height, const GsLossView *view, Frame *f)
{
  GsRect outer = { 0, 0, width, height };
  gboolean any_positive = FALSE;
  double x_lo = 0.0, x_hi = 0.0;

  gboolean log_x;

  memset (f, 0, sizeof *f);
  if (view->x_max > view->x_min && isfinite (view->x_min) && isfinite (view->x_max))
    {
      x_lo = view->x_min;
      x_hi = view->x_max;
    }
  else
    {
      for (guint k = 0; k < view->n_series; k++)
        x_hi = MAX (x_hi, last_step (&view->series[k]));
      if (!(x_hi > 0))
        x_hi = 1.0;
    }
  for (guint k = 0; k < view->n_series && !any_positive && view->log_y && !view->percent; k++)
    for (guint i = 0; i < view->series[k].n && !any_positive; i++)
      any_positive = row_loss (&view->series[k], i, TRUE) > 0;
  f->log_y = view->log_y && any_positive && !view->percent;

  /* two bins per device unit of the whole width: finer than the plot
   * area's pixel columns, whatever its labels leave of it */
  f->n_series = view->n_series;
  f->n_bins = (guint) CLAMP (2 * ceil (width), 16, 65536);
  f->bins = g_new (Gather, (gsize) MAX (f->n_series, 1) * f->n_bins);
  log_x = view->log_x && x_lo > 0 && x_hi > x_lo;
  for (guint k = 0; k < view->n_series; k++)
    gather (&view->series[k], x_lo, x_hi, log_x, f->log_y, f->bins + (gsize) k * f->n_bins,
            f->n_bins);

  f->axes.x = (GsAxis) { x_lo, x_hi, log_x, view->x_title };
  f->axes.grid = TRUE;
  y_range (view, f);
  band_range (view, f, view->x_max > view->x_min ? x_lo : -INFINITY,
              view->x_max > view->x_min ? x_hi : INFINITY);
  gs_axes_layout_p (p, &f->axes, &outer);
}

void
gs_plot_loss_get_axes (cairo_t *cr, double width, double height, const GsLossView *view,
                       GsAxes *axes)
{
  GsPainter p;
  Frame f;

  gs_painter_init (&p, cr, &view->style);
  layout (&p, width, height, view, &f);
  *axes = f.axes;
  frame_clear (&f);
  gs_painter_clear (&p);
}

void
gs_plot_loss_get_area (cairo_t *cr, double width, double height, const GsLossView *view,
                       GsRect *area)
{
  GsAxes axes;

  gs_plot_loss_get_axes (cr, width, height, view, &axes);
  *area = axes.area;
}

static double
clamp_y (const GsAxes *axes, double y)
{
  /* far off the area only the direction of nearly vertical lines changes:
   * invisible, and cairo's fixed point never overflows */
  return CLAMP (y, axes->area.y - 1e4, axes->area.y + axes->area.height + 1e4);
}

/* The bins of one series merged into pixel columns, in device units. */
static void
map_columns (const GsLossSeries *s, const GsAxes *axes, const Gather *bins, guint n_bins,
             GArray *out)
{
  gsize stride = series_stride (s);
  Column *c = NULL;
  double col = NAN;
  double v_low = 0, v_high = 0;

  g_array_set_size (out, 0);
  for (guint b = 0; b < n_bins; b++)
    {
      const Gather *g = &bins[b];
      double x_first;

      if (g->first == G_MAXUINT)
        continue;
      x_first = gs_axes_x_to_px (axes, s->step[(gsize) g->first * stride]);
      if (c == NULL || floor (x_first) != col)
        {
          if (c)
            {
              c->top = clamp_y (axes, gs_axes_y_to_px (axes, v_high));
              c->bottom = clamp_y (axes, gs_axes_y_to_px (axes, v_low));
            }
          g_array_set_size (out, out->len + 1);
          c = &g_array_index (out, Column, out->len - 1);
          col = floor (x_first);
          c->x = col;
          c->x_first = x_first;
          c->y_first = clamp_y (axes, gs_axes_y_to_px (axes, s->loss[(gsize) g->first * stride]));
          v_low = g->v_low;
          v_high = g->v_high;
        }
      else
        {
          v_low = MIN (v_low, g->v_low);
          v_high = MAX (v_high, g->v_high);
        }
      c->x_last = gs_axes_x_to_px (axes, s->step[(gsize) g->last * stride]);
      c->y_last = clamp_y (axes, gs_axes_y_to_px (axes, s->loss[(gsize) g->last * stride]));
    }
  if (c)
    {
      c->top = clamp_y (axes, gs_axes_y_to_px (axes, v_high));
      c->bottom = clamp_y (axes, gs_axes_y_to_px (axes, v_low));
    }
}

static void
add_point (GArray *pts, double x, double y)
{
  double p[2] = { x, y };

  if (pts->len >= 2)
    {
      const double *prev = &g_array_index (pts, double, pts->len - 2);
      if (prev[0] == x && prev[1] == y)
        return;
    }
  g_array_append_vals (pts, p, 2);
}

/* A series from its columns: where a column spans more than the line is
 * wide (a noisy minibatch loss, an oscillation), the column's range is
 * filled — boxes instead of thousands of zigzag segments to stroke;
 * elsewhere a polyline, simplified to a third of a pixel. */
static void
set_dash (cairo_t *cr, double s)
{
  /* long enough to read as a line, gaps wide enough to see at a glance */
  double dash[2] = { 6.0 * s, 4.0 * s };

  cairo_set_dash (cr, dash, 2, 0.0);
}

static void
draw_series (cairo_t *cr, const Column *c, guint n, GsRgb color, double line_width,
             gboolean dashed, double s)
{
  double hw = line_width / 2;
  g_autoptr(GArray) pts = g_array_new (FALSE, FALSE, sizeof (double));
  guint k = 0;

  /* a dashed series' envelopes lighter, so they stay apart from a solid one's */
  cairo_set_source_rgba (cr, color.r, color.g, color.b, dashed ? 0.45 : 1.0);

  /* envelopes: a box per column (cairo fills boxes without scan
   * converting, far faster than one spiky polygon) */
  for (k = 0; k < n; k++)
    if (c[k].bottom - c[k].top > line_width + 1.0)
      {
        /* whole pixels: aligned boxes are a plain fill */
        double top = floor (c[k].top - hw), bottom = ceil (c[k].bottom + hw);
        cairo_rectangle (cr, c[k].x, top, 1.0, bottom - top);
      }
  cairo_fill (cr);
  cairo_set_source_rgb (cr, color.r, color.g, color.b);

  /* polylines between them, joined to the envelopes' ends */
  for (k = 0; k < n; )
    {
      gboolean noisy = c[k].bottom - c[k].top > line_width + 1.0;

      if (noisy)
        {
          k++;
          continue;
        }
      g_array_set_size (pts, 0);
      if (k > 0)
        add_point (pts, c[k - 1].x_last, c[k - 1].y_last);
      for (; k < n && !(c[k].bottom - c[k].top > line_width + 1.0); k++)
        {
          add_point (pts, c[k].x_first, c[k].y_first);
          add_point (pts, c[k].x_last, c[k].y_last);
        }
      if (k < n)
        add_point (pts, c[k].x_first, c[k].y_first);
      if (pts->len >= 4)
        gs_path_points (cr, (const double *) pts->data, pts->len / 2, 0.33);
      else if (pts->len == 2)
        {
          /* a lone point: a dot the line's width */
          const double *p = (const double *) pts->data;
          cairo_move_to (cr, p[0], p[1]);
          cairo_close_path (cr);
        }
    }
  cairo_set_line_width (cr, line_width);
  if (dashed)
    {
      cairo_save (cr);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
      set_dash (cr, s);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
  else
    cairo_stroke (cr);
}

/* A dashed series without a label is keyed by one row for all of them. */
static gboolean
has_dashed_key (const GsLossView *view)
{
  for (guint k = 0; k < view->n_series; k++)
    if (view->series[k].dashed && view->series[k].label == NULL)
      return TRUE;
  return FALSE;
}

static gboolean
listed (const GsLossSeries *sr)
{
  return !(sr->dashed && sr->label == NULL);
}

static void
legend_swatch (GsPainter *p, double x, double cy, double len, GsRgb color, gboolean dashed)
{
  cairo_t *cr = p->cr;

  cairo_save (cr);
  cairo_set_line_width (cr, 2.5 * p->s);
  cairo_set_line_cap (cr, dashed ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND);
  if (dashed)
    {
      /* two dashes and a gap whatever the scale */
      double dash[2] = { len * 0.4, len * 0.2 };
      cairo_set_dash (cr, dash, 2, 0.0);
    }
  cairo_move_to (cr, x, cy);
  cairo_line_to (cr, x + len, cy);
  cairo_set_source_rgb (cr, color.r, color.g, color.b);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* label, or its start and "…" when wider than max_w */
static char *
fit_label (GsPainter *p, const char *label, double max_w)
{
  double tw;
  glong n = g_utf8_strlen (label, -1);

  gs_painter_text_size (p, label, NULL, &tw, NULL);
  if (tw <= max_w)
    return g_strdup (label);
  for (glong keep = n - 1; keep > 0; keep--)
    {
      const char *end = g_utf8_offset_to_pointer (label, keep);
      g_autofree char *head = g_strndup (label, end - label);
      char *cut = g_strconcat (g_strchomp (head), "…", NULL);

      gs_painter_text_size (p, cut, NULL, &tw, NULL);
      if (tw <= max_w)
        return cut;
      g_free (cut);
    }
  return g_strdup ("…");
}

static void
draw_legend (GsPainter *p, const GsLossView *view, const GsAxes *axes, const GArray *spans)
{
  cairo_t *cr = p->cr;
  double s = p->s;
  double pad = 6.0 * s, swatch = 18.0 * s, gap = 6.0 * s;
  double row_h, max_w = 0, w, h, x, y, cy;
  gboolean key = has_dashed_key (view);
  /* TRANSLATORS: the legend's label of the dashed curves: the validation loss */
  const char *key_label = view->dashed_label ? view->dashed_label : C_("legend", "validation");
  guint n_rows = key ? 1 : 0;

  for (guint k = 0; k < view->n_series; k++)
    if (listed (&view->series[k]))
      {
        double tw;
        gs_painter_text_size (p, view->series[k].label ? view->series[k].label : "", NULL,
                              &tw, NULL);
        max_w = MAX (max_w, tw);
        n_rows++;
      }
  if (n_rows == 0)
    return;
  gs_painter_text_size (p, "Ag", NULL, NULL, &row_h);
  if (key)
    {
      double tw;
      gs_painter_text_size (p, key_label, NULL, &tw, NULL);
      max_w = MAX (max_w, tw);
    }
  w = pad + swatch + gap + max_w + pad;
  h = pad + row_h * n_rows + pad;
  /* never wider than most of the plot: long labels end in "…" */
  w = MIN (w, axes->area.width * 0.6);
  /* the corner the curves cross least */
  gs_legend_place (&axes->area, w, h, 8.0 * s, spans, &x, &y);

  gs_legend_box (p, x, y, w, h);
  cy = y + pad + row_h * 0.5;
  for (guint k = 0; k < view->n_series; k++)
    {
      const GsLossSeries *sr = &view->series[k];

      if (!listed (sr))
        continue;
      legend_swatch (p, x + pad, cy, swatch, sr->color, sr->dashed);
      if (sr->diverged)
        gs_mark_cross (cr, x + pad + swatch / 2, cy, 3.0 * s, GS_DIVERGED_RED, p->bg, 1.6 * s);
      gs_painter_fg (p, 0.9);
      {
        /* cut to the box: a narrow plot's legend keeps every row readable */
        g_autofree char *text = fit_label (p, sr->label ? sr->label : "",
                                           w - pad - swatch - gap - pad);

        gs_painter_text (p, text, NULL, x + pad + swatch + gap, cy, 0.0, 0.5);
      }
      cy += row_h;
    }
  if (key)
    {
      GsRgb grey = { (p->fg.r + p->bg.r) / 2, (p->fg.g + p->bg.g) / 2, (p->fg.b + p->bg.b) / 2 };

      legend_swatch (p, x + pad, cy, swatch, grey, TRUE);
      gs_painter_fg (p, 0.9);
      gs_painter_text (p, key_label, NULL, x + pad + swatch + gap, cy, 0.0, 0.5);
    }
  cairo_restore (cr);
}

/* Marks at given x: a faint dashed line across the area (labels FALSE:
 * drawn under the curves) or the label at its top (TRUE: over them; spans
 * gets where they are, for the legend to keep off). */
static void
draw_marks (GsPainter *p, const GsLossView *view, const GsAxes *axes, gboolean labels,
            GArray *spans)
{
  cairo_t *cr = p->cr;
  double s = p->s;
  const GsRect *a = &axes->area;
  double lw = MAX (1.0, round (s));
  double dash[2] = { 3.0 * s, 3.0 * s };
  /* the labels drawn: x0, x1, row; a label that would overlap one goes a
   * row lower (the same text twice is drawn once) */
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint k = 0; k < view->n_marks; k++)
    {
      const GsLossMark *m = &view->marks[k];
      double x = gs_axes_x_to_px (axes, m->x);

      if (!isfinite (x) || x < a->x - 0.5 || x > a->x + a->width + 0.5)
        continue;
      x = round (x) + lw / 2;
      if (!labels)
        {
          cairo_save (cr);
          cairo_set_dash (cr, dash, 2, 0.0);
          cairo_set_line_width (cr, lw);
          cairo_move_to (cr, x, a->y);
          cairo_line_to (cr, x, a->y + a->height);
          gs_painter_fg (p, 0.45);
          cairo_stroke (cr);
          cairo_restore (cr);
        }
      else if (m->label)
        {
          double tw, th, pad = 3.0 * s, ty = a->y + 4.0 * s, tx;
          int row = 0;
          gboolean repeated = FALSE;

          /* inside the area: centred on the line unless that leaves it */
          gs_painter_text_size (p, m->label, NULL, &tw, &th);
          tx = CLAMP (x - tw / 2, a->x + pad, a->x + a->width - tw - pad);
          for (gboolean moved = TRUE; moved && row < 4; )
            {
              moved = FALSE;
              for (guint i = 0; i < placed->len; i += 4)
                {
                  const double *q = &g_array_index (placed, double, i);

                  if (q[2] == row && tx - pad < q[1] + 2 * s && tx + tw + pad > q[0] - 2 * s)
                    {
                      if (g_str_equal (view->marks[(guint) q[3]].label, m->label))
                        repeated = TRUE;
                      row++;
                      moved = TRUE;
                      break;
                    }
                }
            }
          if (repeated || row >= 4)
            continue;
          {
            double q[4] = { tx - pad, tx + tw + pad, row, k };
            g_array_append_vals (placed, q, 4);
          }
          ty += row * (th + 2.0 * s);
          cairo_rectangle (cr, tx - pad, ty, tw + 2 * pad, th);
          gs_painter_source (p, p->bg, 0.85);
          cairo_fill (cr);
          gs_painter_fg (p, 0.9);
          gs_painter_text (p, m->label, NULL, tx, ty, 0.0, 0.0);
          for (double c = floor (tx - pad); c <= tx + tw + pad; c += 1.0)
            {
              double span[3] = { c, ty, ty + th };
              g_array_append_vals (spans, span, 3);
            }
        }
    }
}

/* A series' band: one filled polygon per stretch of rows where both ends
 * are drawable (a log axis clips a bottom at or under zero to the area). */
static void
draw_band (GsPainter *p, const GsLossSeries *s, const GsAxes *axes, gboolean log_y)
{
  cairo_t *cr = p->cr;
  gsize stride = series_stride (s);
  double bottom = axes->area.y + axes->area.height + 2.0;
  guint i = 0;

  while (i < s->n)
    {
      guint a, b;

      /* the next stretch [a, b) */
      for (a = i; a < s->n; a++)
        {
          double st = s->step[(gsize) a * stride], hi = s->band_hi[(gsize) a * stride];
          if (isfinite (st) && isfinite (hi) && (!log_y || hi > 0)
              && isfinite (s->band_lo[(gsize) a * stride]))
            break;
        }
      for (b = a; b < s->n; b++)
        {
          double st = s->step[(gsize) b * stride], hi = s->band_hi[(gsize) b * stride];
          if (!(isfinite (st) && isfinite (hi) && (!log_y || hi > 0)
                && isfinite (s->band_lo[(gsize) b * stride])))
            break;
        }
      i = b;
      if (b <= a + 1)
        continue;
      for (guint k = a; k < b; k++)
        cairo_line_to (cr, gs_axes_x_to_px (axes, s->step[(gsize) k * stride]),
                       clamp_y (axes, gs_axes_y_to_px (axes, s->band_hi[(gsize) k * stride])));
      for (guint k = b; k-- > a; )
        {
          double lo = s->band_lo[(gsize) k * stride];
          double y = log_y && lo <= 0 ? bottom : clamp_y (axes, gs_axes_y_to_px (axes, lo));

          cairo_line_to (cr, gs_axes_x_to_px (axes, s->step[(gsize) k * stride]), y);
        }
      cairo_close_path (cr);
      cairo_new_sub_path (cr);
    }
  gs_painter_source (p, s->color, s->dashed ? 0.12 : 0.2);
  cairo_fill (cr);
}

/* The device point of row i, FALSE when it is not drawn */
static gboolean
row_point (const GsLossSeries *s, const GsAxes *axes, gboolean log_y, guint i, double *x,
           double *y)
{
  double st, v;

  if (i >= s->n)
    return FALSE;
  st = s->step[(gsize) i * series_stride (s)];
  v = row_loss (s, i, log_y);
  if (!isfinite (st) || isnan (v))
    return FALSE;
  *x = gs_axes_x_to_px (axes, st);
  *y = gs_axes_y_to_px (axes, v);
  return isfinite (*x) && isfinite (*y);
}

/* The dot on a series' row and the ✕ where it diverged */
static void
draw_markers (GsPainter *p, const GsLossSeries *s, const GsAxes *axes, gboolean log_y,
              gboolean crosses, GArray *spans)
{
  const GsRect *a = &axes->area;
  double in = 7.0 * p->s;
  double x, y;

  if (!crosses && s->has_dot && row_point (s, axes, log_y, s->dot_row, &x, &y)
      && gs_rect_contains (a, x, y))
    {
      double span[3] = { x, y - 5.0 * p->s, y + 5.0 * p->s };

      gs_mark_dot (p->cr, x, y, 4.0 * p->s, s->color, p->bg, 1.75 * p->s);
      g_array_append_vals (spans, span, 3);
    }
  if (crosses && s->has_cross && s->cross_row < s->n)
    {
      double st = s->step[(gsize) s->cross_row * series_stride (s)];
      double yy = a->y;

      x = gs_axes_x_to_px (axes, st);
      if (!isfinite (x))
        return;
      for (guint i = s->cross_row; i-- > 0; )
        if (row_point (s, axes, log_y, i, &y, &yy))
          break;
        else
          yy = a->y;
      x = CLAMP (x, a->x + in, a->x + a->width - in);
      yy = CLAMP (yy, a->y + in, a->y + a->height - in);
      gs_mark_cross (p->cr, x, yy, 5.0 * p->s, GS_DIVERGED_RED, p->bg, 2.2 * p->s);
      {
        double span[3] = { x, yy - in, yy + in };
        g_array_append_vals (spans, span, 3);
      }
    }
}

void
gs_plot_loss_render (cairo_t *cr, double width, double height, const GsLossView *view)
{
  GsPainter p;
  Frame f;
  g_autoptr(GArray) cols = g_array_new (FALSE, FALSE, sizeof (Column));
  /* every column of every curve: x, top, bottom (where the legend goes) */
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (double));

  cairo_save (cr);
  gs_painter_init (&p, cr, &view->style);
  layout (&p, width, height, view, &f);

  gs_axes_draw_p (&p, &f.axes);

  cairo_save (cr);
  cairo_rectangle (cr, f.axes.area.x, f.axes.area.y, f.axes.area.width, f.axes.area.height);
  cairo_clip (cr);
  /* the marks' lines under the curves, their labels over them */
  draw_marks (&p, view, &f.axes, FALSE, NULL);
  /* bands under every curve */
  for (guint k = 0; k < view->n_series; k++)
    if (view->series[k].band_lo && view->series[k].band_hi)
      draw_band (&p, &view->series[k], &f.axes, f.log_y);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint k = 0; k < view->n_series; k++)
    {
      const GsLossSeries *s = &view->series[k];
      const Column *last;

      map_columns (s, &f.axes, f.bins + (gsize) k * f.n_bins, f.n_bins, cols);
      if (cols->len == 0)
        continue;
      draw_series (cr, (const Column *) cols->data, cols->len, s->color, 1.75 * p.s,
                   s->dashed, p.s);
      for (guint i = 0; i < cols->len; i++)
        {
          const Column *c = &g_array_index (cols, Column, i);
          double span[3] = { c->x, MIN (c->top, MIN (c->y_first, c->y_last)),
                             MAX (c->bottom, MAX (c->y_first, c->y_last)) };
          g_array_append_vals (spans, span, 3);
        }

      last = &g_array_index (cols, Column, cols->len - 1);
      if (s->diverged)
        {
          double x = CLAMP (last->x_last, f.axes.area.x + 7 * p.s,
                            f.axes.area.x + f.axes.area.width - 7 * p.s);
          double y = CLAMP (last->y_last, f.axes.area.y + 7 * p.s,
                            f.axes.area.y + f.axes.area.height - 7 * p.s);

          gs_mark_cross (cr, x, y, 5.0 * p.s, GS_DIVERGED_RED, p.bg, 2.2 * p.s);
        }
    }
  /* dots over every curve, crosses over every dot */
  for (int crosses = 0; crosses < 2; crosses++)
    for (guint k = 0; k < view->n_series; k++)
      draw_markers (&p, &view->series[k], &f.axes, f.log_y, crosses, spans);
  draw_marks (&p, view, &f.axes, TRUE, spans);
  draw_legend (&p, view, &f.axes, spans);
  cairo_restore (cr);

  frame_clear (&f);
  gs_painter_clear (&p);
  cairo_restore (cr);
}
