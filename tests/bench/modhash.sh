#!/usr/bin/env bash
# Bench: verify the h1: hashes of a module cache of at least 200 modules,
# built from Debian's Go library sources under /usr/share/gocode, with
# `gotriage modules` and with `go mod verify` on the same cache, same run.
# Goal: at least 3x faster. Prints wall time, the ratio and peak RSS.
source "$(dirname "$0")/../lib.sh"
command -v go >/dev/null || skip "golang-go is not installed"
WANT=${MODHASH_MODULES:-250}
SRC=/usr/share/gocode/src

count_roots() { find "$SRC" -mindepth 3 -maxdepth 3 -type d 2>/dev/null | wc -l; }
if [ "$(count_roots)" -lt "$WANT" ] && [ "$(id -u)" = 0 ]; then
	echo "installing Debian Go library packages for the module cache..."
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		golang-github-containers-image-dev golang-github-prometheus-client-golang-dev \
		golang-github-spf13-cobra-dev golang-golang-x-tools-dev golang-github-google-go-github-dev >"$TMP/apt.log" 2>&1 ||
		skip "could not install golang-*-dev packages: $(tail -n 2 "$TMP/apt.log")"
fi
[ "$(count_roots)" -ge "$WANT" ] || skip "fewer than $WANT module roots under $SRC"

go_build "$ROOT/tests/fixtures/mkproxy" "$TMP/mkproxy"
# Module roots: host/owner/repo directories (github.com/x/y, golang.org/x/y, ...).
args=()
n=0
while read -r d; do
	p=${d#"$SRC"/}
	case $p in *[A-Z]* | *[!A-Za-z0-9/._~-]*) continue ;; esac
	[ -n "$(find "$d" -maxdepth 1 -name '*.go' -print -quit)" ] || continue
	args+=("$p" v0.0.1 "$d")
	n=$((n + 1))
	[ "$n" -ge "$WANT" ] && break
done < <(find "$SRC" -mindepth 3 -maxdepth 3 -type d | LC_ALL=C sort)
[ "$n" -ge 200 ] || skip "only $n usable module roots"
MKPROXY_BARE=1 "$TMP/mkproxy" "$TMP/proxy" "${args[@]}" || fail "mkproxy failed"

mkdir -p "$TMP/app"
{
	printf 'module bench.example/app\n\ngo 1.19\n\nrequire (\n'
	for ((i = 0; i < ${#args[@]}; i += 3)); do printf '\t%s v0.0.1\n' "${args[i]}"; done
	printf ')\n'
} >"$TMP/app/go.mod"
export GOMODCACHE=$TMP/cache GOPROXY=file://$TMP/proxy GOFLAGS=-mod=mod GOSUMDB=off
(cd "$TMP/app" && go mod download -json) >"$TMP/dl.json" 2>"$TMP/dl.err" ||
	fail "go mod download: $(tail -n 5 "$TMP/dl.err")"
# go.sum from what Go computed while downloading.
awk -F'"' '/"Path":/ {p=$4} /"Version":/ {v=$4} /"Sum":/ {print p, v, $4} /"GoModSum":/ {print p, v"/go.mod", $4}' \
	"$TMP/dl.json" | LC_ALL=C sort >"$TMP/app/go.sum"
mods=$(grep -c '/go.mod ' "$TMP/app/go.sum")
bytes=$(du -sb "$GOMODCACHE/cache/download" | cut -f1)
echo "cache: $mods modules, $((bytes / 1024 / 1024)) MiB in cache/download"

best() { # command... -> "seconds maxrss_kb" of the fastest of 3 runs
	local b="" r
	for _ in 1 2 3; do
		r=$(/usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -n 1)
		if [ -z "$b" ] || awk -v a="${r% *}" -v b="${b% *}" 'BEGIN{exit !(a < b)}'; then b=$r; fi
	done
	echo "$b"
}
cd "$TMP/app"
go mod verify >"$TMP/verify.out" 2>&1 || fail "go mod verify failed: $(tail -n 3 "$TMP/verify.out")"
GOSUMDB= "$GT" modules --repo . --no-probe >"$TMP/gt.out" || fail "gotriage modules failed: $(grep -E 'fail|MISMATCH' "$TMP/gt.out" | head)"
grep -q "\[pass   \] gosum-mismatch" "$TMP/gt.out" || fail "gosum-mismatch did not pass"
g=$(best go mod verify)
t=$(best env GOSUMDB= "$GT" modules --repo . --no-probe)
ratio=$(awk -v g="${g% *}" -v t="${t% *}" 'BEGIN{ if (t <= 0) t = 0.001; printf "%.1f", g / t }')
printf 'go mod verify:      %6.2fs  peak RSS %6d KiB\n' "${g% *}" "${g#* }"
printf 'gotriage modules:   %6.2fs  peak RSS %6d KiB\n' "${t% *}" "${t#* }"
echo "ratio: ${ratio}x (goal 3x) over $mods modules"
