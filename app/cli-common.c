/* cli-common.c — what every gradscope-cli command shares */
#include "cli-common.h"
#include "gs-output.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "gs-lessons.h"

int
gs_cli_usage_error (const char *message)
{
  g_printerr ("gradscope-cli: %s\n", message);
  /* TRANSLATORS: %s is the command, as "gradscope-cli run" */
  g_printerr (_("Try '%s --help'."), g_get_prgname ());
  g_printerr ("\n");
  return EXIT_BAD_INPUT;
}

int
gs_cli_usage_errorf (const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  return gs_cli_usage_error (message);
}

gboolean
gs_cli_check_output_dir (const char *path, GsCliOutput what, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  /* one whole sentence per kind of output, for the translations */
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      if (what == GS_CLI_OUTPUT_FIGURE)
        g_set_error (error, GS_ERROR, GS_ERROR_IO,
                     _("%s: cannot write the figure: folder %s does not exist"), path, dir);
      else if (what == GS_CLI_OUTPUT_GRID)
        g_set_error (error, GS_ERROR, GS_ERROR_IO,
                     _("%s: cannot write the grid: folder %s does not exist"), path, dir);
      else
        g_set_error (error, GS_ERROR, GS_ERROR_IO,
                     _("%s: cannot write the table: folder %s does not exist"), path, dir);
      return FALSE;
    }
  if (g_access (dir, W_OK) != 0)
    {
      if (what == GS_CLI_OUTPUT_FIGURE)
        g_set_error (error, GS_ERROR, GS_ERROR_IO,
                     _("%s: cannot write the figure: folder %s is not writable"), path, dir);
      else if (what == GS_CLI_OUTPUT_GRID)
        g_set_error (error, GS_ERROR, GS_ERROR_IO,
                     _("%s: cannot write the grid: folder %s is not writable"), path, dir);
      else
        g_set_error (error, GS_ERROR, GS_ERROR_IO,
                     _("%s: cannot write the table: folder %s is not writable"), path, dir);
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      if (what == GS_CLI_OUTPUT_FIGURE)
        g_set_error (error, GS_ERROR, GS_ERROR_IO,
                     _("%s: cannot write the figure: it is a folder"), path);
      else if (what == GS_CLI_OUTPUT_GRID)
        g_set_error (error, GS_ERROR, GS_ERROR_IO,
                     _("%s: cannot write the grid: it is a folder"), path);
      else
        g_set_error (error, GS_ERROR, GS_ERROR_IO,
                     _("%s: cannot write the table: it is a folder"), path);
      return FALSE;
    }
  return TRUE;
}

/* "%s: cannot write the grid: %s" and its kin */
static void
cannot_write (GError **error, GsCliOutput what, const char *path, const char *why)
{
  if (what == GS_CLI_OUTPUT_FIGURE)
    g_set_error (error, GS_ERROR, GS_ERROR_IO, _("%s: cannot write the figure: %s"), path, why);
  else if (what == GS_CLI_OUTPUT_GRID)
    g_set_error (error, GS_ERROR, GS_ERROR_IO, _("%s: cannot write the grid: %s"), path, why);
  else
    g_set_error (error, GS_ERROR, GS_ERROR_IO, _("%s: cannot write the table: %s"), path, why);
}

gboolean
gs_cli_write_text (const char *path, const GString *text, GsCliOutput what, GError **error)
{
  int code = 0;

  /* a regular file whole or not at all; a device or a pipe written as a
   * shell redirection would, never replaced by a file */
  if (!gs_output_write_all (path, text->str, text->len, &code))
    {
      cannot_write (error, what, path, g_strerror (code));
      return FALSE;
    }
  return TRUE;
}

guint
gs_cli_display_width (const char *s)
{
  guint w = 0;

  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_iszerowidth (c))
        w += g_unichar_iswide (c) ? 2 : 1;
    }
  return w;
}

void
gs_cli_pad (GString *out, const char *s, guint width, gboolean right)
{
  guint w = gs_cli_display_width (s);

  if (!right)
    g_string_append (out, s);
  for (; w < width; w++)
    g_string_append_c (out, ' ');
  if (right)
    g_string_append (out, s);
}

char *
gs_cli_n_runs (guint n)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u run", "%u runs", n), n);
}

char *
gs_cli_n_params (guint n)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u parameter", "%u parameters", n), n);
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
      gs_cli_usage_error (_("give an experiment file or --lesson ID, not both"));
      return FALSE;
    }
  if (lesson != NULL)
    *arg = g_strconcat ("lesson:", lesson, NULL);
  else if (argc == 2)
    *arg = g_strdup (argv[1]);
  return TRUE;
}
