/* catalog.c: the checks, in walk order, with the words an on-call
 * engineer reads at 3 a.m. The judging itself lives in each check's file;
 * the adapters that feed them from struct facts are in catalog_run.c. */
#include "catalog.h"

#include <stdlib.h>
#include <string.h>

#include "catalog_run.h"
#include "collectors/elf/buildinfo.h"
#include "source_hint.h"

const struct check catalog[] = {
    /* ---- 0. Is the new code running at all? ---- */
    {
	.id = "stale-binary",
	.title = "The process runs the build that was deployed",
	.chapter = 0,
	.question = "Is the process executing the build that was deployed?",
	.by_hand = "ls -l /proc/PID/exe; go version -m /proc/PID/exe; git rev-parse HEAD",
	.remedy =
	    "Restart the service so it executes the new file (a replaced binary keeps running "
	    "its old image until the process exits); when the file on disk is the running "
	    "build and the repo is ahead, rebuild from HEAD and deploy instead (a restart runs "
	    "the same old code). Make the deploy pipeline compare "
	    "vcs.revision in `go version -m` with the commit it meant to ship.",
	.needs = FACT_PROC | FACT_BINARY | FACT_REPO,
	.run = run_stale_binary,
	/* Its code: lines are the routes, gRPC services and listen
	 * addresses each missing commit adds or removes. */
	.evidence_pane = "routes",
    },
    {
	.id = "devel-build",
	.title = "Built from a versioned, unpatched tree",
	.chapter = 0,
	.question = "Was it built from an unversioned or locally patched tree?",
	.by_hand = "go version -m BINARY",
	.remedy = "Build release binaries in CI from a clean checkout of a tagged commit, without "
		  "local `replace` directives or a go.work; `vcs.modified=true` means uncommitted "
		  "changes went in.",
	.needs = FACT_BINARY,
	.run = run_devel_build,
    },

    /* ---- 1. Runtime registration ---- */
    {
	.id = "route-excluded-by-build",
	.title = "Every declared HTTP route is compiled in",
	.chapter = 1,
	.question = "Is an HTTP route that the repo declares compiled out of this binary?",
	.by_hand = "go list -f '{{.IgnoredGoFiles}}' -tags TAGS ./...",
	.remedy =
	    "A file whose //go:build line (or _GOOS/_GOARCH/_test name suffix) does not match "
	    "the build's tags is silently left out, and with it every route it registers. "
	    "Fix the constraint or the -tags the release build uses, then rebuild.",
	.needs = FACT_BINARY | FACT_REPO,
	.run = run_route_excluded_by_build,
	.evidence_pane = "routes",
    },
    {
	.id = "route-not-served",
	.title = "The live service answers every declared route",
	.chapter = 1,
	.question = "Does the live service answer on every route the repo declares?",
	.by_hand = "curl -sv http://HOST:PORT/PATH",
	.remedy = "A 404 with body `404 page not found` is Go's default mux saying nothing was "
		  "registered for that path in this process: check the build constraints, the "
		  "registration code path (is it reached before Serve?) and which mux is served.",
	.needs = FACT_REPO | FACT_ROUTES,
	.run = run_route_not_served,
	.evidence_pane = "routes",
    },
    {
	.id = "grpc-service-missing",
	.title = "Every registered gRPC service is served",
	.chapter = 1,
	.question = "Is every gRPC service the repo registers actually served?",
	.by_hand = "grpcurl -plaintext HOST:PORT list",
	.remedy =
	    "Register every service before calling Serve, on the same *grpc.Server you serve: "
	    "grpc-go treats RegisterService after Serve as fatal (\"grpc: Server.RegisterService "
	    "after Server.Serve\"), so a racing registration shows up as crash loops or a "
	    "missing service. The commonest cause is a second server instance.",
	.needs = FACT_REPO | FACT_PROC | FACT_GRPC,
	.run = run_grpc_service_missing,
	.evidence_pane = "routes",
    },
    {
	.id = "listener-missing",
	.title = "The process listens where the code says",
	.chapter = 1,
	.question = "Does the process listen where the code says it should?",
	.by_hand = "ss -ltnp | grep PID",
	.remedy = "The code's literal address is not a listening socket of this process: check the "
		  "flags/env that override it, whether the listen call returned an error that was "
		  "ignored, and whether the listener goroutine exited.",
	.needs = FACT_REPO | FACT_PROC,
	.run = run_listener_missing,
	.evidence_pane = "routes",
    },
    {
	.id = "ticker-without-consumer",
	.title = "Periodic tasks are still running",
	.chapter = 1,
	.question = "Is the periodic task the code starts still running?",
	.by_hand = "curl -s HOST/debug/pprof/goroutine?debug=2 | grep FUNC",
	.remedy = "A ticker nobody receives from only drops ticks; the task stopped because the "
		  "goroutine that looped on ticker.C returned (an early return or break), panicked "
		  "and was recovered, or was never started. Before Go 1.23 an unstopped ticker is "
		  "never collected; from 1.23 an unreferenced one may be. Make the loop survive "
		  "errors and log when it exits.",
	.needs = FACT_BINARY | FACT_REPO | FACT_DUMP,
	.run = run_ticker_without_consumer,
    },
    {
	.id = "config-reload-no-effect",
	.title = "Config changes reach the code that uses them",
	.chapter = 1,
	.question = "Does a config change reach the code that uses it?",
	.by_hand = "curl -s HOST/debug/pprof/goroutine?debug=2 | grep fsnotify",
	.remedy =
	    "viper.OnConfigChange only tells you the file changed; the callback must re-apply "
	    "the new values to the components that read them (feature flags, pools, routes). "
	    "WatchConfig needs its fsnotify goroutine alive: if it is missing, the watch was "
	    "never set up or the watcher died.",
	.needs = FACT_REPO | FACT_DUMP,
	.run = run_config_reload_no_effect,
    },
    {
	.id = "middleware-order",
	.title = "Middleware runs for the routes that need it",
	.chapter = 1,
	.question = "Does the middleware run for the routes that need it?",
	.by_hand = "curl -sv URL 2>&1 | grep -i HEADER_YOUR_MIDDLEWARE_SETS",
	.remedy =
	    "chi, and gin/echo groups, apply Use() only to routes registered after it (chi "
	    "panics when Use comes after a route on the same mux); gorilla/mux and echo's root "
	    "router run middleware on every request. A hand-rolled router may do either: call "
	    "Use before registering routes, or wrap the whole handler.",
	.needs = FACT_REPO | FACT_ROUTES,
	.run = run_middleware_order,
	.evidence_pane = "routes",
    },
    {
	.id = "init-goroutine",
	.title = "Nothing races start-up from package init",
	.chapter = 1,
	.question =
	    "Does work started during package initialisation race with the rest of start-up?",
	.by_hand = "curl -s HOST/debug/pprof/goroutine?debug=2 | grep -A1 'created by .*init'",
	.remedy = "Go initialises packages in dependency order: a package's init runs only after "
		  "every package it imports finished initialising, and main.init runs last (so the "
		  "order is not the problem). A goroutine started in init runs concurrently with "
		  "later inits and main: it may read configuration or state that is not set up "
		  "yet. Start background work from main after configuration is loaded.",
	.needs = FACT_REPO | FACT_DUMP | FACT_BINARY,
	.run = run_init_goroutine,
    },

    /* ---- 2. Build and module state ---- */
    {
	.id = "sumdb-disabled",
	.title = "Downloaded modules are verified",
	.chapter = 2,
	.question = "Are downloaded modules verified against the checksum database?",
	.by_hand = "go env GOSUMDB GONOSUMDB GOPRIVATE GOFLAGS",
	.remedy =
	    "GOSUMDB=off stops checking modules that are not yet in go.sum (lines already in "
	    "go.sum are still enforced). Keep GOSUMDB on; list only your private module paths "
	    "in GOPRIVATE/GONOSUMDB, never public hosts or wildcards that cover them.",
	.needs = FACT_PROC | FACT_MODULES,
	.run = run_sumdb_disabled,
    },
    {
	.id = "gosum-mismatch",
	.title = "go.sum, go.mod and the module cache agree",
	.chapter = 2,
	.question = "Do go.sum, go.mod and the module cache agree?",
	.by_hand = "go mod verify",
	.remedy =
	    "A cached module whose hash no longer matches go.sum was modified after download: "
	    "`go clean -modcache` and rebuild, and find out who edited it. Missing go.sum "
	    "lines: run `go mod tidy` and commit go.sum.",
	.needs = FACT_MODULES,
	.run = run_gosum_mismatch,
    },
    {
	.id = "goproxy-unreachable",
	.title = "This host can fetch modules as GOPROXY says",
	.chapter = 2,
	.question = "Can this host fetch modules the way GOPROXY says?",
	.by_hand = "curl -sI $GOPROXY/MODULE/@v/list",
	.remedy =
	    "With `,` the go command moves to the next proxy only on 404/410; any other error "
	    "stops the lookup. Use `|` to fall through on any error, put a reachable proxy "
	    "first (every build pays a dead one's timeout), or vendor.",
	.needs = FACT_PROC | FACT_MODULES | FACT_PROXY,
	.run = run_goproxy_unreachable,
    },
    {
	.id = "vendor-inconsistent",
	.title = "vendor/ is what the build uses, and in sync",
	.chapter = 2,
	.question = "Is the vendor directory what the build really uses, and in sync?",
	.by_hand = "go build -mod=vendor ./... ; go mod vendor && git diff --stat vendor/",
	.remedy = "Run `go mod vendor` (`go work vendor` in a workspace) after every go.mod change "
		  "and commit the result. `vendor` in a build constraint is an ordinary tag, never "
		  "set implicitly; the real failures are a stale vendor/ and hand-edited vendored "
		  "files.",
	.needs = FACT_MODULES | FACT_BINARY,
	.run = run_vendor_inconsistent,
    },
    {
	.id = "cgo-disabled",
	.title = "No code was dropped by CGO_ENABLED=0",
	.chapter = 2,
	.question = "Did CGO_ENABLED=0 silently drop code?",
	.by_hand = "go version -m BINARY | grep CGO_ENABLED; grep -rl 'import \"C\"' .",
	.remedy =
	    "Files that import \"C\" build only with cgo, as if they carried //go:build cgo: "
	    "with CGO_ENABLED=0 (the default when cross-compiling or without a C compiler) they "
	    "are skipped without an error. Build with CGO_ENABLED=1 or provide a pure-Go "
	    "fallback.",
	.needs = FACT_BINARY | FACT_REPO | FACT_MODULES,
	.run = run_cgo_disabled,
    },
    {
	.id = "workspace-shadowing",
	.title = "No go.work swaps in local code",
	.chapter = 2,
	.question = "Is a go.work workspace swapping in local code?",
	.by_hand = "go env GOWORK; cat go.work; go version -m BINARY | grep devel",
	.remedy = "A go.work replaces required module versions with local directories, so builds "
		  "with and without it (CI vs a laptop, GOWORK=off) compile different code; the "
		  "order of `use` lines does not matter. Build releases with GOWORK=off.",
	.needs = FACT_MODULES | FACT_BINARY | FACT_PROC,
	.run = run_workspace_shadowing,
    },

    /* ---- 3. Loading and packaging ---- */
    {
	.id = "plugin-mismatch",
	.title = "plugin.Open will accept the plugins",
	.chapter = 3,
	.question = "Will plugin.Open accept the plugin?",
	.by_hand = "go version -m HOST PLUGIN.so; nm -D PLUGIN.so",
	.remedy =
	    "A plugin must be built by the same Go release with the same versions of every "
	    "shared package (else: \"plugin was built with a different version of package X\"). "
	    "Rebuild plugin and host together, from one go.mod.",
	.needs = FACT_REPO | FACT_BINARY,
	.run = run_plugin_mismatch,
    },
    {
	.id = "embed-path",
	.title = "Embedded-file lookups use valid paths",
	.chapter = 3,
	.question = "Do embedded-file lookups use valid paths?",
	.by_hand = "grep -rn 'go:embed' .",
	.remedy = "embed.FS paths are slash-separated, unrooted and clean: no leading ./ or /, no "
		  "'..', no empty elements (io/fs.ValidPath). A lookup with an invalid path always "
		  "fails; a //go:embed pattern that matches nothing is a build error.",
	.needs = FACT_REPO,
	.run = run_embed_path,
    },
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
	/* Without a repository, every unknown says how to get the source. */
	if (catalog_needs_source(c, f, v)) {
		char *hint = catalog_source_hint(f);

		verdict_evidence(v, "source: none given; %s", hint);
		free(v->missing);
		v->missing = hint;
	}
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

int catalog_needs_source(const struct check *c, const struct facts *f, const struct verdict *v)
{
	return v->kind == VERDICT_UNKNOWN && f != NULL && f->target != NULL &&
	       f->target->repo == NULL && (c->needs & (FACT_REPO | FACT_MODULES)) != 0;
}

char *catalog_source_hint(const struct facts *f)
{
	struct source_hint_in in = {0};

	if (f != NULL && f->running != NULL) {
		in.vcs = buildinfo_setting(f->running, "vcs");
		in.revision = buildinfo_setting(f->running, "vcs.revision");
		in.modified = buildinfo_setting(f->running, "vcs.modified");
	}
	in.module = f != NULL ? f->module_path : NULL;
	return source_hint(&in);
}
