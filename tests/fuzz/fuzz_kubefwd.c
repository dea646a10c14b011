/* Fuzz target: kubectl port-forward's output as kube_forward_parse()
 * reads it, and --k8s pod names. The first two bytes are the remote
 * port; a port found is in 1..65535, and the same output with more bytes
 * after it (kubectl keeps writing) still gives the same port. A pod name
 * accepted has a namespace and a pod, none starting with '-'. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/remote/kubectl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kube_pod p;
	char *cause = NULL, *s;
	int rport, port;

	if (size < 2)
		return 0;
	rport = data[0] << 8 | data[1];
	port = kube_forward_parse((const char *)data + 2, size - 2, rport);
	if (port < 0 || port > 65535)
		abort();
	if (port > 0 && size - 2 < KUBE_FWD_CAP) {
		char *more = malloc(size - 2 + 16);

		memcpy(more, data + 2, size - 2);
		memcpy(more + size - 2, "Forwarding from ", 16);
		if (kube_forward_parse(more, size - 2 + 16, rport) != port)
			abort();
		free(more);
	}
	s = strndup((const char *)data + 2, size - 2);
	if (kube_pod_parse(s, &p, &cause) == 0) {
		if (p.ns == NULL || p.pod == NULL || p.name == NULL || p.ns[0] == '-' ||
		    p.pod[0] == '-' || (p.context && p.context[0] == '-'))
			abort();
		kube_pod_clear(&p);
	} else if (cause == NULL) {
		abort();
	}
	free(cause);
	free(s);
	return 0;
}
