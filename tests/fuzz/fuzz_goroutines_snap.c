/* fuzz_goroutines_snap.c: libFuzzer target for the goroutines pane's logic
 * on hostile answers: the debug=1 total, a dump built and diffed against
 * itself cut in half, every row's columns, filter and stack lines. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "panes/goroutines_snap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct goroutines_snap *build(const uint8_t *data, size_t size,
				     const struct goroutines_snap *prev)
{
	struct goroutines_snap *s = goroutines_snap_new();
	struct buf b;
	char *cause = NULL;

	buf_init(&b);
	buf_add(&b, data, size);
	if (goroutines_snap_build(s, &b, "example.com/app", prev, &cause) != 0) {
		free(cause);
		buf_free(&b);
		goroutines_snap_free(s);
		return NULL;
	}
	return s;
}

static void walk(struct goroutines_snap *s, enum goroutines_view v)
{
	size_t rows = goroutines_snap_rows(s, v), sum = 0;
	char buf[512];

	for (size_t i = 0; i < rows; i++) {
		const struct gbucket_gone *gone;
		const struct gbucket *k = goroutines_snap_bucket(s, v, i, &gone);
		struct goroutines_line *l;
		size_t n;
		int is_main;

		goroutines_snap_match(s, v, i, "main");
		goroutines_snap_match(s, v, i, i % 2 ? "go" : "GO");
		if (k == NULL) {
			if (gone == NULL || goroutines_snap_gone_top(s, v, i) == NULL)
				abort();
			continue;
		}
		sum += k->count;
		if (goroutines_snap_top(&s->b[v], k, "example.com/app", &is_main) >=
		    (int)gbucket_rep(&s->b[v], k)->nframes +
			(gbucket_rep(&s->b[v], k)->nframes == 0))
			abort();
		goroutines_snap_diff(&s->b[v], k, buf, sizeof buf);
		goroutines_snap_wait(k, buf, sizeof buf);
		n = goroutines_snap_stack(&s->b[v], k, "example.com/app", &l);
		for (size_t j = 0; j < n; j++)
			if (l[j].text == NULL)
				abort();
		goroutines_snap_lines_free(l, n);
	}
	if (sum != s->d.ng)
		abort();
	goroutines_snap_missing(s, (long)rows, buf, sizeof buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct goroutines_snap *a, *b;
	long total;

	goroutines_snap_total((const char *)data, size, &total);
	a = build(data, size / 2, NULL);
	b = build(data, size, a);
	goroutines_snap_free(a);
	if (b != NULL) {
		walk(b, GOROUTINES_LOOSE);
		walk(b, GOROUTINES_EXACT);
		goroutines_snap_find_id(b, GOROUTINES_LOOSE, 1);
		goroutines_snap_free(b);
	}
	return 0;
}
