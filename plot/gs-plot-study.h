/* gs-plot-study.h — a study's results as figures (core/gs-study.h)
 *
 * Two renderers, GTK-free like the others, so the window's Studies page
 * and `gradscope-cli study --plot` draw the same figures:
 *   - curves, on the loss view (gs_plot_loss_render): final loss against a
 *     log lr (lr sweep: one curve per run, a gap where a run diverged, a
 *     red ✕ there, a mark at each run's best lr), loss against lr (range
 *     test, a mark at the steepest descent), mean training (solid) and
 *     validation (dashed) loss against λ with ± std bands (cv, marks at
 *     the best and the one-standard-error λ), the mean loss against step
 *     with a min–max band (seeds), each run's loss against step at the lr
 *     it ran at (compare);
 *   - the phase map: a grid of cells over two hyper-parameters, each
 *     coloured by its value (steps to the threshold, or the final loss on
 *     a log scale) on the viridis scale with a colour bar, diverged cells
 *     in a colour of their own (and "not reached" cells in another), both
 *     keyed in a legend, the best cell ringed, a hovered cell outlined. */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "gs-experiment.h"
#include "gs-plot.h"
#include "gs-study.h"

G_BEGIN_DECLS

/* ---- the read-out box ------------------------------------------------------------
 *
 * The box of values at the pointer, as the loss views show it: a vertical
 * guide at gx (when guide), and the Pango markup in a box inside area,
 * beside the guide (right of it when it fits), at the bottom of the area. */
void gs_plot_draw_readout (cairo_t *cr, const GsRect *area, double gx, const char *markup,
                           gboolean dark, gboolean guide);

/* ---- phase map -------------------------------------------------------------------- */

typedef enum
{
  GS_PHASE_METRIC_STEPS,    /* steps to the loss threshold */
  GS_PHASE_METRIC_FINAL,    /* the final loss (log colour scale) */
} GsPhaseMetric;

typedef enum
{
  GS_PHASE_CELL_VALUE,        /* coloured by its value */
  GS_PHASE_CELL_DIVERGED,     /* by the study's rule: a colour of its own */
  GS_PHASE_CELL_NOT_REACHED,  /* steps metric: the threshold was never reached */
  GS_PHASE_CELL_PENDING,      /* not computed (yet, or cancelled): background */
} GsPhaseCellState;

typedef struct
{
  GsPlotStyle   style;
  guint         nx, ny;
  const double *x;             /* nx values along x (ascending), the cells' centres */
  const double *y;             /* ny values along y */
  gboolean      x_log, y_log;  /* the axes' scales */
  const char   *x_title, *y_title;
  const char   *value_title;   /* the colour bar's ("steps to loss < 1e-06", "final loss") */
  const double *value;         /* nx · ny values, cell (ix, iy) at iy · nx + ix */
  const guint8 *state;         /* nx · ny GsPhaseCellState */
  gboolean      log_value;     /* a log colour scale (values > 0) */
  int           best_ix, best_iy;    /* ringed; −1: none */
  int           hover_ix, hover_iy;  /* outlined; −1: none */
  const char   *note;          /* a line above the plot ("Adam on Rosenbrock · 16 × 16");
                                * NULL: none */
} GsPhaseView;

void     gs_plot_phase_render   (cairo_t *cr, double width, double height,
                                 const GsPhaseView *view);
void     gs_plot_phase_get_area (cairo_t *cr, double width, double height,
                                 const GsPhaseView *view, GsRect *area);
/* The cell under (px, py), device units; FALSE outside the grid */
gboolean gs_plot_phase_cell_at  (cairo_t *cr, double width, double height,
                                 const GsPhaseView *view, double px, double py,
                                 guint *ix, guint *iy);

/* ---- a study as a figure --------------------------------------------------------------- */

typedef struct _GsStudyFigure GsStudyFigure;

/* The figure of study's results as they are now (a running lr sweep,
 * phase map or comparison shows the cells done so far: it reads
 * gs_study_snapshot_cells; the other kinds need the study finished).
 * exp: the experiment the study was made from (run labels); colors: each
 * run's colour (n_runs of exp), NULL: the run's own colour in exp, else
 * the palette's. metric: what a phase map's cells show (steps to the
 * threshold; without a threshold the final loss whatever is asked). */
GsStudyFigure *gs_study_figure_new   (GsStudy *study, const GsExperiment *exp,
                                      const GsRgb *colors, GsPhaseMetric metric);
void           gs_study_figure_free  (GsStudyFigure *figure);
/* The style (dark, scale) both renderers use */
void           gs_study_figure_set_style (GsStudyFigure *figure, const GsPlotStyle *style);
/* A heading for the figure in the user's language ("Final loss against
 * the learning rate", "Phase map: lr × momentum", …) */
const char    *gs_study_figure_get_title (const GsStudyFigure *figure);
/* NULL when the figure is not of that kind */
const GsLossView  *gs_study_figure_get_loss_view  (const GsStudyFigure *figure);
const GsPhaseView *gs_study_figure_get_phase_view (const GsStudyFigure *figure);
/* A phase map's hovered cell (−1, −1: none) */
void           gs_study_figure_set_hover (GsStudyFigure *figure, int ix, int iy);
/* The figure alone (no background, no heading: the window has its own) */
void           gs_study_figure_render    (const GsStudyFigure *figure, cairo_t *cr,
                                          double width, double height);
/* The plot area (device units) and, for curves, the x under px in data
 * units (log axes handled); FALSE when px is outside the plot area */
void           gs_study_figure_get_area  (const GsStudyFigure *figure, cairo_t *cr,
                                          double width, double height, GsRect *area);
gboolean       gs_study_figure_x_at      (const GsStudyFigure *figure, cairo_t *cr,
                                          double width, double height, double px, double *x);
/* Pango markup of the values at x (curves: each series' nearest point,
 * the x given with it) or of the phase map's cell (ix, iy) (its two
 * values, its final loss, steps to threshold, status); NULL: nothing there.
 * Free with g_free. */
char          *gs_study_figure_readout_at   (const GsStudyFigure *figure, double x);
char          *gs_study_figure_readout_cell (const GsStudyFigure *figure, guint ix, guint iy);
/* The figure to a file (.png, .svg, .pdf by its extension), width × height:
 * the style's background, the heading above, the figure below it */
gboolean       gs_study_figure_write     (const GsStudyFigure *figure, const char *path,
                                          int width, int height, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsStudyFigure, gs_study_figure_free)

G_END_DECLS
