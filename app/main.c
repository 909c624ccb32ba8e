/* main.c — gradscope, the desktop app */
#include <glib/gi18n-lib.h>
#include <locale.h>

#include "gs-application.h"
#include "gs-types.h"

int
main (int argc, char **argv)
{
  g_autoptr(GsApplication) app = NULL;

  setlocale (LC_ALL, "");
  gs_i18n_init ();
  textdomain (GETTEXT_PACKAGE);
  g_set_application_name ("Gradscope");
  app = gs_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
