/* modules_rows.c: the modules pane's sections and summary, laid out for a
 * width from the FACT_MODULES and FACT_PROXY facts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modules_rows_priv.h"

/* ---- inputs ------------------------------------------------------------ */

void modules_rows_inputs_from_facts(struct modules_rows_inputs *in, const struct facts *f,
				    unsigned collecting)
{
	memset(in, 0, sizeof *in);
	in->mods = f->mods;
	in->mods_error = f->mods_error;
	in->env = f->env;
	in->env_error = f->env_error;
	in->proxy = f->proxy;
	in->proxy_error = f->proxy_error;
	in->ndeps = f->ndeps;
	in->modules_collected = (f->collected & FACT_MODULES) != 0;
	in->proxy_collected = (f->collected & FACT_PROXY) != 0;
	in->collecting = (collecting & FACT_MODULES) != 0;
	in->probing = (collecting & FACT_PROXY) != 0;
}

/* ---- the requirements table --------------------------------------------- */

void modules_rows_layout(int cols, size_t maxpath, size_t maxver, struct modules_layout *lay)
{
	int room, v, module;

	memset(lay, 0, sizeof *lay);
	lay->cols = cols;
	lay->flag = 3;
	lay->sum = 8;
	lay->cache = 8;
	room = cols - lay->flag - lay->sum - lay->cache - 5;
	v = maxver < 6 ? 6 : maxver > 10 ? 10 : (int)maxver;
	module = room - 3 * v;
	if (maxpath < 6)
		maxpath = 6;
	if (module > (int)maxpath && (int)maxver > v) {
		int grow = (module - (int)maxpath) / 3;

		if (grow > (int)maxver - v)
			grow = (int)maxver - v;
		v += grow;
		module = room - 3 * v;
	}
	if (module < 16 && v > 6) {
		int shrink = (16 - module + 2) / 3;

		v -= shrink > v - 6 ? v - 6 : shrink;
		module = room - 3 * v;
	}
	/* Extra room stays to the right: the columns read better together. */
	if (module > (int)maxpath && module > 16)
		module = (int)maxpath > 16 ? (int)maxpath : 16;
	if (module < 1)
		module = 1;
	lay->version = v;
	lay->module = module;
	lay->x_module = lay->flag;
	lay->x_gomod = lay->x_module + module + 1;
	lay->x_binary = lay->x_gomod + v + 1;
	lay->x_vendor = lay->x_binary + v + 1;
	lay->x_sum = lay->x_vendor + v + 1;
	lay->x_cache = lay->x_sum + lay->sum + 1;
}

const char *modules_rows_sum_short(enum modstate_sum s, enum modules_tone *tone)
{
	static const char *const n[] = {"n/a", "ok", "no zip", "no mod", "MISSING", "CONFLICT"};
	static const enum modules_tone t[] = {MODULES_TONE_DIM,	 MODULES_TONE_GOOD,
					      MODULES_TONE_WARN, MODULES_TONE_WARN,
					      MODULES_TONE_BAD,	 MODULES_TONE_BAD};

	if ((unsigned)s >= ARRAY_LEN(n)) {
		*tone = MODULES_TONE_DIM;
		return "?";
	}
	*tone = t[s];
	return n[s];
}

const char *modules_rows_cache_short(enum modstate_cache c, enum modules_tone *tone)
{
	static const char *const n[] = {"n/a", "absent", "ok", "unsummed", "MISMATCH", "error"};
	static const enum modules_tone t[] = {MODULES_TONE_DIM,	 MODULES_TONE_DIM,
					      MODULES_TONE_GOOD, MODULES_TONE_WARN,
					      MODULES_TONE_BAD,	 MODULES_TONE_WARN};

	if ((unsigned)c >= ARRAY_LEN(n)) {
		*tone = MODULES_TONE_DIM;
		return "?";
	}
	*tone = t[c];
	return n[c];
}

/* Which version cells disagree with the intent: go.mod's version, or the
 * binary's when go.mod does not require the module. A binary built from a
 * local directory says "(devel)": different code, but not a version skew. */
enum modules_tone modules_rows_binary_tone(const struct modstate_req *r)
{
	if (r->binary_version == NULL || r->gomod_version == NULL ||
	    strcmp(r->binary_version, r->gomod_version) == 0)
		return MODULES_TONE_NORMAL;
	return strcmp(r->binary_version, "(devel)") == 0 ? MODULES_TONE_WARN : MODULES_TONE_BAD;
}

enum modules_tone modules_rows_vendor_tone(const struct modstate *m, const struct modstate_req *r)
{
	const char *ref = r->gomod_version ? r->gomod_version : r->binary_version;

	if (r->vendor_version == NULL || ref == NULL || strcmp(ref, r->vendor_version) == 0)
		return MODULES_TONE_NORMAL;
	/* Stale vendor/ breaks a -mod=vendor build; otherwise it is ignored. */
	return m->buildmod && strcmp(m->buildmod, "vendor") == 0 ? MODULES_TONE_BAD
								 : MODULES_TONE_WARN;
}

static void req_row(struct modules_view *v, const struct modules_rows_inputs *in, size_t i)
{
	const struct modstate *m = in->mods;
	const struct modstate_req *r = &m->req[i];
	const struct modules_layout *lay = &v->lay;
	struct modules_row *row = modules_rows_add(&v->body, MODULES_ROW_REQ, MODULES_SEC_REQ, i);
	enum modules_tone bt = modules_rows_binary_tone(r), vt = modules_rows_vendor_tone(m, r), st,
			  ct, ft;
	const char *sum = modules_rows_sum_short(r->sum, &st),
		   *cache = modules_rows_cache_short(r->cache, &ct);
	int replaced = r->replace != NULL || r->workspace_dir != NULL;
	char flag[3] = {r->disagree ? '*' : ' ', replaced ? '>' : ' ', '\0'};
	const char *unknown_bin = in->ndeps == 0 ? "?" : "-";
	char *match;

	ft = bt == MODULES_TONE_BAD || vt == MODULES_TONE_BAD ? MODULES_TONE_BAD
	     : r->disagree				      ? MODULES_TONE_WARN
							      : MODULES_TONE_NORMAL;
	modules_rows_put(row, 0, 2, ft, flag, MODULES_ABBREV_END, in->ascii);
	modules_rows_put(row, lay->x_module, lay->module, MODULES_TONE_NORMAL, r->path,
			 MODULES_ABBREV_PATH, in->ascii);
	modules_rows_put(row, lay->x_gomod, lay->version,
			 r->gomod_version ? MODULES_TONE_NORMAL : MODULES_TONE_DIM,
			 r->gomod_version ? r->gomod_version : "-", MODULES_ABBREV_VERSION,
			 in->ascii);
	modules_rows_put(
	    row, lay->x_binary, lay->version, r->binary_version ? bt : MODULES_TONE_DIM,
	    r->binary_version ? r->binary_version : unknown_bin, MODULES_ABBREV_VERSION, in->ascii);
	modules_rows_put(
	    row, lay->x_vendor, lay->version, r->vendor_version ? vt : MODULES_TONE_DIM,
	    r->vendor_version ? r->vendor_version : "-", MODULES_ABBREV_VERSION, in->ascii);
	modules_rows_put(row, lay->x_sum, lay->sum, st, sum, MODULES_ABBREV_END, in->ascii);
	modules_rows_put(row, lay->x_cache, lay->cache, ct, cache, MODULES_ABBREV_END, in->ascii);
	match = xasprintf(
	    "%s %s %s %s %s %s %s%s%s%s", r->path, r->gomod_version ? r->gomod_version : "",
	    r->binary_version ? r->binary_version : "", r->vendor_version ? r->vendor_version : "",
	    modstate_sum_name(r->sum), modstate_cache_name(r->cache), r->replace ? r->replace : "",
	    r->disagree ? " disagree" : "", r->indirect ? " indirect" : "",
	    replaced ? " replaced" : "");
	row->match = modules_rows_lower(match);
	free(match);
	v->ndisagree += r->disagree != 0;
	v->nreplaced += replaced;
}

static void req_section(struct modules_view *v, const struct modules_rows_inputs *in)
{
	const struct modstate *m = in->mods;
	size_t maxpath = 0, maxver = 0;
	const struct modules_layout *lay = &v->lay;
	struct modules_row *h = &v->reqhead;

	for (size_t i = 0; m != NULL && i < m->nreq; i++) {
		const struct modstate_req *r = &m->req[i];
		const char *ver[3] = {r->gomod_version, r->binary_version, r->vendor_version};
		size_t n = modules_rows_cp_len(r->path);

		maxpath = n > maxpath ? n : maxpath;
		for (int k = 0; k < 3; k++)
			if (ver[k] != NULL && (n = modules_rows_cp_len(ver[k])) > maxver)
				maxver = n;
	}
	modules_rows_layout(v->cols, maxpath, maxver, &v->lay);
	h->kind = MODULES_ROW_TITLE;
	modules_rows_put(h, lay->x_module, lay->module, MODULES_TONE_TITLE, "MODULE",
			 MODULES_ABBREV_END, 1);
	modules_rows_put(h, lay->x_gomod, lay->version, MODULES_TONE_TITLE, "GO.MOD",
			 MODULES_ABBREV_END, 1);
	modules_rows_put(h, lay->x_binary, lay->version, MODULES_TONE_TITLE, "BINARY",
			 MODULES_ABBREV_END, 1);
	modules_rows_put(h, lay->x_vendor, lay->version, MODULES_TONE_TITLE, "VENDOR",
			 MODULES_ABBREV_END, 1);
	modules_rows_put(h, lay->x_sum, lay->sum, MODULES_TONE_TITLE, "GO.SUM", MODULES_ABBREV_END,
			 1);
	modules_rows_put(h, lay->x_cache, lay->cache, MODULES_TONE_TITLE, "CACHE",
			 MODULES_ABBREV_END, 1);
	if (m == NULL) {
		const char *why = !in->modules_collected && in->collecting
				      ? "collecting module state..."
				  : in->mods_error ? in->mods_error
						   : "not collected yet (r collects it)";

		modules_rows_prose(&v->body, MODULES_SEC_REQ, MODULES_ROW_TEXT, 0, 1, v->cols,
				   in->mods_error ? MODULES_TONE_WARN : MODULES_TONE_DIM, why, 0);
		return;
	}
	if (m->nreq == 0)
		modules_rows_prose(&v->body, MODULES_SEC_REQ, MODULES_ROW_TEXT, 0, 1, v->cols,
				   MODULES_TONE_DIM, "go.mod requires no module", 0);
	for (size_t i = 0; i < m->nreq; i++)
		req_row(v, in, i);
	v->nreq = m->nreq;
}

/* ---- the Go environment ------------------------------------------------- */

char *modules_rows_source_label(const struct goenv_var *var)
{
	if (var->source == GOENV_SRC_DEFAULT)
		return xstrdup(var->where ? var->where : "default");
	return xasprintf("%s: %s", goenv_source_name(var->source), var->where ? var->where : "?");
}

enum modules_tone modules_rows_env_tone(enum goenv_id id, const char *value)
{
	if (id == GOENV_GOSUMDB && strcmp(value, "off") == 0)
		return MODULES_TONE_WARN;
	if (id == GOENV_GOPROXY && (strcmp(value, "off") == 0 || *value == '\0'))
		return MODULES_TONE_WARN;
	if (id == GOENV_GOINSECURE && *value != '\0')
		return MODULES_TONE_WARN;
	return MODULES_TONE_NORMAL;
}

/* "shadows file=..., ignored (empty): shell": the other layers' values. */
static char *env_others(const struct goenv_var *var)
{
	struct buf b;

	buf_init(&b);
	for (int s = GOENV_SRC_PROCESS; s >= GOENV_SRC_GOROOT; s--) {
		char *d;

		if (s == (int)var->source || var->layer[s] == NULL)
			continue;
		if (s > (int)var->source) {
			buf_printf(&b, "%s%s is set but empty, so ignored", b.len ? "; " : "",
				   goenv_source_name((enum goenv_source)s));
			continue;
		}
		d = goenv_display(var->layer[s]);
		buf_printf(&b, "%sshadows %s=%s", b.len ? "; " : "",
			   goenv_source_name((enum goenv_source)s), d);
		free(d);
	}
	return b.len ? buf_steal(&b) : (buf_free(&b), NULL);
}

static void env_section(struct modules_view *v, const struct modules_rows_inputs *in)
{
	const struct goenv *env = in->env;
	int srcw = 10, valw = 10, cols = v->cols;
	char *t;

	if (env != NULL && env->pid > 0)
		t = xasprintf("Go environment: service (PID %d) > this shell > go env -w file > "
			      "default",
			      env->pid);
	else
		t = xstrdup("Go environment: this shell > go env -w file > default");
	modules_rows_title(&v->body, MODULES_SEC_ENV, cols, t);
	free(t);
	if (env == NULL) {
		modules_rows_prose(&v->body, MODULES_SEC_ENV, MODULES_ROW_TEXT, 0, 1, cols,
				   MODULES_TONE_DIM,
				   in->collecting ? "collecting..." : "not collected", 0);
		return;
	}
	if (in->env_error != NULL) {
		t = xasprintf("the service's environment is unreadable (%s): this shell's is shown",
			      in->env_error);
		modules_rows_prose(&v->body, MODULES_SEC_ENV, MODULES_ROW_TEXT, 0, 1, cols,
				   MODULES_TONE_WARN, t, 0);
		free(t);
	}
	/* Columns as wide as their longest entry, so a wide screen keeps the
	 * source next to its value. */
	for (int i = 0; i < GOENV_NVARS; i++) {
		const struct goenv_var *var = goenv_get(env, (enum goenv_id)i);
		char *s = modules_rows_source_label(var), *d = goenv_display(var->value);
		int n = (int)modules_rows_cp_len(s), dn = (int)modules_rows_cp_len(d);

		srcw = n > srcw ? n : srcw;
		valw = dn > valw ? dn : valw;
		free(s);
		free(d);
	}
	srcw = srcw > 28 ? 28 : srcw;
	if (valw > cols - MODULES_ENV_VALUE_X - 2 - srcw)
		valw = cols - MODULES_ENV_VALUE_X - 2 - srcw;
	for (int i = 0; i < GOENV_NVARS; i++) {
		const struct goenv_var *var = goenv_get(env, (enum goenv_id)i);
		struct modules_row *row =
		    modules_rows_add(&v->body, MODULES_ROW_ENV, MODULES_SEC_ENV, (size_t)i);
		char *d = goenv_display(var->value), *s = modules_rows_source_label(var), *o;

		modules_rows_put(row, MODULES_ENV_NAME_X,
				 MODULES_ENV_VALUE_X - MODULES_ENV_NAME_X - 1, MODULES_TONE_NORMAL,
				 var->name, MODULES_ABBREV_END, in->ascii);
		modules_rows_put(row, MODULES_ENV_VALUE_X, valw,
				 *d ? modules_rows_env_tone((enum goenv_id)i, var->value)
				    : MODULES_TONE_DIM,
				 *d ? d : "(empty)", MODULES_ABBREV_END, in->ascii);
		modules_rows_put(row, MODULES_ENV_VALUE_X + valw + 2, srcw,
				 var->source == GOENV_SRC_DEFAULT ? MODULES_TONE_DIM
								  : MODULES_TONE_NORMAL,
				 s, MODULES_ABBREV_PATH, in->ascii);
		if ((o = env_others(var)) != NULL)
			modules_rows_prose(&v->body, MODULES_SEC_ENV, MODULES_ROW_TEXT, 0,
					   MODULES_ENV_VALUE_X + 2, cols, MODULES_TONE_DIM, o, 0);
		free(o);
		free(d);
		free(s);
	}
	t = xasprintf("go env -w file: %s; GOROOT: %s",
		      env->env_file_off ? "off (GOENV=off)"
		      : env->env_file	? env->env_file
					: "none",
		      env->goroot ? env->goroot : "unknown");
	modules_rows_prose(&v->body, MODULES_SEC_ENV, MODULES_ROW_TEXT, 0, 1, cols,
			   MODULES_TONE_DIM, t, 0);
	free(t);
}

/* ---- vendor, workspace, problems ---------------------------------------- */

static enum modules_tone buildmod_tone(const struct modstate *m)
{
	if (m->buildmod_reason && strstr(m->buildmod_reason, "go fails") != NULL)
		return MODULES_TONE_BAD;
	if (m->vendor_error && m->buildmod && strcmp(m->buildmod, "vendor") == 0)
		return MODULES_TONE_BAD;
	return MODULES_TONE_NORMAL;
}

static void vendor_section(struct modules_view *v, const struct modules_rows_inputs *in)
{
	const struct modstate *m = in->mods;
	int cols = v->cols, is_vendor = strcmp(m->buildmod ? m->buildmod : "", "vendor") == 0;
	char *t;

	modules_rows_title(&v->body, MODULES_SEC_VENDOR, cols, "Vendor");
	t = xasprintf("go build uses -mod=%s: %s", m->buildmod ? m->buildmod : "?",
		      m->buildmod_reason ? m->buildmod_reason : "");
	modules_rows_prose(&v->body, MODULES_SEC_VENDOR, MODULES_ROW_TEXT, 0, 1, cols,
			   buildmod_tone(m), t, 0);
	free(t);
	if (!m->have_vendor_dir) {
		modules_rows_prose(&v->body, MODULES_SEC_VENDOR, MODULES_ROW_TEXT, 0, 1, cols,
				   MODULES_TONE_DIM, "no vendor/ directory", 0);
	} else {
		t = m->have_modules_txt
			? xasprintf("%s/vendor/modules.txt lists %zu module(s)%s",
				    m->vendor_root ? m->vendor_root : ".", m->vendor.nlist,
				    m->vendor.workspace ? " (made for a workspace)" : "")
			: xasprintf("%s/vendor/ has no modules.txt",
				    m->vendor_root ? m->vendor_root : ".");
		modules_rows_prose(&v->body, MODULES_SEC_VENDOR, MODULES_ROW_TEXT, 0, 1, cols,
				   m->have_modules_txt ? MODULES_TONE_NORMAL : MODULES_TONE_WARN, t,
				   0);
		free(t);
	}
	if (m->vendor_error != NULL) {
		modules_rows_prose(&v->body, MODULES_SEC_VENDOR, MODULES_ROW_TEXT, 0, 1, cols,
				   is_vendor ? MODULES_TONE_BAD : MODULES_TONE_WARN,
				   is_vendor ? "go build fails with:"
					     : "a build with -mod=vendor would fail with:",
				   0);
		modules_rows_prose(&v->body, MODULES_SEC_VENDOR, MODULES_ROW_TEXT, 0, 3, cols,
				   is_vendor ? MODULES_TONE_BAD : MODULES_TONE_WARN,
				   m->vendor_error, 1);
	} else if (m->have_vendor_dir && m->have_modules_txt) {
		modules_rows_prose(&v->body, MODULES_SEC_VENDOR, MODULES_ROW_TEXT, 0, 1, cols,
				   MODULES_TONE_GOOD,
				   "vendor/modules.txt is consistent with go.mod", 0);
	}
	for (size_t i = 0; i < m->vendor_newer.n; i++) {
		t = xasprintf("newer than vendor/modules.txt (edited after go mod vendor?): %s",
			      m->vendor_newer.v[i]);
		modules_rows_prose(&v->body, MODULES_SEC_VENDOR, MODULES_ROW_TEXT, 0, 1, cols,
				   MODULES_TONE_WARN, t, 0);
		free(t);
	}
}

static void work_section(struct modules_view *v, const struct modules_rows_inputs *in)
{
	const struct modstate *m = in->mods;
	const char *gowork = in->env ? goenv_value(in->env, GOENV_GOWORK) : "";
	int cols = v->cols;
	char *t;

	modules_rows_title(&v->body, MODULES_SEC_WORK, cols, "Workspace");
	t = xasprintf("module %s (go %s) in %s", m->mod.module ? m->mod.module : "?",
		      m->mod.go ? m->mod.go : "unset", m->dir ? m->dir : "?");
	modules_rows_prose(&v->body, MODULES_SEC_WORK, MODULES_ROW_TEXT, 0, 1, cols,
			   MODULES_TONE_NORMAL, t, 0);
	free(t);
	if (m->workspace) {
		t = xasprintf("workspace mode: %s swaps in %zu module(s):",
			      m->work_path ? m->work_path : "?", m->work_modules.n);
		modules_rows_prose(&v->body, MODULES_SEC_WORK, MODULES_ROW_TEXT, 0, 1, cols,
				   MODULES_TONE_NORMAL, t, 0);
		free(t);
		for (size_t i = 0; i < m->work_modules.n; i++) {
			t = xasprintf("use %s", m->work_modules.v[i]);
			modules_rows_prose(&v->body, MODULES_SEC_WORK, MODULES_ROW_TEXT, 0, 3, cols,
					   MODULES_TONE_NORMAL, t, 0);
			free(t);
		}
		for (size_t i = 0; i < m->work.nreplace; i++) {
			const struct gomod_replace *r = &m->work.replace[i];

			t = xasprintf("replace %s%s%s => %s%s%s (go.work:%d)", r->old_path,
				      r->old_version ? " " : "",
				      r->old_version ? r->old_version : "", r->new_path,
				      r->new_version ? " " : "",
				      r->new_version ? r->new_version : "", r->line);
			modules_rows_prose(&v->body, MODULES_SEC_WORK, MODULES_ROW_TEXT, 0, 3, cols,
					   MODULES_TONE_NORMAL, t, 0);
			free(t);
		}
	} else if (m->work_path != NULL) {
		t = xasprintf("not in workspace mode (GOWORK=%s); %s is ignored",
			      *gowork ? gowork : "", m->work_path);
		modules_rows_prose(&v->body, MODULES_SEC_WORK, MODULES_ROW_TEXT, 0, 1, cols,
				   MODULES_TONE_WARN, t, 0);
		free(t);
	} else {
		modules_rows_prose(&v->body, MODULES_SEC_WORK, MODULES_ROW_TEXT, 0, 1, cols,
				   MODULES_TONE_DIM, "not in workspace mode (no go.work)", 0);
	}
}

static void issues(struct modules_view *v, const struct gomod_issues *is, const char *file)
{
	for (size_t i = 0; i < is->n; i++) {
		char *t = xasprintf("%s:%d: %s", file, is->v[i].line, is->v[i].msg);

		modules_rows_prose(&v->body, MODULES_SEC_PROBLEMS, MODULES_ROW_TEXT, 0, 1, v->cols,
				   MODULES_TONE_WARN, t, 0);
		free(t);
	}
}

static void problems_section(struct modules_view *v, const struct modules_rows_inputs *in)
{
	const struct modstate *m = in->mods;

	if (m->mod.issues.n + m->sum.issues.n + m->work.issues.n + m->vendor.issues.n +
		m->notes.n ==
	    0)
		return;
	modules_rows_title(&v->body, MODULES_SEC_PROBLEMS, v->cols, "Problems in the files");
	issues(v, &m->mod.issues, "go.mod");
	issues(v, &m->sum.issues, "go.sum");
	issues(v, &m->work.issues, "go.work");
	issues(v, &m->vendor.issues, "vendor/modules.txt");
	for (size_t i = 0; i < m->notes.n; i++)
		modules_rows_prose(&v->body, MODULES_SEC_PROBLEMS, MODULES_ROW_TEXT, 0, 1, v->cols,
				   MODULES_TONE_WARN, m->notes.v[i], 0);
}

/* ---- the GOPROXY probe ------------------------------------------------- */

char *modules_rows_proxy_result(const struct proxyprobe_entry *e, enum modules_tone *tone)
{
	switch (e->outcome) {
	case PROXYPROBE_OK:
		*tone = MODULES_TONE_GOOD;
		return xasprintf("%ld ok", e->status);
	case PROXYPROBE_NOT_FOUND:
		*tone = MODULES_TONE_NORMAL;
		return e->status ? xasprintf("%ld not found: next", e->status)
				 : xstrdup("not found: next");
	case PROXYPROBE_ERROR:
		*tone = MODULES_TONE_BAD;
		return e->error ? xstrdup(e->error) : xasprintf("HTTP %ld", e->status);
	case PROXYPROBE_UNPROBED:
		*tone = e->kind == PROXYPROBE_OFF ? MODULES_TONE_WARN : MODULES_TONE_DIM;
		return xstrdup(e->kind == PROXYPROBE_DIRECT ? "version control, not probed"
			       : e->kind == PROXYPROBE_OFF  ? "downloads disabled"
							    : "GONOPROXY: direct");
	default:
		*tone = MODULES_TONE_DIM;
		return xstrdup("not run");
	}
}

static void ms(char *out, size_t n, double s)
{
	snprintf(out, n, s * 1000 < 10 ? "%.1f" : "%.0f", s * 1000);
}

static char *timings(const struct proxyprobe_entry *e)
{
	char d[16], c[16], t[16];

	if (e->kind != PROXYPROBE_URL || e->outcome == PROXYPROBE_NOT_RUN)
		return xstrdup("");
	ms(d, sizeof d, e->t_dns);
	ms(c, sizeof c, e->t_connect);
	ms(t, sizeof t, e->t_total);
	return xasprintf("%s/%s/%s ms", d, c, t);
}

enum modules_tone modules_rows_decision_tone(const struct proxyprobe *p)
{
	return p->served	   ? MODULES_TONE_GOOD
	       : p->direct_reached ? MODULES_TONE_WARN
				   : MODULES_TONE_BAD;
}

static void proxy_section(struct modules_view *v, const struct modules_rows_inputs *in)
{
	const struct proxyprobe *p = in->proxy;
	int cols = v->cols;
	char *t;

	t = xasprintf("GOPROXY probe%s%s (times: dns/connect/total)", p && p->module ? " of " : "",
		      p && p->module ? p->module : "");
	modules_rows_title(&v->body, MODULES_SEC_PROXY, cols, t);
	free(t);
	if (in->probing || p == NULL) {
		modules_rows_prose(&v->body, MODULES_SEC_PROXY, MODULES_ROW_TEXT, 0, 1, cols,
				   in->proxy_error && !in->probing ? MODULES_TONE_WARN
								   : MODULES_TONE_DIM,
				   in->probing	     ? "probing..."
				   : in->proxy_error ? in->proxy_error
						     : "not probed yet (r probes)",
				   0);
		return;
	}
	for (size_t i = 0; i < p->n; i++) {
		const struct proxyprobe_entry *e = &p->v[i];
		struct modules_row *row =
		    modules_rows_add(&v->body, MODULES_ROW_PROXY, MODULES_SEC_PROXY, i);
		enum modules_tone tone;
		char num[24], *res = modules_rows_proxy_result(e, &tone), *tim = timings(e),
			      *url = modules_rows_clean(e->url);
		const char *sep = e->fallback_on_error ? "|" : i + 1 < p->n ? "," : "";
		int urlw = (int)modules_rows_cp_len(url), timw = (int)strlen(tim),
		    resw = (int)modules_rows_cp_len(res);

		/* One line when URL, result and timings fit, else the result below. */
		if (3 + urlw + 3 + resw + 1 + timw > cols) {
			urlw = urlw > cols - 5 ? cols - 5 : urlw;
			resw = cols - 3 - timw - 1;
		}
		snprintf(num, sizeof num, "%zu.", i + 1);
		modules_rows_put(row, 0, 3, MODULES_TONE_DIM, num, MODULES_ABBREV_END, in->ascii);
		modules_rows_put(row, 3, urlw, MODULES_TONE_NORMAL, e->url, MODULES_ABBREV_END,
				 in->ascii);
		modules_rows_put(row, 3 + urlw + 1, 1, MODULES_TONE_TITLE, sep, MODULES_ABBREV_END,
				 in->ascii);
		if (3 + urlw + 3 + resw + 1 + timw > cols)
			row = modules_rows_add(&v->body, MODULES_ROW_PROXY, MODULES_SEC_PROXY, i);
		else
			resw = cols - (3 + urlw + 3) - timw - 1;
		modules_rows_put(row, row->ncell ? 3 + urlw + 3 : 3, resw, tone, res,
				 MODULES_ABBREV_END, in->ascii);
		modules_rows_put(row, cols - timw, timw, MODULES_TONE_DIM, tim, MODULES_ABBREV_END,
				 in->ascii);
		free(res);
		free(tim);
		free(url);
	}
	if (p->parse_error != NULL)
		modules_rows_prose(&v->body, MODULES_SEC_PROXY, MODULES_ROW_TEXT, 0, 1, cols,
				   MODULES_TONE_WARN, p->parse_error, 0);
	t = xasprintf("what go would do: %s", p->decision ? p->decision : "?");
	modules_rows_prose(&v->body, MODULES_SEC_PROXY, MODULES_ROW_TEXT, 0, 1, cols,
			   modules_rows_decision_tone(p), t, 0);
	free(t);
	for (size_t i = 0; i < p->walk.n; i++)
		modules_rows_prose(&v->body, MODULES_SEC_PROXY, MODULES_ROW_TEXT, 0, 3, cols,
				   MODULES_TONE_DIM, p->walk.v[i], 0);
}

/* ---- the summary ------------------------------------------------------- */

static void summary(struct modules_view *v, const struct modules_rows_inputs *in, const char *label,
		    enum modules_tone tone, const char *text)
{
	struct modules_row *row =
	    modules_rows_add(&v->summary, MODULES_ROW_TEXT, MODULES_SEC_REQ, 0);

	modules_rows_put(row, 0, MODULES_SUMMARY_LABEL - 1, MODULES_TONE_TITLE, label,
			 MODULES_ABBREV_END, in->ascii);
	modules_rows_put(row, MODULES_SUMMARY_LABEL, v->cols - MODULES_SUMMARY_LABEL, tone, text,
			 MODULES_ABBREV_END, in->ascii);
}

static void summaries(struct modules_view *v, const struct modules_rows_inputs *in)
{
	const struct modstate *m = in->mods;
	const struct proxyprobe *p = in->proxy;
	char *t;

	if (m == NULL) {
		summary(v, in, "module", in->mods_error ? MODULES_TONE_WARN : MODULES_TONE_DIM,
			!in->modules_collected && in->collecting ? "collecting module state..."
			: in->mods_error			 ? in->mods_error
								 : "not collected yet");
	} else {
		int is_vendor = m->buildmod && strcmp(m->buildmod, "vendor") == 0;

		t = xasprintf("%s go %s: %zu required, %zu disagree (*), %zu replaced (>)",
			      m->mod.module ? m->mod.module : "?", m->mod.go ? m->mod.go : "unset",
			      v->nreq, v->ndisagree, v->nreplaced);
		summary(v, in, "module", MODULES_TONE_NORMAL, t);
		free(t);
		t = xasprintf("-mod=%s: %s", m->buildmod ? m->buildmod : "?",
			      m->buildmod_reason ? m->buildmod_reason : "");
		summary(v, in, "build", buildmod_tone(m), t);
		free(t);
		if (m->vendor_error != NULL) {
			t = xasprintf("INCONSISTENT with go.mod (%zu problem%s): %s",
				      m->vendor_lines.n, m->vendor_lines.n == 1 ? "" : "s",
				      is_vendor ? "go build fails"
						: "ignored now; go build -mod=vendor fails");
			summary(v, in, "vendor", is_vendor ? MODULES_TONE_BAD : MODULES_TONE_WARN,
				t);
			free(t);
		} else if (m->have_modules_txt) {
			summary(v, in, "vendor", MODULES_TONE_GOOD, "consistent with go.mod");
		} else {
			summary(v, in, "vendor",
				m->have_vendor_dir ? MODULES_TONE_WARN : MODULES_TONE_DIM,
				m->have_vendor_dir ? "vendor/ has no modules.txt"
						   : "no vendor/ directory");
		}
	}
	if (in->probing) {
		summary(v, in, "proxy", MODULES_TONE_DIM, "probing...");
	} else if (p != NULL) {
		summary(v, in, "proxy", modules_rows_decision_tone(p),
			p->decision ? p->decision : "?");
	} else {
		summary(v, in, "proxy", in->proxy_error ? MODULES_TONE_WARN : MODULES_TONE_DIM,
			in->proxy_error ? in->proxy_error : "not probed yet");
	}
}

struct modules_view *modules_rows_build(const struct modules_rows_inputs *in, int cols)
{
	struct modules_view *v = xcalloc(1, sizeof *v);

	v->cols = cols < 40 ? 40 : cols;
	req_section(v, in);
	env_section(v, in);
	if (in->mods != NULL) {
		vendor_section(v, in);
		work_section(v, in);
	}
	proxy_section(v, in);
	if (in->mods != NULL)
		problems_section(v, in);
	summaries(v, in);
	return v;
}

size_t modules_rows_find_req(const struct modules_view *v, const struct modules_rows_inputs *in,
			     const char *path)
{
	for (size_t i = 0; in->mods != NULL && i < v->body.n; i++)
		if (v->body.v[i].kind == MODULES_ROW_REQ && v->body.v[i].ref < in->mods->nreq &&
		    strcmp(in->mods->req[v->body.v[i].ref].path, path) == 0)
			return i;
	return (size_t)-1;
}
