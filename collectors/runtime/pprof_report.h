/* pprof_report.h: the text reports of `go tool pprof` (-top, -peek,
 * -traces, -list), line for line, from a struct pprof_graph.
 *
 * Layouts follow google/pprof internal/report (Go 1.19's vendored copy):
 * printText, printTree (peek), printTraces, printSource. Every string from
 * the profile passes collectors/base/sanitize before it is written, so a
 * function name carrying terminal escapes prints as "\x1b[...". Output is
 * appended to a struct buf; functions return 0, or -1 with *cause (no
 * function matched the regex: pprof's "no matches found for regexp"). */
#ifndef GOTRIAGE_PPROF_REPORT_H
#define GOTRIAGE_PPROF_REPORT_H

#include "collectors/base/common.h"
#include "pprof.h"
#include "pprof_view.h"

/* File, Build ID, comments, Type, Time, Duration: pprof's ProfileLabels.
 * out_unit is the report's output unit ("minimum" when none). */
void pprof_report_labels(const struct pprof_graph *g, const struct pprof_profile *p,
			 const struct pprof_profile *base, const char *out_unit, struct buf *out);

/* -top [-cum] [-nodecount=N]: the header, then one row per node. */
void pprof_report_top(struct pprof_graph *g, const struct pprof_profile *p,
		      const struct pprof_profile *base, int cum_sort, int node_count,
		      struct buf *out);
/* -peek RE: callers and callees of every function matching RE. */
int pprof_report_peek(struct pprof_graph *g, const struct pprof_profile *p,
		      const struct pprof_profile *base, const char *re, struct buf *out,
		      char **cause);
/* -traces: every sample's stack, labels and value, in profile order. */
void pprof_report_traces(const struct pprof_profile *p, int sample_index, struct buf *out);

/* Where list finds source: pprof's -source_path (search_path, default the
 * working directory) and -trimpath; and, beyond pprof, a repository whose
 * go.mod module path maps "-trimpath" file names (module/path/file.go)
 * back into the checkout. Any may be NULL. */
struct pprof_source_opts {
	const char *search_path;
	const char *trim_path;
	const char *repo;
};
/* -list RE on a graph built with PPROF_GRAN_LINES. */
int pprof_report_list(struct pprof_graph *g, const char *re, const struct pprof_source_opts *so,
		      struct buf *out, char **cause);

/* Resolves a profile file name to a readable path (malloc'd), or NULL. */
char *pprof_source_resolve(const char *file, const struct pprof_source_opts *so);

#endif
