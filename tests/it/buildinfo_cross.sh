#!/usr/bin/env bash
# Cross-built fixtures, so both byte orders and pointer sizes are read from
# real Go output: 386 (32-bit LE), arm64 (64-bit LE), s390x (64-bit BE) and
# mips (32-bit BE). gotriage buildinfo must equal go version -m, and the
# function table must hold the fixture's functions where go tool nm puts them.
source "$(dirname "$0")/../lib.sh"
command -v go >/dev/null || skip "golang-go is not installed"

SRC=$TMP/hello
cp -r "$ROOT/tests/fixtures/hello" "$SRC"
for arch in 386 arm64 s390x mips; do
	bin=$TMP/hello-$arch
	(cd "$SRC" && CGO_ENABLED=0 GOARCH=$arch go build -o "$bin" .) >"$TMP/build.log" 2>&1 ||
		fail "GOARCH=$arch build failed: $(cat "$TMP/build.log")"
	want=$(go version -m "$bin") || fail "go version -m $bin"
	got=$("$GT" buildinfo "$bin") || fail "gotriage buildinfo $bin: exit $?"
	[ "$got" = "$want" ] || { diff <(echo "$want") <(echo "$got"); fail "$arch: output differs"; }
	assert_contains "$got" "build	GOARCH=$arch" "$arch settings"
	json=$("$GT" buildinfo "$bin" --json --symbols '^(main\.main|main\.triageMarkerFunction|example\.com/hello/greet\.Hello)$') ||
		fail "$arch: symbols"
	assert_eq "$(jq -r '.symbols | length' <<<"$json")" 3 "$arch: known functions"
	for name in main.main main.triageMarkerFunction example.com/hello/greet.Hello; do
		entry=$(jq -r --arg n "$name" '.symbols[] | select(.name == $n) | .entry' <<<"$json")
		nm=$(go tool nm "$bin" | awk -v n="$name" '$3 == n && !f {print $1; f = 1}')
		[ "$((entry))" = "$((16#$nm))" ] || fail "$arch: $name at $entry, go tool nm says 0x$nm"
	done
	big=$(jq -r .buildinfo.big_endian <<<"$json")
	ptr=$(jq -r .buildinfo.ptr_size <<<"$json")
	case $arch in
	386) want_shape="false 4" ;; arm64) want_shape="false 8" ;;
	s390x) want_shape="true 8" ;; mips) want_shape="true 4" ;;
	esac
	assert_eq "$big $ptr" "$want_shape" "$arch byte order and pointer size"
	[ "$(jq -r .buildinfo.build_id <<<"$json")" = "$(go tool buildid "$bin")" ] || fail "$arch: build ID"
	echo "ok: $arch ($want_shape)"
done
