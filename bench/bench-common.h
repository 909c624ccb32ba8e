/* bench-common.h — timing helpers shared by the benchmarks (header only) */
#pragma once

#include <glib.h>
#include <string.h>
#include <time.h>

/* Monotonic wall clock in seconds, nanosecond resolution. */
static inline double
bench_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

/* Keeps a computed value alive so the compiler cannot drop its loop. */
static inline void
bench_keep (double v)
{
  __asm__ volatile ("" : : "x" (v) : "memory");
}

/* --name=value or --name value; returns the value or NULL. */
static inline const char *
bench_arg (int argc, char **argv, const char *name)
{
  gsize len = strlen (name);

  for (int i = 1; i < argc; i++)
    {
      if (strncmp (argv[i], name, len) != 0)
        continue;
      if (argv[i][len] == '=')
        return argv[i] + len + 1;
      if (argv[i][len] == '\0' && i + 1 < argc)
        return argv[i + 1];
    }
  return NULL;
}

/* --name alone: TRUE when given */
static inline gboolean
bench_arg_flag (int argc, char **argv, const char *name)
{
  for (int i = 1; i < argc; i++)
    if (strcmp (argv[i], name) == 0)
      return TRUE;
  return FALSE;
}

static inline guint64
bench_arg_u64 (int argc, char **argv, const char *name, guint64 def)
{
  const char *s = bench_arg (argc, argv, name);

  return s ? g_ascii_strtoull (s, NULL, 10) : def;
}
