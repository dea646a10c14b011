#!/usr/bin/env bash
# The source of the running build (issue 15): a service built from an older
# commit runs while HEAD is ahead by a commit adding a route and one editing
# only a README. stale-binary must name the route-adding commit,
# route-not-served must explain the 404 with it, every repo verdict must say
# which source it judged, and a healthy build (HEAD == revision) must pass.
# A working tree that differs from the revision in a build constraint: the
# verdicts follow the revision. Bare mirror, shallow clone without the
# revision, packed objects and a linked worktree are read too, and the
# repository (.git included) is byte-identical afterwards.
source "$(dirname "$0")/../lib.sh"
command -v git >/dev/null || skip "git is not installed"
command -v go >/dev/null || skip "golang-go is not installed"
command -v jq >/dev/null || skip "jq is not installed"
[ -x "$GT" ] || fail "build gotriage first"

export GIT_CONFIG_NOSYSTEM=1 HOME=$TMP GIT_AUTHOR_NAME=Ann GIT_AUTHOR_EMAIL=ann@example.com \
	GIT_COMMITTER_NAME=Ann GIT_COMMITTER_EMAIL=ann@example.com
at() { export GIT_AUTHOR_DATE="2026-01-0$1T10:00:00Z" GIT_COMMITTER_DATE="2026-01-0$1T10:00:00Z"; }

R=$TMP/svc
mkdir -p "$R"
git init -q -b main "$R"
cat >"$R/go.mod" <<'G'
module example.com/svc

go 1.19
G
cat >"$R/main.go" <<'G'
package main

import (
	"net/http"
	"os"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/v1/invoices", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("inv\n")) })
	addRoutes(mux)
	http.ListenAndServe(os.Getenv("ADDR"), mux)
}
G
cat >"$R/routes.go" <<'G'
package main

import "net/http"

func addRoutes(mux *http.ServeMux) {
	mux.HandleFunc("/api/v1/health", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
}
G
# Compiled only with -tags legacy: the running build has no such route.
cat >"$R/legacy.go" <<'G'
//go:build legacy

package main

import "net/http"

func init() { http.HandleFunc("/legacy", nil) }
G
echo "# svc" >"$R/README.md"
at 2; git -C "$R" add -A && git -C "$R" commit -qm "first"
OLD=$(git -C "$R" rev-parse HEAD)

# Build the running binary from OLD (go stamps vcs.revision from the checkout).
go_build "$R" "$TMP/svc-old"
go version -m "$TMP/svc-old" | grep -q "vcs.revision=$OLD" || fail "the build carries no vcs.revision $OLD"

cat >"$R/refunds.go" <<'G'
package main

import "net/http"

func init() {
	http.DefaultServeMux.HandleFunc("/x", nil)
}

func refunds(mux *http.ServeMux) {
	mux.HandleFunc("/api/v1/refunds", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("r\n")) })
}
G
sed -i 's|^\taddRoutes(mux)|\taddRoutes(mux)\n\trefunds(mux)|' "$R/main.go"
at 3; git -C "$R" add -A && git -C "$R" commit -qm "INV-2207 add refunds endpoint"
ROUTE=$(git -C "$R" rev-parse --short=7 HEAD)
echo "more words" >>"$R/README.md"
at 4; git -C "$R" commit -qam "docs: README only"
# Working tree edit: drop the build constraint, uncommitted. The verdicts
# must follow the revision, where legacy.go is excluded.
sed -i '1d' "$R/legacy.go"
git -C "$R" gc -q # objects into a pack, so the revision is read from a packfile
ls "$R/.git/objects/pack/"*.pack >/dev/null || fail "gc made no pack"

snap() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum) ; }
snap "$R" >"$TMP/before"

PORT=$(free_port)
ADDR=127.0.0.1:$PORT $SERVICE_ENV "$TMP/svc-old" >"$TMP/svc.log" 2>&1 &
PID=$!
CLEANUP_PIDS+=("$PID")
wait_http "http://127.0.0.1:$PORT"

out=$("$GT" check --pid "$PID" --url "http://127.0.0.1:$PORT" --repo "$R" \
	--only stale-binary,route-not-served,route-excluded-by-build --format json) || true
sb=$(jq -c '.checks[] | select(.id=="stale-binary")' <<<"$out")
assert_eq "$(jq -r .verdict <<<"$sb")" fail "stale-binary verdict"
assert_contains "$(jq -r .summary <<<"$sb")" "is 2 commits ahead of it"
assert_contains "$(jq -r .summary <<<"$sb")" "$ROUTE 'INV-2207 add refunds endpoint'"
assert_contains "$(jq -r .summary <<<"$sb")" "/api/v1/refunds"
assert_contains "$(jq -r '.evidence[]' <<<"$sb")" "source: commit ${OLD:0:7}, the running revision"

rn=$(jq -c '.checks[] | select(.id=="route-not-served")' <<<"$out")
assert_eq "$(jq -r .verdict <<<"$rn")" fail "route-not-served verdict"
assert_contains "$(jq -r .summary <<<"$rn")" "added in a commit the running build lacks"
assert_contains "$(jq -r '.evidence[]' <<<"$rn")" "-> 404: the route was added in $ROUTE"
assert_contains "$(jq -r '.evidence[]' <<<"$rn")" "source: commit ${OLD:0:7}"
assert_contains "$(jq -r '.evidence[]' <<<"$rn")" "/api/v1/health -> 200"
# legacy.go lost its constraint in the working tree only: judged at the
# revision, its route is still excluded by the build.
rx=$(jq -c '.checks[] | select(.id=="route-excluded-by-build")' <<<"$out")
assert_contains "$(jq -r '.evidence[]' <<<"$rx")" "legacy.go"
assert_contains "$(jq -r '.evidence[]' <<<"$rx")" "source: commit ${OLD:0:7}"

# gotriage changes: text and JSON, newest first, the README commit has no registrations.
txt=$("$GT" changes --repo "$R" --pid "$PID") || fail "changes failed: $txt"
assert_contains "$txt" "lacks 2 commits"
assert_contains "$txt" "adds route ANY /api/v1/refunds"
js=$("$GT" changes --repo "$R" --binary "$TMP/svc-old" --json)
assert_eq "$(jq -r '.commits[0].subject' <<<"$js")" "docs: README only"
assert_eq "$(jq -r '.commits[0].registrations | length' <<<"$js")" 0
assert_eq "$(jq -r '.commits[1].registrations[0].what' <<<"$js")" "ANY /api/v1/refunds"
assert_eq "$(jq -r '.commits | length' <<<"$js")" "$(git -C "$R" rev-list --count "$OLD..HEAD")"

# The reverse: the running revision ahead of --against.
js=$("$GT" changes --repo "$R" --rev HEAD --against "$OLD" --json)
assert_eq "$(jq -r .relation <<<"$js")" ahead "relation when the checkout is behind"

# A bare mirror (no working tree, no go.mod on disk) is judged the same way.
git clone -q --mirror "$R" "$TMP/mirror.git"
out=$("$GT" check --pid "$PID" --url "http://127.0.0.1:$PORT" --repo "$TMP/mirror.git" \
	--only stale-binary,route-not-served --format json) || true
assert_contains "$(jq -r '.checks[] | select(.id=="stale-binary") | .summary' <<<"$out")" "$ROUTE"
assert_contains "$(jq -r '.checks[] | select(.id=="route-not-served") | .evidence[]' <<<"$out")" \
	"source: commit ${OLD:0:7}, the running revision"

# A linked worktree reads the same objects.
git -C "$R" worktree add -q "$TMP/wt" HEAD 2>/dev/null
txt=$("$GT" changes --repo "$TMP/wt" --binary "$TMP/svc-old") || fail "worktree: $txt"
assert_contains "$txt" "lacks 2 commits"
git -C "$R" worktree remove --force "$TMP/wt"
snap "$R" >"$TMP/before" # worktree add/remove are ours, not gotriage's

# A shallow clone missing the revision: the working tree, said so.
git clone -q --depth 1 "file://$R" "$TMP/shallow"
out=$("$GT" check --binary "$TMP/svc-old" --repo "$TMP/shallow" --only route-excluded-by-build \
	--format json) || true
assert_contains "$(jq -r '.checks[0].evidence[]' <<<"$out")" "is not in this repository (a shallow clone"

# Healthy: HEAD == revision passes.
H=$TMP/healthy
git clone -q "$R" "$H"
git -C "$H" checkout -q "$OLD"
git -C "$H" checkout -q -b release
go_build "$H" "$TMP/svc-new"
out=$("$GT" check --binary "$TMP/svc-new" --repo "$H" --only stale-binary --format json) || true
assert_eq "$(jq -r '.checks[0].verdict' <<<"$out")" pass "stale-binary when HEAD is the revision"

# Without a repository: say how to get the source.
out=$("$GT" check --binary "$TMP/svc-old" --only route-excluded-by-build --format json) || true
assert_contains "$(jq -r '.checks[0].summary' <<<"$out")" "clone the repository that holds commit ${OLD:0:12}"

# Read-only: every file of the repository, .git included, is unchanged.
snap "$R" >"$TMP/after"
diff -q "$TMP/before" "$TMP/after" >/dev/null || fail "the repository changed: $(diff "$TMP/before" "$TMP/after" | head)"
echo "ok: stale-binary and route-not-served name the lacking commit; sources said; repo untouched"
