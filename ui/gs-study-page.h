/* gs-study-page.h — the Studies page: many runs of the experiment in the
 * background to choose a learning rate (lr sweep, range test), a
 * regularization strength (cross-validation) or an optimizer (the runs
 * compared, each at its tuned lr), a phase map over two hyper-parameters
 * and multi-seed bands; its settings, Start/Cancel, progress with the time
 * left, the result drawn with hover read-outs, a table of what it found,
 * export as CSV and PNG/SVG/PDF. Clicking a phase-map cell adds that
 * configuration as a run. */
#pragma once

#include "gs-window-private.h"

#include "gs-study.h"

G_BEGIN_DECLS

#define GS_TYPE_STUDY_PAGE (gs_study_page_get_type ())
G_DECLARE_FINAL_TYPE (GsStudyPage, gs_study_page, GS, STUDY_PAGE, GtkBox)

/* A page that studies the window's experiment as it is at Start. */
GtkWidget *gs_study_page_new          (GsWindow *window);
/* The runs or the problem changed: the run choices and the hyper-parameter
 * lists follow (results already shown stay: they are of the experiment at
 * their start). */
void       gs_study_page_sync         (GtkWidget *page);

/* For tests and scripts: choose a study and start it with the page's
 * settings; FALSE (with the page's message) when they are not valid */
void       gs_study_page_set_kind     (GtkWidget *page, GsStudyKind kind);
gboolean   gs_study_page_start        (GtkWidget *page);
void       gs_study_page_cancel       (GtkWidget *page);
/* TRUE while a study runs */
gboolean   gs_study_page_is_running   (GtkWidget *page);
/* The last study started (running or done), or NULL */
GsStudy   *gs_study_page_get_study    (GtkWidget *page);
/* The message under the settings ("" when none) and the result's table
 * as text, one line per row, cells separated by tabs */
const char *gs_study_page_get_message (GtkWidget *page);
char      *gs_study_page_get_report   (GtkWidget *page);
/* A click on the result plot at (px, py), widget pixels: on a phase-map
 * cell it adds that configuration as a run; TRUE when it did */
gboolean   gs_study_page_click        (GtkWidget *page, double px, double py);
/* Writes the result as CSV, or as a figure (.png/.svg/.pdf) */
gboolean   gs_study_page_export       (GtkWidget *page, const char *path, GError **error);
/* The result plot widget */
GtkWidget *gs_study_page_get_plot     (GtkWidget *page);

G_END_DECLS
