/* gs-landscape-page.h — the Landscape page beside the contour map: the loss
 * over a plane through parameter space (two parameters, filter-normalized
 * random directions or a run's principal directions) with every run's
 * walk projected onto it, and the loss along the line from the start to a
 * run's current point. */
#pragma once

#include "gs-window-private.h"

G_BEGIN_DECLS

#define GS_TYPE_LANDSCAPE_PAGE (gs_landscape_page_get_type ())
G_DECLARE_FINAL_TYPE (GsLandscapePage, gs_landscape_page, GS, LANDSCAPE_PAGE, GtkBox)

/* A widget that reads the window's runs (run_views) and experiment. */
GtkWidget *gs_landscape_page_new     (GsWindow *window);
/* Called once per frame with new rows (gs_window_views_refresh). */
void       gs_landscape_page_refresh (GtkWidget *page);
/* A new problem or data: what was computed for the old one is dropped. */
void       gs_landscape_page_reset   (GtkWidget *page);

/* Levels of the current plane's grid shown so far (0: none yet), and how
 * many it will have (0: no grid asked for). */
guint      gs_landscape_page_get_levels_done (GtkWidget *page);
guint      gs_landscape_page_get_n_levels    (GtkWidget *page);
/* TRUE while anything is being computed for the page (the plane, its
 * grid, an image of it, the interpolation line). */
gboolean   gs_landscape_page_is_busy         (GtkWidget *page);
/* Interpolation lines computed so far (they follow the chosen run). */
guint      gs_landscape_page_get_n_lines     (GtkWidget *page);

G_END_DECLS
