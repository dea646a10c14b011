#!/usr/bin/env bash
# Without a repository (issue 15, item 5): `gotriage check --pid N` and no
# --repo. Checks that the binary and the live process can settle are
# decided (plugin-mismatch, config-reload-no-effect, grpc-service-missing
# skip when their library is not linked; init-goroutine from the dump;
# cgo-disabled and workspace-shadowing from the build info; stale-binary's
# deleted executable), and every other unknown says how to get the source
# of the running build: the commit to clone and, for a module on a known
# host, the URL. gRPC: generated handlers in the function table against
# what reflection serves, on a real grpc-go server.
source "$(dirname "$0")/../lib.sh"
command -v jq >/dev/null || skip "jq not installed"
command -v git >/dev/null || skip "git is not installed"
[ -x "$GT" ] || fail "build gotriage first"
GTC() { $SERVICE_ENV "$GT" "$@"; }
verdict() { jq -r --arg id "$2" '.checks[] | select(.id == $id) | .verdict' "$1"; }
expect() { # file id verdict
	local got
	got=$(verdict "$1" "$2")
	[ "$got" = "$3" ] || fail "$(basename "$1"): $2 is '$got', want '$3': $(jq -c --arg id "$2" '.checks[] | select(.id == $id) | {summary, evidence, missing}' "$1")"
}

# 1. The demo (no VCS stamp: built with -buildvcs=false).
start_demo
cd "$ROOT"
GTC check --pid "$DEMO_PID" --format json >"$TMP/demo.json"
expect "$TMP/demo.json" plugin-mismatch skip
expect "$TMP/demo.json" config-reload-no-effect skip
expect "$TMP/demo.json" grpc-service-missing skip
expect "$TMP/demo.json" init-goroutine warn
expect "$TMP/demo.json" cgo-disabled pass
expect "$TMP/demo.json" workspace-shadowing warn
expect "$TMP/demo.json" stale-binary warn
jq -e '.checks[] | select(.id == "plugin-mismatch") | .evidence[] | select(test("no plugin.Open"))' \
	"$TMP/demo.json" >/dev/null || fail "plugin-mismatch does not say what it looked for"
# embed.FS is linked (the demo embeds static/): the source must decide.
expect "$TMP/demo.json" embed-path unknown
n=$(jq '[.checks[] | select(.verdict == "unknown")] | length' "$TMP/demo.json")
[ "$n" -ge 1 ] || fail "no unknown left: the test lost its subject"
bad=$(jq -r '.checks[] | select(.verdict == "unknown") |
	select((.missing // "") | contains("pass --repo DIR, a checkout of module example.com/demo") | not) | .id' "$TMP/demo.json")
[ -z "$bad" ] || fail "unknowns that do not say how to get the source: $bad"
GTC check --pid "$DEMO_PID" >"$TMP/demo.txt"
assert_contains "$(cat "$TMP/demo.txt")" "checks need the source: pass --repo DIR, a checkout of module example.com/demo; the binary carries no vcs.revision"

# 2. A service stamped with vcs.revision, module on github.com.
export GIT_CONFIG_NOSYSTEM=1 HOME=$TMP GIT_AUTHOR_NAME=Ann GIT_AUTHOR_EMAIL=ann@example.com \
	GIT_COMMITTER_NAME=Ann GIT_COMMITTER_EMAIL=ann@example.com \
	GIT_AUTHOR_DATE=2026-01-02T10:00:00Z GIT_COMMITTER_DATE=2026-01-02T10:00:00Z
R=$TMP/svc
mkdir -p "$R"
git init -q -b main "$R"
printf 'module github.com/acme/svc/v2\n\ngo 1.19\n' >"$R/go.mod"
cat >"$R/main.go" <<'G'
package main

import (
	"net/http"
	"os"
)

func main() {
	http.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
	http.ListenAndServe(os.Getenv("ADDR"), nil)
}
G
git -C "$R" add -A && git -C "$R" commit -qm first
REV=$(git -C "$R" rev-parse HEAD)
go_build "$R" "$TMP/svc-bin"
go version -m "$TMP/svc-bin" | grep -q "vcs.revision=$REV" || fail "no vcs.revision in the build"
PORT=$(free_port)
ADDR=127.0.0.1:$PORT $SERVICE_ENV "$TMP/svc-bin" >"$TMP/svc.log" 2>&1 &
SPID=$!
CLEANUP_PIDS+=("$SPID")
wait_http "http://127.0.0.1:$PORT"
GTC check --pid "$SPID" --format json >"$TMP/svc.json"
want="clone the repository that holds commit ${REV:0:7} (module github.com/acme/svc/v2), e.g. git clone --mirror https://github.com/acme/svc, and pass --repo DIR"
bad=$(jq -r --arg w "$want" '.checks[] | select(.verdict == "unknown") |
	select((.missing // "") | contains($w) | not) | .id' "$TMP/svc.json")
[ -z "$bad" ] || fail "unknowns that do not name commit ${REV:0:7} to clone: $bad ($(jq -c '[.checks[] | select(.verdict == "unknown") | .missing][0]' "$TMP/svc.json"))"
jq -e --arg w "$want" '[.checks[] | select(.verdict == "unknown") | .evidence[] | select(startswith("source: none given; " + $w))] | length > 0' \
	"$TMP/svc.json" >/dev/null || fail "no unknown carries the source line"
expect "$TMP/svc.json" stale-binary pass
expect "$TMP/svc.json" embed-path skip
# The binary is replaced under the running process: stale-binary fails
# from /proc alone.
rm "$TMP/svc-bin"
GTC check --pid "$SPID" --only stale-binary --format json >"$TMP/deleted.json"
expect "$TMP/deleted.json" stale-binary fail
jq -e '.checks[0].summary | test("runs a deleted binary")' "$TMP/deleted.json" >/dev/null ||
	fail "stale-binary does not name the deleted binary: $(jq -c '.checks[0]' "$TMP/deleted.json")"

# 3. gRPC from the binary, against reflection (grpc-go from Debian).
if [ ! -d /usr/share/gocode/src/google.golang.org/grpc/reflection ]; then
	echo "note: grpc-go not installed, gRPC part skipped"
	exit 0
fi
mkdir -p "$TMP/gopath"
(cd "$ROOT/tests/fixtures/grpcserver" &&
	env -u GOFLAGS GO111MODULE=off GOPATH="$TMP/gopath:/usr/share/gocode" \
		go build -o "$TMP/grpcserver" .) >"$TMP/build.log" 2>&1 ||
	fail "grpc fixture did not build: $(cat "$TMP/build.log")"
grpc_check() { # name args...
	local name=$1 port pid; shift
	port=$(free_port)
	"$TMP/grpcserver" -addr "127.0.0.1:$port" "$@" >"$TMP/$name.log" 2>&1 &
	pid=$!
	CLEANUP_PIDS+=("$pid")
	wait_http "http://127.0.0.1:$port"
	GTC check --pid "$pid" --only grpc-service-missing --format json >"$TMP/$name.json"
	kill "$pid"
}
grpc_check grpc-all
expect "$TMP/grpc-all.json" grpc-service-missing pass
jq -e '.checks[0].evidence[] | select(test("service Health is compiled in"))' "$TMP/grpc-all.json" >/dev/null ||
	fail "grpc: Health not named from the function table: $(jq -c '.checks[0]' "$TMP/grpc-all.json")"
grpc_check grpc-nohealth -no-health
expect "$TMP/grpc-nohealth.json" grpc-service-missing warn
jq -e '.checks[0].evidence[] | select(test("service Health is compiled in but no listener serves it"))' \
	"$TMP/grpc-nohealth.json" >/dev/null || fail "grpc: the unserved Health is not named"
echo "ok: norepo"
