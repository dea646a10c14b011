/* modvendor.c: Go's vendor consistency check (modload/vendor.go), the
 * replacement lookup it shares with modstate, and the default -mod for
 * go build (modload/init.go). */
#include "modvendor.h"

#include <stdlib.h>
#include <string.h>

#include "collectors/base/filepath.h"
#include "collectors/base/semver.h"

struct mv {
	const char *path, *version; /* version NULL or "" means none */
};

static int mv_eq(struct mv a, struct mv b)
{
	const char *av = a.version ? a.version : "", *bv = b.version ? b.version : "";

	return strcmp(a.path ? a.path : "", b.path ? b.path : "") == 0 && strcmp(av, bv) == 0;
}

static char *describe(struct mv m)
{
	if (m.version == NULL || *m.version == '\0')
		return xstrdup(m.path ? m.path : "");
	return xasprintf("%s@%s", m.path, m.version);
}

struct vctx {
	const struct gomod *const *mods;
	const char *const *roots;
	size_t nmods;
	const struct gowork *work;
	const char *work_path;
};

static const struct gomod_replace *find_replace(const struct gomod_replace *r, size_t n,
						struct mv mod)
{
	/* Exact (path, version) first, then the wildcard for the path. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++) {
			const char *ov = r[i].old_version ? r[i].old_version : "";

			if (strcmp(r[i].old_path, mod.path) != 0)
				continue;
			if (pass == 0 && mod.version && *mod.version &&
			    strcmp(ov, mod.version) == 0)
				return &r[i];
			if (pass == 1 && *ov == '\0')
				return &r[i];
		}
	return NULL;
}

/* replacementFrom: the replacement, the root of the module whose go.mod
 * has it ("" for go.work) and the file it came from. */
static struct mv replacement_from(const struct vctx *c, struct mv mod, const char **root,
				  char **from)
{
	struct mv none = {0};
	const struct gomod_replace *r;

	*root = "";
	*from = NULL;
	for (size_t i = 0; i < c->nmods; i++)
		if (c->mods[i]->module && strcmp(c->mods[i]->module, mod.path) == 0 &&
		    (mod.version == NULL || *mod.version == '\0'))
			return none; /* never replace a main module's workspace version */
	if (c->work && (r = find_replace(c->work->replace, c->work->nreplace, mod)) != NULL) {
		*from = xstrdup(c->work_path);
		return (struct mv){r->new_path, r->new_version};
	}
	for (size_t i = 0; i < c->nmods; i++)
		if ((r = find_replace(c->mods[i]->replace, c->mods[i]->nreplace, mod)) != NULL) {
			*root = c->roots[i];
			*from = filepath_join(c->roots[i], "go.mod");
			return (struct mv){r->new_path, r->new_version};
		}
	return none;
}

const char *modvendor_replacement(const struct gomod *const *mods, const char *const *roots,
				  size_t nmods, const struct gowork *work, const char *work_path,
				  const char *path, const char *version, const char **new_version,
				  char **from)
{
	struct vctx c = {mods, roots, nmods, work, work_path};
	const char *root;
	struct mv r = replacement_from(&c, (struct mv){path, version}, &root, from);

	*new_version = r.version;
	return r.path;
}

/* canonicalizeReplacePath: in workspace mode, relative directory
 * replacements become relative to the go.work directory. Returns an owned
 * path in *owned when it made a new one. */
static struct mv canonical_replace(const struct vctx *c, struct mv r, const char *root,
				   char **owned)
{
	*owned = NULL;
	if (r.path == NULL || r.path[0] == '/' || (r.version && *r.version) || *root == '\0' ||
	    c->work_path == NULL)
		return r;
	char *abs = filepath_join(root, r.path), *cabs = filepath_clean(abs);
	char *wdir = xstrdup(c->work_path), *sl = strrchr(wdir, '/');

	if (sl != NULL)
		*sl = '\0';
	char *rel = filepath_rel(wdir, cabs);

	if (gomod_is_dir_path(rel))
		*owned = rel;
	else {
		*owned = xasprintf("./%s", rel);
		free(rel);
	}
	free(abs);
	free(cabs);
	free(wdir);
	return (struct mv){*owned, NULL};
}

static void verr(struct strlist *lines, struct mv mod, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void verr(struct strlist *lines, struct mv mod, const char *fmt, ...)
{
	va_list ap;
	char *detail;

	va_start(ap, fmt);
	detail = xvasprintf(fmt, ap);
	va_end(ap);
	if (mod.version == NULL || *mod.version == '\0')
		strlist_addf(lines, "%s: %s", mod.path, detail);
	else
		strlist_addf(lines, "%s@%s: %s", mod.path, mod.version, detail);
	free(detail);
}

char *modvendor_check(const struct gomod *const *mods, const char *const *roots, size_t nmods,
		      const struct gowork *work, const char *work_path, const struct modtxt *vt,
		      const char *vendor_root, struct strlist *lines)
{
	struct vctx c = {mods, roots, nmods, work, work_path};
	int ws = work != NULL, pre114 = 0;
	size_t first = lines->n;
	struct mv *seen = NULL;
	size_t nseen = 0, capseen = 0;

	if (!ws && nmods == 1 &&
	    (mods[0]->go == NULL || semver_go_compare(mods[0]->go, "1.14") < 0))
		pre114 = 1;
	for (size_t i = 0; i < nmods; i++)
		for (size_t k = 0; k < mods[i]->nrequire; k++) {
			const struct gomod_require *r = &mods[i]->require[k];
			const struct modtxt_module *vm = modtxt_find(vt, r->path, r->version);
			struct mv m = {r->path, r->version};

			if (vm != NULL && vm->explicit_)
				continue;
			if (pre114) {
				const char *vv = modtxt_vendor_version(vt, r->path);

				if (vv != NULL && strcmp(vv, r->version) != 0)
					verr(lines, m,
					     "is explicitly required in go.mod, but "
					     "vendor/modules.txt indicates %s@%s",
					     r->path, vv);
			} else {
				verr(lines, m,
				     "is explicitly required in go.mod, but not marked as "
				     "explicit in vendor/modules.txt");
			}
		}
	for (size_t f = 0; f <= nmods; f++) {
		const struct gomod_replace *reps;
		size_t nrep;

		if (f < nmods) {
			reps = mods[f]->replace;
			nrep = mods[f]->nreplace;
		} else if (work != NULL) {
			reps = work->replace;
			nrep = work->nreplace;
		} else {
			break;
		}
		for (size_t k = 0; k < nrep; k++) {
			struct mv old = {reps[k].old_path, reps[k].old_version};
			int dup = 0;

			for (size_t s = 0; s < nseen; s++)
				dup |= mv_eq(seen[s], old);
			if (dup)
				continue;
			seen = xgrow(seen, &capseen, nseen + 1, sizeof *seen);
			seen[nseen++] = old;

			const char *root;
			char *from, *owned;
			struct mv rnew = replacement_from(&c, old, &root, &from);
			struct mv rcan = canonical_replace(&c, rnew, root, &owned);
			const struct modtxt_module *vm = modtxt_find(
			    vt, old.path, old.version && *old.version ? old.version : NULL);
			struct mv vr = {vm ? vm->repl_path : NULL, vm ? vm->repl_version : NULL};
			char *src = from ? filepath_short(vendor_root, from) : xstrdup("go.mod");

			if (vr.path == NULL) {
				const char *vv = modtxt_vendor_version(vt, old.path);

				if (rcan.path == NULL) {
					/* not really replaced: a main module */
				} else if (pre114 && (old.version == NULL || vv == NULL ||
						      strcmp(vv, old.version) != 0)) {
					/* before 1.14 modules.txt omitted these */
				} else {
					verr(lines, old,
					     "is replaced in %s, but not marked as replaced "
					     "in vendor/modules.txt",
					     src);
				}
			} else if (!mv_eq(vr, rcan)) {
				char *dn = describe(rnew), *dv = describe(vr);

				verr(lines, old,
				     "is replaced by %s in %s, but marked as replaced by %s "
				     "in vendor/modules.txt",
				     dn, src, dv);
				free(dn);
				free(dv);
			}
			free(src);
			free(from);
			free(owned);
		}
	}
	free(seen);
	for (size_t i = 0; i < vt->nlist; i++) {
		const struct modtxt_module *vm = &vt->v[vt->list[i]];
		int found = 0;

		if (!vm->explicit_)
			continue;
		for (size_t f = 0; f < nmods && !found; f++)
			for (size_t k = 0; k < mods[f]->nrequire && !found; k++)
				found = strcmp(mods[f]->require[k].path, vm->path) == 0 &&
					strcmp(mods[f]->require[k].version, vm->version) == 0;
		if (!found)
			verr(lines, (struct mv){vm->path, vm->version},
			     "is marked as explicit in "
			     "vendor/modules.txt, but not explicitly required in %sgo.mod",
			     ws ? "a " : "");
	}
	for (size_t i = 0; i < vt->nreplaced; i++) {
		const struct modtxt_module *vm = &vt->v[vt->replaced[i]];
		struct mv mod = {vm->path, vm->version};
		const char *root;
		char *from, *owned;
		struct mv r = replacement_from(&c, mod, &root, &from);

		canonical_replace(&c, r, root, &owned);
		if (r.path == NULL)
			verr(lines, mod,
			     "is marked as replaced in vendor/modules.txt, but not replaced "
			     "in %s",
			     ws ? "the workspace" : "go.mod");
		free(from);
		free(owned);
	}
	if (lines->n == first)
		return NULL;
	struct buf b;

	buf_init(&b);
	buf_printf(&b, "go: inconsistent vendoring in %s:", vendor_root);
	for (size_t i = first; i < lines->n; i++)
		buf_printf(&b, "\n\t%s", lines->v[i]);
	buf_printf(&b,
		   "\n\n\tTo ignore the vendor directory, use -mod=readonly or -mod=mod.\n"
		   "\tTo sync the vendor directory, run:\n\t\tgo %s vendor",
		   ws ? "work" : "mod");
	return buf_steal(&b);
}

const char *modvendor_buildmod(const char *goflags_mod, int workspace, const char *go_version,
			       int have_vendor_dir, int modules_txt_workspace, const char **reason,
			       int *explicit_)
{
	*explicit_ = goflags_mod != NULL && *goflags_mod;
	if (*explicit_) {
		if (workspace && strcmp(goflags_mod, "readonly") && strcmp(goflags_mod, "vendor"))
			*reason =
			    "GOFLAGS sets -mod, but in workspace mode -mod may only be set to "
			    "readonly or vendor (go fails)";
		else
			*reason = "set by -mod in GOFLAGS";
		return strcmp(goflags_mod, "vendor") == 0 ? "vendor"
		       : strcmp(goflags_mod, "mod") == 0  ? "mod"
							  : "readonly";
	}
	*reason = "no vendor directory";
	if (have_vendor_dir) {
		const char *src = workspace ? "go.work" : "go.mod";

		if (go_version == NULL || *go_version == '\0') {
			*reason = workspace
				      ? "Go version in go.work is unspecified, so vendor directory "
					"was not used."
				      : "Go version in go.mod is unspecified, so vendor directory "
					"was not used.";
		} else if (semver_go_compare(go_version, "1.14") < 0) {
			*reason = workspace
				      ? "Go version in go.work is below 1.14, so vendor directory "
					"was not used."
				      : "Go version in go.mod is below 1.14, so vendor directory "
					"was not used.";
		} else if (modules_txt_workspace != workspace) {
			*reason =
			    modules_txt_workspace
				? "Outside workspace mode, but vendor directory is for a workspace."
				: "In workspace mode, but vendor directory is not for a workspace";
		} else {
			*reason = strcmp(src, "go.work") == 0 ? "Go version in go.work is at least "
								"1.14 and vendor directory exists."
							      : "Go version in go.mod is at least "
								"1.14 and vendor directory exists.";
			return "vendor";
		}
	}
	return "readonly";
}
