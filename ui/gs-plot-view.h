/* gs-plot-view.h — a thin widget that draws with a GTK-free renderer */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GS_TYPE_PLOT_VIEW (gs_plot_view_get_type ())
G_DECLARE_FINAL_TYPE (GsPlotView, gs_plot_view, GS, PLOT_VIEW, GtkWidget)

/* Draws the view into cr at width × height; dark: the dark style is on. */
typedef void (*GsPlotDrawFunc) (cairo_t *cr, int width, int height, gboolean dark,
                                gpointer user_data);

GtkWidget *gs_plot_view_new           (void);
void       gs_plot_view_set_draw_func (GsPlotView *self, GsPlotDrawFunc func,
                                       gpointer user_data, GDestroyNotify destroy);

/* A read-out (“x = 1.2   y = 3.4   loss = 5.6”) in a box whose top left
 * corner is at x, y. Pango lays it out, so every script reads, with the
 * fonts' fallbacks, in the labels' language. */
void       gs_plot_view_draw_readout  (cairo_t *cr, double x, double y, const char *text,
                                       gboolean dark);

G_END_DECLS
