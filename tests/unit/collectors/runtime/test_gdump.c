/* Unit tests: the goroutine dump parser on real Go 1.19 output, on
 * hand-written dumps of newer header variants, and on cut, binary and
 * hostile input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collectors/runtime/gdump.h"

#define DUMPS "tests/fixtures/goroutines/dumps/"

static void load_text(const char *name, struct buf *b)
{
	char *cause = NULL;
	int rc;

	buf_init(b);
	rc = read_file_capped(name, 64 * MIB, b, NULL, &cause);
	if (rc != 0)
		fail_msg("%s (run from the repository root)", cause);
}

/* What `grep -c '^goroutine '` counts. */
static size_t grep_count(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i + 10 <= n; i++) {
		if ((i == 0 || s[i - 1] == '\n') && memcmp(s + i, "goroutine ", 10) == 0)
			c++;
	}
	return c;
}

static const struct gdump_goroutine *by_id(const struct gdump *d, uint64_t id)
{
	for (size_t i = 0; i < d->ng; i++)
		if (d->g[i].id == id)
			return &d->g[i];
	return NULL;
}

static int has_func(const struct gdump *d, const char *name)
{
	uint32_t id = gdump_find_str(d, name);

	if (id == GDUMP_NONE)
		return 0;
	for (size_t i = 0; i < d->nframes; i++)
		if (d->frames[i].func == id)
			return 1;
	return 0;
}

static const char *state(const struct gdump *d, const struct gdump_goroutine *g)
{
	return gdump_str(d, g->state);
}

static void test_real_debug2(void **st)
{
	struct gdump d;
	struct buf b;
	char *cause = NULL;
	size_t locked = 0, nocases = 0, init_created = 0;

	(void)st;
	load_text(DUMPS "go119-debug2.txt", &b);
	assert_int_equal(gdump_parse(b.data, b.len, &d, &cause), 0);
	assert_int_equal(d.ng, grep_count(b.data, b.len));
	assert_true(d.ng >= 40);
	assert_int_equal(d.unparsed, 0);
	assert_false(d.ends_midline);
	assert_int_equal(d.npreamble, 0);
	for (size_t i = 0; i < d.ng; i++) {
		const struct gdump_goroutine *g = &d.g[i];
		const struct gdump_frame *c = gdump_creator(&d, g);

		assert_true(g->nframes > 0);
		if (g->flags & GDUMP_G_LOCKED) {
			locked++;
			assert_string_equal(state(&d, g), "chan receive");
		}
		nocases += strcmp(state(&d, g), "select (no cases)") == 0;
		if (c != NULL && strcmp(gdump_str(&d, c->func),
					"example.com/gorofix/internal/work.init.0") == 0) {
			init_created++;
			assert_true(
			    str_has_suffix(gdump_str(&d, c->file), "internal/work/work.go"));
			assert_true(c->flags & GDUMP_F_OFFSET);
		}
		/* Every frame of a debug=2 dump has a file line. */
		for (uint32_t j = 0; j < g->nframes; j++)
			assert_false(gdump_gframes(&d, g)[j].flags & GDUMP_F_NOFILE);
	}
	assert_int_equal(locked, 2);
	assert_int_equal(nocases, 2); /* main.main and blockForever */
	assert_int_equal(init_created, 1);
	assert_true(has_func(&d, "main.waitOn[...]"));
	assert_true(has_func(&d, "example.com/gorofix/internal/work.(*Pool).worker"));
	assert_true(has_func(&d, "example.com/gorofix/internal/work.(*Refresher).loop"));
	assert_true(has_func(&d, "internal/poll.runtime_pollWait"));
	/* The first goroutine is the one writing the dump. */
	assert_string_equal(state(&d, &d.g[0]), "running");
	assert_true(has_func(&d, "runtime/pprof.writeGoroutineStacks"));
	/* Inlined frames print "(...)" and no offset. */
	{
		uint32_t id = gdump_find_str(&d, "internal/poll.(*pollDesc).waitRead");
		int seen = 0;

		assert_int_not_equal(id, GDUMP_NONE);
		for (size_t i = 0; i < d.nframes; i++) {
			if (d.frames[i].func == id) {
				assert_true(d.frames[i].flags & GDUMP_F_INLINED);
				assert_false(d.frames[i].flags & GDUMP_F_OFFSET);
				seen = 1;
			}
		}
		assert_true(seen);
	}
	gdump_free(&d);
	buf_free(&b);
}

static void test_real_panic_system(void **st)
{
	struct gdump d;
	struct buf b;
	char *cause = NULL;
	const struct gdump_goroutine *g1;
	size_t regs = 0;

	(void)st;
	load_text(DUMPS "go119-panic-system.txt", &b);
	assert_int_equal(gdump_parse(b.data, b.len, &d, &cause), 0);
	assert_int_equal(d.ng, grep_count(b.data, b.len));
	/* "panic: ..." and its unindented second line (Go 1.19) are preamble;
	 * the trailing "exit status" line is not in the file (it is stderr). */
	assert_int_equal(d.npreamble, 2);
	assert_memory_equal(gdump_span_text(&d, d.preamble[0]), "panic: fixture asked", 20);
	assert_memory_equal(gdump_span_text(&d, d.preamble[1]), "second line", 11);
	assert_int_equal(d.unparsed, 0);
	g1 = by_id(&d, 1);
	assert_non_null(g1);
	assert_string_equal(state(&d, g1), "running");
	assert_string_equal(gdump_str(&d, gdump_gframes(&d, g1)[0].func), "panic");
	for (size_t i = 0; i < d.nframes; i++)
		regs += (d.frames[i].flags & GDUMP_F_REGS) != 0;
	assert_true(regs > d.ng); /* GOTRACEBACK=system prints fp/sp/pc */
	/* System goroutines show up, created by runtime init functions. */
	assert_non_null(by_id(&d, 2));
	assert_string_equal(state(&d, by_id(&d, 2)), "force gc (idle)");
	gdump_free(&d);
	buf_free(&b);

	load_text(DUMPS "go119-panic-all.txt", &b);
	assert_int_equal(gdump_parse(b.data, b.len, &d, &cause), 0);
	assert_int_equal(d.ng, grep_count(b.data, b.len));
	assert_int_equal(d.unparsed, 0);
	assert_null(by_id(&d, 2)); /* GOTRACEBACK=all hides runtime goroutines */
	gdump_free(&d);
	buf_free(&b);
}

static void check_handwritten(const struct gdump *d)
{
	const struct gdump_goroutine *g;
	const struct gdump_frame *f, *c;
	size_t n;
	const char *a;

	assert_int_equal(d->ng, 10);
	assert_int_equal(d->npreamble, 3);
	assert_memory_equal(gdump_span_text(d, d->preamble[2]), "[signal SIGSEGV", 15);
	/* "this line is not part of any goroutine" and "exit status 2" */
	assert_int_equal(d->unparsed, 2);
	assert_int_equal(d->nkept, 2);
	assert_memory_equal(gdump_span_text(d, d->kept[0]), "this line", 9);

	g = by_id(d, 7);
	assert_non_null(g);
	assert_true(g->flags & GDUMP_G_HAS_M);
	assert_int_equal(g->gp, 0xc000007340);
	assert_int_equal(g->m, 3);
	assert_int_equal(g->mp, 0xc000100008);
	assert_true(g->flags & GDUMP_G_LOCKED);
	assert_string_equal(gdump_str(d, g->state), "running");
	assert_int_equal(g->nframes, 3);
	f = gdump_gframes(d, g);
	assert_string_equal(gdump_str(d, f[1].func),
			    "example.com/svc/internal/api.(*Server).handle[...]");
	a = gdump_args(d, &f[1], &n);
	assert_int_equal(n, strlen("0xc000123450, {0x7ad1c0, 0xc0000a2000}, 0x2, ..."));
	assert_memory_equal(a, "0xc000123450, {", 15);
	assert_true(f[1].flags & GDUMP_F_ARGS_CUT);
	assert_true(f[1].flags & GDUMP_F_REGS);
	assert_int_equal(f[1].line, 88);
	assert_int_equal(f[1].pcoff, 0x45);
	assert_true(f[2].flags & GDUMP_F_INLINED);
	assert_false(f[2].flags & GDUMP_F_OFFSET);
	assert_int_equal(f[2].line, 12);
	c = gdump_creator(d, g);
	assert_non_null(c);
	assert_string_equal(gdump_str(d, c->func), "example.com/svc/internal/api.(*Server).Start");
	assert_int_equal(g->parent, 1);
	assert_int_equal(c->line, 40);

	g = by_id(d, 1);
	assert_int_equal(g->m, -1);
	assert_int_equal(g->gp, 0xc0000061c0);
	assert_int_equal(g->wait_minutes, 12);
	assert_null(gdump_creator(d, g));
	assert_string_equal(gdump_str(d, g->state), "chan receive");

	g = by_id(d, 22);
	assert_true(g->flags & GDUMP_G_SCAN);
	assert_string_equal(gdump_str(d, g->state), "select");
	assert_int_equal(g->wait_minutes, 3);

	g = by_id(d, 23);
	assert_true(g->flags & GDUMP_G_UNAVAILABLE);
	assert_int_equal(g->nframes, 0);
	assert_string_equal(gdump_str(d, gdump_creator(d, g)->func),
			    "example.com/svc/internal/work.init.0");

	assert_int_equal(by_id(d, 24)->synctest, 22);
	g = by_id(d, 25);
	assert_int_equal(g->synctest, 9);
	assert_int_equal(g->wait_minutes, 2);
	assert_string_equal(gdump_str(d, g->state), "sync.WaitGroup.Wait (durable)");

	g = by_id(d, 26);
	assert_int_equal(g->labels_len, strlen("{pattern: \"GET /panic\", \"k\": \"a]b:c\"}"));
	assert_memory_equal(d->text + g->labels_off, "{pattern:", 9);
	f = gdump_gframes(d, g);
	assert_string_equal(gdump_str(d, f[0].file), "C:/Users/dev/svc/main.go");
	assert_int_equal(f[0].line, 41);
	assert_int_equal(gdump_creator(d, g)->line, 3285);
	assert_int_equal(g->parent, 8);

	g = by_id(d, 30);
	assert_true(g->flags & GDUMP_G_ELIDED);
	assert_int_equal(g->elided_n, 12);
	assert_int_equal(g->elided_at, 2);
	assert_int_equal(g->nframes, 4);
	assert_int_equal(g->nanc, 1);
	assert_int_equal(d->anc[g->anc0].id, 1);
	assert_int_equal(d->anc[g->anc0].nframes, 1);
	assert_int_equal(d->anc[g->anc0].created, GDUMP_NONE);

	g = by_id(d, 31);
	f = gdump_gframes(d, g);
	assert_int_equal(g->nframes, 3);
	assert_true(f[0].flags & GDUMP_F_NONGO);
	assert_true(f[0].flags & GDUMP_F_NOFILE);
	assert_string_equal(gdump_str(d, f[2].file), "_cgo_gotypes.go");

	g = by_id(d, 32);
	assert_int_equal(g->wait_minutes, 1);
	assert_true(g->flags & GDUMP_G_ELIDED);
	assert_int_equal(g->elided_n, 0);
	assert_int_equal(g->nframes, 1);
	assert_int_equal(g->nanc, 2);
	assert_true(d->anc[g->anc0].flags & GDUMP_G_ELIDED);
	assert_int_equal(d->anc[g->anc0].id, 30);
	assert_int_equal(d->anc[g->anc0].nframes, 1);
	assert_string_equal(gdump_str(d, d->frames[d->anc[g->anc0].created].func), "main.main");
	assert_int_equal(d->anc[g->anc0 + 1].nframes, 1);
}

static void test_handwritten(void **st)
{
	struct gdump d;
	struct buf b, crlf;
	char *cause = NULL;

	(void)st;
	load_text(DUMPS "handwritten-newer.txt", &b);
	assert_int_equal(gdump_parse(b.data, b.len, &d, &cause), 0);
	check_handwritten(&d);
	gdump_free(&d);

	/* The same dump with CRLF line ends, as pasted from some log viewers. */
	buf_init(&crlf);
	for (size_t i = 0; i < b.len; i++) {
		if (b.data[i] == '\n')
			buf_addc(&crlf, '\r');
		buf_addc(&crlf, b.data[i]);
	}
	assert_int_equal(gdump_parse_buf(&crlf, &d, &cause), 0);
	assert_null(crlf.data); /* taken over */
	check_handwritten(&d);
	gdump_free(&d);
	buf_free(&b);
}

static void test_cut_anywhere(void **st)
{
	struct buf b;
	struct gdump full, d;
	char *cause = NULL;

	(void)st;
	load_text(DUMPS "handwritten-newer.txt", &b);
	assert_int_equal(gdump_parse(b.data, b.len, &full, &cause), 0);
	/* Every prefix parses; counts never exceed the whole. */
	for (size_t cut = 0; cut <= b.len; cut++) {
		/* grep also counts a header cut in the middle; we cannot parse it. */
		size_t want = grep_count(b.data, cut);
		int midline = cut > 0 && b.data[cut - 1] != '\n';

		assert_int_equal(gdump_parse(b.data, cut, &d, &cause), 0);
		assert_true(d.ng <= full.ng);
		assert_true(d.ng == want || (midline && d.ng + 1 == want));
		assert_int_equal(d.ends_midline, midline);
		assert_false(d.runtime_cap);
		gdump_free(&d);
	}
	gdump_free(&full);
	buf_free(&b);
}

/* The runtime stops writing a debug=2 dump at exactly 64 MiB, mid-line. */
static void test_runtime_cap(void **st)
{
	struct buf b;
	struct gdump d;
	char *cause = NULL;
	const char *block = "goroutine 18 [chan receive]:\n"
			    "main.worker(0xc000123456)\n"
			    "\t/src/app/main.go:42 +0x1d\n"
			    "created by main.main\n"
			    "\t/src/app/main.go:30 +0x2a\n\n";
	size_t bl = strlen(block);

	(void)st;
	buf_init(&b);
	while (b.len < GDUMP_RUNTIME_CAP)
		buf_add(&b, block, bl);
	b.len = GDUMP_RUNTIME_CAP;
	assert_true(b.data[b.len - 1] != '\n');
	assert_int_equal(gdump_parse(b.data, b.len, &d, &cause), 0);
	assert_true(d.ends_midline);
	assert_true(d.runtime_cap);
	assert_int_equal(d.ng, grep_count(b.data, b.len));
	assert_true(d.g[d.ng - 1].flags & GDUMP_G_CUT);
	assert_false(d.g[0].flags & GDUMP_G_CUT);
	gdump_free(&d);
	/* One byte shorter is not the runtime's cap. */
	assert_int_equal(gdump_parse(b.data, b.len - 1, &d, &cause), 0);
	assert_false(d.runtime_cap);
	gdump_free(&d);
	buf_free(&b);
}

static void test_binary_and_hostile(void **st)
{
	struct gdump d;
	char *cause = NULL, *js;
	size_t n = 1 << 20;
	char *junk = malloc(n);
	uint64_t x = 0x1234567;
	cJSON *j;
	const char *evil = "goroutine 5 [chan receive\x1b[2J]:\n"
			   "main.\x1b]0;owned\x07"
			   "evil\xff(0x1)\n"
			   "\t/tmp/\x1b[31mred.go:7 +0x1\n\n"
			   "goroutine 99999999999999999999999 [running]:\n"
			   "goroutine 6 [unterminated\n"
			   "goroutine 7 [x]: trailing\n"
			   "goroutine 8 gp=0xzz [running]:\n"
			   "goroutine 9 [running]\n"
			   "\t/orphan/file.go:1 +0x1\n"
			   "(\n)\n ()\n";

	(void)st;
	for (size_t i = 0; i < n; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		junk[i] = (char)(x >> 56);
	}
	assert_int_equal(gdump_parse(junk, n, &d, &cause), 0);
	assert_true(d.lines > 0);
	assert_true(d.nkept <= GDUMP_KEEP_UNPARSED);
	gdump_free(&d);
	/* A line of a megabyte with no newline at all. */
	memset(junk, 'a', n);
	assert_int_equal(gdump_parse(junk, n, &d, &cause), 0);
	assert_int_equal(d.lines, 1);
	assert_int_equal(d.unparsed, 1);
	assert_true(d.ends_midline);
	gdump_free(&d);
	/* Binary with goroutine headers sprinkled in. */
	for (size_t i = 0; i + 64 < n; i += 4096)
		memcpy(junk + i, "\ngoroutine 1 [running]:\nmain.main()\n\t/a.go:1 +0x1\n\n", 50);
	assert_int_equal(gdump_parse(junk, n, &d, &cause), 0);
	assert_int_equal(d.ng, grep_count(junk, n));
	gdump_free(&d);
	free(junk);

	assert_int_equal(gdump_parse(evil, strlen(evil), &d, &cause), 0);
	assert_int_equal(d.ng, 1);
	assert_string_equal(gdump_str(&d, d.g[0].state), "chan receive\x1b[2J");
	assert_int_equal(d.g[0].nframes, 1);
	assert_true(d.unparsed >= 7);
	j = gdump_to_json(&d, 1);
	js = cJSON_PrintUnformatted(j);
	if (getenv("DEBUG_JSON"))
		puts(js);
	for (const char *p = js; *p; p++)
		assert_true((unsigned char)*p >= 0x20 && (unsigned char)*p != 0x7f);
	assert_non_null(strstr(js, "main.\\\\x1b]0;owned\\\\x07evil"));
	assert_null(strstr(js, "\\u001b")); /* sanitised before JSON escaping */
	free(js);
	cJSON_Delete(j);
	gdump_free(&d);
}

static void test_empty_and_load(void **st)
{
	struct gdump d;
	char *cause = NULL;
	int trunc = -1;

	(void)st;
	assert_int_equal(gdump_parse("", 0, &d, &cause), 0);
	assert_int_equal(d.ng, 0);
	assert_int_equal(d.lines, 0);
	assert_false(d.ends_midline);
	gdump_free(&d);
	gdump_free(NULL);

	assert_int_equal(gdump_load("/nonexistent/dump.txt", MIB, &d, &trunc, &cause), -1);
	assert_non_null(strstr(cause, "/nonexistent/dump.txt"));
	free(cause);
	cause = NULL;
	/* A file larger than the cap is read up to it (not mapped) and cut. */
	assert_int_equal(gdump_load(DUMPS "go119-debug2.txt", 1000, &d, &trunc, &cause), 0);
	assert_int_equal(trunc, 1);
	assert_int_equal(d.len, 1000);
	assert_false(d.mapped);
	gdump_free(&d);
	assert_int_equal(gdump_load(DUMPS "go119-debug2.txt", 64 * MIB, &d, &trunc, &cause), 0);
	assert_int_equal(trunc, 0);
	assert_true(d.mapped);
	assert_true(d.ng >= 40);
	gdump_free(&d);
}

/* Devices that never end are refused before a byte is read. */
static void test_load_refuses_devices(void **st)
{
	struct gdump d;
	char *cause = NULL;

	(void)st;
	assert_int_equal(gdump_load("/dev/zero", 64 * MIB, &d, NULL, &cause), -1);
	assert_non_null(strstr(cause, "character device"));
	free(cause);
	cause = NULL;
	assert_int_equal(gdump_load("/", 64 * MIB, &d, NULL, &cause), -1);
	assert_non_null(strstr(cause, "directory"));
	free(cause);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_real_debug2),	   cmocka_unit_test(test_real_panic_system),
	    cmocka_unit_test(test_handwritten),	   cmocka_unit_test(test_cut_anywhere),
	    cmocka_unit_test(test_runtime_cap),	   cmocka_unit_test(test_binary_and_hostile),
	    cmocka_unit_test(test_empty_and_load), cmocka_unit_test(test_load_refuses_devices),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
