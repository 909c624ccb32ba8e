/* cli-plot.h — gradscope-cli plot: run an experiment and write its figure */
#pragma once

/* argv[0] is the program name, argv[1…] the plot command's arguments.
 * Returns the exit status: 0 ok, 1 a run diverged (the figure is still
 * written), 2 bad input or usage. */
int gs_cli_plot (int argc, char **argv);
