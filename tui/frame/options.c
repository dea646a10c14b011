/* options.c: the console's and check's option values, checked. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "collectors/base/common.h"

void options_init(struct options *o)
{
	memset(o, 0, sizeof *o);
	o->refresh = 2.0;
	o->idle_pause = OPTIONS_IDLE_PAUSE;
}

static int set_pid(struct options *o, const char *v, char **cause)
{
	char *end;
	long pid;

	errno = 0;
	pid = strtol(v, &end, 10);
	if (errno || *end || end == v || pid <= 0 || pid > 4194304)
		return err_set(cause,
			       "--pid %s: not a process id; pass a number "
			       "such as --pid 1234 (pgrep -f NAME finds it)",
			       v);
	o->target.pid = (int)pid;
	return 0;
}

static int set_refresh(struct options *o, const char *v, char **cause)
{
	char *end;
	double s = strtod(v, &end);

	if (end == v || *end != '\0' || !(s >= 0.2 && s <= 3600))
		return err_set(cause, "--refresh %s: give seconds between 0.2 and 3600", v);
	o->refresh = s;
	return 0;
}

/* 0 turns the pause off; otherwise a second to a day. */
static int set_idle_pause(struct options *o, const char *v, char **cause)
{
	char *end;
	double s = strtod(v, &end);

	if (end == v || *end != '\0' || !(s == 0 || (s >= 1 && s <= 86400)))
		return err_set(cause,
			       "--idle-pause %s: give seconds between 1 and 86400, or 0 "
			       "to keep polling however long the terminal is idle",
			       v);
	o->idle_pause = s;
	return 0;
}

/* An HTTP field name is a token (RFC 9110 5.1). */
static int set_header(struct options *o, const char *v, char **cause)
{
	if (v[0] == '\0' || strlen(v) > 128 ||
	    v[strspn(v, "!#$%&'*+-.^_`|~0123456789"
			"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")] != '\0')
		return err_set(cause,
			       "--header '%s': not an HTTP header name; pass a "
			       "name such as --header X-Request-ID",
			       v);
	o->header = v;
	return 0;
}

int options_set(struct options *o, const char *name, const char *v, char **cause)
{
	if (strcmp(name, "pid") == 0)
		return set_pid(o, v, cause);
	if (strcmp(name, "refresh") == 0)
		return set_refresh(o, v, cause);
	if (strcmp(name, "idle-pause") == 0)
		return set_idle_pause(o, v, cause);
	if (strcmp(name, "header") == 0)
		return set_header(o, v, cause);
	if (strcmp(name, "url") == 0)
		o->target.url = v;
	else if (strcmp(name, "binary") == 0)
		o->target.binary = v;
	else if (strcmp(name, "repo") == 0)
		o->target.repo = v;
	else if (strcmp(name, "rev") == 0)
		o->target.rev = v;
	else if (strcmp(name, "against") == 0)
		o->target.against = v;
	else if (strcmp(name, "keymap") == 0)
		o->keymap = v;
	else if (strcmp(name, "record") == 0)
		o->record = v;
	else if (strcmp(name, "cast") == 0)
		o->cast = v;
	else if (strcmp(name, "format") == 0)
		o->format = v;
	else if (strcmp(name, "only") == 0)
		o->only = v;
	else if (strcmp(name, "pane") == 0)
		o->start_pane = v;
	else if (strcmp(name, "repo-mismatch-ok") == 0)
		o->target.repo_mismatch_ok = 1;
	else if (strcmp(name, "facts") == 0)
		o->facts = v;
	else if (strcmp(name, "ssh") == 0)
		o->ssh = v;
	else if (strcmp(name, "k8s") == 0)
		o->k8s = v;
	else if (strcmp(name, "no-record") == 0)
		o->no_record = 1;
	else if (strcmp(name, "full-dump") == 0)
		o->full_dump = 1;
	else if (strcmp(name, "version") == 0)
		o->version = 1;
	else
		return err_set(cause, "--%s: not a console option", name);
	return 0;
}
