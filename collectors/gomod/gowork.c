/* gowork.c: go.work directives over the go.mod syntax layer. */
#include "gowork.h"

#include <stdlib.h>
#include <string.h>

#include "collectors/base/common.h"
#include "collectors/base/semver.h"

int gowork_parse(const char *buf, size_t len, struct gowork *w, char **cause)
{
	static const char *const blocks[] = {"use", "replace", "godebug", NULL};
	struct gomod_syntax syn;
	size_t cuse = 0, crep = 0;
	struct gomod_common common = {
	    &w->go, &w->go_line, &w->toolchain, &w->godebug, &w->ngodebug, 0, 0};

	memset(w, 0, sizeof *w);
	if (gomod_syntax_begin("go.work", buf, len, &syn, &w->issues, cause) != 0)
		return -1;
	for (size_t i = 0; i < syn.n; i++) {
		const struct gomod_line *l = &syn.v[i];
		const char *v = l->verb;

		if (!gomod_block_allowed(l, blocks, &w->issues) ||
		    gomod_common_line(l, &common, &w->issues))
			continue;
		if (strcmp(v, "use") == 0) {
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
	if (gomod_read(path, &b, cause) != 0)
		return -1;
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
