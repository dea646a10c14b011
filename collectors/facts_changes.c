/* facts_changes.c: the commits the running build lacks and the
 * registrations they change (see facts_changes.h). */
#include "facts_changes.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collectors/base/sanitize.h"

/* ---- registrations of a scan ----------------------------------------- */

struct regset {
	struct changes_reg *v;
	size_t n, cap;
};

static void reg_add(struct regset *rs, const struct reposcan *s, const struct reposcan_site *at,
		    const char *kind, const char *what)
{
	struct changes_reg *r;

	if (!s->files[at->file].bc.included)
		return; /* not part of this build */
	rs->v = xgrow(rs->v, &rs->cap, rs->n + 1, sizeof *rs->v);
	r = &rs->v[rs->n++];
	r->sign = 0;
	r->kind = xstrdup(kind);
	r->what = xstrdup(what);
	r->where = xasprintf("%s:%d", s->files[at->file].path, at->line);
}

static void regs_of(const struct reposcan *s, struct regset *rs)
{
	char *w;

	for (size_t i = 0; i < s->nroutes; i++) {
		const struct reposcan_route *r = &s->routes[i];
		const char *p = r->full_path ? r->full_path : r->path ? r->path : r->pattern_expr;

		w = xasprintf("%s %s", r->method && r->method[0] ? r->method : "ANY", p ? p : "?");
		reg_add(rs, s, &r->at, "route", w);
		free(w);
	}
	for (size_t i = 0; i < s->ngrpcs; i++)
		reg_add(rs, s, &s->grpcs[i].at, "gRPC service",
			s->grpcs[i].service ? s->grpcs[i].service : s->grpcs[i].call);
	for (size_t i = 0; i < s->nlistens; i++)
		reg_add(rs, s, &s->listens[i].at, "listen address",
			s->listens[i].addr ? s->listens[i].addr : s->listens[i].expr);
	for (size_t i = 0; i < s->ntickers; i++) {
		w = xasprintf("%s in %s", s->tickers[i].call,
			      s->tickers[i].at.func[0] ? s->tickers[i].at.func : "package scope");
		reg_add(rs, s, &s->tickers[i].at, "ticker", w);
		free(w);
	}
	for (size_t i = 0; i < s->nvipers; i++)
		reg_add(rs, s, &s->vipers[i].at, "config callback",
			s->vipers[i].on_change
			    ? (s->vipers[i].callback ? s->vipers[i].callback : "OnConfigChange")
			    : "WatchConfig");
	for (size_t i = 0; i < s->nmws; i++) {
		w = xasprintf("%s.Use(%s)", s->mws[i].router ? s->mws[i].router : "?",
			      s->mws[i].expr ? s->mws[i].expr : "");
		reg_add(rs, s, &s->mws[i].at, "middleware", w);
		free(w);
	}
	for (size_t i = 0; i < s->ninitgos; i++)
		reg_add(rs, s, &s->initgos[i].at, "init goroutine",
			s->initgos[i].expr ? s->initgos[i].expr : "?");
}

static int reg_cmp(const void *a, const void *b)
{
	const struct changes_reg *x = a, *y = b;
	int c = strcmp(x->kind, y->kind);

	return c != 0 ? c : strcmp(x->what, y->what);
}

void changes_regs_free(struct changes_reg *v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++) {
		free(v[i].kind);
		free(v[i].what);
		free(v[i].where);
	}
	free(v);
}

/* Moves the unmatched entries of two sorted sets into out (multiset diff). */
static void diff_sets(struct regset *a, struct regset *b, struct regset *out)
{
	size_t i = 0, j = 0;

	qsort(a->v, a->n, sizeof *a->v, reg_cmp);
	qsort(b->v, b->n, sizeof *b->v, reg_cmp);
	while (i < a->n || j < b->n) {
		int c = i >= a->n ? 1 : j >= b->n ? -1 : reg_cmp(&a->v[i], &b->v[j]);
		struct changes_reg *src = c < 0 ? &a->v[i] : &b->v[j];

		if (c == 0) {
			i++;
			j++;
			continue;
		}
		out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
		out->v[out->n] = *src;
		out->v[out->n].sign = c < 0 ? '-' : '+';
		src->kind = src->what = src->where = NULL;
		out->n++;
		if (c < 0)
			i++;
		else
			j++;
	}
	changes_regs_free(a->v, a->n);
	changes_regs_free(b->v, b->n);
	memset(a, 0, sizeof *a);
	memset(b, 0, sizeof *b);
}

void changes_diff_scans(const struct reposcan *a, const struct reposcan *b,
			struct changes_reg **out, size_t *n)
{
	struct regset ra = {0}, rb = {0}, d = {0};

	if (a != NULL)
		regs_of(a, &ra);
	if (b != NULL)
		regs_of(b, &rb);
	diff_sets(&ra, &rb, &d);
	*out = d.v;
	*n = d.n;
}

/* ---- per commit ---------------------------------------------------------- */

/* A changed file the Go build would compile: path inside the module
 * (prefix stripped), or NULL. */
static const char *go_file_in(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);
	const char *rel = path;

	if (n > 0) {
		if (strncmp(path, prefix, n) != 0 || path[n] != '/')
			return NULL;
		rel = path + n + 1;
	}
	if (!str_has_suffix(rel, ".go") || str_has_suffix(rel, "_test.go"))
		return NULL;
	for (const char *p = rel; *p;) {
		const char *e = strchr(p, '/');

		if (e == NULL)
			break;
		if (p[0] == '.' || p[0] == '_' || strncmp(p, "vendor/", 7) == 0 ||
		    strncmp(p, "testdata/", 9) == 0)
			return NULL;
		p = e + 1;
	}
	return rel;
}

static void commit_regs(struct gitrepo *r, const struct gitlog_commit *gc,
			const struct buildconstraint_ctx *ctx, struct changes_commit *out)
{
	struct reposcan *sa = NULL, *sb = NULL;
	struct regset ra = {0}, rb = {0}, d = {0};
	struct buf b;

	buf_init(&b);
	for (size_t i = 0; i < gc->nfiles; i++) {
		const struct gitlog_file *f = &gc->files[i];
		const char *rel = go_file_in(f->path, r->prefix);

		if (rel == NULL)
			continue;
		if (sa == NULL) {
			/* No root: the scans must not look at the disk (embeds). */
			sa = reposcan_new("", ctx);
			sb = reposcan_new("", ctx);
		}
		if (f->old_id[0] &&
		    gitrepo_read_blob(r, f->old_id, REPOSCAN_DEFAULT_MAX_FILE, &b, NULL, NULL) == 0)
			reposcan_source(sa, rel, b.data, b.len);
		if (f->new_id[0] &&
		    gitrepo_read_blob(r, f->new_id, REPOSCAN_DEFAULT_MAX_FILE, &b, NULL, NULL) == 0)
			reposcan_source(sb, rel, b.data, b.len);
	}
	buf_free(&b);
	if (sa == NULL)
		return;
	reposcan_finish(sa);
	reposcan_finish(sb);
	regs_of(sa, &ra);
	regs_of(sb, &rb);
	diff_sets(&ra, &rb, &d);
	out->regs = d.v;
	out->nregs = d.n;
	reposcan_free(sa);
	reposcan_free(sb);
}

int changes_compute(struct gitrepo *r, const char *running, const char *against,
		    const char *against_name, const struct buildconstraint_ctx *ctx,
		    const struct reposcan *running_scan, struct changes **out, char **cause)
{
	struct changes *c;
	double t0 = now_mono();

	*out = NULL;
	c = xcalloc(1, sizeof *c);
	snprintf(c->running, sizeof c->running, "%s", running);
	snprintf(c->against, sizeof c->against, "%s", against);
	c->against_name = xstrdup(against_name != NULL ? against_name : against);
	if (gitlog_lacks(r, running, against, 0, &c->log, cause) < 0) {
		changes_free(c);
		return -1;
	}
	c->relation = c->log->lacks == 0 ? (c->log->ahead ? CHANGES_AHEAD : CHANGES_SAME)
					 : (c->log->ahead ? CHANGES_DIVERGED : CHANGES_BEHIND);
	c->per = xcalloc(c->log->n + 1, sizeof *c->per);
	for (size_t i = 0; i < c->log->n; i++)
		commit_regs(r, &c->log->v[i], ctx, &c->per[i]);
	if (running_scan != NULL && c->relation != CHANGES_SAME) {
		struct srctree *t = gitrepo_tree(r, against, "against", NULL);
		struct reposcan_opts o;
		struct reposcan *sb = NULL;

		reposcan_opts_init(&o);
		o.ctx = ctx;
		if (t != NULL && reposcan_run_tree(t, &o, &sb, NULL) == 0)
			changes_diff_scans(running_scan, sb, &c->total, &c->ntotal);
		reposcan_free(sb);
		srctree_free(t);
	}
	c->seconds = now_mono() - t0;
	*out = c;
	return 0;
}

void changes_free(struct changes *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; c->log != NULL && i < c->log->n; i++)
		changes_regs_free(c->per[i].regs, c->per[i].nregs);
	free(c->per);
	changes_regs_free(c->total, c->ntotal);
	gitlog_free(c->log);
	free(c->against_name);
	free(c);
}

/* ---- telling it ------------------------------------------------------------ */

static void date_of(const struct gitlog_commit *gc, char out[16])
{
	time_t t = (time_t)gc->time + (time_t)gc->tz_minutes * 60;
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL)
		snprintf(out, 16, "?");
	else
		strftime(out, 16, "%Y-%m-%d", &tm);
}

char *changes_commit_line(const struct gitlog_commit *gc)
{
	char d[16], *subj = sanitize_str(gc->subject), *who = sanitize_str(gc->author), *s;

	date_of(gc, d);
	s = xasprintf("%.7s '%s' (%s, %s)", gc->hex, subj, d, who);
	free(subj);
	free(who);
	return s;
}

static const char *verb(char sign)
{
	return sign == '+' ? "adds" : "removes";
}

char *changes_summary(const struct changes *c)
{
	const struct gitlog_commit *gc;
	const struct changes_commit *pc;
	size_t pick = 0;
	struct buf b;
	char *subj, *s;

	if (c == NULL || c->log == NULL || c->log->lacks == 0 || c->log->n == 0)
		return NULL;
	for (size_t i = 0; i < c->log->n; i++)
		if (c->per[i].nregs > 0) {
			pick = i;
			break;
		}
	gc = &c->log->v[pick];
	pc = &c->per[pick];
	buf_init(&b);
	s = sanitize_str(c->against_name);
	buf_printf(&b, "the running build lacks %zu commit%s of %s", c->log->lacks,
		   c->log->lacks == 1 ? "" : "s", s);
	free(s);
	subj = sanitize_str(gc->subject);
	buf_printf(&b, "; %.7s '%s'", gc->hex, subj);
	free(subj);
	if (gc->nfiles > 0) {
		s = sanitize_str(gc->files[0].path);
		buf_printf(&b, " changes %s", s);
		free(s);
		if (gc->nfiles > 1)
			buf_printf(&b, " and %zu more file%s", gc->nfiles - 1,
				   gc->nfiles == 2 ? "" : "s");
	}
	for (size_t k = 0; k < pc->nregs && k < 2; k++) {
		s = sanitize_str(pc->regs[k].what);
		buf_printf(&b, "%s%s %s %s", k == 0 ? " and " : ", ", verb(pc->regs[k].sign),
			   pc->regs[k].kind, s);
		free(s);
	}
	if (pc->nregs > 2)
		buf_printf(&b, " and %zu more registration changes", pc->nregs - 2);
	return buf_steal(&b);
}

long changes_route_commit(const struct changes *c, const char *method, const char *path)
{
	size_t pl = strlen(path);

	for (size_t i = 0; c != NULL && c->log != NULL && i < c->log->n; i++) {
		for (size_t k = 0; k < c->per[i].nregs; k++) {
			const struct changes_reg *r = &c->per[i].regs[k];
			const char *sp;
			size_t rl;

			if (r->sign != '+' || strcmp(r->kind, "route") != 0 ||
			    (sp = strchr(r->what, ' ')) == NULL)
				continue;
			sp++;
			rl = strlen(sp);
			(void)method;
			if (strcmp(sp, path) == 0 ||
			    (rl < pl && strcmp(path + pl - rl, sp) == 0 && sp[0] == '/'))
				return (long)i;
		}
	}
	return -1;
}

static cJSON *regs_json(const struct changes_reg *v, size_t n)
{
	cJSON *a = cJSON_CreateArray();

	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "change", v[i].sign == '+' ? "added" : "removed");
		sanitize_json_add(o, "kind", v[i].kind);
		sanitize_json_add(o, "what", v[i].what);
		sanitize_json_add(o, "where", v[i].where);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static const char *relation_name(enum changes_relation r)
{
	static const char *const n[] = {"same", "behind", "ahead", "diverged"};

	return n[r];
}

cJSON *changes_to_json(const struct changes *c)
{
	cJSON *o = cJSON_CreateObject(), *a = cJSON_CreateArray();

	cJSON_AddStringToObject(o, "running", c->running);
	cJSON_AddStringToObject(o, "against", c->against);
	sanitize_json_add(o, "against_name", c->against_name);
	cJSON_AddStringToObject(o, "relation", relation_name(c->relation));
	cJSON_AddNumberToObject(o, "lacks", (double)c->log->lacks);
	cJSON_AddNumberToObject(o, "ahead", (double)c->log->ahead);
	for (size_t i = 0; i < c->log->n; i++) {
		const struct gitlog_commit *gc = &c->log->v[i];
		cJSON *co = cJSON_CreateObject(), *files = cJSON_CreateArray();
		char d[16];

		date_of(gc, d);
		cJSON_AddStringToObject(co, "hash", gc->hex);
		cJSON_AddStringToObject(co, "date", d);
		sanitize_json_add(co, "author", gc->author);
		sanitize_json_add(co, "subject", gc->subject);
		cJSON_AddNumberToObject(co, "parents", gc->nparents);
		for (size_t k = 0; k < gc->nfiles; k++) {
			cJSON *fo = cJSON_CreateObject();
			char st[2] = {gc->files[k].status, 0};

			sanitize_json_add(fo, "path", gc->files[k].path);
			cJSON_AddStringToObject(fo, "status", st);
			cJSON_AddItemToArray(files, fo);
		}
		cJSON_AddItemToObject(co, "files", files);
		cJSON_AddItemToObject(co, "registrations",
				      regs_json(c->per[i].regs, c->per[i].nregs));
		cJSON_AddItemToArray(a, co);
	}
	cJSON_AddItemToObject(o, "commits", a);
	cJSON_AddItemToObject(o, "registrations", regs_json(c->total, c->ntotal));
	cJSON_AddNumberToObject(o, "seconds", c->seconds);
	return o;
}

void changes_text(const struct changes *c, struct buf *out)
{
	char *an = sanitize_str(c->against_name);

	switch (c->relation) {
	case CHANGES_SAME:
		buf_printf(out, "the running revision %.7s is %s: nothing is missing\n", c->running,
			   an);
		break;
	case CHANGES_BEHIND:
		buf_printf(out, "the running build %.7s lacks %zu commit%s of %s %.7s\n",
			   c->running, c->log->lacks, c->log->lacks == 1 ? "" : "s", an,
			   c->against);
		break;
	case CHANGES_AHEAD:
		buf_printf(out,
			   "the running revision %.7s is %zu commit%s ahead of %s %.7s: the "
			   "checkout is behind the deploy\n",
			   c->running, c->log->ahead, c->log->ahead == 1 ? "" : "s", an,
			   c->against);
		break;
	case CHANGES_DIVERGED:
		buf_printf(out,
			   "the running revision %.7s is on another branch: it lacks %zu commit%s "
			   "of %s %.7s and has %zu that %s lacks\n",
			   c->running, c->log->lacks, c->log->lacks == 1 ? "" : "s", an, c->against,
			   c->log->ahead, an);
		break;
	}
	free(an);
	for (size_t i = 0; i < c->log->n; i++) {
		const struct gitlog_commit *gc = &c->log->v[i];
		char *line = changes_commit_line(gc);

		buf_printf(out, "\n%s\n", line);
		free(line);
		for (size_t k = 0; k < gc->nfiles; k++) {
			char *p = sanitize_str(gc->files[k].path);

			buf_printf(out, "    %c %s\n", gc->files[k].status, p);
			free(p);
		}
		for (size_t k = 0; k < c->per[i].nregs; k++) {
			const struct changes_reg *r = &c->per[i].regs[k];
			char *w = sanitize_str(r->what), *at = sanitize_str(r->where);

			buf_printf(out, "    %s %s %s  (%s)\n", verb(r->sign), r->kind, w, at);
			free(w);
			free(at);
		}
	}
	if (c->log->n < c->log->lacks)
		buf_printf(out, "\n... and %zu older commits\n", c->log->lacks - c->log->n);
	if (c->ntotal > 0) {
		buf_printf(out,
			   "\nregistrations in %s that the running build does not have, "
			   "and the reverse:\n",
			   c->against_name);
		for (size_t k = 0; k < c->ntotal; k++) {
			char *w = sanitize_str(c->total[k].what),
			     *at = sanitize_str(c->total[k].where);

			buf_printf(out, "  %c %s %s  (%s)\n", c->total[k].sign, c->total[k].kind, w,
				   at);
			free(w);
			free(at);
		}
	}
}
