/* goenv.c: layering the Go environment variables, with provenance. */
#include "goenv.h"

#include <fnmatch.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collectors/base/common.h"
#include "collectors/base/redact.h"

extern char **environ;

static const char *const names[GOENV_NVARS] = {
    "GOPROXY", "GOSUMDB", "GONOSUMDB",	"GONOPROXY", "GOPRIVATE",   "GOINSECURE",
    "GOFLAGS", "GOWORK",  "GOMODCACHE", "GOPATH",    "GOTOOLCHAIN",
};

const char *goenv_source_name(enum goenv_source s)
{
	switch (s) {
	case GOENV_SRC_PROCESS:
		return "process";
	case GOENV_SRC_SHELL:
		return "shell";
	case GOENV_SRC_FILE:
		return "go env -w file";
	case GOENV_SRC_GOROOT:
		return "GOROOT/go.env";
	default:
		return "default";
	}
}

char *goenv_block_get(const char *block, size_t len, const char *name)
{
	size_t nl = strlen(name);
	const char *p, *end;

	if (block == NULL)
		return NULL;
	p = block;
	end = block + len;
	while (p < end) {
		const char *z = memchr(p, '\0', (size_t)(end - p));
		size_t n = (size_t)((z ? z : end) - p);

		if (n > nl && p[nl] == '=' && memcmp(p, name, nl) == 0)
			return xstrndup(p + nl + 1, n - nl - 1);
		p += n + 1;
	}
	return NULL;
}

static char *environ_get(char *const *env, const char *name)
{
	size_t nl = strlen(name);

	for (; env != NULL && *env != NULL; env++)
		if (strncmp(*env, name, nl) == 0 && (*env)[nl] == '=')
			return xstrdup(*env + nl + 1);
	return NULL;
}

/* readEnvFile: NAME=value lines whose first byte is A-Z; later lines win. */
static char *file_get(const char *text, size_t len, const char *name)
{
	const char *p, *end;
	size_t nl = strlen(name);
	char *found = NULL;

	if (text == NULL)
		return NULL;
	p = text;
	end = text + len;
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((e ? e : end) - p);

		if (n > nl && p[0] >= 'A' && p[0] <= 'Z' && p[nl] == '=' &&
		    memcmp(p, name, nl) == 0 && memchr(p, '=', nl) == NULL) {
			free(found);
			found = xstrndup(p + nl + 1, n - nl - 1);
		}
		p += n + 1;
	}
	return found;
}

/* An empty variable counts as unset (cfg.Getenv). */
static char *nonempty(char *s)
{
	if (s != NULL && *s == '\0') {
		free(s);
		return NULL;
	}
	return s;
}

char *goenv_file_path(const char *goenv, const char *xdg, const char *home, int *off)
{
	*off = 0;
	if (goenv != NULL && *goenv) {
		if (strcmp(goenv, "off") == 0) {
			*off = 1;
			return NULL;
		}
		return xstrdup(goenv);
	}
	if (xdg != NULL && *xdg == '/') /* os.UserConfigDir refuses relative paths */
		return xasprintf("%s/go/env", xdg);
	if (home != NULL && *home)
		return xasprintf("%s/.config/go/env", home);
	return NULL;
}

void goenv_resolve(const struct goenv_input *in, struct goenv *out)
{
	char *home;

	memset(out, 0, sizeof *out);
	out->pid = in->proc_environ ? in->pid : 0;
	out->env_file = in->env_file_path ? xstrdup(in->env_file_path) : NULL;
	out->env_file_off = in->env_file_off;
	out->goroot = in->goroot ? xstrdup(in->goroot) : NULL;
	home = nonempty(goenv_block_get(in->proc_environ, in->proc_len, "HOME"));
	if (home == NULL)
		home = nonempty(environ_get(in->shell_environ, "HOME"));
	for (int i = 0; i < GOENV_NVARS; i++) {
		struct goenv_var *v = &out->var[i];

		v->name = names[i];
		if (in->proc_environ)
			v->layer[GOENV_SRC_PROCESS] =
			    nonempty(goenv_block_get(in->proc_environ, in->proc_len, names[i]));
		v->layer[GOENV_SRC_SHELL] = nonempty(environ_get(in->shell_environ, names[i]));
		v->layer[GOENV_SRC_FILE] =
		    nonempty(file_get(in->env_file_text, in->env_file_len, names[i]));
		v->layer[GOENV_SRC_GOROOT] =
		    nonempty(file_get(in->goroot_env_text, in->goroot_env_len, names[i]));
	}
	/* Defaults; order matters: GOPRIVATE before its dependants, GOPATH
	 * before GOMODCACHE. */
	static const int order[GOENV_NVARS] = {
	    GOENV_GOPRIVATE, GOENV_GOPROXY,    GOENV_GOSUMDB,	  GOENV_GONOSUMDB,
	    GOENV_GONOPROXY, GOENV_GOINSECURE, GOENV_GOFLAGS,	  GOENV_GOWORK,
	    GOENV_GOPATH,    GOENV_GOMODCACHE, GOENV_GOTOOLCHAIN,
	};
	for (int k = 0; k < GOENV_NVARS; k++) {
		int i = order[k];
		struct goenv_var *v = &out->var[i];
		const char *def = "", *why = "default";
		char *tmp = NULL;

		switch (i) {
		case GOENV_GOPROXY:
			def = "https://proxy.golang.org,direct";
			break;
		case GOENV_GOSUMDB:
			def = "sum.golang.org";
			break;
		case GOENV_GONOSUMDB:
		case GOENV_GONOPROXY:
			def = out->var[GOENV_GOPRIVATE].value;
			why = "default: GOPRIVATE";
			break;
		case GOENV_GOPATH:
			/* $HOME/go, unless that is GOROOT itself. */
			if (home != NULL) {
				tmp = xasprintf("%s/go", home);
				if (out->goroot == NULL || strcmp(tmp, out->goroot) != 0)
					def = tmp;
			}
			break;
		case GOENV_GOMODCACHE: {
			const char *gp = out->var[GOENV_GOPATH].value;
			size_t n = strcspn(gp, ":");

			if (n > 0) {
				tmp = xasprintf("%.*s/pkg/mod", (int)n, gp);
				def = tmp;
				why = "default: GOPATH/pkg/mod";
			}
			break;
		}
		case GOENV_GOTOOLCHAIN:
			def = "local";
			why = in->goroot_env_text ? "default"
						  : "default (no GOROOT/go.env: Go before 1.21 "
						    "never switches toolchains)";
			break;
		default:
			break;
		}
		for (int s = GOENV_SRC_PROCESS; s > GOENV_SRC_DEFAULT; s--) {
			if (v->layer[s] == NULL)
				continue;
			v->value = xstrdup(v->layer[s]);
			v->source = (enum goenv_source)s;
			v->where = s == GOENV_SRC_PROCESS ? xasprintf("/proc/%d/environ", in->pid)
				   : s == GOENV_SRC_SHELL ? xstrdup("environment")
				   : s == GOENV_SRC_FILE  ? xstrdup(in->env_file_path)
							  : xasprintf("%s/go.env", in->goroot);
			break;
		}
		if (v->value == NULL) {
			v->value = xstrdup(def);
			v->source = GOENV_SRC_DEFAULT;
			v->where = xstrdup(why);
		}
		free(tmp);
	}
	free(home);
}

/* GOROOT as findGOROOT would: $GOROOT, else from the go binary on PATH. */
static char *find_goroot(const char *env_goroot, const char *path)
{
	char buf[PATH_MAX], real[PATH_MAX];

	if (env_goroot != NULL && *env_goroot)
		return xstrdup(env_goroot);
	for (const char *p = path; p != NULL && *p;) {
		size_t n = strcspn(p, ":");

		if (n > 0 && n < sizeof buf - 4) {
			snprintf(buf, sizeof buf, "%.*s/go", (int)n, p);
			if (access(buf, X_OK) == 0 && realpath(buf, real) != NULL) {
				char *s = strrchr(real, '/');

				if (s != NULL) {
					*s = '\0'; /* .../bin */
					s = strrchr(real, '/');
					if (s != NULL && strcmp(s, "/bin") == 0) {
						*s = '\0';
						return xstrdup(real);
					}
				}
			}
		}
		p += n;
		if (*p == ':')
			p++;
	}
	return NULL;
}

int goenv_collect(int pid, struct goenv *out, char **cause)
{
	struct goenv_input in = {0};
	struct buf proc, file, groot;
	char *goenv_var, *xdg, *home, *goroot_env, *path, *gr_path = NULL;
	int rc = 0, trunc = 0;

	buf_init(&proc);
	buf_init(&file);
	buf_init(&groot);
	in.pid = pid;
	in.shell_environ = environ;
	if (pid > 0) {
		char *p = xasprintf("/proc/%d/environ", pid);

		if (read_file_capped(p, GOENV_ENVIRON_MAX, &proc, &trunc, cause) == 0) {
			in.proc_environ = proc.data ? proc.data : "";
			in.proc_len = proc.len;
			redact_register_environ_block(in.proc_environ, in.proc_len);
		} else {
			rc = -1;
		}
		free(p);
	}
	/* The file location follows the first layer that says anything. */
#define LOOK(name)                                                                                 \
	(in.proc_environ ? nonempty(goenv_block_get(in.proc_environ, in.proc_len, name)) : NULL)
	goenv_var = LOOK("GOENV");
	xdg = LOOK("XDG_CONFIG_HOME");
	home = LOOK("HOME");
	goroot_env = LOOK("GOROOT");
	path = LOOK("PATH");
#undef LOOK
	if (goenv_var == NULL)
		goenv_var = nonempty(environ_get(environ, "GOENV"));
	if (xdg == NULL && home == NULL) {
		xdg = nonempty(environ_get(environ, "XDG_CONFIG_HOME"));
		home = nonempty(environ_get(environ, "HOME"));
	}
	if (goroot_env == NULL)
		goroot_env = nonempty(environ_get(environ, "GOROOT"));
	if (path == NULL)
		path = nonempty(environ_get(environ, "PATH"));
	char *fpath = goenv_file_path(goenv_var, xdg, home, &in.env_file_off);

	if (fpath != NULL && read_file_capped(fpath, GOENV_FILE_MAX, &file, NULL, NULL) == 0) {
		in.env_file_path = fpath;
		in.env_file_text = file.data ? file.data : "";
		in.env_file_len = file.len;
	} else if (fpath != NULL) {
		in.env_file_path = fpath; /* consulted, absent */
	}
	if (goroot_env == NULL && in.env_file_text != NULL)
		goroot_env = nonempty(file_get(in.env_file_text, in.env_file_len, "GOROOT"));
	in.goroot = find_goroot(goroot_env, path);
	if (in.goroot != NULL) {
		gr_path = xasprintf("%s/go.env", in.goroot);
		if (read_file_capped(gr_path, GOENV_FILE_MAX, &groot, NULL, NULL) == 0) {
			in.goroot_env_text = groot.data ? groot.data : "";
			in.goroot_env_len = groot.len;
		}
	}
	goenv_resolve(&in, out);
	free((char *)in.goroot);
	free(gr_path);
	free(fpath);
	free(goenv_var);
	free(xdg);
	free(home);
	free(goroot_env);
	free(path);
	buf_free(&proc);
	buf_free(&file);
	buf_free(&groot);
	return rc;
}

void goenv_free(struct goenv *e)
{
	if (e == NULL)
		return;
	for (int i = 0; i < GOENV_NVARS; i++) {
		free(e->var[i].value);
		free(e->var[i].where);
		for (int s = 0; s < 5; s++)
			free(e->var[i].layer[s]);
	}
	free(e->env_file);
	free(e->goroot);
	memset(e, 0, sizeof *e);
}

const struct goenv_var *goenv_get(const struct goenv *e, enum goenv_id id)
{
	return &e->var[id];
}

const char *goenv_value(const struct goenv *e, enum goenv_id id)
{
	return e->var[id].value ? e->var[id].value : "";
}

char *goenv_display(const char *value)
{
	return redact_text(value ? value : "");
}

char *goenv_goflag(const char *goflags, const char *flag)
{
	size_t fl = strlen(flag);
	char *found = NULL;

	for (const char *p = goflags; p != NULL && *p;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		const char *s = p;

		while (*p && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		const char *f = s;

		if (*f == '-')
			f++;
		if (*f == '-')
			f++;
		if (f > s && (size_t)(p - f) > fl && strncmp(f, flag, fl) == 0 && f[fl] == '=') {
			free(found); /* the last one wins, as with repeated flags */
			found = xstrndup(f + fl + 1, (size_t)(p - f - (ptrdiff_t)fl - 1));
		}
	}
	return found;
}

int goenv_match_patterns(const char *globs, const char *path)
{
	const char *p = globs;

	while (p != NULL && *p) {
		size_t n = strcspn(p, ",");
		char *glob = xstrndup(p, n), *g = str_trim(glob);

		p += n;
		if (*p == ',')
			p++;
		if (*g == '\0') {
			free(glob);
			continue;
		}
		/* Compare against the prefix of path with as many elements as g. */
		size_t elems = 1, plen = 0;

		for (const char *c = g; *c; c++)
			elems += *c == '/';
		const char *q = path;
		size_t k = 1;

		while (k < elems && q != NULL && (q = strchr(q, '/')) != NULL) {
			q++;
			k++;
		}
		if (q != NULL && k == elems) {
			const char *e = strchr(q, '/');

			plen = e ? (size_t)(e - path) : strlen(path);
		}
		if (plen > 0) {
			char *prefix = xstrndup(path, plen);
			int m = fnmatch(g, prefix, FNM_PATHNAME) == 0;

			free(prefix);
			if (m) {
				free(glob);
				return 1;
			}
		}
		free(glob);
	}
	return 0;
}
