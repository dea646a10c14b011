/* facts.c: collect everything the checks judge, part by part. */
#include "facts.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collectors/repo/buildconstraint.h"
#include "facts_parts.h"
#include "collectors/elf/buildinfo.h"
#include "collectors/elf/elfsyms.h"
#include "collectors/gomod/goenv.h"
#include "collectors/gomod/modstate.h"
#include "collectors/elf/pclntab.h"
#include "collectors/net/proxyprobe.h"
#include "collectors/repo/reposcan.h"
#include "collectors/base/srctree.h"
#include "facts_changes.h"

#define ROUTE_PROBE_TIMEOUT_MS 3000
#define ROUTE_PROBE_CAP (64 * 1024)
#define ROUTE_PROBE_MAX 64

struct facts *facts_new(struct target *t)
{
	struct facts *f = xcalloc(1, sizeof *f);

	f->target = t;
	f->goroutine_total = -1;
	f->expected_header = NULL; /* --header: no default taken from any one service */
	f->dump_confirm_over = 10000;
	return f;
}

/* ---- freeing, one part at a time (merge replaces parts) ---------------- */

void facts_free_binary(struct facts *f)
{
	buildinfo_free(f->running);
	buildinfo_free(f->on_disk);
	functab_free(f->funcs);
	free(f->running_error);
	free(f->on_disk_error);
	free(f->funcs_error);
	strlist_free(&f->func_names);
	f->func_names_known = 0;
	f->running = f->on_disk = NULL;
	f->funcs = NULL;
	f->running_error = f->on_disk_error = f->funcs_error = NULL;
	f->file_mtime = 0;
}

static void free_plugins(struct facts *f)
{
	for (size_t i = 0; i < f->nplugins; i++) {
		struct plugin_file *p = &f->plugins[i];

		free(p->declared);
		free(p->path);
		buildinfo_free(p->bi);
		free(p->error);
		strlist_free(&p->exported);
		free(p->deps);
	}
	free(f->plugins);
	f->plugins = NULL;
	f->nplugins = 0;
}

static void free_repo(struct facts *f)
{
	free_plugins(f);
	reposcan_free(f->scan);
	free(f->scan_error);
	free(f->module_path);
	free(f->source_label);
	changes_free(f->changes);
	free(f->changes_error);
	f->scan = NULL;
	f->scan_error = f->module_path = f->source_label = f->changes_error = NULL;
	f->changes = NULL;
}

static char *dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static void free_modules(struct facts *f)
{
	if (f->env != NULL) {
		goenv_free(f->env);
		free(f->env);
	}
	modstate_free(f->mods);
	free(f->env_error);
	free(f->mods_error);
	free(f->mods_source_label);
	f->mods_source_label = NULL;
	for (size_t i = 0; i < f->ndeps; i++) {
		free((char *)f->deps[i].path);
		free((char *)f->deps[i].version);
		free((char *)f->deps[i].replace_path);
		free((char *)f->deps[i].replace_version);
	}
	free(f->deps);
	f->env = NULL;
	f->mods = NULL;
	f->env_error = f->mods_error = NULL;
	f->deps = NULL;
	f->ndeps = 0;
}

static void free_routes(struct facts *f)
{
	for (size_t i = 0; i < f->nprobes; i++) {
		free(f->probes[i].method);
		free(f->probes[i].path);
		free(f->probes[i].url);
		free(f->probes[i].error);
		free(f->probes[i].added_in);
		free(f->probes[i].elsewhere);
	}
	free(f->probes);
	free(f->probes_error);
	f->probes = NULL;
	f->nprobes = 0;
	f->probes_error = NULL;
}

void facts_free_proxy(struct facts *f)
{
	if (f->proxy != NULL) {
		proxyprobe_free(f->proxy);
		free(f->proxy);
	}
	free(f->proxy_error);
	f->proxy = NULL;
	f->proxy_error = NULL;
}

void facts_free(struct facts *f)
{
	if (f == NULL)
		return;
	facts_free_binary(f);
	facts_free_dump(f);
	free_repo(f);
	free_modules(f);
	free_routes(f);
	facts_free_grpc(f);
	facts_free_proxy(f);
	for (size_t i = 0; i < f->nprof_fns; i++)
		free(f->prof_fns[i].func);
	free(f->prof_fns);
	free(f->expected_header);
	free(f);
}

/* ---- FACT_BINARY ------------------------------------------------------- */

static void collect_binary(struct facts *f)
{
	const struct target *t = f->target;
	const char *running_path = NULL;
	char exe_link[64];
	char *cause = NULL;
	struct stat st;

	facts_free_binary(f);
	if (t->pid != 0 && t->proc != NULL) {
		/* /proc/PID/exe opens the running image even when it was replaced. */
		snprintf(exe_link, sizeof exe_link, "/proc/%d/exe", t->pid);
		running_path = exe_link;
	} else if (t->binary != NULL) {
		running_path = t->binary;
	}
	if (running_path == NULL) {
		f->running_error = xstrdup("no binary: pass --pid or --binary");
		f->funcs_error = xstrdup(f->running_error);
		return;
	}
	if (buildinfo_load(running_path, &f->running, &cause) != 0) {
		f->running_error = cause;
		cause = NULL;
	}
	if (functab_load(running_path, &f->funcs, &cause) != 0) {
		f->funcs_error = cause;
		cause = NULL;
	}
	/* The file now at the exe path, to compare with the running image. */
	if (t->pid != 0 && t->proc != NULL && t->proc->exe != NULL) {
		if (stat(t->proc->exe, &st) == 0)
			f->file_mtime = (double)st.st_mtim.tv_sec + st.st_mtim.tv_nsec / 1e9;
		if (buildinfo_load(t->proc->exe, &f->on_disk, &cause) != 0) {
			f->on_disk_error = cause;
			cause = NULL;
		}
	}
}

/* ---- FACT_REPO --------------------------------------------------------- */

static void collect_plugins(struct facts *f);

/* The build context the binary was really built with, from buildinfo. */
static void context_from_buildinfo(const struct buildinfo *bi, struct buildconstraint_ctx *c)
{
	const char *goos = bi ? buildinfo_setting(bi, "GOOS") : NULL;
	const char *goarch = bi ? buildinfo_setting(bi, "GOARCH") : NULL;
	const char *tags = bi ? buildinfo_setting(bi, "-tags") : NULL;
	const char *cgo = bi ? buildinfo_setting(bi, "CGO_ENABLED") : NULL;
	const char *exp = bi ? buildinfo_setting(bi, "GOEXPERIMENT") : NULL;
	int minor = bi ? buildconstraint_go_minor(bi->go_version) : 0;
	static const char *const levels[] = {"GOAMD64", "GOARM",    "GOARM64", "GO386",
					     "GOMIPS",	"GOMIPS64", "GOPPC64", "GORISCV64"};

	buildconstraint_ctx_init(c, goos ? goos : "linux", goarch ? goarch : "amd64",
				 minor > 0 ? minor : 19);
	if (tags != NULL) {
		buildconstraint_ctx_add_tags(c, tags);
		free(c->tags_origin);
		c->tags_origin = xstrdup("-tags from the binary's buildinfo");
	}
	if (cgo != NULL)
		c->cgo = strcmp(cgo, "1") == 0;
	if (exp != NULL)
		buildconstraint_ctx_set_experiments(c, exp);
	for (size_t i = 0; bi != NULL && i < ARRAY_LEN(levels); i++) {
		const char *v = buildinfo_setting(bi, levels[i]);

		if (v != NULL)
			buildconstraint_ctx_set_arch_level(c, v);
	}
}

void facts_collect_repo(struct facts *f)
{
	struct reposcan_opts o;
	struct buildconstraint_ctx ctx;
	struct srctree *tree;
	char *cause = NULL;

	free_repo(f);
	if (f->running != NULL && f->running->mod.main.path != NULL &&
	    f->running->mod.main.path[0] != '\0')
		f->module_path = xstrdup(f->running->mod.main.path);
	if (f->target->repo == NULL) {
		f->scan_error = facts_no_repo_hint(f);
		return;
	}
	if ((tree = facts_source_open(f, &f->source_label, &cause)) == NULL) {
		f->scan_error = cause;
		return;
	}
	context_from_buildinfo(f->running, &ctx);
	reposcan_opts_init(&o);
	o.ctx = &ctx;
	if (reposcan_run_tree(tree, &o, &f->scan, &cause) != 0) {
		f->scan_error = cause;
		cause = NULL;
	} else {
		if (f->module_path == NULL && f->scan->module != NULL)
			f->module_path = xstrdup(f->scan->module);
		collect_plugins(f);
	}
	srctree_free(tree);
	facts_collect_changes(f, &ctx);
	buildconstraint_ctx_free(&ctx);
}

/* The plugins the code opens by literal path: their build and exports. */
static void collect_plugins(struct facts *f)
{
	const struct target *t = f->target;

	for (size_t i = 0; f->scan != NULL && i < f->scan->nplugins; i++) {
		const struct reposcan_plugin *rp = &f->scan->plugins[i];
		struct plugin_file *p;
		char *cause = NULL;

		if (rp->path == NULL)
			continue;
		f->plugins = xrealloc(f->plugins, (f->nplugins + 1) * sizeof *f->plugins);
		p = &f->plugins[f->nplugins++];
		memset(p, 0, sizeof *p);
		p->declared = xstrdup(rp->path);
		if (f->source != NULL) { /* the files are on the service's host */
			p->path = xstrdup(rp->path);
			p->error = xstrdup("on the service's host: not examined from here");
			continue;
		}
		/* plugin.Open resolves a relative path against the process's cwd. */
		if (rp->path[0] == '/')
			p->path = xstrdup(rp->path);
		else if (t->pid != 0)
			p->path = xasprintf("/proc/%d/cwd/%s", t->pid, rp->path);
		else
			p->path = xasprintf("%s/%s", t->repo, rp->path);
		if (access(p->path, R_OK) != 0) {
			p->missing = 1;
			p->error = xasprintf("%s: %s", p->path, strerror(errno));
			continue;
		}
		if (buildinfo_load(p->path, &p->bi, &cause) != 0) {
			p->error = cause;
			cause = NULL;
		}
		if (elfsyms_load_dynamic(p->path, &p->exported, &cause) != 0) {
			if (p->error == NULL)
				p->error = cause;
			else
				free(cause);
		}
		if (p->bi != NULL && p->bi->mod.ndeps > 0) {
			p->ndeps = p->bi->mod.ndeps;
			p->deps = xcalloc(p->ndeps, sizeof *p->deps);
			for (size_t k = 0; k < p->ndeps; k++) {
				p->deps[k].path = p->bi->mod.deps[k].path;
				p->deps[k].version = p->bi->mod.deps[k].version;
			}
		}
	}
}

/* ---- FACT_MODULES ------------------------------------------------------ */

void facts_collect_modules(struct facts *f)
{
	struct modstate_opts o = {0};
	struct srctree *tree;
	char *cause = NULL;
	struct goenv *env = f->env;
	char *env_error = f->env_error;

	/* With a source, the service's Go environment came with the facts. */
	if (f->source != NULL)
		f->env = NULL, f->env_error = NULL;
	free_modules(f);
	if (f->source != NULL) {
		f->env = env;
		f->env_error = env_error;
	} else {
		f->env = xcalloc(1, sizeof *f->env);
		if (goenv_collect(f->target->pid, f->env, &cause) != 0) {
			f->env_error = cause;
			cause = NULL;
		}
	}
	if (f->env == NULL) {
		struct goenv_input in = {0};

		f->env = xcalloc(1, sizeof *f->env);
		goenv_resolve(&in, f->env);
	}
	if (f->running != NULL && f->running->mod.ndeps > 0) {
		f->ndeps = f->running->mod.ndeps;
		f->deps = xcalloc(f->ndeps, sizeof *f->deps);
		for (size_t i = 0; i < f->ndeps; i++) {
			const struct modinfo_module *m = &f->running->mod.deps[i];

			/* Copies: a later FACT_BINARY merge frees f->running while
			 * these (and modstate) stay with the modules part. */
			f->deps[i].path = dup_or_null(m->path);
			f->deps[i].version = dup_or_null(m->version);
			if (m->replace != NULL) {
				f->deps[i].replace_path = dup_or_null(m->replace->path);
				f->deps[i].replace_version = dup_or_null(m->replace->version);
			}
		}
	}
	if (f->target->repo == NULL) {
		f->mods_error = facts_no_repo_hint(f);
		return;
	}
	if ((tree = facts_source_open(f, &f->mods_source_label, &cause)) == NULL) {
		f->mods_error = cause;
		return;
	}
	o.tree = tree;
	o.dir = f->target->repo;
	o.deps = f->deps;
	o.ndeps = f->ndeps;
	o.env = f->env;
	o.verify_cache = 1;
	if (modstate_load(&o, &f->mods, &cause) != 0) {
		f->mods_error = cause;
		cause = NULL;
	}
	srctree_free(tree);
}

/* ---- FACT_PROXY -------------------------------------------------------- */

static void collect_proxy(struct facts *f)
{
	const char *module = NULL;
	char *cause = NULL;

	facts_free_proxy(f);
	if (f->env == NULL) {
		f->proxy_error = xstrdup("the Go environment was not collected");
		return;
	}
	if (f->mods == NULL && f->probe_module == NULL) {
		f->proxy_error = xasprintf("no requirement to probe with: %s",
					   f->mods_error ? f->mods_error : "go.mod was not read");
		return;
	}
	/* Probe with a real requirement; without one there is nothing to ask. */
	for (size_t i = 0; f->mods != NULL && i < f->mods->mod.nrequire; i++) {
		module = f->mods->mod.require[i].path;
		break;
	}
	if (f->mods == NULL)
		module = f->probe_module;
	if (module == NULL) {
		f->proxy_error = xstrdup("go.mod requires no module, so no proxy lookup is needed");
		return;
	}
	f->proxy = xcalloc(1, sizeof *f->proxy);
	if (proxyprobe_parse(goenv_value(f->env, GOENV_GOPROXY),
			     goenv_value(f->env, GOENV_GONOPROXY), f->proxy, &cause) != 0) {
		f->proxy_error = cause;
		return;
	}
	proxyprobe_run(f->proxy, module, 2000, 5000);
	proxyprobe_decide(f->proxy,
			  goenv_match_patterns(goenv_value(f->env, GOENV_GONOPROXY), module));
}

/* ---- FACT_ROUTES ------------------------------------------------------- */

struct route_job {
	struct facts *f;
	size_t idx;
	char *via; /* the URL really fetched (through a tunnel), or NULL */
};

static void route_done(struct http_response *r, void *arg)
{
	struct route_job *j = arg;
	struct route_probe *p = &j->f->probes[j->idx];

	p->status = r->status;
	p->seconds = r->t_total;
	if (r->error != NULL)
		p->error = xstrdup(r->error);
	p->has_header =
	    j->f->expected_header != NULL && http_header(r, j->f->expected_header) != NULL;
	http_response_free(r);
	free(j->via);
	free(j);
}

/* A route's path made concrete enough to GET: Go 1.22 wildcards become a
 * placeholder segment; a trailing {x...} or a subtree pattern is probed at
 * its prefix. */
char *facts_probe_path(const char *path)
{
	struct buf b;

	buf_init(&b);
	for (const char *p = path; *p; p++) {
		if (*p == '{') {
			const char *e = strchr(p, '}');

			if (e == NULL)
				break;
			buf_adds(&b, "1");
			p = e;
		} else if (*p == ':' && (p == path || p[-1] == '/')) {
			/* gin/echo/chi ":id" parameters */
			buf_adds(&b, "1");
			while (p[1] && p[1] != '/')
				p++;
		} else if (*p == '*') {
			break;
		} else {
			buf_addc(&b, *p);
		}
	}
	return buf_steal(&b);
}

void facts_collect_routes(struct facts *f)
{
	const char *base = f->target->debug_url ? f->target->debug_url : f->target->url_given;
	struct http_client *c;
	char *silence;

	free_routes(f);
	if (f->scan == NULL) {
		f->probes_error = xstrdup(f->scan_error ? f->scan_error : "no repository scan");
		return;
	}
	if (base == NULL && (silence = target_silence(f->target)) != NULL) {
		f->probes_error = xasprintf("no answer from the service: %s", silence);
		free(silence);
		return;
	}
	if (base == NULL) {
		f->probes_error = xstrdup("no HTTP endpoint of the service is known: pass --url or "
					  "--pid of a process with a listener");
		return;
	}
	/* The service is on another host: probe it through the tunnel only,
	 * never this host's loopback. */
	if (f->source != NULL && f->http_via == NULL) {
		f->probes_error = xasprintf(
		    "the service runs on %s and %s",
		    f->source->host ? f->source->host : "another host",
		    f->http_via_error ? f->http_via_error
				      : "the facts hold no route probes (run gotriage collect with "
					"--repo there, or use --ssh)");
		return;
	}
	c = http_client_new();
	for (size_t i = 0; i < f->scan->nroutes && f->nprobes < ROUTE_PROBE_MAX; i++) {
		const struct reposcan_route *r = &f->scan->routes[i];
		const char *path = r->full_path ? r->full_path : r->path;
		struct http_request rq = {0};
		struct route_job *j;
		char *url, *pp, *alt, *why;
		enum facts_where where;
		int dup = 0;

		if (path == NULL || path[0] != '/')
			continue;
		pp = facts_probe_path(path);
		for (size_t k = 0; k < f->nprobes; k++)
			if (strcmp(f->probes[k].path, pp) == 0)
				dup = 1;
		if (dup) {
			free(pp);
			continue;
		}
		f->probes = xrealloc(f->probes, (f->nprobes + 1) * sizeof *f->probes);
		memset(&f->probes[f->nprobes], 0, sizeof *f->probes);
		/* Only safe methods: a route declared for POST is probed with HEAD
		 * (a 405 then still proves the route exists). */
		f->probes[f->nprobes].method = xstrdup(
		    r->method && r->method[0] && strstr(r->method, "GET") == NULL ? "HEAD" : "GET");
		f->probes[f->nprobes].path = pp;
		/* at its router's own listener, if that is not --url's */
		where = facts_route_where(f, r, base, &alt, &why);
		url = xasprintf("%s%s", alt != NULL ? alt : base, pp);
		free(alt);
		f->probes[f->nprobes].url = url;
		f->probes[f->nprobes].elsewhere = why;
		if (where == WHERE_SKIP) { /* never a request where it cannot be */
			f->probes[f->nprobes++].skipped = 1;
			continue;
		}
		j = xmalloc(sizeof *j);
		j->f = f;
		j->idx = f->nprobes++;
		j->via = f->http_via != NULL ? xasprintf("%s%s", f->http_via, pp) : NULL;
		rq.url = j->via != NULL ? j->via : url;
		rq.method = f->probes[j->idx].method;
		rq.timeout_ms = ROUTE_PROBE_TIMEOUT_MS;
		rq.connect_timeout_ms = 1000;
		rq.max_bytes = ROUTE_PROBE_CAP;
		rq.redirects = HTTP_REDIRECT_SAME_HOST; /* never off to another host */
		rq.label = "route probe";
		http_start(c, &rq, route_done, j);
	}
	/* Routes only `against` declares: probed too, so a 404 can be
	 * explained by the commit the running build lacks. */
	for (size_t i = 0; f->changes != NULL && i < f->changes->ntotal; i++) {
		const struct changes_reg *cr = &f->changes->total[i];
		const char *sp = strchr(cr->what, ' ');
		struct route_probe *p;
		struct route_job *j;
		struct http_request rq = {0};
		long k;

		if (cr->sign != '+' || strcmp(cr->kind, "route") != 0 || sp == NULL ||
		    sp[1] != '/' || f->nprobes >= ROUTE_PROBE_MAX)
			continue;
		f->probes = xrealloc(f->probes, (f->nprobes + 1) * sizeof *f->probes);
		p = &f->probes[f->nprobes];
		memset(p, 0, sizeof *p);
		p->path = facts_probe_path(sp + 1);
		p->method = xstrdup(
		    strncmp(cr->what, "GET", 3) == 0 || strncmp(cr->what, "ANY", 3) == 0 ? "GET"
											 : "HEAD");
		p->url = xasprintf("%s%s", base, p->path);
		k = changes_route_commit(f->changes, NULL, sp + 1);
		p->added_in = k >= 0 ? changes_commit_line(&f->changes->log->v[k])
				     : xasprintf("a commit of %s", f->changes->against_name);
		j = xmalloc(sizeof *j);
		j->f = f;
		j->idx = f->nprobes++;
		/* route_done frees via: set it here too (through a tunnel, as above). */
		j->via = f->http_via != NULL ? xasprintf("%s%s", f->http_via, p->path) : NULL;
		rq.url = j->via != NULL ? j->via : p->url;
		rq.method = p->method;
		rq.timeout_ms = ROUTE_PROBE_TIMEOUT_MS;
		rq.connect_timeout_ms = 1000;
		rq.max_bytes = ROUTE_PROBE_CAP;
		rq.label = "route probe";
		http_start(c, &rq, route_done, j);
	}
	http_wait(c);
	http_client_free(c);
}

/* ---- the parts together -------------------------------------------------- */

static unsigned with_dependencies(unsigned parts)
{
	if (parts & (FACT_ROUTES))
		parts |= FACT_REPO;
	if (parts & FACT_PROXY)
		parts |= FACT_MODULES;
	if (parts & (FACT_REPO | FACT_MODULES | FACT_DUMP))
		parts |= FACT_BINARY;
	if (parts & FACT_GRPC)
		parts |= FACT_PROC;
	return parts;
}

void facts_collect(struct facts *f, unsigned parts)
{
	unsigned all = parts = with_dependencies(parts);

	if (f->source != NULL) {
		facts_collect_with_source(f, parts);
		f->collected |= all;
		f->collected_at = now_wall();
		return;
	}
	if (parts & FACT_BINARY)
		collect_binary(f);
	if (parts & FACT_REPO)
		facts_collect_repo(f);
	if (parts & FACT_MODULES)
		facts_collect_modules(f);
	if (parts & FACT_ROUTES)
		facts_collect_routes(f);
	if (parts & FACT_PROXY)
		collect_proxy(f);
	if (parts & FACT_DUMP)
		facts_collect_dump(f);
	if (parts & FACT_GRPC)
		facts_collect_grpc(f);
	f->collected |= all;
	f->collected_at = now_wall();
}

#define MOVE(field)                                                                                \
	do {                                                                                       \
		into->field = from->field;                                                         \
		from->field = 0;                                                                   \
	} while (0)

void facts_merge(struct facts *into, struct facts *from)
{
	unsigned p = from->collected;

	if (p & FACT_BINARY) {
		facts_free_binary(into);
		MOVE(running);
		MOVE(running_error);
		MOVE(on_disk);
		MOVE(on_disk_error);
		MOVE(file_mtime);
		MOVE(funcs);
		MOVE(funcs_error);
		into->func_names = from->func_names;
		memset(&from->func_names, 0, sizeof from->func_names);
		MOVE(func_names_known);
	}
	if (p & FACT_REPO) {
		free_repo(into);
		MOVE(scan);
		MOVE(scan_error);
		MOVE(module_path);
		MOVE(plugins);
		MOVE(nplugins);
		MOVE(source_label);
		MOVE(changes);
		MOVE(changes_error);
	}
	if (p & FACT_MODULES) {
		free_modules(into);
		MOVE(env);
		MOVE(env_error);
		MOVE(mods);
		MOVE(mods_error);
		MOVE(mods_source_label);
		MOVE(deps);
		MOVE(ndeps);
	}
	if (p & FACT_ROUTES) {
		free_routes(into);
		MOVE(probes);
		MOVE(nprobes);
		MOVE(probes_error);
	}
	if (p & FACT_PROXY) {
		facts_free_proxy(into);
		MOVE(proxy);
		MOVE(proxy_error);
	}
	if (p & FACT_DUMP) {
		facts_free_dump(into);
		MOVE(goroutine_total);
		MOVE(dump);
		MOVE(buckets);
		MOVE(dump_bytes);
		MOVE(dump_seconds);
		MOVE(dump_truncated);
		MOVE(dump_error);
		from->goroutine_total = -1;
	}
	if (p & FACT_GRPC) {
		facts_free_grpc(into);
		MOVE(grpc);
		MOVE(ngrpc);
		MOVE(grpc_error);
	}
	into->collected |= p;
	into->collected_at = from->collected_at;
	into->generation++;
	facts_free(from);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int facts_has_function(const struct facts *f, const char *fn)
{
	if (f->funcs != NULL)
		return functab_find(f->funcs, fn) >= 0;
	if (!f->func_names_known)
		return -1;
	return bsearch(&fn, f->func_names.v, f->func_names.n, sizeof *f->func_names.v, cmp_name) !=
	       NULL;
}

int facts_functions_known(const struct facts *f)
{
	return f->funcs != NULL || f->func_names_known;
}

cJSON *facts_summary_json(const struct facts *f)
{
	cJSON *o = cJSON_CreateObject();

	if (f->running != NULL && f->running->go_version != NULL)
		cJSON_AddStringToObject(o, "go_version", f->running->go_version);
	if (f->module_path != NULL)
		cJSON_AddStringToObject(o, "module", f->module_path);
	if (f->running != NULL) {
		const char *rev = buildinfo_setting(f->running, "vcs.revision");

		if (rev != NULL)
			cJSON_AddStringToObject(o, "revision", rev);
	}
	if (f->goroutine_total >= 0)
		cJSON_AddNumberToObject(o, "goroutines", (double)f->goroutine_total);
	return o;
}
