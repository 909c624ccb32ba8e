/* gs-landscape-page.c — the Landscape page (see the header)
 *
 * What runs where: the plane (a PCA is an eigenproblem a few hundred
 * square for a network) on a GTask, its grid on a GsLandscapeJob's own
 * pool (progressive levels, coarse first), each level's band image with
 * its iso-lines on a GTask, the interpolation line on a GTask. A task's
 * result comes back with the cancellable it was started with and is
 * dropped when that was cancelled — the page may be gone by then — so
 * dropping what is on its way is one g_cancellable_cancel. The job's
 * callbacks stop once it is freed. The walks are projected on the main
 * thread, and only the rows that are new since the last frame.
 *
 * The grid is of the plane at the time it was asked for: it is computed
 * again when the directions, the run, the seed or the window change, on
 * Recenter, or for a new problem — not as the runs move; their walks go
 * on over it. Nothing is computed while the page is not shown. */
#include "gs-landscape-page.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gs-landscape.h"

#define LINE_N          101
#define LINE_T0         (-0.5)
#define LINE_T1         1.5
#define LINE_PERIOD_US  (500 * 1000)   /* the line again at most this often */
#define TYPE_DELAY_MS   500            /* a typed value applies after this pause */
#define ZOOM_SETTLE_MS  150            /* a new grid once the wheel rests */
#define PROJECT_BUDGET  (1u << 22)     /* θ values projected per frame (rows × n_params) */
#define SPAN_MAX        1e9

/* The entries of the Directions drop-down, in GsDirections order. */
static const char *const direction_items[] = {
  N_("Two parameters"), N_("Random, filter-normalized"), N_("Principal directions of a run"), NULL
};
G_STATIC_ASSERT (GS_DIRECTIONS_AXES == 0 && GS_DIRECTIONS_RANDOM == 1 && GS_DIRECTIONS_PCA == 2);

/* One run's walk on the plane: (step, a, b) per row of its rows, kept
 * between frames. */
typedef struct
{
  GArray      *sab;               /* doubles, 3 per row */
  gconstpointer rows_id;          /* the run view's rows array: another run, start over */
  guint        key;               /* plane, trace epoch, engine generation */
  guint        trace_generation;
  guint        stable;            /* leading entries that stay until the trace generation changes */
  GsWalkCache *cache;
  guint        generation;        /* given to the cache: bumped to start it over */
  double       last_step;         /* step of the last row the cache took */
} Walk;

struct _GsLandscapePage
{
  GtkBox           parent_instance;

  GsWindow        *window;         /* owns the page */

  /* controls */
  GtkWidget       *directions_dd;
  GtkWidget       *run_dd;
  GtkStringList   *run_names;
  GtkWidget       *seed_box;
  GtkWidget       *seed_entry;
  GtkWidget       *span_entry;
  GtkWidget       *recenter_button;
  GtkWidget       *info_label;
  GtkWidget       *progress;
  GtkWidget       *plot;
  GtkWidget       *line_plot;
  gboolean         building;       /* controls being set from here: ignore their signals */
  guint            seed_id;        /* typed values wait for these timeouts */
  guint            span_id;

  /* what is asked for */
  GsDirections     kind;
  gboolean         kind_chosen;    /* by the user: it stays for a new problem */
  guint            run;            /* the chosen run */
  guint64          seed;
  double           span;           /* half-width of the window along a */
  double           aspect;         /* its half-height over its half-width */
  gboolean         span_touched;   /* set by the user (typed, zoomed): a new plane keeps it */
  GsProblem       *problem;        /* the problem the page is of (a reference), NULL: none yet */
  GsRegularization reg;
  gboolean         plane_wanted;   /* a new plane once the page shows (and the run has rows) */
  gboolean         recenter_wanted; /* … by moving the old one's centre */
  gboolean         grid_wanted;    /* a grid of the plane once the page shows */
  char            *message;        /* why there is no plane or grid, or NULL */

  /* the plane */
  GCancellable    *plane_cancel;   /* of the plane task on its way, or NULL */
  GsPlane         *plane;
  guint            plane_serial;   /* changes with the plane: walks are projected anew */
  char            *plane_run;      /* the run it was made from, and its step then */
  guint64          plane_step;
  double           view[4];        /* the window shown: a_min, a_max, b_min, b_max */

  /* its grid */
  GsLandscapeJob  *job;
  guint            job_serial;
  guint            n_levels;
  guint            tick_id;        /* the progress bar follows the job */
  GsLandscapeGrid *latest;         /* the newest level delivered (job_serial's) */
  guint            latest_level;
  /* what is shown: a level with its colour levels and band image (iso-lines in) */
  GsLandscapeGrid *shown;
  GsLevels         levels;
  cairo_surface_t *bands;
  int              bands_w, bands_h;
  gboolean         bands_dark;
  guint            shown_job;      /* the job_serial and level it came from */
  guint            shown_level;
  GCancellable    *image_cancel;
  gboolean         image_busy;
  GsRect           area;           /* plot area of the last frame, widget pixels */

  /* the walks */
  GPtrArray       *walks;          /* Walk per run, by index */
  GsWalkLayers    *layers;
  guint            more_id;        /* an idle: rows left to project next frame */

  /* the pointer */
  gboolean         hovering;
  double           hover_a, hover_b;
  double           drag_window[4];
  gboolean         dragging;
  guint            zoom_id;

  /* the interpolation line */
  GCancellable    *line_cancel;
  gboolean         line_busy;
  gint64           line_time;      /* when the last one was asked for, µs */
  guint            line_timeout_id;
  gboolean         has_line;
  guint            line_run;       /* the run and step it shows */
  guint64          line_step;
  double           line_t[LINE_N];
  double           line_loss[LINE_N];
  guint            n_lines;
};

G_DEFINE_FINAL_TYPE (GsLandscapePage, gs_landscape_page, GTK_TYPE_BOX)

static void request_plane (GsLandscapePage *self);
static void start_grid (GsLandscapePage *self);
static void maybe_start_image (GsLandscapePage *self);
static void maybe_start_line (GsLandscapePage *self);

/* ---- small helpers ---------------------------------------------------------------- */

static gboolean
shown_now (GsLandscapePage *self)
{
  return gtk_widget_get_mapped (GTK_WIDGET (self));
}

/* The run views as they are now, or NULL when they do not fit the problem yet. */
static GArray *
run_views (GsLandscapePage *self)
{
  GsWindow *win = self->window;

  if (win->experiment == NULL || win->run_views == NULL || self->problem == NULL
      || win->row_width != GS_ROW_FIELDS + gs_problem_get_n_params (self->problem))
    return NULL;
  return win->run_views;
}

static GsRunView *
chosen_run (GsLandscapePage *self)
{
  GArray *views = run_views (self);

  if (views == NULL || views->len == 0)
    return NULL;
  return &g_array_index (views, GsRunView, MIN (self->run, views->len - 1));
}

static guint
rows_of (GsLandscapePage *self, const GsRunView *rv)
{
  return rv->rows->len / self->window->row_width;
}

static const GsRow *
row_at (GsLandscapePage *self, const GsRunView *rv, guint k)
{
  return (const GsRow *) ((const double *) rv->rows->data + (gsize) k * self->window->row_width);
}

static void
set_message (GsLandscapePage *self, const char *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_widget_queue_draw (self->plot);
}

static void
show_span (GsLandscapePage *self)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  self->building = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->span_entry),
                         g_ascii_formatd (buf, sizeof buf, "%.3g", self->span));
  gs_clear_error (self->span_entry);
  self->building = FALSE;
}

/* The explained variance of a PCA plane; the seed only for random directions. */
static void
update_controls (GsLandscapePage *self)
{
  gtk_widget_set_visible (self->seed_box, self->kind == GS_DIRECTIONS_RANDOM);
  if (self->plane != NULL && self->plane->kind == GS_DIRECTIONS_PCA)
    {
      /* TRANSLATORS: the explained variance of the two principal directions */
      g_autofree char *text = g_strdup_printf (_("PC1 %.1f %%, PC2 %.1f %%"),
                                               100 * self->plane->explained[0],
                                               100 * self->plane->explained[1]);
      gtk_label_set_text (GTK_LABEL (self->info_label), text);
    }
  else
    gtk_label_set_text (GTK_LABEL (self->info_label), "");
}

/* ---- progress ------------------------------------------------------------------------ */

static void
update_progress (GsLandscapePage *self)
{
  guint done = 0, total = 0;

  if (self->job == NULL)
    {
      gtk_widget_set_opacity (self->progress, 0);
      return;
    }
  gs_landscape_job_get_progress (self->job, &done, &total, NULL);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress),
                                 total ? (double) done / total : 0);
  gtk_widget_set_opacity (self->progress, 1);
}

static gboolean
progress_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  update_progress (user_data);
  return G_SOURCE_CONTINUE;
}

/* ---- what is computed, dropped ---------------------------------------------------------- */

/* The grid job stops (no callback of it runs after this). */
static void
stop_job (GsLandscapePage *self)
{
  g_clear_pointer (&self->job, gs_landscape_job_free);
  g_clear_pointer (&self->latest, gs_landscape_grid_free);
  if (self->tick_id)
    gtk_widget_remove_tick_callback (self->progress, self->tick_id);
  self->tick_id = 0;
  update_progress (self);
}

static void
cancel (GCancellable **cancellable)
{
  if (*cancellable)
    g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
}

/* The picture of the grid goes (a new plane: the old one is of another). */
static void
drop_shown (GsLandscapePage *self)
{
  cancel (&self->image_cancel);
  self->image_busy = FALSE;
  g_clear_pointer (&self->shown, gs_landscape_grid_free);
  g_clear_pointer (&self->bands, cairo_surface_destroy);
  gtk_widget_queue_draw (self->plot);
}

static void
drop_line (GsLandscapePage *self)
{
  cancel (&self->line_cancel);
  self->line_busy = FALSE;
  self->has_line = FALSE;
  g_clear_handle_id (&self->line_timeout_id, g_source_remove);
  gtk_widget_queue_draw (self->line_plot);
}

/* Everything of the plane: it was of another problem. */
static void
drop_all (GsLandscapePage *self)
{
  stop_job (self);
  cancel (&self->plane_cancel);
  drop_shown (self);
  drop_line (self);
  g_clear_pointer (&self->plane, gs_plane_free);
  g_clear_pointer (&self->plane_run, g_free);
  g_clear_pointer (&self->message, g_free);
  self->plane_serial++;
  self->n_levels = 0;
  g_ptr_array_set_size (self->walks, 0);
  update_controls (self);
}

/* ---- the problem ------------------------------------------------------------------------- */

static void
set_default_span (GsLandscapePage *self)
{
  self->span = 1;
  self->aspect = 1;
  self->span_touched = FALSE;
}

/* Takes the window's problem and regularization when they changed: a new
 * problem drops everything and wants a new plane; new regularization
 * wants a new grid of the same plane (the objective is another). */
static void
sync_problem (GsLandscapePage *self)
{
  const GsExperiment *exp = self->window->experiment;

  if (exp == NULL)
    return;
  if (exp->problem != self->problem)
    {
      drop_all (self);
      g_clear_pointer (&self->problem, gs_problem_unref);
      self->problem = gs_problem_ref (exp->problem);
      self->reg = exp->reg;
      /* two parameters: the plane of the contour map itself; more: random
       * directions, as in Li et al. (unless the user chose) */
      if (!self->kind_chosen)
        self->kind = gs_problem_get_n_params (exp->problem) == 2 ? GS_DIRECTIONS_AXES
                                                                  : GS_DIRECTIONS_RANDOM;
      self->building = TRUE;
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->directions_dd), self->kind);
      self->building = FALSE;
      set_default_span (self);
      show_span (self);
      update_controls (self);
      self->plane_wanted = TRUE;
      self->recenter_wanted = FALSE;
    }
  else if (exp->reg.l1 != self->reg.l1 || exp->reg.l2 != self->reg.l2)
    {
      self->reg = exp->reg;
      drop_line (self);
      if (self->plane != NULL)
        {
          drop_shown (self);
          start_grid (self);
        }
    }
}

/* The runs' names in the Run drop-down, when they changed. */
static void
sync_run_names (GsLandscapePage *self)
{
  GArray *views = self->window->run_views;
  guint n = views ? views->len : 0;
  guint have = g_list_model_get_n_items (G_LIST_MODEL (self->run_names));
  gboolean same = n == have;
  g_autoptr(GPtrArray) labels = NULL;

  for (guint i = 0; i < n && same; i++)
    same = g_strcmp0 (gtk_string_list_get_string (self->run_names, i),
                      g_array_index (views, GsRunView, i).label) == 0;
  if (same)
    return;
  labels = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (labels, g_array_index (views, GsRunView, i).label);
  g_ptr_array_add (labels, NULL);
  self->building = TRUE;
  gtk_string_list_splice (self->run_names, 0, have, (const char *const *) labels->pdata);
  if (n > 0)
    {
      self->run = MIN (self->run, n - 1);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->run_dd), self->run);
    }
  self->building = FALSE;
}

/* ---- the plane, made off the main thread -------------------------------------------------- */

typedef struct
{
  GsProblem   *problem;
  GsDirections kind;
  guint        axis[2];
  guint64      seed;
  double      *center;       /* the run's current θ (axes: θi, θj zeroed) */
  double      *rows;         /* pca: the run's rows, whole, width apart */
  gsize        width;
  guint        n_rows;
  GsPlane     *recenter;     /* move this plane's centre rather than make one */
  gboolean     fit;          /* pca: the window around the projected walk */
  double       window[4];    /* in: the window; out: fitted */
  GsPlane     *plane;        /* out */
  GError      *error;
  char        *run_label;
  guint64      step;
} PlaneTask;

static void
plane_task_free (gpointer data)
{
  PlaneTask *t = data;

  gs_problem_unref (t->problem);
  g_free (t->center);
  g_free (t->rows);
  g_clear_pointer (&t->recenter, gs_plane_free);
  g_clear_pointer (&t->plane, gs_plane_free);
  g_clear_error (&t->error);
  g_free (t->run_label);
  g_free (t);
}

static void
plane_task_run (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  PlaneTask *t = data;
  guint n_params = gs_problem_get_n_params (t->problem);

  if (t->recenter != NULL)
    {
      t->plane = gs_plane_copy (t->recenter);
      gs_plane_recenter (t->plane, t->center);
    }
  else
    switch (t->kind)
      {
      case GS_DIRECTIONS_AXES:
        t->plane = gs_plane_new_axes (t->problem, t->center, t->axis[0], t->axis[1], &t->error);
        break;
      case GS_DIRECTIONS_RANDOM:
        t->plane = gs_plane_new_random (t->problem, t->center, t->seed, TRUE, &t->error);
        break;
      case GS_DIRECTIONS_PCA:
      default:
        t->plane = gs_plane_new_pca (t->rows + GS_ROW_FIELDS, t->width, t->n_rows, n_params,
                                     &t->error);
        break;
      }
  if (t->plane != NULL && t->fit && t->rows != NULL)
    {
      g_autofree double *ab = g_new (double, 2 * (gsize) t->n_rows);

      gs_plane_project_rows (t->plane, t->rows + GS_ROW_FIELDS, t->width, t->n_rows, ab);
      gs_plane_fit_window (ab, t->n_rows, t->window);
    }
  g_task_return_boolean (task, t->plane != NULL);
}

static void
plane_task_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = G_TASK (result);
  PlaneTask *t = g_task_get_task_data (task);
  GsLandscapePage *self;

  /* dropped: the page may be gone */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return;
  self = user_data;
  g_clear_object (&self->plane_cancel);
  if (t->plane == NULL)
    {
      /* TRANSLATORS: the run's name, then why */
      g_autofree char *msg = g_strdup_printf (_("No plane through “%s”: %s"), t->run_label,
                                              t->error ? t->error->message : _("unknown error"));
      set_message (self, msg);
      return;
    }
  g_clear_pointer (&self->plane, gs_plane_free);
  self->plane = g_steal_pointer (&t->plane);
  self->plane_serial++;
  g_free (self->plane_run);
  self->plane_run = g_steal_pointer (&t->run_label);
  self->plane_step = t->step;
  memcpy (self->view, t->window, sizeof self->view);
  self->span = (self->view[1] - self->view[0]) / 2;
  self->aspect = (self->view[3] - self->view[2]) / (self->view[1] - self->view[0]);
  show_span (self);
  set_message (self, NULL);
  update_controls (self);
  drop_shown (self);
  start_grid (self);
}

/* A new plane through the chosen run's current point (or the old one
 * moved there, for Recenter), on a task; the grid follows it. Waits, with
 * plane_wanted still set, while the page is hidden or the run has too few
 * rows. */
static void
request_plane (GsLandscapePage *self)
{
  GsWindow *win = self->window;
  const GsExperiment *exp = win->experiment;
  g_autoptr(GTask) task = NULL;
  GsRunView *rv;
  PlaneTask *t;
  const GsRow *last;
  guint n, n_params;
  gboolean recenter = self->recenter_wanted;

  if (!shown_now (self) || self->problem == NULL)
    return;
  rv = chosen_run (self);
  if (rv == NULL)
    return;
  n_params = gs_problem_get_n_params (self->problem);
  n = rows_of (self, rv);
  if (n_params < 2)
    {
      self->plane_wanted = FALSE;
      set_message (self, _("A landscape needs a problem with at least two parameters"));
      return;
    }
  if (n == 0)
    {
      g_autofree char *msg = g_strdup_printf (_("Waiting for “%s” to start"), rv->label);
      set_message (self, msg);
      return;
    }
  if (self->kind == GS_DIRECTIONS_PCA && n < 3)
    {
      g_autofree char *msg = g_strdup_printf (_("The principal directions need a walk of 3 "
                                                "rows or more: waiting for “%s”"), rv->label);
      set_message (self, msg);
      return;
    }
  last = row_at (self, rv, n - 1);

  t = g_new0 (PlaneTask, 1);
  t->problem = gs_problem_ref (self->problem);
  t->kind = self->kind;
  t->seed = self->seed;
  t->center = g_memdup2 (last->theta, sizeof (double) * n_params);
  t->run_label = g_strdup (rv->label);
  t->step = (guint64) last->step;
  switch (self->kind)
    {
    case GS_DIRECTIONS_AXES:
      {
        /* the contour map's two parameters; their values are a and b
         * themselves, the others at the run's */
        guint i = n_params == 2 ? 0 : win->axis_x;
        guint j = n_params == 2 ? 1 : win->axis_y;
        double ci = t->center[i], cj = t->center[j];

        t->axis[0] = i;
        t->axis[1] = j;
        t->center[i] = t->center[j] = 0;
        if (exp->kind == GS_PROBLEM_FUNCTION && !self->span_touched && !recenter)
          {
            /* exactly the contour map's window */
            const GsFunctionInfo *f = gs_problem_get_function (self->problem);

            memcpy (t->window, exp->has_view ? exp->view : f->view, sizeof t->window);
          }
        else
          {
            t->window[0] = ci - self->span;
            t->window[1] = ci + self->span;
            t->window[2] = cj - self->span * self->aspect;
            t->window[3] = cj + self->span * self->aspect;
          }
      }
      break;
    case GS_DIRECTIONS_RANDOM:
      if (recenter && self->plane != NULL && self->plane->kind == GS_DIRECTIONS_RANDOM
          && self->plane->seed == self->seed)
        t->recenter = gs_plane_copy (self->plane);
      t->window[0] = -self->span;
      t->window[1] = self->span;
      t->window[2] = -self->span * self->aspect;
      t->window[3] = self->span * self->aspect;
      break;
    case GS_DIRECTIONS_PCA:
    default:
      /* the walk so far (Recenter too: the centre of a PCA plane is the
       * walk's end); the window fits it unless the user set a span */
      t->width = win->row_width;
      t->n_rows = n;
      t->rows = g_memdup2 (rv->rows->data, sizeof (double) * n * win->row_width);
      t->fit = !self->span_touched;
      t->window[0] = -self->span;
      t->window[1] = self->span;
      t->window[2] = -self->span * self->aspect;
      t->window[3] = self->span * self->aspect;
      break;
    }
  if (!gs_all_finite (t->center, n_params))
    {
      g_autofree char *msg = g_strdup_printf (_("“%s” diverged: no plane through a θ that is "
                                                "not finite; choose another run"), rv->label);
      plane_task_free (t);
      self->plane_wanted = self->recenter_wanted = FALSE;
      set_message (self, msg);
      return;
    }

  /* the old plane's grid is of no more use: its picture stays until the
   * new one's first level */
  stop_job (self);
  self->plane_wanted = self->recenter_wanted = FALSE;
  cancel (&self->plane_cancel);
  self->plane_cancel = g_cancellable_new ();
  task = g_task_new (NULL, self->plane_cancel, plane_task_done, self);
  g_task_set_task_data (task, t, plane_task_free);
  g_task_run_in_thread (task, plane_task_run);
}

/* What was asked for, now that it can be: a plane, or a grid of it. */
static void
maybe_start (GsLandscapePage *self)
{
  if (!shown_now (self))
    return;
  if (self->plane_wanted)
    request_plane (self);
  else if (self->grid_wanted && self->plane_cancel == NULL)
    start_grid (self);
}

/* ---- the grid: a landscape job's levels, each made into an image off the main thread ---- */

static void
job_level (GsLandscapeJob *job, const GsLandscapeGrid *grid, guint level, guint n_levels,
           gpointer user_data)
{
  GsLandscapePage *self = user_data;

  /* a freed job calls nothing: this one is ours */
  g_return_if_fail (job == self->job);
  g_clear_pointer (&self->latest, gs_landscape_grid_free);
  self->latest = gs_landscape_grid_copy (grid);
  self->latest_level = level;
  update_progress (self);
  maybe_start_image (self);
}

static void
job_done (GsLandscapeJob *job, gpointer user_data)
{
  GsLandscapePage *self = user_data;
  GsLandscapeGrid *latest;

  g_return_if_fail (job == self->job);
  /* its pool goes back; the last level stays for its image */
  latest = g_steal_pointer (&self->latest);
  stop_job (self);
  self->latest = latest;
}

/* A grid of the plane over the window, coarse levels first. */
static void
start_grid (GsLandscapePage *self)
{
  GsLandscapeSpec spec = { 0 };
  g_autoptr(GError) error = NULL;
  guint sizes[GS_LANDSCAPE_MAX_LEVELS];
  gboolean nested[GS_LANDSCAPE_MAX_LEVELS];

  stop_job (self);
  self->grid_wanted = FALSE;
  if (self->plane == NULL || self->problem == NULL)
    return;
  if (!shown_now (self))
    {
      self->grid_wanted = TRUE;
      return;
    }
  spec.problem = self->problem;
  spec.reg = self->reg;
  spec.plane = self->plane;
  /* a 2-D function costs nothing a node: the contour map's detail */
  spec.n = gs_problem_get_kind (self->problem) == GS_PROBLEM_FUNCTION ? 129 : 65;
  memcpy (spec.window, self->view, sizeof spec.window);
  spec.precision = gs_problem_get_kind (self->problem) == GS_PROBLEM_MLP ? GS_LANDSCAPE_FLOAT32
                                                                          : GS_LANDSCAPE_FLOAT64;
  /* one core stays with the runs */
  spec.n_threads = MAX (g_get_num_processors (), 2) - 1;
  self->job_serial++;
  self->job = gs_landscape_job_new (&spec, NULL, job_level, job_done, self, &error);
  if (self->job == NULL)
    {
      set_message (self, error->message);
      self->n_levels = 0;
      return;
    }
  self->n_levels = gs_landscape_levels (spec.n, sizes, nested);
  set_message (self, NULL);
  self->tick_id = gtk_widget_add_tick_callback (self->progress, progress_tick, self, NULL);
  update_progress (self);
}

typedef struct
{
  GsLandscapeGrid *grid;
  guint            job, level;   /* where it came from */
  int              width, height;
  gboolean         dark;
  GsLevels         levels;       /* out */
  cairo_surface_t *image;
} ImageTask;

static void
image_task_free (gpointer data)
{
  ImageTask *t = data;

  gs_landscape_grid_free (t->grid);
  g_clear_pointer (&t->image, cairo_surface_destroy);
  g_free (t);
}

static void
image_task_run (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ImageTask *t = data;
  const GsGrid *g = t->grid;
  GsPlotStyle style = { .dark = t->dark, .scale = 1 };
  g_autoptr(GsContourLines) lines = NULL;

  /* log levels where the values span decades, as the contour map */
  gs_levels_choose (g, 14, &t->levels);
  lines = gs_contour_lines_new (g, &t->levels);
  t->image = gs_plot_contour_landscape_image (g, &t->levels, lines, t->width, t->height, &style);
  g_task_return_boolean (task, TRUE);
}

static gboolean
newer (guint job, guint level, guint than_job, guint than_level)
{
  return job > than_job || (job == than_job && level > than_level);
}

static void
image_task_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = G_TASK (result);
  ImageTask *t = g_task_get_task_data (task);
  GsLandscapePage *self;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return;
  self = user_data;
  self->image_busy = FALSE;
  if (self->shown == NULL || !newer (self->shown_job, self->shown_level, t->job, t->level))
    {
      g_clear_pointer (&self->shown, gs_landscape_grid_free);
      g_clear_pointer (&self->bands, cairo_surface_destroy);
      self->shown = g_steal_pointer (&t->grid);
      self->levels = t->levels;
      self->bands = g_steal_pointer (&t->image);
      self->bands_w = t->width;
      self->bands_h = t->height;
      self->bands_dark = t->dark;
      self->shown_job = t->job;
      self->shown_level = t->level;
      gtk_widget_queue_draw (self->plot);
    }
  maybe_start_image (self);
}

/* An image of the newest level, or of the shown one again at the plot's
 * size and style; one at a time (levels that came meanwhile are skipped). */
static void
maybe_start_image (GsLandscapePage *self)
{
  g_autoptr(GTask) task = NULL;
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  int w = self->area.width > 0 ? (int) ceil (self->area.width) : 256;
  int h = self->area.height > 0 ? (int) ceil (self->area.height) : 256;
  const GsLandscapeGrid *grid = NULL;
  guint job = 0, level = 0;
  ImageTask *t;

  if (self->image_busy)
    return;
  if (self->latest != NULL
      && (self->shown == NULL
          || newer (self->job_serial, self->latest_level, self->shown_job, self->shown_level)))
    {
      grid = self->latest;
      job = self->job_serial;
      level = self->latest_level;
    }
  else if (self->shown != NULL && (self->bands_w != w || self->bands_h != h
                                   || self->bands_dark != dark))
    {
      grid = self->shown;
      job = self->shown_job;
      level = self->shown_level;
    }
  if (grid == NULL)
    return;

  t = g_new0 (ImageTask, 1);
  t->grid = gs_landscape_grid_copy (grid);
  t->job = job;
  t->level = level;
  t->width = MIN (w, 4096);
  t->height = MIN (h, 4096);
  t->dark = dark;
  if (self->image_cancel == NULL)
    self->image_cancel = g_cancellable_new ();
  self->image_busy = TRUE;
  task = g_task_new (NULL, self->image_cancel, image_task_done, self);
  g_task_set_task_data (task, t, image_task_free);
  g_task_run_in_thread (task, image_task_run);
}

/* ---- the walks on the plane ------------------------------------------------------------------ */

static void
walk_free (gpointer data)
{
  Walk *w = data;

  g_array_unref (w->sab);
  gs_walk_cache_free (w->cache);
  g_free (w);
}

static Walk *
walk_for (GsLandscapePage *self, guint i)
{
  while (self->walks->len <= i)
    {
      Walk *w = g_new0 (Walk, 1);

      w->sab = g_array_new (FALSE, FALSE, sizeof (double));
      w->cache = gs_walk_cache_new ();
      w->key = G_MAXUINT;
      g_ptr_array_add (self->walks, w);
    }
  return g_ptr_array_index (self->walks, i);
}

/* The first of the n entries with a step after `step`. */
static guint
first_entry_after (const double *sab, guint n, double step)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (sab[3 * mid] <= step)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Brings run rv's walk up to its rows. Within a trace epoch a step always
 * has the same θ, so an entry stays valid wherever its row went: the
 * stable rows are kept as they are, a decimation keeps every entry whose
 * row it kept, and only new rows are projected — at most *budget θ values
 * of them (FALSE: rows are left for the next frame). */
static gboolean
walk_sync (GsLandscapePage *self, Walk *w, const GsRunView *rv, guint *budget)
{
  const GsWindow *win = self->window;
  gsize width = win->row_width;
  const double *rows = (const double *) rv->rows->data;
  guint n = rv->rows->len / width;
  guint n_params = self->plane->n_params;
  guint key = GS_TRACE_EPOCH (rv->trace_generation);
  guint keep, have, k;

  key = key * 0x9E3779B1u + self->plane_serial;
  key = key * 0x9E3779B1u + win->engine_generation;
  if (w->key != key || w->rows_id != rv->rows)
    {
      g_array_set_size (w->sab, 0);
      w->key = key;
      w->rows_id = rv->rows;
      w->trace_generation = rv->trace_generation;
      w->stable = 0;
      w->generation++;
      w->last_step = -1;
    }
  else if (w->trace_generation != rv->trace_generation)
    {
      /* thinned out: the rows are a subset of those we had, by step */
      const double *old = (const double *) w->sab->data;
      guint n_old = w->sab->len / 3, j = 0;
      GArray *kept = g_array_sized_new (FALSE, FALSE, sizeof (double), 3 * (gsize) n);

      for (k = 0; k < n; k++)
        {
          double step = rows[(gsize) k * width];

          while (j < n_old && old[3 * j] < step)
            j++;
          if (j >= n_old || old[3 * j] != step)
            break;
          g_array_append_vals (kept, old + 3 * j, 3);
        }
      g_array_unref (w->sab);
      w->sab = kept;
      w->trace_generation = rv->trace_generation;
      /* the path drawn so far is still right: go on after its last step */
      gs_walk_cache_rebase (w->cache, first_entry_after ((const double *) kept->data,
                                                         kept->len / 3, w->last_step));
      w->stable = kept->len / 3;
    }

  /* entries past the stable rows stay while their steps agree */
  have = w->sab->len / 3;
  keep = MIN (MIN (w->stable, have), n);
  while (keep < MIN (have, n)
         && ((const double *) w->sab->data)[3 * keep] == rows[(gsize) keep * width])
    keep++;
  g_array_set_size (w->sab, 3 * (gsize) keep);

  for (k = keep; k < n && *budget > 0; k++)
    {
      const GsRow *row = (const GsRow *) (rows + (gsize) k * width);
      double e[3] = { row->step, NAN, NAN };

      if (gs_all_finite (row->theta, n_params))
        gs_plane_project (self->plane, row->theta, &e[1], &e[2]);
      g_array_append_vals (w->sab, e, 3);
      *budget = *budget > n_params ? *budget - n_params : 0;
    }
  w->stable = MIN (w->sab->len / 3, rv->stable);
  return k == n;
}

static gboolean
more_rows (gpointer user_data)
{
  GsLandscapePage *self = user_data;

  self->more_id = 0;
  gtk_widget_queue_draw (self->plot);
  return G_SOURCE_REMOVE;
}

/* ---- drawing ------------------------------------------------------------------------------------ */

static char *
axis_title (GsLandscapePage *self, guint which)
{
  if (self->plane->kind == GS_DIRECTIONS_AXES)
    return gs_problem_param_name (self->problem, self->plane->axis[which]);
  /* the words of the axis in the user's language; "PC1 (81.0 %)" has none */
  if (self->plane->kind == GS_DIRECTIONS_RANDOM)
    /* TRANSLATORS: an axis title of the landscape over two random directions */
    return g_strdup_printf (_("random direction %u"), MIN (which, 1u) + 1);
  return gs_plane_axis_title (self->plane, which);
}

/* The line above the plot: which plane, through what, and how far its grid is. */
static char *
plot_note (GsLandscapePage *self)
{
  GString *s = g_string_new (NULL);

  if (self->plane == NULL)
    {
      g_string_append (s, self->message ? self->message : _("Computing the plane…"));
      return g_string_free (s, FALSE);
    }
  switch (self->plane->kind)
    {
    case GS_DIRECTIONS_AXES:
      if (self->plane->n_params == 2)
        /* TRANSLATORS: the plane of the landscape, in the line above its plot */
        g_string_append (s, _("the two parameters"));
      else
        /* TRANSLATORS: the plane of the landscape: the run's name, its step */
        g_string_append_printf (s, _("two parameters, the others at “%s”, step %llu"),
                                self->plane_run, (unsigned long long) self->plane_step);
      break;
    case GS_DIRECTIONS_RANDOM:
      /* TRANSLATORS: the plane of the landscape: the seed, the run's name, its step */
      g_string_append_printf (s, _("random directions (seed %llu) through “%s” at step %llu"),
                              (unsigned long long) self->plane->seed, self->plane_run,
                              (unsigned long long) self->plane_step);
      break;
    case GS_DIRECTIONS_PCA:
    default:
      /* TRANSLATORS: the plane of the landscape: the run's name, its step */
      g_string_append_printf (s, _("principal directions of “%s” to step %llu"),
                              self->plane_run, (unsigned long long) self->plane_step);
      break;
    }
  if (self->message)
    g_string_append_printf (s, " · %s", self->message);
  else if (self->shown != NULL)
    {
      g_string_append_printf (s, " · %u²", self->shown->nx);
      if (self->job != NULL)
        g_string_append (s, " …");
    }
  else
    {
      g_string_append (s, " · ");
      g_string_append (s, _("computing…"));
    }
  return g_string_free (s, FALSE);
}

static void
draw_plot (cairo_t *cr, int width, int height, gboolean dark, gpointer user_data)
{
  GsLandscapePage *self = user_data;
  const GsExperiment *exp = self->window->experiment;
  GArray *views = run_views (self);
  g_autoptr(GArray) trajs = g_array_new (FALSE, TRUE, sizeof (GsTrajectory));
  g_autofree char *x_title = NULL;
  g_autofree char *y_title = NULL;
  g_autofree char *note = NULL;
  double minima[2 * GS_FUNCTION_MAX_MINIMA];
  GsContourView view = { 0 };
  GsRect area;
  guint budget = PROJECT_BUDGET;
  gboolean complete = TRUE;

  if (exp == NULL || self->problem == NULL)
    return;
  view.style.dark = dark;
  view.style.scale = 1;
  memcpy (&view.x_min, self->view, sizeof self->view);
  if (self->plane != NULL)
    {
      x_title = axis_title (self, 0);
      y_title = axis_title (self, 1);
    }
  view.x_title = x_title ? x_title : "a";
  view.y_title = y_title ? y_title : "b";
  view.value_title = exp->kind == GS_PROBLEM_FUNCTION ? "f(x, y)" : C_("axis title", "loss");
  note = plot_note (self);
  view.note = note;
  if (self->shown != NULL)
    {
      view.grid = self->shown;
      view.levels = &self->levels;
      view.bands = self->bands;
    }
  if (self->plane != NULL && self->plane->kind == GS_DIRECTIONS_AXES
      && exp->kind == GS_PROBLEM_FUNCTION)
    {
      /* (a, b) are (x, y): the known minima are where they are on the map */
      const GsFunctionInfo *f = gs_problem_get_function (self->problem);

      for (guint i = 0; i < f->n_minima; i++)
        {
          minima[2 * i] = f->minima[i][0];
          minima[2 * i + 1] = f->minima[i][1];
        }
      view.minima = minima;
      view.n_minima = f->n_minima;
    }

  for (guint i = 0; self->plane != NULL && views != NULL && i < views->len; i++)
    {
      const GsRunView *rv = &g_array_index (views, GsRunView, i);
      Walk *w;
      GsTrajectory t = { 0 };

      if (!rv->visible || rv->rows->len == 0)
        continue;
      w = walk_for (self, i);
      complete &= walk_sync (self, w, rv, &budget);
      t.n = w->sab->len / 3;
      if (t.n == 0)
        continue;
      t.xy = (const double *) w->sab->data + 1;
      t.stride = 3;
      t.color = gs_rgb_of_rgba (&rv->color);
      t.diverged = rv->snapshot.status == GS_STATUS_DIVERGED;
      t.cache = w->cache;
      t.generation = w->generation;
      w->last_step = ((const double *) w->sab->data)[3 * (gsize) (t.n - 1)];
      g_array_append_val (trajs, t);
    }
  view.trajectories = (const GsTrajectory *) trajs->data;
  view.n_trajectories = trajs->len;
  view.layers = self->dragging || self->zoom_id ? NULL : self->layers;

  gs_plot_contour_get_area (cr, width, height, &view, &area);
  self->area = area;
  /* at another size or style the image is stretched while a new one is made */
  if (self->shown != NULL)
    maybe_start_image (self);
  gs_plot_contour_render (cr, width, height, &view);

  if (self->hovering && !self->dragging && self->plane != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s = %.4g   %s = %.4g", view.x_title,
                                               self->hover_a, view.y_title, self->hover_b);

      gs_plot_view_draw_readout (cr, area.x + 6, area.y + 6, text, dark);
    }
  if (!complete && self->more_id == 0)
    self->more_id = g_idle_add (more_rows, self);
}

static void
draw_line (cairo_t *cr, int width, int height, gboolean dark, gpointer user_data)
{
  GsLandscapePage *self = user_data;
  GArray *views = run_views (self);
  /* TRANSLATORS: the marks of the run's start (t = 0) and its current point (t = 1) */
  const GsLossMark marks[] = { { 0, C_("line mark", "start") }, { 1, C_("line mark", "now") } };
  GsLossSeries series = { 0 };
  GsLossView view = { 0 };

  if (self->window->experiment == NULL)
    return;
  if (self->has_line && views != NULL && self->line_run < views->len)
    {
      const GsRunView *rv = &g_array_index (views, GsRunView, self->line_run);

      series.step = self->line_t;
      series.loss = self->line_loss;
      series.n = LINE_N;
      series.color = gs_rgb_of_rgba (&rv->color);
      series.label = rv->label;
      view.series = &series;
      view.n_series = 1;
    }
  view.style.dark = dark;
  view.style.scale = 1;
  view.log_y = view.n_series > 0 && gs_plot_loss_prefers_log (&series, 1);
  /* TRANSLATORS: an axis title; θstart and θnow stay as they are */
  view.x_title = _("t, along θ = θstart + t·(θnow − θstart)");
  view.y_title = view.log_y ? C_("axis title", "loss (log scale)") : C_("axis title", "loss");
  view.x_min = LINE_T0;
  view.x_max = LINE_T1;
  view.marks = marks;
  view.n_marks = G_N_ELEMENTS (marks);
  gs_plot_loss_render (cr, width, height, &view);
}

/* ---- the interpolation line ------------------------------------------------------------------- */

typedef struct
{
  GsProblem       *problem;
  GsRegularization reg;
  double          *start, *end;
  guint            run;
  guint64          step;
  double           t[LINE_N], loss[LINE_N];
} LineTask;

static void
line_task_free (gpointer data)
{
  LineTask *t = data;

  gs_problem_unref (t->problem);
  g_free (t->start);
  g_free (t->end);
  g_free (t);
}

static void
line_task_run (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  LineTask *t = data;

  gs_landscape_interpolate (t->problem, &t->reg, t->start, t->end, LINE_T0, LINE_T1, LINE_N,
                            t->t, t->loss);
  g_task_return_boolean (task, TRUE);
}

static void
line_task_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = G_TASK (result);
  LineTask *t = g_task_get_task_data (task);
  GsLandscapePage *self;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return;
  self = user_data;
  self->line_busy = FALSE;
  memcpy (self->line_t, t->t, sizeof self->line_t);
  memcpy (self->line_loss, t->loss, sizeof self->line_loss);
  self->has_line = TRUE;
  self->line_run = t->run;
  self->line_step = t->step;
  self->n_lines++;
  gtk_widget_queue_draw (self->line_plot);
  maybe_start_line (self);
}

static gboolean
line_timeout (gpointer user_data)
{
  GsLandscapePage *self = user_data;

  self->line_timeout_id = 0;
  maybe_start_line (self);
  return G_SOURCE_REMOVE;
}

/* The chosen run's line again when it moved: at most every 500 ms, one
 * at a time, and only while the page shows. */
static void
maybe_start_line (GsLandscapePage *self)
{
  g_autoptr(GTask) task = NULL;
  GsRunView *rv;
  LineTask *t;
  guint n, n_params, run;
  guint64 step;
  gint64 now = g_get_monotonic_time ();

  if (!shown_now (self) || self->line_busy || self->problem == NULL)
    return;
  rv = chosen_run (self);
  if (rv == NULL || (n = rows_of (self, rv)) == 0)
    return;
  run = MIN (self->run, self->window->run_views->len - 1);
  step = (guint64) row_at (self, rv, n - 1)->step;
  if (self->has_line && self->line_run == run && self->line_step == step)
    return;
  if (self->has_line && self->line_run == run && now - self->line_time < LINE_PERIOD_US)
    {
      if (self->line_timeout_id == 0)
        self->line_timeout_id = g_timeout_add ((guint) ((LINE_PERIOD_US - (now - self->line_time))
                                                        / 1000) + 1, line_timeout, self);
      return;
    }
  g_clear_handle_id (&self->line_timeout_id, g_source_remove);

  n_params = gs_problem_get_n_params (self->problem);
  t = g_new0 (LineTask, 1);
  t->problem = gs_problem_ref (self->problem);
  t->reg = self->reg;
  t->start = g_memdup2 (row_at (self, rv, 0)->theta, sizeof (double) * n_params);
  t->end = g_memdup2 (row_at (self, rv, n - 1)->theta, sizeof (double) * n_params);
  t->run = run;
  t->step = step;
  if (self->line_cancel == NULL)
    self->line_cancel = g_cancellable_new ();
  self->line_busy = TRUE;
  self->line_time = now;
  task = g_task_new (NULL, self->line_cancel, line_task_done, self);
  g_task_set_task_data (task, t, line_task_free);
  g_task_run_in_thread (task, line_task_run);
}

/* ---- controls ---------------------------------------------------------------------------------- */

static void
want_plane (GsLandscapePage *self, gboolean recenter)
{
  self->plane_wanted = TRUE;
  self->recenter_wanted = recenter;
  maybe_start (self);
}

static void
directions_changed (GtkDropDown *dd, GParamSpec *pspec, GsLandscapePage *self)
{
  guint k = gtk_drop_down_get_selected (dd);

  if (self->building || k == GTK_INVALID_LIST_POSITION)
    return;
  self->kind = k;
  self->kind_chosen = TRUE;
  /* the units of the window are the directions': another kind, its own */
  set_default_span (self);
  update_controls (self);
  want_plane (self, FALSE);
}

static void
run_changed (GtkDropDown *dd, GParamSpec *pspec, GsLandscapePage *self)
{
  guint k = gtk_drop_down_get_selected (dd);

  if (self->building || k == GTK_INVALID_LIST_POSITION)
    return;
  self->run = k;
  want_plane (self, FALSE);
  maybe_start_line (self);
}

static void
recenter_clicked (GtkButton *button, GsLandscapePage *self)
{
  want_plane (self, TRUE);
}

/* The seed as typed: a whole number ≥ 0, else the field says so. */
static gboolean
read_seed (GsLandscapePage *self, guint64 *seed)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->seed_entry));
  g_autofree char *s = g_strstrip (g_strdup (text));

  if (!g_ascii_string_to_unsigned (s, 10, 0, G_MAXUINT64, seed, NULL))
    {
      gs_mark_error (self->seed_entry, _("Seed: expected a whole number ≥ 0"));
      return FALSE;
    }
  gs_clear_error (self->seed_entry);
  return TRUE;
}

static void
apply_seed (GsLandscapePage *self)
{
  guint64 seed;

  g_clear_handle_id (&self->seed_id, g_source_remove);
  if (!read_seed (self, &seed) || seed == self->seed)
    return;
  self->seed = seed;
  if (self->kind == GS_DIRECTIONS_RANDOM)
    want_plane (self, FALSE);
}

static gboolean
seed_timeout (gpointer user_data)
{
  GsLandscapePage *self = user_data;

  self->seed_id = 0;
  apply_seed (self);
  return G_SOURCE_REMOVE;
}

static void
seed_changed (GtkEditable *editable, GsLandscapePage *self)
{
  guint64 seed;

  if (self->building)
    return;
  g_clear_handle_id (&self->seed_id, g_source_remove);
  if (read_seed (self, &seed))
    self->seed_id = g_timeout_add (TYPE_DELAY_MS, seed_timeout, self);
}

static gboolean
read_span (GsLandscapePage *self, double *span)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->span_entry));
  g_autofree char *s = g_strstrip (g_strdup (text));
  char *end = NULL;
  double v = g_ascii_strtod (s, &end);

  if (*s == '\0' || end == NULL || *end != '\0' || !isfinite (v) || !(v > 0) || v > SPAN_MAX)
    {
      gs_mark_error (self->span_entry, _("Span: expected a number > 0 (the window's half-width "
                                      "in units of the directions)"));
      return FALSE;
    }
  gs_clear_error (self->span_entry);
  *span = v;
  return TRUE;
}

/* The window keeps its centre and takes the new half-width. */
static void
apply_span (GsLandscapePage *self)
{
  double span, ca, cb;

  g_clear_handle_id (&self->span_id, g_source_remove);
  if (!read_span (self, &span) || span == self->span)
    return;
  self->span = span;
  self->span_touched = TRUE;
  ca = (self->view[0] + self->view[1]) / 2;
  cb = (self->view[2] + self->view[3]) / 2;
  self->view[0] = ca - span;
  self->view[1] = ca + span;
  self->view[2] = cb - span * self->aspect;
  self->view[3] = cb + span * self->aspect;
  gtk_widget_queue_draw (self->plot);
  if (self->plane != NULL)
    start_grid (self);
}

static gboolean
span_timeout (gpointer user_data)
{
  GsLandscapePage *self = user_data;

  self->span_id = 0;
  apply_span (self);
  return G_SOURCE_REMOVE;
}

static void
span_changed (GtkEditable *editable, GsLandscapePage *self)
{
  double span;

  if (self->building)
    return;
  g_clear_handle_id (&self->span_id, g_source_remove);
  if (read_span (self, &span))
    self->span_id = g_timeout_add (TYPE_DELAY_MS, span_timeout, self);
}

/* ---- the pointer on the plot: scroll zooms, drag pans ------------------------------------------ */

static gboolean
to_plane (GsLandscapePage *self, double px, double py, double *a, double *b)
{
  return gs_window_at_pixel (self->view, &self->area, px, py, a, b);
}

static void
motion (GtkEventControllerMotion *controller, double px, double py, GsLandscapePage *self)
{
  self->hovering = to_plane (self, px, py, &self->hover_a, &self->hover_b);
  gtk_widget_queue_draw (self->plot);
}

static void
leave (GtkEventControllerMotion *controller, GsLandscapePage *self)
{
  self->hovering = FALSE;
  gtk_widget_queue_draw (self->plot);
}

static gboolean
zoom_settled (gpointer user_data)
{
  GsLandscapePage *self = user_data;

  self->zoom_id = 0;
  start_grid (self);
  gtk_widget_queue_draw (self->plot);
  return G_SOURCE_REMOVE;
}

static gboolean
scroll (GtkEventControllerScroll *controller, double dx, double dy, GsLandscapePage *self)
{
  double factor = dy > 0 ? 1.25 : 0.8;
  double ca = self->hover_a, cb = self->hover_b;

  if (self->plane == NULL)
    return FALSE;
  if (!self->hovering)
    {
      ca = (self->view[0] + self->view[1]) / 2;
      cb = (self->view[2] + self->view[3]) / 2;
    }
  /* zoom around the pointer; the grid once the wheel rests */
  gs_window_zoom (self->view, ca, cb, factor);
  self->span = (self->view[1] - self->view[0]) / 2;
  self->span_touched = TRUE;
  show_span (self);
  g_clear_handle_id (&self->span_id, g_source_remove);
  g_clear_handle_id (&self->zoom_id, g_source_remove);
  self->zoom_id = g_timeout_add (ZOOM_SETTLE_MS, zoom_settled, self);
  gtk_widget_queue_draw (self->plot);
  return TRUE;
}

static void
drag_begin (GtkGestureDrag *gesture, double px, double py, GsLandscapePage *self)
{
  memcpy (self->drag_window, self->view, sizeof self->view);
  self->dragging = FALSE;
}

static void
drag_update (GtkGestureDrag *gesture, double ox, double oy, GsLandscapePage *self)
{
  if (self->plane == NULL || (!self->dragging && hypot (ox, oy) < 4))
    return;
  self->dragging = TRUE;
  gs_window_dragged (self->drag_window, &self->area, ox, oy, self->view);
  gtk_widget_queue_draw (self->plot);
}

static void
drag_end (GtkGestureDrag *gesture, double ox, double oy, GsLandscapePage *self)
{
  if (!self->dragging)
    return;
  self->dragging = FALSE;
  self->span_touched = TRUE;
  start_grid (self);
}

/* ---- the widget ---------------------------------------------------------------------------------- */

static void
gs_landscape_page_map (GtkWidget *widget)
{
  GsLandscapePage *self = GS_LANDSCAPE_PAGE (widget);

  GTK_WIDGET_CLASS (gs_landscape_page_parent_class)->map (widget);
  sync_problem (self);
  sync_run_names (self);
  maybe_start (self);
  maybe_start_line (self);
}

static void
gs_landscape_page_unmap (GtkWidget *widget)
{
  GsLandscapePage *self = GS_LANDSCAPE_PAGE (widget);

  /* hidden: no grid is computed; it starts again when the page shows */
  if (self->job != NULL)
    {
      stop_job (self);
      self->grid_wanted = TRUE;
    }
  GTK_WIDGET_CLASS (gs_landscape_page_parent_class)->unmap (widget);
}

static void
gs_landscape_page_dispose (GObject *object)
{
  GsLandscapePage *self = GS_LANDSCAPE_PAGE (object);

  g_clear_handle_id (&self->seed_id, g_source_remove);
  g_clear_handle_id (&self->span_id, g_source_remove);
  g_clear_handle_id (&self->zoom_id, g_source_remove);
  g_clear_handle_id (&self->more_id, g_source_remove);
  g_clear_handle_id (&self->line_timeout_id, g_source_remove);
  if (self->tick_id && self->progress)
    gtk_widget_remove_tick_callback (self->progress, self->tick_id);
  self->tick_id = 0;
  g_clear_pointer (&self->job, gs_landscape_job_free);
  /* the plots go with the children, after what they draw from */
  if (self->plot)
    gs_plot_view_set_draw_func (GS_PLOT_VIEW (self->plot), NULL, NULL, NULL);
  if (self->line_plot)
    gs_plot_view_set_draw_func (GS_PLOT_VIEW (self->line_plot), NULL, NULL, NULL);
  cancel (&self->plane_cancel);
  cancel (&self->image_cancel);
  cancel (&self->line_cancel);
  g_clear_pointer (&self->plane, gs_plane_free);
  g_clear_pointer (&self->latest, gs_landscape_grid_free);
  g_clear_pointer (&self->shown, gs_landscape_grid_free);
  g_clear_pointer (&self->bands, cairo_surface_destroy);
  g_clear_pointer (&self->walks, g_ptr_array_unref);
  g_clear_pointer (&self->layers, gs_walk_layers_free);
  g_clear_pointer (&self->problem, gs_problem_unref);
  G_OBJECT_CLASS (gs_landscape_page_parent_class)->dispose (object);
}

static void
gs_landscape_page_finalize (GObject *object)
{
  GsLandscapePage *self = GS_LANDSCAPE_PAGE (object);

  g_free (self->message);
  g_free (self->plane_run);
  G_OBJECT_CLASS (gs_landscape_page_parent_class)->finalize (object);
}

static void
gs_landscape_page_class_init (GsLandscapePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gs_landscape_page_dispose;
  object_class->finalize = gs_landscape_page_finalize;
  widget_class->map = gs_landscape_page_map;
  widget_class->unmap = gs_landscape_page_unmap;
}

/* A dim caption and its field. */
static GtkWidget *
captioned (const char *caption, GtkWidget *field)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (caption);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), field);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), field);
  return box;
}

static void
gs_landscape_page_init (GsLandscapePage *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *bar2 = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *plots = gtk_grid_new ();
  GtkWidget *content;

  self->seed = 1;
  set_default_span (self);
  self->view[0] = self->view[2] = -1;
  self->view[1] = self->view[3] = 1;
  self->walks = g_ptr_array_new_with_free_func (walk_free);
  self->layers = gs_walk_layers_new ();
  self->line_step = G_MAXUINT64;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);

  {
    const char *items[G_N_ELEMENTS (direction_items)] = { NULL };

    for (guint i = 0; direction_items[i] != NULL; i++)
      items[i] = _(direction_items[i]);
    self->directions_dd = gtk_drop_down_new_from_strings (items);
  }
  gtk_widget_set_name (self->directions_dd, "landscape-directions");
  gtk_widget_set_tooltip_text (self->directions_dd,
                               _("The plane through parameter space: the contour map's two "
                                 "parameters, two random directions filter-normalized per "
                                 "neuron (Li et al. 2018), or the top two principal directions "
                                 "of the run's walk"));
  g_signal_connect (self->directions_dd, "notify::selected", G_CALLBACK (directions_changed), self);

  self->run_names = gtk_string_list_new (NULL);
  self->run_dd = gtk_drop_down_new (G_LIST_MODEL (self->run_names), NULL);
  gtk_widget_set_name (self->run_dd, "landscape-run");
  gtk_widget_set_tooltip_text (self->run_dd,
                               _("The run whose current point is the plane's centre, whose walk "
                                 "gives the principal directions, and whose line the lower plot "
                                 "follows"));
  g_signal_connect (self->run_dd, "notify::selected", G_CALLBACK (run_changed), self);

  self->recenter_button = gtk_button_new ();
  {
    GtkWidget *content_ = adw_button_content_new ();

    adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content_), "find-location-symbolic");
    adw_button_content_set_label (ADW_BUTTON_CONTENT (content_), _("Recenter"));
    gtk_button_set_child (GTK_BUTTON (self->recenter_button), content_);
  }
  gtk_widget_set_name (self->recenter_button, "landscape-recenter");
  gtk_widget_set_tooltip_text (self->recenter_button,
                               _("Move the plane's centre to the run's current point and "
                                 "compute the landscape again (principal directions: of its "
                                 "walk so far)"));
  g_signal_connect (self->recenter_button, "clicked", G_CALLBACK (recenter_clicked), self);

  gtk_box_append (GTK_BOX (bar), self->directions_dd);
  gtk_box_append (GTK_BOX (bar), self->run_dd);
  gtk_box_append (GTK_BOX (bar), self->recenter_button);

  self->seed_entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (self->seed_entry), "1");
  gtk_editable_set_width_chars (GTK_EDITABLE (self->seed_entry), 5);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self->seed_entry), 8);
  gtk_widget_set_name (self->seed_entry, "landscape-seed");
  gtk_widget_set_tooltip_text (self->seed_entry,
                               _("Seed of the random directions: a whole number ≥ 0"));
  g_signal_connect (self->seed_entry, "changed", G_CALLBACK (seed_changed), self);
  g_signal_connect_swapped (self->seed_entry, "activate", G_CALLBACK (apply_seed), self);
  self->seed_box = captioned (_("Seed"), self->seed_entry);

  self->span_entry = gtk_entry_new ();
  gtk_editable_set_width_chars (GTK_EDITABLE (self->span_entry), 6);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self->span_entry), 8);
  gtk_widget_set_name (self->span_entry, "landscape-span");
  gtk_widget_set_tooltip_text (self->span_entry,
                               _("Half-width of the window in units of the directions, a number "
                                 "> 0 (random: 1 moves every neuron's weights by their own "
                                 "norm). Scroll on the plot to zoom, drag to pan"));
  g_signal_connect (self->span_entry, "changed", G_CALLBACK (span_changed), self);
  g_signal_connect_swapped (self->span_entry, "activate", G_CALLBACK (apply_span), self);

  self->info_label = gtk_label_new ("");
  gtk_widget_set_name (self->info_label, "landscape-explained");
  gtk_widget_add_css_class (self->info_label, "numeric");
  gtk_widget_set_hexpand (self->info_label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->info_label), 1);
  gtk_label_set_ellipsize (GTK_LABEL (self->info_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text (self->info_label,
                               _("Principal directions: the fraction of the walk's squared "
                                 "distance from its end along each"));

  gtk_box_append (GTK_BOX (bar2), self->seed_box);
  /* TRANSLATORS: the window's half-width, ± around the centre */
  gtk_box_append (GTK_BOX (bar2), captioned (_("Span ±"), self->span_entry));
  gtk_box_append (GTK_BOX (bar2), self->info_label);

  self->progress = gtk_progress_bar_new ();
  gtk_widget_set_name (self->progress, "landscape-progress");
  gtk_widget_set_tooltip_text (self->progress, _("The landscape's grid: nodes computed so far, "
                                                 "coarse levels first"));
  gtk_widget_set_opacity (self->progress, 0);

  self->plot = gs_plot_view_new ();
  gtk_widget_set_name (self->plot, "landscape-plot");
  gtk_widget_set_tooltip_text (self->plot,
                               _("The loss over the plane, with every run's walk projected onto "
                                 "it. Drag to pan, scroll to zoom"));
  gtk_widget_set_size_request (self->plot, 300, 220);
  gs_plot_view_set_draw_func (GS_PLOT_VIEW (self->plot), draw_plot, self, NULL);
  {
    GtkEventController *m = gtk_event_controller_motion_new ();
    GtkEventController *sc = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
    GtkGesture *drag = gtk_gesture_drag_new ();

    g_signal_connect (m, "motion", G_CALLBACK (motion), self);
    g_signal_connect (m, "leave", G_CALLBACK (leave), self);
    g_signal_connect (sc, "scroll", G_CALLBACK (scroll), self);
    g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin), self);
    g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update), self);
    g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end), self);
    gtk_widget_add_controller (self->plot, m);
    gtk_widget_add_controller (self->plot, sc);
    gtk_widget_add_controller (self->plot, GTK_EVENT_CONTROLLER (drag));
  }

  self->line_plot = gs_plot_view_new ();
  gtk_widget_set_name (self->line_plot, "landscape-line");
  gtk_widget_set_tooltip_text (self->line_plot,
                               _("The loss along the straight line from the run's start (t = 0) "
                                 "through its current point (t = 1), and past both"));
  gtk_widget_set_size_request (self->line_plot, 300, 110);
  gs_plot_view_set_draw_func (GS_PLOT_VIEW (self->line_plot), draw_line, self, NULL);

  /* the landscape two thirds of the height, the line one third */
  gtk_grid_set_row_homogeneous (GTK_GRID (plots), TRUE);
  gtk_grid_attach (GTK_GRID (plots), self->plot, 0, 0, 1, 2);
  gtk_grid_attach (GTK_GRID (plots), self->line_plot, 0, 2, 1, 1);
  gtk_widget_set_vexpand (plots, TRUE);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_margin_start (content, 8);
  gtk_widget_set_margin_end (content, 8);
  gtk_widget_set_margin_top (content, 6);
  gtk_box_append (GTK_BOX (content), bar);
  gtk_box_append (GTK_BOX (content), bar2);
  gtk_box_append (GTK_BOX (self), content);
  gtk_widget_set_margin_top (self->progress, 4);
  gtk_box_append (GTK_BOX (self), self->progress);
  gtk_box_append (GTK_BOX (self), plots);
  update_controls (self);
  show_span (self);
}

/* ---- API --------------------------------------------------------------------------------------- */

GtkWidget *
gs_landscape_page_new (GsWindow *window)
{
  GsLandscapePage *self = g_object_new (GS_TYPE_LANDSCAPE_PAGE, NULL);

  self->window = window;
  return GTK_WIDGET (self);
}

void
gs_landscape_page_refresh (GtkWidget *page)
{
  GsLandscapePage *self = GS_LANDSCAPE_PAGE (page);

  /* hidden: nothing to draw or compute; map catches up */
  if (!shown_now (self))
    return;
  sync_problem (self);
  sync_run_names (self);
  maybe_start (self);
  maybe_start_line (self);
  gtk_widget_queue_draw (self->plot);
}

void
gs_landscape_page_reset (GtkWidget *page)
{
  GsLandscapePage *self = GS_LANDSCAPE_PAGE (page);
  const GsExperiment *exp = self->window->experiment;

  if (exp == NULL)
    return;
  if (exp->problem != self->problem)
    {
      sync_problem (self);
      sync_run_names (self);
      maybe_start (self);
      return;
    }
  /* the same problem (the contour map was refitted or took other axes):
   * a plane of the map's two parameters follows its axes */
  if (self->plane != NULL && self->plane->kind == GS_DIRECTIONS_AXES
      && self->plane->n_params > 2
      && (self->plane->axis[0] != self->window->axis_x
          || self->plane->axis[1] != self->window->axis_y))
    want_plane (self, FALSE);
}

guint
gs_landscape_page_get_levels_done (GtkWidget *page)
{
  GsLandscapePage *self = GS_LANDSCAPE_PAGE (page);

  if (self->shown == NULL || self->n_levels == 0 || self->shown_job != self->job_serial)
    return 0;
  return self->shown_level + 1;
}

guint
gs_landscape_page_get_n_levels (GtkWidget *page)
{
  return GS_LANDSCAPE_PAGE (page)->n_levels;
}

gboolean
gs_landscape_page_is_busy (GtkWidget *page)
{
  GsLandscapePage *self = GS_LANDSCAPE_PAGE (page);

  return self->job != NULL || self->plane_cancel != NULL || self->image_busy || self->line_busy;
}

guint
gs_landscape_page_get_n_lines (GtkWidget *page)
{
  return GS_LANDSCAPE_PAGE (page)->n_lines;
}
