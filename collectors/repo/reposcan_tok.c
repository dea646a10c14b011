/* reposcan_tok.c: token-level helpers of the repo scanner: token tests,
 * expression boundaries and keys, argument splitting, bindings, sites and
 * symbol guesses; see reposcan_priv.h. */
#include "reposcan_priv.h"

#include <stdlib.h>
#include <string.h>

/* ---- token helpers ---- */

int rs_is_op(const struct fscan *f, int i, int op)
{
	return i >= 0 && i < f->nt && f->t[i].kind == GOTOK_OP && f->t[i].sub == op;
}

int rs_is_kw(const struct fscan *f, int i, int kw)
{
	return i >= 0 && i < f->nt && f->t[i].kind == GOTOK_KEYWORD && f->t[i].sub == kw;
}

int rs_is_ident(const struct fscan *f, int i)
{
	return i >= 0 && i < f->nt && f->t[i].kind == GOTOK_IDENT;
}

int rs_is_str(const struct fscan *f, int i)
{
	return i >= 0 && i < f->nt &&
	       (f->t[i].kind == GOTOK_STRING || f->t[i].kind == GOTOK_RAWSTRING);
}

int rs_tok_is(const struct fscan *f, int i, const char *w)
{
	return i >= 0 && i < f->nt && golex_is(f->src, &f->t[i], w);
}

static int is_opener(const struct fscan *f, int i)
{
	return rs_is_op(f, i, GOOP_LPAREN) || rs_is_op(f, i, GOOP_LBRACK) ||
	       rs_is_op(f, i, GOOP_LBRACE);
}

/* The start of the primary expression (operand, selectors, calls,
 * indexes) that ends at token j, or -1. */
int rs_expr_start(const struct fscan *f, int j)
{
	int k = j, guard = 0;

	while (k >= 0 && guard++ < 256) {
		if (rs_is_op(f, k, GOOP_RPAREN) || rs_is_op(f, k, GOOP_RBRACK)) {
			int o = f->m[k];

			if (o < 0 || o >= k)
				return -1;
			if (rs_is_ident(f, o - 1) || rs_is_op(f, o - 1, GOOP_RPAREN) ||
			    rs_is_op(f, o - 1, GOOP_RBRACK)) {
				k = o - 1;
				continue;
			}
			return o;
		}
		if (rs_is_ident(f, k)) {
			if (rs_is_op(f, k - 1, GOOP_PERIOD) && k >= 2) {
				k -= 2;
				continue;
			}
			return k;
		}
		return -1;
	}
	return -1;
}

/* Concatenated token texts of [a, b]: a key for comparing expressions. */
int rs_key(const struct fscan *f, int a, int b, char *out, size_t cap)
{
	size_t o = 0;

	out[0] = '\0';
	if (a < 0 || b < a || b >= f->nt)
		return -1;
	for (int i = a; i <= b; i++) {
		size_t n = f->t[i].len;

		if (o + n + 1 > cap)
			return -1;
		memcpy(out + o, f->src + f->t[i].off, n);
		o += n;
	}
	out[o] = '\0';
	return (int)o;
}

/* Source text of [a, b] with whitespace runs collapsed, capped. */
const char *rs_text(struct fscan *f, int a, int b)
{
	char tmp[200];
	size_t o = 0, start, end;
	int space = 0;

	if (a < 0 || b < a || b >= f->nt)
		return reposcan_strdup(f->s, "");
	start = f->t[a].off;
	end = f->t[b].off + f->t[b].len;
	for (size_t p = start; p < end && o + 4 < sizeof tmp; p++) {
		char c = f->src[p];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = 1;
			continue;
		}
		if (space && o > 0)
			tmp[o++] = ' ';
		space = 0;
		tmp[o++] = c;
	}
	if (o + 4 >= sizeof tmp) {
		memcpy(tmp + o, "...", 3);
		o += 3;
	}
	return reposcan_strndup(f->s, tmp, o);
}

int rs_is_role(const struct fscan *f, int i, enum imp_role r)
{
	return f->role[r] != NULL && rs_is_ident(f, i) && f->t[i].len == f->role_len[r] &&
	       memcmp(f->src + f->t[i].off, f->role[r], f->role_len[r]) == 0;
}

/* Splits the call arguments after '(' at lp; ranges are inclusive. */
int rs_args(const struct fscan *f, int lp, int *as, int *ae, int max)
{
	int rp = f->m[lp], n = 0, start = lp + 1;

	if (rp < 0)
		return 0;
	for (int k = lp + 1; k <= rp && n < max; k++) {
		if (k == rp || rs_is_op(f, k, GOOP_COMMA)) {
			if (k > start) {
				as[n] = start;
				ae[n] = k - 1;
				n++;
			}
			start = k + 1;
			continue;
		}
		if (is_opener(f, k) && f->m[k] > k && f->m[k] < rp)
			k = f->m[k];
	}
	return n;
}

static uint32_t key_hash(const char *k)
{
	uint32_t h = 2166136261u;

	for (; *k != '\0'; k++)
		h = (h ^ (unsigned char)*k) * 16777619u;
	return h;
}

struct binding *rs_lookup(struct fscan *f, const char *key, int at)
{
	uint32_t h = key_hash(key);

	for (int i = f->nb - 1; i >= 0; i--) {
		struct binding *b = &f->b[i];

		if (b->hash != h)
			continue;
		if (b->top != -1 && (b->top != f->top || b->tok > at || at > b->end))
			continue;
		if (strcmp(b->key, key) == 0)
			return b;
	}
	return NULL;
}

struct binding *rs_bind(struct fscan *f, const char *key, enum bind_kind kind, int tok)
{
	struct binding *b;

	if (f->nb >= RS_MAX_BINDINGS)
		return NULL;
	if (f->nb == f->bcap) {
		size_t cap = (size_t)f->bcap;

		f->b = xgrow(f->b, &cap, (size_t)f->nb + 1, sizeof *f->b);
		f->bcap = (int)cap;
	}
	b = &f->b[f->nb++];
	memset(b, 0, sizeof *b);
	snprintf(b->key, sizeof b->key, "%s", key);
	b->hash = key_hash(b->key);
	b->kind = kind;
	b->top = f->top;
	b->tok = tok;
	b->end = f->nt;
	b->src = RS_ADDR_LITERAL;
	return b;
}

/* A function's own bindings die with it; package-level ones stay. */
void rs_drop_local_bindings(struct fscan *f)
{
	int k = 0;

	for (int i = 0; i < f->nb; i++)
		if (f->b[i].top == -1)
			f->b[k++] = f->b[i];
	f->nb = k;
}

const struct frame *rs_frame(const struct fscan *f)
{
	return &f->fr[f->nfr > 0 ? f->nfr - 1 : 0];
}

struct reposcan_site rs_site(const struct fscan *f, int tok)
{
	struct reposcan_site s;
	const struct frame *fr = rs_frame(f);

	s.file = f->file;
	s.line = tok >= 0 && tok < f->nt ? (int)f->t[tok].line : 0;
	s.func = f->nfr > 0 && fr->name != NULL ? fr->name : "";
	s.symbol = f->nfr > 0 ? fr->symbol : NULL;
	return s;
}

int rs_in_go(const struct fscan *f, int tok)
{
	for (int i = 1; i < f->nfr; i++)
		if (f->fr[i].is_go)
			return 1;
	for (int i = 0; i < f->ngo; i++)
		if (tok > f->go_a[i] && tok <= f->go_b[i])
			return 1;
	return 0;
}

const char *rs_join_path(struct fscan *f, const char *prefix, const char *path)
{
	size_t pl;

	if (prefix == NULL || path == NULL)
		return NULL;
	if (*prefix == '\0')
		return path;
	pl = strlen(prefix);
	if (*path == '\0')
		return prefix;
	if (prefix[pl - 1] == '/' && path[0] == '/')
		return reposcan_printf(f->s, "%.*s%s", (int)(pl - 1), prefix, path);
	if (prefix[pl - 1] != '/' && path[0] != '/')
		return reposcan_printf(f->s, "%s/%s", prefix, path);
	return reposcan_printf(f->s, "%s%s", prefix, path);
}

/* The symbol a callee or handler expression most likely names. */
const char *rs_func_symbol(struct fscan *f, int a, int b)
{
	struct reposcan_file *file = &f->s->files[f->file];
	const struct funcdecl *fd = f->top >= 0 ? &f->funcs[f->top] : NULL;
	char key[KEYLEN];

	if (a < 0 || b < a)
		return NULL;
	/* http.HandlerFunc(h) and similar conversions: look inside. */
	if (rs_is_op(f, b, GOOP_RPAREN) && f->m[b] > a &&
	    rs_tok_is(f, f->m[b] - 1, "HandlerFunc")) {
		int lp = f->m[b];

		return rs_func_symbol(f, lp + 1, b - 1);
	}
	if (a == b && rs_is_ident(f, a)) {
		if (rs_key(f, a, a, key, sizeof key) < 0 || rs_lookup(f, key, a) != NULL)
			return NULL;
		if (fd != NULL && fd->recv_name != NULL && strcmp(fd->recv_name, key) == 0)
			return NULL;
		return reposcan_printf(f->s, "%s.%s", file->symbol_pkg, key);
	}
	if (b == a + 2 && rs_is_ident(f, a) && rs_is_op(f, a + 1, GOOP_PERIOD) &&
	    rs_is_ident(f, b)) {
		char name[KEYLEN];

		rs_key(f, b, b, name, sizeof name);
		rs_key(f, a, a, key, sizeof key);
		for (int i = 0; i < f->nimps; i++) {
			if (f->imps[i].nlen == strlen(key) &&
			    memcmp(f->imps[i].name, key, f->imps[i].nlen) == 0)
				return reposcan_printf(f->s, "%.*s.%s", (int)f->imps[i].plen,
						       f->imps[i].path, name);
		}
		if (fd != NULL && fd->recv_name != NULL && strcmp(fd->recv_name, key) == 0)
			return reposcan_printf(f->s, "%s.%s.%s", file->symbol_pkg, fd->recv_type,
					       name);
		{
			const char *fs = rs_field_symbol(f, a, b);

			if (fs != NULL)
				return fs;
		}
		return reposcan_printf(f->s, "*.%s", name);
	}
	return NULL;
}

void *rs_fgrow(void *p, int *cap, size_t size)
{
	size_t c = (size_t)*cap;

	p = xgrow(p, &c, c + 1, size);
	*cap = (int)c;
	return p;
}
