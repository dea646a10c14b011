/* profile_evidence.c: hot and growing functions as step evidence (see
 * profile_evidence.h). */
#include "profile_evidence.h"

#include <stdlib.h>
#include <string.h>

#include "collectors/base/sanitize.h"

/* fn is target itself or a closure inside it ("target.func2"). */
static int ties(const char *fn, const char *target)
{
	size_t n = strlen(target);

	if (n == 0 || strncmp(fn, target, n) != 0)
		return 0;
	return fn[n] == '\0' || strncmp(fn + n, ".func", 5) == 0;
}

static int passes(const struct profile_fn *f)
{
	if (f->kind == PROFILE_FN_CPU)
		return f->pct >= PROFILE_HOT_CPU_PCT;
	return f->pct >= PROFILE_GROW_PCT && f->value >= PROFILE_GROW_MIN_BYTES;
}

size_t check_profile_evidence(const struct profile_evidence_inputs *in, struct verdict *v)
{
	size_t added = 0;

	for (size_t i = 0; i < in->nfns; i++) {
		const struct profile_fn *f = &in->fns[i];

		if (f->func == NULL || !passes(f))
			continue;
		for (size_t t = 0; t < in->ntargets; t++) {
			const char *what;
			char *fn, *shown, *tw;

			if (in->targets[t] == NULL || !ties(f->func, in->targets[t]))
				continue;
			what = in->target_what != NULL && in->target_what[t] != NULL
				   ? in->target_what[t]
				   : (in->what != NULL ? in->what : "this step's code");
			fn = sanitize_str(f->func);
			shown = sanitize_str(f->shown != NULL ? f->shown : "?");
			tw = sanitize_str(what);
			verdict_evidence(
			    v, "sym:%s (%s) %s: %s, %.1f%% of the %s %s", fn, tw,
			    f->kind == PROFILE_FN_CPU ? "is hot in the CPU profile"
						      : "grew between two heap fetches",
			    shown, f->pct,
			    f->kind == PROFILE_FN_CPU ? "profile" : "first heap's total",
			    PROFILE_EVIDENCE_MARK);
			free(fn);
			free(shown);
			free(tw);
			added++;
			break;
		}
	}
	return added;
}
