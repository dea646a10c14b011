#!/usr/bin/env bash
# The console under a decimal-comma locale (de_DE.UTF-8, compiled into
# $TMP as tests/it/profile_locale.sh does): `--refresh 0.5` is accepted
# (strtod once read "0.5" as 0 there and refused it), the status line's
# request time and the profiles pane's heap top print a decimal point, and
# the session journal parses as JSON lines. Numbers in the console once
# followed LC_NUMERIC (main.c set LC_ALL from the environment).
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
command -v localedef >/dev/null || skip "localedef is missing (libc-bin)"
[ -f /usr/share/i18n/locales/de_DE ] || skip "the locales package is not installed (tests/deps.sh)"
LOC=$TMP/locale
mkdir -p "$LOC"
localedef -i de_DE -f UTF-8 "$LOC/de_DE.UTF-8" >"$TMP/localedef.log" 2>&1 ||
	fail "localedef: $(cat "$TMP/localedef.log")"
assert_eq "$(env LOCPATH=$LOC LC_ALL=de_DE.UTF-8 /usr/bin/printf '%.2f' 1)" "1,00" "de_DE.UTF-8 from LOCPATH"
export XDG_STATE_HOME=$TMP/state XDG_CONFIG_HOME=$TMP/config

start_profiles_fixture

J=$TMP/session.jsonl
tmux_start 140 40 bash
tmux_keys "cd $TMP && LOCPATH=$LOC LC_ALL=de_DE.UTF-8 '$GT' --url $URL --pane profiles --refresh 0.5 --record $J; echo EXIT=\$?" Enter
tmux_wait "PROFILE        COUNT" 15
tmux_wait "> heap" 5
tmux_keys Enter
tmux_wait "flat%" 20
screen=$(tmux_screen)
grep -qE 'last min [0-9]+ req [0-9]+\.[0-9]+s' <<<"$screen" ||
	fail "the status line's request time has no decimal point: $(grep -m1 'last min' <<<"$screen")"
grep -qE '[0-9]+\.[0-9]+%' <<<"$screen" || fail "the heap top has no decimal point:
$screen"
grep -qE '[0-9],[0-9]+(%|s|ms|MB|kB|KB|B)\b' <<<"$screen" && fail "a decimal comma on screen:
$screen"
tmux_keys q
tmux_wait "EXIT=" 10
assert_contains "$(tmux_screen)" "EXIT=0"
jq -e . "$J" >/dev/null || fail "the journal is not JSON lines under de_DE"
n=$(jq -c 'select(.kind == "fetch")' "$J" | wc -l)
[ "$n" -ge 1 ] || fail "no fetch in the journal"
echo "ok: console under de_DE.UTF-8: --refresh 0.5, status line, heap top, $n fetches journaled"
