/* elfimage.h: an ELF file mapped read-only, for the Go-binary collectors
 * (buildinfo.h, pclntab.h).
 *
 * elfimage_open() maps the whole file with mmap (private, never written
 * back: the file is not copied into memory and only the pages that are read
 * cost RSS) and hands the mapping to libelf's elf_memory(). It works on
 * /proc/PID/exe, which opens the running image even after the file was
 * deleted or replaced. elfimage_open_mem() does the same over a caller's
 * bytes (tests, fuzzers); it keeps a private copy, so the caller's buffer
 * may go away.
 *
 * Everything returned (section bytes, pointers from elfimage_vaddr(), note
 * descriptors) points into the mapping and lives until elfimage_close().
 * Every range is checked against the file size: hostile offsets yield
 * "not found", never an out-of-bounds read. Multi-byte values are read with
 * the file's byte order through elfimage_rd*(); never cast a pointer.
 *
 * Call order: elfimage_open -> any lookups -> elfimage_close (accepts NULL). */
#ifndef GOTRIAGE_ELFIMAGE_H
#define GOTRIAGE_ELFIMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "collectors/base/common.h"

/* Largest file we map: far above any real binary, keeps size arithmetic safe. */
#define ELFIMAGE_MAX_SIZE ((size_t)4 * 1024 * MIB)

struct Elf; /* libelf's handle */

/* One PT_LOAD program header. */
struct elfimage_seg {
	uint64_t vaddr;
	uint64_t offset;
	uint64_t filesz;
	uint64_t memsz;
	uint32_t flags; /* PF_R | PF_W | PF_X */
};

struct elfimage {
	char *name;		   /* path or label, for messages */
	const unsigned char *data; /* the whole file */
	size_t size;
	int is64;		    /* ELFCLASS64 */
	int big_endian;		    /* ELFDATA2MSB */
	int ptrsize;		    /* 4 or 8 */
	unsigned type;		    /* ET_EXEC, ET_DYN, ... */
	unsigned machine;	    /* EM_X86_64, EM_AARCH64, ... */
	struct elfimage_seg *loads; /* PT_LOAD segments whose bytes lie in the file */
	size_t nloads;
	size_t nsections; /* 0 when the section headers are absent */

	/* private */
	struct Elf *elf;
	void *map; /* what to munmap, or NULL */
	size_t maplen;
	unsigned char *copy; /* elfimage_open_mem's private copy */
};

/* A section found by name. `data` is NULL for SHT_NOBITS or when the
 * section's bytes do not lie inside the file. */
struct elfimage_section {
	const char *name;
	uint64_t addr;
	uint64_t size;
	uint64_t offset;
	uint32_t type;
	uint64_t flags;
	const unsigned char *data;
	size_t len; /* bytes available at data */
};

int elfimage_open(const char *path, struct elfimage **out, char **cause);
int elfimage_open_mem(const void *buf, size_t len, const char *name, struct elfimage **out,
		      char **cause);
void elfimage_close(struct elfimage *img);

/* 1 and *out filled when a section of that name exists, else 0. */
int elfimage_section(const struct elfimage *img, const char *name, struct elfimage_section *out);

/* File bytes at virtual address `vaddr`, through the PT_LOAD segments (or
 * allocated sections when there are no program headers). *avail is how many
 * bytes follow inside that segment's file image. NULL when unmapped or when
 * the address falls in the zero-filled (bss) part. */
const unsigned char *elfimage_vaddr(const struct elfimage *img, uint64_t vaddr, size_t *avail);

/* The segment that holds vaddr in its file image, or NULL. */
const struct elfimage_seg *elfimage_seg_of(const struct elfimage *img, uint64_t vaddr);

/* The file offset of a pointer into the mapping, for messages. */
uint64_t elfimage_offset_of(const struct elfimage *img, const unsigned char *p);

/* Value of a symbol from .symtab, else .dynsym. 1 found, 0 not. */
int elfimage_symbol(const struct elfimage *img, const char *name, uint64_t *value);

/* The descriptor of the first note with that owner name and type, from the
 * named SHT_NOTE section if present, else from every PT_NOTE segment.
 * 1 found (desc points into the file), 0 not. */
int elfimage_note(const struct elfimage *img, const char *section, const char *owner, uint32_t type,
		  const unsigned char **desc, size_t *len);

/* For position-independent files whose pointers are written by the dynamic
 * loader: the addend of a RELA relocation that targets `where`. 1 found. */
int elfimage_reloc_addend(const struct elfimage *img, uint64_t where, uint64_t *addend);
/* The target address of the first RELA relocation whose addend is `addend`
 * (finds a pointer to a known address that is zero in the file). 1 found. */
int elfimage_reloc_by_addend(const struct elfimage *img, uint64_t addend, uint64_t *where);

/* Readers with an explicit byte order, for bytes already bounds-checked. */
static inline uint16_t elfimage_rd16(const unsigned char *p, int big)
{
	return big ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

static inline uint32_t elfimage_rd32(const unsigned char *p, int big)
{
	if (big)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static inline uint64_t elfimage_rd64(const unsigned char *p, int big)
{
	uint64_t first = elfimage_rd32(p, big), second = elfimage_rd32(p + 4, big);

	return big ? first << 32 | second : second << 32 | first;
}

/* A pointer-sized word (4 or 8 bytes). */
static inline uint64_t elfimage_rdptr(const unsigned char *p, int ptrsize, int big)
{
	return ptrsize == 4 ? elfimage_rd32(p, big) : elfimage_rd64(p, big);
}

#endif
