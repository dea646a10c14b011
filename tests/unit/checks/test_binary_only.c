/* Unit tests for binary_only: checks decided from the function table and
 * reflection when no source was scanned (absent libraries skip; generated
 * gRPC handlers against the served services). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "checks/binary_only.h"

static int has_evidence(const struct verdict *v, const char *needle)
{
	for (size_t i = 0; i < v->evidence.n; i++)
		if (strstr(v->evidence.v[i], needle) != NULL)
			return 1;
	return 0;
}

/* A function table given as a NULL-terminated list. */
static int in_list(const char *sym, void *arg)
{
	for (const char *const *p = arg; *p != NULL; p++)
		if (strcmp(*p, sym) == 0)
			return 1;
	return 0;
}

static void test_absent(void **state)
{
	const char *none[] = {"main.main", "net/http.(*Server).Serve", NULL};
	const char *with_plugin[] = {"main.main", "plugin.Open", NULL};
	const char *with_embed[] = {"embed.FS.ReadFile", NULL};
	const char *with_grpc[] = {"google.golang.org/grpc.(*Server).Serve", NULL};
	const char *with_viper[] = {"github.com/spf13/viper.(*Viper).WatchConfig", NULL};
	struct verdict v;

	(void)state;
	verdict_init(&v);
	assert_int_equal(binary_only_absent("plugin-mismatch", in_list, none, &v), 1);
	assert_int_equal(v.kind, VERDICT_SKIP);
	assert_non_null(strstr(v.summary, "package plugin"));
	assert_true(has_evidence(&v, "function table: no plugin.Open"));
	verdict_free(&v);
	assert_int_equal(binary_only_absent("plugin-mismatch", in_list, with_plugin, &v), 0);
	assert_int_equal(v.kind, VERDICT_NONE);
	assert_int_equal(binary_only_absent("embed-path", in_list, none, &v), 1);
	verdict_free(&v);
	assert_int_equal(binary_only_absent("embed-path", in_list, with_embed, &v), 0);
	assert_int_equal(binary_only_absent("grpc-service-missing", in_list, none, &v), 1);
	assert_non_null(strstr(v.summary, "no gRPC server"));
	verdict_free(&v);
	assert_int_equal(binary_only_absent("grpc-service-missing", in_list, with_grpc, &v), 0);
	assert_int_equal(binary_only_absent("config-reload-no-effect", in_list, none, &v), 1);
	verdict_free(&v);
	assert_int_equal(binary_only_absent("config-reload-no-effect", in_list, with_viper, &v), 0);
	/* No function table, or a check it cannot decide: nothing is said. */
	assert_int_equal(binary_only_absent("plugin-mismatch", NULL, NULL, &v), 0);
	assert_int_equal(binary_only_absent("route-not-served", in_list, none, &v), 0);
	assert_int_equal(binary_only_absent(NULL, in_list, none, &v), 0);
	assert_int_equal(v.kind, VERDICT_NONE);
}

static void test_grpc_service_name(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(binary_only_grpc_service(
			     "google.golang.org/grpc/health/grpc_health_v1._Health_Check_Handler",
			     out, sizeof out),
			 1);
	assert_string_equal(out, "Health");
	assert_int_equal(binary_only_grpc_service("example.com/pb._Order_Service_Create_Handler",
						  out, sizeof out),
			 1);
	assert_string_equal(out, "Order_Service");
	assert_int_equal(binary_only_grpc_service("pb._Greeter_SayHello_Handler", out, sizeof out),
			 1);
	assert_string_equal(out, "Greeter");
	/* Not generated handlers. */
	assert_int_equal(binary_only_grpc_service("main.pingHandler", out, sizeof out), 0);
	assert_int_equal(binary_only_grpc_service("pb._Greeter_Handler", out, sizeof out), 0);
	assert_int_equal(binary_only_grpc_service("pb.__X_Handler", out, sizeof out), 0);
	assert_int_equal(binary_only_grpc_service("pb._G_M_Handler.func1", out, sizeof out), 0);
	assert_int_equal(binary_only_grpc_service("pb.(*T)._G_M_Handler", out, sizeof out), 0);
	assert_int_equal(binary_only_grpc_service("_Handler", out, sizeof out), 0);
	assert_int_equal(binary_only_grpc_service("pb._G_M_Handler", out, 1), 0);
	assert_int_equal(binary_only_grpc_service(NULL, out, sizeof out), 0);
}

static void test_grpc_binary_services(void **state)
{
	const char *handlers[] = {
	    "google.golang.org/grpc/health/grpc_health_v1._Health_Check_Handler",
	    "google.golang.org/grpc/health/grpc_health_v1._Health_Watch_Handler",
	    ("google.golang.org/grpc/reflection/grpc_reflection_v1alpha."
	     "_ServerReflection_ServerReflectionInfo_Handler"),
	    "main.pingHandler",
	};
	struct grpc_listener l;
	struct grpc_binary_inputs in = {0};
	struct verdict v;

	(void)state;
	memset(&l, 0, sizeof l);
	l.addr = "127.0.0.1:9000";
	l.proto = "h2c";
	l.is_h2c = 1;
	l.reflection_version = "v1alpha";
	strlist_add(&l.services, "demo.v1.Pinger");
	strlist_add(&l.services, "grpc.health.v1.Health");
	strlist_add(&l.services, "grpc.reflection.v1alpha.ServerReflection");
	in.handlers = handlers;
	in.nhandlers = 4;
	in.listeners = &l;
	in.nlisteners = 1;
	verdict_init(&v);
	check_grpc_binary_services(&in, &v);
	assert_int_equal(v.kind, VERDICT_PASS);
	assert_true(has_evidence(&v, "service Health is compiled in"));
	verdict_free(&v);

	/* Health's handlers are linked, reflection does not list it. */
	strlist_free(&l.services);
	strlist_add(&l.services, "demo.v1.Pinger");
	strlist_add(&l.services, "grpc.reflection.v1alpha.ServerReflection");
	verdict_init(&v);
	check_grpc_binary_services(&in, &v);
	assert_int_equal(v.kind, VERDICT_WARN);
	assert_true(has_evidence(&v, "service Health is compiled in but no listener serves it"));
	assert_false(has_evidence(&v, "service ServerReflection is compiled in but"));
	verdict_free(&v);

	/* Reflection off, TLS only, no HTTP/2 at all, listeners unknown. */
	l.reflection_error = "grpc-status 12 UNIMPLEMENTED";
	verdict_init(&v);
	check_grpc_binary_services(&in, &v);
	assert_int_equal(v.kind, VERDICT_UNKNOWN);
	assert_non_null(strstr(v.missing, "reflection"));
	verdict_free(&v);
	l.is_h2c = 0;
	l.proto = "tls";
	verdict_init(&v);
	check_grpc_binary_services(&in, &v);
	assert_int_equal(v.kind, VERDICT_UNKNOWN);
	assert_non_null(strstr(v.missing, "TLS"));
	verdict_free(&v);
	l.proto = "http/1";
	verdict_init(&v);
	check_grpc_binary_services(&in, &v);
	assert_int_equal(v.kind, VERDICT_FAIL);
	verdict_free(&v);
	in.listeners = NULL;
	in.listeners_error = "no process";
	verdict_init(&v);
	check_grpc_binary_services(&in, &v);
	assert_int_equal(v.kind, VERDICT_UNKNOWN);
	assert_non_null(strstr(v.missing, "no process"));
	verdict_free(&v);

	/* Only hand-written descriptors: the services cannot be named. */
	in.handlers = handlers + 3;
	in.nhandlers = 1;
	in.listeners = &l;
	verdict_init(&v);
	check_grpc_binary_services(&in, &v);
	assert_int_equal(v.kind, VERDICT_UNKNOWN);
	verdict_free(&v);
	strlist_free(&l.services);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_absent),
	    cmocka_unit_test(test_grpc_service_name),
	    cmocka_unit_test(test_grpc_binary_services),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
