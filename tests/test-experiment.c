/* test-experiment.c — experiment files: round trips and every error path */
#include <glib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "gs-experiment.h"
#include "test-load.h"

#define FN "\"problem\": {\"type\": \"function\", \"name\": \"rosenbrock\"}"
#define ADAM_RUN "\"runs\": [{\"optimizer\": {\"name\": \"adam\"}}]"

static void
test_builtin_default (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsExperiment) exp = gs_experiment_new_builtin ("default", &error);

  g_assert_no_error (error);
  g_assert_cmpint (exp->kind, ==, GS_PROBLEM_FUNCTION);
  g_assert_cmpstr (exp->function, ==, "rosenbrock");
  g_assert_cmpuint (gs_experiment_get_n_runs (exp), ==, 4);
  g_assert_cmpstr (gs_experiment_get_run (exp, 3)->optimizer->name, ==, "adam");

  g_assert_null (gs_experiment_new_builtin ("nope", &error));
  g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
}

static void
test_defaults (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsExperiment) exp = load ("{" FN ", " ADAM_RUN "}", &error);
  GsRunConfig config;
  GsRunSpec *spec;

  g_assert_no_error (error);
  g_assert_false (exp->has_start);
  g_assert_cmpuint (exp->max_steps, ==, 1000);
  g_assert_cmpuint (exp->batch_size, ==, 0);
  g_assert_cmpuint (exp->eval_every, ==, 1);
  g_assert_true (isnan (exp->stop.loss_below));
  spec = gs_experiment_get_run (exp, 0);
  g_assert_cmpstr (spec->label, ==, "Adam");
  g_assert_null (spec->color);
  g_assert_cmpstr (spec->schedule->name, ==, "constant");
  g_assert_cmpfloat (spec->optimizer_values.values[0][0], ==, 0.001);
  g_assert_cmpfloat (spec->optimizer_values.values[1][1], ==, 0.999);
  g_assert_cmpuint (spec->optimizer_values.set, ==, 0);

  gs_experiment_get_run_config (exp, 0, &config);
  g_assert_cmpuint (config.max_steps, ==, 1000);
  g_assert_cmpuint (config.batch_size, ==, 0);
}

static const char *round_trip_texts[] = {
  "{\"problem\": {\"type\": \"function\", \"name\": \"beale\", \"view\": [-1, 4, -1.5, 2]},\n"
  " \"start\": [0.5, -0.25], \"regularization\": {\"l1\": 0.01, \"l2\": 0.1},\n"
  " \"max_steps\": 250, \"stop\": {\"loss_below\": 1e-10, \"grad_norm_below\": 1e-8},\n"
  " \"runs\": [\n"
  "  {\"label\": \"Adam 学习率\", \"color\": \"#1C71D8\",\n"
  "   \"optimizer\": {\"name\": \"adam\", \"lr\": 0.01, \"betas\": [0.8, 0.99], \"amsgrad\": true},\n"
  "   \"schedule\": {\"name\": \"cosine\", \"t_max\": 200, \"warmup_steps\": 10}},\n"
  "  {\"label\": \"Nesterov \\\"fast\\\"\", \"optimizer\": {\"name\": \"sgd\", \"lr\": 0.0005, \"momentum\": 0.9, \"nesterov\": true}},\n"
  "  {\"optimizer\": {\"name\": \"rmsprop\", \"centered\": true, \"momentum\": 0.5},\n"
  "   \"schedule\": {\"name\": \"plateau\", \"patience\": 3, \"factor\": 0.5}}]}",

  "{\"problem\": {\"type\": \"linear_regression\", \"data\": {\"inline\": "
  "[[1, 1, 3.5], [1, 2, 5.25], [2, 2, 6.0], [2, 3, 8.125]]}},\n"
  " \"max_steps\": 1000, \"runs\": [{\"label\": \"GD\", \"optimizer\": {\"name\": \"sgd\", \"lr\": 0.01}}]}",

  "{\"problem\": {\"type\": \"logistic_regression\", \"data\": {\"generator\": \"blobs\", "
  "\"samples\": 64, \"features\": 2, \"noise\": 0.75, \"seed\": 7}},\n"
  " \"batch_size\": 8, \"eval_every\": 4, \"start\": [0, 0.5, -0.5],\n"
  " \"runs\": [{\"optimizer\": {\"name\": \"adamw\", \"weight_decay\": 0.05}, \"shuffle_seed\": 3},\n"
  "          {\"optimizer\": {\"name\": \"sgd\", \"lr\": 0.1}, \"batch_size\": 0}]}",
};

static void
test_round_trip (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (round_trip_texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GsExperiment) a = load (round_trip_texts[i], &error);
      g_autoptr(GsExperiment) b = NULL;
      g_autoptr(GsExperiment) c = NULL;
      g_autofree char *json_a = NULL;
      g_autofree char *json_b = NULL;
      g_autofree char *dir = NULL;
      g_autofree char *path = NULL;

      g_assert_no_error (error);
      json_a = gs_experiment_to_json (a);

      /* through a file, as the app saves it */
      dir = g_dir_make_tmp ("gradscope-test-XXXXXX", &error);
      g_assert_no_error (error);
      path = g_build_filename (dir, "saved.json", NULL);
      g_assert_true (gs_experiment_save (a, path, &error));
      g_assert_no_error (error);
      b = gs_experiment_new_from_file (path, &error);
      g_assert_no_error (error);
      json_b = gs_experiment_to_json (b);
      g_assert_cmpstr (json_a, ==, json_b);

      /* and the runs of both are the same numbers */
      for (guint r = 0; r < gs_experiment_get_n_runs (a); r++)
        {
          g_autoptr(GsRun) ra = gs_experiment_create_run (a, r, 0);
          g_autoptr(GsRun) rb = gs_experiment_create_run (b, r, 0);

          gs_run_advance (ra, 50);
          gs_run_advance (rb, 50);
          g_assert_cmpuint (gs_run_get_step (ra), ==, gs_run_get_step (rb));
          for (guint j = 0; j < gs_problem_get_n_params (a->problem); j++)
            g_assert_cmpfloat (gs_run_get_theta (ra)[j], ==, gs_run_get_theta (rb)[j]);
        }

      /* a third load of the saved text gives the same text again */
      c = load (json_b, &error);
      g_assert_no_error (error);
      {
        g_autofree char *json_c = gs_experiment_to_json (c);
        g_assert_cmpstr (json_c, ==, json_b);
      }
      g_unlink (path);
      g_rmdir (dir);
    }
}

static void
test_round_trip_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsExperiment) exp = load (round_trip_texts[0], &error);
  GsRunSpec *adam, *sgd;

  g_assert_no_error (error);
  g_assert_true (exp->has_view);
  g_assert_cmpfloat (exp->view[2], ==, -1.5);
  g_assert_cmpfloat (exp->start[1], ==, -0.25);
  g_assert_cmpfloat (exp->reg.l1, ==, 0.01);
  g_assert_cmpfloat (exp->stop.grad_norm_below, ==, 1e-8);
  adam = gs_experiment_get_run (exp, 0);
  g_assert_cmpstr (adam->label, ==, "Adam 学习率");
  g_assert_cmpstr (adam->color, ==, "#1c71d8");
  g_assert_cmpfloat (adam->optimizer_values.values[1][0], ==, 0.8);
  g_assert_cmpfloat (adam->optimizer_values.values[4][0], ==, 1.0);   /* amsgrad */
  g_assert_cmpstr (adam->schedule->name, ==, "cosine");
  sgd = gs_experiment_get_run (exp, 1);
  g_assert_cmpstr (sgd->label, ==, "Nesterov \"fast\"");
  g_assert_cmpstr (gs_experiment_get_run (exp, 2)->label, ==, "RMSprop");
}

static void
test_save_failure_keeps_nothing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsExperiment) exp = load ("{" FN ", " ADAM_RUN "}", &error);

  g_assert_no_error (error);
  g_assert_false (gs_experiment_save (exp, "/nonexistent-dir/sub/exp.json", &error));
  g_assert_error (error, GS_ERROR, GS_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent-dir/sub/exp.json: cannot save"));
  g_assert_false (g_file_test ("/nonexistent-dir/sub/exp.json", G_FILE_TEST_EXISTS));
}

static void
test_errors_json (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (load ("{\n  \"problem\": {\"type\": \"function\",}\n}", &error));
  g_assert_error (error, GS_ERROR, GS_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "exp.json:2:"));
  g_clear_error (&error);

  g_assert_null (load ("", &error));
  g_assert_error (error, GS_ERROR, GS_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "exp.json:"));
  g_clear_error (&error);

  assert_load_error ("[1, 2]", "exp.json:1:1: the file: expected an object {…}, found an array");
}

static void
test_errors_keys (void)
{
  assert_load_error ("{" FN ",\n \"runs\": [{\"optimizer\": {\"name\": \"adam\",\n"
                     "   \"lerning_rate\": 0.1}}]}",
                     "exp.json:3:4: unknown key 'lerning_rate' in runs[0].optimizer; did you mean 'lr'?");
  assert_load_error ("{" FN ",\n \"max_step\": 10, " ADAM_RUN "}",
                     "exp.json:2:2: unknown key 'max_step' in the experiment; did you mean 'max_steps'?");
  assert_load_error ("{" FN ", \"runs\": [{\"optimizer\": {\"name\": \"sgd\", \"lr\": 0.1, \"beta1\": 0.9}}]}",
                     "exp.json:1:107: unknown key 'beta1' in runs[0].optimizer (expected 'name', 'lr', "
                     "'momentum', 'dampening', 'nesterov', 'weight_decay')");
  assert_load_error ("{" FN ", \"runs\": [{\"optimizer\": {\"name\": \"adamm\"}}]}",
                     "exp.json:1:89: unknown optimizer 'adamm'; did you mean 'adam'?");
  assert_load_error ("{\"problem\": {\"type\": \"function\", \"name\": \"rosenbrok\"}, " ADAM_RUN "}",
                     "exp.json:1:42: unknown function 'rosenbrok'; did you mean 'rosenbrock'?");
  assert_load_error ("{\"problem\": {\"type\": \"fn\", \"name\": \"rosenbrock\"}, " ADAM_RUN "}",
                     "exp.json:1:22: unknown problem type 'fn' (expected one of: function, "
                     "linear_regression, logistic_regression, mlp)");
  assert_load_error ("{" FN ", \"runs\": [{\"optimizer\": {\"name\": \"adam\"}, "
                     "\"schedule\": {\"name\": \"cosin\", \"t_max\": 5}}]}",
                     "exp.json:1:119: unknown schedule 'cosin'; did you mean 'cosine'?");
}

static void
test_errors_types (void)
{
  assert_load_error ("{" FN ", \"runs\": [{\"optimizer\": {\"name\": \"adam\", \"lr\": \"0.1\"}}]}",
                     "exp.json:1:103: runs[0].optimizer.lr: expected a number, found a string");
  assert_load_error ("{" FN ", \"runs\": [{\"optimizer\": {\"name\": \"adam\", \"amsgrad\": 1}}]}",
                     "exp.json:1:108: runs[0].optimizer.amsgrad: expected true or false, found a number");
  assert_load_error ("{" FN ", \"max_steps\": 2.5, " ADAM_RUN "}",
                     "exp.json:1:70: max_steps: expected a whole number in [0, 9007199254740992], found 2.5");
  assert_load_error ("{" FN ", \"runs\": {}}",
                     "exp.json:1:65: runs: expected an array of runs, found an object");
  assert_load_error ("{" FN ", \"runs\": []}", "exp.json:1:65: runs: expected at least one run");
  assert_load_error ("{" FN "}",
                     "exp.json:1:1: missing 'runs': a list of at least one run, e.g. "
                     "[{\"optimizer\": {\"name\": \"adam\", \"lr\": 0.01}}]");
  assert_load_error ("{" FN ", \"start\": [1, 2, 3], " ADAM_RUN "}",
                     "exp.json:1:66: start: expected 2 numbers for rosenbrock (one per parameter), found 3");
  assert_load_error ("{" FN ", \"runs\": [{\"optimizer\": {\"name\": \"adam\"}, \"color\": \"blue\"}]}",
                     "exp.json:1:107: runs[0].color: expected a colour as \"#rrggbb\", found \"blue\"");
}

static void
test_errors_ranges (void)
{
  assert_load_error ("{" FN ", \"runs\": [{\"optimizer\": {\"name\": \"adam\", \"lr\": -1}}]}",
                     "exp.json:1:103: runs[0].optimizer.lr: invalid learning rate: -1 (expected a value in (0, ∞))");
  assert_load_error ("{" FN ", \"runs\": [{\"optimizer\": {\"name\": \"adam\", \"betas\": [0.9, 1.0]}}]}",
                     "exp.json:1:112: runs[0].optimizer.betas[1]: invalid beta parameter at index 1: 1 "
                     "(expected a value in [0, 1))");
  assert_load_error ("{" FN ", \"runs\": [{\"optimizer\": {\"name\": \"rmsprop\", \"eps\": 0}}]}",
                     "exp.json:1:107: runs[0].optimizer.eps: invalid epsilon value: 0 (expected a value in (0, ∞))");
  assert_load_error ("{" FN ", \"runs\": [{\"optimizer\": {\"name\": \"sgd\"}}]}",
                     "exp.json:1:80: runs[0].optimizer: optimizer 'sgd' needs a value for 'lr'");
  assert_load_error ("{" FN ", \"runs\": [{\"optimizer\": {\"name\": \"sgd\", \"lr\": 0.1, \"nesterov\": true}}]}",
                     "exp.json:1:80: runs[0].optimizer: Nesterov momentum requires a momentum and zero dampening");
  assert_load_error ("{" FN ", \"runs\": [{\"optimizer\": {\"name\": \"sgd\", \"lr\": 0.1, \"momentum\": -0.5}}]}",
                     "exp.json:1:119: runs[0].optimizer.momentum: invalid momentum value: -0.5 (expected a value in [0, ∞))");
  assert_load_error ("{" FN ", \"regularization\": {\"l2\": -1}, " ADAM_RUN "}",
                     "exp.json:1:82: regularization.l2: expected a strength ≥ 0, found -1");
  assert_load_error ("{\"problem\": {\"type\": \"function\", \"name\": \"booth\", \"view\": [1, 0, 0, 1]}, " ADAM_RUN "}",
                     "exp.json:1:59: problem.view: expected [x_min, x_max, y_min, y_max] with x_min < x_max and y_min < y_max");
  assert_load_error ("{" FN ", \"batch_size\": 4, " ADAM_RUN "}",
                     "exp.json:1:71: batch_size: applies to data sets; rosenbrock has none");
}

#define LIN(data) "{\"problem\": {\"type\": \"linear_regression\", \"data\": " data "}, " ADAM_RUN "}"

static void
test_errors_data (void)
{
  assert_load_error (LIN ("{\"inline\": [[1, 2], [3]]}"),
                     "exp.json:1:71: problem.data.inline[1]: expected 2 numbers as in the first row, found 1");
  assert_load_error (LIN ("{\"inline\": [[1, 2], [3, \"x\"]]}"),
                     "exp.json:1:75: problem.data.inline[1][1]: expected a number, found a string");
  assert_load_error (LIN ("{\"inline\": []}"),
                     "exp.json:1:62: problem.data.inline: expected at least one row");
  assert_load_error (LIN ("{}"),
                     "exp.json:1:51: problem.data: expected exactly one of 'inline', 'csv' or 'generator', found 0");
  assert_load_error (LIN ("{\"generator\": \"lineer\"}"),
                     "exp.json:1:65: unknown generator 'lineer'; did you mean 'linear'?");
  assert_load_error (LIN ("{\"generator\": \"linear\", \"noise\": -1}"),
                     "exp.json:1:84: problem.data.noise: expected a noise ≥ 0, found -1");
  assert_load_error (LIN ("{\"inline\": [[1, 2]], \"seed\": 3}"),
                     "exp.json:1:72: problem.data.seed: 'seed' only applies to 'generator' data");
  assert_load_error ("{\"problem\": {\"type\": \"logistic_regression\", \"data\": "
                     "{\"inline\": [[1, 0], [2, 2]]}}, " ADAM_RUN "}",
                     "exp.json:1:53: problem.data: row 2: logistic_regression needs target labels 0 or 1, found 2");
}

static char *
write_file (const char *dir, const char *name, const char *text)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_csv (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gradscope-test-XXXXXX", &error);
  g_autofree char *good = write_file (dir, "good.csv", "x,y\n1,2\n2,4.5\n3,6\n");
  g_autofree char *ragged = write_file (dir, "ragged.csv", "x,y\n1,2\n2\n");
  g_autofree char *text = write_file (dir, "text.csv", "1,2\n2,  abc\n");
  g_autofree char *nan = write_file (dir, "nan.csv", "# comment\n1,2\nnan,4\n");
  g_autofree char *labels = write_file (dir, "labels.csv", "a,b,label\n0.5,1,0\n1,1,3\n");
  g_autofree char *exp_path = NULL;
  g_autoptr(GsExperiment) exp = NULL;
  const char *cases[][2] = {
    { "ragged.csv", "%s/ragged.csv:3:1: expected 2 fields as in the first row, found 1" },
    { "text.csv", "%s/text.csv:2:5: field 2: expected a number, found 'abc'" },
    { "nan.csv", "%s/nan.csv:3:1: field 1: expected a finite number, found 'nan'" },
    { "missing.csv", "%s/exp.json:1:59: problem.data.csv: cannot read the CSV file '%s/missing.csv': no such file" },
  };

  g_assert_no_error (error);

  /* relative to the experiment file, header detected */
  exp_path = write_file (dir, "exp.json",
                         "{\"problem\": {\"type\": \"linear_regression\", \"data\": {\"csv\": \"good.csv\"}}, "
                         ADAM_RUN "}");
  exp = gs_experiment_new_from_file (exp_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gs_problem_get_n_samples (exp->problem), ==, 3);
  g_assert_cmpuint (gs_problem_get_n_params (exp->problem), ==, 2);
  g_assert_cmpfloat (gs_problem_get_data (exp->problem)->y[1], ==, 4.5);
  g_clear_pointer (&exp, gs_experiment_free);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"problem\": {\"type\": \"linear_regression\", "
                                               "\"data\": {\"csv\": \"%s\"}}, " ADAM_RUN "}",
                                               cases[i][0]);
      g_auto(GStrv) parts = g_strsplit (cases[i][1], "%s", -1);
      g_autofree char *expected = g_strjoinv (dir, parts);
      g_autofree char *path = write_file (dir, "exp.json", json);

      g_assert_null (gs_experiment_new_from_file (path, &error));
      g_assert_nonnull (error);
      g_assert_cmpstr (error->message, ==, expected);
      g_clear_error (&error);
    }

  /* labels of logistic regression come with their CSV line */
  {
    g_autofree char *path = write_file (dir, "exp.json",
      "{\"problem\": {\"type\": \"logistic_regression\", \"data\": {\"csv\": \"labels.csv\"}}, "
      ADAM_RUN "}");
    g_autofree char *expected = g_strdup_printf ("%s/labels.csv:3: logistic_regression needs "
                                                 "target labels 0 or 1, found 3", dir);

    g_assert_null (gs_experiment_new_from_file (path, &error));
    g_assert_cmpstr (error->message, ==, expected);
    g_clear_error (&error);
  }

  /* a declared header on a numeric first row drops that row */
  {
    g_autofree char *path = write_file (dir, "exp.json",
      "{\"problem\": {\"type\": \"linear_regression\", \"data\": {\"csv\": \"text.csv\", \"header\": true}}, "
      ADAM_RUN "}");
    g_assert_null (gs_experiment_new_from_file (path, &error));
    g_clear_error (&error);
  }

  g_unlink (good); g_unlink (ragged); g_unlink (text); g_unlink (nan); g_unlink (labels);
  g_unlink (exp_path);
  g_rmdir (dir);
}

/* Save As into another directory: a CSV path relative to the experiment
 * file is written relative to the new file, so it loads the same data. */
static void
test_csv_save_elsewhere (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("gradscope-test-XXXXXX", &error);
  g_autofree char *a = g_build_filename (root, "a", NULL);
  g_autofree char *data_dir = g_build_filename (root, "a", "data", NULL);
  g_autofree char *b = g_build_filename (root, "b", "deeper", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *exp_path = NULL;
  g_autofree char *saved = g_build_filename (b, "saved.json", NULL);
  g_autofree char *same = g_build_filename (a, "same.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GsExperiment) exp = NULL;
  g_autoptr(GsExperiment) back = NULL;
  const GsDataset *d1, *d2;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (data_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (b, 0700), ==, 0);
  csv = write_file (data_dir, "points.csv", "x,y\n1,2\n2,4.5\n3,6\n4,8.25\n");
  exp_path = write_file (a, "exp.json",
                         "{\"problem\": {\"type\": \"linear_regression\", "
                         "\"data\": {\"csv\": \"data/points.csv\"}}, " ADAM_RUN "}");
  exp = gs_experiment_new_from_file (exp_path, &error);
  g_assert_no_error (error);

  /* into another directory: the path from there */
  g_assert_true (gs_experiment_save (exp, saved, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (saved, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\"csv\": \"../../a/data/points.csv\""));
  back = gs_experiment_new_from_file (saved, &error);
  g_assert_no_error (error);
  d1 = gs_problem_get_data (exp->problem);
  d2 = gs_problem_get_data (back->problem);
  g_assert_cmpuint (d2->n_rows, ==, 4);
  g_assert_cmpuint (d2->n_rows, ==, d1->n_rows);
  for (guint i = 0; i < d1->n_rows; i++)
    {
      g_assert_cmpfloat (d2->y[i], ==, d1->y[i]);
      g_assert_cmpfloat (gs_dataset_row (d2, i)[1], ==, gs_dataset_row (d1, i)[1]);
    }
  /* the experiment in memory still reads from where it was loaded */
  g_assert_cmpstr (exp->data.csv, ==, "data/points.csv");
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&back, gs_experiment_free);

  /* the copy saved again elsewhere still finds it */
  {
    g_autofree char *again = g_build_filename (root, "again.json", NULL);

    g_assert_true (gs_experiment_save (exp, again, &error));
    g_assert_true (g_file_get_contents (again, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "\"csv\": \"a/data/points.csv\""));
    back = gs_experiment_new_from_file (again, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (gs_problem_get_n_samples (back->problem), ==, 4);
    g_clear_pointer (&text, g_free);
    g_clear_pointer (&back, gs_experiment_free);
    g_unlink (again);
  }

  /* next to the original: the path as it was written */
  g_assert_true (gs_experiment_save (exp, same, &error));
  g_assert_true (g_file_get_contents (same, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\"csv\": \"data/points.csv\""));

  g_unlink (same); g_unlink (saved); g_unlink (exp_path); g_unlink (csv);
  g_rmdir (b);
  {
    g_autofree char *b_parent = g_path_get_dirname (b);
    g_rmdir (b_parent);
  }
  g_rmdir (data_dir); g_rmdir (a); g_rmdir (root);
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (gs_experiment_new_from_file ("/nonexistent/exp.json", &error));
  g_assert_error (error, GS_ERROR, GS_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/exp.json: cannot read the experiment"));
}

/* Regularization per run (overriding the experiment's) and L1 by its
 * proximal step: read, written back the same, given to each run's
 * settings; bad values say where */
static void
test_run_regularization (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsExperiment) a = load ("{" FN ", \"regularization\": {\"l1\": 0.5}, \"runs\": ["
                                    "{\"optimizer\": {\"name\": \"adam\"}},"
                                    "{\"optimizer\": {\"name\": \"adam\"}, \"regularization\": "
                                    "{\"l1\": 2, \"l1_mode\": \"proximal\"}}]}", &error);
  g_autoptr(GsExperiment) b = NULL;
  g_autofree char *json_a = NULL;
  g_autofree char *json_b = NULL;
  GsRunConfig c0, c1;

  g_assert_no_error (error);
  gs_experiment_get_run_config (a, 0, &c0);
  gs_experiment_get_run_config (a, 1, &c1);
  g_assert_cmpfloat (c0.reg.l1, ==, 0.5);
  g_assert_false (c0.reg.l1_proximal);
  g_assert_cmpfloat (c1.reg.l1, ==, 2);
  g_assert_cmpfloat (c1.reg.l2, ==, 0);
  g_assert_true (c1.reg.l1_proximal);
  json_a = gs_experiment_to_json (a);
  g_assert_nonnull (strstr (json_a, "\"l1_mode\": \"proximal\""));
  b = load (json_a, &error);
  g_assert_no_error (error);
  json_b = gs_experiment_to_json (b);
  g_assert_cmpstr (json_a, ==, json_b);

  assert_load_error ("{" FN ", \"regularization\": {\"l1\": 1, \"l1_mode\": \"soft\"}, " ADAM_RUN "}",
                     "exp.json:1:96: unknown L1 mode 'soft' (expected one of: subgradient, "
                     "proximal)");
  assert_load_error ("{" FN ", \"runs\": [{\"optimizer\": {\"name\": \"adam\"}, "
                     "\"regularization\": {\"l2\": -1}}]}",
                     "exp.json:1:123: runs[0].regularization.l2: expected a strength ≥ 0, found -1");
}

/* At least one character of the CJK Unified Ideographs */
static gboolean
has_hanzi (const char *s)
{
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    if (g_utf8_get_char (p) >= 0x4E00 && g_utf8_get_char (p) <= 0x9FFF)
      return TRUE;
  return FALSE;
}

/* In Simplified Chinese (with the catalog the build tree makes from
 * po/zh_CN.po): the place (file:line:col, the key's path) stays as it is,
 * the names and numbers too; the words around them are translated. */
static void
test_errors_translated (void)
{
  static const struct
  {
    const char *text;
    const char *where;       /* the English message starts with it, so must the Chinese */
    const char *kept[3];     /* in both */
  } cases[] = {
    { "{\"problem\": {\"type\": \"function\", \"name\": \"rosenbrok\"}, " ADAM_RUN "}",
      "exp.json:1:42: ", { "'rosenbrok'", "'rosenbrock'", NULL } },
    { "{" FN ",\n \"runs\": [\n  {\"optimizer\": {\"name\": \"adam\",\n    \"lr\": -1}}]}",
      "exp.json:4:11: runs[0].optimizer.lr: ", { "-1", "(0, ∞)", NULL } },
    { "{\"problem\": {\"type\": \"function\", \"expression\": \"x + * y\"}, " ADAM_RUN "}",
      "exp.json:1:53: problem.expression: ", { "'*'", " 5", NULL } },
    { "{\"problem\": {\"type\": \"logistic_regression\", \"data\": {\"inline\": "
      "[[1, 0], [2, 2]]}}, " ADAM_RUN "}",
      "exp.json:1:53: problem.data: ", { "logistic_regression", "2", NULL } },
  };
  static const char probe[] = "unknown %s '%s'; did you mean '%s'?";
  g_autofree char *mo = g_build_filename (GS_BUILD_LOCALEDIR, "zh_CN", "LC_MESSAGES",
                                          GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *saved_locale = g_strdup (setlocale (LC_ALL, NULL));
  g_autofree char *saved_language = g_strdup (g_getenv ("LANGUAGE"));
  char *english[G_N_ELEMENTS (cases)];
  gboolean translated;

  /* in English first, as every other test has them */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GsExperiment) exp = load (cases[i].text, &error);

      g_assert_null (exp);
      g_assert_nonnull (error);
      if (!g_str_has_prefix (error->message, cases[i].where))
        g_printerr ("got:      %s\nexpected: %s…\n", error->message, cases[i].where);
      g_assert_true (g_str_has_prefix (error->message, cases[i].where));
      english[i] = g_strdup (error->message);
    }

  if (!g_file_test (mo, G_FILE_TEST_IS_REGULAR))
    {
      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        g_free (english[i]);
      g_test_skip ("no Simplified Chinese catalog in the build tree");
      return;
    }

  /* LANGUAGE chooses the catalog in any locale but "C" itself */
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  if (setlocale (LC_ALL, "C.UTF-8") == NULL)
    {
      g_test_skip ("no C.UTF-8 locale");
      translated = FALSE;
    }
  else
    {
      gs_i18n_init ();
      translated = g_strcmp0 (g_dgettext (GETTEXT_PACKAGE, probe), probe) != 0;
      if (!translated)
        g_test_skip ("po/zh_CN.po has no translations of the engine's messages yet");
    }

  for (guint i = 0; translated && i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GsExperiment) exp = load (cases[i].text, &error);

      g_assert_null (exp);
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_true (g_str_has_prefix (error->message, cases[i].where));
      g_assert_cmpstr (error->message, !=, english[i]);
      g_assert_true (has_hanzi (error->message + strlen (cases[i].where)));
      for (guint k = 0; cases[i].kept[k]; k++)
        {
          g_assert_nonnull (strstr (english[i], cases[i].kept[k]));
          g_assert_nonnull (strstr (error->message, cases[i].kept[k]));
        }
    }

  /* back to English for whatever runs after */
  if (saved_language)
    g_setenv ("LANGUAGE", saved_language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, saved_locale);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GsExperiment) exp = load (cases[0].text, &error);

    g_assert_cmpstr (error->message, ==, english[0]);
  }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_free (english[i]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gradscope/experiment/builtin-default", test_builtin_default);
  g_test_add_func ("/gradscope/experiment/defaults", test_defaults);
  g_test_add_func ("/gradscope/experiment/round-trip", test_round_trip);
  g_test_add_func ("/gradscope/experiment/round-trip-values", test_round_trip_values);
  g_test_add_func ("/gradscope/experiment/save-failure", test_save_failure_keeps_nothing);
  g_test_add_func ("/gradscope/experiment/errors/json", test_errors_json);
  g_test_add_func ("/gradscope/experiment/errors/keys", test_errors_keys);
  g_test_add_func ("/gradscope/experiment/errors/types", test_errors_types);
  g_test_add_func ("/gradscope/experiment/errors/ranges", test_errors_ranges);
  g_test_add_func ("/gradscope/experiment/errors/data", test_errors_data);
  g_test_add_func ("/gradscope/experiment/errors/csv", test_csv);
  g_test_add_func ("/gradscope/experiment/errors/missing-file", test_missing_file);
  g_test_add_func ("/gradscope/experiment/csv-save-elsewhere", test_csv_save_elsewhere);
  g_test_add_func ("/gradscope/experiment/run-regularization", test_run_regularization);
  g_test_add_func ("/gradscope/experiment/errors/translated", test_errors_translated);
  return g_test_run ();
}
