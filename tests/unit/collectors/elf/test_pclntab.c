/* Unit tests: the function table for every pclntab header Go has shipped
 * (1.2, 1.16, 1.18, 1.20+), written from docs/formats.md in either byte order
 * and pointer size; the text start of Go 1.26 binaries (header field 0)
 * from runtime.text, moduledata (.go.module, a writable segment, or a RELA
 * relocation) or .text; finding the table without sections; package
 * initialisers; and truncated or corrupt tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/elf/elfimage.h"
#include "collectors/elf/pclntab.h"
#include "tests/unit/synthelf.h"

static const uint32_t magics[] = {0xfffffffb, 0xfffffffa, 0xfffffff0, 0xfffffff1};

static const char *const names[] = {
    "internal/cpu.Initialize",
    "runtime.init.0",
    "runtime.main",
    "main.init",
    "main.init.0",
    "main.init.func1",
    "main.(*T).init",
    "gopkg.in/yaml%2ev3.init",
    "main.T.init",
    "x/y.map.init.0",
    "main.handler",
    "main.main",
};
#define NF ((int)(sizeof names / sizeof names[0]))
#define TEXT 0x401000u

struct table {
	unsigned char buf[4096];
	size_t len;
	size_t nameoff; /* offset of the name table */
	size_t pclnoff; /* offset funcoffs are relative to */
};

static uint64_t entry_of(int i)
{
	return TEXT + 0x40 * (uint64_t)i;
}

/* Writes a pclntab of version v (0..3) as the linker does. */
static void build_table(struct table *t, int v, int ps, int big, uint64_t text_field)
{
	size_t words = v == 0 ? 1 : v == 1 ? 7 : 8, hdr = 8 + words * (size_t)ps;
	size_t field = v >= 2 ? 4 : (size_t)ps, recsz = synth_align(field + 28, (size_t)ps);
	size_t nameat[NF], off;
	unsigned char *b = t->buf;

	memset(t, 0, sizeof *t);
	synth_put(b, magics[v], 4, big);
	b[6] = 1;
	b[7] = (unsigned char)ps;
	synth_put(b + 8, NF, ps, big);
	if (v == 0) { /* 1.2: functab right after nfunc, names after the records */
		t->pclnoff = 0;
		size_t ftab = 8 + (size_t)ps,
		       recs = synth_align(ftab + (2 * NF + 1) * field + 4, 8);
		off = recs + NF * recsz;
		t->nameoff = 0;
		for (int i = 0; i < NF; i++) {
			nameat[i] = off;
			strcpy((char *)b + off, names[i]);
			off += strlen(names[i]) + 1;
		}
		for (int i = 0; i < NF; i++) {
			synth_put(b + ftab + 2 * i * field, entry_of(i), ps, big);
			synth_put(b + ftab + (2 * i + 1) * field, recs + i * recsz, ps, big);
			synth_put(b + recs + i * recsz, entry_of(i), ps, big);
			synth_put(b + recs + i * recsz + ps, nameat[i], 4, big);
		}
		synth_put(b + ftab + 2 * NF * field, entry_of(NF), ps, big);
		t->len = off;
		return;
	}
	/* 1.16+: names first, then the function table region */
	t->nameoff = hdr;
	off = hdr;
	for (int i = 0; i < NF; i++) {
		nameat[i] = off - hdr;
		strcpy((char *)b + off, names[i]);
		off += strlen(names[i]) + 1;
	}
	t->pclnoff = synth_align(off, 8);
	size_t recs = synth_align((2 * NF + 1) * field, 8);
	for (int i = 0; i < NF; i++) {
		uint64_t e = v >= 2 ? entry_of(i) - TEXT : entry_of(i);
		synth_put(b + t->pclnoff + 2 * i * field, e, (int)field, big);
		synth_put(b + t->pclnoff + (2 * i + 1) * field, recs + i * recsz, (int)field, big);
		unsigned char *rec = b + t->pclnoff + recs + i * recsz;
		synth_put(rec, e, (int)field, big);
		synth_put(rec + field, nameat[i], 4, big);
	}
	synth_put(b + t->pclnoff + 2 * NF * field, v >= 2 ? entry_of(NF) - TEXT : entry_of(NF),
		  (int)field, big);
	t->len = t->pclnoff + recs + NF * recsz;
	if (v == 1) { /* nfiles, funcnametab, cutab, filetab, pctab, pclntab */
		uint64_t w[] = {0, hdr, t->pclnoff, t->pclnoff, t->pclnoff, t->pclnoff};
		for (int k = 0; k < 6; k++)
			synth_put(b + 8 + (size_t)(k + 1) * ps, w[k], ps, big);
	} else { /* nfiles, textStart, funcname, cu, filetab, pctab, pcln */
		uint64_t w[] = {0, text_field, hdr, t->pclnoff, t->pclnoff, t->pclnoff, t->pclnoff};
		for (int k = 0; k < 7; k++)
			synth_put(b + 8 + (size_t)(k + 1) * ps, w[k], ps, big);
	}
}

static void expect_table(const struct functab *ft, int check_entries)
{
	assert_int_equal(functab_count(ft), NF);
	for (int i = 0; i < NF; i++) {
		assert_string_equal(functab_name(ft, (size_t)i), names[i]);
		if (check_entries && functab_entry(ft, (size_t)i) != entry_of(i))
			fail_msg("entry %d: 0x%llx, want 0x%llx (text from %s)", i,
				 (unsigned long long)functab_entry(ft, (size_t)i),
				 (unsigned long long)entry_of(i), ft->text_source);
	}
	assert_null(functab_name(ft, NF));
	assert_int_equal(functab_entry(ft, NF), 0);
}

static void test_every_version_shape(void **state)
{
	struct table t;

	(void)state;
	for (int v = 0; v < 4; v++)
		for (int shape = 0; shape < 4; shape++) {
			int ps = shape & 1 ? 4 : 8, big = shape >> 1;
			struct functab *ft = NULL;
			char *cause = NULL;
			build_table(&t, v, ps, big, TEXT);
			if (functab_parse(t.buf, t.len, 0, &ft, &cause) != 0)
				fail_msg("v=%d ps=%d big=%d: %s", v, ps, big, cause);
			assert_int_equal(ft->version, (enum pclntab_version)v);
			assert_int_equal(ft->ptrsize, ps);
			assert_int_equal(ft->big_endian, big);
			expect_table(ft, 1);
			functab_free(ft);
		}
}

/* functab_search's literal prefilter must never drop a real match:
 * compare with regexec over every name, for chosen and random patterns. */
static void test_search_agrees_with_regexec(void **state)
{
	static const char *const fixed[] = {
	    "main",
	    "^main\\.",
	    "ma*in",
	    "m(a|x)in",
	    "a|b",
	    "^main\\.(main|handler)$",
	    "init\\.[0-9]+$",
	    "x?y",
	    "[.]init",
	    "\\(\\*T\\)",
	    "init{1}",
	    "in+it",
	    "(init)",
	    "yaml%2ev3",
	    "\\.init$",
	    ".",
	    "^$",
	    "i{0}n",
	    "[]a]in",
	    "[^m]ain",
	    "ma\\|in",
	    "main\\.init\\.?",
	    "(ma)(in)",
	    "m.?ain",
	    "T\\.init",
	};
	static const char tokens[][4] = {"m", "a", "i", "n", ".", "\\.", "*",	"+", "?", "^",
					 "$", "(", ")", "|", "[", "]",	 "{1}", "t", "/", "0"};
	struct table t;
	struct functab *ft = NULL;
	char re[64];

	(void)state;
	build_table(&t, 3, 8, 0, TEXT);
	assert_int_equal(functab_parse(t.buf, t.len, TEXT, &ft, NULL), 0);
	srand(7);
	for (int k = 0; k < 3000; k++) {
		const char *pat = re;
		if (k < (int)(sizeof fixed / sizeof fixed[0])) {
			pat = fixed[k];
		} else {
			re[0] = '\0';
			for (int j = 0, n = 1 + rand() % 8; j < n; j++)
				strcat(re,
				       tokens[rand() % (int)(sizeof tokens / sizeof tokens[0])]);
		}
		regex_t rx;
		if (regcomp(&rx, pat, REG_EXTENDED | REG_NOSUB) != 0)
			continue;
		size_t *idx = NULL;
		long n = functab_search(ft, pat, &idx, NULL);
		long want = 0;
		for (int i = 0; i < NF; i++)
			if (regexec(&rx, names[i], 0, NULL, 0) == 0) {
				if (want >= n || idx[want] != (size_t)i)
					fail_msg("pattern [%s]: %s missed", pat, names[i]);
				want++;
			}
		if (want != n)
			fail_msg("pattern [%s]: %ld matches, regexec says %ld", pat, n, want);
		free(idx);
		regfree(&rx);
	}
	functab_free(ft);
}

static void test_text_start_zero_needs_a_source(void **state)
{
	struct table t;
	struct functab *ft = NULL;

	(void)state;
	build_table(&t, 3, 8, 0, 0); /* Go 1.26 writes 0 in the header */
	assert_int_equal(functab_parse(t.buf, t.len, 0, &ft, NULL), 0);
	assert_int_equal(functab_entry(ft, 2), entry_of(2) - TEXT);
	assert_string_equal(ft->text_source, "unknown (entries are offsets)");
	functab_free(ft);
	assert_int_equal(functab_parse(t.buf, t.len, TEXT, &ft, NULL), 0);
	expect_table(ft, 1);
	assert_string_equal(ft->text_source, "caller");
	functab_free(ft);
}

static void test_find_search_inits(void **state)
{
	struct table t;
	struct functab *ft = NULL;
	size_t *idx = NULL;
	char *cause = NULL;

	(void)state;
	build_table(&t, 2, 8, 0, TEXT);
	assert_int_equal(functab_parse(t.buf, t.len, 0, &ft, NULL), 0);
	assert_int_equal(functab_find(ft, "main.main"), NF - 1);
	assert_int_equal(functab_find(ft, "main.mai"), -1);
	assert_int_equal(functab_find(ft, "main.main.x"), -1);
	assert_int_equal(functab_search(ft, "handler", &idx, NULL), 1); /* literal */
	assert_int_equal(idx[0], 10);
	free(idx);
	assert_int_equal(functab_search(ft, "^main\\.(main|handler)$", &idx, NULL), 2);
	assert_int_equal(idx[0], 10);
	assert_int_equal(idx[1], 11);
	free(idx);
	assert_int_equal(functab_search(ft, "nomatch", &idx, NULL), 0);
	free(idx);
	assert_int_equal(functab_search(ft, "(", &idx, &cause), -1);
	assert_non_null(strstr(cause, "bad regular expression"));
	free(cause), cause = NULL;

	size_t n = functab_inits(ft, &idx);
	assert_int_equal(n, 4);
	assert_string_equal(functab_name(ft, idx[0]), "runtime.init.0");
	assert_string_equal(functab_name(ft, idx[1]), "main.init");
	assert_string_equal(functab_name(ft, idx[2]), "main.init.0");
	assert_string_equal(functab_name(ft, idx[3]), "gopkg.in/yaml%2ev3.init");
	free(idx);
	functab_free(ft);

	assert_true(functab_is_init("github.com/a/b.init.12"));
	assert_false(functab_is_init("init"));
	assert_false(functab_is_init(".init"));
	assert_false(functab_is_init("main.init."));
	assert_false(functab_is_init("main.init.0.func1"));
	assert_false(functab_is_init("type:.eq.init"));
	assert_false(functab_is_init("a/b.(*T).init"));
}

/* ---- in ELF files --------------------------------------------------------- */

#define PCLN_ADDR 0xaf6e80u

struct elfcase {
	int go_module;	 /* moduledata in a .go.module section */
	int noptrdata;	 /* moduledata in .noptrdata instead */
	int symbol;	 /* a runtime.text symbol */
	int no_sections; /* no section headers: found by scanning */
	int relro_name;	 /* section named .data.rel.ro.gopclntab */
	int pie_relocs;	 /* ET_DYN, moduledata words 0 in the file, RELA addends */
};

static unsigned char *elf_with_table(const struct table *t, const struct elfcase *c, size_t *len)
{
	static unsigned char md[23 * 8], rela[23 * 24], *sym;
	static char *str;
	struct synth s = {.is64 = 1, .no_sections = c->no_sections};
	size_t symlen, strlen_;
	uint64_t mdaddr = c->go_module ? 0xe7b080 : 0xe7b2e0;
	uint64_t words[23] = {0};

	words[0] = PCLN_ADDR;
	words[1] = PCLN_ADDR + t->nameoff;
	words[16] = PCLN_ADDR + t->pclnoff;
	words[20] = TEXT; /* minpc */
	words[22] = TEXT;
	memset(md, 0, sizeof md);
	memset(rela, 0, sizeof rela);
	for (int i = 0; i < 23; i++)
		if (!c->pie_relocs)
			synth_put(md + 8 * i, words[i], 8, 0);
	int k = 0;
	for (int i = 0; i < 23 && c->pie_relocs; i++)
		if (words[i] != 0) { /* r_offset, r_info (R_X86_64_RELATIVE), r_addend */
			synth_put(rela + 24 * k, mdaddr + 8 * (uint64_t)i, 8, 0);
			synth_put(rela + 24 * k + 8, 8, 8, 0);
			synth_put(rela + 24 * k + 16, words[i], 8, 0);
			k++;
		}
	s.type = c->pie_relocs ? ET_DYN : ET_EXEC;
	synth_add(&s, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, TEXT, "\xc3", 1);
	synth_add(&s, c->relro_name ? ".data.rel.ro.gopclntab" : ".gopclntab", SHT_PROGBITS,
		  SHF_ALLOC, PCLN_ADDR, t->buf, t->len);
	if (c->go_module || c->noptrdata)
		synth_add(&s, c->go_module ? ".go.module" : ".noptrdata", SHT_PROGBITS,
			  SHF_ALLOC | SHF_WRITE, mdaddr, md, sizeof md);
	if (c->pie_relocs) {
		int i =
		    synth_add(&s, ".rela.dyn", SHT_RELA, SHF_ALLOC, 0x1000, rela, 24 * (size_t)k);
		s.sec[i - 1].entsize = 24;
	}
	if (c->symbol) {
		static const char *const syms[] = {"runtime.text", "main.main"};
		static const uint64_t vals[] = {TEXT, TEXT + 0x40 * (NF - 1)};
		free(sym);
		free(str);
		synth_symtab(1, 0, syms, vals, 2, &sym, &symlen, &str, &strlen_);
		int si = synth_add(&s, ".symtab", SHT_SYMTAB, 0, 0, sym, symlen);
		int ti = synth_add(&s, ".strtab", SHT_STRTAB, 0, 0, str, strlen_);
		s.sec[si - 1].link = (uint32_t)ti;
		s.sec[si - 1].entsize = 24;
	}
	return synth_build(&s, len);
}

static struct functab *load_case(const struct elfcase *c, uint64_t text_field,
				 struct elfimage **img)
{
	struct table t;
	struct functab *ft = NULL;
	char *cause = NULL;
	size_t len;

	build_table(&t, 3, 8, 0, text_field);
	unsigned char *b = elf_with_table(&t, c, &len);
	if (elfimage_open_mem(b, len, "synth", img, &cause) != 0)
		fail_msg("open: %s", cause);
	free(b);
	if (functab_from_image(*img, &ft, &cause) != 0)
		fail_msg("functab: %s", cause);
	expect_table(ft, 1);
	return ft;
}

static void test_text_start_sources(void **state)
{
	static const struct {
		struct elfcase c;
		uint64_t text_field;
		const char *source, *where;
	} cases[] = {
	    {{.go_module = 1}, 0, "runtime.firstmoduledata", ".gopclntab"},
	    {{.noptrdata = 1}, 0, "runtime.firstmoduledata", ".gopclntab"},
	    {{.go_module = 1, .symbol = 1}, 0, "runtime.text symbol", ".gopclntab"},
	    {{.go_module = 1}, TEXT, "pclntab header", ".gopclntab"},
	    {{.relro_name = 1, .noptrdata = 1},
	     0,
	     "runtime.firstmoduledata",
	     ".data.rel.ro.gopclntab"},
	    {{.noptrdata = 1, .pie_relocs = 1}, 0, "runtime.firstmoduledata", ".gopclntab"},
	    {{.no_sections = 1, .noptrdata = 1},
	     0,
	     "runtime.firstmoduledata",
	     "segment scan at 0xaf6e80"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct elfimage *img = NULL;
		struct functab *ft = load_case(&cases[i].c, cases[i].text_field, &img);
		if (strcmp(ft->text_source, cases[i].source) != 0 ||
		    strcmp(ft->where, cases[i].where))
			fail_msg("case %zu: text from %s in %s", i, ft->text_source, ft->where);
		assert_int_equal(ft->text_start, TEXT);
		functab_free(ft);
		elfimage_close(img);
	}
}

static void test_text_section_fallback(void **state)
{
	struct table t;
	struct functab *ft = NULL;
	struct elfimage *img = NULL;
	struct elfcase c = {0};
	size_t len;

	(void)state;
	build_table(&t, 3, 8, 0, 0);
	unsigned char *b = elf_with_table(&t, &c, &len);
	assert_int_equal(elfimage_open_mem(b, len, "synth", &img, NULL), 0);
	assert_int_equal(functab_from_image(img, &ft, NULL), 0);
	assert_string_equal(ft->text_source, ".text section (approximate)");
	expect_table(ft, 1);
	functab_free(ft);
	elfimage_close(img);
	free(b);
}

static void test_elfimage_lookups(void **state)
{
	struct table t;
	struct elfimage *img = NULL;
	struct elfimage_section sec;
	struct elfcase c = {.noptrdata = 1, .pie_relocs = 1, .symbol = 1};
	size_t len, avail;
	uint64_t v;

	(void)state;
	build_table(&t, 3, 8, 0, 0);
	unsigned char *b = elf_with_table(&t, &c, &len);
	assert_int_equal(elfimage_open_mem(b, len, "synth", &img, NULL), 0);
	free(b);
	assert_int_equal(img->ptrsize, 8);
	assert_int_equal(img->type, ET_DYN);
	assert_true(elfimage_section(img, ".gopclntab", &sec));
	assert_int_equal(sec.addr, PCLN_ADDR);
	assert_false(elfimage_section(img, ".nope", NULL));
	const unsigned char *p = elfimage_vaddr(img, PCLN_ADDR + 4, &avail);
	assert_non_null(p);
	assert_int_equal(avail, t.len - 4);
	assert_null(elfimage_vaddr(img, PCLN_ADDR + t.len, &avail));
	assert_null(elfimage_vaddr(img, 0x10, &avail));
	assert_true(elfimage_symbol(img, "main.main", &v));
	assert_int_equal(v, TEXT + 0x40 * (NF - 1));
	assert_false(elfimage_symbol(img, "main.mai", &v));
	assert_true(elfimage_reloc_addend(img, 0xe7b2e0 + 8 * 22, &v));
	assert_int_equal(v, TEXT);
	assert_true(elfimage_reloc_by_addend(img, PCLN_ADDR, &v));
	assert_int_equal(v, 0xe7b2e0);
	elfimage_close(img);
	elfimage_close(NULL);
}

static void test_corrupt_tables(void **state)
{
	struct table t;
	struct functab *ft = NULL;
	char *cause = NULL;

	(void)state;
	/* every truncation of every version: a clean error or a table whose
	 * names are all in bounds (ASan/valgrind watch the reads) */
	for (int v = 0; v < 4; v++) {
		build_table(&t, v, 8, v & 1, TEXT);
		for (size_t n = 0; n <= t.len; n++) {
			unsigned char *copy = malloc(n ? n : 1);
			memcpy(copy, t.buf, n);
			if (functab_parse(copy, n, 0, &ft, NULL) == 0) {
				for (size_t i = 0; i < functab_count(ft); i++) {
					const char *s = functab_name(ft, i);
					if (s != NULL)
						assert_true((const unsigned char *)s + strlen(s) <
							    copy + n);
					functab_entry(ft, i);
				}
				functab_free(ft);
			}
			free(copy);
		}
	}
	/* an absurd function count */
	build_table(&t, 3, 8, 0, TEXT);
	synth_put(t.buf + 8, 0xffffffffffull, 8, 0);
	assert_int_equal(functab_parse(t.buf, t.len, 0, &ft, &cause), -1);
	assert_non_null(strstr(cause, "functions"));
	free(cause), cause = NULL;
	/* a funcoff past the end, a negative nameoff, a name without its NUL */
	build_table(&t, 3, 8, 0, TEXT);
	synth_put(t.buf + t.pclnoff + 4, 0x7fffffff, 4, 0);
	unsigned char *rec1 = t.buf + t.pclnoff + elfimage_rd32(t.buf + t.pclnoff + 12, 0);
	synth_put(rec1 + 4, 0x80000000u, 4, 0);
	assert_int_equal(functab_parse(t.buf, t.len, 0, &ft, NULL), 0);
	assert_null(functab_name(ft, 0));
	assert_null(functab_name(ft, 1));
	assert_string_equal(functab_name(ft, 2), "runtime.main");
	assert_int_equal(functab_find(ft, "internal/cpu.Initialize"), -1);
	functab_free(ft);
	/* a name that runs to the end of the table without its NUL */
	build_table(&t, 2, 8, 0, TEXT);
	t.buf[t.len - 1] = t.buf[t.len - 2] = 'x';
	unsigned char *rec2 = t.buf + t.pclnoff + elfimage_rd32(t.buf + t.pclnoff + 20, 0);
	synth_put(rec2 + 4, t.len - 2 - t.nameoff, 4, 0);
	assert_int_equal(functab_parse(t.buf, t.len, 0, &ft, NULL), 0);
	assert_null(functab_name(ft, 2));
	assert_string_equal(functab_name(ft, 3), "main.init");
	functab_free(ft);
	/* bad magic, bad quantum, bad pointer size */
	unsigned char hdr[64] = {0xf1, 0xff, 0xff, 0xff, 0, 0, 3, 8};
	assert_int_equal(functab_parse(hdr, sizeof hdr, 0, &ft, &cause), -1);
	free(cause), cause = NULL;
	hdr[6] = 1;
	hdr[7] = 5;
	assert_int_equal(functab_parse(hdr, sizeof hdr, 0, &ft, &cause), -1);
	free(cause), cause = NULL;
	functab_free(NULL);
}

static void test_not_go(void **state)
{
	struct functab *ft = NULL;
	char *cause = NULL;

	(void)state;
	assert_int_equal(functab_load("/proc/self/exe", &ft, &cause), -1);
	assert_non_null(strstr(cause, "no Go function table"));
	free(cause), cause = NULL;
	cause = NULL;
	assert_int_equal(functab_load("/dev/null", &ft, &cause), -1);
	free(cause), cause = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_version_shape),
	    cmocka_unit_test(test_text_start_zero_needs_a_source),
	    cmocka_unit_test(test_find_search_inits),
	    cmocka_unit_test(test_search_agrees_with_regexec),
	    cmocka_unit_test(test_text_start_sources),
	    cmocka_unit_test(test_text_section_fallback),
	    cmocka_unit_test(test_elfimage_lookups),
	    cmocka_unit_test(test_corrupt_tables),
	    cmocka_unit_test(test_not_go),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
