/* Unit tests: the journal's durability promise, observed at the system
 * call. This binary defines fsync() and fdatasync(): the journal objects are
 * linked statically into it, so their calls reach these wrappers, which
 * count the calls per file, note how many bytes the file held when it was
 * synced, and then make the real system call. The test then asserts that
 * every event returns only after the whole file up to its line reached the
 * disk: one sync per event, not one per session; except key events, which
 * are written but left to the next event's sync (journal.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tui/record/journal.h"

static char watched[4096]; /* the journal's path; other fds are not counted */
static int syncs;	   /* syncs of the journal file */
static off_t synced_size;  /* its size at the last sync */

static void note_sync(int fd)
{
	char link[64], target[4096];
	ssize_t n;
	struct stat st;

	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof target - 1);
	if (n <= 0)
		return;
	target[n] = '\0';
	if (watched[0] == '\0' || strcmp(target, watched) != 0)
		return;
	syncs++;
	if (fstat(fd, &st) == 0)
		synced_size = st.st_size;
}

int fsync(int fd)
{
	note_sync(fd);
	return (int)syscall(SYS_fsync, fd);
}

/* Set to make the next write(2) to the journal file short (half the
 * bytes), as a nearly full disk does: the journal must write the rest. */
static int short_write_once;
/* Set (>= 0) to model a disk with this many bytes left for the journal
 * file: a write takes what fits, then fails with ENOSPC. */
static long space_left = -1;

ssize_t write(int fd, const void *p, size_t n)
{
	char link[64], target[4096];
	ssize_t k;

	if (short_write_once && n > 1) {
		snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
		k = readlink(link, target, sizeof target - 1);
		if (k > 0) {
			target[k] = '\0';
			if (watched[0] != '\0' && strcmp(target, watched) == 0) {
				short_write_once = 0;
				n /= 2;
			}
		}
	}
	if (space_left >= 0 && n > 0) {
		snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
		k = readlink(link, target, sizeof target - 1);
		if (k > 0) {
			target[k] = '\0';
			if (watched[0] != '\0' && strcmp(target, watched) == 0) {
				if (space_left == 0) {
					errno = ENOSPC;
					return -1;
				}
				if ((long)n > space_left)
					n = (size_t)space_left;
				k = syscall(SYS_write, fd, p, n);
				if (k > 0)
					space_left -= k;
				return k;
			}
		}
	}
	return syscall(SYS_write, fd, p, n);
}

int fdatasync(int fd)
{
	note_sync(fd);
	return (int)syscall(SYS_fdatasync, fd);
}

static off_t size_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_size;
}

static void test_one_sync_per_event(void **state)
{
	char dir[] = "/tmp/gotriage-jsync.XXXXXX", *path, *cause = NULL, *real;
	struct journal_info info = {"host1", "alice", "http://127.0.0.1:8080"};
	struct journal *j;
	const int events = 12;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/s.jsonl", dir);
	assert_int_equal(journal_open(path, &info, &j, &cause), 0);
	real = realpath(path, NULL);
	assert_non_null(real);
	snprintf(watched, sizeof watched, "%s", real);
	free(real);
	for (int i = 0; i < events; i++) {
		int before = syncs;

		switch (i % 4) {
		case 0:
			assert_int_equal(journal_pane(j, "goroutines"), 0);
			break;
		case 1:
			assert_int_equal(journal_key(j, "refresh", "goroutines"), 0);
			break;
		case 2:
			assert_int_equal(journal_command(j, "note slow start"), 0);
			break;
		default:
			assert_int_equal(journal_note(j, "seen it", "stale-binary"), 0);
			break;
		}
		if (i % 4 == 1) {
			/* A key: nothing written or synced until the redraw
			 * (journal_flush_keys: written whole, not synced) or
			 * the next event, whose one sync covers it (case 2). */
			off_t was = size_of(path);

			assert_int_equal(syncs - before, 0);
			assert_int_equal(journal_bytes(j), (size_t)was);
			if (i % 8 == 1) {
				assert_int_equal(journal_flush_keys(j), 0);
				assert_int_equal(syncs - before, 0);
				assert_true(size_of(path) > was);
				assert_true(synced_size < size_of(path));
			}
		} else {
			/* Exactly one sync for this event, and it covered
			 * the whole file up to its line. */
			assert_int_equal(syncs - before, 1);
			assert_int_equal(synced_size, size_of(path));
		}
		/* The journal's own byte count is the file's size. */
		assert_int_equal(journal_bytes(j), (size_t)size_of(path));
	}
	assert_int_equal(journal_events(j), (size_t)events);
	{
		int before = syncs;

		assert_int_equal(journal_close(j, "quit"), 0);
		assert_int_equal(syncs - before, 1); /* the "end" line */
		assert_int_equal(synced_size, size_of(path));
	}
	watched[0] = '\0';
	unlink(path);
	rmdir(dir);
	free(path);
}

/* A short write is completed: the line on disk is whole, then synced. */
static void test_short_write_completed(void **state)
{
	char dir[] = "/tmp/gotriage-jshort.XXXXXX", *path, *cause = NULL, *real, buf[8192];
	struct journal_info info = {"host1", "alice", "http://127.0.0.1:8080"};
	struct journal *j;
	FILE *f;
	size_t n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/s.jsonl", dir);
	assert_int_equal(journal_open(path, &info, &j, &cause), 0);
	real = realpath(path, NULL);
	snprintf(watched, sizeof watched, "%s", real);
	free(real);
	short_write_once = 1;
	assert_int_equal(journal_note(j, "a note long enough to be cut in half by the disk", NULL),
			 0);
	assert_int_equal(short_write_once, 0); /* the short write happened */
	assert_null(journal_error(j));
	assert_int_equal(synced_size, size_of(path));
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	assert_true(n > 0 && buf[n - 1] == '\n');
	assert_non_null(strstr(buf, "cut in half by the disk\"}\n"));
	assert_int_equal(journal_close(j, "quit"), 0);
	watched[0] = '\0';
	unlink(path);
	rmdir(dir);
	free(path);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *b = calloc(1, 1 << 20);
	size_t n;

	assert_non_null(f);
	n = fread(b, 1, (1 << 20) - 1, f);
	fclose(f);
	b[n] = '\0';
	return b;
}

/* Every line is one whole JSON event; returns how many. */
static int whole_lines(const char *text)
{
	int n = 0;

	for (const char *p = text; *p != '\0';) {
		const char *nl = strchr(p, '\n');
		cJSON *o;

		assert_non_null(nl); /* no line without its newline */
		o = cJSON_ParseWithLength(p, (size_t)(nl - p));
		assert_non_null(o); /* no event glued to a cut one */
		assert_non_null(cJSON_GetObjectItem(o, "kind"));
		cJSON_Delete(o);
		n++;
		p = nl + 1;
	}
	return n;
}

/* The disk fills in the middle of a line: the cut part is truncated away,
 * the event is held with the ones after it, the error is there at once,
 * and when space returns they all land, in order, before the next. */
static void test_disk_fills_mid_line(void **state)
{
	char dir[] = "/tmp/gotriage-jfull.XXXXXX", *path, *cause = NULL, *real, *text, *lost = NULL;
	struct journal_info info = {"host1", "alice", "http://127.0.0.1:8080"};
	struct journal *j;
	off_t before;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/s.jsonl", dir);
	assert_int_equal(journal_open(path, &info, &j, &cause), 0);
	real = realpath(path, NULL);
	snprintf(watched, sizeof watched, "%s", real);
	free(real);
	assert_int_equal(journal_note(j, "before the disk filled", NULL), 0);
	before = size_of(path);
	space_left = 20; /* less than any line */
	assert_int_equal(journal_note(j, "first note on a full disk", NULL), -1);
	assert_non_null(journal_error(j));
	assert_non_null(strstr(journal_error(j), "No space left on device"));
	assert_int_equal(size_of(path), before); /* the 20 bytes were taken back */
	assert_int_equal(journal_held(j), 1);
	assert_int_equal(journal_key(j, "refresh", "overview"), -1);
	assert_int_equal(journal_held(j), 2);
	assert_int_equal(journal_retry(j), -1);
	assert_int_equal(size_of(path), before);
	text = slurp(path);
	assert_int_equal(whole_lines(text), 2);
	assert_null(strstr(text, "full disk"));
	free(text);

	space_left = -1; /* space returns */
	assert_int_equal(journal_note(j, "after space returned", NULL), 0);
	assert_null(journal_error(j));
	assert_int_equal(journal_held(j), 0);
	assert_int_equal(journal_late(j), 2);
	assert_int_equal(journal_events(j), 4);
	text = slurp(path);
	assert_int_equal(whole_lines(text), 5);
	assert_true(strstr(text, "first note on a full disk") < strstr(text, "\"refresh\""));
	assert_true(strstr(text, "\"refresh\"") < strstr(text, "after space returned"));
	free(text);

	/* Full again at quit: the end line is held too, and the loss is said. */
	space_left = 0;
	assert_int_equal(journal_note(j, "lost at quit", NULL), -1);
	assert_int_equal(journal_close_lost(j, "quit", &lost), -1);
	assert_non_null(lost);
	assert_non_null(strstr(lost, "2 events were not recorded (1 note)"));
	assert_non_null(strstr(lost, "lost note: lost at quit"));
	free(lost);
	space_left = -1;
	text = slurp(path);
	assert_int_equal(whole_lines(text), 5);
	free(text);
	watched[0] = '\0';
	unlink(path);
	rmdir(dir);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_one_sync_per_event),
	    cmocka_unit_test(test_short_write_completed),
	    cmocka_unit_test(test_disk_fills_mid_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
