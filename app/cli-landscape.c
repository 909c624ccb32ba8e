/* cli-landscape.c — gradscope-cli landscape: the loss over a plane of
 * parameter space around a run's end (core/gs-landscape.h), written as
 * CSV and/or drawn by the contour view's renderer */
#include <errno.h>
#include <glib.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli-common.h"
#include "cli-landscape.h"
#include "gs-experiment.h"
#include "gs-figure.h"
#include "gs-landscape.h"
#include "gs-plot.h"

#define MAX_GRID 1025

static gboolean
parse_axes (const char *text, guint *i, guint *j)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  guint64 v[2];

  if (g_strv_length (parts) != 2)
    return FALSE;
  for (guint k = 0; k < 2; k++)
    if (!g_ascii_string_to_unsigned (g_strstrip (parts[k]), 10, 0, G_MAXUINT, &v[k], NULL))
      return FALSE;
  *i = (guint) v[0];
  *j = (guint) v[1];
  return TRUE;
}

static void
append_number (GString *s, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (v))
    return;   /* not finite there: an empty cell */
  g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.17g", v));
}

/* a,b,loss: one row per node, b outer, a inner */
static GString *
grid_csv (const GsLandscapeGrid *grid)
{
  GString *s = g_string_sized_new (64 + (gsize) grid->nx * grid->ny * 64);

  g_string_append (s, "a,b,loss\n");
  for (guint j = 0; j < grid->ny; j++)
    for (guint i = 0; i < grid->nx; i++)
      {
        append_number (s, gs_landscape_grid_x (grid, i));
        g_string_append_c (s, ',');
        append_number (s, gs_landscape_grid_y (grid, j));
        g_string_append_c (s, ',');
        append_number (s, grid->z[(gsize) j * grid->nx + i]);
        g_string_append_c (s, '\n');
      }
  return s;
}

/* ---- the figure ---- */

static void
draw_landscape (cairo_t *cr, int width, int height, gconstpointer data)
{
  gs_plot_contour_render (cr, width, height, data);
}

/* The trace rows of a run: all of them (n × width doubles). */
static double *
copy_rows (GsRun *run, guint *n_rows, gsize *width)
{
  GsTrace *trace = gs_run_get_trace (run);
  guint n = gs_trace_get_n_rows (trace, NULL);
  double *rows;

  *width = gs_trace_row_width (trace);
  rows = g_new (double, MAX ((gsize) n * *width, 1));
  *n_rows = gs_trace_copy_rows (trace, 0, n, rows);
  return rows;
}

int
gs_cli_landscape (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GsExperiment) exp = NULL;
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) gs_run_free);
  g_autoptr(GPtrArray) walks = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GsPlane) plane = NULL;
  g_autoptr(GsLandscapeGrid) grid = NULL;
  g_autofree char *directions = NULL;
  g_autofree char *axes_text = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *out = NULL;
  g_autofree double *center = NULL;
  g_autofree double *rows = NULL;
  g_autofree GsTrajectory *trajectories = NULL;
  GsDirections kind;
  GsFigureFormat format = GS_FIGURE_PNG;
  GsLandscapeSpec spec = { 0 };
  gint64 run_index = 0, grid_n = 41, seed = 1, max_steps = -1;
  double span = NAN;
  int width = 900, height = 800;
  gboolean float32 = FALSE, dark = FALSE;
  gboolean any_diverged = FALSE, failed = FALSE;
  guint axis_i = 0, axis_j = 1, n_params, n_rows = 0, n_runs;
  gsize row_width = 0;
  gint64 t0;
  double seconds;
  GOptionEntry entries[] = {
    { "directions", 'd', 0, G_OPTION_ARG_STRING, &directions,
      _("The plane: random (filter-normalized), pca (of the run's walk) or axes"), "KIND" },
    { "run", 'r', 0, G_OPTION_ARG_INT64, &run_index,
      _("The run whose end is the center (and whose walk pca uses); default 0"), "N" },
    { "grid", 'g', 0, G_OPTION_ARG_INT64, &grid_n, _("Nodes per side (default 41)"), "N" },
    { "axes", 0, 0, G_OPTION_ARG_STRING, &axes_text,
      _("axes: the two parameters (default 0,1)"), "I,J" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, _("random: the directions' seed (default 1)"),
      "S" },
    { "span", 0, 0, G_OPTION_ARG_DOUBLE, &span,
      _("Half-width of the window in units of the directions (default 1; pca: the walk's "
        "extent)"), "R" },
    { "float32", 0, 0, G_OPTION_ARG_NONE, &float32,
      _("A network's grid in float32 (faster, about 1e-6 relative)"), NULL },
    { "csv", 'c', 0, G_OPTION_ARG_FILENAME, &csv_path,
      _("Write the grid as CSV a,b,loss to FILE (- for standard output)"), "FILE" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
      _("Draw the landscape and the walks to FILE (.png, .svg or .pdf)"), "FILE" },
    { "width", 'W', 0, G_OPTION_ARG_INT, &width, _("Figure width (default 900)"), "W" },
    { "height", 'H', 0, G_OPTION_ARG_INT, &height, _("Figure height (default 800)"), "H" },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, _("Light text on a dark background"), NULL },
    { "max-steps", 'n', 0, G_OPTION_ARG_INT64, &max_steps,
      _("Override the experiment's max_steps"), "N" },
    { NULL }
  };

  context = g_option_context_new (_("[EXP.json] --directions random|pca|axes "
                                    "--csv FILE|--out FILE — the loss around a run's end"));
  g_option_context_set_summary (context,
    _("Runs every run of the experiment to its end (the built-in default when no\n"
      "file is given, or builtin:NAME), then samples the objective (data loss +\n"
      "regularization) on a grid over the plane θ(a, b) = θc + a·d1 + b·d2 through\n"
      "the chosen run's last θ: two random directions filter-normalized per\n"
      "neuron (Li et al. 2018), the top two principal directions of that run's\n"
      "walk, or two parameters (axes: a and b are their own values). Writes the\n"
      "grid as CSV (a,b,loss, one row per node, 17 significant digits) and/or a\n"
      "figure with every run's walk projected onto the plane."));
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return gs_cli_usage_error (error->message);
  if (argc > 2)
    return gs_cli_usage_errorf (_("%s takes one experiment file"), "landscape");
  if (directions == NULL)
    return gs_cli_usage_error (_("landscape needs --directions random, pca or axes"));
  if (!gs_directions_from_string (directions, &kind))
    return gs_cli_usage_errorf (_("--directions: unknown kind '%s'; expected random, pca or "
                                  "axes"), directions);
  if (csv_path == NULL && out == NULL)
    return gs_cli_usage_error (_("landscape needs --csv FILE or --out FILE (or both)"));
  if (grid_n < 2 || grid_n > MAX_GRID)
    return gs_cli_usage_errorf (_("%s: expected a whole number from %d to %d"), "--grid", 2,
                                MAX_GRID);
  if (run_index < 0)
    return gs_cli_usage_errorf (_("%s: expected a whole number ≥ 0"), "--run");
  if (seed < 0)
    return gs_cli_usage_errorf (_("%s: expected a whole number ≥ 0"), "--seed");
  if (max_steps != -1 && max_steps < 0)
    return gs_cli_usage_errorf (_("%s: expected a whole number ≥ 0"), "--max-steps");
  if (!isnan (span) && !(span > 0.0 && isfinite (span)))
    return gs_cli_usage_errorf (_("%s: expected a number > 0"), "--span");
  if (axes_text != NULL && kind != GS_DIRECTIONS_AXES)
    return gs_cli_usage_error (_("--axes goes with --directions axes"));
  if (axes_text != NULL && !parse_axes (axes_text, &axis_i, &axis_j))
    return gs_cli_usage_error (_("--axes: expected two parameter indices I,J (as 0,1)"));
  if (out != NULL && (!gs_figure_format_for_path (out, &format, &error)
                      || !gs_figure_check_size (width, height, &error)
                      || !gs_cli_check_output_dir (out, GS_CLI_OUTPUT_FIGURE, &error)))
    return gs_cli_usage_error (error->message);
  if (csv_path != NULL && !g_str_equal (csv_path, "-")
      && !gs_cli_check_output_dir (csv_path, GS_CLI_OUTPUT_GRID, &error))
    return gs_cli_usage_error (error->message);

  exp = gs_cli_load_experiment (argc == 2 ? argv[1] : NULL, max_steps);
  if (exp == NULL)
    return EXIT_BAD_INPUT;
  n_params = gs_problem_get_n_params (exp->problem);
  n_runs = gs_experiment_get_n_runs (exp);
  if ((guint64) run_index >= n_runs)
    return gs_cli_usage_errorf (g_dngettext (GETTEXT_PACKAGE,
                                             "--run %lld: the experiment has %u run (0 to %u)",
                                             "--run %lld: the experiment has %u runs (0 to %u)",
                                             n_runs),
                                (long long) run_index, n_runs, n_runs - 1);
  if (n_params < 2)
    return gs_cli_usage_error (_("a landscape needs a problem with at least 2 parameters"));
  if (kind == GS_DIRECTIONS_AXES && (axis_i >= n_params || axis_j >= n_params
                                     || axis_i == axis_j))
    return gs_cli_usage_errorf (_("--axes %u,%u: expected two different parameters from 0 "
                                  "to %u"), axis_i, axis_j, n_params - 1);

  for (guint i = 0; i < n_runs; i++)
    {
      GsRun *run = gs_experiment_create_run (exp, i, 0);

      while (gs_run_get_status (run) == GS_STATUS_RUNNING)
        gs_run_step (run);
      if (gs_run_get_status (run) == GS_STATUS_DIVERGED)
        {
          any_diverged = TRUE;
          g_printerr (_("%s: diverged at step %llu"), gs_experiment_get_run (exp, i)->label,
                      (unsigned long long) gs_run_get_step (run));
          g_printerr ("\n");
        }
      g_ptr_array_add (runs, run);
    }

  {
    GsRun *run = runs->pdata[run_index];
    const char *label = gs_experiment_get_run (exp, (guint) run_index)->label;

    if (gs_run_get_status (run) == GS_STATUS_DIVERGED)
      {
        g_printerr ("gradscope-cli: ");
        /* TRANSLATORS: the run's number and label */
        g_printerr (_("run %lld (%s) diverged: no landscape around a θ that is not finite; "
                      "choose another with --run"), (long long) run_index, label);
        g_printerr ("\n");
        return EXIT_RUN_FAILED;
      }
    center = g_memdup2 (gs_run_get_theta (run), sizeof (double) * n_params);
    rows = copy_rows (run, &n_rows, &row_width);
    switch (kind)
      {
      case GS_DIRECTIONS_AXES:
        /* the center's two coordinates zeroed: a and b are θi and θj themselves */
        {
          double ci = center[axis_i], cj = center[axis_j];
          double r = isnan (span) ? 1.0 : span;

          center[axis_i] = center[axis_j] = 0.0;
          plane = gs_plane_new_axes (exp->problem, center, axis_i, axis_j, &error);
          spec.window[0] = ci - r;
          spec.window[1] = ci + r;
          spec.window[2] = cj - r;
          spec.window[3] = cj + r;
        }
        break;
      case GS_DIRECTIONS_RANDOM:
        plane = gs_plane_new_random (exp->problem, center, (guint64) seed, TRUE, &error);
        break;
      case GS_DIRECTIONS_PCA:
      default:
        if (n_rows < 3)
          {
            g_printerr ("gradscope-cli: ");
            /* TRANSLATORS: the run's number, its label and its rows */
            g_printerr (_("--directions pca needs a walk of at least 3 rows; run %lld (%s) "
                          "has %u (give it more steps)"), (long long) run_index, label, n_rows);
            g_printerr ("\n");
            return EXIT_BAD_INPUT;
          }
        plane = gs_plane_new_pca (rows + GS_ROW_FIELDS, row_width, n_rows, n_params, &error);
        break;
      }
    if (plane == NULL)
      {
        g_printerr ("gradscope-cli: ");
        /* TRANSLATORS: the run's number, its label and what went wrong */
        g_printerr (_("run %lld (%s): %s"), (long long) run_index, label, error->message);
        g_printerr ("\n");
        return EXIT_BAD_INPUT;
      }
    if (kind != GS_DIRECTIONS_AXES)
      {
        double r = isnan (span) ? 1.0 : span;

        spec.window[0] = spec.window[2] = -r;
        spec.window[1] = spec.window[3] = r;
        if (kind == GS_DIRECTIONS_PCA && isnan (span))
          {
            g_autofree double *ab = g_new (double, 2 * (gsize) n_rows);

            gs_plane_project_rows (plane, rows + GS_ROW_FIELDS, row_width, n_rows, ab);
            gs_plane_fit_window (ab, n_rows, spec.window);
          }
      }
  }

  spec.problem = exp->problem;
  spec.reg = exp->reg;
  spec.plane = plane;
  spec.n = (guint) grid_n;
  spec.precision = float32 ? GS_LANDSCAPE_FLOAT32 : GS_LANDSCAPE_FLOAT64;
  t0 = g_get_monotonic_time ();
  grid = gs_landscape_compute (&spec, NULL, &error);
  seconds = (g_get_monotonic_time () - t0) / 1e6;
  if (grid == NULL)
    {
      g_printerr ("gradscope-cli: %s\n", error->message);
      return EXIT_BAD_INPUT;
    }

  if (csv_path != NULL)
    {
      g_autoptr(GString) text = grid_csv (grid);

      if (!gs_cli_write_text (csv_path, text, GS_CLI_OUTPUT_GRID, &error))
        {
          g_printerr ("gradscope-cli: %s\n", error->message);
          g_clear_error (&error);
          failed = TRUE;
        }
    }

  if (out != NULL)
    {
      g_autofree char *x_title = gs_plane_axis_title (plane, 0);
      g_autofree char *y_title = gs_plane_axis_title (plane, 1);
      GsLevels levels;
      g_autoptr(GsContourLines) lines = NULL;
      GsContourView view = { 0 };

      gs_levels_choose (grid, 14, &levels);
      lines = gs_contour_lines_new (grid, &levels);
      trajectories = g_new0 (GsTrajectory, n_runs);
      for (guint i = 0; i < n_runs; i++)
        {
          GsRun *run = runs->pdata[i];
          GsRunSpec *rs = gs_experiment_get_run (exp, i);
          g_autofree double *r = NULL;
          double *ab;
          guint n;
          gsize w;

          r = copy_rows (run, &n, &w);
          ab = g_new (double, 2 * (gsize) MAX (n, 1));
          gs_plane_project_rows (plane, r + GS_ROW_FIELDS, w, n, ab);
          g_ptr_array_add (walks, ab);
          trajectories[i].xy = ab;
          trajectories[i].stride = 2;
          trajectories[i].n = n;
          if (rs->color == NULL || !gs_rgb_parse (rs->color, &trajectories[i].color))
            trajectories[i].color = gs_palette_color (i);
          trajectories[i].diverged = gs_run_get_status (run) == GS_STATUS_DIVERGED;
        }
      view.style.dark = dark;
      view.style.scale = 1.0;
      view.x_min = grid->x_min;
      view.x_max = grid->x_max;
      view.y_min = grid->y_min;
      view.y_max = grid->y_max;
      view.x_title = x_title;
      view.y_title = y_title;
      view.value_title = _("loss");
      view.grid = grid;
      view.levels = &levels;
      view.lines = lines;
      view.trajectories = trajectories;
      view.n_trajectories = n_runs;
      if (!gs_figure_write_with (out, width, height, draw_landscape, &view, NULL, &error))
        {
          g_printerr ("gradscope-cli: %s\n", error->message);
          g_clear_error (&error);
          failed = TRUE;
        }
      g_clear_pointer (&lines, gs_contour_lines_free);
      gs_plot_release_fonts ();
    }

  {
    /* with the grid on standard output, the summary goes to standard error */
    FILE *summary = csv_path && g_str_equal (csv_path, "-") ? stderr : stdout;
    guint mid_i = (grid->nx - 1) / 2, mid_j = (grid->ny - 1) / 2;
    g_autofree char *t1 = gs_plane_axis_title (plane, 0);
    g_autofree char *t2 = gs_plane_axis_title (plane, 1);

    fprintf (summary, "%s · ", gs_problem_get_name (exp->problem));
    /* TRANSLATORS: %s is the kind of plane as given to --directions:
     * random, pca or axes */
    fprintf (summary, _("%s directions"), gs_directions_to_string (kind));
    fprintf (summary, " · ");
    fprintf (summary, _("%u×%u over a ∈ [%g, %g], b ∈ [%g, %g]"), grid->nx, grid->ny,
             grid->x_min, grid->x_max, grid->y_min, grid->y_max);
    fprintf (summary, " · %.3fs\n", seconds);
    /* TRANSLATORS: what the axes a and b of the plane are */
    fprintf (summary, _("a: %s, b: %s"), t1, t2);
    fprintf (summary, "\n");
    fprintf (summary, _("loss from %.6g to %.6g"), grid->z_min, grid->z_max);
    if (kind != GS_DIRECTIONS_AXES && grid->nx % 2 == 1 && grid->ny % 2 == 1)
      /* TRANSLATORS: the loss at the middle of the grid, then the number
       * of the run whose end the middle is */
      fprintf (summary, _(", %.6g at the center (run %lld's end)"),
               grid->z[(gsize) mid_j * grid->nx + mid_i], (long long) run_index);
    fprintf (summary, "\n");
    if (csv_path && !g_str_equal (csv_path, "-") && !failed)
      {
        guint n = grid->nx * grid->ny;

        fprintf (summary, g_dngettext (GETTEXT_PACKAGE, "%s: %u row", "%s: %u rows", n),
                 csv_path, n);
        fprintf (summary, "\n");
      }
    if (out && !failed)
      fprintf (summary, "%s: %d×%d\n", out, width, height);
  }
  if (failed)
    return EXIT_RUN_FAILED;
  return any_diverged ? EXIT_RUN_FAILED : EXIT_OK;
}
