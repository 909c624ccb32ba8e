/* gs-plot-study.c — a study's results as figures: the read-out box, the
 * phase map and GsStudyFigure (gs-plot-study.h) */
#include "gs-plot-study.h"
#include "gs-figure.h"
#include "gs-optimizer.h"
#include "gs-plot-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- the read-out box ------------------------------------------------------------ */

void
gs_plot_draw_readout (cairo_t *cr, const GsRect *area, double gx, const char *markup,
                      gboolean dark, gboolean guide)
{
  const GsRect *a = area;
  PangoLayout *layout;
  PangoFontDescription *font;
  int tw, th;
  double bx, by;

  if (markup == NULL)
    return;
  cairo_save (cr);
  cairo_set_line_width (cr, 1);
  if (guide)
    {
      /* a guide at the pointer's x */
      cairo_set_source_rgba (cr, dark ? 1 : 0, dark ? 1 : 0, dark ? 1 : 0, 0.35);
      cairo_move_to (cr, floor (gx) + 0.5, a->y);
      cairo_line_to (cr, floor (gx) + 0.5, a->y + a->height);
      cairo_stroke (cr);
    }

  layout = pango_cairo_create_layout (cr);
  font = pango_font_description_from_string ("Sans 9");
  pango_layout_set_font_description (layout, font);
  pango_layout_set_markup (layout, markup, -1);
  pango_layout_get_pixel_size (layout, &tw, &th);
  bx = gx + 10 + tw + 12 <= a->x + a->width ? gx + 10 : gx - 10 - tw - 12;
  /* inside the plot, at the bottom (the legend sits at the top), or
   * from its top when the plot is lower than the read-out */
  bx = MAX (a->x + 2, MIN (bx, a->x + a->width - tw - 14));
  by = MAX (a->y + 2, a->y + a->height - th - 16);
  cairo_rectangle (cr, bx, by, tw + 12, th + 8);
  cairo_set_source_rgba (cr, dark ? 0.12 : 1, dark ? 0.12 : 1, dark ? 0.12 : 1, 0.92);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, dark ? 1 : 0, dark ? 1 : 0, dark ? 1 : 0, 0.2);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, dark ? 0.92 : 0.12, dark ? 0.92 : 0.12, dark ? 0.92 : 0.12);
  cairo_move_to (cr, bx + 6, by + 4);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (font);
  g_object_unref (layout);
  cairo_restore (cr);
}

/* ---- phase map -------------------------------------------------------------------- */

#define BAR_GAP   14.0   /* plot area → colour bar, as the contour view's */
#define BAR_WIDTH 12.0
#define TICK      4.0
#define GAP       4.0
#define PAD       6.0

/* Diverged cells: a muted red of their own (viridis has no red) under a
 * thin diagonal hatch; cells that never reached the threshold: grey. */
static GsRgb
diverged_fill (gboolean dark)
{
  return dark ? (GsRgb) { 0.56, 0.22, 0.22 } : (GsRgb) { 0.87, 0.50, 0.47 };
}

static GsRgb
diverged_hatch (gboolean dark)
{
  return dark ? (GsRgb) { 0.80, 0.42, 0.40 } : (GsRgb) { 0.68, 0.24, 0.22 };
}

static GsRgb
not_reached_fill (gboolean dark)
{
  return dark ? (GsRgb) { 0.40, 0.40, 0.40 } : (GsRgb) { 0.76, 0.76, 0.76 };
}

/* One frame's layout of a phase view */
typedef struct
{
  gboolean ok;          /* cells to draw */
  GsAxes   axes;
  double  *xe;          /* nx + 1 cell edges along x, device units, left to right */
  double  *ye;          /* ny + 1 along y, bottom (row 0) to top */
  double   vlo, vhi;    /* the colour scale's ends */
  gboolean vlog;
  GsTicks  vticks;
  double   header_h;    /* the note and legend line above the plot (0: none) */
  double   bar_w;
  gboolean present[4];  /* the states that occur */
} Phase;

static void
phase_clear (Phase *ph)
{
  g_clear_pointer (&ph->xe, g_free);
  g_clear_pointer (&ph->ye, g_free);
}

static double
to_scale (double v, gboolean log_scale)
{
  return log_scale ? log10 (v) : v;
}

static double
from_scale (double u, gboolean log_scale)
{
  return log_scale ? pow (10.0, u) : u;
}

static gboolean
all_positive (const double *v, guint n)
{
  for (guint i = 0; i < n; i++)
    if (!(v[i] > 0 && isfinite (v[i])))
      return FALSE;
  return TRUE;
}

/* The n + 1 edges of cells centred on v (ascending), data units: half-way
 * between neighbours in the axis' scale, the outer ones as far out as the
 * inner ones are */
static void
cell_edges (const double *v, guint n, gboolean log_scale, double *e)
{
  double u0, u1;

  if (n == 1)
    {
      double u = to_scale (v[0], log_scale);
      double h = log_scale ? 0.5 : v[0] != 0.0 ? fabs (v[0]) * 0.5 : 0.5;

      e[0] = from_scale (u - h, log_scale);
      e[1] = from_scale (u + h, log_scale);
      return;
    }
  for (guint i = 1; i < n; i++)
    e[i] = from_scale ((to_scale (v[i - 1], log_scale) + to_scale (v[i], log_scale)) / 2,
                       log_scale);
  u0 = to_scale (v[0], log_scale);
  u1 = to_scale (v[1], log_scale);
  e[0] = from_scale (u0 - (u1 - u0) / 2, log_scale);
  u0 = to_scale (v[n - 2], log_scale);
  u1 = to_scale (v[n - 1], log_scale);
  e[n] = from_scale (u1 + (u1 - u0) / 2, log_scale);
}

static void
value_range (const GsPhaseView *v, Phase *ph)
{
  double lo = INFINITY, hi = -INFINITY;
  gboolean log_value = v->log_value;

  for (gsize i = 0; ph->ok && i < (gsize) v->nx * v->ny; i++)
    {
      double x = v->value[i];

      if (v->state[i] == GS_PHASE_CELL_VALUE && isfinite (x) && (!log_value || x > 0))
        {
          lo = MIN (lo, x);
          hi = MAX (hi, x);
        }
    }
  if (!(lo <= hi))
    {
      lo = log_value ? 1.0 : 0.0;
      hi = log_value ? 10.0 : 1.0;
    }
  else if (hi == lo)
    {
      if (log_value)
        {
          lo /= 2;
          hi *= 2;
        }
      else
        {
          double d = MAX (fabs (lo) * 0.05, 0.5);

          lo -= d;
          hi += d;
        }
    }
  ph->vlo = lo;
  ph->vhi = hi;
  ph->vlog = log_value;
  if (log_value)
    gs_ticks_log (lo, hi, &ph->vticks);
  else
    gs_ticks_linear (lo, hi, 8, &ph->vticks);
}

/* Position of a value on the colour scale, in [0, 1] */
static double
value_position (const Phase *ph, double v)
{
  double t;

  if (ph->vlog)
    t = v > 0 ? (log10 (v) - log10 (ph->vlo)) / (log10 (ph->vhi) - log10 (ph->vlo)) : 0.0;
  else
    t = (v - ph->vlo) / (ph->vhi - ph->vlo);
  return isfinite (t) ? CLAMP (t, 0.0, 1.0) : 0.0;
}

static double
bar_width (GsPainter *p, const GsPhaseView *v, const Phase *ph)
{
  double s = p->s, max_w = 0, title_h = 0;
  char buf[64];

  for (guint k = 0; k < ph->vticks.n; k++)
    if (ph->vticks.ticks[k].major)
      {
        double w;

        gs_tick_format (&ph->vticks, ph->vticks.ticks[k].value, buf, sizeof buf);
        gs_painter_text_size (p, buf, NULL, &w, NULL);
        max_w = MAX (max_w, w);
      }
  if (v->value_title)
    gs_painter_text_size (p, v->value_title, NULL, NULL, &title_h);
  return (BAR_GAP + BAR_WIDTH + TICK + GAP) * s + max_w + (GAP + 2) * s + title_h + PAD * s;
}

static void
phase_layout (GsPainter *p, double width, double height, const GsPhaseView *v, Phase *ph)
{
  GsRect outer;
  gboolean x_log, y_log;

  memset (ph, 0, sizeof *ph);
  ph->ok = v->nx > 0 && v->ny > 0 && v->x && v->y && v->value && v->state;
  for (gsize i = 0; ph->ok && i < (gsize) v->nx * v->ny; i++)
    if (v->state[i] <= GS_PHASE_CELL_PENDING)
      ph->present[v->state[i]] = TRUE;
  value_range (v, ph);
  ph->bar_w = bar_width (p, v, ph);
  if ((v->note && v->note[0]) || ph->present[GS_PHASE_CELL_DIVERGED]
      || ph->present[GS_PHASE_CELL_NOT_REACHED])
    {
      double h;

      gs_painter_text_size (p, "Ag", NULL, NULL, &h);
      ph->header_h = h + 4.0 * p->s;
    }

  x_log = ph->ok && v->x_log && all_positive (v->x, v->nx);
  y_log = ph->ok && v->y_log && all_positive (v->y, v->ny);
  ph->axes.x = (GsAxis) { 0.0, 1.0, x_log, v->x_title };
  ph->axes.y = (GsAxis) { 0.0, 1.0, y_log, v->y_title };
  if (ph->ok)
    {
      g_autofree double *xe = g_new (double, v->nx + 1);
      g_autofree double *ye = g_new (double, v->ny + 1);

      cell_edges (v->x, v->nx, x_log, xe);
      cell_edges (v->y, v->ny, y_log, ye);
      ph->axes.x.lo = xe[0];
      ph->axes.x.hi = xe[v->nx];
      ph->axes.y.lo = ye[0];
      ph->axes.y.hi = ye[v->ny];
      outer = (GsRect) { 0, ph->header_h, width - ph->bar_w, height - ph->header_h };
      gs_axes_layout_p (p, &ph->axes, &outer);

      /* whole device units: cells meet without seams */
      ph->xe = g_new (double, v->nx + 1);
      ph->ye = g_new (double, v->ny + 1);
      for (guint k = 0; k <= v->nx; k++)
        ph->xe[k] = round (gs_axes_x_to_px (&ph->axes, xe[k]));
      for (guint k = 0; k <= v->ny; k++)
        ph->ye[k] = round (gs_axes_y_to_px (&ph->axes, ye[k]));
      ph->xe[0] = ph->axes.area.x;
      ph->xe[v->nx] = ph->axes.area.x + ph->axes.area.width;
      ph->ye[0] = ph->axes.area.y + ph->axes.area.height;
      ph->ye[v->ny] = ph->axes.area.y;
    }
  else
    {
      outer = (GsRect) { 0, ph->header_h, width - ph->bar_w, height - ph->header_h };
      gs_axes_layout_p (p, &ph->axes, &outer);
    }
}

void
gs_plot_phase_get_area (cairo_t *cr, double width, double height, const GsPhaseView *view,
                        GsRect *area)
{
  GsPainter p;
  Phase ph;

  gs_painter_init (&p, cr, &view->style);
  phase_layout (&p, width, height, view, &ph);
  *area = ph.axes.area;
  phase_clear (&ph);
  gs_painter_clear (&p);
}

gboolean
gs_plot_phase_cell_at (cairo_t *cr, double width, double height, const GsPhaseView *view,
                       double px, double py, guint *ix, guint *iy)
{
  GsPainter p;
  Phase ph;
  gboolean found = FALSE;

  gs_painter_init (&p, cr, &view->style);
  phase_layout (&p, width, height, view, &ph);
  if (ph.ok && gs_rect_contains (&ph.axes.area, px, py))
    {
      guint i = 0, j = 0;

      while (i + 1 < view->nx && px >= ph.xe[i + 1])
        i++;
      while (j + 1 < view->ny && py < ph.ye[j + 1])
        j++;
      if (ix)
        *ix = i;
      if (iy)
        *iy = j;
      found = TRUE;
    }
  phase_clear (&ph);
  gs_painter_clear (&p);
  return found;
}

static void
hatch (cairo_t *cr, const GsRect *r, double spacing)
{
  /* lines x + y = const, fixed to the device grid so neighbours join up */
  double k0 = floor ((r->x + r->y) / spacing) * spacing;

  for (double k = k0; k <= r->x + r->width + r->y + r->height + spacing; k += spacing)
    {
      cairo_move_to (cr, k - r->y, r->y);
      cairo_line_to (cr, k - (r->y + r->height), r->y + r->height);
    }
}

static void
fill_cells (GsPainter *p, const GsPhaseView *v, const Phase *ph)
{
  cairo_t *cr = p->cr;
  double s = p->s;
  GsRgb grey = not_reached_fill (p->dark), red = diverged_fill (p->dark);
  gboolean any_diverged = FALSE;

  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  for (guint j = 0; j < v->ny; j++)
    for (guint i = 0; i < v->nx; i++)
      {
        gsize k = (gsize) j * v->nx + i;
        double x0 = ph->xe[i], x1 = ph->xe[i + 1], y0 = ph->ye[j + 1], y1 = ph->ye[j];
        double r, g, b;

        switch (v->state[k])
          {
          case GS_PHASE_CELL_VALUE:
            gs_colormap_rgb (value_position (ph, v->value[k]), &r, &g, &b);
            cairo_set_source_rgb (cr, r, g, b);
            break;
          case GS_PHASE_CELL_DIVERGED:
            gs_painter_source (p, red, 1.0);
            any_diverged = TRUE;
            break;
          case GS_PHASE_CELL_NOT_REACHED:
            gs_painter_source (p, grey, 1.0);
            break;
          default:
            continue;
          }
        cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
        cairo_fill (cr);
      }
  cairo_restore (cr);

  if (any_diverged)
    {
      cairo_save (cr);
      for (guint j = 0; j < v->ny; j++)
        for (guint i = 0; i < v->nx; i++)
          if (v->state[(gsize) j * v->nx + i] == GS_PHASE_CELL_DIVERGED)
            cairo_rectangle (cr, ph->xe[i], ph->ye[j + 1], ph->xe[i + 1] - ph->xe[i],
                             ph->ye[j] - ph->ye[j + 1]);
      cairo_clip (cr);
      hatch (cr, &ph->axes.area, 5.0 * s);
      gs_painter_source (p, diverged_hatch (p->dark), 1.0);
      cairo_set_line_width (cr, 0.9 * s);
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  /* thin separators when the cells are big enough to want them */
  {
    double min_w = INFINITY, min_h = INFINITY, lw = MAX (1.0, round (s));

    for (guint i = 0; i < v->nx; i++)
      min_w = MIN (min_w, ph->xe[i + 1] - ph->xe[i]);
    for (guint j = 0; j < v->ny; j++)
      min_h = MIN (min_h, ph->ye[j] - ph->ye[j + 1]);
    if (min_w >= 12.0 * s && min_h >= 12.0 * s)
      {
        const GsRect *a = &ph->axes.area;

        for (guint i = 1; i < v->nx; i++)
          cairo_rectangle (cr, round (ph->xe[i] - lw / 2), a->y, lw, a->height);
        for (guint j = 1; j < v->ny; j++)
          cairo_rectangle (cr, a->x, round (ph->ye[j] - lw / 2), a->width, lw);
        gs_painter_source (p, p->bg, 0.55);
        cairo_fill (cr);
      }
  }
}

/* A ring that shows on any colour: black under white */
static void
ring (cairo_t *cr, double x, double y, double r, double s)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.85);
  cairo_set_line_width (cr, 3.4 * s);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 1.7 * s);
  cairo_stroke (cr);
}

static double
best_radius (const Phase *ph, guint i, guint j, double s)
{
  double w = ph->xe[i + 1] - ph->xe[i], h = ph->ye[j] - ph->ye[j + 1];

  return CLAMP (0.3 * MIN (w, h), 3.5 * s, 11.0 * s);
}

static void
draw_best_and_hover (GsPainter *p, const GsPhaseView *v, const Phase *ph)
{
  cairo_t *cr = p->cr;
  double s = p->s;

  if (v->best_ix >= 0 && v->best_iy >= 0 && (guint) v->best_ix < v->nx
      && (guint) v->best_iy < v->ny)
    {
      guint i = (guint) v->best_ix, j = (guint) v->best_iy;

      ring (cr, (ph->xe[i] + ph->xe[i + 1]) / 2, (ph->ye[j] + ph->ye[j + 1]) / 2,
            best_radius (ph, i, j, s), s);
    }
  if (v->hover_ix >= 0 && v->hover_iy >= 0 && (guint) v->hover_ix < v->nx
      && (guint) v->hover_iy < v->ny)
    {
      guint i = (guint) v->hover_ix, j = (guint) v->hover_iy;
      double x0 = ph->xe[i], x1 = ph->xe[i + 1], y0 = ph->ye[j + 1], y1 = ph->ye[j];
      double in = 1.0 * s;

      cairo_rectangle (cr, x0 + in, y0 + in, MAX (x1 - x0 - 2 * in, 1.0),
                       MAX (y1 - y0 - 2 * in, 1.0));
      cairo_set_source_rgba (cr, 0, 0, 0, 0.85);
      cairo_set_line_width (cr, 3.0 * s);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_set_line_width (cr, 1.5 * s);
      cairo_stroke (cr);
    }
}

/* The colour bar right of the plot, as the contour view's: the map bottom
 * to top, ticks at the scale's ticks, labels that fit, the title along it */
static void
draw_bar (GsPainter *p, const GsPhaseView *v, const Phase *ph)
{
  cairo_t *cr = p->cr;
  double s = p->s;
  const GsRect *area = &ph->axes.area;
  double bx = round (area->x + area->width + BAR_GAP * s);
  double by = area->y, bh = area->height, bw = BAR_WIDTH * s;
  double lw = MAX (1.0, round (s));
  double pos[GS_TICKS_MAX], label_h, max_w = 0;
  char labels[GS_TICKS_MAX][64];
  guint n_major = 0, keep[GS_TICKS_MAX], n_keep;

  gs_colour_ramp_draw (p, bx, by, bw, bh);
  cairo_set_line_width (cr, lw);
  cairo_rectangle (cr, bx + lw / 2, by + lw / 2, bw - lw, bh - lw);
  gs_painter_fg (p, 0.45);
  cairo_stroke (cr);

  gs_painter_text_size (p, "0123456789", NULL, NULL, &label_h);
  for (guint k = 0; k < ph->vticks.n; k++)
    {
      const GsTick *t = &ph->vticks.ticks[k];
      double y = round (by + (1 - value_position (ph, t->value)) * bh) + lw / 2;

      cairo_move_to (cr, bx + bw, y);
      cairo_line_to (cr, bx + bw + (t->major ? TICK : TICK / 2) * s, y);
      if (t->major)
        {
          gs_tick_format (&ph->vticks, t->value, labels[n_major], sizeof labels[0]);
          pos[n_major++] = y;
        }
    }
  gs_painter_fg (p, 0.45);
  cairo_stroke (cr);

  /* every other label dropped until none overlaps */
  n_keep = n_major;
  for (guint i = 0; i < n_major; i++)
    keep[i] = i;
  while (n_keep > 1 && !gs_labels_fit (pos, keep, n_keep, label_h + 1.0 * s))
    {
      guint m = 0;

      for (guint i = 0; i < n_keep; i += 2)
        keep[m++] = keep[i];
      n_keep = m;
    }
  gs_painter_fg (p, 0.75);
  for (guint i = 0; i < n_keep; i++)
    gs_painter_text (p, labels[keep[i]], NULL, bx + bw + (TICK + GAP) * s, pos[keep[i]], 0.0,
                     0.5);
  for (guint i = 0; i < n_major; i++)
    {
      double w;

      gs_painter_text_size (p, labels[i], NULL, &w, NULL);
      max_w = MAX (max_w, w);
    }

  if (v->value_title)
    {
      double th;

      gs_painter_text_size (p, v->value_title, NULL, NULL, &th);
      gs_painter_fg (p, 0.85);
      gs_painter_text_vertical_max (p, v->value_title, NULL,
                                    bx + bw + (TICK + GAP) * s + max_w + (GAP + 2) * s + th / 2,
                                    by + bh / 2, bh);
    }
}

/* A legend swatch: a small cell drawn as the map draws that state */
static void
swatch (GsPainter *p, GsPhaseCellState state, double x, double y, double size)
{
  cairo_t *cr = p->cr;
  GsRect r = { x, y, size, size };

  cairo_save (cr);
  cairo_rectangle (cr, x, y, size, size);
  if (state == GS_PHASE_CELL_DIVERGED)
    {
      gs_painter_source (p, diverged_fill (p->dark), 1.0);
      cairo_fill_preserve (cr);
      cairo_clip (cr);
      hatch (cr, &r, 5.0 * p->s);
      gs_painter_source (p, diverged_hatch (p->dark), 1.0);
      cairo_set_line_width (cr, 0.9 * p->s);
      cairo_stroke (cr);
      cairo_reset_clip (cr);
    }
  else
    {
      gs_painter_source (p, not_reached_fill (p->dark), 1.0);
      cairo_fill (cr);
    }
  cairo_rectangle (cr, x + 0.5, y + 0.5, size - 1, size - 1);
  gs_painter_fg (p, 0.3);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* The line above the plot: the note on the left, the legend on the right
 * (the special states that occur, and the best cell's ring) */
static void
draw_header (GsPainter *p, const GsPhaseView *v, const Phase *ph, double width)
{
  const GsRect *a = &ph->axes.area;
  double s = p->s, h, sw, gap = 5.0 * s, sep = 14.0 * s;
  double cy = ph->header_h / 2, x, legend_w = 0;
  const char *names[3] = { NULL, NULL, NULL };
  int kinds[3];
  guint n = 0;

  if (ph->header_h <= 0)
    return;
  gs_painter_text_size (p, "Ag", NULL, NULL, &h);
  sw = round (0.75 * h);
  if (ph->present[GS_PHASE_CELL_DIVERGED])
    {
      /* TRANSLATORS: the phase map's legend: a cell whose run diverged */
      names[n] = C_("legend", "diverged");
      kinds[n++] = GS_PHASE_CELL_DIVERGED;
    }
  if (ph->present[GS_PHASE_CELL_NOT_REACHED])
    {
      /* TRANSLATORS: the phase map's legend: a cell whose run never got
       * its loss under the threshold */
      names[n] = C_("legend", "not reached");
      kinds[n++] = GS_PHASE_CELL_NOT_REACHED;
    }
  if (v->best_ix >= 0 && v->best_iy >= 0)
    {
      /* TRANSLATORS: the phase map's legend: the ring around the best cell */
      names[n] = C_("legend", "best");
      kinds[n++] = -1;
    }
  for (guint k = 0; k < n; k++)
    {
      double tw;

      gs_painter_text_size (p, names[k], NULL, &tw, NULL);
      legend_w += (k ? sep : 0) + sw + gap + tw;
    }
  if (n > 0 && legend_w > a->width * 0.7)
    n = 0;   /* too narrow for it: the cells speak for themselves */

  x = a->x + a->width - (n > 0 ? legend_w : 0);
  for (guint k = 0; k < n; k++)
    {
      if (kinds[k] >= 0)
        swatch (p, (GsPhaseCellState) kinds[k], round (x), round (cy - sw / 2), sw);
      else
        ring (p->cr, x + sw / 2, cy, sw / 2 - 1.5 * s, s);
      gs_painter_fg (p, 0.8);
      x += sw + gap + gs_painter_text (p, names[k], NULL, x + sw + gap, cy, 0.0, 0.5) + sep;
    }

  if (v->note && v->note[0])
    {
      double room = (n > 0 ? a->x + a->width - legend_w - 2 * sep : width - PAD * s) - a->x;

      gs_painter_fg (p, 0.7);
      if (room > 20 * s)
        gs_painter_text_max (p, v->note, NULL, a->x, cy, 0.0, 0.5, room);
    }
}

void
gs_plot_phase_render (cairo_t *cr, double width, double height, const GsPhaseView *view)
{
  GsPainter p;
  Phase ph;

  cairo_save (cr);
  gs_painter_init (&p, cr, &view->style);
  phase_layout (&p, width, height, view, &ph);

  /* pending cells: the area's own faint tint */
  cairo_rectangle (cr, ph.axes.area.x, ph.axes.area.y, ph.axes.area.width, ph.axes.area.height);
  gs_painter_fg (&p, 0.04);
  cairo_fill (cr);
  if (ph.ok)
    {
      cairo_save (cr);
      cairo_rectangle (cr, ph.axes.area.x, ph.axes.area.y, ph.axes.area.width,
                       ph.axes.area.height);
      cairo_clip (cr);
      fill_cells (&p, view, &ph);
      cairo_restore (cr);
    }
  gs_axes_draw_p (&p, &ph.axes);
  if (ph.ok)
    {
      cairo_save (cr);
      {
        GsRect clip = gs_rect_grow (&ph.axes.area, 2.0 * p.s);
        cairo_rectangle (cr, clip.x, clip.y, clip.width, clip.height);
        cairo_clip (cr);
      }
      draw_best_and_hover (&p, view, &ph);
      cairo_restore (cr);
    }
  draw_bar (&p, view, &ph);
  draw_header (&p, view, &ph, width);

  phase_clear (&ph);
  gs_painter_clear (&p);
  cairo_restore (cr);
}

/* ---- a study as a figure --------------------------------------------------------------- */

typedef enum
{
  BAND_NONE,
  BAND_STD,      /* the band is the mean ± a standard deviation */
  BAND_RANGE,    /* the band is the min–max */
} BandKind;

/* What the read-out says of a series besides its values */
typedef struct
{
  const guint8 *diverged;   /* per row: 1 diverged, 2 not computed yet; NULL: none */
  BandKind      band;
} SeriesInfo;

struct _GsStudyFigure
{
  GsStudyKind  kind;
  gboolean     is_phase;
  char        *title;
  GsLossView   loss;
  GsPhaseView  map;
  GArray      *series;      /* GsLossSeries */
  GArray      *info;        /* SeriesInfo, one per series */
  GArray      *marks;       /* GsLossMark */
  GPtrArray   *owned;       /* what the views point into */
  const char  *x_name;      /* the read-out's name of x ("lr", "λ"; NULL: steps) */
  /* phase */
  GsStudyCell *cells;       /* nx · ny, cell (ix, iy) at iy · nx + ix; NULL where none */
  gboolean    *has_cell;
  gboolean     steps;       /* the values are steps to the threshold */
  double       threshold;
};

static gpointer
keep (GsStudyFigure *f, gpointer p)
{
  g_ptr_array_add (f->owned, p);
  return p;
}

static double *
doubles (GsStudyFigure *f, guint n)
{
  return keep (f, g_new0 (double, MAX (n, 1)));
}

static const char *
keep_str (GsStudyFigure *f, char *s)
{
  return keep (f, s);
}

static GsRgb
run_color (const GsExperiment *exp, const GsRgb *colors, guint r)
{
  GsRgb c;

  if (colors)
    return colors[r];
  if (exp && r < gs_experiment_get_n_runs (exp)
      && gs_rgb_parse (gs_experiment_get_run (exp, r)->color, &c))
    return c;
  return gs_palette_color (r);
}

static const char *
run_label (GsStudyFigure *f, const GsExperiment *exp, guint r)
{
  const GsRunSpec *spec = exp && r < gs_experiment_get_n_runs (exp)
                          ? gs_experiment_get_run (exp, r) : NULL;

  if (spec && spec->label && spec->label[0])
    return spec->label;
  if (spec && spec->optimizer)
    return _(spec->optimizer->title);
  /* TRANSLATORS: a run without a label, in a study's figure */
  return keep_str (f, g_strdup_printf (_("run %u"), r));
}

static GsLossSeries *
add_series (GsStudyFigure *f, const double *x, const double *y, guint n, GsRgb color,
            const char *label, gboolean dashed, const guint8 *diverged, BandKind band)
{
  GsLossSeries s = { 0 };
  SeriesInfo info = { diverged, band };

  s.step = x;
  s.loss = y;
  s.n = n;
  s.color = color;
  s.label = label;
  s.dashed = dashed;
  g_array_append_val (f->series, s);
  g_array_append_val (f->info, info);
  return &g_array_index (f->series, GsLossSeries, f->series->len - 1);
}

static void
add_mark (GsStudyFigure *f, double x, const char *label)
{
  GsLossMark m = { x, label };

  g_array_append_val (f->marks, m);
}

static int
cmp_cell_x (gconstpointer a, gconstpointer b)
{
  const GsStudyCell *const *ca = a, *const *cb = b;

  return ((*ca)->x > (*cb)->x) - ((*ca)->x < (*cb)->x);
}

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  const double *da = a, *db = b;

  return (*da > *db) - (*da < *db);
}

/* A run's cells ordered by x */
static GPtrArray *
cells_of_run (const GsStudyCell *cells, guint n, guint run)
{
  GPtrArray *a = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    if (cells[i].run == run)
      g_ptr_array_add (a, (gpointer) &cells[i]);
  qsort (a->pdata, a->len, sizeof (gpointer), cmp_cell_x);
  return a;
}

static void
build_sweep (GsStudyFigure *f, GsStudy *study, const GsExperiment *exp, const GsRgb *colors)
{
  const GsStudySpec *spec = gs_study_get_spec (study);
  guint n = 0;
  GsStudyCell *cells = keep (f, gs_study_snapshot_cells (study, &n));
  guint n_runs = exp ? gs_experiment_get_n_runs (exp) : 0;

  /* TRANSLATORS: a figure's heading: an lr sweep's final losses, and the
   * best loss of each run dashed */
  f->title = g_strdup (_("Final and best loss against the learning rate"));
  f->loss.x_title = C_("axis", "learning rate");
  f->loss.y_title = C_("axis", "loss");
  /* TRANSLATORS: the legend row of the dashed curves of an lr sweep: the
   * least loss each run reached on its way */
  f->loss.dashed_label = C_("legend", "best loss on the way");
  f->loss.log_x = TRUE;
  f->loss.x_min = spec->lo;
  f->loss.x_max = spec->hi;
  f->x_name = "lr";
  for (guint i = 0; i < n; i++)
    n_runs = MAX (n_runs, cells[i].run + 1);
  for (guint r = 0; r < n_runs; r++)
    {
      g_autoptr(GPtrArray) rc = cells_of_run (cells, n, r);
      double *x, *y, *least;
      const GsStudyCell *chosen = gs_study_cells_best (cells, n, r,
                                                        gs_study_get_threshold (study));
      guint8 *flags;
      GsLossSeries *s;
      int best_row = -1, cross_row = -1;

      if (rc->len == 0)
        continue;
      x = doubles (f, rc->len);
      y = doubles (f, rc->len);
      least = doubles (f, rc->len);
      flags = keep (f, g_new0 (guint8, rc->len));
      for (guint i = 0; i < rc->len; i++)
        {
          const GsStudyCell *c = g_ptr_array_index (rc, i);

          x[i] = c->x;
          y[i] = NAN;
          least[i] = NAN;
          if (!c->done)
            flags[i] = 2;
          else if (c->diverged || !isfinite (c->final_loss))
            {
              /* a gap, and a ✕ where the run first diverged */
              flags[i] = 1;
              if (cross_row < 0)
                cross_row = (int) i;
            }
          else
            {
              y[i] = c->final_loss;
              least[i] = isfinite (c->best_loss) ? c->best_loss : NAN;
              /* the core's choice (gs_study_best), of the cells done so far */
              if (c == chosen)
                best_row = (int) i;
            }
        }
      s = add_series (f, x, y, rc->len, run_color (exp, colors, r), run_label (f, exp, r), FALSE,
                      flags, BAND_NONE);
      s->has_cross = cross_row >= 0;
      s->cross_row = (guint) MAX (cross_row, 0);
      s->has_dot = best_row >= 0;
      s->dot_row = (guint) MAX (best_row, 0);
      /* the least loss on the way, dashed (where the run did not diverge:
       * there it is the start's): how much a noisy run gave back by its end */
      add_series (f, x, least, rc->len, run_color (exp, colors, r), NULL, TRUE, NULL, BAND_NONE);
    }
}

static void
build_range (GsStudyFigure *f, GsStudy *study, const GsExperiment *exp, const GsRgb *colors)
{
  const GsStudySpec *spec = gs_study_get_spec (study);
  guint n = 0;
  const GsStudyCurve *curves = gs_study_get_curves (study, &n);

  /* TRANSLATORS: a figure's heading: a learning-rate range test (Smith 2017) */
  f->title = g_strdup (_("Loss against the learning rate (range test)"));
  f->loss.x_title = C_("axis", "learning rate");
  f->loss.y_title = C_("axis", "loss");
  f->loss.log_x = TRUE;
  f->loss.x_min = spec->lo;
  f->loss.x_max = spec->lo;
  /* the axis ends a little past where the last run stopped (the test stops
   * once the loss blew up), not at the largest lr asked for */
  for (guint c = 0; c < n; c++)
    if (curves[c].n > 0)
      f->loss.x_max = MAX (f->loss.x_max, MIN (spec->hi, 1.5 * curves[c].x[curves[c].n - 1]));
  if (!(f->loss.x_max > f->loss.x_min))
    f->loss.x_max = spec->hi;
  f->x_name = "lr";
  for (guint c = 0; c < n; c++)
    {
      GsLossSeries *s = add_series (f, curves[c].x, curves[c].y, curves[c].n,
                                    run_color (exp, colors, curves[c].run),
                                    run_label (f, exp, curves[c].run), FALSE, NULL, BAND_NONE);

      /* a dot on the curve there, in its colour: whose mark it is */
      for (guint k = 0; k < curves[c].n && isfinite (curves[c].suggested); k++)
        if (curves[c].x[k] == curves[c].suggested)
          {
            s->has_dot = TRUE;
            s->dot_row = k;
          }
      if (isfinite (curves[c].suggested))
        /* TRANSLATORS: a mark on the range test's plot: the lr where the
         * loss falls fastest */
        add_mark (f, curves[c].suggested, C_("mark", "steepest descent"));
    }
}

static void
build_cv (GsStudyFigure *f, GsStudy *study, const GsExperiment *exp, const GsRgb *colors)
{
  const GsStudySpec *spec = gs_study_get_spec (study);
  guint n = 0, m = 0, run;
  const GsStudyCell *cells = gs_study_get_cells (study, &n);
  const GsStudyCell *best = NULL, *one_se = NULL;
  double *x, *train, *train_lo, *train_hi, *val, *val_lo, *val_hi;
  double x_lo = INFINITY, x_hi = -INFINITY;
  GsLossSeries *s;
  GsRgb color;

  /* TRANSLATORS: a figure's heading: "(5-fold cross-validation)" */
  f->title = g_strdup_printf (_("Validation loss against λ (%u-fold cross-validation)"),
                              spec->folds);
  f->loss.x_title = spec->l1 ? C_("axis", "λ (L1)") : C_("axis", "λ (L2)");
  f->loss.y_title = C_("axis", "mean loss over the folds");
  f->loss.log_x = TRUE;
  /* TRANSLATORS: the legend's label of the dashed curve of a cross-validation */
  f->loss.dashed_label = C_("legend", "validation");
  f->x_name = "λ";
  if (n == 0)
    return;
  run = cells[0].run;
  color = run_color (exp, colors, run);
  best = gs_study_best (study, run, &one_se);
  x = doubles (f, n);
  train = doubles (f, n);
  train_lo = doubles (f, n);
  train_hi = doubles (f, n);
  val = doubles (f, n);
  val_lo = doubles (f, n);
  val_hi = doubles (f, n);
  {
    g_autoptr(GPtrArray) rc = cells_of_run (cells, n, run);

    for (guint i = 0; i < rc->len; i++)
      {
        const GsStudyCell *c = g_ptr_array_index (rc, i);

        /* λ = 0 has no place on a log axis */
        if (!(c->x > 0))
          continue;
        x[m] = c->x;
        train[m] = c->train_mean;
        train_lo[m] = c->train_mean - c->train_std;
        train_hi[m] = c->train_mean + c->train_std;
        val[m] = c->val_mean;
        val_lo[m] = c->val_mean - c->val_std;
        val_hi[m++] = c->val_mean + c->val_std;
        x_lo = MIN (x_lo, c->x);
        x_hi = MAX (x_hi, c->x);
      }
  }
  if (x_hi > x_lo)
    {
      f->loss.x_min = x_lo;
      f->loss.x_max = x_hi;
    }
  /* TRANSLATORS: the legend's label of the training loss's curve */
  s = add_series (f, x, train, m, color, C_("legend", "training"), FALSE, NULL, BAND_STD);
  s->band_lo = train_lo;
  s->band_hi = train_hi;
  s = add_series (f, x, val, m, color, NULL, TRUE, NULL, BAND_STD);
  s->band_lo = val_lo;
  s->band_hi = val_hi;
  if (best && best->x > 0)
    /* TRANSLATORS: a mark: the λ with the least mean validation loss */
    add_mark (f, best->x, C_("mark", "best"));
  if (one_se && one_se != best && one_se->x > 0)
    /* TRANSLATORS: a mark: the largest λ within one standard error of the best */
    add_mark (f, one_se->x, C_("mark", "one standard error"));
}

static void
build_seeds (GsStudyFigure *f, GsStudy *study, const GsExperiment *exp, const GsRgb *colors)
{
  const GsStudySpec *spec = gs_study_get_spec (study);
  guint n = 0;
  const GsStudyCurve *curves = gs_study_get_curves (study, &n);

  /* TRANSLATORS: a figure's heading: the mean loss of runs repeated with
   * this many seeds */
  f->title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Loss over %u seed",
                                           "Loss over %u seeds", spec->n_seeds),
                              spec->n_seeds);
  f->loss.x_title = C_("axis", "step");
  /* TRANSLATORS: an axis title: the solid curve is the mean, the band
   * the lowest to the highest loss over the seeds */
  f->loss.y_title = C_("axis", "loss (mean; band: min to max)");
  for (guint c = 0; c < n; c++)
    {
      GsLossSeries *s = add_series (f, curves[c].x, curves[c].y, curves[c].n,
                                    run_color (exp, colors, curves[c].run),
                                    run_label (f, exp, curves[c].run), FALSE, NULL, BAND_RANGE);

      s->band_lo = curves[c].y_lo;
      s->band_hi = curves[c].y_hi;
    }
}

static void
build_compare (GsStudyFigure *f, GsStudy *study, const GsExperiment *exp, const GsRgb *colors)
{
  const GsStudySpec *spec = gs_study_get_spec (study);
  guint n = 0, n_curves = 0;
  g_autofree GsStudyCell *cells = gs_study_snapshot_cells (study, &n);
  const GsStudyCurve *curves = gs_study_get_curves (study, &n_curves);

  f->title = g_strdup (spec->tune
                       /* TRANSLATORS: a figure's heading: a comparison of the
                        * optimizers, each at the best lr of a sweep */
                       ? _("The runs compared at their tuned learning rate")
                       /* TRANSLATORS: a figure's heading */
                       : _("The runs compared"));
  f->loss.x_title = C_("axis", "step");
  f->loss.y_title = C_("axis", "loss");
  /* curve i is cell i's run: complete once the snapshot says the cell is */
  for (guint i = 0; i < n && i < n_curves; i++)
    {
      const GsStudyCell *cell = &cells[i];
      const char *label = run_label (f, exp, cell->run);
      GsLossSeries *s;

      if (!cell->done)
        continue;
      if (spec->tune && gs_study_best (study, cell->run, NULL) != NULL)
        /* TRANSLATORS: a comparison's legend: the run and the lr it ran at */
        label = keep_str (f, g_strdup_printf (_("%s · lr %.3g"), label, cell->x));
      s = add_series (f, curves[i].x, curves[i].y, curves[i].n,
                      run_color (exp, colors, cell->run), label, FALSE, NULL, BAND_NONE);
      s->diverged = cell->diverged;
    }
}

/* The cells' distinct values of x (y: TRUE, of y), ascending */
static double *
distinct (const GsStudyCell *cells, guint n, gboolean y, guint *n_out)
{
  double *v = g_new (double, MAX (n, 1));
  guint m = 0;

  for (guint i = 0; i < n; i++)
    {
      double a = y ? cells[i].y : cells[i].x;

      if (isfinite (a))
        v[m++] = a;
    }
  qsort (v, m, sizeof (double), cmp_double);
  *n_out = 0;
  for (guint i = 0; i < m; i++)
    if (i == 0 || v[i] != v[*n_out - 1])
      v[(*n_out)++] = v[i];
  return v;
}

static guint
index_of (const double *v, guint n, double a)
{
  guint lo = 0, hi = n;

  while (lo + 1 < hi)
    {
      guint mid = (lo + hi) / 2;

      if (v[mid] <= a)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

static void
build_phase (GsStudyFigure *f, GsStudy *study, const GsExperiment *exp, GsPhaseMetric metric)
{
  const GsStudySpec *spec = gs_study_get_spec (study);
  guint n = 0, nx, ny, run;
  g_autofree GsStudyCell *cells = gs_study_snapshot_cells (study, &n);
  double *x = keep (f, distinct (cells, n, FALSE, &nx));
  double *y = keep (f, distinct (cells, n, TRUE, &ny));
  double *value;
  guint8 *state;
  gboolean log_value = TRUE;
  int best = -1;
  const GsRunSpec *rs;
  const char *who;

  f->is_phase = TRUE;
  f->threshold = isnan (spec->threshold) && exp ? exp->stop.loss_below : spec->threshold;
  f->steps = metric == GS_PHASE_METRIC_STEPS && isfinite (f->threshold);
  /* TRANSLATORS: a figure's heading: the two hyper-parameters of a phase
   * map ("Phase map: lr × momentum") */
  f->title = g_strdup_printf (_("Phase map: %s × %s"), spec->x_param, spec->y_param);
  f->map.x_title = spec->x_param;
  f->map.y_title = spec->y_param;
  f->map.x_log = spec->x_log;
  f->map.y_log = spec->y_log;
  f->map.nx = nx;
  f->map.ny = ny;
  f->map.x = x;
  f->map.y = y;
  f->map.best_ix = f->map.best_iy = -1;
  f->map.hover_ix = f->map.hover_iy = -1;
  f->cells = keep (f, g_new0 (GsStudyCell, MAX ((gsize) nx * ny, 1)));
  f->has_cell = keep (f, g_new0 (gboolean, MAX ((gsize) nx * ny, 1)));
  value = doubles (f, nx * ny);
  state = keep (f, g_new (guint8, MAX ((gsize) nx * ny, 1)));
  memset (state, GS_PHASE_CELL_PENDING, MAX ((gsize) nx * ny, 1));
  f->map.value = value;
  f->map.state = state;

  for (guint i = 0; i < n; i++)
    {
      const GsStudyCell *c = &cells[i];
      gsize k;

      if (!isfinite (c->x) || !isfinite (c->y) || nx == 0 || ny == 0)
        continue;
      k = (gsize) index_of (y, ny, c->y) * nx + index_of (x, nx, c->x);
      if (f->has_cell[k] && f->cells[k].done)
        continue;   /* two cells in one place (batch sizes rounded): the first done */
      f->cells[k] = *c;
      f->has_cell[k] = TRUE;
      value[k] = NAN;
      if (!c->done)
        state[k] = GS_PHASE_CELL_PENDING;
      else if (c->diverged || !isfinite (c->final_loss))
        state[k] = GS_PHASE_CELL_DIVERGED;
      else if (f->steps && c->steps_to_threshold == G_MAXUINT64)
        state[k] = GS_PHASE_CELL_NOT_REACHED;
      else
        {
          state[k] = GS_PHASE_CELL_VALUE;
          value[k] = f->steps ? (double) c->steps_to_threshold : c->final_loss;
          if (!f->steps && c->final_loss < 0)
            log_value = FALSE;
        }
    }

  /* the best: least steps (ties: least final loss), or least final loss */
  for (gsize k = 0; k < (gsize) nx * ny; k++)
    if (state[k] == GS_PHASE_CELL_VALUE)
      {
        if (best < 0 || value[k] < value[best]
            || (value[k] == value[best]
                && f->cells[k].final_loss < f->cells[best].final_loss))
          best = (int) k;
      }
  if (best >= 0)
    {
      f->map.best_ix = best % (int) nx;
      f->map.best_iy = best / (int) nx;
    }

  /* steps over more than a decade read best on a log scale too: the fast
   * cells, where the best one is, are told apart */
  if (f->steps)
    {
      double lo = INFINITY, hi = 0;

      for (gsize k = 0; k < (gsize) nx * ny; k++)
        if (state[k] == GS_PHASE_CELL_VALUE)
          {
            lo = MIN (lo, value[k]);
            hi = MAX (hi, value[k]);
          }
      log_value = lo > 0 && hi > 10 * lo;
    }
  f->map.log_value = log_value;
  if (f->steps)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (buf, sizeof buf, "%.3g", f->threshold);
      /* TRANSLATORS: the phase map's colour bar: steps until the loss got
       * under the threshold ("steps to loss < 1e-06") */
      f->map.value_title = keep_str (f, g_strdup_printf (_("steps to loss < %s"), buf));
    }
  else
    f->map.value_title = C_("axis", "final loss");

  run = n > 0 ? cells[0].run : (guint) MAX (spec->run, 0);
  rs = exp && run < gs_experiment_get_n_runs (exp) ? gs_experiment_get_run (exp, run) : NULL;
  who = rs && rs->optimizer ? _(rs->optimizer->title) : run_label (f, exp, run);
  if (rs && rs->label && rs->label[0] && rs->optimizer
      && g_strcmp0 (rs->label, _(rs->optimizer->title)) != 0
      && g_strcmp0 (rs->label, rs->optimizer->name) != 0)
    who = keep_str (f, g_strdup_printf ("%s (%s)", rs->label, _(rs->optimizer->title)));
  f->map.note = keep_str (f, g_strdup_printf ("%s · %u × %u", who, nx, ny));
}

GsStudyFigure *
gs_study_figure_new (GsStudy *study, const GsExperiment *exp, const GsRgb *colors,
                     GsPhaseMetric metric)
{
  GsStudyFigure *f;

  g_return_val_if_fail (study != NULL, NULL);
  f = g_new0 (GsStudyFigure, 1);
  f->kind = gs_study_get_spec (study)->kind;
  f->series = g_array_new (FALSE, TRUE, sizeof (GsLossSeries));
  f->info = g_array_new (FALSE, TRUE, sizeof (SeriesInfo));
  f->marks = g_array_new (FALSE, TRUE, sizeof (GsLossMark));
  f->owned = g_ptr_array_new_with_free_func (g_free);
  f->loss.style.scale = 1;
  f->loss.log_y = TRUE;
  f->map.style.scale = 1;
  switch (f->kind)
    {
    case GS_STUDY_LR_SWEEP:
      build_sweep (f, study, exp, colors);
      break;
    case GS_STUDY_PHASE:
      build_phase (f, study, exp, metric);
      break;
    case GS_STUDY_RANGE_TEST:
      build_range (f, study, exp, colors);
      break;
    case GS_STUDY_CV:
      build_cv (f, study, exp, colors);
      break;
    case GS_STUDY_SEEDS:
      build_seeds (f, study, exp, colors);
      break;
    case GS_STUDY_COMPARE:
    default:
      build_compare (f, study, exp, colors);
      break;
    }
  f->loss.series = (const GsLossSeries *) f->series->data;
  f->loss.n_series = f->series->len;
  f->loss.marks = (const GsLossMark *) f->marks->data;
  f->loss.n_marks = f->marks->len;
  return f;
}

void
gs_study_figure_free (GsStudyFigure *f)
{
  if (f == NULL)
    return;
  g_free (f->title);
  g_clear_pointer (&f->series, g_array_unref);
  g_clear_pointer (&f->info, g_array_unref);
  g_clear_pointer (&f->marks, g_array_unref);
  g_clear_pointer (&f->owned, g_ptr_array_unref);
  g_free (f);
}

void
gs_study_figure_set_style (GsStudyFigure *f, const GsPlotStyle *style)
{
  f->loss.style = *style;
  f->map.style = *style;
}

const char *
gs_study_figure_get_title (const GsStudyFigure *f)
{
  return f->title ? f->title : "";
}

const GsLossView *
gs_study_figure_get_loss_view (const GsStudyFigure *f)
{
  return f->is_phase ? NULL : &f->loss;
}

const GsPhaseView *
gs_study_figure_get_phase_view (const GsStudyFigure *f)
{
  return f->is_phase ? &f->map : NULL;
}

void
gs_study_figure_set_hover (GsStudyFigure *f, int ix, int iy)
{
  f->map.hover_ix = ix;
  f->map.hover_iy = iy;
}

void
gs_study_figure_render (const GsStudyFigure *f, cairo_t *cr, double width, double height)
{
  if (f->is_phase)
    gs_plot_phase_render (cr, width, height, &f->map);
  else
    gs_plot_loss_render (cr, width, height, &f->loss);
}

void
gs_study_figure_get_area (const GsStudyFigure *f, cairo_t *cr, double width, double height,
                          GsRect *area)
{
  if (f->is_phase)
    gs_plot_phase_get_area (cr, width, height, &f->map, area);
  else
    gs_plot_loss_get_area (cr, width, height, &f->loss, area);
}

gboolean
gs_study_figure_x_at (const GsStudyFigure *f, cairo_t *cr, double width, double height,
                      double px, double *x)
{
  GsAxes axes;
  double t;

  if (f->is_phase)
    return FALSE;
  gs_plot_loss_get_axes (cr, width, height, &f->loss, &axes);
  if (!(axes.area.width > 0) || px < axes.area.x || px > axes.area.x + axes.area.width)
    return FALSE;
  t = (px - axes.area.x) / axes.area.width;
  if (x)
    *x = axes.x.log ? pow (10.0, log10 (axes.x.lo) + t * (log10 (axes.x.hi) - log10 (axes.x.lo)))
                    : axes.x.lo + t * (axes.x.hi - axes.x.lo);
  return TRUE;
}

static void
append_dot (GString *s, GsRgb c, const char *label)
{
  g_autofree char *text = g_markup_escape_text (label, -1);

  g_string_append_printf (s, "\n<span foreground=\"#%02x%02x%02x\">●</span> %s  ",
                          (int) lround (CLAMP (c.r, 0, 1) * 255),
                          (int) lround (CLAMP (c.g, 0, 1) * 255),
                          (int) lround (CLAMP (c.b, 0, 1) * 255), text);
}

/* Appends text made as printf does, escaped for markup ("steps to loss < 1e-06") */
static void G_GNUC_PRINTF (2, 3)
append_escaped (GString *s, const char *format, ...)
{
  va_list args;
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  escaped = g_markup_escape_text (text, -1);
  g_string_append (s, escaped);
}

char *
gs_study_figure_readout_at (const GsStudyFigure *f, double x)
{
  gboolean log_x = f->loss.log_x && x > 0;
  double u = log_x ? log10 (x) : x, near_d = INFINITY, near_x = NAN;
  g_autofree int *rows = NULL;
  GString *s;

  if (f->is_phase || f->series->len == 0 || !isfinite (x))
    return NULL;
  rows = g_new (int, f->series->len);
  for (guint k = 0; k < f->series->len; k++)
    {
      const GsLossSeries *ls = &g_array_index (f->series, GsLossSeries, k);
      gsize stride = ls->stride ? ls->stride : 1;
      double best_d = INFINITY;

      rows[k] = -1;
      for (guint i = 0; i < ls->n; i++)
        {
          double st = ls->step[i * stride], d;

          if (!isfinite (st) || (log_x && st <= 0))
            continue;
          d = fabs ((log_x ? log10 (st) : st) - u);
          if (d < best_d)
            {
              best_d = d;
              rows[k] = (int) i;
            }
        }
      if (rows[k] >= 0 && best_d < near_d)
        {
          near_d = best_d;
          near_x = ls->step[rows[k] * stride];
        }
    }
  if (isnan (near_x))
    return NULL;

  s = g_string_new (NULL);
  if (f->x_name)
    g_string_append_printf (s, "<b>%s %.3g</b>", f->x_name, near_x);
  else
    /* TRANSLATORS: the step under the pointer, in a study's read-out */
    g_string_append_printf (s, C_("readout", "<b>step %.0f</b>"), near_x);
  for (guint k = 0; k < f->series->len; k++)
    {
      const GsLossSeries *ls = &g_array_index (f->series, GsLossSeries, k);
      const SeriesInfo *info = &g_array_index (f->info, SeriesInfo, k);
      gsize stride = ls->stride ? ls->stride : 1;
      const char *label = ls->label ? ls->label : f->loss.dashed_label;
      double v;

      if (rows[k] < 0)
        continue;
      v = ls->loss[rows[k] * stride];
      /* an unlabelled dashed curve that says nothing new at this x (a
       * sweep's best loss equal to its final loss, or none): left out */
      if (ls->label == NULL && ls->dashed && k > 0 && rows[k - 1] == rows[k]
          && !info->diverged)
        {
          const GsLossSeries *prev = &g_array_index (f->series, GsLossSeries, k - 1);
          double pv = prev->loss[rows[k] * (prev->stride ? prev->stride : 1)];

          if (!isfinite (v) || v == pv)
            continue;
        }
      append_dot (s, ls->color, label ? label : "");
      if (info->diverged && info->diverged[rows[k]] == 1)
        /* TRANSLATORS: in a study's read-out: the run diverged at this lr */
        append_escaped (s, "%s", C_("readout", "diverged"));
      else if (info->diverged && info->diverged[rows[k]] == 2)
        g_string_append (s, "…");
      else if (!isfinite (v))
        g_string_append (s, "—");
      else
        {
          g_string_append_printf (s, "%.5g", v);
          if (ls->band_lo && ls->band_hi)
            {
              double lo = ls->band_lo[rows[k] * stride], hi = ls->band_hi[rows[k] * stride];

              if (info->band == BAND_STD && isfinite (hi - lo))
                g_string_append_printf (s, " ± %.2g", (hi - lo) / 2);
              else if (info->band == BAND_RANGE && isfinite (lo) && isfinite (hi))
                g_string_append_printf (s, "  (%.4g – %.4g)", lo, hi);
            }
        }
    }
  return g_string_free (s, FALSE);
}

char *
gs_study_figure_readout_cell (const GsStudyFigure *f, guint ix, guint iy)
{
  const GsStudyCell *c;
  GString *s;
  gsize k;

  if (!f->is_phase || ix >= f->map.nx || iy >= f->map.ny)
    return NULL;
  k = (gsize) iy * f->map.nx + ix;
  if (!f->has_cell[k])
    return NULL;
  c = &f->cells[k];
  s = g_string_new (NULL);
  {
    g_autofree char *xt = g_markup_escape_text (f->map.x_title ? f->map.x_title : "x", -1);
    g_autofree char *yt = g_markup_escape_text (f->map.y_title ? f->map.y_title : "y", -1);

    g_string_append_printf (s, "<b>%s %.4g · %s %.4g</b>", xt, f->map.x[ix], yt, f->map.y[iy]);
  }
  if (!c->done)
    {
      /* TRANSLATORS: in the phase map's read-out: a cell of a running study */
      append_escaped (s, "\n%s", _("not computed yet"));
      return g_string_free (s, FALSE);
    }
  g_string_append_c (s, '\n');
  if (isfinite (c->final_loss))
    /* TRANSLATORS: in the phase map's read-out */
    append_escaped (s, _("final loss %.5g"), c->final_loss);
  else
    append_escaped (s, _("final loss %s"), "—");
  if (isfinite (f->threshold))
    {
      char t[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *steps = NULL;

      g_ascii_formatd (t, sizeof t, "%.3g", f->threshold);
      steps = c->steps_to_threshold == G_MAXUINT64
              /* TRANSLATORS: in the phase map's read-out: the loss never got
               * under the threshold */
              ? g_strdup (C_("readout", "not reached"))
              : g_strdup_printf ("%" G_GUINT64_FORMAT, c->steps_to_threshold);
      g_string_append_c (s, '\n');
      /* TRANSLATORS: in the phase map's read-out: "steps to loss < 1e-06: 345" */
      append_escaped (s, _("steps to loss < %s: %s"), t, steps);
    }
  if (c->diverged)
    {
      g_string_append_c (s, '\n');
      /* TRANSLATORS: in the phase map's read-out: the run of this cell diverged */
      g_string_append (s, "<span foreground=\"#e01b24\">");
      append_escaped (s, "%s", C_("readout", "diverged"));
      g_string_append (s, "</span>");
    }
  return g_string_free (s, FALSE);
}

/* A file's page: the background, the heading, the figure below it */
static void
draw_page (cairo_t *cr, int width, int height, gconstpointer data)
{
  const GsStudyFigure *f = data;
  const GsPlotStyle *style = f->is_phase ? &f->map.style : &f->loss.style;
  GsPainter p;
  double m, title_h, body_y;

  gs_painter_init (&p, cr, style);
  m = 16.0 * p.s;
  gs_painter_source (&p, p.bg, 1.0);
  cairo_paint (cr);
  gs_painter_text_size (&p, "Ag", p.font_title, NULL, &title_h);
  gs_painter_fg (&p, 1.0);
  gs_painter_text_max (&p, gs_study_figure_get_title (f), p.font_title, m, m * 0.75, 0.0, 0.0,
                       width - 2 * m);
  body_y = round (m * 0.75 + title_h + m * 0.75);
  gs_painter_clear (&p);

  cairo_save (cr);
  cairo_translate (cr, m, body_y);
  gs_study_figure_render (f, cr, MAX (width - 2 * m, 20.0), MAX (height - body_y - m, 20.0));
  cairo_restore (cr);
}

gboolean
gs_study_figure_write (const GsStudyFigure *f, const char *path, int width, int height,
                       GError **error)
{
  return gs_figure_write_with (path, width, height, draw_page, f, gs_study_figure_get_title (f),
                               error);
}
