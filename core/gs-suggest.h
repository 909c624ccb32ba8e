/* gs-suggest.h — "did you mean …?" for mistyped names. Internal. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The closest of candidates (NULL-terminated) to word, or NULL when none is
 * close. Common synonyms count too: "learning_rate" suggests "lr". */
const char *gs_suggest (const char *word, const char *const *candidates);

G_END_DECLS
