/* Unit tests: the fleet's tunnels for route probes, without a network:
 * local targets reach their URL directly; a document with no URL gets no
 * tunnel and no excuse (the probes say why); a URL that is none, an ssh
 * host with no connection and pods with no kubectl fail that target
 * alone, with the reason. The ssh and kubectl forwards themselves are
 * exercised by tests/it/fleet.sh against a real sshd and a relay. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/fleet/tunnels.h"

static void add_job(struct fleet_run *r, size_t target, enum fleet_state st, const char *doc)
{
	struct fleet_job *j;

	r->jobs = xrealloc(r->jobs, (r->n + 1) * sizeof *r->jobs);
	j = &r->jobs[r->n++];
	memset(j, 0, sizeof *j);
	j->target = target;
	j->state = st;
	buf_init(&j->doc);
	if (doc != NULL)
		buf_adds(&j->doc, doc);
}

static void test_tunnels(void **state)
{
	struct fleet_targets ts = {0};
	struct fleet_run r;
	struct fleet_tunnels *t;
	const char *why, *via;
	char *cause = NULL;
	const char *text = "local pid=10\n"
			   "web-07 pid=11\n"
			   "k8s://prod/api-1 pid=1\n";

	(void)state;
	assert_int_equal(fleet_targets_parse(text, strlen(text), "t", &ts, &cause), 0);
	memset(&r, 0, sizeof r);
	r.targets = &ts;
	add_job(&r, 0, FLEET_OK, "{\"process\":{\"debug_url\":\"http://127.0.0.1:6060\"}}");
	add_job(&r, 0, FLEET_OK, "{\"process\":{\"url\":\"http://[::1]:7070\"}}");
	add_job(&r, 0, FLEET_OK, "{\"process\":{}}");
	add_job(&r, 0, FLEET_OK, "{\"process\":{\"debug_url\":\"gopher://x\"}}");
	add_job(&r, 0, FLEET_TIMEOUT, NULL);
	add_job(&r, 1, FLEET_OK, "{\"process\":{\"debug_url\":\"http://127.0.0.1:6060\"}}");
	add_job(&r, 2, FLEET_OK, "{\"process\":{\"debug_url\":\"http://127.0.0.1:6060\"}}");
	add_job(&r, 0, FLEET_OK, "not json");

	setenv("PATH", "/nonexistent", 1); /* no kubectl */
	t = fleet_tunnels_new(4, 1000);
	fleet_tunnels_finish(t, &r);

	via = fleet_tunnels_via(t, 0, &why);
	assert_string_equal(via, "http://127.0.0.1:6060");
	assert_null(why);
	via = fleet_tunnels_via(t, 1, &why);
	assert_string_equal(via, "http://[::1]:7070");
	/* no URL in the document: nothing to say here */
	assert_null(fleet_tunnels_via(t, 2, &why));
	assert_null(why);
	assert_null(fleet_tunnels_via(t, 3, &why));
	assert_non_null(why);
	assert_non_null(strstr(why, "gopher://x"));
	assert_null(fleet_tunnels_via(t, 4, &why)); /* not OK: no tunnel */
	assert_null(why);
	/* an ssh job whose host never connected */
	assert_null(fleet_tunnels_via(t, 5, &why));
	assert_non_null(why);
	assert_non_null(strstr(why, "no ssh connection"));
	assert_null(fleet_tunnels_via(t, 6, &why));
	assert_non_null(why);
	assert_non_null(strstr(why, "kubectl is not on PATH"));
	assert_null(fleet_tunnels_via(t, 7, &why));
	assert_null(why);
	assert_null(fleet_tunnels_via(t, 99, &why)); /* out of range */
	assert_null(fleet_tunnels_via(NULL, 0, &why));
	fleet_tunnels_free(t);
	fleet_tunnels_free(NULL);
	for (size_t i = 0; i < r.n; i++)
		buf_free(&r.jobs[i].doc);
	free(r.jobs);
	fleet_targets_free(&ts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tunnels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
