/* cli-common.h — what every gradscope-cli command shares */
#pragma once

#include <glib.h>

#include "gs-experiment.h"

/* Exit status of every command (README "gradscope-cli"). */
enum
{
  EXIT_OK = 0,
  EXIT_RUN_FAILED = 1,   /* a run diverged, or an output could not be written */
  EXIT_BAD_INPUT = 2,    /* bad experiment, flag or usage */
};

/* What an output file holds, for the messages about it. */
typedef enum
{
  GS_CLI_OUTPUT_FIGURE,
  GS_CLI_OUTPUT_GRID,
  GS_CLI_OUTPUT_TABLE,    /* a study's CSV */
} GsCliOutput;

/* Says what was wrong with the command line (a translated message), and
 * how to get its help, on standard error; returns EXIT_BAD_INPUT. */
int           gs_cli_usage_error      (const char *message);
/* The same with a printf format (translated) and its arguments. */
int           gs_cli_usage_errorf     (const char *format, ...) G_GNUC_PRINTF (1, 2);
/* Fails early, before any run, when path (a figure or the landscape's
 * grid) could not be written: no such folder, not writable, or path a
 * folder. */
gboolean      gs_cli_check_output_dir (const char *path, GsCliOutput what, GError **error);
/* text into path whole or not at all (a temporary file beside it renamed
 * over it); "-" is the standard output */
gboolean      gs_cli_write_text       (const char *path, const GString *text, GsCliOutput what,
                                       GError **error);
/* Terminal columns a UTF-8 string takes (CJK characters take two) */
guint         gs_cli_display_width    (const char *s);
/* s left-aligned (or, right, right-aligned) in width terminal columns */
void          gs_cli_pad              (GString *out, const char *s, guint width, gboolean right);
/* "3 runs", "1 parameter": a count with its noun, in the user's language
 * (new strings). */
char         *gs_cli_n_runs           (guint n);
char         *gs_cli_n_params         (guint n);
/* The command's experiment: arg a file, "builtin:NAME", "lesson:ID" (a
 * built-in lesson, core/gs-lessons.h) or NULL (the default), max_steps ≥ 0
 * overriding its own. NULL, said on standard error, when it does not load. */
GsExperiment *gs_cli_load_experiment  (const char *arg, gint64 max_steps);
/* What a command that takes [EXP.json] and --lesson ID loads: the file
 * (argv[1] when argc is 2), "lesson:ID", or NULL for the default; a new
 * string. FALSE, said as a usage error, when both are given. */
gboolean      gs_cli_experiment_arg   (int argc, char **argv, const char *lesson,
                                       char **arg);
