/* Unit tests of collectors/repo/reposcan_evident.c through the scanner:
 * interface calls reaching only the methods of the types a variable
 * evidently holds, router method values stored in struct fields, handler
 * symbols through struct fields, gRPC service tables, local tables kept
 * apart, chi routers returned and mounted, and every prefix of a source
 * written in these idioms scanned without a fault (malformed input). */
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

static const char iface_src[] =
    "package main\n\nimport \"net/http\"\n\n"
    "type Module interface{ Register(mux *http.ServeMux, prefix string) }\n"
    "type orders struct{}\n"
    "func (orders) Register(mux *http.ServeMux, prefix string) {\n"
    "\tmux.HandleFunc(prefix+\"/orders\", listOrders)\n}\n"
    "type users struct{}\n"
    "func (u *users) Register(mux *http.ServeMux, prefix string) {\n"
    "\tmux.HandleFunc(prefix+\"/users\", listUsers)\n}\n"
    "func main() {\n"
    "\tmux := http.NewServeMux()\n"
    "\tvar admin Module = &users{}\n"
    "\tadmin.Register(mux, \"/admin\")\n"
    "\tfor _, m := range []Module{orders{}} {\n\t\t_ = m\n\t}\n"
    "\tmods := []Module{orders{}, &users{}}\n"
    "\tfor _, m := range mods {\n\t\tm.Register(mux, \"/api\")\n\t}\n"
    "}\n";

static void test_interface_types(void **state)
{
	struct reposcan *s = scan1(iface_src);

	assert_non_null(find(s, "/admin/users"));
	assert_non_null(find(s, "/api/orders"));
	assert_non_null(find(s, "/api/users"));
	/* admin evidently holds a *users: orders' Register is not reached */
	assert_null(find(s, "/admin/orders"));
	assert_int_equal(s->nunresolved, 0);
	assert_string_equal(find(s, "/admin/users")->handler_symbol, "main.listUsers");
	reposcan_free(s);
}

static const char field_src[] =
    "package main\n\nimport \"net/http\"\n\n"
    "type server struct {\n\tmux *http.ServeMux\n\thandle, add func(string, http.HandlerFunc)\n}\n"
    "type Handlers struct{ List http.HandlerFunc }\n"
    "func newServer() *server {\n"
    "\ts := &server{mux: http.NewServeMux()}\n"
    "\ts.handle = s.mux.HandleFunc\n\treturn s\n}\n"
    "func (s *server) routes() {\n\ts.handle(\"/orders\", s.list)\n}\n"
    "func api(mux *http.ServeMux) {\n"
    "\th := Handlers{List: listItems}\n\tmux.HandleFunc(\"/items\", h.List)\n}\n"
    "func lit() *server {\n\tm := http.NewServeMux()\n"
    "\treturn &server{mux: m, add: m.HandleFunc}\n}\n"
    "func (s *server) more() {\n\ts.add(\"/more\", moreH)\n}\n";

static void test_field_funcs(void **state)
{
	struct reposcan *s = scan1(field_src);
	const struct reposcan_route *r;

	assert_non_null(r = find(s, "/orders"));
	assert_string_equal(r->handler_symbol, "main.(*server).list");
	assert_non_null(r->via);
	assert_non_null(find(s, "/more"));
	assert_non_null(r = find(s, "/items"));
	assert_string_equal(r->handler_symbol, "main.listItems");
	reposcan_free(s);
}

static void test_grpc_tables(void **state)
{
	const char *paths[] = {"main.go", "pb/pb.go"};
	const char *texts[] = {
	    "package main\n\nimport (\n\t\"google.golang.org/grpc\"\n"
	    "\t\"example.com/svc/pb\"\n)\n\n"
	    "func reg(s *grpc.Server) {\n"
	    "\tfor _, d := range []struct {\n\t\tdesc *grpc.ServiceDesc\n\t\timpl any\n\t}{\n"
	    "\t\t{&pb.A_ServiceDesc, nil},\n\t} {\n\t\t_ = d\n\t}\n"
	    "\tsvcs := []struct {\n\t\tdesc *grpc.ServiceDesc\n\t\timpl any\n\t}{\n"
	    "\t\t{&pb.A_ServiceDesc, nil},\n\t\t{desc: &pb.B_ServiceDesc},\n\t}\n"
	    "\tfor _, d := range svcs {\n\t\ts.RegisterService(d.desc, d.impl)\n\t}\n}\n"
	    "func one(s *grpc.Server, d *grpc.ServiceDesc) { s.RegisterService(d, nil) }\n"
	    "func main() {\n\ts := grpc.NewServer()\n\treg(s)\n"
	    "\tone(s, &pb.C_ServiceDesc)\n}\n",
	    "package pb\n\nimport \"google.golang.org/grpc\"\n\n"
	    "var A_ServiceDesc = grpc.ServiceDesc{ServiceName: \"x.v1.A\"}\n"
	    "var B_ServiceDesc = grpc.ServiceDesc{ServiceName: \"x.v1.B\"}\n"};
	struct reposcan *s = scan_n(paths, texts, 2);
	int a = 0, b = 0, c = 0;

	for (size_t i = 0; i < s->ngrpcs; i++) {
		a += strcmp(s->grpcs[i].service, "x.v1.A") == 0;
		b += strcmp(s->grpcs[i].service, "x.v1.B") == 0;
		c += strcmp(s->grpcs[i].service, "C") == 0; /* not in the repo: short name */
	}
	assert_int_equal(a, 1);
	assert_int_equal(b, 1);
	assert_int_equal(c, 1);
	assert_int_equal(s->ngrpcs, 3);
	reposcan_free(s);
}

static void test_local_tables_apart(void **state)
{
	struct reposcan *s =
	    scan1("package main\n\nimport \"net/http\"\n\n"
		  "func a(mux *http.ServeMux) {\n"
		  "\troutes := []struct{ path string }{{\"/served\"}}\n"
		  "\tfor _, r := range routes {\n\t\tmux.HandleFunc(r.path, h)\n\t}\n}\n"
		  "func b() {\n"
		  "\troutes := []struct{ path string }{{\"/only/requested\"}}\n"
		  "\tfor _, r := range routes {\n\t\thttp.Get(r.path)\n\t}\n}\n");

	assert_non_null(find(s, "/served"));
	assert_null(find(s, "/only/requested"));
	assert_int_equal(s->nroutes, 1);
	reposcan_free(s);
}

static const char chi_src[] =
    "package main\n\nimport (\n\t\"net/http\"\n\t\"github.com/go-chi/chi/v5\"\n)\n\n"
    "type Orders struct{}\n"
    "func (o *Orders) Routes() chi.Router {\n"
    "\tr := chi.NewRouter()\n\tr.Get(\"/{id}\", o.get)\n\treturn r\n}\n"
    "type Users struct{}\n"
    "func (u *Users) Routes(r chi.Router) {\n\tr.Get(\"/\", u.list)\n}\n"
    "func main() {\n\tr := chi.NewRouter()\n"
    "\tr.Get(\"/healthz\", health)\n"
    "\tr.Mount(\"/orders\", (&Orders{}).Routes())\n"
    "\tusers := &Users{}\n\tr.Route(\"/users\", users.Routes)\n"
    "\tr.Group(func(r chi.Router) {\n\t\tr.Use(auth)\n\t\tr.Get(\"/me\", me)\n\t})\n"
    "\thttp.ListenAndServe(\":8080\", r)\n}\n";

static void test_chi_returned(void **state)
{
	struct reposcan *s = scan1(chi_src);

	assert_non_null(find(s, "/users/"));
	assert_non_null(find(s, "/orders/{id}")); /* the returned router, where it is mounted */
	assert_null(find(s, "/{id}"));
	assert_null(find(s, "/"));
	assert_int_equal(s->nmws, 1);
	assert_int_equal(s->mws[0].after_routes, 0); /* the Group's r is another router */
	reposcan_free(s);
}

static void test_strip_prefix(void **state)
{
	struct reposcan *s =
	    scan1("package main\n\nimport \"net/http\"\n\n"
		  "func v1() http.Handler {\n\tm := http.NewServeMux()\n"
		  "\tm.HandleFunc(\"/orders\", orders)\n\treturn m\n}\n"
		  "func main() {\n\tadmin := http.NewServeMux()\n"
		  "\tadmin.HandleFunc(\"/stats\", stats)\n\troot := http.NewServeMux()\n"
		  "\troot.Handle(\"/admin/\", http.StripPrefix(\"/admin\", admin))\n"
		  "\troot.Handle(\"/api/v1/\", http.StripPrefix(\"/api/v1\", v1()))\n}\n");
	const struct reposcan_route *r;

	assert_non_null(find(s, "/admin/stats"));
	assert_non_null(find(s, "/api/v1/orders"));
	assert_null(find(s, "/orders"));
	assert_non_null(r = find(s, "/admin/"));
	assert_true(r->mount); /* its own 404 is not judged */
	reposcan_free(s);
}

/* Prefixes and addresses in fields of the receiver: completed by the
 * literal or constructor the method is called on; a field nobody sets
 * never yields the path without its prefix. */
static const char recv_src[] =
    "package main\n\nimport \"net/http\"\n\n"
    "type server struct {\n\tmux *http.ServeMux\n\tbase, addr string\n}\n"
    "func newServer(base string) *server {\n"
    "\treturn &server{mux: http.NewServeMux(), base: base, addr: \":8081\"}\n}\n"
    "func (s *server) routes() {\n\ts.add(\"/orders\", nil)\n}\n"
    "func (s *server) add(p string, h http.HandlerFunc) {\n"
    "\thttp.HandleFunc(s.base+p, h)\n}\n"
    "func (s *server) serve() { http.ListenAndServe(s.addr, nil) }\n"
    "type bare struct{ prefix string }\n"
    "func (b *bare) routes() { http.HandleFunc(b.prefix+\"/x\", nil) }\n"
    "func main() {\n\ts := newServer(\"/v1\")\n\ts.routes()\n\ts.serve()\n"
    "\tt := &server{base: \"/v2\"}\n\tt.routes()\n"
    "\tb := &bare{}\n\tb.routes()\n}\n";

static void test_receiver_fields(void **state)
{
	struct reposcan *s = scan1(recv_src);
	const struct reposcan_route *r;
	int addr = 0;

	assert_non_null(r = find(s, "/v1/orders"));
	assert_non_null(r->via);
	assert_non_null(find(s, "/v2/orders"));
	assert_null(find(s, "/orders"));
	assert_null(find(s, "/x")); /* b.prefix is never set: not a route */
	for (size_t i = 0; i < s->nlistens; i++)
		addr |= s->listens[i].addr != NULL && strcmp(s->listens[i].addr, ":8081") == 0;
	assert_true(addr);
	reposcan_free(s);
}

/* Every prefix of the sources above: truncated literals, unbalanced
 * brackets, a definition cut before its value. */
static void test_truncated(void **state)
{
	const char *srcs[] = {iface_src, field_src, chi_src, recv_src};

	for (size_t k = 0; k < sizeof srcs / sizeof srcs[0]; k++) {
		size_t n = strlen(srcs[k]);

		for (size_t len = 0; len <= n; len += 3) {
			char *t = xmalloc(len + 1);
			struct reposcan *s;

			memcpy(t, srcs[k], len);
			t[len] = '\0';
			s = scan1(t);
			for (size_t i = 0; i < s->nroutes; i++)
				assert_true(s->routes[i].path == NULL ||
					    s->routes[i].path[0] == '/');
			reposcan_free(s);
			free(t);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_interface_types), cmocka_unit_test(test_field_funcs),
	    cmocka_unit_test(test_grpc_tables),	    cmocka_unit_test(test_local_tables_apart),
	    cmocka_unit_test(test_chi_returned),    cmocka_unit_test(test_strip_prefix),
	    cmocka_unit_test(test_truncated),	    cmocka_unit_test(test_receiver_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
