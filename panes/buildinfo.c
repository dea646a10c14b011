/* buildinfo.c: the "Binary" pane: what is really running. Two views, `t`
 * switches: "build" (Go version, main module, build settings with the
 * triage-relevant ones marked, dependencies, the running image against
 * the file now on disk) and "symbols" (the function table with a live
 * substring filter: `/` opens it from either view). Enter on a commit of
 * "What the running build lacks" opens the changes view of that commit: its
 * files and the registrations it changes with file:line (Esc returns); the
 * journal records what was shown. */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buildinfo_rows.h"
#include "checks/catalog.h"
#include "checks/jump.h"
#include "draw.h"
#include "listview.h"
#include "pane.h"
#include "collectors/elf/pclntab.h"
#include "collectors/base/sanitize.h"

enum bi_view { VIEW_BUILD, VIEW_SYMBOLS, VIEW_COMMIT };

struct bipane {
	struct pane_ctx *ctx;
	enum bi_view view;

	/* build view: rows rebuilt when the facts, the width or the exe change */
	struct buildinfo_rows rows;
	struct listview build_lv;
	int rows_valid, rows_width, rows_deleted;
	unsigned rows_gen;
	double rows_start;

	/* symbols view: the names of ctx->facts->funcs, cached per generation */
	struct listview sym_lv;
	struct buildinfo_rows_names names; /* point into the table's mapping */
	int filter_upper;		   /* smart case, per filter */
	char filter_seen[sizeof((struct listview *)0)->filter];
	const struct functab *names_ft;
	unsigned names_gen;
	int names_valid;
	double filter_ms;  /* the last refilter of the symbol list */
	char *pending_sym; /* sym:NAME that arrived before the table */

	int seen_deleted; /* -1 until the first tick */

	/* commit view: the detail of one commit the running build lacks */
	struct buildinfo_rows commit_rows;
	struct listview commit_lv;
	size_t commit_shown; /* 1 + index into facts->changes->log->v, 0: none */
	const struct changes *commit_of;
	int commit_width;
};

/* ---- data -------------------------------------------------------------- */

static size_t rows_count(void *data)
{
	return ((struct bipane *)data)->rows.n;
}

static int rows_match(void *data, size_t i, const char *filter)
{
	const struct buildinfo_row *r = &((struct bipane *)data)->rows.v[i];

	return buildinfo_rows_match(r->label, filter) || buildinfo_rows_match(r->text, filter) ||
	       (r->text2 != NULL && buildinfo_rows_match(r->text2, filter));
}

static size_t commit_count(void *data)
{
	return ((struct bipane *)data)->commit_rows.n;
}

static int commit_match(void *data, size_t i, const char *filter)
{
	const struct buildinfo_row *r = &((struct bipane *)data)->commit_rows.v[i];

	return buildinfo_rows_match(r->text, filter) ||
	       (r->text2 != NULL && buildinfo_rows_match(r->text2, filter));
}

static size_t sym_count(void *data)
{
	return ((struct bipane *)data)->names.n;
}

static int sym_match(void *data, size_t i, const char *filter)
{
	struct bipane *p = data;

	/* Called for every name in turn: decide the case rule once. */
	if (i == 0 || strcmp(p->filter_seen, filter) != 0) {
		snprintf(p->filter_seen, sizeof p->filter_seen, "%s", filter);
		p->filter_upper = buildinfo_rows_filter_has_upper(filter);
	}
	return buildinfo_rows_names_match(&p->names, i, filter, p->filter_upper);
}

static void draw_build_row(void *data, size_t i, WINDOW *w, int y, int cols, int selected);
static void draw_sym_row(void *data, size_t i, WINDOW *w, int y, int cols, int selected);
static void draw_commit_row(void *data, size_t i, WINDOW *w, int y, int cols, int selected);

static const struct listview_src build_src = {rows_count, rows_match, draw_build_row};
static const struct listview_src sym_src = {sym_count, sym_match, draw_sym_row};
static const struct listview_src commit_src = {commit_count, commit_match, draw_commit_row};

static const struct verdict *verdict_of(const struct pane_ctx *ctx, const char *id)
{
	size_t i = catalog_index(id);

	return i < ctx->nverdicts ? &ctx->verdicts[i] : NULL;
}

static void sym_refilter(struct bipane *p)
{
	double t0 = now_mono();

	listview_refilter(&p->sym_lv, &sym_src, p);
	p->filter_ms = (now_mono() - t0) * 1000;
}

/* Selects the function named exactly `name` (the filter stays as set). */
static int select_symbol(struct bipane *p, const char *name)
{
	const struct functab *ft = p->ctx->facts->funcs;
	long i = ft ? functab_find(ft, name) : -1;

	return i >= 0 && (size_t)i < p->names.n && listview_select(&p->sym_lv, (size_t)i);
}

static void sync_symbols(struct bipane *p)
{
	const struct facts *f = p->ctx->facts;
	const struct functab *ft = f->funcs;

	if (p->names_valid && p->names_gen == f->generation && p->names_ft == ft)
		return;
	buildinfo_rows_names_reset(&p->names);
	if (ft != NULL) {
		size_t n = functab_count(ft);

		for (size_t i = 0; i < n; i++)
			buildinfo_rows_names_add(&p->names, functab_name(ft, i));
	}
	p->names_ft = ft;
	p->names_gen = f->generation;
	p->names_valid = 1;
	sym_refilter(p);
	if (p->pending_sym != NULL && ft != NULL) {
		if (!select_symbol(p, p->pending_sym))
			p->ctx->status(p->ctx, "%s is not in the running binary's function table",
				       p->pending_sym);
		free(p->pending_sym);
		p->pending_sym = NULL;
	}
}

static void sync_rows(struct bipane *p, int width)
{
	const struct pane_ctx *ctx = p->ctx;
	const struct facts *f = ctx->facts;
	const struct procinfo *proc = ctx->target->proc;
	const struct functab *ft = f->funcs;
	struct buildinfo_rows_in in = {0};
	char desc[160];
	int deleted = proc != NULL && proc->exe_deleted;
	double start = proc != NULL ? proc->start_time : 0;

	if (p->rows_valid && p->rows_gen == f->generation && p->rows_width == width &&
	    p->rows_deleted == deleted && p->rows_start == start)
		return;
	in.running = f->running;
	in.running_error = f->running_error;
	in.on_disk = f->on_disk;
	in.on_disk_error = f->on_disk_error;
	in.pid = ctx->target->pid;
	in.exe = proc != NULL ? proc->exe : NULL;
	in.exe_deleted = deleted;
	in.start_time = start;
	in.binary = ctx->target->binary;
	in.file_mtime = f->file_mtime;
	if (ft != NULL) {
		snprintf(desc, sizeof desc, "pclntab %s, %s", functab_version_name(ft->version),
			 ft->where ? ft->where : "?");
		in.nfuncs = functab_count(ft);
		in.funcs_desc = desc;
	}
	in.funcs_error = f->funcs_error;
	in.stale = verdict_of(ctx, "stale-binary");
	in.devel = verdict_of(ctx, "devel-build");
	in.changes = f->changes;
	in.collected = (f->collected & FACT_BINARY) != 0;
	in.width = width;
	buildinfo_rows_build(&in, &p->rows);
	listview_refilter(&p->build_lv, &build_src, p);
	p->rows_valid = 1;
	p->rows_gen = f->generation;
	p->rows_width = width;
	p->rows_deleted = deleted;
	p->rows_start = start;
}

/* The commit view's rows, rebuilt when the changes or the width change; a
 * commit that is gone (re-collected facts) returns to the build view. */
static void sync_commit(struct bipane *p, int width)
{
	const struct changes *c = p->ctx->facts->changes;

	if (p->view != VIEW_COMMIT)
		return;
	if (c == NULL || c->log == NULL || p->commit_shown == 0 || p->commit_shown > c->log->n) {
		p->view = VIEW_BUILD;
		p->commit_shown = 0;
		return;
	}
	if (p->commit_of == c && p->commit_width == width)
		return;
	buildinfo_rows_commit(c, p->commit_shown - 1, width, &p->commit_rows);
	listview_refilter(&p->commit_lv, &commit_src, p);
	p->commit_of = c;
	p->commit_width = width;
}

/* The journal gets what the engineer was shown: the commit, its files and
 * its registration changes with file:line. */
static void record_commit(struct pane_ctx *ctx, const struct changes *c, size_t i)
{
	const struct gitlog_commit *gc = &c->log->v[i];
	cJSON *o = cJSON_CreateObject(), *files = cJSON_CreateArray(), *regs = cJSON_CreateArray();

	cJSON_AddStringToObject(o, "pane", "buildinfo");
	cJSON_AddStringToObject(o, "view", "commit");
	cJSON_AddStringToObject(o, "commit", gc->hex);
	cJSON_AddStringToObject(o, "subject", gc->subject ? gc->subject : "");
	for (size_t k = 0; k < gc->nfiles; k++) {
		char st[2] = {gc->files[k].status, '\0'};
		cJSON *f = cJSON_CreateObject();

		cJSON_AddStringToObject(f, "status", st);
		cJSON_AddStringToObject(f, "path", gc->files[k].path ? gc->files[k].path : "");
		cJSON_AddItemToArray(files, f);
	}
	cJSON_AddItemToObject(o, "files", files);
	for (size_t k = 0; k < c->per[i].nregs; k++) {
		const struct changes_reg *g = &c->per[i].regs[k];
		cJSON *r = cJSON_CreateObject();

		cJSON_AddStringToObject(r, "change", g->sign == '+' ? "adds" : "removes");
		cJSON_AddStringToObject(r, "kind", g->kind ? g->kind : "");
		cJSON_AddStringToObject(r, "what", g->what ? g->what : "");
		cJSON_AddStringToObject(r, "where", g->where ? g->where : "");
		cJSON_AddItemToArray(regs, r);
	}
	cJSON_AddItemToObject(o, "registrations", regs);
	ctx->record(ctx, "open", o);
}

/* Enter on a row of "What the running build lacks": 1 when it was one. */
static int open_commit(struct bipane *p, struct pane_ctx *ctx)
{
	size_t i = listview_selected(&p->build_lv);
	const struct changes *c = ctx->facts->changes;
	size_t k;

	if (i == (size_t)-1 || i >= p->rows.n || p->rows.v[i].commit == 0 || c == NULL ||
	    c->log == NULL || p->rows.v[i].commit > c->log->n)
		return 0;
	k = p->rows.v[i].commit - 1;
	p->view = VIEW_COMMIT;
	p->commit_shown = k + 1;
	p->commit_of = NULL;
	p->commit_lv.filter[0] = '\0';
	p->commit_lv.filtering = 0;
	listview_select(&p->commit_lv, 0);
	record_commit(ctx, c, k);
	ctx->status(ctx, "commit %.7s: %zu file%s, %zu registration change%s (Esc: back)",
		    c->log->v[k].hex, c->log->v[k].nfiles, c->log->v[k].nfiles == 1 ? "" : "s",
		    c->per[k].nregs, c->per[k].nregs == 1 ? "" : "s");
	return 1;
}

/* ---- drawing ------------------------------------------------------------ */

static enum draw_style mark_style(enum buildinfo_row_mark m)
{
	switch (m) {
	case BIMARK_KEY:
		return STYLE_HIGHLIGHT;
	case BIMARK_DEVEL:
	case BIMARK_REPLACED:
	case BIMARK_WARN:
		return STYLE_WARN;
	case BIMARK_PASS:
		return STYLE_PASS;
	case BIMARK_FAIL:
		return STYLE_FAIL;
	case BIMARK_DIM:
		return STYLE_DIM;
	default:
		return STYLE_NORMAL;
	}
}

static const char *mark_glyph(enum buildinfo_row_mark m)
{
	switch (m) {
	case BIMARK_KEY:
		return "*";
	case BIMARK_DEVEL:
	case BIMARK_REPLACED:
	case BIMARK_WARN:
		return "!";
	default:
		return " ";
	}
}

/* Draws a dim note after x when at least a short phrase fits. */
static void draw_note(WINDOW *w, int y, int x, int cols, enum draw_style s, const char *note)
{
	int at = x + 2 < 40 ? 40 : x + 2;

	if (note == NULL || cols - at < 14)
		return;
	draw_text(w, y, at, cols - at, s, note);
}

static void draw_row(const struct bipane *p, const struct buildinfo_row *r, WINDOW *w, int y,
		     int cols, int selected)
{
	enum draw_style s = selected ? STYLE_SELECTED : mark_style(r->mark);
	enum draw_style dim = selected ? STYLE_SELECTED : STYLE_DIM;
	int vx = BUILDINFO_ROWS_VALUE_X, x;

	if (selected) {
		wattr_on(w, (attr_t)draw_attr(STYLE_SELECTED), NULL);
		mvwhline(w, y, 0, ' ', cols);
		wattr_off(w, (attr_t)draw_attr(STYLE_SELECTED), NULL);
	}
	switch (r->kind) {
	case BIROW_HEADING:
		x = draw_text(w, y, 0, cols, selected ? s : STYLE_TITLE, r->text);
		if (r->text2 != NULL && x + 4 + (int)strlen(r->text2) < cols)
			x += 2 + draw_text(w, y, x + 2, cols - x - 2, dim, r->text2);
		if (!selected && x + 2 < cols)
			draw_hline(w, y, x + 1, cols - x - 1, p->ctx->ascii);
		break;
	case BIROW_FIELD:
		draw_text(w, y, 1, BUILDINFO_ROWS_LABEL_W, selected ? s : STYLE_TITLE, r->label);
		x = vx + draw_text(w, y, vx, cols - vx, s, r->text);
		draw_note(w, y, x, cols, dim, r->text2);
		break;
	case BIROW_SETTING:
	case BIROW_DEP:
		draw_text(w, y, 2, 1, s, mark_glyph(r->mark));
		x = 4 + draw_text(w, y, 4, cols - 4,
				  r->mark == BIMARK_NONE && !selected ? STYLE_NORMAL : s, r->text);
		draw_note(w, y, x, cols, r->mark == BIMARK_NONE || selected ? dim : s, r->text2);
		break;
	case BIROW_SIDE: {
		int cw = (cols - vx - 2) / 2;

		draw_text(w, y, 1, BUILDINFO_ROWS_LABEL_W, selected ? s : STYLE_TITLE, r->label);
		draw_text(w, y, vx, cw, s, r->text);
		draw_text(w, y, vx + cw + 1, cw, s, r->text2 ? r->text2 : "");
		break;
	}
	case BIROW_TEXT:
		draw_text(w, y, 3, cols - 3, s, r->text);
		break;
	case BIROW_BLANK:
		break;
	}
}

static void draw_build_row(void *data, size_t i, WINDOW *w, int y, int cols, int selected)
{
	struct bipane *p = data;

	draw_row(p, &p->rows.v[i], w, y, cols, selected);
}

static void draw_commit_row(void *data, size_t i, WINDOW *w, int y, int cols, int selected)
{
	struct bipane *p = data;

	draw_row(p, &p->commit_rows.v[i], w, y, cols, selected);
}

static void draw_sym_row(void *data, size_t i, WINDOW *w, int y, int cols, int selected)
{
	struct bipane *p = data;
	const struct functab *ft = p->ctx->facts->funcs;
	enum draw_style s = selected ? STYLE_SELECTED : STYLE_NORMAL;
	int addr_w = cols >= 60 ? 20 : 0;
	char addr[32];

	if (selected) {
		wattr_on(w, (attr_t)draw_attr(STYLE_SELECTED), NULL);
		mvwhline(w, y, 0, ' ', cols);
		wattr_off(w, (attr_t)draw_attr(STYLE_SELECTED), NULL);
	}
	draw_text(w, y, 2, cols - 3 - addr_w, s, p->names.v[i]);
	if (addr_w > 0 && ft != NULL) {
		snprintf(addr, sizeof addr, "%#18llx", (unsigned long long)functab_entry(ft, i));
		draw_text(w, y, cols - addr_w, addr_w - 1, selected ? s : STYLE_DIM, addr);
	}
}

static void draw_header(struct bipane *p, struct pane_ctx *ctx, WINDOW *w, int cols)
{
	int x = 0;
	const char *hint = p->view == VIEW_BUILD ? "t: symbols  /: search functions  r: re-read"
			   : p->view == VIEW_COMMIT
			       ? "Esc: back to build info"
			       : "t: build info  /: filter  Enter: address  r: re-read";

	wmove(w, 0, 0);
	wclrtoeol(w);
	x += draw_text(w, 0, x, cols - x, p->view != VIEW_SYMBOLS ? STYLE_SELECTED : STYLE_DIM,
		       p->view == VIEW_COMMIT ? " build > commit " : " build ");
	x += 1;
	x += draw_text(w, 0, x, cols - x, p->view == VIEW_SYMBOLS ? STYLE_SELECTED : STYLE_DIM,
		       " symbols ");
	x += 2;
	if (ctx->collecting(ctx) & FACT_BINARY)
		x += draw_text(w, 0, x, cols - x, STYLE_WARN, "collecting...  ");
	if (cols - x > (int)strlen(hint))
		draw_text(w, 0, cols - (int)strlen(hint), (int)strlen(hint), STYLE_DIM, hint);
}

static void draw_symbols(struct bipane *p, struct pane_ctx *ctx, WINDOW *w, int rows, int cols)
{
	const struct facts *f = ctx->facts;
	const struct functab *ft = f->funcs;
	struct listview *lv = &p->sym_lv;

	wmove(w, 1, 0);
	wclrtoeol(w);
	if (ft == NULL) {
		draw_text(w, 2, 2, cols - 2, f->funcs_error ? STYLE_WARN : STYLE_DIM,
			  f->funcs_error ? f->funcs_error
					 : "reading the function table of the running image...");
		return;
	}
	if (lv->filter[0] != '\0')
		draw_textf(
		    w, 1, 1, cols - 1, STYLE_DIM, "%zu of %zu functions contain \"%s\"%s (%.1f ms)",
		    lv->nvisible, p->names.n, lv->filter,
		    buildinfo_rows_filter_has_upper(lv->filter) ? "" : ", any case", p->filter_ms);
	else
		draw_textf(w, 1, 1, cols - 1, STYLE_DIM, "%zu functions (pclntab %s, %s)",
			   p->names.n, functab_version_name(ft->version),
			   ft->where ? ft->where : "?");
	listview_draw(lv, &sym_src, p, w, 2, rows - 2, cols);
	if (lv->nvisible == 0 && lv->filter[0] != '\0' && rows > 6) {
		draw_textf(w, 3, 2, cols - 2, STYLE_WARN,
			   "No function name contains \"%s\": it is not in the running binary.",
			   lv->filter);
		draw_text(w, 4, 2, cols - 2, STYLE_DIM,
			  "Left out by build tags or GOOS/GOARCH, or never called (dead code).");
	}
}

static void bi_draw(void *data, struct pane_ctx *ctx, WINDOW *w, int rows, int cols)
{
	struct bipane *p = data;

	sync_symbols(p);
	sync_rows(p, cols);
	sync_commit(p, cols);
	draw_header(p, ctx, w, cols);
	if (p->view == VIEW_SYMBOLS)
		draw_symbols(p, ctx, w, rows, cols);
	else if (p->view == VIEW_COMMIT)
		listview_draw(&p->commit_lv, &commit_src, p, w, 1, rows - 1, cols);
	else
		listview_draw(&p->build_lv, &build_src, p, w, 1, rows - 1, cols);
}

/* ---- keys and jumps -------------------------------------------------------- */

static void show_entry(struct bipane *p, struct pane_ctx *ctx)
{
	size_t i = listview_selected(&p->sym_lv);
	const struct functab *ft = ctx->facts->funcs;
	char *name;

	if (i == (size_t)-1 || ft == NULL || i >= p->names.n)
		return;
	name = sanitize_str(p->names.v[i]);
	ctx->status(ctx, "%s: entry 0x%llx (function %zu of %zu)", name,
		    (unsigned long long)functab_entry(ft, i), i + 1, p->names.n);
	free(name);
}

static void set_filter(struct listview *lv, const char *text)
{
	snprintf(lv->filter, sizeof lv->filter, "%s", text);
	lv->filtering = 0;
}

static int bi_key(void *data, struct pane_ctx *ctx, enum action a, int key)
{
	struct bipane *p = data;
	struct listview *lv = p->view == VIEW_SYMBOLS  ? &p->sym_lv
			      : p->view == VIEW_COMMIT ? &p->commit_lv
						       : &p->build_lv;
	const struct listview_src *src = p->view == VIEW_SYMBOLS  ? &sym_src
					 : p->view == VIEW_COMMIT ? &commit_src
								  : &build_src;

	sync_symbols(p);
	if (p->view == VIEW_SYMBOLS && p->sym_lv.filtering) {
		double t0 = now_mono();
		int enter = key == '\n' || key == '\r' || key == KEY_ENTER;

		listview_key(lv, src, p, a, key);
		if (!enter && key != KEY_UP && key != KEY_DOWN)
			p->filter_ms = (now_mono() - t0) * 1000;
		if (enter)
			show_entry(p, ctx);
		return 1;
	}
	switch (a) {
	case ACT_TOGGLE:
		p->view = p->view != VIEW_SYMBOLS ? VIEW_SYMBOLS : VIEW_BUILD;
		return 1;
	case ACT_FILTER:
		p->view = VIEW_SYMBOLS;
		p->sym_lv.filtering = 1;
		return 1;
	case ACT_REFRESH:
		ctx->collect(ctx, FACT_BINARY);
		ctx->status(ctx, "re-reading the running image and the file on disk");
		return 1;
	case ACT_OPEN:
		if (p->view == VIEW_BUILD)
			return open_commit(p, ctx);
		if (p->view != VIEW_SYMBOLS)
			return 0;
		show_entry(p, ctx);
		return 1;
	case ACT_BACK:
		if (listview_key(lv, src, p, a, key))
			return 1;
		if (p->view == VIEW_SYMBOLS || p->view == VIEW_COMMIT) {
			p->view = VIEW_BUILD;
			return 1;
		}
		return 0;
	default:
		return listview_key(lv, src, p, a, key);
	}
}

static int bi_wants_text(void *data)
{
	struct bipane *p = data;

	return p->view == VIEW_SYMBOLS && p->sym_lv.filtering;
}

static int bi_jump(void *data, struct pane_ctx *ctx, const char *what)
{
	struct bipane *p = data;
	struct jump j;

	if (jump_parse(what, &j) != 0)
		return -1;
	if (j.kind == JUMP_SYM) {
		const char *name = j.arg;

		p->view = VIEW_SYMBOLS;
		set_filter(&p->sym_lv, name);
		free(p->pending_sym);
		p->pending_sym = NULL;
		sync_symbols(p);
		if (ctx->facts->funcs == NULL) {
			/* The table is not read yet: select it when it arrives. */
			p->pending_sym = xstrdup(name);
			return 0;
		}
		sym_refilter(p);
		if (!select_symbol(p, name)) {
			char *clean = sanitize_str(name);

			ctx->status(ctx, "%s is not in the running binary's function table", clean);
			free(clean);
		}
		return 0;
	}
	if (j.kind == JUMP_FILTER) {
		if (p->view == VIEW_SYMBOLS) {
			set_filter(&p->sym_lv, j.arg);
			sync_symbols(p);
			sym_refilter(p);
		} else {
			set_filter(&p->build_lv, j.arg);
			listview_refilter(&p->build_lv, &build_src, p);
		}
		return 0;
	}
	return -1;
}

/* ---- life cycle ------------------------------------------------------------- */

static void *bi_init(struct pane_ctx *ctx)
{
	struct bipane *p = xcalloc(1, sizeof *p);

	p->ctx = ctx;
	p->seen_deleted = -1;
	buildinfo_rows_init(&p->rows);
	listview_init(&p->build_lv);
	listview_init(&p->sym_lv);
	buildinfo_rows_init(&p->commit_rows);
	listview_init(&p->commit_lv);
	buildinfo_rows_names_init(&p->names);
	return p;
}

/* A binary replaced while we watch: re-read both sides at once (a local,
 * mmap'd read of two files, cheap enough for a state change). */
static void bi_tick(void *data, struct pane_ctx *ctx, double now)
{
	struct bipane *p = data;
	const struct procinfo *proc = ctx->target->proc;
	int deleted = proc != NULL && proc->exe_deleted;

	(void)now;
	if (p->seen_deleted == 0 && deleted && (ctx->facts->collected & FACT_BINARY))
		ctx->collect(ctx, FACT_BINARY);
	if (proc != NULL)
		p->seen_deleted = deleted;
}

static void bi_destroy(void *data)
{
	struct bipane *p = data;

	if (p == NULL)
		return;
	buildinfo_rows_clear(&p->rows);
	listview_free(&p->build_lv);
	listview_free(&p->sym_lv);
	buildinfo_rows_clear(&p->commit_rows);
	listview_free(&p->commit_lv);
	buildinfo_rows_names_free(&p->names);
	free(p->pending_sym);
	free(p);
}

/* The actions the key callback answers (listview_key included). */
static const enum action buildinfo_answers[] = {ACT_OPEN,   ACT_TOGGLE,	 ACT_REFRESH,	ACT_UP,
						ACT_DOWN,   ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_TOP,
						ACT_BOTTOM, ACT_FILTER,	 ACT_BACK,	ACT_NONE};

const struct pane_ops buildinfo_pane = {
    .name = "buildinfo",
    .title = "Binary",
    .init = bi_init,
    .tick = bi_tick,
    .draw = bi_draw,
    .key = bi_key,
    .wants_text = bi_wants_text,
    .jump = bi_jump,
    .destroy = bi_destroy,
    .answers = buildinfo_answers,
};
