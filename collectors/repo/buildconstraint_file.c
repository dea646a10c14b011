/* buildconstraint_file.c: whether one Go file is in the build (file name,
 * leading comment block, cgo, _test), with the reason; see
 * buildconstraint.h. Mirrors go/build's matchFile, goodOSArchFile,
 * parseFileHeader and shouldBuild. */
#include "buildconstraint.h"

#include <stdlib.h>
#include <string.h>

#include "collectors/base/sanitize.h"

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static int has_prefix(const char *s, size_t n, const char *p)
{
	size_t pl = strlen(p);

	return n >= pl && memcmp(s, p, pl) == 0;
}

static const char *find(const char *s, size_t n, const char *w)
{
	size_t wl = strlen(w);

	for (size_t i = 0; i + wl <= n; i++)
		if (s[i] == w[0] && memcmp(s + i, w, wl) == 0)
			return s + i;
	return NULL;
}

void buildconstraint_header_parse(const char *src, size_t len, struct buildconstraint_header *h)
{
	size_t p = 0, end = 0;
	int ended = 0, in_star = 0, line_no = 0;
	/* Candidate // +build lines seen so far; only those before `end` count. */
	struct {
		const char *s;
		size_t n;
		int line;
		size_t at;
	} plus[64];
	int np = 0;

	memset(h, 0, sizeof *h);
	while (p < len) {
		const char *line = src + p, *nl = memchr(line, '\n', len - p);
		size_t n = nl != NULL ? (size_t)(nl - line) : len - p;
		const char *e;
		size_t en;

		p += n + (nl != NULL);
		line_no++;
		while (n > 0 && is_space(*line)) {
			line++;
			n--;
		}
		while (n > 0 && is_space(line[n - 1]))
			n--;
		if (n == 0 && !ended) {
			/* The latest place a // +build line may end. */
			end = p;
			continue;
		}
		if (!has_prefix(line, n, "//"))
			ended = 1;
		if (!in_star && buildconstraint_is_gobuild(line, n, &e, &en)) {
			if (h->gobuild != NULL) {
				h->multiple_gobuild = 1;
			} else {
				h->gobuild = line;
				h->gobuild_len = n;
				h->gobuild_line = line_no;
			}
		}
		if (!in_star && !ended && np < (int)ARRAY_LEN(plus) && has_prefix(line, n, "//") &&
		    find(line, n, "+build") != NULL &&
		    buildconstraint_is_plusbuild(line, n, &e, &en)) {
			plus[np].s = line;
			plus[np].n = n;
			plus[np].line = line_no;
			plus[np].at = p;
			np++;
		}
		/* Walk the comments on this line; stop at the first real text. */
		while (n > 0) {
			if (in_star) {
				const char *star = find(line, n, "*/");

				if (star == NULL)
					break;
				in_star = 0;
				n -= (size_t)(star + 2 - line);
				line = star + 2;
				while (n > 0 && is_space(*line)) {
					line++;
					n--;
				}
				continue;
			}
			if (has_prefix(line, n, "//"))
				break;
			if (has_prefix(line, n, "/*")) {
				in_star = 1;
				line += 2;
				n -= 2;
				while (n > 0 && is_space(*line)) {
					line++;
					n--;
				}
				continue;
			}
			goto done; /* non-comment text: the header is over */
		}
	}
done:
	for (int i = 0; i < np && h->nplus < (int)ARRAY_LEN(h->plus); i++) {
		if (plus[i].at > end)
			continue;
		h->plus[h->nplus] = plus[i].s;
		h->plus_len[h->nplus] = plus[i].n;
		h->plus_line[h->nplus] = plus[i].line;
		h->nplus++;
	}
}

void buildconstraint_result_free(struct buildconstraint_result *r)
{
	if (r == NULL)
		return;
	free(r->constraint);
	free(r->term);
	free(r->setting);
	free(r->gobuild);
	free(r->plusbuild);
	memset(r, 0, sizeof *r);
}

static void exclude(struct buildconstraint_result *r, enum buildconstraint_reason why, int line,
		    char *constraint, char *term, char *setting)
{
	r->included = 0;
	r->reason = why;
	r->line = line;
	r->constraint = constraint;
	r->term = term;
	r->setting = setting;
}

/* goodOSArchFile: returns 1 when the name carries no unmatched _GOOS/_GOARCH
 * suffix; otherwise fills the result. */
static int check_name(const char *name, const struct buildconstraint_ctx *c,
		      struct buildconstraint_result *r)
{
	size_t n = strcspn(name, "."), i;
	const char *u = memchr(name, '_', n);
	const char *el[64];
	size_t ellen[64];
	int ne = 0;
	struct buf why;
	int ok;

	if (u == NULL)
		return 1;
	/* Split the part from the first '_' on '_'; el[0] is empty. */
	for (i = (size_t)(u - name); i <= n && ne < 64;) {
		size_t j = i + 1;

		while (j < n && name[j] != '_')
			j++;
		el[ne] = name + i + 1;
		ellen[ne] = j - i - 1;
		ne++;
		i = j;
		if (j >= n)
			break;
	}
	if (ne > 0 && ellen[ne - 1] == 4 && memcmp(el[ne - 1], "test", 4) == 0)
		ne--;
	buf_init(&why);
	if (ne >= 2 && buildconstraint_known_os(el[ne - 2], ellen[ne - 2], c->go_minor) &&
	    buildconstraint_known_arch(el[ne - 1], ellen[ne - 1])) {
		int a = buildconstraint_ctx_match(c, el[ne - 1], ellen[ne - 1], &why);

		if (a) {
			buf_reset(&why);
			ok = buildconstraint_ctx_match(c, el[ne - 2], ellen[ne - 2], &why);
		} else {
			ok = 0;
		}
		if (!ok) {
			exclude(r, BCR_FILENAME, 0,
				xasprintf("file name suffix _%.*s_%.*s", (int)ellen[ne - 2],
					  el[ne - 2], (int)ellen[ne - 1], el[ne - 1]),
				xasprintf("_%.*s_%.*s", (int)ellen[ne - 2], el[ne - 2],
					  (int)ellen[ne - 1], el[ne - 1]),
				buf_steal(&why));
		}
		buf_free(&why);
		return ok;
	}
	if (ne >= 1 && (buildconstraint_known_os(el[ne - 1], ellen[ne - 1], c->go_minor) ||
			buildconstraint_known_arch(el[ne - 1], ellen[ne - 1]))) {
		ok = buildconstraint_ctx_match(c, el[ne - 1], ellen[ne - 1], &why);
		if (!ok)
			exclude(r, BCR_FILENAME, 0,
				xasprintf("file name suffix _%.*s", (int)ellen[ne - 1], el[ne - 1]),
				xasprintf("_%.*s", (int)ellen[ne - 1], el[ne - 1]),
				buf_steal(&why));
		buf_free(&why);
		return ok;
	}
	buf_free(&why);
	return 1;
}

int buildconstraint_file(const char *name, const char *src, size_t len, int imports_c,
			 const struct buildconstraint_ctx *c, struct buildconstraint_result *r)
{
	struct buildconstraint_header h;
	struct buildconstraint_expr x;
	struct buf term, why, joined;
	const char *e;
	size_t en;
	int go_ok = 1, plus_ok = 1, first_false = -1;
	char *cause = NULL;
	char *plus_term = NULL, *plus_why = NULL;

	memset(r, 0, sizeof *r);
	r->included = 1;
	if (name[0] == '_' || name[0] == '.') {
		exclude(r, BCR_NAME_IGNORED, 0, xstrdup("file name starts with _ or ."),
			xstrdup(name[0] == '_' ? "_" : "."), xstrdup("go ignores such files"));
		return 0;
	}
	if (!check_name(name, c, r))
		return 0;

	buildconstraint_header_parse(src, len, &h);
	buf_init(&term);
	buf_init(&why);
	buf_init(&joined);
	/* The // +build lines, evaluated even when //go:build decides, so that a
	 * disagreement between the two can be reported. */
	for (int i = 0; i < h.nplus; i++) {
		buildconstraint_is_plusbuild(h.plus[i], h.plus_len[i], &e, &en);
		buildconstraint_parse_plus(e, en, &x);
		if (joined.len > 0)
			buf_adds(&joined, " && ");
		buf_add(&joined, h.plus[i], h.plus_len[i]);
		buf_reset(&term);
		buf_reset(&why);
		if (!buildconstraint_eval(&x, c, &term, &why) && plus_ok) {
			plus_ok = 0;
			first_false = i;
			plus_term = xstrdup(term.data != NULL ? term.data : "");
			plus_why = xstrdup(why.data != NULL ? why.data : "");
		}
		buildconstraint_expr_free(&x);
	}
	if (h.nplus > 0) {
		r->plusbuild = buf_steal(&joined);
		r->plusbuild_line = h.plus_line[0];
	}
	if (h.gobuild != NULL) {
		r->gobuild = xstrndup(h.gobuild, h.gobuild_len);
		r->gobuild_line = h.gobuild_line;
	}
	buf_reset(&term);
	buf_reset(&why);
	if (h.multiple_gobuild) {
		exclude(r, BCR_BAD_CONSTRAINT, h.gobuild_line, xstrdup(r->gobuild),
			xstrdup(r->gobuild),
			xstrdup("multiple //go:build comments: the package does not build"));
		goto out;
	}
	if (h.gobuild != NULL) {
		buildconstraint_is_gobuild(h.gobuild, h.gobuild_len, &e, &en);
		if (buildconstraint_parse_expr(e, en, &x, &cause) < 0) {
			exclude(r, BCR_BAD_CONSTRAINT, h.gobuild_line, xstrdup(r->gobuild),
				xstrndup(e, en),
				xasprintf("parsing //go:build line: %s: the package does not build",
					  cause));
			free(cause);
			buildconstraint_expr_free(&x);
			goto out;
		}
		go_ok = buildconstraint_eval(&x, c, &term, &why);
		buildconstraint_expr_free(&x);
		r->disagree = h.nplus > 0 && go_ok != plus_ok;
		if (!go_ok) {
			exclude(r, BCR_GOBUILD, h.gobuild_line, xstrdup(r->gobuild),
				buf_steal(&term), buf_steal(&why));
			goto out;
		}
	} else if (!plus_ok) {
		exclude(r, BCR_PLUSBUILD, h.plus_line[first_false],
			xstrndup(h.plus[first_false], h.plus_len[first_false]), plus_term,
			plus_why);
		plus_term = plus_why = NULL;
		goto out;
	}
	if (imports_c && !c->cgo) {
		exclude(r, BCR_CGO, 0, xstrdup("import \"C\" (implies //go:build cgo)"),
			xstrdup("cgo"), xstrdup("CGO_ENABLED=0"));
		goto out;
	}
	{
		size_t nl = strlen(name);

		if (nl >= 8 && strcmp(name + nl - 8, "_test.go") == 0)
			exclude(r, BCR_TEST, 0, xstrdup("file name suffix _test.go"),
				xstrdup("_test"), xstrdup("test files are built only by go test"));
	}
out:
	free(plus_term);
	free(plus_why);
	buf_free(&term);
	buf_free(&why);
	buf_free(&joined);
	return r->included;
}

const char *buildconstraint_reason_name(enum buildconstraint_reason r)
{
	switch (r) {
	case BCR_INCLUDED:
		return "included";
	case BCR_NAME_IGNORED:
		return "name-ignored";
	case BCR_FILENAME:
		return "file-name";
	case BCR_GOBUILD:
		return "go:build";
	case BCR_PLUSBUILD:
		return "+build";
	case BCR_BAD_CONSTRAINT:
		return "bad-constraint";
	case BCR_CGO:
		return "cgo";
	case BCR_TEST:
		return "test";
	case BCR_DOCUMENTATION:
		return "package-documentation";
	}
	return "?";
}

char *buildconstraint_result_describe(const struct buildconstraint_result *r)
{
	if (r->included)
		return xstrdup("in the build");
	if (r->line > 0)
		return xasprintf("excluded by %s (line %d): %s is false: %s", r->constraint,
				 r->line, r->term, r->setting);
	return xasprintf("excluded by %s: %s", r->constraint, r->setting);
}

static void add_str(cJSON *o, const char *k, const char *v)
{
	if (v != NULL)
		cJSON_AddStringToObject(o, k, v);
}

cJSON *buildconstraint_result_to_json(const struct buildconstraint_result *r)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddBoolToObject(o, "included", r->included);
	cJSON_AddStringToObject(o, "reason", buildconstraint_reason_name(r->reason));
	if (r->line > 0)
		cJSON_AddNumberToObject(o, "line", r->line);
	add_str(o, "constraint", r->constraint);
	add_str(o, "term", r->term);
	add_str(o, "setting", r->setting);
	add_str(o, "go_build", r->gobuild);
	add_str(o, "plus_build", r->plusbuild);
	if (r->disagree)
		cJSON_AddBoolToObject(o, "go_build_and_plus_build_disagree", 1);
	return o;
}

cJSON *buildconstraint_ctx_to_json(const struct buildconstraint_ctx *c)
{
	cJSON *o = cJSON_CreateObject();
	char *v = xasprintf("go1.%d", c->go_minor);

	cJSON_AddStringToObject(o, "GOOS", c->goos);
	cJSON_AddStringToObject(o, "GOARCH", c->goarch);
	cJSON_AddStringToObject(o, "go", v);
	cJSON_AddNumberToObject(o, "CGO_ENABLED", c->cgo ? 1 : 0);
	cJSON_AddStringToObject(o, "compiler", c->compiler);
	if (c->arch_level != NULL)
		cJSON_AddStringToObject(o, "arch_level", c->arch_level);
	cJSON_AddItemToObject(o, "tags", sanitize_json_list(&c->tags, NULL));
	cJSON_AddItemToObject(o, "experiments", sanitize_json_list(&c->experiments, NULL));
	free(v);
	return o;
}
