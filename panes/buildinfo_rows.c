/* buildinfo_rows.c: the buildinfo pane's lines, from facts to text. */
#include "buildinfo_rows.h"
#include "textwrap.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collectors/base/sanitize.h"

void buildinfo_rows_init(struct buildinfo_rows *r)
{
	memset(r, 0, sizeof *r);
}

void buildinfo_rows_clear(struct buildinfo_rows *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].label);
		free(r->v[i].text);
		free(r->v[i].text2);
	}
	free(r->v);
	buildinfo_rows_init(r);
}

/* Appends one row; strings are masked, sanitised copies (textwrap_mask;
 * NULL text2 stays NULL). */
static void add(struct buildinfo_rows *r, enum buildinfo_row_kind kind,
		enum buildinfo_row_mark mark, const char *label, const char *text,
		const char *text2)
{
	struct buildinfo_row *row;

	r->v = xgrow(r->v, &r->cap, r->n + 1, sizeof *r->v);
	row = &r->v[r->n++];
	row->kind = kind;
	row->mark = mark;
	row->label = textwrap_mask(label ? label : "");
	row->text = textwrap_mask(text ? text : "");
	row->text2 = text2 ? textwrap_mask(text2) : NULL;
	row->commit = 0;
}

/* Adds text as as many rows as it takes at `cols` columns; the label and
 * text2 go on the first row only. */
static void add_wrapped(struct buildinfo_rows *r, enum buildinfo_row_kind kind,
			enum buildinfo_row_mark mark, const char *label, const char *text,
			const char *text2, int cols)
{
	struct textwrap tw;
	const char *p;
	char *clean;
	size_t w = cols < 10 ? 10 : (size_t)cols, n;
	int first = 1;

	/* Made safe first, so the widths are right; the wrap masks the whole
	 * text before it cuts (textwrap.h). */
	clean = sanitize_str(text ? text : "");
	textwrap_begin(&tw, clean);
	free(clean);
	while ((p = textwrap_next(&tw, w, &n)) != NULL) {
		char *part = xstrndup(p, n);

		add(r, kind, mark, first ? label : "", part, first ? text2 : NULL);
		free(part);
		first = 0;
	}
	textwrap_end(&tw);
}

static int text_cols(const struct buildinfo_rows_in *in, enum buildinfo_row_kind kind)
{
	int w = in->width < BUILDINFO_ROWS_MIN_WIDTH ? BUILDINFO_ROWS_MIN_WIDTH : in->width;

	switch (kind) {
	case BIROW_FIELD:
	case BIROW_SIDE:
		return w - BUILDINFO_ROWS_VALUE_X - 1;
	case BIROW_SETTING:
	case BIROW_DEP:
		return w - 5;
	default:
		return w - 4;
	}
}

static void field(struct buildinfo_rows *r, const struct buildinfo_rows_in *in,
		  enum buildinfo_row_mark mark, const char *label, const char *text,
		  const char *text2)
{
	add_wrapped(r, BIROW_FIELD, mark, label, text, text2, text_cols(in, BIROW_FIELD));
}

static void prose(struct buildinfo_rows *r, const struct buildinfo_rows_in *in,
		  enum buildinfo_row_mark mark, const char *text)
{
	add_wrapped(r, BIROW_TEXT, mark, "", text, NULL, text_cols(in, BIROW_TEXT));
}

static void heading(struct buildinfo_rows *r, const char *title)
{
	if (r->n > 0)
		add(r, BIROW_BLANK, BIMARK_NONE, "", "", NULL);
	add(r, BIROW_HEADING, BIMARK_NONE, "", title, NULL);
}

static enum buildinfo_row_mark verdict_mark(enum verdict_kind k)
{
	switch (k) {
	case VERDICT_PASS:
		return BIMARK_PASS;
	case VERDICT_WARN:
	case VERDICT_UNKNOWN:
		return BIMARK_WARN;
	case VERDICT_FAIL:
		return BIMARK_FAIL;
	default:
		return BIMARK_DIM;
	}
}

static void verdict_row(struct buildinfo_rows *r, const struct buildinfo_rows_in *in,
			const char *id, const struct verdict *v)
{
	char *line;

	if (v == NULL || v->kind == VERDICT_NONE)
		return;
	line = xasprintf("%s: %s", verdict_name(v->kind), v->summary ? v->summary : "");
	for (char *c = line; *c != ':'; c++)
		*c = (char)toupper((unsigned char)*c);
	field(r, in, verdict_mark(v->kind), id, line, NULL);
	free(line);
}

static void utc(char *out, size_t n, double t)
{
	time_t s = (time_t)t;
	struct tm tm;

	if (gmtime_r(&s, &tm) == NULL || strftime(out, n, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(out, n, "%.0f", t);
}

static int is_devel(const char *version)
{
	return version != NULL && strcmp(version, "(devel)") == 0;
}

static int is_local_path(const char *p)
{
	return p != NULL && (p[0] == '/' || str_has_prefix(p, "./") || str_has_prefix(p, "../") ||
			     strcmp(p, ".") == 0 || strcmp(p, "..") == 0);
}

static const char *source_desc(enum buildinfo_source s)
{
	switch (s) {
	case BUILDINFO_SRC_SECTION:
		return ".go.buildinfo section";
	case BUILDINFO_SRC_SEGMENT:
		return "buildinfo blob in the first writable segment";
	default:
		return "no buildinfo blob: module markers and runtime.buildVersion";
	}
}

static const char *layout_desc(enum buildinfo_layout l)
{
	switch (l) {
	case BUILDINFO_LAYOUT_INLINE:
		return " (Go 1.18+ inline layout)";
	case BUILDINFO_LAYOUT_POINTER:
		return " (pre-1.18 pointer layout)";
	default:
		return "";
	}
}

/* ---- the sections ------------------------------------------------------- */

static void section_binary(struct buildinfo_rows *r, const struct buildinfo_rows_in *in)
{
	const struct buildinfo *bi = in->running;
	char *s;

	heading(r, "Binary");
	if (in->pid != 0 && in->exe != NULL) {
		s = xasprintf("%s%s", in->exe, in->exe_deleted ? " (deleted)" : "");
		field(r, in, in->exe_deleted ? BIMARK_FAIL : BIMARK_NONE, "Executable", s,
		      in->exe_deleted ? "replaced on disk" : NULL);
		free(s);
	} else if (in->binary != NULL) {
		field(r, in, BIMARK_NONE, "File", in->binary, NULL);
	} else if (in->pid != 0) {
		field(r, in, BIMARK_WARN, "Executable", "unreadable (see the overview pane)", NULL);
	}
	if (bi == NULL) {
		if (in->running_error != NULL)
			field(r, in, BIMARK_FAIL, "Build info", in->running_error, NULL);
		else
			field(r, in, BIMARK_DIM, "Build info",
			      in->collected ? "none" : "reading the binary...", NULL);
	} else {
		field(r, in, BIMARK_NONE, "Go version", bi->go_version ? bi->go_version : "unknown",
		      NULL);
		if (bi->mod.path[0] != '\0')
			field(r, in, BIMARK_NONE, "Path", bi->mod.path, NULL);
		if (!modinfo_main_empty(&bi->mod)) {
			const struct modinfo_module *m = &bi->mod.main;

			s = xasprintf("%s %s%s%s", m->path, m->version, m->sum[0] ? " " : "",
				      m->sum);
			field(r, in, is_devel(m->version) ? BIMARK_DEVEL : BIMARK_NONE,
			      "Main module", s,
			      is_devel(m->version) ? "not a tagged version" : NULL);
			free(s);
		}
		field(r, in, bi->build_id ? BIMARK_NONE : BIMARK_WARN, "Build ID",
		      bi->build_id ? bi->build_id : "(none)", NULL);
	}
	if (in->nfuncs > 0) {
		s = xasprintf("%zu in the function table", in->nfuncs);
		field(r, in, BIMARK_NONE, "Functions", s, "t or / to search");
		free(s);
	} else if (in->funcs_error != NULL) {
		field(r, in, BIMARK_WARN, "Functions", in->funcs_error, NULL);
	}
}

static void section_missing(struct buildinfo_rows *r, const struct buildinfo_rows_in *in)
{
	const struct buildinfo *bi = in->running;

	if (bi == NULL || bi->missing.n == 0)
		return;
	heading(r, "Not found in this binary");
	for (size_t i = 0; i < bi->missing.n; i++)
		prose(r, in, BIMARK_WARN, bi->missing.v[i]);
}

/* One buildinfo_diff() line, "what: running != on disk", as a side-by-side
 * row when both fit their column, else as a label and two stacked rows. */
static void side_row(struct buildinfo_rows *r, const struct buildinfo_rows_in *in, const char *line)
{
	const char *colon = strstr(line, ": ");
	const char *ne = colon ? strstr(colon + 2, " != ") : NULL;
	int cw = (text_cols(in, BIROW_SIDE) - 1) / 2;
	char *label, *a, *b, *sa, *sb;

	if (ne == NULL) {
		prose(r, in, BIMARK_FAIL, line);
		return;
	}
	/* "build -tags" reads as "-tags" under a "running / on disk" header. */
	if (str_has_prefix(line, "build ") && !str_has_prefix(line, "build ID: ") &&
	    line + 6 < colon)
		label = xstrndup(line + 6, (size_t)(colon - line - 6));
	else
		label = xstrndup(line, (size_t)(colon - line));
	a = xstrndup(colon + 2, (size_t)(ne - colon - 2));
	b = xstrdup(ne + 4);
	sa = sanitize_str(a);
	sb = sanitize_str(b);
	if (sanitize_width(label) <= BUILDINFO_ROWS_LABEL_W && sanitize_width(sa) <= (size_t)cw &&
	    sanitize_width(sb) <= (size_t)cw) {
		add(r, BIROW_SIDE, BIMARK_FAIL, label, a, b);
	} else {
		char *ra = xasprintf("running: %s", a), *rb = xasprintf("on disk: %s", b);

		prose(r, in, BIMARK_FAIL, label);
		field(r, in, BIMARK_FAIL, "", ra, NULL);
		field(r, in, BIMARK_FAIL, "", rb, NULL);
		free(ra);
		free(rb);
	}
	free(sa);
	free(sb);
	free(label);
	free(a);
	free(b);
}

static void section_stale(struct buildinfo_rows *r, const struct buildinfo_rows_in *in)
{
	char t1[64], t2[64];
	char *s;

	if (in->pid == 0)
		return;
	heading(r, "Running image vs file on disk");
	verdict_row(r, in, "stale-binary", in->stale);
	if (in->exe_deleted) {
		s = xasprintf("DELETED: /proc/%d/exe ends in \" (deleted)\": its file was replaced "
			      "or removed; the process still runs the old image until restarted.",
			      in->pid);
		prose(r, in, BIMARK_FAIL, s);
		free(s);
	}
	if (in->file_mtime > 0 && in->start_time > 0 && in->file_mtime > in->start_time + 1) {
		utc(t1, sizeof t1, in->file_mtime);
		utc(t2, sizeof t2, in->start_time);
		s = xasprintf("The file on disk was modified at %s, after the process started "
			      "(%s).",
			      t1, t2);
		prose(r, in, BIMARK_FAIL, s);
		free(s);
	}
	if (in->on_disk == NULL) {
		if (in->on_disk_error != NULL) {
			s = xasprintf("File on disk: %s", in->on_disk_error);
			prose(r, in, BIMARK_WARN, s);
			free(s);
		} else if (!in->collected) {
			prose(r, in, BIMARK_DIM, "reading the file on disk...");
		}
		return;
	}
	if (in->running == NULL)
		return;
	{
		struct strlist diff = {0};
		size_t n = buildinfo_diff(in->running, in->on_disk, &diff);

		if (n == 0) {
			s = xstrdup(
			    "Same build as the file on disk (same build ID and build info).");
			prose(r, in, BIMARK_PASS, s);
		} else {
			s = xasprintf("DIFFERENT BUILD: the file on disk differs from the running "
				      "image in %zu way%s:",
				      n, n == 1 ? "" : "s");
			prose(r, in, BIMARK_FAIL, s);
			if ((text_cols(in, BIROW_SIDE) - 1) / 2 >= 13)
				add(r, BIROW_SIDE, BIMARK_DIM, "", "running image", "file on disk");
			else
				add(r, BIROW_SIDE, BIMARK_DIM, "", "running", "on disk");
			for (size_t i = 0; i < diff.n; i++)
				side_row(r, in, diff.v[i]);
		}
		free(s);
		strlist_free(&diff);
	}
}

static int needs_quote(const char *s)
{
	return s[0] == '\0' ? 0 : strpbrk(s, " \t\r\n\"`") != NULL;
}

static void section_settings(struct buildinfo_rows *r, const struct buildinfo_rows_in *in)
{
	const struct modinfo *m = in->running ? &in->running->mod : NULL;
	char *title;

	if (m == NULL)
		return;
	title = xasprintf("Build settings (%zu)", m->nsettings);
	heading(r, title);
	r->v[r->n - 1].text2 = xstrdup("* matters in triage");
	free(title);
	for (size_t i = 0; i < m->nsettings; i++) {
		const char *k = m->settings[i].key, *v = m->settings[i].value;
		const char *note = buildinfo_rows_setting_note(k, v);
		enum buildinfo_row_mark mark = note == NULL			    ? BIMARK_NONE
					       : buildinfo_rows_setting_warns(k, v) ? BIMARK_WARN
										    : BIMARK_KEY;
		char *q = needs_quote(v) ? modinfo_quote(v, strlen(v)) : NULL;
		char *kv = xasprintf("%s=%s", k, q ? q : v);

		add_wrapped(r, BIROW_SETTING, mark, "", kv, note, text_cols(in, BIROW_SETTING));
		free(kv);
		free(q);
	}
	if (m->nsettings == 0)
		prose(r, in, BIMARK_DIM, "none recorded (Go before 1.18 did not record them)");
	else if (modinfo_setting(m, "vcs.revision") == NULL)
		prose(r, in, BIMARK_WARN,
		      "no vcs.* settings: built with -buildvcs=false or outside a checkout, so "
		      "the commit that was built cannot be checked against the repo.");
}

static void section_deps(struct buildinfo_rows *r, const struct buildinfo_rows_in *in)
{
	const struct modinfo *m = in->running ? &in->running->mod : NULL;
	char *title;

	if (m == NULL)
		return;
	title = xasprintf("Dependencies (%zu)", m->ndeps);
	heading(r, title);
	free(title);
	verdict_row(r, in, "devel-build", in->devel);
	for (size_t i = 0; i < m->ndeps; i++) {
		const struct modinfo_module *d = &m->deps[i], *rep = d->replace;
		char *s = xasprintf("%s %s", d->path, d->version);
		enum buildinfo_row_mark mark = BIMARK_NONE;
		const char *why = NULL;

		if (is_devel(d->version)) {
			mark = BIMARK_DEVEL;
			why = "(devel): built from a local tree";
		}
		if (rep != NULL) {
			mark = BIMARK_REPLACED;
			why = "replaced (see =>)";
		}
		add_wrapped(r, BIROW_DEP, mark, "", s, why, text_cols(in, BIROW_DEP));
		free(s);
		if (rep != NULL) {
			s = xasprintf("=> %s%s%s", rep->path, rep->version[0] ? " " : "",
				      rep->version);
			add_wrapped(r, BIROW_DEP, BIMARK_REPLACED, "", s,
				    is_local_path(rep->path) ? "local directory, not the module"
							     : "another module's code",
				    text_cols(in, BIROW_DEP));
			free(s);
		}
	}
	if (m->ndeps == 0)
		prose(r, in, BIMARK_DIM,
		      modinfo_main_empty(m)
			  ? "none listed (built without modules, as Debian builds)"
			  : "none outside the standard library");
}

/* Where the facts were found: last, it is rarely the question. */
static void section_source(struct buildinfo_rows *r, const struct buildinfo_rows_in *in)
{
	const struct buildinfo *bi = in->running;
	char *s;

	if (bi == NULL)
		return;
	heading(r, "Read from");
	s = xasprintf("%s%s, %d-bit %s-endian", source_desc(bi->source), layout_desc(bi->layout),
		      bi->ptrsize * 8, bi->big_endian ? "big" : "little");
	field(r, in, BIMARK_DIM, "Build info", s, NULL);
	free(s);
	if (in->funcs_desc != NULL)
		field(r, in, BIMARK_DIM, "Functions", in->funcs_desc, NULL);
}

/* The commits of HEAD (or --against) the running build lacks, newest
 * first, each with the registrations it adds or removes. */
static void section_changes(struct buildinfo_rows *r, const struct buildinfo_rows_in *in)
{
	const struct changes *c = in->changes;
	struct buf b;
	char *s;
	size_t nl;

	if (c == NULL || c->log == NULL)
		return;
	heading(r, "What the running build lacks");
	if (c->log->n > 0)
		r->v[r->n - 1].text2 = xstrdup("Enter on a commit: its files and registrations");
	buf_init(&b);
	changes_text(c, &b);
	nl = strcspn(b.data ? b.data : "", "\n");
	s = xstrndup(b.data ? b.data : "", nl);
	prose(r, in, c->relation == CHANGES_SAME ? BIMARK_PASS : BIMARK_WARN, s);
	free(s);
	buf_free(&b);
	for (size_t i = 0; i < c->log->n && i < 50; i++) {
		const struct gitlog_commit *gc = &c->log->v[i];
		char day[16] = "?", *files;
		time_t t = (time_t)gc->time + (time_t)gc->tz_minutes * 60;
		struct tm tm;
		size_t first = r->n;

		if (gmtime_r(&t, &tm) != NULL)
			strftime(day, sizeof day, "%Y-%m-%d", &tm);
		files =
		    xasprintf("%.7s '%s', %zu file%s (%s)", gc->hex, gc->subject ? gc->subject : "",
			      gc->nfiles, gc->nfiles == 1 ? "" : "s", day);
		prose(r, in, c->per[i].nregs > 0 ? BIMARK_WARN : BIMARK_NONE, files);
		free(files);
		for (size_t k = 0; k < c->per[i].nregs && k < 8; k++) {
			const struct changes_reg *g = &c->per[i].regs[k];
			char *w = sanitize_str(g->what), *at = sanitize_str(g->where);

			s = xasprintf("  %s %s %s (%s)", g->sign == '+' ? "adds" : "removes",
				      g->kind, w, at);
			prose(r, in, BIMARK_NONE, s);
			free(s);
			free(w);
			free(at);
		}
		for (size_t k = first; k < r->n; k++)
			r->v[k].commit = i + 1;
	}
	if (c->log->lacks > 50) {
		s = xasprintf("... and %zu older commits (gotriage changes lists them all)",
			      c->log->lacks - 50);
		prose(r, in, BIMARK_DIM, s);
		free(s);
	}
}
void buildinfo_rows_commit(const struct changes *c, size_t i, int width, struct buildinfo_rows *out)
{
	struct buildinfo_rows_in in = {.width = width};
	const struct gitlog_commit *gc;
	char date[64], *s;
	time_t t;
	struct tm tm;

	buildinfo_rows_clear(out);
	if (c == NULL || c->log == NULL || i >= c->log->n)
		return;
	gc = &c->log->v[i];
	s = xasprintf("Commit %.7s", gc->hex);
	add(out, BIROW_HEADING, BIMARK_NONE, "", s, "the running build lacks it");
	free(s);
	field(out, &in, BIMARK_NONE, "Commit", gc->hex, NULL);
	field(out, &in, BIMARK_NONE, "Subject", gc->subject ? gc->subject : "", NULL);
	field(out, &in, BIMARK_NONE, "Author", gc->author ? gc->author : "", NULL);
	t = (time_t)gc->time + (time_t)gc->tz_minutes * 60;
	if (gmtime_r(&t, &tm) != NULL) {
		size_t n = strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &tm);

		snprintf(date + n, sizeof date - n, " %c%02d%02d", gc->tz_minutes < 0 ? '-' : '+',
			 abs(gc->tz_minutes) / 60, abs(gc->tz_minutes) % 60);
		field(out, &in, BIMARK_NONE, "Date", date, NULL);
	}
	if (gc->nparents > 1) {
		s = xasprintf("%d (a merge: files against its first parent)", gc->nparents);
		field(out, &in, BIMARK_NONE, "Parents", s, NULL);
		free(s);
	}
	s = xasprintf("Files it changes (%zu%s)", gc->nfiles, gc->files_truncated ? "+" : "");
	heading(out, s);
	free(s);
	for (size_t k = 0; k < gc->nfiles; k++) {
		s = xasprintf("%c %s", gc->files[k].status ? gc->files[k].status : '?',
			      gc->files[k].path ? gc->files[k].path : "?");
		prose(out, &in, BIMARK_NONE, s);
		free(s);
	}
	if (gc->files_truncated)
		prose(out, &in, BIMARK_DIM, "... more files (the list is capped)");
	s = xasprintf("Registrations it changes (%zu)", c->per[i].nregs);
	heading(out, s);
	free(s);
	for (size_t k = 0; k < c->per[i].nregs; k++) {
		const struct changes_reg *g = &c->per[i].regs[k];

		s = xasprintf("%s:  %s %s %s", g->where ? g->where : "?",
			      g->sign == '+' ? "adds" : "removes", g->kind ? g->kind : "?",
			      g->what ? g->what : "?");
		prose(out, &in, g->sign == '+' ? BIMARK_WARN : BIMARK_NONE, s);
		free(s);
	}
	if (c->per[i].nregs == 0)
		prose(out, &in, BIMARK_DIM,
		      "none: no route, gRPC service, listen address, ticker, config callback, "
		      "middleware or init goroutine is added or removed");
	for (size_t k = 0; k < out->n; k++)
		out->v[k].commit = i + 1;
}

void buildinfo_rows_build(const struct buildinfo_rows_in *in, struct buildinfo_rows *out)
{
	buildinfo_rows_clear(out);
	section_binary(out, in);
	section_missing(out, in);
	section_stale(out, in);
	section_changes(out, in);
	section_settings(out, in);
	section_deps(out, in);
	section_source(out, in);
}

/* ---- settings and matching -------------------------------------------- */

const char *buildinfo_rows_setting_note(const char *key, const char *value)
{
	static const struct {
		const char *key, *note;
	} notes[] = {
	    {"-tags", "build tags pick the files compiled in"},
	    {"-trimpath", "paths in stacks are module-relative"},
	    {"-ldflags", "-X stamps versions, -s -w strips"},
	    {"-buildmode", "how it was linked"},
	    {"-gcflags", "compiler flags (-N -l: unoptimised)"},
	    {"DefaultGODEBUG", "runtime defaults from go.mod's go"},
	    {"GOEXPERIMENT", "experimental toolchain features"},
	    {"vcs", "version control of the tree built"},
	    {"vcs.revision", "the commit built: compare with HEAD"},
	    {"vcs.time", "time of the commit built"},
	};

	if (key == NULL)
		return NULL;
	if (strcmp(key, "CGO_ENABLED") == 0)
		return value != NULL && strcmp(value, "0") == 0 ? "cgo off: cgo files are left out"
								: "cgo on: needs libc at run time";
	if (strcmp(key, "vcs.modified") == 0)
		return value != NULL && strcmp(value, "true") == 0
			   ? "uncommitted changes were built"
			   : "clean tree";
	for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++)
		if (strcmp(key, notes[i].key) == 0)
			return notes[i].note;
	if (str_has_prefix(key, "vcs."))
		return "version control of the tree built";
	return NULL;
}

int buildinfo_rows_setting_warns(const char *key, const char *value)
{
	return key != NULL && value != NULL && strcmp(key, "vcs.modified") == 0 &&
	       strcmp(value, "true") == 0;
}

int buildinfo_rows_filter_has_upper(const char *filter)
{
	for (const char *p = filter; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			return 1;
	return 0;
}

int buildinfo_rows_match(const char *name, const char *filter)
{
	if (filter == NULL || filter[0] == '\0')
		return 1;
	if (name == NULL)
		return 0;
	if (buildinfo_rows_filter_has_upper(filter))
		return strstr(name, filter) != NULL;
	return strcasestr(name, filter) != NULL;
}

long buildinfo_rows_find(const struct buildinfo_rows *r, const char *needle)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct buildinfo_row *row = &r->v[i];

		if (strstr(row->label, needle) || strstr(row->text, needle) ||
		    (row->text2 && strstr(row->text2, needle)))
			return (long)i;
	}
	return -1;
}

void buildinfo_rows_names_init(struct buildinfo_rows_names *nm)
{
	memset(nm, 0, sizeof *nm);
	buf_init(&nm->blob);
}

void buildinfo_rows_names_reset(struct buildinfo_rows_names *nm)
{
	nm->n = 0;
	nm->nlower = 0;
	buf_reset(&nm->blob);
}

void buildinfo_rows_names_free(struct buildinfo_rows_names *nm)
{
	free(nm->v);
	free(nm->lower);
	buf_free(&nm->blob);
	buildinfo_rows_names_init(nm);
}

void buildinfo_rows_names_add(struct buildinfo_rows_names *nm, const char *name)
{
	nm->v = xgrow(nm->v, &nm->cap, nm->n + 1, sizeof *nm->v);
	nm->v[nm->n++] = name ? name : "";
}

/* The lower-cased copies, made on the first case-insensitive match: most
 * refreshes of the table are never filtered that way. */
static void lower_all(struct buildinfo_rows_names *nm)
{
	size_t total = 0;
	char *c;

	for (size_t i = nm->nlower; i < nm->n; i++)
		total += strlen(nm->v[i]) + 1;
	nm->lower = xgrow(nm->lower, &nm->lower_cap, nm->n + 1, sizeof *nm->lower);
	nm->blob.data = xgrow(nm->blob.data, &nm->blob.cap, nm->blob.len + total + 1, 1);
	for (size_t i = nm->nlower; i < nm->n; i++) {
		size_t len = strlen(nm->v[i]) + 1;

		nm->lower[i] = nm->blob.len;
		c = nm->blob.data + nm->blob.len;
		for (size_t k = 0; k < len; k++)
			c[k] = (char)(nm->v[i][k] >= 'A' && nm->v[i][k] <= 'Z'
					  ? nm->v[i][k] - 'A' + 'a'
					  : nm->v[i][k]);
		nm->blob.len += len;
	}
	nm->nlower = nm->n;
}

int buildinfo_rows_names_match(struct buildinfo_rows_names *nm, size_t i, const char *filter,
			       int upper)
{
	if (i >= nm->n)
		return 0;
	if (filter == NULL || filter[0] == '\0')
		return 1;
	if (upper)
		return strstr(nm->v[i], filter) != NULL;
	if (i >= nm->nlower)
		lower_all(nm);
	return strstr(nm->blob.data + nm->lower[i], filter) != NULL;
}
