/* facts_doc_read.c: reading a facts document (outside bytes) back into a
 * target and its facts. Every field is type-checked; a missing or
 * mistyped field reads as absent, never as garbage. */
#include <arpa/inet.h>
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "collectors/elf/buildinfo.h"
#include "collectors/gomod/goenv.h"
#include "collectors/gomod/proxyjson.h"
#include "collectors/net/proxyprobe.h"
#include "collectors/runtime/gbucket.h"
#include "collectors/runtime/gdump.h"
#include "facts_doc.h"
#include "facts_parts.h"

#ifndef GOTRIAGE_VERSION
#define GOTRIAGE_VERSION "dev"
#endif

/* ---- gzip ---------------------------------------------------------------- */

static int gunzip(const unsigned char *in, size_t len, struct buf *out, char **cause)
{
	z_stream z;
	unsigned char chunk[65536];
	int rc;

	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return err_set(cause, "cannot start gzip decoding");
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)(len > UINT32_MAX ? UINT32_MAX : len);
	do {
		z.next_out = chunk;
		z.avail_out = sizeof chunk;
		rc = inflate(&z, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END) {
			inflateEnd(&z);
			return err_set(cause, "not a valid gzip stream (%s)",
				       z.msg ? z.msg : "corrupt data");
		}
		buf_add(out, chunk, sizeof chunk - z.avail_out);
		if (out->len > FACTS_DOC_CAP) {
			inflateEnd(&z);
			return err_set(cause, "larger than %zu MiB once decompressed: refused",
				       FACTS_DOC_CAP / MIB);
		}
		if (rc != Z_STREAM_END && z.avail_in == 0 && z.avail_out != 0) {
			inflateEnd(&z);
			return err_set(cause, "the gzip stream is cut short");
		}
	} while (rc != Z_STREAM_END);
	inflateEnd(&z);
	return 0;
}

/* ---- typed access ---------------------------------------------------------- */

static const char *js(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static char *jsdup(const cJSON *o, const char *k)
{
	const char *s = js(o, k);

	return s ? xstrdup(s) : NULL;
}

static double jn(const cJSON *o, const char *k, double def)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsNumber(v) ? v->valuedouble : def;
}

/* An integer within [lo, hi], else def. */
static long ji(const cJSON *o, const char *k, long lo, long hi, long def)
{
	double d = jn(o, k, (double)def);

	return d >= (double)lo && d <= (double)hi ? (long)d : def;
}

static int jb(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsTrue(v) || (cJSON_IsNumber(v) && v->valuedouble != 0);
}

static const cJSON *jo(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsObject(v) ? v : NULL;
}

/* An array, and its length capped (the rest is ignored). */
static const cJSON *ja(const cJSON *o, const char *k, size_t *n)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	int len;

	*n = 0;
	if (!cJSON_IsArray(v))
		return NULL;
	len = cJSON_GetArraySize(v);
	*n = len < 0 ? 0 : (size_t)len;
	if (*n > FACTS_DOC_MAX_ITEMS)
		*n = FACTS_DOC_MAX_ITEMS;
	return v;
}

static void jstrlist(const cJSON *o, const char *k, struct strlist *l)
{
	size_t n;
	const cJSON *a = ja(o, k, &n), *e;
	size_t i = 0;

	cJSON_ArrayForEach(e, a)
	{
		if (i++ >= n)
			break;
		if (cJSON_IsString(e))
			strlist_add(l, e->valuestring);
	}
}

/* ---- parse ----------------------------------------------------------------- */

void facts_doc_free(struct facts_doc *d)
{
	if (d == NULL)
		return;
	cJSON_Delete(d->root);
	free(d->host);
	free(d->gotriage);
	free(d);
}

int facts_doc_parse(const void *buf, size_t len, struct facts_doc **out, char **cause)
{
	const unsigned char *b = buf;
	struct buf plain;
	struct facts_doc *d;
	const cJSON *parts;
	const char *format;
	cJSON *root;
	double ver;

	*out = NULL;
	buf_init(&plain);
	if (len >= 2 && b[0] == 0x1f && b[1] == 0x8b) {
		if (gunzip(b, len, &plain, cause) != 0) {
			buf_free(&plain);
			return -1;
		}
	} else {
		if (len > FACTS_DOC_CAP)
			return err_set(cause, "larger than %zu MiB: refused", FACTS_DOC_CAP / MIB);
		buf_add(&plain, buf, len);
	}
	root = cJSON_ParseWithLength(plain.data ? plain.data : "", plain.len);
	buf_free(&plain);
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return err_set(cause, "not a gotriage facts document (not a JSON object)");
	}
	format = js(root, "format");
	if (format == NULL || strcmp(format, FACTS_DOC_FORMAT) != 0) {
		err_set(cause, "not a gotriage facts document (format %s%s%s, want \"%s\")",
			format ? "\"" : "", format ? format : "missing", format ? "\"" : "",
			FACTS_DOC_FORMAT);
		cJSON_Delete(root);
		return -1;
	}
	ver = jn(root, "version", -1);
	if (ver != FACTS_DOC_VERSION && ver != FACTS_DOC_VERSION_OLDEST) {
		const char *w = js(root, "gotriage");

		if (ver > FACTS_DOC_VERSION)
			err_set(cause,
				"facts document version %g is newer than this gotriage reads "
				"(%d; written by gotriage %s): upgrade gotriage here, or collect "
				"with the same version",
				ver, FACTS_DOC_VERSION, w ? w : "?");
		else
			err_set(cause,
				"facts document version %g is not one this gotriage reads (%d); "
				"collect again with gotriage %s",
				ver, FACTS_DOC_VERSION, GOTRIAGE_VERSION);
		cJSON_Delete(root);
		return -1;
	}
	d = xcalloc(1, sizeof *d);
	d->root = root;
	d->version = (int)ver;
	d->host = xstrdup(js(root, "host") ? js(root, "host") : "unknown host");
	d->gotriage = xstrdup(js(root, "gotriage") ? js(root, "gotriage") : "");
	d->taken_at = jn(root, "taken_at", 0);
	parts = jo(root, "parts");
	for (unsigned bit = 1; bit <= FACT_PROXY; bit <<= 1) {
		const char *name = facts_doc_part_name(bit);

		if (name != NULL && jo(root, name) != NULL && (parts == NULL || jo(parts, name)))
			d->parts |= bit;
	}
	*out = d;
	return 0;
}

int facts_doc_load(const char *path, struct facts_doc **out, char **cause)
{
	struct buf b;
	char *why = NULL;
	int rc;

	*out = NULL;
	buf_init(&b);
	if (read_file_whole(path, FACTS_DOC_CAP, &b, &why) != 0) {
		err_set(cause, "--facts %s: %s", path, why ? why : "cannot read");
		free(why);
		buf_free(&b);
		return -1;
	}
	rc = facts_doc_parse(b.data, b.len, out, &why);
	if (rc != 0) {
		err_set(cause, "--facts %s: %s", path, why);
		free(why);
	}
	buf_free(&b);
	return rc;
}

/* ---- target ---------------------------------------------------------------- */

static struct procinfo *proc_from(const cJSON *o)
{
	struct procinfo *p = xcalloc(1, sizeof *p);
	const char *st = js(o, "state");
	struct buf env;
	size_t n;
	const cJSON *a = ja(o, "environ", &n), *e;
	size_t i = 0;

	p->comm = jsdup(o, "comm");
	p->state = st && st[0] ? st[0] : '?';
	p->ppid = (int)ji(o, "ppid", 0, 1L << 30, 0);
	p->start_time = jn(o, "start_time", 0);
	p->uptime = jn(o, "uptime", 0);
	p->exe = jsdup(o, "exe");
	p->exe_deleted = jb(o, "exe_deleted");
	p->exe_error = jsdup(o, "exe_error");
	jstrlist(o, "argv", &p->argv);
	p->cmdline_truncated = jb(o, "cmdline_truncated");
	if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(o, "uid"))) {
		p->have_uid = 1;
		p->uid = (uid_t)ji(o, "uid", 0, 0xffffffffL, 0);
		p->euid = (uid_t)ji(o, "euid", 0, 0xffffffffL, 0);
	}
	p->user = jsdup(o, "user");
	p->fd_error = jsdup(o, "fd_error");
	p->environ_truncated = jb(o, "environ_truncated");
	p->environ_error = jsdup(o, "environ_error");
	p->denied = jsdup(o, "denied");
	if (a != NULL) {
		buf_init(&env);
		cJSON_ArrayForEach(e, a)
		{
			if (i++ >= n)
				break;
			if (!cJSON_IsString(e))
				continue;
			buf_add(&env, e->valuestring, strlen(e->valuestring) + 1);
		}
		p->environ_len = env.len;
		p->environ = env.data ? buf_steal(&env) : xstrdup("");
	}
	return p;
}

static struct listeners *listeners_from(const cJSON *a, size_t n, int pid)
{
	struct listeners *l = xcalloc(1, sizeof *l);
	const cJSON *e;
	size_t i = 0;

	l->pid = pid;
	l->v = xcalloc(n + 1, sizeof *l->v);
	cJSON_ArrayForEach(e, a)
	{
		struct listener *x = &l->v[l->n];
		const char *addr = js(e, "addr"), *s;

		if (i++ >= n)
			break;
		if (!cJSON_IsObject(e) || addr == NULL)
			continue;
		x->family = ji(e, "family", 4, 6, 4) == 6 ? AF_INET6 : AF_INET;
		if (inet_pton(x->family, addr, x->addr) != 1)
			continue;
		x->port = (uint16_t)ji(e, "port", 0, 65535, 0);
		x->rx_queue = (unsigned long)ji(e, "rx_queue", 0, 1L << 40, 0);
		x->tx_queue = (unsigned long)ji(e, "tx_queue", 0, 1L << 40, 0);
		x->backlog = ji(e, "backlog", -1, 1L << 40, -1);
		x->v6only = (int)ji(e, "v6only", -1, 1, -1);
		x->inode = (unsigned long long)ji(e, "inode", 0, 1L << 52, 0);
		x->fd = (int)ji(e, "fd", -1, 1L << 30, -1);
		s = js(e, "local");
		snprintf(x->local, sizeof x->local, "%s", s ? s : addr);
		s = js(e, "url");
		snprintf(x->url, sizeof x->url, "%s", s ? s : "");
		l->n++;
	}
	return l;
}

void facts_doc_apply_target(const struct facts_doc *d, struct target *t)
{
	const cJSON *o = jo(d->root, "process"), *a, *e;
	size_t n, i = 0;

	if (o == NULL)
		return;
	t->pid = (int)ji(o, "pid", 0, 4194304, 0);
	free(t->url_given);
	t->url_given = jsdup(o, "url");
	free(t->debug_url);
	t->debug_url = jsdup(o, "debug_url");
	free(t->binary);
	t->binary = jsdup(o, "binary");
	procinfo_free(t->proc);
	t->proc = jo(o, "proc") ? proc_from(jo(o, "proc")) : NULL;
	if (t->proc != NULL) {
		t->proc->pid = t->pid;
		t->proc->doc_rss_bytes = ji(o, "rss_bytes", 0, 1L << 52, 0);
	}
	procnet_listeners_free(t->listeners);
	t->listeners = NULL;
	a = ja(o, "listeners", &n);
	if (a != NULL)
		t->listeners = listeners_from(a, n, t->pid);
	free(t->listeners_error);
	t->listeners_error = jsdup(o, "listeners_error");
	for (size_t k = 0; k < t->nprobes; k++) {
		free(t->probes[k].url);
		free(t->probes[k].note);
	}
	free(t->probes);
	t->probes = NULL;
	t->nprobes = 0;
	t->probes_pending = 0;
	a = ja(o, "pprof_probes", &n);
	if (a != NULL)
		t->probes = xcalloc(n + 1, sizeof *t->probes);
	cJSON_ArrayForEach(e, a)
	{
		struct target_probe *p = &t->probes[t->nprobes];

		if (i++ >= n)
			break;
		if (!cJSON_IsObject(e) || js(e, "url") == NULL)
			continue;
		p->url = jsdup(e, "url");
		p->state =
		    (enum probe_state)ji(e, "state", PROBE_PENDING, PROBE_FAILED, PROBE_FAILED);
		p->status = ji(e, "status", 0, 999, 0);
		p->note = jsdup(e, "note");
		p->duration = jn(e, "duration", 0);
		t->nprobes++;
	}
	t->refreshed_at = d->taken_at;
}

/* ---- facts ----------------------------------------------------------------- */

static struct buildinfo *bi_from(const cJSON *o, char **error)
{
	struct buildinfo *bi;
	const char *text = js(o, "modinfo"), *gv = js(o, "go_version");
	char *cause = NULL;

	if (gv == NULL) {
		*error = xstrdup("the facts document has no Go version for this binary");
		return NULL;
	}
	bi = xcalloc(1, sizeof *bi);
	modinfo_init(&bi->mod);
	bi->go_version = xstrndup(gv, strnlen(gv, BUILDINFO_VERSION_CAP));
	bi->modinfo = xstrdup(text ? text : "");
	if (text != NULL && strlen(text) <= MODINFO_CAP &&
	    modinfo_parse(text, strlen(text), &bi->mod, &cause) != 0) {
		*error = xasprintf("the module text in the facts document: %s", cause);
		free(cause);
		buildinfo_free(bi);
		return NULL;
	}
	if (js(o, "build_id") != NULL)
		bi->build_id =
		    xstrndup(js(o, "build_id"), strnlen(js(o, "build_id"), BUILDINFO_BUILDID_CAP));
	bi->source = (enum buildinfo_source)ji(o, "source", BUILDINFO_SRC_SECTION,
					       BUILDINFO_SRC_SCAN, BUILDINFO_SRC_SCAN);
	bi->layout = (enum buildinfo_layout)ji(o, "layout", BUILDINFO_LAYOUT_NONE,
					       BUILDINFO_LAYOUT_INLINE, BUILDINFO_LAYOUT_NONE);
	bi->ptrsize = (int)ji(o, "ptrsize", 4, 8, 8);
	bi->big_endian = jb(o, "big_endian");
	jstrlist(o, "missing", &bi->missing);
	return bi;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void apply_binary(const cJSON *o, struct facts *f)
{
	const cJSON *fn = jo(o, "functions");
	char *err = NULL;

	free(f->running_error);
	free(f->on_disk_error);
	free(f->funcs_error);
	buildinfo_free(f->running);
	buildinfo_free(f->on_disk);
	strlist_free(&f->func_names);
	f->running = f->on_disk = NULL;
	f->running_error = jsdup(o, "running_error");
	f->on_disk_error = jsdup(o, "on_disk_error");
	f->funcs_error = jsdup(o, "funcs_error");
	if (jo(o, "running") != NULL && (f->running = bi_from(jo(o, "running"), &err)) == NULL) {
		free(f->running_error);
		f->running_error = err;
		err = NULL;
	}
	if (jo(o, "on_disk") != NULL && (f->on_disk = bi_from(jo(o, "on_disk"), &err)) == NULL) {
		free(f->on_disk_error);
		f->on_disk_error = err;
	}
	if (f->running == NULL && f->running_error == NULL)
		f->running_error = xstrdup("the facts document has no build info");
	f->file_mtime = jn(o, "file_mtime", 0);
	f->func_names_known = fn != NULL;
	if (fn != NULL) {
		jstrlist(fn, "names", &f->func_names);
		if (f->func_names.n > 1)
			qsort(f->func_names.v, f->func_names.n, sizeof *f->func_names.v, cmp_str);
	} else if (f->funcs_error == NULL) {
		f->funcs_error = xstrdup("the facts document has no function table");
	}
}

static void apply_dump(const cJSON *o, struct facts *f)
{
	const char *text = js(o, "dump");
	char *cause = NULL;

	facts_free_dump(f);
	f->goroutine_total = ji(o, "total", -1, 1L << 40, -1);
	f->dump_bytes = (size_t)ji(o, "bytes", 0, 1L << 40, 0);
	f->dump_seconds = jn(o, "seconds", 0);
	f->dump_truncated = jb(o, "truncated");
	f->dump_error = jsdup(o, "error");
	if (text == NULL)
		return;
	f->dump = xcalloc(1, sizeof *f->dump);
	if (gdump_parse(text, strlen(text), f->dump, &cause) != 0) {
		free(f->dump_error);
		f->dump_error = xasprintf("the dump in the facts document: %s", cause);
		free(cause);
		gdump_free(f->dump);
		free(f->dump);
		f->dump = NULL;
		return;
	}
	f->buckets = xcalloc(1, sizeof *f->buckets);
	gbucket_build(f->dump, GBUCKET_EXACT,
		      f->running && f->running->mod.main.path[0] ? f->running->mod.main.path
								 : f->module_path,
		      f->buckets);
}

static void apply_grpc(const cJSON *o, struct facts *f)
{
	size_t n, i = 0;
	const cJSON *a = ja(o, "listeners", &n), *e;

	facts_free_grpc(f);
	f->grpc_error = jsdup(o, "error");
	if (a == NULL)
		return;
	f->grpc = xcalloc(n + 1, sizeof *f->grpc);
	cJSON_ArrayForEach(e, a)
	{
		struct grpc_listener *g = &f->grpc[f->ngrpc];

		if (i++ >= n)
			break;
		if (!cJSON_IsObject(e))
			continue;
		g->addr = xstrdup(js(e, "addr") ? js(e, "addr") : "?");
		g->url = xstrdup(js(e, "url") ? js(e, "url") : "");
		g->proto = xstrdup(js(e, "proto") ? js(e, "proto") : "unknown");
		g->is_h2c = jb(e, "is_h2c");
		g->detail_ms = jn(e, "detail_ms", 0);
		jstrlist(e, "services", &g->services);
		g->reflection_error = jsdup(e, "reflection_error");
		g->reflection_version = jsdup(e, "reflection_version");
		g->health = (int)ji(e, "health", -1, 100, -1);
		f->ngrpc++;
	}
}

static void apply_env(const cJSON *o, struct facts *f)
{
	struct goenv_input in = {0};
	const cJSON *vars = jo(o, "vars");

	if (f->env != NULL) {
		goenv_free(f->env);
		free(f->env);
	}
	free(f->env_error);
	f->env = xcalloc(1, sizeof *f->env);
	goenv_resolve(&in, f->env); /* names and defaults */
	f->env_error = jsdup(o, "error");
	for (int i = 0; vars != NULL && i < GOENV_NVARS; i++) {
		struct goenv_var *v = &f->env->var[i];
		const cJSON *jv = jo(vars, v->name), *layers, *e;
		size_t n;
		int s = 0;

		if (jv == NULL)
			continue;
		free(v->value);
		v->value = xstrdup(js(jv, "value") ? js(jv, "value") : "");
		v->source = (enum goenv_source)ji(jv, "source", GOENV_SRC_DEFAULT,
						  GOENV_SRC_PROCESS, GOENV_SRC_DEFAULT);
		free(v->where);
		v->where = jsdup(jv, "where");
		layers = ja(jv, "layers", &n);
		cJSON_ArrayForEach(e, layers)
		{
			if (s >= 5)
				break;
			free(v->layer[s]);
			v->layer[s++] = cJSON_IsString(e) ? xstrdup(e->valuestring) : NULL;
		}
	}
	free(f->env->env_file);
	f->env->env_file = jsdup(o, "env_file");
	f->env->env_file_off = jb(o, "env_file_off");
	free(f->env->goroot);
	f->env->goroot = jsdup(o, "goroot");
	f->env->pid = (int)ji(o, "pid", 0, 4194304, 0);
}

static void apply_proxy(const cJSON *o, struct facts *f)
{
	size_t n, i = 0;
	const cJSON *a = ja(o, "entries", &n), *e;
	struct proxyprobe *p;

	if (f->proxy != NULL) {
		proxyprobe_free(f->proxy);
		free(f->proxy);
	}
	free(f->proxy_error);
	f->proxy = NULL;
	f->proxy_error = jsdup(o, "error");
	if (a == NULL)
		return;
	p = f->proxy = xcalloc(1, sizeof *p);
	p->v = xcalloc(n + 1, sizeof *p->v);
	p->cap = n + 1;
	cJSON_ArrayForEach(e, a)
	{
		struct proxyprobe_entry *x = &p->v[p->n];
		int k;

		if (i++ >= n)
			break;
		if (!cJSON_IsObject(e))
			continue;
		x->url = xstrdup(js(e, "url") ? js(e, "url") : "");
		k = proxyjson_kind_from(cJSON_GetObjectItemCaseSensitive(e, "kind"));
		x->kind = k < 0 ? PROXYPROBE_URL : (enum proxyprobe_kind)k;
		x->fallback_on_error = jb(e, "fallback_on_error");
		x->probe_url = jsdup(e, "probe_url");
		k = proxyjson_outcome_from(cJSON_GetObjectItemCaseSensitive(e, "outcome"));
		x->outcome = k < 0 ? PROXYPROBE_NOT_RUN : (enum proxyprobe_outcome)k;
		x->status = ji(e, "status", 0, 999, 0);
		x->error = jsdup(e, "error");
		x->t_dns = jn(e, "t_dns", 0);
		x->t_connect = jn(e, "t_connect", 0);
		x->t_total = jn(e, "t_total", 0);
		p->n++;
	}
	p->module = jsdup(o, "module");
	p->parse_error = jsdup(o, "parse_error");
	p->served = jb(o, "served");
	p->served_by = ji(o, "served_by", -1, (long)p->n - 1, -1);
	p->direct_reached = jb(o, "direct_reached");
	p->dead_first = jb(o, "dead_first");
	p->decision = jsdup(o, "decision");
	jstrlist(o, "walk", &p->walk);
}

static void apply_routes(const cJSON *o, struct facts *f)
{
	size_t n, i = 0;
	const cJSON *a = ja(o, "probes", &n), *e;

	for (size_t k = 0; k < f->nprobes; k++) {
		free(f->probes[k].method);
		free(f->probes[k].path);
		free(f->probes[k].url);
		free(f->probes[k].error);
		free(f->probes[k].elsewhere);
	}
	free(f->probes);
	free(f->probes_error);
	f->probes = NULL;
	f->nprobes = 0;
	f->probes_error = jsdup(o, "error");
	if (a == NULL)
		return;
	f->probes = xcalloc(n + 1, sizeof *f->probes);
	cJSON_ArrayForEach(e, a)
	{
		struct route_probe *r = &f->probes[f->nprobes];

		if (i++ >= n)
			break;
		if (!cJSON_IsObject(e) || js(e, "path") == NULL)
			continue;
		r->method = xstrdup(js(e, "method") ? js(e, "method") : "GET");
		r->path = jsdup(e, "path");
		r->url = xstrdup(js(e, "url") ? js(e, "url") : "");
		r->status = ji(e, "status", 0, 999, 0);
		r->error = jsdup(e, "error");
		r->has_header = jb(e, "has_header");
		r->seconds = jn(e, "seconds", 0);
		r->elsewhere = jsdup(e, "elsewhere");
		r->skipped = jb(e, "skipped");
		f->nprobes++;
	}
}

static const char *absent(const struct facts_doc *d, unsigned bit)
{
	(void)d;
	(void)bit;
	return "not in the facts document (collect it with --parts)";
}

unsigned facts_doc_apply(const struct facts_doc *d, struct facts *f, unsigned parts)
{
	const cJSON *r = d->root;
	unsigned got = 0;

	if (parts & FACT_BINARY) {
		if (d->parts & FACT_BINARY) {
			apply_binary(jo(r, "buildinfo"), f);
			got |= FACT_BINARY;
		} else {
			buildinfo_free(f->running);
			f->running = NULL;
			free(f->running_error);
			f->running_error = xasprintf("build info %s", absent(d, FACT_BINARY));
		}
	}
	if (parts & FACT_DUMP) {
		if (d->parts & FACT_DUMP) {
			apply_dump(jo(r, "goroutines"), f);
			got |= FACT_DUMP;
		} else {
			facts_free_dump(f);
			f->dump_error = xasprintf("goroutines %s", absent(d, FACT_DUMP));
		}
	}
	if (parts & FACT_GRPC) {
		if (d->parts & FACT_GRPC) {
			apply_grpc(jo(r, "grpc"), f);
			got |= FACT_GRPC;
		} else {
			facts_free_grpc(f);
			f->grpc_error = xasprintf("listener protocols %s", absent(d, FACT_GRPC));
		}
	}
	if ((parts & FACT_MODULES) && (d->parts & FACT_MODULES)) {
		apply_env(jo(r, "env"), f);
		got |= FACT_MODULES;
	}
	if ((parts & FACT_PROXY) && (d->parts & FACT_PROXY)) {
		apply_proxy(jo(r, "proxy"), f);
		got |= FACT_PROXY;
	}
	if ((parts & FACT_ROUTES) && (d->parts & FACT_ROUTES)) {
		apply_routes(jo(r, "routes"), f);
		got |= FACT_ROUTES;
	}
	if (parts & FACT_PROC)
		got |= d->parts & FACT_PROC;
	return got;
}

static int doc_fill(void *arg, struct facts *f, unsigned parts, char **cause)
{
	(void)cause;
	return (int)facts_doc_apply(arg, f, parts);
}

void facts_doc_source_init(struct facts_source *s, const struct facts_doc *d)
{
	s->fill = doc_fill;
	s->prefetch = NULL;
	s->arg = (void *)d;
	s->host = d->host;
}
