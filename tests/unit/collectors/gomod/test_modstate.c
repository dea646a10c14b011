/* Unit tests: modstate's own output helpers (Go's vendor rules are in
 * test_modvendor.c, the whole load in tests/it/modules*.sh). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "collectors/gomod/modstate.h"

static void test_sanitize_message(void **state)
{
	char *s = modstate_sanitize_message("go: x:\n\ta\x1b[31m: y\n\n\t\tgo mod vendor");

	(void)state;
	assert_string_equal(s, "go: x:\n\ta\\x1b[31m: y\n\n\t\tgo mod vendor");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sanitize_message),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
