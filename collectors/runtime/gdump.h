/* gdump.h: goroutine dumps (`/debug/pprof/goroutine?debug=2`, and the same
 * printer's output in panics and crash logs) parsed into flat arrays.
 *
 * One pass over the text; nothing is allocated per line. Function names,
 * file names and states are interned once (string ids, 0 is ""), frames
 * are fixed-size records in one array, and arguments, labels and kept
 * lines are spans into the dump's own copy of the text. A goroutine's
 * frames are contiguous; its creator ("created by") and each ancestor
 * ("[originating from goroutine N]:") are separate frame indices.
 *
 * The grammar follows src/runtime/traceback.go (see docs/formats.md section 3):
 *   goroutine N[ gp=0x.. m=N mp=0x..| gp=0x.. m=nil] [STATE[ (scan)][, N minutes]
 *       [, locked to thread][, synctest group N]]LABELS:
 *   FUNC(ARGS) | FUNC(...)              then  TAB FILE:LINE[ +0xOFF][ fp=.. sp=.. pc=..]
 *   created by FUNC[ in goroutine N]    then  TAB FILE:LINE[ +0xOFF]
 *   ...additional frames elided... | ...N frames elided...
 *   [originating from goroutine N]:     (GODEBUG=tracebackancestors)
 *   TAB goroutine running on other thread; stack unavailable
 * Lines before the first header that look like a panic or fatal error are
 * kept as the preamble. Anything else is counted as unparsed (the first
 * GDUMP_KEEP_UNPARSED are kept as spans); nothing is fatal.
 *
 * Ownership: gdump_parse() copies the text; gdump_parse_buf() and
 * gdump_load() take the buffer over. Everything the struct points to is
 * freed by gdump_free(), which accepts NULL and a zeroed struct. String
 * pointers from gdump_str() stay valid until gdump_free(). */
#ifndef GOTRIAGE_GDUMP_H
#define GOTRIAGE_GDUMP_H

#include <stddef.h>
#include <stdint.h>

#include "collectors/base/common.h"

struct cJSON;

/* Offsets are 32-bit: a dump larger than this is refused. */
#define GDUMP_MAX_BYTES ((size_t)2048 * MIB)
/* runtime/pprof's writeGoroutineStacks gives up doubling its buffer here
 * and writes what it has: a dump of exactly this size was cut short. */
#define GDUMP_RUNTIME_CAP ((size_t)64 * MIB)
#define GDUMP_KEEP_UNPARSED 200
#define GDUMP_KEEP_PREAMBLE 64
#define GDUMP_NONE UINT32_MAX
#define GDUMP_MEMO 4096

enum gdump_gflag {
	GDUMP_G_LOCKED = 1u << 0,      /* ", locked to thread" */
	GDUMP_G_SCAN = 1u << 1,	       /* " (scan)" after the status */
	GDUMP_G_UNAVAILABLE = 1u << 2, /* "goroutine running on other thread; ..." */
	GDUMP_G_ELIDED = 1u << 3,      /* an "...elided..." line was seen */
	GDUMP_G_HAS_M = 1u << 4,       /* gp=/m=/mp= fields were printed */
	GDUMP_G_CUT = 1u << 5,	       /* the text ended inside this goroutine */
	GDUMP_G_ODD_FIELD = 1u << 6,   /* a header field we do not know */
};

enum gdump_fflag {
	GDUMP_F_INLINED = 1u << 0, /* printed "(...)": inlined, or an ancestor frame */
	GDUMP_F_OFFSET = 1u << 1,  /* " +0xOFF" was printed */
	GDUMP_F_NOFILE = 1u << 2,  /* no file line followed the function line */
	GDUMP_F_NONGO = 1u << 3,   /* "non-Go function at pc=..." */
	GDUMP_F_REGS = 1u << 4,	   /* " fp=.. sp=.. pc=.." (traceback level >= 2) */
	GDUMP_F_ARGS_CUT = 1u << 5 /* the argument list ends with "..." */
};

struct gdump_frame {
	uint32_t func; /* string id */
	uint32_t file; /* string id, 0 when there was no file line */
	uint32_t line;
	uint32_t pcoff;	   /* the +0x offset from the function entry */
	uint32_t args_off; /* span of the text between the parentheses */
	uint32_t args_len;
	uint32_t flags; /* enum gdump_fflag */
};

struct gdump_goroutine {
	uint64_t id;
	uint64_t parent;   /* "created by F in goroutine N" (Go 1.21+), else 0 */
	uint64_t gp, mp;   /* header fields at traceback level >= 2, else 0 */
	int64_t m;	   /* -1 when absent or "m=nil" */
	uint64_t synctest; /* ", synctest group N" / "bubble N", else 0 */
	uint32_t state;	   /* string id: status or wait reason, " (scan)" removed */
	uint32_t wait_minutes;
	uint32_t flags;	 /* enum gdump_gflag */
	uint32_t frame0; /* first frame in gdump.frames */
	uint32_t nframes;
	uint32_t created;    /* frame index of the creator, or GDUMP_NONE */
	uint32_t elided_at;  /* frames printed before the elision line */
	uint32_t elided_n;   /* N of "...N frames elided...", 0 for the old text */
	uint32_t anc0, nanc; /* ancestors in gdump.anc */
	uint32_t labels_off; /* span of the text between ']' and the final ':' */
	uint32_t labels_len;
	uint32_t line_off; /* where the header line starts in the text */
};

struct gdump_ancestor {
	uint64_t id;
	uint32_t frame0, nframes;
	uint32_t created; /* frame index or GDUMP_NONE */
	uint32_t flags;	  /* GDUMP_G_ELIDED */
};

struct gdump_span {
	uint32_t off, len;
};

struct gdump {
	char *text; /* the dump, owned; not NUL-terminated when mapped */
	size_t len;
	int mapped; /* text is a read-only mapping of the file */
	struct gdump_goroutine *g;
	size_t ng, capg;
	struct gdump_frame *frames;
	size_t nframes, capf;
	struct gdump_ancestor *anc;
	size_t nanc, capa;
	/* interned strings: id -> (off, len) in pool, content hash */
	char *pool;
	size_t pool_len, pool_cap;
	uint32_t *str_off, *str_len;
	uint64_t *str_hash;
	size_t nstr, capstr;
	uint32_t *slots; /* open addressing, id + 1, 0 = empty */
	size_t nslots;
	uint32_t *memo; /* GDUMP_MEMO recent ids (0 = none), see intern() */

	size_t lines;
	size_t unparsed; /* lines not understood */
	struct gdump_span kept[GDUMP_KEEP_UNPARSED];
	size_t nkept;
	struct gdump_span preamble[GDUMP_KEEP_PREAMBLE]; /* panic/fatal lines */
	size_t npreamble;
	int ends_midline; /* the last line has no newline: the text was cut */
	int runtime_cap;  /* ...and it is exactly GDUMP_RUNTIME_CAP long */
	double parse_seconds;
};

/* Parses a copy of buf[0..len). Returns 0 (even when nothing in it was a
 * goroutine: check ng), or -1 with *cause when the text is too large. */
int gdump_parse(const char *buf, size_t len, struct gdump *out, char **cause);
/* Same, taking over in->data (left empty) instead of copying it. */
int gdump_parse_buf(struct buf *in, struct gdump *out, char **cause);
/* Reads at most cap bytes of a file ("-" is standard input; a regular file
 * is mapped, not copied) and parses them; *truncated (may be NULL) says
 * whether the file held more. Character and block devices (/dev/zero) and
 * directories are refused before any read; pipes are read up to the cap. */
int gdump_load(const char *path, size_t cap, struct gdump *out, int *truncated, char **cause);
void gdump_free(struct gdump *d);

/* Interned strings. Ids run from 0 (the empty string) to gdump_nstr()-1.
 * The hash is of the content, so it is stable from one dump to the next. */
static inline size_t gdump_nstr(const struct gdump *d)
{
	return d->nstr;
}
static inline const char *gdump_str(const struct gdump *d, uint32_t id)
{
	return d->pool + d->str_off[id];
}
static inline size_t gdump_strlen(const struct gdump *d, uint32_t id)
{
	return d->str_len[id];
}
static inline uint64_t gdump_strhash(const struct gdump *d, uint32_t id)
{
	return d->str_hash[id];
}
/* The id of s when it occurs in the dump, else GDUMP_NONE. */
uint32_t gdump_find_str(const struct gdump *d, const char *s);

/* Iteration helpers. */
static inline const struct gdump_frame *gdump_gframes(const struct gdump *d,
						      const struct gdump_goroutine *g)
{
	return g->nframes > 0 ? d->frames + g->frame0 : d->frames; /* frames may be NULL */
}
static inline const struct gdump_frame *gdump_creator(const struct gdump *d,
						      const struct gdump_goroutine *g)
{
	return g->created == GDUMP_NONE ? NULL : d->frames + g->created;
}
static inline const char *gdump_args(const struct gdump *d, const struct gdump_frame *f,
				     size_t *len)
{
	*len = f->args_len;
	return d->text + f->args_off;
}
static inline const char *gdump_span_text(const struct gdump *d, struct gdump_span s)
{
	return d->text + s.off;
}

/* Hints that the array at p (bytes long) be backed by transparent huge
 * pages: for the arrays that grow with a dump, written once, read a few
 * times. A no-op for small arrays and where the kernel declines. */
void gdump_advise_huge(void *p, size_t bytes);
/* A 64-bit hash of bytes (used for interning and bucket signatures). */
uint64_t gdump_hash(const void *p, size_t n, uint64_t seed);

/* Summary (counts, truncation, preamble, kept unparsed lines), strings
 * sanitised. With with_goroutines, every goroutine and its frames too.
 * Both live in gdump_json.c: they only read a parsed dump. */
struct cJSON *gdump_to_json(const struct gdump *d, int with_goroutines);
struct cJSON *gdump_frame_to_json(const struct gdump *d, const struct gdump_frame *f);

#endif
