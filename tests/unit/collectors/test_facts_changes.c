/* Unit tests: registration differences between two scans, the one-line
 * summary stale-binary gives, and which lacking commit added a route
 * (collectors/facts_changes.c), on scans of source buffers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/facts_changes.h"

static const char old_src[] = "package main\n\nimport \"net/http\"\n\nfunc routes(mux "
			      "*http.ServeMux) {\n\tmux.HandleFunc(\"/a\", nil)\n"
			      "\tmux.HandleFunc(\"/gone\", nil)\n}\n";
static const char new_src[] = "package main\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\nfunc "
			      "routes(mux *http.ServeMux) {\n\tmux.HandleFunc(\"/a\", nil)\n"
			      "\tmux.HandleFunc(\"/api/v1/refunds\", nil)\n"
			      "\tfor range time.Tick(time.Second) {\n\t}\n}\n";
/* Excluded by its constraint: its route must not count. */
static const char excluded_src[] = "//go:build windows\n\npackage main\n\nimport \"net/http\"\n\n"
				   "func w(mux *http.ServeMux) { mux.HandleFunc(\"/win\", nil) }\n";

static struct reposcan *scan(const char *a, const char *b)
{
	struct reposcan *s = reposcan_new("", NULL);

	reposcan_source(s, "routes.go", a, strlen(a));
	if (b != NULL)
		reposcan_source(s, "win.go", b, strlen(b));
	reposcan_finish(s);
	return s;
}

static const struct changes_reg *find(const struct changes_reg *v, size_t n, char sign,
				      const char *what)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].sign == sign && strcmp(v[i].what, what) == 0)
			return &v[i];
	return NULL;
}

static void test_diff_scans(void **state)
{
	struct reposcan *a = scan(old_src, NULL), *b = scan(new_src, excluded_src);
	struct changes_reg *d;
	size_t n;
	const struct changes_reg *r;

	(void)state;
	changes_diff_scans(a, b, &d, &n);
	r = find(d, n, '+', "ANY /api/v1/refunds");
	assert_non_null(r);
	assert_string_equal(r->kind, "route");
	assert_string_equal(r->where, "routes.go:10");
	assert_non_null(find(d, n, '-', "ANY /gone"));
	assert_null(find(d, n, '+', "ANY /a"));	  /* on both sides */
	assert_null(find(d, n, '+', "ANY /win")); /* not in this build */
	assert_non_null(find(d, n, '+', "time.Tick in routes"));
	assert_int_equal(n, 3);
	changes_regs_free(d, n);
	/* Against nothing: everything is added. */
	changes_diff_scans(NULL, a, &d, &n);
	assert_int_equal(n, 2);
	changes_regs_free(d, n);
	reposcan_free(a);
	reposcan_free(b);
}

static void test_summary_and_route_commit(void **state)
{
	struct changes c = {0};
	struct gitlog l = {0};
	struct gitlog_commit v[2];
	struct gitlog_file f1 = {.path = "README.md", .status = 'M'},
			   f2 = {.path = "internal/invoice/vat.go", .status = 'M'};
	struct changes_reg reg = {'+', "route", "GET /refunds", "api.go:3"};
	struct changes_commit per[2] = {{NULL, 0}, {&reg, 1}};
	char *s;

	(void)state;
	memset(v, 0, sizeof v);
	strcpy(v[0].hex, "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	v[0].subject = "docs only";
	v[0].author = "a <a@a>";
	v[0].files = &f1;
	v[0].nfiles = 1;
	strcpy(v[1].hex, "9e1f2b0bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
	v[1].subject = "INV-2207 rounding fix";
	v[1].author = "b <b@b>";
	v[1].files = &f2;
	v[1].nfiles = 1;
	l.v = v;
	l.n = 2;
	l.lacks = 2;
	c.log = &l;
	c.per = per;
	c.against_name = "HEAD (main)";
	c.relation = CHANGES_BEHIND;
	s = changes_summary(&c);
	assert_string_equal(s, "the running build lacks 2 commits of HEAD (main); 9e1f2b0 "
			       "'INV-2207 rounding fix' changes internal/invoice/vat.go and adds "
			       "route GET /refunds");
	free(s);
	/* The per-file scan missed a group prefix: a suffix still matches. */
	assert_int_equal(changes_route_commit(&c, NULL, "/api/v1/refunds"), 1);
	assert_int_equal(changes_route_commit(&c, NULL, "/refunds"), 1);
	assert_int_equal(changes_route_commit(&c, NULL, "/xrefunds"), -1);
	assert_int_equal(changes_route_commit(&c, NULL, "/other"), -1);
	l.lacks = 0;
	assert_null(changes_summary(&c));
	changes_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_diff_scans),
	    cmocka_unit_test(test_summary_and_route_commit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
