#!/bin/bash
# profile.sh: `gotriage profile` against Debian's `go tool pprof` on the same
# files, fetched from a real Go service (tests/fixtures/profiles): CPU, heap,
# block, mutex, goroutine, with -top/-cum/-nodecount, -peek, -list, -traces,
# -diff_base, -sample_index, -focus and -tagfocus. The outputs must be equal
# byte for byte (pprof's rounding and layout included). Also: a live CPU
# fetch, the one-CPU-profile-per-process error, and bad files exiting 2.
source "$(dirname "$0")/../lib.sh"
command -v go >/dev/null || skip "golang-go is not installed"
go tool pprof -h >/dev/null 2>&1 || [ $? -le 2 ] || skip "go tool pprof is missing"

start_profiles_fixture
cd "$TMP" || fail "no tmp"

# Load for the CPU profile: the /burn handler, bounded (6 x 400 ms).
(for _ in 1 2 3 4 5 6; do curl -s "$URL/burn?ms=400" >/dev/null; done) &
curl -sf -o cpu.pb.gz "$URL/debug/pprof/profile?seconds=3" || fail "cpu fetch"
for k in heap block mutex goroutine; do
	curl -sf -o $k.pb.gz "$URL/debug/pprof/$k" || fail "$k fetch"
done
sleep 1
curl -sf -o heap2.pb.gz "$URL/debug/pprof/heap" || fail "heap2 fetch"

n=0
same() { # same NAME -- gotriage args -- pprof args
	local name=$1; shift 2
	local mine=() theirs=()
	while [ "$1" != "--" ]; do mine+=("$1"); shift; done
	shift
	theirs=("$@")
	"$GT" profile "${mine[@]}" >"$TMP/m.txt" 2>"$TMP/m.err" || fail "$name: gotriage exited $?: $(cat "$TMP/m.err")"
	go tool pprof "${theirs[@]}" >"$TMP/t.txt" 2>/dev/null || fail "$name: pprof failed"
	[ -s "$TMP/t.txt" ] || fail "$name: pprof printed nothing"
	diff -u "$TMP/t.txt" "$TMP/m.txt" >"$TMP/d.txt" || fail "$name differs from go tool pprof:
$(head -30 "$TMP/d.txt")"
	n=$((n + 1))
}

for k in cpu heap block mutex goroutine; do
	same "$k top" -- $k.pb.gz -- -top $k.pb.gz
	same "$k top cum" -- $k.pb.gz --cum -- -top -cum $k.pb.gz
	same "$k top 5" -- $k.pb.gz --top 5 -- -top -nodecount=5 $k.pb.gz
	same "$k top cum 3" -- $k.pb.gz --cum --top 3 -- -top -cum -nodecount=3 $k.pb.gz
	same "$k traces" -- $k.pb.gz --traces -- -traces $k.pb.gz
done
for s in alloc_space alloc_objects inuse_objects; do
	same "heap $s" -- heap.pb.gz --sample $s -- -top -sample_index=$s heap.pb.gz
done
same "block contentions" -- block.pb.gz --sample contentions -- -top -sample_index=contentions block.pb.gz
same "cpu peek" -- cpu.pb.gz --peek 'main\.' -- -peek 'main\.' cpu.pb.gz
same "heap peek" -- heap.pb.gz --peek allocLoop -- -peek allocLoop heap.pb.gz
same "mutex peek" -- mutex.pb.gz --peek contend -- -peek contend mutex.pb.gz
same "cpu list" -- cpu.pb.gz --list 'main\.hashFor' -- -list 'main\.hashFor' cpu.pb.gz
same "heap list" -- heap.pb.gz --list 'main\.' -- -list 'main\.' heap.pb.gz
same "heap diff" -- heap2.pb.gz --diff heap.pb.gz -- -top -diff_base heap.pb.gz heap2.pb.gz
same "heap diff alloc 5" -- heap2.pb.gz --diff heap.pb.gz --sample alloc_space --top 5 -- \
	-top -sample_index=alloc_space -nodecount=5 -diff_base heap.pb.gz heap2.pb.gz
same "cpu focus" -- cpu.pb.gz --focus burn -- -top -focus burn cpu.pb.gz
same "cpu tagfocus" -- cpu.pb.gz --tagfocus worker=a -- -top -tagfocus worker=a cpu.pb.gz
same "cpu tagignore" -- cpu.pb.gz --tagignore worker=a --top 8 -- -top -tagignore worker=a -nodecount=8 cpu.pb.gz
# The labels pprof.Do set are there to filter on: worker=b must have samples.
grep -q 'main.labelled' <("$GT" profile cpu.pb.gz --tagfocus worker=b) || fail "no worker=b samples"

# Live: heap straight from the endpoint, and a 1 s CPU profile.
"$GT" profile "$URL" --kind heap --json >live.json || fail "live heap fetch"
[ "$(jq -r .sample_type live.json)" = inuse_space ] || fail "live heap: $(head -c 300 live.json)"
"$GT" profile "$URL" --kind cpu --seconds 1 >live-cpu.txt || fail "live cpu fetch"
grep -q '^Type: cpu$' live-cpu.txt || fail "live cpu: $(head -5 live-cpu.txt)"

# A CPU profile already running: the runtime allows one per process.
curl -s -o /dev/null "$URL/debug/pprof/profile?seconds=3" &
first=$!
sleep 0.5
out=$("$GT" profile "$URL" --kind cpu --seconds 1 2>&1)
rc=$?
[ $rc -eq 2 ] || fail "second CPU profile: exit $rc, want 2 ($out)"
assert_contains "$out" "only one CPU profile may run per process"
wait "$first"

# Bad input: exit 2 with one line.
head -c 100 cpu.pb.gz >trunc.pb.gz
out=$("$GT" profile trunc.pb.gz 2>&1); rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <<<"$out")" -eq 1 ] || fail "truncated: exit $rc: $out"
assert_contains "$out" "truncated"
out=$("$GT" profile "$TMP/nope.pb.gz" 2>&1); rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <<<"$out")" -eq 1 ] || fail "missing file: exit $rc: $out"
out=$("$GT" profile http://127.0.0.1:1/ --kind heap 2>&1); rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <<<"$out")" -eq 1 ] || fail "dead URL: exit $rc: $out"
# --kind names a profile net/http/pprof serves, or nothing is fetched: a
# path (../x) or an unknown name is refused before any request.
for k in ../x "heap?gc=1" bogus; do
	out=$("$GT" profile "$URL" --kind "$k" 2>&1); rc=$?
	[ $rc -eq 2 ] && [ "$(wc -l <<<"$out")" -eq 1 ] || fail "--kind $k: exit $rc: $out"
	assert_contains "$out" "unknown --kind"
done
out=$("$GT" profile "$URL" --kind threadcreate 2>&1) || fail "--kind threadcreate: $out"
echo "profile: $n reports identical to go tool pprof"
