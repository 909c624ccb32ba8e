/* gs-window-views.c — the views and the results table of GsWindow */
#include "gs-window-private.h"
#include "gs-landscape-page.h"
#include "gs-surface-page.h"
#include "gs-plot-study.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

static const char *result_titles[] = {
  N_("Run"), N_("Status"), N_("Steps"), N_("Loss"), N_("Best loss"), "‖g‖",
  N_("Steps to threshold"),
  /* TRANSLATORS: short for “Validation loss”, a column title */
  N_("Val. loss"), N_("Accuracy"),
  /* TRANSLATORS: short for “Validation accuracy”, a column title */
  N_("Val. acc."),
};

/* the columns of the metrics a problem may not have */
#define FIRST_METRIC 7

static const char *result_tips[] = {
  N_("The run's name and colour"),
  N_("running, converged (a stop rule held), max steps, or diverged at step k"),
  N_("Updates done so far"),
  N_("Current value of the objective (loss + regularization)"),
  N_("Lowest objective seen so far"),
  N_("Norm of the gradient at the current point"),
  N_("First step whose loss fell below the “Stop below loss” threshold"),
  N_("Objective on the held-out validation rows (the data's “Validation” fraction)"),
  N_("Share of the training rows the network classifies right"),
  N_("Share of the held-out validation rows classified right"),
};

/* The metrics of a run's newest row that has them (rows where the full
 * loss was evaluated): val_loss, accuracy, val_accuracy, NAN where none. */
static void
latest_metrics (const GsWindow *self, const GsRunView *rv, double out[3])
{
  const double *rows = (const double *) rv->rows->data;
  guint n = rv->rows->len / self->row_width;

  out[0] = out[1] = out[2] = NAN;
  for (guint k = n; k-- > 0 && k + 64 >= n; )
    {
      const GsRow *row = (const GsRow *) (rows + (gsize) k * self->row_width);

      if (isfinite (row->loss))
        {
          out[0] = row->val_loss;
          out[1] = row->accuracy;
          out[2] = row->val_accuracy;
          return;
        }
    }
}

static char *
fmt_percent (double v)
{
  if (isnan (v))
    return g_strdup ("—");
  return g_strdup_printf ("%.1f %%", 100.0 * v);
}

static char *
fmt (double v)
{
  if (isnan (v))
    return g_strdup ("—");
  return g_strdup_printf ("%.4g", v);
}

static void
update_results (GsWindow *self)
{
  GtkGrid *grid = GTK_GRID (self->results_grid);
  guint n = self->run_views->len;
  guint columns = G_N_ELEMENTS (result_titles);

  /* one row per run below the titles; rebuilt when the run count changes */
  if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (grid), "rows")) != n)
    {
      GtkWidget *child;

      while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
        gtk_grid_remove (grid, child);
      for (guint c = 0; c < columns; c++)
        {
          GtkWidget *title = gtk_label_new (gs_tr (result_titles[c]));
          gtk_widget_add_css_class (title, "heading");
          gtk_widget_add_css_class (title, "dim-label");
          gtk_label_set_xalign (GTK_LABEL (title), c == 0 ? 0 : 1);
          gtk_widget_set_tooltip_text (title, _(result_tips[c]));
          gtk_grid_attach (grid, title, c, 0, 1, 1);
        }
      for (guint r = 0; r < n; r++)
        for (guint c = 0; c < columns; c++)
          {
            GtkWidget *label = gtk_label_new ("");
            gtk_label_set_xalign (GTK_LABEL (label), c == 0 ? 0 : 1);
            if (c >= 2)
              gtk_widget_add_css_class (label, "numeric");
            gtk_label_set_ellipsize (GTK_LABEL (label), c == 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
            /* a name stays readable; more columns scroll sideways */
            if (c == 0)
              gtk_label_set_width_chars (GTK_LABEL (label), 12);
            gtk_grid_attach (grid, label, c, r + 1, 1, 1);
          }
      g_object_set_data (G_OBJECT (grid), "rows", GUINT_TO_POINTER (n));
    }

  /* the metric columns show where any run has them */
  {
    gboolean shown[3] = { FALSE, FALSE, FALSE };

    for (guint r = 0; r < n; r++)
      {
        double m[3];

        latest_metrics (self, &g_array_index (self->run_views, GsRunView, r), m);
        for (guint c = 0; c < 3; c++)
          shown[c] |= !isnan (m[c]);
      }
    for (guint c = 0; c < 3; c++)
      for (guint r = 0; r <= n; r++)
        gtk_widget_set_visible (gtk_grid_get_child_at (grid, FIRST_METRIC + c, r), shown[c]);
  }

  for (guint r = 0; r < n; r++)
    {
      GsRunView *view = &g_array_index (self->run_views, GsRunView, r);
      GsRunSnapshot *s = &view->snapshot;
      double m[3];
      g_autofree char *val_loss = NULL;
      g_autofree char *acc = NULL;
      g_autofree char *val_acc = NULL;
      g_autofree char *color = g_strdup_printf ("#%02x%02x%02x",
                                                (int) lround (view->color.red * 255),
                                                (int) lround (view->color.green * 255),
                                                (int) lround (view->color.blue * 255));
      g_autofree char *label = g_markup_printf_escaped ("<span foreground=\"%s\">●</span> %s",
                                                        color, view->label);
      g_autofree char *status = NULL;
      g_autofree char *steps = g_strdup_printf ("%" G_GUINT64_FORMAT, s->step);
      g_autofree char *loss = fmt (s->loss);
      g_autofree char *best = fmt (isfinite (s->best_loss) ? s->best_loss : NAN);
      g_autofree char *gnorm = fmt (s->grad_norm);
      g_autofree char *reach = s->steps_to_threshold == G_MAXUINT64
        ? g_strdup ("—") : g_strdup_printf ("%" G_GUINT64_FORMAT, s->steps_to_threshold);
      const char *values[G_N_ELEMENTS (result_titles)];

      latest_metrics (self, view, m);
      val_loss = fmt (m[0]);
      acc = fmt_percent (m[1]);
      val_acc = fmt_percent (m[2]);
      values[2] = steps;
      values[3] = loss;
      values[4] = best;
      values[5] = gnorm;
      values[6] = reach;
      values[7] = val_loss;
      values[8] = acc;
      values[9] = val_acc;

      /* the status in words of the user's language (not the engine's
       * "max_steps" of files and the CLI's output) */
      if (s->status == GS_STATUS_DIVERGED)
        {
          /* TRANSLATORS: a run's status in the results table */
          g_autofree char *text = g_strdup_printf (_("diverged at step %llu"),
                                                   (unsigned long long) s->step);

          status = g_markup_printf_escaped ("<span foreground=\"#e01b24\">%s</span>", text);
        }
      else if (s->status == GS_STATUS_MAX_STEPS)
        /* TRANSLATORS: a run's status: it stopped at the step budget (Max steps) */
        status = g_markup_escape_text (C_("run status", "max steps"), -1);
      else if (s->status == GS_STATUS_CONVERGED)
        status = g_markup_escape_text (C_("run status", "converged"), -1);
      else
        status = g_markup_escape_text (C_("run status", "running"), -1);

      gtk_label_set_markup (GTK_LABEL (gtk_grid_get_child_at (GTK_GRID (self->results_grid), 0, r + 1)),
                            label);
      gtk_label_set_markup (GTK_LABEL (gtk_grid_get_child_at (GTK_GRID (self->results_grid), 1, r + 1)),
                            status);
      for (guint c = 2; c < columns; c++)
        gtk_label_set_text (GTK_LABEL (gtk_grid_get_child_at (GTK_GRID (self->results_grid), c, r + 1)),
                            values[c]);
    }
}

/* ---- colours ----------------------------------------------------------------- */

/* ---- the contour grid, computed off the main thread --------------------------- */

/* The first run's current θ (n_params values; zeros before it has any):
 * from its newest row, as the snapshot holds only the first 64. */
void
gs_window_first_run_theta (const GsWindow *self, double *theta, guint n_params)
{
  const GsRunView *rv;
  guint n_rows;

  memset (theta, 0, sizeof (double) * n_params);
  if (self->run_views->len == 0)
    return;
  rv = &g_array_index (self->run_views, GsRunView, 0);
  n_rows = rv->rows->len / self->row_width;
  if (n_rows > 0 && self->row_width == GS_ROW_FIELDS + n_params)
    memcpy (theta, (const double *) rv->rows->data + (gsize) (n_rows - 1) * self->row_width
                   + GS_ROW_FIELDS, sizeof (double) * n_params);
  else
    memcpy (theta, rv->snapshot.theta,
            sizeof (double) * MIN (n_params, G_N_ELEMENTS (rv->snapshot.theta)));
}

typedef struct
{
  GsWindow  *window;      /* weak: checked through the cancellable */
  GsSlice    slice;
  double    *theta;
  double     win[4];
  guint      n;
  gint64     cost;        /* µs the grid took */
  GsGrid    *grid;
  GsLevels   levels;
  GsContourLines *lines;
  int        image_w, image_h;   /* the landscape image, drawn by the job too */
  gboolean   dark;
  cairo_surface_t *image;
} GridJob;

static void
grid_job_free (gpointer data)
{
  GridJob *job = data;

  gs_problem_unref (job->slice.problem);
  g_free (job->theta);
  g_clear_pointer (&job->grid, gs_grid_free);
  g_clear_pointer (&job->lines, gs_contour_lines_free);
  g_clear_pointer (&job->image, cairo_surface_destroy);
  g_free (job);
}

static void
grid_job_run (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GridJob *job = data;
  gint64 t0 = g_get_monotonic_time ();

  job->grid = gs_grid_compute (&job->slice, job->n, job->win[0], job->win[1],
                               job->win[2], job->win[3], cancellable);
  if (job->grid == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  gs_levels_choose (job->grid, 14, &job->levels);
  job->lines = gs_contour_lines_new (job->grid, &job->levels);
  if (job->image_w > 0 && job->image_h > 0 && !g_cancellable_is_cancelled (cancellable))
    {
      /* tens of milliseconds at a large size: not on the main thread */
      GsPlotStyle style = { .dark = job->dark, .scale = 1 };
      job->image = gs_plot_contour_landscape_image (job->grid, &job->levels, job->lines,
                                                    job->image_w, job->image_h, &style);
    }
  job->cost = g_get_monotonic_time () - t0;
  g_task_return_boolean (task, TRUE);
}

static void start_grid_job (GsWindow *self, guint n);
static void reset_field (GsWindow *self);

static void
grid_job_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = G_TASK (result);
  GridJob *job = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GsWindow *self = job->window;

  /* a result of a cancelled job is dropped: the window may be gone */
  if (g_cancellable_is_cancelled (cancellable) || !g_task_propagate_boolean (task, NULL))
    return;
  if (self->grid_cancel != cancellable)
    return;
  if (job->n >= 160)
    {
      self->grid_busy = FALSE;
      self->grid_cost = job->cost;
    }

  g_clear_pointer (&self->grid, gs_grid_free);
  g_clear_pointer (&self->lines, gs_contour_lines_free);
  self->grid = g_steal_pointer (&job->grid);
  self->lines = g_steal_pointer (&job->lines);
  self->levels = job->levels;
  g_clear_pointer (&self->bands, cairo_surface_destroy);
  self->bands = g_steal_pointer (&job->image);
  self->bands_w = job->image_w;
  self->bands_h = job->image_h;
  self->bands_dark = job->dark;
  gtk_widget_queue_draw (self->contour_view);

  /* coarse first, then fine */
  if (job->n < 160)
    start_grid_job (self, 160);
}

static void
start_grid_job (GsWindow *self, guint n)
{
  g_autoptr(GTask) task = NULL;
  GridJob *job;
  guint n_params;

  if (self->experiment == NULL)
    return;
  if (n < 160 || self->grid_cancel == NULL)
    {
      /* a new window or problem: drop what is on its way */
      if (self->grid_cancel)
        g_cancellable_cancel (self->grid_cancel);
      g_clear_object (&self->grid_cancel);
      self->grid_cancel = g_cancellable_new ();
      self->grid_busy = FALSE;
    }
  if (n >= 160)
    {
      self->grid_busy = TRUE;
      self->grid_time = g_get_monotonic_time ();
    }

  n_params = gs_problem_get_n_params (self->experiment->problem);
  job = g_new0 (GridJob, 1);
  job->window = self;
  job->slice.problem = gs_problem_ref (self->experiment->problem);
  job->slice.reg = self->experiment->reg;
  job->slice.axis_x = self->axis_x;
  job->slice.axis_y = self->axis_y;
  job->theta = g_new0 (double, n_params);
  gs_window_first_run_theta (self, job->theta, n_params);
  job->slice.theta = job->theta;
  memcpy (job->win, self->window, sizeof job->win);
  job->n = n;
  job->image_w = (int) ceil (self->contour_area.width);
  job->image_h = (int) ceil (self->contour_area.height);
  job->dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

  task = g_task_new (NULL, self->grid_cancel, grid_job_done, NULL);
  g_task_set_task_data (task, job, grid_job_free);
  g_task_run_in_thread (task, grid_job_run);
}

void
gs_window_views_reset_window (GsWindow *self)
{
  const GsExperiment *exp = self->experiment;

  if (exp->kind == GS_PROBLEM_FUNCTION)
    {
      const GsFunctionInfo *f = gs_problem_get_function (exp->problem);
      memcpy (self->window, exp->has_view ? exp->view : f->view, sizeof self->window);
    }
  else
    {
      /* models: θ0, θ1 around the start, wide enough for usual weights,
       * until the walks have shown where they go */
      self->window[0] = -4;
      self->window[1] = 4;
      self->window[2] = -4;
      self->window[3] = 4;
    }
  self->fit_pending = exp->kind != GS_PROBLEM_FUNCTION;
  self->view_touched = FALSE;
  reset_field (self);
  if (self->landscape_page)
    gs_landscape_page_reset (self->landscape_page);
  start_grid_job (self, 40);
}

/* The walks on the contour's axes (visible runs with rows) into walks, and
 * their runs' indices into runs (when not NULL); copies of columns that are
 * not neighbours go to copies. Returns how many. */
static guint
collect_walks (GsWindow *self, GsTrajectory *walks, guint *runs, GPtrArray *copies)
{
  guint n = 0;

  for (guint i = 0; i < self->run_views->len; i++)
    {
      GsRunView *rv = &g_array_index (self->run_views, GsRunView, i);
      GsTrajectory t = { 0 };

      if (!rv->visible || rv->rows->len == 0)
        continue;
      t.n = rv->rows->len / self->row_width;
      if (self->axis_y == self->axis_x + 1)
        {
          t.xy = (const double *) rv->rows->data + GS_ROW_FIELDS + self->axis_x;
          t.stride = self->row_width;
        }
      else
        {
          /* two parameters that are not neighbours: pairs of them */
          const double *rows = (const double *) rv->rows->data;
          double *xy = g_new (double, 2 * (gsize) t.n);

          for (guint k = 0; k < t.n; k++)
            {
              xy[2 * k] = rows[k * self->row_width + GS_ROW_FIELDS + self->axis_x];
              xy[2 * k + 1] = rows[k * self->row_width + GS_ROW_FIELDS + self->axis_y];
            }
          g_ptr_array_add (copies, xy);
          t.xy = xy;
          t.stride = 2;
        }
      t.color = gs_rgb_of_rgba (&rv->color);
      t.diverged = rv->snapshot.status == GS_STATUS_DIVERGED;
      if (runs)
        runs[n] = i;
      walks[n++] = t;
    }
  return n;
}

/* The window around every walk as it is now (a 2-D function: its own
 * window); the default window while no run has rows. */
void
gs_window_views_fit (GsWindow *self)
{
  g_autofree GsTrajectory *walks = g_new0 (GsTrajectory, MAX (self->run_views->len, 1));
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (g_free);
  guint n;

  gs_window_views_reset_window (self);
  if (self->experiment->kind == GS_PROBLEM_FUNCTION)
    return;
  n = collect_walks (self, walks, NULL, copies);
  if (n == 0)
    return;
  gs_plot_fit_window (walks, n, NULL, 0, self->window);
  self->fit_pending = FALSE;
  start_grid_job (self, 40);
}

/* Models: once every shown walk has a few hundred rows (or stopped), the
 * window fits them, unless the user has zoomed or panned meanwhile. */
static void
maybe_fit (GsWindow *self)
{
  gboolean ready = TRUE, any = FALSE;

  if (!self->fit_pending || self->view_touched)
    return;
  for (guint i = 0; i < self->run_views->len && ready; i++)
    {
      GsRunView *rv = &g_array_index (self->run_views, GsRunView, i);

      if (!rv->visible)
        continue;
      any = TRUE;
      ready = rv->rows->len / self->row_width >= 300 || rv->snapshot.status != GS_STATUS_RUNNING;
    }
  if (any && ready)
    gs_window_views_fit (self);
}

void
gs_window_views_dispose (GsWindow *self)
{
  if (self->grid_cancel)
    g_cancellable_cancel (self->grid_cancel);
  g_clear_object (&self->grid_cancel);
  g_clear_pointer (&self->grid, gs_grid_free);
  g_clear_pointer (&self->lines, gs_contour_lines_free);
  g_clear_pointer (&self->bands, cairo_surface_destroy);
  g_clear_pointer (&self->walk_caches, g_ptr_array_unref);
  reset_field (self);
  g_clear_handle_id (&self->zoom_id, g_source_remove);
  g_clear_pointer (&self->walk_layers, gs_walk_layers_free);
  g_clear_pointer (&self->boundary_runs_key, g_free);
}

/* ---- drawing ---------------------------------------------------------------------- */

/* rows of a walk drawn while the view pans or zooms */
#define GESTURE_ROWS 8192

/* ---- what the views keep of a run between frames ------------------------------ */

/* Rows a loss curve keeps: a view a few hundred pixels wide needs no more. */
#define LOSS_SUMMARY_ROWS 4096

/* A run as the views keep it: the contour view's decimated walk, and the
 * loss view's own min–max summary of the rows (so a frame reads a few
 * thousand rows per run, not the trace's 65 536), and what the rows they
 * were made of were. */
typedef struct
{
  GsWalkCache *cache;
  guint        key;          /* engine, axes, trace epoch: a change starts over */
  guint        generation;   /* given to the cache; bumped to start over */
  guint        trace_generation;
  double       last_step;    /* step of the last row the walk cache took */
  GsTrace     *loss;         /* the stable rows' step, loss, … (no θ) */
  double       loss_step;    /* step of the last row it took */
  GArray      *loss_rows;    /* a frame's copy: summary, then the open tail */
} RunCache;

static void
run_cache_free (gpointer data)
{
  RunCache *ws = data;

  gs_walk_cache_free (ws->cache);
  gs_trace_free (ws->loss);
  g_array_unref (ws->loss_rows);
  g_free (ws);
}

/* The first of rv's n rows with a step after `step` (rows come in step order). */
static guint
first_row_after (const GsWindow *self, const GsRunView *rv, double step)
{
  const double *rows = (const double *) rv->rows->data;
  gsize width = self->row_width;
  guint lo = 0, hi = rv->rows->len / width;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (((const GsRow *) (rows + mid * width))->step <= step)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Brings run i's walk state up to the rows of rv (n rows, steps at
 * rows[k · width]) and returns its cache. A trace decimation keeps the path
 * drawn so far and goes on after the last step drawn; a reset, a reload or
 * other axes start over. */
static RunCache *
run_cache_for (GsWindow *self, guint i, const GsRunView *rv)
{
  guint key = GS_TRACE_EPOCH (rv->trace_generation);
  RunCache *ws;

  key = key * 0x9E3779B1u + self->engine_generation;
  key = key * 0x9E3779B1u + self->axis_x;
  key = key * 0x9E3779B1u + self->axis_y;
  key = key * 0x9E3779B1u + self->walk_serial;
  while (self->walk_caches->len <= i)
    {
      ws = g_new0 (RunCache, 1);
      ws->cache = gs_walk_cache_new ();
      ws->loss = gs_trace_new (0, LOSS_SUMMARY_ROWS);
      ws->loss_rows = g_array_new (FALSE, FALSE, sizeof (double));
      ws->key = key + 1;
      g_ptr_array_add (self->walk_caches, ws);
    }
  ws = g_ptr_array_index (self->walk_caches, i);
  if (ws->key != key)
    {
      ws->key = key;
      ws->generation++;
      ws->trace_generation = rv->trace_generation;
      ws->last_step = -1;
      gs_trace_clear (ws->loss);
      ws->loss_step = -1;
    }
  else if (ws->trace_generation != rv->trace_generation)
    {
      /* thinned out: go on after the last step drawn */
      gs_walk_cache_rebase (ws->cache, first_row_after (self, rv, ws->last_step));
      ws->trace_generation = rv->trace_generation;
    }
  return ws;
}

/* Run i's rows for the loss view: its summary brought up to the stable
 * rows, then the open tail as it is now; row width GS_ROW_FIELDS. */
static const double *
loss_rows (GsWindow *self, guint i, const GsRunView *rv, guint *n)
{
  RunCache *ws = run_cache_for (self, i, rv);
  const double *rows = (const double *) rv->rows->data;
  guint n_rows = rv->rows->len / self->row_width;
  guint stable = MIN (rv->stable, n_rows);
  guint k = first_row_after (self, rv, ws->loss_step);
  guint n_summary;

  for (; k < stable; k++)
    {
      const GsRow *row = (const GsRow *) (rows + (gsize) k * self->row_width);
      gs_trace_append (ws->loss, row);
      ws->loss_step = row->step;
    }
  n_summary = gs_trace_get_n_rows (ws->loss, NULL);
  g_array_set_size (ws->loss_rows, (gsize) n_summary * GS_ROW_FIELDS);
  gs_trace_copy_rows (ws->loss, 0, n_summary, (double *) ws->loss_rows->data);
  for (k = first_row_after (self, rv, ws->loss_step); k < n_rows; k++)
    g_array_append_vals (ws->loss_rows, rows + (gsize) k * self->row_width, GS_ROW_FIELDS);
  *n = ws->loss_rows->len / GS_ROW_FIELDS;
  return (const double *) ws->loss_rows->data;
}

static void
draw_contour (cairo_t *cr, int width, int height, gboolean dark, gpointer user_data)
{
  GsWindow *self = user_data;
  const GsExperiment *exp = self->experiment;
  g_autoptr(GArray) trajs = g_array_new (FALSE, TRUE, sizeof (GsTrajectory));
  double minima[2 * GS_FUNCTION_MAX_MINIMA];
  guint n_minima = 0;
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (g_free);
  g_autofree GsTrajectory *walks = g_new0 (GsTrajectory, MAX (self->run_views->len, 1));
  g_autofree guint *runs = g_new0 (guint, MAX (self->run_views->len, 1));
  guint n_walks;
  g_autofree char *x_title = NULL;
  g_autofree char *y_title = NULL;
  GsContourView view = { 0 };
  GsRect area;
  gboolean moving;

  if (exp == NULL)
    return;
  moving = self->dragging || g_get_monotonic_time () < self->zoom_until;
  x_title = gs_problem_param_name (exp->problem, self->axis_x);
  y_title = gs_problem_param_name (exp->problem, self->axis_y);

  view.style.dark = dark;
  view.style.scale = 1;
  memcpy (&view.x_min, self->window, sizeof self->window);
  view.x_title = x_title;
  view.y_title = y_title;
  view.value_title = exp->kind == GS_PROBLEM_FUNCTION ? "f(x, y)" : C_("axis title", "loss");
  view.grid = self->grid;
  view.levels = self->grid ? &self->levels : NULL;
  /* the iso-lines are drawn into the cached band image */
  view.lines = NULL;
  view.layers = moving ? NULL : self->walk_layers;

  if (exp->kind == GS_PROBLEM_FUNCTION)
    {
      const GsFunctionInfo *f = gs_problem_get_function (exp->problem);
      for (guint i = 0; i < f->n_minima; i++)
        {
          minima[2 * i] = f->minima[i][0];
          minima[2 * i + 1] = f->minima[i][1];
        }
      n_minima = f->n_minima;
    }
  view.minima = minima;
  view.n_minima = n_minima;

  n_walks = collect_walks (self, walks, runs, copies);
  for (guint j = 0; j < n_walks; j++)
    {
      guint i = runs[j];
      GsRunView *rv = &g_array_index (self->run_views, GsRunView, i);
      GsTrajectory t = walks[j];

      if (moving && t.n > GESTURE_ROWS)
        {
          /* Panning or zooming: every frame has a new scale, so no cache
           * holds; a sample of the rows (the newest last) keeps it smooth.
           * The first rows, where walks make their big moves, go in whole;
           * later ones in pairs, r and r + 1, so a walk that zigzags at
           * every step still shows its zigzag rather than one side of it. */
          guint head = GESTURE_ROWS / 2;
          guint k = 2 * ((t.n - head + head - 1) / head);
          gsize stride = t.stride ? t.stride : 2;
          const double *last = t.xy + (gsize) (t.n - 1) * stride;
          double *xy = g_new (double, 2 * (head + 2 * ((gsize) t.n / k + 2)));
          guint m = 0;

          for (guint r = 0; r < head; r++)
            memcpy (xy + 2 * m++, t.xy + (gsize) r * stride, 2 * sizeof (double));
          for (guint r = head; r + 1 < t.n; r += k)
            {
              memcpy (xy + 2 * m++, t.xy + (gsize) r * stride, 2 * sizeof (double));
              memcpy (xy + 2 * m++, t.xy + (gsize) (r + 1) * stride, 2 * sizeof (double));
            }
          memcpy (xy + 2 * m++, last, 2 * sizeof (double));
          g_ptr_array_add (copies, xy);
          t.xy = xy;
          t.stride = 2;
          t.n = m;
        }
      else
        {
          /* each walk keeps its decimated path between frames; it starts
           * over when the rows it was made of mean something else */
          RunCache *ws = run_cache_for (self, i, rv);
          const double *rows = (const double *) rv->rows->data;

          t.cache = ws->cache;
          t.generation = ws->generation;
          ws->last_step = ((const GsRow *) (rows + (gsize) (t.n - 1) * self->row_width))->step;
        }
      g_array_append_val (trajs, t);
      if (!view.has_start)
        {
          view.has_start = TRUE;
          view.start[0] = t.xy[0];
          view.start[1] = t.xy[1];
        }
    }
  view.trajectories = (const GsTrajectory *) trajs->data;
  view.n_trajectories = trajs->len;

  gs_plot_contour_get_area (cr, width, height, &view, &area);
  self->contour_area = area;
  if (self->grid != NULL)
    {
      int bw = (int) ceil (area.width), bh = (int) ceil (area.height);

      /* The landscape image is cached at the plot area's size. At another
       * size (the window is being resized) or style the last one is
       * stretched while a grid job draws the new one off the main thread. */
      if (self->bands != NULL && (self->bands_w != bw || self->bands_h != bh
                                  || self->bands_dark != dark))
        {
          if (!self->grid_busy)
            start_grid_job (self, 160);
        }
      else if (self->bands == NULL)
        {
          g_clear_pointer (&self->bands, cairo_surface_destroy);
          if (bw > 0 && bh > 0)
            self->bands = gs_plot_contour_landscape_image (self->grid, &self->levels, self->lines,
                                                           bw, bh, &view.style);
          self->bands_w = bw;
          self->bands_h = bh;
          self->bands_dark = dark;
        }
      view.bands = self->bands;
    }
  gs_plot_contour_render (cr, width, height, &view);
  gs_teach_draw_overlay (self, cr, &self->contour_area, dark);

  if (self->hovering && !self->dragging)
    {
      /* read-out of the point under the pointer */
      guint n_params = gs_problem_get_n_params (exp->problem);
      g_autofree double *p = g_new0 (double, n_params);
      g_autofree double *scratch = g_new (double, n_params);
      g_autofree double *work = g_new (double, gs_problem_get_work_size (exp->problem));
      GsSlice slice = { exp->problem, exp->reg, self->axis_x, self->axis_y, NULL };
      g_autofree char *text = NULL;
      double f;

      gs_window_first_run_theta (self, p, n_params);
      slice.theta = p;
      /* an evaluation per pointer move: only where it is cheap */
      if ((gsize) n_params * gs_problem_get_n_samples (exp->problem) <= 1000000)
        {
          f = gs_slice_eval (&slice, self->hover_x, self->hover_y, scratch, work);
          text = g_strdup_printf ("%s = %.4g   %s = %.4g   %s = %.5g", view.x_title, self->hover_x,
                                  view.y_title, self->hover_y, view.value_title, f);
        }
      else
        text = g_strdup_printf ("%s = %.4g   %s = %.4g", view.x_title, self->hover_x,
                                view.y_title, self->hover_y);
      gs_plot_view_draw_readout (cr, area.x + 6, area.y + 6, text, dark);
    }
}

/* Every run's loss (accuracy FALSE) or accuracy in percent against step,
 * the validation rows' dashed, and at the pointer each run's value. */
static void
draw_curves (GsWindow *self, cairo_t *cr, int width, int height, gboolean dark,
             gboolean accuracy)
{
  GsCurveHover *hover = accuracy ? &self->accuracy_hover : &self->loss_hover;
  g_autoptr(GArray) series = g_array_new (FALSE, TRUE, sizeof (GsLossSeries));
  GsLossView view = { 0 };

  for (guint i = 0; i < self->run_views->len; i++)
    {
      GsRunView *rv = &g_array_index (self->run_views, GsRunView, i);
      const double *rows;
      GsLossSeries s = { 0 };

      if (!rv->visible || rv->rows->len == 0)
        continue;
      rows = loss_rows (self, i, rv, &s.n);
      s.step = rows + G_STRUCT_OFFSET (GsRow, step) / sizeof (double);
      s.loss = rows + (accuracy ? G_STRUCT_OFFSET (GsRow, accuracy)
                                           : G_STRUCT_OFFSET (GsRow, loss)) / sizeof (double);
      s.stride = GS_ROW_FIELDS;
      s.color = gs_rgb_of_rgba (&rv->color);
      s.label = rv->label;
      s.diverged = rv->snapshot.status == GS_STATUS_DIVERGED;
      g_array_append_val (series, s);
      /* held-out rows: the same run's validation loss, dashed */
      for (guint k = 0; k < s.n; k++)
        if (isfinite (((const GsRow *) (rows + (gsize) k * GS_ROW_FIELDS))->val_loss))
          {
            GsLossSeries v = s;

            v.loss = rows + (accuracy ? G_STRUCT_OFFSET (GsRow, val_accuracy)
                                                 : G_STRUCT_OFFSET (GsRow, val_loss)) / sizeof (double);
            v.label = NULL;
            v.dashed = TRUE;
            v.diverged = FALSE;
            g_array_append_val (series, v);
            break;
          }
    }
  view.style.dark = dark;
  view.dashed_label = C_("legend", "validation");
  view.style.scale = 1;
  view.series = (const GsLossSeries *) series->data;
  view.n_series = series->len;
  view.log_y = self->log_loss && !accuracy;
  view.percent = accuracy;
  view.x_title = C_("axis title", "step");
  view.y_title = accuracy ? C_("axis title", "accuracy")
               : self->log_loss ? C_("axis title", "loss (log scale)") : C_("axis title", "loss");
  gs_plot_loss_render (cr, width, height, &view);
  gs_plot_loss_get_area (cr, width, height, &view, &hover->area);

  hover->x_hi = 1;
  for (guint i = 0; i < series->len; i++)
    {
      const GsLossSeries *ls = &g_array_index (series, GsLossSeries, i);
      if (ls->n > 0)
        hover->x_hi = MAX (hover->x_hi, ls->step[(gsize) (ls->n - 1) * ls->stride]);
    }

  if (hover->hovering && series->len > 0)
    {
      GsRect *a = &hover->area;
      double step = floor ((hover->x - a->x) / a->width * hover->x_hi + 0.5);
      GString *text = g_string_new (NULL);
      double gx = a->x + step / hover->x_hi * a->width;

      /* a guide at the step, and every run's loss there */
      /* TRANSLATORS: the step under the pointer, in the loss view's read-out */
      g_string_append_printf (text, _("<b>step %.0f</b>"), step);
      for (guint i = 0; i < series->len; i++)
        {
          const GsLossSeries *ls = &g_array_index (series, GsLossSeries, i);
          double loss = NAN;
          g_autofree char *validation = g_strconcat ("  ", C_("legend", "validation"), NULL);
          g_autofree char *label = g_markup_escape_text (ls->label ? ls->label : validation, -1);

          /* the last evaluated row at or before the step */
          for (guint k = 0; k < ls->n; k++)
            {
              double st = ls->step[(gsize) k * ls->stride];
              double v = ls->loss[(gsize) k * ls->stride];
              if (st > step)
                break;
              if (!isnan (v))
                loss = v;
            }
          g_string_append_printf (text, "\n<span foreground=\"#%02x%02x%02x\">●</span> %s  %s",
                                  (int) lround (ls->color.r * 255), (int) lround (ls->color.g * 255),
                                  (int) lround (ls->color.b * 255), label, "");
          if (isnan (loss))
            g_string_append (text, "—");
          else if (accuracy)
            g_string_append_printf (text, "%.1f %%", 100 * loss);
          else
            g_string_append_printf (text, "%.5g", loss);
        }
      gs_plot_draw_readout (cr, a, gx, text->str, dark, TRUE);
      g_string_free (text, TRUE);
    }
}

static void
draw_loss (cairo_t *cr, int width, int height, gboolean dark, gpointer user_data)
{
  draw_curves (user_data, cr, width, height, dark, FALSE);
}

static void
draw_accuracy (cairo_t *cr, int width, int height, gboolean dark, gpointer user_data)
{
  draw_curves (user_data, cr, width, height, dark, TRUE);
}

static GsCurveHover *
curve_hover (GsWindow *self, GtkWidget *view)
{
  return view == self->accuracy_view ? &self->accuracy_hover : &self->loss_hover;
}

static void
curves_motion (GtkEventControllerMotion *controller, double px, double py, GsWindow *self)
{
  GtkWidget *view = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GsCurveHover *hover = curve_hover (self, view);
  GsRect *a = &hover->area;

  hover->hovering = px >= a->x && px <= a->x + a->width && py >= a->y && py <= a->y + a->height;
  hover->x = px;
  gtk_widget_queue_draw (view);
}

static void
curves_leave (GtkEventControllerMotion *controller, GsWindow *self)
{
  GtkWidget *view = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  curve_hover (self, view)->hovering = FALSE;
  gtk_widget_queue_draw (view);
}

static void
log_toggled (GtkSwitch *sw, GParamSpec *pspec, GsWindow *self)
{
  self->log_loss = gtk_switch_get_active (sw);
  g_settings_set_boolean (self->settings, "log-loss", self->log_loss);
  gtk_widget_queue_draw (self->loss_view);
}

/* ---- a network's decision boundary, computed off the main thread ---------- */

typedef struct
{
  GsWindow  *window;      /* weak: checked through the cancellable */
  GsProblem *problem;
  double    *theta;
  double     win[4];
  GsPlotStyle style;
  guint64    step;
  guint      run;
  gint64     cost;
  GsBoundaryField *field;
} FieldJob;

static void
field_job_free (gpointer data)
{
  FieldJob *job = data;

  gs_problem_unref (job->problem);
  g_free (job->theta);
  g_clear_pointer (&job->field, gs_boundary_field_free);
  g_free (job);
}

static void
field_job_run (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  FieldJob *job = data;
  gint64 t0 = g_get_monotonic_time ();

  job->field = gs_boundary_field_compute (job->problem, job->theta, job->win, 120, &job->style,
                                          cancellable);
  job->cost = g_get_monotonic_time () - t0;
  g_task_return_boolean (task, job->field != NULL);
}

static void
field_job_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = G_TASK (result);
  FieldJob *job = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GsWindow *self = job->window;

  if (g_cancellable_is_cancelled (cancellable) || !g_task_propagate_boolean (task, NULL))
    return;
  if (self->field_cancel != cancellable)
    return;
  self->field_busy = FALSE;
  self->field_cost = job->cost;
  self->field_step = job->step;
  self->field_run = job->run;
  self->field_dark = job->style.dark;
  g_clear_pointer (&self->field, gs_boundary_field_free);
  self->field = g_steal_pointer (&job->field);
  gtk_widget_queue_draw (self->data_view);
}

/* The window of the boundary view: the data, padded. */
static gboolean
boundary_window (GsWindow *self, GsBoundaryMode *mode, guint *n_classes, double win[4])
{
  GsProblem *problem = self->experiment->problem;

  if (!gs_plot_boundary_mode_for (problem, mode, n_classes))
    return FALSE;
  gs_plot_boundary_fit_window (*mode, *n_classes, gs_problem_get_data (problem),
                               gs_problem_get_validation (problem), win);
  return TRUE;
}

/* The first shown run's boundary, again when it moved on: at most every
 * 200 ms, and never busier than a fifth of the time. */
static void
maybe_start_field (GsWindow *self, gboolean force)
{
  g_autoptr(GTask) task = NULL;
  GsBoundaryMode mode;
  guint n_classes, n_params, n_rows;
  GsRunView *rv = NULL;
  guint run = 0;
  FieldJob *job;
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

  if (self->experiment == NULL || self->experiment->kind != GS_PROBLEM_MLP || self->field_busy)
    return;
  /* the chosen run; the first shown one while it has no rows */
  if (self->boundary_run < self->run_views->len
      && g_array_index (self->run_views, GsRunView, self->boundary_run).rows->len > 0)
    {
      rv = &g_array_index (self->run_views, GsRunView, self->boundary_run);
      run = self->boundary_run;
    }
  for (guint i = 0; i < self->run_views->len && rv == NULL; i++)
    {
      GsRunView *r = &g_array_index (self->run_views, GsRunView, i);
      if (r->visible && r->rows->len > 0)
        {
          rv = r;
          run = i;
        }
    }
  if (rv == NULL)
    return;
  if (!force && self->field != NULL && self->field_dark == dark && self->field_run == run
      && (rv->snapshot.step == self->field_step
          || g_get_monotonic_time () - self->field_time
             < MAX (200000, 5 * self->field_cost)))
    return;

  job = g_new0 (FieldJob, 1);
  if (!boundary_window (self, &mode, &n_classes, job->win))
    {
      g_free (job);
      return;
    }
  n_params = gs_problem_get_n_params (self->experiment->problem);
  n_rows = rv->rows->len / self->row_width;
  job->window = self;
  job->problem = gs_problem_ref (self->experiment->problem);
  job->theta = g_memdup2 ((const double *) rv->rows->data + (gsize) (n_rows - 1) * self->row_width
                          + GS_ROW_FIELDS, sizeof (double) * n_params);
  job->step = rv->snapshot.step;
  job->run = run;
  job->style.dark = dark;
  job->style.scale = 1;
  if (self->field_cancel == NULL)
    self->field_cancel = g_cancellable_new ();
  self->field_busy = TRUE;
  self->field_time = g_get_monotonic_time ();
  task = g_task_new (NULL, self->field_cancel, field_job_done, NULL);
  g_task_set_task_data (task, job, field_job_free);
  g_task_run_in_thread (task, field_job_run);
}

static void
boundary_run_selected (GtkDropDown *dropdown, GParamSpec *pspec, GsWindow *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected == self->boundary_run)
    return;
  self->boundary_run = selected;
  /* the field of the chosen run, as soon as the one on its way is in */
  self->field_step = G_MAXUINT64;
  maybe_start_field (self, TRUE);
}

/* The data card's title, and for a network the runs to choose from. */
static void
sync_data_header (GsWindow *self)
{
  gboolean network = self->experiment && self->experiment->kind == GS_PROBLEM_MLP;
  g_autoptr(GString) key = g_string_new (NULL);

  gtk_label_set_text (GTK_LABEL (self->data_title), network ? _("Decision boundary") : _("Data"));
  gtk_widget_set_visible (self->boundary_run_dropdown, network && self->run_views->len > 1);
  for (guint i = 0; i < self->run_views->len; i++)
    {
      g_string_append (key, g_array_index (self->run_views, GsRunView, i).label);
      g_string_append_c (key, '\n');
    }
  if (g_strcmp0 (key->str, self->boundary_runs_key) == 0)
    return;
  g_free (self->boundary_runs_key);
  self->boundary_runs_key = g_strdup (key->str);
  {
    GtkStringList *labels = gtk_string_list_new (NULL);

    for (guint i = 0; i < self->run_views->len; i++)
      gtk_string_list_append (labels, g_array_index (self->run_views, GsRunView, i).label);
    if (self->boundary_run >= self->run_views->len)
      self->boundary_run = 0;
    g_signal_handlers_block_by_func (self->boundary_run_dropdown, boundary_run_selected, self);
    gtk_drop_down_set_model (GTK_DROP_DOWN (self->boundary_run_dropdown), G_LIST_MODEL (labels));
    gtk_drop_down_set_selected (GTK_DROP_DOWN (self->boundary_run_dropdown), self->boundary_run);
    g_signal_handlers_unblock_by_func (self->boundary_run_dropdown, boundary_run_selected, self);
    g_object_unref (labels);
  }
}

/* A new problem or new data: the field of the old one is dropped. */
static void
reset_field (GsWindow *self)
{
  if (self->field_cancel)
    g_cancellable_cancel (self->field_cancel);
  g_clear_object (&self->field_cancel);
  g_clear_pointer (&self->field, gs_boundary_field_free);
  self->field_busy = FALSE;
  self->field_step = G_MAXUINT64;
}

gboolean
gs_window_views_has_data_view (GsWindow *self)
{
  const GsExperiment *exp = self->experiment;
  GsBoundaryMode mode;
  guint n_classes;

  if (exp == NULL || exp->kind == GS_PROBLEM_FUNCTION)
    return FALSE;
  if (exp->kind == GS_PROBLEM_MLP)
    return gs_plot_boundary_mode_for (exp->problem, &mode, &n_classes);
  return gs_plot_data_supported (exp->kind, gs_problem_get_data (exp->problem)->n_features);
}

static void
draw_boundary (GsWindow *self, cairo_t *cr, int width, int height, gboolean dark)
{
  GsProblem *problem = self->experiment->problem;
  GsBoundaryView view = { 0 };
  GsBoundaryMode mode;
  guint n_classes;
  double win[4];
  g_autofree char *title = NULL;

  if (!boundary_window (self, &mode, &n_classes, win))
    return;
  view.style.dark = dark;
  view.style.scale = 1;
  view.mode = mode;
  view.n_classes = n_classes;
  memcpy (&view.x_min, win, sizeof win);
  view.x_title = mode == GS_BOUNDARY_CURVE ? "x" : "x₁";
  /* TRANSLATORS: an axis title: the probability of the class */
  view.y_title = mode == GS_BOUNDARY_CURVE ? (n_classes ? _("P(class)") : "y") : "x₂";
  view.value_title = "ŷ";
  view.train = gs_problem_get_data (problem);
  view.validation = gs_problem_get_validation (problem);
  if (self->field != NULL)
    gs_boundary_field_apply (self->field, &view);
  if (self->field == NULL || self->field_dark != dark)
    maybe_start_field (self, FALSE);
  gs_plot_boundary_render (cr, width, height, &view);
}

static void
draw_data (cairo_t *cr, int width, int height, gboolean dark, gpointer user_data)
{
  GsWindow *self = user_data;
  const GsExperiment *exp = self->experiment;
  g_autoptr(GArray) fits = g_array_new (FALSE, TRUE, sizeof (GsDataFit));
  GsDataView view = { 0 };
  const GsDataset *data;

  if (exp == NULL || exp->kind == GS_PROBLEM_FUNCTION)
    return;
  if (exp->kind == GS_PROBLEM_MLP)
    {
      draw_boundary (self, cr, width, height, dark);
      return;
    }
  data = gs_problem_get_data (exp->problem);
  if (!gs_plot_data_supported (exp->kind, data->n_features))
    return;
  for (guint i = 0; i < self->run_views->len; i++)
    {
      GsRunView *rv = &g_array_index (self->run_views, GsRunView, i);
      GsDataFit fit = { rv->snapshot.theta, gs_rgb_of_rgba (&rv->color),
                        rv->snapshot.status == GS_STATUS_DIVERGED };
      if (rv->visible)
        g_array_append_val (fits, fit);
    }
  view.style.dark = dark;
  view.style.scale = 1;
  view.kind = exp->kind;
  view.data = data;
  view.x_title = data->n_features == 1 ? "x" : "x₁";
  view.y_title = exp->kind == GS_PROBLEM_LINEAR_REGRESSION ? "y" : (data->n_features == 1 ? "P(y = 1)" : "x₂");
  view.fits = (const GsDataFit *) fits->data;
  view.n_fits = fits->len;
  gs_plot_data_render (cr, width, height, &view);
}

/* ---- pointer on the contour view ----------------------------------------------------- */

static gboolean
to_data (GsWindow *self, double px, double py, double *x, double *y)
{
  return gs_window_at_pixel (self->window, &self->contour_area, px, py, x, y);
}

static void
motion (GtkEventControllerMotion *controller, double px, double py, GsWindow *self)
{
  self->hovering = to_data (self, px, py, &self->hover_x, &self->hover_y);
  gtk_widget_queue_draw (self->contour_view);
}

static void
leave (GtkEventControllerMotion *controller, GsWindow *self)
{
  self->hovering = FALSE;
  gtk_widget_queue_draw (self->contour_view);
}

#define ZOOM_SETTLE_MS 250

static gboolean
zoom_settled (gpointer user_data)
{
  GsWindow *self = user_data;

  self->zoom_id = 0;
  gtk_widget_queue_draw (self->contour_view);
  return G_SOURCE_REMOVE;
}

static gboolean
scroll (GtkEventControllerScroll *controller, double dx, double dy, GsWindow *self)
{
  double factor = dy > 0 ? 1.25 : 0.8;
  double cx = self->hover_x, cy = self->hover_y;

  if (!self->hovering)
    {
      cx = (self->window[0] + self->window[1]) / 2;
      cy = (self->window[2] + self->window[3]) / 2;
    }
  self->view_touched = TRUE;
  /* zoom around the pointer */
  gs_window_zoom (self->window, cx, cy, factor);
  start_grid_job (self, 40);
  /* while the wheel turns, the walks are drawn from a sample of their rows */
  self->zoom_until = g_get_monotonic_time () + ZOOM_SETTLE_MS * 1000;
  g_clear_handle_id (&self->zoom_id, g_source_remove);
  self->zoom_id = g_timeout_add (ZOOM_SETTLE_MS, zoom_settled, self);
  gtk_widget_queue_draw (self->contour_view);
  return TRUE;
}

static void
drag_begin (GtkGestureDrag *gesture, double px, double py, GsWindow *self)
{
  memcpy (self->drag_window, self->window, sizeof self->window);
  self->dragging = FALSE;
}

static void
drag_update (GtkGestureDrag *gesture, double ox, double oy, GsWindow *self)
{
  if (!self->dragging && hypot (ox, oy) < 4)
    return;
  self->dragging = TRUE;
  self->view_touched = TRUE;
  gs_window_dragged (self->drag_window, &self->contour_area, ox, oy, self->window);
  gtk_widget_queue_draw (self->contour_view);
}

static void
drag_end (GtkGestureDrag *gesture, double ox, double oy, GsWindow *self)
{
  double sx, sy, x, y;

  if (self->dragging)
    {
      self->dragging = FALSE;
      start_grid_job (self, 40);
      return;
    }
  /* a click: a new start point for every run (2-D problems) */
  gtk_gesture_drag_get_start_point (gesture, &sx, &sy);
  if (to_data (self, sx, sy, &x, &y))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.set-start", "(dd)", x, y);
}

void
gs_window_views_refresh (GsWindow *self)
{
  gboolean regression = self->experiment && self->experiment->kind != GS_PROBLEM_FUNCTION;

  gtk_widget_set_visible (self->data_view, regression);
  maybe_fit (self);
  sync_data_header (self);
  {
    /* accuracy for a classifier: a network whose rows carry it */
    gboolean classifier = FALSE;

    for (guint i = 0; i < self->run_views->len && !classifier; i++)
      {
        double m[3];
        latest_metrics (self, &g_array_index (self->run_views, GsRunView, i), m);
        classifier = !isnan (m[1]);
      }
    gtk_widget_set_visible (self->accuracy_card, classifier);
  }
  maybe_start_field (self, FALSE);
  if (self->landscape_page)
    gs_landscape_page_refresh (self->landscape_page);
  if (self->surface_page)
    gs_surface_page_refresh (self->surface_page);
  /* with more than two parameters the slice holds the others at the first
   * run's current values: recompute it as the runs move, at most every
   * second and never busier than a twentieth of the time */
  if (regression && gs_problem_get_n_params (self->experiment->problem) > 2 && !self->grid_busy
      && self->grid != NULL && gs_engine_is_playing (self->engine)
      && g_get_monotonic_time () - self->grid_time > MAX (G_USEC_PER_SEC, 20 * self->grid_cost))
    start_grid_job (self, 160);
  gtk_widget_queue_draw (self->contour_view);
  gtk_widget_queue_draw (self->loss_view);
  if (gtk_widget_get_visible (self->accuracy_card))
    gtk_widget_queue_draw (self->accuracy_view);
  if (regression)
    gtk_widget_queue_draw (self->data_view);
  update_results (self);
  gs_teach_refresh (self);
}

static GtkWidget *
framed (GtkWidget *child)
{
  GtkWidget *frame = gtk_frame_new (NULL);

  gtk_frame_set_child (GTK_FRAME (frame), child);
  gtk_widget_add_css_class (frame, "view-card");
  return frame;
}

void
gs_window_views_init (GsWindow *self)
{
  GtkWidget *root = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  /* five equal columns: the contour takes three, loss and data two, at
   * any window size */
  GtkWidget *hpaned = gtk_grid_new ();
  GtkWidget *right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *results_scroller = gtk_scrolled_window_new ();

  self->walk_caches = g_ptr_array_new_with_free_func (run_cache_free);
  self->walk_layers = gs_walk_layers_new ();
  self->contour_view = gs_plot_view_new ();
  self->loss_view = gs_plot_view_new ();
  self->data_view = gs_plot_view_new ();
  gtk_widget_set_tooltip_text (self->contour_view,
                               _("Loss surface with every run's path. Hover to read f(x, y), "
                                 "click to set the start, drag to pan, scroll to zoom"));
  gtk_widget_set_tooltip_text (self->loss_view, _("Loss against step for every run; hover to "
                                                  "read each run's loss at a step"));
  gtk_widget_set_tooltip_text (self->data_view, _("The data and each run's current fit"));
  gtk_widget_set_size_request (self->contour_view, 360, 300);
  gtk_widget_set_size_request (self->loss_view, 260, 200);
  gtk_widget_set_size_request (self->data_view, 260, 200);

  {
    /* the loss view under a small bar with its log/linear switch */
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *title = gtk_label_new (_("Loss"));
    GtkWidget *log_label = gtk_label_new (_("Log scale"));
    GtkWidget *log_switch = gtk_switch_new ();
    GtkEventController *m = gtk_event_controller_motion_new ();

    self->log_loss = g_settings_get_boolean (self->settings, "log-loss");
    gtk_widget_add_css_class (title, "heading");
    gtk_widget_set_hexpand (title, TRUE);
    gtk_label_set_xalign (GTK_LABEL (title), 0);
    gtk_widget_add_css_class (log_label, "dim-label");
    gtk_widget_add_css_class (log_label, "caption");
    gtk_switch_set_active (GTK_SWITCH (log_switch), self->log_loss);
    gtk_widget_set_valign (log_switch, GTK_ALIGN_CENTER);
    gtk_widget_set_tooltip_text (log_switch, _("Logarithmic loss axis (when every loss is "
                                               "positive)"));
    g_signal_connect (log_switch, "notify::active", G_CALLBACK (log_toggled), self);
    gtk_box_append (GTK_BOX (bar), title);
    gtk_box_append (GTK_BOX (bar), log_label);
    gtk_box_append (GTK_BOX (bar), log_switch);
    gtk_widget_set_margin_start (bar, 10);
    gtk_widget_set_margin_end (bar, 6);
    gtk_widget_set_margin_top (bar, 4);
    gtk_box_append (GTK_BOX (box), bar);
    gtk_box_append (GTK_BOX (box), self->loss_view);
    g_signal_connect (m, "motion", G_CALLBACK (curves_motion), self);
    g_signal_connect (m, "leave", G_CALLBACK (curves_leave), self);
    gtk_widget_add_controller (self->loss_view, m);
    gtk_box_append (GTK_BOX (right), framed (box));
  }
  {
    /* a classifier's accuracy, train and validation, in a card of its own
     * under the loss */
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    GtkWidget *title = gtk_label_new (_("Accuracy"));
    GtkEventController *m = gtk_event_controller_motion_new ();

    self->accuracy_view = gs_plot_view_new ();
    gtk_widget_set_size_request (self->accuracy_view, 260, 150);
    gtk_widget_set_vexpand (self->accuracy_view, TRUE);
    gtk_widget_set_tooltip_text (self->accuracy_view,
                                 _("Share of points each run classifies right, against step: "
                                   "the training rows solid, the validation rows dashed; hover "
                                   "to read each run's accuracy at a step"));
    gtk_widget_add_css_class (title, "heading");
    gtk_label_set_xalign (GTK_LABEL (title), 0);
    gtk_widget_set_margin_start (title, 10);
    gtk_widget_set_margin_top (title, 8);
    gtk_widget_set_margin_bottom (title, 4);
    gtk_box_append (GTK_BOX (box), title);
    gtk_box_append (GTK_BOX (box), self->accuracy_view);
    g_signal_connect (m, "motion", G_CALLBACK (curves_motion), self);
    g_signal_connect (m, "leave", G_CALLBACK (curves_leave), self);
    gtk_widget_add_controller (self->accuracy_view, m);
    self->accuracy_card = framed (box);
    gtk_widget_set_visible (self->accuracy_card, FALSE);
    gtk_box_append (GTK_BOX (right), self->accuracy_card);
  }
  {
    /* the data view under a bar with its title and, for a network, whose
     * decision boundary it shows */
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

    self->data_title = gtk_label_new (_("Data"));
    gtk_widget_add_css_class (self->data_title, "heading");
    gtk_widget_set_hexpand (self->data_title, TRUE);
    gtk_label_set_xalign (GTK_LABEL (self->data_title), 0);
    self->boundary_run_dropdown = gtk_drop_down_new (G_LIST_MODEL (gtk_string_list_new (NULL)), NULL);
    gtk_widget_add_css_class (self->boundary_run_dropdown, "flat");
    gtk_widget_set_valign (self->boundary_run_dropdown, GTK_ALIGN_CENTER);
    gtk_widget_set_tooltip_text (self->boundary_run_dropdown,
                                 _("Whose decision boundary to show: the field is that run's "
                                   "network at its current step"));
    gtk_widget_set_visible (self->boundary_run_dropdown, FALSE);
    g_signal_connect (self->boundary_run_dropdown, "notify::selected",
                      G_CALLBACK (boundary_run_selected), self);
    gtk_box_append (GTK_BOX (bar), self->data_title);
    gtk_box_append (GTK_BOX (bar), self->boundary_run_dropdown);
    gtk_widget_set_margin_start (bar, 10);
    gtk_widget_set_margin_end (bar, 6);
    gtk_widget_set_margin_top (bar, 4);
    gtk_box_append (GTK_BOX (box), bar);
    gtk_box_append (GTK_BOX (box), self->data_view);
    gtk_box_append (GTK_BOX (right), framed (box));
  }
  gtk_grid_set_column_homogeneous (GTK_GRID (hpaned), TRUE);
  gtk_grid_set_column_spacing (GTK_GRID (hpaned), 6);
  {
    /* the contour map, and beside it on a second page the landscape over
     * planes through parameter space, on a third the map as a 3-D surface */
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    GtkWidget *stack = gtk_stack_new ();
    GtkWidget *switcher = gtk_stack_switcher_new ();

    self->landscape_page = gs_landscape_page_new (self);
    gtk_stack_add_titled (GTK_STACK (stack), self->contour_view, "slice", _("Contour map"));
    gtk_stack_add_titled (GTK_STACK (stack), self->landscape_page, "landscape", _("Landscape"));
    self->surface_page = gs_surface_page_new (self);
    /* TRANSLATORS: the tab of the loss drawn as a surface in three dimensions */
    gtk_stack_add_titled (GTK_STACK (stack), self->surface_page, "surface", _("3-D"));
    gtk_stack_set_transition_type (GTK_STACK (stack), GTK_STACK_TRANSITION_TYPE_CROSSFADE);
    gtk_stack_switcher_set_stack (GTK_STACK_SWITCHER (switcher), GTK_STACK (stack));
    gtk_widget_set_halign (switcher, GTK_ALIGN_CENTER);
    gtk_widget_set_margin_top (switcher, 4);
    gtk_widget_set_tooltip_text (switcher, _("The contour map of the loss, its landscape over "
                                           "a plane through all the parameters, or the contour "
                                           "map as a 3-D surface"));
    gtk_box_append (GTK_BOX (box), switcher);
    gtk_box_append (GTK_BOX (box), stack);
    gtk_widget_set_vexpand (stack, TRUE);
    self->view_stack = stack;
    gtk_grid_attach (GTK_GRID (hpaned), framed (box), 0, 0, 3, 1);
  }
  gtk_grid_attach (GTK_GRID (hpaned), right, 3, 0, 2, 1);
  gtk_widget_set_vexpand (hpaned, TRUE);

  self->results_grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->results_grid), 14);
  gtk_grid_set_row_spacing (GTK_GRID (self->results_grid), 4);
  gtk_widget_set_margin_start (self->results_grid, 12);
  gtk_widget_set_margin_end (self->results_grid, 12);
  gtk_widget_set_margin_top (self->results_grid, 6);
  gtk_widget_set_margin_bottom (self->results_grid, 6);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (results_scroller), self->results_grid);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (results_scroller),
                                  GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (results_scroller), TRUE);
  gtk_widget_add_css_class (results_scroller, "card");

  gs_plot_view_set_draw_func (GS_PLOT_VIEW (self->contour_view), draw_contour, self, NULL);
  gs_plot_view_set_draw_func (GS_PLOT_VIEW (self->loss_view), draw_loss, self, NULL);
  gs_plot_view_set_draw_func (GS_PLOT_VIEW (self->accuracy_view), draw_accuracy, self, NULL);
  gs_plot_view_set_draw_func (GS_PLOT_VIEW (self->data_view), draw_data, self, NULL);
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
    gtk_widget_add_controller (self->contour_view, m);
    gtk_widget_add_controller (self->contour_view, sc);
    gtk_widget_add_controller (self->contour_view, GTK_EVENT_CONTROLLER (drag));
  }

  gtk_box_append (GTK_BOX (root), hpaned);
  gtk_box_append (GTK_BOX (root), results_scroller);
  gtk_widget_set_margin_start (root, 6);
  gtk_widget_set_margin_end (root, 6);
  gtk_widget_set_margin_top (root, 6);
  gtk_widget_set_margin_bottom (root, 6);
  g_object_set_data (G_OBJECT (self), "views-root", root);
}
