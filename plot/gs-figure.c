/* gs-figure.c — title line + landscape + loss + data, to PNG, SVG or PDF */
#include "gs-figure.h"
#include "gs-output.h"
#include "gs-plot-private.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define N_LEVELS 14
/* A network's slice costs a forward pass per node (~3.4 s at 256² for a
 * 2-16-16-2 net on 200 rows): a coarser grid, unless asked */
#define MLP_GRID 96
/* nodes per side of the decision-boundary field, and the curve's samples */
#define FIELD_SIZE 200
#define CURVE_SIZE 400

/* One run as the figure shows it. */
typedef struct
{
  double   *rows;      /* n_rows trace rows, width doubles each */
  guint     n_rows;
  char     *label;
  GsRgb     color;
  gboolean  diverged;
  double   *theta;     /* current θ (n_params) */
} FigureRun;

struct _GsFigure
{
  GsFigureOptions options;
  GsProblem      *problem;
  guint           n_params;
  gsize           width;           /* doubles per trace row */
  char           *title;           /* "Rosenbrock" */
  char           *subtitle;        /* "f(x, y) = …" */
  char           *note;            /* "4 runs · start (−1.5, 2)" */

  FigureRun      *runs;
  guint           n_runs;

  /* landscape */
  gboolean        has_contour;
  double          view[4];
  GsGrid         *grid;
  GsLevels        levels;
  GsContourLines *lines;
  double          minima[2 * GS_FUNCTION_MAX_MINIMA];
  guint           n_minima;
  double          start[2];
  const char     *x_title, *y_title, *value_title;
  GsTrajectory   *trajectories;

  /* loss */
  GsLossSeries   *series;
  guint           n_series;        /* n_runs, and as many validation curves (dashed) */
  gboolean        log_y;

  /* data */
  gboolean        has_data;
  GsDataFit      *fits;
  char           *data_x_title, *data_y_title;

  /* a network: its parameters' names on the landscape's axes, and what it
   * predicts (in the data panel) */
  char           *param_titles[2];
  gboolean        has_boundary;
  GsBoundaryMode  boundary_mode;
  guint           n_classes;
  int             boundary_run;    /* the run whose θ it shows; −1: none */
  char           *boundary_title;
  double          data_window[4];
  GsBoundaryField *field;          /* NULL: no run to show */
};

/* ---- building ----------------------------------------------------------------- */

/* Minimum of a 2-parameter linear regression, from the normal equations:
 * [1, x̄; x̄, mean(x²) + l2/2] θ = [ȳ, mean(xy)]. FALSE when l1 is set. */
static gboolean
linear_minimum (const GsDataset *d, const GsRegularization *reg, double out[2])
{
  double sx = 0, sxx = 0, sy = 0, sxy = 0, m = d->n_rows;
  double a, b, c, det;

  if (reg->l1 != 0.0)
    return FALSE;
  for (guint i = 0; i < d->n_rows; i++)
    {
      double x = gs_dataset_row (d, i)[1], y = d->y[i];
      sx += x;
      sxx += x * x;
      sy += y;
      sxy += x * y;
    }
  a = sx / m;
  b = sxx / m + reg->l2 / 2;
  c = 1.0;
  det = c * b - a * a;
  if (!(fabs (det) > 1e-300))
    return FALSE;
  out[0] = (b * (sy / m) - a * (sxy / m)) / det;
  out[1] = (c * (sxy / m) - a * (sy / m)) / det;
  return isfinite (out[0]) && isfinite (out[1]);
}

static char *
format_number (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  GString *s = g_string_new (NULL);

  g_ascii_formatd (buf, sizeof buf, "%.4g", v);
  if (buf[0] == '-')
    {
      g_string_append (s, "−");
      g_string_append (s, buf + 1);
    }
  else
    g_string_append (s, buf);
  return g_string_free (s, FALSE);
}

static void
build_titles (GsFigure *fig, const GsExperiment *exp)
{
  const GsFunctionInfo *info = gs_problem_get_function (fig->problem);
  const GsDataset *data = gs_problem_get_data (fig->problem);
  GString *sub = g_string_new (NULL);
  g_autofree char *sx = format_number (fig->start[0]);
  g_autofree char *sy = format_number (fig->start[1]);

  switch (gs_problem_get_kind (fig->problem))
    {
    case GS_PROBLEM_FUNCTION:
      fig->title = g_strdup (_(info->title));
      g_string_append_printf (sub, "f(x, y) = %s", info->formula);
      break;
    case GS_PROBLEM_LINEAR_REGRESSION:
      /* TRANSLATORS: a figure's title */
      fig->title = g_strdup (_("Linear regression"));
      g_string_append (sub, data->n_features == 1 ? "ŷ = θ₀ + θ₁·x" : "ŷ = θ₀ + Σ θⱼ·xⱼ");
      /* TRANSLATORS: in a figure's subtitle, after the model's formula:
         "ŷ = θ₀ + θ₁·x, mean squared error · 200 samples" */
      g_string_append_printf (sub, ", %s · ", _("mean squared error"));
      g_string_append_printf (sub, _("%u samples"), data->n_rows);
      break;
    case GS_PROBLEM_MLP:
      {
        const GsMlp *mlp = gs_problem_get_mlp (fig->problem);
        const GsMlpConfig *config = gs_mlp_get_config (mlp);
        const GsDataset *val = gs_problem_get_validation (fig->problem);
        g_autofree char *shape = gs_mlp_describe (mlp);

        /* "Neural network 2-16-16-3, tanh" */
        if (config->n_hidden > 0)
          /* TRANSLATORS: a figure's title: the layer widths, the hidden
             layers' activation function (tanh, relu, …) */
          fig->title = g_strdup_printf (_("Neural network %s, %s"), shape,
                                        gs_activation_to_string (config->activation));
        else
          /* TRANSLATORS: a figure's title: the layer widths ("2-3") */
          fig->title = g_strdup_printf (_("Neural network %s"), shape);
        if (config->n_features > 0)
          {
            GString *list = g_string_new (NULL);

            for (guint k = 0; k < config->n_features; k++)
              g_string_append_printf (list, "%s%s", k ? ", " : "",
                                      gs_feature_to_string (config->features[k]));
            /* TRANSLATORS: in a figure's subtitle: the network's input
               features, "inputs x, y, xy" */
            g_string_append_printf (sub, _("inputs %s"), list->str);
            g_string_append (sub, " · ");
            g_string_free (list, TRUE);
          }
        g_string_append (sub, config->classify ? _("softmax cross-entropy")
                                               : _("mean squared error"));
        g_string_append (sub, " · ");
        g_string_append_printf (sub, _("%u samples"), data->n_rows);
        if (val && val->n_rows > 0)
          {
            g_string_append (sub, " + ");
            /* TRANSLATORS: in a figure's subtitle, "200 samples + 40
               validation": the rows held out for validation */
            g_string_append_printf (sub, _("%u validation"), val->n_rows);
          }
      }
      break;
    case GS_PROBLEM_LOGISTIC_REGRESSION:
    default:
      /* TRANSLATORS: a figure's title */
      fig->title = g_strdup (_("Logistic regression"));
      g_string_append (sub, data->n_features == 1 ? "p = σ(θ₀ + θ₁·x)"
                            : data->n_features == 2 ? "p = σ(θ₀ + θ₁·x₁ + θ₂·x₂)"
                            : "p = σ(θ₀ + Σ θⱼ·xⱼ)");
      g_string_append_printf (sub, ", %s · ", _("cross-entropy"));
      g_string_append_printf (sub, _("%u samples"), data->n_rows);
      break;
    }
  if (exp->reg.l1 > 0.0)
    g_string_append_printf (sub, " + %g‖w‖₁", exp->reg.l1);
  if (exp->reg.l2 > 0.0)
    g_string_append_printf (sub, " + (%g/2)‖w‖²", exp->reg.l2);
  fig->subtitle = g_string_free (sub, FALSE);

  if (fig->n_params == 2)
    /* TRANSLATORS: at the right of a figure's title line: the number of
       runs and where they start, "4 runs · start (−1.5, 2)" */
    fig->note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u run · start (%s, %s)",
                                              "%u runs · start (%s, %s)", fig->n_runs),
                                 fig->n_runs, sx, sy);
  else
    /* TRANSLATORS: at the right of a figure's title line, "4 runs · 67
       parameters" */
    fig->note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u run · %u parameters",
                                              "%u runs · %u parameters", fig->n_runs),
                                 fig->n_runs, fig->n_params);
}

/* What a network predicts over its inputs, for the data panel: the class
 * probabilities or the value over the data's window (2 inputs), or the
 * curve over x (1 input), at the first run that did not diverge. */
static void
build_boundary (GsFigure *fig)
{
  const GsDataset *train = gs_problem_get_data (fig->problem);
  const GsDataset *val = gs_problem_get_validation (fig->problem);
  gboolean classify;
  guint n_raw;

  fig->boundary_run = -1;
  if (!gs_plot_boundary_mode_for (fig->problem, &fig->boundary_mode, &fig->n_classes))
    return;
  fig->has_boundary = TRUE;
  classify = fig->n_classes > 0;
  n_raw = train->n_features;
  gs_plot_boundary_fit_window (fig->boundary_mode, fig->n_classes, train, val,
                               fig->data_window);
  fig->data_x_title = g_strdup (train->names ? train->names[0] : n_raw == 1 ? "x" : "x₁");
  if (n_raw == 2)
    fig->data_y_title = g_strdup (train->names ? train->names[1] : "x₂");
  else if (classify)
    /* TRANSLATORS: an axis title: the probability of class 1 (of a class) */
    fig->data_y_title = g_strdup (fig->n_classes == 2 ? _("P(class 1)") : _("P(class)"));
  else
    fig->data_y_title = g_strdup (train->names ? train->names[1] : "y");

  for (guint r = 0; r < fig->n_runs && fig->boundary_run < 0; r++)
    if (!fig->runs[r].diverged && gs_all_finite (fig->runs[r].theta, fig->n_params))
      fig->boundary_run = (int) r;
  if (fig->boundary_run < 0)
    /* TRANSLATORS: a figure panel's title: the data set */
    fig->boundary_title = g_strdup (C_("figure panel", "Data"));
  else
    fig->boundary_title = g_strdup_printf (fig->boundary_mode == GS_BOUNDARY_CLASSES
                                           /* TRANSLATORS: a figure panel's
                                              title: what the run labelled %s
                                              predicts over the data */
                                           ? _("Decision boundary of “%s”")
                                           : fig->boundary_mode == GS_BOUNDARY_SURFACE
                                           ? _("Fitted surface of “%s”")
                                           : classify ? _("Class probabilities of “%s”")
                                           : _("Fitted curve of “%s”"),
                                           fig->runs[fig->boundary_run].label);
  if (fig->boundary_run >= 0)
    fig->field = gs_boundary_field_compute (fig->problem, fig->runs[fig->boundary_run].theta,
                                            fig->data_window,
                                            fig->boundary_mode == GS_BOUNDARY_CURVE
                                            ? CURVE_SIZE : FIELD_SIZE,
                                            &fig->options.style, NULL);
}

GsFigure *
gs_figure_new (const GsExperiment *exp, GsRun *const *runs, guint n_runs,
               const GsFigureOptions *options)
{
  GsFigure *fig = g_new0 (GsFigure, 1);
  GsProblemKind kind = gs_problem_get_kind (exp->problem);
  const GsDataset *data = gs_problem_get_data (exp->problem);
  gboolean has_minimum = FALSE;

  if (options)
    fig->options = *options;
  if (fig->options.style.scale <= 0)
    fig->options.style.scale = 1.0;
  fig->problem = gs_problem_ref (exp->problem);
  fig->n_params = gs_problem_get_n_params (exp->problem);
  fig->n_runs = n_runs;
  fig->runs = g_new0 (FigureRun, MAX (n_runs, 1));

  /* the runs' rows, copied: the figure is a snapshot */
  for (guint r = 0; r < n_runs; r++)
    {
      GsTrace *trace = gs_run_get_trace (runs[r]);
      FigureRun *run = &fig->runs[r];
      GsRunSpec *spec = r < gs_experiment_get_n_runs (exp) ? gs_experiment_get_run (exp, r) : NULL;

      fig->width = gs_trace_row_width (trace);
      run->n_rows = gs_trace_get_n_rows (trace, NULL);
      run->rows = g_new (double, MAX ((gsize) run->n_rows * fig->width, 1));
      run->n_rows = gs_trace_copy_rows (trace, 0, run->n_rows, run->rows);
      /* TRANSLATORS: a legend's label for a run without one */
      run->label = g_strdup (spec && spec->label ? spec->label : C_("legend", "run"));
      if (spec == NULL || !gs_rgb_parse (spec->color, &run->color))
        run->color = gs_palette_color (r);
      run->diverged = gs_run_get_status (runs[r]) == GS_STATUS_DIVERGED;
      run->theta = g_memdup2 (gs_run_get_theta (runs[r]), sizeof (double) * fig->n_params);
    }
  if (fig->width == 0)
    fig->width = GS_ROW_FIELDS + fig->n_params;

  /* where the walks start */
  if (exp->has_start)
    memcpy (fig->start, exp->start, sizeof (double) * 2);
  else
    {
      g_autofree double *s = g_new (double, fig->n_params);
      gs_problem_get_default_start (exp->problem, s);
      memcpy (fig->start, s, sizeof (double) * 2);
    }

  build_titles (fig, exp);

  /* landscape: 2-D functions and models; with more than two parameters the
   * slice over (θ₀, θ₁) with the others where the first run that did not
   * diverge ended, as the window shows it */
  fig->has_contour = fig->n_params >= 2;
  if (fig->has_contour)
    {
      GsSlice slice = { exp->problem, exp->reg, 0, 1, NULL };
      guint n = fig->options.grid_size ? fig->options.grid_size
                : kind == GS_PROBLEM_MLP ? MLP_GRID : 256;

      if (fig->n_params > 2)
        for (guint r = 0; r < n_runs && slice.theta == NULL; r++)
          if (!fig->runs[r].diverged && gs_all_finite (fig->runs[r].theta, fig->n_params))
            {
              char *note = g_strdup_printf (kind == GS_PROBLEM_MLP
                                            /* TRANSLATORS: a figure's note on its
                                               landscape, a slice through the first
                                               two parameters: "4 runs · 67
                                               parameters · the others held where
                                               “Adam” ended" */
                                            ? _("%s · the others held where “%s” ended")
                                            : _("%s · θ₂… held where “%s” ended"), fig->note,
                                            fig->runs[r].label);
              g_free (fig->note);
              fig->note = note;
              slice.theta = fig->runs[r].theta;
            }

      if (kind == GS_PROBLEM_FUNCTION)
        {
          const GsFunctionInfo *info = gs_problem_get_function (exp->problem);

          memcpy (fig->view, exp->has_view ? exp->view : info->view, sizeof fig->view);
          fig->n_minima = info->n_minima;
          for (guint k = 0; k < info->n_minima; k++)
            {
              fig->minima[2 * k] = info->minima[k][0];
              fig->minima[2 * k + 1] = info->minima[k][1];
            }
          fig->x_title = "x";
          fig->y_title = "y";
          fig->value_title = "f(x, y)";
        }
      else
        {
          if (kind == GS_PROBLEM_LINEAR_REGRESSION && fig->n_params == 2
              && linear_minimum (data, &exp->reg, fig->minima))
            {
              has_minimum = TRUE;
              fig->n_minima = 1;
            }
          {
            g_autofree GsTrajectory *walks = g_new0 (GsTrajectory, MAX (n_runs, 1));
            double points[4] = { fig->start[0], fig->start[1], fig->minima[0], fig->minima[1] };

            for (guint r = 0; r < n_runs; r++)
              walks[r] = (GsTrajectory) { .xy = fig->runs[r].rows + GS_ROW_FIELDS,
                                          .stride = fig->width, .n = fig->runs[r].n_rows,
                                          .diverged = fig->runs[r].diverged };
            gs_plot_fit_window (walks, n_runs, points, has_minimum ? 2 : 1, fig->view);
          }
          fig->param_titles[0] = gs_problem_param_name (exp->problem, 0);
          fig->param_titles[1] = gs_problem_param_name (exp->problem, 1);
          fig->x_title = fig->param_titles[0];
          fig->y_title = fig->param_titles[1];
          /* TRANSLATORS: the title of a landscape's colour bar */
          fig->value_title = C_("plot", "loss");
        }
      fig->grid = gs_grid_compute (&slice, n, fig->view[0], fig->view[1],
                                   fig->view[2], fig->view[3], NULL);
      gs_levels_choose (fig->grid, N_LEVELS, &fig->levels);
      fig->lines = gs_contour_lines_new (fig->grid, &fig->levels);

      fig->trajectories = g_new0 (GsTrajectory, MAX (n_runs, 1));
      for (guint r = 0; r < n_runs; r++)
        fig->trajectories[r] = (GsTrajectory) {
          .xy = fig->runs[r].rows + GS_ROW_FIELDS,
          .stride = fig->width,
          .n = fig->runs[r].n_rows,
          .color = fig->runs[r].color,
          .diverged = fig->runs[r].diverged,
        };
    }

  /* loss, and with held-out rows each run's validation loss dashed */
  fig->series = g_new0 (GsLossSeries, 2 * MAX (n_runs, 1));
  for (guint r = 0; r < n_runs; r++)
    fig->series[fig->n_series++] = (GsLossSeries) {
      .step = fig->runs[r].rows + G_STRUCT_OFFSET (GsRow, step) / sizeof (double),
      .loss = fig->runs[r].rows + G_STRUCT_OFFSET (GsRow, loss) / sizeof (double),
      .stride = fig->width,
      .n = fig->runs[r].n_rows,
      .color = fig->runs[r].color,
      .label = fig->runs[r].label,
      .diverged = fig->runs[r].diverged,
    };
  if (gs_problem_get_metrics (exp->problem) & GS_METRIC_VAL_LOSS)
    for (guint r = 0; r < n_runs; r++)
      fig->series[fig->n_series++] = (GsLossSeries) {
        .step = fig->runs[r].rows + G_STRUCT_OFFSET (GsRow, step) / sizeof (double),
        .loss = fig->runs[r].rows + G_STRUCT_OFFSET (GsRow, val_loss) / sizeof (double),
        .stride = fig->width,
        .n = fig->runs[r].n_rows,
        .color = fig->runs[r].color,
        .dashed = TRUE,
      };
  switch (fig->options.loss_scale)
    {
    case GS_LOSS_SCALE_LOG:    fig->log_y = TRUE; break;
    case GS_LOSS_SCALE_LINEAR: fig->log_y = FALSE; break;
    case GS_LOSS_SCALE_AUTO:
    default:
      fig->log_y = gs_plot_loss_prefers_log (fig->series, fig->n_series);
      break;
    }

  /* data: a network's predictions over it, or each run's fit */
  if (kind == GS_PROBLEM_MLP)
    {
      build_boundary (fig);
      fig->has_data = fig->has_boundary;
      return fig;
    }
  fig->has_data = data != NULL && gs_plot_data_supported (kind, data->n_features);
  if (fig->has_data)
    {
      gboolean two = data->n_features == 2;
      const char *const *names = (const char *const *) data->names;

      fig->fits = g_new0 (GsDataFit, MAX (n_runs, 1));
      for (guint r = 0; r < n_runs; r++)
        fig->fits[r] = (GsDataFit) {
          .theta = fig->runs[r].theta,
          .color = fig->runs[r].color,
          .diverged = fig->runs[r].diverged || !gs_all_finite (fig->runs[r].theta, fig->n_params),
        };
      fig->data_x_title = g_strdup (names ? names[0] : two ? "x₁" : "x");
      if (two)
        fig->data_y_title = g_strdup (names ? names[1] : "x₂");
      else if (kind == GS_PROBLEM_LOGISTIC_REGRESSION)
        /* TRANSLATORS: an axis title: the target y, a class 0 or 1 */
        fig->data_y_title = g_strdup (names ? names[1] : _("y (class)"));
      else
        fig->data_y_title = g_strdup (names ? names[1] : "y");
    }
  return fig;
}

void
gs_figure_free (GsFigure *fig)
{
  if (fig == NULL)
    return;
  for (guint r = 0; r < fig->n_runs; r++)
    {
      g_free (fig->runs[r].rows);
      g_free (fig->runs[r].label);
      g_free (fig->runs[r].theta);
    }
  g_free (fig->runs);
  g_free (fig->title);
  g_free (fig->subtitle);
  g_free (fig->note);
  gs_grid_free (fig->grid);
  gs_contour_lines_free (fig->lines);
  g_free (fig->trajectories);
  g_free (fig->series);
  g_free (fig->fits);
  g_free (fig->data_x_title);
  g_free (fig->data_y_title);
  g_free (fig->param_titles[0]);
  g_free (fig->param_titles[1]);
  g_free (fig->boundary_title);
  gs_boundary_field_free (fig->field);
  gs_problem_unref (fig->problem);
  g_free (fig);
}

/* ---- views -------------------------------------------------------------------- */

static void
contour_view (const GsFigure *fig, GsContourView *v)
{
  memset (v, 0, sizeof *v);
  v->style = fig->options.style;
  v->x_min = fig->view[0];
  v->x_max = fig->view[1];
  v->y_min = fig->view[2];
  v->y_max = fig->view[3];
  v->x_title = fig->x_title;
  v->y_title = fig->y_title;
  v->value_title = fig->value_title;
  v->grid = fig->grid;
  v->levels = &fig->levels;
  v->lines = fig->lines;
  v->minima = fig->minima;
  v->n_minima = fig->n_minima;
  v->has_start = TRUE;
  v->start[0] = fig->start[0];
  v->start[1] = fig->start[1];
  v->trajectories = fig->trajectories;
  v->n_trajectories = fig->n_runs;
}

static void
loss_view (const GsFigure *fig, GsLossView *v)
{
  memset (v, 0, sizeof *v);
  v->style = fig->options.style;
  v->log_y = fig->log_y;
  /* TRANSLATORS: the loss plot's axis titles */
  v->x_title = C_("plot", "step");
  v->y_title = C_("plot", "loss");
  v->series = fig->series;
  v->n_series = fig->n_series;
}

static void
data_view (const GsFigure *fig, GsDataView *v)
{
  memset (v, 0, sizeof *v);
  v->style = fig->options.style;
  v->kind = gs_problem_get_kind (fig->problem);
  v->data = gs_problem_get_data (fig->problem);
  v->x_title = fig->data_x_title;
  v->y_title = fig->data_y_title;
  v->fits = fig->fits;
  v->n_fits = fig->n_runs;
}

static void
boundary_view (const GsFigure *fig, GsBoundaryView *v)
{
  memset (v, 0, sizeof *v);
  v->style = fig->options.style;
  v->mode = fig->boundary_mode;
  v->x_min = fig->data_window[0];
  v->x_max = fig->data_window[1];
  v->y_min = fig->data_window[2];
  v->y_max = fig->data_window[3];
  v->x_title = fig->data_x_title;
  v->y_title = fig->data_y_title;
  /* TRANSLATORS: the title of the colour bar of what a network predicts:
     the colours are its prediction ŷ, the points' the data's y */
  v->value_title = _("ŷ (points: y)");
  v->train = gs_problem_get_data (fig->problem);
  v->validation = gs_problem_get_validation (fig->problem);
  v->n_classes = fig->n_classes;
  if (fig->field)
    gs_boundary_field_apply (fig->field, v);
  if (fig->boundary_run >= 0)
    v->curve_color = fig->runs[fig->boundary_run].color;
}

/* ---- layout and rendering ----------------------------------------------------- */

#define MARGIN 16.0

static double
header_height (GsPainter *p)
{
  double h;

  gs_painter_text_size (p, "Ag", p->font_bold, NULL, &h);
  return h + 4.0 * p->s;
}

static void
layout_p (GsPainter *p, const GsFigure *fig, double width, double height, GsFigureLayout *l)
{
  double s = p->s, m = MARGIN * s, title_h, body_y, body_h;

  memset (l, 0, sizeof *l);
  gs_painter_text_size (p, "Ag", p->font_title, NULL, &title_h);
  l->title = (GsRect) { m, m * 0.75, width - 2 * m, title_h };
  body_y = round (l->title.y + title_h + m * 0.75);
  body_h = MAX (height - body_y - m, 20.0);

  if (fig->has_contour)
    {
      double cw = round ((width - 3 * m) * 0.58);
      double rx = m + cw + m, rw = width - rx - m;

      l->contour = (GsRect) { m, body_y, cw, body_h };
      if (fig->has_data)
        {
          double lh = round ((body_h - m) / 2);
          l->loss = (GsRect) { rx, body_y, rw, lh };
          l->data = (GsRect) { rx, body_y + lh + m, rw, body_h - lh - m };
        }
      else
        l->loss = (GsRect) { rx, body_y, rw, body_h };
    }
  else if (fig->has_data)
    {
      double lw = round ((width - 3 * m) / 2);
      l->loss = (GsRect) { m, body_y, lw, body_h };
      l->data = (GsRect) { m + lw + m, body_y, width - 3 * m - lw, body_h };
    }
  else
    l->loss = (GsRect) { m, body_y, width - 2 * m, body_h };
}

static GsRect
panel_body (GsPainter *p, const GsRect *panel)
{
  double h = header_height (p);
  return (GsRect) { panel->x, panel->y + h, panel->width, MAX (panel->height - h, 10.0) };
}

const char *
gs_figure_get_title (const GsFigure *fig)
{
  return fig->title;
}

void
gs_figure_get_layout (const GsFigure *fig, double width, double height, GsFigureLayout *l)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  GsPainter p;

  gs_painter_init (&p, cr, &fig->options.style);
  layout_p (&p, fig, width, height, l);
  if (l->contour.width > 0)
    {
      GsContourView v;
      GsRect body = panel_body (&p, &l->contour);

      contour_view (fig, &v);
      gs_plot_contour_get_area (cr, body.width, body.height, &v, &l->contour_area);
      l->contour_area.x += body.x;
      l->contour_area.y += body.y;
    }
  {
    GsLossView v;
    GsRect body = panel_body (&p, &l->loss);

    loss_view (fig, &v);
    gs_plot_loss_get_area (cr, body.width, body.height, &v, &l->loss_area);
    l->loss_area.x += body.x;
    l->loss_area.y += body.y;
  }
  if (l->data.width > 0 && fig->has_boundary)
    {
      GsBoundaryView v;
      GsRect body = panel_body (&p, &l->data);

      boundary_view (fig, &v);
      gs_plot_boundary_get_area (cr, body.width, body.height, &v, &l->data_area);
      l->data_area.x += body.x;
      l->data_area.y += body.y;
    }
  else if (l->data.width > 0)
    l->data_area = panel_body (&p, &l->data);
  gs_painter_clear (&p);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Panel header, then the view drawn in the panel's body. */
static GsRect
begin_panel (GsPainter *p, const GsRect *panel, const char *title)
{
  GsRect body = panel_body (p, panel);

  gs_painter_fg (p, 0.9);
  gs_painter_text (p, title, p->font_bold, panel->x, panel->y, 0.0, 0.0);
  cairo_save (p->cr);
  cairo_translate (p->cr, body.x, body.y);
  return body;
}

void
gs_figure_render (const GsFigure *fig, cairo_t *cr, double width, double height)
{
  GsPainter p;
  GsFigureLayout l;
  double title_w;

  cairo_save (cr);
  gs_painter_init (&p, cr, &fig->options.style);
  layout_p (&p, fig, width, height, &l);

  gs_painter_source (&p, p.bg, 1.0);
  cairo_paint (cr);

  /* title line: name in bold, the formula after it, the runs on the right */
  gs_painter_fg (&p, 1.0);
  title_w = gs_painter_text (&p, fig->title, p.font_title, l.title.x, l.title.y + l.title.height,
                             0.0, 1.0);
  {
    double note_w, sub_x = l.title.x + title_w + 12 * p.s;

    gs_painter_text_size (&p, fig->note, NULL, &note_w, NULL);
    gs_painter_fg (&p, 0.6);
    gs_painter_text (&p, fig->note, NULL, l.title.x + l.title.width, l.title.y + l.title.height,
                     1.0, 1.0);
    /* the formula gives way to the note when the page is narrow (… where cut) */
    gs_painter_fg (&p, 0.75);
    gs_painter_text_max (&p, fig->subtitle, NULL, sub_x, l.title.y + l.title.height - 1 * p.s,
                         0.0, 1.0, l.title.x + l.title.width - note_w - 16 * p.s - sub_x);
  }

  if (l.contour.width > 0)
    {
      GsContourView v;
      /* TRANSLATORS: a figure panel's title: the loss landscape's contour map */
      GsRect area, body = begin_panel (&p, &l.contour, C_("figure panel", "Landscape"));
      cairo_surface_t *bands;

      contour_view (fig, &v);
      /* the band image at the plot area's size, so painting it is a copy */
      gs_plot_contour_get_area (cr, body.width, body.height, &v, &area);
      {
        double px = area.width / (v.x_max - v.x_min), py = area.height / (v.y_max - v.y_min);
        double gw = (fig->grid->x_max - fig->grid->x_min) * px;
        double gh = (fig->grid->y_max - fig->grid->y_min) * py;
        bands = gs_contour_bands_image (fig->grid, &fig->levels, (int) MIN (round (gw), 8192),
                                        (int) MIN (round (gh), 8192), v.style.dark);
      }
      v.bands = bands;
      gs_plot_contour_render (cr, body.width, body.height, &v);
      cairo_surface_destroy (bands);
      cairo_restore (cr);
    }

  {
    GsLossView v;
    /* TRANSLATORS: a figure panel's title: the loss over the steps */
    GsRect body = begin_panel (&p, &l.loss, fig->log_y ? _("Loss (log scale)")
                                                       : C_("figure panel", "Loss"));

    loss_view (fig, &v);
    gs_plot_loss_render (cr, body.width, body.height, &v);
    cairo_restore (cr);
  }

  if (l.data.width > 0 && fig->has_boundary)
    {
      GsBoundaryView v;
      GsRect body = begin_panel (&p, &l.data, fig->boundary_title);

      boundary_view (fig, &v);
      gs_plot_boundary_render (cr, body.width, body.height, &v);
      cairo_restore (cr);
    }
  else if (l.data.width > 0)
    {
      GsDataView v;
      gboolean logistic = gs_problem_get_kind (fig->problem) == GS_PROBLEM_LOGISTIC_REGRESSION;
      GsRect body = begin_panel (&p, &l.data,
                                 /* TRANSLATORS: a figure panel's title: the
                                    data and what each run's model predicts */
                                 !logistic ? _("Data and fitted lines")
                                 : gs_problem_get_data (fig->problem)->n_features == 2
                                 ? _("Data and decision boundaries (p = 0.5)")
                                 : _("Data and fitted probabilities"));

      data_view (fig, &v);
      gs_plot_data_render (cr, body.width, body.height, &v);
      cairo_restore (cr);
    }

  gs_painter_clear (&p);
  cairo_restore (cr);
}

/* ---- files -------------------------------------------------------------------- */

gboolean
gs_figure_format_for_path (const char *path, GsFigureFormat *format, GError **error)
{
  const char *dot = strrchr (path, '.');
  const char *slash = strrchr (path, G_DIR_SEPARATOR);

  if (dot && (!slash || dot > slash))
    {
      if (g_ascii_strcasecmp (dot, ".png") == 0)
        {
          *format = GS_FIGURE_PNG;
          return TRUE;
        }
      if (g_ascii_strcasecmp (dot, ".svg") == 0)
        {
          *format = GS_FIGURE_SVG;
          return TRUE;
        }
      if (g_ascii_strcasecmp (dot, ".pdf") == 0)
        {
          *format = GS_FIGURE_PDF;
          return TRUE;
        }
    }
  g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
               _("%s: unknown figure format; the name must end in .png, .svg or .pdf"), path);
  return FALSE;
}

gboolean
gs_figure_check_size (int width, int height, GError **error)
{
  if (width < 16 || height < 16 || width > 16384 || height > 16384)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   _("figure size %d×%d: each side must be between 16 and 16384"), width,
                   height);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  FILE *file;
  int   saved_errno;
} Sink;

static cairo_status_t
sink_write (void *closure, const unsigned char *data, unsigned int length)
{
  Sink *sink = closure;

  if (length > 0 && fwrite (data, 1, length, sink->file) != length)
    {
      if (sink->saved_errno == 0)
        sink->saved_errno = errno ? errno : EIO;
      return CAIRO_STATUS_WRITE_ERROR;
    }
  return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
render_to (GsFigureDrawFunc draw, gconstpointer data, const char *title,
           GsFigureFormat format, int width, int height, Sink *sink)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  switch (format)
    {
    case GS_FIGURE_SVG:
      surface = cairo_svg_surface_create_for_stream (sink_write, sink, width, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      break;
    case GS_FIGURE_PDF:
      surface = cairo_pdf_surface_create_for_stream (sink_write, sink, width, height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Gradscope");
      if (title)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
      break;
    case GS_FIGURE_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      break;
    }
  cr = cairo_create (surface);
  draw (cr, width, height, data);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && format == GS_FIGURE_PNG)
    status = cairo_surface_write_to_png_stream (surface, sink_write, sink);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return status;
}

static void
draw_figure (cairo_t *cr, int width, int height, gconstpointer data)
{
  gs_figure_render (data, cr, width, height);
}

gboolean
gs_figure_write (const char *path, int width, int height, const GsFigure *fig, GError **error)
{
  return gs_figure_write_with (path, width, height, draw_figure, fig, fig->title, error);
}

gboolean
gs_figure_write_with (const char *path, int width, int height, GsFigureDrawFunc draw,
                      gconstpointer data, const char *title, GError **error)
{
  GsFigureFormat format;
  cairo_status_t status;
  Sink sink = { NULL, 0 };
  GsOutput out;

  if (!gs_figure_format_for_path (path, &format, error))
    return FALSE;
  if (!gs_figure_check_size (width, height, error))
    return FALSE;

  /* a file whole or not at all, never over a device (gs-output.h) */
  if (!gs_output_open (&out, path))
    {
      /* TRANSLATORS: the file name, then the system's reason */
      g_set_error (error, GS_ERROR, GS_ERROR_IO, _("%s: cannot write the figure: %s"),
                   path, g_strerror (out.error));
      return FALSE;
    }
  sink.file = out.file;
  status = render_to (draw, data, title, format, width, height, &sink);
  if (sink.saved_errno != 0)
    gs_output_fail (&out, sink.saved_errno);
  else if (status != CAIRO_STATUS_SUCCESS)
    gs_output_fail (&out, EIO);
  if (!gs_output_close (&out) && sink.saved_errno == 0 && status == CAIRO_STATUS_SUCCESS)
    sink.saved_errno = out.error;

  if (status != CAIRO_STATUS_SUCCESS || sink.saved_errno != 0)
    {
      g_set_error (error, GS_ERROR, GS_ERROR_IO, _("%s: cannot write the figure: %s"), path,
                   sink.saved_errno ? g_strerror (sink.saved_errno)
                                    : cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
