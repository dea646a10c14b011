/* k8spods.c: the pods of a label selector (contract in k8spods.h). */
#include "k8spods.h"

#include <cJSON.h>
#include <string.h>

/* RFC 1123 subdomain characters, 1 to 253 bytes, no leading '-'. */
static int name_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 253 || s[0] == '-')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		      s[i] == '.'))
			return 0;
	return 1;
}

static const char *str_at(const cJSON *o, const char *a, const char *b)
{
	const cJSON *v =
	    cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(o, a), b);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

int k8s_pods_parse(const char *buf, size_t len, struct strlist *pods, size_t *skipped, char **cause)
{
	cJSON *root, *items;
	const cJSON *it;

	*skipped = 0;
	if (len > K8S_PODS_CAP)
		return err_set(cause, "kubectl get pods: %zu bytes, over the %zu MiB cap", len,
			       K8S_PODS_CAP / MIB);
	root = cJSON_ParseWithLength(buf, len);
	items = cJSON_GetObjectItemCaseSensitive(root, "items");
	if (!cJSON_IsArray(items)) {
		cJSON_Delete(root);
		return err_set(cause, "kubectl get pods: not a JSON list of pods");
	}
	cJSON_ArrayForEach(it, items)
	{
		const char *name = str_at(it, "metadata", "name");
		const char *phase = str_at(it, "status", "phase");

		if (name == NULL || !name_ok(name) || phase == NULL ||
		    strcmp(phase, "Running") != 0 || pods->n >= K8S_PODS_MAX) {
			(*skipped)++;
			continue;
		}
		strlist_add(pods, name);
	}
	cJSON_Delete(root);
	return 0;
}
