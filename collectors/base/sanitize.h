/* sanitize.h: the one gate every string from the target or the repo passes
 * before it is drawn, written to a report or recorded.
 *
 * Control bytes (C0, DEL, C1) become visible escapes such as "\x1b";
 * invalid UTF-8 becomes U+FFFD (or '?' in ASCII mode); in ASCII mode every
 * non-ASCII character becomes '?'. The output never contains a byte that a
 * terminal would interpret. */
#ifndef GOTRIAGE_SANITIZE_H
#define GOTRIAGE_SANITIZE_H

#include <stddef.h>

#include "common.h"

/* Appends the sanitised form of s[0..len) to out. */
void sanitize_append(struct buf *out, const char *s, size_t len, int ascii_only);
/* Returns a new sanitised copy of a NUL-terminated string (UTF-8 allowed). */
char *sanitize_str(const char *s);
/* Switches every later sanitize_str() to ASCII output (non-UTF-8 locales). */
void sanitize_set_ascii(int ascii_only);
/* Adds key = sanitised value to a JSON object, or key = null for NULL:
 * the one way target strings enter JSON output. */
struct cJSON;
void sanitize_json_add(struct cJSON *obj, const char *key, const char *value);
/* The one JSON list helper: a new JSON array of l's strings, each passed
 * through `map` (sanitize_str, redact_text: a function returning a new
 * string, freed here) or taken as is when map is NULL (text that is ours,
 * or already clean). */
struct cJSON *sanitize_json_list(const struct strlist *l, char *(*map)(const char *));
/* Display width in terminal columns of an already sanitised string. */
size_t sanitize_width(const char *s);

#endif
