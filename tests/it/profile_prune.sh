#!/bin/bash
# profile_prune.sh: drop_frames / keep_frames applied as `go tool pprof`
# applies them. Go's runtime never writes them (legacy and C++ profiles
# do), so tests/fixtures/pprofgen writes a profile carrying both, with
# inlined frames (for the "prune beneath" case); gotriage's -top, -top -cum,
# -traces and -peek must equal Debian's go tool pprof byte for byte, and
# the pruning must have changed the report (the same profile without
# drop_frames reports differently).
source "$(dirname "$0")/../lib.sh"
command -v go >/dev/null || skip "golang-go is not installed"
go tool pprof -h >/dev/null 2>&1 || [ $? -le 2 ] || skip "go tool pprof is missing"
go_build "$ROOT/tests/fixtures/pprofgen" "$TMP/pprofgen"
cd "$TMP" || fail "no tmp"
args=(-samples 3000 -funcs 60 -locs 300 -inline)
./pprofgen -synth drop.pb.gz "${args[@]}" -drop 'main\.f(1|2)[0-9]*|example\.com/svc/store\.f.*' \
	-keep 'main\.f1' || fail "pprofgen"
./pprofgen -synth plain.pb.gz "${args[@]}" || fail "pprofgen"

n=0
same() { # NAME -- gotriage args -- pprof args
	local name=$1; shift 2
	local mine=() theirs=()
	while [ "$1" != "--" ]; do mine+=("$1"); shift; done
	shift
	theirs=("$@")
	"$GT" profile "${mine[@]}" >m.txt 2>m.err || fail "$name: gotriage exited $?: $(cat m.err)"
	go tool pprof "${theirs[@]}" >t.txt 2>/dev/null || fail "$name: pprof failed"
	[ -s t.txt ] || fail "$name: pprof printed nothing"
	diff -u t.txt m.txt >d.txt || fail "$name differs from go tool pprof:
$(head -30 d.txt)"
	n=$((n + 1))
}
same top -- drop.pb.gz -- -top drop.pb.gz
same "top cum" -- drop.pb.gz --cum -- -top -cum drop.pb.gz
same traces -- drop.pb.gz --traces -- -traces drop.pb.gz
same peek -- drop.pb.gz --peek 'api\.f2$' -- -peek 'api\.f2$' drop.pb.gz
same "plain top" -- plain.pb.gz -- -top plain.pb.gz
"$GT" profile plain.pb.gz >plain.txt
"$GT" profile drop.pb.gz >drop.txt
cmp -s plain.txt drop.txt && fail "drop_frames changed nothing: the test profile does not exercise it"
echo "profile_prune: $n reports identical to go tool pprof"
