/* cmd_goroutines.c: `gotriage goroutines URL|FILE|-`: a goroutine dump
 * (debug=2, or panic output from a log) bucketed by stack, like panicparse
 * but fast enough for 100k goroutines. From a URL it first fetches the
 * cheap debug=1 profile for the total, then the dump, and says how many
 * goroutines the dump lacks (the runtime stops writing it at 64 MiB). */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "collectors/base/common.h"
#include "collectors/runtime/gbucket.h"
#include "collectors/runtime/gdump.h"
#include "collectors/runtime/gprofile.h"
#include "collectors/net/http.h"
#include "collectors/base/sanitize.h"
#include "goroutines_diff.h"

struct opts {
	const char *source;
	const char *grep;
	const char *module;
	const char *diff; /* --diff OLD: an earlier saved dump */
	enum gbucket_mode mode;
	size_t max_bytes;
	size_t ids;
	int json;
};

/* What was fetched or read, for the report. */
struct origin {
	char *dump_url;	   /* NULL for a file */
	char *profile_url; /* NULL when there is no debug=1 counterpart */
	long status;
	double fetch_seconds;
	int cut_by_cap; /* our --max-mb cap, not the runtime's */
	struct gprofile prof;
	int have_prof;
	char *prof_error;
};

static int is_url(const char *s);

static int is_regular_file(const char *path)
{
	struct stat sb;

	return !is_url(path) && strcmp(path, "-") != 0 && stat(path, &sb) == 0 &&
	       S_ISREG(sb.st_mode);
}

/* Returns 1 to go on, or 0 with the exit status in *status. */
static int parse_args(int argc, char **argv, struct opts *o, int *status)
{
	struct cmdargs a;
	char *cause = NULL;
	long mb = -1, ids = 0;

	memset(o, 0, sizeof *o);
	o->mode = GBUCKET_POINTERS;
	if (!commands_parse("goroutines", argc, argv, &a, status))
		return 0;
	o->json = cmdargs_has(&a, "json");
	o->grep = cmdargs_get(&a, "grep");
	o->module = cmdargs_get(&a, "module");
	o->diff = cmdargs_get(&a, "diff");
	if (cmdargs_has(&a, "loose") && cmdargs_has(&a, "exact")) {
		*status = commands_usage_error("goroutines", "--loose or --exact, not both");
		return 0;
	}
	if (cmdargs_has(&a, "loose"))
		o->mode = GBUCKET_LOOSE;
	if (cmdargs_has(&a, "exact"))
		o->mode = GBUCKET_EXACT;
	if (cmdargs_long(&a, "max-mb", 1, 4096, &mb, &cause) < 0 ||
	    cmdargs_long(&a, "ids", 0, 4096000, &ids, &cause) < 0) {
		*status = commands_usage_error("goroutines", "%s", cause);
		free(cause);
		return 0;
	}
	o->ids = (size_t)ids;
	if (a.npos == 0) {
		*status = commands_usage_error(
		    "goroutines",
		    "name a URL (http://127.0.0.1:6060), a saved dump, or - for stdin");
		return 0;
	}
	o->source = a.pos[0];
	/* A fetch is capped like every fetch, and so is a pipe or stdin
	 * (it may never end); a regular file the engineer saved is read whole
	 * (up to what the parser's 32-bit offsets take), not cut at the fetch
	 * cap with most of its goroutines missing. */
	if (mb < 0)
		o->max_bytes = is_regular_file(o->source) ? GDUMP_MAX_BYTES : HTTP_CAP_DUMP;
	else
		o->max_bytes = (size_t)mb * MIB;
	return 1;
}

static int is_url(const char *s)
{
	return str_has_prefix(s, "http://") || str_has_prefix(s, "https://");
}

/* A base URL gets the pprof path; a full one is used as given, and its
 * debug=1 counterpart is the same URL with debug=2 replaced. */
static void make_urls(const char *url, struct origin * or)
{
	const char *host = strstr(url, "://") + 3;
	const char *path = strchr(host, '/');
	const char *d2;

	if (path == NULL || strcmp(path, "/") == 0) {
		size_t n = path == NULL ? strlen(url) : (size_t)(path - url);

		or->dump_url = xasprintf("%.*s/debug/pprof/goroutine?debug=2", (int)n, url);
		or->profile_url = xasprintf("%.*s/debug/pprof/goroutine?debug=1", (int)n, url);
		return;
	}
	or->dump_url = xstrdup(url);
	if ((d2 = strstr(url, "debug=2")) != NULL)
		or->profile_url = xasprintf("%.*sdebug=1%s", (int)(d2 - url), url, d2 + 7);
}

static struct http_response *get(const char *url, const char *label, long timeout_ms,
				 size_t max_bytes)
{
	struct http_request rq;

	memset(&rq, 0, sizeof rq);
	rq.url = url;
	rq.label = label;
	rq.timeout_ms = timeout_ms;
	rq.max_bytes = max_bytes;
	return http_run_sync(&rq);
}

static char *clean_n(const char *s, size_t n)
{
	struct buf b;

	buf_init(&b);
	sanitize_append(&b, s, n, 0);
	return b.data != NULL ? buf_steal(&b) : xstrdup("");
}

/* Fetches debug=1 then debug=2; fills d. Returns 0, or 2 after printing
 * one line that says what was tried and what to do. */
static int fetch(const struct opts *o, struct origin * or, struct gdump *d)
{
	struct http_response *r;
	char *cause = NULL, *u;
	int rc = 0;

	make_urls(o->source, or);
	if (or->profile_url != NULL) {
		r = get(or->profile_url, "goroutine profile", 15000, HTTP_CAP_PROFILE);
		/* A profile cut at its cap is not read: its total would be a guess. */
		if ((or->prof_error = http_problem(r)) == NULL) {
			if (gprofile_parse(r->body.data, r->body.len, & or->prof, &cause) == 0)
				or->have_prof = 1;
			else
				or->prof_error = cause;
			cause = NULL;
		}
		/* An endpoint that hangs, stalls or drips on the cheap profile
		 * would do the same on the dump: say so now, not minutes later. */
		if (r->error != NULL) {
			char *pu = sanitize_str(or->profile_url), *e = sanitize_str(r->error);

			fprintf(stderr,
				"gotriage goroutines: %s: %s; the endpoint is not answering "
				"normally, so the dump was not fetched (raise the limits with "
				"--timeout/--low-speed-time if it is only slow)\n",
				pu, e);
			free(pu);
			free(e);
			http_response_free(r);
			return 2;
		}
		http_response_free(r);
	}
	/* The runtime stops the world while it writes debug=2: 12 s for 100k
	 * goroutines measured on Go 1.19, so the timeout is generous. */
	r = get(or->dump_url, "goroutine dump", 180000, o->max_bytes);
	u = sanitize_str(or->dump_url);
	if (r->error != NULL) {
		char *e = sanitize_str(r->error);

		fprintf(stderr,
			"gotriage goroutines: fetching %s failed: %s (is the service up, "
			"and net/http/pprof served there?)\n",
			u, e);
		free(e);
		rc = 2;
	} else if (r->status != 200) {
		char *why = http_problem(r), *w = sanitize_str(why);

		fprintf(stderr, "gotriage goroutines: %s %s%s\n", u, w,
			r->status == 404 ? ": net/http/pprof is not served there (import "
					   "_ \"net/http/pprof\", or pass the debug listener's URL)"
					 : "");
		free(why);
		free(w);
		rc = 2;
	} else {
		or->status = r->status;
		or->fetch_seconds = r->t_total;
		or->cut_by_cap = r->truncated;
		if (gdump_parse_buf(&r->body, d, &cause) != 0) {
			char *c = sanitize_str(cause);

			fprintf(stderr, "gotriage goroutines: %s: %s\n", u, c);
			free(c);
			rc = 2;
		} else if (d->ng == 0) {
			const char *ct = http_header(r, "Content-Type");
			char *cc = sanitize_str(ct != NULL ? ct : "none");

			char *why = r->truncated ? http_problem(r) : NULL;

			fprintf(stderr,
				"gotriage goroutines: %s answered 200 (content type %s) but "
				"not with a goroutine dump%s%s: pass the debug listener's URL\n",
				u, cc, why ? "; " : "", why ? why : "");
			free(why);
			free(cc);
			rc = 2;
		}
	}
	free(cause);
	free(u);
	http_response_free(r);
	return rc;
}

static int load(const struct opts *o, struct gdump *d, struct origin * or)
{
	char *cause = NULL;
	int trunc = 0;

	if (gdump_load(o->source, o->max_bytes, d, &trunc, &cause) != 0) {
		char *c = sanitize_str(cause);

		fprintf(stderr,
			"gotriage goroutines: %s; pass a saved debug=2 dump, "
			"- for stdin, or http://HOST:PORT\n",
			c);
		free(c);
		free(cause);
		return 2;
	}
	or->cut_by_cap = trunc;
	if (d->ng == 0) {
		char *src = sanitize_str(o->source);

		fprintf(stderr,
			"gotriage goroutines: no \"goroutine N [state]:\" line in %s (%zu lines "
			"read): pass the output of /debug/pprof/goroutine?debug=2 or a panic\n",
			src, d->lines);
		free(src);
		return 2;
	}
	return 0;
}

/* The bucket listing is most of the output (400k lines for a diverse
 * 100k-goroutine dump), so it is written into one buffer with each
 * string id sanitised once, not per frame through printf. */
struct textout {
	struct buf b;
	const struct gbuckets *k;
	char **file; /* per string id: sanitised "dir/file.go", or NULL */
	char **func; /* per string id: sanitised name, or NULL */
};

#define TEXTOUT_FLUSH (1u << 20)

static void textout_init(struct textout *t, const struct gbuckets *k)
{
	size_t n = gdump_nstr(k->d) ? gdump_nstr(k->d) : 1;

	buf_init(&t->b);
	t->k = k;
	t->file = xcalloc(n, sizeof *t->file);
	t->func = xcalloc(n, sizeof *t->func);
}

static void textout_flush(struct textout *t)
{
	if (t->b.len > 0)
		fwrite(t->b.data, 1, t->b.len, stdout);
	t->b.len = 0;
}

static void textout_free(struct textout *t)
{
	size_t n = gdump_nstr(t->k->d);

	textout_flush(t);
	for (size_t i = 0; i < n; i++) {
		free(t->file[i]);
		free(t->func[i]);
	}
	free(t->file);
	free(t->func);
	buf_free(&t->b);
}

/* "dir/file.go" of a file id: enough to find it, short enough for one line. */
static const char *short_file(struct textout *t, uint32_t id)
{
	if (t->file[id] == NULL) {
		const char *file = gdump_str(t->k->d, id), *p = file + strlen(file);
		int slashes = 0;

		while (p > file && slashes < 2)
			if (*--p == '/' && ++slashes == 2)
				p++;
		t->file[id] = sanitize_str(p);
	}
	return t->file[id];
}

static const char *clean_func(struct textout *t, uint32_t id)
{
	if (t->func[id] == NULL)
		t->func[id] = sanitize_str(gdump_str(t->k->d, id));
	return t->func[id];
}

static void out_u(struct buf *b, unsigned long long v)
{
	char d[24];
	int i = (int)sizeof d;

	do
		d[--i] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	buf_add(b, d + i, sizeof d - (size_t)i);
}

static size_t digits(uint32_t v)
{
	size_t n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/* Width of "dir/file.go:LINE", or of "?" for a frame without a file. */
static size_t loc_width(struct textout *t, const struct gdump_frame *f)
{
	if (f->flags & GDUMP_F_NOFILE)
		return 1;
	return strlen(short_file(t, f->file)) + 1 + digits(f->line);
}

static void out_loc(struct textout *t, const struct gdump_frame *f)
{
	if (f->flags & GDUMP_F_NOFILE) {
		buf_addc(&t->b, '?');
		return;
	}
	buf_adds(&t->b, short_file(t, f->file));
	buf_addc(&t->b, ':');
	out_u(&t->b, f->line);
}

static void print_frame(struct textout *t, const struct gdump_frame *f, size_t width)
{
	const struct gdump *d = t->k->d;
	size_t an, w = loc_width(t, f);
	const char *a = gdump_args(d, f, &an);

	buf_add(&t->b, gbucket_is_main(t->k, f->func) ? "  * " : "    ", 4);
	out_loc(t, f);
	for (; w < width + 2; w++)
		buf_addc(&t->b, ' ');
	buf_adds(&t->b, clean_func(t, f->func));
	buf_addc(&t->b, '(');
	sanitize_append(&t->b, a, an, 0);
	buf_add(&t->b, ")\n", 2);
}

static void print_bucket(struct textout *t, const struct gbucket *k, size_t ids)
{
	const struct gbuckets *b = t->k;
	const struct gdump *d = b->d;
	const struct gdump_goroutine *g = gbucket_rep(b, k);
	const struct gdump_frame *fr = gdump_gframes(d, g), *c = gdump_creator(d, g);
	struct buf *o = &t->b;
	size_t width = 0;

	out_u(o, k->count);
	buf_add(o, ": ", 2);
	buf_adds(o, clean_func(t, k->state));
	if (k->wait_max > 0) {
		buf_add(o, ", ", 2);
		if (k->wait_min != k->wait_max) {
			out_u(o, k->wait_min);
			buf_addc(o, '-');
		}
		out_u(o, k->wait_max);
		buf_adds(o, " minutes");
	}
	if (k->locked > 0) {
		buf_add(o, ", ", 2);
		out_u(o, k->locked);
		buf_adds(o, " locked to thread");
	}
	if (b->diffed && k->prev == 0)
		buf_adds(o, "  (new)");
	else if (b->diffed)
		buf_printf(o, "  (%+lld)", (long long)k->count - (long long)k->prev);
	buf_addc(o, '\n');
	if (g->labels_len > 0) {
		buf_adds(o, "    labels ");
		sanitize_append(o, d->text + g->labels_off, g->labels_len, 0);
		buf_addc(o, '\n');
	}
	for (uint32_t i = 0; i < g->nframes; i++) {
		size_t n = loc_width(t, &fr[i]);

		width = n > width ? n : width;
	}
	if (g->flags & GDUMP_G_UNAVAILABLE)
		buf_adds(o, "    (running on another thread: stack unavailable)\n");
	for (uint32_t i = 0; i < g->nframes; i++) {
		if ((g->flags & GDUMP_G_ELIDED) && i == g->elided_at && g->elided_n > 0)
			buf_printf(o, "    ...%u frames elided...\n", g->elided_n);
		else if ((g->flags & GDUMP_G_ELIDED) && i == g->elided_at)
			buf_adds(o, "    ...frames elided...\n");
		print_frame(t, &fr[i], width);
	}
	if ((g->flags & GDUMP_G_ELIDED) && g->elided_at >= g->nframes)
		buf_adds(o, "    ...frames elided...\n");
	if (c != NULL) {
		buf_adds(o, "    created by ");
		buf_adds(o, clean_func(t, c->func));
		buf_adds(o, " at ");
		out_loc(t, c);
		buf_addc(o, '\n');
	}
	if (ids > 0) {
		const uint32_t *m = gbucket_members(b, k);

		buf_adds(o, "    ids");
		for (uint32_t i = 0; i < k->count && i < ids; i++) {
			buf_addc(o, ' ');
			out_u(o, d->g[m[i]].id);
		}
		if (k->count > ids)
			buf_printf(o, " ... (%u more)", k->count - (uint32_t)ids);
		buf_addc(o, '\n');
	}
	buf_addc(o, '\n');
	if (o->len >= TEXTOUT_FLUSH)
		textout_flush(t);
}

static double mib(size_t n)
{
	return (double)n / (double)MIB;
}

/* The lines about completeness: our cap, the runtime's cap, the total. */
static void completeness(const struct gdump *d, const struct origin * or, struct strlist *out)
{
	if (or->cut_by_cap)
		strlist_addf(out,
			     "the dump was cut at the %.0f MiB cap (--max-mb): goroutines are "
			     "missing",
			     mib(d->len));
	if (d->runtime_cap)
		strlist_addf(out,
			     "the dump ends mid-line at exactly 64 MiB: the Go runtime stopped "
			     "writing it there (runtime/pprof's cap), so goroutines are missing");
	else if (d->ends_midline && ! or->cut_by_cap)
		strlist_addf(out, "the dump ends in the middle of a line: it was cut short");
	if (or->have_prof && or->prof.total > d->ng)
		strlist_addf(out,
			     "debug=1 counted %llu goroutines, the dump has %zu: %llu missing%s",
			     (unsigned long long) or->prof.total, d->ng,
			     (unsigned long long)(or->prof.total - d->ng),
			     d->ends_midline ? "" : " (or started between the two fetches)");
}

static int report_text(const struct opts *o, const struct gdump *d, const struct gbuckets *b,
		       const struct gbucket_filter *f, const struct origin * or)
{
	struct strlist notes = {0};
	struct textout to;
	size_t shown = 0, shown_g = 0;
	char *src = sanitize_str(or->dump_url != NULL ? or->dump_url : o->source);

	completeness(d, or, &notes);
	printf("%zu goroutines in %zu buckets (%s), %.1f MiB from %s\n", d->ng, b->n,
	       gbucket_mode_name(b->mode), mib(d->len), src);
	free(src);
	if (or->dump_url != NULL)
		printf("fetched in %.2f s, parsed in %.3f s, bucketed in %.3f s\n",
		       or->fetch_seconds, d->parse_seconds, b->seconds);
	else
		printf("parsed in %.3f s, bucketed in %.3f s\n", d->parse_seconds, b->seconds);
	if (or->have_prof)
		printf("debug=1 total: %llu goroutines\n", (unsigned long long) or->prof.total);
	else if (or->prof_error != NULL) {
		char *e = sanitize_str(or->prof_error);

		printf("debug=1 total: unknown (%s)\n", e);
		free(e);
	}
	for (size_t i = 0; i < notes.n; i++)
		printf("WARNING: %s\n", notes.v[i]);
	for (size_t i = 0; i < d->npreamble; i++) {
		const char *t = gdump_span_text(d, d->preamble[i]);
		size_t n = d->preamble[i].len;
		int tab = n > 0 && t[0] == '\t'; /* panic continuation lines */
		char *l = clean_n(t + tab, n - (size_t)tab);

		printf("%s%s\n", tab ? "    " : "", l);
		free(l);
	}
	if (d->unparsed > 0) {
		size_t n = d->kept[0].len > 200 ? 200 : d->kept[0].len;
		char *l = clean_n(gdump_span_text(d, d->kept[0]), n);

		printf("%zu line%s not understood, the first: %s%s\n", d->unparsed,
		       d->unparsed == 1 ? "" : "s", l, n < d->kept[0].len ? "..." : "");
		free(l);
	}
	putchar('\n');
	textout_init(&to, b);
	for (size_t i = 0; i < b->n; i++) {
		if (!gbucket_matches(b, &b->v[i], f))
			continue;
		shown++;
		shown_g += b->v[i].count;
		print_bucket(&to, &b->v[i], o->ids);
	}
	textout_free(&to);
	if (f != NULL) {
		char *g = sanitize_str(o->grep);

		printf("--grep %s: %zu of %zu buckets, %zu goroutines\n", g, shown, b->n, shown_g);
		free(g);
	}
	strlist_free(&notes);
	return f != NULL && shown == 0 ? 1 : 0;
}

static int report_json(const struct opts *o, const struct gdump *d, const struct gbuckets *b,
		       const struct gbucket_filter *f, const struct origin * or)
{
	cJSON *root = cJSON_CreateObject(), *bj, *arr;
	struct strlist notes = {0};
	char *s = sanitize_str(or->dump_url != NULL ? or->dump_url : o->source);
	int matched;

	cJSON_AddStringToObject(root, "source", s);
	free(s);
	if (or->dump_url != NULL) {
		cJSON_AddNumberToObject(root, "http_status", or->status);
		cJSON_AddNumberToObject(root, "fetch_seconds", or->fetch_seconds);
	}
	cJSON_AddNumberToObject(root, "goroutines", (double)d->ng);
	cJSON_AddBoolToObject(root, "cut_by_cap", or->cut_by_cap);
	if (or->have_prof) {
		cJSON_AddNumberToObject(root, "profile_total", (double) or->prof.total);
		cJSON_AddNumberToObject(
		    root, "missing", or->prof.total > d->ng ? (double)(or->prof.total - d->ng) : 0);
	} else if (or->prof_error != NULL) {
		s = sanitize_str(or->prof_error);
		cJSON_AddStringToObject(root, "profile_error", s);
		free(s);
	}
	cJSON_AddItemToObject(root, "dump", gdump_to_json(d, 0));
	bj = gbuckets_to_json(b, f, o->ids ? o->ids : 20);
	arr = cJSON_GetObjectItem(bj, "buckets");
	matched = cJSON_GetArraySize(arr);
	cJSON_AddNumberToObject(bj, "total_buckets", (double)b->n);
	cJSON_AddNumberToObject(bj, "bucket_seconds", b->seconds);
	cJSON_AddItemToObject(root, "bucketing", bj);
	completeness(d, or, &notes);
	cJSON_AddItemToObject(root, "warnings", sanitize_json_list(&notes, NULL));
	strlist_free(&notes);
	s = cJSON_Print(root);
	puts(s);
	free(s);
	cJSON_Delete(root);
	return f != NULL && matched == 0 ? 1 : 0;
}

/* A journal side's note: what its snapshot kept. */
static void jside_note(const char *which, const struct goroutines_jside *j)
{
	if (j->s.other > 0)
		printf("%s: the journal kept the %zu largest of %llu buckets; %llu goroutines in "
		       "the rest are counted in the total but not compared\n",
		       which, j->s.kept, (unsigned long long)j->s.buckets,
		       (unsigned long long)j->s.other);
}

static int jside_error(char *cause)
{
	char *c = sanitize_str(cause);

	fprintf(stderr,
		"gotriage goroutines: %s; pass a saved debug=2 dump or a session journal "
		"(FILE or FILE@N)\n",
		c);
	free(c);
	free(cause);
	return 2;
}

/* --diff OLD NEW: NEW against the earlier OLD; each a saved dump or a
 * session journal's goroutine snapshot (NEW may also be a URL). */
static int diff_main(const struct opts *o)
{
	struct opts oo = *o;
	struct origin nor, oor;
	struct gdump nd, od;
	struct goroutines_jside nj, oj;
	struct gbuckets b, ob;
	char *cause = NULL;
	int rc, njr, ojr;
	unsigned long long ntotal, ototal;

	memset(&nor, 0, sizeof nor);
	memset(&oor, 0, sizeof oor);
	memset(&nd, 0, sizeof nd);
	memset(&od, 0, sizeof od);
	njr = is_url(o->source) ? 0 : goroutines_jside_load(o->source, &nj, &cause);
	if (njr < 0)
		return jside_error(cause);
	if (njr == 0 && (rc = is_url(o->source) ? fetch(o, &nor, &nd) : load(o, &nd, &nor)) != 0)
		goto out_new;
	ojr = goroutines_jside_load(o->diff, &oj, &cause);
	if (ojr < 0) {
		rc = jside_error(cause);
		goto out_new;
	}
	oo.source = o->diff;
	oo.max_bytes = GDUMP_MAX_BYTES;
	if (ojr == 0 && (rc = load(&oo, &od, &oor)) != 0)
		goto out_new;
	gbucket_build(njr ? &nj.s.d : &nd, o->mode, o->module, &b);
	gbucket_build(ojr ? &oj.s.d : &od, o->mode, o->module, &ob);
	if (njr)
		jsnap_weigh(&b, &nj.s);
	if (ojr)
		jsnap_weigh(&ob, &oj.s);
	ntotal = njr ? nj.s.total : nd.ng;
	ototal = ojr ? oj.s.total : od.ng;
	gbucket_diff(&b, &ob);
	if (o->json) {
		/* A journal keeps one goroutine per stack: no ids to list. */
		cJSON *root = gbuckets_to_json(&b, NULL, njr ? 0 : o->ids);
		char *s;

		cJSON_AddNumberToObject(root, "old_total", (double)ototal);
		cJSON_AddNumberToObject(root, "new_total", (double)ntotal);
		if (ojr)
			cJSON_AddStringToObject(root, "old_source", oj.label);
		if (njr)
			cJSON_AddStringToObject(root, "new_source", nj.label);
		s = cJSON_Print(root);
		puts(s);
		free(s);
		cJSON_Delete(root);
	} else {
		if (ojr)
			jside_note("old", &oj);
		if (njr)
			jside_note("new", &nj);
		goroutines_diff_print(&b, &ob, ojr ? oj.label : o->diff, njr ? nj.label : o->source,
				      ototal, ntotal);
	}
	gbuckets_free(&b);
	gbuckets_free(&ob);
	rc = 0;
	goroutines_jside_free(&oj);
out_new:
	gdump_free(&od);
	if (njr)
		goroutines_jside_free(&nj);
	gdump_free(&nd);
	gprofile_free(&nor.prof);
	free(nor.prof_error);
	free(nor.dump_url);
	free(nor.profile_url);
	return rc;
}

int cmd_goroutines(int argc, char **argv)
{
	struct opts o;
	struct origin or ;
	struct gdump d;
	struct gbuckets b;
	struct gbucket_filter *f = NULL;
	char *cause = NULL;
	int rc;

	if (!parse_args(argc, argv, &o, &rc))
		return rc;
	memset(& or, 0, sizeof or);
	memset(&d, 0, sizeof d);
	if (o.diff != NULL)
		return diff_main(&o);
	rc = is_url(o.source) ? fetch(&o, & or, &d) : load(&o, &d, & or);
	if (rc == 0) {
		gbucket_build(&d, o.mode, o.module, &b);
		if (o.grep != NULL &&
		    (f = gbucket_filter_new(&d, o.grep, GBUCKET_FILTER_REGEX, &cause)) == NULL) {
			char *c = sanitize_str(cause);

			fprintf(stderr,
				"gotriage goroutines: %s; pass --grep a POSIX extended regex, "
				"e.g. 'HandleFunc|ServeHTTP'\n",
				c);
			free(c);
			rc = 2;
		} else {
			rc = o.json ? report_json(&o, &d, &b, f, & or)
				    : report_text(&o, &d, &b, f, & or);
		}
		gbucket_filter_free(f);
		gbuckets_free(&b);
	}
	free(cause);
	gdump_free(&d);
	gprofile_free(& or.prof);
	free(or.prof_error);
	free(or.dump_url);
	free(or.profile_url);
	return rc;
}
