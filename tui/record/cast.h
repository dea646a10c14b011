/* cast.h: writes an asciicast v2 file (docs/formats.md section 10) of what the
 * terminal was sent, playable with `asciinema play` and `asciinema cat`.
 *
 * File: the header {"version":2,"width":W,"height":H,"timestamp":unix,
 * "env":{"TERM":..,"SHELL":..}} then one event per line,
 * [t, "o", "text"] (output), [t, "m", "label"] (marker), [t, "r", "COLSxROWS"]
 * (resize), t in seconds since cast_open(). Mode 0600; an existing regular
 * file is never overwritten.
 *
 * Output is cut into valid UTF-8: a multi-byte character split across two
 * cast_output() calls is held back until its last byte arrives, invalid bytes
 * become U+FFFD and NUL bytes are dropped (JSON text cannot carry them and a
 * terminal ignores them). Every event text passes redact_text(); output is
 * redacted run by run between control bytes so that a masked NAME=value
 * does not swallow the escape sequences after it. Not caught: a secret cut
 * by two output calls or drawn in pieces (ncurses redraws only the cells
 * that changed), which is why the console never draws one in the first
 * place and the cast's redaction is only the second line of defence.
 *
 * Each event is one write(2) without fsync: a killed process loses nothing
 * already written (the page cache keeps it), a crashed host may lose the
 * tail. Functions lock the cast, so the tee thread (casttee.h) and the main
 * loop may call them concurrently. Call order: cast_open(), any events,
 * cast_close() (accepts NULL). */
#ifndef GOTRIAGE_CAST_H
#define GOTRIAGE_CAST_H

#include <stddef.h>

struct cast;

/* Creates path and writes the header. Returns 0, or -1 with *cause set. */
int cast_open(const char *path, int cols, int rows, struct cast **cp, char **cause);
/* Records bytes sent to the terminal. Returns 0, or -1 on a write error
 * (remembered in cast_error(); later events are still attempted). */
int cast_output(struct cast *c, const void *bytes, size_t len);
/* A marker, e.g. at each checklist step (asciinema play can jump to it). */
int cast_marker(struct cast *c, const char *label);
int cast_resize(struct cast *c, int cols, int rows);
const char *cast_path(const struct cast *c);
/* The last write error, NULL while every event reached the file. */
const char *cast_error(const struct cast *c);
/* Bytes written to the file so far. */
size_t cast_bytes(const struct cast *c);
/* Flushes a held-back partial character as U+FFFD, closes, frees. */
int cast_close(struct cast *c);

#endif
