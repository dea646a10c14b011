/* Unit tests: the debug=1 goroutine profile on real Go 1.19 output and on
 * cut, padded and hostile text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/runtime/gprofile.h"

#define DUMPS "tests/fixtures/goroutines/dumps/"

static void test_real(void **st)
{
	struct buf b;
	struct gprofile p;
	char *cause = NULL;
	int saw_unsymbolised = 0;
	cJSON *j;

	(void)st;
	buf_init(&b);
	if (read_file_capped(DUMPS "go119-debug1.txt", MIB, &b, NULL, &cause) != 0)
		fail_msg("%s (run from the repository root)", cause);
	assert_int_equal(gprofile_parse(b.data, b.len, &p, &cause), 0);
	assert_string_equal(p.name, "goroutine");
	assert_int_equal(p.total, 43);
	assert_int_equal(p.sum, p.total);
	assert_int_equal(p.unparsed, 0);
	assert_true(p.n > 10);
	for (size_t i = 0; i < p.n; i++) {
		assert_true(p.v[i].npcs > 0);
		assert_true(p.v[i].nframes > 0);
		if (i > 0)
			assert_true(p.v[i - 1].count >= p.v[i].count);
		for (size_t k = 0; k < p.v[i].nframes; k++)
			saw_unsymbolised |= p.v[i].frames[k].func == NULL;
	}
	assert_false(saw_unsymbolised);
	assert_int_equal(
	    gprofile_count_func(&p, "example.com/gorofix/internal/work.(*Refresher).loop"), 1);
	assert_int_equal(gprofile_count_func(&p, "main.lockedWaiter"), 2);
	assert_int_equal(gprofile_count_func(&p, "main.waitOn"), 2); /* main.waitOn[...] */
	assert_int_equal(gprofile_count_func(&p, "main.nothing"), 0);
	/* The first record's frame is fully split. */
	{
		const struct gprofile_frame *f = &p.v[0].frames[0];

		assert_non_null(f->func);
		assert_true(f->off > 0);
		assert_true(str_has_suffix(f->file, ".go"));
		assert_true(f->line > 0);
	}
	j = gprofile_to_json(&p, 3);
	assert_int_equal(cJSON_GetObjectItem(j, "total")->valueint, 43);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "records")), 3);
	cJSON_Delete(j);
	gprofile_free(&p);
	gprofile_free(NULL);
	buf_free(&b);
}

static void test_handwritten(void **st)
{
	/* tabwriter runs of tabs, a labels line, a PC without a symbol, a
	 * method, a generic, and a Windows path. */
	const char *text = "goroutine profile: total 7\r\n"
			   "5 @ 0x43b296 0x40708c 0x683fea 0x46b281\r\n"
			   "# labels: {\"handler\":\"/api\", \"route\":\"x\"}\r\n"
			   "#\t0x683fe9\tmain.(*T).Serve[...]+0x49\t\t\tC:/src/main.go:60\r\n"
			   "#\t0x46b280\n"
			   "\n"
			   "2 @ 0x1\n"
			   "#\t0x1\truntime.main+0x2\t/usr/lib/go/src/runtime/proc.go:250\n"
			   "garbage line\n"
			   "#\t0xzz\tbad\n"
			   "#\t0x1\tf+0x\t/a.go:1\n";
	struct gprofile p;
	char *cause = NULL;

	(void)st;
	assert_int_equal(gprofile_parse(text, strlen(text), &p, &cause), 0);
	assert_int_equal(p.total, 7);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.sum, 7);
	assert_int_equal(p.unparsed, 3);
	assert_string_equal(p.v[0].labels, "{\"handler\":\"/api\", \"route\":\"x\"}");
	assert_int_equal(p.v[0].npcs, 4);
	assert_int_equal(p.v[0].pcs[3], 0x46b281);
	assert_int_equal(p.v[0].nframes, 2);
	assert_string_equal(p.v[0].frames[0].func, "main.(*T).Serve[...]");
	assert_int_equal(p.v[0].frames[0].off, 0x49);
	assert_string_equal(p.v[0].frames[0].file, "C:/src/main.go");
	assert_int_equal(p.v[0].frames[0].line, 60);
	assert_null(p.v[0].frames[1].func);
	assert_int_equal(p.v[0].frames[1].pc, 0x46b280);
	assert_string_equal(p.v[1].frames[0].func, "runtime.main");
	assert_int_equal(gprofile_count_func(&p, "main.(*T).Serve"), 5);
	gprofile_free(&p);
}

static void test_bad_input(void **st)
{
	struct gprofile p;
	char *cause = NULL;
	const char *full =
	    "goroutine profile: total 3\n3 @ 0x1 0x2\n#\t0x1\tmain.f+0x1\t/a.go:1\n\n";
	char junk[4096];
	uint64_t x = 42;

	(void)st;
	assert_int_equal(gprofile_parse("", 0, &p, &cause), -1);
	assert_non_null(strstr(cause, "not a debug=1 profile"));
	free(cause);
	cause = NULL;
	/* A debug=2 dump is not a profile. */
	assert_int_equal(gprofile_parse("goroutine 1 [running]:\n", 23, &p, &cause), -1);
	free(cause);
	cause = NULL;
	/* Every prefix of a valid profile either fails cleanly or parses. */
	for (size_t cut = 0; cut <= strlen(full); cut++) {
		int rc = gprofile_parse(full, cut, &p, &cause);

		if (rc == 0) {
			assert_true(p.sum <= 3);
			gprofile_free(&p);
		} else {
			free(cause);
			cause = NULL;
		}
	}
	for (size_t i = 0; i < sizeof junk; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		junk[i] = (char)(x >> 57);
	}
	memcpy(junk, "goroutine profile: total 1\n", 27);
	assert_int_equal(gprofile_parse(junk, sizeof junk, &p, &cause), 0);
	gprofile_free(&p);
	/* The header's number must be a number to the end of the line. */
	assert_int_equal(gprofile_parse("goroutine profile: total 1x\n", 28, &p, &cause), -1);
	free(cause);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_real),
	    cmocka_unit_test(test_handwritten),
	    cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
