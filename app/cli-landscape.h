/* cli-landscape.h — gradscope-cli landscape: the loss over a plane of
 * parameter space around a run's end, as CSV and/or a figure */
#pragma once

/* argv[0] is the program name, argv[1…] the landscape command's arguments.
 * Returns the exit status: 0 ok, 1 a run diverged or an output could not
 * be written, 2 bad input or usage. */
int gs_cli_landscape (int argc, char **argv);
