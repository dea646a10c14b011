/* Unit tests: the goroutines pane's pure logic (panes/goroutines_snap.c):
 * the debug=1 total, the cost question, main-module frames, the columns,
 * diffs across fetches, the filter, completeness notes, the memory strip
 * and the stack lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "panes/goroutines_snap.h"
#include "collectors/runtime/memstats.h"
#include "tests/unit/panes/leakcheck.h"

#define DUMPS "tests/fixtures/goroutines/dumps/"

/* Two goroutines with one stack, a third with other arguments, one that
 * waited, one of the main module's package, one created by an init. */
static const char dump1[] = "goroutine 1 [chan receive, 5 minutes]:\n"
			    "main.worker(0x1)\n"
			    "\t/src/app/main.go:10 +0x1d\n"
			    "created by main.main\n"
			    "\t/src/app/main.go:30 +0x2e\n"
			    "\n"
			    "goroutine 2 [chan receive, 7 minutes]:\n"
			    "main.worker(0x1)\n"
			    "\t/src/app/main.go:10 +0x1d\n"
			    "created by main.main\n"
			    "\t/src/app/main.go:30 +0x2e\n"
			    "\n"
			    "goroutine 3 [chan receive]:\n"
			    "main.worker(0x2)\n"
			    "\t/src/app/main.go:10 +0x1d\n"
			    "created by main.main\n"
			    "\t/src/app/main.go:30 +0x2e\n"
			    "\n"
			    "goroutine 4 [select]:\n"
			    "runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)\n"
			    "\t/usr/lib/go/src/runtime/proc.go:363 +0xd6\n"
			    "time.Sleep(0x3b9aca00)\n"
			    "\t/usr/lib/go/src/runtime/time.go:195 +0x135\n"
			    "example.com/app/internal/metrics.flushLoop()\n"
			    "\t/src/app/internal/metrics/metrics.go:26 +0xd6\n"
			    "created by example.com/app/internal/metrics.init.0\n"
			    "\t/src/app/internal/metrics/metrics.go:20 +0x25\n"
			    "\n"
			    "goroutine 5 [IO wait]:\n"
			    "runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)\n"
			    "\t/usr/lib/go/src/runtime/proc.go:363 +0xd6\n"
			    "internal/poll.runtime_pollWait(0x7f, 0x72)\n"
			    "\t/usr/lib/go/src/runtime/netpoll.go:305 +0x89\n";

/* The next fetch: one worker more, the IO waiter gone, a new sleeper. */
static const char dump2[] = "goroutine 1 [chan receive, 5 minutes]:\n"
			    "main.worker(0x1)\n"
			    "\t/src/app/main.go:10 +0x1d\n"
			    "created by main.main\n"
			    "\t/src/app/main.go:30 +0x2e\n"
			    "\n"
			    "goroutine 2 [chan receive, 200 minutes]:\n"
			    "main.worker(0x1)\n"
			    "\t/src/app/main.go:10 +0x1d\n"
			    "created by main.main\n"
			    "\t/src/app/main.go:30 +0x2e\n"
			    "\n"
			    "goroutine 6 [chan receive]:\n"
			    "main.worker(0x1)\n"
			    "\t/src/app/main.go:10 +0x1d\n"
			    "created by main.main\n"
			    "\t/src/app/main.go:30 +0x2e\n"
			    "\n"
			    "goroutine 3 [chan receive]:\n"
			    "main.worker(0x2)\n"
			    "\t/src/app/main.go:10 +0x1d\n"
			    "created by main.main\n"
			    "\t/src/app/main.go:30 +0x2e\n"
			    "\n"
			    "goroutine 4 [select]:\n"
			    "runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)\n"
			    "\t/usr/lib/go/src/runtime/proc.go:363 +0xd6\n"
			    "time.Sleep(0x3b9aca00)\n"
			    "\t/usr/lib/go/src/runtime/time.go:195 +0x135\n"
			    "example.com/app/internal/metrics.flushLoop()\n"
			    "\t/src/app/internal/metrics/metrics.go:26 +0xd6\n"
			    "created by example.com/app/internal/metrics.init.0\n"
			    "\t/src/app/internal/metrics/metrics.go:20 +0x25\n"
			    "\n"
			    "goroutine 9 [sleep]:\n"
			    "time.Sleep(0x3b9aca00)\n"
			    "\t/usr/lib/go/src/runtime/time.go:195 +0x135\n"
			    "main.napper()\n"
			    "\t/src/app/main.go:50 +0x36\n"
			    "created by main.main in goroutine 1\n"
			    "\t/src/app/main.go:31 +0x2e\n";

#define MODULE "example.com/app"

static struct goroutines_snap *build(const char *text, const struct goroutines_snap *prev)
{
	struct goroutines_snap *s = goroutines_snap_new();
	struct buf b;
	char *cause = NULL;

	buf_init(&b);
	buf_adds(&b, text);
	if (goroutines_snap_build(s, &b, MODULE, prev, &cause) != 0)
		fail_msg("build failed: %s", cause);
	assert_null(b.data); /* taken over */
	return s;
}

/* The row whose top frame (as the pane shows it) is func. */
static long row_of(const struct goroutines_snap *s, enum goroutines_view v, const char *func,
		   const char *arg)
{
	for (size_t i = 0; i < s->b[v].n; i++) {
		const struct gbucket *k = &s->b[v].v[i];
		const struct gdump_goroutine *g = gbucket_rep(&s->b[v], k);
		int is_main, j = goroutines_snap_top(&s->b[v], k, MODULE, &is_main);
		size_t an;
		const char *a;

		if (j < 0 || strcmp(gdump_str(&s->d, gdump_gframes(&s->d, g)[j].func), func) != 0)
			continue;
		a = gdump_args(&s->d, &gdump_gframes(&s->d, g)[j], &an);
		if (arg == NULL || (an == strlen(arg) && memcmp(a, arg, an) == 0))
			return (long)i;
	}
	return -1;
}

static void test_total(void **st)
{
	long n = -7;
	char nonul[] = {'g', 'o', 'r', 'o', 'u', 't', 'i', 'n', 'e', ' ', 'p', 'r', 'o', 'f',
			'i', 'l', 'e', ':', ' ', 't', 'o', 't', 'a', 'l', ' ', '4', '2'};

	(void)st;
	assert_int_equal(goroutines_snap_total("goroutine profile: total 123\n5 @ 0x1\n", 38, &n),
			 0);
	assert_int_equal(n, 123);
	assert_int_equal(goroutines_snap_total("goroutine profile: total 0\r\n", 28, &n), 0);
	assert_int_equal(n, 0);
	/* Ends right after the digits, no NUL: must not read past len. */
	assert_int_equal(goroutines_snap_total(nonul, sizeof nonul, &n), 0);
	assert_int_equal(n, 42);
	assert_int_equal(goroutines_snap_total(nonul, sizeof nonul - 1, &n), 0);
	assert_int_equal(n, 4);
	n = -7;
	assert_int_equal(goroutines_snap_total(nonul, sizeof nonul - 2, &n), -1);
	assert_int_equal(goroutines_snap_total("heap profile: 1: 2 [3: 4] @ heap/1\n", 35, &n), -1);
	assert_int_equal(goroutines_snap_total("goroutine profile: total x\n", 27, &n), -1);
	assert_int_equal(goroutines_snap_total("goroutine profile: total 12abc\n", 31, &n), -1);
	assert_int_equal(
	    goroutines_snap_total("goroutine profile: total 99999999999999999999\n", 46, &n), -1);
	assert_int_equal(goroutines_snap_total("<html>404</html>", 16, &n), -1);
	assert_int_equal(goroutines_snap_total(NULL, 0, &n), -1);
	assert_int_equal(goroutines_snap_total("", 0, &n), -1);
	assert_int_equal(n, -7);
}

static void test_question(void **st)
{
	char q[256], why[96];
	struct goroutines_snap *s;

	(void)st;
	/* 12.4 s measured for 100k goroutines on Go 1.19. */
	assert_true(goroutines_snap_stw(100000, GOROUTINES_STW_PER_G) > 12.3);
	assert_true(goroutines_snap_stw(100000, GOROUTINES_STW_PER_G) < 12.5);
	assert_true(goroutines_snap_stw(-1, GOROUTINES_STW_PER_G) == 0);
	goroutines_snap_question(100000, GOROUTINES_STW_PER_G, 0, q, sizeof q);
	assert_string_equal(q, "100000 goroutines: the full dump stops the service ~12 s; fetch? "
			       "[y/N] ");
	assert_true(strlen(q) < 76); /* the answer stays visible at 80 columns */
	goroutines_snap_question(12345, GOROUTINES_STW_PER_G, 1, q, sizeof q);
	assert_non_null(strstr(q, "12345 goroutines: the full dump stops the service ~1.5 s "
				  "(about 0.12 ms per goroutine on Go 1.19); fetch? [y/N]"));
	goroutines_snap_question(2000000, GOROUTINES_STW_PER_G, 0, q, sizeof q);
	assert_non_null(strstr(q, "~4 min"));
	/* A small last fetch says nothing about the rate; a big one does. */
	s = build(dump1, NULL);
	assert_true(goroutines_snap_rate(s) == GOROUTINES_STW_PER_G);
	assert_true(goroutines_snap_rate(NULL) == GOROUTINES_STW_PER_G);
	s->d.ng = 10000;
	s->fetch_seconds = 2.0;
	assert_true(goroutines_snap_rate(s) > 0.000199 && goroutines_snap_rate(s) < 0.000201);
	goroutines_snap_rate_text(goroutines_snap_rate(s), why, sizeof why);
	assert_string_equal(why, "0.200 ms per goroutine on the last fetch");
	s->d.ng = 5;
	goroutines_snap_free(s);
}

static void test_is_main(void **st)
{
	(void)st;
	assert_true(goroutines_snap_is_main("main.main", 9, NULL));
	assert_true(goroutines_snap_is_main("main.worker.func1", 17, "x.org/y"));
	assert_false(goroutines_snap_is_main("main.", 5, NULL));
	assert_false(goroutines_snap_is_main("mainly.f", 8, NULL));
	assert_true(
	    goroutines_snap_is_main("example.com/app/internal/metrics.flushLoop", 42, MODULE));
	assert_true(goroutines_snap_is_main("example.com/app.Run", 19, MODULE));
	assert_false(goroutines_snap_is_main("example.com/apple.Run", 21, MODULE));
	assert_false(goroutines_snap_is_main("example.com/app", 15, MODULE));
	assert_false(goroutines_snap_is_main("example.com/app/x.F", 19, NULL));
	assert_false(goroutines_snap_is_main("example.com/app/x.F", 19, ""));
}

static void test_buckets_and_columns(void **st)
{
	struct goroutines_snap *s = build(dump1, NULL);
	const struct gbuckets *lo = &s->b[GOROUTINES_LOOSE], *ex = &s->b[GOROUTINES_EXACT];
	const struct gbucket *k;
	char buf[64];
	long r;
	int is_main, j;

	(void)st;
	assert_int_equal(s->d.ng, 5);
	assert_int_equal(s->bytes, sizeof dump1 - 1);
	/* Loose ignores the arguments: the three workers are one bucket. */
	assert_int_equal(lo->n, 3);
	assert_int_equal(ex->n, 4);
	assert_int_equal(goroutines_snap_rows(s, GOROUTINES_LOOSE), 3);
	assert_int_equal(goroutines_snap_rows(NULL, GOROUTINES_LOOSE), 0);
	k = goroutines_snap_bucket(s, GOROUTINES_LOOSE, 0, NULL);
	assert_int_equal(k->count, 3);
	assert_null(goroutines_snap_bucket(s, GOROUTINES_LOOSE, 3, NULL));
	goroutines_snap_wait(k, buf, sizeof buf);
	assert_string_equal(buf, "0-7m");
	goroutines_snap_diff(lo, k, buf, sizeof buf);
	assert_string_equal(buf, ""); /* no previous fetch */
	r = row_of(s, GOROUTINES_EXACT, "main.worker", "0x1");
	assert_true(r >= 0);
	assert_int_equal(ex->v[r].count, 2);
	assert_true(row_of(s, GOROUTINES_EXACT, "main.worker", "0x2") >= 0);

	/* The top frame: the main-module one, below the runtime's. */
	r = row_of(s, GOROUTINES_LOOSE, "example.com/app/internal/metrics.flushLoop", NULL);
	assert_true(r >= 0);
	j = goroutines_snap_top(lo, &lo->v[r], MODULE, &is_main);
	assert_int_equal(j, 2);
	assert_true(is_main);
	/* Without the module path it is not the main module's: the first frame
	 * outside the runtime is shown instead. */
	j = goroutines_snap_top(lo, &lo->v[r], NULL, &is_main);
	assert_int_equal(j, 1);
	assert_false(is_main);
	goroutines_snap_wait(&lo->v[r], buf, sizeof buf);
	assert_string_equal(buf, "");
	/* Only runtime and poll frames: the poller, not runtime.gopark. */
	r = row_of(s, GOROUTINES_LOOSE, "internal/poll.runtime_pollWait", NULL);
	assert_true(r >= 0);

	/* find by goroutine id and by signature */
	assert_int_equal(
	    goroutines_snap_find_id(s, GOROUTINES_LOOSE, 4),
	    row_of(s, GOROUTINES_LOOSE, "example.com/app/internal/metrics.flushLoop", NULL));
	assert_int_equal(goroutines_snap_find_id(s, GOROUTINES_LOOSE, 3), 0);
	assert_int_equal(goroutines_snap_find_id(s, GOROUTINES_LOOSE, 99), -1);
	assert_int_equal(goroutines_snap_find_sig(s, GOROUTINES_LOOSE, lo->v[2].sig), 2);
	assert_int_equal(goroutines_snap_find_sig(s, GOROUTINES_LOOSE, 12345), -1);
	goroutines_snap_free(s);
	goroutines_snap_free(NULL);
}

static void test_wait_text(void **st)
{
	struct gbucket k;
	char buf[32];

	(void)st;
	memset(&k, 0, sizeof k);
	k.wait_min = k.wait_max = 119;
	goroutines_snap_wait(&k, buf, sizeof buf);
	assert_string_equal(buf, "119m");
	k.wait_min = 3;
	k.wait_max = 150;
	goroutines_snap_wait(&k, buf, sizeof buf);
	assert_string_equal(buf, "3m-2h");
	k.wait_min = k.wait_max = 5000;
	goroutines_snap_wait(&k, buf, sizeof buf);
	assert_string_equal(buf, "3d");
}

static void test_diff_across_fetches(void **st)
{
	struct goroutines_snap *a = build(dump1, NULL), *b = build(dump2, a);
	const struct gbuckets *lo = &b->b[GOROUTINES_LOOSE], *ex = &b->b[GOROUTINES_EXACT];
	const struct gbucket_gone *gone;
	char buf[32];
	long r;

	(void)st;
	goroutines_snap_free(a); /* the diff keeps what it needs */
	assert_true(lo->diffed && ex->diffed);
	r = row_of(b, GOROUTINES_LOOSE, "main.worker", NULL);
	goroutines_snap_diff(lo, &lo->v[r], buf, sizeof buf);
	assert_string_equal(buf, "+1");
	goroutines_snap_wait(&lo->v[r], buf, sizeof buf);
	assert_string_equal(buf, "0-3h");
	r = row_of(b, GOROUTINES_EXACT, "main.worker", "0x2");
	goroutines_snap_diff(ex, &ex->v[r], buf, sizeof buf);
	assert_string_equal(buf, "=");
	r = row_of(b, GOROUTINES_LOOSE, "main.napper", NULL);
	goroutines_snap_diff(lo, &lo->v[r], buf, sizeof buf);
	assert_string_equal(buf, "new");
	/* The IO waiter is gone: listed after the buckets. */
	assert_int_equal(lo->ngone, 1);
	assert_int_equal(goroutines_snap_rows(b, GOROUTINES_LOOSE), lo->n + 1);
	assert_null(goroutines_snap_bucket(b, GOROUTINES_LOOSE, lo->n, &gone));
	assert_non_null(gone);
	assert_int_equal(gone->count, 1);
	assert_string_equal(gone->state, "IO wait");
	/* Labelled as the pane showed it, not runtime.gopark. */
	assert_string_equal(goroutines_snap_gone_top(b, GOROUTINES_LOOSE, lo->n),
			    "internal/poll.runtime_pollWait");
	assert_null(goroutines_snap_gone_top(b, GOROUTINES_LOOSE, 0));
	assert_null(goroutines_snap_gone_top(b, GOROUTINES_LOOSE, lo->n + 1));
	assert_true(goroutines_snap_match(b, GOROUTINES_LOOSE, lo->n, "POLLWAIT"));
	assert_false(goroutines_snap_match(b, GOROUTINES_LOOSE, lo->n, "worker"));
	goroutines_snap_free(b);
}

static void test_filter(void **st)
{
	struct goroutines_snap *s = build(dump1, NULL);
	long worker = row_of(s, GOROUTINES_LOOSE, "main.worker", NULL);
	long flush =
	    row_of(s, GOROUTINES_LOOSE, "example.com/app/internal/metrics.flushLoop", NULL);

	(void)st;
	/* Function names, case-insensitive, as you type. */
	assert_true(goroutines_snap_match(s, GOROUTINES_LOOSE, (size_t)worker, "Work"));
	assert_false(goroutines_snap_match(s, GOROUTINES_LOOSE, (size_t)flush, "Work"));
	assert_true(goroutines_snap_match(s, GOROUTINES_LOOSE, (size_t)flush, "flush"));
	assert_true(goroutines_snap_match(s, GOROUTINES_LOOSE, (size_t)flush, "flushL"));
	/* File names, and the creator. */
	assert_true(goroutines_snap_match(s, GOROUTINES_LOOSE, (size_t)flush, "metrics.go"));
	assert_true(goroutines_snap_match(s, GOROUTINES_LOOSE, (size_t)flush, "init.0"));
	assert_true(goroutines_snap_match(s, GOROUTINES_LOOSE, (size_t)worker, "app/main.go"));
	/* Arguments are not names. */
	assert_false(goroutines_snap_match(s, GOROUTINES_LOOSE, (size_t)worker, "0x1"));
	/* Same answers when the text changes back (the cache follows). */
	assert_false(goroutines_snap_match(s, GOROUTINES_LOOSE, (size_t)flush, "Work"));
	assert_true(goroutines_snap_match(s, GOROUTINES_EXACT, 0, "main"));
	goroutines_snap_free(s);
}

static void test_not_a_dump(void **st)
{
	struct goroutines_snap *s = goroutines_snap_new();
	struct buf b;
	char *cause = NULL;

	(void)st;
	buf_init(&b);
	buf_adds(&b, "<html><body>404 page not found</body></html>\n");
	assert_int_equal(goroutines_snap_build(s, &b, NULL, NULL, &cause), -1);
	assert_non_null(strstr(cause, "no \"goroutine N [state]:\" line"));
	free(cause);
	goroutines_snap_free(s);
	/* Empty and binary bodies too. */
	s = goroutines_snap_new();
	buf_init(&b);
	buf_add(&b, "\0\x01\xff\x1b[2J", 7);
	cause = NULL;
	assert_int_equal(goroutines_snap_build(s, &b, NULL, NULL, &cause), -1);
	free(cause);
	goroutines_snap_free(s);
	s = goroutines_snap_new();
	buf_init(&b);
	cause = NULL;
	assert_int_equal(goroutines_snap_build(s, &b, NULL, NULL, &cause), -1);
	free(cause);
	goroutines_snap_free(s);
}

static void test_missing(void **st)
{
	struct goroutines_snap *s = build(dump1, NULL);
	char out[256];
	size_t half = strstr(dump1, "goroutine 4") - dump1 + 30;
	struct goroutines_snap *cut;
	struct buf b;
	char *cause = NULL;

	(void)st;
	/* Counts agree, or differ by the churn of a moment: nothing to say. */
	assert_int_equal(goroutines_snap_missing(s, 5, out, sizeof out), GOROUTINES_NOTE_NONE);
	assert_int_equal(goroutines_snap_missing(s, 7, out, sizeof out), GOROUTINES_NOTE_NONE);
	assert_int_equal(goroutines_snap_missing(s, -1, out, sizeof out), GOROUTINES_NOTE_NONE);
	assert_int_equal(goroutines_snap_missing(s, 50, out, sizeof out), GOROUTINES_NOTE_INFO);
	assert_non_null(strstr(out, "debug=1 counted 50"));
	/* The total fetched just before the dump wins over a later one. */
	s->total_before = 5;
	assert_int_equal(goroutines_snap_missing(s, 50, out, sizeof out), GOROUTINES_NOTE_NONE);
	/* The runtime's 64 MiB stop: say how many are missing. */
	s->d.runtime_cap = 1;
	s->total_before = 32828 + 67172;
	assert_int_equal(goroutines_snap_missing(s, -1, out, sizeof out), GOROUTINES_NOTE_WARN);
	assert_string_equal(out, "99995 of 100000 goroutines (debug=1) missing: the runtime stops "
				 "writing debug=2 at 64 MiB");
	s->total_before = -1;
	assert_int_equal(goroutines_snap_missing(s, -1, out, sizeof out), GOROUTINES_NOTE_WARN);
	assert_string_equal(out, "goroutines missing (5 in the dump): the runtime stops writing "
				 "debug=2 at 64 MiB");
	s->d.runtime_cap = 0;
	s->cut_by_cap = 1;
	assert_int_equal(goroutines_snap_missing(s, 9, out, sizeof out), GOROUTINES_NOTE_WARN);
	assert_string_equal(out, "4 of 9 goroutines (debug=1) missing: the dump hit our 0 MiB cap");
	goroutines_snap_free(s);

	/* A dump that ends mid-line, from the parser. */
	buf_init(&b);
	buf_add(&b, dump1, half);
	cut = goroutines_snap_new();
	assert_int_equal(goroutines_snap_build(cut, &b, MODULE, NULL, &cause), 0);
	assert_true(cut->d.ends_midline);
	assert_int_equal(goroutines_snap_missing(cut, 5, out, sizeof out), GOROUTINES_NOTE_WARN);
	assert_string_equal(out, "1 of 5 goroutines (debug=1) missing: the dump ends mid-line, cut "
				 "short");
	goroutines_snap_free(cut);
}

static char *slurp(const char *path, size_t *len)
{
	struct buf b;
	char *cause = NULL;

	buf_init(&b);
	if (read_file_capped(path, 16 * MIB, &b, NULL, &cause) != 0)
		fail_msg("%s (run from the repository root)", cause);
	*len = b.len;
	return buf_steal(&b);
}

static void test_memline(void **st)
{
	struct memstats heap, vars;
	char out[512], *cause = NULL, *t;
	size_t n;

	(void)st;
	memset(&heap, 0, sizeof heap);
	memset(&vars, 0, sizeof vars);
	goroutines_snap_memline(NULL, NULL, out, sizeof out);
	assert_string_equal(out, "");
	t = slurp(DUMPS "go119-heap-debug1.txt", &n);
	assert_int_equal(memstats_parse_heap(t, n, &heap, &cause), 0);
	free(t);
	t = slurp(DUMPS "go119-vars.json", &n);
	assert_int_equal(memstats_parse_expvar(t, n, &vars, &cause), 0);
	free(t);
	goroutines_snap_memline(&heap, NULL, out, sizeof out);
	assert_true(strncmp(out, "heap ", 5) == 0);
	assert_non_null(strstr(out, " of "));
	assert_non_null(strstr(out, "stacks "));
	assert_non_null(strstr(out, "GCs "));
	assert_non_null(strstr(out, "max RSS ")); /* heap?debug=1 only */
	goroutines_snap_memline(NULL, &vars, out, sizeof out);
	assert_true(strncmp(out, "heap ", 5) == 0);
	assert_null(strstr(out, "max RSS"));
	goroutines_snap_memline(&heap, &vars, out, sizeof out);
	assert_non_null(strstr(out, "max RSS "));
	/* A short buffer is cut, not overrun. */
	goroutines_snap_memline(&heap, &vars, out, 10);
	assert_int_equal(strlen(out), 9);
	memstats_free(&heap);
	memstats_free(&vars);
}

static int has_line(const struct goroutines_line *l, size_t n, enum goroutines_line_kind k,
		    const char *text)
{
	for (size_t i = 0; i < n; i++)
		if (l[i].kind == k && strcmp(l[i].text, text) == 0)
			return 1;
	return 0;
}

static void test_stack_lines(void **st)
{
	struct goroutines_snap *s = build(dump2, NULL);
	const struct gbuckets *lo = &s->b[GOROUTINES_LOOSE];
	struct goroutines_line *l;
	long r;
	size_t n;

	(void)st;
	r = row_of(s, GOROUTINES_LOOSE, "main.worker", NULL);
	n = goroutines_snap_stack(lo, &lo->v[r], MODULE, &l);
	assert_true(n >= 5);
	assert_int_equal(l[0].kind, GOROUTINES_L_INFO);
	assert_string_equal(l[0].text, "goroutines 1 2 6 3");
	assert_true(has_line(l, n, GOROUTINES_L_FUNC_MAIN, "main.worker(0x1)"));
	assert_true(has_line(l, n, GOROUTINES_L_FILE, "    /src/app/main.go:10 +0x1d"));
	assert_true(has_line(l, n, GOROUTINES_L_CREATED, "created by main.main"));
	assert_true(has_line(l, n, GOROUTINES_L_CREATED, "    /src/app/main.go:30"));
	goroutines_snap_lines_free(l, n);

	r = row_of(s, GOROUTINES_LOOSE, "example.com/app/internal/metrics.flushLoop", NULL);
	n = goroutines_snap_stack(lo, &lo->v[r], MODULE, &l);
	assert_true(
	    has_line(l, n, GOROUTINES_L_FUNC, "runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)"));
	assert_true(
	    has_line(l, n, GOROUTINES_L_FUNC_MAIN, "example.com/app/internal/metrics.flushLoop()"));
	assert_true(has_line(l, n, GOROUTINES_L_CREATED,
			     "created by example.com/app/internal/metrics.init.0"));
	goroutines_snap_lines_free(l, n);
	/* Without the module path only package main is highlighted. */
	n = goroutines_snap_stack(lo, &lo->v[r], NULL, &l);
	assert_true(
	    has_line(l, n, GOROUTINES_L_FUNC, "example.com/app/internal/metrics.flushLoop()"));
	goroutines_snap_lines_free(l, n);

	/* Go 1.21's "created by F in goroutine N". */
	r = row_of(s, GOROUTINES_LOOSE, "main.napper", NULL);
	n = goroutines_snap_stack(lo, &lo->v[r], MODULE, &l);
	assert_true(has_line(l, n, GOROUTINES_L_CREATED, "created by main.main in goroutine 1"));
	assert_string_equal(l[0].text, "goroutine 9");
	goroutines_snap_lines_free(l, n);
	goroutines_snap_free(s);
}

static void test_stack_variants(void **st)
{
	static const char text[] = "goroutine 7 [chan receive, locked to thread]:\n"
				   "main.a(...)\n"
				   "\t/src/app/a.go:1\n"
				   "...additional frames elided...\n"
				   "created by main.main\n"
				   "\t/src/app/main.go:3 +0x1\n"
				   "[originating from goroutine 1]:\n"
				   "main.main(...)\n"
				   "\t/src/app/main.go:3 +0x1\n"
				   "\n"
				   "goroutine 8 [running]:\n"
				   "\tgoroutine running on other thread; stack unavailable\n"
				   "\n"
				   "goroutine 9 [select]:\n"
				   "main.\x1b]0;owned\x07"
				   "evil(0x1)\n"
				   "\t/src/app/\x1b[2Jx.go:9 +0x1\n";
	struct goroutines_snap *s = build(text, NULL);
	const struct gbuckets *ex = &s->b[GOROUTINES_EXACT];
	struct goroutines_line *l;
	size_t n;
	long r;

	(void)st;
	assert_int_equal(s->d.ng, 3);
	r = goroutines_snap_find_id(s, GOROUTINES_EXACT, 7);
	n = goroutines_snap_stack(ex, &ex->v[r], MODULE, &l);
	assert_true(has_line(l, n, GOROUTINES_L_INFO, "locked to thread: 1 of 1"));
	assert_true(has_line(l, n, GOROUTINES_L_FUNC_MAIN, "main.a(...)"));
	assert_true(has_line(l, n, GOROUTINES_L_FILE, "    /src/app/a.go:1"));
	assert_true(has_line(l, n, GOROUTINES_L_ELIDED, "...additional frames elided..."));
	assert_true(has_line(l, n, GOROUTINES_L_ANCESTOR, "[originating from goroutine 1]:"));
	goroutines_snap_lines_free(l, n);
	r = goroutines_snap_find_id(s, GOROUTINES_EXACT, 8);
	n = goroutines_snap_stack(ex, &ex->v[r], MODULE, &l);
	assert_true(has_line(l, n, GOROUTINES_L_INFO,
			     "goroutine running on other thread; stack unavailable"));
	goroutines_snap_lines_free(l, n);
	/* Hostile names reach the lines raw: draw_text() sanitises them. The
	 * point here is that nothing breaks. */
	r = goroutines_snap_find_id(s, GOROUTINES_EXACT, 9);
	assert_true(r >= 0);
	n = goroutines_snap_stack(ex, &ex->v[r], MODULE, &l);
	assert_true(n >= 3);
	goroutines_snap_lines_free(l, n);
	assert_true(goroutines_snap_match(s, GOROUTINES_EXACT, (size_t)r, "evil"));
	goroutines_snap_free(s);
}

/* A goroutine's labels (Go prints them in the header) can carry a value
 * the service was given as a secret. The stack view scrolls its lines
 * sideways and clips them: draw_text() then sees a line's tail from the
 * scroll column on, and a secret cut at that edge would pass its mask.
 * The lines are masked whole when they are made, so no scroll position
 * shows a piece of the secret. */
static void test_stack_lines_masked(void **st)
{
	static const char known[] = "Hq7vK2mZp9xR4tLw8nB3cY6dJ1fG5sA0";
	static const char text[] = "goroutine 7 [select] {\"job\":\"sync\", \"key\":\""
				   "Hq7vK2mZp9xR4tLw8nB3cY6dJ1fG5sA0\"}:\n"
				   "main.sync(0x1)\n"
				   "\t/src/app/sync.go:9 +0x1\n";
	struct goroutines_snap *s;
	const struct gbuckets *ex;
	struct goroutines_line *l;
	size_t n, labels = 0;
	long r;

	(void)st;
	redact_register_value(known);
	s = build(text, NULL);
	ex = &s->b[GOROUTINES_EXACT];
	r = goroutines_snap_find_id(s, GOROUTINES_EXACT, 7);
	assert_true(r >= 0);
	n = goroutines_snap_stack(ex, &ex->v[r], MODULE, &l);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(l[i].text);

		labels += strstr(l[i].text, "\"job\":\"sync\"") != NULL;
		/* Every scroll column, a 20-column window, as draw_text() shows it. */
		for (size_t off = 0; off < len; off++) {
			char *shown = redact_text(l[i].text + off);
			long at;

			if (strlen(shown) > 20)
				shown[20] = '\0';
			at = leak_piece_in(shown, known);
			if (at >= 0)
				fail_msg("scrolled to column %zu, line %zu shows \"%.6s\": %s", off,
					 i, known + at, shown);
			free(shown);
		}
	}
	assert_int_equal(labels, 1);
	goroutines_snap_lines_free(l, n);
	goroutines_snap_free(s);
	redact_reset();
}

/* The fixture's real Go 1.19 dump: every goroutine is in one bucket. */
static void test_real_dump(void **st)
{
	size_t n;
	char *t = slurp(DUMPS "go119-debug2.txt", &n);
	struct goroutines_snap *s = goroutines_snap_new();
	struct buf b = {t, n, n + 1};
	char *cause = NULL, out[256];

	(void)st;
	assert_int_equal(goroutines_snap_build(s, &b, "example.com/gorofix", NULL, &cause), 0);
	for (int v = 0; v < 2; v++) {
		size_t sum = 0;

		for (size_t i = 0; i < s->b[v].n; i++)
			sum += s->b[v].v[i].count;
		assert_int_equal(sum, s->d.ng);
		assert_int_equal(goroutines_snap_rows(s, (enum goroutines_view)v), s->b[v].n);
	}
	assert_true(s->b[GOROUTINES_LOOSE].n < s->b[GOROUTINES_EXACT].n);
	assert_true(
	    row_of(s, GOROUTINES_LOOSE, "example.com/gorofix/internal/work.warmCache", NULL) >= 0);
	assert_int_equal(goroutines_snap_missing(s, (long)s->d.ng, out, sizeof out),
			 GOROUTINES_NOTE_NONE);
	goroutines_snap_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_total),
	    cmocka_unit_test(test_question),
	    cmocka_unit_test(test_is_main),
	    cmocka_unit_test(test_buckets_and_columns),
	    cmocka_unit_test(test_wait_text),
	    cmocka_unit_test(test_diff_across_fetches),
	    cmocka_unit_test(test_filter),
	    cmocka_unit_test(test_not_a_dump),
	    cmocka_unit_test(test_missing),
	    cmocka_unit_test(test_memline),
	    cmocka_unit_test(test_stack_lines),
	    cmocka_unit_test(test_stack_variants),
	    cmocka_unit_test(test_stack_lines_masked),
	    cmocka_unit_test(test_real_dump),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
