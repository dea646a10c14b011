/* gitrefs.c: HEAD, branch and commit through libgit2 (see gitrefs.h). */
#include "gitrefs.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collectors/base/sanitize.h"
#include "git2so.h"
#include "gitrepo.h"

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int gitrefs_is_hash(const char *s, size_t len)
{
	if (len != 40 && len != 64)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!is_hex(s[i]))
			return 0;
	return 1;
}

/* Refs that live in the worktree's own git dir rather than the common one. */
static int per_worktree(const char *ref)
{
	return str_has_prefix(ref, "refs/bisect/") || str_has_prefix(ref, "refs/worktree/") ||
	       str_has_prefix(ref, "refs/rewritten/");
}

static int is_file(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* HEAD's target and commit. */
static int read_head(struct gitrepo *r, struct gitrefs *g, char **cause)
{
	const struct git2_api *api = r->g;
	git_reference *head = NULL;
	git_oid id;
	int rc;

	if (api->reference_lookup(&head, r->repo, "HEAD") < 0)
		return err_set(cause, "%s/HEAD is missing or unreadable: %s", r->gitdir,
			       git2so_error(api, "not a git repository"));
	if (api->reference_type(head) == GIT_REFERENCE_SYMBOLIC) {
		const char *t = api->reference_symbolic_target(head);

		/* libgit2 would not follow it either; say so rather than "unborn". */
		if (!str_has_prefix(t, "refs/") || strstr(t, "..") != NULL) {
			err_set(cause, "refusing HEAD's ref name \"%.80s\": not under refs/", t);
			api->reference_free(head);
			return -1;
		}
		g->ref = xstrdup(t);
		if (str_has_prefix(g->ref, "refs/heads/"))
			g->branch = xstrdup(g->ref + strlen("refs/heads/"));
	}
	api->reference_free(head);
	rc = api->reference_name_to_id(&id, r->repo, "HEAD");
	if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) {
		g->source = GITREFS_UNBORN;
		return 0;
	}
	if (rc < 0)
		return err_set(cause, "HEAD of %s: %s", r->gitdir,
			       git2so_error(api, "cannot be resolved"));
	api->oid_fmt(g->hash, &id);
	g->hash[GIT_OID_HEXSZ] = '\0';
	if (g->ref == NULL) {
		g->source = GITREFS_DETACHED;
	} else {
		char *loose =
		    xasprintf("%s/%s", per_worktree(g->ref) ? g->gitdir : g->commondir, g->ref);

		g->source = is_file(loose) ? GITREFS_LOOSE : GITREFS_PACKED;
		free(loose);
	}
	return 0;
}

int gitrefs_load(const char *dir, struct gitrefs **out, char **cause)
{
	struct gitrepo *r;
	struct gitrefs *g;

	*out = NULL;
	if (gitrepo_open(dir, &r, cause) < 0)
		return -1;
	g = xcalloc(1, sizeof *g);
	g->gitdir = xstrdup(r->gitdir);
	g->commondir = xstrdup(r->commondir);
	g->worktree = xstrdup(r->workdir != NULL ? r->workdir : r->gitdir);
	g->bare = r->bare;
	g->shallow = r->shallow;
	if (r->workdir != NULL) {
		char *dotgit = xasprintf("%s/.git", r->workdir);

		g->linked = r->worktree || is_file(dotgit);
		free(dotgit);
	}
	{
		char *rt = xasprintf("%s/reftable", r->commondir);
		struct stat st;
		int reftable = stat(rt, &st) == 0 && S_ISDIR(st.st_mode);

		free(rt);
		if (reftable) {
			err_set(cause,
				"%s uses the reftable ref format, which libgit2 does not read",
				r->commondir);
			gitrepo_free(r);
			gitrefs_free(g);
			return -1;
		}
	}
	if (read_head(r, g, cause) < 0) {
		gitrepo_free(r);
		gitrefs_free(g);
		return -1;
	}
	gitrepo_free(r);
	g->collected = now_wall();
	*out = g;
	return 0;
}

void gitrefs_free(struct gitrefs *g)
{
	if (g == NULL)
		return;
	free(g->worktree);
	free(g->gitdir);
	free(g->commondir);
	free(g->ref);
	free(g->branch);
	free(g);
}

cJSON *gitrefs_to_json(const struct gitrefs *g)
{
	static const char *const src[] = {"detached", "loose", "packed", "unborn"};
	cJSON *o = cJSON_CreateObject();

	sanitize_json_add(o, "worktree", g->worktree);
	sanitize_json_add(o, "gitdir", g->gitdir);
	sanitize_json_add(o, "commondir", g->commondir);
	cJSON_AddBoolToObject(o, "linked", g->linked);
	cJSON_AddBoolToObject(o, "bare", g->bare);
	cJSON_AddBoolToObject(o, "shallow", g->shallow);
	sanitize_json_add(o, "ref", g->ref);
	sanitize_json_add(o, "branch", g->branch);
	sanitize_json_add(o, "head", g->hash[0] != '\0' ? g->hash : NULL);
	cJSON_AddStringToObject(o, "source", src[g->source]);
	return o;
}
