/* gs-types.c */
#include "gs-types.h"

#include <glib/gi18n-lib.h>
#include <math.h>


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

char *
gs_format_double (char *buf, double v)
{
  for (int prec = 1; prec <= 17; prec++)
    {
      char fmt[8];

      g_snprintf (fmt, sizeof fmt, "%%.%dg", prec);
      g_ascii_formatd (buf, GS_DOUBLE_BUF_SIZE, fmt, v);
      if (g_ascii_strtod (buf, NULL) == v)
        break;
    }
  return buf;
}

void
gs_i18n_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      const char *dir = g_getenv ("GRADSCOPE_LOCALEDIR");

      /* run from the build tree: the catalogs built there */
      if (dir == NULL || *dir == '\0')
        dir = g_file_test (GS_BUILD_LOCALEDIR, G_FILE_TEST_IS_DIR) ? GS_BUILD_LOCALEDIR
                                                                   : GS_LOCALEDIR;
      bindtextdomain (GETTEXT_PACKAGE, dir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      g_once_init_leave (&done, 1);
    }
}

char *
gs_format_duration (double s)
{
  if (!isfinite (s))
    return g_strdup ("—");
  if (s < 1e-3)
    /* TRANSLATORS: a wall time in microseconds */
    return g_strdup_printf (_("%.0f µs"), s * 1e6);
  if (s < 1)
    /* TRANSLATORS: a wall time in milliseconds */
    return g_strdup_printf (_("%.1f ms"), s * 1e3);
  /* TRANSLATORS: a wall time in seconds */
  return g_strdup_printf (_("%.2f s"), s);
}
