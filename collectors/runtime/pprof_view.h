/* pprof_view.h: the call graph `go tool pprof` reports from, built the same
 * way (google/pprof internal/graph, Go 1.19's vendored copy), so top, peek
 * and list print the numbers pprof prints.
 *
 * A node is a function (granularity "functions", pprof's default) or a
 * function's source line ("lines", for list). For every sample with a
 * non-zero value, walked from the root to the leaf: each node on the stack
 * gets the value once in cum (recursion counts once), the leaf node gets it
 * in flat, and each caller->callee pair once in its edge weight; an edge is
 * "inline" when every occurrence had the callee inlined into the caller's
 * location. Nodes whose flat and cum are both zero are not in the graph.
 *
 * Diff (-diff_base): the base's values enter negated; the report total is
 * then the base's total (sum of |values|), as pprof does.
 * Total: the sum of |value| over all samples before any filter (pprof's
 * default, relative_percentages off). Filters: focus/ignore are regexes
 * (POSIX ERE, unanchored; pprof uses RE2) on a location's function names,
 * file names and mapping file; tagfocus/tagignore are "key=re,re" (any value
 * of that key matches one re) or "re,re" (each re matches some "key:value").
 *
 * pprof_graph_build() copies nothing from the profiles: names point into
 * them, so they must outlive the graph. pprof_graph_free() accepts NULL. */
#ifndef GOTRIAGE_PPROF_VIEW_H
#define GOTRIAGE_PPROF_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "pprof.h"

enum pprof_gran {
	PPROF_GRAN_FUNCTIONS,
	PPROF_GRAN_LINES,
};

struct pprof_filter {
	const char *focus, *ignore;	  /* NULL: none */
	const char *tagfocus, *tagignore; /* NULL: none */
};

struct pprof_node {
	const char *func; /* function name ("" when unknown) */
	const char *file; /* filepath.Clean'ed file (lines granularity) */
	int64_t line;	  /* 0 in functions granularity */
	int64_t start_line;
	char *name; /* printable name, owned */
	int64_t flat, cum;
	uint32_t stamp;
	uint8_t in_inline, in_noinline; /* kinds of incoming edges */
	uint8_t kept;
};

struct pprof_edge {
	uint32_t src, dst; /* caller, callee */
	int64_t weight;
	uint32_t stamp;
	uint8_t inl;
};

struct pprof_graph {
	struct pprof_node *nodes;
	size_t nnodes;
	struct pprof_edge *edges; /* built by pprof_graph_edges() */
	size_t nedges;
	int64_t total;	  /* the report total */
	int sample_index; /* into the profile's sample types */
	const char *type; /* sample type name */
	char unit[32];	  /* sample unit, lowercased */
	size_t samples_kept;
	char *filters[4]; /* pprof's "Active filters" lines: "focus=RE" ... */
	size_t nfilters;
	/* private */
	const struct pprof_profile *prof[2];
	uint32_t *loc_nodes[2]; /* per location: first node index in loc_node_v */
	uint32_t *loc_node_v[2];
	uint8_t *sample_ok[2]; /* passed the filters */
	uint32_t *ehash;
	size_t emask, ecap, ncap;
	enum pprof_gran gran;
};

/* Builds the nodes; sample_index -1 is pprof's default. base may be NULL.
 * Returns 0, or -1 with *cause (bad regex, incompatible base). */
int pprof_graph_build(struct pprof_graph *g, const struct pprof_profile *p,
		      const struct pprof_profile *base, int sample_index,
		      const struct pprof_filter *f, enum pprof_gran gran, char **cause);
/* Computes edges between nodes whose `kept` flag is set (all of them when
 * all_kept), skipping over the others as pprof's residual edges do, and
 * each node's in_inline/in_noinline. */
void pprof_graph_edges(struct pprof_graph *g, int all_kept);
void pprof_graph_free(struct pprof_graph *g);

/* top: nodes sorted by |flat| (or |cum|) then name, after pprof's trimming:
 * nodes with |cum| < |sum of flat| * node_fraction dropped, then the first
 * node_count (0: all). */
struct pprof_top {
	uint32_t *rows; /* node indices, in order */
	size_t nrows;
	size_t orig_count; /* nodes after the cutoff, before node_count */
	size_t dropped;	   /* nodes below the cutoff */
	int64_t cutoff;	   /* |total * node_fraction|, for "Dropped N nodes" */
	int64_t flat_sum;  /* of the rows */
	char out_unit[32]; /* pprof's "minimum" output unit for these rows */
};

void pprof_top(struct pprof_graph *g, int cum_sort, int node_count, double node_fraction,
	       struct pprof_top *out);
void pprof_top_free(struct pprof_top *t);

/* Sorts node indices in pprof's FlatNameOrder or CumNameOrder. */
void pprof_sort_nodes(const struct pprof_graph *g, uint32_t *v, size_t n, int cum_sort);
/* Edges into (in=1) or out of node n, sorted like pprof's EdgeMap.Sort;
 * returns a malloc'd array of edge indices. */
uint32_t *pprof_node_edges(const struct pprof_graph *g, uint32_t n, int in, size_t *count);

/* Formats v in the graph's sample unit to out_unit ("minimum": auto). */
void pprof_fmt(const struct pprof_graph *g, int64_t v, const char *out_unit, char *out, size_t n);

/* Regex helpers shared with the report: compiled POSIX ERE. */
struct pprof_regex;
struct pprof_regex *pprof_regex_new(const char *re, char **cause);
int pprof_regex_match(const struct pprof_regex *r, const char *s);
void pprof_regex_free(struct pprof_regex *r);

#endif
