/* gs-trace.c
 *
 * Min–max decimation in buckets of `stride` steps: of every bucket the trace
 * keeps the row with the lowest and the row with the highest loss (in step
 * order), so spikes and dips survive however long the run goes. Row 0 is
 * always kept. When the buffer fills, the stride doubles and neighbouring
 * buckets merge, again keeping their min and max. The bucket being filled
 * sits at the end of the buffer as up to three rows (its min, its max and
 * the newest row), rewritten on every append: rows before `n_stable` never
 * change until the generation changes. Memory is fixed at construction. */
#include "gs-trace.h"

#include <math.h>
#include <string.h>

#define DEFAULT_BUDGET (4u << 20)   /* bytes of rows per trace */
#define TAIL 3                      /* rows of the open bucket: min, max, newest */

struct _GsTrace
{
  GMutex   lock;
  guint    n_params;
  gsize    width;          /* doubles per row */
  guint    capacity;       /* rows */
  guint    n_stable;       /* closed rows: row 0 and the min/max of closed buckets */
  guint    n_rows;         /* n_stable + the open bucket's rows */
  guint    generation;     /* bumped when closed rows are rewritten */
  guint64  stride;         /* steps per bucket, a power of two */
  guint64  bucket;         /* index of the open bucket */
  gboolean open;           /* the open bucket holds rows */
  gboolean tail_dirty;     /* rows after n_stable lag behind lo/hi/last */
  double  *rows;           /* capacity × width */
  double  *lo, *hi, *last; /* the open bucket's min, max and newest row */
};

GsTrace *
gs_trace_new (guint n_params, guint capacity)
{
  GsTrace *trace = g_new0 (GsTrace, 1);

  trace->n_params = n_params;
  trace->width = GS_ROW_FIELDS + n_params;
  if (capacity == 0)
    capacity = CLAMP (DEFAULT_BUDGET / (trace->width * sizeof (double)), 512, 65536);
  trace->capacity = MAX (capacity, 16);
  trace->rows = g_new (double, (gsize) trace->capacity * trace->width);
  trace->lo = g_new (double, 3 * trace->width);
  trace->hi = trace->lo + trace->width;
  trace->last = trace->hi + trace->width;
  trace->stride = 1;
  g_mutex_init (&trace->lock);
  return trace;
}

void
gs_trace_free (GsTrace *trace)
{
  if (trace == NULL)
    return;
  g_mutex_clear (&trace->lock);
  g_free (trace->rows);
  g_free (trace->lo);
  g_free (trace);
}

void
gs_trace_clear (GsTrace *trace)
{
  g_mutex_lock (&trace->lock);
  trace->n_rows = trace->n_stable = 0;
  trace->stride = 1;
  trace->open = FALSE;
  trace->tail_dirty = FALSE;
  /* a new epoch: the high bits count clears, the low ones decimations */
  trace->generation = (trace->generation & ~(guint) GS_TRACE_DECIMATIONS) + GS_TRACE_DECIMATIONS + 1;
  g_mutex_unlock (&trace->lock);
}

guint
gs_trace_get_n_params (GsTrace *trace)
{
  return trace->n_params;
}

guint
gs_trace_get_capacity (GsTrace *trace)
{
  return trace->capacity;
}

gsize
gs_trace_row_width (GsTrace *trace)
{
  return trace->width;
}

static inline GsRow *
at (GsTrace *trace, guint i)
{
  return gs_row_at (trace->rows, trace->width, i);
}

/* The level decimation compares: the loss, or the minibatch loss where the
 * full loss was not evaluated. NAN compares as neither lower nor higher. */
static double
level (const double *row)
{
  const GsRow *r = (const GsRow *) row;

  return isnan (r->loss) ? r->batch_loss : r->loss;
}

/* Whether a bucket keeps row a rather than b as its lowest (sign −1) or
 * highest (sign +1): a row whose full loss was evaluated wins over one
 * without (a minibatch run evaluating every k steps keeps its loss curve
 * however far it is thinned), then the level decides. */
static gboolean
keeps (const double *a, const double *b, int sign)
{
  gboolean a_full = !isnan (((const GsRow *) a)->loss);
  gboolean b_full = !isnan (((const GsRow *) b)->loss);

  if (a_full != b_full)
    return a_full;
  return sign < 0 ? level (a) < level (b) : level (a) > level (b);
}

/* Writes the distinct rows of {a, b, c} in step order at position i;
 * returns how many. */
static guint
put_ordered (GsTrace *trace, guint i, const double *a, const double *b, const double *c)
{
  const double *set[3] = { a, b, c };
  guint n = 0;

  /* sort three by step, dropping repeats */
  for (guint x = 0; x < 3; x++)
    for (guint y = x + 1; y < 3; y++)
      if (set[y] && set[x] && ((const GsRow *) set[y])->step < ((const GsRow *) set[x])->step)
        {
          const double *t = set[x];
          set[x] = set[y];
          set[y] = t;
        }
  for (guint x = 0; x < 3; x++)
    {
      if (set[x] == NULL)
        continue;
      if (n > 0 && at (trace, i + n - 1)->step == ((const GsRow *) set[x])->step)
        continue;
      memcpy (at (trace, i + n), set[x], trace->width * sizeof (double));
      n++;
    }
  return n;
}

/* Doubles the stride until at most half the buffer is used: neighbouring
 * closed buckets merge, keeping the min and max of each merged bucket (so a
 * first doubling of single-row buckets frees nothing, the next halves).
 * Row 0 stays. */
static void
decimate (GsTrace *trace)
{
  gsize w = trace->width;
  g_autofree double *lo = g_new (double, w);
  g_autofree double *hi = g_new (double, w);

  do
    {
      guint kept = 1;
      guint i = 1;

      trace->stride *= 2;
      while (i < trace->n_stable)
        {
          guint64 bucket = (guint64) at (trace, i)->step / trace->stride;

          memcpy (lo, at (trace, i), w * sizeof (double));
          memcpy (hi, lo, w * sizeof (double));
          for (i++; i < trace->n_stable && (guint64) at (trace, i)->step / trace->stride == bucket; i++)
            {
              if (keeps ((const double *) at (trace, i), lo, -1))
                memcpy (lo, at (trace, i), w * sizeof (double));
              if (keeps ((const double *) at (trace, i), hi, +1))
                memcpy (hi, at (trace, i), w * sizeof (double));
            }
          kept += put_ordered (trace, kept, lo, hi, NULL);
        }
      trace->n_stable = kept;
    }
  while (trace->n_stable > trace->capacity / 2);
  trace->generation++;
}

void
gs_trace_append (GsTrace *trace, const GsRow *row)
{
  const double *r = (const double *) row;
  gsize bytes = trace->width * sizeof (double);
  guint64 step = (guint64) row->step;

  g_mutex_lock (&trace->lock);

  if (trace->n_stable == 0)
    {
      /* row 0 is kept as it is */
      memcpy (at (trace, 0), r, bytes);
      trace->n_stable = trace->n_rows = 1;
      trace->tail_dirty = FALSE;
      g_mutex_unlock (&trace->lock);
      return;
    }

  if (trace->open && step / trace->stride != trace->bucket)
    {
      /* close the open bucket: its min and max become stable rows; room is
       * left for the next open bucket (one row while every step is kept) */
      guint closing = ((GsRow *) trace->lo)->step == ((GsRow *) trace->hi)->step ? 1 : 2;
      guint tail = trace->stride == 1 ? 1 : TAIL;

      if (trace->n_stable + closing + tail > trace->capacity)
        decimate (trace);
      trace->n_stable += put_ordered (trace, trace->n_stable, trace->lo, trace->hi, NULL);
      trace->open = FALSE;
      /* a bucket that closed after decimation may now share its index with
       * the last stable rows; it stays separate until the next decimation */
    }

  if (!trace->open)
    {
      trace->open = TRUE;
      trace->bucket = step / trace->stride;
      memcpy (trace->lo, r, bytes);
      memcpy (trace->hi, r, bytes);
    }
  else
    {
      if (keeps (r, trace->lo, -1))
        memcpy (trace->lo, r, bytes);
      if (keeps (r, trace->hi, +1))
        memcpy (trace->hi, r, bytes);
    }
  memcpy (trace->last, r, bytes);
  /* the tail rows are written when someone reads them, not on every step */
  trace->tail_dirty = TRUE;
  g_mutex_unlock (&trace->lock);
}

/* Writes the open bucket's rows after the stable ones; lock held. */
static void
settle (GsTrace *trace)
{
  if (!trace->tail_dirty)
    return;
  trace->n_rows = trace->n_stable;
  if (trace->open)
    trace->n_rows += put_ordered (trace, trace->n_stable, trace->lo, trace->hi, trace->last);
  trace->tail_dirty = FALSE;
}

void
gs_trace_truncate (GsTrace *trace, guint64 step)
{
  g_mutex_lock (&trace->lock);
  settle (trace);
  /* rows are in step order: keep those before `step` */
  while (trace->n_rows > 0 && at (trace, trace->n_rows - 1)->step >= (double) step)
    trace->n_rows--;
  trace->n_stable = trace->n_rows;
  trace->open = FALSE;
  trace->tail_dirty = FALSE;
  /* the open bucket's rows went stable: room for a new one */
  if (trace->n_stable + TAIL > trace->capacity)
    decimate (trace);
  /* readers start over, as after a clear */
  trace->generation = (trace->generation & ~(guint) GS_TRACE_DECIMATIONS) + GS_TRACE_DECIMATIONS + 1;
  g_mutex_unlock (&trace->lock);
}

void
gs_trace_replace_last (GsTrace *trace, const GsRow *row)
{
  g_mutex_lock (&trace->lock);
  settle (trace);
  if (trace->n_rows > 0 && at (trace, trace->n_rows - 1)->step == row->step)
    {
      memcpy (at (trace, trace->n_rows - 1), row, trace->width * sizeof (double));
      if (trace->open && ((GsRow *) trace->last)->step == row->step)
        {
          gsize bytes = trace->width * sizeof (double);
          memcpy (trace->last, row, bytes);
          if (((GsRow *) trace->lo)->step == row->step)
            memcpy (trace->lo, row, bytes);
          if (((GsRow *) trace->hi)->step == row->step)
            memcpy (trace->hi, row, bytes);
        }
    }
  g_mutex_unlock (&trace->lock);
}

guint
gs_trace_get_n_rows (GsTrace *trace, guint *generation)
{
  return gs_trace_get_state (trace, generation, NULL);
}

guint
gs_trace_get_state (GsTrace *trace, guint *generation, guint *n_stable)
{
  guint n;

  g_mutex_lock (&trace->lock);
  settle (trace);
  n = trace->n_rows;
  if (generation)
    *generation = trace->generation;
  if (n_stable)
    *n_stable = trace->n_stable;
  g_mutex_unlock (&trace->lock);
  return n;
}

guint
gs_trace_copy_rows (GsTrace *trace, guint first, guint n, double *out)
{
  g_mutex_lock (&trace->lock);
  settle (trace);
  if (first >= trace->n_rows)
    n = 0;
  else
    n = MIN (n, trace->n_rows - first);
  memcpy (out, trace->rows + trace->width * first, n * trace->width * sizeof (double));
  g_mutex_unlock (&trace->lock);
  return n;
}

/* Every row whose loss is below `loss` either is held or was dropped from a
 * bucket whose kept minimum is also below it (the minimum is kept as buckets
 * merge), so the first held row below it is a real crossing at or after the
 * first one; it is the first one when no row before it was dropped, as
 * always before the first decimation. One caveat: a bucket ranks rows whose
 * full loss was not evaluated by their minibatch loss, so in a minibatch run
 * a decimated trace can have dropped every evaluated row below `loss`. */
gboolean
gs_trace_find_first_below (GsTrace *trace, double loss, guint64 *step)
{
  gboolean found = FALSE;

  g_mutex_lock (&trace->lock);
  settle (trace);
  for (guint i = 0; i < trace->n_rows && !found; i++)
    if (at (trace, i)->loss < loss)   /* false for a NAN loss */
      {
        *step = (guint64) at (trace, i)->step;
        found = TRUE;
      }
  g_mutex_unlock (&trace->lock);
  return found;
}
