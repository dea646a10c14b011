#!/usr/bin/env bash
# vendor/ out of sync in each way Go rejects: our "go: inconsistent
# vendoring" text must be what `go build -mod=vendor` (Debian's Go 1.19)
# prints, where 1.19 has the same rule as current Go.
source "$(dirname "$0")/../lib.sh"
command -v go >/dev/null || skip "golang-go is not installed"

mkrepo() { # DIR
	rm -rf "$1"
	mkdir -p "$1/dep" "$1/other"
	printf 'module example.com/dep\n\ngo 1.19\n' >"$1/dep/go.mod"
	printf 'package dep\n\nfunc V() int { return 1 }\n' >"$1/dep/dep.go"
	printf 'module example.com/other\n\ngo 1.19\n' >"$1/other/go.mod"
	printf 'package other\n\nfunc W() int { return 2 }\n' >"$1/other/other.go"
	cat >"$1/go.mod" <<'MOD'
module example.com/app

go 1.19

require (
	example.com/dep v1.0.0
	example.com/other v1.0.0
)

replace example.com/dep => ./dep

replace example.com/other v1.0.0 => ./other
MOD
	cat >"$1/main.go" <<'SRC'
package main

import (
	"fmt"

	"example.com/dep"
	"example.com/other"
)

func main() { fmt.Println(dep.V(), other.W()) }
SRC
	(cd "$1" && go mod vendor) >"$TMP/vendor.log" 2>&1 || fail "go mod vendor: $(cat "$TMP/vendor.log")"
}

# Our message (from --json) and Go's, for one broken repo.
ours() { GOFLAGS= GOSUMDB= "$GT" modules --repo "$1" --no-probe --json >"$TMP/ours.json"; }
theirs() { (cd "$1" && GOFLAGS=-mod=vendor go build -o /dev/null . 2>&1); }
our_text() { # prints vendor_error unescaped
	printf '%b\n' "$(sed -n 's/^[[:space:]]*"vendor_error":[[:space:]]*"\(.*\)",$/\1/p' "$TMP/ours.json")"
}

R=$TMP/repo
mkrepo "$R"
ours "$R" || fail "consistent vendor/ should pass: $(cat "$TMP/ours.json")"
grep -q '"build_mod":[[:space:]]*"vendor"' "$TMP/ours.json" || fail "-mod=vendor should be in effect"
grep -q '"vendor_error":[[:space:]]*null' "$TMP/ours.json" || fail "consistent vendor/ reported inconsistent"

check_same() { # name: full message equality with Go 1.19
	local want got
	want=$(theirs "$R")
	ours "$R"
	[ $? -eq 1 ] || fail "$1: expected exit 1"
	got=$(our_text)
	[ "$got" = "$want" ] || fail "$1: messages differ
--- go build -mod=vendor:
$want
--- gotriage:
$got"
	echo "ok: $1"
}
check_line() { # name line: Go 1.19 prints extra lines (older rules); ours must be among them
	local want got
	want=$(theirs "$R")
	ours "$R"
	got=$(our_text)
	grep -qF -- "$2" <<<"$got" || fail "$1: [$2] not in our message: $got"
	grep -qF -- "$2" <<<"$want" || fail "$1: [$2] not in Go's message: $want"
	echo "ok: $1"
}

# 1. A requirement not marked explicit.
sed -i '/^## explicit/d' "$R/vendor/modules.txt"
check_same "not marked explicit"

# 2. Required version changed in go.mod after vendoring.
mkrepo "$R"
sed -i 's/example.com\/dep v1.0.0/example.com\/dep v1.1.0/' "$R/go.mod"
check_same "version bumped in go.mod"

# 3. Explicit in modules.txt, no longer required in go.mod.
mkrepo "$R"
sed -i '/^\texample.com\/other v1.0.0$/d' "$R/go.mod"
check_same "explicit but not required"

# 4. Replacement changed in go.mod.
mkrepo "$R"
sed -i 's#replace example.com/dep => ./dep#replace example.com/dep => ./other#' "$R/go.mod"
check_line "replacement changed" "example.com/dep: is replaced by ./other in go.mod, but marked as replaced by ./dep in vendor/modules.txt"

# 5. Replacement removed from go.mod.
mkrepo "$R"
sed -i '/replace example.com\/other/d' "$R/go.mod"
check_line "replacement removed" "example.com/other@v1.0.0: is marked as replaced in vendor/modules.txt, but not replaced in go.mod"

# 6. A replacement added to go.mod, not recorded in modules.txt.
mkrepo "$R"
printf '\nreplace example.com/unused v1.0.0 => ./dep\n' >>"$R/go.mod"
check_same "replacement not recorded"

# 7. With -mod=mod explicit, vendor/ is ignored: warn, not fail.
sed -i '/^## explicit/d' "$R/vendor/modules.txt"
GOFLAGS=-mod=mod GOSUMDB= "$GT" modules --repo "$R" --no-probe >"$TMP/ours.txt"
rc=$?
assert_eq "$rc" "0" "-mod=mod ignores vendor/"
assert_contains "$(cat "$TMP/ours.txt")" "[warn   ] vendor-inconsistent"

# 8. go 1.13 in go.mod: vendor/ is not used by default.
mkrepo "$R"
sed -i 's/^go 1.19$/go 1.13/' "$R/go.mod"
GOFLAGS= GOSUMDB= "$GT" modules --repo "$R" --no-probe >"$TMP/ours.txt"
assert_contains "$(cat "$TMP/ours.txt")" "build mode: -mod=readonly (Go version in go.mod is below 1.14"
echo "vendor: every inconsistency reported as go does"
