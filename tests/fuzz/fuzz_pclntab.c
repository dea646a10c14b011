/* fuzz_pclntab.c: libFuzzer target for the function table: raw bytes as a
 * pclntab, the same behind a valid header of each version, raw bytes as an
 * ELF file, and an ELF skeleton whose .gopclntab and moduledata hold the
 * input (the Go 1.26 text-start search). Every name, entry and query is
 * exercised; ASan catches any read outside the input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/elf/elfimage.h"
#include "collectors/elf/pclntab.h"
#include "tests/unit/synthelf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void use(struct functab *ft)
{
	size_t *idx = NULL, sum = 0;

	for (size_t i = 0; i < functab_count(ft) && i < 100000; i++) {
		const char *s = functab_name(ft, i);
		if (s != NULL)
			sum += strlen(s);
		sum += (size_t)functab_entry(ft, i);
	}
	functab_find(ft, "main.main");
	if (functab_search(ft, "^main\\.", &idx, NULL) >= 0)
		free(idx);
	functab_inits(ft, &idx);
	free(idx);
	(void)sum;
}

static void from_elf(const unsigned char *elf, size_t len)
{
	struct elfimage *img = NULL;
	struct functab *ft = NULL;

	if (elfimage_open_mem(elf, len, "fuzz", &img, NULL) < 0)
		return;
	if (functab_from_image(img, &ft, NULL) == 0) {
		use(ft);
		functab_free(ft);
	}
	elfimage_close(img);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t magics[] = {0xfffffffb, 0xfffffffa, 0xfffffff0, 0xfffffff1};
	struct functab *ft = NULL;

	if (size < 2)
		return 0;
	uint8_t mode = data[0];
	data++;
	size--;
	switch (mode % 4) {
	case 0:
		if (functab_parse(data, size, 0x401000, &ft, NULL) == 0) {
			use(ft);
			functab_free(ft);
		}
		break;
	case 1: { /* a plausible header, then the input */
		unsigned char *t = malloc(size + 8);
		int big = (mode >> 2) & 1;
		synth_put(t, magics[(mode >> 3) & 3], 4, big);
		t[4] = t[5] = 0;
		t[6] = 1;
		t[7] = (mode >> 5) & 1 ? 4 : 8;
		memcpy(t + 8, data, size);
		if (functab_parse(t, size + 8, 0, &ft, NULL) == 0) {
			use(ft);
			functab_free(ft);
		}
		free(t);
		break;
	}
	case 2:
		from_elf(data, size);
		break;
	default: {
		struct synth s = {.is64 = (mode >> 2) & 1,
				  .big = (mode >> 3) & 1,
				  .no_sections = (mode >> 4) & 1,
				  .type = (mode >> 5) & 1 ? ET_DYN : 0};
		size_t len;
		synth_add(&s, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 0x401000, "\xc3",
			  1);
		synth_add(&s, ".gopclntab", SHT_PROGBITS, SHF_ALLOC, 0xaf6e80, data, size);
		synth_add(&s, ".go.module", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 0xe7b080, data,
			  size);
		int r = synth_add(&s, ".rela.dyn", SHT_RELA, SHF_ALLOC, 0x1000, data, size);
		s.sec[r - 1].entsize = s.is64 ? 24 : 12;
		unsigned char *elf = synth_build(&s, &len);
		from_elf(elf, len);
		free(elf);
		break;
	}
	}
	return 0;
}
