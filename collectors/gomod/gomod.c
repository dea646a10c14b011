/* gomod.c: go.mod directives over the syntax layer (gomod_syntax.c). */
#include "gomod.h"

#include <stdlib.h>
#include <string.h>

#include "collectors/base/common.h"
#include "collectors/base/semver.h"

/* parseString plus the issue Go would report. `what` prefixes the message. */
static char *arg_string(const struct gomod_line *l, size_t i, struct gomod_issues *is)
{
	const char *err;
	int bq;
	char *s = gomod_unquote(l->tok[i], &bq, &err);

	if (s == NULL) {
		gomod_issue_add(is, l->line, "invalid quoted string: %s", err);
		return NULL;
	}
	if (bq)
		gomod_issue_add(is, l->line,
				"invalid quoted string: unquoted string cannot contain quote "
				"(go rejects `raw` strings in %s; read as %s)",
				l->verb, s);
	return s;
}

static char *arg_version(const struct gomod_line *l, size_t i, const char *path,
			 struct gomod_issues *is)
{
	char *s = arg_string(l, i, is), *c;

	if (s == NULL)
		return NULL;
	c = semver_canonical(s);
	if (c == NULL)
		gomod_issue_add(is, l->line,
				"%s %s: version \"%s\" invalid: must be of the form v1.2.3",
				l->verb, path, s);
	free(s);
	return c;
}

int gomod_is_dir_path(const char *s)
{
	return strcmp(s, ".") == 0 || strcmp(s, "..") == 0 || str_has_prefix(s, "./") ||
	       str_has_prefix(s, ".\\") || str_has_prefix(s, "../") || str_has_prefix(s, "..\\") ||
	       s[0] == '/' || s[0] == '\\' ||
	       (strlen(s) >= 2 && ((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')) &&
		s[1] == ':');
}

void gomod_replace_clear(struct gomod_replace *r)
{
	free(r->old_path);
	free(r->old_version);
	free(r->new_path);
	free(r->new_version);
	memset(r, 0, sizeof *r);
}

int gomod_parse_replace(const struct gomod_line *l, struct gomod_replace *r,
			struct gomod_issues *is)
{
	size_t arrow = 1, n = l->ntok;

	memset(r, 0, sizeof *r);
	r->line = l->line;
	if (n >= 2 && strcmp(l->tok[1], "=>") == 0)
		arrow = 1;
	else
		arrow = 2;
	if (n < arrow + 2 || n > arrow + 3 || strcmp(l->tok[arrow], "=>") != 0) {
		gomod_issue_add(is, l->line,
				"usage: %s module/path [v1.2.3] => other/module v1.4 or %s "
				"module/path [v1.2.3] => ../local/directory",
				l->verb, l->verb);
		return -1;
	}
	if ((r->old_path = arg_string(l, 0, is)) == NULL)
		goto fail;
	if (arrow == 2 && (r->old_version = arg_version(l, 1, r->old_path, is)) == NULL)
		goto fail;
	if ((r->new_path = arg_string(l, arrow + 1, is)) == NULL)
		goto fail;
	if (n == arrow + 2) {
		if (!gomod_is_dir_path(r->new_path)) {
			if (strchr(r->new_path, '@') != NULL)
				gomod_issue_add(is, l->line,
						"replacement module must match format "
						"'path version', not 'path@version'");
			else
				gomod_issue_add(
				    is, l->line,
				    "replacement module without version must "
				    "be directory path (rooted or starting with . or ..)");
			goto fail;
		}
	} else {
		if ((r->new_version = arg_version(l, arrow + 2, r->new_path, is)) == NULL)
			goto fail;
		if (gomod_is_dir_path(r->new_path)) {
			gomod_issue_add(
			    is, l->line,
			    "replacement module directory path \"%s\" cannot have version",
			    r->new_path);
			goto fail;
		}
	}
	return 0;
fail:
	gomod_replace_clear(r);
	return -1;
}

/* ---- go.mod directives ---- */

#define PUSH(arr, n, cap) ((arr) = xgrow((arr), &(cap), (n) + 1, sizeof *(arr)), &(arr)[(n)++])

/* An "indirect" suffix comment: exactly "indirect" or starting "indirect;". */
static int is_indirect(const char *suffix)
{
	const char *s = suffix;
	size_t n;

	if (s == NULL)
		return 0;
	while (*s == ' ' || *s == '\t')
		s++;
	n = strcspn(s, " \t");
	if (n == 8 && strncmp(s, "indirect", 8) == 0)
		return s[n + strspn(s + n, " \t")] == '\0';
	return n == 9 && strncmp(s, "indirect;", 9) == 0 && s[n + strspn(s + n, " \t")] != '\0';
}

static void add_retract(struct gomod *m, const struct gomod_line *l, size_t *cap)
{
	struct gomod_retract r = {0};
	size_t i = 0;

	r.line = l->line;
	if (l->ntok == 0 || strcmp(l->tok[0], "(") == 0) {
		gomod_issue_add(&m->issues, l->line, "expected '[' or version");
		return;
	}
	if (strcmp(l->tok[0], "[") != 0) {
		if ((r.low = arg_version(l, 0, "", &m->issues)) == NULL)
			return;
		r.high = xstrdup(r.low);
		i = 1;
	} else {
		if (l->ntok < 2) {
			gomod_issue_add(&m->issues, l->line, "expected version after '['");
			return;
		}
		if ((r.low = arg_version(l, 1, "", &m->issues)) == NULL)
			return;
		if (l->ntok < 3 || strcmp(l->tok[2], ",") != 0) {
			gomod_issue_add(&m->issues, l->line, "expected ',' after version");
			goto fail;
		}
		if (l->ntok < 4) {
			gomod_issue_add(&m->issues, l->line, "expected version after ','");
			goto fail;
		}
		if ((r.high = arg_version(l, 3, "", &m->issues)) == NULL)
			goto fail;
		if (l->ntok < 5 || strcmp(l->tok[4], "]") != 0) {
			gomod_issue_add(&m->issues, l->line, "expected ']' after version");
			goto fail;
		}
		i = 5;
	}
	if (i < l->ntok) {
		gomod_issue_add(&m->issues, l->line, "unexpected token after version: \"%s\"",
				l->tok[i]);
		goto fail;
	}
	{
		struct buf b;

		buf_init(&b);
		if (l->before)
			buf_adds(&b, l->before);
		if (l->suffix) {
			if (b.len)
				buf_addc(&b, '\n');
			buf_adds(&b, str_trim(l->suffix));
		}
		r.rationale = b.len ? buf_steal(&b) : NULL;
		buf_free(&b);
	}
	*PUSH(m->retract, m->nretract, *cap) = r;
	return;
fail:
	free(r.low);
	free(r.high);
}

static void add_path_only(struct gomod *m, const struct gomod_line *l, struct gomod_pathver **arr,
			  size_t *n, size_t *cap)
{
	char *s;

	if (l->ntok != 1) {
		gomod_issue_add(&m->issues, l->line, "%s directive expects exactly one argument",
				l->verb);
		return;
	}
	if ((s = arg_string(l, 0, &m->issues)) == NULL)
		return;
	struct gomod_pathver *p = PUSH(*arr, *n, *cap);

	p->path = s;
	p->version = NULL;
	p->line = l->line;
}

int gomod_syntax_begin(const char *what, const char *buf, size_t len, struct gomod_syntax *syn,
		       struct gomod_issues *issues, char **cause)
{
	if (len > GOMOD_MAX_BYTES)
		return err_set(cause, "%s is %zu bytes, over the %d MiB cap", what, len,
			       GOMOD_MAX_BYTES >> 20);
	gomod_syntax_parse(buf, len, syn, issues);
	return 0;
}

int gomod_block_allowed(const struct gomod_line *l, const char *const *verbs,
			struct gomod_issues *issues)
{
	if (!l->in_block)
		return 1;
	for (size_t i = 0; verbs[i] != NULL; i++)
		if (strcmp(l->verb, verbs[i]) == 0)
			return 1;
	gomod_issue_add(issues, l->line, "unknown block type: %s", l->verb);
	return 0;
}

int gomod_read(const char *path, struct buf *b, char **cause)
{
	buf_init(b);
	if (read_file_whole(path, GOMOD_MAX_BYTES, b, cause) != 0) {
		buf_free(b);
		return -1;
	}
	return 0;
}

int gomod_common_line(const struct gomod_line *l, struct gomod_common *c, struct gomod_issues *is)
{
	const char *v = l->verb;

	if (strcmp(v, "go") == 0) {
		if (*c->go != NULL) {
			gomod_issue_add(is, l->line, "repeated go statement");
		} else if (l->ntok != 1) {
			gomod_issue_add(is, l->line, "go directive expects exactly one argument");
		} else if (!semver_go_valid(l->tok[0])) {
			gomod_issue_add(is, l->line,
					"invalid go version '%s': must match format 1.23.0",
					l->tok[0]);
		} else {
			*c->go = xstrdup(l->tok[0]);
			*c->go_line = l->line;
		}
	} else if (strcmp(v, "toolchain") == 0) {
		if (*c->toolchain != NULL) {
			gomod_issue_add(is, l->line, "repeated toolchain statement");
		} else if (l->ntok != 1) {
			gomod_issue_add(is, l->line,
					"toolchain directive expects exactly one argument");
		} else if (c->check_toolchain && strcmp(l->tok[0], "default") != 0 &&
			   strcmp(l->tok[0], "go1") != 0 && !str_has_prefix(l->tok[0], "go1.")) {
			gomod_issue_add(is, l->line,
					"invalid toolchain version '%s': must "
					"match format go1.23.0 or default",
					l->tok[0]);
		} else {
			*c->toolchain = xstrdup(l->tok[0]);
		}
	} else if (strcmp(v, "godebug") == 0) {
		const char *eq;

		if (l->ntok != 1 || strpbrk(l->tok[0], "\"`',") != NULL ||
		    (eq = strchr(l->tok[0], '=')) == NULL) {
			gomod_issue_add(is, l->line, "usage: godebug key=value");
			return 1;
		}
		struct gomod_kv *kv = PUSH(*c->godebug, *c->ngodebug, c->capgodebug);

		kv->key = xstrndup(l->tok[0], (size_t)(eq - l->tok[0]));
		kv->value = xstrdup(eq + 1);
		kv->line = l->line;
	} else {
		return 0;
	}
	return 1;
}

int gomod_parse(const char *buf, size_t len, struct gomod *m, char **cause)
{
	static const char *const blocks[] = {"module",	"godebug", "require", "exclude", "replace",
					     "retract", "tool",	   "ignore",  NULL};
	struct gomod_syntax syn;
	size_t creq = 0, crep = 0, cexc = 0, cret = 0, ctool = 0, cign = 0;
	struct gomod_common common = {
	    &m->go, &m->go_line, &m->toolchain, &m->godebug, &m->ngodebug, 0, 1};

	memset(m, 0, sizeof *m);
	if (gomod_syntax_begin("go.mod", buf, len, &syn, &m->issues, cause) != 0)
		return -1;
	for (size_t i = 0; i < syn.n; i++) {
		const struct gomod_line *l = &syn.v[i];
		const char *v = l->verb;

		if (!gomod_block_allowed(l, blocks, &m->issues) ||
		    gomod_common_line(l, &common, &m->issues))
			continue;
		if (strcmp(v, "module") == 0) {
			if (m->module != NULL) {
				gomod_issue_add(&m->issues, l->line, "repeated module statement");
				continue;
			}
			if (l->ntok != 1) {
				gomod_issue_add(&m->issues, l->line, "usage: module module/path");
				continue;
			}
			m->module = arg_string(l, 0, &m->issues);
			m->module_line = l->line;
		} else if (strcmp(v, "require") == 0 || strcmp(v, "exclude") == 0) {
			char *path, *ver;

			if (l->ntok != 2) {
				gomod_issue_add(&m->issues, l->line, "usage: %s module/path v1.2.3",
						v);
				continue;
			}
			if ((path = arg_string(l, 0, &m->issues)) == NULL)
				continue;
			if ((ver = arg_version(l, 1, path, &m->issues)) == NULL) {
				free(path);
				continue;
			}
			if (v[0] == 'r') {
				struct gomod_require *r = PUSH(m->require, m->nrequire, creq);

				r->path = path;
				r->version = ver;
				r->indirect = is_indirect(l->suffix);
				r->line = l->line;
			} else {
				struct gomod_pathver *e = PUSH(m->exclude, m->nexclude, cexc);

				e->path = path;
				e->version = ver;
				e->line = l->line;
			}
		} else if (strcmp(v, "replace") == 0) {
			struct gomod_replace r;

			if (gomod_parse_replace(l, &r, &m->issues) == 0)
				*PUSH(m->replace, m->nreplace, crep) = r;
		} else if (strcmp(v, "retract") == 0) {
			add_retract(m, l, &cret);
		} else if (strcmp(v, "tool") == 0) {
			add_path_only(m, l, &m->tool, &m->ntool, &ctool);
		} else if (strcmp(v, "ignore") == 0) {
			add_path_only(m, l, &m->ignore, &m->nignore, &cign);
		} else {
			gomod_issue_add(&m->issues, l->line, "unknown directive: %s", v);
		}
	}
	if (m->nretract > 0 && m->module == NULL)
		gomod_issue_add(&m->issues, m->retract[0].line,
				"no module directive found, so retract cannot be used");
	gomod_syntax_free(&syn);
	return 0;
}

int gomod_load(const char *path, struct gomod *out, char **cause)
{
	struct buf b;
	int rc;

	memset(out, 0, sizeof *out);
	if (gomod_read(path, &b, cause) != 0)
		return -1;
	rc = gomod_parse(b.data ? b.data : "", b.len, out, cause);
	buf_free(&b);
	return rc;
}

static void pathvers_free(struct gomod_pathver *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].version);
	}
	free(v);
}

void gomod_free(struct gomod *m)
{
	if (m == NULL)
		return;
	free(m->module);
	free(m->go);
	free(m->toolchain);
	for (size_t i = 0; i < m->nrequire; i++) {
		free(m->require[i].path);
		free(m->require[i].version);
	}
	free(m->require);
	for (size_t i = 0; i < m->nreplace; i++)
		gomod_replace_clear(&m->replace[i]);
	free(m->replace);
	pathvers_free(m->exclude, m->nexclude);
	for (size_t i = 0; i < m->nretract; i++) {
		free(m->retract[i].low);
		free(m->retract[i].high);
		free(m->retract[i].rationale);
	}
	free(m->retract);
	for (size_t i = 0; i < m->ngodebug; i++) {
		free(m->godebug[i].key);
		free(m->godebug[i].value);
	}
	free(m->godebug);
	pathvers_free(m->tool, m->ntool);
	pathvers_free(m->ignore, m->nignore);
	gomod_issues_free(&m->issues);
	memset(m, 0, sizeof *m);
}
