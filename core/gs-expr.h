/* gs-expr.h — f(x, y) typed as text: parsed once, evaluated with exact
 * derivatives (forward-mode automatic differentiation) */
#pragma once

#include <glib.h>

#include "gs-types.h"

G_BEGIN_DECLS

#define GS_EXPR_MAX_LENGTH 4096   /* characters of text */
#define GS_EXPR_MAX_DEPTH  256    /* nested parentheses, calls, signs and powers */

/* A compiled expression: immutable, so any number of threads may evaluate
 * one at the same time. */
typedef struct _GsExpr GsExpr;

/* Parses text (len bytes, or up to its NUL when len is −1). The grammar:
 *
 *   sum     := product (('+' | '-') product)*
 *   product := unary (('*' | '/') unary)*
 *   unary   := ('-' | '+') unary | power
 *   power   := postfix ('^' unary)?          right-associative: 2^3^2 = 2^9
 *   postfix := primary ('²' | '³')*
 *   primary := number | x | y | pi | e | name '(' sum (',' sum)* ')' | '(' sum ')'
 *
 * so -x^2 = −(x²) and x^-2 = x^(−2). Numbers: 2, 2., .5, 1e-3, 1.5E+5.
 * Functions: sin cos tan exp log (natural) sqrt abs tanh sinh cosh atan of
 * one argument, min and max of two or more. Also read: − (U+2212) as -,
 * × · ⋅ as *, ÷ as /, π as pi, ² ³ as ^2 ^3, ** as ^. No implicit
 * multiplication. Blanks (and invisible format characters) between tokens.
 * At most GS_EXPR_MAX_LENGTH characters and GS_EXPR_MAX_DEPTH levels.
 *
 * On failure returns NULL, sets error (GS_ERROR, GS_ERROR_PARSE) to a
 * message that names the column, "unexpected ')' at column 7",
 * and *error_column (when not NULL) to that column: 1-based, in characters,
 * from 1 to the length + 1 (the end). */
GsExpr     *gs_expr_parse      (const char *text, gssize len, guint *error_column,
                                GError **error);
GsExpr     *gs_expr_ref        (GsExpr *expr);
void        gs_expr_unref      (GsExpr *expr);

/* Canonical text: ASCII, the fewest parentheses, numbers in their shortest
 * exact form ("(1 - x)^2 + 100*(y - x^2)^2"; without the spaces where they
 * would pass GS_EXPR_MAX_LENGTH). It parses back to the same program
 * (gs_expr_equal), unless it passes a limit the typed text kept within:
 * π and ² become pi and ^2, and stacked powers x²³ need parentheses,
 * (x^2)^3. */
char       *gs_expr_to_string  (const GsExpr *expr);
/* TRUE when both compute the same thing the same way */
gboolean    gs_expr_equal      (const GsExpr *a, const GsExpr *b);

/* f(p[0], p[1]); writes ∂f/∂x, ∂f/∂y into grad when grad is not NULL. */
double      gs_expr_eval       (const GsExpr *expr, const double *p, double *grad);
/* f, its gradient (grad may be NULL) and its Hessian, row-major
 * [fxx, fxy, fyx, fyy], all exact (second-order forward mode). */
double      gs_expr_eval_hessian (const GsExpr *expr, const double *p, double *grad,
                                  double *hessian);

/* Domain and derivative conventions (docs/experiment-format.md):
 * - outside a function's domain the value is NAN (log(−1), sqrt(−1)) or
 *   ±∞ (log(0), 1/0); never a trap. Where the value is NAN, so is every
 *   derivative.
 * - abs′(0) = 0; sqrt′(0) = +∞; min and max take the derivatives of the
 *   argument they pick, the first one on a tie; min or max of a NAN is NAN.
 * - a derivative with respect to a variable that an argument does not
 *   depend on is 0, even where the outer derivative is infinite
 *   (∂/∂y sqrt(x) = 0 at x = 0). */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsExpr, gs_expr_unref)

G_END_DECLS
