/* gs-suggest.c — edit distance plus a small table of synonyms */
#include "gs-suggest.h"

#include <string.h>

static const struct { const char *alias, *target; } aliases[] = {
  { "learning_rate", "lr" },  { "learningrate", "lr" }, { "rate", "lr" },
  { "step_size", "lr" },      { "alpha", "lr" },        { "eta", "lr" },
  { "beta1", "betas" },       { "beta2", "betas" },     { "beta", "betas" },
  { "epsilon", "eps" },       { "wd", "weight_decay" }, { "decay", "weight_decay" },
  { "l2_decay", "weight_decay" },
  { "mu", "momentum" },       { "nesterov_momentum", "nesterov" },
  { "steps", "max_steps" },   { "iterations", "max_steps" }, { "epochs", "max_steps" },
  { "max_iter", "max_steps" }, { "max_iterations", "max_steps" },
  { "batch", "batch_size" },  { "minibatch", "batch_size" },
  { "seed", "shuffle_seed" }, { "optimiser", "optimizer" }, { "opt", "optimizer" },
  { "scheduler", "schedule" }, { "lr_schedule", "schedule" },
  { "regularisation", "regularization" }, { "reg", "regularization" },
  { "init", "start" },        { "x0", "start" },        { "initial", "start" },
  { "kind", "type" },         { "function", "name" },   { "dataset", "data" },
  { "file", "csv" },          { "path", "csv" },        { "rows", "inline" },
  { "lambda", "l2" },         { "colour", "color" },    { "name", "label" },
  { "tmax", "t_max" },        { "T_max", "t_max" },     { "min_lr", "eta_min" },
  { "warmup", "warmup_steps" },
  { "sgd_momentum", "sgd" },  { "momentum", "sgd" },    { "gd", "sgd" },
  { "gradient_descent", "sgd" }, { "adam_w", "adamw" },
  { "linear", "linear_regression" }, { "logistic", "logistic_regression" },
};

static guint
distance (const char *a, const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *prev = g_new (guint, lb + 1);
  g_autofree guint *cur = g_new (guint, lb + 1);

  for (gsize j = 0; j <= lb; j++)
    prev[j] = j;
  for (gsize i = 1; i <= la; i++)
    {
      cur[0] = i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint cost = g_ascii_tolower (a[i - 1]) != g_ascii_tolower (b[j - 1]);
          cur[j] = MIN (MIN (prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
        }
      memcpy (prev, cur, sizeof (guint) * (lb + 1));
    }
  return prev[lb];
}

static gboolean
allowed (const char *target, const char *const *candidates)
{
  for (guint i = 0; candidates[i]; i++)
    if (g_str_equal (candidates[i], target))
      return TRUE;
  return FALSE;
}

const char *
gs_suggest (const char *word, const char *const *candidates)
{
  const char *best = NULL;
  guint best_d = G_MAXUINT;

  for (guint i = 0; candidates[i]; i++)
    {
      guint d = distance (word, candidates[i]);
      if (d < best_d)
        best = candidates[i], best_d = d;
    }
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      guint d;

      if (!allowed (aliases[i].target, candidates))
        continue;
      d = distance (word, aliases[i].alias);
      if (d < best_d)
        best = aliases[i].target, best_d = d;
    }

  /* close enough: a third of the word, at least one edit */
  if (best != NULL && best_d <= MAX (1, strlen (word) / 3))
    return best;
  return NULL;
}
