/* Unit tests: h1 hashes (against values Go and sha256sum produce), zips,
 * escaping and cache paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "collectors/gomod/modhash.h"

/* modfetch's emptyGoModHash is the h1 of an empty go.mod. */
static void test_gomod_hash(void **state)
{
	char *h = modhash_h1_gomod("", 0);

	(void)state;
	assert_string_equal(h, "h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=");
	free(h);
}

static void make_zip(const char *path, const char *const *names, const char *const *data, size_t n,
		     int deflate_first)
{
	int err = 0;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);

	assert_non_null(z);
	for (size_t i = 0; i < n; i++) {
		zip_source_t *s = zip_source_buffer(z, data[i], strlen(data[i]), 0);
		zip_int64_t idx = zip_file_add(z, names[i], s, ZIP_FL_ENC_RAW);

		assert_true(idx >= 0);
		zip_set_file_compression(z, (zip_uint64_t)idx,
					 (i == 0 && deflate_first) ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
					 9);
	}
	assert_int_equal(zip_close(z), 0);
}

/* Expected value: sha256sum lines for B.txt then a.txt, piped through
 * sha256sum, base64 (the dirhash definition). */
static void test_zip_hash(void **state)
{
	char path[] = "/tmp/gt-modhash-XXXXXX";
	int fd = mkstemp(path);
	const char *names[] = {"m@v1/a.txt", "m@v1/B.txt"};
	const char *data[] = {"hello\n", "x"};
	const void *pd[] = {"x", "hello\n"};
	const char *pn[] = {"m@v1/B.txt", "m@v1/a.txt"};
	size_t lens[] = {1, 6};
	char *h = NULL, *cause = NULL, *h2;

	(void)state;
	close(fd);
	make_zip(path, names, data, 2, 1);
	assert_int_equal(modhash_h1_zip(path, &h, &cause), 0);
	assert_string_equal(h, "h1:NFDV4IME8z9Qemg665ZnTFuLyeWTeSQ/OtRMBss74tc=");
	h2 = modhash_h1(pn, pd, lens, 2, &cause);
	assert_string_equal(h, h2);
	free(h);
	free(h2);
	/* Stored instead of deflated: same hash. */
	make_zip(path, names, data, 2, 0);
	assert_int_equal(modhash_h1_zip(path, &h, &cause), 0);
	assert_string_equal(h, "h1:NFDV4IME8z9Qemg665ZnTFuLyeWTeSQ/OtRMBss74tc=");
	free(h);
	/* Corrupt the stored data: the CRC check must fail. */
	{
		FILE *f = fopen(path, "r+b");
		char b[256];
		size_t n = fread(b, 1, sizeof b, f);
		char *p = memmem(b, n, "hello", 5);

		assert_non_null(p);
		fseek(f, p - b, SEEK_SET);
		fputc('J', f);
		fclose(f);
	}
	assert_int_equal(modhash_h1_zip(path, &h, &cause), -1);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	cause = NULL;
	/* Not a zip at all. */
	{
		FILE *f = fopen(path, "wb");

		fputs("not a zip", f);
		fclose(f);
	}
	assert_int_equal(modhash_h1_zip(path, &h, &cause), -1);
	free(cause);
	cause = NULL;
	cause = NULL;
	/* Over Go's 500 MiB (sparse: no disk used), and not a regular file:
	 * refused before libzip reads a central directory. */
	assert_int_equal(truncate(path, (off_t)MODHASH_MAX_ZIP_BYTES + 1), 0);
	assert_int_equal(modhash_h1_zip(path, &h, &cause), -1);
	assert_non_null(strstr(cause, "over 500 MiB"));
	free(cause);
	cause = NULL;
	assert_int_equal(modhash_h1_zip("/dev/zero", &h, &cause), -1);
	assert_non_null(strstr(cause, "not a regular file"));
	free(cause);
	cause = NULL;
	unlink(path);
	assert_int_equal(modhash_h1_zip(path, &h, &cause), -1);
	free(cause);
	cause = NULL;
}

static void test_newline_names(void **state)
{
	const char *names[] = {"a\nb"};
	const void *data[] = {""};
	size_t lens[] = {0};
	char *cause = NULL;

	(void)state;
	assert_null(modhash_h1(names, data, lens, 1, &cause));
	assert_string_equal(cause, "dirhash: filenames with newlines are not supported");
	free(cause);
	cause = NULL;
}

static void test_escape(void **state)
{
	char *o = NULL, *cause = NULL;

	(void)state;
	assert_int_equal(modhash_escape_path("github.com/Azure/azure-SDK", &o, &cause), 0);
	assert_string_equal(o, "github.com/!azure/azure-!s!d!k");
	free(o);
	assert_int_equal(modhash_unescape_path("github.com/!azure/x", &o, &cause), 0);
	assert_string_equal(o, "github.com/Azure/x");
	free(o);
	assert_int_equal(modhash_unescape_path("github.com/!Azure", &o, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(modhash_unescape_path("github.com/Azure", &o, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(modhash_unescape_path("x!", &o, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(modhash_escape_path("a/b!c", &o, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(modhash_escape_path("a/\xc3\xa9", &o, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(modhash_escape_path("../etc", &o, &cause), -1);
	free(cause);
	cause = NULL;
	o = modhash_cache_file("/c", "example.com/Foo", "v1.0.0-RC", "zip", &cause);
	assert_string_equal(o, "/c/cache/download/example.com/!foo/@v/v1.0.0-!r!c.zip");
	free(o);
	assert_null(modhash_cache_file("/c", "x", "v1/../../x", "zip", &cause));
	free(cause);
	cause = NULL;
}

static void test_ziphash_file(void **state)
{
	char path[] = "/tmp/gt-ziphash-XXXXXX";
	int fd = mkstemp(path);
	char *h = NULL, *cause = NULL;

	(void)state;
	assert_int_equal(write(fd, "h1:abc=\n", 8), 8);
	close(fd);
	assert_int_equal(modhash_read_ziphash(path, &h, &cause), 0);
	assert_string_equal(h, "h1:abc=");
	free(h);
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd, "garbage", 7), 7);
	close(fd);
	assert_int_equal(modhash_read_ziphash(path, &h, &cause), -1);
	assert_non_null(strstr(cause, "unexpected ziphash"));
	free(cause);
	cause = NULL;
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_gomod_hash),	  cmocka_unit_test(test_zip_hash),
	    cmocka_unit_test(test_newline_names), cmocka_unit_test(test_escape),
	    cmocka_unit_test(test_ziphash_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
