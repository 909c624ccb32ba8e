/* test-cli-run.h — running gradscope-cli (GS_CLI) from a test */
#pragma once

#include <glib.h>
#include <sys/wait.h>

typedef struct
{
  int   status;   /* exit code */
  char *out;
  char *err;
} Result;

static inline void
result_clear (Result *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static inline Result
cli_va (GSpawnChildSetupFunc setup, const char *first, va_list args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Result r = { 0 };
  int wait_status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("GS_CLI"));
  for (const char *a = first; a; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT,
                               setup, NULL, &r.out, &r.err, &wait_status, &error));
  g_assert_no_error (error);
  /* a crash says what the program said before it */
  if (!WIFEXITED (wait_status))
    g_error ("gradscope-cli %s … ended by signal %d; its standard error:\n%s", first,
             WIFSIGNALED (wait_status) ? WTERMSIG (wait_status) : -1, r.err);
  r.status = WEXITSTATUS (wait_status);
  return r;
}

/* Runs gradscope-cli with the arguments (NULL-terminated). */
static inline Result
cli (const char *first, ...)
{
  Result r;
  va_list args;

  va_start (args, first);
  r = cli_va (NULL, first, args);
  va_end (args);
  return r;
}

/* The same, with setup run in the child before it starts. */
static inline Result
cli_with_setup (GSpawnChildSetupFunc setup, const char *first, ...)
{
  Result r;
  va_list args;

  va_start (args, first);
  r = cli_va (setup, first, args);
  va_end (args);
  return r;
}
