/* gs-rng.h — small seeded RNG (xoshiro256**), one per run or data set */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint64 s[4];        /* xoshiro256** state */
  double  spare;       /* second Box–Muller normal, valid when has_spare */
  gboolean has_spare;
} GsRng;

void    gs_rng_init    (GsRng *rng, guint64 seed);
guint64 gs_rng_next    (GsRng *rng);
double  gs_rng_uniform (GsRng *rng);                 /* [0, 1) */
double  gs_rng_normal  (GsRng *rng);                 /* N(0, 1) */
guint   gs_rng_below   (GsRng *rng, guint bound);    /* [0, bound), bound ≥ 1, unbiased */
void    gs_rng_shuffle (GsRng *rng, guint *items, guint n);

G_END_DECLS
