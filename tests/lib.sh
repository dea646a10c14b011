# lib.sh: shared helpers for the shell tests in tests/it, tests/e2e and
# tests/bench. Source it; it sets ROOT, GT (the gotriage binary), a private
# $TMP removed on exit, and an offline Go environment.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${GOTRIAGE_BUILD:-build}
GT=$ROOT/$BUILD/gotriage
# Waits scale with the build: under ThreadSanitizer (make tsan) every
# access is instrumented and the program runs several times slower, so
# wait_http and tmux_wait allow GOTRIAGE_TIME_SCALE times longer (4 for
# build-tsan, else 1). A script's own speed budget can use scaled_s.
# TSan also keeps shadow memory (about 4 bytes per byte the program
# touches, clang's ThreadSanitizer design), so a peak-RSS goal is
# MEM_SCALE times larger there; the plain build keeps the real goal.
case $BUILD in
build-tsan) TIME_SCALE=${GOTRIAGE_TIME_SCALE:-4} MEM_SCALE=5 ;;
*) TIME_SCALE=${GOTRIAGE_TIME_SCALE:-1} MEM_SCALE=1 ;;
esac
scaled_s() { echo $(($1 * TIME_SCALE)); }
TMP=$(mktemp -d /tmp/gotriage-test.XXXXXX)
CLEANUP_PIDS=()
CLEANUP_HOOKS=() # functions run first at exit (sshd_lib.sh: end kept ssh masters)
# Go fixtures build offline, stdlib only, with one shared build cache.
export GOFLAGS=-mod=mod GOPROXY=off GOSUMDB=off GOTOOLCHAIN=local GOTELEMETRY=off
export GOCACHE=${GOTRIAGE_GOCACHE:-$ROOT/build/gocache} GOPATH=$ROOT/build/gopath
export GOENV=off
mkdir -p "$GOCACHE"
SERVICE_ENV="env -u GOFLAGS -u GOPROXY -u GOSUMDB -u GOENV -u GOCACHE -u GOPATH -u GOTOOLCHAIN -u GOTELEMETRY"

cleanup() {
	local h
	for h in "${CLEANUP_HOOKS[@]}"; do "$h"; done
	for p in "${CLEANUP_PIDS[@]}"; do kill "$p" 2>/dev/null; done
	[ -n "${TMUX_SESSION:-}" ] && tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "skipped: $*"; exit 77; }
assert_eq() { [ "$1" = "$2" ] || fail "${3:-values differ}: expected [$2], got [$1]"; }
assert_contains() { grep -qF -- "$2" <<<"$1" || fail "${3:-missing text}: [$2] not in output:
$1"; }

# free_port: prints a TCP port on 127.0.0.1 nobody listens on.
# start_profiles_fixture [VAR=VALUE...]: builds tests/fixtures/profiles
# (once, into $TMP/psrc) and starts it on a free loopback port with the
# given environment; sets URL.
start_profiles_fixture() {
	local port
	if [ ! -x "$TMP/profiles-bin" ]; then
		cp -r "$ROOT/tests/fixtures/profiles" "$TMP/psrc"
		go_build "$TMP/psrc" "$TMP/profiles-bin"
	fi
	port=$(free_port)
	URL=http://127.0.0.1:$port
	env "$@" PROFILES_ADDR="127.0.0.1:$port" $SERVICE_ENV "$TMP/profiles-bin" >"$TMP/svc.log" 2>&1 &
	CLEANUP_PIDS+=($!)
	wait_http "$URL"
}
free_port() {
	local p
	for _ in $(seq 1 50); do
		p=$((20000 + RANDOM % 20000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
	done
	fail "no free port"
}

# wait_http URL [seconds]: waits until URL answers.
wait_http() {
	local i
	for i in $(seq 1 $((${2:-20} * 10 * TIME_SCALE))); do
		if (exec 3<>"/dev/tcp/127.0.0.1/${1##*:}") 2>/dev/null; then return 0; fi
		sleep 0.1
	done
	fail "nothing listening at $1"
}

# go_build SRC_DIR OUT [go build args...]: builds a Go fixture offline.
go_build() {
	local src=$1 out=$2; shift 2
	command -v go >/dev/null || skip "golang-go is not installed"
	(cd "$src" && go build -o "$out" "$@" .) || fail "go build in $src failed"
}

# start_demo: builds and starts the demo service on a free loopback port;
# sets DEMO_PID, DEMO_PORT, DEMO_URL, DEMO_BIN, DEMO_SRC.
start_demo() {
	DEMO_SRC=$TMP/demo
	cp -r "$ROOT/tests/fixtures/demo" "$DEMO_SRC"
	DEMO_BIN=$TMP/demo-bin
	(cd "$DEMO_SRC" && bash ./build.sh "$DEMO_BIN") >"$TMP/demo-build.log" 2>&1 ||
		fail "demo build failed: $(cat "$TMP/demo-build.log")"
	DEMO_PORT=$(free_port)
	DEMO_URL=http://127.0.0.1:$DEMO_PORT
	# The service runs with a clean Go environment, as in production: the
	# test shell's GOPROXY=off/GOSUMDB=off must not leak into its environ.
	DEMO_ADDR=127.0.0.1:$DEMO_PORT $SERVICE_ENV "$DEMO_BIN" >"$TMP/demo.log" 2>&1 &
	DEMO_PID=$!
	CLEANUP_PIDS+=("$DEMO_PID")
	wait_http "$DEMO_URL"
}

# start_healthy: the fault-free fixture; sets HEALTHY_PID/PORT/URL/BIN/SRC.
start_healthy() {
	HEALTHY_SRC=$TMP/healthy
	cp -r "$ROOT/tests/fixtures/healthy" "$HEALTHY_SRC"
	HEALTHY_BIN=$TMP/healthy-bin
	(cd "$HEALTHY_SRC" && bash ./build.sh "$HEALTHY_BIN") >"$TMP/healthy-build.log" 2>&1 ||
		fail "healthy build failed: $(cat "$TMP/healthy-build.log")"
	HEALTHY_PORT=$(free_port)
	HEALTHY_URL=http://127.0.0.1:$HEALTHY_PORT
	HEALTHY_ADDR=127.0.0.1:$HEALTHY_PORT $SERVICE_ENV "$HEALTHY_BIN" >"$TMP/healthy.log" 2>&1 &
	HEALTHY_PID=$!
	CLEANUP_PIDS+=("$HEALTHY_PID")
	wait_http "$HEALTHY_URL"
}

# tmux harness: a private server so tests never touch the user's sessions.
TMUX_SOCK=gotriage-test-$$
tmux_start() { # cols rows command...
	local cols=$1 rows=$2; shift 2
	TMUX_SESSION=t
	# A server killed just before may still be exiting: a client that
	# reaches it then sees "server exited unexpectedly". Try again.
	local try
	for try in 1 2 3 4 5; do
		tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -s t -x "$cols" -y "$rows" "$@" \
			2>"$TMP/tmux-start.err" && return 0
		sleep 0.2
	done
	fail "tmux did not start: $(cat "$TMP/tmux-start.err")"
}
tmux_keys() { tmux -L "$TMUX_SOCK" send-keys -t t "$@"; }
tmux_screen() { tmux -L "$TMUX_SOCK" capture-pane -p -t t; }
# tmux_wait TEXT [seconds]: waits until TEXT is on screen.
tmux_wait() {
	local i
	for i in $(seq 1 $((${2:-10} * 20 * TIME_SCALE))); do
		tmux_screen 2>/dev/null | grep -qF -- "$1" && return 0
		sleep 0.05
	done
	fail "screen never showed [$1]; screen was:
$(tmux_screen 2>/dev/null)"
}
