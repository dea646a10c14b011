/* profiles_model.c: kinds, index, views and keys of the profiles pane
 * (see profiles_model.h). No curses here: tests/unit/panes/test_profiles_model.c. */
#include "profiles_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/runtime/pprof_report.h"
#include "collectors/runtime/pprof_view.h"

/* Costs from net/http/pprof and runtime/pprof (Go 1.19): CPU samples at
 * 100 Hz for the whole duration; heap/allocs/block/mutex/goroutine(debug=0)
 * /threadcreate copy already-recorded buckets, no stop of the world (heap
 * without gc=1; goroutine takes a brief stop to snapshot stacks). */
const struct profiles_kind_info profiles_kinds[PK__COUNT] = {
    {"profile", "cpu", "profile", "samples CPU at 100 Hz for N s (only one at a time)"},
    {"heap", "heap", "heap", "cheap: recorded buckets, no GC (never gc=1)"},
    {"allocs", "allocs", "allocs", "cheap: same buckets as heap, alloc_space default"},
    {"block", "block", "block", "cheap; empty unless SetBlockProfileRate was called"},
    {"mutex", "mutex", "mutex", "cheap; empty unless SetMutexProfileFraction was called"},
    {"goroutine", "goroutine", "goroutine", "brief stop to copy every stack (debug=0)"},
    {"threadcreate", "threadcreate", "threadcreate", "cheap: stacks that created threads"},
    /* Go 1.26, GOEXPERIMENT=goroutineleakprofile: registered as a runtime/pprof
     * profile, so the index lists it and net/http/pprof serves it by name;
     * collecting it runs a GC cycle whose marking finds goroutines blocked on
     * what no running goroutine can reach. */
    {"goroutineleak", "goroutineleak", "goroutineleak",
     "runs a GC cycle to find goroutines blocked forever (Go 1.26 experiment)"},
};

size_t profiles_index_parse(const char *html, size_t len, long counts[PK__COUNT])
{
	size_t found = 0;
	const char *q = html, *end = html + len;

	for (int k = 0; k < PK__COUNT; k++)
		counts[k] = -1;
	while (q < end) {
		const char *row = memmem(q, (size_t)(end - q), "<tr><td>", 8), *a, *nm, *ne;
		char *stop;
		long n;

		if (row == NULL)
			break;
		q = row + 8;
		n = strtol(q, &stop, 10);
		if (stop == q || stop >= end || n < 0)
			continue;
		a = memmem(stop, (size_t)(end - stop), "'>", 2);
		if (a == NULL)
			break;
		nm = a + 2;
		ne = memchr(nm, '<', (size_t)(end - nm));
		if (ne == NULL)
			break;
		for (int k = 0; k < PK__COUNT; k++)
			if (strlen(profiles_kinds[k].name) == (size_t)(ne - nm) &&
			    memcmp(profiles_kinds[k].name, nm, (size_t)(ne - nm)) == 0 &&
			    counts[k] < 0) {
				counts[k] = n;
				found++;
			}
		q = ne;
	}
	/* Go lists "profile" (CPU) below the table, as a link without a count. */
	if (memmem(html, len, "href='profile", 13) != NULL ||
	    memmem(html, len, "href=\"profile", 13) != NULL) {
		if (counts[PK_CPU] < 0)
			found++;
		counts[PK_CPU] = 0;
	}
	return found;
}

const char *profiles_empty_note(enum profiles_kind k)
{
	switch (k) {
	case PK_BLOCK:
		return "empty: Go records blocking only after the service calls "
		       "runtime.SetBlockProfileRate(N) (N > 0); nothing is wrong, it is off";
	case PK_MUTEX:
		return "empty: Go records contention only after the service calls "
		       "runtime.SetMutexProfileFraction(N) (N > 0); nothing is wrong, it is off";
	case PK_CPU:
		return "empty: no CPU time was sampled (the service was idle)";
	default:
		return NULL;
	}
}

int profiles_is_main(const char *func, const char *module)
{
	size_t n;

	if (func == NULL)
		return 0;
	if (strncmp(func, "main.", 5) == 0)
		return 1;
	if (module == NULL || (n = strlen(module)) == 0)
		return 0;
	return strncmp(func, module, n) == 0 && (func[n] == '.' || func[n] == '/');
}

/* ---- views (worker) --------------------------------------------------- */

static void split_lines(const struct buf *b, struct strlist *out)
{
	const char *q = b->data, *end = b->data + b->len;

	while (q != NULL && q < end) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		size_t n = nl != NULL ? (size_t)(nl - q) : (size_t)(end - q);
		char *s = xstrndup(q, n);

		/* pprof aligns some headers with tabs; the screen wants spaces. */
		for (char *t = s; (t = strchr(t, '\t')) != NULL;)
			*t = ' ';
		strlist_add(out, s);
		free(s);
		q = nl != NULL ? nl + 1 : end;
	}
}

/* "^name$" with the regex metacharacters escaped (ERE). */
static char *exact_re(const char *name)
{
	struct buf b;

	buf_init(&b);
	buf_addc(&b, '^');
	for (const char *c = name; *c; c++) {
		if (strchr("\\.[]()*+?{}|^$", *c) != NULL)
			buf_addc(&b, '\\');
		buf_addc(&b, *c);
	}
	buf_addc(&b, '$');
	buf_addc(&b, '\0');
	return buf_steal(&b);
}

static void build_top(struct profiles_view *v, struct pprof_graph *g, const struct profiles_req *rq)
{
	struct buf out;
	struct pprof_top t;
	size_t nhead;

	buf_init(&out);
	pprof_report_top(g, rq->p, rq->base, rq->cum, 0, &out);
	split_lines(&out, &v->lines);
	buf_free(&out);
	/* The report's rows are pprof_top()'s rows, in order, after the
	 * header; keep the header apart so the rows are selectable. */
	pprof_top(g, rq->cum, 0, 0.005, &t);
	nhead = v->lines.n >= t.nrows ? v->lines.n - t.nrows : 0;
	for (size_t i = 0; i < nhead; i++)
		strlist_add(&v->head, v->lines.v[i]);
	for (size_t i = 0; i < nhead; i++)
		free(v->lines.v[i]);
	memmove(v->lines.v, v->lines.v + nhead, (v->lines.n - nhead) * sizeof *v->lines.v);
	v->lines.n -= nhead;
	for (size_t i = 0; i < t.nrows; i++)
		strlist_add(&v->names, g->nodes[t.rows[i]].func);
	pprof_top_free(&t);
}

struct profiles_view *profiles_view_build(const struct profiles_req *rq, char **cause)
{
	struct profiles_view *v;
	struct pprof_graph g;
	struct buf out;
	char *why = NULL, *re = NULL;
	int idx = rq->sample;

	if (rq->p->nsample_types == 0) {
		err_set(cause, "the profile has no sample types");
		return NULL;
	}
	if (idx < 0 || (size_t)idx >= rq->p->nsample_types)
		idx = pprof_default_index(rq->p);
	v = xcalloc(1, sizeof *v);
	v->which = rq->which;
	v->sample = idx;
	snprintf(v->sample_name, sizeof v->sample_name, "%s",
		 pprof_str(rq->p, rq->p->sample_types[idx].type));
	buf_init(&out);
	if (rq->which == PV_FLAME) {
		if (pprof_flame_build(&v->flame, rq->p, idx, &why) == 0) {
			v->has_flame = 1;
			v->total = v->flame.total;
		}
		goto done;
	}
	if (rq->which == PV_TRACES) {
		pprof_report_traces(rq->p, idx, &out);
		split_lines(&out, &v->lines);
		goto done;
	}
	if (pprof_graph_build(&g, rq->p, rq->base, idx, NULL,
			      rq->which == PV_LIST ? PPROF_GRAN_LINES : PPROF_GRAN_FUNCTIONS,
			      &why) < 0)
		goto done;
	v->total = g.total;
	if (rq->which == PV_PEEK || rq->which == PV_LIST) {
		int rc;

		if (rq->func == NULL) {
			why = xstrdup("select a function in top first");
		} else {
			re = exact_re(rq->func);
			if (rq->which == PV_PEEK) {
				rc = pprof_report_peek(&g, rq->p, rq->base, re, &out, &why);
			} else {
				struct pprof_source_opts so = {NULL, NULL, rq->repo};

				rc = pprof_report_list(&g, re, &so, &out, &why);
			}
			(void)rc;
			split_lines(&out, &v->lines);
		}
	} else {
		build_top(v, &g, rq);
	}
	pprof_graph_free(&g);
done:
	v->error = why;
	free(re);
	buf_free(&out);
	return v;
}

void profiles_view_free(struct profiles_view *v)
{
	if (v == NULL)
		return;
	strlist_free(&v->head);
	strlist_free(&v->lines);
	strlist_free(&v->names);
	pprof_flame_free(&v->flame);
	free(v->error);
	free(v);
}

/* ---- keys ------------------------------------------------------------- */

void profiles_ui_init(struct profiles_ui *ui)
{
	memset(ui, 0, sizeof *ui);
	ui->view = PV_KINDS;
	ui->shown = -1;
	ui->sample = -1;
	ui->kind_sel = PK_HEAP;
	ui->nkinds = PK__COUNT - 1;
}

const char *profiles_ui_func(const struct profiles_ui *ui, const struct profiles_view *v)
{
	if (v == NULL || v->which != PV_TOP || ui->sel >= v->names.n)
		return NULL;
	return v->names.v[ui->sel];
}

static size_t page(const struct profiles_ui *ui)
{
	return ui->rows > 2 ? (size_t)ui->rows - 1 : 10;
}

/* Up/Down/PgUp/PgDn/Home/End over n rows. */
static int move(size_t *at, size_t n, size_t pg, enum action a)
{
	size_t last = n > 0 ? n - 1 : 0;

	switch (a) {
	case ACT_UP:
		*at = *at > 0 ? *at - 1 : 0;
		return 1;
	case ACT_DOWN:
		*at = *at < last ? *at + 1 : last;
		return 1;
	case ACT_PAGE_UP:
		*at = *at > pg ? *at - pg : 0;
		return 1;
	case ACT_PAGE_DOWN:
		*at = *at + pg < last ? *at + pg : last;
		return 1;
	case ACT_TOP:
		*at = 0;
		return 1;
	case ACT_BOTTOM:
		*at = last;
		return 1;
	default:
		return 0;
	}
}

static uint32_t prev_sibling(const struct pprof_flame *f, uint32_t n)
{
	uint32_t par = f->n[n].parent, prev = UINT32_MAX;

	if (par == UINT32_MAX)
		return n;
	for (uint32_t c = f->n[par].first_child; c != UINT32_MAX && c != n;
	     c = f->n[c].next_sibling)
		prev = c;
	return prev != UINT32_MAX ? prev : n;
}

/* The flame: Down into the largest child, Up to the parent, PgDn/PgUp
 * along siblings, Enter zooms, back zooms out (then leaves). */
static enum profiles_effect flame_key(struct profiles_ui *ui, const struct pprof_flame *f,
				      enum action a)
{
	uint32_t s = ui->fsel < f->nn ? ui->fsel : 0;

	switch (a) {
	case ACT_DOWN:
		if (f->n[s].first_child != UINT32_MAX)
			ui->fsel = f->n[s].first_child;
		return PE_USED;
	case ACT_UP:
		if (s != ui->zoom && f->n[s].parent != UINT32_MAX)
			ui->fsel = f->n[s].parent;
		return PE_USED;
	case ACT_PAGE_DOWN:
		if (s != ui->zoom && f->n[s].next_sibling != UINT32_MAX)
			ui->fsel = f->n[s].next_sibling;
		return PE_USED;
	case ACT_PAGE_UP:
		if (s != ui->zoom)
			ui->fsel = prev_sibling(f, s);
		return PE_USED;
	case ACT_OPEN:
		ui->zoom = s;
		return PE_USED;
	case ACT_BACK:
		if (ui->zoom != 0 && ui->zoom < f->nn) {
			ui->fsel = ui->zoom;
			ui->zoom = f->n[ui->zoom].parent;
		} else {
			ui->view = PV_TOP;
			return PE_REBUILD;
		}
		return PE_USED;
	default:
		return PE_NONE;
	}
}

enum profiles_effect profiles_ui_key(struct profiles_ui *ui, const struct profiles_view *v,
				     int nsample_types, enum action a)
{
	size_t n = v != NULL ? v->lines.n : 0;

	if (a == ACT_CPU_PROFILE)
		return PE_CPU;
	if (ui->view == PV_KINDS) {
		if (a == ACT_OPEN || a == ACT_REFRESH)
			return PE_FETCH;
		if (move(&ui->kind_sel, ui->nkinds, page(ui), a)) {
			if (ui->kind_sel == PK_CPU && (a == ACT_UP || a == ACT_TOP))
				ui->kind_sel = a == ACT_TOP ? PK_HEAP : ui->kind_sel;
			return PE_USED;
		}
		if (a == ACT_TOGGLE || a == ACT_FLAME) {
			if (ui->shown < 0)
				return PE_USED;
			ui->view = a == ACT_FLAME ? PV_FLAME : PV_TOP;
			return PE_REBUILD;
		}
		return PE_NONE;
	}
	if (ui->view == PV_FLAME && v != NULL && v->has_flame) {
		enum profiles_effect e = flame_key(ui, &v->flame, a);

		if (e != PE_NONE)
			return e;
	}
	switch (a) {
	case ACT_REFRESH:
		ui->kind_sel = (size_t)(ui->shown >= 0 ? ui->shown : PK_HEAP);
		return ui->shown == PK_CPU ? PE_CPU : PE_FETCH;
	case ACT_BACK:
		if (ui->view == PV_TOP) {
			ui->view = PV_KINDS;
			return PE_USED;
		}
		ui->view = PV_TOP;
		ui->sel = 0;
		return PE_REBUILD;
	case ACT_SORT:
		ui->cum = !ui->cum;
		ui->view = PV_TOP;
		ui->sel = 0;
		return PE_REBUILD;
	case ACT_SAMPLE_TYPE:
		if (nsample_types <= 1)
			return PE_USED;
		ui->sample = v != NULL ? (v->sample + 1) % nsample_types : 0;
		return PE_REBUILD;
	case ACT_DIFF:
		ui->diff = !ui->diff;
		return PE_REBUILD;
	case ACT_FLAME:
		ui->view = PV_FLAME;
		ui->zoom = ui->fsel = 0;
		return PE_REBUILD;
	case ACT_TOGGLE:
		/* top -> peek -> list -> traces -> top */
		ui->view = ui->view == PV_TOP	 ? PV_PEEK
			   : ui->view == PV_PEEK ? PV_LIST
			   : ui->view == PV_LIST ? PV_TRACES
						 : PV_TOP;
		if (ui->view != PV_PEEK && ui->view != PV_LIST)
			ui->sel = 0;
		return PE_REBUILD;
	case ACT_OPEN:
		if (ui->view == PV_TOP && profiles_ui_func(ui, v) != NULL) {
			ui->view = PV_PEEK;
			return PE_REBUILD;
		}
		return PE_USED;
	default:
		break;
	}
	if (move(&ui->sel, n, page(ui), a))
		return PE_USED;
	return PE_NONE;
}

int profiles_cpu_seconds_parse(const char *line, int last, int *secs, const char **why)
{
	char *end;
	long v;

	while (*line == ' ')
		line++;
	if (*line == '\0') {
		*secs = last;
		return 0;
	}
	v = strtol(line, &end, 10);
	if (*end == 's')
		end++;
	while (*end == ' ')
		end++;
	if (end == line || *end != '\0' || v < 1 || v > PROFILES_CPU_MAX_SECONDS) {
		*why = "a whole number of seconds from 1 to " PROFILES_CPU_MAX_STR " is needed";
		return -1;
	}
	*secs = (int)v;
	return 0;
}
