/* gs-plot-surface.c — the 3-D surface view (see the header)
 *
 * World coordinates: the grid's window maps to X, Y ∈ [−1, 1], a height
 * (position p ∈ [0, 1] on the colour scale) to Z = (2p − 1)·BOX_H. Seen
 * from azimuth φ and elevation θ, orthographically:
 *
 *   a = X cos φ + Y sin φ              screen right
 *   b = −X sin φ + Y cos φ             horizontal distance into the screen
 *   v = Z cos θ + b sin θ              screen up
 *   depth = b cos θ − Z sin θ          larger is farther
 *
 * so θ = 90°, φ = 0 is the contour map (x right, y up), and the viewer
 * looks from (sin φ cos θ, −cos φ cos θ, sin θ).
 *
 * Painter's order: the cells sorted by b of their centre, far first. For a
 * height field seen from above (θ ≥ 0) a cell can only hide what is
 * horizontally behind it, so that order is right whatever the heights;
 * sorting on the full depth instead would draw a tall cell at the back
 * over low ones in front.
 *
 * Walks are drawn after the surface. A depth buffer (a sample per 2 × 2
 * pixels) holds the front-most cell and its depth at each sample, written
 * in painter's order; a point of a walk is hidden when the cell seen there
 * is not its own cell or a neighbour and is nearer than the point. */
#include "gs-plot-surface.h"
#include "gs-plot-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#define BOX_H       0.62    /* half-height of the box; its half-width is 1 */
#define BUF_PX      2.0     /* depth buffer: one sample per BUF_PX × BUF_PX user units */
#define WALK_MAX    4096    /* points of a walk drawn at most, before draping */
#define WALK_MAX_MOVING 1024 /* … while the view turns */
#define DRAPE_TOTAL 16384   /* extra points a walk's draping may add */
#define DRAPE_MAX   64      /* pieces of one segment at most */
#define WALK_ABOVE  0.03    /* a walk point's exact loss may lift it this much (of the
                             * height scale) above the drawn surface, no more */
#define AMBIENT     0.42    /* the light a cell turned away from the lamp still gets */
#define LINE_EVERY  8       /* mesh lines: along every eighth node */
#define GROW        0.45    /* cells are drawn this much larger, so no seam shows */
#define NO_CELL     G_MAXUINT32
#define DEG         (G_PI / 180.0)
#define HALO_WIDTH  3.5
#define LINE_WIDTH  1.75
#define DIM_ALPHA   0.38    /* walk segments hidden by the surface */
#define TICK        4.0
#define GAP         4.0

/* ---- the mesh: the grid's nodes, subsampled, as heights ------------------------- */

typedef struct
{
  guint    nx, ny;          /* nodes */
  double  *gx, *gy;         /* data x of each column, y of each row */
  double  *pos;             /* ny × nx heights on the colour scale, [0, 1]; NAN: none */
  GsLevels levels;
} Mesh;

static void
mesh_clear (Mesh *m)
{
  g_clear_pointer (&m->gx, g_free);
  g_clear_pointer (&m->gy, g_free);
  g_clear_pointer (&m->pos, g_free);
  m->nx = m->ny = 0;
}

guint
gs_surface_subsample (guint n, guint max, guint *index)
{
  guint m = MIN (n, max);

  if (m == 0)
    return 0;
  if (m == 1)
    {
      index[0] = 0;
      return 1;
    }
  /* node k of m at k·(n − 1)/(m − 1), rounded: both ends, steps that
   * differ by at most one */
  for (guint k = 0; k < m; k++)
    index[k] = (guint) (((guint64) k * (n - 1) * 2 + (m - 1)) / (2 * (guint64) (m - 1)));
  return m;
}

/* The grid nodes within one mesh cell of node k of the subsample (up to
 * its neighbours): [lo[k], hi[k]]. */
static void
node_blocks (const guint *index, guint m, guint *lo, guint *hi)
{
  for (guint k = 0; k < m; k++)
    {
      lo[k] = k == 0 ? index[0] : index[k - 1];
      hi[k] = k + 1 == m ? index[k] : index[k + 1];
    }
}

static void
mesh_build (Mesh *m, const GsGrid *g, const GsLevels *levels, guint max)
{
  g_autofree guint *ix = g_new (guint, MAX (g->nx, 1));
  g_autofree guint *iy = g_new (guint, MAX (g->ny, 1));
  g_autofree guint *x_lo = g_new (guint, MAX (g->nx, 1));
  g_autofree guint *x_hi = g_new (guint, MAX (g->nx, 1));
  g_autofree guint *y_lo = g_new (guint, MAX (g->ny, 1));
  g_autofree guint *y_hi = g_new (guint, MAX (g->ny, 1));

  mesh_clear (m);
  m->levels = *levels;
  m->nx = gs_surface_subsample (g->nx, max, ix);
  m->ny = gs_surface_subsample (g->ny, max, iy);
  node_blocks (ix, m->nx, x_lo, x_hi);
  node_blocks (iy, m->ny, y_lo, y_hi);
  m->gx = g_new (double, MAX (m->nx, 1));
  m->gy = g_new (double, MAX (m->ny, 1));
  m->pos = g_new (double, MAX ((gsize) m->nx * m->ny, 1));
  for (guint i = 0; i < m->nx; i++)
    m->gx[i] = gs_grid_x (g, ix[i]);
  for (guint j = 0; j < m->ny; j++)
    {
      m->gy[j] = gs_grid_y (g, iy[j]);
      for (guint i = 0; i < m->nx; i++)
        {
          double f = g->z[(gsize) iy[j] * g->nx + ix[i]];

          /* A node takes the lowest value of the grid within a mesh cell of
           * it: a valley narrower than a cell (Rosenbrock's, on a log
           * scale) lowers both nodes either side of it, and stays one
           * valley instead of a row of teeth where the subsample happens
           * to fall in it or not, however it runs across the cells. A node
           * that is not finite stays a hole. */
          if (isfinite (f))
            for (guint b = y_lo[j]; b <= y_hi[j]; b++)
              for (guint a = x_lo[i]; a <= x_hi[i]; a++)
                {
                  double v = g->z[(gsize) b * g->nx + a];

                  if (v < f)
                    f = v;
                }
          m->pos[(gsize) j * m->nx + i] = isfinite (f) ? gs_levels_position (levels, f) : NAN;
        }
    }
}

static gboolean
mesh_ok (const Mesh *m)
{
  return m->nx >= 2 && m->ny >= 2 && m->gx[m->nx - 1] > m->gx[0] && m->gy[m->ny - 1] > m->gy[0];
}

static double
to_X (const Mesh *m, double x)
{
  return 2.0 * (x - m->gx[0]) / (m->gx[m->nx - 1] - m->gx[0]) - 1.0;
}

static double
to_Y (const Mesh *m, double y)
{
  return 2.0 * (y - m->gy[0]) / (m->gy[m->ny - 1] - m->gy[0]) - 1.0;
}

static double
to_Z (double pos)
{
  return (2.0 * pos - 1.0) * BOX_H;
}

/* The cell of v among the n ascending nodes c (its first node), and the
 * fraction across it; FALSE outside. */
static gboolean
locate (const double *c, guint n, double v, guint *cell, double *t)
{
  guint lo = 0, hi = n - 1;

  if (!(v >= c[0] && v <= c[n - 1]))
    return FALSE;
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;
      if (c[mid] <= v)
        lo = mid;
      else
        hi = mid;
    }
  *cell = lo;
  *t = (v - c[lo]) / (c[lo + 1] - c[lo]);
  return TRUE;
}

/* Height of the mesh at (x, y), bilinear in its cell (NAN in a hole), and
 * the cell; FALSE outside the window. */
static gboolean
mesh_at (const Mesh *m, double x, double y, double *pos, guint *ci, guint *cj)
{
  double tx, ty;
  const double *p;

  if (!locate (m->gx, m->nx, x, ci, &tx) || !locate (m->gy, m->ny, y, cj, &ty))
    return FALSE;
  p = m->pos + (gsize) *cj * m->nx + *ci;
  *pos = (1 - ty) * ((1 - tx) * p[0] + tx * p[1]) + ty * ((1 - tx) * p[m->nx] + tx * p[m->nx + 1]);
  return TRUE;
}

static guint
mesh_max_of (const GsSurfaceView *view)
{
  guint max = view->mesh >= 2 ? view->mesh : GS_SURFACE_MESH;

  return view->moving ? MIN (max, GS_SURFACE_MESH_MOVING) : max;
}

static gboolean
lines_of (const GsSurfaceView *view)
{
  return view->mesh_lines && !view->moving;
}

/* ---- a frame: layout, projection, order, shading, depth buffer ---------------- */

typedef struct
{
  double ca, sa, ce, se;    /* cos and sin of the azimuth and the elevation */
  double cx, cy, s;         /* the box centre on screen, pixels per world unit */
} Proj;

static inline void
project (const Proj *P, double X, double Y, double Z, double *px, double *py, double *depth)
{
  double a = X * P->ca + Y * P->sa;
  double b = -X * P->sa + Y * P->ca;

  *px = P->cx + P->s * a;
  *py = P->cy - P->s * (Z * P->ce + b * P->se);
  if (depth)
    *depth = b * P->ce - Z * P->se;
}

/* Ticks of the three axes, as chosen for a frame. */
typedef struct
{
  GsTicks x, y, z;
  double  z_shift;          /* a z tick's value v is the loss base + v (log) or v */
  gboolean z_log;
} BoxTicks;

typedef struct
{
  double   width, height;
  GsRect   plot;            /* the box and its labels */
  Proj     P;
  BoxTicks ticks;
  double  *sx, *sy, *sd;    /* nodes on screen (user units) and their depth */
  guint   *order;           /* cells with four finite corners, back to front */
  guint    n_order;
  GsRgb   *color;           /* each cell's shaded colour (by cell) */
  guint    bw, bh;          /* the depth buffer */
  float   *depth;
  guint32 *cell;            /* front-most cell per sample, NO_CELL: none */
} Frame;

static void
frame_clear (Frame *f)
{
  g_clear_pointer (&f->sx, g_free);
  g_clear_pointer (&f->sy, g_free);
  g_clear_pointer (&f->sd, g_free);
  g_clear_pointer (&f->order, g_free);
  g_clear_pointer (&f->color, g_free);
  g_clear_pointer (&f->depth, g_free);
  g_clear_pointer (&f->cell, g_free);
  f->n_order = 0;
  f->bw = f->bh = 0;
}

static double
clamp_elevation (double e)
{
  if (!isfinite (e))
    return GS_SURFACE_ELEVATION_DEFAULT;
  return CLAMP (e, GS_SURFACE_ELEVATION_MIN, GS_SURFACE_ELEVATION_MAX);
}

/* The height axis' title: a log scale counts from the minimum. */
static char *
z_title (const GsLevels *lv, const char *value_title)
{
  const char *t = value_title ? value_title : "f";

  if (lv->log && lv->base != 0.0)
    return g_strdup_printf ("%s − min", t);
  return g_strdup (t);
}

static void
choose_ticks (const Frame *f, GsPainter *p, const Mesh *m, BoxTicks *t)
{
  const Proj *P = &f->P;
  const GsLevels *lv = &m->levels;
  double label_h, label_w;
  double len_x = 2 * P->s * hypot (P->ca, P->sa * P->se);
  double len_y = 2 * P->s * hypot (P->sa, P->ca * P->se);
  double len_z = 2 * BOX_H * P->ce * P->s;

  gs_painter_text_size (p, "−0.000", NULL, &label_w, &label_h);
  gs_ticks_linear (m->gx[0], m->gx[m->nx - 1], (guint) CLAMP (len_x / (1.2 * label_w), 2, 8), &t->x);
  gs_ticks_linear (m->gy[0], m->gy[m->ny - 1], (guint) CLAMP (len_y / (1.2 * label_w), 2, 8), &t->y);
  t->z_log = lv->log && lv->hi - lv->base > lv->offset * 10;
  if (t->z_log)
    {
      t->z_shift = lv->base;
      gs_ticks_log (lv->offset, lv->hi - lv->base, &t->z);
    }
  else
    {
      t->z_shift = 0.0;
      gs_ticks_linear (lv->lo, lv->hi, (guint) CLAMP (len_z / (2.6 * label_h), 2, 8), &t->z);
    }
}

/* Z of a z tick's value; NAN when it is off the scale. */
static double
tick_Z (const BoxTicks *t, const GsLevels *lv, double v)
{
  double f = t->z_shift + v;

  if (t->z_log ? !(v > 0 && f <= lv->hi * (1 + 1e-9) + 1e-300) : !(f >= lv->lo && f <= lv->hi))
    return NAN;
  return to_Z (gs_levels_position (lv, f));
}

static void
frame_layout (Frame *f, GsPainter *p, double width, double height, const GsSurfaceView *view,
              const Mesh *m)
{
  double s = p->s, label_w, label_h, mx, top, bottom, rw, rh, u_half, v_half, e;

  f->width = width;
  f->height = height;
  gs_painter_text_size (p, "−0.000", NULL, &label_w, &label_h);
  /* No colour bar: a point's colour is its height's position on the
   * colour scale, so the height axis is the key. */
  f->plot = (GsRect) { 0, 0, width, height };
  /* room for the z labels left (and as much right: the box turns), the x
   * and y labels and titles under it, the z title over it */
  mx = label_w + (TICK + 2 * GAP) * s;
  top = 1.5 * label_h + 2 * GAP * s;
  bottom = 2.2 * label_h + (TICK + 3 * GAP) * s;
  rw = MAX (width - 2 * mx, 10.0);
  rh = MAX (height - top - bottom, 10.0);
  e = clamp_elevation (view->elevation) * DEG;
  f->P.ca = cos (view->azimuth * DEG);
  f->P.sa = sin (view->azimuth * DEG);
  f->P.ce = cos (e);
  f->P.se = sin (e);
  /* the same size at every azimuth (a turning box does not breathe): its
   * half-diagonal across, and as high as the elevation makes it */
  u_half = G_SQRT2;
  v_half = BOX_H * f->P.ce + G_SQRT2 * f->P.se;
  f->P.s = MIN (rw / (2 * u_half), rh / (2 * v_half))
           * (view->zoom > 0 && isfinite (view->zoom) ? view->zoom : 1.0);
  f->P.cx = mx + rw / 2;
  f->P.cy = top + rh / 2;
  choose_ticks (f, p, m, &f->ticks);
}

/* Light from the upper left, a little toward the viewer, in view space
 * (right, up, toward the viewer); a cell facing the viewer keeps exactly
 * its colour on the colour map. */
static const double light[3] = { -0.35, 0.55, 1.0 };

typedef struct
{
  guint  cell;
  double key;
} Sortable;

static int
cmp_far_first (const void *a, const void *b)
{
  const Sortable *x = a, *y = b;

  if (x->key != y->key)
    return x->key < y->key ? 1 : -1;
  return (x->cell > y->cell) - (x->cell < y->cell);
}

static void
raster_triangle (Frame *f, const double *x, const double *y, const double *d, guint32 id)
{
  double area = (x[1] - x[0]) * (y[2] - y[0]) - (x[2] - x[0]) * (y[1] - y[0]);
  double x0 = MIN (x[0], MIN (x[1], x[2])), x1 = MAX (x[0], MAX (x[1], x[2]));
  double y0 = MIN (y[0], MIN (y[1], y[2])), y1 = MAX (y[0], MAX (y[1], y[2]));
  int bx0, bx1, by0, by1;

  if (fabs (area) < 1e-9)
    return;
  bx0 = (int) MAX (0.0, ceil (x0 / BUF_PX - 0.5));
  bx1 = (int) MIN ((double) f->bw - 1, floor (x1 / BUF_PX - 0.5));
  by0 = (int) MAX (0.0, ceil (y0 / BUF_PX - 0.5));
  by1 = (int) MIN ((double) f->bh - 1, floor (y1 / BUF_PX - 0.5));
  for (int by = by0; by <= by1; by++)
    {
      double py = (by + 0.5) * BUF_PX;

      for (int bx = bx0; bx <= bx1; bx++)
        {
          double px = (bx + 0.5) * BUF_PX;
          /* barycentric weights of the sample */
          double w0 = ((x[1] - px) * (y[2] - py) - (x[2] - px) * (y[1] - py)) / area;
          double w1 = ((x[2] - px) * (y[0] - py) - (x[0] - px) * (y[2] - py)) / area;
          double w2 = 1.0 - w0 - w1;
          gsize k;

          if (w0 < -1e-9 || w1 < -1e-9 || w2 < -1e-9)
            continue;
          k = (gsize) by * f->bw + (gsize) bx;
          /* painter's order: the last cell written is the front-most */
          f->depth[k] = (float) (w0 * d[0] + w1 * d[1] + w2 * d[2]);
          f->cell[k] = id;
        }
    }
}

static void
frame_build (Frame *f, GsPainter *p, double width, double height, const GsSurfaceView *view,
             const Mesh *m)
{
  guint nx = m->nx, ny = m->ny, cx = nx - 1, cy = ny - 1;
  gsize n_nodes = (gsize) nx * ny, n_cells = (gsize) cx * cy;
  g_autofree Sortable *sort = g_new (Sortable, MAX (n_cells, 1));
  const Proj *P = &f->P;
  double R[3], U[3], F[3], L[3], ln, facing;

  frame_clear (f);
  frame_layout (f, p, width, height, view, m);

  f->sx = g_new (double, n_nodes);
  f->sy = g_new (double, n_nodes);
  f->sd = g_new (double, n_nodes);
  for (guint j = 0; j < ny; j++)
    for (guint i = 0; i < nx; i++)
      {
        gsize k = (gsize) j * nx + i;
        double pos = m->pos[k];

        project (P, to_X (m, m->gx[i]), to_Y (m, m->gy[j]), isnan (pos) ? 0.0 : to_Z (pos),
                 &f->sx[k], &f->sy[k], &f->sd[k]);
      }

  /* the view's axes in world coordinates, and the light */
  R[0] = P->ca; R[1] = P->sa; R[2] = 0;
  U[0] = -P->sa * P->se; U[1] = P->ca * P->se; U[2] = P->ce;
  F[0] = P->sa * P->ce; F[1] = -P->ca * P->ce; F[2] = P->se;
  ln = sqrt (light[0] * light[0] + light[1] * light[1] + light[2] * light[2]);
  for (int c = 0; c < 3; c++)
    L[c] = (light[0] * R[c] + light[1] * U[c] + light[2] * F[c]) / ln;
  facing = AMBIENT + (1 - AMBIENT) * light[2] / ln;

  f->color = g_new (GsRgb, MAX (n_cells, 1));
  f->order = g_new (guint, MAX (n_cells, 1));
  f->n_order = 0;
  for (guint j = 0; j < cy; j++)
    for (guint i = 0; i < cx; i++)
      {
        const double *p0 = m->pos + (gsize) j * nx + i;
        double q[4] = { p0[0], p0[1], p0[nx + 1], p0[nx] };
        double X0 = to_X (m, m->gx[i]), X1 = to_X (m, m->gx[i + 1]);
        double Y0 = to_Y (m, m->gy[j]), Y1 = to_Y (m, m->gy[j + 1]);
        double ex[3], ey[3], n[3], nn, shade, r, g, b, mid;
        guint cell = j * cx + i;

        if (isnan (q[0]) || isnan (q[1]) || isnan (q[2]) || isnan (q[3]))
          continue;
        /* the normal: the cell's mean x edge × its mean y edge */
        ex[0] = X1 - X0; ex[1] = 0; ex[2] = (to_Z (q[1]) + to_Z (q[2]) - to_Z (q[0]) - to_Z (q[3])) / 2;
        ey[0] = 0; ey[1] = Y1 - Y0; ey[2] = (to_Z (q[3]) + to_Z (q[2]) - to_Z (q[0]) - to_Z (q[1])) / 2;
        n[0] = ex[1] * ey[2] - ex[2] * ey[1];
        n[1] = ex[2] * ey[0] - ex[0] * ey[2];
        n[2] = ex[0] * ey[1] - ex[1] * ey[0];
        nn = sqrt (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
        /* Lambert, scaled so that a cell facing the viewer is its colour */
        shade = (AMBIENT + (1 - AMBIENT) * MAX (0.0, (n[0] * L[0] + n[1] * L[1] + n[2] * L[2]) / nn))
                / facing;
        mid = (q[0] + q[1] + q[2] + q[3]) / 4;
        gs_colormap_rgb (mid, &r, &g, &b);
        f->color[cell] = (GsRgb) { MIN (1.0, r * shade), MIN (1.0, g * shade), MIN (1.0, b * shade) };
        sort[f->n_order].cell = cell;
        sort[f->n_order].key = -((X0 + X1) / 2) * P->sa + ((Y0 + Y1) / 2) * P->ca;
        f->n_order++;
      }
  qsort (sort, f->n_order, sizeof *sort, cmp_far_first);
  for (guint k = 0; k < f->n_order; k++)
    f->order[k] = sort[k].cell;

  /* the depth buffer, in the same order */
  f->bw = (guint) MAX (1.0, ceil (width / BUF_PX));
  f->bh = (guint) MAX (1.0, ceil (height / BUF_PX));
  f->depth = g_new (float, (gsize) f->bw * f->bh);
  f->cell = g_new (guint32, (gsize) f->bw * f->bh);
  for (gsize k = 0; k < (gsize) f->bw * f->bh; k++)
    f->cell[k] = NO_CELL;
  for (guint k = 0; k < f->n_order; k++)
    {
      guint cell = f->order[k], i = cell % cx, j = cell / cx;
      gsize n00 = (gsize) j * nx + i, n10 = n00 + 1, n11 = n00 + nx + 1, n01 = n00 + nx;
      double tx[3], ty[3], td[3];

      tx[0] = f->sx[n00]; ty[0] = f->sy[n00]; td[0] = f->sd[n00];
      tx[1] = f->sx[n10]; ty[1] = f->sy[n10]; td[1] = f->sd[n10];
      tx[2] = f->sx[n11]; ty[2] = f->sy[n11]; td[2] = f->sd[n11];
      raster_triangle (f, tx, ty, td, cell);
      tx[1] = f->sx[n01]; ty[1] = f->sy[n01]; td[1] = f->sd[n01];
      raster_triangle (f, tx, ty, td, cell);
    }
}

/* ---- the surface and its box ---------------------------------------------------- */

/* The quad with every edge moved out by grow (so that neighbours overlap
 * and no seam of background shows between them, however thin the quad is
 * on screen); a vertex moves along its corner's bisector, at most 3 grow. */
static void
quad_path (cairo_t *cr, const double *x, const double *y, double grow)
{
  double nx[4], ny[4], area = 0, side;

  for (int k = 0; k < 4; k++)
    area += x[k] * y[(k + 1) % 4] - x[(k + 1) % 4] * y[k];
  side = area >= 0 ? 1.0 : -1.0;
  for (int k = 0; k < 4; k++)
    {
      /* outward normal of edge k → k + 1 */
      double dx = x[(k + 1) % 4] - x[k], dy = y[(k + 1) % 4] - y[k], d = hypot (dx, dy);

      nx[k] = d > 1e-9 ? side * dy / d : 0;
      ny[k] = d > 1e-9 ? -side * dx / d : 0;
    }
  for (int k = 0; k < 4; k++)
    {
      int e = (k + 3) % 4;   /* the edge that ends at vertex k */
      double bx = nx[e] + nx[k], by = ny[e] + ny[k];
      double c = 1 + nx[e] * nx[k] + ny[e] * ny[k];
      double ox = 0, oy = 0;

      if (c > 1e-6)
        {
          /* the miter: grow / cos(half the turn) along the bisector */
          double len;

          ox = grow * bx / c;
          oy = grow * by / c;
          len = hypot (ox, oy);
          if (len > 3 * grow)
            {
              ox *= 3 * grow / len;
              oy *= 3 * grow / len;
            }
        }
      if (k == 0)
        cairo_move_to (cr, x[k] + ox, y[k] + oy);
      else
        cairo_line_to (cr, x[k] + ox, y[k] + oy);
    }
  cairo_close_path (cr);
}

static void
draw_mesh (GsPainter *p, const Frame *f, const Mesh *m, gboolean lines)
{
  cairo_t *cr = p->cr;
  guint nx = m->nx, cx = nx - 1, cy = m->ny - 1;

  cairo_save (cr);
  cairo_set_line_width (cr, 0.6 * p->s);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint k = 0; k < f->n_order; k++)
    {
      guint cell = f->order[k], i = cell % cx, j = cell / cx;
      gsize n00 = (gsize) j * nx + i, n10 = n00 + 1, n11 = n00 + nx + 1, n01 = n00 + nx;
      double x[4] = { f->sx[n00], f->sx[n10], f->sx[n11], f->sx[n01] };
      double y[4] = { f->sy[n00], f->sy[n10], f->sy[n11], f->sy[n01] };
      GsRgb c = f->color[cell];

      quad_path (cr, x, y, GROW);
      cairo_set_source_rgb (cr, c.r, c.g, c.b);
      cairo_fill (cr);
      if (lines)
        {
          /* the lines on this cell's edges, before a nearer cell covers them */
          gboolean any = FALSE;

          if (i % LINE_EVERY == 0)
            {
              cairo_move_to (cr, x[0], y[0]);
              cairo_line_to (cr, x[3], y[3]);
              any = TRUE;
            }
          if (i + 1 == cx)
            {
              cairo_move_to (cr, x[1], y[1]);
              cairo_line_to (cr, x[2], y[2]);
              any = TRUE;
            }
          if (j % LINE_EVERY == 0)
            {
              cairo_move_to (cr, x[0], y[0]);
              cairo_line_to (cr, x[1], y[1]);
              any = TRUE;
            }
          if (j + 1 == cy)
            {
              cairo_move_to (cr, x[3], y[3]);
              cairo_line_to (cr, x[2], y[2]);
              any = TRUE;
            }
          if (any)
            {
              cairo_set_source_rgba (cr, 0, 0, 0, 0.22);
              cairo_stroke (cr);
            }
        }
    }
  cairo_restore (cr);
}

/* The box's faces: which x and y faces look at the viewer. */
static double
front_x (const Proj *P)
{
  return P->sa >= 0 ? 1.0 : -1.0;
}

static double
front_y (const Proj *P)
{
  return P->ca >= 0 ? -1.0 : 1.0;
}

static void
path_line3 (cairo_t *cr, const Proj *P, double X0, double Y0, double Z0, double X1, double Y1,
            double Z1)
{
  double x, y;

  project (P, X0, Y0, Z0, &x, &y, NULL);
  cairo_move_to (cr, x, y);
  project (P, X1, Y1, Z1, &x, &y, NULL);
  cairo_line_to (cr, x, y);
}

static void
path_face (cairo_t *cr, const Proj *P, const double (*c)[3])
{
  for (int k = 0; k < 4; k++)
    {
      double x, y;

      project (P, c[k][0], c[k][1], c[k][2], &x, &y, NULL);
      if (k == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_close_path (cr);
}

/* The floor and the two walls behind the surface, faintly filled, with
 * lines at the ticks: drawn first, the surface covers what it hides. */
static void
draw_back (GsPainter *p, const Frame *f, const Mesh *m)
{
  cairo_t *cr = p->cr;
  const Proj *P = &f->P;
  const BoxTicks *t = &f->ticks;
  double xb = -front_x (P), yb = -front_y (P), H = BOX_H;
  double floor_[4][3] = { { -1, -1, -H }, { 1, -1, -H }, { 1, 1, -H }, { -1, 1, -H } };
  double wall_x[4][3] = { { xb, -1, -H }, { xb, 1, -H }, { xb, 1, H }, { xb, -1, H } };
  double wall_y[4][3] = { { -1, yb, -H }, { 1, yb, -H }, { 1, yb, H }, { -1, yb, H } };
  double lw = MAX (1.0, round (p->s));

  cairo_save (cr);
  cairo_set_line_width (cr, lw);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  path_face (cr, P, (const double (*)[3]) floor_);
  path_face (cr, P, (const double (*)[3]) wall_x);
  path_face (cr, P, (const double (*)[3]) wall_y);
  gs_painter_fg (p, p->dark ? 0.05 : 0.035);
  cairo_fill (cr);

  /* grid lines at the ticks */
  for (guint k = 0; k < t->x.n; k++)
    if (t->x.ticks[k].major)
      {
        double X = to_X (m, t->x.ticks[k].value);

        path_line3 (cr, P, X, -1, -H, X, 1, -H);
        path_line3 (cr, P, X, yb, -H, X, yb, H);
      }
  for (guint k = 0; k < t->y.n; k++)
    if (t->y.ticks[k].major)
      {
        double Y = to_Y (m, t->y.ticks[k].value);

        path_line3 (cr, P, -1, Y, -H, 1, Y, -H);
        path_line3 (cr, P, xb, Y, -H, xb, Y, H);
      }
  for (guint k = 0; k < t->z.n; k++)
    if (t->z.ticks[k].major)
      {
        double Z = tick_Z (t, &m->levels, t->z.ticks[k].value);

        if (isnan (Z))
          continue;
        path_line3 (cr, P, xb, -1, Z, xb, 1, Z);
        path_line3 (cr, P, -1, yb, Z, 1, yb, Z);
      }
  gs_painter_fg (p, p->dark ? 0.12 : 0.09);
  cairo_stroke (cr);

  path_face (cr, P, (const double (*)[3]) floor_);
  path_face (cr, P, (const double (*)[3]) wall_x);
  path_face (cr, P, (const double (*)[3]) wall_y);
  gs_painter_fg (p, 0.3);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* Labels placed so far (device rectangles): a label that would overlap
 * one, or come within margin of it (two labels side by side read as one:
 * "−1−1"), is left out. */
static gboolean
overlaps (const GArray *placed, const GsRect *r, double margin)
{
  for (guint k = 0; k < placed->len; k++)
    {
      const GsRect *o = &g_array_index (placed, GsRect, k);

      if (r->x - margin < o->x + o->width && o->x < r->x + r->width + margin
          && r->y < o->y + o->height && o->y < r->y + r->height)
        return TRUE;
    }
  return FALSE;
}

/* Draws text beside (ax, ay), pushed out along the unit direction (dx, dy)
 * by gap, unless it overlaps a label already drawn or leaves the plot. */
static gboolean
place_label (GsPainter *p, GArray *placed, const GsRect *within, const char *text,
             const PangoFontDescription *font, double ax, double ay, double dx, double dy,
             double gap)
{
  double w, h, c, cx, cy;
  GsRect r;

  gs_painter_text_size (p, text, font, &w, &h);
  c = gap + fabs (dx) * w / 2 + fabs (dy) * h / 2;
  cx = ax + dx * c;
  cy = ay + dy * c;
  r = (GsRect) { cx - w / 2 - 1, cy - h / 2, w + 2, h };
  if (r.x < within->x || r.x + r.width > within->x + within->width
      || r.y < within->y || r.y + r.height > within->y + within->height
      || overlaps (placed, &r, 0.6 * h))
    return FALSE;
  g_array_append_val (placed, r);
  gs_painter_text (p, text, font, cx, cy, 0.5, 0.5);
  return TRUE;
}

static void
unit (double *dx, double *dy)
{
  double d = hypot (*dx, *dy);

  if (d < 1e-9)
    {
      *dx = 0;
      *dy = 1;
      return;
    }
  *dx /= d;
  *dy /= d;
}

/* Ticks and labels of one edge of the box: from world point a to b, the
 * values of ticks at world coordinate `coord` of each (set by to_world),
 * labels pushed out along (dx, dy); the title beyond them. */
typedef void (*ToWorld) (const Mesh *m, const BoxTicks *t, double value, double *w);

static void
x_world (const Mesh *m, const BoxTicks *t, double v, double *w)
{
  w[0] = to_X (m, v);
}

static void
y_world (const Mesh *m, const BoxTicks *t, double v, double *w)
{
  w[1] = to_Y (m, v);
}

static void
z_world (const Mesh *m, const BoxTicks *t, double v, double *w)
{
  w[2] = tick_Z (t, &m->levels, v);
}

static void
draw_edge (GsPainter *p, const Frame *f, const Mesh *m, GArray *placed, const GsTicks *ticks,
           ToWorld to_world, const double *base, double dx, double dy, const char *title,
           gboolean title_above)
{
  cairo_t *cr = p->cr;
  double s = p->s, max_along = 0, label_h;
  const GsRect *within = &f->plot;
  GsRect clip_all = { 0, 0, f->width, f->height };
  char buf[64];

  unit (&dx, &dy);
  gs_painter_text_size (p, "0123456789", NULL, NULL, &label_h);
  cairo_save (cr);
  cairo_set_line_width (cr, MAX (1.0, round (s)));
  for (guint k = 0; k < ticks->n; k++)
    {
      double w[3] = { base[0], base[1], base[2] }, x, y, tw, th;

      if (!ticks->ticks[k].major)
        continue;
      to_world (m, &f->ticks, ticks->ticks[k].value, w);
      if (isnan (w[0] + w[1] + w[2]) || fabs (w[0]) > 1 + 1e-9 || fabs (w[1]) > 1 + 1e-9)
        continue;
      project (&f->P, w[0], w[1], w[2], &x, &y, NULL);
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + dx * TICK * s, y + dy * TICK * s);
      gs_painter_fg (p, 0.45);
      cairo_stroke (cr);
      gs_tick_format (ticks, ticks->ticks[k].value, buf, sizeof buf);
      gs_painter_fg (p, 0.75);
      if (place_label (p, placed, within, buf, NULL, x, y, dx, dy, (TICK + 2) * s))
        {
          gs_painter_text_size (p, buf, NULL, &tw, &th);
          max_along = MAX (max_along, fabs (dx) * tw + fabs (dy) * th);
        }
    }
  cairo_restore (cr);
  if (title == NULL || title[0] == '\0')
    return;
  gs_painter_fg (p, 0.85);
  if (title_above)
    {
      double x, y, w[3] = { base[0], base[1], BOX_H };

      project (&f->P, w[0], w[1], w[2], &x, &y, NULL);
      place_label (p, placed, &clip_all, title, NULL, x, y, 0, -1, 2 * GAP * s);
    }
  else
    {
      /* the middle of the edge */
      double w0[3] = { base[0], base[1], base[2] }, w1[3] = { base[0], base[1], base[2] };
      double x0, y0, x1, y1;

      if (ticks == &f->ticks.x)
        {
          w0[0] = -1;
          w1[0] = 1;
        }
      else
        {
          w0[1] = -1;
          w1[1] = 1;
        }
      project (&f->P, w0[0], w0[1], w0[2], &x0, &y0, NULL);
      project (&f->P, w1[0], w1[1], w1[2], &x1, &y1, NULL);
      if (!place_label (p, placed, within, title, NULL, (x0 + x1) / 2, (y0 + y1) / 2, dx, dy,
                        (TICK + 2) * s + MAX (max_along, label_h) + GAP * s))
        place_label (p, placed, &clip_all, title, NULL, (x0 + x1) / 2, (y0 + y1) / 2, dx, dy,
                     (TICK + 2) * s + MAX (max_along, label_h) + 3 * GAP * s);
    }
}

static void
draw_axes (GsPainter *p, const Frame *f, const Mesh *m, const GsSurfaceView *view)
{
  const Proj *P = &f->P;
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (GsRect));
  g_autofree char *zt = z_title (&m->levels, view->value_title);
  double xf = front_x (P), yf = front_y (P), H = BOX_H;
  double best = INFINITY, zx = -1, zy = -1;
  double base[3], dx, dy;

  /* the z axis on the floor corner furthest left on screen (of two, the
   * one behind), its labels to the left */
  for (int c = 0; c < 4; c++)
    {
      double X = c & 1 ? 1 : -1, Y = c & 2 ? 1 : -1, x, y, d;

      project (P, X, Y, -H, &x, &y, &d);
      if (x - 1e-3 * d < best)
        {
          best = x - 1e-3 * d;
          zx = X;
          zy = Y;
        }
    }
  base[0] = zx;
  base[1] = zy;
  base[2] = 0;
  draw_edge (p, f, m, placed, &f->ticks.z, z_world, base, -1, 0, zt, TRUE);

  /* x along the floor's front edge parallel to x, pushed out from the
   * box (and down a little: at a low elevation "out" is almost along the
   * view) */
  base[0] = 0;
  base[1] = yf;
  base[2] = -H;
  dx = P->sa * yf;
  dy = -P->ca * P->se * yf;
  unit (&dx, &dy);
  dy += 0.45;
  draw_edge (p, f, m, placed, &f->ticks.x, x_world, base, dx, dy, view->x_title, FALSE);

  base[0] = xf;
  base[1] = 0;
  dx = P->ca * xf;
  dy = P->sa * P->se * xf;
  unit (&dx, &dy);
  dy += 0.45;
  draw_edge (p, f, m, placed, &f->ticks.y, y_world, base, dx, dy, view->y_title, FALSE);
}

/* Everything but the walks. */
static void
draw_static (GsPainter *p, const Frame *f, const Mesh *m, const GsSurfaceView *view)
{
  cairo_t *cr = p->cr;

  draw_back (p, f, m);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, ceil (f->plot.x + f->plot.width), ceil (f->height));
  cairo_clip (cr);
  draw_mesh (p, f, m, lines_of (view));
  cairo_restore (cr);
  draw_axes (p, f, m, view);
}

/* ---- walks ------------------------------------------------------------------------ */

/* A point of a walk lifted onto the surface. */
typedef struct
{
  gboolean ok;              /* inside the window, with a height */
  double   x, y, depth;     /* screen, user units */
  gboolean visible;
} Lifted;

static gboolean
sample_visible (const Frame *f, const Mesh *m, double x, double y, double depth, guint ci,
                guint cj)
{
  int bx = (int) floor (x / BUF_PX), by = (int) floor (y / BUF_PX);
  gsize k;
  guint32 cell;
  guint i, j;

  if (bx < 0 || by < 0 || bx >= (int) f->bw || by >= (int) f->bh)
    return TRUE;
  k = (gsize) by * f->bw + (gsize) bx;
  cell = f->cell[k];
  if (cell == NO_CELL)
    return TRUE;
  i = cell % (m->nx - 1);
  j = cell / (m->nx - 1);
  /* its own cell or a neighbour: on the surface seen there */
  if ((i + 1 >= ci && i <= ci + 1) && (j + 1 >= cj && j <= cj + 1))
    return TRUE;
  return depth <= f->depth[k] + 0.02;
}

/* (x, y) at loss zf (NAN: unknown) onto the surface. */
static Lifted
lift (const Frame *f, const Mesh *m, double x, double y, double zf)
{
  Lifted l = { FALSE };
  double pos, own;
  guint ci, cj;

  if (!mesh_at (m, x, y, &pos, &ci, &cj))
    return l;
  own = isfinite (zf) ? gs_levels_position (&m->levels, zf) : NAN;
  /* on the drawn surface, within a hair above it (see the header) */
  if (isnan (pos))
    pos = own;
  else if (!isnan (own))
    pos = CLAMP (own, pos, pos + WALK_ABOVE);
  if (isnan (pos))
    return l;
  project (&f->P, to_X (m, x), to_Y (m, y), to_Z (pos), &l.x, &l.y, &l.depth);
  l.visible = sample_visible (f, m, l.x, l.y, l.depth, ci, cj);
  l.ok = TRUE;
  return l;
}

/* A walk traced onto the surface: its seen and hidden parts as polylines
 * (x, y pairs, a NAN pair between two polylines), and where it got to. */
typedef struct
{
  GArray  *front, *back;
  Lifted   last;            /* the last point kept */
  gboolean has_last;
  int      open;            /* which array ends at last: 1 front, −1 back, 0 neither */
  double   px, py;          /* the last row traced, data units (px NAN: none) */
  Lifted   last_ok;         /* the last point that was on the surface */
} Tracer;

static void
tracer_init (Tracer *t)
{
  memset (t, 0, sizeof *t);
  t->front = g_array_new (FALSE, FALSE, sizeof (double));
  t->back = g_array_new (FALSE, FALSE, sizeof (double));
  t->px = NAN;
}

static void
tracer_clear (Tracer *t)
{
  g_clear_pointer (&t->front, g_array_unref);
  g_clear_pointer (&t->back, g_array_unref);
}

/* A tracer that goes on from where t is, into empty arrays of its own. */
static void
tracer_fork (const Tracer *t, Tracer *out)
{
  *out = *t;
  out->front = g_array_new (FALSE, FALSE, sizeof (double));
  out->back = g_array_new (FALSE, FALSE, sizeof (double));
  out->open = 0;
}

static void
tracer_add (Tracer *t, const Lifted *l)
{
  static const double pen_up[2] = { NAN, NAN };
  GArray *to;
  int which;

  if (!l->ok)
    {
      t->has_last = FALSE;
      t->open = 0;
      return;
    }
  t->last_ok = *l;
  if (!t->has_last)
    {
      t->last = *l;
      t->has_last = TRUE;
      t->open = 0;
      return;
    }
  /* within a pixel of the last point, seen the same way: nothing to draw */
  if (l->visible == t->last.visible && fabs (l->x - t->last.x) < 0.7 && fabs (l->y - t->last.y) < 0.7)
    return;
  which = l->visible && t->last.visible ? 1 : -1;
  to = which == 1 ? t->front : t->back;
  if (t->open != which)
    {
      if (to->len > 0)
        g_array_append_vals (to, pen_up, 2);
      g_array_append_val (to, t->last.x);
      g_array_append_val (to, t->last.y);
    }
  g_array_append_val (to, l->x);
  g_array_append_val (to, l->y);
  t->open = which;
  t->last = *l;
}

/* One row of a walk: the path from the last row follows the surface (a
 * piece per cell, at most drape_max), then the row itself. */
static void
tracer_row (Tracer *t, const Frame *f, const Mesh *m, double x, double y, double z,
            guint drape_max)
{
  Lifted l;

  if (!isfinite (x) || !isfinite (y))
    {
      tracer_add (t, &(Lifted) { FALSE });
      t->px = NAN;
      return;
    }
  if (isfinite (t->px))
    {
      double cell_w = (m->gx[m->nx - 1] - m->gx[0]) / (m->nx - 1);
      double cell_h = (m->gy[m->ny - 1] - m->gy[0]) / (m->ny - 1);
      double cells = MAX (fabs (x - t->px) / cell_w, fabs (y - t->py) / cell_h);
      guint pieces = (guint) MIN ((double) drape_max, ceil (cells));

      /* (on the mesh: between two rows there is no loss of the walk's) */
      for (guint q = 1; q < pieces; q++)
        {
          double u = (double) q / pieces;
          Lifted lq = lift (f, m, t->px + u * (x - t->px), t->py + u * (y - t->py), NAN);

          tracer_add (t, &lq);
        }
    }
  l = lift (f, m, x, y, z);
  tracer_add (t, &l);
  t->px = x;
  t->py = y;
}

static double
walk_z (const GsSurfaceWalk *w, guint i)
{
  return w->z ? w->z[(gsize) i * (w->z_stride ? w->z_stride : 1)] : NAN;
}

static void
walk_row (const GsSurfaceWalk *w, guint r, double *x, double *y, double *z)
{
  gsize stride = w->stride ? w->stride : 2;

  *x = w->xy[(gsize) r * stride];
  *y = w->xy[(gssize) ((gsize) r * stride) + (w->y_offset ? w->y_offset : 1)];
  *z = walk_z (w, r);
}

/* The decimation of a walk of n rows: every k-th row, k a power of two,
 * so that the rows kept stay the rows kept as the walk grows (until k
 * doubles), and the last; each segment draped in drape_max pieces at
 * most, from a budget that a walk of few rows spends on few segments. */
static void
decimation (guint n, guint max, guint *k, guint *drape_max)
{
  guint span = 1;

  *k = 1;
  while (n / *k > max)
    *k *= 2;
  while (span < n / *k + 1)
    span *= 2;
  *drape_max = CLAMP (DRAPE_TOTAL / span, 1, DRAPE_MAX);
}

/* Rows of a walk that a cache keeps traced: all but the last, and none
 * from n_stable on. */
static guint
stable_rows (const GsSurfaceWalk *w)
{
  guint n = w->n > 0 ? w->n - 1 : 0;

  return w->n_stable > 0 ? MIN (n, w->n_stable) : n;
}

/* What a cache keeps of a walk between frames: the rows [0, next) traced
 * for its frame, and how much of that is in the layers. */
typedef struct
{
  gboolean valid;
  guint    frame;           /* the frame serial it was traced for */
  guint    generation;
  guint    thinned;
  double   last_step;       /* the step of row next − k (NAN: none, or no steps) */
  gsize    stride, z_stride;
  gssize   y_offset;
  gboolean has_z;
  GsRgb    color;
  guint    k, drape_max;
  guint    next;            /* the next row to trace (a multiple of k) */
  Tracer   t;
  guint    drawn[2];        /* doubles of t.front, t.back already in the layers */
} WalkState;

static void
walk_state_clear (gpointer data)
{
  WalkState *ws = data;

  tracer_clear (&ws->t);
  ws->valid = FALSE;
}

/* The walk's older parts stroked once, into three images: the hidden
 * parts, the halos and the lines, painted in that order under each
 * frame's new parts. */
typedef struct
{
  cairo_surface_t *image[3];
  guint            frame;
  double           scale[2];
} Layers;

enum { LAYER_DIM, LAYER_HALO, LAYER_LINE };

/* doubles of a walk's traced path that go into the layers at a time */
#define LAYER_BATCH 128

static void
layers_clear (Layers *l)
{
  for (int k = 0; k < 3; k++)
    g_clear_pointer (&l->image[k], cairo_surface_destroy);
}

/* The polylines of pts from the double `from` on (joined to the point
 * before it), each simplified to a third of a pixel: a walk zigzagging in
 * a valley a few pixels wide then costs a stroke of its outline only. */
static void
path_polylines (cairo_t *cr, const GArray *pts, guint from)
{
  const double *p = (const double *) pts->data;
  guint n = pts->len / 2, a = from / 2;

  if (a > 0 && a < n && !isnan (p[2 * (a - 1)]))
    a--;
  while (a < n)
    {
      guint b = a;

      while (b < n && !isnan (p[2 * b]))
        b++;
      if (b > a)
        gs_path_points (cr, p + 2 * a, b - a, 0.35);
      a = b + 1;
    }
}

static void
walk_style (cairo_t *cr)
{
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
}

static void
stroke_dim (cairo_t *cr, double s, const GArray *pts, guint from, GsRgb c)
{
  cairo_set_line_width (cr, 1.25 * s);
  path_polylines (cr, pts, from);
  cairo_set_source_rgba (cr, c.r, c.g, c.b, DIM_ALPHA);
  cairo_stroke (cr);
}

static void
stroke_halo (cairo_t *cr, double s, const GArray *pts, guint from, GsRgb c)
{
  cairo_set_line_width (cr, HALO_WIDTH * s);
  path_polylines (cr, pts, from);
  gs_set_halo (cr, c);
  cairo_stroke (cr);
}

static void
stroke_line (cairo_t *cr, double s, const GArray *pts, guint from, GsRgb c)
{
  cairo_set_line_width (cr, LINE_WIDTH * s);
  path_polylines (cr, pts, from);
  cairo_set_source_rgb (cr, c.r, c.g, c.b);
  cairo_stroke (cr);
}

static cairo_surface_t *
layer_image (Layers *l, int which, const Frame *f)
{
  if (l->image[which] == NULL)
    {
      l->image[which] = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                    (int) ceil (f->width * l->scale[0]),
                                                    (int) ceil (f->height * l->scale[1]));
      cairo_surface_set_device_scale (l->image[which], l->scale[0], l->scale[1]);
    }
  return l->image[which];
}

/* New settled parts of the walks into the layers, a batch at a time. */
static void
layers_update (Layers *l, const Frame *f, double s, const GsSurfaceWalk *walks, WalkState *ws,
               guint n)
{
  cairo_t *cr[3] = { NULL, NULL, NULL };

  for (guint r = 0; r < n; r++)
    {
      Tracer *t = &ws[r].t;
      GsRgb c = walks[r].color;

      if (t->back->len >= ws[r].drawn[1] + LAYER_BATCH)
        {
          if (cr[LAYER_DIM] == NULL)
            {
              cr[LAYER_DIM] = cairo_create (layer_image (l, LAYER_DIM, f));
              walk_style (cr[LAYER_DIM]);
            }
          stroke_dim (cr[LAYER_DIM], s, t->back, ws[r].drawn[1], c);
          ws[r].drawn[1] = t->back->len;
        }
      if (t->front->len >= ws[r].drawn[0] + LAYER_BATCH)
        {
          for (int k = LAYER_HALO; k <= LAYER_LINE; k++)
            if (cr[k] == NULL)
              {
                cr[k] = cairo_create (layer_image (l, k, f));
                walk_style (cr[k]);
              }
          stroke_halo (cr[LAYER_HALO], s, t->front, ws[r].drawn[0], c);
          stroke_line (cr[LAYER_LINE], s, t->front, ws[r].drawn[0], c);
          ws[r].drawn[0] = t->front->len;
        }
    }
  for (int k = 0; k < 3; k++)
    if (cr[k])
      cairo_destroy (cr[k]);
}

/* Brings ws up to the walk's stable rows (before its last, and before
 * n_stable: those stay as they are until the generation changes); FALSE
 * when it started over. */
/* The first of the walk's rows after `step` (steps ascend). */
static guint
first_row_after (const GsSurfaceWalk *w, double step)
{
  gsize stride = w->stride ? w->stride : 2;
  guint lo = 0, hi = w->n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (w->step[(gsize) mid * stride] <= step)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Brings ws up to the walk's stable rows (before its last, and before
 * n_stable: those stay as they are until the generation changes); FALSE
 * when it started over. */
static gboolean
walk_state_sync (WalkState *ws, const Frame *f, guint frame, const Mesh *m,
                 const GsSurfaceWalk *w, guint max)
{
  gsize stride = w->stride ? w->stride : 2;
  guint k, drape_max;
  gboolean fresh;

  decimation (w->n, max, &k, &drape_max);
  fresh = !ws->valid || ws->frame != frame || ws->generation != w->generation
          || ws->stride != w->stride || ws->y_offset != w->y_offset
          || ws->z_stride != w->z_stride || ws->has_z != (w->z != NULL)
          || memcmp (&ws->color, &w->color, sizeof (GsRgb)) != 0
          || (ws->thinned != w->thinned && (w->step == NULL || isnan (ws->last_step)));
  if (!fresh && ws->thinned != w->thinned)
    {
      /* thinned out: what is drawn is still the walk; on after its last step */
      ws->thinned = w->thinned;
      ws->next = first_row_after (w, ws->last_step);
    }
  else if (!fresh && w->n < ws->next)
    fresh = TRUE;
  if (fresh)
    {
      tracer_clear (&ws->t);
      tracer_init (&ws->t);
      ws->valid = TRUE;
      ws->frame = frame;
      ws->generation = w->generation;
      ws->thinned = w->thinned;
      ws->stride = w->stride;
      ws->y_offset = w->y_offset;
      ws->z_stride = w->z_stride;
      ws->has_z = w->z != NULL;
      ws->color = w->color;
      ws->next = 0;
      ws->last_step = NAN;
      ws->drawn[0] = ws->drawn[1] = 0;
    }
  /* a longer walk is drawn from fewer of its rows (or, thinned, more):
   * the path so far stays, the rows from here are every k-th */
  ws->k = k;
  ws->drape_max = drape_max;
  ws->next = (ws->next + k - 1) / k * k;
  /* the rest is traced every frame, from here */
  for (; ws->next < stable_rows (w); ws->next += k)
    {
      double x, y, z;

      walk_row (w, ws->next, &x, &y, &z);
      tracer_row (&ws->t, f, m, x, y, z, drape_max);
      ws->last_step = w->step ? w->step[(gsize) ws->next * stride] : NAN;
    }
  return !fresh;
}

static void
dim_dot (cairo_t *cr, double x, double y, double r, GsRgb c)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, c.r, c.g, c.b, 0.5);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.5);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
}

/* The walks over a frame: states (n of them) and layers from the cache,
 * or made for this frame (layers NULL). */
static void
draw_walks (GsPainter *p, const Frame *f, guint frame, const Mesh *m, const GsSurfaceView *view,
            WalkState *ws, Layers *layers)
{
  cairo_t *cr = p->cr;
  double s = p->s;
  guint n = view->n_walks;
  g_autofree Tracer *tail = g_new0 (Tracer, MAX (n, 1));
  g_autofree Lifted *end = g_new0 (Lifted, MAX (n, 1));
  gboolean kept = TRUE;
  GsRgb ink = GS_INK;

  /* the rows before the last, kept between frames; the last one afresh */
  for (guint r = 0; r < n; r++)
    {
      const GsSurfaceWalk *w = &view->walks[r];

      kept &= walk_state_sync (&ws[r], f, frame, m, w,
                               view->moving ? WALK_MAX_MOVING : WALK_MAX);
      tracer_fork (&ws[r].t, &tail[r]);
      if (w->n > 0)
        {
          double x, y, z;

          /* the rows that may still change, the last one included */
          for (guint i = ws[r].next; i < w->n - 1; i += ws[r].k)
            {
              walk_row (w, i, &x, &y, &z);
              tracer_row (&tail[r], f, m, x, y, z, ws[r].drape_max);
            }
          walk_row (w, w->n - 1, &x, &y, &z);
          tracer_row (&tail[r], f, m, x, y, z, ws[r].drape_max);
          /* the current point is the last row's (none when it is off the
           * surface); a diverged walk's ✕ where it left the surface */
          if (w->diverged)
            end[r] = tail[r].last_ok;
          else if (isfinite (x) && isfinite (y))
            end[r] = lift (f, m, x, y, z);
        }
    }
  if (layers)
    {
      double dsx = 1, dsy = 1;

      cairo_surface_get_device_scale (cairo_get_target (cr), &dsx, &dsy);
      gboolean new_view = layers->frame != frame;

      /* a walk that started over is in the layers as it was: they start
       * over with it */
      if (!kept || new_view || layers->scale[0] != dsx || layers->scale[1] != dsy)
        {
          layers_clear (layers);
          layers->frame = frame;
          layers->scale[0] = dsx;
          layers->scale[1] = dsy;
          for (guint r = 0; r < n; r++)
            ws[r].drawn[0] = ws[r].drawn[1] = 0;
        }
      /* The first frame of a view strokes the walks whole; the layers are
       * filled from the second on, so a turning view (a new one every
       * frame) never strokes them twice. */
      if (!new_view && !view->moving)
        layers_update (layers, f, s, view->walks, ws, n);
    }

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, ceil (f->plot.x + f->plot.width), ceil (f->height));
  cairo_clip (cr);
  walk_style (cr);

  /* behind the surface: dim and thin, under everything else */
  if (layers && layers->image[LAYER_DIM])
    {
      cairo_set_source_surface (cr, layers->image[LAYER_DIM], 0, 0);
      cairo_paint (cr);
    }
  for (guint r = 0; r < n; r++)
    {
      stroke_dim (cr, s, ws[r].t.back, ws[r].drawn[1], view->walks[r].color);
      stroke_dim (cr, s, tail[r].back, 0, view->walks[r].color);
    }
  /* seen: halos first (one stroke per halo colour), then the lines, so
   * where walks share a path every colour stays visible */
  if (layers && layers->image[LAYER_HALO])
    {
      cairo_set_source_surface (cr, layers->image[LAYER_HALO], 0, 0);
      cairo_paint (cr);
    }
  cairo_set_line_width (cr, HALO_WIDTH * s);
  for (int dark = 0; dark < 2; dark++)
    {
      gboolean any = FALSE;

      for (guint r = 0; r < n; r++)
        if (gs_halo_is_dark (view->walks[r].color) == dark)
          {
            path_polylines (cr, ws[r].t.front, ws[r].drawn[0]);
            path_polylines (cr, tail[r].front, 0);
            gs_set_halo (cr, view->walks[r].color);
            any = TRUE;
          }
      if (any)
        cairo_stroke (cr);
    }
  if (layers && layers->image[LAYER_LINE])
    {
      cairo_set_source_surface (cr, layers->image[LAYER_LINE], 0, 0);
      cairo_paint (cr);
    }
  for (guint r = 0; r < n; r++)
    {
      stroke_line (cr, s, ws[r].t.front, ws[r].drawn[0], view->walks[r].color);
      stroke_line (cr, s, tail[r].front, 0, view->walks[r].color);
    }

  /* markers above every line */
  for (guint k = 0; k < view->n_minima; k++)
    {
      Lifted l = lift (f, m, view->minima[2 * k], view->minima[2 * k + 1], NAN);

      if (l.ok)
        gs_mark_star (cr, l.x, l.y, (l.visible ? 9.0 : 6.0) * s, GS_WHITE, ink, 1.5 * s);
    }
  if (view->has_start)
    {
      Lifted l = lift (f, m, view->start[0], view->start[1], NAN);

      if (l.ok)
        gs_mark_square (cr, l.x, l.y, 5.0 * s, GS_WHITE, ink, 1.6 * s);
    }
  for (guint r = 0; r < n; r++)
    {
      const GsSurfaceWalk *w = &view->walks[r];

      tracer_clear (&tail[r]);
      if (!end[r].ok)
        continue;
      if (w->diverged)
        gs_mark_cross (cr, end[r].x, end[r].y, 5.0 * s, GS_DIVERGED_RED, GS_WHITE, 2.2 * s);
      else if (end[r].visible)
        gs_mark_dot (cr, end[r].x, end[r].y, 4.0 * s, w->color, GS_WHITE, 1.75 * s);
      else
        dim_dot (cr, end[r].x, end[r].y, 4.0 * s, w->color);
    }
  cairo_restore (cr);
}

/* ---- the cache and the entry points ------------------------------------------------ */

struct _GsSurfaceCache
{
  /* the mesh, and what it was made of */
  gboolean        has_mesh;
  Mesh            mesh;
  gconstpointer   grid;
  guint           grid_serial;
  guint           grid_nx, grid_ny;
  double          grid_window[4];
  gboolean        levels_given;
  GsLevels        levels;
  guint           mesh_max;
  guint           mesh_serial;   /* changes with the mesh */
  /* the frame, and what it was made for */
  gboolean        has_frame;
  Frame           frame;
  guint           frame_serial;  /* changes with the frame */
  guint           frame_mesh;    /* the mesh_serial it was made from */
  double          azimuth, elevation, zoom, width, height;
  GsPlotStyle     style;
  gboolean        mesh_lines;
  char           *titles;        /* x, y, value titles joined */
  /* the frame's surface drawn: the box, the mesh, the labels */
  cairo_surface_t *image;
  double          image_scale[2];
  /* the walks */
  GArray         *walks;         /* WalkState, by index */
  Layers          layers;
};

GsSurfaceCache *
gs_surface_cache_new (void)
{
  return g_new0 (GsSurfaceCache, 1);
}

void
gs_surface_cache_free (GsSurfaceCache *cache)
{
  if (cache == NULL)
    return;
  mesh_clear (&cache->mesh);
  frame_clear (&cache->frame);
  g_clear_pointer (&cache->image, cairo_surface_destroy);
  g_clear_pointer (&cache->walks, g_array_unref);
  layers_clear (&cache->layers);
  g_free (cache->titles);
  g_free (cache);
}

static char *
join_titles (const GsSurfaceView *view)
{
  return g_strdup_printf ("%s\n%s\n%s", view->x_title ? view->x_title : "",
                          view->y_title ? view->y_title : "",
                          view->value_title ? view->value_title : "");
}

/* (field by field: a struct's padding is not compared) */
static gboolean
levels_equal (const GsLevels *a, const GsLevels *b)
{
  if (a->log != b->log || a->base != b->base || a->offset != b->offset || a->lo != b->lo
      || a->hi != b->hi || a->step != b->step || a->n != b->n)
    return FALSE;
  for (guint k = 0; k < a->n && k < GS_LEVELS_MAX; k++)
    if (a->values[k] != b->values[k])
      return FALSE;
  return TRUE;
}

/* The cache's mesh for the view, made again when what it is made of changed. */
static const Mesh *
cache_mesh (GsSurfaceCache *c, const GsSurfaceView *view)
{
  const GsGrid *g = view->grid;
  GsLevels lv;

  if (c->has_mesh && c->grid == (gconstpointer) g && c->grid_serial == view->grid_serial
      && c->grid_nx == g->nx && c->grid_ny == g->ny
      && memcmp (c->grid_window, &g->x_min, sizeof c->grid_window) == 0
      && c->levels_given == (view->levels != NULL)
      && (view->levels == NULL || levels_equal (&c->levels, view->levels))
      && c->mesh_max == mesh_max_of (view))
    return &c->mesh;
  if (view->levels)
    lv = *view->levels;
  else
    gs_levels_choose (g, 14, &lv);
  mesh_build (&c->mesh, g, &lv, mesh_max_of (view));
  c->has_mesh = TRUE;
  c->grid = g;
  c->grid_serial = view->grid_serial;
  c->grid_nx = g->nx;
  c->grid_ny = g->ny;
  memcpy (c->grid_window, &g->x_min, sizeof c->grid_window);
  c->levels_given = view->levels != NULL;
  c->levels = lv;
  c->mesh_max = mesh_max_of (view);
  c->mesh_serial++;
  return &c->mesh;
}

static const Frame *
cache_frame (GsSurfaceCache *c, GsPainter *p, double width, double height,
             const GsSurfaceView *view, const Mesh *m)
{
  g_autofree char *titles = join_titles (view);

  if (c->has_frame && c->frame_mesh == c->mesh_serial && c->azimuth == view->azimuth
      && c->elevation == view->elevation && c->zoom == view->zoom && c->width == width
      && c->height == height && c->style.dark == view->style.dark
      && c->style.scale == view->style.scale && c->mesh_lines == lines_of (view)
      && g_strcmp0 (c->titles, titles) == 0)
    return &c->frame;
  frame_build (&c->frame, p, width, height, view, m);
  c->has_frame = TRUE;
  c->frame_serial++;
  c->frame_mesh = c->mesh_serial;
  c->azimuth = view->azimuth;
  c->elevation = view->elevation;
  c->zoom = view->zoom;
  c->width = width;
  c->height = height;
  c->style = view->style;
  c->mesh_lines = lines_of (view);
  g_free (c->titles);
  c->titles = g_steal_pointer (&titles);
  g_clear_pointer (&c->image, cairo_surface_destroy);
  return &c->frame;
}

/* The frame's surface as an image at the target's device scale. */
static cairo_surface_t *
cache_image (GsSurfaceCache *c, cairo_t *target, const GsSurfaceView *view, const Mesh *m)
{
  double dsx = 1, dsy = 1;
  GsPainter p;
  cairo_t *cr;

  cairo_surface_get_device_scale (cairo_get_target (target), &dsx, &dsy);
  if (c->image != NULL && c->image_scale[0] == dsx && c->image_scale[1] == dsy)
    return c->image;
  g_clear_pointer (&c->image, cairo_surface_destroy);
  c->image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                         (int) ceil (c->frame.width * dsx),
                                         (int) ceil (c->frame.height * dsy));
  cairo_surface_set_device_scale (c->image, dsx, dsy);
  c->image_scale[0] = dsx;
  c->image_scale[1] = dsy;
  cr = cairo_create (c->image);
  gs_painter_init (&p, cr, &view->style);
  draw_static (&p, &c->frame, m, view);
  gs_painter_clear (&p);
  cairo_destroy (cr);
  return c->image;
}

static void
draw_empty (GsPainter *p, double width, double height)
{
  gs_painter_fg (p, 0.55);
  /* TRANSLATORS: in place of the 3-D loss surface until it is computed */
  gs_painter_text (p, _("No surface yet"), NULL, width / 2, height / 2, 0.5, 0.5);
}

static gboolean
grid_usable (const GsGrid *g)
{
  return g != NULL && g->nx >= 2 && g->ny >= 2 && g->x_max > g->x_min && g->y_max > g->y_min;
}

void
gs_plot_surface_render (cairo_t *cr, double width, double height, const GsSurfaceView *view)
{
  GsPainter p;

  g_return_if_fail (cr != NULL && view != NULL);
  cairo_save (cr);
  gs_painter_init (&p, cr, &view->style);
  if (!grid_usable (view->grid))
    draw_empty (&p, width, height);
  else if (view->cache != NULL)
    {
      const Mesh *m = cache_mesh (view->cache, view);

      if (mesh_ok (m))
        {
          const Frame *f = cache_frame (view->cache, &p, width, height, view, m);

          GsSurfaceCache *c = view->cache;

          cairo_set_source_surface (cr, cache_image (c, cr, view, m), 0, 0);
          cairo_paint (cr);
          if (c->walks == NULL)
            {
              c->walks = g_array_new (FALSE, TRUE, sizeof (WalkState));
              g_array_set_clear_func (c->walks, walk_state_clear);
            }
          if (c->walks->len != view->n_walks)
            g_array_set_size (c->walks, 0);
          g_array_set_size (c->walks, view->n_walks);
          draw_walks (&p, f, c->frame_serial, m, view, (WalkState *) c->walks->data, &c->layers);
        }
      else
        draw_empty (&p, width, height);
    }
  else
    {
      /* one-off (vector output): made and drawn for this frame */
      Mesh m = { 0 };
      Frame f = { 0 };
      GsLevels lv;

      if (view->levels)
        lv = *view->levels;
      else
        gs_levels_choose (view->grid, 14, &lv);
      mesh_build (&m, view->grid, &lv, mesh_max_of (view));
      if (mesh_ok (&m))
        {
          frame_build (&f, &p, width, height, view, &m);
          draw_static (&p, &f, &m, view);
          g_autofree WalkState *ws = g_new0 (WalkState, MAX (view->n_walks, 1));

          draw_walks (&p, &f, 0, &m, view, ws, NULL);
          for (guint r = 0; r < view->n_walks; r++)
            walk_state_clear (&ws[r]);
        }
      else
        draw_empty (&p, width, height);
      frame_clear (&f);
      mesh_clear (&m);
    }
  gs_painter_clear (&p);
  cairo_restore (cr);
}

gboolean
gs_plot_surface_project (cairo_t *cr, double width, double height, const GsSurfaceView *view,
                         double x, double y, double f, double *px, double *py)
{
  GsPainter p;
  Mesh m = { 0 };
  Frame fr = { 0 };
  GsLevels lv;
  double pos;
  guint ci, cj;
  gboolean ok = FALSE;

  if (!grid_usable (view->grid))
    return FALSE;
  if (view->levels)
    lv = *view->levels;
  else
    gs_levels_choose (view->grid, 14, &lv);
  mesh_build (&m, view->grid, &lv, mesh_max_of (view));
  if (mesh_ok (&m) && mesh_at (&m, x, y, &pos, &ci, &cj))
    {
      if (isfinite (f))
        pos = gs_levels_position (&lv, f);
      if (!isnan (pos))
        {
          gs_painter_init (&p, cr, &view->style);
          frame_layout (&fr, &p, width, height, view, &m);
          gs_painter_clear (&p);
          project (&fr.P, to_X (&m, x), to_Y (&m, y), to_Z (pos), px, py, NULL);
          ok = TRUE;
        }
    }
  mesh_clear (&m);
  return ok;
}

gboolean
gs_plot_surface_pick (GsSurfaceCache *cache, double px, double py, double *x, double *y)
{
  const Frame *fr;
  const Mesh *m;
  int bx, by;
  guint32 cell;
  guint i, j;
  double best = INFINITY;

  if (cache == NULL || !cache->has_frame || !cache->has_mesh
      || cache->frame_mesh != cache->mesh_serial)
    return FALSE;
  fr = &cache->frame;
  m = &cache->mesh;
  bx = (int) floor (px / BUF_PX);
  by = (int) floor (py / BUF_PX);
  if (bx < 0 || by < 0 || bx >= (int) fr->bw || by >= (int) fr->bh)
    return FALSE;
  cell = fr->cell[(gsize) by * fr->bw + (gsize) bx];
  if (cell == NO_CELL)
    return FALSE;
  i = cell % (m->nx - 1);
  j = cell / (m->nx - 1);
  /* the point of the cell (on a 9 × 9 lattice) nearest the pixel */
  for (guint a = 0; a <= 8; a++)
    for (guint b = 0; b <= 8; b++)
      {
        double cx = m->gx[i] + (m->gx[i + 1] - m->gx[i]) * a / 8.0;
        double cy = m->gy[j] + (m->gy[j + 1] - m->gy[j]) * b / 8.0;
        double pos, sx, sy, d;
        guint ci, cj;

        if (!mesh_at (m, cx, cy, &pos, &ci, &cj) || isnan (pos))
          continue;
        project (&fr->P, to_X (m, cx), to_Y (m, cy), to_Z (pos), &sx, &sy, NULL);
        d = hypot (sx - px, sy - py);
        if (d < best)
          {
            best = d;
            *x = cx;
            *y = cy;
          }
      }
  return isfinite (best);
}
