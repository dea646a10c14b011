/* cmd_changes.c: gotriage changes --repo DIR [--pid N | --binary PATH |
 * --rev REV] [--against REF] [--json]: the commits the running build
 * lacks, newest first, with the registrations each changes. */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/sanitize.h"
#include "collectors/facts.h"
#include "collectors/facts_changes.h"
#include "collectors/git/gitrepo.h"
#include "collectors/proc/target.h"
#include "commands.h"

/* Returns 1 to go on, or 0 with the exit status in *status. */
static int parse_args(int argc, char **argv, struct target_opts *t, int *json, int *status)
{
	struct cmdargs a;
	long pid = 0;
	char *cause = NULL;

	memset(t, 0, sizeof *t);
	if (!commands_parse("changes", argc, argv, &a, status))
		return 0;
	if (cmdargs_long(&a, "pid", 1, 4194304, &pid, &cause) < 0) {
		*status = commands_usage_error("changes", "%s", cause);
		free(cause);
		return 0;
	}
	t->pid = (int)pid;
	t->repo = cmdargs_get(&a, "repo");
	t->binary = cmdargs_get(&a, "binary");
	t->rev = cmdargs_get(&a, "rev");
	t->against = cmdargs_get(&a, "against");
	*json = cmdargs_has(&a, "json");
	if (t->repo == NULL)
		*status = commands_usage_error("changes", "no repository given (pass --repo DIR)");
	else if (t->pid == 0 && t->binary == NULL && t->rev == NULL)
		*status = commands_usage_error(
		    "changes", "which build? pass --pid N, --binary PATH or --rev REV");
	else
		return 1;
	return 0;
}

int cmd_changes(int argc, char **argv)
{
	struct target_opts topts;
	struct target *t = NULL;
	struct facts *f;
	char *cause = NULL;
	int rc = 0, json = 0;

	if (!parse_args(argc, argv, &topts, &json, &rc))
		return rc;
	if (target_attach(&topts, &t, &cause) != 0) {
		fprintf(stderr, "gotriage changes: %s\n", cause);
		free(cause);
		return 2;
	}
	f = facts_new(t);
	facts_collect(f, FACT_BINARY | FACT_REPO);
	if (f->changes == NULL) {
		fprintf(stderr, "gotriage changes: %s\n",
			f->changes_error   ? f->changes_error
			: f->running_error ? f->running_error
					   : "nothing to compare");
		rc = 2;
	} else if (json) {
		cJSON *j = changes_to_json(f->changes);
		char *txt;

		sanitize_json_add(j, "source", f->source_label);
		txt = cJSON_Print(j);
		puts(txt);
		free(txt);
		cJSON_Delete(j);
	} else {
		struct buf b;

		buf_init(&b);
		changes_text(f->changes, &b);
		fputs(b.data ? b.data : "", stdout);
		buf_free(&b);
	}
	facts_free(f);
	target_free(t);
	return rc;
}
