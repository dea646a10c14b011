/* reposcan_sumset.c: the worklist's lookups for reposcan_summary.c:
 * which call sites complete a template (callee matching, methods sorted by
 * name), and whether an instance is new. The latter is a hash set: a
 * linear scan over all instances made the pass quadratic, and an 868-byte
 * fuzz input (ten calls per helper, six levels) fanned out to the
 * SUM_MAX_TEMPLATES cap and ran for minutes. See reposcan_sum.h. */
#include "reposcan_sum.h"

#include <stdlib.h>
#include <string.h>

int rs_method_cmp(const void *a, const void *b)
{
	const struct sum_method *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* Exactly one method of that name in the repo, or in that package. */
static int method_unique(const struct sum_state *ss, const char *name, const char *pkg)
{
	struct sum_method key = {name, NULL, NULL}, *m = ss->m;
	size_t n = ss->nm, lo = 0, hi = n, all = 0, inpkg = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rs_method_cmp(&m[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < n && strcmp(m[i].name, name) == 0; i++) {
		all++;
		inpkg += strcmp(m[i].pkg, pkg) == 0;
	}
	return all == 1 || inpkg == 1;
}

int rs_callee_match(const struct sum_state *ss, const struct sum_fn *fn, const struct sum_call *c)
{
	if (strcmp(c->name, fn->name) != 0)
		return 0;
	if (fn->file >= 0) /* a closure variable: calls in the same function */
		return c->recv == NULL && c->file == fn->file && c->top == fn->top;
	if (fn->recv == NULL)
		return c->recv == NULL && strcmp(c->pkg, fn->pkg) == 0;
	if (c->recv == NULL)
		return 0;
	if (fn->recv[0] == '\0') /* a function-valued field of an unknown type */
		return strcmp(c->pkg, fn->pkg) == 0;
	if (c->recv[0] != '\0')
		return strcmp(c->recv, fn->recv) == 0 && strcmp(c->pkg, fn->pkg) == 0;
	/* through an interface or a variable: the types it evidently holds */
	if (c->rtypes != NULL && rs_type_in(c->rtypes, fn->pkg, fn->recv))
		return 1;
	return method_unique(ss, fn->name, fn->pkg);
}

/* s.r.GET(...) in a method of T, its family only guessed from the method
 * name: T's declaration says what r is (r *gin.Engine), by the imports of
 * the file declaring T. A family nothing tells (no router import where the
 * route is, T or r not declared in the repo) makes the route a claim to
 * list as unresolved when its prefix is unknown; a field declared with
 * another type is no router (no claim). */
void rs_field_family(const struct sum_state *ss, struct sum_tmpl *t)
{
	const char *dot;

	if (!t->fam_guessed || t->fn.recv == NULL || t->fn.recv[0] == '\0' || t->router == NULL ||
	    (dot = strchr(t->router, '.')) == NULL || strchr(dot + 1, '.') != NULL)
		return;
	for (size_t i = 0; i < ss->nst; i++) {
		const struct sum_struct *st = &ss->st[i];

		if (strcmp(st->name, t->fn.recv) != 0 || strcmp(st->pkg, t->fn.pkg) != 0)
			continue;
		for (int k = 0; k < st->n; k++) {
			if (strcmp(st->field[k], dot + 1) != 0)
				continue;
			if (st->ffam[k] != RS_FAMILY_UNKNOWN) {
				t->fam = st->ffam[k];
				t->fam_guessed = 0;
			}
			return; /* declared with another type: not a router */
		}
		break;
	}
	if (t->fam == RS_FAMILY_UNKNOWN && rs_sv_has(t->full, 'G'))
		t->fam_guessed = 0; /* undeclared: unresolved, never a bare path */
}

/* ---- instances already made ---- */

static int same(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* The same instance again (a helper calling itself with its own
 * parameters): nothing new to learn. The hash below covers exactly
 * these fields. */
static int tmpl_same(const struct sum_tmpl *t, const struct sum_tmpl *n)
{
	return t->origin == n->origin && same(t->fn.name, n->fn.name) &&
	       same(t->fn.recv, n->fn.recv) && same(t->fn.pkg, n->fn.pkg) &&
	       t->fn.file == n->fn.file && t->fn.top == n->fn.top && same(t->path, n->path) &&
	       same(t->full, n->full) && same(t->handler, n->handler) && same(t->hsym, n->hsym) &&
	       t->fv_arg == n->fv_arg &&
	       (t->fv == n->fv ||
		(t->fv != NULL && n->fv != NULL && same(t->fv->enc[0], n->fv->enc[0]) &&
		 same(t->fv->enc[1], n->fv->enc[1]) &&
		 same(t->fv->text[FV_SLOTS - 1], n->fv->text[FV_SLOTS - 1])));
}

static uint32_t mix_str(uint32_t h, const char *k)
{
	if (k == NULL)
		return (h ^ 0x9eu) * 16777619u;
	for (; *k != '\0'; k++)
		h = (h ^ (unsigned char)*k) * 16777619u;
	return (h ^ 0xffu) * 16777619u; /* ends the string: "ab","c" != "a","bc" */
}

static uint32_t mix_int(uint32_t h, long v)
{
	for (int i = 0; i < 4; i++, v >>= 8)
		h = (h ^ (unsigned char)(v & 0xff)) * 16777619u;
	return h;
}

static uint32_t tmpl_hash(const struct sum_tmpl *t)
{
	uint32_t h = 2166136261u;

	h = mix_int(h, t->origin);
	h = mix_str(h, t->fn.name);
	h = mix_str(h, t->fn.recv);
	h = mix_str(h, t->fn.pkg);
	h = mix_int(h, t->fn.file);
	h = mix_int(h, t->fn.top);
	h = mix_str(h, t->path);
	h = mix_str(h, t->full);
	h = mix_str(h, t->handler);
	h = mix_str(h, t->hsym);
	h = mix_int(h, t->fv_arg);
	if (t->fv != NULL) {
		h = mix_str(h, t->fv->enc[0]);
		h = mix_str(h, t->fv->enc[1]);
		h = mix_str(h, t->fv->text[FV_SLOTS - 1]);
	}
	return h;
}

static void tset_put(struct sum_tset *set, uint32_t h, int32_t idx)
{
	size_t mask = set->cap - 1, k = h & mask;

	while (set->slot[k].idx >= 0)
		k = (k + 1) & mask;
	set->slot[k].hash = h;
	set->slot[k].idx = idx;
	set->n++;
}

static void tset_grow(struct sum_tset *set)
{
	struct sum_tslot *old = set->slot;
	size_t ocap = set->cap;

	set->cap = ocap != 0 ? ocap * 2 : 1024;
	set->slot = xmalloc(set->cap * sizeof *set->slot);
	for (size_t k = 0; k < set->cap; k++)
		set->slot[k].idx = -1;
	set->n = 0;
	for (size_t k = 0; k < ocap; k++)
		if (old[k].idx >= 0)
			tset_put(set, old[k].hash, old[k].idx);
	free(old);
}

int rs_tset_has(const struct sum_tset *set, const struct sum_tmpl *all, const struct sum_tmpl *n)
{
	uint32_t h = tmpl_hash(n);
	size_t mask = set->cap - 1;

	if (set->cap == 0)
		return 0;
	for (size_t k = h & mask; set->slot[k].idx >= 0; k = (k + 1) & mask)
		if (set->slot[k].hash == h && tmpl_same(&all[set->slot[k].idx], n))
			return 1;
	return 0;
}

void rs_tset_insert(struct sum_tset *set, const struct sum_tmpl *all, size_t idx)
{
	if ((set->n + 1) * 2 > set->cap) /* at most half full: short probes */
		tset_grow(set);
	tset_put(set, tmpl_hash(&all[idx]), (int32_t)idx);
}

void rs_tset_free(struct sum_tset *set)
{
	free(set->slot);
	memset(set, 0, sizeof *set);
}
