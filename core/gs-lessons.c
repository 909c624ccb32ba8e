/* gs-lessons.c — the built-in lessons: an experiment and what to say about it
 *
 * The numbers in the texts (steps to a threshold, final values) are what
 * the engine computes for the lesson's experiment; tests/test-lessons.c
 * runs every lesson and checks each of them, so a text that no longer
 * matches its experiment fails a test. */
#include "gs-lessons.h"

#include <gio/gio.h>

#include "gs-types.h"

/* gettext is not wired into the engine yet: N_() only marks the msgids
 * for xgettext (--keyword=N_); the window translates them when it shows
 * them. */
#ifndef N_
#define N_(s) (s)
#endif

#define LESSON_DIR "/io/github/gradscope/lessons/"

static const GsLesson lessons[] = {
  { "learning-rate",
    N_("Learning rate: too small, right, too large, divergent"),
    N_("Plain gradient descent on a bowl with four learning rates."),
    LESSON_DIR "learning-rate.json",
    N_("Four runs of plain gradient descent start from the same point on the bowl "
       "0.5x² + 5y², which is 10 times steeper across the valley (y) than along it (x). "
       "Each run stops when its loss is below 10⁻⁶. With learning rate (lr) 0.01 it "
       "creeps and needs 860 steps. With lr 0.1 it needs 83. With lr 0.195 it "
       "zig-zags across the valley and needs 164. With lr 0.3 every step lands "
       "further out than the last one: the run diverges, and at step 510 the loss "
       "is too large for the computer to hold."),
    N_("Change the lr of the zig-zag run to 0.19 and then to 0.21, and press R (back "
       "to step 0) each time. Below 0.2 the zig-zag dies out; above 0.2 it grows. Then "
       "give the slow run lr 0.1 as well."),
    N_("Each step multiplies y by (1 − 10·lr): by 0.9 for lr 0.01, by −0.95 for lr "
       "0.195, by −2 for lr 0.3. What is the largest lr that still brings y to 0? Why "
       "does the steep direction, and not the flat one, decide it?") },

  { "momentum",
    N_("Momentum in a ravine"),
    N_("Gradient descent and momentum with the same small learning rate in a long valley."),
    LESSON_DIR "momentum.json",
    N_("The same bowl, 0.5x² + 5y²: a long valley along x. All four runs use lr 0.02, "
       "which is safe for the steep direction. Plain gradient descent reaches the "
       "valley floor quickly and then crawls along it: 428 steps to a loss below "
       "10⁻⁶. Momentum keeps a share of its last step and adds the new gradient to "
       "it, so steps that point the same way build up speed: with momentum 0.5 the "
       "run needs 204 steps, with 0.9 only 152, although it overshoots the minimum "
       "and swings back. Nesterov momentum 0.9 takes the gradient one step ahead and "
       "swings less: 108 steps."),
    N_("Set the momentum of the 0.9 run to 0.99 and press R: it swings for a long "
       "time and does not get there within 600 steps. Then give plain gradient "
       "descent lr 0.18, just under the limit of 0.2 from the previous lesson: it "
       "needs only 44 steps, because this valley is only 10 times steeper across "
       "than along. The steeper the valley, the more momentum gains."),
    N_("Think of a ball rolling down the valley. Why does it move along the flat "
       "floor faster than someone taking careful steps? What does the ball do at "
       "the bottom, and what plays the part of friction here?") },

  { "saddle",
    N_("Escaping a saddle point"),
    N_("Gradient descent, momentum and Adam starting next to a saddle point."),
    LESSON_DIR "saddle.json",
    N_("The surface x² − y² has a saddle point at (0, 0): it curves up along x and "
       "down along y, and its gradient there is zero. The runs start at (−2, 0.001), "
       "a hair off the x axis. Plain gradient descent slides towards the saddle and "
       "almost stops: the loss stays near 0 for hundreds of steps, because the push "
       "along y, 2y, is tiny. But y is multiplied by 1.01 every step, and after 785 "
       "steps the run escapes downhill. Momentum escapes after 130 steps. Adam "
       "divides each coordinate's step by the size of that coordinate's gradient, so "
       "even the tiny y gradient gives full-size steps: it turns away early and "
       "escapes after 325. Each run stops when its loss falls below −6, at the edge "
       "of the window."),
    N_("Set the start to (−2, 0), exactly on the x axis, and press R. The y gradient "
       "is then exactly 0, and every run, Adam too, walks into the saddle and stays "
       "there. Then try (−2, 0.000001): momentum and Adam still escape, but plain "
       "gradient descent does not make it within 1000 steps."),
    N_("Why does such a tiny nudge decide whether a run escapes? A network has "
       "millions of parameters and many saddle points, and starting exactly on "
       "the ridge almost never happens. Why can saddle points still slow training "
       "down?") },

  { "adaptive",
    N_("Adaptive methods: AdaGrad, RMSprop, Adam"),
    N_("Plain gradient descent against AdaGrad, RMSprop and Adam on Beale's function."),
    LESSON_DIR "adaptive.json",
    N_("Beale's function has steep walls and a long, flat valley towards its minimum "
       "at (3, 0.5). A step of plain gradient descent is lr times the gradient. With "
       "lr 0.1 its first steps on the steep wall are so long that it is thrown out and "
       "diverges at step 4. It needs a small lr, 0.01, and then takes 901 steps to "
       "bring the loss below 10⁻⁴. AdaGrad, RMSprop and Adam divide each coordinate's "
       "step by a running size of that coordinate's gradient, so a steep wall no "
       "longer means a long step. With lr 0.1, RMSprop gets there in 223 steps and "
       "Adam in 377; AdaGrad, with lr 0.5, in 835."),
    N_("Give AdaGrad lr 0.1, the same as the others, and press R: it slows down and "
       "does not get there within 1200 steps. Then try plain gradient descent with lr "
       "0.02: it gets there in 455 steps, about half as many as with 0.01. With lr "
       "0.05 it is thrown out, as with 0.1."),
    N_("AdaGrad adds up every squared gradient it has seen; RMSprop and Adam keep a "
       "moving average that forgets old ones. What happens to AdaGrad's steps over a "
       "long run? Why is a step whose length does not grow with the slope useful when "
       "we do not know how steep the surface is?") },

  { "l1-vs-l2",
    N_("L1 versus L2 regularization"),
    N_("Under an L1 penalty a weak slope goes to exactly zero; under L2 it only shrinks."),
    LESSON_DIR "l1-vs-l2.json",
    N_("A line ŷ = θ₀ + θ₁·x is fitted to 16 points that rise only a little: without "
       "a penalty the best slope θ₁ is 0.40. All three runs start at slope 1.2 and take "
       "gradient steps with lr 0.02. The first two add an L1 penalty 1.5·|θ₁| (the "
       "intercept θ₀ is not penalized). The pull of L1 towards 0 is equally strong "
       "however small θ₁ is, and here it is stronger than the pull of the data, so the "
       "best slope is exactly 0 and the fitted line goes flat. The first run takes the "
       "penalty by its proximal step: after each gradient step the slope moves "
       "lr·1.5 = 0.03 towards 0 and stops at 0 rather than cross it, so θ₁ lands on "
       "exactly 0 at step 39 and stays there. The second follows the penalty's slope "
       "1.5·sign(θ₁) instead; each step overshoots 0, so θ₁ keeps hopping between 0 "
       "and about 0.05 (the zig-zag on the map). The third has an L2 penalty "
       "1.5·θ₁²/2, whose pull weakens as θ₁ shrinks: its slope stops at 0.25."),
    N_("The side panel's L1 and L2 set the second run (the other two have their own in "
       "the lesson's file). Set L1 to 0.5 and press R: now the slope is worth its "
       "penalty and stays at 0.21. Set L1 to 0 and L2 to 1.5: the second run joins the "
       "third, and the slope stops at 0.25: smaller than 0.40, but not 0."),
    N_("Why does L1 set a weak weight to exactly 0, while L2 only makes it smaller? "
       "If a model had a thousand inputs and most of them were useless, which "
       "penalty would you choose, and why?") },

  { "batch-size",
    N_("Minibatch noise: SGD versus full-batch gradient descent"),
    N_("Full-batch gradient descent against minibatches of 20 rows and of 1 row."),
    LESSON_DIR "batch-size.json",
    N_("Three runs fit a line to 200 noisy points, all with lr 0.1. Full-batch "
       "gradient descent uses all 200 rows for every step: its path is smooth and "
       "its loss only goes down. Minibatch 20 uses 20 rows a step, Minibatch 1 a "
       "single row. Each of their steps follows a noisy estimate of the gradient, "
       "so the path jitters around the best fit and the loss keeps going up and "
       "down above its best value, 0.75. The smaller the batch, the bigger the "
       "jitter."),
    N_("In the side panel set Batch size, which Minibatch 1 uses (the other two runs "
       "have their own), to 5 and then to 50, and press R each time. Then lower the lr "
       "of Minibatch 1 to 0.02: the jitter gets smaller, and so does the speed at the "
       "start."),
    N_("A step on one row costs 200 times less than a step on all 200 rows. With "
       "the same computing time, which run would you pick? Why can a little noise "
       "even help on a surface with many local minima?") },

  { "schedules",
    N_("Learning-rate schedules: step, cosine, plateau"),
    N_("Constant, step, cosine and plateau learning rates for noisy SGD."),
    LESSON_DIR "schedules.json",
    N_("All four runs are SGD on one row at a time with lr 0.1, on the data of the "
       "previous lesson. With a constant lr the noise never settles: the loss keeps "
       "jumping above its best value, 0.75. Step multiplies the lr by 0.3 at steps "
       "300 and 600, and the jitter shrinks at each drop. Cosine lowers the lr "
       "smoothly, along half a cosine wave, from 0.1 at the start to 0 at step 900. "
       "Plateau halves the lr whenever the loss has gone 100 steps without a new "
       "best, so its drops come when the loss stalls, not at fixed steps."),
    N_("Give the step schedule a step size of 100, the cosine a t_max of 300, or the "
       "plateau a patience of 20, and press R. Then give the constant run lr 0.02: "
       "calmer, but slower at the start."),
    N_("Why start with a large lr and end with a small one? What must a plateau "
       "schedule see before it lowers the lr, and how can noise in the loss fool "
       "it?") },

  { "article",
    N_("The reference article's linear regression (§3)"),
    N_("The gradient descent example of the reference article, step for step."),
    LESSON_DIR "article.json",
    N_("This is the example of §3 of the reference article: inputs X = [[1, 1], "
       "[1, 2], [2, 2], [2, 3]], targets y = X·(1, 2) = (3, 5, 6, 8), a column of ones "
       "for the intercept, θ starting at (0, 0, 0), and gradient descent with "
       "α = 0.01 for 1000 iterations. The article's gradient, Xᵀ(Xθ − y)/m, is that "
       "of half the mean squared error, so its α = 0.01 is lr 0.005 here and the walk "
       "is the same. The first step takes θ to (0.055, 0.09, 0.1225). After 1000 "
       "steps θ = (0.289, 1.011, 1.860) and the mean squared error is 0.0097: close, "
       "but not yet the exact answer (0, 1, 2). The article also adds random noise "
       "to y without a seed, so its printout cannot be repeated; here y has none."),
    N_("The second run uses α = 0.1 (lr 0.05): at step 100 it is where the article's "
       "run is at step 1000, and at step 1000 it is within 0.001 of (0, 1, 2). The "
       "third run adds momentum 0.9 to the article's α and gets there too. Give the "
       "first run lr 0.15 (α = 0.3) and press R: the loss grows instead of falling. "
       "The largest lr that works on these data is about 0.128."),
    N_("The article suggests 0.01 as a default learning rate for simple tasks. After "
       "1000 steps, is this model good enough? How could we tell when to stop, and how "
       "would you choose α for a new problem?") },
};

const GsLesson *
gs_lessons (guint *n_lessons)
{
  if (n_lessons)
    *n_lessons = G_N_ELEMENTS (lessons);
  return lessons;
}

const GsLesson *
gs_lesson_lookup (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (lessons); i++)
    if (g_str_equal (lessons[i].id, id))
      return &lessons[i];
  return NULL;
}

GsExperiment *
gs_lesson_load (const GsLesson *lesson, GError **error)
{
  g_autofree char *display = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local = NULL;
  const char *text;
  gsize len;

  g_return_val_if_fail (lesson != NULL, NULL);

  display = g_strconcat ("lesson:", lesson->id, NULL);
  bytes = g_resources_lookup_data (lesson->resource, G_RESOURCE_LOOKUP_FLAGS_NONE, &local);
  if (bytes == NULL)
    {
      /* a lesson whose file is not in the bundle is a build error */
      g_set_error (error, GS_ERROR, GS_ERROR_IO, "%s: cannot read %s: %s",
                   display, lesson->resource, local->message);
      return NULL;
    }
  text = g_bytes_get_data (bytes, &len);
  return gs_experiment_new_from_data (text, (gssize) len, display, NULL, error);
}

GsExperiment *
gs_lesson_load_id (const char *id, GError **error)
{
  const GsLesson *lesson;

  g_return_val_if_fail (id != NULL, NULL);

  lesson = gs_lesson_lookup (id);
  if (lesson == NULL)
    {
      g_autoptr(GString) ids = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (lessons); i++)
        g_string_append_printf (ids, "%s%s", i ? ", " : "", lessons[i].id);
      g_set_error (error, GS_ERROR, GS_ERROR_INVALID,
                   "no lesson '%s' (there are: %s)", id, ids->str);
      return NULL;
    }
  return gs_lesson_load (lesson, error);
}
