/* Unit tests: the OSC 52 sequence (base64 with padding) and the copy
 * file under $XDG_STATE_HOME. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui/frame/clipboard.h"

static void test_osc52(void **state)
{
	char *s;

	(void)state;
	s = clipboard_osc52("ab\n", 3);
	assert_string_equal(s, "\033]52;c;YWIK\a");
	free(s);
	s = clipboard_osc52("a", 1);
	assert_string_equal(s, "\033]52;c;YQ==\a");
	free(s);
	s = clipboard_osc52("", 0);
	assert_string_equal(s, "\033]52;c;\a");
	free(s);
}

static void test_save(void **state)
{
	char dir[] = "/tmp/gotriage-clip-XXXXXX", *cause = NULL, *path, buf[64];
	FILE *f;
	size_t n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("XDG_STATE_HOME", dir, 1);
	path = clipboard_save("step a/b", "# x\n", &cause);
	assert_non_null(path);
	assert_int_equal(strncmp(path, dir, strlen(dir)), 0);
	assert_non_null(strstr(path, "/gotriage/copies/"));
	assert_non_null(strstr(path, "-step-a-b.md")); /* the slash made safe */
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_string_equal(buf, "# x\n");
	unlink(path);
	free(path);
	/* An unwritable state dir is said, not ignored. */
	setenv("XDG_STATE_HOME", "/proc/gotriage-cannot", 1);
	assert_null(clipboard_save("x", "y", &cause));
	assert_non_null(cause);
	free(cause);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_osc52),
	    cmocka_unit_test(test_save),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
