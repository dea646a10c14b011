/* Unit tests: the repo scanner's recognisers on in-memory sources (no
 * file system), then the walk itself on a temporary tree. Closure and init
 * names were checked against `go tool nm` of a Go 1.19 build (tests/it/
 * scan.sh repeats that check live). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collectors/repo/reposcan.h"

struct src {
	const char *path, *text;
};

static struct reposcan *scan_n(const struct src *v, size_t n, const char *tags)
{
	struct buildconstraint_ctx c;
	struct reposcan *s;

	buildconstraint_ctx_init(&c, "linux", "amd64", 19);
	if (tags != NULL)
		buildconstraint_ctx_add_tags(&c, tags);
	s = reposcan_new(NULL, &c);
	s->module = xstrdup("example.com/svc");
	for (size_t i = 0; i < n; i++)
		reposcan_source(s, v[i].path, v[i].text, strlen(v[i].text));
	reposcan_finish(s);
	buildconstraint_ctx_free(&c);
	return s;
}

static struct reposcan *scan1(const char *path, const char *text)
{
	struct src v = {path, text};

	return scan_n(&v, 1, NULL);
}

static const struct reposcan_route *route(const struct reposcan *s, const char *method,
					  const char *path)
{
	for (size_t i = 0; i < s->nroutes; i++) {
		const struct reposcan_route *r = &s->routes[i];
		const char *p = r->full_path != NULL ? r->full_path : r->path;

		if (p != NULL && strcmp(p, path) == 0 && strcmp(r->method, method) == 0)
			return r;
	}
	print_error("no route %s %s among %zu\n", method, path, s->nroutes);
	for (size_t i = 0; i < s->nroutes; i++)
		print_error("  have [%s] [%s] full [%s]\n", s->routes[i].method,
			    s->routes[i].path ? s->routes[i].path : "(null)",
			    s->routes[i].full_path ? s->routes[i].full_path : "(null)");
	fail();
	return NULL;
}

static void test_nethttp(void **state)
{
	struct reposcan *s = scan1(
	    "main.go",
	    "package main\n\nimport (\n\t\"net/http\"\n\tapi \"example.com/svc/api\"\n)\n\n"
	    "type Server struct{}\n\n"
	    "func (s *Server) routes() {\n"
	    "\tmux := http.NewServeMux()\n"
	    "\tmux.HandleFunc(\"GET /items/{id}\", s.getItem)\n"
	    "\tmux.Handle(\"example.com/static/\", http.FileServer(nil))\n"
	    "\thttp.HandleFunc(\"/healthz\", func(w http.ResponseWriter, r *http.Request) {})\n"
	    "\thttp.Handle(\"/api\", http.HandlerFunc(api.Serve))\n"
	    "\thttp.HandleFunc(\"/plain\", plain)\n"
	    "}\n\nfunc plain(w http.ResponseWriter, r *http.Request) {}\n");
	const struct reposcan_route *r;

	(void)state;
	assert_int_equal(s->nroutes, 5);
	r = route(s, "GET", "/items/{id}");
	assert_int_equal(r->family, RS_NETHTTP);
	assert_false(r->family_guessed);
	assert_true(r->go122);
	assert_string_equal(r->router, "mux");
	assert_string_equal(r->handler, "s.getItem");
	assert_string_equal(r->handler_symbol, "main.(*Server).getItem");
	assert_string_equal(r->at.func, "(*Server).routes");
	assert_string_equal(r->at.symbol, "main.(*Server).routes");
	assert_int_equal(r->at.line, 12);
	r = route(s, "", "/static/");
	assert_string_equal(r->host, "example.com");
	r = route(s, "", "/healthz");
	assert_string_equal(r->handler_symbol, "main.(*Server).routes.func1");
	r = route(s, "", "/api");
	assert_string_equal(r->handler_symbol, "example.com/svc/api.Serve");
	r = route(s, "", "/plain");
	assert_string_equal(r->handler_symbol, "main.plain");
	assert_false(r->go122);
	reposcan_free(s);
}

static void test_gin_echo(void **state)
{
	struct reposcan *s =
	    scan1("api/gin.go",
		  "package api\n\nimport "
		  "(\n\t\"github.com/gin-gonic/gin\"\n\t\"github.com/labstack/echo/v4\"\n)\n\n"
		  "func ginRoutes() {\n"
		  "\tr := gin.Default()\n"
		  "\tr.GET(\"/ping\", ping)\n"
		  "\tv1 := r.Group(\"/v1\")\n"
		  "\tv1.POST(\"/login\", auth(), login)\n"
		  "\tr.Group(\"/v2\").PUT(\"/x\", x)\n"
		  "\tr.Any(\"/any\", anyH)\n"
		  "\tr.Handle(\"PATCH\", \"/h\", h)\n"
		  "\tr.Use(trace())\n"
		  "}\n\n"
		  "func echoRoutes() {\n"
		  "\te := echo.New()\n"
		  "\te.GET(\"/e\", eh, mw)\n"
		  "\tg := e.Group(\"/admin\")\n"
		  "\tg.DELETE(\"/u\", del)\n"
		  "\tg.Use(adminOnly)\n"
		  "\te.Use(logger)\n"
		  "}\n");
	const struct reposcan_route *r;

	(void)state;
	r = route(s, "GET", "/ping");
	assert_int_equal(r->family, RS_GIN);
	r = route(s, "POST", "/v1/login");
	assert_string_equal(r->handler, "login"); /* gin: the last handler */
	route(s, "PUT", "/v2/x");
	route(s, "", "/any");
	route(s, "PATCH", "/h");
	r = route(s, "GET", "/e");
	assert_int_equal(r->family, RS_ECHO);
	assert_string_equal(r->handler, "eh"); /* echo: the second argument */
	route(s, "DELETE", "/admin/u");
	assert_int_equal(s->nmws, 3);
	/* gin: Use after routes; a group was derived before it too. */
	assert_string_equal(s->mws[0].router, "r");
	assert_true(s->mws[0].after_routes);
	assert_int_equal(s->mws[0].routes_before,
			 4); /* r.Group("/v2").PUT counts: the group predates Use */
	assert_int_equal(s->mws[0].first_route_line, 10);
	assert_true(s->mws[0].after_group);
	assert_int_equal(s->mws[0].effect, RS_MW_LATER_ONLY);
	/* echo group: order matters; echo root: it does not. */
	assert_true(s->mws[1].after_routes);
	assert_int_equal(s->mws[1].effect, RS_MW_LATER_ONLY);
	assert_true(s->mws[2].after_routes);
	assert_int_equal(s->mws[2].effect, RS_MW_ALL_ROUTES);
	reposcan_free(s);
}

static void test_chi_gorilla(void **state)
{
	struct src v[] = {
	    {"api/chi.go",
	     "package api\n\nimport (\n\t\"net/http\"\n\t\"github.com/go-chi/chi/v5\"\n)\n\n"
	     "func chiRoutes() http.Handler {\n"
	     "\tr := chi.NewRouter()\n"
	     "\tr.Get(\"/\", home)\n"
	     "\tr.Route(\"/articles\", func(r chi.Router) {\n"
	     "\t\tr.Post(\"/{id}\", update)\n"
	     "\t\tr.Group(func(r chi.Router) {\n"
	     "\t\t\tr.Delete(\"/{id}\", del)\n"
	     "\t\t})\n"
	     "\t})\n"
	     "\tr.Mount(\"/admin\", adminRouter())\n"
	     "\tr.With(mw).Get(\"/with\", w)\n"
	     "\tr.Use(late)\n"
	     "\treturn r\n}\n"},
	    {"api/mux.go",
	     "package api\n\nimport (\n\t\"net/http\"\n\t\"github.com/gorilla/mux\"\n)\n\n"
	     "func gorillaRoutes() {\n"
	     "\tr := mux.NewRouter()\n"
	     "\tr.HandleFunc(\"/products/{key}\", product).Methods(\"GET\", \"HEAD\")\n"
	     "\tapi := r.PathPrefix(\"/api\").Subrouter()\n"
	     "\tapi.HandleFunc(\"/orders\", orders).Methods(\"POST\").Name(\"orders\")\n"
	     "\tr.PathPrefix(\"/static/\").Handler(http.FileServer(http.Dir(\".\")))\n"
	     "\tr.Path(\"/p\").Methods(\"PUT\").HandlerFunc(putH)\n"
	     "\tr.Use(logging)\n"
	     "}\n"},
	};
	struct reposcan *s = scan_n(v, 2, NULL);
	const struct reposcan_route *r;

	(void)state;
	r = route(s, "GET", "/");
	assert_int_equal(r->family, RS_CHI);
	r = route(s, "POST", "/articles/{id}");
	assert_string_equal(r->at.func, "chiRoutes.func1");
	r = route(s, "DELETE", "/articles/{id}");
	assert_string_equal(r->at.func, "chiRoutes.func1.1");
	r = route(s, "", "/admin");
	assert_true(r->mount);
	route(s, "GET", "/with");
	assert_int_equal(s->mws[0].effect, RS_MW_PANICS);
	assert_true(s->mws[0].after_routes);
	r = route(s, "GET,HEAD", "/products/{key}");
	assert_int_equal(r->family, RS_GORILLA);
	assert_false(r->go122);
	route(s, "POST", "/api/orders");
	r = route(s, "", "/static/");
	assert_true(r->mount);
	route(s, "PUT", "/p");
	assert_int_equal(s->mws[1].effect, RS_MW_ALL_ROUTES);
	reposcan_free(s);
}

/* Calls that look like routes but are not. */
static void test_not_routes(void **state)
{
	struct reposcan *s =
	    scan1("c.go", "package c\n\nimport \"net/http\"\n\n"
			  "func f(c *http.Client, cache Cache, m Mux, h http.Header) {\n"
			  "\tc.Get(\"http://x/\")\n"
			  "\tcache.Get(ctx, key)\n"
			  "\tm.Handle(ctx, msg)\n"
			  "\th.Get(\"X-Trace-ID\")\n"
			  "\twg.Add(1)\n"
			  "\tre.Match(b)\n"
			  "\thttp.Get(\"http://example.com/\")\n"
			  "\tother.Use(x)\n"
			  "}\n");

	(void)state;
	assert_int_equal(s->nroutes, 0);
	assert_int_equal(s->nmws, 0);
	reposcan_free(s);
}

/* A home-grown router (the demo's): Use counts once routes were
 * registered on the same receiver. */
static void test_homegrown_router(void **state)
{
	struct reposcan *s = scan1("main.go", "package main\n\nimport \"net/http\"\n\n"
					      "func main() {\n"
					      "\trt := newRouter(http.DefaultServeMux)\n"
					      "\trt.HandleFunc(\"/healthz\", healthz)\n"
					      "\trt.Use(withTraceID)\n"
					      "\tpool.Use(conn)\n"
					      "}\n");

	(void)state;
	assert_int_equal(s->nroutes, 1);
	assert_true(s->routes[0].family_guessed);
	assert_int_equal(s->nmws, 1);
	assert_true(s->mws[0].after_routes);
	assert_int_equal(s->mws[0].effect, RS_MW_UNKNOWN);
	reposcan_free(s);
}

static void test_grpc(void **state)
{
	struct reposcan *s =
	    scan1("main.go",
		  "package main\n\nimport (\n\t\"net\"\n\t\"google.golang.org/grpc\"\n"
		  "\t\"google.golang.org/grpc/reflection\"\n\tpb \"example.com/svc/proto\"\n)\n\n"
		  "func main() {\n"
		  "\ts := grpc.NewServer()\n"
		  "\ts2 := grpc.NewServer()\n"
		  "\tpb.RegisterGreeterServer(s, &greeter{})\n"
		  "\treflection.Register(s)\n"
		  "\tlis, _ := net.Listen(\"tcp\", \":50051\")\n"
		  "\tgo s.Serve(lis)\n"
		  "\tpb.RegisterAdminServer(s, &admin{})\n"
		  "\tpb.RegisterBillingServer(s2, &billing{})\n"
		  "\tgo func() {\n\t\tpb.RegisterLateServer(s, &late{})\n\t}()\n"
		  "\tgo pb.RegisterRaceServer(s, nil)\n"
		  "}\n");

	(void)state;
	assert_int_equal(s->ngrpcs, 6);
	assert_string_equal(s->grpcs[0].service, "Greeter");
	assert_false(s->grpcs[0].in_go || s->grpcs[0].after_serve || s->grpcs[0].other_server);
	assert_string_equal(s->grpcs[1].service, "grpc.reflection.v1alpha.ServerReflection");
	assert_true(s->grpcs[2].after_serve);
	assert_int_equal(s->grpcs[2].serve_line, 16);
	assert_true(s->grpcs[3].other_server);
	assert_string_equal(s->grpcs[3].served, "s");
	assert_true(s->grpcs[4].in_go);
	assert_string_equal(s->grpcs[4].at.func, "main.func1");
	assert_true(s->grpcs[5].in_go);
	assert_int_equal(s->nlistens, 1);
	assert_string_equal(s->listens[0].addr, ":50051");
	reposcan_free(s);
}

/* Hand-written and generated service descriptors give full names. */
static void test_grpc_descriptors(void **state)
{
	struct src v[] = {
	    {"proto/greeter_grpc.pb.go",
	     "// Code generated by protoc-gen-go-grpc. DO NOT EDIT.\npackage proto\n\n"
	     "import grpc \"google.golang.org/grpc\"\n\n"
	     "func RegisterGreeterServer(s grpc.ServiceRegistrar, srv GreeterServer) {\n"
	     "\ts.RegisterService(&Greeter_ServiceDesc, srv)\n}\n\n"
	     "var Greeter_ServiceDesc = grpc.ServiceDesc{\n\tServiceName: \"helloworld.Greeter\",\n"
	     "\tHandlerType: (*GreeterServer)(nil),\n}\n"},
	    {"desc.go", "package main\n\nimport \"google.golang.org/grpc\"\n\n"
			"var pingerDesc = grpc.ServiceDesc{ServiceName: \"demo.v1.Pinger\"}\n"},
	    {"main.go", "package main\n\nimport (\n\t\"google.golang.org/grpc\"\n\tpb "
			"\"example.com/svc/proto\"\n)\n\n"
			"func main() {\n\ts := grpc.NewServer()\n"
			"\ts.RegisterService(&pingerDesc, struct{}{})\n"
			"\tpb.RegisterGreeterServer(s, &greeter{})\n"
			"\ts.RegisterService(&elsewhere.Desc, x)\n"
			"\ts.Serve(lis)\n}\n"},
	};
	struct reposcan *s = scan_n(v, 3, NULL);

	(void)state;
	/* The generated helper's own RegisterService is not a registration;
	 * the one whose descriptor is not in the repo is dropped, with a note. */
	assert_int_equal(s->ngrpcs, 2);
	assert_string_equal(s->grpcs[0].service, "demo.v1.Pinger");
	assert_string_equal(s->grpcs[0].desc, "&pingerDesc");
	assert_string_equal(s->grpcs[0].server, "s");
	assert_string_equal(s->grpcs[1].service, "helloworld.Greeter");
	assert_true(s->warnings.n == 1 && strstr(s->warnings.v[0], "&elsewhere.Desc") != NULL);
	reposcan_free(s);
}

static void test_listen(void **state)
{
	struct reposcan *s = scan1(
	    "main.go",
	    "package main\n\nimport (\n\t\"flag\"\n\t\"net/http\"\n\t\"os\"\n"
	    "\t\"github.com/gin-gonic/gin\"\n)\n\n"
	    "const adminAddr = \"127.0.0.1:9000\"\n"
	    "var addr = flag.String(\"addr\", \":8080\", \"listen\")\n"
	    "var dbg string\n\n"
	    "func init() { flag.StringVar(&dbg, \"debug-addr\", \"localhost:6060\", \"\") }\n\n"
	    "func main() {\n"
	    "\tport := os.Getenv(\"PORT\")\n"
	    "\tif port == \"\" {\n\t\tport = \"9090\"\n\t}\n"
	    "\tgo http.ListenAndServe(\":\"+port, nil)\n"
	    "\tgo http.ListenAndServe(*addr, nil)\n"
	    "\tgo http.ListenAndServe(adminAddr, nil)\n"
	    "\tgo http.ListenAndServe(dbg, nil)\n"
	    "\tsrv := &http.Server{Handler: nil, Addr: \":8443\"}\n"
	    "\tgo srv.ListenAndServeTLS(\"c\", \"k\")\n"
	    "\tgo http.ListenAndServe(fmt.Sprintf(\":%d\", n), nil)\n"
	    "\tr := gin.New()\n"
	    "\tr.Run()\n"
	    "}\n");

	(void)state;
	assert_int_equal(s->nlistens, 7);
	assert_string_equal(s->listens[0].addr, ":9090");
	assert_int_equal(s->listens[0].source, RS_ADDR_ENV);
	assert_string_equal(s->listens[0].source_name, "PORT");
	assert_string_equal(s->listens[1].addr, ":8080");
	assert_int_equal(s->listens[1].source, RS_ADDR_FLAG);
	assert_string_equal(s->listens[1].source_name, "addr");
	assert_string_equal(s->listens[2].addr, "127.0.0.1:9000");
	assert_int_equal(s->listens[2].source, RS_ADDR_LITERAL);
	assert_string_equal(s->listens[3].addr, "localhost:6060");
	assert_int_equal(s->listens[3].source, RS_ADDR_FLAG);
	assert_string_equal(s->listens[4].addr, ":8443");
	assert_string_equal(s->listens[4].call, "http.Server{Addr}");
	assert_null(s->listens[5].addr);
	assert_int_equal(s->listens[5].source, RS_ADDR_UNRESOLVED);
	assert_string_equal(s->listens[6].addr, ":8080");
	assert_int_equal(s->listens[6].source, RS_ADDR_DEFAULT);
	reposcan_free(s);
}

static void test_tickers(void **state)
{
	struct reposcan *s =
	    scan1("main.go", "package main\n\nimport \"time\"\n\n"
			     "type W struct{ ticker *time.Ticker }\n\n"
			     "func main() {\n"
			     "\tt := time.NewTicker(time.Minute)\n"
			     "\tgo func() {\n\t\tfor range t.C {\n\t\t}\n\t}()\n"
			     "\torphan := time.NewTicker(time.Second)\n"
			     "\t_ = orphan\n"
			     "\ttime.AfterFunc(time.Second, flush)\n"
			     "\ttime.AfterFunc(time.Second, func() {})\n"
			     "\tfor range time.Tick(time.Second) {\n\t}\n"
			     "\tgo reporter()\n"
			     "}\n\n"
			     "func reporter() {\n\ttk := time.NewTicker(time.Second)\n\tfor "
			     "{\n\t\tselect {\n\t\tcase <-tk.C:\n\t\t}\n\t}\n}\n\n"
			     "func (w *W) start() { w.ticker = time.NewTicker(time.Second) }\n\n"
			     "func (x *W) loop() {\n\tfor range x.ticker.C {\n\t}\n}\n\n"
			     "func flush() {}\n");

	(void)state;
	assert_int_equal(s->ntickers, 7);
	assert_string_equal(s->tickers[0].var, "t");
	assert_true(s->tickers[0].consumer_found);
	assert_string_equal(s->tickers[0].consumer_symbol, "main.main.func1");
	assert_true(s->tickers[0].started_by_go);
	assert_false(s->tickers[1].consumer_found);
	assert_string_equal(s->tickers[1].consumer_symbol, "main.main");
	assert_string_equal(s->tickers[2].consumer_symbol, "main.flush");
	assert_string_equal(s->tickers[3].consumer_symbol, "main.main.func2");
	assert_true(s->tickers[4].consumer_found); /* range time.Tick */
	assert_string_equal(s->tickers[5].consumer_symbol, "main.reporter");
	assert_true(s->tickers[5].started_by_go);
	assert_true(s->tickers[6].consumer_found); /* a field looped on in another method */
	assert_string_equal(s->tickers[6].consumer_symbol, "main.(*W).loop");
	reposcan_free(s);
}

static void test_viper_init_plugin(void **state)
{
	struct reposcan *s = scan1(
	    "cfg.go",
	    "package main\n\nimport (\n\t\"log\"\n\t\"plugin\"\n\t\"github.com/spf13/viper\"\n)\n\n"
	    "var level string\n\n"
	    "func init() {\n\tgo warm()\n}\n\n"
	    "func init() {\n\tgo func() {}()\n}\n\n"
	    "func watch() {\n"
	    "\tviper.WatchConfig()\n"
	    "\tviper.OnConfigChange(func(e fsnotify.Event) {\n\t\tlog.Printf(\"changed %s\", "
	    "e.Name)\n"
	    "\t\tv := viper.GetString(\"x\")\n\t\t_ = v\n\t})\n"
	    "\tviper.OnConfigChange(func(e fsnotify.Event) {\n\t\tlevel = "
	    "viper.GetString(\"level\")\n\t})\n"
	    "\tviper.OnConfigChange(onChange)\n"
	    "\tp, _ := plugin.Open(\"./plugins/auth.so\")\n\t_ = p\n"
	    "}\n\n"
	    "func onChange(e fsnotify.Event) { reloadPools() }\n");

	(void)state;
	assert_int_equal(s->nvipers, 4);
	assert_false(s->vipers[0].on_change);
	assert_int_equal(s->vipers[1].reloads_nothing, 1);
	assert_int_equal(s->vipers[2].reloads_nothing, 0);
	assert_string_equal(s->vipers[2].app_calls, "assigns level");
	assert_int_equal(s->vipers[3].reloads_nothing, 0);
	assert_string_equal(s->vipers[3].app_calls, "reloadPools");
	assert_int_equal(s->ninitgos, 2);
	assert_string_equal(s->initgos[0].expr, "warm()");
	assert_string_equal(s->initgos[0].at.symbol, "main.init.0");
	assert_string_equal(s->initgos[1].at.symbol, "main.init.1");
	assert_int_equal(s->nplugins, 1);
	assert_string_equal(s->plugins[0].path, "./plugins/auth.so");
	reposcan_free(s);
}

static void test_embed_and_cgo(void **state)
{
	struct src v[] = {
	    {"web/a.go", "package web\n\nimport (\n\t\"embed\"\n\t\"io/fs\"\n\t\"os\"\n)\n\n"
			 "//go:embed static/* \"with space.txt\"\nvar content embed.FS\n\n"
			 "var (\n\t//go:embed ../up.txt\n\tbad []byte\n)\n\n"
			 "func f() {\n"
			 "\tcontent.ReadFile(\"./static/index.html\")\n"
			 "\tcontent.Open(\"static/ok.css\")\n"
			 "\tfs.Sub(content, \"/static\")\n"
			 "\tos.ReadFile(\"./not-embed\")\n"
			 "}\n"},
	    {"web/b.go", "package web\n\nfunc g() { content.ReadDir(\"static//x\") }\n"},
	    {"other/c.go", "package other\n\nfunc h() { content.ReadFile(\"./x\") }\n"},
	    {"cgo.go", "package main\n\n// #include <stdio.h>\nimport \"C\"\n"},
	};
	struct reposcan *s = scan_n(v, 4, NULL);

	(void)state;
	assert_int_equal(s->nembeds, 3);
	assert_string_equal(s->embeds[0].pattern, "static/*");
	assert_true(s->embeds[0].is_fs);
	assert_true(s->embeds[0].valid);
	assert_string_equal(s->embeds[1].pattern, "with space.txt");
	assert_string_equal(s->embeds[2].var, "bad");
	assert_false(s->embeds[2].is_fs);
	assert_false(s->embeds[2].valid);
	/* Only lookups on embed.FS variables of the same package. */
	assert_int_equal(s->nembedcalls, 4);
	assert_false(s->embedcalls[0].valid);
	assert_string_equal(s->embedcalls[0].why, "starts with ./");
	assert_true(s->embedcalls[1].valid);
	assert_string_equal(s->embedcalls[2].call, "fs.Sub");
	assert_false(s->embedcalls[2].valid);
	assert_string_equal(s->embedcalls[3].why, "empty element (//)");
	assert_true(s->files[3].imports_c);
	assert_int_equal(s->files[3].imports_c_line, 4);
	assert_false(s->files[0].imports_c);
	reposcan_free(s);
}

static void test_valid_path(void **state)
{
	static const struct {
		const char *p;
		int ok;
	} t[] = {
	    {".", 1},	   {"a", 1},   {"a/b.txt", 1}, {"a\\b", 1}, {"a:b", 1},
	    {"", 0},	   {"./a", 0}, {"/a", 0},      {"a/", 0},   {"a//b", 0},
	    {"a/../b", 0}, {"..", 0},  {"a/.", 0},     {"\xff", 0},
	};
	const char *why;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		if (reposcan_valid_fs_path(t[i].p, &why) != t[i].ok)
			print_error("ValidPath(%s)\n", t[i].p);
		assert_int_equal(reposcan_valid_fs_path(t[i].p, &why), t[i].ok);
		if (!t[i].ok)
			assert_non_null(why);
	}
}

static void test_module_path(void **state)
{
	char *m;

	(void)state;
	m = reposcan_module_path("// c\nmodule example.com/x // trailing\n\ngo 1.19\n", 44);
	assert_string_equal(m, "example.com/x");
	free(m);
	m = reposcan_module_path("module \"quoted/mod\"\n", 20);
	assert_string_equal(m, "quoted/mod");
	free(m);
	assert_null(reposcan_module_path("go 1.19\nmodulex y\n", 18));
	assert_null(reposcan_module_path("module \"unterminated\n", 21));
}

/* Build constraints ride along: a route in an excluded file is still found,
 * and its file says why it is out. Init numbering skips excluded files. */
static void test_excluded_file(void **state)
{
	struct src v[] = {
	    {"a_dev.go", "//go:build !prod\n\npackage main\n\nimport \"net/http\"\n\n"
			 "func init() { http.HandleFunc(\"/debug/reset\", reset) }\n"},
	    {"b.go", "package main\n\nfunc init() { go x() }\n"},
	    {"doc.go", "package documentation\n"},
	};
	struct reposcan *s = scan_n(v, 3, "prod");
	const struct reposcan_route *r = route(s, "", "/debug/reset");

	(void)state;
	assert_false(s->files[r->at.file].bc.included);
	assert_string_equal(s->files[r->at.file].bc.term, "!prod");
	assert_string_equal(s->initgos[0].at.symbol, "main.init.0");
	/* go list: IgnoredGoFiles */
	assert_false(s->files[2].bc.included);
	assert_int_equal(s->files[2].bc.reason, BCR_DOCUMENTATION);
	reposcan_free(s);
}

/* Truncated and garbled sources never crash the scanner. */
static void test_robust(void **state)
{
	const char *src = "package main\n\nimport "
			  "(\n\t\"net/http\"\n\t\"time\"\n\t\"github.com/gin-gonic/gin\"\n)\n\n"
			  "//go:embed x\nvar f embed.FS\n\n"
			  "func main() {\n\tr := gin.Default()\n\tr.Group(\"/a\").GET(\"/b\", "
			  "func(c *gin.Context) {})\n"
			  "\tt := time.NewTicker(1)\n\tgo func() { for range t.C {} }()\n"
			  "\thttp.ListenAndServe(\":\"+p, nil)\n\tr.Use(m)\n}\n";
	size_t n = strlen(src);
	char junk[400];

	(void)state;
	for (size_t k = 0; k <= n; k++) {
		struct buildconstraint_ctx c;
		struct reposcan *s;

		buildconstraint_ctx_init(&c, "linux", "amd64", 19);
		s = reposcan_new(NULL, &c);
		reposcan_source(s, "main.go", src, k);
		reposcan_finish(s);
		reposcan_free(s);
		buildconstraint_ctx_free(&c);
	}
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = "(){}[].,;:=\"'` \nfuncgoHandleFuncGETUse"[(i * 7919) % 39];
	for (size_t k = 0; k <= sizeof junk; k += 3) {
		struct reposcan *s = reposcan_new(NULL, NULL);

		reposcan_source(s, "j.go", junk, k);
		reposcan_finish(s);
		reposcan_free(s);
	}
	reposcan_free(NULL);
}

static void put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* The walk: skip rules, the size cap, symlinks, go.mod, embed matching. */
static void test_walk(void **state)
{
	char dir[] = "/tmp/gt-reposcan-XXXXXX", p[512];
	struct reposcan_opts o;
	struct reposcan *s;
	char *cause = NULL;
	const char *skipped[] = {"vendor", "testdata", ".git", "_old", "nested"};

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof p, "%s/go.mod", dir);
	put(p, "module example.com/w\n\ngo 1.19\n");
	snprintf(p, sizeof p, "%s/main.go", dir);
	put(p, "package main\n\n//go:embed static/*.txt\nvar fs embed.FS\n\n//go:embed none/*\nvar "
	       "none embed.FS\n");
	snprintf(p, sizeof p, "%s/static", dir);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/static/a.txt", dir);
	put(p, "x");
	snprintf(p, sizeof p, "%s/main_test.go", dir);
	put(p, "package main\n");
	snprintf(p, sizeof p, "%s/big.go", dir);
	put(p,
	    "package main\n\n// padding padding padding padding padding padding padding padding\n"
	    "// padding padding padding padding padding padding padding padding padding\n"
	    "// padding padding padding padding padding padding padding padding padding\nfunc f() "
	    "{}\n");
	for (size_t i = 0; i < ARRAY_LEN(skipped); i++) {
		snprintf(p, sizeof p, "%s/%s", dir, skipped[i]);
		mkdir(p, 0755);
		snprintf(p, sizeof p, "%s/%s/x.go", dir, skipped[i]);
		put(p, "package x\n");
	}
	snprintf(p, sizeof p, "%s/nested/go.mod", dir);
	put(p, "module other\n");
	snprintf(p, sizeof p, "%s/link.go", dir);
	assert_int_equal(symlink("/etc/passwd", p), 0);

	reposcan_opts_init(&o);
	o.max_file_size = 200; /* main.go fits, big.go does not */
	assert_int_equal(reposcan_run(dir, &o, &s, &cause), 0);
	assert_string_equal(s->module, "example.com/w");
	assert_int_equal(s->nfiles, 2); /* big.go, main.go */
	assert_string_equal(s->files[0].path, "big.go");
	assert_true(s->files[0].truncated);
	assert_int_equal(s->nembeds, 2);
	assert_int_equal(s->embeds[0].matches, 1);
	assert_int_equal(s->embeds[1].matches, 0);
	assert_true(s->warnings.n >= 2); /* truncated file, nested module */
	reposcan_free(s);

	o.include_tests = o.include_testdata = o.include_vendor = o.include_nested_modules = 1;
	o.max_file_size = REPOSCAN_DEFAULT_MAX_FILE;
	assert_int_equal(reposcan_run(dir, &o, &s, &cause), 0);
	assert_int_equal(s->nfiles, 6); /* + main_test.go, vendor, testdata, nested */
	reposcan_free(s);

	assert_int_equal(reposcan_run("/nonexistent/gt", &o, &s, &cause), -1);
	assert_non_null(strstr(cause, "No such file"));
	free(cause);
	cause = NULL;
	snprintf(p, sizeof p, "%s/main.go", dir);
	assert_int_equal(reposcan_run(p, &o, &s, &cause), -1);
	assert_non_null(strstr(cause, "not a directory"));
	free(cause);
	snprintf(p, sizeof p, "rm -rf '%s'", dir);
	assert_int_equal(system(p), 0);
}

static void test_json(void **state)
{
	struct reposcan *s = scan1("main.go", "package main\n\nimport \"net/http\"\n\n"
					      "func main() { http.HandleFunc(\"/x\", h) }\n");
	cJSON *j = reposcan_to_json(s);
	cJSON *routes = cJSON_GetObjectItem(j, "routes");
	char *txt;

	(void)state;
	assert_int_equal(cJSON_GetArraySize(routes), 1);
	txt = cJSON_PrintUnformatted(j);
	assert_non_null(strstr(txt, "\"path\":\"/x\""));
	assert_non_null(strstr(txt, "\"handler_symbol\":\"main.h\""));
	free(txt);
	cJSON_Delete(j);
	reposcan_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nethttp),
	    cmocka_unit_test(test_gin_echo),
	    cmocka_unit_test(test_chi_gorilla),
	    cmocka_unit_test(test_not_routes),
	    cmocka_unit_test(test_homegrown_router),
	    cmocka_unit_test(test_grpc),
	    cmocka_unit_test(test_grpc_descriptors),
	    cmocka_unit_test(test_listen),
	    cmocka_unit_test(test_tickers),
	    cmocka_unit_test(test_viper_init_plugin),
	    cmocka_unit_test(test_embed_and_cgo),
	    cmocka_unit_test(test_valid_path),
	    cmocka_unit_test(test_module_path),
	    cmocka_unit_test(test_excluded_file),
	    cmocka_unit_test(test_robust),
	    cmocka_unit_test(test_walk),
	    cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
