/* gs-plot-contour.c — the landscape: bands, iso-lines, colour bar, walks */
#include "gs-plot.h"
#include "gs-plot-private.h"

#include <math.h>
#include <string.h>

#define BAR_GAP   14.0   /* plot area → colour bar */
#define BAR_WIDTH 12.0
#define TICK      4.0
#define GAP       4.0
#define PAD       6.0

/* Labels of the colour bar at the level values, as ticks of their own. */
static void
bar_ticks (const GsLevels *lv, GsTicks *ticks)
{
  memset (ticks, 0, sizeof *ticks);
  ticks->log = lv->log;
  ticks->step = lv->log ? 1.0 : lv->step;
  for (guint k = 0; k < lv->n && k < GS_TICKS_MAX; k++)
    ticks->ticks[ticks->n++] = (GsTick) { lv->log ? lv->values[k] - lv->base : lv->values[k], TRUE };
}

static char *
bar_title (const GsLevels *levels, const char *value_title)
{
  const char *title = value_title ? value_title : "f";

  if (levels->log && levels->base != 0.0)
    {
      /* the labels are distances above the minimum */
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (buf, sizeof buf, "%.4g", levels->base);
      return g_strdup_printf ("%s − min   (min = %s%s)", title,
                              buf[0] == '-' ? "−" : "", buf[0] == '-' ? buf + 1 : buf);
    }
  return g_strdup (title);
}

double
gs_colour_bar_width (GsPainter *p, const GsLevels *levels, const char *value_title)
{
  double s = p->s, max_w = 0, title_h = 0;
  g_autofree char *title = bar_title (levels, value_title);
  GsTicks ticks;
  char buf[64];

  bar_ticks (levels, &ticks);
  for (guint k = 0; k < ticks.n; k++)
    {
      double w;
      gs_tick_format (&ticks, ticks.ticks[k].value, buf, sizeof buf);
      gs_painter_text_size (p, buf, NULL, &w, NULL);
      max_w = MAX (max_w, w);
    }
  gs_painter_text_size (p, title, NULL, NULL, &title_h);
  return (BAR_GAP + BAR_WIDTH + TICK + GAP) * s + max_w + (GAP + 2) * s + title_h + PAD * s;
}

/* Width the colour bar and its labels take right of the plot area. */
static double
bar_width (GsPainter *p, const GsContourView *view)
{
  if (view->grid == NULL || view->levels == NULL)
    return PAD * p->s;
  return gs_colour_bar_width (p, view->levels, view->value_title);
}

/* Height of the note line above the plot area (0: no note). */
static double
note_height (GsPainter *p, const GsContourView *view)
{
  double h;

  if (view->note == NULL || view->note[0] == '\0')
    return 0.0;
  gs_painter_text_size (p, "Ag", NULL, NULL, &h);
  return h + 4.0 * p->s;
}

static void
layout (GsPainter *p, double width, double height, const GsContourView *view, GsAxes *axes)
{
  GsRect outer;

  memset (axes, 0, sizeof *axes);
  axes->x = (GsAxis) { view->x_min, view->x_max, FALSE, view->x_title };
  axes->y = (GsAxis) { view->y_min, view->y_max, FALSE, view->y_title };
  outer = (GsRect) { 0, 0, width - bar_width (p, view), height };
  outer.y += note_height (p, view);
  outer.height -= note_height (p, view);
  gs_axes_layout_p (p, axes, &outer);
}

void
gs_plot_contour_get_area (cairo_t *cr, double width, double height,
                          const GsContourView *view, GsRect *area)
{
  GsPainter p;
  GsAxes axes;

  gs_painter_init (&p, cr, &view->style);
  layout (&p, width, height, view, &axes);
  *area = axes.area;
  gs_painter_clear (&p);
}

static void
draw_bands (GsPainter *p, const GsContourView *view, const GsAxes *axes)
{
  const GsGrid *g = view->grid;
  cairo_surface_t *image = view->bands;
  cairo_surface_t *made = NULL;
  double x0, x1, y0, y1;

  x0 = gs_axes_x_to_px (axes, g->x_min);
  x1 = gs_axes_x_to_px (axes, g->x_max);
  y0 = gs_axes_y_to_px (axes, g->y_max);   /* top */
  y1 = gs_axes_y_to_px (axes, g->y_min);
  if (!(x1 > x0) || !(y1 > y0))
    return;

  if (image == NULL)
    image = made = gs_contour_bands_image (g, view->levels,
                                           (int) MIN (ceil (x1 - x0), 4096),
                                           (int) MIN (ceil (y1 - y0), 4096),
                                           view->style.dark);
  gs_paint_image (p->cr, image, x0, y0, x1, y1, &axes->area);
  if (made)
    cairo_surface_destroy (made);
}

/* The iso-lines as polylines, device units. */
static void
path_lines (cairo_t *cr, const GsContourLines *lines, double ox, double sx, double oy,
            double sy)
{
  const double *pts = (const double *) lines->points->data;
  const guint *starts = (const guint *) lines->starts->data;

  for (guint k = 0; k + 1 < lines->starts->len; k++)
    {
      guint a = starts[k], b = starts[k + 1];

      cairo_move_to (cr, ox + pts[2 * a] * sx, oy - pts[2 * a + 1] * sy);
      for (guint i = a + 1; i < b; i++)
        cairo_line_to (cr, ox + pts[2 * i] * sx, oy - pts[2 * i + 1] * sy);
    }
}

static void
stroke_lines (cairo_t *cr, double s)
{
  cairo_set_line_width (cr, 0.8 * s);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
  cairo_set_source_rgba (cr, 0.0, 0.0, 0.0, 0.32);
  cairo_stroke (cr);
}

static void
draw_lines (GsPainter *p, const GsContourView *view, const GsAxes *axes)
{
  double sx = axes->area.width / (view->x_max - view->x_min);
  double sy = axes->area.height / (view->y_max - view->y_min);

  path_lines (p->cr, view->lines, axes->area.x - view->x_min * sx, sx,
              axes->area.y + view->y_max * sy, sy);
  stroke_lines (p->cr, p->s);
}

cairo_surface_t *
gs_plot_contour_landscape_image (const GsGrid *grid, const GsLevels *levels,
                                 const GsContourLines *lines, int width, int height,
                                 const GsPlotStyle *style)
{
  cairo_surface_t *image = gs_contour_bands_image (grid, levels, width, height,
                                                   style && style->dark);
  double s = style && style->scale > 0 ? style->scale : 1.0;
  cairo_t *cr;

  if (lines == NULL || cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    return image;
  cr = cairo_create (image);
  /* grid window → image pixels, row 0 at y_max */
  path_lines (cr, lines, -grid->x_min * width / (grid->x_max - grid->x_min),
              width / (grid->x_max - grid->x_min),
              grid->y_max * height / (grid->y_max - grid->y_min),
              height / (grid->y_max - grid->y_min));
  stroke_lines (cr, s);
  cairo_destroy (cr);
  return image;
}

static void
clamp_into (const GsRect *r, double inset, double *x, double *y)
{
  *x = CLAMP (*x, r->x + inset, r->x + r->width - inset);
  *y = CLAMP (*y, r->y + inset, r->y + r->height - inset);
}

/* ---- a window around the walks ---------------------------------------------- */

static void
grow_box (double box[4], double x, double y)
{
  if (!isfinite (x) || !isfinite (y))
    return;
  box[0] = MIN (box[0], x);
  box[1] = MAX (box[1], x);
  box[2] = MIN (box[2], y);
  box[3] = MAX (box[3], y);
}

void
gs_plot_fit_window (const GsTrajectory *walks, guint n_walks, const double *points,
                    guint n_points, double view[4])
{
  double box[4] = { INFINITY, -INFINITY, INFINITY, -INFINITY };
  gboolean any_ok = FALSE;
  double w, h, cx, cy;

  for (guint k = 0; k < n_points; k++)
    grow_box (box, points[2 * k], points[2 * k + 1]);
  for (guint r = 0; r < n_walks; r++)
    any_ok |= !walks[r].diverged;
  for (guint r = 0; r < n_walks; r++)
    {
      const GsTrajectory *tr = &walks[r];
      gsize stride = tr->stride ? tr->stride : 2;
      /* a diverged walk runs off to infinity: its first steps only, and
       * only when nothing else is there to show */
      guint n = tr->diverged ? (any_ok ? 0 : MIN (tr->n, 4)) : tr->n;

      for (guint i = 0; i < n; i++)
        grow_box (box, tr->xy[i * stride], tr->xy[i * stride + 1]);
    }
  if (!(box[1] >= box[0]))
    {
      box[0] = box[2] = -1;
      box[1] = box[3] = 1;
    }
  w = box[1] - box[0];
  h = box[3] - box[2];
  w = MAX (w, 0.2 * h);
  h = MAX (h, 0.2 * w);
  if (w == 0.0)
    w = h = MAX (1.0, fabs (box[0]) + fabs (box[2]));
  cx = (box[0] + box[1]) / 2;
  cy = (box[2] + box[3]) / 2;
  view[0] = cx - 0.62 * w;
  view[1] = cx + 0.62 * w;
  view[2] = cy - 0.62 * h;
  view[3] = cy + 0.62 * h;
}

/* ---- walk layers ------------------------------------------------------------ */

#define HALO_WIDTH 3.5
#define LINE_WIDTH 1.75
/* frozen points a walk gathers before they go into the layers */
#define LAYER_BATCH 32

struct _GsWalkLayers
{
  cairo_surface_t *halo, *line;   /* the plot area's size (× device scale) */
  GsRect           area;
  double           s;
  guint            n;
  GsWalkCache    **caches;        /* the walks they were drawn from … */
  guint           *serials;       /* … and the start-over serial of each */
  GsRgb           *colors;
  guint           *drawn;         /* frozen points already in the layers */
};

GsWalkLayers *
gs_walk_layers_new (void)
{
  return g_new0 (GsWalkLayers, 1);
}

static void
layers_clear (GsWalkLayers *l)
{
  g_clear_pointer (&l->halo, cairo_surface_destroy);
  g_clear_pointer (&l->line, cairo_surface_destroy);
  g_clear_pointer (&l->caches, g_free);
  g_clear_pointer (&l->serials, g_free);
  g_clear_pointer (&l->colors, g_free);
  g_clear_pointer (&l->drawn, g_free);
  l->n = 0;
}

void
gs_walk_layers_free (GsWalkLayers *l)
{
  if (l == NULL)
    return;
  layers_clear (l);
  g_free (l);
}

static void
walk_style (cairo_t *cr)
{
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
}

static cairo_surface_t *
layer_new (cairo_t *cr, const GsRect *area)
{
  double dsx = 1, dsy = 1;
  cairo_surface_t *surface;

  cairo_surface_get_device_scale (cairo_get_target (cr), &dsx, &dsy);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        (int) ceil (area->width * dsx),
                                        (int) ceil (area->height * dsy));
  cairo_surface_set_device_scale (surface, dsx, dsy);
  cairo_surface_set_device_offset (surface, -area->x * dsx, -area->y * dsy);
  return surface;
}

/* Brings the layers up to date with the walks' frozen points; FALSE when
 * they cannot be used (a walk without a cache). */
static gboolean
layers_update (GsWalkLayers *l, cairo_t *target, const GsContourView *view,
               GsWalkCache **caches, const GsRect *area, double s)
{
  guint n = view->n_trajectories;
  gboolean fresh = l->halo == NULL || l->n != n || l->s != s
                   || memcmp (&l->area, area, sizeof *area) != 0;
  cairo_t *halo = NULL, *line = NULL;

  for (guint r = 0; r < n; r++)
    if (view->trajectories[r].cache == NULL)
      return FALSE;
  for (guint r = 0; r < n && !fresh; r++)
    fresh = l->caches[r] != caches[r] || l->serials[r] != gs_walk_cache_get_serial (caches[r])
            || memcmp (&l->colors[r], &view->trajectories[r].color, sizeof (GsRgb)) != 0;

  if (fresh)
    {
      layers_clear (l);
      l->halo = layer_new (target, area);
      l->line = layer_new (target, area);
      l->area = *area;
      l->s = s;
      l->n = n;
      l->caches = g_new (GsWalkCache *, MAX (n, 1));
      l->serials = g_new (guint, MAX (n, 1));
      l->colors = g_new (GsRgb, MAX (n, 1));
      l->drawn = g_new0 (guint, MAX (n, 1));
      for (guint r = 0; r < n; r++)
        {
          l->caches[r] = caches[r];
          l->serials[r] = gs_walk_cache_get_serial (caches[r]);
          l->colors[r] = view->trajectories[r].color;
        }
    }

  /* new frozen points, in batches: halos into one layer, lines into the other */
  for (guint r = 0; r < n; r++)
    {
      guint frozen = gs_walk_cache_get_n_frozen (caches[r]);
      GsRgb c = view->trajectories[r].color;

      if (frozen < l->drawn[r] + LAYER_BATCH)
        continue;
      if (halo == NULL)
        {
          halo = cairo_create (l->halo);
          line = cairo_create (l->line);
          walk_style (halo);
          walk_style (line);
          cairo_set_line_width (halo, HALO_WIDTH * s);
          cairo_set_line_width (line, LINE_WIDTH * s);
        }
      gs_walk_cache_append_frozen (caches[r], halo, l->drawn[r], frozen);
      gs_set_halo (halo, c);
      cairo_stroke (halo);
      gs_walk_cache_append_frozen (caches[r], line, l->drawn[r], frozen);
      cairo_set_source_rgb (line, c.r, c.g, c.b);
      cairo_stroke (line);
      l->drawn[r] = frozen;
    }
  if (halo)
    {
      cairo_destroy (halo);
      cairo_destroy (line);
    }
  return TRUE;
}

static void
draw_trajectories (GsPainter *p, const GsContourView *view, const GsAxes *axes)
{
  cairo_t *cr = p->cr;
  double s = p->s;
  double sx = axes->area.width / (view->x_max - view->x_min);
  double sy = axes->area.height / (view->y_max - view->y_min);
  double t[4] = { axes->area.x - view->x_min * sx, sx, axes->area.y + view->y_max * sy, -sy };
  guint n = view->n_trajectories;
  g_autofree int *last = g_new (int, MAX (n, 1));
  g_autofree GsWalkCache **caches = g_new0 (GsWalkCache *, MAX (n, 1));
  g_autofree GsWalkCache **temps = g_new0 (GsWalkCache *, MAX (n, 1));
  g_autofree guint *from = g_new0 (guint, MAX (n, 1));
  gboolean layered;
  GsRgb ink = GS_INK;

  cairo_save (cr);
  walk_style (cr);

  /* Each walk decimated (against the pixels it already covers; from where
   * the last frame stopped when it has a cache), then halos first and lines
   * second, so where walks share a path (a valley) every colour stays
   * visible instead of the last halo covering them. A halo that contrasts
   * with the run colour keeps the walk readable on every band. */
  for (guint r = 0; r < n; r++)
    {
      const GsTrajectory *tr = &view->trajectories[r];

      caches[r] = tr->cache ? tr->cache : (temps[r] = gs_walk_cache_new ());
      gs_walk_cache_update (caches[r], tr->xy, tr->n, tr->stride ? tr->stride : 2, t,
                            &axes->area, TRUE, tr->generation);
      last[r] = gs_walk_cache_last_finite (caches[r]);
    }
  layered = view->layers && n > 0
            && layers_update (view->layers, cr, view, caches, &axes->area, s);
  if (layered)
    for (guint r = 0; r < n; r++)
      from[r] = view->layers->drawn[r];

  if (layered)
    {
      cairo_set_source_surface (cr, view->layers->halo, 0, 0);
      cairo_paint (cr);
    }
  /* halos: one stroke per halo colour (crossing halos don't stack up) */
  cairo_set_line_width (cr, HALO_WIDTH * s);
  for (int dark = 0; dark < 2; dark++)
    {
      gboolean any = FALSE;

      for (guint r = 0; r < n; r++)
        if (gs_halo_is_dark (view->trajectories[r].color) == dark)
          {
            gs_walk_cache_append_live (caches[r], cr, from[r]);
            gs_set_halo (cr, view->trajectories[r].color);
            any = TRUE;
          }
      if (any)
        cairo_stroke (cr);
    }
  if (layered)
    {
      cairo_set_source_surface (cr, view->layers->line, 0, 0);
      cairo_paint (cr);
    }
  cairo_set_line_width (cr, LINE_WIDTH * s);
  for (guint r = 0; r < n; r++)
    {
      const GsTrajectory *tr = &view->trajectories[r];

      gs_walk_cache_append_live (caches[r], cr, from[r]);
      cairo_set_source_rgb (cr, tr->color.r, tr->color.g, tr->color.b);
      cairo_stroke (cr);
    }
  for (guint r = 0; r < n; r++)
    gs_walk_cache_free (temps[r]);

  /* markers above every line */
  for (guint k = 0; k < view->n_minima; k++)
    {
      double x = t[0] + t[1] * view->minima[2 * k];
      double y = t[2] + t[3] * view->minima[2 * k + 1];

      if (gs_rect_contains (&axes->area, x, y))
        gs_mark_star (cr, x, y, 9.0 * s, GS_WHITE, ink, 1.5 * s);
    }

  if (view->has_start)
    {
      double x = t[0] + t[1] * view->start[0];
      double y = t[2] + t[3] * view->start[1];

      if (gs_rect_contains (&axes->area, x, y))
        gs_mark_square (cr, x, y, 5.0 * s, GS_WHITE, ink, 1.6 * s);
    }
  else
    for (guint r = 0; r < view->n_trajectories; r++)
      {
        const GsTrajectory *tr = &view->trajectories[r];
        double x, y;

        if (last[r] < 0)
          continue;
        x = t[0] + t[1] * tr->xy[0];
        y = t[2] + t[3] * tr->xy[1];
        if (gs_rect_contains (&axes->area, x, y))
          gs_mark_square (cr, x, y, 5.0 * s, GS_WHITE, ink, 1.6 * s);
      }

  for (guint r = 0; r < view->n_trajectories; r++)
    {
      const GsTrajectory *tr = &view->trajectories[r];
      gsize stride = tr->stride ? tr->stride : 2;
      const double *pt;
      double x, y;

      if (last[r] < 0)
        continue;
      pt = tr->xy + (gsize) last[r] * stride;
      x = t[0] + t[1] * pt[0];
      y = t[2] + t[3] * pt[1];
      if (tr->diverged)
        {
          /* where it left: on the edge when that was outside the view */
          if (!isfinite (x) || !isfinite (y))
            continue;
          clamp_into (&axes->area, 7.0 * s, &x, &y);
          gs_mark_cross (cr, x, y, 5.0 * s, GS_DIVERGED_RED, GS_WHITE, 2.2 * s);
        }
      else if (gs_rect_contains (&axes->area, x, y))
        gs_mark_dot (cr, x, y, 4.0 * s, tr->color, GS_WHITE, 1.75 * s);
    }
  cairo_restore (cr);
}

gboolean
gs_labels_fit (const double *pos, const guint *keep, guint n_keep, double min_gap)
{
  for (guint i = 1; i < n_keep; i++)
    if (fabs (pos[keep[i]] - pos[keep[i - 1]]) < min_gap)
      return FALSE;
  return TRUE;
}

void
gs_colour_ramp_draw (GsPainter *p, double bx, double by, double bw, double bh)
{
  cairo_t *cr = p->cr;
  cairo_pattern_t *ramp = cairo_pattern_create_linear (0, by + bh, 0, by);

  for (int k = 0; k <= 32; k++)
    {
      double r, g, bl;
      gs_colormap_rgb (k / 32.0, &r, &g, &bl);
      cairo_pattern_add_color_stop_rgb (ramp, k / 32.0, r, g, bl);
    }
  cairo_set_source (cr, ramp);
  cairo_rectangle (cr, bx, by, bw, bh);
  cairo_fill (cr);
  cairo_pattern_destroy (ramp);
}

static gboolean
is_decade (double v)
{
  double m = v / pow (10.0, floor (log10 (v) + 1e-9));
  return v > 0 && fabs (m - 1.0) < 1e-6;
}

void
gs_colour_bar_draw (GsPainter *p, const GsLevels *lv, const char *value_title,
                    gboolean smooth, const GsRect *area)
{
  cairo_t *cr = p->cr;
  double s = p->s;
  double bx = area->x + area->width + BAR_GAP * s;
  double by = area->y, bh = area->height, bw = BAR_WIDTH * s;
  double lw = MAX (1.0, round (s));
  double pos[GS_LEVELS_MAX], ypos[GS_LEVELS_MAX];
  g_autofree char *title = bar_title (lv, value_title);
  double label_h, max_w = 0;
  char labels[GS_LEVELS_MAX][64];
  GsTicks ticks;

  bx = round (bx);
  for (guint k = 0; k < lv->n; k++)
    pos[k] = gs_levels_position (lv, lv->values[k]);

  if (smooth)
    /* the colour map itself, bottom (position 0) to top */
    gs_colour_ramp_draw (p, bx, by, bw, bh);
  /* bands, bottom (position 0) to top */
  for (guint b = 0; b <= lv->n && !smooth; b++)
    {
      double a = b == 0 ? 0.0 : pos[b - 1];
      double e = b == lv->n ? 1.0 : pos[b];
      double r, g, bl;

      gs_colormap_rgb ((a + e) / 2, &r, &g, &bl);
      cairo_set_source_rgb (cr, r, g, bl);
      cairo_rectangle (cr, bx, by + (1 - e) * bh, bw, (e - a) * bh);
      cairo_fill (cr);
    }
  cairo_set_line_width (cr, lw);
  cairo_rectangle (cr, bx + lw / 2, by + lw / 2, bw - lw, bh - lw);
  gs_painter_fg (p, 0.45);
  cairo_stroke (cr);

  /* level ticks and labels */
  bar_ticks (lv, &ticks);
  gs_painter_text_size (p, "0123456789", NULL, NULL, &label_h);
  for (guint k = 0; k < lv->n; k++)
    {
      double y = round (by + (1 - pos[k]) * bh) + lw / 2;
      cairo_move_to (cr, bx + bw, y);
      cairo_line_to (cr, bx + bw + TICK * s, y);
      gs_tick_format (&ticks, ticks.ticks[k].value, labels[k], sizeof labels[0]);
      ypos[k] = y;
    }
  gs_painter_fg (p, 0.45);
  cairo_stroke (cr);

  /* Labels that fit: all, else (log) the decades, else every other one of
   * those, until none overlaps. */
  {
    guint keep[GS_LEVELS_MAX], n_keep = 0;

    for (guint k = 0; k < lv->n; k++)
      keep[n_keep++] = k;
    while (!gs_labels_fit (ypos, keep, n_keep, label_h + 1.0 * s))
      {
        guint decades[GS_LEVELS_MAX], n_decades = 0;

        if (lv->log)
          for (guint i = 0; i < n_keep; i++)
            if (is_decade (ticks.ticks[keep[i]].value))
              decades[n_decades++] = keep[i];
        if (n_decades >= 2 && n_decades < n_keep)
          {
            memcpy (keep, decades, sizeof (guint) * n_decades);
            n_keep = n_decades;
          }
        else
          {
            guint m = 0;
            for (guint i = 0; i < n_keep; i += 2)
              keep[m++] = keep[i];
            n_keep = m;
          }
      }

    gs_painter_fg (p, 0.75);
    for (guint i = 0; i < n_keep; i++)
      gs_painter_text (p, labels[keep[i]], NULL, bx + bw + (TICK + GAP) * s, ypos[keep[i]],
                       0.0, 0.5);
  }
  for (guint k = 0; k < lv->n; k++)
    {
      double w;
      gs_painter_text_size (p, labels[k], NULL, &w, NULL);
      max_w = MAX (max_w, w);
    }

  gs_painter_fg (p, 0.85);
  {
    double tw, th;

    /* a short bar (a small view) gets the short title, or none */
    gs_painter_text_size (p, title, NULL, &tw, &th);
    if (tw > bh)
      {
        g_free (title);
        title = g_strdup (value_title ? value_title : "f");
        if (lv->log && lv->base != 0.0)
          {
            g_free (title);
            title = g_strdup_printf ("%s − min", value_title ? value_title : "f");
          }
        gs_painter_text_size (p, title, NULL, &tw, &th);
      }
    if (tw <= bh)
      gs_painter_text_vertical (p, title, NULL,
                                bx + bw + (TICK + GAP) * s + max_w + (GAP + 2) * s + th / 2,
                                by + bh / 2);
  }
}

void
gs_plot_contour_render (cairo_t *cr, double width, double height, const GsContourView *view)
{
  GsPainter p;
  GsAxes axes;

  g_return_if_fail (view->x_max > view->x_min && view->y_max > view->y_min);

  cairo_save (cr);
  gs_painter_init (&p, cr, &view->style);
  layout (&p, width, height, view, &axes);

  cairo_rectangle (cr, axes.area.x, axes.area.y, axes.area.width, axes.area.height);
  gs_painter_fg (&p, 0.04);
  cairo_fill (cr);

  if (view->grid && view->levels)
    draw_bands (&p, view, &axes);

  cairo_save (cr);
  cairo_rectangle (cr, axes.area.x, axes.area.y, axes.area.width, axes.area.height);
  cairo_clip (cr);
  if (view->lines)
    draw_lines (&p, view, &axes);
  draw_trajectories (&p, view, &axes);
  cairo_restore (cr);

  gs_axes_draw_p (&p, &axes);
  if (view->grid && view->levels)
    gs_colour_bar_draw (&p, view->levels, view->value_title, FALSE, &axes.area);
  if (note_height (&p, view) > 0)
    {
      /* above the plot area, left-aligned with it, cut to its width */
      gs_painter_fg (&p, 0.7);
      gs_painter_text_max (&p, view->note, NULL, axes.area.x, axes.area.y - (4.0 + PAD) * p.s,
                           0.0, 1.0,
                           width - axes.area.x - PAD * p.s);
    }

  gs_painter_clear (&p);
  cairo_restore (cr);
}
