/* Unit tests of collectors/repo/reposcan_fieldset.c through the scanner:
 * package-level config structs of another file (cfg.Addr, cfg.Prefix,
 * nested fields), a field overwritten at run time or a shadowing local
 * never taking the literal's value, receiver fields set by x.k = v after
 * construction and in a constructor's statements (unknown when set under
 * an if), Use inside a callee after routes the caller put on the router,
 * and every prefix of these sources scanned without a fault. */
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

static const struct reposcan_listen *listen_at(const struct reposcan *s, int line)
{
	for (size_t i = 0; i < s->nlistens; i++)
		if (s->listens[i].at.line == line)
			return &s->listens[i];
	return NULL;
}

static const char cfg_src[] = "package main\n\nimport \"os\"\n\n"
			      "type Config struct{ Addr, Metrics, Prefix string; In In }\n"
			      "type In struct{ Prefix string }\n"
			      "const v1 = \"/v1\"\n"
			      "var cfg = &Config{\n"
			      "\tAddr: \"127.0.0.1:9000\", Metrics: \"127.0.0.1:9001\",\n"
			      "\tPrefix: \"/api\" + v1, In: In{Prefix: \"/in\"},\n}\n"
			      "func init() { cfg.Metrics = os.Getenv(\"M\") }\n";

static const char cfg_main[] = "package main\n\nimport \"net/http\"\n\n"
			       "func main() {\n"				   /* 5 */
			       "\tmux := http.NewServeMux()\n"			   /* 6 */
			       "\tmux.HandleFunc(cfg.Prefix+\"/orders\", nil)\n"   /* 7 */
			       "\tmux.HandleFunc(cfg.In.Prefix+\"/stats\", nil)\n" /* 8 */
			       "\tgo http.ListenAndServe(cfg.Metrics, nil)\n"	   /* 9 */
			       "\thttp.ListenAndServe(cfg.Addr, mux)\n}\n"	   /* 10 */
			       "func other() {\n"				   /* 12 */
			       "\tcfg := load()\n"				   /* 13 */
			       "\thttp.HandleFunc(cfg.Prefix+\"/old\", nil)\n}\n"  /* 14 */
			       "func load() *Config { return nil }\n";

static void test_config_struct(void **state)
{
	const char *paths[] = {"config.go", "main.go"}, *texts[] = {cfg_src, cfg_main};
	struct reposcan *s = scan_n(paths, texts, 2);
	const struct reposcan_listen *l;

	assert_non_null(find(s, "/api/v1/orders"));
	assert_non_null(find(s, "/in/stats"));
	/* the local cfg is not the package variable */
	assert_null(find(s, "/api/v1/old"));
	assert_int_equal(s->nunresolved, 1);
	assert_int_equal(s->unresolved[0].at.line, 14);
	l = listen_at(s, 10);
	assert_non_null(l);
	assert_non_null(l->addr);
	assert_string_equal(l->addr, "127.0.0.1:9000");
	/* init overwrites Metrics: never the literal's 127.0.0.1:9001 */
	l = listen_at(s, 9);
	assert_non_null(l);
	assert_null(l->addr);
	reposcan_free(s);
}

static const char set_src[] = "package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n)\n\n"
			      "type S struct{ mux *http.ServeMux; prefix string }\n"
			      "func NewS(m *http.ServeMux, p string) *S {\n"
			      "\ts := new(S)\n\ts.mux = m\n\ts.prefix = p\n\treturn s\n}\n"
			      "func (s *S) routes() { s.mux.HandleFunc(s.prefix+\"/x\", nil) }\n"
			      "func main() {\n"
			      "\tmux := http.NewServeMux()\n"
			      "\ta := &S{}\n\ta.mux = mux\n\ta.prefix = \"/a\"\n\ta.routes()\n"
			      "\tb := NewS(mux, \"/b\")\n\tb.routes()\n"
			      "\tc := &S{mux: mux, prefix: \"/c\"}\n"
			      "\tif os.Getenv(\"C\") != \"\" {\n\t\tc.prefix = \"/debug\"\n\t}\n"
			      "\tc.routes()\n}\n";

static void test_setters(void **state)
{
	const char *p = "main.go", *t = set_src;
	struct reposcan *s = scan_n(&p, &t, 1);

	assert_non_null(find(s, "/a/x"));
	assert_non_null(find(s, "/b/x"));
	/* set under an if: neither the literal's value nor a guess */
	assert_null(find(s, "/c/x"));
	assert_null(find(s, "/debug/x"));
	assert_null(find(s, "/x"));
	reposcan_free(s);
}

static const char mw_src[] = "package main\n\nimport (\n\t\"net/http\"\n\n"
			     "\t\"github.com/go-chi/chi/v5\"\n)\n\n"
			     "func auth(r chi.Router) { r.Use(mw) }\n" /* 9 */
			     "func orders(r chi.Router) { r.Get(\"/orders\", h) }\n"
			     "func fresh(r chi.Router) { r.Use(mw) }\n" /* 11 */
			     "func main() {\n"
			     "\tr := chi.NewRouter()\n"
			     "\torders(r)\n" /* 14 */
			     "\tauth(r)\n"
			     "\tq := chi.NewRouter()\n"
			     "\tfresh(q)\n"
			     "\tq.Get(\"/ready\", h)\n"
			     "}\n"
			     "func h(w http.ResponseWriter, r *http.Request) {}\n"
			     "func mw(n http.Handler) http.Handler { return n }\n";

static void test_use_in_callee(void **state)
{
	const char *p = "main.go", *t = mw_src;
	struct reposcan *s = scan_n(&p, &t, 1);
	int seen = 0;

	for (size_t i = 0; i < s->nmws; i++) {
		const struct reposcan_middleware *m = &s->mws[i];

		if (m->at.line == 9) {
			assert_true(m->after_routes);
			assert_int_equal(m->first_route_line, 14);
			assert_int_equal(m->effect, RS_MW_PANICS);
			seen++;
		} else if (m->at.line == 11) {
			assert_false(m->after_routes);
			seen++;
		}
	}
	assert_int_equal(seen, 2);
	reposcan_free(s);
}

static const char grp_main[] = "package main\n\nimport \"github.com/gin-gonic/gin\"\n\n"
			       "func main() {\n"
			       "\tg := gin.New()\n"
			       "\tapi := g.Group(cfg.Prefix)\n"
			       "\tapi.GET(\"/orders\", h)\n"
			       "\tbad := g.Group(cfg.Nope)\n"
			       "\tbad.GET(\"/bad\", h)\n"
			       "\tg.Run(cfg.Addr)\n}\n"
			       "func h(c *gin.Context) {}\n";

static void test_group_prefix(void **state)
{
	const char *paths[] = {"config.go", "main.go"}, *texts[] = {cfg_src, grp_main};
	struct reposcan *s = scan_n(paths, texts, 2);

	assert_non_null(find(s, "/api/v1/orders"));
	assert_null(find(s, "/orders"));
	/* a prefix the scan cannot know: unresolved, never the bare path */
	assert_null(find(s, "/bad"));
	assert_int_equal(s->nunresolved, 1);
	assert_int_equal(s->unresolved[0].at.line, 10);
	reposcan_free(s);
}

/* Malformed input: every prefix of each source scans without a fault and
 * never yields a route that is not a path. */
static void test_truncated(void **state)
{
	const char *srcs[] = {cfg_src, cfg_main, set_src, mw_src};

	for (size_t k = 0; k < sizeof srcs / sizeof srcs[0]; k++) {
		size_t n = strlen(srcs[k]);

		for (size_t len = 0; len <= n; len += 2) {
			char *t = xmalloc(len + 1);
			const char *paths[] = {"config.go", "main.go"}, *texts[] = {cfg_src, t};
			struct reposcan *s;

			memcpy(t, srcs[k], len);
			t[len] = '\0';
			s = scan_n(paths, texts, 2);
			for (size_t i = 0; i < s->nroutes; i++)
				assert_true(s->routes[i].path == NULL ||
					    s->routes[i].path[0] == '/');
			reposcan_free(s);
			free(t);
		}
	}
}

/* Router fields assigned under if/switch/for or in a func literal: an
 * unresolved entry naming the construct and the line, never a guessed
 * prefix; the field's family from the struct's declared type, which is in
 * another file with its own imports. */
static void test_conditional_router_fields(void **state)
{
	const char *paths[] = {"types.go", "main.go"};
	const char *texts[] = {"package main\n\nimport \"github.com/gin-gonic/gin\"\n\n"
			       "type server struct {\n\tr   *gin.Engine\n\tapi *gin.RouterGroup\n"
			       "\tops *gin.RouterGroup\n\tfix *gin.RouterGroup\n}\n",
			       "package main\n\nimport \"os\"\n\n"
			       "func run(s *server) {\n" /* line 5 */
			       "\tif os.Getenv(\"V2\") != \"\" {\n"
			       "\t\ts.api = s.r.Group(\"/api/v2\")\n" /* line 7 */
			       "\t}\n"
			       "\tfor i := 0; i < 1; i++ {\n"
			       "\t\ts.ops = s.r.Group(\"/ops\")\n" /* line 10 */
			       "\t}\n"
			       "\ts.fix = s.r.Group(\"/fix\")\n"
			       "\ts.routes()\n" /* line 13 */
			       "}\n\n"
			       "func (s *server) routes() {\n"
			       "\ts.api.GET(\"/orders\", h)\n"
			       "\ts.ops.GET(\"/queue\", h)\n"
			       "\ts.fix.GET(\"/health\", h)\n"
			       "}\n"};
	struct reposcan *s = scan_n(paths, texts, 2);
	int api = 0, ops = 0;

	(void)state;
	for (size_t i = 0; i < s->nroutes; i++) {
		const char *p = s->routes[i].full_path ? s->routes[i].full_path : s->routes[i].path;

		assert_null(strstr(p, "/orders")); /* never /api/v2/orders or /orders */
		assert_null(strstr(p, "/queue"));
	}
	for (size_t i = 0; i < s->nunresolved; i++) {
		const struct reposcan_unresolved *u = &s->unresolved[i];

		assert_int_equal(u->at.line, 13);
		if (strstr(u->why, "s.api is assigned under an if at main.go:7") != NULL)
			api++;
		if (strstr(u->why, "s.ops is assigned in a loop at main.go:10") != NULL)
			ops++;
	}
	assert_int_equal(api, 1);
	assert_int_equal(ops, 1);
	reposcan_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_config_struct), cmocka_unit_test(test_setters),
	    cmocka_unit_test(test_use_in_callee), cmocka_unit_test(test_group_prefix),
	    cmocka_unit_test(test_truncated),	  cmocka_unit_test(test_conditional_router_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
