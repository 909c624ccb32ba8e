/* gs-schedule.h — learning-rate schedules lr(t) */
#pragma once

#include <glib.h>

#include "gs-param.h"

G_BEGIN_DECLS

typedef enum
{
  GS_SCHEDULE_CONSTANT,
  GS_SCHEDULE_STEP,
  GS_SCHEDULE_EXPONENTIAL,
  GS_SCHEDULE_INVERSE_TIME,
  GS_SCHEDULE_COSINE,
  GS_SCHEDULE_PLATEAU,
} GsScheduleKind;

typedef struct
{
  const char        *name;      /* "cosine" */
  const char        *title;     /* "Cosine annealing"; marked N_(): show _(title) */
  const char        *formula;   /* "η_min + (lr0 − η_min)(1 + cos(π·min(t, T)/T))/2";
                                   marked N_() where it is prose: show _(formula) */
  GsScheduleKind     kind;
  const GsParamSpec *params;    /* the last one is always "warmup_steps" */
  guint              n_params;
} GsScheduleInfo;

/* ReduceLROnPlateau's state (mode min, relative threshold) */
typedef struct
{
  double  lr;                /* current lr; NAN until the first call */
  double  lr0;               /* the lr0 it started from */
  double  best;              /* best loss seen, +∞ at first */
  guint64 num_bad;           /* epochs without relative improvement */
  guint64 cooldown_counter;  /* epochs left in cooldown */
} GsScheduleState;

const GsScheduleInfo *gs_schedules       (guint *n_schedules);
const GsScheduleInfo *gs_schedule_lookup (const char *name);

gboolean gs_schedule_check      (const GsScheduleInfo *info, const GsParamValues *hp,
                                 char **message);
void     gs_schedule_state_init (GsScheduleState *state);
/* lr for the update after t updates (t = 0 for the first one) */
double   gs_schedule_lr         (const GsScheduleInfo *info, const GsParamValues *hp,
                                 GsScheduleState *state, double lr0, guint64 t);
/* Plateau: feed the loss of the row the update started from. */
void     gs_schedule_observe    (const GsScheduleInfo *info, const GsParamValues *hp,
                                 GsScheduleState *state, double lr0, double loss);

G_END_DECLS
