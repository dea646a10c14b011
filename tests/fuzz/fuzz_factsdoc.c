/* libFuzzer target: the facts document reader (gzip or JSON) and applying
 * every part of what it accepts to a fresh target and facts. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "collectors/facts_doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct facts_doc *d = NULL;
	char *cause = NULL;

	if (facts_doc_parse(data, size, &d, &cause) == 0) {
		struct target *t = xcalloc(1, sizeof *t);
		struct facts *f = facts_new(t);

		facts_doc_apply_target(d, t);
		facts_doc_apply(d, f, FACT_ALL);
		/* and a second time over the first, as refreshes do */
		facts_doc_apply(d, f, FACT_ALL);
		facts_has_function(f, "main.main");
		facts_free(f);
		target_free(t);
		facts_doc_free(d);
	}
	free(cause);
	return 0;
}
