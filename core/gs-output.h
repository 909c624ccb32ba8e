/* gs-output.h — files written whole or not at all, and never over a device
 *
 * A regular file, or a path where nothing is yet, is written as a
 * temporary file beside it and renamed over it once everything was written
 * (fsync first), so it appears whole or not at all and a failure leaves
 * the old one as it was. A new file gets 0666 less the umask; a replaced
 * one keeps its mode. A symlink to a regular file replaces the file it
 * names (the link stays a link). Anything else — a FIFO, /dev/null or
 * another device, a symlink to one, a dangling symlink — is opened and
 * written directly, as a shell redirection would: renaming over it would
 * replace the device or pipe with a file. "-", and a path that is the file
 * or pipe behind the standard output or error (/dev/stdout, or the file it
 * is redirected to), are written through that stream. */
#pragma once

#include <glib.h>
#include <stdio.h>

G_BEGIN_DECLS

typedef struct
{
  FILE     *file;       /* write here */
  gboolean  failed;
  int       error;      /* errno of the first failure */
  /* private */
  char     *tmp_path;   /* the file written, renamed to target at the end; NULL: written directly */
  char     *target;
} GsOutput;

/* FALSE (out->error set, nothing left behind) when path cannot be written */
gboolean gs_output_open  (GsOutput *out, const char *path);
/* Marks the output failed, keeping the first cause */
void     gs_output_fail  (GsOutput *out, int error);
/* Flushes and closes; a temporary file replaces its target only when
 * everything was written, and is removed otherwise. TRUE: all written. */
gboolean gs_output_close (GsOutput *out);
/* data (len bytes) to path as above; FALSE with the errno in *error_code */
gboolean gs_output_write_all (const char *path, const void *data, gsize len, int *error_code);

G_END_DECLS
