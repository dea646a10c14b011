/* commands.h: the subcommands of the gotriage binary.
 *
 * Each takes the arguments after its own name (argv[0] is the subcommand
 * name) and returns the process exit status: 0 nothing failed, 1 a check
 * failed, 2 usage or attach error. One line per subcommand in the table in
 * tui/cmd/commands.c. */
#ifndef GOTRIAGE_COMMANDS_H
#define GOTRIAGE_COMMANDS_H

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage; /* one line, shown by --help */
};

extern const struct command commands_table[];

const struct command *commands_find(const char *name);

int cmd_buildinfo(int argc, char **argv);
int cmd_goroutines(int argc, char **argv);
int cmd_listeners(int argc, char **argv);
int cmd_modules(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_collect(int argc, char **argv);

#endif
