/* gs-mlp.h — a multilayer perceptron over a batch, through the BLAS seam */
#pragma once

#include <glib.h>

#include "gs-types.h"

G_BEGIN_DECLS

typedef enum
{
  GS_ACTIVATION_RELU,
  GS_ACTIVATION_TANH,
  GS_ACTIVATION_SIGMOID,
  GS_ACTIVATION_LINEAR,
} GsActivation;

/* Input features made from 2-D points (x, y), as in TensorFlow Playground */
typedef enum
{
  GS_FEATURE_X,       /* x */
  GS_FEATURE_Y,       /* y */
  GS_FEATURE_X2,      /* x² */
  GS_FEATURE_Y2,      /* y² */
  GS_FEATURE_XY,      /* x·y */
  GS_FEATURE_SIN_X,   /* sin x */
  GS_FEATURE_SIN_Y,   /* sin y */
  GS_N_FEATURES
} GsFeature;

#define GS_MLP_MAX_HIDDEN  16        /* hidden layers */
#define GS_MLP_MAX_WIDTH   4096      /* units in one layer */
#define GS_MLP_MAX_CLASSES 1000      /* softmax outputs */
#define GS_MLP_MAX_PARAMS  1000000   /* weights and biases together */

/* Everything that names a network but its data. Plain values, so it
 * copies with =. */
typedef struct
{
  guint        n_hidden;                    /* hidden layers (0: a linear model) */
  guint        hidden[GS_MLP_MAX_HIDDEN];   /* their widths */
  GsActivation activation;                  /* of every hidden layer */
  guint        n_features;                  /* 0: the raw inputs, any number */
  GsFeature    features[GS_N_FEATURES];     /* else these, from 2-D inputs */
  gboolean     classify;                    /* K softmax outputs + cross-entropy;
                                             * else one linear output + MSE */
  guint64      init_seed;                   /* seed of the default start */
  gboolean     float32;                     /* forward and backward in float32
                                             * (PyTorch's default dtype); θ and
                                             * the optimizer stay in float64 */
} GsMlpConfig;

void               gs_mlp_config_init       (GsMlpConfig *config);

const char *const *gs_activation_names      (void);   /* NULL-terminated */
const char        *gs_activation_to_string  (GsActivation activation);
gboolean           gs_activation_from_string (const char *name, GsActivation *out);
const char *const *gs_feature_names         (void);   /* NULL-terminated */
const char        *gs_feature_to_string     (GsFeature feature);
gboolean           gs_feature_from_string   (const char *name, GsFeature *out);

typedef struct _GsMlp GsMlp;

/* n_raw: features of the data (2 when config names input features);
 * n_outputs: K classes, or 1 for regression. */
GsMlp       *gs_mlp_new            (const GsMlpConfig *config, guint n_raw,
                                    guint n_outputs, GError **error);
void         gs_mlp_free           (GsMlp *mlp);

const GsMlpConfig *gs_mlp_get_config (const GsMlp *mlp);
guint        gs_mlp_get_n_params   (const GsMlp *mlp);
guint        gs_mlp_get_n_inputs   (const GsMlp *mlp);   /* after the features */
guint        gs_mlp_get_n_outputs  (const GsMlp *mlp);
/* Layers 0 … n_layers−1 (the hidden ones, then the output layer). */
guint        gs_mlp_get_n_layers   (const GsMlp *mlp);
/* Layer l maps n_in units to n_out: its weights, [n_out × n_in] row-major,
 * start at θ[weight_offset], its n_out biases follow them. */
void         gs_mlp_get_layer      (const GsMlp *mlp, guint l, guint *n_in,
                                    guint *n_out, guint *weight_offset);
/* The weight matrices: the coordinates a regularization applies to. */
const GsParamRange *gs_mlp_get_weight_ranges (const GsMlp *mlp, guint *n_ranges);
/* "2-16-16-3" */
char        *gs_mlp_describe       (const GsMlp *mlp);

/* PyTorch's nn.Linear default: every weight and bias of a layer with n_in
 * inputs from U(−1/√n_in, 1/√n_in), drawn as (2u − 1)/√n_in with u from
 * gs_rng_uniform of a GsRng seeded with config->init_seed, in parameter
 * order: layer by layer, its weights row by row, then its biases. */
void         gs_mlp_init_params    (const GsMlp *mlp, double *theta);

/* The network's inputs from raw rows (n rows of n_raw values, raw_stride
 * doubles apart) into out (n × n_inputs, contiguous). */
void         gs_mlp_features       (const GsMlp *mlp, const double *raw,
                                    gsize raw_stride, guint n, double *out);

/* Scratch doubles for gs_mlp_loss or gs_mlp_predict over n rows. */
gsize        gs_mlp_get_work_size  (const GsMlp *mlp, guint n);

/* Mean loss over the n rows of x (n × n_inputs, contiguous) with targets y
 * (class labels 0…K−1 as doubles, or real values): cross-entropy of the
 * softmax, or squared error. Writes its gradient into grad when not NULL;
 * counts rows whose largest output is their label into *n_correct when not
 * NULL (classification). */
double       gs_mlp_loss           (const GsMlp *mlp, const double *theta,
                                    const double *x, const double *y, guint n,
                                    double *grad, double *work, guint *n_correct);

/* Outputs for n raw rows (n_raw values each, raw_stride apart): the class
 * probabilities (n × K) or the predicted value (n × 1). work:
 * gs_mlp_get_work_size (mlp, n) doubles. */
void         gs_mlp_predict        (const GsMlp *mlp, const double *theta,
                                    const double *raw, gsize raw_stride, guint n,
                                    double *out, double *work);

G_END_DECLS
