/* libFuzzer target: the fleet's target list and --ssh-hosts list, and the
 * row names made from what they accept. A k8s:// target accepted must
 * hold only what kubectl takes as names (kube_ref_parse, the one parser
 * of k8s:// specs, shared with --k8s): anything else aborts. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/fleet/targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_k8s(const struct fleet_target *t)
{
	const struct kube_pod *p = &t->pod;

	if (t->transport != FLEET_K8S)
		return;
	if (p->ns == NULL || !kube_name_ok(p->ns) || (p->pod != NULL && !kube_name_ok(p->pod)) ||
	    (p->container != NULL && !kube_name_ok(p->container)) ||
	    (p->context != NULL && (p->context[0] == '-' || strchr(p->context, '/'))) ||
	    (p->pod == NULL) == (t->k8s_selector == NULL))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fleet_targets ts = {0};
	char *cause = NULL;

	if (fleet_targets_parse((const char *)data, size, "fuzz", &ts, &cause) == 0)
		for (size_t i = 0; i < ts.n; i++) {
			check_k8s(&ts.v[i]);
			free(fleet_target_name(&ts.v[i], (int)i));
		}
	fleet_targets_free(&ts);
	free(cause);
	cause = NULL;
	if (fleet_hosts_parse((const char *)data, size, "fuzz", "api", &ts, &cause) == 0)
		for (size_t i = 0; i < ts.n; i++)
			free(fleet_target_name(&ts.v[i], 0));
	fleet_targets_free(&ts);
	free(cause);
	return 0;
}
