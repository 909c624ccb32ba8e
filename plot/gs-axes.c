/* gs-axes.c — ticks, tick labels and the axes frame */
#include "gs-axes.h"
#include "gs-plot-private.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- ticks ------------------------------------------------------------------ */

double
gs_nice_step (double raw)
{
  double e, f;

  if (!(raw > 0.0) || !isfinite (raw))
    return 1.0;
  e = floor (log10 (raw));
  f = raw / pow (10.0, e);
  /* the smallest of 1, 2, 5, 10 not below f (a little slack for rounding) */
  if (f <= 1.0 + 1e-9)
    f = 1.0;
  else if (f <= 2.0 + 1e-9)
    f = 2.0;
  else if (f <= 5.0 + 1e-9)
    f = 5.0;
  else
    f = 10.0;
  return f * pow (10.0, e);
}

static void
add_tick (GsTicks *ticks, double value, gboolean major)
{
  if (ticks->n < GS_TICKS_MAX)
    ticks->ticks[ticks->n++] = (GsTick) { value, major };
}

void
gs_ticks_linear (double lo, double hi, guint target, GsTicks *ticks)
{
  double step, first;

  memset (ticks, 0, sizeof *ticks);
  if (!isfinite (lo) || !isfinite (hi))
    return;
  if (hi < lo)
    {
      double t = lo;
      lo = hi;
      hi = t;
    }
  if (hi == lo)
    {
      double pad = lo != 0.0 ? fabs (lo) * 0.1 : 1.0;
      lo -= pad;
      hi += pad;
    }
  target = CLAMP (target, 2, GS_TICKS_MAX - 2);
  step = gs_nice_step ((hi - lo) / target);
  /* a scale needs two labels: on a short axis the step rounded up can
   * leave one tick (0.54 … 3.15 by 2), so take the next smaller 1-2-5 step */
  while (floor (hi / step + 1e-9) - ceil (lo / step - 1e-9) < 1.0)
    step = gs_nice_step (step * 0.35);   /* 1 → 0.5, 2 → 1, 5 → 2 */
  ticks->step = step;
  first = ceil (lo / step - 1e-9);
  for (double k = first; ; k++)
    {
      double v = k * step;

      if (v > hi + step * 1e-9 || ticks->n == GS_TICKS_MAX)
        break;
      if (fabs (v) < step * 1e-9)
        v = 0.0;   /* no "−0" or "1e-17" */
      add_tick (ticks, v, TRUE);
    }
}

void
gs_ticks_log (double lo, double hi, GsTicks *ticks)
{
  double l0, l1, k;
  int d0, d1, n_major = 0;

  memset (ticks, 0, sizeof *ticks);
  if (!(lo > 0.0) || !(hi > lo) || !isfinite (hi))
    {
      gs_ticks_linear (lo, hi, 5, ticks);
      return;
    }
  l0 = log10 (lo);
  l1 = log10 (hi);
  if (l1 - l0 < 1.0)
    {
      /* less than a decade: plain 1-2-5 ticks read better than 10ⁿ ones */
      gs_ticks_linear (lo, hi, 4, ticks);
      for (guint i = 0; i < ticks->n; i++)
        if (ticks->ticks[i].value <= 0.0)
          {
            memmove (ticks->ticks + i, ticks->ticks + i + 1,
                     (ticks->n - i - 1) * sizeof (GsTick));
            ticks->n--;
            i--;
          }
      return;
    }

  ticks->log = TRUE;
  d0 = (int) floor (l0 + 1e-9);
  d1 = (int) floor (l1 + 1e-9);
  /* every k-th decade when there are many; minor 2…9 only when few */
  k = (d1 - d0 <= 12) ? 1.0 : ceil (gs_nice_step ((d1 - d0) / 10.0));
  ticks->step = k;
  for (int d = d0; d <= d1 && ticks->n < GS_TICKS_MAX; d++)
    {
      gboolean labelled = fmod ((double) d, k) == 0.0;

      for (int m = 1; m <= 9; m++)
        {
          double v = m * pow (10.0, d);
          gboolean major = (m == 1 && labelled);

          if (m > 1 && (k > 1.0 || d1 - d0 > 6))
            break;
          if (m == 1 && !labelled)
            continue;
          if (v < lo * (1 - 1e-9) || v > hi * (1 + 1e-9))
            continue;
          add_tick (ticks, v, major);
          n_major += major;
        }
    }
  if (n_major < 2)
    {
      /* one decade mark in range: label the 2s and 5s too */
      for (guint i = 0; i < ticks->n; i++)
        {
          double m = ticks->ticks[i].value / pow (10.0, floor (log10 (ticks->ticks[i].value) + 1e-9));
          if (fabs (m - 2.0) < 1e-6 || fabs (m - 5.0) < 1e-6)
            ticks->ticks[i].major = TRUE;
        }
    }
}

static const char *const superscripts[] = {
  "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"
};

static void
append_superscript (GString *s, int e)
{
  char digits[16];

  if (e < 0)
    g_string_append (s, "⁻");
  g_snprintf (digits, sizeof digits, "%d", ABS (e));
  for (const char *d = digits; *d; d++)
    g_string_append (s, superscripts[*d - '0']);
}

/* "-" → "−" (U+2212), the typographic minus */
static void
append_number (GString *s, const char *text)
{
  if (text[0] == '-')
    {
      g_string_append (s, "−");
      text++;
    }
  g_string_append (s, text);
}

/* v with `decimals` places, always with a '.' as the decimal mark. */
static void
format_fixed (char *buf, gsize size, double v, int decimals)
{
  g_snprintf (buf, size, "%.*f", MAX (decimals, 0), v);
  /* printf obeys the locale's decimal mark; labels always use '.' */
  for (char *c = buf; *c; c++)
    if (*c == ',')
      *c = '.';
}

void
gs_tick_format (const GsTicks *ticks, double value, char *buf, gsize size)
{
  g_autoptr(GString) s = g_string_new (NULL);
  char num[64];

  if (ticks->percent && isfinite (value))
    {
      /* as many decimals as the step needs: 25 %, 2.5 % */
      double step = ticks->step > 0 ? ticks->step * 100.0 : 1.0;
      int decimals = MAX (0, -(int) floor (log10 (step) + 1e-9));
      double v = value * 100.0;

      /* a step of 2.5 needs one more than its magnitude says */
      while (decimals < 6 && fabs (step * pow (10, decimals) - round (step * pow (10, decimals)))
                             > 1e-6 * step * pow (10, decimals))
        decimals++;

      if (fabs (v) < step * 1e-9)
        v = 0.0;
      format_fixed (num, sizeof num, v, decimals);
      append_number (s, num);
      g_string_append (s, " %");
      g_strlcpy (buf, s->str, size);
      return;
    }
  if (value == 0.0 || !isfinite (value))
    {
      g_strlcpy (buf, isfinite (value) ? "0" : "—", size);
      return;
    }

  if (ticks->log)
    {
      int e = (int) floor (log10 (fabs (value)) + 1e-9);
      double m = value / pow (10.0, e);

      if (e >= -2 && e <= 3)
        {
          format_fixed (num, sizeof num, value, -e);
          append_number (s, num);
        }
      else
        {
          if (fabs (m - 1.0) > 1e-6)
            {
              g_ascii_formatd (num, sizeof num, "%g", m);
              append_number (s, num);
              g_string_append (s, "×");
            }
          g_string_append (s, "10");
          append_superscript (s, e);
        }
    }
  else
    {
      double step = ticks->step > 0 ? ticks->step : fabs (value);
      int ds = (int) floor (log10 (step) + 1e-9);
      int ev = (int) floor (log10 (fabs (value)) + 1e-9);
      double big = 0.0;

      for (guint i = 0; i < ticks->n; i++)
        big = MAX (big, fabs (ticks->ticks[i].value));
      big = MAX (big, fabs (value));
      {
        int eb = (int) floor (log10 (big) + 1e-9);

        if (eb >= 5 || eb <= -3)
          {
            /* compact scientific: 2.5e4, 1e-3 */
            int decimals = MAX (0, ev - ds);
            double m = value / pow (10.0, ev);

            if (fabs (m) >= 10.0 - 0.5 * pow (10.0, -decimals))
              {
                /* rounding carried into the next power */
                ev++;
                m /= 10.0;
                decimals = MAX (0, ev - ds);
              }
            format_fixed (num, sizeof num, m, decimals);
            /* drop trailing zeros of the mantissa: 2.50 → 2.5, 1.0 → 1 */
            if (strchr (num, '.'))
              {
                char *end = num + strlen (num) - 1;
                while (*end == '0')
                  *end-- = '\0';
                if (*end == '.')
                  *end = '\0';
              }
            append_number (s, num);
            g_string_append_printf (s, "e%d", ev);
          }
        else
          {
            format_fixed (num, sizeof num, value, -ds);
            append_number (s, num);
          }
      }
    }
  g_strlcpy (buf, s->str, size);
}

/* ---- axes ------------------------------------------------------------------- */

static double
axis_frac (const GsAxis *axis, double v)
{
  /* (the logs apart: hi / lo overflows when the axis spans 300 decades) */
  if (axis->log)
    return (log10 (v) - log10 (axis->lo)) / (log10 (axis->hi) - log10 (axis->lo));
  return (v - axis->lo) / (axis->hi - axis->lo);
}

double
gs_axes_x_to_px (const GsAxes *axes, double x)
{
  return axes->area.x + axis_frac (&axes->x, x) * axes->area.width;
}

gboolean
gs_window_at_pixel (const double window[4], const GsRect *area, double px, double py,
                    double *x, double *y)
{
  if (area->width <= 0 || area->height <= 0)
    return FALSE;
  *x = window[0] + (px - area->x) / area->width * (window[1] - window[0]);
  *y = window[3] - (py - area->y) / area->height * (window[3] - window[2]);
  return px >= area->x && px <= area->x + area->width
         && py >= area->y && py <= area->y + area->height;
}

void
gs_window_zoom (double window[4], double cx, double cy, double factor)
{
  for (guint k = 0; k < 4; k++)
    window[k] = (k < 2 ? cx : cy) + (window[k] - (k < 2 ? cx : cy)) * factor;
}

void
gs_window_dragged (const double start[4], const GsRect *area, double dx, double dy,
                   double window[4])
{
  double w = start[1] - start[0], h = start[3] - start[2];

  if (area->width <= 0 || area->height <= 0)
    return;
  window[0] = start[0] - dx / area->width * w;
  window[1] = start[1] - dx / area->width * w;
  window[2] = start[2] + dy / area->height * h;
  window[3] = start[3] + dy / area->height * h;
}

double
gs_axes_y_to_px (const GsAxes *axes, double y)
{
  return axes->area.y + (1.0 - axis_frac (&axes->y, y)) * axes->area.height;
}

/* A fraction axis over about [0, 1]: quarters read best (a 1-2-5 step
 * gives 20 % ticks), halves when short, tenths when tall. */
static gboolean
percent_ticks (const GsAxis *axis, double length, double spacing, GsTicks *ticks)
{
  guint fit = (guint) MAX (1.0, floor (length / spacing));
  double step;

  if (!(axis->lo <= 0.0 && axis->lo > -0.2 && axis->hi >= 1.0 && axis->hi < 1.2))
    return FALSE;
  step = fit >= 10 ? 0.1 : fit >= 4 ? 0.25 : 0.5;
  memset (ticks, 0, sizeof *ticks);
  ticks->step = step;
  for (guint k = 0; k * step <= 1.0 + 1e-9; k++)
    add_tick (ticks, k * step, TRUE);
  return TRUE;
}

static void
choose_ticks (const GsAxis *axis, double length, double spacing, GsTicks *ticks)
{
  if (axis->log)
    gs_ticks_log (axis->lo, axis->hi, ticks);
  else if (!(axis->percent && percent_ticks (axis, length, spacing, ticks)))
    gs_ticks_linear (axis->lo, axis->hi, (guint) MAX (2.0, floor (length / spacing)), ticks);
  ticks->percent = axis->percent && !axis->log;
}

/* A range every mapping can use: finite, lo < hi, and lo > 0 on log axes. */
static void
sanitize (GsAxis *axis)
{
  if (axis->log && !(axis->lo > 0.0 && isfinite (axis->lo) && axis->hi > axis->lo
                     && isfinite (axis->hi)))
    {
      axis->lo = 0.1;
      axis->hi = 10.0;
    }
  if (!isfinite (axis->lo) || !isfinite (axis->hi))
    {
      axis->lo = 0.0;
      axis->hi = 1.0;
    }
  if (!(axis->hi > axis->lo))
    {
      double d = axis->lo != 0.0 ? fabs (axis->lo) * 0.1 : 1.0;
      axis->lo -= d;
      axis->hi += d;
    }
}

#define TICK_LEN 4.0
#define GAP      4.0
#define PAD      6.0

void
gs_axes_layout_p (GsPainter *p, GsAxes *axes, const GsRect *outer)
{
  double s = p->s;
  double label_h, title_h = 0, max_w = 0, left, right, top, bottom, h;
  char buf[64];

  sanitize (&axes->x);
  sanitize (&axes->y);
  gs_painter_text_size (p, "0123456789", NULL, NULL, &label_h);
  if (axes->x.title || axes->y.title)
    gs_painter_text_size (p, "Ag", NULL, NULL, &title_h);

  top = MAX (PAD * s, ceil (label_h / 2));
  bottom = (TICK_LEN + GAP) * s + label_h + (axes->x.title ? GAP * s + title_h : 0) + PAD * s;
  h = MAX (outer->height - top - bottom, 10.0);
  choose_ticks (&axes->y, h, 42.0 * s, &axes->y_ticks);

  for (guint i = 0; i < axes->y_ticks.n; i++)
    if (axes->y_ticks.ticks[i].major)
      {
        double w;
        gs_tick_format (&axes->y_ticks, axes->y_ticks.ticks[i].value, buf, sizeof buf);
        gs_painter_text_size (p, buf, NULL, &w, NULL);
        max_w = MAX (max_w, w);
      }
  left = PAD * s + (axes->y.title ? title_h + GAP * s : 0) + max_w + (GAP + TICK_LEN) * s;
  right = PAD * s;

  choose_ticks (&axes->x, MAX (outer->width - left - right, 10.0), 75.0 * s, &axes->x_ticks);
  /* the last x label is centred on its tick: leave room for its half */
  for (int i = (int) axes->x_ticks.n - 1; i >= 0; i--)
    if (axes->x_ticks.ticks[i].major)
      {
        double w;
        gs_tick_format (&axes->x_ticks, axes->x_ticks.ticks[i].value, buf, sizeof buf);
        gs_painter_text_size (p, buf, NULL, &w, NULL);
        right = MAX (right, w / 2 + 2 * s);
        break;
      }

  /* whole device units, so the frame lands on pixel edges */
  axes->area.x = ceil (outer->x + left);
  axes->area.y = ceil (outer->y + top);
  axes->area.width = MAX (floor (outer->x + outer->width - right) - axes->area.x, 10.0);
  axes->area.height = MAX (floor (outer->y + outer->height - bottom) - axes->area.y, 10.0);
}

void
gs_axes_layout (cairo_t *cr, const GsPlotStyle *style, GsAxes *axes, const GsRect *outer)
{
  GsPainter p;

  gs_painter_init (&p, cr, style);
  gs_axes_layout_p (&p, axes, outer);
  gs_painter_clear (&p);
}

/* Index stride k (1, 2, 4, …) so that labels at every k-th major tick keep
 * gap between them; sizes[i] is each major label's extent along the axis
 * and pos[i] its centre. */
static guint
label_stride (const double *pos, const double *sizes, guint n, double gap)
{
  for (guint k = 1; k < n; k *= 2)
    {
      gboolean fits = TRUE;

      for (guint i = k; i < n && fits; i += k)
        if (fabs (pos[i] - pos[i - k]) < (sizes[i] + sizes[i - k]) / 2 + gap)
          fits = FALSE;
      if (fits)
        return k;
    }
  return MAX (n, 1);
}

/* First labelled index: the one at zero when there is one, so 0 keeps its label. */
static guint
label_phase (const GsTicks *ticks, const guint *major, guint n, guint k)
{
  for (guint i = 0; i < n; i++)
    if (ticks->ticks[major[i]].value == 0.0)
      return i % k;
  return 0;
}

void
gs_axes_draw_p (GsPainter *p, const GsAxes *axes)
{
  cairo_t *cr = p->cr;
  const GsRect *a = &axes->area;
  double s = p->s;
  double lw = MAX (1.0, round (s));
  double label_h, title_h;
  guint major[GS_TICKS_MAX], n_major;
  double pos[GS_TICKS_MAX] = { 0 }, size[GS_TICKS_MAX] = { 0 };
  char labels[GS_TICKS_MAX][64];
  double max_w = 0;
  guint k, phase;

  gs_painter_text_size (p, "0123456789", NULL, NULL, &label_h);
  gs_painter_text_size (p, "Ag", NULL, NULL, &title_h);

  cairo_save (cr);
  cairo_set_line_width (cr, lw);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);

  /* grid */
  if (axes->grid)
    {
      for (guint i = 0; i < axes->x_ticks.n; i++)
        if (axes->x_ticks.ticks[i].major)
          {
            double x = round (gs_axes_x_to_px (axes, axes->x_ticks.ticks[i].value)) + lw / 2;
            cairo_move_to (cr, x, a->y);
            cairo_line_to (cr, x, a->y + a->height);
          }
      for (guint i = 0; i < axes->y_ticks.n; i++)
        if (axes->y_ticks.ticks[i].major)
          {
            double y = round (gs_axes_y_to_px (axes, axes->y_ticks.ticks[i].value)) + lw / 2;
            cairo_move_to (cr, a->x, y);
            cairo_line_to (cr, a->x + a->width, y);
          }
      gs_painter_fg (p, p->dark ? 0.10 : 0.07);
      cairo_stroke (cr);
    }

  /* frame */
  cairo_rectangle (cr, a->x + lw / 2, a->y + lw / 2, a->width - lw, a->height - lw);
  gs_painter_fg (p, 0.45);
  cairo_stroke (cr);

  /* x ticks and labels */
  n_major = 0;
  for (guint i = 0; i < axes->x_ticks.n; i++)
    {
      const GsTick *t = &axes->x_ticks.ticks[i];
      double x = round (gs_axes_x_to_px (axes, t->value)) + lw / 2;
      double len = (t->major ? TICK_LEN : TICK_LEN / 2) * s;

      cairo_move_to (cr, x, a->y + a->height);
      cairo_line_to (cr, x, a->y + a->height + len);
      if (t->major)
        {
          gs_tick_format (&axes->x_ticks, t->value, labels[n_major], sizeof labels[0]);
          gs_painter_text_size (p, labels[n_major], NULL, &size[n_major], NULL);
          pos[n_major] = x;
          major[n_major++] = i;
        }
    }
  gs_painter_fg (p, 0.45);
  cairo_stroke (cr);

  gs_painter_fg (p, 0.75);
  k = label_stride (pos, size, n_major, 10.0 * s);
  phase = label_phase (&axes->x_ticks, major, n_major, k);
  for (guint i = phase; i < n_major; i += k)
    gs_painter_text (p, labels[i], NULL, pos[i], a->y + a->height + (TICK_LEN + GAP) * s, 0.5, 0.0);

  /* y ticks and labels */
  n_major = 0;
  for (guint i = 0; i < axes->y_ticks.n; i++)
    {
      const GsTick *t = &axes->y_ticks.ticks[i];
      double y = round (gs_axes_y_to_px (axes, t->value)) + lw / 2;
      double len = (t->major ? TICK_LEN : TICK_LEN / 2) * s;

      cairo_move_to (cr, a->x, y);
      cairo_line_to (cr, a->x - len, y);
      if (t->major)
        {
          double w;
          gs_tick_format (&axes->y_ticks, t->value, labels[n_major], sizeof labels[0]);
          gs_painter_text_size (p, labels[n_major], NULL, &w, NULL);
          max_w = MAX (max_w, w);
          size[n_major] = label_h;
          pos[n_major] = y;
          major[n_major++] = i;
        }
    }
  gs_painter_fg (p, 0.45);
  cairo_stroke (cr);

  gs_painter_fg (p, 0.75);
  k = label_stride (pos, size, n_major, 2.0 * s);
  phase = label_phase (&axes->y_ticks, major, n_major, k);
  for (guint i = phase; i < n_major; i += k)
    gs_painter_text (p, labels[i], NULL, a->x - (TICK_LEN + GAP) * s, pos[i], 1.0, 0.5);

  /* titles */
  /* titles, ellipsized when longer than their axis (and its margins) */
  gs_painter_fg (p, 0.85);
  if (axes->x.title)
    gs_painter_text_max (p, axes->x.title, NULL, a->x + a->width / 2,
                         a->y + a->height + (TICK_LEN + GAP) * s + label_h + GAP * s, 0.5, 0.0,
                         a->width + 2 * PAD * s);
  if (axes->y.title)
    gs_painter_text_vertical_max (p, axes->y.title, NULL,
                                  a->x - (TICK_LEN + GAP) * s - max_w - GAP * s - title_h / 2,
                                  a->y + a->height / 2, a->height + 2 * PAD * s);
  cairo_restore (cr);
}

void
gs_axes_draw (cairo_t *cr, const GsPlotStyle *style, const GsAxes *axes)
{
  GsPainter p;

  gs_painter_init (&p, cr, style);
  gs_axes_draw_p (&p, axes);
  gs_painter_clear (&p);
}
