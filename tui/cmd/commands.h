/* commands.h: the subcommands of the gotriage binary, declared once.
 *
 * One entry per subcommand in the table in tui/cmd/commands.c: its name,
 * the positional arguments it takes, a one-line summary, its options (a
 * NULL-terminated array of struct cmdopt) and the function that runs it.
 * `gotriage --help`, `gotriage SUB --help`, the option parser and its error
 * messages are all made from that table (tests/unit/tui/cmd/test_commands.c
 * holds them and gotriage.1 to it).
 *
 * A run function takes the arguments after the program (argv[0] is the
 * subcommand's name), calls commands_parse first, and returns the exit
 * status: 0 nothing failed, 1 a check failed, 2 usage or attach error. */
#ifndef GOTRIAGE_COMMANDS_H
#define GOTRIAGE_COMMANDS_H

#include <stdio.h>

#include "cmdopt.h"
#include "tui/frame/options.h"

struct command {
	const char *name;		  /* "goroutines" */
	const char *synopsis;		  /* its positionals: "URL|FILE|-", or "" */
	const char *summary;		  /* one line for gotriage --help */
	const struct cmdopt *const *opts; /* NULL-terminated */
	int max_args;			  /* positionals accepted; -1 for any number */
	const char *more;		  /* lines after the options in SUB --help */
	void (*more_fn)(FILE *out);	  /* optional: help text computed at run time */
	int (*run)(int argc, char **argv);
};

/* Terminated by an entry whose name is NULL. */
extern const struct command commands_table[];
/* The console: `gotriage [options]` with no subcommand. */
extern const struct command commands_console;

const struct command *commands_find(const char *name);

/* Parses argv against the table entry `name` (NULL: the console). Returns 1
 * when the command should go on; 0 when it must return *status at once
 * (--help was printed: 0; a usage error was printed as one line: 2). */
int commands_parse(const char *name, int argc, char **argv, struct cmdargs *a, int *status);

/* Prints "gotriage NAME: MESSAGE; gotriage NAME --help ..." on one line and
 * returns 2, for errors a command finds in its arguments after parsing. */
int commands_usage_error(const char *name, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The console's and check's shared options (pid, url, ...) into *o. */
int commands_options(const struct cmdargs *a, struct options *o, char **cause);

/* --connect-timeout, --timeout, --low-speed-time: commands_parse hands
 * them to the process-wide HTTP limits, not to struct options. */
int commands_is_net_option(const struct cmdopt *o);

void commands_help(FILE *out, const struct command *c);
void commands_help_all(FILE *out);

int cmd_console(int argc, char **argv);
int cmd_buildinfo(int argc, char **argv);
int cmd_changes(int argc, char **argv);
int cmd_goroutines(int argc, char **argv);
int cmd_listeners(int argc, char **argv);
int cmd_modules(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_scan(int argc, char **argv);
void cmd_check_help_ids(FILE *out);
int cmd_collect(int argc, char **argv);
int cmd_fleet(int argc, char **argv);
int cmd_profile(int argc, char **argv);

#endif
