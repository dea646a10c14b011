/* modvendor.h: Go's vendoring rules over parsed module files.
 *
 * Vendor consistency follows current Go's modload/vendor.go exactly,
 * including its error text ("go: inconsistent vendoring in DIR:" + one
 * tab-indented line per problem + the suggestion); whether -mod=vendor is
 * in effect follows modload/init.go's setDefaultBuildMod for `go build`
 * (GOFLAGS -mod wins; else vendor/ + go >= 1.14 + modules.txt made for the
 * same mode, workspace or not). Debian's Go 1.19 has the same rules for a
 * single module; workspace vendoring arrived in Go 1.22. The replacement
 * lookup the check uses (modload's replacementFrom) is exported too, since
 * modstate shows the effective replacement of every requirement.
 *
 * Every function is pure: it reads the parsed inputs (gomod.h, gowork.h,
 * modtxt.h) and touches no file. The main modules are described the same
 * way everywhere: mods[i] is the go.mod of main module i with its root
 * directory roots[i] (absolute); work and work_path are NULL outside
 * workspace mode. Nothing passed in is kept after the call. modstate.c
 * reads the files and calls these; tests feed them directly. */
#ifndef GOTRIAGE_MODVENDOR_H
#define GOTRIAGE_MODVENDOR_H

#include <stddef.h>

#include "collectors/base/common.h"
#include "gomod.h"
#include "gowork.h"
#include "modtxt.h"

/* The vendor consistency check. vendor_root is where vendor/ is, also the
 * directory Go's paths are shown relative to. Appends the problem lines to
 * `lines` and returns Go's full message (the caller frees it), or NULL. */
char *modvendor_check(const struct gomod *const *mods, const char *const *roots, size_t nmods,
		      const struct gowork *work, const char *work_path, const struct modtxt *vt,
		      const char *vendor_root, struct strlist *lines);

/* replacementFrom: the replacement Go applies to path@version (version NULL
 * or "" for none): returns its path, or NULL when not replaced, and sets
 * *new_version (NULL for a directory replacement); both point into mods or
 * work. *from is the file the replacement is in (go.work's path or a
 * root's go.mod), a new string the caller frees, or NULL. */
const char *modvendor_replacement(const struct gomod *const *mods, const char *const *roots,
				  size_t nmods, const struct gowork *work, const char *work_path,
				  const char *path, const char *version, const char **new_version,
				  char **from);

/* setDefaultBuildMod for `go build`: returns "vendor", "readonly" or "mod"
 * and sets *reason (static or owned by nothing: do not free). goflags_mod
 * is the -mod value from GOFLAGS or NULL. */
const char *modvendor_buildmod(const char *goflags_mod, int workspace, const char *go_version,
			       int have_vendor_dir, int modules_txt_workspace, const char **reason,
			       int *explicit_);

#endif
