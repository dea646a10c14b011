/* buildconstraint.h: Go build constraints, parsed and evaluated the way
 * go/build does (docs/formats.md section 8): `//go:build` expressions, legacy
 * `// +build` lines (a //go:build line takes precedence), file-name
 * suffixes (_GOOS, _GOARCH, _GOOS_GOARCH, _test) and the implicit cgo
 * constraint of `import "C"`, against a build context taken from the
 * binary's build settings. Every excluded file records WHICH term excluded
 * it and why that term has the value it has, e.g. term "!prod", setting
 * "tag prod is set via -tags".
 *
 * Ownership and order:
 *   struct buildconstraint_ctx ctx;
 *   buildconstraint_ctx_init(&ctx, "linux", "amd64", 19);  // go1.19
 *   buildconstraint_ctx_add_tags(&ctx, "prod,netgo");        // -tags
 *   ctx.cgo = 0; buildconstraint_ctx_set_arch_level(&ctx, "v3");
 *   buildconstraint_file(name, src, len, imports_c, &ctx, &res);
 *   ... res.included, res.term, res.setting ...
 *   buildconstraint_result_free(&res); buildconstraint_ctx_free(&ctx);
 * An expression from buildconstraint_parse_*() owns its nodes and text and
 * is released with buildconstraint_expr_free(). All functions are pure (no
 * I/O); inputs are capped (BUILDCONSTRAINT_MAX_LINE bytes per line,
 * BUILDCONSTRAINT_MAX_DEPTH nesting), so hostile input cannot exhaust the
 * stack. */
#ifndef GOTRIAGE_BUILDCONSTRAINT_H
#define GOTRIAGE_BUILDCONSTRAINT_H

#include <stddef.h>

#include <cJSON.h>

#include "collectors/base/common.h"

#define BUILDCONSTRAINT_MAX_LINE 4096
#define BUILDCONSTRAINT_MAX_DEPTH 100

struct buildconstraint_ctx {
	char *goos;		    /* "linux" */
	char *goarch;		    /* "amd64" */
	int go_minor;		    /* release tags go1.1 .. go1.<go_minor> */
	int cgo;		    /* CGO_ENABLED: 1 or 0 */
	char *compiler;		    /* "gc" */
	char *arch_level;	    /* GOAMD64/GOARM/GO386/... value, NULL = the default */
	struct strlist tags;	    /* -tags, in the order given */
	struct strlist experiments; /* GOEXPERIMENT names, "goexperiment." implied */
	char *tags_origin;	    /* how -tags was learned, e.g. "-tags"; shown in reasons */
};

/* Sets GOOS/GOARCH/Go minor version; cgo on, compiler gc, no tags, and the
 * toolchain's default experiments for that version (go1.19: regabi on
 * amd64, arm64, ppc64, ppc64le, riscv64). */
void buildconstraint_ctx_init(struct buildconstraint_ctx *c, const char *goos, const char *goarch,
			      int go_minor);
void buildconstraint_ctx_free(struct buildconstraint_ctx *c);
/* Adds tags from a -tags value: comma- or space-separated (both forms are
 * accepted by cmd/go). */
void buildconstraint_ctx_add_tags(struct buildconstraint_ctx *c, const char *list);
/* GOEXPERIMENT value, e.g. "boringcrypto,noregabiargs": "noX" removes X. */
void buildconstraint_ctx_set_experiments(struct buildconstraint_ctx *c, const char *value);
void buildconstraint_ctx_set_arch_level(struct buildconstraint_ctx *c, const char *level);
/* Parses "go1.19", "go1.19.8", "devel go1.22-abc" into 19 (or -1). */
int buildconstraint_go_minor(const char *version);

/* Is `tag` satisfied? When why is not NULL, appends a short explanation of
 * the answer ("GOOS is linux", "tag prod is set via -tags"). */
int buildconstraint_ctx_match(const struct buildconstraint_ctx *c, const char *tag, size_t len,
			      struct buf *why);

/* Known GOOS / GOARCH values as go/build's syslist has them (they drive
 * file-name matching; "wasip1" counts from go1.21). */
int buildconstraint_known_os(const char *s, size_t len, int go_minor);
int buildconstraint_known_arch(const char *s, size_t len);

/* ---- expressions ---- */

enum buildconstraint_op { BC_TAG, BC_NOT, BC_AND, BC_OR };

struct buildconstraint_node {
	enum buildconstraint_op op;
	int a, b;	 /* children (node indices); a only for BC_NOT */
	size_t off, len; /* BC_TAG: the tag's bytes in expr->text */
};

struct buildconstraint_expr {
	char *text; /* the expression text the tags point into */
	struct buildconstraint_node *n;
	size_t nn, cap;
	int root; /* -1 when empty */
};

/* Is this line a //go:build line / a // +build line (prefix only)? On
 * success *expr and *elen hold the expression text after the prefix. */
int buildconstraint_is_gobuild(const char *line, size_t len, const char **expr, size_t *elen);
int buildconstraint_is_plusbuild(const char *line, size_t len, const char **expr, size_t *elen);
/* //go:build expression syntax. Returns 0, or -1 with *cause set
 * (go/build's messages: "unexpected token", "missing close paren", ...). */
int buildconstraint_parse_expr(const char *s, size_t len, struct buildconstraint_expr *out,
			       char **cause);
/* Legacy syntax: space = OR, comma = AND, '!' = NOT; invalid terms become
 * the tag "ignore", as constraint.parsePlusBuildExpr does. Never fails. */
void buildconstraint_parse_plus(const char *s, size_t len, struct buildconstraint_expr *out);
void buildconstraint_expr_free(struct buildconstraint_expr *x);
/* The //go:build form of the expression (malloc'd). */
char *buildconstraint_expr_string(const struct buildconstraint_expr *x);
/* Evaluates; when the result decides exclusion, `term` receives the
 * smallest sub-expression responsible and `why` the settings behind it.
 * Either buffer may be NULL. */
int buildconstraint_eval(const struct buildconstraint_expr *x, const struct buildconstraint_ctx *c,
			 struct buf *term, struct buf *why);

/* ---- files ---- */

enum buildconstraint_reason {
	BCR_INCLUDED = 0,
	BCR_NAME_IGNORED,   /* name starts with '_' or '.': go ignores it silently */
	BCR_FILENAME,	    /* _GOOS / _GOARCH suffix */
	BCR_GOBUILD,	    /* //go:build expression is false */
	BCR_PLUSBUILD,	    /* a // +build line is false (and no //go:build line) */
	BCR_BAD_CONSTRAINT, /* unparsable or duplicate //go:build: the build fails */
	BCR_CGO,	    /* import "C" with CGO_ENABLED=0 */
	BCR_TEST,	    /* _test.go: only `go test` builds it */
	BCR_DOCUMENTATION,  /* package documentation: go/build ignores the file */
};

struct buildconstraint_result {
	int included;
	enum buildconstraint_reason reason;
	int line;	  /* line of the deciding constraint, 0 for file names */
	char *constraint; /* the deciding line as written, or "file name suffix _windows" */
	char *term;	  /* the deciding term, e.g. "!prod" */
	char *setting;	  /* why the term has its value, e.g. "tag prod is set via -tags" */
	char *gobuild;	  /* the //go:build line (NULL if none) */
	int gobuild_line;
	char *plusbuild; /* the // +build lines joined with " && " (NULL if none) */
	int plusbuild_line;
	int disagree; /* //go:build and // +build lines evaluate differently */
};

/* The leading comment block of a Go file as go/build reads it: returns the
 * //go:build line (if any) and the // +build lines that count (those
 * before the blank line that precedes the first non-comment line). */
struct buildconstraint_header {
	const char *gobuild; /* points into src */
	size_t gobuild_len;
	int gobuild_line;
	int multiple_gobuild; /* more than one //go:build line: an error in go/build */
	const char *plus[16]; /* up to 16 // +build lines */
	size_t plus_len[16];
	int plus_line[16];
	int nplus;
};
void buildconstraint_header_parse(const char *src, size_t len, struct buildconstraint_header *h);

/* Decides whether a file is in the build. `name` is the base name
 * ("server_linux.go"); `imports_c` whether the file imports "C". Fills
 * *out (caller frees with buildconstraint_result_free). Returns included. */
int buildconstraint_file(const char *name, const char *src, size_t len, int imports_c,
			 const struct buildconstraint_ctx *c, struct buildconstraint_result *out);
void buildconstraint_result_free(struct buildconstraint_result *r);
const char *buildconstraint_reason_name(enum buildconstraint_reason r);
/* One line: "excluded by //go:build !prod (line 1): tag prod is set via -tags". */
char *buildconstraint_result_describe(const struct buildconstraint_result *r);
cJSON *buildconstraint_result_to_json(const struct buildconstraint_result *r);
cJSON *buildconstraint_ctx_to_json(const struct buildconstraint_ctx *c);

#endif
