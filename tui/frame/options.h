/* options.h: the command-line options shared by the console and `check`.
 *
 * Which options exist, their help and their parsing are declared once in
 * tui/cmd/commands.c; this is where their values land, checked. */
#ifndef GOTRIAGE_OPTIONS_H
#define GOTRIAGE_OPTIONS_H

#include "collectors/proc/target.h"

#define OPTIONS_IDLE_PAUSE 300.0 /* seconds without a key before polling stops */

struct fleet_pane_data;

struct options {
	struct target_opts target;
	const char *keymap;	/* --keymap FILE */
	const char *record;	/* --record FILE */
	int no_record;		/* --no-record */
	const char *cast;	/* --cast FILE */
	double refresh;		/* --refresh SECONDS */
	double idle_pause;	/* --idle-pause SECONDS: 0 never */
	const char *format;	/* --format (check) */
	const char *only;	/* --only IDS (check) */
	const char *start_pane; /* --pane NAME */
	int full_dump;		/* --full-dump (check): fetch debug=2 whatever the count */
	const char *header;	/* --header NAME: the header middleware should add */
	int version;		/* --version */
	const char *facts;	/* --facts FILE: judge a facts document */
	const char *ssh;	/* --ssh DEST: the service runs on that host */
	const char *k8s;	/* --k8s [CTX/]NS/POD[/C]: in that pod, over kubectl */
	/* gotriage fleet on a terminal: the judged fleet; the console shows the
	 * fleet pane (panes/fleet.c) and attaches to no target itself. */
	const struct fleet_pane_data *fleet;
};

/* The defaults (refresh 2 s, idle pause 300 s, everything else unset). */
void options_init(struct options *o);

/* Stores option `name` (long name without dashes; "" as the value of a
 * switch) into *o after checking the value. Returns 0, or -1 with one line
 * in *cause (also for a name it does not know). The strings must outlive o. */
int options_set(struct options *o, const char *name, const char *value, char **cause);

#endif
