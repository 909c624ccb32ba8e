/* gs-window.h — the main window: views, side panel, runs */
#pragma once

#include <adwaita.h>

#include "gs-engine.h"
#include "gs-experiment.h"

G_BEGIN_DECLS

#define GS_TYPE_WINDOW (gs_window_get_type ())
G_DECLARE_FINAL_TYPE (GsWindow, gs_window, GS, WINDOW, AdwApplicationWindow)

GsWindow *gs_window_new            (AdwApplication *app);
/* Takes ownership of exp; path is where it came from (NULL: built in). */
void      gs_window_set_experiment (GsWindow *self, GsExperiment *exp, const char *path);
gboolean  gs_window_open_file      (GsWindow *self, GFile *file, GError **error);
GsEngine *gs_window_get_engine     (GsWindow *self);
/* Writes the figure of the runs as they are now (PNG, SVG or PDF by the
 * extension), off the main thread; a toast says when it is done. */
void      gs_window_export_figure  (GsWindow *self, const char *path);
const GsExperiment *gs_window_get_experiment (GsWindow *self);

G_END_DECLS
