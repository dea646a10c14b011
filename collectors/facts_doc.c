/* facts_doc.c: writing the facts document (reading: facts_doc_read.c). */
#include "facts_doc.h"

#include <arpa/inet.h>
#include <cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "collectors/base/redact.h"
#include "collectors/base/sanitize.h"
#include "collectors/elf/buildinfo.h"
#include "collectors/elf/pclntab.h"
#include "collectors/gomod/goenv.h"
#include "collectors/gomod/proxyjson.h"
#include "collectors/net/proxyprobe.h"
#include "collectors/runtime/gdump.h"

#ifndef GOTRIAGE_VERSION
#define GOTRIAGE_VERSION "dev"
#endif

static const struct {
	unsigned bit;
	const char *name;
} part_names[] = {
    {FACT_PROC, "process"}, {FACT_BINARY, "buildinfo"}, {FACT_DUMP, "goroutines"},
    {FACT_MODULES, "env"},  {FACT_ROUTES, "routes"},	{FACT_GRPC, "grpc"},
    {FACT_PROXY, "proxy"},
};

const char *facts_doc_part_name(unsigned bit)
{
	for (size_t i = 0; i < ARRAY_LEN(part_names); i++)
		if (part_names[i].bit == bit)
			return part_names[i].name;
	return NULL;
}

int facts_doc_parse_parts(const char *list, unsigned *parts, char **cause)
{
	char *copy = xstrdup(list), *save = NULL;
	int rc = 0;

	*parts = 0;
	for (char *tok = strtok_r(copy, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		size_t i;

		if (strcmp(tok, "all") == 0) {
			*parts |= FACT_PROCESS_SIDE | FACT_MODULES;
			continue;
		}
		for (i = 0; i < ARRAY_LEN(part_names); i++)
			if (strcmp(tok, part_names[i].name) == 0)
				break;
		if (i == ARRAY_LEN(part_names)) {
			rc = err_set(cause,
				     "--parts: unknown part '%s'; use process, buildinfo, "
				     "goroutines, env, routes, grpc, proxy or all",
				     tok);
			break;
		}
		*parts |= part_names[i].bit;
	}
	free(copy);
	if (rc == 0 && *parts == 0)
		rc = err_set(cause, "--parts: name at least one part");
	return rc;
}

/* ---- small helpers ------------------------------------------------------- */

static void add_s(cJSON *o, const char *k, const char *v)
{
	if (v != NULL)
		cJSON_AddStringToObject(o, k, v);
}

/* A string that may carry a secret (URLs, arguments): masked. */
static void add_masked(cJSON *o, const char *k, const char *v)
{
	char *r;

	if (v == NULL)
		return;
	r = redact_text(v);
	cJSON_AddStringToObject(o, k, r);
	free(r);
}

static void add_part(cJSON *parts, unsigned bit, double t, const char *error)
{
	cJSON *p = cJSON_CreateObject();

	cJSON_AddNumberToObject(p, "taken_at", t);
	if (error != NULL)
		cJSON_AddStringToObject(p, "error", error);
	else
		cJSON_AddNullToObject(p, "error");
	cJSON_AddItemToObject(parts, facts_doc_part_name(bit), p);
}

/* ---- process ------------------------------------------------------------ */

/* NAME=value entries, secret-looking names and registered values masked. */
static cJSON *environ_json(const char *block, size_t len)
{
	cJSON *a = cJSON_CreateArray();
	size_t i = 0;

	while (block != NULL && i < len) {
		const char *e = block + i;
		size_t n = strnlen(e, len - i);
		char *entry = xstrndup(e, n), *eq = strchr(entry, '='), *r;

		if (eq != NULL) {
			*eq = '\0';
			if (redact_is_secret_name(entry))
				r = xasprintf("%s=%s", entry, REDACTED);
			else {
				*eq = '=';
				r = redact_text(entry);
			}
		} else {
			r = redact_text(entry);
		}
		cJSON_AddItemToArray(a, cJSON_CreateString(r));
		free(r);
		free(entry);
		i += n + 1;
	}
	return a;
}

static cJSON *proc_json(const struct procinfo *p)
{
	cJSON *o = cJSON_CreateObject();
	char st[2] = {p->state, '\0'};

	add_s(o, "comm", p->comm);
	add_s(o, "state", st);
	cJSON_AddNumberToObject(o, "ppid", p->ppid);
	cJSON_AddNumberToObject(o, "start_time", p->start_time);
	cJSON_AddNumberToObject(o, "uptime", p->uptime);
	add_s(o, "exe", p->exe);
	cJSON_AddBoolToObject(o, "exe_deleted", p->exe_deleted);
	add_s(o, "exe_error", p->exe_error);
	cJSON_AddItemToObject(o, "argv", sanitize_json_list(&p->argv, redact_text));
	cJSON_AddBoolToObject(o, "cmdline_truncated", p->cmdline_truncated);
	if (p->have_uid) {
		cJSON_AddNumberToObject(o, "uid", p->uid);
		cJSON_AddNumberToObject(o, "euid", p->euid);
	}
	add_s(o, "user", p->user);
	add_s(o, "fd_error", p->fd_error);
	cJSON_AddNumberToObject(o, "sockets", (double)p->nsocks);
	if (p->environ != NULL)
		cJSON_AddItemToObject(o, "environ", environ_json(p->environ, p->environ_len));
	cJSON_AddBoolToObject(o, "environ_truncated", p->environ_truncated);
	add_s(o, "environ_error", p->environ_error);
	add_s(o, "denied", p->denied);
	return o;
}

static cJSON *listener_json(const struct listener *l)
{
	cJSON *o = cJSON_CreateObject();
	char a[INET6_ADDRSTRLEN];

	cJSON_AddNumberToObject(o, "family", l->family == AF_INET6 ? 6 : 4);
	inet_ntop(l->family, l->addr, a, sizeof a);
	add_s(o, "addr", a);
	cJSON_AddNumberToObject(o, "port", l->port);
	cJSON_AddNumberToObject(o, "rx_queue", (double)l->rx_queue);
	cJSON_AddNumberToObject(o, "tx_queue", (double)l->tx_queue);
	cJSON_AddNumberToObject(o, "backlog", (double)l->backlog);
	cJSON_AddNumberToObject(o, "v6only", l->v6only);
	cJSON_AddNumberToObject(o, "inode", (double)l->inode);
	cJSON_AddNumberToObject(o, "fd", l->fd);
	add_s(o, "local", l->local);
	add_s(o, "url", l->url);
	return o;
}

static cJSON *process_json(const struct target *t)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "pid", t->pid);
	add_masked(o, "url", t->url_given);
	add_masked(o, "debug_url", t->debug_url);
	add_s(o, "binary", t->binary);
	if (t->proc != NULL)
		cJSON_AddItemToObject(o, "proc", proc_json(t->proc));
	/* Resident memory now (fleet outliers); readers ignore it. */
	if (t->proc != NULL && t->pid > 0)
		cJSON_AddNumberToObject(o, "rss_bytes", (double)procfs_rss_bytes(t->pid));
	if (t->listeners != NULL) {
		cJSON *a = cJSON_AddArrayToObject(o, "listeners");

		for (size_t i = 0; i < t->listeners->n; i++)
			cJSON_AddItemToArray(a, listener_json(&t->listeners->v[i]));
	}
	add_s(o, "listeners_error", t->listeners_error);
	if (t->nprobes > 0) {
		cJSON *a = cJSON_AddArrayToObject(o, "pprof_probes");

		for (size_t i = 0; i < t->nprobes; i++) {
			cJSON *p = cJSON_CreateObject();

			add_masked(p, "url", t->probes[i].url);
			cJSON_AddNumberToObject(p, "state", t->probes[i].state);
			cJSON_AddNumberToObject(p, "status", (double)t->probes[i].status);
			add_s(p, "note", t->probes[i].note);
			cJSON_AddNumberToObject(p, "duration", t->probes[i].duration);
			cJSON_AddItemToArray(a, p);
		}
	}
	return o;
}

/* ---- buildinfo ------------------------------------------------------------ */

static cJSON *bi_json(const struct buildinfo *bi)
{
	cJSON *o = cJSON_CreateObject();

	add_s(o, "go_version", bi->go_version);
	add_s(o, "modinfo", bi->modinfo ? bi->modinfo : "");
	add_s(o, "build_id", bi->build_id);
	cJSON_AddNumberToObject(o, "source", bi->source);
	cJSON_AddNumberToObject(o, "layout", bi->layout);
	cJSON_AddNumberToObject(o, "ptrsize", bi->ptrsize);
	cJSON_AddBoolToObject(o, "big_endian", bi->big_endian);
	cJSON_AddItemToObject(o, "missing", sanitize_json_list(&bi->missing, NULL));
	return o;
}

/* The names the checks ask about: functions of package main and of the
 * main module's packages (handlers, ticker consumers). */
static int wanted_function(const char *name, const char *module)
{
	size_t n;

	if (name == NULL)
		return 0;
	if (str_has_prefix(name, "main."))
		return 1;
	if (module == NULL || module[0] == '\0')
		return 0;
	n = strlen(module);
	return strncmp(name, module, n) == 0 && (name[n] == '.' || name[n] == '/');
}

static cJSON *binary_json(const struct facts *f)
{
	cJSON *o = cJSON_CreateObject();

	if (f->running != NULL)
		cJSON_AddItemToObject(o, "running", bi_json(f->running));
	add_s(o, "running_error", f->running_error);
	if (f->on_disk != NULL)
		cJSON_AddItemToObject(o, "on_disk", bi_json(f->on_disk));
	add_s(o, "on_disk_error", f->on_disk_error);
	cJSON_AddNumberToObject(o, "file_mtime", f->file_mtime);
	if (f->funcs != NULL || f->func_names_known) {
		cJSON *fn = cJSON_AddObjectToObject(o, "functions");
		cJSON *names = cJSON_AddArrayToObject(fn, "names");
		const char *module = f->running ? f->running->mod.main.path : NULL;

		if (f->funcs != NULL) {
			cJSON_AddNumberToObject(fn, "count", (double)functab_count(f->funcs));
			for (size_t i = 0; i < functab_count(f->funcs); i++) {
				const char *nm = functab_name(f->funcs, i);

				if (wanted_function(nm, module))
					cJSON_AddItemToArray(names, cJSON_CreateString(nm));
			}
		} else {
			for (size_t i = 0; i < f->func_names.n; i++)
				cJSON_AddItemToArray(names, cJSON_CreateString(f->func_names.v[i]));
		}
	}
	add_s(o, "funcs_error", f->funcs_error);
	return o;
}

/* ---- goroutines, grpc, env, proxy, routes -------------------------------- */

static cJSON *dump_json(const struct facts *f)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "total", (double)f->goroutine_total);
	if (f->dump != NULL && f->dump->text != NULL) {
		char *text = xstrndup(f->dump->text, f->dump->len);

		cJSON_AddStringToObject(o, "dump", text);
		free(text);
	}
	cJSON_AddNumberToObject(o, "bytes", (double)f->dump_bytes);
	cJSON_AddNumberToObject(o, "seconds", f->dump_seconds);
	cJSON_AddBoolToObject(o, "truncated", f->dump_truncated);
	add_s(o, "error", f->dump_error);
	return o;
}

static cJSON *grpc_json(const struct facts *f)
{
	cJSON *o = cJSON_CreateObject(), *a = cJSON_AddArrayToObject(o, "listeners");

	for (size_t i = 0; i < f->ngrpc; i++) {
		const struct grpc_listener *g = &f->grpc[i];
		cJSON *l = cJSON_CreateObject();

		add_s(l, "addr", g->addr);
		add_s(l, "url", g->url);
		add_s(l, "proto", g->proto);
		cJSON_AddBoolToObject(l, "is_h2c", g->is_h2c);
		cJSON_AddNumberToObject(l, "detail_ms", g->detail_ms);
		cJSON_AddItemToObject(l, "services", sanitize_json_list(&g->services, NULL));
		add_s(l, "reflection_error", g->reflection_error);
		add_s(l, "reflection_version", g->reflection_version);
		cJSON_AddNumberToObject(l, "health", g->health);
		cJSON_AddItemToArray(a, l);
	}
	add_s(o, "error", f->grpc_error);
	return o;
}

static cJSON *env_json(const struct facts *f)
{
	cJSON *o = cJSON_CreateObject();

	if (f->env != NULL) {
		cJSON *vars = cJSON_AddObjectToObject(o, "vars");

		for (int i = 0; i < GOENV_NVARS; i++) {
			const struct goenv_var *v = &f->env->var[i];
			cJSON *jv, *layers;
			char *d;

			if (v->name == NULL)
				continue;
			jv = cJSON_AddObjectToObject(vars, v->name);
			d = goenv_display(v->value ? v->value : "");
			add_s(jv, "value", d);
			free(d);
			cJSON_AddNumberToObject(jv, "source", v->source);
			add_masked(jv, "where", v->where);
			layers = cJSON_AddArrayToObject(jv, "layers");
			for (int s = 0; s < 5; s++) {
				if (v->layer[s] == NULL) {
					cJSON_AddItemToArray(layers, cJSON_CreateNull());
					continue;
				}
				d = goenv_display(v->layer[s]);
				cJSON_AddItemToArray(layers, cJSON_CreateString(d));
				free(d);
			}
		}
		add_s(o, "env_file", f->env->env_file);
		cJSON_AddBoolToObject(o, "env_file_off", f->env->env_file_off);
		add_s(o, "goroot", f->env->goroot);
		cJSON_AddNumberToObject(o, "pid", f->env->pid);
	}
	add_s(o, "error", f->env_error);
	return o;
}

/* The walk in the one form `modules --json` shares (gomod/proxyjson.h). */
static cJSON *proxy_json(const struct facts *f)
{
	cJSON *o = f->proxy != NULL ? proxyjson_new(f->proxy, redact_text) : cJSON_CreateObject();

	add_masked(o, "error", f->proxy_error);
	return o;
}

static cJSON *routes_json(const struct facts *f)
{
	cJSON *o = cJSON_CreateObject(), *a = cJSON_AddArrayToObject(o, "probes");

	add_s(o, "expected_header", f->expected_header);
	for (size_t i = 0; i < f->nprobes; i++) {
		const struct route_probe *r = &f->probes[i];
		cJSON *j = cJSON_CreateObject();

		add_s(j, "method", r->method);
		add_s(j, "path", r->path);
		add_masked(j, "url", r->url);
		cJSON_AddNumberToObject(j, "status", (double)r->status);
		add_s(j, "error", r->error);
		cJSON_AddBoolToObject(j, "has_header", r->has_header);
		cJSON_AddNumberToObject(j, "seconds", r->seconds);
		add_s(j, "elsewhere", r->elsewhere);
		if (r->skipped)
			cJSON_AddBoolToObject(j, "skipped", 1);
		cJSON_AddItemToArray(a, j);
	}
	add_s(o, "error", f->probes_error);
	return o;
}

cJSON *facts_doc_build(const struct facts *f, unsigned parts, const char *host)
{
	cJSON *d = cJSON_CreateObject(), *jp;
	char hn[256] = "";
	double t = f->collected_at > 0 ? f->collected_at : now_wall();
	const struct target *tg = f->target;

	if (host == NULL) {
		if (gethostname(hn, sizeof hn - 1) != 0)
			snprintf(hn, sizeof hn, "unknown");
		host = hn;
	}
	parts &= f->collected | FACT_PROC;
	cJSON_AddStringToObject(d, "format", FACTS_DOC_FORMAT);
	cJSON_AddNumberToObject(d, "version", FACTS_DOC_VERSION);
	cJSON_AddStringToObject(d, "gotriage", GOTRIAGE_VERSION);
	cJSON_AddStringToObject(d, "host", host);
	cJSON_AddNumberToObject(d, "taken_at", t);
	jp = cJSON_AddObjectToObject(d, "parts");
	if (parts & FACT_PROC) {
		add_part(jp, FACT_PROC, tg->refreshed_at > 0 ? tg->refreshed_at : tg->attached_at,
			 tg->pid == 0 ? "no process" : tg->listeners_error);
		cJSON_AddItemToObject(d, "process", process_json(tg));
	}
	if (parts & FACT_BINARY) {
		add_part(jp, FACT_BINARY, t, f->running_error);
		cJSON_AddItemToObject(d, "buildinfo", binary_json(f));
	}
	if (parts & FACT_DUMP) {
		add_part(jp, FACT_DUMP, t, f->goroutine_total < 0 ? f->dump_error : NULL);
		cJSON_AddItemToObject(d, "goroutines", dump_json(f));
	}
	if (parts & FACT_MODULES) {
		add_part(jp, FACT_MODULES, t, f->env_error);
		cJSON_AddItemToObject(d, "env", env_json(f));
	}
	if (parts & FACT_GRPC) {
		add_part(jp, FACT_GRPC, t, f->grpc_error);
		cJSON_AddItemToObject(d, "grpc", grpc_json(f));
	}
	if (parts & FACT_PROXY) {
		add_part(jp, FACT_PROXY, t, f->proxy == NULL ? f->proxy_error : NULL);
		cJSON_AddItemToObject(d, "proxy", proxy_json(f));
	}
	if ((parts & FACT_ROUTES) && f->scan != NULL) {
		add_part(jp, FACT_ROUTES, t, f->probes_error);
		cJSON_AddItemToObject(d, "routes", routes_json(f));
	}
	return d;
}

int facts_doc_write(cJSON *doc, const char *path, char **cause)
{
	char *s;

	/* The one path out: every string masked, whoever built the document. */
	redact_json_strings(doc);
	s = cJSON_PrintUnformatted(doc);
	size_t len = strlen(s);
	int rc = 0;

	if (strcmp(path, "-") == 0) {
		if (fwrite(s, 1, len, stdout) != len || fputc('\n', stdout) == EOF ||
		    fflush(stdout) != 0)
			rc = err_set(cause, "writing the facts to stdout: %s", strerror(errno));
	} else {
		gzFile gz = gzopen(path, "wb6");

		if (gz == NULL) {
			rc = err_set(cause, "-o %s: %s", path, strerror(errno ? errno : EIO));
		} else {
			if (gzwrite(gz, s, (unsigned)len) != (int)len)
				rc = err_set(cause, "-o %s: write failed", path);
			if (gzclose(gz) != Z_OK && rc == 0)
				rc = err_set(cause, "-o %s: write failed on close", path);
		}
	}
	free(s);
	return rc;
}
