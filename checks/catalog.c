/* catalog.c: the checks, in walk order, with the words an on-call
 * engineer reads at 3 a.m. The judging itself lives in each check's file;
 * the adapters that feed them from struct facts are in catalog_run.c. */
#include "catalog.h"

#include <stdlib.h>
#include <string.h>

#include "catalog_run.h"

const struct check catalog[] = {
    /* ---- 0. Is the new code running at all? ---- */
    {"stale-binary", "The process runs the build that was deployed", 0,
     "Is the process executing the build that was deployed?",
     "ls -l /proc/PID/exe; go version -m /proc/PID/exe; git rev-parse HEAD",
     "Restart the service so it executes the new file (a replaced binary keeps running "
     "its old image until the process exits). Make the deploy pipeline compare "
     "vcs.revision in `go version -m` with the commit it meant to ship.",
     FACT_PROC | FACT_BINARY | FACT_REPO, run_stale_binary},
    {"devel-build", "Built from a versioned, unpatched tree", 0,
     "Was it built from an unversioned or locally patched tree?", "go version -m BINARY",
     "Build release binaries in CI from a clean checkout of a tagged commit, without "
     "local `replace` directives or a go.work; `vcs.modified=true` means uncommitted "
     "changes went in.",
     FACT_BINARY, run_devel_build},

    /* ---- 1. Runtime registration ---- */
    {"route-excluded-by-build", "Every declared HTTP route is compiled in", 1,
     "Is an HTTP route that the repo declares compiled out of this binary?",
     "go list -f '{{.IgnoredGoFiles}}' -tags TAGS ./...",
     "A file whose //go:build line (or _GOOS/_GOARCH/_test name suffix) does not match "
     "the build's tags is silently left out, and with it every route it registers. "
     "Fix the constraint or the -tags the release build uses, then rebuild.",
     FACT_BINARY | FACT_REPO, run_route_excluded_by_build},
    {"route-not-served", "The live service answers every declared route", 1,
     "Does the live service answer on every route the repo declares?",
     "curl -sv http://HOST:PORT/PATH",
     "A 404 with body `404 page not found` is Go's default mux saying nothing was "
     "registered for that path in this process: check the build constraints, the "
     "registration code path (is it reached before Serve?) and which mux is served.",
     FACT_REPO | FACT_ROUTES, run_route_not_served},
    {"grpc-service-missing", "Every registered gRPC service is served", 1,
     "Is every gRPC service the repo registers actually served?",
     "grpcurl -plaintext HOST:PORT list",
     "Register every service before calling Serve, on the same *grpc.Server you serve: "
     "grpc-go treats RegisterService after Serve as fatal (\"grpc: Server.RegisterService "
     "after Server.Serve\"), so a racing registration shows up as crash loops or a "
     "missing service. The commonest cause is a second server instance.",
     FACT_REPO | FACT_PROC | FACT_GRPC, run_grpc_service_missing},
    {"listener-missing", "The process listens where the code says", 1,
     "Does the process listen where the code says it should?", "ss -ltnp | grep PID",
     "The code's literal address is not a listening socket of this process: check the "
     "flags/env that override it, whether the listen call returned an error that was "
     "ignored, and whether the listener goroutine exited.",
     FACT_REPO | FACT_PROC, run_listener_missing},
    {"ticker-without-consumer", "Periodic tasks are still running", 1,
     "Is the periodic task the code starts still running?",
     "curl -s HOST/debug/pprof/goroutine?debug=2 | grep FUNC",
     "A ticker nobody receives from only drops ticks; the task stopped because the "
     "goroutine that looped on ticker.C returned (an early return or break), panicked "
     "and was recovered, or was never started. Before Go 1.23 an unstopped ticker is "
     "never collected; from 1.23 an unreferenced one may be. Make the loop survive "
     "errors and log when it exits.",
     FACT_BINARY | FACT_REPO | FACT_DUMP, run_ticker_without_consumer},
    {"config-reload-no-effect", "Config changes reach the code that uses them", 1,
     "Does a config change reach the code that uses it?",
     "curl -s HOST/debug/pprof/goroutine?debug=2 | grep fsnotify",
     "viper.OnConfigChange only tells you the file changed; the callback must re-apply "
     "the new values to the components that read them (feature flags, pools, routes). "
     "WatchConfig needs its fsnotify goroutine alive: if it is missing, the watch was "
     "never set up or the watcher died.",
     FACT_REPO | FACT_DUMP, run_config_reload_no_effect},
    {"middleware-order", "Middleware runs for the routes that need it", 1,
     "Does the middleware run for the routes that need it?",
     "curl -sv URL 2>&1 | grep -i x-trace-id",
     "chi, and gin/echo groups, apply Use() only to routes registered after it (chi "
     "panics when Use comes after a route on the same mux); gorilla/mux and echo's root "
     "router run middleware on every request. A hand-rolled router may do either: call "
     "Use before registering routes, or wrap the whole handler.",
     FACT_REPO | FACT_ROUTES, run_middleware_order},
    {"init-goroutine", "Nothing races start-up from package init", 1,
     "Does work started during package initialisation race with the rest of start-up?",
     "curl -s HOST/debug/pprof/goroutine?debug=2 | grep -A1 'created by .*init'",
     "Go initialises packages in dependency order: a package's init runs only after "
     "every package it imports finished initialising, and main.init runs last (so the "
     "order is not the problem). A goroutine started in init runs concurrently with "
     "later inits and main: it may read configuration or state that is not set up "
     "yet. Start background work from main after configuration is loaded.",
     FACT_REPO | FACT_DUMP | FACT_BINARY, run_init_goroutine},

    /* ---- 2. Build and module state ---- */
    {"sumdb-disabled", "Downloaded modules are verified", 2,
     "Are downloaded modules verified against the checksum database?",
     "go env GOSUMDB GONOSUMDB GOPRIVATE GOFLAGS",
     "GOSUMDB=off stops checking modules that are not yet in go.sum (lines already in "
     "go.sum are still enforced). Keep GOSUMDB on; list only your private module paths "
     "in GOPRIVATE/GONOSUMDB, never public hosts or wildcards that cover them.",
     FACT_PROC | FACT_MODULES, run_sumdb_disabled},
    {"gosum-mismatch", "go.sum, go.mod and the module cache agree", 2,
     "Do go.sum, go.mod and the module cache agree?", "go mod verify",
     "A cached module whose hash no longer matches go.sum was modified after download: "
     "`go clean -modcache` and rebuild, and find out who edited it. Missing go.sum "
     "lines: run `go mod tidy` and commit go.sum.",
     FACT_MODULES, run_gosum_mismatch},
    {"goproxy-unreachable", "This host can fetch modules as GOPROXY says", 2,
     "Can this host fetch modules the way GOPROXY says?", "curl -sI $GOPROXY/MODULE/@v/list",
     "With `,` the go command moves to the next proxy only on 404/410; any other error "
     "stops the lookup. Use `|` to fall through on any error, put a reachable proxy "
     "first (every build pays a dead one's timeout), or vendor.",
     FACT_PROC | FACT_MODULES | FACT_PROXY, run_goproxy_unreachable},
    {"vendor-inconsistent", "vendor/ is what the build uses, and in sync", 2,
     "Is the vendor directory what the build really uses, and in sync?",
     "go build -mod=vendor ./... ; go mod vendor && git diff --stat vendor/",
     "Run `go mod vendor` (`go work vendor` in a workspace) after every go.mod change "
     "and commit the result. `vendor` in a build constraint is an ordinary tag, never "
     "set implicitly; the real failures are a stale vendor/ and hand-edited vendored "
     "files.",
     FACT_MODULES | FACT_BINARY, run_vendor_inconsistent},
    {"cgo-disabled", "No code was dropped by CGO_ENABLED=0", 2,
     "Did CGO_ENABLED=0 silently drop code?",
     "go version -m BINARY | grep CGO_ENABLED; grep -rl 'import \"C\"' .",
     "Files that import \"C\" build only with cgo, as if they carried //go:build cgo: "
     "with CGO_ENABLED=0 (the default when cross-compiling or without a C compiler) they "
     "are skipped without an error. Build with CGO_ENABLED=1 or provide a pure-Go "
     "fallback.",
     FACT_BINARY | FACT_REPO | FACT_MODULES, run_cgo_disabled},
    {"workspace-shadowing", "No go.work swaps in local code", 2,
     "Is a go.work workspace swapping in local code?",
     "go env GOWORK; cat go.work; go version -m BINARY | grep devel",
     "A go.work replaces required module versions with local directories, so builds "
     "with and without it (CI vs a laptop, GOWORK=off) compile different code; the "
     "order of `use` lines does not matter. Build releases with GOWORK=off.",
     FACT_MODULES | FACT_BINARY | FACT_PROC, run_workspace_shadowing},

    /* ---- 3. Loading and packaging ---- */
    {"plugin-mismatch", "plugin.Open will accept the plugins", 3,
     "Will plugin.Open accept the plugin?", "go version -m HOST PLUGIN.so; nm -D PLUGIN.so",
     "A plugin must be built by the same Go release with the same versions of every "
     "shared package (else: \"plugin was built with a different version of package X\"). "
     "Rebuild plugin and host together, from one go.mod.",
     FACT_REPO | FACT_BINARY, run_plugin_mismatch},
    {"embed-path", "Embedded-file lookups use valid paths", 3,
     "Do embedded-file lookups use valid paths?", "grep -rn 'go:embed' .",
     "embed.FS paths are slash-separated, unrooted and clean: no leading ./ or /, no "
     "'..', no empty elements (io/fs.ValidPath). A lookup with an invalid path always "
     "fails; a //go:embed pattern that matches nothing is a build error.",
     FACT_REPO, run_embed_path},
};

const size_t catalog_len = sizeof catalog / sizeof catalog[0];

static const char *const chapters[] = {
    "Is the new code running at all?",
    "Runtime registration",
    "Build and module state",
    "Loading and packaging",
};

const char *catalog_chapter_title(int chapter)
{
	return chapter >= 0 && chapter < 4 ? chapters[chapter] : "";
}

size_t catalog_index(const char *id)
{
	for (size_t i = 0; i < catalog_len; i++)
		if (strcmp(catalog[i].id, id) == 0)
			return i;
	return (size_t)-1;
}

const struct check *catalog_find(const char *id)
{
	size_t i = catalog_index(id);

	return i == (size_t)-1 ? NULL : &catalog[i];
}

void catalog_run(const struct check *c, const struct facts *f, struct verdict *v)
{
	verdict_free(v);
	verdict_init(v);
	c->run(f, v);
	/* Every verdict judged from the repository says which source it read. */
	if ((c->needs & FACT_REPO) && f->source_label != NULL)
		verdict_evidence(v, "source: %s", f->source_label);
	else if ((c->needs & FACT_MODULES) && f->mods_source_label != NULL)
		verdict_evidence(v, "source: %s", f->mods_source_label);
	if (v->kind == VERDICT_NONE)
		verdict_unknown(v, "the check reached no verdict (a bug: please report it)");
}

int catalog_select(const char *ids, unsigned char *sel, char **cause)
{
	char *copy, *tok, *save = NULL;

	memset(sel, ids == NULL || ids[0] == '\0', catalog_len);
	if (ids == NULL || ids[0] == '\0')
		return 0;
	copy = xstrdup(ids);
	for (tok = strtok_r(copy, ", ", &save); tok != NULL; tok = strtok_r(NULL, ", ", &save)) {
		size_t i = catalog_index(tok);

		if (i == (size_t)-1) {
			err_set(cause,
				"--only: unknown check id '%s' (known: stale-binary, "
				"devel-build, route-excluded-by-build, ...; see --format json)",
				tok);
			free(copy);
			return -1;
		}
		sel[i] = 1;
	}
	free(copy);
	return 0;
}
