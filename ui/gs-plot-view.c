/* gs-plot-view.c — draws in snapshot() through gtk_snapshot_append_cairo */
#include "gs-plot-view.h"

#include <adwaita.h>

struct _GsPlotView
{
  GtkWidget      parent_instance;
  GsPlotDrawFunc func;
  gpointer       user_data;
  GDestroyNotify destroy;
};

G_DEFINE_FINAL_TYPE (GsPlotView, gs_plot_view, GTK_TYPE_WIDGET)

static void
gs_plot_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  GsPlotView *self = GS_PLOT_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  cairo_t *cr;

  if (self->func == NULL || width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  self->func (cr, width, height, dark, self->user_data);
  cairo_destroy (cr);
}

static void
gs_plot_view_dispose (GObject *object)
{
  GsPlotView *self = GS_PLOT_VIEW (object);

  if (self->destroy)
    self->destroy (self->user_data);
  self->destroy = NULL;
  self->func = NULL;
  G_OBJECT_CLASS (gs_plot_view_parent_class)->dispose (object);
}

static void
gs_plot_view_class_init (GsPlotViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gs_plot_view_dispose;
  widget_class->snapshot = gs_plot_view_snapshot;
  gtk_widget_class_set_css_name (widget_class, "plotview");
}

static void
gs_plot_view_init (GsPlotView *self)
{
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

GtkWidget *
gs_plot_view_new (void)
{
  return g_object_new (GS_TYPE_PLOT_VIEW, NULL);
}

void
gs_plot_view_draw_readout (cairo_t *cr, double x, double y, const char *text, gboolean dark)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans");
  int tw, th;
  double h;

  pango_font_description_set_absolute_size (font, 12 * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &tw, &th);
  h = MAX (22, th + 6);
  cairo_save (cr);
  cairo_rectangle (cr, x, y, tw + 12, h);
  cairo_set_source_rgba (cr, dark ? 0.1 : 1, dark ? 0.1 : 1, dark ? 0.1 : 1, 0.85);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, dark ? 0.95 : 0.1, dark ? 0.95 : 0.1, dark ? 0.95 : 0.1);
  cairo_move_to (cr, x + 6, y + (h - th) / 2);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
  pango_font_description_free (font);
  g_object_unref (layout);
}

void
gs_plot_view_set_draw_func (GsPlotView *self, GsPlotDrawFunc func, gpointer user_data,
                            GDestroyNotify destroy)
{
  if (self->destroy)
    self->destroy (self->user_data);
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
