/* cli-study.h — gradscope-cli study */
#pragma once

int gs_cli_study (int argc, char **argv);
