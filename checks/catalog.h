/* catalog.h: the failure-mode catalog (docs/failure-modes.md) as one static
 * table, in the order the guided checklist walks it.
 *
 * Each entry has a stable id (never rename one: scripts, recordings and
 * tests use them), the engineer's question, the by-hand command, a remedy
 * written for a tired engineer, the fact parts it needs (so "re-collect
 * this step" refreshes only those), and a pure run function from the
 * collected facts to a verdict. Running a check never does I/O.
 * Entries use designated initializers, so a field cannot land in the wrong
 * slot; adding a check is one entry here (README "Adding a check"). */
#ifndef GOTRIAGE_CATALOG_H
#define GOTRIAGE_CATALOG_H

#include <stddef.h>

#include "collectors/facts.h"
#include "verdict.h"

struct check {
	const char *id;
	const char *title;
	int chapter; /* 0..3 as in docs/failure-modes.md */
	const char *question;
	const char *by_hand; /* what an engineer would type to confirm */
	const char *remedy;
	unsigned needs; /* enum fact_part bits */
	void (*run)(const struct facts *f, struct verdict *v);
	/* The registered pane (panes/registry.c) whose jump callback shows
	 * what this check's code: evidence lines point at: "routes" for a
	 * registration (route, listener, gRPC service, middleware Use). NULL
	 * when no pane shows them (go statements, imports, //go:embed): Enter
	 * then puts the location on the status line. sym: and goroutine:
	 * lines open the pane jump_default_pane() names, whatever this says.
	 * tests/unit/panes/test_registry.c holds every value to this. */
	const char *evidence_pane;
};

extern const struct check catalog[];
extern const size_t catalog_len;

const struct check *catalog_find(const char *id);
size_t catalog_index(const char *id); /* (size_t)-1 when unknown */
const char *catalog_chapter_title(int chapter);
/* Runs one check; a check whose facts are missing says so (UNKNOWN). */
void catalog_run(const struct check *c, const struct facts *f, struct verdict *v);
/* 1 when v is an unknown that only the source can settle: no --repo was
 * given and the check reads the repo or its modules. Check output and the
 * checklist group these at the bottom under one line. */
int catalog_needs_source(const struct check *c, const struct facts *f, const struct verdict *v);
/* How to get the source of the running build (checks/source_hint.h), from
 * the binary's module path and VCS stamp; a new string. */
char *catalog_source_hint(const struct facts *f);
/* Parses "a,b,c" into a selection over the catalog (sel[i] = 1); returns
 * -1 with *cause naming the first unknown id. NULL or "" selects all. */
int catalog_select(const char *ids, unsigned char *sel, char **cause);

#endif
