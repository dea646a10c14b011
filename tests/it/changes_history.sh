#!/usr/bin/env bash
# The source of the running build over a history with a merge, with the
# running revision only in a packfile and everything after it in loose
# objects (issue 15's test matrix; tests/it/changes.sh covers linear
# history, a bare mirror, a shallow clone, a worktree and a constraint
# that differs in the working tree). Asserts: the commits the running build
# lacks through a merge (newest first, the merge with 2 parents and its
# files against the first parent), the route-adding side-branch commit
# named, diverged/ahead/same relations, scans of the packed and the loose
# revision differing by that route, and the repository byte-identical
# (.git included) afterwards.
source "$(dirname "$0")/../lib.sh"
command -v git >/dev/null || skip "git is not installed"
command -v jq >/dev/null || skip "jq is not installed"
[ -x "$GT" ] || fail "build gotriage first"

export GIT_CONFIG_NOSYSTEM=1 HOME=$TMP GIT_AUTHOR_NAME=Ann GIT_AUTHOR_EMAIL=ann@example.com \
	GIT_COMMITTER_NAME=Ann GIT_COMMITTER_EMAIL=ann@example.com
at() { export GIT_AUTHOR_DATE="2026-02-0$1T10:00:00Z" GIT_COMMITTER_DATE="2026-02-0$1T10:00:00Z"; }

R=$TMP/svc
mkdir -p "$R"
git init -q -b main "$R"
printf 'module example.com/svc\n\ngo 1.19\n' >"$R/go.mod"
cat >"$R/main.go" <<'G'
package main

import "net/http"

func main() {
	http.HandleFunc("/api/v1/health", func(w http.ResponseWriter, r *http.Request) {})
	http.ListenAndServe("127.0.0.1:0", nil)
}
G
echo "# svc" >"$R/README.md"
at 1; git -C "$R" add -A && git -C "$R" commit -qm "first"
OLD=$(git -C "$R" rev-parse HEAD)
# The running revision only in a packfile; everything after it loose.
git -C "$R" gc -q
ls "$R/.git/objects/pack/"*.pack >/dev/null 2>&1 || fail "gc made no pack"
[ -e "$R/.git/objects/${OLD:0:2}/${OLD:2}" ] && fail "$OLD is still a loose object"

git -C "$R" checkout -q -b feature
cat >"$R/refunds.go" <<'G'
package main

import "net/http"

func init() {
	http.HandleFunc("/api/v1/refunds", func(w http.ResponseWriter, r *http.Request) {})
}
G
at 2; git -C "$R" add -A && git -C "$R" commit -qm "add refunds endpoint"
SIDE=$(git -C "$R" rev-parse HEAD)
git -C "$R" checkout -q main
echo "words" >>"$R/README.md"
at 3; git -C "$R" commit -qam "docs: README"
DOCS=$(git -C "$R" rev-parse HEAD)
at 4; git -C "$R" merge -q --no-ff -m "Merge branch 'feature'" feature
MERGE=$(git -C "$R" rev-parse HEAD)
[ -e "$R/.git/objects/${MERGE:0:2}/${MERGE:2}" ] || fail "the merge is not a loose object"
[ "$(git -C "$R" rev-list --count "$OLD..$MERGE")" = 3 ] || fail "fixture: want 3 commits after OLD"

snap() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }
snap "$R" >"$TMP/before"

# Behind, through a merge: newest first, the merge with its two parents.
js=$("$GT" changes --repo "$R" --rev "$OLD" --json) || fail "changes failed: $js"
assert_eq "$(jq -r .relation <<<"$js")" behind "relation"
assert_eq "$(jq -r .lacks <<<"$js")" 3 "commits lacked"
assert_eq "$(jq -r '.commits[0].hash' <<<"$js")" "$MERGE" "newest first"
assert_eq "$(jq -r '.commits[0].parents' <<<"$js")" 2 "the merge's parents"
assert_eq "$(jq -r '[.commits[].hash] | sort | join(",")' <<<"$js")" \
	"$(printf '%s\n' "$MERGE" "$SIDE" "$DOCS" | sort | paste -sd,)" "the lacked commits"
# The merge's files are against its first parent (main): it brings refunds.go.
assert_eq "$(jq -r '.commits[0].files | map(.status + " " + .path) | join(",")' <<<"$js")" \
	"A refunds.go" "the merge's files against its first parent"
side=$(jq -c --arg h "$SIDE" '.commits[] | select(.hash == $h)' <<<"$js")
assert_eq "$(jq -r '.registrations | map(.change + " " + .what + " " + .where) | join(",")' <<<"$side")" \
	"added ANY /api/v1/refunds refunds.go:6" "the side-branch commit's registration"
assert_eq "$(jq -r --arg h "$DOCS" '.commits[] | select(.hash == $h) | .registrations | length' <<<"$js")" 0 \
	"README commit registrations"
jq -e '.registrations[] | select(.change == "added" and .what == "ANY /api/v1/refunds")' <<<"$js" >/dev/null ||
	fail "the whole-tree comparison lacks the added route: $(jq -c .registrations <<<"$js")"
txt=$("$GT" changes --repo "$R" --rev "$OLD") || fail "changes (text) failed"
assert_contains "$txt" "lacks 3 commits"

# Another branch: the side commit against main before the merge.
js=$("$GT" changes --repo "$R" --rev "$SIDE" --against "$DOCS" --json)
assert_eq "$(jq -r .relation <<<"$js")" diverged "relation of a side branch"
assert_eq "$(jq -r '[.lacks, .ahead] | join(",")' <<<"$js")" "1,1" "lacks,ahead of a side branch"
js=$("$GT" changes --repo "$R" --rev "$MERGE" --against "$OLD" --json)
assert_eq "$(jq -r .relation <<<"$js")" ahead "relation when the repository is behind"
js=$("$GT" changes --repo "$R" --rev "$MERGE" --json)
assert_eq "$(jq -r .relation <<<"$js")" same "relation at HEAD"

# Scans of the packed revision and of the loose one differ by the route.
routes() { "$GT" scan --repo "$R" --rev "$1" --json | jq -r '[.routes[].path] | sort | join(",")'; }
assert_eq "$(routes "$OLD")" "/api/v1/health" "routes at the packed revision"
assert_eq "$(routes "$MERGE")" "/api/v1/health,/api/v1/refunds" "routes at the loose merge"

snap "$R" >"$TMP/after"
cmp -s "$TMP/before" "$TMP/after" || fail "the repository changed: $(diff "$TMP/before" "$TMP/after" | head)"
echo "ok: changes over a merge, packed and loose objects"
