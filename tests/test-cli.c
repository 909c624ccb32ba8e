/* test-cli.c — gradscope-cli end to end: tables, CSV traces, exit codes */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

typedef struct
{
  int   status;   /* exit code */
  char *out;
  char *err;
} Result;

static void
result_clear (Result *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static char *
fixture (const char *name)
{
  return g_build_filename (g_getenv ("GS_FIXTURES"), name, NULL);
}

/* Runs gradscope-cli with the arguments (NULL-terminated). */
static Result
cli (const char *first, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Result r = { 0 };
  int wait_status;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("GS_CLI"));
  va_start (args, first);
  for (const char *a = first; a; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT,
                               NULL, NULL, &r.out, &r.err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  r.status = WEXITSTATUS (wait_status);
  return r;
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

/* CSV lines of a trace, header first */
static GStrv
read_lines (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GStrv lines;
  guint n;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  n = g_strv_length (lines);
  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpstr (lines[n - 1], ==, "");   /* ends with a newline */
  g_free (lines[n - 1]);
  lines[n - 1] = NULL;
  return lines;
}

static double
rosenbrock (double x, double y)
{
  return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
}

static void
test_run_trace (void)
{
  g_autofree char *exp = fixture ("two-runs.json");
  g_autofree char *trace = tmp_path ("gradscope-cli-trace.csv");
  g_auto(Result) r = cli ("run", exp, "--trace", trace, NULL);
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) row0 = NULL;
  guint n;

  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_true (strstr (r.out, "rosenbrock · 2 runs · 2 parameters") != NULL);
  g_assert_true (strstr (r.out, "GD, slow") != NULL);
  g_assert_true (strstr (r.out, "max_steps") != NULL);
  g_assert_true (strstr (r.out, "final loss") != NULL);

  lines = read_lines (trace);
  n = g_strv_length (lines);
  g_assert_cmpstr (lines[0], ==, "run,step,loss,grad_norm,lr,p0,p1");
  /* 2 runs × 201 rows; labels with a comma are quoted */
  g_assert_cmpuint (n, ==, 1 + 2 * 201);
  g_assert_true (g_str_has_prefix (lines[1], "\"GD, slow\",0,"));
  g_assert_true (g_str_has_prefix (lines[202], "Adam,0,"));
  g_assert_true (g_str_has_prefix (lines[402], "Adam,200,"));

  /* row 0: the start and f(start), 17 significant digits read back exactly */
  row0 = g_strsplit (lines[202], ",", -1);
  g_assert_cmpuint (g_strv_length (row0), ==, 7);
  g_assert_cmpfloat (g_ascii_strtod (row0[2], NULL), ==, rosenbrock (-1.5, 2.0));
  g_assert_cmpfloat (g_ascii_strtod (row0[4], NULL), ==, 0.05);
  g_assert_cmpfloat (g_ascii_strtod (row0[5], NULL), ==, -1.5);
  g_assert_cmpfloat (g_ascii_strtod (row0[6], NULL), ==, 2.0);

  /* every later row: loss = f(p0, p1) to the last digit written */
  for (guint i = 1; i < n; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], "\"", -1);
      g_auto(GStrv) cells = NULL;
      const char *tail = g_strv_length (f) == 3 ? f[2] + 1 : strchr (lines[i], ',') + 1;
      double x, y, loss;

      cells = g_strsplit (tail, ",", -1);
      g_assert_cmpuint (g_strv_length (cells), ==, 6);
      loss = g_ascii_strtod (cells[1], NULL);
      x = g_ascii_strtod (cells[4], NULL);
      y = g_ascii_strtod (cells[5], NULL);
      g_assert_cmpfloat (loss, ==, rosenbrock (x, y));
    }
  g_unlink (trace);
}

static void
test_run_trace_stdout (void)
{
  g_autofree char *exp = fixture ("two-runs.json");
  g_auto(Result) r = cli ("run", exp, "--trace", "-", "--max-steps", "5", NULL);
  g_auto(GStrv) lines = g_strsplit (r.out, "\n", -1);

  g_assert_cmpint (r.status, ==, 0);
  /* CSV on standard output, the table on standard error */
  g_assert_cmpstr (lines[0], ==, "run,step,loss,grad_norm,lr,p0,p1");
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 2 * 6 + 1);
  g_assert_true (g_str_has_prefix (lines[12], "Adam,5,"));
  g_assert_true (strstr (r.err, "max_steps") != NULL);
}

static void
test_minibatch_trace (void)
{
  g_autofree char *exp = fixture ("minibatch.json");
  g_autofree char *trace = tmp_path ("gradscope-cli-mb.csv");
  g_auto(Result) r = cli ("run", exp, "--trace", trace, NULL);
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) row1 = NULL;
  g_auto(GStrv) row2 = NULL;
  g_auto(GStrv) full1 = NULL;

  g_assert_cmpint (r.status, ==, 0);
  lines = read_lines (trace);
  g_assert_cmpstr (lines[0], ==, "run,step,loss,grad_norm,lr,batch_loss,p0,p1");
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 2 * 31);
  /* eval_every 2: row 1 has no full loss, row 2 has; both have a batch loss */
  row1 = g_strsplit (lines[2], ",", -1);
  row2 = g_strsplit (lines[3], ",", -1);
  g_assert_cmpstr (row1[1], ==, "1");
  g_assert_cmpstr (row1[2], ==, "");
  g_assert_cmpstr (row1[3], ==, "");
  g_assert_cmpstr (row2[2], !=, "");
  g_assert_cmpstr (row1[5], !=, "");
  g_assert_cmpstr (row2[5], !=, "");
  /* the full-batch run has no batch loss but a loss on every row */
  full1 = g_strsplit (lines[33], ",", -1);
  g_assert_cmpstr (full1[0], ==, "full batch GD");
  g_assert_cmpstr (full1[1], ==, "1");
  g_assert_cmpstr (full1[2], !=, "");
  g_assert_cmpstr (full1[5], ==, "");
  g_unlink (trace);
}

static void
test_divergence_exit (void)
{
  g_autofree char *exp = fixture ("diverge.json");
  g_auto(Result) r = cli ("run", exp, NULL);

  g_assert_cmpint (r.status, ==, 1);
  g_assert_true (g_regex_match_simple ("too fast +diverged at step [0-9]+", r.out, 0, 0));
  g_assert_true (g_regex_match_simple ("fine +max_steps +5000", r.out, 0, 0));
}

static void
test_default_experiment (void)
{
  g_auto(Result) r = cli ("run", NULL);

  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "rosenbrock · 4 runs"));
  g_assert_true (strstr (r.out, "Momentum") != NULL);
}

static void
test_check (void)
{
  g_autofree char *good = fixture ("two-runs.json");
  g_autofree char *bad = fixture ("bad-key.json");
  g_auto(Result) ok = cli ("check", good, NULL);
  g_auto(Result) fail = cli ("check", bad, NULL);
  g_auto(Result) run_fail = cli ("run", bad, NULL);
  g_autofree char *expected = g_strdup_printf ("%s:5:20: unknown key 'lerning_rate' in "
                                               "runs[0].optimizer; did you mean 'lr'?\n", bad);

  g_assert_cmpint (ok.status, ==, 0);
  g_assert_true (strstr (ok.out, "ok — rosenbrock, 2 parameters, 2 runs") != NULL);
  g_assert_cmpint (fail.status, ==, 2);
  g_assert_cmpstr (fail.err, ==, expected);
  g_assert_cmpstr (fail.out, ==, "");
  g_assert_cmpint (run_fail.status, ==, 2);
  g_assert_cmpstr (run_fail.err, ==, expected);
}

static void
test_list (void)
{
  g_auto(Result) r = cli ("list", NULL);
  const char *names[] = {
    "rosenbrock", "beale", "himmelblau", "rastrigin", "booth", "saddle", "quadratic",
    "three_hump_camel", "styblinski_tang", "matyas", "linear_regression",
    "logistic_regression", "sgd", "adagrad", "rmsprop", "adadelta", "adam", "adamw",
    "adamax", "nadam", "radam", "momentum_decay", "initial_accumulator_value",
    "constant", "step", "exponential", "inverse_time", "cosine", "plateau", "cooldown",
  };

  g_assert_cmpint (r.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_true (strstr (r.out, names[i]) != NULL);
  /* defaults and ranges come from the table */
  g_assert_true (g_regex_match_simple ("betas +\\(0.9, 0.999\\) +\\[0, 1\\)", r.out, 0, 0));
  g_assert_true (g_regex_match_simple ("lr +required +\\(0, ∞\\)", r.out, 0, 0));
}

static void
test_usage_errors (void)
{
  g_autofree char *exp = fixture ("two-runs.json");
  struct { const char *args[4]; const char *err; } cases[] = {
    { { "frobnicate", NULL }, "unknown command 'frobnicate'" },
    { { "run", "--bogus", NULL }, "Unknown option --bogus" },
    { { "run", exp, exp, NULL }, "run takes one experiment file" },
    { { "run", "--max-steps", "lots", NULL }, "--max-steps" },
    { { "check", NULL }, "check takes one experiment file" },
    { { "list", "extra", NULL }, "list takes no arguments" },
    { { "run", "/nonexistent/exp.json", NULL }, "/nonexistent/exp.json: cannot read the experiment" },
    { { "run", "builtin:nope", NULL }, "no built-in experiment 'nope'" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Result) r = cli (cases[i].args[0], cases[i].args[1], cases[i].args[2],
                              cases[i].args[3], NULL);
      g_assert_cmpint (r.status, ==, 2);
      if (strstr (r.err, cases[i].err) == NULL)
        g_error ("stderr of case %u lacks '%s': %s", i, cases[i].err, r.err);
    }

  {
    g_auto(Result) none = cli (NULL, NULL);
    g_assert_cmpint (none.status, ==, 2);
    g_assert_true (strstr (none.err, "Usage: gradscope-cli COMMAND") != NULL);
  }
  {
    g_auto(Result) help = cli ("--help", NULL);
    g_assert_cmpint (help.status, ==, 0);
    g_assert_true (strstr (help.out, "check EXP.json") != NULL);
  }
  {
    g_auto(Result) help = cli ("run", "--help", NULL);
    g_assert_cmpint (help.status, ==, 0);
    g_assert_true (strstr (help.out, "--trace") != NULL);
    g_assert_true (strstr (help.out, "--max-steps") != NULL);
  }
}

static void
test_trace_unwritable (void)
{
  g_autofree char *exp = fixture ("two-runs.json");
  g_auto(Result) r = cli ("run", exp, "--trace", "/nonexistent-dir/trace.csv", NULL);

  g_assert_cmpint (r.status, ==, 2);
  g_assert_true (g_str_has_prefix (r.err, "/nonexistent-dir/trace.csv: cannot write the trace"));
  g_assert_false (g_file_test ("/nonexistent-dir/trace.csv", G_FILE_TEST_EXISTS));
}

static void
test_trace_replaces_whole_file (void)
{
  /* a bad experiment never touches an existing trace */
  g_autofree char *bad = fixture ("bad-key.json");
  g_autofree char *trace = tmp_path ("gradscope-cli-keep.csv");
  g_autofree char *text = NULL;

  g_file_set_contents (trace, "keep me\n", -1, NULL);
  {
    g_auto(Result) r = cli ("run", bad, "--trace", trace, NULL);
    g_assert_cmpint (r.status, ==, 2);
  }
  g_file_get_contents (trace, &text, NULL, NULL);
  g_assert_cmpstr (text, ==, "keep me\n");
  g_unlink (trace);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("GS_CLI"));
  g_assert_nonnull (g_getenv ("GS_FIXTURES"));
  g_test_add_func ("/gradscope/cli/run-trace", test_run_trace);
  g_test_add_func ("/gradscope/cli/run-trace-stdout", test_run_trace_stdout);
  g_test_add_func ("/gradscope/cli/minibatch-trace", test_minibatch_trace);
  g_test_add_func ("/gradscope/cli/divergence-exit", test_divergence_exit);
  g_test_add_func ("/gradscope/cli/default-experiment", test_default_experiment);
  g_test_add_func ("/gradscope/cli/check", test_check);
  g_test_add_func ("/gradscope/cli/list", test_list);
  g_test_add_func ("/gradscope/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/gradscope/cli/trace-unwritable", test_trace_unwritable);
  g_test_add_func ("/gradscope/cli/trace-keeps-old-file", test_trace_replaces_whole_file);
  return g_test_run ();
}
