/* gs-landscape.h — the loss over a plane through parameter space
 *
 * A plane θ(a, b) = θc + a·d1 + b·d2 (two chosen parameters, random
 * filter-normalized directions as in Li et al. 2018, or the top two
 * principal directions of a run's trajectory), the objective sampled on a
 * grid over a window of (a, b) — progressively, coarse levels first, on a
 * thread pool, cancelable — trajectories projected onto the plane, and the
 * loss along a line (Goodfellow et al. 2015). See docs/landscape.md. */
#pragma once

#include <gio/gio.h>
#include <glib.h>

#include "gs-problem.h"
#include "gs-types.h"

G_BEGIN_DECLS

/* ---- planes ------------------------------------------------------------------ */

typedef enum
{
  GS_DIRECTIONS_AXES,     /* d1 = e_i, d2 = e_j: two chosen parameters */
  GS_DIRECTIONS_RANDOM,   /* Gaussian, filter-normalized, biases 0 */
  GS_DIRECTIONS_PCA,      /* top two principal directions of a trajectory */
} GsDirections;

const char *gs_directions_to_string   (GsDirections kind);   /* "axes", "random", "pca" */
gboolean    gs_directions_from_string (const char *name, GsDirections *out);

/* θ(a, b) = center + a·d1 + b·d2. One allocation: center, d1 and d2 point
 * into it. Plain data, read it directly. */
typedef struct
{
  GsDirections kind;
  guint        n_params;
  double      *center;        /* θc */
  double      *d1, *d2;       /* the directions, n_params each */
  double       gram[3];       /* d1·d1, d1·d2, d2·d2 (projections solve with it) */
  guint        axis[2];       /* axes: the two parameters i, j */
  guint64      seed;          /* random: the seed */
  double       explained[2];  /* pca: fraction of the trajectory's variance along
                               * d1, d2 (0…1); NAN for the other kinds */
} GsPlane;

/* d1 = e_i, d2 = e_j. Tip: zero center[i] and center[j] and (a, b) are the
 * two parameters' own values (the exact contour of a 2-parameter problem). */
GsPlane *gs_plane_new_axes   (GsProblem *problem, const double *center, guint i,
                              guint j, GError **error);
/* Two Gaussian directions from a GsRng seeded with seed, filter-normalized
 * (Li et al. 2018): for an MLP every row of every layer's weight matrix
 * (a neuron's incoming weights) is scaled to the norm of the same row of
 * center, and the biases are 0; for any other problem all of θ is one
 * filter, scaled to ‖center‖ (to 1 when center is 0). orthogonal: d2 is
 * first made orthogonal to d1 filter by filter (so d1·d2 = 0 overall;
 * a filter of a single weight is left as it is). */
GsPlane *gs_plane_new_random (GsProblem *problem, const double *center, guint64 seed,
                              gboolean orthogonal, GError **error);
/* The top two principal directions of a trajectory: rows of n_params
 * values, stride doubles apart (e.g. a trace's rows from θ on, stride the
 * row width), the last row its end θ_final, which becomes the center. The
 * directions are the eigenvectors of the (uncentered) second-moment matrix
 * of θ_i − θ_final (Li et al.), computed with LAPACKE on the smaller of its
 * two Gram matrices; orthonormal, signed so the first row projects to a ≤ 0,
 * b ≤ 0. Needs 3 rows or more, all finite, and a trajectory that moves;
 * more than 2048 rows are thinned to 2048 evenly spaced ones (the last
 * always kept). */
GsPlane *gs_plane_new_pca    (const double *rows, gsize stride, guint n_rows,
                              guint n_params, GError **error);
GsPlane *gs_plane_copy       (const GsPlane *plane);
void     gs_plane_free       (GsPlane *plane);
/* Moves the plane's center (the directions stay). */
void     gs_plane_recenter   (GsPlane *plane, const double *center);

/* θ(a, b) into theta (n_params) */
void     gs_plane_point      (const GsPlane *plane, double a, double b, double *theta);
/* The (a, b) of θ's closest point on the plane: least squares through the
 * 2×2 Gram matrix, so the directions need not be orthonormal. */
void     gs_plane_project    (const GsPlane *plane, const double *theta, double *a,
                              double *b);
/* n rows (stride doubles apart, θ first) into ab (n (a, b) pairs); a row
 * that is not finite gives (NAN, NAN). */
void     gs_plane_project_rows (const GsPlane *plane, const double *rows, gsize stride,
                                guint n, double *ab);
/* A symmetric window around (0, 0) holding the projected walk ab (n (a, b)
 * pairs; non-finite ones left out), padded 15 %, neither side under a
 * fifth of the other: a_min, a_max, b_min, b_max. */
void     gs_plane_fit_window (const double *ab, guint n, double window[4]);
/* An axis title: "θ[3]", "random direction 1", "PC1 (93.2 %)" (which: 0, 1) */
char    *gs_plane_axis_title (const GsPlane *plane, guint which);

/* ---- grids --------------------------------------------------------------------- */

/* The objective at nx × ny nodes of a window of the plane: node (i, j) is at
 * a = ((nx−1−i)·x_min + i·x_max)/(nx−1), likewise b with j (so the middle
 * node of a symmetric window is exactly (0, 0), θc). plot/'s GsGrid is this
 * type, so a renderer draws it as it is. */
typedef struct
{
  guint   nx, ny;
  double  x_min, x_max, y_min, y_max;   /* a_min, a_max, b_min, b_max */
  double *z;             /* ny rows of nx values, row j is b_j; NAN where not finite */
  double  z_min, z_max;  /* finite range (NAN when nothing is finite) */
} GsLandscapeGrid;

GsLandscapeGrid *gs_landscape_grid_new  (guint nx, guint ny, const double window[4]);
GsLandscapeGrid *gs_landscape_grid_copy (const GsLandscapeGrid *grid);
void             gs_landscape_grid_free (GsLandscapeGrid *grid);
double           gs_landscape_grid_x    (const GsLandscapeGrid *grid, guint i);
double           gs_landscape_grid_y    (const GsLandscapeGrid *grid, guint j);
/* Turns non-finite values into NAN and sets z_min, z_max. */
void             gs_landscape_grid_update_range (GsLandscapeGrid *grid);

typedef enum
{
  GS_LANDSCAPE_FLOAT64,   /* every node is gs_problem_objective at θ(a, b), exactly */
  GS_LANDSCAPE_FLOAT32,   /* MLPs: a float32 forward pass (first layer precomputed
                           * per plane, vectorized activations), about 1e-6
                           * relative; other problems as FLOAT64 */
} GsLandscapePrecision;

/* What to compute. The job copies what it needs: the plane and the
 * window may change or go once gs_landscape_job_new returns. */
typedef struct
{
  GsProblem           *problem;     /* a reference is taken */
  GsRegularization     reg;         /* the experiment's: the grid is the objective */
  const GsPlane       *plane;
  guint                n;           /* nodes per side of the finest level, ≥ 2 */
  double               window[4];   /* a_min, a_max, b_min, b_max */
  GsLandscapePrecision precision;
  guint                n_threads;   /* 0: one per processor */
} GsLandscapeSpec;

/* The sizes of the levels a job computes for n nodes per side, coarse
 * first, the last n: halvings that nest into the next level ((n−1) even,
 * every node of the coarse one a node of the fine one, reused there)
 * down to 5 or more (65: 5, 9, 17, 33, 65; 41: 6, 11, 21, 41); when the
 * coarsest would still be over 17, a 5 × 5 and a 9 × 9 preview first (the
 * 9 × 9 not nested in what follows: 50: 5, 9, 50). nested[k]: level k's
 * nodes are in level k + 1. Returns the number of levels
 * (≤ GS_LANDSCAPE_MAX_LEVELS). */
#define GS_LANDSCAPE_MAX_LEVELS 16
guint gs_landscape_levels (guint n, guint *sizes, gboolean *nested);

typedef struct _GsLandscapeJob GsLandscapeJob;

/* On the main context that was thread-default when the job was made.
 * grid: the level just finished, valid during the call (copy it to keep
 * it). Never called once the job's cancellable is cancelled or the job
 * freed. */
typedef void (*GsLandscapeLevelFunc) (GsLandscapeJob        *job,
                                      const GsLandscapeGrid *grid,
                                      guint                  level,
                                      guint                  n_levels,
                                      gpointer               user_data);
/* Once, after the last level's callback, when every level was computed
 * (a cancelled or freed job calls nothing). */
typedef void (*GsLandscapeDoneFunc)  (GsLandscapeJob        *job,
                                      gpointer               user_data);

/* Starts computing at once on a thread pool of its own (rows of each level
 * handed out one at a time to spec->n_threads workers). Callbacks may be
 * NULL: poll instead (gs_landscape_job_get_progress, _dup_latest). Errors:
 * a window or size that makes no grid, a plane of another problem. */
GsLandscapeJob  *gs_landscape_job_new (const GsLandscapeSpec *spec,
                                       GCancellable          *cancellable,
                                       GsLandscapeLevelFunc   level_func,
                                       GsLandscapeDoneFunc    done_func,
                                       gpointer               user_data,
                                       GError               **error);
/* Cancels what is left, waits for every worker to return and joins the
 * pool's threads, then frees: no callback of this job runs after it. */
void             gs_landscape_job_free (GsLandscapeJob *job);
/* Stops the job as its cancellable would (callbacks stop too). */
void             gs_landscape_job_cancel (GsLandscapeJob *job);
/* Blocks until the job has finished or stopped (every worker back);
 * returns TRUE when every level was computed. Thread-safe, any thread. */
gboolean         gs_landscape_job_wait (GsLandscapeJob *job);
/* Thread-safe: nodes computed so far of all levels; *total of all levels;
 * *level (optional): levels finished. */
void             gs_landscape_job_get_progress (GsLandscapeJob *job, guint *done,
                                                guint *total, guint *levels_done);
/* A copy of the finest level finished so far, or NULL. Thread-safe. */
GsLandscapeGrid *gs_landscape_job_dup_latest (GsLandscapeJob *job);
/* Workers inside a job's loop right now (0 once it has stopped). */
guint            gs_landscape_job_get_n_running (GsLandscapeJob *job);

/* Every level in turn, waiting (no callbacks): the finest level, or NULL
 * with G_IO_ERROR_CANCELLED. */
GsLandscapeGrid *gs_landscape_compute (const GsLandscapeSpec *spec,
                                       GCancellable *cancellable, GError **error);

/* ---- lines --------------------------------------------------------------------- */

/* The objective along θ(t) = start + t·(end − start) at n ≥ 1 points t_k
 * evenly spaced from t0 to t1 (Goodfellow et al. 2015): t[k] and loss[k]
 * (NAN where not finite); t may be NULL. t = 0 is exactly start, t = 1
 * exactly end. Float64, on the calling thread. */
void gs_landscape_interpolate (GsProblem *problem, const GsRegularization *reg,
                               const double *start, const double *end, double t0,
                               double t1, guint n, double *t, double *loss);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsPlane, gs_plane_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsLandscapeGrid, gs_landscape_grid_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsLandscapeJob, gs_landscape_job_free)

G_END_DECLS
