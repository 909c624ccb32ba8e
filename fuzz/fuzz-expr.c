/* fuzz-expr.c — libFuzzer target for the expression parser (make fuzz).
 *
 * Any bytes: a program or an error at a column inside the text that the
 * message names. A program: the same value from all three evaluations,
 * NAN derivatives where the value is NAN, and its canonical text reads
 * back as the same program (or passes a limit). Sanitizers catch the rest. */
#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gs-expr.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check (gboolean ok, const char *what, const uint8_t *data, size_t size)
{
  if (ok)
    return;
  fprintf (stderr, "fuzz-expr: %s for the %zu-byte input\n", what, size);
  abort ();
}

static gboolean
same (double a, double b)
{
  return (isnan (a) && isnan (b)) || memcmp (&a, &b, sizeof a) == 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const double points[][2] = {
    { 0, 0 }, { 1, -1 }, { -2.5, 0.5 }, { 1e-300, -1e-300 }, { 1e300, -1e300 },
    { -1e10, 3 }, { NAN, 0 }, { INFINITY, -INFINITY },
  };
  const char *text = (const char *) data;
  GError *error = NULL;
  guint col = 0;
  GsExpr *expr;

  expr = gs_expr_parse (text, size, &col, &error);
  if (expr == NULL)
    {
      char at[32];

      check (error != NULL && error->domain == GS_ERROR && error->code == GS_ERROR_PARSE,
             "no GS_ERROR_PARSE", data, size);
      check (col >= 1 && col <= size + 1, "error column outside the text", data, size);
      if (g_utf8_validate_len (text, size, NULL))
        check (col <= (guint) g_utf8_strlen (text, size) + 1,
               "error column past the end", data, size);
      check (g_utf8_validate (error->message, -1, NULL), "message not UTF-8", data, size);
      g_snprintf (at, sizeof at, "column %u", col);
      check (strstr (error->message, at) != NULL, "message without its column", data, size);
      g_error_free (error);
      return 0;
    }

  for (size_t k = 0; k < G_N_ELEMENTS (points); k++)
    {
      double g[2], g2[2], h[4];
      double f = gs_expr_eval (expr, points[k], NULL);
      double fg = gs_expr_eval (expr, points[k], g);
      double fh = gs_expr_eval_hessian (expr, points[k], g2, h);

      check (same (f, fg) && same (f, fh), "values differ between evaluations", data, size);
      check (same (g[0], g2[0]) && same (g[1], g2[1]), "gradients differ", data, size);
      check (same (h[1], h[2]), "Hessian not symmetric", data, size);
      if (isnan (f))
        check (isnan (g[0]) && isnan (g[1]) && isnan (h[0]) && isnan (h[1]) && isnan (h[3]),
               "finite derivative of a NAN value", data, size);
    }

  {
    char *canonical = gs_expr_to_string (expr);
    GsExpr *again = gs_expr_parse (canonical, -1, NULL, &error);

    if (again == NULL)
      check (g_str_has_prefix (error->message, "the expression is too long")
             || g_str_has_prefix (error->message, "the expression nests too deeply"),
             "canonical text does not parse", data, size);
    else
      check (gs_expr_equal (expr, again), "canonical text is another program", data, size);
    g_clear_error (&error);
    gs_expr_unref (again);
    g_free (canonical);
  }
  gs_expr_unref (expr);
  return 0;
}
