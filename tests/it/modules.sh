#!/usr/bin/env bash
# gotriage modules against a module cache Go itself populated from a file://
# proxy: h1 hashes must equal what Go wrote (go.sum, .ziphash), go mod verify
# must agree with us, and a .mod edited after download must fail
# gosum-mismatch (the seed's tampering case), as must a wrong .ziphash.
source "$(dirname "$0")/../lib.sh"
command -v go >/dev/null || skip "golang-go is not installed"

go_build "$ROOT/tests/fixtures/mkproxy" "$TMP/mkproxy"
mkdir -p "$TMP/src/lib" "$TMP/src/util" "$TMP/app"
printf 'module example.com/Lib\n\ngo 1.19\n' >"$TMP/src/lib/go.mod"
printf 'package lib\n\nfunc Name() string { return "lib" }\n' >"$TMP/src/lib/lib.go"
printf 'module example.com/util\n\ngo 1.19\n' >"$TMP/src/util/go.mod"
printf 'package util\n\nfunc Twice(n int) int { return 2 * n }\n' >"$TMP/src/util/util.go"
"$TMP/mkproxy" "$TMP/proxy" example.com/Lib v1.0.0 "$TMP/src/lib" \
	example.com/util v1.2.0 "$TMP/src/util" || fail "mkproxy failed"

cat >"$TMP/app/go.mod" <<'MOD'
module example.com/app

go 1.19

require (
	example.com/Lib v1.0.0
	example.com/util v1.2.0
)
MOD
cat >"$TMP/app/main.go" <<'SRC'
package main

import (
	"fmt"

	lib "example.com/Lib"
	"example.com/util"
)

func main() { fmt.Println(lib.Name(), util.Twice(2)) }
SRC

export GOMODCACHE=$TMP/modcache GOPROXY=file://$TMP/proxy GOFLAGS=-mod=mod GONOSUMDB= GOSUMDB=off
(cd "$TMP/app" && go mod tidy && go build -o "$TMP/app-bin" .) >"$TMP/go.log" 2>&1 ||
	fail "go could not build the fixture: $(cat "$TMP/go.log")"
grep -q 'example.com/Lib v1.0.0 h1:' "$TMP/app/go.sum" || fail "go.sum lacks the zip hash"
[ -f "$GOMODCACHE/cache/download/example.com/!lib/@v/v1.0.0.ziphash" ] ||
	fail "cache path is not case-escaped as expected"
(cd "$TMP/app" && go mod verify) >"$TMP/verify.log" 2>&1 || fail "go mod verify: $(cat "$TMP/verify.log")"

# 1. Clean cache: every hash we compute equals the one Go wrote.
# GOSUMDB=off (from lib.sh) would rightly fail sumdb-disabled: not this test's point.
gtm() { GOSUMDB= "$GT" modules "$@"; }
out=$(gtm --repo "$TMP/app" --no-probe --json) || fail "modules exited $? on a clean cache: $out"
out=$(tr -d ' \t\n' <<<"$out")
for m in example.com/Lib example.com/util; do
	ver=$(awk -v m="$m" '$1 == m && $2 !~ /go.mod/ {print $2}' "$TMP/app/go.sum")
	zsum=$(awk -v m="$m" '$1 == m && $2 !~ /go.mod/ {print $3}' "$TMP/app/go.sum")
	msum=$(awk -v m="$m" '$1 == m && $2 ~ /go.mod/ {print $3}' "$TMP/app/go.sum")
	esc=$(sed 's/L/!l/' <<<"$m")
	zh=$(cat "$GOMODCACHE/cache/download/$esc/@v/$ver.ziphash")
	assert_contains "$out" "\"cache_zip_h1\":\"$zsum\""
	assert_contains "$out" "\"cache_mod_h1\":\"$msum\""
	assert_eq "$zh" "$zsum" "Go's .ziphash vs go.sum for $m"
done
assert_contains "$out" '"cache":"ok"'
text=$(gtm --repo "$TMP/app" --no-probe) || fail "text mode exited $?"
assert_contains "$text" "[pass   ] gosum-mismatch"
assert_contains "$text" "GOMODCACHE   $TMP/modcache   [shell: environment]"

# 2. A go.mod edited in the cache after download.
modf="$GOMODCACHE/cache/download/example.com/util/@v/v1.2.0.mod"
chmod u+w "$modf" "$(dirname "$modf")"
printf '\nrequire evil.example/backdoor v1.0.0\n' >>"$modf"

text=$(gtm --repo "$TMP/app" --no-probe)
rc=$?

assert_eq "$rc" "1" "exit status with a tampered .mod"
assert_contains "$text" "[fail   ] gosum-mismatch"
assert_contains "$text" "$modf hashes to"
# Go agrees: loading the module graph now fails with a checksum mismatch.

(cd "$TMP/app" && GOFLAGS=-mod=readonly go list -m all) >"$TMP/golist.log" 2>&1
grc=$?

[ "$grc" -ne 0 ] || fail "go list -m all accepted the tampered .mod"
grep -q "checksum mismatch" "$TMP/golist.log" || fail "go did not say checksum mismatch: $(cat "$TMP/golist.log")"
(cd "$TMP/app" && go clean -modcache) 2>/dev/null || chmod -R u+w "$GOMODCACHE"

# 3. A .ziphash that no longer matches the zip: go mod verify and we both fail.
(cd "$TMP/app" && go mod download) >/dev/null 2>&1 || fail "re-download failed"
zh="$GOMODCACHE/cache/download/example.com/util/@v/v1.2.0.ziphash"
chmod u+w "$zh" "$(dirname "$zh")"
echo "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" >"$zh"

(cd "$TMP/app" && go mod verify) >"$TMP/verify2.log" 2>&1
grc=$?
text=$(gtm --repo "$TMP/app" --no-probe)
rc=$?

[ "$grc" -ne 0 ] || fail "go mod verify accepted a wrong .ziphash"
assert_eq "$rc" "1" "exit status with a wrong .ziphash"
assert_contains "$text" "$zh says h1:AAAA"
chmod -R u+w "$GOMODCACHE"

# 4. Problems in the files: a malformed go.mod line and a malformed go.sum
# line are printed under "Problems in the files" as FILE:LINE: message, the
# go.mod one in the words Go itself uses (go mod edit parses the same file).
mkdir -p "$TMP/bad"
printf 'module example.com/bad\n\ngo 1.19\n\nrequire example.com/Lib\n' >"$TMP/bad/go.mod"
printf 'example.com/Lib v1.0.0 h1:x=\nexample.com/Lib v1.0.0\n' >"$TMP/bad/go.sum"
goerr=$(cd "$TMP/bad" && go mod edit -json 2>&1 >/dev/null)
goerr=${goerr##*go.mod:}
[ -n "$goerr" ] || fail "go mod edit accepted the malformed go.mod"
text=$(gtm --repo "$TMP/bad" --no-probe)
assert_contains "$text" "Problems in the files"
assert_contains "$text" "  go.mod:$goerr"
grep -qE '^  go\.sum:2: ' <<<"$text" || fail "no go.sum:2 problem line: $text"
text=$(gtm --repo "$TMP/app" --no-probe)
grep -q 'Problems in the files' <<<"$text" && fail "problems printed for a clean module: $text"
echo "modules: hashes match Go's; tampered .mod and .ziphash detected; file problems printed"
