/* Unit tests: every control the sanitiser promises to neutralise, one at a
 * time, comes out as a visible escape (C0, DEL, C1, the Unicode bidi
 * embedding/override/isolate controls of "Trojan Source", CVE-2021-42574,
 * the line/paragraph separators and the BOM), in UTF-8 and ASCII mode,
 * through sanitize_str() and sanitize_json_add() (the two ways target
 * text reaches the screen, a report or the journal). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/sanitize.h"

static const unsigned escaped_cps[] = {
    0x202a, 0x202b, 0x202c, 0x202d, 0x202e, /* LRE RLE PDF LRO RLO */
    0x2066, 0x2067, 0x2068, 0x2069,	    /* LRI RLI FSI PDI */
    0x2028, 0x2029, 0xfeff,		    /* LS PS BOM */
};

static size_t utf8(unsigned cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	out[0] = (char)(0xe0 | cp >> 12);
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[2] = (char)(0x80 | (cp & 0x3f));
	return 3;
}

static void test_bidi_and_separators_escaped(void **state)
{
	(void)state;
	sanitize_set_ascii(0);
	for (size_t i = 0; i < sizeof escaped_cps / sizeof escaped_cps[0]; i++) {
		char in[16] = "x", want[32];
		size_t n = 1 + utf8(escaped_cps[i], in + 1);
		char *s;

		in[n] = 'y';
		in[n + 1] = '\0';
		s = sanitize_str(in);
		snprintf(want, sizeof want, "x\\u%04xy", escaped_cps[i]);
		assert_string_equal(s, want);
		free(s);
	}
}

static void test_c0_del_c1_escaped(void **state)
{
	(void)state;
	sanitize_set_ascii(0);
	for (unsigned cp = 0; cp < 0xa0; cp++) {
		char in[8], want[16];
		size_t n;
		char *s;

		if (cp >= 0x20 && cp < 0x7f)
			continue;
		if (cp == 0)
			continue; /* ends the C string; sanitize_append covers it below */
		n = utf8(cp, in);
		in[n] = '\0';
		s = sanitize_str(in);
		if (cp == '\t')
			strcpy(want, "\\t");
		else if (cp == '\n')
			strcpy(want, "\\n");
		else if (cp == '\r')
			strcpy(want, "\\r");
		else
			snprintf(want, sizeof want, "\\x%02x", cp);
		assert_string_equal(s, want);
		free(s);
	}
	struct buf b;

	buf_init(&b);
	sanitize_append(&b, "a\0b", 3, 0);
	assert_string_equal(b.data, "a\\x00b");
	buf_free(&b);
}

/* Ordinary text, including right-to-left script itself, is left alone: only
 * the invisible controls are escaped. */
static void test_plain_text_kept(void **state)
{
	char *s;

	(void)state;
	sanitize_set_ascii(0);
	s = sanitize_str("caf\xc3\xa9 \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xe2\x82\xac");
	assert_string_equal(s, "caf\xc3\xa9 \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xe2\x82\xac");
	free(s);
}

/* Overlong forms are invalid UTF-8 (RFC 3629): each byte becomes U+FFFD,
 * never the character they spell (e0 83 a9 spells U+00E9 the long way). */
static void test_overlong_rejected(void **state)
{
	char *s;

	(void)state;
	sanitize_set_ascii(0);
	s = sanitize_str("\xe0\x83\xa9|\xc1\xbf|\xf0\x80\x81\x81");
	assert_string_equal(s, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd|"
			       "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	free(s);
}

static void test_ascii_mode_and_json(void **state)
{
	cJSON *o = cJSON_CreateObject();
	char *s;

	(void)state;
	sanitize_set_ascii(1);
	s = sanitize_str("a\xe2\x80\xae"
			 "b");
	assert_string_equal(s, "a?b");
	free(s);
	sanitize_set_ascii(0);
	/* The Trojan Source shape: a comment that ends early on screen. */
	sanitize_json_add(o, "k", "admin\xe2\x80\xae \xe2\x81\xa6// x\xe2\x81\xa9\xe2\x81\xa6");
	assert_string_equal(cJSON_GetObjectItem(o, "k")->valuestring,
			    "admin\\u202e \\u2066// x\\u2069\\u2066");
	cJSON_Delete(o);
}

/* A mapping that returns NULL keeps the original (redact_text's contract
 * is a new string; a NULL from a map must not lose the element). */
static char *upper_or_null(const char *s)
{
	char *u;

	if (s[0] == 'k')
		return NULL;
	u = strdup(s);
	for (char *p = u; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return u;
}

static void test_json_list(void **state)
{
	struct strlist l = {0};
	cJSON *a;

	(void)state;
	sanitize_set_ascii(0);
	strlist_add(&l, "x\x1b[2Jy"); /* a raw ESC from the target */
	strlist_add(&l, "keep");
	a = sanitize_json_list(&l, sanitize_str);
	assert_int_equal(cJSON_GetArraySize(a), 2);
	assert_string_equal(cJSON_GetArrayItem(a, 0)->valuestring, "x\\x1b[2Jy");
	assert_string_equal(cJSON_GetArrayItem(a, 1)->valuestring, "keep");
	cJSON_Delete(a);
	a = sanitize_json_list(&l, NULL); /* ours or already clean: as is */
	assert_string_equal(cJSON_GetArrayItem(a, 0)->valuestring, "x\x1b[2Jy");
	cJSON_Delete(a);
	a = sanitize_json_list(&l, upper_or_null);
	assert_int_equal(cJSON_GetArraySize(a), 2);
	assert_string_equal(cJSON_GetArrayItem(a, 0)->valuestring, "X\x1b[2JY");
	assert_string_equal(cJSON_GetArrayItem(a, 1)->valuestring, "keep");
	cJSON_Delete(a);
	strlist_free(&l);
	a = sanitize_json_list(&l, sanitize_str);
	assert_true(cJSON_IsArray(a));
	assert_int_equal(cJSON_GetArraySize(a), 0);
	cJSON_Delete(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bidi_and_separators_escaped),
	    cmocka_unit_test(test_c0_del_c1_escaped),
	    cmocka_unit_test(test_plain_text_kept),
	    cmocka_unit_test(test_overlong_rejected),
	    cmocka_unit_test(test_ascii_mode_and_json),
	    cmocka_unit_test(test_json_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
