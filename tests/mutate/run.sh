#!/usr/bin/env bash
# make mutate: puts each mutant of tests/mutate/mutants.txt into a scratch
# copy of the tree, one at a time, rebuilds incrementally, runs the tests
# the mutant names and reports it killed (a named test failed), survived
# (every named test passed or skipped) or invalid (the snippet is not found
# exactly once, or the mutant does not build). Prints the score at the end.
#
#   tests/mutate/run.sh [ID...]        all mutants, or only these ids
#
# The scratch copy lives in $GOTRIAGE_MUTATE_DIR (default
# /tmp/gotriage-mutate-$USER) and keeps its build directory between runs, so
# a second run rebuilds only what changed. The working tree is never edited.
# Not part of make check: it rebuilds once per mutant.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LIST=$ROOT/tests/mutate/mutants.txt
WORK=${GOTRIAGE_MUTATE_DIR:-/tmp/gotriage-mutate-${USER:-$(id -un)}}
SRC=$WORK/src
JOBS=${MUTATE_JOBS:-2}
TEST_TIMEOUT=${MUTATE_TIMEOUT:-300}
export GOTRIAGE_GOCACHE=${GOTRIAGE_GOCACHE:-$WORK/gocache}

die() { echo "mutate: $*" >&2; exit 2; }
command -v perl >/dev/null || die "perl is needed (Debian: perl-base)"

# ---- the scratch copy: tracked and new files of the working tree --------
mkdir -p "$SRC" "$WORK/logs"
(cd "$ROOT" && { git ls-files -co --exclude-standard 2>/dev/null || find . -path ./build -prune -o -type f -print; }) |
	grep -v '^build/' >"$WORK/files"
# Copy what differs (by content) with a fresh mtime, so make rebuilds
# exactly the files that changed since the last run.
rm -rf "$WORK/stage" && mkdir -p "$WORK/stage"
(cd "$ROOT" && tar -cf - -T "$WORK/files") | (cd "$WORK/stage" && tar -xf -) || die "cannot copy the tree"
while IFS= read -r f; do
	[ -f "$WORK/stage/$f" ] || continue
	if ! cmp -s "$WORK/stage/$f" "$SRC/$f"; then
		mkdir -p "$(dirname "$SRC/$f")"
		cp "$WORK/stage/$f" "$SRC/$f"
	fi
done <"$WORK/files"
chmod -R u+rwX "$SRC"

# ---- parse the list ------------------------------------------------------
# id ||| file ||| original snippet ||| replacement ||| what breaks ||| tests
ids=() files=() froms=() tos=() whats=() tests=()
while IFS= read -r line; do
	case $line in '' | \#*) continue ;; esac
	IFS=$'\x1f' read -r id file from to what tst <<<"$(perl -e '
		my @f = split(/ \|\|\| /, $ARGV[0], -1);
		die "need 6 fields, got ".scalar(@f)."\n" if @f != 6;
		s/^\s+|\s+$//g for @f[0,1,4,5];
		print join("\x1f", @f);' -- "$line")" || die "bad line: $line"
	if [ $# -gt 0 ]; then
		keep=0
		for want in "$@"; do [ "$want" = "$id" ] && keep=1; done
		[ $keep = 1 ] || continue
	fi
	ids+=("$id") files+=("$file") froms+=("$from") tos+=("$to") whats+=("$what") tests+=("$tst")
done <"$LIST"
[ ${#ids[@]} -gt 0 ] || die "no mutants selected"

B=$SRC/build
# Snippets are one line: \n is a newline, \t a tab, \\ a backslash.
UNESC='sub unesc { my $s = shift; $s =~ s/\\(\\|n|t)/$1 eq "n" ? "\n" : $1 eq "t" ? "\t" : "\\"/ge; $s }
my $from = unesc($ENV{FROM} // ""); my $to = unesc($ENV{TO} // "");'
build() { # unit test names...
	local targets=(gotriage) t
	for t in "$@"; do targets+=("build/tests/$t"); done
	make -C "$SRC" -j"$JOBS" --no-print-directory "${targets[@]}" >"$WORK/logs/build.log" 2>&1
}

run_test() { # kind:name -> exit status of the test
	local kind=${1%%:*} name=${1#*:}
	case $kind in
	unit) (cd "$SRC" && timeout "$TEST_TIMEOUT" "$B/tests/$name") ;;
	it | e2e) (cd "$SRC" && timeout "$TEST_TIMEOUT" bash "tests/$kind/$name.sh") ;;
	*) echo "unknown test kind in $1" >&2; return 2 ;;
	esac
}

unit_names() { # tests... -> unit binary names
	local t
	for t in "$@"; do case $t in unit:*) echo "${t#unit:}" ;; esac; done
}

# ---- baseline: every named test passes on the unmutated copy ------------
all_tests=$(printf '%s\n' "${tests[@]}" | tr ' ' '\n' | grep . | sort -u)
# shellcheck disable=SC2046
build $(unit_names $all_tests) || die "the unmutated tree does not build: $WORK/logs/build.log"
echo "baseline: $(echo "$all_tests" | wc -l) tests"
for t in $all_tests; do
	run_test "$t" >"$WORK/logs/baseline-${t/:/-}.log" 2>&1
	st=$?
	[ $st -eq 0 ] || [ $st -eq 77 ] || die "$t fails without any mutant (log: $WORK/logs/baseline-${t/:/-}.log)"
	[ $st -eq 77 ] && echo "baseline: $t skips here; mutants that only it covers will survive"
done

# ---- one mutant at a time -------------------------------------------------
killed=0 survived=0 invalid=0
survivors=()
for i in "${!ids[@]}"; do
	id=${ids[$i]} f=$SRC/${files[$i]}
	[ -f "$f" ] || { echo "INVALID  $id: no file ${files[$i]}"; invalid=$((invalid + 1)); continue; }
	cp -p "$f" "$WORK/orig"
	n=$(FROM=${froms[$i]} perl -0777 -ne "$UNESC"' $c = () = /\Q$from\E/g; print $c' "$f")
	if [ "$n" != 1 ]; then
		echo "INVALID  $id: snippet found $n times in ${files[$i]}"
		invalid=$((invalid + 1))
		continue
	fi
	FROM=${froms[$i]} TO=${tos[$i]} perl -0777 -i -pe "$UNESC"' s/\Q$from\E/$to/' "$f"
	# shellcheck disable=SC2086
	if ! build $(unit_names ${tests[$i]}); then
		echo "INVALID  $id: does not build (see $WORK/logs/$id.build.log)"
		cp "$WORK/logs/build.log" "$WORK/logs/$id.build.log"
		invalid=$((invalid + 1))
	else
		verdict=survived by=""
		for t in ${tests[$i]}; do
			run_test "$t" >"$WORK/logs/$id.${t/:/-}.log" 2>&1
			st=$?
			if [ $st -ne 0 ] && [ $st -ne 77 ]; then verdict=killed by=$t; break; fi
		done
		if [ $verdict = killed ]; then
			killed=$((killed + 1))
			printf 'KILLED   %-32s by %s\n' "$id" "$by"
		else
			survived=$((survived + 1))
			survivors+=("$id")
			printf 'SURVIVED %-32s %s (%s)\n' "$id" "${whats[$i]}" "${tests[$i]}"
		fi
	fi
	# Restore with a fresh mtime so the next build recompiles the file.
	cp "$WORK/orig" "$f"
	touch "$f"
done
build >/dev/null 2>&1 # leave the scratch build unmutated

total=$((killed + survived))
echo
[ ${#survivors[@]} -gt 0 ] && echo "survivors: ${survivors[*]}"
if [ $total -gt 0 ]; then
	echo "mutation score: $killed/$total killed ($((100 * killed / total))%), $invalid invalid"
else
	echo "mutation score: no valid mutants, $invalid invalid"
fi
[ $invalid -eq 0 ] && [ $survived -eq 0 ]
