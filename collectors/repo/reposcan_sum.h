/* reposcan_sum.h: function summaries of the repo scanner (private to
 * collectors/repo/reposcan*.c).
 *
 * A registration whose path, prefix or handler is not a literal at the
 * call is not a route yet: it becomes a template over the enclosing
 * function's parameters, a range over a route table, or package constants
 * ("symbolic values" below). The per-file pass (reposcan_sym.c) records
 * the templates, every call that could feed one (the callee by name, each
 * argument as a symbolic value), package-level string constants, route
 * table elements and struct field orders. reposcan_summary.c then, once
 * all files are read, substitutes call sites into templates to a fixed
 * point (bounded depth and count, so recursion ends), and emits a route
 * per fully-resolved instance at the outermost call site, with the chain
 * as evidence, or an unresolved entry saying why.
 *
 * Symbolic values are strings in which a marker "\1X...\2" stands for what
 * is not known yet:
 *   \1P<k>\2          parameter k of the summarised function
 *   \1R<k>\2          the path prefix of router parameter k
 *   \1C<pkg>\3<name>\2 the package-level string constant pkg.name
 *   \1E<table>\3<field>\2 a field of an element of route table <table>
 *                     (a table is named "pkg#var", "pkg#.field")
 *                     (field "" = a map's value, "\4" = a map's key)
 *   \1F<field>\2      field <field> of the summarised method's receiver
 *                     (s.base in func (s *server) ...), completed by the
 *                     receiver at each call: a composite literal or a
 *                     constructor's (x := &server{base: "/v1"}, newServer("/v1"))
 *   \1G<field>\2      the path prefix of the router in field <field> of
 *                     the receiver (a.g.GET with a := &api{g: r.Group("/v2")})
 *   \1?<why>\2        not computable here (why)
 * Only the buffers and tokens are used: no file I/O. */
#ifndef GOTRIAGE_REPOSCAN_SUM_H
#define GOTRIAGE_REPOSCAN_SUM_H

#include "reposcan_priv.h"

#define SV_M '\001'
#define SV_E '\002'
#define SV_S '\003'
#define SV_KEY '\004'

#define SUM_MAX_DEPTH 8		 /* helper levels followed */
#define SUM_MAX_TEMPLATES 200000 /* instances made in one scan */
#define SUM_MAX_PER_ORIGIN 20000 /* of one registration (a fan-out of helpers) */
#define SUM_MAX_CALLS 2000000
#define SUM_MAX_ARGS 8
#define SUM_MAX_FIELDS 8
#define SUM_RET_ARG (SUM_MAX_ARGS - 1) /* \1R7\2: the router a function returns */
#define FV_SLOTS 4

/* The arguments of add(p, h) with add a function-valued parameter: 0, 1, 2
 * and the last (reposcan_funcv.c). */
struct sum_fv {
	int n;
	const char *enc[FV_SLOTS], *text[FV_SLOTS], *sym[FV_SLOTS], *expr[FV_SLOTS];
};

/* The function a template's parameters belong to. */
struct sum_fn {
	const char *pkg;  /* symbol_pkg of its file */
	const char *name; /* function, method, or closure variable name */
	const char *recv; /* receiver base type ("Server"), NULL if none */
	int file, top;	  /* closure variables: file and top function; -1 = none */
};

/* SUM_GRPC: RegisterService(desc, impl) with desc a table element or a
 * parameter; the descriptor's text rides in handler (completed as text). */
enum sum_kind { SUM_ROUTE, SUM_LISTEN, SUM_GRPC };

struct sum_tmpl {
	struct sum_fn fn;
	enum sum_kind kind;
	struct reposcan_site at; /* where the route will be reported */
	const char *chain;	 /* "a.go:3 s.get -> b.go:9 mux.HandleFunc" */
	int depth, keep_at, origin;
	enum reposcan_family fam;
	int fam_guessed, fam_param; /* fam_param: take the family from router param k */
	const char *call, *router;
	const char *method, *path;  /* symbolic */
	const char *full;	    /* the router's prefix (symbolic), NULL = unknown */
	const char *handler, *hsym; /* symbolic (text, symbol) */
	const char *expr;	    /* the path/address argument as written */
	int mount, used;
	int made, capped;	    /* on originals: instances made, the cap reported */
	const char *mw_router;	    /* caller's router argument text (middleware order) */
	struct reposcan_site mw_at; /* and where that call is */
	/* add(p, h) with add a function-valued parameter (reposcan_funcv.c):
	 * fv_arg = its index + 1 (0: not such a template); the arguments 0, 1,
	 * 2 and the last, until a router method value decides the layout */
	int fv_arg;
	struct sum_fv *fv; /* arena; only on such templates (keeps the others small) */
};

struct sum_arg {
	const char *enc;     /* string value (symbolic), NULL: not a string */
	const char *rprefix; /* router prefix (symbolic), NULL: not a router */
	enum reposcan_family rfam;
	int rguessed;
	const char *text, *sym; /* source text, function symbol guess */
	/* a router method value (mux.HandleFunc, r.Get): its name, router
	 * text and prefix (symbolic); mv_name NULL: not one */
	const char *mv_name, *mv_router, *mv_prefix;
	enum reposcan_family mv_fam;
	int mv_guessed;
};

/* What a method call's receiver is (x.m() with x := &T{k: v} or x :=
 * newT(args)): the fields written in the literal, or the constructor and
 * its arguments; the receiver fields (F markers) of the callee come from
 * it. */
struct sum_rf {
	const char *ctor, *ctor_pkg; /* NULL: a literal, name[]/val[] its fields */
	int n;			     /* fields, or the constructor's arguments */
	const char *name[SUM_MAX_FIELDS];
	struct sum_arg val[SUM_MAX_FIELDS];
	/* x.k = v statements between the definition and the call (they win) */
	int ns;
	const char *sname[SUM_MAX_FIELDS];
	struct sum_arg sval[SUM_MAX_FIELDS];
};

/* func newT(p...) *T { return &T{k: v...} }: the fields it sets (v
 * symbolic over newT's parameters). */
struct sum_ctor {
	const char *pkg, *name;
	int n;
	const char *field[SUM_MAX_FIELDS], *enc[SUM_MAX_FIELDS];
	const char *rpre[SUM_MAX_FIELDS]; /* router fields: their prefix, else NULL */
};

struct sum_call {
	const char *name; /* callee name */
	const char *pkg;  /* package the callee is looked up in */
	const char *recv; /* methods: receiver type, "" unknown; NULL: not a method */
	struct sum_fn caller;
	int file, top; /* where the call is */
	struct reposcan_site at;
	const char *text;   /* callee expression: "s.get" */
	const char *rtypes; /* unknown receivers: types it evidently holds, "|pkg.T|", NULL */
	int nargs;
	struct sum_arg *args;
	int next;		 /* next call of the same name (hash chain), -1 */
	int self;		 /* a method called on the caller's own receiver */
	int recv_only;		 /* recorded for its receiver only: feeds F markers alone */
	const struct sum_rf *rf; /* the receiver's fields, NULL if unknown */
};

struct sum_const {
	const char *pkg, *name, *enc;
};

struct sum_elem { /* one element of a route table */
	const char *table;
	const char *type; /* element type name ("route"), NULL if inline/unknown */
	const char *pkg;
	struct reposcan_site at;
	struct sum_arg key; /* maps: the key */
	int nf;
	const char *fname[SUM_MAX_FIELDS]; /* NULL: positional */
	struct sum_arg val[SUM_MAX_FIELDS];
	const char *inline_fields[SUM_MAX_FIELDS]; /* inline struct type field names */
	int ninline;
};

struct sum_struct { /* field order of a struct type, for positional elements */
	const char *pkg, *name;
	int n;
	const char *field[SUM_MAX_FIELDS];
	/* a field declared with a router type (r *gin.Engine), by the imports
	 * of the struct's file: s.r.GET(...) in a method is of that family */
	enum reposcan_family ffam[SUM_MAX_FIELDS];
};

struct sum_method {
	const char *name, *recv, *pkg;
};

struct sum_mount { /* chi r.Mount("/admin", sub) with sub a router variable */
	size_t file;
	const char *func, *key, *prefix;
};

/* registerX(r) called after routes were put on r in the caller; and Use
 * calls on a router parameter (reposcan_fieldset.c): joined at the end. */
struct sum_mwcall {
	const char *pkg, *fn; /* the callee */
	int k, count, first_line;
	struct reposcan_site at; /* the call */
	const char *router;	 /* its router argument */
};

struct sum_hroute { /* a route a helper put on router argument router of a call at */
	struct reposcan_site at;
	const char *router;
};

struct sum_mwparam {
	size_t mw; /* into s->mws */
	const char *pkg, *fn;
	int k;
};

struct sum_state {
	struct sum_mwcall *mc;
	size_t nmc, mccap;
	struct sum_mwparam *mp;
	size_t nmp, mpcap;
	struct sum_hroute *hr;
	size_t nhr, hrcap;
	struct sum_mount *mo;
	size_t nmo, mocap;
	struct sum_tmpl *t;
	size_t nt, tcap;
	struct sum_call *c;
	size_t nc, ccap;
	struct sum_const *k;
	size_t nk, kcap;
	struct sum_elem *e;
	size_t ne, ecap;
	struct sum_struct *st;
	size_t nst, stcap;
	struct sum_method *m;
	size_t nm, mcap;
	struct sum_ctor *ct;
	size_t nct, ctcap;
	int calls_capped;
};

/* Per file (reposcan_sym.c). */
/* Is the NUL-terminated w inside p[0, n)? (short needles; no setup cost) */
const void *rs_has_sub(const char *p, size_t n, const char *w, size_t wl);
struct sum_state *rs_sum(struct reposcan *s);
int rs_sv_has(const char *v, char kind); /* a marker of this kind in v; 0 = any */
/* The marker of parameter k ('P') or router parameter k ('R'). */
const char *rs_mark(struct fscan *f, char kind, int k);
const char *rs_enc(struct fscan *f, int a, int b);
const char *rs_enc_cheap(struct fscan *f, int a, int b); /* reasons left generic */
int rs_param(const struct fscan *f, int tok, int *ta, int *tb);
int rs_param_router(struct fscan *f, int tok, struct rinfo *ri);
/* recv.field over [a, b] in a method: the G marker of that field, else NULL. */
const char *rs_recv_router_mark(struct fscan *f, int a, int b);
void rs_sum_fn(const struct fscan *f, struct sum_fn *fn);
void rs_sum_arg(struct fscan *f, int a, int b, struct sum_arg *out);
void rs_sum_call(struct fscan *f, int i, int ra, int rb, int lp);
/* A call that hands a router (prefix) to function [ca, cb] as argument
 * argk without writing the call: r.Route("/x", h.Routes) (argk 0),
 * r.Mount("/x", h.Routes()) (argk SUM_RET_ARG: the router it returns). */
void rs_sum_router_call(struct fscan *f, int at, int ca, int cb, int argk, const char *prefix,
			enum reposcan_family fam, const char *rtext);
/* Does the current function return the router variable key? */
int rs_returns_var(const struct fscan *f, const char *key);
int rs_sum_route(struct fscan *f, int i, const struct rinfo *ri, const char *router,
		 const char *method, int path_a, int path_b, int h_a, int h_b, int mount);
int rs_sum_listen(struct fscan *f, int i, const char *call, int a, int b);
int rs_sum_grpc(struct fscan *f, int i, int ra, int rb, int da, int db);
void rs_sum_const(struct fscan *f, int i, int lhs_a, int lhs_b, int rhs, int end);
void rs_sum_assign(struct fscan *f, int i, int lhs_a, int lhs_b, int rhs, int end);
void rs_sum_range(struct fscan *f, int i);
void rs_sum_type(struct fscan *f, int i);
void rs_sum_method(struct fscan *f, const struct funcdecl *fd);
void rs_sum_mount(struct fscan *f, int i, const struct rinfo *ri, int pa, int pb, int ra, int rb);

/* Definitions of local names (reposcan_evident.c). */
const char *rs_evident_types(struct fscan *f, int tok, int at); /* "|pkg.T|pkg.U|", NULL */
int rs_type_in(const char *types, const char *pkg, const char *name);
/* The type of a value expression written in place ((&T{}).M()), NULL. */
const char *rs_expr_types(struct fscan *f, int a, int b);
/* Is the name at token tok declared in the current function (x := ...,
 * var x, a parameter)? */
int rs_is_local(struct fscan *f, int tok);
int rs_sum_field_funcv(struct fscan *f, int i, int lhs_a, int lhs_b, int rhs, int end);
void rs_sum_literal_funcv(struct fscan *f, int a, int b);
/* The fields of the receiver [a, b] of a method call at token at, from
 * its definition in this function; NULL if it is not a literal or a
 * call. (reposcan_evident.c) */
const struct sum_rf *rs_recv_fields(struct fscan *f, int a, int b, int at);
/* x := &T{...} or x := newT(...) over [ra, rb]: noted for rs_recv_fields. */
void rs_recv_note(struct fscan *f, int lhs_a, int lhs_b, int ra, int rb);
/* x.k over [a, b] with x := &T{k: v} earlier in this function: v's range. */
int rs_local_field(struct fscan *f, int a, int b, int *va, int *vb);
/* return &T{k: v} at composite type token i: a constructor's fields. */
void rs_sum_ctor(struct fscan *f, int i);

/* Router methods passed as function values (reposcan_funcv.c). */
void rs_funcv_arg(struct fscan *f, int a, int b, struct sum_arg *out);
int rs_funcv_interesting(struct fscan *f, int a, int b);
int rs_funcv_param_call(struct fscan *f, int i, int lp);
int rs_funcv_instance(struct reposcan *s, const struct sum_tmpl *t, const struct sum_call *c,
		      struct sum_tmpl *n, const char **prefix);

/* Routers in package-level variables of another file (reposcan_pkgvar.c). */
/* The family of a router type over [a, b] (*gin.Engine, chi.Router, ...);
 * *root: one only a constructor makes. */
enum reposcan_family rs_type_family(const struct fscan *f, int a, int b, int *root);
void rs_pkgvar_decls(struct fscan *f);
void rs_pkgvar_assign(struct fscan *f, int lhs_a, int lhs_b, const struct rinfo *ri);
void rs_pkgvar_group(struct fscan *f, int lhs_a, int lhs_b, int rhs, int end);
void rs_pkgvar_route(struct fscan *f, int ra, int rb, size_t idx); /* a guessed route */
/* A listen call (s->listens[idx]) on package variable ra: kept if it is a
 * router of family fam; 0 when it could not be noted. */
int rs_pkgvar_listen(struct fscan *f, int ra, enum reposcan_family fam, size_t idx);
void rs_pkgvar_finish(struct reposcan *s);
void rs_pkgvar_free(struct pkgvar_state *p);

/* Composite literals as field lists (reposcan_evident.c). */
int rs_lit_brace(const struct fscan *f, int a, int b);
int rs_lit_fields(struct fscan *f, int lb, int rb, const char **name, struct sum_arg *val);

/* Fields set outside literals (reposcan_fieldset.c): package-level
 * struct variables (var cfg = Config{Addr: ...}) as constants "cfg.Addr";
 * x.k = v statements: a constructor's, the caller's before x.m(), and
 * package variables' fields overwritten at run time. */
void rs_pkgstruct_consts(struct fscan *f, int name_tok, int rhs, int end);
void rs_fieldset_assign(struct fscan *f, int i, int lhs_a, int lhs_b, int rhs, int end);
/* rf (may be NULL) completed with x.k = v before token at; NULL if none. */
const struct sum_rf *rs_recv_setters(struct fscan *f, int x, int at, const struct sum_rf *rf);
/* Middleware added in a callee to a router the caller had routes on. */
void rs_mw_call(struct fscan *f, int i, int lp);
void rs_mw_param(struct fscan *f, int ra, size_t mw);
void rs_mw_finish(struct reposcan *s);
void rs_consts_dedupe(struct sum_state *ss);
/* ListenAndServe(addr, h) just added: h kept on the listen (s->listens
 * past nl) or its template (past nt). */
void rs_listen_handler(struct fscan *f, size_t nl, size_t nt, const char *h);
/* Routes registered on the handler of a listen call in the same function
 * get its literal address (served_addr). */
void rs_served_addrs(struct reposcan *s);

/* The worklist's lookups (reposcan_sumset.c): instances already made,
 * as indices into sum_state.t (which moves as it grows). */
struct sum_tslot {
	uint32_t hash;
	int32_t idx; /* -1: empty */
};
struct sum_tset {
	struct sum_tslot *slot;
	size_t cap, n;
};
int rs_tset_has(const struct sum_tset *set, const struct sum_tmpl *all, const struct sum_tmpl *n);
void rs_tset_insert(struct sum_tset *set, const struct sum_tmpl *all, size_t idx);
void rs_tset_free(struct sum_tset *set);
int rs_method_cmp(const void *a, const void *b); /* sum_method by name */
int rs_callee_match(const struct sum_state *ss, const struct sum_fn *fn, const struct sum_call *c);
void rs_field_family(const struct sum_state *ss, struct sum_tmpl *t);

/* Once all files are in (reposcan_summary.c). */
void rs_summary_finish(struct reposcan *s);
void rs_sum_free(struct sum_state *st);

#endif
