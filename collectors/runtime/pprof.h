/* pprof.h: the profile.proto decoder, for every profile net/http/pprof
 * serves (cpu, heap, allocs, block, mutex, goroutine, threadcreate).
 *
 * Input is the gzipped (or plain) protobuf of google/pprof's
 * proto/profile.proto; field numbers and their meaning are settled in
 * docs/formats.md section 12. pprof_decode() inflates with zlib under a cap on
 * the wire size and another on the inflated size (a gzip bomb stops at the
 * cap), walks the message with collectors/base/protobuf and resolves every
 * id to an array index, so the views never look an id up again. Legacy text
 * profiles (heap?debug=1, block/mutex?debug=1) are read by
 * pprof_legacy_parse() (pprof_legacy.c) into the same struct.
 *
 * Errors are clear one-liners: a truncated gzip stream, a sample whose value
 * count differs from sample_type's, an id nobody defines, a string index past
 * the table, a duplicate id. Unknown fields are skipped, as protobuf allows.
 *
 * Strings: the string table, NUL-terminated, in one arena; every name in
 * the structs is an index into strs[] (so equal names from Go's deduplicated
 * table compare as equal integers). Strings are raw target bytes: sanitise
 * before drawing. The struct owns everything; pprof_free() accepts NULL. */
#ifndef GOTRIAGE_PPROF_H
#define GOTRIAGE_PPROF_H

#include <stddef.h>
#include <stdint.h>

#include "collectors/base/common.h"

#define PPROF_MAX_WIRE ((size_t)256 * MIB)	/* gzipped bytes */
#define PPROF_MAX_INFLATED ((size_t)1024 * MIB) /* protobuf bytes */
#define PPROF_MAX_STRINGS ((size_t)1 << 26)
#define PPROF_MAX_SAMPLE_TYPES 64
#define PPROF_NONE UINT32_MAX /* no mapping / no function */

struct pprof_valuetype {
	uint32_t type, unit; /* strs[] indices */
};

struct pprof_label {
	uint32_t key, str; /* str 0: a numeric label */
	int64_t num;
	uint32_t num_unit;
};

/* A sample's values are values[i * nsample_types ...]. */
struct pprof_sample {
	uint32_t loc_off, nloc;	    /* into sample_locs[], leaf first */
	uint32_t label_off, nlabel; /* into labels[] */
	uint32_t pruned;	    /* leaf frames drop_frames cut (before loc_off) */
};

struct pprof_mapping {
	uint64_t id, start, limit, offset;
	uint32_t file, build_id;
	uint8_t has_functions, has_filenames, has_line_numbers, has_inline_frames;
};

struct pprof_line {
	uint32_t func; /* functions[] index or PPROF_NONE */
	int64_t line;
};

struct pprof_location {
	uint64_t id, address;
	uint32_t mapping;	  /* mappings[] index or PPROF_NONE */
	uint32_t line_off, nline; /* into lines[]; [0] is the innermost inline frame */
	uint8_t is_folded;
};

struct pprof_function {
	uint64_t id;
	uint32_t name, system_name, filename;
	int64_t start_line;
};

struct pprof_profile {
	char **strs; /* nstrs entries, strs[0] == "" */
	size_t nstrs;
	char *arena;

	struct pprof_valuetype *sample_types;
	size_t nsample_types;
	struct pprof_sample *samples;
	size_t nsamples;
	int64_t *values; /* nsamples * nsample_types */
	uint32_t *sample_locs;
	size_t nsample_locs;
	struct pprof_label *labels;
	size_t nlabels;
	struct pprof_mapping *mappings;
	size_t nmappings;
	struct pprof_location *locations;
	size_t nlocations;
	struct pprof_line *lines;
	size_t nlines;
	struct pprof_function *functions;
	size_t nfunctions;

	uint32_t drop_frames, keep_frames; /* strs[] indices, 0 = none */
	int64_t time_nanos, duration_nanos, period;
	struct pprof_valuetype period_type;
	uint32_t *comments;
	size_t ncomments;
	uint32_t default_sample_type;

	size_t wire_bytes, proto_bytes; /* what was read, for the journal */
	int legacy;			/* read from a debug=1 text profile */
};

struct pprof_limits {
	size_t max_wire;     /* 0: PPROF_MAX_WIRE */
	size_t max_inflated; /* 0: PPROF_MAX_INFLATED */
};

/* Decodes a gzipped or plain profile.proto, or (when the bytes are text) a
 * legacy debug=1 profile. Returns 0, or -1 with *cause set and *out zeroed. */
int pprof_decode(const void *buf, size_t len, const struct pprof_limits *lim,
		 struct pprof_profile *out, char **cause);
/* Only the protobuf layer (already inflated). */
int pprof_decode_proto(const void *buf, size_t len, struct pprof_profile *out, char **cause);
/* Inflates a gzip stream into out, at most max_out bytes. */
int pprof_gunzip(const void *buf, size_t len, size_t max_out, struct buf *out, char **cause);
/* Reads a profile file (capped). */
int pprof_load(const char *path, struct pprof_profile *out, char **cause);
void pprof_free(struct pprof_profile *p);

/* Applies drop_frames/keep_frames as go tool pprof does on load
 * (pprof_prune.c); pprof_decode_proto() calls it. Returns the number of
 * samples whose stack was cut. */
int pprof_prune(struct pprof_profile *p);

/* Legacy text profiles (pprof_legacy.c). */
int pprof_legacy_parse(const char *buf, size_t len, struct pprof_profile *out, char **cause);

static inline const int64_t *pprof_sample_values(const struct pprof_profile *p, size_t i)
{
	return p->values + i * p->nsample_types;
}

/* Go's int64 arithmetic wraps, so pprof's sums of huge values wrap; these
 * do the same without C's undefined signed overflow (the conversion back
 * from uint64 is modulo 2^64 with gcc and clang). */
static inline int64_t pprof_wadd(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a + (uint64_t)b);
}

static inline int64_t pprof_wabs(int64_t v)
{
	return v < 0 ? (int64_t)(0 - (uint64_t)v) : v;
}

static inline const char *pprof_str(const struct pprof_profile *p, uint32_t i)
{
	return i < p->nstrs ? p->strs[i] : "";
}

/* The sample type index pprof picks by default: default_sample_type when
 * named, else the last one. -1 when there are no sample types. */
int pprof_default_index(const struct pprof_profile *p);
/* Index of a sample type by name ("inuse_space" also finds "space", a number
 * is an index), or -1 with *cause listing the choices. */
int pprof_sample_index(const struct pprof_profile *p, const char *name, char **cause);

/* The kind of profile guessed from its types: "cpu", "heap", "block", ... */
const char *pprof_kind(const struct pprof_profile *p);

#endif
