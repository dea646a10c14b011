/* test_proctree.c: a process's direct children, from /proc. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "collectors/proc/proctree.h"

static void test_children(void **state)
{
	struct proctree *t = NULL;
	pid_t kid[2];
	int seen = 0;

	(void)state;
	for (int i = 0; i < 2; i++) {
		kid[i] = fork();
		assert_true(kid[i] >= 0);
		if (kid[i] == 0) {
			pause();
			_exit(0);
		}
	}
	assert_int_equal(proctree_children(getpid(), &t, NULL), 0);
	for (size_t i = 0; i < t->n; i++) {
		if (t->v[i].pid == kid[0] || t->v[i].pid == kid[1])
			seen++;
		if (i > 0)
			assert_true(t->v[i - 1].pid < t->v[i].pid);
	}
	assert_int_equal(seen, 2);
	proctree_free(t);
	for (int i = 0; i < 2; i++) {
		kill(kid[i], SIGKILL);
		waitpid(kid[i], NULL, 0);
	}
	/* A PID that is gone has no children. */
	assert_int_equal(proctree_children(kid[0], &t, NULL), 0);
	assert_int_equal(t->n, 0);
	proctree_free(t);
	proctree_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_children),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
