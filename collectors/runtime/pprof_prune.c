/* pprof_prune.c: drop_frames / keep_frames, applied as `go tool pprof`
 * applies them when it loads a profile (google/pprof profile/prune.go,
 * Prune and RemoveUninteresting, as vendored in Go 1.19's
 * cmd/vendor/github.com/google/pprof; Go's src/internal/profile/prune.go is
 * the same algorithm):
 *
 *   - the regexes are anchored, "^(" re ")$", and matched against each
 *     function name simplified as pprof's simplifyFunc does (a leading '.'
 *     dropped, the name cut at the first '(' that does not start
 *     "(anonymous namespace)" or belong to "operator()");
 *   - per location, scanning its lines from the outermost caller inwards,
 *     the first function matching drop and not keep marks the location:
 *     when it is the outermost line the whole location is pruned, else the
 *     lines from it inwards are removed and the location is "pruned
 *     beneath";
 *   - per sample, scanning from the root: locations before the first
 *     unmarked ("user") one are kept; at the first marked one after it, a
 *     pruned location is cut off with everything leafwards of it, a pruned
 *     beneath one is kept (with its remaining lines) as the new leaf.
 *
 * pprof ignores a regex it cannot compile (no pruning at all); so do we.
 * The regexes are POSIX ERE here, RE2 in pprof: the profiles Go writes
 * carry none, the legacy C++ ones plain alternations of names. */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "pprof.h"

/* pprof's simplifyFunc, into out (at most n bytes, NUL-terminated). */
static void simplify(const char *f, char *out, size_t n)
{
	size_t i = 0, len;

	if (*f == '.')
		f++;
	len = strlen(f);
	while (i < len) {
		if (strncmp(f + i, "(anonymous namespace)", 21) == 0) {
			i += 21;
			continue;
		}
		if (strncmp(f + i, "operator()", 10) == 0) {
			i += 10;
			continue;
		}
		if (f[i] == '(')
			break;
		i++;
	}
	if (i >= n)
		i = n - 1;
	memcpy(out, f, i);
	out[i] = '\0';
}

static int compile(regex_t *re, const char *s)
{
	size_t n = strlen(s);
	char *pat = xmalloc(n + 5);
	int rc;

	memcpy(pat, "^(", 2);
	memcpy(pat + 2, s, n);
	memcpy(pat + 2 + n, ")$", 3);
	rc = regcomp(re, pat, REG_EXTENDED | REG_NOSUB);
	free(pat);
	return rc == 0 ? 0 : -1;
}

enum { KEEP_LOC = 0, PRUNE = 1, PRUNE_BENEATH = 2 };

/* The state of one location: KEEP_LOC, PRUNE or PRUNE_BENEATH (and then
 * *cut lines are removed from its inner end). Names longer than 4 KiB are
 * matched on their first 4 KiB. */
static int mark(const struct pprof_profile *p, const struct pprof_location *l, regex_t *drop,
		regex_t *keep, uint32_t *cut)
{
	char name[4096];

	for (uint32_t k = l->nline; k-- > 0;) {
		uint32_t fn = p->lines[l->line_off + k].func;
		const char *s;

		if (fn == PPROF_NONE)
			continue;
		s = pprof_str(p, p->functions[fn].name);
		if (*s == '\0')
			continue;
		simplify(s, name, sizeof name);
		if (regexec(drop, name, 0, NULL, 0) != 0)
			continue;
		if (keep != NULL && regexec(keep, name, 0, NULL, 0) == 0)
			continue;
		if (k == l->nline - 1)
			return PRUNE;
		*cut = k + 1;
		return PRUNE_BENEATH;
	}
	return KEEP_LOC;
}

int pprof_prune(struct pprof_profile *p)
{
	regex_t drop, keep;
	int has_keep = 0, changed = 0;
	uint8_t *state;

	if (p->drop_frames == 0 || *pprof_str(p, p->drop_frames) == '\0')
		return 0;
	if (compile(&drop, pprof_str(p, p->drop_frames)) < 0)
		return 0;
	if (p->keep_frames != 0 && *pprof_str(p, p->keep_frames) != '\0') {
		if (compile(&keep, pprof_str(p, p->keep_frames)) < 0) {
			regfree(&drop);
			return 0;
		}
		has_keep = 1;
	}
	state = xcalloc(p->nlocations + 1, 1);
	for (size_t i = 0; i < p->nlocations; i++) {
		struct pprof_location *l = &p->locations[i];
		uint32_t cut = 0;

		state[i] = (uint8_t)mark(p, l, &drop, has_keep ? &keep : NULL, &cut);
		if (state[i] == PRUNE_BENEATH) { /* lines[0] is the innermost */
			l->line_off += cut;
			l->nline -= cut;
		}
	}
	for (size_t s = 0; s < p->nsamples; s++) {
		struct pprof_sample *sm = &p->samples[s];
		int user = 0;

		for (uint32_t i = sm->nloc; i-- > 0;) { /* sample_locs leaf first */
			uint8_t st = state[p->sample_locs[sm->loc_off + i]];

			if (st == KEEP_LOC) {
				user = 1;
				continue;
			}
			if (!user)
				continue;
			/* keep locs[i+1:] (pruned) or locs[i:] (pruned beneath) */
			uint32_t from = st == PRUNE ? i + 1 : i;
			sm->loc_off += from;
			sm->pruned = from;
			sm->nloc -= from;
			changed++;
			break;
		}
	}
	free(state);
	regfree(&drop);
	if (has_keep)
		regfree(&keep);
	return changed;
}
