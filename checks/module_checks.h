/* module_checks.h: chapter 2/3 checks over module facts (docs/failure-modes.md).
 *
 * Pure functions: each takes collected facts and fills a verdict with its
 * evidence; none does I/O. Summaries state what the go command really does
 * where the seed document got it wrong (GOSUMDB=off still enforces go.sum;
 * `use` order in go.work does not matter; "vendor" is never an implicit
 * build tag). Evidence lines carry file:line, env var + where it was set,
 * URL + status; values pass through redaction (goenv_display). */
#ifndef GOTRIAGE_MODULE_CHECKS_H
#define GOTRIAGE_MODULE_CHECKS_H

#include <stddef.h>

#include "collectors/gomod/goenv.h"
#include "collectors/gomod/modstate.h"
#include "collectors/net/proxyprobe.h"
#include "verdict.h"

/* ms may be NULL (no repo): patterns are then judged against well-known
 * public hosts only. */
void check_sumdb_disabled(const struct goenv *env, const struct modstate *ms, struct verdict *v);
void check_gosum_mismatch(const struct modstate *ms, struct verdict *v);
/* pp NULL: the probe was not run (UNKNOWN). */
void check_goproxy_unreachable(const struct proxyprobe *pp, struct verdict *v);
void check_vendor_inconsistent(const struct modstate *ms, struct verdict *v);
/* deps/ndeps: the binary's dependencies (NULL when there is no binary). */
void check_workspace_shadowing(const struct modstate *ms, const struct goenv *env,
			       const struct modstate_dep *deps, size_t ndeps, struct verdict *v);

struct plugin_facts {
	const char *plugin_path;
	const char *host_go, *plugin_go; /* "go1.19.8"; NULL when unknown */
	const struct modstate_dep *host_deps;
	size_t nhost_deps;
	const struct modstate_dep *plugin_deps;
	size_t nplugin_deps;
	const char *const *wanted; /* names the code passes to Lookup */
	size_t nwanted;
	const struct strlist *exported; /* the .so's defined dynamic symbols */
};
void check_plugin_mismatch(const struct plugin_facts *const *plugins, size_t n, struct verdict *v);

/* Hosts whose modules are public: a GONOSUMDB/GOPRIVATE pattern matching
 * them silently skips the checksum database for public code. */
int module_checks_is_public(const char *module_path);

#endif
