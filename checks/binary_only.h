/* binary_only.h: what the checks that read the source can still conclude
 * from the binary's function table and the live process when no source was
 * scanned (issue 15, item 5). Pure functions over names and probe results;
 * the adapters in catalog_run.c feed them from struct facts.
 *
 * The function table lists every function the linker kept, which is every
 * function reachable from main (dead code is dropped): a library's entry
 * point that is absent was never reachable, so the feature it provides is
 * not used. Present does not mean called (a registration behind a flag is
 * linked too), so presence alone never fails a check. */
#ifndef GOTRIAGE_BINARY_ONLY_H
#define GOTRIAGE_BINARY_ONLY_H

#include <stddef.h>

#include "collectors/base/common.h"
#include "collectors/facts.h"
#include "verdict.h"

/* Is a function in the binary? 1 yes, 0 no. */
typedef int (*binary_only_has_fn)(const char *symbol, void *arg);

/* For check ids whose subject needs a library in the binary
 * (plugin-mismatch: package plugin; config-reload-no-effect: viper's
 * WatchConfig; embed-path: embed.FS; grpc-service-missing: grpc's
 * Server.Serve): when none of its entry points is in the binary, sets v to
 * SKIP naming what was looked for and returns 1. Returns 0 (v untouched)
 * when one is present, when has_fn is NULL, or for any other id. */
int binary_only_absent(const char *check_id, binary_only_has_fn has_fn, void *arg,
		       struct verdict *v);

/* The gRPC service a generated handler belongs to: protoc-gen-go-grpc names
 * them PKG._SERVICE_METHOD_Handler ("google.golang.org/grpc/health/
 * grpc_health_v1._Health_Check_Handler" -> "Health"). Writes the service's
 * Go name to out and returns 1, or returns 0 for any other name. */
int binary_only_grpc_service(const char *func, char *out, size_t outlen);

struct grpc_binary_inputs {
	/* Function names from the table that binary_only_grpc_service()
	 * accepts (others are ignored). */
	const char *const *handlers;
	size_t nhandlers;
	const struct grpc_listener *listeners; /* NULL: see listeners_error */
	size_t nlisteners;
	const char *listeners_error;
};
/* grpc-service-missing without the source: the services whose generated
 * handlers are compiled in against what server reflection lists. An
 * unserved one warns (linked is not proof of registered); all served
 * passes; reflection off, TLS only, or no handler names: unknown. */
void check_grpc_binary_services(const struct grpc_binary_inputs *in, struct verdict *v);

#endif
