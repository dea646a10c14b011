/* pprof_flame.h: the flame graph (icicle) of a profile, for the terminal:
 * the call tree merged by function name from the root down, and its layout
 * as one row of cells per depth, widths proportional to value.
 *
 * pprof_flame_build() walks every sample with a non-zero value at
 * sample_index (pprof's default when -1), root first (a sample's last
 * location, its outermost inline frame), and adds the value to the node
 * reached by each frame; a node's value is therefore its cum, and the root
 * (node 0, "root") holds the total. Children are kept in decreasing value,
 * then name, order. Negative values (a diff) count by magnitude.
 *
 * pprof_flame_layout() places the subtree of `zoom` in `width` columns:
 * the zoomed node spans the whole width at depth 0; a child starts where
 * its older siblings end; columns come from the running value offset,
 * x = floor(off * width / zoom_value), so widths never exceed the parent's
 * and rounding never accumulates. Cells narrower than one column are left
 * out with their subtrees. Names point into the profile, which must outlive
 * the flame. pprof_flame_free() accepts NULL. */
#ifndef GOTRIAGE_PPROF_FLAME_H
#define GOTRIAGE_PPROF_FLAME_H

#include <stddef.h>
#include <stdint.h>

#include "collectors/base/common.h"
#include "pprof.h"

#define PPROF_FLAME_MAX_NODES ((size_t)1 << 24)

struct pprof_flame_node {
	const char *name; /* raw target bytes: sanitise before drawing */
	int64_t value;
	uint32_t parent;		    /* UINT32_MAX for the root */
	uint32_t first_child, next_sibling; /* UINT32_MAX: none */
	uint32_t depth;
};

struct pprof_flame {
	struct pprof_flame_node *n;
	size_t nn;
	int64_t total;
	int truncated; /* PPROF_FLAME_MAX_NODES reached: deeper frames merged */
};

struct pprof_flame_cell {
	uint32_t node;
	int depth; /* relative to the zoomed node */
	int x, w;
};

/* Returns 0, or -1 with *cause (no sample types). */
int pprof_flame_build(struct pprof_flame *f, const struct pprof_profile *p, int sample_index,
		      char **cause);
void pprof_flame_free(struct pprof_flame *f);

/* Cells of zoom's subtree, depth-first (a parent before its children), at
 * most max_depth rows (0: all). Returns the count; *out is malloc'd. */
size_t pprof_flame_layout(const struct pprof_flame *f, uint32_t zoom, int width, int max_depth,
			  struct pprof_flame_cell **out);

/* The ancestors of n from the root, for the "zoomed into" line. */
size_t pprof_flame_path(const struct pprof_flame *f, uint32_t n, uint32_t *path, size_t max);

/* Text rendering: one line per depth, each cell "name" padded with spaces
 * to its width with a '|' in its last column; names sanitised. */
void pprof_flame_text(const struct pprof_flame *f, uint32_t zoom, int width, int max_depth,
		      struct buf *out);

#endif
