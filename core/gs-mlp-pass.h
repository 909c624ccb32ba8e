/* gs-mlp-pass.h — one batch through an MLP, forward and backward, in one
 * precision (internal to gs-mlp.c, which includes it once per precision).
 *
 * Before including: R (double or float), PASS (name) giving the
 * precision's function names, GEMM (the BLAS seam's gemm in R), BIAS_TANH
 * and TANH_GRAD (gs-blas.h's vectorized tanh kernels in R) and EXP. The
 * loss is summed in double either way. */

/* wt ← every layer's Wᵀ (n_l × n_{l−1} → n_{l−1} × n_l), one after the
 * other: the forward product A·Wᵀ is then A times a plain matrix, which
 * OpenBLAS multiplies in its small-matrix kernel (A·Wᵀ took its packing
 * path, 30 % slower at 128 × 64 by 64 × 64). */
static void
PASS (transpose_weights) (const GsMlp *mlp, const R *theta, R *wt)
{
  for (guint l = 0; l < mlp->n_layers; l++)
    {
      guint in = mlp->width[l], units = mlp->width[l + 1];
      const R *w = theta + mlp->offset[l];

      for (guint j = 0; j < in; j++)
        for (guint u = 0; u < units; u++)
          wt[(gsize) j * units + u] = w[(gsize) u * in + j];
      wt += (gsize) in * units;
    }
}

/* Z ← act(Z + 1·bᵀ) over the n × units matrix Z: the bias and the
 * activation in one pass. tanh is the vectorized one of gs-blas.c (within
 * 3 ulp of the correctly rounded tanh); the others are exact. */
static void
PASS (bias_activate) (GsActivation act, R *z, const R *b, guint n, guint units)
{
  if (act == GS_ACTIVATION_TANH)
    {
      BIAS_TANH (z, b, n, units);
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      R *a = z + (gsize) i * units;

      switch (act)
        {
        case GS_ACTIVATION_RELU:
          for (guint j = 0; j < units; j++)
            {
              R v = a[j] + b[j];
              a[j] = v > 0 ? v : 0;
            }
          break;
        case GS_ACTIVATION_SIGMOID:
          for (guint j = 0; j < units; j++)
            {
              /* 1/(1 + e^−z) without overflow for either sign */
              R v = a[j] + b[j];
              R e = EXP (v >= 0 ? -v : v);
              a[j] = v >= 0 ? 1 / (1 + e) : e / (1 + e);
            }
          break;
        case GS_ACTIVATION_TANH:
        case GS_ACTIVATION_LINEAR:
        default:
          for (guint j = 0; j < units; j++)
            a[j] += b[j];
          break;
        }
    }
}

/* sums[j] += Σ_i d[i][j] over a rows × cols matrix, row after row (the
 * order gs_blas_tanh_grad sums in) */
static void
PASS (column_sums) (const R *d, guint rows, guint cols, R *sums)
{
  for (guint i = 0; i < rows; i++)
    for (guint j = 0; j < cols; j++)
      sums[j] += d[(gsize) i * cols + j];
}

/* out ← d ⊙ act′ over a rows × cols matrix, act′ read off the activation
 * a = act(z), and sums += its column sums (the bias gradient) in the same
 * pass; out may be a */
static void
PASS (times_derivative) (GsActivation act, const R *d, const R *a, R *out, guint rows,
                         guint cols, R *sums)
{
  gsize len = (gsize) rows * cols;

  switch (act)
    {
    case GS_ACTIVATION_TANH:
      TANH_GRAD (d, a, out, rows, cols, sums);   /* d·(1 − a²) */
      return;
    case GS_ACTIVATION_RELU:
      for (gsize i = 0; i < len; i++)
        out[i] = a[i] > 0 ? d[i] : 0;
      break;
    case GS_ACTIVATION_SIGMOID:
      for (gsize i = 0; i < len; i++)
        out[i] = d[i] * (a[i] * (1 - a[i]));
      break;
    case GS_ACTIVATION_LINEAR:
    default:
      memcpy (out, d, sizeof (R) * len);
      break;
    }
  PASS (column_sums) (out, rows, cols, sums);
}

/* Z_l = A_{l−1}·W_lᵀ + 1·b_lᵀ for every layer, with β = 0 (OpenBLAS's
 * small-matrix path) and wt from transpose_weights; the hidden ones
 * activated. acts holds the hidden A's one after the other, out the last
 * Z. */
static void
PASS (forward) (const GsMlp *mlp, const R *theta, const R *wt, const R *x, guint n,
                R *acts, R *out)
{
  const R *a_prev = x;
  R *a = acts;

  for (guint l = 0; l < mlp->n_layers; l++)
    {
      guint in = mlp->width[l], units = mlp->width[l + 1];
      const R *b = theta + mlp->offset[l] + (gsize) units * in;
      gboolean hidden = l + 1 < mlp->n_layers;
      R *z = hidden ? a : out;

      GEMM (FALSE, FALSE, n, units, in, 1, a_prev, in, wt, units, 0, z, units);
      PASS (bias_activate) (hidden ? mlp->config.activation : GS_ACTIVATION_LINEAR, z, b, n, units);
      wt += (gsize) in * units;
      if (hidden)
        {
          a_prev = z;
          a += (gsize) n * units;
        }
    }
}

/* One chunk of n rows of a batch of n_total: returns the sum of its loss
 * terms, counts its rows classified right into *correct and, with grad,
 * adds its part of the mean's gradient (the first chunk writes ∇W with
 * β = 0; the biases' entries were zeroed by the caller). work: room for
 * the chunk's activations, outputs and δ. */
static double
PASS (loss_chunk) (const GsMlp *mlp, const R *theta, const R *wt, const R *x,
                   const double *y, guint n, guint n_total, R *grad, gboolean first,
                   R *work, guint *correct)
{
  guint L = mlp->n_layers;
  guint k = mlp->width[L];
  R *acts = work;                                   /* n × Σ hidden */
  R *out = acts + (gsize) n * mlp->sum_hidden;      /* n × K: Z_L, then δ_L */
  R *delta = out + (gsize) n * k;                   /* n × max hidden */
  double sum = 0.0;

  PASS (forward) (mlp, theta, wt, x, n, acts, out);

  if (mlp->config.classify)
    {
      /* CE_i = log Σ_j e^{z_ij} − z_i,y = max_i + log s_i − z_i,y with
       * s_i = Σ_j e^{z_ij − max_i} in [1, K]; the logs are taken of
       * products of 32 s_i (at most 1000³² ≈ 10⁹⁶), a log per 32 rows
       * rather than per row. δ = (softmax(z) − onehot(y))/n_total. */
      double prod = 1.0;

      for (guint i = 0; i < n; i++)
        {
          R *z = out + (gsize) i * k;
          guint label = (guint) y[i];
          guint arg = 0;
          R mx = z[0], s = 0, zl = z[label];

          for (guint j = 1; j < k; j++)
            if (z[j] > mx)
              {
                mx = z[j];
                arg = j;
              }
          *correct += arg == label;
          /* e^{z_j − max} kept in z for δ: one exp per output, the
           * largest being e⁰ = 1 */
          for (guint j = 0; j < k; j++)
            {
              z[j] = j == arg ? 1 : EXP (z[j] - mx);
              s += z[j];
            }
          sum += (double) (mx - zl);
          prod *= s;
          if (i % 32 == 31 || i + 1 == n)
            {
              sum += log (prod);
              prod = 1.0;
            }
          if (grad)
            {
              for (guint j = 0; j < k; j++)
                z[j] = z[j] / s / (R) n_total;
              z[label] -= (R) 1 / (R) n_total;
            }
        }
    }
  else
    {
      /* MSE = mean((ŷ − y)²), δ = 2(ŷ − y)/n_total */
      for (guint i = 0; i < n; i++)
        {
          R e = out[i] - (R) y[i];

          sum += (double) (e * e);
          if (grad)
            out[i] = 2 * e / (R) n_total;
        }
    }
  if (grad == NULL)
    return sum;

  {
    R *d = out;   /* δ_l, n × n_l */
    R *a_end = acts + (gsize) n * mlp->sum_hidden;

    /* ∇b_L += δ_Lᵀ·1; each hidden layer's comes with its δ below */
    PASS (column_sums) (out, n, k, grad + mlp->offset[L - 1] + (gsize) k * mlp->width[L - 1]);
    for (guint l = L; l-- > 0;)
      {
        guint in = mlp->width[l], units = mlp->width[l + 1];
        const R *w = theta + mlp->offset[l];
        R *gw = grad + mlp->offset[l];
        R *a_prev = l > 0 ? a_end - (gsize) n * in : NULL;
        const R *a_in = l > 0 ? a_prev : x;

        /* ∇W (+)= δᵀ·A_{l−1} */
        GEMM (TRUE, FALSE, units, in, n, 1, d, units, a_in, in, first ? 0 : 1, gw, in);
        if (l == 0)
          break;
        /* δ_{l−1} = (δ·W) ⊙ act′(A_{l−1}), written over A_{l−1}, which
         * nothing needs any more, and ∇b_{l−1} += δ_{l−1}ᵀ·1 */
        GEMM (FALSE, FALSE, n, in, units, 1, d, units, w, in, 0, delta, in);
        PASS (times_derivative) (mlp->config.activation, delta, a_prev, a_prev, n, in,
                          grad + mlp->offset[l - 1] + (gsize) in * mlp->width[l - 1]);
        d = a_prev;
        a_end = a_prev;
      }
  }
  return sum;
}

