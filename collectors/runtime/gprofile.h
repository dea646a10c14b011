/* gprofile.h: the aggregated goroutine profile, `/debug/pprof/goroutine?debug=1`.
 *
 * Far cheaper for the target than the debug=2 dump (it does not stop the
 * world for the whole write), so it serves as the count on every refresh
 * and as the total that shows how much of a debug=2 dump the runtime cut.
 * Format (runtime/pprof printCountProfile, docs/formats.md section 3):
 *   goroutine profile: total N
 *   COUNT @ 0xPC 0xPC ...
 *   # labels: {"k":"v", ...}                  (optional)
 *   #<TABS>0xPC<TABS>FUNC+0xOFF<TABS>FILE:LINE  (one per frame; "#\t0xPC" alone
 *                                               when the PC has no symbol)
 *   <blank>
 * text/tabwriter pads with tabs, so a separator is a run of tabs.
 *
 * gprofile_parse() is pure; lines it does not understand are counted, never
 * fatal. It fails only when the header is missing or the text is larger
 * than GPROFILE_MAX_BYTES. The struct owns every string; gprofile_free()
 * accepts NULL and a zeroed struct. */
#ifndef GOTRIAGE_GPROFILE_H
#define GOTRIAGE_GPROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "collectors/base/common.h"

struct cJSON;

#define GPROFILE_MAX_BYTES ((size_t)256 * MIB)

struct gprofile_frame {
	uint64_t pc;
	char *func;   /* NULL when the PC has no symbol */
	uint64_t off; /* offset from the function entry */
	char *file;   /* NULL with func */
	uint32_t line;
};

struct gprofile_record {
	uint64_t count;
	char *labels;  /* the text after "# labels: ", or NULL */
	uint64_t *pcs; /* the "@" line */
	size_t npcs;
	struct gprofile_frame *frames;
	size_t nframes;
};

struct gprofile {
	char *name;	/* "goroutine" (the same format serves others) */
	uint64_t total; /* from the header */
	uint64_t sum;	/* sum of the record counts */
	struct gprofile_record *v;
	size_t n;
	size_t unparsed; /* lines not understood */
};

int gprofile_parse(const char *buf, size_t len, struct gprofile *out, char **cause);
void gprofile_free(struct gprofile *p);

/* Goroutines whose stack holds func (the exact name, a closure "F.func1"
 * or an instantiation "F[...]"). */
uint64_t gprofile_count_func(const struct gprofile *p, const char *func);

/* {"name", "total", "records": [{"count", "labels", "frames": [...]}]},
 * strings sanitised; at most max_records records. */
struct cJSON *gprofile_to_json(const struct gprofile *p, size_t max_records);

#endif
