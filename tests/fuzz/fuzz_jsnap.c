/* libFuzzer target: goroutine snapshots read back from a session journal
 * (tui/record/jsnap.h), bucketed and weighed as goroutines --diff does. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "collectors/runtime/gbucket.h"
#include "tui/record/jsnap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct journalread jr;
	const cJSON *ev;
	struct jsnap s;
	size_t count;
	double t;
	char *cause = NULL;

	(void)journalread_parse((const char *)data, size, &jr, &cause);
	free(cause);
	cause = NULL;
	for (size_t at = 0; at < 3; at++) {
		if (jsnap_pick(&jr, at, &ev, &count, &t, &cause) != 0) {
			free(cause);
			cause = NULL;
			continue;
		}
		if (jsnap_load(ev, &s, &cause) == 0) {
			struct gbuckets b;
			uint64_t sum = 0;

			if (s.d.ng != s.kept)
				abort();
			gbucket_build(&s.d, GBUCKET_LOOSE, NULL, &b);
			jsnap_weigh(&b, &s);
			for (size_t i = 0; i < b.n; i++)
				sum += b.v[i].count;
			if (sum + s.other != s.total && sum < UINT32_MAX)
				abort();
			gbuckets_free(&b);
		}
		free(cause);
		cause = NULL;
		jsnap_free(&s);
	}
	journalread_free(&jr);
	return 0;
}
