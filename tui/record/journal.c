/* journal.c: append-only, fsync'ed JSON Lines record of a triage session
 * (keys written after the redraw, not fsync'ed: see journal.h). */
#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "collectors/base/common.h"
#include "journal_path.h"
#include "journalread.h"
#include "collectors/base/redact.h"
#include "collectors/base/sanitize.h"

/* Events held in memory while the disk refuses them: at most this many,
 * and this many bytes of lines; beyond, new events are counted as lost. */
#define JOURNAL_HELD_MAX 4096
#define JOURNAL_KEYS_MAX 64 /* key lines waiting for the redraw; more: written */
#define JOURNAL_HELD_BYTES (4u << 20)

struct held {
	char *line; /* the formatted line, without its newline */
	char kind[16];
};

struct journal {
	int fd;
	char *path;
	double t0; /* now_mono() at open */
	char *error;
	size_t events;
	size_t bytes;
	int regular; /* a regular file: a failed write can be truncated away */
	int torn;    /* a cut line could not be truncated: start the next on a new line */
	struct held *held;
	size_t nheld, held_bytes;
	size_t late;	/* held events written after space returned */
	size_t dropped; /* events neither written nor held */
	size_t dropped_notes;
	double failed_at;	      /* wall time of the first failure not yet recovered, 0 */
	char *keys[JOURNAL_KEYS_MAX]; /* key lines not yet written (journal_flush_keys) */
	size_t nkeys;
};

/* ---- writing ------------------------------------------------------------ */

/* Puts repl in c's place, keeping c's field name. */
static void replace_keep_name(cJSON *parent, cJSON *c, cJSON *repl)
{
	repl->string = c->string;
	repl->type |= c->type & cJSON_StringIsConst;
	c->string = NULL;
	cJSON_ReplaceItemViaPointer(parent, c, repl);
}

/* sanitize_str() line by line: newlines (a note's) are not an escape. */
static char *sanitize_lines(const char *s)
{
	struct buf b;

	buf_init(&b);
	for (;;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl != NULL ? (size_t)(nl - s) : strlen(s);

		sanitize_append(&b, s, n, 0);
		if (nl == NULL)
			break;
		buf_addc(&b, '\n');
		s = nl + 1;
	}
	return b.data != NULL ? buf_steal(&b) : xstrdup("");
}

/* Masks secrets inside a JSON value: every string through redact_text()
 * and sanitize_str(), and the whole value of any field whose name looks
 * secret. */
static void redact_tree(cJSON *node)
{
	cJSON *c = node != NULL ? node->child : NULL;

	while (c != NULL) {
		cJSON *next = c->next;

		if (c->string != NULL && redact_is_secret_name(c->string) && !cJSON_IsNull(c)) {
			replace_keep_name(node, c, cJSON_CreateString(REDACTED));
		} else if (cJSON_IsString(c) && c->valuestring != NULL) {
			/* Masked, then sanitised: bytes from the target (an exe
			 * name with ESC in it) must not reach whoever prints the
			 * journal with jq -r. */
			char *r = redact_text(c->valuestring), *z = sanitize_lines(r);

			if (strcmp(z, c->valuestring) != 0)
				replace_keep_name(node, c, cJSON_CreateString(z));
			free(z);
			free(r);
		} else if (cJSON_IsObject(c) || cJSON_IsArray(c)) {
			redact_tree(c);
		}
		c = next;
	}
}

static double round_to(double x, double unit)
{
	return floor(x / unit + 0.5) * unit;
}

static char *print_or_die(const cJSON *o)
{
	char *s = cJSON_PrintUnformatted(o);

	if (s == NULL)
		fatal("out of memory printing a journal line");
	return s;
}

/* Builds the final text of one line (without its newline). */
static char *format_line(double t, double ts, const char *kind, const cJSON *payload)
{
	cJSON *o = cJSON_CreateObject();
	char *line, *red;

	cJSON_AddNumberToObject(o, "t", round_to(t, 1e-6));
	cJSON_AddNumberToObject(o, "ts", round_to(ts, 1e-3));
	cJSON_AddStringToObject(o, "kind", kind);
	for (const cJSON *f = payload != NULL ? payload->child : NULL; f != NULL; f = f->next) {
		if (f->string == NULL || strcmp(f->string, "t") == 0 ||
		    strcmp(f->string, "ts") == 0 || strcmp(f->string, "kind") == 0)
			continue;
		cJSON_AddItemToObject(o, f->string, cJSON_Duplicate(f, 1));
	}
	redact_tree(o);
	line = print_or_die(o);
	/* The same masks over the printed line catch what only shows up there
	 * (a secret split over two fields, one in a key). If masking the text
	 * broke the JSON, keep the masked text as a string instead. */
	red = redact_text(line);
	if (strcmp(red, line) != 0) {
		cJSON *chk = cJSON_Parse(red);

		if (chk == NULL) {
			cJSON_Delete(o);
			o = cJSON_CreateObject();
			cJSON_AddNumberToObject(o, "t", round_to(t, 1e-6));
			cJSON_AddNumberToObject(o, "ts", round_to(ts, 1e-3));
			cJSON_AddStringToObject(o, "kind", kind);
			cJSON_AddStringToObject(o, "redacted_line", red);
			free(red);
			free(line);
			red = print_or_die(o);
			line = redact_text(red);
			if (strcmp(red, line) != 0) {
				/* Give up on the content rather than risk the secret. */
				free(red);
				free(line);
				cJSON_Delete(o);
				o = cJSON_CreateObject();
				cJSON_AddNumberToObject(o, "t", round_to(t, 1e-6));
				cJSON_AddStringToObject(o, "kind", kind);
				cJSON_AddBoolToObject(o, "redaction_failed", 1);
				red = print_or_die(o);
			} else {
				free(line);
			}
			cJSON_Delete(o);
			return red;
		}
		cJSON_Delete(chk);
	}
	free(line);
	cJSON_Delete(o);
	return red;
}

static void set_error(struct journal *j, const char *what, int e)
{
	free(j->error);
	j->error = xasprintf("%s %s: %s", what, j->path, strerror(e));
}

/* A line that did not reach the disk whole is taken back: the file is cut
 * to good (its size before the line), so no event is glued to a cut one.
 * When even that fails the cut line stays, and the next line starts with a
 * newline (readers skip the one cut line). */
static void take_back(struct journal *j, off_t good, size_t written)
{
	if (written == 0)
		return;
	if (good >= 0 && ftruncate(j->fd, good) == 0)
		return;
	j->torn = 1;
}

/* One write(2) for the whole line and its newline, then fsync(2) unless
 * !sync (a key: the next synced event's fsync covers it): the line is on
 * disk whole, or not at all. A short write (a nearly full disk) is
 * continued for the rest; when the rest fails too, the part written is
 * truncated away. */
static int put_line_sync(struct journal *j, const char *line, int sync)
{
	size_t len = strlen(line), off = 0, lead = j->torn ? 1 : 0, total;
	char *full = xmalloc(len + 2);
	off_t good = -1;
	struct stat st;

	if (lead)
		full[0] = '\n';
	memcpy(full + lead, line, len);
	full[lead + len] = '\n';
	total = lead + len + 1;
	if (j->regular && fstat(j->fd, &st) == 0)
		good = st.st_size;
	while (off < total) {
		ssize_t n = write(j->fd, full + off, total - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : ENOSPC;

			take_back(j, good, off);
			set_error(j, "cannot write", e);
			free(full);
			return -1;
		}
		off += (size_t)n;
	}
	free(full);
	while (sync && fsync(j->fd) < 0) {
		int e = errno;

		if (e == EINTR)
			continue;
		/* A pipe or /dev/null: nothing to sync. */
		if (e == EINVAL || e == EROFS)
			break;
		/* Not known to be on disk: take it back, hold it, try again. */
		take_back(j, good, off);
		set_error(j, "cannot fsync", e);
		return -1;
	}
	j->bytes += total;
	j->torn = 0;
	return 0;
}

static int put_line(struct journal *j, const char *line)
{
	return put_line_sync(j, line, 1);
}

/* Keeps a line the disk refused (taking ownership), or counts it lost. */
static void hold(struct journal *j, const char *kind, char *line)
{
	size_t len = strlen(line);

	if (j->failed_at == 0)
		j->failed_at = now_wall();
	if (j->nheld >= JOURNAL_HELD_MAX || j->held_bytes + len > JOURNAL_HELD_BYTES) {
		j->dropped++;
		if (strcmp(kind, "note") == 0)
			j->dropped_notes++;
		free(line);
		return;
	}
	j->held = xrealloc(j->held, (j->nheld + 1) * sizeof *j->held);
	j->held[j->nheld].line = line;
	snprintf(j->held[j->nheld].kind, sizeof j->held[j->nheld].kind, "%s", kind);
	j->nheld++;
	j->held_bytes += len;
}

int journal_retry(struct journal *j)
{
	size_t done = 0;

	if (j == NULL)
		return -1;
	while (done < j->nheld && put_line(j, j->held[done].line) == 0) {
		j->held_bytes -= strlen(j->held[done].line);
		free(j->held[done].line);
		done++;
	}
	if (done > 0) {
		memmove(j->held, j->held + done, (j->nheld - done) * sizeof *j->held);
		j->nheld -= done;
		j->events += done;
		j->late += done;
		if (j->nheld == 0) {
			free(j->error);
			j->error = NULL;
			j->failed_at = 0;
		}
	}
	return j->nheld == 0 ? 0 : -1;
}

/* Writes the key lines waiting since their keys (each with its own time),
 * unsynced; one the disk refuses is held, so order is kept. */
int journal_flush_keys(struct journal *j)
{
	int rc = 0;

	if (j == NULL)
		return -1;
	for (size_t i = 0; i < j->nkeys; i++) {
		if (journal_retry(j) == 0 && put_line_sync(j, j->keys[i], 0) == 0) {
			free(j->keys[i]);
			j->events++;
			continue;
		}
		hold(j, "key", j->keys[i]);
		rc = -1;
	}
	j->nkeys = 0;
	return rc;
}

static int event(struct journal *j, const char *kind, const cJSON *payload, int sync)
{
	char *line;

	if (j == NULL || kind == NULL)
		return -1;
	journal_flush_keys(j); /* older than this event */
	line = format_line(now_mono() - j->t0, now_wall(), kind, payload);
	/* Order is kept: nothing new is written before the held events. */
	if (journal_retry(j) == 0 && put_line_sync(j, line, sync) == 0) {
		free(line);
		j->events++;
		free(j->error);
		j->error = NULL;
		j->failed_at = 0;
		return 0;
	}
	hold(j, kind, line);
	return -1;
}

int journal_event(struct journal *j, const char *kind, const cJSON *payload)
{
	return event(j, kind, payload, 1);
}

/* ---- open and close ------------------------------------------------------ */

static int write_header(struct journal *j, const struct journal_info *info)
{
	cJSON *h = cJSON_CreateObject();
	char host[HOST_NAME_MAX + 1] = "";
	const char *user = info != NULL ? info->user : NULL;
	struct passwd *pw;
	char started[32];
	double wall = now_wall();
	time_t secs = (time_t)wall;
	struct tm tm;
	char *line;
	int rc;

	if (info != NULL && info->host != NULL)
		snprintf(host, sizeof host, "%s", info->host);
	else if (gethostname(host, sizeof host - 1) < 0)
		strcpy(host, "unknown");
	if (user == NULL && (pw = getpwuid(geteuid())) != NULL)
		user = pw->pw_name;
	if (user == NULL)
		user = getenv("USER");
	gmtime_r(&secs, &tm);
	strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", &tm);
	cJSON_AddNumberToObject(h, "format", JOURNAL_FORMAT);
	cJSON_AddStringToObject(h, "tool", "gotriage");
	cJSON_AddStringToObject(h, "tool_version", GOTRIAGE_VERSION);
	cJSON_AddStringToObject(h, "host", host);
	cJSON_AddStringToObject(h, "user", user != NULL ? user : "unknown");
	cJSON_AddStringToObject(h, "target",
				info != NULL && info->target != NULL ? info->target : "unknown");
	cJSON_AddStringToObject(h, "started", started);
	cJSON_AddNumberToObject(h, "pid", (double)getpid());
	line = format_line(0, wall, "header", h);
	cJSON_Delete(h);
	rc = put_line(j, line);
	free(line);
	return rc;
}

static int open_default(const struct journal_info *info, char **path, char **cause)
{
	char *dir = journal_default_dir();
	char host[HOST_NAME_MAX + 1] = "";
	const char *h = info != NULL ? info->host : NULL;
	int fd = -1;

	if (journal_make_dirs(dir, cause) < 0) {
		free(dir);
		return -1;
	}
	if (h == NULL && gethostname(host, sizeof host - 1) == 0)
		h = host;
	for (int n = 1; n <= 100 && fd < 0; n++) {
		*path = journal_default_name(dir, h, info != NULL ? info->target : NULL, n);
		fd = open(*path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST) {
			err_set(cause, "cannot create %s: %s", *path, strerror(errno));
			break;
		}
		if (fd < 0) {
			free(*path);
			*path = NULL;
		}
	}
	if (fd < 0 && *path == NULL)
		err_set(cause, "cannot create a journal in %s: 100 sessions this second", dir);
	free(dir);
	return fd;
}

int journal_open(const char *path, const struct journal_info *info, struct journal **jp,
		 char **cause)
{
	struct journal *j;
	char *p = NULL;
	int fd;

	*jp = NULL;
	if (path == NULL) {
		fd = open_default(info, &p, cause);
		if (fd < 0) {
			free(p);
			return -1;
		}
	} else {
		/* An explicit path's directory must exist: no mkdir -p of a
		 * mistyped path, as root. */
		if (journal_check_path(path, cause) < 0)
			return -1;
		fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
		if (fd < 0)
			return err_set(cause, "cannot open journal %s: %s", path, strerror(errno));
		p = xstrdup(path);
	}
	j = xcalloc(1, sizeof *j);
	j->fd = fd;
	j->path = p;
	{
		struct stat st;

		j->regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	}
	j->t0 = now_mono();
	if (write_header(j, info) < 0) {
		err_set(cause, "%s", j->error);
		close(fd);
		free(j->error);
		free(j->path);
		free(j);
		return -1;
	}
	journal_sync_parent_dir(p);
	*jp = j;
	return 0;
}

int journal_check_path(const char *path, char **cause)
{
	const char *slash = strrchr(path, '/');
	struct stat st;
	char *dir;
	int rc = 0;

	if (slash == NULL || slash == path)
		return 0;
	dir = xstrndup(path, (size_t)(slash - path));
	if (stat(dir, &st) < 0)
		rc = err_set(cause,
			     "cannot record to %s: directory %s does not exist (%s); create it, or "
			     "leave out --record for the default under $XDG_STATE_HOME",
			     path, dir, strerror(errno));
	else if (!S_ISDIR(st.st_mode))
		rc = err_set(cause, "cannot record to %s: %s is not a directory", path, dir);
	free(dir);
	return rc;
}

/* "12 events were not recorded (3 notes, 9 other) since 12:01:02 UTC:
 * cannot write ...: No space left on device", then each lost note's text. */
static char *lost_message(const struct journal *j)
{
	size_t notes = j->dropped_notes, n = j->nheld + j->dropped, shown = 0;
	time_t since = (time_t)j->failed_at;
	char when[32] = "?";
	struct tm tm;
	struct buf b;

	for (size_t i = 0; i < j->nheld; i++)
		notes += strcmp(j->held[i].kind, "note") == 0;
	if (since > 0 && gmtime_r(&since, &tm) != NULL)
		strftime(when, sizeof when, "%H:%M:%S UTC", &tm);
	buf_init(&b);
	buf_printf(&b, "%zu event%s not recorded (%zu note%s) since %s: %s", n,
		   n == 1 ? " was" : "s were", notes, notes == 1 ? "" : "s", when,
		   j->error != NULL ? j->error : "write failed");
	/* The notes are the engineer's own words: give them back. */
	for (size_t i = 0; i < j->nheld && shown < 20; i++) {
		cJSON *o;
		const cJSON *t;

		if (strcmp(j->held[i].kind, "note") != 0)
			continue;
		o = cJSON_Parse(j->held[i].line);
		t = cJSON_GetObjectItemCaseSensitive(o, "text");
		if (cJSON_IsString(t))
			buf_printf(&b, "\n  lost note: %s", t->valuestring);
		cJSON_Delete(o);
		shown++;
	}
	if (j->dropped_notes > 0)
		buf_printf(&b, "\n  %zu more note%s beyond what memory held", j->dropped_notes,
			   j->dropped_notes == 1 ? "" : "s");
	return buf_steal(&b);
}

int journal_close_lost(struct journal *j, const char *reason, char **lost)
{
	cJSON *o;
	int rc;

	if (lost != NULL)
		*lost = NULL;
	if (j == NULL)
		return 0;
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "reason", reason != NULL ? reason : "quit");
	if (j->nheld + j->dropped > 0)
		cJSON_AddNumberToObject(o, "lost", (double)(j->nheld + j->dropped));
	rc = journal_event(j, "end", o);
	cJSON_Delete(o);
	if (j->nheld + j->dropped > 0) {
		if (lost != NULL)
			*lost = lost_message(j);
		rc = -1;
	}
	if (close(j->fd) < 0 && rc == 0)
		rc = -1;
	for (size_t i = 0; i < j->nheld; i++)
		free(j->held[i].line);
	free(j->held);
	free(j->error);
	free(j->path);
	free(j);
	return rc;
}

int journal_close(struct journal *j, const char *reason)
{
	return journal_close_lost(j, reason, NULL);
}

const char *journal_path(const struct journal *j)
{
	return j != NULL ? j->path : NULL;
}

const char *journal_error(const struct journal *j)
{
	return j != NULL ? j->error : NULL;
}

size_t journal_events(const struct journal *j)
{
	return j != NULL ? j->events : 0;
}

size_t journal_bytes(const struct journal *j)
{
	return j != NULL ? j->bytes : 0;
}

size_t journal_held(const struct journal *j)
{
	return j != NULL ? j->nheld : 0;
}

size_t journal_lost(const struct journal *j)
{
	return j != NULL ? j->dropped : 0;
}

size_t journal_late(const struct journal *j)
{
	return j != NULL ? j->late : 0;
}

/* ---- typed helpers ------------------------------------------------------- */

static void add_str(cJSON *o, const char *name, const char *v)
{
	if (v != NULL)
		cJSON_AddStringToObject(o, name, v);
}

static int emit(struct journal *j, const char *kind, cJSON *o)
{
	int rc = journal_event(j, kind, o);

	cJSON_Delete(o);
	return rc;
}

int journal_attach(struct journal *j, const struct journal_attach *a)
{
	cJSON *o = cJSON_CreateObject();

	add_str(o, "target", a->target);
	add_str(o, "url", a->url);
	if (a->pid > 0)
		cJSON_AddNumberToObject(o, "pid", (double)a->pid);
	add_str(o, "binary", a->binary);
	add_str(o, "module", a->module);
	add_str(o, "revision", a->revision);
	add_str(o, "go_version", a->go_version);
	return emit(j, "attach", o);
}

int journal_fetch(struct journal *j, const struct journal_fetch *f)
{
	cJSON *o = cJSON_CreateObject();

	add_str(o, "what", f->what);
	add_str(o, "url", f->url);
	if (f->size >= 0)
		cJSON_AddNumberToObject(o, "size", (double)f->size);
	if (f->duration >= 0)
		cJSON_AddNumberToObject(o, "duration", round_to(f->duration, 1e-4));
	cJSON_AddNumberToObject(o, "status", f->status);
	add_str(o, "summary", f->summary);
	add_str(o, "error", f->error);
	return emit(j, "fetch", o);
}

int journal_verdict(struct journal *j, const char *id, const struct verdict *v, const char *remedy)
{
	cJSON *o = cJSON_CreateObject();

	add_str(o, "id", id);
	cJSON_AddStringToObject(o, "verdict", verdict_name(v->kind));
	add_str(o, "summary", v->summary);
	cJSON_AddItemToObject(o, "evidence", sanitize_json_list(&v->evidence, NULL));
	add_str(o, "remedy", remedy);
	add_str(o, "missing", v->missing);
	return emit(j, "verdict", o);
}

int journal_pane(struct journal *j, const char *name)
{
	cJSON *o = cJSON_CreateObject();

	add_str(o, "name", name);
	return emit(j, "pane", o);
}

int journal_key(struct journal *j, const char *action, const char *pane)
{
	cJSON *o = cJSON_CreateObject();

	int rc;

	add_str(o, "action", action);
	add_str(o, "pane", pane);
	if (j == NULL || j->nheld > 0) {
		/* The disk refuses lines: this one joins the held ones. */
		rc = event(j, "key", o, 0);
	} else {
		/* Kept in memory, written after the redraw (journal_flush_keys)
		 * and never fsync'ed: the engineer waits for the key's answer,
		 * and one write(2) took 60-100 ms on a busy disk. */
		if (j->nkeys == JOURNAL_KEYS_MAX)
			journal_flush_keys(j);
		j->keys[j->nkeys++] = format_line(now_mono() - j->t0, now_wall(), "key", o);
		rc = 0;
	}
	cJSON_Delete(o);
	return rc;
}

int journal_command(struct journal *j, const char *text)
{
	cJSON *o = cJSON_CreateObject();

	add_str(o, "text", text);
	return emit(j, "command", o);
}

int journal_note(struct journal *j, const char *text, const char *check_id)
{
	cJSON *o = cJSON_CreateObject();

	add_str(o, "text", text);
	add_str(o, "check", check_id);
	return emit(j, "note", o);
}

int journal_resize(struct journal *j, int cols, int rows)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "cols", cols);
	cJSON_AddNumberToObject(o, "rows", rows);
	return emit(j, "resize", o);
}
