/* profile_evidence.h: profiles the engineer fetched as evidence on a
 * step (issue 16 item 7). A function of the main module that is hot in a
 * CPU profile, or that grew between two heap fetches, and that the repo
 * scan ties to the step (a ticker loop, a route's handler) becomes an
 * evidence line on that step's verdict; its kind and summary stay as the
 * step's own check decided them.
 *
 * Pure: no I/O. The profiles pane measures (panes/profiles_hot.h); the
 * catalog (checks/catalog_run.c) adapts the facts into these inputs. */
#ifndef GOTRIAGE_PROFILE_EVIDENCE_H
#define GOTRIAGE_PROFILE_EVIDENCE_H

#include "verdict.h"

/* Every line this adds ends with this text, so the journal can tell them. */
#define PROFILE_EVIDENCE_MARK "(Profiles pane)"
/* Hot: at least this share of a CPU profile's total, cumulative. */
#define PROFILE_HOT_CPU_PCT 5.0
/* Growing: at least this share of the base heap's total (pprof -diff_base
 * percentages) and at least PROFILE_GROW_MIN_BYTES. */
#define PROFILE_GROW_PCT 5.0
#define PROFILE_GROW_MIN_BYTES (1024.0 * 1024.0)

enum profile_fn_kind { PROFILE_FN_CPU, PROFILE_FN_HEAP_GROWTH };

/* One function of a fetched profile. */
struct profile_fn {
	const char *func; /* full name as in a stack */
	enum profile_fn_kind kind;
	double pct;	   /* cum, % of the total (of the base's for a diff) */
	double value;	   /* cum: seconds (CPU) or bytes grown (heap) */
	const char *shown; /* the value as pprof prints it ("1.20s", "3.50MB") */
};

struct profile_evidence_inputs {
	const struct profile_fn *fns;
	size_t nfns;
	/* The step's functions: ticker loops, route handlers (symbols). */
	const char *const *targets;
	size_t ntargets;
	const char *what;		/* "ticker loop", for every target, or NULL */
	const char *const *target_what; /* per target ("handler of /x"), or NULL */
};

/* Adds a line per (function, target) tie that passes the thresholds; a
 * function ties to a target when it is the target or one of its closures
 * (TARGET.func1, TARGET.func1.2). Returns how many lines it added. */
size_t check_profile_evidence(const struct profile_evidence_inputs *in, struct verdict *v);

#endif
