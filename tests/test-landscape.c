/* test-landscape.c — planes (axes, random filter-normalized, PCA), grids
 * over them (exact values, levels, cancel, float32), projections, lines */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "gs-landscape.h"
#include "gs-landscape-private.h"
#include "gs-blas.h"
#include "gs-problem.h"
#include "gs-rng.h"

/* ---- helpers ------------------------------------------------------------ */

static void
assert_close (double got, double want, double tol, const char *what)
{
  if (!(fabs (got - want) <= tol))
    {
      g_printerr ("%s: got %.17g, expected %.17g (|diff| %.3g > %.3g)\n", what, got, want,
                  fabs (got - want), tol);
      g_assert_cmpfloat (fabs (got - want), <=, tol);
    }
}

/* A classifying MLP on a seeded spiral: 2-hidden…-K. */
static GsProblem *
spiral_mlp (guint samples, guint classes, const guint *hidden, guint n_hidden,
            GsActivation act)
{
  g_autoptr(GError) error = NULL;
  GsDataset *data = gs_dataset_generate_full ("spiral", samples, 2, classes, 0.05, 7, &error);
  GsModelOptions options;
  GsProblem *problem;

  g_assert_no_error (error);
  gs_model_options_init (&options);
  options.mlp.n_hidden = n_hidden;
  for (guint l = 0; l < n_hidden; l++)
    options.mlp.hidden[l] = hidden[l];
  options.mlp.activation = act;
  options.mlp.init_seed = 3;
  problem = gs_problem_new_model_full (GS_PROBLEM_MLP, data, &options, &error);
  g_assert_no_error (error);
  return problem;
}

static GsProblem *
small_mlp (void)
{
  static const guint hidden[] = { 8, 6 };

  return spiral_mlp (120, 3, hidden, 2, GS_ACTIVATION_TANH);
}

static double *
default_start (GsProblem *problem)
{
  double *theta = g_new (double, gs_problem_get_n_params (problem));

  gs_problem_get_default_start (problem, theta);
  return theta;
}

static double
objective (GsProblem *problem, const GsRegularization *reg, const double *theta)
{
  g_autofree double *work = g_new (double, MAX (gs_problem_get_work_size (problem), 1));

  return gs_problem_objective (problem, reg, theta, NULL, 0, NULL, work);
}

static void
random_unit (GsRng *rng, guint n, double *v)
{
  double s = 0.0;

  for (guint k = 0; k < n; k++)
    {
      v[k] = gs_rng_normal (rng);
      s += v[k] * v[k];
    }
  for (guint k = 0; k < n; k++)
    v[k] /= sqrt (s);
}

/* ---- planes ------------------------------------------------------------- */

static void
test_random_filter_normalized (void)
{
  g_autoptr(GsProblem) problem = small_mlp ();
  g_autofree double *center = default_start (problem);
  g_autoptr(GError) error = NULL;
  const GsMlp *mlp = gs_problem_get_mlp (problem);
  guint n = gs_problem_get_n_params (problem);

  for (int orth = 0; orth <= 1; orth++)
    {
      g_autoptr(GsPlane) plane = gs_plane_new_random (problem, center, 42, orth, &error);
      g_autoptr(GsPlane) again = gs_plane_new_random (problem, center, 42, orth, &error);
      double dot = 0.0;

      g_assert_no_error (error);
      g_assert_cmpint (plane->kind, ==, GS_DIRECTIONS_RANDOM);
      /* seeded: the same directions again */
      g_assert_cmpmem (plane->d1, sizeof (double) * n, again->d1, sizeof (double) * n);
      g_assert_cmpmem (plane->d2, sizeof (double) * n, again->d2, sizeof (double) * n);
      for (guint l = 0; l < gs_mlp_get_n_layers (mlp); l++)
        {
          guint n_in, n_out, off;

          gs_mlp_get_layer (mlp, l, &n_in, &n_out, &off);
          for (guint r = 0; r < n_out; r++)
            {
              gsize at = off + (gsize) r * n_in;
              double c = gs_blas_nrm2 (n_in, center + at);

              /* each neuron's incoming weights: the norm of θc's row */
              assert_close (gs_blas_nrm2 (n_in, plane->d1 + at), c, 1e-14 * c, "d1 row");
              assert_close (gs_blas_nrm2 (n_in, plane->d2 + at), c, 1e-14 * c, "d2 row");
              if (orth)
                assert_close (gs_blas_dot (n_in, plane->d1 + at, plane->d2 + at), 0.0,
                              1e-14 * c * c, "rows orthogonal");
            }
          /* biases: 0 */
          for (guint u = 0; u < n_out; u++)
            {
              g_assert_cmpfloat (plane->d1[off + (gsize) n_out * n_in + u], ==, 0.0);
              g_assert_cmpfloat (plane->d2[off + (gsize) n_out * n_in + u], ==, 0.0);
            }
        }
      dot = gs_blas_dot (n, plane->d1, plane->d2);
      if (orth)
        assert_close (dot, 0.0, 1e-12 * plane->gram[0], "d1·d2");
      assert_close (plane->gram[1], dot, 1e-15, "gram");
      g_assert_true (isnan (plane->explained[0]));
    }

  /* another seed, other directions */
  {
    g_autoptr(GsPlane) a = gs_plane_new_random (problem, center, 1, TRUE, NULL);
    g_autoptr(GsPlane) b = gs_plane_new_random (problem, center, 2, TRUE, NULL);

    g_assert_cmpfloat (a->d1[0], !=, b->d1[0]);
  }
}

static void
test_random_function (void)
{
  /* not an MLP: all of θ is one filter, scaled to ‖θc‖ (1 at the origin) */
  g_autoptr(GsProblem) problem = gs_problem_new_function (gs_function_lookup ("rosenbrock"));
  const double center[2] = { 3.0, -4.0 };
  const double origin[2] = { 0.0, 0.0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GsPlane) plane = gs_plane_new_random (problem, center, 5, TRUE, &error);
  g_autoptr(GsPlane) at_origin = gs_plane_new_random (problem, origin, 5, TRUE, &error);

  g_assert_no_error (error);
  assert_close (gs_blas_nrm2 (2, plane->d1), 5.0, 1e-14, "‖d1‖");
  assert_close (gs_blas_nrm2 (2, plane->d2), 5.0, 1e-14, "‖d2‖");
  assert_close (gs_blas_dot (2, plane->d1, plane->d2), 0.0, 1e-13, "d1·d2");
  assert_close (gs_blas_nrm2 (2, at_origin->d1), 1.0, 1e-15, "‖d1‖ at 0");
}

static void
test_plane_errors (void)
{
  g_autoptr(GsProblem) problem = gs_problem_new_function (gs_function_lookup ("booth"));
  const double bad[2] = { NAN, 1.0 };
  const double ok[2] = { 1.0, 1.0 };
  g_autoptr(GError) error = NULL;
  GsPlane *plane;

  plane = gs_plane_new_random (problem, bad, 1, TRUE, &error);
  g_assert_null (plane);
  g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
  g_clear_error (&error);
  plane = gs_plane_new_axes (problem, ok, 0, 0, &error);
  g_assert_null (plane);
  g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
  g_clear_error (&error);
  plane = gs_plane_new_axes (problem, ok, 0, 2, &error);
  g_assert_null (plane);
  g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
}

/* A trajectory of n rows along the line θ_f + s·u, s from len down to 0. */
static double *
line_rows (guint n, guint p, const double *final, const double *u, double len)
{
  double *rows = g_new (double, (gsize) n * p);

  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < p; j++)
      rows[(gsize) i * p + j] = final[j] + len * (double) (n - 1 - i) / (n - 1) * u[j];
  return rows;
}

static void
assert_orthonormal (const GsPlane *plane)
{
  guint p = plane->n_params;

  assert_close (gs_blas_dot (p, plane->d1, plane->d1), 1.0, 1e-13, "d1·d1");
  assert_close (gs_blas_dot (p, plane->d2, plane->d2), 1.0, 1e-13, "d2·d2");
  assert_close (gs_blas_dot (p, plane->d1, plane->d2), 0.0, 1e-13, "d1·d2");
}

static void
test_pca_line (void)
{
  /* both eigen-paths: more parameters than rows (the rows' Gram matrix)
   * and fewer (the parameters' own) */
  static const guint sizes[][2] = { { 40, 300 }, { 500, 3 }, { 3, 2 } };

  for (guint c = 0; c < G_N_ELEMENTS (sizes); c++)
    {
      guint n = sizes[c][0], p = sizes[c][1];
      g_autofree double *u = g_new (double, p);
      g_autofree double *final = g_new (double, p);
      g_autofree double *rows = NULL;
      g_autoptr(GsPlane) plane = NULL;
      g_autoptr(GError) error = NULL;
      GsRng rng;

      gs_rng_init (&rng, 11 + c);
      random_unit (&rng, p, u);
      for (guint j = 0; j < p; j++)
        final[j] = gs_rng_normal (&rng);
      rows = line_rows (n, p, final, u, 7.5);
      plane = gs_plane_new_pca (rows, p, n, p, &error);
      g_assert_no_error (error);
      g_assert_cmpint (plane->kind, ==, GS_DIRECTIONS_PCA);
      g_assert_cmpmem (plane->center, sizeof (double) * p, final, sizeof (double) * p);
      assert_orthonormal (plane);
      /* one component holds (nearly) all of the variance */
      g_assert_cmpfloat (plane->explained[0], >=, 0.99999);
      g_assert_cmpfloat (plane->explained[1], <=, 1e-5);
      assert_close (fabs (gs_blas_dot (p, plane->d1, u)), 1.0, 1e-12, "|d1·u|");
      /* the start projects to a ≤ 0, along d1 only */
      {
        double a, b;

        gs_plane_project (plane, rows, &a, &b);
        assert_close (a, -7.5, 1e-12, "start a");
        assert_close (b, 0.0, 1e-12, "start b");
      }
      {
        g_autofree char *title = gs_plane_axis_title (plane, 0);
        g_assert_true (g_str_has_prefix (title, "PC1 ("));
      }
    }
}

static void
test_pca_l_shape (void)
{
  /* 30 rows along u (10 long), then 30 along v (1 long) */
  guint p = 25, n1 = 30, n2 = 30, n = n1 + n2 + 1;
  g_autofree double *u = g_new (double, p);
  g_autofree double *v = g_new (double, p);
  g_autofree double *rows = g_new (double, (gsize) n * p);
  g_autofree double *ab = g_new (double, 2 * n);
  g_autofree double *theta = g_new (double, p);
  g_autoptr(GsPlane) plane = NULL;
  g_autoptr(GError) error = NULL;
  GsRng rng;
  double uv;

  gs_rng_init (&rng, 99);
  random_unit (&rng, p, u);
  random_unit (&rng, p, v);
  /* v ⊥ u */
  uv = gs_blas_dot (p, u, v);
  for (guint j = 0; j < p; j++)
    v[j] -= uv * u[j];
  uv = gs_blas_nrm2 (p, v);
  for (guint j = 0; j < p; j++)
    v[j] /= uv;

  for (guint i = 0; i < n; i++)
    {
      double su = i < n1 ? 10.0 * (double) (n1 - i) / n1 : 0.0;
      double sv = i < n1 ? 1.0 : (double) (n1 + n2 - i) / n2;

      for (guint j = 0; j < p; j++)
        rows[(gsize) i * p + j] = 1.0 + su * u[j] + sv * v[j];
    }
  plane = gs_plane_new_pca (rows, p, n, p, &error);
  g_assert_no_error (error);
  assert_orthonormal (plane);
  /* two components explain everything … */
  assert_close (plane->explained[0] + plane->explained[1], 1.0, 1e-12, "explained");
  g_assert_cmpfloat (plane->explained[0], >, plane->explained[1]);
  g_assert_cmpfloat (plane->explained[1], >, 1e-3);
  /* … they span the two legs … */
  assert_close (pow (gs_blas_dot (p, u, plane->d1), 2) + pow (gs_blas_dot (p, u, plane->d2), 2),
                1.0, 1e-12, "u in the plane");
  assert_close (pow (gs_blas_dot (p, v, plane->d1), 2) + pow (gs_blas_dot (p, v, plane->d2), 2),
                1.0, 1e-12, "v in the plane");
  /* … the first along the long leg, the second along the short one */
  g_assert_cmpfloat (fabs (gs_blas_dot (p, u, plane->d1)), >, 0.98);
  g_assert_cmpfloat (fabs (gs_blas_dot (p, v, plane->d2)), >, 0.98);
  /* and every row projects back onto itself */
  gs_plane_project_rows (plane, rows, p, n, ab);
  for (guint i = 0; i < n; i++)
    {
      gs_plane_point (plane, ab[2 * i], ab[2 * i + 1], theta);
      for (guint j = 0; j < p; j++)
        assert_close (theta[j], rows[(gsize) i * p + j], 1e-12, "row on the plane");
    }
  /* the start at a ≤ 0, b ≤ 0 */
  g_assert_cmpfloat (ab[0], <=, 0.0);
  g_assert_cmpfloat (ab[1], <=, 0.0);
}

static void
test_pca_errors (void)
{
  const double two[4] = { 0, 0, 1, 1 };
  const double still[6] = { 1, 2, 1, 2, 1, 2 };
  const double inf[6] = { 1, 2, INFINITY, 2, 1, 2 };
  g_autoptr(GError) error = NULL;

  g_assert_null (gs_plane_new_pca (two, 2, 2, 2, &error));
  g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "at least 3 rows"));
  g_clear_error (&error);
  g_assert_null (gs_plane_new_pca (still, 2, 3, 2, &error));
  g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (gs_plane_new_pca (inf, 2, 3, 2, &error));
  g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
}

static void
test_project (void)
{
  g_autoptr(GsProblem) problem = small_mlp ();
  g_autofree double *center = default_start (problem);
  guint n = gs_problem_get_n_params (problem);
  g_autofree double *theta = g_new (double, n);
  g_autofree double *rows = g_new (double, 3 * (n + 1));
  double ab[6];

  for (int orth = 0; orth <= 1; orth++)
    {
      g_autoptr(GsPlane) plane = gs_plane_new_random (problem, center, 8, orth, NULL);
      double a, b;

      /* θc + 0.3·d1 − 0.7·d2 → (0.3, −0.7), orthogonal or not */
      for (guint k = 0; k < n; k++)
        theta[k] = center[k] + 0.3 * plane->d1[k] - 0.7 * plane->d2[k];
      gs_plane_project (plane, theta, &a, &b);
      assert_close (a, 0.3, 1e-12, "a");
      assert_close (b, -0.7, 1e-12, "b");

      /* rows with a stride; a row that is not finite gives NAN */
      for (guint i = 0; i < 3; i++)
        for (guint k = 0; k < n; k++)
          rows[i * (n + 1) + k] = center[k] + i * plane->d1[k] + plane->d2[k];
      rows[1 * (n + 1) + 4] = NAN;
      gs_plane_project_rows (plane, rows, n + 1, 3, ab);
      assert_close (ab[0], 0.0, 1e-12, "row 0 a");
      assert_close (ab[1], 1.0, 1e-12, "row 0 b");
      g_assert_true (isnan (ab[2]) && isnan (ab[3]));
      assert_close (ab[4], 2.0, 1e-12, "row 2 a");
      assert_close (ab[5], 1.0, 1e-12, "row 2 b");
    }
}

/* ---- grids -------------------------------------------------------------- */

static void
test_levels (void)
{
  guint sizes[GS_LANDSCAPE_MAX_LEVELS];
  gboolean nested[GS_LANDSCAPE_MAX_LEVELS];
  guint n;

  n = gs_landscape_levels (65, sizes, nested);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpuint (sizes[0], ==, 5);
  g_assert_cmpuint (sizes[1], ==, 9);
  g_assert_cmpuint (sizes[2], ==, 17);
  g_assert_cmpuint (sizes[3], ==, 33);
  g_assert_cmpuint (sizes[4], ==, 65);
  g_assert_true (nested[0] && nested[1] && nested[2] && nested[3] && !nested[4]);

  n = gs_landscape_levels (41, sizes, nested);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpuint (sizes[0], ==, 6);
  g_assert_cmpuint (sizes[1], ==, 11);
  g_assert_cmpuint (sizes[3], ==, 41);

  /* nothing nests: a 5 × 5 and a 9 × 9 preview first */
  n = gs_landscape_levels (50, sizes, nested);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (sizes[0], ==, 5);
  g_assert_true (nested[0]);
  g_assert_cmpuint (sizes[1], ==, 9);
  g_assert_false (nested[1]);
  g_assert_cmpuint (sizes[2], ==, 50);

  n = gs_landscape_levels (5, sizes, nested);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (sizes[0], ==, 5);
  n = gs_landscape_levels (2, sizes, nested);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (sizes[0], ==, 2);
  /* the most a size can have */
  n = gs_landscape_levels (4097, sizes, nested);
  g_assert_cmpuint (n, <=, GS_LANDSCAPE_MAX_LEVELS);
  g_assert_cmpuint (sizes[0], ==, 5);
  g_assert_cmpuint (sizes[n - 1], ==, 4097);
}

static GsLandscapeGrid *
compute (GsProblem *problem, const GsRegularization *reg, const GsPlane *plane, guint n,
         double half, GsLandscapePrecision precision)
{
  g_autoptr(GError) error = NULL;
  GsLandscapeSpec spec = { problem, *reg, plane, n, { -half, half, -half, half },
                           precision, 2 };
  GsLandscapeGrid *grid = gs_landscape_compute (&spec, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (grid);
  return grid;
}

static void
test_grid_center_exact (void)
{
  g_autoptr(GsProblem) problem = small_mlp ();
  g_autofree double *center = default_start (problem);
  GsRegularization reg = { 0.001, 0.01 };
  g_autoptr(GsPlane) plane = gs_plane_new_random (problem, center, 3, TRUE, NULL);
  g_autoptr(GsLandscapeGrid) grid = compute (problem, &reg, plane, 9, 0.75,
                                             GS_LANDSCAPE_FLOAT64);
  g_autofree double *theta = g_new (double, gs_problem_get_n_params (problem));

  g_assert_cmpuint (grid->nx, ==, 9);
  g_assert_cmpfloat (gs_landscape_grid_x (grid, 4), ==, 0.0);
  g_assert_cmpfloat (gs_landscape_grid_y (grid, 4), ==, 0.0);
  /* (0, 0) is θc: the objective there, to the last bit */
  g_assert_cmpfloat (grid->z[4 * 9 + 4], ==, objective (problem, &reg, center));
  /* any node: the objective at θ(a, b) */
  gs_plane_point (plane, gs_landscape_grid_x (grid, 1), gs_landscape_grid_y (grid, 7), theta);
  g_assert_cmpfloat (grid->z[7 * 9 + 1], ==, objective (problem, &reg, theta));
  g_assert_cmpfloat (grid->z_min, <=, grid->z[4 * 9 + 4]);
  g_assert_cmpfloat (grid->z_max, >=, grid->z[4 * 9 + 4]);
}

static void
test_grid_axes_function (void)
{
  /* a 2-D function on its own axes (center 0): f(x, y) at every node */
  g_autoptr(GsProblem) problem = gs_problem_new_function (gs_function_lookup ("himmelblau"));
  const GsFunctionInfo *info = gs_problem_get_function (problem);
  const double zero[2] = { 0.0, 0.0 };
  const double shifted[2] = { 1.0, -2.0 };
  GsRegularization none = { 0.0, 0.0 };
  g_autoptr(GsPlane) plane = gs_plane_new_axes (problem, zero, 0, 1, NULL);
  g_autoptr(GsPlane) around = gs_plane_new_axes (problem, shifted, 1, 0, NULL);
  g_autoptr(GsLandscapeGrid) grid = compute (problem, &none, plane, 21, 5.0,
                                             GS_LANDSCAPE_FLOAT64);
  g_autoptr(GsLandscapeGrid) grid2 = compute (problem, &none, around, 9, 1.0,
                                              GS_LANDSCAPE_FLOAT32);

  for (guint j = 0; j < grid->ny; j++)
    for (guint i = 0; i < grid->nx; i++)
      {
        double p[2] = { gs_landscape_grid_x (grid, i), gs_landscape_grid_y (grid, j) };

        g_assert_cmpfloat (grid->z[j * grid->nx + i], ==, info->eval (p, NULL));
      }
  /* centered elsewhere, axes swapped (float32 is float64 here: no MLP) */
  for (guint j = 0; j < grid2->ny; j++)
    for (guint i = 0; i < grid2->nx; i++)
      {
        double p[2] = { 1.0 + gs_landscape_grid_y (grid2, j),
                        -2.0 + gs_landscape_grid_x (grid2, i) };

        g_assert_cmpfloat (grid2->z[j * grid2->nx + i], ==, info->eval (p, NULL));
      }
  {
    g_autofree char *title = gs_plane_axis_title (around, 0);
    g_assert_cmpstr (title, ==, "θ[1]");
  }
}

typedef struct
{
  GPtrArray *levels;      /* GsLandscapeGrid, as delivered */
  GArray    *level_ids;   /* guint */
  guint      n_levels;
  gboolean   done;
  gint       after_cancel; /* callbacks that came after the test cancelled */
  gboolean   cancelled;
  GThread   *thread;      /* where the callbacks must run */
} Collect;

static void
on_level (GsLandscapeJob *job, const GsLandscapeGrid *grid, guint level, guint n_levels,
          gpointer user_data)
{
  Collect *c = user_data;

  g_assert_true (g_thread_self () == c->thread);
  if (c->cancelled)
    c->after_cancel++;
  g_ptr_array_add (c->levels, gs_landscape_grid_copy (grid));
  g_array_append_val (c->level_ids, level);
  c->n_levels = n_levels;
}

static void
on_done (GsLandscapeJob *job, gpointer user_data)
{
  Collect *c = user_data;

  g_assert_true (g_thread_self () == c->thread);
  if (c->cancelled)
    c->after_cancel++;
  c->done = TRUE;
}

static void
test_grid_progressive (void)
{
  g_autoptr(GsProblem) problem = small_mlp ();
  g_autofree double *center = default_start (problem);
  g_autofree double *theta = g_new (double, gs_problem_get_n_params (problem));
  GsRegularization reg = { 0.0, 0.001 };
  g_autoptr(GsPlane) plane = gs_plane_new_random (problem, center, 4, TRUE, NULL);
  GsLandscapeSpec spec = { problem, reg, plane, 33, { -1.0, 1.0, -0.5, 1.5 },
                           GS_LANDSCAPE_FLOAT64, 2 };
  Collect c = { g_ptr_array_new_with_free_func ((GDestroyNotify) gs_landscape_grid_free),
                g_array_new (FALSE, FALSE, sizeof (guint)), 0, FALSE, 0, FALSE,
                g_thread_self () };
  g_autoptr(GError) error = NULL;
  g_autoptr(GsLandscapeJob) job = gs_landscape_job_new (&spec, NULL, on_level, on_done, &c,
                                                        &error);
  guint done, total, levels_done;
  const GsLandscapeGrid *fine;

  g_assert_no_error (error);
  while (!c.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gs_landscape_job_wait (job));
  g_assert_cmpuint (gs_landscape_job_get_n_running (job), ==, 0);

  /* 5, 9, 17, 33, in order */
  g_assert_cmpuint (c.levels->len, ==, 4);
  g_assert_cmpuint (c.n_levels, ==, 4);
  for (guint k = 0; k < 4; k++)
    {
      const GsLandscapeGrid *g = c.levels->pdata[k];

      g_assert_cmpuint (g_array_index (c.level_ids, guint, k), ==, k);
      g_assert_cmpuint (g->nx, ==, 4 * (1u << k) + 1);
    }
  gs_landscape_job_get_progress (job, &done, &total, &levels_done);
  g_assert_cmpuint (done, ==, total);
  g_assert_cmpuint (total, ==, 33 * 33);   /* every node once: coarse ones reused */
  g_assert_cmpuint (levels_done, ==, 4);

  /* every coarse node is the same node of the fine level, and every node
   * is the objective at its θ(a, b) */
  fine = c.levels->pdata[3];
  for (guint k = 0; k < 3; k++)
    {
      const GsLandscapeGrid *g = c.levels->pdata[k];
      guint step = (fine->nx - 1) / (g->nx - 1);

      for (guint j = 0; j < g->ny; j++)
        for (guint i = 0; i < g->nx; i++)
          {
            double want = fine->z[(gsize) j * step * fine->nx + i * step];

            g_assert_cmpfloat (gs_landscape_grid_x (g, i), ==,
                               gs_landscape_grid_x (fine, i * step));
            g_assert_cmpfloat (gs_landscape_grid_y (g, j), ==,
                               gs_landscape_grid_y (fine, j * step));
            g_assert_cmpfloat (g->z[(gsize) j * g->nx + i], ==, want);
          }
    }
  for (guint j = 0; j < fine->ny; j += 5)
    for (guint i = 0; i < fine->nx; i += 3)
      {
        gs_plane_point (plane, gs_landscape_grid_x (fine, i), gs_landscape_grid_y (fine, j),
                        theta);
        g_assert_cmpfloat (fine->z[(gsize) j * fine->nx + i], ==,
                           objective (problem, &reg, theta));
      }
  /* the poll API has the finest level too */
  {
    g_autoptr(GsLandscapeGrid) latest = gs_landscape_job_dup_latest (job);

    g_assert_cmpuint (latest->nx, ==, 33);
    g_assert_cmpmem (latest->z, sizeof (double) * 33 * 33, fine->z, sizeof (double) * 33 * 33);
  }
  g_ptr_array_unref (c.levels);
  g_array_unref (c.level_ids);
}

static void
test_grid_cancel (void)
{
  /* slow nodes (float64, a 2-64-64-2 network over 4000 rows) on a 65 × 65
   * grid: several seconds of work, cancelled once the first level is in */
  static const guint hidden[] = { 64, 64 };
  g_autoptr(GsProblem) problem = spiral_mlp (4000, 2, hidden, 2, GS_ACTIVATION_TANH);
  g_autofree double *center = default_start (problem);
  g_autoptr(GsPlane) plane = gs_plane_new_random (problem, center, 4, TRUE, NULL);
  GsLandscapeSpec spec = { problem, { 0.0, 0.0 }, plane, 65, { -1.0, 1.0, -1.0, 1.0 },
                           GS_LANDSCAPE_FLOAT64, 2 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Collect c = { g_ptr_array_new_with_free_func ((GDestroyNotify) gs_landscape_grid_free),
                g_array_new (FALSE, FALSE, sizeof (guint)), 0, FALSE, 0, FALSE,
                g_thread_self () };
  GsLandscapeJob *job = gs_landscape_job_new (&spec, cancellable, on_level, on_done, &c,
                                              NULL);
  guint done, total;
  gint64 t0, waited;

  while (c.levels->len == 0)
    g_main_context_iteration (NULL, TRUE);
  /* the second level's workers are at it now */
  g_usleep (20000);
  g_assert_cmpuint (gs_landscape_job_get_n_running (job), >, 0);

  c.cancelled = TRUE;
  g_cancellable_cancel (cancellable);
  t0 = g_get_monotonic_time ();
  g_assert_false (gs_landscape_job_wait (job));
  waited = g_get_monotonic_time () - t0;
  /* a node or so per worker, not the rest of the grid */
  g_assert_cmpint (waited, <, G_USEC_PER_SEC);
  g_assert_cmpuint (gs_landscape_job_get_n_running (job), ==, 0);
  gs_landscape_job_get_progress (job, &done, &total, NULL);
  g_assert_cmpuint (done, <, total);

  /* nothing more arrives, even what was already on its way */
  t0 = g_get_monotonic_time ();
  while (g_get_monotonic_time () - t0 < 100000)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (c.after_cancel, ==, 0);
  g_assert_false (c.done);

  /* free joins the pool: no worker of this job is left */
  gs_landscape_job_free (job);
  g_ptr_array_unref (c.levels);
  g_array_unref (c.level_ids);
}

static void
test_grid_free_running (void)
{
  /* freed while it runs: returns once its workers are back, and calls
   * nothing afterwards */
  static const guint hidden[] = { 32 };
  g_autoptr(GsProblem) problem = spiral_mlp (2000, 2, hidden, 1, GS_ACTIVATION_RELU);
  g_autofree double *center = default_start (problem);
  g_autoptr(GsPlane) plane = gs_plane_new_random (problem, center, 4, FALSE, NULL);
  GsLandscapeSpec spec = { problem, { 0.0, 0.0 }, plane, 129, { -1.0, 1.0, -1.0, 1.0 },
                           GS_LANDSCAPE_FLOAT64, 3 };
  Collect c = { g_ptr_array_new_with_free_func ((GDestroyNotify) gs_landscape_grid_free),
                g_array_new (FALSE, FALSE, sizeof (guint)), 0, FALSE, 0, FALSE,
                g_thread_self () };
  GsLandscapeJob *job = gs_landscape_job_new (&spec, NULL, on_level, on_done, &c, NULL);
  gint64 t0;

  g_usleep (30000);
  c.cancelled = TRUE;
  gs_landscape_job_free (job);
  t0 = g_get_monotonic_time ();
  while (g_get_monotonic_time () - t0 < 100000)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (c.after_cancel, ==, 0);
  g_ptr_array_unref (c.levels);
  g_array_unref (c.level_ids);
}

static void
test_grid_errors (void)
{
  g_autoptr(GsProblem) problem = gs_problem_new_function (gs_function_lookup ("booth"));
  g_autoptr(GsProblem) other = small_mlp ();
  const double zero[2] = { 0.0, 0.0 };
  g_autoptr(GsPlane) plane = gs_plane_new_axes (problem, zero, 0, 1, NULL);
  GsLandscapeSpec spec = { problem, { 0.0, 0.0 }, plane, 1, { -1, 1, -1, 1 },
                           GS_LANDSCAPE_FLOAT64, 1 };
  g_autoptr(GError) error = NULL;

  g_assert_null (gs_landscape_job_new (&spec, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
  g_clear_error (&error);
  spec.n = 5;
  spec.window[1] = -1;
  g_assert_null (gs_landscape_job_new (&spec, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
  g_clear_error (&error);
  spec.window[1] = 1;
  spec.problem = other;
  g_assert_null (gs_landscape_job_new (&spec, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
  g_clear_error (&error);

  /* cancelled before it starts: no grid, G_IO_ERROR_CANCELLED */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    spec.problem = problem;
    g_cancellable_cancel (cancellable);
    g_assert_null (gs_landscape_compute (&spec, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
}

static void
test_tanhf (void)
{
  guint n = 40003;
  g_autofree float *x = g_new (float, n);
  g_autofree double *in = g_new (double, n);
  double worst = 0.0;

  for (guint i = 0; i < n; i++)
    in[i] = x[i] = -12.0f + 24.0f * (float) i / (n - 1);
  x[7] = NAN;
  gs_landscape_tanhf (x, n);
  g_assert_true (isnan (x[7]));
  for (guint i = 0; i < n; i++)
    if (i != 7)
      worst = MAX (worst, fabs (x[i] - tanh (in[i])));
  g_assert_cmpfloat (worst, <, 1e-6);
}

static void
test_grid_float32 (void)
{
  /* every activation and both losses: float32 within 1e-5 of float64 */
  static const GsActivation acts[] = { GS_ACTIVATION_TANH, GS_ACTIVATION_RELU,
                                       GS_ACTIVATION_SIGMOID, GS_ACTIVATION_LINEAR };
  static const guint hidden[] = { 16, 12 };

  for (guint a = 0; a < G_N_ELEMENTS (acts); a++)
    for (guint kind = 0; kind < 3; kind++)
      {
        g_autoptr(GsProblem) problem = NULL;
        g_autofree double *center = NULL;
        g_autoptr(GsPlane) plane = NULL;
        g_autoptr(GsLandscapeGrid) g64 = NULL;
        g_autoptr(GsLandscapeGrid) g32 = NULL;
        GsRegularization reg = { 0.0, 0.01 };

        if (kind == 0)
          problem = spiral_mlp (700, 3, hidden, 2, acts[a]);
        else if (kind == 1)
          problem = spiral_mlp (300, 2, hidden, 0, acts[a]);   /* no hidden layer */
        else
          {
            /* regression with 5 input features: the first layer precomputed */
            g_autoptr(GError) error = NULL;
            GsDataset *data = gs_dataset_generate ("linear", 400, 5, 0.1, 3, &error);
            GsModelOptions options;

            gs_model_options_init (&options);
            options.mlp.n_hidden = 1;
            options.mlp.hidden[0] = 10;
            options.mlp.activation = acts[a];
            options.mlp.classify = FALSE;
            problem = gs_problem_new_model_full (GS_PROBLEM_MLP, data, &options, &error);
            g_assert_no_error (error);
          }
        center = default_start (problem);
        plane = gs_plane_new_random (problem, center, 6, TRUE, NULL);
        g64 = compute (problem, &reg, plane, 9, 1.0, GS_LANDSCAPE_FLOAT64);
        g32 = compute (problem, &reg, plane, 9, 1.0, GS_LANDSCAPE_FLOAT32);
        for (guint k = 0; k < 81; k++)
          assert_close (g32->z[k], g64->z[k], 2e-5 * fabs (g64->z[k]) + 1e-6, "float32 node");
      }
}

/* ---- lines -------------------------------------------------------------- */

static void
test_interpolate (void)
{
  g_autoptr(GsProblem) problem = small_mlp ();
  guint n = gs_problem_get_n_params (problem);
  g_autofree double *start = default_start (problem);
  g_autofree double *end = g_new (double, n);
  g_autofree double *mid = g_new (double, n);
  GsRegularization reg = { 0.0, 0.1 };
  double t[5], loss[5];

  for (guint k = 0; k < n; k++)
    end[k] = start[k] * 0.5 + 0.01 * k;
  gs_landscape_interpolate (problem, &reg, start, end, -0.5, 1.5, 5, t, loss);
  g_assert_cmpfloat (t[0], ==, -0.5);
  g_assert_cmpfloat (t[1], ==, 0.0);
  g_assert_cmpfloat (t[3], ==, 1.0);
  g_assert_cmpfloat (t[4], ==, 1.5);
  g_assert_cmpfloat (loss[1], ==, objective (problem, &reg, start));
  g_assert_cmpfloat (loss[3], ==, objective (problem, &reg, end));
  for (guint k = 0; k < n; k++)
    mid[k] = 0.5 * start[k] + 0.5 * end[k];
  gs_landscape_interpolate (problem, &reg, start, end, 0.5, 0.5, 1, NULL, loss);
  g_assert_cmpfloat (loss[0], ==, objective (problem, &reg, mid));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gradscope/landscape/random/filter-normalized",
                   test_random_filter_normalized);
  g_test_add_func ("/gradscope/landscape/random/function", test_random_function);
  g_test_add_func ("/gradscope/landscape/plane/errors", test_plane_errors);
  g_test_add_func ("/gradscope/landscape/pca/line", test_pca_line);
  g_test_add_func ("/gradscope/landscape/pca/l-shape", test_pca_l_shape);
  g_test_add_func ("/gradscope/landscape/pca/errors", test_pca_errors);
  g_test_add_func ("/gradscope/landscape/plane/project", test_project);
  g_test_add_func ("/gradscope/landscape/grid/levels", test_levels);
  g_test_add_func ("/gradscope/landscape/grid/center-exact", test_grid_center_exact);
  g_test_add_func ("/gradscope/landscape/grid/axes-function", test_grid_axes_function);
  g_test_add_func ("/gradscope/landscape/grid/progressive", test_grid_progressive);
  g_test_add_func ("/gradscope/landscape/grid/cancel", test_grid_cancel);
  g_test_add_func ("/gradscope/landscape/grid/free-running", test_grid_free_running);
  g_test_add_func ("/gradscope/landscape/grid/errors", test_grid_errors);
  g_test_add_func ("/gradscope/landscape/grid/float32", test_grid_float32);
  g_test_add_func ("/gradscope/landscape/tanhf", test_tanhf);
  g_test_add_func ("/gradscope/landscape/interpolate", test_interpolate);
  return g_test_run ();
}
