/* bench-spiral.h — the network of issue 4's benchmarks (header only): a
 * 2-64-64-2 tanh MLP classifying a 10 000-point two-arm spiral */
#pragma once

#include "gs-problem.h"

#define SPIRAL_SAMPLES   10000
#define SPIRAL_DATA_SEED 1
#define SPIRAL_INIT_SEED 7

/* float32: the network's passes in float32 (PyTorch's default dtype) */
static inline GsProblem *
bench_spiral_problem_full (gboolean float32)
{
  g_autoptr (GError) error = NULL;
  GsDataset *data;
  GsModelOptions options;
  GsProblem *problem;

  data = gs_dataset_generate_full ("spiral", SPIRAL_SAMPLES, 2, 2, 0.1, SPIRAL_DATA_SEED,
                                   &error);
  g_assert_no_error (error);
  gs_model_options_init (&options);
  options.mlp.n_hidden = 2;
  options.mlp.hidden[0] = 64;
  options.mlp.hidden[1] = 64;
  options.mlp.activation = GS_ACTIVATION_TANH;
  options.mlp.classify = TRUE;
  options.mlp.init_seed = SPIRAL_INIT_SEED;
  options.mlp.float32 = float32;
  problem = gs_problem_new_model_full (GS_PROBLEM_MLP, data, &options, &error);
  g_assert_no_error (error);
  return problem;
}

static inline GsProblem *
bench_spiral_problem (void)
{
  return bench_spiral_problem_full (FALSE);
}
