/* gs-surface-page.c — the 3-D page (see the header)
 *
 * Nothing is computed here: the page draws the contour map's grid (the
 * window computes it off the main thread, coarse first) with its levels,
 * and the runs' rows the window pulls every frame, through
 * plot/gs-plot-surface with a GsSurfaceCache. A frame while the runs step
 * traces and strokes only the rows that arrived since the last one; a
 * frame of a view being turned or zoomed draws a coarser mesh, and the
 * full one once the pointer rests. */
#include "gs-surface-page.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gs-plot-surface.h"

#define DEG_PER_PX      0.4     /* a drag turns the view this much per pixel */
#define DRAG_START_PX   3.0     /* a press that moves less is a click */
#define ELEVATION_MIN   5.0
#define ELEVATION_MAX   85.0
#define ZOOM_STEP       1.2     /* a notch of the wheel */
#define ZOOM_MIN        0.4
#define ZOOM_MAX        6.0
#define ZOOM_SETTLE_MS  200     /* full detail once the wheel rests this long */

struct _GsSurfacePage
{
  GtkBox          parent_instance;

  GsWindow       *window;          /* owns the page */
  GtkWidget      *plot;
  GtkWidget      *angles_label;
  GtkWidget      *reset_button;
  GsSurfaceCache *cache;

  /* the view */
  double          azimuth, elevation, zoom;

  /* the grid drawn: the window replaces it (coarse, then fine, then for a
   * new window or problem), a new one is a new serial */
  const GsGrid   *grid_seen;
  guint           grid_serial;
  guint           tick_id;         /* while shown: a new grid is drawn */

  /* the pointer */
  gboolean        pressed;
  gboolean        dragging;
  double          drag_azimuth, drag_elevation;
  gboolean        zooming;
  guint           zoom_id;
  gboolean        hovering;
  double          hover_px, hover_py;
};

G_DEFINE_FINAL_TYPE (GsSurfacePage, gs_surface_page, GTK_TYPE_BOX)

/* ---- what is drawn ------------------------------------------------------------ */

static void
show_angles (GsSurfacePage *self)
{
  g_autofree char *text = NULL;

  if (fabs (self->zoom - 1.0) < 1e-9)
    /* TRANSLATORS: where the 3-D view looks from, in degrees */
    text = g_strdup_printf (_("azimuth %.0f°  elevation %.0f°"), self->azimuth, self->elevation);
  else
    /* TRANSLATORS: where the 3-D view looks from, in degrees, and its zoom factor */
    text = g_strdup_printf (_("azimuth %.0f°  elevation %.0f°  zoom %.2g×"), self->azimuth,
                            self->elevation, self->zoom);
  gtk_label_set_text (GTK_LABEL (self->angles_label), text);
}

static void
sync_grid (GsSurfacePage *self)
{
  /* a new grid is made while the old one still lives: a new address */
  if (self->window->grid != self->grid_seen)
    {
      self->grid_seen = self->window->grid;
      self->grid_serial++;
    }
}

/* A walk's generation: a change of any of these rewrote its rows (a
 * trace decimation only thins them out: that is `thinned`). */
static guint
walk_generation (const GsWindow *win, const GsRunView *rv)
{
  guint key = GS_TRACE_EPOCH (rv->trace_generation);

  key = key * 0x9E3779B1u + win->engine_generation;
  key = key * 0x9E3779B1u + win->axis_x;
  key = key * 0x9E3779B1u + win->axis_y;
  return key;
}

/* The shown runs' walks over the contour's two axes, straight from the
 * rows (no copies). With two parameters the contour is the whole loss and
 * a row's loss is exact at its point; with more it is a slice through the
 * first run's point, and the walks are lifted onto it. */
static guint
collect_walks (GsSurfacePage *self, GsSurfaceWalk *walks)
{
  GsWindow *win = self->window;
  guint n_params = gs_problem_get_n_params (win->experiment->problem);
  gboolean exact = n_params == 2;
  guint n = 0;

  if (win->row_width != GS_ROW_FIELDS + n_params || MAX (win->axis_x, win->axis_y) >= n_params
      || win->axis_x == win->axis_y)
    return 0;
  for (guint i = 0; i < win->run_views->len; i++)
    {
      const GsRunView *rv = &g_array_index (win->run_views, GsRunView, i);
      const double *rows = (const double *) rv->rows->data;
      GsSurfaceWalk w = { 0 };

      if (!rv->visible || rv->rows->len < win->row_width)
        continue;
      w.xy = rows + GS_ROW_FIELDS + win->axis_x;
      w.stride = win->row_width;
      w.y_offset = (gssize) win->axis_y - (gssize) win->axis_x;
      w.z = exact ? rows + G_STRUCT_OFFSET (GsRow, loss) / sizeof (double) : NULL;
      w.z_stride = win->row_width;
      w.n = rv->rows->len / win->row_width;
      /* row 0 is always kept; the trace's open bucket (its last rows) is
       * rewritten as rows arrive */
      w.n_stable = MAX (MIN (rv->stable, w.n), 1);
      w.color = gs_rgb_of_rgba (&rv->color);
      w.diverged = rv->snapshot.status == GS_STATUS_DIVERGED;
      w.generation = walk_generation (win, rv);
      w.thinned = rv->trace_generation & GS_TRACE_DECIMATIONS;
      w.step = rows + G_STRUCT_OFFSET (GsRow, step) / sizeof (double);
      walks[n++] = w;
    }
  return n;
}


/* x, y (and f where it is cheap) of the surface under the pointer, in a
 * box at the top left. */
static void
draw_readout (GsSurfacePage *self, cairo_t *cr, gboolean dark, const char *x_title,
              const char *y_title, const char *value_title)
{
  const GsExperiment *exp = self->window->experiment;
  guint n_params = gs_problem_get_n_params (exp->problem);
  g_autofree char *text = NULL;
  double x, y;

  if (!gs_plot_surface_pick (self->cache, self->hover_px, self->hover_py, &x, &y))
    return;
  /* an evaluation per pointer move: only where it is cheap */
  if ((gsize) n_params * MAX (gs_problem_get_n_samples (exp->problem), 1) <= 1000000)
    {
      g_autofree double *theta = g_new0 (double, n_params);
      g_autofree double *scratch = g_new (double, n_params);
      g_autofree double *work = g_new (double, MAX (gs_problem_get_work_size (exp->problem), 1));
      GsSlice slice = { exp->problem, exp->reg, self->window->axis_x, self->window->axis_y, NULL };
      double f;

      gs_window_first_run_theta (self->window, theta, n_params);
      slice.theta = theta;
      f = gs_slice_eval (&slice, x, y, scratch, work);
      text = g_strdup_printf ("%s = %.4g   %s = %.4g   %s = %.5g", x_title, x, y_title, y,
                              value_title, f);
    }
  else
    text = g_strdup_printf ("%s = %.4g   %s = %.4g", x_title, x, y_title, y);
  gs_plot_view_draw_readout (cr, 6, 6, text, dark);
}

static void
draw_plot (cairo_t *cr, int width, int height, gboolean dark, gpointer user_data)
{
  GsSurfacePage *self = user_data;
  GsWindow *win = self->window;
  const GsExperiment *exp = win->experiment;
  g_autofree GsSurfaceWalk *walks = NULL;
  g_autofree char *x_title = NULL;
  g_autofree char *y_title = NULL;
  double minima[2 * GS_FUNCTION_MAX_MINIMA];
  GsSurfaceView view = { 0 };

  if (exp == NULL || self->cache == NULL)
    return;
  sync_grid (self);
  x_title = gs_problem_param_name (exp->problem, win->axis_x);
  y_title = gs_problem_param_name (exp->problem, win->axis_y);
  walks = g_new0 (GsSurfaceWalk, MAX (win->run_views->len, 1));

  view.style.dark = dark;
  view.style.scale = 1;
  view.grid = win->grid;
  view.levels = win->grid ? &win->levels : NULL;   /* the contour map's scale */
  view.grid_serial = self->grid_serial;
  view.azimuth = self->azimuth;
  view.elevation = self->elevation;
  view.zoom = self->zoom;
  view.mesh_lines = TRUE;
  view.moving = self->dragging || self->zooming;
  view.x_title = x_title;
  view.y_title = y_title;
  view.value_title = exp->kind == GS_PROBLEM_FUNCTION ? "f(x, y)" : C_("axis title", "loss");
  if (exp->kind == GS_PROBLEM_FUNCTION)
    {
      const GsFunctionInfo *f = gs_problem_get_function (exp->problem);

      for (guint i = 0; i < f->n_minima; i++)
        {
          minima[2 * i] = f->minima[i][0];
          minima[2 * i + 1] = f->minima[i][1];
        }
      view.minima = minima;
      view.n_minima = f->n_minima;
    }
  view.walks = walks;
  view.n_walks = collect_walks (self, walks);
  if (view.n_walks > 0)
    {
      /* the start, where the first shown walk began */
      view.has_start = TRUE;
      view.start[0] = walks[0].xy[0];
      view.start[1] = walks[0].xy[walks[0].y_offset];
    }
  view.cache = self->cache;
  gs_plot_surface_render (cr, width, height, &view);
  if (self->hovering && !self->dragging && win->grid != NULL)
    draw_readout (self, cr, dark, x_title, y_title, view.value_title);
}

/* ---- the pointer: drag turns, scroll zooms, double-click resets ------------------- */

static void
set_view (GsSurfacePage *self, double azimuth, double elevation, double zoom)
{
  /* azimuth in (−180°, 180°] */
  azimuth = fmod (azimuth, 360.0);
  if (azimuth > 180.0)
    azimuth -= 360.0;
  else if (azimuth <= -180.0)
    azimuth += 360.0;
  self->azimuth = azimuth;
  self->elevation = CLAMP (elevation, ELEVATION_MIN, ELEVATION_MAX);
  self->zoom = CLAMP (zoom, ZOOM_MIN, ZOOM_MAX);
  show_angles (self);
  gtk_widget_queue_draw (self->plot);
}

static void
drag_begin (GtkGestureDrag *gesture, double px, double py, GsSurfacePage *self)
{
  self->pressed = TRUE;
  self->dragging = FALSE;
  self->drag_azimuth = self->azimuth;
  self->drag_elevation = self->elevation;
}

static void
drag_update (GtkGestureDrag *gesture, double ox, double oy, GsSurfacePage *self)
{
  if (!self->pressed || (!self->dragging && hypot (ox, oy) < DRAG_START_PX))
    return;
  self->dragging = TRUE;
  /* the surface follows the pointer: right turns it to the right (the
   * viewer goes round the other way), down tips its far side up */
  set_view (self, self->drag_azimuth - ox * DEG_PER_PX, self->drag_elevation + oy * DEG_PER_PX,
            self->zoom);
}

static void
drag_end (GtkGestureDrag *gesture, double ox, double oy, GsSurfacePage *self)
{
  self->pressed = FALSE;
  if (!self->dragging)
    return;
  self->dragging = FALSE;
  /* in full detail again */
  gtk_widget_queue_draw (self->plot);
}

static void
pressed (GtkGestureClick *gesture, int n_press, double px, double py, GsSurfacePage *self)
{
  if (n_press == 2)
    gs_surface_page_reset_view (GTK_WIDGET (self));
}

static gboolean
zoom_settled (gpointer user_data)
{
  GsSurfacePage *self = user_data;

  self->zoom_id = 0;
  self->zooming = FALSE;
  gtk_widget_queue_draw (self->plot);
  return G_SOURCE_REMOVE;
}

static gboolean
scroll (GtkEventControllerScroll *controller, double dx, double dy, GsSurfacePage *self)
{
  if (dy == 0)
    return FALSE;
  /* down (toward you) zooms out, as on the contour map */
  self->zooming = TRUE;
  g_clear_handle_id (&self->zoom_id, g_source_remove);
  self->zoom_id = g_timeout_add (ZOOM_SETTLE_MS, zoom_settled, self);
  set_view (self, self->azimuth, self->elevation,
            self->zoom * (dy > 0 ? 1 / ZOOM_STEP : ZOOM_STEP));
  return TRUE;
}

static void
motion (GtkEventControllerMotion *controller, double px, double py, GsSurfacePage *self)
{
  self->hovering = TRUE;
  self->hover_px = px;
  self->hover_py = py;
  gtk_widget_queue_draw (self->plot);
}

static void
leave (GtkEventControllerMotion *controller, GsSurfacePage *self)
{
  self->hovering = FALSE;
  gtk_widget_queue_draw (self->plot);
}

static void
reset_clicked (GtkButton *button, GsSurfacePage *self)
{
  gs_surface_page_reset_view (GTK_WIDGET (self));
}

/* ---- the widget ------------------------------------------------------------------ */

static gboolean
grid_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  GsSurfacePage *self = user_data;

  /* a grid the window computed since (it queues a draw of the map only) */
  if (self->window->grid != self->grid_seen)
    gtk_widget_queue_draw (self->plot);
  return G_SOURCE_CONTINUE;
}

static void
gs_surface_page_map (GtkWidget *widget)
{
  GsSurfacePage *self = GS_SURFACE_PAGE (widget);

  GTK_WIDGET_CLASS (gs_surface_page_parent_class)->map (widget);
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (self->plot, grid_tick, self, NULL);
  gtk_widget_queue_draw (self->plot);
}

static void
gs_surface_page_unmap (GtkWidget *widget)
{
  GsSurfacePage *self = GS_SURFACE_PAGE (widget);

  if (self->tick_id)
    gtk_widget_remove_tick_callback (self->plot, self->tick_id);
  self->tick_id = 0;
  GTK_WIDGET_CLASS (gs_surface_page_parent_class)->unmap (widget);
}

static void
gs_surface_page_dispose (GObject *object)
{
  GsSurfacePage *self = GS_SURFACE_PAGE (object);

  if (self->tick_id && self->plot)
    gtk_widget_remove_tick_callback (self->plot, self->tick_id);
  self->tick_id = 0;
  g_clear_handle_id (&self->zoom_id, g_source_remove);
  /* the plot goes with the children, after what it draws from */
  if (self->plot)
    gs_plot_view_set_draw_func (GS_PLOT_VIEW (self->plot), NULL, NULL, NULL);
  g_clear_pointer (&self->cache, gs_surface_cache_free);
  G_OBJECT_CLASS (gs_surface_page_parent_class)->dispose (object);
}

static void
gs_surface_page_class_init (GsSurfacePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gs_surface_page_dispose;
  widget_class->map = gs_surface_page_map;
  widget_class->unmap = gs_surface_page_unmap;
}

static void
gs_surface_page_init (GsSurfacePage *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *hint = gtk_label_new (_("Drag to turn, scroll to zoom"));
  GtkWidget *content;

  self->azimuth = GS_SURFACE_AZIMUTH_DEFAULT;
  self->elevation = GS_SURFACE_ELEVATION_DEFAULT;
  self->zoom = 1.0;
  self->cache = gs_surface_cache_new ();
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);

  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_set_hexpand (hint, TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_label_set_ellipsize (GTK_LABEL (hint), PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text (hint, _("Drag across the surface to turn it (sideways: round "
                                       "the vertical axis; up and down: higher or lower), "
                                       "scroll to zoom, double-click for the default view"));

  self->angles_label = gtk_label_new ("");
  gtk_widget_set_name (self->angles_label, "surface-angles");
  gtk_widget_add_css_class (self->angles_label, "dim-label");
  gtk_widget_add_css_class (self->angles_label, "numeric");
  gtk_widget_add_css_class (self->angles_label, "caption");
  gtk_widget_set_tooltip_text (self->angles_label,
                               _("Where you look from: the azimuth turns round the vertical "
                                 "axis (0° looks along y, as the contour map lies), the "
                                 "elevation is the height above the plane (5° to 85°)"));

  self->reset_button = gtk_button_new ();
  {
    GtkWidget *content_ = adw_button_content_new ();

    adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content_), "object-rotate-left-symbolic");
    adw_button_content_set_label (ADW_BUTTON_CONTENT (content_), _("Reset view"));
    gtk_button_set_child (GTK_BUTTON (self->reset_button), content_);
  }
  gtk_widget_add_css_class (self->reset_button, "flat");
  gtk_widget_set_name (self->reset_button, "surface-reset");
  gtk_widget_set_tooltip_text (self->reset_button,
                               _("Back to the default view: azimuth 30°, elevation 30°, no zoom "
                                 "(or double-click the surface)"));
  g_signal_connect (self->reset_button, "clicked", G_CALLBACK (reset_clicked), self);

  gtk_box_append (GTK_BOX (bar), hint);
  gtk_box_append (GTK_BOX (bar), self->angles_label);
  gtk_box_append (GTK_BOX (bar), self->reset_button);

  self->plot = gs_plot_view_new ();
  gtk_widget_set_name (self->plot, "surface-plot");
  gtk_widget_set_tooltip_text (self->plot,
                               _("The loss as a surface over the contour map's window, in the "
                                 "same colours, with every run's walk on it (dim where the "
                                 "surface hides it) and its current point. Hover to read the "
                                 "loss, drag to turn, scroll to zoom, double-click to reset"));
  gtk_widget_set_size_request (self->plot, 300, 240);
  gtk_widget_set_vexpand (self->plot, TRUE);
  gs_plot_view_set_draw_func (GS_PLOT_VIEW (self->plot), draw_plot, self, NULL);
  {
    GtkEventController *m = gtk_event_controller_motion_new ();
    GtkEventController *sc = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
    GtkGesture *drag = gtk_gesture_drag_new ();
    GtkGesture *click = gtk_gesture_click_new ();

    g_signal_connect (m, "motion", G_CALLBACK (motion), self);
    g_signal_connect (m, "leave", G_CALLBACK (leave), self);
    g_signal_connect (sc, "scroll", G_CALLBACK (scroll), self);
    g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin), self);
    g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update), self);
    g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end), self);
    g_signal_connect (click, "pressed", G_CALLBACK (pressed), self);
    gtk_widget_add_controller (self->plot, m);
    gtk_widget_add_controller (self->plot, sc);
    gtk_widget_add_controller (self->plot, GTK_EVENT_CONTROLLER (drag));
    gtk_widget_add_controller (self->plot, GTK_EVENT_CONTROLLER (click));
  }

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_margin_start (content, 10);
  gtk_widget_set_margin_end (content, 6);
  gtk_widget_set_margin_top (content, 4);
  gtk_box_append (GTK_BOX (content), bar);
  gtk_box_append (GTK_BOX (self), content);
  gtk_box_append (GTK_BOX (self), self->plot);
  show_angles (self);
}

/* ---- API --------------------------------------------------------------------------- */

GtkWidget *
gs_surface_page_new (GsWindow *window)
{
  GsSurfacePage *self = g_object_new (GS_TYPE_SURFACE_PAGE, NULL);

  self->window = window;
  return GTK_WIDGET (self);
}

void
gs_surface_page_refresh (GtkWidget *page)
{
  GsSurfacePage *self = GS_SURFACE_PAGE (page);

  /* hidden: nothing to draw; it is drawn as it shows */
  if (!gtk_widget_get_mapped (page))
    return;
  gtk_widget_queue_draw (self->plot);
}

void
gs_surface_page_get_view (GtkWidget *page, double *azimuth, double *elevation, double *zoom)
{
  GsSurfacePage *self = GS_SURFACE_PAGE (page);

  if (azimuth)
    *azimuth = self->azimuth;
  if (elevation)
    *elevation = self->elevation;
  if (zoom)
    *zoom = self->zoom;
}

void
gs_surface_page_reset_view (GtkWidget *page)
{
  set_view (GS_SURFACE_PAGE (page), GS_SURFACE_AZIMUTH_DEFAULT, GS_SURFACE_ELEVATION_DEFAULT, 1.0);
}
