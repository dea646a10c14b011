/* fleet_console.h: `gotriage fleet` on a terminal (stdout a tty, no
 * --format): the judged fleet in the console's fleet pane (panes/fleet.c)
 * instead of printed text.
 *
 * fleet_console_run() decides, per row, how the pane opens that target
 * (the console's own arguments, run as a child by the frame):
 *   a document kept with --save (or --facts-dir)  gotriage --facts FILE
 *   ssh                                            gotriage --ssh DEST --pid N | --url URL
 *   local                                          gotriage --pid N | --url URL
 *   k8s                                            gotriage --k8s [CTX/]NS/POD[/C] --pid N | --url
 * URL (kubectl exec, and port-forward for the debug endpoint); kubectl not on PATH: the row says
 * so, nothing opens plus --repo DIR --repo-mismatch-ok and --header NAME when the fleet had them
 * (judged as the fleet judged). Then it runs the console and returns its exit status. */
#ifndef GOTRIAGE_FLEET_CONSOLE_H
#define GOTRIAGE_FLEET_CONSOLE_H

#include "collectors/fleet/targets.h"
#include "fleet_print.h"

struct fleet_console_row {
	const struct fleet_target *t; /* NULL: only a document (--facts-dir) */
	int pid;		      /* the process (given or found), 0 for url= */
	const char *doc;	      /* its document on disk, or NULL */
	int doc_saved;		      /* doc is the engineer's (--save, --facts-dir) */
	const char *pod;	      /* k8s: the pod a selector listed, or NULL (the target's) */
};

struct fleet_console_opts {
	const char *repo, *header, *record;
};

int fleet_console_run(const struct fleet_report *rep, const struct fleet_console_row *cr,
		      const struct fleet_console_opts *o);

#endif
