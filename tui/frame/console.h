/* console.h: the interactive console, the program's default mode.
 *
 * Runs the console on the parsed options (tui/cmd/cmd_console.c parses
 * them from the table in tui/cmd/commands.c) and returns the exit status:
 * 0 on a clean quit, 2 on an attach error. */
#ifndef GOTRIAGE_CONSOLE_H
#define GOTRIAGE_CONSOLE_H

#include "options.h"

int console_run(const struct options *opts);

#endif
