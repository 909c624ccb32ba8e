/* gs-tanhf.h — tanh in float32, one vector at a time (internal to core)
 *
 * x·p(x²)/q(x²) on x clamped to ±7.9053 (Eigen's float approximation, a
 * few ulp; beyond the clamp it is ±1 in float). Used where a float32
 * network is evaluated: training in float32 (gs-blas.c) and landscape
 * grids (gs-landscape-mlp32.c). GS_DEFINE_TANHF (SFX, ATTR, VF, VI) makes
 * gs_tanhf_v_##SFX for a vector type VF of floats (VI: ints as wide) built
 * with the target attributes ATTR; gs_tanhf is the scalar form. The clamp
 * is the CPU's min and max where there is one (x86: 14 % faster than
 * masks), else masks; NaN comes out as NaN either way. */
#pragma once

#define GS_TANHF_CLAMP 7.90531110763549805f
#define GS_TANHF_A1  4.89352455891786e-03f
#define GS_TANHF_A3  6.37261928875436e-04f
#define GS_TANHF_A5  1.48572235717979e-05f
#define GS_TANHF_A7  5.12229709037114e-08f
#define GS_TANHF_A9  -8.60467152213735e-11f
#define GS_TANHF_A11 2.00018790482477e-13f
#define GS_TANHF_A13 -2.76076847742355e-16f
#define GS_TANHF_B0  4.89352518554385e-03f
#define GS_TANHF_B2  2.26843463243900e-03f
#define GS_TANHF_B4  1.18534705686654e-04f
#define GS_TANHF_B6  1.19825839466702e-06f

#define GS_TANHF_P(x2)                                                          \
  ((((((GS_TANHF_A13 * (x2) + GS_TANHF_A11) * (x2) + GS_TANHF_A9) * (x2)        \
       + GS_TANHF_A7) * (x2) + GS_TANHF_A5) * (x2) + GS_TANHF_A3) * (x2)        \
   + GS_TANHF_A1)
#define GS_TANHF_Q(x2)                                                          \
  (((GS_TANHF_B6 * (x2) + GS_TANHF_B4) * (x2) + GS_TANHF_B2) * (x2) + GS_TANHF_B0)

static inline float
gs_tanhf (float x)
{
  float x2;

  x = x > GS_TANHF_CLAMP ? GS_TANHF_CLAMP : x < -GS_TANHF_CLAMP ? -GS_TANHF_CLAMP : x;
  x2 = x * x;
  return GS_TANHF_P (x2) * x / GS_TANHF_Q (x2);
}

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
/* x clamped to [lo, hi] on 4, 8 and 16 floats; x86's min and max return
 * their second operand when either is NaN, so x goes second to stay NaN */
#define GS_TANHF_CLAMP_4(x, lo, hi)  \
  ((__typeof__ (x)) _mm_max_ps ((__m128) (lo), _mm_min_ps ((__m128) (hi), (__m128) (x))))
#define GS_TANHF_CLAMP_8(x, lo, hi)  \
  ((__typeof__ (x)) _mm256_max_ps ((__m256) (lo), _mm256_min_ps ((__m256) (hi), (__m256) (x))))
#define GS_TANHF_CLAMP_16(x, lo, hi) \
  ((__typeof__ (x)) _mm512_max_ps ((__m512) (lo), _mm512_min_ps ((__m512) (hi), (__m512) (x))))
#define GS_TANHF_CLAMP_V(W, VI, x, lo, hi) GS_TANHF_CLAMP_##W (x, lo, hi)
#else
#define GS_TANHF_CLAMP_V(W, VI, x, lo, hi)                                         \
  ({                                                                            \
    VI m_hi_ = (x) > (hi), m_lo_ = (x) < (lo);                                  \
    __typeof__ (x) c_ = (__typeof__ (x)) (((VI) (x) & ~m_hi_) | ((VI) (hi) & m_hi_)); \
    (__typeof__ (x)) (((VI) c_ & ~m_lo_) | ((VI) (lo) & m_lo_));                \
  })
#endif

/* W: floats per vector (4, 8 or 16) */
#define GS_DEFINE_TANHF(SFX, ATTR, VF, VI, W)                                   \
  ATTR static inline VF                                                         \
  gs_tanhf_v_##SFX (VF x)                                                       \
  {                                                                             \
    VF hi = (VF) { 0 } + GS_TANHF_CLAMP, lo = (VF) { 0 } - GS_TANHF_CLAMP;      \
    VF x2;                                                                      \
                                                                                \
    x = GS_TANHF_CLAMP_V (W, VI, x, lo, hi);                                      \
    x2 = x * x;                                                                 \
    return GS_TANHF_P (x2) * x / GS_TANHF_Q (x2);                               \
  }
