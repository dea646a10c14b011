/* source_hint.h: how to get the source of the running build, said in every
 * verdict that could not be reached without it (issue 15, item 5).
 *
 * Go stamps the main module path and, when built in a checkout, vcs,
 * vcs.revision, vcs.time and vcs.modified; it records no remote URL
 * (cmd/go/internal/load/pkg.go, setBuildInfo). The clone URL is therefore
 * derived from the module path where the host's layout is known
 * (github.com, gitlab.com, bitbucket.org, codeberg.org: host/owner/repo),
 * and otherwise the text names the module and where Go itself would look
 * (the go-import meta tag at https://MODULE?go-get=1).
 *
 * Pure: no I/O. The result is a new string (free() it). Inputs may be NULL
 * or empty; the text then says what is unknown. Module paths come from the
 * target binary: the caller sanitises before display, as for any evidence. */
#ifndef GOTRIAGE_SOURCE_HINT_H
#define GOTRIAGE_SOURCE_HINT_H

#include <stddef.h>

struct source_hint_in {
	const char *module;   /* main module path, "example.com/svc"; NULL: unknown */
	const char *vcs;      /* "git", "hg", ...; NULL: no VCS stamp */
	const char *revision; /* vcs.revision; NULL: not stamped */
	const char *modified; /* vcs.modified: "true"/"false"; NULL: not stamped */
};

/* "clone the repository that holds commit a61a5c4 (module
 * github.com/acme/svc), e.g. git clone --mirror https://github.com/acme/svc,
 * and pass --repo DIR: ..." */
char *source_hint(const struct source_hint_in *in);

/* The clone URL of a module path on a host whose layout is known, into
 * out ("" when unknown). Returns 1 when one was written. */
int source_hint_clone_url(const char *module, char *out, size_t outlen);

#endif
