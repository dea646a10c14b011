#!/usr/bin/env bash
# gRPC: a real grpc-go 1.33 server (Debian's packages, GOPATH mode). It
# serves reflection v1alpha only and answers v1 with grpc-status 12, so
# `gotriage listeners` must fall back to v1alpha to list its services; then
# health Check, a NOT_SERVING server, one without reflection, the same
# server over TLS, and an openssl s_server TLS listener for the sniffer.
source "$(dirname "$0")/../lib.sh"
command -v go >/dev/null || skip "golang-go is not installed"
[ -d /usr/share/gocode/src/google.golang.org/grpc/reflection ] ||
	skip "grpc-go is not installed: apt-get install golang-google-grpc-dev golang-github-golang-protobuf-1-3-dev golang-google-genproto-dev golang-golang-x-net-dev"
command -v jq >/dev/null || skip "jq is not installed"

mkdir -p "$TMP/gopath"
(cd "$ROOT/tests/fixtures/grpcserver" &&
	env -u GOFLAGS GO111MODULE=off GOPATH="$TMP/gopath:/usr/share/gocode" \
		go build -o "$TMP/grpcserver" .) >"$TMP/build.log" 2>&1 ||
	fail "grpc fixture did not build: $(cat "$TMP/build.log")"

start() { # args...; sets SPID, SPORT
	SPORT=$(free_port)
	"$TMP/grpcserver" -addr "127.0.0.1:$SPORT" "$@" >"$TMP/server.log" 2>&1 &
	SPID=$!
	CLEANUP_PIDS+=("$SPID")
	wait_http "http://127.0.0.1:$SPORT"
}
field() { jq -r ".listeners[0]$1" <<<"$json"; }

start
json=$("$GT" listeners "$SPID" --json) || fail "listeners --json exited $?"
assert_eq "$(field .protocol)" "h2c" "sniffed protocol of a gRPC server"
assert_eq "$(field .grpc.reflection)" "v1alpha" "reflection version (v1 must answer 12)"
# The fallback must really come from v1's status 12 (curl may lose that
# status now and then, see collectors/net/grpc.c; five tries make that moot).
for _ in 1 2 3 4 5; do
	[ "$(field .grpc.v1_status)" = 12 ] && break
	json=$("$GT" listeners "$SPID" --json)
done
assert_eq "$(field .grpc.v1_status)" 12 "grpc-status of reflection v1 on grpc-go 1.33"
assert_eq "$(field '.grpc.services | join(",")')" \
	"demo.v1.Pinger,grpc.health.v1.Health,grpc.reflection.v1alpha.ServerReflection" "services"
assert_eq "$(field .grpc.health)" "SERVING" "health"
text=$("$GT" listeners "$SPID") || fail "listeners exited $?"
assert_contains "$text" "grpc reflection v1alpha: 3 services"
assert_contains "$text" "      demo.v1.Pinger"
assert_contains "$text" "grpc health: SERVING"
kill "$SPID"

start -health NOT_SERVING
json=$("$GT" listeners "$SPID" --json)
assert_eq "$(field .grpc.health)" "NOT_SERVING" "health of a NOT_SERVING server"
kill "$SPID"

start -no-reflection
json=$("$GT" listeners "$SPID" --json)
assert_eq "$(field .grpc.reflection)" "null" "reflection on a server without it"
# curl 7.88 sometimes loses the Trailers-Only status when grpc-go resets the
# stream early (see collectors/net/grpc.c); both wordings mean "not served".
rerr=$(field .grpc.reflection_error)
grep -qE "grpc-status 12 UNIMPLEMENTED|stream reset before any answer" <<<"$rerr" ||
	fail "reflection error on a server without reflection: $rerr"
assert_eq "$(field .grpc.health)" "SERVING" "health without reflection"
kill "$SPID"

if command -v openssl >/dev/null; then
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TMP/key.pem" -out "$TMP/cert.pem" \
		-days 1 -subj /CN=localhost >/dev/null 2>&1 || fail "openssl could not make a cert"
	start -tls "$TMP/cert.pem,$TMP/key.pem"
	json=$("$GT" listeners "$SPID" --json)
	assert_eq "$(field .protocol)" "tls" "gRPC over TLS"
	assert_eq "$(field .grpc)" "null" "no h2c probing of a TLS listener"
	kill "$SPID"

	port=$(free_port)
	openssl s_server -accept "127.0.0.1:$port" -cert "$TMP/cert.pem" -key "$TMP/key.pem" \
		-quiet </dev/null >/dev/null 2>&1 &
	OPID=$!
	CLEANUP_PIDS+=("$OPID")
	wait_http "http://127.0.0.1:$port"
	json=$("$GT" listeners "$OPID" --json)
	assert_eq "$(field .protocol)" "tls" "openssl s_server"
	assert_contains "$(field .protocol_detail)" "TLS handshake record"
fi
echo "ok: reflection fell back to v1alpha, health and TLS sniffing agree"
