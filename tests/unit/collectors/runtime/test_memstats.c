/* Unit tests: runtime.MemStats from heap?debug=1 and /debug/vars. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/runtime/memstats.h"

#define DUMPS "tests/fixtures/goroutines/dumps/"

static void load(const char *name, struct buf *b)
{
	char *cause = NULL;

	buf_init(b);
	if (read_file_capped(name, MIB, b, NULL, &cause) != 0)
		fail_msg("%s (run from the repository root)", cause);
}

static void test_heap_real(void **st)
{
	struct buf b;
	struct memstats m;
	char *cause = NULL;
	cJSON *j;

	(void)st;
	load(DUMPS "go119-heap-debug1.txt", &b);
	assert_int_equal(memstats_parse_heap(b.data, b.len, &m, &cause), 0);
	assert_int_equal(m.unparsed, 0);
	assert_true(m.have_heap_header);
	assert_int_equal(m.sample_rate2, 2 * 512 * 1024); /* default MemProfileRate */
	for (int f = 0; f < MS_NFIELDS; f++) {
		if (f == MS_PAUSE_TOTAL_NS)
			assert_false(memstats_has(&m, f)); /* expvar only */
		else
			assert_true(memstats_has(&m, f));
	}
	assert_true(m.v[MS_HEAP_ALLOC] > 0);
	assert_true(m.v[MS_SYS] >= m.v[MS_HEAP_SYS]);
	assert_true(m.v[MS_STACK_INUSE] > 0);
	assert_true(m.v[MS_STACK_SYS] >= m.v[MS_STACK_INUSE]);
	assert_true(m.v[MS_NUM_GC] >= 1); /* the fixture runs one GC */
	assert_true(m.v[MS_LAST_PAUSE_NS] > 0);
	assert_true(m.v[MS_MAX_RSS] > MIB);
	assert_int_equal(m.debug_gc, 0);
	assert_true(m.gc_cpu_fraction >= 0);
	j = memstats_to_json(&m);
	assert_int_equal(cJSON_GetObjectItem(j, "HeapAlloc")->valuedouble,
			 (double)m.v[MS_HEAP_ALLOC]);
	assert_string_equal(cJSON_GetObjectItem(j, "source")->valuestring, "heap");
	cJSON_Delete(j);
	memstats_free(&m);
	memstats_free(NULL);
	buf_free(&b);
}

static void test_expvar_real(void **st)
{
	struct buf b;
	struct memstats m;
	char *cause = NULL;
	cJSON *j;

	(void)st;
	load(DUMPS "go119-vars.json", &b);
	assert_int_equal(memstats_parse_expvar(b.data, b.len, &m, &cause), 0);
	assert_true(m.from_expvar);
	assert_true(memstats_has(&m, MS_HEAP_ALLOC));
	assert_true(memstats_has(&m, MS_PAUSE_TOTAL_NS));
	assert_true(memstats_has(&m, MS_LAST_PAUSE_NS));
	assert_false(memstats_has(&m, MS_MAX_RSS));
	assert_int_equal(m.enable_gc, 1);
	assert_true(m.cmdline.n >= 3);
	assert_string_equal(m.cmdline.v[1], "-n");
	assert_int_equal(m.vars.n, 0); /* the fixture publishes nothing of its own */
	j = memstats_to_json(&m);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "cmdline")), (int)m.cmdline.n);
	cJSON_Delete(j);
	memstats_free(&m);
	buf_free(&b);
}

static void test_expvar_shapes(void **st)
{
	struct memstats m;
	char *cause = NULL;
	const char *app = "{\"cmdline\":[\"/bin/svc\",\"-x\\u001b[2J\"],\"requests\":12,"
			  "\"memstats\":{\"HeapAlloc\":1e300,\"Sys\":-5,\"NumGC\":2,"
			  "\"PauseNs\":[1,2,3],\"Alloc\":\"7\",\"Frees\":9}}";
	cJSON *j;
	char *s;

	(void)st;
	assert_int_equal(memstats_parse_expvar(app, strlen(app), &m, &cause), 0);
	assert_false(memstats_has(&m, MS_HEAP_ALLOC));	  /* out of range */
	assert_false(memstats_has(&m, MS_SYS));		  /* negative */
	assert_false(memstats_has(&m, MS_ALLOC));	  /* a string */
	assert_false(memstats_has(&m, MS_LAST_PAUSE_NS)); /* PauseNs not 256 long */
	assert_int_equal(m.v[MS_FREES], 9);
	assert_int_equal(m.vars.n, 1);
	assert_string_equal(m.vars.v[0], "requests");
	j = memstats_to_json(&m);
	s = cJSON_PrintUnformatted(j);
	assert_null(strchr(s, '\x1b'));
	assert_non_null(strstr(s, "\\\\x1b[2J"));
	free(s);
	cJSON_Delete(j);
	memstats_free(&m);

	assert_int_equal(memstats_parse_expvar("[]", 2, &m, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(memstats_parse_expvar("{\"cmdline\":[]}", 14, &m, &cause), -1);
	assert_non_null(strstr(cause, "memstats"));
	free(cause);
	cause = NULL;
	assert_int_equal(memstats_parse_expvar("{\"memstats\":{", 13, &m, &cause), -1);
	free(cause);
}

static void test_heap_malformed(void **st)
{
	struct memstats m;
	char *cause = NULL;
	const char *text = "heap profile: 1: 2 [3: 4] @ heap/1048576\n"
			   "\n# runtime.MemStats\n"
			   "# Alloc = 5\n"
			   "# Stack = 6 / 7\n"
			   "# MSpan = 1 /\n"
			   "# Sys = 18446744073709551616\n"
			   "# Bogus = 3\n"
			   "# PauseNs = [1 2 3]\n"
			   "# NumGC = 1\n"
			   "# GCCPUFraction = 1.5e-05\n"
			   "# DebugGC = maybe\n";
	struct buf b;

	(void)st;
	assert_int_equal(memstats_parse_heap(text, strlen(text), &m, &cause), 0);
	assert_int_equal(m.inuse_objects, 1);
	assert_int_equal(m.alloc_bytes, 4);
	assert_int_equal(m.v[MS_ALLOC], 5);
	assert_int_equal(m.v[MS_STACK_SYS], 7);
	assert_false(memstats_has(&m, MS_MSPAN_INUSE));
	assert_false(memstats_has(&m, MS_SYS)); /* overflows uint64 */
	assert_false(memstats_has(&m, MS_LAST_PAUSE_NS));
	assert_true(m.gc_cpu_fraction > 1e-5 && m.gc_cpu_fraction < 2e-5);
	assert_int_equal(m.debug_gc, -1);
	assert_int_equal(m.unparsed, 5);
	memstats_free(&m);
	/* No MemStats block (debug=0 is protobuf; a goroutine dump is not it). */
	assert_int_equal(memstats_parse_heap("goroutine 1 [running]:\n", 23, &m, &cause), -1);
	free(cause);
	cause = NULL;
	/* Every prefix is safe. */
	buf_init(&b);
	load(DUMPS "go119-heap-debug1.txt", &b);
	for (size_t cut = 0; cut <= b.len; cut += 7) {
		cause = NULL;
		if (memstats_parse_heap(b.data, cut, &m, &cause) == 0)
			memstats_free(&m);
		free(cause);
	}
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_heap_real),
	    cmocka_unit_test(test_expvar_real),
	    cmocka_unit_test(test_expvar_shapes),
	    cmocka_unit_test(test_heap_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
