/* reposcan_priv.h: state shared by the repo scanner's own files
 * (reposcan.c: walk, cross-file resolution; reposcan_go.c: the per-file
 * token walk; reposcan_tok.c: token helpers; reposcan_route.c,
 * reposcan_find.c, reposcan_viper.c: the recognisers; reposcan_json.c).
 * Nothing outside collectors/reposcan*.c includes it.
 *
 * A file is analysed in two passes over its code tokens (comments
 * removed): pass 1 reads the package clause, imports, top-level function
 * declarations and var/const specs; pass 2 walks initialisers and function
 * bodies keeping a stack of function frames (closures named as the Go
 * compiler names them) and a table of bindings (routers, gRPC servers,
 * string constants, flag defaults, environment fallbacks). */
#ifndef GOTRIAGE_REPOSCAN_PRIV_H
#define GOTRIAGE_REPOSCAN_PRIV_H

#include <stdint.h>

#include "golex.h"
#include "reposcan.h"

/* Well-known imports, by role. */
enum imp_role {
	IMP_HTTP,
	IMP_NET,
	IMP_TLS,
	IMP_TIME,
	IMP_FLAG,
	IMP_OS,
	IMP_PLUGIN,
	IMP_EMBED,
	IMP_FS,
	IMP_GIN,
	IMP_ECHO,
	IMP_CHI,
	IMP_GORILLA,
	IMP_GRPC,
	IMP_REFLECTION,
	IMP_VIPER,
	IMP_NROLES
};

/* B_ELEM: a range variable over a route table (value = the table id,
 * srcname = "k" for a map's key); B_FUNCV: a router method value
 * (reg := mux.HandleFunc): fa..fb the router, fn the method token. */
enum bind_kind { B_ROUTER, B_GRPC, B_STR, B_FLAG, B_ENV, B_ELEM, B_FUNCV };

#define KEYLEN 96

struct binding {
	char key[KEYLEN];    /* normalised expression text: "r", "s.router" */
	uint32_t hash;	     /* of key, compared first */
	char parent[KEYLEN]; /* router it was derived from, "" for roots */
	enum bind_kind kind;
	int top; /* top-level function index, -1 = package level */
	int tok; /* defined at this token */
	int end; /* visible up to this token (closure parameters) */
	enum reposcan_family fam;
	int guessed;
	int is_root;	     /* made by a constructor (not a group) */
	const char *prefix;  /* routers: resolved path prefix, NULL = unknown */
	const char *value;   /* strings: the value (flag default, env fallback) */
	const char *srcname; /* flag or environment variable name */
	enum reposcan_addr_source src;
	const char *enc; /* strings: symbolic value when not a literal (reposcan_sum.h) */
	int fa, fb, fn;	 /* B_FUNCV */
};

struct frame {
	int lb, rb;	  /* body braces (token indices) */
	const char *name; /* Go's name: "main", "(*S).run.func1" */
	const char *symbol;
	int closgen;	      /* closures created so far directly inside */
	int is_go;	      /* a func literal started by a go statement */
	int plp;	      /* '(' of its parameters, -1 unknown */
	int pdone, pn;	      /* parameters read (reposcan_sym.c), how many */
	int ptok[16];	      /* each parameter's name token, -1 unnamed */
	int pta[16], ptb[16]; /* and its type's token range */
	const char *var;      /* closures assigned to a variable: its name */
};

struct funcdecl {
	int func_tok, name_tok, params_lp, body_lb; /* body_lb -1: no body */
	const char *name; /* display name: "main", "(*Server).routes", "init.0" */
	const char *symbol;
	const char *recv_name; /* receiver variable, NULL if none */
	const char *recv_type; /* "(*Server)" or "Server" */
	const char *raw;       /* the bare name: "routes" */
	const char *recv_base; /* the receiver's type name: "Server", NULL if none */
};

struct closure {
	int func_tok;
	const char *name, *symbol;
};

struct regrec { /* a route registration, for middleware order */
	char key[KEYLEN];
	int tok, line;
};

struct serverec { /* a Serve( call on a gRPC server */
	char key[KEYLEN];
	int tok, line;
};

struct recvrec { /* a receive or range over a channel expression */
	char key[KEYLEN];
	int top, tok;
	const char *func, *symbol;
	int is_go;
};

struct pendbind { /* chi Route/Group callback parameter to bind */
	int func_tok;
	enum reposcan_family fam;
	const char *prefix;
};

struct pendtick {	  /* ticker waiting for its consumer */
	size_t idx;	  /* into s->tickers */
	char key[KEYLEN]; /* channel expression to look for, "" = none */
	int top;
	int lit_tok; /* AfterFunc with a func literal: its token */
};

struct pendgrpc {
	size_t idx; /* into s->grpcs */
	char key[KEYLEN];
	int tok;
};

struct fscan {
	struct reposcan *s;
	size_t file;
	const char *src;
	size_t len;
	const struct gotok *t;
	int nt;
	int32_t *m; /* matching bracket of each bracket token, -1 */
	struct {
		const char *name, *path;
		size_t nlen, plen;
	} imps[64];
	int nimps;
	const char *role[IMP_NROLES]; /* local name per role, NULL = not imported */
	size_t role_len[IMP_NROLES];
	int has_router_import;
	struct funcdecl *funcs;
	int nfuncs, funcs_cap;
	struct binding *b;
	int nb, bcap;
	struct frame fr[48];
	int nfr;
	int top; /* current top-level function, -1 at package level */
	int glob_closgen;
	struct closure *cl;
	int ncl, clcap;
	struct regrec *regs;
	int nregs, regcap;
	struct serverec *serves;
	int nserves, servecap;
	struct recvrec *recvs;
	int nrecvs, recvcap;
	struct pendbind *pb;
	int npb, pbcap;
	struct pendtick *pt;
	int npt, ptcap;
	struct pendgrpc *pg;
	int npg, pgcap;
	int go_a[256], go_b[256];
	int ngo; /* go statement token ranges */
	const struct gotok *cm;
	int ncm;      /* directive comments */
	int nuses;    /* Use() calls recorded in this file */
	int reg_site; /* >= 0: report registrations at this token (method values) */
	struct {      /* reposcan_evident.c: the last definition looked up */
		int top, name, scanned, found, ra, rb, how;
	} ev;
	struct { /* reposcan_evident.c: x := &T{...} / x := newT(...) in function top */
		int top, name, ra, rb;
	} rdef[32];
	int nrdef;
	struct { /* reposcan_fieldset.c: x.k = v statements in function top */
		int top, name, fld, va, vb;
		const char *cond; /* va < 0: "under an if", "in a loop", ... */
	} fset[32];
	int nfset;
	struct { /* reposcan_evident.c: the last rs_is_local answers */
		int top, lb, tok, local;
	} lc[8];
	int nlc;
};

/* Per-scan private state (s->priv). */
struct reposcan_state {
	struct arena_chunk *arena;
	struct golex_toks toks;
	struct gotok *code;
	size_t code_cap;
	struct gotok *cmts;
	size_t cmts_cap;
	int32_t *match;
	size_t match_cap;
	struct strlist go_started; /* symbols started with go; "*.name" for unknown receivers */
	char *init_dir;		   /* directory whose init functions are being numbered */
	int init_next;
	/* grpc.ServiceDesc variables: their ServiceName, by directory. */
	const struct srctree *tree; /* during reposcan_run_tree(): what is read */
	struct svcdesc {
		const char *dir, *var, *service;
	} * descs;
	size_t ndescs, descs_cap;
	struct sum_state *sum;	      /* function summaries (reposcan_sum.h) */
	struct pkgvar_state *pkgvars; /* routers in package variables (reposcan_pkgvar.c) */
	int nosum; /* GOTRIAGE_NO_SUMMARIES set: no call sites followed (bench) */
};

/* Arena strings live until reposcan_free(). */
const char *reposcan_strndup(struct reposcan *s, const char *p, size_t n);
void *reposcan_alloc(struct reposcan *s, size_t n); /* zeroed, 8-aligned */
const char *reposcan_strdup(struct reposcan *s, const char *p);
const char *reposcan_printf(struct reposcan *s, const char *fmt, ...) PRINTF_LIKE(2, 3);

/* Token helpers (reposcan_go.c). */
int rs_is_op(const struct fscan *f, int i, int op);
int rs_is_kw(const struct fscan *f, int i, int kw);
int rs_is_ident(const struct fscan *f, int i);
int rs_is_str(const struct fscan *f, int i);
int rs_tok_is(const struct fscan *f, int i, const char *w);
int rs_expr_start(const struct fscan *f, int j);
int rs_key(const struct fscan *f, int a, int b, char *out, size_t cap);
const char *rs_text(struct fscan *f, int a, int b);
int rs_is_role(const struct fscan *f, int i, enum imp_role r);
int rs_args(const struct fscan *f, int lp, int *as, int *ae, int max);
const char *rs_string(struct fscan *f, int a, int b, enum reposcan_addr_source *src,
		      const char **srcname);
struct binding *rs_lookup(struct fscan *f, const char *key, int at);
struct binding *rs_bind(struct fscan *f, const char *key, enum bind_kind kind, int tok);
void rs_drop_local_bindings(struct fscan *f);
const struct frame *rs_frame(const struct fscan *f);
struct reposcan_site rs_site(const struct fscan *f, int tok);
int rs_in_go(const struct fscan *f, int tok);
const char *rs_func_symbol(struct fscan *f, int a, int b);
/* h.List where h := T{List: f} or h.List = f: f's symbol (reposcan_evident.c) */
const char *rs_field_symbol(struct fscan *f, int a, int b);
const char *rs_join_path(struct fscan *f, const char *prefix, const char *path);

/* Growable arrays: PUSH on a struct reposcan array (size_t counts), FPUSH
 * on a struct fscan array (int counts); both return the new zeroed slot.
 * FPUSH returns NULL past RS_FILE_CAP entries: the per-file bookkeeping
 * is matched pairwise, and the caps keep a hostile file from making that
 * quadratic work unbounded. */
#define RS_FILE_CAP 4000
#define RS_MAX_BINDINGS 1024
#define RS_MAX_USES 1000
#define PUSH(s, arr, n, cap)                                                                       \
	(((s)->n == (s)->cap                                                                       \
	      ? ((s)->arr = xgrow((s)->arr, &(s)->cap, (s)->n + 1, sizeof *(s)->arr))              \
	      : 0),                                                                                \
	 memset(&(s)->arr[(s)->n], 0, sizeof *(s)->arr), &(s)->arr[(s)->n++])

#define FPUSH(f, arr, n, cap)                                                                      \
	((f)->n >= RS_FILE_CAP                                                                     \
	     ? NULL                                                                                \
	     : (((f)->n == (f)->cap ? ((f)->arr = rs_fgrow((f)->arr, &(f)->cap, sizeof *(f)->arr)) \
				    : 0),                                                          \
		memset(&(f)->arr[(f)->n], 0, sizeof *(f)->arr), &(f)->arr[(f)->n++]))
void *rs_fgrow(void *p, int *cap, size_t size);

/* What a router expression resolves to. */
struct rinfo {
	enum reposcan_family fam;
	int known, guessed, is_root;
	const char *prefix; /* NULL = unknown */
	char base[KEYLEN];  /* the variable the chain starts from */
};

/* Routers (reposcan_route.c). */
const char *rs_arg_string(struct fscan *f, int a, int b);
int rs_resolve_router(struct fscan *f, int a, int b, struct rinfo *ri, int depth);
void rs_route_call(struct fscan *f, int i, int ra, int rb, int lp);
int rs_funcv_call(struct fscan *f, int i);
void rs_use_call(struct fscan *f, int i, int ra, int rb, int lp);

/* Config reloads (reposcan_viper.c). */
void rs_viper_call(struct fscan *f, int i, int ra, int rb, int lp);

/* Recognisers (reposcan_find.c). */
void rs_call(struct fscan *f, int i);
void rs_assign(struct fscan *f, int i);
void rs_composite(struct fscan *f, int i);
void rs_receive(struct fscan *f, int i);
void rs_end_top(struct fscan *f);
void rs_end_file(struct fscan *f);

#endif
