/* profiles_hot.c: a profile's main-module functions as facts (see
 * profiles_hot.h). */
#include "profiles_hot.h"

#include <stdlib.h>
#include <string.h>

#include "collectors/runtime/pprof_view.h"

static int in_module(const char *fn, const char *module)
{
	size_t n = module != NULL ? strlen(module) : 0;

	if (strncmp(fn, "main.", 5) == 0)
		return 1;
	return n > 0 && strncmp(fn, module, n) == 0 && (fn[n] == '.' || fn[n] == '/');
}

static int by_cum(const void *a, const void *b)
{
	const struct facts_prof_fn *x = a, *y = b;

	return x->value < y->value ? 1 : x->value > y->value ? -1 : strcmp(x->func, y->func);
}

struct facts_prof_fn *profiles_hot_build(const struct pprof_profile *p,
					 const struct pprof_profile *base, const char *module,
					 int kind, size_t *n)
{
	struct pprof_graph g;
	struct facts_prof_fn *out = NULL;
	char *cause = NULL;
	size_t k = 0;

	*n = 0;
	memset(&g, 0, sizeof g);
	if (pprof_graph_build(&g, p, base, -1, NULL, PPROF_GRAN_FUNCTIONS, &cause) < 0 ||
	    g.total == 0) {
		free(cause);
		pprof_graph_free(&g);
		return NULL;
	}
	out = xcalloc(g.nnodes + 1, sizeof *out);
	for (size_t i = 0; i < g.nnodes; i++) {
		const struct pprof_node *nd = &g.nodes[i];

		if (nd->func == NULL || nd->cum <= 0 || !in_module(nd->func, module))
			continue;
		out[k].func = xstrdup(nd->func);
		out[k].kind = kind;
		out[k].pct = (double)nd->cum * 100.0 / (double)g.total;
		/* CPU: nanoseconds to seconds; heap: bytes as they are. */
		out[k].value = kind == 0 ? (double)nd->cum / 1e9 : (double)nd->cum;
		pprof_fmt(&g, nd->cum, "minimum", out[k].shown, sizeof out[k].shown);
		k++;
	}
	pprof_graph_free(&g);
	qsort(out, k, sizeof *out, by_cum);
	while (k > PROFILES_HOT_MAX)
		free(out[--k].func);
	if (k == 0) {
		free(out);
		return NULL;
	}
	*n = k;
	return out;
}

void profiles_hot_free(struct facts_prof_fn *fns, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(fns[i].func);
	free(fns);
}

void profiles_hot_adopt(struct facts *f, int kind, struct facts_prof_fn *fns, size_t n)
{
	size_t keep = 0;

	for (size_t i = 0; i < f->nprof_fns; i++) {
		if (f->prof_fns[i].kind == kind)
			free(f->prof_fns[i].func);
		else
			f->prof_fns[keep++] = f->prof_fns[i];
	}
	f->prof_fns = xrealloc(f->prof_fns, (keep + n + 1) * sizeof *f->prof_fns);
	for (size_t i = 0; i < n; i++)
		f->prof_fns[keep + i] = fns[i];
	f->nprof_fns = keep + n;
	free(fns);
}
