/* gs-axes.h — nice ticks, compact tick labels, an axes frame with labels */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "gs-plot-types.h"

G_BEGIN_DECLS

#define GS_TICKS_MAX 96

typedef struct
{
  double   value;
  gboolean major;      /* labelled candidate; minor ticks (log 2…9) are not */
} GsTick;

typedef struct
{
  guint    n;
  gboolean log;        /* decades */
  double   step;       /* linear: spacing of the ticks; log: decades between majors */
  GsTick   ticks[GS_TICKS_MAX];   /* ascending, all inside [lo, hi] */
  gboolean percent;    /* labels are value × 100 with " %" (a fraction axis) */
} GsTicks;

/* The 1-2-5 number ≥ raw (raw > 0): 0.2, 0.5, 1, 2, 5, 10, … */
double gs_nice_step     (double raw);
/* About target ticks at multiples of a 1-2-5 step covering [lo, hi]. */
void   gs_ticks_linear  (double lo, double hi, guint target, GsTicks *ticks);
/* Decades with minor ticks 2…9 for 0 < lo < hi; every k-th decade when the
 * range spans many; 1-2-5 ticks when it spans less than a decade. */
void   gs_ticks_log     (double lo, double hi, GsTicks *ticks);
/* Compact label of one tick of ticks: "0.5", "−2", "1e-3", "2.5e4" on
 * linear axes; "0.01", "100", "10⁴", "2×10⁻⁵" on log axes; "0 %", "25 %",
 * "100 %" when ticks->percent. */
void   gs_tick_format   (const GsTicks *ticks, double value, char *buf, gsize size);

typedef struct
{
  double      lo, hi;   /* shown range in data units; log: 0 < lo < hi */
  gboolean    log;
  const char *title;    /* NULL: no title; ellipsized when longer than the axis */
  gboolean    percent;  /* linear, labelled as percent of 1 (accuracy): over
                         * [0, 1] the ticks are 0, 25, 50, 75, 100 % (or 50 %
                         * steps when short, 10 % when tall) */
} GsAxis;

typedef struct
{
  GsAxis   x, y;
  gboolean grid;        /* faint lines at the labelled ticks */
  /* set by gs_axes_layout: */
  GsRect   area;        /* the plot area, whole device units */
  GsTicks  x_ticks, y_ticks;
} GsAxes;

/* Places the plot area inside outer, leaving room for tick labels and
 * titles (measured with the style's font), and chooses the ticks. */
void   gs_axes_layout   (cairo_t *cr, const GsPlotStyle *style, GsAxes *axes,
                         const GsRect *outer);
/* Frame, ticks, labels (never overlapping: every other one is dropped until
 * they fit), titles, and the grid when asked. */
void   gs_axes_draw     (cairo_t *cr, const GsPlotStyle *style, const GsAxes *axes);

/* Data → device coordinates (log axes map log10). */
double gs_axes_x_to_px  (const GsAxes *axes, double x);
double gs_axes_y_to_px  (const GsAxes *axes, double y);

/* A view window (x_min, x_max, y_min, y_max) shown in a plot area, for the
 * pointer: the data point under pixel (px, py), TRUE when it is inside the
 * area (FALSE too for an empty area); the window scaled by factor around
 * (cx, cy); and start moved by a drag of (dx, dy) pixels. */
gboolean gs_window_at_pixel (const double window[4], const GsRect *area, double px,
                             double py, double *x, double *y);
void     gs_window_zoom     (double window[4], double cx, double cy, double factor);
void     gs_window_dragged  (const double start[4], const GsRect *area, double dx,
                             double dy, double window[4]);

G_END_DECLS
