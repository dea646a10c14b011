/* source_hint.c: how to get the source of the running build (see
 * source_hint.h). */
#include "source_hint.h"

#include <stdio.h>
#include <string.h>

#include "collectors/base/common.h"

/* Hosts whose repositories are exactly host/owner/name. */
static const char *const known_hosts[] = {"github.com", "gitlab.com", "bitbucket.org",
					  "codeberg.org"};

static int safe_path(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || strchr("-._/~", *s) != NULL))
			return 0;
	return 1;
}

int source_hint_clone_url(const char *module, char *out, size_t outlen)
{
	const char *a, *b, *end;

	if (outlen > 0)
		out[0] = '\0';
	if (module == NULL || !safe_path(module) || strlen(module) > 512)
		return 0;
	for (size_t i = 0; i < sizeof known_hosts / sizeof known_hosts[0]; i++) {
		size_t n = strlen(known_hosts[i]);

		if (strncmp(module, known_hosts[i], n) != 0 || module[n] != '/')
			continue;
		a = module + n + 1; /* owner */
		b = strchr(a, '/'); /* before the repository name */
		if (b == NULL || b == a || b[1] == '\0' || b[1] == '/')
			return 0;
		end = strchr(b + 1, '/'); /* a sub-module or /vN suffix follows */
		if (end == NULL)
			end = b + strlen(b);
		if ((size_t)snprintf(out, outlen, "https://%.*s", (int)(end - module), module) >=
		    outlen) {
			if (outlen > 0)
				out[0] = '\0';
			return 0;
		}
		return 1;
	}
	return 0;
}

char *source_hint(const struct source_hint_in *in)
{
	struct buf b;
	char url[600];
	const char *mod = in->module != NULL && in->module[0] ? in->module : NULL;
	int have_url = source_hint_clone_url(mod, url, sizeof url);
	int dirty = in->modified != NULL && strcmp(in->modified, "true") == 0;

	buf_init(&b);
	if (in->revision != NULL && in->revision[0]) {
		buf_printf(&b, "clone the repository that holds commit %.7s", in->revision);
		if (mod != NULL)
			buf_printf(&b, " (module %s)", mod);
		if (have_url)
			buf_printf(&b, ", e.g. git clone --mirror %s,", url);
		else if (mod != NULL)
			buf_printf(&b,
				   ", e.g. git clone --mirror URL (the go-import meta tag at "
				   "https://%s?go-get=1 names it),",
				   mod);
		else
			buf_adds(&b, ", e.g. git clone --mirror URL,");
		buf_printf(&b,
			   " and pass --repo DIR: the tree of %.12s is read from git "
			   "objects, no checkout needed",
			   in->revision);
		if (dirty)
			buf_adds(&b, "; the build had uncommitted changes (vcs.modified=true), "
				     "so its exact source is known only to whoever built it");
	} else {
		buf_adds(&b, "pass --repo DIR, a checkout");
		if (mod != NULL)
			buf_printf(&b, " of module %s", mod);
		if (have_url)
			buf_printf(&b, " (e.g. git clone %s)", url);
		buf_adds(&b, "; the binary carries no vcs.revision (-buildvcs=false, built "
			     "outside a checkout, or before Go 1.18), so which commit it was built "
			     "from is unknown and the checkout is judged as it is");
	}
	return buf_steal(&b);
}
