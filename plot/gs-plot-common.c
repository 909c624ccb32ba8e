/* gs-plot-common.c — theme, text, markers and long polylines */
#include "gs-plot-private.h"

#include <math.h>
#include <string.h>

/* ---- process-wide ------------------------------------------------------------ */

void
gs_plot_release_fonts (void)
{
  /* Not FcFini () nor cairo_debug_reset_static_data (): they assert that
   * nothing holds a fontconfig cache or a cairo scaled font, and Pango
   * lets go of its fonts on a thread of its own (it initializes
   * fontconfig there) — gradscope-cli aborted at exit now and then. */
  pango_cairo_font_map_set_default (NULL);
}

/* ---- colours ---------------------------------------------------------------- */

static const GsRgb palette[GS_PALETTE_SIZE] = {
  { 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0 },   /* blue   #3584e4 */
  { 0xff / 255.0, 0x78 / 255.0, 0x00 / 255.0 },   /* orange #ff7800 */
  { 0x33 / 255.0, 0xd1 / 255.0, 0x7a / 255.0 },   /* green  #33d17a */
  { 0x91 / 255.0, 0x41 / 255.0, 0xac / 255.0 },   /* purple #9141ac */
  { 0xe0 / 255.0, 0x1b / 255.0, 0x24 / 255.0 },   /* red    #e01b24 */
  { 0xf6 / 255.0, 0xd3 / 255.0, 0x2d / 255.0 },   /* yellow #f6d32d */
  { 0x98 / 255.0, 0x6a / 255.0, 0x44 / 255.0 },   /* brown  #986a44 */
  { 0x21 / 255.0, 0x90 / 255.0, 0xa4 / 255.0 },   /* teal   #2190a4 */
};

GsRgb
gs_palette_color (guint i)
{
  return palette[i % GS_PALETTE_SIZE];
}

gboolean
gs_rgb_parse (const char *text, GsRgb *rgb)
{
  guint v[3];

  if (text == NULL || text[0] != '#' || strlen (text) != 7)
    return FALSE;
  for (guint k = 0; k < 3; k++)
    {
      int hi = g_ascii_xdigit_value (text[1 + 2 * k]);
      int lo = g_ascii_xdigit_value (text[2 + 2 * k]);

      if (hi < 0 || lo < 0)
        return FALSE;
      v[k] = (guint) (hi * 16 + lo);
    }
  rgb->r = v[0] / 255.0;
  rgb->g = v[1] / 255.0;
  rgb->b = v[2] / 255.0;
  return TRUE;
}

double
gs_rgb_luminance (GsRgb c)
{
  /* Rec. 709 weights on the sRGB values: enough to pick a halo colour */
  return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
}

/* ---- painter ---------------------------------------------------------------- */

static PangoFontDescription *
make_font (const char *family_weight, double points, double s)
{
  PangoFontDescription *font = pango_font_description_from_string (family_weight);

  pango_font_description_set_size (font, (int) lround (points * s * PANGO_SCALE));
  return font;
}

void
gs_painter_init (GsPainter *p, cairo_t *cr, const GsPlotStyle *style)
{
  PangoContext *context;

  memset (p, 0, sizeof *p);
  p->cr = cr;
  p->s = style && style->scale > 0 ? style->scale : 1.0;
  p->dark = style ? style->dark : FALSE;
  if (p->dark)
    {
      p->bg = (GsRgb) { 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0 };   /* libadwaita dark view */
      p->fg = (GsRgb) { 1.0, 1.0, 1.0 };
    }
  else
    {
      p->bg = (GsRgb) { 1.0, 1.0, 1.0 };
      p->fg = (GsRgb) { 0.141, 0.122, 0.192 };   /* #241f31 */
    }
  p->layout = pango_cairo_create_layout (cr);
  /* Same size on every surface: 96 dpi means 9 pt = 12 device units, on
   * PNG pixels and on SVG/PDF points alike. */
  context = pango_layout_get_context (p->layout);
  pango_cairo_context_set_resolution (context, 96.0);
  pango_layout_context_changed (p->layout);
  p->font = make_font ("Sans", 9.0, p->s);
  p->font_bold = make_font ("Sans Bold", 9.5, p->s);
  p->font_title = make_font ("Sans Bold", 12.0, p->s);
}

void
gs_painter_clear (GsPainter *p)
{
  g_clear_object (&p->layout);
  g_clear_pointer (&p->font, pango_font_description_free);
  g_clear_pointer (&p->font_bold, pango_font_description_free);
  g_clear_pointer (&p->font_title, pango_font_description_free);
}

void
gs_painter_source (GsPainter *p, GsRgb c, double alpha)
{
  cairo_set_source_rgba (p->cr, c.r, c.g, c.b, alpha);
}

void
gs_painter_fg (GsPainter *p, double alpha)
{
  gs_painter_source (p, p->fg, alpha);
}

static void
set_text (GsPainter *p, const char *text, const PangoFontDescription *font)
{
  pango_layout_set_font_description (p->layout, font ? font : p->font);
  pango_layout_set_text (p->layout, text, -1);
}

void
gs_painter_text_size (GsPainter *p, const char *text, const PangoFontDescription *font,
                      double *width, double *height)
{
  PangoRectangle logical;

  set_text (p, text, font);
  pango_layout_get_extents (p->layout, NULL, &logical);
  if (width)
    *width = (double) logical.width / PANGO_SCALE;
  if (height)
    *height = (double) logical.height / PANGO_SCALE;
}

double
gs_painter_text (GsPainter *p, const char *text, const PangoFontDescription *font,
                 double x, double y, double ax, double ay)
{
  PangoRectangle logical;
  double w, h;

  set_text (p, text, font);
  pango_layout_get_extents (p->layout, NULL, &logical);
  w = (double) logical.width / PANGO_SCALE;
  h = (double) logical.height / PANGO_SCALE;
  cairo_move_to (p->cr, x - ax * w - (double) logical.x / PANGO_SCALE,
                 y - ay * h - (double) logical.y / PANGO_SCALE);
  pango_cairo_show_layout (p->cr, p->layout);
  cairo_new_path (p->cr);
  return w;
}

double
gs_painter_text_max (GsPainter *p, const char *text, const PangoFontDescription *font,
                     double x, double y, double ax, double ay, double max_width)
{
  double w;

  if (!(max_width > 0))
    return 0.0;
  /* the layout is shared: width and ellipsizing only for this text */
  pango_layout_set_width (p->layout, (int) floor (max_width * PANGO_SCALE));
  pango_layout_set_ellipsize (p->layout, PANGO_ELLIPSIZE_END);
  w = gs_painter_text (p, text, font, x, y, ax, ay);
  pango_layout_set_width (p->layout, -1);
  pango_layout_set_ellipsize (p->layout, PANGO_ELLIPSIZE_NONE);
  return w;
}

void
gs_painter_text_vertical_max (GsPainter *p, const char *text,
                              const PangoFontDescription *font, double x, double y,
                              double max_width)
{
  cairo_save (p->cr);
  cairo_translate (p->cr, x, y);
  cairo_rotate (p->cr, -G_PI / 2);
  pango_cairo_update_layout (p->cr, p->layout);
  gs_painter_text_max (p, text, font, 0, 0, 0.5, 0.5, max_width);
  cairo_restore (p->cr);
  pango_cairo_update_layout (p->cr, p->layout);
}

void
gs_painter_text_vertical (GsPainter *p, const char *text, const PangoFontDescription *font,
                          double x, double y)
{
  cairo_save (p->cr);
  cairo_translate (p->cr, x, y);
  cairo_rotate (p->cr, -G_PI / 2);
  pango_cairo_update_layout (p->cr, p->layout);
  gs_painter_text (p, text, font, 0, 0, 0.5, 0.5);
  cairo_restore (p->cr);
  pango_cairo_update_layout (p->cr, p->layout);
}

/* ---- legends ---------------------------------------------------------------- */

void
gs_legend_place (const GsRect *area, double w, double h, double margin, const GArray *spans,
                 double *x, double *y)
{
  const GsRect *a = area;
  double best = INFINITY;

  *x = a->x + a->width - w - margin;
  *y = a->y + margin;
  for (int corner = 0; corner < 4; corner++)
    {
      double cx = corner % 2 == 0 ? a->x + a->width - w - margin : a->x + margin;
      double cy = corner < 2 ? a->y + margin : a->y + a->height - h - margin;
      double cover = 0;

      for (guint i = 0; spans && i + 2 < spans->len; i += 3)
        {
          const double *sp = &g_array_index (spans, double, i);
          if (sp[0] >= cx && sp[0] <= cx + w)
            cover += MAX (0.0, MIN (sp[2] + 1.0, cy + h) - MAX (sp[1] - 1.0, cy));
        }
      if (cover < best - 0.5)
        {
          best = cover;
          *x = cx;
          *y = cy;
        }
    }
}

void
gs_legend_box (GsPainter *p, double x, double y, double w, double h)
{
  cairo_t *cr = p->cr;
  double r = 4.0 * p->s;

  cairo_save (cr);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  gs_painter_source (p, p->bg, 0.85);
  cairo_fill_preserve (cr);
  gs_painter_fg (p, 0.15);
  cairo_set_line_width (cr, MAX (1.0, round (p->s)));
  cairo_stroke_preserve (cr);
  cairo_clip (cr);
}

/* ---- images ----------------------------------------------------------------- */

void
gs_paint_image (cairo_t *cr, cairo_surface_t *image, double x0, double y0, double x1,
                double y1, const GsRect *clip)
{
  double iw = cairo_image_surface_get_width (image);
  double ih = cairo_image_surface_get_height (image);
  double cx0, cy0, cx1, cy1;
  cairo_pattern_t *pattern;
  cairo_matrix_t m;
  gboolean one_to_one;

  if (!(x1 > x0) || !(y1 > y0) || !(iw > 0) || !(ih > 0))
    return;
  cx0 = MAX (x0, clip->x);
  cy0 = MAX (y0, clip->y);
  cx1 = MIN (x1, clip->x + clip->width);
  cy1 = MIN (y1, clip->y + clip->height);
  if (!(cx1 > cx0) || !(cy1 > cy0))
    return;
  one_to_one = fabs (x1 - x0 - iw) < 0.01 && fabs (y1 - y0 - ih) < 0.01
               && fabs (x0 - round (x0)) < 0.01 && fabs (y0 - round (y0)) < 0.01;

  cairo_save (cr);
  pattern = cairo_pattern_create_for_surface (image);
  /* pattern space = image pixels: device → image */
  cairo_matrix_init_scale (&m, iw / (x1 - x0), ih / (y1 - y0));
  cairo_matrix_translate (&m, -x0, -y0);
  cairo_pattern_set_matrix (pattern, &m);
  cairo_pattern_set_filter (pattern, one_to_one ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_BILINEAR);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
  cairo_set_source (cr, pattern);
  cairo_rectangle (cr, cx0, cy0, cx1 - cx0, cy1 - cy0);
  cairo_fill (cr);
  cairo_pattern_destroy (pattern);
  cairo_restore (cr);
}

/* ---- markers ---------------------------------------------------------------- */

static void
set_rgb (cairo_t *cr, GsRgb c)
{
  cairo_set_source_rgb (cr, c.r, c.g, c.b);
}

void
gs_mark_cross (cairo_t *cr, double x, double y, double r, GsRgb color, GsRgb outline,
               double width)
{
  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_move_to (cr, x - r, y - r);
  cairo_line_to (cr, x + r, y + r);
  cairo_move_to (cr, x - r, y + r);
  cairo_line_to (cr, x + r, y - r);
  set_rgb (cr, outline);
  cairo_set_line_width (cr, width * 2.4);
  cairo_stroke_preserve (cr);
  set_rgb (cr, color);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
  cairo_restore (cr);
}

void
gs_mark_star (cairo_t *cr, double x, double y, double r, GsRgb fill, GsRgb outline,
              double width)
{
  /* five points; the inner radius of a regular star */
  double inner = r * 0.45;

  for (int k = 0; k < 10; k++)
    {
      double a = -G_PI / 2 + k * G_PI / 5;
      double rr = (k % 2) ? inner : r;

      if (k == 0)
        cairo_move_to (cr, x + rr * cos (a), y + rr * sin (a));
      else
        cairo_line_to (cr, x + rr * cos (a), y + rr * sin (a));
    }
  cairo_close_path (cr);
  cairo_save (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  set_rgb (cr, outline);
  cairo_set_line_width (cr, width);
  cairo_stroke_preserve (cr);
  set_rgb (cr, fill);
  cairo_fill (cr);
  cairo_restore (cr);
}

void
gs_mark_dot (cairo_t *cr, double x, double y, double r, GsRgb fill, GsRgb ring,
             double ring_width)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, r + ring_width, 0, 2 * G_PI);
  set_rgb (cr, ring);
  cairo_fill (cr);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  set_rgb (cr, fill);
  cairo_fill (cr);
}

void
gs_mark_square (cairo_t *cr, double x, double y, double r, GsRgb color, GsRgb outline,
                double width)
{
  cairo_save (cr);
  cairo_rectangle (cr, x - r, y - r, 2 * r, 2 * r);
  set_rgb (cr, outline);
  cairo_set_line_width (cr, width * 2.6);
  cairo_stroke_preserve (cr);
  set_rgb (cr, color);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* ---- geometry ------------------------------------------------------------- */

GsRect
gs_rect_grow (const GsRect *r, double margin)
{
  return (GsRect) { r->x - margin, r->y - margin,
                    r->width + 2 * margin, r->height + 2 * margin };
}

gboolean
gs_rect_contains (const GsRect *r, double x, double y)
{
  return x >= r->x && x <= r->x + r->width && y >= r->y && y <= r->y + r->height;
}

/* Liang–Barsky: clips the segment p0 → p1 to r; FALSE when nothing is left. */
static gboolean
clip_segment (const GsRect *r, double *x0, double *y0, double *x1, double *y1)
{
  double dx = *x1 - *x0, dy = *y1 - *y0;
  double p[4] = { -dx, dx, -dy, dy };
  double q[4] = { *x0 - r->x, r->x + r->width - *x0, *y0 - r->y, r->y + r->height - *y0 };
  double t0 = 0.0, t1 = 1.0;

  for (int k = 0; k < 4; k++)
    {
      if (p[k] == 0.0)
        {
          if (q[k] < 0.0)
            return FALSE;
          continue;
        }
      double t = q[k] / p[k];
      if (p[k] < 0.0)
        {
          if (t > t1)
            return FALSE;
          t0 = MAX (t0, t);
        }
      else
        {
          if (t < t0)
            return FALSE;
          t1 = MIN (t1, t);
        }
    }
  {
    double ax = *x0, ay = *y0;

    *x0 = ax + t0 * dx;
    *y0 = ay + t0 * dy;
    *x1 = ax + t1 * dx;
    *y1 = ay + t1 * dy;
  }
  return TRUE;
}

/* Pixels a walk already covers, to skip segments that would only be drawn
 * again over themselves (a walk oscillating between two pixels, a noisy
 * minibatch walk filling a blob). One bit per pixel of the visible area. */
typedef struct
{
  GsRect   rect;       /* the visible area */
  int      width, height;
  guint8  *bits;       /* width × height bits, row-major */
} Coverage;

static void
coverage_init (Coverage *cov, const GsRect *visible)
{
  cov->rect = *visible;
  cov->width = MAX ((int) ceil (visible->width), 1);
  cov->height = MAX ((int) ceil (visible->height), 1);
  cov->bits = g_new0 (guint8, ((gsize) cov->width * cov->height + 7) / 8);
}

static void
coverage_clear (Coverage *cov)
{
  g_clear_pointer (&cov->bits, g_free);
}

/* Marks the pixels under the segment (inside cov->rect); TRUE when it adds
 * to what the walk covers: a new pixel when it spans one or two, two new
 * pixels when longer (a jittering walk inside a blob it has filled crosses
 * the blob's rim by one pixel at a time, invisible under a 1.75-pixel line;
 * a walk creeping along a new path has every pixel of a step new). */
static gboolean
coverage_mark (Coverage *cov, double x0, double y0, double x1, double y1)
{
  double dx = x1 - x0, dy = y1 - y0;
  int steps = (int) ceil (MAX (fabs (dx), fabs (dy)));
  double sx = steps ? dx / steps : 0.0, sy = steps ? dy / steps : 0.0;
  double x = x0 - cov->rect.x, y = y0 - cov->rect.y;
  int fresh = 0;

  for (int k = 0; k <= steps; k++, x += sx, y += sy)
    {
      int ix = CLAMP ((int) x, 0, cov->width - 1);
      int iy = CLAMP ((int) y, 0, cov->height - 1);
      gsize i = (gsize) iy * cov->width + ix;
      guint8 bit = (guint8) (1u << (i & 7));

      if (!(cov->bits[i >> 3] & bit))
        {
          cov->bits[i >> 3] |= bit;
          fresh++;
        }
    }
  return fresh >= (steps <= 2 ? 1 : 2);
}

/* ---- polyline simplification --------------------------------------------- */

/* Squared distance from p to the segment a–b. */
static double
dist2_to_segment (const double *p, const double *a, const double *b)
{
  double dx = b[0] - a[0], dy = b[1] - a[1];
  double len2 = dx * dx + dy * dy;
  double u = len2 > 0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2 : 0.0;
  double ex, ey;

  u = CLAMP (u, 0.0, 1.0);
  ex = a[0] + u * dx - p[0];
  ey = a[1] + u * dy - p[1];
  return ex * ex + ey * ey;
}

#define SIMPLIFY_WINDOW 128

/* Douglas–Peucker: marks in keep[] the points of pts[0..n) that a line
 * within tol of every point needs. In windows of SIMPLIFY_WINDOW points
 * (their ends kept), so a zigzag — the worst case, quadratic — stays
 * cheap on a long line. */
static void
simplify (const double *pts, guint n, double tol2, guint8 *keep, GArray *stack)
{
  g_array_set_size (stack, 0);
  for (guint a = 0; a + 1 < n; a += SIMPLIFY_WINDOW)
    {
      guint range[2] = { a, MIN (a + SIMPLIFY_WINDOW, n - 1) };

      keep[range[0]] = keep[range[1]] = 1;
      g_array_append_vals (stack, range, 2);
    }
  while (stack->len > 0)
    {
      guint b = g_array_index (stack, guint, stack->len - 1);
      guint a = g_array_index (stack, guint, stack->len - 2);
      double worst = tol2;
      guint at = 0;

      g_array_set_size (stack, stack->len - 2);
      for (guint i = a + 1; i < b; i++)
        {
          double d = dist2_to_segment (pts + 2 * i, pts + 2 * a, pts + 2 * b);
          if (d > worst)
            {
              worst = d;
              at = i;
            }
        }
      if (at)
        {
          guint left[2] = { a, at }, right[2] = { at, b };
          keep[at] = 1;
          g_array_append_vals (stack, left, 2);
          g_array_append_vals (stack, right, 2);
        }
    }
}

void
gs_path_points (cairo_t *cr, const double *pts, guint n, double tolerance)
{
  g_autofree guint8 *keep = g_new0 (guint8, MAX (n, 1));
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint));

  if (n == 0)
    return;
  if (n >= 3)
    simplify (pts, n, tolerance * tolerance, keep, stack);
  else
    memset (keep, 1, n);
  cairo_move_to (cr, pts[0], pts[1]);
  for (guint i = 1; i < n; i++)
    if (keep[i])
      cairo_line_to (cr, pts[2 * i], pts[2 * i + 1]);
}

/* ---- walk caches: decimation that resumes where the last frame stopped -- */

#define OPEN_CHUNK 512    /* raw points of a subpath simplified and frozen at a time */

struct _GsWalkCache
{
  /* what the decimated points depend on */
  gboolean   valid;
  double     t[4];
  GsRect     clip;
  gsize      stride;
  guint      generation;
  gboolean   use_coverage;
  guint      serial;         /* changes at every start over */
  /* progress */
  guint      n_done;         /* rows consumed */
  gboolean   stopped;        /* met a non-finite point: the walk ends there */
  int        last_finite;
  /* decimator state */
  double     last_x, last_y; /* last point kept, device units */
  double     px, py;         /* its pixel [px, px + 1) × [py, py + 1); NAN before the first */
  gboolean   pen_at_last;    /* the open subpath ends at (last_x, last_y) */
  Coverage cov;
  /* output */
  GArray    *points;         /* frozen, simplified: x, y pairs */
  GArray    *starts;         /* guint: first point of each frozen subpath */
  GArray    *open;           /* raw points of the subpath being built */
  gboolean   open_continues; /* open[0] is the last frozen point: no new subpath */
  GArray    *keep, *stack;   /* simplification scratch */
};

GsWalkCache *
gs_walk_cache_new (void)
{
  GsWalkCache *c = g_new0 (GsWalkCache, 1);

  c->points = g_array_new (FALSE, FALSE, sizeof (double));
  c->starts = g_array_new (FALSE, FALSE, sizeof (guint));
  c->open = g_array_new (FALSE, FALSE, sizeof (double));
  c->keep = g_array_new (FALSE, FALSE, sizeof (guint8));
  c->stack = g_array_new (FALSE, FALSE, sizeof (guint));
  return c;
}

void
gs_walk_cache_free (GsWalkCache *c)
{
  if (c == NULL)
    return;
  coverage_clear (&c->cov);
  g_array_unref (c->points);
  g_array_unref (c->starts);
  g_array_unref (c->open);
  g_array_unref (c->keep);
  g_array_unref (c->stack);
  g_free (c);
}

void
gs_walk_cache_rebase (GsWalkCache *c, guint n_done)
{
  if (c->valid && !c->stopped)
    c->n_done = n_done;
}

static void
cache_reset (GsWalkCache *c, const double t[4], const GsRect *clip, gsize stride,
             guint generation, gboolean use_coverage)
{
  static gint next_serial = 1;

  c->valid = TRUE;
  /* unique across caches: layers tell a new cache at a freed one's address
   * from the old one */
  c->serial = (guint) g_atomic_int_add (&next_serial, 1);
  memcpy (c->t, t, sizeof c->t);
  c->clip = *clip;
  c->stride = stride;
  c->generation = generation;
  c->use_coverage = use_coverage;
  c->n_done = 0;
  c->stopped = FALSE;
  c->last_finite = -1;
  c->last_x = c->last_y = 0;
  c->px = c->py = NAN;
  c->pen_at_last = FALSE;
  coverage_clear (&c->cov);
  if (use_coverage)
    coverage_init (&c->cov, clip);
  g_array_set_size (c->points, 0);
  g_array_set_size (c->starts, 0);
  g_array_set_size (c->open, 0);
  c->open_continues = FALSE;
}

/* keep[] of the open subpath's points (all of them when short) */
static const guint8 *
open_keep (GsWalkCache *c)
{
  guint n = c->open->len / 2;

  g_array_set_size (c->keep, n);
  memset (c->keep->data, n >= 3 ? 0 : 1, n);
  if (n >= 3)
    simplify ((const double *) c->open->data, n, 0.33 * 0.33, (guint8 *) c->keep->data,
              c->stack);
  return (const guint8 *) c->keep->data;
}

/* Simplifies the open subpath into the frozen points; the next points
 * continue it when `continues`. */
static void
open_freeze (GsWalkCache *c, gboolean continues)
{
  guint n = c->open->len / 2;
  const double *p = (const double *) c->open->data;
  const guint8 *keep;
  double last[2];

  if (n == 0)
    return;
  keep = open_keep (c);
  if (n >= 2)
    {
      if (!c->open_continues)
        {
          guint first = c->points->len / 2;
          g_array_append_val (c->starts, first);
        }
      for (guint i = c->open_continues ? 1 : 0; i < n; i++)
        if (keep[i])
          g_array_append_vals (c->points, p + 2 * i, 2);
    }
  last[0] = p[2 * (n - 1)];
  last[1] = p[2 * (n - 1) + 1];
  g_array_set_size (c->open, 0);
  c->open_continues = continues && n >= 2;
  if (c->open_continues)
    g_array_append_vals (c->open, last, 2);
}

static void
open_add (GsWalkCache *c, double x, double y)
{
  double p[2] = { x, y };

  g_array_append_vals (c->open, p, 2);
  if (c->open->len / 2 >= OPEN_CHUNK)
    open_freeze (c, TRUE);
}

/* floor () without the libm call (no SSE4.1 rounding in the baseline ISA);
 * |v| < 2⁶² here: device coordinates of finite points */
static inline double
fast_floor (double v)
{
  double t;

  if (!(fabs (v) < 4e18))
    return floor (v);
  t = (double) (gint64) v;
  return t > v ? t - 1.0 : t;
}

/* Rows [c->n_done, n) of xy. */
static void
cache_feed (GsWalkCache *c, const double *xy, guint n)
{
  const double *t = c->t;
  const GsRect *clip = &c->clip;
  Coverage *cov = c->use_coverage ? &c->cov : NULL;
  gsize stride = c->stride;
  guint i;

  for (i = c->n_done; i < n && !c->stopped; i++)
    {
      const double *pt;
      double x, y, x0, y0, x1, y1;

      /* The hot loop, most points of a long walk: the same pixel as the
       * last point kept adds nothing visible (NAN fails every compare). The
       * latest point is always kept so the line ends where the run is. */
      {
        double px = c->px, py = c->py, px1 = px + 1.0, py1 = py + 1.0;
        guint start = i;

        for (; i + 1 < n; i++)
          {
            const double *q = xy + (gsize) i * stride;
            double qx = t[0] + t[1] * q[0];
            double qy = t[2] + t[3] * q[1];

            if (!(qx >= px && qx < px1 && qy >= py && qy < py1))
              break;
          }
        if (i > start)
          c->last_finite = (int) i - 1;
      }
      pt = xy + (gsize) i * stride;
      x = t[0] + t[1] * pt[0];
      y = t[2] + t[3] * pt[1];
      /* x, y carry any NAN or ∞ of the point (t[1], t[3] ≠ 0) */
      if (!(fabs (x) < G_MAXDOUBLE && fabs (y) < G_MAXDOUBLE))
        {
          c->stopped = TRUE;
          break;
        }
      c->last_finite = (int) i;

      /* Next hottest: a step to a neighbouring pixel this walk already
       * covers (it oscillates, or wanders in a blob it has filled): the
       * segment between two covered neighbours adds nothing either. */
      if (cov && fabs (x - c->last_x) < 1.5 && fabs (y - c->last_y) < 1.5
          && gs_rect_contains (&cov->rect, x, y) && !isnan (c->px))
        {
          int ix = MIN ((int) (x - cov->rect.x), cov->width - 1);
          int iy = MIN ((int) (y - cov->rect.y), cov->height - 1);
          gsize k = (gsize) iy * cov->width + ix;

          if (cov->bits[k >> 3] & (1u << (k & 7)))
            {
              c->pen_at_last = FALSE;
              c->last_x = x;
              c->last_y = y;
              c->px = fast_floor (x);
              c->py = fast_floor (y);
              continue;
            }
        }

      if (isnan (c->px))
        {
          if (gs_rect_contains (clip, x, y))
            {
              open_add (c, x, y);
              if (cov)
                coverage_mark (cov, x, y, x, y);
              c->pen_at_last = TRUE;
            }
        }
      else
        {
          x0 = c->last_x, y0 = c->last_y, x1 = x, y1 = y;
          /* (both ends inside, the usual case: nothing to clip) */
          if (!(gs_rect_contains (clip, x0, y0) && gs_rect_contains (clip, x1, y1))
              && !clip_segment (clip, &x0, &y0, &x1, &y1))
            c->pen_at_last = FALSE;   /* outside: left out */
          else if (cov && !coverage_mark (cov, x0, y0, x1, y1))
            c->pen_at_last = FALSE;   /* only over itself: left out */
          else
            {
              if (!c->pen_at_last || x0 != c->last_x || y0 != c->last_y)
                {
                  open_freeze (c, FALSE);
                  open_add (c, x0, y0);
                }
              open_add (c, x1, y1);
              c->pen_at_last = x1 == x && y1 == y;
            }
        }
      c->last_x = x;
      c->last_y = y;
      c->px = fast_floor (x);
      c->py = fast_floor (y);
    }
  c->n_done = c->stopped ? n : MAX (i, c->n_done);
}

void
gs_walk_cache_update (GsWalkCache *c, const double *xy, guint n, gsize stride,
                      const double t[4], const GsRect *clip, gboolean use_coverage,
                      guint generation)
{
  if (!c->valid || memcmp (c->t, t, sizeof c->t) != 0
      || memcmp (&c->clip, clip, sizeof *clip) != 0 || c->stride != stride
      || c->generation != generation || c->use_coverage != use_coverage || n < c->n_done)
    cache_reset (c, t, clip, stride, generation, use_coverage);
  cache_feed (c, xy, n);
}

int
gs_walk_cache_last_finite (const GsWalkCache *c)
{
  return c->last_finite;
}

guint
gs_walk_cache_get_serial (const GsWalkCache *c)
{
  return c->serial;
}

guint
gs_walk_cache_get_n_frozen (const GsWalkCache *c)
{
  return c->points->len / 2;
}

/* Index of the frozen subpath that point i belongs to. */
static guint
subpath_of (const GsWalkCache *c, guint i)
{
  const guint *starts = (const guint *) c->starts->data;
  guint lo = 0, hi = c->starts->len;

  /* last k with starts[k] ≤ i */
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;
      if (starts[mid] <= i)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

void
gs_walk_cache_append_frozen (GsWalkCache *c, cairo_t *cr, guint from, guint to)
{
  const double *p = (const double *) c->points->data;
  const guint *starts = (const guint *) c->starts->data;
  guint n_starts = c->starts->len;
  guint next;   /* the first subpath starting at or after from */

  to = MIN (to, c->points->len / 2);
  if (from >= to || n_starts == 0)
    return;
  next = subpath_of (c, from);
  if (starts[next] < from)
    {
      /* inside a subpath: on from the point before it, drawn last time */
      cairo_move_to (cr, p[2 * (from - 1)], p[2 * (from - 1) + 1]);
      next++;
    }
  for (guint i = from; i < to; i++)
    {
      if (next < n_starts && starts[next] == i)
        {
          cairo_move_to (cr, p[2 * i], p[2 * i + 1]);
          next++;
        }
      else
        cairo_line_to (cr, p[2 * i], p[2 * i + 1]);
    }
}

void
gs_walk_cache_append_live (GsWalkCache *c, cairo_t *cr, guint from)
{
  guint n_frozen = c->points->len / 2;
  guint n_open = c->open->len / 2;

  gs_walk_cache_append_frozen (c, cr, from, n_frozen);
  /* the open subpath, simplified for this frame only */
  if (n_open >= 2)
    {
      const double *o = (const double *) c->open->data;
      const guint8 *keep = open_keep (c);

      /* open[0] is the last frozen point when it continues that subpath */
      cairo_move_to (cr, o[0], o[1]);
      for (guint i = 1; i < n_open; i++)
        if (keep[i])
          cairo_line_to (cr, o[2 * i], o[2 * i + 1]);
    }
}

void
gs_walk_cache_append_path (GsWalkCache *c, cairo_t *cr)
{
  gs_walk_cache_append_live (c, cr, 0);
}

int
gs_path_polyline (cairo_t *cr, const double *xy, guint n, gsize stride, const double t[4],
                  const GsRect *clip)
{
  GsWalkCache *c = gs_walk_cache_new ();
  int last;

  gs_walk_cache_update (c, xy, n, stride, t, clip, FALSE, 0);
  gs_walk_cache_append_path (c, cr);
  last = c->last_finite;
  gs_walk_cache_free (c);
  return last;
}

gboolean
gs_halo_is_dark (GsRgb c)
{
  /* light run colours get a dark halo, dark ones a white one */
  return gs_rgb_luminance (c) > 0.55;
}

void
gs_set_halo (cairo_t *cr, GsRgb c)
{
  if (gs_halo_is_dark (c))
    cairo_set_source_rgba (cr, 0.0, 0.0, 0.0, 0.45);
  else
    cairo_set_source_rgba (cr, 1.0, 1.0, 1.0, 0.55);
}
