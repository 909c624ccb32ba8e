/* gs-rng.c — xoshiro256** seeded through splitmix64 (Blackman & Vigna) */
#include "gs-rng.h"

#include <math.h>

static inline guint64
rotl (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

void
gs_rng_init (GsRng *rng, guint64 seed)
{
  guint64 z = seed;

  for (guint i = 0; i < 4; i++)
    {
      /* splitmix64 */
      guint64 r = (z += 0x9e3779b97f4a7c15ULL);
      r = (r ^ (r >> 30)) * 0xbf58476d1ce4e5b9ULL;
      r = (r ^ (r >> 27)) * 0x94d049bb133111ebULL;
      rng->s[i] = r ^ (r >> 31);
    }
  rng->has_spare = FALSE;
  rng->spare = 0.0;
}

guint64
gs_rng_next (GsRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);

  return result;
}

double
gs_rng_uniform (GsRng *rng)
{
  return (double) (gs_rng_next (rng) >> 11) * 0x1.0p-53;
}

double
gs_rng_normal (GsRng *rng)
{
  double u, v, s;

  if (rng->has_spare)
    {
      rng->has_spare = FALSE;
      return rng->spare;
    }

  /* Marsaglia's polar method */
  do
    {
      u = 2.0 * gs_rng_uniform (rng) - 1.0;
      v = 2.0 * gs_rng_uniform (rng) - 1.0;
      s = u * u + v * v;
    }
  while (s >= 1.0 || s == 0.0);

  s = sqrt (-2.0 * log (s) / s);
  rng->spare = v * s;
  rng->has_spare = TRUE;
  return u * s;
}

guint
gs_rng_below (GsRng *rng, guint bound)
{
  /* Lemire's nearly divisionless method, with rejection: exactly uniform */
  guint64 x, threshold;
  unsigned __int128 m;

  g_return_val_if_fail (bound > 0, 0);
  x = gs_rng_next (rng);
  m = (unsigned __int128) x * bound;
  if ((guint64) m < bound)
    {
      threshold = -(guint64) bound % bound;
      while ((guint64) m < threshold)
        {
          x = gs_rng_next (rng);
          m = (unsigned __int128) x * bound;
        }
    }
  return (guint) (m >> 64);
}

void
gs_rng_shuffle (GsRng *rng, guint *items, guint n)
{
  /* Fisher–Yates */
  for (guint i = n; i > 1; i--)
    {
      guint j = gs_rng_below (rng, i);
      guint tmp = items[i - 1];
      items[i - 1] = items[j];
      items[j] = tmp;
    }
}
