#!/usr/bin/env bash
# The changes view of the Binary pane in tmux at 80x24 (issue 15, item 4):
# a service built from an older commit runs while HEAD is ahead with a
# commit adding a route and one editing only a README. The pane lists both
# under "What the running build lacks"; Enter on the route-adding commit
# shows its files and the route it adds with file:line, Esc returns, and
# the journal records the commit, its files and registrations.
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
command -v git >/dev/null || skip "git is not installed"
command -v jq >/dev/null || skip "jq is not installed"

export GIT_CONFIG_NOSYSTEM=1 HOME=$TMP GIT_AUTHOR_NAME=Ann GIT_AUTHOR_EMAIL=ann@example.com \
	GIT_COMMITTER_NAME=Ann GIT_COMMITTER_EMAIL=ann@example.com
at() { export GIT_AUTHOR_DATE="2026-01-0$1T10:00:00Z" GIT_COMMITTER_DATE="2026-01-0$1T10:00:00Z"; }
R=$TMP/svc
mkdir -p "$R"
git init -q -b main "$R"
printf 'module example.com/svc\n\ngo 1.19\n' >"$R/go.mod"
cat >"$R/main.go" <<'G'
package main

import (
	"net/http"
	"os"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/v1/health", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
	extra(mux)
	http.ListenAndServe(os.Getenv("ADDR"), mux)
}

func extra(mux *http.ServeMux) {}
G
echo "# svc" >"$R/README.md"
at 2; git -C "$R" add -A && git -C "$R" commit -qm "first"
go_build "$R" "$TMP/svc-old"
cat >"$R/refunds.go" <<'G'
package main

import "net/http"

func refunds(mux *http.ServeMux) {
	mux.HandleFunc("/api/v1/refunds", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("r\n")) })
}
G
sed -i 's|^func extra(mux \*http.ServeMux) {}|func extra(mux *http.ServeMux) { refunds(mux) }|' "$R/main.go"
at 3; git -C "$R" add -A && git -C "$R" commit -qm "INV-2207 add refunds endpoint"
ROUTE=$(git -C "$R" rev-parse HEAD)
echo "more words" >>"$R/README.md"
at 4; git -C "$R" commit -qam "docs: README only"

PORT=$(free_port)
ADDR=127.0.0.1:$PORT $SERVICE_ENV "$TMP/svc-old" >"$TMP/svc.log" 2>&1 &
SPID=$!
CLEANUP_PIDS+=("$SPID")
wait_http "http://127.0.0.1:$PORT"

export XDG_STATE_HOME=$TMP/state XDG_CONFIG_HOME=$TMP/config
J=$TMP/journal.jsonl
tmux_start 80 24 "$GT" --pid "$SPID" --repo "$R" --record "$J" --pane buildinfo
tmux_wait "[3:Binary]" 10
tmux_wait "What the running build lacks" 20
tmux_wait "docs: README only" 5
# Filter the build view down to the route-adding commit's row and open it.
tmux_keys : "filter 2 files" Enter
tmux_wait "${ROUTE:0:7} 'INV-2207 add refunds endpoint', 2 files (2026-01-03)" 3
tmux_keys Enter
tmux_wait "Commit ${ROUTE:0:7}" 5
tmux_wait "Files it changes (2)" 3
tmux_wait "A refunds.go" 3
tmux_wait "M main.go" 3
tmux_wait "Registrations it changes" 3
RLINE=$(grep -n $'^\textra(mux)' "$R/main.go" | cut -d: -f1)
tmux_wait "main.go:$RLINE:  adds route ANY /api/v1/refunds" 3
tmux_wait "build > commit" 3
tmux_keys Escape
tmux_wait "${ROUTE:0:7} 'INV-2207 add refunds endpoint', 2 files" 3
tmux_screen | grep -qF "Files it changes" && fail "Esc did not return to the build view"
tmux_keys q
sleep 0.5
tmux_keys y 2>/dev/null
for _ in $(seq 1 40); do tmux -L "$TMUX_SOCK" has-session -t t 2>/dev/null || break; sleep 0.1; done

[ -s "$J" ] || fail "no journal at $J"
ev=$(grep '"open"' "$J" | grep '"commit"' | head -1)
[ -n "$ev" ] || fail "the journal has no open event for the commit: $(cat "$J" | cut -c1-300)"
jq -e --arg c "$ROUTE" '.. | objects | select(.commit? == $c)' <<<"$ev" >/dev/null ||
	fail "journal event lacks commit $ROUTE: $ev"
jq -e --arg l "$RLINE" '.. | objects | select(.registrations?) | .registrations[] | select(.where == "main.go:\($l)" and .what == "ANY /api/v1/refunds")' \
	<<<"$ev" >/dev/null || fail "journal event lacks the route with file:line: $ev"
jq -e '.. | objects | select(.files?) | .files | map(.path) | index("refunds.go") != null' <<<"$ev" >/dev/null ||
	fail "journal event lacks the files: $ev"
echo "ok: changes pane"
