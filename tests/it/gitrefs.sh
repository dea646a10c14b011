#!/usr/bin/env bash
# gitrefs (HEAD read through libgit2) against `git rev-parse HEAD` on
# throwaway repositories: loose ref, packed refs after `git pack-refs --all`,
# a commit after packing, a branch with a slash, detached HEAD, a linked
# worktree, a `.git` file from --separate-git-dir, and a subdirectory.
source "$(dirname "$0")/../lib.sh"
command -v git >/dev/null || skip "git is not installed"
command -v pkg-config >/dev/null || skip "pkg-config is not installed"

# A ten-line driver over the collector, built from the sources under test.
cat >"$TMP/head.c" <<'C'
#include <stdio.h>
#include "collectors/git/gitrefs.h"
static const char *src[] = { "detached", "loose", "packed", "unborn" };
int main(int argc, char **argv)
{
	struct gitrefs *g;
	char *cause = NULL;
	if (argc != 2 || gitrefs_load(argv[1], &g, &cause) < 0) {
		fprintf(stderr, "%s\n", cause ? cause : "usage: head DIR");
		return 2;
	}
	printf("%s %s %s %d\n", g->hash, g->branch ? g->branch : "-", src[g->source], g->linked);
	gitrefs_free(g);
	return 0;
}
C
pkg-config --exists libgit2 || skip "libgit2-dev is not installed"
${CC:-cc} -std=c11 -D_GNU_SOURCE -I"$ROOT" $(pkg-config --cflags libcjson libgit2) \
	-o "$TMP/head" "$TMP/head.c" "$ROOT/collectors/git/gitrefs.c" "$ROOT/collectors/git/gitrepo.c" \
	"$ROOT/collectors/git/git2so.c" "$ROOT/collectors/base/srctree.c" \
	"$ROOT/collectors/base/common.c" "$ROOT/collectors/base/sanitize.c" \
	$(pkg-config --libs libcjson) -ldl -lpthread || fail "driver did not build"

export GIT_CONFIG_NOSYSTEM=1 HOME=$TMP GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t \
	GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t
checks=0
# same DIR SOURCE: our hash and branch equal git's, and the source is as expected.
same() {
	local dir=$1 want_src=$2 out hash branch src gbranch
	out=$("$TMP/head" "$dir") || fail "gitrefs failed in $dir: $out"
	read -r hash branch src _ <<<"$out"
	assert_eq "$hash" "$(git -C "$dir" rev-parse HEAD)" "HEAD in $dir ($want_src)"
	gbranch=$(git -C "$dir" symbolic-ref --short -q HEAD || echo -)
	assert_eq "$branch" "$gbranch" "branch in $dir"
	assert_eq "$src" "$want_src" "where the hash came from in $dir"
	checks=$((checks + 1))
}
commit() { echo "$2" >>"$1/f.txt"; git -C "$1" add f.txt && git -C "$1" commit -qm "$2"; }

R=$TMP/repo
git init -q -b main "$R"
commit "$R" one
commit "$R" two
same "$R" loose
mkdir -p "$R/sub/dir"
same "$R/sub/dir" loose

git -C "$R" pack-refs --all
[ -f "$R/.git/refs/heads/main" ] && fail "pack-refs left the loose ref"
same "$R" packed
commit "$R" three # a new loose ref shadows the packed one
same "$R" loose

git -C "$R" checkout -qb feature/x
commit "$R" four
same "$R" loose
git -C "$R" tag -a v1 -m v1
git -C "$R" pack-refs --all # packed-refs now holds a peeled ^ line too
grep -q '^\^' "$R/.git/packed-refs" || fail "expected a peeled line in packed-refs"
same "$R" packed

git -C "$R" checkout -q --detach HEAD~1
same "$R" detached
git -C "$R" checkout -q v1 # detached at an annotated tag: HEAD is the commit
same "$R" detached
git -C "$R" checkout -q main

git -C "$R" worktree add -q -b side "$TMP/wt"
[ -f "$TMP/wt/.git" ] || fail "worktree has no .git file"
same "$TMP/wt" loose
commit "$TMP/wt" in-worktree
same "$TMP/wt" loose
git -C "$R" pack-refs --all
same "$TMP/wt" packed
out=$("$TMP/head" "$TMP/wt")
[ "${out##* }" = 1 ] || fail "worktree not reported as linked: $out"
same "$R" packed # the main tree is unaffected by the worktree's HEAD

git init -q -b trunk --separate-git-dir="$TMP/store" "$TMP/sep"
[ -f "$TMP/sep/.git" ] || fail "--separate-git-dir made no .git file"
commit "$TMP/sep" first
same "$TMP/sep" loose

# Not a repository: one clear error.
mkdir -p "$TMP/plain"
err=$("$TMP/head" "$TMP/plain" 2>&1) && fail "a plain directory was taken for a repo: $err"
assert_contains "$err" "no .git found"
echo "ok: $checks HEAD lookups agree with git rev-parse"
