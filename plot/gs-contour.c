/* gs-contour.c — loss grids, levels, marching squares and band images */
#include "gs-contour.h"
#include "gs-colormap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- grids ------------------------------------------------------------------ */

GsGrid *
gs_grid_new (guint nx, guint ny, double x_min, double x_max, double y_min, double y_max)
{
  const double window[4] = { x_min, x_max, y_min, y_max };

  return gs_landscape_grid_new (nx, ny, window);
}

void
gs_grid_free (GsGrid *grid)
{
  gs_landscape_grid_free (grid);
}

double
gs_grid_x (const GsGrid *grid, guint i)
{
  return grid->x_min + (grid->x_max - grid->x_min) * i / (grid->nx - 1);
}

double
gs_grid_y (const GsGrid *grid, guint j)
{
  return grid->y_min + (grid->y_max - grid->y_min) * j / (grid->ny - 1);
}

void
gs_grid_update_range (GsGrid *grid)
{
  gs_landscape_grid_update_range (grid);
}

double
gs_slice_eval (const GsSlice *slice, double x, double y, double *theta, double *work)
{
  theta[slice->axis_x] = x;
  theta[slice->axis_y] = y;
  return gs_problem_objective (slice->problem, &slice->reg, theta, NULL, 0, NULL, work);
}

gboolean
gs_grid_fill_rows (GsGrid *grid, const GsSlice *slice, guint first, guint n_rows,
                   GCancellable *cancellable)
{
  guint n_params = gs_problem_get_n_params (slice->problem);
  g_autofree double *theta = g_new0 (double, n_params);
  g_autofree double *work = g_new (double, MAX (gs_problem_get_work_size (slice->problem), 1));

  g_return_val_if_fail (slice->axis_x < n_params && slice->axis_y < n_params, FALSE);
  g_return_val_if_fail (first + n_rows <= grid->ny, FALSE);

  if (slice->theta)
    memcpy (theta, slice->theta, sizeof (double) * n_params);

  for (guint j = first; j < first + n_rows; j++)
    {
      double y = gs_grid_y (grid, j);
      double *row = grid->z + (gsize) j * grid->nx;

      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      for (guint i = 0; i < grid->nx; i++)
        {
          double f = gs_slice_eval (slice, gs_grid_x (grid, i), y, theta, work);
          row[i] = isfinite (f) ? f : NAN;
        }
    }
  return TRUE;
}

GsGrid *
gs_grid_compute (const GsSlice *slice, guint n, double x_min, double x_max,
                 double y_min, double y_max, GCancellable *cancellable)
{
  g_autoptr(GsGrid) grid = gs_grid_new (MAX (n, 2), MAX (n, 2), x_min, x_max, y_min, y_max);

  if (!gs_grid_fill_rows (grid, slice, 0, grid->ny, cancellable))
    return NULL;
  gs_grid_update_range (grid);
  return g_steal_pointer (&grid);
}

/* ---- levels ------------------------------------------------------------------ */

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* Sorted positive values of z − z_min, at most ~16k of them (a strided
 * sample: quantiles need no more). */
static double *
positive_sample (const GsGrid *grid, guint *n_out)
{
  gsize total = (gsize) grid->nx * grid->ny;
  gsize stride = MAX (total / 16384, 1);
  double *s = g_new (double, total / stride + 1);
  guint n = 0;

  for (gsize k = 0; k < total; k += stride)
    {
      double v = grid->z[k] - grid->z_min;
      if (isfinite (v) && v > 0.0)
        s[n++] = v;
    }
  qsort (s, n, sizeof (double), cmp_double);
  *n_out = n;
  return s;
}

static void
choose_linear (double lo, double hi, guint n_target, GsLevels *lv)
{
  double step;

  lv->log = FALSE;
  lv->lo = lo;
  lv->hi = hi;
  if (!(lv->hi > lv->lo))
    {
      lv->hi = lv->lo + 1.0;
      return;
    }
  step = lv->step = (lv->hi - lv->lo) / n_target;
  /* a 1-2-5 step */
  {
    double e = floor (log10 (step)), f = step / pow (10.0, e);
    f = f <= 1.0 ? 1.0 : f <= 2.0 ? 2.0 : f <= 5.0 ? 5.0 : 10.0;
    step = lv->step = f * pow (10.0, e);
  }
  for (double k = floor (lv->lo / step) + 1; lv->n < GS_LEVELS_MAX; k++)
    {
      double v = k * step;

      if (v >= lv->hi)
        break;
      if (v > lv->lo)
        lv->values[lv->n++] = fabs (v) < step * 1e-9 ? 0.0 : v;
    }
}

void
gs_levels_choose (const GsGrid *grid, guint n_target, GsLevels *lv)
{
  g_autofree double *pos = NULL;
  guint n_pos;
  double smax, q10, delta;
  static const double sets[3][4] = { { 1, 2, 5, 0 }, { 1, 3, 0, 0 }, { 1, 0, 0, 0 } };
  int best = -1;
  double every = 1.0;
  int d0, d1;

  memset (lv, 0, sizeof *lv);
  n_target = CLAMP (n_target, 2, GS_LEVELS_MAX - 4);
  if (!isfinite (grid->z_min))
    {
      lv->lo = 0.0;
      lv->hi = 1.0;
      return;
    }

  pos = positive_sample (grid, &n_pos);
  smax = grid->z_max - grid->z_min;
  if (n_pos < 4)
    {
      choose_linear (grid->z_min, grid->z_max, n_target, lv);
      return;
    }
  /* Wide: the top is more than two decades above the value 10% of the
   * window stays under — a sharp valley in a steep bowl (Rosenbrock, Beale).
   * A quadratic bowl stays near one decade whatever its window. */
  q10 = pos[n_pos / 10];
  if (!(smax / q10 > 100.0))
    {
      choose_linear (grid->z_min, grid->z_max, n_target, lv);
      return;
    }

  lv->log = TRUE;
  lv->lo = grid->z_min;
  lv->hi = grid->z_max;
  /* resolve down to the lowest 0.1% of the window (where the walks end
   * up), never below 1e-9 of the top */
  delta = lv->offset = MAX (pos[n_pos / 1000], smax * 1e-9);
  /* A minimum within δ of 0 (Rosenbrock's 0, sampled near but not on the
   * grid) counts as 0: the levels are then plain values of f. */
  lv->base = fabs (grid->z_min) < delta ? 0.0 : grid->z_min;
  smax = grid->z_max - lv->base;

  d0 = (int) floor (log10 (delta));
  d1 = (int) floor (log10 (smax));
  /* the densest of 1-2-5, 1-3, 1 per decade that stays near n_target */
  for (int set = 0; set < 3 && best < 0; set++)
    {
      guint count = 0;
      for (int d = d0; d <= d1; d++)
        for (int m = 0; m < 4 && sets[set][m] > 0; m++)
          {
            double v = sets[set][m] * pow (10.0, d);
            count += (v >= delta * 0.999 && v < smax);
          }
      if (count <= n_target * 1.25)
        best = set;
    }
  if (best < 0)
    {
      best = 2;
      every = ceil ((double) (d1 - d0 + 1) / n_target);
    }
  for (int d = d0; d <= d1 && lv->n < GS_LEVELS_MAX; d++)
    {
      if (fmod (d - d0, every) != 0.0)
        continue;
      for (int m = 0; m < 4 && sets[best][m] > 0 && lv->n < GS_LEVELS_MAX; m++)
        {
          double v = sets[best][m] * pow (10.0, d);
          if (v >= delta * 0.999 && v < smax)
            lv->values[lv->n++] = lv->base + v;
        }
    }
}

void
gs_levels_choose_linear (double lo, double hi, guint n_target, GsLevels *lv)
{
  memset (lv, 0, sizeof *lv);
  if (!isfinite (lo) || !isfinite (hi))
    {
      lv->lo = 0.0;
      lv->hi = 1.0;
      return;
    }
  choose_linear (MIN (lo, hi), MAX (lo, hi), CLAMP (n_target, 2, GS_LEVELS_MAX - 4), lv);
}

double
gs_levels_position (const GsLevels *lv, double f)
{
  double t;

  if (isnan (f))
    return NAN;
  if (lv->log)
    {
      double s = MAX (f - lv->base, 0.0);
      double top = log10 (MAX (lv->hi - lv->base, 0.0) + lv->offset) - log10 (lv->offset);

      t = top > 0 ? (log10 (s + lv->offset) - log10 (lv->offset)) / top : 0.0;
    }
  else
    t = lv->hi > lv->lo ? (f - lv->lo) / (lv->hi - lv->lo) : 0.0;
  return CLAMP (t, 0.0, 1.0);
}

/* index of the band t falls in, given the levels' positions p[0..n) */
static guint
band_of (const double *p, guint n, double t)
{
  guint lo = 0, hi = n;

  /* first k with p[k] > t */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if (p[mid] > t)
        hi = mid;
      else
        lo = mid + 1;
    }
  return lo;
}

static void
level_positions (const GsLevels *lv, double *p)
{
  for (guint k = 0; k < lv->n; k++)
    p[k] = gs_levels_position (lv, lv->values[k]);
}

static double
band_mid (const double *p, guint n, guint band)
{
  double a = band == 0 ? 0.0 : p[band - 1];
  double b = band == n ? 1.0 : p[band];
  return (a + b) / 2;
}

double
gs_levels_band_position (const GsLevels *lv, double f)
{
  double p[GS_LEVELS_MAX];
  double t = gs_levels_position (lv, f);

  if (isnan (t))
    return NAN;
  level_positions (lv, p);
  return band_mid (p, lv->n, band_of (p, lv->n, t));
}

/* ---- marching squares ---------------------------------------------------------- */

/* Corners of cell (i, j): 0 = (i, j), 1 = (i+1, j), 2 = (i+1, j+1), 3 = (i, j+1).
 * Edges: 0 = 0–1 (bottom), 1 = 1–2 (right), 2 = 3–2 (top), 3 = 0–3 (left).
 * For each case (bit k set when corner k ≥ level): up to two edge pairs. */
static const gint8 cases[16][4] = {
  { -1, -1, -1, -1 },   /* 0 */
  {  3,  0, -1, -1 },   /* 1 */
  {  0,  1, -1, -1 },   /* 2 */
  {  3,  1, -1, -1 },   /* 3 */
  {  1,  2, -1, -1 },   /* 4 */
  { -1, -1, -1, -1 },   /* 5: saddle, below */
  {  0,  2, -1, -1 },   /* 6 */
  {  3,  2, -1, -1 },   /* 7 */
  {  3,  2, -1, -1 },   /* 8 */
  {  0,  2, -1, -1 },   /* 9 */
  { -1, -1, -1, -1 },   /* 10: saddle, below */
  {  1,  2, -1, -1 },   /* 11 */
  {  3,  1, -1, -1 },   /* 12 */
  {  0,  1, -1, -1 },   /* 13 */
  {  3,  0, -1, -1 },   /* 14 */
  { -1, -1, -1, -1 },   /* 15 */
};

static void
edge_point (int edge, const double v[4], double level, double x0, double y0,
            double dx, double dy, double *x, double *y)
{
  /* the crossing on the edge from corner a to corner b, linear in between */
  static const int ends[4][2] = { { 0, 1 }, { 1, 2 }, { 3, 2 }, { 0, 3 } };
  static const double cx[4] = { 0, 1, 1, 0 }, cy[4] = { 0, 0, 1, 1 };
  int a = ends[edge][0], b = ends[edge][1];
  double t = (level - v[a]) / (v[b] - v[a]);

  if (!isfinite (t))
    t = 0.5;
  t = CLAMP (t, 0.0, 1.0);
  *x = x0 + dx * (cx[a] + t * (cx[b] - cx[a]));
  *y = y0 + dy * (cy[a] + t * (cy[b] - cy[a]));
}

/* A crossing's edge, the same from both cells that share it: horizontal
 * edge (i, j) runs from node (i, j) to (i+1, j), vertical from (i, j) to (i, j+1). */
static guint64
edge_key (guint nx, guint i, guint j, int edge)
{
  switch (edge)
    {
    case 0:  return ((guint64) j * nx + i) << 1;              /* bottom: H(i, j) */
    case 1:  return (((guint64) j * nx + i + 1) << 1) | 1;    /* right:  V(i+1, j) */
    case 2:  return ((guint64) (j + 1) * nx + i) << 1;        /* top:    H(i, j+1) */
    default: return (((guint64) j * nx + i) << 1) | 1;        /* left:   V(i, j) */
    }
}

/* Segments of z = level; keys (when not NULL) gets the two edge keys of each. */
static void
march (const double *z, guint nx, guint ny, double x_min, double x_max, double y_min,
       double y_max, double level, GArray *out, GArray *keys)
{
  double dx = (x_max - x_min) / (nx - 1);
  double dy = (y_max - y_min) / (ny - 1);

  for (guint j = 0; j + 1 < ny; j++)
    {
      const double *r0 = z + (gsize) j * nx;
      const double *r1 = r0 + nx;

      for (guint i = 0; i + 1 < nx; i++)
        {
          double v[4] = { r0[i], r0[i + 1], r1[i + 1], r1[i] };
          int c = (v[0] >= level) | (v[1] >= level) << 1 | (v[2] >= level) << 2
                  | (v[3] >= level) << 3;
          gint8 pairs[4];

          if (c == 0 || c == 15)
            continue;
          if (isnan (v[0]) || isnan (v[1]) || isnan (v[2]) || isnan (v[3]))
            continue;
          memcpy (pairs, cases[c], sizeof pairs);
          if (c == 5 || c == 10)
            {
              /* saddle: the centre decides which corners join up */
              gboolean centre_high = (v[0] + v[1] + v[2] + v[3]) / 4 >= level;
              static const gint8 cut_around_1_3[4] = { 0, 1, 2, 3 };   /* isolate corners 1, 3 */
              static const gint8 cut_around_0_2[4] = { 3, 0, 1, 2 };   /* isolate corners 0, 2 */
              /* case 5: corners 0, 2 high. Centre high joins them: 1 and 3
               * are cut off. Case 10 is the mirror image. */
              gboolean isolate_1_3 = (c == 5) == centre_high;
              memcpy (pairs, isolate_1_3 ? cut_around_1_3 : cut_around_0_2, sizeof pairs);
            }
          for (int k = 0; k < 4 && pairs[k] >= 0; k += 2)
            {
              GsSegment seg;
              double x0 = x_min + i * dx, y0 = y_min + j * dy;

              edge_point (pairs[k], v, level, x0, y0, dx, dy, &seg.x0, &seg.y0);
              edge_point (pairs[k + 1], v, level, x0, y0, dx, dy, &seg.x1, &seg.y1);
              g_array_append_val (out, seg);
              if (keys)
                {
                  guint64 kk[2] = { edge_key (nx, i, j, pairs[k]),
                                    edge_key (nx, i, j, pairs[k + 1]) };
                  g_array_append_vals (keys, kk, 2);
                }
            }
        }
    }
}

void
gs_marching_squares (const double *z, guint nx, guint ny, double x_min, double x_max,
                     double y_min, double y_max, double level, GArray *out)
{
  march (z, nx, ny, x_min, x_max, y_min, y_max, level, out, NULL);
}

/* Joins segments [first, first + n) of one level (keys: their edge keys)
 * into polylines. Each edge is crossed once, so it ends at most two
 * segments: the one on either side. */
static void
chain (const GsSegment *segs, const guint64 *keys, guint n, GArray *points, GArray *starts)
{
  g_autoptr(GHashTable) at = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gboolean *used = g_new0 (gboolean, MAX (n, 1));
  g_autofree guint *link = g_new (guint, 2 * (gsize) MAX (n, 1));   /* other segment at each end, or G_MAXUINT */

  for (guint s = 0; s < 2 * n; s++)
    {
      gpointer prev;

      link[s] = G_MAXUINT;
      if (g_hash_table_lookup_extended (at, &keys[s], NULL, &prev))
        {
          guint o = GPOINTER_TO_UINT (prev);   /* end o of segment o/2 */
          link[s] = o;
          link[o] = s;
        }
      else
        g_hash_table_insert (at, (gpointer) &keys[s], GUINT_TO_POINTER (s));
    }

  for (guint s0 = 0; s0 < n; s0++)
    {
      guint end, s;

      if (used[s0])
        continue;
      /* walk back to the start of this line (or once round a loop) */
      s = s0;
      end = 2 * s0;                     /* leave s0 through its end 0 */
      while (link[end] != G_MAXUINT && link[end] / 2 != s0)
        {
          guint o = link[end];
          s = o / 2;
          end = (o ^ 1u);              /* the far end of that segment */
        }
      /* s: first segment; its end `end` is the line's start */
      {
        guint first_point = points->len / 2;
        g_array_append_val (starts, first_point);
      }
      {
        const GsSegment *g = &segs[s];
        double p[2] = { (end & 1) ? g->x1 : g->x0, (end & 1) ? g->y1 : g->y0 };
        g_array_append_vals (points, p, 2);
      }
      for (guint cur = end ^ 1u; ; )
        {
          const GsSegment *g = &segs[cur / 2];
          double p[2] = { (cur & 1) ? g->x1 : g->x0, (cur & 1) ? g->y1 : g->y0 };

          used[cur / 2] = TRUE;
          g_array_append_vals (points, p, 2);
          if (link[cur] == G_MAXUINT || used[link[cur] / 2])
            break;
          cur = link[cur] ^ 1u;
        }
    }
}

/* The grid as positions on the colour scale. */
static double *
position_field (const GsGrid *grid, const GsLevels *lv)
{
  gsize total = (gsize) grid->nx * grid->ny;
  double *t = g_new (double, total);

  for (gsize k = 0; k < total; k++)
    t[k] = gs_levels_position (lv, grid->z[k]);
  return t;
}

GsContourLines *
gs_contour_lines_new (const GsGrid *grid, const GsLevels *lv)
{
  GsContourLines *lines = g_new0 (GsContourLines, 1);
  g_autofree double *t = position_field (grid, lv);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (guint64));
  double p[GS_LEVELS_MAX];

  lines->segments = g_array_new (FALSE, FALSE, sizeof (GsSegment));
  lines->points = g_array_new (FALSE, FALSE, sizeof (double));
  lines->starts = g_array_new (FALSE, FALSE, sizeof (guint));
  level_positions (lv, p);
  for (guint k = 0; k < lv->n; k++)
    {
      guint first = lines->segments->len;

      g_array_set_size (keys, 0);
      march (t, grid->nx, grid->ny, grid->x_min, grid->x_max, grid->y_min, grid->y_max,
             p[k], lines->segments, keys);
      chain (&g_array_index (lines->segments, GsSegment, first),
             (const guint64 *) keys->data, lines->segments->len - first,
             lines->points, lines->starts);
    }
  {
    guint end = lines->points->len / 2;
    g_array_append_val (lines->starts, end);
  }
  return lines;
}

GsContourLines *
gs_contour_lines_new_empty (void)
{
  GsContourLines *lines = g_new0 (GsContourLines, 1);
  guint end = 0;

  lines->segments = g_array_new (FALSE, FALSE, sizeof (GsSegment));
  lines->points = g_array_new (FALSE, FALSE, sizeof (double));
  lines->starts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (lines->starts, end);
  return lines;
}

void
gs_contour_lines_add (GsContourLines *lines, const double *z, guint nx, guint ny,
                      double x_min, double x_max, double y_min, double y_max, double level)
{
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint first = lines->segments->len;
  guint end;

  if (nx < 2 || ny < 2)
    return;
  /* the closing entry goes, the new lines come, a new closing entry */
  g_array_set_size (lines->starts, lines->starts->len - 1);
  march (z, nx, ny, x_min, x_max, y_min, y_max, level, lines->segments, keys);
  chain (&g_array_index (lines->segments, GsSegment, first), (const guint64 *) keys->data,
         lines->segments->len - first, lines->points, lines->starts);
  end = lines->points->len / 2;
  g_array_append_val (lines->starts, end);
}

void
gs_contour_lines_free (GsContourLines *lines)
{
  if (lines == NULL)
    return;
  g_array_unref (lines->segments);
  g_array_unref (lines->points);
  g_array_unref (lines->starts);
  g_free (lines);
}

/* ---- band image ---------------------------------------------------------------- */

cairo_surface_t *
gs_contour_bands_image (const GsGrid *grid, const GsLevels *lv, int width, int height,
                        gboolean dark)
{
  cairo_surface_t *surface;
  g_autofree double *t = position_field (grid, lv);
  double p[GS_LEVELS_MAX];
  guint32 colors[GS_LEVELS_MAX + 1];
  /* hatching of cells where f is not finite: neutral, never a band colour */
  guint32 hatch[2] = { dark ? 0xff3a3a3a : 0xffd6d6d6, dark ? 0xff2a2a2a : 0xffbcbcbc };
  guchar *data;
  int stride;

  width = MAX (width, 1);
  height = MAX (height, 1);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;

  level_positions (lv, p);
  for (guint b = 0; b <= lv->n; b++)
    colors[b] = gs_colormap_argb (band_mid (p, lv->n, b));

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);

  for (int py = 0; py < height; py++)
    {
      guint32 *row = (guint32 *) (data + (gsize) py * stride);
      /* pixel centre → grid coordinates; row 0 is the top (y_max) */
      double gy = (1.0 - (py + 0.5) / height) * (grid->ny - 1);
      guint j = (guint) CLAMP (floor (gy), 0, grid->ny - 2);
      double fy = gy - j;
      const double *t0 = t + (gsize) j * grid->nx;
      const double *t1 = t0 + grid->nx;

      for (int px = 0; px < width; px++)
        {
          double gx = (px + 0.5) / width * (grid->nx - 1);
          guint i = (guint) CLAMP (floor (gx), 0, grid->nx - 2);
          double fx = gx - i;
          /* bilinear */
          double v = (1 - fy) * ((1 - fx) * t0[i] + fx * t0[i + 1])
                     + fy * ((1 - fx) * t1[i] + fx * t1[i + 1]);

          if (isnan (v))
            {
              /* at the rim of a non-finite region: the nearest node's band
               * when it has one, so the rim is half a cell fine */
              double near = (fy < 0.5 ? t0 : t1)[fx < 0.5 ? i : i + 1];
              v = near;
            }
          if (isnan (v))
            row[px] = hatch[((px + py) / 4) & 1];
          else
            row[px] = colors[band_of (p, lv->n, v)];
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}
