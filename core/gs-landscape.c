/* gs-landscape.c — planes through parameter space, loss grids over them,
 * projections and lines
 *
 * A grid job hands the rows of each level to its workers one at a time
 * (an atomic counter); the worker that finishes a level's last row closes
 * the level — its range, a copy for the readers, a callback on the
 * caller's main context — and starts the next level, reusing the nodes it
 * shares with this one. No thread waits for another but the owner in
 * gs_landscape_job_wait / _free. */
#include "gs-landscape.h"
#include "gs-landscape-private.h"
#include "gs-blas.h"
#include "gs-rng.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#define PCA_MAX_ROWS 2048
#define PCA_MAX_DOUBLES (32u << 20)   /* the trajectory matrix, 256 MiB */

static const char *const direction_names[] = { "axes", "random", "pca", NULL };

const char *
gs_directions_to_string (GsDirections kind)
{
  return kind <= GS_DIRECTIONS_PCA ? direction_names[kind] : "unknown";
}

gboolean
gs_directions_from_string (const char *name, GsDirections *out)
{
  for (guint i = 0; direction_names[i]; i++)
    if (g_str_equal (name, direction_names[i]))
      {
        *out = (GsDirections) i;
        return TRUE;
      }
  return FALSE;
}

/* ---- planes ------------------------------------------------------------------ */

static GsPlane *
plane_alloc (GsDirections kind, guint n_params)
{
  GsPlane *plane = g_malloc0 (sizeof (GsPlane) + 3 * sizeof (double) * n_params);

  plane->kind = kind;
  plane->n_params = n_params;
  plane->center = (double *) (plane + 1);
  plane->d1 = plane->center + n_params;
  plane->d2 = plane->d1 + n_params;
  plane->explained[0] = plane->explained[1] = NAN;
  return plane;
}

void
gs_plane_free (GsPlane *plane)
{
  g_free (plane);
}

GsPlane *
gs_plane_copy (const GsPlane *plane)
{
  GsPlane *copy = plane_alloc (plane->kind, plane->n_params);
  gsize n = plane->n_params;

  memcpy (copy->center, plane->center, sizeof (double) * 3 * n);
  memcpy (copy->gram, plane->gram, sizeof copy->gram);
  memcpy (copy->axis, plane->axis, sizeof copy->axis);
  memcpy (copy->explained, plane->explained, sizeof copy->explained);
  copy->seed = plane->seed;
  return copy;
}

void
gs_plane_recenter (GsPlane *plane, const double *center)
{
  memcpy (plane->center, center, sizeof (double) * plane->n_params);
}

static gboolean
check_center (GsProblem *problem, const double *center, GError **error)
{
  guint n = gs_problem_get_n_params (problem);

  if (n < 2)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   _("a plane needs at least 2 parameters; the problem has %u"), n);
      return FALSE;
    }
  if (!gs_all_finite (center, n))
    {
      g_set_error_literal (error, GS_ERROR, GS_ERROR_INVALID,
                           _("the plane's center is not finite (a diverged run?)"));
      return FALSE;
    }
  return TRUE;
}

/* The Gram matrix, and FALSE when the directions span no plane. */
static gboolean
plane_finish (GsPlane *plane, GError **error)
{
  guint n = plane->n_params;
  double g11 = gs_blas_dot (n, plane->d1, plane->d1);
  double g12 = gs_blas_dot (n, plane->d1, plane->d2);
  double g22 = gs_blas_dot (n, plane->d2, plane->d2);

  plane->gram[0] = g11;
  plane->gram[1] = g12;
  plane->gram[2] = g22;
  /* det = g11·g22 − g12², relative to its scale */
  if (!(g11 > 0.0 && g22 > 0.0 && g11 * g22 - g12 * g12 > 1e-12 * g11 * g22))
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   /* TRANSLATORS: %s is the kind of directions as the CLI's
                      --directions names it: axes, random or pca */
                   _("the two %s directions span no plane (a center of zeros?)"),
                   gs_directions_to_string (plane->kind));
      return FALSE;
    }
  return TRUE;
}

GsPlane *
gs_plane_new_axes (GsProblem *problem, const double *center, guint i, guint j,
                   GError **error)
{
  guint n = gs_problem_get_n_params (problem);
  GsPlane *plane;

  if (!check_center (problem, center, error))
    return NULL;
  if (i >= n || j >= n || i == j)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   _("axes %u and %u: expected two different parameters from 0 to %u"), i, j,
                   n - 1);
      return NULL;
    }
  plane = plane_alloc (GS_DIRECTIONS_AXES, n);
  memcpy (plane->center, center, sizeof (double) * n);
  plane->d1[i] = 1.0;
  plane->d2[j] = 1.0;
  plane->axis[0] = i;
  plane->axis[1] = j;
  plane_finish (plane, NULL);
  return plane;
}

/* One filter f of d1 and d2 (len values, stride 1) against the same
 * entries c of the center: d2 made orthogonal to d1 when asked, then each
 * scaled to ‖c‖ (to `empty` when ‖c‖ = 0). */
static void
normalize_filter (double *d1, double *d2, const double *c, guint len, gboolean orthogonal,
                  double empty)
{
  double cn = gs_blas_nrm2 (len, c);
  double target = cn > 0.0 ? cn : empty;
  double n1, n2;

  if (orthogonal && len >= 2)
    {
      double d11 = gs_blas_dot (len, d1, d1);

      if (d11 > 0.0)
        {
          /* d2 ← d2 − (d2·d1/d1·d1)·d1 */
          double s = gs_blas_dot (len, d2, d1) / d11;

          for (guint k = 0; k < len; k++)
            d2[k] -= s * d1[k];
        }
    }
  n1 = gs_blas_nrm2 (len, d1);
  n2 = gs_blas_nrm2 (len, d2);
  for (guint k = 0; k < len; k++)
    {
      d1[k] = n1 > 0.0 ? d1[k] * (target / n1) : 0.0;
      d2[k] = n2 > 0.0 ? d2[k] * (target / n2) : 0.0;
    }
}

GsPlane *
gs_plane_new_random (GsProblem *problem, const double *center, guint64 seed,
                     gboolean orthogonal, GError **error)
{
  guint n = gs_problem_get_n_params (problem);
  const GsMlp *mlp = gs_problem_get_mlp (problem);
  g_autoptr(GsPlane) plane = NULL;
  GsRng rng;

  if (!check_center (problem, center, error))
    return NULL;

  plane = plane_alloc (GS_DIRECTIONS_RANDOM, n);
  plane->seed = seed;
  memcpy (plane->center, center, sizeof (double) * n);
  gs_rng_init (&rng, seed);
  for (guint k = 0; k < n; k++)
    plane->d1[k] = gs_rng_normal (&rng);
  for (guint k = 0; k < n; k++)
    plane->d2[k] = gs_rng_normal (&rng);

  if (mlp != NULL)
    {
      /* Li et al.: each neuron's incoming weights (a row of W_l) scaled to
       * the norm of the same row of θc; biases 0 */
      for (guint l = 0; l < gs_mlp_get_n_layers (mlp); l++)
        {
          guint n_in, n_out, off;

          gs_mlp_get_layer (mlp, l, &n_in, &n_out, &off);
          for (guint r = 0; r < n_out; r++)
            {
              gsize at = off + (gsize) r * n_in;

              normalize_filter (plane->d1 + at, plane->d2 + at, center + at, n_in,
                                orthogonal, 0.0);
            }
          for (gsize k = off + (gsize) n_out * n_in; k < off + (gsize) n_out * (n_in + 1); k++)
            plane->d1[k] = plane->d2[k] = 0.0;
        }
    }
  else
    normalize_filter (plane->d1, plane->d2, center, n, orthogonal, 1.0);

  if (!plane_finish (plane, error))
    return NULL;
  return g_steal_pointer (&plane);
}

/* v ← v/‖v‖; FALSE for a zero vector */
static gboolean
normalize (guint n, double *v)
{
  double nv = gs_blas_nrm2 (n, v);

  if (!(nv > 0.0) || !isfinite (nv))
    return FALSE;
  for (guint k = 0; k < n; k++)
    v[k] /= nv;
  return TRUE;
}

/* v ← v − (v·u)u for a unit u, then normalized */
static gboolean
orthonormalize (guint n, double *v, const double *u)
{
  double s = gs_blas_dot (n, v, u);

  for (guint k = 0; k < n; k++)
    v[k] -= s * u[k];
  return normalize (n, v);
}

GsPlane *
gs_plane_new_pca (const double *rows, gsize stride, guint n_rows, guint n_params,
                  GError **error)
{
  g_autoptr(GsPlane) plane = NULL;
  g_autofree guint *pick = NULL;
  g_autofree double *m = NULL;     /* r × p: θ_i − θ_final */
  g_autofree double *g = NULL;     /* the smaller Gram matrix */
  g_autofree double *w = NULL;     /* its eigenvalues, ascending */
  const double *final;
  guint n_pick, r, p = n_params, dim;
  double total = 0.0, lambda[2];

  if (n_params < 2)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   _("a plane needs at least 2 parameters; the problem has %u"), n_params);
      return NULL;
    }
  if (n_rows < 3)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   _("pca directions need a trajectory of at least 3 rows; it has %u"),
                   n_rows);
      return NULL;
    }
  for (guint i = 0; i < n_rows; i++)
    if (!gs_all_finite (rows + stride * i, n_params))
      {
        g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                     _("row %u of the trajectory is not finite (a diverged run?)"), i);
        return NULL;
      }

  /* at most PCA_MAX_ROWS rows, evenly spaced, the first and the last kept */
  n_pick = MIN (n_rows, PCA_MAX_ROWS);
  n_pick = MIN (n_pick, MAX (PCA_MAX_DOUBLES / n_params, 3u));
  pick = g_new (guint, n_pick);
  for (guint k = 0; k < n_pick; k++)
    pick[k] = (guint) (((guint64) k * (n_rows - 1) + (n_pick - 1) / 2) / (n_pick - 1));
  final = rows + stride * (n_rows - 1);

  r = n_pick - 1;   /* the last row is θ_final: a row of zeros, left out */
  m = g_new (double, (gsize) r * p);
  for (guint k = 0; k < r; k++)
    {
      const double *row = rows + stride * pick[k];
      double *mk = m + (gsize) k * p;

      for (guint j = 0; j < p; j++)
        {
          mk[j] = row[j] - final[j];
          total += mk[j] * mk[j];
        }
    }
  if (!(total > 0.0))
    {
      g_set_error_literal (error, GS_ERROR, GS_ERROR_INVALID,
                           _("pca directions need a trajectory that moves; every row is at "
                             "its end"));
      return NULL;
    }

  /* eigenvectors of MᵀM (p × p) or of M·Mᵀ (r × r), the smaller */
  dim = MIN (p, r);
  g = g_new (double, (gsize) dim * dim);
  w = g_new (double, dim);
  if (p <= r)
    gs_blas_gemm (TRUE, FALSE, p, p, r, 1.0, m, p, m, p, 0.0, g, p);
  else
    gs_blas_gemm (FALSE, TRUE, r, r, p, 1.0, m, p, m, p, 0.0, g, r);
  if (!gs_lapack_syevd (dim, g, w))
    {
      g_set_error_literal (error, GS_ERROR, GS_ERROR_INVALID,
                           _("pca directions: LAPACK's eigensolver failed on the trajectory"));
      return NULL;
    }

  plane = plane_alloc (GS_DIRECTIONS_PCA, p);
  memcpy (plane->center, final, sizeof (double) * p);
  lambda[0] = MAX (w[dim - 1], 0.0);
  lambda[1] = dim >= 2 ? MAX (w[dim - 2], 0.0) : 0.0;
  for (guint c = 0; c < 2; c++)
    {
      double *d = c == 0 ? plane->d1 : plane->d2;
      guint col = dim - 1 - c;

      if (c == 1 && dim < 2)
        {
          memset (d, 0, sizeof (double) * p);
          continue;
        }
      if (p <= r)
        for (guint j = 0; j < p; j++)
          d[j] = g[(gsize) j * dim + col];
      else
        {
          /* v = Mᵀu, normalized */
          g_autofree double *u = g_new (double, r);

          for (guint k = 0; k < r; k++)
            u[k] = g[(gsize) k * dim + col];
          gs_blas_gemv_t (r, p, 1.0, m, p, u, 0.0, d);
        }
    }
  if (!normalize (p, plane->d1))
    {
      g_set_error_literal (error, GS_ERROR, GS_ERROR_INVALID,
                           _("pca directions: the trajectory has no principal direction"));
      return NULL;
    }
  /* A second direction the trajectory barely has (a straight line) is
   * noise: any unit vector orthogonal to d1 is as good, and this one is
   * well-defined — the axis d1 leans on least. */
  if (!(lambda[1] > 1e-13 * lambda[0]) || !orthonormalize (p, plane->d2, plane->d1))
    {
      guint least = 0;

      for (guint j = 1; j < p; j++)
        if (fabs (plane->d1[j]) < fabs (plane->d1[least]))
          least = j;
      memset (plane->d2, 0, sizeof (double) * p);
      plane->d2[least] = 1.0;
      orthonormalize (p, plane->d2, plane->d1);
    }

  /* signs: the start projects to a ≤ 0, b ≤ 0 (the walk heads up and right) */
  for (guint c = 0; c < 2; c++)
    {
      double *d = c == 0 ? plane->d1 : plane->d2;

      if (gs_blas_dot (p, m, d) > 0.0)
        for (guint j = 0; j < p; j++)
          d[j] = -d[j];
    }
  plane->explained[0] = CLAMP (lambda[0] / total, 0.0, 1.0);
  plane->explained[1] = CLAMP (lambda[1] / total, 0.0, 1.0);
  if (!plane_finish (plane, error))
    return NULL;
  return g_steal_pointer (&plane);
}

void
gs_plane_point (const GsPlane *plane, double a, double b, double *theta)
{
  /* θ = θc + a·d1 + b·d2: at (0, 0) exactly θc */
  for (guint k = 0; k < plane->n_params; k++)
    theta[k] = plane->center[k] + a * plane->d1[k] + b * plane->d2[k];
}

/* (a, b) from r1 = d1·x, r2 = d2·x: the 2×2 normal equations */
static void
solve_gram (const GsPlane *plane, double r1, double r2, double *a, double *b)
{
  double g11 = plane->gram[0], g12 = plane->gram[1], g22 = plane->gram[2];
  double det = g11 * g22 - g12 * g12;

  *a = (g22 * r1 - g12 * r2) / det;
  *b = (g11 * r2 - g12 * r1) / det;
}

static void
project_into (const GsPlane *plane, const double *theta, double *x, double *a, double *b)
{
  guint n = plane->n_params;

  if (!gs_all_finite (theta, n))
    {
      *a = *b = NAN;
      return;
    }
  for (guint k = 0; k < n; k++)
    x[k] = theta[k] - plane->center[k];
  solve_gram (plane, gs_blas_dot (n, plane->d1, x), gs_blas_dot (n, plane->d2, x), a, b);
}

void
gs_plane_project (const GsPlane *plane, const double *theta, double *a, double *b)
{
  g_autofree double *x = g_new (double, plane->n_params);

  project_into (plane, theta, x, a, b);
}

void
gs_plane_project_rows (const GsPlane *plane, const double *rows, gsize stride, guint n,
                       double *ab)
{
  g_autofree double *x = g_new (double, plane->n_params);

  for (guint i = 0; i < n; i++)
    project_into (plane, rows + stride * i, x, ab + 2 * (gsize) i, ab + 2 * (gsize) i + 1);
}

void
gs_plane_fit_window (const double *ab, guint n, double window[4])
{
  double ra = 0.0, rb = 0.0;

  for (guint i = 0; i < n; i++)
    {
      if (isfinite (ab[2 * i]))
        ra = MAX (ra, fabs (ab[2 * i]));
      if (isfinite (ab[2 * i + 1]))
        rb = MAX (rb, fabs (ab[2 * i + 1]));
    }
  ra = MAX (ra, 0.2 * rb);
  rb = MAX (rb, 0.2 * ra);
  if (!(ra > 0.0))
    ra = rb = 1.0;
  window[0] = -1.15 * ra;
  window[1] = 1.15 * ra;
  window[2] = -1.15 * rb;
  window[3] = 1.15 * rb;
}

char *
gs_plane_axis_title (const GsPlane *plane, guint which)
{
  which = MIN (which, 1);
  switch (plane->kind)
    {
    case GS_DIRECTIONS_AXES:
      return g_strdup_printf ("θ[%u]", plane->axis[which]);
    case GS_DIRECTIONS_RANDOM:
      /* TRANSLATORS: an axis title: the first or second of two random
         (filter-normalized) directions */
      return g_strdup_printf (_("random direction %u"), which + 1);
    case GS_DIRECTIONS_PCA:
    default:
      /* TRANSLATORS: an axis title: the first or second principal
         direction of a trajectory, and the share of its variance it explains */
      return g_strdup_printf (_("PC%u (%.1f %%)"), which + 1,
                              100.0 * plane->explained[which]);
    }
}

/* ---- grids --------------------------------------------------------------------- */

GsLandscapeGrid *
gs_landscape_grid_new (guint nx, guint ny, const double window[4])
{
  GsLandscapeGrid *grid;

  g_return_val_if_fail (nx >= 2 && ny >= 2, NULL);

  grid = g_new0 (GsLandscapeGrid, 1);
  grid->nx = nx;
  grid->ny = ny;
  grid->x_min = window[0];
  grid->x_max = window[1];
  grid->y_min = window[2];
  grid->y_max = window[3];
  grid->z = g_new (double, (gsize) nx * ny);
  for (gsize k = 0; k < (gsize) nx * ny; k++)
    grid->z[k] = NAN;
  grid->z_min = grid->z_max = NAN;
  return grid;
}

GsLandscapeGrid *
gs_landscape_grid_copy (const GsLandscapeGrid *grid)
{
  GsLandscapeGrid *copy = g_memdup2 (grid, sizeof *grid);

  copy->z = g_memdup2 (grid->z, sizeof (double) * grid->nx * grid->ny);
  return copy;
}

void
gs_landscape_grid_free (GsLandscapeGrid *grid)
{
  if (grid == NULL)
    return;
  g_free (grid->z);
  g_free (grid);
}

/* ((n−1−i)·lo + i·hi)/(n−1): symmetric in lo and hi, so the middle node of
 * a symmetric window is exactly 0, and node 2i of a level with 2(n−1) + 1
 * nodes is bit for bit node i of this one (both products doubled). */
static double
lerp_node (double lo, double hi, guint i, guint n)
{
  return ((double) (n - 1 - i) * lo + (double) i * hi) / (double) (n - 1);
}

double
gs_landscape_grid_x (const GsLandscapeGrid *grid, guint i)
{
  return lerp_node (grid->x_min, grid->x_max, i, grid->nx);
}

double
gs_landscape_grid_y (const GsLandscapeGrid *grid, guint j)
{
  return lerp_node (grid->y_min, grid->y_max, j, grid->ny);
}

void
gs_landscape_grid_update_range (GsLandscapeGrid *grid)
{
  double lo = INFINITY, hi = -INFINITY;

  for (gsize k = 0; k < (gsize) grid->nx * grid->ny; k++)
    {
      double v = grid->z[k];

      if (!isfinite (v))
        {
          grid->z[k] = NAN;
          continue;
        }
      lo = MIN (lo, v);
      hi = MAX (hi, v);
    }
  grid->z_min = lo <= hi ? lo : NAN;
  grid->z_max = lo <= hi ? hi : NAN;
}

guint
gs_landscape_levels (guint n, guint *sizes, gboolean *nested)
{
  guint chain[GS_LANDSCAPE_MAX_LEVELS];
  guint len = 0, m = n, count = 0;

  chain[len++] = m;
  /* halvings that nest, down to 5 nodes or more */
  while ((m - 1) % 2 == 0 && (m - 1) / 2 + 1 >= 5 && len < GS_LANDSCAPE_MAX_LEVELS - 2)
    {
      m = (m - 1) / 2 + 1;
      chain[len++] = m;
    }
  if (chain[len - 1] > 17)
    {
      /* a quick 5 × 5 then 9 × 9 preview, the last not nested in what follows */
      sizes[count] = 5;
      nested[count++] = TRUE;
      sizes[count] = 9;
      nested[count++] = FALSE;
    }
  for (guint k = len; k-- > 0;)
    {
      sizes[count] = chain[k];
      nested[count++] = k > 0;
    }
  return count;
}

typedef struct
{
  double *theta;   /* θ(a, b) */
  double *work;    /* the problem's scratch (float64) or the float32 evaluator's */
} Scratch;

struct _GsLandscapeJob
{
  gatomicrefcount      ref;
  GsProblem           *problem;
  GsRegularization     reg;
  GsPlane             *plane;
  GsMlp32             *mlp32;          /* float32 evaluator, or NULL: float64 */
  double               window[4];
  GMainContext        *context;        /* where the callbacks run */
  GCancellable        *cancellable;    /* the caller's, or NULL */
  GsLandscapeLevelFunc level_func;
  GsLandscapeDoneFunc  done_func;
  gpointer             user_data;
  GThreadPool         *pool;
  guint                n_threads;
  Scratch             *scratch;        /* one per worker slot */
  guint                n_levels;
  guint                sizes[GS_LANDSCAPE_MAX_LEVELS];
  gboolean             nested[GS_LANDSCAPE_MAX_LEVELS];
  /* the level being computed: written only by whoever starts it, before
   * its workers are pushed */
  guint                level;
  GsLandscapeGrid     *grid;
  gboolean             reuse;          /* its even nodes come from the level before */
  gint                 next_row;       /* atomic: the next row to hand out */
  gint                 active;         /* atomic: this level's workers not yet back */
  gint                 running;        /* atomic: workers inside their loop */
  gint                 stop;           /* atomic: cancelled or freed */
  gint                 freed;          /* atomic: the owner let go, no callbacks */
  gint                 nodes_done;     /* atomic */
  guint                nodes_total;
  gint                 levels_done;    /* atomic */
  GMutex               lock;
  GCond                cond;
  gboolean             finished;       /* under lock: no worker will run again */
  gboolean             completed;      /* under lock: every level computed */
  GsLandscapeGrid     *latest;         /* under lock: a copy of the last level done */
};

static GsLandscapeJob *
job_ref (GsLandscapeJob *job)
{
  g_atomic_ref_count_inc (&job->ref);
  return job;
}

static void
job_unref (GsLandscapeJob *job)
{
  if (!g_atomic_ref_count_dec (&job->ref))
    return;
  for (guint s = 0; s < job->n_threads; s++)
    {
      g_free (job->scratch[s].theta);
      g_free (job->scratch[s].work);
    }
  g_free (job->scratch);
  g_clear_pointer (&job->mlp32, gs_mlp32_free);
  gs_landscape_grid_free (job->grid);
  gs_landscape_grid_free (job->latest);
  gs_plane_free (job->plane);
  gs_problem_unref (job->problem);
  g_clear_object (&job->cancellable);
  g_main_context_unref (job->context);
  g_mutex_clear (&job->lock);
  g_cond_clear (&job->cond);
  g_free (job);
}

static gboolean
job_stopped (GsLandscapeJob *job)
{
  return g_atomic_int_get (&job->stop) || g_cancellable_is_cancelled (job->cancellable);
}

/* ---- callbacks on the caller's context ---- */

typedef struct
{
  GsLandscapeJob  *job;
  GsLandscapeGrid *grid;    /* a level; NULL: done */
  guint            level;
} Delivery;

static void
delivery_free (gpointer data)
{
  Delivery *d = data;

  gs_landscape_grid_free (d->grid);
  job_unref (d->job);
  g_free (d);
}

static gboolean
deliver (gpointer data)
{
  Delivery *d = data;
  GsLandscapeJob *job = d->job;

  /* a cancelled job's results are dropped, even those already on their way */
  if (g_atomic_int_get (&job->freed) || job_stopped (job))
    return G_SOURCE_REMOVE;
  if (d->grid)
    job->level_func (job, d->grid, d->level, job->n_levels, job->user_data);
  else
    job->done_func (job, job->user_data);
  return G_SOURCE_REMOVE;
}

static void
schedule (GsLandscapeJob *job, GsLandscapeGrid *grid, guint level)
{
  Delivery *d = g_new0 (Delivery, 1);
  GSource *source = g_idle_source_new ();

  d->job = job_ref (job);
  d->grid = grid;
  d->level = level;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver, d, delivery_free);
  g_source_set_static_name (source, "[gradscope] landscape level");
  g_source_attach (source, job->context);
  g_source_unref (source);
}

/* ---- the workers ---- */

static double
eval_node (GsLandscapeJob *job, Scratch *s, double a, double b)
{
  double f;

  if (job->mlp32 != NULL)
    f = gs_mlp32_eval (job->mlp32, &job->reg, a, b, s->theta, s->work);
  else
    {
      gs_plane_point (job->plane, a, b, s->theta);
      f = gs_problem_objective (job->problem, &job->reg, s->theta, NULL, 0, NULL, s->work);
    }
  return isfinite (f) ? f : NAN;
}

static void
finish (GsLandscapeJob *job, gboolean completed)
{
  g_mutex_lock (&job->lock);
  job->finished = TRUE;
  job->completed = completed;
  g_cond_broadcast (&job->cond);
  g_mutex_unlock (&job->lock);
  if (completed && job->done_func != NULL)
    schedule (job, NULL, 0);
}

/* Makes level k the current one and pushes its workers. */
static void
start_level (GsLandscapeJob *job, guint k)
{
  GsLandscapeGrid *prev = job->grid;
  guint n = job->sizes[k], n_workers;

  job->level = k;
  job->grid = gs_landscape_grid_new (n, n, job->window);
  job->reuse = k > 0 && job->nested[k - 1] && prev != NULL;
  if (job->reuse)
    /* node (2i, 2j) here is node (i, j) there, coordinates bit for bit */
    for (guint j = 0; j < prev->ny; j++)
      for (guint i = 0; i < prev->nx; i++)
        job->grid->z[(gsize) 2 * j * n + 2 * i] = prev->z[(gsize) j * prev->nx + i];
  gs_landscape_grid_free (prev);

  n_workers = MIN (job->n_threads, n);
  g_atomic_int_set (&job->next_row, 0);
  g_atomic_int_set (&job->active, (gint) n_workers);
  for (guint s = 0; s < n_workers; s++)
    g_thread_pool_push (job->pool, GUINT_TO_POINTER (s + 1), NULL);
}

/* Run by the worker that brought the level's last row back. */
static void
level_done (GsLandscapeJob *job)
{
  guint k = job->level;

  if (job_stopped (job))
    {
      finish (job, FALSE);
      return;
    }
  gs_landscape_grid_update_range (job->grid);
  g_mutex_lock (&job->lock);
  gs_landscape_grid_free (job->latest);
  job->latest = gs_landscape_grid_copy (job->grid);
  g_mutex_unlock (&job->lock);
  g_atomic_int_inc (&job->levels_done);
  if (job->level_func != NULL)
    schedule (job, gs_landscape_grid_copy (job->grid), k);
  if (k + 1 < job->n_levels)
    start_level (job, k + 1);
  else
    finish (job, TRUE);
}

static void
worker (gpointer data, gpointer user_data)
{
  GsLandscapeJob *job = user_data;
  Scratch *s = &job->scratch[GPOINTER_TO_UINT (data) - 1];
  GsLandscapeGrid *grid = job->grid;
  gboolean reuse = job->reuse;

  g_atomic_int_inc (&job->running);
  if (s->theta == NULL)
    {
      s->theta = g_new (double, job->plane->n_params);
      s->work = job->mlp32 != NULL
        ? g_malloc (gs_mlp32_work_size (job->mlp32))
        : g_new (double, MAX (gs_problem_get_work_size (job->problem), 1));
    }
  while (!job_stopped (job))
    {
      gint j = g_atomic_int_add (&job->next_row, 1);
      double b;
      double *row;
      guint count = 0;

      if (j >= (gint) grid->ny)
        break;
      b = gs_landscape_grid_y (grid, (guint) j);
      row = grid->z + (gsize) j * grid->nx;
      for (guint i = 0; i < grid->nx; i++)
        {
          if (reuse && (i % 2) == 0 && (j % 2) == 0)
            continue;
          if (job_stopped (job))
            break;
          row[i] = eval_node (job, s, gs_landscape_grid_x (grid, i), b);
          count++;
        }
      g_atomic_int_add (&job->nodes_done, (gint) count);
    }
  g_atomic_int_dec_and_test (&job->running);
  if (g_atomic_int_dec_and_test (&job->active))
    level_done (job);
}

GsLandscapeJob *
gs_landscape_job_new (const GsLandscapeSpec *spec, GCancellable *cancellable,
                      GsLandscapeLevelFunc level_func, GsLandscapeDoneFunc done_func,
                      gpointer user_data, GError **error)
{
  GsLandscapeJob *job;
  const double *w = spec->window;

  g_return_val_if_fail (spec->problem != NULL && spec->plane != NULL, NULL);

  if (spec->plane->n_params != gs_problem_get_n_params (spec->problem))
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   _("the plane has %u parameters, the problem %u"), spec->plane->n_params,
                   gs_problem_get_n_params (spec->problem));
      return NULL;
    }
  if (spec->n < 2 || spec->n > 4097)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   _("a landscape grid has 2 to 4097 nodes per side, not %u"), spec->n);
      return NULL;
    }
  if (!gs_all_finite (w, 4) || !(w[0] < w[1]) || !(w[2] < w[3]))
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   _("the landscape window [%g, %g] × [%g, %g] is empty or not finite"),
                   w[0], w[1], w[2], w[3]);
      return NULL;
    }
  if (!gs_all_finite (spec->plane->center, spec->plane->n_params))
    {
      g_set_error_literal (error, GS_ERROR, GS_ERROR_INVALID,
                           _("the plane's center is not finite (a diverged run?)"));
      return NULL;
    }

  gs_blas_init ();
  job = g_new0 (GsLandscapeJob, 1);
  g_atomic_ref_count_init (&job->ref);
  job->problem = gs_problem_ref (spec->problem);
  job->reg = spec->reg;
  job->plane = gs_plane_copy (spec->plane);
  memcpy (job->window, w, sizeof job->window);
  if (spec->precision == GS_LANDSCAPE_FLOAT32)
    job->mlp32 = gs_mlp32_new (job->problem, job->plane);
  job->context = g_main_context_ref_thread_default ();
  job->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  job->level_func = level_func;
  job->done_func = done_func;
  job->user_data = user_data;
  job->n_threads = spec->n_threads ? spec->n_threads : g_get_num_processors ();
  job->n_threads = CLAMP (job->n_threads, 1, 64);
  job->scratch = g_new0 (Scratch, job->n_threads);
  g_mutex_init (&job->lock);
  g_cond_init (&job->cond);
  job->n_levels = gs_landscape_levels (spec->n, job->sizes, job->nested);
  for (guint k = 0; k < job->n_levels; k++)
    {
      guint prev = k > 0 && job->nested[k - 1] ? job->sizes[k - 1] : 0;

      job->nodes_total += job->sizes[k] * job->sizes[k] - prev * prev;
    }
  /* never fails for a non-exclusive pool */
  job->pool = g_thread_pool_new (worker, job, (gint) job->n_threads, FALSE, NULL);
  start_level (job, 0);
  return job;
}

void
gs_landscape_job_cancel (GsLandscapeJob *job)
{
  g_atomic_int_set (&job->stop, 1);
}

gboolean
gs_landscape_job_wait (GsLandscapeJob *job)
{
  gboolean completed;

  g_mutex_lock (&job->lock);
  while (!job->finished)
    g_cond_wait (&job->cond, &job->lock);
  completed = job->completed;
  g_mutex_unlock (&job->lock);
  return completed;
}

void
gs_landscape_job_free (GsLandscapeJob *job)
{
  if (job == NULL)
    return;
  g_atomic_int_set (&job->freed, 1);
  g_atomic_int_set (&job->stop, 1);
  gs_landscape_job_wait (job);
  /* joins: every worker has returned when this does */
  g_thread_pool_free (job->pool, FALSE, TRUE);
  job->pool = NULL;
  job_unref (job);
}

void
gs_landscape_job_get_progress (GsLandscapeJob *job, guint *done, guint *total,
                               guint *levels_done)
{
  if (done)
    *done = (guint) g_atomic_int_get (&job->nodes_done);
  if (total)
    *total = job->nodes_total;
  if (levels_done)
    *levels_done = (guint) g_atomic_int_get (&job->levels_done);
}

GsLandscapeGrid *
gs_landscape_job_dup_latest (GsLandscapeJob *job)
{
  GsLandscapeGrid *copy = NULL;

  g_mutex_lock (&job->lock);
  if (job->latest)
    copy = gs_landscape_grid_copy (job->latest);
  g_mutex_unlock (&job->lock);
  return copy;
}

guint
gs_landscape_job_get_n_running (GsLandscapeJob *job)
{
  return (guint) g_atomic_int_get (&job->running);
}

GsLandscapeGrid *
gs_landscape_compute (const GsLandscapeSpec *spec, GCancellable *cancellable,
                      GError **error)
{
  g_autoptr(GsLandscapeJob) job = gs_landscape_job_new (spec, cancellable, NULL, NULL,
                                                        NULL, error);

  if (job == NULL)
    return NULL;
  if (!gs_landscape_job_wait (job))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("the landscape was cancelled"));
      return NULL;
    }
  return gs_landscape_job_dup_latest (job);
}

/* ---- lines --------------------------------------------------------------------- */

void
gs_landscape_interpolate (GsProblem *problem, const GsRegularization *reg,
                          const double *start, const double *end, double t0, double t1,
                          guint n, double *t, double *loss)
{
  guint p = gs_problem_get_n_params (problem);
  g_autofree double *theta = g_new (double, p);
  g_autofree double *work = g_new (double, MAX (gs_problem_get_work_size (problem), 1));

  for (guint k = 0; k < n; k++)
    {
      double tk = n == 1 ? t0 : lerp_node (t0, t1, k, n);
      double f;

      /* θ(t) = (1 − t)·start + t·end: exactly start at 0, end at 1 */
      for (guint j = 0; j < p; j++)
        theta[j] = (1.0 - tk) * start[j] + tk * end[j];
      f = gs_problem_objective (problem, reg, theta, NULL, 0, NULL, work);
      if (t)
        t[k] = tk;
      loss[k] = isfinite (f) ? f : NAN;
    }
}
