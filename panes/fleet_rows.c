/* fleet_rows.c: the fleet pane's lines (contract in fleet_rows.h). */
#include "fleet_rows.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MEMBERS_LISTED 4 /* names on a collapsed line */

static struct fleet_line *add(struct fleet_rows *r, enum fleet_line_kind k, enum fleet_tone t,
			      int indent, char *text)
{
	struct fleet_line *l;

	r->v = xrealloc(r->v, (r->n + 1) * sizeof *r->v);
	l = &r->v[r->n++];
	memset(l, 0, sizeof *l);
	l->kind = k;
	l->tone = t;
	l->indent = indent;
	l->text = text;
	l->group = l->row = (size_t)-1;
	return l;
}

static void title(struct fleet_rows *r, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void title(struct fleet_rows *r, const char *fmt, ...)
{
	va_list ap;
	char t[512];

	va_start(ap, fmt);
	vsnprintf(t, sizeof t, fmt, ap);
	va_end(ap);
	if (r->n > 0)
		add(r, FLEET_LINE_TEXT, FLEET_TONE_NORMAL, 0, xstrdup(""));
	add(r, FLEET_LINE_TITLE, FLEET_TONE_NORMAL, 0, xstrdup(t));
}

static void mib(char *out, size_t n, double v)
{
	snprintf(out, n, "%.1f MiB", v / (1024.0 * 1024.0));
}

char *fleet_rows_target_text(const struct fleet_row *r)
{
	struct buf b;
	char m[32];

	buf_init(&b);
	buf_adds(&b, r->name ? r->name : "?");
	if (r->state != NULL) {
		buf_printf(&b, "  %s", r->state);
		if (r->error != NULL && *r->error)
			buf_printf(&b, ": %s", r->error);
		return buf_steal(&b);
	}
	if (r->revision != NULL)
		buf_printf(&b, "  rev %.7s", r->revision);
	if (r->goroutines >= 0)
		buf_printf(&b, "  %.0f goroutines", r->goroutines);
	if (r->rss >= 0) {
		mib(m, sizeof m, r->rss);
		buf_printf(&b, "  %s RSS", m);
	}
	return buf_steal(&b);
}

static enum fleet_tone group_tone(const struct fleet_pane_data *d, const struct fleet_group *g)
{
	if (g->n > 0 && d->rows[g->rows[0]].state != NULL)
		return FLEET_TONE_WARN;
	if (strncmp(g->key, "all pass", 8) == 0)
		return FLEET_TONE_GOOD;
	return strstr(g->key, " fail") != NULL ? FLEET_TONE_BAD : FLEET_TONE_WARN;
}

static enum fleet_tone target_tone(const struct fleet_row *r)
{
	if (r->state != NULL)
		return FLEET_TONE_WARN;
	for (size_t c = 0; c < r->nchecks; c++)
		if (r->kinds[c] == VERDICT_FAIL)
			return FLEET_TONE_BAD;
	return FLEET_TONE_NORMAL;
}

static void add_target(struct fleet_rows *r, const struct fleet_pane_data *d, size_t row,
		       size_t group, int indent)
{
	struct fleet_line *l = add(r, FLEET_LINE_TARGET, target_tone(&d->rows[row]), indent,
				   fleet_rows_target_text(&d->rows[row]));

	l->row = row;
	l->group = group;
}

static void groups(struct fleet_rows *r, const struct fleet_pane_data *d,
		   const unsigned char *expanded)
{
	const struct fleet_view *v = d->view;

	title(r, "Groups of identical answers (%zu; Enter opens one)", v->ngroups);
	for (size_t g = 0; g < v->ngroups; g++) {
		const struct fleet_group *gr = &v->groups[g];
		int open = expanded != NULL && expanded[g];
		char *m = open ? xasprintf("%zu target%s", gr->n, gr->n == 1 ? "" : "s")
			       : fleet_view_members(d->rows, gr->rows, gr->n, MEMBERS_LISTED);
		struct fleet_line *l = add(r, FLEET_LINE_GROUP, group_tone(d, gr), 0,
					   xasprintf("%s %s: %s", open ? "-" : "+", m, gr->key));

		free(m);
		l->group = g;
		l->expanded = open;
		for (size_t k = 0; open && k < gr->n; k++)
			add_target(r, d, gr->rows[k], g, 4);
	}
}

static void versions(struct fleet_rows *r, const struct fleet_pane_data *d)
{
	const struct fleet_view *v = d->view;

	if (v->nversions == 0)
		return;
	title(r, "Versions%s", v->nversions > 1 ? " (skew)" : "");
	for (size_t k = 0; k < v->nversions; k++) {
		const struct fleet_version *ver = &v->versions[k];
		char *m = fleet_view_members(d->rows, ver->rows, ver->n, MEMBERS_LISTED);
		struct buf b;

		buf_init(&b);
		buf_printf(&b, "%s: %zu replica%s", ver->revision, ver->n, ver->n == 1 ? "" : "s");
		for (size_t i = 0; i < ver->go_versions.n; i++)
			buf_printf(&b, ", %s", ver->go_versions.v[i]);
		add(r, FLEET_LINE_TEXT,
		    v->nversions > 1 && k > 0 ? FLEET_TONE_WARN : FLEET_TONE_NORMAL, 2,
		    buf_steal(&b));
		add(r, FLEET_LINE_TEXT, FLEET_TONE_DIM, 4, m);
	}
}

static void outliers(struct fleet_rows *r, const struct fleet_pane_data *d)
{
	const struct fleet_view *v = d->view;
	char a[32], b[32];

	if (v->noutliers == 0)
		return;
	mib(a, sizeof a, v->median_rss);
	title(r, "Outliers (fleet median: %.0f goroutines, %s RSS)", v->median_goroutines,
	      v->median_rss >= 0 ? a : "?");
	for (size_t k = 0; k < v->noutliers; k++) {
		const struct fleet_outlier *o = &v->outliers[k];
		struct fleet_line *l;
		char *t;

		if (strcmp(o->metric, "rss") == 0) {
			mib(a, sizeof a, o->value);
			mib(b, sizeof b, o->median);
			t = xasprintf("%s: RSS %s against %s", d->rows[o->row].name, a, b);
		} else {
			t = xasprintf("%s: %.0f goroutines against %.0f", d->rows[o->row].name,
				      o->value, o->median);
		}
		l = add(r, FLEET_LINE_TARGET, FLEET_TONE_WARN, 2, t);
		l->row = o->row;
	}
}

static void gaps(struct fleet_rows *r, const struct fleet_pane_data *d)
{
	const struct fleet_view *v = d->view;

	if (v->ngaps == 0)
		return;
	title(r, "Listeners missing on some replicas of a build");
	for (size_t k = 0; k < v->ngaps; k++) {
		const struct fleet_listener_gap *g = &v->gaps[k];
		char *m = fleet_view_members(d->rows, g->missing, g->nmissing, MEMBERS_LISTED);

		add(r, FLEET_LINE_TEXT, FLEET_TONE_WARN, 2,
		    xasprintf("%s on %zu of %zu replicas of %s; missing on %s", g->listener,
			      g->have, g->of, g->build, m));
		free(m);
	}
}

static void env(struct fleet_rows *r, const struct fleet_pane_data *d)
{
	const struct fleet_view *v = d->view;

	if (v->nenv == 0)
		return;
	title(r, "Environment that differs");
	for (size_t k = 0; k < v->nenv; k++) {
		const struct fleet_env_diff *e = &v->env[k];

		add(r, FLEET_LINE_TEXT, FLEET_TONE_WARN, 2, xstrdup(e->name));
		for (size_t i = 0; i < e->nvalues; i++) {
			char *m = fleet_view_members(d->rows, e->values[i].rows, e->values[i].n,
						     MEMBERS_LISTED);

			add(r, FLEET_LINE_TEXT, FLEET_TONE_NORMAL, 4,
			    xasprintf("%s on %s", e->values[i].value, m));
			free(m);
		}
	}
}

struct fleet_rows *fleet_rows_build(const struct fleet_pane_data *d, const unsigned char *expanded)
{
	struct fleet_rows *r = xcalloc(1, sizeof *r);

	if (d == NULL || d->view == NULL) {
		add(r, FLEET_LINE_TEXT, FLEET_TONE_DIM, 0,
		    xstrdup("no fleet: run `gotriage fleet --targets FILE` on a terminal"));
		return r;
	}
	groups(r, d, expanded);
	versions(r, d);
	outliers(r, d);
	gaps(r, d);
	env(r, d);
	return r;
}

void fleet_rows_free(struct fleet_rows *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].text);
	free(r->v);
	free(r);
}

size_t fleet_rows_find_target(const struct fleet_rows *r, size_t group, size_t row)
{
	for (size_t i = 0; r != NULL && i < r->n; i++)
		if (r->v[i].kind == FLEET_LINE_TARGET && r->v[i].row == row &&
		    (group == (size_t)-1 || r->v[i].group == group))
			return i;
	return (size_t)-1;
}

size_t fleet_rows_group_of(const struct fleet_pane_data *d, size_t row)
{
	for (size_t g = 0; d != NULL && d->view != NULL && g < d->view->ngroups; g++)
		for (size_t k = 0; k < d->view->groups[g].n; k++)
			if (d->view->groups[g].rows[k] == row)
				return g;
	return (size_t)-1;
}
