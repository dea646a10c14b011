/* libFuzzer target: the pod list of a k8s selector (kubectl get pods -o
 * json), as the fleet reads it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "collectors/fleet/k8spods.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strlist pods = {0};
	size_t skipped = 0;
	char *cause = NULL;

	(void)k8s_pods_parse((const char *)data, size, &pods, &skipped, &cause);
	strlist_free(&pods);
	free(cause);
	return 0;
}
