/* Unit tests: ticker-without-consumer, init-goroutine and the watcher half
 * of config-reload-no-effect, on real and hand-written dumps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "checks/goroutine_checks.h"

#define DUMPS "tests/fixtures/goroutines/dumps/"
#define REFRESH "example.com/gorofix/internal/work.(*Refresher).loop"

struct fixture {
	struct gdump d;
	struct gbuckets b;
};

static void load(struct fixture *fx, const char *path, const char *text)
{
	char *cause = NULL;
	int rc = path != NULL ? gdump_load(path, 64 * MIB, &fx->d, NULL, &cause)
			      : gdump_parse(text, strlen(text), &fx->d, &cause);

	if (rc != 0)
		fail_msg("%s (run from the repository root)", cause);
	gbucket_build(&fx->d, GBUCKET_POINTERS, NULL, &fx->b);
}

static void unload(struct fixture *fx)
{
	gbuckets_free(&fx->b);
	gdump_free(&fx->d);
}

static int has_evidence(const struct verdict *v, const char *needle)
{
	for (size_t i = 0; i < v->evidence.n; i++)
		if (strstr(v->evidence.v[i], needle) != NULL)
			return 1;
	return 0;
}

static int fake_table(const char *func, void *arg)
{
	(void)arg;
	if (strstr(func, "unknownpkg") != NULL)
		return -1;
	return strstr(func, "notbuilt") == NULL;
}

static void test_ticker(void **st)
{
	struct fixture fx;
	struct verdict v;
	struct ticker_loop loops[] = {
	    {REFRESH, "internal/work/work.go:58"},
	    {"example.com/gorofix/internal/work.(*Janitor).sweep", "internal/work/janitor.go:12"},
	};
	struct ticker_inputs in = {0};

	(void)st;
	load(&fx, DUMPS "go119-debug2.txt", NULL);
	/* Nothing found in the repo: skip; scan failed: unknown. */
	verdict_init(&v);
	check_ticker_without_consumer(&in, &v);
	assert_int_equal(v.kind, VERDICT_SKIP);
	verdict_free(&v);
	in.scan_error = "no --repo";
	check_ticker_without_consumer(&in, &v);
	assert_int_equal(v.kind, VERDICT_UNKNOWN);
	assert_non_null(strstr(v.missing, "--repo"));
	verdict_free(&v);

	/* The running loop passes. */
	in.scan_error = NULL;
	in.loops = loops;
	in.nloops = 1;
	in.dump_error = "pprof not served";
	check_ticker_without_consumer(&in, &v);
	assert_int_equal(v.kind, VERDICT_UNKNOWN); /* no dump yet */
	assert_non_null(strstr(v.missing, "pprof not served"));
	verdict_free(&v);
	in.buckets = &fx.b;
	in.has_fn = fake_table;
	check_ticker_without_consumer(&in, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	assert_true(has_evidence(&v, "goroutine:"));
	assert_true(has_evidence(&v, "1 goroutine, select"));
	verdict_free(&v);

	/* A loop compiled in but not running fails, with the ticker's site. */
	in.nloops = 2;
	check_ticker_without_consumer(&in, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	assert_true(has_evidence(
	    &v, "sym:example.com/gorofix/internal/work.(*Janitor).sweep is compiled in"));
	assert_true(has_evidence(&v, "code:internal/work/janitor.go:12"));
	verdict_free(&v);
	/* ... but an incomplete dump proves nothing: warn. */
	in.dump_incomplete = 1;
	check_ticker_without_consumer(&in, &v);
	assert_int_equal(v.kind, VERDICT_WARN);
	assert_true(has_evidence(&v, "dump is incomplete"));
	verdict_free(&v);
	in.dump_incomplete = 0;
	/* Not in the binary, or no function table: warn, not fail. */
	loops[1].func = "example.com/gorofix/notbuilt.loop";
	check_ticker_without_consumer(&in, &v);
	assert_int_equal(v.kind, VERDICT_WARN);
	assert_true(has_evidence(&v, "not in the binary"));
	verdict_free(&v);
	in.has_fn = NULL;
	check_ticker_without_consumer(&in, &v);
	assert_int_equal(v.kind, VERDICT_WARN);
	assert_true(has_evidence(&v, "function table is unknown"));
	verdict_free(&v);
	/* A bool array overrides the callback. */
	{
		unsigned char compiled[2] = {1, 1};

		in.compiled = compiled;
		check_ticker_without_consumer(&in, &v);
		assert_int_equal(v.kind, VERDICT_FAIL);
		verdict_free(&v);
	}
	unload(&fx);
}

static void test_init_goroutine(void **st)
{
	struct fixture fx;
	struct verdict v;
	struct init_goroutine_inputs in = {0};
	struct init_go_site site = {"example.com/gorofix/internal/work.init.0",
				    "internal/work/work.go:15"};

	(void)st;
	verdict_init(&v);
	check_init_goroutine(&in, &v);
	assert_int_equal(v.kind, VERDICT_UNKNOWN);
	verdict_free(&v);

	load(&fx, DUMPS "go119-debug2.txt", NULL);
	in.buckets = &fx.b;
	check_init_goroutine(&in, &v);
	assert_int_equal(v.kind, VERDICT_WARN);
	assert_int_equal(v.evidence.n, 2); /* the goroutine, and "repo not scanned" */
	assert_true(has_evidence(&v, "created by example.com/gorofix/internal/work.init.0 at "));
	assert_true(has_evidence(
	    &v, "in example.com/gorofix/internal/work.warmCache: 1 goroutine, chan receive"));
	verdict_free(&v);
	/* The same goroutine seen from another main module: a dependency's init
	 * goroutine is informational, not a warning. */
	in.main_module = "example.com/service";
	in.repo_scanned = 1;
	check_init_goroutine(&in, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	assert_non_null(strstr(v.summary, "dependencies' init (informational"));
	assert_true(has_evidence(&v, "work.init.0 at "));
	assert_true(has_evidence(&v, "(a dependency's init: informational)"));
	verdict_free(&v);
	/* Its own main module: a warning. */
	in.main_module = "example.com/gorofix";
	check_init_goroutine(&in, &v);
	assert_int_equal(v.kind, VERDICT_WARN);
	assert_non_null(strstr(v.summary, "main module's package init"));
	verdict_free(&v);
	in.main_module = NULL;
	in.repo_scanned = 0;
	in.sites = &site;
	in.nsites = 1;
	in.repo_scanned = 1;
	check_init_goroutine(&in, &v);
	assert_int_equal(v.kind, VERDICT_WARN);
	assert_true(has_evidence(&v, "code:internal/work/work.go:15 go statement in"));
	verdict_free(&v);
	unload(&fx);

	/* GOTRACEBACK=system shows the runtime's own init goroutines: ignored. */
	load(&fx, DUMPS "go119-panic-system.txt", NULL);
	in.nsites = 0;
	check_init_goroutine(&in, &v);
	assert_false(has_evidence(&v, "runtime.init"));
	assert_true(has_evidence(&v, "internal/work.init.0"));
	verdict_free(&v);
	unload(&fx);

	/* A dump without any: pass. */
	load(&fx, NULL,
	     "goroutine 1 [running]:\nmain.main()\n\t/a.go:1 +0x1\n\n"
	     "goroutine 2 [select]:\nmain.f()\n\t/a.go:2 +0x1\ncreated by main.main\n"
	     "\t/a.go:1 +0x1\n\n");
	check_init_goroutine(&in, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	verdict_free(&v);
	unload(&fx);

	assert_true(goroutine_checks_is_init_func("main.init"));
	assert_true(goroutine_checks_is_init_func("example.com/a/b.init.0"));
	assert_true(goroutine_checks_is_init_func("example.com/a/b.init.12.func3"));
	assert_true(goroutine_checks_is_init_func("gopkg.in/yaml.v2.init.func1"));
	assert_false(goroutine_checks_is_init_func("example.com/a/b.(*T).init"));
	assert_false(goroutine_checks_is_init_func("example.com/a/b.initialize"));
	assert_false(goroutine_checks_is_init_func("example.com/a/b.init.x"));
	assert_false(goroutine_checks_is_init_func(".init"));
	assert_false(goroutine_checks_is_init_func("main.main"));
}

static void test_watcher(void **st)
{
	struct fixture fx;
	struct verdict v;
	struct watcher_inputs in = {0};
	const char *with =
	    "goroutine 1 [running]:\nmain.main()\n\t/a.go:1 +0x1\n\n"
	    "goroutine 9 [syscall]:\nsyscall.Syscall(0x0, 0x3, 0xc000100000, 0x10000)\n"
	    "\t/go/src/syscall/syscall_linux.go:68 +0x27\n"
	    "github.com/fsnotify/fsnotify.(*inotify).readEvents(0xc0000a4000)\n"
	    "\t/m/github.com/fsnotify/fsnotify@v1.8.0/backend_inotify.go:475 +0x1f5\n"
	    "created by github.com/fsnotify/fsnotify.NewBufferedWatcher in goroutine 1\n"
	    "\t/m/github.com/fsnotify/fsnotify@v1.8.0/backend_inotify.go:130 +0x1b4\n\n"
	    "goroutine 10 [select]:\n"
	    "github.com/spf13/viper.(*Viper).WatchConfig.func1.1()\n"
	    "\t/m/github.com/spf13/viper@v1.19.0/viper.go:450 +0x1f5\n\n";

	(void)st;
	verdict_init(&v);
	check_config_reload_watcher(&in, &v);
	assert_int_equal(v.kind, VERDICT_SKIP);
	verdict_free(&v);
	in.watch_config = 1;
	in.watch_site = "cmd/svc/main.go:40";
	check_config_reload_watcher(&in, &v);
	assert_int_equal(v.kind, VERDICT_UNKNOWN);
	verdict_free(&v);

	load(&fx, DUMPS "go119-debug2.txt", NULL);
	in.buckets = &fx.b;
	check_config_reload_watcher(&in, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	assert_true(has_evidence(&v, "code:cmd/svc/main.go:40"));
	verdict_free(&v);
	in.dump_incomplete = 1;
	check_config_reload_watcher(&in, &v);
	assert_int_equal(v.kind, VERDICT_WARN);
	verdict_free(&v);
	in.dump_incomplete = 0;
	unload(&fx);

	load(&fx, NULL, with);
	check_config_reload_watcher(&in, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	assert_true(
	    has_evidence(&v, "goroutine:9 github.com/fsnotify/fsnotify.(*inotify).readEvents: 1 "
			     "goroutine, syscall"));
	assert_true(
	    has_evidence(&v, "goroutine:10 github.com/spf13/viper.(*Viper).WatchConfig.func1.1"));
	verdict_free(&v);
	unload(&fx);

	assert_true(goroutine_checks_is_fsnotify_reader(
	    "github.com/fsnotify/fsnotify.(*Watcher).readEvents"));
	assert_true(
	    goroutine_checks_is_fsnotify_reader("gopkg.in/fsnotify.v1.(*Watcher).readEvents"));
	assert_false(goroutine_checks_is_fsnotify_reader("example.com/x.(*Watcher).readEvents"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ticker),
	    cmocka_unit_test(test_init_goroutine),
	    cmocka_unit_test(test_watcher),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
