/* elfsyms.h: the dynamic symbols an ELF shared object exports (libelf).
 *
 * A Go plugin (-buildmode=plugin) exports each package-level name as
 * "<plugin path>.<Name>" in .dynsym (checked with Debian's Go 1.19:
 * "example.com/plg.Greet"); plugin.Lookup("Greet") finds exactly those.
 * elfsyms_load_dynamic() appends the names of defined (not undefined)
 * dynamic symbols to a caller-owned strlist; the file is read with a size
 * cap and closed before it returns. */
#ifndef GOTRIAGE_ELFSYMS_H
#define GOTRIAGE_ELFSYMS_H

#include "collectors/base/common.h"

#define ELFSYMS_MAX_SYMBOLS 2000000

int elfsyms_load_dynamic(const char *path, struct strlist *out, char **cause);
/* Whether a Go name ("Greet") is exported as "<some path>.Greet". */
int elfsyms_has_go_symbol(const struct strlist *syms, const char *name);

#endif
