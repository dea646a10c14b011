/* view.c: the fleet judged together (contract in view.h). */
#include "view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const fleet_env_watched[] = {"GOSUMDB", "GOPROXY",	  "GOFLAGS", "GOMAXPROCS",
					 "GODEBUG", "GOMEMLIMIT", "GOGC"};
const size_t fleet_env_nwatched = ARRAY_LEN(fleet_env_watched);

static const char *no_rev = "(no vcs.revision)";

static void push_idx(size_t **v, size_t *n, size_t i)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = i;
}

static int strlist_has(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return 1;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double fleet_median(const double *v, size_t n)
{
	double *k = xcalloc(n ? n : 1, sizeof *k), m;
	size_t got = 0;

	for (size_t i = 0; i < n; i++)
		if (v[i] >= 0)
			k[got++] = v[i];
	if (got == 0) {
		free(k);
		return -1;
	}
	qsort(k, got, sizeof *k, cmp_double);
	m = got % 2 ? k[got / 2] : (k[got / 2 - 1] + k[got / 2]) / 2;
	free(k);
	return m;
}

char *fleet_view_members(const struct fleet_row *rows, const size_t *idx, size_t n, size_t max)
{
	struct buf b;

	buf_init(&b);
	buf_printf(&b, "%zu target%s (", n, n == 1 ? "" : "s");
	for (size_t i = 0; i < n && i < max; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", rows[idx[i]].name);
	if (n > max)
		buf_printf(&b, ", +%zu more", n - max);
	buf_adds(&b, ")");
	return buf_steal(&b);
}

static const char *rev_of(const struct fleet_row *r)
{
	return r->revision && *r->revision ? r->revision : no_rev;
}

/* ---- versions ------------------------------------------------------------------ */

static int cmp_version(const void *a, const void *b)
{
	const struct fleet_version *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return x->rows[0] < y->rows[0] ? -1 : 1;
}

static void build_versions(struct fleet_view *v, const struct fleet_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct fleet_version *ver = NULL;

		if (rows[i].state != NULL)
			continue;
		for (size_t k = 0; k < v->nversions && ver == NULL; k++)
			if (strcmp(v->versions[k].revision, rev_of(&rows[i])) == 0)
				ver = &v->versions[k];
		if (ver == NULL) {
			v->versions =
			    xrealloc(v->versions, (v->nversions + 1) * sizeof *v->versions);
			ver = &v->versions[v->nversions++];
			memset(ver, 0, sizeof *ver);
			ver->revision = xstrdup(rev_of(&rows[i]));
		}
		push_idx(&ver->rows, &ver->n, i);
		if (rows[i].build_id && !strlist_has(&ver->build_ids, rows[i].build_id))
			strlist_add(&ver->build_ids, rows[i].build_id);
		if (rows[i].go_version && !strlist_has(&ver->go_versions, rows[i].go_version))
			strlist_add(&ver->go_versions, rows[i].go_version);
	}
	if (v->nversions > 1)
		qsort(v->versions, v->nversions, sizeof *v->versions, cmp_version);
}

/* ---- groups of identical answers ------------------------------------------------- */

static char *group_key(const struct fleet_row *r, int skew)
{
	struct buf b;

	buf_init(&b);
	if (r->state != NULL) {
		buf_adds(&b, r->state);
		return buf_steal(&b);
	}
	for (size_t c = 0; c < r->nchecks; c++) {
		if (r->kinds[c] != VERDICT_FAIL && r->kinds[c] != VERDICT_WARN &&
		    r->kinds[c] != VERDICT_UNKNOWN)
			continue;
		buf_printf(&b, "%s%s %s", b.len ? ", " : "", r->ids[c], verdict_name(r->kinds[c]));
	}
	if (b.len == 0)
		buf_adds(&b, "all pass");
	if (skew) /* which build answered is part of the answer once builds differ */
		buf_printf(&b, ", running %.7s", rev_of(r));
	return buf_steal(&b);
}

static int cmp_group(const void *a, const void *b)
{
	const struct fleet_group *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return x->rows[0] < y->rows[0] ? -1 : 1;
}

static void build_groups(struct fleet_view *v, const struct fleet_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *key = group_key(&rows[i], v->nversions > 1);
		struct fleet_group *g = NULL;

		for (size_t k = 0; k < v->ngroups && g == NULL; k++)
			if (strcmp(v->groups[k].key, key) == 0)
				g = &v->groups[k];
		if (g == NULL) {
			v->groups = xrealloc(v->groups, (v->ngroups + 1) * sizeof *v->groups);
			g = &v->groups[v->ngroups++];
			memset(g, 0, sizeof *g);
			g->key = key;
		} else {
			free(key);
		}
		push_idx(&g->rows, &g->n, i);
	}
	if (v->ngroups > 1)
		qsort(v->groups, v->ngroups, sizeof *v->groups, cmp_group);
}

/* ---- outliers ------------------------------------------------------------------ */

static void outliers_of(struct fleet_view *v, const struct fleet_row *rows, size_t n,
			const char *metric, double floor, double *median)
{
	double *vals = xcalloc(n ? n : 1, sizeof *vals);

	for (size_t i = 0; i < n; i++) {
		double x = strcmp(metric, "rss") == 0 ? rows[i].rss : rows[i].goroutines;

		vals[i] = rows[i].state == NULL ? x : -1;
	}
	*median = fleet_median(vals, n);
	for (size_t i = 0; i < n && *median >= 0; i++) {
		double x = vals[i];

		if (x < 0 || fabs(x - *median) < floor)
			continue;
		if (x > *median * FLEET_OUTLIER_FACTOR || x * FLEET_OUTLIER_FACTOR < *median) {
			v->outliers =
			    xrealloc(v->outliers, (v->noutliers + 1) * sizeof *v->outliers);
			v->outliers[v->noutliers++] = (struct fleet_outlier){
			    .row = i, .metric = metric, .value = x, .median = *median};
		}
	}
	free(vals);
}

/* ---- listeners between replicas of one build ----------------------------------- */

static const char *build_of(const struct fleet_row *r)
{
	return r->build_id && *r->build_id ? r->build_id : rev_of(r);
}

static void build_gaps(struct fleet_view *v, const struct fleet_row *rows, size_t n)
{
	unsigned char *seen = xcalloc(n ? n : 1, 1);

	for (size_t i = 0; i < n; i++) {
		size_t *members = NULL, nm = 0;
		struct strlist all = {0};

		if (seen[i] || rows[i].state != NULL)
			continue;
		for (size_t k = i; k < n; k++)
			if (!seen[k] && rows[k].state == NULL &&
			    strcmp(build_of(&rows[k]), build_of(&rows[i])) == 0) {
				seen[k] = 1;
				push_idx(&members, &nm, k);
				for (size_t l = 0; l < rows[k].listeners.n; l++)
					if (!strlist_has(&all, rows[k].listeners.v[l]))
						strlist_add(&all, rows[k].listeners.v[l]);
			}
		/* A listener most replicas have and some lack; one only a few
		 * have is not judged (ports picked per replica). */
		for (size_t l = 0; l < all.n && nm >= 2; l++) {
			struct fleet_listener_gap g = {0};

			for (size_t m = 0; m < nm; m++) {
				if (strlist_has(&rows[members[m]].listeners, all.v[l]))
					g.have++;
				else
					push_idx(&g.missing, &g.nmissing, members[m]);
			}
			g.of = nm;
			if (g.nmissing == 0 || g.have * 2 <= nm) {
				free(g.missing);
				continue;
			}
			g.listener = xstrdup(all.v[l]);
			g.build = xasprintf("build %.16s (rev %.7s)", build_of(&rows[i]),
					    rev_of(&rows[i]));
			v->gaps = xrealloc(v->gaps, (v->ngaps + 1) * sizeof *v->gaps);
			v->gaps[v->ngaps++] = g;
		}
		strlist_free(&all);
		free(members);
	}
	free(seen);
}

/* ---- environment ----------------------------------------------------------------- */

static const char *env_value(const struct fleet_row *r, const char *name)
{
	size_t len = strlen(name);

	for (size_t i = 0; i < r->env.n; i++)
		if (strncmp(r->env.v[i], name, len) == 0 && r->env.v[i][len] == '=')
			return r->env.v[i] + len + 1;
	return "(unset)";
}

static void build_env(struct fleet_view *v, const struct fleet_row *rows, size_t n)
{
	for (size_t w = 0; w < fleet_env_nwatched; w++) {
		struct fleet_env_diff d = {0};

		for (size_t i = 0; i < n; i++) {
			const char *val = env_value(&rows[i], fleet_env_watched[w]);
			struct fleet_env_value *ev = NULL;

			if (rows[i].state != NULL)
				continue;
			for (size_t k = 0; k < d.nvalues && ev == NULL; k++)
				if (strcmp(d.values[k].value, val) == 0)
					ev = &d.values[k];
			if (ev == NULL) {
				d.values = xrealloc(d.values, (d.nvalues + 1) * sizeof *d.values);
				ev = &d.values[d.nvalues++];
				memset(ev, 0, sizeof *ev);
				ev->value = xstrdup(val);
			}
			push_idx(&ev->rows, &ev->n, i);
		}
		if (d.nvalues < 2) {
			for (size_t k = 0; k < d.nvalues; k++) {
				free(d.values[k].value);
				free(d.values[k].rows);
			}
			free(d.values);
			continue;
		}
		d.name = xstrdup(fleet_env_watched[w]);
		v->env = xrealloc(v->env, (v->nenv + 1) * sizeof *v->env);
		v->env[v->nenv++] = d;
	}
}

struct fleet_view *fleet_view_build(const struct fleet_row *rows, size_t n)
{
	struct fleet_view *v = xcalloc(1, sizeof *v);

	v->nrows = n;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].state != NULL)
			continue;
		v->judged++;
		for (size_t c = 0; c < rows[i].nchecks; c++)
			if (rows[i].kinds[c] == VERDICT_FAIL) {
				v->failing++;
				break;
			}
	}
	build_versions(v, rows, n);
	build_groups(v, rows, n);
	outliers_of(v, rows, n, "goroutines", FLEET_OUTLIER_MIN_GOROUTINES, &v->median_goroutines);
	outliers_of(v, rows, n, "rss", FLEET_OUTLIER_MIN_RSS, &v->median_rss);
	build_gaps(v, rows, n);
	build_env(v, rows, n);
	return v;
}

void fleet_view_free(struct fleet_view *v)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < v->ngroups; i++) {
		free(v->groups[i].key);
		free(v->groups[i].rows);
	}
	for (size_t i = 0; i < v->nversions; i++) {
		free(v->versions[i].revision);
		strlist_free(&v->versions[i].build_ids);
		strlist_free(&v->versions[i].go_versions);
		free(v->versions[i].rows);
	}
	for (size_t i = 0; i < v->ngaps; i++) {
		free(v->gaps[i].build);
		free(v->gaps[i].listener);
		free(v->gaps[i].missing);
	}
	for (size_t i = 0; i < v->nenv; i++) {
		for (size_t k = 0; k < v->env[i].nvalues; k++) {
			free(v->env[i].values[k].value);
			free(v->env[i].values[k].rows);
		}
		free(v->env[i].values);
		free(v->env[i].name);
	}
	free(v->groups);
	free(v->versions);
	free(v->outliers);
	free(v->gaps);
	free(v->env);
	free(v);
}
