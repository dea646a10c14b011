/* gobinary.h: is this ELF file a Go program?
 *
 * gotriage refuses to judge a process that is not Go (a `sleep`, the shell
 * wrapper a unit file starts): every check would otherwise "pass" on the
 * absence of Go facts. The signs looked for, cheapest first: the
 * .go.buildinfo section, the .gopclntab section, the Go build-ID note, the
 * runtime.main symbol, then (for stripped or repacked files whose section
 * headers are gone) a successful buildinfo or function-table read, which
 * find their data through the segments as Go's own tools do.
 *
 * gobinary_detect() returns 1 (Go; *sign, if non-NULL, names the first sign
 * found, malloc'd), 0 (an ELF file with none of the signs, or not ELF at
 * all) or -1 (the file could not be read; *cause says why). Nothing is kept
 * open. */
#ifndef GOTRIAGE_GOBINARY_H
#define GOTRIAGE_GOBINARY_H

#include "elfimage.h"

int gobinary_detect(const char *path, char **sign, char **cause);
/* The same over an image already open. */
int gobinary_detect_image(const struct elfimage *img, char **sign);

#endif
