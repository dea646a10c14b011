/* fuzz_pprof.c: libFuzzer target for the pprof decoder and the reports built
 * on it (graph, top, peek, traces, flame), gzipped, plain and legacy text input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "collectors/runtime/pprof.h"
#include "collectors/runtime/pprof_flame.h"
#include "collectors/runtime/pprof_report.h"
#include "collectors/runtime/pprof_view.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pprof_limits lim = {0, 8 * MIB};
	struct pprof_profile p;
	struct pprof_graph g;
	struct buf out;
	char *cause = NULL;

	if (pprof_decode(data, size, &lim, &p, &cause) != 0) {
		if (cause == NULL)
			abort(); /* every failure says why */
		free(cause);
		return 0;
	}
	for (size_t i = 0; i < p.nsample_locs; i++)
		if (p.sample_locs[i] >= p.nlocations)
			abort();
	buf_init(&out);
	if (pprof_graph_build(&g, &p, NULL, -1, NULL, PPROF_GRAN_FUNCTIONS, &cause) == 0) {
		pprof_report_top(&g, &p, NULL, 0, 10, &out);
		pprof_report_peek(&g, &p, NULL, ".", &out, &cause);
		free(cause);
		cause = NULL;
		pprof_graph_free(&g);
	} else {
		free(cause);
		cause = NULL;
	}
	if (p.nsample_types > 0)
		pprof_report_traces(&p, -1, &out);
	{
		struct pprof_flame fl;

		if (pprof_flame_build(&fl, &p, -1, &cause) == 0) {
			pprof_flame_text(&fl, 0, 61, 0, &out);
			pprof_flame_free(&fl);
		} else {
			free(cause);
			cause = NULL;
		}
	}
	buf_free(&out);
	pprof_free(&p);
	return 0;
}
