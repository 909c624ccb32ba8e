/* gs-engine.c — one worker thread, a command queue, published snapshots */
#include "gs-engine.h"

#include <math.h>
#include <string.h>
#ifdef __linux__
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#define UNTHROTTLED_SLICE_US 2000   /* steps between two looks at the queue */

typedef enum
{
  CMD_LOAD,
  CMD_ADD,
  CMD_REMOVE,
  CMD_PLAY,
  CMD_PAUSE,
  CMD_STEP,
  CMD_RESET,
  CMD_SPEED,
  CMD_CONFIG,
  CMD_THRESHOLD,
  CMD_REWIND,
  CMD_HISTORY,
  CMD_CALL,
  CMD_NOP,
  CMD_QUIT,
} CmdKind;

typedef struct
{
  CmdKind      kind;
  GsProblem   *problem;    /* CMD_LOAD, CMD_ADD */
  GsRunConfig *configs;    /* CMD_LOAD: n of them */
  guint        n;
  double      *start;      /* CMD_LOAD, CMD_ADD, CMD_RESET: may be NULL */
  guint        run;        /* CMD_CONFIG, CMD_REMOVE */
  GsRunConfig  config;     /* CMD_CONFIG, CMD_ADD */
  guint64      layout;     /* CMD_LOAD, CMD_ADD, CMD_REMOVE: the layout serial it makes */
  double       value;      /* CMD_SPEED, CMD_THRESHOLD */
  guint64      step;       /* CMD_REWIND */
  GsEngineCallFunc func;   /* CMD_CALL */
  gpointer     data;
} Cmd;

typedef struct
{
  GsRun  *run;
  guint64 steps_to_threshold;
} Slot;

struct _GsEngine
{
  GThread     *thread;
  GAsyncQueue *queue;      /* Cmd* from the main thread */

  GMutex       lock;       /* guards everything below */
  GCond        applied_cond;
  guint64      sent;       /* commands queued (main thread) */
  guint64      applied;    /* commands applied (worker) */
  GArray      *slots;      /* Slot; replaced, grown or shrunk only under lock */
  GArray      *snapshots;  /* GsRunSnapshot, one per slot */
  guint        generation;
  guint64      layout_sent;     /* loads, adds and removes queued (main thread) */
  guint64      layout_applied;  /* … and applied (worker): the layout serial */
  guint        n_runs_sent;     /* runs once every queued command is applied */
  guint64      serial;
  gboolean     playing;
  gboolean     history;    /* runs keep their history (gs_engine_set_history) */
  double       speed;      /* steps per second; 0 = unthrottled */
  double       threshold;

  /* worker-only */
  gint64       next_due;   /* monotonic µs of the next throttled step */
};

static void
cmd_free (Cmd *cmd)
{
  gs_problem_unref (cmd->problem);
  g_free (cmd->configs);
  g_free (cmd->start);
  g_free (cmd);
}

static void
send (GsEngine *engine, Cmd *cmd)
{
  g_mutex_lock (&engine->lock);
  engine->sent++;
  g_mutex_unlock (&engine->lock);
  g_async_queue_push (engine->queue, cmd);
}

/* A command that changes which run an index means (load, add, remove):
 * it gets the next layout serial, and the run count it leaves is known at
 * once, so an added run's index is too (*index). Queued under the lock,
 * so serials reach the worker in order. A remove of an index that will
 * not exist is dropped: FALSE. */
static gboolean
send_layout (GsEngine *engine, Cmd *cmd, guint *index)
{
  g_mutex_lock (&engine->lock);
  switch (cmd->kind)
    {
    case CMD_LOAD:
      engine->n_runs_sent = cmd->n;
      break;
    case CMD_ADD:
      *index = engine->n_runs_sent++;
      break;
    case CMD_REMOVE:
      if (cmd->run >= engine->n_runs_sent)
        {
          g_mutex_unlock (&engine->lock);
          cmd_free (cmd);
          return FALSE;
        }
      engine->n_runs_sent--;
      break;
    default:
      g_assert_not_reached ();
    }
  cmd->layout = ++engine->layout_sent;
  engine->sent++;
  g_async_queue_push (engine->queue, cmd);
  g_mutex_unlock (&engine->lock);
  return TRUE;
}

static void
slots_clear (GArray *slots)
{
  for (guint i = 0; i < slots->len; i++)
    gs_run_free (g_array_index (slots, Slot, i).run);
  g_array_set_size (slots, 0);
}

/* ---- worker ---------------------------------------------------------------- */

static void
note_threshold (GsEngine *engine, Slot *slot)
{
  const GsRow *row = gs_run_get_last_row (slot->run);

  if (slot->steps_to_threshold == G_MAXUINT64 && !isnan (engine->threshold)
      && row->loss < engine->threshold)
    slot->steps_to_threshold = (guint64) row->step;
}

/* Copies what the UI shows; the caller holds the lock. */
static void
publish_locked (GsEngine *engine)
{
  g_array_set_size (engine->snapshots, engine->slots->len);
  for (guint i = 0; i < engine->slots->len; i++)
    {
      Slot *slot = &g_array_index (engine->slots, Slot, i);
      GsRunSnapshot *s = &g_array_index (engine->snapshots, GsRunSnapshot, i);
      const GsRow *row = gs_run_get_last_row (slot->run);
      guint n = gs_problem_get_n_params (gs_run_get_problem (slot->run));

      s->status = gs_run_get_status (slot->run);
      s->step = gs_run_get_step (slot->run);
      s->loss = gs_run_get_last_loss (slot->run);
      s->best_loss = gs_run_get_best_loss (slot->run);
      s->grad_norm = gs_run_get_last_grad_norm (slot->run);
      s->lr = row->lr;
      s->steps_to_threshold = slot->steps_to_threshold;
      s->n_params = n;
      memcpy (s->theta, row->theta, sizeof (double) * MIN (n, G_N_ELEMENTS (s->theta)));
    }
}

static void
publish (GsEngine *engine, guint64 steps)
{
  g_mutex_lock (&engine->lock);
  engine->serial += steps;
  publish_locked (engine);
  g_mutex_unlock (&engine->lock);
}

/* A run as the engine keeps it: with its history when asked for. */
static GsRun *
new_run (GsEngine *engine, GsProblem *problem, const GsRunConfig *config, const double *start)
{
  GsRun *run = gs_run_new (problem, config, start, 0);

  if (engine->history)
    gs_run_enable_history (run);
  return run;
}

/* The first step below the threshold, from the trace (see CMD_THRESHOLD) */
static void
find_threshold (GsEngine *engine, Slot *slot)
{
  slot->steps_to_threshold = G_MAXUINT64;
  if (!isnan (engine->threshold))
    gs_trace_find_first_below (gs_run_get_trace (slot->run), engine->threshold,
                               &slot->steps_to_threshold);
}

/* One update of every running run; returns how many stepped. */
static guint
step_all (GsEngine *engine)
{
  guint stepped = 0;

  for (guint i = 0; i < engine->slots->len; i++)
    {
      Slot *slot = &g_array_index (engine->slots, Slot, i);

      if (gs_run_get_status (slot->run) != GS_STATUS_RUNNING)
        continue;
      gs_run_step (slot->run);
      note_threshold (engine, slot);
      stepped++;
    }
  return stepped;
}

static void
apply (GsEngine *engine, Cmd *cmd)
{
  switch (cmd->kind)
    {
    case CMD_LOAD:
      {
        /* the runs are built here: row 0 is already an evaluation */
        GArray *slots = g_array_new (FALSE, FALSE, sizeof (Slot));
        GArray *old;

        for (guint i = 0; i < cmd->n; i++)
          {
            Slot slot = { new_run (engine, cmd->problem, &cmd->configs[i], cmd->start),
                          G_MAXUINT64 };
            note_threshold (engine, &slot);
            g_array_append_val (slots, slot);
          }
        g_mutex_lock (&engine->lock);
        old = engine->slots;
        engine->slots = slots;
        engine->generation++;
        engine->layout_applied = cmd->layout;
        publish_locked (engine);
        g_mutex_unlock (&engine->lock);
        slots_clear (old);
        g_array_unref (old);
        engine->next_due = 0;
      }
      break;

    case CMD_ADD:
      {
        /* built outside the lock (row 0 is an evaluation), then appended
         * under it: a reader never sees the array half grown */
        Slot slot = { new_run (engine, cmd->problem, &cmd->config, cmd->start), G_MAXUINT64 };

        note_threshold (engine, &slot);
        g_mutex_lock (&engine->lock);
        g_array_append_val (engine->slots, slot);
        engine->layout_applied = cmd->layout;
        publish_locked (engine);
        g_mutex_unlock (&engine->lock);
      }
      break;

    case CMD_REMOVE:
      {
        GsRun *gone = NULL;

        /* out of the array under the lock, freed after it: an index a
         * reader holds the lock for never means a freed run */
        g_mutex_lock (&engine->lock);
        if (cmd->run < engine->slots->len)
          {
            gone = g_array_index (engine->slots, Slot, cmd->run).run;
            g_array_remove_index (engine->slots, cmd->run);
          }
        engine->layout_applied = cmd->layout;
        publish_locked (engine);
        g_mutex_unlock (&engine->lock);
        g_clear_pointer (&gone, gs_run_free);
      }
      break;

    case CMD_PLAY:
      g_mutex_lock (&engine->lock);
      engine->playing = TRUE;
      g_mutex_unlock (&engine->lock);
      engine->next_due = 0;
      break;

    case CMD_PAUSE:
      g_mutex_lock (&engine->lock);
      engine->playing = FALSE;
      g_mutex_unlock (&engine->lock);
      break;

    case CMD_STEP:
      publish (engine, step_all (engine));
      break;

    case CMD_RESET:
      for (guint i = 0; i < engine->slots->len; i++)
        {
          Slot *slot = &g_array_index (engine->slots, Slot, i);
          GsRunConfig config = *gs_run_get_config (slot->run);


          if (cmd->start != NULL)
            {
              /* a new start point: a new run with the same settings */
              GsRun *run = new_run (engine, gs_run_get_problem (slot->run), &config, cmd->start);
              g_mutex_lock (&engine->lock);
              gs_run_free (slot->run);
              slot->run = run;
              engine->generation++;
              g_mutex_unlock (&engine->lock);
            }
          else
            gs_run_reset (slot->run);
          slot->steps_to_threshold = G_MAXUINT64;
          note_threshold (engine, slot);
        }
      publish (engine, 0);
      engine->next_due = 0;
      break;

    case CMD_SPEED:
      g_mutex_lock (&engine->lock);
      engine->speed = cmd->value;
      g_mutex_unlock (&engine->lock);
      engine->next_due = 0;
      break;

    case CMD_CONFIG:
      if (cmd->run < engine->slots->len)
        {
          gs_run_set_config (g_array_index (engine->slots, Slot, cmd->run).run,
                             &cmd->config);
          publish (engine, 0);
        }
      break;

    case CMD_THRESHOLD:
      engine->threshold = cmd->value;
      for (guint i = 0; i < engine->slots->len; i++)
        {
          Slot *slot = &g_array_index (engine->slots, Slot, i);

          /* a run may be below the new threshold already: its trace says
           * since when — exactly until the trace decimates, after that a
           * step at which the loss was below, possibly a little later than
           * the first (gs_trace_find_first_below) */
          find_threshold (engine, slot);
        }
      publish (engine, 0);
      break;

    case CMD_REWIND:
      for (guint i = 0; i < engine->slots->len; i++)
        {
          Slot *slot = &g_array_index (engine->slots, Slot, i);

          if (gs_run_rewind (slot->run, MIN (cmd->step, gs_run_get_step (slot->run))))
            find_threshold (engine, slot);
        }
      publish (engine, 0);
      engine->next_due = 0;
      break;

    case CMD_HISTORY:
      engine->history = cmd->value != 0;
      if (engine->history)
        for (guint i = 0; i < engine->slots->len; i++)
          gs_run_enable_history (g_array_index (engine->slots, Slot, i).run);
      break;

    case CMD_CALL:
      {
        g_autofree GsRun **runs = g_new (GsRun *, engine->slots->len + 1);

        for (guint i = 0; i < engine->slots->len; i++)
          runs[i] = g_array_index (engine->slots, Slot, i).run;
        cmd->func (runs, engine->slots->len, cmd->data);
      }
      break;

    case CMD_NOP:
    case CMD_QUIT:
    default:
      break;
    }

  g_mutex_lock (&engine->lock);
  engine->applied++;
  g_cond_broadcast (&engine->applied_cond);
  g_mutex_unlock (&engine->lock);
}

static gboolean
any_running (GsEngine *engine)
{
  for (guint i = 0; i < engine->slots->len; i++)
    if (gs_run_get_status (g_array_index (engine->slots, Slot, i).run) == GS_STATUS_RUNNING)
      return TRUE;
  return FALSE;
}

static gpointer
worker (gpointer data)
{
  GsEngine *engine = data;

#ifdef __linux__
  /* Unthrottled, the worker would take a core from the window's main
   * thread and the display server on a small machine: it yields to them
   * (a nicer thread still gets every cycle nobody else wants). */
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 5) != 0)
    g_debug ("worker priority unchanged: %s", g_strerror (errno));
#endif

  for (;;)
    {
      gboolean playing, quit = FALSE;
      double speed;
      Cmd *cmd;

      g_mutex_lock (&engine->lock);
      playing = engine->playing;
      speed = engine->speed;
      g_mutex_unlock (&engine->lock);

      if (playing && !any_running (engine))
        {
          /* everything finished: stop, as a paused player would */
          g_mutex_lock (&engine->lock);
          engine->playing = playing = FALSE;
          g_mutex_unlock (&engine->lock);
        }

      if (!playing)
        cmd = g_async_queue_pop (engine->queue);
      else if (speed > 0 && isfinite (speed))
        {
          gint64 now = g_get_monotonic_time ();
          gint64 interval = (gint64) MAX (1.0, 1e6 / speed);

          if (engine->next_due == 0 || engine->next_due < now - 4 * interval)
            engine->next_due = now;
          cmd = engine->next_due > now
            ? g_async_queue_timeout_pop (engine->queue, engine->next_due - now)
            : g_async_queue_try_pop (engine->queue);
          if (cmd == NULL)
            {
              publish (engine, step_all (engine));
              engine->next_due += interval;
              continue;
            }
        }
      else
        {
          cmd = g_async_queue_try_pop (engine->queue);
          if (cmd == NULL)
            {
              gint64 end = g_get_monotonic_time () + UNTHROTTLED_SLICE_US;
              guint64 steps = 0;
              guint n;

              do
                {
                  for (guint r = 0; r < 64; r++)
                    steps += n = step_all (engine);
                }
              while (n > 0 && g_get_monotonic_time () < end);
              publish (engine, steps);
              continue;
            }
        }

      quit = cmd->kind == CMD_QUIT;
      apply (engine, cmd);
      cmd_free (cmd);
      if (quit)
        break;
    }
  return NULL;
}

/* ---- main-thread side --------------------------------------------------------- */

GsEngine *
gs_engine_new (void)
{
  GsEngine *engine = g_new0 (GsEngine, 1);

  g_mutex_init (&engine->lock);
  g_cond_init (&engine->applied_cond);
  engine->queue = g_async_queue_new ();
  engine->slots = g_array_new (FALSE, FALSE, sizeof (Slot));
  engine->snapshots = g_array_new (FALSE, TRUE, sizeof (GsRunSnapshot));
  engine->threshold = NAN;
  engine->thread = g_thread_new ("gradscope-worker", worker, engine);
  return engine;
}

void
gs_engine_free (GsEngine *engine)
{
  Cmd *cmd = g_new0 (Cmd, 1);

  if (engine == NULL)
    return;
  cmd->kind = CMD_QUIT;
  send (engine, cmd);
  g_thread_join (engine->thread);
  while ((cmd = g_async_queue_try_pop (engine->queue)) != NULL)
    cmd_free (cmd);
  g_async_queue_unref (engine->queue);
  slots_clear (engine->slots);
  g_array_unref (engine->slots);
  g_array_unref (engine->snapshots);
  g_cond_clear (&engine->applied_cond);
  g_mutex_clear (&engine->lock);
  g_free (engine);
}

static void
send_simple (GsEngine *engine, CmdKind kind, double value)
{
  Cmd *cmd = g_new0 (Cmd, 1);

  cmd->kind = kind;
  cmd->value = value;
  send (engine, cmd);
}

void
gs_engine_load (GsEngine *engine, GsProblem *problem, const GsRunConfig *configs,
                guint n_runs, const double *start)
{
  Cmd *cmd = g_new0 (Cmd, 1);

  cmd->kind = CMD_LOAD;
  cmd->problem = gs_problem_ref (problem);
  cmd->configs = g_memdup2 (configs, sizeof (GsRunConfig) * n_runs);
  cmd->n = n_runs;
  if (start)
    cmd->start = g_memdup2 (start, sizeof (double) * gs_problem_get_n_params (problem));
  send_layout (engine, cmd, NULL);
}

void
gs_engine_load_experiment (GsEngine *engine, const GsExperiment *exp)
{
  guint n = gs_experiment_get_n_runs (exp);
  g_autofree GsRunConfig *configs = g_new (GsRunConfig, n);

  for (guint i = 0; i < n; i++)
    gs_experiment_get_run_config (exp, i, &configs[i]);
  gs_engine_load (engine, exp->problem, configs, n, exp->has_start ? exp->start : NULL);
}

guint
gs_engine_add_run (GsEngine *engine, GsProblem *problem, const GsRunConfig *config,
                   const double *start)
{
  Cmd *cmd = g_new0 (Cmd, 1);
  guint index = 0;

  cmd->kind = CMD_ADD;
  cmd->problem = gs_problem_ref (problem);
  cmd->config = *config;
  if (start)
    cmd->start = g_memdup2 (start, sizeof (double) * gs_problem_get_n_params (problem));
  send_layout (engine, cmd, &index);
  return index;
}

void
gs_engine_remove_run (GsEngine *engine, guint run)
{
  Cmd *cmd = g_new0 (Cmd, 1);

  cmd->kind = CMD_REMOVE;
  cmd->run = run;
  send_layout (engine, cmd, NULL);
}

void
gs_engine_play (GsEngine *engine)
{
  g_mutex_lock (&engine->lock);
  engine->playing = TRUE;   /* seen at once by is_playing; the worker wakes on the command */
  g_mutex_unlock (&engine->lock);
  send_simple (engine, CMD_PLAY, 0);
}

void
gs_engine_pause (GsEngine *engine)
{
  g_mutex_lock (&engine->lock);
  engine->playing = FALSE;
  g_mutex_unlock (&engine->lock);
  send_simple (engine, CMD_PAUSE, 0);
}

gboolean
gs_engine_is_playing (GsEngine *engine)
{
  gboolean playing;

  g_mutex_lock (&engine->lock);
  playing = engine->playing;
  g_mutex_unlock (&engine->lock);
  return playing;
}

void
gs_engine_step (GsEngine *engine)
{
  gs_engine_pause (engine);
  send_simple (engine, CMD_STEP, 0);
}

void
gs_engine_reset (GsEngine *engine, const double *start)
{
  Cmd *cmd = g_new0 (Cmd, 1);

  cmd->kind = CMD_RESET;
  if (start)
    {
      guint n = 0;

      g_mutex_lock (&engine->lock);
      if (engine->snapshots->len > 0)
        n = g_array_index (engine->snapshots, GsRunSnapshot, 0).n_params;
      g_mutex_unlock (&engine->lock);
      if (n > 0)
        cmd->start = g_memdup2 (start, sizeof (double) * n);
    }
  send (engine, cmd);
}

void
gs_engine_set_speed (GsEngine *engine, double steps_per_second)
{
  send_simple (engine, CMD_SPEED, isfinite (steps_per_second) ? MAX (steps_per_second, 0) : 0);
}

double
gs_engine_get_speed (GsEngine *engine)
{
  double speed;

  g_mutex_lock (&engine->lock);
  speed = engine->speed;
  g_mutex_unlock (&engine->lock);
  return speed;
}

void
gs_engine_set_history (GsEngine *engine, gboolean keep)
{
  send_simple (engine, CMD_HISTORY, keep ? 1 : 0);
}

void
gs_engine_rewind (GsEngine *engine, guint64 step)
{
  Cmd *cmd = g_new0 (Cmd, 1);

  cmd->kind = CMD_REWIND;
  cmd->step = step;
  send (engine, cmd);
}

GsHistory *
gs_engine_get_history (GsEngine *engine, guint run)
{
  GsHistory *h = NULL;

  g_mutex_lock (&engine->lock);
  if (run < engine->slots->len)
    {
      h = gs_run_get_history (g_array_index (engine->slots, Slot, run).run);
      if (h != NULL)
        gs_history_ref (h);
    }
  g_mutex_unlock (&engine->lock);
  return h;
}

void
gs_engine_set_config (GsEngine *engine, guint run, const GsRunConfig *config)
{
  Cmd *cmd = g_new0 (Cmd, 1);

  cmd->kind = CMD_CONFIG;
  cmd->run = run;
  cmd->config = *config;
  send (engine, cmd);
}

void
gs_engine_set_threshold (GsEngine *engine, double loss)
{
  send_simple (engine, CMD_THRESHOLD, loss);
}

void
gs_engine_call (GsEngine *engine, GsEngineCallFunc func, gpointer user_data)
{
  Cmd *cmd = g_new0 (Cmd, 1);

  cmd->kind = CMD_CALL;
  cmd->func = func;
  cmd->data = user_data;
  send (engine, cmd);
}

void
gs_engine_sync (GsEngine *engine)
{
  guint64 target;

  send_simple (engine, CMD_NOP, 0);
  g_mutex_lock (&engine->lock);
  target = engine->sent;
  while (engine->applied < target)
    g_cond_wait (&engine->applied_cond, &engine->lock);
  g_mutex_unlock (&engine->lock);
}

guint
gs_engine_get_generation (GsEngine *engine)
{
  guint generation;

  g_mutex_lock (&engine->lock);
  generation = engine->generation;
  g_mutex_unlock (&engine->lock);
  return generation;
}

guint64
gs_engine_get_layout_serial (GsEngine *engine)
{
  guint64 serial;

  g_mutex_lock (&engine->lock);
  serial = engine->layout_applied;
  g_mutex_unlock (&engine->lock);
  return serial;
}

gboolean
gs_engine_layout_pending (GsEngine *engine)
{
  gboolean pending;

  g_mutex_lock (&engine->lock);
  pending = engine->layout_applied != engine->layout_sent;
  g_mutex_unlock (&engine->lock);
  return pending;
}

guint
gs_engine_get_n_runs (GsEngine *engine)
{
  guint n;

  g_mutex_lock (&engine->lock);
  n = engine->snapshots->len;
  g_mutex_unlock (&engine->lock);
  return n;
}

gboolean
gs_engine_get_snapshot (GsEngine *engine, guint run, GsRunSnapshot *out)
{
  gboolean ok;

  g_mutex_lock (&engine->lock);
  ok = run < engine->snapshots->len;
  if (ok)
    *out = g_array_index (engine->snapshots, GsRunSnapshot, run);
  g_mutex_unlock (&engine->lock);
  return ok;
}

guint
gs_engine_copy_rows (GsEngine *engine, guint run, guint first, guint n, double *out,
                     guint *trace_generation)
{
  guint copied = 0;

  g_mutex_lock (&engine->lock);
  if (run < engine->slots->len)
    {
      GsTrace *trace = gs_run_get_trace (g_array_index (engine->slots, Slot, run).run);
      if (trace_generation)
        gs_trace_get_n_rows (trace, trace_generation);
      copied = gs_trace_copy_rows (trace, first, n, out);
    }
  g_mutex_unlock (&engine->lock);
  return copied;
}

guint
gs_engine_get_n_rows (GsEngine *engine, guint run, guint *trace_generation)
{
  return gs_engine_get_trace_state (engine, run, trace_generation, NULL);
}

guint
gs_engine_get_trace_state (GsEngine *engine, guint run, guint *trace_generation,
                           guint *n_stable)
{
  guint n = 0;

  g_mutex_lock (&engine->lock);
  if (run < engine->slots->len)
    n = gs_trace_get_state (gs_run_get_trace (g_array_index (engine->slots, Slot, run).run),
                            trace_generation, n_stable);
  g_mutex_unlock (&engine->lock);
  return n;
}

guint64
gs_engine_get_serial (GsEngine *engine)
{
  guint64 serial;

  g_mutex_lock (&engine->lock);
  serial = engine->serial;
  g_mutex_unlock (&engine->lock);
  return serial;
}
