#!/usr/bin/env bash
# gotriage buildinfo against go version -m, as whole processes, on the
# largest Go binaries at hand (Debian's prometheus and caddy, installed here
# when missing; the Go toolchain's own compile), plus the function table
# loaded and searched (--symbols) against go tool nm | grep where the binary
# still has a symbol table. Prints the median wall time of N runs, ratios
# and peak RSS. A second, lean link of the same code (only libelf, cJSON,
# zlib) shows how much of the time is the dynamic loading of the network and
# UI libraries the full binary links.
source "$(dirname "$0")/../lib.sh"
command -v go >/dev/null || skip "golang-go is not installed (go version -m is the baseline)"
[ -x "$GT" ] || fail "build gotriage first ($GT)"
# A private copy: a concurrent `make` relinking build/gotriage cannot skew it.
cp "$GT" "$TMP/gotriage" && GT=$TMP/gotriage
N=${BUILDINFO_BENCH_RUNS:-31}

# Debian's big Go programs; installed only by this script, only when missing.
need_pkgs=()
for p in prometheus caddy; do [ -x "/usr/bin/$p" ] || need_pkgs+=("$p"); done
if [ ${#need_pkgs[@]} -gt 0 ] && [ "$(id -u)" = 0 ]; then
	echo "installing ${need_pkgs[*]} with apt-get (services are not started by this script)"
	export DEBIAN_FRONTEND=noninteractive
	# Where no policy-rc.d stops services from starting, only unpack the files.
	if [ -x /usr/sbin/policy-rc.d ] && ! /usr/sbin/policy-rc.d >/dev/null 2>&1; then
		apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >"$TMP/apt.log" 2>&1 ||
			{ apt-get update -qq >/dev/null 2>&1 &&
				apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >"$TMP/apt.log" 2>&1; } ||
			echo "apt-get install failed: $(tail -n 2 "$TMP/apt.log")"
	else
		(cd "$TMP" && apt-get download "${need_pkgs[@]}" >"$TMP/apt.log" 2>&1) &&
			for d in "$TMP"/*.deb; do dpkg-deb -x "$d" "$TMP/root"; done ||
			echo "apt-get download failed: $(tail -n 2 "$TMP/apt.log")"
	fi
fi
bins=()
for p in prometheus caddy; do
	if [ -x "/usr/bin/$p" ]; then bins+=("/usr/bin/$p")
	elif [ -x "$TMP/root/usr/bin/$p" ]; then bins+=("$TMP/root/usr/bin/$p")
	else echo "note: $p is not available, not benchmarked"; fi
done
compile=$(go env GOTOOLDIR)/compile
[ -x "$compile" ] && bins+=("$compile")
[ ${#bins[@]} -gt 0 ] || skip "no Go binaries to benchmark"

# The lean link: cmd_buildinfo and what it pulls from libgotriage.a.
LEAN=$TMP/gotriage-lean
cat >"$TMP/lean.c" <<'EOF'
#include <locale.h>
#include "tui/cmd/commands.h"
int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	return cmd_buildinfo(argc, argv);
}
EOF
if ! cc -O2 -I"$ROOT" -o "$LEAN" "$TMP/lean.c" "$ROOT/$BUILD/libgotriage.a" \
	$(pkg-config --libs libelf libcjson) -lz -lm 2>"$TMP/lean.log"; then
	echo "note: no lean link ($(head -n 1 "$TMP/lean.log"))"
	LEAN=
fi

# median_ms CMD...: the median wall time of N runs, in ms (bash's clock, no fork).
median_ms() {
	local i t0 t1
	for ((i = 0; i < N; i++)); do
		t0=$EPOCHREALTIME
		"$@" >/dev/null 2>&1
		t1=$EPOCHREALTIME
		echo "$t0 $t1"
	done | awk '{ print ($2 - $1) * 1000 }' | sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] }'
}
rss_kib() { /usr/bin/time -f '%M' -o "$TMP/rss" "$@" >/dev/null 2>&1; tail -n 1 "$TMP/rss"; }
nm_grep() { go tool nm "$1" 2>/dev/null | grep -E -- "$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'; }

echo "median of $N runs each; times in ms, peak RSS in MiB"
echo "exec alone: gotriage $(median_ms "$GT" buildinfo --help) ms${LEAN:+, lean link $(median_ms "$LEAN" --help) ms}, /bin/true $(median_ms /bin/true) ms"
goal_speed=1 goal_table=1 goal_rss=1
for b in "${bins[@]}"; do
	size_mib=$(awk -v s="$(stat -c %s "$b")" 'BEGIN { printf "%.1f", s / 1048576 }')
	nfunc=$("$GT" buildinfo "$b" --json | jq -r .functions.count)
	diff <("$GT" buildinfo "$b" 2>/dev/null) <(go version -m "$b" 2>/dev/null) >/dev/null ||
		echo "WARNING: output differs from go version -m on $b"
	re='^main\.main$'
	go_ms=$(median_ms go version -m "$b")
	gt_ms=$(median_ms "$GT" buildinfo "$b")
	sym_ms=$(median_ms "$GT" buildinfo "$b" --symbols "$re")
	echo
	echo "== $b ($size_mib MiB, $nfunc functions)"
	printf '  %-44s %8s ms  rss %6.1f\n' "go version -m" "$go_ms" "$(rss_kib go version -m "$b" | awk '{print $1/1024}')"
	printf '  %-44s %8s ms  rss %6.1f  (%s faster)\n' "gotriage buildinfo" "$gt_ms" \
		"$(rss_kib "$GT" buildinfo "$b" | awk '{print $1/1024}')" "$(ratio "$go_ms" "$gt_ms")"
	if [ -n "$LEAN" ]; then
		lean_ms=$(median_ms "$LEAN" "$b")
		printf '  %-44s %8s ms  rss %6.1f  (%s faster)\n' "  lean link of the same code" "$lean_ms" \
			"$(rss_kib "$LEAN" "$b" | awk '{print $1/1024}')" "$(ratio "$go_ms" "$lean_ms")"
	fi
	sym_rss=$(rss_kib "$GT" buildinfo "$b" --symbols "$re" | awk '{print $1/1024}')
	printf '  %-44s %8s ms  rss %6.1f\n' "gotriage buildinfo --symbols '$re'" "$sym_ms" "$sym_rss"
	if [ -n "$LEAN" ]; then
		lsym_ms=$(median_ms "$LEAN" "$b" --symbols "$re")
		printf '  %-44s %8s ms  rss %6.1f\n' "  lean link, --symbols" "$lsym_ms" \
			"$(rss_kib "$LEAN" "$b" --symbols "$re" | awk '{print $1/1024}')"
		lsym2=$(median_ms "$LEAN" "$b" --symbols 'Handler$')
		printf '  %-44s %8s ms\n' "  lean link, --symbols 'Handler\$'" "$lsym2"
	fi
	if [ -n "$(go tool nm "$b" 2>/dev/null | head -n 1)" ]; then
		nm_ms=$(median_ms nm_grep "$b" "$re")
		printf '  %-44s %8s ms  (%s faster)\n' "go tool nm | grep -E" "$nm_ms" "$(ratio "$nm_ms" "$sym_ms")"
	else
		printf '  %-44s %8s\n' "go tool nm | grep -E" "n/a: stripped, go tool nm finds no symbols"
	fi
	awk -v g="$go_ms" -v t="$gt_ms" 'BEGIN { exit !(g / t >= 3) }' || goal_speed=0
	awk -v s="$sym_ms" 'BEGIN { exit !(s < 30) }' || goal_table=0
	# The memory goal is about the big binaries: under half their size.
	awk -v r="$sym_rss" -v s="$size_mib" 'BEGIN { exit !(s < 30 || r < s / 2) }' || goal_rss=0
done
echo
[ $goal_speed = 1 ] && echo "goal >= 3x faster than go version -m: met" ||
	echo "goal >= 3x faster than go version -m: NOT met by the full binary (see exec alone and the lean link)"
[ $goal_table = 1 ] && echo "goal function table loaded and searched < 30 ms (whole process): met" ||
	echo "goal function table loaded and searched < 30 ms (whole process): NOT met"
[ $goal_rss = 1 ] && echo "goal peak RSS well below the binary size (< half): met" ||
	echo "goal peak RSS well below the binary size: NOT met"
