#!/usr/bin/env bash
# The modules pane in tmux at 80x24 against the running demo and its repo:
# the example.com/demolib row shows go.mod v0.1.0 and the stale vendor
# copy v0.0.9 marked as disagreeing; GOPROXY (with a password, from the
# console's shell) is shown redacted with its source, the password never;
# Go's inconsistent-vendoring message is there; r re-probes a slow fake
# proxy live ("probing..." then its 404 and the fall-through to direct);
# / and :filter narrow the requirements; Enter shows every field.
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
command -v python3 >/dev/null || skip "python3 not installed (the fake GOPROXY)"
command -v perl >/dev/null || skip "perl not installed (reads the screen's attributes)"
start_demo
export XDG_STATE_HOME=$TMP/state XDG_CONFIG_HOME=$TMP/config
unset NO_COLOR

# A GOPROXY that answers 404 after 1.5 s, so a probe in flight is visible.
PROXY_PORT=$(free_port)
python3 - "$PROXY_PORT" <<'EOF' >"$TMP/proxy.log" 2>&1 &
import http.server, sys, time
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(1.5)
        self.send_response(404)
        self.end_headers()
        self.wfile.write(b"not found")
    def log_message(self, *a):
        print(self.path, flush=True)
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
EOF
CLEANUP_PIDS+=("$!")
wait_http "http://127.0.0.1:$PROXY_PORT"
SECRET=s3cretpw
PROXY_URL="http://bob:$SECRET@127.0.0.1:$PROXY_PORT/"
SHOWN="http://bob:[REDACTED]@127.0.0.1:$PROXY_PORT/"

row() { tmux_screen | grep -F -- "$1" | head -1; }
no_secret() {
	! tmux_screen | grep -qF "$SECRET" || fail "the GOPROXY password is on screen ($1):
$(tmux_screen)"
}
# sgr_before TEXT: the attribute sequences in force where TEXT is drawn.
sgr_before() {
	tmux -L "$TMUX_SOCK" capture-pane -e -p -t t |
		perl -ne 'BEGIN { $t = shift } print "$1\n" if /((?:\e\[[0-9;]*m)+)[^\e]*?\Q$t\E/' "$1" |
		head -1 | cat -v
}

t0=$(date +%s)
tmux_start 80 24 bash --norc --noprofile
tmux_keys "GOPROXY='$PROXY_URL,direct' '$GT' --pid $DEMO_PID --repo '$DEMO_SRC' --no-record --pane modules; echo EXIT=\$?" Enter
tmux_wait "[5:Modules]" 10

# The requirement row: go.mod, binary, vendor; flagged as disagreeing (*)
# and replaced (>); the vendor cell drawn as a warning, go.mod's plainly.
tmux_wait "example.com/demolib" 20
r=$(row "example.com/demolib")
assert_contains "$r" "*> example.com/demolib"
assert_contains "$r" "v0.1.0"
assert_contains "$r" "(devel)"
assert_contains "$r" "v0.0.9"
assert_contains "$(tmux_screen)" "MODULE"
sgr_before "v0.0.9" | grep -qE '\[(1|31|33)m|;(1|31|33)m' ||
	fail "v0.0.9 is not marked: $(sgr_before v0.0.9)"
sgr_before "v0.1.0" | grep -qE '\[(31|33)m|;(31|33)m' && fail "go.mod's v0.1.0 is marked"
assert_contains "$(tmux_screen)" "vendor  INCONSISTENT with go.mod (4 problems)"

# The environment with provenance; the password redacted, never shown.
tmux_wait "GOPROXY " 5
r=$(row "GOPROXY ")
assert_contains "$r" "http://bob:[REDACTED]@127.0.0.1:"
assert_contains "$r" "shell: environment"
no_secret "first screen"

# The probe of the fake proxy landed: 404 falls through to direct.
tmux_wait "go falls back to direct" 15
no_secret "probe results"

# Go's own message, further down.
for _ in 1 2 3 4 5; do
	tmux_screen | grep -qF "go: inconsistent vendoring in" && break
	tmux_keys PgDn
	sleep 0.2
done
tmux_wait "go: inconsistent vendoring in $DEMO_SRC:" 3
tmux_keys End
tmux_wait "$SHOWN" 3
tmux_wait "404 not found: next" 3
no_secret "probe section"

# r probes again, live: "probing..." while the proxy sleeps, then the answer.
tmux_keys r
tmux_wait "probing..." 5
tmux_wait "go falls back to direct" 15
probes=$(grep -c "/example.com/demolib/@v/list" "$TMP/proxy.log")
[ "$probes" -ge 2 ] || fail "the fake proxy saw $probes probe(s); r did not probe again"

# The GOPROXY entry in full: still redacted.
tmux_keys Home
tmux_keys Down Down Down
tmux_wait "GOPROXY" 3
tmux_keys Enter
tmux_wait "Go environment variable" 3
tmux_wait "<- used" 3
assert_contains "$(tmux_screen)" "$SHOWN,direct"
no_secret "GOPROXY detail"
tmux_keys Escape
tmux_wait "MODULE" 3

# Enter on the requirement: every field.
tmux_keys Home Enter
tmux_wait "DISAGREE: go.mod v0.1.0, binary (devel), vendor v0.0.9" 3
assert_contains "$(tmux_screen)" "./demolib (go.mod)"
tmux_keys Escape
tmux_wait "MODULE" 3

# / filters the requirement rows as you type; Esc clears.
tmux_keys / z z z
tmux_wait "(nothing matches the filter)" 3
grep -qF "example.com/demolib" <<<"$(tmux_screen | sed 1,5d)" && fail "the zzz filter still shows demolib"
grep -qF "GOPROXY " <<<"$(tmux_screen)" && fail "the filter left the environment rows"
tmux_keys Escape
tmux_wait "GOPROXY " 3
tmux_keys / d e m o l i b
tmux_wait "/demolib_  (1 match)" 3
tmux_keys Enter Escape
tmux_wait "GOPROXY " 3

# :filter from the prompt.
tmux_keys :
tmux_keys "filter V0.0.9" Enter
tmux_wait "/V0.0.9  (1 match)" 3
assert_contains "$(tmux_screen)" "*> example.com/demolib"
no_secret "end"

tmux_keys q
tmux_wait "EXIT=0" 5
echo "modules pane e2e: ok in $(($(date +%s) - t0)) s"
