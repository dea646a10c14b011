/* Unit tests: the fleet's target list: every line form (ssh, local, k8s,
 * labels), and malformed lines each named FILE:LINE, all of them at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/fleet/targets.h"

static int parse(const char *text, struct fleet_targets *ts, char **cause)
{
	return fleet_targets_parse(text, strlen(text), "fleet.txt", ts, cause);
}

static void test_forms(void **state)
{
	struct fleet_targets ts = {0};
	char *cause = NULL;
	const char *text = "# the web tier\n"
			   "\n"
			   "web-07 pid=1234 role=canary az=eu-1\n"
			   "  ssh://deploy@10.0.0.7:2222\turl=http://127.0.0.1:6060  \n"
			   "local comm=api\n"
			   "k8s://prod/api-5f9c\tpid=1\n"
			   "k8s://admin@ctx/prod/api-5f9c/app pid=7\n"
			   "k8s://prod/api-5f9c/sidecar comm=envoy";

	(void)state;
	assert_int_equal(parse(text, &ts, &cause), 0);
	assert_null(cause);
	assert_int_equal(ts.n, 6);
	assert_int_equal(ts.v[0].transport, FLEET_SSH);
	assert_string_equal(ts.v[0].host, "web-07");
	assert_int_equal(ts.v[0].select, FLEET_PID);
	assert_int_equal(ts.v[0].pid, 1234);
	assert_int_equal(ts.v[0].labels.n, 2);
	assert_string_equal(ts.v[0].labels.v[0], "role=canary");
	assert_string_equal(ts.v[0].where, "fleet.txt:3");
	assert_string_equal(ts.v[1].host, "deploy@10.0.0.7:2222");
	assert_string_equal(ts.v[1].url, "http://127.0.0.1:6060");
	assert_int_equal(ts.v[2].transport, FLEET_LOCAL);
	assert_string_equal(ts.v[2].comm, "api");
	assert_int_equal(ts.v[3].transport, FLEET_K8S);
	assert_null(ts.v[3].pod.context);
	assert_string_equal(ts.v[3].pod.ns, "prod");
	assert_string_equal(ts.v[3].pod.pod, "api-5f9c");
	assert_null(ts.v[3].pod.container);
	assert_string_equal(ts.v[4].pod.context, "admin@ctx");
	assert_string_equal(ts.v[4].pod.container, "app");
	assert_string_equal(ts.v[4].host, "api-5f9c/app");
	/* 3 parts, the first a valid namespace: NS/POD/CONTAINER. */
	assert_null(ts.v[5].pod.context);
	assert_string_equal(ts.v[5].pod.container, "sidecar");
	char *name = fleet_target_name(&ts.v[0], 1234);
	assert_string_equal(name, "web-07:1234");
	free(name);
	fleet_targets_free(&ts);
	fleet_targets_free(NULL);
}

static void test_malformed(void **state)
{
	struct fleet_targets ts = {0};
	char *cause = NULL;
	const char *text = "web-01 pid=10\n"			    /* 1 fine */
			   "web-02\n"				    /* 2 no selector */
			   "web-03 pid=0\n"			    /* 3 */
			   "web-04 pid=1 url=http://x\n"	    /* 4 two selectors */
			   "-oProxyCommand=sh pid=1\n"		    /* 5 an option */
			   "web-06 url=ftp://x\n"		    /* 6 */
			   "web-07 comm=a-very-long-command-name\n" /* 7 */
			   "k8s://Prod/api pid=1\n"		    /* 8 upper case */
			   "k8s://onlyone pid=1\n"		    /* 9 */
			   "web-10 pid=1 bad\n"			    /* 10 no = */
			   "web-11 pid=1 $x=1\n"		    /* 11 label key */
			   "web\x1b[2J pid=1\n"			    /* 12 escape */
			   "https://web-13/x pid=1\n";		    /* 13 */

	(void)state;
	assert_int_equal(parse(text, &ts, &cause), -1);
	assert_non_null(cause);
	assert_int_equal(ts.n, 0); /* nothing half-parsed */
	for (int line = 2; line <= 13; line++) {
		char want[32];

		snprintf(want, sizeof want, "fleet.txt:%d: ", line);
		if (strstr(cause, want) == NULL)
			fail_msg("line %d not named in:\n%s", line, cause);
	}
	assert_null(strstr(cause, "fleet.txt:1:"));
	assert_non_null(strstr(cause, "no process named"));
	assert_non_null(strstr(cause, "second selector"));
	assert_null(strchr(cause, '\x1b')); /* the bad byte is not echoed */
	free(cause);
}

/* A label selector instead of a pod: k8s://NAMESPACE or, with a context,
 * k8s://CONTEXT/NAMESPACE/ (the trailing slash: no pod). */
static void test_selector(void **state)
{
	struct fleet_targets ts = {0};
	char *cause = NULL;
	const char *good =
	    "k8s://prod selector=app=web,tier!=db pid=1\n"
	    "k8s://admin@ctx/prod/ selector=app.kubernetes.io/name=api container=app "
	    "comm=api\n";
	const char *bad = "k8s://prod pid=1\n"			      /* 1 no pod, no selector */
			  "k8s://prod/api-1 selector=app=web pid=1\n" /* 2 pod and selector */
			  "k8s://prod selector=app=web selector=x pid=1\n" /* 3 twice */
			  "k8s://prod selector=-oyaml pid=1\n"		   /* 4 an option */
			  "k8s://prod selector=a;b pid=1\n"		   /* 5 */
			  "k8s://prod selector=a=b container=A pid=1\n";   /* 6 */

	(void)state;
	assert_int_equal(parse(good, &ts, &cause), 0);
	assert_int_equal(ts.n, 2);
	assert_null(ts.v[0].pod.pod);
	assert_null(ts.v[0].pod.context);
	assert_string_equal(ts.v[0].pod.ns, "prod");
	assert_string_equal(ts.v[0].k8s_selector, "app=web,tier!=db");
	assert_string_equal(ts.v[1].pod.context, "admin@ctx");
	assert_string_equal(ts.v[1].pod.ns, "prod");
	assert_string_equal(ts.v[1].k8s_selector, "app.kubernetes.io/name=api");
	assert_string_equal(ts.v[1].pod.container, "app");
	assert_int_equal(ts.v[1].labels.n, 0); /* neither key is a label */
	fleet_targets_free(&ts);
	assert_int_equal(parse(bad, &ts, &cause), -1);
	for (int line = 1; line <= 6; line++) {
		char want[32];

		snprintf(want, sizeof want, "fleet.txt:%d: ", line);
		if (strstr(cause, want) == NULL)
			fail_msg("line %d not named in:\n%s", line, cause);
	}
	assert_non_null(strstr(cause, "add selector=LABELS"));
	free(cause);
}

static void test_limits(void **state)
{
	struct fleet_targets ts = {0};
	char *cause = NULL;
	struct buf b;

	(void)state;
	/* Nothing at all: an error, not an empty fleet. */
	assert_int_equal(parse("# only comments\n\n", &ts, &cause), -1);
	assert_non_null(strstr(cause, "no targets"));
	free(cause);
	cause = NULL;
	/* A NUL inside a line. */
	assert_int_equal(fleet_targets_parse("web pid=1\0x\n", 12, "f", &ts, &cause), -1);
	assert_non_null(strstr(cause, "f:1: a NUL byte"));
	free(cause);
	cause = NULL;
	/* More bad lines than are shown: a count of the rest. */
	buf_init(&b);
	for (int i = 0; i < 35; i++)
		buf_adds(&b, "x\n");
	assert_int_equal(parse(b.data, &ts, &cause), -1);
	assert_non_null(strstr(cause, "and 15 more bad lines"));
	free(cause);
	cause = NULL;
	/* Over the size cap. */
	buf_reset(&b);
	while (b.len <= FLEET_TARGETS_CAP)
		buf_adds(&b, "# padding padding padding padding padding padding padding\n");
	assert_int_equal(fleet_targets_parse(b.data, b.len, "big", &ts, &cause), -1);
	assert_non_null(strstr(cause, "larger than"));
	free(cause);
	buf_free(&b);
}

static void test_hosts(void **state)
{
	struct fleet_targets ts = {0};
	char *cause = NULL;
	const char *text = "web-01\n# comment\nweb-02:2222   # rack 4\nbad\x01host\n";

	(void)state;
	assert_int_equal(fleet_hosts_parse(text, strlen(text), "hosts", "api", &ts, &cause), -1);
	assert_non_null(strstr(cause, "hosts:4:"));
	free(cause);
	cause = NULL;
	assert_int_equal(fleet_hosts_parse(text, strlen(text) - 9, "hosts", "api", &ts, &cause), 0);
	assert_int_equal(ts.n, 2);
	assert_string_equal(ts.v[1].host, "web-02:2222");
	assert_int_equal(ts.v[1].select, FLEET_COMM);
	assert_string_equal(ts.v[1].comm, "api");
	fleet_targets_free(&ts);
	assert_int_equal(fleet_hosts_parse(text, strlen(text), "hosts", NULL, &ts, &cause), -1);
	assert_non_null(strstr(cause, "--comm"));
	free(cause);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_forms),    cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_selector), cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_hosts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
