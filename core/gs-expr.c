/* gs-expr.c — a typed f(x, y): recursive-descent parser to postfix code,
 * evaluated on a small stack of plain numbers, dual numbers (value and
 * gradient) or second-order jets (value, gradient and Hessian) */
#include "gs-expr.h"
#include "gs-suggest.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* Enough for any program within GS_EXPR_MAX_DEPTH: each level of nesting
 * leaves at most a sum's, a product's and a power's left operand waiting.
 * The parser refuses a program that would need more. */
#define STACK_MAX (3 * GS_EXPR_MAX_DEPTH + 8)

typedef enum
{
  OP_CONST, OP_X, OP_Y,
  /* unary */
  OP_NEG, OP_SQUARE, OP_SIN, OP_COS, OP_TAN, OP_EXP, OP_LOG, OP_SQRT, OP_ABS,
  OP_TANH, OP_SINH, OP_COSH, OP_ATAN,
  /* binary */
  OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_POW, OP_MIN, OP_MAX,
} Op;

typedef enum
{
  NAME_NUMBER,   /* a number as written */
  NAME_PI,
  NAME_E,
} ConstName;

typedef struct
{
  guint8 op;      /* Op */
  guint8 name;    /* OP_CONST: ConstName */
  double value;   /* OP_CONST */
} Instr;

struct _GsExpr
{
  gatomicrefcount ref;
  guint           n_code;
  Instr           code[];   /* postfix: operands before their operator */
};

typedef struct
{
  const char *name;
  Op          op;
  guint       n_args;     /* 0: two or more */
} Function;

static const Function functions[] = {
  { "sin", OP_SIN, 1 },   { "cos", OP_COS, 1 },   { "tan", OP_TAN, 1 },
  { "exp", OP_EXP, 1 },   { "log", OP_LOG, 1 },   { "sqrt", OP_SQRT, 1 },
  { "abs", OP_ABS, 1 },   { "tanh", OP_TANH, 1 }, { "sinh", OP_SINH, 1 },
  { "cosh", OP_COSH, 1 }, { "atan", OP_ATAN, 1 },
  { "min", OP_MIN, 0 },   { "max", OP_MAX, 0 },
};

/* every name, for suggestions */
static const char *const all_names[] = {
  "x", "y", "pi", "e", "sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh",
  "sinh", "cosh", "atan", "min", "max", NULL
};

static const char *
function_name (Op op)
{
  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    if (functions[i].op == op)
      return functions[i].name;
  return "?";
}

/* ---- lexer ------------------------------------------------------------------ */

typedef enum
{
  T_END, T_NUMBER, T_NAME, T_PLUS, T_MINUS, T_TIMES, T_DIVIDE, T_POWER,
  T_OPEN, T_CLOSE, T_COMMA, T_SQUARED, T_CUBED,
} TokenKind;

typedef struct
{
  TokenKind   kind;
  const char *start;   /* in the text */
  gsize       len;     /* bytes */
  guint       col;     /* 1-based, in characters; 0: no token yet */
  double      value;   /* T_NUMBER */
} Token;

typedef struct
{
  const char *p;          /* the rest of the text */
  const char *end;
  guint       col;        /* column of p */
  Token       tok;        /* the current token */
  Token       last;       /* the one before it */
  guint       depth;
  GArray     *code;       /* Instr */
  guint       stack;      /* operands the code so far leaves */
  guint       max_stack;
  guint       err_col;
  char       *err_msg;
} Parser;

G_GNUC_PRINTF (3, 4) static gboolean
fail (Parser *ps, guint col, const char *format, ...)
{
  va_list args;

  if (ps->err_msg != NULL)
    return FALSE;
  va_start (args, format);
  ps->err_msg = g_strdup_vprintf (format, args);
  va_end (args);
  ps->err_col = col;
  return FALSE;
}

/* A token as written, cut after 20 characters */
static char *
token_raw (const Token *t)
{
  const char *cut;

  if (g_utf8_strlen (t->start, t->len) <= 20)
    return g_strndup (t->start, t->len);
  cut = g_utf8_offset_to_pointer (t->start, 20);
  return g_strdup_printf ("%.*s…", (int) (cut - t->start), t->start);
}

/* A token for messages: 'sin', or "the end" */
static char *
token_text (const Token *t)
{
  g_autofree char *raw = NULL;

  if (t->kind == T_END)
    /* TRANSLATORS: the end of the typed expression, in place of a token in
       "unexpected %s at column %u" and "expected a value after %s" */
    return g_strdup (C_("expression", "the end"));
  raw = token_raw (t);
  return g_strdup_printf ("'%s'", raw);
}

/* blanks, and the invisible format characters a copy and paste brings
 * along (a byte order mark, a zero-width space, direction marks) */
static gboolean
is_space (gunichar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r'
    || (c >= 0x80 && (g_unichar_isspace (c) || g_unichar_type (c) == G_UNICODE_FORMAT));
}

static void
skip (Parser *ps, gsize bytes, guint chars)
{
  ps->p += bytes;
  ps->col += chars;
}

/* A number: digits with at most one point (2, 2., .5), then an optional
 * exponent (e-3, E+5). */
static gboolean
lex_number (Parser *ps, Token *t)
{
  const char *s = ps->p, *q = s;
  char *copy;

  while (q < ps->end && g_ascii_isdigit (*q))
    q++;
  if (q < ps->end && *q == '.')
    {
      q++;
      while (q < ps->end && g_ascii_isdigit (*q))
        q++;
    }
  if (q < ps->end && (*q == 'e' || *q == 'E'))
    {
      const char *r = q + 1;

      if (r < ps->end && (*r == '+' || *r == '-'))
        r++;
      if (r >= ps->end || !g_ascii_isdigit (*r))
        {
          Token bad = { T_NUMBER, s, r - s, ps->col, 0 };
          g_autofree char *text = token_text (&bad);

          return fail (ps, ps->col, _("the number %s at column %u needs digits after '%c'"),
                       text, ps->col, *q);
        }
      while (r < ps->end && g_ascii_isdigit (*r))
        r++;
      q = r;
    }
  t->kind = T_NUMBER;
  t->len = q - s;
  copy = g_strndup (s, t->len);
  t->value = g_ascii_strtod (copy, NULL);
  g_free (copy);
  skip (ps, t->len, t->len);
  if (isinf (t->value))
    {
      g_autofree char *text = token_text (t);
      return fail (ps, t->col, _("the number %s at column %u is too large (the largest "
                                 "is about 1.8e308)"), text, t->col);
    }
  if (ps->p < ps->end && *ps->p == '.')
    return fail (ps, ps->col, _("unexpected '.' at column %u (a number has one decimal "
                                "point)"), ps->col);
  return TRUE;
}

/* The next token into ps->tok; the current one becomes ps->last. */
static gboolean
next (Parser *ps)
{
  Token *t = &ps->tok;
  gunichar c;

  ps->last = ps->tok;
  for (;;)
    {
      if (ps->p >= ps->end)
        {
          *t = (Token) { T_END, ps->p, 0, ps->col, 0 };
          return TRUE;
        }
      c = g_utf8_get_char (ps->p);
      if (!is_space (c))
        break;
      skip (ps, g_utf8_next_char (ps->p) - ps->p, 1);
    }

  *t = (Token) { T_END, ps->p, 1, ps->col, 0 };
  if (g_ascii_isdigit (c)
      || (c == '.' && ps->p + 1 < ps->end && g_ascii_isdigit (ps->p[1])))
    return lex_number (ps, t);
  if (g_ascii_isalpha (c) || c == '_')
    {
      const char *q = ps->p;

      while (q < ps->end && (g_ascii_isalnum (*q) || *q == '_'))
        q++;
      t->kind = T_NAME;
      t->len = q - ps->p;
      skip (ps, t->len, t->len);
      return TRUE;
    }

  switch (c)
    {
    case '+':    t->kind = T_PLUS; break;
    case '-':
    case 0x2212: t->kind = T_MINUS; break;     /* − */
    case '*':
      if (ps->p + 1 < ps->end && ps->p[1] == '*')
        {
          /* Python's x**2 */
          t->kind = T_POWER;
          t->len = 2;
          skip (ps, 2, 2);
          return TRUE;
        }
      t->kind = T_TIMES;
      break;
    case 0x00D7:                               /* × */
    case 0x00B7:                               /* · */
    case 0x22C5:                               /* ⋅ */
    case 0x2217: t->kind = T_TIMES; break;     /* ∗ */
    case '/':
    case 0x00F7:                               /* ÷ */
    case 0x2215: t->kind = T_DIVIDE; break;    /* ∕ */
    case '^':    t->kind = T_POWER; break;
    case '(':    t->kind = T_OPEN; break;
    case ')':    t->kind = T_CLOSE; break;
    case ',':    t->kind = T_COMMA; break;
    case 0x00B2: t->kind = T_SQUARED; break;   /* ² */
    case 0x00B3: t->kind = T_CUBED; break;     /* ³ */
    case 0x03C0: t->kind = T_NAME; break;      /* π */
    default:
      if (g_unichar_isprint (c) && c != '\'')
        return fail (ps, ps->col, _("unexpected character '%.*s' at column %u"),
                     (int) (g_utf8_next_char (ps->p) - ps->p), ps->p, ps->col);
      return fail (ps, ps->col, _("unexpected character U+%04X at column %u"), c, ps->col);
    }
  t->len = g_utf8_next_char (ps->p) - ps->p;
  skip (ps, t->len, 1);
  return TRUE;
}

/* ---- parser ----------------------------------------------------------------- */

static gboolean
emit (Parser *ps, Op op, double value, ConstName name)
{
  Instr in = { op, name, value };

  if (op <= OP_Y)
    ps->stack++;
  else if (op >= OP_ADD)
    ps->stack--;
  ps->max_stack = MAX (ps->max_stack, ps->stack);
  if (ps->max_stack > STACK_MAX)
    return fail (ps, ps->tok.col, _("the expression nests too deeply at column %u (at most "
                                    "%u levels of parentheses, calls, signs and powers)"),
                 ps->tok.col, GS_EXPR_MAX_DEPTH);
  g_array_append_val (ps->code, in);
  return TRUE;
}

static gboolean
starts_operand (TokenKind kind)
{
  return kind == T_NUMBER || kind == T_NAME || kind == T_OPEN;
}

static gboolean parse_sum (Parser *ps);
static gboolean parse_unary (Parser *ps);

static gboolean
name_is (const Token *t, const char *name)
{
  return t->len == strlen (name) && strncmp (t->start, name, t->len) == 0;
}

static gboolean
unknown_name (Parser *ps, const Token *t)
{
  g_autofree char *name = g_strndup (t->start, t->len);
  g_autofree char *lower = g_ascii_strdown (name, -1);
  const char *guess = NULL;

  if (g_strv_contains (all_names, lower))
    return fail (ps, t->col, _("unknown name '%s' at column %u; did you mean '%s'? (names "
                               "are lowercase)"), name, t->col, lower);
  if (g_str_equal (lower, "ln"))
    return fail (ps, t->col, _("unknown name '%s' at column %u; did you mean 'log' (the "
                               "natural logarithm)?"), name, t->col);
  if (g_str_equal (lower, "pow"))
    return fail (ps, t->col, _("unknown name '%s' at column %u (write a^b for a power)"),
                 name, t->col);
  if (t->len >= 3)
    guess = gs_suggest (name, all_names);
  if (guess != NULL)
    return fail (ps, t->col, _("unknown name '%s' at column %u; did you mean '%s'?"),
                 name, t->col, guess);
  return fail (ps, t->col, _("unknown name '%s' at column %u (expected x, y, pi, e or a "
                             "function such as sin)"), name, t->col);
}

/* name '(' sum (',' sum)* ')' with the name already read */
static gboolean
parse_call (Parser *ps, const Token *name, const Function *f)
{
  Token open;
  guint n = 0;

  if (ps->tok.kind != T_OPEN)
    {
      g_autofree char *found = token_text (&ps->tok);
      return fail (ps, ps->tok.col, _("expected '(' after the function '%s', found %s at "
                                      "column %u"), f->name, found, ps->tok.col);
    }
  open = ps->tok;
  if (!next (ps))
    return FALSE;
  if (ps->tok.kind != T_CLOSE)
    for (;;)
      {
        if (!parse_sum (ps))
          return FALSE;
        n++;
        if (f->n_args == 0 && n >= 2 && !emit (ps, f->op, 0, NAME_NUMBER))
          return FALSE;
        if (ps->tok.kind != T_COMMA)
          break;
        if (!next (ps))
          return FALSE;
      }
  if (ps->tok.kind == T_END)
    return fail (ps, open.col, _("expected ')' to close '(' at column %u, found the end"),
                 open.col);
  if (ps->tok.kind != T_CLOSE)
    {
      g_autofree char *found = token_text (&ps->tok);
      return fail (ps, ps->tok.col, _("unexpected %s at column %u"), found, ps->tok.col);
    }
  if (f->n_args == 1 && n != 1)
    {
      /* TRANSLATORS: the number of arguments a function was given: none */
      g_autofree char *found = n == 0 ? g_strdup (C_("arguments", "none"))
                                      : g_strdup_printf ("%u", n);
      /* TRANSLATORS: "'sin' expects 1 argument, found 2 at column 1": the
         function, how many arguments it was given, where its name is */
      return fail (ps, name->col, _("'%s' expects 1 argument, found %s at column %u"),
                   f->name, found, name->col);
    }
  if (f->n_args == 0 && n < 2)
    {
      g_autofree char *found = n == 0 ? g_strdup (C_("arguments", "none"))
                                      : g_strdup_printf ("%u", n);
      return fail (ps, name->col, _("'%s' expects 2 or more arguments, found %s at "
                                    "column %u"), f->name, found, name->col);
    }
  if (f->n_args == 1 && !emit (ps, f->op, 0, NAME_NUMBER))
    return FALSE;
  return next (ps);
}

static gboolean
parse_primary (Parser *ps)
{
  Token t = ps->tok;

  switch (t.kind)
    {
    case T_NUMBER:
      return emit (ps, OP_CONST, t.value, NAME_NUMBER) && next (ps);

    case T_NAME:
      if (!next (ps))
        return FALSE;
      if (name_is (&t, "x"))
        return emit (ps, OP_X, 0, NAME_NUMBER);
      if (name_is (&t, "y"))
        return emit (ps, OP_Y, 0, NAME_NUMBER);
      if (name_is (&t, "pi") || name_is (&t, "π"))
        return emit (ps, OP_CONST, G_PI, NAME_PI);
      if (name_is (&t, "e"))
        return emit (ps, OP_CONST, G_E, NAME_E);
      for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
        if (name_is (&t, functions[i].name))
          return parse_call (ps, &t, &functions[i]);
      return unknown_name (ps, &t);

    case T_OPEN:
      if (!next (ps) || !parse_sum (ps))
        return FALSE;
      if (ps->tok.kind == T_END)
        return fail (ps, t.col, _("expected ')' to close '(' at column %u, found the end"),
                     t.col);
      if (ps->tok.kind != T_CLOSE)
        {
          g_autofree char *found = token_text (&ps->tok);
          return fail (ps, ps->tok.col, _("unexpected %s at column %u"), found, ps->tok.col);
        }
      return next (ps);

    case T_END:
      if (ps->last.col == 0)
        return fail (ps, 1, _("empty expression at column 1 (type a function of x and y, "
                              "such as x^2 + y^2)"));
      {
        g_autofree char *after = token_text (&ps->last);
        return fail (ps, t.col, _("expected a value after %s, found the end at column %u"),
                     after, t.col);
      }

    case T_PLUS: case T_MINUS: case T_TIMES: case T_DIVIDE: case T_POWER:
    case T_CLOSE: case T_COMMA: case T_SQUARED: case T_CUBED:
    default:
      {
        g_autofree char *found = token_text (&t);
        return fail (ps, t.col, _("unexpected %s at column %u"), found, t.col);
      }
    }
}

/* primary ('²' | '³')* */
static gboolean
parse_postfix (Parser *ps)
{
  if (!parse_primary (ps))
    return FALSE;
  while (ps->tok.kind == T_SQUARED || ps->tok.kind == T_CUBED)
    {
      gboolean ok = ps->tok.kind == T_SQUARED
        ? emit (ps, OP_SQUARE, 0, NAME_NUMBER)
        : emit (ps, OP_CONST, 3, NAME_NUMBER) && emit (ps, OP_POW, 0, NAME_NUMBER);

      if (!ok || !next (ps))
        return FALSE;
    }
  return TRUE;
}

/* postfix ('^' unary)? */
static gboolean
parse_power (Parser *ps)
{
  if (!parse_postfix (ps))
    return FALSE;
  if (ps->tok.kind == T_POWER)
    {
      guint at;

      if (!next (ps))
        return FALSE;
      at = ps->code->len;
      if (!parse_unary (ps))
        return FALSE;
      /* u^2 as u·u: exact, and the commonest power by far */
      if (ps->code->len == at + 1)
        {
          const Instr *in = &g_array_index (ps->code, Instr, at);

          if (in->op == OP_CONST && in->name == NAME_NUMBER && in->value == 2.0)
            {
              g_array_set_size (ps->code, at);
              ps->stack--;
              return emit (ps, OP_SQUARE, 0, NAME_NUMBER);
            }
        }
      return emit (ps, OP_POW, 0, NAME_NUMBER);
    }
  if (starts_operand (ps->tok.kind))
    {
      /* no implicit multiplication: say where the '*' goes */
      const Token *l = &ps->last, *r = &ps->tok;
      g_autofree char *a = token_text (l);
      g_autofree char *b = token_text (r);
      g_autofree char *ra = token_raw (l);
      g_autofree char *rb = token_raw (r);
      g_autofree char *hint = NULL;

      if (l->kind != T_NUMBER && l->kind != T_NAME)
        hint = g_strdup (_("multiply with '*'"));
      else if (r->kind == T_OPEN)
        /* TRANSLATORS: a hint, "write 2*(…)": %s is what was typed */
        hint = g_strdup_printf (_("write %s*(…)"), ra);
      else
        /* TRANSLATORS: a hint, "write 2*x": what was typed, with a '*' */
        hint = g_strdup_printf (_("write %s*%s"), ra, rb);
      /* TRANSLATORS: "expected an operator between '2' and 'x' at column 2
         (write 2*x)": the two tokens, the column, a hint */
      return fail (ps, r->col, _("expected an operator between %s and %s at column %u (%s)"),
                   a, b, r->col, hint);
    }
  return TRUE;
}

/* ('-' | '+') unary | power; every level of nesting passes here */
static gboolean
parse_unary (Parser *ps)
{
  gboolean ok;

  if (ps->depth >= GS_EXPR_MAX_DEPTH)
    return fail (ps, ps->tok.col, _("the expression nests too deeply at column %u (at most "
                                    "%u levels of parentheses, calls, signs and powers)"),
                 ps->tok.col, GS_EXPR_MAX_DEPTH);
  ps->depth++;
  if (ps->tok.kind == T_MINUS || ps->tok.kind == T_PLUS)
    {
      gboolean minus = ps->tok.kind == T_MINUS;

      ok = next (ps) && parse_unary (ps) && (!minus || emit (ps, OP_NEG, 0, NAME_NUMBER));
    }
  else
    ok = parse_power (ps);
  ps->depth--;
  return ok;
}

/* operand (op operand)*, left-associative, where the two operator tokens
 * of a level emit op_a and op_b */
static gboolean
parse_level (Parser *ps, gboolean (*operand) (Parser *), TokenKind tok_a, Op op_a,
             TokenKind tok_b, Op op_b)
{
  if (!operand (ps))
    return FALSE;
  while (ps->tok.kind == tok_a || ps->tok.kind == tok_b)
    {
      Op op = ps->tok.kind == tok_a ? op_a : op_b;

      if (!next (ps) || !operand (ps) || !emit (ps, op, 0, NAME_NUMBER))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_product (Parser *ps)
{
  return parse_level (ps, parse_unary, T_TIMES, OP_MUL, T_DIVIDE, OP_DIV);
}

static gboolean
parse_sum (Parser *ps)
{
  return parse_level (ps, parse_product, T_PLUS, OP_ADD, T_MINUS, OP_SUB);
}

/* Checks the text is UTF-8 without NUL and not too long. */
static gboolean
check_text (Parser *ps, const char *text, gsize len)
{
  const char *bad = NULL;
  gboolean valid = g_utf8_validate_len (text, len, &bad);
  glong n = g_utf8_strlen (text, bad - text);

  if (n > GS_EXPR_MAX_LENGTH)
    return fail (ps, GS_EXPR_MAX_LENGTH + 1, _("the expression is too long at column %u "
                                               "(at most %u characters)"),
                 GS_EXPR_MAX_LENGTH + 1, GS_EXPR_MAX_LENGTH);
  if (valid)
    return TRUE;
  if (*bad == '\0')
    return fail (ps, n + 1, _("unexpected character U+0000 at column %u"), (guint) n + 1);
  return fail (ps, n + 1, _("the text is not valid UTF-8 at column %u"), (guint) n + 1);
}

GsExpr *
gs_expr_parse (const char *text, gssize len, guint *error_column, GError **error)
{
  Parser ps = { 0 };
  GsExpr *expr = NULL;

  if (error_column)
    *error_column = 0;
  if (text == NULL)
    text = "";
  if (len < 0)
    len = strlen (text);

  ps.p = text;
  ps.end = text + len;
  ps.col = 1;
  ps.code = g_array_new (FALSE, FALSE, sizeof (Instr));

  if (check_text (&ps, text, len) && next (&ps) && parse_sum (&ps))
    {
      if (ps.tok.kind != T_END)
        {
          g_autofree char *found = token_text (&ps.tok);
          fail (&ps, ps.tok.col, _("unexpected %s at column %u"), found, ps.tok.col);
        }
    }

  if (ps.err_msg == NULL)
    {
      expr = g_malloc (sizeof (GsExpr) + sizeof (Instr) * ps.code->len);
      g_atomic_ref_count_init (&expr->ref);
      expr->n_code = ps.code->len;
      memcpy (expr->code, ps.code->data, sizeof (Instr) * ps.code->len);
    }
  else
    {
      if (error_column)
        *error_column = ps.err_col;
      g_set_error_literal (error, GS_ERROR, GS_ERROR_PARSE, ps.err_msg);
      g_free (ps.err_msg);
    }
  g_array_unref (ps.code);
  return expr;
}

GsExpr *
gs_expr_ref (GsExpr *expr)
{
  g_atomic_ref_count_inc (&expr->ref);
  return expr;
}

void
gs_expr_unref (GsExpr *expr)
{
  if (expr != NULL && g_atomic_ref_count_dec (&expr->ref))
    g_free (expr);
}

gboolean
gs_expr_equal (const GsExpr *a, const GsExpr *b)
{
  if (a->n_code != b->n_code)
    return FALSE;
  for (guint i = 0; i < a->n_code; i++)
    if (a->code[i].op != b->code[i].op || a->code[i].name != b->code[i].name
        || a->code[i].value != b->code[i].value)
      return FALSE;
  return TRUE;
}

/* ---- canonical text ----------------------------------------------------------- */

enum { PREC_SUM = 1, PREC_PRODUCT, PREC_UNARY, PREC_POWER, PREC_ATOM };

typedef struct
{
  GString *s;
  int      prec;
} Piece;

static void
append_piece (GString *out, Piece *p, gboolean parens)
{
  if (parens)
    g_string_append_c (out, '(');
  g_string_append_len (out, p->s->str, p->s->len);
  if (parens)
    g_string_append_c (out, ')');
  g_string_free (p->s, TRUE);
  p->s = NULL;
}

/* The shortest text that reads back as v: 100 (not 1e+02), 0.5, 1e-5 */
static void
append_number (GString *out, double v)
{
  char buf[GS_DOUBLE_BUF_SIZE];
  g_autoptr(GString) exp = g_string_new (NULL);
  const char *e;

  gs_format_double (buf, v);
  e = strchr (buf, 'e');
  if (e != NULL)
    {
      /* 1e+05 → 1e5, 1e-05 → 1e-5 */
      g_string_append_len (exp, buf, e + 1 - buf);
      e++;
      if (*e == '-')
        g_string_append_c (exp, *e);
      if (*e == '-' || *e == '+')
        e++;
      while (*e == '0' && e[1] != '\0')
        e++;
      g_string_append (exp, e);
    }
  else
    g_string_append (exp, buf);

  /* a whole number as digits when that is no longer */
  if (v == floor (v) && fabs (v) < 1e15)
    {
      g_snprintf (buf, sizeof buf, "%.0f", v);
      if (strlen (buf) <= exp->len)
        {
          g_string_append (out, buf);
          return;
        }
    }
  g_string_append_len (out, exp->str, exp->len);
}

static char *
to_string (const GsExpr *expr, gboolean spaced)
{
  g_autofree Piece *st = g_new0 (Piece, expr->n_code + 1);
  guint n = 0;

  for (guint i = 0; i < expr->n_code; i++)
    {
      const Instr *in = &expr->code[i];
      GString *s = g_string_new (NULL);
      int prec = PREC_ATOM;

      switch ((Op) in->op)
        {
        case OP_CONST:
          if (in->name == NAME_PI)
            g_string_append (s, "pi");
          else if (in->name == NAME_E)
            g_string_append (s, "e");
          else
            append_number (s, in->value);
          break;
        case OP_X: g_string_append_c (s, 'x'); break;
        case OP_Y: g_string_append_c (s, 'y'); break;

        case OP_NEG:
          {
            Piece *a = &st[--n];
            gboolean parens = a->prec < PREC_UNARY || a->s->str[0] == '-';

            g_string_append_c (s, '-');
            append_piece (s, a, parens);
            prec = PREC_UNARY;
            break;
          }
        case OP_SQUARE:
          n--;
          append_piece (s, &st[n], st[n].prec < PREC_ATOM);
          g_string_append (s, "^2");
          prec = PREC_POWER;
          break;

        case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV:
          {
            Piece *b = &st[--n];
            Piece *a = &st[--n];
            gboolean sum = in->op == OP_ADD || in->op == OP_SUB;

            prec = sum ? PREC_SUM : PREC_PRODUCT;
            /* left-associative: a right operand of the same level keeps
             * its parentheses, so the order of evaluation stays */
            append_piece (s, a, a->prec < prec);
            if (spaced && sum)
              g_string_append (s, in->op == OP_ADD ? " + " : " - ");
            else
              g_string_append (s, in->op == OP_ADD ? "+" : in->op == OP_SUB ? "-"
                                  : in->op == OP_MUL ? "*" : "/");
            append_piece (s, b, b->prec <= prec);
            break;
          }
        case OP_POW:
          {
            Piece *b = &st[--n];
            Piece *a = &st[--n];

            append_piece (s, a, a->prec < PREC_ATOM);
            g_string_append_c (s, '^');
            append_piece (s, b, b->prec < PREC_UNARY);
            prec = PREC_POWER;
            break;
          }
        case OP_MIN: case OP_MAX:
          {
            Piece *b = &st[--n];
            Piece *a = &st[--n];

            g_string_append (s, in->op == OP_MIN ? "min(" : "max(");
            append_piece (s, a, FALSE);
            g_string_append (s, spaced ? ", " : ",");
            append_piece (s, b, FALSE);
            g_string_append_c (s, ')');
            break;
          }
        case OP_SIN: case OP_COS: case OP_TAN: case OP_EXP: case OP_LOG: case OP_SQRT:
        case OP_ABS: case OP_TANH: case OP_SINH: case OP_COSH: case OP_ATAN:
        default:
          g_string_append (s, function_name (in->op));
          g_string_append_c (s, '(');
          append_piece (s, &st[--n], FALSE);
          g_string_append_c (s, ')');
          break;
        }
      st[n++] = (Piece) { s, prec };
    }
  g_assert (n == 1);
  return g_string_free (st[0].s, FALSE);
}

char *
gs_expr_to_string (const GsExpr *expr)
{
  char *text = to_string (expr, TRUE);

  /* within the length limit where the spaces would pass it */
  if (g_utf8_strlen (text, -1) > GS_EXPR_MAX_LENGTH)
    {
      g_free (text);
      text = to_string (expr, FALSE);
    }
  return text;
}

/* ---- evaluation ----------------------------------------------------------------- */

/* a·b where either factor 0 is an exact zero: a derivative with respect to
 * a variable that a term does not depend on stays 0 even where the outer
 * derivative is infinite (∂/∂y sqrt(x) at x = 0) */
static inline double
pr (double a, double b)
{
  return a == 0.0 || b == 0.0 ? 0.0 : a * b;
}

/* n/d with the same rule for n = 0 */
static inline double
qd (double n, double d)
{
  return n == 0.0 ? 0.0 : n / d;
}

static inline double
unary_value (Op op, double u)
{
  switch (op)
    {
    case OP_NEG:    return -u;
    case OP_SQUARE: return u * u;
    case OP_SIN:    return sin (u);
    case OP_COS:    return cos (u);
    case OP_TAN:    return tan (u);
    case OP_EXP:    return exp (u);
    case OP_LOG:    return log (u);
    case OP_SQRT:   return sqrt (u);
    case OP_ABS:    return fabs (u);
    case OP_TANH:   return tanh (u);
    case OP_SINH:   return sinh (u);
    case OP_COSH:   return cosh (u);
    case OP_ATAN:   return atan (u);
    default:        return NAN;
    }
}

/* f(u), f′(u) and, when d2 is not NULL, f″(u) */
static inline double
unary_derivs (Op op, double u, double *d1, double *d2)
{
  double f = unary_value (op, u);
  double a = 0.0, b = 0.0;

  switch (op)
    {
    case OP_NEG:    a = -1.0; b = 0.0; break;
    case OP_SQUARE: a = 2.0 * u; b = 2.0; break;
    case OP_SIN:    a = cos (u); b = -f; break;
    case OP_COS:    a = -sin (u); b = -f; break;
    case OP_TAN:    a = 1.0 + f * f; b = 2.0 * f * a; break;       /* sec² u */
    case OP_EXP:    a = f; b = f; break;
    case OP_LOG:    a = 1.0 / u; b = -1.0 / (u * u); break;
    case OP_SQRT:   a = 0.5 / f; b = -0.25 / (f * u); break;       /* ±∞ at 0 */
    case OP_ABS:    a = (u > 0) - (u < 0); b = 0.0; break;         /* abs′(0) = 0 */
    case OP_TANH:   a = 1.0 - f * f; b = -2.0 * f * a; break;
    case OP_SINH:   a = cosh (u); b = f; break;
    case OP_COSH:   a = sinh (u); b = f; break;
    case OP_ATAN:   a = 1.0 / (1.0 + u * u); b = -2.0 * u * a * a; break;
    default:        a = b = NAN; break;
    }
  *d1 = a;
  if (d2)
    *d2 = b;
  return f;
}

/* min picks a unless b < a, max unless b > a; NAN in, NAN out */
static inline int
pick (Op op, double a, double b)
{
  if (isnan (a) || isnan (b))
    return -1;
  return op == OP_MIN ? b < a : b > a;
}

static double
eval_value (const GsExpr *expr, const double *p)
{
  double s[STACK_MAX];
  guint n = 0;

  for (guint i = 0; i < expr->n_code; i++)
    {
      const Instr *in = &expr->code[i];

      switch ((Op) in->op)
        {
        case OP_CONST: s[n++] = in->value; break;
        case OP_X:     s[n++] = p[0]; break;
        case OP_Y:     s[n++] = p[1]; break;
        case OP_ADD:   n--; s[n - 1] = s[n - 1] + s[n]; break;
        case OP_SUB:   n--; s[n - 1] = s[n - 1] - s[n]; break;
        case OP_MUL:   n--; s[n - 1] = s[n - 1] * s[n]; break;
        case OP_DIV:   n--; s[n - 1] = s[n - 1] / s[n]; break;
        case OP_POW:   n--; s[n - 1] = pow (s[n - 1], s[n]); break;
        case OP_MIN:
        case OP_MAX:
          {
            int k = pick (in->op, s[n - 2], s[n - 1]);
            n--;
            s[n - 1] = k < 0 ? NAN : s[n - 1 + k];
            break;
          }
        case OP_NEG: case OP_SQUARE: case OP_SIN: case OP_COS: case OP_TAN: case OP_EXP:
        case OP_LOG: case OP_SQRT: case OP_ABS: case OP_TANH: case OP_SINH: case OP_COSH:
        case OP_ATAN:
        default:
          s[n - 1] = unary_value (in->op, s[n - 1]);
          break;
        }
    }
  return s[0];
}

/* value and gradient */
typedef struct
{
  double v, x, y;
} Dual;

/* and the Hessian's three distinct entries */
typedef struct
{
  Dual   d;
  double xx, xy, yy;
} Jet;

static inline Dual
dual_unary (Op op, Dual u, double *d1, double *d2)
{
  Dual w;

  w.v = unary_derivs (op, u.v, d1, d2);
  w.x = pr (*d1, u.x);
  w.y = pr (*d1, u.y);
  return w;
}

static inline Dual
dual_mul (Dual a, Dual b)
{
  /* (ab)′ = a·b′ + b·a′ */
  return (Dual) { a.v * b.v, pr (a.v, b.x) + pr (b.v, a.x), pr (a.v, b.y) + pr (b.v, a.y) };
}

static inline Dual
dual_div (Dual a, Dual b)
{
  /* w = a/b: w′ = (a′ − w·b′)/b */
  double w = a.v / b.v;

  return (Dual) { w, qd (a.x - pr (w, b.x), b.v), qd (a.y - pr (w, b.y), b.v) };
}

/* w = a^b: w′ = b·a^(b−1)·a′ + a^b·log(a)·b′; the second term only where
 * the exponent varies, so (−2)^3 and 0^2 have their derivatives */
static inline Dual
dual_pow (Dual a, Dual b, double *d1)
{
  Dual w;

  w.v = pow (a.v, b.v);
  *d1 = pr (b.v, pow (a.v, b.v - 1.0));
  w.x = pr (*d1, a.x);
  w.y = pr (*d1, a.y);
  if (b.x != 0.0 || b.y != 0.0)
    {
      /* 0^b = 0 near a point with b > 0: no change along b */
      double wl = w.v == 0.0 ? 0.0 : w.v * log (a.v);

      w.x += pr (wl, b.x);
      w.y += pr (wl, b.y);
    }
  return w;
}

static double
eval_gradient (const GsExpr *expr, const double *p, double *grad)
{
  Dual s[STACK_MAX];
  guint n = 0;
  double d1;

  for (guint i = 0; i < expr->n_code; i++)
    {
      const Instr *in = &expr->code[i];
      Dual *a, *b;

      switch ((Op) in->op)
        {
        case OP_CONST: s[n++] = (Dual) { in->value, 0, 0 }; break;
        case OP_X:     s[n++] = (Dual) { p[0], 1, 0 }; break;
        case OP_Y:     s[n++] = (Dual) { p[1], 0, 1 }; break;
        case OP_ADD:
          n--, a = &s[n - 1], b = &s[n];
          *a = (Dual) { a->v + b->v, a->x + b->x, a->y + b->y };
          break;
        case OP_SUB:
          n--, a = &s[n - 1], b = &s[n];
          *a = (Dual) { a->v - b->v, a->x - b->x, a->y - b->y };
          break;
        case OP_MUL: n--; s[n - 1] = dual_mul (s[n - 1], s[n]); break;
        case OP_DIV: n--; s[n - 1] = dual_div (s[n - 1], s[n]); break;
        case OP_POW: n--; s[n - 1] = dual_pow (s[n - 1], s[n], &d1); break;
        case OP_MIN:
        case OP_MAX:
          {
            int k = pick (in->op, s[n - 2].v, s[n - 1].v);
            n--;
            if (k < 0)
              s[n - 1] = (Dual) { NAN, NAN, NAN };
            else
              s[n - 1] = s[n - 1 + k];
            break;
          }
        case OP_NEG: case OP_SQUARE: case OP_SIN: case OP_COS: case OP_TAN: case OP_EXP:
        case OP_LOG: case OP_SQRT: case OP_ABS: case OP_TANH: case OP_SINH: case OP_COSH:
        case OP_ATAN:
        default:
          s[n - 1] = dual_unary (in->op, s[n - 1], &d1, NULL);
          break;
        }
    }
  if (isnan (s[0].v))
    s[0].x = s[0].y = NAN;
  grad[0] = s[0].x;
  grad[1] = s[0].y;
  return s[0].v;
}

/* second-order part of w = f(u): H_w = f″·∇u∇uᵀ + f′·H_u */
static inline void
jet_chain (Jet *w, const Jet *u, double d1, double d2)
{
  w->xx = pr (d2, pr (u->d.x, u->d.x)) + pr (d1, u->xx);
  w->xy = pr (d2, pr (u->d.x, u->d.y)) + pr (d1, u->xy);
  w->yy = pr (d2, pr (u->d.y, u->d.y)) + pr (d1, u->yy);
}

static inline Jet
jet_mul (const Jet *a, const Jet *b)
{
  /* H_ab = a·H_b + b·H_a + ∇a∇bᵀ + ∇b∇aᵀ */
  Jet w;

  w.d = dual_mul (a->d, b->d);
  w.xx = pr (a->d.v, b->xx) + pr (b->d.v, a->xx) + 2.0 * pr (a->d.x, b->d.x);
  w.xy = pr (a->d.v, b->xy) + pr (b->d.v, a->xy) + pr (a->d.x, b->d.y) + pr (a->d.y, b->d.x);
  w.yy = pr (a->d.v, b->yy) + pr (b->d.v, a->yy) + 2.0 * pr (a->d.y, b->d.y);
  return w;
}

static inline Jet
jet_div (const Jet *a, const Jet *b)
{
  /* from w·b = a: H_w = (H_a − w·H_b − ∇w∇bᵀ − ∇b∇wᵀ)/b */
  Jet w;
  double v;

  w.d = dual_div (a->d, b->d);
  v = w.d.v;
  w.xx = qd (a->xx - pr (v, b->xx) - 2.0 * pr (w.d.x, b->d.x), b->d.v);
  w.xy = qd (a->xy - pr (v, b->xy) - pr (w.d.x, b->d.y) - pr (w.d.y, b->d.x), b->d.v);
  w.yy = qd (a->yy - pr (v, b->yy) - 2.0 * pr (w.d.y, b->d.y), b->d.v);
  return w;
}

static inline Jet
jet_pow (const Jet *a, const Jet *b)
{
  Jet w;
  double d1;

  w.d = dual_pow (a->d, b->d, &d1);
  if (b->d.x == 0.0 && b->d.y == 0.0 && b->xx == 0.0 && b->xy == 0.0 && b->yy == 0.0)
    {
      /* a constant exponent c: (a^c)″ = c(c − 1)·a^(c−2) */
      double c = b->d.v;
      double d2 = pr (c * (c - 1.0), pow (a->d.v, c - 2.0));

      jet_chain (&w, a, d1, d2);
    }
  else
    {
      /* w = e^z with z = b·log a: H_w = w·(H_z + ∇z∇zᵀ) */
      double l = log (a->d.v), r = 1.0 / a->d.v, bv = b->d.v;
      double zx = pr (l, b->d.x) + pr (bv * r, a->d.x);
      double zy = pr (l, b->d.y) + pr (bv * r, a->d.y);
      double zxx = pr (l, b->xx) + pr (r, 2.0 * pr (b->d.x, a->d.x))
                   + pr (bv, pr (r, a->xx) - pr (r * r, pr (a->d.x, a->d.x)));
      double zxy = pr (l, b->xy) + pr (r, pr (b->d.x, a->d.y) + pr (a->d.x, b->d.y))
                   + pr (bv, pr (r, a->xy) - pr (r * r, pr (a->d.x, a->d.y)));
      double zyy = pr (l, b->yy) + pr (r, 2.0 * pr (b->d.y, a->d.y))
                   + pr (bv, pr (r, a->yy) - pr (r * r, pr (a->d.y, a->d.y)));

      w.xx = pr (w.d.v, zxx + zx * zx);
      w.xy = pr (w.d.v, zxy + zx * zy);
      w.yy = pr (w.d.v, zyy + zy * zy);
    }
  return w;
}

static double
eval_hessian (const GsExpr *expr, const double *p, double *grad, double *hessian)
{
  Jet s[STACK_MAX];
  guint n = 0;

  for (guint i = 0; i < expr->n_code; i++)
    {
      const Instr *in = &expr->code[i];
      Jet *a, *b;

      switch ((Op) in->op)
        {
        case OP_CONST: s[n++] = (Jet) { { in->value, 0, 0 }, 0, 0, 0 }; break;
        case OP_X:     s[n++] = (Jet) { { p[0], 1, 0 }, 0, 0, 0 }; break;
        case OP_Y:     s[n++] = (Jet) { { p[1], 0, 1 }, 0, 0, 0 }; break;
        case OP_ADD:
          n--, a = &s[n - 1], b = &s[n];
          *a = (Jet) { { a->d.v + b->d.v, a->d.x + b->d.x, a->d.y + b->d.y },
                       a->xx + b->xx, a->xy + b->xy, a->yy + b->yy };
          break;
        case OP_SUB:
          n--, a = &s[n - 1], b = &s[n];
          *a = (Jet) { { a->d.v - b->d.v, a->d.x - b->d.x, a->d.y - b->d.y },
                       a->xx - b->xx, a->xy - b->xy, a->yy - b->yy };
          break;
        case OP_MUL: n--; s[n - 1] = jet_mul (&s[n - 1], &s[n]); break;
        case OP_DIV: n--; s[n - 1] = jet_div (&s[n - 1], &s[n]); break;
        case OP_POW: n--; s[n - 1] = jet_pow (&s[n - 1], &s[n]); break;
        case OP_MIN:
        case OP_MAX:
          {
            int k = pick (in->op, s[n - 2].d.v, s[n - 1].d.v);
            n--;
            if (k < 0)
              s[n - 1] = (Jet) { { NAN, NAN, NAN }, NAN, NAN, NAN };
            else
              s[n - 1] = s[n - 1 + k];
            break;
          }
        case OP_NEG: case OP_SQUARE: case OP_SIN: case OP_COS: case OP_TAN: case OP_EXP:
        case OP_LOG: case OP_SQRT: case OP_ABS: case OP_TANH: case OP_SINH: case OP_COSH:
        case OP_ATAN:
        default:
          {
            Jet u = s[n - 1];
            double d1, d2;

            s[n - 1].d = dual_unary (in->op, u.d, &d1, &d2);
            jet_chain (&s[n - 1], &u, d1, d2);
            break;
          }
        }
    }
  if (isnan (s[0].d.v))
    s[0].d.x = s[0].d.y = s[0].xx = s[0].xy = s[0].yy = NAN;
  if (grad)
    {
      grad[0] = s[0].d.x;
      grad[1] = s[0].d.y;
    }
  hessian[0] = s[0].xx;
  hessian[1] = hessian[2] = s[0].xy;
  hessian[3] = s[0].yy;
  return s[0].d.v;
}

double
gs_expr_eval (const GsExpr *expr, const double *p, double *grad)
{
  return grad ? eval_gradient (expr, p, grad) : eval_value (expr, p);
}

double
gs_expr_eval_hessian (const GsExpr *expr, const double *p, double *grad, double *hessian)
{
  return eval_hessian (expr, p, grad, hessian);
}
