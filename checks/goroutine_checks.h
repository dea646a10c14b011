/* goroutine_checks.h: the runtime half of the checks that judge which
 * goroutines a service runs (docs/failure-modes.md chapter 1):
 *   ticker-without-consumer   the expected loop function is compiled in but
 *                             no goroutine runs it
 *   init-goroutine            goroutines created by pkg.init / pkg.init.N
 *   config-reload-no-effect   (watcher half) WatchConfig is called in the
 *                             repo but no fsnotify reader goroutine exists
 *
 * Pure functions, no I/O. The repo half (which loop functions a ticker
 * feeds, `go` statements inside func init, WatchConfig calls) arrives with
 * the repo scan, so it is input here. The dump comes bucketed (gbucket.h);
 * any mode works since only function names are looked at. Every pointer
 * may be NULL: a missing fact makes the verdict `unknown` with the reason.
 * Inputs are borrowed; the verdict owns its strings (verdict_free). */
#ifndef GOTRIAGE_GOROUTINE_CHECKS_H
#define GOTRIAGE_GOROUTINE_CHECKS_H

#include <stddef.h>

#include "collectors/runtime/gbucket.h"
#include "verdict.h"

/* Is a function in the binary's function table? 1 yes, 0 no, -1 unknown
 * (facts_has_function() has this shape). */
typedef int (*goroutine_checks_has_fn)(const char *func, void *arg);

/* A periodic task found by the repo scan. */
struct ticker_loop {
	const char *func; /* the function that loops on the ticker, full name as
			   * in a stack: "example.com/svc/cache.(*Cache).refresh" */
	const char *site; /* "file:line" of the NewTicker/Tick/AfterFunc, or NULL */
};

struct ticker_inputs {
	const struct ticker_loop *loops;
	size_t nloops;
	const char *scan_error;		/* why there are no loops, NULL if scanned */
	const struct gbuckets *buckets; /* NULL when no dump */
	const char *dump_error;		/* why buckets is NULL */
	int dump_incomplete;		/* the dump lacks goroutines (64 MiB cut, cap) */
	const unsigned char *compiled;	/* per loop 1/0, or NULL to ask has_fn */
	goroutine_checks_has_fn has_fn; /* NULL with compiled NULL: unknown */
	void *has_fn_arg;
};

void check_ticker_without_consumer(const struct ticker_inputs *in, struct verdict *v);

/* A `go` statement inside func init found by the repo scan. */
struct init_go_site {
	const char *func; /* the init function, e.g. "example.com/svc/cache.init.0" */
	const char *site; /* "file:line" */
};

struct init_goroutine_inputs {
	const struct gbuckets *buckets; /* NULL when no dump */
	const char *dump_error;
	const struct init_go_site *sites;
	size_t nsites;
	int repo_scanned; /* sites is the full answer (may be 0) */
	/* The main module's path: goroutines whose creator is outside it were
	 * started by a dependency's init (informational, not a warning). NULL
	 * when unknown: every init goroutine counts. */
	const char *main_module;
};

void check_init_goroutine(const struct init_goroutine_inputs *in, struct verdict *v);

struct watcher_inputs {
	int watch_config;		/* the repo calls WatchConfig: 1, 0, -1 unknown */
	const char *watch_site;		/* "file:line" of the call, or NULL */
	const struct gbuckets *buckets; /* NULL when no dump */
	const char *dump_error;
	int dump_incomplete;
};

void check_config_reload_watcher(const struct watcher_inputs *in, struct verdict *v);

/* Whether a function name is a package initialiser, or a closure inside
 * one: "pkg.init", "pkg.init.0", "pkg.init.0.func1". Methods named init
 * ("pkg.(*T).init") are not. */
int goroutine_checks_is_init_func(const char *name);
/* Whether a function is fsnotify's event reader ("(*Watcher).readEvents"
 * before v1.8, "(*inotify).readEvents" and the other backends after). */
int goroutine_checks_is_fsnotify_reader(const char *name);

#endif
