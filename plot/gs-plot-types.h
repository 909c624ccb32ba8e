/* gs-plot-types.h — small shared types of the Cairo renderers */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A colour, each channel in [0, 1]. */
typedef struct
{
  double r, g, b;
} GsRgb;

/* A rectangle in device units (pixels for images, points for SVG/PDF). */
typedef struct
{
  double x, y, width, height;
} GsRect;

/* How a view looks; everything else it draws comes from its data. */
typedef struct
{
  gboolean dark;    /* light text and lines on a dark background */
  double   scale;   /* UI scale: fonts, margins and line widths grow with it (0 = 1) */
} GsPlotStyle;

#define GS_PALETTE_SIZE 8

/* Default colour of run i (GNOME palette: blue, orange, green, purple, red,
 * yellow, brown, teal), cycling after eight. */
GsRgb    gs_palette_color (guint i);
/* "#rrggbb" → colour; FALSE (and rgb untouched) when text is not one. */
gboolean gs_rgb_parse     (const char *text, GsRgb *rgb);

G_END_DECLS
