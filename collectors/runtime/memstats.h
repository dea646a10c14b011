/* memstats.h: the runtime's memory statistics, from either of the two
 * places a Go service with net/http/pprof or expvar serves them:
 *   /debug/pprof/heap?debug=1   the "# runtime.MemStats" block at the end
 *                               (and the "heap profile:" header line)
 *   /debug/vars                 expvar's JSON: "memstats", "cmdline", and
 *                               whatever variables the application publishes
 * See docs/formats.md section 4 and runtime/pprof writeHeapInternal.
 *
 * Both parsers are pure and fill one struct memstats; a field is valid when
 * its bit is set in `have` (memstats_has()). They fail only when neither a
 * MemStats block nor a memstats object is present, or the text is larger
 * than MEMSTATS_MAX_BYTES. The struct owns its lists; memstats_free()
 * accepts NULL and a zeroed struct. */
#ifndef GOTRIAGE_MEMSTATS_H
#define GOTRIAGE_MEMSTATS_H

#include <stddef.h>
#include <stdint.h>

#include "collectors/base/common.h"

struct cJSON;

#define MEMSTATS_MAX_BYTES ((size_t)64 * MIB)

enum memstats_field {
	MS_ALLOC,
	MS_TOTAL_ALLOC,
	MS_SYS,
	MS_LOOKUPS,
	MS_MALLOCS,
	MS_FREES,
	MS_HEAP_ALLOC,
	MS_HEAP_SYS,
	MS_HEAP_IDLE,
	MS_HEAP_INUSE,
	MS_HEAP_RELEASED,
	MS_HEAP_OBJECTS,
	MS_STACK_INUSE,
	MS_STACK_SYS,
	MS_MSPAN_INUSE,
	MS_MSPAN_SYS,
	MS_MCACHE_INUSE,
	MS_MCACHE_SYS,
	MS_BUCK_HASH_SYS,
	MS_GC_SYS,
	MS_OTHER_SYS,
	MS_NEXT_GC,
	MS_LAST_GC,	   /* ns since the epoch */
	MS_PAUSE_TOTAL_NS, /* expvar only */
	MS_NUM_GC,
	MS_NUM_FORCED_GC,
	MS_MAX_RSS,	  /* heap?debug=1 only, bytes on Linux */
	MS_LAST_PAUSE_NS, /* PauseNs[(NumGC+255)%256], derived */
	MS_NFIELDS
};

struct memstats {
	uint64_t v[MS_NFIELDS];
	uint64_t have;		 /* bit (1 << field) */
	double gc_cpu_fraction;	 /* -1 when absent */
	int debug_gc, enable_gc; /* -1 when absent */
	int from_expvar;	 /* which parser filled it */
	/* "heap profile: INUSE_OBJS: INUSE_BYTES [ALLOC_OBJS: ALLOC_BYTES] @ heap/RATE2" */
	int have_heap_header;
	uint64_t inuse_objects, inuse_bytes, alloc_objects, alloc_bytes, sample_rate2;
	/* expvar */
	struct strlist cmdline; /* os.Args */
	struct strlist vars;	/* names of the application's own variables */
	size_t unparsed;	/* MemStats lines not understood */
};

int memstats_parse_heap(const char *buf, size_t len, struct memstats *out, char **cause);
int memstats_parse_expvar(const char *buf, size_t len, struct memstats *out, char **cause);
void memstats_free(struct memstats *m);

static inline int memstats_has(const struct memstats *m, enum memstats_field f)
{
	return (m->have >> f) & 1;
}
/* The Go field name ("HeapAlloc"); "Stack"-style pairs use the long names. */
const char *memstats_field_name(enum memstats_field f);

/* Every field present, by Go name, plus the heap header and the expvar
 * lists; strings sanitised. */
struct cJSON *memstats_to_json(const struct memstats *m);

#endif
