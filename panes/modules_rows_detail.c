/* modules_rows_detail.c: every field behind one requirement, variable or
 * GOPROXY entry of the modules pane, labelled and wrapped. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modules_rows_priv.h"

/* ---- detail views ------------------------------------------------------ */

static void field(struct modules_lines *d, int cols, const char *label, enum modules_tone tone,
		  const char *value)
{
	size_t first = d->n;

	modules_rows_prose(d, MODULES_SEC_REQ, MODULES_ROW_TEXT, 0, MODULES_DETAIL_LABEL + 1, cols,
			   tone, value && *value ? value : "-", 0);
	if (d->n > first) {
		struct modules_row *r = &d->v[first];
		struct modules_cell c = r->cell[0];

		r->ncell = 0;
		modules_rows_put(r, 1, MODULES_DETAIL_LABEL - 1, MODULES_TONE_TITLE, label,
				 MODULES_ABBREV_END, 0);
		r->cell[r->ncell++] = c;
	}
}

static void fieldf(struct modules_lines *d, int cols, const char *label, enum modules_tone tone,
		   const char *fmt, ...) PRINTF_LIKE(5, 6);
static void fieldf(struct modules_lines *d, int cols, const char *label, enum modules_tone tone,
		   const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	field(d, cols, label, tone, s);
	free(s);
}

static const char *sum_why(enum modstate_sum s)
{
	switch (s) {
	case MODSTATE_SUM_OK:
		return "both h1: lines (the zip and its go.mod) are in go.sum";
	case MODSTATE_SUM_NO_ZIP:
		return "only the /go.mod line: enough for the module graph, but go build stops "
		       "with "
		       "\"missing go.sum entry\" if a package of this module is imported";
	case MODSTATE_SUM_NO_GOMOD:
		return "no /go.mod line: go cannot verify this module's go.mod";
	case MODSTATE_SUM_MISSING:
		return "no go.sum line at all: go build stops with \"missing go.sum entry\"";
	case MODSTATE_SUM_CONFLICT:
		return "go.sum has two different hashes for one key: go refuses it";
	default:
		return "nothing to check (a directory replacement, or no version)";
	}
}

static const char *cache_why(enum modstate_cache c)
{
	switch (c) {
	case MODSTATE_CACHE_ABSENT:
		return "not in the module cache";
	case MODSTATE_CACHE_OK:
		return "every cached file hashes as go.sum says";
	case MODSTATE_CACHE_UNSUMMED:
		return "in the cache, but go.sum has no hash to compare with";
	case MODSTATE_CACHE_MISMATCH:
		return "a recomputed hash differs: the cache was edited or corrupted after "
		       "download "
		       "(go mod verify fails)";
	case MODSTATE_CACHE_ERROR:
		return "a cached file could not be read";
	default:
		return "not checked";
	}
}

static void req_detail(struct modules_lines *d, const struct modules_rows_inputs *in, size_t i,
		       int cols)
{
	const struct modstate *m = in->mods;
	const struct modstate_req *r = &m->req[i];
	enum modules_tone st, ct;

	modules_rows_sum_short(r->sum, &st);
	modules_rows_cache_short(r->cache, &ct);
	field(d, cols, "module", MODULES_TONE_NORMAL, r->path);
	if (r->gomod_version)
		fieldf(d, cols, "go.mod", MODULES_TONE_NORMAL, "%s%s (%s:%d)", r->gomod_version,
		       r->indirect ? " // indirect" : "", r->gomod_file ? r->gomod_file : "go.mod",
		       r->gomod_line);
	else
		field(d, cols, "go.mod", MODULES_TONE_DIM, "not required by go.mod");
	if (r->replace)
		fieldf(d, cols, "replaced by", MODULES_TONE_NORMAL, "%s (%s)", r->replace,
		       r->replace_source ? r->replace_source : "?");
	if (r->workspace_dir)
		field(d, cols, "workspace use", MODULES_TONE_NORMAL, r->workspace_dir);
	if (in->ndeps == 0)
		field(d, cols, "binary", MODULES_TONE_DIM,
		      "unknown: no build info from a running binary (attach with --pid)");
	else
		field(d, cols, "binary",
		      r->binary_version ? modules_rows_binary_tone(r) : MODULES_TONE_DIM,
		      r->binary_version ? r->binary_version : "not in the binary's build info");
	if (r->binary_replace)
		field(d, cols, "binary replace", MODULES_TONE_NORMAL, r->binary_replace);
	field(d, cols, "vendor",
	      r->vendor_version ? modules_rows_vendor_tone(m, r) : MODULES_TONE_DIM,
	      r->vendor_version ? r->vendor_version : "not in vendor/modules.txt");
	if (r->disagree)
		fieldf(d, cols, "versions", MODULES_TONE_WARN,
		       "DISAGREE: go.mod %s, binary %s, vendor %s",
		       r->gomod_version ? r->gomod_version : "-",
		       r->binary_version ? r->binary_version : "-",
		       r->vendor_version ? r->vendor_version : "-");
	else
		field(d, cols, "versions", MODULES_TONE_GOOD,
		      "the sources that name a version agree");
	if (r->checked_path)
		fieldf(d, cols, "checked as", MODULES_TONE_NORMAL, "%s %s", r->checked_path,
		       r->checked_version ? r->checked_version : "");
	fieldf(d, cols, "go.sum", st, "%s: %s", modstate_sum_name(r->sum), sum_why(r->sum));
	if (r->sum_gomod)
		fieldf(d, cols, "  /go.mod h1", MODULES_TONE_NORMAL, "%s (go.sum:%d)", r->sum_gomod,
		       r->sum_gomod_line);
	if (r->sum_zip)
		fieldf(d, cols, "  zip h1", MODULES_TONE_NORMAL, "%s (go.sum:%d)", r->sum_zip,
		       r->sum_zip_line);
	if (r->sum_conflict)
		field(d, cols, "  other hash", MODULES_TONE_BAD, r->sum_conflict);
	fieldf(d, cols, "cache", ct, "%s: %s", modstate_cache_name(r->cache), cache_why(r->cache));
	if (r->cache_mod_h1)
		field(d, cols, "  .mod h1", MODULES_TONE_NORMAL, r->cache_mod_h1);
	if (r->cache_zip_h1)
		field(d, cols, "  .zip h1", MODULES_TONE_NORMAL, r->cache_zip_h1);
	if (r->cache_ziphash)
		field(d, cols, "  .ziphash", MODULES_TONE_NORMAL, r->cache_ziphash);
	for (size_t k = 0; k < r->cache_problems.n; k++)
		field(d, cols, k == 0 ? "  problems" : "", MODULES_TONE_BAD,
		      r->cache_problems.v[k]);
}

static void env_detail(struct modules_lines *d, const struct modules_rows_inputs *in, size_t i,
		       int cols)
{
	static const char *const layer_label[] = {"default", "GOROOT/go.env", "go env -w",
						  "this shell", "the service"};
	const struct goenv_var *var = goenv_get(in->env, (enum goenv_id)i);
	char *val = goenv_display(var->value), *src = modules_rows_source_label(var);

	field(d, cols, "variable", MODULES_TONE_NORMAL, var->name);
	field(d, cols, "value",
	      *val ? modules_rows_env_tone((enum goenv_id)i, var->value) : MODULES_TONE_DIM,
	      *val ? val : "(empty)");
	field(d, cols, "from", MODULES_TONE_NORMAL, src);
	for (int s = GOENV_SRC_PROCESS; s >= GOENV_SRC_GOROOT; s--) {
		char *lv;

		if (s == GOENV_SRC_PROCESS && in->env->pid <= 0)
			continue;
		lv = var->layer[s] ? goenv_display(var->layer[s]) : NULL;
		fieldf(d, cols, layer_label[s],
		       s == (int)var->source ? MODULES_TONE_GOOD : MODULES_TONE_DIM, "%s%s%s",
		       lv == NULL ? "unset"
		       : *lv	  ? lv
				  : "(set but empty: ignored)",
		       s == (int)var->source ? "  <- used" : "",
		       lv != NULL && s < (int)var->source ? "  (shadowed)" : "");
		free(lv);
	}
	if (var->source == GOENV_SRC_DEFAULT)
		field(d, cols, "default", MODULES_TONE_GOOD, "used: no layer sets it");
	field(d, cols, "env file", MODULES_TONE_DIM,
	      in->env->env_file_off ? "off (GOENV=off)"
	      : in->env->env_file   ? in->env->env_file
				    : "none");
	free(val);
	free(src);
}

static void proxy_detail(struct modules_lines *d, const struct modules_rows_inputs *in, size_t i,
			 int cols)
{
	const struct proxyprobe *p = in->proxy;
	const struct proxyprobe_entry *e = &p->v[i];
	static const char *const kinds[] = {"proxy URL", "direct (version control)", "off",
					    "noproxy (GONOPROXY modules go direct)"};
	enum modules_tone tone;
	char *res = modules_rows_proxy_result(e, &tone);

	fieldf(d, cols, "entry", MODULES_TONE_NORMAL, "%zu of %zu: %s", i + 1, p->n, e->url);
	field(d, cols, "kind", MODULES_TONE_NORMAL, (unsigned)e->kind < 4 ? kinds[e->kind] : "?");
	field(d, cols, "on failure", MODULES_TONE_NORMAL,
	      e->fallback_on_error ? "'|' follows: any error falls through to the next entry"
	      : i + 1 < p->n	   ? "',' follows: only 404/410 fall through"
				   : "last entry: go fails with its error");
	if (e->probe_url)
		field(d, cols, "probed", MODULES_TONE_NORMAL, e->probe_url);
	field(d, cols, "result", tone, res);
	if (e->status)
		fieldf(d, cols, "HTTP status", MODULES_TONE_NORMAL, "%ld", e->status);
	if (e->error)
		field(d, cols, "error", MODULES_TONE_BAD, e->error);
	if (e->kind == PROXYPROBE_URL && e->outcome != PROXYPROBE_NOT_RUN)
		fieldf(d, cols, "timings", MODULES_TONE_NORMAL,
		       "dns %.1f ms, connect %.1f ms, total %.1f ms", e->t_dns * 1000,
		       e->t_connect * 1000, e->t_total * 1000);
	field(d, cols, "go would", modules_rows_decision_tone(p), p->decision);
	free(res);
}

struct modules_lines *modules_rows_detail(const struct modules_rows_inputs *in,
					  const struct modules_row *row, int cols)
{
	struct modules_lines *d;

	if (cols < 40)
		cols = 40;
	if (row == NULL ||
	    (row->kind == MODULES_ROW_REQ && (in->mods == NULL || row->ref >= in->mods->nreq)) ||
	    (row->kind == MODULES_ROW_ENV && (in->env == NULL || row->ref >= GOENV_NVARS)) ||
	    (row->kind == MODULES_ROW_PROXY && (in->proxy == NULL || row->ref >= in->proxy->n)) ||
	    (row->kind != MODULES_ROW_REQ && row->kind != MODULES_ROW_ENV &&
	     row->kind != MODULES_ROW_PROXY))
		return NULL;
	d = xcalloc(1, sizeof *d);
	if (row->kind == MODULES_ROW_REQ)
		req_detail(d, in, row->ref, cols);
	else if (row->kind == MODULES_ROW_ENV)
		env_detail(d, in, row->ref, cols);
	else
		proxy_detail(d, in, row->ref, cols);
	return d;
}
