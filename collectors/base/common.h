/* common.h: allocation helpers, a growable byte buffer, error strings and
 * capped file reading, shared by every layer.
 *
 * Errors follow one convention: a function that can fail for expected
 * reasons (file missing, service down) returns -1 and, when `cause` is not
 * NULL, stores a malloc'd one-line message there; the caller frees it.
 * Running out of memory is not an expected failure: x*() call fatal(). */
#ifndef GOTRIAGE_COMMON_H
#define GOTRIAGE_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MIB ((size_t)1024 * 1024)

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define NORETURN __attribute__((noreturn))
#else
#define PRINTF_LIKE(f, a)
#define NORETURN
#endif

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows *p (holding *cap elements of size `size`) to hold at least `need`. */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) PRINTF_LIKE(1, 2);
char *xvasprintf(const char *fmt, va_list ap);

/* A bug or out of memory: ends the terminal UI first (see fatal_hook), then
 * prints and exits 3. */
void fatal(const char *fmt, ...) PRINTF_LIKE(1, 2) NORETURN;
extern void (*fatal_hook)(void);

/* Sets *cause (if cause is not NULL) to a new message and returns -1. */
int err_set(char **cause, const char *fmt, ...) PRINTF_LIKE(2, 3);

/* A growable byte buffer; `data` is always NUL-terminated when non-NULL. */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};
void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_addc(struct buf *b, char c);
void buf_adds(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Hands the string over to the caller and leaves b empty. */
char *buf_steal(struct buf *b);

/* Reads at most `cap` bytes of a file (regular files and /proc files alike).
 * Returns 0, or -1 with *cause set. *truncated (may be NULL) tells whether
 * the file held more than `cap` bytes. */
int read_file_capped(const char *path, size_t cap, struct buf *out, int *truncated, char **cause);

/* Reads a whole file of at most `cap` bytes; a larger file is an error
 * ("over the N MiB cap"), not a silent prefix. out is NUL-terminated. */
int read_file_whole(const char *path, size_t cap, struct buf *out, char **cause);

/* Monotonic and wall clocks in seconds. */
double now_mono(void);
double now_wall(void);

/* The value of one hex digit, or -1. */
static inline int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Small string helpers. */
int str_has_prefix(const char *s, const char *prefix);
int str_has_suffix(const char *s, const char *suffix);
/* Trims ASCII whitespace at both ends in place, returns s. */
char *str_trim(char *s);

/* A NULL-terminated, growable list of owned strings. */
struct strlist {
	char **v;
	size_t n;
	size_t cap;
};
void strlist_add(struct strlist *l, const char *s);
void strlist_addf(struct strlist *l, const char *fmt, ...) PRINTF_LIKE(2, 3);
void strlist_free(struct strlist *l);

#endif
