#!/usr/bin/env bash
# gotriage buildinfo against go version -m on the hello fixture built every
# way that changes the layout natively (default, -trimpath, -s -w, PIE,
# plugin, cgo on/off, tags, quoted -ldflags, with and without VCS): the text
# must be identical, the function table must hold the fixture's functions
# at the addresses go tool nm reports, and bad input gets one line, exit 2.
source "$(dirname "$0")/../lib.sh"
command -v go >/dev/null || skip "golang-go is not installed"
command -v git >/dev/null || skip "git is not installed"

SRC=$TMP/hello
cp -r "$ROOT/tests/fixtures/hello" "$SRC"
# A throwaway repository, so builds can carry VCS stamps.
(cd "$SRC" && git init -q && git config user.name gotriage-test &&
	git config user.email test@gotriage.invalid && git add -A &&
	git commit -q -m fixture) || fail "git setup failed"

build() { # name go-build-args...
	local name=$1; shift
	(cd "$SRC" && go build -o "$TMP/$name" "$@" .) >"$TMP/$name.log" 2>&1 ||
		fail "go build $* failed: $(cat "$TMP/$name.log")"
}

# The output of both tools must be byte for byte the same.
same_as_go() { # binary
	local want got
	want=$(go version -m "$1" 2>&1) || fail "go version -m $1 failed: $want"
	got=$("$GT" buildinfo "$1" 2>"$TMP/stderr") || fail "gotriage buildinfo $1: exit $?: $(cat "$TMP/stderr")"
	if [ "$got" != "$want" ]; then
		diff <(echo "$want") <(echo "$got") | head -20
		fail "$1: output differs from go version -m"
	fi
	[ -s "$TMP/stderr" ] && fail "$1: unexpected stderr: $(cat "$TMP/stderr")"
	return 0
}

# The function table holds a name; with go tool nm, at the same address.
has_func() { # binary name
	local json entry nm
	json=$("$GT" buildinfo "$1" --json --symbols "^$(sed 's/[.()*]/\\&/g' <<<"$2")\$") ||
		fail "$1: $2 not in the function table"
	entry=$(jq -r '.symbols[0].entry' <<<"$json")
	[ "$(jq -r '.symbols[0].name' <<<"$json")" = "$2" ] || fail "$1: wrong match for $2"
	nm=$(go tool nm "$1" 2>/dev/null | awk -v n="$2" '$3 == n && ($2 == "T" || $2 == "t") && !f {print $1; f = 1}')
	if [ -n "$nm" ] && [ "$((16#$nm))" != "$((entry))" ]; then
		fail "$1: $2 at $entry, go tool nm says 0x$nm"
	fi
}
lacks_func() { # binary name
	"$GT" buildinfo "$1" --symbols "^$2\$" >/dev/null 2>&1
	[ $? -eq 1 ] || fail "$1: $2 should not be in the function table"
}

build default
build trimpath -trimpath
build stripped -ldflags='-s -w'
build pie -buildmode=pie
build novcs -buildvcs=false
(cd "$SRC" && CGO_ENABLED=0 go build -o "$TMP/nocgo" .) >/dev/null 2>&1 || fail "CGO_ENABLED=0 build"
(cd "$SRC" && CGO_ENABLED=1 go build -o "$TMP/cgo" .) >/dev/null 2>&1 || fail "CGO_ENABLED=1 build"
build tags -tags 'triage,extra'
build quoted -ldflags='-X "main.note=hello world" -X main.q=`x`'
build plugin.so -buildmode=plugin
chmod +x "$TMP/plugin.so" # go version -m only reads executable files

for b in default trimpath stripped pie novcs nocgo cgo tags quoted; do
	same_as_go "$TMP/$b"
	has_func "$TMP/$b" main.main
	has_func "$TMP/$b" main.triageMarkerFunction
	has_func "$TMP/$b" example.com/hello/greet.Hello
	echo "ok: $b"
done

# What each way of building put in or left out.
out=$("$GT" buildinfo "$TMP/default")
assert_contains "$out" "build	vcs.revision=$(cd "$SRC" && git rev-parse HEAD)" "vcs stamp"
assert_contains "$out" "build	vcs.modified=false" "clean tree"
assert_contains "$("$GT" buildinfo "$TMP/quoted")" 'build	-ldflags="-X \"main.note=hello world\" -X main.q=`x`"' "quoting"
"$GT" buildinfo "$TMP/novcs" | grep -q 'build	vcs' && fail "-buildvcs=false still has vcs lines"
has_func "$TMP/tags" example.com/hello/greet.TaggedOnly
lacks_func "$TMP/default" 'example.com/hello/greet\.TaggedOnly'
has_func "$TMP/cgo" example.com/hello/greet.CgoOnly
lacks_func "$TMP/nocgo" 'example.com/hello/greet\.CgoOnly'
[ "$(jq -r .functions.found_in <<<"$("$GT" buildinfo "$TMP/pie" --json)")" != ".gopclntab" ] ||
	fail "pie: expected the pclntab by scan (the system linker merges the section)"
[ "$(jq -r .functions.text_source <<<"$("$GT" buildinfo "$TMP/stripped" --json)")" = "pclntab header" ] ||
	fail "stripped: text start should come from the pclntab header"

# Package initialisers in link order: greet's before main's, main's last.
inits=$("$GT" buildinfo "$TMP/default" --inits)
assert_eq "$(tail -n 1 <<<"$inits")" "main.init.0" "last init"
assert_contains "$inits" "runtime.init" "runtime init"
[ "$(grep -n 'greet.init.0' <<<"$inits" | cut -d: -f1)" -lt "$(grep -n '^main.init.0' <<<"$inits" | cut -d: -f1)" ] ||
	fail "greet's init should come before main's"

# A dirty tree is stamped as such, identically.
echo "// edit" >>"$SRC/main.go"
build dirty
same_as_go "$TMP/dirty"
assert_contains "$("$GT" buildinfo "$TMP/dirty")" "vcs.modified=true" "dirty tree"
echo "ok: vcs"

# The plugin has no build info blob: go version -m prints nothing on
# stdout; we print nothing either, one line on stderr, exit 2, and still
# read its function table.
[ -z "$(go version -m "$TMP/plugin.so" 2>/dev/null)" ] || fail "go version -m read the plugin?"
out=$("$GT" buildinfo "$TMP/plugin.so" 2>"$TMP/err")
rc=$?
[ "$rc" -eq 2 ] && [ -z "$out" ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "plugin: rc=$rc out=$out err=$(cat "$TMP/err")"
assert_contains "$(cat "$TMP/err")" "function table" "plugin message"
"$GT" buildinfo "$TMP/plugin.so" --symbols 'triageMarkerFunction$' 2>/dev/null | grep -q 'example.com/hello.triageMarkerFunction' ||
	fail "plugin function table"
echo "ok: plugin"

# Bad input: one line naming the file and what was missing, exit 2.
printf 'not a binary\n' >"$TMP/text"
: >"$TMP/empty"
head -c 3000 "$TMP/default" >"$TMP/truncated"
bad() { # what file expected
	local out rc
	out=$("$GT" buildinfo "$2" 2>"$TMP/err")
	rc=$?
	[ "$rc" -eq 2 ] || fail "$1: exit $rc, want 2"
	[ -z "$out" ] || fail "$1: wrote to stdout: $out"
	[ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "$1: want one stderr line: $(cat "$TMP/err")"
	assert_contains "$(cat "$TMP/err")" "$2" "$1 names the file"
	assert_contains "$(cat "$TMP/err")" "$3" "$1"
	echo "ok: $1 -> $(cat "$TMP/err")"
}
bad "text file" "$TMP/text" "not an ELF file"
bad "empty file" "$TMP/empty" "empty file"
bad "truncated" "$TMP/truncated" "truncated"
bad "directory" "$TMP" "not a regular file"
bad "missing" "$TMP/absent" "No such file"
bad "non-Go ELF" /bin/true "not a Go executable"
out=$("$GT" buildinfo "$TMP/default" --symbols '(' 2>&1)
[ $? -eq 2 ] || fail "bad regex should exit 2"
assert_contains "$out" "bad regular expression" "bad regex"
"$GT" buildinfo 2>/dev/null
[ $? -eq 2 ] || fail "no argument should exit 2"
jq -e '.buildinfo.settings | length > 3' <<<"$("$GT" buildinfo "$TMP/default" --json)" >/dev/null ||
	fail "--json"
# devel-build: (devel) without a stamped version warns; -X stamps one.
devel() { jq -r '.checks[] | select(.id == "devel-build") | .verdict' <<<"$("$GT" buildinfo "$1" --json)"; }
assert_eq "$(devel "$TMP/default")" warn "devel-build on a plain build"
assert_eq "$(devel "$TMP/quoted")" pass "devel-build with -ldflags -X"
echo "all buildinfo checks passed"
