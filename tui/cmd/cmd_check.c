/* cmd_check.c: `gotriage check`: the whole catalog, non-interactively,
 * for scripts and CI. Exit 0 nothing failed, 1 a check failed, 2 usage or
 * attach error. The JSON shape is documented in the README and stable. */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/elf/buildinfo.h"
#include "checks/catalog.h"
#include "commands.h"
#include "collectors/facts.h"
#include "tui/frame/attach_remote.h"
#include "tui/frame/options.h"
#include "collectors/base/redact.h"
#include "collectors/base/sanitize.h"

enum format { FMT_TEXT, FMT_JSON, FMT_MD };

/* Everything printed passes redaction, then the sanitiser. */
static void put(FILE *out, const char *s)
{
	char *r = redact_text(s), *c = sanitize_str(r);

	fputs(c, out);
	free(c);
	free(r);
}

static char *clean(const char *s)
{
	char *r = redact_text(s), *c = sanitize_str(r);

	free(r);
	return c;
}

static void add_str(cJSON *o, const char *k, const char *v)
{
	char *r = redact_text(v ? v : "");

	cJSON_AddStringToObject(o, k, r);
	free(r);
}

static void print_text(FILE *out, const struct facts *f, const unsigned char *sel,
		       const struct verdict *v, const char *desc)
{
	size_t count[VERDICT_FAIL + 1] = {0}, n = 0, nsource = 0;

	fputs("gotriage check: ", out);
	put(out, desc);
	fputc('\n', out);
	if (f->target->proc != NULL && procfs_state_silent(f->target->proc->state))
		fprintf(out, "  the process is %s: it cannot answer until it runs again\n",
			procfs_state_words(f->target->proc->state));
	if (f->running != NULL) {
		fputs("  running ", out);
		put(out, f->running->go_version ? f->running->go_version : "?");
		if (f->module_path) {
			fputs(", module ", out);
			put(out, f->module_path);
		}
		fputc('\n', out);
	}
	for (size_t i = 0; i < catalog_len; i++) {
		char tag[16];

		if (!sel[i])
			continue;
		n++;
		count[v[i].kind]++;
		if (catalog_needs_source(&catalog[i], f, &v[i])) {
			nsource++;
			continue; /* grouped at the bottom */
		}
		snprintf(tag, sizeof tag, "[%s]", verdict_name(v[i].kind));
		for (char *p = tag; *p; p++)
			*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
		fprintf(out, "%-9s %-24s ", tag, catalog[i].id);
		put(out, v[i].summary ? v[i].summary : "");
		fputc('\n', out);
		for (size_t k = 0; k < v[i].evidence.n; k++) {
			fputs("          - ", out);
			put(out, verdict_evidence_subject(v[i].evidence.v[k]));
			fputc('\n', out);
		}
		if (v[i].kind == VERDICT_FAIL || v[i].kind == VERDICT_WARN) {
			fputs("          by hand: ", out);
			put(out, catalog[i].by_hand);
			fputs("\n          remedy: ", out);
			put(out, catalog[i].remedy);
			fputc('\n', out);
		}
	}
	if (nsource > 0) {
		const char *sep = "          ";
		char *hint = catalog_source_hint(f);

		fprintf(out, "[UNKNOWN] %zu check%s need%s the source: ", nsource,
			nsource == 1 ? "" : "s", nsource == 1 ? "s" : "");
		put(out, hint);
		fputc('\n', out);
		free(hint);
		for (size_t i = 0; i < catalog_len; i++)
			if (sel[i] && catalog_needs_source(&catalog[i], f, &v[i])) {
				fprintf(out, "%s%s", sep, catalog[i].id);
				sep = ", ";
			}
		fputc('\n', out);
	}
	fprintf(out, "\n%zu checks: %zu failed, %zu warned, %zu unknown, %zu passed, %zu skipped\n",
		n, count[VERDICT_FAIL], count[VERDICT_WARN], count[VERDICT_UNKNOWN],
		count[VERDICT_PASS], count[VERDICT_SKIP]);
}

static void print_md(FILE *out, const unsigned char *sel, const struct verdict *v, const char *desc)
{
	char *d = clean(desc);

	fprintf(out, "# gotriage check: %s\n\n| verdict | check | summary |\n|---|---|---|\n", d);
	free(d);
	for (size_t i = 0; i < catalog_len; i++) {
		char *s;

		if (!sel[i])
			continue;
		s = clean(v[i].summary ? v[i].summary : "");
		for (char *p = s; *p; p++)
			if (*p == '|')
				*p = '/';
		fprintf(out, "| %s | `%s` | %s |\n", verdict_name(v[i].kind), catalog[i].id, s);
		free(s);
	}
	for (size_t i = 0; i < catalog_len; i++) {
		if (!sel[i] || (v[i].kind != VERDICT_FAIL && v[i].kind != VERDICT_WARN &&
				v[i].kind != VERDICT_UNKNOWN))
			continue;
		fprintf(out, "\n## %s `%s`: %s\n\n", verdict_name(v[i].kind), catalog[i].id,
			catalog[i].title);
		for (size_t k = 0; k < v[i].evidence.n; k++) {
			char *e = clean(verdict_evidence_subject(v[i].evidence.v[k]));

			fprintf(out, "- %s\n", e);
			free(e);
		}
		if (v[i].missing) {
			char *m = clean(v[i].missing);

			fprintf(out, "\nMissing evidence: %s\n", m);
			free(m);
		}
		fprintf(out, "\nBy hand: `%s`\n\nRemedy: %s\n", catalog[i].by_hand,
			catalog[i].remedy);
	}
}

/* Every string of the JSON, the target's own (exe, comm, module path)
 * included, through the same path as the text: masked, then sanitised,
 * so a consumer that prints a field raw (jq -r) cannot be sent escapes. */
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

static void print_json(FILE *out, const struct facts *f, const unsigned char *sel,
		       const struct verdict *v)
{
	cJSON *root = cJSON_CreateObject(), *checks = cJSON_CreateArray(), *t;
	char *s;

	t = target_to_json(f->target);
	cJSON_AddItemToObject(t, "facts", facts_summary_json(f));
	cJSON_AddItemToObject(root, "target", t);
	for (size_t i = 0; i < catalog_len; i++) {
		cJSON *c, *ev;

		if (!sel[i])
			continue;
		c = cJSON_CreateObject();
		add_str(c, "id", catalog[i].id);
		add_str(c, "title", catalog[i].title);
		add_str(c, "verdict", verdict_name(v[i].kind));
		add_str(c, "summary", v[i].summary);
		ev = cJSON_AddArrayToObject(c, "evidence");
		for (size_t k = 0; k < v[i].evidence.n; k++) {
			char *r = redact_text(verdict_evidence_subject(v[i].evidence.v[k]));

			cJSON_AddItemToArray(ev, cJSON_CreateString(r));
			free(r);
		}
		if (v[i].missing)
			add_str(c, "missing", v[i].missing);
		add_str(c, "by_hand", catalog[i].by_hand);
		add_str(c, "remedy", catalog[i].remedy);
		cJSON_AddItemToArray(checks, c);
	}
	cJSON_AddItemToObject(root, "checks", checks);
	clean_tree(root);
	s = cJSON_Print(root);
	fputs(s, out);
	fputc('\n', out);
	free(s);
	cJSON_Delete(root);
}

void cmd_check_help_ids(FILE *out)
{
	fprintf(out, "Check ids:");
	for (size_t i = 0; i < catalog_len; i++)
		fprintf(out, " %s", catalog[i].id);
	fprintf(out, "\n");
}

int cmd_check(int argc, char **argv)
{
	struct options o;
	struct cmdargs a;
	struct remote_args ra;
	struct remote_session *rs = NULL;
	struct target *t = NULL;
	struct facts *f;
	struct http_client *c;
	unsigned char sel[64];
	struct verdict *v;
	unsigned parts = 0;
	enum format fmt = FMT_TEXT;
	char *cause = NULL, *desc;
	int failed = 0;

	if (!commands_parse("check", argc, argv, &a, &failed))
		return failed;
	if (commands_options(&a, &o, &cause) != 0 || remote_args_from(&o, &ra, &cause) != 0) {
		fprintf(stderr, "gotriage check: %s\n", cause);
		free(cause);
		return 2;
	}
	if (o.format != NULL) {
		if (strcmp(o.format, "json") == 0)
			fmt = FMT_JSON;
		else if (strcmp(o.format, "md") == 0)
			fmt = FMT_MD;
		else if (strcmp(o.format, "text") != 0) {
			fprintf(stderr, "gotriage check: --format %s: use text, json or md\n",
				o.format);
			return 2;
		}
	}
	if (catalog_len > sizeof sel || catalog_select(o.only, sel, &cause) != 0) {
		fprintf(stderr, "gotriage check: %s\n", cause ? cause : "catalog too large");
		free(cause);
		return 2;
	}
	for (size_t i = 0; i < catalog_len; i++)
		if (sel[i])
			parts |= catalog[i].needs;
	redact_register_own_environ();
	if (ra.facts != NULL || ra.ssh != NULL || ra.k8s != NULL) {
		if (remote_attach(&ra, &o, parts, &t, &rs, &cause) != 0) {
			fprintf(stderr, "gotriage check: %s\n", cause);
			free(cause);
			return 2;
		}
	} else if (target_attach(&o.target, &t, &cause) != 0) {
		fprintf(stderr, "gotriage check: %s\n", cause);
		free(cause);
		return 2;
	}
	if (t->repo_mismatch != NULL && !o.target.repo_mismatch_ok) {
		fprintf(stderr, "gotriage check: %s\n", t->repo_mismatch);
		target_free(t);
		return 2;
	}
	if (t->proc != NULL && t->proc->environ != NULL)
		redact_register_environ_block(t->proc->environ, t->proc->environ_len);
	if (t->proc != NULL) /* --password=X, -api-token X */
		redact_register_argv((const char *const *)t->proc->argv.v, t->proc->argv.n);
	if (rs == NULL) {
		c = http_client_new();
		target_probe_start(t, c);
		http_wait(c);
		http_client_free(c);
	}

	f = facts_new(t);
	if (rs != NULL)
		remote_session_use(rs, f);
	f->allow_full_dump = o.full_dump ? 2 : 1;
	if (o.header != NULL) {
		free(f->expected_header);
		f->expected_header = xstrdup(o.header);
	}
	facts_collect(f, parts);

	v = xcalloc(catalog_len, sizeof *v);
	for (size_t i = 0; i < catalog_len; i++) {
		if (!sel[i])
			continue;
		catalog_run(&catalog[i], f, &v[i]);
		if (v[i].kind == VERDICT_FAIL)
			failed = 1;
	}
	desc = target_describe(t);
	if (rs != NULL) {
		char *d = xasprintf("%s: %s", remote_session_status(rs), desc);

		free(desc);
		desc = d;
	}
	if (fmt == FMT_JSON)
		print_json(stdout, f, sel, v);
	else if (fmt == FMT_MD)
		print_md(stdout, sel, v, desc);
	else
		print_text(stdout, f, sel, v, desc);
	free(desc);
	for (size_t i = 0; i < catalog_len; i++)
		verdict_free(&v[i]);
	free(v);
	facts_free(f);
	target_free(t);
	remote_session_free(rs);
	return failed ? 1 : 0;
}
