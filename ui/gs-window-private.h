/* gs-window-private.h — GsWindow's struct, shared by its .c files */
#pragma once

#include "gs-plot-view.h"
#include "gs-window.h"

G_BEGIN_DECLS

/* What the views draw of one run: a local copy of its trace rows. */
typedef struct
{
  char     *label;
  GdkRGBA   color;
  gboolean  visible;
  GArray   *rows;          /* doubles, row_width per row */
  guint     trace_generation;
  guint     stable;        /* rows of ours that cannot change any more */
  GsRunSnapshot snapshot;
} GsRunView;

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
  GtkWidget     *start_x_row;
  GtkWidget     *start_y_row;
  GtkWidget     *l1_row;
  GtkWidget     *l2_row;
  GtkWidget     *max_steps_row;
  GtkWidget     *loss_below_row;
  GtkWidget     *runs_group;
  GPtrArray     *run_rows;        /* AdwExpanderRow per run */
  AdwToastOverlay *toasts;
  gboolean       building;        /* panel being filled: ignore change signals */
};

void gs_window_views_init    (GsWindow *self);
void gs_window_views_refresh (GsWindow *self);

G_END_DECLS
