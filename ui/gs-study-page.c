/* gs-study-page.c — the Studies page (see the header)
 *
 * A study is made from a copy of the window's experiment at Start (the
 * panel may change the window's meanwhile) and runs on its own pool; a
 * timeout follows its progress, redraws what is done so far (lr sweeps,
 * phase maps and comparisons fill in as their cells finish) and, once
 * every job has returned, joins the pool, draws the result and fills the
 * table. Cancel stops the jobs within a few steps; the page waits for them
 * on the same timeout, never blocking the window. */
#include "gs-study-page.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "gs-output.h"
#include "gs-plot-study.h"

#define POLL_MS 100

/* The settings typed as text, each shown for some kinds */
typedef enum
{
  F_LR_MIN, F_LR_MAX, F_POINTS, F_STEPS,
  F_X_MIN, F_X_MAX, F_NX, F_Y_MIN, F_Y_MAX, F_NY,
  F_THRESHOLD, F_FOLDS, F_L_MIN, F_L_MAX, F_SEED, F_SEEDS,
  N_FIELDS
} Field;

#define K(kind) (1u << (kind))
#define K_SWEEPING (K (GS_STUDY_LR_SWEEP) | K (GS_STUDY_RANGE_TEST) | K (GS_STUDY_COMPARE))

/* the rows' widget names, after "study-" */
static const char *const field_names[N_FIELDS] = {
  "lr-min", "lr-max", "points", "steps", "x-min", "x-max", "nx", "y-min", "y-max", "ny",
  "threshold", "folds", "lambda-min", "lambda-max", "seed", "seeds",
};

typedef enum { NUM_POSITIVE, NUM_ANY, NUM_NONNEG, NUM_WHOLE, NUM_OPTIONAL } NumKind;

static const struct
{
  const char *title;
  const char *tooltip;
  guint       kinds;
  NumKind     num;
  double      lo, hi;      /* whole numbers: their range */
} fields[N_FIELDS] = {
  [F_LR_MIN] = { N_("Smallest learning rate"),
                 N_("The sweep's first learning rate; the others are log-spaced up to the "
                    "largest, both ends included"), K_SWEEPING, NUM_POSITIVE, 0, 0 },
  [F_LR_MAX] = { N_("Largest learning rate"), N_("The sweep's last learning rate"),
                 K_SWEEPING, NUM_POSITIVE, 0, 0 },
  [F_POINTS] = { N_("Values"), N_("How many learning rates (or strengths) the study tries"),
                 K (GS_STUDY_LR_SWEEP) | K (GS_STUDY_COMPARE) | K (GS_STUDY_CV), NUM_WHOLE,
                 2, 1000 },
  [F_STEPS] = { N_("Steps"), N_("Steps of the range test: the learning rate grows by the same "
                                "factor at every step, from the smallest to the largest"),
                K (GS_STUDY_RANGE_TEST), NUM_WHOLE, 2, 1000000 },
  [F_X_MIN] = { N_("x from"), N_("The first value along x"), K (GS_STUDY_PHASE), NUM_ANY, 0, 0 },
  [F_X_MAX] = { N_("x to"), N_("The last value along x"), K (GS_STUDY_PHASE), NUM_ANY, 0, 0 },
  [F_NX] = { N_("Cells along x"), N_("Values along x, both ends included"), K (GS_STUDY_PHASE),
             NUM_WHOLE, 2, 400 },
  [F_Y_MIN] = { N_("y from"), N_("The first value along y"), K (GS_STUDY_PHASE), NUM_ANY, 0, 0 },
  [F_Y_MAX] = { N_("y to"), N_("The last value along y"), K (GS_STUDY_PHASE), NUM_ANY, 0, 0 },
  [F_NY] = { N_("Cells along y"), N_("Values along y, both ends included"), K (GS_STUDY_PHASE),
             NUM_WHOLE, 2, 400 },
  [F_THRESHOLD] = { N_("Loss threshold"),
                    N_("“Steps to threshold” counts the steps until the loss first goes below "
                       "this; empty: the experiment's “Stop below loss”"),
                    K (GS_STUDY_PHASE) | K (GS_STUDY_COMPARE), NUM_OPTIONAL, 0, 0 },
  [F_FOLDS] = { N_("Folds"), N_("k of k-fold cross-validation: each fold is held out once "
                                "while the model trains on the others"),
                K (GS_STUDY_CV), NUM_WHOLE, 2, 100 },
  [F_L_MIN] = { N_("Smallest strength"),
                N_("The first λ; 0 starts with a model without penalty, then log-spaced"),
                K (GS_STUDY_CV), NUM_NONNEG, 0, 0 },
  [F_L_MAX] = { N_("Largest strength"), N_("The last λ"), K (GS_STUDY_CV), NUM_POSITIVE, 0, 0 },
  [F_SEED] = { N_("Seed"), N_("Cross-validation: the seed of the split into folds; seeds: the "
                              "first shuffling seed (the others follow it)"),
               K (GS_STUDY_CV) | K (GS_STUDY_SEEDS), NUM_WHOLE, 0, 4294967295.0 },
  [F_SEEDS] = { N_("Seeds"), N_("How many times each run is repeated, each with its own "
                                "shuffling of the minibatches"),
                K (GS_STUDY_SEEDS), NUM_WHOLE, 1, 1000 },
};

/* The study picker, in GsStudyKind order */
static const struct
{
  const char *title;
  const char *blurb;
} kinds[] = {
  { N_("Learning-rate sweep"),
    N_("Each run again from the same start at many learning rates: final loss against lr, "
       "where it diverges, and the best lr of each optimizer") },
  { N_("Phase map"),
    N_("A grid over two hyper-parameters of one run: each cell a full run, coloured by the "
       "steps it needs to reach the threshold or by its final loss; click a cell to add it "
       "as a run") },
  { N_("Learning-rate range test"),
    N_("One run whose learning rate grows exponentially at every step (Smith 2017): the "
       "loss against lr, and the lr where it falls fastest") },
  { N_("λ by cross-validation"),
    N_("The regularization strength chosen by k-fold cross-validation: training and "
       "validation loss against λ, the best λ and the one-standard-error choice") },
  { N_("Seeds"),
    N_("Minibatch runs repeated with many shuffling seeds: the mean loss with its min–max "
       "band, SGD's noise seen honestly") },
  { N_("Compare the runs"),
    N_("Every run once — or each at its own best learning rate, found by a sweep first: "
       "steps and time to the threshold, final and best loss, divergence") },
};
G_STATIC_ASSERT (G_N_ELEMENTS (kinds) == GS_STUDY_COMPARE + 1);

struct _GsStudyPage
{
  GtkBox         parent_instance;

  GsWindow      *window;
  gboolean       building;
  gboolean       ready;              /* filled for the window's experiment once */
  gboolean       shown_once;
  const GsExperiment *synced;        /* the experiment the settings were filled for */
  char          *saved[GS_STUDY_COMPARE + 1][N_FIELDS];  /* typed per kind; NULL: defaults */
  guint          saved_run[GS_STUDY_COMPARE + 1];         /* the run chosen with them, + 1
                                                           * (0: none kept) */
  gboolean       stale;              /* the result is of an earlier experiment */
  char          *exp_key;            /* exp's experiment_key, made once at Start */
  guint          shown_done;         /* jobs done when the figure was last made */

  /* settings */
  GtkWidget     *kind_row;
  GtkWidget     *kind_blurb;
  GtkWidget     *run_row;
  GtkStringList *run_names;
  gboolean       run_all;            /* the run list starts with “Every run” */
  GtkWidget     *values_group;
  GtkWidget     *axes_group;
  GtkWidget     *x_param_row, *y_param_row;
  GtkStringList *x_params, *y_params;
  GtkWidget     *x_log_row, *y_log_row;
  GtkWidget     *x_log, *y_log;
  GtkWidget     *l1_row, *l1_switch;
  GtkWidget     *tune_row, *tune_switch;
  GtkWidget     *rows[N_FIELDS];
  GtkWidget     *start_button;
  GtkWidget     *progress;
  GtkWidget     *message;

  /* the result */
  GtkWidget     *stack;               /* "empty" | "result" */
  GtkWidget     *title;
  GtkWidget     *metric_dd;
  GtkWidget     *export_button;
  GtkWidget     *use_button;          /* apply the tuned learning rates */
  GtkWidget     *plot;
  GtkWidget     *summary;
  GtkWidget     *report;              /* a GtkGrid */
  GPtrArray     *report_lines;        /* the table as text (tests) */

  /* the study */
  GsStudyKind    kind;
  GsExperiment  *exp;                 /* the copy the study was made from */
  GsStudy       *study;
  GsRgb         *colors;              /* each run's, at the start */
  gboolean       running;
  gboolean       cancelled;
  guint          poll_id;
  GsStudyFigure *figure;
  gboolean       hovering;
  double         hover_x, hover_y;    /* widget pixels */
  int            width, height;       /* the plot's last frame */
};

G_DEFINE_FINAL_TYPE (GsStudyPage, gs_study_page, GTK_TYPE_BOX)

/* ---- settings ---------------------------------------------------------------------- */

static const char *
row_text (GtkWidget *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
set_row_number (GtkWidget *row, double v)
{
  char buf[GS_DOUBLE_BUF_SIZE];

  if (isnan (v))
    gtk_editable_set_text (GTK_EDITABLE (row), "");
  else if (v == floor (v) && fabs (v) >= 1 && fabs (v) < 1e9)
    {
      /* whole numbers as people write them: 300, not 3e+02 */
      g_snprintf (buf, sizeof buf, "%.0f", v);
      gtk_editable_set_text (GTK_EDITABLE (row), buf);
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (row), gs_format_double (buf, v));
}

/* A field's value; FALSE (and the row marked) when it is not valid */
static gboolean
read_field (GsStudyPage *self, Field f, double *out)
{
  GtkWidget *row = self->rows[f];
  const char *what = _(fields[f].title);
  const char *text = row_text (row);

  switch (fields[f].num)
    {
    case NUM_OPTIONAL:
      while (*text == ' ')
        text++;
      if (*text == '\0')
        {
          gs_clear_error (row);
          *out = NAN;
          return TRUE;
        }
      return gs_entry_number (row, text, -G_MAXDOUBLE, FALSE, G_MAXDOUBLE, what, out);
    case NUM_POSITIVE:
      return gs_entry_number (row, text, 0, TRUE, G_MAXDOUBLE, what, out);
    case NUM_NONNEG:
      return gs_entry_number (row, text, 0, FALSE, G_MAXDOUBLE, what, out);
    case NUM_WHOLE:
      if (!gs_entry_number (row, text, fields[f].lo, FALSE, fields[f].hi, what, out))
        return FALSE;
      if (*out != floor (*out))
        {
          g_autofree char *msg = g_strdup_printf (_("%s: expected a whole number"), what);

          gs_mark_error (row, msg);
          return FALSE;
        }
      return TRUE;
    case NUM_ANY:
    default:
      return gs_entry_number (row, text, -G_MAXDOUBLE, FALSE, G_MAXDOUBLE, what, out);
    }
}

/* The hyper-parameters a phase map can vary for run r: the optimizer's
 * numbers (each component of a pair) and, on data, the batch size */
static void
fill_params (GsStudyPage *self, GtkStringList *list, const GsExperiment *exp, guint r)
{
  const GsRunSpec *spec = gs_experiment_get_run (exp, r);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  gtk_string_list_splice (list, 0, n, NULL);
  for (guint i = 0; i < spec->optimizer->n_params; i++)
    {
      const GsParamSpec *p = &spec->optimizer->params[i];

      if (p->type == GS_PARAM_BOOL)
        continue;
      if (p->type == GS_PARAM_PAIR)
        {
          g_autofree char *a = g_strdup_printf ("%s[0]", p->name);
          g_autofree char *b = g_strdup_printf ("%s[1]", p->name);

          gtk_string_list_append (list, a);
          gtk_string_list_append (list, b);
        }
      else
        gtk_string_list_append (list, p->name);
    }
  if (exp->kind != GS_PROBLEM_FUNCTION)
    gtk_string_list_append (list, "batch_size");
}

static const char *
selected_string (GtkWidget *combo)
{
  GObject *item = adw_combo_row_get_selected_item (ADW_COMBO_ROW (combo));

  return item ? gtk_string_object_get_string (GTK_STRING_OBJECT (item)) : NULL;
}

static guint
selected_run (GsStudyPage *self)
{
  guint i = adw_combo_row_get_selected (ADW_COMBO_ROW (self->run_row));

  if (i == GTK_INVALID_LIST_POSITION)
    return 0;
  return self->run_all ? (i == 0 ? G_MAXUINT : i - 1) : i;
}

/* A useful range for a hyper-parameter of run r: around its lr for lr, the
 * usual spans for momentum and the betas, the batch sizes of the data */
static void
default_range (GsStudyPage *self, const char *name, double *lo, double *hi, gboolean *log_scale)
{
  const GsExperiment *exp = gs_window_get_experiment (self->window);
  guint r = MIN (selected_run (self), gs_experiment_get_n_runs (exp) - 1);
  const GsRunSpec *spec = gs_experiment_get_run (exp, r);
  g_autofree char *base = g_strdup (name);
  char *bracket = strchr (base, '[');
  int index;

  if (bracket)
    *bracket = '\0';
  *log_scale = FALSE;
  if (g_str_equal (name, "batch_size"))
    {
      const GsDataset *data = gs_problem_get_data (exp->problem);

      *lo = 1;
      *hi = data ? MAX (2, data->n_rows) : 256;
      *log_scale = TRUE;
      return;
    }
  index = gs_param_find (spec->optimizer->params, spec->optimizer->n_params, base);
  if (g_str_equal (name, "lr"))
    {
      double lr = spec->optimizer_values.values[0][0];

      if (!(lr > 0))
        lr = 1e-2;
      *lo = lr / 100;
      *hi = lr * 100;
      *log_scale = TRUE;
    }
  else if (g_str_equal (name, "momentum"))
    *lo = 0, *hi = 0.99;
  else if (g_str_equal (name, "betas[0]"))
    *lo = 0, *hi = 0.99;
  else if (g_str_equal (name, "betas[1]"))
    *lo = 0.9, *hi = 0.9999;
  else if (index >= 0 && spec->optimizer->params[index].log_scale)
    {
      const GsParamSpec *p = &spec->optimizer->params[index];
      double d = p->def[0] > 0 ? p->def[0] : 1e-3;

      *lo = MAX (d / 100, p->min > 0 ? p->min : 0);
      *hi = d * 100;
      *log_scale = *lo > 0;
    }
  else if (index >= 0)
    {
      const GsParamSpec *p = &spec->optimizer->params[index];

      *lo = isfinite (p->min) ? p->min : 0;
      *hi = isfinite (p->max) ? p->max : MAX (1, 10 * fabs (p->def[0]));
      if (p->max_open)
        *hi = *lo + 0.99 * (*hi - *lo);
    }
  else
    *lo = 0, *hi = 1;
}

static void
param_defaults (GsStudyPage *self, gboolean x)
{
  const char *name = selected_string (x ? self->x_param_row : self->y_param_row);
  double lo, hi;
  gboolean log_scale, was;

  if (name == NULL)
    return;
  default_range (self, name, &lo, &hi, &log_scale);
  was = self->building;
  self->building = TRUE;
  set_row_number (self->rows[x ? F_X_MIN : F_Y_MIN], lo);
  set_row_number (self->rows[x ? F_X_MAX : F_Y_MAX], hi);
  gtk_switch_set_active (GTK_SWITCH (x ? self->x_log : self->y_log), log_scale);
  self->building = was;
}

static void
select_param (GtkWidget *combo, GtkStringList *list, const char *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = 0; i < n; i++)
    if (g_str_equal (gtk_string_list_get_string (list, i), name))
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (combo), i);
        return;
      }
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), MIN (1, n - 1));
}

static void validate (GsStudyPage *self);

/* The phase map's hyper-parameter lists follow the chosen run's optimizer */
static void
sync_params (GsStudyPage *self)
{
  const GsExperiment *exp = gs_window_get_experiment (self->window);
  guint r = MIN (selected_run (self), gs_experiment_get_n_runs (exp) - 1);
  g_autofree char *x = g_strdup (selected_string (self->x_param_row));
  g_autofree char *y = g_strdup (selected_string (self->y_param_row));
  gboolean was = self->building;

  self->building = TRUE;
  fill_params (self, self->x_params, exp, r);
  fill_params (self, self->y_params, exp, r);
  select_param (self->x_param_row, self->x_params, x ? x : "lr");
  select_param (self->y_param_row, self->y_params, y ? y : "momentum");
  self->building = was;
  if (!self->building)
    {
      if (x == NULL || g_strcmp0 (x, selected_string (self->x_param_row)) != 0)
        param_defaults (self, TRUE);
      if (y == NULL || g_strcmp0 (y, selected_string (self->y_param_row)) != 0)
        param_defaults (self, FALSE);
    }
}

static void
sync_runs (GsStudyPage *self)
{
  const GsExperiment *exp = gs_window_get_experiment (self->window);
  gboolean all = self->kind != GS_STUDY_PHASE && self->kind != GS_STUDY_CV;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->run_names));
  /* none chosen yet: every run */
  guint old = n == 0 ? G_MAXUINT : selected_run (self);
  gboolean was = self->building;

  self->building = TRUE;
  gtk_string_list_splice (self->run_names, 0, n, NULL);
  if (all)
    gtk_string_list_append (self->run_names, _("Every run"));
  for (guint r = 0; r < gs_experiment_get_n_runs (exp); r++)
    gtk_string_list_append (self->run_names, gs_experiment_get_run (exp, r)->label);
  /* back to a kind of every run: every run again */
  if (all && !self->run_all)
    old = G_MAXUINT;
  self->run_all = all;
  if (old == G_MAXUINT || old >= gs_experiment_get_n_runs (exp))
    old = all ? G_MAXUINT : 0;
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->run_row),
                              all ? (old == G_MAXUINT ? 0 : old + 1) : old);
  self->building = was;
}

/* Which rows the chosen study shows */
static void
show_kind (GsStudyPage *self)
{
  guint bit = K (self->kind);
  gboolean tune = gtk_switch_get_active (GTK_SWITCH (self->tune_switch));

  gtk_label_set_text (GTK_LABEL (self->kind_blurb), _(kinds[self->kind].blurb));
  for (guint f = 0; f < N_FIELDS; f++)
    {
      gboolean shown = (fields[f].kinds & bit) != 0;

      /* a comparison sweeps only when it tunes */
      if (self->kind == GS_STUDY_COMPARE && (f == F_LR_MIN || f == F_LR_MAX || f == F_POINTS))
        shown = tune;
      gtk_widget_set_visible (self->rows[f], shown);
    }
  gtk_widget_set_visible (self->axes_group, self->kind == GS_STUDY_PHASE);
  gtk_widget_set_visible (self->l1_row, self->kind == GS_STUDY_CV);
  gtk_widget_set_visible (self->tune_row, self->kind == GS_STUDY_COMPARE);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->values_group),
                                   self->kind == GS_STUDY_CV ? _("Strengths and folds")
                                   : self->kind == GS_STUDY_SEEDS ? _("Seeds")
                                   : self->kind == GS_STUDY_PHASE ? _("Threshold")
                                   : self->kind == GS_STUDY_COMPARE ? _("Comparison")
                                   : _("Learning rates"));
  gtk_widget_set_visible (self->values_group,
                          self->kind != GS_STUDY_COMPARE || tune
                          || gtk_widget_get_visible (self->rows[F_THRESHOLD]));
}

/* The defaults of a kind's fields (gs_study_spec_init's) */
static void
kind_defaults (GsStudyPage *self)
{
  GsStudySpec spec;
  const GsExperiment *exp = gs_window_get_experiment (self->window);

  gs_study_spec_init (&spec, self->kind);
  self->building = TRUE;
  switch (self->kind)
    {
    case GS_STUDY_LR_SWEEP:
    case GS_STUDY_RANGE_TEST:
    case GS_STUDY_COMPARE:
      set_row_number (self->rows[F_LR_MIN], spec.lo);
      set_row_number (self->rows[F_LR_MAX], spec.hi);
      if (self->kind == GS_STUDY_RANGE_TEST)
        set_row_number (self->rows[F_STEPS], spec.points);
      else
        set_row_number (self->rows[F_POINTS], spec.points);
      break;
    case GS_STUDY_CV:
      set_row_number (self->rows[F_L_MIN], spec.lo);
      set_row_number (self->rows[F_L_MAX], spec.hi);
      set_row_number (self->rows[F_POINTS], spec.points);
      set_row_number (self->rows[F_FOLDS], spec.folds);
      set_row_number (self->rows[F_SEED], (double) spec.seed);
      break;
    case GS_STUDY_SEEDS:
      set_row_number (self->rows[F_SEEDS], spec.n_seeds);
      set_row_number (self->rows[F_SEED], (double) spec.seed);
      break;
    case GS_STUDY_PHASE:
      set_row_number (self->rows[F_NX], spec.nx);
      set_row_number (self->rows[F_NY], spec.ny);
      break;
    default:
      break;
    }
  set_row_number (self->rows[F_THRESHOLD], exp->stop.loss_below);
  self->building = FALSE;
}

/* The values typed for the current kind, kept for the session */
static void
save_kind (GsStudyPage *self)
{
  /* G_MAXUINT (every run) + 1 wraps to 0: nothing kept, every run again */
  self->saved_run[self->kind] = selected_run (self) + 1;
  for (guint f = 0; f < N_FIELDS; f++)
    if (fields[f].kinds & K (self->kind))
      {
        g_free (self->saved[self->kind][f]);
        self->saved[self->kind][f] = g_strdup (row_text (self->rows[f]));
      }
}

static gboolean
restore_kind (GsStudyPage *self)
{
  gboolean any = FALSE;

  self->building = TRUE;
  for (guint f = 0; f < N_FIELDS; f++)
    if ((fields[f].kinds & K (self->kind)) && self->saved[self->kind][f] != NULL)
      {
        gtk_editable_set_text (GTK_EDITABLE (self->rows[f]), self->saved[self->kind][f]);
        any = TRUE;
      }
  /* the run the values were typed for */
  if (any && self->saved_run[self->kind] > 0)
    {
      guint r = self->saved_run[self->kind] - 1;
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->run_names));
      guint i = self->run_all ? r + 1 : r;

      if (i < n)
        adw_combo_row_set_selected (ADW_COMBO_ROW (self->run_row), i);
    }
  self->building = FALSE;
  return any;
}

static void
forget_kinds (GsStudyPage *self)
{
  for (guint k = 0; k <= GS_STUDY_COMPARE; k++)
    {
      for (guint f = 0; f < N_FIELDS; f++)
        g_clear_pointer (&self->saved[k][f], g_free);
      self->saved_run[k] = 0;
    }
}

/* Cross-validation varies the penalty the run has: L1 when it has L1 and
 * no L2 */
static void
l1_default (GsStudyPage *self)
{
  const GsExperiment *exp = gs_window_get_experiment (self->window);
  guint r = MIN (selected_run (self), gs_experiment_get_n_runs (exp) - 1);
  const GsRunSpec *spec = gs_experiment_get_run (exp, r);
  const GsRegularization *reg = spec->has_reg ? &spec->reg : &exp->reg;
  gboolean was = self->building;

  self->building = TRUE;
  gtk_switch_set_active (GTK_SWITCH (self->l1_switch), reg->l1 > 0 && reg->l2 == 0);
  self->building = was;
}

static void
kind_selected (AdwComboRow *row, GParamSpec *pspec, GsStudyPage *self)
{
  guint k = adw_combo_row_get_selected (row);
  gboolean restored;

  if (self->building || !self->ready || k > GS_STUDY_COMPARE)
    return;
  save_kind (self);
  self->kind = (GsStudyKind) k;
  sync_runs (self);
  restored = restore_kind (self);
  if (!restored)
    kind_defaults (self);
  if (self->kind == GS_STUDY_PHASE)
    {
      sync_params (self);
      if (!restored)
        {
          /* the chosen run's ranges */
          param_defaults (self, TRUE);
          param_defaults (self, FALSE);
        }
    }
  if (self->kind == GS_STUDY_CV)
    l1_default (self);
  show_kind (self);
  validate (self);
}

static void
run_selected (AdwComboRow *row, GParamSpec *pspec, GsStudyPage *self)
{
  if (self->building)
    return;
  if (self->kind == GS_STUDY_PHASE)
    {
      /* another run, another optimizer and lr: its own ranges */
      sync_params (self);
      param_defaults (self, TRUE);
      param_defaults (self, FALSE);
    }
  if (self->kind == GS_STUDY_CV)
    l1_default (self);
  validate (self);
}

static void
param_selected (AdwComboRow *row, GParamSpec *pspec, GsStudyPage *self)
{
  if (self->building)
    return;
  param_defaults (self, GTK_WIDGET (row) == self->x_param_row);
  validate (self);
}

static void
field_changed (GtkEditable *editable, GsStudyPage *self)
{
  if (!self->building)
    validate (self);
}

static void
switch_changed (GObject *sw, GParamSpec *pspec, GsStudyPage *self)
{
  if (self->building)
    return;
  show_kind (self);
  validate (self);
}

/* The spec the settings say; FALSE with a message when they cannot be */
static gboolean
read_spec (GsStudyPage *self, GsStudySpec *spec, char **message)
{
  guint bit = K (self->kind);
  double v[N_FIELDS];
  guint run = selected_run (self);

  gs_study_spec_init (spec, self->kind);
  for (guint f = 0; f < N_FIELDS; f++)
    {
      v[f] = NAN;
      if (gtk_widget_get_visible (self->rows[f]) && (fields[f].kinds & bit)
          && !read_field (self, f, &v[f]))
        {
          *message = g_strdup (gtk_widget_get_tooltip_text (self->rows[f]));
          return FALSE;
        }
    }
  spec->run = run == G_MAXUINT ? -1 : (int) run;
  switch (self->kind)
    {
    case GS_STUDY_LR_SWEEP:
    case GS_STUDY_RANGE_TEST:
    case GS_STUDY_COMPARE:
      spec->tune = self->kind == GS_STUDY_COMPARE
                   && gtk_switch_get_active (GTK_SWITCH (self->tune_switch));
      if (self->kind != GS_STUDY_COMPARE || spec->tune)
        {
          spec->lo = v[F_LR_MIN];
          spec->hi = v[F_LR_MAX];
          spec->points = (guint) (self->kind == GS_STUDY_RANGE_TEST ? v[F_STEPS] : v[F_POINTS]);
          if (!(spec->lo < spec->hi))
            {
              *message = g_strdup (_("The smallest learning rate must be below the largest"));
              gs_mark_error (self->rows[F_LR_MAX], *message);
              return FALSE;
            }
        }
      spec->threshold = v[F_THRESHOLD];
      break;
    case GS_STUDY_PHASE:
      g_strlcpy (spec->x_param, selected_string (self->x_param_row), sizeof spec->x_param);
      g_strlcpy (spec->y_param, selected_string (self->y_param_row), sizeof spec->y_param);
      spec->x_lo = v[F_X_MIN];
      spec->x_hi = v[F_X_MAX];
      spec->y_lo = v[F_Y_MIN];
      spec->y_hi = v[F_Y_MAX];
      spec->x_log = gtk_switch_get_active (GTK_SWITCH (self->x_log));
      spec->y_log = gtk_switch_get_active (GTK_SWITCH (self->y_log));
      spec->nx = (guint) v[F_NX];
      spec->ny = (guint) v[F_NY];
      spec->threshold = v[F_THRESHOLD];
      if (g_str_equal (spec->x_param, spec->y_param))
        {
          *message = g_strdup (_("Choose two different hyper-parameters"));
          return FALSE;
        }
      if (!(spec->x_lo < spec->x_hi) || !(spec->y_lo < spec->y_hi))
        {
          *message = g_strdup (_("Each axis goes from a smaller value to a larger one"));
          return FALSE;
        }
      break;
    case GS_STUDY_CV:
      spec->lo = v[F_L_MIN];
      spec->hi = v[F_L_MAX];
      spec->points = (guint) v[F_POINTS];
      spec->folds = (guint) v[F_FOLDS];
      spec->seed = (guint64) v[F_SEED];
      spec->l1 = gtk_switch_get_active (GTK_SWITCH (self->l1_switch));
      if (!(spec->lo < spec->hi))
        {
          *message = g_strdup (_("The smallest strength must be below the largest"));
          return FALSE;
        }
      break;
    case GS_STUDY_SEEDS:
      spec->n_seeds = (guint) v[F_SEEDS];
      spec->seed = (guint64) v[F_SEED];
      break;
    default:
      break;
    }
  return TRUE;
}

static void
set_message (GsStudyPage *self, const char *text, gboolean error)
{
  gtk_label_set_text (GTK_LABEL (self->message), text ? text : "");
  gtk_widget_set_visible (self->message, text != NULL && *text != '\0');
  if (error)
    gtk_widget_add_css_class (self->message, "error");
  else
    gtk_widget_remove_css_class (self->message, "error");
}

/* Whether any run the study would vary draws minibatches (else every seed
 * gives the same curve) */
static gboolean
studied_minibatches (GsStudyPage *self)
{
  const GsExperiment *exp = gs_window_get_experiment (self->window);
  guint run = selected_run (self);

  if (exp->kind == GS_PROBLEM_FUNCTION)
    return FALSE;
  for (guint r = 0; r < gs_experiment_get_n_runs (exp); r++)
    if (run == G_MAXUINT || run == r)
      {
        GsRunConfig config;
        const GsDataset *data = gs_problem_get_data (exp->problem);

        gs_experiment_get_run_config (exp, r, &config);
        if (config.batch_size > 0 && (data == NULL || config.batch_size < data->n_rows))
          return TRUE;
      }
  return FALSE;
}

/* The settings checked as they change; Start waits for valid ones */
static void
validate (GsStudyPage *self)
{
  g_autofree char *message = NULL;
  GsStudySpec spec;
  gboolean ok;

  if (!self->ready)
    return;
  ok = read_spec (self, &spec, &message);
  if (ok)
    {
      const GsExperiment *exp = gs_window_get_experiment (self->window);
      g_autoptr(GError) error = NULL;
      g_autoptr(GsStudy) probe = gs_study_new (exp, &spec, &error);

      if (probe == NULL)
        {
          ok = FALSE;
          message = g_strdup (error->message);
        }
    }
  if (!self->running)
    {
      gtk_widget_set_sensitive (self->start_button, ok);
      if (ok && self->kind == GS_STUDY_SEEDS && !studied_minibatches (self))
        /* allowed, but worth knowing before waiting for it */
        set_message (self, _("These runs use the whole data set at every step (or a 2-D "
                             "function): every seed gives the same curve. Set a batch size to "
                             "see minibatch noise."), FALSE);
      else
        set_message (self, message, TRUE);
    }
}

/* ---- the result ---------------------------------------------------------------------- */

static void
report_clear (GsStudyPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->report)) != NULL)
    gtk_grid_remove (GTK_GRID (self->report), child);
  g_ptr_array_set_size (self->report_lines, 0);
}

/* A row of the table: cells[0] is the run (a coloured dot before it when
 * color is given), the others right-aligned numbers */
static void
report_row (GsStudyPage *self, guint row, const char *const *cells, guint n, const GsRgb *color,
            gboolean header)
{
  GString *line = g_string_new (NULL);

  for (guint c = 0; c < n; c++)
    {
      GtkWidget *label;

      if (c == 0 && color != NULL)
        {
          g_autofree char *markup =
            g_markup_printf_escaped ("<span foreground=\"#%02x%02x%02x\">●</span> %s",
                                     (int) lround (color->r * 255), (int) lround (color->g * 255),
                                     (int) lround (color->b * 255), cells[0]);
          label = gtk_label_new (NULL);
          gtk_label_set_markup (GTK_LABEL (label), markup);
        }
      else
        label = gtk_label_new (cells[c]);
      gtk_label_set_xalign (GTK_LABEL (label), c == 0 ? 0 : 1);
      gtk_widget_set_valign (label, header ? GTK_ALIGN_END : GTK_ALIGN_CENTER);
      if (header)
        {
          /* long titles on two lines: the table fits beside the panels */
          gtk_widget_add_css_class (label, "dim-label");
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_max_width_chars (GTK_LABEL (label), 12);
          gtk_label_set_justify (GTK_LABEL (label), c == 0 ? GTK_JUSTIFY_LEFT : GTK_JUSTIFY_RIGHT);
        }
      else if (c > 0)
        gtk_widget_add_css_class (label, "numeric");
      gtk_label_set_selectable (GTK_LABEL (label), !header);
      gtk_grid_attach (GTK_GRID (self->report), label, (int) c, (int) row, 1, 1);
      if (c)
        g_string_append_c (line, '\t');
      g_string_append (line, cells[c]);
    }
  g_ptr_array_add (self->report_lines, g_string_free (line, FALSE));
}

static char *
number (double v)
{
  return isfinite (v) ? g_strdup_printf ("%.4g", v) : g_strdup ("—");
}

static const char *
cell_status (const GsStudyCell *c)
{
  if (!c->done)
    return C_("study status", "cancelled");
  if (c->diverged)
    return C_("study status", "diverged");
  switch (c->status)
    {
    case GS_STATUS_CONVERGED:
      return C_("study status", "converged");
    case GS_STATUS_MAX_STEPS:
      return C_("study status", "max steps");
    default:
      return C_("study status", "done");
    }
}

static const char *
run_label (GsStudyPage *self, guint r)
{
  return r < gs_experiment_get_n_runs (self->exp) ? gs_experiment_get_run (self->exp, r)->label
                                                  : "";
}

static GsPhaseMetric metric (GsStudyPage *self);
static gboolean same_runs (GsStudyPage *self);
static char *experiment_key (const GsExperiment *exp, guint n);

/* Whether any cell of the map reached the threshold */
static gboolean
phase_reached (const GsPhaseView *pv)
{
  for (guint i = 0; i < pv->nx * pv->ny; i++)
    if (pv->state[i] == GS_PHASE_CELL_VALUE)
      return TRUE;
  return FALSE;
}

/* Sentences one after another: with a space in English, none in Chinese */
static void
add_sentence (GString *text, const char *sentence)
{
  if (text->len > 0)
    {
      /* TRANSLATORS: two sentences of a summary one after the other: in
       * Chinese without the space */
      g_autofree char *joined = g_strdup_printf (C_("sentences", "%s %s"), text->str, sentence);

      g_string_assign (text, joined);
    }
  else
    g_string_assign (text, sentence);
}

/* What the study found, as a sentence and a table */
static void
fill_report (GsStudyPage *self)
{
  GsStudy *study = self->study;
  const GsStudySpec *spec = gs_study_get_spec (study);
  GString *summary = g_string_new (NULL);
  guint n, row = 1;
  gboolean any_best = FALSE;

  report_clear (self);
  gtk_widget_set_visible (self->use_button, FALSE);
  gtk_button_set_label (GTK_BUTTON (self->use_button),
                        spec->kind == GS_STUDY_CV ? _("Use This Strength")
                                                  : _("Use These Learning Rates"));
  gtk_widget_set_tooltip_text (self->use_button,
                               spec->kind == GS_STUDY_CV
                               ? _("Set the run's penalty to the one-standard-error λ (the "
                                   "simplest model as good as the best) and run again from "
                                   "step 0")
                               : _("Set each run's learning rate to the best one the study "
                                   "found and run them again from step 0"));
  switch (spec->kind)
    {
    case GS_STUDY_LR_SWEEP:
      {
        const GsStudyCell *cells = gs_study_get_cells (study, &n);
        const char *head[] = { C_("column", "Run"), C_("column", "Best lr"),
                               C_("column", "Final loss there"), C_("column", "Diverges from") };

        report_row (self, 0, head, 4, NULL, TRUE);
        for (guint r = 0; r < gs_experiment_get_n_runs (self->exp); r++)
          {
            const GsStudyCell *best = gs_study_best (study, r, NULL);
            double diverges = NAN;
            gboolean studied = FALSE;
            g_autofree char *lr = NULL, *loss = NULL, *div = NULL;

            for (guint i = 0; i < n; i++)
              if (cells[i].run == r)
                {
                  studied = TRUE;
                  if (cells[i].done && cells[i].diverged && isnan (diverges))
                    diverges = cells[i].x;
                }
            if (!studied)
              continue;
            lr = best ? g_strdup_printf ("%.3g", best->x) : g_strdup ("—");
            loss = best ? number (best->final_loss) : g_strdup ("—");
            div = isnan (diverges) ? g_strdup ("—") : g_strdup_printf ("%.3g", diverges);
            {
              const char *cells_text[] = { run_label (self, r), lr, loss, div };
              report_row (self, row++, cells_text, 4, &self->colors[r], FALSE);
            }
            any_best |= best != NULL;
          }
        add_sentence (summary, _("Each run's best learning rate is marked on its curve; "
                                 "gaps are learning rates where it diverged."));
        /* a cancelled sweep's best is of the lrs that finished: not offered */
        gtk_widget_set_visible (self->use_button, any_best && !self->stale && !self->cancelled);
      }
      break;
    case GS_STUDY_COMPARE:
      {
        const GsStudyCell *cells = gs_study_get_cells (study, &n);
        const char *head[] = { C_("column", "Run"), C_("column", "lr"),
                               C_("column", "Steps to threshold"),
                               C_("column", "Time to threshold"), C_("column", "Final loss"),
                               C_("column", "Best loss"), C_("column", "Status") };
        double threshold = spec->threshold;

        if (isnan (threshold))
          threshold = self->exp->stop.loss_below;
        report_row (self, 0, head, 7, NULL, TRUE);
        for (guint i = 0; i < n; i++)
          {
            /* as the figure's legend writes it */
            g_autofree char *lr = g_strdup_printf ("%.3g", cells[i].x);
            g_autofree char *steps = cells[i].steps_to_threshold == G_MAXUINT64
                                     ? g_strdup ("—")
                                     : g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                        cells[i].steps_to_threshold);
            g_autofree char *time = gs_format_duration (cells[i].seconds_to_threshold);
            g_autofree char *final = number (cells[i].final_loss);
            g_autofree char *best = number (cells[i].best_loss);
            const char *text[] = { run_label (self, cells[i].run), lr, steps, time, final, best,
                                   cell_status (&cells[i]) };

            report_row (self, row++, text, 7, &self->colors[cells[i].run], FALSE);
          }
        if (isnan (threshold))
          add_sentence (summary, _("No loss threshold is set: type one to count the steps "
                                   "and the time each run needs to reach it."));
        else
          {
            g_autofree char *text = g_strdup_printf (_("Steps and wall time until the loss "
                                                        "first goes below %g."), threshold);
            add_sentence (summary, text);
          }
        if (spec->tune && !self->cancelled)
          {
            add_sentence (summary, _("Each run at the best learning rate of its own sweep: "
                                     "a fair comparison."));
            gtk_widget_set_visible (self->use_button, !self->stale);
          }
      }
      break;
    case GS_STUDY_PHASE:
      {
        const GsPhaseView *pv = gs_study_figure_get_phase_view (self->figure);

        if (pv && pv->best_ix >= 0)
          {
            g_autofree char *cell = gs_study_figure_readout_cell (self->figure, pv->best_ix,
                                                                  pv->best_iy);
            g_autofree char *plain = NULL;

            g_auto(GStrv) parts = NULL;
            g_autofree char *joined = NULL;

            g_autofree char *text = NULL;

            pango_parse_markup (cell, -1, 0, NULL, &plain, NULL, NULL);
            parts = g_strsplit (plain ? plain : "", "\n", -1);
            joined = g_strjoinv (" · ", parts);
            text = g_strdup_printf (_("Best cell (ringed): %s."), joined);
            add_sentence (summary, text);
          }
        if (pv && metric (self) == GS_PHASE_METRIC_STEPS && !phase_reached (pv))
          add_sentence (summary, _("No cell reached the loss threshold: choose “Final loss” "
                                   "above the map, or a higher threshold."));
        add_sentence (summary, _("Hover a cell to read it; click it to add it as a run."));
      }
      break;
    case GS_STUDY_RANGE_TEST:
      {
        const GsStudyCurve *curves = gs_study_get_curves (study, &n);
        const char *head[] = { C_("column", "Run"), C_("column", "Suggested lr") };

        report_row (self, 0, head, 2, NULL, TRUE);
        for (guint c = 0; c < n; c++)
          {
            g_autofree char *lr = number (curves[c].suggested);
            const char *text[] = { run_label (self, curves[c].run), lr };

            report_row (self, row++, text, 2, &self->colors[curves[c].run], FALSE);
          }
        add_sentence (summary, _("The suggestion is where the loss falls fastest; a good "
                                 "learning rate is near it, below where the loss turns up."));
      }
      break;
    case GS_STUDY_CV:
      {
        const GsStudyCell *one_se = NULL;
        const GsStudyCell *cells = gs_study_get_cells (study, &n);
        const GsStudyCell *best = n ? gs_study_best (study, cells[0].run, &one_se) : NULL;

        const char *head[] = { C_("column", "λ"), C_("column", "Training loss"),
                               C_("column", "Validation loss"), C_("column", "Chosen") };

        if (best)
          {
            g_autofree char *text =
              g_strdup_printf (_("Least mean validation loss %.4g at λ = %.4g; the "
                                 "one-standard-error choice (the largest λ within one "
                                 "standard error of it): λ = %.4g."),
                               best->val_mean, best->x, one_se ? one_se->x : best->x);
            add_sentence (summary, text);
          }
        else
          add_sentence (summary, _("No strength gave a finite validation loss."));
        report_row (self, 0, head, 4, NULL, TRUE);
        for (guint i = 0; i < n; i++)
          {
            g_autofree char *lambda = number (cells[i].x);
            g_autofree char *train = g_strdup_printf ("%.4g ± %.2g", cells[i].train_mean,
                                                      cells[i].train_std);
            g_autofree char *val = g_strdup_printf ("%.4g ± %.2g", cells[i].val_mean,
                                                    cells[i].val_std);
            const char *chosen = &cells[i] == best ? C_("cv choice", "least validation loss")
                                 : &cells[i] == one_se ? C_("cv choice", "one standard error")
                                 : "";
            const char *text[] = { lambda, train, val, chosen };

            report_row (self, row++, text, 4, NULL, FALSE);
          }
        gtk_widget_set_visible (self->use_button, best != NULL && !self->stale
                                                  && !self->cancelled);
      }
      break;
    case GS_STUDY_SEEDS:
      {
        const GsStudyCurve *curves = gs_study_get_curves (study, &n);
        const char *head[] = { C_("column", "Run"), C_("column", "Final loss, mean"),
                               C_("column", "± std"), C_("column", "Lowest"),
                               C_("column", "Highest") };

        report_row (self, 0, head, 5, NULL, TRUE);
        for (guint c = 0; c < n; c++)
          {
            guint k = curves[c].n ? curves[c].n - 1 : 0;
            g_autofree char *mean = number (curves[c].n ? curves[c].y[k] : NAN);
            g_autofree char *std = number (curves[c].n ? curves[c].y_std[k] : NAN);
            g_autofree char *lo = number (curves[c].n ? curves[c].y_lo[k] : NAN);
            g_autofree char *hi = number (curves[c].n ? curves[c].y_hi[k] : NAN);
            const char *text[] = { run_label (self, curves[c].run), mean, std, lo, hi };

            report_row (self, row++, text, 5, &self->colors[curves[c].run], FALSE);
          }
        {
          g_autofree char *text = g_strdup_printf (_("The mean loss of %u seeds, the band from "
                                                     "their lowest to their highest."),
                                                   spec->n_seeds);
          add_sentence (summary, text);
        }
      }
      break;
    default:
      break;
    }
  if (self->cancelled)
    {
      g_autoptr(GString) first = g_string_new (_("Cancelled: only the finished runs are shown."));

      add_sentence (first, summary->str);
      g_string_assign (summary, first->str);
    }
  if (self->stale)
    {
      g_autoptr(GString) first = g_string_new (_("This result is of the experiment as it "
                                                 "was: press Start to study it as it is."));

      add_sentence (first, summary->str);
      g_string_assign (summary, first->str);
    }
  gtk_label_set_text (GTK_LABEL (self->summary), summary->str);
  g_string_free (summary, TRUE);
}

static GsPhaseMetric
metric (GsStudyPage *self)
{
  return gtk_drop_down_get_selected (GTK_DROP_DOWN (self->metric_dd)) == 1
         ? GS_PHASE_METRIC_FINAL : GS_PHASE_METRIC_STEPS;
}

/* A phase map without a threshold can only show final loss */
static void
metric_for (GsStudyPage *self)
{
  const GsStudySpec *spec = gs_study_get_spec (self->study);
  double threshold = isnan (spec->threshold) ? self->exp->stop.loss_below : spec->threshold;
  gboolean steps = !isnan (threshold);

  gtk_widget_set_sensitive (self->metric_dd, steps);
  if (!steps && gtk_drop_down_get_selected (GTK_DROP_DOWN (self->metric_dd)) != 1)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (self->metric_dd), 1);
}

/* The figure of the study as it is now: while it runs, of the kinds whose
 * cells can be read as they finish (lr sweeps, phase maps, comparisons);
 * the others are drawn once they are done */
static void
refresh_figure (GsStudyPage *self)
{
  GsStudyKind kind;

  g_clear_pointer (&self->figure, gs_study_figure_free);
  if (self->study == NULL)
    return;
  kind = gs_study_get_spec (self->study)->kind;
  if (self->running && kind != GS_STUDY_LR_SWEEP && kind != GS_STUDY_PHASE
      && kind != GS_STUDY_COMPARE)
    {
      gtk_label_set_text (GTK_LABEL (self->title), _(kinds[kind].title));
      gtk_widget_queue_draw (self->plot);
      return;
    }
  self->figure = gs_study_figure_new (self->study, self->exp, self->colors, metric (self));
  gtk_label_set_text (GTK_LABEL (self->title), gs_study_figure_get_title (self->figure));
  gtk_widget_queue_draw (self->plot);
}

static void
draw_plot (cairo_t *cr, int width, int height, gboolean dark, gpointer user_data)
{
  GsStudyPage *self = user_data;
  GsPlotStyle style = { dark, 1 };
  GsRect area;
  double x;

  self->width = width;
  self->height = height;
  if (self->figure == NULL)
    return;
  gs_study_figure_set_style (self->figure, &style);
  if (gs_study_figure_get_phase_view (self->figure) != NULL)
    {
      guint ix, iy;
      gboolean on = self->hovering
                    && gs_plot_phase_cell_at (cr, width, height,
                                              gs_study_figure_get_phase_view (self->figure),
                                              self->hover_x, self->hover_y, &ix, &iy);

      gs_study_figure_set_hover (self->figure, on ? (int) ix : -1, on ? (int) iy : -1);
      gs_study_figure_render (self->figure, cr, width, height);
      if (on)
        {
          g_autofree char *markup = gs_study_figure_readout_cell (self->figure, ix, iy);

          gs_study_figure_get_area (self->figure, cr, width, height, &area);
          /* just above the pointer (the box sits at the bottom of the area
           * it is given), not over the cell */
          area.height = MAX (1, self->hover_y - 10 - area.y);
          if (markup)
            gs_plot_draw_readout (cr, &area, self->hover_x, markup, dark, FALSE);
        }
      return;
    }
  gs_study_figure_render (self->figure, cr, width, height);
  if (self->hovering && !self->running
      && gs_study_figure_x_at (self->figure, cr, width, height, self->hover_x, &x))
    {
      g_autofree char *markup = gs_study_figure_readout_at (self->figure, x);

      gs_study_figure_get_area (self->figure, cr, width, height, &area);
      if (markup)
        gs_plot_draw_readout (cr, &area, self->hover_x, markup, dark, TRUE);
    }
}

static void
plot_motion (GtkEventControllerMotion *controller, double x, double y, GsStudyPage *self)
{
  self->hovering = TRUE;
  self->hover_x = x;
  self->hover_y = y;
  gtk_widget_queue_draw (self->plot);
}

static void
plot_leave (GtkEventControllerMotion *controller, GsStudyPage *self)
{
  self->hovering = FALSE;
  gtk_widget_queue_draw (self->plot);
}

static void
plot_pressed (GtkGestureClick *gesture, int n_press, double x, double y, GsStudyPage *self)
{
  gs_study_page_click (GTK_WIDGET (self), x, y);
}

static void
metric_selected (GtkDropDown *dd, GParamSpec *pspec, GsStudyPage *self)
{
  refresh_figure (self);
  if (self->study && !self->running)
    fill_report (self);
}

/* ---- running --------------------------------------------------------------------- */

static void
update_button (GsStudyPage *self)
{
  GtkButton *b = GTK_BUTTON (self->start_button);

  gtk_button_set_label (b, self->running ? _("Cancel") : _("Start"));
  gtk_widget_set_tooltip_text (self->start_button,
                               self->running ? _("Stop the study: the runs finished so far "
                                                 "stay shown")
                                             : _("Run the study in the background, on every "
                                                 "core"));
  if (self->running)
    {
      gtk_widget_remove_css_class (self->start_button, "suggested-action");
      gtk_widget_add_css_class (self->start_button, "destructive-action");
    }
  else
    {
      gtk_widget_remove_css_class (self->start_button, "destructive-action");
      gtk_widget_add_css_class (self->start_button, "suggested-action");
    }
  gtk_widget_set_sensitive (self->export_button, !self->running && self->study != NULL);
}

static char *
time_left (guint done, guint total, double seconds)
{
  double left;

  if (done == 0)
    return g_strdup (_("estimating the time left"));
  left = seconds * (total - done) / done;
  if (left < 1)
    return g_strdup (_("less than a second left"));
  if (left < 90)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %u second left",
                                         "about %u seconds left", (gulong) lround (left)),
                            (guint) lround (left));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %u minute left",
                                       "about %u minutes left", (gulong) lround (left / 60)),
                          (guint) lround (left / 60));
}

static void
finish (GsStudyPage *self)
{
  guint done, total;
  double seconds;
  g_autofree char *text = NULL;

  g_clear_handle_id (&self->poll_id, g_source_remove);
  gs_study_wait (self->study);
  self->running = FALSE;
  gs_study_get_progress (self->study, &done, &total, &seconds);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), 1.0);
  metric_for (self);
  if (self->cancelled)
    {
      GsStudyKind kind = gs_study_get_spec (self->study)->kind;
      guint n_cells, finished = 0;
      const GsStudyCell *cells = gs_study_get_cells (self->study, &n_cells);

      /* the runs that finished: jobs cut short return too */
      for (guint i = 0; i < n_cells; i++)
        finished += cells[i].done;
      text = kind == GS_STUDY_LR_SWEEP || kind == GS_STUDY_PHASE || kind == GS_STUDY_CV
             ? g_strdup_printf (_("Cancelled after %u of %u runs"), finished, n_cells)
             : g_strdup (_("Cancelled"));
      gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress),
                                     n_cells ? (double) finished / n_cells : 0);
    }
  else
    {
      g_autofree char *took = gs_format_duration (seconds);

      /* TRANSLATORS: the study's runs, then its wall time ("3.1 ms", "1.25 s") */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u run in %s", "%u runs in %s",
                                           total), total, took);
    }
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress), text);
  refresh_figure (self);
  /* the experiment may have changed while the study ran */
  self->stale = !same_runs (self);
  fill_report (self);
  update_button (self);
  validate (self);
}

static gboolean
poll (gpointer data)
{
  GsStudyPage *self = data;
  guint done, total;
  double seconds;
  g_autofree char *left = NULL, *text = NULL;

  gs_study_get_progress (self->study, &done, &total, &seconds);
  if (done >= total)
    {
      self->poll_id = 0;
      finish (self);
      return G_SOURCE_REMOVE;
    }
  left = time_left (done, total, seconds);
  text = self->cancelled ? g_strdup (_("Cancelling…"))
                         : g_strdup_printf (_("%u of %u runs · %s"), done, total, left);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress),
                                 total ? (double) done / total : 0);
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress), text);
  /* the cells done so far: a new figure only when more are done */
  if (!self->cancelled && done != self->shown_done)
    {
      self->shown_done = done;
      refresh_figure (self);
    }
  return G_SOURCE_CONTINUE;
}

static void
drop_study (GsStudyPage *self)
{
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_pointer (&self->figure, gs_study_figure_free);
  if (self->study)
    gs_study_cancel (self->study);
  g_clear_pointer (&self->study, gs_study_free);
  g_clear_pointer (&self->exp, gs_experiment_free);
  g_clear_pointer (&self->colors, g_free);
  g_clear_pointer (&self->exp_key, g_free);
  self->running = FALSE;
}

gboolean
gs_study_page_start (GtkWidget *page)
{
  GsStudyPage *self = GS_STUDY_PAGE (page);
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;
  GsExperiment *exp;
  GsStudySpec spec;
  GsStudy *study;

  if (self->running)
    return FALSE;
  if (!read_spec (self, &spec, &message))
    {
      set_message (self, message, TRUE);
      return FALSE;
    }
  exp = gs_window_copy_experiment (self->window, &error);
  study = exp ? gs_study_new (exp, &spec, &error) : NULL;
  if (study == NULL)
    {
      set_message (self, error->message, TRUE);
      g_clear_pointer (&exp, gs_experiment_free);
      return FALSE;
    }
  drop_study (self);
  self->exp = exp;
  self->exp_key = experiment_key (exp, gs_experiment_get_n_runs (exp));
  self->shown_done = 0;
  self->study = study;
  self->colors = g_new (GsRgb, MAX (1, gs_experiment_get_n_runs (exp)));
  for (guint r = 0; r < gs_experiment_get_n_runs (exp); r++)
    self->colors[r] = r < self->window->run_views->len
                      ? gs_rgb_of_rgba (&g_array_index (self->window->run_views, GsRunView,
                                                        r).color)
                      : gs_palette_color (r);
  self->running = TRUE;
  self->cancelled = FALSE;
  self->stale = FALSE;
  set_message (self, NULL, FALSE);
  report_clear (self);
  gtk_label_set_text (GTK_LABEL (self->summary), "");
  gtk_widget_set_visible (self->use_button, FALSE);
  gtk_widget_set_visible (self->metric_dd, spec.kind == GS_STUDY_PHASE);
  gtk_widget_set_visible (self->progress, TRUE);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), 0);
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress), _("Starting…"));
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "result");
  gs_study_start (study);
  refresh_figure (self);
  update_button (self);
  self->poll_id = g_timeout_add (POLL_MS, poll, self);
  return TRUE;
}

void
gs_study_page_cancel (GtkWidget *page)
{
  GsStudyPage *self = GS_STUDY_PAGE (page);

  if (!self->running)
    return;
  self->cancelled = TRUE;
  gs_study_cancel (self->study);
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress), _("Cancelling…"));
}

static void
start_clicked (GtkButton *button, GsStudyPage *self)
{
  if (self->running)
    gs_study_page_cancel (GTK_WIDGET (self));
  else
    gs_study_page_start (GTK_WIDGET (self));
}

/* Each run's lr set to its best (a sweep, or a tuned comparison), or the
 * cross-validated strength */
static void
use_clicked (GtkButton *button, GsStudyPage *self)
{
  guint n_runs = gs_experiment_get_n_runs (self->exp);
  g_autofree double *lr = NULL;

  if (self->stale || self->cancelled)
    return;
  if (gs_study_get_spec (self->study)->kind == GS_STUDY_CV)
    {
      const GsStudyCell *one_se = NULL;
      guint n;
      const GsStudyCell *cells = gs_study_get_cells (self->study, &n);
      const GsStudyCell *best = n ? gs_study_best (self->study, cells[0].run, &one_se) : NULL;

      if (best)
        gs_window_use_strength (self->window, cells[0].run, gs_study_get_spec (self->study)->l1,
                                one_se ? one_se->x : best->x);
      return;
    }
  lr = g_new (double, MAX (1, n_runs));
  for (guint r = 0; r < n_runs; r++)
    {
      const GsStudyCell *best = gs_study_best (self->study, r, NULL);

      lr[r] = best ? best->x : NAN;
    }
  gs_window_use_learning_rates (self->window, lr, n_runs);
}

/* ---- export ---------------------------------------------------------------------------- */

gboolean
gs_study_page_export (GtkWidget *page, const char *path, GError **error)
{
  GsStudyPage *self = GS_STUDY_PAGE (page);
  GsPlotStyle style = { FALSE, 1 };

  if (self->study == NULL || self->running)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID, _("There is no finished study to export"));
      return FALSE;
    }
  if (g_str_has_suffix (path, ".csv") || g_str_has_suffix (path, ".CSV"))
    {
      g_autoptr(GString) csv = gs_study_to_csv (self->study, self->exp);
      int code = 0;

      if (!gs_output_write_all (path, csv->str, csv->len, &code))
        {
          g_set_error (error, GS_ERROR, GS_ERROR_IO, _("%s: cannot write the results: %s"),
                       path, g_strerror (code));
          return FALSE;
        }
      return TRUE;
    }
  /* a figure for print and slides: light */
  gs_study_figure_set_style (self->figure, &style);
  return gs_study_figure_write (self->figure, path, 1200, 800, error);
}

static void
export_response (GtkNativeDialog *chooser, int response, gpointer user_data)
{
  GsStudyPage *self = GS_STUDY_PAGE (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path && gs_study_page_export (GTK_WIDGET (self), path, &error))
        {
          g_autofree char *base = g_path_get_basename (path);
          g_autofree char *msg = g_strdup_printf (_("Exported “%s”"), base);

          gs_window_toast (self->window, msg);
        }
      else
        gs_window_show_error (self->window, _("Cannot Export the Study"),
                              error ? error->message : _("Only local files can be written"));
    }
  g_object_unref (chooser);
  g_object_unref (self->window);
  g_object_unref (self);
}

static void
export_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  GsStudyPage *self = GS_STUDY_PAGE (widget);
  gboolean csv = g_str_equal (g_variant_get_string (param, NULL), "csv");
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (csv ? _("Export Study Results") : _("Export Study Figure"),
                                 GTK_WINDOW (self->window), GTK_FILE_CHOOSER_ACTION_SAVE,
                                 _("_Export"), _("_Cancel"));
  GtkFileFilter *filter = gtk_file_filter_new ();
  g_autofree char *name_hint = g_strdup_printf ("study-%s.%s",
                                                gs_study_kind_to_string (self->kind),
                                                csv ? "csv" : "png");

  if (csv)
    {
      gtk_file_filter_set_name (filter, _("CSV tables"));
      gtk_file_filter_add_pattern (filter, "*.csv");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("Figures (PNG, SVG, PDF)"));
      gtk_file_filter_add_pattern (filter, "*.png");
      gtk_file_filter_add_pattern (filter, "*.svg");
      gtk_file_filter_add_pattern (filter, "*.pdf");
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  if (self->study)
    {
      g_free (name_hint);
      name_hint = g_strdup_printf ("study-%s.%s",
                                   gs_study_kind_to_string (gs_study_get_spec (self->study)->kind),
                                   csv ? "csv" : "png");
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name_hint);
  /* both stay until the answer: the page and the window it reports to */
  g_object_ref (self->window);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response), g_object_ref (self));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- the widget -------------------------------------------------------------------- */

static GtkWidget *
entry_row (GsStudyPage *self, Field f)
{
  GtkWidget *row = adw_entry_row_new ();

  g_autofree char *name = g_strconcat ("study-", field_names[f], NULL);

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(fields[f].title));
  gtk_widget_set_tooltip_text (row, _(fields[f].tooltip));
  g_signal_connect (row, "changed", G_CALLBACK (field_changed), self);
  self->rows[f] = row;
  return row;
}

static GtkWidget *
switch_row (GsStudyPage *self, const char *title, const char *tooltip, GtkWidget **sw)
{
  GtkWidget *row = adw_action_row_new ();

  *sw = gtk_switch_new ();
  gtk_widget_set_valign (*sw, GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_tooltip_text (row, tooltip);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), *sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), *sw);
  g_signal_connect (*sw, "notify::active", G_CALLBACK (switch_changed), self);
  return row;
}

static GtkWidget *
combo_row (const char *title, const char *tooltip, GtkStringList *model)
{
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_tooltip_text (row, tooltip);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  return row;
}

static GtkWidget *
build_settings (GsStudyPage *self)
{
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *study = adw_preferences_group_new ();
  GtkStringList *kind_names = gtk_string_list_new (NULL);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    gtk_string_list_append (kind_names, _(kinds[k].title));
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (study), _("Study"));
  self->kind_row = combo_row (_("Study"), _("What to find out: a learning rate, a phase map "
                                            "over two hyper-parameters, a strength λ, the "
                                            "noise of minibatches, or which optimizer wins"),
                              kind_names);
  g_object_unref (kind_names);
  self->run_names = gtk_string_list_new (NULL);
  gtk_widget_set_name (self->kind_row, "study-kind");
  self->run_row = combo_row (_("Run"), _("The run of the experiment the study varies; every "
                                         "other setting is that run's"), self->run_names);
  g_object_unref (self->run_names);
  gtk_widget_set_name (self->run_row, "study-run");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (study), self->kind_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (study), self->run_row);
  self->kind_blurb = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->kind_blurb), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->kind_blurb), 0);
  gtk_widget_add_css_class (self->kind_blurb, "dim-label");
  gtk_widget_set_margin_top (self->kind_blurb, 8);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (study), self->kind_blurb);
  gtk_box_append (GTK_BOX (box), study);

  /* the phase map's axes */
  self->axes_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->axes_group), _("Axes"));
  self->x_params = gtk_string_list_new (NULL);
  self->y_params = gtk_string_list_new (NULL);
  self->x_param_row = combo_row (_("x"), _("The hyper-parameter along x (PyTorch's name; "
                                            "betas[0] is β₁)"), self->x_params);
  self->y_param_row = combo_row (_("y"), _("The hyper-parameter along y"), self->y_params);
  g_object_unref (self->x_params);
  g_object_unref (self->y_params);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->axes_group), self->x_param_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->axes_group), entry_row (self, F_X_MIN));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->axes_group), entry_row (self, F_X_MAX));
  self->x_log_row = switch_row (self, _("Logarithmic x"), _("Values along x spaced by the same "
                                                           "factor rather than the same step"),
                                &self->x_log);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->axes_group), self->x_log_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->axes_group), entry_row (self, F_NX));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->axes_group), self->y_param_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->axes_group), entry_row (self, F_Y_MIN));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->axes_group), entry_row (self, F_Y_MAX));
  self->y_log_row = switch_row (self, _("Logarithmic y"), _("Values along y spaced by the same "
                                                           "factor rather than the same step"),
                                &self->y_log);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->axes_group), self->y_log_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->axes_group), entry_row (self, F_NY));
  gtk_box_append (GTK_BOX (box), self->axes_group);

  self->values_group = adw_preferences_group_new ();
  self->tune_row = switch_row (self, _("At each run's best learning rate"),
                               _("Sweep each run's learning rate first and compare the runs "
                                 "each at its best: a fair comparison of optimizers"),
                               &self->tune_switch);
  gtk_widget_set_name (self->tune_switch, "study-tune");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->values_group), self->tune_row);
  for (Field f = F_LR_MIN; f <= F_STEPS; f++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->values_group), entry_row (self, f));
  for (Field f = F_THRESHOLD; f < N_FIELDS; f++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->values_group), entry_row (self, f));
  self->l1_row = switch_row (self, _("L1 rather than L2"),
                             _("Cross-validate the L1 strength (lasso) instead of the L2 one"),
                             &self->l1_switch);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->values_group), self->l1_row);
  gtk_box_append (GTK_BOX (box), self->values_group);

  self->start_button = gtk_button_new_with_label (_("Start"));
  gtk_widget_add_css_class (self->start_button, "pill");
  gtk_widget_add_css_class (self->start_button, "suggested-action");
  gtk_widget_set_halign (self->start_button, GTK_ALIGN_CENTER);
  gtk_widget_set_name (self->start_button, "study-start");
  g_signal_connect (self->start_button, "clicked", G_CALLBACK (start_clicked), self);
  gtk_box_append (GTK_BOX (bottom), self->start_button);
  self->progress = gtk_progress_bar_new ();
  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (self->progress), TRUE);
  gtk_widget_set_tooltip_text (self->progress, _("Runs of the study done, and the time left"));
  gtk_widget_set_visible (self->progress, FALSE);
  gtk_widget_set_name (self->progress, "study-progress");
  gtk_box_append (GTK_BOX (bottom), self->progress);
  self->message = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->message), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->message), 0);
  gtk_widget_set_visible (self->message, FALSE);
  gtk_box_append (GTK_BOX (bottom), self->message);

  g_signal_connect (self->kind_row, "notify::selected", G_CALLBACK (kind_selected), self);
  g_signal_connect (self->run_row, "notify::selected", G_CALLBACK (run_selected), self);
  g_signal_connect (self->x_param_row, "notify::selected", G_CALLBACK (param_selected), self);
  g_signal_connect (self->y_param_row, "notify::selected", G_CALLBACK (param_selected), self);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  /* Start, the progress and the message stay in sight under the settings */
  gtk_widget_set_margin_start (bottom, 12);
  gtk_widget_set_margin_end (bottom, 12);
  gtk_widget_set_margin_top (bottom, 10);
  gtk_widget_set_margin_bottom (bottom, 12);
  gtk_box_append (GTK_BOX (column), scroller);
  gtk_box_append (GTK_BOX (column), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (column), bottom);
  gtk_widget_set_size_request (column, 300, -1);
  /* the rows' entries expand; the column stays as wide as it asks */
  gtk_widget_set_hexpand (column, FALSE);
  return column;
}

static GtkWidget *
build_result (GsStudyPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *empty = adw_status_page_new ();
  GtkWidget *table_scroller = gtk_scrolled_window_new ();
  GMenu *menu = g_menu_new ();
  const char *metrics[] = { N_("Steps to threshold"), N_("Final loss"), NULL };
  const char *metric_names[3] = { _(metrics[0]), _(metrics[1]), NULL };

  self->title = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->title, "heading");
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (self->title, TRUE);
  self->metric_dd = gtk_drop_down_new_from_strings (metric_names);
  gtk_widget_set_tooltip_text (self->metric_dd, _("What the phase map's colours show: the "
                                                  "steps each cell needs to reach the loss "
                                                  "threshold, or its final loss"));
  gtk_widget_set_visible (self->metric_dd, FALSE);
  gtk_widget_set_name (self->metric_dd, "study-metric");
  g_signal_connect (self->metric_dd, "notify::selected", G_CALLBACK (metric_selected), self);
  self->use_button = gtk_button_new_with_label (_("Use These Learning Rates"));
  gtk_widget_set_tooltip_text (self->use_button, _("Set each run's learning rate to the best "
                                                   "one the study found and run them again "
                                                   "from step 0"));
  gtk_widget_set_visible (self->use_button, FALSE);
  gtk_widget_set_name (self->use_button, "study-use");
  g_signal_connect (self->use_button, "clicked", G_CALLBACK (use_clicked), self);
  g_menu_append (menu, _("Results as CSV…"), "study.export::csv");
  g_menu_append (menu, _("Figure as PNG, SVG or PDF…"), "study.export::figure");
  self->export_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->export_button), "document-save-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->export_button), G_MENU_MODEL (menu));
  gtk_widget_set_tooltip_text (self->export_button, _("Export the results as a CSV table or "
                                                      "the figure as PNG, SVG or PDF"));
  gtk_widget_set_sensitive (self->export_button, FALSE);
  g_object_unref (menu);
  gtk_box_append (GTK_BOX (bar), self->title);
  gtk_box_append (GTK_BOX (bar), self->metric_dd);
  gtk_box_append (GTK_BOX (bar), self->export_button);
  gtk_widget_set_margin_start (bar, 10);
  gtk_widget_set_margin_end (bar, 6);
  gtk_widget_set_margin_top (bar, 6);
  gtk_box_append (GTK_BOX (box), bar);

  self->plot = gs_plot_view_new ();
  gtk_widget_set_vexpand (self->plot, TRUE);
  gtk_widget_set_hexpand (self->plot, TRUE);
  gtk_widget_set_size_request (self->plot, 360, 260);
  gtk_widget_set_tooltip_text (self->plot, _("The study's result; hover to read values, click "
                                             "a phase-map cell to add it as a run"));
  gs_plot_view_set_draw_func (GS_PLOT_VIEW (self->plot), draw_plot, self, NULL);
  {
    GtkEventController *m = gtk_event_controller_motion_new ();
    GtkGesture *click = gtk_gesture_click_new ();

    g_signal_connect (m, "motion", G_CALLBACK (plot_motion), self);
    g_signal_connect (m, "leave", G_CALLBACK (plot_leave), self);
    g_signal_connect (click, "pressed", G_CALLBACK (plot_pressed), self);
    gtk_widget_add_controller (self->plot, m);
    gtk_widget_add_controller (self->plot, GTK_EVENT_CONTROLLER (click));
  }
  gtk_box_append (GTK_BOX (box), self->plot);

  self->summary = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->summary), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->summary), 0);
  gtk_label_set_selectable (GTK_LABEL (self->summary), TRUE);
  gtk_widget_set_hexpand (self->summary, TRUE);
  {
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

    gtk_widget_set_valign (self->use_button, GTK_ALIGN_CENTER);
    gtk_box_append (GTK_BOX (row), self->summary);
    gtk_box_append (GTK_BOX (row), self->use_button);
    gtk_widget_set_margin_start (row, 10);
    gtk_widget_set_margin_end (row, 10);
    gtk_box_append (GTK_BOX (box), row);
  }
  self->report = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->report), 14);
  gtk_grid_set_row_spacing (GTK_GRID (self->report), 3);
  gtk_widget_set_margin_start (self->report, 10);
  gtk_widget_set_margin_end (self->report, 10);
  gtk_widget_set_margin_bottom (self->report, 8);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (table_scroller), self->report);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (table_scroller), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (table_scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (table_scroller), 200);
  gtk_box_append (GTK_BOX (box), table_scroller);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "view-grid-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Study Yet"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Choose a study and press Start: many runs of this "
                                     "experiment on every core, to pick a learning rate, a "
                                     "strength or an optimizer"));
  self->stack = gtk_stack_new ();
  gtk_stack_add_named (GTK_STACK (self->stack), empty, "empty");
  gtk_stack_add_named (GTK_STACK (self->stack), box, "result");
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
  gtk_widget_set_hexpand (self->stack, TRUE);
  gtk_widget_add_css_class (self->stack, "card");
  gtk_widget_set_margin_start (self->stack, 6);
  gtk_widget_set_margin_end (self->stack, 12);
  gtk_widget_set_margin_top (self->stack, 12);
  gtk_widget_set_margin_bottom (self->stack, 12);
  return self->stack;
}

/* What a result depends on: the experiment as its file says it without
 * the runs (the problem, a typed f, the data, the start, the penalty, the
 * stop rules), and the name and optimizer of each of its first n runs —
 * runs added since (a phase-map cell made into a run) change nothing */
static char *
experiment_key (const GsExperiment *exp, guint n)
{
  g_autofree char *json = gs_experiment_to_json (exp);
  g_autoptr(JsonParser) parser = json_parser_new ();
  GString *key = g_string_new (NULL);

  if (json_parser_load_from_data (parser, json, -1, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonNode *root = json_parser_get_root (parser);
      g_autofree char *rest = NULL;

      json_object_remove_member (json_node_get_object (root), "runs");
      rest = json_to_string (root, FALSE);
      g_string_append (key, rest);
    }
  else
    g_string_append (key, json);
  for (guint r = 0; r < MIN (n, gs_experiment_get_n_runs (exp)); r++)
    g_string_append_printf (key, "\n%s\t%s", gs_experiment_get_run (exp, r)->label,
                            gs_experiment_get_run (exp, r)->optimizer->name);
  if (n > gs_experiment_get_n_runs (exp))
    g_string_append (key, "\nfewer runs");
  return g_string_free (key, FALSE);
}

static gboolean
same_runs (GsStudyPage *self)
{
  g_autofree char *now = experiment_key (gs_window_get_experiment (self->window),
                                         gs_experiment_get_n_runs (self->exp));

  return g_str_equal (now, self->exp_key);
}

/* The result shown is of another experiment than the window's now: it
 * stays to be read, but nothing of it applies to the runs any more */
static void
check_stale (GsStudyPage *self)
{
  gboolean stale;

  if (self->exp == NULL || self->running)
    return;
  stale = !same_runs (self);
  if (stale != self->stale)
    {
      self->stale = stale;
      fill_report (self);
    }
}

void
gs_study_page_sync (GtkWidget *page)
{
  GsStudyPage *self = GS_STUDY_PAGE (page);

  if (gs_window_get_experiment (self->window) == NULL)
    return;
  if (!self->ready)
    {
      /* the first experiment: the fields get their defaults */
      self->ready = TRUE;
      self->synced = gs_window_get_experiment (self->window);
      sync_runs (self);
      kind_defaults (self);
      sync_params (self);
      show_kind (self);
      validate (self);
      return;
    }
  if (gs_window_get_experiment (self->window) != self->synced)
    {
      /* another experiment: the settings start from its values (its lr
       * ranges, its threshold) */
      self->synced = gs_window_get_experiment (self->window);
      forget_kinds (self);
      sync_runs (self);
      kind_defaults (self);
      if (self->kind == GS_STUDY_CV)
        l1_default (self);
      if (self->kind == GS_STUDY_PHASE)
        {
          sync_params (self);
          param_defaults (self, TRUE);
          param_defaults (self, FALSE);
        }
      show_kind (self);
      validate (self);
      check_stale (self);
      return;
    }
  sync_runs (self);
  check_stale (self);
  if (self->kind == GS_STUDY_PHASE)
    sync_params (self);
  if (gtk_widget_get_visible (self->rows[F_THRESHOLD])
      && *row_text (self->rows[F_THRESHOLD]) == '\0')
    {
      self->building = TRUE;
      set_row_number (self->rows[F_THRESHOLD],
                      gs_window_get_experiment (self->window)->stop.loss_below);
      self->building = FALSE;
    }
  validate (self);
}

void
gs_study_page_set_kind (GtkWidget *page, GsStudyKind kind)
{
  adw_combo_row_set_selected (ADW_COMBO_ROW (GS_STUDY_PAGE (page)->kind_row), kind);
}

gboolean
gs_study_page_is_running (GtkWidget *page)
{
  return GS_STUDY_PAGE (page)->running;
}

GsStudy *
gs_study_page_get_study (GtkWidget *page)
{
  return GS_STUDY_PAGE (page)->study;
}

const char *
gs_study_page_get_message (GtkWidget *page)
{
  return gtk_label_get_text (GTK_LABEL (GS_STUDY_PAGE (page)->message));
}

char *
gs_study_page_get_report (GtkWidget *page)
{
  GsStudyPage *self = GS_STUDY_PAGE (page);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < self->report_lines->len; i++)
    {
      g_string_append (s, g_ptr_array_index (self->report_lines, i));
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

GtkWidget *
gs_study_page_get_plot (GtkWidget *page)
{
  return GS_STUDY_PAGE (page)->plot;
}

gboolean
gs_study_page_click (GtkWidget *page, double px, double py)
{
  GsStudyPage *self = GS_STUDY_PAGE (page);
  const GsPhaseView *pv;
  const GsStudySpec *spec;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint ix, iy;
  gboolean on;

  if (self->figure == NULL || self->running || self->stale
      || (pv = gs_study_figure_get_phase_view (self->figure)) == NULL)
    return FALSE;
  /* the layout needs a cairo context for its text */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (surface);
  on = gs_plot_phase_cell_at (cr, self->width, self->height, pv, px, py, &ix, &iy);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  if (!on)
    return FALSE;
  spec = gs_study_get_spec (self->study);
  gs_window_add_study_run (self->window, self->exp, MAX (spec->run, 0), spec->x_param,
                           pv->x[ix], spec->y_param, pv->y[iy]);
  return TRUE;
}

/* The first time the page shows, it answers its first question at once:
 * the default study of the experiment (an lr sweep of every run takes a
 * fraction of a second) */
static void
gs_study_page_map (GtkWidget *widget)
{
  GsStudyPage *self = GS_STUDY_PAGE (widget);

  GTK_WIDGET_CLASS (gs_study_page_parent_class)->map (widget);
  if (!self->shown_once && self->ready && self->study == NULL
      && gtk_widget_get_sensitive (self->start_button))
    gs_study_page_start (widget);
  self->shown_once = TRUE;
}

static void
gs_study_page_dispose (GObject *object)
{
  GsStudyPage *self = GS_STUDY_PAGE (object);

  drop_study (self);
  forget_kinds (self);
  g_clear_pointer (&self->report_lines, g_ptr_array_unref);
  G_OBJECT_CLASS (gs_study_page_parent_class)->dispose (object);
}

static void
gs_study_page_class_init (GsStudyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gs_study_page_dispose;
  widget_class->map = gs_study_page_map;
  gtk_widget_class_install_action (widget_class, "study.export", "s", export_activated);
}

static void
gs_study_page_init (GsStudyPage *self)
{
  GtkWidget *settings;

  self->report_lines = g_ptr_array_new_with_free_func (g_free);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_HORIZONTAL);
  settings = build_settings (self);
  gtk_box_append (GTK_BOX (self), settings);
  gtk_box_append (GTK_BOX (self), build_result (self));
}

GtkWidget *
gs_study_page_new (GsWindow *window)
{
  GsStudyPage *self = g_object_new (GS_TYPE_STUDY_PAGE, NULL);

  self->window = window;
  self->kind = GS_STUDY_LR_SWEEP;
  show_kind (self);
  update_button (self);
  /* the fields are filled with the window's first experiment */
  gs_study_page_sync (GTK_WIDGET (self));
  return GTK_WIDGET (self);
}
