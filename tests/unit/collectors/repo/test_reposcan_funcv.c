/* Unit tests of collectors/repo/reposcan_funcv.c through the scanner:
 * router methods passed to helpers as function values (net/http, chi,
 * echo; a parameter type written as a func type or a named type; handed
 * on through a second helper; held in a variable first; the router a
 * group or a router parameter), the method and argument layout taken from
 * the method passed, nothing from a function value that is not a router
 * method, an unresolved entry (never a guessed path) for a path the scan
 * cannot know, and every prefix of such a source scanned without a fault
 * (malformed input). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/repo/reposcan.h"

static struct reposcan *scan_n(const char *const *paths, const char *const *texts, size_t n)
{
	struct buildconstraint_ctx c;
	struct reposcan *s;

	buildconstraint_ctx_init(&c, "linux", "amd64", 19);
	s = reposcan_new(NULL, &c);
	s->module = xstrdup("example.com/svc");
	for (size_t i = 0; i < n; i++)
		reposcan_source(s, paths[i], texts[i], strlen(texts[i]));
	reposcan_finish(s);
	buildconstraint_ctx_free(&c);
	return s;
}

static struct reposcan *scan1(const char *text)
{
	const char *p = "main.go";

	return scan_n(&p, &text, 1);
}

static const struct reposcan_route *find_m(const struct reposcan *s, const char *method,
					   const char *path)
{
	for (size_t i = 0; i < s->nroutes; i++) {
		const struct reposcan_route *r = &s->routes[i];
		const char *p = r->full_path != NULL ? r->full_path : r->path;

		if (p != NULL && strcmp(p, path) == 0 && strcmp(r->method, method) == 0)
			return r;
	}
	return NULL;
}

static const char nethttp_src[] =
    "package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n)\n\n"
    "type regFunc func(string, func(http.ResponseWriter, *http.Request))\n"
    "func register(add regFunc, path string, h http.HandlerFunc) {\n\tadd(path, h)\n}\n"
    "func all(add func(string, func(http.ResponseWriter, *http.Request)), prefix string) {\n"
    "\tadd(prefix+\"/status\", ok)\n\tregister(add, prefix+\"/version\", ok)\n}\n"
    "func logTo(logf func(string, ...interface{}), p string) {\n\tlogf(p, 1)\n}\n"
    "func main() {\n\tmux := http.NewServeMux()\n"
    "\tregister(mux.HandleFunc, \"/x\", ok)\n"
    "\tall(mux.HandleFunc, \"/meta\")\n"
    "\treg := mux.HandleFunc\n\tregister(reg, \"/held\", ok)\n"
    "\tregister(http.HandleFunc, \"/default\", ok)\n"
    "\tlogTo(nil, \"/not-a-route\")\n"
    "\tregister(mux.HandleFunc, os.Getenv(\"P\"), ok)\n}\n"
    "func ok(w http.ResponseWriter, r *http.Request) {}\n";

static void test_nethttp(void **state)
{
	struct reposcan *s = scan1(nethttp_src);
	const struct reposcan_route *r;

	assert_non_null(r = find_m(s, "", "/x"));
	assert_string_equal(r->handler_symbol, "main.ok");
	assert_int_equal(r->family, RS_NETHTTP);
	assert_non_null(r->via);
	assert_non_null(strstr(r->via, "mux.HandleFunc"));
	assert_non_null(find_m(s, "", "/meta/status"));
	/* handed on: all -> register -> add */
	assert_non_null(find_m(s, "", "/meta/version"));
	assert_non_null(find_m(s, "", "/held"));
	assert_non_null(find_m(s, "", "/default"));
	assert_null(find_m(s, "", "/not-a-route"));
	/* the environment's path: unresolved, never a route named after it */
	assert_int_equal(s->nunresolved, 1);
	assert_string_equal(s->unresolved[0].expr, "os.Getenv(\"P\")");
	assert_int_equal(s->nroutes, 5);
	reposcan_free(s);
}

static const char chi_src[] =
    "package main\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/go-chi/chi/v5\"\n)\n\n"
    "func register(add func(string, http.HandlerFunc), p string) {\n\tadd(p, ok)\n}\n"
    "func withMethod(add func(m, p string, h http.HandlerFunc), p string) {\n"
    "\tadd(\"PUT\", p, ok)\n}\n"
    "func routes(r chi.Router) {\n\tregister(r.Post, \"/posted\")\n"
    "\tdel := r.Delete\n\tregister(del, \"/deleted\")\n}\n"
    "func main() {\n\tr := chi.NewRouter()\n\tregister(r.Get, \"/x\")\n"
    "\twithMethod(r.MethodFunc, \"/put\")\n\tr.Route(\"/api\", routes)\n}\n"
    "func ok(w http.ResponseWriter, r *http.Request) {}\n";

static void test_chi(void **state)
{
	struct reposcan *s = scan1(chi_src);

	assert_non_null(find_m(s, "GET", "/x"));
	assert_null(find_m(s, "", "/x"));
	assert_non_null(find_m(s, "PUT", "/put"));
	/* a router parameter's method: the prefix comes from r.Route */
	assert_non_null(find_m(s, "POST", "/api/posted"));
	assert_non_null(find_m(s, "DELETE", "/api/deleted"));
	assert_int_equal(find_m(s, "GET", "/x")->family, RS_CHI);
	assert_int_equal(s->nunresolved, 0);
	reposcan_free(s);
}

static const char echo_src[] =
    "package main\n\nimport \"github.com/labstack/echo/v4\"\n\n"
    "type verb func(string, echo.HandlerFunc, ...echo.MiddlewareFunc) *echo.Route\n"
    "func mount(v verb, p string) {\n\tv(p, list, auth)\n}\n"
    "func main() {\n\te := echo.New()\n\tapi := e.Group(\"/api\")\n"
    "\tmount(api.GET, \"/users\")\n\tmount(e.POST, \"/events\")\n}\n"
    "func list(c echo.Context) error { return nil }\n"
    "func auth(next echo.HandlerFunc) echo.HandlerFunc { return next }\n";

static void test_echo(void **state)
{
	struct reposcan *s = scan1(echo_src);
	const struct reposcan_route *r;

	assert_non_null(r = find_m(s, "GET", "/api/users"));
	/* echo's handler follows the path; later arguments are middleware */
	assert_string_equal(r->handler_symbol, "main.list");
	assert_non_null(find_m(s, "POST", "/events"));
	reposcan_free(s);
}

/* Every prefix of the sources: no crash, no route named after a variable. */
static void test_truncated(void **state)
{
	const char *const srcs[] = {nethttp_src, chi_src, echo_src};

	for (size_t k = 0; k < 3; k++) {
		size_t n = strlen(srcs[k]);

		for (size_t i = 0; i <= n; i += 3) {
			char *cut = malloc(i + 1);
			const char *p = "main.go";
			struct reposcan *s;

			memcpy(cut, srcs[k], i);
			cut[i] = '\0';
			s = scan_n(&p, (const char *const *)&cut, 1);
			for (size_t j = 0; j < s->nroutes; j++) {
				const char *rp = s->routes[j].full_path != NULL
						     ? s->routes[j].full_path
						     : s->routes[j].path;

				assert_true(rp == NULL || rp[0] == '/');
			}
			reposcan_free(s);
			free(cut);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nethttp),
	    cmocka_unit_test(test_chi),
	    cmocka_unit_test(test_echo),
	    cmocka_unit_test(test_truncated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
