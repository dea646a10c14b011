/* libFuzzer target: the sniffer's classification of a server's first bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/proc/sniff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char d[160];

	for (int p = SNIFF_PROBE_H2; p <= SNIFF_PROBE_HTTP1; p++) {
		sniff_classify((enum sniff_probe)p, data, size, d, sizeof d);
		if (strlen(d) >= sizeof d)
			abort();
		for (const char *c = d; *c; c++)
			if (*c == 0x1b)
				abort(); /* the detail line must be terminal-safe */
	}
	return 0;
}
