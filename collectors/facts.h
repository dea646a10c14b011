/* facts.h: everything collected about one target, in one place, for the
 * checks to judge.
 *
 * Collection is split into parts (enum fact_part) so a checklist step can
 * re-collect only what it needs. facts_collect() gathers the parts asked
 * for in one synchronous call: local reads (/proc, the ELF files, the repo
 * scan, the module state) and bounded network requests (the goroutine
 * dump, route probes, gRPC reflection, proxy probes) run concurrently. A
 * subcommand calls it directly; the console calls it on its worker thread
 * over a fresh struct facts and merges the result on the main thread
 * (docs/architecture.md, steps 3-4).
 * Every pointer may be NULL when its part failed or did not apply; the
 * matching *_error string then says why (for UNKNOWN verdicts). The facts
 * own everything except `target`. */
#ifndef GOTRIAGE_FACTS_H
#define GOTRIAGE_FACTS_H

#include <stddef.h>

#include "collectors/base/common.h"
#include "collectors/net/http.h"
#include "collectors/proc/target.h"

struct buildinfo;
struct functab;
struct gdump;
struct gbuckets;
struct reposcan;
struct goenv;
struct modstate;
struct proxyprobe;
struct modstate_dep;
struct cJSON;
struct changes;
struct facts;

/* Where the process-side parts come from when they are not read on this
 * host: a facts document (a file, or `gotriage collect` over ssh; see
 * facts_doc.h). facts_collect() calls fill() first, on its own thread, with
 * the parts it wants; fill() sets those it could on f and returns them as a
 * mask (or -1 with *cause: the parts are then marked failed with it). The
 * remaining parts are collected here as usual (the repo side). */
struct facts_source {
	int (*fill)(void *arg, struct facts *f, unsigned parts, char **cause);
	/* Optional: called first with every part one collect will fill(), in
	 * two calls (FACT_SOURCE_FIRST, then the rest), so a remote source
	 * can ask for all of them at once. */
	void (*prefetch)(void *arg, unsigned parts);
	void *arg;
	const char *host; /* where the facts come from, for titles */
};

/* The parts a facts document carries: what only the service's host can see. */
#define FACT_PROCESS_SIDE (FACT_PROC | FACT_BINARY | FACT_DUMP | FACT_GRPC | FACT_PROXY)
/* What a source fills first: what the repo side waits for (the build
 * context and revision, the Go environment); cheap on the host. */
#define FACT_SOURCE_FIRST (FACT_PROC | FACT_BINARY | FACT_MODULES)

enum fact_part {
	FACT_PROC = 1u << 0,	/* /proc: exe, start time, listeners, environ */
	FACT_BINARY = 1u << 1,	/* buildinfo + function table, running and on disk */
	FACT_DUMP = 1u << 2,	/* goroutine?debug=1 total and debug=2 dump */
	FACT_REPO = 1u << 3,	/* repo scan + build constraints */
	FACT_MODULES = 1u << 4, /* go.mod/go.sum/vendor/go.work, env, module cache */
	FACT_ROUTES = 1u << 5,	/* live probes of declared routes */
	FACT_GRPC = 1u << 6,	/* reflection + health on HTTP/2 listeners */
	FACT_PROXY = 1u << 7,	/* GOPROXY probes */
	FACT_ALL = 0xffu,
};

/* One declared route probed live. */
struct route_probe {
	char *method; /* "GET" or "HEAD" */
	char *path;   /* as probed */
	char *url;
	long status; /* 0 when no answer */
	char *error;
	int has_header; /* the expected middleware header was present */
	char *added_in; /* a route only `against` has: the lacking commit that added it */
	double seconds;
	/* its router is served by another listener than --url's: why a 404 at
	 * url proves nothing, or (skipped) why it was not requested at all */
	char *elsewhere;
	int skipped;
};

/* One listener of the process: its protocol and, for HTTP/2, its gRPC
 * services found by reflection. */
struct grpc_listener {
	char *addr;  /* as ss prints it */
	char *url;   /* http://... to reach it (wildcards -> loopback) */
	char *proto; /* "http/1", "h2c", "tls", "unknown", ... */
	int is_h2c;
	double detail_ms; /* how long the sniff took */
	struct strlist services;
	char *reflection_error;	  /* NULL when reflection answered */
	char *reflection_version; /* "v1" or "v1alpha" */
	int health;		  /* -1 unknown, else grpc.health.v1 status */
};

/* A Go plugin the code opens with a literal path, as found on this host. */
struct plugin_file {
	char *declared;	      /* the path as written in plugin.Open */
	char *path;	      /* resolved: absolute, or against the process's cwd */
	int missing;	      /* no file there: plugin.Open would fail */
	struct buildinfo *bi; /* NULL: see error */
	char *error;
	struct strlist exported; /* defined dynamic symbols */
	struct modstate_dep *deps;
	size_t ndeps;
};

struct facts {
	struct target *target; /* not owned */
	double collected_at;   /* now_wall() of the last collect */
	unsigned collected;    /* parts that finished at least once */

	/* FACT_BINARY */
	struct buildinfo *running; /* the running image (or --binary) */
	char *running_error;
	struct buildinfo *on_disk; /* the file now at the exe path */
	char *on_disk_error;
	double file_mtime;     /* of the file at the exe path */
	struct functab *funcs; /* of the running image */
	char *funcs_error;
	/* From a facts document instead of funcs: the main module's (and
	 * package main's) function names, sorted; facts_has_function() reads
	 * them when funcs is NULL and func_names_known is set. */
	struct strlist func_names;
	int func_names_known;

	/* FACT_DUMP */
	long goroutine_total; /* debug=1 total, -1 unknown */
	struct gdump *dump;   /* debug=2 */
	struct gbuckets *buckets;
	size_t dump_bytes;
	double dump_seconds;
	int dump_truncated; /* hit our cap or the runtime's 64 MiB */
	char *dump_error;

	/* FACT_REPO */
	struct reposcan *scan;
	char *scan_error;
	char *module_path;	     /* main module path (repo or buildinfo) */
	struct plugin_file *plugins; /* literal plugin.Open paths */
	size_t nplugins;
	char *source_label;	 /* which tree was judged: "commit a61a5c4, the running revision" */
	struct changes *changes; /* commits the running build lacks (facts_changes.h) */
	char *changes_error;

	/* FACT_MODULES */
	struct goenv *env;
	char *env_error;
	struct modstate *mods;
	char *mods_error;
	char *mods_source_label;   /* which tree go.mod & co. were read from */
	struct modstate_dep *deps; /* the running binary's, for modstate */
	size_t ndeps;

	/* FACT_ROUTES */
	struct route_probe *probes;
	size_t nprobes;
	char *probes_error;
	char *expected_header; /* --header, NULL when none is being checked */

	/* FACT_GRPC */
	struct grpc_listener *grpc;
	size_t ngrpc;
	char *grpc_error;

	/* FACT_PROXY */
	struct proxyprobe *proxy;
	char *proxy_error;

	/* Dump fetches are expensive for the target (stop the world): the
	 * console sets this to 0 and fetches debug=2 only on request. */
	int allow_full_dump;
	long dump_confirm_over; /* ask before debug=2 above this total */

	/* Not collected: the profiles pane sets these on the main thread
	 * (panes/profiles_hot.h), from profiles the engineer fetched: the main
	 * module's functions of the last CPU profile and of the last heap
	 * diff (kind 0 CPU, 1 heap growth), cum and % of the (base) total. */
	struct facts_prof_fn {
		char *func;
		int kind;
		double pct, value;
		char shown[32];
	} * prof_fns;
	size_t nprof_fns;

	unsigned generation; /* bumped by every merge */

	/* NULL: everything is read on this host. Not owned. */
	const struct facts_source *source;
	/* When set, HTTP to the service (route probes) goes to this base URL
	 * instead (an ssh -L tunnel); the URLs recorded stay the service's. */
	const char *http_via;
	const char *http_via_error; /* why there is no tunnel (with a source) */
	/* Without a repo (gotriage collect on the service's host): the module
	 * the GOPROXY probes ask for, as the repo's go.mod would name it. */
	const char *probe_module;
};

struct facts *facts_new(struct target *t);
void facts_free(struct facts *f);
/* Collects `parts` (a FACT_* mask) synchronously: local reads, and bounded
 * network requests run concurrently (every request has a timeout). It
 * only reads f->target. The console runs it on a worker thread over a
 * fresh struct facts and merges the result with facts_merge(). */
void facts_collect(struct facts *f, unsigned parts);
/* Moves the parts in `from->collected` into `into` (freeing what they
 * replace) and frees `from`. */
void facts_merge(struct facts *into, struct facts *from);
/* The path a declared route is probed at (malloc'd): Go 1.22 {wildcards}
 * and :params become "1", a trailing {x...} or * is probed at its prefix.
 * Panes use it to find a route's probe. */
char *facts_probe_path(const char *path);
/* Is fn compiled into the running binary? -1 unknown (no function table). */
int facts_has_function(const struct facts *f, const char *fn);
/* Whether facts_has_function() can answer (a table or a document's names). */
int facts_functions_known(const struct facts *f);
struct cJSON *facts_summary_json(const struct facts *f);

#endif
