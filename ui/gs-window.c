/* gs-window.c — header bar, side panel, runs list, engine wiring */
#include "gs-window-private.h"
#include "gs-figure.h"
#include "gs-study-page.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

G_DEFINE_FINAL_TYPE (GsWindow, gs_window, ADW_TYPE_APPLICATION_WINDOW)

static const GdkRGBA palette[] = {
  { 0.208, 0.518, 0.894, 1 },   /* blue 3 */
  { 1.000, 0.471, 0.000, 1 },   /* orange 3 */
  { 0.200, 0.820, 0.478, 1 },   /* green 3 */
  { 0.569, 0.255, 0.675, 1 },   /* purple 3 */
  { 0.878, 0.106, 0.141, 1 },   /* red 3 */
  { 0.965, 0.827, 0.176, 1 },   /* yellow 3 */
  { 0.596, 0.416, 0.267, 1 },   /* brown 3 */
  { 0.129, 0.565, 0.643, 1 },   /* teal */
};

static const struct { const char *label; double speed; } speeds[] = {
  { N_("1 step/s"), 1 }, { N_("5 steps/s"), 5 }, { N_("20 steps/s"), 20 },
  { N_("60 steps/s"), 60 }, { N_("250 steps/s"), 250 }, { N_("1000 steps/s"), 1000 },
  { N_("Unthrottled"), 0 },
};

/* typed shared settings apply this long after the last keystroke */
#define SHARED_APPLY_DELAY_MS 500

static void rebuild_panel (GsWindow *self);
static void shared_commit (GsWindow *self);
static void commit_typed (GsWindow *self);
static void load_engine (GsWindow *self, GArray *looks);

/* ---- helpers ------------------------------------------------------------------- */

static void
toast (GsWindow *self, const char *message)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

static char *
format_number (double v)
{
  char buf[GS_DOUBLE_BUF_SIZE];

  return g_strdup (gs_format_double (buf, v));
}

/* The error style and a tooltip saying what is allowed; the field's own
 * tooltip comes back once the value is valid again. */
void
gs_mark_error (GtkWidget *widget, const char *message)
{
  if (g_object_get_data (G_OBJECT (widget), "gs-tip") == NULL)
    g_object_set_data_full (G_OBJECT (widget), "gs-tip",
                            g_strdup (gtk_widget_get_tooltip_text (widget)), g_free);
  gtk_widget_add_css_class (widget, "error");
  gtk_widget_set_tooltip_text (widget, message);
}

void
gs_clear_error (GtkWidget *widget)
{
  const char *tip = g_object_get_data (G_OBJECT (widget), "gs-tip");

  gtk_widget_remove_css_class (widget, "error");
  if (tip != NULL)
    gtk_widget_set_tooltip_text (widget, tip);
}

/* Parses a typed number; on failure marks the widget and says why. */
gboolean
gs_entry_number (GtkWidget *widget, const char *text, double min, gboolean min_open,
              double max, const char *what, double *out)
{
  char *end = NULL;
  double v;
  g_autofree char *msg = NULL;

  while (g_ascii_isspace (*text))
    text++;
  v = g_ascii_strtod (text, &end);
  while (end != NULL && g_ascii_isspace (*end))
    end++;
  if (*text == '\0' || end == NULL || *end != '\0' || !isfinite (v))
    /* TRANSLATORS: %s is the field's name, such as “L1 strength” */
    msg = g_strdup_printf (_("%s: expected a number"), what);
  else if (min_open ? !(v > min) : !(v >= min))
    /* TRANSLATORS: the field's name, then “>” or “≥” and the least value */
    msg = g_strdup_printf (_("%s: expected a value %s %g"), what, min_open ? ">" : "≥", min);
  else if (v > max)
    msg = g_strdup_printf (_("%s: expected a value ≤ %g"), what, max);

  if (msg)
    {
      gs_mark_error (widget, msg);
      return FALSE;
    }
  gs_clear_error (widget);
  *out = v;
  return TRUE;
}

/* ---- engine and views -------------------------------------------------------------- */

static void
run_view_clear (gpointer data)
{
  GsRunView *view = data;

  g_free (view->label);
  view->rows = NULL;   /* one of the two below */
  g_clear_pointer (&view->all_rows, g_array_unref);
  g_clear_pointer (&view->scrub_rows, g_array_unref);
}

/* What the user set on a run's view (shown or hidden, colour), kept with
 * the run's spec across a reload of the engine. */
typedef struct
{
  const GsRunSpec *spec;
  gboolean         visible;
  GdkRGBA          color;
} RunLook;

/* The looks of the runs as they are now; call it before exp->runs changes. */
static GArray *
capture_looks (GsWindow *self)
{
  GArray *looks = g_array_new (FALSE, FALSE, sizeof (RunLook));
  guint n = MIN (self->run_views->len, gs_experiment_get_n_runs (self->experiment));

  for (guint i = 0; i < n; i++)
    {
      const GsRunView *view = &g_array_index (self->run_views, GsRunView, i);
      RunLook look = { gs_experiment_get_run (self->experiment, i), view->visible, view->color };

      g_array_append_val (looks, look);
    }
  return looks;
}

static gboolean
same_color (const GdkRGBA *a, const GdkRGBA *b)
{
  return fabs (a->red - b->red) < 1e-3 && fabs (a->green - b->green) < 1e-3
    && fabs (a->blue - b->blue) < 1e-3;
}

/* A run new to the list: the first palette colour no other run shows. */
static GdkRGBA
unused_color (GsWindow *self, guint run)
{
  for (guint k = 0; k < G_N_ELEMENTS (palette); k++)
    {
      gboolean used = FALSE;

      for (guint i = 0; i < self->run_views->len && !used; i++)
        used = i != run && same_color (&g_array_index (self->run_views, GsRunView, i).color,
                                       &palette[k]);
      if (!used)
        return palette[k];
    }
  return palette[run % G_N_ELEMENTS (palette)];
}

/* looks: what the runs that stay looked like (NULL: a new experiment). */
static void
sync_run_views (GsWindow *self, GArray *looks)
{
  guint n = gs_experiment_get_n_runs (self->experiment);
  g_autoptr(GArray) fresh = g_array_new (FALSE, FALSE, sizeof (guint));

  g_array_set_size (self->run_views, 0);
  self->row_width = GS_ROW_FIELDS + gs_problem_get_n_params (self->experiment->problem);
  for (guint i = 0; i < n; i++)
    {
      GsRunSpec *spec = gs_experiment_get_run (self->experiment, i);
      GsRunView view = { 0 };
      const RunLook *look = NULL;

      for (guint j = 0; looks != NULL && j < looks->len && look == NULL; j++)
        if (g_array_index (looks, RunLook, j).spec == spec)
          look = &g_array_index (looks, RunLook, j);

      view.label = g_strdup (spec->label);
      view.visible = TRUE;
      if (look != NULL)
        {
          view.visible = look->visible;
          view.color = look->color;
        }
      else if (spec->color == NULL || !gdk_rgba_parse (&view.color, spec->color))
        {
          view.color = palette[i % G_N_ELEMENTS (palette)];
          if (looks != NULL)
            g_array_append_val (fresh, i);
        }
      view.all_rows = g_array_new (FALSE, FALSE, sizeof (double));
      view.scrub_rows = g_array_new (FALSE, FALSE, sizeof (double));
      view.rows = view.all_rows;
      view.trace_generation = G_MAXUINT;
      g_array_append_val (self->run_views, view);
    }
  /* added runs take a colour that the runs already there do not show */
  for (guint j = 0; j < fresh->len; j++)
    {
      guint i = g_array_index (fresh, guint, j);
      g_array_index (self->run_views, GsRunView, i).color = unused_color (self, i);
    }
  self->force_refresh = TRUE;
}

static void
load_engine (GsWindow *self, GArray *looks)
{
  gboolean playing = gs_engine_is_playing (self->engine);

  gs_engine_load_experiment (self->engine, self->experiment);
  if (playing)
    gs_engine_play (self->engine);
  sync_run_views (self, looks);
}

/* Pulls the rows that arrived since the last frame; true when any did. */
static gboolean
pull_rows (GsWindow *self)
{
  guint generation = gs_engine_get_generation (self->engine);
  guint64 serial = gs_engine_get_serial (self->engine);
  gboolean changed = self->force_refresh;

  /* a run added or removed (or runs loaded) on its way to the worker:
   * our run views already have the new indices, the engine's readers not
   * yet; next frame */
  if (gs_engine_layout_pending (self->engine))
    return FALSE;
  if (generation != self->engine_generation)
    {
      self->engine_generation = generation;
      for (guint i = 0; i < self->run_views->len; i++)
        g_array_index (self->run_views, GsRunView, i).trace_generation = G_MAXUINT;
      changed = TRUE;
    }
  if (serial != self->engine_serial)
    {
      self->engine_serial = serial;
      changed = TRUE;
    }
  if (!changed)
    return FALSE;
  self->force_refresh = FALSE;

  for (guint i = 0; i < self->run_views->len; i++)
    {
      GsRunView *view = &g_array_index (self->run_views, GsRunView, i);
      guint trace_generation, n_stable;
      guint n = gs_engine_get_trace_state (self->engine, i, &trace_generation, &n_stable);
      guint have = view->all_rows->len / self->row_width;
      guint keep;

      if (trace_generation != view->trace_generation)
        {
          /* rows were rewritten (decimation, reset): start over */
          have = view->stable = 0;
          view->trace_generation = trace_generation;
        }
      /* rows before the stable count seen last time are as we have them;
       * the open bucket at the end is copied again */
      keep = MIN (have, view->stable);
      g_array_set_size (view->all_rows, (gsize) MAX (n, keep) * self->row_width);
      if (n > keep)
        {
          guint got = gs_engine_copy_rows (self->engine, i, keep, n - keep,
                                           (double *) view->all_rows->data + (gsize) keep * self->row_width,
                                           NULL);
          g_array_set_size (view->all_rows, (gsize) (keep + got) * self->row_width);
        }
      view->stable = n_stable;
      gs_engine_get_snapshot (self->engine, i, &view->snapshot);
      view->live_step = view->snapshot.step;
    }
  /* the timeline may show an earlier step */
  gs_teach_apply_scrub (self);
  return TRUE;
}

static void
update_play_button (GsWindow *self)
{
  gboolean playing = gs_engine_is_playing (self->engine);

  gtk_button_set_icon_name (GTK_BUTTON (self->play_button),
                            playing ? "media-playback-pause-symbolic"
                                    : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (self->play_button,
                               playing ? _("Pause every run (Space)") : _("Run every run (Space)"));
}

static gboolean
tick (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  GsWindow *self = GS_WINDOW (widget);

  update_play_button (self);
  if (pull_rows (self))
    gs_window_views_refresh (self);
  return G_SOURCE_CONTINUE;
}

/* ---- actions --------------------------------------------------------------------------- */

static void
play_action (GtkWidget *widget, const char *name, GVariant *param)
{
  GsWindow *self = GS_WINDOW (widget);

  if (gs_engine_is_playing (self->engine))
    gs_engine_pause (self->engine);
  else
    {
      /* a finished experiment starts over; back in the timeline, the
       * runs go on from the step shown */
      gboolean any_running = self->scrub_step != G_MAXUINT64;

      for (guint i = 0; i < self->run_views->len; i++)
        any_running |= g_array_index (self->run_views, GsRunView, i).snapshot.status
                       == GS_STATUS_RUNNING;
      gs_teach_resume (self);
      if (!any_running && self->run_views->len > 0)
        gs_engine_reset (self->engine, NULL);
      gs_engine_play (self->engine);
    }
  update_play_button (self);
}

static void
step_action (GtkWidget *widget, const char *name, GVariant *param)
{
  GsWindow *self = GS_WINDOW (widget);

  /* back in the timeline: one recorded step forward */
  if (!gs_teach_step_forward (self))
    gs_engine_step (self->engine);
  update_play_button (self);
}

static void
step_back_action (GtkWidget *widget, const char *name, GVariant *param)
{
  gs_teach_step_back (GS_WINDOW (widget));
  update_play_button (GS_WINDOW (widget));
}

static void
toggle_teach_action (GtkWidget *widget, const char *name, GVariant *param)
{
  GsWindow *self = GS_WINDOW (widget);

  adw_flap_set_reveal_flap (self->teach_flap, !adw_flap_get_reveal_flap (self->teach_flap));
}

static void
live_action (GtkWidget *widget, const char *name, GVariant *param)
{
  gs_teach_go_live (GS_WINDOW (widget));
}

static void
reset_action (GtkWidget *widget, const char *name, GVariant *param)
{
  GsWindow *self = GS_WINDOW (widget);

  self->scrub_step = G_MAXUINT64;
  gs_engine_reset (self->engine, NULL);
}

static void
set_start_action (GtkWidget *widget, const char *name, GVariant *param)
{
  GsWindow *self = GS_WINDOW (widget);
  double x, y;

  if (self->experiment->kind != GS_PROBLEM_FUNCTION)
    return;
  g_variant_get (param, "(dd)", &x, &y);
  if (!self->experiment->has_start)
    self->experiment->start = g_new (double, 2);
  self->experiment->has_start = TRUE;
  self->experiment->start[0] = x;
  self->experiment->start[1] = y;
  rebuild_panel (self);
  gs_engine_reset (self->engine, self->experiment->start);
  gs_engine_play (self->engine);
}

/* A built-in lesson: its experiment paused at step 0, its text at the top
 * of the Explain panel */
static void
open_lesson_action (GtkWidget *widget, const char *name, GVariant *param)
{
  GsWindow *self = GS_WINDOW (widget);
  const GsLesson *lesson = gs_lesson_lookup (g_variant_get_string (param, NULL));
  g_autoptr(GError) error = NULL;
  GsExperiment *exp;

  if (lesson == NULL)
    return;
  exp = gs_lesson_load (lesson, &error);
  if (exp == NULL)
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  gs_engine_pause (self->engine);
  gs_window_set_experiment (self, exp, NULL);
  gs_engine_pause (self->engine);
  gtk_window_set_title (GTK_WINDOW (self), gs_tr (lesson->title));
  gs_teach_set_lesson (self, lesson);
  adw_flap_set_reveal_flap (self->teach_flap, TRUE);
  update_play_button (self);
}

static void
reset_view_action (GtkWidget *widget, const char *name, GVariant *param)
{
  gs_window_views_fit (GS_WINDOW (widget));
}

static void
toggle_panel_action (GtkWidget *widget, const char *name, GVariant *param)
{
  GsWindow *self = GS_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

static void
show_error (GsWindow *self, const char *heading, const char *message)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (GTK_WINDOW (self), heading, message));

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_response (GtkNativeDialog *chooser, int response, gpointer user_data)
{
  GsWindow *self = GS_WINDOW (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;

      /* on failure the current experiment stays as it was */
      if (!gs_window_open_file (self, file, &error))
        show_error (self, _("Cannot Open the Experiment"), error->message);
    }
  g_object_unref (chooser);
}

static GtkFileFilter *
json_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Experiments (JSON)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  return filter;
}

static void
open_action (GtkWidget *widget, const char *name, GVariant *param)
{
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Open Experiment"), GTK_WINDOW (widget),
                                 GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = json_filter ();

  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (open_response), widget);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
save_to (GsWindow *self, const char *path)
{
  g_autoptr(GError) error = NULL;

  commit_typed (self);
  if (!gs_experiment_save (self->experiment, path, &error))
    {
      show_error (self, _("Cannot Save the Experiment"), error->message);
      return FALSE;
    }
  if (self->path != path)
    {
      g_free (self->path);
      self->path = g_strdup (path);
    }
  {
    g_autofree char *base = g_path_get_basename (path);
    g_autofree char *msg = g_strdup_printf (_("Saved “%s”"), base);
    toast (self, msg);
    gtk_window_set_title (GTK_WINDOW (self), base);
  }
  return TRUE;
}

static void
save_response (GtkNativeDialog *chooser, int response, gpointer user_data)
{
  GsWindow *self = GS_WINDOW (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      save_to (self, path);
    }
  g_object_unref (chooser);
}

static void
save_as_action (GtkWidget *widget, const char *name, GVariant *param)
{
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Save Experiment"), GTK_WINDOW (widget),
                                 GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = json_filter ();

  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "experiment.json");
  g_signal_connect (chooser, "response", G_CALLBACK (save_response), widget);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_action (GtkWidget *widget, const char *name, GVariant *param)
{
  GsWindow *self = GS_WINDOW (widget);

  if (self->path != NULL)
    save_to (self, self->path);
  else
    save_as_action (widget, name, param);
}

/* ---- export figure -------------------------------------------------------------- */

typedef struct
{
  GsWindow     *window;     /* a reference while the job runs */
  char         *path;
  GsExperiment *exp;        /* a copy: the panel may change the window's meanwhile */
  GsFigureOptions options;
  GsFigure     *figure;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_object_unref (job->window);
  g_free (job->path);
  gs_experiment_free (job->exp);
  g_clear_pointer (&job->figure, gs_figure_free);
  g_free (job);
}

static void
export_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ExportJob *job = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    show_error (job->window, _("Cannot Export the Figure"), error->message);
  else
    {
      g_autofree char *base = g_path_get_basename (job->path);
      g_autofree char *msg = g_strdup_printf (_("Exported “%s”"), base);
      toast (job->window, msg);
    }
  export_job_free (job);
}

static void
export_write (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ExportJob *job = data;
  GError *error = NULL;

  if (gs_figure_write (job->path, 1600, 1000, job->figure, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gboolean
export_snapshot_ready (gpointer data)
{
  ExportJob *job = data;
  GTask *task = g_task_new (NULL, NULL, export_written, job);

  /* the file is written off the main thread too */
  g_task_set_task_data (task, job, NULL);
  g_task_run_in_thread (task, export_write);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

/* On the worker: a snapshot of every run, ready to draw. */
static void
export_snapshot (GsRun *const *runs, guint n_runs, gpointer data)
{
  ExportJob *job = data;

  job->figure = gs_figure_new (job->exp, runs, MIN (n_runs, gs_experiment_get_n_runs (job->exp)),
                               &job->options);
  g_idle_add (export_snapshot_ready, job);
}

/* Exports the figure of the experiment as it is now to path (its extension
 * names the format), off the main thread; a toast or an error dialog says
 * how it went. */
void
gs_window_export_figure (GsWindow *self, const char *path)
{
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  GsFigureFormat format;
  ExportJob *job;

  /* the figure shows the settings as typed */
  commit_typed (self);
  if (!gs_figure_format_for_path (path, &format, &error))
    {
      show_error (self, _("Cannot Export the Figure"), error->message);
      return;
    }
  json = gs_experiment_to_json (self->experiment);
  job = g_new0 (ExportJob, 1);
  job->window = g_object_ref (self);
  job->path = g_strdup (path);
  job->exp = gs_experiment_new_from_data (json, -1, "figure", self->experiment->base_dir, &error);
  if (job->exp == NULL)
    {
      show_error (self, _("Cannot Export the Figure"), error->message);
      export_job_free (job);
      return;
    }
  job->options.style.dark = FALSE;
  job->options.style.scale = 1;
  job->options.loss_scale = GS_LOSS_SCALE_AUTO;
  gs_engine_call (self->engine, export_snapshot, job);
}

static void
export_response (GtkNativeDialog *chooser, int response, gpointer user_data)
{
  GsWindow *self = GS_WINDOW (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      gs_window_export_figure (self, path);
    }
  g_object_unref (chooser);
}

static void
export_action (GtkWidget *widget, const char *name, GVariant *param)
{
  GtkFileChooserNative *chooser;

  chooser =
    gtk_file_chooser_native_new (_("Export Figure"), GTK_WINDOW (widget),
                                 GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Figures (PNG, SVG, PDF)"));
  gtk_file_filter_add_pattern (filter, "*.png");
  gtk_file_filter_add_pattern (filter, "*.svg");
  gtk_file_filter_add_pattern (filter, "*.pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "figure.png");
  g_signal_connect (chooser, "response", G_CALLBACK (export_response), widget);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The shortcuts window's titles, for the catalog: help-overlay.ui marks
 * none of them translatable, so shortcuts_action marks them as it loads
 * the file (every title there must be one of these: the ui test checks
 * that each shows translated). */
static const char *const shortcut_titles[] G_GNUC_UNUSED = {
  N_("Runs"), N_("Play or pause"), N_("One step"), N_("One step back in the timeline"),
  N_("The timeline back to the latest step"), N_("Back to step 0"),
  N_("Experiments"), N_("Open"), N_("Save"), N_("Export figure"), N_("Save as"),
  N_("General"), N_("Show or hide the side panel"), N_("Show or hide the Explain panel"),
  N_("The Runs page"), N_("The Studies page"),
  N_("Keyboard shortcuts"), N_("Quit"),
};

static void
shortcuts_action (GtkWidget *widget, const char *name, GVariant *param)
{
  g_autoptr(GBytes) bytes =
    g_resources_lookup_data ("/io/github/gradscope/Gradscope/gtk/help-overlay.ui",
                             G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autofree char *ui = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;
  GtkWindow *overlay;

  /* Titles marked translatable, the builder translates them as it builds
   * the window: the window's search copies of the shortcuts, made as
   * each section is added, read the same words. */
  if (strstr (ui, "translatable=") == NULL)
    {
      g_auto(GStrv) parts = g_strsplit (ui, "<property name=\"title\">", -1);

      g_free (ui);
      ui = g_strjoinv ("<property name=\"title\" translatable=\"yes\">", parts);
    }
  gtk_builder_set_translation_domain (builder, GETTEXT_PACKAGE);
  if (!gtk_builder_add_from_string (builder, ui, -1, &error))
    {
      g_critical ("help-overlay.ui: %s", error->message);
      return;
    }
  overlay = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
  gtk_window_set_transient_for (overlay, GTK_WINDOW (widget));
  gtk_window_present (overlay);
}

/* ---- side panel ------------------------------------------------------------------------ */

/* The problem list: every built-in function, then the three models. */
static guint
n_functions (void)
{
  guint n;

  gs_functions (&n);
  return n;
}

static gboolean
rebuild_panel_idle (gpointer data)
{
  GsWindow *self = data;

  self->rebuild_id = 0;
  rebuild_panel (self);
  return G_SOURCE_REMOVE;
}

/* Rebuilds the panel once the signal that asked for it is over: the row
 * that emitted it is one of those replaced. */
static void
rebuild_panel_later (GsWindow *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, rebuild_panel_idle, self, NULL);
}

static void
start_changed (GtkEditable *editable, GsWindow *self)
{
  double x, y;
  gboolean ok;

  if (self->building || self->experiment->kind != GS_PROBLEM_FUNCTION)
    return;
  ok = gs_entry_number (self->start_x_row, gtk_editable_get_text (GTK_EDITABLE (self->start_x_row)),
                     -INFINITY, FALSE, INFINITY, _("start x"), &x);
  ok = gs_entry_number (self->start_y_row, gtk_editable_get_text (GTK_EDITABLE (self->start_y_row)),
                     -INFINITY, FALSE, INFINITY, _("start y"), &y) && ok;
  if (!ok)
    return;
  if (!self->experiment->has_start)
    self->experiment->start = g_new (double, 2);
  self->experiment->has_start = TRUE;
  self->experiment->start[0] = x;
  self->experiment->start[1] = y;
  /* a new start restarts every run */
  gs_engine_reset (self->engine, self->experiment->start);
}

static void
push_configs (GsWindow *self)
{
  for (guint i = 0; i < gs_experiment_get_n_runs (self->experiment); i++)
    {
      GsRunConfig config;
      gs_experiment_get_run_config (self->experiment, i, &config);
      gs_teach_resume (self);
      gs_engine_set_config (self->engine, i, &config);
    }
}

/* An optional number: empty means "not set" (NAN). */
static gboolean
optional_number (GtkWidget *row, double min, gboolean min_open, const char *what, double *out)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  *out = NAN;
  if (*text == '\0')
    {
      gs_clear_error (row);
      return TRUE;
    }
  return gs_entry_number (row, text, min, min_open, INFINITY, what, out);
}

static gboolean
whole_number (GtkWidget *row, double min, double max, const char *what, double *out)
{
  if (!gs_entry_number (row, gtk_editable_get_text (GTK_EDITABLE (row)), min, FALSE, max, what, out))
    return FALSE;
  if (*out != floor (*out))
    {
      g_autofree char *msg = g_strdup_printf (_("%s: expected a whole number"), what);
      gs_mark_error (row, msg);
      return FALSE;
    }
  return TRUE;
}

/* The shared settings as typed. */
typedef struct
{
  double l1, l2, max_steps, loss_below, grad_below, batch;
} Shared;

/* Reads every shared field; false (each bad one marked) when any is not valid. */
static gboolean
read_shared (GsWindow *self, Shared *v)
{
  GsExperiment *exp = self->experiment;
  gboolean ok;

  v->batch = 0;
  ok = gs_entry_number (self->l1_row, gtk_editable_get_text (GTK_EDITABLE (self->l1_row)),
                     0, FALSE, INFINITY, _("L1 strength"), &v->l1);
  ok = gs_entry_number (self->l2_row, gtk_editable_get_text (GTK_EDITABLE (self->l2_row)),
                     0, FALSE, INFINITY, _("L2 strength"), &v->l2) && ok;
  ok = whole_number (self->max_steps_row, 0, 1e15, _("max steps"), &v->max_steps) && ok;
  ok = optional_number (self->loss_below_row, -INFINITY, FALSE, _("stop below loss"),
                        &v->loss_below) && ok;
  ok = optional_number (self->grad_below_row, 0, TRUE, _("stop below ‖g‖"), &v->grad_below) && ok;
  if (exp->kind != GS_PROBLEM_FUNCTION)
    ok = whole_number (self->batch_row, 0, gs_problem_get_n_samples (exp->problem),
                       _("batch size"), &v->batch) && ok;
  return ok;
}

/* Whether the engine should play once new stop rules are in: when it
 * plays, and when it stopped by itself because every run had ended by a
 * rule (max steps, converged) — rules that let them go on then resume
 * them. A user's pause mid-way leaves a run running: that stays paused. */
static gboolean
keep_playing (GsWindow *self)
{
  guint n = gs_engine_get_n_runs (self->engine);
  gboolean ended = FALSE;

  if (gs_engine_is_playing (self->engine))
    return TRUE;
  for (guint i = 0; i < n; i++)
    {
      GsRunSnapshot s;

      if (!gs_engine_get_snapshot (self->engine, i, &s))
        continue;
      if (s.status == GS_STATUS_RUNNING)
        return FALSE;
      ended |= s.status == GS_STATUS_MAX_STEPS || s.status == GS_STATUS_CONVERGED;
    }
  return ended;
}

static gboolean
same_number (double a, double b)
{
  return a == b || (isnan (a) && isnan (b));
}

/* Commits the shared fields to the experiment and every run. */
static void
apply_shared (GsWindow *self)
{
  GsExperiment *exp = self->experiment;
  Shared v;
  gboolean play;

  g_clear_handle_id (&self->apply_id, g_source_remove);
  if (!read_shared (self, &v))
    return;
  play = keep_playing (self);
  exp->reg.l1 = v.l1;
  exp->reg.l2 = v.l2;
  exp->max_steps = (guint64) v.max_steps;
  /* a new threshold starts its column over */
  if (!same_number (exp->stop.loss_below, v.loss_below))
    gs_engine_set_threshold (self->engine, v.loss_below);
  exp->stop.loss_below = v.loss_below;
  exp->stop.grad_norm_below = v.grad_below;
  exp->batch_size = (guint) v.batch;
  /* live: the next update of every run uses them; a run that had ended by
   * the old rules goes on when the new ones let it (the worker pauses by
   * itself when a transient state leaves no run running: play again) */
  push_configs (self);
  if (play)
    gs_engine_play (self->engine);
}

static gboolean
apply_shared_timeout (gpointer data)
{
  GsWindow *self = data;

  self->apply_id = 0;
  apply_shared (self);
  return G_SOURCE_REMOVE;
}

/* Typing: the fields say at once what is wrong, but a valid value only
 * applies once typing pauses, so "1" on the way to "1000" in Max steps
 * does not end every run. */
static void
shared_changed (GtkEditable *editable, GsWindow *self)
{
  Shared v;

  if (self->building)
    return;
  g_clear_handle_id (&self->apply_id, g_source_remove);
  if (read_shared (self, &v))
    self->apply_id = g_timeout_add (SHARED_APPLY_DELAY_MS, apply_shared_timeout, self);
}

/* Enter, leaving the field, saving: what was typed applies now. */
static void
shared_commit (GsWindow *self)
{
  if (self->apply_id != 0)
    apply_shared (self);
}

/* ---- problem, data and network ---------------------------------------------------- */

/* Every change of the problem, its data or its network goes one way: the
 * experiment is written as Save writes it, its "problem" is edited in the
 * JSON tree, and the text is loaded as a file is. So the panel can build
 * nothing a file could not say, and gets the same checks and messages; on
 * failure nothing changes. */

/* The data sources, in the source row's order; NULL: not generated. */
static const struct
{
  const char *title;
  const char *generator;
} sources[] = {
  { N_("Generated: a line"),           "linear" },
  { N_("Generated: two blobs"),        "blobs" },
  { N_("Generated: Gaussian classes"), "gaussians" },
  { N_("Generated: circles"),          "circles" },
  { N_("Generated: XOR"),              "xor" },
  { N_("Generated: spiral"),           "spiral" },
  { N_("Generated: moons"),            "moons" },
  { N_("From a CSV file"),             NULL },
  { N_("Rows in the experiment file"), NULL },   /* inline data: shown, not chosen */
};

enum { SOURCE_CSV = 7, SOURCE_INLINE = 8 };

G_STATIC_ASSERT (G_N_ELEMENTS (sources) == SOURCE_INLINE + 1);

/* the problem row: the functions, then the three models */
static guint
problem_index (const GsExperiment *exp)
{
  guint nf;
  const GsFunctionInfo *all = gs_functions (&nf);

  /* the list: the built-in functions, "Custom f(x, y)", the models */
  switch (exp->kind)
    {
    case GS_PROBLEM_LINEAR_REGRESSION:   return nf + 1;
    case GS_PROBLEM_LOGISTIC_REGRESSION: return nf + 2;
    case GS_PROBLEM_MLP:                 return nf + 3;
    case GS_PROBLEM_FUNCTION:
    default:
      if (exp->expression != NULL)
        return nf;
      for (guint i = 0; i < nf; i++)
        if (g_str_equal (all[i].name, exp->function))
          return i;
      return 0;
    }
}

static guint
source_index (const GsDataSpec *data)
{
  if (data->kind == GS_DATA_CSV)
    return SOURCE_CSV;
  if (data->kind == GS_DATA_INLINE)
    return SOURCE_INLINE;
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    if (sources[i].generator != NULL && g_str_equal (sources[i].generator, data->generator))
      return i;
  return 0;
}

/* The problem and source rows show what is in use (after a cancel or a
 * failure). */
static void
show_problem (GsWindow *self)
{
  gboolean was = self->building;

  self->building = TRUE;
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->problem_row), problem_index (self->experiment));
  if (self->experiment->kind != GS_PROBLEM_FUNCTION)
    adw_combo_row_set_selected (ADW_COMBO_ROW (self->data_row),
                                source_index (&self->experiment->data));
  if (self->experiment->kind == GS_PROBLEM_MLP)
    {
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->activation_row),
                                  self->experiment->mlp.activation);
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->precision_row),
                                  self->experiment->mlp.float32);
    }
  self->building = was;
}

/* The experiment as a JSON tree, exactly as Save writes it. */
static JsonNode *
experiment_tree (GsWindow *self)
{
  g_autofree char *text = gs_experiment_to_json (self->experiment);
  g_autoptr(GError) error = NULL;
  JsonNode *root = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert (root != NULL && JSON_NODE_HOLDS_OBJECT (root));
  return root;
}

static JsonObject *
tree_problem (JsonNode *root)
{
  return json_object_get_object_member (json_node_get_object (root), "problem");
}

/* problem.data, or NULL for a function */
static JsonObject *
tree_data (JsonNode *root)
{
  JsonObject *problem = tree_problem (root);

  return json_object_has_member (problem, "data")
    ? json_object_get_object_member (problem, "data") : NULL;
}

static void
drop (JsonObject *obj, const char *key)
{
  if (json_object_has_member (obj, key))
    json_object_remove_member (obj, key);
}

/* The tree as JSON text. Not json_to_string: json-glib 1.6 writes 1e-10
 * as "1e-10.0", which no parser reads; numbers here are written as Save
 * writes them (shortest exact). */
static void
append_json_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const char *p = s; *p != '\0'; p++)
    if (*p == '"' || *p == '\\')
      g_string_append_printf (out, "\\%c", *p);
    else if ((guchar) *p < 0x20)
      g_string_append_printf (out, "\\u%04x", (guchar) *p);
    else
      g_string_append_c (out, *p);
  g_string_append_c (out, '"');
}

static void
append_tree (GString *out, JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *obj = json_node_get_object (node);
        GList *members = json_object_get_members (obj);

        g_string_append_c (out, '{');
        for (GList *l = members; l != NULL; l = l->next)
          {
            if (l != members)
              g_string_append (out, ",\n");
            append_json_string (out, l->data);
            g_string_append (out, ": ");
            append_tree (out, json_object_get_member (obj, l->data));
          }
        g_string_append_c (out, '}');
        g_list_free (members);
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append (out, ", ");
            append_tree (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
        break;
      }
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          {
            char buf[GS_DOUBLE_BUF_SIZE];
            g_string_append (out, gs_format_double (buf, json_node_get_double (node)));
            break;
          }
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        default:
          append_json_string (out, json_node_get_string (node));
          break;
        }
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

/* The message without "exp.json:3:12: ": the place is in a text the user
 * never saw. CSV messages (their file:line) stay whole. */
static char *
strip_location (const char *message, const char *display)
{
  const char *p = message;

  if (!g_str_has_prefix (p, display) || p[strlen (display)] != ':')
    return g_strdup (message);
  p += strlen (display) + 1;
  for (guint part = 0; part < 2; part++)
    {
      if (!g_ascii_isdigit (*p))
        return g_strdup (message);
      while (g_ascii_isdigit (*p))
        p++;
      if (*p++ != ':')
        return g_strdup (message);
    }
  while (*p == ' ')
    p++;
  return g_strdup (p);
}

/* Loads root as the window's experiment and restarts every run on it, as
 * opening a file does, except that the runs keep their looks. keep_start:
 * the start stays when the problem keeps its kind and its number of
 * parameters; else the new problem's default start. On failure (error
 * set) nothing changes. */
static gboolean
load_tree (GsWindow *self, JsonNode *root, gboolean keep_start, GError **error)
{
  GsExperiment *exp = self->experiment;
  JsonObject *top = json_node_get_object (root);
  g_autofree char *display = self->path ? g_path_get_basename (self->path)
                                        : g_strdup ("experiment.json");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) local = NULL;
  g_autoptr(GArray) looks = NULL;
  GsExperiment *fresh;
  GsExperiment swap;

  drop (top, "start");
  if (g_strcmp0 (json_object_get_string_member (tree_problem (root), "type"), "function") == 0)
    {
      /* a 2-D function has no rows to batch: the whole "data set" every
       * step, and no run keeps a minibatch of its own (files refuse one) */
      JsonArray *runs = json_object_get_array_member (top, "runs");

      drop (top, "batch_size");
      for (guint i = 0; i < json_array_get_length (runs); i++)
        drop (json_array_get_object_element (runs, i), "batch_size");
    }
  append_tree (text, root);
  fresh = gs_experiment_new_from_data (text->str, text->len, display, exp->base_dir, &local);
  if (fresh == NULL)
    {
      g_autofree char *msg = strip_location (local->message, display);

      g_set_error_literal (error, local->domain, local->code, msg);
      return FALSE;
    }
  if (keep_start && exp->has_start && fresh->kind == exp->kind
      && gs_problem_get_n_params (fresh->problem) == gs_problem_get_n_params (exp->problem))
    {
      fresh->has_start = TRUE;
      fresh->start = g_memdup2 (exp->start,
                                sizeof (double) * gs_problem_get_n_params (exp->problem));
    }

  /* the window's experiment stays where it is (its fields are the new
   * ones): what holds it holds the new one */
  looks = capture_looks (self);
  swap = *exp;
  *exp = *fresh;
  *fresh = swap;
  gs_experiment_free (fresh);
  /* the same runs, in the same order: each keeps its looks */
  for (guint i = 0; i < looks->len && i < gs_experiment_get_n_runs (exp); i++)
    g_array_index (looks, RunLook, i).spec = gs_experiment_get_run (exp, i);

  load_engine (self, looks);
  rebuild_panel_later (self);
  gs_window_views_reset_window (self);
  return TRUE;
}

/* load_tree for a new problem or new data. A network classifies unless
 * told otherwise; rows of a file whose target cannot be class labels (a
 * CSV's real-valued last column) make it regress instead, as there is no
 * task to pick in the panel. */
static gboolean
load_model_tree (GsWindow *self, JsonNode *root, gboolean keep_start, GError **error)
{
  JsonObject *problem = tree_problem (root);
  JsonObject *data = tree_data (root);
  g_autoptr(GError) first = NULL;

  if (load_tree (self, root, keep_start, &first))
    return TRUE;
  if (g_strcmp0 (json_object_get_string_member (problem, "type"), "mlp") == 0
      && !json_object_has_member (problem, "task") && data != NULL
      && !json_object_has_member (data, "generator"))
    {
      json_object_set_string_member (problem, "task", "regress");
      if (load_tree (self, root, keep_start, NULL))
        {
          toast (self, _("The last column is not class labels: the network regresses it"));
          return TRUE;
        }
    }
  g_propagate_error (error, g_steal_pointer (&first));
  return FALSE;
}

/* The field the user changed says why the change did not go in, and so
 * does a toast. */
static void
edit_failed (GsWindow *self, GtkWidget *field, const char *what, const GError *error)
{
  /* TRANSLATORS: what could not be done (“Cannot use this data”), then why */
  g_autofree char *msg = g_strdup_printf (_("%s: %s"), what, error->message);

  show_problem (self);
  gs_mark_error (field, msg);
  toast (self, msg);
}

/* The default data of each model when it comes from a function (or when
 * the data it had was made for another kind of model). */
static JsonObject *
default_data (GsProblemKind kind)
{
  JsonObject *data = json_object_new ();

  switch (kind)
    {
    case GS_PROBLEM_LINEAR_REGRESSION:
      json_object_set_string_member (data, "generator", "linear");
      json_object_set_int_member (data, "samples", 100);
      json_object_set_int_member (data, "features", 1);
      json_object_set_double_member (data, "noise", 0.5);
      break;
    case GS_PROBLEM_LOGISTIC_REGRESSION:
      json_object_set_string_member (data, "generator", "blobs");
      json_object_set_int_member (data, "samples", 100);
      json_object_set_int_member (data, "features", 2);
      json_object_set_double_member (data, "noise", 0.5);
      break;
    case GS_PROBLEM_MLP:
    case GS_PROBLEM_FUNCTION:
    default:
      json_object_set_string_member (data, "generator", "spiral");
      json_object_set_int_member (data, "samples", 300);
      json_object_set_int_member (data, "classes", 2);
      json_object_set_double_member (data, "noise", 0.1);
      break;
    }
  json_object_set_int_member (data, "seed", 0);
  return data;
}

/* Generated data made for classes does not go to linear regression, nor a
 * line's real targets to logistic regression: those get their own default
 * data. Anything else is tried as it is (the load says when it does not
 * serve). */
static gboolean
data_suits (GsProblemKind kind, const GsDataSpec *data)
{
  const GsGeneratorInfo *info;

  if (data->kind != GS_DATA_GENERATOR)
    return TRUE;
  info = gs_dataset_generator_lookup (data->generator);
  if (kind == GS_PROBLEM_LINEAR_REGRESSION)
    return !info->classify;
  if (kind == GS_PROBLEM_LOGISTIC_REGRESSION)
    return info->classify;
  return TRUE;
}

static void
problem_selected (AdwComboRow *row, GParamSpec *pspec, GsWindow *self)
{
  guint selected = adw_combo_row_get_selected (row);
  guint nf = n_functions ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *problem;

  if (self->building || selected == GTK_INVALID_LIST_POSITION
      || selected == problem_index (self->experiment))
    return;
  /* what was typed applies to the old problem first */
  commit_typed (self);
  root = experiment_tree (self);
  problem = json_object_new ();
  if (selected < nf)
    {
      json_object_set_string_member (problem, "type", "function");
      json_object_set_string_member (problem, "name", gs_functions (&nf)[selected].name);
    }
  else if (selected == nf)
    {
      /* your own: what was typed last, else the current built-in's formula
       * as a start to edit */
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->expression_row));
      const GsFunctionInfo *now = self->experiment->kind == GS_PROBLEM_FUNCTION
                                  ? gs_problem_get_function (self->experiment->problem) : NULL;

      json_object_set_string_member (problem, "type", "function");
      json_object_set_string_member (problem, "expression",
                                     text[0] ? text
                                     : now && now->expression ? now->expression
                                     : "x^2 + 3*y^2");
    }
  else
    {
      static const char *const types[] = { "linear_regression", "logistic_regression", "mlp" };
      static const GsProblemKind kinds[] = {
        GS_PROBLEM_LINEAR_REGRESSION, GS_PROBLEM_LOGISTIC_REGRESSION, GS_PROBLEM_MLP
      };
      guint m = MIN (selected - nf - 1, 2u);
      GsProblemKind kind = kinds[m];
      JsonObject *data = tree_data (root);

      json_object_set_string_member (problem, "type", types[m]);
      /* the data stays when it can serve; a network gets its defaults */
      if (data != NULL && data_suits (kind, &self->experiment->data))
        json_object_set_object_member (problem, "data", json_object_ref (data));
      else
        json_object_set_object_member (problem, "data", default_data (kind));
      if (kind == GS_PROBLEM_MLP)
        {
          JsonArray *hidden = json_array_new ();

          json_array_add_int_element (hidden, 16);
          json_array_add_int_element (hidden, 16);
          json_object_set_array_member (problem, "hidden", hidden);
          json_object_set_string_member (problem, "activation", "tanh");
        }
    }
  json_object_set_object_member (json_node_get_object (root), "problem", problem);
  if (load_model_tree (self, root, FALSE, &error))
    gs_clear_error (self->problem_row);
  else
    edit_failed (self, self->problem_row, _("Cannot switch the problem"), error);
}

/* ---- your own f(x, y) ------------------------------------------------------------ */

#define EXPRESSION_APPLY_DELAY_MS 600

/* The typed function into the experiment (view and runs kept); FALSE
 * with the entry saying why when it does not read. */
static gboolean
expression_apply (GsWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->expression_row));
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *problem;

  g_clear_handle_id (&self->expression_id, g_source_remove);
  if (self->experiment->kind != GS_PROBLEM_FUNCTION
      || g_strcmp0 (text, self->experiment->expression) == 0)
    return TRUE;
  root = experiment_tree (self);
  problem = tree_problem (root);
  drop (problem, "name");
  json_object_set_string_member (problem, "expression", text);
  if (!load_tree (self, root, TRUE, &error))
    {
      gtk_label_set_text (GTK_LABEL (self->expression_error), error->message);
      gtk_widget_set_visible (self->expression_error, TRUE);
      gtk_widget_add_css_class (self->expression_row, "error");
      return FALSE;
    }
  return TRUE;
}

static gboolean
expression_timeout (gpointer data)
{
  GsWindow *self = data;

  self->expression_id = 0;
  expression_apply (self);
  return G_SOURCE_REMOVE;
}

/* Checked as it is typed: an error shows at once, under the entry with its
 * column; a function that reads applies after a short pause (or Enter) */
static void
expression_changed (GtkEditable *editable, GsWindow *self)
{
  g_autoptr(GsExpr) expr = NULL;
  g_autoptr(GError) error = NULL;
  guint column = 0;

  if (self->building)
    return;
  g_clear_handle_id (&self->expression_id, g_source_remove);
  expr = gs_expr_parse (gtk_editable_get_text (editable), -1, &column, &error);
  if (expr == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->expression_error), error->message);
      gtk_widget_set_visible (self->expression_error, TRUE);
      gtk_widget_add_css_class (self->expression_row, "error");
      return;
    }
  gtk_widget_set_visible (self->expression_error, FALSE);
  gtk_widget_remove_css_class (self->expression_row, "error");
  self->expression_id = g_timeout_add (EXPRESSION_APPLY_DELAY_MS, expression_timeout, self);
}

static void
expression_commit (GsWindow *self)
{
  if (self->expression_id != 0)
    expression_apply (self);
}

/* A generator as the source, keeping what the current data has that
 * still means the same: samples, seed, the held-out fraction; the
 * features, classes and noise of a like generator. */
static JsonObject *
generated_data (const GsExperiment *exp, const char *name)
{
  const GsDataSpec *spec = &exp->data;
  const GsGeneratorInfo *info = gs_dataset_generator_lookup (name);
  const GsGeneratorInfo *old = spec->kind == GS_DATA_GENERATOR
    ? gs_dataset_generator_lookup (spec->generator) : NULL;
  JsonObject *data = json_object_new ();

  json_object_set_string_member (data, "generator", name);
  json_object_set_int_member (data, "samples", old != NULL ? spec->samples
                                               : exp->kind == GS_PROBLEM_MLP ? 300 : 100);
  if (info->any_features)
    {
      guint features;

      if (old != NULL && old->any_features && old->classify == info->classify)
        features = spec->features;
      /* two features draw as a class boundary; a line's one as a line
       * (a network's input features need points (x, y)) */
      else if (info->classify || (exp->kind == GS_PROBLEM_MLP && exp->mlp.n_features > 0))
        features = 2;
      else
        features = 1;
      json_object_set_int_member (data, "features", features);
    }
  if (info->any_classes && old != NULL && old->any_classes && spec->classes != 0)
    json_object_set_int_member (data, "classes", spec->classes);
  json_object_set_double_member (data, "noise", old != NULL && old->default_noise == info->default_noise
                                                ? spec->noise : info->default_noise);
  json_object_set_int_member (data, "seed", old != NULL ? (gint64) spec->seed : 0);
  if (spec->validation > 0.0)
    {
      json_object_set_double_member (data, "validation", spec->validation);
      if (spec->validation_seed != 0)
        json_object_set_int_member (data, "validation_seed", (gint64) spec->validation_seed);
    }
  return data;
}

/* data as the model's data (taken); a network's task follows the new
 * data (classes or a real target). */
static gboolean
use_data (GsWindow *self, JsonObject *data, GError **error)
{
  g_autoptr(JsonNode) root = experiment_tree (self);
  JsonObject *problem = tree_problem (root);

  json_object_set_object_member (problem, "data", data);
  drop (problem, "task");
  return load_model_tree (self, root, TRUE, error);
}

/* A CSV file as the model's data (the dialog's choice); on failure nothing
 * changes and the message says where: file:line:column. */
static gboolean
import_csv (GsWindow *self, const char *path, GError **error)
{
  const GsDataSpec *spec = &self->experiment->data;
  JsonObject *data = json_object_new ();

  json_object_set_string_member (data, "csv", path);
  if (spec->validation > 0.0)
    {
      json_object_set_double_member (data, "validation", spec->validation);
      if (spec->validation_seed != 0)
        json_object_set_int_member (data, "validation_seed", (gint64) spec->validation_seed);
    }
  return use_data (self, data, error);
}

static void
csv_response (GtkNativeDialog *chooser, int response, gpointer user_data)
{
  GsWindow *self = GS_WINDOW (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path == NULL)
        g_set_error (&error, GS_ERROR, GS_ERROR_IO, _("%s: only local files can be imported"),
                     g_file_peek_path (file));
      /* a bad file changes nothing: the message says where and what */
      if (error != NULL || !import_csv (self, path, &error))
        {
          show_problem (self);
          gs_mark_error (self->data_row, error->message);
          show_error (self, _("Cannot Import the CSV File"), error->message);
        }
      else
        gs_clear_error (self->data_row);
    }
  else
    show_problem (self);   /* the source shows what is in use */
  g_object_unref (chooser);
}

static void
import_csv_action (GtkWidget *widget, const char *name, GVariant *param)
{
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Import CSV Data"), GTK_WINDOW (widget),
                                 GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.CSV");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  g_signal_connect (chooser, "response", G_CALLBACK (csv_response), widget);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
data_source_selected (AdwComboRow *row, GParamSpec *pspec, GsWindow *self)
{
  guint selected = adw_combo_row_get_selected (row);
  g_autoptr(GError) error = NULL;

  if (self->building || self->experiment->kind == GS_PROBLEM_FUNCTION
      || selected >= G_N_ELEMENTS (sources) || selected == source_index (&self->experiment->data))
    return;
  if (selected == SOURCE_CSV)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.import-csv", NULL);
      return;
    }
  if (selected == SOURCE_INLINE)
    {
      show_problem (self);
      toast (self, _("Rows written in the experiment file come with a file: open one, "
                     "or pick a generator or a CSV file"));
      return;
    }
  commit_typed (self);
  if (use_data (self, generated_data (self->experiment, sources[selected].generator), &error))
    gs_clear_error (self->data_row);
  else
    edit_failed (self, self->data_row, _("Cannot use this data"), error);
}

static void
activation_selected (AdwComboRow *row, GParamSpec *pspec, GsWindow *self)
{
  guint selected = adw_combo_row_get_selected (row);
  const char *const *names = gs_activation_names ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  if (self->building || self->experiment->kind != GS_PROBLEM_MLP
      || selected >= g_strv_length ((char **) names)
      || selected == (guint) self->experiment->mlp.activation)
    return;
  commit_typed (self);
  root = experiment_tree (self);
  json_object_set_string_member (tree_problem (root), "activation", names[selected]);
  if (load_tree (self, root, TRUE, &error))
    gs_clear_error (self->activation_row);
  else
    edit_failed (self, self->activation_row, _("Cannot build this network"), error);
}

static void
precision_selected (AdwComboRow *row, GParamSpec *pspec, GsWindow *self)
{
  guint selected = adw_combo_row_get_selected (row);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  if (self->building || self->experiment->kind != GS_PROBLEM_MLP || selected > 1
      || selected == (guint) self->experiment->mlp.float32)
    return;
  commit_typed (self);
  root = experiment_tree (self);
  json_object_set_string_member (tree_problem (root), "precision",
                                 selected ? "float32" : "float64");
  if (load_tree (self, root, TRUE, &error))
    gs_clear_error (self->precision_row);
  else
    edit_failed (self, self->precision_row, _("Cannot build this network"), error);
}

/* ---- typed data and network fields ------------------------------------------------ */

/* The data and network fields as typed; the experiment's values for the
 * fields not shown. */
typedef struct
{
  double    samples, noise, seed, classes, validation, init_seed;
  guint     n_hidden;
  guint     hidden[GS_MLP_MAX_HIDDEN];
  guint     n_features;
  GsFeature features[GS_N_FEATURES];
} Typed;

/* "16, 16": the hidden layers' widths; empty: none */
static gboolean
read_hidden (GtkWidget *row, Typed *t)
{
  g_auto(GStrv) parts = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (row)), ",", -1);
  g_autofree char *msg = NULL;
  guint n = 0;

  for (guint i = 0; parts[i] != NULL && msg == NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      char *end = NULL;
      double w;

      if (*part == '\0' && parts[1] == NULL)
        break;   /* empty: no hidden layer */
      w = g_ascii_strtod (part, &end);
      if (*part == '\0' || *end != '\0' || w != floor (w) || w < 1 || w > GS_MLP_MAX_WIDTH)
        msg = g_strdup_printf (_("Hidden layers: “%s” is not a width: expected whole numbers "
                                 "from 1 to %u, comma-separated, such as “16, 16”"),
                               part, GS_MLP_MAX_WIDTH);
      else if (n == GS_MLP_MAX_HIDDEN)
        msg = g_strdup_printf (_("Hidden layers: at most %u"), GS_MLP_MAX_HIDDEN);
      else
        t->hidden[n++] = (guint) w;
    }
  if (msg != NULL)
    {
      gs_mark_error (row, msg);
      return FALSE;
    }
  gs_clear_error (row);
  t->n_hidden = n;
  return TRUE;
}

/* The input features' names, also as the docs write them ("x²", "sin x") */
static gboolean
feature_lookup (const char *name, GsFeature *out)
{
  static const struct { const char *alias; GsFeature feature; } aliases[] = {
    { "x²", GS_FEATURE_X2 }, { "y²", GS_FEATURE_Y2 }, { "x·y", GS_FEATURE_XY },
    { "x*y", GS_FEATURE_XY }, { "sin x", GS_FEATURE_SIN_X }, { "sin y", GS_FEATURE_SIN_Y },
  };

  if (gs_feature_from_string (name, out))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_str_equal (name, aliases[i].alias))
      {
        *out = aliases[i].feature;
        return TRUE;
      }
  return FALSE;
}

/* "x, y, xy": the network's input features; empty: the raw inputs */
static gboolean
read_features (GtkWidget *row, Typed *t)
{
  g_auto(GStrv) parts = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (row)), ",", -1);
  g_autofree char *msg = NULL;
  guint n = 0;

  for (guint i = 0; parts[i] != NULL && msg == NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      GsFeature f;

      if (*part == '\0' && parts[1] == NULL)
        break;   /* empty: the raw inputs */
      if (!feature_lookup (part, &f))
        {
          g_autofree char *names = g_strjoinv (", ", (char **) gs_feature_names ());
          /* TRANSLATORS: what was typed, then the feature names there are */
          msg = g_strdup_printf (_("Input features: “%s” is not one: expected names from %s, "
                                   "comma-separated (empty: the raw inputs)"), part, names);
        }
      else
        {
          for (guint j = 0; j < n && msg == NULL; j++)
            if (t->features[j] == f)
              msg = g_strdup_printf (_("Input features: %s is listed twice"),
                                     gs_feature_to_string (f));
          if (msg == NULL)
            t->features[n++] = f;
        }
    }
  if (msg != NULL)
    {
      gs_mark_error (row, msg);
      return FALSE;
    }
  gs_clear_error (row);
  t->n_features = n;
  return TRUE;
}

/* The number of classes the generator makes (its default when not set) */
static guint
data_classes (const GsDataSpec *data)
{
  const GsGeneratorInfo *info = data->kind == GS_DATA_GENERATOR
    ? gs_dataset_generator_lookup (data->generator) : NULL;

  if (info == NULL)
    return 0;
  return data->classes != 0 ? data->classes : info->default_classes;
}

/* A fraction in [0, 1); empty: 0 */
static gboolean
read_fraction (GtkWidget *row, const char *what, double *out)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  *out = 0;
  if (*stripped == '\0')
    {
      gs_clear_error (row);
      return TRUE;
    }
  if (!gs_entry_number (row, stripped, 0, FALSE, 1, what, out))
    return FALSE;
  if (*out >= 1)
    {
      g_autofree char *msg = g_strdup_printf (_("%s: expected a fraction f with 0 ≤ f < 1"), what);
      gs_mark_error (row, msg);
      return FALSE;
    }
  return TRUE;
}

/* Reads every data and network field shown; false (each bad one marked)
 * when any is not valid. */
static gboolean
read_typed (GsWindow *self, Typed *t)
{
  const GsExperiment *exp = self->experiment;
  const GsDataSpec *data = &exp->data;
  gboolean generated = data->kind == GS_DATA_GENERATOR;
  gboolean ok = TRUE;

  t->samples = data->samples;
  t->noise = data->noise;
  t->seed = data->seed;
  t->classes = data_classes (data);
  t->validation = data->validation;
  t->init_seed = exp->mlp.init_seed;
  t->n_hidden = exp->mlp.n_hidden;
  memcpy (t->hidden, exp->mlp.hidden, sizeof t->hidden);
  t->n_features = exp->mlp.n_features;
  memcpy (t->features, exp->mlp.features, sizeof t->features);
  if (exp->kind == GS_PROBLEM_FUNCTION)
    return TRUE;

  if (generated)
    {
      ok = whole_number (self->samples_row, 2, 1e6, _("samples"), &t->samples) && ok;
      ok = gs_entry_number (self->noise_row, gtk_editable_get_text (GTK_EDITABLE (self->noise_row)),
                         0, FALSE, 1e6, _("noise"), &t->noise) && ok;
      ok = whole_number (self->seed_row, 0, 9007199254740992.0, _("seed"), &t->seed) && ok;
      if (gs_dataset_generator_lookup (data->generator)->any_classes)
        ok = whole_number (self->classes_row, 2, GS_DATASET_MAX_CLASSES, _("classes"),
                           &t->classes) && ok;
    }
  ok = read_fraction (self->validation_row, _("validation"), &t->validation) && ok;
  if (exp->kind == GS_PROBLEM_MLP)
    {
      ok = read_hidden (self->hidden_row, t) && ok;
      ok = read_features (self->features_row, t) && ok;
      ok = whole_number (self->init_seed_row, 0, 9007199254740992.0, _("init seed"),
                         &t->init_seed) && ok;
    }
  return ok;
}

/* Commits the typed data and network fields: one new problem, every run
 * restarted on it; when it cannot be built nothing changes and the field
 * typed into last says why. */
static void
apply_typed (GsWindow *self)
{
  const GsExperiment *exp = self->experiment;
  const GsMlpConfig *mlp = &exp->mlp;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *problem, *data;
  GtkWidget *field = self->edit_field;
  gboolean network;
  Typed t;

  g_clear_handle_id (&self->edit_id, g_source_remove);
  if (exp->kind == GS_PROBLEM_FUNCTION || !read_typed (self, &t))
    return;
  network = exp->kind == GS_PROBLEM_MLP
    && (t.n_hidden != mlp->n_hidden
        || memcmp (t.hidden, mlp->hidden, sizeof (guint) * t.n_hidden) != 0
        || t.n_features != mlp->n_features
        || memcmp (t.features, mlp->features, sizeof (GsFeature) * t.n_features) != 0
        || t.init_seed != mlp->init_seed);
  if (!network && t.samples == exp->data.samples && t.noise == exp->data.noise
      && t.seed == exp->data.seed && t.classes == data_classes (&exp->data)
      && t.validation == exp->data.validation)
    return;

  root = experiment_tree (self);
  problem = tree_problem (root);
  data = tree_data (root);
  if (exp->data.kind == GS_DATA_GENERATOR)
    {
      json_object_set_int_member (data, "samples", (gint64) t.samples);
      json_object_set_double_member (data, "noise", t.noise);
      json_object_set_int_member (data, "seed", (gint64) t.seed);
      if (t.classes != data_classes (&exp->data))
        json_object_set_int_member (data, "classes", (gint64) t.classes);
    }
  drop (data, "validation");
  drop (data, "validation_seed");
  if (t.validation > 0)
    {
      json_object_set_double_member (data, "validation", t.validation);
      if (exp->data.validation_seed != 0)
        json_object_set_int_member (data, "validation_seed", (gint64) exp->data.validation_seed);
    }
  if (exp->kind == GS_PROBLEM_MLP)
    {
      JsonArray *hidden = json_array_new ();

      for (guint l = 0; l < t.n_hidden; l++)
        json_array_add_int_element (hidden, t.hidden[l]);
      json_object_set_array_member (problem, "hidden", hidden);
      drop (problem, "features");
      if (t.n_features > 0)
        {
          JsonArray *features = json_array_new ();

          for (guint i = 0; i < t.n_features; i++)
            json_array_add_string_element (features, gs_feature_to_string (t.features[i]));
          json_object_set_array_member (problem, "features", features);
        }
      json_object_set_int_member (problem, "init_seed", (gint64) t.init_seed);
    }

  /* a new init seed is a new start */
  if (load_tree (self, root, t.init_seed == mlp->init_seed, &error))
    return;
  if (field == NULL)
    field = network ? self->hidden_row : self->data_row;
  edit_failed (self, field,
               gtk_widget_is_ancestor (field, self->network_group)
               ? _("Cannot build this network") : _("Cannot use this data"), error);
}

static gboolean
apply_typed_timeout (gpointer data)
{
  GsWindow *self = data;

  self->edit_id = 0;
  apply_typed (self);
  return G_SOURCE_REMOVE;
}

/* Typing: a field says at once what is wrong with it, but a valid value
 * only applies once typing pauses (or on Enter, or leaving the field):
 * "300" samples does not pass through 3 and 30, each restarting the runs. */
static void
typed_changed (GtkEditable *editable, GsWindow *self)
{
  Typed t;

  if (self->building)
    return;
  g_clear_handle_id (&self->edit_id, g_source_remove);
  self->edit_field = GTK_WIDGET (editable);
  if (read_typed (self, &t))
    self->edit_id = g_timeout_add (SHARED_APPLY_DELAY_MS, apply_typed_timeout, self);
}

/* Enter, leaving a field, saving: what was typed applies now. */
static void
typed_commit (GsWindow *self)
{
  if (self->edit_id != 0)
    apply_typed (self);
}

static void
commit_typed (GsWindow *self)
{
  shared_commit (self);
  typed_commit (self);
}

/* ---- the contour's axes ---------------------------------------------------------- */

/* The axis rows' model: every parameter's name, made when the list asks
 * for it (a network can have a million parameters). */
#define GS_TYPE_PARAM_NAMES (gs_param_names_get_type ())
G_DECLARE_FINAL_TYPE (GsParamNames, gs_param_names, GS, PARAM_NAMES, GObject)

struct _GsParamNames
{
  GObject    parent_instance;
  GsWindow  *window;    /* whose rows hold the model */
  GsProblem *problem;   /* a reference: the problem named */
  guint      n;         /* its parameters */
};

static GType
param_names_item_type (GListModel *model)
{
  return GTK_TYPE_STRING_OBJECT;
}

static guint
param_names_n_items (GListModel *model)
{
  return GS_PARAM_NAMES (model)->n;
}

static gpointer
param_names_item (GListModel *model, guint position)
{
  GsParamNames *self = GS_PARAM_NAMES (model);
  g_autofree char *name = NULL;

  if (position >= self->n)
    return NULL;
  /* between a new problem and the panel's next fill, plain indices */
  name = self->window->experiment != NULL && self->window->experiment->problem == self->problem
    ? gs_problem_param_name (self->window->experiment->problem, position)
    : g_strdup_printf ("θ%u", position);
  return gtk_string_object_new (name);
}

static void
param_names_model_init (GListModelInterface *iface)
{
  iface->get_item_type = param_names_item_type;
  iface->get_n_items = param_names_n_items;
  iface->get_item = param_names_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (GsParamNames, gs_param_names, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, param_names_model_init))

static void
gs_param_names_finalize (GObject *object)
{
  g_clear_pointer (&GS_PARAM_NAMES (object)->problem, gs_problem_unref);
  G_OBJECT_CLASS (gs_param_names_parent_class)->finalize (object);
}

static void
gs_param_names_class_init (GsParamNamesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gs_param_names_finalize;
}

static void
gs_param_names_init (GsParamNames *self)
{
}

static GListModel *
param_names_new (GsWindow *window, GsProblem *problem)
{
  GsParamNames *self = g_object_new (GS_TYPE_PARAM_NAMES, NULL);

  self->window = window;
  self->problem = gs_problem_ref (problem);
  self->n = gs_problem_get_n_params (problem);
  return G_LIST_MODEL (self);
}

static void
axis_selected (AdwComboRow *row, GParamSpec *pspec, GsWindow *self)
{
  guint x = adw_combo_row_get_selected (ADW_COMBO_ROW (self->axis_x_row));
  guint y = adw_combo_row_get_selected (ADW_COMBO_ROW (self->axis_y_row));

  if (self->building || x == GTK_INVALID_LIST_POSITION || y == GTK_INVALID_LIST_POSITION)
    return;
  if (x == y)
    {
      toast (self, _("Pick two different parameters for the contour's axes"));
      return;
    }
  self->axis_x = x;
  self->axis_y = y;
  gs_window_views_reset_window (self);
}

/* ---- runs list ----------------------------------------------------------------------- */

typedef struct
{
  GsWindow  *window;
  guint      run;
  guint      param;      /* index into the optimizer's params */
  guint      component;  /* pairs: 0 or 1 */
} ParamRef;

/* "Adam · lr 0.01 · Cosine annealing" */
static void
set_run_subtitle (GtkWidget *row, const GsRunSpec *spec)
{
  /* three digits read well in a subtitle (the field holds every digit) */
  g_autofree char *lr = g_strdup_printf ("%.3g", spec->optimizer_values.values[0][0]);
  gboolean scheduled = spec->schedule->kind != GS_SCHEDULE_CONSTANT;
  g_autofree char *subtitle = g_strdup_printf ("%s · lr %s%s%s", gs_tr (spec->optimizer->title),
                                               lr, scheduled ? " · " : "",
                                               scheduled ? gs_tr (spec->schedule->title) : "");

  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
}

static void
free_ref (gpointer data, GClosure *closure)
{
  g_free (data);
}

static void
param_changed (GtkEditable *editable, ParamRef *ref)
{
  GsWindow *self = ref->window;
  GsRunSpec *spec;
  const GsParamSpec *pspec;
  const char *text = gtk_editable_get_text (editable);
  g_autofree char *msg = NULL;
  char *end = NULL;
  double v;
  GsParamValues values;
  GsRunConfig config;

  if (self->building || ref->run >= gs_experiment_get_n_runs (self->experiment))
    return;
  spec = gs_experiment_get_run (self->experiment, ref->run);
  pspec = &spec->optimizer->params[ref->param];

  v = g_ascii_strtod (text, &end);
  if (*text == '\0' || *end != '\0')
    msg = g_strdup_printf (_("%s: expected a number"), pspec->name);
  else if (gs_param_check (pspec, ref->component, v, &msg))
    {
      values = spec->optimizer_values;
      values.values[ref->param][ref->component] = v;
      values.set |= 1u << ref->param;
      gs_optimizer_check (spec->optimizer, &values, &msg);
    }

  if (msg)
    {
      /* not applied; the field says what is allowed */
      g_autofree char *range = gs_param_range_text (pspec);
      /* TRANSLATORS: what is wrong, then the allowed range such as “(0, ∞)” */
      g_autofree char *tip = g_strdup_printf (_("%s\nAllowed: %s"), msg, range);
      gtk_widget_add_css_class (GTK_WIDGET (editable), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (editable), tip);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (editable), gs_tr (pspec->blurb));
  spec->optimizer_values = values;
  if (ref->run < self->run_rows->len)
    set_run_subtitle (g_ptr_array_index (self->run_rows, ref->run), spec);
  gs_experiment_get_run_config (self->experiment, ref->run, &config);
  gs_teach_resume (self);
  gs_engine_set_config (self->engine, ref->run, &config);
}

static void
bool_param_changed (GtkSwitch *sw, GParamSpec *unused, ParamRef *ref)
{
  GsWindow *self = ref->window;
  GsRunSpec *spec;
  GsParamValues values;
  g_autofree char *msg = NULL;
  GsRunConfig config;

  if (self->building)
    return;
  spec = gs_experiment_get_run (self->experiment, ref->run);
  values = spec->optimizer_values;
  values.values[ref->param][0] = gtk_switch_get_active (sw);
  values.set |= 1u << ref->param;
  if (!gs_optimizer_check (spec->optimizer, &values, &msg))
    {
      toast (self, msg);
      self->building = TRUE;
      gtk_switch_set_active (sw, spec->optimizer_values.values[ref->param][0] != 0);
      self->building = FALSE;
      return;
    }
  spec->optimizer_values = values;
  gs_experiment_get_run_config (self->experiment, ref->run, &config);
  gs_teach_resume (self);
  gs_engine_set_config (self->engine, ref->run, &config);
}

/* lr slider: log10(lr) from 1e-6 to 10 */
static void
lr_slider_changed (GtkRange *range, ParamRef *ref)
{
  GsWindow *self = ref->window;
  GtkWidget *entry = g_object_get_data (G_OBJECT (range), "entry");
  double lr = pow (10, gtk_range_get_value (range));
  g_autofree char *text = NULL;

  if (self->building)
    return;
  /* three significant digits read well on a slider */
  text = g_strdup_printf ("%.3g", lr);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
lr_entry_to_slider (GtkEditable *editable, GtkRange *range)
{
  double v = g_ascii_strtod (gtk_editable_get_text (editable), NULL);
  GtkWidget *widget = GTK_WIDGET (editable);
  GsWindow *self = GS_WINDOW (gtk_widget_get_root (widget));

  if (v > 0 && isfinite (v) && !gtk_widget_has_css_class (widget, "error"))
    {
      gboolean was = self->building;
      self->building = TRUE;
      gtk_range_set_value (range, log10 (v));
      self->building = was;
    }
}

/* Takes spec as the experiment's last run, and the engine's: it starts at
 * step 0 (playing if the others play) while the others go on. Its view
 * shows the spec's colour, or one no other run shows. */
static void
append_run (GsWindow *self, GsRunSpec *spec)
{
  GsExperiment *exp = self->experiment;
  GsRunView view = { 0 };
  GsRunConfig config;
  guint i;

  /* a shared value typed a moment ago is the new run's too */
  shared_commit (self);
  g_ptr_array_add (exp->runs, spec);
  i = gs_experiment_get_n_runs (exp) - 1;
  gs_experiment_get_run_config (exp, i, &config);
  i = gs_engine_add_run (self->engine, exp->problem, &config,
                         exp->has_start ? exp->start : NULL);
  g_warn_if_fail (i == self->run_views->len);

  view.label = g_strdup (spec->label);
  view.visible = TRUE;
  view.all_rows = g_array_new (FALSE, FALSE, sizeof (double));
  view.scrub_rows = g_array_new (FALSE, FALSE, sizeof (double));
  view.rows = view.all_rows;
  view.trace_generation = G_MAXUINT;
  g_array_append_val (self->run_views, view);
  if (spec->color == NULL
      || !gdk_rgba_parse (&g_array_index (self->run_views, GsRunView, i).color, spec->color))
    g_array_index (self->run_views, GsRunView, i).color = unused_color (self, i);
  self->force_refresh = TRUE;
  rebuild_panel_later (self);
}

/* Run i leaves the experiment, the engine and the views; the runs after it
 * move up one place and go on with their rows, looks and progress. */
static void
remove_run (GsWindow *self, guint i)
{
  guint n = self->run_rows->len;

  g_ptr_array_remove_index (self->experiment->runs, i);
  gs_engine_remove_run (self->engine, i);
  if (i < self->run_views->len)
    g_array_remove_index (self->run_views, i);
  /* the contour view's walk state of that run */
  if (self->walk_caches != NULL && i < self->walk_caches->len)
    g_ptr_array_remove_index (self->walk_caches, i);
  /* the panel is filled again by index: the open rows after i move up */
  for (guint j = i; j + 1 < n; j++)
    adw_expander_row_set_expanded (g_ptr_array_index (self->run_rows, j),
                                   adw_expander_row_get_expanded (g_ptr_array_index (self->run_rows,
                                                                                     j + 1)));
  self->force_refresh = TRUE;
  rebuild_panel_later (self);
  gs_window_views_refresh (self);
}

static void
remove_run_clicked (GtkButton *button, ParamRef *ref)
{
  GsWindow *self = ref->window;

  if (gs_experiment_get_n_runs (self->experiment) <= 1)
    {
      toast (self, _("An experiment keeps at least one run"));
      return;
    }
  if (ref->run < gs_experiment_get_n_runs (self->experiment))
    remove_run (self, ref->run);
}

static GsRunSpec *
run_spec_copy (const GsRunSpec *spec)
{
  GsRunSpec *copy = g_new (GsRunSpec, 1);

  *copy = *spec;
  copy->label = g_strdup (spec->label);
  copy->color = g_strdup (spec->color);
  return copy;
}

/* The copy goes after the last run, from step 0; the others go on. */
static void
duplicate_run_clicked (GtkButton *button, ParamRef *ref)
{
  GsWindow *self = ref->window;
  GsRunSpec *copy;

  if (ref->run >= gs_experiment_get_n_runs (self->experiment))
    return;
  copy = run_spec_copy (gs_experiment_get_run (self->experiment, ref->run));
  g_free (copy->label);
  /* TRANSLATORS: the name of a copy of the run named %s */
  copy->label = g_strdup_printf (_("%s (copy)"),
                                 gs_experiment_get_run (self->experiment, ref->run)->label);
  g_clear_pointer (&copy->color, g_free);
  append_run (self, copy);
}

static void
visible_toggled (GtkCheckButton *check, ParamRef *ref)
{
  GsWindow *self = ref->window;

  if (ref->run < self->run_views->len)
    {
      g_array_index (self->run_views, GsRunView, ref->run).visible = gtk_check_button_get_active (check);
      gs_window_views_refresh (self);
    }
}

static void
color_set (GtkColorButton *button, ParamRef *ref)
{
  GsWindow *self = ref->window;
  GdkRGBA rgba;
  GsRunSpec *spec = gs_experiment_get_run (self->experiment, ref->run);

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  g_free (spec->color);
  spec->color = g_strdup_printf ("#%02x%02x%02x", (int) lround (rgba.red * 255),
                                 (int) lround (rgba.green * 255), (int) lround (rgba.blue * 255));
  if (ref->run < self->run_views->len)
    g_array_index (self->run_views, GsRunView, ref->run).color = rgba;
  gs_window_views_refresh (self);
}

static void
label_changed (GtkEditable *editable, ParamRef *ref)
{
  GsWindow *self = ref->window;
  GsRunSpec *spec = gs_experiment_get_run (self->experiment, ref->run);
  const char *text = gtk_editable_get_text (editable);
  GtkWidget *row = g_ptr_array_index (self->run_rows, ref->run);
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (self->building)
    return;
  if (*stripped == '\0')
    {
      /* not applied: the legend and the results need a name */
      gs_mark_error (GTK_WIDGET (editable), _("A run needs a name; the old one stays until you "
                                           "type one"));
      return;
    }
  gs_clear_error (GTK_WIDGET (editable));
  g_free (spec->label);
  spec->label = g_strdup (text);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  if (ref->run < self->run_views->len)
    {
      GsRunView *view = &g_array_index (self->run_views, GsRunView, ref->run);
      g_free (view->label);
      view->label = g_strdup (text);
    }
  gs_window_views_refresh (self);
}

static ParamRef *
param_ref (GsWindow *self, guint run, guint param, guint component)
{
  ParamRef *ref = g_new0 (ParamRef, 1);

  ref->window = self;
  ref->run = run;
  ref->param = param;
  ref->component = component;
  return ref;
}

/* Schedules' required values get defaults that fit the run's budget. */
static void
schedule_defaults (const GsScheduleInfo *info, GsParamValues *values, guint64 max_steps)
{
  gs_param_values_init (values, info->params, info->n_params);
  for (guint p = 0; p < info->n_params; p++)
    {
      const char *name = info->params[p].name;

      if (!isnan (values->values[p][0]))
        continue;
      if (g_str_equal (name, "step_size"))
        values->values[p][0] = MAX (1, max_steps / 4);
      else if (g_str_equal (name, "t_max"))
        values->values[p][0] = MAX (1, max_steps);
      else if (g_str_equal (name, "gamma"))
        values->values[p][0] = 0.999;
      else if (g_str_equal (name, "decay"))
        values->values[p][0] = 0.01;
      values->set |= 1u << p;
    }
}

static void
push_run (GsWindow *self, guint run)
{
  GsRunConfig config;

  gs_experiment_get_run_config (self->experiment, run, &config);
  gs_teach_resume (self);
  gs_engine_set_config (self->engine, run, &config);
}

static void
schedule_selected (AdwComboRow *row, GParamSpec *pspec, ParamRef *ref)
{
  GsWindow *self = ref->window;
  guint n;
  const GsScheduleInfo *all = gs_schedules (&n);
  guint k = adw_combo_row_get_selected (row);
  GsRunSpec *spec;

  if (self->building || k >= n)
    return;
  spec = gs_experiment_get_run (self->experiment, ref->run);
  if (spec->schedule == &all[k])
    return;
  spec->schedule = &all[k];
  schedule_defaults (spec->schedule, &spec->schedule_values, self->experiment->max_steps);
  push_run (self, ref->run);
  /* the row shows the new schedule's parameters; it stays open */
  rebuild_panel_later (self);
}

static void
schedule_param_changed (GtkEditable *editable, ParamRef *ref)
{
  GsWindow *self = ref->window;
  GsRunSpec *spec;
  const GsParamSpec *pspec;
  const char *text = gtk_editable_get_text (editable);
  g_autofree char *msg = NULL;
  char *end = NULL;
  double v;

  if (self->building)
    return;
  spec = gs_experiment_get_run (self->experiment, ref->run);
  pspec = &spec->schedule->params[ref->param];
  v = g_ascii_strtod (text, &end);
  if (*text == '\0' || *end != '\0')
    msg = g_strdup_printf (_("%s: expected a number"), pspec->name);
  else if (gs_param_check (pspec, 0, v, &msg))
    {
      spec->schedule_values.values[ref->param][0] = v;
      spec->schedule_values.set |= 1u << ref->param;
      push_run (self, ref->run);
      gs_clear_error (GTK_WIDGET (editable));
      return;
    }
  {
    g_autofree char *range = gs_param_range_text (pspec);
    g_autofree char *tip = g_strdup_printf (_("%s\nAllowed: %s"), msg, range);
    gs_mark_error (GTK_WIDGET (editable), tip);
  }
}

static GtkWidget *
param_entry_row (GsWindow *self, guint run, GsRunSpec *spec, guint p, guint component)
{
  const GsParamSpec *pspec = &spec->optimizer->params[p];
  GtkWidget *row = adw_entry_row_new ();
  g_autofree char *text = format_number (spec->optimizer_values.values[p][component]);
  g_autofree char *title = pspec->type == GS_PARAM_PAIR
    ? g_strdup_printf ("%s (β%u)", pspec->name, component + 1) : g_strdup (pspec->name);
  g_autofree char *range = gs_param_range_text (pspec);
  g_autofree char *tip = g_strdup_printf (_("%s\nAllowed: %s"), gs_tr (pspec->blurb), range);
  g_autofree char *widget_name = g_strdup_printf ("run%u-%s%s", run, pspec->name,
                                                  component ? "-1" : "");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  gtk_widget_set_tooltip_text (row, tip);
  /* names let tests and accessibility tools find each editor */
  gtk_widget_set_name (row, widget_name);
  g_signal_connect_data (row, "changed", G_CALLBACK (param_changed),
                         param_ref (self, run, p, component), free_ref, 0);
  return row;
}

static GtkWidget *
build_run_row (GsWindow *self, guint i)
{
  GsRunSpec *spec = gs_experiment_get_run (self->experiment, i);
  const GsOptimizerInfo *info = spec->optimizer;
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *color = gtk_color_button_new ();
  GtkWidget *visible = gtk_check_button_new ();
  GtkWidget *label_row = adw_entry_row_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *dup = gtk_button_new_with_label (_("Duplicate"));
  GtkWidget *del = gtk_button_new_with_label (_("Remove"));
  GtkWidget *buttons_row = adw_action_row_new ();
  GdkRGBA rgba = g_array_index (self->run_views, GsRunView, i).color;
  g_autofree char *name_color = g_strdup_printf ("run%u-color", i);
  g_autofree char *name_visible = g_strdup_printf ("run%u-visible", i);
  g_autofree char *name_label = g_strdup_printf ("run%u-label", i);
  g_autofree char *name_dup = g_strdup_printf ("run%u-duplicate", i);
  g_autofree char *name_del = g_strdup_printf ("run%u-remove", i);

  gtk_widget_set_name (color, name_color);
  gtk_widget_set_name (visible, name_visible);
  gtk_widget_set_name (label_row, name_label);
  gtk_widget_set_name (dup, name_dup);
  gtk_widget_set_name (del, name_del);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), spec->label);
  set_run_subtitle (row, spec);
  gtk_widget_set_tooltip_text (row, _("Click to edit this run's optimizer and its parameters"));

  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (color), &rgba);
  gtk_widget_set_valign (color, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (color, _("Colour of this run's trajectory and curves"));
  gtk_widget_add_css_class (color, "flat");
  g_signal_connect_data (color, "color-set", G_CALLBACK (color_set),
                         param_ref (self, i, 0, 0), free_ref, 0);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), color);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (visible),
                               g_array_index (self->run_views, GsRunView, i).visible);
  gtk_widget_set_valign (visible, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (visible, _("Show this run in the views"));
  g_signal_connect_data (visible, "toggled", G_CALLBACK (visible_toggled),
                         param_ref (self, i, 0, 0), free_ref, 0);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), visible);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (label_row), _("Name"));
  gtk_editable_set_text (GTK_EDITABLE (label_row), spec->label);
  gtk_widget_set_tooltip_text (label_row, _("The run's name in the legend and the results"));
  g_signal_connect_data (label_row, "changed", G_CALLBACK (label_changed),
                         param_ref (self, i, 0, 0), free_ref, 0);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), label_row);

  for (guint p = 0; p < info->n_params; p++)
    {
      const GsParamSpec *pspec = &info->params[p];

      if (pspec->type == GS_PARAM_BOOL)
        {
          GtkWidget *sw_row = adw_action_row_new ();
          GtkWidget *sw = gtk_switch_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (sw_row), pspec->name);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (sw_row), gs_tr (pspec->blurb));
          gtk_switch_set_active (GTK_SWITCH (sw), spec->optimizer_values.values[p][0] != 0);
          gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (sw, gs_tr (pspec->blurb));
          g_signal_connect_data (sw, "notify::active", G_CALLBACK (bool_param_changed),
                                 param_ref (self, i, p, 0), free_ref, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (sw_row), sw);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), sw_row);
          continue;
        }

      for (guint c = 0; c < (pspec->type == GS_PARAM_PAIR ? 2u : 1u); c++)
        {
          GtkWidget *entry = param_entry_row (self, i, spec, p, c);

          if (p == 0)
            {
              /* the learning rate also gets a log-scale slider */
              GtkWidget *slider_row = adw_action_row_new ();
              GtkWidget *scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, -6, 1, 0.01);
              double lr = spec->optimizer_values.values[0][0];

              adw_preferences_row_set_title (ADW_PREFERENCES_ROW (slider_row), "log₁₀ lr");
              gtk_scale_set_draw_value (GTK_SCALE (scale), FALSE);
              gtk_widget_set_hexpand (scale, TRUE);
              gtk_widget_set_size_request (scale, 140, -1);
              gtk_range_set_value (GTK_RANGE (scale), isfinite (lr) && lr > 0 ? log10 (lr) : -3);
              gtk_widget_set_tooltip_text (scale, _("Learning rate on a logarithmic scale, "
                                                    "from 10⁻⁶ to 10; type an exact value above"));
              g_object_set_data (G_OBJECT (scale), "entry", entry);
              /* the teaching panel marks 2/λmax on it */
              if (self->lr_scales == NULL)
                self->lr_scales = g_ptr_array_new_with_free_func (g_object_unref);
              g_ptr_array_add (self->lr_scales, g_object_ref (scale));
              g_signal_connect_data (scale, "value-changed", G_CALLBACK (lr_slider_changed),
                                     param_ref (self, i, 0, 0), free_ref, 0);
              g_signal_connect_after (entry, "changed", G_CALLBACK (lr_entry_to_slider), scale);
              adw_action_row_add_suffix (ADW_ACTION_ROW (slider_row), scale);
              adw_expander_row_add_row (ADW_EXPANDER_ROW (row), entry);
              adw_expander_row_add_row (ADW_EXPANDER_ROW (row), slider_row);
              continue;
            }
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), entry);
        }
    }

  {
    /* the schedule and its parameters */
    guint n_sched;
    const GsScheduleInfo *all = gs_schedules (&n_sched);
    GtkStringList *names = gtk_string_list_new (NULL);
    GtkWidget *sched_row = adw_combo_row_new ();
    guint current = 0;

    for (guint k = 0; k < n_sched; k++)
      {
        gtk_string_list_append (names, gs_tr (all[k].title));
        if (&all[k] == spec->schedule)
          current = k;
      }
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (sched_row), _("Schedule"));
    adw_combo_row_set_model (ADW_COMBO_ROW (sched_row), G_LIST_MODEL (names));
    g_object_unref (names);
    adw_combo_row_set_selected (ADW_COMBO_ROW (sched_row), current);
    adw_action_row_set_subtitle (ADW_ACTION_ROW (sched_row), gs_tr (spec->schedule->formula));
    gtk_widget_set_tooltip_text (sched_row, _("How the learning rate changes with the step t"));
    g_signal_connect_data (sched_row, "notify::selected", G_CALLBACK (schedule_selected),
                           param_ref (self, i, 0, 0), free_ref, 0);
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), sched_row);

    for (guint p = 0; p < spec->schedule->n_params; p++)
      {
        const GsParamSpec *pspec = &spec->schedule->params[p];
        GtkWidget *entry = adw_entry_row_new ();
        g_autofree char *text = format_number (spec->schedule_values.values[p][0]);
        g_autofree char *range = gs_param_range_text (pspec);
        g_autofree char *tip = g_strdup_printf (_("%s\nAllowed: %s"), gs_tr (pspec->blurb), range);
        g_autofree char *wname = g_strdup_printf ("run%u-schedule-%s", i, pspec->name);

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), pspec->name);
        gtk_editable_set_text (GTK_EDITABLE (entry), text);
        gtk_widget_set_tooltip_text (entry, tip);
        gtk_widget_set_name (entry, wname);
        g_signal_connect_data (entry, "changed", G_CALLBACK (schedule_param_changed),
                               param_ref (self, i, p, 0), free_ref, 0);
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row), entry);
      }
  }

  gtk_widget_set_tooltip_text (dup, _("Add a copy of this run with the same settings"));
  gtk_widget_set_tooltip_text (del, _("Remove this run"));
  gtk_widget_add_css_class (del, "destructive-action");
  g_signal_connect_data (dup, "clicked", G_CALLBACK (duplicate_run_clicked),
                         param_ref (self, i, 0, 0), free_ref, 0);
  g_signal_connect_data (del, "clicked", G_CALLBACK (remove_run_clicked),
                         param_ref (self, i, 0, 0), free_ref, 0);
  gtk_box_append (GTK_BOX (buttons), dup);
  gtk_box_append (GTK_BOX (buttons), del);
  gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (buttons_row), buttons);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), buttons_row);
  return row;
}

static void
add_run_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  GsWindow *self = GS_WINDOW (widget);
  const char *optimizer = g_variant_get_string (param, NULL);
  const GsOptimizerInfo *info = gs_optimizer_lookup (optimizer);
  GsRunSpec *spec;

  if (info == NULL)
    return;
  spec = g_new0 (GsRunSpec, 1);
  spec->optimizer = info;
  gs_param_values_init (&spec->optimizer_values, info->params, info->n_params);
  if (isnan (spec->optimizer_values.values[0][0]))
    {
      spec->optimizer_values.values[0][0] = 0.001;   /* sgd has no default lr */
      spec->optimizer_values.set |= 1;
    }
  spec->schedule = gs_schedule_lookup ("constant");
  gs_param_values_init (&spec->schedule_values, spec->schedule->params, spec->schedule->n_params);
  /* the run's name in the user's language; it is saved as it reads */
  spec->label = g_strdup (gs_tr (info->title));
  spec->batch_size = -1;
  append_run (self, spec);
}

/* ---- for the Studies page ------------------------------------------------------- */

void
gs_window_toast (GsWindow *self, const char *message)
{
  toast (self, message);
}

void
gs_window_show_error (GsWindow *self, const char *heading, const char *message)
{
  show_error (self, heading, message);
}

GsExperiment *
gs_window_copy_experiment (GsWindow *self, GError **error)
{
  g_autofree char *json = NULL;

  commit_typed (self);
  json = gs_experiment_to_json (self->experiment);
  return gs_experiment_new_from_data (json, -1, "study", self->experiment->base_dir, error);
}

/* Sets a hyper-parameter of spec by name: an optimizer parameter (a pair's
 * component as "betas[1]") or "batch_size" */
static void
run_spec_set (GsRunSpec *spec, const char *name, double v)
{
  g_autofree char *base = g_strdup (name);
  char *bracket = strchr (base, '[');
  guint component = 0;
  int index;

  if (g_str_equal (name, "batch_size"))
    {
      spec->batch_size = (int) MAX (1.0, round (v));
      return;
    }
  if (bracket)
    {
      *bracket = '\0';
      component = bracket[1] == '1';
    }
  index = gs_param_find (spec->optimizer->params, spec->optimizer->n_params, base);
  if (index < 0)
    return;
  if (spec->optimizer->params[index].type == GS_PARAM_INT)
    v = round (v);
  spec->optimizer_values.values[index][component] = v;
  spec->optimizer_values.set |= 1u << index;
}

static void
show_runs_page (GsWindow *self)
{
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (self->main_stack), "runs");
}

void
gs_window_add_study_run (GsWindow *self, const GsExperiment *exp, guint r, const char *x_param,
                         double x, const char *y_param, double y)
{
  const GsRunSpec *from;
  GsRunSpec *copy;
  g_autofree char *msg = NULL;
  AdwToast *t;

  if (r >= gs_experiment_get_n_runs (exp))
    return;
  from = gs_experiment_get_run (exp, r);
  copy = run_spec_copy (from);
  run_spec_set (copy, x_param, x);
  run_spec_set (copy, y_param, y);
  g_free (copy->label);
  /* TRANSLATORS: a run added from a phase-map cell: the run's name, then
   * its two hyper-parameters with their values */
  copy->label = g_strdup_printf (_("%s · %s %.3g, %s %.3g"), from->label, x_param, x, y_param, y);
  g_clear_pointer (&copy->color, g_free);
  append_run (self, copy);
  msg = g_strdup_printf (_("Added “%s”"), copy->label);
  t = adw_toast_new (msg);
  adw_toast_set_button_label (t, _("Show"));
  adw_toast_set_action_name (t, "win.show-runs");
  adw_toast_overlay_add_toast (self->toasts, t);
}

void
gs_window_use_learning_rates (GsWindow *self, const double *lr, guint n)
{
  guint n_runs = gs_experiment_get_n_runs (self->experiment);

  commit_typed (self);
  for (guint r = 0; r < MIN (n, n_runs); r++)
    if (isfinite (lr[r]) && lr[r] > 0)
      {
        GsRunSpec *spec = gs_experiment_get_run (self->experiment, r);

        spec->optimizer_values.values[0][0] = lr[r];
        spec->optimizer_values.set |= 1;
      }
  push_configs (self);
  self->scrub_step = G_MAXUINT64;
  gs_engine_reset (self->engine, NULL);
  rebuild_panel (self);
  show_runs_page (self);
  gs_engine_play (self->engine);
  update_play_button (self);
}

void
gs_window_use_strength (GsWindow *self, guint r, gboolean l1, double lambda)
{
  GsRegularization *reg;
  GsRunSpec *spec;

  commit_typed (self);
  if (r >= gs_experiment_get_n_runs (self->experiment))
    return;
  /* the penalty cross-validation tried, exactly (λ on L1 or L2, the other
   * 0, L1 by its subgradient), as the run's own: the other runs keep
   * theirs */
  spec = gs_experiment_get_run (self->experiment, r);
  spec->has_reg = TRUE;
  reg = &spec->reg;
  reg->l1 = l1 ? lambda : 0.0;
  reg->l2 = l1 ? 0.0 : lambda;
  reg->l1_proximal = FALSE;
  push_configs (self);
  self->scrub_step = G_MAXUINT64;
  gs_engine_reset (self->engine, NULL);
  rebuild_panel (self);
  show_runs_page (self);
  gs_engine_play (self->engine);
  update_play_button (self);
}

static void
show_page_action (GtkWidget *widget, const char *name, GVariant *param)
{
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (GS_WINDOW (widget)->main_stack),
                                         g_variant_get_string (param, NULL));
}

static void
show_runs_action (GtkWidget *widget, const char *name, GVariant *param)
{
  show_runs_page (GS_WINDOW (widget));
}

/* The card around the data view (the view itself is shown by the views'
 * refresh for every regression problem). */
static GtkWidget *
data_view_card (GsWindow *self)
{
  GtkWidget *w = self->data_view;

  /* the frame around the view and its header */
  while (w != NULL && !GTK_IS_FRAME (w))
    w = gtk_widget_get_parent (w);
  return w != NULL ? w : self->data_view;
}

static void
fill_panel (GsWindow *self)
{
  GsExperiment *exp = self->experiment;
  guint n_start = gs_problem_get_n_params (exp->problem);
  /* models have as many parameters as the data has features, plus one */
  g_autofree double *start = g_new0 (double, MAX (n_start, 2));
  g_autofree char *sx = NULL;
  g_autofree char *sy = NULL;
  g_autofree char *l1 = format_number (exp->reg.l1);
  g_autofree char *l2 = format_number (exp->reg.l2);
  g_autofree char *max_steps = g_strdup_printf ("%" G_GUINT64_FORMAT, exp->max_steps);
  g_autofree char *below = isnan (exp->stop.loss_below) ? g_strdup ("")
                                                        : format_number (exp->stop.loss_below);

  self->building = TRUE;

  adw_combo_row_set_selected (ADW_COMBO_ROW (self->problem_row), problem_index (exp));

  if (exp->has_start)
    memcpy (start, exp->start, sizeof (double) * n_start);
  else
    gs_problem_get_default_start (exp->problem, start);
  sx = format_number (start[0]);
  sy = format_number (start[1]);
  gtk_editable_set_text (GTK_EDITABLE (self->start_x_row), sx);
  gtk_editable_set_text (GTK_EDITABLE (self->start_y_row), sy);
  /* your own function: the entry shows what runs */
  gtk_widget_set_visible (self->expression_row, exp->kind == GS_PROBLEM_FUNCTION
                                                && exp->expression != NULL);
  if (exp->expression != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->expression_row), exp->expression);
  gtk_widget_set_visible (self->expression_error, FALSE);
  gtk_widget_remove_css_class (self->expression_row, "error");
  g_clear_handle_id (&self->expression_id, g_source_remove);
  gtk_widget_set_visible (self->start_x_row, exp->kind == GS_PROBLEM_FUNCTION);
  gtk_widget_set_visible (self->start_y_row, exp->kind == GS_PROBLEM_FUNCTION);
  gtk_editable_set_text (GTK_EDITABLE (self->l1_row), l1);
  gtk_editable_set_text (GTK_EDITABLE (self->l2_row), l2);
  gtk_editable_set_text (GTK_EDITABLE (self->max_steps_row), max_steps);
  gtk_editable_set_text (GTK_EDITABLE (self->loss_below_row), below);
  {
    /* every field shows the experiment's valid values now */
    GtkWidget *fields[] = { self->start_x_row, self->start_y_row, self->l1_row, self->l2_row,
                            self->max_steps_row, self->loss_below_row, self->grad_below_row,
                            self->batch_row, self->problem_row, self->data_row, self->samples_row,
                            self->noise_row, self->seed_row, self->classes_row,
                            self->validation_row, self->hidden_row, self->activation_row,
                            self->precision_row, self->features_row, self->init_seed_row };
    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
      gs_clear_error (fields[i]);
  }
  {
    g_autofree char *gb = isnan (exp->stop.grad_norm_below) ? g_strdup ("")
                                                            : format_number (exp->stop.grad_norm_below);
    g_autofree char *batch = g_strdup_printf ("%u", exp->batch_size);
    gboolean model = exp->kind != GS_PROBLEM_FUNCTION;
    guint n_params = gs_problem_get_n_params (exp->problem);

    gtk_editable_set_text (GTK_EDITABLE (self->grad_below_row), gb);
    gtk_editable_set_text (GTK_EDITABLE (self->batch_row), batch);
    gtk_widget_set_visible (self->batch_row, model);
    gtk_widget_set_visible (self->data_group, model);
    /* the data view draws one feature (two for classes), a network's
     * decision boundary on one or two inputs; other data sets keep their
     * source and options above, but no view */
    gtk_widget_set_visible (data_view_card (self), gs_window_views_has_data_view (self));
    gtk_widget_set_visible (self->network_group, exp->kind == GS_PROBLEM_MLP);
    if (model)
      {
        const GsDataSpec *data = &exp->data;
        const GsGeneratorInfo *info = data->kind == GS_DATA_GENERATOR
          ? gs_dataset_generator_lookup (data->generator) : NULL;
        g_autofree char *samples = g_strdup_printf ("%u", data->samples);
        g_autofree char *noise = format_number (data->noise);
        g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, data->seed);
        g_autofree char *classes = g_strdup_printf ("%u", data_classes (data));
        g_autofree char *validation = data->validation > 0 ? format_number (data->validation)
                                                           : g_strdup ("");
        GListModel *axes = adw_combo_row_get_model (ADW_COMBO_ROW (self->axis_x_row));

        adw_combo_row_set_selected (ADW_COMBO_ROW (self->data_row), source_index (data));
        gtk_editable_set_text (GTK_EDITABLE (self->samples_row), samples);
        gtk_editable_set_text (GTK_EDITABLE (self->noise_row), noise);
        gtk_editable_set_text (GTK_EDITABLE (self->seed_row), seed);
        gtk_editable_set_text (GTK_EDITABLE (self->classes_row), classes);
        gtk_editable_set_text (GTK_EDITABLE (self->validation_row), validation);
        gtk_widget_set_visible (self->samples_row, info != NULL);
        gtk_widget_set_visible (self->noise_row, info != NULL);
        gtk_widget_set_visible (self->seed_row, info != NULL);
        gtk_widget_set_visible (self->classes_row, info != NULL && info->any_classes);
        gtk_widget_set_visible (self->csv_row, data->kind != GS_DATA_GENERATOR);
        if (data->kind != GS_DATA_GENERATOR)
          {
            const GsDataset *train = gs_problem_get_data (exp->problem);
            const GsDataset *val = gs_problem_get_validation (exp->problem);
            g_autofree char *base = data->kind == GS_DATA_CSV ? g_path_get_basename (data->csv)
                                                              : g_strdup (_("inline rows"));
            guint rows = train->n_rows + (val != NULL ? val->n_rows : 0);
            g_autofree char *n_rows =
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row", "%u rows", rows), rows);
            g_autofree char *n_features =
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u feature", "%u features",
                                            train->n_features), train->n_features);
            g_autofree char *sub = g_strdup_printf ("%s · %s · %s", base, n_rows, n_features);

            adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->csv_row),
                                           data->kind == GS_DATA_CSV ? _("CSV file") : _("Rows"));
            adw_action_row_set_subtitle (ADW_ACTION_ROW (self->csv_row), sub);
          }

        if (exp->kind == GS_PROBLEM_MLP)
          {
            const GsMlpConfig *mlp = &exp->mlp;
            GString *hidden = g_string_new (NULL);
            GString *features = g_string_new (NULL);
            g_autofree char *init_seed = g_strdup_printf ("%" G_GUINT64_FORMAT, mlp->init_seed);

            for (guint l = 0; l < mlp->n_hidden; l++)
              g_string_append_printf (hidden, l ? ", %u" : "%u", mlp->hidden[l]);
            for (guint i = 0; i < mlp->n_features; i++)
              g_string_append_printf (features, i ? ", %s" : "%s",
                                      gs_feature_to_string (mlp->features[i]));
            gtk_editable_set_text (GTK_EDITABLE (self->hidden_row), hidden->str);
            gtk_editable_set_text (GTK_EDITABLE (self->features_row), features->str);
            gtk_editable_set_text (GTK_EDITABLE (self->init_seed_row), init_seed);
            adw_combo_row_set_selected (ADW_COMBO_ROW (self->activation_row), mlp->activation);
            adw_combo_row_set_selected (ADW_COMBO_ROW (self->precision_row), mlp->float32);
            g_string_free (hidden, TRUE);
            g_string_free (features, TRUE);
          }

        /* the contour's axes: any two parameters (the first two by default);
         * the names are made again only for a new problem */
        if (!GS_IS_PARAM_NAMES (axes) || GS_PARAM_NAMES (axes)->problem != exp->problem)
          {
            g_autoptr(GListModel) names = param_names_new (self, exp->problem);

            adw_combo_row_set_model (ADW_COMBO_ROW (self->axis_x_row), names);
            adw_combo_row_set_model (ADW_COMBO_ROW (self->axis_y_row), names);
          }
        self->axis_x = MIN (self->axis_x, n_params - 1);
        self->axis_y = MIN (self->axis_y, n_params - 1);
        if (self->axis_x == self->axis_y)
          self->axis_x = 0, self->axis_y = 1;
        adw_combo_row_set_selected (ADW_COMBO_ROW (self->axis_x_row), self->axis_x);
        adw_combo_row_set_selected (ADW_COMBO_ROW (self->axis_y_row), self->axis_y);
        gtk_widget_set_visible (self->axis_x_row, n_params > 2);
        gtk_widget_set_visible (self->axis_y_row, n_params > 2);
      }
    else
      self->axis_x = 0, self->axis_y = 1;
  }

  {
    /* rows that were open stay open */
    g_autoptr(GArray) expanded = g_array_new (FALSE, TRUE, sizeof (gboolean));

    for (guint i = 0; i < self->run_rows->len; i++)
      {
        GtkWidget *row = g_ptr_array_index (self->run_rows, i);
        gboolean open = adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row));

        g_array_append_val (expanded, open);
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->runs_group), row);
      }
    g_ptr_array_set_size (self->run_rows, 0);
    if (self->lr_scales)
      g_ptr_array_set_size (self->lr_scales, 0);
    self->lr_marks_time = 0;
    for (guint i = 0; i < gs_experiment_get_n_runs (exp); i++)
      {
        GtkWidget *row = build_run_row (self, i);

        if (i < expanded->len && g_array_index (expanded, gboolean, i))
          adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
        g_ptr_array_add (self->run_rows, row);
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->runs_group), row);
      }
  }

  self->building = FALSE;
  /* the Studies page's run and hyper-parameter choices follow */
  if (self->study_page != NULL)
    gs_study_page_sync (self->study_page);
}

static void
rebuild_panel (GsWindow *self)
{
  /* a value typed a moment ago applies before the fields show the experiment */
  commit_typed (self);
  fill_panel (self);
}

static GtkWidget *
entry_row (const char *title, const char *tooltip, GCallback changed, GsWindow *self)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_tooltip_text (row, tooltip);
  g_signal_connect (row, "changed", changed, self);
  return row;
}

/* Enter in a shared field, or focus leaving it, applies what it holds. */
static void
commit_on_leave (GsWindow *self, GtkWidget *row)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_swapped (row, "entry-activated", G_CALLBACK (shared_commit), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (shared_commit), self);
  gtk_widget_add_controller (row, focus);
}

/* The same for a data or network field */
static void
typed_on_leave (GsWindow *self, GtkWidget *row)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_swapped (row, "entry-activated", G_CALLBACK (typed_commit), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (typed_commit), self);
  gtk_widget_add_controller (row, focus);
}

static GtkWidget *
build_panel (GsWindow *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *problem = adw_preferences_group_new ();
  GtkWidget *shared = adw_preferences_group_new ();
  GtkStringList *problems = gtk_string_list_new (NULL);
  GMenu *add_menu = g_menu_new ();
  GtkWidget *add_button = gtk_menu_button_new ();
  const GsFunctionInfo *functions;
  const GsOptimizerInfo *optimizers;
  guint n;

  functions = gs_functions (&n);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (problems, gs_tr (functions[i].title));
  gtk_string_list_append (problems, _("Custom f(x, y)"));
  gtk_string_list_append (problems, _("Linear regression"));
  gtk_string_list_append (problems, _("Logistic regression"));
  gtk_string_list_append (problems, _("Neural network"));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (problem), _("Problem"));
  self->problem_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->problem_row), _("Loss surface"));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->problem_row), G_LIST_MODEL (problems));
  gtk_widget_set_tooltip_text (self->problem_row, _("What every run minimizes: a 2-D function, "
                                                    "or a model's loss on data (linear or "
                                                    "logistic regression, a neural network); "
                                                    "changing it restarts all runs"));
  g_signal_connect (self->problem_row, "notify::selected", G_CALLBACK (problem_selected), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (problem), self->problem_row);

  self->expression_row = entry_row ("f(x, y) =", _("Your own function of x and y: + − * / ^, "
                                      "parentheses, numbers such as 1.5e-3, pi, e, and sin cos "
                                      "tan exp log sqrt abs tanh sinh cosh atan min max, e.g. "
                                      "“(1 - x)^2 + 100*(y - x^2)^2”. Gradients are exact "
                                      "(automatic differentiation). Applies as you type, when "
                                      "it reads; the last one that did keeps running"),
                                    G_CALLBACK (expression_changed), self);
  g_signal_connect_swapped (self->expression_row, "entry-activated",
                            G_CALLBACK (expression_commit), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (problem), self->expression_row);
  self->expression_error = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->expression_error), 0);
  gtk_label_set_wrap (GTK_LABEL (self->expression_error), TRUE);
  gtk_widget_add_css_class (self->expression_error, "error");
  gtk_widget_add_css_class (self->expression_error, "caption");
  gtk_widget_set_margin_top (self->expression_error, 6);
  gtk_widget_set_margin_start (self->expression_error, 6);
  gtk_widget_set_visible (self->expression_error, FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (problem), self->expression_error);

  self->start_x_row = entry_row (_("Start x"), _("Where every run starts (x); "
                                                 "you can also click the contour map"),
                                 G_CALLBACK (start_changed), self);
  self->start_y_row = entry_row (_("Start y"), _("Where every run starts (y); "
                                                 "you can also click the contour map"),
                                 G_CALLBACK (start_changed), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (problem), self->start_x_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (problem), self->start_y_row);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (shared), _("Regularization and stopping"));
  self->l1_row = entry_row (_("L1 strength"), _("Adds l1·‖w‖₁ to the loss (≥ 0); applies once "
                                                "you stop typing"),
                            G_CALLBACK (shared_changed), self);
  self->l2_row = entry_row (_("L2 strength"), _("Adds (l2/2)·‖w‖² to the loss (≥ 0); applies "
                                                "once you stop typing"),
                            G_CALLBACK (shared_changed), self);
  self->max_steps_row = entry_row (_("Max steps"), _("Updates per run before it stops (whole "
                                                     "number)"),
                                   G_CALLBACK (shared_changed), self);
  self->loss_below_row = entry_row (_("Stop below loss"), _("A run is converged once its loss "
                                                            "falls below this value; empty: never"),
                                    G_CALLBACK (shared_changed), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (shared), self->l1_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (shared), self->l2_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (shared), self->max_steps_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (shared), self->loss_below_row);
  self->grad_below_row = entry_row (_("Stop below ‖g‖"), _("A run is converged once the norm "
                                                           "of its gradient falls below this "
                                                           "value; empty: never"),
                                    G_CALLBACK (shared_changed), self);
  self->batch_row = entry_row (_("Batch size"), _("Rows per minibatch (SGD noise); 0: the whole "
                                                  "data set every step"),
                               G_CALLBACK (shared_changed), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (shared), self->grad_below_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (shared), self->batch_row);
  commit_on_leave (self, self->l1_row);
  commit_on_leave (self, self->l2_row);
  commit_on_leave (self, self->max_steps_row);
  commit_on_leave (self, self->loss_below_row);
  commit_on_leave (self, self->grad_below_row);
  commit_on_leave (self, self->batch_row);

  self->data_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->data_group), _("Data"));
  {
    GtkStringList *source_names = gtk_string_list_new (NULL);
    GtkWidget *choose = gtk_button_new_from_icon_name ("document-open-symbolic");

    for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
      gtk_string_list_append (source_names, _(sources[i].title));
    self->data_row = adw_combo_row_new ();
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->data_row), _("Source"));
    adw_combo_row_set_model (ADW_COMBO_ROW (self->data_row), G_LIST_MODEL (source_names));
    g_object_unref (source_names);
    gtk_widget_set_tooltip_text (self->data_row, _("Where the rows come from: a seeded "
                                                   "generator or your own CSV (last column is "
                                                   "the target); a change restarts all runs"));
    g_signal_connect (self->data_row, "notify::selected", G_CALLBACK (data_source_selected), self);
    self->samples_row = entry_row (_("Samples"), _("How many rows to generate: a whole number "
                                                   "from 2 to 1000000"),
                                   G_CALLBACK (typed_changed), self);
    self->noise_row = entry_row (_("Noise"), _("Spread of the noise (≥ 0)"),
                                 G_CALLBACK (typed_changed), self);
    self->seed_row = entry_row (_("Seed"), _("The same seed gives the same rows (a whole number "
                                             "≥ 0)"),
                                G_CALLBACK (typed_changed), self);
    self->classes_row = entry_row (_("Classes"), _("How many classes to generate: a whole "
                                                   "number from 2 to 1000"),
                                   G_CALLBACK (typed_changed), self);
    self->validation_row = entry_row (_("Validation"), _("Fraction f of the rows held out to "
                                                         "measure the validation loss and "
                                                         "accuracy, 0 ≤ f < 1; empty or 0: none"),
                                      G_CALLBACK (typed_changed), self);
    self->csv_row = adw_action_row_new ();
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->csv_row), _("CSV file"));
    gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
    gtk_widget_add_css_class (choose, "flat");
    gtk_widget_set_tooltip_text (choose, _("Import another CSV file"));
    gtk_actionable_set_action_name (GTK_ACTIONABLE (choose), "win.import-csv");
    adw_action_row_add_suffix (ADW_ACTION_ROW (self->csv_row), choose);
    self->axis_x_row = adw_combo_row_new ();
    self->axis_y_row = adw_combo_row_new ();
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->axis_x_row), _("Contour x axis"));
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->axis_y_row), _("Contour y axis"));
    gtk_widget_set_tooltip_text (self->axis_x_row, _("Parameter across the contour map; the "
                                                     "others are held at the first run's "
                                                     "current values"));
    gtk_widget_set_tooltip_text (self->axis_y_row, _("Parameter up the contour map; the others "
                                                     "are held at the first run's current "
                                                     "values"));
    g_signal_connect (self->axis_x_row, "notify::selected", G_CALLBACK (axis_selected), self);
    g_signal_connect (self->axis_y_row, "notify::selected", G_CALLBACK (axis_selected), self);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->data_group), self->data_row);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->data_group), self->samples_row);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->data_group), self->noise_row);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->data_group), self->classes_row);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->data_group), self->seed_row);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->data_group), self->csv_row);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->data_group), self->validation_row);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->data_group), self->axis_x_row);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->data_group), self->axis_y_row);
    typed_on_leave (self, self->samples_row);
    typed_on_leave (self, self->noise_row);
    typed_on_leave (self, self->classes_row);
    typed_on_leave (self, self->seed_row);
    typed_on_leave (self, self->validation_row);
  }

  self->network_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->network_group), _("Network"));
  {
    g_autofree char *features = g_strjoinv (", ", (char **) gs_feature_names ());
    g_autofree char *features_tip =
      /* TRANSLATORS: %s lists the feature names (x, y, x2, …), which stay as they are */
      g_strdup_printf (_("Inputs made from each point (x, y), comma-separated: %s "
                         "(x2 is x², xy is x·y); empty: the raw inputs"), features);
    g_autofree char *hidden_tip =
      g_strdup_printf (_("Widths of the hidden layers, comma-separated, such as “16, 16”: at "
                         "most %u layers, each a whole number from 1 to %u; empty: none "
                         "(softmax regression)"), GS_MLP_MAX_HIDDEN, GS_MLP_MAX_WIDTH);

    self->hidden_row = entry_row (_("Hidden layers"), hidden_tip, G_CALLBACK (typed_changed), self);
    GtkStringList *activations = gtk_string_list_new (gs_activation_names ());

    self->activation_row = adw_combo_row_new ();
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->activation_row), _("Activation"));
    adw_combo_row_set_model (ADW_COMBO_ROW (self->activation_row), G_LIST_MODEL (activations));
    g_object_unref (activations);
    /* TRANSLATORS: relu, tanh, sigmoid and linear are the names to pick, kept as they are */
    gtk_widget_set_tooltip_text (self->activation_row, _("The nonlinearity of every hidden "
                                                         "layer: relu max(0, z), tanh, sigmoid "
                                                         "1/(1 + e⁻ᶻ), or linear z"));
    g_signal_connect (self->activation_row, "notify::selected",
                      G_CALLBACK (activation_selected), self);
    {
      const char *const precisions[] = { "float64", "float32", NULL };
      GtkStringList *list = gtk_string_list_new (precisions);

      self->precision_row = adw_combo_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->precision_row), _("Precision"));
      adw_combo_row_set_model (ADW_COMBO_ROW (self->precision_row), G_LIST_MODEL (list));
      g_object_unref (list);
      gtk_widget_set_tooltip_text (self->precision_row,
                                   _("Arithmetic of the network's forward and backward passes: "
                                     "float64 (exact, the same numbers as PyTorch in float64) "
                                     "or float32 (PyTorch's default; about 1.8× as many steps "
                                     "per second). The optimizer keeps the weights in float64."));
      g_signal_connect (self->precision_row, "notify::selected",
                        G_CALLBACK (precision_selected), self);
    }
    self->features_row = entry_row (_("Input features"), features_tip,
                                    G_CALLBACK (typed_changed), self);
    self->init_seed_row = entry_row (_("Init seed"), _("Seed of the initial weights (PyTorch's "
                                                       "nn.Linear initialization): a whole "
                                                       "number ≥ 0"),
                                     G_CALLBACK (typed_changed), self);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->network_group), self->hidden_row);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->network_group), self->activation_row);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->network_group), self->precision_row);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->network_group), self->features_row);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->network_group), self->init_seed_row);
    typed_on_leave (self, self->hidden_row);
    typed_on_leave (self, self->features_row);
    typed_on_leave (self, self->init_seed_row);
  }

  self->runs_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->runs_group), _("Runs"));
  optimizers = gs_optimizers (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *action = g_strdup_printf ("win.add-run::%s", optimizers[i].name);
      g_menu_append (add_menu, gs_tr (optimizers[i].title), action);
    }
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (add_button), G_MENU_MODEL (add_menu));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (add_button), "list-add-symbolic");
  gtk_widget_add_css_class (add_button, "flat");
  gtk_widget_set_tooltip_text (add_button, _("Add a run with another optimizer"));
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self->runs_group), add_button);

  gtk_box_append (GTK_BOX (box), problem);
  gtk_box_append (GTK_BOX (box), self->data_group);
  gtk_box_append (GTK_BOX (box), self->network_group);
  gtk_box_append (GTK_BOX (box), shared);
  gtk_box_append (GTK_BOX (box), self->runs_group);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  /* a side panel of a fixed, comfortable width; its rows ellipsize */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (scroller, 340, -1);
  gtk_widget_set_hexpand (scroller, FALSE);
  gtk_widget_add_css_class (scroller, "background");
  g_object_unref (problems);
  g_object_unref (add_menu);
  return scroller;
}

/* ---- window ------------------------------------------------------------------------------ */

static void
speed_selected (GtkDropDown *dropdown, GParamSpec *pspec, GsWindow *self)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  if (i >= G_N_ELEMENTS (speeds))
    return;
  gs_engine_set_speed (self->engine, speeds[i].speed);
  g_settings_set_double (self->settings, "speed", speeds[i].speed);
}

static GtkWidget *
header_button (const char *icon, const char *action, const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

static GMenuModel *
main_menu (void)
{
  GMenu *menu = g_menu_new ();
  GMenu *file = g_menu_new ();
  GMenu *help = g_menu_new ();

  g_menu_append (file, _("_Open Experiment…"), "win.open");
  g_menu_append (file, _("_Save"), "win.save");
  g_menu_append (file, _("Save _As…"), "win.save-as");
  g_menu_append (file, _("_Export Figure…"), "win.export");
  g_menu_append (help, _("_Keyboard Shortcuts"), "win.show-help-overlay");
  g_menu_append (help, _("_About Gradscope"), "app.about");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (file));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (help));
  g_object_unref (file);
  g_object_unref (help);
  return G_MENU_MODEL (menu);
}

static GtkWidget *
build_header (GsWindow *self)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *menu_button = gtk_menu_button_new ();
  GtkWidget *panel_button = gtk_toggle_button_new ();
  GtkStringList *speed_names = gtk_string_list_new (NULL);
  g_autoptr(GMenuModel) menu = main_menu ();
  double speed = g_settings_get_double (self->settings, "speed");
  guint speed_index = 3;

  gtk_button_set_icon_name (GTK_BUTTON (panel_button), "sidebar-show-symbolic");
  gtk_widget_set_tooltip_text (panel_button, _("Show or hide the side panel (F9)"));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (panel_button), TRUE);
  g_object_bind_property (panel_button, "active", self->flap, "reveal-flap",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), panel_button);

  self->play_button = header_button ("media-playback-start-symbolic", "win.play",
                                     _("Run every run (Space)"));
  gtk_widget_add_css_class (self->play_button, "suggested-action");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->play_button);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header),
                             header_button ("media-skip-forward-symbolic", "win.step",
                                            _("One step of every run (→ or S)")));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header),
                             header_button ("view-refresh-symbolic", "win.reset",
                                            _("Back to step 0 (R)")));

  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    {
      gtk_string_list_append (speed_names, _(speeds[i].label));
      if (speeds[i].speed == speed)
        speed_index = i;
    }
  /* the drop-down takes the model */
  self->speed_dropdown = gtk_drop_down_new (G_LIST_MODEL (speed_names), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->speed_dropdown), speed_index);
  gtk_widget_set_tooltip_text (self->speed_dropdown, _("Steps per second of every run: "
                                                       "slow for class, unthrottled to explore"));
  g_signal_connect (self->speed_dropdown, "notify::selected", G_CALLBACK (speed_selected), self);
  gs_engine_set_speed (self->engine, speeds[speed_index].speed);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->speed_dropdown);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "open-menu-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), menu);
  gtk_menu_button_set_primary (GTK_MENU_BUTTON (menu_button), TRUE);
  gtk_widget_set_tooltip_text (menu_button, _("Main menu: open, save, export, shortcuts"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), menu_button);
  {
    /* the built-in lessons, in teaching order */
    GtkWidget *lessons_button = gtk_menu_button_new ();
    GMenu *lessons_menu = g_menu_new ();
    guint n_lessons;
    const GsLesson *lessons = gs_lessons (&n_lessons);

    for (guint i = 0; i < n_lessons; i++)
      {
        g_autofree char *label = g_strdup_printf ("%u. %s", i + 1, gs_tr (lessons[i].title));
        g_autofree char *action = g_strdup_printf ("win.open-lesson::%s", lessons[i].id);

        g_menu_append (lessons_menu, label, action);
      }
    gtk_widget_set_name (lessons_button, "lessons");
    gtk_menu_button_set_label (GTK_MENU_BUTTON (lessons_button), _("Lessons"));
    gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (lessons_button), G_MENU_MODEL (lessons_menu));
    gtk_widget_set_tooltip_text (lessons_button, _("Built-in lessons for a class: each opens "
                                                   "its experiment paused at step 0, with what "
                                                   "to look at, what to try and a question to "
                                                   "ask"));
    g_object_unref (lessons_menu);
    adw_header_bar_pack_end (ADW_HEADER_BAR (header), lessons_button);
  }
  {
    GtkWidget *teach = gtk_toggle_button_new_with_label (_("Explain"));

    gtk_widget_set_tooltip_text (teach, _("Teaching panel: the selected run's last update as "
                                          "formulas with its numbers, arrows for it on the "
                                          "contour map, and the step-size limit (F2)"));
    g_object_bind_property (teach, "active", self->teach_flap, "reveal-flap",
                            G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
    self->teach_button = teach;
    adw_header_bar_pack_end (ADW_HEADER_BAR (header), teach);
  }
  adw_header_bar_pack_end (ADW_HEADER_BAR (header),
                           header_button ("zoom-fit-best-symbolic", "win.reset-view",
                                          _("Show the problem's whole window again")));
  {
    /* Runs | Studies, with the window's title when it is too narrow */
    GtkWidget *title = adw_view_switcher_title_new ();

    adw_view_switcher_title_set_stack (ADW_VIEW_SWITCHER_TITLE (title),
                                       ADW_VIEW_STACK (self->main_stack));
    g_object_bind_property (self, "title", title, "title", G_BINDING_SYNC_CREATE);
    gtk_widget_set_tooltip_text (title, _("The runs and their views, or studies of them: "
                                          "learning-rate sweeps, phase maps, cross-validation, "
                                          "seeds and the runs compared (Ctrl+1, Ctrl+2)"));
    adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
    self->switcher_title = title;
  }
  return header;
}

static void
gs_window_dispose (GObject *object)
{
  GsWindow *self = GS_WINDOW (object);

  if (self->tick_id)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  gs_window_views_dispose (self);
  gs_teach_dispose (self);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  g_clear_handle_id (&self->apply_id, g_source_remove);
  g_clear_handle_id (&self->edit_id, g_source_remove);
  g_clear_handle_id (&self->expression_id, g_source_remove);
  g_clear_pointer (&self->engine, gs_engine_free);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (gs_window_parent_class)->dispose (object);
}

static void
gs_window_finalize (GObject *object)
{
  GsWindow *self = GS_WINDOW (object);

  g_clear_pointer (&self->experiment, gs_experiment_free);
  g_clear_pointer (&self->run_views, g_array_unref);
  g_clear_pointer (&self->run_rows, g_ptr_array_unref);
  g_free (self->path);
  G_OBJECT_CLASS (gs_window_parent_class)->finalize (object);
}

static gboolean
gs_window_close_request (GtkWindow *window)
{
  GsWindow *self = GS_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  return GTK_WINDOW_CLASS (gs_window_parent_class)->close_request (window);
}

static void
gs_window_class_init (GsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = gs_window_dispose;
  object_class->finalize = gs_window_finalize;
  window_class->close_request = gs_window_close_request;

  /* the catalogs, for a window made without the app's main () (tests) */
  gs_i18n_init ();

  gtk_widget_class_install_action (widget_class, "win.play", NULL, play_action);
  gtk_widget_class_install_action (widget_class, "win.step", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.step-back", NULL, step_back_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-teach", NULL, toggle_teach_action);
  gtk_widget_class_install_action (widget_class, "win.open-lesson", "s", open_lesson_action);
  gtk_widget_class_install_action (widget_class, "win.live", NULL, live_action);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-panel", NULL, toggle_panel_action);
  gtk_widget_class_install_action (widget_class, "win.set-start", "(dd)", set_start_action);
  gtk_widget_class_install_action (widget_class, "win.reset-view", NULL, reset_view_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, shortcuts_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.import-csv", NULL, import_csv_action);
  gtk_widget_class_install_action (widget_class, "win.add-run", "s", add_run_activated);
  gtk_widget_class_install_action (widget_class, "win.show-runs", NULL, show_runs_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "win.play", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "win.step", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "win.step-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "win.live", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, 0, "win.step", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, 0, "win.reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-panel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "win.show-page",
                                       "s", "runs");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK, "win.show-page",
                                       "s", "studies");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "win.toggle-teach", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_question, GDK_CONTROL_MASK,
                                       "win.show-help-overlay", NULL);
}

/* The tooltip on the bar and on the switcher inside it (its buttons are
 * the toolkit's) */
static void
set_switcher_tips (GtkWidget *widget, const char *tip)
{
  gtk_widget_set_tooltip_text (widget, tip);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (ADW_IS_VIEW_SWITCHER (c))
      gtk_widget_set_tooltip_text (c, tip);
    else
      set_switcher_tips (c, tip);
}

static void
gs_window_init (GsWindow *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *views;

  self->settings = g_settings_new ("io.github.gradscope.Gradscope");
  self->engine = gs_engine_new ();
  /* 2-D and small full-batch runs keep their history: the timeline */
  gs_engine_set_history (self->engine, TRUE);
  self->run_views = g_array_new (FALSE, TRUE, sizeof (GsRunView));
  g_array_set_clear_func (self->run_views, run_view_clear);
  self->run_rows = g_ptr_array_new ();
  self->engine_generation = G_MAXUINT;

  gtk_window_set_title (GTK_WINDOW (self), "Gradscope");
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  gtk_widget_set_size_request (GTK_WIDGET (self), 800, 560);

  self->flap = ADW_FLAP (adw_flap_new ());
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  gs_window_views_init (self);
  views = gs_teach_init (self, g_object_get_data (G_OBJECT (self), "views-root"));
  /* two pages: the runs with their views, and the studies of them */
  self->main_stack = adw_view_stack_new ();
  /* each page asks for its own width: the Explain panel open on the Runs
   * page does not fold the side panel away on the Studies page */
  adw_view_stack_set_hhomogeneous (ADW_VIEW_STACK (self->main_stack), FALSE);
  {
    AdwViewStackPage *p;

    /* TRANSLATORS: the main page: the runs and their views */
    p = adw_view_stack_add_titled (ADW_VIEW_STACK (self->main_stack), views, "runs", _("Runs"));
    adw_view_stack_page_set_icon_name (p, "media-playback-start-symbolic");
    self->study_page = gs_study_page_new (self);
    /* TRANSLATORS: the page of learning-rate sweeps, phase maps, cross-validation, … */
    p = adw_view_stack_add_titled (ADW_VIEW_STACK (self->main_stack), self->study_page,
                                   "studies", _("Studies"));
    adw_view_stack_page_set_icon_name (p, "view-grid-symbolic");
  }
  gtk_box_append (GTK_BOX (content), build_header (self));
  adw_flap_set_content (self->flap, self->main_stack);
  adw_flap_set_flap (self->flap, build_panel (self));
  adw_flap_set_separator (self->flap, gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  adw_flap_set_fold_policy (self->flap, ADW_FLAP_FOLD_POLICY_AUTO);
  adw_toast_overlay_set_child (self->toasts, GTK_WIDGET (self->flap));
  gtk_widget_set_vexpand (GTK_WIDGET (self->toasts), TRUE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->toasts));
  /* a narrow window has no room for the switcher in its header: it moves
   * to a bar at the bottom */
  self->switcher_bar = adw_view_switcher_bar_new ();
  adw_view_switcher_bar_set_stack (ADW_VIEW_SWITCHER_BAR (self->switcher_bar),
                                   ADW_VIEW_STACK (self->main_stack));
  set_switcher_tips (self->switcher_bar, _("The runs and their views, or studies of them "
                                           "(Ctrl+1, Ctrl+2)"));
  g_object_bind_property (self->switcher_title, "title-visible", self->switcher_bar, "reveal",
                          G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (content), self->switcher_bar);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), content);

  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick, NULL, NULL);
}

GsWindow *
gs_window_new (AdwApplication *app)
{
  GsWindow *self = g_object_new (GS_TYPE_WINDOW, "application", app, NULL);
  g_autoptr(GError) error = NULL;
  GsExperiment *exp = gs_experiment_new_builtin ("default", &error);

  g_assert_no_error (error);
  gs_window_set_experiment (self, exp, NULL);
  /* the first screen is already moving */
  gs_engine_play (self->engine);
  return self;
}

void
gs_window_set_experiment (GsWindow *self, GsExperiment *exp, const char *path)
{
  /* what was being typed belonged to the old experiment */
  g_clear_handle_id (&self->apply_id, g_source_remove);
  g_clear_handle_id (&self->edit_id, g_source_remove);
  g_clear_pointer (&self->experiment, gs_experiment_free);
  self->experiment = exp;
  g_free (self->path);
  self->path = g_strdup (path);
  if (path)
    {
      g_autofree char *base = g_path_get_basename (path);
      gtk_window_set_title (GTK_WINDOW (self), base);
    }
  gs_engine_set_threshold (self->engine, exp->stop.loss_below);
  self->scrub_step = G_MAXUINT64;
  load_engine (self, NULL);
  rebuild_panel (self);
  gs_window_views_reset_window (self);
  /* another experiment: the lesson text goes (open_lesson sets it again) */
  gs_teach_set_lesson (self, NULL);
}

gboolean
gs_window_open_file (GsWindow *self, GFile *file, GError **error)
{
  g_autofree char *path = g_file_get_path (file);
  GsExperiment *exp;

  if (path == NULL)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_IO, _("%s: only local files can be opened"),
                   g_file_peek_path (file));
      return FALSE;
    }
  exp = gs_experiment_new_from_file (path, error);
  if (exp == NULL)
    return FALSE;
  gs_window_set_experiment (self, exp, path);
  return TRUE;
}

GsEngine *
gs_window_get_engine (GsWindow *self)
{
  return self->engine;
}

const GsExperiment *
gs_window_get_experiment (GsWindow *self)
{
  return self->experiment;
}
