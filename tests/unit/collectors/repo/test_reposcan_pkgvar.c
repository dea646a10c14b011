/* Unit tests of collectors/repo/reposcan_pkgvar.c through the scanner:
 * routers in package-level variables declared (with a type or a value) or
 * assigned in another file of the same package: the family and the
 * group's prefix reach the routes of routes.go (chi, gin, echo, net/http,
 * a var block, a group of a group); a prefix that cannot be known (a
 * group from a function's result, two different assignments) makes the
 * route unresolved rather than a path without its prefix; another
 * package's variable of the same name is not taken; every prefix of the
 * sources scanned without a fault (malformed input). */
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

static const char routes_go[] =
    "package main\n\nimport \"net/http\"\n\n"
    "func routes() {\n\trouter.Get(\"/a\", ok)\n\ttyped.Post(\"/t\", ok)\n"
    "\te.GET(\"/e\", eok)\n\tapi.GET(\"/g\", eok)\n\tv2.GET(\"/h\", eok)\n"
    "\tg.GET(\"/gin\", gok)\n\tmux.HandleFunc(\"/m\", ok)\n}\n"
    "func ok(w http.ResponseWriter, r *http.Request) {}\n";
static const char vars_go[] =
    "package main\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/gin-gonic/gin\"\n"
    "\t\"github.com/go-chi/chi/v5\"\n\t\"github.com/labstack/echo/v4\"\n)\n\n"
    "var (\n\trouter *chi.Mux\n\te      = echo.New()\n\tapi, v2 *echo.Group\n)\n\n"
    "var typed chi.Router = chi.NewRouter()\nvar g *gin.Engine\nvar mux *http.ServeMux\n";
static const char main_go[] =
    "package main\n\nimport (\n\t\"github.com/gin-gonic/gin\"\n"
    "\t\"github.com/go-chi/chi/v5\"\n)\n\n"
    "func main() {\n\trouter = chi.NewRouter()\n\tapi = e.Group(\"/api\")\n"
    "\tv2 = api.Group(\"/v2\")\n\tg = gin.New()\n\troutes()\n}\n";

static const struct reposcan_route *find(const struct reposcan *s, const char *path)
{
	for (size_t i = 0; i < s->nroutes; i++) {
		const struct reposcan_route *r = &s->routes[i];
		const char *p = r->full_path != NULL ? r->full_path : r->path;

		if (p != NULL && strcmp(p, path) == 0)
			return r;
	}
	return NULL;
}

static void test_other_file(void **state)
{
	const char *paths[] = {"routes.go", "vars.go", "main.go"};
	const char *texts[] = {routes_go, vars_go, main_go};
	struct reposcan *s = scan_n(paths, texts, 3);
	const struct reposcan_route *r;

	assert_non_null(r = find(s, "/a"));
	assert_int_equal(r->family, RS_CHI);
	assert_false(r->family_guessed);
	assert_int_equal(find(s, "/t")->family, RS_CHI);
	assert_int_equal(find(s, "/e")->family, RS_ECHO);
	assert_non_null(r = find(s, "/api/g"));
	assert_int_equal(r->family, RS_ECHO);
	assert_null(find(s, "/g"));
	/* a group of a group, both package variables */
	assert_non_null(find(s, "/api/v2/h"));
	assert_int_equal(find(s, "/gin")->family, RS_GIN);
	/* a root type declared only: its prefix is "" */
	assert_int_equal(find(s, "/m")->family, RS_NETHTTP);
	assert_false(find(s, "/m")->family_guessed);
	assert_int_equal(s->nunresolved, 0);
	reposcan_free(s);
}

static const char main_unknown_go[] =
    "package main\n\nimport \"github.com/labstack/echo/v4\"\n\n"
    "func group(e *echo.Echo) *echo.Group { return e.Group(\"/x\") }\n"
    "func main() {\n\tapi = group(e)\n\tv2 = e.Group(\"/one\")\n\troutes()\n}\n"
    "func other() {\n\tv2 = e.Group(\"/two\")\n}\n";

static void test_unknown_prefix(void **state)
{
	const char *paths[] = {"routes.go", "vars.go", "main.go"};
	const char *texts[] = {routes_go, vars_go, main_unknown_go};
	struct reposcan *s = scan_n(paths, texts, 3);
	int g = 0, h = 0;

	/* api from a function's result, v2 given two prefixes: unresolved */
	assert_null(find(s, "/g"));
	assert_null(find(s, "/h"));
	assert_null(find(s, "/one/h"));
	for (size_t i = 0; i < s->nunresolved; i++) {
		g += strcmp(s->unresolved[i].expr, "\"/g\"") == 0;
		h += strcmp(s->unresolved[i].expr, "\"/h\"") == 0;
		assert_non_null(strstr(s->unresolved[i].why, "package variable"));
	}
	assert_int_equal(g, 1);
	assert_int_equal(h, 1);
	assert_non_null(find(s, "/e"));
	reposcan_free(s);
}

static void test_other_package(void **state)
{
	/* the same name in another package's vars: not this router */
	const char other_vars[] =
	    "package admin\n\nimport \"github.com/labstack/echo/v4\"\n\n"
	    "var api *echo.Group\n\nfunc init() { api = e.Group(\"/admin\") }\n";
	const char *paths[] = {"routes.go", "admin/vars.go"};
	const char *texts[] = {routes_go, other_vars};
	struct reposcan *s = scan_n(paths, texts, 2);
	const struct reposcan_route *r = find(s, "/g");

	assert_null(find(s, "/admin/g"));
	assert_non_null(r);
	assert_true(r->family_guessed);
	reposcan_free(s);
}

static void test_truncated(void **state)
{
	const char *const srcs[] = {routes_go, vars_go, main_go, main_unknown_go};

	for (size_t k = 0; k < 4; k++) {
		size_t n = strlen(srcs[k]);

		for (size_t i = 0; i <= n; i += 3) {
			char *cut = malloc(i + 1);
			const char *paths[] = {"routes.go", "vars.go", "main.go"};
			const char *texts[3] = {routes_go, vars_go, main_go};
			struct reposcan *s;

			memcpy(cut, srcs[k], i);
			cut[i] = '\0';
			texts[k < 3 ? k : 2] = cut;
			s = scan_n(paths, texts, 3);
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
	    cmocka_unit_test(test_other_file),
	    cmocka_unit_test(test_unknown_prefix),
	    cmocka_unit_test(test_other_package),
	    cmocka_unit_test(test_truncated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
