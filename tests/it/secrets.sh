#!/usr/bin/env bash
# secrets.sh: a service holding secrets in every place services keep them
# (a token as URL userinfo without a password in GOPROXY, a URL password in
# a DSN, flag values -api-token X and --password=X in argv, DB_PASS and
# GITHUB_PAT in the environment), then a note that repeats one of them.
# None of the secret values may appear in `check` text/json/md, the
# journal, the cast or `report` md/json; harmless GODEBUG settings whose
# names hold KEY or COOKIE stay readable.
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux is not installed"

go_build "$ROOT/tests/fixtures/hostile" "$TMP/svc"
export XDG_STATE_HOME=$TMP/state XDG_CONFIG_HOME=$TMP/config
TOKEN=ghp_Tk7q2ZxUserinfoOnly91
URLPW=dsnPw-55aa71
FLAGTOK=flagTok-3c4d5e6f
FLAGPW=flagPw-778899aa
DBPASS=dbPass-1a2b3c4d
PAT=patVal-0f0e0d0c
SECRETS=("$TOKEN" "$URLPW" "$FLAGTOK" "$FLAGPW" "$DBPASS" "$PAT")

port=$(free_port)
env -i PATH="$PATH" GOPROXY="https://$TOKEN@proxy.example/" \
	DATABASE_URL="postgres://app:$URLPW@db.example/app" DB_PASS="$DBPASS" GITHUB_PAT="$PAT" \
	GODEBUG=x509keypairleaf=0,httpcookiemaxnum=3000 \
	"$TMP/svc" -mode plain -addr "127.0.0.1:$port" -api-token "$FLAGTOK" --password="$FLAGPW" \
	>"$TMP/svc.out" 2>&1 &
SVC=$!
CLEANUP_PIDS+=("$SVC")
wait_http "http://127.0.0.1:$port"

# ---- check, in each format ----
for fmt in text json md; do
	"$GT" check --pid "$SVC" --format "$fmt" >"$TMP/check.$fmt" 2>&1
done
grep -q '"checks"' "$TMP/check.json" || fail "check json did not run: $(head -5 "$TMP/check.json")"

# ---- the console: overview (argv, env-derived facts), a note with a secret ----
J=$TMP/s.jsonl C=$TMP/s.cast
tmux_start 160 40 bash --norc --noprofile
tmux_keys "'$GT' --pid $SVC --record $J --cast $C --pane overview; echo EXIT=\$?" Enter
tmux_wait "Command" 10
tmux_screen >"$TMP/screen.overview"
grep -q -- "-api-token" "$TMP/screen.overview" || fail "the overview shows no command line: $(cat "$TMP/screen.overview")"
tmux_keys 1
tmux_wait "[1:Checklist]" 5
tmux_keys n
tmux_wait "Step 1/" 5
tmux_keys a
tmux_wait "note on" 5
tmux_keys "the db pass is $DBPASS and the token $TOKEN" Enter
tmux_wait "note saved" 5
tmux_screen >"$TMP/screen.note"
tmux_keys q
tmux_wait "EXIT=" 10
"$GT" report "$J" >"$TMP/report.md" 2>&1 || fail "report md failed: $(cat "$TMP/report.md")"
"$GT" report "$J" --format json >"$TMP/report.json" 2>&1 || fail "report json failed"
grep -q "the db pass is" "$TMP/report.md" || fail "the note is missing from the report"
grep -q "REDACTED" "$J" || fail "nothing was masked in the journal"

for f in "$TMP"/check.* "$TMP"/screen.* "$J" "$C" "$TMP/report.md" "$TMP/report.json"; do
	for s in "${SECRETS[@]}"; do
		! grep -qF -- "$s" "$f" || fail "secret $s in $(basename "$f"): $(grep -F -- "$s" "$f" | head -2)"
	done
done
echo "ok: no secret in check text/json/md, the screen, journal, cast or report"
