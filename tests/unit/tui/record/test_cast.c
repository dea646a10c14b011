/* Unit tests: the asciicast v2 writer and the pty tee behind it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>

#include "tui/record/cast.h"
#include "tui/record/casttee.h"
#include "collectors/base/common.h"
#include "collectors/base/redact.h"

static char path[64];

static int setup(void **state)
{
	int fd;

	(void)state;
	strcpy(path, "/tmp/gt-cast-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path); /* cast_open refuses to overwrite */
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	redact_reset();
	return 0;
}

/* The file's lines, parsed: [0] is the header. Every line must parse. */
struct lines {
	cJSON *v[4096];
	size_t n;
};

static void load(struct lines *l)
{
	struct buf b;
	char *cause = NULL, *p;

	buf_init(&b);
	assert_int_equal(read_file_capped(path, 16 * MIB, &b, NULL, &cause), 0);
	l->n = 0;
	p = b.data;
	while (*p != '\0') {
		char *nl = strchr(p, '\n');

		assert_non_null(nl);
		assert_true(l->n < ARRAY_LEN(l->v));
		l->v[l->n] = cJSON_ParseWithLength(p, (size_t)(nl - p));
		assert_non_null(l->v[l->n]);
		l->n++;
		p = nl + 1;
	}
	buf_free(&b);
}

static void unload(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		cJSON_Delete(l->v[i]);
	l->n = 0;
}

static const char *ev_code(const cJSON *e)
{
	return cJSON_GetArrayItem(e, 1)->valuestring;
}

static const char *ev_data(const cJSON *e)
{
	return cJSON_GetArrayItem(e, 2)->valuestring;
}

/* All "o" data concatenated. */
static char *output_text(struct lines *l)
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "");
	for (size_t i = 1; i < l->n; i++)
		if (strcmp(ev_code(l->v[i]), "o") == 0)
			buf_adds(&b, ev_data(l->v[i]));
	return buf_steal(&b);
}

static void test_header_and_events(void **state)
{
	struct cast *c;
	struct lines l;
	char *cause = NULL;
	const cJSON *h;

	(void)state;
	setenv("TERM", "xterm-256color", 1);
	assert_int_equal(cast_open(path, 132, 43, &c, &cause), 0);
	assert_string_equal(cast_path(c), path);
	{
		const char *hello = "hello \x1b[1mworld\x1b[0m\r\n";

		assert_int_equal(cast_output(c, hello, strlen(hello)), 0);
	}
	assert_int_equal(cast_marker(c, "step 1: pprof"), 0);
	assert_int_equal(cast_resize(c, 100, 30), 0);
	assert_int_equal(cast_output(c, "x", 1), 0);
	assert_null(cast_error(c));
	assert_true(cast_bytes(c) > 50);
	assert_int_equal(cast_close(c), 0);

	load(&l);
	assert_int_equal(l.n, 5);
	h = l.v[0];
	assert_true(cJSON_IsObject(h));
	assert_int_equal(cJSON_GetObjectItem(h, "version")->valueint, 2);
	assert_int_equal(cJSON_GetObjectItem(h, "width")->valueint, 132);
	assert_int_equal(cJSON_GetObjectItem(h, "height")->valueint, 43);
	assert_true(cJSON_GetObjectItem(h, "timestamp")->valuedouble > 1.6e9);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(h, "env"), "TERM")->valuestring,
			    "xterm-256color");
	for (size_t i = 1; i < l.n; i++) {
		assert_true(cJSON_IsArray(l.v[i]));
		assert_int_equal(cJSON_GetArraySize(l.v[i]), 3);
		assert_true(cJSON_IsNumber(cJSON_GetArrayItem(l.v[i], 0)));
		if (i > 1)
			assert_true(cJSON_GetArrayItem(l.v[i], 0)->valuedouble >=
				    cJSON_GetArrayItem(l.v[i - 1], 0)->valuedouble);
	}
	assert_string_equal(ev_code(l.v[1]), "o");
	assert_string_equal(ev_data(l.v[1]), "hello \x1b[1mworld\x1b[0m\r\n");
	assert_string_equal(ev_code(l.v[2]), "m");
	assert_string_equal(ev_data(l.v[2]), "step 1: pprof");
	assert_string_equal(ev_code(l.v[3]), "r");
	assert_string_equal(ev_data(l.v[3]), "100x30");
	unload(&l);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

static void test_utf8_split_across_writes(void **state)
{
	struct cast *c;
	struct lines l;
	char *cause = NULL, *all;

	(void)state;
	assert_int_equal(cast_open(path, 80, 24, &c, &cause), 0);
	/* é (2 bytes) cut after its first byte: nothing is written yet. */
	assert_int_equal(cast_output(c, "caf\xc3", 4), 0);
	assert_int_equal(cast_output(c, "\xa9!", 2), 0);
	/* ✓ (3 bytes) fed one byte at a time. */
	assert_int_equal(cast_output(c, "\xe2", 1), 0);
	assert_int_equal(cast_output(c, "\x9c", 1), 0);
	assert_int_equal(cast_output(c, "\x93", 1), 0);
	/* 😀 (4 bytes) cut 1+3. */
	assert_int_equal(cast_output(c, "\xf0", 1), 0);
	assert_int_equal(cast_output(c, "\x9f\x98\x80", 3), 0);
	assert_int_equal(cast_close(c), 0);
	load(&l);
	/* Lines: header, "caf", "é!", "✓", "😀". */
	assert_int_equal(l.n, 5);
	assert_string_equal(ev_data(l.v[1]), "caf");
	assert_string_equal(ev_data(l.v[2]), "\xc3\xa9!");
	assert_string_equal(ev_data(l.v[3]), "\xe2\x9c\x93");
	assert_string_equal(ev_data(l.v[4]), "\xf0\x9f\x98\x80");
	all = output_text(&l);
	assert_string_equal(all, "caf\xc3\xa9!\xe2\x9c\x93\xf0\x9f\x98\x80");
	free(all);
	unload(&l);
}

static void test_invalid_bytes_become_replacement(void **state)
{
	struct cast *c;
	struct lines l;
	char *cause = NULL;
	/* lone 0xff, overlong "/", a surrogate, a NUL, a stray continuation */
	const char in[] = "a\xff"
			  "b\xc0\xaf"
			  "c\xed\xa0\x80"
			  "d\0e\x80";

	(void)state;
	assert_int_equal(cast_open(path, 80, 24, &c, &cause), 0);
	assert_int_equal(cast_output(c, in, sizeof in - 1), 0);
	/* A character still cut at close becomes one U+FFFD. */
	assert_int_equal(cast_output(c, "\xe2\x9c", 2), 0);
	assert_int_equal(cast_close(c), 0);
	load(&l);
	assert_int_equal(l.n, 3);
	assert_string_equal(ev_data(l.v[1]), "a\xef\xbf\xbd"
					     "b\xef\xbf\xbd\xef\xbf\xbd"
					     "c\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
					     "de\xef\xbf\xbd");
	assert_string_equal(ev_data(l.v[2]), "\xef\xbf\xbd");
	unload(&l);
}

static void test_redacts_output(void **state)
{
	struct cast *c;
	char *cause = NULL;
	struct buf b;

	(void)state;
	redact_register_value("sk_live_51HxYzSECRET");
	assert_int_equal(cast_open(path, 80, 24, &c, &cause), 0);
	assert_int_equal(cast_output(c, "\x1b[2;1Htoken sk_live_51HxYzSECRET here", 37), 0);
	assert_int_equal(cast_output(c, "DB_PASSWORD=hunter22 x", 22), 0);
	assert_int_equal(cast_marker(c, "sk_live_51HxYzSECRET"), 0);
	/* The mask stops at the escape sequence that follows the value. */
	assert_int_equal(cast_output(c, "API_KEY: abc\x1b[3;1Hnext row", 26), 0);
	assert_int_equal(cast_close(c), 0);
	buf_init(&b);
	assert_int_equal(read_file_capped(path, MIB, &b, NULL, &cause), 0);
	assert_null(strstr(b.data, "sk_live_51HxYzSECRET"));
	assert_null(strstr(b.data, "hunter22"));
	assert_non_null(strstr(b.data, "token [REDACTED] here"));
	assert_non_null(strstr(b.data, "API_KEY: [REDACTED]\\u001b[3;1Hnext row"));
	buf_free(&b);
}

static void test_never_overwrites(void **state)
{
	struct cast *c;
	char *cause = NULL;

	(void)state;
	assert_int_equal(cast_open(path, 80, 24, &c, &cause), 0);
	assert_int_equal(cast_close(c), 0);
	assert_int_equal(cast_open(path, 80, 24, &c, &cause), -1);
	assert_non_null(strstr(cause, "already exists"));
	free(cause);
	cause = NULL;
	assert_int_equal(cast_open("/dev/null", 80, 24, &c, &cause), 0);
	assert_int_equal(cast_close(c), 0);
	assert_int_equal(cast_open(path, 0, 24, &c, &cause), -1);
	free(cause);
	assert_int_equal(cast_close(NULL), 0);
	assert_int_equal(cast_output(NULL, "x", 1), -1);
}

struct writer {
	struct cast *c;
	int id;
};

static void *write_many(void *arg)
{
	struct writer *w = arg;

	for (int i = 0; i < 300; i++) {
		if (w->id == 0)
			cast_output(w->c, "\xe2\x9c\x93 output line\r\n", 17);
		else
			cast_marker(w->c, "marker");
	}
	return NULL;
}

/* The tee thread and the main loop write concurrently: lines never mix. */
static void test_concurrent_writers(void **state)
{
	struct cast *c;
	struct lines *l = xcalloc(1, sizeof *l);
	char *cause = NULL;
	pthread_t th[2];
	struct writer w[2];

	(void)state;
	assert_int_equal(cast_open(path, 80, 24, &c, &cause), 0);
	for (int i = 0; i < 2; i++) {
		w[i].c = c;
		w[i].id = i;
		pthread_create(&th[i], NULL, write_many, &w[i]);
	}
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(cast_close(c), 0);
	load(l);
	assert_int_equal(l->n, 601);
	unload(l);
	free(l);
}

/* Reads from fd until `want` shows up or 2 s pass. */
static int read_until(int fd, struct buf *b, const char *want)
{
	double end = now_mono() + 2;

	while (now_mono() < end) {
		struct pollfd p = {fd, POLLIN, 0};
		char tmp[4096];
		ssize_t n;

		if (b->data != NULL && strstr(b->data, want) != NULL)
			return 1;
		if (poll(&p, 1, 50) <= 0)
			continue;
		n = read(fd, tmp, sizeof tmp);
		if (n <= 0)
			break;
		buf_add(b, tmp, (size_t)n);
	}
	return b->data != NULL && strstr(b->data, want) != NULL;
}

/* The tee without a terminal: pipes stand in for it. What the console
 * writes reaches both the "terminal" and the cast; keys reach the console. */
static void test_tee_copies_both_ways(void **state)
{
	struct cast *c;
	struct casttee *t;
	struct lines l;
	char *cause = NULL, *all, line[64];
	int to_console[2], from_console[2], cols = 0, rows = 0;
	struct buf term;
	FILE *out, *in;

	(void)state;
	assert_int_equal(pipe(to_console), 0);
	assert_int_equal(pipe(from_console), 0);
	assert_int_equal(cast_open(path, 80, 24, &c, &cause), 0);
	assert_int_equal(casttee_start(c, to_console[0], from_console[1], &t, &cause), 0);
	out = casttee_out(t);
	in = casttee_in(t);
	assert_non_null(out);
	assert_non_null(in);
	assert_true(isatty(fileno(out)));
	/* Not a terminal: the pty gets 80x24. */
	assert_int_equal(casttee_winsize(t, &cols, &rows), -1);
	assert_int_equal(cols, 80);
	assert_int_equal(rows, 24);

	fputs("drawn \xe2\x9c\x93\n", out);
	fflush(out);
	buf_init(&term);
	assert_true(read_until(from_console[0], &term, "drawn \xe2\x9c\x93"));

	/* A key line typed at the "terminal" arrives on the console side. */
	assert_int_equal(write(to_console[1], "keys\n", 5), 5);
	assert_non_null(fgets(line, sizeof line, in));
	assert_string_equal(line, "keys\n");

	/* What is written just before stopping is not lost. */
	assert_int_equal(write(casttee_fd(t), "LAST-BYTES", 10), 10);
	casttee_stop(t);
	assert_int_equal(cast_close(c), 0);
	load(&l);
	all = output_text(&l);
	assert_non_null(strstr(all, "drawn \xe2\x9c\x93"));
	assert_non_null(strstr(all, "LAST-BYTES"));
	free(all);
	unload(&l);
	buf_free(&term);
	close(to_console[0]);
	close(to_console[1]);
	close(from_console[0]);
	close(from_console[1]);
	casttee_stop(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_header_and_events, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_utf8_split_across_writes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_invalid_bytes_become_replacement, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_redacts_output, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_never_overwrites, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_concurrent_writers, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tee_copies_both_ways, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
