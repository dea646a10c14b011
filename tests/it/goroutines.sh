#!/usr/bin/env bash
# goroutines.sh: `gotriage goroutines` against the fixture service built
# with Debian's Go 1.19: real debug=2 dumps of 10 and 10k goroutines must
# give the goroutine count `grep -c '^goroutine '` gives, and the buckets
# panicparse gives for the same file where both define buckets alike:
#   gotriage default (arguments compared, pointers ignored)
#     = panicparse default (its similarity level AnyPointer)
#   gotriage --loose (arguments ignored)
#     = panicparse -aggressive (AnyValue)
# Bucket headers are compared as "COUNT STATE" lines, sorted.
# Also: a dump the runtime cut at 64 MiB, stdin, --grep, --json, and
# hostile and binary input.
source "$(dirname "$0")/../lib.sh"

command -v panicparse >/dev/null || skip "panicparse is not installed (apt-get install panicparse)"
command -v curl >/dev/null || skip "curl is not installed"

SRC=$TMP/gfix-src
cp -r "$ROOT/tests/fixtures/goroutines" "$SRC"
rm -rf "$SRC/dumps"
go_build "$SRC" "$TMP/gfix"

# start_fixture BINARY NAME ARGS...: runs a fixture on a free port; sets URL.
start_fixture() {
	local bin=$1 name=$2 port i
	shift 2
	port=$(free_port)
	"$bin" -addr "127.0.0.1:$port" "$@" >"$TMP/$name.out" 2>&1 &
	CLEANUP_PIDS+=("$!")
	for i in $(seq 1 300); do
		grep -q '^ready ' "$TMP/$name.out" 2>/dev/null && break
		sleep 0.1
	done
	grep -q '^ready ' "$TMP/$name.out" || fail "fixture $name never got ready: $(cat "$TMP/$name.out")"
	URL=http://127.0.0.1:$port
}

pp_buckets() { panicparse -no-color "$@" 2>/dev/null | sed -nE 's/^([0-9]+): ([^[]*[^[ ]).*/\1 \2/p' | sort; }
gt_buckets() { "$GT" goroutines "$@" | sed -nE 's/^([0-9]+): ([^,]*[^, ]).*/\1 \2/p' | sort; }

# check_dump FILE: counts and buckets against grep and panicparse.
check_dump() {
	local f=$1 want out
	want=$(grep -c '^goroutine ' "$f")
	out=$("$GT" goroutines "$f") || fail "gotriage goroutines $f exited $?"
	assert_contains "$out" "$want goroutines in " "count vs grep -c for $f"
	out=$("$GT" goroutines --json "$f") || fail "--json exited $?"
	grep -qE "^	\"goroutines\":	$want,?\$" <<<"$out" || fail "--json count is not $want"
	[ "$(pp_buckets "$f" | wc -l)" -gt 3 ] || fail "panicparse found no buckets in $f"
	diff <(pp_buckets "$f") <(gt_buckets "$f") >"$TMP/diff" ||
		fail "default buckets differ from panicparse's for $f: $(head -20 "$TMP/diff")"
	diff <(pp_buckets -aggressive "$f") <(gt_buckets --loose "$f") >"$TMP/diff" ||
		fail "--loose buckets differ from panicparse -aggressive for $f: $(head -20 "$TMP/diff")"
	echo "ok: $f: $want goroutines, $(gt_buckets "$f" | wc -l) buckets" \
		"($(gt_buckets --loose "$f" | wc -l) loose), same as panicparse"
}

# ---- 10 goroutines: URL, file, stdin, grep ----
start_fixture "$TMP/gfix" small -n 10
out=$("$GT" goroutines "$URL") || fail "URL mode exited $?"
assert_contains "$out" "debug=1 total: " "the debug=1 total is reported"
assert_contains "$out" "from $URL/debug/pprof/goroutine?debug=2" "base URL completed"
curl -sf "$URL/debug/pprof/goroutine?debug=2" -o "$TMP/small.txt" || fail "curl debug=2"
check_dump "$TMP/small.txt"
out=$("$GT" goroutines - <"$TMP/small.txt") || fail "stdin exited $?"
assert_contains "$out" "$(grep -c '^goroutine ' "$TMP/small.txt") goroutines in " "stdin count"

out=$("$GT" goroutines "$URL" --grep 'HandleFunc|ServeHTTP|Register' --module example.com/gorofix) ||
	fail "--grep exited $?"
assert_contains "$out" "net/http/pprof.handler.ServeHTTP" "--grep shows the handler"
assert_contains "$out" "--grep HandleFunc|ServeHTTP|Register: 1 of " "--grep summary"
out=$("$GT" goroutines "$TMP/small.txt" --grep 'Refresher' --module example.com/gorofix)
assert_contains "$out" "  * work/work.go:" "main-module frame marked"
"$GT" goroutines "$TMP/small.txt" --grep 'no_such_function_anywhere' >/dev/null
assert_eq "$?" 1 "--grep without a match exits 1"

# ---- 10k goroutines ----
start_fixture "$TMP/gfix" big -n 10000 -depth 4
curl -sf "$URL/debug/pprof/goroutine?debug=2" -o "$TMP/big.txt" || fail "curl debug=2 (10k)"
check_dump "$TMP/big.txt"

# ---- the runtime's 64 MiB cut, from a service whose dump is larger ----
# Long source paths make every file line ~650 bytes, so 2000 goroutines
# (4 in 5 parked under 100 calls) overflow runtime/pprof's 64 MiB buffer
# in a second instead of the 12 s a 100k-goroutine service takes.
LONG=$TMP/$(printf 'p%.0s' $(seq 200))/$(printf 'q%.0s' $(seq 200))/$(printf 'r%.0s' $(seq 200))
mkdir -p "$LONG"
cp -r "$SRC" "$LONG/gfix"
go_build "$LONG/gfix" "$TMP/gfix-long"
start_fixture "$TMP/gfix-long" cut -n 2000 -depth 100
out=$("$GT" goroutines "$URL" | head -8) || fail "URL mode on the 64 MiB dump failed"
for want in "64.0 MiB from" "exactly 64 MiB: the Go runtime stopped writing it there"; do
	grep -qF "$want" <<<"$out" || fail "[$want] not in the summary: $out"
done
grep -qE 'debug=1 counted [0-9]+ goroutines, the dump has [0-9]+: [0-9]+ missing' <<<"$out" ||
	fail "missing goroutines not reported: $out"
echo "ok: $(grep -E 'missing' <<<"$out" | tail -1)"
out=$("$GT" goroutines --json "$URL" | head -40)
grep -q '"runtime_64mib_cut":	true' <<<"$out" || fail "--json lacks runtime_64mib_cut"
grep -qE '"missing":	[1-9]' <<<"$out" || fail "--json lacks the missing count"

# ---- a 200 that is not a dump, hostile and binary input ----
"$GT" goroutines "$URL/debug/vars" 2>"$TMP/err" >/dev/null
assert_eq "$?" 2 "a JSON page is not a dump"
assert_contains "$(cat "$TMP/err")" "not with a goroutine dump" "says what it got"
assert_eq "$(wc -l <"$TMP/err")" 1 "one line on stderr"

printf 'goroutine 1 [chan receive\033[2J]:\nmain.\033]0;pwned\007evil(0x1)\n\t/tmp/\033[31mred.go:7 +0x1\n\n' >"$TMP/evil.txt"
out=$("$GT" goroutines "$TMP/evil.txt") || fail "hostile dump exited $?"
if grep -q $'\033' <<<"$out" || grep -q $'\007' <<<"$out"; then
	fail "an escape sequence from the dump reached the terminal"
fi
assert_contains "$out" 'main.\x1b]0;pwned\x07evil' "escapes shown visibly"
out=$("$GT" goroutines --json "$TMP/evil.txt")
grep -q $'\033' <<<"$out" && fail "an escape sequence reached the JSON output"

head -c 200000 /dev/urandom >"$TMP/binary.bin"
"$GT" goroutines "$TMP/binary.bin" 2>"$TMP/err" >/dev/null
assert_eq "$?" 2 "binary input is a usage error"
assert_eq "$(wc -l <"$TMP/err")" 1 "one line on stderr for binary input"
echo "ok: cut dump, hostile and binary input"
