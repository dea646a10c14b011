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

static const char usage[] =
    "usage: gotriage changes --repo DIR [--pid N | --binary PATH | --rev REV] [--against REF] "
    "[--json]\n\nLists the commits of REF (default HEAD) that the running build lacks, "
    "newest first,\nwith their files and the registrations (routes, gRPC services, listen "
    "addresses,\ntickers, config callbacks, middleware, init goroutines) each adds or "
    "removes.\nThe running revision is the binary's vcs.revision, or --rev. The repository "
    "is only read.\n";

struct changes_args {
	struct target_opts t;
	int json, help;
};

/* The argv handling, kept in one function (commands.c may become declarative). */
static int parse_args(int argc, char **argv, struct changes_args *a, char **cause)
{
	memset(a, 0, sizeof *a);
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0)
			a->help = 1;
		else if (strcmp(s, "--json") == 0)
			a->json = 1;
		else if (v == NULL)
			return err_set(cause, "%s: unknown, or needs a value (see --help)", s);
		else if (strcmp(s, "--repo") == 0)
			a->t.repo = argv[++i];
		else if (strcmp(s, "--binary") == 0)
			a->t.binary = argv[++i];
		else if (strcmp(s, "--rev") == 0)
			a->t.rev = argv[++i];
		else if (strcmp(s, "--against") == 0)
			a->t.against = argv[++i];
		else if (strcmp(s, "--pid") == 0) {
			char *end;
			long pid = strtol(argv[++i], &end, 10);

			if (*end || pid <= 0 || pid > 4194304)
				return err_set(cause, "--pid %s: not a process id", v);
			a->t.pid = (int)pid;
		} else
			return err_set(cause, "unknown option '%s' (see --help)", s);
	}
	if (!a->help && a->t.repo == NULL)
		return err_set(cause, "no repository given (pass --repo DIR)");
	if (!a->help && a->t.pid == 0 && a->t.binary == NULL && a->t.rev == NULL)
		return err_set(cause, "which build? pass --pid N, --binary PATH or --rev REV");
	return 0;
}

int cmd_changes(int argc, char **argv)
{
	struct changes_args a;
	struct target *t = NULL;
	struct facts *f;
	char *cause = NULL;
	int rc = 0;

	if (parse_args(argc, argv, &a, &cause) < 0) {
		fprintf(stderr, "gotriage changes: %s\n", cause);
		free(cause);
		return 2;
	}
	if (a.help) {
		fputs(usage, stdout);
		return 0;
	}
	if (target_attach(&a.t, &t, &cause) != 0) {
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
	} else if (a.json) {
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
