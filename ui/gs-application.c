/* gs-application.c — application id, actions, opening files */
#include "gs-application.h"
#include "gs-window.h"

#include <glib/gi18n-lib.h>

struct _GsApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (GsApplication, gs_application, ADW_TYPE_APPLICATION)

static GsWindow *
new_window (GsApplication *self)
{
  GsWindow *window = gs_window_new (ADW_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
gs_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (new_window (GS_APPLICATION (app)));
  gtk_window_present (window);
}

static void
gs_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      GsWindow *window = new_window (GS_APPLICATION (app));
      g_autoptr(GError) error = NULL;

      if (!gs_window_open_file (window, files[i], &error))
        {
          /* the window shows the built-in experiment and says why the
           * file is not open, where in it (file:line:column) and what */
          AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
            adw_message_dialog_new (GTK_WINDOW (window), _("Cannot Open the Experiment"),
                                    error->message));

          g_printerr ("%s\n", error->message);
          adw_message_dialog_add_response (dialog, "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
    }
}

static void
quit_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  const char *developers[] = { _("The Gradscope developers"), NULL };

  adw_show_about_window (parent,
                         "application-name", "Gradscope",
                         "application-icon", "io.github.gradscope.Gradscope",
                         "developer-name", _("The Gradscope developers"),
                         "version", GS_VERSION,
                         "comments", _("Watch optimizers race on a loss surface: gradient "
                                       "descent, momentum, RMSprop, Adam and more, live."),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
};

static void
gs_application_startup (GApplication *app)
{
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (gs_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
}

static void
gs_application_class_init (GsApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = gs_application_activate;
  app_class->open = gs_application_open;
  app_class->startup = gs_application_startup;
}

static void
gs_application_init (GsApplication *self)
{
}

GsApplication *
gs_application_new (void)
{
  return g_object_new (GS_TYPE_APPLICATION,
                       "application-id", "io.github.gradscope.Gradscope",
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/gradscope/Gradscope",
                       NULL);
}
