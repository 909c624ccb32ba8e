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
 * The landscape: a GsGrid's bands (viridis, linear or log levels; grey
 * hatching where the grid is NAN), iso-lines, a colour bar, and the runs'
 * walks on top. Also the loss-landscape view of a network: the grid over a
 * plane θc + a·d1 + b·d2 with axis titles such as "PC1 (93.2 %)" or
 * "filter-normalized direction 1" (titles longer than their axis are
 * ellipsized) and a note line above the plot.
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
  const char         *note;             /* a line above the plot area, cut to its width
                                         * ("plane through “Adam” at step 600 · 65²");
                                         * NULL: none, and no room kept for it */
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

/* ---- loss view --------------------------------------------------------------
 *
 * One renderer for three plots of a value per run against x:
 *   - loss against step (the default: x from 0 to the last step, log or
 *     linear y);
 *   - accuracy against step (percent = TRUE: y fixed over [0, 1], ticks
 *     "0 %" … "100 %"), training solid and validation dashed;
 *   - loss along a line through parameter space, the 1-D interpolation plot
 *     of Goodfellow et al. (x_min, x_max: a fixed x range, t ∈ [t0, t1] with
 *     t0 < 0 allowed; marks at t = 0 "start" and t = 1 "now").
 * Validation curves (val_loss, val_accuracy) are series of their own with
 * dashed = TRUE. For the interpolation plot the caller samples t (say 101
 * values over [−0.5, 1.5]), evaluates the objective at θ(t) = θ_start +
 * t·(θ_now − θ_start) on a worker (gs_problem_evaluate: a pass over every
 * row per t) and hands over (t, loss) as a run's series, its val_loss
 * dashed. */

typedef struct
{
  const double *step;      /* n steps (or any x, ascending) … */
  const double *loss;      /* … and their values; NAN rows (not evaluated) are skipped */
  gsize         stride;    /* doubles between rows of step and loss (0 = 1) */
  guint         n;
  GsRgb         color;
  const char   *label;     /* legend row; a dashed series with no label gets none
                            * (the view's dashed_label row keys them all) */
  gboolean      diverged;  /* ends with a red ✕ */
  gboolean      dashed;    /* a validation curve: dashed line, dashed legend swatch */
  /* optional (zero: none) */
  const double *band_lo;   /* with band_hi: a translucent band between the two, under
                            * every curve (same rows and stride as loss: a mean ± its
                            * standard deviation, a min–max over seeds) */
  const double *band_hi;
  gboolean      has_cross; /* a red ✕ at the x of row cross_row (a row left NAN: where an
                            * lr sweep first diverged), at the height of the last row
                            * drawn before it (the top of the plot when there is none) */
  guint         cross_row;
  gboolean      has_dot;   /* a dot in the series' colour on row dot_row (a best lr) */
  guint         dot_row;
} GsLossSeries;

/* A vertical line across the plot at x, labelled at its top ("start", "now"). */
typedef struct
{
  double      x;
  const char *label;       /* NULL: the line only */
} GsLossMark;

typedef struct
{
  GsPlotStyle         style;
  gboolean            log_y;            /* log loss axis (linear when no loss is > 0) */
  const char         *x_title, *y_title;
  const GsLossSeries *series;
  guint               n_series;
  /* all optional (zero: the loss view as it always was) */
  double              x_min, x_max;     /* x_max > x_min: the x axis spans exactly this
                                         * (rows outside left out); else 0 … the last step */
  gboolean            percent;          /* values are fractions (accuracy): linear y over
                                         * [0, 1], percent ticks; log_y is ignored */
  const GsLossMark   *marks;
  guint               n_marks;
  const char         *dashed_label;     /* legend row keying unlabelled dashed series
                                         * (NULL: "validation") */
  gboolean            log_x;            /* a log x axis (x_min > 0 and x_max given): a
                                         * study against a learning rate or a strength */
} GsLossView;

void gs_plot_loss_render (cairo_t *cr, double width, double height, const GsLossView *view);
/* The plot area the loss view uses inside width × height. */
void gs_plot_loss_get_area (cairo_t *cr, double width, double height,
                            const GsLossView *view, GsRect *area);
/* Its axes (area, ranges, ticks): with gs_axes_x_to_px and the x range,
 * a pointer's x in data units (step or t) is
 * x.lo + (px − area.x) / area.width · (x.hi − x.lo). */
void gs_plot_loss_get_axes (cairo_t *cr, double width, double height,
                            const GsLossView *view, GsAxes *axes);
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

/* TRUE when the data view can show data of this kind and size (linear and
 * logistic regression only: a network's data goes in the decision-boundary
 * view, see gs_plot_boundary_mode_for). */
gboolean gs_plot_data_supported (GsProblemKind kind, guint n_features);
void     gs_plot_data_render    (cairo_t *cr, double width, double height,
                                 const GsDataView *view);

/* ---- decision-boundary view ---------------------------------------------------
 *
 * What a network predicts over its input space, with the data on top:
 *   GS_BOUNDARY_CLASSES  2 inputs, K classes: the class probabilities as a
 *                        colour field — each class its colour
 *                        (gs_class_color), blended by probability and
 *                        fading to the background where the network is
 *                        unsure, as in TensorFlow Playground — and the
 *                        class boundaries (where the most probable class
 *                        changes; K = 2: p = 0.5) as a thin line;
 *   GS_BOUNDARY_SURFACE  2 inputs, a real output: the prediction on the
 *                        viridis scale of levels, iso-lines, a colour bar;
 *                        the points coloured by their target on the same scale;
 *   GS_BOUNDARY_CURVE    1 input: the data (x, y) and the prediction curve
 *                        over x (a classifier: P(class k) against x, the
 *                        points at their label when K = 2, else along the top).
 * Training points are filled circles (class colour, or value colour) with a
 * contrasting outline, validation points hollow rings; a legend ("class 0",
 * …, "validation") goes to the corner that hides the fewest points.
 *
 * The field is a grid of nx × ny nodes over a window, cell-centred: node
 * (i, j) is the centre of cell (i, j) of the window cut into nx × ny cells,
 *   x = x_min + (i + ½)·(x_max − x_min)/nx,  y = y_min + (j + ½)·(y_max − y_min)/ny,
 * row j = 0 at y_min. Its image has one pixel per node and covers the
 * window exactly (image row 0 is y_max, as images go); the view stretches
 * it (bilinear) over the window's place on screen.
 *
 * Threading: gs_field_points, gs_boundary_image_new, gs_value_image_new,
 * gs_boundary_lines_new and gs_field_lines_new are pure functions of their
 * arguments that make cairo image surfaces only (no Pango, no fonts): call
 * them on a worker thread, with the network's outputs
 *
 *   xy = g_new (double, 2 · nx · ny);
 *   gs_field_points (window, nx, ny, xy);
 *   gs_mlp_predict (mlp, theta, xy, 2, nx · ny, probs, work);   (in batches)
 *   image = gs_boundary_image_new (probs, nx, ny, K, &style);
 *   lines = gs_boundary_lines_new (probs, nx, ny, K, window);
 *
 * and hand the image and lines to the main thread, which renders the view
 * (gs_plot_boundary_render uses Pango: main thread only). The image
 * depends on style.dark: make it again when the style changes. */

#define GS_CLASS_PALETTE_SIZE 10
/* Class boundaries are drawn for at most this many classes. */
#define GS_BOUNDARY_MAX_LINE_CLASSES 32

/* Colour of class k (Tableau 10: blue, orange, green, purple, red, teal,
 * yellow, brown, pink, grey — muted, readable on light and dark), cycling. */
GsRgb gs_class_color (guint k);

/* The nx × ny nodes of a window (x_min, x_max, y_min, y_max) as (x, y)
 * pairs, row by row from y_min: the inputs to predict at (raw stride 2). */
void  gs_field_points (const double window[4], guint nx, guint ny, double *xy);

/* probs: ny rows (row 0 at y_min) of nx nodes of K class probabilities
 * (gs_mlp_predict's output for gs_field_points). An nx × ny image; nodes
 * with a non-finite probability are grey. NULL for bad arguments (a cairo
 * error surface when the image cannot be made). */
cairo_surface_t *gs_boundary_image_new (const double *probs, guint nx, guint ny,
                                        guint n_classes, const GsPlotStyle *style);
/* values: ny rows of nx predicted values, as probs; each pixel its value's
 * colour on the viridis scale of levels (continuous, not banded). */
cairo_surface_t *gs_value_image_new    (const double *values, guint nx, guint ny,
                                        const GsLevels *levels, const GsPlotStyle *style);
/* Class boundaries of the probability grid over window, data units:
 * where class k stops being the most probable (K = 2: the iso-line p = 0.5).
 * Empty for K > GS_BOUNDARY_MAX_LINE_CLASSES or fewer than 2 × 2 nodes. */
GsContourLines  *gs_boundary_lines_new (const double *probs, guint nx, guint ny,
                                        guint n_classes, const double window[4]);
/* Iso-lines at the levels of a value grid over window (a fitted surface). */
GsContourLines  *gs_field_lines_new    (const double *values, guint nx, guint ny,
                                        const double window[4], const GsLevels *levels);

typedef enum
{
  GS_BOUNDARY_CLASSES,   /* 2 inputs → K class probabilities */
  GS_BOUNDARY_SURFACE,   /* 2 inputs → a value */
  GS_BOUNDARY_CURVE,     /* 1 input → a value, or K class probabilities */
} GsBoundaryMode;

typedef struct
{
  GsPlotStyle           style;
  GsBoundaryMode        mode;
  double                x_min, x_max, y_min, y_max;  /* view window, data units (CURVE:
                                                      * y is the output; a classifier's
                                                      * [−0.08, 1.08]) */
  const char           *x_title, *y_title;           /* "x₁", "x₂"; CURVE: "x", "y" or
                                                      * "P(class 1)" */
  const char           *value_title;                 /* SURFACE: the colour bar's ("ŷ") */
  const GsDataset      *train;         /* filled points: features 0 and 1 (CURVE: feature 0
                                        * and the target); NULL: none */
  const GsDataset      *validation;    /* rings, the same way; NULL: none */
  guint                 n_classes;     /* K of a classifier (CLASSES, CURVE); 0 for a value */
  const char *const    *class_names;   /* K legend names; NULL: "class 0", "class 1", … */
  /* CLASSES and SURFACE */
  cairo_surface_t      *field;         /* gs_boundary_image_new / gs_value_image_new (or
                                        * any image covering field_window); NULL: none yet */
  double                field_window[4]; /* the window the field was computed over (the
                                          * view may have moved since): x_min, x_max,
                                          * y_min, y_max */
  const GsContourLines *lines;         /* gs_boundary_lines_new / gs_field_lines_new;
                                        * NULL: none drawn */
  const GsLevels       *levels;        /* SURFACE: the colour scale of the field, the
                                        * points and the colour bar (gs_levels_choose_linear
                                        * over the predictions and the targets) */
  /* CURVE */
  const double         *curve_x;       /* n_curve x values, ascending … */
  const double         *curve_y;       /* … and the outputs there: n_curve rows of K
                                        * probabilities (classifier) or of 1 value */
  guint                 n_curve;
  GsRgb                 curve_color;   /* a value's curve: the run's colour */
} GsBoundaryView;

/* The window a view of the data should show: the bounding box of both
 * sets' points, padded 10 % on every side (CURVE: x padded 6 %; a
 * classifier's y [−0.08, 1.08]). window: x_min, x_max, y_min, y_max. */
void gs_plot_boundary_fit_window (GsBoundaryMode mode, guint n_classes,
                                  const GsDataset *train, const GsDataset *validation,
                                  double window[4]);
/* The plot area the view uses inside width × height (data → pixels for a
 * pointer: gs_axes_x_to_px with the view's window over this area). */
void gs_plot_boundary_get_area (cairo_t *cr, double width, double height,
                                const GsBoundaryView *view, GsRect *area);
void gs_plot_boundary_render   (cairo_t *cr, double width, double height,
                                const GsBoundaryView *view);

/* ---- a network's field, all in one: for a worker thread ---- */

/* The mode that shows problem: a network (GS_PROBLEM_MLP) on 1 or 2 raw
 * inputs; FALSE for anything else. n_classes: K, or 0 for a value. */
gboolean gs_plot_boundary_mode_for (GsProblem *problem, GsBoundaryMode *mode,
                                    guint *n_classes);

/* What the network of problem predicts at θ over window, made ready to
 * draw: 2 inputs, an n × n field (fewer nodes when K is large: at most
 * ~4 M outputs) with its image and lines (and, for a value, the levels
 * over the predictions and the targets); 1 input, the curve at n x values
 * across window[0…1]. Thread-safe (a forward pass in batches of 4096 rows,
 * then the functions above): run it on a worker while the problem is
 * held (gs_problem_ref), theta a copy. NULL when problem has no such view
 * or when cancelled. The image is for style.dark. */
typedef struct
{
  GsBoundaryMode   mode;
  guint            n_classes;
  double           window[4];     /* the field's (and the curve's x range) */
  guint            nx, ny;
  double          *values;        /* ny × nx × outputs (row 0 at y_min); NULL for a curve */
  cairo_surface_t *image;
  GsContourLines  *lines;
  GsLevels         levels;        /* SURFACE */
  double          *curve_x, *curve_y;
  guint            n_curve;
} GsBoundaryField;

GsBoundaryField *gs_boundary_field_compute (GsProblem *problem, const double *theta,
                                            const double window[4], guint n,
                                            const GsPlotStyle *style,
                                            GCancellable *cancellable);
void             gs_boundary_field_free    (GsBoundaryField *field);
/* Points the view at the field (mode, n_classes, field, field_window,
 * lines, levels, curve): the field must outlive the frames that use it. */
void             gs_boundary_field_apply   (const GsBoundaryField *field,
                                            GsBoundaryView *view);

/* Drops Pango's default font map, so a leak checker sees less at exit
 * (cairo's and fontconfig's caches stay: freeing them races Pango's own
 * thread). Call it once, after the last render (gradscope-cli and the
 * tests do at exit). */
void gs_plot_release_fonts (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsWalkCache, gs_walk_cache_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsWalkLayers, gs_walk_layers_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsBoundaryField, gs_boundary_field_free)

G_END_DECLS
