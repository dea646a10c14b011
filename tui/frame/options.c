/* options.c: parse --pid/--url/--binary/--repo and the console's options. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

static int want_value(int argc, char **argv, int *i, const char **val, char **cause)
{
	const char *a = argv[*i], *eq = strchr(a, '=');

	if (eq != NULL) {
		*val = eq + 1;
		return 0;
	}
	if (*i + 1 >= argc)
		return err_set(cause, "%s needs a value (see --help)", a);
	*val = argv[++*i];
	return 0;
}

static int name_is(const char *arg, const char *name)
{
	size_t n = strlen(name);

	return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

static int allowed_opt(const char *allowed, const char *name)
{
	const char *p;
	size_t n = strlen(name);

	if (allowed == NULL)
		return 1;
	for (p = strstr(allowed, name); p != NULL; p = strstr(p + 1, name))
		if ((p == allowed || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

int options_parse(int argc, char **argv, int first, const char *allowed, struct options *o,
		  char **cause)
{
	static const char *const valued[] = {"--pid",	 "--url",    "--binary", "--repo",
					     "--keymap", "--record", "--cast",	 "--refresh",
					     "--format", "--only",   "--pane",	 "--header"};
	memset(o, 0, sizeof *o);
	o->refresh = 2.0;
	for (int i = first; i < argc; i++) {
		const char *a = argv[i], *v = NULL;
		size_t k;

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			o->help = 1;
			continue;
		}
		if (strcmp(a, "--version") == 0) {
			o->version = 1;
			continue;
		}
		if (strcmp(a, "--full-dump") == 0 && allowed_opt(allowed, "--full-dump")) {
			o->full_dump = 1;
			continue;
		}
		if (strcmp(a, "--no-record") == 0 && allowed_opt(allowed, "--no-record")) {
			o->no_record = 1;
			continue;
		}
		for (k = 0; k < ARRAY_LEN(valued); k++)
			if (name_is(a, valued[k]))
				break;
		if (k == ARRAY_LEN(valued) || !allowed_opt(allowed, valued[k]))
			return err_set(cause, "unknown option '%s' (see --help)", a);
		if (want_value(argc, argv, &i, &v, cause) != 0)
			return -1;
		if (strcmp(valued[k], "--pid") == 0) {
			char *end;
			long pid;

			errno = 0;
			pid = strtol(v, &end, 10);
			if (errno || *end || pid <= 0 || pid > 4194304)
				return err_set(cause,
					       "--pid %s: not a process id; pass a number "
					       "such as --pid 1234 (pgrep -f NAME finds it)",
					       v);
			o->target.pid = (int)pid;
		} else if (strcmp(valued[k], "--url") == 0) {
			o->target.url = v;
		} else if (strcmp(valued[k], "--binary") == 0) {
			o->target.binary = v;
		} else if (strcmp(valued[k], "--repo") == 0) {
			o->target.repo = v;
		} else if (strcmp(valued[k], "--keymap") == 0) {
			o->keymap = v;
		} else if (strcmp(valued[k], "--record") == 0) {
			o->record = v;
		} else if (strcmp(valued[k], "--cast") == 0) {
			o->cast = v;
		} else if (strcmp(valued[k], "--refresh") == 0) {
			o->refresh = atof(v);
			if (o->refresh < 0.2 || o->refresh > 3600)
				return err_set(
				    cause, "--refresh %s: give seconds between 0.2 and 3600", v);
		} else if (strcmp(valued[k], "--format") == 0) {
			o->format = v;
		} else if (strcmp(valued[k], "--only") == 0) {
			o->only = v;
		} else if (strcmp(valued[k], "--pane") == 0) {
			o->start_pane = v;
		} else if (strcmp(valued[k], "--header") == 0) {
			/* An HTTP field name is a token (RFC 9110 5.1). */
			if (v[0] == '\0' || strlen(v) > 128 ||
			    v[strspn(v, "!#$%&'*+-.^_`|~0123456789"
					"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")] !=
				'\0')
				return err_set(cause,
					       "--header '%s': not an HTTP header name; pass a "
					       "name such as --header X-Request-ID",
					       v);
			o->header = v;
		}
	}
	return 0;
}

void options_usage(FILE *out)
{
	fprintf(
	    out,
	    "usage: gotriage [--pid N] [--url URL] [--binary PATH] [--repo DIR] [options]\n"
	    "       gotriage SUBCOMMAND ...\n"
	    "\n"
	    "Attach to a running Go service and show what is really running.\n"
	    "Any one of --pid, --url, --binary, --repo is enough to start:\n"
	    "  --pid N         the service's process; its binary and listeners are found\n"
	    "  --url URL       its debug endpoint (net/http/pprof), e.g. http://127.0.0.1:6060;\n"
	    "                  on loopback the owning PID is found\n"
	    "  --binary PATH   the deployed binary (default: the running image)\n"
	    "  --repo DIR      the source checkout it was built from (holds go.mod)\n"
	    "  --ssh [USER@]HOST[:PORT]  the service runs there: --pid/--url as the host\n"
	    "                  sees them, read through `ssh HOST gotriage collect --stream`\n"
	    "  --facts FILE    judge a facts document (gotriage collect -o FILE), read-only\n"
	    "\n"
	    "Console options:\n"
	    "  --keymap FILE   key bindings (default ~/.config/gotriage/keys over the built-ins)\n"
	    "  --record FILE   journal path (default $XDG_STATE_HOME/gotriage/sessions/...)\n"
	    "  --no-record     do not keep a journal\n"
	    "  --cast FILE     also write an asciicast v2 screen recording\n"
	    "  --refresh S     seconds between refreshes of cheap data (default 2)\n"
	    "  --pane NAME     start on this pane\n"
	    "  --header NAME   the header the middleware must add to every answer\n"
	    "                  (checked on each probed route; default X-Trace-ID)\n"
	    "  --version, --help\n");
}
