/* facts_changes.h: what the running build lacks, with the registrations
 * each missing commit changes.
 *
 * changes_compute() lists the commits of `against` (HEAD by default) that
 * are not ancestors of the running revision (collectors/git/gitlog.h) and,
 * for each, the registrations it adds or removes: routes, gRPC services,
 * listen addresses, tickers, config callbacks, middleware and init
 * goroutines, found by scanning the Go files the commit changes on both
 * sides of its diff (read from git objects, reposcan.h). Files excluded by
 * the build context do not count. A per-file scan does not see a route
 * group's prefix made in another file; the whole-tree comparison
 * (changes_diff_scans(), running tree vs against tree) does, and gives
 * the routes route-not-served probes.
 *
 * Ownership: changes_compute() returns a struct freed with changes_free()
 * (accepts NULL). Strings from the repository: sanitize before display. */
#ifndef GOTRIAGE_FACTS_CHANGES_H
#define GOTRIAGE_FACTS_CHANGES_H

#include <stddef.h>

#include "collectors/base/common.h"
#include "collectors/git/gitlog.h"
#include "collectors/repo/reposcan.h"

struct cJSON;

struct changes_reg {
	char sign;   /* '+' added, '-' removed */
	char *kind;  /* "route", "gRPC service", "listen address", ... */
	char *what;  /* "GET /api/v1/refunds" */
	char *where; /* "internal/api/refunds.go:12" (the side it is on) */
};

struct changes_commit {
	struct changes_reg *regs;
	size_t nregs;
};

enum changes_relation {
	CHANGES_SAME,	  /* running == against */
	CHANGES_BEHIND,	  /* the running build lacks commits of against */
	CHANGES_AHEAD,	  /* the running revision has commits against lacks */
	CHANGES_DIVERGED, /* both: another branch */
};

struct changes {
	char running[GITREPO_HEX];
	char against[GITREPO_HEX];
	char *against_name; /* "HEAD (main)", "origin/main", "v1.4.2" */
	enum changes_relation relation;
	struct gitlog *log;	    /* commits the running build lacks */
	struct changes_commit *per; /* parallel to log->v */
	struct changes_reg *total;  /* running tree vs against tree, whole scans */
	size_t ntotal;
	double seconds;
};

/* ctx: the build context to judge files with (NULL: linux/amd64).
 * running_scan: the running revision's scan, when the caller has one,
 * to compare whole trees with (else only per-commit changes). */
int changes_compute(struct gitrepo *r, const char *running, const char *against,
		    const char *against_name, const struct buildconstraint_ctx *ctx,
		    const struct reposcan *running_scan, struct changes **out, char **cause);
void changes_free(struct changes *c);

/* The registrations one scan has and the other lacks (+ in b, - in a). */
void changes_diff_scans(const struct reposcan *a, const struct reposcan *b,
			struct changes_reg **out, size_t *n);
void changes_regs_free(struct changes_reg *v, size_t n);

/* One line for stale-binary: "the running build lacks 2 commits of HEAD
 * (main); 9e1f2b0 'INV-2207 rounding fix' changes internal/invoice/vat.go
 * and adds route GET /api/v1/refunds" (malloc'd; NULL when not behind). */
char *changes_summary(const struct changes *c);
/* The lacking commit that added a route with this method and path (the
 * path may be a suffix when the commit's file scan lacked a prefix), or
 * -1. */
long changes_route_commit(const struct changes *c, const char *method, const char *path);
/* "9e1f2b0 'subject' (2026-01-02, Name)" for evidence (malloc'd). */
char *changes_commit_line(const struct gitlog_commit *gc);

struct cJSON *changes_to_json(const struct changes *c);
/* The report as text, one line each, for `gotriage changes`. */
void changes_text(const struct changes *c, struct buf *out);

#endif
