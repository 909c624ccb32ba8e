/* bench-ui.c — does the main loop keep up while 8 unthrottled runs step?
 *
 * Opens the real window (gs_window_new) on 8 runs on Rosenbrock, one per
 * optimizer of the core table, max_steps 10⁸, sets the engine unthrottled
 * (gs_engine_set_speed (engine, 0)), plays, lets the contour grid arrive
 * (--warmup seconds, default 3), then records for --seconds (default 10):
 *
 *   gap      time between two "after-paint" signals of the window's frame
 *            clock (the frame interval the user sees; 16.7 ms at 60 Hz)
 *   tick     time between two calls of a tick callback on the window
 *   frame    "before-paint" → "after-paint": the main thread's work for one
 *            frame, during which it handles nothing else
 *   stall    time between two dispatches of a 1 ms G_PRIORITY_HIGH timeout:
 *            the longest the main loop could not run anything
 *   and the phases of each frame: update (the window's tick: rows pulled
 *   from the engine, results table), layout, paint = snapshot of the widget
 *   tree + render; snapshot is timed by wrapping GsWindow's snapshot vfunc,
 *   and inside it each GsPlotView's (GsPlotView's vfunc wrapped the same
 *   way). With the cairo renderer a GsPlotView's snapshot only records its
 *   Cairo drawing; the renderer replays it, so "render" holds the strokes.
 *
 * A frame may take far longer than the measurement: a watchdog thread
 * prints what was recorded, with the frame still running, and ends the
 * process --grace seconds (default 20) after the measurement should have
 * ended.
 *
 * Needs a display: run-bench.sh runs it under xvfb-run and dbus-run-session
 * with GSETTINGS_SCHEMA_DIR=BUILD/resources, GSETTINGS_BACKEND=memory,
 * GDK_BACKEND=x11, GSK_RENDERER=cairo (as tests/test-ui does).
 *
 * --attribute also replays each GsPlotView's recorded drawing into an image
 * surface of its size, timed (contour_replay, loss_replay: what the GL
 * renderer does with a Cairo node). That adds to every frame, so the frame
 * figures of such a run do not count.
 *
 * bench-ui --diagnose [--steps N] [--size WxH] [--loss-size WxH] [--cap S]
 * needs no display: the same 8 runs in a bare GsEngine until every run
 * passed N steps (default 10⁷), then their rows drawn as the window draws
 * them (every walk whole, the band image cached) with the plot/ renderers
 * into image surfaces of the views' sizes (defaults: the 1280×800 window's
 * 547×533 contour and 360×495 loss view): the contour view with no walk
 * (and with no walk but the iso-lines in the cached image too,
 * gs_plot_contour_landscape_image, which the window does not use),
 * with each walk alone (with its rows, its segments once points in the
 * pixel of the point before are dropped, their mean length in pixels and
 * the distinct pixels its points are in), with all 8, and the loss view.
 * Each figure is the best of up to 5 frames, each drawn on a helper thread;
 * one slower than --cap seconds (default 20) is reported as such and ends
 * the diagnosis.
 *
 * --drop NAME leaves that optimizer's run out (both modes), e.g. to see
 * the frame without one walk.
 *
 * Usage: bench-ui [--seconds S] [--warmup S] [--grace S] [--attribute] [--drop NAME]
 * Prints key/value lines: ui_<series>_{n,max_ms,p99_ms,median_ms} for each
 * series above, and a few more (see report); --diagnose prints diag_ lines.
 */
#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench-common.h"
#include "gs-window-private.h"

#define N_RUNS 8

/* 8 optimizers of the core table on Rosenbrock, no stop rule: all of them
 * step until max_steps (Adadelta at PyTorch's lr 1 ends up flipping between
 * y ≈ ±1.5 at every step, and keeps going). */
static const struct { const char *name; const char *lr; } optimizers[N_RUNS] = {
  { "sgd", "0.0005" }, { "adagrad", "0.5" }, { "rmsprop", "0.005" }, { "adadelta", "1.0" },
  { "adam", "0.05" }, { "adamw", "0.05" }, { "adamax", "0.05" }, { "nadam", "0.02" },
};

/* the runs loaded: optimizers[] less the one --drop names */
static guint n_runs;
static const char *run_names[N_RUNS];

static GsExperiment *
load_experiment (const char *drop)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) json = g_string_new ("{\"problem\": {\"type\": \"function\", \"name\":"
                                          " \"rosenbrock\"}, \"start\": [-1.5, 2.0],"
                                          " \"max_steps\": 100000000, \"runs\": [");
  GsExperiment *exp;

  n_runs = 0;
  for (guint i = 0; i < N_RUNS; i++)
    {
      if (g_strcmp0 (drop, optimizers[i].name) == 0)
        continue;
      g_string_append_printf (json, "%s{\"optimizer\": {\"name\": \"%s\", \"lr\": %s}}",
                              n_runs ? ", " : "", optimizers[i].name, optimizers[i].lr);
      run_names[n_runs++] = optimizers[i].name;
    }
  g_string_append (json, "]}");
  exp = gs_experiment_new_from_data (json->str, -1, "bench-ui", NULL, &error);
  if (exp == NULL)
    {
      fprintf (stderr, "bench-ui: %s\n", error->message);
      exit (1);
    }
  return exp;
}

static guint64
min_step (GsEngine *engine, gboolean quiet)
{
  guint64 least = G_MAXUINT64;

  for (guint i = 0; i < n_runs; i++)
    {
      GsRunSnapshot s;

      if (!gs_engine_get_snapshot (engine, i, &s))
        return 0;
      if (s.status != GS_STATUS_RUNNING && !quiet)
        fprintf (stderr, "bench-ui: run %u stopped at step %" G_GUINT64_FORMAT " (%s)\n", i,
                 s.step, gs_status_to_string (s.status));
      least = MIN (least, s.step);
    }
  return least;
}

/* ==== the window ================================================================= */

typedef enum
{
  S_GAP,
  S_TICK,
  S_FRAME,
  S_STALL,
  S_UPDATE,
  S_LAYOUT,
  S_PAINT,
  S_SNAPSHOT,
  S_RENDER,
  S_CONTOUR,
  S_LOSS,
  S_CONTOUR_REPLAY,
  S_LOSS_REPLAY,
  N_SERIES,
} Series;

static const char *const series_names[N_SERIES] = {
  "gap", "tick", "frame", "stall", "update", "layout", "paint", "snapshot", "render",
  "contour_snapshot", "loss_snapshot", "contour_replay", "loss_replay",
};

/* One frame: when it began (s), when its phases ended (ms after that;
 * NAN: not run), and the snapshots inside paint (ms). */
typedef struct
{
  double before_paint;
  double update_end, layout_end, paint_end;
  double snapshot, contour, loss;
} Frame;

static struct
{
  GMutex     lock;               /* the watchdog reads what the main thread writes */
  GCond      cond;
  gboolean   finished;           /* main thread done: no watchdog report */
  GsWindow  *window;
  gboolean   recording;
  gboolean   attribute;          /* --attribute */
  double     record_start;       /* s */
  GArray    *series[N_SERIES];   /* double, ms */
  Frame      frame;
  double     last_after_paint, last_tick, last_probe;   /* s; 0 = none yet */
  Frame      worst;              /* the frame with the most work */
  double     worst_work;
  guint      rows;               /* most rows of a run the views held last frame */
  guint      worst_rows;
  guint64    serial0, step0;
  void     (*plot_snapshot) (GtkWidget *, GtkSnapshot *);
  void     (*window_snapshot) (GtkWidget *, GtkSnapshot *);
} B;

/* lock held */
static void
add (Series s, double ms)
{
  if (B.recording && isfinite (ms))
    g_array_append_val (B.series[s], ms);
}

static double
since_frame_ms (void)
{
  return 1e3 * (bench_now () - B.frame.before_paint);
}

/* --attribute: the time to replay a recorded drawing into an image surface
 * (the cairo renderer replays it onto the window's X surface instead). */
static double
replay_ms (GskRenderNode *node, int width, int height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  double t0 = bench_now (), ms;

  gsk_render_node_draw (node, cr);
  cairo_surface_flush (surface);
  ms = 1e3 * (bench_now () - t0);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return ms;
}

static void
plot_snapshot_timed (GtkWidget *widget, GtkSnapshot *snapshot)
{
  double t0 = bench_now ();
  double ms, replay = NAN;

  if (B.attribute)
    {
      GtkSnapshot *mine = gtk_snapshot_new ();
      GskRenderNode *node;

      B.plot_snapshot (widget, mine);
      node = gtk_snapshot_free_to_node (mine);
      ms = 1e3 * (bench_now () - t0);
      if (node != NULL)
        {
          replay = replay_ms (node, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
          gtk_snapshot_append_node (snapshot, node);
          gsk_render_node_unref (node);
        }
    }
  else
    {
      B.plot_snapshot (widget, snapshot);
      ms = 1e3 * (bench_now () - t0);
    }
  g_mutex_lock (&B.lock);
  if (widget == B.window->contour_view)
    {
      B.frame.contour = ms;
      add (S_CONTOUR_REPLAY, replay);
    }
  else if (widget == B.window->loss_view)
    {
      B.frame.loss = ms;
      add (S_LOSS_REPLAY, replay);
    }
  g_mutex_unlock (&B.lock);
}

static void
window_snapshot_timed (GtkWidget *widget, GtkSnapshot *snapshot)
{
  double t0 = bench_now ();

  B.window_snapshot (widget, snapshot);
  g_mutex_lock (&B.lock);
  B.frame.snapshot = 1e3 * (bench_now () - t0);
  g_mutex_unlock (&B.lock);
}

static void
on_before_paint (GdkFrameClock *clock, gpointer data)
{
  g_mutex_lock (&B.lock);
  B.frame = (Frame) { bench_now (), NAN, NAN, NAN, NAN, NAN, NAN };
  g_mutex_unlock (&B.lock);
}

static void
on_update (GdkFrameClock *clock, gpointer data)
{
  g_mutex_lock (&B.lock);
  B.frame.update_end = since_frame_ms ();
  g_mutex_unlock (&B.lock);
}

static void
on_layout (GdkFrameClock *clock, gpointer data)
{
  g_mutex_lock (&B.lock);
  B.frame.layout_end = since_frame_ms ();
  g_mutex_unlock (&B.lock);
}

static void
on_paint (GdkFrameClock *clock, gpointer data)
{
  g_mutex_lock (&B.lock);
  B.frame.paint_end = since_frame_ms ();
  g_mutex_unlock (&B.lock);
}

/* The phases of a frame, each from the end of the one before that ran;
 * lock held. */
static void
add_phases (const Frame *f)
{
  double start = 0;

  if (!isnan (f->update_end))
    {
      add (S_UPDATE, f->update_end - start);
      start = f->update_end;
    }
  if (!isnan (f->layout_end))
    {
      add (S_LAYOUT, f->layout_end - start);
      start = f->layout_end;
    }
  if (!isnan (f->paint_end))
    {
      add (S_PAINT, f->paint_end - start);
      if (!isnan (f->snapshot))
        add (S_RENDER, f->paint_end - start - f->snapshot);
    }
  add (S_SNAPSHOT, f->snapshot);
  add (S_CONTOUR, f->contour);
  add (S_LOSS, f->loss);
}

static guint
rows_per_run (void)
{
  guint rows = 0;

  for (guint i = 0; i < B.window->run_views->len; i++)
    rows = MAX (rows, g_array_index (B.window->run_views, GsRunView, i).rows->len
                      / B.window->row_width);
  return rows;
}

static void
on_after_paint (GdkFrameClock *clock, gpointer data)
{
  double now = bench_now ();
  double work;
  guint rows = rows_per_run ();

  g_mutex_lock (&B.lock);
  work = 1e3 * (now - B.frame.before_paint);
  if (B.frame.before_paint > 0)
    {
      if (B.last_after_paint > 0)
        add (S_GAP, 1e3 * (now - B.last_after_paint));
      B.last_after_paint = now;
      add (S_FRAME, work);
      add_phases (&B.frame);
      if (B.recording && work > B.worst_work)
        {
          B.worst_work = work;
          B.worst = B.frame;
          B.worst_rows = rows;
        }
    }
  B.rows = rows;
  g_mutex_unlock (&B.lock);
}

static gboolean
on_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  double now = bench_now ();

  g_mutex_lock (&B.lock);
  if (B.last_tick > 0)
    add (S_TICK, 1e3 * (now - B.last_tick));
  B.last_tick = now;
  g_mutex_unlock (&B.lock);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_probe (gpointer data)
{
  double now = bench_now ();

  g_mutex_lock (&B.lock);
  if (B.last_probe > 0)
    add (S_STALL, 1e3 * (now - B.last_probe));
  B.last_probe = now;
  g_mutex_unlock (&B.lock);
  return G_SOURCE_CONTINUE;
}

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Value at quantile q of sorted samples (nearest rank). */
static double
quantile (GArray *sorted, double q)
{
  guint i;

  if (sorted->len == 0)
    return NAN;
  i = (guint) ceil (q * sorted->len);
  i = CLAMP (i, 1, sorted->len) - 1;
  return g_array_index (sorted, double, i);
}

/* Prints what was recorded; stuck: a frame is still running (the watchdog
 * calls this while the main thread is inside it). Lock held. */
static void
report (gboolean stuck)
{
  double now = bench_now ();
  GsEngine *engine = gs_window_get_engine (B.window);
  double seconds = now - B.record_start;

  if (stuck)
    {
      /* the frame under way counts as it stands */
      const Frame *f = &B.frame;
      const char *phase = isnan (f->update_end) ? "update"
        : isnan (f->layout_end) ? "layout"
        : isnan (f->snapshot) ? "paint: snapshot"
        : isnan (f->paint_end) ? "paint: render" : "after paint";

      B.recording = TRUE;
      add (S_FRAME, 1e3 * (now - f->before_paint));
      if (B.last_after_paint > 0)
        add (S_GAP, 1e3 * (now - B.last_after_paint));
      if (B.last_probe > 0)
        add (S_STALL, 1e3 * (now - B.last_probe));
      if (B.last_tick > 0)
        add (S_TICK, 1e3 * (now - B.last_tick));
      printf ("ui_stuck 1\n");
      printf ("ui_stuck_frame_ms %.0f\n", 1e3 * (now - f->before_paint));
      printf ("ui_stuck_phase %s\n", phase);
      printf ("ui_stuck_frame update %.3f layout %.3f snapshot %.3f contour %.3f loss %.3f"
              " rows %u\n", f->update_end, f->layout_end - f->update_end, f->snapshot,
              f->contour, f->loss, B.rows);
    }
  else
    printf ("ui_stuck 0\n");

  printf ("ui_seconds %.2f\n", seconds);
  printf ("ui_contour_size %d %d\n", gtk_widget_get_width (B.window->contour_view),
          gtk_widget_get_height (B.window->contour_view));
  printf ("ui_loss_size %d %d\n", gtk_widget_get_width (B.window->loss_view),
          gtk_widget_get_height (B.window->loss_view));
  printf ("ui_frames %u\n", B.series[S_FRAME]->len);
  printf ("ui_steps_per_s %.4g\n", (double) (gs_engine_get_serial (engine) - B.serial0) / seconds);
  printf ("ui_steps %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT "\n", B.step0,
          min_step (engine, TRUE));
  printf ("ui_rows_per_run %u\n", B.rows);
  for (int s = 0; s < N_SERIES; s++)
    {
      GArray *a = B.series[s];

      g_array_sort (a, cmp_double);
      printf ("ui_%s_n %u\n", series_names[s], a->len);
      printf ("ui_%s_max_ms %.3f\n", series_names[s], quantile (a, 1.0));
      printf ("ui_%s_p99_ms %.3f\n", series_names[s], quantile (a, 0.99));
      printf ("ui_%s_median_ms %.3f\n", series_names[s], quantile (a, 0.5));
    }
  if (B.worst_work > 0)
    printf ("ui_worst_frame_ms %.3f update %.3f layout %.3f paint %.3f snapshot %.3f"
            " contour %.3f loss %.3f rows %u\n", B.worst_work, B.worst.update_end,
            B.worst.layout_end - B.worst.update_end, B.worst.paint_end - B.worst.layout_end,
            B.worst.snapshot, B.worst.contour, B.worst.loss, B.worst_rows);
  fflush (stdout);
}

static gpointer
watchdog (gpointer data)
{
  gint64 deadline = *(gint64 *) data;

  g_mutex_lock (&B.lock);
  while (!B.finished)
    if (!g_cond_wait_until (&B.cond, &B.lock, deadline))
      {
        report (TRUE);
        fprintf (stderr, "bench-ui: a frame has run for %.0f s; giving up\n",
                 bench_now () - B.frame.before_paint);
        fflush (stderr);
        _exit (0);
      }
  g_mutex_unlock (&B.lock);
  return NULL;
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
pump_for (double seconds)
{
  gboolean done = FALSE;

  g_timeout_add ((guint) (seconds * 1000), set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static int
run_window (double seconds, double warmup, double grace, gboolean attribute,
            const char *drop)
{
  GsEngine *engine;
  GdkFrameClock *clock;
  GtkWidgetClass *klass;
  GskRenderer *renderer;
  static gint64 deadline;   /* read by the watchdog */
  guint probe_id;

  g_mutex_init (&B.lock);
  g_cond_init (&B.cond);
  B.attribute = attribute;
  for (int s = 0; s < N_SERIES; s++)
    B.series[s] = g_array_new (FALSE, FALSE, sizeof (double));

  gtk_init ();
  adw_init ();

  /* time every GsPlotView's snapshot and the whole tree's */
  klass = g_type_class_ref (GS_TYPE_PLOT_VIEW);
  B.plot_snapshot = klass->snapshot;
  klass->snapshot = plot_snapshot_timed;
  klass = g_type_class_ref (GS_TYPE_WINDOW);
  B.window_snapshot = klass->snapshot;
  klass->snapshot = window_snapshot_timed;

  B.window = gs_window_new (NULL);
  gs_window_set_experiment (B.window, load_experiment (drop), NULL);
  engine = gs_window_get_engine (B.window);
  gs_engine_set_speed (engine, 0);
  gs_engine_play (engine);
  gtk_window_set_default_size (GTK_WINDOW (B.window), 1280, 800);
  gtk_window_present (GTK_WINDOW (B.window));

  deadline = g_get_monotonic_time () + (gint64) ((warmup + seconds + grace) * 1e6);
  g_thread_unref (g_thread_new ("bench-ui-watchdog", watchdog, &deadline));

  while (!gtk_widget_get_mapped (GTK_WIDGET (B.window)))
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (B.window));
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), NULL);
  g_signal_connect_after (clock, "update", G_CALLBACK (on_update), NULL);
  g_signal_connect_after (clock, "layout", G_CALLBACK (on_layout), NULL);
  g_signal_connect_after (clock, "paint", G_CALLBACK (on_paint), NULL);
  g_signal_connect_after (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
  gtk_widget_add_tick_callback (GTK_WIDGET (B.window), on_tick, NULL, NULL);
  probe_id = g_timeout_add_full (G_PRIORITY_HIGH, 1, on_probe, NULL, NULL);

  renderer = gtk_native_get_renderer (GTK_NATIVE (B.window));
  printf ("ui_renderer %s\n", renderer ? G_OBJECT_TYPE_NAME (renderer) : "none");
  fflush (stdout);

  /* the landscape first: a coarse grid, then the 160² one */
  pump_for (warmup);
  if (B.window->grid == NULL || B.window->grid->nx < 160)
    fprintf (stderr, "bench-ui: the contour grid was not ready after %.0f s\n", warmup);

  g_mutex_lock (&B.lock);
  B.recording = TRUE;
  B.record_start = bench_now ();
  B.last_after_paint = B.last_tick = B.last_probe = 0;
  B.serial0 = gs_engine_get_serial (engine);
  B.step0 = min_step (engine, FALSE);
  g_mutex_unlock (&B.lock);
  pump_for (seconds);

  g_mutex_lock (&B.lock);
  B.recording = FALSE;
  B.finished = TRUE;
  g_cond_broadcast (&B.cond);
  report (FALSE);
  g_mutex_unlock (&B.lock);
  min_step (engine, FALSE);

  g_source_remove (probe_id);
  gtk_window_destroy (GTK_WINDOW (B.window));
  return 0;
}

/* ==== --diagnose: the window's frame, piece by piece, without GTK ================ */

typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean done;
  gboolean contour;         /* else the loss view */
  int      width, height;
  gconstpointer view;
  double   ms;
} Job;

static gpointer
render_job (gpointer data)
{
  Job *job = data;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, job->width,
                                                         job->height);
  cairo_t *cr = cairo_create (surface);
  double t0 = bench_now ();

  if (job->contour)
    gs_plot_contour_render (cr, job->width, job->height, job->view);
  else
    gs_plot_loss_render (cr, job->width, job->height, job->view);
  cairo_surface_flush (surface);
  g_mutex_lock (&job->lock);
  job->ms = 1e3 * (bench_now () - t0);
  job->done = TRUE;
  g_cond_signal (&job->cond);
  g_mutex_unlock (&job->lock);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return NULL;
}

/* ms of one frame, or NAN when it took longer than cap seconds (its thread
 * is left running; the job is leaked with it). */
static double
time_render_once (gboolean contour, int width, int height, gconstpointer view, double cap)
{
  Job *job = g_new0 (Job, 1);
  gint64 deadline = g_get_monotonic_time () + (gint64) (cap * 1e6);
  GThread *thread;
  double ms = NAN;

  g_mutex_init (&job->lock);
  g_cond_init (&job->cond);
  job->contour = contour;
  job->width = width;
  job->height = height;
  job->view = view;
  thread = g_thread_new ("bench-ui-render", render_job, job);
  g_mutex_lock (&job->lock);
  while (!job->done)
    if (!g_cond_wait_until (&job->cond, &job->lock, deadline))
      break;
  if (job->done)
    ms = job->ms;
  g_mutex_unlock (&job->lock);
  if (isnan (ms))
    {
      g_thread_unref (thread);
      return NAN;
    }
  g_thread_join (thread);
  g_mutex_clear (&job->lock);
  g_cond_clear (&job->cond);
  g_free (job);
  return ms;
}

/* The best of up to 5 frames (fewer when they are slow): the machine may
 * be shared. */
static double
time_render (gboolean contour, int width, int height, gconstpointer view, double cap)
{
  double best = G_MAXDOUBLE, spent = 0;

  for (int rep = 0; rep < 5 && spent < 2000; rep++)
    {
      double ms = time_render_once (contour, width, height, view, cap);

      if (isnan (ms))
        return NAN;
      best = MIN (best, ms);
      spent += ms;
    }
  return best;
}

static int
cmp_i64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Segments a walk has once points in the pixel of the point before are
 * dropped, their mean length in pixels, and how many distinct pixels its
 * points are in. */
static void
walk_pixels (const double *xy, gsize stride, guint n, const double t[4], guint *segments,
             double *mean_length, guint *pixels)
{
  g_autoptr(GArray) cells = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  gint64 last = G_MININT64;
  double lx = 0, ly = 0, length = 0;

  *segments = 0;
  for (guint i = 0; i < n; i++)
    {
      double px = t[0] + t[1] * xy[i * stride];
      double py = t[2] + t[3] * xy[i * stride + 1];
      double x = floor (px), y = floor (py);
      gint64 cell;

      if (!isfinite (x) || !isfinite (y) || fabs (x) > 1e6 || fabs (y) > 1e6)
        break;
      cell = (gint64) (y + 2e6) * 4000000 + (gint64) (x + 2e6);
      if (cell != last && i > 0)
        {
          (*segments)++;
          length += hypot (px - lx, py - ly);
        }
      if (cell != last)
        {
          lx = px;
          ly = py;
        }
      last = cell;
      g_array_append_val (cells, cell);
    }
  *mean_length = *segments ? length / *segments : 0;
  g_array_sort (cells, cmp_i64);
  *pixels = 0;
  for (guint i = 0; i < cells->len; i++)
    if (i == 0 || g_array_index (cells, gint64, i) != g_array_index (cells, gint64, i - 1))
      (*pixels)++;
}

static void
print_ms (const char *key, double ms, double cap)
{
  if (isnan (ms))
    printf ("%s >%.0f\n", key, 1e3 * cap);
  else
    printf ("%s %.2f\n", key, ms);
  fflush (stdout);
}

static int
run_diagnose (guint64 steps, int width, int height, int loss_width, int loss_height,
              double cap, const char *drop)
{
  g_autoptr(GsExperiment) exp = load_experiment (drop);
  const GsFunctionInfo *f = gs_problem_get_function (exp->problem);
  GsEngine *engine = gs_engine_new ();
  double *rows[N_RUNS];
  guint n_rows[N_RUNS];
  gsize w = GS_ROW_FIELDS + gs_problem_get_n_params (exp->problem);
  GsSlice slice = { exp->problem, exp->reg, 0, 1, NULL };
  g_autoptr(GsGrid) grid = NULL;
  g_autoptr(GsContourLines) lines = NULL;
  GsLevels levels;
  GsContourView view = { 0 };
  GsLossView loss_view = { 0 };
  GsTrajectory trajs[N_RUNS];
  GsLossSeries series[N_RUNS];
  cairo_surface_t *probe_surface, *bands;
  cairo_t *probe_cr;
  GsRect area;
  double t[4], ms, t0;
  gboolean gave_up = FALSE;

  /* the runs as the window's engine runs them */
  gs_engine_set_speed (engine, 0);
  gs_engine_load_experiment (engine, exp);
  t0 = bench_now ();
  gs_engine_play (engine);
  while (min_step (engine, TRUE) < steps)
    g_usleep (100000);
  gs_engine_pause (engine);
  gs_engine_sync (engine);
  printf ("diag_steps %" G_GUINT64_FORMAT " in %.1f s\n", min_step (engine, FALSE),
          bench_now () - t0);
  for (guint r = 0; r < n_runs; r++)
    {
      n_rows[r] = gs_engine_get_n_rows (engine, r, NULL);
      rows[r] = g_new (double, n_rows[r] * w);
      n_rows[r] = gs_engine_copy_rows (engine, r, 0, n_rows[r], rows[r], NULL);
    }
  gs_engine_free (engine);

  /* the landscape as the window has it: a 160² grid, its band image cached */
  grid = gs_grid_compute (&slice, 160, f->view[0], f->view[1], f->view[2], f->view[3], NULL);
  gs_levels_choose (grid, 14, &levels);
  lines = gs_contour_lines_new (grid, &levels);
  view.style.scale = 1;
  memcpy (&view.x_min, f->view, sizeof f->view);
  view.x_title = "x";
  view.y_title = "y";
  view.value_title = "f(x, y)";
  view.grid = grid;
  view.levels = &levels;
  view.lines = lines;
  view.has_start = TRUE;
  view.start[0] = exp->start[0];
  view.start[1] = exp->start[1];
  view.trajectories = trajs;
  for (guint r = 0; r < n_runs; r++)
    {
      trajs[r] = (GsTrajectory) { .xy = rows[r] + GS_ROW_FIELDS, .stride = w, .n = n_rows[r],
                                  .color = gs_palette_color (r) };
      series[r] = (GsLossSeries) {
        .step = rows[r] + G_STRUCT_OFFSET (GsRow, step) / sizeof (double),
        .loss = rows[r] + G_STRUCT_OFFSET (GsRow, loss) / sizeof (double),
        .stride = w, .n = n_rows[r], .color = gs_palette_color (r),
        .label = run_names[r] };
    }
  probe_surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  probe_cr = cairo_create (probe_surface);
  gs_plot_contour_get_area (probe_cr, width, height, &view, &area);
  bands = gs_contour_bands_image (grid, &levels, (int) ceil (area.width),
                                  (int) ceil (area.height), FALSE);
  view.bands = bands;
  cairo_destroy (probe_cr);
  cairo_surface_destroy (probe_surface);
  t[1] = area.width / (view.x_max - view.x_min);
  t[0] = area.x - view.x_min * t[1];
  t[3] = -area.height / (view.y_max - view.y_min);
  t[2] = area.y - view.y_max * t[3];

  printf ("diag_size %d %d\n", width, height);
  view.n_trajectories = 0;
  print_ms ("diag_contour_no_walk_ms", time_render (TRUE, width, height, &view, cap), cap);
  {
    /* the iso-lines drawn into the cached image too (the window strokes them) */
    GsContourView landscape = view;

    landscape.bands = gs_plot_contour_landscape_image (grid, &levels, lines,
                                                       (int) ceil (area.width),
                                                       (int) ceil (area.height), &view.style);
    landscape.lines = NULL;
    print_ms ("diag_contour_no_walk_landscape_image_ms",
              time_render (TRUE, width, height, &landscape, cap), cap);
    cairo_surface_destroy (landscape.bands);
  }
  view.n_trajectories = 1;
  for (guint r = 0; r < n_runs && !gave_up; r++)
    {
      guint segments, pixels;
      double mean_length;

      walk_pixels (trajs[r].xy, w, n_rows[r], t, &segments, &mean_length, &pixels);
      view.trajectories = &trajs[r];
      ms = time_render (TRUE, width, height, &view, cap);
      printf ("diag_contour_walk %u %s rows %u segments %u mean_px %.1f points_in_pixels %u ms ",
              r, run_names[r], n_rows[r], segments, mean_length, pixels);
      print_ms ("", ms, cap);
      gave_up = isnan (ms);
    }
  if (!gave_up)
    {
      view.trajectories = trajs;
      view.n_trajectories = n_runs;
      ms = time_render (TRUE, width, height, &view, cap);
      print_ms ("diag_contour_all_walks_ms", ms, cap);
      gave_up = isnan (ms);
    }
  if (!gave_up)
    {
      loss_view.style.scale = 1;
      loss_view.x_title = "step";
      loss_view.y_title = "loss";
      loss_view.series = series;
      loss_view.n_series = n_runs;
      loss_view.log_y = gs_plot_loss_prefers_log (series, n_runs);
      printf ("diag_loss_size %d %d\n", loss_width, loss_height);
      print_ms ("diag_loss_all_ms",
                time_render (FALSE, loss_width, loss_height, &loss_view, cap), cap);
    }
  if (gave_up)
    {
      /* a render thread is still busy: leave it */
      fflush (stdout);
      _exit (0);
    }
  cairo_surface_destroy (bands);
  for (guint r = 0; r < n_runs; r++)
    g_free (rows[r]);
  return 0;
}

static gboolean
has_flag (int argc, char **argv, const char *flag)
{
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], flag))
      return TRUE;
  return FALSE;
}

int
main (int argc, char **argv)
{
  if (has_flag (argc, argv, "--diagnose"))
    {
      const char *size = bench_arg (argc, argv, "--size");
      const char *loss_size = bench_arg (argc, argv, "--loss-size");
      int width = 547, height = 533, loss_width = 360, loss_height = 495;

      if ((size != NULL && sscanf (size, "%dx%d", &width, &height) != 2)
          || (loss_size != NULL && sscanf (loss_size, "%dx%d", &loss_width, &loss_height) != 2))
        {
          fprintf (stderr, "bench-ui: --size and --loss-size take WIDTHxHEIGHT\n");
          return 2;
        }
      return run_diagnose (bench_arg_u64 (argc, argv, "--steps", 10000000), width, height,
                           loss_width, loss_height,
                           (double) bench_arg_u64 (argc, argv, "--cap", 20),
                           bench_arg (argc, argv, "--drop"));
    }
  return run_window ((double) bench_arg_u64 (argc, argv, "--seconds", 10),
                     (double) bench_arg_u64 (argc, argv, "--warmup", 3),
                     (double) bench_arg_u64 (argc, argv, "--grace", 20),
                     has_flag (argc, argv, "--attribute"), bench_arg (argc, argv, "--drop"));
}
