/* libFuzzer target: /proc/net/tcp and tcp6 rows, and ss-style formatting
 * of whatever addresses come out. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/proc/procnet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct procnet_table t = {0};
	char a[PROCNET_ADDR_LEN];
	int fams[2] = {AF_INET, AF_INET6};

	for (int f = 0; f < 2; f++) {
		if (procnet_parse((const char *)data, size, fams[f], &t, NULL) < 0)
			abort();
		for (size_t i = 0; i < t.n; i++) {
			procnet_format_addr(t.v[i].family, t.v[i].laddr, t.v[i].lport, 1, a,
					    sizeof a);
			if (strlen(a) >= sizeof a)
				abort();
		}
		procnet_table_free(&t);
	}
	return 0;
}
