/* gs-trace.h — a run's rows, bounded in memory by decimation */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One row k: θ_k after k updates and what was measured there. Stored flat
 * as doubles, GS_ROW_FIELDS of them followed by θ. */
typedef struct
{
  double step;          /* k, exact as a double up to 2⁵³ */
  double loss;          /* full objective at θ_k; NAN where it was not evaluated */
  double grad_norm;     /* ‖∇objective(θ_k)‖; NAN where not evaluated */
  double lr;            /* lr used for the update θ_k → θ_k+1 */
  double batch_loss;    /* minibatch objective at θ_k for that update; NAN for full batch */
  double val_loss;      /* objective on the held-out rows; NAN without them or where
                         * the loss was not evaluated */
  double accuracy;      /* fraction of training rows classified right; NAN for
                         * regression, functions, or where not evaluated */
  double val_accuracy;  /* the same on the held-out rows */
  double theta[];       /* n_params values */
} GsRow;

/* Doubles before θ. Code that reads rows uses this and G_STRUCT_OFFSET
 * (GsRow, …), never a number: fields may be added before θ. */
#define GS_ROW_FIELDS 8
G_STATIC_ASSERT (G_STRUCT_OFFSET (GsRow, theta) == GS_ROW_FIELDS * sizeof (double));

typedef struct _GsTrace GsTrace;

/* capacity: rows kept before decimation (0 = from a default memory budget) */
GsTrace      *gs_trace_new         (guint n_params, guint capacity);
void          gs_trace_free        (GsTrace *trace);
void          gs_trace_clear       (GsTrace *trace);
guint         gs_trace_get_n_params (GsTrace *trace);
guint         gs_trace_get_capacity (GsTrace *trace);

/* Thread-safe: the worker appends while the UI reads. */
void          gs_trace_append      (GsTrace *trace, const GsRow *row);
/* Drops every row from `step` on, for a run rewound to `step`, whose row
 * is appended next; readers start over (a new epoch). */
void          gs_trace_truncate    (GsTrace *trace, guint64 step);
/* Rewrites the newest row (its settings changed before its update). */
void          gs_trace_replace_last (GsTrace *trace, const GsRow *row);
/* Rows now held; *generation changes whenever stable rows were rewritten
 * (decimation, clear), so a reader knows to start over. Its low bits
 * (GS_TRACE_DECIMATIONS) count decimations, the others clears: when only the
 * low bits changed the rows are a thinned-out subset of the same walk (the
 * rows a reader drew are still where the run went); when the high bits
 * changed, the walk started over. */
#define GS_TRACE_DECIMATIONS 0xFFFFu
#define GS_TRACE_EPOCH(generation) ((generation) >> 16)
guint         gs_trace_get_n_rows  (GsTrace *trace, guint *generation);
/* Also *n_stable: rows before it stay as they are until the generation
 * changes; the rows after it (the bucket being filled, with the newest row
 * last) may be rewritten by the next append, so a reader copies them again. */
guint         gs_trace_get_state   (GsTrace *trace, guint *generation, guint *n_stable);
/* Copies rows [first, first + n) into out (n × row width doubles). */
guint         gs_trace_copy_rows   (GsTrace *trace, guint first, guint n,
                                    double *out);
gsize         gs_trace_row_width   (GsTrace *trace);   /* doubles per row */
/* The step of the first held row whose loss is below `loss` (rows where the
 * loss was not evaluated do not count); FALSE when there is none. Exact
 * until the trace first decimates; after that a step at which the loss
 * was below, possibly later than the first such step (see gs-trace.c). */
gboolean      gs_trace_find_first_below (GsTrace *trace, double loss,
                                         guint64 *step);

static inline GsRow *
gs_row_at (double *rows, gsize width, guint i)
{
  return (GsRow *) (rows + width * i);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsTrace, gs_trace_free)

G_END_DECLS
