/* cli-study.c — gradscope-cli study: the studies of core/gs-study.h from
 * the command line, written as CSV, with a progress line on a terminal */
#include <glib.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli-common.h"
#include "cli-study.h"
#include "gs-figure.h"
#include "gs-plot.h"
#include "gs-plot-study.h"
#include "gs-study.h"

/* A comparison cell's status for people */
static const char *
compare_status (const GsStudyCell *c)
{
  if (!c->done)
    /* TRANSLATORS: a run of a study stopped before its end */
    return C_("study status", "cancelled");
  if (c->diverged)
    /* TRANSLATORS: a run of a study whose loss became non-finite or
     * exceeded 10⁶ × its first value */
    return C_("study status", "diverged");
  switch (c->status)
    {
    case GS_STATUS_CONVERGED:
      return C_("run status", "converged");
    case GS_STATUS_MAX_STEPS:
      return C_("run status", "max_steps");
    case GS_STATUS_RUNNING:
    case GS_STATUS_DIVERGED:
    default:
      return gs_status_to_string (c->status);
    }
}

enum { COMPARE_RUN, COMPARE_LR, COMPARE_STEPS, COMPARE_TIME, COMPARE_FINAL, COMPARE_BEST,
       COMPARE_STATUS, N_COMPARE };

/* The comparison report as a table: a row per run, every column as wide
 * as its widest entry (labels and status left-aligned, numbers right) */
static void
compare_table (GsStudy *study, const GsExperiment *exp, FILE *out)
{
  const GsStudySpec *spec = gs_study_get_spec (study);
  const char *headers[N_COMPARE] = {
    C_("study table", "run"), C_("study table", "lr"),
    C_("study table", "steps to threshold"), C_("study table", "time to threshold"),
    C_("study table", "final loss"), C_("study table", "best loss"),
    C_("study table", "status"),
  };
  g_autoptr(GPtrArray) text = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) table = g_string_new (NULL);
  guint width[N_COMPARE], n;
  const GsStudyCell *cells = gs_study_get_cells (study, &n);

  for (guint k = 0; k < N_COMPARE; k++)
    width[k] = gs_cli_display_width (headers[k]);
  for (guint i = 0; i < n; i++)
    {
      const GsStudyCell *c = &cells[i];
      /* tuned: the sweep had a best lr, which the run took */
      gboolean tuned = spec->tune && gs_study_best (study, c->run, NULL) != NULL;
      char *row[N_COMPARE];

      row[COMPARE_RUN] = g_strdup (gs_experiment_get_run (exp, c->run)->label);
      row[COMPARE_LR] = tuned
        /* TRANSLATORS: an lr in the comparison table, the best of an lr sweep */
        ? g_strdup_printf (C_("study table", "%.3g (tuned)"), c->x)
        : g_strdup_printf ("%.3g", c->x);
      row[COMPARE_STEPS] = c->steps_to_threshold == G_MAXUINT64
                           ? g_strdup ("—")
                           : g_strdup_printf ("%" G_GUINT64_FORMAT, c->steps_to_threshold);
      row[COMPARE_TIME] = isnan (c->seconds_to_threshold)
                          ? g_strdup ("—") : gs_format_duration (c->seconds_to_threshold);
      row[COMPARE_FINAL] = isnan (c->final_loss) ? g_strdup ("—")
                                                 : g_strdup_printf ("%.6g", c->final_loss);
      row[COMPARE_BEST] = isfinite (c->best_loss) ? g_strdup_printf ("%.6g", c->best_loss)
                                                  : g_strdup ("—");
      row[COMPARE_STATUS] = g_strdup (compare_status (c));
      for (guint k = 0; k < N_COMPARE; k++)
        {
          width[k] = MAX (width[k], gs_cli_display_width (row[k]));
          g_ptr_array_add (text, row[k]);
        }
    }
  for (guint i = 0; i <= n; i++)
    {
      for (guint k = 0; k < N_COMPARE; k++)
        {
          const char *t = i == 0 ? headers[k] : g_ptr_array_index (text, (i - 1) * N_COMPARE + k);
          gboolean right = k != COMPARE_RUN && k != COMPARE_LR && k != COMPARE_STATUS;

          if (k > 0)
            g_string_append (table, "  ");
          /* the last column: no trailing spaces */
          if (k + 1 == N_COMPARE)
            g_string_append (table, t);
          else
            gs_cli_pad (table, t, width[k], right);
        }
      g_string_append_c (table, '\n');
    }
  fputs (table->str, out);
}

/* What the study found, for people (standard output, or standard error
 * when the CSV goes to standard output) */
static void
summary (GsStudy *study, const GsExperiment *exp, FILE *out)
{
  const GsStudySpec *spec = gs_study_get_spec (study);
  guint n;

  if (spec->kind == GS_STUDY_RANGE_TEST)
    {
      const GsStudyCurve *curves = gs_study_get_curves (study, &n);

      for (guint c = 0; c < n; c++)
        fprintf (out, _("%s: steepest descent at lr %.3g\n"),
                 gs_experiment_get_run (exp, curves[c].run)->label, curves[c].suggested);
      return;
    }
  if (spec->kind == GS_STUDY_SEEDS)
    return;
  if (spec->kind == GS_STUDY_COMPARE)
    {
      compare_table (study, exp, out);
      return;
    }
  for (guint r = 0; r < gs_experiment_get_n_runs (exp); r++)
    {
      const GsStudyCell *one_se = NULL;
      const GsStudyCell *best = gs_study_best (study, r, &one_se);

      if (best == NULL)
        continue;
      if (spec->kind == GS_STUDY_CV)
        fprintf (out, _("least mean validation loss %.5g at λ = %.3g; one standard error: "
                        "λ = %.3g\n"), best->val_mean, best->x, one_se->x);
      else if (spec->kind == GS_STUDY_LR_SWEEP)
        fprintf (out, _("%s: best lr %.3g (final loss %.5g)\n"),
                 gs_experiment_get_run (exp, r)->label, best->x, best->final_loss);
      else
        fprintf (out, _("%s: least final loss %.5g at %s = %.3g, %s = %.3g\n"),
                 gs_experiment_get_run (exp, r)->label, best->final_loss, spec->x_param,
                 best->x, spec->y_param, best->y);
    }
}

static gboolean
parse_range (const char *text, double *lo, double *hi)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  char *end;

  if (g_strv_length (parts) != 2)
    return FALSE;
  *lo = g_ascii_strtod (g_strstrip (parts[0]), &end);
  if (*end != '\0')
    return FALSE;
  *hi = g_ascii_strtod (g_strstrip (parts[1]), &end);
  return *end == '\0' && isfinite (*lo) && isfinite (*hi) && *lo < *hi;
}

int
gs_cli_study (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GsExperiment) exp = NULL;
  g_autoptr(GsStudy) study = NULL;
  g_autoptr(GString) csv = NULL;
  g_autofree char *kind_name = NULL, *csv_path = NULL, *lesson = NULL, *arg = NULL;
  g_autofree char *plot_path = NULL, *metric_name = NULL;
  GsFigureFormat format;
  GsPhaseMetric metric = GS_PHASE_METRIC_STEPS;
  g_autofree char *x_name = NULL, *y_name = NULL, *x_range = NULL, *y_range = NULL;
  GsStudySpec spec;
  GsStudyKind kind;
  gint64 run = -1, points = -1, folds = -1, seeds = -1, threads = 0, nx = -1, ny = -1;
  gint64 seed = -1, max_steps = -1;
  double lr_min = NAN, lr_max = NAN, lambda_min = NAN, lambda_max = NAN, threshold = NAN;
  gboolean l1 = FALSE, x_log = FALSE, y_log = FALSE, tune = FALSE;
  gboolean progress = isatty (STDERR_FILENO);
  GOptionEntry entries[] = {
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind_name,
      N_("The study: lr-sweep, phase, range-test, cv, seeds or compare"), "KIND" },
    { "lesson", 0, 0, G_OPTION_ARG_STRING, &lesson, N_("Study a built-in lesson's experiment"),
      "ID" },
    { "run", 'r', 0, G_OPTION_ARG_INT64, &run,
      N_("The run studied (default: every run; phase and cv: run 0)"), "N" },
    { "lr-min", 0, 0, G_OPTION_ARG_DOUBLE, &lr_min,
      N_("lr-sweep, range-test, compare --tune: the smallest learning rate"), "A" },
    { "lr-max", 0, 0, G_OPTION_ARG_DOUBLE, &lr_max,
      N_("lr-sweep, range-test, compare --tune: the largest learning rate"), "B" },
    { "points", 'p', 0, G_OPTION_ARG_INT64, &points,
      N_("lr-sweep, cv, compare --tune: values, log-spaced, both ends included; range-test: "
         "steps"), "N" },
    { "tune", 0, 0, G_OPTION_ARG_NONE, &tune,
      N_("compare: run each at the best learning rate of an lr sweep made first (default: at "
         "its own)"), NULL },
    { "x", 0, 0, G_OPTION_ARG_STRING, &x_name,
      N_("phase: the first hyper-parameter (default lr)"), "NAME" },
    { "x-range", 0, 0, G_OPTION_ARG_STRING, &x_range, N_("phase: its values from A to B"),
      "A,B" },
    { "x-log", 0, 0, G_OPTION_ARG_NONE, &x_log, N_("phase: log-spaced x values"), NULL },
    { "y", 0, 0, G_OPTION_ARG_STRING, &y_name,
      N_("phase: the second hyper-parameter (default momentum)"), "NAME" },
    { "y-range", 0, 0, G_OPTION_ARG_STRING, &y_range, N_("phase: its values from A to B"),
      "A,B" },
    { "y-log", 0, 0, G_OPTION_ARG_NONE, &y_log, N_("phase: log-spaced y values"), NULL },
    { "nx", 0, 0, G_OPTION_ARG_INT64, &nx, N_("phase: cells along x (default 16)"), "N" },
    { "ny", 0, 0, G_OPTION_ARG_INT64, &ny, N_("phase: cells along y (default 16)"), "N" },
    { "threshold", 0, 0, G_OPTION_ARG_DOUBLE, &threshold,
      N_("phase, compare: the loss for steps to threshold (default the experiment's "
         "stop.loss_below)"),
      "LOSS" },
    { "folds", 0, 0, G_OPTION_ARG_INT64, &folds, N_("cv: folds (default 5)"), "K" },
    { "lambda-min", 0, 0, G_OPTION_ARG_DOUBLE, &lambda_min,
      N_("cv: the smallest strength (0: start with no penalty)"), "A" },
    { "lambda-max", 0, 0, G_OPTION_ARG_DOUBLE, &lambda_max, N_("cv: the largest strength"), "B" },
    { "l1", 0, 0, G_OPTION_ARG_NONE, &l1, N_("cv: L1 rather than L2"), NULL },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      N_("cv: the folds' seed; seeds: the first seed (default 0)"), "S" },
    { "seeds", 0, 0, G_OPTION_ARG_INT64, &seeds, N_("seeds: how many (default 10)"), "S" },
    { "threads", 't', 0, G_OPTION_ARG_INT64, &threads,
      N_("Worker threads (default: one per core)"), "T" },
    { "max-steps", 'n', 0, G_OPTION_ARG_INT64, &max_steps,
      N_("Override the experiment's max_steps"), "N" },
    { "csv", 'c', 0, G_OPTION_ARG_FILENAME, &csv_path,
      N_("Write the results as CSV to FILE (- for standard output)"), "FILE" },
    { "plot", 'o', 0, G_OPTION_ARG_FILENAME, &plot_path,
      N_("Draw the results to FILE (.png, .svg or .pdf)"), "FILE" },
    { "metric", 0, 0, G_OPTION_ARG_STRING, &metric_name,
      N_("phase --plot: what the cells show, steps (to the threshold; the default) or final "
         "(loss)"), "METRIC" },
    { NULL }
  };

  context = g_option_context_new (_("[EXP.json] --kind KIND --csv FILE — many runs to choose "
                                    "a learning rate, a strength or an optimizer"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Runs a study of the experiment on every core: lr-sweep (final and best loss\n"
      "against a log-spaced learning rate, every run), phase (a grid over two\n"
      "hyper-parameters), range-test (one run with the learning rate growing\n"
      "exponentially, Smith 2017), cv (L2 or L1 strength by k-fold\n"
      "cross-validation), seeds (minibatch runs repeated with S seeds) or compare\n"
      "(every run once, at its own learning rate or, with --tune, at the best of\n"
      "an lr sweep: steps and time to the threshold, final and best loss). A run\n"
      "of a study counts as diverged when its loss becomes non-finite or exceeds\n"
      "10⁶ × its first value. Writes the results as CSV and what they say on\n"
      "standard output."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return gs_cli_usage_error (error->message);
  if (kind_name == NULL)
    return gs_cli_usage_error (_("study needs --kind lr-sweep, phase, range-test, cv, seeds or "
                                 "compare"));
  if (!gs_study_kind_from_string (kind_name, &kind))
    return gs_cli_usage_errorf (_("--kind: unknown study '%s'; expected lr-sweep, phase, "
                                  "range-test, cv, seeds or compare"), kind_name);
  if (tune && kind != GS_STUDY_COMPARE)
    return gs_cli_usage_error (_("--tune goes with --kind compare only"));
  if (csv_path == NULL && plot_path == NULL)
    return gs_cli_usage_error (_("study needs --csv FILE (- for standard output) or --plot FILE"));
  if (csv_path != NULL && !g_str_equal (csv_path, "-")
      && !gs_cli_check_output_dir (csv_path, GS_CLI_OUTPUT_TABLE, &error))
    return gs_cli_usage_error (error->message);
  if (metric_name != NULL && g_str_equal (metric_name, "final"))
    metric = GS_PHASE_METRIC_FINAL;
  else if (metric_name != NULL && !g_str_equal (metric_name, "steps"))
    return gs_cli_usage_errorf (_("--metric: unknown '%s'; expected steps or final"),
                                metric_name);
  if (plot_path != NULL && (!gs_figure_format_for_path (plot_path, &format, &error)
                            || !gs_cli_check_output_dir (plot_path, GS_CLI_OUTPUT_FIGURE,
                                                         &error)))
    return gs_cli_usage_error (error->message);
  if (!gs_cli_experiment_arg (argc, argv, lesson, &arg))
    return EXIT_BAD_INPUT;

  gs_study_spec_init (&spec, kind);
  if (run >= 0)
    spec.run = (int) MIN (run, G_MAXINT);
  if (points >= 0)
    spec.points = (guint) MIN (points, G_MAXUINT);
  if (!isnan (lr_min) || !isnan (lr_max))
    {
      if (kind != GS_STUDY_LR_SWEEP && kind != GS_STUDY_RANGE_TEST
          && !(kind == GS_STUDY_COMPARE && tune))
        return gs_cli_usage_error (_("--lr-min and --lr-max go with lr-sweep, range-test and "
                                     "compare --tune"));
      if (!isnan (lr_min))
        spec.lo = lr_min;
      if (!isnan (lr_max))
        spec.hi = lr_max;
    }
  if (!isnan (lambda_min) || !isnan (lambda_max))
    {
      if (kind != GS_STUDY_CV)
        return gs_cli_usage_error (_("--lambda-min and --lambda-max go with cv"));
      if (!isnan (lambda_min))
        spec.lo = lambda_min;
      if (!isnan (lambda_max))
        spec.hi = lambda_max;
    }
  if (x_name)
    g_strlcpy (spec.x_param, x_name, sizeof spec.x_param);
  if (y_name)
    g_strlcpy (spec.y_param, y_name, sizeof spec.y_param);
  if (x_range && !parse_range (x_range, &spec.x_lo, &spec.x_hi))
    return gs_cli_usage_error (_("--x-range: expected two numbers A,B with A < B"));
  if (y_range && !parse_range (y_range, &spec.y_lo, &spec.y_hi))
    return gs_cli_usage_error (_("--y-range: expected two numbers A,B with A < B"));
  if (x_name || x_range || x_log)
    spec.x_log = x_log;
  if (y_name || y_range || y_log)
    spec.y_log = y_log;
  if (nx >= 0)
    spec.nx = (guint) MIN (nx, 100000);
  if (ny >= 0)
    spec.ny = (guint) MIN (ny, 100000);
  spec.threshold = threshold;
  if (folds >= 0)
    spec.folds = (guint) MIN (folds, G_MAXUINT);
  if (seed >= 0)
    spec.seed = (guint64) seed;
  if (seeds >= 0)
    spec.n_seeds = (guint) MIN (seeds, 100000);
  if (threads < 0 || threads > 256)
    return gs_cli_usage_error (_("--threads: expected 0 (one per core) to 256"));
  spec.n_threads = (guint) threads;
  spec.l1 = l1;
  spec.tune = tune;
  if (max_steps != -1 && max_steps < 0)
    return gs_cli_usage_error (_("--max-steps: expected a whole number ≥ 0"));

  exp = gs_cli_load_experiment (arg, max_steps);
  if (exp == NULL)
    return EXIT_BAD_INPUT;
  study = gs_study_new (exp, &spec, &error);
  if (study == NULL)
    return gs_cli_usage_errorf ("%s: %s", kind_name, error->message);

  gs_study_start (study);
  if (progress)
    {
      guint done = 0, total = 0;
      double seconds;

      do
        {
          g_usleep (100000);
          gs_study_get_progress (study, &done, &total, &seconds);
          fputc ('\r', stderr);
          fprintf (stderr, _("%s: %u of %u done, %.1f s, about %.0f s left"), kind_name,
                   done, total, seconds, done > 0 ? seconds * (total - done) / done : 0.0);
          fputs ("   ", stderr);
        }
      while (done < total);
      fputc ('\n', stderr);
    }
  gs_study_wait (study);

  if (csv_path != NULL)
    {
      csv = gs_study_to_csv (study, exp);
      if (!gs_cli_write_text (csv_path, csv, GS_CLI_OUTPUT_TABLE, &error))
        {
          fprintf (stderr, "gradscope-cli: %s\n", error->message);
          return EXIT_RUN_FAILED;
        }
    }
  if (plot_path != NULL)
    {
      g_autoptr(GsStudyFigure) figure = gs_study_figure_new (study, exp, NULL, metric);

      if (!gs_study_figure_write (figure, plot_path, 900, 600, &error))
        {
          fprintf (stderr, "gradscope-cli: %s\n", error->message);
          return EXIT_RUN_FAILED;
        }
    }
  summary (study, exp, csv_path != NULL && g_str_equal (csv_path, "-") ? stderr : stdout);
  return EXIT_OK;
}
