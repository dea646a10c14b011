/* Unit tests: the pods of a k8s label selector from `kubectl get pods -o
 * json`: Running pods kept in order, others counted as skipped (Pending,
 * no name, a name kubectl would read as an option), malformed input and
 * input over the cap refused with a reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/fleet/k8spods.h"

static void test_running_only(void **state)
{
	const char *j =
	    "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":["
	    "{\"metadata\":{\"name\":\"web-7f9c-abcde\"},\"status\":{\"phase\":\"Running\"}},"
	    "{\"metadata\":{\"name\":\"web-7f9c-fghij\"},\"status\":{\"phase\":\"Pending\"}},"
	    "{\"metadata\":{\"name\":\"--context=evil\"},\"status\":{\"phase\":\"Running\"}},"
	    "{\"metadata\":{},\"status\":{\"phase\":\"Running\"}},"
	    "7,"
	    "{\"metadata\":{\"name\":\"web-7f9c-klmno\"},\"status\":{\"phase\":\"Running\"}}]}";
	struct strlist pods = {0};
	size_t skipped = 9;
	char *cause = NULL;

	(void)state;
	assert_int_equal(k8s_pods_parse(j, strlen(j), &pods, &skipped, &cause), 0);
	assert_int_equal(pods.n, 2);
	assert_string_equal(pods.v[0], "web-7f9c-abcde");
	assert_string_equal(pods.v[1], "web-7f9c-klmno");
	assert_int_equal(skipped, 4);
	strlist_free(&pods);
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {
	    "", "{", "[]", "{\"items\":{}}", "null", "{\"items\":[{\"metadata\":"};
	struct strlist pods = {0};
	size_t skipped;
	char *cause = NULL;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(k8s_pods_parse(bad[i], strlen(bad[i]), &pods, &skipped, &cause),
				 -1);
		assert_non_null(strstr(cause, "not a JSON list of pods"));
		free(cause);
		cause = NULL;
	}
	assert_int_equal(pods.n, 0);
}

static void test_cap(void **state)
{
	struct strlist pods = {0};
	size_t skipped;
	char *cause = NULL;

	(void)state;
	assert_int_equal(k8s_pods_parse("{}", K8S_PODS_CAP + 1, &pods, &skipped, &cause), -1);
	assert_non_null(strstr(cause, "cap"));
	free(cause);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_running_only),
	    cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
