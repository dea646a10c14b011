/* pprof_io.c: the gzip layer, format sniffing, files, and sample-type
 * lookups around the protobuf decoder (see pprof.h). */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "pprof.h"

/* ---- gzip ---------------------------------------------------------------- */

int pprof_gunzip(const void *buf, size_t len, size_t max_out, struct buf *out, char **cause)
{
	z_stream z;
	int rc;

	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return err_set(cause, "gzip: cannot start zlib");
	z.next_in = (Bytef *)(uintptr_t)buf;
	buf_reset(out);
	for (;;) {
		size_t room;

		if (out->len == max_out) {
			inflateEnd(&z);
			return err_set(cause,
				       "gzip: inflates to more than the %zu MiB cap (a gzip bomb?)",
				       max_out / MIB);
		}
		if (out->cap - out->len < 65536 || out->data == NULL) {
			size_t want = out->cap < 65536 ? 65536 : out->cap * 2;

			if (want > max_out + 1)
				want = max_out + 1;
			if (want > out->cap) {
				out->data = xrealloc(out->data, want);
				out->cap = want;
			}
		}
		room = out->cap - 1 - out->len; /* keep a byte for the NUL */
		if (room > max_out - out->len)
			room = max_out - out->len;
		if (z.avail_in == 0 && (size_t)(z.next_in - (const Bytef *)buf) < len) {
			size_t left = len - (size_t)(z.next_in - (const Bytef *)buf);

			z.avail_in = left > UINT32_MAX ? UINT32_MAX : (uInt)left;
		}
		z.next_out = (Bytef *)out->data + out->len;
		z.avail_out = room > UINT32_MAX ? UINT32_MAX : (uInt)room;
		rc = inflate(&z, Z_NO_FLUSH);
		out->len = (size_t)((char *)z.next_out - out->data);
		out->data[out->len] = '\0';
		if (rc == Z_STREAM_END)
			break;
		if (rc == Z_BUF_ERROR && z.avail_in == 0 &&
		    (size_t)(z.next_in - (const Bytef *)buf) >= len) {
			inflateEnd(&z);
			return err_set(cause,
				       "gzip: truncated stream after %zu bytes (%zu inflated)", len,
				       out->len);
		}
		if (rc != Z_OK && rc != Z_BUF_ERROR) {
			err_set(cause, "gzip: corrupt stream (%s)",
				z.msg != NULL ? z.msg : "zlib error");
			inflateEnd(&z);
			return -1;
		}
	}
	inflateEnd(&z);
	return 0;
}

static int looks_like_text(const uint8_t *b, size_t len)
{
	static const char *const heads[] = {
	    "heap profile:", "--- contention:", "--- mutex:", "--- block:"};

	for (size_t i = 0; i < ARRAY_LEN(heads); i++)
		if (len >= strlen(heads[i]) && memcmp(b, heads[i], strlen(heads[i])) == 0)
			return 1;
	return 0;
}

int pprof_decode(const void *buf, size_t len, const struct pprof_limits *lim,
		 struct pprof_profile *out, char **cause)
{
	size_t max_wire = lim != NULL && lim->max_wire != 0 ? lim->max_wire : PPROF_MAX_WIRE;
	size_t max_inf =
	    lim != NULL && lim->max_inflated != 0 ? lim->max_inflated : PPROF_MAX_INFLATED;
	const uint8_t *b = buf;
	struct buf raw;
	int rc;

	memset(out, 0, sizeof *out);
	if (len > max_wire)
		return err_set(cause, "profile is %zu bytes, over the %zu MiB cap", len,
			       max_wire / MIB);
	if (len == 0)
		return err_set(cause, "profile is empty");
	if (len < 2 || b[0] != 0x1f || b[1] != 0x8b) {
		if (looks_like_text(b, len))
			rc = pprof_legacy_parse(buf, len, out, cause);
		else if (len > max_inf)
			rc = err_set(cause, "profile is over the %zu MiB cap", max_inf / MIB);
		else
			rc = pprof_decode_proto(buf, len, out, cause);
		if (rc == 0)
			out->wire_bytes = len;
		return rc;
	}
	buf_init(&raw);
	rc = pprof_gunzip(buf, len, max_inf, &raw, cause);
	if (rc == 0)
		rc = pprof_decode_proto(raw.data, raw.len, out, cause);
	buf_free(&raw);
	if (rc == 0)
		out->wire_bytes = len;
	return rc;
}

int pprof_load(const char *path, struct pprof_profile *out, char **cause)
{
	struct buf b;
	char *why = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	buf_init(&b);
	if (read_file_whole(path, PPROF_MAX_WIRE, &b, &why) < 0) {
		err_set(cause, "%s", why);
		free(why);
		buf_free(&b);
		return -1;
	}
	rc = pprof_decode(b.data, b.len, NULL, out, &why);
	if (rc < 0) {
		err_set(cause, "%s: %s", path, why);
		free(why);
	}
	buf_free(&b);
	return rc;
}

int pprof_default_index(const struct pprof_profile *p)
{
	if (p->nsample_types == 0)
		return -1;
	if (p->default_sample_type != 0)
		for (size_t i = 0; i < p->nsample_types; i++)
			if (p->sample_types[i].type == p->default_sample_type ||
			    strcmp(pprof_str(p, p->sample_types[i].type),
				   pprof_str(p, p->default_sample_type)) == 0)
				return (int)i;
	return (int)p->nsample_types - 1;
}

int pprof_sample_index(const struct pprof_profile *p, const char *name, char **cause)
{
	struct buf choices;
	const char *no_inuse = name;
	char *end;
	long n;

	if (name == NULL || *name == '\0')
		return pprof_default_index(p);
	n = strtol(name, &end, 10);
	if (*end == '\0') {
		if (n < 0 || (size_t)n >= p->nsample_types)
			return err_set(cause, "sample index %s is outside the range [0..%zu]", name,
				       p->nsample_types - 1);
		return (int)n;
	}
	if (str_has_prefix(name, "inuse_"))
		no_inuse = name + 6;
	for (size_t i = 0; i < p->nsample_types; i++) {
		const char *t = pprof_str(p, p->sample_types[i].type);

		if (strcmp(t, name) == 0 || strcmp(t, no_inuse) == 0)
			return (int)i;
	}
	buf_init(&choices);
	for (size_t i = 0; i < p->nsample_types; i++)
		buf_printf(&choices, "%s%s", i ? " " : "", pprof_str(p, p->sample_types[i].type));
	err_set(cause, "sample type %s is not in this profile (it has: %s)", name,
		choices.data != NULL ? choices.data : "none");
	buf_free(&choices);
	return -1;
}

const char *pprof_kind(const struct pprof_profile *p)
{
	for (size_t i = 0; i < p->nsample_types; i++) {
		const char *t = pprof_str(p, p->sample_types[i].type);

		if (strcmp(t, "cpu") == 0)
			return "cpu";
		if (strcmp(t, "inuse_space") == 0 || strcmp(t, "alloc_space") == 0)
			return "heap";
		if (strcmp(t, "contentions") == 0)
			return "contention"; /* block and mutex look alike */
		if (strcmp(t, "goroutine") == 0)
			return "goroutine";
		if (strcmp(t, "threadcreate") == 0)
			return "threadcreate";
	}
	return "profile";
}
