/* gs-output.c — files written whole or not at all (see the header) */
#include "gs-output.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

void
gs_output_fail (GsOutput *out, int error)
{
  if (out->failed)
    return;
  out->failed = TRUE;
  out->error = error;
}

static gboolean
same_file (const struct stat *st, int fd)
{
  struct stat other;

  return fstat (fd, &other) == 0 && other.st_dev == st->st_dev && other.st_ino == st->st_ino;
}

gboolean
gs_output_open (GsOutput *out, const char *path)
{
  struct stat lst, st;
  const char *target = path;
  g_autofree char *resolved = NULL;
  mode_t keep_mode = 0;
  gboolean replace = FALSE;   /* an existing file: keep its mode */
  int fd;

  out->file = NULL;
  out->failed = FALSE;
  out->error = 0;
  out->tmp_path = out->target = NULL;
  if (g_str_equal (path, "-"))
    {
      out->file = stdout;
      return TRUE;
    }
  if (lstat (path, &lst) != 0)
    {
      if (errno != ENOENT)
        {
          out->error = errno;
          return FALSE;
        }
    }
  else if (stat (path, &st) == 0 && !S_ISCHR (st.st_mode)
           && (same_file (&st, STDOUT_FILENO) || same_file (&st, STDERR_FILENO)))
    {
      /* a second open of the file or pipe behind a standard stream would
       * write over it (or a rename orphan it): write through the stream */
      out->file = same_file (&st, STDOUT_FILENO) ? stdout : stderr;
      return TRUE;
    }
  else if (S_ISREG (lst.st_mode))
    {
      replace = TRUE;
      keep_mode = lst.st_mode & 07777;
    }
  else if (S_ISLNK (lst.st_mode) && stat (path, &st) == 0 && S_ISREG (st.st_mode))
    {
      resolved = realpath (path, NULL);
      if (resolved == NULL)
        {
          out->error = errno;
          return FALSE;
        }
      target = resolved;
      replace = TRUE;
      keep_mode = st.st_mode & 07777;
    }
  else
    {
      fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
      if (fd < 0 || (out->file = fdopen (fd, "w")) == NULL)
        {
          out->error = errno;
          if (fd >= 0)
            close (fd);
          return FALSE;
        }
      return TRUE;
    }

  {
    g_autofree char *dir = g_path_get_dirname (target);
    g_autofree char *base = g_path_get_basename (target);
    g_autofree char *tmpl = g_strdup_printf (".%s.XXXXXX", base);

    out->tmp_path = g_build_filename (dir, tmpl, NULL);
  }
  /* the mode goes to open(), so the umask applies as to any new file */
  fd = g_mkstemp_full (out->tmp_path, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      out->error = errno;
      g_clear_pointer (&out->tmp_path, g_free);
      return FALSE;
    }
  /* best effort: where the mode cannot be set, the new file keeps its own */
  if (replace && fchmod (fd, keep_mode) != 0)
    g_debug ("%s: cannot keep the mode of %s", out->tmp_path, target);
  out->file = fdopen (fd, "w");
  if (out->file == NULL)
    {
      out->error = errno;
      close (fd);
      g_unlink (out->tmp_path);
      g_clear_pointer (&out->tmp_path, g_free);
      return FALSE;
    }
  out->target = g_strdup (target);
  setvbuf (out->file, NULL, _IOFBF, 1 << 16);
  return TRUE;
}

gboolean
gs_output_close (GsOutput *out)
{
  if (out->file == NULL)
    return !out->failed;
  if (out->file == stdout || out->file == stderr)
    {
      if (fflush (out->file) != 0)
        gs_output_fail (out, errno);
      out->file = NULL;
      return !out->failed;
    }
  if (fflush (out->file) != 0)
    gs_output_fail (out, errno);
  /* on disk before the rename, so a crash leaves the old file or the new */
  if (out->tmp_path != NULL && !out->failed && fsync (fileno (out->file)) != 0)
    gs_output_fail (out, errno);
  if (fclose (out->file) != 0)
    gs_output_fail (out, errno);
  out->file = NULL;
  if (out->tmp_path != NULL)
    {
      if (!out->failed && g_rename (out->tmp_path, out->target) != 0)
        gs_output_fail (out, errno);
      if (out->failed)
        g_unlink (out->tmp_path);
      g_clear_pointer (&out->tmp_path, g_free);
      g_clear_pointer (&out->target, g_free);
    }
  return !out->failed;
}

gboolean
gs_output_write_all (const char *path, const void *data, gsize len, int *error_code)
{
  GsOutput out;

  if (!gs_output_open (&out, path))
    {
      *error_code = out.error;
      return FALSE;
    }
  if (len > 0 && fwrite (data, 1, len, out.file) != len)
    gs_output_fail (&out, errno ? errno : EIO);
  if (!gs_output_close (&out))
    {
      *error_code = out.error;
      return FALSE;
    }
  return TRUE;
}
