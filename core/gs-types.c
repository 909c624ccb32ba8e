/* gs-types.c */
#include "gs-types.h"

G_DEFINE_QUARK (gs-error-quark, gs_error)

const char *
gs_status_to_string (GsStatus status)
{
  switch (status)
    {
    case GS_STATUS_RUNNING:   return "running";
    case GS_STATUS_CONVERGED: return "converged";
    case GS_STATUS_MAX_STEPS: return "max_steps";
    case GS_STATUS_DIVERGED:  return "diverged";
    default:                  return "unknown";
    }
}
