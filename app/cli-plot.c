/* cli-plot.c — gradscope-cli plot: the figure the window would show, to a file */
#include <glib.h>
#include <glib/gi18n-lib.h>
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
      _("Write the figure to FILE (.png, .svg or .pdf)"), "FILE" },
    { "width", 'W', 0, G_OPTION_ARG_INT, &width, _("Figure width (default 1280)"), "W" },
    { "height", 'H', 0, G_OPTION_ARG_INT, &height, _("Figure height (default 800)"), "H" },
    { "max-steps", 'n', 0, G_OPTION_ARG_INT64, &max_steps,
      _("Override the experiment's max_steps"), "N" },
    { "log", 0, 0, G_OPTION_ARG_NONE, &log_y, _("Loss on a log axis"), NULL },
    { "linear", 0, 0, G_OPTION_ARG_NONE, &linear_y, _("Loss on a linear axis"), NULL },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, _("Light text on a dark background"), NULL },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale,
      _("Size of text and lines (default 1; 2 for a 2× figure)"), "S" },
    { "lesson", 'l', 0, G_OPTION_ARG_STRING, &lesson,
      _("Draw the experiment of a built-in lesson (gradscope-cli lessons)"), "ID" },
    { NULL }
  };

  context = g_option_context_new (_("[EXP.json] --out FILE — run an experiment and draw it"));
  g_option_context_set_summary (context,
    _("Runs every run of the experiment to its end (the built-in default when no\n"
      "file is given, builtin:NAME, or a lesson's with --lesson ID or lesson:ID)\n"
      "and writes the figure the window shows: the landscape with each run's\n"
      "walk, the loss curves and, for regression, the data with each run's fit.\n"
      "The format follows FILE's extension. Without --log or --linear the loss\n"
      "axis is log when the losses span > 2 decades."));
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return gs_cli_usage_error (error->message);
  if (argc > 2)
    return gs_cli_usage_errorf (_("%s takes one experiment file"), "plot");
  if (out == NULL)
    return gs_cli_usage_error (_("plot needs --out FILE (.png, .svg or .pdf)"));
  if (log_y && linear_y)
    return gs_cli_usage_error (_("--log and --linear exclude each other"));
  if (max_steps != -1 && max_steps < 0)
    return gs_cli_usage_errorf (_("%s: expected a whole number ≥ 0"), "--max-steps");
  if (!(scale >= 0.25 && scale <= 8.0))
    return gs_cli_usage_error (_("--scale: expected a number from 0.25 to 8"));
  if (!gs_figure_format_for_path (out, &format, &error)
      || !gs_figure_check_size (width, height, &error)
      || !gs_cli_check_output_dir (out, GS_CLI_OUTPUT_FIGURE, &error))
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
          /* TRANSLATORS: the run's label and the step */
          g_printerr (_("%s: diverged at step %llu"), gs_experiment_get_run (exp, i)->label,
                      (unsigned long long) gs_run_get_step (run));
          g_printerr ("\n");
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

  {
    g_autofree char *n_runs = gs_cli_n_runs (runs->len);

    /* TRANSLATORS: the figure written: its file, the problem's name,
     * "3 runs", its width×height in pixels */
    g_print (_("%s: %s, %s, %d×%d"), out, gs_problem_get_name (exp->problem), n_runs, width,
             height);
    g_print ("\n");
  }
  return any_diverged ? EXIT_RUN_FAILED : EXIT_OK;
}
