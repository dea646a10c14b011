/* catalog_run.c: one adapter per check, from struct facts to the check's
 * own inputs. Each says plainly what is missing when a part of the facts
 * could not be collected. */
#include "catalog_run.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binary_checks.h"
#include "binary_only.h"
#include "collectors/base/sanitize.h"
#include "collectors/elf/buildinfo.h"
#include "collectors/elf/pclntab.h"
#include "collectors/runtime/gbucket.h"
#include "collectors/gomod/goenv.h"
#include "goroutine_checks.h"
#include "collectors/gomod/modstate.h"
#include "module_checks.h"
#include "profile_evidence.h"
#include "collectors/elf/pclntab.h"
#include "collectors/repo/reposcan.h"
#include "repo_checks.h"
#include "serve_checks.h"

static int in_binary(const char *symbol, void *arg)
{
	const struct facts *f = arg;

	return facts_has_function(f, symbol) == 1;
}

void run_stale_binary(const struct facts *f, struct verdict *v)
{
	const struct target *t = f->target;
	struct stale_inputs in = {0};

	if (t->pid == 0 && t->binary == NULL) {
		verdict_set(v, VERDICT_SKIP, "no process or binary to judge");
		return;
	}
	in.pid = t->pid;
	if (t->proc != NULL) {
		in.exe_path = t->proc->exe;
		in.exe_deleted = t->proc->exe_deleted;
		in.exe_error = t->proc->exe_error;
		in.start_time = t->proc->start_time;
	} else {
		in.exe_path = t->binary;
	}
	in.file_mtime = f->file_mtime;
	in.running = f->running;
	in.running_error = f->running_error;
	in.on_disk = t->pid != 0 ? f->on_disk : f->running;
	in.on_disk_error = t->pid != 0 ? f->on_disk_error : f->running_error;
	if (t->git != NULL && t->git->hash[0])
		in.repo_head = t->git->hash;
	in.repo_dir = t->repo;
	in.changes = f->changes;
	in.changes_error = f->changes_error;
	check_stale_binary(&in, v);
}

void run_devel_build(const struct facts *f, struct verdict *v)
{
	struct devel_inputs in = {0};

	in.bi = f->running;
	in.binary = f->target->binary;
	in.bi_error = f->running_error;
	check_devel_build(&in, v);
}

void run_route_excluded_by_build(const struct facts *f, struct verdict *v)
{
	struct route_excluded_inputs in = {0};

	if (f->scan == NULL) {
		verdict_unknown(v, "no repository scan (%s)", f->scan_error ? f->scan_error : "?");
		return;
	}
	in.scan = f->scan;
	in.in_binary = facts_functions_known(f) ? in_binary : NULL;
	in.arg = (void *)f;
	in.settings_origin = f->running != NULL ? "the binary's buildinfo"
						: "defaults (no binary: linux/amd64, no tags)";
	check_route_excluded_by_build(&in, v);
}

/* The profiles the engineer fetched (facts->prof_fns) as evidence on a
 * step whose code is `targets` (adapting only: the judging is
 * check_profile_evidence()). */
static void profile_evidence(const struct facts *f, const char *const *targets,
			     const char *const *what, const char *all_what, size_t n,
			     struct verdict *v)
{
	struct profile_evidence_inputs in = {0};
	struct profile_fn *fns;

	if (f->nprof_fns == 0 || n == 0)
		return;
	fns = xcalloc(f->nprof_fns, sizeof *fns);
	for (size_t i = 0; i < f->nprof_fns; i++) {
		const struct facts_prof_fn *p = &f->prof_fns[i];

		fns[i].func = p->func;
		fns[i].kind = p->kind == 1 ? PROFILE_FN_HEAP_GROWTH : PROFILE_FN_CPU;
		fns[i].pct = p->pct;
		fns[i].value = p->value;
		fns[i].shown = p->shown;
	}
	in.fns = fns;
	in.nfns = f->nprof_fns;
	in.targets = targets;
	in.target_what = what;
	in.what = all_what;
	in.ntargets = n;
	check_profile_evidence(&in, v);
	free(fns);
}

static void route_profile_evidence(const struct facts *f, struct verdict *v)
{
	const char **syms, **what;
	char(*labels)[160];
	size_t n = 0;

	if (f->scan == NULL || f->scan->nroutes == 0 || f->nprof_fns == 0)
		return;
	syms = xcalloc(f->scan->nroutes, sizeof *syms);
	what = xcalloc(f->scan->nroutes, sizeof *what);
	labels = xcalloc(f->scan->nroutes, sizeof *labels);
	for (size_t i = 0; i < f->scan->nroutes; i++) {
		const struct reposcan_route *r = &f->scan->routes[i];

		if (r->handler_symbol == NULL)
			continue;
		snprintf(labels[n], sizeof labels[0], "the handler of %s",
			 r->path != NULL ? r->path : "a route");
		syms[n] = r->handler_symbol;
		what[n] = labels[n];
		n++;
	}
	profile_evidence(f, syms, what, NULL, n, v);
	free(syms);
	free(what);
	free(labels);
}

void run_route_not_served(const struct facts *f, struct verdict *v)
{
	struct route_served_inputs in = {0};

	in.scan = f->scan;
	in.scan_error = f->scan_error;
	in.probes = f->probes;
	in.nprobes = f->nprobes;
	in.probes_error = f->probes_error;
	in.url = f->target->debug_url != NULL ? f->target->debug_url : f->target->url_given;
	in.in_binary = f->funcs != NULL ? in_binary : NULL;
	in.arg = (void *)f;
	check_route_not_served(&in, v);
	route_profile_evidence(f, v);
}

/* Generated gRPC handler names from the function table (local or remote). */
static const char **grpc_handlers(const struct facts *f, size_t *n)
{
	const char **out = NULL;

	*n = 0;
	if (f->funcs != NULL) {
		size_t *idx = NULL;
		long k = functab_search(f->funcs, "\\._[A-Za-z0-9_]+_Handler$", &idx, NULL);

		out = xcalloc(k > 0 ? (size_t)k : 1, sizeof *out);
		for (long i = 0; i < k; i++) {
			const char *name = functab_name(f->funcs, idx[i]);

			if (name != NULL)
				out[(*n)++] = name;
		}
		free(idx);
		return out;
	}
	out = xcalloc(f->func_names.n + 1, sizeof *out);
	for (size_t i = 0; i < f->func_names.n; i++) {
		char svc[128];

		if (binary_only_grpc_service(f->func_names.v[i], svc, sizeof svc))
			out[(*n)++] = f->func_names.v[i];
	}
	return out;
}

void run_grpc_service_missing(const struct facts *f, struct verdict *v)
{
	struct grpc_served_inputs in = {0};

	if (f->scan == NULL && facts_functions_known(f)) {
		struct grpc_binary_inputs bin = {0};

		if (binary_only_absent("grpc-service-missing", in_binary, (void *)f, v))
			return;
		bin.handlers = grpc_handlers(f, &bin.nhandlers);
		if (f->collected & FACT_GRPC) {
			bin.listeners =
			    f->grpc != NULL ? f->grpc : (const struct grpc_listener *)"";
			bin.nlisteners = f->ngrpc;
		}
		if (f->grpc_error != NULL) {
			bin.listeners = NULL;
			bin.listeners_error = f->grpc_error;
		}
		check_grpc_binary_services(&bin, v);
		free((void *)bin.handlers);
		return;
	}

	in.scan = f->scan;
	in.scan_error = f->scan_error;
	if (f->collected & FACT_GRPC) {
		in.listeners = f->grpc != NULL ? f->grpc : (const struct grpc_listener *)"";
		in.nlisteners = f->ngrpc;
	}
	if (f->grpc_error != NULL) {
		in.listeners = NULL;
		in.listeners_error = f->grpc_error;
	}
	check_grpc_service_missing(&in, v);
}

/* A variable of the process's environment (NUL-separated block), or NULL. */
static const char *proc_env(const char *name, void *arg)
{
	const struct procinfo *p = arg;
	size_t n = strlen(name), i = 0;

	while (p->environ != NULL && i < p->environ_len) {
		const char *e = p->environ + i;
		size_t len = strnlen(e, p->environ_len - i);

		if (len > n && strncmp(e, name, n) == 0 && e[n] == '=')
			return e + n + 1;
		i += len + 1;
	}
	return NULL;
}

void run_listener_missing(const struct facts *f, struct verdict *v)
{
	const struct target *t = f->target;
	struct listener_missing_inputs in = {0};
	struct listen_socket *socks = NULL;

	in.scan = f->scan;
	if (f->scan == NULL) {
		verdict_unknown(v, "no repository scan (%s)", f->scan_error ? f->scan_error : "?");
		return;
	}
	in.pid = t->pid;
	if (t->listeners != NULL) {
		socks = xcalloc(t->listeners->n + 1, sizeof *socks);
		for (size_t i = 0; i < t->listeners->n; i++) {
			const struct listener *l = &t->listeners->v[i];

			inet_ntop(l->family, l->addr, socks[i].host, sizeof socks[i].host);
			socks[i].port = l->port;
		}
		in.sockets = socks;
		in.nsockets = t->listeners->n;
		in.sockets_known = 1;
	} else {
		in.sockets_error = t->pid == 0 ? "no process: pass --pid" : t->listeners_error;
	}
	if (t->proc != NULL) {
		in.env_lookup = t->proc->environ != NULL ? proc_env : NULL;
		in.env_arg = t->proc;
		in.argv = &t->proc->argv;
	}
	check_listener_missing(&in, v);
	free(socks);
}

void run_ticker_without_consumer(const struct facts *f, struct verdict *v)
{
	struct ticker_inputs in = {0};
	struct ticker_loop *loops = NULL;
	char(*sites)[512] = NULL;

	if (f->scan != NULL && f->scan->ntickers > 0) {
		loops = xcalloc(f->scan->ntickers, sizeof *loops);
		sites = xcalloc(f->scan->ntickers, sizeof *sites);
		for (size_t i = 0; i < f->scan->ntickers; i++) {
			const struct reposcan_ticker *k = &f->scan->tickers[i];

			if (k->consumer_symbol == NULL)
				continue;
			snprintf(sites[in.nloops], sizeof sites[0], "%s:%d",
				 f->scan->files[k->at.file].path, k->at.line);
			loops[in.nloops].func = k->consumer_symbol;
			loops[in.nloops].site = sites[in.nloops];
			in.nloops++;
		}
	}
	in.loops = loops;
	in.scan_error = f->scan == NULL ? (f->scan_error ? f->scan_error : "no scan") : NULL;
	in.buckets = f->buckets;
	in.dump_error = f->dump_error;
	in.dump_incomplete = f->dump_truncated;
	in.has_fn = facts_functions_known(f) ? in_binary : NULL;
	in.has_fn_arg = (void *)f;
	check_ticker_without_consumer(&in, v);
	if (in.nloops > 0) {
		const char **t = xcalloc(in.nloops, sizeof *t);

		for (size_t i = 0; i < in.nloops; i++)
			t[i] = loops[i].func;
		profile_evidence(f, t, NULL, "a ticker loop", in.nloops, v);
		free(t);
	}
	free(loops);
	free(sites);
}

void run_config_reload_no_effect(const struct facts *f, struct verdict *v)
{
	struct watcher_inputs in = {0};
	char site[512] = "";
	int watch = 0;

	if (f->scan == NULL) {
		if (facts_functions_known(f) &&
		    binary_only_absent("config-reload-no-effect", in_binary, (void *)f, v))
			return;
		verdict_unknown(v, "no repository scan (%s)", f->scan_error ? f->scan_error : "?");
		return;
	}
	for (size_t i = 0; i < f->scan->nvipers; i++) {
		const struct reposcan_viper *vp = &f->scan->vipers[i];

		if (!vp->on_change && !watch) {
			watch = 1;
			snprintf(site, sizeof site, "%s:%d", f->scan->files[vp->at.file].path,
				 vp->at.line);
		}
	}
	if (f->scan->nvipers == 0) {
		verdict_set(v, VERDICT_SKIP,
			    "the repository does not watch its configuration "
			    "(no viper.WatchConfig/OnConfigChange)");
		return;
	}
	in.watch_config = watch;
	in.watch_site = site[0] ? site : NULL;
	in.buckets = f->buckets;
	in.dump_error = f->dump_error;
	in.dump_incomplete = f->dump_truncated;
	check_config_reload_watcher(&in, v);
	/* The repo half: a callback that only reads viper or logs reloads nothing. */
	for (size_t i = 0; i < f->scan->nvipers; i++) {
		const struct reposcan_viper *vp = &f->scan->vipers[i];

		if (vp->on_change && vp->reloads_nothing == 1) {
			verdict_evidence(v,
					 "code:%s:%d OnConfigChange callback only reads viper or "
					 "logs: nothing in the application is told",
					 f->scan->files[vp->at.file].path, vp->at.line);
			verdict_raise(v, VERDICT_WARN,
				      "the OnConfigChange callback reloads nothing "
				      "in the application");
		}
	}
}

void run_middleware_order(const struct facts *f, struct verdict *v)
{
	struct middleware_order_inputs in = {0};
	struct middleware_probe *mp = NULL;

	if (f->scan == NULL) {
		verdict_unknown(v, "no repository scan (%s)", f->scan_error ? f->scan_error : "?");
		return;
	}
	in.scan = f->scan;
	in.header = f->expected_header;
	if (f->nprobes > 0) {
		mp = xcalloc(f->nprobes, sizeof *mp);
		for (size_t i = 0; i < f->nprobes; i++) {
			mp[i].method = f->probes[i].method;
			mp[i].path = f->probes[i].path;
			mp[i].status = (int)f->probes[i].status;
			mp[i].header_present = f->probes[i].has_header;
		}
		in.probes = mp;
		in.nprobes = f->nprobes;
	}
	check_middleware_order(&in, v);
	free(mp);
}

void run_init_goroutine(const struct facts *f, struct verdict *v)
{
	struct init_goroutine_inputs in = {0};
	struct init_go_site *sites = NULL;
	char(*where)[512] = NULL;

	if (f->scan != NULL && f->scan->ninitgos > 0) {
		sites = xcalloc(f->scan->ninitgos, sizeof *sites);
		where = xcalloc(f->scan->ninitgos, sizeof *where);
		for (size_t i = 0; i < f->scan->ninitgos; i++) {
			const struct reposcan_initgo *g = &f->scan->initgos[i];

			snprintf(where[i], sizeof where[0], "%s:%d",
				 f->scan->files[g->at.file].path, g->at.line);
			sites[i].func = g->at.symbol ? g->at.symbol : g->at.func;
			sites[i].site = where[i];
		}
		in.nsites = f->scan->ninitgos;
	}
	in.sites = sites;
	in.repo_scanned = f->scan != NULL;
	in.main_module = f->module_path;
	in.buckets = f->buckets;
	in.dump_error = f->dump_error;
	check_init_goroutine(&in, v);
	free(sites);
	free(where);
}

static int need_modules(const struct facts *f, struct verdict *v)
{
	if (f->mods != NULL)
		return 1;
	verdict_unknown(v, "the module state was not read (%s)",
			f->mods_error ? f->mods_error : "not collected");
	return 0;
}

void run_sumdb_disabled(const struct facts *f, struct verdict *v)
{
	if (f->env == NULL) {
		verdict_unknown(v, "the Go environment was not read (%s)",
				f->env_error ? f->env_error : "not collected");
		return;
	}
	check_sumdb_disabled(f->env, f->mods, v);
}

void run_gosum_mismatch(const struct facts *f, struct verdict *v)
{
	if (need_modules(f, v))
		check_gosum_mismatch(f->mods, v);
}

void run_goproxy_unreachable(const struct facts *f, struct verdict *v)
{
	if (f->proxy == NULL && f->proxy_error != NULL &&
	    strstr(f->proxy_error, "requires no module") != NULL) {
		verdict_set(v, VERDICT_SKIP, "%s", f->proxy_error);
		return;
	}
	if (f->proxy == NULL) {
		verdict_unknown(v, "the proxies were not probed: %s",
				f->proxy_error ? f->proxy_error : "not collected yet");
		return;
	}
	check_goproxy_unreachable(f->proxy, v);
}

void run_vendor_inconsistent(const struct facts *f, struct verdict *v)
{
	if (need_modules(f, v))
		check_vendor_inconsistent(f->mods, v);
}

void run_cgo_disabled(const struct facts *f, struct verdict *v)
{
	struct cgo_disabled_inputs in = {0};
	const char **deps = NULL;
	const char *cgo = f->running ? buildinfo_setting(f->running, "CGO_ENABLED") : NULL;

	if (f->scan == NULL && (f->running == NULL || cgo == NULL)) {
		verdict_unknown(v, "no repository scan (%s)", f->scan_error ? f->scan_error : "?");
		return;
	}
	/* Without the source the build settings and the function table still
	 * decide: CGO_ENABLED, and whether runtime/cgo was linked. */
	in.scan = f->scan;
	in.cgo_enabled = cgo == NULL ? -1 : strcmp(cgo, "1") == 0;
	if (f->ndeps > 0) {
		deps = xcalloc(f->ndeps, sizeof *deps);
		for (size_t i = 0; i < f->ndeps; i++)
			deps[i] = f->deps[i].path;
		in.deps = deps;
		in.ndeps = f->ndeps;
	}
	check_cgo_disabled(&in, v);
	free(deps);
	if (f->funcs != NULL) {
		size_t *idx = NULL;
		/* cmd/cgo names the Go side of each C call PKG._Cfunc_NAME. */
		long n = functab_search(f->funcs, "\\._C2?func_", &idx, NULL);

		free(idx);
		if (n > 0)
			verdict_evidence(v,
					 "function table: %ld cgo call stubs (_Cfunc_): code "
					 "built with cgo is in this binary",
					 n);
		else if (n == 0)
			verdict_evidence(v, "function table: no cgo call stub (_Cfunc_): no code "
					    "built with cgo is in this binary");
	}
	if (f->scan == NULL)
		verdict_evidence(v, "judged from the binary alone: pass --repo DIR to list the "
				    "files that import \"C\"");
}

/* Without the repo: the binary's (devel) dependencies and directory
 * replacements are local code swapped in by a go.work or a replace. */
static void workspace_from_binary(const struct facts *f, struct verdict *v)
{
	size_t local = 0;

	for (size_t i = 0; i < f->ndeps; i++) {
		const struct modstate_dep *d = &f->deps[i];
		int devel = d->version != NULL && strcmp(d->version, "(devel)") == 0;
		int dir = d->replace_path != NULL && d->replace_version == NULL;
		char *p;

		if (!devel && !dir)
			continue;
		local++;
		p = sanitize_str(d->path);
		if (dir) {
			char *r = sanitize_str(d->replace_path);

			verdict_evidence(v, "dep %s => %s: a local directory", p, r);
			free(r);
		} else {
			verdict_evidence(v, "dep %s (devel): built from a local directory", p);
		}
		free(p);
	}
	if (local > 0)
		verdict_set(
		    v, VERDICT_WARN,
		    "the binary contains %zu module(s) built from local directories (a "
		    "go.work or a directory replace): builds elsewhere compile different code",
		    local);
	else
		verdict_set(v, VERDICT_PASS,
			    "every dependency of the binary is a versioned module: no local code "
			    "was swapped in (judged from the binary; pass --repo DIR for go.work)");
}

void run_workspace_shadowing(const struct facts *f, struct verdict *v)
{
	if (f->mods == NULL && f->target != NULL && f->target->repo == NULL && f->running != NULL &&
	    (f->collected & FACT_MODULES)) {
		workspace_from_binary(f, v);
		return;
	}
	if (need_modules(f, v))
		check_workspace_shadowing(f->mods, f->env, f->deps, f->ndeps, v);
}

void run_plugin_mismatch(const struct facts *f, struct verdict *v)
{
	if (f->scan == NULL) {
		if (facts_functions_known(f) &&
		    binary_only_absent("plugin-mismatch", in_binary, (void *)f, v))
			return;
		verdict_unknown(v, "no repository scan (%s)", f->scan_error ? f->scan_error : "?");
		return;
	}
	if (f->scan->nplugins == 0) {
		verdict_set(v, VERDICT_SKIP, "the code opens no Go plugins (no plugin.Open)");
		return;
	}
	{
		struct plugin_facts *pf = xcalloc(f->nplugins + 1, sizeof *pf);
		const struct plugin_facts **pp = xcalloc(f->nplugins + 1, sizeof *pp);
		size_t n = 0, missing = 0;

		for (size_t i = 0; i < f->nplugins; i++) {
			const struct plugin_file *p = &f->plugins[i];

			if (p->missing) {
				missing++;
				continue;
			}
			pf[i].plugin_path = p->declared;
			pf[i].host_go = f->running ? f->running->go_version : NULL;
			pf[i].plugin_go = p->bi ? p->bi->go_version : NULL;
			pf[i].host_deps = f->deps;
			pf[i].nhost_deps = f->ndeps;
			pf[i].plugin_deps = p->deps;
			pf[i].nplugin_deps = p->ndeps;
			pf[i].exported = &p->exported;
			pp[n++] = &pf[i];
		}
		if (n > 0)
			check_plugin_mismatch(pp, n, v);
		for (size_t i = 0; i < f->nplugins; i++)
			if (f->plugins[i].error != NULL)
				verdict_evidence(v, "%s: %s", f->plugins[i].declared,
						 f->plugins[i].error);
		for (size_t i = 0; i < f->nplugins; i++)
			if (f->plugins[i].bi == NULL && !f->plugins[i].missing)
				verdict_evidence(
				    v,
				    "%s carries no build info (Go 1.19 plugins have none; "
				    "seen here): compare the toolchain and go.mod used for "
				    "plugin and host by hand",
				    f->plugins[i].declared);
		if (missing > 0)
			verdict_raise(v, VERDICT_FAIL,
				      "%zu plugin file%s the code opens %s missing on "
				      "this host: plugin.Open fails",
				      missing, missing == 1 ? "" : "s",
				      missing == 1 ? "is" : "are");
		free(pp);
		free(pf);
	}
	for (size_t i = 0; i < f->scan->nplugins; i++) {
		const struct reposcan_plugin *p = &f->scan->plugins[i];

		verdict_evidence(v, "code:%s:%d plugin.Open(%s)%s", f->scan->files[p->at.file].path,
				 p->at.line, p->path ? p->path : p->expr,
				 p->path ? "" : ": not a literal path, not checked");
	}
	if (f->nplugins == 0)
		verdict_unknown(v, "no plugin.Open call names a literal path: the plugins the "
				   "service loads cannot be found from the code");
}

void run_embed_path(const struct facts *f, struct verdict *v)
{
	struct embed_path_inputs in = {0};

	if (f->scan == NULL) {
		if (facts_functions_known(f) &&
		    binary_only_absent("embed-path", in_binary, (void *)f, v))
			return;
		verdict_unknown(v, "no repository scan (%s)", f->scan_error ? f->scan_error : "?");
		return;
	}
	in.scan = f->scan;
	check_embed_path(&in, v);
}
