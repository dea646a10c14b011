/* reposcan.h: what a Go repository declares, found by lexing (golex.h)
 * every .go file and matching token patterns, never regular expressions
 * over raw text: HTTP routes (net/http, gin, echo, chi, gorilla/mux),
 * middleware Use() calls, gRPC Register*Server calls, literal listen
 * addresses, ticker sites and the function expected to loop on them,
 * viper config-reload callbacks, goroutines started in init(),
 * plugin.Open paths, //go:embed patterns and embed.FS lookups, cgo files,
 * plus each file's build-constraint verdict (buildconstraint.h).
 *
 * Use:
 *   struct reposcan_opts o; reposcan_opts_init(&o); o.ctx = &ctx;
 *   struct reposcan *s; char *cause;
 *   if (reposcan_run("/src/svc", &o, &s, &cause) < 0) { show cause; free(cause); }
 *   for (size_t i = 0; i < s->nroutes; i++) use s->routes[i] ...
 *   reposcan_free(s);
 * Every finding has a site: s->files[site.file] is its file (with .bc, the
 * build-constraint result), site.line its line, site.func the enclosing
 * function as Go names it ("(*Server).routes", "main.func1") and
 * site.symbol the symbol that function has in a binary
 * ("example.com/svc/api.(*Server).routes"). All strings are owned by the
 * scan and live until reposcan_free(). Strings come from the repo: pass
 * them through sanitize_str() before showing them.
 *
 * The walk skips vendor/ (unless opts.include_vendor), testdata/, _test.go
 * files, directories whose names start with '.' or '_' and nested modules
 * (directories with their own go.mod), as `go list ./...` does; it does not
 * follow symlinks; files over opts.max_file_size are scanned up to the cap
 * and marked truncated. Files whose names start with '_' or '.' are
 * listed (Go silently ignores them) but not scanned for findings.
 * reposcan_source() runs the per-file analysis on a buffer without any
 * I/O (tests, fuzzing); reposcan_finish() then resolves cross-file facts. */
#ifndef GOTRIAGE_REPOSCAN_H
#define GOTRIAGE_REPOSCAN_H

#include <stddef.h>

#include <cJSON.h>

#include "buildconstraint.h"
#include "collectors/base/common.h"
#include "collectors/base/srctree.h"

#define REPOSCAN_DEFAULT_MAX_FILE ((size_t)4 * 1024 * 1024)
#define REPOSCAN_DEFAULT_MAX_FILES 200000

struct reposcan_opts {
	const struct buildconstraint_ctx *ctx; /* NULL: linux/amd64, go1.19, cgo on */
	int include_vendor;
	int include_tests;	    /* also _test.go files (bench, completeness) */
	int include_testdata;	    /* also testdata/ directories */
	int include_nested_modules; /* also directories with their own go.mod */
	size_t max_file_size;	    /* per-file cap in bytes */
	size_t max_files;	    /* stop after this many files (noted in warnings) */
};
void reposcan_opts_init(struct reposcan_opts *o);

enum reposcan_family {
	RS_FAMILY_UNKNOWN = 0,
	RS_NETHTTP,
	RS_GIN,
	RS_ECHO,
	RS_CHI,
	RS_GORILLA,
};
const char *reposcan_family_name(enum reposcan_family f);

struct reposcan_file {
	char *path;	  /* relative to the root, '/'-separated */
	char *dir;	  /* its directory ("" for the root) */
	char *pkg;	  /* package clause, NULL if none was found */
	char *symbol_pkg; /* symbol prefix: "main" or the import path */
	size_t size;
	int lines;
	int truncated; /* larger than the cap: only the prefix was scanned */
	int imports_c;
	int imports_c_line;
	int scanned; /* 0 for files listed only (_x.go, .x.go) */
	struct buildconstraint_result bc;
};

struct reposcan_site {
	size_t file; /* index into files */
	int line;
	const char *func;   /* enclosing function ("" at package level) */
	const char *symbol; /* its symbol in a binary (best effort) */
};

struct reposcan_route {
	struct reposcan_site at;
	enum reposcan_family family;
	int family_guessed;	    /* inferred from imports/method names, not from a constructor */
	const char *call;	    /* method called: "HandleFunc", "GET", ... */
	const char *router;	    /* receiver expression: "mux", "s.router", "http" */
	const char *method;	    /* "GET", "GET,POST"; "" = any method */
	const char *path;	    /* the pattern's path as written; NULL if not literal */
	const char *full_path;	    /* path with group/prefix resolved; NULL if unknown */
	const char *host;	    /* Go 1.22 pattern host part, "" if none */
	const char *pattern_expr;   /* the path argument's source text */
	const char *handler;	    /* handler expression source text */
	const char *handler_symbol; /* best guess of its function symbol, or NULL */
	int go122;		    /* method or {wildcard} in a net/http pattern (needs go1.22) */
	int mount;		    /* a prefix mount (chi Mount, gorilla PathPrefix().Handler) */
	/* Found through the project's own helpers or a route table: the chain
	 * from this site to the registration ("routes.go:41 s.get -> server.go:88
	 * s.add -> server.go:95 s.mux.HandleFunc"); NULL for a direct call. */
	const char *via;
	/* the literal address of http.ListenAndServe(addr, R) in the same
	 * function, R this route's router: where it is served; NULL unknown */
	const char *served_addr;
	/* That listen call (a gin Run, an echo Start too), whatever its
	 * address: listens[served_by - 1]; 0 = none known. */
	int served_by;
	/* Where the router variable lives: the route's own site and router,
	 * or for a route through helpers the outermost call passing it. */
	const struct reposcan_site *router_at;
	const char *router_var;
};

/* A registration whose path (or a listen call whose address) the scan
 * could not resolve to a constant: never counted as a declared route. */
struct reposcan_unresolved {
	struct reposcan_site at;
	const char *kind;	    /* "route" or "listen" */
	const char *call;	    /* the registration call: "mux.HandleFunc" */
	const char *expr;	    /* the unresolved argument's source text */
	const char *why;	    /* "p is not a constant", ... */
	const char *handler;	    /* routes: the handler expression, "" if unknown */
	const char *handler_symbol; /* its symbol guess, or NULL */
	const char *via;	    /* chain through helpers, NULL if direct */
};

enum reposcan_mw_effect {
	RS_MW_UNKNOWN = 0,
	RS_MW_LATER_ONLY, /* gin, echo groups: applies only to routes added after */
	RS_MW_PANICS,	  /* chi: Use after a route panics at start-up */
	RS_MW_ALL_ROUTES, /* gorilla, echo root: applied per request, order is harmless */
};
const char *reposcan_mw_effect_name(enum reposcan_mw_effect e);

struct reposcan_middleware {
	struct reposcan_site at;
	enum reposcan_family family;
	const char *router;
	const char *expr;     /* the middleware arguments */
	int after_routes;     /* routes on the same router were registered earlier here */
	int first_route_line; /* line of the first such route */
	int routes_before;
	int after_group; /* a group derived from this router was made earlier (gin/echo) */
	enum reposcan_mw_effect effect;
};

struct reposcan_grpc {
	struct reposcan_site at;
	const char *call;    /* "pb.RegisterGreeterServer", "s.RegisterService" */
	const char *service; /* "Greeter", or the full "helloworld.Greeter" when the
			      * grpc.ServiceDesc is in the repo */
	const char *desc;    /* RegisterService's descriptor argument, else NULL */
	const char *server;  /* server argument text */
	const char *impl;
	int in_go;	  /* inside a go statement or goroutine literal */
	int after_serve;  /* a Serve( call comes earlier in the same function */
	int other_server; /* the function serves a different server variable */
	int serve_line;
	const char *served; /* the server variable served in this function */
};

enum reposcan_addr_source {
	RS_ADDR_LITERAL = 0, /* written in the call or a local/package constant */
	RS_ADDR_FLAG,	     /* default of a flag (overridable) */
	RS_ADDR_ENV,	     /* fallback when an environment variable is empty */
	RS_ADDR_DEFAULT,     /* library default (gin Run() with no address) */
	RS_ADDR_UNRESOLVED,  /* not resolvable in the function */
};
const char *reposcan_addr_source_name(enum reposcan_addr_source s);

struct reposcan_listen {
	struct reposcan_site at;
	const char *call; /* "http.ListenAndServe", "net.Listen", "http.Server{Addr}", ... */
	const char *addr; /* ":8080"; NULL when unresolved */
	const char *expr; /* the address expression's source text */
	enum reposcan_addr_source source;
	const char *source_name; /* flag or environment variable name */
	const char *handler;	 /* ListenAndServe(addr, h): h as written, else NULL */
};

struct reposcan_ticker {
	struct reposcan_site at;
	const char *call;     /* "time.NewTicker", "time.Tick", "time.AfterFunc" */
	const char *var;      /* variable holding it, or NULL */
	const char *consumer; /* function expected to run the loop / callback */
	const char *consumer_symbol;
	int consumer_found; /* a range/receive on its channel was found */
	int started_by_go;  /* that function is started with go somewhere */
};

struct reposcan_viper {
	struct reposcan_site at;
	int on_change;	       /* 0 WatchConfig, 1 OnConfigChange */
	const char *callback;  /* callback expression (OnConfigChange) */
	int reloads_nothing;   /* 1: body only reads viper or logs; 0: calls the app; -1 unknown */
	const char *app_calls; /* the application calls found, comma-separated */
};

struct reposcan_initgo {
	struct reposcan_site at;
	const char *expr; /* what the go statement starts */
};

struct reposcan_plugin {
	struct reposcan_site at;
	const char *path; /* NULL when not literal */
	const char *expr;
};

struct reposcan_embed {
	struct reposcan_site at;
	const char *var;
	const char *pattern;
	int is_fs;   /* the variable is an embed.FS */
	int valid;   /* pattern syntax acceptable to go:embed */
	int matches; /* files/dirs matched in the package dir (-1 not checked) */
};

struct reposcan_embedcall {
	struct reposcan_site at;
	const char *var;
	const char *call; /* "ReadFile", "fs.Sub", ... */
	const char *path; /* the literal */
	int valid;	  /* io/fs.ValidPath */
	const char *why;  /* why invalid */
};

struct reposcan_warning {
	char *text;
};

struct reposcan {
	char *root;
	char *module;			/* from go.mod's module line, NULL if none */
	struct buildconstraint_ctx ctx; /* the context files were judged against */
	struct reposcan_file *files;
	size_t nfiles, files_cap;
	struct reposcan_route *routes;
	size_t nroutes, routes_cap;
	struct reposcan_middleware *mws;
	size_t nmws, mws_cap;
	struct reposcan_grpc *grpcs;
	size_t ngrpcs, grpcs_cap;
	struct reposcan_listen *listens;
	size_t nlistens, listens_cap;
	struct reposcan_ticker *tickers;
	size_t ntickers, tickers_cap;
	struct reposcan_viper *vipers;
	size_t nvipers, vipers_cap;
	struct reposcan_initgo *initgos;
	size_t ninitgos, initgos_cap;
	struct reposcan_plugin *plugins;
	size_t nplugins, plugins_cap;
	struct reposcan_embed *embeds;
	size_t nembeds, embeds_cap;
	struct reposcan_embedcall *embedcalls;
	size_t nembedcalls, embedcalls_cap;
	struct reposcan_unresolved *unresolved;
	size_t nunresolved, unresolved_cap;
	double summary_seconds;	 /* the inter-procedural pass (reposcan_summary.c) */
	struct strlist warnings; /* unreadable files, caps reached */
	size_t bytes;
	size_t lines;
	double seconds;
	void *priv; /* arena and cross-file state */
};

int reposcan_run(const char *dir, const struct reposcan_opts *opts, struct reposcan **out,
		 char **cause);
/* The same over any source tree (srctree.h): the working tree, or a
 * commit's tree read from git objects. s->root is tree->root. */
int reposcan_run_tree(const struct srctree *tree, const struct reposcan_opts *opts,
		      struct reposcan **out, char **cause);
void reposcan_free(struct reposcan *s);

/* For tests and fuzzing: an empty scan, one file's analysis, then the
 * cross-file resolution (embed patterns are not matched without a root). */
struct reposcan *reposcan_new(const char *root, const struct buildconstraint_ctx *ctx);
void reposcan_source(struct reposcan *s, const char *relpath, const char *src, size_t len);
void reposcan_finish(struct reposcan *s);

/* Reads the module path from go.mod's module line (a small, capped read;
 * gomod.h parses the whole file). Returns NULL if absent. */
char *reposcan_module_path(const char *buf, size_t len);
/* io/fs.ValidPath; on failure *why says which rule broke. */
int reposcan_valid_fs_path(const char *p, const char **why);

cJSON *reposcan_to_json(const struct reposcan *s);

#endif
