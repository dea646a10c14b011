/* commands.c: the table of subcommands (one line each). */
#include "commands.h"

#include <string.h>

const struct command commands_table[] = {
    {"check", cmd_check,
     "check [TARGET...] [--repo DIR] [--format text|json|md] [--only IDS] [--full-dump] [--header "
     "NAME]"},
    {"buildinfo", cmd_buildinfo, "buildinfo FILE|PID [--json] [--symbols REGEX] [--inits]"},
    {"goroutines", cmd_goroutines,
     "goroutines URL|FILE|- [--json] [--grep REGEX] [--loose|--exact] [--module PATH]"},
    {"listeners", cmd_listeners, "listeners PID [--json] [--no-sniff] [--timeout MS]"},
    {"modules", cmd_modules, "modules --repo DIR [--pid N] [--json] [--no-probe]"},
    {"scan", cmd_scan,
     "scan --repo DIR [--json] [--tags T] [--goos OS] [--goarch ARCH] [--cgo 0|1]"},
    {"report", cmd_report, "report JOURNAL|DIR [--format md|json]"},
    {"replay", cmd_replay, "replay JOURNAL"},
    {"collect", cmd_collect, "collect [TARGET...] [--parts LIST] [-o FILE] [--stream]"},
    {NULL, NULL, NULL},
};

const struct command *commands_find(const char *name)
{
	for (const struct command *c = commands_table; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}
