/* console.h: the interactive console, the program's default mode.
 *
 * Takes the whole argv (argv[0] is the program) and returns the exit status:
 * 0 on a clean quit, 2 on a usage or attach error. tui/cmd/main.c calls it
 * when no subcommand is named. */
#ifndef GOTRIAGE_CONSOLE_H
#define GOTRIAGE_CONSOLE_H

int cmd_console(int argc, char **argv);

#endif
