/* gs-contour.h — a loss grid over a window, its levels, iso-lines and bands
 *
 * Everything here is a pure function of its inputs, so a thread pool can
 * compute grids (coarse first, then finer) while the main thread draws the
 * last one. */
#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <glib.h>

#include "gs-landscape.h"
#include "gs-problem.h"

G_BEGIN_DECLS

/* f sampled at nx × ny nodes spanning the window: node (i, j) is at
 * x = x_min + i·(x_max − x_min)/(nx − 1), y = y_min + j·(y_max − y_min)/(ny − 1). */
typedef GsLandscapeGrid GsGrid;   /* the core's grid: a landscape draws as it is */

GsGrid *gs_grid_new           (guint nx, guint ny, double x_min, double x_max,
                               double y_min, double y_max);
void    gs_grid_free          (GsGrid *grid);
/* Recomputes z_min and z_max (after filling z by hand), turning ±∞ into NAN. */
void    gs_grid_update_range  (GsGrid *grid);
double  gs_grid_x             (const GsGrid *grid, guint i);
double  gs_grid_y             (const GsGrid *grid, guint j);

/* Which function of two variables a grid samples. */
typedef struct
{
  GsProblem       *problem;
  GsRegularization reg;        /* the experiment's: the grid shows the objective */
  guint            axis_x;     /* parameter on the x axis (2-D functions: 0) */
  guint            axis_y;     /* parameter on the y axis (2-D functions: 1) */
  const double    *theta;      /* n_params values: the others are held here (NULL: zeros) */
} GsSlice;

/* f(x, y) of the slice: a 2-D function's objective, the exact loss of a
 * 2-parameter model over (θ0, θ1), or with more parameters the loss with
 * θ[axis_x] = x, θ[axis_y] = y and the rest at slice->theta. work holds
 * gs_problem_get_work_size() doubles, theta n_params. */
double  gs_slice_eval         (const GsSlice *slice, double x, double y,
                               double *theta, double *work);
/* Rows [first, first + n_rows) of grid; thread-safe for disjoint rows.
 * Returns FALSE when cancelled (those rows are then incomplete). */
gboolean gs_grid_fill_rows    (GsGrid *grid, const GsSlice *slice, guint first,
                               guint n_rows, GCancellable *cancellable);
/* An n × n grid of the slice over the window (coarse first: call with 32,
 * then 128, …). NULL when cancelled. */
GsGrid *gs_grid_compute       (const GsSlice *slice, guint n, double x_min, double x_max,
                               double y_min, double y_max, GCancellable *cancellable);

/* ---- levels ------------------------------------------------------------------ */

#define GS_LEVELS_MAX 40

/* Contour levels and the colour scale. Log levels are spaced in
 * log10(f − base + offset), for wide ranges with a sharp minimum
 * (Rosenbrock); linear levels otherwise. */
typedef struct
{
  gboolean log;
  double   base;     /* log: the f at the bottom of the scale (the grid's minimum) */
  double   offset;   /* log: δ > 0, the smallest distance above base resolved */
  double   lo, hi;   /* colour scale ends, f units */
  double   step;     /* linear: spacing of the levels */
  guint    n;
  double   values[GS_LEVELS_MAX];   /* iso-line values, f units, ascending */
} GsLevels;

/* Chooses about n_target levels for the grid's values. */
void    gs_levels_choose      (const GsGrid *grid, guint n_target, GsLevels *levels);
/* Linear levels over [lo, hi], about n_target of them at a 1-2-5 step (a
 * colour scale shared by a field and points, say). */
void    gs_levels_choose_linear (double lo, double hi, guint n_target, GsLevels *levels);
/* Position of f on the colour scale, in [0, 1] (clamped); NAN for NAN. */
double  gs_levels_position    (const GsLevels *levels, double f);
/* Colour of the band f falls in (its mid position), as a position in [0, 1]. */
double  gs_levels_band_position (const GsLevels *levels, double f);

/* ---- iso-lines ----------------------------------------------------------------- */

typedef struct
{
  double x0, y0, x1, y1;
} GsSegment;

/* Marching squares on z (ny rows of nx values spanning the window): appends
 * the segments of the iso-line z = level to out (GsSegment). Cells with a
 * non-finite corner are skipped; saddle cells are resolved by the value at
 * their centre (the mean of the corners). */
void    gs_marching_squares   (const double *z, guint nx, guint ny,
                               double x_min, double x_max, double y_min, double y_max,
                               double level, GArray *out);

/* Iso-lines of every level of a grid, in data units; marched on the colour
 * scale's position so they fall exactly on the band edges, then joined
 * into polylines (a stroke of a few long lines costs far less than of
 * thousands of loose segments, and joins cleanly). */
typedef struct
{
  GArray *segments;   /* GsSegment, all levels */
  GArray *points;     /* the same as polylines: x, y pairs (double) … */
  GArray *starts;     /* … polyline k is points [starts[k], starts[k + 1]) (guint, n + 1 entries) */
} GsContourLines;

GsContourLines *gs_contour_lines_new  (const GsGrid *grid, const GsLevels *levels);
void            gs_contour_lines_free (GsContourLines *lines);
/* No lines yet (starts = { 0 }), for gs_contour_lines_add. */
GsContourLines *gs_contour_lines_new_empty (void);
/* Adds the iso-line z = level of a field (ny rows of nx nodes spanning the
 * window, as gs_marching_squares), joined into polylines. */
void            gs_contour_lines_add  (GsContourLines *lines, const double *z,
                                       guint nx, guint ny, double x_min, double x_max,
                                       double y_min, double y_max, double level);

/* ---- bands --------------------------------------------------------------------- */

/* The grid's window as a width × height image: f bilinearly interpolated to
 * each pixel centre and coloured by its band (viridis); pixels touching a
 * non-finite cell get grey hatching (dark: dark grey). Row 0 is y_max. */
cairo_surface_t *gs_contour_bands_image (const GsGrid *grid, const GsLevels *levels,
                                         int width, int height, gboolean dark);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsGrid, gs_grid_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsContourLines, gs_contour_lines_free)

G_END_DECLS
