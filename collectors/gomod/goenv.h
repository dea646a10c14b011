/* goenv.h: the Go environment a service (or this shell) would build with,
 * and where each value came from.
 *
 * Precedence (cmd/go/internal/cfg, checked against Debian's Go 1.19): a
 * non-empty environment variable wins (an empty one counts as unset); then
 * the `go env -w` file ($GOENV; else $XDG_CONFIG_HOME/go/env or
 * $HOME/.config/go/env; GOENV=off disables it); then $GOROOT/go.env (Go
 * 1.21+, which ships GOPROXY, GOSUMDB and GOTOOLCHAIN there); then the
 * built-in default. With a PID, the service's own environment
 * (/proc/PID/environ: its environment at exec time) is the first layer and
 * the current shell's the second; every layer's value is kept so shadowed
 * settings can be shown.
 *
 * Values are raw and may hold credentials (proxy URLs): anything shown or
 * serialised goes through goenv_display(), which redacts. goenv_resolve() is
 * pure; goenv_collect() does the reading. goenv_free() accepts NULL. */
#ifndef GOTRIAGE_GOENV_H
#define GOTRIAGE_GOENV_H

#include <stddef.h>

#define GOENV_ENVIRON_MAX ((size_t)4 * 1024 * 1024)
#define GOENV_FILE_MAX ((size_t)1024 * 1024)

enum goenv_source {
	GOENV_SRC_DEFAULT = 0, /* built-in default (or derived from another var) */
	GOENV_SRC_GOROOT,      /* $GOROOT/go.env */
	GOENV_SRC_FILE,	       /* the go env -w file */
	GOENV_SRC_SHELL,       /* our own environment */
	GOENV_SRC_PROCESS,     /* /proc/PID/environ */
};

enum goenv_id {
	GOENV_GOPROXY,
	GOENV_GOSUMDB,
	GOENV_GONOSUMDB,
	GOENV_GONOPROXY,
	GOENV_GOPRIVATE,
	GOENV_GOINSECURE,
	GOENV_GOFLAGS,
	GOENV_GOWORK,
	GOENV_GOMODCACHE,
	GOENV_GOPATH,
	GOENV_GOTOOLCHAIN,
	GOENV_NVARS
};

struct goenv_var {
	const char *name;
	char *value; /* effective, never NULL ("" when empty) */
	enum goenv_source source;
	char *where;	/* "/proc/42/environ", a file path, "default", ... */
	char *layer[5]; /* value per source (index enum goenv_source), NULL if unset */
};

struct goenv {
	struct goenv_var var[GOENV_NVARS];
	char *env_file;	  /* the go env -w file consulted, NULL when none */
	int env_file_off; /* GOENV=off */
	char *goroot;	  /* NULL when unknown */
	int pid;	  /* 0 when no process layer */
};

struct goenv_input {
	int pid;
	const char *proc_environ; /* NUL-separated block, NULL when no PID */
	size_t proc_len;
	char *const *shell_environ; /* NULL-terminated, or NULL */
	const char *env_file_path;  /* NULL: no file (or GOENV=off) */
	const char *env_file_text;
	size_t env_file_len;
	int env_file_off;
	const char *goroot;
	const char *goroot_env_text; /* $GOROOT/go.env content, NULL if absent */
	size_t goroot_env_len;
};

/* Layers the inputs; never fails. */
void goenv_resolve(const struct goenv_input *in, struct goenv *out);
/* Reads /proc/PID/environ (pid > 0), our environ, the env file and go.env.
 * Returns 0, or -1 with *cause when the process environment is unreadable
 * (out is still filled from the other layers). */
int goenv_collect(int pid, struct goenv *out, char **cause);
void goenv_free(struct goenv *e);

const struct goenv_var *goenv_get(const struct goenv *e, enum goenv_id id);
const char *goenv_value(const struct goenv *e, enum goenv_id id);
const char *goenv_source_name(enum goenv_source s); /* "process", "shell", ... */
/* Redacted copy of a value for display. */
char *goenv_display(const char *value);

/* First value of NAME in a NUL-separated environ block (first wins, like
 * Go's syscall.Getenv), or NULL. Returns a new string. */
char *goenv_block_get(const char *block, size_t len, const char *name);
/* The env file location Go would use given these variables (any may be
 * NULL). Returns a new string, NULL when GOENV=off or no HOME. */
char *goenv_file_path(const char *goenv, const char *xdg_config_home, const char *home, int *off);
/* The value of a flag in GOFLAGS ("-mod=vendor" -> "vendor"), or NULL. */
char *goenv_goflag(const char *goflags, const char *flag);
/* module.MatchPrefixPatterns: comma-separated path.Match globs, each
 * matching a path prefix of as many elements as the glob has. */
int goenv_match_patterns(const char *globs, const char *path);

#endif
