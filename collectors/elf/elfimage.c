/* elfimage.c: map an ELF file once and answer section, segment, symbol and
 * note lookups over the mapping with libelf. */
#include "elfimage.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static int libelf_ready(char **cause)
{
	static int state; /* 0 unknown, 1 ok, -1 unusable */

	if (state == 0)
		state = elf_version(EV_CURRENT) == EV_NONE ? -1 : 1;
	if (state < 0)
		return err_set(cause, "libelf: %s", elf_errmsg(-1));
	return 0;
}

/* Names what a non-ELF file looks like, so the message helps. */
static const char *looks_like(const unsigned char *p, size_t n)
{
	if (n >= 2 && p[0] == '#' && p[1] == '!')
		return "a script";
	if (n >= 2 && p[0] == 'M' && p[1] == 'Z')
		return "a Windows PE file";
	if (n >= 4 && ((p[0] == 0xfe && p[1] == 0xed && p[2] == 0xfa) ||
		       (p[1] == 0xfa && p[2] == 0xed && p[3] == 0xfe)))
		return "a Mach-O file";
	if (n >= 4 && memcmp(p, "\xca\xfe\xba\xbe", 4) == 0)
		return "a Mach-O universal file";
	if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return "gzip data";
	if (n >= 4 && memcmp(p, "PK\3\4", 4) == 0)
		return "a zip archive";
	if (n >= 8 && memcmp(p, "!<arch>\n", 8) == 0)
		return "an ar archive";
	size_t text = 0, look = n < 512 ? n : 512;
	for (size_t i = 0; i < look; i++)
		if ((p[i] >= 0x20 && p[i] < 0x7f) || p[i] == '\n' || p[i] == '\t' || p[i] == '\r')
			text++;
	if (look > 0 && text == look)
		return "text";
	return "unrecognised data";
}

/* The header fields libelf would reject, checked first for a clear message
 * (a truncated download is the usual cause). */
static int check_header(const unsigned char *p, size_t n, const char *name, char **cause)
{
	if (n < EI_NIDENT || memcmp(p, ELFMAG, SELFMAG) != 0)
		return err_set(cause, "%s: not an ELF file (%s, %zu bytes)", name, looks_like(p, n),
			       n);
	int is64 = p[EI_CLASS] == ELFCLASS64, big = p[EI_DATA] == ELFDATA2MSB;
	if ((p[EI_CLASS] != ELFCLASS32 && !is64) ||
	    (p[EI_DATA] != ELFDATA2LSB && p[EI_DATA] != ELFDATA2MSB))
		return err_set(cause, "%s: malformed ELF header (class %u, data %u)", name,
			       p[EI_CLASS], p[EI_DATA]);
	size_t ehsize = is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
	if (n < ehsize)
		return err_set(cause, "%s: truncated: %zu bytes, shorter than the ELF header", name,
			       n);
	uint64_t phoff, shoff;
	unsigned phentsize, phnum, shentsize, shnum;
	if (is64) {
		phoff = elfimage_rd64(p + 32, big);
		shoff = elfimage_rd64(p + 40, big);
		phentsize = elfimage_rd16(p + 54, big);
		phnum = elfimage_rd16(p + 56, big);
		shentsize = elfimage_rd16(p + 58, big);
		shnum = elfimage_rd16(p + 60, big);
	} else {
		phoff = elfimage_rd32(p + 28, big);
		shoff = elfimage_rd32(p + 32, big);
		phentsize = elfimage_rd16(p + 42, big);
		phnum = elfimage_rd16(p + 44, big);
		shentsize = elfimage_rd16(p + 46, big);
		shnum = elfimage_rd16(p + 48, big);
	}
	if (phnum > 0 && (phoff > n || (uint64_t)phnum * phentsize > n - phoff))
		return err_set(cause,
			       "%s: truncated: program headers end at byte %llu, the file has %zu",
			       name, (unsigned long long)(phoff + (uint64_t)phnum * phentsize), n);
	if (shnum > 0 && (shoff > n || (uint64_t)shnum * shentsize > n - shoff))
		return err_set(cause,
			       "%s: truncated: section headers end at byte %llu, the file has %zu",
			       name, (unsigned long long)(shoff + (uint64_t)shnum * shentsize), n);
	return 0;
}

static int setup(struct elfimage *img, char **cause)
{
	GElf_Ehdr eh;
	size_t n;

	if (check_header(img->data, img->size, img->name, cause) < 0)
		return -1;
	if (libelf_ready(cause) < 0)
		return -1;
	/* libelf wants a writable pointer; the mapping is private (or our own
	 * copy), so even a conversion in place could never reach the file. */
	img->elf = elf_memory((char *)(uintptr_t)img->data, img->size);
	if (img->elf == NULL || elf_kind(img->elf) != ELF_K_ELF ||
	    gelf_getehdr(img->elf, &eh) == NULL)
		return err_set(cause, "%s: malformed ELF: %s", img->name, elf_errmsg(-1));
	img->is64 = gelf_getclass(img->elf) == ELFCLASS64;
	img->big_endian = eh.e_ident[EI_DATA] == ELFDATA2MSB;
	img->ptrsize = img->is64 ? 8 : 4;
	img->type = eh.e_type;
	img->machine = eh.e_machine;

	if (elf_getphdrnum(img->elf, &n) == 0 && n > 0) {
		img->loads = xcalloc(n, sizeof *img->loads);
		for (size_t i = 0; i < n; i++) {
			GElf_Phdr ph;
			if (gelf_getphdr(img->elf, (int)i, &ph) == NULL || ph.p_type != PT_LOAD)
				continue;
			if (ph.p_offset >= img->size || ph.p_filesz == 0)
				continue;
			struct elfimage_seg *s = &img->loads[img->nloads++];
			s->vaddr = ph.p_vaddr;
			s->offset = ph.p_offset;
			/* A truncated file keeps the part of the segment it still has. */
			s->filesz = ph.p_filesz < img->size - ph.p_offset ? ph.p_filesz
									  : img->size - ph.p_offset;
			s->memsz = ph.p_memsz;
			s->flags = ph.p_flags;
		}
	}
	if (elf_getshdrnum(img->elf, &n) == 0)
		img->nsections = n > 0 ? n - 1 : 0; /* index 0 is the null section */
	return 0;
}

int elfimage_open(const char *path, struct elfimage **out, char **cause)
{
	struct stat st;
	struct elfimage *img;
	int fd;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(cause, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		return err_set(cause, "%s: %s", path, strerror(e));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(cause, "%s: not a regular file", path);
	}
	if (st.st_size == 0) {
		close(fd);
		return err_set(cause, "%s: empty file, not an ELF binary", path);
	}
	if ((uint64_t)st.st_size > ELFIMAGE_MAX_SIZE) {
		close(fd);
		return err_set(cause, "%s: %lld bytes, larger than any binary we read", path,
			       (long long)st.st_size);
	}
	/* Private and copy-on-write: nothing can reach the file, and only pages
	 * that are actually read count against memory. */
	void *map = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	int e = errno;
	close(fd);
	if (map == MAP_FAILED)
		return err_set(cause, "%s: mmap: %s", path, strerror(e));
	img = xcalloc(1, sizeof *img);
	img->name = xstrdup(path);
	img->map = map;
	img->maplen = (size_t)st.st_size;
	img->data = map;
	img->size = (size_t)st.st_size;
	if (setup(img, cause) < 0) {
		elfimage_close(img);
		return -1;
	}
	*out = img;
	return 0;
}

int elfimage_open_mem(const void *buf, size_t len, const char *name, struct elfimage **out,
		      char **cause)
{
	struct elfimage *img;

	*out = NULL;
	if (len > ELFIMAGE_MAX_SIZE)
		return err_set(cause, "%s: %zu bytes, larger than any binary we read", name, len);
	img = xcalloc(1, sizeof *img);
	img->name = xstrdup(name);
	img->copy = xmalloc(len ? len : 1);
	if (len)
		memcpy(img->copy, buf, len);
	img->data = img->copy;
	img->size = len;
	if (setup(img, cause) < 0) {
		elfimage_close(img);
		return -1;
	}
	*out = img;
	return 0;
}

void elfimage_close(struct elfimage *img)
{
	if (img == NULL)
		return;
	if (img->elf != NULL)
		elf_end(img->elf);
	if (img->map != NULL)
		munmap(img->map, img->maplen);
	free(img->copy);
	free(img->loads);
	free(img->name);
	free(img);
}

static void fill_section(const struct elfimage *img, const GElf_Shdr *sh, const char *name,
			 struct elfimage_section *out)
{
	memset(out, 0, sizeof *out);
	out->name = name;
	out->addr = sh->sh_addr;
	out->size = sh->sh_size;
	out->offset = sh->sh_offset;
	out->type = sh->sh_type;
	out->flags = sh->sh_flags;
	if (sh->sh_type != SHT_NOBITS && sh->sh_offset < img->size) {
		out->data = img->data + sh->sh_offset;
		out->len = sh->sh_size < img->size - sh->sh_offset
			       ? (size_t)sh->sh_size
			       : img->size - (size_t)sh->sh_offset;
	}
}

/* Calls fn for each section until it returns nonzero; returns that value. */
static int each_section(const struct elfimage *img,
			int (*fn)(const struct elfimage *, Elf_Scn *, const GElf_Shdr *,
				  const char *, void *),
			void *arg)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;

	if (img->nsections == 0 || elf_getshdrstrndx(img->elf, &shstrndx) != 0)
		shstrndx = 0;
	while ((scn = elf_nextscn(img->elf, scn)) != NULL) {
		GElf_Shdr sh;
		if (gelf_getshdr(scn, &sh) == NULL)
			continue;
		const char *name = shstrndx ? elf_strptr(img->elf, shstrndx, sh.sh_name) : NULL;
		int r = fn(img, scn, &sh, name ? name : "", arg);
		if (r)
			return r;
	}
	return 0;
}

struct by_name {
	const char *want;
	struct elfimage_section *out;
};

static int match_name(const struct elfimage *img, Elf_Scn *scn, const GElf_Shdr *sh,
		      const char *name, void *arg)
{
	struct by_name *b = arg;

	(void)scn;
	if (strcmp(name, b->want) != 0)
		return 0;
	fill_section(img, sh, name, b->out);
	return 1;
}

int elfimage_section(const struct elfimage *img, const char *name, struct elfimage_section *out)
{
	struct elfimage_section tmp;
	struct by_name b = {name, out ? out : &tmp};

	return each_section(img, match_name, &b);
}

const struct elfimage_seg *elfimage_seg_of(const struct elfimage *img, uint64_t vaddr)
{
	for (size_t i = 0; i < img->nloads; i++) {
		const struct elfimage_seg *s = &img->loads[i];
		if (vaddr >= s->vaddr && vaddr - s->vaddr < s->filesz)
			return s;
	}
	return NULL;
}

struct by_addr {
	uint64_t vaddr;
	const unsigned char *p;
	size_t avail;
};

static int match_addr(const struct elfimage *img, Elf_Scn *scn, const GElf_Shdr *sh,
		      const char *name, void *arg)
{
	struct by_addr *b = arg;
	struct elfimage_section s;

	(void)scn;
	if (!(sh->sh_flags & SHF_ALLOC) || sh->sh_type == SHT_NOBITS)
		return 0;
	if (b->vaddr < sh->sh_addr || b->vaddr - sh->sh_addr >= sh->sh_size)
		return 0;
	fill_section(img, sh, name, &s);
	if (s.data == NULL || b->vaddr - sh->sh_addr >= s.len)
		return 0;
	b->p = s.data + (b->vaddr - sh->sh_addr);
	b->avail = s.len - (size_t)(b->vaddr - sh->sh_addr);
	return 1;
}

const unsigned char *elfimage_vaddr(const struct elfimage *img, uint64_t vaddr, size_t *avail)
{
	const struct elfimage_seg *s = elfimage_seg_of(img, vaddr);

	if (s != NULL) {
		uint64_t off = vaddr - s->vaddr;
		if (avail)
			*avail = (size_t)(s->filesz - off);
		return img->data + s->offset + off;
	}
	if (img->nloads == 0) { /* relocatable objects: use the sections */
		struct by_addr b = {vaddr, NULL, 0};
		if (each_section(img, match_addr, &b)) {
			if (avail)
				*avail = b.avail;
			return b.p;
		}
	}
	if (avail)
		*avail = 0;
	return NULL;
}

uint64_t elfimage_offset_of(const struct elfimage *img, const unsigned char *p)
{
	return (uint64_t)(p - img->data);
}

struct by_sym {
	const char *want;
	Elf64_Word type;
	uint64_t value;
};

static int match_sym(const struct elfimage *img, Elf_Scn *scn, const GElf_Shdr *sh,
		     const char *name, void *arg)
{
	struct by_sym *b = arg;
	Elf_Data *d;

	(void)name;
	if (sh->sh_type != b->type || sh->sh_entsize == 0 || (d = elf_getdata(scn, NULL)) == NULL)
		return 0;
	size_t n = sh->sh_size / sh->sh_entsize;
	for (size_t i = 1; i < n; i++) {
		GElf_Sym sym;
		if (gelf_getsym(d, (int)i, &sym) == NULL)
			break;
		const char *s = elf_strptr(img->elf, sh->sh_link, sym.st_name);
		if (s != NULL && strcmp(s, b->want) == 0) {
			b->value = sym.st_value;
			return 1;
		}
	}
	return 0;
}

int elfimage_symbol(const struct elfimage *img, const char *name, uint64_t *value)
{
	struct by_sym b = {name, SHT_SYMTAB, 0};

	if (!each_section(img, match_sym, &b)) {
		b.type = SHT_DYNSYM;
		if (!each_section(img, match_sym, &b))
			return 0;
	}
	if (value)
		*value = b.value;
	return 1;
}

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

/* Walks raw note entries in the file's byte order (4-byte alignment, as
 * Go and the GNU tools write them), checking every length. */
static int scan_notes(const struct elfimage *img, const unsigned char *p, size_t n,
		      const char *owner, uint32_t type, const unsigned char **desc, size_t *len)
{
	size_t olen = strlen(owner) + 1, off = 0;

	while (n - off >= 12) {
		uint32_t namesz = elfimage_rd32(p + off, img->big_endian);
		uint32_t descsz = elfimage_rd32(p + off + 4, img->big_endian);
		uint32_t t = elfimage_rd32(p + off + 8, img->big_endian);
		size_t nameal = ((size_t)namesz + 3) & ~(size_t)3;
		size_t descal = ((size_t)descsz + 3) & ~(size_t)3;
		if (nameal > n - off - 12 || descal > n - off - 12 - nameal)
			return 0;
		/* Go writes its owner as "Go\0\0" (namesz 4): NUL padding is allowed. */
		if (t == type && namesz >= olen && namesz <= nameal &&
		    memcmp(p + off + 12, owner, olen) == 0 &&
		    all_zero(p + off + 12 + olen, namesz - olen)) {
			*desc = p + off + 12 + nameal;
			*len = descsz;
			return 1;
		}
		off += 12 + nameal + descal;
	}
	return 0;
}

struct by_note_raw {
	const char *section, *owner;
	uint32_t type;
	const unsigned char *desc;
	size_t len;
};

static int match_note_raw(const struct elfimage *img, Elf_Scn *scn, const GElf_Shdr *sh,
			  const char *name, void *arg)
{
	struct by_note_raw *b = arg;
	struct elfimage_section s;

	(void)scn;
	if (sh->sh_type != SHT_NOTE || strcmp(name, b->section) != 0)
		return 0;
	fill_section(img, sh, name, &s);
	return s.data != NULL &&
	       scan_notes(img, s.data, s.len, b->owner, b->type, &b->desc, &b->len);
}

int elfimage_note(const struct elfimage *img, const char *section, const char *owner, uint32_t type,
		  const unsigned char **desc, size_t *len)
{
	struct by_note_raw b = {section, owner, type, NULL, 0};
	size_t n;

	if (section != NULL && each_section(img, match_note_raw, &b)) {
		*desc = b.desc;
		*len = b.len;
		return 1;
	}
	/* No section headers (or no such section): every PT_NOTE segment. */
	if (elf_getphdrnum(img->elf, &n) != 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;
		if (gelf_getphdr(img->elf, (int)i, &ph) == NULL || ph.p_type != PT_NOTE)
			continue;
		if (ph.p_offset >= img->size)
			continue;
		size_t avail = img->size - (size_t)ph.p_offset;
		size_t sz = ph.p_filesz < avail ? (size_t)ph.p_filesz : avail;
		if (scan_notes(img, img->data + ph.p_offset, sz, owner, type, desc, len))
			return 1;
	}
	return 0;
}

struct by_rela {
	int by_addend;
	uint64_t key;
	uint64_t result;
};

static int match_rela(const struct elfimage *img, Elf_Scn *scn, const GElf_Shdr *sh,
		      const char *name, void *arg)
{
	struct by_rela *b = arg;
	Elf_Data *d;

	(void)img;
	(void)name;
	if (sh->sh_type != SHT_RELA || sh->sh_entsize == 0 || (d = elf_getdata(scn, NULL)) == NULL)
		return 0;
	size_t n = sh->sh_size / sh->sh_entsize;
	for (size_t i = 0; i < n; i++) {
		GElf_Rela r;
		if (gelf_getrela(d, (int)i, &r) == NULL)
			break;
		if (b->by_addend && (uint64_t)r.r_addend == b->key) {
			b->result = r.r_offset;
			return 1;
		}
		if (!b->by_addend && r.r_offset == b->key) {
			b->result = (uint64_t)r.r_addend;
			return 1;
		}
	}
	return 0;
}

int elfimage_reloc_addend(const struct elfimage *img, uint64_t where, uint64_t *addend)
{
	struct by_rela b = {0, where, 0};

	if (!each_section(img, match_rela, &b))
		return 0;
	*addend = b.result;
	return 1;
}

int elfimage_reloc_by_addend(const struct elfimage *img, uint64_t addend, uint64_t *where)
{
	struct by_rela b = {1, addend, 0};

	if (!each_section(img, match_rela, &b))
		return 0;
	*where = b.result;
	return 1;
}
