/* bench-render.c — time of one frame of the contour, 3-D surface and loss views
 *
 * 8 runs × 100 000 points at 1280×800, the band image and iso-lines cached
 * as the window caches them. Real walks (8 optimizers on Rosenbrock), noisy
 * minibatch-like blobs, and an adversarial case (noisy spirals that visit a
 * new pixel at almost every step). The 3-D surface: the same grid as a
 * 64 × 64 mesh with the same 8 real walks on it, at 800×600.
 * Built by plot/meson.build; never installed or run as a test. */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "gs-experiment.h"
#include "gs-plot.h"
#include "gs-plot-surface.h"
#include "gs-rng.h"

#define N_RUNS   8
#define N_POINTS 100000
#define WIDTH    1280
#define HEIGHT   800
#define FRAMES   40
#define SURFACE_WIDTH  800
#define SURFACE_HEIGHT 600

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* Median of n frames, in ms; grow (when not NULL) adds rows to the walks
 * before each frame, outside the clock. */
static double
time_frames_grow (cairo_t *cr, void (*draw) (cairo_t *, gconstpointer), gconstpointer view,
                  int n, void (*grow) (gpointer), gpointer grow_data)
{
  double t[FRAMES];

  n = MIN (n, FRAMES);
  for (int f = 0; f < n; f++)
    {
      double t0;

      if (grow)
        grow (grow_data);
      t0 = now_ms ();
      cairo_save (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);   /* a toolkit starts each frame from its background */
      cairo_restore (cr);
      draw (cr, view);
      cairo_surface_flush (cairo_get_target (cr));
      t[f] = now_ms () - t0;
    }
  qsort (t, n, sizeof (double), cmp_double);
  return t[n / 2];
}

static double
time_frames_n (cairo_t *cr, void (*draw) (cairo_t *, gconstpointer), gconstpointer view, int n)
{
  return time_frames_grow (cr, draw, view, n, NULL, NULL);
}

static double
time_frames (cairo_t *cr, void (*draw) (cairo_t *, gconstpointer), gconstpointer view)
{
  return time_frames_n (cr, draw, view, FRAMES);
}

static void
draw_contour (cairo_t *cr, gconstpointer view)
{
  gs_plot_contour_render (cr, WIDTH, HEIGHT, view);
}

static void
draw_loss (cairo_t *cr, gconstpointer view)
{
  gs_plot_loss_render (cr, WIDTH, HEIGHT, view);
}

static void
draw_surface (cairo_t *cr, gconstpointer view)
{
  gs_plot_surface_render (cr, SURFACE_WIDTH, SURFACE_HEIGHT, view);
}

/* 25 more rows of every run a frame, as the window's target */
static void
grow_surface_walks (gpointer data)
{
  GsSurfaceWalk *walks = data;

  for (int r = 0; r < N_RUNS; r++)
    walks[r].n += 25;
}

static void
grow_trajectories (gpointer data)
{
  GsTrajectory *trajs = data;

  for (int r = 0; r < N_RUNS; r++)
    trajs[r].n += 25;
}

/* The 3-D view of the grid with the 8 real walks (z: their exact loss) as
 * the window draws it: a GsSurfaceCache keeps the mesh, its projection,
 * order and image, and 25 rows arrive per walk per frame. Also the frames
 * of a view being turned (moving: a new projection and image every frame,
 * the coarser mesh), the first frame of a new view in full detail (from
 * an empty cache, and once the turning stops), and a frame without a
 * cache (vector output). Times in ms into t: live, turning, first,
 * uncached, stopped. */
static void
time_surface (const GsGrid *grid, const GsLevels *levels, double *const *xy,
              double *const *losses, double *t_out)
{
  cairo_surface_t *target = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, SURFACE_WIDTH,
                                                        SURFACE_HEIGHT);
  cairo_t *cr = cairo_create (target);
  GsSurfaceWalk walks[N_RUNS];
  GsSurfaceView view = { 0 };
  double t[FRAMES], t0;
  const double minimum[2] = { 1, 1 };

  for (int r = 0; r < N_RUNS; r++)
    walks[r] = (GsSurfaceWalk) { .xy = xy[r], .z = losses[r],
                                 .n = N_POINTS - 25 * (FRAMES + 1),
                                 .color = gs_palette_color (r) };
  view.style.scale = 1;
  view.grid = grid;
  view.levels = levels;
  view.azimuth = GS_SURFACE_AZIMUTH_DEFAULT;
  view.elevation = GS_SURFACE_ELEVATION_DEFAULT;
  view.mesh_lines = TRUE;
  view.x_title = "x";
  view.y_title = "y";
  view.value_title = "f(x, y)";
  view.walks = walks;
  view.n_walks = N_RUNS;
  view.minima = minimum;
  view.n_minima = 1;
  view.has_start = TRUE;
  view.start[0] = -1.5;
  view.start[1] = 2.0;

  /* no cache: everything every frame */
  t_out[3] = time_frames_n (cr, draw_surface, &view, 5);
  cairo_surface_write_to_png (target, "/tmp/bench-render-surface-vector.png");

  view.cache = gs_surface_cache_new ();
  t0 = now_ms ();
  draw_surface (cr, &view);
  cairo_surface_flush (target);
  t_out[2] = now_ms () - t0;
  t_out[0] = time_frames_grow (cr, draw_surface, &view, FRAMES, grow_surface_walks, walks);
  cairo_surface_write_to_png (target, "/tmp/bench-render-surface.png");

  /* dragged round: 3° a frame, drawn as the window draws a moving view */
  view.moving = TRUE;
  for (int f = 0; f < FRAMES; f++)
    {
      double t1;

      view.azimuth += 3;
      t1 = now_ms ();
      cairo_save (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_restore (cr);
      draw_surface (cr, &view);
      cairo_surface_flush (target);
      t[f] = now_ms () - t1;
    }
  qsort (t, FRAMES, sizeof (double), cmp_double);
  t_out[1] = t[FRAMES / 2];
  cairo_surface_write_to_png (target, "/tmp/bench-render-surface-turned.png");
  /* still again: the first frame in full detail */
  view.moving = FALSE;
  t0 = now_ms ();
  draw_surface (cr, &view);
  cairo_surface_flush (target);
  t_out[4] = now_ms () - t0;

  gs_surface_cache_free (view.cache);
  cairo_destroy (cr);
  cairo_surface_destroy (target);
}

int
main (int argc, char **argv)
{
  static const char *const optimizers[N_RUNS] = {
    "{\"name\": \"sgd\", \"lr\": 0.0005}",
    "{\"name\": \"sgd\", \"lr\": 0.0005, \"momentum\": 0.9}",
    "{\"name\": \"sgd\", \"lr\": 0.0003, \"momentum\": 0.9, \"nesterov\": true}",
    "{\"name\": \"rmsprop\", \"lr\": 0.005}",
    "{\"name\": \"adam\", \"lr\": 0.05}",
    "{\"name\": \"adagrad\", \"lr\": 0.5}",
    "{\"name\": \"adamax\", \"lr\": 0.05}",
    "{\"name\": \"nadam\", \"lr\": 0.02}",
  };
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GsExperiment) exp = NULL;
  g_autoptr(GsGrid) grid = NULL;
  g_autoptr(GsContourLines) lines = NULL;
  cairo_surface_t *target, *bands;
  cairo_t *cr;
  GsLevels levels;
  GsContourView view = { 0 };
  GsLossView loss_view = { 0 };
  GsTrajectory trajs[N_RUNS];
  GsLossSeries series[N_RUNS];
  double *xy[N_RUNS], *steps[N_RUNS], *losses[N_RUNS];
  GsSlice slice = { NULL, { 0, 0 }, 0, 1, NULL };
  GsRect area;
  double t0, t_grid, t_lines, t_bands, t_real, t_cached, t_blob, t_worst, t_loss, t_empty;
  double t_surface[5];
  GsRng rng;

  /* 8 optimizers on Rosenbrock, 100 000 steps each */
  g_string_append (json, "{\"problem\": {\"type\": \"function\", \"name\": \"rosenbrock\"},"
                         " \"start\": [-1.5, 2.0], \"max_steps\": 100000, \"runs\": [");
  for (int r = 0; r < N_RUNS; r++)
    g_string_append_printf (json, "%s{\"optimizer\": %s}", r ? ", " : "", optimizers[r]);
  g_string_append (json, "]}");
  exp = gs_experiment_new_from_data (json->str, -1, "bench", NULL, &error);
  if (exp == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  for (int r = 0; r < N_RUNS; r++)
    {
      g_autoptr(GsRun) run = gs_experiment_create_run (exp, r, N_POINTS + 16);
      GsTrace *trace = gs_run_get_trace (run);
      gsize w = gs_trace_row_width (trace);
      g_autofree double *rows = NULL;
      guint n;

      while (gs_run_get_status (run) == GS_STATUS_RUNNING)
        gs_run_step (run);
      n = gs_trace_get_n_rows (trace, NULL);
      rows = g_new (double, (gsize) n * w);
      gs_trace_copy_rows (trace, 0, n, rows);
      xy[r] = g_new (double, 2 * (gsize) N_POINTS);
      steps[r] = g_new (double, N_POINTS);
      losses[r] = g_new (double, N_POINTS);
      for (guint i = 0; i < N_POINTS; i++)
        {
          const GsRow *row = gs_row_at (rows, w, MIN (i, n - 1));
          xy[r][2 * i] = row->theta[0];
          xy[r][2 * i + 1] = row->theta[1];
          steps[r][i] = i;
          losses[r][i] = row->loss;
        }
      trajs[r] = (GsTrajectory) { xy[r], 2, N_POINTS, gs_palette_color (r), FALSE };
      series[r] = (GsLossSeries) { steps[r], losses[r], 1, N_POINTS, gs_palette_color (r),
                                   "run", FALSE };
    }

  if (argc > 1 && g_str_equal (argv[1], "--loss"))
    {
      target = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
      cr = cairo_create (target);
      loss_view.style.scale = 1;
      loss_view.log_y = TRUE;
      loss_view.x_title = "step";
      loss_view.y_title = "loss";
      loss_view.series = series;
      loss_view.n_series = N_RUNS;
      printf ("loss frame %.2f ms\n", time_frames (cr, draw_loss, &loss_view));
      cairo_surface_write_to_png (target, "/tmp/bench-render-loss.png");
      return 0;
    }
  slice.problem = exp->problem;
  t0 = now_ms ();
  grid = gs_grid_compute (&slice, 256, -2, 2, -1, 3, NULL);
  t_grid = now_ms () - t0;
  gs_levels_choose (grid, 14, &levels);
  t0 = now_ms ();
  lines = gs_contour_lines_new (grid, &levels);
  t_lines = now_ms () - t0;

  time_surface (grid, &levels, xy, losses, t_surface);
  if (argc > 1 && g_str_equal (argv[1], "--surface"))
    {
      printf ("surface frame, 64² mesh + 8 walks, %d×%d: %.2f ms; turning %.2f ms; "
              "first %.2f ms (after turning %.2f ms); no cache %.2f ms\n", SURFACE_WIDTH,
              SURFACE_HEIGHT, t_surface[0], t_surface[1], t_surface[2], t_surface[4],
              t_surface[3]);
      return 0;
    }

  target = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cr = cairo_create (target);

  view.style.scale = 1;
  view.x_min = -2;
  view.x_max = 2;
  view.y_min = -1;
  view.y_max = 3;
  view.x_title = "x";
  view.y_title = "y";
  view.value_title = "f(x, y)";
  view.grid = grid;
  view.levels = &levels;
  view.lines = lines;
  view.has_start = TRUE;
  view.start[0] = -1.5;
  view.start[1] = 2.0;
  view.trajectories = trajs;
  view.n_trajectories = N_RUNS;

  gs_plot_contour_get_area (cr, WIDTH, HEIGHT, &view, &area);
  t0 = now_ms ();
  bands = gs_plot_contour_landscape_image (grid, &levels, lines, (int) area.width,
                                           (int) area.height, &view.style);
  t_bands = now_ms () - t0;
  view.bands = bands;
  view.lines = NULL;   /* drawn into the cached image */

  t_real = time_frames (cr, draw_contour, &view);
  cairo_surface_write_to_png (target, "/tmp/bench-render-real.png");

  /* as the window draws them: each walk keeps its decimated path in a
   * cache, and every frame brings ~25 new rows per run (1500 steps/s at
   * 60 frames/s) */
  for (int r = 0; r < N_RUNS; r++)
    {
      trajs[r].cache = gs_walk_cache_new ();
      trajs[r].n = N_POINTS - 25 * (FRAMES + 1);
    }
  view.layers = gs_walk_layers_new ();
  draw_contour (cr, &view);
  t_cached = time_frames_grow (cr, draw_contour, &view, FRAMES, grow_trajectories, trajs);
  cairo_surface_write_to_png (target, "/tmp/bench-render-cached.png");
  g_clear_pointer (&view.layers, gs_walk_layers_free);
  for (int r = 0; r < N_RUNS; r++)
    {
      g_clear_pointer (&trajs[r].cache, gs_walk_cache_free);
      trajs[r].n = N_POINTS;
    }
  if (argc > 1 && g_str_equal (argv[1], "--real"))
    {
      printf ("contour frame, 8 real walks %.2f ms, cached %.2f ms\n", t_real, t_cached);
      return 0;
    }

  view.n_trajectories = 0;
  t_empty = time_frames (cr, draw_contour, &view);
  view.n_trajectories = N_RUNS;

  /* heavy but real: minibatch noise, each walk jittering in a blob of
   * ~40 pixels around its own centre for all its steps */
  gs_rng_init (&rng, 1);
  for (int r = 0; r < N_RUNS; r++)
    {
      double cx = -1.2 + 0.35 * r, cy = 0.5 + 0.2 * (r % 3);
      double x = cx, y = cy;

      for (guint i = 0; i < N_POINTS; i++)
        {
          /* an Ornstein–Uhlenbeck walk: noise pulled back to the centre */
          x += 0.05 * (cx - x) + 0.01 * gs_rng_normal (&rng);
          y += 0.05 * (cy - y) + 0.01 * gs_rng_normal (&rng);
          xy[r][2 * i] = x;
          xy[r][2 * i + 1] = y;
        }
    }
  t_blob = time_frames (cr, draw_contour, &view);
  cairo_surface_write_to_png (target, "/tmp/bench-render-blob.png");
  if (argc > 1 && g_str_equal (argv[1], "--blob"))
    {
      printf ("blobs %.2f ms\n", t_blob);
      return 0;
    }

  /* adversarial: noisy spirals that land on a new pixel at almost every
   * step and cover an eighth of the view */
  for (int r = 0; r < N_RUNS; r++)
    for (guint i = 0; i < N_POINTS; i++)
      {
        double t = (double) i / N_POINTS;
        double a = 40 * t + r;
        xy[r][2 * i] = 1.6 * (1 - t) * cos (a) + 0.01 * gs_rng_normal (&rng);
        xy[r][2 * i + 1] = 1 + 1.6 * (1 - t) * sin (a) + 0.01 * gs_rng_normal (&rng);
      }
  t_worst = time_frames_n (cr, draw_contour, &view, 3);
  cairo_surface_write_to_png (target, "/tmp/bench-render-worst.png");

  loss_view.style.scale = 1;
  loss_view.log_y = TRUE;
  loss_view.x_title = "step";
  loss_view.y_title = "loss";
  loss_view.series = series;
  loss_view.n_series = N_RUNS;
  t_loss = time_frames (cr, draw_loss, &loss_view);

  printf ("%d×%d, %d runs × %d points, median of %d frames\n", WIDTH, HEIGHT, N_RUNS,
          N_POINTS, FRAMES);
  printf ("  grid 256² (once, off the main thread)   %8.2f ms\n", t_grid);
  printf ("  iso-lines, %u segments (once)          %8.2f ms\n", lines->segments->len, t_lines);
  printf ("  band image + lines %d×%d (once per size) %8.2f ms\n", (int) area.width,
          (int) area.height, t_bands);
  printf ("  contour frame, no walks                 %8.2f ms\n", t_empty);
  printf ("  contour frame, 8 real walks             %8.2f ms\n", t_real);
  printf ("  … with walk caches + layers, +25 rows/frame %6.2f ms\n", t_cached);
  printf ("  contour frame, 8 noisy blobs (minibatch) %7.2f ms\n", t_blob);
  printf ("  contour frame, 8 adversarial spirals     %8.2f ms\n", t_worst);
  printf ("  loss frame, 8 × 100 000 rows            %8.2f ms\n", t_loss);
  printf ("  surface frame, 64² mesh + 8 walks, %d×%d %6.2f ms\n", SURFACE_WIDTH,
          SURFACE_HEIGHT, t_surface[0]);
  printf ("  … being turned (32² mesh while it moves)  %6.2f ms\n", t_surface[1]);
  printf ("  … first frame of a view / without a cache %5.2f / %.2f ms\n", t_surface[2],
          t_surface[3]);

  for (int r = 0; r < N_RUNS; r++)
    {
      g_free (xy[r]);
      g_free (steps[r]);
      g_free (losses[r]);
    }
  cairo_surface_destroy (bands);
  cairo_destroy (cr);
  cairo_surface_destroy (target);
  return 0;
}
