/* Unit tests: route-excluded-by-build, middleware-order, embed-path,
 * cgo-disabled and listener-missing on scans of in-memory sources. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "checks/repo_checks.h"

struct src {
	const char *path, *text;
};

static struct reposcan *scan(const struct src *v, size_t n, const char *tags, int cgo)
{
	struct buildconstraint_ctx c;
	struct reposcan *s;

	buildconstraint_ctx_init(&c, "linux", "amd64", 19);
	c.cgo = cgo;
	if (tags != NULL)
		buildconstraint_ctx_add_tags(&c, tags);
	s = reposcan_new(NULL, &c);
	for (size_t i = 0; i < n; i++)
		reposcan_source(s, v[i].path, v[i].text, strlen(v[i].text));
	reposcan_finish(s);
	buildconstraint_ctx_free(&c);
	return s;
}

static int has_evidence(const struct verdict *v, const char *needle)
{
	for (size_t i = 0; i < v->evidence.n; i++)
		if (strstr(v->evidence.v[i], needle) != NULL)
			return 1;
	return 0;
}

static const struct src demo[] = {
    {"main.go", "package main\n\nimport \"net/http\"\n\nfunc main() {\n"
		"\thttp.HandleFunc(\"/items\", items)\n\thttp.ListenAndServe(\":8080\", nil)\n}\n"},
    {"debug.go", "//go:build !prod\n\npackage main\n\nimport \"net/http\"\n\n"
		 "func init() { http.HandleFunc(\"/debug/reset\", resetHandler) }\n"},
};

static const char *const binary_syms[] = {"main.main", "main.items", NULL};

static int in_binary(const char *sym, void *arg)
{
	const char *const *v = arg;

	for (; *v != NULL; v++)
		if (strcmp(*v, sym) == 0)
			return 1;
	return 0;
}

static void test_route_excluded(void **state)
{
	struct reposcan *s = scan(demo, 2, "prod", 1);
	struct route_excluded_inputs in = {s, in_binary, (void *)binary_syms, "buildinfo of demo"};
	struct verdict v;

	(void)state;
	verdict_init(&v);
	check_route_excluded_by_build(&in, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	/* Names the file, the constraint line and the setting. */
	assert_non_null(strstr(v.summary, "/debug/reset"));
	assert_non_null(strstr(v.summary, "debug.go"));
	assert_non_null(strstr(v.summary, "//go:build !prod"));
	assert_non_null(strstr(v.summary, "tag prod is set via -tags"));
	assert_true(has_evidence(&v, "code:debug.go:7 "));
	assert_true(has_evidence(
	    &v, "sym:main.resetHandler handler main.resetHandler is not in the binary"));
	assert_true(has_evidence(&v, "-tags=prod (from buildinfo of demo)"));
	verdict_free(&v);
	reposcan_free(s);

	/* Without -tags=prod the file is built: pass. */
	s = scan(demo, 2, NULL, 1);
	in.scan = s;
	verdict_init(&v);
	check_route_excluded_by_build(&in, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	verdict_free(&v);
	reposcan_free(s);
}

/* A table filled from init in a tag-excluded file, and a registration
 * with an unresolved path there: the binary's function table decides. */
static void test_route_excluded_tables(void **state)
{
	static const struct src v[] = {
	    {"main.go", "package main\n\nimport \"net/http\"\n\n"
			"type route struct {\n\tpath string\n\th    http.HandlerFunc\n}\n\n"
			"var routes []route\n\n"
			"func main() {\n\tfor _, rt := range routes {\n"
			"\t\thttp.HandleFunc(rt.path, rt.h)\n\t}\n}\n"},
	    {"admin.go",
	     "//go:build admin\n\npackage main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n)\n\n"
	     "func init() {\n"
	     "\troutes = append(routes, route{path: \"/admin\", h: admin})\n" /* 11 */
	     "\thttp.HandleFunc(os.Getenv(\"X\"), dyn)\n}\n"},		      /* 12 */
	};
	struct reposcan *s = scan(v, 2, NULL, 1);
	struct route_excluded_inputs in = {s, in_binary, (void *)binary_syms, "test"};
	struct verdict vd;

	(void)state;
	assert_int_equal(s->nroutes, 1);
	assert_string_equal(s->routes[0].path, "/admin");
	assert_int_equal(s->routes[0].at.line, 11);
	assert_int_equal(s->nunresolved, 1);
	verdict_init(&vd);
	check_route_excluded_by_build(&in, &vd);
	assert_int_equal(vd.kind, VERDICT_FAIL);
	assert_true(has_evidence(&vd, "code:admin.go:11 ANY /admin -> admin is in admin.go"));
	assert_true(has_evidence(&vd, "sym:main.admin handler main.admin is not in the binary's "
				      "function table: the binary confirms the exclusion"));
	assert_true(has_evidence(&vd, "code:admin.go:12 http.HandleFunc(os.Getenv(\"X\"), dyn) "
				      "(path unresolved"));
	verdict_free(&vd);

	/* Without a function table the unresolved one cannot be decided; the
	 * table element still fails on its own. */
	in.in_binary = NULL;
	verdict_init(&vd);
	check_route_excluded_by_build(&in, &vd);
	assert_int_equal(vd.kind, VERDICT_FAIL);
	assert_true(has_evidence(&vd, "no function table tells"));
	verdict_free(&vd);
	reposcan_free(s);
}

static void test_route_excluded_nuances(void **state)
{
	static const struct src pair[] = {
	    {"dev.go", "//go:build !prod\n\npackage main\n\nimport \"net/http\"\n\n"
		       "func init() { http.HandleFunc(\"/version\", devVersion) }\n"},
	    {"prod.go", "//go:build prod\n\npackage main\n\nimport \"net/http\"\n\n"
			"func init() { http.HandleFunc(\"/version\", prodVersion) }\n"},
	};
	static const char *const syms[] = {"main.resetHandler", NULL};
	struct reposcan *s = scan(pair, 2, "prod", 1);
	struct route_excluded_inputs in = {s, NULL, NULL, NULL};
	struct verdict v;

	(void)state;
	/* The dev/prod pair registers the route either way. */
	verdict_init(&v);
	check_route_excluded_by_build(&in, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	assert_true(has_evidence(&v, "also registered at prod.go:7"));
	verdict_free(&v);
	reposcan_free(s);

	/* Handler compiled in although the registration is not: warn. */
	s = scan(demo, 2, "prod", 1);
	in.scan = s;
	in.in_binary = in_binary;
	in.arg = (void *)syms;
	verdict_init(&v);
	check_route_excluded_by_build(&in, &v);
	assert_int_equal(v.kind, VERDICT_WARN);
	verdict_free(&v);
	reposcan_free(s);

	verdict_init(&v);
	in.scan = NULL;
	check_route_excluded_by_build(&in, &v);
	assert_int_equal(v.kind, VERDICT_UNKNOWN);
	assert_non_null(strstr(v.missing, "--repo"));
	verdict_free(&v);
	s = scan(NULL, 0, NULL, 1);
	in.scan = s;
	verdict_init(&v);
	check_route_excluded_by_build(&in, &v);
	assert_int_equal(v.kind, VERDICT_SKIP);
	verdict_free(&v);
	reposcan_free(s);
}

static const struct src gin_src[] = {
    {"api.go", "package api\n\nimport \"github.com/gin-gonic/gin\"\n\nfunc routes() {\n"
	       "\tr := gin.Default()\n\tr.GET(\"/ping\", ping)\n\tr.Use(trace())\n"
	       "\tr.GET(\"/later\", later)\n}\n"},
};

static void test_middleware_order(void **state)
{
	struct reposcan *s = scan(gin_src, 1, NULL, 1);
	struct middleware_probe probes[] = {
	    {"GET", "/ping", 200, 0},
	    {"GET", "/later", 200, 1},
	    {"GET", "/gone", 404, 0},
	};
	struct middleware_order_inputs in = {s, NULL, NULL, 0};
	struct verdict v;

	(void)state;
	/* Ordering alone: warn, with gin's real behaviour. */
	verdict_init(&v);
	check_middleware_order(&in, &v);
	assert_int_equal(v.kind, VERDICT_WARN);
	assert_non_null(strstr(v.summary, "r.Use(trace()) at api.go:8"));
	assert_true(has_evidence(&v, "gin copies"));
	verdict_free(&v);
	/* Probes but no --header: the header is not judged, there is no default
	 * taken from one service; the order alone still warns. */
	in.probes = probes;
	in.nprobes = 3;
	verdict_init(&v);
	check_middleware_order(&in, &v);
	assert_int_equal(v.kind, VERDICT_WARN);
	assert_non_null(strstr(v.summary, "pass --header NAME"));
	assert_null(strstr(v.summary, "X-Trace-ID"));
	verdict_free(&v);
	/* A probe without the header asked for: fail. 404s are route-not-served's
	 * business. */
	in.header = "X-Trace-ID";
	verdict_init(&v);
	check_middleware_order(&in, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	assert_non_null(strstr(v.summary, "X-Trace-ID"));
	assert_non_null(strstr(v.summary, "GET /ping (200)"));
	assert_false(has_evidence(&v, "/gone"));
	verdict_free(&v);
	/* Every probe carries the (custom) header and no ordering issue: pass. */
	reposcan_free(s);
	{
		static const struct src ok[] = {
		    {"r.go", "package r\n\nimport \"github.com/gorilla/mux\"\n\nfunc f() {\n"
			     "\tr := mux.NewRouter()\n\tr.HandleFunc(\"/a\", a)\n\tr.Use(mw)\n}\n"},
		};

		s = scan(ok, 1, NULL, 1);
		in.scan = s;
		in.header = "X-Request-ID";
		in.probes = probes + 1;
		in.nprobes = 1;
		verdict_init(&v);
		check_middleware_order(&in, &v);
		/* gorilla applies Use per request: the late Use is harmless. */
		assert_int_equal(v.kind, VERDICT_PASS);
		assert_true(has_evidence(&v, "harmless"));
		verdict_free(&v);
		/* The same without --header: nothing to judge live, a skip that
		 * says how to ask. */
		in.header = NULL;
		verdict_init(&v);
		check_middleware_order(&in, &v);
		assert_int_equal(v.kind, VERDICT_SKIP);
		assert_non_null(strstr(v.summary, "pass --header NAME"));
		verdict_free(&v);
		reposcan_free(s);
	}
	{
		/* No Use() at all, probes answered without the header: nothing to
		 * judge, a skip and not a pass. */
		static const struct src none[] = {
		    {"n.go", "package n\n\nimport \"net/http\"\n\nfunc f() {\n"
			     "\thttp.HandleFunc(\"/a\", a)\n}\n"},
		};

		s = scan(none, 1, NULL, 1);
		in.scan = s;
		in.header = NULL;
		in.probes = probes;
		in.nprobes = 2;
		verdict_init(&v);
		check_middleware_order(&in, &v);
		assert_int_equal(v.kind, VERDICT_SKIP);
		assert_non_null(strstr(v.summary, "no middleware Use() calls"));
		verdict_free(&v);
		reposcan_free(s);
	}
}

static void test_embed_path(void **state)
{
	static const struct src bad[] = {
	    {"w.go", "package w\n\nimport \"embed\"\n\n//go:embed static\nvar content embed.FS\n\n"
		     "func f() { content.ReadFile(\"/static/index.html\") }\n"},
	};
	static const struct src good[] = {
	    {"w.go", "package w\n\nimport \"embed\"\n\n//go:embed static\nvar content embed.FS\n\n"
		     "func f() { content.ReadFile(\"static/index.html\") }\n"},
	};
	struct reposcan *s = scan(bad, 1, NULL, 1);
	struct embed_path_inputs in = {s};
	struct verdict v;

	(void)state;
	verdict_init(&v);
	check_embed_path(&in, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	assert_non_null(strstr(v.summary, "starts with /"));
	assert_true(has_evidence(&v, "code:w.go:8 "));
	verdict_free(&v);
	reposcan_free(s);
	s = scan(good, 1, NULL, 1);
	in.scan = s;
	/* Without a root the pattern cannot be matched: not judged (-1). */
	verdict_init(&v);
	check_embed_path(&in, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	verdict_free(&v);
	/* A pattern that matched nothing on disk: warn. */
	s->embeds[0].matches = 0;
	verdict_init(&v);
	check_embed_path(&in, &v);
	assert_int_equal(v.kind, VERDICT_WARN);
	assert_true(has_evidence(&v, "no matching files found"));
	verdict_free(&v);
	reposcan_free(s);
}

static void test_cgo_disabled(void **state)
{
	static const struct src c[] = {
	    {"sqlite.go", "package main\n\n// #cgo LDFLAGS: -lsqlite3\nimport \"C\"\n"},
	    {"main.go", "package main\n\nfunc main() {}\n"},
	};
	const char *deps[] = {"golang.org/x/net", "github.com/mattn/go-sqlite3"};
	struct reposcan *s = scan(c, 2, NULL, 0);
	struct cgo_disabled_inputs in = {s, 0, deps, 2};
	struct verdict v;

	(void)state;
	verdict_init(&v);
	check_cgo_disabled(&in, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	assert_non_null(strstr(v.summary, "sqlite.go"));
	assert_true(has_evidence(&v, "code:sqlite.go:4 imports \"C\""));
	assert_true(has_evidence(&v, "github.com/mattn/go-sqlite3"));
	verdict_free(&v);
	reposcan_free(s);
	/* Only a cgo dependency: warn. */
	s = scan(c + 1, 1, NULL, 0);
	in.scan = s;
	verdict_init(&v);
	check_cgo_disabled(&in, &v);
	assert_int_equal(v.kind, VERDICT_WARN);
	verdict_free(&v);
	in.cgo_enabled = 1;
	verdict_init(&v);
	check_cgo_disabled(&in, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	verdict_free(&v);
	in.cgo_enabled = -1;
	verdict_init(&v);
	check_cgo_disabled(&in, &v);
	assert_int_equal(v.kind, VERDICT_UNKNOWN);
	verdict_free(&v);
	reposcan_free(s);
	assert_true(repo_checks_cgo_only("github.com/mattn/go-sqlite3"));
	assert_true(repo_checks_cgo_only("github.com/confluentinc/confluent-kafka-go/v2"));
	assert_false(repo_checks_cgo_only("github.com/mattn/go-sqlite3x"));
	assert_false(repo_checks_cgo_only(NULL));
}

static void addr(const char *s, int rc, const char *host, int port)
{
	struct listen_socket ls;

	assert_int_equal(repo_checks_parse_addr(s, &ls), rc);
	if (rc == 0) {
		assert_string_equal(ls.host, host);
		assert_int_equal(ls.port, port);
	}
}

static void test_parse_addr(void **state)
{
	(void)state;
	addr(":8080", 0, "", 8080);
	addr("0.0.0.0:80", 0, "", 80);
	addr("[::]:443", 0, "", 443);
	addr("*:9000", 0, "", 9000);
	addr("[::1]:6060", 0, "::1", 6060);
	addr("127.0.0.1:0", 0, "127.0.0.1", 0);
	addr("localhost:http", 0, "localhost", 80);
	addr(":https", 0, "", 443);
	addr("", 0, "", 80);
	addr("nocolon", -1, "", 0);
	addr(":99999", -1, "", 0);
	addr(":grpc", -1, "", 0);
	addr(NULL, -1, "", 0);
}

static void test_listener_missing(void **state)
{
	static const struct src l[] = {
	    {"main.go", "package main\n\nimport (\n\t\"flag\"\n\t\"net\"\n\t\"net/http\"\n)\n\n"
			"var addr = flag.String(\"addr\", \":8080\", \"\")\n\n"
			"func main() {\n\tnet.Listen(\"tcp\", \"127.0.0.1:9000\")\n"
			"\tnet.Listen(\"tcp\", \"127.0.0.1:0\")\n"
			"\thttp.ListenAndServe(*addr, nil)\n}\n"},
	};
	struct reposcan *s = scan(l, 1, NULL, 1);
	struct listen_socket socks[2];
	struct listener_missing_inputs in = {s, 42, 1, NULL, socks, 0, NULL, NULL, NULL};
	struct verdict v;

	(void)state;
	repo_checks_parse_addr("[::]:8080", &socks[0]);
	repo_checks_parse_addr("127.0.0.1:9000", &socks[1]);
	/* Nothing listening: the literal fails. */
	verdict_init(&v);
	check_listener_missing(&in, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	assert_non_null(strstr(v.summary, "127.0.0.1:9000"));
	assert_true(has_evidence(&v, "no fixed port"));
	verdict_free(&v);
	/* Only the flag default is missing: warn, it may be overridden. */
	in.sockets = socks + 1;
	in.nsockets = 1;
	verdict_init(&v);
	check_listener_missing(&in, &v);
	assert_int_equal(v.kind, VERDICT_WARN);
	assert_non_null(strstr(v.summary, "flag-default of addr"));
	verdict_free(&v);
	/* The process was started with -addr: that address must be served. */
	{
		struct strlist argv = {0};

		strlist_add(&argv, "/srv/svc");
		strlist_add(&argv, "-addr=127.0.0.1:9000");
		in.argv = &argv;
		verdict_init(&v);
		check_listener_missing(&in, &v);
		assert_int_equal(v.kind, VERDICT_PASS);
		assert_true(has_evidence(&v, "addr=127.0.0.1:9000 on the process command line"));
		verdict_free(&v);
		strlist_free(&argv);
		strlist_add(&argv, "/srv/svc");
		strlist_add(&argv, "--addr");
		strlist_add(&argv, ":7000");
		verdict_init(&v);
		check_listener_missing(&in, &v);
		assert_int_equal(v.kind, VERDICT_FAIL);
		assert_non_null(strstr(v.summary, ":7000"));
		verdict_free(&v);
		strlist_free(&argv);
		in.argv = NULL;
	}
	/* Both: pass; a wildcard socket serves a specific host too. */
	in.sockets = socks;
	in.nsockets = 2;
	verdict_init(&v);
	check_listener_missing(&in, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	verdict_free(&v);
	in.sockets_known = 0;
	in.sockets_error = "permission denied";
	verdict_init(&v);
	check_listener_missing(&in, &v);
	assert_int_equal(v.kind, VERDICT_UNKNOWN);
	assert_non_null(strstr(v.missing, "permission denied"));
	verdict_free(&v);
	reposcan_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_route_excluded),
	    cmocka_unit_test(test_route_excluded_tables),
	    cmocka_unit_test(test_route_excluded_nuances),
	    cmocka_unit_test(test_middleware_order),
	    cmocka_unit_test(test_embed_path),
	    cmocka_unit_test(test_cgo_disabled),
	    cmocka_unit_test(test_parse_addr),
	    cmocka_unit_test(test_listener_missing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
