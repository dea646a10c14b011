/* synthelf.h: hand-assembled ELF files in memory, for the unit tests and
 * fuzz targets of the Go-binary collectors. Layouts Debian's Go 1.19 cannot
 * produce (the pre-1.18 buildinfo, the 1.2/1.16/1.20+ pclntab, a Go 1.26
 * text start of 0) are written here from docs/formats.md.
 *
 * synth_build() lays out: the ELF header, one program header per allocated
 * section (PT_LOAD, or PT_NOTE for notes), each section's bytes at a
 * 16-byte-aligned offset, .shstrtab, then the section headers. Either class,
 * either byte order. The caller frees the result. Header-only: every
 * function is static inline so each test includes what it uses. */
#ifndef GOTRIAGE_SYNTHELF_H
#define GOTRIAGE_SYNTHELF_H

#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SYNTH_MAX_SECS 16

struct synth_sec {
	const char *name;
	uint32_t type;	/* SHT_PROGBITS, SHT_NOTE, SHT_SYMTAB, ... */
	uint64_t flags; /* SHF_ALLOC | SHF_WRITE | SHF_EXECINSTR */
	uint64_t addr;
	const void *data;
	size_t size;
	uint32_t link; /* section index (1-based, as in the file) */
	uint64_t entsize;
};

struct synth {
	int is64;
	int big;
	uint16_t type;	  /* ET_EXEC (default when 0) or ET_DYN */
	uint16_t machine; /* EM_X86_64 when 0 */
	struct synth_sec sec[SYNTH_MAX_SECS];
	int nsec;
	int no_sections; /* zero e_shoff/e_shnum: a "stripped headers" file */
	int no_phdrs;
};

static inline void synth_put(unsigned char *p, uint64_t v, int n, int big)
{
	for (int i = 0; i < n; i++)
		p[big ? n - 1 - i : i] = (unsigned char)(v >> (8 * i));
}

static inline int synth_add(struct synth *s, const char *name, uint32_t type, uint64_t flags,
			    uint64_t addr, const void *data, size_t size)
{
	struct synth_sec *x = &s->sec[s->nsec++];

	memset(x, 0, sizeof *x);
	x->name = name;
	x->type = type;
	x->flags = flags;
	x->addr = addr;
	x->data = data;
	x->size = size;
	return s->nsec; /* its index in the file */
}

static inline size_t synth_align(size_t n, size_t a)
{
	return (n + a - 1) / a * a;
}

static inline unsigned char *synth_build(const struct synth *s, size_t *len)
{
	int w = s->is64 ? 8 : 4, big = s->big;
	size_t ehsize = s->is64 ? 64 : 52, phentsize = s->is64 ? 56 : 32;
	size_t shentsize = s->is64 ? 64 : 40;
	size_t nph = 0, off, shstr_off, shstr_size = 1, sh_off, total;
	size_t data_off[SYNTH_MAX_SECS], name_off[SYNTH_MAX_SECS + 1];

	for (int i = 0; i < s->nsec; i++)
		if ((s->sec[i].flags & SHF_ALLOC) && s->sec[i].size > 0 && !s->no_phdrs)
			nph++;
	off = ehsize + nph * phentsize;
	for (int i = 0; i < s->nsec; i++) {
		off = synth_align(off, 16);
		data_off[i] = off;
		off += s->sec[i].size;
		name_off[i] = shstr_size;
		shstr_size += strlen(s->sec[i].name) + 1;
	}
	name_off[s->nsec] = shstr_size;
	shstr_size += strlen(".shstrtab") + 1;
	shstr_off = off;
	sh_off = synth_align(shstr_off + shstr_size, 8);
	total = sh_off + (size_t)(s->nsec + 2) * shentsize;

	unsigned char *b = calloc(1, total);
	memcpy(b, ELFMAG, SELFMAG);
	b[EI_CLASS] = s->is64 ? ELFCLASS64 : ELFCLASS32;
	b[EI_DATA] = big ? ELFDATA2MSB : ELFDATA2LSB;
	b[EI_VERSION] = EV_CURRENT;
	synth_put(b + 16, s->type ? s->type : ET_EXEC, 2, big);
	synth_put(b + 18, s->machine ? s->machine : EM_X86_64, 2, big);
	synth_put(b + 20, EV_CURRENT, 4, big);
	/* entry, phoff, shoff, flags, ehsize, phentsize, phnum, shentsize, shnum, shstrndx */
	unsigned char *q = b + 24 + w; /* after e_entry */
	synth_put(q, nph ? ehsize : 0, w, big);
	synth_put(q + w, s->no_sections ? 0 : sh_off, w, big);
	q += 2 * w + 4;
	synth_put(q, ehsize, 2, big);
	synth_put(q + 2, phentsize, 2, big);
	synth_put(q + 4, nph, 2, big);
	synth_put(q + 6, shentsize, 2, big);
	synth_put(q + 8, s->no_sections ? 0 : (uint64_t)s->nsec + 2, 2, big);
	synth_put(q + 10, s->no_sections ? 0 : (uint64_t)s->nsec + 1, 2, big);

	unsigned char *ph = b + ehsize;
	for (int i = 0; i < s->nsec; i++) {
		const struct synth_sec *x = &s->sec[i];
		memcpy(b + data_off[i], x->data, x->size);
		if (!(x->flags & SHF_ALLOC) || x->size == 0 || s->no_phdrs)
			continue;
		uint32_t pflags = PF_R | ((x->flags & SHF_WRITE) ? PF_W : 0) |
				  ((x->flags & SHF_EXECINSTR) ? PF_X : 0);
		uint32_t ptype = x->type == SHT_NOTE ? PT_NOTE : PT_LOAD;
		synth_put(ph, ptype, 4, big);
		if (s->is64) {
			synth_put(ph + 4, pflags, 4, big);
			synth_put(ph + 8, data_off[i], 8, big);
			synth_put(ph + 16, x->addr, 8, big);
			synth_put(ph + 24, x->addr, 8, big);
			synth_put(ph + 32, x->size, 8, big);
			synth_put(ph + 40, x->size, 8, big);
			synth_put(ph + 48, 16, 8, big);
		} else {
			synth_put(ph + 4, data_off[i], 4, big);
			synth_put(ph + 8, x->addr, 4, big);
			synth_put(ph + 12, x->addr, 4, big);
			synth_put(ph + 16, x->size, 4, big);
			synth_put(ph + 20, x->size, 4, big);
			synth_put(ph + 24, pflags, 4, big);
			synth_put(ph + 28, 16, 4, big);
		}
		ph += phentsize;
	}
	/* .shstrtab */
	for (int i = 0; i < s->nsec; i++)
		strcpy((char *)b + shstr_off + name_off[i], s->sec[i].name);
	strcpy((char *)b + shstr_off + name_off[s->nsec], ".shstrtab");

	/* section headers: null, ours, .shstrtab */
	for (int i = 0; i <= s->nsec; i++) {
		unsigned char *sh = b + sh_off + (size_t)(i + 1) * shentsize;
		const struct synth_sec *x = i < s->nsec ? &s->sec[i] : NULL;
		uint64_t type = x ? x->type : SHT_STRTAB, flags = x ? x->flags : 0;
		uint64_t addr = x ? x->addr : 0, offset = x ? data_off[i] : shstr_off;
		uint64_t size = x ? x->size : shstr_size, link = x ? x->link : 0;
		uint64_t entsize = x ? x->entsize : 0;
		synth_put(sh, name_off[i], 4, big);
		synth_put(sh + 4, type, 4, big);
		if (s->is64) {
			synth_put(sh + 8, flags, 8, big);
			synth_put(sh + 16, addr, 8, big);
			synth_put(sh + 24, offset, 8, big);
			synth_put(sh + 32, size, 8, big);
			synth_put(sh + 40, link, 4, big);
			synth_put(sh + 48, 1, 8, big);
			synth_put(sh + 56, entsize, 8, big);
		} else {
			synth_put(sh + 8, flags, 4, big);
			synth_put(sh + 12, addr, 4, big);
			synth_put(sh + 16, offset, 4, big);
			synth_put(sh + 20, size, 4, big);
			synth_put(sh + 24, link, 4, big);
			synth_put(sh + 32, 1, 4, big);
			synth_put(sh + 36, entsize, 4, big);
		}
	}
	*len = total;
	return b;
}

/* A symbol table (ELF_T_SYM layout in the file's byte order) with one
 * function symbol per name, and its string table. Free both. */
static inline void synth_symtab(int is64, int big, const char *const *names, const uint64_t *values,
				int n, unsigned char **sym, size_t *symlen, char **str,
				size_t *strlen_)
{
	size_t ent = is64 ? 24 : 16, so = 1;

	*symlen = (size_t)(n + 1) * ent;
	*sym = calloc(1, *symlen);
	*strlen_ = 1;
	for (int i = 0; i < n; i++)
		*strlen_ += strlen(names[i]) + 1;
	*str = calloc(1, *strlen_);
	for (int i = 0; i < n; i++) {
		unsigned char *e = *sym + (size_t)(i + 1) * ent;
		strcpy(*str + so, names[i]);
		synth_put(e, so, 4, big);
		if (is64) {
			e[4] = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC);
			synth_put(e + 6, 1, 2, big);
			synth_put(e + 8, values[i], 8, big);
		} else {
			synth_put(e + 4, values[i], 4, big);
			e[12] = ELF32_ST_INFO(STB_GLOBAL, STT_FUNC);
			synth_put(e + 14, 1, 2, big);
		}
		so += strlen(names[i]) + 1;
	}
}

/* A Go build ID note: owner "Go\0\0" (namesz 4), type 4, the ID padded. */
static inline size_t synth_go_note(const char *id, int big, unsigned char *out, size_t cap)
{
	size_t idlen = strlen(id), desc = synth_align(idlen, 4), n = 12 + 4 + desc;

	if (n > cap)
		return 0;
	memset(out, 0, n);
	synth_put(out, 4, 4, big);
	synth_put(out + 4, idlen, 4, big);
	synth_put(out + 8, 4, 4, big);
	memcpy(out + 12, "Go\0\0", 4);
	memcpy(out + 16, id, idlen);
	return n;
}

#endif
