/* test-rng.c — the seeded xoshiro256** generator */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "gs-rng.h"

#define N_STAT 1000000

/* The first outputs of xoshiro256** seeded through splitmix64, computed
 * independently from the published algorithms (Blackman & Vigna). */
static void
test_known_answers (void)
{
  static const guint64 seed0[] = {
    G_GUINT64_CONSTANT (0x99ec5f36cb75f2b4), G_GUINT64_CONSTANT (0xbf6e1f784956452a),
    G_GUINT64_CONSTANT (0x1a5f849d4933e6e0), G_GUINT64_CONSTANT (0x6aa594f1262d2d2c),
  };
  static const guint64 seed42[] = {
    G_GUINT64_CONSTANT (0x15780b2e0c2ec716), G_GUINT64_CONSTANT (0x6104d9866d113a7e),
    G_GUINT64_CONSTANT (0xae17533239e499a1), G_GUINT64_CONSTANT (0xecb8ad4703b360a1),
  };
  GsRng rng;

  gs_rng_init (&rng, 0);
  for (guint i = 0; i < G_N_ELEMENTS (seed0); i++)
    g_assert_cmphex (gs_rng_next (&rng), ==, seed0[i]);

  gs_rng_init (&rng, 42);
  for (guint i = 0; i < G_N_ELEMENTS (seed42); i++)
    g_assert_cmphex (gs_rng_next (&rng), ==, seed42[i]);

  /* uniform = top 53 bits / 2⁵³ */
  gs_rng_init (&rng, 42);
  g_assert_cmpfloat (gs_rng_uniform (&rng), ==, 0.083862971059882163);
}

static void
test_deterministic (void)
{
  GsRng a, b;

  gs_rng_init (&a, 12345);
  gs_rng_init (&b, 12345);
  for (guint i = 0; i < 10000; i++)
    {
      switch (i % 4)
        {
        case 0:
          g_assert_cmphex (gs_rng_next (&a), ==, gs_rng_next (&b));
          break;
        case 1:
          g_assert_cmpfloat (gs_rng_uniform (&a), ==, gs_rng_uniform (&b));
          break;
        case 2:
          g_assert_cmpfloat (gs_rng_normal (&a), ==, gs_rng_normal (&b));
          break;
        default:
          g_assert_cmpuint (gs_rng_below (&a, 1000), ==, gs_rng_below (&b, 1000));
          break;
        }
    }
}

/* Re-seeding starts over, including the spare Box–Muller normal. */
static void
test_reinit_resets_spare (void)
{
  GsRng rng;
  double first[5], again[5];

  gs_rng_init (&rng, 7);
  for (guint i = 0; i < G_N_ELEMENTS (first); i++)
    first[i] = gs_rng_normal (&rng);

  gs_rng_init (&rng, 99);
  (void) gs_rng_normal (&rng);          /* leaves a spare behind */
  gs_rng_init (&rng, 7);
  for (guint i = 0; i < G_N_ELEMENTS (again); i++)
    again[i] = gs_rng_normal (&rng);

  for (guint i = 0; i < G_N_ELEMENTS (first); i++)
    g_assert_cmpfloat (first[i], ==, again[i]);
}

static void
test_seeds_differ (void)
{
  static const guint64 seeds[] = {
    0, 1, 2, 3, 42, 43, G_MAXUINT32, G_GUINT64_CONSTANT (0x100000000), G_MAXUINT64,
  };
  guint64 out[G_N_ELEMENTS (seeds)][64];

  for (guint s = 0; s < G_N_ELEMENTS (seeds); s++)
    {
      GsRng rng;

      gs_rng_init (&rng, seeds[s]);
      for (guint i = 0; i < 64; i++)
        out[s][i] = gs_rng_next (&rng);
    }

  /* two 64-bit streams agree at a position with probability 2⁻⁶⁴ */
  for (guint s = 0; s < G_N_ELEMENTS (seeds); s++)
    for (guint t = s + 1; t < G_N_ELEMENTS (seeds); t++)
      {
        guint same = 0;

        for (guint i = 0; i < 64; i++)
          same += out[s][i] == out[t][i];
        g_assert_cmpuint (same, ==, 0);
      }
}

static void
test_uniform (void)
{
  GsRng rng;
  double sum = 0.0, sum2 = 0.0, lo = 1.0, hi = 0.0;
  guint bins[10] = { 0 };

  gs_rng_init (&rng, 2024);
  for (guint i = 0; i < N_STAT; i++)
    {
      double u = gs_rng_uniform (&rng);

      g_assert_cmpfloat (u, >=, 0.0);
      g_assert_cmpfloat (u, <, 1.0);
      sum += u;
      sum2 += u * u;
      lo = MIN (lo, u);
      hi = MAX (hi, u);
      bins[(guint) (u * 10)]++;
    }

  /* sd of the mean is 0.289/√n ≈ 3e-4; of a bin count ≈ 300 */
  g_assert_cmpfloat (fabs (sum / N_STAT - 0.5), <, 0.005);
  g_assert_cmpfloat (fabs (sum2 / N_STAT - (sum / N_STAT) * (sum / N_STAT) - 1.0 / 12), <, 0.002);
  g_assert_cmpfloat (lo, <, 1e-4);
  g_assert_cmpfloat (hi, >, 1.0 - 1e-4);
  for (guint b = 0; b < 10; b++)
    g_assert_cmpuint (bins[b], >, N_STAT / 10 - 3000);
  for (guint b = 0; b < 10; b++)
    g_assert_cmpuint (bins[b], <, N_STAT / 10 + 3000);
}

static void
test_normal (void)
{
  GsRng rng;
  double sum = 0.0, sum2 = 0.0, sum3 = 0.0, sum4 = 0.0;
  guint within1 = 0, within2 = 0;

  gs_rng_init (&rng, 31337);
  for (guint i = 0; i < N_STAT; i++)
    {
      double z = gs_rng_normal (&rng);

      g_assert_true (isfinite (z));
      sum += z;
      sum2 += z * z;
      sum3 += z * z * z;
      sum4 += z * z * z * z;
      within1 += fabs (z) < 1.0;
      within2 += fabs (z) < 2.0;
    }

  /* sd of the mean 0.001, of the variance ≈ 0.0014, of the skew ≈ 0.0025,
   * of the 4th moment ≈ 0.01: the bounds are ≥ 7 sd wide. */
  g_assert_cmpfloat (fabs (sum / N_STAT), <, 0.01);
  g_assert_cmpfloat (fabs (sum2 / N_STAT - 1.0), <, 0.01);
  g_assert_cmpfloat (fabs (sum3 / N_STAT), <, 0.03);
  g_assert_cmpfloat (fabs (sum4 / N_STAT - 3.0), <, 0.1);
  /* P(|z| < 1) = 0.6827, P(|z| < 2) = 0.9545 */
  g_assert_cmpfloat (fabs ((double) within1 / N_STAT - 0.682689), <, 0.005);
  g_assert_cmpfloat (fabs ((double) within2 / N_STAT - 0.954500), <, 0.003);
}

static void
test_below (void)
{
  static const guint bounds[] = { 1, 2, 3, 7, 10, 1000, 65537, G_MAXUINT };
  GsRng rng;
  guint counts[7] = { 0 };

  gs_rng_init (&rng, 5);
  for (guint b = 0; b < G_N_ELEMENTS (bounds); b++)
    for (guint i = 0; i < 100000; i++)
      g_assert_cmpuint (gs_rng_below (&rng, bounds[b]), <, bounds[b]);

  /* every value of a small bound comes up about equally often */
  for (guint i = 0; i < 700000; i++)
    counts[gs_rng_below (&rng, 7)]++;
  for (guint v = 0; v < 7; v++)
    {
      g_assert_cmpuint (counts[v], >, 100000 - 2500);
      g_assert_cmpuint (counts[v], <, 100000 + 2500);
    }

  /* both ends of a bound are reached */
  {
    gboolean seen_lo = FALSE, seen_hi = FALSE;

    for (guint i = 0; i < 10000; i++)
      {
        guint v = gs_rng_below (&rng, 10);
        seen_lo |= v == 0;
        seen_hi |= v == 9;
      }
    g_assert_true (seen_lo);
    g_assert_true (seen_hi);
  }
}

/* gs-rng.c says the bias of gs_rng_below is below 2⁻³² for any guint bound.
 * With bound = 3·2³⁰ every third value gets twice the share if only 32
 * random bits are used, so a residue class shows it plainly. */
static void
test_below_large_bound_uniform (void)
{
  const guint bound = 3u << 30;
  const guint n = 300000;
  GsRng rng;
  guint zero_mod3 = 0;
  double share;

  gs_rng_init (&rng, 11);
  for (guint i = 0; i < n; i++)
    {
      guint v = gs_rng_below (&rng, bound);

      g_assert_cmpuint (v, <, bound);
      zero_mod3 += v % 3 == 0;
    }

  /* uniform: 1/3, sd ≈ 0.00086 */
  share = (double) zero_mod3 / n;
  if (fabs (share - 1.0 / 3) >= 0.01)
    {
      g_autofree char *msg =
        g_strdup_printf ("gs_rng_below: with bound 3*2^30 values = 0 (mod 3) "
                         "come up %.3f of the time instead of 1/3 (only 32 random bits, "
                         "no rejection)", share);
      g_error ("%s", msg);
      return;
    }
}

static void
test_shuffle (void)
{
  GsRng rng;
  guint items[1000];
  gboolean seen[1000] = { FALSE };
  guint moved = 0;
  guint counts[6] = { 0 };

  gs_rng_init (&rng, 77);

  /* a permutation: every item once */
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    items[i] = i;
  gs_rng_shuffle (&rng, items, G_N_ELEMENTS (items));
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_assert_cmpuint (items[i], <, G_N_ELEMENTS (items));
      g_assert_false (seen[items[i]]);
      seen[items[i]] = TRUE;
      moved += items[i] != i;
    }
  /* a uniform shuffle leaves ~1 fixed point */
  g_assert_cmpuint (moved, >, 990);

  /* n = 0 and n = 1 are no-ops */
  gs_rng_shuffle (&rng, NULL, 0);
  items[0] = 42;
  gs_rng_shuffle (&rng, items, 1);
  g_assert_cmpuint (items[0], ==, 42);

  /* all 6 orders of 3 items about equally likely (sd of a count ≈ 91) */
  for (guint r = 0; r < 60000; r++)
    {
      guint t[3] = { 0, 1, 2 };

      gs_rng_shuffle (&rng, t, 3);
      counts[t[0] * 2 + (t[1] > t[2])]++;
    }
  for (guint p = 0; p < 6; p++)
    {
      g_assert_cmpuint (counts[p], >, 10000 - 800);
      g_assert_cmpuint (counts[p], <, 10000 + 800);
    }

  /* the same seed shuffles the same way */
  {
    guint a[50], b[50];
    GsRng ra, rb;

    for (guint i = 0; i < 50; i++)
      a[i] = b[i] = i;
    gs_rng_init (&ra, 3);
    gs_rng_init (&rb, 3);
    gs_rng_shuffle (&ra, a, 50);
    gs_rng_shuffle (&rb, b, 50);
    g_assert_cmpmem (a, sizeof a, b, sizeof b);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gradscope/rng/known-answers", test_known_answers);
  g_test_add_func ("/gradscope/rng/deterministic", test_deterministic);
  g_test_add_func ("/gradscope/rng/reinit-resets-spare", test_reinit_resets_spare);
  g_test_add_func ("/gradscope/rng/seeds-differ", test_seeds_differ);
  g_test_add_func ("/gradscope/rng/uniform", test_uniform);
  g_test_add_func ("/gradscope/rng/normal", test_normal);
  g_test_add_func ("/gradscope/rng/below", test_below);
  g_test_add_func ("/gradscope/rng/below-large-bound", test_below_large_bound_uniform);
  g_test_add_func ("/gradscope/rng/shuffle", test_shuffle);
  return g_test_run ();
}
