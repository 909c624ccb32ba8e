/* test-trace.c — a run's rows: order, decimation, generations, threads */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "gs-trace.h"

#define N_PARAMS 3

/* What the writer stores at step k; a reader checks rows against it. */
static double
theta_at (double step, guint j)
{
  return step * (j + 1) - 0.25 * j;
}

static double
loss_at (double step)
{
  return 1.0 + fmod (step, 7.0);
}

static GsRow *
row_new (GsTrace *trace)
{
  return (GsRow *) g_new0 (double, gs_trace_row_width (trace));
}

static void
row_fill (GsRow *row, guint n_params, guint64 step, double loss)
{
  row->step = (double) step;
  row->loss = loss;
  row->grad_norm = 0.5 * (double) step;
  row->lr = 1.0 / ((double) step + 1.0);
  row->batch_loss = NAN;
  /* the metric fields travel with their row */
  row->val_loss = -(double) step;
  row->accuracy = 0.25 * (double) step;
  row->val_accuracy = (double) step + 0.5;
  for (guint j = 0; j < n_params; j++)
    row->theta[j] = theta_at ((double) step, j);
}

/* A row is what the writer stored at its step (loss: when want_loss). */
static void
assert_row_consistent (const GsRow *row, guint n_params, gboolean want_loss)
{
  g_assert_cmpfloat (row->step, >=, 0);
  g_assert_cmpfloat (row->step, ==, floor (row->step));
  if (want_loss)
    g_assert_cmpfloat (row->loss, ==, loss_at (row->step));
  g_assert_cmpfloat (row->grad_norm, ==, 0.5 * row->step);
  g_assert_cmpfloat (row->lr, ==, 1.0 / (row->step + 1.0));
  g_assert_true (isnan (row->batch_loss));
  g_assert_cmpfloat (row->val_loss, ==, -row->step);
  g_assert_cmpfloat (row->accuracy, ==, 0.25 * row->step);
  g_assert_cmpfloat (row->val_accuracy, ==, row->step + 0.5);
  for (guint j = 0; j < n_params; j++)
    g_assert_cmpfloat (row->theta[j], ==, theta_at (row->step, j));
}

/* All rows now held, copied out; *n gets their number. */
static double *
copy_all (GsTrace *trace, guint *n)
{
  guint held = gs_trace_get_n_rows (trace, NULL);
  double *rows = g_new0 (double, (gsize) MAX (held, 1) * gs_trace_row_width (trace));

  *n = gs_trace_copy_rows (trace, 0, held, rows);
  g_assert_cmpuint (*n, ==, held);
  return rows;
}

static void
append_steps (GsTrace *trace, guint64 from, guint64 to)
{
  g_autofree GsRow *row = row_new (trace);

  for (guint64 k = from; k < to; k++)
    {
      row_fill (row, gs_trace_get_n_params (trace), k, loss_at ((double) k));
      gs_trace_append (trace, row);
    }
}

/* ---- tests -------------------------------------------------------------- */

static void
test_new (void)
{
  {
    g_autoptr(GsTrace) trace = gs_trace_new (N_PARAMS, 64);
    guint generation = 1234;

    g_assert_cmpuint (gs_trace_get_n_params (trace), ==, N_PARAMS);
    g_assert_cmpuint (gs_trace_row_width (trace), ==, GS_ROW_FIELDS + N_PARAMS);
    g_assert_cmpuint (gs_trace_get_capacity (trace), ==, 64);
    g_assert_cmpuint (gs_trace_get_n_rows (trace, &generation), ==, 0);
    g_assert_cmpuint (generation, !=, 1234);
    g_assert_cmpuint (gs_trace_get_n_rows (trace, NULL), ==, 0);
  }
  /* the layout of GsRow is GS_ROW_FIELDS doubles, then θ */
  g_assert_cmpuint (G_STRUCT_OFFSET (GsRow, theta), ==, GS_ROW_FIELDS * sizeof (double));

  /* capacities are at least 16 (row 0, closed buckets and the open one) */
  {
    g_autoptr(GsTrace) odd = gs_trace_new (2, 37);
    g_autoptr(GsTrace) tiny = gs_trace_new (2, 1);

    g_assert_cmpuint (gs_trace_get_capacity (odd), ==, 37);
    g_assert_cmpuint (gs_trace_get_capacity (tiny), ==, 16);
  }
  /* 0: a default from a memory budget */
  for (guint n_params = 2; n_params <= 2000; n_params *= 10)
    {
      g_autoptr(GsTrace) trace = gs_trace_new (n_params, 0);
      guint capacity = gs_trace_get_capacity (trace);

      g_assert_cmpuint (capacity, >=, 512);
      g_assert_cmpuint (capacity, <=, 65536);
    }
  gs_trace_free (NULL);
}

static void
test_few_rows (void)
{
  g_autoptr(GsTrace) trace = gs_trace_new (N_PARAMS, 64);
  g_autofree double *rows = NULL;
  gsize width = gs_trace_row_width (trace);
  guint generation0, generation, n;

  gs_trace_get_n_rows (trace, &generation0);
  for (guint k = 0; k < 50; k++)
    {
      append_steps (trace, k, k + 1);
      g_assert_cmpuint (gs_trace_get_n_rows (trace, &generation), ==, k + 1);
      g_assert_cmpuint (generation, ==, generation0);
    }

  rows = copy_all (trace, &n);
  g_assert_cmpuint (n, ==, 50);
  for (guint i = 0; i < n; i++)
    {
      GsRow *row = gs_row_at (rows, width, i);

      g_assert_cmpfloat (row->step, ==, i);
      assert_row_consistent (row, N_PARAMS, TRUE);
    }

  /* exactly the capacity: still all kept */
  append_steps (trace, 50, 64);
  g_assert_cmpuint (gs_trace_get_n_rows (trace, &generation), ==, 64);
  g_assert_cmpuint (generation, ==, generation0);
}

static void
test_decimation (void)
{
  const guint capacity = 64;
  const guint total = 100 * capacity;
  g_autoptr(GsTrace) trace = gs_trace_new (N_PARAMS, capacity);
  g_autofree GsRow *row = row_new (trace);
  g_autofree GsRow *last = row_new (trace);
  g_autofree double *rows = NULL;
  gsize width = gs_trace_row_width (trace);
  guint generation0, generation, n;
  double max_gap = 0;

  gs_trace_get_n_rows (trace, &generation0);
  g_assert_cmpuint (GS_TRACE_EPOCH (generation0), ==, 0);
  for (guint k = 0; k < total; k++)
    {
      row_fill (row, N_PARAMS, k, loss_at (k));
      gs_trace_append (trace, row);

      /* bounded, and the latest row is always there */
      n = gs_trace_get_n_rows (trace, NULL);
      g_assert_cmpuint (n, >=, 1);
      g_assert_cmpuint (n, <=, capacity);
      g_assert_cmpuint (gs_trace_copy_rows (trace, n - 1, 1, (double *) last), ==, 1);
      g_assert_cmpfloat (last->step, ==, k);
      assert_row_consistent (last, N_PARAMS, TRUE);
    }

  gs_trace_get_n_rows (trace, &generation);
  g_assert_cmpuint (generation, !=, generation0);
  /* decimations only: the same epoch */
  g_assert_cmpuint (GS_TRACE_EPOCH (generation), ==, GS_TRACE_EPOCH (generation0));

  rows = copy_all (trace, &n);
  /* decimation halves: at least half the capacity stays in use */
  g_assert_cmpuint (n, >=, capacity / 2);
  g_assert_cmpfloat (gs_row_at (rows, width, 0)->step, ==, 0);
  g_assert_cmpfloat (gs_row_at (rows, width, n - 1)->step, ==, total - 1);
  for (guint i = 0; i < n; i++)
    {
      GsRow *r = gs_row_at (rows, width, i);

      assert_row_consistent (r, N_PARAMS, TRUE);
      if (i > 0)
        {
          double gap = r->step - gs_row_at (rows, width, i - 1)->step;

          g_assert_cmpfloat (gap, >, 0);
          max_gap = MAX (max_gap, gap);
        }
    }
  /* the kept rows cover the run evenly: no gap of more than 4× the mean
   * spacing of capacity/2 rows */
  g_assert_cmpfloat (max_gap, <=, 4.0 * total / (capacity / 2));
}

/* Appends a flat series of loss 1 with one outlier, returns whether the
 * outlier is still among the rows. */
static gboolean
outlier_survives (guint capacity, guint total, guint at, double value, gboolean batch)
{
  g_autoptr(GsTrace) trace = gs_trace_new (N_PARAMS, capacity);
  g_autofree GsRow *row = row_new (trace);
  g_autofree double *rows = NULL;
  gsize width = gs_trace_row_width (trace);
  gboolean found = FALSE;
  guint n;

  for (guint k = 0; k < total; k++)
    {
      double level = k == at ? value : 1.0;

      row_fill (row, N_PARAMS, k, batch ? NAN : level);
      if (batch)
        row->batch_loss = level;
      gs_trace_append (trace, row);
    }

  rows = copy_all (trace, &n);
  g_assert_cmpuint (n, <=, capacity);
  for (guint i = 0; i < n; i++)
    {
      GsRow *r = gs_row_at (rows, width, i);
      double level = batch ? r->batch_loss : r->loss;

      g_assert_true (level == 1.0 || level == value);
      found |= level == value;
      if (level == value)
        g_assert_cmpfloat (r->step, ==, at);
    }
  return found;
}

/* min–max: a single spike (or dip) in a long flat series survives any
 * number of decimations, wherever it falls. */
static void
test_spike_survives (void)
{
  const guint capacity = 64;
  const guint total = 100 * capacity;
  static const guint at[] = { 1, 2, 3, 5, 8, 63, 64, 100, 1001, 2048, 3200, 4097, 6000,
                              6398 };
  g_autoptr(GString) lost = g_string_new (NULL);
  guint n_lost = 0, n_tried = 0;

  for (guint i = 0; i < G_N_ELEMENTS (at); i++)
    for (guint kind = 0; kind < 3; kind++)
      {
        /* a spike in the loss, a dip in the loss, a spike in the batch loss
         * of rows without a full loss */
        double value = kind == 1 ? -1e6 : 1e6;
        gboolean found = outlier_survives (capacity, total, at[i], value, kind == 2);

        n_tried++;
        if (!found)
          {
            n_lost++;
            g_string_append_printf (lost, " %s@%u",
                                    kind == 0 ? "spike" : kind == 1 ? "dip" : "batch-spike",
                                    at[i]);
          }
      }

  /* before the first decimation nothing can be lost */
  g_assert_true (outlier_survives (capacity, capacity, 17, 1e6, FALSE));

  if (n_lost > 0)
    {
      g_autofree char *msg =
        g_strdup_printf ("gs_trace decimation: %u of %u single outliers in "
                         "a flat series of %u rows (capacity %u) are lost:%s",
                         n_lost, n_tried, total, capacity, lost->str);
      g_error ("%s", msg);
    }
}

static void
test_clear (void)
{
  g_autoptr(GsTrace) trace = gs_trace_new (N_PARAMS, 16);
  g_autofree double *rows = NULL;
  guint generation_before, generation_after, generation_refill, n;

  append_steps (trace, 0, 1000);
  g_assert_cmpuint (gs_trace_get_n_rows (trace, &generation_before), >, 0);

  gs_trace_clear (trace);
  g_assert_cmpuint (gs_trace_get_n_rows (trace, &generation_after), ==, 0);
  g_assert_cmpuint (generation_after, !=, generation_before);
  g_assert_cmpuint (GS_TRACE_EPOCH (generation_after), ==, GS_TRACE_EPOCH (generation_before) + 1);
  g_assert_cmpuint (gs_trace_get_capacity (trace), ==, 16);

  /* a cleared trace starts over at full resolution */
  append_steps (trace, 0, 16);
  g_assert_cmpuint (gs_trace_get_n_rows (trace, &generation_refill), ==, 16);
  g_assert_cmpuint (generation_refill, ==, generation_after);
  rows = copy_all (trace, &n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpfloat (gs_row_at (rows, gs_trace_row_width (trace), i)->step, ==, i);
      assert_row_consistent (gs_row_at (rows, gs_trace_row_width (trace), i), N_PARAMS, TRUE);
    }

  /* clearing an empty trace is fine */
  gs_trace_clear (trace);
  gs_trace_clear (trace);
  g_assert_cmpuint (gs_trace_get_n_rows (trace, NULL), ==, 0);
}

static void
test_copy_bounds (void)
{
  g_autoptr(GsTrace) trace = gs_trace_new (N_PARAMS, 64);
  gsize width = gs_trace_row_width (trace);
  g_autofree double *out = g_new (double, 64 * width);
  const double sentinel = -12345.0;

  /* empty */
  for (gsize i = 0; i < 64 * width; i++)
    out[i] = sentinel;
  g_assert_cmpuint (gs_trace_copy_rows (trace, 0, 10, out), ==, 0);
  g_assert_cmpfloat (out[0], ==, sentinel);

  append_steps (trace, 0, 10);

  /* inside */
  g_assert_cmpuint (gs_trace_copy_rows (trace, 3, 4, out), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat (gs_row_at (out, width, i)->step, ==, 3 + i);
  g_assert_cmpfloat (gs_row_at (out, width, 4)->step, ==, sentinel);

  /* past the end: cut to what is there */
  for (gsize i = 0; i < 64 * width; i++)
    out[i] = sentinel;
  g_assert_cmpuint (gs_trace_copy_rows (trace, 7, 100, out), ==, 3);
  g_assert_cmpfloat (gs_row_at (out, width, 2)->step, ==, 9);
  g_assert_cmpfloat (gs_row_at (out, width, 3)->step, ==, sentinel);

  /* at or beyond the end, and n = 0: nothing written */
  g_assert_cmpuint (gs_trace_copy_rows (trace, 10, 1, out + 10 * width), ==, 0);
  g_assert_cmpuint (gs_trace_copy_rows (trace, 11, 1, out + 10 * width), ==, 0);
  g_assert_cmpuint (gs_trace_copy_rows (trace, G_MAXUINT, G_MAXUINT, out + 10 * width), ==, 0);
  g_assert_cmpuint (gs_trace_copy_rows (trace, 0, 0, out + 10 * width), ==, 0);
  g_assert_cmpfloat (out[10 * width], ==, sentinel);

  /* all of it */
  g_assert_cmpuint (gs_trace_copy_rows (trace, 0, G_MAXUINT, out), ==, 10);
  for (guint i = 0; i < 10; i++)
    assert_row_consistent (gs_row_at (out, width, i), N_PARAMS, TRUE);
}

/* A reader that keeps its own copy up to date the way the header says it
 * may: while the generation stays, keep the stable rows it has and fetch
 * the rest again; start over when it changes. Its copy must always equal
 * the trace. */
typedef struct
{
  guint   generation;
  guint   n;
  guint   stable;
  double *rows;
} Mirror;

static void
mirror_sync (Mirror *m, GsTrace *trace)
{
  guint generation, n_stable;
  guint n = gs_trace_get_state (trace, &generation, &n_stable);
  guint keep;

  if (generation != m->generation)
    {
      m->n = gs_trace_copy_rows (trace, 0, n, m->rows);
      m->generation = generation;
      m->stable = n_stable;
      return;
    }
  /* rows before the stable count seen last time have not changed */
  g_assert_cmpuint (n_stable, >=, m->stable);
  keep = MIN (m->n, m->stable);
  m->n = keep + gs_trace_copy_rows (trace, keep, n - keep,
                                    m->rows + keep * gs_trace_row_width (trace));
  m->stable = n_stable;
}

static void
test_generation_contract (void)
{
  const guint capacity = 32;
  g_autoptr(GsTrace) trace = gs_trace_new (N_PARAMS, capacity);
  gsize width = gs_trace_row_width (trace);
  g_autofree double *mirror_rows = g_new0 (double, capacity * width);
  g_autofree double *actual = g_new0 (double, capacity * width);
  Mirror m = { 0, 0, 0, mirror_rows };
  guint first_bad = G_MAXUINT;

  gs_trace_get_n_rows (trace, &m.generation);
  for (guint k = 0; k < 40 * capacity; k++)
    {
      guint n;

      append_steps (trace, k, k + 1);
      mirror_sync (&m, trace);
      n = gs_trace_copy_rows (trace, 0, capacity, actual);
      if (m.n != n || memcmp (m.rows, actual, n * width * sizeof (double)) != 0)
        {
          first_bad = k;
          break;
        }
    }

  if (first_bad != G_MAXUINT)
    {
      g_autofree char *msg =
        g_strdup_printf ("after step %u an incremental reader's copy differs from the "
                         "trace", first_bad);
      g_error ("%s", msg);
    }
}

/* ---- threads ------------------------------------------------------------ */

typedef struct
{
  GsTrace *trace;
  guint    total;
  gint     reader_started;
  gint     writer_done;
} Shared;

static gpointer
writer_thread (gpointer data)
{
  Shared *shared = data;
  g_autofree GsRow *row = row_new (shared->trace);

  /* start once the reader runs, so the two overlap */
  while (!g_atomic_int_get (&shared->reader_started))
    g_thread_yield ();

  for (guint k = 0; k < shared->total; k++)
    {
      row_fill (row, gs_trace_get_n_params (shared->trace), k, loss_at (k));
      gs_trace_append (shared->trace, row);
      if (k % 4096 == 0)
        g_thread_yield ();
    }
  g_atomic_int_set (&shared->writer_done, 1);
  return NULL;
}

/* every copied row is whole, and rows are in step order from step 0 */
static void
check_snapshot (GsTrace *trace, double *buf, guint capacity, guint total)
{
  gsize width = gs_trace_row_width (trace);
  guint n = gs_trace_copy_rows (trace, 0, capacity, buf);

  g_assert_cmpuint (n, <=, capacity);
  for (guint i = 0; i < n; i++)
    {
      GsRow *row = gs_row_at (buf, width, i);

      assert_row_consistent (row, gs_trace_get_n_params (trace), TRUE);
      g_assert_cmpfloat (row->step, <, total);
      if (i == 0)
        g_assert_cmpfloat (row->step, ==, 0);
      else
        g_assert_cmpfloat (row->step, >, gs_row_at (buf, width, i - 1)->step);
    }
}

static void
test_threads (void)
{
  /* wide rows: a torn copy has a long window to show */
  const guint capacity = 128;
  Shared shared = { gs_trace_new (64, capacity), 200000, 0, 0 };
  g_autofree double *buf = g_new (double, capacity * gs_trace_row_width (shared.trace));
  GThread *writer = g_thread_new ("trace-writer", writer_thread, &shared);
  guint reads = 0, reads_while_writing = 0;

  g_atomic_int_set (&shared.reader_started, 1);
  while (!g_atomic_int_get (&shared.writer_done))
    {
      check_snapshot (shared.trace, buf, capacity, shared.total);
      reads++;
      reads_while_writing += !g_atomic_int_get (&shared.writer_done);
    }
  g_thread_join (writer);

  g_assert_cmpuint (reads, >, 0);
  g_test_message ("%u reads, %u while the writer appended", reads, reads_while_writing);

  /* the end state */
  check_snapshot (shared.trace, buf, capacity, shared.total);
  {
    guint n = gs_trace_get_n_rows (shared.trace, NULL);

    g_assert_cmpfloat (gs_row_at (buf, gs_trace_row_width (shared.trace), n - 1)->step, ==,
                       shared.total - 1);
  }
  gs_trace_free (shared.trace);
}

/* ---- the first row below a loss ------------------------------------------- */

/* a loss that falls with noise, so a bucket's minimum is rarely its first row */
static double
falling_loss (guint64 k)
{
  return 100.0 / ((double) k + 1.0) * (1.0 + 0.5 * sin ((double) k));
}

static guint64
first_falling_below (double loss, guint64 total)
{
  for (guint64 k = 0; k < total; k++)
    if (falling_loss (k) < loss)
      return k;
  return G_MAXUINT64;
}

static void
test_first_below (void)
{
  const guint64 total = 5000;
  g_autoptr(GsTrace) full = gs_trace_new (N_PARAMS, 8192);    /* never decimates */
  g_autoptr(GsTrace) thinned = gs_trace_new (N_PARAMS, 16);   /* decimates often */
  g_autofree GsRow *row = row_new (full);
  double lowest = INFINITY;
  guint n_exact = 0, n_later = 0;
  guint64 step;

  for (guint64 k = 0; k < total; k++)
    {
      row_fill (row, N_PARAMS, k, falling_loss (k));
      gs_trace_append (full, row);
      gs_trace_append (thinned, row);
      lowest = MIN (lowest, falling_loss (k));
    }
  g_assert_cmpuint (gs_trace_get_n_rows (full, NULL), ==, total);
  g_assert_cmpuint (gs_trace_get_n_rows (thinned, NULL), <=, 16);

  /* thresholds just above the loss of every 7th step: one is always found */
  for (guint64 j = 0; j < total; j += 7)
    {
      double threshold = nextafter (falling_loss (j), INFINITY);
      guint64 first = first_falling_below (threshold, total);

      g_assert_cmpuint (first, <=, j);
      /* every row held: the first crossing itself */
      step = G_MAXUINT64;
      g_assert_true (gs_trace_find_first_below (full, threshold, &step));
      g_assert_cmpuint (step, ==, first);
      /* decimated: the lowest row of a bucket is held, so a crossing is
       * found; it is a real one, at or after the first */
      step = G_MAXUINT64;
      g_assert_true (gs_trace_find_first_below (thinned, threshold, &step));
      g_assert_cmpuint (step, >=, first);
      g_assert_cmpuint (step, <, total);
      g_assert_cmpfloat (falling_loss (step), <, threshold);
      n_exact += step == first;
      n_later += step > first;
    }
  /* both happen: decimation does lose some first crossings */
  g_assert_cmpuint (n_exact, >, 0);
  g_assert_cmpuint (n_later, >, 0);

  /* nothing is below the lowest loss */
  g_assert_false (gs_trace_find_first_below (full, lowest, &step));
  g_assert_false (gs_trace_find_first_below (thinned, lowest, &step));
  g_assert_true (gs_trace_find_first_below (thinned, nextafter (lowest, INFINITY), &step));
  g_assert_cmpfloat (falling_loss (step), ==, lowest);

  /* a row whose full loss was not evaluated does not count, even with a
   * low minibatch loss */
  {
    g_autoptr(GsTrace) trace = gs_trace_new (N_PARAMS, 64);
    const double losses[3] = { 10.0, NAN, 0.5 };

    for (guint k = 0; k < 3; k++)
      {
        row_fill (row, N_PARAMS, k, losses[k]);
        row->batch_loss = k == 1 ? 0.1 : NAN;
        gs_trace_append (trace, row);
      }
    g_assert_true (gs_trace_find_first_below (trace, 1.0, &step));
    g_assert_cmpuint (step, ==, 2);
    g_assert_false (gs_trace_find_first_below (trace, 0.5, &step));
    g_assert_false (gs_trace_find_first_below (trace, NAN, &step));
  }
}

/* A minibatch run evaluating its full loss every 10th step: however far
 * the trace is thinned, the rows it keeps are evaluated ones (the loss
 * curve survives), not the minibatch-only rows between them — even where
 * a minibatch loss is lower or higher than every evaluated one. */
static void
test_sparse_loss_kept (void)
{
  g_autoptr(GsTrace) trace = gs_trace_new (N_PARAMS, 64);
  g_autofree GsRow *row = row_new (trace);
  g_autofree double *rows = NULL;
  gsize width = gs_trace_row_width (trace);
  guint n, full = 0;

  for (guint k = 0; k < 20000; k++)
    {
      row_fill (row, N_PARAMS, k, k % 10 == 0 ? 1.0 / (1.0 + k) : NAN);
      /* the minibatch loss swings far outside the full loss */
      row->batch_loss = (k % 2) ? 100.0 : 1e-9;
      gs_trace_append (trace, row);
    }
  rows = copy_all (trace, &n);
  g_assert_cmpuint (n, >, 20);
  for (guint i = 0; i < n; i++)
    full += !isnan (gs_row_at (rows, width, i)->loss);
  /* every kept row but the newest (the run's latest, step 19999) */
  g_assert_cmpuint (full, >=, n - 1);
  g_assert_cmpfloat (gs_row_at (rows, width, n - 1)->step, ==, 19999);
}

/* Truncated at a step (a rewound run), the trace holds only rows before
 * it, readers see a new epoch, and appending from there keeps every row
 * whole and in step order — also when the buffer was full. */
static void
test_truncate (void)
{
  const guint capacities[] = { 16, 64 };

  for (guint c = 0; c < G_N_ELEMENTS (capacities); c++)
    for (guint64 cut = 0; cut < 1000; cut += 97)
      {
        g_autoptr(GsTrace) trace = gs_trace_new (3, capacities[c]);
        g_autofree double *rows = NULL;
        guint gen_a, gen_b, n;

        append_steps (trace, 0, 1000);
        gs_trace_get_n_rows (trace, &gen_a);
        gs_trace_truncate (trace, cut);
        gs_trace_get_n_rows (trace, &gen_b);
        g_assert_cmpuint (GS_TRACE_EPOCH (gen_b), >, GS_TRACE_EPOCH (gen_a));
        rows = copy_all (trace, &n);
        for (guint i = 0; i < n; i++)
          g_assert_cmpfloat (gs_row_at (rows, gs_trace_row_width (trace), i)->step, <, (double) cut);
        g_clear_pointer (&rows, g_free);

        append_steps (trace, cut, cut + 700);
        rows = copy_all (trace, &n);
        g_assert_cmpuint (n, <=, capacities[c]);
        g_assert_cmpfloat (gs_row_at (rows, gs_trace_row_width (trace), 0)->step, ==, 0);
        g_assert_cmpfloat (gs_row_at (rows, gs_trace_row_width (trace), n - 1)->step, ==,
                           (double) (cut + 699));
        for (guint i = 0; i < n; i++)
          {
            const GsRow *r = gs_row_at (rows, gs_trace_row_width (trace), i);

            assert_row_consistent (r, 3, TRUE);
            if (i > 0)
              g_assert_cmpfloat (r->step, >, gs_row_at (rows, gs_trace_row_width (trace), i - 1)->step);
          }
      }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gradscope/trace/new", test_new);
  g_test_add_func ("/gradscope/trace/few-rows", test_few_rows);
  g_test_add_func ("/gradscope/trace/decimation", test_decimation);
  g_test_add_func ("/gradscope/trace/spike-survives", test_spike_survives);
  g_test_add_func ("/gradscope/trace/clear", test_clear);
  g_test_add_func ("/gradscope/trace/copy-bounds", test_copy_bounds);
  g_test_add_func ("/gradscope/trace/generation-contract", test_generation_contract);
  g_test_add_func ("/gradscope/trace/threads", test_threads);
  g_test_add_func ("/gradscope/trace/first-below", test_first_below);
  g_test_add_func ("/gradscope/trace/sparse-loss-kept", test_sparse_loss_kept);
  g_test_add_func ("/gradscope/trace/truncate", test_truncate);
  return g_test_run ();
}
