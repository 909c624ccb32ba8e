/* gs-landscape-page.c — the Landscape page (see the header) */
#include "gs-landscape-page.h"

#include <adwaita.h>

GtkWidget *
gs_landscape_page_new (GsWindow *window)
{
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "find-location-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (page), "Landscape");
  adw_status_page_set_description (ADW_STATUS_PAGE (page),
                                   "The loss over a plane through parameter space");
  return page;
}

void
gs_landscape_page_refresh (GtkWidget *page)
{
}

void
gs_landscape_page_reset (GtkWidget *page)
{
}
