/* test-schedule.c — learning-rate schedules against hand-computed values
 * and torch.optim.lr_scheduler.ReduceLROnPlateau.
 *
 * Every expected lr is a literal printed with '%.17g' by /usr/bin/python3:
 * the closed forms evaluated in Python floats, in the order the spec writes
 * them (e.g. 0.1 * 0.9 ** t), and the plateau sequences from torch 1.13:
 *
 *   p = torch.zeros(1, requires_grad=True)
 *   opt = torch.optim.SGD([p], lr=lr0)
 *   sched = ReduceLROnPlateau(opt, mode='min', threshold_mode='rel', ...)
 *   for loss in losses:
 *       lrs.append(opt.param_groups[0]['lr']); opt.step(); sched.step(loss)
 *   lrs.append(opt.param_groups[0]['lr'])
 */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "gs-schedule.h"

typedef struct
{
  guint64 t;      /* updates done so far */
  double  lr;
} Point;

typedef struct
{
  const char *name;
  double      value;
} Setting;

/* lr0 = 0.1, step_size 3, gamma 0.5: 0.1 * 0.5 ** (t // 3) */
static const Point step_points[] = {
  { 0, 0.10000000000000001 },
  { 1, 0.10000000000000001 },
  { 2, 0.10000000000000001 },
  { 3, 0.050000000000000003 },
  { 5, 0.050000000000000003 },
  { 6, 0.025000000000000001 },
  { 10, 0.012500000000000001 },
  { 31, 9.7656250000000005e-05 },
};

/* lr0 = 0.3, step_size 4, gamma 0.1 (default): 0.3 * 0.1 ** (t // 4) */
static const Point step_default_gamma_points[] = {
  { 0, 0.29999999999999999 },
  { 3, 0.29999999999999999 },
  { 4, 0.029999999999999999 },
  { 8, 0.0030000000000000005 },
  { 12, 0.00030000000000000008 },
};

/* lr0 = 0.1, gamma 0.9: 0.1 * 0.9 ** t */
static const Point exponential_points[] = {
  { 0, 0.10000000000000001 },
  { 1, 0.090000000000000011 },
  { 5, 0.059049000000000011 },
  { 20, 0.012157665459056936 },
};

/* lr0 = 0.1, decay 0.5: 0.1 / (1 + 0.5 * t) */
static const Point inverse_time_points[] = {
  { 0, 0.10000000000000001 },
  { 1, 0.066666666666666666 },
  { 4, 0.033333333333333333 },
  { 99, 0.0019801980198019802 },
};

/* lr0 = 0.1, t_max 10, eta_min 0.001:
 * 0.001 + (0.1 - 0.001) * (1 + math.cos(math.pi * min(t, 10) / 10)) / 2 */
static const Point cosine_points[] = {
  { 0, 0.10000000000000001 },
  { 1, 0.097577297556610113 },
  { 3, 0.079595369988477424 },
  { 5, 0.050500000000000003 },
  { 9, 0.0034227024433899004 },
  { 10, 0.001 },
  { 11, 0.001 },
  { 50, 0.001 },
  { 1000, 0.001 },
};

/* lr0 = 0.2, t_max 7, eta_min 0 (default) */
static const Point cosine_default_eta_points[] = {
  { 0, 0.20000000000000001 },
  { 1, 0.19009688679024192 },
  { 6, 0.0099031132097580979 },
  { 7, 0.0 },
  { 8, 0.0 },
  { 100, 0.0 },
};

/* constant, lr0 = 0.05, warmup_steps 4: lr0 * min(1, (t + 1) / 4) */
static const Point warmup_constant_points[] = {
  { 0, 0.012500000000000001 },
  { 1, 0.025000000000000001 },
  { 2, 0.037500000000000006 },
  { 3, 0.050000000000000003 },
  { 4, 0.050000000000000003 },
  { 10, 0.050000000000000003 },
};

/* cosine, lr0 = 0.1, t_max 10, eta_min 0.001, warmup_steps 5 */
static const Point warmup_cosine_points[] = {
  { 0, 0.020000000000000004 },
  { 1, 0.039030919022644051 },
  { 2, 0.054327804732935935 },
  { 3, 0.063676295990781936 },
  { 4, 0.065796341221559904 },
  { 5, 0.050500000000000003 },
  { 6, 0.03520365877844011 },
  { 10, 0.001 },
  { 12, 0.001 },
};

/* exponential, lr0 = 0.1, gamma 0.9, warmup_steps 3 */
static const Point warmup_exponential_points[] = {
  { 0, 0.033333333333333333 },
  { 1, 0.060000000000000005 },
  { 2, 0.081000000000000016 },
  { 3, 0.072900000000000006 },
  { 4, 0.065610000000000002 },
};

/* step, lr0 = 0.1, step_size 2, gamma 0.5, warmup_steps 3 */
static const Point warmup_step_points[] = {
  { 0, 0.033333333333333333 },
  { 1, 0.066666666666666666 },
  { 2, 0.050000000000000003 },
  { 3, 0.050000000000000003 },
  { 4, 0.025000000000000001 },
};

/* the loss fed after each update */
static const double losses[] = {
  5.0, 4.0, 3.9900000000000002, 3.9700000000000002,
  3.98, 3.5, 3.4900000000000002, 3.48,
  3.4700000000000002, 3.46, 3.0, 3.2000000000000002,
  3.1000000000000001, 2.9990000000000001, 2.5, 2.6000000000000001,
  2.7000000000000002, 2.5499999999999998, 2.5600000000000001, 2.3999999999999999,
  2.4500000000000002, 2.46,
};

/* ReduceLROnPlateau(SGD([p], lr=0.1), factor=0.5, patience=2, threshold=0.01, cooldown=1):
 * the lr before each scheduler.step(loss), then the final lr */
static const double plateau_patience2_cooldown1[] = {
  0.10000000000000001, 0.10000000000000001, 0.10000000000000001, 0.10000000000000001,
  0.10000000000000001, 0.050000000000000003, 0.050000000000000003, 0.050000000000000003,
  0.050000000000000003, 0.025000000000000001, 0.025000000000000001, 0.025000000000000001,
  0.025000000000000001, 0.025000000000000001, 0.012500000000000001, 0.012500000000000001,
  0.012500000000000001, 0.012500000000000001, 0.0062500000000000003, 0.0062500000000000003,
  0.0062500000000000003, 0.0062500000000000003, 0.0062500000000000003,
};

/* ReduceLROnPlateau(SGD([p], lr=1.0), factor=0.5, patience=0, cooldown=3) */
static const double plateau_patience0_cooldown3[] = {
  1.0, 1.0, 1.0, 1.0,
  1.0, 0.5, 0.5, 0.5,
  0.5, 0.5, 0.5, 0.5,
  0.25, 0.25, 0.25, 0.25,
  0.125, 0.125, 0.125, 0.125,
  0.125, 0.0625, 0.0625,
};

/* ReduceLROnPlateau(SGD([p], lr=1.0), factor=0.1, patience=0, min_lr=0.004), loss 1.0 throughout */
static const double plateau_min_lr[] = {
  1.0, 1.0, 0.10000000000000001, 0.010000000000000002,
  0.0040000000000000001, 0.0040000000000000001, 0.0040000000000000001, 0.0040000000000000001,
  0.0040000000000000001,
};

/* ReduceLROnPlateau(SGD([p], lr=1e-7), factor=0.5, patience=0), loss 1.0 throughout:
 * 1.25e-8 → 6.25e-9 is a change below eps = 1e-8, skipped */
static const double plateau_eps_default[] = {
  9.9999999999999995e-08, 9.9999999999999995e-08, 4.9999999999999998e-08, 2.4999999999999999e-08,
  1.2499999999999999e-08, 1.2499999999999999e-08, 1.2499999999999999e-08, 1.2499999999999999e-08,
  1.2499999999999999e-08,
};

/* ReduceLROnPlateau(SGD([p], lr=1e-7), factor=0.5, patience=0, eps=1e-7), loss 1.0 throughout */
static const double plateau_eps_large[] = {
  9.9999999999999995e-08, 9.9999999999999995e-08, 9.9999999999999995e-08, 9.9999999999999995e-08,
  9.9999999999999995e-08, 9.9999999999999995e-08, 9.9999999999999995e-08, 9.9999999999999995e-08,
  9.9999999999999995e-08,
};

/* ReduceLROnPlateau(SGD([p], lr=0.01)), defaults, loss 2.0 throughout */
static const double plateau_defaults[] = {
  0.01, 0.01, 0.01, 0.01,
  0.01, 0.01, 0.01, 0.01,
  0.01, 0.01, 0.01, 0.01,
  0.001, 0.001, 0.001, 0.001,
  0.001, 0.001, 0.001, 0.001,
  0.001, 0.001, 0.001, 0.0001,
  0.0001, 0.0001,
};


/* ---- helpers ---------------------------------------------------------------- */

static const GsScheduleInfo *
schedule (const char *name, const Setting *settings, guint max, GsParamValues *hp)
{
  const GsScheduleInfo *info = gs_schedule_lookup (name);

  g_assert_nonnull (info);
  gs_param_values_init (hp, info->params, info->n_params);
  for (guint k = 0; k < max && settings[k].name != NULL; k++)
    {
      int i = gs_param_find (info->params, info->n_params, settings[k].name);

      if (i < 0)
        g_error ("schedule %s has no parameter '%s'", name, settings[k].name);
      hp->values[i][0] = settings[k].value;
      hp->set |= 1u << i;
    }
  return info;
}

#define SETTINGS(...) ((const Setting[]) { __VA_ARGS__, { NULL, 0 } }), G_MAXUINT

static void
assert_points (const char *name, const Setting *settings, guint max, double lr0,
               const Point *points, guint n_points)
{
  GsParamValues hp;
  const GsScheduleInfo *info = schedule (name, settings, max, &hp);
  g_autofree char *message = NULL;
  GsScheduleState state;

  if (!gs_schedule_check (info, &hp, &message))
    g_error ("%s: %s", name, message);
  gs_schedule_state_init (&state);
  for (guint k = 0; k < n_points; k++)
    {
      double lr = gs_schedule_lr (info, &hp, &state, lr0, points[k].t);

      if (lr != points[k].lr)
        g_test_message ("%s: t = %" G_GUINT64_FORMAT ": lr = %.17g, expected %.17g",
                        name, points[k].t, lr, points[k].lr);
      g_assert_cmpfloat (lr, ==, points[k].lr);
    }
}

#define POINTS(p) p, G_N_ELEMENTS (p)

/* Runs plateau like a run does: the lr for update t, then the loss of the
 * row that update started from; expected[k] is the lr of update k, and
 * expected[n_losses] the lr after the last observation. */
static void
assert_plateau (const Setting *settings, guint max, double lr0,
                const double *loss, guint n_losses, const double *expected)
{
  GsParamValues hp;
  const GsScheduleInfo *info = schedule ("plateau", settings, max, &hp);
  g_autofree char *message = NULL;
  GsScheduleState state;

  if (!gs_schedule_check (info, &hp, &message))
    g_error ("plateau: %s", message);
  gs_schedule_state_init (&state);
  for (guint k = 0; k <= n_losses; k++)
    {
      double lr = gs_schedule_lr (info, &hp, &state, lr0, k);

      if (lr != expected[k])
        g_test_message ("plateau: update %u: lr = %.17g, expected %.17g", k, lr, expected[k]);
      g_assert_cmpfloat (lr, ==, expected[k]);
      g_assert_cmpfloat (state.lr, ==, expected[k]);
      if (k < n_losses)
        gs_schedule_observe (info, &hp, &state, lr0, loss[k]);
    }
}

/* ---- closed forms ---------------------------------------------------------------- */

static void
test_constant (void)
{
  static const Point points[] = { { 0, 0.05 }, { 1, 0.05 }, { 7, 0.05 }, { 1000000, 0.05 } };

  assert_points ("constant", NULL, 0, 0.05, POINTS (points));
  /* warmup_steps 1 and 0 change nothing */
  assert_points ("constant", SETTINGS ({ "warmup_steps", 1 }), 0.05, POINTS (points));
  assert_points ("constant", SETTINGS ({ "warmup_steps", 0 }), 0.05, POINTS (points));
}

static void
test_step (void)
{
  assert_points ("step", SETTINGS ({ "step_size", 3 }, { "gamma", 0.5 }), 0.1,
                 POINTS (step_points));
  assert_points ("step", SETTINGS ({ "step_size", 4 }), 0.3,
                 POINTS (step_default_gamma_points));
}

static void
test_exponential (void)
{
  assert_points ("exponential", SETTINGS ({ "gamma", 0.9 }), 0.1,
                 POINTS (exponential_points));
}

static void
test_inverse_time (void)
{
  assert_points ("inverse_time", SETTINGS ({ "decay", 0.5 }), 0.1,
                 POINTS (inverse_time_points));
}

static void
test_cosine (void)
{
  assert_points ("cosine", SETTINGS ({ "t_max", 10 }, { "eta_min", 0.001 }), 0.1,
                 POINTS (cosine_points));
  assert_points ("cosine", SETTINGS ({ "t_max", 7 }), 0.2,
                 POINTS (cosine_default_eta_points));
}

static void
test_cosine_past_t_max (void)
{
  GsParamValues hp;
  const GsScheduleInfo *info = schedule ("cosine", SETTINGS ({ "t_max", 10 },
                                                             { "eta_min", 0.001 }), &hp);
  GsScheduleState state;

  /* torch's CosineAnnealingLR would climb back up; here it stays at η_min */
  gs_schedule_state_init (&state);
  for (guint64 t = 10; t <= 40; t++)
    g_assert_cmpfloat (gs_schedule_lr (info, &hp, &state, 0.1, t), ==, 0.001);
  /* and decreases monotonically before */
  for (guint64 t = 1; t <= 10; t++)
    g_assert_cmpfloat (gs_schedule_lr (info, &hp, &state, 0.1, t), <,
                       gs_schedule_lr (info, &hp, &state, 0.1, t - 1));
}

static void
test_warmup (void)
{
  /* lr × min(1, (t + 1)/W): scaled for t < W − 1, the schedule's own lr after */
  assert_points ("constant", SETTINGS ({ "warmup_steps", 4 }), 0.05,
                 POINTS (warmup_constant_points));
  assert_points ("cosine", SETTINGS ({ "t_max", 10 }, { "eta_min", 0.001 },
                                     { "warmup_steps", 5 }), 0.1,
                 POINTS (warmup_cosine_points));
  assert_points ("exponential", SETTINGS ({ "gamma", 0.9 }, { "warmup_steps", 3 }), 0.1,
                 POINTS (warmup_exponential_points));
  assert_points ("step", SETTINGS ({ "step_size", 2 }, { "gamma", 0.5 },
                                   { "warmup_steps", 3 }), 0.1,
                 POINTS (warmup_step_points));
}

static void
test_warmup_plateau (void)
{
  GsParamValues hp;
  const GsScheduleInfo *info = schedule ("plateau", SETTINGS ({ "patience", 0 },
                                                              { "factor", 0.5 },
                                                              { "warmup_steps", 4 }), &hp);
  GsScheduleState state;

  gs_schedule_state_init (&state);
  /* 1.0 · 1/4; then the loss does not improve: 0.5 · 2/4 */
  g_assert_cmpfloat (gs_schedule_lr (info, &hp, &state, 1.0, 0), ==, 0.25);
  gs_schedule_observe (info, &hp, &state, 1.0, 3.0);
  g_assert_cmpfloat (gs_schedule_lr (info, &hp, &state, 1.0, 1), ==, 0.5);
  gs_schedule_observe (info, &hp, &state, 1.0, 3.0);
  g_assert_cmpfloat (state.lr, ==, 0.5);
  g_assert_cmpfloat (gs_schedule_lr (info, &hp, &state, 1.0, 1), ==, 0.25);
  g_assert_cmpfloat (gs_schedule_lr (info, &hp, &state, 1.0, 3), ==, 0.5);
  g_assert_cmpfloat (gs_schedule_lr (info, &hp, &state, 1.0, 100), ==, 0.5);
}

/* ---- ReduceLROnPlateau --------------------------------------------------------------- */

static void
test_plateau_patience_cooldown (void)
{
  g_assert_cmpuint (G_N_ELEMENTS (plateau_patience2_cooldown1), ==, G_N_ELEMENTS (losses) + 1);
  assert_plateau (SETTINGS ({ "factor", 0.5 }, { "patience", 2 }, { "threshold", 0.01 },
                            { "cooldown", 1 }),
                  0.1, losses, G_N_ELEMENTS (losses), plateau_patience2_cooldown1);
  assert_plateau (SETTINGS ({ "factor", 0.5 }, { "patience", 0 }, { "cooldown", 3 }),
                  1.0, losses, G_N_ELEMENTS (losses), plateau_patience0_cooldown3);
}

static void
test_plateau_defaults (void)
{
  double loss[25];

  for (guint k = 0; k < G_N_ELEMENTS (loss); k++)
    loss[k] = 2.0;
  g_assert_cmpuint (G_N_ELEMENTS (plateau_defaults), ==, G_N_ELEMENTS (loss) + 1);
  assert_plateau (NULL, 0, 0.01, loss, G_N_ELEMENTS (loss), plateau_defaults);
}

static void
test_plateau_min_lr (void)
{
  static const double flat[8] = { 1, 1, 1, 1, 1, 1, 1, 1 };
  GsParamValues hp;
  const GsScheduleInfo *info;
  GsScheduleState state;

  assert_plateau (SETTINGS ({ "factor", 0.1 }, { "patience", 0 }, { "min_lr", 0.004 }),
                  1.0, flat, G_N_ELEMENTS (flat), plateau_min_lr);

  /* clamped, it stays there */
  info = schedule ("plateau", SETTINGS ({ "factor", 0.1 }, { "patience", 0 },
                                        { "min_lr", 0.004 }), &hp);
  gs_schedule_state_init (&state);
  for (guint k = 0; k < 50; k++)
    gs_schedule_observe (info, &hp, &state, 1.0, 1.0);
  g_assert_cmpfloat (gs_schedule_lr (info, &hp, &state, 1.0, 50), ==, 0.004);
}

static void
test_plateau_eps (void)
{
  static const double flat[8] = { 1, 1, 1, 1, 1, 1, 1, 1 };

  /* 1.25e-8 − 6.25e-9 < eps = 1e-8: that reduction is skipped */
  assert_plateau (SETTINGS ({ "factor", 0.5 }, { "patience", 0 }), 1e-7,
                  flat, G_N_ELEMENTS (flat), plateau_eps_default);
  /* eps = 1e-7: no reduction is large enough */
  assert_plateau (SETTINGS ({ "factor", 0.5 }, { "patience", 0 }, { "eps", 1e-7 }), 1e-7,
                  flat, G_N_ELEMENTS (flat), plateau_eps_large);
}

static void
test_plateau_new_lr0 (void)
{
  GsParamValues hp;
  const GsScheduleInfo *info = schedule ("plateau", SETTINGS ({ "factor", 0.5 },
                                                              { "patience", 0 }), &hp);
  GsScheduleState state;

  gs_schedule_state_init (&state);
  g_assert_true (isnan (state.lr));
  g_assert_true (isinf (state.best) && state.best > 0);
  g_assert_cmpfloat (gs_schedule_lr (info, &hp, &state, 1.0, 0), ==, 1.0);
  gs_schedule_observe (info, &hp, &state, 1.0, 2.0);
  g_assert_cmpfloat (state.best, ==, 2.0);
  gs_schedule_observe (info, &hp, &state, 1.0, 2.0);
  g_assert_cmpfloat (gs_schedule_lr (info, &hp, &state, 1.0, 2), ==, 0.5);

  /* an edited lr0 starts afresh: best forgotten, no bad updates */
  g_assert_cmpfloat (gs_schedule_lr (info, &hp, &state, 0.2, 3), ==, 0.2);
  g_assert_true (isinf (state.best));
  g_assert_cmpuint (state.num_bad, ==, 0);
  gs_schedule_observe (info, &hp, &state, 0.2, 5.0);
  g_assert_cmpfloat (gs_schedule_lr (info, &hp, &state, 0.2, 4), ==, 0.2);
  gs_schedule_observe (info, &hp, &state, 0.2, 5.0);
  g_assert_cmpfloat (gs_schedule_lr (info, &hp, &state, 0.2, 5), ==, 0.1);
}

static void
test_observe_other_schedules (void)
{
  GsParamValues hp;
  const GsScheduleInfo *info = schedule ("exponential", SETTINGS ({ "gamma", 0.9 }), &hp);
  GsScheduleState state, before;

  gs_schedule_state_init (&state);
  before = state;
  for (guint k = 0; k < 20; k++)
    gs_schedule_observe (info, &hp, &state, 0.1, 1.0);
  g_assert_true (isnan (state.lr));
  g_assert_cmpfloat (state.best, ==, before.best);
  g_assert_cmpuint (state.num_bad, ==, 0);
  g_assert_cmpuint (state.cooldown_counter, ==, 0);
  g_assert_cmpfloat (gs_schedule_lr (info, &hp, &state, 0.1, 1), ==, 0.090000000000000011);
}

/* ---- validation -------------------------------------------------------------------------- */

typedef struct
{
  const char *schedule;
  Setting     settings[3];
  const char *message;      /* NULL: valid */
} CheckCase;

static const CheckCase check_cases[] = {
  { "constant", { { NULL } }, NULL },
  { "step", { { NULL } }, "schedule 'step' needs a value for 'step_size'" },
  { "step", { { "gamma", 0.5 } }, "schedule 'step' needs a value for 'step_size'" },
  { "step", { { "step_size", 5 } }, NULL },
  { "step", { { "step_size", 0 } },
    "invalid step_size value: 0 (expected a value in [1, ∞), whole)" },
  { "step", { { "step_size", 2.5 } },
    "invalid step_size value: 2.5 (expected a value in [1, ∞), whole)" },
  { "step", { { "step_size", 5 }, { "gamma", 0 } },
    "invalid gamma value: 0 (expected a value in (0, ∞))" },
  { "exponential", { { NULL } }, "schedule 'exponential' needs a value for 'gamma'" },
  { "exponential", { { "gamma", 0.99 } }, NULL },
  { "exponential", { { "gamma", -0.5 } },
    "invalid gamma value: -0.5 (expected a value in (0, ∞))" },
  { "inverse_time", { { NULL } }, "schedule 'inverse_time' needs a value for 'decay'" },
  { "inverse_time", { { "decay", 0 } }, NULL },
  { "cosine", { { NULL } }, "schedule 'cosine' needs a value for 't_max'" },
  { "cosine", { { "eta_min", 0.001 } }, "schedule 'cosine' needs a value for 't_max'" },
  { "cosine", { { "t_max", 100 } }, NULL },
  { "cosine", { { "t_max", 100 }, { "eta_min", -1 } },
    "invalid eta_min value: -1 (expected a value in [0, ∞))" },
  { "plateau", { { NULL } }, NULL },
  { "plateau", { { "factor", 1 } }, "factor should be < 1.0: 1 (expected a value in [0, 1))" },
  { "plateau", { { "factor", 1.5 } },
    "factor should be < 1.0: 1.5 (expected a value in [0, 1))" },
  { "plateau", { { "factor", 0.999 } }, NULL },
  { "plateau", { { "patience", -1 } },
    "invalid patience value: -1 (expected a value in [0, ∞), whole)" },
  { "plateau", { { "min_lr", NAN } }, "invalid min_lr value: nan (expected a value in [0, ∞))" },
  { "constant", { { "warmup_steps", -1 } },
    "invalid warmup_steps value: -1 (expected a value in [0, ∞), whole)" },
  { "cosine", { { "t_max", 10 }, { "warmup_steps", 1.5 } },
    "invalid warmup_steps value: 1.5 (expected a value in [0, ∞), whole)" },
};

static void
test_check (void)
{
  for (guint k = 0; k < G_N_ELEMENTS (check_cases); k++)
    {
      const CheckCase *c = &check_cases[k];
      GsParamValues hp;
      const GsScheduleInfo *info = schedule (c->schedule, c->settings,
                                             G_N_ELEMENTS (c->settings), &hp);
      g_autofree char *message = NULL;
      gboolean ok = gs_schedule_check (info, &hp, &message);

      g_test_message ("check case %u: %s: %s", k, c->schedule,
                      message != NULL ? message : "valid");
      if (c->message == NULL)
        {
          g_assert_true (ok);
          g_assert_null (message);
        }
      else
        {
          g_assert_false (ok);
          g_assert_cmpstr (message, ==, c->message);
        }
    }
}

/* ---- the table ------------------------------------------------------------------------------ */

static void
test_table (void)
{
  static const struct
  {
    const char     *name;
    GsScheduleKind  kind;
    const char     *required;   /* a parameter without default, or NULL */
  } expected[] = {
    { "constant", GS_SCHEDULE_CONSTANT, NULL },
    { "step", GS_SCHEDULE_STEP, "step_size" },
    { "exponential", GS_SCHEDULE_EXPONENTIAL, "gamma" },
    { "inverse_time", GS_SCHEDULE_INVERSE_TIME, "decay" },
    { "cosine", GS_SCHEDULE_COSINE, "t_max" },
    { "plateau", GS_SCHEDULE_PLATEAU, NULL },
  };
  /* ReduceLROnPlateau's defaults in torch 1.13 */
  static const Setting plateau_defaults_expected[] = {
    { "factor", 0.1 }, { "patience", 10 }, { "threshold", 1e-4 }, { "cooldown", 0 },
    { "min_lr", 0 }, { "eps", 1e-8 },
  };
  guint n_schedules = 0;
  const GsScheduleInfo *table = gs_schedules (&n_schedules);
  const GsScheduleInfo *plateau;

  g_assert_cmpuint (n_schedules, ==, G_N_ELEMENTS (expected));
  for (guint e = 0; e < G_N_ELEMENTS (expected); e++)
    {
      const GsScheduleInfo *info = gs_schedule_lookup (expected[e].name);
      const GsParamSpec *last;

      g_assert_nonnull (info);
      g_assert_true (info >= table && info < table + n_schedules);
      g_assert_cmpstr (info->name, ==, expected[e].name);
      g_assert_cmpint (info->kind, ==, expected[e].kind);
      g_assert_nonnull (info->title);
      g_assert_nonnull (info->formula);
      g_assert_cmpuint (info->n_params, >=, 1);
      g_assert_cmpuint (info->n_params, <=, GS_MAX_PARAMS);
      last = &info->params[info->n_params - 1];
      g_assert_cmpstr (last->name, ==, "warmup_steps");
      g_assert_cmpfloat (last->def[0], ==, 0);
      g_assert_cmpint (last->type, ==, GS_PARAM_INT);
      for (guint i = 0; i < info->n_params; i++)
        {
          const GsParamSpec *spec = &info->params[i];
          gboolean required = expected[e].required != NULL
                              && g_str_equal (spec->name, expected[e].required);

          g_assert_cmpint (isnan (spec->def[0]), ==, required);
          if (!required)
            g_assert_true (gs_param_check (spec, 0, spec->def[0], NULL));
        }
      if (expected[e].required != NULL)
        g_assert_cmpint (gs_param_find (info->params, info->n_params, expected[e].required),
                         >=, 0);
    }
  for (guint k = 0; k < n_schedules; k++)
    g_assert_true (gs_schedule_lookup (table[k].name) == &table[k]);
  g_assert_null (gs_schedule_lookup ("linear"));
  g_assert_null (gs_schedule_lookup (""));

  plateau = gs_schedule_lookup ("plateau");
  g_assert_cmpuint (plateau->n_params, ==, G_N_ELEMENTS (plateau_defaults_expected) + 1);
  for (guint k = 0; k < G_N_ELEMENTS (plateau_defaults_expected); k++)
    {
      int i = gs_param_find (plateau->params, plateau->n_params,
                             plateau_defaults_expected[k].name);

      g_assert_cmpint (i, >=, 0);
      g_assert_cmpfloat (plateau->params[i].def[0], ==, plateau_defaults_expected[k].value);
    }
  /* step's gamma defaults to StepLR's 0.1; cosine's eta_min to 0 */
  {
    const GsScheduleInfo *step = gs_schedule_lookup ("step");
    const GsScheduleInfo *cosine = gs_schedule_lookup ("cosine");

    g_assert_cmpfloat (step->params[gs_param_find (step->params, step->n_params, "gamma")].def[0],
                       ==, 0.1);
    g_assert_cmpfloat (cosine->params[gs_param_find (cosine->params, cosine->n_params,
                                                     "eta_min")].def[0], ==, 0);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gradscope/schedule/table", test_table);
  g_test_add_func ("/gradscope/schedule/check", test_check);
  g_test_add_func ("/gradscope/schedule/constant", test_constant);
  g_test_add_func ("/gradscope/schedule/step", test_step);
  g_test_add_func ("/gradscope/schedule/exponential", test_exponential);
  g_test_add_func ("/gradscope/schedule/inverse-time", test_inverse_time);
  g_test_add_func ("/gradscope/schedule/cosine/values", test_cosine);
  g_test_add_func ("/gradscope/schedule/cosine/past-t-max", test_cosine_past_t_max);
  g_test_add_func ("/gradscope/schedule/warmup/closed-forms", test_warmup);
  g_test_add_func ("/gradscope/schedule/warmup/plateau", test_warmup_plateau);
  g_test_add_func ("/gradscope/schedule/plateau/patience-cooldown",
                   test_plateau_patience_cooldown);
  g_test_add_func ("/gradscope/schedule/plateau/defaults", test_plateau_defaults);
  g_test_add_func ("/gradscope/schedule/plateau/min-lr", test_plateau_min_lr);
  g_test_add_func ("/gradscope/schedule/plateau/eps", test_plateau_eps);
  g_test_add_func ("/gradscope/schedule/plateau/new-lr0", test_plateau_new_lr0);
  g_test_add_func ("/gradscope/schedule/observe-other", test_observe_other_schedules);

  return g_test_run ();
}
