/* cmd_modules.c: `gotriage modules --repo DIR`:
 * the module state of a repository from every side (go.mod, go.sum,
 * go.work, vendor/, the module cache, the Go environment with provenance,
 * the GOPROXY walk, the running binary's dependencies) and the module
 * checks. Exit 0 when no check failed, 1 when one did, 2 for bad usage or a
 * directory that is not a Go module. */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/elf/buildinfo.h"
#include "commands.h"
#include "collectors/base/common.h"
#include "collectors/gomod/goenv.h"
#include "collectors/gomod/proxyjson.h"
#include "collectors/gomod/modstate.h"
#include "checks/module_checks.h"
#include "collectors/net/proxyprobe.h"
#include "collectors/base/redact.h"
#include "collectors/base/sanitize.h"

struct opts {
	const char *repo;
	int pid;
	int json;
	int probe;
	int jobs;
	long probe_timeout_ms;
};

/* Returns 1 to go on, or 0 with the exit status in *status. */
static int parse_args(int argc, char **argv, struct opts *o, int *status)
{
	struct cmdargs a;
	char *cause = NULL;
	long pid = 0, jobs = 0;

	memset(o, 0, sizeof *o);
	o->probe_timeout_ms = 4000;
	if (!commands_parse("modules", argc, argv, &a, status))
		return 0;
	o->json = cmdargs_has(&a, "json");
	o->probe = !cmdargs_has(&a, "no-probe");
	o->repo = cmdargs_get(&a, "repo");
	if (cmdargs_long(&a, "pid", 1, 0x3fffffff, &pid, &cause) < 0 ||
	    cmdargs_long(&a, "jobs", 1, 64, &jobs, &cause) < 0 ||
	    cmdargs_long(&a, "probe-timeout", 1, 600000, &o->probe_timeout_ms, &cause) < 0) {
		*status = commands_usage_error("modules", "%s", cause);
		free(cause);
		return 0;
	}
	o->pid = (int)pid;
	o->jobs = (int)jobs;
	if (o->repo == NULL) {
		*status = commands_usage_error(
		    "modules", "no repository given: pass --repo DIR (the directory with go.mod)");
		return 0;
	}
	return 1;
}

static void put(const char *s)
{
	char *t = sanitize_str(s ? s : "");

	fputs(t, stdout);
	free(t);
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* The module the probe asks about: a real requirement, direct ones first. */
static const char *probe_module(const struct modstate *ms)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < ms->mod.nrequire; i++)
			if (pass == 1 || !ms->mod.require[i].indirect)
				return ms->mod.require[i].path;
	return NULL;
}

static void print_env(const struct goenv *env)
{
	printf("Go environment (%s)\n",
	       env->pid ? "for the service, then this shell" : "this shell");
	for (int i = 0; i < GOENV_NVARS; i++) {
		const struct goenv_var *v = goenv_get(env, (enum goenv_id)i);
		char *d = goenv_display(v->value);

		printf("  %-12s ", v->name);
		put(*d ? d : "(empty)");
		printf("   [%s: ", goenv_source_name(v->source));
		put(v->where);
		putchar(']');
		for (int s = GOENV_SRC_PROCESS; s > (int)v->source; s--)
			if (v->layer[s] && s != (int)v->source) {
				char *o = goenv_display(v->layer[s]);

				printf(" (also %s=", goenv_source_name((enum goenv_source)s));
				put(o);
				putchar(')');
				free(o);
			}
		for (int s = (int)v->source - 1; s >= GOENV_SRC_GOROOT; s--)
			if (v->layer[s]) {
				char *o = goenv_display(v->layer[s]);

				printf(" (shadows %s=", goenv_source_name((enum goenv_source)s));
				put(o);
				putchar(')');
				free(o);
			}
		putchar('\n');
		free(d);
	}
	printf("  go env -w file: ");
	put(env->env_file_off ? "off (GOENV=off)" : or_dash(env->env_file));
	printf("; GOROOT: ");
	put(or_dash(env->goroot));
	putchar('\n');
}

static void print_issues(const struct gomod_issues *is, const char *file)
{
	for (size_t i = 0; i < is->n; i++) {
		printf("  %s:%d: ", file, is->v[i].line);
		put(is->v[i].msg);
		putchar('\n');
	}
}

static void print_state(const struct modstate *ms)
{
	printf("module ");
	put(or_dash(ms->mod.module));
	printf(" (go %s", ms->mod.go ? ms->mod.go : "unset");
	if (ms->mod.toolchain)
		printf(", toolchain %s", ms->mod.toolchain);
	printf(") in ");
	put(ms->dir);
	printf("\nbuild mode: -mod=%s (", ms->buildmod);
	put(ms->buildmod_reason);
	printf(")\n");
	if (ms->workspace) {
		printf("workspace: ");
		put(ms->work_path);
		putchar('\n');
		for (size_t i = 0; i < ms->work_modules.n; i++) {
			printf("  use ");
			put(ms->work_modules.v[i]);
			putchar('\n');
		}
	}
	printf("\nRequirements (* = sources disagree)\n");
	printf("  %-40s %-22s %-22s %-22s %-14s %s\n", "MODULE", "GO.MOD", "BINARY", "VENDOR",
	       "GO.SUM", "CACHE");
	for (size_t i = 0; i < ms->nreq; i++) {
		const struct modstate_req *r = &ms->req[i];
		char *p = sanitize_str(r->path), *g, *b, *vv;

		g = xasprintf("%s%s", or_dash(r->gomod_version), r->indirect ? " //ind" : "");
		b = sanitize_str(or_dash(r->binary_version));
		vv = sanitize_str(or_dash(r->vendor_version));
		printf("%c %-40s %-22s %-22s %-22s %-14s %s\n", r->disagree ? '*' : ' ', p, g, b,
		       vv, modstate_sum_name(r->sum), modstate_cache_name(r->cache));
		if (r->replace) {
			printf("      => ");
			put(r->replace);
			printf(" (%s)\n", r->replace_source ? r->replace_source : "?");
		}
		if (r->binary_replace) {
			printf("      binary => ");
			put(r->binary_replace);
			putchar('\n');
		}
		for (size_t k = 0; k < r->cache_problems.n; k++) {
			printf("      ");
			put(r->cache_problems.v[k]);
			putchar('\n');
		}
		free(p);
		free(g);
		free(b);
		free(vv);
	}
	if (ms->cache_checked)
		printf("  (cache %s: %zu files rehashed in %.3fs)\n", ms->gomodcache,
		       ms->hashed_files, ms->hash_seconds);
	if (ms->mod.issues.n + ms->sum.issues.n + ms->work.issues.n + ms->vendor.issues.n > 0 ||
	    ms->notes.n > 0) {
		printf("\nProblems in the files\n");
		print_issues(&ms->mod.issues, "go.mod");
		print_issues(&ms->sum.issues, "go.sum");
		print_issues(&ms->work.issues, "go.work");
		print_issues(&ms->vendor.issues, "vendor/modules.txt");
		for (size_t i = 0; i < ms->notes.n; i++) {
			printf("  ");
			put(ms->notes.v[i]);
			putchar('\n');
		}
	}
	if (ms->vendor_error) {
		char *ve = modstate_sanitize_message(ms->vendor_error);

		printf("\nWhat go build -mod=vendor prints:\n%s\n", ve);
		free(ve);
	}
}

static void print_probe(const struct proxyprobe *pp)
{
	printf("\nGOPROXY probe of %s\n", pp->module ? pp->module : "-");
	for (size_t i = 0; i < pp->n; i++) {
		const struct proxyprobe_entry *e = &pp->v[i];
		char *u = redact_text(e->url);

		printf("  %zu. ", i + 1);
		put(u);
		printf("%s: %s", e->fallback_on_error ? " |" : "",
		       proxyprobe_outcome_name(e->outcome));
		if (e->kind == PROXYPROBE_URL) {
			if (e->error)
				printf(" (%s)", e->error);
			else
				printf(" (HTTP %ld)", e->status);
			printf(" dns %.3fs connect %.3fs total %.3fs", e->t_dns, e->t_connect,
			       e->t_total);
		}
		putchar('\n');
		free(u);
	}
	printf("  go would: ");
	put(pp->decision);
	putchar('\n');
}

struct check_row {
	const char *id;
	struct verdict v;
};

static void print_check(const struct check_row *c)
{
	printf("  [%-7s] %-20s ", verdict_name(c->v.kind), c->id);
	put(c->v.summary);
	putchar('\n');
	for (size_t i = 0; i < c->v.evidence.n; i++) {
		printf("              ");
		put(c->v.evidence.v[i]);
		putchar('\n');
	}
	if (c->v.missing) {
		printf("              missing: ");
		put(c->v.missing);
		putchar('\n');
	}
}

static cJSON *env_json(const struct goenv *env)
{
	cJSON *a = cJSON_CreateArray();

	for (int i = 0; i < GOENV_NVARS; i++) {
		const struct goenv_var *v = goenv_get(env, (enum goenv_id)i);
		cJSON *o = cJSON_CreateObject();
		char *d = goenv_display(v->value), *s = sanitize_str(d),
		     *w = sanitize_str(v->where);

		cJSON_AddStringToObject(o, "name", v->name);
		cJSON_AddStringToObject(o, "value", s);
		cJSON_AddStringToObject(o, "source", goenv_source_name(v->source));
		cJSON_AddStringToObject(o, "where", w);
		cJSON_AddItemToArray(a, o);
		free(d);
		free(s);
		free(w);
	}
	return a;
}

/* For the terminal: masked, then made printable. */
static char *probe_clean(const char *s)
{
	char *r = redact_text(s), *c = sanitize_str(r);

	free(r);
	return c;
}

int cmd_modules(int argc, char **argv)
{
	struct opts o;
	struct goenv env;
	struct modstate *ms = NULL;
	struct proxyprobe pp;
	struct buildinfo *bi = NULL;
	struct modstate_dep *deps = NULL;
	size_t ndeps = 0;
	char *cause = NULL;
	int rc, failed = 0, have_probe = 0;
	static const char *const ids[5] = {"sumdb-disabled", "gosum-mismatch",
					   "goproxy-unreachable", "vendor-inconsistent",
					   "workspace-shadowing"};
	struct check_row checks[5];

	if (!parse_args(argc, argv, &o, &rc))
		return rc;
	redact_register_own_environ();
	if (goenv_collect(o.pid, &env, &cause) < 0) {
		fprintf(stderr,
			"gotriage modules: cannot read the environment of PID %d (%s): pass a "
			"running process you may inspect, or drop --pid\n",
			o.pid, cause);
		free(cause);
		goenv_free(&env);
		return 2;
	}
	if (o.pid > 0) {
		char *exe = xasprintf("/proc/%d/exe", o.pid);

		if (buildinfo_load(exe, &bi, &cause) == 0) {
			deps = xcalloc(bi->mod.ndeps + 1, sizeof *deps);
			for (size_t i = 0; i < bi->mod.ndeps; i++) {
				const struct modinfo_module *d = &bi->mod.deps[i];

				deps[ndeps].path = d->path;
				deps[ndeps].version = d->version;
				if (d->replace) {
					deps[ndeps].replace_path = d->replace->path;
					deps[ndeps].replace_version =
					    d->replace->version && *d->replace->version
						? d->replace->version
						: NULL;
				}
				ndeps++;
			}
		} else {
			fprintf(stderr, "gotriage modules: no build info from %s: %s\n", exe,
				cause);
			free(cause);
			cause = NULL;
		}
		free(exe);
	}
	struct modstate_opts mo = {.dir = o.repo,
				   .deps = deps,
				   .ndeps = ndeps,
				   .env = &env,
				   .verify_cache = 1,
				   .jobs = o.jobs};

	if (modstate_load(&mo, &ms, &cause) < 0) {
		char *s = sanitize_str(cause);

		fprintf(stderr, "gotriage modules: %s\n", s);
		free(s);
		free(cause);
		free(deps);
		buildinfo_free(bi);
		goenv_free(&env);
		return 2;
	}
	const char *pm = probe_module(ms);

	if (o.probe && pm != NULL) {
		char *pc = NULL;

		proxyprobe_parse(goenv_value(&env, GOENV_GOPROXY),
				 goenv_value(&env, GOENV_GONOPROXY), &pp, &pc);
		free(pc);
		proxyprobe_run(&pp, pm, 2000, o.probe_timeout_ms);
		proxyprobe_decide(&pp,
				  goenv_match_patterns(goenv_value(&env, GOENV_GONOPROXY), pm));
		have_probe = 1;
	}
	for (size_t i = 0; i < ARRAY_LEN(checks); i++) {
		checks[i].id = ids[i];
		verdict_init(&checks[i].v);
	}
	check_sumdb_disabled(&env, ms, &checks[0].v);
	check_gosum_mismatch(ms, &checks[1].v);
	if (have_probe)
		check_goproxy_unreachable(&pp, &checks[2].v);
	else
		verdict_set(&checks[2].v, VERDICT_SKIP, "%s",
			    o.probe ? "go.mod has no requirement to probe"
				    : "not probed (--no-probe)");
	check_vendor_inconsistent(ms, &checks[3].v);
	check_workspace_shadowing(ms, &env, deps, ndeps, &checks[4].v);
	for (size_t i = 0; i < ARRAY_LEN(checks); i++)
		failed |= checks[i].v.kind == VERDICT_FAIL;

	if (o.json) {
		cJSON *root = cJSON_CreateObject(), *ca;

		cJSON_AddItemToObject(root, "env", env_json(&env));
		cJSON_AddItemToObject(root, "modules", modstate_to_json(ms));
		if (have_probe)
			cJSON_AddItemToObject(root, "proxy", proxyjson_new(&pp, probe_clean));
		ca = cJSON_AddArrayToObject(root, "checks");
		for (size_t i = 0; i < ARRAY_LEN(checks); i++) {
			cJSON *c = cJSON_CreateObject(), *ev = cJSON_CreateArray();
			char *s = sanitize_str(checks[i].v.summary ? checks[i].v.summary : "");

			cJSON_AddStringToObject(c, "id", checks[i].id);
			cJSON_AddStringToObject(c, "verdict", verdict_name(checks[i].v.kind));
			cJSON_AddStringToObject(c, "summary", s);
			free(s);
			for (size_t k = 0; k < checks[i].v.evidence.n; k++) {
				s = sanitize_str(checks[i].v.evidence.v[k]);
				cJSON_AddItemToArray(ev, cJSON_CreateString(s));
				free(s);
			}
			cJSON_AddItemToObject(c, "evidence", ev);
			cJSON_AddItemToArray(ca, c);
		}
		char *out = cJSON_Print(root), *red = redact_text(out);

		puts(red);
		free(red);
		free(out);
		cJSON_Delete(root);
	} else {
		print_state(ms);
		putchar('\n');
		print_env(&env);
		if (have_probe)
			print_probe(&pp);
		printf("\nChecks\n");
		for (size_t i = 0; i < ARRAY_LEN(checks); i++)
			print_check(&checks[i]);
	}
	for (size_t i = 0; i < ARRAY_LEN(checks); i++)
		verdict_free(&checks[i].v);
	if (have_probe)
		proxyprobe_free(&pp);
	modstate_free(ms);
	free(deps);
	buildinfo_free(bi);
	goenv_free(&env);
	return failed ? 1 : 0;
}
