/* gs-window-private.h — GsWindow's struct, shared by its .c files */
#pragma once

#include "gs-plot-view.h"
#include "gs-plot.h"
#include "gs-window.h"
#include "gs-explain.h"
#include "gs-lessons.h"

G_BEGIN_DECLS

/* A text of the engine's tables (an optimizer's or a schedule's title, a
 * parameter's blurb, a lesson's parts: marked N_() in core/) in the
 * user's language, as the window shows it. NULL and "" stay as they are:
 * gettext ("") would be the catalog's header. */
static inline const char *
gs_tr (const char *msgid)
{
  return msgid != NULL && *msgid != '\0' ? g_dgettext (GETTEXT_PACKAGE, msgid) : msgid;
}

/* A GTK colour as the plot/ renderers take it. */
static inline GsRgb
gs_rgb_of_rgba (const GdkRGBA *c)
{
  return (GsRgb) { c->red, c->green, c->blue };
}

/* What the views draw of one run: a local copy of its trace rows. */
typedef struct
{
  char     *label;
  GdkRGBA   color;
  gboolean  visible;
  GArray   *rows;          /* doubles, row_width per row: what the views show
                            * (all_rows, or scrub_rows while the timeline is
                            * back at an earlier step) */
  GArray   *all_rows;      /* every row pulled from the engine */
  GArray   *scrub_rows;    /* rows up to the timeline's step */
  guint64   live_step;     /* the run's step in the engine */
  guint     trace_generation;
  guint     stable;        /* rows of ours that cannot change any more */
  GsRunSnapshot snapshot;
} GsRunView;

/* A view of every run against step (loss or accuracy): its plot area in
 * the last frame and where the pointer is. */
typedef struct
{
  GsRect   area;       /* widget pixels */
  double   x_hi;       /* the x axis: steps 0 … x_hi */
  gboolean hovering;
  double   x;          /* pointer, widget pixels */
} GsCurveHover;

struct _GsWindow
{
  AdwApplicationWindow parent_instance;

  GSettings     *settings;
  GsEngine      *engine;
  GsExperiment  *experiment;
  char          *path;            /* where the experiment came from, or NULL */

  /* what the views show, refreshed once per frame at most */
  GArray        *run_views;       /* GsRunView */
  gsize          row_width;
  guint          engine_generation;
  guint64        engine_serial;
  guint          tick_id;
  gboolean       force_refresh;

  /* widgets */
  GtkWidget     *play_button;
  GtkWidget     *speed_dropdown;
  AdwFlap       *flap;
  GtkWidget     *contour_view;
  GtkWidget     *loss_view;
  GtkWidget     *data_view;
  GtkWidget     *results_grid;
  GtkWidget     *problem_row;
  GtkWidget     *expression_row;  /* "Custom f(x, y)": the typed function */
  GtkWidget     *expression_error;/* what is wrong with it, and where */
  guint          expression_id;   /* a typed function applies after this timeout */
  GtkWidget     *start_x_row;
  GtkWidget     *start_y_row;
  GtkWidget     *l1_row;
  GtkWidget     *l2_row;
  GtkWidget     *max_steps_row;
  GtkWidget     *loss_below_row;
  GtkWidget     *grad_below_row;
  GtkWidget     *batch_row;
  GtkWidget     *data_group;
  GtkWidget     *data_row;         /* generated linear / blobs / CSV */
  GtkWidget     *samples_row;
  GtkWidget     *noise_row;
  GtkWidget     *seed_row;
  GtkWidget     *csv_row;
  GtkWidget     *axis_x_row;
  GtkWidget     *axis_y_row;
  guint          axis_x, axis_y;   /* parameters on the contour's axes */
  GtkWidget     *runs_group;
  GPtrArray     *run_rows;        /* AdwExpanderRow per run */
  AdwToastOverlay *toasts;
  gboolean       building;        /* panel being filled: ignore change signals */
  guint          rebuild_id;      /* idle that rebuilds the panel */

  /* contour view: the window shown, its latest grid and what comes of it */
  double         window[4];       /* x_min, x_max, y_min, y_max */
  GsGrid        *grid;
  GsLevels       levels;
  GsContourLines *lines;
  cairo_surface_t *bands;         /* cached at bands_w × bands_h, iso-lines drawn in */
  int            bands_w, bands_h;
  gboolean       bands_dark;
  GCancellable  *grid_cancel;
  gint64         grid_time;       /* when the last fine grid was asked for, µs */
  gint64         grid_cost;       /* how long it took, µs */
  gboolean       grid_busy;       /* a fine grid is on its way */
  GPtrArray     *walk_caches;     /* the contour view's walk state per run, by index */
  GsWalkLayers  *walk_layers;
  guint          walk_serial;     /* changes when the walks' rows mean something else */
  gint64         zoom_until;      /* a scroll zoom is going on until then, µs */
  gboolean       fit_pending;     /* models: fit the window to the walks once they moved */
  gboolean       view_touched;    /* the user zoomed or panned since the last reset */
  /* a network's decision boundary, computed off the main thread */
  GsBoundaryField *field;
  GCancellable  *field_cancel;
  gboolean       field_busy;
  gint64         field_time;      /* when the last one was asked for, µs */
  gint64         field_cost;      /* how long it took, µs */
  guint64        field_step;      /* the step of the run it shows */
  gboolean       field_dark;
  GtkWidget     *view_stack;      /* contour map | landscape | 3-D */
  GtkWidget     *landscape_page;
  GtkWidget     *surface_page;    /* the contour's grid as a 3-D surface */
  GtkWidget     *accuracy_view;   /* a classifier's train/val accuracy, beside the loss */
  GtkWidget     *accuracy_card;   /* its card, shown for classifiers only */
  GtkWidget     *data_title;      /* the data card: "Data" or "Decision boundary" */
  GtkWidget     *boundary_run_dropdown;  /* whose boundary it shows */
  char          *boundary_runs_key;      /* the run labels the dropdown lists */
  guint          boundary_run;
  guint          field_run;
  guint          zoom_id;         /* redraws in full detail when it is over */
  GsRect         contour_area;    /* plot area of the last frame, widget pixels */
  gboolean       hovering;
  double         hover_x, hover_y;   /* data units */
  double         drag_window[4];
  gboolean       dragging;
  gboolean       log_loss;        /* the loss view's y axis */
  /* gs-teach.c: the teaching panel, the arrows and the timeline */
  AdwFlap       *teach_flap;
  GtkWidget     *teach_button;
  GtkWidget     *teach_run_dropdown;
  char          *teach_runs_key;  /* the run labels the dropdown lists */
  GtkWidget     *teach_title;
  GtkWidget     *teach_formulas;  /* a box of labels, one per line */
  GtkWidget     *teach_schedule;
  GtkWidget     *teach_hint;      /* the stability hint */
  GtkWidget     *lesson_box;      /* the open lesson's text, at the panel's top */
  GtkWidget     *lesson_title;
  GtkWidget     *lesson_parts[3]; /* look at, try, ask the class */
  const GsLesson *lesson;         /* the open lesson, or NULL */
  GtkWidget     *timeline;
  GtkWidget     *timeline_scale;
  GtkWidget     *timeline_label;
  gboolean       timeline_setting;  /* the scale moved by code */
  guint64        scrub_step;      /* G_MAXUINT64: live */
  guint64        live_step;       /* the furthest step of any run */
  gboolean       can_rewind;      /* every run keeps a history */
  guint64        rewind_key;      /* the runs can_rewind was found for (0: not yet) */
  guint64        timeline_shown;  /* what the timeline shows now: its step, */
  guint64        timeline_live;   /* and the latest */
  guint64        teach_key;       /* what the panel shows: run, step, layout */
  gboolean       teach_valid;     /* teach, teach_from: the update shown */
  GsExplanation  teach;
  double         teach_from[2];   /* θ before the update, on the contour's axes */
  double         teach_lambda[2]; /* Hessian eigenvalues at the shown point (NAN: none) */
  gint64         lr_marks_time;   /* when the lr controls' marks were set, µs */
  GPtrArray     *lr_scales;       /* each run's log-lr scale (gs-window.c's panel) */
  GsCurveHover   loss_hover;      /* the loss view's plot area and pointer */
  GsCurveHover   accuracy_hover;  /* the accuracy view's */
  guint          apply_id;        /* gs-window.c: typed shared settings wait for this timeout */
  /* gs-window.c: the data rows a generator's classes and a held-out
   * fraction add, and the neural network's settings */
  GtkWidget     *classes_row;
  GtkWidget     *validation_row;
  GtkWidget     *network_group;
  GtkWidget     *hidden_row;
  GtkWidget     *activation_row;
  GtkWidget     *precision_row;
  GtkWidget     *features_row;
  GtkWidget     *init_seed_row;
  GtkWidget     *edit_field;      /* the data or network field typed into last */
  guint          edit_id;         /* typed data and network fields wait for this timeout */
  /* the window's two pages: the runs and their views | studies */
  GtkWidget     *main_stack;      /* AdwViewStack */
  GtkWidget     *switcher_title;  /* its switcher in the header … */
  GtkWidget     *switcher_bar;    /* … and at the bottom when the header is too narrow */
  GtkWidget     *study_page;
};

/* gs-window.c: typed numbers in the panels */
/* The error style and a tooltip saying what is allowed; the field's own
 * tooltip comes back once the value is valid again. */
void     gs_mark_error   (GtkWidget *widget, const char *message);
void     gs_clear_error  (GtkWidget *widget);
/* Parses a typed number in [min, max] (min excluded when min_open); on
 * failure marks the widget and says why, naming the field what. */
gboolean gs_entry_number (GtkWidget *widget, const char *text, double min, gboolean min_open,
                          double max, const char *what, double *out);

/* gs-window.c: for the Studies page */
void     gs_window_toast      (GsWindow *self, const char *message);
void     gs_window_show_error (GsWindow *self, const char *heading, const char *message);
/* A copy of the experiment with the settings as typed (the study's own:
 * the panel may change the window's meanwhile) */
GsExperiment *gs_window_copy_experiment (GsWindow *self, GError **error);
/* Adds a copy of run r of exp (a study's copy of the window's experiment)
 * with two hyper-parameters set by name ("lr", "momentum", "betas[0]",
 * "batch_size", …) as a new run, named after them; a toast offers to show it */
void     gs_window_add_study_run (GsWindow *self, const GsExperiment *exp, guint r,
                                  const char *x_param, double x, const char *y_param, double y);
/* Sets run r's lr to lr[r] (NAN: unchanged) for the n first runs, and
 * every run starts again from step 0 on the Runs page */
void     gs_window_use_learning_rates (GsWindow *self, const double *lr, guint n);
/* Gives run r its own penalty: lambda on L1 (l1) or L2, the other 0 — what
 * cross-validation tried; the runs start again on the Runs page */
void     gs_window_use_strength (GsWindow *self, guint r, gboolean l1, double lambda);

void gs_window_views_reset_window (GsWindow *self);
void gs_window_views_fit          (GsWindow *self);
gboolean gs_window_views_has_data_view (GsWindow *self);
void gs_window_views_dispose      (GsWindow *self);
/* The first run's current θ (n_params values; zeros before it has any):
 * where a slice of more than two parameters holds the others */
void gs_window_first_run_theta    (const GsWindow *self, double *theta, guint n_params);

void gs_window_views_init    (GsWindow *self);
void gs_window_views_refresh (GsWindow *self);

/* gs-teach.c */
/* Wraps the views (with the timeline under them) in the teaching panel's
 * flap; returns what the window shows. */
GtkWidget *gs_teach_init     (GsWindow *self, GtkWidget *views);
void       gs_teach_dispose  (GsWindow *self);
/* rows and snapshots of the run views as at the timeline's step */
void       gs_teach_apply_scrub (GsWindow *self);
void       gs_teach_refresh  (GsWindow *self);
/* Before the runs go on (play, step, a new setting): back at the
 * timeline's step first, the later steps forgotten. */
void       gs_teach_resume   (GsWindow *self);
/* The timeline back to the live step (a reset, a new experiment). */
void       gs_teach_go_live  (GsWindow *self);
/* The lesson whose text the panel shows (NULL: none) */
void       gs_teach_set_lesson (GsWindow *self, const GsLesson *lesson);
/* The step shown: the timeline's, or the live one */
guint64    gs_teach_shown_step (GsWindow *self);
/* One step back / forward in the recorded steps; FALSE when there is
 * none (forward at the live step: the engine steps) */
gboolean   gs_teach_step_back    (GsWindow *self);
gboolean   gs_teach_step_forward (GsWindow *self);
/* The arrows of the shown update on the contour (area: its plot area) */
void       gs_teach_draw_overlay (GsWindow *self, cairo_t *cr, const GsRect *area, gboolean dark);

G_END_DECLS
