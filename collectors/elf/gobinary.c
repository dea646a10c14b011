/* gobinary.c: tell a Go program from any other ELF file. */
#include "gobinary.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buildinfo.h"
#include "pclntab.h"

#define NT_GO_BUILDID 4 /* cmd/internal/objabi: the Go build ID note */

static int found(char **sign, const char *what)
{
	if (sign != NULL)
		*sign = xstrdup(what);
	return 1;
}

int gobinary_detect_image(const struct elfimage *img, char **sign)
{
	struct elfimage_section s;
	struct buildinfo *bi = NULL;
	struct functab *ft = NULL;
	const unsigned char *desc;
	size_t len;
	uint64_t v;
	char *why = NULL;

	if (sign != NULL)
		*sign = NULL;
	if (elfimage_section(img, ".go.buildinfo", &s) == 1)
		return found(sign, ".go.buildinfo section");
	if (elfimage_section(img, ".gopclntab", &s) == 1)
		return found(sign, ".gopclntab section");
	if (elfimage_note(img, ".note.go.buildid", "Go", NT_GO_BUILDID, &desc, &len) == 1)
		return found(sign, "Go build ID note");
	if (elfimage_symbol(img, "runtime.main", &v) == 1)
		return found(sign, "runtime.main symbol");
	if (buildinfo_from_image(img, &bi, &why) == 0) {
		buildinfo_free(bi);
		return found(sign, "Go build information");
	}
	free(why);
	why = NULL;
	if (functab_from_image(img, &ft, &why) == 0) {
		functab_free(ft);
		return found(sign, "Go function table");
	}
	free(why);
	return 0;
}

int gobinary_detect(const char *path, char **sign, char **cause)
{
	struct elfimage *img = NULL;
	char *why = NULL;
	int rc;
	FILE *fp;
	unsigned char magic[4] = {0};
	size_t got;

	if (sign != NULL)
		*sign = NULL;
	/* A file that opens but is not ELF is simply not Go. */
	fp = fopen(path, "rb");
	if (fp == NULL)
		return err_set(cause, "%s: %s", path, strerror(errno));
	got = fread(magic, 1, sizeof magic, fp);
	fclose(fp);
	if (got < 4 || memcmp(magic, "\177ELF", 4) != 0)
		return 0;
	if (elfimage_open(path, &img, &why) != 0) {
		err_set(cause, "%s", why ? why : path);
		free(why);
		return -1;
	}
	rc = gobinary_detect_image(img, sign);
	elfimage_close(img);
	return rc;
}
