/* gs-dataset.h — rows of features and a target */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  GS_CSV_HEADER_AUTO = -1,   /* a first row with a non-number is a header */
  GS_CSV_HEADER_NO   = 0,
  GS_CSV_HEADER_YES  = 1,
} GsCsvHeader;

typedef struct
{
  guint   n_rows;       /* samples m */
  guint   n_features;   /* d, without the intercept */
  guint   cols;         /* d + 1: the design matrix has a leading column of ones */
  double *x;            /* n_rows × cols, row-major, x[i·cols] = 1 (np.c_[ones, X]) */
  double *y;            /* n_rows targets; class labels 0…K−1 are whole doubles */
  guint   n_classes;    /* K when the rows come labelled in K classes (generators); 0: not known */
  guint  *lines;        /* CSV: the file line of each row (1-based); NULL otherwise */
  char   *source;       /* where the rows came from, for messages; may be NULL */
  char  **names;        /* CSV header names (d + 1 of them, target last) or NULL */
} GsDataset;

GsDataset *gs_dataset_new          (guint n_rows, guint n_features);
void       gs_dataset_free         (GsDataset *data);
GsDataset *gs_dataset_copy         (const GsDataset *data);

#define GS_DATASET_MAX_CLASSES 1000

/* One seeded generator. Every generator but linear labels its rows with
 * classes 0…K−1, row i in class i mod K, so the classes are balanced. */
typedef struct
{
  const char *name;
  const char *summary;          /* one line for `gradscope-cli list`; marked N_()
                                   where it is prose: show _(summary) */
  gboolean    classify;         /* class labels; else a real target */
  gboolean    any_features;     /* takes `features` d ≥ 1; else 2-D points */
  guint       default_classes;  /* K; 0 for a real target */
  gboolean    any_classes;      /* takes `classes` K ≥ 2; else K is fixed */
  double      default_noise;
} GsGeneratorInfo;

const GsGeneratorInfo *gs_dataset_generators       (guint *n_generators);
const GsGeneratorInfo *gs_dataset_generator_lookup (const char *name);
const char *const *gs_dataset_generator_names (void);
/* gs_dataset_generate_full with the generator's default number of classes */
GsDataset *gs_dataset_generate     (const char *name, guint samples,
                                    guint features, double noise,
                                    guint64 seed, GError **error);
/* features: d (2 for the 2-D generators); classes: K, 0 for the default */
GsDataset *gs_dataset_generate_full (const char *name, guint samples,
                                     guint features, guint classes,
                                     double noise, guint64 seed,
                                     GError **error);
/* Holds out round(fraction·m) rows, picked by a Fisher–Yates shuffle of
 * 0…m−1 seeded with seed (its first rows go to *val); both parts keep the
 * rows' order, CSV lines, names and classes. Needs at least one row on
 * each side. */
/* round(fraction·m): the rows gs_dataset_split holds out of m */
guint      gs_dataset_validation_rows (guint n_rows, double fraction);
gboolean   gs_dataset_split        (const GsDataset *data, double fraction,
                                    guint64 seed, GsDataset **train,
                                    GsDataset **val, GError **error);
/* path: file to read; display: name used in messages (NULL = path) */
GsDataset *gs_dataset_load_csv     (const char *path, const char *display,
                                    GsCsvHeader header, GError **error);
GsDataset *gs_dataset_parse_csv    (const char *text, gsize len,
                                    const char *display, GsCsvHeader header,
                                    GError **error);

static inline double *
gs_dataset_row (const GsDataset *data, guint i)
{
  return data->x + (gsize) i * data->cols;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsDataset, gs_dataset_free)

G_END_DECLS
