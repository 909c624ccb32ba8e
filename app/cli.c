/* cli.c — gradscope-cli: run, check and list experiments without a window */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli-common.h"
#include "gs-output.h"
#include "cli-study.h"
#include "cli-landscape.h"
#include "cli-plot.h"
#include "gs-experiment.h"
#include "gs-lessons.h"

#define MAX_TRACE_PARAMS 64

/* ---- helpers ------------------------------------------------------------------ */

/* Each line of text (translated, lines split at \n) after indent. */
static void
append_lines (GString *out, const char *indent, const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    g_string_append_printf (out, "%s%s\n", indent, lines[i]);
}

/* A string of a core table (an N_() msgid) in the user's language; an
 * empty one stays empty (gettext ("") is the catalog's header). */
static const char *
tr (const char *msgid)
{
  return msgid == NULL || *msgid == '\0' ? msgid : _(msgid);
}

/* A command of the overview: its synopsis, then what it does at column 19
 * (on the next line when the synopsis is longer); the description's lines
 * all start there. */
static void
append_command (GString *out, const char *synopsis, const char *description)
{
  g_auto(GStrv) lines = g_strsplit (description, "\n", -1);
  const char *indent = "                   ";

  g_string_append (out, "  ");
  if (gs_cli_display_width (synopsis) > 16)
    g_string_append_printf (out, "%s\n%s", synopsis, indent);
  else
    gs_cli_pad (out, synopsis, 17, FALSE);
  for (guint i = 0; lines[i]; i++)
    g_string_append_printf (out, "%s%s\n", i > 0 ? indent : "", lines[i]);
}

/* The overview of the commands (gradscope-cli --help), without a last
 * newline. */
static char *
commands_help (void)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%s\n", _("Commands:"));
  append_command (out, "run [EXP.json]",
                  _("run every run of an experiment and print a summary table\n"
                    "(no file: the built-in default experiment; --lesson ID: a lesson's)"));
  append_command (out, "plot [EXP.json] --out FILE.{png,svg,pdf}",
                  _("run it and write the figure the window shows"));
  append_command (out,
                  "landscape [EXP.json] --directions random|pca|axes --csv FILE|--out FILE",
                  _("run it and sample the loss on a plane around a run's end"));
  append_command (out, "study [EXP.json] --kind lr-sweep|phase|range-test|cv|seeds|compare --csv FILE",
                  _("many runs in the background to choose a learning rate, a strength or "
                    "an optimizer"));
  append_command (out, "check EXP.json", _("validate an experiment file only"));
  append_command (out, "list",
                  _("problems, optimizers (parameters, defaults, ranges), schedules"));
  append_command (out, "lessons [ID]",
                  _("the built-in lessons (id and title), or one lesson's text"));
  g_string_append_c (out, '\n');
  g_string_append_printf (out, "%s\n",
                          _("Run 'gradscope-cli COMMAND --help' for the options of a command."));
  g_string_append (out, _("Exit status: 0 success, 1 a run diverged or its trace could not be "
                          "written,\n2 bad input or usage."));
  return g_string_free (out, FALSE);
}

static char *
format_value (double v)
{
  if (isnan (v))
    return g_strdup ("—");
  return g_strdup_printf ("%.6g", v);
}

/* a fraction as "97.5%" */
static char *
format_percent (double v)
{
  if (isnan (v))
    return g_strdup ("—");
  return g_strdup_printf ("%.1f%%", 100.0 * v);
}

static void
append_csv_number (GString *line, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (line, ',');
  if (isnan (v))
    return;   /* not evaluated: an empty cell */
  if (isinf (v))
    {
      g_string_append (line, v > 0 ? "inf" : "-inf");
      return;
    }
  g_string_append (line, g_ascii_formatd (buf, sizeof buf, "%.17g", v));
}

static void
append_csv_text (GString *line, const char *s)
{
  if (strpbrk (s, ",\"\n\r") == NULL)
    {
      g_string_append (line, s);
      return;
    }
  g_string_append_c (line, '"');
  for (const char *p = s; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

/* ---- run ------------------------------------------------------------------------ */

/* The columns of the table after the label and the status: right-aligned
 * numbers, each at least this wide (printf's widths: bytes) */
typedef enum
{
  COLUMN_STEPS,
  COLUMN_FINAL,
  COLUMN_BEST,
  COLUMN_GNORM,
  COLUMN_VAL_LOSS,
  COLUMN_ACCURACY,
  COLUMN_VAL_ACCURACY,
  COLUMN_TIME,
  N_COLUMNS
} Column;

static const struct
{
  int           width;
  GsMetricFlags needs;   /* shown only for problems with this metric */
} columns[N_COLUMNS] = {
  [COLUMN_STEPS] = { 7, 0 },
  [COLUMN_FINAL] = { 15, 0 },
  [COLUMN_BEST] = { 15, 0 },
  [COLUMN_GNORM] = { 15, 0 },
  [COLUMN_VAL_LOSS] = { 15, GS_METRIC_VAL_LOSS },
  [COLUMN_ACCURACY] = { 9, GS_METRIC_ACCURACY },
  [COLUMN_VAL_ACCURACY] = { 9, GS_METRIC_VAL_ACCURACY },
  [COLUMN_TIME] = { 9, 0 },
};

static gboolean
column_shown (Column c, GsMetricFlags metrics)
{
  return columns[c].needs == 0 || (metrics & columns[c].needs) != 0;
}

static const char *
column_header (Column c)
{
  switch (c)
    {
    case COLUMN_STEPS:        return C_("run table", "steps");
    case COLUMN_FINAL:        return C_("run table", "final loss");
    case COLUMN_BEST:         return C_("run table", "best loss");
    case COLUMN_GNORM:        return "‖g‖";
    case COLUMN_VAL_LOSS:     return C_("run table", "val loss");
    case COLUMN_ACCURACY:     return C_("run table", "accuracy");
    case COLUMN_VAL_ACCURACY: return C_("run table", "val acc");
    case COLUMN_TIME:         return C_("run table", "time");
    case N_COLUMNS:
    default:                  return "";
    }
}

/* A finished run's status for the table ("diverged" has its step there) */
static const char *
status_text (GsStatus status)
{
  switch (status)
    {
    case GS_STATUS_CONVERGED:
      /* TRANSLATORS: a run's status in the table of `run`: a stop rule of
       * the experiment held (say, its loss went below a threshold) */
      return C_("run status", "converged");
    case GS_STATUS_MAX_STEPS:
      /* TRANSLATORS: a run's status in the table of `run`: it stopped at
       * the experiment's max_steps without converging */
      return C_("run status", "max_steps");
    case GS_STATUS_RUNNING:
      return C_("run status", "running");
    case GS_STATUS_DIVERGED:
    default:
      return gs_status_to_string (status);
    }
}

typedef struct
{
  GString   *line;
  const char *label;
  gboolean   batch_column;
  GsMetricFlags metrics;    /* the metric columns written */
  guint      n_params;      /* parameters written per row */
  GsOutput   out;           /* whole or not at all (gs-output.h) */
} TraceWriter;

static void
write_row (GsRun *run, const GsRow *row, gpointer user_data)
{
  TraceWriter *w = user_data;

  if (w->out.failed)
    return;
  g_string_truncate (w->line, 0);
  append_csv_text (w->line, w->label);
  g_string_append_printf (w->line, ",%" G_GUINT64_FORMAT, (guint64) row->step);
  append_csv_number (w->line, row->loss);
  append_csv_number (w->line, row->grad_norm);
  append_csv_number (w->line, row->lr);
  if (w->batch_column)
    append_csv_number (w->line, row->batch_loss);
  if (w->metrics & GS_METRIC_VAL_LOSS)
    append_csv_number (w->line, row->val_loss);
  if (w->metrics & GS_METRIC_ACCURACY)
    append_csv_number (w->line, row->accuracy);
  if (w->metrics & GS_METRIC_VAL_ACCURACY)
    append_csv_number (w->line, row->val_accuracy);
  for (guint j = 0; j < w->n_params; j++)
    append_csv_number (w->line, row->theta[j]);
  g_string_append_c (w->line, '\n');
  if (fwrite (w->line->str, 1, w->line->len, w->out.file) != w->line->len)
    gs_output_fail (&w->out, errno);
}

static int
cmd_run (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GsExperiment) exp = NULL;
  g_autofree char *trace_path = NULL;
  g_autofree char *lesson = NULL;
  g_autofree char *arg = NULL;
  g_autoptr(GString) table = g_string_new (NULL);
  gint64 max_steps = -1;
  TraceWriter writer = { 0 };
  gboolean any_diverged = FALSE;
  gboolean table_to_stderr;
  guint label_width = 5;
  int width[N_COLUMNS] = { 0 };
  guint n_params;
  GsMetricFlags metrics;
  GOptionEntry entries[] = {
    { "trace", 't', 0, G_OPTION_ARG_FILENAME, &trace_path,
      _("Write every row as CSV to FILE (- for standard output)"), "FILE" },
    { "max-steps", 'n', 0, G_OPTION_ARG_INT64, &max_steps,
      _("Override the experiment's max_steps"), "N" },
    { "lesson", 'l', 0, G_OPTION_ARG_STRING, &lesson,
      _("Run the experiment of a built-in lesson (gradscope-cli lessons)"), "ID" },
    { NULL }
  };

  context = g_option_context_new (_("[EXP.json] — run an experiment"));
  g_option_context_set_summary (context,
    _("Runs every run of the experiment (the built-in default when no file is\n"
      "given, builtin:NAME, or a built-in lesson's with --lesson ID or lesson:ID)\n"
      "and prints label, status, steps, final loss, best loss, gradient norm and\n"
      "wall time for each; for models with held-out rows the validation loss, for\n"
      "classifiers the accuracy (and the validation accuracy), as at the last row\n"
      "where the full loss was evaluated. The trace\n"
      "has the same columns: run, step, loss, grad_norm, lr, batch_loss (with\n"
      "minibatches), val_loss, accuracy, val_accuracy (where they apply), then\n"
      "p0, p1, … (up to 64 parameters)."));
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return gs_cli_usage_error (error->message);
  if (argc > 2)
    return gs_cli_usage_errorf (_("%s takes one experiment file"), "run");
  if (max_steps != -1 && max_steps < 0)
    return gs_cli_usage_errorf (_("%s: expected a whole number ≥ 0"), "--max-steps");
  if (!gs_cli_experiment_arg (argc, argv, lesson, &arg))
    return EXIT_BAD_INPUT;

  exp = gs_cli_load_experiment (arg, max_steps);
  if (exp == NULL)
    return EXIT_BAD_INPUT;

  n_params = gs_problem_get_n_params (exp->problem);
  metrics = gs_problem_get_metrics (exp->problem);

  if (trace_path != NULL)
    {
      if (!gs_output_open (&writer.out, trace_path))
        {
          /* a trace that cannot be written is a failed run (README, --help) */
          g_printerr (_("%s: cannot write the trace: %s"), trace_path, g_strerror (writer.out.error));
          g_printerr ("\n");
          return EXIT_RUN_FAILED;
        }
      writer.line = g_string_sized_new (256);
      writer.batch_column = gs_experiment_has_minibatches (exp);
      writer.metrics = metrics;
      writer.n_params = n_params <= MAX_TRACE_PARAMS ? n_params : 0;
      g_string_assign (writer.line, "run,step,loss,grad_norm,lr");
      if (writer.batch_column)
        g_string_append (writer.line, ",batch_loss");
      if (metrics & GS_METRIC_VAL_LOSS)
        g_string_append (writer.line, ",val_loss");
      if (metrics & GS_METRIC_ACCURACY)
        g_string_append (writer.line, ",accuracy");
      if (metrics & GS_METRIC_VAL_ACCURACY)
        g_string_append (writer.line, ",val_accuracy");
      for (guint j = 0; j < writer.n_params; j++)
        g_string_append_printf (writer.line, ",p%u", j);
      g_string_append_c (writer.line, '\n');
      if (fputs (writer.line->str, writer.out.file) < 0)
        gs_output_fail (&writer.out, errno);
    }

  for (guint i = 0; i < gs_experiment_get_n_runs (exp); i++)
    label_width = MAX (label_width, gs_cli_display_width (gs_experiment_get_run (exp, i)->label));

  {
    g_autofree char *runs = gs_cli_n_runs (gs_experiment_get_n_runs (exp));
    g_autofree char *params = gs_cli_n_params (n_params);

    g_string_append_printf (table, "%s · %s · %s\n", gs_problem_get_name (exp->problem),
                            runs, params);
  }
  /* the headers line up with the columns below: the label and the status
   * left-aligned, the numbers right-aligned, a column as wide as its
   * header where a translated one is wider */
  label_width = MAX (label_width, gs_cli_display_width (C_("run table", "run")));
  gs_cli_pad (table, C_("run table", "run"), label_width + 2, FALSE);
  gs_cli_pad (table, C_("run table", "status"), 21, FALSE);
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      if (!column_shown (c, metrics))
        continue;
      width[c] = (int) MAX ((guint) columns[c].width, gs_cli_display_width (column_header (c)));
      if (c > 0)
        g_string_append_c (table, ' ');
      gs_cli_pad (table, column_header (c), (guint) width[c], TRUE);
    }
  g_string_append_c (table, '\n');

  for (guint i = 0; i < gs_experiment_get_n_runs (exp); i++)
    {
      GsRunSpec *spec = gs_experiment_get_run (exp, i);
      g_autoptr(GsRun) run = NULL;
      g_autofree char *status = NULL;
      g_autofree char *final = NULL;
      g_autofree char *best = NULL;
      g_autofree char *gnorm = NULL;
      gint64 t0;
      double seconds;
      GsStatus st;

      writer.label = spec->label;
      t0 = g_get_monotonic_time ();
      {
        GsRunConfig config;
        gs_experiment_get_run_config (exp, i, &config);
        /* the trace is streamed to the file, so the in-memory one stays small */
        run = gs_run_new (exp->problem, &config, exp->has_start ? exp->start : NULL, 0);
      }
      /* row 0 was made by gs_run_new before the sink existed */
      if (writer.out.file)
        {
          write_row (run, gs_run_get_last_row (run), &writer);
          gs_run_set_sink (run, write_row, &writer);
        }
      while (gs_run_get_status (run) == GS_STATUS_RUNNING)
        gs_run_step (run);
      seconds = (g_get_monotonic_time () - t0) / 1e6;
      st = gs_run_get_status (run);

      if (st == GS_STATUS_DIVERGED)
        {
          any_diverged = TRUE;
          status = g_strdup_printf (_("diverged at step %llu"),
                                    (unsigned long long) gs_run_get_step (run));
        }
      else
        status = g_strdup (status_text (st));
      final = format_value (gs_run_get_last_row (run)->loss);
      best = format_value (isfinite (gs_run_get_best_loss (run)) ? gs_run_get_best_loss (run) : NAN);
      gnorm = format_value (gs_run_get_last_row (run)->grad_norm);

      gs_cli_pad (table, spec->label, label_width + 2, FALSE);
      gs_cli_pad (table, status, 21, FALSE);
      g_string_append_printf (table, "%*" G_GUINT64_FORMAT " %*s %*s %*s",
                              width[COLUMN_STEPS], gs_run_get_step (run),
                              width[COLUMN_FINAL], final, width[COLUMN_BEST], best,
                              width[COLUMN_GNORM], gnorm);
      {
        /* the last row where they were measured (the full objective's rows) */
        const GsMetrics *m = gs_run_get_last_metrics (run);

        if (metrics & GS_METRIC_VAL_LOSS)
          {
            g_autofree char *v = format_value (m->val_loss);
            g_string_append_printf (table, " %*s", width[COLUMN_VAL_LOSS], v);
          }
        if (metrics & GS_METRIC_ACCURACY)
          {
            g_autofree char *v = format_percent (m->accuracy);
            g_string_append_printf (table, " %*s", width[COLUMN_ACCURACY], v);
          }
        if (metrics & GS_METRIC_VAL_ACCURACY)
          {
            g_autofree char *v = format_percent (m->val_accuracy);
            g_string_append_printf (table, " %*s", width[COLUMN_VAL_ACCURACY], v);
          }
      }
      g_string_append_printf (table, " %*.3fs\n", width[COLUMN_TIME] - 1, seconds);
    }

  /* with the trace on standard output, the table goes to standard error */
  table_to_stderr = writer.out.file == stdout;
  if (writer.out.file)
    {
      gs_output_close (&writer.out);
      g_string_free (writer.line, TRUE);
    }

  if (table_to_stderr)
    g_printerr ("%s", table->str);
  else
    g_print ("%s", table->str);

  if (writer.out.failed)
    {
      g_printerr (_("%s: cannot write the trace: %s"), trace_path, g_strerror (writer.out.error));
      g_printerr ("\n");
      return EXIT_RUN_FAILED;
    }
  return any_diverged ? EXIT_RUN_FAILED : EXIT_OK;
}

/* ---- check ------------------------------------------------------------------------ */

static int
cmd_check (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GsExperiment) exp = NULL;

  context = g_option_context_new (_("EXP.json — validate an experiment file"));
  g_option_context_set_summary (context,
    _("Reads the experiment, its data and every run's settings, and reports the\n"
      "first problem found as FILE:LINE:COLUMN: message. Nothing is run."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return gs_cli_usage_error (error->message);
  if (argc != 2)
    return gs_cli_usage_errorf (_("%s takes one experiment file"), "check");

  exp = gs_cli_load_experiment (argv[1], -1);
  if (exp == NULL)
    return EXIT_BAD_INPUT;
  {
    g_autofree char *params = gs_cli_n_params (gs_problem_get_n_params (exp->problem));
    g_autofree char *runs = gs_cli_n_runs (gs_experiment_get_n_runs (exp));

    /* TRANSLATORS: check found nothing wrong: the file, the problem's
     * name, "2 parameters", "3 runs" */
    g_print (_("%s: ok — %s, %s, %s"), argv[1], gs_problem_get_name (exp->problem), params,
             runs);
    g_print ("\n");
  }
  return EXIT_OK;
}

/* ---- list ------------------------------------------------------------------------- */

/* text padded with spaces to `width` terminal columns (printf pads bytes:
 * "∞" is 3) */
static char *
padded (const char *text, int width)
{
  int n = (int) gs_cli_display_width (text);

  return g_strdup_printf ("%s%*s", text, MAX (width - n, 0), "");
}

static void
print_params (const GsParamSpec *specs, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *def = gs_param_value_text (&specs[i], specs[i].def);
      g_autofree char *range = gs_param_range_text (&specs[i]);
      g_autofree char *def_padded = padded (def, 14);
      g_autofree char *range_padded = padded (range, 20);

      g_print ("    %-26s %s %s %s\n", specs[i].name, def_padded, range_padded,
               tr (specs[i].blurb));
    }
}

static int
cmd_list (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const GsFunctionInfo *functions;
  const GsOptimizerInfo *optimizers;
  const GsScheduleInfo *schedules;
  const GsGeneratorInfo *generators;
  g_autofree char *activations = g_strjoinv ("|", (char **) gs_activation_names ());
  g_autofree char *features = g_strjoinv (", ", (char **) gs_feature_names ());
  guint n;

  context = g_option_context_new (_("— list problems, optimizers and schedules"));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return gs_cli_usage_error (error->message);
  if (argc != 1)
    return gs_cli_usage_errorf (_("%s takes no arguments"), "list");

  /* the keys and values of experiment files ("type", classify, features d)
   * are as they are written in the files; the prose around them is
   * translated */
  g_print ("%s\n  function (\"type\": \"function\", \"name\": …)\n", _("Problems"));
  functions = gs_functions (&n);
  for (guint i = 0; i < n; i++)
    {
      const GsFunctionInfo *f = &functions[i];
      g_print ("    %-18s %s\n", f->name, f->formula);
      g_print ("    %-18s ", "");
      g_print (_("start (%g, %g), view x ∈ [%g, %g], y ∈ [%g, %g]"),
               f->start[0], f->start[1], f->view[0], f->view[1], f->view[2], f->view[3]);
      if (f->n_minima > 0)
        g_print (_(", minimum f(%.6g, %.6g) = %.6g"), f->minima[0][0], f->minima[0][1],
                 f->minima[0][2]);
      g_print ("\n");
    }
  {
    g_autoptr(GString) text = g_string_new (NULL);

    g_string_append_printf (text, "  function (\"type\": \"function\", \"expression\": "
                            "\"x^2 + 3*y^2\"): %s\n", _("your own f(x, y)"));
    /* TRANSLATORS: the names of the operators, x, y, pi, e and the
     * functions are as they are typed */
    append_lines (text, "    ",
                  _("with + - * / ^, x, y, pi, e, sin cos tan exp log sqrt abs tanh sinh "
                    "cosh atan\nmin max; start ⅛ of the view in from its top left, view "
                    "[-2, 2, -2, 2]"));
    g_print ("%s", text->str);
  }
  g_print ("  %-20s %s\n", "linear_regression", _("ŷ = θ0 + Σ θj·xj, loss mean((ŷ − y)²)"));
  g_print ("  %-20s %s\n", "logistic_regression",
           _("z = θ0 + Σ θj·xj, loss mean BCE with logits (labels 0/1)"));
  g_print ("  %-20s %s: \"hidden\": [16, 16], \"activation\": %s,\n", "mlp", _("a network"),
           activations);
  g_print ("                       \"task\": classify (%s)\n",
           _("K softmax outputs, mean cross-entropy, labels 0…K−1"));
  g_print ("                             | regress (%s),\n",
           _("one linear output, mean squared error"));
  g_print ("                       \"features\": [%s] %s,\n", features, _("from 2-D (x, y)"));
  g_print ("                       \"init_seed\": s (%s)\n",
           _("nn.Linear's U(−1/√in, 1/√in) init"));
  g_print ("  data: {\"inline\": [[x…, y], …]} | {\"csv\": PATH, \"header\": auto|true|false}"
           " | {\"generator\": NAME, \"samples\", \"noise\", \"seed\", …}; %s\n",
           /* TRANSLATORS: "validation" and "validation_seed" are keys of
            * experiment files; fraction is the value "validation" takes */
           _("any: \"validation\": fraction, \"validation_seed\""));
  generators = gs_dataset_generators (&n);
  for (guint i = 0; i < n; i++)
    {
      const GsGeneratorInfo *g = &generators[i];
      g_autoptr(GString) keys = g_string_new (NULL);

      if (g->any_features)
        g_string_append (keys, "features d");
      else
        /* TRANSLATORS: the data of a generator with two features, x and y */
        g_string_append (keys, _("2-D"));
      if (g->any_classes)
        g_string_append (keys, ", classes K [2]");
      else if (g->classify)
        g_string_append_printf (keys, ", %s", _("2 classes"));
      g_string_append_printf (keys, ", noise %g", g->default_noise);
      g_print ("    %-12s %s (%s)\n", g->name, tr (g->summary), keys->str);
    }

  g_print ("\n%s\n", _("Optimizers (parameter, default, valid range)"));
  optimizers = gs_optimizers (&n);
  for (guint i = 0; i < n; i++)
    {
      g_print ("  %-10s %s\n", optimizers[i].name, tr (optimizers[i].summary));
      print_params (optimizers[i].params, optimizers[i].n_params);
    }

  g_print ("\n%s\n", _("Schedules (every one also takes warmup_steps)"));
  schedules = gs_schedules (&n);
  for (guint i = 0; i < n; i++)
    {
      g_print ("  %-13s lr(t) = %s\n", schedules[i].name, schedules[i].formula);
      print_params (schedules[i].params, schedules[i].n_params - 1);
    }
  return EXIT_OK;
}

/* ---- lessons ------------------------------------------------------------------------ */

/* Characters a line may not start with, and may not end with, where the
 * line is broken without a space (Chinese text): closing punctuation stays
 * with what it closes, opening punctuation with what it opens. */
static gboolean
no_line_start (gunichar c)
{
  return c != 0 && g_utf8_strchr ("，。、：；！？）》」』】〉”’…—,.;:!?)]}%", -1, c) != NULL;
}

static gboolean
no_line_end (gunichar c)
{
  return c != 0 && g_utf8_strchr ("（《「『【〈“‘([{", -1, c) != NULL;
}

/* text word-wrapped to `width` terminal columns, each line indented by two
 * spaces: lines break at spaces, and also between wide (CJK) characters
 * and beside them, where a Chinese text has no spaces */
static void
print_wrapped (const char *text, guint width)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GString) chunk = g_string_new (NULL);
  guint used = 0, chunk_width = 0;
  gboolean chunk_space = FALSE;   /* a space before the chunk */
  gboolean space = FALSE;         /* spaces since the last character */
  gunichar last = 0;              /* the last character of the chunk */
  const char *p = text;

  for (;;)
    {
      gunichar c = *p ? g_utf8_get_char (p) : 0;
      gboolean wide = c != 0 && g_unichar_iswide (c);
      gboolean at_break;

      if (c == ' ')
        {
          space = TRUE;
          p++;
          continue;
        }
      /* a break before c: at a space, or beside a wide character unless
       * the punctuation on either side forbids it; the end of the text */
      at_break = c == 0 || space
                 || ((wide || (last != 0 && g_unichar_iswide (last)))
                     && !no_line_start (c) && !no_line_end (last));
      if (at_break && chunk->len > 0)
        {
          /* the chunk so far goes on this line or starts the next */
          if (used > 0 && used + (chunk_space ? 1 : 0) + chunk_width > width)
            {
              g_print ("  %s\n", line->str);
              g_string_truncate (line, 0);
              used = 0;
            }
          if (used > 0 && chunk_space)
            {
              g_string_append_c (line, ' ');
              used++;
            }
          g_string_append_len (line, chunk->str, chunk->len);
          used += chunk_width;
          g_string_truncate (chunk, 0);
          chunk_width = 0;
          chunk_space = space;
        }
      else if (at_break)
        chunk_space = space;
      if (c == 0)
        break;
      space = FALSE;
      g_string_append_unichar (chunk, c);
      if (!g_unichar_iszerowidth (c))
        chunk_width += wide ? 2 : 1;
      last = c;
      p = g_utf8_next_char (p);
    }
  if (used > 0)
    g_print ("  %s\n", line->str);
}

static int
cmd_lessons (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const GsLesson *lessons, *lesson;
  guint n, id_width = 0;

  context = g_option_context_new (_("[ID] — the built-in lessons"));
  g_option_context_set_summary (context,
    _("Without ID: every built-in lesson's id and title, in teaching order. With\n"
      "ID: its text for the class (what to look at, what to try, the question to\n"
      "ask). 'gradscope-cli run --lesson ID' runs its experiment, 'plot --lesson\n"
      "ID' draws it."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return gs_cli_usage_error (error->message);
  if (argc > 2)
    return gs_cli_usage_errorf (_("%s takes at most one lesson id"), "lessons");

  lessons = gs_lessons (&n);
  if (argc == 1)
    {
      for (guint i = 0; i < n; i++)
        id_width = MAX (id_width, gs_cli_display_width (lessons[i].id));
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GString) line = g_string_new (NULL);

          gs_cli_pad (line, lessons[i].id, id_width + 2, FALSE);
          g_print ("%s%s\n", line->str, tr (lessons[i].title));
        }
      return EXIT_OK;
    }

  lesson = gs_lesson_lookup (argv[1]);
  if (lesson == NULL)
    {
      /* the same message as run --lesson gives */
      g_autoptr(GsExperiment) none = gs_lesson_load_id (argv[1], &error);
      g_printerr ("%s\n", error->message);
      return EXIT_BAD_INPUT;
    }
  /* the lesson's texts are the msgids of core/gs-lessons.c */
  g_print ("%s\n%s\n\n", tr (lesson->title), tr (lesson->summary));
  /* TRANSLATORS: the three parts of a lesson's text, as headings */
  g_print ("%s\n", C_("lesson part", "Look at"));
  print_wrapped (tr (lesson->look_at), 76);
  g_print ("\n%s\n", C_("lesson part", "Try"));
  print_wrapped (tr (lesson->try_this), 76);
  g_print ("\n%s\n", C_("lesson part", "Ask the class"));
  print_wrapped (tr (lesson->ask), 76);
  g_print ("\n");
  g_print (_("Run it: gradscope-cli run --lesson %s"), lesson->id);
  g_print ("\n");
  return EXIT_OK;
}

/* ---- main ---------------------------------------------------------------------------- */

int
main (int argc, char **argv)
{
  const char *command;

  setlocale (LC_ALL, "");
  gs_i18n_init ();
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("gradscope-cli");

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")
      || g_str_equal (argv[1], "help"))
    {
      FILE *out = argc < 2 ? stderr : stdout;
      g_autofree char *help = commands_help ();

      /* TRANSLATORS: COMMAND and OPTION are placeholders: translate them,
       * keep gradscope-cli */
      fprintf (out, "%s\n\n%s\n", _("Usage: gradscope-cli COMMAND [OPTION…]"), help);
      return argc < 2 ? EXIT_BAD_INPUT : EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("gradscope-cli %s\n", GS_VERSION);
      return EXIT_OK;
    }

  command = argv[1];
  {
    g_autofree char *prgname = g_strdup_printf ("gradscope-cli %s", command);
    g_set_prgname (prgname);
  }
  /* the command's own parser sees "gradscope-cli COMMAND args…" as argv */
  argv[1] = argv[0];
  argc--;
  argv++;

  if (g_str_equal (command, "run"))
    return cmd_run (argc, argv);
  if (g_str_equal (command, "check"))
    return cmd_check (argc, argv);
  if (g_str_equal (command, "list"))
    return cmd_list (argc, argv);
  if (g_str_equal (command, "lessons"))
    return cmd_lessons (argc, argv);
  if (g_str_equal (command, "plot"))
    return gs_cli_plot (argc, argv);
  if (g_str_equal (command, "landscape"))
    return gs_cli_landscape (argc, argv);
  if (g_str_equal (command, "study"))
    return gs_cli_study (argc, argv);

  {
    g_autofree char *help = commands_help ();

    g_printerr ("gradscope-cli: ");
    g_printerr (_("unknown command '%s'"), command);
    g_printerr ("\n\n%s\n", help);
  }
  return EXIT_BAD_INPUT;
}
