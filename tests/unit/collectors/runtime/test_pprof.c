/* Unit tests: the profile.proto decoder, pprof's graph and text reports on
 * hand-built protobufs (see tests/it/profile.sh for real Go profiles against
 * go tool pprof), and hostile input: bad ids, strings past the table,
 * truncated gzip, a gzip bomb, terminal escapes in names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include "collectors/base/protobuf.h"
#include "collectors/runtime/pprof.h"
#include "collectors/runtime/pprof_report.h"
#include "collectors/runtime/pprof_units.h"
#include "collectors/runtime/pprof_view.h"

/* ---- a tiny profile builder --------------------------------------------- */

static void put_msg(struct buf *b, uint32_t num, const struct buf *m)
{
	protobuf_put_bytes(b, num, m->data != NULL ? m->data : "", m->len);
}

static void put_vt(struct buf *b, uint32_t num, uint64_t type, uint64_t unit)
{
	struct buf m;

	buf_init(&m);
	protobuf_put_uint(&m, 1, type);
	protobuf_put_uint(&m, 2, unit);
	put_msg(b, num, &m);
	buf_free(&m);
}

/* location id with one line per function id (innermost first) */
static void put_loc(struct buf *b, uint64_t id, const uint64_t *funcs, size_t n)
{
	struct buf m, l;

	buf_init(&m);
	protobuf_put_uint(&m, 1, id);
	protobuf_put_uint(&m, 3, 0x1000 + id);
	for (size_t i = 0; i < n; i++) {
		buf_init(&l);
		protobuf_put_uint(&l, 1, funcs[i]);
		protobuf_put_uint(&l, 2, 10 + i);
		put_msg(&m, 4, &l);
		buf_free(&l);
	}
	put_msg(b, 4, &m);
	buf_free(&m);
}

static void put_func(struct buf *b, uint64_t id, uint64_t name, uint64_t file)
{
	struct buf m;

	buf_init(&m);
	protobuf_put_uint(&m, 1, id);
	protobuf_put_uint(&m, 2, name);
	protobuf_put_uint(&m, 3, name);
	protobuf_put_uint(&m, 4, file);
	put_msg(b, 5, &m);
	buf_free(&m);
}

/* A sample with packed location ids (leaf first) and two packed values,
 * optionally a string label key=val (string indices). */
static void put_sample(struct buf *b, const uint64_t *locs, size_t n, int64_t v0, int64_t v1,
		       uint64_t lkey, uint64_t lval)
{
	struct buf m, p;

	buf_init(&m);
	buf_init(&p);
	for (size_t i = 0; i < n; i++)
		protobuf_put_varint(&p, locs[i]);
	put_msg(&m, 1, &p);
	buf_reset(&p);
	protobuf_put_varint(&p, (uint64_t)v0);
	protobuf_put_varint(&p, (uint64_t)v1);
	put_msg(&m, 2, &p);
	if (lkey != 0) {
		buf_reset(&p);
		protobuf_put_uint(&p, 1, lkey);
		protobuf_put_uint(&p, 2, lval);
		put_msg(&m, 3, &p);
	}
	put_msg(b, 2, &m);
	buf_free(&m);
	buf_free(&p);
}

static const char *const strs[] = {
    "",		 "samples", "count",  "cpu", "nanoseconds", "main.main", "main.work",
    "main.leaf", "main.go", "worker", "a",   "b",	    "main.rec",
};

/* main.main -> main.work -> main.leaf (leaf inlined into work: one location
 * with two lines), recursion main.rec -> main.rec, labelled samples. */
static void build(struct buf *b, int extra)
{
	uint64_t l1[] = {1}, l2[] = {2}, l3[] = {3, 2}, l4[] = {4};
	uint64_t s1[] = {2, 1}, s2[] = {3, 1}, s3[] = {4, 4, 1};

	buf_init(b);
	put_vt(b, 1, 1, 2);
	put_vt(b, 1, 3, 4);
	put_sample(b, s1, 2, 1, 10000000, 9, 10); /* work <- main, worker=a */
	put_sample(b, s2, 2, 3, 30000000, 9, 11); /* leaf(inline in work) <- main, worker=b */
	put_sample(b, s3, 3, 2, 20000000, 0, 0);  /* rec <- rec <- main */
	put_loc(b, 1, l1, 1);
	put_loc(b, 2, l2, 1);
	(void)l3;
	{
		uint64_t f[] = {3, 2}; /* leaf inlined into work */
		put_loc(b, 3, f, 2);
	}
	put_loc(b, 4, l4, 1);
	put_func(b, 1, 5, 8);
	put_func(b, 2, 6, 8);
	put_func(b, 3, 7, 8);
	put_func(b, 4, 12, 8);
	for (size_t i = 0; i < ARRAY_LEN(strs); i++)
		protobuf_put_string(b, 6, strs[i]);
	protobuf_put_uint(b, 10, 1000000000); /* duration 1s */
	put_vt(b, 11, 3, 4);
	protobuf_put_uint(b, 12, 10000000);
	if (extra)
		protobuf_put_uint(b, 99, 7); /* unknown field: skipped */
}

static void gzip_buf(const struct buf *in, struct buf *out)
{
	z_stream z;

	memset(&z, 0, sizeof z);
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
			 Z_OK);
	buf_init(out);
	out->cap = deflateBound(&z, in->len) + 16;
	out->data = xmalloc(out->cap);
	z.next_in = (Bytef *)in->data;
	z.avail_in = (uInt)in->len;
	z.next_out = (Bytef *)out->data;
	z.avail_out = (uInt)out->cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	out->len = z.total_out;
	deflateEnd(&z);
}

/* ---- decoding ------------------------------------------------------------ */

static void test_decode(void **st)
{
	struct buf b, gz;
	struct pprof_profile p;
	char *cause = NULL;

	(void)st;
	build(&b, 1);
	gzip_buf(&b, &gz);
	assert_int_equal(pprof_decode(gz.data, gz.len, NULL, &p, &cause), 0);
	assert_int_equal(p.nsample_types, 2);
	assert_string_equal(pprof_str(&p, p.sample_types[1].type), "cpu");
	assert_int_equal(p.nsamples, 3);
	assert_int_equal(pprof_sample_values(&p, 1)[1], 30000000);
	assert_int_equal(p.nlocations, 4);
	assert_int_equal(p.locations[2].nline, 2);
	assert_string_equal(pprof_str(&p, p.functions[p.lines[p.locations[2].line_off].func].name),
			    "main.leaf");
	assert_int_equal(p.duration_nanos, 1000000000);
	assert_int_equal(p.period, 10000000);
	assert_int_equal(pprof_default_index(&p), 1);
	assert_int_equal(pprof_sample_index(&p, "samples", NULL), 0);
	assert_int_equal(pprof_sample_index(&p, "nope", &cause), -1);
	assert_non_null(strstr(cause, "samples cpu"));
	free(cause);
	assert_string_equal(pprof_kind(&p), "cpu");
	assert_int_equal(p.wire_bytes, gz.len);
	pprof_free(&p);
	pprof_free(NULL);
	buf_free(&b);
	buf_free(&gz);
}

static void expect_error(const struct buf *b, const char *want)
{
	struct pprof_profile p;
	char *cause = NULL;

	assert_int_equal(pprof_decode(b->data, b->len, NULL, &p, &cause), -1);
	assert_non_null(cause);
	if (strstr(cause, want) == NULL)
		fail_msg("error \"%s\" lacks \"%s\"", cause, want);
	free(cause);
	assert_null(p.strs); /* zeroed on error */
}

static void test_bad_ids(void **st)
{
	struct buf b;
	uint64_t bad[] = {77};
	uint64_t f[] = {99};

	(void)st;
	build(&b, 0);
	put_sample(&b, bad, 1, 1, 1, 0, 0);
	expect_error(&b, "location 77, not defined");
	buf_free(&b);

	build(&b, 0);
	put_loc(&b, 9, f, 1);
	expect_error(&b, "function 99, not defined");
	buf_free(&b);

	build(&b, 0);
	put_func(&b, 2, 5, 8); /* id 2 again */
	expect_error(&b, "function id 2 is defined twice");
	buf_free(&b);

	build(&b, 0);
	put_func(&b, 0, 5, 8);
	expect_error(&b, "function id 0 is zero");
	buf_free(&b);

	build(&b, 0);
	put_func(&b, 50, 5000, 8); /* name past the table */
	expect_error(&b, "refers to string 5000");
	buf_free(&b);

	build(&b, 0);
	{
		struct buf m, v;

		buf_init(&m);
		buf_init(&v);
		protobuf_put_varint(&v, 1);
		put_msg(&m, 2, &v); /* one value, two sample types */
		put_msg(&b, 2, &m);
		buf_free(&m);
		buf_free(&v);
	}
	expect_error(&b, "has 1 values but the profile declares 2");
	buf_free(&b);

	/* cut in the middle of a field */
	build(&b, 0);
	b.len -= 3;
	expect_error(&b, "malformed");
	buf_free(&b);
}

/* Location ids that are not 1..n in order take the hash map, not the
 * dense shortcut; both must give the same indices, and an id one past a
 * dense run is undefined. */
static void test_sparse_ids(void **st)
{
	struct buf b;
	struct pprof_profile p;
	char *cause = NULL;
	uint64_t f1[] = {1}, f2[] = {2}, s[] = {30, 10}, past[] = {3};

	(void)st;
	buf_init(&b);
	put_vt(&b, 1, 1, 2);
	put_vt(&b, 1, 3, 4);
	put_sample(&b, s, 2, 1, 5, 0, 0);
	put_loc(&b, 30, f1, 1); /* index 0 */
	put_loc(&b, 10, f2, 1); /* index 1 */
	put_func(&b, 1, 7, 8);
	put_func(&b, 2, 6, 8);
	for (size_t i = 0; i < ARRAY_LEN(strs); i++)
		protobuf_put_string(&b, 6, strs[i]);
	assert_int_equal(pprof_decode(b.data, b.len, NULL, &p, &cause), 0);
	assert_int_equal(p.nsample_locs, 2);
	assert_int_equal(p.sample_locs[0], 0);
	assert_int_equal(p.sample_locs[1], 1);
	pprof_free(&p);
	buf_free(&b);

	build(&b, 0); /* locations 1..4, dense */
	put_sample(&b, past, 1, 1, 1, 0, 0);
	past[0] = 5;
	put_sample(&b, past, 1, 1, 1, 0, 0);
	expect_error(&b, "location 5, not defined");
	buf_free(&b);
}

static void test_gzip_hostile(void **st)
{
	struct buf b, gz, big;
	struct pprof_profile p;
	struct pprof_limits lim = {0, MIB};
	char *cause = NULL;

	(void)st;
	build(&b, 0);
	gzip_buf(&b, &gz);
	gz.len /= 2;
	assert_int_equal(pprof_decode(gz.data, gz.len, NULL, &p, &cause), -1);
	assert_non_null(strstr(cause, "truncated"));
	free(cause);
	cause = NULL;
	buf_free(&gz);

	/* 64 MiB of zeros deflate to ~64 KiB: stopped at the 1 MiB cap. */
	buf_init(&big);
	big.data = xcalloc(1, 64 * MIB + 1);
	big.len = 64 * MIB;
	big.cap = big.len + 1;
	gzip_buf(&big, &gz);
	assert_true(gz.len < MIB);
	assert_int_equal(pprof_decode(gz.data, gz.len, &lim, &p, &cause), -1);
	assert_non_null(strstr(cause, "cap"));
	free(cause);
	cause = NULL;
	buf_free(&big);
	buf_free(&gz);

	/* over the wire cap before anything is read */
	lim.max_wire = 10;
	assert_int_equal(pprof_decode(b.data, b.len, &lim, &p, &cause), -1);
	assert_non_null(strstr(cause, "over"));
	free(cause);
	buf_free(&b);
	cause = NULL;
	assert_int_equal(pprof_decode("", 0, NULL, &p, &cause), -1);
	free(cause);
}

/* ---- graph and reports --------------------------------------------------- */

static struct pprof_node *node(struct pprof_graph *g, const char *name)
{
	for (size_t i = 0; i < g->nnodes; i++)
		if (strcmp(g->nodes[i].name, name) == 0)
			return &g->nodes[i];
	fail_msg("no node %s", name);
	return NULL;
}

static void load(struct pprof_profile *p)
{
	struct buf b;
	char *cause = NULL;

	build(&b, 0);
	if (pprof_decode(b.data, b.len, NULL, p, &cause) != 0)
		fail_msg("%s", cause);
	buf_free(&b);
}

static void test_graph(void **st)
{
	struct pprof_profile p;
	struct pprof_graph g;
	struct pprof_top t;

	(void)st;
	load(&p);
	assert_int_equal(pprof_graph_build(&g, &p, NULL, -1, NULL, PPROF_GRAN_FUNCTIONS, NULL), 0);
	assert_int_equal(g.total, 60000000);
	assert_int_equal(node(&g, "main.main")->cum, 60000000);
	assert_int_equal(node(&g, "main.main")->flat, 0);
	assert_int_equal(node(&g, "main.work")->flat, 10000000);
	assert_int_equal(node(&g, "main.work")->cum, 40000000);
	assert_int_equal(node(&g, "main.leaf")->flat, 30000000);
	/* recursion: cum counted once per sample */
	assert_int_equal(node(&g, "main.rec")->cum, 20000000);
	assert_int_equal(node(&g, "main.rec")->flat, 20000000);

	pprof_top(&g, 0, 2, 0.005, &t);
	assert_int_equal(t.nrows, 2);
	assert_int_equal(t.orig_count, 4);
	assert_string_equal(g.nodes[t.rows[0]].name, "main.leaf");
	assert_string_equal(g.nodes[t.rows[1]].name, "main.rec");
	assert_string_equal(t.out_unit, "ms");
	pprof_top_free(&t);

	pprof_graph_edges(&g, 1);
	assert_true(node(&g, "main.leaf")->in_inline);
	assert_false(node(&g, "main.leaf")->in_noinline);
	assert_true(node(&g, "main.work")->in_noinline);
	pprof_graph_free(&g);
	pprof_graph_free(NULL);
	pprof_free(&p);
}

static void test_top_text(void **st)
{
	struct pprof_profile p;
	struct pprof_graph g;
	struct buf out;

	(void)st;
	load(&p);
	buf_init(&out);
	assert_int_equal(pprof_graph_build(&g, &p, NULL, -1, NULL, PPROF_GRAN_FUNCTIONS, NULL), 0);
	pprof_report_top(&g, &p, NULL, 0, 0, &out);
	assert_string_equal(out.data,
			    "Type: cpu\n"
			    "Duration: 1s, Total samples = 60ms ( 6.00%)\n"
			    "Showing nodes accounting for 60ms, 100% of 60ms total\n"
			    "      flat  flat%   sum%        cum   cum%\n"
			    "      30ms 50.00% 50.00%       30ms 50.00%  main.leaf (inline)\n"
			    "      20ms 33.33% 83.33%       20ms 33.33%  main.rec\n"
			    "      10ms 16.67%   100%       40ms 66.67%  main.work\n"
			    "         0     0%   100%       60ms   100%  main.main\n");
	pprof_graph_free(&g);
	buf_free(&out);
	pprof_free(&p);
}

static void test_filters_and_diff(void **st)
{
	struct pprof_profile p, base;
	struct pprof_graph g;
	struct pprof_filter f = {0};
	char *cause = NULL;

	(void)st;
	load(&p);
	load(&base);
	f.tagfocus = "worker=a";
	assert_int_equal(pprof_graph_build(&g, &p, NULL, -1, &f, PPROF_GRAN_FUNCTIONS, NULL), 0);
	assert_int_equal(g.total, 60000000); /* pprof's total ignores filters */
	assert_int_equal(node(&g, "main.main")->cum, 10000000);
	pprof_graph_free(&g);

	f.tagfocus = NULL;
	f.tagignore = "worker:.*"; /* no key: matched against "key:value" */
	assert_int_equal(pprof_graph_build(&g, &p, NULL, -1, &f, PPROF_GRAN_FUNCTIONS, NULL), 0);
	assert_int_equal(node(&g, "main.main")->cum, 20000000);
	pprof_graph_free(&g);

	f.tagignore = NULL;
	f.focus = "leaf";
	assert_int_equal(pprof_graph_build(&g, &p, NULL, -1, &f, PPROF_GRAN_FUNCTIONS, NULL), 0);
	assert_int_equal(node(&g, "main.main")->cum, 30000000);
	pprof_graph_free(&g);

	f.focus = "(";
	assert_int_equal(pprof_graph_build(&g, &p, NULL, -1, &f, PPROF_GRAN_FUNCTIONS, &cause), -1);
	assert_non_null(strstr(cause, "regular expression"));
	free(cause);

	/* a profile diffed with itself: every node nets to zero and leaves */
	assert_int_equal(pprof_graph_build(&g, &p, &base, -1, NULL, PPROF_GRAN_FUNCTIONS, NULL), 0);
	assert_int_equal(g.total, 60000000);
	assert_int_equal(g.nnodes, 0);
	pprof_graph_free(&g);
	pprof_free(&p);
	pprof_free(&base);
}

static void test_escapes(void **st)
{
	struct buf b, out;
	struct pprof_profile p;
	struct pprof_graph g;
	uint64_t l[] = {1}, s[] = {1};
	char *cause = NULL;

	(void)st;
	buf_init(&b);
	put_vt(&b, 1, 1, 2);
	put_vt(&b, 1, 1, 2);
	put_sample(&b, s, 1, 5, 5, 0, 0);
	put_loc(&b, 1, l, 1);
	put_func(&b, 1, 3, 0);
	protobuf_put_string(&b, 6, "");
	protobuf_put_string(&b, 6, "objects");
	protobuf_put_string(&b, 6, "count");
	protobuf_put_string(&b, 6, "evil\x1b]0;pwned\x07\x1b[2J");
	assert_int_equal(pprof_decode(b.data, b.len, NULL, &p, &cause), 0);
	buf_init(&out);
	assert_int_equal(pprof_graph_build(&g, &p, NULL, -1, NULL, PPROF_GRAN_FUNCTIONS, NULL), 0);
	pprof_report_top(&g, &p, NULL, 0, 0, &out);
	assert_null(strchr(out.data, '\x1b'));
	assert_null(strchr(out.data, '\x07'));
	if (strstr(out.data, "evil\\x1b]0;pwned") == NULL)
		fail_msg("%s", out.data);
	buf_reset(&out);
	pprof_report_traces(&p, -1, &out);
	assert_null(strchr(out.data, '\x1b'));
	pprof_graph_free(&g);
	buf_free(&out);
	pprof_free(&p);
	buf_free(&b);
}

static void test_units(void **st)
{
	char s[64];

	(void)st;
	pprof_scaled_label(1536, "bytes", "minimum", s, sizeof s);
	assert_string_equal(s, "1.50kB");
	pprof_scaled_label(10000000, "nanoseconds", "minimum", s, sizeof s);
	assert_string_equal(s, "10ms");
	pprof_scaled_label(10000000, "nanoseconds", "s", s, sizeof s);
	assert_string_equal(s, "0.01s");
	pprof_scaled_label(-3 * 1048576, "bytes", "MB", s, sizeof s);
	assert_string_equal(s, "-3MB");
	pprof_scaled_label(42, "count", "count", s, sizeof s);
	assert_string_equal(s, "42");
	pprof_scaled_label(1, "bytes", "MB", s, sizeof s);
	assert_string_equal(s, "0");
	pprof_percentage(1, 3, s, sizeof s);
	assert_string_equal(s, "33.33%");
	pprof_percentage(1, 2000, s, sizeof s);
	assert_string_equal(s, " 0.05%");
	pprof_percentage(-9999, 10000, s, sizeof s);
	assert_string_equal(s, "  100%");
	pprof_percentage(0, 0, s, sizeof s);
	assert_string_equal(s, "    0%");
}

static void test_legacy(void **st)
{
	static const char heap[] = "heap profile: 2: 4096 [10: 40960] @ heap/1\n"
				   "2: 4096 [10: 40960] @ 0x401 0x402\n"
				   "#\t0x401\tmain.alloc+0x10\t/src/main.go:12\n"
				   "#\t0x402\tmain.main+0x20\t/src/main.go:30\n"
				   "\n"
				   "# runtime.MemStats\n";
	static const char block[] = "--- contention:\n"
				    "cycles/second=1000000000\n"
				    "5000 3 @ 0x501\n"
				    "#\t0x501\tsync.(*Mutex).Lock+0x1\t/go/sync/mutex.go:81\n";
	struct pprof_profile p;
	char *cause = NULL;

	(void)st;
	assert_int_equal(pprof_decode(heap, strlen(heap), NULL, &p, &cause), 0);
	assert_true(p.legacy);
	assert_int_equal(p.nsample_types, 4);
	assert_int_equal(p.nsamples, 1);
	assert_int_equal(pprof_sample_values(&p, 0)[1], 40960); /* alloc_space, rate 1 */
	assert_int_equal(pprof_sample_values(&p, 0)[3], 4096);	/* inuse_space */
	assert_int_equal(p.samples[0].nloc, 2);
	assert_string_equal(pprof_str(&p, p.functions[p.lines[0].func].name), "main.alloc");
	assert_int_equal(p.lines[0].line, 12);
	assert_string_equal(pprof_kind(&p), "heap");
	pprof_free(&p);

	assert_int_equal(pprof_decode(block, strlen(block), NULL, &p, &cause), 0);
	assert_int_equal(pprof_sample_values(&p, 0)[0], 3);    /* contentions */
	assert_int_equal(pprof_sample_values(&p, 0)[1], 5000); /* 5000 cycles at 1 GHz */
	assert_string_equal(pprof_str(&p, p.functions[0].name), "sync.(*Mutex).Lock");
	pprof_free(&p);
}

/* The fuzzer's reproducer (tests/fuzz/corpus/pprof/legacy-unterminated-frame):
 * a legacy text profile whose last line is a "#" frame with no newline, in a
 * buffer with no NUL after it. The parser used to scan for the ':' of
 * FILE:LINE from one byte past the end (and sscanf/strtoull had no
 * terminator either). Placed flush against a PROT_NONE page, any read past
 * the end faults here even without ASan. */
static void test_legacy_unterminated(void **st)
{
	static const char text[] = "heap profile: 1: 8 [1: 8] @ heap/1\n"
				   "1: 8 [1: 8] @ 0x401\n"
				   "#\t0x401\tmain.alloc+0x10\t/src/main.go";
	long pg = sysconf(_SC_PAGESIZE);
	size_t n = sizeof text - 1;
	char *m =
	    mmap(NULL, (size_t)pg * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *at;
	struct pprof_profile p;
	char *cause = NULL;

	(void)st;
	assert_true(m != MAP_FAILED);
	assert_int_equal(mprotect(m + pg, (size_t)pg, PROT_NONE), 0);
	at = m + pg - n;
	memcpy(at, text, n);
	assert_int_equal(pprof_decode(at, n, NULL, &p, &cause), 0);
	assert_int_equal(p.nsamples, 1);
	assert_int_equal(p.nfunctions, 1);
	assert_string_equal(pprof_str(&p, p.functions[0].name), "main.alloc");
	assert_string_equal(pprof_str(&p, p.functions[0].filename), "/src/main.go");
	pprof_free(&p);
	/* Every prefix of it too: each one ends flush against the guard page. */
	for (size_t k = 1; k < n; k++) {
		memmove(m + pg - k, text, k);
		if (pprof_decode(m + pg - k, k, NULL, &p, &cause) == 0)
			pprof_free(&p);
		free(cause);
		cause = NULL;
	}
	munmap(m, (size_t)pg * 2);
}

/* Second reproducer (tests/fuzz/corpus/pprof/legacy-frame-without-pc): a
 * "#" frame line with no PC. strtoull skipped the newline and took the next
 * line's digits, leaving the frame's end behind its start, and the file
 * name's length went negative. Such a line is now skipped. */
static void test_legacy_frame_without_pc(void **st)
{
	static const char text[] = "heap profile: 1: 8 [1: 8] @ heap/1\n"
				   "1: 8 [1: 8] @ 0x401\n"
				   "#\t\n"
				   "401\tmain.alloc+0x10\t/src/main.go:12\n"
				   "#\t0x401\tmain.alloc+0x10\t/src/main.go:12\n";
	struct pprof_profile p;
	char *cause = NULL;

	(void)st;
	assert_int_equal(pprof_decode(text, sizeof text - 1, NULL, &p, &cause), 0);
	assert_int_equal(p.nsamples, 1);
	assert_int_equal(p.nfunctions, 1);
	assert_string_equal(pprof_str(&p, p.functions[0].filename), "/src/main.go");
	assert_int_equal(p.lines[0].line, 12);
	pprof_free(&p);
}

/* Sums of huge values wrap as Go's int64 does in pprof (no undefined signed
 * overflow: build with `make sanitize` to see UBSan agree), and the reports
 * still print. */
static void test_huge_values(void **st)
{
	uint64_t s1[] = {2, 1};
	struct buf b, out;
	struct pprof_profile p;
	struct pprof_graph g;
	char *cause = NULL;

	(void)st;
	buf_init(&b);
	put_vt(&b, 1, 1, 2);
	put_vt(&b, 1, 3, 4);
	put_sample(&b, s1, 2, 1, INT64_MAX, 0, 0);
	put_sample(&b, s1, 2, 1, INT64_MAX, 0, 0);
	put_sample(&b, s1 + 1, 1, 1, INT64_MIN, 0, 0);
	put_loc(&b, 1, (uint64_t[]){1}, 1);
	put_loc(&b, 2, (uint64_t[]){2}, 1);
	put_func(&b, 1, 5, 8);
	put_func(&b, 2, 6, 8);
	for (size_t i = 0; i < ARRAY_LEN(strs); i++)
		protobuf_put_string(&b, 6, strs[i]);
	if (pprof_decode(b.data, b.len, NULL, &p, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(pprof_graph_build(&g, &p, NULL, -1, NULL, PPROF_GRAN_FUNCTIONS, NULL), 0);
	/* Go: MaxInt64 + MaxInt64 == -2; -MinInt64 == MinInt64 */
	assert_int_equal(node(&g, "main.work")->flat, -2);
	assert_int_equal(node(&g, "main.main")->flat, INT64_MIN);
	assert_int_equal(g.total, (int64_t)((uint64_t)-2 + (uint64_t)INT64_MIN));
	buf_init(&out);
	pprof_report_top(&g, &p, NULL, 0, 0, &out);
	pprof_report_traces(&p, -1, &out);
	assert_non_null(strstr(out.data, "main.work"));
	buf_free(&out);
	pprof_graph_free(&g);
	pprof_free(&p);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_decode),
	    cmocka_unit_test(test_bad_ids),
	    cmocka_unit_test(test_sparse_ids),
	    cmocka_unit_test(test_gzip_hostile),
	    cmocka_unit_test(test_graph),
	    cmocka_unit_test(test_top_text),
	    cmocka_unit_test(test_filters_and_diff),
	    cmocka_unit_test(test_escapes),
	    cmocka_unit_test(test_units),
	    cmocka_unit_test(test_legacy),
	    cmocka_unit_test(test_legacy_unterminated),
	    cmocka_unit_test(test_legacy_frame_without_pc),
	    cmocka_unit_test(test_huge_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
