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
  double *y;            /* n_rows targets */
  guint  *lines;        /* CSV: the file line of each row (1-based); NULL otherwise */
  char   *source;       /* where the rows came from, for messages; may be NULL */
  char  **names;        /* CSV header names (d + 1 of them, target last) or NULL */
} GsDataset;

GsDataset *gs_dataset_new          (guint n_rows, guint n_features);
void       gs_dataset_free         (GsDataset *data);
GsDataset *gs_dataset_copy         (const GsDataset *data);

const char *const *gs_dataset_generator_names (void);
GsDataset *gs_dataset_generate     (const char *name, guint samples,
                                    guint features, double noise,
                                    guint64 seed, GError **error);
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
