/* Unit tests of collectors/facts_served.c and its verdicts: a route whose
 * router another listener serves is never judged by a 404 at --url (two
 * routers side by side, an admin mux filled by a helper on its own
 * listener): probed at that listener's loopback address when the scan
 * knows it, else not probed (the --url listener is known to be another)
 * or probed with a 404 left unjudged (which listener --url reaches is
 * unknown); a service with one listener is probed at --url as before. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "checks/serve_checks.h"
#include "collectors/facts_parts.h"
#include "collectors/repo/reposcan.h"

static struct reposcan *scan1(const char *text)
{
	struct buildconstraint_ctx c;
	struct reposcan *s;

	buildconstraint_ctx_init(&c, "linux", "amd64", 19);
	s = reposcan_new(NULL, &c);
	reposcan_source(s, "main.go", text, strlen(text));
	reposcan_finish(s);
	buildconstraint_ctx_free(&c);
	return s;
}

static const struct reposcan_route *route(const struct reposcan *s, const char *path)
{
	for (size_t i = 0; i < s->nroutes; i++)
		if (strcmp(s->routes[i].full_path ? s->routes[i].full_path : s->routes[i].path,
			   path) == 0)
			return &s->routes[i];
	fail_msg("no route %s", path);
	return NULL;
}

static const char admin_src[] =
    "package main\n\nimport (\n\t\"flag\"\n\t\"net/http\"\n\t\"os\"\n)\n\n"
    "func main() {\n"
    "\taddr := flag.String(\"addr\", \"127.0.0.1:18183\", \"\")\n"
    "\tflag.Parse()\n"
    "\tmux := http.NewServeMux()\n\tregisterAPI(mux)\n"
    "\tadmin := http.NewServeMux()\n\tregisterAdmin(admin)\n"
    "\tgo http.ListenAndServe(\"127.0.0.1:18184\", admin)\n"
    "\tdebug := http.NewServeMux()\n\tregisterDebug(debug)\n"
    "\tgo http.ListenAndServe(os.Getenv(\"DEBUG_ADDR\"), debug)\n"
    "\thttp.ListenAndServe(*addr, mux)\n}\n"
    "func registerAPI(m *http.ServeMux) { m.HandleFunc(\"/api/items\", ok) }\n"
    "func registerAdmin(m *http.ServeMux) { m.HandleFunc(\"/admin/health\", ok) }\n"
    "func registerDebug(m *http.ServeMux) { m.HandleFunc(\"/debug/state\", ok) }\n";

static void test_admin_mux_via_helper(void **state)
{
	struct reposcan *s = scan1(admin_src);
	struct facts f;
	char *alt, *why;

	(void)state;
	memset(&f, 0, sizeof f);
	f.scan = s;
	/* the admin mux: at its own literal address */
	assert_int_equal(
	    facts_route_where(&f, route(s, "/admin/health"), "http://127.0.0.1:5000", &alt, &why),
	    WHERE_BASE);
	assert_string_equal(alt, "http://127.0.0.1:18184");
	assert_null(why);
	free(alt);
	/* the main mux (flag overridden) and the env one: either may be at
	 * --url, so a 404 there proves nothing */
	assert_int_equal(
	    facts_route_where(&f, route(s, "/debug/state"), "http://127.0.0.1:5000", &alt, &why),
	    WHERE_UNSURE);
	assert_null(alt);
	assert_non_null(strstr(why, "DEBUG_ADDR"));
	free(why);
	/* run with the flag's default: the main mux is at --url, so the env
	 * one is elsewhere and not probed */
	assert_int_equal(
	    facts_route_where(&f, route(s, "/api/items"), "http://127.0.0.1:18183", &alt, &why),
	    WHERE_BASE);
	assert_null(alt);
	assert_int_equal(
	    facts_route_where(&f, route(s, "/debug/state"), "http://127.0.0.1:18183", &alt, &why),
	    WHERE_SKIP);
	assert_non_null(strstr(why, "--url reaches main.go:20 http.ListenAndServe(*addr)"));
	free(why);
	reposcan_free(s);
}

static void test_two_routers(void **state)
{
	struct reposcan *s =
	    scan1("package main\n\nimport (\n\t\"github.com/gin-gonic/gin\"\n"
		  "\t\"github.com/labstack/echo/v4\"\n)\n\n"
		  "func main() {\n\tgo runAdmin(\"x\")\n\tr := gin.New()\n"
		  "\tr.GET(\"/api/orders\", orders)\n\tr.Run(\"127.0.0.1:7000\")\n}\n"
		  "func runAdmin(addr string) {\n\te := echo.New()\n"
		  "\te.GET(\"/admin/stats\", stats)\n\te.Start(addr)\n}\n");
	struct facts f;
	char *alt, *why;
	struct route_probe p[2];
	struct route_served_inputs in = {0};
	struct verdict v;

	(void)state;
	memset(&f, 0, sizeof f);
	f.scan = s;
	assert_int_equal(
	    facts_route_where(&f, route(s, "/api/orders"), "http://127.0.0.1:7000", &alt, &why),
	    WHERE_BASE);
	assert_int_equal(
	    facts_route_where(&f, route(s, "/admin/stats"), "http://127.0.0.1:7000", &alt, &why),
	    WHERE_SKIP);
	assert_non_null(strstr(why, "echo.Start(addr)"));

	/* the verdict: the skipped route is evidence, never a fail */
	memset(p, 0, sizeof p);
	p[0].method = p[1].method = "GET";
	p[0].path = "/api/orders";
	p[0].url = "http://127.0.0.1:7000/api/orders";
	p[0].status = 200;
	p[1].path = "/admin/stats";
	p[1].url = "http://127.0.0.1:7000/admin/stats";
	p[1].skipped = 1;
	p[1].elsewhere = why;
	in.scan = s;
	in.probes = p;
	in.nprobes = 2;
	verdict_init(&v);
	check_route_not_served(&in, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	verdict_free(&v);
	/* probed at --url for want of a place: its 404 is not judged */
	p[1].skipped = 0;
	p[1].status = 404;
	verdict_init(&v);
	check_route_not_served(&in, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	verdict_free(&v);
	/* without the note, the same 404 fails as before */
	p[1].elsewhere = NULL;
	verdict_init(&v);
	check_route_not_served(&in, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	verdict_free(&v);
	free(why);
	reposcan_free(s);
}

static void test_one_listener(void **state)
{
	struct reposcan *s = scan1("package main\n\nimport (\n\t\"flag\"\n\t\"net/http\"\n)\n\n"
				   "func main() {\n\taddr := flag.String(\"addr\", \":1\", \"\")\n"
				   "\tmux := http.NewServeMux()\n"
				   "\tmux.HandleFunc(\"/x\", ok)\n"
				   "\thttp.ListenAndServe(*addr, mux)\n}\n");
	struct facts f;
	char *alt, *why;

	(void)state;
	memset(&f, 0, sizeof f);
	f.scan = s;
	/* its only listener: whatever the flag says, --url reaches it */
	assert_int_equal(route(s, "/x")->served_by, 1);
	assert_int_equal(facts_route_where(&f, route(s, "/x"), "http://127.0.0.1:5000", &alt, &why),
			 WHERE_BASE);
	assert_null(alt);
	assert_null(why);
	reposcan_free(s);
}

/* A router no listen call of the source reaches (an embedded engine's
 * Run): probed at --url, but a 404 there proves nothing when --url's
 * listener belongs to a known listen call and the process listens on a
 * port the source does not explain; with no such port, --url as before. */
static const char unlinked_src[] =
    "package main\n\nimport \"github.com/gin-gonic/gin\"\n\n"
    "type app struct{ *gin.Engine }\n"
    "func (a *app) routes() { g := a.Group(\"/admin\"); g.GET(\"/stats\", ok) }\n"
    "func ok(c *gin.Context) {}\n"
    "func main() {\n"
    "\tr := gin.New()\n\tr.GET(\"/healthz\", ok)\n"
    "\ta := &app{Engine: gin.New()}\n\ta.routes()\n"
    "\tgo a.Run(\"127.0.0.1:18191\")\n"
    "\tr.Run(\"127.0.0.1:18190\")\n}\n";

static void test_unlinked_router(void **state)
{
	struct reposcan *s = scan1(unlinked_src);
	struct listener lv[2];
	struct listeners ls;
	struct target t;
	struct facts f;
	char *alt, *why;

	(void)state;
	memset(&f, 0, sizeof f);
	memset(&t, 0, sizeof t);
	memset(&ls, 0, sizeof ls);
	memset(lv, 0, sizeof lv);
	lv[0].port = 18190;
	lv[1].port = 18191;
	ls.v = lv;
	ls.n = 2;
	t.listeners = &ls;
	f.target = &t;
	f.scan = s;
	/* the group keeps its prefix */
	assert_int_equal(
	    facts_route_where(&f, route(s, "/admin/stats"), "http://127.0.0.1:18190", &alt, &why),
	    WHERE_UNSURE);
	assert_null(alt);
	assert_non_null(strstr(why, "1 port the source does not explain"));
	free(why);
	/* one listener only: --url as always, a 404 there counts */
	ls.n = 1;
	assert_int_equal(
	    facts_route_where(&f, route(s, "/admin/stats"), "http://127.0.0.1:18190", &alt, &why),
	    WHERE_BASE);
	assert_null(why);
	reposcan_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_admin_mux_via_helper),
	    cmocka_unit_test(test_two_routers),
	    cmocka_unit_test(test_one_listener),
	    cmocka_unit_test(test_unlinked_router),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
