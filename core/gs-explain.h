/* gs-explain.h — one update of an optimizer as its formulas with the
 * numbers in, for the teaching panel.
 *
 * The update itself is the core's (gs_optimizer_step on copies), so the
 * θ and state shown are exactly the run's; the intermediate terms shown
 * (m̂, v̂, denominators, …) are computed from the same state for display. */
#pragma once

#include <glib.h>

#include "gs-optimizer.h"
#include "gs-schedule.h"

G_BEGIN_DECLS

#define GS_EXPLAIN_MAX_LINES 12

/* One formula line: its markup and its value per coordinate */
typedef struct
{
  const char *key;        /* what it computes: "g", "m", "v", "m̂", "θ", … */
  char       *markup;     /* Pango markup: "<i>m</i> ← 0.9·<i>m</i> + 0.1·<i>g</i>" */
  gboolean    scalar;     /* one number (value[0]) rather than a vector */
  double      value[2];   /* the first two coordinates */
} GsExplainLine;

typedef struct
{
  guint         n;                 /* coordinates of θ */
  guint         n_lines;
  GsExplainLine lines[GS_EXPLAIN_MAX_LINES];
  /* for the arrows on the contour, first two coordinates */
  double        grad[2];           /* g, with coupled weight decay */
  gboolean      has_momentum;      /* momentum buffer / first moment exists */
  double        momentum[2];       /* b or m after the update */
  double        step[2];           /* θ_k+1 − θ_k */
  gboolean      adaptive;          /* per-coordinate step sizes */
  double        scale[2];          /* the step size each coordinate gets */
} GsExplanation;

/* The update of θ (n coordinates, the gradient grad at θ) by info with
 * hyper-parameters hp from state `before` (after t updates) at learning
 * rate lr: fills out, and θ_after / after (may be NULL) with the core's
 * result. Free with gs_explanation_clear. */
void gs_explain_update (const GsOptimizerInfo *info, const GsParamValues *hp,
                        const GsOptimizerState *before, double lr, const double *theta,
                        const double *grad, guint n, GsExplanation *out,
                        double *theta_after, GsOptimizerState **after);
void gs_explanation_clear (GsExplanation *e);
/* After the update, the proximal L1 step (GsRegularization.l1_proximal):
 * a last line with θ soft-thresholded by lr·l1 (theta: the result, as
 * gs_regularization_prox makes it), and the step from theta_before to it */
void gs_explain_proximal (GsExplanation *e, const double *theta_before, const double *theta,
                          double threshold);

/* lr(t) of a schedule as markup: its formula, then the value at t */
char *gs_explain_schedule (const GsScheduleInfo *info, double lr0, double lr, guint64 t);

/* A number as the panel writes it: 4 significant digits, a real minus */
char *gs_explain_number (double v);

G_END_DECLS
