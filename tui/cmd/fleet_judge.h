/* fleet_judge.h: one fleet target's facts document judged here, the way
 * `gotriage check --facts FILE --repo DIR` judges it (the repo side read
 * on this machine), reduced to the row the fleet view compares
 * (checks/fleet/view.h) plus what the outputs print.
 *
 * fleet_judge_init() selects the checks (--only) once; fleet_judge_doc()
 * judges one document; fleet_judge_unjudged() makes the row of a target
 * that gave no document (timed out, unreachable, failed). Strings from
 * the target stay raw here (masked: the document is, and the watched
 * environment is masked again); outputs sanitise. */
#ifndef GOTRIAGE_FLEET_JUDGE_H
#define GOTRIAGE_FLEET_JUDGE_H

#include "checks/fleet/view.h"
#include "checks/verdict.h"
#include "collectors/facts_doc.h"

struct fleet_judge {
	const char *repo;   /* --repo, or NULL */
	const char *header; /* --header, or NULL */
	const char **ids;   /* the selected checks' ids */
	size_t *cat;	    /* their catalog indexes */
	size_t n;
	unsigned parts; /* what they need */
};

struct fleet_judged {
	struct fleet_row row; /* points into the fields below */
	char *name, *state, *error, *revision, *build_id, *go_version, *host;
	double taken_at;
	struct strlist labels;
	enum verdict_kind *kinds; /* n */
	struct verdict *v;	  /* n */
};

int fleet_judge_init(struct fleet_judge *j, const char *only, const char *repo, const char *header,
		     char **cause);
void fleet_judge_free(struct fleet_judge *j);

/* Judges d under `name`. Route probes (when a selected
 * check needs them) go to `via`, a local base URL reaching the target's
 * service from where it runs (collectors/fleet/tunnels.h); with no via
 * they are not made, and their verdicts are unknown with via_error (why
 * the tunnel failed) or, when NULL, the reason the facts give. Probes
 * made are added to d->root (its "routes" part), so the document saved
 * after judging is judged the same again (--facts-dir). Returns 0, or -1
 * with *cause when the repo side cannot be attached. */
int fleet_judge_doc(const struct fleet_judge *j, struct facts_doc *d, const char *name,
		    const char *via, const char *via_error, struct fleet_judged *out, char **cause);
void fleet_judge_unjudged(const char *name, const char *state, const char *error,
			  struct fleet_judged *out);
void fleet_judged_clear(struct fleet_judged *r);

#endif
