/* options.h: the command-line options shared by the console and `check`. */
#ifndef GOTRIAGE_OPTIONS_H
#define GOTRIAGE_OPTIONS_H

#include "collectors/proc/target.h"

struct options {
	struct target_opts target;
	const char *keymap;	/* --keymap FILE */
	const char *record;	/* --record FILE */
	int no_record;		/* --no-record */
	const char *cast;	/* --cast FILE */
	double refresh;		/* --refresh SECONDS */
	const char *format;	/* --format (check) */
	const char *only;	/* --only IDS (check) */
	const char *start_pane; /* --pane NAME */
	int full_dump;		/* --full-dump (check): fetch debug=2 whatever the count */
	const char *header;	/* --header NAME: the header middleware should add */
	int help, version;
};

/* Parses argv[first..]; returns 0, or -1 with one line in *cause. Options
 * a subcommand does not take are rejected by the caller's `allowed` list
 * (a string of long option names separated by spaces, NULL for all). */
int options_parse(int argc, char **argv, int first, const char *allowed, struct options *o,
		  char **cause);
void options_usage(FILE *out);

#endif
