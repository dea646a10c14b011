/* fleet_print.c: the fleet's outputs (contract in fleet_print.h). */
#include "fleet_print.h"

#include <stdlib.h>
#include <string.h>

#include "checks/catalog.h"
#include "collectors/base/redact.h"
#include "collectors/base/sanitize.h"

#define LIST_MAX 8 /* target names listed per line in text and md */

static char *clean(const char *s)
{
	char *r = redact_text(s ? s : ""), *c = sanitize_str(r);

	free(r);
	return c;
}

static void put(FILE *out, const char *s)
{
	char *c = clean(s);

	fputs(c, out);
	free(c);
}

/* Markdown table cells: no '|' from a target may open a column. */
static void put_cell(FILE *out, const char *s)
{
	char *c = clean(s);

	for (char *p = c; *p; p++)
		if (*p == '|')
			*p = '/';
	fputs(c, out);
	free(c);
}

static void put_members(FILE *out, const struct fleet_report *r, const size_t *idx, size_t n)
{
	struct fleet_row *rows = xcalloc(r->n ? r->n : 1, sizeof *rows);
	char *m;

	for (size_t i = 0; i < r->n; i++)
		rows[i] = r->rows[i].row;
	m = fleet_view_members(rows, idx, n, LIST_MAX);
	put(out, m);
	free(m);
	free(rows);
}

static void human_bytes(char *b, size_t len, double v)
{
	snprintf(b, len, "%.1f MiB", v / (1024.0 * 1024.0));
}

/* The failing checks' summaries, once per check, from the first target
 * that failed it (the groups say which others did). */
static void print_failures(FILE *out, const struct fleet_report *r)
{
	int header = 0;

	for (size_t c = 0; c < r->judge->n; c++) {
		size_t count = 0, first = 0;

		for (size_t i = 0; i < r->n; i++)
			if (r->rows[i].kinds && r->rows[i].kinds[c] == VERDICT_FAIL && count++ == 0)
				first = i;
		if (count == 0)
			continue;
		if (!header++)
			fputs("\nFailing checks:\n", out);
		fprintf(out, "  %s fails on %zu target%s; on ", r->judge->ids[c], count,
			count == 1 ? "" : "s");
		put(out, r->rows[first].name);
		fputs(": ", out);
		put(out, r->rows[first].v[c].summary);
		fputs("\n    remedy: ", out);
		put(out, catalog[r->judge->cat[c]].remedy);
		fputc('\n', out);
	}
}

void fleet_print_text(FILE *out, const struct fleet_report *r)
{
	const struct fleet_view *v = r->view;
	char b1[32], b2[32];

	fprintf(out,
		"gotriage fleet: %zu targets, %zu judged, %zu failing a check (%.1f s, %d jobs)\n",
		v->nrows, v->judged, v->failing, r->took, r->jobs);
	fputs("\nGroups:\n", out);
	for (size_t g = 0; g < v->ngroups; g++) {
		fputs("  ", out);
		put_members(out, r, v->groups[g].rows, v->groups[g].n);
		fputs(": ", out);
		put(out, v->groups[g].key);
		fputc('\n', out);
	}
	if (v->nversions > 0) {
		fprintf(out, "\nVersions%s:\n", v->nversions > 1 ? " (skew)" : "");
		for (size_t k = 0; k < v->nversions; k++) {
			const struct fleet_version *ver = &v->versions[k];

			fputs("  ", out);
			put(out, ver->revision);
			fprintf(out, ": %zu replica%s", ver->n, ver->n == 1 ? "" : "s");
			for (size_t i = 0; i < ver->go_versions.n; i++) {
				fputs(i ? ", " : ", ", out);
				put(out, ver->go_versions.v[i]);
			}
			for (size_t i = 0; i < ver->build_ids.n; i++) {
				fputs(i ? ", " : ", build ", out);
				char *s = xasprintf("%.20s", ver->build_ids.v[i]);
				put(out, s);
				free(s);
			}
			fputs("\n    ", out);
			put_members(out, r, ver->rows, ver->n);
			fputc('\n', out);
		}
	}
	if (v->noutliers > 0) {
		human_bytes(b1, sizeof b1, v->median_rss);
		fprintf(out, "\nOutliers (fleet median: %.0f goroutines, %s RSS):\n",
			v->median_goroutines, v->median_rss >= 0 ? b1 : "?");
		for (size_t k = 0; k < v->noutliers; k++) {
			const struct fleet_outlier *o = &v->outliers[k];

			fputs("  ", out);
			put(out, r->rows[o->row].name);
			if (strcmp(o->metric, "rss") == 0) {
				human_bytes(b1, sizeof b1, o->value);
				human_bytes(b2, sizeof b2, o->median);
				fprintf(out, ": RSS %s against %s", b1, b2);
			} else {
				fprintf(out, ": %.0f goroutines against %.0f", o->value, o->median);
			}
			fprintf(out, " (%.1fx the median)\n",
				o->median > 0 ? o->value / o->median : 0);
		}
	}
	if (v->ngaps > 0) {
		fputs("\nListeners that differ between replicas of one build:\n", out);
		for (size_t k = 0; k < v->ngaps; k++) {
			fputs("  ", out);
			put(out, v->gaps[k].build);
			fputs(": ", out);
			put(out, v->gaps[k].listener);
			fprintf(out, " on %zu of %zu; missing on ", v->gaps[k].have, v->gaps[k].of);
			put_members(out, r, v->gaps[k].missing, v->gaps[k].nmissing);
			fputc('\n', out);
		}
	}
	if (v->nenv > 0) {
		fputs("\nGo environment that differs:\n", out);
		for (size_t k = 0; k < v->nenv; k++) {
			fprintf(out, "  %s:\n", v->env[k].name);
			for (size_t i = 0; i < v->env[k].nvalues; i++) {
				fputs("    ", out);
				put(out, v->env[k].values[i].value);
				fputs(" on ", out);
				put_members(out, r, v->env[k].values[i].rows,
					    v->env[k].values[i].n);
				fputc('\n', out);
			}
		}
	}
	if (v->judged < v->nrows) {
		fputs("\nNot judged:\n", out);
		for (size_t i = 0; i < r->n; i++) {
			if (r->rows[i].state == NULL)
				continue;
			fputs("  ", out);
			put(out, r->rows[i].name);
			fputs(" ", out);
			put(out, r->rows[i].state);
			fputs(": ", out);
			put(out, r->rows[i].error);
			fputc('\n', out);
		}
	}
	print_failures(out, r);
}

void fleet_print_md(FILE *out, const struct fleet_report *r)
{
	const struct fleet_view *v = r->view;

	fprintf(out, "# gotriage fleet: %zu targets, %zu judged, %zu failing a check\n\n", v->nrows,
		v->judged, v->failing);
	fputs("| targets | answer |\n|---|---|\n", out);
	for (size_t g = 0; g < v->ngroups; g++) {
		fputs("| ", out);
		put_members(out, r, v->groups[g].rows, v->groups[g].n);
		fputs(" | ", out);
		put_cell(out, v->groups[g].key);
		fputs(" |\n", out);
	}
	if (v->nversions > 0) {
		fputs("\n## Versions\n\n| revision | replicas | targets |\n|---|---|---|\n", out);
		for (size_t k = 0; k < v->nversions; k++) {
			fputs("| `", out);
			put_cell(out, v->versions[k].revision);
			fprintf(out, "` | %zu | ", v->versions[k].n);
			put_members(out, r, v->versions[k].rows, v->versions[k].n);
			fputs(" |\n", out);
		}
	}
	if (v->noutliers + v->ngaps + v->nenv > 0)
		fputs("\n## Differences\n\n", out);
	for (size_t k = 0; k < v->noutliers; k++) {
		fputs("- ", out);
		put(out, r->rows[v->outliers[k].row].name);
		fprintf(out, ": %s %.0f against a median of %.0f\n", v->outliers[k].metric,
			v->outliers[k].value, v->outliers[k].median);
	}
	for (size_t k = 0; k < v->ngaps; k++) {
		fputs("- ", out);
		put(out, v->gaps[k].build);
		fputs(": `", out);
		put(out, v->gaps[k].listener);
		fputs("` missing on ", out);
		put_members(out, r, v->gaps[k].missing, v->gaps[k].nmissing);
		fputc('\n', out);
	}
	for (size_t k = 0; k < v->nenv; k++)
		for (size_t i = 0; i < v->env[k].nvalues; i++) {
			fprintf(out, "- `%s=", v->env[k].name);
			put(out, v->env[k].values[i].value);
			fputs("` on ", out);
			put_members(out, r, v->env[k].values[i].rows, v->env[k].values[i].n);
			fputc('\n', out);
		}
	if (v->judged < v->nrows) {
		fputs("\n## Not judged\n\n", out);
		for (size_t i = 0; i < r->n; i++)
			if (r->rows[i].state != NULL) {
				fputs("- ", out);
				put(out, r->rows[i].name);
				fputs(" **", out);
				put(out, r->rows[i].state);
				fputs("**: ", out);
				put(out, r->rows[i].error);
				fputc('\n', out);
			}
	}
}

/* ---- JSON ---------------------------------------------------------------------------- */

/* Every string masked and sanitised, as check --format json does. */
static void clean_tree(cJSON *node)
{
	for (cJSON *c = node != NULL ? node->child : NULL; c != NULL; c = c->next) {
		if (cJSON_IsString(c) && c->valuestring != NULL) {
			char *s = clean(c->valuestring);

			if (strcmp(s, c->valuestring) != 0)
				cJSON_SetValuestring(c, s);
			free(s);
		} else if (cJSON_IsObject(c) || cJSON_IsArray(c)) {
			clean_tree(c);
		}
	}
}

static void add_s(cJSON *o, const char *k, const char *v)
{
	if (v != NULL)
		cJSON_AddStringToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

static cJSON *names(const struct fleet_report *r, const size_t *idx, size_t n)
{
	cJSON *a = cJSON_CreateArray();

	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(r->rows[idx[i]].name));
	return a;
}

static cJSON *strings(const struct strlist *l)
{
	cJSON *a = cJSON_CreateArray();

	for (size_t i = 0; i < l->n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(l->v[i]));
	return a;
}

cJSON *fleet_target_json(const struct fleet_report *r, size_t i)
{
	const struct fleet_judged *t = &r->rows[i];
	cJSON *o = cJSON_CreateObject(), *checks;

	add_s(o, "name", t->name);
	cJSON_AddItemToObject(o, "labels", strings(&t->labels));
	add_s(o, "state", t->state ? t->state : "judged");
	add_s(o, "error", t->error);
	add_s(o, "host", t->host);
	add_s(o, "revision", t->revision);
	add_s(o, "build_id", t->build_id);
	add_s(o, "go_version", t->go_version);
	cJSON_AddNumberToObject(o, "goroutines", t->row.goroutines);
	cJSON_AddNumberToObject(o, "rss_bytes", t->row.rss);
	cJSON_AddItemToObject(o, "listeners", strings(&t->row.listeners));
	cJSON_AddItemToObject(o, "env", strings(&t->row.env));
	checks = cJSON_AddArrayToObject(o, "checks");
	for (size_t c = 0; c < t->row.nchecks; c++) {
		cJSON *k = cJSON_CreateObject();

		add_s(k, "id", r->judge->ids[c]);
		add_s(k, "verdict", verdict_name(t->kinds[c]));
		add_s(k, "summary", t->v[c].summary ? t->v[c].summary : "");
		cJSON_AddItemToArray(checks, k);
	}
	clean_tree(o);
	return o;
}

cJSON *fleet_view_json(const struct fleet_report *r)
{
	const struct fleet_view *v = r->view;
	cJSON *o = cJSON_CreateObject(), *a;

	cJSON_AddNumberToObject(o, "targets", (double)v->nrows);
	cJSON_AddNumberToObject(o, "judged", (double)v->judged);
	cJSON_AddNumberToObject(o, "failing", (double)v->failing);
	cJSON_AddNumberToObject(o, "seconds", r->took);
	a = cJSON_AddArrayToObject(o, "groups");
	for (size_t g = 0; g < v->ngroups; g++) {
		cJSON *x = cJSON_CreateObject();

		add_s(x, "answer", v->groups[g].key);
		cJSON_AddItemToObject(x, "targets", names(r, v->groups[g].rows, v->groups[g].n));
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "versions");
	for (size_t k = 0; k < v->nversions; k++) {
		cJSON *x = cJSON_CreateObject();

		add_s(x, "revision", v->versions[k].revision);
		cJSON_AddItemToObject(x, "build_ids", strings(&v->versions[k].build_ids));
		cJSON_AddItemToObject(x, "go_versions", strings(&v->versions[k].go_versions));
		cJSON_AddItemToObject(x, "targets",
				      names(r, v->versions[k].rows, v->versions[k].n));
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "outliers");
	for (size_t k = 0; k < v->noutliers; k++) {
		cJSON *x = cJSON_CreateObject();

		add_s(x, "target", r->rows[v->outliers[k].row].name);
		add_s(x, "metric", v->outliers[k].metric);
		cJSON_AddNumberToObject(x, "value", v->outliers[k].value);
		cJSON_AddNumberToObject(x, "median", v->outliers[k].median);
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "listener_gaps");
	for (size_t k = 0; k < v->ngaps; k++) {
		cJSON *x = cJSON_CreateObject();

		add_s(x, "build", v->gaps[k].build);
		add_s(x, "listener", v->gaps[k].listener);
		cJSON_AddNumberToObject(x, "have", (double)v->gaps[k].have);
		cJSON_AddNumberToObject(x, "of", (double)v->gaps[k].of);
		cJSON_AddItemToObject(x, "missing",
				      names(r, v->gaps[k].missing, v->gaps[k].nmissing));
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddObjectToObject(o, "env");
	for (size_t k = 0; k < v->nenv; k++) {
		cJSON *vals = cJSON_AddArrayToObject(a, v->env[k].name);

		for (size_t i = 0; i < v->env[k].nvalues; i++) {
			cJSON *x = cJSON_CreateObject();

			add_s(x, "value", v->env[k].values[i].value);
			cJSON_AddItemToObject(
			    x, "targets",
			    names(r, v->env[k].values[i].rows, v->env[k].values[i].n));
			cJSON_AddItemToArray(vals, x);
		}
	}
	clean_tree(o);
	return o;
}

void fleet_print_json(FILE *out, const struct fleet_report *r, int lines)
{
	cJSON *root, *targets;
	char *s;

	if (lines) {
		for (size_t i = 0; i < r->n; i++) {
			cJSON *t = fleet_target_json(r, i);

			cJSON_AddStringToObject(t, "kind", "target");
			s = cJSON_PrintUnformatted(t);
			fprintf(out, "%s\n", s);
			free(s);
			cJSON_Delete(t);
		}
		root = fleet_view_json(r);
		cJSON_AddStringToObject(root, "kind", "fleet");
		s = cJSON_PrintUnformatted(root);
	} else {
		root = fleet_view_json(r);
		targets = cJSON_AddArrayToObject(root, "target_list");
		for (size_t i = 0; i < r->n; i++)
			cJSON_AddItemToArray(targets, fleet_target_json(r, i));
		s = cJSON_Print(root);
	}
	fprintf(out, "%s\n", s);
	free(s);
	cJSON_Delete(root);
}
