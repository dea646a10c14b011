/* gowork.c: go.work directives over the go.mod syntax layer. */
#include "gowork.h"

#include <stdlib.h>
#include <string.h>

#include "collectors/base/common.h"
#include "collectors/base/semver.h"

int gowork_parse(const char *buf, size_t len, struct gowork *w, char **cause)
{
	struct gomod_syntax syn;
	size_t cuse = 0, crep = 0, cdbg = 0;

	memset(w, 0, sizeof *w);
	if (len > GOMOD_MAX_BYTES)
		return err_set(cause, "go.work is %zu bytes, over the %d MiB cap", len,
			       GOMOD_MAX_BYTES >> 20);
	gomod_syntax_parse(buf, len, &syn, &w->issues);
	for (size_t i = 0; i < syn.n; i++) {
		const struct gomod_line *l = &syn.v[i];
		const char *v = l->verb;

		if (l->in_block && strcmp(v, "use") && strcmp(v, "replace") &&
		    strcmp(v, "godebug")) {
			gomod_issue_add(&w->issues, l->line, "unknown block type: %s", v);
			continue;
		}
		if (strcmp(v, "go") == 0) {
			if (w->go != NULL)
				gomod_issue_add(&w->issues, l->line, "repeated go statement");
			else if (l->ntok != 1)
				gomod_issue_add(&w->issues, l->line,
						"go directive expects exactly one argument");
			else if (!semver_go_valid(l->tok[0]))
				gomod_issue_add(&w->issues, l->line,
						"invalid go version '%s': must match format 1.23.0",
						l->tok[0]);
			else {
				w->go = xstrdup(l->tok[0]);
				w->go_line = l->line;
			}
		} else if (strcmp(v, "toolchain") == 0) {
			if (w->toolchain != NULL)
				gomod_issue_add(&w->issues, l->line,
						"repeated toolchain statement");
			else if (l->ntok != 1)
				gomod_issue_add(&w->issues, l->line,
						"toolchain directive expects exactly one argument");
			else
				w->toolchain = xstrdup(l->tok[0]);
		} else if (strcmp(v, "godebug") == 0) {
			const char *eq = l->ntok == 1 ? strchr(l->tok[0], '=') : NULL;

			if (eq == NULL || strpbrk(l->tok[0], "\"`',") != NULL) {
				gomod_issue_add(&w->issues, l->line, "usage: godebug key=value");
				continue;
			}
			w->godebug = xgrow(w->godebug, &cdbg, w->ngodebug + 1, sizeof *w->godebug);
			w->godebug[w->ngodebug].key = xstrndup(l->tok[0], (size_t)(eq - l->tok[0]));
			w->godebug[w->ngodebug].value = xstrdup(eq + 1);
			w->godebug[w->ngodebug++].line = l->line;
		} else if (strcmp(v, "use") == 0) {
			const char *err;
			int bq;
			char *s;

			if (l->ntok != 1) {
				gomod_issue_add(&w->issues, l->line, "usage: use local/dir");
				continue;
			}
			if ((s = gomod_unquote(l->tok[0], &bq, &err)) == NULL) {
				gomod_issue_add(&w->issues, l->line, "invalid quoted string: %s",
						err);
				continue;
			}
			if (bq)
				gomod_issue_add(
				    &w->issues, l->line,
				    "invalid quoted string: unquoted string cannot contain "
				    "quote (go rejects `raw` strings in use; read as %s)",
				    s);
			w->use = xgrow(w->use, &cuse, w->nuse + 1, sizeof *w->use);
			w->use[w->nuse].dir = s;
			w->use[w->nuse++].line = l->line;
		} else if (strcmp(v, "replace") == 0) {
			struct gomod_replace r;

			if (gomod_parse_replace(l, &r, &w->issues) == 0) {
				w->replace =
				    xgrow(w->replace, &crep, w->nreplace + 1, sizeof *w->replace);
				w->replace[w->nreplace++] = r;
			}
		} else {
			gomod_issue_add(&w->issues, l->line, "unknown directive: %s", v);
		}
	}
	if (w->go == NULL)
		gomod_issue_add(&w->issues, 0, "go.work has no go directive (it is required)");
	gomod_syntax_free(&syn);
	return 0;
}

int gowork_load(const char *path, struct gowork *out, char **cause)
{
	struct buf b;
	int rc;

	memset(out, 0, sizeof *out);
	buf_init(&b);
	if (read_file_whole(path, GOMOD_MAX_BYTES, &b, cause) != 0) {
		buf_free(&b);
		return -1;
	}
	rc = gowork_parse(b.data ? b.data : "", b.len, out, cause);
	buf_free(&b);
	return rc;
}

void gowork_free(struct gowork *w)
{
	if (w == NULL)
		return;
	free(w->go);
	free(w->toolchain);
	for (size_t i = 0; i < w->nuse; i++)
		free(w->use[i].dir);
	free(w->use);
	for (size_t i = 0; i < w->nreplace; i++)
		gomod_replace_clear(&w->replace[i]);
	free(w->replace);
	for (size_t i = 0; i < w->ngodebug; i++) {
		free(w->godebug[i].key);
		free(w->godebug[i].value);
	}
	free(w->godebug);
	gomod_issues_free(&w->issues);
	memset(w, 0, sizeof *w);
}
