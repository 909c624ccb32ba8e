/* test-ui.c — the window under Xvfb: runs list, editors, live changes, figures */
#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "gs-application.h"
#include "gs-plot-study.h"
#include "gs-study-page.h"
#include "gs-window-private.h"
#include "test-gate.h"

static void
wait_until (GsWindow *window, gboolean (*done) (GsWindow *), guint max_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) max_ms * 1000;

  while (!done (window) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
has_rows (GsWindow *window)
{
  return window->run_views->len > 0
    && g_array_index (window->run_views, GsRunView, 0).rows->len / window->row_width > 5;
}

static gboolean
grid_ready (GsWindow *window)
{
  return window->grid != NULL && window->grid->nx >= 160;
}

static void
pump (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static GtkWidget *
find_named (GtkWidget *root, const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name);
      if (found)
        return found;
    }
  return NULL;
}

static GsWindow *
open_window (const char *fixture)
{
  GsWindow *window = gs_window_new (NULL);

  if (fixture)
    {
      g_autofree char *path = g_build_filename (g_getenv ("GS_FIXTURES"), fixture, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;

      g_assert_true (gs_window_open_file (window, file, &error));
      g_assert_no_error (error);
    }
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
close_window (GsWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  pump (50);
}

/* The first screen: the default experiment already moving. */
static void
test_default_moves (void)
{
  GsWindow *window = open_window (NULL);
  GsRunSnapshot s;

  g_assert_true (gs_engine_is_playing (window->engine));
  wait_until (window, has_rows, 5000);
  g_assert_true (has_rows (window));
  g_assert_cmpuint (window->run_views->len, ==, 4);
  g_assert_cmpuint (window->run_rows->len, ==, 4);
  g_assert_true (gs_engine_get_snapshot (window->engine, 3, &s));
  g_assert_cmpuint (s.step, >, 0);
  close_window (window);
}

static gboolean
three_run_rows (GsWindow *window)
{
  return window->run_rows->len == 3;
}

static void
test_runs_list (void)
{
  GsWindow *window = open_window ("two-runs.json");

  g_assert_cmpuint (window->run_rows->len, ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-run", "s", "rmsprop");
  /* the panel is rebuilt in an idle */
  wait_until (window, three_run_rows, 5000);
  g_assert_cmpuint (window->run_rows->len, ==, 3);
  g_assert_cmpuint (gs_experiment_get_n_runs (window->experiment), ==, 3);
  gs_engine_sync (window->engine);
  g_assert_cmpuint (gs_engine_get_n_runs (window->engine), ==, 3);
  close_window (window);
}

/* A bad value marks its field and is not applied; a good one reaches the
 * worker and the next rows show it. */
static void
test_editor_and_live_lr (void)
{
  GsWindow *window = open_window ("two-runs.json");
  GtkWidget *lr = find_named (GTK_WIDGET (window), "run1-lr");
  GsRunSnapshot s;
  double before;

  g_assert_nonnull (lr);
  gs_engine_pause (window->engine);
  gs_engine_sync (window->engine);
  before = gs_experiment_get_run (window->experiment, 1)->optimizer_values.values[0][0];

  gtk_editable_set_text (GTK_EDITABLE (lr), "-3");
  g_assert_true (gtk_widget_has_css_class (lr, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (lr), "invalid learning rate"));
  gtk_editable_set_text (GTK_EDITABLE (lr), "fast");
  g_assert_true (gtk_widget_has_css_class (lr, "error"));
  g_assert_cmpfloat (gs_experiment_get_run (window->experiment, 1)->optimizer_values.values[0][0],
                     ==, before);
  gs_engine_sync (window->engine);
  g_assert_true (gs_engine_get_snapshot (window->engine, 1, &s));
  g_assert_cmpfloat (s.lr, ==, before);

  gtk_editable_set_text (GTK_EDITABLE (lr), "0.002");
  g_assert_false (gtk_widget_has_css_class (lr, "error"));
  gs_engine_sync (window->engine);
  g_assert_true (gs_engine_get_snapshot (window->engine, 1, &s));
  g_assert_cmpfloat (s.lr, ==, 0.002);
  close_window (window);
}

static void
test_step_and_reset (void)
{
  GsWindow *window = open_window ("two-runs.json");
  GsRunSnapshot s;
  guint64 step;

  gs_engine_pause (window->engine);
  gs_engine_sync (window->engine);
  g_assert_true (gs_engine_get_snapshot (window->engine, 0, &s));
  step = s.step;
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL);
  gs_engine_sync (window->engine);
  gs_engine_get_snapshot (window->engine, 0, &s);
  g_assert_cmpuint (s.step, ==, step + 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL);
  gs_engine_sync (window->engine);
  gs_engine_get_snapshot (window->engine, 0, &s);
  g_assert_cmpuint (s.step, ==, 0);
  close_window (window);
}

static gboolean
first_diverged (GsWindow *window)
{
  GsRunSnapshot s;

  return gs_engine_get_snapshot (window->engine, 0, &s) && s.status == GS_STATUS_DIVERGED;
}

static void
test_divergence_marked (void)
{
  GsWindow *window = open_window ("diverge.json");
  GsRunSnapshot s;
  GtkWidget *status;

  gs_engine_set_speed (window->engine, 0);
  gs_engine_play (window->engine);
  wait_until (window, first_diverged, 10000);
  g_assert_true (first_diverged (window));
  pump (100);
  status = gtk_grid_get_child_at (GTK_GRID (window->results_grid), 1, 1);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), "diverged at step"));
  /* the other run goes on */
  g_assert_true (gs_engine_get_snapshot (window->engine, 1, &s));
  g_assert_cmpint (s.status, !=, GS_STATUS_DIVERGED);
  close_window (window);
}

static gboolean
export_done (GsWindow *window)
{
  return g_file_test ("/tmp/gradscope-ui-export.svg", G_FILE_TEST_EXISTS);
}

/* Export Figure writes the runs as they are, off the main thread. */
static void
test_export (void)
{
  GsWindow *window = open_window ("two-runs.json");
  g_autofree char *text = NULL;
  gsize len;

  g_unlink ("/tmp/gradscope-ui-export.svg");
  gs_engine_set_speed (window->engine, 0);
  pump (200);
  gs_window_export_figure (window, "/tmp/gradscope-ui-export.svg");
  wait_until (window, export_done, 10000);
  g_assert_true (g_file_get_contents ("/tmp/gradscope-ui-export.svg", &text, &len, NULL));
  g_assert_true (strstr (text, "<svg") != NULL);
  g_assert_true (g_str_has_suffix (g_strchomp (text), "</svg>"));
  g_unlink ("/tmp/gradscope-ui-export.svg");
  close_window (window);
}

/* 1000 quick play / pause / step / reset / new-lr cycles while the worker
 * runs flat out: no crash, no deadlock, and the window is finalized. */
static void
test_stress (void)
{
  GsWindow *window = open_window ("two-runs.json");
  GtkWidget *lr = find_named (GTK_WIDGET (window), "run1-lr");
  GsRunSnapshot s;

  g_assert_nonnull (lr);
  gs_engine_set_speed (window->engine, 0);
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *text = g_strdup_printf ("%g", 0.001 + 0.0001 * (i % 37));

      gtk_widget_activate_action (GTK_WIDGET (window), "win.play", NULL);
      if (i % 3 == 0)
        gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL);
      if (i % 7 == 0)
        gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL);
      gtk_editable_set_text (GTK_EDITABLE (lr), text);
      if (i % 25 == 0)
        pump (2);
    }
  gs_engine_sync (window->engine);
  g_assert_true (gs_engine_get_snapshot (window->engine, 1, &s));
  g_assert_cmpfloat (s.lr, ==, 0.001 + 0.0001 * (999 % 37));

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  pump (100);
  g_assert_finalize_object (window);
}

/* The window as its last frame drew it. A widget paintable holds the
 * widget's last render node, which a queued redraw drops until the next
 * frame: wait for one when there is none. */
static GdkTexture *
render_window (GsWindow *window)
{
  g_autoptr(GskRenderNode) node = NULL;
  int w = gtk_widget_get_width (GTK_WIDGET (window));
  int h = gtk_widget_get_height (GTK_WIDGET (window));
  gint64 end = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

  while (node == NULL && g_get_monotonic_time () < end)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node == NULL)
        g_main_context_iteration (NULL, TRUE);
    }
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node, NULL);
}

/* Where screenshots go: GS_UI_SCREENSHOT_DIR; NULL (and the test
 * skipped) when it is not set. */
static const char *
screenshot_dir (void)
{
  const char *dir = g_getenv ("GS_UI_SCREENSHOT_DIR");

  if (dir == NULL)
    g_test_skip ("set GS_UI_SCREENSHOT_DIR to write screenshots");
  return dir;
}

/* A window on fixture (NULL: the default) at w × h in the light or dark
 * style, its runs playing at 250 steps/s. */
static GsWindow *
open_shot_window (const char *fixture, int w, int h, gboolean dark)
{
  GsWindow *window;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);
  window = open_window (fixture);
  gtk_window_set_default_size (GTK_WINDOW (window), w, h);
  gs_engine_set_speed (window->engine, 250);
  gs_engine_play (window->engine);
  return window;
}

static void
save_shot (GsWindow *window, const char *dir, const char *name)
{
  g_autoptr(GdkTexture) texture = render_window (window);
  g_autofree char *path = g_strdup_printf ("%s/%s.png", dir, name);

  gdk_texture_save_to_png (texture, path);
}

/* Screenshots of the states a user meets, for looking at (and the docs):
 * written only when GS_UI_SCREENSHOT_DIR is set. */
static void
test_screenshots (void)
{
  const char *dir = screenshot_dir ();
  struct { const char *name; const char *fixture; int w, h; gboolean dark; } shots[] = {
    { "default", NULL, 1280, 800, FALSE },
    { "default-dark", NULL, 1280, 800, TRUE },
    { "small", NULL, 1024, 700, FALSE },
    { "large", NULL, 1920, 1080, FALSE },
    { "regression", "minibatch.json", 1280, 800, FALSE },
    { "logistic", "plot/logistic.json", 1280, 800, FALSE },
    { "diverged", "diverge.json", 1280, 800, FALSE },
  };

  if (dir == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      GsWindow *window = open_shot_window (shots[i].fixture, shots[i].w, shots[i].h,
                                           shots[i].dark);

      wait_until (window, grid_ready, 8000);
      pump (2500);
      if (i == 0)
        {
          /* the pointer over both views: their read-outs */
          window->hovering = TRUE;
          window->hover_x = -0.5;
          window->hover_y = 2.5;
          window->loss_hover.hovering = TRUE;
          window->loss_hover.x = window->loss_hover.area.x + 0.6 * window->loss_hover.area.width;
          gtk_widget_queue_draw (window->contour_view);
          gtk_widget_queue_draw (window->loss_view);
          pump (200);
        }
      save_shot (window, dir, shots[i].name);
      close_window (window);
    }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

/* The window rendered to an image shows each run's colour in the contour
 * area and in the loss area. */
static void
test_render_png (void)
{
  GsWindow *window = open_window (NULL);
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  const char *out = g_getenv ("GS_UI_SCREENSHOT");
  int w, h;
  graphene_rect_t contour, loss;

  /* enough steps that every path is longer than its marker */
  gs_engine_set_speed (window->engine, 500);
  wait_until (window, grid_ready, 8000);
  g_assert_true (grid_ready (window));
  pump (2000);

  w = gtk_widget_get_width (GTK_WIDGET (window));
  h = gtk_widget_get_height (GTK_WIDGET (window));
  texture = render_window (window);
  if (out)
    gdk_texture_save_to_png (texture, out);

  g_assert_true (gtk_widget_compute_bounds (window->contour_view, GTK_WIDGET (window), &contour));
  g_assert_true (gtk_widget_compute_bounds (window->loss_view, GTK_WIDGET (window), &loss));
  pixels = g_malloc ((gsize) w * h * 4);
  gdk_texture_download (texture, pixels, (gsize) w * 4);

  for (guint r = 0; r < window->run_views->len; r++)
    {
      GdkRGBA c = g_array_index (window->run_views, GsRunView, r).color;
      guint in_contour = 0, in_loss = 0;

      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          {
            /* GDK_MEMORY_DEFAULT is B8G8R8A8 premultiplied */
            const guchar *p = pixels + ((gsize) y * w + x) * 4;
            if (abs (p[2] - (int) lround (c.red * 255)) > 6
                || abs (p[1] - (int) lround (c.green * 255)) > 6
                || abs (p[0] - (int) lround (c.blue * 255)) > 6)
              continue;
            if (x >= contour.origin.x && x < contour.origin.x + contour.size.width
                && y >= contour.origin.y && y < contour.origin.y + contour.size.height)
              in_contour++;
            if (x >= loss.origin.x && x < loss.origin.x + loss.size.width
                && y >= loss.origin.y && y < loss.origin.y + loss.size.height)
              in_loss++;
          }
      if (in_contour < 10 || in_loss < 10)
        g_error ("run %u: %u pixels of its colour in the contour view, %u in the loss view",
                 r, in_contour, in_loss);
    }
  close_window (window);
}

/* Pixels of widget plot in the window's image: returns how many distinct
 * colours; counts[r] gets how many are within 6 per channel of run r's
 * colour. The plot must be at least min_w × min_h. */
static guint
widget_pixels (GsWindow *window, GdkTexture *texture, GtkWidget *plot, double min_w,
               double min_h, guint *counts)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guchar *pixels = g_malloc ((gsize) w * h * 4);
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  graphene_rect_t b;

  g_assert_nonnull (plot);
  g_assert_true (gtk_widget_compute_bounds (plot, GTK_WIDGET (window), &b));
  g_assert_cmpfloat (b.size.width, >, min_w);
  g_assert_cmpfloat (b.size.height, >, min_h);
  gdk_texture_download (texture, pixels, (gsize) w * 4);
  for (guint r = 0; r < window->run_views->len; r++)
    counts[r] = 0;
  for (int y = MAX (0, (int) b.origin.y); y < (int) (b.origin.y + b.size.height) && y < h; y++)
    for (int x = MAX (0, (int) b.origin.x); x < (int) (b.origin.x + b.size.width) && x < w; x++)
      {
        /* B8G8R8A8 premultiplied */
        const guchar *p = pixels + ((gsize) y * w + x) * 4;

        g_hash_table_add (colours, GUINT_TO_POINTER (p[0] | p[1] << 8 | p[2] << 16));
        for (guint r = 0; r < window->run_views->len; r++)
          {
            GdkRGBA c = g_array_index (window->run_views, GsRunView, r).color;

            counts[r] += abs (p[2] - (int) lround (c.red * 255)) <= 6
                         && abs (p[1] - (int) lround (c.green * 255)) <= 6
                         && abs (p[0] - (int) lround (c.blue * 255)) <= 6;
          }
      }
  return g_hash_table_size (colours);
}

/* the Landscape page's plot name, and the 3-D page's plot */
static guint
landscape_pixels (GsWindow *window, GdkTexture *texture, const char *name, guint *counts)
{
  return widget_pixels (window, texture, find_named (window->landscape_page, name), 200, 100,
                        counts);
}

static guint
surface_pixels (GsWindow *window, GdkTexture *texture, guint *counts)
{
  return widget_pixels (window, texture, find_named (window->surface_page, "surface-plot"), 300,
                        240, counts);
}

/* A window on an experiment given as text (CSV paths from the fixtures). */
static GsWindow *
open_text (const char *json)
{
  GsWindow *window = gs_window_new (NULL);
  g_autoptr(GError) error = NULL;
  GsExperiment *exp = gs_experiment_new_from_data (json, -1, "test.json",
                                                   g_getenv ("GS_FIXTURES"), &error);

  g_assert_no_error (error);
  gs_window_set_experiment (window, exp, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* A model with more parameters than the panel once had room for (a start
 * of 64 doubles on the stack): 100 features, 101 parameters. Its data view
 * cannot draw 100 features: hidden, while the data source stays. */
static void
test_many_params (void)
{
  GsWindow *window = open_text (
    "{\"problem\": {\"type\": \"linear_regression\", \"data\": {\"generator\": \"linear\", "
    "\"samples\": 40, \"features\": 100, \"seed\": 3}},\n"
    " \"runs\": [{\"optimizer\": {\"name\": \"adam\", \"lr\": 0.01}}]}");

  g_assert_cmpuint (gs_problem_get_n_params (window->experiment->problem), ==, 101);
  pump (200);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->max_steps_row)), ==, "1000");
  g_assert_true (gtk_widget_get_visible (window->data_group));
  g_assert_true (gtk_widget_get_visible (window->samples_row));
  g_assert_false (gtk_widget_is_visible (window->data_view));
  g_assert_true (gtk_widget_get_visible (window->axis_x_row));
  close_window (window);
}

static guint
function_index (const char *name)
{
  guint n;
  const GsFunctionInfo *all = gs_functions (&n);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (all[i].name, name))
      return i;
  g_assert_not_reached ();
}

/* A regression's minibatches do not follow it to a 2-D function: the
 * function has full batches only, and the file saved from it loads. */
static void
test_function_clears_batch (void)
{
  GsWindow *window = open_window ("minibatch.json");
  GsExperiment *exp = window->experiment;
  g_autofree char *json = NULL;
  g_autoptr(GsExperiment) back = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (exp->batch_size, ==, 4);
  g_assert_cmpint (gs_experiment_get_run (exp, 1)->batch_size, ==, 0);
  /* one feature: the data view draws it */
  g_assert_true (gtk_widget_is_visible (window->data_view));

  adw_combo_row_set_selected (ADW_COMBO_ROW (window->problem_row), function_index ("rosenbrock"));
  pump (100);
  g_assert_cmpint (exp->kind, ==, GS_PROBLEM_FUNCTION);
  g_assert_cmpuint (exp->batch_size, ==, 0);
  for (guint i = 0; i < gs_experiment_get_n_runs (exp); i++)
    g_assert_cmpint (gs_experiment_get_run (exp, i)->batch_size, ==, -1);
  g_assert_false (gs_experiment_has_minibatches (exp));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->batch_row)), ==, "0");
  g_assert_false (gtk_widget_get_visible (window->data_group));

  json = gs_experiment_to_json (exp);
  back = gs_experiment_new_from_data (json, -1, "saved.json", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->batch_size, ==, 0);
  close_window (window);
}

/* A data source that cannot serve the problem (a line's real targets for
 * logistic regression) changes nothing: the old data, its description and
 * the runs stay; the source row says why. */
static void
test_bad_data_source_kept (void)
{
  GsWindow *window = open_window ("plot/logistic.json");
  GsExperiment *exp = window->experiment;
  GsProblem *problem = exp->problem;
  guint generation;
  const char *tip;

  gs_engine_sync (window->engine);
  generation = gs_engine_get_generation (window->engine);
  g_assert_cmpint (exp->data.kind, ==, GS_DATA_GENERATOR);
  g_assert_cmpstr (exp->data.generator, ==, "blobs");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (window->data_row)), ==, 1);

  adw_combo_row_set_selected (ADW_COMBO_ROW (window->data_row), 0);   /* a line */
  pump (100);
  gs_engine_sync (window->engine);
  g_assert_true (exp == window->experiment);
  g_assert_cmpint (exp->data.kind, ==, GS_DATA_GENERATOR);
  g_assert_cmpstr (exp->data.generator, ==, "blobs");
  g_assert_cmpuint (exp->data.features, ==, 2);
  g_assert_true (exp->problem == problem);
  g_assert_cmpuint (gs_engine_get_generation (window->engine), ==, generation);
  g_assert_true (gtk_widget_has_css_class (window->data_row, "error"));
  tip = gtk_widget_get_tooltip_text (window->data_row);
  g_assert_nonnull (tip);
  g_assert_nonnull (strstr (tip, "logistic_regression needs target labels 0 or 1"));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (window->data_row)), ==, 1);

  /* a change that serves goes in (on Enter, or once typing pauses) and
   * clears the mark */
  gtk_editable_set_text (GTK_EDITABLE (window->samples_row), "80");
  g_signal_emit_by_name (window->samples_row, "entry-activated");
  pump (100);
  gs_engine_sync (window->engine);
  g_assert_cmpuint (exp->data.samples, ==, 80);
  g_assert_cmpuint (gs_problem_get_n_samples (exp->problem), ==, 80);
  g_assert_false (gtk_widget_has_css_class (window->data_row, "error"));
  g_assert_cmpuint (gs_engine_get_generation (window->engine), !=, generation);
  close_window (window);
}

static gboolean
all_ended (GsWindow *window)
{
  GsRunSnapshot s;

  for (guint i = 0; i < gs_engine_get_n_runs (window->engine); i++)
    if (!gs_engine_get_snapshot (window->engine, i, &s) || s.status == GS_STATUS_RUNNING)
      return FALSE;
  return !gs_engine_is_playing (window->engine);
}

static void
type_into (GtkWidget *row, const char *text, guint ms_per_key)
{
  for (gsize i = 1; i <= strlen (text); i++)
    {
      g_autofree char *prefix = g_strndup (text, i);

      gtk_editable_set_text (GTK_EDITABLE (row), prefix);
      pump (ms_per_key);
    }
}

#define SLOW_RUNS \
  "{\"problem\": {\"type\": \"function\", \"name\": \"rosenbrock\"}, \"start\": [-1.5, 2],\n" \
  " \"max_steps\": %s, \"runs\": [{\"label\": \"GD\", \"optimizer\": {\"name\": \"sgd\", \"lr\": 0.0001}},\n" \
  "  {\"label\": \"Adam\", \"optimizer\": {\"name\": \"adam\", \"lr\": 0.001}}]}"

/* Typing "20000" into Max steps while the runs play goes through "2",
 * "20", …: those must not end every run and pause the app. */
static void
test_max_steps_typing (void)
{
  g_autofree char *json = g_strdup_printf (SLOW_RUNS, "100000");
  GsWindow *window = open_text (json);
  GsRunSnapshot s;

  gs_engine_set_speed (window->engine, 250);
  gs_engine_play (window->engine);
  pump (300);
  gs_engine_sync (window->engine);
  g_assert_true (gs_engine_get_snapshot (window->engine, 0, &s));
  g_assert_cmpuint (s.step, >, 5);

  type_into (window->max_steps_row, "20000", 60);
  /* mid-typing nothing applied: still playing, still the old budget */
  g_assert_cmpuint (window->experiment->max_steps, ==, 100000);
  g_assert_true (gs_engine_is_playing (window->engine));
  pump (800);
  gs_engine_sync (window->engine);
  g_assert_cmpuint (window->experiment->max_steps, ==, 20000);
  g_assert_true (gs_engine_is_playing (window->engine));
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (gs_engine_get_snapshot (window->engine, i, &s));
      g_assert_cmpint (s.status, ==, GS_STATUS_RUNNING);
    }

  /* Enter applies at once */
  gtk_editable_set_text (GTK_EDITABLE (window->max_steps_row), "30000");
  g_assert_cmpuint (window->experiment->max_steps, ==, 20000);
  g_signal_emit_by_name (window->max_steps_row, "entry-activated");
  g_assert_cmpuint (window->experiment->max_steps, ==, 30000);

  /* the panel filled anew (a run added) keeps, and applies, what was typed */
  gtk_editable_set_text (GTK_EDITABLE (window->max_steps_row), "40000");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-run", "s", "rmsprop");
  pump (100);
  g_assert_cmpuint (window->run_rows->len, ==, 3);
  g_assert_cmpuint (window->experiment->max_steps, ==, 40000);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->max_steps_row)), ==, "40000");
  gs_engine_sync (window->engine);
  g_assert_true (gs_engine_is_playing (window->engine));
  close_window (window);
}

/* Runs that ended by a rule go on when a new rule lets them, and the app
 * plays again: a larger max steps, a lower (or no) loss threshold. */
static void
test_new_rules_resume (void)
{
  g_autofree char *json = g_strdup_printf (SLOW_RUNS, "30");
  GsWindow *window = open_text (json);
  GsRunSnapshot s;

  gs_engine_set_speed (window->engine, 0);
  gs_engine_play (window->engine);
  wait_until (window, all_ended, 5000);
  g_assert_true (all_ended (window));
  g_assert_true (gs_engine_get_snapshot (window->engine, 0, &s));
  g_assert_cmpint (s.status, ==, GS_STATUS_MAX_STEPS);
  g_assert_cmpuint (s.step, ==, 30);

  gs_engine_set_speed (window->engine, 250);
  gtk_editable_set_text (GTK_EDITABLE (window->max_steps_row), "100000");
  pump (800);
  g_assert_true (gs_engine_is_playing (window->engine));
  pump (200);
  gs_engine_sync (window->engine);
  g_assert_true (gs_engine_get_snapshot (window->engine, 0, &s));
  g_assert_cmpint (s.status, ==, GS_STATUS_RUNNING);
  g_assert_cmpuint (s.step, >, 30);

  /* every run converged by a generous threshold ... */
  gs_engine_set_speed (window->engine, 0);
  gtk_editable_set_text (GTK_EDITABLE (window->loss_below_row), "1000");
  g_signal_emit_by_name (window->loss_below_row, "entry-activated");
  wait_until (window, all_ended, 5000);
  g_assert_true (all_ended (window));
  g_assert_true (gs_engine_get_snapshot (window->engine, 1, &s));
  g_assert_cmpint (s.status, ==, GS_STATUS_CONVERGED);
  /* ... goes on once there is none */
  gs_engine_set_speed (window->engine, 250);
  gtk_editable_set_text (GTK_EDITABLE (window->loss_below_row), "");
  pump (800);
  gs_engine_sync (window->engine);
  g_assert_true (gs_engine_is_playing (window->engine));
  g_assert_true (gs_engine_get_snapshot (window->engine, 1, &s));
  g_assert_cmpint (s.status, ==, GS_STATUS_RUNNING);

  /* a pause by the user mid-way stays a pause */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.play", NULL);
  g_assert_false (gs_engine_is_playing (window->engine));
  gtk_editable_set_text (GTK_EDITABLE (window->max_steps_row), "200000");
  pump (800);
  g_assert_cmpuint (window->experiment->max_steps, ==, 200000);
  g_assert_false (gs_engine_is_playing (window->engine));
  close_window (window);
}

/* An empty name is refused (marked, not applied). */
static void
test_empty_label (void)
{
  GsWindow *window = open_window ("two-runs.json");
  GtkWidget *label = find_named (GTK_WIDGET (window), "run1-label");

  g_assert_nonnull (label);
  gtk_editable_set_text (GTK_EDITABLE (label), "");
  g_assert_true (gtk_widget_has_css_class (label, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (label), "needs a name"));
  g_assert_cmpstr (gs_experiment_get_run (window->experiment, 1)->label, ==, "Adam");
  g_assert_cmpstr (g_array_index (window->run_views, GsRunView, 1).label, ==, "Adam");
  gtk_editable_set_text (GTK_EDITABLE (label), "   ");
  g_assert_true (gtk_widget_has_css_class (label, "error"));
  g_assert_cmpstr (gs_experiment_get_run (window->experiment, 1)->label, ==, "Adam");

  gtk_editable_set_text (GTK_EDITABLE (label), "Adam, fast");
  g_assert_false (gtk_widget_has_css_class (label, "error"));
  g_assert_cmpstr (gs_experiment_get_run (window->experiment, 1)->label, ==, "Adam, fast");
  g_assert_cmpstr (g_array_index (window->run_views, GsRunView, 1).label, ==, "Adam, fast");
  close_window (window);
}

static gboolean
rgba_equal (const GdkRGBA *a, const GdkRGBA *b)
{
  return fabs (a->red - b->red) < 1e-3 && fabs (a->green - b->green) < 1e-3
    && fabs (a->blue - b->blue) < 1e-3;
}

/* Adding and removing runs keeps what the others look like: hidden stays
 * hidden, each keeps its colour, a new run takes a colour not in use. */
static void
test_runs_keep_looks (void)
{
  GsWindow *window = open_window ("two-runs.json");
  GtkWidget *visible = find_named (GTK_WIDGET (window), "run1-visible");
  GdkRGBA c0 = g_array_index (window->run_views, GsRunView, 0).color;
  GdkRGBA c1 = g_array_index (window->run_views, GsRunView, 1).color;
  GdkRGBA c2;
  GtkWidget *remove;

  g_assert_nonnull (visible);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (visible), FALSE);
  g_assert_false (g_array_index (window->run_views, GsRunView, 1).visible);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-run", "s", "rmsprop");
  pump (100);
  g_assert_cmpuint (window->run_views->len, ==, 3);
  g_assert_true (g_array_index (window->run_views, GsRunView, 0).visible);
  g_assert_false (g_array_index (window->run_views, GsRunView, 1).visible);
  g_assert_true (g_array_index (window->run_views, GsRunView, 2).visible);
  g_assert_true (rgba_equal (&g_array_index (window->run_views, GsRunView, 0).color, &c0));
  g_assert_true (rgba_equal (&g_array_index (window->run_views, GsRunView, 1).color, &c1));
  c2 = g_array_index (window->run_views, GsRunView, 2).color;
  g_assert_false (rgba_equal (&c2, &c0));
  g_assert_false (rgba_equal (&c2, &c1));
  /* the panel's check box shows it too */
  visible = find_named (GTK_WIDGET (window), "run1-visible");
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (visible)));

  /* the first run goes: the others keep their looks at their new places */
  remove = find_named (GTK_WIDGET (window), "run0-remove");
  g_assert_nonnull (remove);
  g_signal_emit_by_name (remove, "clicked");
  pump (100);
  g_assert_cmpuint (window->run_views->len, ==, 2);
  g_assert_cmpstr (gs_experiment_get_run (window->experiment, 0)->label, ==, "Adam");
  g_assert_false (g_array_index (window->run_views, GsRunView, 0).visible);
  g_assert_true (rgba_equal (&g_array_index (window->run_views, GsRunView, 0).color, &c1));
  g_assert_true (g_array_index (window->run_views, GsRunView, 1).visible);
  g_assert_true (rgba_equal (&g_array_index (window->run_views, GsRunView, 1).color, &c2));
  close_window (window);
}

static guint64
run_step (GsWindow *window, guint run)
{
  GsRunSnapshot s;

  g_assert_true (gs_engine_get_snapshot (window->engine, run, &s));
  return s.step;
}

static gboolean
fourth_past_40 (GsWindow *window)
{
  GsRunSnapshot s;

  return gs_engine_get_snapshot (window->engine, 3, &s) && s.step > 40 && has_rows (window);
}

/* What the window has copied of a run: its rows, as they are now. */
typedef struct
{
  GArray  *rows;
  guint    stable;
  guint64  step;
  GdkRGBA  color;
  char    *label;
} Kept;

static void
keep_run (GsWindow *window, guint run, Kept *kept)
{
  const GsRunView *view = &g_array_index (window->run_views, GsRunView, run);

  kept->rows = g_array_copy (view->rows);
  kept->stable = MIN (view->stable, view->rows->len / window->row_width);
  kept->step = run_step (window, run);
  kept->color = view->color;
  kept->label = g_strdup (view->label);
}

/* The window's run `run` is the one kept: the same looks and name, and its
 * first stable rows as they were (its copied rows were never dropped). */
static void
assert_view_kept (GsWindow *window, guint run, const Kept *kept)
{
  const GsRunView *view = &g_array_index (window->run_views, GsRunView, run);

  g_assert_cmpstr (view->label, ==, kept->label);
  g_assert_true (rgba_equal (&view->color, &kept->color));
  g_assert_cmpuint (kept->stable, >, 0);
  g_assert_cmpuint (view->rows->len, >=, (gsize) kept->stable * window->row_width);
  g_assert_cmpmem (view->rows->data, kept->stable * window->row_width * sizeof (double),
                   kept->rows->data, kept->stable * window->row_width * sizeof (double));
}

static gboolean
settled (GsWindow *window)
{
  return !gs_engine_layout_pending (window->engine) && !window->force_refresh;
}

/* With the engine paused: every row the window has of every run is the
 * engine's row of that run, none of another run. */
static void
assert_views_match_engine (GsWindow *window)
{
  g_assert_false (gs_engine_is_playing (window->engine));
  gs_engine_sync (window->engine);
  window->force_refresh = TRUE;
  wait_until (window, settled, 1000);
  g_assert_cmpuint (gs_engine_get_n_runs (window->engine), ==, window->run_views->len);
  for (guint r = 0; r < window->run_views->len; r++)
    {
      const GsRunView *view = &g_array_index (window->run_views, GsRunView, r);
      guint n = gs_engine_get_n_rows (window->engine, r, NULL);
      g_autofree double *rows = g_new (double, (gsize) n * window->row_width);

      g_assert_cmpuint (gs_engine_copy_rows (window->engine, r, 0, n, rows, NULL), ==, n);
      g_assert_cmpuint (view->rows->len, ==, (gsize) n * window->row_width);
      g_assert_cmpmem (view->rows->data, view->rows->len * sizeof (double),
                       rows, (gsize) n * window->row_width * sizeof (double));
    }
}

/* … and the engine's run `run` is it too: not back at step 0. */
static void
assert_kept (GsWindow *window, guint run, const Kept *kept)
{
  GsRunSnapshot s;

  assert_view_kept (window, run, kept);
  g_assert_true (gs_engine_get_snapshot (window->engine, run, &s));
  g_assert_cmpuint (s.step, >=, kept->step);
}

static void
kept_clear (Kept *kept)
{
  g_array_unref (kept->rows);
  g_free (kept->label);
}

/* Removing, adding and duplicating a run while four play: the others go
 * on from where they were, with the rows the window had of them; a new
 * run starts at step 0 and plays. */
static void
test_runs_keep_progress (void)
{
  GsWindow *window = open_window (NULL);
  GtkWidget *button;
  Kept kept[4];
  guint generation;
  GsRunSnapshot s;

  gs_engine_set_speed (window->engine, 250);
  wait_until (window, fourth_past_40, 8000);
  g_assert_true (fourth_past_40 (window));
  g_assert_cmpuint (window->run_views->len, ==, 4);
  gs_engine_sync (window->engine);
  pump (50);
  for (guint r = 0; r < 4; r++)
    keep_run (window, r, &kept[r]);
  generation = gs_engine_get_generation (window->engine);

  /* remove the second run: the views follow at once, the engine next */
  button = find_named (GTK_WIDGET (window), "run1-remove");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (window->run_views->len, ==, 3);
  g_assert_cmpuint (gs_experiment_get_n_runs (window->experiment), ==, 3);
  pump (300);
  gs_engine_sync (window->engine);
  wait_until (window, settled, 1000);
  g_assert_cmpuint (gs_engine_get_n_runs (window->engine), ==, 3);
  g_assert_cmpuint (window->run_rows->len, ==, 3);
  g_assert_cmpuint (gs_engine_get_generation (window->engine), ==, generation);
  g_assert_true (gs_engine_is_playing (window->engine));
  assert_kept (window, 0, &kept[0]);
  assert_kept (window, 1, &kept[2]);
  assert_kept (window, 2, &kept[3]);
  g_assert_cmpstr (gs_experiment_get_run (window->experiment, 1)->label, ==, kept[2].label);
  /* the first one (slow SGD) is still on its way, and went on */
  g_assert_true (gs_engine_get_snapshot (window->engine, 0, &s));
  g_assert_cmpint (s.status, ==, GS_STATUS_RUNNING);
  g_assert_cmpuint (s.step, >, kept[0].step);
  g_assert_cmpuint (s.step, >, 40);

  /* add one: it starts from 0 and plays; the others go on */
  for (guint r = 0; r < 3; r++)
    kept[r].step = run_step (window, r);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-run", "s", "adam");
  g_assert_cmpuint (window->run_views->len, ==, 4);
  gs_engine_sync (window->engine);
  g_assert_cmpuint (gs_engine_get_n_runs (window->engine), ==, 4);
  g_assert_cmpuint (run_step (window, 3), <=, 5);
  pump (300);
  wait_until (window, settled, 1000);
  g_assert_cmpuint (run_step (window, 3), >, 0);
  g_assert_cmpuint (run_step (window, 3), <, run_step (window, 0));
  g_assert_cmpuint (run_step (window, 0), >, kept[0].step);
  assert_kept (window, 0, &kept[0]);
  assert_kept (window, 1, &kept[2]);
  assert_kept (window, 2, &kept[3]);
  g_assert_cmpuint (gs_engine_get_generation (window->engine), ==, generation);
  g_assert_cmpuint (window->run_rows->len, ==, 4);
  g_assert_cmpstr (g_array_index (window->run_views, GsRunView, 3).label, ==, "Adam");
  g_assert_true (g_array_index (window->run_views, GsRunView, 3).rows->len > 0);
  for (guint r = 0; r < 3; r++)
    g_assert_false (rgba_equal (&g_array_index (window->run_views, GsRunView, 3).color,
                                &g_array_index (window->run_views, GsRunView, r).color));

  /* duplicate the first: a copy with its settings at the end, from 0 */
  button = find_named (GTK_WIDGET (window), "run0-duplicate");
  g_assert_nonnull (button);
  kept[0].step = run_step (window, 0);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (window->run_views->len, ==, 5);
  gs_engine_sync (window->engine);
  g_assert_cmpuint (run_step (window, 4), <=, 5);
  pump (300);
  wait_until (window, settled, 1000);
  g_assert_cmpuint (run_step (window, 4), >, 0);
  g_assert_cmpuint (run_step (window, 4), <, run_step (window, 0));
  g_assert_cmpuint (run_step (window, 0), >, kept[0].step);
  {
    g_autofree char *copy = g_strdup_printf ("%s (copy)", kept[0].label);
    GsRunSnapshot s0, s4;

    g_assert_cmpstr (gs_experiment_get_run (window->experiment, 4)->label, ==, copy);
    g_assert_cmpstr (g_array_index (window->run_views, GsRunView, 4).label, ==, copy);
    g_assert_true (gs_engine_get_snapshot (window->engine, 0, &s0));
    g_assert_true (gs_engine_get_snapshot (window->engine, 4, &s4));
    g_assert_cmpfloat (s4.lr, ==, s0.lr);
  }
  assert_kept (window, 0, &kept[0]);
  assert_kept (window, 1, &kept[2]);
  assert_kept (window, 2, &kept[3]);
  g_assert_cmpuint (gs_engine_get_generation (window->engine), ==, generation);
  g_assert_true (gs_engine_is_playing (window->engine));
  /* and what the window has of each run is that run's */
  gs_engine_pause (window->engine);
  assert_views_match_engine (window);

  for (guint r = 0; r < 4; r++)
    kept_clear (&kept[r]);
  close_window (window);
}


/* A remove the worker has not got to yet: frames meanwhile must not copy
 * the engine's old run i into the window's new run i. */
static void
test_remove_while_worker_busy (void)
{
  GsWindow *window = open_window (NULL);
  GsTestGate gate;
  Kept kept[4];

  gs_test_gate_init (&gate);
  gs_engine_set_speed (window->engine, 250);
  wait_until (window, fourth_past_40, 8000);
  g_assert_true (fourth_past_40 (window));
  gs_engine_sync (window->engine);
  pump (50);
  for (guint r = 0; r < 4; r++)
    keep_run (window, r, &kept[r]);

  gs_engine_call (window->engine, gs_test_gate_wait, &gate);
  g_signal_emit_by_name (find_named (GTK_WIDGET (window), "run1-remove"), "clicked");
  pump (200);
  g_assert_true (gs_engine_layout_pending (window->engine));
  g_assert_cmpuint (gs_engine_get_n_runs (window->engine), ==, 4);
  /* the window's views are the new ones, still with their own rows */
  assert_view_kept (window, 0, &kept[0]);
  assert_view_kept (window, 1, &kept[2]);
  assert_view_kept (window, 2, &kept[3]);

  gs_test_gate_open (&gate);
  gs_engine_sync (window->engine);
  pump (200);
  wait_until (window, settled, 1000);
  assert_kept (window, 0, &kept[0]);
  assert_kept (window, 1, &kept[2]);
  assert_kept (window, 2, &kept[3]);
  gs_engine_pause (window->engine);
  assert_views_match_engine (window);
  for (guint r = 0; r < 4; r++)
    kept_clear (&kept[r]);
  close_window (window);
  gs_test_gate_clear (&gate);
}

/* No limit on the runs: past the eight palette colours, each new run still
 * gets a view, a row and an engine run, the palette's colours each once
 * first. Paused, a new run waits at step 0 and the others stay put. */
static void
test_many_runs (void)
{
  GsWindow *window = open_window ("two-runs.json");
  GsRunSnapshot s;
  guint64 step0;

  gs_engine_set_speed (window->engine, 0);
  pump (100);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.play", NULL);
  if (gs_engine_is_playing (window->engine))
    gtk_widget_activate_action (GTK_WIDGET (window), "win.play", NULL);
  g_assert_false (gs_engine_is_playing (window->engine));
  gs_engine_sync (window->engine);
  step0 = run_step (window, 0);

  for (guint i = 0; i < 8; i++)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.add-run", "s", "sgd");
  g_assert_cmpuint (window->run_views->len, ==, 10);
  pump (200);
  gs_engine_sync (window->engine);
  g_assert_cmpuint (gs_engine_get_n_runs (window->engine), ==, 10);
  g_assert_cmpuint (gs_experiment_get_n_runs (window->experiment), ==, 10);
  g_assert_cmpuint (window->run_rows->len, ==, 10);
  g_assert_false (gs_engine_is_playing (window->engine));
  g_assert_cmpuint (run_step (window, 0), ==, step0);
  assert_views_match_engine (window);
  for (guint r = 2; r < 10; r++)
    {
      g_assert_true (gs_engine_get_snapshot (window->engine, r, &s));
      g_assert_cmpuint (s.step, ==, 0);
      g_assert_cmpfloat (s.lr, ==, 0.001);
    }
  /* the first eight colours are all different */
  for (guint a = 0; a < 8; a++)
    for (guint b = a + 1; b < 8; b++)
      g_assert_false (rgba_equal (&g_array_index (window->run_views, GsRunView, a).color,
                                  &g_array_index (window->run_views, GsRunView, b).color));

  /* down to one; the last cannot go */
  for (guint i = 0; i < 9; i++)
    {
      GtkWidget *remove = find_named (GTK_WIDGET (window), "run0-remove");

      g_assert_nonnull (remove);
      g_signal_emit_by_name (remove, "clicked");
      pump (20);
    }
  g_assert_cmpuint (window->run_views->len, ==, 1);
  {
    GtkWidget *remove = find_named (GTK_WIDGET (window), "run0-remove");

    g_signal_emit_by_name (remove, "clicked");
    pump (20);
  }
  gs_engine_sync (window->engine);
  g_assert_cmpuint (window->run_views->len, ==, 1);
  g_assert_cmpuint (gs_engine_get_n_runs (window->engine), ==, 1);
  g_assert_cmpuint (gs_experiment_get_n_runs (window->experiment), ==, 1);

  /* play: the one left goes on */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.play", NULL);
  pump (100);
  gs_engine_sync (window->engine);
  g_assert_cmpuint (run_step (window, 0), >, 0);
  close_window (window);
}

static gboolean
has_error_dialog (const char *needle)
{
  GListModel *tops = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (tops, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && GS_IS_WINDOW (gtk_window_get_transient_for (w))
          && strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (w)), needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* `gradscope bad.json`: the window says why the file did not open. */
static void
test_open_error_shown (void)
{
  g_autoptr(GsApplication) app = gs_application_new ();
  g_autofree char *path = g_build_filename (g_getenv ("GS_FIXTURES"), "bad-key.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GList *windows;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_open (G_APPLICATION (app), &file, 1, "");
  pump (100);
  g_assert_true (has_error_dialog ("bad-key.json:5:"));
  g_assert_true (has_error_dialog ("lerning_rate"));

  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));
  for (GList *l = windows; l; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);
  pump (50);
}

/* Pixels of a run's colour inside the contour view of a rendered window. */
static guint
contour_pixels_of (GsWindow *window, GdkTexture *texture, guint run)
{
  GdkRGBA c = g_array_index (window->run_views, GsRunView, run).color;
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guchar *pixels = g_malloc ((gsize) w * h * 4);
  graphene_rect_t b;
  guint n = 0;

  g_assert_true (gtk_widget_compute_bounds (window->contour_view, GTK_WIDGET (window), &b));
  gdk_texture_download (texture, pixels, (gsize) w * 4);
  for (int y = MAX (0, (int) b.origin.y); y < MIN (h, (int) (b.origin.y + b.size.height)); y++)
    for (int x = MAX (0, (int) b.origin.x); x < MIN (w, (int) (b.origin.x + b.size.width)); x++)
      {
        const guchar *p = pixels + ((gsize) y * w + x) * 4;
        n += abs (p[2] - (int) lround (c.red * 255)) <= 6
             && abs (p[1] - (int) lround (c.green * 255)) <= 6
             && abs (p[0] - (int) lround (c.blue * 255)) <= 6;
      }
  return n;
}

static gboolean
long_walks (GsWindow *window)
{
  return window->run_views->len == 2
         && g_array_index (window->run_views, GsRunView, 0).rows->len / window->row_width > 20000;
}

/* Scrolling zooms around the view's centre (no pointer) by 1.25 a notch;
 * while the wheel turns, long walks are drawn from a sample of their rows,
 * and in full once it stops: every frame shows every walk about as much
 * as before. */
static void
test_zoom_draws_walks (void)
{
  GsWindow *window = open_window ("long-runs.json");
  GtkEventController *scroll = NULL;
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (window->contour_view);
  double before[4];
  gboolean handled = FALSE;
  guint base[2];

  gs_engine_set_speed (window->engine, 0);
  gs_engine_play (window->engine);
  wait_until (window, long_walks, 10000);
  g_assert_true (long_walks (window));
  wait_until (window, grid_ready, 8000);
  pump (100);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);
      if (GTK_IS_EVENT_CONTROLLER_SCROLL (c))
        scroll = GTK_EVENT_CONTROLLER (c);
    }
  g_assert_nonnull (scroll);
  window->hovering = FALSE;
  {
    g_autoptr(GdkTexture) still = render_window (window);
    for (guint r = 0; r < 2; r++)
      {
        base[r] = contour_pixels_of (window, still, r);
        g_assert_cmpuint (base[r], >, 20);
      }
  }
  memcpy (before, window->window, sizeof before);

  g_signal_emit_by_name (scroll, "scroll", 0.0, 1.0, &handled);
  g_assert_true (handled);
  g_assert_cmpfloat_with_epsilon (window->window[1] - window->window[0],
                                  1.25 * (before[1] - before[0]), 1e-12);
  g_assert_cmpfloat_with_epsilon (window->window[0] + window->window[1],
                                  before[0] + before[1], 1e-12);
  {
    g_autoptr(GdkTexture) moving = render_window (window);
    g_assert_true (g_get_monotonic_time () < window->zoom_until);
    for (guint r = 0; r < 2; r++)
      g_assert_cmpuint (contour_pixels_of (window, moving, r), >, base[r] / 4);
  }
  pump (400);
  g_assert_true (g_get_monotonic_time () >= window->zoom_until);
  {
    g_autoptr(GdkTexture) settled = render_window (window);
    for (guint r = 0; r < 2; r++)
      g_assert_cmpuint (contour_pixels_of (window, settled, r), >, base[r] / 4);
  }
  close_window (window);
}

static gboolean
view_fitted (GsWindow *window)
{
  return !window->fit_pending;
}

/* A model's contour starts on a wide window and, once the runs have moved,
 * fits their walks: every point inside, and the walks filling a good part
 * of it (they were a sliver of the wide one). Zooming first keeps the
 * user's view. */
static void
test_model_view_fits (void)
{
  GsWindow *window = open_window ("plot/logistic.json");
  double lo[2] = { INFINITY, INFINITY }, hi[2] = { -INFINITY, -INFINITY };

  g_assert_true (window->fit_pending);
  gs_engine_set_speed (window->engine, 0);
  gs_engine_play (window->engine);
  wait_until (window, view_fitted, 8000);
  g_assert_false (window->fit_pending);
  for (guint r = 0; r < window->run_views->len; r++)
    {
      GsRunView *rv = &g_array_index (window->run_views, GsRunView, r);
      const double *rows = (const double *) rv->rows->data;

      for (guint k = 0; k < rv->rows->len / window->row_width; k++)
        for (guint a = 0; a < 2; a++)
          {
            double v = rows[k * window->row_width + GS_ROW_FIELDS + a];
            lo[a] = MIN (lo[a], v);
            hi[a] = MAX (hi[a], v);
          }
    }
  g_assert_cmpfloat (window->window[0], <, lo[0]);
  g_assert_cmpfloat (window->window[1], >, hi[0]);
  g_assert_cmpfloat (window->window[2], <, lo[1]);
  g_assert_cmpfloat (window->window[3], >, hi[1]);
  g_assert_true ((hi[0] - lo[0]) / (window->window[1] - window->window[0]) > 0.5
                 || (hi[1] - lo[1]) / (window->window[3] - window->window[2]) > 0.5);
  close_window (window);

  /* zoomed before the runs moved: the view stays the user's */
  window = open_window ("plot/logistic.json");
  window->view_touched = TRUE;
  {
    double before[4];

    memcpy (before, window->window, sizeof before);
    gs_engine_set_speed (window->engine, 0);
    gs_engine_play (window->engine);
    pump (500);
    g_assert_true (window->fit_pending);
    g_assert_cmpmem (before, sizeof before, window->window, sizeof before);
  }
  close_window (window);
}

/* Export to a name with no figure format: a dialog says which names work,
 * nothing is written, and the runs are as they were. */
static void
test_export_bad_name (void)
{
  GsWindow *window = open_window ("two-runs.json");
  GListModel *tops = gtk_window_get_toplevels ();
  guint64 before;

  g_unlink ("/tmp/gradscope-ui-figure.txt");
  gs_engine_set_speed (window->engine, 0);
  pump (100);
  gs_engine_sync (window->engine);
  before = run_step (window, 0);
  gs_window_export_figure (window, "/tmp/gradscope-ui-figure.txt");
  pump (100);
  g_assert_true (has_error_dialog ("gradscope-ui-figure.txt: unknown figure format"));
  g_assert_true (has_error_dialog (".png, .svg or .pdf"));
  g_assert_false (g_file_test ("/tmp/gradscope-ui-figure.txt", G_FILE_TEST_EXISTS));
  gs_engine_sync (window->engine);
  g_assert_cmpuint (before, >, 0);
  g_assert_cmpuint (run_step (window, 0), >=, before);
  g_assert_cmpuint (gs_experiment_get_n_runs (window->experiment), ==, 2);

  for (guint i = g_list_model_get_n_items (tops); i-- > 0; )
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (tops, i);
      if (ADW_IS_MESSAGE_DIALOG (w))
        gtk_window_destroy (w);
    }
  close_window (window);
}


/* ---- the neural network and the data generators in the side panel -------------- */

/* The panel shows the experiment: the fill after a change (in an idle) is
 * done. */
static gboolean
panel_built (GsWindow *window)
{
  return window->rebuild_id == 0;
}

/* Picks item i of a combo row, and waits for the panel to show the result. */
static void
pick (GsWindow *window, GtkWidget *row, guint i)
{
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
  wait_until (window, panel_built, 5000);
  g_assert_true (panel_built (window));
  pump (20);
}

static guint
n_functions_total (void)
{
  guint n;

  gs_functions (&n);
  return n;
}

/* the problem list: the built-in functions, "Custom f(x, y)", the models */
#define PROBLEM_CUSTOM   (n_functions_total ())
#define PROBLEM_LINEAR   (n_functions_total () + 1)
#define PROBLEM_LOGISTIC (n_functions_total () + 2)
#define PROBLEM_MLP      (n_functions_total () + 3)

/* the source row's entries */
enum { SOURCE_LINE, SOURCE_BLOBS, SOURCE_GAUSSIANS, SOURCE_CIRCLES, SOURCE_XOR, SOURCE_SPIRAL,
       SOURCE_MOONS, SOURCE_CSV };

/* a label under the toast overlay (not in the panel or the views) holding needle */
static gboolean
label_in (GtkWidget *root, GtkWidget *skip, const char *needle)
{
  if (root == skip)
    return FALSE;
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), needle) != NULL)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    if (label_in (c, skip, needle))
      return TRUE;
  return FALSE;
}

static gboolean
toast_shown (GsWindow *window, const char *needle)
{
  return label_in (GTK_WIDGET (window->toasts), GTK_WIDGET (window->flap), needle);
}

static char *
axis_item (GsWindow *window, guint i)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (window->axis_x_row));
  g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

  g_assert_nonnull (item);
  return g_strdup (gtk_string_object_get_string (item));
}

static void
assert_run_looks (GsWindow *window, const char *const *labels, const GdkRGBA *colors, guint n)
{
  g_assert_cmpuint (window->run_views->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      const GsRunView *view = &g_array_index (window->run_views, GsRunView, i);

      g_assert_cmpstr (gs_experiment_get_run (window->experiment, i)->label, ==, labels[i]);
      g_assert_cmpstr (view->label, ==, labels[i]);
      g_assert_true (rgba_equal (&view->color, &colors[i]));
    }
}

/* From the default function to a neural network on the spiral: the runs
 * keep their names and colours, start over at step 0 and step from there;
 * the panel shows the network and its data. */
static void
test_mlp_switch (void)
{
  GsWindow *window = open_window (NULL);
  GsExperiment *exp = window->experiment;
  const char *labels[4];
  GdkRGBA colors[4];
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  gs_engine_set_speed (window->engine, 250);
  wait_until (window, has_rows, 5000);
  gs_engine_pause (window->engine);
  gs_engine_sync (window->engine);
  g_assert_false (gs_engine_is_playing (window->engine));
  g_assert_cmpuint (run_step (window, 0), >, 0);
  g_assert_cmpuint (window->run_views->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      labels[i] = g_intern_string (gs_experiment_get_run (exp, i)->label);
      colors[i] = g_array_index (window->run_views, GsRunView, i).color;
    }
  g_assert_false (gtk_widget_get_visible (window->network_group));

  pick (window, window->problem_row, PROBLEM_MLP);
  g_assert_true (exp == window->experiment);
  g_assert_cmpint (exp->kind, ==, GS_PROBLEM_MLP);
  g_assert_cmpint (gs_problem_get_kind (exp->problem), ==, GS_PROBLEM_MLP);
  g_assert_cmpint (exp->data.kind, ==, GS_DATA_GENERATOR);
  g_assert_cmpstr (exp->data.generator, ==, "spiral");
  g_assert_cmpuint (exp->data.samples, ==, 300);
  g_assert_cmpuint (exp->data.classes, ==, 2);
  g_assert_cmpfloat (exp->data.noise, ==, 0.1);
  g_assert_cmpuint (exp->data.seed, ==, 0);
  g_assert_cmpuint (exp->mlp.n_hidden, ==, 2);
  g_assert_cmpuint (exp->mlp.hidden[0], ==, 16);
  g_assert_cmpuint (exp->mlp.hidden[1], ==, 16);
  g_assert_cmpint (exp->mlp.activation, ==, GS_ACTIVATION_TANH);
  g_assert_false (exp->has_start);
  /* 2-16-16-2 */
  g_assert_cmpuint (gs_problem_get_n_params (exp->problem), ==, 2 * 16 + 16 + 16 * 16 + 16 + 16 * 2 + 2);
  assert_run_looks (window, labels, colors, 4);

  /* every run back at step 0, still paused; one step is step 1 */
  gs_engine_sync (window->engine);
  g_assert_cmpuint (gs_engine_get_n_runs (window->engine), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (run_step (window, i), ==, 0);
  g_assert_false (gs_engine_is_playing (window->engine));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL);
  gs_engine_sync (window->engine);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (run_step (window, i), ==, 1);

  /* the panel */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (window->problem_row)), ==, PROBLEM_MLP);
  g_assert_true (gtk_widget_get_visible (window->data_group));
  g_assert_true (gtk_widget_get_visible (window->network_group));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (window->data_row)), ==, SOURCE_SPIRAL);
  g_assert_true (gtk_widget_get_visible (window->classes_row));
  g_assert_true (gtk_widget_get_visible (window->validation_row));
  g_assert_false (gtk_widget_get_visible (window->start_x_row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->hidden_row)), ==, "16, 16");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->classes_row)), ==, "2");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->validation_row)), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->features_row)), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->init_seed_row)), ==, "0");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (window->activation_row)), ==,
                    GS_ACTIVATION_TANH);
  g_assert_true (gtk_widget_get_visible (window->axis_x_row));
  first = axis_item (window, 0);
  last = axis_item (window, gs_problem_get_n_params (exp->problem) - 1);
  g_assert_cmpstr (first, ==, "W1[0,0]");
  g_assert_cmpstr (last, ==, "b3[1]");
  {
    g_autofree char *b1 = axis_item (window, 32);
    g_autofree char *w2 = axis_item (window, 48 + 17);

    g_assert_cmpstr (b1, ==, "b1[0]");
    g_assert_cmpstr (w2, ==, "W2[1,1]");
  }

  /* back to a function: no data, no network */
  pick (window, window->problem_row, function_index ("beale"));
  g_assert_cmpint (exp->kind, ==, GS_PROBLEM_FUNCTION);
  g_assert_cmpstr (exp->function, ==, "beale");
  {
    g_autofree char *x = gs_problem_param_name (exp->problem, 0);
    g_autofree char *y = gs_problem_param_name (exp->problem, 1);

    g_assert_cmpstr (x, ==, "x");
    g_assert_cmpstr (y, ==, "y");
  }
  g_assert_false (gtk_widget_get_visible (window->network_group));
  g_assert_false (gtk_widget_get_visible (window->data_group));
  g_assert_true (gtk_widget_get_visible (window->start_x_row));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (window->problem_row)), ==,
                    function_index ("beale"));
  assert_run_looks (window, labels, colors, 4);
  close_window (window);
}

static guint
mlp_params (GsWindow *window)
{
  g_assert_cmpint (window->experiment->kind, ==, GS_PROBLEM_MLP);
  return gs_problem_get_n_params (window->experiment->problem);
}

/* The network's and the data's fields: a valid value applies after a
 * pause or on Enter, an invalid one marks its field and changes nothing. */
static void
test_mlp_fields (void)
{
  GsWindow *window = open_window (NULL);
  GsExperiment *exp = window->experiment;
  GsProblem *problem;
  guint generation;
  const char *tip;

  pick (window, window->problem_row, PROBLEM_MLP);
  g_assert_cmpuint (mlp_params (window), ==, 354);

  /* typing "8": applied once typing pauses; 2-8-2 */
  type_into (window->hidden_row, "8", 20);
  g_assert_cmpuint (mlp_params (window), ==, 354);
  pump (800);
  g_assert_cmpuint (mlp_params (window), ==, 2 * 8 + 8 + 8 * 2 + 2);
  g_assert_cmpuint (exp->mlp.n_hidden, ==, 1);
  g_assert_cmpuint (exp->mlp.hidden[0], ==, 8);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->hidden_row)), ==, "8");

  /* "8, x": marked, nothing changes, not even after the pause */
  gs_engine_sync (window->engine);
  generation = gs_engine_get_generation (window->engine);
  problem = exp->problem;
  gtk_editable_set_text (GTK_EDITABLE (window->hidden_row), "8, x");
  g_assert_true (gtk_widget_has_css_class (window->hidden_row, "error"));
  tip = gtk_widget_get_tooltip_text (window->hidden_row);
  g_assert_nonnull (strstr (tip, "“x” is not a width"));
  g_signal_emit_by_name (window->hidden_row, "entry-activated");
  pump (700);
  g_assert_true (exp->problem == problem);
  g_assert_cmpuint (mlp_params (window), ==, 42);
  gs_engine_sync (window->engine);
  g_assert_cmpuint (gs_engine_get_generation (window->engine), ==, generation);
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (window->hidden_row), "not a width"));
  /* too many layers, too wide */
  gtk_editable_set_text (GTK_EDITABLE (window->hidden_row), "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1");
  g_assert_true (gtk_widget_has_css_class (window->hidden_row, "error"));
  gtk_editable_set_text (GTK_EDITABLE (window->hidden_row), "4097");
  g_assert_true (gtk_widget_has_css_class (window->hidden_row, "error"));
  gtk_editable_set_text (GTK_EDITABLE (window->hidden_row), "8,");
  g_assert_true (gtk_widget_has_css_class (window->hidden_row, "error"));
  /* valid again: the field's own tooltip comes back */
  gtk_editable_set_text (GTK_EDITABLE (window->hidden_row), "8");
  g_assert_false (gtk_widget_has_css_class (window->hidden_row, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (window->hidden_row), "Widths of the hidden layers"));
  pump (700);
  g_assert_true (exp->problem == problem);   /* "8" is what it has */

  /* a network too big for memory: the loader's message, nothing changes */
  gtk_editable_set_text (GTK_EDITABLE (window->hidden_row), "4096, 4096");
  g_assert_false (gtk_widget_has_css_class (window->hidden_row, "error"));
  g_signal_emit_by_name (window->hidden_row, "entry-activated");
  pump (50);
  g_assert_true (exp->problem == problem);
  g_assert_true (gtk_widget_has_css_class (window->hidden_row, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (window->hidden_row), "Cannot build this network"));
  g_assert_true (toast_shown (window, "Cannot build this network"));
  gtk_editable_set_text (GTK_EDITABLE (window->hidden_row), "8");
  g_signal_emit_by_name (window->hidden_row, "entry-activated");

  /* input features, also as the docs write them */
  gtk_editable_set_text (GTK_EDITABLE (window->features_row), "x, z");
  g_assert_true (gtk_widget_has_css_class (window->features_row, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (window->features_row), "“z” is not one"));
  gtk_editable_set_text (GTK_EDITABLE (window->features_row), "x, x");
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (window->features_row), "listed twice"));
  gtk_editable_set_text (GTK_EDITABLE (window->features_row), "x², y², sin x");
  g_assert_false (gtk_widget_has_css_class (window->features_row, "error"));
  g_signal_emit_by_name (window->features_row, "entry-activated");
  pump (50);
  g_assert_cmpuint (exp->mlp.n_features, ==, 3);
  g_assert_cmpint (exp->mlp.features[2], ==, GS_FEATURE_SIN_X);
  g_assert_cmpuint (mlp_params (window), ==, 3 * 8 + 8 + 8 * 2 + 2);
  pump (100);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->features_row)), ==, "x2, y2, sin_x");
  gtk_editable_set_text (GTK_EDITABLE (window->features_row), "");
  g_signal_emit_by_name (window->features_row, "entry-activated");
  g_assert_cmpuint (exp->mlp.n_features, ==, 0);

  /* activation and init seed: the same shape, a new network */
  pick (window, window->activation_row, GS_ACTIVATION_RELU);
  g_assert_cmpint (exp->mlp.activation, ==, GS_ACTIVATION_RELU);
  gtk_editable_set_text (GTK_EDITABLE (window->init_seed_row), "-1");
  g_assert_true (gtk_widget_has_css_class (window->init_seed_row, "error"));
  gtk_editable_set_text (GTK_EDITABLE (window->init_seed_row), "7");
  g_signal_emit_by_name (window->init_seed_row, "entry-activated");
  g_assert_cmpuint (exp->mlp.init_seed, ==, 7);
  g_assert_cmpuint (mlp_params (window), ==, 42);

  /* precision: float32 passes, the same network and settings; back */
  g_assert_false (exp->mlp.float32);
  pick (window, window->precision_row, 1);
  g_assert_true (exp->mlp.float32);
  g_assert_true (gs_mlp_get_config (gs_problem_get_mlp (exp->problem))->float32);
  g_assert_cmpint (exp->mlp.activation, ==, GS_ACTIVATION_RELU);
  g_assert_cmpuint (exp->mlp.init_seed, ==, 7);
  g_assert_cmpuint (mlp_params (window), ==, 42);
  pick (window, window->precision_row, 0);
  g_assert_false (exp->mlp.float32);

  /* other data: circles, which have no choice of classes */
  pick (window, window->data_row, SOURCE_CIRCLES);
  g_assert_cmpstr (exp->data.generator, ==, "circles");
  g_assert_cmpuint (exp->data.samples, ==, 300);
  g_assert_cmpuint (gs_problem_get_n_samples (exp->problem), ==, 300);
  g_assert_null (gs_problem_get_validation (exp->problem));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (window->data_row)), ==, SOURCE_CIRCLES);
  g_assert_false (gtk_widget_get_visible (window->classes_row));
  g_assert_true (gtk_widget_get_visible (window->samples_row));

  /* 20 % held out: 240 rows to train on, 60 to validate */
  gtk_editable_set_text (GTK_EDITABLE (window->validation_row), "1");
  g_assert_true (gtk_widget_has_css_class (window->validation_row, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (window->validation_row), "0 ≤ f < 1"));
  gtk_editable_set_text (GTK_EDITABLE (window->validation_row), "0.2");
  g_assert_false (gtk_widget_has_css_class (window->validation_row, "error"));
  pump (800);
  g_assert_cmpfloat (exp->data.validation, ==, 0.2);
  g_assert_cmpuint (gs_problem_get_n_samples (exp->problem), ==, 240);
  g_assert_nonnull (gs_problem_get_validation (exp->problem));
  g_assert_cmpuint (gs_problem_get_validation (exp->problem)->n_rows, ==, 60);
  g_assert_true (gs_problem_get_metrics (exp->problem) & GS_METRIC_VAL_LOSS);
  /* the held-out fraction stays with other data */
  pick (window, window->data_row, SOURCE_MOONS);
  g_assert_cmpstr (exp->data.generator, ==, "moons");
  g_assert_cmpuint (gs_problem_get_n_samples (exp->problem), ==, 240);
  /* empty: none */
  gtk_editable_set_text (GTK_EDITABLE (window->validation_row), "");
  g_signal_emit_by_name (window->validation_row, "entry-activated");
  g_assert_cmpfloat (exp->data.validation, ==, 0);
  g_assert_null (gs_problem_get_validation (exp->problem));

  /* a spiral of three arms */
  pick (window, window->data_row, SOURCE_SPIRAL);
  g_assert_true (gtk_widget_get_visible (window->classes_row));
  gtk_editable_set_text (GTK_EDITABLE (window->classes_row), "1");
  g_assert_true (gtk_widget_has_css_class (window->classes_row, "error"));
  gtk_editable_set_text (GTK_EDITABLE (window->classes_row), "3");
  g_signal_emit_by_name (window->classes_row, "entry-activated");
  g_assert_cmpuint (exp->data.classes, ==, 3);
  g_assert_cmpuint (gs_problem_get_n_classes (exp->problem), ==, 3);
  g_assert_cmpuint (mlp_params (window), ==, 2 * 8 + 8 + 8 * 3 + 3);
  close_window (window);
}

/* A problem or data the loader refuses changes nothing: logistic
 * regression on three classes, switched to or typed. */
static void
test_mlp_invalid_combination (void)
{
  GsWindow *window = open_window ("mlp-small.json");
  GsExperiment *exp = window->experiment;
  GsProblem *problem = exp->problem;
  guint generation;
  const char *tip;

  pump (100);
  gs_engine_sync (window->engine);
  generation = gs_engine_get_generation (window->engine);

  /* a spiral of three arms cannot be logistic regression's data */
  pick (window, window->problem_row, PROBLEM_LOGISTIC);
  g_assert_true (exp->problem == problem);
  g_assert_cmpint (exp->kind, ==, GS_PROBLEM_MLP);
  g_assert_cmpuint (exp->data.classes, ==, 3);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (window->problem_row)), ==, PROBLEM_MLP);
  g_assert_true (gtk_widget_has_css_class (window->problem_row, "error"));
  tip = gtk_widget_get_tooltip_text (window->problem_row);
  g_assert_nonnull (strstr (tip, "Cannot switch the problem"));
  g_assert_nonnull (strstr (tip, "logistic_regression needs target labels 0 or 1"));
  /* the place in the text the panel wrote means nothing to the user */
  g_assert_null (strstr (tip, "mlp-small.json:"));
  g_assert_true (toast_shown (window, "logistic_regression needs target labels 0 or 1"));
  g_assert_true (gtk_widget_get_visible (window->network_group));
  gs_engine_sync (window->engine);
  g_assert_cmpuint (gs_engine_get_generation (window->engine), ==, generation);

  /* two arms serve; three typed into Classes do not */
  gtk_editable_set_text (GTK_EDITABLE (window->classes_row), "2");
  g_signal_emit_by_name (window->classes_row, "entry-activated");
  pump (50);
  pick (window, window->problem_row, PROBLEM_LOGISTIC);
  g_assert_cmpint (exp->kind, ==, GS_PROBLEM_LOGISTIC_REGRESSION);
  g_assert_cmpstr (exp->data.generator, ==, "spiral");
  g_assert_cmpfloat (exp->data.validation, ==, 0.2);
  g_assert_false (gtk_widget_has_css_class (window->problem_row, "error"));
  g_assert_false (gtk_widget_get_visible (window->network_group));
  g_assert_true (gtk_widget_get_visible (window->classes_row));
  {
    g_autofree char *w = axis_item (window, 0);
    g_assert_cmpstr (w, ==, "θ₀ (intercept)");
  }
  problem = exp->problem;
  gs_engine_sync (window->engine);
  generation = gs_engine_get_generation (window->engine);
  gtk_editable_set_text (GTK_EDITABLE (window->classes_row), "3");
  g_signal_emit_by_name (window->classes_row, "entry-activated");
  pump (50);
  g_assert_true (exp->problem == problem);
  g_assert_cmpuint (exp->data.classes, ==, 2);
  g_assert_true (gtk_widget_has_css_class (window->classes_row, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (window->classes_row),
                            "logistic_regression needs target labels 0 or 1"));
  gs_engine_sync (window->engine);
  g_assert_cmpuint (gs_engine_get_generation (window->engine), ==, generation);

  /* a line's real targets for logistic regression: its own default data */
  pick (window, window->problem_row, PROBLEM_LINEAR);
  g_assert_cmpint (exp->kind, ==, GS_PROBLEM_LINEAR_REGRESSION);
  g_assert_cmpstr (exp->data.generator, ==, "linear");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (window->data_row)), ==, SOURCE_LINE);
  pick (window, window->problem_row, PROBLEM_LOGISTIC);
  g_assert_cmpint (exp->kind, ==, GS_PROBLEM_LOGISTIC_REGRESSION);
  g_assert_cmpstr (exp->data.generator, ==, "blobs");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (window->data_row)), ==, SOURCE_BLOBS);
  close_window (window);
}

/* An MLP experiment opened in the window: the panel shows it all; saved
 * (after a change in the panel) and loaded back, it is the same problem. */
static void
test_mlp_open_save (void)
{
  GsWindow *window = open_window ("mlp-small.json");
  GsExperiment *exp = window->experiment;
  g_autofree char *dir = g_dir_make_tmp ("gradscope-ui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "mlp.json", NULL);
  g_autoptr(GsExperiment) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last = NULL;

  pump (100);
  g_assert_cmpint (exp->kind, ==, GS_PROBLEM_MLP);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (window->problem_row)), ==, PROBLEM_MLP);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (window->data_row)), ==, SOURCE_SPIRAL);
  g_assert_true (gtk_widget_get_visible (window->network_group));
  g_assert_true (gtk_widget_get_visible (window->classes_row));
  g_assert_false (gtk_widget_get_visible (window->csv_row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->samples_row)), ==, "150");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->noise_row)), ==, "0.05");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->seed_row)), ==, "4");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->classes_row)), ==, "3");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->validation_row)), ==, "0.2");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->hidden_row)), ==, "8");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->features_row)), ==, "x, y, xy");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->init_seed_row)), ==, "3");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (window->activation_row)), ==,
                    GS_ACTIVATION_RELU);
  g_assert_cmpuint (mlp_params (window), ==, 59);
  last = axis_item (window, 58);
  g_assert_cmpstr (last, ==, "b2[2]");
  /* every panel control says what it does */
  {
    GtkWidget *rows[] = { window->problem_row, window->data_row, window->samples_row,
                          window->noise_row, window->seed_row, window->classes_row,
                          window->validation_row, window->hidden_row, window->activation_row,
                          window->features_row, window->init_seed_row, window->axis_x_row,
                          window->axis_y_row };
    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        g_assert_nonnull (gtk_widget_get_tooltip_text (rows[i]));
        g_assert_false (gtk_widget_has_css_class (rows[i], "error"));
      }
  }

  /* a change in the panel, one still typed, then Save: the window's save
   * path applies what was typed first */
  g_free (window->path);
  window->path = g_strdup (path);
  pick (window, window->activation_row, GS_ACTIVATION_SIGMOID);
  gtk_editable_set_text (GTK_EDITABLE (window->hidden_row), "6, 5");
  g_assert_cmpuint (exp->mlp.n_hidden, ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  pump (50);
  g_assert_cmpuint (exp->mlp.n_hidden, ==, 2);
  back = gs_experiment_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->kind, ==, GS_PROBLEM_MLP);
  g_assert_cmpuint (gs_problem_get_n_params (back->problem), ==,
                    gs_problem_get_n_params (exp->problem));
  g_assert_cmpuint (gs_problem_get_n_params (back->problem), ==, 3 * 6 + 6 + 6 * 5 + 5 + 5 * 3 + 3);
  g_assert_cmpuint (back->mlp.n_hidden, ==, 2);
  g_assert_cmpuint (back->mlp.hidden[0], ==, 6);
  g_assert_cmpuint (back->mlp.hidden[1], ==, 5);
  g_assert_cmpint (back->mlp.activation, ==, GS_ACTIVATION_SIGMOID);
  g_assert_cmpuint (back->mlp.n_features, ==, 3);
  g_assert_cmpuint (back->mlp.init_seed, ==, 3);
  g_assert_cmpstr (back->data.generator, ==, "spiral");
  g_assert_cmpuint (back->data.classes, ==, 3);
  g_assert_cmpfloat (back->data.validation, ==, 0.2);
  g_assert_cmpuint (gs_problem_get_n_samples (back->problem), ==, gs_problem_get_n_samples (exp->problem));
  g_assert_cmpuint (gs_experiment_get_n_runs (back), ==, 2);
  g_assert_cmpstr (gs_experiment_get_run (back, 1)->label, ==, "Momentum");
  g_assert_cmpstr (gs_experiment_get_run (back, 1)->color, ==, "#e66100");
  close_window (window);

  /* and opened in the window, the panel shows it */
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);

    window = open_window (NULL);
    g_assert_true (gs_window_open_file (window, file, &error));
    g_assert_no_error (error);
    pump (50);
    g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (window->problem_row)), ==, PROBLEM_MLP);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->hidden_row)), ==, "6, 5");
    g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (window->activation_row)), ==,
                      GS_ACTIVATION_SIGMOID);
    close_window (window);
  }
  g_unlink (path);
  g_rmdir (dir);
}

/* A model's CSV data stays through a switch to a network (whose target is
 * real-valued here: the network regresses it) and the network's changes;
 * the source row says where the rows come from. */
static void
test_mlp_csv (void)
{
  GsWindow *window = open_text (
    "{\"problem\": {\"type\": \"linear_regression\", \"data\": {\"csv\": \"points.csv\"}},\n"
    " \"runs\": [{\"optimizer\": {\"name\": \"adam\", \"lr\": 0.01}}]}");
  GsExperiment *exp = window->experiment;
  guint rows = gs_problem_get_n_samples (exp->problem);

  pump (50);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (window->data_row)), ==, SOURCE_CSV);
  pick (window, window->problem_row, PROBLEM_MLP);
  g_assert_cmpint (exp->kind, ==, GS_PROBLEM_MLP);
  g_assert_false (exp->mlp.classify);
  g_assert_true (toast_shown (window, "the network regresses it"));
  g_assert_cmpint (exp->data.kind, ==, GS_DATA_CSV);
  g_assert_cmpstr (exp->data.csv, ==, "points.csv");
  g_assert_cmpuint (gs_problem_get_n_samples (exp->problem), ==, rows);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (window->data_row)), ==, SOURCE_CSV);
  g_assert_true (gtk_widget_get_visible (window->csv_row));
  g_assert_false (gtk_widget_get_visible (window->samples_row));
  g_assert_false (gtk_widget_get_visible (window->classes_row));
  g_assert_true (gtk_widget_get_visible (window->validation_row));
  gtk_editable_set_text (GTK_EDITABLE (window->hidden_row), "3");
  g_signal_emit_by_name (window->hidden_row, "entry-activated");
  g_assert_cmpuint (exp->mlp.n_hidden, ==, 1);
  g_assert_cmpuint (exp->mlp.hidden[0], ==, 3);
  g_assert_cmpint (exp->data.kind, ==, GS_DATA_CSV);
  g_assert_false (exp->mlp.classify);
  /* 1-3-1 */
  g_assert_cmpuint (mlp_params (window), ==, 1 * 3 + 3 + 3 * 1 + 1);
  /* input features need points (x, y): one feature is refused */
  gtk_editable_set_text (GTK_EDITABLE (window->features_row), "x, y");
  g_signal_emit_by_name (window->features_row, "entry-activated");
  g_assert_cmpuint (exp->mlp.n_features, ==, 0);
  g_assert_true (gtk_widget_has_css_class (window->features_row, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (window->features_row), "2-D points"));
  close_window (window);
}

/* The panel with the network's settings, for looking at: written only when
 * GS_UI_SCREENSHOT_DIR is set. */
static void
test_screenshot_network (void)
{
  const char *dir = screenshot_dir ();
  GsWindow *window;
  GtkWidget *scroller;

  if (dir == NULL)
    return;
  window = open_shot_window ("mlp-small.json", 1280, 800, FALSE);
  pump (1500);
  for (guint shot = 0; shot < 3; shot++)
    {
      static const char *const names[] = { "network", "network-panel", "network-error" };

      /* the second: scrolled down to the network's group */
      scroller = gtk_widget_get_ancestor (window->network_group, GTK_TYPE_SCROLLED_WINDOW);
      if (shot == 1)
        {
          GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
          graphene_point_t p;

          g_assert_true (gtk_widget_compute_point (window->network_group, scroller,
                                                   &GRAPHENE_POINT_INIT (0, 0), &p));
          gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + p.y - 200);
          pump (300);
        }
      if (shot == 2)
        {
          /* a width that is not one: the field says so */
          gtk_editable_set_text (GTK_EDITABLE (window->hidden_row), "8, x");
          pump (300);
        }
      save_shot (window, dir, names[shot]);
    }
  close_window (window);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static gboolean
field_ready (GsWindow *window)
{
  return window->field != NULL;
}

static gboolean
field_of_second_run (GsWindow *window)
{
  return window->field != NULL && window->field_run == 1;
}

/* A network's data view is its decision boundary, computed off the main
 * thread for the first run and again as it trains: the view shows the
 * three classes' colours (field and points), the loss view a dashed
 * validation curve per run. */
static void
test_network_boundary (void)
{
  GsWindow *window = open_window ("mlp-small.json");
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  graphene_rect_t b;
  guint64 first_step;
  int w, h;

  g_assert_true (gs_window_views_has_data_view (window));
  gs_engine_set_speed (window->engine, 250);
  gs_engine_play (window->engine);
  wait_until (window, field_ready, 8000);
  g_assert_nonnull (window->field);
  first_step = window->field_step;
  /* it follows the run */
  pump (1500);
  g_assert_cmpuint (window->field_step, >, first_step);

  texture = render_window (window);
  w = gdk_texture_get_width (texture);
  h = gdk_texture_get_height (texture);
  pixels = g_malloc ((gsize) w * h * 4);
  gdk_texture_download (texture, pixels, (gsize) w * 4);
  g_assert_true (gtk_widget_compute_bounds (window->data_view, GTK_WIDGET (window), &b));
  g_assert_cmpfloat (b.size.width, >, 100);
  for (guint k = 0; k < 3; k++)
    {
      GsRgb c = gs_class_color (k);
      guint n = 0;

      for (int y = (int) b.origin.y; y < (int) (b.origin.y + b.size.height); y++)
        for (int x = (int) b.origin.x; x < (int) (b.origin.x + b.size.width); x++)
          {
            const guchar *p = pixels + ((gsize) y * w + x) * 4;
            n += abs (p[2] - (int) lround (c.r * 255)) <= 8
                 && abs (p[1] - (int) lround (c.g * 255)) <= 8
                 && abs (p[0] - (int) lround (c.b * 255)) <= 8;
          }
      if (n < 20)
        g_error ("class %u: %u pixels of its colour in the data view", k, n);
    }

  /* another run's boundary: the field follows the choice */
  g_assert_cmpuint (window->field_run, ==, 0);
  g_assert_true (gtk_widget_get_visible (window->boundary_run_dropdown));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (window->data_title)), ==, "Decision boundary");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (window->boundary_run_dropdown), 1);
  wait_until (window, field_of_second_run, 8000);
  g_assert_cmpuint (window->field_run, ==, 1);
  close_window (window);
}

/* A classifier's runs show their accuracy: the results table gains the
 * metric columns (hidden for a 2-D function), and an Accuracy card beside
 * the loss draws every run's accuracy in percent, with a read-out at the
 * pointer. */
static void
test_network_accuracy (void)
{
  GsWindow *window = open_window ("mlp-small.json");
  GtkWidget *acc_title;

  gs_engine_set_speed (window->engine, 250);
  gs_engine_play (window->engine);
  wait_until (window, field_ready, 8000);
  pump (300);
  acc_title = gtk_grid_get_child_at (GTK_GRID (window->results_grid), 8, 0);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (acc_title)), ==, "Accuracy");
  g_assert_true (gtk_widget_get_visible (acc_title));
  g_assert_true (g_str_has_suffix (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (
                   GTK_GRID (window->results_grid), 8, 1))), " %"));
  g_assert_true (gtk_widget_get_visible (window->accuracy_card));
  g_assert_true (gtk_widget_get_visible (window->loss_view));
  {
    g_autoptr(GdkTexture) texture = NULL;
    graphene_rect_t lb, ab;

    /* the pointer over the accuracy plot: its guide and read-out */
    window->accuracy_hover.hovering = TRUE;
    window->accuracy_hover.x = window->accuracy_hover.area.x
                               + 0.5 * window->accuracy_hover.area.width;
    gtk_widget_queue_draw (window->accuracy_view);
    pump (100);
    texture = render_window (window);
    /* each run's colour in both plots; the two plots one above the other */
    {
      guint in_acc[8], in_loss[8];

      g_assert_cmpuint (window->run_views->len, <=, 8);
      widget_pixels (window, texture, window->accuracy_view, 0, 0, in_acc);
      widget_pixels (window, texture, window->loss_view, 0, 0, in_loss);
      for (guint r = 0; r < window->run_views->len; r++)
        {
          g_assert_cmpuint (in_acc[r], >, 10);
          g_assert_cmpuint (in_loss[r], >, 10);
        }
    }
    g_assert_true (gtk_widget_compute_bounds (window->loss_view, GTK_WIDGET (window), &lb));
    g_assert_true (gtk_widget_compute_bounds (window->accuracy_view, GTK_WIDGET (window), &ab));
    g_assert_cmpfloat (ab.origin.y, >=, lb.origin.y + lb.size.height);
    g_assert_cmpfloat (ab.size.height, >=, 120);
    /* accuracy rather than loss: the x axis spans the same steps */
    g_assert_cmpfloat (window->accuracy_hover.x_hi, ==, window->loss_hover.x_hi);
    g_assert_cmpfloat (window->accuracy_hover.area.height, >, 60);
    if (g_getenv ("GS_UI_SCREENSHOT_DIR"))
      save_shot (window, g_getenv ("GS_UI_SCREENSHOT_DIR"), "network-accuracy");
  }
  close_window (window);

  /* a 2-D function: no metric columns, no switch */
  window = open_window (NULL);
  wait_until (window, has_rows, 5000);
  pump (100);
  g_assert_false (gtk_widget_get_visible (gtk_grid_get_child_at (GTK_GRID (window->results_grid), 8, 0)));
  g_assert_false (gtk_widget_get_visible (window->accuracy_card));
  close_window (window);
}

/* ---- the Landscape page ---------------------------------------------------------------- */

#include "gs-landscape-page.h"
#include "gs-landscape.h"

static GtkWidget *
show_landscape (GsWindow *window)
{
  gtk_stack_set_visible_child_name (GTK_STACK (window->view_stack), "landscape");
  return window->landscape_page;
}

static gboolean
landscape_level (GsWindow *window)
{
  return gs_landscape_page_get_levels_done (window->landscape_page) > 0;
}

static gboolean
landscape_done (GsWindow *window)
{
  GtkWidget *page = window->landscape_page;

  return gs_landscape_page_get_n_levels (page) > 0
    && gs_landscape_page_get_levels_done (page) == gs_landscape_page_get_n_levels (page)
    && !gs_landscape_page_is_busy (page);
}

static gboolean
landscape_asked (GsWindow *window)
{
  return gs_landscape_page_get_levels_done (window->landscape_page) == 0;
}

static gboolean
landscape_line (GsWindow *window)
{
  return gs_landscape_page_get_n_lines (window->landscape_page) > 0;
}

static void
set_directions (GsWindow *window, GsDirections kind)
{
  GtkWidget *dd = find_named (window->landscape_page, "landscape-directions");

  g_assert_nonnull (dd);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dd), kind);
}


/* The default experiment on the Landscape page: the plane of the two
 * parameters, exactly the contour map's window; the levels arrive coarse
 * first, the image shows a landscape (many colours) and every run's walk
 * in its colour, and the line from the first run's start is computed. */
static void
test_landscape_default (void)
{
  GsWindow *window = open_window (NULL);
  GtkWidget *page;
  g_autoptr(GdkTexture) texture = NULL;
  guint counts[16], n_colours;
  const GsFunctionInfo *f;
  gint64 t0;

  gs_engine_set_speed (window->engine, 250);
  wait_until (window, has_rows, 5000);
  t0 = g_get_monotonic_time ();
  page = show_landscape (window);
  g_assert_cmpuint (gs_landscape_page_get_levels_done (page), ==, 0);
  wait_until (window, landscape_level, 5000);
  g_assert_cmpuint (gs_landscape_page_get_levels_done (page), >, 0);
  /* the first coarse image comes at once (issue 4 asks for 100 ms; a
   * loaded test machine gets some slack) */
  g_test_message ("first level after %.1f ms", (g_get_monotonic_time () - t0) / 1e3);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, G_USEC_PER_SEC);
  wait_until (window, landscape_done, 10000);
  g_assert_true (landscape_done (window));
  g_assert_cmpuint (gs_landscape_page_get_n_levels (page), >, 2);
  wait_until (window, landscape_line, 5000);
  g_assert_true (landscape_line (window));
  /* the seed is for random directions only */
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (find_named (page, "landscape-seed"))));
  f = gs_problem_get_function (window->experiment->problem);
  {
    /* the span shows the contour map's half-width */
    double span = g_ascii_strtod (gtk_editable_get_text (GTK_EDITABLE (find_named (page, "landscape-span"))),
                                  NULL);
    g_assert_cmpfloat (fabs (span - (f->view[1] - f->view[0]) / 2), <, 1e-3 * span);
  }
  pump (500);
  texture = render_window (window);
  n_colours = landscape_pixels (window, texture, "landscape-plot", counts);
  if (n_colours < 40)
    g_error ("the landscape has %u colours", n_colours);
  for (guint r = 0; r < window->run_views->len; r++)
    if (counts[r] < 10)
      g_error ("run %u: %u pixels of its colour on the landscape", r, counts[r]);
  /* the line plot draws the first run */
  landscape_pixels (window, texture, "landscape-line", counts);
  g_assert_cmpuint (counts[0], >, 10);

  /* a notch of the wheel zooms out by 1.25 (the span says so), and once
   * the wheel rests a grid of the new window comes */
  {
    GtkWidget *plot = find_named (page, "landscape-plot");
    GtkWidget *span_entry = find_named (page, "landscape-span");
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (plot);
    double before = g_ascii_strtod (gtk_editable_get_text (GTK_EDITABLE (span_entry)), NULL);
    gboolean handled = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

        if (GTK_IS_EVENT_CONTROLLER_SCROLL (c))
          g_signal_emit_by_name (c, "scroll", 0.0, 1.0, &handled);
      }
    g_assert_true (handled);
    g_assert_cmpfloat (fabs (g_ascii_strtod (gtk_editable_get_text (GTK_EDITABLE (span_entry)),
                                             NULL) - 1.25 * before), <, 0.01 * before);
    /* a new job (nothing of it shown yet), then its levels */
    wait_until (window, landscape_asked, 2000);
    g_assert_true (landscape_asked (window));
    wait_until (window, landscape_done, 10000);
    g_assert_true (landscape_done (window));
  }
  close_window (window);
}

/* A network: random filter-normalized directions by default, the levels
 * arrive and the walks are drawn on them; the principal directions of a
 * run with rows give the explained variance; a bad seed or span is marked
 * and not applied. */
static void
test_landscape_network (void)
{
  GsWindow *window = open_window ("mlp-small.json");
  GtkWidget *page, *dd, *seed, *span, *explained;
  guint counts[16], n_colours;

  gs_engine_set_speed (window->engine, 250);
  gs_engine_play (window->engine);
  wait_until (window, has_rows, 5000);
  page = show_landscape (window);
  dd = find_named (page, "landscape-directions");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dd)), ==, GS_DIRECTIONS_RANDOM);
  seed = find_named (page, "landscape-seed");
  span = find_named (page, "landscape-span");
  explained = find_named (page, "landscape-explained");
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (seed)));
  g_assert_nonnull (gtk_widget_get_tooltip_text (seed));
  wait_until (window, landscape_level, 5000);
  g_assert_cmpuint (gs_landscape_page_get_levels_done (page), >, 0);
  wait_until (window, landscape_done, 10000);
  g_assert_true (landscape_done (window));
  pump (800);
  {
    g_autoptr(GdkTexture) texture = render_window (window);

    n_colours = landscape_pixels (window, texture, "landscape-plot", counts);
    g_assert_cmpuint (n_colours, >, 40);
    for (guint r = 0; r < window->run_views->len; r++)
      if (counts[r] < 10)
        g_error ("run %u: %u pixels of its colour on the landscape", r, counts[r]);
  }

  /* typed values: wrong ones are marked and change nothing */
  gtk_editable_set_text (GTK_EDITABLE (seed), "-2");
  g_assert_true (gtk_widget_has_css_class (seed, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (seed), "whole number"));
  gtk_editable_set_text (GTK_EDITABLE (span), "0");
  g_assert_true (gtk_widget_has_css_class (span, "error"));
  gtk_editable_set_text (GTK_EDITABLE (span), "wide");
  g_assert_true (gtk_widget_has_css_class (span, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (span), "> 0"));
  pump (700);
  g_assert_true (landscape_done (window));
  /* a good one applies: a new grid over the new window */
  gtk_editable_set_text (GTK_EDITABLE (span), "0.5");
  g_assert_false (gtk_widget_has_css_class (span, "error"));
  g_signal_emit_by_name (span, "activate");
  g_assert_cmpuint (gs_landscape_page_get_levels_done (page), ==, 0);
  wait_until (window, landscape_done, 10000);
  g_assert_true (landscape_done (window));
  gtk_editable_set_text (GTK_EDITABLE (seed), "7");
  g_assert_false (gtk_widget_has_css_class (seed, "error"));
  g_signal_emit_by_name (seed, "activate");
  wait_until (window, landscape_done, 10000);
  g_assert_true (landscape_done (window));

  /* the principal directions of the first run's walk */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (explained)), ==, "");
  set_directions (window, GS_DIRECTIONS_PCA);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (seed)));
  wait_until (window, landscape_done, 10000);
  g_assert_true (landscape_done (window));
  {
    const char *text = gtk_label_get_text (GTK_LABEL (explained));
    double pc1, pc2;

    g_assert_true (g_str_has_prefix (text, "PC1 "));
    g_assert_nonnull (strstr (text, "%, PC2 "));
    pc1 = g_ascii_strtod (text + 4, NULL);
    pc2 = g_ascii_strtod (strstr (text, "PC2 ") + 4, NULL);
    g_assert_cmpfloat (pc1, >=, pc2);
    g_assert_cmpfloat (pc1 + pc2, <=, 100.05);
    g_assert_cmpfloat (pc1, >, 0);
  }
  /* Recenter: the same kind of plane again through where the run is now */
  gtk_widget_activate (find_named (page, "landscape-recenter"));
  wait_until (window, landscape_done, 10000);
  g_assert_true (landscape_done (window));
  close_window (window);
}

/* the stack's crossfade over: the page is no longer drawn */
static gboolean
landscape_hidden (GsWindow *window)
{
  return !gtk_widget_get_mapped (window->landscape_page);
}

static gboolean
landscape_busy (GsWindow *window)
{
  return gs_landscape_page_is_busy (window->landscape_page)
    && gs_landscape_page_get_levels_done (window->landscape_page) == 0;
}

/* A new problem while a grid is on its way: the job is cancelled (no
 * level of it arrives after), and the page computes the new problem's. */
static void
test_landscape_reset (void)
{
  GsWindow *window = open_window (NULL);
  GtkWidget *page;

  gs_engine_set_speed (window->engine, 250);
  wait_until (window, has_rows, 5000);
  page = show_landscape (window);
  pick (window, window->problem_row, PROBLEM_MLP);
  wait_until (window, has_rows, 5000);
  /* a grid of the network, as it starts */
  set_directions (window, GS_DIRECTIONS_AXES);
  set_directions (window, GS_DIRECTIONS_RANDOM);
  wait_until (window, landscape_busy, 5000);
  g_assert_true (gs_landscape_page_is_busy (page));
  /* a job's callbacks check they are the page's current job's: a stale
   * level would be a critical, fatal here */
  pick (window, window->problem_row, function_index ("beale"));
  g_assert_cmpuint (gs_landscape_page_get_levels_done (page), ==, 0);
  wait_until (window, landscape_done, 10000);
  g_assert_true (landscape_done (window));
  g_assert_cmpint (window->experiment->kind, ==, GS_PROBLEM_FUNCTION);
  /* and back, then away while it computes */
  pick (window, window->problem_row, PROBLEM_MLP);
  pump (5);
  pick (window, window->problem_row, function_index ("rosenbrock"));
  wait_until (window, landscape_done, 10000);
  g_assert_true (landscape_done (window));
  /* hidden: nothing is computed */
  gtk_stack_set_visible_child_name (GTK_STACK (window->view_stack), "slice");
  wait_until (window, landscape_hidden, 2000);
  g_assert_false (gtk_widget_get_mapped (page));
  pick (window, window->problem_row, PROBLEM_MLP);
  pump (300);
  g_assert_cmpuint (gs_landscape_page_get_levels_done (page), ==, 0);
  g_assert_false (gs_landscape_page_is_busy (page));
  show_landscape (window);
  wait_until (window, landscape_done, 10000);
  g_assert_true (landscape_done (window));
  close_window (window);
}

/* 50 quick changes of the directions (and a few of the run and the seed)
 * while the runs go flat out: no crash, every job let go, and the window
 * is finalized. */
static void
test_landscape_stress (void)
{
  GsWindow *window = open_window ("mlp-small.json");
  GtkWidget *page, *run_dd;

  gs_engine_set_speed (window->engine, 0);
  gs_engine_play (window->engine);
  wait_until (window, has_rows, 5000);
  page = show_landscape (window);
  run_dd = find_named (page, "landscape-run");
  for (guint i = 0; i < 50; i++)
    {
      set_directions (window, (GsDirections) (i % 3));
      if (i % 7 == 0)
        gtk_drop_down_set_selected (GTK_DROP_DOWN (run_dd), i % 2);
      if (i % 11 == 0)
        gtk_widget_activate (find_named (page, "landscape-recenter"));
      if (i % 4 == 0)
        pump (3);
      if (i % 13 == 0)
        gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL);
    }
  wait_until (window, landscape_done, 15000);
  g_assert_true (landscape_done (window));

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  pump (100);
  g_assert_finalize_object (window);
}

/* The Landscape page for looking at: written only when
 * GS_UI_SCREENSHOT_DIR is set. */
static void
test_screenshot_landscape (void)
{
  const char *dir = screenshot_dir ();
  struct { const char *name; const char *fixture; GsDirections kind; gboolean dark; int w, h; } shots[] = {
    { "landscape", NULL, GS_DIRECTIONS_AXES, FALSE, 1280, 800 },
    { "landscape-random", NULL, GS_DIRECTIONS_RANDOM, FALSE, 1280, 800 },
    { "landscape-network", "mlp-small.json", GS_DIRECTIONS_RANDOM, FALSE, 1280, 800 },
    { "landscape-pca", "mlp-small.json", GS_DIRECTIONS_PCA, FALSE, 1280, 800 },
    { "landscape-dark", "mlp-small.json", GS_DIRECTIONS_PCA, TRUE, 1280, 800 },
    { "landscape-mlp", "mlp.json", GS_DIRECTIONS_RANDOM, FALSE, 1920, 1080 },
    { "landscape-small", "mlp.json", GS_DIRECTIONS_PCA, FALSE, 1024, 700 },
  };

  if (dir == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      GsWindow *window = open_shot_window (shots[i].fixture, shots[i].w, shots[i].h,
                                           shots[i].dark);

      wait_until (window, has_rows, 5000);
      pump (1500);
      show_landscape (window);
      set_directions (window, shots[i].kind);
      wait_until (window, landscape_done, 10000);
      pump (1000);
      save_shot (window, dir, shots[i].name);
      close_window (window);
    }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

/* ---- the 3-D page ---------------------------------------------------------- */

#include "gs-surface-page.h"

static GtkWidget *
show_surface (GsWindow *window)
{
  gtk_stack_set_visible_child_name (GTK_STACK (window->view_stack), "surface");
  return window->surface_page;
}

/* The gesture or controller of type `type` on widget. */
static GObject *
controller_of (GtkWidget *widget, GType type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return c;   /* the widget holds it */
    }
  return NULL;
}


static gboolean
surface_mapped (GsWindow *window)
{
  return gtk_widget_get_mapped (window->surface_page);
}

/* The 3-D page beside the contour map: its view and controls say what
 * they do; it draws the surface (many colours) with every run's walk in
 * its colour as the runs step; a drag turns it (sideways the azimuth, up
 * and down the elevation, held within 5°…85°), the wheel zooms, the reset
 * button and a double-click go back to the default view. */
static void
test_surface_page (void)
{
  GsWindow *window = open_window (NULL);
  GtkWidget *page, *plot, *reset;
  GObject *drag, *scroll, *click;
  double az, el, zoom, az0, el0;
  guint counts[16], n_colours;

  gs_engine_set_speed (window->engine, 250);
  wait_until (window, grid_ready, 8000);
  g_assert_true (grid_ready (window));
  wait_until (window, has_rows, 5000);
  page = show_surface (window);
  g_assert_nonnull (page);
  wait_until (window, surface_mapped, 2000);
  g_assert_true (gtk_widget_get_mapped (page));
  plot = find_named (page, "surface-plot");
  reset = find_named (page, "surface-reset");
  g_assert_nonnull (plot);
  g_assert_nonnull (reset);
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (plot), "drag to turn"));
  g_assert_nonnull (gtk_widget_get_tooltip_text (reset));
  g_assert_nonnull (gtk_widget_get_tooltip_text (find_named (page, "surface-angles")));
  /* let the paths grow past their markers */
  pump (1500);
  {
    g_autoptr(GdkTexture) texture = render_window (window);

    n_colours = surface_pixels (window, texture, counts);
    if (n_colours < 40)
      g_error ("the surface has %u colours", n_colours);
    for (guint r = 0; r < window->run_views->len; r++)
      if (counts[r] < 10)
        g_error ("run %u: %u pixels of its colour on the surface", r, counts[r]);
  }

  /* a drag of 50 pixels to the right turns it by 20°; down tips it up,
   * never past 85° */
  gs_surface_page_get_view (page, &az0, &el0, &zoom);
  g_assert_cmpfloat (zoom, ==, 1.0);
  drag = controller_of (plot, GTK_TYPE_GESTURE_DRAG);
  g_assert_nonnull (drag);
  g_signal_emit_by_name (drag, "drag-begin", 200.0, 150.0);
  g_signal_emit_by_name (drag, "drag-update", 50.0, 0.0);
  gs_surface_page_get_view (page, &az, &el, NULL);
  g_assert_cmpfloat (fabs (az - (az0 - 20)), <, 1e-9);
  g_assert_cmpfloat (el, ==, el0);
  pump (100);   /* a frame while it turns */
  g_signal_emit_by_name (drag, "drag-update", 50.0, 1000.0);
  gs_surface_page_get_view (page, &az, &el, NULL);
  g_assert_cmpfloat (el, ==, 85);
  g_signal_emit_by_name (drag, "drag-update", 50.0, -1000.0);
  gs_surface_page_get_view (page, NULL, &el, NULL);
  g_assert_cmpfloat (el, ==, 5);
  g_signal_emit_by_name (drag, "drag-end", 50.0, -1000.0);
  pump (100);
  {
    /* turned and low, the walks still show in their colours */
    g_autoptr(GdkTexture) texture = render_window (window);

    g_assert_cmpuint (surface_pixels (window, texture, counts), >, 40);
  }

  /* the wheel: a notch toward you zooms out, away zooms in */
  scroll = controller_of (plot, GTK_TYPE_EVENT_CONTROLLER_SCROLL);
  g_assert_nonnull (scroll);
  {
    gboolean handled = FALSE;

    g_signal_emit_by_name (scroll, "scroll", 0.0, -1.0, &handled);
    g_assert_true (handled);
    gs_surface_page_get_view (page, NULL, NULL, &zoom);
    g_assert_cmpfloat (zoom, >, 1.1);
  }

  /* back: the reset button, and a double-click after another turn */
  gtk_widget_activate (reset);
  pump (400);   /* (an activated button clicks when its press has shown) */
  gs_surface_page_get_view (page, &az, &el, &zoom);
  g_assert_cmpfloat (az, ==, az0);
  g_assert_cmpfloat (el, ==, el0);
  g_assert_cmpfloat (zoom, ==, 1.0);
  g_signal_emit_by_name (drag, "drag-begin", 200.0, 150.0);
  g_signal_emit_by_name (drag, "drag-update", -100.0, 30.0);
  g_signal_emit_by_name (drag, "drag-end", -100.0, 30.0);
  gs_surface_page_get_view (page, &az, NULL, NULL);
  g_assert_cmpfloat (az, !=, az0);
  click = controller_of (plot, GTK_TYPE_GESTURE_CLICK);
  g_assert_nonnull (click);
  g_signal_emit_by_name (click, "pressed", 2, 200.0, 150.0);
  gs_surface_page_get_view (page, &az, &el, NULL);
  g_assert_cmpfloat (az, ==, az0);
  g_assert_cmpfloat (el, ==, el0);

  /* another problem: its grid and walks are drawn (no stale mesh, no crash) */
  pick (window, window->problem_row, function_index ("beale"));
  wait_until (window, grid_ready, 8000);
  wait_until (window, has_rows, 5000);
  pump (500);
  {
    g_autoptr(GdkTexture) texture = render_window (window);

    g_assert_cmpuint (surface_pixels (window, texture, counts), >, 40);
  }
  close_window (window);
}

/* A network on the 3-D page: the surface of its contour slice over two
 * weights, the walks on it. */
static void
test_surface_network (void)
{
  GsWindow *window = open_window ("mlp-small.json");
  guint counts[16];
  g_autoptr(GdkTexture) texture = NULL;

  gs_engine_set_speed (window->engine, 250);
  gs_engine_play (window->engine);
  wait_until (window, grid_ready, 8000);
  wait_until (window, has_rows, 5000);
  show_surface (window);
  wait_until (window, surface_mapped, 2000);
  pump (1000);
  texture = render_window (window);
  g_assert_cmpuint (surface_pixels (window, texture, counts), >, 40);
  for (guint r = 0; r < window->run_views->len; r++)
    if (counts[r] < 5)
      g_error ("run %u: %u pixels of its colour on the surface", r, counts[r]);
  close_window (window);
}

/* The 3-D page for looking at (and the README): written only when
 * GS_UI_SCREENSHOT_DIR is set. */
static void
test_screenshot_surface (void)
{
  const char *dir = screenshot_dir ();
  struct { const char *name; const char *fixture; gboolean dark; int w, h; double azimuth; } shots[] = {
    { "surface", NULL, FALSE, 1280, 800, -1 },
    { "surface-dark", NULL, TRUE, 1280, 800, -1 },
    { "surface-turned", NULL, FALSE, 1280, 800, 150 },
    { "surface-network", "mlp-small.json", FALSE, 1280, 800, -1 },
    { "surface-small", "minibatch.json", FALSE, 1024, 700, -1 },
    { "surface-diverged", "diverge.json", FALSE, 1280, 800, -1 },
    { "surface-large", NULL, FALSE, 1920, 1080, -1 },
  };

  if (dir == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      GsWindow *window = open_shot_window (shots[i].fixture, shots[i].w, shots[i].h,
                                           shots[i].dark);

      wait_until (window, grid_ready, 8000);
      wait_until (window, has_rows, 5000);
      pump (2500);
      show_surface (window);
      wait_until (window, surface_mapped, 2000);
      if (shots[i].azimuth >= 0)
        {
          GObject *drag = controller_of (find_named (window->surface_page, "surface-plot"),
                                         GTK_TYPE_GESTURE_DRAG);
          double az;

          gs_surface_page_get_view (window->surface_page, &az, NULL, NULL);
          g_signal_emit_by_name (drag, "drag-begin", 100.0, 100.0);
          g_signal_emit_by_name (drag, "drag-update", (az - shots[i].azimuth) / 0.4, 15.0);
          g_signal_emit_by_name (drag, "drag-end", (az - shots[i].azimuth) / 0.4, 15.0);
        }
      if (i == 0)
        {
          /* the pointer on the valley's side: its read-out */
          GtkWidget *plot = find_named (window->surface_page, "surface-plot");
          GObject *motion = controller_of (plot, GTK_TYPE_EVENT_CONTROLLER_MOTION);

          pump (300);   /* (laid out) */
          g_signal_emit_by_name (motion, "motion", 0.47 * gtk_widget_get_width (plot),
                                 0.55 * gtk_widget_get_height (plot));
        }
      pump (800);
      save_shot (window, dir, shots[i].name);
      close_window (window);
    }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

/* A control the user can act on. */
static gboolean
is_control (GtkWidget *w)
{
  return GTK_IS_BUTTON (w) || GTK_IS_MENU_BUTTON (w) || GTK_IS_SWITCH (w)
         || GTK_IS_CHECK_BUTTON (w) || GTK_IS_DROP_DOWN (w) || GTK_IS_SCALE (w)
         || GTK_IS_SPIN_BUTTON (w) || GTK_IS_ENTRY (w) || GTK_IS_COLOR_BUTTON (w)
         || GTK_IS_STACK_SWITCHER (w) || ADW_IS_VIEW_SWITCHER (w) || ADW_IS_ENTRY_ROW (w)
         || ADW_IS_COMBO_ROW (w);
}

/* Widgets whose insides are the toolkit's, not ours: the widget itself is
 * what must say what it does. */
static gboolean
is_composite (GtkWidget *w)
{
  return GTK_IS_MENU_BUTTON (w) || GTK_IS_DROP_DOWN (w) || GTK_IS_STACK_SWITCHER (w)
         || ADW_IS_VIEW_SWITCHER (w) || GTK_IS_WINDOW_CONTROLS (w) || GTK_IS_COLOR_BUTTON (w) || GTK_IS_SPIN_BUTTON (w)
         || GTK_IS_SCALE (w) || ADW_IS_ENTRY_ROW (w) || ADW_IS_COMBO_ROW (w)
         || GTK_IS_POPOVER (w);
}

static gboolean
has_tip (GtkWidget *w)
{
  /* the control, or the row or box it sits in */
  for (guint up = 0; w != NULL && up < 3; up++, w = gtk_widget_get_parent (w))
    if (gtk_widget_get_tooltip_text (w) != NULL || gtk_widget_get_tooltip_markup (w) != NULL)
      return TRUE;
  return FALSE;
}

/* (hidden widgets are left out: they include the toolkit's own, such as an
 * expander row's enable switch; ours show in one of the fixtures) */
static void
collect_untipped (GtkWidget *w, GString *missing, guint *n_controls)
{
  if (!gtk_widget_get_visible (w))
    return;
  *n_controls += is_control (w);
  if (is_control (w) && !has_tip (w))
    g_string_append_printf (missing, " %s(%s)", G_OBJECT_TYPE_NAME (w),
                            GTK_IS_BUTTON (w) && gtk_button_get_label (GTK_BUTTON (w))
                              ? gtk_button_get_label (GTK_BUTTON (w))
                              : gtk_widget_get_name (w));
  if (is_composite (w))
    return;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    collect_untipped (c, missing, n_controls);
}

/* Every control of the window says in a tooltip what it does: the header
 * bar, the side panel (with every run's editors), the views' switches —
 * for a 2-D function and for a network. */
static void
test_every_control_has_tooltip (void)
{
  const char *fixtures[] = { NULL, "mlp-small.json", "minibatch.json" };

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      GsWindow *window = open_window (fixtures[i]);
      g_autoptr(GString) missing = g_string_new (NULL);
      guint n_controls = 0;

      pump (300);
      collect_untipped (GTK_WIDGET (window), missing, &n_controls);
      /* the header bar, the panel's fields and every run's editors */
      g_assert_cmpuint (n_controls, >, 30);
      if (missing->len > 0)
        g_error ("%s: controls without a tooltip:%s", fixtures[i] ? fixtures[i] : "default",
                 missing->str);
      close_window (window);
    }
}

/* ---- teaching mode ---------------------------------------------------------- */

static gboolean
teach_at_12 (GsWindow *window)
{
  return window->teach_valid && gs_teach_shown_step (window) == 12;
}

static const GsExplainLine *
teach_line (GsWindow *window, const char *key)
{
  const GsExplainLine *found = NULL;

  for (guint i = 0; i < window->teach.n_lines; i++)
    if (g_str_equal (window->teach.lines[i].key, key))
      found = &window->teach.lines[i];
  g_assert_nonnull (found);
  return found;
}

/* The Explain panel shows the selected run's last update with the run's
 * own numbers; the timeline goes back to any step, every view with it,
 * and Play goes on from there exactly as the run would have. */
static void
test_teach_and_timeline (void)
{
  GsWindow *window = open_window (NULL);
  GsRunSnapshot s;
  double theta5[2];
  guint n_labels = 0;

  gs_engine_pause (window->engine);
  gs_engine_reset (window->engine, NULL);
  gs_engine_sync (window->engine);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (window->teach_button), TRUE);
  g_assert_true (adw_flap_get_reveal_flap (window->teach_flap));
  /* the Adam run (the fourth) */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (window->teach_run_dropdown), 3);
  for (guint k = 0; k < 12; k++)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL);
  gs_engine_sync (window->engine);
  wait_until (window, teach_at_12, 5000);
  g_assert_true (teach_at_12 (window));
  pump (100);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (window->teach_run_dropdown)), ==, 3);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (window->teach_title)), "Adam: update 11 → 12"));
  for (GtkWidget *c = gtk_widget_get_first_child (window->teach_formulas); c;
       c = gtk_widget_get_next_sibling (c))
    n_labels++;
  g_assert_cmpuint (n_labels, ==, window->teach.n_lines);
  g_assert_cmpuint (n_labels, >=, 6);
  /* θ after the update shown = the run's θ at step 12, bit for bit */
  gs_engine_get_snapshot (window->engine, 3, &s);
  g_assert_cmpuint (s.step, ==, 12);
  g_assert_cmpmem (teach_line (window, "θ")->value, 2 * sizeof (double), s.theta, 2 * sizeof (double));
  g_assert_true (window->teach.adaptive && window->teach.has_momentum);
  /* the stability hint: Rosenbrock's curvature, 2/λmax marked on the lr controls */
  g_assert_true (isfinite (window->teach_lambda[1]) && window->teach_lambda[1] > 0);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (window->teach_hint)), "2/λ"));
  g_assert_nonnull (window->lr_scales);
  g_assert_cmpuint (window->lr_scales->len, ==, 4);
  if (g_getenv ("GS_UI_SCREENSHOT_DIR"))
    save_shot (window, g_getenv ("GS_UI_SCREENSHOT_DIR"), "teach");

  /* the timeline: visible for 2-D runs; back to step 5 */
  g_assert_true (window->can_rewind);
  g_assert_true (gtk_widget_get_visible (window->timeline));
  gtk_range_set_value (GTK_RANGE (window->timeline_scale), 5);
  pump (50);
  g_assert_cmpuint (window->scrub_step, ==, 5);
  g_assert_false (gs_engine_is_playing (window->engine));
  for (guint r = 0; r < window->run_views->len; r++)
    {
      GsRunView *rv = &g_array_index (window->run_views, GsRunView, r);
      const GsRow *last = gs_row_at ((double *) rv->rows->data, window->row_width,
                                     rv->rows->len / window->row_width - 1);

      g_assert_cmpfloat (last->step, ==, 5);
      g_assert_cmpuint (rv->snapshot.step, ==, 5);
      g_assert_cmpmem (last->theta, 2 * sizeof (double), rv->snapshot.theta, 2 * sizeof (double));
    }
  theta5[0] = g_array_index (window->run_views, GsRunView, 3).snapshot.theta[0];
  theta5[1] = g_array_index (window->run_views, GsRunView, 3).snapshot.theta[1];
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (window->teach_title)), "update 4 → 5"));
  /* ← one back, → one forward (recorded steps, the engine untouched) */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step-back", NULL);
  g_assert_cmpuint (window->scrub_step, ==, 4);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL);
  g_assert_cmpuint (window->scrub_step, ==, 5);
  gs_engine_sync (window->engine);
  gs_engine_get_snapshot (window->engine, 3, &s);
  g_assert_cmpuint (s.step, ==, 12);

  /* a smaller lr from step 5 on: the runs go back to 5, on at the new lr */
  {
    GsRunConfig config;

    gs_experiment_get_run_config (window->experiment, 3, &config);
    gs_teach_resume (window);
    g_assert_cmpuint (window->scrub_step, ==, G_MAXUINT64);
    gs_engine_get_snapshot (window->engine, 3, &s);
    g_assert_cmpuint (s.step, ==, 5);
    g_assert_cmpmem (s.theta, 2 * sizeof (double), theta5, 2 * sizeof (double));
  }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL);
  gs_engine_sync (window->engine);
  pump (100);
  gs_engine_get_snapshot (window->engine, 3, &s);
  g_assert_cmpuint (s.step, ==, 6);
  g_assert_cmpuint (gs_engine_get_n_rows (window->engine, 3, NULL), ==, 7);
  close_window (window);
}

/* Every built-in lesson opens from the Lessons menu paused at step 0 with
 * its text at the top of the Explain panel; another experiment takes the
 * text away. */
static void
test_lessons (void)
{
  GsWindow *window = open_window (NULL);
  guint n;
  const GsLesson *lessons = gs_lessons (&n);

  g_assert_cmpuint (n, >=, 7);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GsExperiment) want = gs_lesson_load (&lessons[i], NULL);
      GsRunSnapshot s;

      gtk_widget_activate_action (GTK_WIDGET (window), "win.open-lesson", "s", lessons[i].id);
      gs_engine_sync (window->engine);
      pump (100);
      g_assert_true (window->lesson == &lessons[i]);
      g_assert_false (gs_engine_is_playing (window->engine));
      g_assert_cmpuint (gs_engine_get_n_runs (window->engine), ==, gs_experiment_get_n_runs (want));
      g_assert_true (gs_engine_get_snapshot (window->engine, 0, &s));
      g_assert_cmpuint (s.step, ==, 0);
      g_assert_true (adw_flap_get_reveal_flap (window->teach_flap));
      g_assert_true (gtk_widget_get_visible (window->lesson_box));
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (window->lesson_title)), ==, lessons[i].title);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (window->lesson_parts[2])), ==, lessons[i].ask);
      g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, lessons[i].title);
      if (i == 1 && g_getenv ("GS_UI_SCREENSHOT_DIR"))
        {
          for (guint k = 0; k < 40; k++)
            gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL);
          gs_engine_sync (window->engine);
          pump (300);
          save_shot (window, g_getenv ("GS_UI_SCREENSHOT_DIR"), "lesson");
        }
    }
  /* an experiment of one's own: no lesson text */
  {
    g_autofree char *path = g_build_filename (g_getenv ("GS_FIXTURES"), "mlp-small.json", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);

    g_assert_true (gs_window_open_file (window, file, NULL));
    g_assert_null (window->lesson);
    g_assert_false (gtk_widget_get_visible (window->lesson_box));
  }
  close_window (window);
}

/* "Custom f(x, y)": the typed function runs as a built-in would; an error
 * shows under the entry with its column while the last good function
 * keeps running; Enter applies at once. */
static void
test_custom_function (void)
{
  GsWindow *window = open_window (NULL);
  guint nf;
  GtkWidget *entry;

  gs_functions (&nf);
  g_assert_cmpuint (PROBLEM_CUSTOM, ==, nf);
  pick (window, window->problem_row, PROBLEM_CUSTOM);
  g_assert_nonnull (window->experiment->expression);
  g_assert_cmpstr (window->experiment->expression, ==, "(1 - x)^2 + 100*(y - x^2)^2");
  entry = window->expression_row;
  g_assert_true (gtk_widget_get_visible (entry));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (window->problem_row)), ==, nf);

  /* a typo: the error and its column, the old function still in place */
  gtk_editable_set_text (GTK_EDITABLE (entry), "x^2 + 3*y^2)");
  g_assert_true (gtk_widget_get_visible (window->expression_error));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (window->expression_error)),
                            "at column 12"));
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  pump (900);
  g_assert_cmpstr (window->experiment->expression, ==, "(1 - x)^2 + 100*(y - x^2)^2");

  /* fixed: applies after a pause; the runs go on a bowl */
  gtk_editable_set_text (GTK_EDITABLE (entry), "x^2 + 3*y^2");
  g_assert_false (gtk_widget_get_visible (window->expression_error));
  wait_until (window, panel_built, 100);
  pump (900);
  g_assert_cmpstr (window->experiment->expression, ==, "x^2 + 3*y^2");
  {
    const double p[2] = { 1, 1 };
    double g[2];
    g_autofree double *work = g_new (double, gs_problem_get_work_size (window->experiment->problem) + 1);

    g_assert_cmpfloat (gs_problem_loss (window->experiment->problem, p, NULL, 0, g, work), ==, 4);
    g_assert_cmpfloat (g[0], ==, 2);
    g_assert_cmpfloat (g[1], ==, 6);
  }
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (window->problem_row)), ==, nf);

  /* Enter: at once */
  gtk_editable_set_text (GTK_EDITABLE (entry), "abs(x) + y^2");
  g_signal_emit_by_name (entry, "entry-activated");
  g_assert_cmpstr (window->experiment->expression, ==, "abs(x) + y^2");
  wait_until (window, has_rows, 3000);
  pump (300);
  if (g_getenv ("GS_UI_SCREENSHOT_DIR"))
    {
      gtk_editable_set_text (GTK_EDITABLE (entry), "sin(3*x) * cos(2*y) + 0.1*(x^2 + y^2");
      pump (100);
      save_shot (window, g_getenv ("GS_UI_SCREENSHOT_DIR"), "custom");
    }

  /* a built-in again: the entry goes */
  pick (window, window->problem_row, 0);
  g_assert_null (window->experiment->expression);
  g_assert_false (gtk_widget_get_visible (entry));
  close_window (window);
}

/* Minibatch runs have no timeline or formulas (their history would need
 * the minibatch order): the panel says why. */
static void
test_teach_network (void)
{
  GsWindow *window = open_window ("mlp.json");

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (window->teach_button), TRUE);
  wait_until (window, has_rows, 5000);
  pump (200);
  g_assert_false (window->can_rewind);
  g_assert_false (gtk_widget_get_visible (window->timeline));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (window->teach_title)), "No formulas"));
  close_window (window);
}

/* ---- the window in Chinese ------------------------------------------------------ */

/* A CJK ideograph in text */
static gboolean
has_chinese (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x4E00 && c <= 0x9FFF)
        return TRUE;
    }
  return FALSE;
}

static void
assert_chinese (const char *what, const char *text)
{
  if (!has_chinese (text))
    g_error ("%s is not in Chinese: “%s”", what, text != NULL ? text : "(null)");
}

/* Every shortcut's and group's title under w (the window's search copies
 * of the shortcuts too); returns how many. */
static guint
assert_shortcut_titles (GtkWidget *w)
{
  guint n = 0;

  if (GTK_IS_SHORTCUTS_SHORTCUT (w) || GTK_IS_SHORTCUTS_GROUP (w))
    {
      g_autofree char *title = NULL;

      g_object_get (w, "title", &title, NULL);
      assert_chinese ("a title in the shortcuts window", title);
      n++;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    n += assert_shortcut_titles (c);
  return n;
}

static GtkWidget *
shortcuts_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      /* GTK's list of toplevels keeps it */
      if (GTK_IS_SHORTCUTS_WINDOW (w))
        return GTK_WIDGET (w);
    }
  return NULL;
}

static void
set_language (const char *language, const char *messages)
{
  if (language != NULL)
    g_setenv ("LANGUAGE", language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  /* a new locale also drops what gettext has looked up so far */
  setlocale (LC_MESSAGES, messages);
}

/* With the zh_CN catalog built (from po/zh_CN.po), the window comes up
 * in Simplified Chinese when LANGUAGE says so: the header's buttons and
 * their tooltips, the panel, the results table and a run's status, the
 * timeline, a lesson's headings, the shortcuts window. The language is
 * as it was afterwards. */
static void
test_language_zh (void)
{
  g_autofree char *language = g_strdup (g_getenv ("LANGUAGE"));
  g_autofree char *messages = g_strdup (setlocale (LC_MESSAGES, NULL));
  const char *shots = g_getenv ("GS_UI_SCREENSHOT_DIR");
  g_autofree char *mo = NULL;
  GsWindow *window;
  GtkWidget *w;

  gs_i18n_init ();
  mo = g_build_filename (bindtextdomain (GETTEXT_PACKAGE, NULL), "zh_CN", "LC_MESSAGES",
                         GETTEXT_PACKAGE ".mo", NULL);
  if (!g_file_test (mo, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("the zh_CN catalog is not built");
      return;
    }
  /* gettext ignores LANGUAGE in the C locale (where gtk_test_init leaves
   * a machine without en_US.UTF-8); C.UTF-8 is there without any locale
   * installed */
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  if (setlocale (LC_MESSAGES, "C.UTF-8") == NULL)
    {
      set_language (language, messages);
      g_test_skip ("no C.UTF-8 locale");
      return;
    }
  /* a catalog made from a po/zh_CN.po without the window's part */
  if (g_strcmp0 (_("Lessons"), "Lessons") == 0)
    {
      set_language (language, messages);
      g_test_skip ("the zh_CN catalog does not translate the window");
      return;
    }

  window = open_window (NULL);
  wait_until (window, has_rows, 5000);
  pump (200);
  w = find_named (GTK_WIDGET (window), "lessons");
  g_assert_nonnull (w);
  assert_chinese ("the Lessons button", gtk_menu_button_get_label (GTK_MENU_BUTTON (w)));
  assert_chinese ("the Lessons button's tooltip", gtk_widget_get_tooltip_text (w));
  assert_chinese ("the Explain button", gtk_button_get_label (GTK_BUTTON (window->teach_button)));
  assert_chinese ("the play button's tooltip", gtk_widget_get_tooltip_text (window->play_button));
  assert_chinese ("the problem row",
                  adw_preferences_row_get_title (ADW_PREFERENCES_ROW (window->problem_row)));
  assert_chinese ("a column title", gtk_label_get_text (
                    GTK_LABEL (gtk_grid_get_child_at (GTK_GRID (window->results_grid), 0, 0))));
  assert_chinese ("a run's status", gtk_label_get_text (
                    GTK_LABEL (gtk_grid_get_child_at (GTK_GRID (window->results_grid), 1, 1))));
  assert_chinese ("the timeline's step", gtk_label_get_text (GTK_LABEL (window->timeline_label)));

  /* the shortcuts window: the titles of help-overlay.ui */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  pump (200);
  w = shortcuts_window ();
  g_assert_nonnull (w);
  g_assert_cmpuint (assert_shortcut_titles (w), >, 0);
  gtk_window_destroy (GTK_WINDOW (w));

  /* a lesson: its headings, and the Explain panel at step 0 */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-lesson", "s",
                              gs_lessons (NULL)[0].id);
  gs_engine_sync (window->engine);
  pump (200);
  g_assert_true (gtk_widget_get_visible (window->lesson_box));
  w = gtk_widget_get_next_sibling (window->lesson_title);
  assert_chinese ("a lesson's heading", gtk_label_get_text (GTK_LABEL (w)));
  assert_chinese ("the Explain panel's title",
                  gtk_label_get_text (GTK_LABEL (window->teach_title)));
  if (shots != NULL)
    {
      for (guint k = 0; k < 40; k++)
        gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL);
      gs_engine_sync (window->engine);
      pump (300);
      save_shot (window, shots, "lesson-zh");
    }
  close_window (window);

  if (shots != NULL)
    {
      /* the first screen, as test_screenshots takes it */
      window = open_shot_window (NULL, 1280, 800, FALSE);
      wait_until (window, grid_ready, 8000);
      pump (2500);
      window->hovering = TRUE;
      window->hover_x = -0.5;
      window->hover_y = 2.5;
      window->loss_hover.hovering = TRUE;
      window->loss_hover.x = window->loss_hover.area.x + 0.6 * window->loss_hover.area.width;
      gtk_widget_queue_draw (window->contour_view);
      gtk_widget_queue_draw (window->loss_view);
      pump (200);
      save_shot (window, shots, "default-zh");
      close_window (window);
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          ADW_COLOR_SCHEME_DEFAULT);
    }

  set_language (language, messages);
  if (language == NULL)
    g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Lessons"), ==, "Lessons");
}

/* ---- the Studies page ------------------------------------------------------------ */

static GtkWidget *
study_field (GsWindow *window, const char *name)
{
  g_autofree char *full = g_strconcat ("study-", name, NULL);
  GtkWidget *w = find_named (window->study_page, full);

  g_assert_nonnull (w);
  return w;
}

static void
study_set (GsWindow *window, const char *name, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (study_field (window, name)), text);
}

static gboolean
study_idle (GsWindow *window)
{
  return !gs_study_page_is_running (window->study_page);
}

static gboolean
study_made (GsWindow *window)
{
  return gs_study_page_get_study (window->study_page) != NULL;
}

static GsWindow *
open_studies (const char *fixture, GsStudyKind kind)
{
  GsWindow *window = open_window (fixture);

  gs_engine_pause (window->engine);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (window->main_stack), "studies");
  wait_until (window, study_made, 5000);
  /* shown the first time, the page sweeps the runs' learning rates */
  g_assert_nonnull (gs_study_page_get_study (window->study_page));
  g_assert_cmpint (gs_study_get_spec (gs_study_page_get_study (window->study_page))->kind, ==,
                   GS_STUDY_LR_SWEEP);
  wait_until (window, study_idle, 30000);
  gs_study_page_set_kind (window->study_page, kind);
  pump (50);
  return window;
}

/* An lr sweep of the default experiment's four runs from the page: it runs
 * in the background, its table gives each run's best lr as the core finds
 * it, the CSV and the figure export, and "Use These Learning Rates" sets
 * them and goes back to the runs. */
static void
test_study_sweep (void)
{
  GsWindow *window = open_studies (NULL, GS_STUDY_LR_SWEEP);
  GtkWidget *start = study_field (window, "start");
  g_autofree char *dir = g_dir_make_tmp ("gs-ui-study-XXXXXX", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "sweep.csv", NULL);
  g_autofree char *png_path = g_build_filename (dir, "sweep.png", NULL);
  g_autofree char *csv = NULL, *png = NULL, *report = NULL;
  g_autoptr(GString) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GsStudy *study;
  gsize len;

  study_set (window, "lr-min", "1e-4");
  study_set (window, "lr-max", "1");
  study_set (window, "points", "9");
  g_assert_true (gtk_widget_get_sensitive (start));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (start), !=, NULL);
  g_assert_true (gs_study_page_start (window->study_page));
  g_assert_true (gs_study_page_is_running (window->study_page));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (start)), ==, "Cancel");
  wait_until (window, study_idle, 30000);
  g_assert_true (study_idle (window));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (start)), ==, "Start");
  study = gs_study_page_get_study (window->study_page);
  g_assert_true (gs_study_is_complete (study));
  g_assert_cmpint (gs_study_get_spec (study)->run, ==, -1);
  g_assert_cmpuint (gs_study_get_spec (study)->points, ==, 9);

  /* the table: a header and one row per run, its best lr the core's */
  report = gs_study_page_get_report (window->study_page);
  lines = g_strsplit (g_strchomp (report), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_true (g_str_has_prefix (lines[0], "Run\tBest lr"));
  for (guint r = 0; r < 4; r++)
    {
      const GsStudyCell *best = gs_study_best (study, r, NULL);
      g_auto(GStrv) cells = g_strsplit (lines[r + 1], "\t", -1);
      g_autofree char *lr = NULL;

      g_assert_nonnull (best);
      lr = g_strdup_printf ("%.3g", best->x);
      g_assert_cmpstr (cells[0], ==, gs_experiment_get_run (window->experiment, r)->label);
      g_assert_cmpstr (cells[1], ==, lr);
    }

  /* exports: the CSV is the core's, the figure a PNG */
  g_assert_true (gs_study_page_export (window->study_page, csv_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, &len, NULL));
  expected = gs_study_to_csv (study, window->experiment);
  g_assert_cmpstr (csv, ==, expected->str);
  g_assert_true (g_str_has_prefix (csv, "run,lr,final_loss,best_loss,steps,status\n"));
  g_assert_true (gs_study_page_export (window->study_page, png_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (png_path, &png, &len, NULL));
  g_assert_cmpuint (len, >, 8);
  g_assert_cmpmem (png, 8, "\x89PNG\r\n\x1a\n", 8);

  /* the best learning rates become the runs' */
  {
    GtkWidget *use = study_field (window, "use");
    double best[4];

    g_assert_true (gtk_widget_get_visible (use));
    for (guint r = 0; r < 4; r++)
      best[r] = gs_study_best (study, r, NULL)->x;
    g_signal_emit_by_name (use, "clicked");
    pump (50);
    for (guint r = 0; r < 4; r++)
      g_assert_cmpfloat (gs_experiment_get_run (window->experiment, r)->optimizer_values.values[0][0],
                         ==, best[r]);
    g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (window->main_stack)),
                     ==, "runs");
  }
  g_unlink (csv_path);
  g_unlink (png_path);
  g_rmdir (dir);
  close_window (window);
}

/* A phase map of Momentum (lr × momentum) filled from the page; a click on
 * a cell adds a run with that cell's lr and momentum. */
static void
test_study_phase_click (void)
{
  GsWindow *window = open_studies (NULL, GS_STUDY_PHASE);
  GtkWidget *plot = gs_study_page_get_plot (window->study_page);
  const GsPhaseView *pv;
  g_autoptr(GsStudyFigure) figure = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  GsRect area;
  guint ix, iy, n_runs = window->run_views->len;
  const GsRunSpec *added;
  int w, h;

  adw_combo_row_set_selected (ADW_COMBO_ROW (study_field (window, "run")), 1);
  pump (20);
  study_set (window, "nx", "5");
  study_set (window, "ny", "4");
  g_assert_true (gs_study_page_start (window->study_page));
  wait_until (window, study_idle, 30000);
  g_assert_true (gs_study_is_complete (gs_study_page_get_study (window->study_page)));
  g_assert_cmpstr (gs_study_get_spec (gs_study_page_get_study (window->study_page))->x_param, ==,
                   "lr");
  g_assert_cmpstr (gs_study_get_spec (gs_study_page_get_study (window->study_page))->y_param, ==,
                   "momentum");
  pump (100);
  w = gtk_widget_get_width (plot);
  h = gtk_widget_get_height (plot);
  g_assert_cmpint (w, >, 100);
  figure = gs_study_figure_new (gs_study_page_get_study (window->study_page), window->experiment,
                                NULL, GS_PHASE_METRIC_STEPS);
  pv = gs_study_figure_get_phase_view (figure);
  g_assert_nonnull (pv);
  g_assert_cmpuint (pv->nx, ==, 5);
  g_assert_cmpuint (pv->ny, ==, 4);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (surface);
  gs_plot_phase_get_area (cr, w, h, pv, &area);
  /* the centre of the cell at (3, 2): x from the left, y from the bottom */
  g_assert_true (gs_plot_phase_cell_at (cr, w, h, pv, area.x + area.width * 3.5 / 5,
                                        area.y + area.height * (1 - 2.5 / 4), &ix, &iy));
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_assert_cmpuint (ix, ==, 3);
  g_assert_cmpuint (iy, ==, 2);
  g_assert_true (gs_study_page_click (window->study_page, area.x + area.width * 3.5 / 5,
                                      area.y + area.height * (1 - 2.5 / 4)));
  pump (50);
  g_assert_cmpuint (window->run_views->len, ==, n_runs + 1);
  added = gs_experiment_get_run (window->experiment, n_runs);
  g_assert_cmpstr (added->optimizer->name, ==, "sgd");
  g_assert_cmpfloat (added->optimizer_values.values[0][0], ==, pv->x[3]);
  g_assert_cmpfloat (added->optimizer_values.values[gs_param_find (added->optimizer->params,
                                                                   added->optimizer->n_params,
                                                                   "momentum")][0], ==, pv->y[2]);
  g_assert_nonnull (strstr (added->label, "momentum"));
  /* outside the grid: nothing added */
  g_assert_false (gs_study_page_click (window->study_page, 1, 1));
  g_assert_cmpuint (window->run_views->len, ==, n_runs + 1);
  /* the run it added does not make the map stale: another cell, another run */
  g_assert_true (gs_study_page_click (window->study_page, area.x + area.width * 0.5 / 5,
                                      area.y + area.height * (1 - 0.5 / 4)));
  pump (50);
  g_assert_cmpuint (window->run_views->len, ==, n_runs + 2);
  /* a new start point is another experiment: the map no longer applies */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.set-start", "(dd)", 0.5, 0.5);
  pump (50);
  g_assert_false (gs_study_page_click (window->study_page, area.x + area.width * 0.5 / 5,
                                       area.y + area.height * (1 - 0.5 / 4)));
  g_assert_cmpuint (window->run_views->len, ==, n_runs + 2);
  close_window (window);
}

/* Cancel: the page waits for the jobs without blocking, the study is not
 * complete, the button says Start again; the settings are checked as
 * typed, with the field named. */
static void
test_study_cancel_and_errors (void)
{
  GsWindow *window = open_studies (NULL, GS_STUDY_PHASE);
  GtkWidget *start = study_field (window, "start");
  GtkWidget *progress = study_field (window, "progress");

  study_set (window, "nx", "400");
  study_set (window, "ny", "400");
  g_assert_true (gs_study_page_start (window->study_page));
  pump (150);
  gs_study_page_cancel (window->study_page);
  wait_until (window, study_idle, 30000);
  g_assert_true (study_idle (window));
  g_assert_false (gs_study_is_complete (gs_study_page_get_study (window->study_page)));
  {
    /* the runs that finished, not the jobs that returned */
    const char *text = gtk_progress_bar_get_text (GTK_PROGRESS_BAR (progress));
    guint finished = 0, all = 0;

    g_assert_cmpint (sscanf (text, "Cancelled after %u of %u runs", &finished, &all), ==, 2);
    g_assert_cmpuint (all, ==, 160000);
    g_assert_cmpuint (finished, <, all);
  }
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (start)), ==, "Start");

  /* typed values */
  gs_study_page_set_kind (window->study_page, GS_STUDY_LR_SWEEP);
  pump (20);
  /* a cancelled sweep: its best of the lrs that finished is not offered */
  study_set (window, "points", "1000");
  g_assert_true (gs_study_page_start (window->study_page));
  gs_study_page_cancel (window->study_page);
  wait_until (window, study_idle, 30000);
  g_assert_false (gtk_widget_get_visible (study_field (window, "use")));
  study_set (window, "points", "25");
  study_set (window, "lr-min", "abc");
  g_assert_false (gtk_widget_get_sensitive (start));
  g_assert_nonnull (strstr (gs_study_page_get_message (window->study_page),
                            "Smallest learning rate: expected a number"));
  g_assert_true (gtk_widget_has_css_class (study_field (window, "lr-min"), "error"));
  study_set (window, "lr-min", "5");
  study_set (window, "lr-max", "1");
  g_assert_false (gtk_widget_get_sensitive (start));
  g_assert_nonnull (strstr (gs_study_page_get_message (window->study_page), "below the largest"));
  g_assert_false (gs_study_page_start (window->study_page));
  study_set (window, "lr-min", "0.01");
  g_assert_true (gtk_widget_get_sensitive (start));
  g_assert_false (gtk_widget_has_css_class (study_field (window, "lr-min"), "error"));
  /* cross-validation needs data: the core's reason is shown */
  gs_study_page_set_kind (window->study_page, GS_STUDY_CV);
  pump (20);
  g_assert_false (gtk_widget_get_sensitive (start));
  g_assert_nonnull (strstr (gs_study_page_get_message (window->study_page),
                            "cross-validation needs a model"));
  /* seeds of full-batch runs: allowed, with a note on what to expect */
  gs_study_page_set_kind (window->study_page, GS_STUDY_SEEDS);
  pump (20);
  g_assert_true (gtk_widget_get_sensitive (start));
  g_assert_nonnull (strstr (gs_study_page_get_message (window->study_page),
                            "every seed gives the same curve"));
  close_window (window);
}

/* The runs compared at their tuned learning rates: one table row per run,
 * each at the lr its sweep found best. */
static void
test_study_compare (void)
{
  GsWindow *window = open_studies (NULL, GS_STUDY_COMPARE);
  GtkWidget *tune = study_field (window, "tune");
  g_autofree char *report = NULL;
  g_auto(GStrv) lines = NULL;
  GsStudy *study;
  const GsStudyCell *cells;
  guint n;

  g_assert_false (gtk_widget_get_visible (study_field (window, "lr-min")));
  gtk_switch_set_active (GTK_SWITCH (tune), TRUE);
  pump (20);
  g_assert_true (gtk_widget_get_visible (study_field (window, "lr-min")));
  study_set (window, "lr-min", "1e-4");
  study_set (window, "lr-max", "1");
  study_set (window, "points", "7");
  study_set (window, "threshold", "0.01");
  g_assert_true (gs_study_page_start (window->study_page));
  wait_until (window, study_idle, 30000);
  study = gs_study_page_get_study (window->study_page);
  g_assert_true (gs_study_is_complete (study));
  g_assert_true (gs_study_get_spec (study)->tune);
  cells = gs_study_get_cells (study, &n);
  g_assert_cmpuint (n, ==, 4);
  report = gs_study_page_get_report (window->study_page);
  lines = g_strsplit (g_strchomp (report), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_true (g_str_has_prefix (lines[0], "Run\tlr\tSteps to threshold\tTime to threshold"));
  for (guint i = 0; i < n; i++)
    {
      const GsStudyCell *best = gs_study_best (study, cells[i].run, NULL);
      g_auto(GStrv) row = g_strsplit (lines[i + 1], "\t", -1);
      g_autofree char *lr = g_strdup_printf ("%.3g", cells[i].x);

      if (best)
        g_assert_cmpfloat (cells[i].x, ==, best->x);
      g_assert_cmpstr (row[1], ==, lr);
      if (cells[i].steps_to_threshold == G_MAXUINT64)
        g_assert_cmpstr (row[2], ==, "—");
      else
        g_assert_cmpuint (g_ascii_strtoull (row[2], NULL, 10), ==, cells[i].steps_to_threshold);
    }
  close_window (window);
}

/* λ by cross-validation on a regression from the page, its strength
 * applied to the runs; the values typed for a kind come back with it; a
 * result of an earlier experiment stays to be read but no longer applies */
static void
test_study_cv_and_stale (void)
{
  GsWindow *window = open_studies ("minibatch.json", GS_STUDY_CV);
  GsStudy *study;
  const GsStudyCell *cells, *best, *one_se = NULL;
  GtkWidget *use = study_field (window, "use");
  g_autofree char *report = NULL;
  guint n;

  study_set (window, "points", "5");
  study_set (window, "lambda-min", "0.001");
  study_set (window, "lambda-max", "10");
  study_set (window, "folds", "4");
  g_assert_true (gs_study_page_start (window->study_page));
  wait_until (window, study_idle, 60000);
  study = gs_study_page_get_study (window->study_page);
  g_assert_true (gs_study_is_complete (study));
  g_assert_cmpuint (gs_study_get_spec (study)->folds, ==, 4);
  cells = gs_study_get_cells (study, &n);
  g_assert_cmpuint (n, ==, 5);
  best = gs_study_best (study, cells[0].run, &one_se);
  g_assert_nonnull (best);
  report = gs_study_page_get_report (window->study_page);
  g_assert_true (g_str_has_prefix (report, "λ\tTraining loss\tValidation loss"));
  g_assert_nonnull (strstr (report, "least validation loss"));
  g_assert_true (gtk_widget_get_visible (use));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (use)), ==, "Use This Strength");
  g_signal_emit_by_name (use, "clicked");
  pump (50);
  g_assert_true (gs_experiment_get_run (window->experiment, cells[0].run)->has_reg);
  g_assert_cmpfloat (gs_experiment_get_run (window->experiment, cells[0].run)->reg.l2, ==,
                     one_se->x);
  g_assert_cmpfloat (gs_experiment_get_run (window->experiment, cells[0].run)->reg.l1, ==, 0);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (window->main_stack)),
                   ==, "runs");

  /* values typed for a kind come back with it */
  gs_study_page_set_kind (window->study_page, GS_STUDY_LR_SWEEP);
  pump (20);
  study_set (window, "lr-min", "0.003");
  gs_study_page_set_kind (window->study_page, GS_STUDY_PHASE);
  pump (20);
  gs_study_page_set_kind (window->study_page, GS_STUDY_LR_SWEEP);
  pump (20);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (study_field (window, "lr-min"))), ==,
                   "0.003");
  /* and a kind of every run studies every run again */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (study_field (window, "run"))),
                    ==, 0);
  /* a phase map's values come back with the run they were typed for */
  gs_study_page_set_kind (window->study_page, GS_STUDY_PHASE);
  pump (20);
  adw_combo_row_set_selected (ADW_COMBO_ROW (study_field (window, "run")), 1);
  pump (20);
  study_set (window, "x-max", "0.5");
  gs_study_page_set_kind (window->study_page, GS_STUDY_LR_SWEEP);
  pump (20);
  gs_study_page_set_kind (window->study_page, GS_STUDY_PHASE);
  pump (20);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (study_field (window, "run"))),
                    ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (study_field (window, "x-max"))), ==,
                   "0.5");

  /* another experiment: the λ result is kept but applies no more */
  {
    g_autofree char *path = g_build_filename (g_getenv ("GS_FIXTURES"), "two-runs.json", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);

    g_assert_true (gs_window_open_file (window, file, NULL));
    pump (50);
  }
  g_assert_false (gtk_widget_get_visible (use));
  g_assert_false (gs_study_page_click (window->study_page, 100, 100));
  close_window (window);
}

/* Another experiment opened while a study runs: the result, once done, is
 * shown as of the earlier experiment and its learning rates do not go to
 * the new runs */
static void
test_study_stale_while_running (void)
{
  GsWindow *window = open_studies (NULL, GS_STUDY_LR_SWEEP);
  g_autofree char *path = g_build_filename (g_getenv ("GS_FIXTURES"), "two-runs.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  double lr[2];

  study_set (window, "points", "1000");
  g_assert_true (gs_study_page_start (window->study_page));
  g_assert_true (gs_window_open_file (window, file, NULL));
  for (guint r = 0; r < 2; r++)
    lr[r] = gs_experiment_get_run (window->experiment, r)->optimizer_values.values[0][0];
  wait_until (window, study_idle, 60000);
  g_assert_true (study_idle (window));
  g_assert_false (gtk_widget_get_visible (study_field (window, "use")));
  g_signal_emit_by_name (study_field (window, "use"), "clicked");
  pump (20);
  for (guint r = 0; r < 2; r++)
    g_assert_cmpfloat (gs_experiment_get_run (window->experiment, r)->optimizer_values.values[0][0],
                       ==, lr[r]);
  close_window (window);
}

/* Screenshots of the Studies page (GS_UI_SCREENSHOT_DIR): an lr sweep and
 * a phase map */
static void
test_screenshot_studies (void)
{
  const char *dir = screenshot_dir ();
  GsStudyKind shots[] = { GS_STUDY_LR_SWEEP, GS_STUDY_PHASE, GS_STUDY_COMPARE,
                          GS_STUDY_LR_SWEEP, GS_STUDY_LR_SWEEP };
  const char *names[] = { "studies-sweep", "studies-phase", "studies-compare",
                          "studies-small", "studies-narrow" };

  if (dir == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      GsWindow *window = open_studies (NULL, shots[i]);

      if (i == 3)
        gtk_window_set_default_size (GTK_WINDOW (window), 1024, 700);
      else if (i == 4)
        /* the page switcher moves to a bar at the bottom */
        gtk_window_set_default_size (GTK_WINDOW (window), 800, 640);
      else
        gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
      if (shots[i] == GS_STUDY_PHASE)
        {
          /* the momentum lesson's ravine: where momentum helps, where it
           * diverges */
          gtk_widget_activate_action (GTK_WIDGET (window), "win.open-lesson", "s", "momentum");
          pump (100);
          gs_study_page_set_kind (window->study_page, GS_STUDY_PHASE);
          pump (20);
          study_set (window, "nx", "24");
          study_set (window, "ny", "20");
        }
      if (shots[i] == GS_STUDY_COMPARE)
        {
          gtk_switch_set_active (GTK_SWITCH (study_field (window, "tune")), TRUE);
          study_set (window, "threshold", "0.001");
        }
      g_assert_true (gs_study_page_start (window->study_page));
      wait_until (window, study_idle, 60000);
      pump (300);
      save_shot (window, dir, names[i]);
      close_window (window);
    }
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  /* gtk_test_init sets en_US.UTF-8, or leaves C where that locale is not
   * installed, and in C gettext ignores LANGUAGE: a run with LANGUAGE
   * set (LANGUAGE=zh_CN … -p /gradscope/ui/screenshots, the window in
   * Chinese) takes its messages from C.UTF-8 then. The texts the tests
   * compare are English: the suite runs without LANGUAGE. */
  if (g_getenv ("LANGUAGE") != NULL && g_strcmp0 (setlocale (LC_MESSAGES, NULL), "C") == 0)
    setlocale (LC_MESSAGES, "C.UTF-8");
  adw_init ();
  g_test_add_func ("/gradscope/ui/default-moves", test_default_moves);
  g_test_add_func ("/gradscope/ui/runs-list", test_runs_list);
  g_test_add_func ("/gradscope/ui/editor-and-live-lr", test_editor_and_live_lr);
  g_test_add_func ("/gradscope/ui/step-and-reset", test_step_and_reset);
  g_test_add_func ("/gradscope/ui/divergence-marked", test_divergence_marked);
  g_test_add_func ("/gradscope/ui/render-png", test_render_png);
  g_test_add_func ("/gradscope/ui/export", test_export);
  g_test_add_func ("/gradscope/ui/export-bad-name", test_export_bad_name);
  g_test_add_func ("/gradscope/ui/zoom-draws-walks", test_zoom_draws_walks);
  g_test_add_func ("/gradscope/ui/model-view-fits", test_model_view_fits);
  g_test_add_func ("/gradscope/ui/network-boundary", test_network_boundary);
  g_test_add_func ("/gradscope/ui/teach-and-timeline", test_teach_and_timeline);
  g_test_add_func ("/gradscope/ui/teach-network", test_teach_network);
  g_test_add_func ("/gradscope/ui/lessons", test_lessons);
  g_test_add_func ("/gradscope/ui/custom-function", test_custom_function);
  g_test_add_func ("/gradscope/ui/network-accuracy", test_network_accuracy);
  g_test_add_func ("/gradscope/ui/every-control-has-tooltip", test_every_control_has_tooltip);
  g_test_add_func ("/gradscope/ui/stress", test_stress);
  g_test_add_func ("/gradscope/ui/screenshots", test_screenshots);
  g_test_add_func ("/gradscope/ui/many-params", test_many_params);
  g_test_add_func ("/gradscope/ui/function-clears-batch", test_function_clears_batch);
  g_test_add_func ("/gradscope/ui/bad-data-source-kept", test_bad_data_source_kept);
  g_test_add_func ("/gradscope/ui/max-steps-typing", test_max_steps_typing);
  g_test_add_func ("/gradscope/ui/new-rules-resume", test_new_rules_resume);
  g_test_add_func ("/gradscope/ui/empty-label", test_empty_label);
  g_test_add_func ("/gradscope/ui/runs-keep-looks", test_runs_keep_looks);
  g_test_add_func ("/gradscope/ui/runs-keep-progress", test_runs_keep_progress);
  g_test_add_func ("/gradscope/ui/remove-while-worker-busy", test_remove_while_worker_busy);
  g_test_add_func ("/gradscope/ui/many-runs", test_many_runs);
  g_test_add_func ("/gradscope/ui/open-error-shown", test_open_error_shown);
  g_test_add_func ("/gradscope/ui/mlp-switch", test_mlp_switch);
  g_test_add_func ("/gradscope/ui/mlp-fields", test_mlp_fields);
  g_test_add_func ("/gradscope/ui/mlp-invalid-combination", test_mlp_invalid_combination);
  g_test_add_func ("/gradscope/ui/mlp-open-save", test_mlp_open_save);
  g_test_add_func ("/gradscope/ui/mlp-csv", test_mlp_csv);
  g_test_add_func ("/gradscope/ui/screenshot-network", test_screenshot_network);
  g_test_add_func ("/gradscope/ui/landscape-default", test_landscape_default);
  g_test_add_func ("/gradscope/ui/landscape-network", test_landscape_network);
  g_test_add_func ("/gradscope/ui/landscape-reset", test_landscape_reset);
  g_test_add_func ("/gradscope/ui/landscape-stress", test_landscape_stress);
  g_test_add_func ("/gradscope/ui/screenshot-landscape", test_screenshot_landscape);
  g_test_add_func ("/gradscope/ui/surface-page", test_surface_page);
  g_test_add_func ("/gradscope/ui/surface-network", test_surface_network);
  g_test_add_func ("/gradscope/ui/screenshot-surface", test_screenshot_surface);
  g_test_add_func ("/gradscope/ui/study-sweep", test_study_sweep);
  g_test_add_func ("/gradscope/ui/study-phase-click", test_study_phase_click);
  g_test_add_func ("/gradscope/ui/study-cancel-and-errors", test_study_cancel_and_errors);
  g_test_add_func ("/gradscope/ui/study-compare", test_study_compare);
  g_test_add_func ("/gradscope/ui/study-cv-and-stale", test_study_cv_and_stale);
  g_test_add_func ("/gradscope/ui/study-stale-while-running", test_study_stale_while_running);
  g_test_add_func ("/gradscope/ui/screenshot-studies", test_screenshot_studies);
  /* last: the window in Chinese (the catalog stays loaded) */
  g_test_add_func ("/gradscope/ui/language-zh", test_language_zh);
  return g_test_run ();
}
