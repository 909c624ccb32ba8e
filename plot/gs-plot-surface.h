/* gs-plot-surface.h — the loss as a rotatable 3-D surface, walks on it
 *
 * The contour view's grid drawn as a shaded mesh seen from a direction
 * (azimuth, elevation) under an orthographic projection: a quad per cell,
 * coloured like the contour map (viridis, the same log or linear scale),
 * lit by one light (Lambert), drawn back to front (painter's order). The
 * height of a point is its position on that colour scale, so a log scale
 * (Rosenbrock) shows the valley floor instead of a flat plane under two
 * walls. Cells with a non-finite corner are holes. A box behind the mesh
 * (floor, two back walls, faint lines at the ticks) carries the x, y and
 * loss ticks; the loss axis is the colour key (no colour bar: a point's
 * colour is its height).
 *
 * The runs' walks lie on the surface: what the surface in front hides of
 * them is drawn dim, the rest in the run's colour over a halo, with the
 * current point (●), the start (□), the known minima (★) and a diverged
 * run's ✕ as on the contour map.
 *
 * Heights of walk points. A walk lies on the drawn surface: a point's
 * height is the mesh's there (bilinear in its cell). A walk may bring the
 * loss at each point (z: the exact f of a 2-D function, or a 2-parameter
 * model's full loss); where it does, the point sits at that loss, but
 * never under the drawn surface and at most 3 % of the height scale above
 * it. The mesh is coarse and its nodes take the lowest value near them
 * (see gs_surface_subsample), so near a narrow valley it lies under the
 * true loss: a walk there at its exact loss would float over the surface,
 * or, at the valley's floor, run inside it. Between two rows the path
 * follows the surface (draped, a piece per cell): a long step across a
 * valley dips into it, as the straight line does on the contour map.
 *
 * Long walks are drawn from every k-th row (k a power of two, so at most
 * 4096 rows a walk) and their last row.
 *
 * For a live window, give the view a GsSurfaceCache: the mesh, its
 * projection, painter's order, shading, the drawn surface (an image) and a
 * depth buffer are then kept until the grid, the levels, the angles, the
 * size or the style change; each walk's path traced so far is kept, its
 * older parts stroked once into images, so a frame paints the images and
 * traces and strokes only the rows added since the last one (the walks'
 * rows may grow between frames; bump a walk's generation when its rows
 * are rewritten). A 64² mesh and 8 walks × 100 000 rows at 800 × 600: a
 * frame as the runs step about a millisecond, the first frame of a view
 * about 25 (3 969 quads filled by Cairo), one of a view being turned
 * (moving) about 8 (bench/README.md). Without a cache (gradscope-cli, SVG
 * and PDF output) everything is made and drawn, as vectors, for the one
 * frame. */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "gs-contour.h"
#include "gs-plot-types.h"

G_BEGIN_DECLS

/* Nodes per side of the mesh by default: a larger grid is subsampled. */
#define GS_SURFACE_MESH 64
/* … at most, while the view moves */
#define GS_SURFACE_MESH_MOVING 32

/* Elevation range: 0° looks from the side, 90° from above (the contour map
 * at azimuth 0: x to the right, y up). */
#define GS_SURFACE_ELEVATION_MIN 0.0
#define GS_SURFACE_ELEVATION_MAX 90.0

/* A view that looks like matplotlib's default 3-D axes. */
#define GS_SURFACE_AZIMUTH_DEFAULT   30.0
#define GS_SURFACE_ELEVATION_DEFAULT 30.0

/* Optional, owned by the caller: what a frame keeps for the next one. */
typedef struct _GsSurfaceCache GsSurfaceCache;

GsSurfaceCache *gs_surface_cache_new  (void);
void            gs_surface_cache_free (GsSurfaceCache *cache);

/* One run's walk over the grid's plane. */
typedef struct
{
  const double *xy;        /* point i: x at xy[i·stride], y at xy[i·stride + y_offset],
                            * data units */
  gsize         stride;    /* doubles between points (0 = 2) */
  gssize        y_offset;  /* doubles from a point's x to its y (0 = 1; may be < 0) */
  const double *z;         /* NULL, or the loss at point i, z[i·z_stride] (NAN: not known) */
  gsize         z_stride;  /* (0 = 1) */
  guint         n;
  GsRgb         color;
  gboolean      diverged;  /* ends with a red ✕ where it left the surface */
  /* with a cache: */
  guint         n_stable;  /* rows that stay as they are (0: all but the last); the
                            * rows after are drawn anew every frame */
  guint         generation; /* change it whenever rows already drawn were rewritten
                             * (a reset, other rows); rows may be added */
  guint         thinned;   /* change it when the rows were thinned out (a trace
                            * decimation: a subset of the same walk): with step, the
                            * path drawn so far stays and goes on after its last step;
                            * without, it starts over */
  const double *step;      /* NULL, or point i's step, step[i·stride], ascending */
} GsSurfaceWalk;

typedef struct
{
  GsPlotStyle          style;
  const GsGrid        *grid;         /* the heights, over the grid's window; NULL: none yet */
  const GsLevels      *levels;       /* the colour and height scale; NULL: gs_levels_choose
                                      * (grid, 14), as the contour map */
  guint                grid_serial;  /* with a cache: change it whenever the grid's values
                                      * change (a new grid may sit at an old one's address) */
  double               azimuth;      /* degrees: the view turns about the vertical axis */
  double               elevation;    /* degrees above the plane, clamped to
                                      * [GS_SURFACE_ELEVATION_MIN, …_MAX] */
  double               zoom;         /* 1 (or 0): the box fits the plot at any azimuth */
  guint                mesh;         /* nodes per side at most (0: GS_SURFACE_MESH) */
  gboolean             mesh_lines;   /* faint lines along every eighth node */
  gboolean             moving;       /* the view is being turned: a drawing that is quick
                                      * to make anew every frame (a mesh of at most
                                      * GS_SURFACE_MESH_MOVING nodes a side, no mesh
                                      * lines, walks from at most 1024 rows) */
  const char          *x_title, *y_title;
  const char          *value_title;  /* the height axis and the colour bar ("f(x, y)") */
  const GsSurfaceWalk *walks;
  guint                n_walks;
  const double        *minima;       /* n_minima (x, y) pairs: ★ on the surface */
  guint                n_minima;
  gboolean             has_start;    /* □ at start, on the surface */
  double               start[2];
  GsSurfaceCache      *cache;        /* NULL: everything made for this frame */
} GsSurfaceView;

void     gs_plot_surface_render  (cairo_t *cr, double width, double height,
                                  const GsSurfaceView *view);

/* Where the point (x, y) at loss f (NAN: on the mesh) lands in a view of
 * width × height: FALSE when there is no grid, the point is outside its
 * window, or it has no height (a hole, f NAN). */
gboolean gs_plot_surface_project (cairo_t *cr, double width, double height,
                                  const GsSurfaceView *view, double x, double y, double f,
                                  double *px, double *py);

/* The data point (x, y) of the surface seen at pixel (px, py) of the last
 * frame drawn with cache (the front-most cell there, to an eighth of a
 * cell); FALSE where no surface is seen there. */
gboolean gs_plot_surface_pick    (GsSurfaceCache *cache, double px, double py,
                                  double *x, double *y);

/* The grid nodes a mesh of at most max nodes per side takes along a side
 * of n nodes: all of them when n ≤ max, else max of them evenly spread,
 * the first and the last included. index gets MIN (n, max) entries;
 * returns their number. A mesh node stands at its grid node, at the
 * lowest value of the grid within one mesh cell of it (up to the next
 * nodes of the mesh): a valley narrower than a mesh cell stays a
 * continuous valley, not a row of teeth. */
guint    gs_surface_subsample    (guint n, guint max, guint *index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsSurfaceCache, gs_surface_cache_free)

G_END_DECLS
