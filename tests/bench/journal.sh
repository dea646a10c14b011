#!/usr/bin/env bash
# The cost of recording: journal_event() with one write(2) and fsync(2) per
# event, on the disk under $TMP and on tmpfs (/dev/shm, where fsync costs
# nothing) measured in the same run, so the ratio is the price of
# durability. Prints events/s, bytes and CPU per event, peak RSS, and the
# journal size and time per minute of a modelled active session (the
# console's own scripted measurement belongs to the lead's bench).
source "$(dirname "$0")/../lib.sh"

N=${JOURNAL_BENCH_EVENTS:-2000}
bash "$ROOT/tests/fixtures/recording/build-driver.sh" \
	"$ROOT/tests/fixtures/recording/journaldriver.c" "$TMP/jd" || fail "cannot build journaldriver"

run() { # label dir
	local out tm
	rm -f "$2/gt-bench.jsonl"
	out=$(/usr/bin/time -f '%e %M' -o "$TMP/time" "$TMP/jd" bench "$2/gt-bench.jsonl" "$N") ||
		fail "journaldriver bench failed in $2"
	tm=$(cat "$TMP/time")
	echo "$1 ($2): $out peak_rss_kib=${tm#* }"
	# Average line size per kind, for the per-minute model.
	awk -F'"kind":"' 'NF > 1 { split($2, k, "\""); n[k[1]]++; b[k[1]] += length($0) + 1 }
		END { for (x in n) printf "%s %.0f\n", x, b[x] / n[x] }' "$2/gt-bench.jsonl" >"$TMP/sizes.$1"
	rm -f "$2/gt-bench.jsonl"
	sed -n 's/.*wall_us_per_event=\([0-9.]*\).*/\1/p' <<<"$out" >"$TMP/wall.$1"
}

run disk "$TMP"
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	run tmpfs /dev/shm
	awk -v d="$(cat "$TMP/wall.disk")" -v t="$(cat "$TMP/wall.tmpfs")" \
		'BEGIN { printf "fsync to disk costs %.1fx the time of the same events on tmpfs (%.0f vs %.0f us/event)\n", d / t, d, t }'
fi

# An active session, per minute: a refresh every 2 s fetching 3 endpoints,
# 20 keys, 4 pane switches, 3 verdict changes, 1 note.
awk -v w="$(cat "$TMP/wall.disk")" '
	{ size[$1] = $2 }
	END {
		n["fetch"] = 90; n["key"] = 20; n["pane"] = 4; n["verdict"] = 3; n["note"] = 1
		for (k in n) { ev += n[k]; bytes += n[k] * size[k] }
		printf "modelled active session: %d events/min, %.1f KiB/min (%.1f MiB/hour), %.1f ms/min in journal_event (%.3f%% of wall time)\n",
			ev, bytes / 1024, bytes * 60 / 1024 / 1024, ev * w / 1000, ev * w / 1000 / 600
		printf "bytes per event by kind:"
		for (k in size) printf " %s=%d", k, size[k]
		printf "\n"
	}' "$TMP/sizes.disk"
