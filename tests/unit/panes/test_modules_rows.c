/* Unit tests: the modules pane's rows: abbreviation, wrapping, the table
 * layout at 80 columns, disagreement tones, redaction of every cell, the
 * filter and the detail views. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panes/modules_rows.h"
#include "collectors/base/redact.h"

#define SECRET "s3cretpw"

static size_t cps(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static void test_abbrev(void **state)
{
	char *s;

	(void)state;
	s = modules_rows_abbrev("github.com/prometheus/client_golang", 26, MODULES_ABBREV_PATH, 0);
	assert_string_equal(s, "github.com/\xe2\x80\xa6/client_golang");
	free(s);
	s = modules_rows_abbrev("github.com/prometheus/client_golang", 26, MODULES_ABBREV_PATH, 1);
	assert_string_equal(s, "github.com/~/client_golang");
	free(s);
	/* No room for the host: the tail alone. */
	s = modules_rows_abbrev("github.com/prometheus/client_golang", 15, MODULES_ABBREV_PATH, 1);
	assert_string_equal(s, "~/client_golang");
	free(s);
	/* A pseudo-version keeps its base and the start of its commit. */
	s = modules_rows_abbrev("v0.0.0-20230102150405-abcdef123456", 14, MODULES_ABBREV_VERSION,
				1);
	assert_string_equal(s, "v0.0.0~abcdef1");
	free(s);
	s = modules_rows_abbrev("v1.2.3-rc.1", 8, MODULES_ABBREV_VERSION, 1);
	assert_string_equal(s, "v1.2.3-~");
	free(s);
	s = modules_rows_abbrev("v1.2.3", 10, MODULES_ABBREV_VERSION, 0);
	assert_string_equal(s, "v1.2.3");
	free(s);
	s = modules_rows_abbrev("abc", 0, MODULES_ABBREV_END, 0);
	assert_string_equal(s, "");
	free(s);
	s = modules_rows_abbrev("abcdef", 1, MODULES_ABBREV_END, 1);
	assert_string_equal(s, "~");
	free(s);
}

/* Whatever the input and width, the result fits and is valid UTF-8 where
 * the input was (never cut inside a sequence). */
static void test_abbrev_always_fits(void **state)
{
	static const char *const in[] = {
	    "github.com/prometheus/client_golang",
	    "v0.0.0-20230102150405-abcdef123456",
	    "\xc3\xa9t\xc3\xa9/\xc3\xa9t\xc3\xa9/\xc3\xa9t\xc3\xa9\xc3\xa9\xc3\xa9",
	    "////",
	    "nohostatallbutverylong",
	    "a/b",
	    "",
	    "v1.0.0-1-x",
	};

	(void)state;
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
		for (int w = 0; w < 40; w++)
			for (int how = 0; how < 3; how++)
				for (int ascii = 0; ascii < 2; ascii++) {
					char *s = modules_rows_abbrev(
					    in[i], w, (enum modules_abbrev)how, ascii);
					size_t n = strlen(s);

					assert_true(cps(s) <= (size_t)w);
					if (n > 0)
						assert_true(((unsigned char)s[n - 1] & 0xc0) !=
							    0xc0);
					if (cps(in[i]) <= (size_t)w)
						assert_string_equal(s, in[i]);
					free(s);
				}
}

static void test_wrap(void **state)
{
	struct strlist l = {0};

	(void)state;
	modules_rows_wrap(
	    "go: inconsistent vendoring in /x:\n\texample.com/a@v1.0.0: is explicitly "
	    "required in go.mod, but not marked as explicit\n\n\tTo sync, run:\n\t\tgo "
	    "mod vendor",
	    30, &l);
	assert_int_equal(l.n, 9);
	assert_string_equal(l.v[0], "go: inconsistent vendoring in");
	assert_string_equal(l.v[1], "/x:");
	assert_string_equal(l.v[2], "  example.com/a@v1.0.0: is");
	assert_string_equal(l.v[3], "  explicitly required in");
	assert_string_equal(l.v[6], "");
	assert_string_equal(l.v[7], "  To sync, run:");
	assert_string_equal(l.v[8], "    go mod vendor");
	for (size_t i = 0; i < l.n; i++)
		assert_true(cps(l.v[i]) <= 30);
	strlist_free(&l);

	/* A word longer than the line is cut, not lost. */
	modules_rows_wrap("aaaaaaaaaaaaaaaaaaaaaaaaa", 10, &l);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[2], "aaaaa");
	strlist_free(&l);
	modules_rows_wrap("", 10, &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0], "");
	strlist_free(&l);
}

static void test_layout(void **state)
{
	struct modules_layout lay;

	(void)state;
	/* 80 columns, long paths, pseudo-versions: versions capped at 10. */
	modules_rows_layout(80, 60, 34, &lay);
	assert_int_equal(lay.x_cache + lay.cache, 80);
	assert_int_equal(lay.version, 10);
	assert_true(lay.module >= 16);
	assert_int_equal(lay.x_gomod, lay.x_module + lay.module + 1);
	assert_int_equal(lay.x_sum, lay.x_vendor + lay.version + 1);
	/* Short paths leave room: versions grow up to their longest value. */
	modules_rows_layout(120, 20, 34, &lay);
	assert_int_equal(lay.version, 25);
	assert_true(lay.module >= 20);
	assert_true(lay.x_cache + lay.cache <= 120);
	/* Short versions: the path gets the room. */
	modules_rows_layout(80, 60, 6, &lay);
	assert_int_equal(lay.version, 6);
	assert_int_equal(lay.module, 80 - 3 - 8 - 8 - 5 - 18);
	/* A wide screen and short values: the table stays compact on the left. */
	modules_rows_layout(150, 19, 7, &lay);
	assert_int_equal(lay.module, 19);
	assert_int_equal(lay.version, 7);
	assert_int_equal(lay.x_cache, 3 + 19 + 1 + 3 * 8 + 9);
	modules_rows_layout(150, 4, 6, &lay);
	assert_int_equal(lay.module, 16); /* room for the MODULE title and short paths */
}

/* ---- a hand-made module state -------------------------------------------- */

struct fixture {
	struct modstate m;
	struct modstate_req req[3];
	struct goenv env;
	struct proxyprobe pp;
	struct modules_rows_inputs in;
};

static struct fixture *fixture_new(const char *buildmod)
{
	struct fixture *f = calloc(1, sizeof *f);
	static const char proc[] = "GOFLAGS=-mod=mod\0";
	char *shell[] = {"GOPROXY=http://bob:" SECRET "@127.0.0.1:1/,direct", "GOSUMDB=off",
			 "HOME=/home/u", NULL};
	struct goenv_input gi = {.pid = 42,
				 .proc_environ = proc,
				 .proc_len = sizeof proc - 1,
				 .shell_environ = shell,
				 .goroot = "/usr/lib/go"};
	char *cause = NULL;

	f->m.dir = "/src/demo";
	f->m.mod.module = "example.com/demo";
	f->m.mod.go = "1.19";
	f->m.buildmod = (char *)buildmod;
	f->m.buildmod_reason = "set by -mod in GOFLAGS";
	f->m.have_vendor_dir = f->m.have_modules_txt = 1;
	f->m.vendor_error =
	    "go: inconsistent vendoring in /src/demo:\n\texample.com/demolib@v0.1.0: "
	    "is explicitly required in go.mod, but not marked as explicit in "
	    "vendor/modules.txt\n\n\tTo ignore the vendor directory, use "
	    "-mod=readonly or -mod=mod.";
	f->req[0] = (struct modstate_req){.path = "example.com/demolib",
					  .gomod_version = "v0.1.0",
					  .binary_version = "(devel)",
					  .vendor_version = "v0.0.9",
					  .replace = "./demolib",
					  .replace_source = "go.mod",
					  .disagree = 1};
	f->req[1] = (struct modstate_req){.path = "golang.org/x/text",
					  .gomod_version = "v0.3.7",
					  .binary_version = "v0.3.8",
					  .indirect = 1,
					  .disagree = 1,
					  .sum = MODSTATE_SUM_OK,
					  .sum_gomod = "h1:abc=",
					  .sum_gomod_line = 3,
					  .cache = MODSTATE_CACHE_MISMATCH};
	f->req[2] = (struct modstate_req){.path = "github.com/prometheus/client_golang",
					  .gomod_version = "v1.14.0",
					  .binary_version = "v1.14.0",
					  .sum = MODSTATE_SUM_MISSING,
					  .cache = MODSTATE_CACHE_OK};
	f->m.req = f->req;
	f->m.nreq = 3;
	goenv_resolve(&gi, &f->env);
	assert_int_equal(proxyprobe_parse(goenv_value(&f->env, GOENV_GOPROXY), "", &f->pp, &cause),
			 0);
	f->pp.module = strdup("example.com/demolib");
	f->pp.v[0].outcome = PROXYPROBE_ERROR;
	f->pp.v[0].error = strdup("Couldn't connect to server");
	f->pp.v[0].t_total = 0.0012;
	f->pp.v[1].outcome = PROXYPROBE_UNPROBED;
	proxyprobe_decide(&f->pp, 0);
	f->in.mods = &f->m;
	f->in.env = &f->env;
	f->in.proxy = &f->pp;
	f->in.ndeps = 3;
	f->in.modules_collected = f->in.proxy_collected = 1;
	return f;
}

static void fixture_free(struct fixture *f)
{
	goenv_free(&f->env);
	proxyprobe_free(&f->pp);
	free(f);
}

static const struct modules_row *req_row(const struct modules_view *v, size_t ref)
{
	for (size_t i = 0; i < v->body.n; i++)
		if (v->body.v[i].kind == MODULES_ROW_REQ && v->body.v[i].ref == ref)
			return &v->body.v[i];
	fail_msg("no row for requirement %zu", ref);
	return NULL;
}

static const struct modules_cell *cell_at(const struct modules_row *r, int x)
{
	for (int i = 0; i < r->ncell; i++)
		if (r->cell[i].x == x)
			return &r->cell[i];
	fail_msg("no cell at column %d", x);
	return NULL;
}

/* Every cell of every row in a set, for "nothing leaks" and "fits" checks. */
static void check_lines(const struct modules_lines *l, int cols, int *redacted)
{
	for (size_t i = 0; i < l->n; i++)
		for (int k = 0; k < l->v[i].ncell; k++) {
			const struct modules_cell *c = &l->v[i].cell[k];

			assert_null(strstr(c->text, SECRET));
			assert_true(c->x + c->width <= cols);
			assert_true(cps(c->text) <= (size_t)c->width);
			*redacted += strstr(c->text, "[REDACTED]") != NULL;
		}
}

static void test_table_tones(void **state)
{
	struct fixture *f = fixture_new("mod");
	struct modules_view *v = modules_rows_build(&f->in, 80);
	const struct modules_layout *lay = &v->lay;
	const struct modules_row *r;

	(void)state;
	assert_int_equal(v->nreq, 3);
	assert_int_equal(v->ndisagree, 2);
	assert_int_equal(v->nreplaced, 1);
	/* demolib: stale vendor copy (ignored by -mod=mod: a warning), binary
	 * from a local directory. */
	r = req_row(v, 0);
	assert_string_equal(cell_at(r, 0)->text, "*>");
	assert_string_equal(cell_at(r, lay->x_vendor)->text, "v0.0.9");
	assert_int_equal(cell_at(r, lay->x_vendor)->tone, MODULES_TONE_WARN);
	assert_int_equal(cell_at(r, lay->x_binary)->tone, MODULES_TONE_WARN);
	assert_int_equal(cell_at(r, lay->x_gomod)->tone, MODULES_TONE_NORMAL);
	/* x/text: the binary runs another version than go.mod names. */
	r = req_row(v, 1);
	assert_string_equal(cell_at(r, 0)->text, "* ");
	assert_int_equal(cell_at(r, 0)->tone, MODULES_TONE_BAD);
	assert_int_equal(cell_at(r, lay->x_binary)->tone, MODULES_TONE_BAD);
	assert_string_equal(cell_at(r, lay->x_cache)->text, "MISMATCH");
	assert_int_equal(cell_at(r, lay->x_cache)->tone, MODULES_TONE_BAD);
	assert_int_equal(cell_at(r, lay->x_vendor)->tone, MODULES_TONE_DIM);
	/* client_golang: all agree; go.sum has nothing. */
	r = req_row(v, 2);
	assert_string_equal(cell_at(r, 0)->text, "  ");
	assert_int_equal(cell_at(r, lay->x_binary)->tone, MODULES_TONE_NORMAL);
	assert_string_equal(cell_at(r, lay->x_sum)->text, "MISSING");
	assert_int_equal(cell_at(r, lay->x_sum)->tone, MODULES_TONE_BAD);
	modules_view_free(v);

	/* Under -mod=vendor the stale vendor copy is what builds: a failure. */
	f->m.buildmod = "vendor";
	v = modules_rows_build(&f->in, 80);
	r = req_row(v, 0);
	assert_int_equal(cell_at(r, v->lay.x_vendor)->tone, MODULES_TONE_BAD);
	assert_int_equal(cell_at(r, 0)->tone, MODULES_TONE_BAD);
	modules_view_free(v);
	fixture_free(f);
}

static int body_has(const struct modules_view *v, const char *text, enum modules_tone *tone)
{
	for (size_t i = 0; i < v->body.n; i++)
		for (int k = 0; k < v->body.v[i].ncell; k++)
			if (strstr(v->body.v[i].cell[k].text, text) != NULL) {
				if (tone)
					*tone = v->body.v[i].cell[k].tone;
				return 1;
			}
	return 0;
}

static int summary_has(const struct modules_view *v, const char *text)
{
	for (size_t i = 0; i < v->summary.n; i++)
		for (int k = 0; k < v->summary.v[i].ncell; k++)
			if (strstr(v->summary.v[i].cell[k].text, text) != NULL)
				return 1;
	return 0;
}

static void test_sections_and_redaction(void **state)
{
	struct fixture *f = fixture_new("mod");
	enum modules_tone tone;

	(void)state;
	for (int cols = 80; cols <= 200; cols += 40) {
		struct modules_view *v = modules_rows_build(&f->in, cols);
		int redacted = 0;

		check_lines(&v->summary, cols, &redacted);
		check_lines(&v->body, cols, &redacted);
		/* The GOPROXY row, the probe entry, the decision: all redacted. */
		assert_true(redacted >= 3);
		assert_true(body_has(v, "GOPROXY", NULL));
		assert_true(body_has(v, "shell: environment", NULL));
		assert_true(body_has(v, "/proc/42/environ", NULL)); /* GOFLAGS from the service */
		assert_true(body_has(v, "go: inconsistent vendoring in /src/demo:", &tone));
		assert_int_equal(tone, MODULES_TONE_WARN);
		assert_true(body_has(v, "Couldn't connect to server", &tone));
		assert_int_equal(tone, MODULES_TONE_BAD);
		assert_true(body_has(v, "what go would do: go fails", &tone));
		assert_int_equal(tone, MODULES_TONE_BAD);
		assert_true(summary_has(v, "INCONSISTENT"));
		assert_true(summary_has(v, "go fails"));
		modules_view_free(v);
	}
	fixture_free(f);
}

static void test_collecting_states(void **state)
{
	struct modules_rows_inputs in = {.collecting = 1, .probing = 1};
	struct modules_view *v;
	struct fixture *f;

	(void)state;
	v = modules_rows_build(&in, 80);
	assert_true(summary_has(v, "collecting module state..."));
	assert_true(summary_has(v, "probing..."));
	assert_true(body_has(v, "probing...", NULL));
	modules_view_free(v);

	in = (struct modules_rows_inputs){.mods_error = "no repository: pass --repo DIR",
					  .modules_collected = 1};
	v = modules_rows_build(&in, 80);
	assert_true(summary_has(v, "no repository: pass --repo DIR"));
	assert_int_equal(v->nreq, 0);
	modules_view_free(v);

	/* Re-probing hides the old decision instead of showing it as current. */
	f = fixture_new("mod");
	f->in.probing = 1;
	v = modules_rows_build(&f->in, 80);
	assert_true(summary_has(v, "probing..."));
	assert_false(body_has(v, "what go would do", NULL));
	modules_view_free(v);
	fixture_free(f);
}

static void test_filter(void **state)
{
	struct fixture *f = fixture_new("mod");
	struct modules_view *v = modules_rows_build(&f->in, 80);
	size_t hits = 0;

	(void)state;
	assert_true(modules_rows_match(req_row(v, 0), "DemoLib"));
	assert_true(modules_rows_match(req_row(v, 0), "disagree"));
	assert_true(modules_rows_match(req_row(v, 0), "v0.0.9"));
	assert_false(modules_rows_match(req_row(v, 2), "disagree"));
	assert_true(modules_rows_match(req_row(v, 1), "mismatch"));
	assert_true(modules_rows_match(req_row(v, 1), "indirect"));
	/* Only requirement rows take part in the filter. */
	for (size_t i = 0; i < v->body.n; i++)
		hits += modules_rows_match(&v->body.v[i], "o");
	assert_int_equal(hits, 3);
	assert_int_equal(modules_rows_find_req(v, &f->in, "golang.org/x/text"),
			 (size_t)(req_row(v, 1) - v->body.v));
	assert_int_equal(modules_rows_find_req(v, &f->in, "nope"), (size_t)-1);
	modules_view_free(v);
	fixture_free(f);
}

static int lines_have(const struct modules_lines *l, const char *text)
{
	for (size_t i = 0; i < l->n; i++)
		for (int k = 0; k < l->v[i].ncell; k++)
			if (strstr(l->v[i].cell[k].text, text) != NULL)
				return 1;
	return 0;
}

static void test_detail(void **state)
{
	struct fixture *f = fixture_new("mod");
	struct modules_view *v = modules_rows_build(&f->in, 80);
	struct modules_lines *d;
	int redacted = 0;

	(void)state;
	d = modules_rows_detail(&f->in, req_row(v, 1), 80);
	assert_non_null(d);
	assert_true(lines_have(d, "golang.org/x/text"));
	assert_true(lines_have(d, "v0.3.7 // indirect (go.mod:0)"));
	assert_true(lines_have(d, "DISAGREE: go.mod v0.3.7, binary v0.3.8, vendor -"));
	assert_true(lines_have(d, "h1:abc= (go.sum:3)"));
	assert_true(lines_have(d, "MISMATCH"));
	check_lines(d, 80, &redacted);
	modules_lines_free(d);

	for (size_t i = 0; i < v->body.n; i++) {
		const struct modules_row *r = &v->body.v[i];

		d = modules_rows_detail(&f->in, r, 80);
		if (r->kind == MODULES_ROW_TEXT || r->kind == MODULES_ROW_TITLE ||
		    r->kind == MODULES_ROW_BLANK) {
			assert_null(d);
			continue;
		}
		assert_non_null(d);
		check_lines(d, 80, &redacted);
		if (r->kind == MODULES_ROW_ENV && r->ref == GOENV_GOPROXY) {
			assert_true(lines_have(d, "<- used"));
			assert_true(lines_have(d, "this shell"));
		}
		if (r->kind == MODULES_ROW_PROXY && r->ref == 0)
			assert_true(lines_have(d, "only 404/410 fall through"));
		modules_lines_free(d);
	}
	assert_true(redacted >= 3);
	modules_view_free(v);
	fixture_free(f);
}

/* Bytes from the repo and the binary are the target's: a module path with
 * an escape sequence, a version with a right-to-left override, go's error
 * text with a registered secret in it. Every cell is sanitised and fits;
 * a long path is abbreviated with an ellipsis; the secret shows nowhere,
 * not even in part. */
static void test_hostile_text(void **state)
{
	struct fixture *f = fixture_new("mod");
	static const char longpath[] = "example.com/a-very-long-organisation-name/and-a-long-"
				       "repository-name/pkg/v2\x1b[31m";

	(void)state;
	redact_register_value(SECRET);
	f->req[2].path = (char *)longpath;
	f->req[1].binary_version = "v0.3.8\xe2\x80\xae"
				   "evil";
	f->m.vendor_error =
	    "go: reading https://proxy.example/?auth=" SECRET " failed: \x1b]0;pwned\x07 try again";
	for (int cols = 60; cols <= 140; cols += 80) {
		struct modules_view *v = modules_rows_build(&f->in, cols);
		const struct modules_cell *c = cell_at(req_row(v, 2), v->lay.x_module);
		struct modules_lines *d;
		int redacted = 0;

		assert_true(cps(c->text) <= (size_t)c->width);
		assert_non_null(strstr(c->text, "\u2026"));
		assert_non_null(strstr(c->text, "/pkg/v2\\x1b")); /* the tail, escaped */
		for (int pass = 0; pass < 3; pass++) {
			const struct modules_lines *l = pass == 0 ? &v->summary : &v->body;

			d = NULL;
			if (pass == 2)
				l = d = modules_rows_detail(&f->in, req_row(v, 1), 40);
			assert_non_null(l);
			check_lines(l, pass == 2 ? 40 : cols, &redacted);
			for (size_t i = 0; i < l->n; i++)
				for (int k = 0; k < l->v[i].ncell; k++) {
					const unsigned char *s =
					    (const unsigned char *)l->v[i].cell[k].text;

					assert_null(strstr((const char *)s, "\xe2\x80\xae"));
					assert_null(strstr((const char *)s, "s3cr"));
					for (; *s; s++)
						if (*s < 0x20 || *s == 0x7f)
							fail_msg("byte 0x%02x in [%s]", *s,
								 l->v[i].cell[k].text);
				}
			modules_lines_free(d);
		}
		assert_true(body_has(v, "go: reading https://proxy.example/?auth=", NULL));
		modules_view_free(v);
	}
	fixture_free(f);
	redact_reset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_abbrev),
	    cmocka_unit_test(test_abbrev_always_fits),
	    cmocka_unit_test(test_wrap),
	    cmocka_unit_test(test_layout),
	    cmocka_unit_test(test_table_tones),
	    cmocka_unit_test(test_sections_and_redaction),
	    cmocka_unit_test(test_collecting_states),
	    cmocka_unit_test(test_filter),
	    cmocka_unit_test(test_detail),
	    cmocka_unit_test(test_hostile_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
