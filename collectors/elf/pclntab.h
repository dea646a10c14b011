/* pclntab.h: the function table of a Go binary (names and entry addresses
 * of every function compiled in), read from the pclntab that the runtime
 * itself uses, so it survives `-ldflags=-s -w` and stripping.
 *
 * Every header Go has shipped (docs/formats.md section 2): 1.2 (magic
 * 0xFFFFFFFB), 1.16 (0xFFFFFFFA), 1.18 (0xFFFFFFF0), 1.20+ (0xFFFFFFF1),
 * either byte order, 4- or 8-byte pointers. The table is found by section
 * (`.gopclntab`, `.data.rel.ro.gopclntab`) or, when the system linker
 * merged it away (cgo PIE) or the section headers are gone, by scanning the
 * loaded segments for a header that parses. For 1.18+ entries are offsets
 * from the text start, taken from the runtime.text symbol, else the header
 * (Go 1.26 writes 0 there), else runtime.firstmoduledata's text field, else
 * the .text section (approximate for cgo binaries); `text_source` says which.
 *
 * functab_parse() is the pure parser over the table's bytes; functab_load()
 * maps a file. The struct points into that mapping (or the caller's bytes
 * for functab_parse, which must outlive it); names are raw bytes from the
 * binary: sanitize_str() them before display. Every access is bounds-checked:
 * a malformed record yields a NULL name, never a bad read.
 *
 * Call order: functab_load / _from_image / _parse -> count, name, entry,
 * find, search, inits -> functab_free (accepts NULL). */
#ifndef GOTRIAGE_PCLNTAB_H
#define GOTRIAGE_PCLNTAB_H

#include <stddef.h>
#include <stdint.h>

#include "collectors/base/common.h"
#include "elfimage.h"

#define FUNCTAB_MAX_FUNCS (16u * 1024 * 1024) /* nfunc above this is not a real table */

enum pclntab_version {
	PCLNTAB_GO12,  /* Go 1.2 - 1.15 */
	PCLNTAB_GO116, /* Go 1.16 - 1.17 */
	PCLNTAB_GO118, /* Go 1.18 - 1.19 */
	PCLNTAB_GO120, /* Go 1.20 and later */
};

struct functab {
	enum pclntab_version version;
	int ptrsize; /* 4 or 8 */
	int big_endian;
	int quantum; /* PC quantum: 1 (x86), 2 (s390x), 4 (arm, ppc, mips) */
	size_t nfunc;
	uint64_t vaddr;		 /* address of the header; 0 for functab_parse */
	uint64_t text_start;	 /* base of 1.18+ entry offsets */
	const char *text_source; /* "runtime.text symbol", "pclntab header", ... */
	const char *where;	 /* ".gopclntab", "segment scan at 0x...", "bytes" */

	/* private: views into the table */
	const unsigned char *tab;
	size_t len;
	const unsigned char *ftab; /* (entry, funcoff) pairs */
	size_t field;		   /* size of one pair member: 4 for 1.18+, else ptrsize */
	size_t funcbase;	   /* offset in tab that funcoffs are relative to */
	size_t namebase;	   /* offset in tab that nameoffs are relative to */
	struct elfimage *img;	   /* owned when loaded from a path */
	char where_buf[64];
};

/* Parses a pclntab held in tab[0..len). text_start is used for 1.18+
 * entries (pass 0 when unknown: entries are then offsets). */
int functab_parse(const void *tab, size_t len, uint64_t text_start, struct functab **out,
		  char **cause);
/* Finds and parses the table of an open image, which must outlive it. */
int functab_from_image(const struct elfimage *img, struct functab **out, char **cause);
/* Maps the file and parses its table; the result owns the mapping. */
int functab_load(const char *path, struct functab **out, char **cause);
void functab_free(struct functab *ft);

size_t functab_count(const struct functab *ft);
/* Name of function i (NUL-terminated, inside the binary) or NULL if its
 * record is malformed. */
const char *functab_name(const struct functab *ft, size_t i);
/* Entry address of function i (0 when malformed). */
uint64_t functab_entry(const struct functab *ft, size_t i);
/* Index of the first function with exactly this name, or -1. */
long functab_find(const struct functab *ft, const char *name);
/* Indexes of the functions whose names match a POSIX extended regex, in
 * table order, into a new array *idx (free() it). Returns the count, or -1
 * with *cause set for a bad regex. */
long functab_search(const struct functab *ft, const char *regex, size_t **idx, char **cause);
/* Indexes of package initialisers (`pkg.init`, `pkg.init.N`) in table
 * order, into a new array *idx (free() it). Returns the count. */
size_t functab_inits(const struct functab *ft, size_t **idx);
/* Whether a name is a package initialiser, as functab_inits() decides. */
int functab_is_init(const char *name);

/* "1.2-1.15", "1.16-1.17", "1.18-1.19", "1.20+" */
const char *functab_version_name(enum pclntab_version v);

#endif
