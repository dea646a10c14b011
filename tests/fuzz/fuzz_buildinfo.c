/* fuzz_buildinfo.c: libFuzzer target for the Go build info readers: the
 * module text parser and Go unquoting (pure), raw bytes as an ELF file, and
 * a well-formed ELF skeleton whose .go.buildinfo, .rodata and .data hold
 * the input, so the blob, pointer and fallback paths are reached. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/elf/buildinfo.h"
#include "collectors/elf/modinfo.h"
#include "tests/unit/synthelf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void use(struct buildinfo *bi)
{
	char *text = buildinfo_format(bi, "fuzz");
	cJSON *j = buildinfo_to_json(bi);
	struct strlist d = {0};

	buildinfo_diff(bi, bi, &d);
	buildinfo_setting(bi, "-tags");
	strlist_free(&d);
	cJSON_Delete(j);
	free(text);
	buildinfo_free(bi);
}

static void skeleton(const uint8_t *data, size_t size)
{
	unsigned char *blob = malloc(size + 16);
	struct synth s = {
	    .is64 = data[0] & 1, .big = (data[0] >> 1) & 1, .no_sections = (data[0] >> 2) & 1};
	struct buildinfo *bi = NULL;
	char *cause = NULL;
	size_t len;

	memcpy(blob, "\xff Go buildinf:", 14);
	memcpy(blob + 14, data, size < 2 ? size : 2);
	memcpy(blob + 16, data, size);
	synth_add(&s, ".rodata", SHT_PROGBITS, SHF_ALLOC, 0x480000, data, size);
	synth_add(&s, ".go.buildinfo", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 0x500000, blob,
		  size + 16);
	synth_add(&s, ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 0x510000, data, size);
	synth_add(&s, ".note.go.buildid", SHT_NOTE, SHF_ALLOC, 0x400f9c, data, size);
	unsigned char *elf = synth_build(&s, &len);
	if (buildinfo_parse(elf, len, "fuzz", &bi, &cause) == 0)
		use(bi);
	free(cause);
	free(elf);
	free(blob);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buildinfo *bi = NULL;
	char *cause = NULL;

	if (size < 2)
		return 0;
	switch (data[0] % 3) {
	case 0: {
		struct modinfo m;
		modinfo_init(&m);
		if (modinfo_parse((const char *)data + 1, size - 1, &m, &cause) == 0) {
			char *text = modinfo_format(&m);
			free(text);
		}
		modinfo_clear(&m);
		char *u = modinfo_unquote((const char *)data + 1, size - 1);
		char *q = modinfo_quote((const char *)data + 1, size - 1);
		char *back = modinfo_unquote(q, strlen(q));
		/* quoting is exactly reversible for text without NUL bytes */
		if (memchr(data + 1, 0, size - 1) == NULL &&
		    (back == NULL || strlen(back) != size - 1 ||
		     memcmp(back, data + 1, size - 1) != 0))
			abort();
		free(back);
		free(q);
		free(u);
		break;
	}
	case 1:
		if (buildinfo_parse(data + 1, size - 1, "fuzz", &bi, &cause) == 0)
			use(bi);
		break;
	default:
		skeleton(data + 1, size - 1);
		break;
	}
	free(cause);
	return 0;
}
