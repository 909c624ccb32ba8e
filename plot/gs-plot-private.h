/* gs-plot-private.h — what the renderers share: theme, text, markers, paths */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "gs-axes.h"
#include "gs-plot.h"
#include "gs-plot-types.h"

G_BEGIN_DECLS

/* One render pass: the cairo context, the theme's colours and one Pango
 * layout reused for every label (making a layout per label costs more than
 * drawing it). */
typedef struct
{
  cairo_t              *cr;
  double                s;            /* UI scale */
  gboolean              dark;
  GsRgb                 bg;           /* page background */
  GsRgb                 fg;           /* text and frame */
  PangoLayout          *layout;
  PangoFontDescription *font;         /* Sans 9 × s: ticks, legends */
  PangoFontDescription *font_bold;    /* panel titles */
  PangoFontDescription *font_title;   /* the figure's title line */
} GsPainter;

void   gs_painter_init        (GsPainter *p, cairo_t *cr, const GsPlotStyle *style);
void   gs_painter_clear       (GsPainter *p);
void   gs_painter_source      (GsPainter *p, GsRgb c, double alpha);
void   gs_painter_fg          (GsPainter *p, double alpha);
/* Size of text's logical box in device units (font NULL: p->font). */
void   gs_painter_text_size   (GsPainter *p, const char *text,
                               const PangoFontDescription *font,
                               double *width, double *height);
/* Draws text with its box's point (ax·width, ay·height) at (x, y), in the
 * current source colour; returns the width. */
double gs_painter_text        (GsPainter *p, const char *text,
                               const PangoFontDescription *font,
                               double x, double y, double ax, double ay);
/* The same turned 90° counter-clockwise (a y-axis title); (x, y) is the centre. */
void   gs_painter_text_vertical (GsPainter *p, const char *text,
                                 const PangoFontDescription *font,
                                 double x, double y);

/* gs_painter_text ellipsized (at the end) to max_width; returns the width drawn. */
double gs_painter_text_max    (GsPainter *p, const char *text,
                               const PangoFontDescription *font,
                               double x, double y, double ax, double ay, double max_width);
void   gs_painter_text_vertical_max (GsPainter *p, const char *text,
                                     const PangoFontDescription *font,
                                     double x, double y, double max_width);

/* ---- legends -------------------------------------------------------------- */

/* Where a w × h legend goes inside area, margin in from its edges: the
 * corner the drawing crosses least — top right, top left, bottom right,
 * bottom left, in that order when they tie. spans (doubles, may be NULL)
 * are what it should not hide, three per item: x, top, bottom in device
 * units (a pixel column of a curve, or a point with its radius). */
void   gs_legend_place        (const GsRect *area, double w, double h, double margin,
                               const GArray *spans, double *x, double *y);
/* The legend's rounded box (the background at 85 %, a faint frame), then
 * a clip to it: cairo_save()d, end with cairo_restore (p->cr). */
void   gs_legend_box          (GsPainter *p, double x, double y, double w, double h);

/* ---- images --------------------------------------------------------------- */

/* Paints image stretched over the device rectangle (x0, y0)–(x1, y1),
 * inside clip only: a plain copy when it is one pixel per device unit,
 * bilinear otherwise, the edge pixels carried on beyond the image. */
void   gs_paint_image         (cairo_t *cr, cairo_surface_t *image, double x0, double y0,
                               double x1, double y1, const GsRect *clip);

/* ---- colour bar (gs-plot-contour.c) --------------------------------------- */

/* The colour map as one gradient over (bx, by, bw, bh), bottom (0) to top */
void   gs_colour_ramp_draw    (GsPainter *p, double bx, double by, double bw, double bh);
/* TRUE when the labels at pos[keep[0…n_keep)] (ordered) are min_gap apart */
gboolean gs_labels_fit        (const double *pos, const guint *keep, guint n_keep,
                               double min_gap);
/* Width a colour bar of levels with title takes right of a plot area. */
double gs_colour_bar_width    (GsPainter *p, const GsLevels *levels, const char *title);
/* The bar right of area: bands of the levels (smooth: one gradient, for
 * a field coloured continuously), ticks and labels at the levels, the
 * title along it. */
void   gs_colour_bar_draw     (GsPainter *p, const GsLevels *levels, const char *title,
                               gboolean smooth, const GsRect *area);

/* Axes with a painter already made (the public ones make their own). */
void   gs_axes_layout_p       (GsPainter *p, GsAxes *axes, const GsRect *outer);
void   gs_axes_draw_p         (GsPainter *p, const GsAxes *axes);

/* ---- markers (sizes already scaled) --------------------------------------- */

void   gs_mark_cross          (cairo_t *cr, double x, double y, double r,
                               GsRgb color, GsRgb outline, double width);
void   gs_mark_star           (cairo_t *cr, double x, double y, double r,
                               GsRgb fill, GsRgb outline, double width);
void   gs_mark_dot            (cairo_t *cr, double x, double y, double r,
                               GsRgb fill, GsRgb ring, double ring_width);
void   gs_mark_square         (cairo_t *cr, double x, double y, double r,
                               GsRgb color, GsRgb outline, double width);

/* ---- long polylines ------------------------------------------------------- */

/* The walk caches (gs-plot.h) are the decimator of gs_path_polyline, made
 * to resume: rows [n_done, n) are added to what the last frame made, unless
 * the transform, clip, stride or generation changed (then it starts over).
 * With use_coverage, segments only over pixels the walk already covers are
 * left out too. */
void   gs_walk_cache_update   (GsWalkCache *cache, const double *xy, guint n, gsize stride,
                               const double t[4], const GsRect *clip,
                               gboolean use_coverage, guint generation);
int    gs_walk_cache_last_finite (const GsWalkCache *cache);
/* The whole decimated path. */
void   gs_walk_cache_append_path (GsWalkCache *cache, cairo_t *cr);
/* The path is frozen points (simplified, final until the next start over)
 * and an open tail: */
guint  gs_walk_cache_get_serial  (const GsWalkCache *cache);
guint  gs_walk_cache_get_n_frozen (const GsWalkCache *cache);
/* frozen points [from, to), joined to point from − 1 when in the same subpath */
void   gs_walk_cache_append_frozen (GsWalkCache *cache, cairo_t *cr, guint from, guint to);
/* frozen points from `from` on, and the open tail */
void   gs_walk_cache_append_live (GsWalkCache *cache, cairo_t *cr, guint from);

/* Appends a polyline to the path: point i is (xy[i·stride], xy[i·stride + 1])
 * in data units, mapped to device units by px = t[0] + t[1]·x,
 * py = t[2] + t[3]·y; points in the same pixel as the last point kept are
 * skipped, segments are clipped to clip (cairo's fixed point overflows far
 * outside the surface) and the line is simplified to a third of a pixel.
 * Stops at the first non-finite point; returns the index of the last
 * finite point, or −1 when the first is not. */
int    gs_path_polyline       (cairo_t *cr, const double *xy, guint n, gsize stride,
                               const double t[4], const GsRect *clip);

/* A polyline of n device points (x, y pairs), simplified within tolerance
 * (Douglas–Peucker). */
void   gs_path_points         (cairo_t *cr, const double *pts, guint n, double tolerance);

/* The rectangle a path may use: the area grown by margin on every side. */
GsRect gs_rect_grow           (const GsRect *r, double margin);
gboolean gs_rect_contains     (const GsRect *r, double x, double y);

/* Red of the ✕ that ends a diverged run */
#define GS_DIVERGED_RED ((GsRgb) { 0.878, 0.106, 0.141 })
#define GS_WHITE        ((GsRgb) { 1.0, 1.0, 1.0 })
#define GS_INK          ((GsRgb) { 0.141, 0.122, 0.192 })

double gs_rgb_luminance       (GsRgb c);
/* The halo under a walk of colour c: dark for a light colour, white for a
 * dark one (gs_halo_is_dark says which), set as cr's source */
gboolean gs_halo_is_dark      (GsRgb c);
void     gs_set_halo          (cairo_t *cr, GsRgb c);

/* The decision-boundary field's colour for one node's K probabilities (the
 * pixels of gs_boundary_image_new); FALSE when one is not finite. */
gboolean gs_boundary_field_color (const double *p, guint n_classes, gboolean dark,
                                  GsRgb *out);

G_END_DECLS
