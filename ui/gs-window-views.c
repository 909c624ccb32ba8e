/* gs-window-views.c — the views and the results table of GsWindow */
#include "gs-window-private.h"

#include <math.h>

static const char *result_titles[] = {
  "Run", "Status", "Steps", "Loss", "Best loss", "‖g‖", "Steps to threshold",
};

static const char *result_tips[] = {
  "The run's name and colour",
  "running, converged (a stop rule held), max steps, or diverged at step k",
  "Updates done so far",
  "Current value of the objective (loss + regularization)",
  "Lowest objective seen so far",
  "Norm of the gradient at the current point",
  "First step whose loss fell below the “Stop below loss” threshold",
};

static char *
fmt (double v)
{
  if (isnan (v))
    return g_strdup ("—");
  return g_strdup_printf ("%.4g", v);
}

static void
update_results (GsWindow *self)
{
  GtkGrid *grid = GTK_GRID (self->results_grid);
  guint n = self->run_views->len;
  guint columns = G_N_ELEMENTS (result_titles);

  /* one row per run below the titles; rebuilt when the run count changes */
  if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (grid), "rows")) != n)
    {
      GtkWidget *child;

      while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
        gtk_grid_remove (grid, child);
      for (guint c = 0; c < columns; c++)
        {
          GtkWidget *title = gtk_label_new (result_titles[c]);
          gtk_widget_add_css_class (title, "heading");
          gtk_widget_add_css_class (title, "dim-label");
          gtk_label_set_xalign (GTK_LABEL (title), c == 0 ? 0 : 1);
          gtk_widget_set_tooltip_text (title, result_tips[c]);
          gtk_grid_attach (grid, title, c, 0, 1, 1);
        }
      for (guint r = 0; r < n; r++)
        for (guint c = 0; c < columns; c++)
          {
            GtkWidget *label = gtk_label_new ("");
            gtk_label_set_xalign (GTK_LABEL (label), c == 0 ? 0 : 1);
            if (c >= 2)
              gtk_widget_add_css_class (label, "numeric");
            gtk_label_set_ellipsize (GTK_LABEL (label), c == 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
            gtk_grid_attach (grid, label, c, r + 1, 1, 1);
          }
      g_object_set_data (G_OBJECT (grid), "rows", GUINT_TO_POINTER (n));
    }

  for (guint r = 0; r < n; r++)
    {
      GsRunView *view = &g_array_index (self->run_views, GsRunView, r);
      GsRunSnapshot *s = &view->snapshot;
      g_autofree char *color = g_strdup_printf ("#%02x%02x%02x",
                                                (int) lround (view->color.red * 255),
                                                (int) lround (view->color.green * 255),
                                                (int) lround (view->color.blue * 255));
      g_autofree char *label = g_markup_printf_escaped ("<span foreground=\"%s\">●</span> %s",
                                                        color, view->label);
      g_autofree char *status = NULL;
      g_autofree char *steps = g_strdup_printf ("%" G_GUINT64_FORMAT, s->step);
      g_autofree char *loss = fmt (s->loss);
      g_autofree char *best = fmt (isfinite (s->best_loss) ? s->best_loss : NAN);
      g_autofree char *gnorm = fmt (s->grad_norm);
      g_autofree char *reach = s->steps_to_threshold == G_MAXUINT64
        ? g_strdup ("—") : g_strdup_printf ("%" G_GUINT64_FORMAT, s->steps_to_threshold);
      const char *values[] = { NULL, NULL, steps, loss, best, gnorm, reach };

      if (s->status == GS_STATUS_DIVERGED)
        status = g_strdup_printf ("<span foreground=\"#e01b24\">diverged at step %" G_GUINT64_FORMAT
                                  "</span>", s->step);
      else if (s->status == GS_STATUS_MAX_STEPS)
        status = g_strdup ("max steps");
      else
        status = g_strdup (gs_status_to_string (s->status));

      gtk_label_set_markup (GTK_LABEL (gtk_grid_get_child_at (GTK_GRID (self->results_grid), 0, r + 1)),
                            label);
      gtk_label_set_markup (GTK_LABEL (gtk_grid_get_child_at (GTK_GRID (self->results_grid), 1, r + 1)),
                            status);
      for (guint c = 2; c < columns; c++)
        gtk_label_set_text (GTK_LABEL (gtk_grid_get_child_at (GTK_GRID (self->results_grid), c, r + 1)),
                            values[c]);
    }
}

void
gs_window_views_refresh (GsWindow *self)
{
  gboolean regression = self->experiment && self->experiment->kind != GS_PROBLEM_FUNCTION;

  gtk_widget_set_visible (self->data_view, regression);
  gtk_widget_queue_draw (self->contour_view);
  gtk_widget_queue_draw (self->loss_view);
  if (regression)
    gtk_widget_queue_draw (self->data_view);
  update_results (self);
}

static GtkWidget *
framed (GtkWidget *child)
{
  GtkWidget *frame = gtk_frame_new (NULL);

  gtk_frame_set_child (GTK_FRAME (frame), child);
  gtk_widget_add_css_class (frame, "view-card");
  return frame;
}

void
gs_window_views_init (GsWindow *self)
{
  GtkWidget *root = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *hpaned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *results_scroller = gtk_scrolled_window_new ();

  self->contour_view = gs_plot_view_new ();
  self->loss_view = gs_plot_view_new ();
  self->data_view = gs_plot_view_new ();
  gtk_widget_set_tooltip_text (self->contour_view,
                               "Loss surface with every run's path. Hover to read f(x, y), "
                               "click to set the start, drag to pan, scroll to zoom");
  gtk_widget_set_tooltip_text (self->loss_view, "Loss against step for every run");
  gtk_widget_set_tooltip_text (self->data_view, "The data and each run's current fit");
  gtk_widget_set_size_request (self->contour_view, 360, 300);
  gtk_widget_set_size_request (self->loss_view, 260, 200);
  gtk_widget_set_size_request (self->data_view, 260, 200);

  gtk_box_append (GTK_BOX (right), framed (self->loss_view));
  gtk_box_append (GTK_BOX (right), framed (self->data_view));
  gtk_paned_set_start_child (GTK_PANED (hpaned), framed (self->contour_view));
  gtk_paned_set_end_child (GTK_PANED (hpaned), right);
  gtk_paned_set_resize_start_child (GTK_PANED (hpaned), TRUE);
  gtk_paned_set_shrink_start_child (GTK_PANED (hpaned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (hpaned), FALSE);
  gtk_paned_set_position (GTK_PANED (hpaned), 560);
  gtk_paned_set_wide_handle (GTK_PANED (hpaned), TRUE);
  gtk_widget_set_vexpand (hpaned, TRUE);

  self->results_grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->results_grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (self->results_grid), 4);
  gtk_widget_set_margin_start (self->results_grid, 12);
  gtk_widget_set_margin_end (self->results_grid, 12);
  gtk_widget_set_margin_top (self->results_grid, 6);
  gtk_widget_set_margin_bottom (self->results_grid, 6);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (results_scroller), self->results_grid);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (results_scroller),
                                  GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (results_scroller), TRUE);
  gtk_widget_add_css_class (results_scroller, "card");

  gtk_box_append (GTK_BOX (root), hpaned);
  gtk_box_append (GTK_BOX (root), results_scroller);
  gtk_widget_set_margin_start (root, 6);
  gtk_widget_set_margin_end (root, 6);
  gtk_widget_set_margin_top (root, 6);
  gtk_widget_set_margin_bottom (root, 6);
  g_object_set_data (G_OBJECT (self), "views-root", root);
}
