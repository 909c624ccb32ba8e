/* gs-colormap.h — a perceptually uniform colour map (viridis) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* t ∈ [0, 1] (clamped; NAN gives the t = 0 colour) → r, g, b ∈ [0, 1],
 * interpolated in a 256-entry viridis table: dark violet → blue → green →
 * yellow, with luminance rising monotonically. */
void    gs_colormap_rgb  (double t, double *r, double *g, double *b);
/* The same colour as an opaque cairo ARGB32 pixel, 0xffRRGGBB. */
guint32 gs_colormap_argb (double t);

G_END_DECLS
