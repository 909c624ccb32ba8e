/* cli-common.c — what every gradscope-cli command shares */
#include "cli-common.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "gs-lessons.h"

int
gs_cli_usage_error (const char *message)
{
  g_printerr ("gradscope-cli: %s\n", message);
  g_printerr ("Try '%s --help'.\n", g_get_prgname ());
  return EXIT_BAD_INPUT;
}

gboolean
gs_cli_check_output_dir (const char *path, const char *what, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, GS_ERROR, GS_ERROR_IO,
                   "%s: cannot write the %s: folder %s does not exist", path, what, dir);
      return FALSE;
    }
  if (g_access (dir, W_OK) != 0)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_IO,
                   "%s: cannot write the %s: folder %s is not writable", path, what, dir);
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, GS_ERROR, GS_ERROR_IO,
                   "%s: cannot write the %s: it is a folder", path, what);
      return FALSE;
    }
  return TRUE;
}

GsExperiment *
gs_cli_load_experiment (const char *arg, gint64 max_steps)
{
  g_autoptr(GError) error = NULL;
  GsExperiment *exp;

  if (arg != NULL && g_str_has_prefix (arg, "lesson:"))
    exp = gs_lesson_load_id (arg + strlen ("lesson:"), &error);
  else
    exp = gs_experiment_new_from_arg (arg, &error);

  if (exp == NULL)
    {
      g_printerr ("%s\n", error->message);
      return NULL;
    }
  if (max_steps >= 0)
    exp->max_steps = (guint64) max_steps;
  return exp;
}

gboolean
gs_cli_experiment_arg (int argc, char **argv, const char *lesson, char **arg)
{
  *arg = NULL;
  if (lesson != NULL && argc == 2)
    {
      gs_cli_usage_error ("give an experiment file or --lesson ID, not both");
      return FALSE;
    }
  if (lesson != NULL)
    *arg = g_strconcat ("lesson:", lesson, NULL);
  else if (argc == 2)
    *arg = g_strdup (argv[1]);
  return TRUE;
}
