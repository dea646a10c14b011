/* libFuzzer target: the session journal reader, and the postmortem report
 * rendered from what it kept, on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tui/record/journalread.h"
#include "tui/record/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct journalread jr;
	char *cause = NULL;

	(void)journalread_parse((const char *)data, size, &jr, &cause);
	/* Touch what a report reads, so the accessors run on hostile values. */
	for (size_t i = 0; i < jr.n_events; i++) {
		const char *k = journalread_kind(jr.events[i]);

		if (k != NULL && !journalread_kind_known(k) && strlen(k) > (size_t)1 << 30)
			abort();
		(void)journalread_t(jr.events[i]);
		(void)journalread_str(jr.events[i], "text");
		(void)journalread_num(jr.events[i], "size", 0);
	}
	if (jr.garbage > jr.lines || jr.n_events > jr.lines)
		abort();
	/* The report renders whatever the reader kept. */
	free(report_session(&jr, "fuzz", REPORT_MD));
	free(report_session(&jr, "fuzz", REPORT_JSON));
	journalread_free(&jr);
	free(cause);
	return 0;
}
