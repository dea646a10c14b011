#!/usr/bin/env bash
# gRPC services registered from a table (tests/fixtures/regs/grpc_table_live:
# `for _, svc := range services { s.RegisterService(svc.desc, svc.impl) }`,
# one entry appended from init in admin.go, built only with -tags admin),
# judged live by `gotriage check --pid --repo`: a real grpc-go server
# (Debian's packages, GOPATH mode) with reflection.
#   built without the tag: demo.v1.Admin is registered in the code but not
#     served: grpc-service-missing fails, naming the table element's file
#     and the build constraint that excludes it;
#   built with -tags admin: every service in the table is served: pass.
source "$(dirname "$0")/../lib.sh"
command -v go >/dev/null || skip "golang-go is not installed"
[ -d /usr/share/gocode/src/google.golang.org/grpc/reflection ] ||
	skip "grpc-go is not installed: apt-get install golang-google-grpc-dev golang-github-golang-protobuf-1-3-dev golang-google-genproto-dev golang-golang-x-net-dev"
command -v jq >/dev/null || skip "jq is not installed"
[ -x "$GT" ] || fail "no gotriage binary at $GT"
cp "$GT" "$TMP/gotriage" && GT=$TMP/gotriage
SRC=$ROOT/tests/fixtures/regs/grpc_table_live
mkdir -p "$TMP/gopath"

build() { # out [go build args...]
	local out=$1
	shift
	(cd "$SRC" && env -u GOFLAGS GO111MODULE=off GOPATH="$TMP/gopath:/usr/share/gocode" \
		go build -o "$out" "$@" .) >"$TMP/build.log" 2>&1 ||
		fail "grpc fixture did not build: $(cat "$TMP/build.log")"
}
start() { # binary; sets PID, PORT
	PORT=$(free_port)
	"$1" -addr "127.0.0.1:$PORT" >"$TMP/server.log" 2>&1 &
	PID=$!
	CLEANUP_PIDS+=("$PID")
	wait_http "http://127.0.0.1:$PORT"
}
verdict() { jq -r '.checks[] | select(.id == "grpc-service-missing") | .verdict' "$1"; }
show() { jq -c '.checks[] | select(.id == "grpc-service-missing") | {summary, evidence}' "$1"; }

# 1. without the tag: the table's admin entry is compiled out
build "$TMP/plain"
start "$TMP/plain"
"$GT" check --pid "$PID" --repo "$SRC" --format json >"$TMP/plain.json"
[ "$(verdict "$TMP/plain.json")" = fail ] ||
	fail "built without -tags admin: grpc-service-missing is '$(verdict "$TMP/plain.json")', want fail: $(show "$TMP/plain.json")"
jq -e '.checks[] | select(.id == "grpc-service-missing") | .evidence[] |
	select(test("admin.go:[0-9]+ .*demo.v1.Admin .*excluded"))' "$TMP/plain.json" >/dev/null ||
	fail "the evidence does not name the excluded table element: $(show "$TMP/plain.json")"
jq -e '.checks[] | select(.id == "grpc-service-missing") | .evidence[] | select(test("demo.v1.Pinger"))' \
	"$TMP/plain.json" >/dev/null && fail "demo.v1.Pinger is served, yet reported: $(show "$TMP/plain.json")"
kill "$PID" 2>/dev/null
wait "$PID" 2>/dev/null

# 2. with the tag: every table entry is served
build "$TMP/admin" -tags admin
start "$TMP/admin"
# (the scan takes the build's tags from the binary's build settings)
"$GT" check --pid "$PID" --repo "$SRC" --format json >"$TMP/admin.json"
[ "$(verdict "$TMP/admin.json")" = pass ] ||
	fail "built with -tags admin: grpc-service-missing is '$(verdict "$TMP/admin.json")', want pass: $(show "$TMP/admin.json")"
echo "ok: gRPC services from a table judged live (excluded entry fails, full build passes)"
