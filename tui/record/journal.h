/* journal.h: the session journal, one JSON line per thing that happened,
 * written so that a dropped SSH session or a kill loses at most one line.
 *
 * File (docs/formats.md section 14): JSON Lines, mode 0600 in directories created 0700, opened
 * O_APPEND. The first line is the header:
 *   {"kind":"header","format":1,"tool":"gotriage","tool_version":"0.1.0",
 *    "host":..,"user":..,"target":..,"started":"2024-05-01T12:00:00Z",
 *    "ts":<unix secs>,"t":0,"pid":<our pid>}
 * then one line per event, "t" (seconds since journal_open, monotonic),
 * "ts" (unix seconds) and "kind" first, then the kind's fields:
 *   attach   target, url, pid, binary, module, revision, go_version
 *   fetch    what, url, size (bytes), duration (s), status (HTTP status,
 *            0 when not HTTP), summary (one line: the pane's key facts,
 *            never the dump itself), error (when it failed)
 *   verdict  id, verdict (pass|fail|warn|unknown|skip), summary,
 *            evidence [lines], remedy, missing (for unknown)
 *   pane     name
 *   key      action, pane
 *   command  text (what was typed at the prompt)
 *   note     text, check (the check id the note is about, optional)
 *   resize   cols, rows
 *   step     check, verdict (the engineer opened a checklist step)
 *   mark     check, mark (confirmed|dismissed|none)
 *   goroutines  total, buckets, other, stacks [{n, text}]: the stacks of a
 *            parsed debug=2 dump, bounded (tui/record/jsnap.h)
 *   end      reason ("quit", "signal SIGHUP", "signal SIGTERM", ...)
 * Readers (tui/record/journalread.h) accept kinds they do not know, so new
 * kinds can be added without bumping JOURNAL_FORMAT; renaming or retyping a
 * field needs a bump.
 *
 * Every event is built whole in memory, its strings passed through
 * redact_text() (and any field whose name looks secret replaced by
 * [REDACTED]), printed, passed through redact_text() once more as a line,
 * then written with one write(2) and fsync(2)ed. A kill at any moment
 * leaves every earlier line complete.
 *
 * A full disk (ENOSPC, EFBIG under a file size limit, EIO): a line is on
 * disk whole or not at all. A write cut short is truncated back to the
 * file's size before it, so no event is glued to a cut one. The refused
 * event is held in memory (at most 4096 events / 4 MiB; beyond, they are
 * counted as lost), journal_error() says why, and the held events are
 * written, in order and with their own timestamps, before the next event
 * or at journal_retry(). journal_close_lost() says what never made it.
 *
 * Call order: journal_open(), any number of journal_event() or the typed
 * helpers, journal_close() (which writes the "end" event and frees). Not
 * thread-safe and not async-signal-safe: call from the main loop only; a
 * signal handler sets a flag and the loop calls journal_close(j, "SIGHUP").
 * Each event blocks its caller for one fsync (about 2 ms on the test VM's
 * disk, tests/bench/journal.sh; 30-50 ms when the disk is busy); a SIGKILL
 * alone would not need it (the page cache outlives the process), a host
 * crash does. Except "key" events: the engineer waits for the key's
 * answer, so they are kept in memory (with their own time) until
 * journal_flush_keys(), which the console calls after each redraw, or the
 * next other event, and written without fsync (the next event's fsync
 * covers them); a kill between a key and its redraw loses that key's line.
 * After a write error the journal stays open and keeps trying;
 * journal_error() tells the status line. */
#ifndef GOTRIAGE_JOURNAL_H
#define GOTRIAGE_JOURNAL_H

#include <cJSON.h>

#include "checks/verdict.h"

struct journal;

/* What the header line says. NULL host/user are looked up; target may be
 * NULL ("unknown"). */
struct journal_info {
	const char *host;
	const char *user;
	const char *target; /* the target as the engineer named it */
};

/* Opens (creating) the journal. path NULL means the default:
 * $XDG_STATE_HOME/gotriage/sessions/<UTC time>-<host>-<target>.jsonl with
 * XDG_STATE_HOME defaulting to ~/.local/state; a default name that already
 * exists gets a -2, -3... suffix instead of appending to another session.
 * (created 0700 when missing). An explicit path is appended to; its
 * directory must exist (journal_check_path). Returns 0, or -1 with *cause
 * set. */
int journal_open(const char *path, const struct journal_info *info, struct journal **jp,
		 char **cause);
/* Where the journal is being written (for the status line). */
const char *journal_path(const struct journal *j);
/* An explicit journal path's directory exists: 0, or -1 with *cause set
 * saying which directory is missing. Nothing is created. */
int journal_check_path(const char *path, char **cause);
/* The last write error, or NULL while every event reached the disk. */
const char *journal_error(const struct journal *j);
/* Events held in memory waiting for space, events lost beyond the hold's
 * bound, and held events written later. */
size_t journal_held(const struct journal *j);
size_t journal_lost(const struct journal *j);
size_t journal_late(const struct journal *j);
/* Writes the held events, oldest first: 0 when none is left held. */
int journal_retry(struct journal *j);
/* Events written so far (the header not counted) and bytes in the file. */
size_t journal_events(const struct journal *j);
size_t journal_bytes(const struct journal *j);

/* Writes one event. payload (may be NULL) is a JSON object the caller keeps
 * owning; its fields follow t/ts/kind (payload fields of those three names
 * are ignored). Returns 0, or -1 when the line did not reach the disk. */
int journal_event(struct journal *j, const char *kind, const cJSON *payload);

/* Typed helpers for the kinds above; NULL strings and negative numbers are
 * left out of the line. */
struct journal_attach {
	const char *target, *url, *binary, *module, *revision, *go_version;
	long pid; /* 0 or negative: not a local process */
};
int journal_attach(struct journal *j, const struct journal_attach *a);
struct journal_fetch {
	const char *what, *url, *summary, *error;
	long long size;	 /* bytes received, -1 unknown */
	double duration; /* seconds */
	int status;	 /* HTTP status, 0 when not HTTP */
};
int journal_fetch(struct journal *j, const struct journal_fetch *f);
/* remedy may be NULL. */
int journal_verdict(struct journal *j, const char *id, const struct verdict *v, const char *remedy);
int journal_pane(struct journal *j, const char *name);
/* 0 when kept for journal_flush_keys(); -1 when held (the disk refuses). */
int journal_key(struct journal *j, const char *action, const char *pane);
/* Writes the waiting key lines; -1 when one was held instead. */
int journal_flush_keys(struct journal *j);
int journal_command(struct journal *j, const char *text);
int journal_note(struct journal *j, const char *text, const char *check_id);
int journal_resize(struct journal *j, int cols, int rows);

/* Writes the "end" event with reason (NULL: "quit"), closes and frees.
 * Accepts NULL. Returns 0, or -1 when the end line did not reach the disk. */
int journal_close(struct journal *j, const char *reason);
/* The same; when events never reached the disk, *lost (if lost is not
 * NULL) is a malloc'd message for the engineer: how many, since when, why,
 * and the text of each lost note. */
int journal_close_lost(struct journal *j, const char *reason, char **lost);

/* The default directory ($XDG_STATE_HOME/gotriage/sessions), malloc'd. */
char *journal_default_dir(void);

#endif
