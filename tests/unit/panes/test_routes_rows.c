/* Unit tests: the routes pane's join of declared routes (a real scan of
 * in-memory sources), build constraints, hand-built probe results and
 * listeners, and its filter, jump and detail helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "panes/routes_rows.h"

static const char main_go[] = "package main\n"
			      "\n"
			      "import \"net/http\"\n"
			      "\n"
			      "func main() {\n"
			      "\thttp.HandleFunc(\"/healthz\", healthz)\n"	   /* line 6 */
			      "\thttp.HandleFunc(\"GET /items/{id}\", getItem)\n"  /* line 7 */
			      "\thttp.HandleFunc(\"POST /orders\", createOrder)\n" /* line 8 */
			      "\thttp.HandleFunc(\"/static/\", static)\n"	   /* line 9 */
			      "\thttp.HandleFunc(prefix+\"/x\", dyn)\n"		   /* line 10 */
			      "\thttp.ListenAndServe(\":8080\", nil)\n"
			      "}\n";

static const char v2_go[] = "//go:build !prod\n"
			    "\n"
			    "package main\n"
			    "\n"
			    "import \"net/http\"\n"
			    "\n"
			    "func init() {\n"
			    "\thttp.HandleFunc(\"/api/v2/orders\", createOrderV2)\n" /* line 8 */
			    "}\n";

static const char grpc_go[] = "package main\n"
			      "\n"
			      "import \"google.golang.org/grpc\"\n"
			      "\n"
			      "func serve() {\n"
			      "\ts := grpc.NewServer()\n"
			      "\tpb.RegisterGreeterServer(s, &greeter{})\n" /* line 7 */
			      "\thealthpb.RegisterHealthServer(s, hs)\n"    /* line 8 */
			      "\ts.Serve(lis)\n"
			      "}\n";

static struct reposcan *scan(const char *tags, int with_grpc)
{
	struct buildconstraint_ctx c;
	struct reposcan *s;

	buildconstraint_ctx_init(&c, "linux", "amd64", 19);
	if (tags != NULL)
		buildconstraint_ctx_add_tags(&c, tags);
	s = reposcan_new(NULL, &c);
	reposcan_source(s, "main.go", main_go, strlen(main_go));
	reposcan_source(s, "orders_v2.go", v2_go, strlen(v2_go));
	if (with_grpc)
		reposcan_source(s, "srv/grpc.go", grpc_go, strlen(grpc_go));
	reposcan_finish(s);
	buildconstraint_ctx_free(&c);
	return s;
}

static struct route_probe probe(const char *method, const char *path, long status, int hdr)
{
	struct route_probe p = {0};

	p.method = (char *)method;
	p.path = (char *)path;
	p.url = (char *)"http://127.0.0.1:1/x";
	p.status = status;
	p.has_header = hdr;
	p.seconds = 0.002;
	if (status == 0)
		p.error = (char *)"Connection refused";
	return p;
}

static const struct routes_route_row *row_for(const struct routes_rows *r, const char *path)
{
	for (size_t i = 0; i < r->nroutes; i++)
		if (strcmp(r->routes[i].path, path) == 0)
			return &r->routes[i];
	print_error("no row for %s among %zu\n", path, r->nroutes);
	for (size_t i = 0; i < r->nroutes; i++)
		print_error("  [%s]\n", r->routes[i].path);
	fail();
	return NULL;
}

static void base_inputs(struct routes_rows_inputs *in, const struct reposcan *s)
{
	memset(in, 0, sizeof *in);
	in->scan = s;
	in->expected_header = "X-Trace-ID";
	in->probes_collected = 1;
	in->grpc_collected = 1;
}

static void test_probe_path(void **state)
{
	static const char *const cases[][2] = {
	    {"/healthz", "/healthz"},
	    {"/items/{id}", "/items/1"},
	    {"/files/{path...}", "/files/1"},
	    {"/users/:id/posts", "/users/1/posts"},
	    {"/static/*", "/static/"},
	    {"/a:b", "/a:b"}, /* ':' only starts a parameter after '/' */
	    {"/broken/{id", "/broken/"},
	    {"", ""},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *p = routes_rows_probe_path(cases[i][0]);

		assert_string_equal(p, cases[i][1]);
		free(p);
	}
}

/* The demo's case: a route in a file excluded by -tags prod answers 404;
 * /healthz answers 200 without the middleware's header. */
static void test_join_build_and_live(void **state)
{
	struct reposcan *s = scan("prod", 0);
	struct route_probe probes[] = {
	    probe("GET", "/healthz", 200, 0),	    probe("GET", "/items/1", 200, 1),
	    probe("HEAD", "/orders", 405, 0),	    probe("GET", "/static/", 0, 0),
	    probe("GET", "/api/v2/orders", 404, 0),
	};
	struct routes_rows_inputs in;
	struct routes_rows *r;
	const struct routes_route_row *x;

	(void)state;
	base_inputs(&in, s);
	in.probes = probes;
	in.nprobes = sizeof probes / sizeof probes[0];
	r = routes_rows_build(&in);
	/* prefix+"/x" (prefix defined nowhere) is listed unresolved, not a route */
	assert_int_equal(s->nroutes, 5);
	assert_int_equal(s->nunresolved, 1);
	assert_int_equal(r->nroutes, 6);

	x = row_for(r, "/api/v2/orders");
	assert_int_equal(x->in_build, 0);
	assert_string_equal(x->build, "no !prod");
	assert_non_null(strstr(x->build_why, "//go:build !prod"));
	assert_non_null(strstr(x->build_why, "tag prod is set"));
	assert_int_equal(x->build_tone, ROUTES_TONE_BAD);
	assert_string_equal(x->live, "404");
	assert_int_equal(x->live_tone, ROUTES_TONE_BAD);
	assert_string_equal(x->where, "orders_v2.go:8");
	assert_string_equal(x->method, "*");
	assert_string_equal(x->handler, "createOrderV2");

	x = row_for(r, "/healthz");
	assert_int_equal(x->in_build, 1);
	assert_string_equal(x->build, "yes");
	assert_string_equal(x->live, "200");
	assert_int_equal(x->header, 0);
	assert_int_equal(x->live_tone, ROUTES_TONE_GOOD);
	assert_non_null(strstr(x->live_why, "no X-Trace-ID"));
	assert_string_equal(x->where, "main.go:6");

	x = row_for(r, "/items/{id}");
	assert_string_equal(x->method, "GET");
	assert_string_equal(x->live, "200");
	assert_int_equal(x->header, 1);

	/* POST-only: probed with HEAD; 405 proves the route exists. */
	x = row_for(r, "/orders");
	assert_string_equal(x->live, "405 HEAD");
	assert_int_equal(x->live_tone, ROUTES_TONE_GOOD);

	x = row_for(r, "/static/");
	assert_string_equal(x->live, "no answer");
	assert_non_null(strstr(x->live_why, "Connection refused"));
	assert_int_equal(x->header, -1);

	/* prefix+"/x" has no literal path: unresolved, never probed. */
	x = row_for(r, "prefix+\"/x\"");
	assert_string_equal(x->live, "unresolved");
	assert_non_null(strstr(x->live_why, "prefix is not a package-level string constant"));

	assert_non_null(strstr(r->summary, "5 routes, 1 not in the build, 1 unresolved"));
	assert_non_null(strstr(r->summary, "4 answered, 1 not served, 1 with X-Trace-ID"));
	assert_non_null(strstr(r->context, "tags=prod"));
	assert_string_equal(row_for(r, "/api/v2/orders")->build_short,
			    "excluded by //go:build !prod: tag prod is set via -tags");
	assert_null(row_for(r, "/healthz")->build_short);
	routes_rows_free(r);
	reposcan_free(s);
}

/* Without -tags prod the same file is in the build. */
static void test_join_without_tags(void **state)
{
	struct reposcan *s = scan(NULL, 0);
	struct routes_rows_inputs in;
	struct routes_rows *r;

	(void)state;
	base_inputs(&in, s);
	in.probes_collected = 0;
	r = routes_rows_build(&in);
	assert_string_equal(row_for(r, "/api/v2/orders")->build, "yes");
	assert_string_equal(row_for(r, "/healthz")->live, "not probed");
	assert_non_null(strstr(row_for(r, "/healthz")->live_why, "not probed yet"));
	assert_non_null(strstr(r->context, "no tags"));
	routes_rows_free(r);
	reposcan_free(s);
}

static void test_not_probed_reasons(void **state)
{
	struct reposcan *s = scan("prod", 0);
	struct routes_rows_inputs in;
	struct routes_rows *r;

	(void)state;
	base_inputs(&in, s);
	in.probes_error = "no HTTP endpoint of the service is known: pass --url";
	r = routes_rows_build(&in);
	assert_string_equal(row_for(r, "/healthz")->live, "not probed");
	assert_non_null(strstr(row_for(r, "/healthz")->live_why, "pass --url"));
	assert_non_null(strstr(r->summary, "not probed: no HTTP endpoint"));
	routes_rows_free(r);

	in.probes_error = NULL;
	in.probing = 1;
	r = routes_rows_build(&in);
	assert_string_equal(row_for(r, "/healthz")->live, "probing");
	routes_rows_free(r);

	/* Collected, but this path is not among the probes (the cap). */
	in.probing = 0;
	r = routes_rows_build(&in);
	assert_non_null(strstr(row_for(r, "/healthz")->live_why, "only the first"));
	routes_rows_free(r);
	reposcan_free(s);
}

static void test_no_scan(void **state)
{
	struct routes_rows_inputs in;
	struct routes_rows *r;

	(void)state;
	memset(&in, 0, sizeof in);
	in.scan_error = "no repository: pass --repo DIR";
	r = routes_rows_build(&in);
	assert_int_equal(r->nroutes, 0);
	assert_non_null(strstr(r->routes_note, "pass --repo DIR"));
	assert_non_null(strstr(r->listeners_note, "pass --pid"));
	assert_null(r->context);
	routes_rows_free(r);
	in.scanning = 1;
	r = routes_rows_build(&in);
	assert_string_equal(r->routes_note, "scanning the repository...");
	routes_rows_free(r);
	routes_rows_free(NULL);
}

static void set_listener(struct listener *l, const char *local)
{
	memset(l, 0, sizeof *l);
	snprintf(l->local, sizeof l->local, "%s", local);
}

static void test_listeners_declared_vs_served(void **state)
{
	struct reposcan *s = scan("prod", 1);
	struct listener lv[3];
	struct listeners ls = {0};
	struct grpc_listener g[2];
	struct routes_rows_inputs in;
	struct routes_rows *r;
	long i;

	(void)state;
	assert_int_equal(s->ngrpcs, 2);
	set_listener(&lv[0], "127.0.0.1:6060");
	set_listener(&lv[1], "127.0.0.1:5000");
	set_listener(&lv[2], "[::1]:7000"); /* not sniffed yet */
	ls.v = lv;
	ls.n = 3;
	memset(g, 0, sizeof g);
	g[0].addr = (char *)"127.0.0.1:6060";
	g[0].proto = (char *)"http/1";
	g[0].health = -1;
	g[1].addr = (char *)"127.0.0.1:5000";
	g[1].proto = (char *)"h2c";
	g[1].is_h2c = 1;
	g[1].health = 1;
	g[1].reflection_version = (char *)"v1alpha";
	strlist_add(&g[1].services, "demo.v1.Pinger");
	strlist_add(&g[1].services, "grpc.health.v1.Health");
	base_inputs(&in, s);
	in.listeners = &ls;
	in.grpc = g;
	in.ngrpc = 2;
	r = routes_rows_build(&in);
	assert_int_equal(r->nlisteners, 5); /* 3 listeners, 2 declared services */
	assert_null(r->listeners_note);

	assert_string_equal(r->listeners[0].addr, "127.0.0.1:6060");
	assert_string_equal(r->listeners[0].proto, "http/1");
	assert_string_equal(r->listeners[0].served, "-");
	assert_string_equal(r->listeners[0].why, "127.0.0.1:6060 speaks http/1 (sniffed in 0 ms): "
						 "not HTTP/2 cleartext, so no gRPC");
	assert_string_equal(
	    r->listeners[1].why,
	    "127.0.0.1:5000: HTTP/2, health SERVING, reflection v1alpha; declared "
	    "1/2: Greeter missing; served 2: demo.v1.Pinger, grpc.health.v1.Health");
	assert_string_equal(r->listeners[2].why, "[::1]:7000: not sniffed yet (r sniffs)");
	assert_string_equal(r->listeners[3].why, "Greeter (pb.RegisterGreeterServer at "
						 "srv/grpc.go:7): NOT SERVED by any listener");

	assert_string_equal(r->listeners[1].proto, "h2c");
	assert_string_equal(r->listeners[1].health, "SERVING");
	assert_string_equal(r->listeners[1].served, "2: demo.v1.Pinger, grpc.health.v1.Health");
	assert_string_equal(r->listeners[1].declared, "1/2: Greeter missing");
	assert_int_equal(r->listeners[1].tone, ROUTES_TONE_BAD);

	assert_string_equal(r->listeners[2].proto, "?");
	assert_int_equal(r->listeners[2].tone, ROUTES_TONE_DIM);

	assert_int_equal(r->listeners[3].kind, ROUTES_LROW_DECLARED);
	assert_string_equal(r->listeners[3].addr, "Greeter");
	assert_string_equal(r->listeners[3].declared, "srv/grpc.go:7");
	assert_string_equal(r->listeners[3].served, "NOT SERVED by any listener");
	assert_int_equal(r->listeners[3].tone, ROUTES_TONE_BAD);
	assert_string_equal(r->listeners[4].addr, "Health");
	assert_string_equal(r->listeners[4].served, "served on 127.0.0.1:5000");
	assert_int_equal(r->listeners[4].tone, ROUTES_TONE_GOOD);

	i = routes_rows_find_listener(r, "/src/svc/srv/grpc.go", 8);
	assert_int_equal(i, 4);
	assert_int_equal(routes_rows_find_listener(r, "srv/grpc.go", 9), -1);

	assert_true(routes_rows_listener_match(&r->listeners[1], "PINGER"));
	assert_false(routes_rows_listener_match(&r->listeners[0], "pinger"));

	{
		struct strlist d = {0};
		int saw_missing = 0, saw_served = 0;

		routes_rows_listener_detail(r, 1, &in, &d);
		for (size_t k = 0; k < d.n; k++) {
			saw_missing |=
			    strstr(d.v[k], "Greeter at srv/grpc.go:7: NOT served here") != NULL;
			saw_served |= strstr(d.v[k], "served: grpc.health.v1.Health") != NULL;
		}
		assert_true(saw_missing);
		assert_true(saw_served);
		strlist_free(&d);
	}
	routes_rows_free(r);

	/* Reflection off: the declared services' fate is unknown, not missing. */
	g[1].reflection_error = (char *)"grpc-status 12 UNIMPLEMENTED";
	r = routes_rows_build(&in);
	assert_non_null(strstr(r->listeners[1].served, "no reflection: grpc-status 12"));
	assert_string_equal(r->listeners[1].declared, "unknown");
	assert_non_null(strstr(r->listeners[3].served, "unknown: no reflection"));
	routes_rows_free(r);

	/* Only HTTP/1 listeners: the registered services cannot be served. */
	in.ngrpc = 1;
	r = routes_rows_build(&in);
	assert_string_equal(r->listeners[3].served, "NOT SERVED: no listener speaks HTTP/2");
	routes_rows_free(r);

	strlist_free(&g[1].services);
	reposcan_free(s);
}

static void test_parse_code(void **state)
{
	char *file;
	int line;

	(void)state;
	assert_int_equal(routes_rows_parse_code("code:main.go:26 rt.HandleFunc /x", &file, &line),
			 0);
	assert_string_equal(file, "main.go");
	assert_int_equal(line, 26);
	free(file);
	assert_int_equal(routes_rows_parse_code("code:C:/w/a.go:7", &file, &line), 0);
	assert_string_equal(file, "C:/w/a.go");
	assert_int_equal(line, 7);
	free(file);
	assert_int_equal(routes_rows_parse_code("code:main.go", &file, &line), -1);
	assert_null(file);
	assert_int_equal(routes_rows_parse_code("code::5", &file, &line), -1);
	assert_int_equal(routes_rows_parse_code("code:a.go:12abc", &file, &line), -1);
	assert_int_equal(routes_rows_parse_code("code:a.go:", &file, &line), -1);
	assert_int_equal(routes_rows_parse_code("code:a.go:99999999999999", &file, &line), -1);
	assert_int_equal(routes_rows_parse_code("sym:main.main", &file, &line), -1);
	assert_int_equal(routes_rows_parse_code(NULL, &file, &line), -1);
}

static void test_same_file(void **state)
{
	(void)state;
	assert_true(routes_rows_same_file("main.go", "main.go"));
	assert_true(routes_rows_same_file("./main.go", "main.go"));
	assert_true(routes_rows_same_file("/tmp/demo/main.go", "main.go"));
	assert_true(routes_rows_same_file("/tmp/demo/api/h.go", "api/h.go"));
	assert_false(routes_rows_same_file("/tmp/demo/xmain.go", "main.go"));
	assert_false(routes_rows_same_file("main.go", "api/main.go"));
}

static void test_filter_jump_detail(void **state)
{
	struct reposcan *s = scan("prod", 0);
	struct route_probe probes[] = {probe("GET", "/api/v2/orders", 404, 0)};
	struct routes_rows_inputs in;
	struct routes_rows *r;
	long i;
	size_t n = 0;

	(void)state;
	base_inputs(&in, s);
	in.probes = probes;
	in.nprobes = 1;
	r = routes_rows_build(&in);
	for (size_t k = 0; k < r->nroutes; k++)
		n += routes_rows_route_match(&r->routes[k], "v2") != 0;
	assert_int_equal(n, 1);
	assert_true(routes_rows_route_match(row_for(r, "/healthz"), "HEALTHZ"));
	assert_true(routes_rows_route_match(row_for(r, "/api/v2/orders"), "!prod"));
	assert_true(routes_rows_route_match(row_for(r, "/api/v2/orders"), "404"));
	assert_false(routes_rows_route_match(row_for(r, "/healthz"), "404"));

	i = routes_rows_find_route(r, "orders_v2.go", 8);
	assert_true(i >= 0);
	assert_string_equal(r->routes[i].path, "/api/v2/orders");
	assert_int_equal(routes_rows_find_route(r, "orders_v2.go", 7), -1);
	assert_int_equal(routes_rows_find_route(r, "main.go", 8),
			 (long)(row_for(r, "/orders") - r->routes));

	{
		struct strlist d = {0};
		int saw_build = 0, saw_probe = 0, saw_header = 0, saw_gobuild = 0;

		routes_rows_route_detail(r, (size_t)i, &in, &d);
		for (size_t k = 0; k < d.n; k++) {
			saw_build |=
			    strncmp(d.v[k], "In build: excluded by //go:build !prod (line 1)",
				    47) == 0;
			saw_gobuild |= strcmp(d.v[k], "Line 1: //go:build !prod") == 0;
			saw_probe |= strcmp(d.v[k], "Probe: GET http://127.0.0.1:1/x") == 0;
			saw_header |= strcmp(d.v[k], "Header X-Trace-ID: absent") == 0;
		}
		if (!(saw_build && saw_probe && saw_header && saw_gobuild))
			for (size_t k = 0; k < d.n; k++)
				print_error("  %s\n", d.v[k]);
		assert_true(saw_build);
		assert_true(saw_gobuild);
		assert_true(saw_probe);
		assert_true(saw_header);
		strlist_free(&d);
	}
	routes_rows_free(r);
	reposcan_free(s);
}

static const char mw_go[] = "package main\n"
			    "\n"
			    "import \"net/http\"\n"
			    "\n"
			    "func serve() {\n"
			    "\trt := newRouter(http.DefaultServeMux)\n"
			    "\trt.HandleFunc(\"/a\", a)\n"		       /* line 7 */
			    "\trt.HandleFunc(\"/b\", b)\n"		       /* line 8 */
			    "\trt.Use(withTraceID)\n"			       /* line 9 */
			    "\thttp.ListenAndServe(\"127.0.0.1:6060\", nil)\n" /* line 10 */
			    "}\n";

static void test_resolve_code(void **state)
{
	struct buildconstraint_ctx c;
	struct reposcan *s;
	struct listener lv;
	struct listeners ls = {0};
	struct routes_rows_inputs in;
	struct routes_rows *r;
	struct routes_jump j;

	(void)state;
	buildconstraint_ctx_init(&c, "linux", "amd64", 19);
	s = reposcan_new(NULL, &c);
	reposcan_source(s, "cmd/mw.go", mw_go, strlen(mw_go));
	reposcan_source(s, "orders_v2.go", v2_go, strlen(v2_go));
	reposcan_finish(s);
	buildconstraint_ctx_free(&c);
	assert_int_equal(s->nmws, 1);
	assert_int_equal(s->nlistens, 1);
	memset(&lv, 0, sizeof lv);
	snprintf(lv.local, sizeof lv.local, "127.0.0.1:6060");
	ls.v = &lv;
	ls.n = 1;
	base_inputs(&in, s);
	in.listeners = &ls;
	r = routes_rows_build(&in);

	/* Exact: the route declared there, no note. */
	routes_rows_resolve_code(r, &in, "/src/svc/cmd/mw.go", 8, &j);
	assert_int_equal(j.table, ROUTES_JUMP_ROUTES);
	assert_string_equal(r->routes[j.idx].path, "/b");
	assert_null(j.note);

	/* The Use( line: the first route registered before it. */
	routes_rows_resolve_code(r, &in, "cmd/mw.go", 9, &j);
	assert_int_equal(j.table, ROUTES_JUMP_ROUTES);
	assert_string_equal(r->routes[j.idx].path, "/a");
	assert_non_null(j.note);
	assert_non_null(
	    strstr(j.note, "rt.Use(withTraceID) at cmd/mw.go:9 comes after this route"));
	free(j.note);

	/* A listen call: the listeners table. */
	routes_rows_resolve_code(r, &in, "cmd/mw.go", 10, &j);
	assert_int_equal(j.table, ROUTES_JUMP_LISTENERS);
	assert_int_equal(j.idx, 0);
	assert_non_null(strstr(j.note, "listens on 127.0.0.1:6060"));
	free(j.note);

	/* Elsewhere in a file with routes: the nearest. */
	routes_rows_resolve_code(r, &in, "cmd/mw.go", 2, &j);
	assert_int_equal(j.table, ROUTES_JUMP_ROUTES);
	assert_string_equal(r->routes[j.idx].path, "/a");
	assert_non_null(strstr(j.note, "nearest"));
	free(j.note);

	/* A file without routes. */
	routes_rows_resolve_code(r, &in, "other.go", 3, &j);
	assert_int_equal(j.table, ROUTES_JUMP_NONE);
	assert_null(j.note);
	routes_rows_free(r);
	reposcan_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_probe_path),
	    cmocka_unit_test(test_join_build_and_live),
	    cmocka_unit_test(test_join_without_tags),
	    cmocka_unit_test(test_not_probed_reasons),
	    cmocka_unit_test(test_no_scan),
	    cmocka_unit_test(test_listeners_declared_vs_served),
	    cmocka_unit_test(test_parse_code),
	    cmocka_unit_test(test_same_file),
	    cmocka_unit_test(test_filter_jump_detail),
	    cmocka_unit_test(test_resolve_code),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
