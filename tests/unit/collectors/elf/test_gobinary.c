/* test_gobinary.c: telling Go programs from other ELF files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "collectors/elf/elfimage.h"
#include "collectors/elf/gobinary.h"
#include "tests/unit/synthelf.h"

static int detect_mem(const unsigned char *b, size_t len, char **sign)
{
	struct elfimage *img = NULL;
	char *cause = NULL;
	int rc;

	if (elfimage_open_mem(b, len, "synth", &img, &cause) != 0)
		fail_msg("open: %s", cause);
	rc = gobinary_detect_image(img, sign);
	elfimage_close(img);
	return rc;
}

static void test_sections(void **state)
{
	static const unsigned char code[] = {0xc3};
	static const unsigned char blob[64] = {1, 2, 3};
	struct synth s;
	unsigned char *b;
	size_t len;
	char *sign = NULL;

	(void)state;
	/* Plain C-like file: text and data only. */
	memset(&s, 0, sizeof s);
	s.is64 = 1;
	synth_add(&s, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 0x401000, code, 1);
	synth_add(&s, ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 0x402000, blob, sizeof blob);
	b = synth_build(&s, &len);
	assert_int_equal(detect_mem(b, len, &sign), 0);
	assert_null(sign);
	free(b);

	/* A .gopclntab section is enough, whatever is in it. */
	synth_add(&s, ".gopclntab", SHT_PROGBITS, SHF_ALLOC, 0x403000, blob, sizeof blob);
	b = synth_build(&s, &len);
	assert_int_equal(detect_mem(b, len, &sign), 1);
	assert_string_equal(sign, ".gopclntab section");
	free(sign);
	free(b);
}

static void test_symbol(void **state)
{
	static const unsigned char code[] = {0xc3};
	static const char *const names[] = {"runtime.main"};
	static const uint64_t vals[] = {0x401000};
	struct synth s;
	unsigned char *b, *sym = NULL;
	char *str = NULL, *sign = NULL;
	size_t len, symlen, strlen_;

	(void)state;
	memset(&s, 0, sizeof s);
	s.is64 = 1;
	synth_add(&s, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 0x401000, code, 1);
	synth_symtab(1, 0, names, vals, 1, &sym, &symlen, &str, &strlen_);
	int si = synth_add(&s, ".symtab", SHT_SYMTAB, 0, 0, sym, symlen);
	int ti = synth_add(&s, ".strtab", SHT_STRTAB, 0, 0, str, strlen_);
	s.sec[si - 1].link = (uint32_t)ti;
	s.sec[si - 1].entsize = 24;
	b = synth_build(&s, &len);
	assert_int_equal(detect_mem(b, len, &sign), 1);
	assert_string_equal(sign, "runtime.main symbol");
	free(sign);
	free(b);
	free(sym);
	free(str);
}

static void test_files(void **state)
{
	char path[] = "/tmp/gotriage-gobinary-XXXXXX", *cause = NULL, *sign = NULL;
	int fd;

	(void)state;
	/* This test program is C: not Go. */
	assert_int_equal(gobinary_detect("/proc/self/exe", &sign, &cause), 0);
	assert_null(sign);
	/* A script (what a wrapper's exe never is, but a --binary might be). */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "#!/bin/sh\nexec sleep 1\n", 23), 23);
	close(fd);
	assert_int_equal(gobinary_detect(path, &sign, &cause), 0);
	/* ELF magic and garbage: unreadable, not a verdict. */
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd, "\177ELF\002\001\001garbage", 14), 14);
	close(fd);
	assert_int_equal(gobinary_detect(path, &sign, &cause), -1);
	assert_non_null(cause);
	free(cause), cause = NULL;
	unlink(path);
	assert_int_equal(gobinary_detect("/nonexistent/gotriage", &sign, &cause), -1);
	assert_non_null(strstr(cause, "/nonexistent/gotriage"));
	free(cause);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sections),
	    cmocka_unit_test(test_symbol),
	    cmocka_unit_test(test_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
