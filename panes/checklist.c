/* checklist.c: the guided checklist: every failure mode in walk order,
 * with its verdict on the live facts; a step opens to the question, the
 * evidence, the by-hand command and the remedy. The engineer can re-collect
 * one step's evidence, mark it confirmed or dismissed, attach notes, and
 * follow evidence lines to the pane that shows them. */
#include <cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/catalog.h"
#include "draw.h"
#include "listview.h"
#include "pane.h"
#include "textwrap.h"
#include "checks/jump.h"
#include "checks/step_md.h"

enum mark { MARK_NONE, MARK_CONFIRMED, MARK_DISMISSED };

struct step_state {
	enum mark mark;
	struct strlist notes;
};

struct checklist {
	struct listview list;
	struct pane_ctx *ctx;
	struct step_state *steps; /* catalog order */
	long open;		  /* the step shown in detail, -1 for the list */
	size_t ev_sel;		  /* selected evidence line in the detail view */
	size_t scroll;		  /* first detail line drawn */
	unsigned generation;	  /* facts generation the list was built for */
	long pending_dump_step;	  /* step waiting for a dump confirmation */
	int ev_follow;		  /* scroll the detail to the selected evidence */
	size_t page;		  /* detail lines on screen at the last draw */
	/* Rows: the steps in walk order, then, without a repo, one heading
	 * line and the steps that need the source (ROW_HEADING marks it). */
	size_t *order;
	size_t nrows, nsource;
};

#define ROW_HEADING ((size_t)-2)

static int needs_source(const struct checklist *c, size_t i)
{
	return catalog_needs_source(&catalog[i], c->ctx->facts, &c->ctx->verdicts[i]);
}

static void compute_order(struct checklist *c)
{
	c->nrows = c->nsource = 0;
	for (size_t i = 0; i < catalog_len; i++)
		if (!needs_source(c, i))
			c->order[c->nrows++] = i;
	for (size_t i = 0; i < catalog_len; i++)
		c->nsource += needs_source(c, i) != 0;
	if (c->nsource == 0)
		return;
	c->order[c->nrows++] = ROW_HEADING;
	for (size_t i = 0; i < catalog_len; i++)
		if (needs_source(c, i))
			c->order[c->nrows++] = i;
}

/* The step a row shows, or -1 for the heading / nothing. */
static long step_of(const struct checklist *c, size_t row)
{
	return row < c->nrows && c->order[row] != ROW_HEADING ? (long)c->order[row] : -1;
}

static size_t row_of(const struct checklist *c, size_t step)
{
	for (size_t r = 0; r < c->nrows; r++)
		if (c->order[r] == step)
			return r;
	return 0;
}

static size_t row_count(void *data)
{
	return ((struct checklist *)data)->nrows;
}

static enum draw_style style_of(enum verdict_kind k)
{
	switch (k) {
	case VERDICT_FAIL:
		return STYLE_FAIL;
	case VERDICT_WARN:
		return STYLE_WARN;
	case VERDICT_PASS:
		return STYLE_PASS;
	case VERDICT_UNKNOWN:
		return STYLE_UNKNOWN;
	default:
		return STYLE_DIM;
	}
}

static const char *tag_of(enum verdict_kind k)
{
	switch (k) {
	case VERDICT_FAIL:
		return "FAIL";
	case VERDICT_WARN:
		return "WARN";
	case VERDICT_PASS:
		return "pass";
	case VERDICT_UNKNOWN:
		return "????";
	case VERDICT_SKIP:
		return "skip";
	default:
		return " .. ";
	}
}

/* Case-insensitive substring. */
static int has_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++) {
		size_t k = 0;

		while (k < n && hay[k] &&
		       tolower((unsigned char)hay[k]) == tolower((unsigned char)needle[k]))
			k++;
		if (k == n)
			return 1;
	}
	return n == 0;
}

/* `/` and :filter match the id, the title, the verdict word ("fail",
 * "unknown") and its tag as shown ("FAIL", "????"). */
static int row_match(void *data, size_t row, const char *filter)
{
	struct checklist *c = data;
	long i = step_of(c, row);
	const struct verdict *v;

	if (i < 0)
		return has_ci("unknown ???? source repo", filter);
	v = &c->ctx->verdicts[i];
	return has_ci(catalog[i].id, filter) || has_ci(catalog[i].title, filter) ||
	       has_ci(verdict_name(v->kind), filter) || has_ci(tag_of(v->kind), filter);
}

static void row_draw(void *data, size_t row, WINDOW *w, int y, int cols, int selected)
{
	struct checklist *c = data;
	long step = step_of(c, row);
	size_t i = step < 0 ? 0 : (size_t)step;
	const struct verdict *v = &c->ctx->verdicts[i];
	const char *mark = c->steps[i].mark == MARK_CONFIRMED	? "+"
			   : c->steps[i].mark == MARK_DISMISSED ? "-"
								: " ";
	int x = 0;

	if (selected)
		wattr_on(w, (attr_t)draw_attr(STYLE_SELECTED), NULL);
	mvwhline(w, y, 0, ' ', cols);
	if (selected)
		wattr_off(w, (attr_t)draw_attr(STYLE_SELECTED), NULL);
	if (step < 0) {
		/* How to get the source of the running build (checks/source_hint.h). */
		char *hint = catalog_source_hint(c->ctx->facts);

		draw_textf(w, y, 4, cols - 4, selected ? STYLE_SELECTED : STYLE_UNKNOWN,
			   "[????] %zu check%s need%s the source: %s", c->nsource,
			   c->nsource == 1 ? "" : "s", c->nsource == 1 ? "s" : "", hint);
		free(hint);
		return;
	}
	x += draw_textf(w, y, 0, 4, selected ? STYLE_SELECTED : STYLE_DIM, "%2zu%s", i + 1, mark);
	x += draw_textf(w, y, x, 7, selected ? STYLE_SELECTED : style_of(v->kind), "[%s]",
			tag_of(v->kind));
	x++;
	x += draw_text(w, y, x, 25, selected ? STYLE_SELECTED : STYLE_NORMAL, catalog[i].id);
	x = x < 37 ? 37 : x + 1;
	draw_text(w, y, x, cols - x, selected ? STYLE_SELECTED : STYLE_NORMAL,
		  v->summary ? v->summary : (v->kind == VERDICT_NONE ? "collecting..." : ""));
}

static const struct listview_src src = {row_count, row_match, row_draw};

static void *checklist_init(struct pane_ctx *ctx)
{
	struct checklist *c = xcalloc(1, sizeof *c);

	listview_init(&c->list);
	c->ctx = ctx;
	c->open = -1;
	c->pending_dump_step = -1;
	c->steps = xcalloc(catalog_len, sizeof *c->steps);
	c->order = xcalloc(catalog_len + 1, sizeof *c->order);
	compute_order(c);
	listview_refilter(&c->list, &src, c);
	return c;
}

static void open_step(struct checklist *c, long i)
{
	char label[128];

	if (i < 0 || (size_t)i >= catalog_len)
		return;
	c->open = i;
	c->ev_sel = 0;
	c->scroll = 0;
	/* Start on the first evidence line that leads somewhere. */
	for (size_t k = 0; k < c->ctx->verdicts[i].evidence.n; k++) {
		char jump[8];

		verdict_evidence_text(c->ctx->verdicts[i].evidence.v[k], jump, sizeof jump);
		if (jump[0]) {
			c->ev_sel = k;
			break;
		}
	}
	c->ev_follow = 1;
	listview_select(&c->list, row_of(c, (size_t)i));
	snprintf(label, sizeof label, "step %ld: %s", i + 1, catalog[i].id);
	c->ctx->marker(c->ctx, label);
	{
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "check", catalog[i].id);
		cJSON_AddStringToObject(o, "verdict", verdict_name(c->ctx->verdicts[i].kind));
		c->ctx->record(c->ctx, "step", o);
	}
}

/* The pane an evidence line's jump leads to: the kind's own pane, or for
 * code: lines the one the check names. */
static const char *pane_for(const struct check *c, const char *what)
{
	struct jump j;

	if (jump_parse(what, &j) != 0)
		return NULL;
	if (j.kind == JUMP_CODE)
		return c->evidence_pane;
	return jump_default_pane(j.kind);
}

static void follow_evidence(struct checklist *c)
{
	const struct verdict *v = &c->ctx->verdicts[c->open];
	char jump[1024];
	const char *pane;

	if (c->ev_sel >= v->evidence.n)
		return;
	verdict_evidence_text(v->evidence.v[c->ev_sel], jump, sizeof jump);
	if (jump[0] == '\0') {
		c->ctx->status(c->ctx, "this evidence line points at nothing to open");
		return;
	}
	pane = pane_for(&catalog[c->open], jump);
	if (pane == NULL || c->ctx->go(c->ctx, pane, jump) != 0)
		c->ctx->status(c->ctx, "%s", strchr(jump, ':') + 1);
}

static void note_done(const char *line, void *arg)
{
	struct checklist *c = arg;
	long i = c->open >= 0 ? c->open : step_of(c, listview_selected(&c->list));

	if (line[0] == '\0' || i < 0 || (size_t)i >= catalog_len)
		return;
	strlist_add(&c->steps[i].notes, line);
	c->ctx->note(c->ctx, catalog[i].id, line);
}

static void dump_answer(const char *line, void *arg)
{
	struct checklist *c = arg;

	if (line[0] == 'y' || line[0] == 'Y') {
		c->ctx->facts->allow_full_dump = 2;
		c->ctx->collect(c->ctx, FACT_DUMP);
		c->ctx->status(c->ctx, "fetching the full goroutine dump...");
	} else {
		c->ctx->status(c->ctx, "the full dump was not fetched");
	}
	c->pending_dump_step = -1;
}

static void recollect(struct checklist *c, long i)
{
	const struct facts *f = c->ctx->facts;
	unsigned parts = catalog[i].needs;

	if ((parts & FACT_DUMP) && f->goroutine_total > 10000) {
		char q[160];

		/* 12.4 s for 100k goroutines on Go 1.19: about 0.12 ms each. */
		snprintf(q, sizeof q,
			 "full dump of %ld goroutines stops the service ~%.1f s; fetch? "
			 "[y/N] ",
			 f->goroutine_total, (double)f->goroutine_total * 0.000124);
		c->pending_dump_step = i;
		c->ctx->ask(c->ctx, q, dump_answer, c);
		parts &= ~(unsigned)FACT_DUMP;
	} else if (parts & FACT_DUMP) {
		c->ctx->facts->allow_full_dump = 2;
	}
	if (parts != 0) {
		c->ctx->collect(c->ctx, parts);
		c->ctx->status(c->ctx, "re-collecting the evidence of %s", catalog[i].id);
	}
}

static void set_mark(struct checklist *c, long i, enum mark m)
{
	cJSON *o = cJSON_CreateObject();

	c->steps[i].mark = c->steps[i].mark == m ? MARK_NONE : m;
	cJSON_AddStringToObject(o, "check", catalog[i].id);
	cJSON_AddStringToObject(o, "mark",
				c->steps[i].mark == MARK_CONFIRMED   ? "confirmed"
				: c->steps[i].mark == MARK_DISMISSED ? "dismissed"
								     : "none");
	c->ctx->record(c->ctx, "mark", o);
}

/* y: the step as Markdown for a ticket, from what the screen shows. */
static void copy_step(struct checklist *c, long i)
{
	const struct verdict *v = &c->ctx->verdicts[i];
	const struct step_state *st = &c->steps[i];
	const struct target *t = c->ctx->target;
	struct strlist ev = {0};
	struct step_md s;
	char *md, *target = NULL, what[96];

	for (size_t k = 0; k < v->evidence.n; k++)
		strlist_add(&ev, verdict_evidence_subject(v->evidence.v[k]));
	if (t != NULL && t->pid > 0)
		target =
		    xasprintf("%s (PID %d)%s%s",
			      t->proc != NULL && t->proc->comm != NULL ? t->proc->comm : "?",
			      t->pid, t->debug_url ? ", " : "", t->debug_url ? t->debug_url : "");
	else if (t != NULL && t->debug_url != NULL)
		target = xstrdup(t->debug_url);
	memset(&s, 0, sizeof s);
	s.check = &catalog[i];
	s.verdict = v->kind == VERDICT_NONE ? NULL : verdict_name(v->kind);
	s.summary = v->summary;
	s.evidence = (const char *const *)ev.v;
	s.nevidence = ev.n;
	s.missing = v->kind == VERDICT_UNKNOWN ? v->missing : NULL;
	s.mark = st->mark == MARK_CONFIRMED   ? "confirmed"
		 : st->mark == MARK_DISMISSED ? "dismissed"
					      : NULL;
	s.notes = (const char *const *)st->notes.v;
	s.nnotes = st->notes.n;
	s.target = target;
	md = step_md_render(&s);
	snprintf(what, sizeof what, "step %s", catalog[i].id);
	if (c->ctx->copy != NULL)
		c->ctx->copy(c->ctx, what, md);
	free(md);
	free(target);
	strlist_free(&ev);
}

static int checklist_key(void *data, struct pane_ctx *ctx, enum action a, int key)
{
	struct checklist *c = data;
	long cur = c->open >= 0 ? c->open : step_of(c, listview_selected(&c->list));

	(void)ctx;
	if (c->open < 0 && c->list.filtering)
		return listview_key(&c->list, &src, c, a, key);
	switch (a) {
	case ACT_NEXT_STEP:
		/* From the list, n opens the selected step; then walks on. */
		if (c->open < 0)
			open_step(c, cur < 0 ? 0 : cur);
		else
			open_step(c, cur + 1 < (long)catalog_len ? cur + 1 : cur);
		return 1;
	case ACT_PREV_STEP:
		open_step(c, cur > 0 ? cur - 1 : 0);
		return 1;
	case ACT_REFRESH:
		if (cur >= 0)
			recollect(c, cur);
		else
			ctx->collect(ctx, FACT_ALL);
		return 1;
	case ACT_CONFIRM:
		if (cur >= 0)
			set_mark(c, cur, MARK_CONFIRMED);
		return 1;
	case ACT_DISMISS:
		if (cur >= 0)
			set_mark(c, cur, MARK_DISMISSED);
		return 1;
	case ACT_COPY:
		if (cur >= 0)
			copy_step(c, cur);
		return 1;
	case ACT_NOTE:
		if (cur >= 0) {
			char p[64];

			snprintf(p, sizeof p, "note on %s> ", catalog[cur].id);
			ctx->ask(ctx, p, note_done, c);
		}
		return 1;
	default:
		break;
	}
	if (c->open >= 0) {
		const struct verdict *v = &ctx->verdicts[c->open];

		switch (a) {
		case ACT_BACK:
			c->open = -1;
			return 1;
		case ACT_UP:
			if (c->ev_sel > 0)
				c->ev_sel--;
			c->ev_follow = 1;
			return 1;
		case ACT_DOWN:
			if (c->ev_sel + 1 < v->evidence.n)
				c->ev_sel++;
			c->ev_follow = 1;
			return 1;
		case ACT_PAGE_DOWN:
			c->scroll += c->page > 1 ? c->page - 1 : 1; /* clamped when drawn */
			return 1;
		case ACT_PAGE_UP:
			c->scroll =
			    c->scroll > c->page ? c->scroll - (c->page > 1 ? c->page - 1 : 1) : 0;
			return 1;
		case ACT_OPEN:
			follow_evidence(c);
			return 1;
		default:
			return 0;
		}
	}
	if (a == ACT_OPEN) {
		if (cur >= 0)
			open_step(c, cur);
		return 1;
	}
	return listview_key(&c->list, &src, c, a, key);
}

static int checklist_wants_text(void *data)
{
	struct checklist *c = data;

	return c->open < 0 && c->list.filtering;
}

/* The detail view is laid out into lines first and then drawn from the
 * scroll offset, so PgDn/PgUp move every line alike and the view can
 * always be redrawn whole (Ctrl-L). */
struct dline {
	int x;
	enum draw_style style;
	char *text;
	long ev; /* evidence index, -1 for other lines */
};

struct dlines {
	struct dline *v;
	size_t n, cap;
};

static void dl_add(struct dlines *d, int x, enum draw_style s, const char *text, size_t len,
		   long ev)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 32;
		d->v = xrealloc(d->v, d->cap * sizeof *d->v);
	}
	d->v[d->n].x = x;
	d->v[d->n].style = s;
	d->v[d->n].text = xstrndup(text, len);
	d->v[d->n].ev = ev;
	d->n++;
}

/* Wraps text into lines of at most `width` code points. The wrap masks
 * the whole text first (textwrap.h): a secret in a summary, an evidence
 * subject or a note, cut over two lines, is masked on both. */
static void dl_wrap_ev(struct dlines *d, int x, int width, enum draw_style s, const char *text,
		       long ev)
{
	struct textwrap tw;
	const char *p;
	size_t cut;
	int first = 1;

	if (width < 8)
		width = 8;
	if (text == NULL || text[0] == '\0')
		return;
	textwrap_begin(&tw, text);
	while ((p = textwrap_next(&tw, (size_t)width, &cut)) != NULL) {
		dl_add(d, x, s, p, cut, ev);
		if (ev >= 0 && first) { /* an evidence line continues indented */
			x += x == 2 ? 2 : 0;
			width -= width > 10 ? 2 : 0;
		}
		first = 0;
	}
	textwrap_end(&tw);
}

static void dl_wrap(struct dlines *d, int x, int width, enum draw_style s, const char *text)
{
	dl_wrap_ev(d, x, width, s, text, -1);
}

static void dl_free(struct dlines *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i].text);
	free(d->v);
}

static void detail_lines(struct checklist *c, struct dlines *d, int cols)
{
	const struct check *k = &catalog[c->open];
	const struct verdict *v = &c->ctx->verdicts[c->open];
	const struct step_state *st = &c->steps[c->open];
	int width = cols - 4;
	char *t;

	dl_add(d, 0, STYLE_DIM, catalog_chapter_title(k->chapter),
	       strlen(catalog_chapter_title(k->chapter)), -1);
	dl_wrap(d, 2, width, STYLE_NORMAL, k->question);
	dl_add(d, 0, STYLE_NORMAL, "", 0, -1);
	t = xasprintf("[%s] %s", tag_of(v->kind), v->summary ? v->summary : "collecting...");
	dl_wrap(d, 2, width, style_of(v->kind), t);
	free(t);
	if (v->missing != NULL && v->kind == VERDICT_UNKNOWN) {
		dl_add(d, 2, STYLE_TITLE, "Missing evidence:", 17, -1);
		dl_wrap(d, 4, width - 2, STYLE_UNKNOWN, v->missing);
	}
	if (v->evidence.n > 0)
		dl_add(d, 2, STYLE_TITLE, "Evidence (Enter opens the pane it points at):", 45, -1);
	for (size_t i = 0; i < v->evidence.n; i++) {
		char jump[8];

		verdict_evidence_text(v->evidence.v[i], jump, sizeof jump);
		/* The subject stays: "main.f is compiled in", not "is compiled in". */
		t = xasprintf("%s %s", jump[0] ? ">" : "-",
			      verdict_evidence_subject(v->evidence.v[i]));
		dl_wrap_ev(d, 2, width, STYLE_NORMAL, t, (long)i);
		free(t);
	}
	dl_add(d, 0, STYLE_NORMAL, "", 0, -1);
	dl_add(d, 2, STYLE_TITLE, "By hand:", 8, -1);
	dl_wrap(d, 4, width - 2, STYLE_NORMAL, k->by_hand);
	dl_add(d, 2, STYLE_TITLE, "Remedy:", 7, -1);
	dl_wrap(d, 4, width - 2, STYLE_NORMAL, k->remedy);
	for (size_t i = 0; i < st->notes.n; i++) {
		t = xasprintf("note: %s", st->notes.v[i]);
		dl_wrap(d, 2, width, STYLE_HIGHLIGHT, t);
		free(t);
	}
}

static void draw_detail(struct checklist *c, WINDOW *w, int rows, int cols)
{
	const struct check *k = &catalog[c->open];
	const struct step_state *st = &c->steps[c->open];
	struct dlines d = {0};
	size_t body = rows > 2 ? (size_t)(rows - 2) : 1, max;

	draw_textf(w, 0, 0, cols, STYLE_TITLE, "Step %ld/%zu  %s: %s%s", c->open + 1, catalog_len,
		   k->id, k->title,
		   st->mark == MARK_CONFIRMED	? "  [confirmed]"
		   : st->mark == MARK_DISMISSED ? "  [dismissed]"
						: "");
	detail_lines(c, &d, cols);
	c->page = body;
	max = d.n > body ? d.n - body : 0;
	if (c->ev_follow) {
		for (size_t i = 0; i < d.n; i++)
			if (d.v[i].ev == (long)c->ev_sel) {
				if (i < c->scroll)
					c->scroll = i;
				else if (i >= c->scroll + body)
					c->scroll = i - body + 1;
				break;
			}
		c->ev_follow = 0;
	}
	if (c->scroll > max)
		c->scroll = max;
	for (size_t i = c->scroll, y = 1; i < d.n && y <= body; i++, y++) {
		const struct dline *l = &d.v[i];
		int sel = l->ev >= 0 && (size_t)l->ev == c->ev_sel;

		draw_text(w, (int)y, l->x, cols - l->x - 1, sel ? STYLE_SELECTED : l->style,
			  l->text);
	}
	{
		char hint[256];

		/* The footer names the keys as bound (a keymap may move them). */
		c->ctx->keys_hint(c->ctx, hint, sizeof hint);
		draw_textf(w, rows - 1, 0, cols, STYLE_DIM, "lines %zu-%zu of %zu  %s",
			   d.n ? c->scroll + 1 : 0, c->scroll + body < d.n ? c->scroll + body : d.n,
			   d.n, hint);
	}
	dl_free(&d);
}

static void checklist_draw(void *data, struct pane_ctx *ctx, WINDOW *w, int rows, int cols)
{
	struct checklist *c = data;
	size_t count[VERDICT_FAIL + 1] = {0}, run = 0;
	char hint[256];
	unsigned busy = ctx->collecting(ctx);

	if (c->generation != ctx->facts->generation) {
		long keep = step_of(c, listview_selected(&c->list));

		c->generation = ctx->facts->generation;
		compute_order(c);
		listview_refilter(&c->list, &src, c);
		if (keep >= 0)
			listview_select(&c->list, row_of(c, (size_t)keep));
	}
	if (c->open >= 0) {
		draw_detail(c, w, rows, cols);
		return;
	}
	for (size_t i = 0; i < catalog_len; i++) {
		count[ctx->verdicts[i].kind]++;
		if (ctx->verdicts[i].kind != VERDICT_NONE)
			run++;
	}
	draw_textf(w, 0, 0, cols, STYLE_TITLE,
		   "Checklist: %zu/%zu run, %zu failed, %zu warned, "
		   "%zu unknown%s",
		   run, catalog_len, count[VERDICT_FAIL], count[VERDICT_WARN],
		   count[VERDICT_UNKNOWN], busy ? "  (collecting...)" : "");
	listview_draw(&c->list, &src, c, w, 1, rows - 2, cols);
	c->ctx->keys_hint(c->ctx, hint, sizeof hint);
	draw_text(w, rows - 1, 0, cols, STYLE_DIM, hint);
}

static int checklist_jump(void *data, struct pane_ctx *ctx, const char *what)
{
	struct checklist *c = data;
	struct jump j;

	if (jump_parse(what, &j) != 0)
		return -1;
	if (j.kind == JUMP_CHECK) {
		size_t i = catalog_index(j.arg);

		if (i == (size_t)-1) {
			ctx->status(ctx, "no check named '%s'", j.arg);
			return -1;
		}
		open_step(c, (long)i);
		return 0;
	}
	if (j.kind == JUMP_FILTER) {
		c->open = -1;
		snprintf(c->list.filter, sizeof c->list.filter, "%s", j.arg);
		listview_refilter(&c->list, &src, c);
		return 0;
	}
	return -1;
}

static void checklist_destroy(void *data)
{
	struct checklist *c = data;

	for (size_t i = 0; i < catalog_len; i++)
		strlist_free(&c->steps[i].notes);
	free(c->steps);
	free(c->order);
	listview_free(&c->list);
	free(c);
}

/* The actions the key callback answers (listview_key included). */
static const enum action checklist_answers[] = {
    ACT_OPEN,	ACT_NEXT_STEP, ACT_PREV_STEP, ACT_REFRESH, ACT_CONFIRM,	  ACT_DISMISS,
    ACT_NOTE,	ACT_UP,	       ACT_DOWN,      ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_TOP,
    ACT_BOTTOM, ACT_FILTER,    ACT_BACK,      ACT_COPY,	   ACT_NONE};

const struct pane_ops checklist_pane = {
    .name = "checklist",
    .title = "Checklist",
    .init = checklist_init,
    .draw = checklist_draw,
    .key = checklist_key,
    .wants_text = checklist_wants_text,
    .jump = checklist_jump,
    .destroy = checklist_destroy,
    .answers = checklist_answers,
};
