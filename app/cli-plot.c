/* cli-plot.c — gradscope-cli plot: the figure the window would show, to a file */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "cli-common.h"
#include "cli-plot.h"
#include "gs-experiment.h"
#include "gs-figure.h"

int
gs_cli_plot (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GsExperiment) exp = NULL;
  g_autoptr(GsFigure) figure = NULL;
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) gs_run_free);
  g_autofree char *out = NULL;
  g_autofree char *lesson = NULL;
  g_autofree char *arg = NULL;
  GsFigureOptions options = { { FALSE, 1.0 }, GS_LOSS_SCALE_AUTO, 0 };
  GsFigureFormat format;
  gint64 max_steps = -1;
  int width = 1280, height = 800;
  double scale = 1.0;
  gboolean log_y = FALSE, linear_y = FALSE, dark = FALSE;
  gboolean any_diverged = FALSE;
  gboolean written;
  GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
      "Write the figure to FILE (.png, .svg or .pdf)", "FILE" },
    { "width", 'W', 0, G_OPTION_ARG_INT, &width, "Figure width (default 1280)", "W" },
    { "height", 'H', 0, G_OPTION_ARG_INT, &height, "Figure height (default 800)", "H" },
    { "max-steps", 'n', 0, G_OPTION_ARG_INT64, &max_steps,
      "Override the experiment's max_steps", "N" },
    { "log", 0, 0, G_OPTION_ARG_NONE, &log_y, "Loss on a log axis", NULL },
    { "linear", 0, 0, G_OPTION_ARG_NONE, &linear_y, "Loss on a linear axis", NULL },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, "Light text on a dark background", NULL },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale,
      "Size of text and lines (default 1; 2 for a 2× figure)", "S" },
    { "lesson", 'l', 0, G_OPTION_ARG_STRING, &lesson,
      "Draw the experiment of a built-in lesson (gradscope-cli lessons)", "ID" },
    { NULL }
  };

  context = g_option_context_new ("[EXP.json] --out FILE — run an experiment and draw it");
  g_option_context_set_summary (context,
    "Runs every run of the experiment to its end (the built-in default when no\n"
    "file is given, builtin:NAME, or a lesson's with --lesson ID or lesson:ID)\n"
    "and writes the figure the window shows: the landscape with each run's\n"
    "walk, the loss curves and, for regression, the data with each run's fit.\n"
    "The format follows FILE's extension. Without --log or --linear the loss\n"
    "axis is log when the losses span > 2 decades.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return gs_cli_usage_error (error->message);
  if (argc > 2)
    return gs_cli_usage_error ("plot takes one experiment file");
  if (out == NULL)
    return gs_cli_usage_error ("plot needs --out FILE (.png, .svg or .pdf)");
  if (log_y && linear_y)
    return gs_cli_usage_error ("--log and --linear exclude each other");
  if (max_steps != -1 && max_steps < 0)
    return gs_cli_usage_error ("--max-steps: expected a whole number ≥ 0");
  if (!(scale >= 0.25 && scale <= 8.0))
    return gs_cli_usage_error ("--scale: expected a number from 0.25 to 8");
  if (!gs_figure_format_for_path (out, &format, &error)
      || !gs_figure_check_size (width, height, &error)
      || !gs_cli_check_output_dir (out, "figure", &error))
    {
      g_printerr ("gradscope-cli: %s\n", error->message);
      return EXIT_BAD_INPUT;
    }

  if (!gs_cli_experiment_arg (argc, argv, lesson, &arg))
    return EXIT_BAD_INPUT;

  exp = gs_cli_load_experiment (arg, max_steps);
  if (exp == NULL)
    return EXIT_BAD_INPUT;

  for (guint i = 0; i < gs_experiment_get_n_runs (exp); i++)
    {
      GsRun *run = gs_experiment_create_run (exp, i, 0);

      while (gs_run_get_status (run) == GS_STATUS_RUNNING)
        gs_run_step (run);
      if (gs_run_get_status (run) == GS_STATUS_DIVERGED)
        {
          any_diverged = TRUE;
          g_printerr ("%s: diverged at step %" G_GUINT64_FORMAT "\n",
                      gs_experiment_get_run (exp, i)->label, gs_run_get_step (run));
        }
      g_ptr_array_add (runs, run);
    }

  options.style.dark = dark;
  options.style.scale = scale;
  options.loss_scale = log_y ? GS_LOSS_SCALE_LOG
                       : linear_y ? GS_LOSS_SCALE_LINEAR : GS_LOSS_SCALE_AUTO;
  figure = gs_figure_new (exp, (GsRun *const *) runs->pdata, runs->len, &options);
  written = gs_figure_write (out, width, height, figure, &error);
  g_clear_pointer (&figure, gs_figure_free);
  gs_plot_release_fonts ();
  if (!written)
    {
      g_printerr ("gradscope-cli: %s\n", error->message);
      return EXIT_BAD_INPUT;
    }

  g_print ("%s: %s, %u run%s, %d×%d\n", out, gs_problem_get_name (exp->problem),
           runs->len, runs->len == 1 ? "" : "s", width, height);
  return any_diverged ? EXIT_RUN_FAILED : EXIT_OK;
}
