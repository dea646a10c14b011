/* filepath.h: slash-path helpers with Go's semantics, for the directory
 * names go.mod, go.work and modules.txt carry (replacement directories,
 * `use` directories) and for showing paths the way cmd/go does.
 *
 * Only '/' separates; nothing touches the file system. Every function
 * returns a new string the caller frees, and only reads its arguments.
 * Used by modstate (locating go.work, go.sum, vendor/) and modvendor
 * (Go's vendor consistency messages). */
#ifndef GOTRIAGE_FILEPATH_H
#define GOTRIAGE_FILEPATH_H

/* a + "/" + b, or b alone when it is absolute. Not cleaned (unlike Go's
 * filepath.Join): callers clean where Go does. */
char *filepath_join(const char *a, const char *b);
/* filepath.Clean: drops "." and empty elements, resolves ".." lexically
 * (an absolute path never climbs above "/"); "" becomes ".". */
char *filepath_clean(const char *p);
/* filepath.Rel for two clean absolute paths: "." when equal, "../x" forms
 * when target is outside base. */
char *filepath_rel(const char *base, const char *target);
/* cmd/go's base.ShortPath with `cwd` as the working directory: path
 * relative to cwd when it lies inside it and that is shorter, else path. */
char *filepath_short(const char *cwd, const char *path);

#endif
