/* view.h: judging a fleet together, from one row per target: which
 * targets gave identical answers (grouped the way `dshbak -c` groups
 * identical output), which revisions and builds run where, which targets
 * stand out from the fleet's median, which replicas of one build lack a
 * listener the others have, and which Go environment variables differ.
 *
 * Pure and curses-free: rows in, a struct fleet_view out; the caller has
 * already masked secrets in the rows (redact.h) and sanitises at output.
 * Strings in the view are copies; fleet_view_free() releases it (NULL
 * fine). The rows must outlive nothing: the view keeps row indexes only. */
#ifndef GOTRIAGE_FLEET_VIEW_H
#define GOTRIAGE_FLEET_VIEW_H

#include <stddef.h>

#include "checks/verdict.h"
#include "collectors/base/common.h"

/* A target stands out when it has more than FLEET_OUTLIER_FACTOR times
 * the median (or less than 1/FACTOR) and the difference is large enough
 * to matter (a replica at 9 goroutines against 4 is no news). */
#define FLEET_OUTLIER_FACTOR 2.0
#define FLEET_OUTLIER_MIN_GOROUTINES 50
#define FLEET_OUTLIER_MIN_RSS (32.0 * 1024 * 1024)

struct fleet_row {
	const char *name;  /* "web-07:1234" */
	const char *state; /* NULL when judged; else "timed out", "unreachable", ... */
	const char *error; /* with state: the one line */
	/* with state NULL: one verdict per check, in the catalog's order */
	const enum verdict_kind *kinds;
	const char *const *ids; /* the checks' ids, shared by every row */
	size_t nchecks;
	const char *revision;	  /* vcs.revision, or NULL */
	const char *build_id;	  /* or NULL */
	const char *go_version;	  /* or NULL */
	double goroutines, rss;	  /* < 0: unknown */
	struct strlist listeners; /* "tcp :8080" (family and port: hosts differ in address) */
	struct strlist env;	  /* "GOSUMDB=off", watched variables only, masked */
};

struct fleet_group {
	char *key; /* "all pass", "stale-binary fail, running a61a5c4", "timed out" */
	size_t *rows, n;
};

struct fleet_version {
	char *revision; /* "(no vcs.revision)" when the build has none */
	struct strlist build_ids, go_versions;
	size_t *rows, n;
};

struct fleet_outlier {
	size_t row;
	const char *metric; /* "goroutines" or "rss" */
	double value, median;
};

/* Replicas of one build (same build ID, else same revision) where a
 * listener most of them have is missing on some. */
struct fleet_listener_gap {
	char *build;	/* "build 3f2a... (rev a61a5c4)" */
	char *listener; /* "tcp :9090" */
	size_t have, of;
	size_t *missing, nmissing;
};

struct fleet_env_value {
	char *value; /* "(unset)" when absent */
	size_t *rows, n;
};

struct fleet_env_diff {
	char *name;
	struct fleet_env_value *values;
	size_t nvalues;
};

struct fleet_view {
	size_t nrows, judged, failing; /* failing: a check failed */
	struct fleet_group *groups;
	size_t ngroups;
	struct fleet_version *versions; /* most replicas first */
	size_t nversions;
	struct fleet_outlier *outliers;
	size_t noutliers;
	struct fleet_listener_gap *gaps;
	size_t ngaps;
	struct fleet_env_diff *env;
	size_t nenv;
	double median_goroutines, median_rss; /* -1 unknown */
};

/* The Go environment variables compared across the fleet. */
extern const char *const fleet_env_watched[];
extern const size_t fleet_env_nwatched;

struct fleet_view *fleet_view_build(const struct fleet_row *rows, size_t n);
void fleet_view_free(struct fleet_view *v);

/* "7 targets (web-01:1, web-02:2, ...)": names of the rows, at most
 * `max` listed. malloc'd. */
char *fleet_view_members(const struct fleet_row *rows, const size_t *idx, size_t n, size_t max);

/* The median of the n values that are >= 0 (unknowns skipped); -1 if none. */
double fleet_median(const double *v, size_t n);

#endif
