#!/usr/bin/env bash
# The source of the running build (issue 15), two figures:
# 1. Scanning a revision from git objects (libgit2, no checkout) against the
#    same tree on disk: a repository built here from Debian's Go sources
#    (net, crypto, encoding, go; several commits, then packed by git gc).
#    Goal: git objects within 1.5x of the working tree.
# 2. `gotriage changes` over 1,000 commits the running build lacks, each
#    adding or editing a route in a Go file, every commit's registration
#    changes computed. Goal: under 1 s. Baseline: `git log --oneline REV..HEAD`
#    plus `git diff --stat REV HEAD` (what an engineer would type; it says
#    nothing of registrations).
# Median wall times of N runs, pinned to one core, and peak RSS.
source "$(dirname "$0")/../lib.sh"
[ -x "$GT" ] || fail "build gotriage first ($GT)"
command -v git >/dev/null || skip "git is not installed"
SRC=/usr/lib/go/src
[ -d "$SRC/net" ] || skip "no Go source tree at $SRC (install golang-go)"
N=${CHANGES_BENCH_RUNS:-5}
PIN=()
command -v taskset >/dev/null && PIN=(taskset -c 0)
export GIT_CONFIG_NOSYSTEM=1 HOME=$TMP GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@b \
	GIT_COMMITTER_NAME=b GIT_COMMITTER_EMAIL=b@b \
	GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
time_runs() {
	local t0 t1
	"$@" >/dev/null 2>&1
	for _ in $(seq 1 "$N"); do
		t0=$(date +%s.%N)
		"$@" >/dev/null 2>&1
		t1=$(date +%s.%N)
		awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", b - a }'
	done | median
}
peak_rss() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1; }
# CPU seconds (user + sys) of one run, median of N: robust when the machine
# is shared and wall times wander.
cpu_runs() {
	local TIMEFORMAT='%3U %3S' # bash's time: getrusage, to the millisecond
	for _ in $(seq 1 "$N"); do
		{ time "$@" >/dev/null 2>&1; } 2>&1 | awk '{ printf "%.3f\n", $1 + $2 }'
	done | median
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# ---- 1. a revision from git objects vs the same tree on disk ----
R=$TMP/big
mkdir -p "$R"
git init -q -b main "$R"
printf 'module std\n\ngo 1.19\n' >"$R/go.mod"
for d in net crypto encoding go; do
	cp -r "$SRC/$d" "$R/$d"
	git -C "$R" add -A && git -C "$R" commit -qm "add $d"
done
git -C "$R" gc -q
REV=$(git -C "$R" rev-parse HEAD)
files=$("$GT" scan --repo "$R" --json | jq '.files_scanned')
t_disk=$(time_runs "${PIN[@]}" "$GT" scan --repo "$R")
t_git=$(time_runs "${PIN[@]}" "$GT" scan --repo "$R" --rev "$REV")
rss_disk=$(peak_rss "$GT" scan --repo "$R")
rss_git=$(peak_rss "$GT" scan --repo "$R" --rev "$REV")
echo "scan of $files Go files (net crypto encoding go; 4 commits, packed):"
echo "  working tree on disk   ${t_disk} s  peak RSS ${rss_disk} KiB"
echo "  commit from git objects ${t_git} s  peak RSS ${rss_git} KiB"
echo "  ratio git/disk: $(ratio "$t_git" "$t_disk")x (goal <= 1.5x)"
c_disk=$(cpu_runs "$GT" scan --repo "$R")
c_git=$(cpu_runs "$GT" scan --repo "$R" --rev "$REV")
echo "  CPU (user+sys): disk ${c_disk} s, git ${c_git} s, ratio $(ratio "$c_git" "$c_disk")x"

# ---- 2. what the build lacks over 1,000 commits ----
C=$TMP/hist
mkdir -p "$C"
git init -q -b main "$C"
printf 'module example.com/svc\n\ngo 1.19\n' >"$C/go.mod"
for i in $(seq 0 19); do
	mkdir -p "$C/api$i"
	printf 'package api%d\n\nimport "net/http"\n\nfunc Routes(mux *http.ServeMux) {\n}\n' "$i" >"$C/api$i/routes.go"
done
git -C "$C" add -A && git -C "$C" commit -qm base
BASE=$(git -C "$C" rev-parse HEAD)
# 1,000 commits through fast-import: each adds one route to one package.
{
	mark=1
	for i in $(seq 1 1000); do
		p=$((i % 20))
		body=$(printf 'package api%d\n\nimport "net/http"\n\nfunc Routes(mux *http.ServeMux) {\n' "$p"
			for k in $(seq "$p" 20 "$i"); do
				printf '\tmux.HandleFunc("/api/v1/r%d", nil)\n' "$k"
			done
			printf '}\n')
		echo "commit refs/heads/main"
		echo "committer b <b@b> $((1767225600 + i * 60)) +0000"
		echo "data <<EOM"
		echo "add route $i"
		echo "EOM"
		[ "$i" = 1 ] && echo "from $BASE"
		echo "M 100644 inline api$p/routes.go"
		echo "data <<EOM"
		echo "$body"
		echo "EOM"
		mark=$((mark + 1))
	done
} | git -C "$C" fast-import --quiet
git -C "$C" reset -q --hard main
n=$(git -C "$C" rev-list --count "$BASE..HEAD")
[ "$n" = 1000 ] || fail "expected 1000 commits, made $n"
js=$("$GT" changes --repo "$C" --rev "$BASE" --json) || fail "changes failed"
regs=$(jq '[.commits[].registrations | length] | add' <<<"$js")
[ "$regs" -ge 1000 ] || fail "expected a registration change per commit, got $regs"
t_changes=$(time_runs "${PIN[@]}" "$GT" changes --repo "$C" --rev "$BASE" --json)
t_gitlog=$(time_runs "${PIN[@]}" bash -c "git -C '$C' log --oneline $BASE..HEAD && git -C '$C' diff --stat $BASE HEAD")
t_gitlogstat=$(time_runs "${PIN[@]}" git -C "$C" log --stat --oneline "$BASE..HEAD")
rss_changes=$(peak_rss "$GT" changes --repo "$C" --rev "$BASE" --json)
echo "what the build lacks: $n commits, $regs registration changes:"
echo "  gotriage changes --json             ${t_changes} s  peak RSS ${rss_changes} KiB (goal < 1 s)"
echo "  git log --oneline + git diff --stat ${t_gitlog} s  ($(ratio "$t_changes" "$t_gitlog")x)"
echo "  git log --stat (files per commit)   ${t_gitlogstat} s  ($(ratio "$t_changes" "$t_gitlogstat")x)"
awk -v a="$t_changes" 'BEGIN { exit !(a < 1.0) }' || echo "  NOTE: over the 1 s goal"
