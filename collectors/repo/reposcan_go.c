/* reposcan_go.c: the per-file analysis of the repo scanner: lexing,
 * bracket matching, the top-level pass and the walk over function bodies
 * with frames and bindings; see reposcan_priv.h. */
#include "reposcan_sum.h"

#include <stdlib.h>
#include <string.h>

static int is_closer(const struct fscan *f, int i)
{
	return rs_is_op(f, i, GOOP_RPAREN) || rs_is_op(f, i, GOOP_RBRACK) ||
	       rs_is_op(f, i, GOOP_RBRACE);
}

static int is_opener(const struct fscan *f, int i)
{
	return rs_is_op(f, i, GOOP_LPAREN) || rs_is_op(f, i, GOOP_LBRACK) ||
	       rs_is_op(f, i, GOOP_LBRACE);
}

/* ---- pass 1: package clause, imports, declarations ---- */

/* From token k (after a signature's parameters), the '{' of the body, or
 * -1 when the signature has no body (a func type or an external func). */
static int find_body(const struct fscan *f, int k)
{
	for (int guard = 0; k < f->nt && guard < 4096; guard++) {
		const struct gotok *t = &f->t[k];

		if (t->kind == GOTOK_OP) {
			if (t->sub == GOOP_LBRACE)
				return k;
			if (t->sub == GOOP_LPAREN || t->sub == GOOP_LBRACK) {
				if (f->m[k] <= k)
					return -1;
				k = f->m[k] + 1;
				continue;
			}
			if (t->sub == GOOP_MUL || t->sub == GOOP_PERIOD || t->sub == GOOP_ARROW) {
				k++;
				continue;
			}
			return -1;
		}
		if (t->kind == GOTOK_KEYWORD &&
		    (t->sub == GOKW_STRUCT || t->sub == GOKW_INTERFACE)) {
			if (rs_is_op(f, k + 1, GOOP_LBRACE) && f->m[k + 1] > k + 1)
				k = f->m[k + 1] + 1;
			else
				k++;
			continue;
		}
		if (t->kind == GOTOK_IDENT || t->kind == GOTOK_KEYWORD) {
			k++;
			continue;
		}
		return -1;
	}
	return -1;
}

static const struct {
	enum imp_role role;
	const char *path;
	int versioned; /* also path/vN */
} roles[] = {
    {IMP_HTTP, "net/http", 0},
    {IMP_NET, "net", 0},
    {IMP_TLS, "crypto/tls", 0},
    {IMP_TIME, "time", 0},
    {IMP_FLAG, "flag", 0},
    {IMP_OS, "os", 0},
    {IMP_PLUGIN, "plugin", 0},
    {IMP_EMBED, "embed", 0},
    {IMP_FS, "io/fs", 0},
    {IMP_GIN, "github.com/gin-gonic/gin", 0},
    {IMP_ECHO, "github.com/labstack/echo", 1},
    {IMP_CHI, "github.com/go-chi/chi", 1},
    {IMP_GORILLA, "github.com/gorilla/mux", 0},
    {IMP_GRPC, "google.golang.org/grpc", 0},
    {IMP_REFLECTION, "google.golang.org/grpc/reflection", 0},
    {IMP_VIPER, "github.com/spf13/viper", 0},
};

static int path_is(const char *p, size_t n, const char *want, int versioned)
{
	size_t wl = strlen(want);

	if (n == wl)
		return memcmp(p, want, n) == 0;
	if (!versioned || n < wl + 3 || memcmp(p, want, wl) != 0 || p[wl] != '/' ||
	    p[wl + 1] != 'v')
		return 0;
	for (size_t i = wl + 2; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	return 1;
}

/* The package name an import path gets by default: the last element,
 * skipping a /vN major-version element, without a ".vN" suffix. */
static void default_name(const char *p, size_t n, const char **name, size_t *nlen)
{
	size_t end = n, start;

	for (;;) {
		start = end;
		while (start > 0 && p[start - 1] != '/')
			start--;
		if (end - start >= 2 && p[start] == 'v' && start > 0) {
			size_t k = start + 1;

			while (k < end && p[k] >= '0' && p[k] <= '9')
				k++;
			if (k == end) {
				end = start - 1;
				continue;
			}
		}
		break;
	}
	*name = p + start;
	*nlen = end - start;
	for (size_t k = start; k + 2 < end; k++) {
		if (p[k] == '.' && p[k + 1] == 'v' && p[k + 2] >= '0' && p[k + 2] <= '9') {
			*nlen = k - start;
			break;
		}
	}
}

static void add_import(struct fscan *f, int name_tok, int path_tok)
{
	const char *path = f->src + f->t[path_tok].off + 1, *name;
	size_t plen = f->t[path_tok].len >= 2 ? f->t[path_tok].len - 2 : 0, nlen;

	if (f->t[path_tok].len < 2)
		return;
	if (plen == 1 && path[0] == 'C') {
		f->s->files[f->file].imports_c = 1;
		f->s->files[f->file].imports_c_line = (int)f->t[path_tok].line;
	}
	if (name_tok >= 0) {
		name = f->src + f->t[name_tok].off;
		nlen = f->t[name_tok].len;
		if (nlen == 1 && (name[0] == '_' || name[0] == '.'))
			return;
	} else {
		default_name(path, plen, &name, &nlen);
	}
	if (f->nimps < (int)ARRAY_LEN(f->imps)) {
		f->imps[f->nimps].name = name;
		f->imps[f->nimps].nlen = nlen;
		f->imps[f->nimps].path = path;
		f->imps[f->nimps].plen = plen;
		f->nimps++;
	}
	for (size_t r = 0; r < ARRAY_LEN(roles); r++) {
		if (path_is(path, plen, roles[r].path, roles[r].versioned)) {
			f->role[roles[r].role] = name;
			f->role_len[roles[r].role] = nlen;
			if (roles[r].role >= IMP_GIN && roles[r].role <= IMP_GORILLA)
				f->has_router_import = 1;
		}
	}
}

static int parse_imports(struct fscan *f, int i)
{
	int end;

	if (rs_is_op(f, i, GOOP_LPAREN)) {
		end = f->m[i] > i ? f->m[i] : f->nt - 1;
		i++;
	} else {
		end = i + 2 < f->nt ? i + 2 : f->nt - 1;
	}
	while (i < end && i < f->nt) {
		if (rs_is_str(f, i)) {
			add_import(f, -1, i);
		} else if ((rs_is_ident(f, i) || rs_is_op(f, i, GOOP_PERIOD)) &&
			   rs_is_str(f, i + 1)) {
			add_import(f, i, i + 1);
			i++;
		}
		i++;
	}
	return end;
}

static const char *recv_type(struct fscan *f, int lp, const char **recv_name)
{
	int rp = f->m[lp], k = lp + 1, ptr = 0, generic = 0;
	char name[KEYLEN];

	*recv_name = NULL;
	if (rp <= lp)
		return "?";
	if (rs_is_ident(f, k) && (rs_is_ident(f, k + 1) || rs_is_op(f, k + 1, GOOP_MUL) ||
				  rs_is_op(f, k + 1, GOOP_LPAREN))) {
		rs_key(f, k, k, name, sizeof name);
		*recv_name = reposcan_strdup(f->s, name);
		k++;
	}
	while (k < rp && (rs_is_op(f, k, GOOP_MUL) || rs_is_op(f, k, GOOP_LPAREN))) {
		ptr |= rs_is_op(f, k, GOOP_MUL);
		k++;
	}
	if (!rs_is_ident(f, k) || rs_key(f, k, k, name, sizeof name) < 0)
		return "?";
	generic = rs_is_op(f, k + 1, GOOP_LBRACK);
	if (ptr)
		return reposcan_printf(f->s, "(*%s%s)", name, generic ? "[...]" : "");
	return reposcan_printf(f->s, "%s%s", name, generic ? "[...]" : "");
}

static int parse_func(struct fscan *f, int i, int numbering_inits)
{
	struct reposcan_file *file = &f->s->files[f->file];
	struct reposcan_state *st = f->s->priv;
	struct funcdecl fd;
	int k = i + 1;
	char name[KEYLEN];

	memset(&fd, 0, sizeof fd);
	fd.func_tok = i;
	fd.body_lb = -1;
	if (rs_is_op(f, k, GOOP_LPAREN) && f->m[k] > k) {
		fd.recv_type = recv_type(f, k, &fd.recv_name);
		k = f->m[k] + 1;
	}
	if (!rs_is_ident(f, k) || rs_key(f, k, k, name, sizeof name) < 0)
		return k;
	fd.name_tok = k++;
	if (rs_is_op(f, k, GOOP_LBRACK) && f->m[k] > k)
		k = f->m[k] + 1;
	if (!rs_is_op(f, k, GOOP_LPAREN) || f->m[k] <= k)
		return k;
	fd.params_lp = k;
	fd.body_lb = find_body(f, f->m[k] + 1);
	if (fd.recv_type != NULL)
		fd.name = reposcan_printf(f->s, "%s.%s", fd.recv_type, name);
	else if (strcmp(name, "init") == 0 && numbering_inits)
		fd.name = reposcan_printf(f->s, "init.%d", st->init_next++);
	else
		fd.name = reposcan_strdup(f->s, name);
	fd.symbol = reposcan_printf(f->s, "%s.%s", file->symbol_pkg, fd.name);
	if (f->nfuncs == f->funcs_cap) {
		size_t cap = (size_t)f->funcs_cap;

		f->funcs = xgrow(f->funcs, &cap, (size_t)f->nfuncs + 1, sizeof *f->funcs);
		f->funcs_cap = (int)cap;
	}
	f->funcs[f->nfuncs++] = fd;
	if (fd.recv_type != NULL && numbering_inits)
		rs_sum_method(f, &f->funcs[f->nfuncs - 1]);
	if (fd.body_lb >= 0 && f->m[fd.body_lb] > fd.body_lb)
		return f->m[fd.body_lb] + 1;
	return k;
}

/* The //go:embed comments between code tokens prev and next. */
static void embed_directives(struct fscan *f, int prev, int next, int name_tok)
{
	uint32_t lo = prev >= 0 ? f->t[prev].off : 0, hi = f->t[next].off;
	char var[KEYLEN];
	int is_fs = 0, k = name_tok + 1;

	if (f->ncm == 0 || !rs_is_ident(f, name_tok))
		return;
	rs_key(f, name_tok, name_tok, var, sizeof var);
	if (rs_is_role(f, k, IMP_EMBED) && rs_is_op(f, k + 1, GOOP_PERIOD) &&
	    rs_tok_is(f, k + 2, "FS"))
		is_fs = 1;
	/* Directive comments are in offset order: start at the first >= lo. */
	int c0 = 0, c1 = f->ncm;

	while (c0 < c1) {
		int mid = c0 + (c1 - c0) / 2;

		if (f->cm[mid].off < lo)
			c0 = mid + 1;
		else
			c1 = mid;
	}
	for (int c = c0; c < f->ncm && f->cm[c].off <= hi; c++) {
		const struct gotok *cm = &f->cm[c];
		const char *p, *e;

		p = f->src + cm->off + 10; /* after "//go:embed" */
		e = f->src + cm->off + cm->len;
		while (p < e) {
			const char *q;
			char pat[512];
			size_t n = 0;
			struct reposcan_embed *em;

			while (p < e && (*p == ' ' || *p == '\t' || *p == '\r'))
				p++;
			if (p >= e)
				break;
			if (*p == '"' || *p == '`') {
				char quote = *p++;

				for (q = p; q < e && *q != quote; q++) {
					if (quote == '"' && *q == '\\' && q + 1 < e)
						q++;
					if (n + 1 < sizeof pat)
						pat[n++] = *q;
				}
				p = q < e ? q + 1 : e;
			} else {
				for (q = p; q < e && *q != ' ' && *q != '\t' && *q != '\r'; q++)
					if (n + 1 < sizeof pat)
						pat[n++] = *q;
				p = q;
			}
			pat[n] = '\0';
			if (f->s->nembeds == f->s->embeds_cap)
				f->s->embeds = xgrow(f->s->embeds, &f->s->embeds_cap,
						     f->s->nembeds + 1, sizeof *f->s->embeds);
			em = &f->s->embeds[f->s->nembeds++];
			memset(em, 0, sizeof *em);
			em->at.file = f->file;
			em->at.line = (int)cm->line;
			em->at.func = "";
			em->var = reposcan_strdup(f->s, var);
			em->pattern = reposcan_strdup(f->s, pat);
			em->is_fs = is_fs;
			em->matches = -1;
			{
				const char *pp = strncmp(pat, "all:", 4) == 0 ? pat + 4 : pat;
				const char *why;

				em->valid =
				    strcmp(pp, ".") != 0 && reposcan_valid_fs_path(pp, &why);
			}
		}
	}
}

/* var/const declarations at package level: embed directives, and the
 * ranges pass 2 walks for initialisers. Returns the index after it. */
static int parse_var(struct fscan *f, int i, int *ranges, int *nranges, int max)
{
	int k = i + 1, end;

	if (rs_is_op(f, k, GOOP_LPAREN)) {
		end = f->m[k] > k ? f->m[k] : f->nt - 1;
		if (f->t[i].sub == GOKW_VAR) {
			int prev = k;

			for (int j = k + 1; j < end; j++) {
				if (rs_is_ident(f, j) && (rs_is_op(f, j - 1, GOOP_LPAREN) ||
							  f->t[j - 1].kind == GOTOK_SEMI))
					embed_directives(f, prev, j, j);
				if (f->t[j].kind == GOTOK_SEMI)
					prev = j;
				if (is_opener(f, j) && f->m[j] > j)
					j = f->m[j];
			}
		}
	} else {
		end = k;
		while (end < f->nt && f->t[end].kind != GOTOK_SEMI && f->t[end].kind != GOTOK_EOF) {
			if (is_opener(f, end) && f->m[end] > end)
				end = f->m[end];
			end++;
		}
		if (f->t[i].sub == GOKW_VAR)
			embed_directives(f, i - 1, i, k);
	}
	if (*nranges < max) {
		ranges[2 * *nranges] = i;
		ranges[2 * *nranges + 1] = end;
		(*nranges)++;
	}
	return end + 1;
}

/* ---- pass 2: the walk ---- */

static void push_closure(struct fscan *f, int i)
{
	struct frame *parent = &f->fr[f->nfr - 1], *fr;
	struct reposcan_file *file = &f->s->files[f->file];
	int lp = i + 1, rp = f->m[lp], lb, n;
	const char *name;

	if (rp <= lp || (lb = find_body(f, rp + 1)) < 0 || f->m[lb] <= lb)
		return;
	if (parent->name == NULL || parent->name[0] == '\0') {
		n = ++f->glob_closgen;
		name = reposcan_printf(f->s, "glob..func%d", n);
	} else {
		n = ++parent->closgen;
		name = reposcan_printf(f->s, f->nfr > 1 ? "%s.%d" : "%s.func%d", parent->name, n);
	}
	if (f->ncl == f->clcap) {
		size_t cap = (size_t)f->clcap;

		f->cl = xgrow(f->cl, &cap, (size_t)f->ncl + 1, sizeof *f->cl);
		f->clcap = (int)cap;
	}
	f->cl[f->ncl].func_tok = i;
	f->cl[f->ncl].name = name;
	f->cl[f->ncl].symbol = reposcan_printf(f->s, "%s.%s", file->symbol_pkg, name);
	/* chi Route/Group callbacks: bind the router parameter. */
	for (int k = 0; k < f->npb; k++) {
		if (f->pb[k].func_tok == i && rs_is_ident(f, lp + 1)) {
			char key[KEYLEN];
			struct binding *b;

			rs_key(f, lp + 1, lp + 1, key, sizeof key);
			if ((b = rs_bind(f, key, B_ROUTER, lp + 1)) != NULL) {
				b->fam = f->pb[k].fam;
				b->prefix = f->pb[k].prefix;
				b->end = f->m[lb];
			}
		}
	}
	if (f->nfr >= (int)ARRAY_LEN(f->fr))
		return;
	fr = &f->fr[f->nfr++];
	memset(fr, 0, sizeof *fr);
	fr->lb = lb;
	fr->rb = f->m[lb];
	fr->name = name;
	fr->symbol = f->cl[f->ncl].symbol;
	fr->is_go = rs_is_kw(f, i - 1, GOKW_GO);
	fr->plp = lp;
	/* add := func(p string, h http.HandlerFunc) {...}: a function value
	 * whose calls may register (reposcan_sum.h). */
	if ((rs_is_op(f, i - 1, GOOP_DEFINE) || rs_is_op(f, i - 1, GOOP_ASSIGN)) &&
	    rs_is_ident(f, i - 2) && !rs_is_op(f, i - 3, GOOP_PERIOD) &&
	    !rs_is_op(f, i - 3, GOOP_COMMA)) {
		char var[KEYLEN];

		rs_key(f, i - 2, i - 2, var, sizeof var);
		fr->var = reposcan_strdup(f->s, var);
	}
	f->ncl++;
}

static void go_stmt(struct fscan *f, int i)
{
	struct reposcan_state *st = f->s->priv;
	int k = i + 1, guard = 0;
	const char *sym;

	while (k < f->nt && guard++ < 100000) {
		if (f->t[k].kind == GOTOK_SEMI || f->t[k].kind == GOTOK_EOF || is_closer(f, k))
			break;
		if (is_opener(f, k) && f->m[k] > k)
			k = f->m[k];
		k++;
	}
	if (f->ngo < (int)ARRAY_LEN(f->go_a)) {
		f->go_a[f->ngo] = i;
		f->go_b[f->ngo] = k - 1;
		f->ngo++;
	}
	if (f->top >= 0 && f->funcs[f->top].recv_type == NULL && k - 1 > i &&
	    (strcmp(f->funcs[f->top].name, "init") == 0 ||
	     strncmp(f->funcs[f->top].name, "init.", 5) == 0)) {
		struct reposcan_initgo *g;

		if (f->s->ninitgos == f->s->initgos_cap)
			f->s->initgos = xgrow(f->s->initgos, &f->s->initgos_cap, f->s->ninitgos + 1,
					      sizeof *f->s->initgos);
		g = &f->s->initgos[f->s->ninitgos++];
		g->at = rs_site(f, i);
		g->expr = rs_text(f, i + 1, k - 1);
	}
	/* Remember what it starts, for ticker consumers. */
	{
		int c = i + 1;

		while (c < k && (rs_is_ident(f, c) || rs_is_op(f, c, GOOP_PERIOD)))
			c++;
		if (c > i + 1 && rs_is_op(f, c, GOOP_LPAREN) &&
		    (sym = rs_func_symbol(f, i + 1, c - 1)) != NULL)
			strlist_add(&st->go_started, sym);
	}
}

static void walk(struct fscan *f, int a, int b)
{
	for (int i = a; i < b && i < f->nt; i++) {
		const struct gotok *t = &f->t[i];

		while (f->nfr > 1 && i > f->fr[f->nfr - 1].rb)
			f->nfr--;
		switch (t->kind) {
		case GOTOK_KEYWORD:
			if (t->sub == GOKW_FUNC && rs_is_op(f, i + 1, GOOP_LPAREN))
				push_closure(f, i);
			else if (t->sub == GOKW_GO)
				go_stmt(f, i);
			else if (t->sub == GOKW_RANGE) {
				rs_receive(f, i);
				rs_sum_range(f, i);
			}
			break;
		case GOTOK_OP:
			if (t->sub == GOOP_ARROW)
				rs_receive(f, i);
			else if (t->sub == GOOP_DEFINE || t->sub == GOOP_ASSIGN)
				rs_assign(f, i);
			break;
		case GOTOK_IDENT:
			if (i + 1 < f->nt && f->t[i + 1].kind == GOTOK_OP) {
				if (f->t[i + 1].sub == GOOP_LPAREN)
					rs_call(f, i);
				else if (f->t[i + 1].sub == GOOP_LBRACE)
					rs_composite(f, i);
			}
			break;
		}
	}
	f->nfr = f->nfr > 0 ? 1 : 0;
}

static void match_brackets(struct fscan *f, int32_t *stack)
{
	int sp = 0;

	for (int i = 0; i < f->nt; i++) {
		f->m[i] = -1;
		if (f->t[i].kind != GOTOK_OP)
			continue;
		switch (f->t[i].sub) {
		case GOOP_LPAREN:
		case GOOP_LBRACK:
		case GOOP_LBRACE:
			stack[sp++] = i;
			break;
		case GOOP_RPAREN:
		case GOOP_RBRACK:
		case GOOP_RBRACE: {
			int want = f->t[i].sub == GOOP_RPAREN	? GOOP_LPAREN
				   : f->t[i].sub == GOOP_RBRACK ? GOOP_LBRACK
								: GOOP_LBRACE;

			/* A mismatched closer is left unmatched; the opener stays open. */
			if (sp > 0 && f->t[stack[sp - 1]].sub == want) {
				sp--;
				f->m[i] = stack[sp];
				f->m[stack[sp]] = i;
			}
			break;
		}
		}
	}
}

static void free_fscan(struct fscan *f)
{
	free(f->funcs);
	free(f->b);
	free(f->cl);
	free(f->regs);
	free(f->serves);
	free(f->recvs);
	free(f->pb);
	free(f->pt);
	free(f->pg);
}

/* Tokenises into the reused code/comment arrays; returns the token count. */
static int lex_file(struct reposcan_state *st, const char *src, size_t len, int *ncm)
{
	struct golex lx;
	struct gotok t;
	size_t n = 0, nc = 0;

	golex_init(&lx, src, len);
	for (;;) {
		int k = golex_next(&lx, &t);

		if (k == GOTOK_COMMENT) {
			if (t.len >= 11 && memcmp(src + t.off, "//go:embed", 10) == 0 &&
			    (src[t.off + 10] == ' ' || src[t.off + 10] == '\t')) {
				if (nc == st->cmts_cap)
					st->cmts = xgrow(st->cmts, &st->cmts_cap, nc + 1,
							 sizeof *st->cmts);
				st->cmts[nc++] = t;
			}
			continue;
		}
		if (n == st->code_cap)
			st->code = xgrow(st->code, &st->code_cap, n + 1, sizeof *st->code);
		st->code[n++] = t;
		if (k == GOTOK_EOF || n >= (size_t)INT32_MAX / 4)
			break;
	}
	*ncm = (int)nc;
	return (int)n;
}

void reposcan_source(struct reposcan *s, const char *relpath, const char *src, size_t len)
{
	struct reposcan_state *st = s->priv;
	struct reposcan_file *file;
	struct fscan f;
	const char *base = strrchr(relpath, '/');
	int ranges[2 * 256], nranges = 0, pkg_seen = 0, lines = 1;

	base = base != NULL ? base + 1 : relpath;
	if (s->nfiles == s->files_cap)
		s->files = xgrow(s->files, &s->files_cap, s->nfiles + 1, sizeof *s->files);
	file = &s->files[s->nfiles];
	memset(file, 0, sizeof *file);
	file->path = xstrdup(relpath);
	file->dir = xstrndup(relpath, base > relpath ? (size_t)(base - relpath - 1) : 0);
	file->size = len;
	for (size_t p = 0; p < len; p++)
		lines += src[p] == '\n';
	file->lines = lines;
	s->nfiles++;
	s->bytes += len;
	s->lines += (size_t)lines;

	memset(&f, 0, sizeof f);
	f.ev.name = -1;
	f.s = s;
	f.file = s->nfiles - 1;
	f.src = src;
	f.len = len;
	f.top = -1;
	f.reg_site = -1;
	f.nt = lex_file(st, src, len, &f.ncm);
	f.t = st->code;
	f.cm = st->cmts;
	if ((size_t)f.nt * 2 > st->match_cap)
		st->match = xgrow(st->match, &st->match_cap, (size_t)f.nt * 2, sizeof *st->match);
	f.m = st->match;
	match_brackets(&f, st->match + f.nt);

	/* Pass 1a: package clause and imports, which decide the verdict. */
	for (int i = 0; i < f.nt; i++) {
		if (!pkg_seen && rs_is_kw(&f, i, GOKW_PACKAGE) && rs_is_ident(&f, i + 1)) {
			char name[KEYLEN];

			rs_key(&f, i + 1, i + 1, name, sizeof name);
			file->pkg = xstrdup(name);
			pkg_seen = 1;
			i++;
		} else if (rs_is_kw(&f, i, GOKW_IMPORT)) {
			i = parse_imports(&f, i + 1);
		} else if (f.t[i].kind == GOTOK_KEYWORD && f.t[i].sub != GOKW_IMPORT &&
			   f.t[i].sub != GOKW_PACKAGE) {
			break; /* imports come first */
		}
	}
	buildconstraint_file(base, src, len, file->imports_c, &s->ctx, &file->bc);
	if (file->pkg != NULL && strcmp(file->pkg, "documentation") == 0 && file->bc.included) {
		buildconstraint_result_free(&file->bc);
		file->bc.reason = BCR_DOCUMENTATION;
		file->bc.constraint = xstrdup("package documentation");
		file->bc.term = xstrdup("documentation");
		file->bc.setting = xstrdup("go/build ignores files of package documentation");
	}
	if (file->pkg != NULL && strcmp(file->pkg, "main") == 0)
		file->symbol_pkg = xstrdup("main");
	else if (s->module != NULL && strcmp(s->module, "std") == 0)
		file->symbol_pkg = xstrdup(file->dir[0] != '\0' ? file->dir : "std");
	else if (s->module != NULL)
		file->symbol_pkg = file->dir[0] != '\0' ? xasprintf("%s/%s", s->module, file->dir)
							: xstrdup(s->module);
	else
		file->symbol_pkg =
		    xstrdup(file->dir[0] != '\0' ? file->dir : (file->pkg ? file->pkg : "main"));
	if (base[0] == '_' || base[0] == '.') {
		free_fscan(&f);
		return; /* go never compiles it; listed with its reason only */
	}
	file->scanned = 1;
	/* init functions are numbered across the package's built files. */
	if (st->init_dir == NULL || strcmp(st->init_dir, file->dir) != 0) {
		free(st->init_dir);
		st->init_dir = xstrdup(file->dir);
		st->init_next = 0;
	}

	/* Pass 1b: declarations. */
	for (int i = 0; i < f.nt;) {
		const struct gotok *t = &f.t[i];

		if (t->kind == GOTOK_KEYWORD && t->sub == GOKW_FUNC) {
			int next = parse_func(&f, i, file->bc.included);

			i = next > i ? next : i + 1;
		} else if (t->kind == GOTOK_KEYWORD && t->sub == GOKW_TYPE) {
			rs_sum_type(&f, i);
			i++;
		} else if (t->kind == GOTOK_KEYWORD &&
			   (t->sub == GOKW_VAR || t->sub == GOKW_CONST)) {
			int next = parse_var(&f, i, ranges, &nranges, (int)ARRAY_LEN(ranges) / 2);

			i = next > i ? next : i + 1;
		} else if (is_opener(&f, i) && f.m[i] > i) {
			i = f.m[i] + 1;
		} else {
			i++;
		}
	}

	/* Pass 2: package-level initialisers, then each function body. */
	f.nfr = 1;
	memset(&f.fr[0], 0, sizeof f.fr[0]);
	f.fr[0].name = "";
	f.fr[0].rb = f.nt;
	f.fr[0].plp = -1;
	for (int r = 0; r < nranges; r++)
		walk(&f, ranges[2 * r], ranges[2 * r + 1]);
	for (int k = 0; k < f.nfuncs; k++) {
		struct funcdecl *fd = &f.funcs[k];

		if (fd->body_lb < 0 || f.m[fd->body_lb] <= fd->body_lb)
			continue;
		f.top = k;
		f.nfr = 1;
		memset(&f.fr[0], 0, sizeof f.fr[0]);
		f.fr[0].lb = fd->body_lb;
		f.fr[0].rb = f.m[fd->body_lb];
		f.fr[0].name = fd->name;
		f.fr[0].symbol = fd->symbol;
		f.fr[0].plp = fd->params_lp;
		walk(&f, fd->body_lb + 1, f.m[fd->body_lb]);
		rs_end_top(&f);
		rs_drop_local_bindings(&f);
		f.nregs = 0;
		f.nserves = 0;
		f.npg = 0;
	}
	f.top = -1;
	rs_end_file(&f);
	free_fscan(&f);
}
