/* Unit tests for the changes view of the Binary pane (panes/buildinfo_rows.c):
 * the commit rows of "What the running build lacks" carry their commit, and
 * buildinfo_rows_commit() lists a commit's files and its registration
 * changes with file:line, sanitised and fitting the width. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/sanitize.h"
#include "panes/buildinfo_rows.h"

static struct gitlog_file files0[] = {
    {.path = "refunds.go", .status = 'A'},
    {.path = "internal/invoice/vat.go", .status = 'M'},
};
static struct gitlog_file files1[] = {{.path = "README\x1b[2J.md", .status = 'M'}};
static struct gitlog_commit commits[] = {
    {.hex = "9e1f2b0c0d0e0f101112131415161718191a1b1c",
     .time = 1767348000, /* 2026-01-02T10:00:00Z */
     .tz_minutes = 60,
     .author = "Ann <ann@example.com>",
     .subject = "INV-2207 rounding fix and refunds",
     .nparents = 1,
     .files = files0,
     .nfiles = 2},
    {.hex = "1111111c0d0e0f101112131415161718191a1b1c",
     .time = 1767261600,
     .author = "Bob <bob@example.com>",
     .subject = "docs only",
     .nparents = 2,
     .files = files1,
     .nfiles = 1},
};
static struct changes_reg regs0[] = {
    {.sign = '+', .kind = "route", .what = "GET /api/v1/refunds", .where = "refunds.go:12"},
    {.sign = '-', .kind = "ticker", .what = "main.sweep", .where = "internal/invoice/vat.go:40"},
};
static struct changes_commit per[] = {{.regs = regs0, .nregs = 2}, {.regs = NULL, .nregs = 0}};

static void fixture(struct changes *c, struct gitlog *l)
{
	memset(c, 0, sizeof *c);
	memset(l, 0, sizeof *l);
	l->v = commits;
	l->n = 2;
	l->lacks = 2;
	c->log = l;
	c->per = per;
	c->relation = CHANGES_BEHIND;
	c->against_name = "HEAD (main)";
	memcpy(c->running, "0123456789012345678901234567890123456789", 41);
	memcpy(c->against, commits[0].hex, 41);
}

static long find(const struct buildinfo_rows *r, const char *needle)
{
	long i = buildinfo_rows_find(r, needle);

	if (i < 0)
		fail_msg("no row contains [%s]", needle);
	return i;
}

static void test_section_rows_know_their_commit(void **state)
{
	struct changes c;
	struct gitlog l;
	struct buildinfo_rows r;
	struct buildinfo_rows_in in = {.width = 80, .collected = 1};

	(void)state;
	fixture(&c, &l);
	in.changes = &c;
	buildinfo_rows_init(&r);
	buildinfo_rows_build(&in, &r);
	assert_int_equal(r.v[find(&r, "GET /api/v1/refunds")].commit, 1);
	assert_int_equal(r.v[find(&r, "docs only")].commit, 2);
	assert_int_equal(r.v[find(&r, "What the running build lacks")].commit, 0);
	buildinfo_rows_clear(&r);
}

static void test_commit_detail(void **state)
{
	struct changes c;
	struct gitlog l;
	struct buildinfo_rows r;

	(void)state;
	fixture(&c, &l);
	buildinfo_rows_init(&r);
	buildinfo_rows_commit(&c, 0, 80, &r);
	assert_string_equal(r.v[find(&r, "Commit 9e1f2b0")].text2, "the running build lacks it");
	find(&r, "9e1f2b0c0d0e0f101112131415161718191a1b1c");
	find(&r, "INV-2207 rounding fix and refunds");
	find(&r, "Ann <ann@example.com>");
	find(&r, "2026-01-02 11:00:00 +0100");
	find(&r, "Files it changes (2)");
	find(&r, "A refunds.go");
	find(&r, "M internal/invoice/vat.go");
	find(&r, "Registrations it changes (2)");
	assert_int_equal(r.v[find(&r, "refunds.go:12:  adds route GET /api/v1/refunds")].mark,
			 BIMARK_WARN);
	find(&r, "internal/invoice/vat.go:40:  removes ticker main.sweep");
	assert_true(buildinfo_rows_find(&r, "Parents") < 0);
	for (size_t i = 0; i < r.n; i++) {
		assert_int_equal(r.v[i].commit, 1);
		assert_true(sanitize_width(r.v[i].text) <= 80);
	}

	/* A merge touching only a README: no registrations, said so; the
	 * terminal escape in the path is neutralised. */
	buildinfo_rows_commit(&c, 1, 40, &r);
	find(&r, "Parents");
	find(&r, "none: no route");
	assert_true(buildinfo_rows_find(&r, "\x1b") < 0);
	for (size_t i = 0; i < r.n; i++) {
		assert_true(sanitize_width(r.v[i].text) <= 40);
		assert_int_equal(r.v[i].commit, 2);
	}

	/* Out of range, or nothing to show: empty. */
	buildinfo_rows_commit(&c, 2, 80, &r);
	assert_int_equal(r.n, 0);
	buildinfo_rows_commit(NULL, 0, 80, &r);
	assert_int_equal(r.n, 0);
	buildinfo_rows_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_section_rows_know_their_commit),
	    cmocka_unit_test(test_commit_detail),
	};

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
