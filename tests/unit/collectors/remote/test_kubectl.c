/* Unit tests: --k8s pod names (and what is refused: anything kubectl
 * could take for an option, non-Kubernetes names), the exec argv, the
 * local port read from kubectl port-forward's output (as kubectl 1.2x
 * prints it; malformed, partial and other-port lines give 0), and the one
 * line kube_explain() gives for kubectl's usual failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "collectors/remote/kubectl.h"
#include "collectors/remote/ssh.h"

static void test_pod(void **state)
{
	struct kube_pod p;
	char *cause = NULL;

	(void)state;
	assert_int_equal(kube_pod_parse("k8s://prod/api-1", &p, &cause), 0);
	assert_null(p.context);
	assert_string_equal(p.ns, "prod");
	assert_string_equal(p.pod, "api-1");
	assert_null(p.container);
	kube_pod_clear(&p);
	/* 3 parts: NS/POD/CONTAINER, unless the first is no k8s name */
	assert_int_equal(kube_pod_parse("prod/api-1/app", &p, &cause), 0);
	assert_null(p.context);
	assert_string_equal(p.container, "app");
	kube_pod_clear(&p);
	assert_int_equal(kube_pod_parse("admin@ctx/prod/api-1", &p, &cause), 0);
	assert_string_equal(p.context, "admin@ctx");
	assert_string_equal(p.pod, "api-1");
	assert_null(p.container);
	kube_pod_clear(&p);
	/* a trailing '/': a context that looks like a name, no container */
	assert_int_equal(kube_pod_parse("prod/shop/api-1/", &p, &cause), 0);
	assert_string_equal(p.context, "prod");
	assert_string_equal(p.ns, "shop");
	assert_null(p.container);
	assert_string_equal(p.name, "prod/shop/api-1");
	kube_pod_clear(&p);
	assert_int_equal(kube_pod_parse("c/prod/api-1/app", &p, &cause), 0);
	assert_string_equal(p.context, "c");
	assert_string_equal(p.container, "app");
	kube_pod_clear(&p);
	static const char *const bad[] = {
	    "",		"prod",	     "prod/",		"/api",	      "prod/-rf",
	    "Prod/api", "p/a/b/c/d", "-ctx/prod/api/c", "prod/api 1", "prod/api/--all"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cause = NULL;
		if (kube_pod_parse(bad[i], &p, &cause) == 0)
			fail_msg("accepted [%s]", bad[i]);
		assert_non_null(cause);
		assert_null(strchr(cause, '\n'));
		free(cause);
	}
}

/* The namespace-only forms, for fleet selector= lines; refused by
 * kube_pod_parse(). */
static void test_ref_ns_only(void **state)
{
	struct kube_pod p;
	char *cause = NULL;

	(void)state;
	assert_int_equal(kube_ref_parse("k8s://prod", KUBE_NS_ONLY, &p, &cause), 0);
	assert_null(p.context);
	assert_string_equal(p.ns, "prod");
	assert_null(p.pod);
	kube_pod_clear(&p);
	assert_int_equal(kube_ref_parse("admin@ctx/prod/", KUBE_NS_ONLY, &p, &cause), 0);
	assert_string_equal(p.context, "admin@ctx");
	assert_string_equal(p.ns, "prod");
	assert_null(p.pod);
	assert_string_equal(p.name, "admin@ctx/prod");
	kube_pod_clear(&p);
	/* without the slash, two parts are still NS/POD */
	assert_int_equal(kube_ref_parse("prod/api-1", KUBE_NS_ONLY, &p, &cause), 0);
	assert_string_equal(p.pod, "api-1");
	kube_pod_clear(&p);
	static const char *const bad[] = {"", "Prod", "-n", "-ctx/prod/", "a/b/c/d/e"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cause = NULL;
		if (kube_ref_parse(bad[i], KUBE_NS_ONLY, &p, &cause) == 0)
			fail_msg("accepted [%s]", bad[i]);
		assert_non_null(cause);
		free(cause);
	}
	cause = NULL;
	assert_int_equal(kube_pod_parse("prod", &p, &cause), -1);
	free(cause);
}

static void test_exec_argv(void **state)
{
	struct kube_pod p;
	struct strlist a = {0};
	const char *words[] = {"gotriage", "collect", "--stream", NULL};
	char *cause = NULL;

	(void)state;
	assert_int_equal(kube_pod_parse("admin@ctx/prod/api-1/app", &p, &cause), 0);
	kube_exec_argv(&p, words, &a);
	assert_int_equal(a.n, 14);
	{
		static const char *const want[] = {
		    "kubectl", "--context", "admin@ctx", "exec", "-i",	     "-n",	"prod",
		    "api-1",   "-c",	    "app",	 "--",	 "gotriage", "collect", "--stream"};
		for (size_t i = 0; i < 14; i++)
			assert_string_equal(a.v[i], want[i]);
	}
	strlist_free(&a);
	kube_pod_clear(&p);
}

static int fwd(const char *s, int rport)
{
	return kube_forward_parse(s, strlen(s), rport);
}

static void test_forward_parse(void **state)
{
	(void)state;
	assert_int_equal(fwd("Forwarding from 127.0.0.1:39071 -> 6060\n"
			     "Forwarding from [::1]:39071 -> 6060\n",
			     6060),
			 39071);
	assert_int_equal(fwd("Forwarding from [::1]:4000 -> 80\n", 80), 4000);
	assert_int_equal(fwd("Forwarding from 127.0.0.1:5000 -> 80\r\n", 80), 5000);
	/* after noise, and with Handling lines */
	assert_int_equal(fwd("W1205 some warning\nForwarding from 127.0.0.1:5001 -> 80\n"
			     "Handling connection for 80\n",
			     80),
			 5001);
	/* malformed, partial, another port: nothing yet */
	assert_int_equal(fwd("", 80), 0);
	assert_int_equal(fwd("Forwarding from 127.0.0.1:5000 -> 80", 80), 0); /* no newline */
	assert_int_equal(fwd("Forwarding from 127.0.0.1:5000 -> 81\n", 80), 0);
	assert_int_equal(fwd("Forwarding from 127.0.0.1:0 -> 80\n", 80), 0);
	assert_int_equal(fwd("Forwarding from 127.0.0.1:70000 -> 80\n", 80), 0);
	assert_int_equal(fwd("Forwarding from 127.0.0.1:-5 -> 80\n", 80), 0);
	assert_int_equal(fwd("Forwarding from 127.0.0.1: -> 80\n", 80), 0);
	assert_int_equal(fwd("Forwarding from 127.0.0.1:5000 => 80\n", 80), 0);
	assert_int_equal(fwd("Forwarding from 127.0.0.1:5000 -> 80x\n", 80), 0);
	assert_int_equal(fwd("Forwarding from 10.0.0.1:5000 -> 80\n", 80), 0);
	assert_int_equal(fwd("error: unable to forward port because pod is not running\n", 80), 0);
	{
		/* a line longer than any kubectl prints, and a NUL inside */
		char big[400];

		memset(big, '9', sizeof big);
		memcpy(big, "Forwarding from 127.0.0.1:", 26);
		big[sizeof big - 1] = '\n';
		assert_int_equal(kube_forward_parse(big, sizeof big, 80), 0);
		assert_int_equal(
		    kube_forward_parse("Forwarding from 127.0.0.1:5\0 -> 80\n", 36, 80), 0);
	}
}

static void expect(const char *err, int status, const char *want)
{
	struct ssh_proc p;
	char *m;

	memset(&p, 0, sizeof p);
	buf_init(&p.err);
	buf_adds(&p.err, err);
	p.exited = 1;
	p.status = status;
	p.name = (char *)"prod/api-1";
	m = kube_explain(&p);
	buf_free(&p.err);
	assert_null(strchr(m, '\n'));
	if (strstr(m, want) == NULL)
		fail_msg("for [%s]: '%s' lacks '%s'", err, m, want);
	free(m);
}

static void test_explain(void **state)
{
	(void)state;
	expect("gotriage: cannot run kubectl: No such file or directory\n", 127 << 8,
	       "kubectl is not on PATH");
	expect("The connection to the server localhost:8080 was refused - did you specify the "
	       "right host or port?\n",
	       1 << 8, "cannot reach the cluster");
	expect("Error from server (NotFound): pods \"api-9\" not found\n", 1 << 8, "no such pod");
	expect("error: unable to upgrade connection: container not found (\"app2\")\n", 1 << 8,
	       "no such pod (or container)");
	expect("Error from server (Forbidden): pods \"api-1\" is forbidden: User \"bob\" cannot "
	       "create resource \"pods/exec\"\n",
	       1 << 8, "RBAC");
	expect("OCI runtime exec failed: exec failed: unable to start container process: exec: "
	       "\"gotriage\": executable file not found in $PATH: unknown\ncommand terminated "
	       "with exit code 126\n",
	       126 << 8, "no gotriage in the container's PATH");
	expect("gotriage collect: --pid 9: no such process\ncommand terminated with exit code 2\n",
	       2 << 8, "exec failed (exit 2): command terminated with exit code 2");
	expect("", SIGKILL, "killed (signal 9)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pod),	      cmocka_unit_test(test_ref_ns_only),
	    cmocka_unit_test(test_exec_argv), cmocka_unit_test(test_forward_parse),
	    cmocka_unit_test(test_explain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
