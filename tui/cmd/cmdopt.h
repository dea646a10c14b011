/* cmdopt.h: command-line options declared once, as data.
 *
 * A subcommand lists its options as a NULL-terminated array of descriptors
 * (long name, optional short letter, argument name, one line of help). The
 * same array builds the getopt_long table that parses argv, the usage line
 * and the option list of --help, and the error messages; nothing else names
 * an option, so help and parser cannot drift. `-h`/`--help` is implicit for
 * every command.
 *
 * Long options must be spelled out: GNU getopt_long would take a unique
 * prefix (`--jso`), which breaks scripts as soon as a second option shares
 * it, so cmdopt_parse rejects abbreviations. */
#ifndef GOTRIAGE_CMDOPT_H
#define GOTRIAGE_CMDOPT_H

#include <stdio.h>

struct cmdopt {
	const char *name; /* long name without the dashes: "max-mb" */
	char short_name;  /* 'j', or 0 for none */
	const char *arg;  /* the argument's name ("N", "DIR"), NULL for a switch */
	const char *help; /* one line, for --help and gotriage.1 */
};

#define CMDOPT_MAX 48

/* What cmdopt_parse found. Values point into argv (or are "" for a switch
 * that was given); the last occurrence of an option wins. */
struct cmdargs {
	const char *prog;		  /* "gotriage modules", for messages */
	const struct cmdopt *const *opts; /* as passed to cmdopt_parse */
	const char *val[CMDOPT_MAX];	  /* per descriptor; NULL when not given */
	char **pos;			  /* the positional arguments, in order */
	int npos;
	int help; /* -h or --help was given */
};

/* Parses argv[1..argc-1] (argv[0] is the command's name; argv may be
 * permuted). At most max_pos positionals (-1: any number). Returns 0, or -1
 * with one line in *cause, e.g. "unknown option --x; gotriage SUB --help
 * lists them". */
int cmdopt_parse(const char *prog, const struct cmdopt *const *opts, int max_pos, int argc,
		 char **argv, struct cmdargs *a, char **cause);

/* The option's value, "" for a given switch, NULL when absent. `name` must
 * be one of the descriptors (a programming error aborts). */
const char *cmdargs_get(const struct cmdargs *a, const char *name);
int cmdargs_has(const struct cmdargs *a, const char *name);

/* A whole number in [min, max]: 0 when the option is absent (*out left
 * alone), 1 when given and valid, -1 with one line in *cause otherwise. */
int cmdargs_long(const struct cmdargs *a, const char *name, long min, long max, long *out,
		 char **cause);

/* "usage: PROG SYNOPSIS [--a] [--b N] ..." wrapped at 80 columns. */
void cmdopt_usage(FILE *out, const char *prog, const char *synopsis,
		  const struct cmdopt *const *opts);
/* One aligned line per option, then -h, --help. */
void cmdopt_list(FILE *out, const struct cmdopt *const *opts);
size_t cmdopt_count(const struct cmdopt *const *opts);

#endif
