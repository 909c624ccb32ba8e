/* gs-json-loc.h — where each value of a JSON text starts, by path
 * ("runs[0].optimizer.lr"), so messages can say file:line:col. Internal. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint line;   /* 1-based */
  guint col;    /* 1-based, in characters */
} GsJsonLoc;

typedef struct _GsJsonLocations GsJsonLocations;

/* text must be valid JSON (parse it first) */
GsJsonLocations *gs_json_locations_new   (const char *text, gsize len);
void             gs_json_locations_free  (GsJsonLocations *locs);
/* location of the value at path, or of the member's key when key is TRUE;
 * falls back to the nearest enclosing path, then 1:1 */
GsJsonLoc        gs_json_locations_get   (GsJsonLocations *locs, const char *path,
                                          gboolean key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsJsonLocations, gs_json_locations_free)

G_END_DECLS
