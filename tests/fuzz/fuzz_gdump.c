/* fuzz_gdump.c: libFuzzer target for the goroutine dump parser and what
 * runs on its output: bucketing in every mode, a diff, filters, the check
 * helpers' lookups and JSON. Asserts the invariants the pane relies on. */
#include <cJSON.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/runtime/gbucket.h"
#include "collectors/runtime/gdump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct gdump *d, const struct gbuckets *b)
{
	size_t sum = 0;

	for (size_t i = 0; i < b->n; i++) {
		const struct gbucket *k = &b->v[i];

		sum += k->count;
		if (k->count == 0 || (i > 0 && b->v[i - 1].count < k->count))
			abort();
		if (gbucket_members(b, k)[0] != k->rep)
			abort();
	}
	if (sum != d->ng)
		abort();
	for (size_t i = 0; i < d->ng; i++) {
		const struct gdump_goroutine *g = &d->g[i];

		if ((size_t)g->frame0 + g->nframes > d->nframes)
			abort();
		if (g->created != GDUMP_NONE && g->created >= d->nframes)
			abort();
		if ((size_t)g->labels_off + g->labels_len > d->len)
			abort();
	}
	for (size_t i = 0; i < d->nframes; i++) {
		const struct gdump_frame *f = &d->frames[i];

		if (f->func >= d->nstr || f->file >= d->nstr ||
		    (size_t)f->args_off + f->args_len > d->len)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gdump d;
	struct gbuckets b[3];
	char *cause = NULL;
	cJSON *j;
	struct gbucket_filter *f;

	if (gdump_parse((const char *)data, size, &d, &cause) != 0) {
		free(cause);
		return 0;
	}
	for (int m = 0; m < 3; m++) {
		gbucket_build(&d, (enum gbucket_mode)m, "example.com/x", &b[m]);
		check(&d, &b[m]);
	}
	if (b[1].n < b[0].n || b[0].n < b[2].n) /* exact >= pointers >= loose */
		abort();
	gbucket_diff(&b[0], &b[0]);
	if (b[0].ngone != 0)
		abort();
	f = gbucket_filter_new(&d, "main|x", GBUCKET_FILTER_REGEX, &cause);
	j = gbuckets_to_json(&b[0], f, 3);
	cJSON_Delete(j);
	gbucket_filter_free(f);
	f = gbucket_filter_new(&d, "Go", GBUCKET_FILTER_SUBSTR, &cause);
	gbucket_filter_free(f);
	gbucket_count_func(&b[2], "main.main", NULL);
	j = gdump_to_json(&d, 1);
	cJSON_Delete(j);
	for (int m = 0; m < 3; m++)
		gbuckets_free(&b[m]);
	gdump_free(&d);
	free(cause);
	return 0;
}
