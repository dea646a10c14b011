/* journal_path.h: where the journal writer puts a session and what it
 * names it; private to tui/record (journal.c). The default directory
 * itself, journal_default_dir(), is public in journal.h. */
#ifndef GOTRIAGE_JOURNAL_PATH_H
#define GOTRIAGE_JOURNAL_PATH_H

/* mkdir -p, creating missing components with mode 0700; 0 or -1 with
 * *cause set. */
int journal_make_dirs(const char *dir, char **cause);
/* DIR/YYYYMMDDTHHMMSSZ-HOST-TARGET[-N].jsonl (UTC), the host and target reduced to
 * characters safe in a file name (the target redacted first). */
char *journal_default_name(const char *dir, const char *host, const char *target, int n);
/* fsync(2) of the directory holding `path`, so a new file's entry
 * survives a crash; errors are ignored (not every filesystem can). */
void journal_sync_parent_dir(const char *path);

#endif
