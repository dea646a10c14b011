/* git2so.h: libgit2, loaded with dlopen the first time a repository is
 * opened (the same pattern as collectors/net/curlso.h).
 *
 * Linking libgit2 made every start of gotriage about 8 ms slower
 * (hyperfine, an empty program: 3.1 ms unlinked vs 11.4 ms linked with
 * -lgit2, which pulls in ssh, http and TLS libraries), which the offline
 * subcommands cannot afford; only the repo-side collectors need it. The
 * headers still come from libgit2-dev, so every pointer has the exact
 * prototype of the function it stands for (__typeof__). Thread-safe:
 * git_libgit2_init() runs once; owner validation is switched off because
 * gotriage only reads (root reading a deploy user's mirror is the common
 * case on a production host). */
#ifndef GOTRIAGE_GIT2SO_H
#define GOTRIAGE_GIT2SO_H

#include <git2.h>

#define GIT2SO_FUNCS(X)                                                                            \
	X(libgit2_init)                                                                            \
	X(libgit2_opts)                                                                            \
	X(error_last)                                                                              \
	X(repository_open_ext)                                                                     \
	X(repository_free)                                                                         \
	X(repository_path)                                                                         \
	X(repository_commondir)                                                                    \
	X(repository_workdir)                                                                      \
	X(repository_is_bare)                                                                      \
	X(repository_is_worktree)                                                                  \
	X(repository_is_shallow)                                                                   \
	X(reference_lookup)                                                                        \
	X(reference_free)                                                                          \
	X(reference_type)                                                                          \
	X(reference_symbolic_target)                                                               \
	X(reference_name_to_id)                                                                    \
	X(revparse_single)                                                                         \
	X(object_free)                                                                             \
	X(object_peel)                                                                             \
	X(object_id)                                                                               \
	X(commit_lookup)                                                                           \
	X(commit_free)                                                                             \
	X(commit_tree)                                                                             \
	X(commit_parentcount)                                                                      \
	X(commit_parent_id)                                                                        \
	X(commit_time)                                                                             \
	X(commit_author)                                                                           \
	X(commit_summary)                                                                          \
	X(tree_lookup)                                                                             \
	X(tree_free)                                                                               \
	X(tree_entrycount)                                                                         \
	X(tree_entry_byindex)                                                                      \
	X(tree_entry_name)                                                                         \
	X(tree_entry_filemode)                                                                     \
	X(tree_entry_id)                                                                           \
	X(tree_entry_bypath)                                                                       \
	X(tree_entry_byname)                                                                       \
	X(tree_entry_free)                                                                         \
	X(blob_lookup)                                                                             \
	X(blob_free)                                                                               \
	X(blob_rawcontent)                                                                         \
	X(blob_rawsize)                                                                            \
	X(odb_read_header)                                                                         \
	X(repository_odb)                                                                          \
	X(odb_free)                                                                                \
	X(revwalk_new)                                                                             \
	X(revwalk_free)                                                                            \
	X(revwalk_push)                                                                            \
	X(revwalk_hide)                                                                            \
	X(revwalk_next)                                                                            \
	X(revwalk_sorting)                                                                         \
	X(graph_ahead_behind)                                                                      \
	X(diff_tree_to_tree)                                                                       \
	X(diff_num_deltas)                                                                         \
	X(diff_get_delta)                                                                          \
	X(diff_free)                                                                               \
	X(oid_fmt)                                                                                 \
	X(oid_fromstrn)                                                                            \
	X(oid_cmp)

#define GIT2SO_FIELD(n) __typeof__(&git_##n) n;
struct git2_api {
	GIT2SO_FUNCS(GIT2SO_FIELD)
};
#undef GIT2SO_FIELD

/* NULL with *why (static text) when libgit2 cannot be loaded. */
const struct git2_api *git2so_get(const char **why);
/* The last libgit2 error's message, or `fallback` (static or thread-local). */
const char *git2so_error(const struct git2_api *g, const char *fallback);

#endif
