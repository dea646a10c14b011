#!/usr/bin/env bash
# A real binary from a newer Go: npm's @esbuild/linux-x64 ships a stripped
# Go 1.2x executable with no .go.buildinfo section and no section-named
# symbols, which Debian's go version -m rejects. gotriage must still give
# the Go version, the module info and the function table, and say what is
# missing. Skipped when the npm registry cannot be reached.
source "$(dirname "$0")/../lib.sh"
command -v npm >/dev/null || skip "npm is not installed, cannot fetch @esbuild/linux-x64"
command -v readelf >/dev/null || skip "readelf (binutils) is not installed"

(cd "$TMP" && timeout 90 npm pack --silent @esbuild/linux-x64 >"$TMP/npm.log" 2>&1) ||
	skip "could not fetch @esbuild/linux-x64 from the npm registry: $(tail -n 1 "$TMP/npm.log")"
tar -xzf "$TMP"/esbuild-linux-x64-*.tgz -C "$TMP" || fail "unpacking the npm package"
BIN=$TMP/package/bin/esbuild
[ -f "$BIN" ] || fail "no bin/esbuild in the package"
readelf -SW "$BIN" | grep -q '\.go\.buildinfo' &&
	echo "note: this esbuild has a .go.buildinfo section; the fallback is not exercised"

out=$("$GT" buildinfo "$BIN" 2>"$TMP/err") || fail "gotriage buildinfo: exit $?: $(cat "$TMP/err")"
head -n 1 <<<"$out" | grep -Eq "^$BIN: go1\.[0-9]+" || fail "no Go version line: $out"
assert_contains "$out" "	path	github.com/evanw/esbuild/cmd/esbuild" "main package"
assert_contains "$out" "	mod	github.com/evanw/esbuild	" "main module"
assert_contains "$out" "	build	GOOS=linux" "settings"
if ! readelf -SW "$BIN" | grep -q '\.go\.buildinfo'; then
	assert_contains "$(cat "$TMP/err")" "no .go.buildinfo section" "says what is missing"
	assert_contains "$(cat "$TMP/err")" "runtime.buildVersion" "says where the version came from"
	# (go version -m exits 0 even when it cannot read a file: look at stdout)
	[ -z "$(go version -m "$BIN" 2>/dev/null)" ] || echo "note: this go version -m reads it too"
fi
# Where go version -m can read it (a newer Go), the text must agree.
if want=$(go version -m "$BIN" 2>/dev/null) && [ -n "$want" ]; then
	assert_eq "$out" "$want" "same as go version -m"
fi

json=$("$GT" buildinfo "$BIN" --json --symbols '^(main\.main|github\.com/evanw/esbuild/pkg/api\.Build)$') ||
	fail "--symbols: exit $?"
assert_eq "$(jq -r .functions.pclntab <<<"$json")" "1.20+" "pclntab version"
[ "$(jq -r .functions.count <<<"$json")" -gt 1000 ] || fail "function table too small"
assert_eq "$(jq -r '.symbols | length' <<<"$json")" 2 "known functions"
src=$(jq -r .functions.text_source <<<"$json")
echo "text start from: $src"
[ "$src" != ".text section (approximate)" ] || fail "text start should come from the binary's own data"
# Entries must fall inside .text.
read -r taddr tsize < <(readelf -SW "$BIN" |
	sed -n 's/^ *\[ *[0-9]*\] \.text  *[A-Z]*  *\([0-9a-f]*\) [0-9a-f]* \([0-9a-f]*\) .*/\1 \2/p')
[ -n "$taddr" ] || fail "no .text section in readelf output"
for e in $(jq -r '.symbols[].entry' <<<"$json"); do
	[ "$((e))" -ge "$((16#$taddr))" ] && [ "$((e))" -lt "$((16#$taddr + 16#$tsize))" ] ||
		fail "entry $e outside .text"
done
"$GT" buildinfo "$BIN" --inits | grep -q '^main\.init' ||
	"$GT" buildinfo "$BIN" --inits | grep -q 'evanw/esbuild' || fail "no esbuild init functions"
echo "esbuild: $(head -n 1 <<<"$out")"
