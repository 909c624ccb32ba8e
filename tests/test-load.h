/* test-load.h — experiments from text in a test, and their errors */
#pragma once

#include "gs-experiment.h"

static inline GsExperiment *
load (const char *text, GError **error)
{
  return gs_experiment_new_from_data (text, -1, "exp.json", NULL, error);
}

/* Asserts that text fails to load with exactly this message. */
static inline void
assert_load_error (const char *text, const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsExperiment) exp = load (text, &error);

  g_assert_null (exp);
  g_assert_nonnull (error);
  if (g_strcmp0 (error->message, message) != 0)
    g_printerr ("got:      %s\nexpected: %s\n", error->message, message);
  g_assert_cmpstr (error->message, ==, message);
}
