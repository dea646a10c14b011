/* profiles_hot.h: what a fetched profile says about the main module's
 * functions, for the checklist's evidence (checks/profile_evidence.h).
 * Adapting only: cum values and their share of the total; which of them
 * matter, and for which step, the check decides.
 *
 * Two sources, both fetched by the engineer (nothing is fetched here): a
 * CPU profile (kind 0: cum seconds, % of the profile) and a heap fetch
 * with an earlier one of the same session (kind 1: growth in bytes of the
 * default sample type, inuse_space, pprof -diff_base: % of the base's
 * total). */
#ifndef GOTRIAGE_PROFILES_HOT_H
#define GOTRIAGE_PROFILES_HOT_H

#include "collectors/facts.h"
#include "collectors/runtime/pprof.h"

#define PROFILES_HOT_MAX 64 /* functions kept per kind, largest cum first */

/* Worker side: the main module's functions (module path, and package
 * main) of p, or of p minus base; kind 0 CPU, 1 heap growth. Returns a
 * malloc'd array (*n entries; NULL with *n 0 when none or on error). */
struct facts_prof_fn *profiles_hot_build(const struct pprof_profile *p,
					 const struct pprof_profile *base, const char *module,
					 int kind, size_t *n);
/* Main thread: replaces f's functions of that kind with fns (taken). */
void profiles_hot_adopt(struct facts *f, int kind, struct facts_prof_fn *fns, size_t n);
void profiles_hot_free(struct facts_prof_fn *fns, size_t n);

#endif
