#!/usr/bin/env bash
# The buildinfo pane in tmux at 80x24 against the demo service: the Go
# version, -tags=prod marked, the (devel) dependency; the symbol search
# finds main.cacheRefresher and not createOrderV2 (compiled out by
# -tags prod); sym: and filter: jumps; then a copy of the demo whose file
# is replaced while it runs shows the deleted exe and the different build.
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
start_demo

export XDG_STATE_HOME=$TMP/state XDG_CONFIG_HOME=$TMP/config
screen_has() { tmux_screen | grep -qF -- "$1"; }

tmux_start 80 24 "$GT" --pid "$DEMO_PID" --repo "$DEMO_SRC" --no-record --pane buildinfo
tmux_wait "[3:Binary]" 10
tmux_wait "go1.19" 20
tmux_wait "-tags=prod" 5
# Marked: the star in the margin and the reason beside it.
tmux_screen | grep -qE '^ +\* -tags=prod +build tags' || fail "-tags=prod is not marked:
$(tmux_screen)"
tmux_screen | grep -qE '^ +-compiler=gc *$' || fail "-compiler=gc should be unmarked"
tmux_keys End
tmux_wait "example.com/demolib (devel)" 5
tmux_screen | grep -qE '! example.com/demolib \(devel\) +\(devel\): built from a local tree' ||
	fail "the (devel) dependency is not marked:
$(tmux_screen)"

# / opens the symbol search over the function table, filtering as we type.
tmux_keys /
tmux_wait "/_" 3
tmux_keys cacheRefresher
tmux_wait "main.cacheRefresher" 3
tmux_wait 'functions contain "cacheRefresher"' 3
tmux_keys Enter
tmux_wait "main.cacheRefresher: entry 0x" 3
# createOrderV2 lives in a !prod file: nothing matches, and the pane says why.
tmux_keys /
tmux_keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace \
	BSpace BSpace
tmux_keys createOrderV2
tmux_wait '0 of ' 3
tmux_wait "it is not in the running binary" 3
screen_has "main.createOrderV2" && fail "createOrderV2 listed although it is compiled out"
# Lower case matches any case.
tmux_keys Escape /
tmux_keys cacherefresher
tmux_wait "main.cacheRefresher.func1" 3
tmux_wait "any case" 3
tmux_keys Enter

# t switches views; :filter applies to the view shown.
tmux_keys t
tmux_wait "-tags=prod" 3
tmux_keys : 'filter GOOS' Enter
tmux_wait "GOOS=linux" 3
screen_has "-tags=prod" && fail ":filter GOOS left other settings visible"
tmux_keys Escape
tmux_wait "-tags=prod" 3

# :filter in the symbols view filters the function table.
tmux_keys t
tmux_keys : 'filter runtime.main' Enter
tmux_wait 'contain "runtime.main"' 3
tmux_wait "  runtime.main " 3

# A sym: jump from the checklist's evidence: route-excluded-by-build points
# at main.createOrderV2, which the pane shows is not in the binary.
tmux_keys : 'check route-excluded-by-build' Enter
tmux_wait "createOrderV2 is not in the binary's" 20
tmux_keys Down Enter
tmux_wait "[3:Binary]" 5
tmux_wait 'contain "main.createOrderV2"' 3
tmux_wait "is not in the running binary's function" 3
tmux_keys q
sleep 0.3

# ---- stale: a copy of the demo, replaced on disk while it runs -----------
STALE_BIN=$TMP/stale/demo-bin
mkdir -p "$TMP/stale"
cp "$DEMO_BIN" "$STALE_BIN"
STALE_PORT=$(free_port)
DEMO_ADDR=127.0.0.1:$STALE_PORT $SERVICE_ENV "$STALE_BIN" >"$TMP/stale.log" 2>&1 &
STALE_PID=$!
CLEANUP_PIDS+=("$STALE_PID")
wait_http "http://127.0.0.1:$STALE_PORT"

tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
tmux_start 80 24 "$GT" --pid "$STALE_PID" --no-record --pane buildinfo --refresh 0.5
tmux_wait "go1.19" 20
tmux_wait "Same build as the file on disk" 10

# A different build of the same service, moved over the file (a deploy
# that forgot the restart): -tags dev compiles createOrderV2 back in.
(cd "$DEMO_SRC" && GOFLAGS= GOWORK="$DEMO_SRC/go.work" go build -tags dev -buildvcs=false \
	-o "$TMP/stale/new-bin" .) >"$TMP/stale-build.log" 2>&1 ||
	fail "rebuild failed: $(cat "$TMP/stale-build.log")"
mv "$TMP/stale/new-bin" "$STALE_BIN"
tmux_wait "(deleted)" 10
tmux_keys r
tmux_wait "DIFFERENT BUILD" 10
tmux_wait "DELETED: /proc/$STALE_PID/exe" 5
# Side by side: the setting that differs, running value then on-disk value.
tmux_keys : 'filter -tags' Enter
tmux_wait "/-tags" 3
tmux_screen | grep -qE '^ +-tags +prod +dev *$' || fail "no side-by-side -tags row:
$(tmux_screen)"
tmux_keys Escape

# Removed altogether: the file on disk cannot be read, said plainly.
rm -f "$STALE_BIN"
tmux_keys r
tmux_wait "File on disk:" 10
screen_has "DIFFERENT BUILD" && fail "still comparing with a file that is gone"
tmux_keys q
echo "buildinfo pane e2e: ok"
