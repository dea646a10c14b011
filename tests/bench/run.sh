#!/usr/bin/env bash
# make bench: every benchmark, in one run, each printing its own ratios
# against the tool a user would reach for instead, and peak memory.
cd "$(dirname "$0")/../.."
status=0
for b in tests/bench/*.sh; do
	[ "$(basename "$b")" = run.sh ] && continue
	echo "=== $(basename "$b" .sh)"
	bash "$b"
	rc=$?
	case $rc in 0) ;; 77) echo "(skipped)" ;; *) echo "(failed: exit $rc)"; status=1 ;; esac
	echo
done
exit $status
