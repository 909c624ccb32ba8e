/* gs-plot.h — the views of the app as Cairo renderers
 *
 * Each renderer takes a cairo_t, a size and a read-only snapshot of what to
 * draw (no callbacks, no GTK), so the window and gradscope-cli draw the same
 * figures. Sizes are device units: pixels on image surfaces, points on SVG
 * and PDF. */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "gs-axes.h"
#include "gs-colormap.h"
#include "gs-contour.h"
#include "gs-plot-types.h"
#include "gs-problem.h"

G_BEGIN_DECLS

/* ---- contour view -----------------------------------------------------------
 *
 * For a live window, cache three things and a frame of 8 walks × 100 000
 * points costs about a millisecond and a half: the landscape image with the
 * iso-lines drawn in (gs_plot_contour_landscape_image, lines = NULL), a
 * GsWalkCache per walk and one GsWalkLayers. Without them the same frame
 * decimates every row and strokes every walk whole (≈ 10 ms); that is what
 * the one-off figures of gradscope-cli do. */

/* Optional, owned by the caller: a walk's decimated path kept between
 * frames, so a frame only decimates the rows added since the last one. It
 * starts over by itself when the view, the size or the generation changes. */
typedef struct _GsWalkCache GsWalkCache;

GsWalkCache *gs_walk_cache_new  (void);
void         gs_walk_cache_free (GsWalkCache *cache);
/* The rows were thinned out (a trace decimation: a subset of the same walk,
 * the path drawn so far still right): keep it, and carry on from row
 * n_done of the new rows, the first one the cache has not seen. */
void         gs_walk_cache_rebase (GsWalkCache *cache, guint n_done);

/* Optional, owned by the caller: the walks' older parts stroked once into
 * two images (halos, lines), so a frame paints those and strokes only what
 * the walks added since. Used when every trajectory has a cache; it starts
 * over by itself when the area, a colour or a walk cache starts over. */
typedef struct _GsWalkLayers GsWalkLayers;

GsWalkLayers *gs_walk_layers_new  (void);
void          gs_walk_layers_free (GsWalkLayers *layers);

/* One run's walk over the contour plane. */
typedef struct
{
  const double *xy;        /* point i at (xy[i·stride], xy[i·stride + 1]), data units */
  gsize         stride;    /* doubles between points (0 = 2) */
  guint         n;
  GsRgb         color;
  gboolean      diverged;  /* ends with a red ✕ at its last finite point */
  GsWalkCache  *cache;     /* NULL: decimated anew every frame */
  guint         generation; /* with cache: change it whenever rows already drawn were
                             * rewritten (trace decimation, reset) */
} GsTrajectory;

typedef struct
{
  GsPlotStyle         style;
  double              x_min, x_max, y_min, y_max;   /* view window, data units */
  const char         *x_title, *y_title;
  const char         *value_title;      /* colour bar title ("f(x, y)", "loss") */
  const GsGrid       *grid;             /* NULL: no landscape yet */
  const GsLevels     *levels;           /* with grid */
  const GsContourLines *lines;          /* iso-lines; NULL: none drawn */
  /* The grid's band image (gs_contour_bands_image, or
   * gs_plot_contour_landscape_image with the lines in) covering the grid's
   * window, any number of pixels (no device scale set on it); NULL: made
   * from grid for this frame. Cached at the size of gs_plot_contour_get_area()
   * (× the device scale) its paint is a plain copy. */
  cairo_surface_t    *bands;
  const double       *minima;           /* n_minima (x, y) pairs */
  guint               n_minima;
  gboolean            has_start;
  double              start[2];
  const GsTrajectory *trajectories;
  guint               n_trajectories;
  GsWalkLayers       *layers;           /* NULL: every walk stroked whole every frame */
} GsContourView;

/* A window around the points (n_points (x, y) pairs: the start, a known
 * minimum) and every walk that did not diverge (a diverged one's first
 * steps only, when nothing else is there), padded, neither side under a
 * fifth of the other: x_min, x_max, y_min, y_max. */
void gs_plot_fit_window (const GsTrajectory *walks, guint n_walks, const double *points,
                         guint n_points, double view[4]);

/* The band image with the iso-lines drawn in, for a cache: a frame then
 * only copies it. Give it to the view as bands with lines = NULL (vector
 * output keeps them apart: bands from gs_contour_bands_image, lines on top). */
cairo_surface_t *gs_plot_contour_landscape_image (const GsGrid *grid, const GsLevels *levels,
                                                  const GsContourLines *lines,
                                                  int width, int height,
                                                  const GsPlotStyle *style);

/* The plot area the view gets inside width × height (for a cached band image). */
void gs_plot_contour_get_area (cairo_t *cr, double width, double height,
                               const GsContourView *view, GsRect *area);
void gs_plot_contour_render   (cairo_t *cr, double width, double height,
                               const GsContourView *view);

/* ---- loss view -------------------------------------------------------------- */

typedef struct
{
  const double *step;      /* n steps … */
  const double *loss;      /* … and their losses; NAN rows (not evaluated) are skipped */
  gsize         stride;    /* doubles between rows of step and loss (0 = 1) */
  guint         n;
  GsRgb         color;
  const char   *label;
  gboolean      diverged;  /* ends with a red ✕ */
} GsLossSeries;

typedef struct
{
  GsPlotStyle         style;
  gboolean            log_y;            /* log loss axis (linear when no loss is > 0) */
  const char         *x_title, *y_title;
  const GsLossSeries *series;
  guint               n_series;
} GsLossView;

void gs_plot_loss_render (cairo_t *cr, double width, double height, const GsLossView *view);
/* The plot area the loss view uses inside width × height. */
void gs_plot_loss_get_area (cairo_t *cr, double width, double height,
                            const GsLossView *view, GsRect *area);
/* TRUE when log is the better axis: no loss is < 0 and the positive ones
 * span more than 2 decades (exact zeros, an underflow at the minimum, are
 * left off a log axis). */
gboolean gs_plot_loss_prefers_log (const GsLossSeries *series, guint n_series);

/* ---- data view -------------------------------------------------------------- */

typedef struct
{
  const double *theta;     /* the run's current θ (n_params) */
  GsRgb         color;
  gboolean      diverged;  /* θ not finite: nothing drawn */
} GsDataFit;

typedef struct
{
  GsPlotStyle      style;
  GsProblemKind    kind;       /* linear or logistic regression */
  const GsDataset *data;       /* one feature, or two for logistic regression */
  const char      *x_title, *y_title;
  const GsDataFit *fits;
  guint            n_fits;
} GsDataView;

/* TRUE when the data view can show data of this kind and size. */
gboolean gs_plot_data_supported (GsProblemKind kind, guint n_features);
void     gs_plot_data_render    (cairo_t *cr, double width, double height,
                                 const GsDataView *view);

/* Drops Pango's default font map, so a leak checker sees less at exit
 * (cairo's and fontconfig's caches stay: freeing them races Pango's own
 * thread). Call it once, after the last render (gradscope-cli and the
 * tests do at exit). */
void gs_plot_release_fonts (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsWalkCache, gs_walk_cache_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsWalkLayers, gs_walk_layers_free)

G_END_DECLS
