/* devel_build.c: the `devel-build` check: was the binary built from an
 * unversioned or locally patched tree? (docs/failure-modes.md, chapter 0) */
#include <string.h>

#include "binary_checks.h"

/* A replacement by a directory rather than a module version. */
static int local_replace(const struct modinfo_module *r)
{
	return r->path[0] == '/' || strncmp(r->path, "./", 2) == 0 ||
	       strncmp(r->path, "../", 3) == 0 || r->version[0] == '\0' ||
	       strcmp(r->version, "(devel)") == 0;
}

static int unversioned(const char *version)
{
	size_t n = strlen(version);

	return strcmp(version, "(devel)") == 0 || version[0] == '\0' ||
	       (n > 6 && strcmp(version + n - 6, "+dirty") == 0);
}

/* -X flags in -ldflags, the usual way a version is stamped into (devel). */
static int stamps_version(const char *ldflags)
{
	for (const char *p = ldflags; p != NULL && (p = strstr(p, "-X")) != NULL; p += 2)
		if ((p == ldflags || p[-1] == ' ' || p[-1] == '\'' || p[-1] == '"') &&
		    (p[2] == ' ' || p[2] == '=' || p[2] == '\0'))
			return 1;
	return 0;
}

void check_devel_build(const struct devel_inputs *in, struct verdict *v)
{
	const struct modinfo *m;
	const char *what = in->binary ? in->binary : "the binary";
	size_t flagged = 0;

	verdict_set(v, VERDICT_PASS, "built from versioned modules");
	if (in->bi == NULL) {
		verdict_unknown(v, "no build info in %s: %s", what,
				in->bi_error ? in->bi_error : "unreadable");
		return;
	}
	m = &in->bi->mod;
	if (modinfo_main_empty(m)) {
		verdict_unknown(v,
				"%s carries no module information (a GOPATH-mode build, as "
				"Debian packages are): its source version cannot be read from it",
				what);
		return;
	}
	const char *ldflags = modinfo_setting(m, "-ldflags");
	if (unversioned(m->main.version)) {
		verdict_evidence(v, "main module %s %s", m->main.path,
				 m->main.version[0] ? m->main.version : "(no version)");
		if (stamps_version(ldflags)) {
			verdict_evidence(v, "-ldflags=%s stamps a version with -X", ldflags);
		} else {
			verdict_set(v, VERDICT_WARN,
				    "main module %s is %s and no version is stamped", m->main.path,
				    m->main.version[0] ? m->main.version : "unversioned");
			if (ldflags != NULL)
				verdict_evidence(v, "-ldflags=%s has no -X version variable",
						 ldflags);
			else if (modinfo_setting(m, "-trimpath") != NULL)
				verdict_evidence(v, "-ldflags not recorded (-trimpath omits it)");
			else
				verdict_evidence(v, "no -ldflags: no -X version variable");
			flagged++;
		}
	} else {
		verdict_evidence(v, "main module %s %s", m->main.path, m->main.version);
	}
	if (m->main.replace != NULL && local_replace(m->main.replace)) {
		verdict_evidence(v, "main module replaced by %s", m->main.replace->path);
		flagged++;
	}
	for (size_t i = 0; i < m->ndeps; i++) {
		const struct modinfo_module *d = &m->deps[i];
		if (d->replace != NULL && local_replace(d->replace)) {
			verdict_evidence(v, "dep %s %s => %s %s (local directory)", d->path,
					 d->version, d->replace->path, d->replace->version);
			flagged++;
		} else if (d->replace == NULL && unversioned(d->version)) {
			verdict_evidence(v, "dep %s %s", d->path, d->version);
			flagged++;
		}
	}
	if (flagged > 0 && v->kind < VERDICT_WARN)
		verdict_set(v, VERDICT_WARN, "%zu module%s built from local or unversioned code",
			    flagged, flagged == 1 ? "" : "s");
}
