/* gs-lessons.h — the built-in lessons: an experiment and what to say about it */
#pragma once

#include <glib.h>

#include "gs-experiment.h"

G_BEGIN_DECLS

/* One lesson: a built-in experiment (resources/lessons/ID.json, compiled
 * into the engine) and a short text for the side panel in three parts.
 *
 * Every text is plain UTF-8 without markup and without the characters
 * Pango markup treats specially (& < >), so it can go into a label as it
 * is, with or without use-markup. Each is an untranslated msgid marked with
 * N_() in gs-lessons.c: show it through gettext (_() / g_dgettext) once the
 * project has a gettext domain. The numbers in the texts are the engine's
 * own (tests/test-lessons.c checks each one). */
typedef struct
{
  const char *id;         /* "learning-rate": stable, for the CLI and settings */
  const char *title;      /* "Momentum in a ravine" */
  const char *summary;    /* one line: what the lesson shows (a list row's subtitle) */
  const char *resource;   /* "/io/github/gradscope/lessons/learning-rate.json" */
  const char *look_at;    /* what to look at */
  const char *try_this;   /* what to try */
  const char *ask;        /* the question to ask the class */
} GsLesson;

/* Every lesson, in teaching order; *n_lessons gets their number. */
const GsLesson *gs_lessons       (guint *n_lessons);
/* The lesson with this id, or NULL. */
const GsLesson *gs_lesson_lookup (const char *id);
/* A new experiment read from the lesson's resource, as a built-in
 * experiment is (messages name it "lesson:ID"). Every run starts at step 0. */
GsExperiment   *gs_lesson_load   (const GsLesson *lesson, GError **error);
/* gs_lesson_lookup + gs_lesson_load; an unknown id is a GS_ERROR_INVALID
 * that lists the ids there are. */
GsExperiment   *gs_lesson_load_id (const char *id, GError **error);

G_END_DECLS
