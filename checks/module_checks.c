/* module_checks.c: sumdb, go.sum/cache, GOPROXY, vendor, workspace, plugins. */
#include "module_checks.h"

#include <stdlib.h>
#include <string.h>

#include "collectors/elf/elfsyms.h"
#include "collectors/base/redact.h"
#include "collectors/base/sanitize.h"

static const char *const public_hosts[] = {
    "github.com/",	  "gitlab.com/",       "bitbucket.org/",       "golang.org/",
    "google.golang.org/", "gopkg.in/",	       "go.uber.org/",	       "k8s.io/",
    "sigs.k8s.io/",	  "cloud.google.com/", "go.opentelemetry.io/", "go.etcd.io/",
    "honnef.co/",	  "gotest.tools/",     "go.googlesource.com/",
};

int module_checks_is_public(const char *p)
{
	for (size_t i = 0; i < ARRAY_LEN(public_hosts); i++)
		if (str_has_prefix(p, public_hosts[i]))
			return 1;
	return 0;
}

/* "NAME=value (from WHERE)", redacted and sanitised. */
static void env_evidence(struct verdict *v, const struct goenv *env, enum goenv_id id)
{
	const struct goenv_var *gv = goenv_get(env, id);
	char *d = goenv_display(gv->value), *s = sanitize_str(d), *w = sanitize_str(gv->where);

	verdict_evidence(v, "%s=%s (%s: %s)", gv->name, s, goenv_source_name(gv->source), w);
	free(d);
	free(s);
	free(w);
}

/* Where the settings were read, and what that cannot say. */
static void sumdb_provenance(struct verdict *v, const struct goenv *env)
{
	if (env->pid > 0)
		verdict_evidence(v,
				 "read from PID %d's environment (/proc/%d/environ), then this "
				 "shell's, the go env file and defaults: the service's environment "
				 "is not the one its binary was built in",
				 env->pid, env->pid);
	else
		verdict_evidence(v, "read from this shell's environment, the go env file and "
				    "defaults: not the service's, nor its build's");
	verdict_evidence(v,
			 "cannot know: a Go binary records neither GOSUMDB nor GONOSUMDB, "
			 "so whether the build verified its modules is not visible here; run "
			 "`go env GOSUMDB GONOSUMDB GOPRIVATE GOFLAGS` where the release is built");
}

void check_sumdb_disabled(const struct goenv *env, const struct modstate *ms, struct verdict *v)
{
	const char *sumdb = goenv_value(env, GOENV_GOSUMDB);
	const char *nosum = goenv_value(env, GOENV_GONOSUMDB);
	static const char *const probes[] = {"github.com/x/y", "golang.org/x/text",
					     "gopkg.in/yaml.v3"};
	int covered = 0;

	verdict_set(v, VERDICT_PASS,
		    "modules are checked against the checksum database (%s) in the environment "
		    "read here; the build's own environment is not recorded",
		    *sumdb ? sumdb : "sum.golang.org");
	sumdb_provenance(v, env);
	env_evidence(v, env, GOENV_GOSUMDB);
	env_evidence(v, env, GOENV_GONOSUMDB);
	env_evidence(v, env, GOENV_GOPRIVATE);
	env_evidence(v, env, GOENV_GOINSECURE);
	env_evidence(v, env, GOENV_GOFLAGS);
	if (strcmp(sumdb, "off") == 0) {
		verdict_raise(
		    v, VERDICT_FAIL,
		    "GOSUMDB=off: new modules are not checked against the checksum database. "
		    "Real Go behaviour: hashes already in go.sum are still enforced; only "
		    "versions not yet in go.sum are accepted unverified");
		return;
	}
	for (size_t i = 0; ms != NULL && i < ms->nreq; i++) {
		const char *p = ms->req[i].path;

		if (module_checks_is_public(p) && goenv_match_patterns(nosum, p)) {
			char *s = sanitize_str(p);

			verdict_evidence(v, "GONOSUMDB matches public module %s", s);
			free(s);
			covered = 1;
		}
	}
	for (size_t i = 0; i < ARRAY_LEN(probes); i++)
		if (goenv_match_patterns(nosum, probes[i])) {
			verdict_evidence(v, "GONOSUMDB matches public paths such as %s", probes[i]);
			covered = 1;
		}
	if (covered)
		verdict_raise(
		    v, VERDICT_FAIL,
		    "GONOSUMDB (or GOPRIVATE, its default) covers public modules: the "
		    "checksum database is silently skipped for them (go.sum lines are still "
		    "enforced)");
	else if (*goenv_value(env, GOENV_GOINSECURE))
		verdict_evidence(v, "GOINSECURE only allows insecure direct fetches; it does not "
				    "turn off checksum verification");
}

void check_gosum_mismatch(const struct modstate *ms, struct verdict *v)
{
	size_t bad = 0, missing = 0, conflicts = 0, checked = 0;

	verdict_set(v, VERDICT_PASS, "go.sum, go.mod and the module cache agree");
	if (ms == NULL) {
		verdict_unknown(v, "no repository: pass --repo DIR (the directory with go.mod)");
		return;
	}
	if (!ms->have_sum && ms->mod.nrequire > 0)
		verdict_raise(v, VERDICT_WARN, "go.mod has requirements but there is no go.sum");
	for (size_t i = 0; i < ms->nreq; i++) {
		const struct modstate_req *r = &ms->req[i];
		char *p = sanitize_str(r->path);

		if (r->cache == MODSTATE_CACHE_MISMATCH || r->cache == MODSTATE_CACHE_ERROR) {
			bad++;
			for (size_t k = 0; k < r->cache_problems.n; k++) {
				char *s = sanitize_str(r->cache_problems.v[k]);

				verdict_evidence(v, "%s: %s", p, s);
				free(s);
			}
		}
		if (r->cache != MODSTATE_CACHE_NA && r->cache != MODSTATE_CACHE_ABSENT)
			checked++;
		if (r->sum == MODSTATE_SUM_CONFLICT) {
			/* Both lines, so the engineer can see which one to drop. */
			char *c = sanitize_str(r->sum_conflict),
			     *ver = sanitize_str(r->checked_version);
			char *first =
			    sanitize_str(r->sum_conflict_gomod ? r->sum_gomod : r->sum_zip);

			conflicts++;
			verdict_evidence(v, "%s %s%s has two different hashes: go.sum:%d: %s; %s",
					 p, ver, r->sum_conflict_gomod ? "/go.mod" : "",
					 r->sum_conflict_lines[0], first, c);
			free(first);
			free(ver);
			free(c);
		}
		if (r->gomod_version != NULL &&
		    (r->sum == MODSTATE_SUM_MISSING || r->sum == MODSTATE_SUM_NO_GOMOD ||
		     (r->sum == MODSTATE_SUM_NO_ZIP && !r->indirect))) {
			missing++;
			verdict_evidence(v, "go.mod:%d: %s %s: go.sum %s", r->gomod_line, p,
					 r->gomod_version,
					 r->sum == MODSTATE_SUM_MISSING	   ? "has no line"
					 : r->sum == MODSTATE_SUM_NO_GOMOD ? "has no /go.mod hash"
									   : "has no zip hash");
		}
		free(p);
	}
	if (bad || conflicts)
		verdict_raise(
		    v, VERDICT_FAIL,
		    "%zu module(s) in the cache hash differently from go.sum (tampered or "
		    "corrupt; go reports \"checksum mismatch ... SECURITY ERROR\") and %zu "
		    "go.sum conflict(s)",
		    bad, conflicts);
	else if (missing)
		verdict_raise(v, VERDICT_WARN,
			      "%zu requirement(s) lack go.sum lines (go reports "
			      "\"missing go.sum entry\"; run go mod tidy)",
			      missing);
	if (!ms->cache_checked)
		verdict_evidence(v, "module cache not checked");
	else
		verdict_evidence(v, "%zu module(s) found in the cache and rehashed (%zu files)",
				 checked, ms->hashed_files);
}

void check_goproxy_unreachable(const struct proxyprobe *pp, struct verdict *v)
{
	if (pp == NULL) {
		verdict_unknown(v, "the GOPROXY probe was not run (drop --no-probe)");
		return;
	}
	for (size_t i = 0; i < pp->n; i++) {
		const struct proxyprobe_entry *e = &pp->v[i];

		if (e->kind != PROXYPROBE_URL)
			continue;
		char *u = redact_text(e->probe_url ? e->probe_url : e->url), *s = sanitize_str(u);

		if (e->error != NULL)
			verdict_evidence(v, "%s -> %s (dns %.3fs, connect %.3fs, total %.3fs)", s,
					 e->error, e->t_dns, e->t_connect, e->t_total);
		else
			verdict_evidence(v, "%s -> %ld (dns %.3fs, connect %.3fs, total %.3fs)", s,
					 e->status, e->t_dns, e->t_connect, e->t_total);
		free(u);
		free(s);
	}
	for (size_t i = 0; i < pp->walk.n; i++) {
		char *s = sanitize_str(pp->walk.v[i]);

		verdict_evidence(v, "%s", s);
		free(s);
	}
	char *d = sanitize_str(pp->decision ? pp->decision : "?");

	if (pp->served) {
		verdict_set(v, VERDICT_PASS, "%s", d);
		if (pp->dead_first)
			verdict_raise(v, VERDICT_WARN,
				      "the first GOPROXY entry is dead; every fetch "
				      "pays its timeout before '|' moves on (%s)",
				      d);
	} else if (pp->direct_reached) {
		verdict_set(v, VERDICT_WARN, "%s", d);
	} else {
		verdict_set(v, VERDICT_FAIL, "no GOPROXY entry can serve %s: %s",
			    pp->module ? pp->module : "the module", d);
	}
	free(d);
}

void check_vendor_inconsistent(const struct modstate *ms, struct verdict *v)
{
	if (ms == NULL) {
		verdict_unknown(v, "no repository: pass --repo DIR");
		return;
	}
	if (!ms->have_vendor_dir) {
		verdict_set(v, VERDICT_SKIP, "no vendor directory (-mod=%s)", ms->buildmod);
		return;
	}
	verdict_set(v, VERDICT_PASS, "vendor/modules.txt matches go.mod; -mod=%s", ms->buildmod);
	verdict_evidence(v, "-mod=%s: %s", ms->buildmod, ms->buildmod_reason);
	for (size_t i = 0; i < ms->vendor_lines.n; i++) {
		char *s = sanitize_str(ms->vendor_lines.v[i]);

		verdict_evidence(v, "%s", s);
		free(s);
	}
	for (size_t i = 0; i < ms->nreq; i++) {
		const struct modstate_req *r = &ms->req[i];

		if (r->binary_version && r->vendor_version &&
		    strcmp(r->binary_version, r->vendor_version) != 0) {
			char *s = sanitize_str(r->path);

			verdict_evidence(v, "binary has %s %s, vendor/modules.txt %s", s,
					 r->binary_version, r->vendor_version);
			free(s);
			verdict_raise(v, VERDICT_WARN,
				      "the binary was not built from this vendor/");
		}
	}
	if (ms->vendor_error != NULL) {
		if (strcmp(ms->buildmod, "vendor") == 0)
			verdict_raise(v, VERDICT_FAIL,
				      "inconsistent vendoring: go build fails here "
				      "(-mod=vendor is in effect); run go mod vendor");
		else
			verdict_raise(v, VERDICT_WARN,
				      "vendor/ is inconsistent but -mod=%s ignores it; "
				      "a build with -mod=vendor would fail",
				      ms->buildmod);
	}
	for (size_t i = 0; i < ms->vendor_newer.n; i++) {
		char *s = sanitize_str(ms->vendor_newer.v[i]);

		verdict_evidence(v, "newer than vendor/modules.txt: %s", s);
		free(s);
	}
	if (ms->vendor_newer.n > 0)
		verdict_raise(v, VERDICT_WARN,
			      "vendored files changed after go mod vendor (hand "
			      "edits are overwritten by the next go mod vendor)");
	verdict_evidence(v, "real Go behaviour: \"vendor\" is an ordinary build tag, never set "
			    "implicitly; stale or hand-edited vendor/ is the real failure");
}

void check_workspace_shadowing(const struct modstate *ms, const struct goenv *env,
			       const struct modstate_dep *deps, size_t ndeps, struct verdict *v)
{
	size_t shadow = 0;

	if (ms == NULL) {
		verdict_unknown(v, "no repository: pass --repo DIR");
		return;
	}
	env_evidence(v, env, GOENV_GOWORK);
	if (!ms->workspace) {
		verdict_set(v, VERDICT_PASS, "not in workspace mode%s",
			    ms->work_path == NULL &&
				    strcmp(goenv_value(env, GOENV_GOWORK), "off") == 0
				? " (GOWORK=off)"
				: "");
		for (size_t i = 0; i < ms->notes.n; i++)
			if (strstr(ms->notes.v[i], "GOWORK=off")) {
				char *s = sanitize_str(ms->notes.v[i]);

				verdict_evidence(v, "%s", s);
				free(s);
			}
		return;
	}
	char *wp = sanitize_str(ms->work_path);

	verdict_set(v, VERDICT_PASS, "workspace %s is in effect", wp);
	free(wp);
	for (size_t i = 0; i < ms->work_modules.n; i++) {
		char *s = sanitize_str(ms->work_modules.v[i]);

		verdict_evidence(v, "go.work use: %s", s);
		free(s);
	}
	for (size_t i = 0; i < ms->work.nreplace; i++) {
		const struct gomod_replace *r = &ms->work.replace[i];
		char *o = sanitize_str(r->old_path), *n = sanitize_str(r->new_path);

		verdict_evidence(v, "go.work:%d: replace %s => %s%s%s", r->line, o, n,
				 r->new_version ? " " : "", r->new_version ? r->new_version : "");
		free(o);
		free(n);
	}
	for (size_t i = 0; i < ndeps; i++) {
		int ws = 0;

		for (size_t k = 0; k < ms->work_modules.n; k++) {
			size_t pl = strlen(deps[i].path);

			ws |= strncmp(ms->work_modules.v[k], deps[i].path, pl) == 0 &&
			      strncmp(ms->work_modules.v[k] + pl, " => ", 4) == 0;
		}
		if (ws || (deps[i].version && strcmp(deps[i].version, "(devel)") == 0) ||
		    (deps[i].replace_path && gomod_is_dir_path(deps[i].replace_path) &&
		     deps[i].replace_version == NULL)) {
			char *s = sanitize_str(deps[i].path);

			verdict_evidence(v, "binary dependency %s is %s", s,
					 ws ? "a workspace module" : "local code");
			free(s);
			shadow++;
		}
	}
	if (shadow)
		verdict_raise(
		    v, VERDICT_WARN,
		    "the binary contains %zu workspace/local module(s): builds without the "
		    "workspace (CI, GOWORK=off) compile different code. Real Go behaviour: "
		    "the order of use lines does not matter",
		    shadow);
	else
		verdict_evidence(v,
				 "real Go behaviour: the order of use lines does not matter; the "
				 "hazard is building with and without the workspace");
}

static const struct modstate_dep *find_dep(const struct modstate_dep *d, size_t n, const char *p)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(d[i].path, p) == 0)
			return &d[i];
	return NULL;
}

void check_plugin_mismatch(const struct plugin_facts *const *plugins, size_t n, struct verdict *v)
{
	if (n == 0) {
		verdict_set(v, VERDICT_SKIP, "no plugin.Open calls or plugin files");
		return;
	}
	verdict_set(v, VERDICT_PASS, "%zu plugin(s) match the host build", n);
	for (size_t i = 0; i < n; i++) {
		const struct plugin_facts *pf = plugins[i];
		char *pp = sanitize_str(pf->plugin_path ? pf->plugin_path : "?");

		if (pf->host_go == NULL || pf->plugin_go == NULL) {
			verdict_raise(v, VERDICT_UNKNOWN, "Go version of %s or of the host unknown",
				      pp);
			verdict_unknown(
			    v, "build info of %s or of the host binary could not be read", pp);
		} else if (strcmp(pf->host_go, pf->plugin_go) != 0) {
			verdict_evidence(v, "%s: built with %s, host with %s", pp, pf->plugin_go,
					 pf->host_go);
			verdict_raise(
			    v, VERDICT_FAIL,
			    "plugin %s was built with a different Go version: "
			    "plugin.Open fails (\"plugin was built with a different version "
			    "of package runtime/internal/sys\")",
			    pp);
		}
		for (size_t k = 0; k < pf->nplugin_deps; k++) {
			const struct modstate_dep *pd = &pf->plugin_deps[k];
			const struct modstate_dep *hd =
			    find_dep(pf->host_deps, pf->nhost_deps, pd->path);

			if (hd == NULL || strcmp(hd->version ? hd->version : "",
						 pd->version ? pd->version : "") == 0)
				continue;
			char *s = sanitize_str(pd->path);

			verdict_evidence(v, "%s: %s %s, host %s", pp, s, pd->version, hd->version);
			verdict_raise(v, VERDICT_FAIL,
				      "plugin.Open fails: \"plugin was built with a "
				      "different version of package %s\"",
				      s);
			free(s);
		}
		for (size_t k = 0; k < pf->nwanted; k++) {
			if (pf->exported != NULL &&
			    elfsyms_has_go_symbol(pf->exported, pf->wanted[k]))
				continue;
			char *s = sanitize_str(pf->wanted[k]);

			verdict_evidence(v, "sym:%s not exported by %s", s, pp);
			verdict_raise(v, VERDICT_FAIL,
				      "Lookup(\"%s\") fails: %s does not export it", s, pp);
			free(s);
		}
		free(pp);
	}
}
