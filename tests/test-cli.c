/* test-cli.c — gradscope-cli end to end: tables, CSV traces, exit codes */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test-cli-run.h"

static char *
fixture (const char *name)
{
  return g_build_filename (g_getenv ("GS_FIXTURES"), name, NULL);
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

/* `run --trace TARGET` of two-runs.json, 5 steps: the CSV on standard
 * output, the table on standard error. */
static void
assert_trace_on_stdout (const char *target)
{
  g_autofree char *exp = fixture ("two-runs.json");
  g_auto(Result) r = cli ("run", exp, "--trace", target, "--max-steps", "5", NULL);
  g_auto(GStrv) lines = g_strsplit (r.out, "\n", -1);

  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (lines[0], ==, "run,step,loss,grad_norm,lr,p0,p1");
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 2 * 6 + 1);
  g_assert_true (g_str_has_prefix (lines[12], "Adam,5,"));
  g_assert_true (strstr (r.err, "max_steps") != NULL);
}

static void
test_run_trace_stdout (void)
{
  assert_trace_on_stdout ("-");
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

/* A classifier with held-out rows: the metric columns, NAN (empty) where
 * the full loss was not evaluated; accuracy in the table; check and plot
 * take it too. */
static void
test_mlp (void)
{
  g_autofree char *exp = fixture ("mlp.json");
  g_autofree char *trace = tmp_path ("gradscope-cli-mlp.csv");
  g_autofree char *png = tmp_path ("gradscope-cli-mlp.png");
  g_auto(Result) r = cli ("run", exp, "--trace", trace, NULL);
  g_auto(Result) check = cli ("check", exp, NULL);
  g_auto(Result) plot = cli ("plot", exp, "--out", png, NULL);
  g_auto(GStrv) lines = NULL;
  guint n;

  g_assert_cmpint (r.status, ==, 0);
  /* 2-16-16-2: 48 + 272 + 34 parameters, too many for p columns */
  g_assert_true (g_str_has_prefix (r.out, "mlp · 2 runs · 354 parameters\n"));
  g_assert_true (g_regex_match_simple ("‖g‖ +val loss +accuracy +val acc +time\n", r.out, 0, 0));
  g_assert_true (g_regex_match_simple ("\nAdam +max_steps +600 .* [0-9.]+% +[0-9.]+% +[0-9.]+s\n",
                                       r.out, 0, 0));
  lines = read_lines (trace);
  g_assert_cmpstr (lines[0], ==, "run,step,loss,grad_norm,lr,batch_loss,val_loss,accuracy,val_accuracy");
  n = g_strv_length (lines);
  g_assert_cmpuint (n, ==, 1 + 2 * 601);
  for (guint i = 1; i < n; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], ",", -1);
      guint64 step = g_ascii_strtoull (cells[1], NULL, 10);
      gboolean full = g_str_equal (cells[0], "full batch GD");
      gboolean evaluated = full || step % 5 == 0;

      g_assert_cmpuint (g_strv_length (cells), ==, 9);
      for (guint c = 6; c <= 8; c++)
        g_assert_cmpint (cells[c][0] != '\0', ==, evaluated);
      if (evaluated)
        {
          double acc = g_ascii_strtod (cells[7], NULL);
          double val_acc = g_ascii_strtod (cells[8], NULL);

          /* 160 training rows, 40 held out */
          g_assert_cmpfloat (acc, >=, 0);
          g_assert_cmpfloat (acc, <=, 1);
          g_assert_cmpfloat (fabs (acc * 160 - round (acc * 160)), <, 1e-9);
          g_assert_cmpfloat (fabs (val_acc * 40 - round (val_acc * 40)), <, 1e-9);
          g_assert_cmpfloat (g_ascii_strtod (cells[6], NULL), >, 0);
        }
      g_assert_cmpint (cells[5][0] != '\0', ==, !full && step < 600);
    }
  g_unlink (trace);

  g_assert_cmpint (check.status, ==, 0);
  g_assert_true (strstr (check.out, "ok — mlp, 354 parameters, 2 runs") != NULL);

  /* the figure shows what it can of a network (no crash, a PNG) */
  g_assert_cmpint (plot.status, ==, 0);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_unlink (png);
}

/* Logistic regression classifies: an accuracy column, no validation */
static void
test_accuracy_column (void)
{
  g_autofree char *exp = fixture ("plot/logistic.json");
  g_autofree char *trace = tmp_path ("gradscope-cli-logistic.csv");
  g_auto(Result) r = cli ("run", exp, "--trace", trace, "--max-steps", "3", NULL);
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_regex_match_simple ("‖g‖ +accuracy +time\n", r.out, 0, 0));
  lines = read_lines (trace);
  g_assert_cmpstr (lines[0], ==, "run,step,loss,grad_norm,lr,batch_loss,accuracy,p0,p1,p2");
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
    "logistic_regression", "mlp", "relu", "sin_x", "init_seed", "circles", "xor", "spiral",
    "moons", "gaussians", "validation", "sgd", "adagrad", "rmsprop", "adadelta", "adam", "adamw",
    "adamax", "nadam", "radam", "momentum_decay", "initial_accumulator_value",
    "constant", "step", "exponential", "inverse_time", "cosine", "plateau", "cooldown",
  };

  g_assert_cmpint (r.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_true (strstr (r.out, names[i]) != NULL);
  /* defaults and ranges come from the table */
  g_assert_true (g_regex_match_simple ("betas +\\(0.9, 0.999\\) +\\[0, 1\\)", r.out, 0, 0));
  g_assert_true (g_regex_match_simple ("lr +required +\\(0, ∞\\)", r.out, 0, 0));
  /* the descriptions line up in characters whatever the range holds */
  {
    const char *lr = strstr (r.out, "learning rate\n");
    const char *damp = strstr (r.out, "dampening of the momentum buffer");
    const char *lr_line, *damp_line;

    g_assert_nonnull (lr);
    g_assert_nonnull (damp);
    for (lr_line = lr; lr_line > r.out && lr_line[-1] != '\n'; lr_line--)
      ;
    for (damp_line = damp; damp_line > r.out && damp_line[-1] != '\n'; damp_line--)
      ;
    g_assert_cmpint (g_utf8_pointer_to_offset (lr_line, lr), ==,
                     g_utf8_pointer_to_offset (damp_line, damp));
  }
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
  /* the cause is ENOENT, in the same locale as the CLI's */
  g_autofree char *expected = g_strdup_printf ("/nonexistent-dir/trace.csv: cannot write the "
                                               "trace: %s\n", g_strerror (ENOENT));

  /* README and --help: 1 when the trace could not be written */
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.err, ==, expected);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_false (g_file_test ("/nonexistent-dir/trace.csv", G_FILE_TEST_EXISTS));
}

/* ---- where a trace can go -------------------------------------------------------- */

/* A fresh folder; dir_remove empties and removes it. */
static char *
dir_new (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("gradscope-cli-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The names in a folder, sorted, joined with spaces. */
static char *
dir_list (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
dir_remove (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_unlink (file);
    }
  g_rmdir (path);
}

static void
test_trace_dev_null (void)
{
  g_autofree char *exp = fixture ("two-runs.json");
  g_auto(Result) r = cli ("run", exp, "--trace", "/dev/null", "--max-steps", "5", NULL);
  g_autofree char *left = dir_list ("/dev");
  struct stat st;

  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_true (strstr (r.out, "max_steps") != NULL);
  /* written to, not replaced by a file (the test may run as root) */
  g_assert_cmpint (lstat ("/dev/null", &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));
  g_assert_null (strstr (left, ".null."));
}

typedef struct
{
  int      fd;         /* the FIFO's read end, non-blocking */
  GString *data;
  int      cli_done;   /* atomic: the CLI has exited */
} FifoReader;

/* Reads until the writer closes the FIFO, or, once the CLI has exited, until
 * nothing more comes (a CLI that never opened it must not hang the test).
 * On Linux a FIFO whose read end has had no writer yet polls as not ready. */
static gpointer
read_fifo (gpointer user_data)
{
  FifoReader *reader = user_data;
  char buf[4096];

  for (;;)
    {
      struct pollfd pfd = { reader->fd, POLLIN, 0 };
      int ready = poll (&pfd, 1, 100);
      gssize n;

      if (ready == 0 && g_atomic_int_get (&reader->cli_done))
        break;
      if (ready <= 0)
        continue;
      n = read (reader->fd, buf, sizeof buf);
      if (n > 0)
        g_string_append_len (reader->data, buf, n);
      else if (n == 0)
        break;   /* the writer closed it */
      else if (errno != EAGAIN && errno != EINTR)
        break;
    }
  return NULL;
}

static void
test_trace_fifo (void)
{
  g_autofree char *exp = fixture ("two-runs.json");
  g_autofree char *dir = dir_new ();
  g_autofree char *fifo = g_build_filename (dir, "trace.csv", NULL);
  g_autofree char *left = NULL;
  g_auto(GStrv) lines = NULL;
  FifoReader reader = { -1, g_string_new (NULL), 0 };
  GThread *thread;
  struct stat st;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  /* opened before the CLI starts: its open for writing finds a reader */
  reader.fd = open (fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (reader.fd, >=, 0);
  thread = g_thread_new ("fifo-reader", read_fifo, &reader);
  {
    g_auto(Result) r = cli ("run", exp, "--trace", fifo, "--max-steps", "5", NULL);

    g_atomic_int_set (&reader.cli_done, 1);
    g_thread_join (thread);
    close (reader.fd);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.err, ==, "");
  }

  lines = g_strsplit (reader.data->str, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 2 * 6 + 1);
  g_assert_cmpstr (lines[0], ==, "run,step,loss,grad_norm,lr,p0,p1");
  g_assert_true (g_str_has_prefix (lines[1], "\"GD, slow\",0,"));
  g_assert_true (g_str_has_prefix (lines[12], "Adam,5,"));
  g_assert_cmpstr (lines[13], ==, "");
  /* still the FIFO, and nothing beside it */
  g_assert_cmpint (lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  left = dir_list (dir);
  g_assert_cmpstr (left, ==, "trace.csv");

  g_string_free (reader.data, TRUE);
  dir_remove (dir);
}

/* Every output of the CLI (a study's CSV and figure, a landscape's CSV) to
 * a FIFO: written through it, never replaced by a file (gs-output.h) */
static void
test_outputs_fifo (void)
{
  g_autofree char *exp = fixture ("two-runs.json");
  const char *names[] = { "study.csv", "study.png", "landscape.csv" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *dir = dir_new ();
      g_autofree char *fifo = g_build_filename (dir, names[i], NULL);
      g_autofree char *left = NULL;
      FifoReader reader = { -1, g_string_new (NULL), 0 };
      GThread *thread;
      struct stat st;

      g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
      reader.fd = open (fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
      g_assert_cmpint (reader.fd, >=, 0);
      thread = g_thread_new ("fifo-reader", read_fifo, &reader);
      {
        g_auto(Result) r = i == 0 ? cli ("study", exp, "--kind", "lr-sweep", "--points", "3",
                                         "--max-steps", "20", "--csv", fifo, NULL)
                         : i == 1 ? cli ("study", exp, "--kind", "lr-sweep", "--points", "3",
                                         "--max-steps", "20", "--plot", fifo, NULL)
                         : cli ("landscape", exp, "--directions", "axes", "--grid", "4",
                                "--max-steps", "5", "--csv", fifo, NULL);

        g_atomic_int_set (&reader.cli_done, 1);
        g_thread_join (thread);
        close (reader.fd);
        g_assert_cmpint (r.status, ==, 0);
      }
      if (i == 0)
        g_assert_true (g_str_has_prefix (reader.data->str, "run,lr,final_loss,best_loss,steps,status\n"));
      else if (i == 1)
        g_assert_true (reader.data->len > 8 && memcmp (reader.data->str, "\x89PNG\r\n\x1a\n", 8) == 0);
      else
        g_assert_true (g_str_has_prefix (reader.data->str, "a,b,loss\n"));
      g_assert_cmpint (lstat (fifo, &st), ==, 0);
      g_assert_true (S_ISFIFO (st.st_mode));
      left = dir_list (dir);
      g_assert_cmpstr (left, ==, names[i]);
      g_string_free (reader.data, TRUE);
      dir_remove (dir);
    }
}

static void
test_trace_dev_stdout (void)
{
  /* standard output is a pipe here: /dev/stdout is written like - */
  assert_trace_on_stdout ("/dev/stdout");
}

static void
test_trace_mode (void)
{
  g_autofree char *exp = fixture ("two-runs.json");
  g_autofree char *dir = dir_new ();
  g_autofree char *fresh = g_build_filename (dir, "fresh.csv", NULL);
  g_autofree char *private = g_build_filename (dir, "private.csv", NULL);
  g_autofree char *text = NULL;
  mode_t old_umask = umask (022);
  struct stat st;

  /* a new file: 0666 less the umask, as any created file */
  {
    g_auto(Result) r = cli ("run", exp, "--trace", fresh, "--max-steps", "2", NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  g_assert_cmpint (stat (fresh, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0644);
  g_assert_true (S_ISREG (st.st_mode));

  /* the umask is the child's: a stricter one gives a stricter mode */
  umask (077);
  g_unlink (fresh);
  {
    g_auto(Result) r = cli ("run", exp, "--trace", fresh, "--max-steps", "2", NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  g_assert_cmpint (stat (fresh, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  umask (022);

  /* a replaced file keeps its mode */
  g_assert_true (g_file_set_contents (private, "old\n", -1, NULL));
  g_assert_cmpint (chmod (private, 0640), ==, 0);
  {
    g_auto(Result) r = cli ("run", exp, "--trace", private, "--max-steps", "2", NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  g_assert_cmpint (stat (private, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);
  g_assert_true (g_file_get_contents (private, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "run,step,loss"));

  umask (old_umask);
  dir_remove (dir);
}

static void
test_trace_symlink (void)
{
  /* a symlink to a regular file: the file is replaced whole, the link stays */
  g_autofree char *exp = fixture ("two-runs.json");
  g_autofree char *dir = dir_new ();
  g_autofree char *target = g_build_filename (dir, "target.csv", NULL);
  g_autofree char *link = g_build_filename (dir, "link.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *left = NULL;
  struct stat st;

  g_assert_true (g_file_set_contents (target, "old\n", -1, NULL));
  g_assert_cmpint (symlink ("target.csv", link), ==, 0);
  {
    g_auto(Result) r = cli ("run", exp, "--trace", link, "--max-steps", "2", NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  g_assert_cmpint (lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_true (g_file_get_contents (target, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "run,step,loss,grad_norm,lr,p0,p1\n"));
  left = dir_list (dir);
  g_assert_cmpstr (left, ==, "link.csv target.csv");
  dir_remove (dir);
}

/* In the child: files may not grow past 4 KiB, and writing past it fails
 * with EFBIG instead of raising SIGXFSZ. */
static void
limit_file_size (gpointer user_data)
{
  struct rlimit limit = { 4096, 4096 };

  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

static void
test_trace_write_fails (void)
{
  /* the trace (~30 KB) cannot be written: the old file stays as it was,
   * no temporary file is left, and the message gives the cause */
  g_autofree char *exp = fixture ("two-runs.json");
  g_autofree char *dir = dir_new ();
  g_autofree char *trace = g_build_filename (dir, "trace.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *left = NULL;
  g_autofree char *expected = g_strdup_printf ("%s: cannot write the trace: %s\n", trace,
                                               g_strerror (EFBIG));

  g_assert_true (g_file_set_contents (trace, "keep me\n", -1, NULL));
  {
    g_auto(Result) r = cli_with_setup (limit_file_size, "run", exp, "--trace", trace, NULL);

    g_assert_cmpint (r.status, ==, 1);
    g_assert_cmpstr (r.err, ==, expected);
    /* the runs themselves ran */
    g_assert_true (strstr (r.out, "max_steps") != NULL);
  }
  g_assert_true (g_file_get_contents (trace, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "keep me\n");
  left = dir_list (dir);
  g_assert_cmpstr (left, ==, "trace.csv");
  dir_remove (dir);
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

/* landscape: a,b,loss at every node, the center node is the run's end
 * (the final loss `run` prints), a figure, and usage errors */
static void
test_landscape (void)
{
  g_autofree char *exp = fixture ("mlp.json");
  g_autofree char *two = fixture ("two-runs.json");
  g_autofree char *csv = tmp_path ("gradscope-cli-landscape.csv");
  g_autofree char *svg = tmp_path ("gradscope-cli-landscape.svg");
  g_auto(Result) r = cli ("landscape", exp, "--directions", "random", "--grid", "9",
                          "--csv", csv, NULL);
  g_auto(Result) run = cli ("run", exp, NULL);
  g_auto(Result) axes = cli ("landscape", two, "--directions", "axes", "--axes", "1,0",
                             "--grid", "5", "--span", "0.5", "--out", svg, NULL);
  g_auto(Result) bad = cli ("landscape", exp, "--directions", "sideways", "--csv", csv, NULL);
  g_auto(Result) none = cli ("landscape", exp, "--csv", csv, NULL);
  g_auto(Result) no_out = cli ("landscape", exp, "--directions", "pca", NULL);
  g_auto(Result) bad_axes = cli ("landscape", two, "--directions", "axes", "--axes", "0,2",
                                 "--csv", csv, NULL);
  g_auto(Result) short_walk = cli ("landscape", two, "--directions", "pca", "--max-steps",
                                   "1", "--csv", csv, NULL);
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) center = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GRegex) final = g_regex_new ("\nAdam +max_steps +600 +([^ ]+) ", 0, 0, NULL);
  g_autofree char *final_loss = NULL;
  char buf[64];

  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_true (g_str_has_prefix (r.out, "mlp · random directions · 9×9"));
  lines = read_lines (csv);
  g_assert_cmpstr (lines[0], ==, "a,b,loss");
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 9 * 9);
  /* b outer, a inner: the corner first, node (4, 4) is row 1 + 40 */
  g_assert_true (g_str_has_prefix (lines[1], "-1,-1,"));
  g_assert_true (g_str_has_prefix (lines[2], "-0.75,-1,"));
  center = g_strsplit (lines[41], ",", -1);
  g_assert_cmpstr (center[0], ==, "0");
  g_assert_cmpstr (center[1], ==, "0");
  /* the loss there is the run's final loss, as `run` prints it */
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_regex_match (final, run.out, 0, &match));
  final_loss = g_match_info_fetch (match, 1);
  g_snprintf (buf, sizeof buf, "%.6g", g_ascii_strtod (center[2], NULL));
  g_assert_cmpstr (buf, ==, final_loss);
  g_assert_nonnull (strstr (r.out, final_loss));
  g_unlink (csv);

  /* axes: a figure, a and b the parameters' own values */
  g_assert_cmpint (axes.status, ==, 0);
  g_assert_true (g_file_test (svg, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (strstr (axes.out, "a: θ[1], b: θ[0]"));
  g_unlink (svg);

  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "--directions: unknown kind 'sideways'; expected random, "
                                     "pca or axes"));
  g_assert_cmpint (none.status, ==, 2);
  g_assert_nonnull (strstr (none.err, "needs --directions"));
  g_assert_cmpint (no_out.status, ==, 2);
  g_assert_nonnull (strstr (no_out.err, "needs --csv FILE or --out FILE"));
  g_assert_cmpint (bad_axes.status, ==, 2);
  g_assert_nonnull (strstr (bad_axes.err, "--axes 0,2: expected two different parameters "
                                          "from 0 to 1"));
  g_assert_cmpint (short_walk.status, ==, 2);
  g_assert_nonnull (strstr (short_walk.err, "--directions pca needs a walk of at least 3 rows"));
  g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
}

/* lessons: the list, one lesson's text, and run / plot / check of a
 * lesson's experiment by --lesson ID or lesson:ID */
static void
test_lessons (void)
{
  const char *ids[] = { "learning-rate", "momentum", "saddle", "adaptive", "l1-vs-l2",
                        "batch-size", "schedules", "article" };
  g_auto(Result) list = cli ("lessons", NULL);
  g_auto(Result) text = cli ("lessons", "saddle", NULL);
  g_auto(Result) unknown = cli ("lessons", "nope", NULL);
  g_auto(Result) both = cli ("run", "x.json", "--lesson", "saddle", NULL);
  g_auto(Result) bad = cli ("run", "--lesson", "nope", NULL);
  g_auto(Result) article = cli ("run", "lesson:article", NULL);
  g_auto(Result) check = cli ("check", "lesson:l1-vs-l2", NULL);
  g_auto(GStrv) lines = g_strsplit (list.out, "\n", -1);
  const char *no_such = "no lesson 'nope' (there are: learning-rate, momentum, saddle, adaptive, "
                        "l1-vs-l2, batch-size, schedules, article)\n";

  /* id and title, one lesson a line, in teaching order */
  g_assert_cmpint (list.status, ==, 0);
  g_assert_cmpstr (list.err, ==, "");
  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (ids) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *prefix = g_strconcat (ids[i], "  ", NULL);
      g_assert_true (g_str_has_prefix (lines[i], prefix));
    }
  g_assert_cmpstr (lines[0], ==, "learning-rate  Learning rate: too small, right, too large, "
                                 "divergent");

  /* one lesson's three parts, wrapped */
  g_assert_cmpint (text.status, ==, 0);
  g_assert_true (g_str_has_prefix (text.out, "Escaping a saddle point\n"));
  g_assert_nonnull (strstr (text.out, "\n\nLook at\n  The surface x² − y² has a saddle "));
  g_assert_nonnull (strstr (text.out, "\n\nTry\n  Set the start to (−2, 0)"));
  g_assert_nonnull (strstr (text.out, "\n\nAsk the class\n  Why does"));
  g_assert_nonnull (strstr (text.out, "Run it: gradscope-cli run --lesson saddle\n"));
  {
    g_auto(GStrv) text_lines = g_strsplit (text.out, "\n", -1);
    for (guint i = 0; text_lines[i]; i++)
      g_assert_cmpuint (g_utf8_strlen (text_lines[i], -1), <=, 78);
  }

  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_cmpstr (unknown.err, ==, no_such);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_cmpstr (bad.err, ==, no_such);
  g_assert_cmpint (both.status, ==, 2);
  g_assert_true (g_str_has_prefix (both.err, "gradscope-cli: give an experiment file or --lesson "
                                             "ID, not both\n"));

  /* lesson:ID is the same experiment: the article's numbers */
  g_assert_cmpint (article.status, ==, 0);
  g_assert_true (g_str_has_prefix (article.out, "linear_regression · 3 runs · 3 parameters\n"));
  g_assert_nonnull (strstr (article.out, "Article · α 0.01 (lr 0.005)  max_steps               "
                                         "1000      0.00969011"));
  g_assert_cmpint (check.status, ==, 0);
  g_assert_cmpstr (check.out, ==,
                   "lesson:l1-vs-l2: ok — linear_regression, 2 parameters, 3 runs\n");

  /* every lesson runs; a lesson with a diverging run exits 1, as any
   * experiment does */
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_auto(Result) r = cli ("run", "--lesson", ids[i], NULL);
      gboolean diverges = g_str_equal (ids[i], "learning-rate")
                          || g_str_equal (ids[i], "adaptive");

      g_assert_cmpint (r.status, ==, diverges ? 1 : 0);
      g_assert_cmpstr (r.err, ==, "");
      g_assert_cmpint (strstr (r.out, "diverged at step") != NULL, ==, diverges);
    }
  {
    g_auto(Result) r = cli ("run", "--lesson", "learning-rate", NULL);
    g_assert_nonnull (strstr (r.out, "Too small · lr 0.01   converged                860"));
    g_assert_nonnull (strstr (r.out, "Divergent · lr 0.3    diverged at step 510"));
  }

  /* plot --lesson draws it */
  {
    g_autofree char *svg = tmp_path ("gradscope-cli-lesson.svg");
    g_auto(Result) r = cli ("plot", "--lesson", "momentum", "--out", svg, NULL);
    g_auto(Result) r2 = cli ("plot", "x.json", "--lesson", "momentum", "--out", svg, NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_str_has_prefix (r.out, svg));
    g_assert_nonnull (strstr (r.out, ": quadratic, 4 runs, 1280×800"));
    g_assert_true (g_file_test (svg, G_FILE_TEST_IS_REGULAR));
    g_unlink (svg);
    g_assert_cmpint (r2.status, ==, 2);
  }
}

/* ---- in Simplified Chinese ------------------------------------------------------- */

/* Terminal columns a UTF-8 line takes (CJK characters take two). */
static guint
display_width (const char *s)
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

static gboolean
has_chinese (const char *s)
{
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x4e00 && c <= 0x9fff)
        return TRUE;
    }
  return FALSE;
}

/* The catalogs the CLI finds in the build tree: GS_CLI is BUILD/app/gradscope-cli. */
static char *
build_localedir (void)
{
  g_autofree char *app = g_path_get_dirname (g_getenv ("GS_CLI"));
  g_autofree char *build = g_path_get_dirname (app);

  return g_build_filename (build, "po", NULL);
}

/* Runs gradscope-cli in Simplified Chinese: LANGUAGE=zh_CN in the C.UTF-8
 * locale (glibc honours LANGUAGE in any locale but plain C, so no zh_CN
 * locale need be installed), with the catalogs of the build tree. */
static Result
cli_zh (const char *first, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *localedir = build_localedir ();
  g_auto(GStrv) env = g_get_environ ();
  Result r = { 0 };
  va_list args;
  int wait_status;

  env = g_environ_setenv (env, "LANGUAGE", "zh_CN", TRUE);
  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  env = g_environ_setenv (env, "GRADSCOPE_LOCALEDIR", localedir, TRUE);
  g_ptr_array_add (argv, (gpointer) g_getenv ("GS_CLI"));
  va_start (args, first);
  for (const char *a = first; a; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                               &r.out, &r.err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  r.status = WEXITSTATUS (wait_status);
  return r;
}

/* Whether len bytes of data (which may hold NULs) contain needle */
static gboolean
contains_bytes (const char *data, gsize len, const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* Why the Chinese test cannot run here, or NULL: the zh_CN catalog is not
 * built, does not hold the CLI's and the lessons' strings yet, or the
 * C.UTF-8 locale is missing. */
static char *
zh_missing (void)
{
  g_autofree char *localedir = build_localedir ();
  g_autofree char *mo = g_build_filename (localedir, "zh_CN", "LC_MESSAGES", "gradscope.mo",
                                          NULL);
  g_autofree char *data = NULL;
  const char *needed[] = { "Usage: gradscope-cli COMMAND [OPTION", "Escaping a saddle point",
                           "The surface x\xc2\xb2 \xe2\x88\x92 y\xc2\xb2 has a saddle point" };
  gsize len;
  locale_t utf8;

  if (!g_file_get_contents (mo, &data, &len, NULL))
    return g_strdup_printf ("%s is not built", mo);
  /* a .mo holds the msgids it translates as they are */
  for (guint i = 0; i < G_N_ELEMENTS (needed); i++)
    if (!contains_bytes (data, len, needed[i]))
      return g_strdup_printf ("%s does not translate '%s' yet", mo, needed[i]);
  utf8 = newlocale (LC_ALL_MASK, "C.UTF-8", (locale_t) 0);
  if (utf8 == (locale_t) 0)
    return g_strdup ("no C.UTF-8 locale");
  freelocale (utf8);
  return NULL;
}

/* --help, the list of lessons, a lesson's text and run's table in
 * Simplified Chinese: translated, with the names of commands and options,
 * the ids and the numbers as they are, the text wrapped and the table
 * lined up in terminal columns */
static void
test_chinese (void)
{
  g_autofree char *missing = zh_missing ();
  const char *commands[] = { "run [EXP.json]", "plot [EXP.json] --out FILE", "landscape",
                             "check EXP.json", "list", "lessons [ID]", "gradscope-cli" };
  const char *ids[] = { "learning-rate", "momentum", "saddle", "adaptive", "l1-vs-l2",
                        "batch-size", "schedules", "article" };

  if (missing != NULL)
    {
      g_test_skip (missing);
      return;
    }

  {
    g_auto(Result) help = cli_zh ("--help", NULL);

    g_assert_cmpint (help.status, ==, 0);
    g_assert_true (has_chinese (help.out));
    g_assert_null (strstr (help.out, "Usage:"));
    g_assert_null (strstr (help.out, "Commands:"));
    g_assert_null (strstr (help.out, "validate an experiment file"));
    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
      g_assert_nonnull (strstr (help.out, commands[i]));
  }
  {
    g_auto(Result) help = cli_zh ("run", "--help", NULL);

    g_assert_cmpint (help.status, ==, 0);
    g_assert_true (has_chinese (help.out));
    g_assert_nonnull (strstr (help.out, "--trace=FILE"));
    g_assert_null (strstr (help.out, "Write every row as CSV"));
  }
  {
    g_auto(Result) list = cli_zh ("lessons", NULL);
    g_auto(GStrv) lines = g_strsplit (list.out, "\n", -1);

    /* the ids as they are, every title translated */
    g_assert_cmpint (list.status, ==, 0);
    g_assert_cmpstr (list.err, ==, "");
    g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (ids) + 1);
    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      {
        g_autofree char *prefix = g_strconcat (ids[i], "  ", NULL);

        g_assert_true (g_str_has_prefix (lines[i], prefix));
        g_assert_true (has_chinese (lines[i]));
      }
    g_assert_null (strstr (list.out, "Escaping a saddle point"));
  }
  {
    g_auto(Result) text = cli_zh ("lessons", "saddle", NULL);
    g_auto(GStrv) lines = g_strsplit (text.out, "\n", -1);
    const char *numbers[] = { "(0, 0)", "(\xe2\x88\x92" "2, 0.001)", "785", "130", "325",
                              "\xe2\x88\x92" "6", "(\xe2\x88\x92" "2, 0.000001)", "1000" };

    g_assert_cmpint (text.status, ==, 0);
    g_assert_true (has_chinese (text.out));
    g_assert_null (strstr (text.out, "Look at"));
    g_assert_null (strstr (text.out, "has a saddle point"));
    for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
      g_assert_nonnull (strstr (text.out, numbers[i]));
    g_assert_nonnull (strstr (text.out, "gradscope-cli run --lesson saddle\n"));
    /* Chinese has no spaces between words: wrapped between characters,
     * within 78 columns, and the text fills its lines */
    g_assert_cmpuint (g_strv_length (lines), >, 12);
    for (guint i = 0; lines[i]; i++)
      g_assert_cmpuint (display_width (lines[i]), <=, 78);
  }
  {
    g_auto(Result) r = cli_zh ("run", "--lesson", "learning-rate", NULL);
    g_auto(GStrv) lines = g_strsplit (r.out, "\n", -1);
    guint width;

    /* a title, the headers, 4 runs */
    g_assert_cmpint (r.status, ==, 1);
    g_assert_cmpuint (g_strv_length (lines), ==, 7);
    g_assert_true (has_chinese (lines[1]));
    g_assert_null (strstr (r.out, "final loss"));
    g_assert_nonnull (strstr (lines[2], "860"));
    g_assert_nonnull (strstr (lines[5], "510"));
    /* the headers and the rows end in the same column */
    width = display_width (lines[1]);
    for (guint i = 2; i <= 5; i++)
      g_assert_cmpuint (display_width (lines[i]), ==, width);
  }
}

/* study: an lr sweep of plain GD on the bowl 0.5x² + 5y² as CSV; every lr
 * above 2/λmax = 0.2 diverges; bad flags are usage errors */
static void
test_study (void)
{
  g_autofree char *dir = g_dir_make_tmp ("gs-study-XXXXXX", NULL);
  g_autofree char *exp_path = g_build_filename (dir, "bowl.json", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "sweep.csv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_set_contents (exp_path,
    "{\"problem\": {\"type\": \"function\", \"name\": \"quadratic\"}, \"start\": [4, 1],"
    " \"max_steps\": 3000, \"runs\": [{\"label\": \"GD\", \"optimizer\": {\"name\": \"sgd\", "
    "\"lr\": 0.05}}]}", -1, NULL));
  {
    g_auto(Result) r = cli ("study", exp_path, "--kind", "lr-sweep", "--lr-min", "0.1",
                            "--lr-max", "0.4", "--points", "21", "--csv", csv_path, NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "GD: best lr "));
  }
  g_assert_true (g_file_get_contents (csv_path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "run,lr,final_loss,best_loss,steps,status");
  g_assert_cmpuint (g_strv_length (lines), ==, 23);   /* header, 21 rows, "" */
  for (guint i = 1; i <= 21; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], ",", -1);
      double lr = g_ascii_strtod (f[1], NULL);

      g_assert_cmpuint (g_strv_length (f), ==, 6);
      g_assert_cmpstr (f[0], ==, "0");
      g_assert_cmpstr (f[5], ==, lr > 0.2 + 1e-12 ? "diverged" : "max_steps");
    }
  {
    /* the figure: loss against a log lr axis */
    g_autofree char *png = g_build_filename (dir, "sweep.png", NULL);
    g_auto(Result) r = cli ("study", exp_path, "--kind", "lr-sweep", "--lr-min", "0.01",
                            "--lr-max", "0.4", "--points", "9", "--plot", png, NULL);
    g_autofree guchar *bytes = NULL;
    gsize len;

    g_assert_cmpint (r.status, ==, 0);
    /* a PNG of 900 × 600: the signature, then IHDR's width and height */
    g_assert_true (g_file_get_contents (png, (char **) &bytes, &len, NULL));
    g_assert_cmpuint (len, >, 1000);
    g_assert_cmpmem (bytes, 4, "\x89PNG", 4);
    g_assert_cmpuint ((guint) bytes[16] << 24 | bytes[17] << 16 | bytes[18] << 8 | bytes[19], ==, 900);
    g_assert_cmpuint ((guint) bytes[20] << 24 | bytes[21] << 16 | bytes[22] << 8 | bytes[23], ==, 600);
    g_unlink (png);
  }
  {
    /* a phase map's figure, and a comparison's */
    const char *kinds[2] = { "phase", "compare" };

    for (guint k = 0; k < 2; k++)
      {
        g_autofree char *png = g_build_filename (dir, "x.png", NULL);
        g_auto(Result) r = cli ("study", exp_path, "--kind", kinds[k], "--nx", "4", "--ny", "3",
                                "--max-steps", "300", "--plot", png, NULL);
        g_autofree guchar *bytes = NULL;
        gsize len;

        g_assert_cmpint (r.status, ==, 0);
        g_assert_true (g_file_get_contents (png, (char **) &bytes, &len, NULL));
        g_assert_cmpuint (len, >, 1000);
        g_assert_cmpmem (bytes, 4, "\x89PNG", 4);
        g_unlink (png);
      }
  }
  {
    g_auto(Result) r = cli ("study", exp_path, "--kind", "phase", "--metric", "bogus", "--plot",
                            "x.png", NULL);

    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "--metric: unknown 'bogus'"));
  }
  {
    g_auto(Result) r = cli ("study", exp_path, "--kind", "sweep", "--csv", "-", NULL);

    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "--kind: unknown study 'sweep'"));
  }
  {
    g_auto(Result) r = cli ("study", exp_path, "--kind", "cv", "--csv", "-", NULL);

    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "cross-validation needs a model"));
  }
  {
    g_auto(Result) r = cli ("study", exp_path, "--kind", "phase", "--y", "beta", "--csv", "-",
                            NULL);

    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "'beta'"));
  }
  {
    /* the comparison report, tuned: a row per run at its sweep's best lr */
    g_autofree char *two_path = g_build_filename (dir, "two.json", NULL);
    g_autofree char *report = NULL;
    g_auto(GStrv) rows = NULL;

    g_assert_true (g_file_set_contents (two_path,
      "{\"problem\": {\"type\": \"function\", \"name\": \"quadratic\"}, \"start\": [4, 1],"
      " \"max_steps\": 60, \"runs\": [{\"label\": \"GD, slow\", \"optimizer\": {\"name\": "
      "\"sgd\", \"lr\": 0.01}}, {\"label\": \"Momentum\", \"optimizer\": {\"name\": \"sgd\", "
      "\"lr\": 0.01, \"momentum\": 0.5}}]}", -1, NULL));
    {
      g_auto(Result) r = cli ("study", two_path, "--kind", "compare", "--tune", "--lr-min",
                              "0.01", "--lr-max", "0.3", "--points", "7", "--threshold", "0.01",
                              "--csv", csv_path, NULL);

      g_assert_cmpint (r.status, ==, 0);
      /* the table: its header, then a row per run with the tuned lr */
      g_assert_nonnull (strstr (r.out, "steps to threshold"));
      g_assert_nonnull (strstr (r.out, "(tuned)"));
      g_assert_nonnull (strstr (r.out, "Momentum"));
    }
    g_assert_true (g_file_get_contents (csv_path, &report, NULL, NULL));
    rows = g_strsplit (report, "\n", -1);
    g_assert_cmpstr (rows[0], ==, "run,label,lr,tuned,steps_to_threshold,seconds_to_threshold,"
                                  "final_loss,best_loss,steps,seconds,status");
    g_assert_cmpuint (g_strv_length (rows), ==, 4);   /* header, 2 rows, "" */
    for (guint i = 1; i <= 2; i++)
      {
        /* the run and its label (quoted: it has a comma), then the numbers */
        const char *prefix = i == 1 ? "0,\"GD, slow\"," : "1,Momentum,";
        g_auto(GStrv) f = NULL;
        double lr;

        g_assert_true (g_str_has_prefix (rows[i], prefix));
        f = g_strsplit (rows[i] + strlen (prefix), ",", -1);
        lr = g_ascii_strtod (f[0], NULL);

        g_assert_cmpuint (g_strv_length (f), ==, 9);
        g_assert_cmpfloat (lr, >=, 0.01);
        g_assert_cmpfloat (lr, <=, 0.3);
        g_assert_cmpstr (f[1], ==, "1");   /* tuned */
        g_assert_cmpstr (f[2], !=, "");    /* reached 0.01 */
      }
    g_unlink (two_path);
  }
  {
    g_auto(Result) r = cli ("study", exp_path, "--kind", "lr-sweep", "--tune", "--csv", "-",
                            NULL);

    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "--tune"));
    g_assert_cmpstr (r.out, ==, "");
  }
  {
    /* a strength range is for cross-validation only */
    g_auto(Result) r = cli ("study", exp_path, "--kind", "lr-sweep", "--lambda-min", "0.5",
                            "--csv", "-", NULL);

    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "--lambda-min and --lambda-max go with cv"));
    g_assert_cmpstr (r.out, ==, "");
  }
  {
    g_auto(Result) r = cli ("study", exp_path, "--kind", "compare", "--lr-min", "0.1", "--csv",
                            "-", NULL);

    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "--lr-min"));
  }
  g_unlink (csv_path);
  g_unlink (exp_path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  /* error messages compared with g_strerror's come in the CLI's locale */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("GS_CLI"));
  g_assert_nonnull (g_getenv ("GS_FIXTURES"));
  g_test_add_func ("/gradscope/cli/run-trace", test_run_trace);
  g_test_add_func ("/gradscope/cli/run-trace-stdout", test_run_trace_stdout);
  g_test_add_func ("/gradscope/cli/minibatch-trace", test_minibatch_trace);
  g_test_add_func ("/gradscope/cli/mlp", test_mlp);
  g_test_add_func ("/gradscope/cli/accuracy-column", test_accuracy_column);
  g_test_add_func ("/gradscope/cli/divergence-exit", test_divergence_exit);
  g_test_add_func ("/gradscope/cli/default-experiment", test_default_experiment);
  g_test_add_func ("/gradscope/cli/check", test_check);
  g_test_add_func ("/gradscope/cli/list", test_list);
  g_test_add_func ("/gradscope/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/gradscope/cli/trace-unwritable", test_trace_unwritable);
  g_test_add_func ("/gradscope/cli/trace-keeps-old-file", test_trace_replaces_whole_file);
  g_test_add_func ("/gradscope/cli/trace-dev-null", test_trace_dev_null);
  g_test_add_func ("/gradscope/cli/trace-fifo", test_trace_fifo);
  g_test_add_func ("/gradscope/cli/trace-dev-stdout", test_trace_dev_stdout);
  g_test_add_func ("/gradscope/cli/trace-mode", test_trace_mode);
  g_test_add_func ("/gradscope/cli/trace-symlink", test_trace_symlink);
  g_test_add_func ("/gradscope/cli/trace-write-fails", test_trace_write_fails);
  g_test_add_func ("/gradscope/cli/landscape", test_landscape);
  g_test_add_func ("/gradscope/cli/lessons", test_lessons);
  g_test_add_func ("/gradscope/cli/chinese", test_chinese);
  g_test_add_func ("/gradscope/cli/study", test_study);
  g_test_add_func ("/gradscope/cli/outputs-fifo", test_outputs_fifo);
  return g_test_run ();
}
