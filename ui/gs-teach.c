/* gs-teach.c — teaching mode: the update a run just made as its formulas
 * with the numbers in, arrows for it on the contour, the plain-GD
 * stability limit, and a timeline to go back to any step and on from
 * there.
 *
 * The timeline is a view: moved back, every view shows the runs as they
 * were at its step (rows cut there, the current point from the run's
 * history). The runs themselves go back only when they go on: play, step
 * or a changed setting rewinds them to the shown step first (the later
 * steps are replaced). */
#include "gs-window-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#define LIVE G_MAXUINT64
/* the panel's width: its labels wrap at about this many characters */
#define PANEL_CHARS 46

static GsRunView *
run_view (GsWindow *self, guint i)
{
  return &g_array_index (self->run_views, GsRunView, i);
}

guint64
gs_teach_shown_step (GsWindow *self)
{
  return self->scrub_step == LIVE ? self->live_step : self->scrub_step;
}

/* ---- the timeline ---------------------------------------------------------------- */

/* The full objective at θ under a run's settings (NAN without one) */
static double
loss_at (GsWindow *self, const GsRunConfig *config, const double *theta)
{
  GsProblem *problem = self->experiment->problem;
  g_autofree double *work = g_new (double, gs_problem_get_work_size (problem) + 1);
  g_autofree double *grad = g_new (double, gs_problem_get_n_params (problem));
  GsMetrics m;

  return gs_problem_evaluate (problem, &config->reg, theta, grad, work, &m);
}

void
gs_teach_apply_scrub (GsWindow *self)
{
  self->live_step = 0;
  for (guint i = 0; i < self->run_views->len; i++)
    self->live_step = MAX (self->live_step, run_view (self, i)->live_step);
  if (self->scrub_step != LIVE && self->scrub_step >= self->live_step)
    self->scrub_step = LIVE;

  for (guint i = 0; i < self->run_views->len; i++)
    {
      GsRunView *rv = run_view (self, i);
      guint64 k = self->scrub_step;
      const double *rows = (const double *) rv->all_rows->data;
      guint n = rv->all_rows->len / self->row_width, keep = 0;
      g_autoptr(GsHistory) h = NULL;
      g_autoptr(GsRunPoint) p = NULL;

      if (k == LIVE || k >= rv->live_step)
        {
          rv->rows = rv->all_rows;
          continue;
        }
      /* the rows before step k, then row k from the run's history */
      while (keep < n && rows[(gsize) keep * self->row_width] < (double) k)   /* row.step */
        keep++;
      g_array_set_size (rv->scrub_rows, 0);
      g_array_append_vals (rv->scrub_rows, rows, (gsize) keep * self->row_width);
      rv->rows = rv->scrub_rows;
      h = gs_engine_get_history (self->engine, i);
      p = h ? gs_history_point_at (h, k) : NULL;
      if (p == NULL)
        continue;
      {
        gsize at = rv->scrub_rows->len;
        GsRow *row;
        guint n_params = gs_problem_get_n_params (self->experiment->problem);
        const double *theta = gs_run_point_get_theta (p);
        double loss = loss_at (self, gs_run_point_get_config (p), theta);

        g_array_set_size (rv->scrub_rows, at + self->row_width);
        row = (GsRow *) ((double *) rv->scrub_rows->data + at);
        memset (row, 0, sizeof (double) * self->row_width);
        row->step = (double) k;
        row->loss = loss;
        row->grad_norm = NAN;
        row->lr = NAN;
        row->batch_loss = NAN;
        row->val_loss = NAN;
        row->accuracy = NAN;
        row->val_accuracy = NAN;
        memcpy (row->theta, theta, sizeof (double) * n_params);
        rv->snapshot.status = GS_STATUS_RUNNING;
        rv->snapshot.step = k;
        rv->snapshot.loss = loss;
        memcpy (rv->snapshot.theta, theta,
                sizeof (double) * MIN (n_params, G_N_ELEMENTS (rv->snapshot.theta)));
      }
    }
}

/* The timeline's step changed: rows cut there, every view redrawn */
static void
scrub_changed (GsWindow *self)
{
  self->walk_serial++;    /* the walk caches start over */
  gs_teach_apply_scrub (self);
  gs_window_views_refresh (self);
}

void
gs_teach_go_live (GsWindow *self)
{
  if (self->scrub_step == LIVE)
    return;
  self->scrub_step = LIVE;
  scrub_changed (self);
}

void
gs_teach_resume (GsWindow *self)
{
  if (self->scrub_step == LIVE)
    return;
  gs_engine_rewind (self->engine, self->scrub_step);
  gs_engine_sync (self->engine);
  self->scrub_step = LIVE;
  self->force_refresh = TRUE;
  self->walk_serial++;
}

static void
scrub_to (GsWindow *self, guint64 k)
{
  gs_engine_pause (self->engine);
  self->scrub_step = k >= self->live_step ? LIVE : k;
  scrub_changed (self);
}

gboolean
gs_teach_step_back (GsWindow *self)
{
  guint64 k = gs_teach_shown_step (self);

  if (!self->can_rewind || k == 0)
    return FALSE;
  scrub_to (self, k - 1);
  return TRUE;
}

gboolean
gs_teach_step_forward (GsWindow *self)
{
  if (self->scrub_step == LIVE)
    return FALSE;
  scrub_to (self, self->scrub_step + 1);
  return TRUE;
}

static void
timeline_moved (GtkRange *range, GsWindow *self)
{
  double v = gtk_range_get_value (range);

  if (self->timeline_setting)
    return;
  scrub_to (self, (guint64) MAX (0, llround (v)));
}

static void
back_clicked (GtkButton *button, GsWindow *self)
{
  gs_teach_step_back (self);
}

static void
forward_clicked (GtkButton *button, GsWindow *self)
{
  if (!gs_teach_step_forward (self))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.step", NULL);
}

static void
live_clicked (GtkButton *button, GsWindow *self)
{
  gs_teach_go_live (self);
}

static void
update_timeline (GsWindow *self)
{
  guint64 shown = gs_teach_shown_step (self);
  guint64 key = (gs_engine_get_layout_serial (self->engine) << 20) + self->engine_generation + 1;
  g_autofree char *text = NULL;

  /* which runs keep a history changes only with the runs: asked again
   * when they are replaced, added or removed, not every frame */
  if (key != self->rewind_key && !gs_engine_layout_pending (self->engine))
    {
      gboolean can = self->run_views->len > 0;

      for (guint i = 0; i < self->run_views->len && can; i++)
        {
          g_autoptr(GsHistory) h = gs_engine_get_history (self->engine, i);
          can = h != NULL;
        }
      self->can_rewind = can;
      self->rewind_key = key;
      self->timeline_shown = self->timeline_live = G_MAXUINT64;
      gtk_widget_set_visible (self->timeline, can);
    }
  if (!self->can_rewind)
    return;
  /* the scale and its label only when what they show changed */
  if (shown == self->timeline_shown && self->live_step == self->timeline_live)
    return;
  self->timeline_shown = shown;
  self->timeline_live = self->live_step;
  self->timeline_setting = TRUE;
  gtk_range_set_range (GTK_RANGE (self->timeline_scale), 0, MAX (1, (double) self->live_step));
  gtk_range_set_value (GTK_RANGE (self->timeline_scale), (double) shown);
  self->timeline_setting = FALSE;
  if (self->scrub_step == LIVE)
    /* TRANSLATORS: the timeline's step */
    text = g_strdup_printf (_("step %llu"), (unsigned long long) shown);
  else
    /* TRANSLATORS: the timeline's step when it is back from the latest one */
    text = g_strdup_printf (_("step %llu of %llu"), (unsigned long long) shown,
                            (unsigned long long) self->live_step);
  gtk_label_set_text (GTK_LABEL (self->timeline_label), text);
}

/* ---- the teaching panel ----------------------------------------------------------- */

/* Eigenvalues of the symmetric 2 × 2 matrix h, ascending */
static void
eigen2 (const double h[4], double lambda[2])
{
  double m = 0.5 * (h[0] + h[3]);
  double d = sqrt (0.25 * (h[0] - h[3]) * (h[0] - h[3]) + h[1] * h[1]);

  lambda[0] = m - d;
  lambda[1] = m + d;
}

/* The exact Hessian of a 2-D function's objective at p under a run's
 * settings: f's (forward mode over its expression), plus the L2 penalty's
 * l2 on the diagonal */
static gboolean
hessian2 (GsWindow *self, const GsRunConfig *config, const double p[2], double h[4])
{
  if (!gs_problem_hessian (self->experiment->problem, p, h))
    return FALSE;
  h[0] += config->reg.l2;
  h[3] += config->reg.l2;
  return gs_all_finite (h, 4);
}

static void
set_formulas (GsWindow *self, const GsExplanation *e)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->teach_formulas)))
    gtk_box_remove (GTK_BOX (self->teach_formulas), child);
  for (guint i = 0; e && i < e->n_lines; i++)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_markup (GTK_LABEL (label), e->lines[i].markup);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (label), PANEL_CHARS);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "teach-formula");
      gtk_widget_set_margin_start (label, 10);
      gtk_widget_set_margin_end (label, 10);
      gtk_box_append (GTK_BOX (self->teach_formulas), label);
      if (i == 0)
        gtk_widget_set_margin_top (label, 8);
      if (i + 1 == e->n_lines)
        gtk_widget_set_margin_bottom (label, 8);
    }
}

/* The lr controls' marks at 2/λmax (at most every half second: the
 * marks cost a relayout) */
static void
mark_lr_controls (GsWindow *self, double limit)
{
  gint64 now = g_get_monotonic_time ();

  if (self->lr_scales == NULL || now - self->lr_marks_time < G_USEC_PER_SEC / 2)
    return;
  self->lr_marks_time = now;
  for (guint i = 0; i < self->lr_scales->len; i++)
    {
      GtkScale *scale = g_ptr_array_index (self->lr_scales, i);
      g_autofree char *tip = NULL;

      gtk_scale_clear_marks (scale);
      if (isfinite (limit) && limit > 0 && log10 (limit) >= -6 && log10 (limit) <= 1)
        {
          g_autofree char *v = gs_explain_number (limit);

          gtk_scale_add_mark (scale, log10 (limit), GTK_POS_TOP, "2/λ");
          tip = g_strdup_printf (_("Learning rate on a logarithmic scale, from 10⁻⁶ to 10; "
                                   "type an exact value above. The mark 2/λ = %s: plain "
                                   "gradient descent is stable below it at the current point "
                                   "(λ, the largest Hessian eigenvalue there)"), v);
        }
      else
        tip = g_strdup (_("Learning rate on a logarithmic scale, from 10⁻⁶ to 10; type an "
                          "exact value above"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (scale), tip);
    }
}

static void
update_panel (GsWindow *self)
{
  guint run = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->teach_run_dropdown));
  guint64 k = gs_teach_shown_step (self);
  guint64 key;
  GsProblem *problem = self->experiment->problem;
  guint n = gs_problem_get_n_params (problem);
  g_autoptr(GsHistory) h = NULL;
  g_autoptr(GsRunPoint) before = NULL;
  g_autoptr(GsRunPoint) now = NULL;

  if (run == GTK_INVALID_LIST_POSITION || run >= self->run_views->len)
    run = 0;
  key = ((k * 64 + run) * 1000003) ^ gs_engine_get_layout_serial (self->engine)
        ^ ((guint64) self->engine_generation << 48);
  if (key == self->teach_key && self->teach_valid)
    return;
  self->teach_key = key;
  if (self->teach_valid)
    gs_explanation_clear (&self->teach);
  self->teach_valid = FALSE;
  self->teach_lambda[0] = self->teach_lambda[1] = NAN;

  if (self->run_views->len == 0)
    return;
  h = gs_engine_get_history (self->engine, run);
  if (h == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->teach_title), _("No formulas for this run"));
      gtk_label_set_text (GTK_LABEL (self->teach_schedule),
                          _("The step-by-step formulas are shown for full-batch runs with at "
                            "most 64 parameters (2-D functions, small models)."));
      gtk_label_set_text (GTK_LABEL (self->teach_hint), "");
      set_formulas (self, NULL);
      return;
    }
  now = gs_history_point_at (h, k);
  if (k == 0 || now == NULL || (before = gs_history_point_at (h, k - 1)) == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->teach_title), _("Step 0: no update yet"));
      gtk_label_set_text (GTK_LABEL (self->teach_schedule),
                          _("Press Step (→) to make the first update and see its formulas."));
      set_formulas (self, NULL);
    }
  else
    {
      const GsRunConfig *c = gs_run_point_get_config (before);
      const double *theta = gs_run_point_get_theta (before);
      g_autofree double *grad = g_new (double, n);
      g_autofree double *work = g_new (double, gs_problem_get_work_size (problem) + 1);
      GsScheduleState sched = *gs_run_point_get_schedule_state (before);
      double lr0 = c->optimizer_values.values[0][0];
      double lr = gs_schedule_lr (c->schedule, &c->schedule_values, &sched, lr0, k - 1);
      g_autofree char *title = NULL;
      g_autofree char *sched_text = NULL;
      GsMetrics m;

      g_autofree double *after = g_new (double, n);

      gs_problem_evaluate (problem, &c->reg, theta, grad, work, &m);
      gs_explain_update (c->optimizer, &c->optimizer_values,
                         gs_run_point_get_optimizer_state (before), lr, theta, grad, n,
                         &self->teach, after, NULL);
      if (c->reg.l1_proximal && c->reg.l1 > 0)
        {
          guint n_ranges;
          const GsParamRange *ranges = gs_problem_get_penalized (problem, &n_ranges);

          gs_regularization_prox (&c->reg, lr, ranges, n_ranges, after);
          gs_explain_proximal (&self->teach, theta, after, lr * c->reg.l1);
        }
      self->teach_valid = TRUE;
      self->teach_from[0] = theta[MIN (self->axis_x, n - 1)];
      self->teach_from[1] = theta[MIN (self->axis_y, n - 1)];
      /* TRANSLATORS: the optimizer's title, then the update from step k − 1 to step k */
      title = g_strdup_printf (_("%s: update %llu → %llu"), gs_tr (c->optimizer->title),
                               (unsigned long long) (k - 1), (unsigned long long) k);
      gtk_label_set_text (GTK_LABEL (self->teach_title), title);
      sched_text = gs_explain_schedule (c->schedule, lr0, lr, k - 1);
      gtk_label_set_markup (GTK_LABEL (self->teach_schedule), sched_text);
      set_formulas (self, &self->teach);
    }

  /* the stability hint: a 2-D problem's curvature at the shown point */
  if (n == 2 && now != NULL)
    {
      double hm[4];

      if (hessian2 (self, gs_run_point_get_config (now), gs_run_point_get_theta (now), hm))
        {
          g_autofree char *l0 = NULL, *l1 = NULL, *lim = NULL, *text = NULL;

          eigen2 (hm, self->teach_lambda);
          l0 = gs_explain_number (self->teach_lambda[0]);
          l1 = gs_explain_number (self->teach_lambda[1]);
          if (self->teach_lambda[1] > 0)
            {
              lim = gs_explain_number (2 / self->teach_lambda[1]);
              /* TRANSLATORS: Pango markup: two eigenvalues, the limit, the note below */
              text = g_strdup_printf (_("Curvature here: Hessian eigenvalues λ₁ = %s, λ₂ = %s. "
                                        "Plain gradient descent is stable near this point for "
                                        "lr &lt; 2/λ<sub>max</sub> = <b>%s</b>%s"), l0, l1, lim,
                                      self->teach_lambda[0] < 0
                                      /* TRANSLATORS: Pango markup, after the sentence above */
                                      ? _("; λ₁ &lt; 0: a saddle direction, GD moves away "
                                          "along it")
                                      : "");
            }
          else
            text = g_strdup_printf (_("Curvature here: Hessian eigenvalues λ₁ = %s, λ₂ = %s: no "
                                      "positive curvature, so no step-size limit from it (a "
                                      "maximum or a flat region)"), l0, l1);
          gtk_label_set_markup (GTK_LABEL (self->teach_hint), text);
          mark_lr_controls (self, self->teach_lambda[1] > 0 ? 2 / self->teach_lambda[1] : NAN);
        }
    }
  else
    gtk_label_set_text (GTK_LABEL (self->teach_hint),
                        n == 2 ? "" : _("The stability hint is shown for 2-D problems."));
}

static void
sync_run_dropdown (GsWindow *self)
{
  GString *key = g_string_new (NULL);

  for (guint i = 0; i < self->run_views->len; i++)
    g_string_append_printf (key, "%s\n", run_view (self, i)->label);
  if (g_strcmp0 (key->str, self->teach_runs_key) != 0)
    {
      GtkStringList *list = gtk_string_list_new (NULL);
      guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->teach_run_dropdown));

      for (guint i = 0; i < self->run_views->len; i++)
        gtk_string_list_append (list, run_view (self, i)->label);
      gtk_drop_down_set_model (GTK_DROP_DOWN (self->teach_run_dropdown), G_LIST_MODEL (list));
      g_object_unref (list);
      if (selected != GTK_INVALID_LIST_POSITION && selected < self->run_views->len)
        gtk_drop_down_set_selected (GTK_DROP_DOWN (self->teach_run_dropdown), selected);
      g_free (self->teach_runs_key);
      self->teach_runs_key = g_strdup (key->str);
      self->teach_valid = FALSE;
    }
  g_string_free (key, TRUE);
}

void
gs_teach_refresh (GsWindow *self)
{
  update_timeline (self);
  if (!adw_flap_get_reveal_flap (self->teach_flap) || self->experiment == NULL)
    return;
  sync_run_dropdown (self);
  update_panel (self);
}

static void
teach_run_selected (GtkDropDown *dropdown, GParamSpec *pspec, GsWindow *self)
{
  self->teach_valid = FALSE;
  gs_teach_refresh (self);
  gtk_widget_queue_draw (self->contour_view);
}

static void
teach_revealed (AdwFlap *flap, GParamSpec *pspec, GsWindow *self)
{
  self->teach_valid = FALSE;
  gs_teach_refresh (self);
  gtk_widget_queue_draw (self->contour_view);
}

/* ---- the arrows ------------------------------------------------------------------- */

static void
arrow (cairo_t *cr, double x0, double y0, double x1, double y1, const double rgb[3],
       const char *label, gboolean dark)
{
  double dx = x1 - x0, dy = y1 - y0, len = hypot (dx, dy);
  double ux, uy, head = MIN (10.0, 0.45 * len);
  cairo_text_extents_t ext;

  if (!(len > 1))
    return;
  ux = dx / len;
  uy = dy / len;
  /* a light halo under the shaft keeps it readable on any colour */
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint pass = 0; pass < 2; pass++)
    {
      if (pass == 0)
        cairo_set_source_rgba (cr, dark ? 0 : 1, dark ? 0 : 1, dark ? 0 : 1, 0.85);
      else
        cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
      cairo_set_line_width (cr, pass == 0 ? 5.0 : 2.2);
      cairo_move_to (cr, x0, y0);
      cairo_line_to (cr, x1 - ux * head * 0.6, y1 - uy * head * 0.6);
      cairo_stroke (cr);
      cairo_move_to (cr, x1, y1);
      cairo_line_to (cr, x1 - ux * head - uy * head * 0.5, y1 - uy * head + ux * head * 0.5);
      cairo_line_to (cr, x1 - ux * head + uy * head * 0.5, y1 - uy * head - ux * head * 0.5);
      cairo_close_path (cr);
      if (pass == 0)
        {
          cairo_set_line_width (cr, 3);
          cairo_stroke_preserve (cr);
        }
      cairo_fill (cr);
    }
  /* the label past the head */
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 12);
  cairo_text_extents (cr, label, &ext);
  {
    double lx = x1 + ux * 8 - (ux < 0 ? ext.x_advance : 0) - (fabs (ux) < 0.3 ? ext.x_advance / 2 : 0);
    double ly = y1 + uy * 8 + (uy > 0 ? ext.height : 0) + (fabs (uy) < 0.3 ? ext.height / 2 : 0);

    cairo_set_source_rgba (cr, dark ? 0 : 1, dark ? 0 : 1, dark ? 0 : 1, 0.8);
    cairo_rectangle (cr, lx - 2, ly - ext.height - 2, ext.x_advance + 4, ext.height + 5);
    cairo_fill (cr);
    cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
    cairo_move_to (cr, lx, ly);
    cairo_show_text (cr, label);
  }
}

void
gs_teach_draw_overlay (GsWindow *self, cairo_t *cr, const GsRect *area, gboolean dark)
{
  static const double red[3] = { 0.85, 0.1, 0.1 };
  static const double violet[3] = { 0.45, 0.2, 0.75 };
  static const double ink[3] = { 0.1, 0.1, 0.1 };
  static const double paper[3] = { 0.95, 0.95, 0.95 };
  const GsExplanation *e = &self->teach;
  const double *w = self->window;
  double sx, sy, px, py, gx, gy, glen, L = 70;

  if (!self->teach_valid || !adw_flap_get_reveal_flap (self->teach_flap) || e->n != 2
      || self->axis_x != 0 || self->axis_y != 1 || area->width <= 0 || area->height <= 0)
    return;
  /* data to pixels (y up) */
  sx = area->width / (w[1] - w[0]);
  sy = area->height / (w[3] - w[2]);
  px = area->x + (self->teach_from[0] - w[0]) * sx;
  py = area->y + (w[3] - self->teach_from[1]) * sy;
  if (px < area->x || px > area->x + area->width || py < area->y || py > area->y + area->height)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, area->x, area->y, area->width, area->height);
  cairo_clip (cr);

  /* per-coordinate step sizes of an adaptive method: an ellipse whose
   * half-axes are the two coordinates' step sizes, the larger 36 px */
  if (e->adaptive && e->scale[0] > 0 && e->scale[1] > 0 && isfinite (e->scale[0] + e->scale[1]))
    {
      double m = MAX (e->scale[0], e->scale[1]);
      double rx = 36 * e->scale[0] / m, ry = 36 * e->scale[1] / m;
      g_autofree char *a = gs_explain_number (e->scale[0]);
      g_autofree char *b = gs_explain_number (e->scale[1]);
      /* TRANSLATORS: the step sizes of the two coordinates, under the ellipse */
      g_autofree char *text = g_strdup_printf (_("step size x %s, y %s"), a, b);

      cairo_save (cr);
      cairo_translate (cr, px, py);
      cairo_scale (cr, MAX (rx, 1.5), MAX (ry, 1.5));
      cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
      cairo_restore (cr);
      cairo_set_source_rgba (cr, 0.2, 0.55, 0.25, 0.18);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0.15, 0.5, 0.2, 0.9);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, (const double[]) { 4, 3 }, 2, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_set_source_rgba (cr, dark ? 0 : 1, dark ? 0 : 1, dark ? 0 : 1, 0.8);
      {
        /* Pango: the words are in the user's language */
        PangoLayout *layout = pango_cairo_create_layout (cr);
        PangoFontDescription *font = pango_font_description_from_string ("Sans");
        int tw, th;
        double lx, ly;

        pango_font_description_set_absolute_size (font, 11 * PANGO_SCALE);
        pango_layout_set_font_description (layout, font);
        pango_layout_set_text (layout, text, -1);
        pango_layout_get_pixel_size (layout, &tw, &th);
        /* under the ellipse, inside the plot (ly: the text's top) */
        lx = CLAMP (px - tw / 2.0, area->x + 3, area->x + area->width - tw - 3);
        ly = py + ry + 6;
        if (ly + th > area->y + area->height - 4)
          ly = py - ry - 8 - th;
        cairo_rectangle (cr, lx - 2, ly - 1, tw + 4, th + 2);
        cairo_fill (cr);
        cairo_set_source_rgb (cr, 0.1, 0.4, 0.15);
        cairo_move_to (cr, lx, ly);
        pango_cairo_show_layout (cr, layout);
        pango_font_description_free (font);
        g_object_unref (layout);
      }
    }

  /* −g, L px long; the momentum term −m beside it, scaled like g */
  gx = -e->grad[0] * sx;
  gy = e->grad[1] * sy;
  glen = hypot (gx, gy);
  if (glen > 0 && isfinite (glen))
    {
      arrow (cr, px, py, px + gx / glen * L, py + gy / glen * L, red, "−∇f", dark);
      if (e->has_momentum)
        {
          double mx = -e->momentum[0] * sx, my = e->momentum[1] * sy;
          double mlen = hypot (mx, my);
          double ml = CLAMP (L * mlen / glen, 18, 2 * L);

          gboolean buffer = FALSE;   /* SGD's and RMSprop's b, else Adam's m */

          for (guint i = 0; i < e->n_lines; i++)
            buffer |= g_str_equal (e->lines[i].key, "b");
          if (mlen > 0 && isfinite (mlen))
            arrow (cr, px, py, px + mx / mlen * ml, py + my / mlen * ml, violet,
                   buffer ? "−b" : "−m", dark);
        }
    }
  /* the step taken, as it is; magnified when too short to see */
  {
    double dx = e->step[0] * sx, dy = -e->step[1] * sy, len = hypot (dx, dy);

    if (len > 0 && isfinite (len))
      {
        if (len >= 14)
          arrow (cr, px, py, px + dx, py + dy, dark ? paper : ink, "Δθ", dark);
        else
          {
            double f = pow (10, ceil (log10 (40 / len)));
            g_autofree char *label = g_strdup_printf ("Δθ ×%g", f);

            arrow (cr, px, py, px + dx * f, py + dy * f, dark ? paper : ink, label, dark);
          }
      }
  }
  cairo_restore (cr);
}

/* ---- building ---------------------------------------------------------------------- */

static GtkWidget *
icon_button (const char *icon, const char *tooltip, GCallback cb, GsWindow *self)
{
  GtkWidget *b = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (b, "flat");
  gtk_widget_set_tooltip_text (b, tooltip);
  gtk_widget_set_valign (b, GTK_ALIGN_CENTER);
  g_signal_connect (b, "clicked", cb, self);
  return b;
}

static GtkWidget *
build_timeline (GsWindow *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *live;

  self->timeline_scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 1, 1);
  gtk_scale_set_draw_value (GTK_SCALE (self->timeline_scale), FALSE);
  gtk_widget_set_hexpand (self->timeline_scale, TRUE);
  gtk_widget_set_tooltip_text (self->timeline_scale,
                               _("Timeline: drag to any step and every view shows the runs as "
                                 "they were there. Play, Step or a changed setting goes on "
                                 "from that step (the later steps are replaced)"));
  g_signal_connect (self->timeline_scale, "value-changed", G_CALLBACK (timeline_moved), self);
  self->timeline_label = gtk_label_new (NULL);
  {
    g_autofree char *step0 = g_strdup_printf (_("step %llu"), 0ull);

    gtk_label_set_text (GTK_LABEL (self->timeline_label), step0);
  }
  gtk_widget_add_css_class (self->timeline_label, "numeric");
  gtk_widget_add_css_class (self->timeline_label, "dim-label");
  gtk_widget_set_size_request (self->timeline_label, 130, -1);
  gtk_label_set_xalign (GTK_LABEL (self->timeline_label), 0);
  gtk_widget_set_tooltip_text (self->timeline_label, _("The step every view shows"));
  live = icon_button ("media-skip-forward-symbolic", _("Back to the latest step (End)"),
                      G_CALLBACK (live_clicked), self);
  gtk_box_append (GTK_BOX (bar), icon_button ("go-previous-symbolic", _("One step back (←)"),
                                              G_CALLBACK (back_clicked), self));
  gtk_box_append (GTK_BOX (bar), self->timeline_scale);
  gtk_box_append (GTK_BOX (bar), icon_button ("go-next-symbolic",
                                              _("One step forward (→): through the recorded "
                                                "steps, then a new one"),
                                              G_CALLBACK (forward_clicked), self));
  gtk_box_append (GTK_BOX (bar), live);
  gtk_box_append (GTK_BOX (bar), self->timeline_label);
  gtk_widget_add_css_class (bar, "card");
  gtk_widget_set_margin_top (bar, 2);
  gtk_widget_set_margin_bottom (bar, 2);
  self->timeline = bar;
  gtk_widget_set_visible (bar, FALSE);
  return bar;
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *l = gtk_label_new (text);

  gtk_widget_add_css_class (l, "heading");
  gtk_label_set_xalign (GTK_LABEL (l), 0);
  return l;
}

static GtkWidget *
wrapped_label (void)
{
  GtkWidget *l = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_label_set_wrap (GTK_LABEL (l), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (l), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (l), PANEL_CHARS);
  return l;
}

void
gs_teach_set_lesson (GsWindow *self, const GsLesson *lesson)
{
  const char *parts[3];

  self->lesson = lesson;
  gtk_widget_set_visible (self->lesson_box, lesson != NULL);
  if (lesson == NULL)
    return;
  parts[0] = gs_tr (lesson->look_at);
  parts[1] = gs_tr (lesson->try_this);
  parts[2] = gs_tr (lesson->ask);
  gtk_label_set_text (GTK_LABEL (self->lesson_title), gs_tr (lesson->title));
  for (guint i = 0; i < 3; i++)
    gtk_label_set_text (GTK_LABEL (self->lesson_parts[i]), parts[i]);
}

/* The open lesson: its title, then what to look at, what to try and the
 * question for the class */
static GtkWidget *
build_lesson_box (GsWindow *self)
{
  static const char *const headings[] = { N_("Look at"), N_("Try"), N_("Ask the class") };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self->lesson_title = wrapped_label ();
  gtk_widget_add_css_class (self->lesson_title, "title-3");
  gtk_box_append (GTK_BOX (box), self->lesson_title);
  for (guint i = 0; i < 3; i++)
    {
      GtkWidget *h = heading (_(headings[i]));

      self->lesson_parts[i] = wrapped_label ();
      gtk_label_set_selectable (GTK_LABEL (self->lesson_parts[i]), TRUE);
      gtk_box_append (GTK_BOX (box), h);
      gtk_box_append (GTK_BOX (box), self->lesson_parts[i]);
    }
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_widget_set_tooltip_text (box, _("The lesson: what to look at, what to try, and a "
                                      "question for the class. Lessons are in the header bar's "
                                      "Lessons menu"));
  gtk_widget_set_visible (box, FALSE);
  self->lesson_box = box;
  return box;
}

static GtkWidget *
build_panel (GsWindow *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *legend = wrapped_label ();

  self->teach_run_dropdown = gtk_drop_down_new (G_LIST_MODEL (gtk_string_list_new (NULL)), NULL);
  gtk_widget_set_tooltip_text (self->teach_run_dropdown,
                               _("Whose update to explain: its formulas here and its arrows on "
                                 "the contour map"));
  g_signal_connect (self->teach_run_dropdown, "notify::selected",
                    G_CALLBACK (teach_run_selected), self);
  gtk_box_append (GTK_BOX (row), heading (_("Explain")));
  gtk_widget_set_hexpand (gtk_widget_get_last_child (row), TRUE);
  gtk_box_append (GTK_BOX (row), self->teach_run_dropdown);

  self->teach_title = wrapped_label ();
  gtk_widget_add_css_class (self->teach_title, "title-4");
  self->teach_schedule = wrapped_label ();
  gtk_widget_add_css_class (self->teach_schedule, "dim-label");
  self->teach_formulas = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (self->teach_formulas, "card");
  gtk_widget_add_css_class (self->teach_formulas, "teach-formulas");
  gtk_widget_set_margin_bottom (self->teach_formulas, 4);
  self->teach_hint = wrapped_label ();
  gtk_label_set_markup (GTK_LABEL (legend),
                        /* TRANSLATORS: Pango markup: keep the tags and their colours */
                        _("<small>On the contour map, from the point the update started at: "
                          "<span foreground=\"#d91a1a\"><b>−∇f</b></span> the steepest descent, "
                          "<span foreground=\"#7333bf\"><b>−m</b></span> the momentum (first "
                          "moment), <b>Δθ</b> the step taken; for adaptive methods the "
                          "<span foreground=\"#26802f\"><b>dashed ellipse</b></span> shows the "
                          "step size each coordinate gets.</small>"));
  gtk_box_append (GTK_BOX (box), build_lesson_box (self));
  gtk_box_append (GTK_BOX (box), row);
  gtk_box_append (GTK_BOX (box), self->teach_title);
  gtk_box_append (GTK_BOX (box), self->teach_schedule);
  gtk_box_append (GTK_BOX (box), self->teach_formulas);
  gtk_box_append (GTK_BOX (box), heading (_("Stability")));
  gtk_box_append (GTK_BOX (box), self->teach_hint);
  gtk_box_append (GTK_BOX (box), legend);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (scroller, 340, -1);
  /* a panel of its own width: the views take the rest */
  gtk_widget_set_hexpand (scroller, FALSE);
  gtk_widget_set_tooltip_text (box, _("The selected run's last update, formula by formula, "
                                      "with its numbers"));
  return scroller;
}

GtkWidget *
gs_teach_init (GsWindow *self, GtkWidget *views)
{
  GtkWidget *first = gtk_widget_get_first_child (views);

  self->scrub_step = LIVE;
  self->teach_lambda[0] = self->teach_lambda[1] = NAN;
  /* the timeline under the plots, above the results table */
  gtk_box_insert_child_after (GTK_BOX (views), build_timeline (self), first);

  self->teach_flap = ADW_FLAP (adw_flap_new ());
  adw_flap_set_flap_position (self->teach_flap, GTK_PACK_END);
  adw_flap_set_content (self->teach_flap, views);
  adw_flap_set_flap (self->teach_flap, build_panel (self));
  adw_flap_set_separator (self->teach_flap, gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  adw_flap_set_fold_policy (self->teach_flap, ADW_FLAP_FOLD_POLICY_NEVER);
  adw_flap_set_reveal_flap (self->teach_flap, FALSE);
  g_signal_connect (self->teach_flap, "notify::reveal-flap", G_CALLBACK (teach_revealed), self);
  return GTK_WIDGET (self->teach_flap);
}

void
gs_teach_dispose (GsWindow *self)
{
  if (self->teach_valid)
    gs_explanation_clear (&self->teach);
  self->teach_valid = FALSE;
  g_clear_pointer (&self->teach_runs_key, g_free);
  g_clear_pointer (&self->lr_scales, g_ptr_array_unref);
}
