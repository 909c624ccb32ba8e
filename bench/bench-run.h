/* bench-run.h — timing a run's steps (header only) */
#pragma once

#include <stdio.h>

#include "bench-common.h"
#include "gs-run.h"

/* reps repetitions of steps steps of run, each from a reset (row 0 and its
 * evaluation outside the clock): the best steps/s into *best, every one
 * appended to all (" 2.4e+07 …"). FALSE, said on stderr as who, when the
 * run ended before its steps. */
static inline gboolean
bench_time_run (GsRun *run, guint64 steps, guint reps, const char *who, double *best,
                GString *all)
{
  for (guint r = 0; r < reps; r++)
    {
      double t0, t1, rate;

      gs_run_reset (run);
      t0 = bench_now ();
      for (guint64 i = 0; i < steps; i++)
        gs_run_step (run);
      t1 = bench_now ();
      if (gs_run_get_status (run) != GS_STATUS_RUNNING)
        {
          fprintf (stderr, "%s: the run ended early (%s)\n", who,
                   gs_status_to_string (gs_run_get_status (run)));
          return FALSE;
        }
      rate = (double) steps / (t1 - t0);
      *best = MAX (*best, rate);
      g_string_append_printf (all, " %.4g", rate);
    }
  return TRUE;
}
