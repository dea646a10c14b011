/* k8spods.h: the pods a label selector names, from the JSON of
 * `kubectl get pods -n NS -l SELECTOR -o json` (a v1 List of Pods), for
 * fleet targets written `k8s://[CONTEXT/]NAMESPACE selector=LABELS`.
 *
 * Bytes from outside: at most K8S_PODS_CAP of them are parsed (larger is
 * an error), at most K8S_PODS_MAX pods kept (the rest counted in
 * *skipped). A pod counts when its status.phase is "Running" and its
 * metadata.name is a Kubernetes name (a-z, 0-9, '-', '.'); others are
 * counted in *skipped, never run. */
#ifndef GOTRIAGE_K8SPODS_H
#define GOTRIAGE_K8SPODS_H

#include <stddef.h>

#include "collectors/base/common.h"

#define K8S_PODS_CAP (16 * MIB)
#define K8S_PODS_MAX 1000

/* Appends the running pods' names to *pods. Returns 0, or -1 with *cause
 * (not JSON, not a list, over the cap). */
int k8s_pods_parse(const char *buf, size_t len, struct strlist *pods, size_t *skipped,
		   char **cause);

#endif
