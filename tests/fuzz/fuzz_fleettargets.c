/* libFuzzer target: the fleet's target list and --ssh-hosts list, and the
 * row names made from what they accept. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "collectors/fleet/targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fleet_targets ts = {0};
	char *cause = NULL;

	if (fleet_targets_parse((const char *)data, size, "fuzz", &ts, &cause) == 0)
		for (size_t i = 0; i < ts.n; i++)
			free(fleet_target_name(&ts.v[i], (int)i));
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
