/* Unit tests: the flame graph's tree (merged by name from the root, values
 * are cum, children by decreasing value) and its icicle layout (columns
 * from value offsets, narrow cells dropped, zoom), on a profile built in
 * memory, and the text rendering with a hostile name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/runtime/pprof_flame.h"

/* Functions: 1 A, 2 B, 3 C, 4 D, 5 E, 6 "\x1b[31mevil". One location per
 * function (location i has function i-1). Stacks are leaf first. */
static char *strs[] = {"", "A", "B", "C", "D", "E", "\x1b[31mevil", "samples", "count"};
static struct pprof_valuetype types[] = {{7, 8}};
static struct pprof_function funcs[6];
static struct pprof_line lines[6];
static struct pprof_location locs[6];
static uint32_t slocs[] = {2, 1, 0, /* C B A */ 1, 0, /* B A */ 3, 0, /* D A */ 4, /* E */
			   5 /* evil */};
static struct pprof_sample samples[] = {
    {0, 3, 0, 0, 0}, {3, 2, 0, 0, 0}, {5, 2, 0, 0, 0}, {7, 1, 0, 0, 0}, {8, 1, 0, 0, 0}};
static int64_t values[] = {60, 20, 20, 100, 0};

static void make(struct pprof_profile *p, int64_t evil)
{
	memset(p, 0, sizeof *p);
	for (int i = 0; i < 6; i++) {
		funcs[i] = (struct pprof_function){(uint64_t)i + 1, (uint32_t)i + 1, 0, 0, 0};
		lines[i] = (struct pprof_line){(uint32_t)i, 10};
		locs[i] =
		    (struct pprof_location){(uint64_t)i + 1, 0, PPROF_NONE, (uint32_t)i, 1, 0};
	}
	values[4] = evil;
	p->strs = strs;
	p->nstrs = sizeof strs / sizeof strs[0];
	p->sample_types = types;
	p->nsample_types = 1;
	p->samples = samples;
	p->nsamples = 5;
	p->values = values;
	p->sample_locs = slocs;
	p->nsample_locs = sizeof slocs / sizeof slocs[0];
	p->locations = locs;
	p->nlocations = 6;
	p->lines = lines;
	p->nlines = 6;
	p->functions = funcs;
	p->nfunctions = 6;
}

static const struct pprof_flame_cell *
find(const struct pprof_flame *f, const struct pprof_flame_cell *c, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(f->n[c[i].node].name, name) == 0)
			return &c[i];
	fail_msg("no cell %s", name);
	return NULL;
}

static void test_tree_and_layout(void **st)
{
	struct pprof_profile p;
	struct pprof_flame f;
	struct pprof_flame_cell *c;
	const struct pprof_flame_cell *a, *b, *cc, *d, *e;
	char *cause = NULL;
	size_t n;
	uint32_t bnode;

	(void)st;
	make(&p, 0);
	assert_int_equal(pprof_flame_build(&f, &p, 0, &cause), 0);
	assert_int_equal(f.total, 200);
	assert_int_equal(f.nn, 6); /* root A B C D E: the zero sample adds nothing */
	n = pprof_flame_layout(&f, 0, 100, 0, &c);
	assert_int_equal(n, 6);
	assert_int_equal(c[0].node, 0);
	assert_int_equal(c[0].w, 100);
	a = find(&f, c, n, "A");
	e = find(&f, c, n, "E");
	b = find(&f, c, n, "B");
	cc = find(&f, c, n, "C");
	d = find(&f, c, n, "D");
	/* A and E tie at 100: by name, A first. */
	assert_int_equal(a->x, 0);
	assert_int_equal(a->w, 50);
	assert_int_equal(e->x, 50);
	assert_int_equal(e->w, 50);
	assert_int_equal(b->depth, 2);
	assert_int_equal(b->x, 0);
	assert_int_equal(b->w, 40); /* 80 of 200 */
	assert_int_equal(d->x, 40);
	assert_int_equal(d->w, 10);
	assert_int_equal(cc->depth, 3);
	assert_int_equal(cc->w, 30);
	bnode = b->node; /* b points into c */
	free(c);

	/* Zoom into B: B spans the width at depth 0, C is 60/80 of it. */
	n = pprof_flame_layout(&f, bnode, 100, 0, &c);
	assert_int_equal(n, 2);
	assert_string_equal(f.n[c[0].node].name, "B");
	assert_int_equal(c[0].depth, 0);
	assert_int_equal(c[0].w, 100);
	assert_string_equal(f.n[c[1].node].name, "C");
	assert_int_equal(c[1].w, 75);
	free(c);

	/* Narrow: at 3 columns D (20/200) is under one column, dropped. */
	n = pprof_flame_layout(&f, 0, 3, 0, &c);
	for (size_t i = 0; i < n; i++) {
		assert_true(c[i].w >= 1);
		assert_string_not_equal(f.n[c[i].node].name, "D");
	}
	free(c);
	/* max_depth cuts rows. */
	n = pprof_flame_layout(&f, 0, 100, 2, &c);
	assert_int_equal(n, 3); /* root, A, E */
	free(c);
	pprof_flame_free(&f);
	pprof_flame_free(NULL);
}

static void test_text_sanitised(void **st)
{
	struct pprof_profile p;
	struct pprof_flame f;
	struct buf out;
	char *cause = NULL;

	(void)st;
	make(&p, 200); /* the evil frame is half the total */
	assert_int_equal(pprof_flame_build(&f, &p, 0, &cause), 0);
	buf_init(&out);
	pprof_flame_text(&f, 0, 40, 0, &out);
	buf_addc(&out, '\0');
	assert_null(strchr(out.data, '\x1b'));
	assert_non_null(strstr(out.data, "\\x1b[31mevil"));
	assert_int_equal(strncmp(out.data, "root", 4), 0);
	/* Every line is at most 40 columns. */
	for (char *l = out.data; *l != '\0';) {
		char *nl = strchr(l, '\n');

		assert_non_null(nl);
		assert_true(nl - l <= 40);
		l = nl + 1;
	}
	buf_free(&out);
	pprof_flame_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tree_and_layout),
	    cmocka_unit_test(test_text_sanitised),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
