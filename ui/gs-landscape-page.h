/* gs-landscape-page.h — the Landscape page beside the contour map: the loss
 * over a plane through parameter space (two parameters, filter-normalized
 * random directions or a run's principal directions) with every run's
 * walk projected onto it, and the loss along the line from the start to a
 * run's current point. */
#pragma once

#include "gs-window-private.h"

G_BEGIN_DECLS

/* A widget that reads the window's runs (run_views) and experiment. */
GtkWidget *gs_landscape_page_new     (GsWindow *window);
/* Called once per frame with new rows (gs_window_views_refresh). */
void       gs_landscape_page_refresh (GtkWidget *page);
/* A new problem or data: what was computed for the old one is dropped. */
void       gs_landscape_page_reset   (GtkWidget *page);

G_END_DECLS
