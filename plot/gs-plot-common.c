/* gs-plot-common.c — theme, text, markers and long polylines */
#include "gs-plot-private.h"

#include <math.h>
#include <string.h>

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

int
gs_path_polyline (cairo_t *cr, const double *xy, guint n, gsize stride, const double t[4],
                  const GsRect *safe)
{
  double last_x = 0, last_y = 0;        /* last point kept, device units */
  long last_ix = G_MINLONG, last_iy = G_MINLONG;
  gboolean pen_at_last = FALSE;         /* the path ends at (last_x, last_y) */
  gboolean have_last = FALSE;
  int last_finite = -1;

  for (guint i = 0; i < n; i++)
    {
      const double *pt = xy + (gsize) i * stride;
      double x, y;
      long ix, iy;

      if (!isfinite (pt[0]) || !isfinite (pt[1]))
        break;
      x = t[0] + t[1] * pt[0];
      y = t[2] + t[3] * pt[1];
      last_finite = (int) i;
      if (!isfinite (x) || !isfinite (y))
        break;

      /* the same pixel as the last point kept adds nothing visible; the
       * very last point is always kept so the line ends where the run is */
      ix = fabs (x) < 1e15 ? (long) floor (x) : (x > 0 ? G_MAXLONG : G_MINLONG);
      iy = fabs (y) < 1e15 ? (long) floor (y) : (y > 0 ? G_MAXLONG : G_MINLONG);
      if (have_last && ix == last_ix && iy == last_iy && i + 1 < n)
        continue;

      if (!have_last)
        {
          if (gs_rect_contains (safe, x, y))
            {
              cairo_move_to (cr, x, y);
              pen_at_last = TRUE;
            }
        }
      else if (pen_at_last && gs_rect_contains (safe, x, y))
        cairo_line_to (cr, x, y);
      else
        {
          double x0 = last_x, y0 = last_y, x1 = x, y1 = y;

          if (clip_segment (safe, &x0, &y0, &x1, &y1))
            {
              if (!pen_at_last || x0 != last_x || y0 != last_y)
                cairo_move_to (cr, x0, y0);
              cairo_line_to (cr, x1, y1);
            }
          pen_at_last = gs_rect_contains (safe, x, y);
        }
      last_x = x;
      last_y = y;
      last_ix = ix;
      last_iy = iy;
      have_last = TRUE;
    }
  return last_finite;
}
