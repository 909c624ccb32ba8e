/* gs-types.h — shared enums, error domain and small structs of the engine */
#pragma once

#include <glib.h>
#include <math.h>

G_BEGIN_DECLS

#define GS_ERROR (gs_error_quark ())

typedef enum
{
  GS_ERROR_PARSE,     /* the text is not valid JSON / CSV */
  GS_ERROR_INVALID,   /* a value is of the wrong type, unknown or out of range */
  GS_ERROR_IO,        /* a file could not be read or written */
  GS_ERROR_DATA,      /* a data set is empty, ragged or not finite */
} GsErrorCode;

GQuark gs_error_quark (void);

/* Where the messages' translations are (GETTEXT_PACKAGE: the catalogs of
 * the build tree when run from it, else the installed ones;
 * GRADSCOPE_LOCALEDIR overrides). Call once setlocale () has run. */
void   gs_i18n_init   (void);

typedef enum
{
  GS_STATUS_RUNNING,
  GS_STATUS_CONVERGED,   /* a stop rule held */
  GS_STATUS_MAX_STEPS,   /* the step budget was used up */
  GS_STATUS_DIVERGED,    /* the loss or a parameter became non-finite */
} GsStatus;

const char *gs_status_to_string (GsStatus status);

/* The shortest text that reads back as the same double ("0.01", "1e-10"):
 * how files and editors show numbers. Writes into buf, returns it. */
#define GS_DOUBLE_BUF_SIZE 32
char       *gs_format_double    (char *buf, double v);
/* A wall time for people, in the unit that reads best ("15 µs", "2.3 ms",
 * "1.25 s"; "—" when not finite), in the user's language. Free with g_free. */
char       *gs_format_duration  (double seconds);
/* TRUE when none of v[0…n) is NAN or ±∞ (inline: a run checks θ every step). */
static inline gboolean
gs_all_finite (const double *v, gsize n)
{
  for (gsize k = 0; k < n; k++)
    if (!isfinite (v[k]))
      return FALSE;
  return TRUE;
}

/* Penalty added to the data loss: l1·‖w‖₁ + (l2/2)·‖w‖². The L1 term
 * enters the gradient as its subgradient l1·sign(w) (sign(0) = 0), or,
 * l1_proximal, not at all: the run soft-thresholds the weights after each
 * update instead (w ← sign(w)·max(|w| − lr·l1, 0), the proximal gradient
 * step), which sets weights to exactly 0. */
typedef struct
{
  double   l1;
  double   l2;
  gboolean l1_proximal;
} GsRegularization;

/* A run of parameter indices [start, end): e.g. the coordinates a
 * regularization penalty applies to. */
typedef struct
{
  guint start;
  guint end;
} GsParamRange;

/* Stop rules; NAN means "not set". */
typedef struct
{
  double loss_below;
  double grad_norm_below;
} GsStopRules;

G_END_DECLS
