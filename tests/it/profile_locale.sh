#!/bin/bash
# profile_locale.sh: numbers do not follow the user's locale. Under a
# decimal-comma locale (de_DE.UTF-8) `gotriage profile --top` once printed
# `0,46s` where `go tool pprof` prints `0.46s` (main.c took LC_ALL from the
# environment; ncursesw needs only LC_CTYPE). Every output that carries
# numbers must be byte for byte what it is under LC_ALL=C: profile reports
# (text, JSON, flame), the postmortem report, goroutine dumps, fleet's text,
# JSON and journal. The locale is compiled into $TMP (LOCPATH) from the
# `locales` package's sources, so nothing system-wide is needed.
source "$(dirname "$0")/../lib.sh"
command -v localedef >/dev/null || skip "localedef is missing (libc-bin)"
[ -f /usr/share/i18n/locales/de_DE ] || skip "the locales package is not installed (tests/deps.sh)"
export LOCPATH=$TMP/locale
mkdir -p "$LOCPATH"
localedef -i de_DE -f UTF-8 "$LOCPATH/de_DE.UTF-8" >"$TMP/localedef.log" 2>&1 ||
	fail "localedef: $(cat "$TMP/localedef.log")"
# The test means nothing unless the locale really has a decimal comma.
assert_eq "$(LC_ALL=de_DE.UTF-8 printf '%.2f' 1)" "1,00" "de_DE.UTF-8 from LOCPATH"

P=$ROOT/tests/fuzz/corpus/pprof
J=$ROOT/tests/fixtures/journals/complete.jsonl
D=$ROOT/tests/fixtures/goroutines/dumps/go119-debug2.txt
n=0
# same NAME ARGS...: gotriage ARGS under each decimal-comma environment
# equals its output under LC_ALL=C, where it must succeed. Timings of the
# run itself ("parsed in 0.004 s") vary: kept only when written with a point.
t_mask() { sed -E 's/ in [0-9]+\.[0-9]+ s/ in T s/g' "$1" >"$1.m" && mv "$1.m" "$1"; }
same() {
	local name=$1 st want got
	shift
	env -u LANG -u LANGUAGE -u LC_ALL -u LC_NUMERIC LC_ALL=C "$GT" "$@" >"$TMP/c.out" 2>&1
	want=$?
	t_mask "$TMP/c.out"
	[ "$want" = 0 ] && [ -s "$TMP/c.out" ] || fail "$name: exit $want under LC_ALL=C: $(head -3 "$TMP/c.out")"
	for e in "LC_ALL=de_DE.UTF-8" "LANG=de_DE.UTF-8" "LANG=C.UTF-8 LC_NUMERIC=de_DE.UTF-8 LC_TIME=de_DE.UTF-8"; do
		# shellcheck disable=SC2086
		env -u LANG -u LANGUAGE -u LC_ALL -u LC_NUMERIC -u LC_TIME $e "$GT" "$@" >"$TMP/l.out" 2>&1
		got=$?
		t_mask "$TMP/l.out"
		assert_eq "$got" "$want" "$name: exit status under $e"
		diff -u "$TMP/c.out" "$TMP/l.out" >"$TMP/d.txt" || fail "$name differs under $e:
$(head -20 "$TMP/d.txt")"
	done
	n=$((n + 1))
}

same "cpu top" profile "$P/cpu.pb.gz"
same "cpu top 10" profile "$P/cpu.pb.gz" --top 10
same "cpu top 5 cum" profile "$P/cpu.pb.gz" --top 5 --cum
same "cpu traces" profile "$P/cpu.pb.gz" --traces
same "cpu flame" profile "$P/cpu.pb.gz" --flame
same "cpu json" profile "$P/cpu.pb.gz" --json
same "cpu peek" profile "$P/cpu.pb.gz" --peek 'main\.'
same "heap top" profile "$P/heap.pb.gz"
same "heap alloc_space" profile "$P/heap.pb.gz" --sample alloc_space
same "block top" profile "$P/block.pb.gz"
same "mutex json" profile "$P/mutex.pb.gz" --json
same "report md" report "$J"
same "report json" report "$J" --json
same "goroutines dump" goroutines "$D"

# The pprof header itself: `0.46s`-style figures with a decimal point.
LC_ALL=de_DE.UTF-8 "$GT" profile "$P/cpu.pb.gz" --top 1 >"$TMP/top" || fail "profile under de_DE"
grep -qE '^Duration: [0-9]+\.[0-9]+s, Total samples = ' "$TMP/top" ||
	fail "the Duration line has no decimal point: $(head -5 "$TMP/top")"

# Fleet: its timings differ run to run, so check their form instead: the
# text's seconds, the JSON and every journal line parse with a point.
echo "local pid=$$" >"$TMP/targets"
LC_ALL=de_DE.UTF-8 "$GT" fleet --targets "$TMP/targets" --target-timeout 10 \
	--record "$TMP/fleet.jsonl" --format json >"$TMP/fleet.json"
jq -e '.seconds | type == "number"' "$TMP/fleet.json" >/dev/null || fail "fleet JSON under de_DE: $(head -c 300 "$TMP/fleet.json")"
jq -c . "$TMP/fleet.jsonl" >/dev/null || fail "fleet journal under de_DE is not JSON lines"
out=$(LC_ALL=de_DE.UTF-8 "$GT" fleet --targets "$TMP/targets" --target-timeout 10 | head -n 1)
grep -qE '\([0-9]+\.[0-9] s, ' <<<"$out" || fail "fleet's seconds under de_DE: $out"

echo "ok: $n outputs equal under LC_ALL=C and de_DE.UTF-8, pprof header and fleet numbers with a point"
