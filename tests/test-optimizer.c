/* test-optimizer.c — the optimizer table, validation and update rules.
 *
 * Every expected θ below is a literal computed independently of this code
 * with /usr/bin/python3 (torch 1.13, numpy 1.24):
 *
 *   p = torch.tensor(TH, dtype=torch.float64, requires_grad=True)
 *   opt = torch.optim.Adam([p], lr=0.01, ...)
 *   for k in range(steps):
 *       p.grad = torch.tensor(G[k]) if G else H * p.detach() - B
 *       opt.step()
 *       print('%.17g' % x for x in p.tolist())
 *
 * run with ATEN_CPU_CAPABILITY=default.  gs-optimizer.c evaluates each
 * formula in PyTorch's order (mul_ then add_, addcmul as self + v·t1·t2,
 * addcdiv as self + v·t1/t2), each operation rounded once, so these are
 * bit-exact targets, compared with ==.
 *
 * ATEN_CPU_CAPABILITY=default matters: torch's AVX2/AVX512 kernels (the
 * default on an FMA machine) compute add(x, alpha=a) and addcmul as a fused
 * multiply-add, one rounding instead of two, and then differ in the last
 * bits.  sgd/plain at t = 1: θ[0] = 0.015 − 0.1·0.3 is -0.015 unfused and
 * -0.015000000000000001 fused; sgd/momentum-dampening at t = 1 gives 0.0
 * unfused, -8.3e-19 fused.  63 of the values below differ that way.  This
 * project builds with -ffp-contract=off and matches the unfused kernels.
 *
 * NAdam is the exception: the spec follows PyTorch ≥ 2.0, whose formula
 * differs from the installed torch 1.13, so its expected values come from
 * the spec's formula in plain Python floats, in the order gs-optimizer.c
 * writes it (torch 1.13's values are kept alongside to show the
 * difference). */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "gs-optimizer.h"
#include "gs-problem.h"

#define N 3   /* coordinates of θ in every case */

/* θ0 of every run: small, so that θ keeps the low bits of each step */
static const double TH[N] = { 0.015, -0.0075, 0.02 };

/* a fixed sequence of gradients, one row per update */
static const double G3[] = {
  0.3, -1.2, 0.05,
  0.25, -0.9, -0.4,
  -0.1, -0.5, 0.7,
  0.6, 0.2, -0.35,
  0.45, -0.15, 0.1,
};

/* a large gradient, then small ones: v decreases from t = 2 on */
static const double GA[] = {
  3.0, -2.0, 1.5,
  0.1, 0.05, -0.2,
  0.02, -0.01, 0.03,
  -0.05, 0.02, 0.01,
  0.01, 0.0, -0.02,
};

/* eight updates for RAdam: the rows of G3, then the first three of GA */
static const double G8[] = {
  0.3, -1.2, 0.05,
  0.25, -0.9, -0.4,
  -0.1, -0.5, 0.7,
  0.6, 0.2, -0.35,
  0.45, -0.15, 0.1,
  3.0, -2.0, 1.5,
  0.1, 0.05, -0.2,
  0.02, -0.01, 0.03,
};

/* RAdam from θ0 = 0: five tiny gradients while unrectified, then the rows
 * of G3, so that θ keeps the low bits of the rectified steps */
static const double GR[] = {
  0.002, -0.001, 0.003,
  -0.001, 0.002, -0.002,
  0.001, 0.001, 0.002,
  -0.002, -0.001, -0.003,
  0.001, -0.002, 0.001,
  0.3, -1.2, 0.05,
  0.25, -0.9, -0.4,
  -0.1, -0.5, 0.7,
  0.6, 0.2, -0.35,
  0.45, -0.15, 0.1,
};

static const double ZERO[N] = { 0.0, 0.0, 0.0 };

/* or the gradient of f(θ) = Σ ½·H·θ² − B·θ at the current θ: g = H·θ − B */
static const double H[N] = { 2.0, 0.5, 4.0 };
static const double B[N] = { 1.0, -0.25, 0.5 };

/* ---- expected trajectories: θ after each update, one row per update ---- */

/* torch.optim.SGD([θ], lr=0.1), θ0 = TH, gradients G3 */
static const double sgd_plain_expected[] = {
  -0.014999999999999999, 0.11249999999999999, 0.014999999999999999,
  -0.040000000000000001, 0.20250000000000001, 0.055000000000000007,
  -0.029999999999999999, 0.2525, -0.014999999999999986,
  -0.089999999999999997, 0.23249999999999998, 0.020000000000000011,
};

/* torch.optim.SGD([θ], lr=0.05, momentum=0.9, dampening=0.3), θ0 = TH, gradients G3 */
static const double sgd_momentum_dampening_expected[] = {
  0.0, 0.052499999999999998, 0.017500000000000002,
  -0.022250000000000002, 0.13800000000000001, 0.029249999999999998,
  -0.038775000000000004, 0.23244999999999999, 0.015324999999999998,
  -0.074647500000000006, 0.31045499999999998, 0.015042499999999997,
  -0.12268275000000001, 0.38590950000000002, 0.011288249999999996,
};

/* torch.optim.SGD([θ], lr=0.1, momentum=0.9, nesterov=True), θ0 = TH, gradient H·θ − B */
static const double sgd_nesterov_expected[] = {
  0.19930000000000003, -0.054287500000000002, 0.099800000000000014,
  0.39213600000000004, -0.1165764375, 0.152972,
  0.55255072000000005, -0.18900465718750001, 0.17049607999999999,
  0.65753917440000009, -0.26648055216093752, 0.16176065119999999,
  0.70162302668800003, -0.34439841475517974, 0.142339259168,
};

/* torch.optim.SGD([θ], lr=0.1, momentum=0.5, weight_decay=0.05), θ0 = TH, gradients G3 */
static const double sgd_weight_decay_expected[] = {
  -0.015074999999999998, 0.11253750000000001, 0.0149,
  -0.055037124999999999, 0.26199356250000005, 0.052275500000000003,
  -0.064743001874999997, 0.38541162593750006, 0.00070187250000000589,
  -0.12927222530312499, 0.42519359952656255, 0.0099115493875000082,
};

/* torch.optim.Adagrad([θ], lr=0.1, lr_decay=0.5, initial_accumulator_value=0.2), θ0 = TH, gradients G3 */
static const double adagrad_expected[] = {
  -0.04070860144277072, 0.086204257125846562, 0.0088888888913580232,
  -0.068780332140259887, 0.12453685102339399, 0.053179811472663013,
  -0.0604757841562652, 0.13975136650872266, 0.015272686201596823,
  -0.088711078270590465, 0.13491838976237322, 0.029451037339332256,
  -0.10430733561626993, 0.13792667395017316, 0.026092419193938142,
};

/* torch.optim.Adagrad([θ]), θ0 = TH, gradient H·θ − B */
static const double adagrad_defaults_expected[] = {
  0.024999999998969073, -0.017499999995939083, 0.029999999997619049,
  0.031997031251009764, -0.02449817596016365, 0.03670913323621823,
  0.037672915158139982, -0.030175573998911701, 0.042000160602938617,
};

/* torch.optim.RMSprop([θ]), θ0 = TH, gradients G3 */
static const double rmsprop_plain_expected[] = {
  -0.084999966666677737, 0.092499991666667336, -0.07999980000039994,
  -0.14920813729310603, 0.15269291418378728, 0.019235596839377589,
  -0.12421470345697055, 0.18455074927556081, -0.067531975827131566,
  -0.20754134199437457, 0.17184718080722011, -0.027563726981536966,
};

/* torch.optim.RMSprop([θ], lr=0.02, alpha=0.9, momentum=0.8, centered=True, weight_decay=0.1), θ0 = TH, gradients G3 */
static const double rmsprop_centered_momentum_expected[] = {
  -0.05166665929611286, 0.059166664815971569, -0.04666662393165133,
  -0.15063964110842382, 0.15577990484964932, -0.034650704596255182,
  -0.20952525979538766, 0.25721296815133754, -0.080953032800637398,
  -0.31587295125588094, 0.32718858936223638, -0.090914707191286137,
  -0.44078133922259077, 0.38927964571020091, -0.1060862733220959,
};

/* torch.optim.Adadelta([θ]), θ0 = TH, gradients G3 */
static const double adadelta_expected[] = {
  0.011837898007285033, -0.0043377333199051968, 0.016844027984510984,
  0.0088866761305684758, -0.001564243738580945, 0.021280484792349244,
  0.010297753896866345, 0.0001993838844997391, 0.01582401882866271,
  0.005745795816598771, -0.00055625048131033642, 0.019223390078581339,
};

/* torch.optim.Adadelta([θ], lr=0.5, rho=0.8, eps=0.0001, weight_decay=0.1), θ0 = TH, gradient H·θ − B */
static const double adadelta_wd_expected[] = {
  0.02617736121894303, -0.018634250591615595, 0.031164376995664357,
  0.037829604961389499, -0.030222089417144132, 0.042302086099173471,
  0.049718421164397619, -0.042019567298436984, 0.052921485775582387,
  0.06172215546511043, -0.053901397641264837, 0.062772149494070353,
};

/* torch.optim.Adam([θ], lr=0.01), θ0 = TH, gradient H·θ − B */
static const double adam_plain_expected[] = {
  0.024999999896907217, -0.017499999593908647, 0.029999999761904768,
  0.034994027216329479, -0.027494126701464693, 0.039961488490490929,
  0.044977937645155119, -0.03747830934539266, 0.04985221871967685,
  0.054947473783358292, -0.047448366638977751, 0.059634087693989438,
  0.064898272933328269, -0.057400016524807564, 0.069262414928019544,
};

/* torch.optim.Adam([θ], lr=0.01, weight_decay=0.1), θ0 = TH, gradients G3 */
static const double adam_weight_decay_expected[] = {
  0.0050000003316749472, 0.0024999999167187158, 0.010000001923076558,
  -0.0049096232296593854, 0.012324913349778767, 0.016513520087284426,
  -0.01074189583608239, 0.021547834085200321, 0.013475036824584473,
  -0.018231324221901799, 0.028303663850863497, 0.013491198765805186,
};

/* torch.optim.Adam([θ], lr=0.01, betas=(0.8, 0.9), amsgrad=True), θ0 = TH, gradients GA */
static const double adam_amsgrad_expected[] = {
  0.0050000000333333336, 0.0024999999500000016, 0.010000000066666667,
  -0.0013815039892393017, 0.008434798677358293, 0.0048947968720653495,
  -0.0059243177373948241, 0.012651519347864012, 0.0011615935153536658,
  -0.0092035353286837873, 0.015729712096456565, -0.0016611301664680774,
  -0.011737494052162546, 0.018089496265573223, -0.0037448035278168966,
};

/* torch.optim.Adam([θ], lr=0.01, betas=(0.8, 0.9)), θ0 = TH, gradients GA */
static const double adam_no_amsgrad_expected[] = {
  0.0050000000333333336, 0.0024999999500000016, 0.010000000066666667,
  -0.0017225473939874465, 0.008753656060535242, 0.0046710179450862883,
  -0.006766867102191999, 0.013437203045039248, 0.00056437926971886036,
  -0.010604328621998463, 0.017040871605534861, -0.0027085677966191941,
  -0.013730036652841912, 0.019952929858173572, -0.005254936801113122,
};

/* torch.optim.AdamW([θ], lr=0.01, weight_decay=0.1), θ0 = TH, gradients G3 */
static const double adamw_expected[] = {
  0.0049850003333333226, 0.0025074999166666669, 0.0099800019999996027,
  -0.0049317130539055232, 0.012330743138689768, 0.01652328793013743,
  -0.010762837232885047, 0.021544985027485392, 0.013497270767346543,
  -0.018241355328692161, 0.028291239508458729, 0.013533638665159048,
};

/* torch.optim.AdamW([θ], lr=0.01, betas=(0.8, 0.9), amsgrad=True), θ0 = TH, gradients GA */
static const double adamw_amsgrad_expected[] = {
  0.0049985000333333338, 0.0025007499500000014, 0.0099980000666666687,
  -0.0013835038392426349, 0.008435298602363292, 0.0048917970720586844,
  -0.0059261792370142331, 0.012651175743008777, 0.0011581045356397947,
  -0.0092048042103794938, 0.015728103374027028, -0.0016647349566355125,
  -0.011737842453437215, 0.018086314732806284, -0.0037482418444886685,
};

/* torch.optim.Adamax([θ], lr=0.01, betas=(0.8, 0.95)), θ0 = TH, gradients GA */
static const double adamax_expected[] = {
  0.0050000000333333336, 0.0024999999500000016, 0.010000000066666667,
  0.00012670570259908955, 0.0070321636700292432, 0.0061013646150747235,
  -0.0029309816462446919, 0.0098703635559336082, 0.0035886116536086475,
  -0.004993431189364704, 0.011806379407359801, 0.0018132719506338685,
  -0.0065307815739672316, 0.01323805825537957, 0.00054910926925124033,
};

/* torch.optim.Adamax([θ], weight_decay=0.2), θ0 = TH, gradient H·θ − B */
static const double adamax_wd_expected[] = {
  0.016999999979317476, -0.0094999999182839665, 0.021999999951923078,
  0.018997207529316724, -0.011495974630114892, 0.023980725569757125,
  0.020991460369450002, -0.013487722220265112, 0.025941572862166917,
  0.022982597183653034, -0.015475042250667956, 0.027881954107898659,
};

/* torch.optim.RAdam([θ], lr=0.01), θ0 = TH, gradients G8 */
static const double radam_expected[] = {
  0.012, 0.0045000000000000005, 0.0195,
  0.0092631578947368412, 0.014921052631578949, 0.021368421052631578,
  0.0079052243154010479, 0.023341716838221019, 0.019964362012041173,
  0.0051974604305508008, 0.028732237338366412, 0.019986316068452921,
  0.0020520427362332016, 0.033172714982379989, 0.019758714788874889,
  0.0018722166008918685, 0.033364261819441784, 0.019636095853158595,
  0.0016678864747929731, 0.033573075860712585, 0.019520135722497521,
  0.0014535201292271147, 0.033791640716164383, 0.019395904942001892,
};

/* torch.optim.RAdam([θ], lr=0.01), θ0 = 0, gradients GR */
static const double radam_from_zero_expected[] = {
  -2.0000000000000002e-05, 1.0000000000000001e-05, -3.0000000000000001e-05,
  -2.4210526315789474e-05, 4.2105263157894741e-06, -3.3684210526315793e-05,
  -3.0557389784424165e-05, -3.1326471159448443e-06, -4.3389007574286278e-05,
  -2.92430542217606e-05, -5.4327343506060825e-06, -4.154835622214903e-05,
  -3.0691614696474285e-05, -2.2872678174322893e-06, -4.2599124213162681e-05,
  -0.0001657397982667379, 0.00013265905755314436, -0.0001777338121929235,
  -0.00038675339179248104, 0.00035167604900819462, -3.1892902421750281e-05,
  -0.00056240296821254317, 0.00062916815008531987, -0.00012244006318818762,
  -0.00084032420580743483, 0.00088032745247301693, -0.00012065955761792027,
  -0.0011997195954475284, 0.0011505298600439156, -0.00014572215527499272,
};

/* torch.optim.RAdam([θ], lr=0.01, betas=(0.85, 0.99), weight_decay=0.05), θ0 = TH, gradient H·θ − B */
static const double radam_wd_expected[] = {
  0.024692499999999999, -0.0099587499999999989, 0.02419,
  0.034277596621621623, -0.012410190202702702, 0.028288272972972973,
  0.043750822552333674, -0.014853973943280013, 0.032291716780395552,
  0.053107901213431355, -0.017289761575979758, 0.036197484100302782,
  0.06234477632612475, -0.019717222330301494, 0.04000300812264046,
  0.063153515113375067, -0.020531999145230163, 0.040802355229803897,
  0.064178090669962967, -0.021565756954520829, 0.04181193962433416,
  0.065388899008941903, -0.022788577742460053, 0.043001625143703683,
};

/* RAdam on Rosenbrock, 2 coordinates, 50 updates from the default start
 * (-1.5, 2): ρt > 5 from t = 6 on, so 45 rectified steps.  torch 1.13 in
 * float64 with ATEN_CPU_CAPABILITY=default, each gradient computed in
 * Python floats as gs-problem.c writes it and handed to torch as p.grad:
 *
 *   def grad(x, y):
 *       a = 1.0 - x; b = y - x * x
 *       return [-2.0 * a - 400.0 * x * b, 200.0 * b]
 *   p = torch.tensor([-1.5, 2.0], dtype=torch.float64)
 *   opt = torch.optim.RAdam([p], lr=0.01)       # and weight_decay=0.1
 *   for k in range(50):
 *       p.grad = torch.tensor(grad(*p.tolist()), dtype=torch.float64)
 *       opt.step()
 *       print(', '.join(float.hex(v) for v in p.tolist()))
 *
 * Hex-float literals: the bits themselves.  Without
 * ATEN_CPU_CAPABILITY=default (torch's AVX2 kernels, fused multiply-adds)
 * the two already part at t = 5. */
static const double radam_rosenbrock_expected[] = {
  0x1.99999999999a0p-5, 0x1.4000000000000p+1,
  0x1.0e9e7355b1507p+0, 0x1.b9efd4e25b9e0p-4,
  0x1.dee53f0f6d3e8p-4, -0x1.5018de347a9d5p-1,
  -0x1.4591198fd3d59p-1, -0x1.9e1c03f6b900ep-1,
  -0x1.c5ff744645c75p-2, -0x1.5370679923a64p-2,
  -0x1.c5f4eb65f8f23p-2, -0x1.5360410a45672p-2,
  -0x1.c5e2102533071p-2, -0x1.53474875dfaa2p-2,
  -0x1.c5c6434f6c8dep-2, -0x1.5325355d2cf2bp-2,
  -0x1.c5a13dffbfbc7p-2, -0x1.52f9f21dcc3b3p-2,
  -0x1.c572ea93bcd5ap-2, -0x1.52c586424491cp-2,
  -0x1.c53b508f94f96p-2, -0x1.52880a949e5c9p-2,
  -0x1.c4fa89556564ep-2, -0x1.5241a23b0a788p-2,
  -0x1.c4b0b96da55a9p-2, -0x1.51f27690c0eedp-2,
  -0x1.c45e0c59ff755p-2, -0x1.519ab48e95078p-2,
  -0x1.c402b1e644e50p-2, -0x1.513a8b21dd651p-2,
  -0x1.c39edc63b600fp-2, -0x1.50d22a16c3ed6p-2,
  -0x1.c332bf791903dp-2, -0x1.5061c16096212p-2,
  -0x1.c2be8f540e4fcp-2, -0x1.4fe9809f933c8p-2,
  -0x1.c242801b76d75p-2, -0x1.4f6996cfcf066p-2,
  -0x1.c1bec58e436b3p-2, -0x1.4ee232140068cp-2,
  -0x1.c13392c1121dfp-2, -0x1.4e537f938d2c2p-2,
  -0x1.c0a119f172718p-2, -0x1.4dbdab65fadb4p-2,
  -0x1.c0078c6889eebp-2, -0x1.4d20e087c4614p-2,
  -0x1.bf671a68b9eabp-2, -0x1.4c7d48d5cc510p-2,
  -0x1.bebff3232f9a1p-2, -0x1.4bd30d0d768aep-2,
  -0x1.be1244b328b22p-2, -0x1.4b2254d004745p-2,
  -0x1.bd5e3c1d53ae8p-2, -0x1.4a6b46a8338acp-2,
  -0x1.bca4055221854p-2, -0x1.49ae081164fd2p-2,
  -0x1.bbe3cb322db8ap-2, -0x1.48eabd7fc77e9p-2,
  -0x1.bb1db7941aebcp-2, -0x1.48218a6920f3fp-2,
  -0x1.ba51f34b6bdc4p-2, -0x1.4752914df00f2p-2,
  -0x1.b980a62fff63ap-2, -0x1.467df3c2b1545p-2,
  -0x1.b8a9f725ecef7p-2, -0x1.45a3d279214ecp-2,
  -0x1.b7ce0c258fe86p-2, -0x1.44c44d4960593p-2,
  -0x1.b6ed0a439d4f7p-2, -0x1.43df833ae4475p-2,
  -0x1.b60715b9287e9p-2, -0x1.42f5928d2a266p-2,
  -0x1.b51c51eb83500p-2, -0x1.420698c01ebc9p-2,
  -0x1.b42ce173eb7f3p-2, -0x1.4112b29c37c31p-2,
  -0x1.b338e626fb54fp-2, -0x1.4019fc3a3a56ep-2,
  -0x1.b240811bd6eccp-2, -0x1.3f1c910aacfb9p-2,
  -0x1.b143d2b311d7bp-2, -0x1.3e1a8bdcf4f10p-2,
  -0x1.b042fa9d4ac34p-2, -0x1.3d1406e61fa65p-2,
  -0x1.af3e17e17c355p-2, -0x1.3c091bc759d5dp-2,
  -0x1.ae3548e30283ap-2, -0x1.3af9e3941662bp-2,
  -0x1.ad28ab6757f89p-2, -0x1.39e676d7e771cp-2,
  -0x1.ac185c9b88b26p-2, -0x1.38ceed9c0c7d0p-2,
  -0x1.ab04791960352p-2, -0x1.37b35f6cb8475p-2,
  -0x1.a9ed1cec52f93p-2, -0x1.3693e35e11b20p-2,
  -0x1.a8d2639626732p-2, -0x1.35709010f27cbp-2,
  -0x1.a7b468135a34dp-2, -0x1.34497bb766f79p-2,
};

/* the same with weight_decay=0.1 (coupled: g ← g + wd·θ) */
static const double radam_rosenbrock_wd_expected[] = {
  0x1.a5e353f7ceda0p-5, 0x1.3fbe76c8b4396p+1,
  0x1.112216761df73p+0, 0x1.b1c2444dd5260p-4,
  0x1.4b56cb2c526e0p-4, -0x1.4880669ffa32fp-1,
  -0x1.5921272941dd5p-1, -0x1.96d87955a33f7p-1,
  -0x1.a7e92d09e5d26p-2, -0x1.334737f2a9fd3p-2,
  -0x1.a7de82184db9ep-2, -0x1.333763bc36eafp-2,
  -0x1.a7ccdb7ed11f8p-2, -0x1.331f800c4720fp-2,
  -0x1.a7b3c969eaf39p-2, -0x1.32ff574b149cdp-2,
  -0x1.a793151f3945bp-2, -0x1.32d6d87046d06p-2,
  -0x1.a76aa8e1c1dbbp-2, -0x1.32a608448c45fp-2,
  -0x1.a73a83276990bp-2, -0x1.326cf8ddae589p-2,
  -0x1.a702af4619c58p-2, -0x1.322bc4928ca71p-2,
  -0x1.a6c34103b53fep-2, -0x1.31e28ae129091p-2,
  -0x1.a67c51c6af826p-2, -0x1.31916e7695acdp-2,
  -0x1.a62dfebe2b272p-2, -0x1.313893e62d198p-2,
  -0x1.a5d867a38867cp-2, -0x1.30d820ce80224p-2,
  -0x1.a57badde7c0c5p-2, -0x1.30703b4505493p-2,
  -0x1.a517f3ea566e4p-2, -0x1.300109709a863p-2,
  -0x1.a4ad5ce786d50p-2, -0x1.2f8ab143b2df8p-2,
  -0x1.a43c0c4bcc60dp-2, -0x1.2f0d584c57017p-2,
  -0x1.a3c425a814593p-2, -0x1.2e8923936c058p-2,
  -0x1.a345cc7de9575p-2, -0x1.2dfe3786cdef1p-2,
  -0x1.a2c1242037a25p-2, -0x1.2d6cb7eb2ad31p-2,
  -0x1.a2364f9c6ac33p-2, -0x1.2cd4c7d375d8ap-2,
  -0x1.a1a571a9c1332p-2, -0x1.2c36899c6853cp-2,
  -0x1.a10eac9d48c58p-2, -0x1.2b921eeaf50a3p-2,
  -0x1.a07222615f976p-2, -0x1.2ae7a8acdebabp-2,
  -0x1.9fcff46fe039dp-2, -0x1.2a37471ad9bb4p-2,
  -0x1.9f2843ce55e5cp-2, -0x1.298119bbc7e4fp-2,
  -0x1.9e7b310bbd1c5p-2, -0x1.28c53f68bab60p-2,
  -0x1.9dc8dc3f7254dp-2, -0x1.2803d6517ca19p-2,
  -0x1.9d1165090637ap-2, -0x1.273cfc01722d3p-2,
  -0x1.9c54ea90bf5f6p-2, -0x1.2670cd64af2cdp-2,
  -0x1.9b938b889e221p-2, -0x1.259f66cd253e5p-2,
  -0x1.9acd662dc0817p-2, -0x1.24c8e3f7d757ap-2,
  -0x1.9a02984a0bca3p-2, -0x1.23ed6012034fdp-2,
  -0x1.99333f36072cfp-2, -0x1.230cf5be3635ep-2,
  -0x1.985f77dad71bap-2, -0x1.2227bf1943473p-2,
  -0x1.97875eb44cbdcp-2, -0x1.213dd5bf17a8bp-2,
  -0x1.96ab0fd2ff974p-2, -0x1.204f52cf66d05p-2,
  -0x1.95caa6de69b10p-2, -0x1.1f5c4ef22cedcp-2,
  -0x1.94e63f1700531p-2, -0x1.1e64e25c05b38p-2,
  -0x1.93fdf35844c47p-2, -0x1.1d6924d256b52p-2,
  -0x1.9311de1ac9a11p-2, -0x1.1c692daf4d309p-2,
  -0x1.922219762a38fp-2, -0x1.1b6513e5af954p-2,
  -0x1.912ebf22f222dp-2, -0x1.1a5cee04837abp-2,
  -0x1.9037e87c73ba7p-2, -0x1.1950d23a88fbcp-2,
  -0x1.8f3dae828cb9fp-2, -0x1.1840d6598ca25p-2,
  -0x1.8e4029db5876cp-2, -0x1.172d0fd991321p-2,
  -0x1.8d3f72d4cf961p-2, -0x1.161593dbd2bb4p-2,
};

/* RAdam on 16 coordinates from θ0 = 0: zero gradients for t = 1…5 (θ
 * stays 0), then the rows of GX.  θ6 = −lr·m̂·adaptive·r exactly (nothing
 * of it is lost in adding it to 0), so a step that differs in its last bit
 * shows.  torch 1.13, float64, ATEN_CPU_CAPABILITY=default:
 *
 *   p = torch.zeros(16, dtype=torch.float64)
 *   opt = torch.optim.RAdam([p], lr=0.01)
 *   for k in range(8):
 *       p.grad = torch.zeros(16) if k < 5 else torch.tensor(GX[k - 5])
 *       opt.step()
 *
 * torch's adaptive term sqrt(bc2) / (sqrt(v) + eps) is a Python float
 * divided by a tensor, which Tensor.__rdiv__ evaluates as
 * (sqrt(v) + eps).reciprocal() * sqrt(bc2): two roundings.  A single
 * division √bc2/(√v + ε) gives the same θ on the trajectories above but
 * differs here in 3 of the 16 coordinates at t = 6. */
#define NX 16

static const double GX[3 * NX] = {
  0.3, -1.2, 0.05, 0.25, -0.9, -0.4, -0.1, -0.5, 0.7, 0.6, 0.2, -0.35, 0.45, -0.15, 0.1, 3.0,
  -2.0, 1.5, 0.1, 0.05, -0.2, 0.02, -0.01, 0.03, -0.05, 0.02, 0.01, 0.01, 0.0, -0.02, 0.002, -0.001,
  0.003, -0.001, 0.002, -0.002, 0.001, 0.001, 0.002, -0.002, -0.001, -0.003, 0.001, -0.002, 0.001, 0.3, -1.2, 0.05,
};

/* θ after t = 6, 7, 8 */
static const double radam_exposed_expected[3 * NX] = {
  -0x1.1abb0d46f51f5p-13, 0x1.1abb1becf8521p-13, -0x1.1abaab9f06975p-13, -0x1.1abb095ef486ap-13,
  0x1.1abb1a4c4d392p-13, 0x1.1abb1228f6050p-13, 0x1.1abae636f403ap-13, 0x1.1abb1516f6a3ap-13,
  -0x1.1abb18701bfe2p-13, -0x1.1abb170af715ep-13, -0x1.1abb0382f3d55p-13, 0x1.1abb10113ec1ep-13,
  -0x1.1abb13c9a105dp-13, 0x1.1abaf9bef3381p-13, -0x1.1abae636f403ap-13, -0x1.1abb1edaf9247p-13,
  0x1.d5c1186c47480p-18, 0x1.9d66987bc2c9cp-14, -0x1.6ed62119fdb1ap-12, -0x1.48f5dd877709ep-12,
  0x1.4be4651bf10e8p-12, 0x1.2103a7dc09ac2p-12, 0x1.3a6c25081f765p-12, 0x1.1f327ca0eda0fp-12,
  -0x1.1d1b03df73f9ap-12, -0x1.2f9a2ee0bfbacp-12, -0x1.32626e6fc3816p-12, 0x1.24dd27c11cacep-12,
  -0x1.29e5207d2cc7bp-12, 0x1.3f818ed101191p-12, -0x1.2d5737ff02c80p-12, -0x1.29d654335d4dcp-12,
  0x1.445020dc40a1fp-13, 0x1.fe689df278dd1p-15, -0x1.2ecc0d822c67fp-11, -0x1.05870e1bc0937p-11,
  0x1.0934e98dde46bp-11, 0x1.ba86350452214p-12, 0x1.eae4bbdc299d0p-12, 0x1.b81e83506da80p-12,
  -0x1.b2c12d67f9440p-12, -0x1.d7d2cc0625144p-12, -0x1.df8597d609746p-12, 0x1.c40ac18cbbed7p-12,
  -0x1.cd9eb16dc57eep-12, 0x1.be97704209985p-13, -0x1.ca06e226d0eeap-14, -0x1.d063fe8342c2cp-12,
};

/* NAdam(lr=0.01), θ0 = TH, gradients G3: the formula in Python floats */
static const double nadam_expected[] = {
  0.0044354825685966968, 0.0030645176955162363, 0.0094354843293492537,
  -0.0027407196081342599, 0.0098408849838329156, 0.019726482253599999,
  -0.00088342709514372211, 0.014329321262647242, 0.010266694066465217,
  -0.011578418723321536, 0.01395784735509927, 0.014831738106203944,
  -0.019729715391356682, 0.016286599997409845, 0.013311578087963696,
};

/* Πt after each update */
static const double nadam_mu_product[] = {
  0.45007347359129607, 0.20259919474573693, 0.091214287415905898, 0.041073230137523509, 0.018498037624013104,
};

/* torch 1.13 NAdam on the same input: Πt·μt·μt+1 and a float32 Πt */
static const double nadam_torch113[] = {
  0.0045046886537515275, 0.0029953116086312535, 0.0095046904029697388,
  -0.002622717473096029, 0.0097233061204094785, 0.019763426195043191,
  -0.0007483384672344307, 0.014184729332451249, 0.010312449043407316,
  -0.01143121193129126, 0.013802304666692952, 0.014877412397923766,
  -0.019575447987557483, 0.016125749771210285, 0.013357743554191526,
};

/* NAdam(lr=0.01), θ0 = 0, gradients G3: the formula in Python floats */
static const double nadam_zero_expected[] = {
  -0.010564517431403303, 0.010564517695516236, -0.010564515670650747,
  -0.01774071960813426, 0.017340884983832915, -0.00027351774640000152,
  -0.015883427095143721, 0.021829321262647243, -0.0097333059335347836,
  -0.026578418723321538, 0.021457847355099272, -0.0051682618937960566,
  -0.034729715391356684, 0.023786599997409844, -0.0066884219120363041,
};

/* Πt after each update */
static const double nadam_zero_mu_product[] = {
  0.45007347359129607, 0.20259919474573693, 0.091214287415905898, 0.041073230137523509, 0.018498037624013104,
};

/* torch 1.13 NAdam on the same input: Πt·μt·μt+1 and a float32 Πt */
static const double nadam_zero_torch113[] = {
  -0.010495311346248471, 0.010495311608631253, -0.010495309597030262,
  -0.017622717473096027, 0.017223306120409478, -0.00023657380495681064,
  -0.015748338467234429, 0.021684729332451247, -0.0096875509565926849,
  -0.026431211931291259, 0.021302304666692952, -0.005122587602076234,
  -0.034575447987557482, 0.023625749771210281, -0.0066422564458084744,
};

/* NAdam(lr=0.01, betas=(0.8, 0.99), weight_decay=0.1, momentum_decay=0.04), θ0 = TH, gradient H·θ − B: the formula in Python floats */
static const double nadam_wd_psi_expected[] = {
  0.025956378141113023, -0.018456377807952017, 0.03095637799212601,
  0.034549454098656653, -0.027038032211197261, 0.039211572381431831,
  0.04282080611155805, -0.035291132761040941, 0.046931636586938642,
  0.051164964160868881, -0.043609520601423875, 0.054479906854635836,
  0.059663446650792644, -0.052073538492502472, 0.061890874481402777,
};

/* Πt after each update */
static const double nadam_wd_psi_mu_product[] = {
  0.40065261894317938, 0.16078356794840548, 0.064627705068505223, 0.026019378649413536, 0.010492378559591873,
};

/* torch 1.13 NAdam on the same input: Πt·μt·μt+1 and a float32 Πt */
static const double nadam_wd_psi_torch113[] = {
  0.025857870874050448, -0.018357870543884845, 0.030857870726402958,
  0.034390382921196228, -0.026879079045814411, 0.039056240139258895,
  0.042631242396809314, -0.035101853519727146, 0.046751376210976366,
  0.050961564105969297, -0.043406586742852478, 0.054292285636667652,
  0.059454422710329483, -0.051865164460530924, 0.061704670376599262,
};


/* ---- running a case ------------------------------------------------------ */

typedef struct
{
  const char *name;
  double      value[2];
} Setting;

typedef void (*AfterStep) (const GsOptimizerState *st, guint64 t,
                           const double *before, const double *grad,
                           const double *after, gpointer data);

typedef struct
{
  const char   *optimizer;
  Setting       settings[6];  /* up to the first { NULL } */
  const double *theta0;       /* NULL: TH */
  guint         steps;
  const double *grads;        /* steps × N, or NULL for H·θ − B */
  const double *expected;     /* steps × N */
  double        step_lr;      /* lr passed to gs_optimizer_step; 0: the configured lr */
  AfterStep     after;        /* called after each update, may be NULL */
  gpointer      data;
  double       *trajectory;   /* receives θ after each update, may be NULL */
} Run;

static void
fill_values (const GsOptimizerInfo *info, const Setting *settings, guint max,
             GsParamValues *hp)
{
  gs_param_values_init (hp, info->params, info->n_params);
  for (guint k = 0; k < max && settings[k].name != NULL; k++)
    {
      int i = gs_param_find (info->params, info->n_params, settings[k].name);

      if (i < 0)
        g_error ("%s has no parameter '%s'", info->name, settings[k].name);
      hp->values[i][0] = settings[k].value[0];
      if (info->params[i].type == GS_PARAM_PAIR)
        hp->values[i][1] = settings[k].value[1];
      hp->set |= 1u << i;
    }
}

static void
gradient (const double *grads, guint k, const double *theta, double *g)
{
  for (guint i = 0; i < N; i++)
    g[i] = grads != NULL ? grads[k * N + i] : H[i] * theta[i] - B[i];
}

/* distance in units in the last place, for the failure message */
static gint64
ulp_distance (double a, double b)
{
  gint64 ia, ib;

  memcpy (&ia, &a, sizeof ia);
  memcpy (&ib, &b, sizeof ib);
  if (ia < 0)
    ia = G_MININT64 - ia;
  if (ib < 0)
    ib = G_MININT64 - ib;
  return ia - ib;
}

static void
assert_same (double got, double want, const char *what, guint64 t, guint i)
{
  if (!(got == want))
    g_test_message ("%s: t = %" G_GUINT64_FORMAT ", theta[%u] = %.17g, expected %.17g (%+"
                    G_GINT64_FORMAT " ulp)", what, t, i, got, want,
                    ulp_distance (got, want));
  g_assert_cmpfloat (got, ==, want);
}

static void
run_case (const Run *run)
{
  const GsOptimizerInfo *info = gs_optimizer_lookup (run->optimizer);
  GsParamValues hp;
  GsOptimizerState *st;
  char *message = NULL;
  double theta[N], before[N], g[N];
  double lr;

  g_assert_nonnull (info);
  fill_values (info, run->settings, G_N_ELEMENTS (run->settings), &hp);
  if (!gs_optimizer_check (info, &hp, &message))
    g_error ("%s: %s", run->optimizer, message);
  g_assert_null (message);
  lr = run->step_lr != 0 ? run->step_lr : hp.values[0][0];

  st = gs_optimizer_state_new (info, &hp, N);
  g_assert_cmpuint (st->t, ==, 0);
  g_assert_cmpuint (st->n, ==, N);
  memcpy (theta, run->theta0 != NULL ? run->theta0 : TH, sizeof theta);
  for (guint k = 0; k < run->steps; k++)
    {
      memcpy (before, theta, sizeof theta);
      gradient (run->grads, k, theta, g);
      gs_optimizer_step (info, &hp, st, lr, theta, g);
      g_assert_cmpuint (st->t, ==, k + 1);
      for (guint i = 0; i < N; i++)
        assert_same (theta[i], run->expected[k * N + i], run->optimizer, k + 1, i);
      if (run->trajectory != NULL)
        memcpy (run->trajectory + k * N, theta, sizeof theta);
      if (run->after != NULL)
        run->after (st, k + 1, before, g, theta, run->data);
    }
  gs_optimizer_state_free (st);
}

/* ---- SGD ------------------------------------------------------------------- */

static void
test_sgd_plain (void)
{
  run_case (&(Run) { .optimizer = "sgd", .settings = { { "lr", { 0.1 } } },
                     .steps = 4, .grads = G3, .expected = sgd_plain_expected });
}

static void
test_sgd_momentum_dampening (void)
{
  run_case (&(Run) { .optimizer = "sgd",
                     .settings = { { "lr", { 0.05 } }, { "momentum", { 0.9 } },
                                   { "dampening", { 0.3 } } },
                     .steps = 5, .grads = G3,
                     .expected = sgd_momentum_dampening_expected });

  /* b ← g at t = 1, undampened: the first update is plain gradient descent */
  for (guint i = 0; i < N; i++)
    g_assert_cmpfloat (sgd_momentum_dampening_expected[i], ==, TH[i] - 0.05 * G3[i]);
}

static void
test_sgd_nesterov (void)
{
  run_case (&(Run) { .optimizer = "sgd",
                     .settings = { { "lr", { 0.1 } }, { "momentum", { 0.9 } },
                                   { "nesterov", { 1 } } },
                     .steps = 5, .expected = sgd_nesterov_expected });
}

static void
test_sgd_weight_decay (void)
{
  run_case (&(Run) { .optimizer = "sgd",
                     .settings = { { "lr", { 0.1 } }, { "momentum", { 0.5 } },
                                   { "weight_decay", { 0.05 } } },
                     .steps = 4, .grads = G3, .expected = sgd_weight_decay_expected });
}

/* ---- Adagrad --------------------------------------------------------------- */

static void
test_adagrad_lr_decay (void)
{
  run_case (&(Run) { .optimizer = "adagrad",
                     .settings = { { "lr", { 0.1 } }, { "lr_decay", { 0.5 } },
                                   { "initial_accumulator_value", { 0.2 } } },
                     .steps = 5, .grads = G3, .expected = adagrad_expected });
}

static void
test_adagrad_defaults (void)
{
  run_case (&(Run) { .optimizer = "adagrad", .steps = 3,
                     .expected = adagrad_defaults_expected });
}

/* ---- RMSprop --------------------------------------------------------------- */

static void
test_rmsprop_plain (void)
{
  run_case (&(Run) { .optimizer = "rmsprop", .steps = 4, .grads = G3,
                     .expected = rmsprop_plain_expected });
}

static void
test_rmsprop_centered_momentum (void)
{
  run_case (&(Run) { .optimizer = "rmsprop",
                     .settings = { { "lr", { 0.02 } }, { "alpha", { 0.9 } },
                                   { "momentum", { 0.8 } }, { "centered", { 1 } },
                                   { "weight_decay", { 0.1 } } },
                     .steps = 5, .grads = G3,
                     .expected = rmsprop_centered_momentum_expected });
}

/* ---- Adadelta -------------------------------------------------------------- */

static void
test_adadelta (void)
{
  run_case (&(Run) { .optimizer = "adadelta", .steps = 4, .grads = G3,
                     .expected = adadelta_expected });
}

static void
test_adadelta_weight_decay (void)
{
  run_case (&(Run) { .optimizer = "adadelta",
                     .settings = { { "lr", { 0.5 } }, { "rho", { 0.8 } },
                                   { "eps", { 1e-4 } }, { "weight_decay", { 0.1 } } },
                     .steps = 4, .expected = adadelta_wd_expected });
}

/* ---- Adam, AdamW ------------------------------------------------------------- */

static void
test_adam_plain (void)
{
  run_case (&(Run) { .optimizer = "adam", .settings = { { "lr", { 0.01 } } },
                     .steps = 5, .expected = adam_plain_expected });
}

static void
test_adam_weight_decay (void)
{
  run_case (&(Run) { .optimizer = "adam",
                     .settings = { { "lr", { 0.01 } }, { "weight_decay", { 0.1 } } },
                     .steps = 4, .grads = G3, .expected = adam_weight_decay_expected });
}

static void
test_adam_amsgrad (void)
{
  double with[5 * N], without[5 * N];

  run_case (&(Run) { .optimizer = "adam",
                     .settings = { { "lr", { 0.01 } }, { "betas", { 0.8, 0.9 } },
                                   { "amsgrad", { 1 } } },
                     .steps = 5, .grads = GA, .expected = adam_amsgrad_expected,
                     .trajectory = with });
  run_case (&(Run) { .optimizer = "adam",
                     .settings = { { "lr", { 0.01 } }, { "betas", { 0.8, 0.9 } } },
                     .steps = 5, .grads = GA, .expected = adam_no_amsgrad_expected,
                     .trajectory = without });

  /* v̂ = v at t = 1; afterwards v decreases (checked in torch: max_exp_avg_sq
   * > exp_avg_sq for t ≥ 2 in every coordinate), so the max matters */
  for (guint i = 0; i < N; i++)
    g_assert_cmpfloat (with[i], ==, without[i]);
  for (guint k = 1; k < 5; k++)
    for (guint i = 0; i < N; i++)
      g_assert_cmpfloat (with[k * N + i], !=, without[k * N + i]);
}

static void
test_adamw_decoupled (void)
{
  double adamw[4 * N], adam[4 * N];

  run_case (&(Run) { .optimizer = "adamw",
                     .settings = { { "lr", { 0.01 } }, { "weight_decay", { 0.1 } } },
                     .steps = 4, .grads = G3, .expected = adamw_expected,
                     .trajectory = adamw });
  run_case (&(Run) { .optimizer = "adam",
                     .settings = { { "lr", { 0.01 } }, { "weight_decay", { 0.1 } } },
                     .steps = 4, .grads = G3, .expected = adam_weight_decay_expected,
                     .trajectory = adam });
  /* decoupled decay is not Adam with the same weight_decay */
  for (guint k = 0; k < 4; k++)
    for (guint i = 0; i < N; i++)
      g_assert_cmpfloat (fabs (adamw[k * N + i] - adam[k * N + i]), >, 1e-6);

  /* with weight_decay 0 AdamW is Adam, bit for bit */
  run_case (&(Run) { .optimizer = "adamw",
                     .settings = { { "lr", { 0.01 } }, { "betas", { 0.8, 0.9 } },
                                   { "weight_decay", { 0 } } },
                     .steps = 5, .grads = GA, .expected = adam_no_amsgrad_expected });
}

static void
test_adamw_amsgrad (void)
{
  run_case (&(Run) { .optimizer = "adamw",
                     .settings = { { "lr", { 0.01 } }, { "betas", { 0.8, 0.9 } },
                                   { "amsgrad", { 1 } } },
                     .steps = 5, .grads = GA, .expected = adamw_amsgrad_expected });
}

/* ---- Adamax -------------------------------------------------------------------- */

static void
test_adamax (void)
{
  run_case (&(Run) { .optimizer = "adamax",
                     .settings = { { "lr", { 0.01 } }, { "betas", { 0.8, 0.95 } } },
                     .steps = 5, .grads = GA, .expected = adamax_expected });
}

static void
test_adamax_weight_decay (void)
{
  run_case (&(Run) { .optimizer = "adamax", .settings = { { "weight_decay", { 0.2 } } },
                     .steps = 4, .expected = adamax_wd_expected });
}

/* ---- NAdam ------------------------------------------------------------------------ */

typedef struct
{
  double        beta1, psi;
  double        product;      /* Π of μt computed here */
  const double *mu_product;   /* Πt from Python */
} NadamCheck;

static void
nadam_after (const GsOptimizerState *st, guint64 t, const double *before,
             const double *grad, const double *after, gpointer data)
{
  NadamCheck *c = data;
  double mu = c->beta1 * (1. - 0.5 * pow (0.96, (double) t * c->psi));

  g_assert_cmpfloat (mu, >, 0);
  g_assert_cmpfloat (mu, <, c->beta1);
  c->product *= mu;
  g_assert_cmpfloat (st->mu_product, ==, c->product);
  g_assert_cmpfloat (st->mu_product, ==, c->mu_product[t - 1]);
}

static void
assert_differs_from_torch113 (const double *trajectory, const double *torch113,
                              guint steps)
{
  /* torch 1.13 uses Πt·μt·μt+1 in the second term (a doubled μt) and keeps Πt
   * in float32; here the two differ by 4e-5 to 2e-4 */
  for (guint k = 0; k < steps * N; k++)
    {
      double d = fabs (trajectory[k] - torch113[k]);

      g_assert_cmpfloat (d, >, 1e-5);
      g_assert_cmpfloat (d, <, 1e-3);
    }
}

static void
test_nadam (void)
{
  NadamCheck check = { 0.9, 0.004, 1.0, nadam_mu_product };
  double trajectory[5 * N];

  run_case (&(Run) { .optimizer = "nadam", .settings = { { "lr", { 0.01 } } },
                     .steps = 5, .grads = G3, .expected = nadam_expected,
                     .after = nadam_after, .data = &check, .trajectory = trajectory });
  assert_differs_from_torch113 (trajectory, nadam_torch113, 5);

  /* from θ0 = 0, θ keeps more of the low bits of each step */
  check.product = 1.0;
  check.mu_product = nadam_zero_mu_product;
  run_case (&(Run) { .optimizer = "nadam", .settings = { { "lr", { 0.01 } } },
                     .theta0 = ZERO, .steps = 5, .grads = G3,
                     .expected = nadam_zero_expected,
                     .after = nadam_after, .data = &check, .trajectory = trajectory });
  assert_differs_from_torch113 (trajectory, nadam_zero_torch113, 5);
}

static void
test_nadam_weight_decay (void)
{
  NadamCheck check = { 0.8, 0.04, 1.0, nadam_wd_psi_mu_product };
  double trajectory[5 * N];

  run_case (&(Run) { .optimizer = "nadam",
                     .settings = { { "lr", { 0.01 } }, { "betas", { 0.8, 0.99 } },
                                   { "weight_decay", { 0.1 } },
                                   { "momentum_decay", { 0.04 } } },
                     .steps = 5, .expected = nadam_wd_psi_expected,
                     .after = nadam_after, .data = &check, .trajectory = trajectory });
  assert_differs_from_torch113 (trajectory, nadam_wd_psi_torch113, 5);
}

/* ---- RAdam --------------------------------------------------------------------------- */

/* ρt for t = 1…8, from Python: ρ∞ − 2t·β2ᵗ/(1 − β2ᵗ) */
static const double rho_0999[8] = {
  1.0, 1.999499749846109, 2.9986659997755396, 3.9974987498546852,
  4.995998000395048, 5.994163751655833, 6.991996003993108, 7.989494757897319,
};
static const double rho_099[8] = {
  1.0, 1.9949748743719908, 2.9865997777849316, 3.974874879422231,
  4.959800416120203, 5.941376692354908, 6.919604080220267, 7.894483019397796,
};

static void
assert_rho (double beta2, const double *expected)
{
  double rho_inf = 2 / (1 - beta2) - 1;

  for (guint t = 1; t <= 8; t++)
    {
      double bc2 = 1 - pow (beta2, t);
      double rho_t = rho_inf - 2 * t * pow (beta2, t) / bc2;

      g_assert_cmpfloat (rho_t, ==, expected[t - 1]);
      /* the unrectified branch for t ≤ 5, the rectified one from t = 6 on */
      g_assert_cmpint (rho_t > 5, ==, t >= 6);
    }
}

typedef struct
{
  double m[N];
  guint  plain;       /* updates equal to θ − lr·m/bc1 */
} RadamCheck;

static void
radam_after (const GsOptimizerState *st, guint64 t, const double *before,
             const double *grad, const double *after, gpointer data)
{
  RadamCheck *c = data;
  double bc1 = 1 - pow (0.9, (double) t);
  gboolean plain = TRUE;

  /* m tracked here; θ − lr·m̂ is the update exactly when ρt ≤ 5 */
  for (guint i = 0; i < N; i++)
    {
      c->m[i] = c->m[i] * 0.9 + (1 - 0.9) * grad[i];
      plain = plain && after[i] == before[i] - c->m[i] / bc1 * 0.01;
    }
  g_assert_cmpint (plain, ==, t <= 5);
  c->plain += plain;
}

static void
test_radam_rectification (void)
{
  RadamCheck check = { { 0 }, 0 };

  assert_rho (0.999, rho_0999);
  run_case (&(Run) { .optimizer = "radam", .settings = { { "lr", { 0.01 } } },
                     .steps = 8, .grads = G8, .expected = radam_expected,
                     .after = radam_after, .data = &check });
  g_assert_cmpuint (check.plain, ==, 5);

  /* tiny gradients while ρt ≤ 5 and θ0 = 0: θ keeps the low bits of the
   * rectified steps */
  memset (&check, 0, sizeof check);
  run_case (&(Run) { .optimizer = "radam", .settings = { { "lr", { 0.01 } } },
                     .theta0 = ZERO, .steps = 10, .grads = GR,
                     .expected = radam_from_zero_expected,
                     .after = radam_after, .data = &check });
  g_assert_cmpuint (check.plain, ==, 5);
}

static void
test_radam_weight_decay (void)
{
  assert_rho (0.99, rho_099);
  run_case (&(Run) { .optimizer = "radam",
                     .settings = { { "lr", { 0.01 } }, { "betas", { 0.85, 0.99 } },
                                   { "weight_decay", { 0.05 } } },
                     .steps = 8, .expected = radam_wd_expected });
}

/* 50 updates on Rosenbrock with the problem's own gradient: the rectified
 * step lr·m̂·√bc2/(√v + ε)·r, evaluated in torch's order
 * ((m̂·lr)·((1/(√v + ε))·√bc2))·r, to the last bit over 45 rectified steps */
static void
radam_rosenbrock (double weight_decay, const double *expected)
{
  const GsOptimizerInfo *info = gs_optimizer_lookup ("radam");
  const GsFunctionInfo *rosenbrock = gs_function_lookup ("rosenbrock");
  Setting settings[] = { { "lr", { 0.01 } }, { "weight_decay", { weight_decay } },
                         { NULL } };
  GsParamValues hp;
  GsOptimizerState *st;
  char *message = NULL;
  double theta[2], g[2];

  g_assert_nonnull (rosenbrock);
  fill_values (info, settings, G_N_ELEMENTS (settings), &hp);
  g_assert_true (gs_optimizer_check (info, &hp, &message));
  g_assert_null (message);
  st = gs_optimizer_state_new (info, &hp, 2);
  memcpy (theta, rosenbrock->start, sizeof theta);
  g_assert_cmpfloat (theta[0], ==, -1.5);
  g_assert_cmpfloat (theta[1], ==, 2.0);
  for (guint k = 0; k < 50; k++)
    {
      rosenbrock->eval (theta, g);
      gs_optimizer_step (info, &hp, st, hp.values[0][0], theta, g);
      for (guint i = 0; i < 2; i++)
        assert_same (theta[i], expected[k * 2 + i], "radam/rosenbrock", k + 1, i);
    }
  gs_optimizer_state_free (st);
}

static void
test_radam_exposed_step (void)
{
  const GsOptimizerInfo *info = gs_optimizer_lookup ("radam");
  Setting settings[] = { { "lr", { 0.01 } }, { NULL } };
  GsParamValues hp;
  GsOptimizerState *st;
  double theta[NX] = { 0 }, g[NX];

  fill_values (info, settings, G_N_ELEMENTS (settings), &hp);
  st = gs_optimizer_state_new (info, &hp, NX);
  for (guint k = 0; k < 8; k++)
    {
      if (k < 5)
        memset (g, 0, sizeof g);
      else
        memcpy (g, GX + (k - 5) * NX, sizeof g);
      gs_optimizer_step (info, &hp, st, 0.01, theta, g);
      for (guint i = 0; i < NX; i++)
        {
          if (k < 5)
            g_assert_cmpfloat (theta[i], ==, 0.0);
          else
            assert_same (theta[i], radam_exposed_expected[(k - 5) * NX + i],
                         "radam/exposed", k + 1, i);
        }
    }
  gs_optimizer_state_free (st);
}

static void
test_radam_rosenbrock (void)
{
  radam_rosenbrock (0.0, radam_rosenbrock_expected);
  radam_rosenbrock (0.1, radam_rosenbrock_wd_expected);
}

/* ---- the lr argument of gs_optimizer_step --------------------------------------------- */

static void
test_step_lr (void)
{
  /* the lr passed in (a schedule's) replaces the configured one, also in
   * AdamW's decoupled decay θ·(1 − lr·wd) */
  run_case (&(Run) { .optimizer = "adam", .settings = { { "lr", { 0.5 } } },
                     .steps = 5, .step_lr = 0.01, .expected = adam_plain_expected });
  run_case (&(Run) { .optimizer = "adamw",
                     .settings = { { "lr", { 1.0 } }, { "weight_decay", { 0.1 } } },
                     .steps = 4, .grads = G3, .step_lr = 0.01,
                     .expected = adamw_expected });
  run_case (&(Run) { .optimizer = "sgd",
                     .settings = { { "lr", { 3.0 } }, { "momentum", { 0.9 } },
                                   { "nesterov", { 1 } } },
                     .steps = 5, .step_lr = 0.1, .expected = sgd_nesterov_expected });
}

/* ---- validation ------------------------------------------------------------------------- */

typedef struct
{
  const char *optimizer;
  Setting     settings[4];
  const char *message;      /* NULL: valid */
} CheckCase;

static const CheckCase check_cases[] = {
  { "adam", { { "lr", { 0 } } }, "invalid learning rate: 0 (expected a value in (0, ∞))" },
  { "adam", { { "lr", { -0.5 } } }, "invalid learning rate: -0.5 (expected a value in (0, ∞))" },
  { "rmsprop", { { "lr", { NAN } } }, "invalid learning rate: nan (expected a value in (0, ∞))" },
  { "adadelta", { { "lr", { NAN } } }, "invalid learning rate: nan (expected a value in (0, ∞))" },
  { "sgd", { { "lr", { INFINITY } } }, "invalid learning rate: inf (expected a value in (0, ∞))" },
  { "sgd", { { "momentum", { 0.9 } } }, "sgd needs a value for 'lr'" },
  { "sgd", { { "lr", { 1e-3 } } }, NULL },
  { "adam", { { "betas", { 0.9, 1.0 } } },
    "invalid beta parameter at index 1: 1 (expected a value in [0, 1))" },
  { "nadam", { { "betas", { -0.1, 0.999 } } },
    "invalid beta parameter at index 0: -0.1 (expected a value in [0, 1))" },
  { "adamax", { { "betas", { 1.0, 0.999 } } },
    "invalid beta parameter at index 0: 1 (expected a value in [0, 1))" },
  { "radam", { { "betas", { 0.9, NAN } } },
    "invalid beta parameter at index 1: nan (expected a value in [0, 1))" },
  { "adamw", { { "betas", { 0.0, 0.0 } } }, NULL },
  { "adam", { { "eps", { 0 } } }, "invalid epsilon value: 0 (expected a value in (0, ∞))" },
  { "adagrad", { { "eps", { -1e-10 } } },
    "invalid epsilon value: -1e-10 (expected a value in (0, ∞))" },
  { "sgd", { { "lr", { 0.1 } }, { "momentum", { -0.5 } } },
    "invalid momentum value: -0.5 (expected a value in [0, ∞))" },
  { "rmsprop", { { "momentum", { -0.1 } } },
    "invalid momentum value: -0.1 (expected a value in [0, ∞))" },
  { "sgd", { { "lr", { 0.1 } }, { "nesterov", { 1 } } },
    "Nesterov momentum requires a momentum and zero dampening" },
  { "sgd", { { "lr", { 0.1 } }, { "nesterov", { 1 } }, { "momentum", { 0.9 } },
             { "dampening", { 0.1 } } },
    "Nesterov momentum requires a momentum and zero dampening" },
  { "sgd", { { "lr", { 0.1 } }, { "nesterov", { 1 } }, { "momentum", { 0.9 } } }, NULL },
  { "sgd", { { "lr", { 0.1 } }, { "momentum", { 0.9 } }, { "dampening", { 0.5 } } }, NULL },
};

static void
test_check (void)
{
  for (guint k = 0; k < G_N_ELEMENTS (check_cases); k++)
    {
      const CheckCase *c = &check_cases[k];
      const GsOptimizerInfo *info = gs_optimizer_lookup (c->optimizer);
      GsParamValues hp;
      g_autofree char *message = NULL;
      gboolean ok;

      g_assert_nonnull (info);
      fill_values (info, c->settings, G_N_ELEMENTS (c->settings), &hp);
      ok = gs_optimizer_check (info, &hp, &message);
      g_test_message ("check case %u: %s: %s", k, c->optimizer,
                      message != NULL ? message : "valid");
      if (c->message == NULL)
        {
          g_assert_true (ok);
          g_assert_null (message);
        }
      else
        {
          g_assert_false (ok);
          g_assert_cmpstr (message, ==, c->message);
        }
    }
}

static void
test_check_bool (void)
{
  const GsOptimizerInfo *info = gs_optimizer_lookup ("adam");
  GsParamValues hp;
  g_autofree char *message = NULL;

  fill_values (info, (Setting[]) { { "amsgrad", { 0.5 } }, { NULL } }, 2, &hp);
  g_assert_false (gs_optimizer_check (info, &hp, &message));
  g_assert_true (g_str_has_prefix (message, "invalid amsgrad value: 0.5"));
}

/* ---- the table ------------------------------------------------------------------------------ */

typedef struct
{
  const char  *name;
  GsParamType  type;
  double       def[2];
} ExpectedParam;

typedef struct
{
  const char    *name;
  ExpectedParam  params[7];   /* up to the first { NULL } */
} ExpectedOptimizer;

#define BETAS_DEF { "betas", GS_PARAM_PAIR, { 0.9, 0.999 } }

/* the signatures of torch.optim's constructors (torch 1.13), without
 * foreach, maximize, capturable, differentiable, fused */
static const ExpectedOptimizer expected_table[] = {
  { "sgd", { { "lr", GS_PARAM_DOUBLE, { NAN } }, { "momentum", GS_PARAM_DOUBLE, { 0 } },
             { "dampening", GS_PARAM_DOUBLE, { 0 } }, { "weight_decay", GS_PARAM_DOUBLE, { 0 } },
             { "nesterov", GS_PARAM_BOOL, { 0 } } } },
  { "adagrad", { { "lr", GS_PARAM_DOUBLE, { 0.01 } }, { "lr_decay", GS_PARAM_DOUBLE, { 0 } },
                 { "weight_decay", GS_PARAM_DOUBLE, { 0 } },
                 { "initial_accumulator_value", GS_PARAM_DOUBLE, { 0 } },
                 { "eps", GS_PARAM_DOUBLE, { 1e-10 } } } },
  { "rmsprop", { { "lr", GS_PARAM_DOUBLE, { 0.01 } }, { "alpha", GS_PARAM_DOUBLE, { 0.99 } },
                 { "eps", GS_PARAM_DOUBLE, { 1e-8 } }, { "weight_decay", GS_PARAM_DOUBLE, { 0 } },
                 { "momentum", GS_PARAM_DOUBLE, { 0 } }, { "centered", GS_PARAM_BOOL, { 0 } } } },
  { "adadelta", { { "lr", GS_PARAM_DOUBLE, { 1.0 } }, { "rho", GS_PARAM_DOUBLE, { 0.9 } },
                  { "eps", GS_PARAM_DOUBLE, { 1e-6 } },
                  { "weight_decay", GS_PARAM_DOUBLE, { 0 } } } },
  { "adam", { { "lr", GS_PARAM_DOUBLE, { 0.001 } }, BETAS_DEF,
              { "eps", GS_PARAM_DOUBLE, { 1e-8 } }, { "weight_decay", GS_PARAM_DOUBLE, { 0 } },
              { "amsgrad", GS_PARAM_BOOL, { 0 } } } },
  { "adamw", { { "lr", GS_PARAM_DOUBLE, { 0.001 } }, BETAS_DEF,
               { "eps", GS_PARAM_DOUBLE, { 1e-8 } },
               { "weight_decay", GS_PARAM_DOUBLE, { 0.01 } },
               { "amsgrad", GS_PARAM_BOOL, { 0 } } } },
  { "adamax", { { "lr", GS_PARAM_DOUBLE, { 0.002 } }, BETAS_DEF,
                { "eps", GS_PARAM_DOUBLE, { 1e-8 } },
                { "weight_decay", GS_PARAM_DOUBLE, { 0 } } } },
  { "nadam", { { "lr", GS_PARAM_DOUBLE, { 0.002 } }, BETAS_DEF,
               { "eps", GS_PARAM_DOUBLE, { 1e-8 } }, { "weight_decay", GS_PARAM_DOUBLE, { 0 } },
               { "momentum_decay", GS_PARAM_DOUBLE, { 0.004 } } } },
  { "radam", { { "lr", GS_PARAM_DOUBLE, { 0.001 } }, BETAS_DEF,
               { "eps", GS_PARAM_DOUBLE, { 1e-8 } },
               { "weight_decay", GS_PARAM_DOUBLE, { 0 } } } },
};

static void
test_table (void)
{
  guint n_optimizers = 0;
  const GsOptimizerInfo *table = gs_optimizers (&n_optimizers);

  g_assert_cmpuint (n_optimizers, ==, G_N_ELEMENTS (expected_table));
  for (guint k = 0; k < n_optimizers; k++)
    {
      const GsOptimizerInfo *info = &table[k];
      guint n_expected = 0;

      /* lookup round-trips */
      g_assert_true (gs_optimizer_lookup (info->name) == info);
      g_assert_nonnull (info->title);
      g_assert_nonnull (info->summary);
      g_assert_nonnull (info->step);
      g_assert_cmpuint (info->n_params, >=, 1);
      g_assert_cmpuint (info->n_params, <=, GS_MAX_PARAMS);
      g_assert_cmpstr (info->params[0].name, ==, "lr");
      g_assert_cmpint (gs_param_find (info->params, info->n_params, "lr"), ==, 0);
      g_assert_cmpint (gs_param_find (info->params, info->n_params, "no_such"), ==, -1);

      /* each name is listed once */
      for (guint i = 0; i < info->n_params; i++)
        g_assert_cmpint (gs_param_find (info->params, info->n_params, info->params[i].name),
                         ==, (int) i);

      /* defaults are torch.optim's */
      for (guint e = 0; e < G_N_ELEMENTS (expected_table); e++)
        if (g_str_equal (expected_table[e].name, info->name))
          {
            const ExpectedOptimizer *x = &expected_table[e];

            for (; n_expected < G_N_ELEMENTS (x->params) && x->params[n_expected].name;
                 n_expected++)
              {
                const ExpectedParam *p = &x->params[n_expected];
                int i = gs_param_find (info->params, info->n_params, p->name);
                const GsParamSpec *spec;

                g_test_message ("%s.%s", info->name, p->name);
                g_assert_cmpint (i, >=, 0);
                spec = &info->params[i];
                g_assert_cmpint (spec->type, ==, p->type);
                if (isnan (p->def[0]))
                  g_assert_true (isnan (spec->def[0]));
                else
                  g_assert_cmpfloat (spec->def[0], ==, p->def[0]);
                if (p->type == GS_PARAM_PAIR)
                  g_assert_cmpfloat (spec->def[1], ==, p->def[1]);
                /* a default is a valid value */
                if (!isnan (spec->def[0]))
                  for (guint c = 0; c < (p->type == GS_PARAM_PAIR ? 2u : 1u); c++)
                    g_assert_true (gs_param_check (spec, c, spec->def[c], NULL));
              }
          }
      g_assert_cmpuint (n_expected, ==, info->n_params);

      /* the defaults are a valid configuration, except sgd's missing lr */
      {
        GsParamValues hp;
        g_autofree char *message = NULL;

        gs_param_values_init (&hp, info->params, info->n_params);
        g_assert_cmpuint (hp.set, ==, 0);
        g_assert_cmpint (gs_optimizer_check (info, &hp, &message), ==,
                         !g_str_equal (info->name, "sgd"));
      }
    }
  for (guint e = 0; e < G_N_ELEMENTS (expected_table); e++)
    g_assert_nonnull (gs_optimizer_lookup (expected_table[e].name));
  g_assert_null (gs_optimizer_lookup ("lbfgs"));
  g_assert_null (gs_optimizer_lookup (""));
}

/* ---- state ------------------------------------------------------------------------------------- */

/* a configuration of each optimizer that uses its state */
static const CheckCase state_configs[] = {
  { "sgd", { { "lr", { 0.05 } }, { "momentum", { 0.9 } }, { "dampening", { 0.2 } } } },
  { "adagrad", { { "lr", { 0.1 } }, { "lr_decay", { 0.1 } },
                 { "initial_accumulator_value", { 0.3 } } } },
  { "rmsprop", { { "momentum", { 0.7 } }, { "centered", { 1 } } } },
  { "adadelta", { { "rho", { 0.8 } } } },
  { "adam", { { "lr", { 0.01 } }, { "amsgrad", { 1 } } } },
  { "adamw", { { "lr", { 0.01 } }, { "amsgrad", { 1 } } } },
  { "adamax", { { "lr", { 0.01 } } } },
  { "nadam", { { "lr", { 0.01 } } } },
  { "radam", { { "lr", { 0.01 } } } },
};

static void
steps (const GsOptimizerInfo *info, const GsParamValues *hp, GsOptimizerState *st,
       double *theta, const double *grads, guint first, guint n)
{
  for (guint k = first; k < first + n; k++)
    gs_optimizer_step (info, hp, st, hp->values[0][0], theta, grads + k * N);
}

static void
test_state_copy (void)
{
  guint n_optimizers;

  gs_optimizers (&n_optimizers);
  g_assert_cmpuint (n_optimizers, ==, G_N_ELEMENTS (state_configs));
  for (guint k = 0; k < G_N_ELEMENTS (state_configs); k++)
    {
      const GsOptimizerInfo *info = gs_optimizer_lookup (state_configs[k].optimizer);
      GsParamValues hp;
      GsOptimizerState *st, *copy;
      double theta[N], saved[N], theta_copy[N];

      g_test_message ("%s", info->name);
      fill_values (info, state_configs[k].settings, 4, &hp);
      g_assert_true (gs_optimizer_check (info, &hp, NULL));
      st = gs_optimizer_state_new (info, &hp, N);
      memcpy (theta, TH, sizeof theta);
      steps (info, &hp, st, theta, G3, 0, 2);

      copy = gs_optimizer_state_copy (st);
      memcpy (saved, theta, sizeof theta);
      g_assert_cmpuint (copy->t, ==, 2);
      g_assert_cmpuint (copy->n, ==, N);
      g_assert_cmpint (copy->has_buf, ==, st->has_buf);
      g_assert_cmpfloat (copy->mu_product, ==, st->mu_product);
      for (guint s = 0; s < 4; s++)
        {
          g_assert_true (copy->s[s] != st->s[s]);
          g_assert_cmpmem (copy->s[s], N * sizeof (double), st->s[s], N * sizeof (double));
        }

      /* the original goes on first and is freed: the copy must not share
       * its vectors */
      steps (info, &hp, st, theta, G3, 2, 3);
      memcpy (theta_copy, saved, sizeof theta_copy);
      {
        GsOptimizerState *original = st;

        st = NULL;
        steps (info, &hp, copy, theta_copy, G3, 2, 3);
        g_assert_cmpuint (copy->t, ==, original->t);
        g_assert_cmpfloat (copy->mu_product, ==, original->mu_product);
        for (guint s = 0; s < 4; s++)
          g_assert_cmpmem (copy->s[s], N * sizeof (double),
                           original->s[s], N * sizeof (double));
        gs_optimizer_state_free (original);
      }
      for (guint i = 0; i < N; i++)
        {
          g_assert_cmpfloat (theta_copy[i], ==, theta[i]);
          g_assert_cmpfloat (theta[i], !=, saved[i]);
        }
      gs_optimizer_state_free (copy);
    }
}

static void
test_state_reset (void)
{
  for (guint k = 0; k < G_N_ELEMENTS (state_configs); k++)
    {
      const GsOptimizerInfo *info = gs_optimizer_lookup (state_configs[k].optimizer);
      GsParamValues hp;
      GsOptimizerState *st;
      double first[N], second[N];

      g_test_message ("%s", info->name);
      fill_values (info, state_configs[k].settings, 4, &hp);
      st = gs_optimizer_state_new (info, &hp, N);
      memcpy (first, TH, sizeof first);
      steps (info, &hp, st, first, G3, 0, 4);

      gs_optimizer_state_reset (st, info, &hp);
      g_assert_cmpuint (st->t, ==, 0);
      g_assert_false (st->has_buf);
      g_assert_cmpfloat (st->mu_product, ==, 1.0);
      /* zero, but Adagrad's sum starts at initial_accumulator_value */
      for (guint s = 0; s < 4; s++)
        for (guint i = 0; i < N; i++)
          g_assert_cmpfloat (st->s[s][i], ==,
                             s == 0 && g_str_equal (info->name, "adagrad")
                             ? hp.values[gs_param_find (info->params, info->n_params,
                                                        "initial_accumulator_value")][0]
                             : 0.0);

      memcpy (second, TH, sizeof second);
      steps (info, &hp, st, second, G3, 0, 4);
      for (guint i = 0; i < N; i++)
        g_assert_cmpfloat (second[i], ==, first[i]);
      gs_optimizer_state_free (st);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gradscope/optimizer/sgd/plain", test_sgd_plain);
  g_test_add_func ("/gradscope/optimizer/sgd/momentum-dampening", test_sgd_momentum_dampening);
  g_test_add_func ("/gradscope/optimizer/sgd/nesterov", test_sgd_nesterov);
  g_test_add_func ("/gradscope/optimizer/sgd/weight-decay", test_sgd_weight_decay);
  g_test_add_func ("/gradscope/optimizer/adagrad/lr-decay-initial-accumulator",
                   test_adagrad_lr_decay);
  g_test_add_func ("/gradscope/optimizer/adagrad/defaults", test_adagrad_defaults);
  g_test_add_func ("/gradscope/optimizer/rmsprop/plain", test_rmsprop_plain);
  g_test_add_func ("/gradscope/optimizer/rmsprop/centered-momentum",
                   test_rmsprop_centered_momentum);
  g_test_add_func ("/gradscope/optimizer/adadelta/first-steps", test_adadelta);
  g_test_add_func ("/gradscope/optimizer/adadelta/weight-decay", test_adadelta_weight_decay);
  g_test_add_func ("/gradscope/optimizer/adam/first-steps", test_adam_plain);
  g_test_add_func ("/gradscope/optimizer/adam/weight-decay", test_adam_weight_decay);
  g_test_add_func ("/gradscope/optimizer/adam/amsgrad", test_adam_amsgrad);
  g_test_add_func ("/gradscope/optimizer/adamw/decoupled", test_adamw_decoupled);
  g_test_add_func ("/gradscope/optimizer/adamw/amsgrad", test_adamw_amsgrad);
  g_test_add_func ("/gradscope/optimizer/adamax/first-steps", test_adamax);
  g_test_add_func ("/gradscope/optimizer/adamax/weight-decay", test_adamax_weight_decay);
  g_test_add_func ("/gradscope/optimizer/nadam/first-steps", test_nadam);
  g_test_add_func ("/gradscope/optimizer/nadam/weight-decay-momentum-decay",
                   test_nadam_weight_decay);
  g_test_add_func ("/gradscope/optimizer/radam/rectification", test_radam_rectification);
  g_test_add_func ("/gradscope/optimizer/radam/weight-decay", test_radam_weight_decay);
  g_test_add_func ("/gradscope/optimizer/radam/rosenbrock", test_radam_rosenbrock);
  g_test_add_func ("/gradscope/optimizer/radam/exposed-step", test_radam_exposed_step);
  g_test_add_func ("/gradscope/optimizer/step-lr", test_step_lr);
  g_test_add_func ("/gradscope/optimizer/check/messages", test_check);
  g_test_add_func ("/gradscope/optimizer/check/bool", test_check_bool);
  g_test_add_func ("/gradscope/optimizer/table", test_table);
  g_test_add_func ("/gradscope/optimizer/state/copy", test_state_copy);
  g_test_add_func ("/gradscope/optimizer/state/reset", test_state_reset);

  return g_test_run ();
}
