/* target_verify.c: is the target what the engineer thinks it is? A PID
 * that is not a Go program, and a repo of another module than the binary's,
 * would otherwise yield confident verdicts about the wrong thing. */
#include "target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/base/sanitize.h"
#include "collectors/elf/buildinfo.h"
#include "collectors/elf/gobinary.h"
#include "collectors/gomod/gomod.h"
#include "proctree.h"

/* "1235 (demo, Go), 1236 (logger)" or "" */
static char *describe_children(int pid)
{
	struct proctree *pt = NULL;
	struct buf b;

	buf_init(&b);
	if (proctree_children(pid, &pt, NULL) != 0)
		return buf_steal(&b);
	for (size_t i = 0; i < pt->n; i++) {
		char exe[64], *comm = sanitize_str(pt->v[i].comm);
		int go;

		snprintf(exe, sizeof exe, "/proc/%d/exe", pt->v[i].pid);
		go = gobinary_detect(exe, NULL, NULL);
		buf_printf(&b, "%s%d (%s%s)", i ? ", " : "", pt->v[i].pid, comm,
			   go == 1 ? ", a Go program" : "");
		free(comm);
	}
	if (pt->truncated)
		buf_adds(&b, ", ...");
	proctree_free(pt);
	return buf_steal(&b);
}

int target_verify_go(const struct target *t, char **cause)
{
	char exe[64], *sign = NULL, *why = NULL, *kids, *comm;
	int rc;

	if (t->pid == 0 || t->proc == NULL || t->proc->exe == NULL)
		return 0; /* nothing to read: other errors say so */
	snprintf(exe, sizeof exe, "/proc/%d/exe", t->pid);
	rc = gobinary_detect(exe, &sign, &why);
	free(sign);
	free(why);
	if (rc != 0)
		return 0; /* Go, or unreadable: not a reason to refuse */
	comm = sanitize_str(t->proc->comm ? t->proc->comm : "?");
	kids = describe_children(t->pid);
	if (kids[0] != '\0')
		err_set(cause,
			"PID %d (%s) is not a Go program; its children are: %s. Pass --pid of "
			"the Go service itself",
			t->pid, comm, kids);
	else
		err_set(cause,
			"PID %d (%s) is not a Go program and has no child processes; pass "
			"--pid of the Go service (pgrep -f NAME) or --url of its debug endpoint",
			t->pid, comm);
	free(kids);
	free(comm);
	return -1;
}

/* Is `mod` the binary's main module or one of its dependencies? */
static int binary_contains(const struct buildinfo *bi, const char *mod)
{
	if (strcmp(bi->mod.main.path, mod) == 0)
		return 1;
	for (size_t i = 0; i < bi->mod.ndeps; i++)
		if (bi->mod.deps[i].path != NULL && strcmp(bi->mod.deps[i].path, mod) == 0)
			return 1;
	return 0;
}

void target_verify_repo(struct target *t)
{
	struct buildinfo *bi = NULL;
	struct gomod gm;
	char *gomod_path, *why = NULL, image[64];
	const char *bin = t->binary;

	if (t->repo == NULL)
		return;
	memset(&gm, 0, sizeof gm);
	gomod_path = xasprintf("%s/go.mod", t->repo);
	if (gomod_load(gomod_path, &gm, &why) == 0 && gm.module != NULL && gm.module[0])
		t->repo_module = xstrdup(gm.module);
	free(why);
	why = NULL;
	gomod_free(&gm);
	free(gomod_path);
	/* The running image, not the file on disk, which may have been replaced. */
	if (t->pid != 0 && t->proc != NULL && t->proc->exe != NULL &&
	    (t->binary == NULL || strcmp(t->binary, t->proc->exe) == 0)) {
		snprintf(image, sizeof image, "/proc/%d/exe", t->pid);
		bin = image;
	}
	if (bin == NULL || buildinfo_load(bin, &bi, &why) != 0) {
		free(why);
		return;
	}
	if (bi->mod.main.path != NULL && bi->mod.main.path[0] != '\0' &&
	    strcmp(bi->mod.main.path, "command-line-arguments") != 0)
		t->binary_module = xstrdup(bi->mod.main.path);
	if (t->repo_module != NULL && t->binary_module != NULL &&
	    !binary_contains(bi, t->repo_module)) {
		char *rm = sanitize_str(t->repo_module), *bm = sanitize_str(t->binary_module);

		t->repo_mismatch = xasprintf(
		    "--repo %s holds module %s, but the binary was built from module %s and does "
		    "not contain %s; the source checks would judge the wrong code. Pass the "
		    "checkout of %s, or --repo-mismatch-ok to judge anyway",
		    t->repo, rm, bm, rm, bm);
		free(rm);
		free(bm);
	}
	buildinfo_free(bi);
}
