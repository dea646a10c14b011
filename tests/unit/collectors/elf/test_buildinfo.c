/* Unit tests: the module text parser and Go quoting (expected strings were
 * produced by Go 1.19's runtime/debug and strconv), the .go.buildinfo blob
 * in both layouts on synthetic ELF files of either class and byte order,
 * the marker/buildVersion fallback, the Go build ID, and malformed ELF. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collectors/elf/buildinfo.h"
#include "collectors/elf/elfimage.h"
#include "collectors/elf/modinfo.h"
#include "tests/unit/synthelf.h"

static const char start_marker[] =
    "\x30\x77\xaf\x0c\x92\x74\x08\x02\x41\xe1\xc1\x07\xe6\xd6\x18\xe6";
static const char end_marker[] = "\xf9\x32\x43\x31\x86\x18\x20\x72\x00\x82\x42\x10\x41\x16\xd8\xf2";

static const char sample_mod[] = "path\texample.com/m\n"
				 "mod\texample.com/m\t(devel)\t\n"
				 "dep\ta.b/c\tv1.0.0\th1:x\n"
				 "dep\td.e/f\tv0.1.0\n"
				 "=>\t../f\t\t\n"
				 "build\t-ldflags=\"-X main.v=1 -s\"\n"
				 "build\t-tags=a,b\n"
				 "build\tCGO_ENABLED=1\n"
				 "build\tvcs.revision=0123456789abcdef0123456789abcdef01234567\n";

/* ---- module text ------------------------------------------------------ */

static char *parse_and_format(const char *text, char **cause)
{
	struct modinfo m;
	char *out = NULL;

	modinfo_init(&m);
	if (modinfo_parse(text, strlen(text), &m, cause) == 0)
		out = modinfo_format(&m);
	modinfo_clear(&m);
	return out;
}

static void test_format_matches_go(void **state)
{
	struct modinfo m;

	(void)state;
	modinfo_init(&m);
	assert_int_equal(modinfo_parse(sample_mod, strlen(sample_mod), &m, NULL), 0);
	assert_string_equal(m.path, "example.com/m");
	assert_string_equal(m.main.version, "(devel)");
	assert_int_equal(m.ndeps, 2);
	assert_null(m.deps[0].replace);
	assert_non_null(m.deps[1].replace);
	assert_string_equal(m.deps[1].replace->path, "../f");
	assert_string_equal(modinfo_setting(&m, "-ldflags"), "-X main.v=1 -s");
	assert_null(modinfo_setting(&m, "-trimpath"));
	char *s = modinfo_format(&m);
	/* Go 1.19 prints an empty line after a replacement: kept on purpose. */
	assert_string_equal(s, "path\texample.com/m\nmod\texample.com/m\t(devel)\t\n"
			       "dep\ta.b/c\tv1.0.0\th1:x\ndep\td.e/f\tv0.1.0\n=>\t../f\t\t\n\n"
			       "build\t-ldflags=\"-X main.v=1 -s\"\nbuild\t-tags=a,b\n"
			       "build\tCGO_ENABLED=1\n"
			       "build\tvcs.revision=0123456789abcdef0123456789abcdef01234567\n");
	free(s);
	modinfo_clear(&m);
	modinfo_clear(&m); /* safe twice */
}

static void test_quote_like_strconv(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"-X main.v=1 -s", "\"-X main.v=1 -s\""},
	    {"a\"b", "\"a\\\"b\""},
	    {"back`tick", "\"back`tick\""},
	    {"tab\there", "\"tab\\there\""},
	    {"h\xc3\xa9llo w\xc3\xb6rld", "\"h\xc3\xa9llo w\xc3\xb6rld\""},
	    {"\x01\x7f", "\"\\x01\\x7f\""},
	    {"\xff\xfe bad", "\"\\xff\\xfe bad\""},
	    {"nbsp\xc2\xa0x", "\"nbsp\\u00a0x\""},
	    {"zwsp\xe2\x80\x8bx", "\"zwsp\\u200bx\""},
	    {"emoji \xf0\x9f\x98\x80 ok", "\"emoji \xf0\x9f\x98\x80 ok\""},
	    {"\xe2\x80\xa8", "\"\\u2028\""},
	    {"\xf3\xa0\x80\x81", "\"\\U000e0001\""},
	    {"back\\slash", "\"back\\\\slash\""},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *q = modinfo_quote(cases[i].in, strlen(cases[i].in));
		assert_string_equal(q, cases[i].out);
		char *back = modinfo_unquote(q, strlen(q));
		/* invalid UTF-8 does not round-trip (it came back as \x escapes) */
		if (strstr(cases[i].in, "\xff") == NULL)
			assert_string_equal(back, cases[i].in);
		free(back);
		free(q);
	}
}

static void test_settings_quoting_roundtrip(void **state)
{
	char *cause = NULL, *s;

	(void)state;
	s = parse_and_format("build\t\"k\\x41\"=`raw \"v`\n", &cause);
	assert_string_equal(s, "build\tkA=\"raw \\\"v\"\n");
	free(s);
	s = parse_and_format("build\tk=\"\\u00e9\\101\"\n", &cause);
	assert_string_equal(s, "build\tk=\xc3\xa9"
			       "A\n");
	free(s);
	/* raw strings drop carriage returns; a missing sum prints as a tab */
	s = parse_and_format("path\tp\nmod\tm\tv\nbuild\tk=`a\rb`\n", &cause);
	assert_string_equal(s, "path\tp\nmod\tm\tv\t\nbuild\tk=ab\n");
	free(s);
	/* keys with spaces come back quoted, empty values stay bare */
	s = parse_and_format("build\t\"we ird\"=v\nbuild\tCGO_CFLAGS=\n", &cause);
	assert_string_equal(s, "build\t\"we ird\"=v\nbuild\tCGO_CFLAGS=\n");
	free(s);
	/* unknown lines and an unterminated last line are ignored, like Go */
	s = parse_and_format("go\tgo1.19\nfoo\tbar\npath\tx\npath\tunterminated", &cause);
	assert_string_equal(s, "path\tx\n");
	free(s);
	assert_null(cause);
}

static void test_parse_errors_like_go(void **state)
{
	static const struct {
		const char *in, *err;
	} cases[] = {
	    {"build\tk=\"unterminated\n", "line 1: invalid quoted value in build line"},
	    {"build\t\"k\"x=1\n", "line 1: unexpected character after quoted key: 'x'"},
	    {"build\t=v\n", "line 1: build line with missing key"},
	    {"build\tk v=1\n", "line 1: unquoted key \"k v\" must be quoted"},
	    {"build\tk=a b\n", "line 1: unquoted value \"a b\" must be quoted"},
	    {"build\t\n", "line 1: build line missing '='"},
	    {"build\tnoeq\n", "line 1: build line missing '=' after key"},
	    {"build\t\"k\"\n", "line 1: build line missing '=' after quoted key"},
	    {"build\t\"k\n", "line 1: invalid quoted key in build line"},
	    {"mod\ta\n", "line 1: expected 2 or 3 columns; got 1"},
	    {"dep\ta\tb\tc\td\n", "line 1: expected 2 or 3 columns; got 4"},
	    {"=>\ta\tb\n", "line 1: expected 3 columns for replacement; got 2"},
	    {"=>\ta\tb\tc\n", "line 1: replacement with no module on previous line"},
	    {"dep\ta\tb\n=>\ta\tb\t\n=>\tc\td\te\n",
	     "line 3: replacement with no module on previous line"},
	    {"path\tp\nbuild\tk=\"\\'\"\n", "line 2: invalid quoted value in build line"},
	    {"build\tk=\"\\ud800\"\n", "line 1: invalid quoted value in build line"},
	    {"build\tk=\"\\400\"\n", "line 1: invalid quoted value in build line"},
	    {"build\tk=\"a\"b\n", "line 1: invalid quoted value in build line"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *cause = NULL, *s = parse_and_format(cases[i].in, &cause);
		assert_null(s);
		assert_non_null(cause);
		assert_non_null(strstr(cause, "could not parse Go build info: "));
		if (strstr(cause, cases[i].err) == NULL)
			fail_msg("case %zu: want [%s], got [%s]", i, cases[i].err, cause);
		free(cause), cause = NULL;
	}
}

/* ---- synthetic binaries ----------------------------------------------- */

static void put_uvarint(unsigned char *b, size_t *n, size_t v)
{
	while (v >= 0x80) {
		b[(*n)++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	b[(*n)++] = (unsigned char)v;
}

/* modinfo framed by cmd/go's markers */
static size_t framed(char *out, const char *text)
{
	size_t n = strlen(text);

	memcpy(out, start_marker, 16);
	memcpy(out + 16, text, n);
	memcpy(out + 16 + n, end_marker, 16);
	return n + 32;
}

/* A Go 1.18+ binary: the inline blob in .go.buildinfo. */
static unsigned char *inline_binary(int is64, int big, const char *vers, const char *mod,
				    int with_note, int no_sections, size_t *len)
{
	static unsigned char blob[8192], note[256];
	static char fr[4096];
	struct synth s = {.is64 = is64, .big = big, .no_sections = no_sections};
	size_t n = 32, fl = framed(fr, mod);

	memset(blob, 0, sizeof blob);
	memcpy(blob, "\xff Go buildinf:", 14);
	blob[14] = is64 ? 8 : 4;
	blob[15] = (unsigned char)(2 | (big ? 1 : 0));
	put_uvarint(blob, &n, strlen(vers));
	memcpy(blob + n, vers, strlen(vers));
	n += strlen(vers);
	put_uvarint(blob, &n, fl);
	memcpy(blob + n, fr, fl);
	n += fl;
	synth_add(&s, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 0x401000, "\xc3", 1);
	if (with_note)
		synth_add(&s, ".note.go.buildid", SHT_NOTE, SHF_ALLOC, 0x400f9c, note,
			  synth_go_note("abc/def/ghi/jkl", big, note, sizeof note));
	synth_add(&s, ".go.buildinfo", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 0x500000, blob,
		  synth_align(n, 16));
	return synth_build(&s, len);
}

/* A binary from before Go 1.18: the blob holds pointers to string headers
 * in .data, whose bytes are in .rodata. */
static unsigned char *pointer_binary(int is64, int big, const char *vers, const char *mod,
				     size_t *len)
{
	static unsigned char blob[32], data[64];
	static char rodata[4096];
	struct synth s = {.is64 = is64, .big = big};
	int w = is64 ? 8 : 4;
	uint64_t ro = 0x480000, da = 0x510000;
	size_t vl = strlen(vers), fl;

	memcpy(rodata, vers, vl);
	fl = framed(rodata + 64, mod);
	memset(blob, 0, sizeof blob);
	memcpy(blob, "\xff Go buildinf:", 14);
	blob[14] = (unsigned char)w;
	blob[15] = big ? 1 : 0;
	synth_put(blob + 16, da, w, big);
	synth_put(blob + 16 + w, da + 2 * (uint64_t)w, w, big);
	synth_put(data, ro, w, big); /* buildVersion: data, len */
	synth_put(data + w, vl, w, big);
	synth_put(data + 2 * w, ro + 64, w, big); /* modinfo: data, len */
	synth_put(data + 3 * w, fl, w, big);
	synth_add(&s, ".rodata", SHT_PROGBITS, SHF_ALLOC, ro, rodata, 64 + fl);
	synth_add(&s, ".go.buildinfo", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 0x500000, blob, 32);
	synth_add(&s, ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, da, data, 4 * (size_t)w);
	return synth_build(&s, len);
}

static void expect_sample(const struct buildinfo *bi, const char *vers)
{
	assert_string_equal(bi->go_version, vers);
	assert_string_equal(bi->mod.path, "example.com/m");
	assert_int_equal(bi->mod.ndeps, 2);
	assert_string_equal(buildinfo_setting(bi, "-tags"), "a,b");
	char *text = buildinfo_format(bi, "bin");
	assert_non_null(strstr(text, "bin: "));
	assert_non_null(strstr(text, "\n\tpath\texample.com/m\n\tmod\texample.com/m\t(devel)\t\n"));
	assert_non_null(strstr(text, "\n\tbuild\t-ldflags=\"-X main.v=1 -s\"\n"));
	free(text);
}

static void test_inline_layout_all_shapes(void **state)
{
	(void)state;
	for (int is64 = 0; is64 < 2; is64++)
		for (int big = 0; big < 2; big++) {
			size_t len;
			unsigned char *b =
			    inline_binary(is64, big, "go1.21.4", sample_mod, 1, 0, &len);
			struct buildinfo *bi = NULL;
			char *cause = NULL;
			if (buildinfo_parse(b, len, "synth", &bi, &cause) != 0)
				fail_msg("is64=%d big=%d: %s", is64, big, cause);
			expect_sample(bi, "go1.21.4");
			assert_int_equal(bi->layout, BUILDINFO_LAYOUT_INLINE);
			assert_int_equal(bi->source, BUILDINFO_SRC_SECTION);
			assert_int_equal(bi->ptrsize, is64 ? 8 : 4);
			assert_int_equal(bi->big_endian, big);
			assert_string_equal(bi->build_id, "abc/def/ghi/jkl");
			assert_int_equal(bi->missing.n, 0);
			buildinfo_free(bi);
			free(b);
		}
}

static void test_pointer_layout_all_shapes(void **state)
{
	(void)state;
	for (int is64 = 0; is64 < 2; is64++)
		for (int big = 0; big < 2; big++) {
			size_t len;
			unsigned char *b = pointer_binary(is64, big, "go1.17.13", sample_mod, &len);
			struct buildinfo *bi = NULL;
			char *cause = NULL;
			if (buildinfo_parse(b, len, "synth", &bi, &cause) != 0)
				fail_msg("is64=%d big=%d: %s", is64, big, cause);
			expect_sample(bi, "go1.17.13");
			assert_int_equal(bi->layout, BUILDINFO_LAYOUT_POINTER);
			assert_int_equal(bi->big_endian, big);
			assert_null(bi->build_id);
			assert_int_equal(bi->missing.n, 1); /* the build ID */
			buildinfo_free(bi);
			free(b);
		}
}

static void test_no_section_headers_uses_segment(void **state)
{
	size_t len;
	unsigned char *b = inline_binary(1, 0, "go1.20", sample_mod, 1, 1, &len);
	struct buildinfo *bi = NULL;

	(void)state;
	assert_int_equal(buildinfo_parse(b, len, "synth", &bi, NULL), 0);
	assert_int_equal(bi->source, BUILDINFO_SRC_SEGMENT);
	expect_sample(bi, "go1.20");
	assert_string_equal(bi->build_id, "abc/def/ghi/jkl"); /* from PT_NOTE */
	buildinfo_free(bi);
	free(b);
}

static void test_unframed_modinfo_is_empty(void **state)
{
	size_t len;
	/* Built without modules: the text is not framed, Go treats it as empty. */
	unsigned char *b = inline_binary(1, 0, "go1.19.8", "", 0, 0, &len);
	struct buildinfo *bi = NULL;

	(void)state;
	assert_int_equal(buildinfo_parse(b, len, "synth", &bi, NULL), 0);
	char *text = buildinfo_format(bi, "x");
	assert_string_equal(text, "x: go1.19.8\n");
	free(text);
	buildinfo_free(bi);
	free(b);
}

/* Like the npm esbuild binary (Go 1.26): no blob at all. */
static unsigned char *scan_binary(int with_version, int with_mod, size_t *len)
{
	static char rodata[4096];
	static unsigned char data[64];
	struct synth s = {.is64 = 1};
	uint64_t ro = 0x9a7000;
	size_t fl = 0;

	memset(rodata, 0, sizeof rodata);
	memcpy(rodata, "go1.26.5", 8);
	memcpy(rodata + 16, "go1.9", 5); /* an older-looking version string loses */
	if (with_mod)
		fl = framed(rodata + 128, sample_mod);
	memset(data, 0, sizeof data);
	if (with_version) {
		synth_put(data + 16, ro + 16, 8, 0);
		synth_put(data + 24, 5, 8, 0);
		synth_put(data + 32, ro, 8, 0);
		synth_put(data + 40, 8, 8, 0);
	}
	synth_add(&s, ".rodata", SHT_PROGBITS, SHF_ALLOC, ro, rodata, 128 + fl + 8);
	synth_add(&s, ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 0xec9ea0, data, sizeof data);
	return synth_build(&s, len);
}

static void test_fallback_scan(void **state)
{
	size_t len;
	unsigned char *b = scan_binary(1, 1, &len);
	struct buildinfo *bi = NULL;
	char *cause = NULL;

	(void)state;
	assert_int_equal(buildinfo_parse(b, len, "esbuild", &bi, &cause), 0);
	assert_int_equal(bi->source, BUILDINFO_SRC_SCAN);
	expect_sample(bi, "go1.26.5");
	assert_true(bi->missing.n >= 2);
	assert_non_null(strstr(bi->missing.v[0], "no .go.buildinfo section"));
	cJSON *j = buildinfo_to_json(bi);
	assert_string_equal(cJSON_GetObjectItem(j, "source")->valuestring, "scan");
	assert_string_equal(cJSON_GetObjectItem(j, "go_version")->valuestring, "go1.26.5");
	cJSON_Delete(j);
	buildinfo_free(bi);
	free(b);

	b = scan_binary(1, 0, &len);
	assert_int_equal(buildinfo_parse(b, len, "esbuild", &bi, &cause), 0);
	assert_int_equal(bi->mod.ndeps, 0);
	assert_non_null(strstr(bi->missing.v[1], "no module info"));
	buildinfo_free(bi);
	free(b);

	b = scan_binary(0, 1, &len);
	assert_int_equal(buildinfo_parse(b, len, "esbuild", &bi, &cause), -1);
	assert_null(bi);
	assert_non_null(strstr(cause, "esbuild: not a Go executable"));
	assert_non_null(strstr(cause, "markers were found"));
	free(cause), cause = NULL;
	free(b);
}

static void test_hostile_blobs(void **state)
{
	size_t len;
	char *cause = NULL;
	struct buildinfo *bi = NULL;

	(void)state;
	/* A uvarint length far past the section: the blob is unusable and no
	 * string header names the version, so it is not Go; the markers were
	 * still seen. */
	unsigned char *b = inline_binary(1, 0, "go1.21", sample_mod, 0, 0, &len);
	unsigned char *p = memmem(b, len, "\xff Go buildinf:", 14);
	assert_non_null(p);
	memcpy(p + 32, "\xff\xff\xff\xff\x7f", 5);
	assert_int_equal(buildinfo_parse(b, len, "x", &bi, &cause), -1);
	assert_non_null(strstr(cause, "x: not a Go executable"));
	assert_non_null(strstr(cause, "markers were found"));
	free(cause), cause = NULL;
	free(b);

	/* Pointer layout with wild pointers, then a bad pointer size: the blob
	 * is rejected and the scan still finds buildVersion's header in .data. */
	b = pointer_binary(1, 0, "go1.16", sample_mod, &len);
	p = memmem(b, len, "\xff Go buildinf:", 14);
	memset(p + 16, 0xee, 16);
	assert_int_equal(buildinfo_parse(b, len, "x", &bi, &cause), 0);
	assert_int_equal(bi->source, BUILDINFO_SRC_SCAN);
	assert_string_equal(bi->go_version, "go1.16");
	buildinfo_free(bi);
	p[14] = 3;
	assert_int_equal(buildinfo_parse(b, len, "x", &bi, &cause), 0);
	assert_int_equal(bi->source, BUILDINFO_SRC_SCAN);
	buildinfo_free(bi);
	free(b);
}

static void test_malformed_elf(void **state)
{
	size_t len;
	unsigned char *good = inline_binary(1, 0, "go1.21", sample_mod, 1, 0, &len);
	static const struct {
		const char *what;
		size_t len;
		const char *expect;
	} cuts[] = {
	    {"empty", 0, "not an ELF file"}, {"3 bytes", 3, "not an ELF file"},
	    {"ident only", 16, "truncated"}, {"header only", 64, "truncated"},
	    {"half", 0, "truncated"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
		struct buildinfo *bi = NULL;
		char *cause = NULL;
		size_t n = cuts[i].len ? cuts[i].len : (i == 0 ? 0 : len / 2);
		assert_int_equal(buildinfo_parse(good, n, "cut", &bi, &cause), -1);
		assert_null(bi);
		if (strstr(cause, cuts[i].expect) == NULL)
			fail_msg("%s: want [%s] in [%s]", cuts[i].what, cuts[i].expect, cause);
		assert_non_null(strstr(cause, "cut"));
		free(cause), cause = NULL;
	}
	/* text, a script, a bad class byte */
	static const char *junk[] = {"hello, world\n", "#!/bin/sh\necho hi\n",
				     "\x7f"
				     "ELF\x07\x01\x01"
				     "0000000000000000000000000000000"};
	for (size_t i = 0; i < 3; i++) {
		struct buildinfo *bi = NULL;
		char *cause = NULL;
		assert_int_equal(buildinfo_parse(junk[i], strlen(junk[i]), "junk", &bi, &cause),
				 -1);
		assert_non_null(strstr(cause, i < 2 ? "not an ELF file" : "malformed ELF header"));
		free(cause), cause = NULL;
	}
	/* every single-byte corruption of the header area: never a crash */
	for (size_t i = 0; i < 256 && i < len; i++) {
		unsigned char *c = malloc(len);
		memcpy(c, good, len);
		c[i] ^= 0xff;
		struct buildinfo *bi = NULL;
		char *cause = NULL;
		if (buildinfo_parse(c, len, "flip", &bi, &cause) == 0)
			buildinfo_free(bi);
		else
			free(cause), cause = NULL;
		free(c);
	}
	free(good);
}

static void test_files_and_non_go(void **state)
{
	char path[] = "/tmp/gt-bi-XXXXXX";
	int fd = mkstemp(path);
	size_t len;
	unsigned char *b = inline_binary(0, 1, "go1.22.1", sample_mod, 1, 0, &len);
	struct buildinfo *bi = NULL;
	char *cause = NULL;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, b, len), (ssize_t)len);
	close(fd);
	assert_int_equal(buildinfo_load(path, &bi, &cause), 0);
	expect_sample(bi, "go1.22.1");
	buildinfo_free(bi);
	unlink(path);
	free(b);

	/* this test program is an ELF file, but not a Go one */
	assert_int_equal(buildinfo_load("/proc/self/exe", &bi, &cause), -1);
	assert_non_null(strstr(cause, "not a Go executable"));
	free(cause), cause = NULL;
	cause = NULL;
	assert_int_equal(buildinfo_load("/nonexistent/x", &bi, &cause), -1);
	assert_non_null(strstr(cause, "/nonexistent/x"));
	free(cause), cause = NULL;
	cause = NULL;
	assert_int_equal(buildinfo_load("/tmp", &bi, &cause), -1);
	assert_non_null(strstr(cause, "not a regular file"));
	free(cause), cause = NULL;
	buildinfo_free(NULL);
}

static void test_diff_and_json(void **state)
{
	size_t la, lb;
	unsigned char *a = inline_binary(1, 0, "go1.21.4", sample_mod, 1, 0, &la);
	char other[sizeof sample_mod + 64];
	struct buildinfo *x = NULL, *y = NULL;
	struct strlist d = {0};

	(void)state;
	snprintf(other, sizeof other, "%s", sample_mod);
	memcpy(strstr(other, "-tags=a,b"), "-tags=a,c", 9);
	unsigned char *b = inline_binary(1, 0, "go1.21.5", other, 0, 0, &lb);
	assert_int_equal(buildinfo_parse(a, la, "a", &x, NULL), 0);
	assert_int_equal(buildinfo_parse(b, lb, "b", &y, NULL), 0);
	assert_int_equal(buildinfo_diff(x, x, &d), 0);
	assert_int_equal(buildinfo_diff(x, y, &d), 3);
	assert_string_equal(d.v[0], "go version: go1.21.4 != go1.21.5");
	assert_string_equal(d.v[1], "build ID: abc/def/ghi/jkl != (none)");
	assert_string_equal(d.v[2], "build -tags: a,b != a,c");
	cJSON *j = buildinfo_to_json(x);
	cJSON *deps = cJSON_GetObjectItem(j, "deps");
	assert_int_equal(cJSON_GetArraySize(deps), 2);
	cJSON *rep = cJSON_GetObjectItem(cJSON_GetArrayItem(deps, 1), "replace");
	assert_string_equal(cJSON_GetObjectItem(rep, "path")->valuestring, "../f");
	assert_string_equal(cJSON_GetObjectItem(j, "layout")->valuestring, "inline");
	cJSON_Delete(j);
	strlist_free(&d);
	buildinfo_free(x);
	buildinfo_free(y);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_format_matches_go),
	    cmocka_unit_test(test_quote_like_strconv),
	    cmocka_unit_test(test_settings_quoting_roundtrip),
	    cmocka_unit_test(test_parse_errors_like_go),
	    cmocka_unit_test(test_inline_layout_all_shapes),
	    cmocka_unit_test(test_pointer_layout_all_shapes),
	    cmocka_unit_test(test_no_section_headers_uses_segment),
	    cmocka_unit_test(test_unframed_modinfo_is_empty),
	    cmocka_unit_test(test_fallback_scan),
	    cmocka_unit_test(test_hostile_blobs),
	    cmocka_unit_test(test_malformed_elf),
	    cmocka_unit_test(test_files_and_non_go),
	    cmocka_unit_test(test_diff_and_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
