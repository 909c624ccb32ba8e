/* gs-schedule.c — closed-form schedules and ReduceLROnPlateau */
#include "gs-schedule.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#define WARMUP \
  { "warmup_steps", GS_PARAM_INT, { 0, 0 }, 0, INFINITY, FALSE, FALSE, FALSE, \
    N_("invalid warmup_steps value"), N_("lr × min(1, (t+1)/W) for the first W updates") }

enum { STEP_SIZE, STEP_GAMMA };
static const GsParamSpec step_params[] = {
  { "step_size", GS_PARAM_INT, { NAN, 0 }, 1, INFINITY, FALSE, FALSE, FALSE,
    N_("invalid step_size value"), N_("updates between two decays") },
  { "gamma", GS_PARAM_DOUBLE, { 0.1, 0 }, 0, INFINITY, TRUE, FALSE, FALSE,
    N_("invalid gamma value"), N_("factor applied every step_size updates") },
  WARMUP,
};

enum { EXP_GAMMA };
static const GsParamSpec exponential_params[] = {
  { "gamma", GS_PARAM_DOUBLE, { NAN, 0 }, 0, INFINITY, TRUE, FALSE, FALSE,
    N_("invalid gamma value"), N_("factor applied every update") },
  WARMUP,
};

enum { INV_DECAY };
static const GsParamSpec inverse_time_params[] = {
  { "decay", GS_PARAM_DOUBLE, { NAN, 0 }, 0, INFINITY, FALSE, FALSE, TRUE,
    N_("invalid decay value"), "lr0/(1 + decay·t)" },
  WARMUP,
};

enum { COS_T_MAX, COS_ETA_MIN };
static const GsParamSpec cosine_params[] = {
  { "t_max", GS_PARAM_INT, { NAN, 0 }, 1, INFINITY, FALSE, FALSE, FALSE,
    N_("invalid t_max value"), N_("updates of one half cosine") },
  { "eta_min", GS_PARAM_DOUBLE, { 0, 0 }, 0, INFINITY, FALSE, FALSE, FALSE,
    N_("invalid eta_min value"), N_("lr reached at t_max") },
  WARMUP,
};

enum { PL_FACTOR, PL_PATIENCE, PL_THRESHOLD, PL_COOLDOWN, PL_MIN_LR, PL_EPS };
static const GsParamSpec plateau_params[] = {
  { "factor", GS_PARAM_DOUBLE, { 0.1, 0 }, 0, 1, FALSE, TRUE, FALSE,
    N_("factor should be < 1.0"), N_("lr ← lr·factor on a plateau") },
  { "patience", GS_PARAM_INT, { 10, 0 }, 0, INFINITY, FALSE, FALSE, FALSE,
    N_("invalid patience value"), N_("updates without improvement before reducing") },
  { "threshold", GS_PARAM_DOUBLE, { 1e-4, 0 }, 0, INFINITY, FALSE, FALSE, FALSE,
    N_("invalid threshold value"),
    N_("relative improvement that counts: loss < best·(1 − threshold)") },
  { "cooldown", GS_PARAM_INT, { 0, 0 }, 0, INFINITY, FALSE, FALSE, FALSE,
    N_("invalid cooldown value"), N_("updates to wait after a reduction") },
  { "min_lr", GS_PARAM_DOUBLE, { 0, 0 }, 0, INFINITY, FALSE, FALSE, FALSE,
    N_("invalid min_lr value"), N_("lower bound of the lr") },
  { "eps", GS_PARAM_DOUBLE, { 1e-8, 0 }, 0, INFINITY, FALSE, FALSE, FALSE,
    N_("invalid eps value"), N_("reductions smaller than this are skipped") },
  WARMUP,
};

static const GsParamSpec constant_params[] = { WARMUP };

#define P(a) a, G_N_ELEMENTS (a)

static const GsScheduleInfo schedules[] = {
  /* TRANSLATORS: a learning-rate schedule's title, then its formula (only
     the formulas in words are marked for translation) */
  { "constant", N_("Constant"), "lr0", GS_SCHEDULE_CONSTANT, P (constant_params) },
  { "step", N_("Step decay"), "lr0·γ^⌊t/step_size⌋", GS_SCHEDULE_STEP, P (step_params) },
  { "exponential", N_("Exponential decay"), "lr0·γᵗ", GS_SCHEDULE_EXPONENTIAL,
    P (exponential_params) },
  { "inverse_time", N_("Inverse-time decay"), "lr0/(1 + decay·t)", GS_SCHEDULE_INVERSE_TIME,
    P (inverse_time_params) },
  { "cosine", N_("Cosine annealing"), "η_min + (lr0 − η_min)(1 + cos(π·min(t, T)/T))/2",
    GS_SCHEDULE_COSINE, P (cosine_params) },
  { "plateau", N_("Reduce on plateau"), N_("lr·factor after patience updates without improvement"),
    GS_SCHEDULE_PLATEAU, P (plateau_params) },
};

const GsScheduleInfo *
gs_schedules (guint *n_schedules)
{
  *n_schedules = G_N_ELEMENTS (schedules);
  return schedules;
}

const GsScheduleInfo *
gs_schedule_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (schedules); i++)
    if (g_str_equal (schedules[i].name, name))
      return &schedules[i];
  return NULL;
}

gboolean
gs_schedule_check (const GsScheduleInfo *info, const GsParamValues *hp,
                   char **message)
{
  for (guint i = 0; i < info->n_params; i++)
    {
      const GsParamSpec *spec = &info->params[i];

      if (isnan (hp->values[i][0]) && isnan (spec->def[0]))
        {
          /* TRANSLATORS: "schedule 'step' needs a value for 'step_size'":
             the names as written in experiment files */
          *message = g_strdup_printf (_("schedule '%s' needs a value for '%s'"),
                                      info->name, spec->name);
          return FALSE;
        }
      if (!gs_param_check (spec, 0, hp->values[i][0], message))
        return FALSE;
    }
  return TRUE;
}

void
gs_schedule_state_init (GsScheduleState *state)
{
  state->lr = NAN;
  state->lr0 = NAN;
  state->best = INFINITY;
  state->num_bad = 0;
  state->cooldown_counter = 0;
}

static double
plateau_lr (GsScheduleState *state, double lr0)
{
  /* a new lr0 (an edit while running) starts the plateau logic afresh */
  if (isnan (state->lr) || state->lr0 != lr0)
    {
      gs_schedule_state_init (state);
      state->lr = lr0;
      state->lr0 = lr0;
    }
  return state->lr;
}

double
gs_schedule_lr (const GsScheduleInfo *info, const GsParamValues *hp,
                GsScheduleState *state, double lr0, guint64 t)
{
  const double (*v)[2] = hp->values;
  double td = (double) t;
  double lr = lr0;
  double warmup = v[info->n_params - 1][0];

  switch (info->kind)
    {
    case GS_SCHEDULE_CONSTANT:
      break;
    case GS_SCHEDULE_STEP:
      /* lr0·γ^⌊t/step_size⌋ */
      lr = lr0 * pow (v[STEP_GAMMA][0], floor (td / v[STEP_SIZE][0]));
      break;
    case GS_SCHEDULE_EXPONENTIAL:
      lr = lr0 * pow (v[EXP_GAMMA][0], td);                /* lr0·γᵗ */
      break;
    case GS_SCHEDULE_INVERSE_TIME:
      lr = lr0 / (1 + v[INV_DECAY][0] * td);               /* lr0/(1 + decay·t) */
      break;
    case GS_SCHEDULE_COSINE:
      {
        double t_max = v[COS_T_MAX][0];
        double eta_min = v[COS_ETA_MIN][0];
        /* η_min + (lr0 − η_min)(1 + cos(π·min(t, T)/T))/2 */
        lr = eta_min + (lr0 - eta_min) * (1 + cos (G_PI * MIN (td, t_max) / t_max)) / 2;
      }
      break;
    case GS_SCHEDULE_PLATEAU:
      lr = plateau_lr (state, lr0);
      break;
    default:
      g_assert_not_reached ();
    }

  if (warmup > 0 && td + 1 < warmup)
    lr = lr * ((td + 1) / warmup);                         /* × min(1, (t+1)/W) */
  return lr;
}

void
gs_schedule_observe (const GsScheduleInfo *info, const GsParamValues *hp,
                     GsScheduleState *state, double lr0, double loss)
{
  const double (*v)[2] = hp->values;

  if (info->kind != GS_SCHEDULE_PLATEAU)
    return;

  plateau_lr (state, lr0);

  /* torch.optim.lr_scheduler.ReduceLROnPlateau.step, mode 'min', 'rel' */
  if (loss < state->best * (1. - v[PL_THRESHOLD][0]))
    {
      state->best = loss;
      state->num_bad = 0;
    }
  else
    state->num_bad++;

  if (state->cooldown_counter > 0)
    {
      state->cooldown_counter--;
      state->num_bad = 0;   /* bad epochs in cooldown do not count */
    }

  if ((double) state->num_bad > v[PL_PATIENCE][0])
    {
      double old_lr = state->lr;
      double new_lr = MAX (old_lr * v[PL_FACTOR][0], v[PL_MIN_LR][0]);

      if (old_lr - new_lr > v[PL_EPS][0])
        state->lr = new_lr;
      state->cooldown_counter = (guint64) v[PL_COOLDOWN][0];
      state->num_bad = 0;
    }
}
