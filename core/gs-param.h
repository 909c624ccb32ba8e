/* gs-param.h — described parameters of optimizers and schedules: the one
 * table the CLI's `list`, the experiment loader and the UI editors read. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GS_MAX_PARAMS 12

typedef enum
{
  GS_PARAM_DOUBLE,   /* a real number */
  GS_PARAM_INT,      /* a whole number, stored as a double */
  GS_PARAM_BOOL,     /* 0 or 1 */
  GS_PARAM_PAIR,     /* two reals, e.g. betas */
} GsParamType;

typedef struct
{
  const char  *name;        /* PyTorch's name: "lr", "betas", "weight_decay" */
  GsParamType  type;
  double       def[2];      /* default; NAN for a required value */
  double       min, max;    /* valid range of each component */
  gboolean     min_open;    /* min itself is not allowed */
  gboolean     max_open;    /* max itself is not allowed */
  gboolean     log_scale;   /* editors use a logarithmic slider */
  const char  *label;       /* message used when out of range, PyTorch's wording;
                               marked N_(): gs_param_check translates it */
  const char  *blurb;       /* one line for tooltips and `list`; marked N_()
                               where it is prose: show _(blurb) */
} GsParamSpec;

/* Values for one table entry; values[i] belongs to specs[i]. */
typedef struct
{
  double  values[GS_MAX_PARAMS][2];
  guint32 set;              /* bit i: values[i] was given explicitly */
} GsParamValues;

void     gs_param_values_init (GsParamValues *values, const GsParamSpec *specs,
                               guint n_specs);
int      gs_param_find        (const GsParamSpec *specs, guint n_specs,
                               const char *name);
/* Checks one component against its spec; on failure a message such as
 * "invalid learning rate: -1 (expected a value in (0, ∞))", translated. */
gboolean gs_param_check       (const GsParamSpec *spec, guint component,
                               double value, char **message);
/* "(0, ∞)" or "[0, 1)" (", whole" after a whole number's), translated */
char    *gs_param_range_text  (const GsParamSpec *spec);
char    *gs_param_value_text  (const GsParamSpec *spec, const double *value);

G_END_DECLS
