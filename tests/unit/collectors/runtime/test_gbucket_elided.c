/* Unit tests: an elided stack never shares a bucket with a whole one.
 *
 * Go prints at most 100 frames of a goroutine and then the line
 * "...additional frames elided..." (runtime/traceback.go, Go 1.19:
 * tracebackMaxFrames). A goroutine whose stack really is those 100 frames
 * and one whose stack only begins with them print the same frames; only the
 * elided flag tells them apart, and panicparse keeps them apart too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/runtime/gbucket.h"

/* Two goroutines with identical 100 printed frames and creator; the second
 * one's stack went on (elided) when elided is set, else both are whole. */
static char *dump_text(int elided)
{
	struct buf b;

	buf_init(&b);
	for (int g = 0; g < 2; g++) {
		buf_printf(&b, "goroutine %d [chan receive]:\n", 20 + g);
		buf_adds(&b, "main.wait(...)\n\t/src/app/main.go:9\n");
		for (int i = 0; i < 99; i++)
			buf_adds(&b, "main.rec()\n\t/src/app/main.go:14 +0x25\n");
		if (g == 1 && elided)
			buf_adds(&b, "...additional frames elided...\n");
		buf_adds(&b, "created by main.main\n\t/src/app/main.go:30 +0x4f\n\n");
	}
	return buf_steal(&b);
}

static void test_elided_stack_has_its_own_bucket(void **state)
{
	static const enum gbucket_mode modes[] = {GBUCKET_POINTERS, GBUCKET_EXACT, GBUCKET_LOOSE};

	(void)state;
	for (int elided = 0; elided <= 1; elided++) {
		char *text = dump_text(elided), *cause = NULL;
		struct gdump d;

		assert_int_equal(gdump_parse(text, strlen(text), &d, &cause), 0);
		assert_int_equal(d.ng, 2);
		assert_int_equal(d.g[0].nframes, 100);
		assert_int_equal(d.g[1].nframes, 100);
		assert_int_equal(!!(d.g[1].flags & GDUMP_G_ELIDED), elided);
		for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
			struct gbuckets b;

			gbucket_build(&d, modes[m], NULL, &b);
			/* Whole and whole merge; whole and elided do not. */
			assert_int_equal(b.n, elided ? 2 : 1);
			if (elided)
				assert_true(b.v[0].sig != b.v[1].sig);
			gbuckets_free(&b);
		}
		gdump_free(&d);
		free(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_elided_stack_has_its_own_bucket),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
