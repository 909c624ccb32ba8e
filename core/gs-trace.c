/* gs-trace.c
 *
 * Rows are kept at a stride that doubles each time the buffer fills: the
 * buffer then keeps row 0 and, of every two neighbouring rows, the one with
 * the larger loss in even pairs and the smaller in odd pairs, so spikes and
 * dips survive (min–max decimation). The newest row is always kept, as a
 * provisional last row that the next append replaces unless it falls on
 * the stride. Memory is fixed at construction. */
#include "gs-trace.h"

#include <math.h>
#include <string.h>

#define DEFAULT_BUDGET (4u << 20)   /* bytes of rows per trace */

struct _GsTrace
{
  GMutex   lock;
  guint    n_params;
  gsize    width;          /* doubles per row */
  guint    capacity;       /* rows (even) */
  guint    n_rows;
  guint    generation;     /* bumped when kept rows are rewritten */
  guint64  stride;         /* rows whose step is a multiple of it are kept */
  gboolean last_provisional;
  double  *rows;           /* capacity × width */
};

GsTrace *
gs_trace_new (guint n_params, guint capacity)
{
  GsTrace *trace = g_new0 (GsTrace, 1);

  trace->n_params = n_params;
  trace->width = GS_ROW_FIELDS + n_params;
  if (capacity == 0)
    capacity = CLAMP (DEFAULT_BUDGET / (trace->width * sizeof (double)), 512, 65536);
  trace->capacity = MAX (capacity & ~1u, 4);
  trace->rows = g_new (double, trace->capacity * trace->width);
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
  g_free (trace);
}

void
gs_trace_clear (GsTrace *trace)
{
  g_mutex_lock (&trace->lock);
  trace->n_rows = 0;
  trace->stride = 1;
  trace->last_provisional = FALSE;
  trace->generation++;
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

static double
row_level (const GsRow *row)
{
  return isnan (row->loss) ? row->batch_loss : row->loss;
}

/* Halves the rows: keeps row 0, then one of each pair (min–max). */
static void
decimate (GsTrace *trace)
{
  gsize w = trace->width;
  guint kept = 1;

  for (guint pair = 1; 2 * pair < trace->n_rows; pair++)
    {
      GsRow *a = gs_row_at (trace->rows, w, 2 * pair - 1);
      GsRow *b = gs_row_at (trace->rows, w, 2 * pair);
      gboolean want_max = pair % 2 == 0;
      GsRow *keep = (row_level (b) > row_level (a)) == want_max ? b : a;

      memmove (gs_row_at (trace->rows, w, kept), keep, w * sizeof (double));
      kept++;
    }
  if (trace->n_rows % 2 == 0)   /* the unpaired newest row */
    {
      memmove (gs_row_at (trace->rows, w, kept),
               gs_row_at (trace->rows, w, trace->n_rows - 1), w * sizeof (double));
      kept++;
    }
  trace->n_rows = kept;
  trace->stride *= 2;
  trace->generation++;
}

void
gs_trace_append (GsTrace *trace, const GsRow *row)
{
  g_mutex_lock (&trace->lock);

  if (trace->last_provisional)
    trace->n_rows--;
  if (trace->n_rows == trace->capacity)
    decimate (trace);

  memcpy (gs_row_at (trace->rows, trace->width, trace->n_rows), row,
          trace->width * sizeof (double));
  trace->n_rows++;
  trace->last_provisional = ((guint64) row->step & (trace->stride - 1)) != 0;

  g_mutex_unlock (&trace->lock);
}

void
gs_trace_replace_last (GsTrace *trace, const GsRow *row)
{
  g_mutex_lock (&trace->lock);
  if (trace->n_rows > 0)
    memcpy (gs_row_at (trace->rows, trace->width, trace->n_rows - 1), row,
            trace->width * sizeof (double));
  g_mutex_unlock (&trace->lock);
}

guint
gs_trace_get_n_rows (GsTrace *trace, guint *generation)
{
  guint n;

  g_mutex_lock (&trace->lock);
  n = trace->n_rows;
  if (generation)
    *generation = trace->generation;
  g_mutex_unlock (&trace->lock);
  return n;
}

guint
gs_trace_copy_rows (GsTrace *trace, guint first, guint n, double *out)
{
  g_mutex_lock (&trace->lock);
  if (first >= trace->n_rows)
    n = 0;
  else
    n = MIN (n, trace->n_rows - first);
  memcpy (out, trace->rows + trace->width * first, n * trace->width * sizeof (double));
  g_mutex_unlock (&trace->lock);
  return n;
}
