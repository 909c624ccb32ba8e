/* gs-surface-page.h — the 3-D page beside the contour map: the contour's
 * grid as a surface that turns under the pointer, with every run's walk
 * lying on it and its current point marked, redrawn as the runs step. */
#pragma once

#include "gs-window-private.h"

G_BEGIN_DECLS

#define GS_TYPE_SURFACE_PAGE (gs_surface_page_get_type ())
G_DECLARE_FINAL_TYPE (GsSurfacePage, gs_surface_page, GS, SURFACE_PAGE, GtkBox)

/* A widget that reads the window's grid, levels, runs (run_views) and
 * experiment. */
GtkWidget *gs_surface_page_new      (GsWindow *window);
/* Called once per frame with new rows (gs_window_views_refresh). */
void       gs_surface_page_refresh  (GtkWidget *page);

/* The view: azimuth and elevation in degrees, zoom (1: the box fits). */
void       gs_surface_page_get_view (GtkWidget *page, double *azimuth, double *elevation,
                                     double *zoom);
/* Back to the default view (as the reset button and a double-click do). */
void       gs_surface_page_reset_view (GtkWidget *page);

G_END_DECLS
