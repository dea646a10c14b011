#!/usr/bin/env bash
# The routes pane in tmux at 80x24 against the running demo: the v2 route
# shows the build constraint that excluded it and its live 404, /healthz
# answers 200 without X-Trace-ID, the listener is HTTP/1; / and :filter
# narrow the rows, Enter shows every field, checklist evidence lands on the
# declared route, --header changes the header looked for. Then a real
# grpc-go server: its listener is h2c and the services the code registers
# are served.
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
start_demo
export XDG_STATE_HOME=$TMP/state XDG_CONFIG_HOME=$TMP/config

# row TEXT: the first screen line holding TEXT.
row() { tmux_screen | grep -F -- "$1" | head -1; }
# wait_row TEXT REGEX [seconds]: waits until the line holding TEXT matches.
wait_row() {
	local i
	for i in $(seq 1 $((${3:-10} * 20))); do
		row "$1" | grep -qE -- "$2" && return 0
		sleep 0.05
	done
	fail "the row of [$1] never matched [$2]; screen was:
$(tmux_screen)"
}
open_console() { # args...
	tmux_keys "'$GT' --no-record $* ; echo EXIT=\$?" Enter
	tmux_wait "Routes]" 10
}

# A header name that is not an HTTP token is a usage error, said once.
out=$("$GT" --header "X Trace" --pid "$DEMO_PID" 2>&1) && fail "--header 'X Trace' was accepted"
assert_contains "$out" "--header 'X Trace': not an HTTP header name"

t0=$(date +%s)
tmux_start 80 24 bash --norc --noprofile
open_console --pid "$DEMO_PID" --repo "'$DEMO_SRC'" --pane routes --header X-Trace-ID
# The excluded handler: its constraint, and 404 from the live process.
wait_row "/api/v2/orders" " 404 " 15
assert_contains "$(row /api/v2/orders)" "no !prod"
wait_row "/healthz" "yes +200 +no *$" 5
wait_row " 127.0.0.1:$DEMO_PORT " "http/1" 10
assert_contains "$(tmux_screen)" "5 routes, 1 not in the build; 5 answered, 1 not served, 0 with X-Trace-ID"
assert_contains "$(tmux_screen)" "tags=prod"
# The line under the table explains the selected row (the first).
tmux_wait "GET /healthz -> 200 in" 3
# t moves the selection between the tables.
tmux_keys t
tmux_wait "127.0.0.1:$DEMO_PORT speaks http/1 (sniffed in" 3
tmux_keys t
tmux_wait "GET /healthz -> 200 in" 3

# / filters as you type; Esc clears the filter.
tmux_keys /
tmux_keys v 1
tmux_wait "(2 matches)" 3
screen=$(tmux_screen)
assert_contains "$screen" "/api/v1/orders"
grep -qF "/healthz" <<<"$screen" && fail "/v1 filter still shows /healthz"
tmux_keys Enter Escape
tmux_wait "/healthz" 3

# :filter from the prompt.
tmux_keys :
tmux_keys "filter v2" Enter
tmux_wait "/v2  (1 match)" 3
grep -qF "/api/v1/orders" <<<"$(tmux_screen)" && fail ":filter v2 still shows v1 routes"
# The filtered row is selected: its explanation names the constraint.
tmux_wait "GET /api/v2/orders -> 404 in" 3
# (the row is cut at the pane width when the probe took 10 ms or more; the
# detail view below asserts the whole constraint)
assert_contains "$(row "GET /api/v2/orders -> 404")" "; excluded by //go:build"

# Enter: every field in full; Esc back.
tmux_keys Enter
tmux_wait "In build: excluded by //go:build !prod (line 1)" 3
tmux_wait "Probe: GET http://127.0.0.1:$DEMO_PORT/api/v2/orders" 3
tmux_wait "Header X-Trace-ID: absent" 3
tmux_keys Escape
tmux_wait "Declared at" 3
tmux_keys Escape
tmux_wait "/healthz" 3

# Checklist evidence (code:orders_v2.go:12) lands on the declared route.
tmux_keys :
tmux_keys "check route-excluded-by-build" Enter
tmux_wait "route-excluded-by-build:" 5
tmux_wait "Evidence (Enter opens" 5
tmux_keys Enter
tmux_wait "[4:Routes]" 3
tmux_wait "GET /api/v2/orders -> 404" 3
# middleware-order's evidence is the Use( line: the first route it misses.
tmux_keys :
tmux_keys "check middleware-order" Enter
tmux_wait "middleware-order:" 5
tmux_wait "Evidence (Enter opens" 5
tmux_keys Enter
tmux_wait "[4:Routes]" 3
tmux_wait "GET /healthz -> 200" 3
tmux_wait "comes after this route" 3
# r re-collects the scan, the probes and the listeners; the rows come back.
tmux_keys r
tmux_wait "re-scanning the repo, probing the routes" 3
wait_row "/api/v2/orders" " 404 " 10
wait_row " 127.0.0.1:$DEMO_PORT " "http/1" 10
tmux_keys q
tmux_wait "EXIT=0" 5

# --header: the demo's JSON handlers set Content-Type.
tmux_keys clear Enter
open_console --pid "$DEMO_PID" --repo "'$DEMO_SRC'" --pane routes --header Content-Type
wait_row "/api/v1/orders" " 200 +yes *$" 15
tmux_wait "header Content-Type" 3
tmux_keys q
tmux_wait "EXIT=0" 5

# Without --header no header is checked: no header column, no count.
tmux_keys clear Enter
open_console --pid "$DEMO_PID" --repo "'$DEMO_SRC'" --pane routes
wait_row "/api/v1/orders" " 200 *$" 15
screen=$(tmux_screen)
grep -q "X-Trace-ID" <<<"$screen" && fail "a header is checked without --header: $screen"
grep -qE "Live +(Hdr|X-)" <<<"$screen" && fail "a header column without --header: $screen"
assert_contains "$screen" "5 answered, 1 not served"
tmux_keys q
tmux_wait "EXIT=0" 5
echo "demo part: $(($(date +%s) - t0)) s"

# gRPC: Debian's grpc-go in GOPATH mode (as tests/it/grpc.sh does).
if [ ! -d /usr/share/gocode/src/google.golang.org/grpc/reflection ] || ! command -v go >/dev/null; then
	echo "grpc part skipped: grpc-go (golang-google-grpc-dev) is not installed"
	echo "routes pane e2e: ok"
	exit 0
fi
t0=$(date +%s)
mkdir -p "$TMP/gopath" "$TMP/grpcrepo"
cp "$ROOT/tests/fixtures/grpcserver/main.go" "$TMP/grpcrepo/"
printf 'module example.com/grpcserver\n\ngo 1.19\n' >"$TMP/grpcrepo/go.mod"
(cd "$ROOT/tests/fixtures/grpcserver" &&
	env -u GOFLAGS GO111MODULE=off GOPATH="$TMP/gopath:/usr/share/gocode" \
		go build -o "$TMP/grpcserver" .) >"$TMP/grpcbuild.log" 2>&1 ||
	fail "grpc fixture did not build: $(cat "$TMP/grpcbuild.log")"
SPORT=$(free_port)
"$TMP/grpcserver" -addr "127.0.0.1:$SPORT" >"$TMP/grpcserver.log" 2>&1 &
SPID=$!
CLEANUP_PIDS+=("$SPID")
wait_http "http://127.0.0.1:$SPORT"
tmux_keys clear Enter
open_console --pid "$SPID" --repo "'$TMP/grpcrepo'" --pane routes
wait_row "127.0.0.1:$SPORT" "h2c +SERVING" 15
wait_row "127.0.0.1:$SPORT" "/[0-9]+ ok" 5
assert_contains "$(row "127.0.0.1:$SPORT")" "demo.v1.Pinger"
hl=$(grep -n "healthpb.RegisterHealthServer" "$ROOT/tests/fixtures/grpcserver/main.go" | cut -d: -f1)
wait_row "Health " "declared in code +main.go:$hl +served on 127.0.0.1:" 5
assert_contains "$(tmux_screen)" "the repository declares no HTTP routes"
# Down past the routes moves into the listeners; Enter lists every service.
tmux_keys Down Enter
tmux_wait "Reflection: v1alpha, 3 services" 3
tmux_wait "served: grpc.reflection.v1alpha.ServerReflection" 3
tmux_wait "Health (grpc.health.v1 Check \"\"): SERVING" 3
tmux_keys Escape q
tmux_wait "EXIT=0" 5
echo "grpc part: $(($(date +%s) - t0)) s"
echo "routes pane e2e: ok"
