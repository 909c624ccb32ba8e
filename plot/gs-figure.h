/* gs-figure.h — the composite figure gradscope-cli writes
 *
 * A title line (problem and formula), the landscape with every run's walk
 * on the left (2-D functions and 2-parameter models), the loss curves on
 * the right, and for regression the data with each run's fit below them.
 * For a neural network (GS_PROBLEM_MLP): the title names the network
 * ("Neural network 2-16-16-3, tanh"), the landscape is the slice over its
 * first two parameters (W1[0,0], W1[0,1]; the others held where the first
 * run that did not diverge ended; a 96² grid unless grid_size says), the
 * loss panel adds each run's validation loss dashed, and the data panel
 * shows that run's decision boundary (2 inputs, classes), fitted surface
 * (2 inputs, a value) or fitted curve (1 input). */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "gs-experiment.h"
#include "gs-plot.h"
#include "gs-run.h"

G_BEGIN_DECLS

typedef enum
{
  GS_LOSS_SCALE_AUTO,     /* log when every loss is > 0 and they span > 2 decades */
  GS_LOSS_SCALE_LOG,
  GS_LOSS_SCALE_LINEAR,
} GsLossScale;

typedef enum
{
  GS_FIGURE_PNG,
  GS_FIGURE_SVG,
  GS_FIGURE_PDF,
} GsFigureFormat;

typedef struct
{
  GsPlotStyle style;
  GsLossScale loss_scale;
  guint       grid_size;    /* landscape samples per side (0 = 256; a network: 96) */
} GsFigureOptions;

/* Where the parts of a figure of a given size go (device units); a part
 * that is not shown has width 0. */
typedef struct
{
  GsRect title;
  GsRect contour;        /* the landscape panel … */
  GsRect contour_area;   /* … and its plot area */
  GsRect loss;
  GsRect loss_area;
  GsRect data;           /* the data panel (a network: its decision boundary) … */
  GsRect data_area;      /* … and its plot area (the data view of a linear model:
                          * the panel below its title) */
} GsFigureLayout;

typedef struct _GsFigure GsFigure;

/* A snapshot of the runs (their traces, status and θ) of exp, made ready to
 * draw: the landscape grid is computed here. runs[i] is run i of exp.
 * options may be NULL (light, auto loss scale). */
GsFigure *gs_figure_new        (const GsExperiment *exp, GsRun *const *runs, guint n_runs,
                                const GsFigureOptions *options);
void      gs_figure_free       (GsFigure *figure);

void      gs_figure_get_layout (const GsFigure *figure, double width, double height,
                                GsFigureLayout *layout);
/* The title line's name ("Rosenbrock", "Neural network 2-16-16-3, tanh");
 * also the PDF's title. */
const char *gs_figure_get_title (const GsFigure *figure);
void      gs_figure_render     (const GsFigure *figure, cairo_t *cr, double width,
                                double height);

/* The format a path's extension names (.png, .svg, .pdf, any case). */
gboolean  gs_figure_format_for_path (const char *path, GsFigureFormat *format,
                                     GError **error);
/* Checks a figure size (16 … 16384 on each side). */
gboolean  gs_figure_check_size (int width, int height, GError **error);
/* Renders to path, in the format its extension names, through a temporary
 * file in the same folder renamed over path at the end: a failure leaves
 * no file (and an older path as it was). */
gboolean  gs_figure_write      (const char *path, int width, int height,
                                const GsFigure *figure, GError **error);
/* The same for any drawing: draw (cr, width, height, data) onto a PNG, SVG
 * or PDF surface (path's extension) written beside path and renamed over
 * it when complete; title goes in a PDF's metadata (NULL: none). */
typedef void (*GsFigureDrawFunc) (cairo_t *cr, int width, int height, gconstpointer data);
gboolean  gs_figure_write_with (const char *path, int width, int height,
                                GsFigureDrawFunc draw, gconstpointer data,
                                const char *title, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsFigure, gs_figure_free)

G_END_DECLS
