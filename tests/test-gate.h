/* test-gate.h — holding the engine's worker still at a known point
 *
 * gs_engine_call (engine, gs_test_gate_wait, &gate) parks the worker until
 * the test calls gs_test_gate_open: commands sent meanwhile are queued and
 * not applied, so a test sees the state between sending and applying. */
#pragma once

#include "gs-engine.h"

typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean open;
} GsTestGate;

static inline void
gs_test_gate_init (GsTestGate *gate)
{
  g_mutex_init (&gate->lock);
  g_cond_init (&gate->cond);
  gate->open = FALSE;
}

static inline void
gs_test_gate_clear (GsTestGate *gate)
{
  g_cond_clear (&gate->cond);
  g_mutex_clear (&gate->lock);
}

/* On the worker: waits until the test opens the gate. */
static inline void
gs_test_gate_wait (GsRun *const *runs, guint n_runs, gpointer data)
{
  GsTestGate *gate = data;

  g_mutex_lock (&gate->lock);
  while (!gate->open)
    g_cond_wait (&gate->cond, &gate->lock);
  g_mutex_unlock (&gate->lock);
}

static inline void
gs_test_gate_open (GsTestGate *gate)
{
  g_mutex_lock (&gate->lock);
  gate->open = TRUE;
  g_cond_broadcast (&gate->cond);
  g_mutex_unlock (&gate->lock);
}
