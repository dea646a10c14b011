/* Unit tests for route-not-served and grpc-service-missing over real scans
 * of in-memory Go sources and hand-built probe results. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/repo/buildconstraint.h"
#include "collectors/repo/reposcan.h"
#include "checks/serve_checks.h"

static struct reposcan *scan_one(const char *path, const char *text)
{
	struct buildconstraint_ctx c;
	struct reposcan *s;

	buildconstraint_ctx_init(&c, "linux", "amd64", 19);
	s = reposcan_new(NULL, &c);
	reposcan_source(s, path, text, strlen(text));
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

static const char *routes_src = "package main\n\nimport \"net/http\"\n\nfunc main() {\n"
				"\thttp.HandleFunc(\"/items\", items)\n"
				"\thttp.HandleFunc(\"POST /orders\", create)\n"
				"\thttp.ListenAndServe(\":8080\", nil)\n}\n";

static void test_route_not_served(void **state)
{
	struct reposcan *s = scan_one("main.go", routes_src);
	struct route_probe p[2];
	struct route_served_inputs in = {0};
	struct verdict v;

	(void)state;
	assert_true(s->nroutes >= 2);
	memset(p, 0, sizeof p);
	p[0].method = "GET";
	p[0].path = "/items";
	p[0].url = "http://127.0.0.1:8080/items";
	p[0].status = 200;
	p[1].method = "HEAD";
	p[1].path = "/orders";
	p[1].url = "http://127.0.0.1:8080/orders";
	p[1].status = 405; /* a POST route answering HEAD with 405 exists */
	in.scan = s;
	in.probes = p;
	in.nprobes = 2;
	verdict_init(&v);
	check_route_not_served(&in, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	verdict_free(&v);

	/* A 404 is Go's mux saying nothing is registered there. */
	p[0].status = 404;
	verdict_init(&v);
	check_route_not_served(&in, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	assert_true(has_evidence(&v, "code:main.go:6 GET http://127.0.0.1:8080/items -> 404"));
	verdict_free(&v);

	/* A route of any method answering 405: its handler refused GET, the
	 * route exists (a wrapper checking the method, say). */
	p[0].status = 405;
	verdict_init(&v);
	check_route_not_served(&in, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	verdict_free(&v);

	/* Nothing answered at all: unknown, not a pass. */
	p[0].status = 0;
	p[0].error = "Connection refused";
	p[1].status = 0;
	verdict_init(&v);
	check_route_not_served(&in, &v);
	assert_int_equal(v.kind, VERDICT_UNKNOWN);
	verdict_free(&v);

	/* Not probed: unknown, saying why. */
	in.probes = NULL;
	in.nprobes = 0;
	in.probes_error = "no HTTP endpoint";
	verdict_init(&v);
	check_route_not_served(&in, &v);
	assert_int_equal(v.kind, VERDICT_UNKNOWN);
	assert_non_null(strstr(v.missing, "no HTTP endpoint"));
	verdict_free(&v);
	reposcan_free(s);

	/* No routes declared: skip. No scan: unknown. */
	s = scan_one("main.go", "package main\n\nfunc main() {}\n");
	in.scan = s;
	verdict_init(&v);
	check_route_not_served(&in, &v);
	assert_int_equal(v.kind, VERDICT_SKIP);
	verdict_free(&v);
	reposcan_free(s);
	in.scan = NULL;
	in.scan_error = "pass --repo";
	verdict_init(&v);
	check_route_not_served(&in, &v);
	assert_int_equal(v.kind, VERDICT_UNKNOWN);
	verdict_free(&v);
}

/* Routes registered through a helper; only /b's handler is in the binary. */
static int b_in_binary(const char *sym, void *arg)
{
	(void)arg;
	return strcmp(sym, "main.b") == 0;
}

static void test_route_not_served_helpers(void **state)
{
	struct reposcan *s =
	    scan_one("main.go", "package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n)\n\n"
				"func reg(mux *http.ServeMux, p string, h http.HandlerFunc) {\n"
				"\tmux.HandleFunc(p, h)\n}\n\n"
				"func main() {\n\tmux := http.NewServeMux()\n"
				"\treg(mux, \"/a\", a)\n" /* line 14 */
				"\treg(mux, \"/b\", b)\n" /* line 15 */
				"\treg(mux, os.Getenv(\"P\"), c)\n}\n");
	struct route_probe p[2];
	struct route_served_inputs in = {0};
	struct verdict v;

	(void)state;
	/* The helper's parameter is never a route; the call sites are. */
	assert_int_equal(s->nroutes, 2);
	assert_int_equal(s->nunresolved, 1);
	memset(p, 0, sizeof p);
	p[0].method = p[1].method = "GET";
	p[0].path = "/a";
	p[0].url = "http://127.0.0.1:1/a";
	p[0].status = 404;
	p[1].path = "/b";
	p[1].url = "http://127.0.0.1:1/b";
	p[1].status = 404;
	in.scan = s;
	in.probes = p;
	in.nprobes = 2;
	in.in_binary = b_in_binary;
	verdict_init(&v);
	check_route_not_served(&in, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	assert_true(has_evidence(&v, "code:main.go:14 GET http://127.0.0.1:1/a -> 404"));
	assert_true(has_evidence(&v, "registered via main.go:14 reg -> main.go:9 mux.HandleFunc"));
	assert_true(has_evidence(&v, "sym:main.a handler main.a is not in the binary"));
	assert_true(has_evidence(&v, "sym:main.b handler main.b is in the binary"));
	assert_true(
	    has_evidence(&v, "main.go:16 mux.HandleFunc(os.Getenv(\"P\"), c): path unresolved"));
	verdict_free(&v);

	/* The URL was passed but nothing could be probed: say so, not "--url". */
	in.probes = NULL;
	in.nprobes = 0;
	in.url = "http://127.0.0.1:1";
	verdict_init(&v);
	check_route_not_served(&in, &v);
	assert_int_equal(v.kind, VERDICT_UNKNOWN);
	assert_null(strstr(v.missing, "pass --url"));
	assert_non_null(strstr(v.missing, "http://127.0.0.1:1"));
	verdict_free(&v);
	reposcan_free(s);

	/* Only unresolved registrations: unknown, naming them. */
	s = scan_one("main.go", "package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n)\n\n"
				"func main() {\n\thttp.HandleFunc(os.Getenv(\"P\"), h)\n}\n");
	in.scan = s;
	verdict_init(&v);
	check_route_not_served(&in, &v);
	assert_int_equal(v.kind, VERDICT_UNKNOWN);
	assert_true(has_evidence(&v, "main.go:9 http.HandleFunc(os.Getenv(\"P\"), h)"));
	verdict_free(&v);
	reposcan_free(s);
}

static const char *grpc_src =
    "package main\n\nimport (\n\t\"net\"\n\n\t\"google.golang.org/grpc\"\n\tpb "
    "\"example.com/pb\"\n)\n\n"
    "func main() {\n\tsrv := grpc.NewServer()\n\tpb.RegisterGreeterServer(srv, &greeter{})\n"
    "\tlis, _ := net.Listen(\"tcp\", \":9000\")\n\tsrv.Serve(lis)\n}\n";

static void test_grpc_service_missing(void **state)
{
	struct reposcan *s = scan_one("main.go", grpc_src);
	struct grpc_listener l;
	struct grpc_served_inputs in = {0};
	struct verdict v;

	(void)state;
	assert_int_equal(s->ngrpcs, 1);
	memset(&l, 0, sizeof l);
	l.addr = "[::]:9000";
	l.proto = "h2c";
	l.is_h2c = 1;
	l.reflection_version = "v1alpha";
	strlist_add(&l.services, "helloworld.Greeter");
	strlist_add(&l.services, "grpc.reflection.v1alpha.ServerReflection");
	in.scan = s;
	in.listeners = &l;
	in.nlisteners = 1;
	verdict_init(&v);
	check_grpc_service_missing(&in, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	verdict_free(&v);

	/* The registered service is not among those served. */
	strlist_free(&l.services);
	strlist_add(&l.services, "helloworld.Other");
	verdict_init(&v);
	check_grpc_service_missing(&in, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	assert_true(has_evidence(&v, "service Greeter is registered in the code"));
	verdict_free(&v);

	/* Reflection off: unknown, saying how to enable it. */
	l.reflection_error = "grpc-status 12 UNIMPLEMENTED";
	verdict_init(&v);
	check_grpc_service_missing(&in, &v);
	assert_int_equal(v.kind, VERDICT_UNKNOWN);
	assert_non_null(strstr(v.missing, "reflection"));
	verdict_free(&v);

	/* No listener speaks HTTP/2 at all: fail. */
	l.is_h2c = 0;
	l.proto = "http/1";
	l.reflection_error = NULL;
	verdict_init(&v);
	check_grpc_service_missing(&in, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	verdict_free(&v);
	strlist_free(&l.services);
	reposcan_free(s);

	/* A registration inside a go statement races Serve: at least warn. */
	s = scan_one(
	    "main.go",
	    "package main\n\nimport \"google.golang.org/grpc\"\nimport pb \"example.com/pb\"\n\n"
	    "func main() {\n\tsrv := grpc.NewServer()\n"
	    "\tgo func() { pb.RegisterGreeterServer(srv, &greeter{}) }()\n"
	    "\tsrv.Serve(nil)\n}\n");
	in.scan = s;
	in.listeners = NULL;
	in.nlisteners = 0;
	in.listeners_error = "no process";
	verdict_init(&v);
	check_grpc_service_missing(&in, &v);
	assert_int_equal(v.kind, VERDICT_WARN);
	assert_true(has_evidence(&v, "inside a go statement"));
	verdict_free(&v);
	reposcan_free(s);

	assert_true(serve_checks_service_match("helloworld.Greeter", "Greeter"));
	assert_true(serve_checks_service_match("Greeter", "Greeter"));
	assert_false(serve_checks_service_match("helloworld.MyGreeter", "Greeter"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_route_not_served),
	    cmocka_unit_test(test_route_not_served_helpers),
	    cmocka_unit_test(test_grpc_service_missing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
