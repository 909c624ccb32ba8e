/* test-ui.c — the window under Xvfb: runs list, editors, live changes, figures */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "gs-window-private.h"

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

static void
test_runs_list (void)
{
  GsWindow *window = open_window ("two-runs.json");

  g_assert_cmpuint (window->run_rows->len, ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-run", "s", "rmsprop");
  pump (100);
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

static GdkTexture *
render_window (GsWindow *window)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int w = gtk_widget_get_width (GTK_WIDGET (window));
  int h = gtk_widget_get_height (GTK_WIDGET (window));

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node, NULL);
}

/* Screenshots of the states a user meets, for looking at (and the docs):
 * written only when GS_UI_SCREENSHOT_DIR is set. */
static void
test_screenshots (void)
{
  const char *dir = g_getenv ("GS_UI_SCREENSHOT_DIR");
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
    {
      g_test_skip ("set GS_UI_SCREENSHOT_DIR to write screenshots");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      GsWindow *window;
      g_autoptr(GdkTexture) texture = NULL;
      g_autofree char *path = g_strdup_printf ("%s/%s.png", dir, shots[i].name);

      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          shots[i].dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                        : ADW_COLOR_SCHEME_FORCE_LIGHT);
      window = open_window (shots[i].fixture);
      gtk_window_set_default_size (GTK_WINDOW (window), shots[i].w, shots[i].h);
      gs_engine_set_speed (window->engine, 250);
      gs_engine_play (window->engine);
      wait_until (window, grid_ready, 8000);
      pump (2500);
      if (i == 0)
        {
          /* the pointer over both views: their read-outs */
          window->hovering = TRUE;
          window->hover_x = -0.5;
          window->hover_y = 2.5;
          window->loss_hovering = TRUE;
          window->loss_hover_x = window->loss_area.x + 0.6 * window->loss_area.width;
          gtk_widget_queue_draw (window->contour_view);
          gtk_widget_queue_draw (window->loss_view);
          pump (200);
        }
      texture = render_window (window);
      gdk_texture_save_to_png (texture, path);
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
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autofree guchar *pixels = NULL;
  const char *out = g_getenv ("GS_UI_SCREENSHOT");
  int w, h;
  graphene_rect_t contour, loss;

  /* enough steps that every path is longer than its marker */
  gs_engine_set_speed (window->engine, 500);
  wait_until (window, grid_ready, 8000);
  g_assert_true (grid_ready (window));
  pump (2000);

  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  w = gtk_widget_get_width (GTK_WIDGET (window));
  h = gtk_widget_get_height (GTK_WIDGET (window));
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node, NULL);
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

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/gradscope/ui/default-moves", test_default_moves);
  g_test_add_func ("/gradscope/ui/runs-list", test_runs_list);
  g_test_add_func ("/gradscope/ui/editor-and-live-lr", test_editor_and_live_lr);
  g_test_add_func ("/gradscope/ui/step-and-reset", test_step_and_reset);
  g_test_add_func ("/gradscope/ui/divergence-marked", test_divergence_marked);
  g_test_add_func ("/gradscope/ui/render-png", test_render_png);
  g_test_add_func ("/gradscope/ui/export", test_export);
  g_test_add_func ("/gradscope/ui/stress", test_stress);
  g_test_add_func ("/gradscope/ui/screenshots", test_screenshots);
  return g_test_run ();
}
