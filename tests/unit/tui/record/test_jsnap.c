/* Unit tests: goroutine snapshots in the journal (tui/record/jsnap.h):
 * written from a parsed dump and read back to the same buckets and counts
 * in every bucketing mode, bounded in size, picked by number, and refused
 * whole when malformed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "collectors/base/common.h"
#include "collectors/runtime/gbucket.h"
#include "collectors/runtime/gdump.h"
#include "tui/record/jsnap.h"

/* Three stacks: 3 workers (two with a different pointer argument), 2
 * sleepers, main. */
static const char dump[] = "goroutine 1 [running]:\n"
			   "main.main()\n"
			   "\t/src/main.go:30 +0x1d\n"
			   "\n"
			   "goroutine 7 [chan receive, 3 minutes]:\n"
			   "main.worker(0xc000010000)\n"
			   "\t/src/main.go:10 +0x25\n"
			   "created by main.main in goroutine 1\n"
			   "\t/src/main.go:20 +0x2f\n"
			   "\n"
			   "goroutine 8 [chan receive, 3 minutes]:\n"
			   "main.worker(0xc000010100)\n"
			   "\t/src/main.go:10 +0x25\n"
			   "created by main.main in goroutine 1\n"
			   "\t/src/main.go:20 +0x2f\n"
			   "\n"
			   "goroutine 9 [chan receive, 3 minutes]:\n"
			   "main.worker(0x2a)\n"
			   "\t/src/main.go:10 +0x25\n"
			   "created by main.main in goroutine 1\n"
			   "\t/src/main.go:20 +0x2f\n"
			   "\n"
			   "goroutine 11 [sleep]:\n"
			   "time.Sleep(0x3b9aca00)\n"
			   "\t/usr/lib/go/src/runtime/time.go:195 +0x135\n"
			   "main.sleeper()\n"
			   "\t/src/main.go:40 +0x20\n"
			   "\n"
			   "goroutine 12 [sleep]:\n"
			   "time.Sleep(0x3b9aca00)\n"
			   "\t/usr/lib/go/src/runtime/time.go:195 +0x135\n"
			   "main.sleeper()\n"
			   "\t/src/main.go:40 +0x20\n";

/* A journal line for a payload, as the journal would hold it. */
static char *line_of(cJSON *payload, double t)
{
	char *body, *line;

	cJSON_AddStringToObject(payload, "kind", "goroutines");
	cJSON_AddNumberToObject(payload, "t", t);
	body = cJSON_PrintUnformatted(payload);
	line = xasprintf("%s\n", body);
	free(body);
	return line;
}

static void parse_journal(const char *text, struct journalread *jr)
{
	char *cause = NULL;

	assert_int_equal(journalread_parse(text, strlen(text), jr, &cause), 0);
}

/* Same buckets, same counts as the dump itself, in every mode. */
static void test_round_trip(void **state)
{
	struct gdump d;
	struct gbuckets exact, want, got;
	char *cause = NULL, *line, *j;
	struct journalread jr;
	struct jsnap s;
	const cJSON *ev;
	size_t count;
	double t;
	cJSON *p;

	(void)state;
	memset(&d, 0, sizeof d);
	assert_int_equal(gdump_parse(dump, strlen(dump), &d, &cause), 0);
	gbucket_build(&d, GBUCKET_EXACT, NULL, &exact);
	p = jsnap_payload(&exact);
	assert_int_equal(cJSON_GetObjectItem(p, "total")->valuedouble, 6);
	assert_int_equal(cJSON_GetObjectItem(p, "other")->valuedouble, 0);
	/* No tab survives into the text: the journal would escape it. */
	assert_null(strchr(
	    cJSON_GetArrayItem(cJSON_GetObjectItem(p, "stacks"), 0)->child->next->valuestring,
	    '\t'));
	line = line_of(p, 75);
	j = xasprintf("{\"kind\":\"header\",\"format\":1}\n%s", line);
	parse_journal(j, &jr);
	assert_int_equal(jsnap_pick(&jr, 0, &ev, &count, &t, &cause), 0);
	assert_int_equal(count, 1);
	assert_true(t == 75);
	assert_int_equal(jsnap_load(ev, &s, &cause), 0);
	assert_int_equal(s.total, 6);
	assert_int_equal(s.kept, exact.n);
	for (int m = GBUCKET_POINTERS; m <= GBUCKET_LOOSE; m++) {
		gbucket_build(&d, (enum gbucket_mode)m, NULL, &want);
		gbucket_build(&s.d, (enum gbucket_mode)m, NULL, &got);
		jsnap_weigh(&got, &s);
		assert_int_equal(got.n, want.n);
		/* Matched on signature: ties in count may sort either way. */
		for (size_t i = 0; i < want.n; i++) {
			size_t k = 0;

			while (k < got.n && got.v[k].sig != want.v[i].sig)
				k++;
			assert_true(k < got.n);
			assert_int_equal(got.v[k].count, want.v[i].count);
			if (i > 0)
				assert_true(got.v[i].count <= got.v[i - 1].count);
		}
		gbuckets_free(&want);
		gbuckets_free(&got);
	}
	jsnap_free(&s);
	jsnap_free(NULL);
	journalread_free(&jr);
	free(j);
	free(line);
	cJSON_Delete(p);
	gbuckets_free(&exact);
	gdump_free(&d);
}

/* Many distinct stacks: at most JSNAP_MAX_STACKS kept, the rest counted
 * in "other", and the line stays far under the reader's cap. */
static void test_bounded(void **state)
{
	struct buf big;
	struct gdump d;
	struct gbuckets b;
	char *cause = NULL, *s;
	cJSON *p;

	(void)state;
	buf_init(&big);
	for (int i = 0; i < 1000; i++)
		buf_printf(&big, "goroutine %d [select]:\nmain.f%d()\n\t/src/m.go:%d +0x1\n\n",
			   i + 1, i, i + 1);
	memset(&d, 0, sizeof d);
	assert_int_equal(gdump_parse(big.data, big.len, &d, &cause), 0);
	gbucket_build(&d, GBUCKET_EXACT, NULL, &b);
	assert_int_equal(b.n, 1000);
	p = jsnap_payload(&b);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(p, "stacks")), JSNAP_MAX_STACKS);
	assert_int_equal(cJSON_GetObjectItem(p, "other")->valuedouble, 1000 - JSNAP_MAX_STACKS);
	assert_int_equal(cJSON_GetObjectItem(p, "buckets")->valuedouble, 1000);
	s = cJSON_PrintUnformatted(p);
	assert_true(strlen(s) < JOURNALREAD_MAX_LINE / 2);
	free(s);
	cJSON_Delete(p);
	gbuckets_free(&b);
	gdump_free(&d);
	buf_free(&big);
}

/* A stack over JSNAP_MAX_STANZA is cut after a whole frame (function and
 * file line) and still reads back as one goroutine. */
static void test_long_stack_cut(void **state)
{
	struct buf big;
	struct gdump d;
	struct gbuckets b;
	struct jsnap s;
	char *cause = NULL;
	const char *text;
	size_t len;
	cJSON *p;

	(void)state;
	buf_init(&big);
	buf_adds(&big, "goroutine 1 [select]:\n");
	for (int i = 0; i < 400; i++)
		buf_printf(&big,
			   "main.deep%d(0xc000123456, 0x%x)\n\t/src/very/long/path/m.go:%d +0x1f\n",
			   i, i, i + 1);
	memset(&d, 0, sizeof d);
	assert_int_equal(gdump_parse(big.data, big.len, &d, &cause), 0);
	gbucket_build(&d, GBUCKET_EXACT, NULL, &b);
	p = jsnap_payload(&b);
	text = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(p, "stacks"), 0), "text")
		   ->valuestring;
	len = strlen(text);
	assert_true(len <= 2 * JSNAP_MAX_STANZA);
	assert_true(len > JSNAP_MAX_STANZA / 2);
	/* The last line is a file line (written with four spaces). */
	assert_non_null(strstr(strrchr(text, '\n'), "    /src/very/long/path/m.go:"));
	assert_int_equal(jsnap_load(p, &s, &cause), 0);
	assert_int_equal(s.d.ng, 1);
	assert_true(s.d.g[0].nframes < 400);
	assert_true(s.d.g[0].nframes > 50);
	jsnap_free(&s);
	cJSON_Delete(p);
	gbuckets_free(&b);
	gdump_free(&d);
	buf_free(&big);
}

static const char snap2[] =
    "{\"kind\":\"header\",\"format\":1}\n"
    "{\"t\":1,\"kind\":\"goroutines\",\"total\":1,\"buckets\":1,\"other\":0,\"stacks\":"
    "[{\"n\":1,\"text\":\"goroutine 1 [running]:\\nmain.main()\\n    /m.go:1\"}]}\n"
    "{\"t\":2,\"kind\":\"note\",\"text\":\"x\"}\n"
    "{\"t\":3,\"kind\":\"goroutines\",\"total\":5,\"buckets\":1,\"other\":0,\"stacks\":"
    "[{\"n\":5,\"text\":\"goroutine 2 [select]:\\nmain.g()\\n    /m.go:2\"}]}\n";

static void test_pick(void **state)
{
	struct journalread jr;
	const cJSON *ev;
	size_t count;
	double t;
	char *cause = NULL;

	(void)state;
	parse_journal(snap2, &jr);
	assert_int_equal(jsnap_pick(&jr, 0, &ev, &count, &t, &cause), 0);
	assert_int_equal(count, 2);
	assert_true(t == 3);
	assert_int_equal(jsnap_pick(&jr, 1, &ev, &count, &t, &cause), 0);
	assert_true(t == 1);
	assert_int_equal(jsnap_pick(&jr, 3, &ev, &count, &t, &cause), -1);
	assert_non_null(strstr(cause, "holds 2 goroutine snapshots, not 3"));
	free(cause);
	journalread_free(&jr);
	parse_journal("{\"kind\":\"header\",\"format\":1}\n{\"t\":1,\"kind\":\"note\"}\n", &jr);
	assert_int_equal(jsnap_pick(&jr, 0, &ev, &count, &t, &cause), -1);
	assert_non_null(strstr(cause, "no goroutine snapshot"));
	free(cause);
	journalread_free(&jr);
}

/* Each event is refused whole, with a cause; nothing leaks (valgrind). */
static void test_malformed(void **state)
{
	static const char *const bad[] = {
	    "{}",
	    "{\"total\":1,\"buckets\":1,\"other\":0}",
	    "{\"total\":1,\"buckets\":1,\"other\":0,\"stacks\":{}}",
	    "{\"total\":-1,\"buckets\":1,\"other\":0,\"stacks\":[]}",
	    "{\"total\":1.5,\"buckets\":1,\"other\":0,\"stacks\":[]}",
	    "{\"total\":1,\"buckets\":1,\"other\":0,\"stacks\":[{\"n\":0,\"text\":\"goroutine 1 "
	    "[x]:\\nf()\\n    /a.go:1\"}]}",
	    "{\"total\":2,\"buckets\":1,\"other\":0,\"stacks\":[{\"n\":1e300,\"text\":\"goroutine "
	    "1 "
	    "[x]:\\nf()\\n    /a.go:1\"}]}",
	    "{\"total\":1,\"buckets\":1,\"other\":0,\"stacks\":[{\"n\":1,\"text\":\"hello\"}]}",
	    "{\"total\":1,\"buckets\":1,\"other\":0,\"stacks\":[{\"n\":1}]}",
	    /* Totals that do not add up. */
	    "{\"total\":9,\"buckets\":1,\"other\":0,\"stacks\":[{\"n\":1,\"text\":\"goroutine 1 "
	    "[x]:\\nf()\\n    /a.go:1\"}]}",
	    /* Two goroutines in one stack's text. */
	    "{\"total\":1,\"buckets\":1,\"other\":0,\"stacks\":[{\"n\":1,\"text\":\"goroutine 1 "
	    "[x]:\\nf()\\n    /a.go:1\\n\\ngoroutine 2 [y]:\\ng()\\n    /a.go:2\"}]}",
	    /* More stacks than buckets. */
	    "{\"total\":2,\"buckets\":1,\"other\":0,\"stacks\":[{\"n\":1,\"text\":\"goroutine 1 "
	    "[x]:\\nf()\\n    /a.go:1\"},{\"n\":1,\"text\":\"goroutine 2 [x]:\\ng()\\n    "
	    "/a.go:2\"}]}",
	};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cJSON *ev = cJSON_Parse(bad[i]);
		struct jsnap s;
		char *cause = NULL;

		assert_non_null(ev);
		if (jsnap_load(ev, &s, &cause) != -1)
			fail_msg("accepted: %s", bad[i]);
		assert_non_null(strstr(cause, "malformed goroutine snapshot"));
		assert_null(s.weight);
		assert_int_equal(s.d.ng, 0);
		free(cause);
		cJSON_Delete(ev);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip),	   cmocka_unit_test(test_bounded),
	    cmocka_unit_test(test_long_stack_cut), cmocka_unit_test(test_pick),
	    cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
