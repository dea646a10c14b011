/* reposcan_viper.c: viper config-reload callbacks for the repo scanner:
 * WatchConfig and OnConfigChange, and whether a callback only reads viper
 * or logs (reloads nothing); see reposcan_priv.h. */
#include "reposcan_priv.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- viper ---- */

static int is_logger(const char *recv)
{
	static const char *const names[] = {"fmt",  "slog", "zap",    "logrus",
					    "klog", "glog", "zerolog"};
	char low[KEYLEN];
	size_t i;

	for (i = 0; recv[i] != '\0' && i + 1 < sizeof low; i++)
		low[i] = (char)tolower((unsigned char)recv[i]);
	low[i] = '\0';
	if (strstr(low, "log") != NULL)
		return 1;
	for (i = 0; i < ARRAY_LEN(names); i++)
		if (strcmp(recv, names[i]) == 0)
			return 1;
	return 0;
}

static int is_pure_pkg(const char *p)
{
	static const char *const names[] = {"strings", "strconv", "time",     "errors",	 "sort",
					    "bytes",   "path",	  "filepath", "unicode", "math"};

	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (strcmp(p, names[i]) == 0)
			return 1;
	return 0;
}

static int is_builtin(const char *n)
{
	static const char *const names[] = {
	    "len",  "cap",    "append", "make", "new", "panic", "print",   "println", "string",
	    "copy", "delete", "min",	"max",	"int", "int64", "float64", "bool",    "recover"};

	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (strcmp(n, names[i]) == 0)
			return 1;
	return 0;
}

/* Does the callback body [lb, rb] call into the application or assign to
 * outer variables? Collects what it found in `found`. */
static int callback_effects(struct fscan *f, int lb, int rb, const char *viper_recv,
			    struct buf *found)
{
	char locals[32][KEYLEN], recv[KEYLEN], name[KEYLEN];
	int nloc = 0, effects = 0;

	/* The callback's parameters are locals too. */
	if (lb > 0) {
		int k = lb - 1;

		while (k > 0 && !rs_is_kw(f, k, GOKW_FUNC) && lb - k < 16)
			k--;
		if (rs_is_ident(f, k + 1) && rs_is_op(f, k + 2, GOOP_LPAREN))
			k++; /* a named function: func name(e ...) */
		if (rs_is_kw(f, k - (rs_is_ident(f, k) ? 1 : 0), GOKW_FUNC) &&
		    rs_is_op(f, k + 1, GOOP_LPAREN) && rs_is_ident(f, k + 2) && nloc < 32)
			rs_key(f, k + 2, k + 2, locals[nloc++], KEYLEN);
	}
	for (int k = lb + 1; k < rb; k++) {
		if (rs_is_op(f, k, GOOP_DEFINE)) {
			for (int j = k - 1;
			     j > lb && (rs_is_ident(f, j) || rs_is_op(f, j, GOOP_COMMA)); j--)
				if (rs_is_ident(f, j) && nloc < 32)
					rs_key(f, j, j, locals[nloc++], KEYLEN);
			continue;
		}
		if (rs_is_op(f, k, GOOP_ASSIGN) && rs_is_ident(f, k - 1) &&
		    !rs_is_op(f, k - 2, GOOP_PERIOD)) {
			int local = 0;

			rs_key(f, k - 1, k - 1, name, sizeof name);
			for (int j = 0; j < nloc; j++)
				local |= strcmp(locals[j], name) == 0;
			if (!local && strcmp(name, "_") != 0) {
				effects++;
				if (found->len < 200)
					buf_printf(found, "%sassigns %s", found->len ? ", " : "",
						   name);
			}
			continue;
		}
		if (!rs_is_ident(f, k) || !rs_is_op(f, k + 1, GOOP_LPAREN))
			continue;
		rs_key(f, k, k, name, sizeof name);
		if (rs_is_op(f, k - 1, GOOP_PERIOD)) {
			int st = rs_expr_start(f, k - 2);
			int ok = 0;

			if (st < 0 || rs_key(f, st, k - 2, recv, sizeof recv) < 0)
				continue;
			ok = rs_is_role(f, st, IMP_VIPER) || strcmp(recv, viper_recv) == 0 ||
			     is_logger(recv) || is_pure_pkg(recv) ||
			     strncmp(name, "Print", 5) == 0 || strncmp(name, "Info", 4) == 0 ||
			     strncmp(name, "Debug", 5) == 0 || strncmp(name, "Warn", 4) == 0 ||
			     strcmp(name, "String") == 0 || strcmp(name, "Has") == 0;
			for (int j = 0; j < nloc && !ok; j++)
				ok = strncmp(recv, locals[j], strlen(locals[j])) == 0 &&
				     (recv[strlen(locals[j])] == '\0' ||
				      recv[strlen(locals[j])] == '.');
			if (!ok) {
				effects++;
				if (found->len < 200)
					buf_printf(found, "%s%s.%s", found->len ? ", " : "", recv,
						   name);
			}
		} else if (!is_builtin(name) && !rs_is_kw(f, k - 1, GOKW_FUNC)) {
			int local = 0;

			for (int j = 0; j < nloc; j++)
				local |= strcmp(locals[j], name) == 0;
			if (!local) {
				effects++;
				if (found->len < 200)
					buf_printf(found, "%s%s", found->len ? ", " : "", name);
			}
		}
	}
	return effects;
}

void rs_viper_call(struct fscan *f, int i, int ra, int rb, int lp)
{
	struct reposcan *s = f->s;
	int as[2], ae[2], na = rs_args(f, lp, as, ae, 2);
	struct reposcan_viper *v;
	char recv[KEYLEN];

	if (ra < 0 || rs_key(f, ra, rb, recv, sizeof recv) < 0)
		return;
	if (!rs_is_role(f, ra, IMP_VIPER) && f->role[IMP_VIPER] == NULL)
		return;
	if (rs_tok_is(f, i, "WatchConfig")) {
		if (na != 0)
			return;
		v = PUSH(s, vipers, nvipers, vipers_cap);
		v->at = rs_site(f, i);
		v->callback = "";
		v->reloads_nothing = -1;
		v->app_calls = "";
		return;
	}
	if (na != 1)
		return;
	v = PUSH(s, vipers, nvipers, vipers_cap);
	v->at = rs_site(f, i);
	v->on_change = 1;
	v->callback = rs_text(f, as[0], ae[0]);
	v->reloads_nothing = -1;
	v->app_calls = "";
	{
		int lb = -1;
		struct buf found;

		if (rs_is_kw(f, as[0], GOKW_FUNC) && rs_is_op(f, as[0] + 1, GOOP_LPAREN)) {
			int k = f->m[as[0] + 1] + 1;

			while (k <= ae[0] && !rs_is_op(f, k, GOOP_LBRACE))
				k++;
			lb = k <= ae[0] ? k : -1;
		} else if (as[0] == ae[0] && rs_is_ident(f, as[0])) {
			for (int k = 0; k < f->nfuncs; k++)
				if (f->funcs[k].recv_type == NULL && f->funcs[k].body_lb >= 0 &&
				    f->t[f->funcs[k].name_tok].len == f->t[as[0]].len &&
				    memcmp(f->src + f->t[f->funcs[k].name_tok].off,
					   f->src + f->t[as[0]].off, f->t[as[0]].len) == 0)
					lb = f->funcs[k].body_lb;
		}
		if (lb < 0 || f->m[lb] <= lb)
			return;
		buf_init(&found);
		v->reloads_nothing = callback_effects(f, lb, f->m[lb], recv, &found) == 0;
		v = &s->vipers[s->nvipers - 1];
		if (found.data != NULL)
			v->app_calls = reposcan_strdup(s, found.data);
		buf_free(&found);
	}
}
