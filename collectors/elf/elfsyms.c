/* elfsyms.c: defined .dynsym names of a shared object, via libelf. */
#include "elfsyms.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <string.h>
#include <unistd.h>

int elfsyms_load_dynamic(const char *path, struct strlist *out, char **cause)
{
	int fd, rc = -1;
	Elf *e = NULL;
	Elf_Scn *scn = NULL;
	int found = 0;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return err_set(cause, "libelf: %s", elf_errmsg(-1));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(cause, "%s: %s", path, strerror(errno));
	e = elf_begin(fd, ELF_C_READ, NULL);
	if (e == NULL || elf_kind(e) != ELF_K_ELF) {
		err_set(cause, "%s: not an ELF file", path);
		goto out;
	}
	while ((scn = elf_nextscn(e, scn)) != NULL) {
		GElf_Shdr sh;
		Elf_Data *d;

		if (gelf_getshdr(scn, &sh) == NULL || sh.sh_type != SHT_DYNSYM)
			continue;
		found = 1;
		if ((d = elf_getdata(scn, NULL)) == NULL || sh.sh_entsize == 0)
			continue;
		size_t n = sh.sh_size / sh.sh_entsize;

		if (n > ELFSYMS_MAX_SYMBOLS)
			n = ELFSYMS_MAX_SYMBOLS;
		for (size_t i = 1; i < n; i++) {
			GElf_Sym s;
			const char *name;

			if (gelf_getsym(d, (int)i, &s) == NULL)
				break;
			if (s.st_shndx == SHN_UNDEF)
				continue;
			name = elf_strptr(e, sh.sh_link, s.st_name);
			if (name != NULL && *name)
				strlist_add(out, name);
		}
	}
	if (!found) {
		err_set(cause, "%s: no dynamic symbol table (not a shared object?)", path);
		goto out;
	}
	rc = 0;
out:
	if (e != NULL)
		elf_end(e);
	close(fd);
	return rc;
}

int elfsyms_has_go_symbol(const struct strlist *syms, const char *name)
{
	size_t nl = strlen(name);

	for (size_t i = 0; i < syms->n; i++) {
		const char *s = syms->v[i];
		size_t sl = strlen(s);

		if (sl > nl + 1 && s[sl - nl - 1] == '.' && strcmp(s + sl - nl, name) == 0) {
			/* The part before must be a package path, not a method's
			 * receiver like "(*T)". */
			const char *pkg_end = s + sl - nl - 1, *slash = NULL;

			for (const char *q = s; q < pkg_end; q++)
				if (*q == '/')
					slash = q;
			const char *last = slash ? slash + 1 : s;

			if (memchr(last, '(', (size_t)(pkg_end - last)) == NULL &&
			    memchr(last, ')', (size_t)(pkg_end - last)) == NULL)
				return 1;
		}
	}
	return 0;
}
