/* test-lessons.c — every built-in lesson loads and runs, and what its text
 * says is what the engine does, number for number */
#include <gio/gio.h>
#include <glib.h>
#include <math.h>
#include <string.h>

#include "gs-experiment.h"
#include "gs-lessons.h"

#define LESSON_DIR "/io/github/gradscope/lessons/"

/* ---- helpers -------------------------------------------------------------------- */

/* Every row of one finished run (the trace is made large enough to keep
 * them all, so row k is step k). */
typedef struct
{
  GsStatus status;
  guint64  steps;     /* updates done */
  guint    n;         /* rows: steps + 1 */
  gsize    width;     /* doubles per row */
  double  *rows;
} Walk;

static void
walk_clear (Walk *w)
{
  g_free (w->rows);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Walk, walk_clear)

static const GsRow *
row (const Walk *w, guint k)
{
  g_assert_cmpuint (k, <, w->n);
  return gs_row_at (w->rows, w->width, k);
}

static const GsRow *
last (const Walk *w)
{
  return row (w, w->n - 1);
}

/* θ_j at row k */
static double
th (const Walk *w, guint k, guint j)
{
  return row (w, k)->theta[j];
}

/* Runs run i of exp to its end and keeps every row. */
static Walk
run_walk (const GsExperiment *exp, guint i)
{
  g_autoptr(GsRun) run = gs_experiment_create_run (exp, i, (guint) exp->max_steps + 16);
  GsTrace *trace = gs_run_get_trace (run);
  Walk w = { 0 };

  /* a lesson opens paused at step 0: the run exists with its row 0 only */
  g_assert_cmpuint (gs_run_get_step (run), ==, 0);
  g_assert_cmpuint (gs_trace_get_n_rows (trace, NULL), ==, 1);
  while (gs_run_get_status (run) == GS_STATUS_RUNNING)
    gs_run_step (run);
  w.status = gs_run_get_status (run);
  w.steps = gs_run_get_step (run);
  w.width = gs_trace_row_width (trace);
  w.n = gs_trace_get_n_rows (trace, NULL);
  g_assert_cmpuint (w.n, ==, w.steps + 1);   /* nothing decimated */
  w.rows = g_new (double, w.n * w.width);
  g_assert_cmpuint (gs_trace_copy_rows (trace, 0, w.n, w.rows), ==, w.n);
  for (guint k = 0; k < w.n; k++)
    g_assert_cmpfloat (row (&w, k)->step, ==, k);
  return w;
}

static GsExperiment *
load_lesson (const char *id)
{
  g_autoptr(GError) error = NULL;
  GsExperiment *exp = gs_lesson_load_id (id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (exp);
  return exp;
}

/* Run i, checked to be the one the text talks about. */
static GsRunSpec *
run_spec (const GsExperiment *exp, guint i, const char *label)
{
  GsRunSpec *spec = gs_experiment_get_run (exp, i);

  g_assert_nonnull (spec);
  g_assert_cmpstr (spec->label, ==, label);
  return spec;
}

static void
set_optimizer_value (GsRunSpec *spec, const char *name, double value)
{
  int i = gs_param_find (spec->optimizer->params, spec->optimizer->n_params, name);

  g_assert_cmpint (i, >=, 0);
  spec->optimizer_values.values[i][0] = value;
  spec->optimizer_values.set |= 1u << i;
}

static double
optimizer_value (const GsRunSpec *spec, const char *name)
{
  int i = gs_param_find (spec->optimizer->params, spec->optimizer->n_params, name);

  g_assert_cmpint (i, >=, 0);
  return spec->optimizer_values.values[i][0];
}

static void
set_start (GsExperiment *exp, double x, double y)
{
  g_assert_true (exp->has_start);
  exp->start[0] = x;
  exp->start[1] = y;
}

/* The text says this, word for word. */
static void
assert_says (const char *text, const char *words)
{
  if (strstr (text, words) == NULL)
    g_error ("the lesson text does not say '%s':\n%s", words, text);
}

/* Loss rises from one row to the next, beyond rounding. */
static guint
count_rises (const Walk *w, guint from)
{
  guint n = 0;

  for (guint k = from + 1; k < w->n; k++)
    if (row (w, k)->loss > row (w, k - 1)->loss * (1 + 1e-12))
      n++;
  return n;
}

/* Mean and standard deviation of the loss over rows [from, to). */
static void
loss_stats (const Walk *w, guint from, guint to, double *mean, double *sd)
{
  double s = 0, s2 = 0;

  g_assert_cmpuint (to, <=, w->n);
  g_assert_cmpuint (from, <, to);
  for (guint k = from; k < to; k++)
    s += row (w, k)->loss;
  *mean = s / (to - from);
  for (guint k = from; k < to; k++)
    s2 += (row (w, k)->loss - *mean) * (row (w, k)->loss - *mean);
  *sd = sqrt (s2 / (to - from));
}

static double
step_length (const Walk *w, guint k)
{
  return hypot (row (w, k + 1)->theta[0] - row (w, k)->theta[0],
                row (w, k + 1)->theta[1] - row (w, k)->theta[1]);
}

/* ---- the table ------------------------------------------------------------------- */

static const char *const lesson_ids[] = {
  "learning-rate", "momentum", "saddle", "adaptive", "l1-vs-l2", "batch-size",
  "schedules", "article",
};

static void
assert_text (const char *text, gboolean question)
{
  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpuint (strlen (text), >, 20);
  /* plain text that is also valid Pango markup, as the header promises */
  g_assert_null (strpbrk (text, "&<>"));
  g_assert_null (strchr (text, '\n'));
  g_assert_false (g_ascii_isspace (text[0]));
  g_assert_false (g_ascii_isspace (text[strlen (text) - 1]));
  if (question)
    g_assert_true (g_str_has_suffix (text, "?"));
  else
    g_assert_true (g_str_has_suffix (text, ".") || g_str_has_suffix (text, ")"));
}

static void
test_table (void)
{
  guint n;
  const GsLesson *lessons = gs_lessons (&n);
  g_autoptr(GHashTable) resources = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) files = NULL;

  /* issue 5's lessons, in its order */
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (lesson_ids));
  for (guint i = 0; i < n; i++)
    {
      const GsLesson *l = &lessons[i];
      g_autofree char *resource = g_strconcat (LESSON_DIR, l->id, ".json", NULL);

      g_assert_cmpstr (l->id, ==, lesson_ids[i]);
      g_assert_true (gs_lesson_lookup (l->id) == l);
      g_assert_cmpstr (l->resource, ==, resource);
      g_assert_true (g_hash_table_add (resources, (gpointer) (l->resource + strlen (LESSON_DIR))));
      g_assert_true (g_utf8_validate (l->title, -1, NULL));
      g_assert_cmpuint (strlen (l->title), >, 5);
      g_assert_null (strpbrk (l->title, "&<>\n"));
      assert_text (l->summary, FALSE);
      assert_text (l->look_at, FALSE);
      assert_text (l->try_this, FALSE);
      assert_text (l->ask, TRUE);
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (lessons[j].title, !=, l->title);
    }
  g_assert_null (gs_lesson_lookup ("nope"));

  /* every lesson file in the bundle belongs to a lesson */
  files = g_resources_enumerate_children (LESSON_DIR, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (files), ==, n);
  for (guint i = 0; files[i]; i++)
    g_assert_true (g_hash_table_contains (resources, files[i]));
}

/* Every lesson loads, has runs that can be told apart, fits the class's
 * 10–20 s at the app's default 60 steps/s, and runs to its end. */
static void
test_load_all (void)
{
  guint n;
  const GsLesson *lessons = gs_lessons (&n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GsExperiment) exp = gs_lesson_load (&lessons[i], &error);
      guint n_runs;

      g_assert_no_error (error);
      g_assert_nonnull (exp);
      n_runs = gs_experiment_get_n_runs (exp);
      g_assert_cmpuint (n_runs, >=, 2);
      g_assert_cmpuint (exp->max_steps, >=, 600);
      g_assert_cmpuint (exp->max_steps, <=, 1200);
      for (guint r = 0; r < n_runs; r++)
        {
          GsRunSpec *spec = gs_experiment_get_run (exp, r);
          g_auto(Walk) w = run_walk (exp, r);

          g_assert_nonnull (spec->label);
          g_assert_nonnull (spec->color);
          for (guint q = 0; q < r; q++)
            {
              g_assert_cmpstr (gs_experiment_get_run (exp, q)->label, !=, spec->label);
              g_assert_cmpstr (gs_experiment_get_run (exp, q)->color, !=, spec->color);
            }
          g_assert_cmpuint (w.steps, >=, 1);
          g_assert_cmpuint (w.steps, <=, exp->max_steps);
          g_assert_true (isfinite (row (&w, 0)->loss));
        }
      /* what it was saved as reads back the same */
      {
        g_autofree char *json = gs_experiment_to_json (exp);
        g_autoptr(GsExperiment) again = gs_experiment_new_from_data (json, -1, "again.json",
                                                                     NULL, &error);
        g_autofree char *json2 = NULL;

        g_assert_no_error (error);
        json2 = gs_experiment_to_json (again);
        g_assert_cmpstr (json, ==, json2);
      }
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_null (gs_lesson_load_id ("nope", &error));
    g_assert_error (error, GS_ERROR, GS_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==,
                     "no lesson 'nope' (there are: learning-rate, momentum, saddle, adaptive, "
                     "l1-vs-l2, batch-size, schedules, article)");
  }
  {
    /* a lesson whose file is missing says so instead of crashing */
    GsLesson missing = lessons[0];
    g_autoptr(GError) error = NULL;

    missing.resource = "/io/github/gradscope/lessons/missing.json";
    g_assert_null (gs_lesson_load (&missing, &error));
    g_assert_error (error, GS_ERROR, GS_ERROR_IO);
    g_assert_true (g_str_has_prefix (error->message, "lesson:learning-rate: cannot read "));
  }
}

/* ---- 1. learning rate ------------------------------------------------------------- */

static void
test_learning_rate (void)
{
  const GsLesson *l = gs_lesson_lookup ("learning-rate");
  g_autoptr(GsExperiment) exp = load_lesson ("learning-rate");
  const char *labels[] = { "Too small · lr 0.01", "Right · lr 0.1", "Too large · lr 0.195",
                           "Divergent · lr 0.3" };
  Walk w[4];

  g_assert_cmpstr (exp->function, ==, "quadratic");
  g_assert_cmpfloat (exp->stop.loss_below, ==, 1e-6);
  for (guint i = 0; i < 4; i++)
    {
      run_spec (exp, i, labels[i]);
      w[i] = run_walk (exp, i);
    }

  /* steps to a loss below 10⁻⁶ */
  g_assert_cmpint (w[0].status, ==, GS_STATUS_CONVERGED);
  g_assert_cmpuint (w[0].steps, ==, 860);
  g_assert_cmpint (w[1].status, ==, GS_STATUS_CONVERGED);
  g_assert_cmpuint (w[1].steps, ==, 83);
  g_assert_cmpint (w[2].status, ==, GS_STATUS_CONVERGED);
  g_assert_cmpuint (w[2].steps, ==, 164);
  g_assert_cmpint (w[3].status, ==, GS_STATUS_DIVERGED);
  g_assert_cmpuint (w[3].steps, ==, 510);
  assert_says (l->look_at, "needs 860 steps");
  assert_says (l->look_at, "With lr 0.1 it needs 83");
  assert_says (l->look_at, "needs 164");
  assert_says (l->look_at, "at step 510");

  /* right: the loss only falls; too large: y changes sign every step */
  g_assert_cmpuint (count_rises (&w[1], 0), ==, 0);
  for (guint k = 0; k + 1 < w[2].n; k++)
    g_assert_cmpfloat (row (&w[2], k)->theta[1] * row (&w[2], k + 1)->theta[1], <, 0);
  /* divergent: every step lands further out, the loss grows every step
   * until it is no longer a number */
  for (guint k = 1; k < w[3].n; k++)
    {
      g_assert_cmpfloat (fabs (row (&w[3], k)->theta[1]), >, fabs (row (&w[3], k - 1)->theta[1]));
      g_assert_cmpfloat (row (&w[3], k)->loss, >, row (&w[3], k - 1)->loss);
    }
  g_assert_false (isfinite (last (&w[3])->loss));

  /* Ask: y is multiplied by 1 − 10·lr */
  g_assert_cmpfloat_with_epsilon (th (&w[0], 1, 1) / th (&w[0], 0, 1), 0.9, 1e-12);
  g_assert_cmpfloat_with_epsilon (th (&w[2], 1, 1) / th (&w[2], 0, 1), -0.95, 1e-12);
  g_assert_cmpfloat_with_epsilon (th (&w[3], 1, 1) / th (&w[3], 0, 1), -2, 1e-12);
  assert_says (l->ask, "by 0.9 for lr 0.01, by −0.95 for lr 0.195, by −2 for lr 0.3");

  /* Try: below 0.2 the zig-zag dies out, above it grows */
  {
    GsRunSpec *spec = run_spec (exp, 2, labels[2]);

    set_optimizer_value (spec, "lr", 0.19);
    {
      g_auto(Walk) below = run_walk (exp, 2);
      g_assert_cmpint (below.status, ==, GS_STATUS_CONVERGED);
      g_assert_cmpfloat (fabs (th (&below, 50, 1)), <, 0.01 * fabs (th (&below, 0, 1)));
    }
    set_optimizer_value (spec, "lr", 0.21);
    {
      g_auto(Walk) above = run_walk (exp, 2);
      g_assert_cmpint (above.status, !=, GS_STATUS_CONVERGED);
      g_assert_cmpfloat (fabs (th (&above, 100, 1)), >, 100 * fabs (th (&above, 0, 1)));
      for (guint k = 1; k < above.n; k++)
        g_assert_cmpfloat (fabs (th (&above, k, 1)), >, fabs (th (&above, k - 1, 1)));
    }
    assert_says (l->try_this, "to 0.19 and then to 0.21");
  }

  for (guint i = 0; i < 4; i++)
    walk_clear (&w[i]);
}

/* ---- 2. momentum ------------------------------------------------------------------- */

static double
max_x (const Walk *w)
{
  double m = -INFINITY;

  for (guint k = 0; k < w->n; k++)
    m = MAX (m, row (w, k)->theta[0]);
  return m;
}

static void
test_momentum (void)
{
  const GsLesson *l = gs_lesson_lookup ("momentum");
  g_autoptr(GsExperiment) exp = load_lesson ("momentum");
  const char *labels[] = { "GD · lr 0.02", "Momentum 0.5 · lr 0.02", "Momentum 0.9 · lr 0.02",
                           "Nesterov 0.9 · lr 0.02" };
  const guint64 steps[] = { 428, 204, 152, 108 };
  Walk w[4];

  g_assert_cmpstr (exp->function, ==, "quadratic");
  for (guint i = 0; i < 4; i++)
    {
      GsRunSpec *spec = run_spec (exp, i, labels[i]);

      /* the same lr for every run */
      g_assert_cmpfloat (optimizer_value (spec, "lr"), ==, 0.02);
      w[i] = run_walk (exp, i);
      g_assert_cmpint (w[i].status, ==, GS_STATUS_CONVERGED);
      g_assert_cmpuint (w[i].steps, ==, steps[i]);
      if (i > 0)
        g_assert_cmpuint (w[i].steps, <, w[0].steps);
    }
  assert_says (l->look_at, "428 steps");
  assert_says (l->look_at, "momentum 0.5 the run needs 204 steps, with 0.9 only 152");
  assert_says (l->look_at, "108 steps");

  /* plain GD creeps up to x = 0 from the left and never passes it; momentum
   * 0.9 overshoots the minimum and comes back, Nesterov less far */
  for (guint k = 1; k < w[0].n; k++)
    g_assert_cmpfloat (row (&w[0], k)->theta[0], >, row (&w[0], k - 1)->theta[0]);
  g_assert_cmpfloat (max_x (&w[0]), <, 0);
  g_assert_cmpfloat (max_x (&w[2]), >, 1);
  g_assert_cmpfloat (max_x (&w[3]), <, max_x (&w[2]));

  /* Try: momentum 0.99 swings on past 600 steps; GD with lr 0.18 needs 44 */
  {
    GsRunSpec *spec = run_spec (exp, 2, labels[2]);
    set_optimizer_value (spec, "momentum", 0.99);
    {
      g_auto(Walk) swing = run_walk (exp, 2);
      g_assert_cmpint (swing.status, ==, GS_STATUS_MAX_STEPS);
      g_assert_cmpuint (swing.steps, ==, 600);
    }
    spec = run_spec (exp, 0, labels[0]);
    set_optimizer_value (spec, "lr", 0.18);
    {
      g_auto(Walk) fast = run_walk (exp, 0);
      g_assert_cmpint (fast.status, ==, GS_STATUS_CONVERGED);
      g_assert_cmpuint (fast.steps, ==, 44);
    }
    assert_says (l->try_this, "does not get there within 600 steps");
    assert_says (l->try_this, "needs only 44 steps");
  }

  for (guint i = 0; i < 4; i++)
    walk_clear (&w[i]);
}

/* ---- 3. saddle --------------------------------------------------------------------- */

static void
test_saddle (void)
{
  const GsLesson *l = gs_lesson_lookup ("saddle");
  g_autoptr(GsExperiment) exp = load_lesson ("saddle");
  const char *labels[] = { "GD · lr 0.005", "Momentum 0.9 · lr 0.005", "Adam · lr 0.005" };
  const guint64 steps[] = { 785, 130, 325 };
  Walk w[3];
  double gd_closest = INFINITY, adam_closest = INFINITY;
  guint near_zero = 0;

  g_assert_cmpstr (exp->function, ==, "saddle");
  g_assert_true (exp->has_start);
  /* near the saddle's ridge, not on it */
  g_assert_cmpfloat (exp->start[0], ==, -2);
  g_assert_cmpfloat (exp->start[1], ==, 0.001);
  g_assert_cmpfloat (exp->stop.loss_below, ==, -6);
  for (guint i = 0; i < 3; i++)
    {
      run_spec (exp, i, labels[i]);
      w[i] = run_walk (exp, i);
      /* every run escapes: |y| grows, the loss goes below the saddle's 0 */
      g_assert_cmpint (w[i].status, ==, GS_STATUS_CONVERGED);
      g_assert_cmpuint (w[i].steps, ==, steps[i]);
      g_assert_cmpfloat (last (&w[i])->loss, <, -6);
      g_assert_cmpfloat (fabs (last (&w[i])->theta[1]), >, 2.4);
      g_assert_cmpfloat (fabs (last (&w[i])->theta[1]), >, 1000 * fabs (th (&w[i], 0, 1)));
    }
  assert_says (l->look_at, "after 785 steps");
  assert_says (l->look_at, "Momentum escapes after 130 steps");
  assert_says (l->look_at, "escapes after 325");

  /* GD: y is multiplied by 1.01 a step; it comes within 0.1 of the saddle and its
   * loss stays near 0 for hundreds of steps. Adam turns away early. */
  for (guint k = 0; k < w[0].n; k++)
    {
      const GsRow *r = row (&w[0], k);

      if (k > 0)
        g_assert_cmpfloat_with_epsilon (r->theta[1] / row (&w[0], k - 1)->theta[1], 1.01, 1e-12);
      gd_closest = MIN (gd_closest, hypot (r->theta[0], r->theta[1]));
      if (fabs (r->loss) < 0.1)
        near_zero++;
    }
  for (guint k = 0; k < w[2].n; k++)
    adam_closest = MIN (adam_closest, hypot (row (&w[2], k)->theta[0], row (&w[2], k)->theta[1]));
  g_assert_cmpfloat (gd_closest, <, 0.1);
  g_assert_cmpuint (near_zero, >=, 300);
  g_assert_cmpfloat (adam_closest, >, 0.5);
  assert_says (l->look_at, "y is multiplied by 1.01 every step");

  /* Try: exactly on the axis every run walks into the saddle and stays */
  set_start (exp, -2, 0);
  for (guint i = 0; i < 3; i++)
    {
      g_auto(Walk) on = run_walk (exp, i);

      g_assert_cmpint (on.status, ==, GS_STATUS_MAX_STEPS);
      for (guint k = 0; k < on.n; k++)
        {
          g_assert_cmpfloat (row (&on, k)->theta[1], ==, 0);
          g_assert_cmpfloat (row (&on, k)->loss, >=, 0);
        }
      g_assert_cmpfloat (fabs (last (&on)->theta[0]), <, 0.05);
    }
  /* … and 1000 times closer to it, GD does not escape within 1000 steps */
  set_start (exp, -2, 0.000001);
  for (guint i = 0; i < 3; i++)
    {
      g_auto(Walk) closer = run_walk (exp, i);

      if (i == 0)
        {
          g_assert_cmpint (closer.status, ==, GS_STATUS_MAX_STEPS);
          g_assert_cmpfloat (last (&closer)->loss, >, -6);
        }
      else
        g_assert_cmpint (closer.status, ==, GS_STATUS_CONVERGED);
    }
  assert_says (l->try_this, "(−2, 0.000001)");

  for (guint i = 0; i < 3; i++)
    walk_clear (&w[i]);
}

/* ---- 4. adaptive methods ----------------------------------------------------------- */

static void
test_adaptive (void)
{
  const GsLesson *l = gs_lesson_lookup ("adaptive");
  g_autoptr(GsExperiment) exp = load_lesson ("adaptive");
  const char *labels[] = { "GD · lr 0.01", "GD · lr 0.1", "AdaGrad · lr 0.5",
                           "RMSprop · lr 0.1", "Adam · lr 0.1" };
  Walk w[5];

  g_assert_cmpstr (exp->function, ==, "beale");
  g_assert_cmpfloat (exp->stop.loss_below, ==, 1e-4);
  for (guint i = 0; i < 5; i++)
    {
      run_spec (exp, i, labels[i]);
      w[i] = run_walk (exp, i);
    }

  /* GD: lr 0.1 is thrown out at step 4, lr 0.01 gets there in 901 */
  g_assert_cmpint (w[1].status, ==, GS_STATUS_DIVERGED);
  g_assert_cmpuint (w[1].steps, ==, 4);
  g_assert_cmpint (w[0].status, ==, GS_STATUS_CONVERGED);
  g_assert_cmpuint (w[0].steps, ==, 901);
  /* each adaptive method gets below 10⁻⁴, next to the minimum (3, 0.5) */
  g_assert_cmpuint (w[2].steps, ==, 835);
  g_assert_cmpuint (w[3].steps, ==, 223);
  g_assert_cmpuint (w[4].steps, ==, 377);
  for (guint i = 0; i < 5; i++)
    if (i != 1)
      {
        g_assert_cmpint (w[i].status, ==, GS_STATUS_CONVERGED);
        g_assert_cmpfloat (last (&w[i])->loss, <, 1e-4);
        g_assert_cmpfloat (hypot (last (&w[i])->theta[0] - 3, last (&w[i])->theta[1] - 0.5),
                           <, 0.05);
      }
  g_assert_cmpuint (w[3].steps, <, w[0].steps);
  g_assert_cmpuint (w[4].steps, <, w[0].steps);
  assert_says (l->look_at, "diverges at step 4");
  assert_says (l->look_at, "takes 901 steps");
  assert_says (l->look_at, "RMSprop gets there in 223 steps and Adam in 377; "
                           "AdaGrad, with lr 0.5, in 835");

  /* a steep wall means a long GD step (lr·‖g‖, ‖g‖ ≈ 99 at the start), not
   * a long adaptive one: never more than 15·lr (RMSprop's first step,
   * lr·g/√(0.01·g²) = 10·lr per coordinate, is the longest) */
  g_assert_cmpfloat (step_length (&w[0], 0) / 0.01, >, 90);
  g_assert_cmpfloat (step_length (&w[1], 0) / 0.1, >, 90);
  for (guint i = 2; i < 5; i++)
    {
      double lr = optimizer_value (gs_experiment_get_run (exp, i), "lr");

      for (guint k = 0; k + 1 < w[i].n; k++)
        g_assert_cmpfloat (step_length (&w[i], k) / lr, <, 15);
    }

  /* Try: AdaGrad with lr 0.1 slows down and does not get there; GD with
   * lr 0.02 does, in about half the steps; lr 0.05 is thrown out */
  {
    GsRunSpec *spec = run_spec (exp, 2, labels[2]);

    set_optimizer_value (spec, "lr", 0.1);
    {
      g_auto(Walk) slow = run_walk (exp, 2);
      g_assert_cmpint (slow.status, ==, GS_STATUS_MAX_STEPS);
      g_assert_cmpuint (slow.steps, ==, 1200);
      g_assert_cmpfloat (last (&slow)->loss, >, 1e-2);
      /* its steps shrink: the last hundred are shorter than the first */
      g_assert_cmpfloat (step_length (&slow, 1100) * 10, <, step_length (&slow, 0));
    }
    spec = run_spec (exp, 0, labels[0]);
    set_optimizer_value (spec, "lr", 0.02);
    {
      g_auto(Walk) gd = run_walk (exp, 0);
      g_assert_cmpint (gd.status, ==, GS_STATUS_CONVERGED);
      g_assert_cmpuint (gd.steps, ==, 455);
    }
    set_optimizer_value (spec, "lr", 0.05);
    {
      g_auto(Walk) gd = run_walk (exp, 0);
      g_assert_cmpint (gd.status, ==, GS_STATUS_DIVERGED);
    }
    assert_says (l->try_this, "does not get there within 1200 steps");
    assert_says (l->try_this, "it gets there in 455 steps");
  }

  for (guint i = 0; i < 5; i++)
    walk_clear (&w[i]);
}

/* ---- 5. L1 versus L2 ----------------------------------------------------------------- */

/* The data's pull at slope 0: with x centred, d MSE/dθ₁ at θ = (ȳ, 0) is
 * −2·mean(x·y); the best slope without a penalty is mean(x·y)/mean(x²). */
static void
data_moments (GsProblem *problem, double *mean_x, double *mean_y, double *mean_xx,
              double *mean_xy)
{
  const GsDataset *d = gs_problem_get_data (problem);
  double sx = 0, sy = 0, sxx = 0, sxy = 0;

  g_assert_cmpuint (d->n_features, ==, 1);
  for (guint i = 0; i < d->n_rows; i++)
    {
      double x = d->x[i * 2 + 1], y = d->y[i];

      g_assert_cmpfloat (d->x[i * 2], ==, 1);
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
  *mean_x = sx / d->n_rows;
  *mean_y = sy / d->n_rows;
  *mean_xx = sxx / d->n_rows;
  *mean_xy = sxy / d->n_rows;
}

static guint
sign_changes (const Walk *w, guint from, guint j)
{
  guint n = 0;

  for (guint k = from + 1; k < w->n; k++)
    if ((row (w, k)->theta[j] > 0) != (row (w, k - 1)->theta[j] > 0))
      n++;
  return n;
}

static void
test_l1_vs_l2 (void)
{
  const GsLesson *l = gs_lesson_lookup ("l1-vs-l2");
  g_autoptr(GsExperiment) exp = load_lesson ("l1-vs-l2");
  double mx, my, mxx, mxy, ols, lo = INFINITY, hi = -INFINITY;
  g_autofree double *work = NULL;

  g_assert_cmpint (exp->kind, ==, GS_PROBLEM_LINEAR_REGRESSION);
  g_assert_cmpuint (gs_problem_get_n_samples (exp->problem), ==, 16);
  g_assert_cmpfloat (exp->reg.l1, ==, 1.5);
  g_assert_cmpfloat (exp->reg.l2, ==, 0);
  data_moments (exp->problem, &mx, &my, &mxx, &mxy);
  g_assert_cmpfloat (fabs (mx), <, 1e-15);   /* x is centred */
  ols = mxy / mxx;
  g_assert_cmpfloat (fabs (ols - 0.40), <, 0.005);
  assert_says (l->look_at, "the best slope θ₁ is 0.40");
  assert_says (l->look_at, "1.5·|θ₁|");

  /* the best slope under L1 1.5 is exactly 0: the data's pull there,
   * 2·mean(x·y) = 1.05, is weaker than L1's 1.5, and the objective is
   * lowest at θ₁ = 0 */
  g_assert_cmpfloat (fabs (2 * mxy - 1.05), <, 0.005);
  g_assert_cmpfloat (2 * fabs (mxy), <, exp->reg.l1);
  work = g_new (double, gs_problem_get_work_size (exp->problem));
  {
    const double at0[2] = { my, 0 };
    double f0 = gs_problem_objective (exp->problem, &exp->reg, at0, NULL, 0, NULL, work);

    for (int s = -1; s <= 1; s += 2)
      for (double e = 1e-6; e < 0.5; e *= 10)
        {
          const double off[2] = { my, s * e };
          double f = gs_problem_objective (exp->problem, &exp->reg, off, NULL, 0, NULL, work);

          g_assert_cmpfloat (f, >, f0);
        }
  }

  /* the proximal step: θ₁ falls from 1.2 onto exactly 0 at step 39 and
   * stays there */
  {
    g_auto(Walk) w = run_walk (exp, 0);
    GsRunSpec *spec = run_spec (exp, 0, "L1 1.5 · proximal");
    guint first = 0;

    g_assert_true (spec->has_reg && spec->reg.l1_proximal);
    g_assert_cmpfloat (spec->reg.l1, ==, 1.5);
    g_assert_cmpfloat (row (&w, 0)->theta[1], ==, 1.2);
    for (guint k = 1; k < w.n && first == 0; k++)
      if (row (&w, k)->theta[1] == 0.0)
        first = k;
    g_assert_cmpuint (first, ==, 39);
    for (guint k = 1; k < first; k++)
      g_assert_cmpfloat (row (&w, k)->theta[1], >, 0);
    for (guint k = first; k < w.n; k++)
      g_assert_cmpfloat (row (&w, k)->theta[1], ==, 0.0);
    g_assert_cmpfloat_with_epsilon (last (&w)->theta[0], my, 1e-9);
    assert_says (l->look_at, "exactly 0 at step 39");
    assert_says (l->look_at, "lr·1.5 = 0.03");
  }
  /* its subgradient: θ₁ hops across 0, between 0 and about 0.05 */
  {
    g_auto(Walk) w = run_walk (exp, 1);

    run_spec (exp, 1, "L1 1.5 · subgradient");
    g_assert_false (gs_experiment_get_run (exp, 1)->has_reg);
    g_assert_cmpint (w.status, ==, GS_STATUS_MAX_STEPS);
    for (guint k = 300; k < w.n; k++)
      {
        lo = MIN (lo, row (&w, k)->theta[1]);
        hi = MAX (hi, row (&w, k)->theta[1]);
        g_assert_cmpfloat (row (&w, k)->theta[1], !=, 0.0);
      }
    g_assert_cmpfloat (lo, <, 0);
    g_assert_cmpfloat (lo, >, -0.01);
    g_assert_cmpfloat (hi, >, 0.03);
    g_assert_cmpfloat (hi, <, 0.06);
    g_assert_cmpuint (sign_changes (&w, 300, 1), >=, 20);
    /* the intercept is not penalized: it ends at mean(y) */
    g_assert_cmpfloat_with_epsilon (last (&w)->theta[0], my, 0.01);
    assert_says (l->look_at, "hopping between 0 and about 0.05");
  }
  /* L2 1.5: the slope stops at 2·mean(xy)/(2·mean(x²) + 1.5) = 0.25 */
  {
    g_auto(Walk) w = run_walk (exp, 2);
    double slope = 2 * mxy / (2 * mxx + 1.5);

    run_spec (exp, 2, "L2 1.5");
    g_assert_cmpfloat (fabs (slope - 0.25), <, 0.005);
    g_assert_cmpfloat_with_epsilon (last (&w)->theta[1], slope, 1e-9);
    assert_says (l->look_at, "its slope stops at 0.25");
  }

  /* Try (the panel sets the second run): L1 0.5 keeps the slope at
   * (2·mean(xy) − 0.5)/(2·mean(x²)) = 0.21; L2 1.5 stops it at 0.25, never
   * 0; no penalty: the least-squares slope */
  {
    struct { double l1, l2, slope; const char *says; } cases[] = {
      { 0.5, 0, (2 * mxy - 0.5) / (2 * mxx), "stays at 0.21" },
      { 0, 1.5, 2 * mxy / (2 * mxx + 1.5), "the slope stops at 0.25" },
      { 0, 0, ols, "0.40" },
    };

    g_assert_cmpfloat (fabs (cases[0].slope - 0.21), <, 0.005);
    for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
      {
        exp->reg.l1 = cases[c].l1;
        exp->reg.l2 = cases[c].l2;
        {
          g_auto(Walk) w = run_walk (exp, 1);

          g_assert_cmpfloat_with_epsilon (last (&w)->theta[1], cases[c].slope, 1e-9);
          g_assert_cmpfloat_with_epsilon (last (&w)->theta[0], my, 1e-9);
          /* it gets there from above and never crosses 0 */
          for (guint k = 1; k < w.n; k++)
            g_assert_cmpfloat (row (&w, k)->theta[1], >, 0.2);
        }
        assert_says (l->try_this, cases[c].says);
      }
  }
}

/* ---- 6. minibatch noise -------------------------------------------------------------- */

static void
test_batch_size (void)
{
  const GsLesson *l = gs_lesson_lookup ("batch-size");
  g_autoptr(GsExperiment) exp = load_lesson ("batch-size");
  const char *labels[] = { "Full batch (200 rows)", "Minibatch 20", "Minibatch 1" };
  const guint batch[] = { 0, 20, 1 };
  Walk w[3];
  double mean[3], sd[3];

  g_assert_cmpuint (gs_problem_get_n_samples (exp->problem), ==, 200);
  for (guint i = 0; i < 3; i++)
    {
      GsRunSpec *spec = run_spec (exp, i, labels[i]);
      GsRunConfig config;

      gs_experiment_get_run_config (exp, i, &config);
      g_assert_cmpuint (config.batch_size, ==, batch[i]);
      g_assert_cmpuint (config.eval_every, ==, 1);   /* the full loss on every row */
      g_assert_cmpfloat (optimizer_value (spec, "lr"), ==, 0.1);
      w[i] = run_walk (exp, i);
      g_assert_cmpint (w[i].status, ==, GS_STATUS_MAX_STEPS);
      loss_stats (&w[i], 100, w[i].n, &mean[i], &sd[i]);
    }

  /* full batch: the loss only goes down, to its best value 0.75 */
  g_assert_cmpuint (count_rises (&w[0], 0), ==, 0);
  g_assert_cmpfloat (fabs (last (&w[0])->loss - 0.75), <, 0.005);
  assert_says (l->look_at, "its best value, 0.75");
  /* minibatches: the loss goes up again and again, never below that best,
   * and the smaller the batch the bigger the jitter */
  for (guint i = 1; i < 3; i++)
    {
      g_assert_cmpuint (count_rises (&w[i], 0), >, 150);
      for (guint k = 0; k < w[i].n; k++)
        g_assert_cmpfloat (row (&w[i], k)->loss, >=, last (&w[0])->loss * (1 - 1e-12));
    }
  g_assert_cmpfloat (sd[0], <, 1e-9);
  g_assert_cmpfloat (sd[1], >, 1e-4);
  g_assert_cmpfloat (sd[2], >, 5 * sd[1]);
  g_assert_cmpfloat (mean[2] - last (&w[0])->loss, >, 5 * (mean[1] - last (&w[0])->loss));

  /* Try: the panel's batch size is Minibatch 1's alone; 5 and 50 jitter
   * less, 50 least */
  g_assert_cmpint (gs_experiment_get_run (exp, 0)->batch_size, ==, 0);
  g_assert_cmpint (gs_experiment_get_run (exp, 1)->batch_size, ==, 20);
  g_assert_cmpint (gs_experiment_get_run (exp, 2)->batch_size, ==, -1);
  g_assert_cmpuint (exp->batch_size, ==, 1);
  {
    double sd_by_batch[2];
    const guint sizes[2] = { 5, 50 };

    for (guint b = 0; b < 2; b++)
      {
        double m;

        exp->batch_size = sizes[b];
        {
          g_auto(Walk) t = run_walk (exp, 2);
          loss_stats (&t, 100, t.n, &m, &sd_by_batch[b]);
        }
      }
    exp->batch_size = 1;
    g_assert_cmpfloat (sd_by_batch[0], <, sd[2]);
    g_assert_cmpfloat (sd_by_batch[1], <, sd_by_batch[0]);
    assert_says (l->try_this, "set Batch size, which Minibatch 1 uses");
  }

  /* Try: a smaller lr, smaller jitter and a slower start */
  {
    GsRunSpec *spec = run_spec (exp, 2, labels[2]);
    double calm_mean, calm_sd;

    set_optimizer_value (spec, "lr", 0.02);
    {
      g_auto(Walk) calm = run_walk (exp, 2);

      loss_stats (&calm, 300, calm.n, &calm_mean, &calm_sd);
      g_assert_cmpfloat (calm_sd, <, sd[2] / 2);
      g_assert_cmpfloat (row (&calm, 20)->loss, >, row (&w[2], 20)->loss);
    }
    assert_says (l->try_this, "lower the lr of Minibatch 1 to 0.02");
  }

  for (guint i = 0; i < 3; i++)
    walk_clear (&w[i]);
}

/* ---- 7. schedules ---------------------------------------------------------------------- */

static void
test_schedules (void)
{
  const GsLesson *l = gs_lesson_lookup ("schedules");
  g_autoptr(GsExperiment) exp = load_lesson ("schedules");
  const char *labels[] = { "Constant · lr 0.1", "Step · ×0.3 every 300",
                           "Cosine · to 0 at 900", "Plateau · ×0.5 after 100" };
  const char *names[] = { "constant", "step", "cosine", "plateau" };
  Walk w[4];
  double best, excess[4];
  guint drops = 0, gaps[16];

  g_assert_cmpuint (exp->max_steps, ==, 900);
  g_assert_cmpuint (exp->batch_size, ==, 1);
  for (guint i = 0; i < 4; i++)
    {
      GsRunSpec *spec = run_spec (exp, i, labels[i]);
      double sd;

      g_assert_cmpstr (spec->schedule->name, ==, names[i]);
      g_assert_cmpfloat (optimizer_value (spec, "lr"), ==, 0.1);
      w[i] = run_walk (exp, i);
      g_assert_cmpuint (w[i].steps, ==, 900);
      loss_stats (&w[i], 800, 900, &excess[i], &sd);
    }

  /* the best value: what full-batch GD settles at, on the same data */
  {
    g_autoptr(GsExperiment) full = load_lesson ("batch-size");
    g_auto(Walk) gd = run_walk (full, 0);

    best = last (&gd)->loss;
    g_assert_cmpfloat (fabs (best - 0.75), <, 0.005);
    assert_says (l->look_at, "its best value, 0.75");
  }

  /* lr(t) as the text says */
  for (guint k = 0; k < 900; k++)
    {
      double cosine = 0.1 * (1 + cos (G_PI * k / 900)) / 2;

      g_assert_cmpfloat (row (&w[0], k)->lr, ==, 0.1);
      g_assert_cmpfloat_with_epsilon (row (&w[1], k)->lr, 0.1 * pow (0.3, k / 300), 1e-16);
      g_assert_cmpfloat_with_epsilon (row (&w[2], k)->lr, cosine, 1e-16);
    }
  g_assert_cmpfloat_with_epsilon (row (&w[1], 299)->lr, 0.1, 1e-16);
  g_assert_cmpfloat_with_epsilon (row (&w[1], 300)->lr, 0.03, 1e-16);
  g_assert_cmpfloat_with_epsilon (row (&w[1], 600)->lr, 0.009, 1e-16);
  g_assert_cmpfloat_with_epsilon (row (&w[2], 450)->lr, 0.05, 1e-16);
  g_assert_cmpfloat (row (&w[2], 900)->lr, ==, 0);
  assert_says (l->look_at, "multiplies the lr by 0.3 at steps 300 and 600");
  assert_says (l->look_at, "from 0.1 at the start to 0 at step 900");

  /* plateau: the lr halves, and only after more than 100 updates without a
   * new best (by ReduceLROnPlateau's relative threshold 10⁻⁴) since the last
   * best or drop; the drops are not evenly spaced */
  {
    double plateau_best = INFINITY;
    guint bad = 0, last_drop = 0;

    for (guint k = 0; k + 1 < w[3].n; k++)
      {
        const GsRow *r = row (&w[3], k), *next = row (&w[3], k + 1);

        /* the update from row k was fed row k's loss */
        if (r->loss < plateau_best * (1 - 1e-4))
          {
            plateau_best = r->loss;
            bad = 0;
          }
        else
          bad++;
        if (next->lr != r->lr)
          {
            g_assert_cmpfloat (next->lr, ==, r->lr * 0.5);
            g_assert_cmpuint (bad, >, 100);
            g_assert_cmpuint (drops, <, G_N_ELEMENTS (gaps));
            gaps[drops++] = k + 1 - last_drop;
            last_drop = k + 1;
            bad = 0;
          }
        else
          g_assert_cmpuint (bad, <=, 100);
      }
    g_assert_cmpuint (drops, >=, 3);
    {
      gboolean uneven = FALSE;

      for (guint d = 1; d < drops; d++)
        uneven |= gaps[d] != gaps[1];
      g_assert_true (uneven);
    }
    assert_says (l->look_at, "halves the lr whenever the loss has gone 100 steps without "
                             "a new best");
  }

  /* the noise: constant lr keeps jumping above the best value; every
   * schedule ends far calmer, and step's jitter shrinks at each drop */
  for (guint i = 0; i < 4; i++)
    excess[i] -= best;
  g_assert_cmpfloat (excess[0], >, 0.05);
  for (guint i = 1; i < 4; i++)
    g_assert_cmpfloat (excess[i], <, excess[0] / 4);
  {
    double m[3], sd[3];

    loss_stats (&w[1], 100, 300, &m[0], &sd[0]);
    loss_stats (&w[1], 400, 600, &m[1], &sd[1]);
    loss_stats (&w[1], 700, 900, &m[2], &sd[2]);
    g_assert_cmpfloat (sd[1], <, sd[0]);
    g_assert_cmpfloat (sd[2], <, sd[1]);
  }

  /* Try: a constant lr of 0.02, calmer but slower at the start */
  set_optimizer_value (run_spec (exp, 0, labels[0]), "lr", 0.02);
  {
    g_auto(Walk) calm = run_walk (exp, 0);
    double m, sd;

    loss_stats (&calm, 800, 900, &m, &sd);
    g_assert_cmpfloat (m - best, <, excess[0] / 2);
    g_assert_cmpfloat (row (&calm, 20)->loss, >, row (&w[0], 20)->loss);
    assert_says (l->try_this, "give the constant run lr 0.02");
  }

  for (guint i = 0; i < 4; i++)
    walk_clear (&w[i]);
}

/* ---- 8. the article's §3 -------------------------------------------------------------- */

static void
test_article (void)
{
  const GsLesson *l = gs_lesson_lookup ("article");
  g_autoptr(GsExperiment) exp = load_lesson ("article");
  /* the article's data: X = [[1, 1], [1, 2], [2, 2], [2, 3]], y = X·(1, 2) */
  const double X[4][2] = { { 1, 1 }, { 1, 2 }, { 2, 2 }, { 2, 3 } };
  double theta[3] = { 0, 0, 0 };   /* np.zeros, one per column of np.c_[ones, X] */
  const double alpha = 0.01;
  const int iterations = 1000;
  Walk w[3];

  /* the experiment is the article's */
  g_assert_cmpint (exp->kind, ==, GS_PROBLEM_LINEAR_REGRESSION);
  g_assert_cmpint (exp->data.kind, ==, GS_DATA_INLINE);
  g_assert_cmpuint (exp->data.n_rows, ==, 4);
  g_assert_cmpuint (exp->data.n_cols, ==, 3);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpfloat (exp->data.rows[i * 3], ==, X[i][0]);
      g_assert_cmpfloat (exp->data.rows[i * 3 + 1], ==, X[i][1]);
      g_assert_cmpfloat (exp->data.rows[i * 3 + 2], ==, X[i][0] * 1 + X[i][1] * 2);
    }
  g_assert_cmpfloat (exp->reg.l1, ==, 0);
  g_assert_cmpfloat (exp->reg.l2, ==, 0);
  g_assert_cmpuint (exp->max_steps, ==, (guint64) iterations);
  g_assert_true (exp->has_start);
  for (guint j = 0; j < 3; j++)
    g_assert_cmpfloat (exp->start[j], ==, 0);
  /* α on half the MSE is α/2 on the MSE */
  g_assert_cmpfloat (optimizer_value (run_spec (exp, 0, "Article · α 0.01 (lr 0.005)"), "lr"),
                     ==, alpha / 2);
  assert_says (l->look_at, "α = 0.01 is lr 0.005 here");

  for (guint i = 0; i < 3; i++)
    w[i] = run_walk (exp, i);
  g_assert_cmpint (w[0].status, ==, GS_STATUS_MAX_STEPS);
  g_assert_cmpuint (w[0].steps, ==, 1000);

  /* the article's gradient_descent, written out, step for step */
  for (int it = 0; it < iterations; it++)
    {
      double loss[4], gradient[3] = { 0, 0, 0 };

      for (int i = 0; i < 4; i++)
        loss[i] = theta[0] + X[i][0] * theta[1] + X[i][1] * theta[2] - (X[i][0] + 2 * X[i][1]);
      for (int i = 0; i < 4; i++)
        {
          gradient[0] += loss[i];
          gradient[1] += X[i][0] * loss[i];
          gradient[2] += X[i][1] * loss[i];
        }
      for (int j = 0; j < 3; j++)
        theta[j] = theta[j] - alpha * (gradient[j] / 4);
      for (int j = 0; j < 3; j++)
        g_assert_cmpfloat_with_epsilon (row (&w[0], it + 1)->theta[j], theta[j], 1e-12);
    }

  /* the numbers the text gives: the first step, θ and the MSE after 1000 */
  g_assert_cmpfloat_with_epsilon (row (&w[0], 1)->theta[0], 0.055, 1e-15);
  g_assert_cmpfloat_with_epsilon (row (&w[0], 1)->theta[1], 0.09, 1e-15);
  g_assert_cmpfloat_with_epsilon (row (&w[0], 1)->theta[2], 0.1225, 1e-15);
  assert_says (l->look_at, "(0.055, 0.09, 0.1225)");
  g_assert_cmpfloat (fabs (last (&w[0])->theta[0] - 0.289), <, 5e-4);
  g_assert_cmpfloat (fabs (last (&w[0])->theta[1] - 1.011), <, 5e-4);
  g_assert_cmpfloat (fabs (last (&w[0])->theta[2] - 1.860), <, 5e-4);
  g_assert_cmpfloat (fabs (last (&w[0])->loss - 0.0097), <, 5e-5);
  assert_says (l->look_at, "θ = (0.289, 1.011, 1.860) and the mean squared error is 0.0097");
  /* not yet the exact answer */
  g_assert_cmpfloat (fabs (last (&w[0])->theta[0]), >, 0.1);

  /* α = 0.1: at step 100 where the article is at 1000; at 1000 within
   * 0.001 of (0, 1, 2), and so is the momentum run */
  for (guint j = 0; j < 3; j++)
    {
      const double exact[3] = { 0, 1, 2 };

      g_assert_cmpfloat (fabs (row (&w[1], 100)->theta[j] - last (&w[0])->theta[j]), <, 0.002);
      g_assert_cmpfloat (fabs (last (&w[1])->theta[j] - exact[j]), <, 0.001);
      g_assert_cmpfloat (fabs (last (&w[2])->theta[j] - exact[j]), <, 0.001);
    }
  assert_says (l->try_this, "within 0.001 of (0, 1, 2)");

  /* Try: lr 0.15 grows; the limit is about 0.128 (2 over the largest
   * curvature of the MSE here, 15.63) */
  {
    GsRunSpec *spec = run_spec (exp, 0, "Article · α 0.01 (lr 0.005)");
    const double lrs[] = { 0.15, 0.13, 0.127 };

    for (guint i = 0; i < G_N_ELEMENTS (lrs); i++)
      {
        set_optimizer_value (spec, "lr", lrs[i]);
        {
          g_auto(Walk) t = run_walk (exp, 0);

          if (lrs[i] > 0.128)
            g_assert_cmpfloat (last (&t)->loss, >, row (&t, 0)->loss);
          else
            g_assert_cmpfloat (last (&t)->loss, <, 1e-6);
        }
      }
    assert_says (l->try_this, "lr 0.15 (α = 0.3)");
    assert_says (l->try_this, "about 0.128");
  }

  for (guint i = 0; i < 3; i++)
    walk_clear (&w[i]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gradscope/lessons/table", test_table);
  g_test_add_func ("/gradscope/lessons/load-all", test_load_all);
  g_test_add_func ("/gradscope/lessons/learning-rate", test_learning_rate);
  g_test_add_func ("/gradscope/lessons/momentum", test_momentum);
  g_test_add_func ("/gradscope/lessons/saddle", test_saddle);
  g_test_add_func ("/gradscope/lessons/adaptive", test_adaptive);
  g_test_add_func ("/gradscope/lessons/l1-vs-l2", test_l1_vs_l2);
  g_test_add_func ("/gradscope/lessons/batch-size", test_batch_size);
  g_test_add_func ("/gradscope/lessons/schedules", test_schedules);
  g_test_add_func ("/gradscope/lessons/article", test_article);
  return g_test_run ();
}
