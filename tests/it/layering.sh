#!/usr/bin/env bash
# make layering: the real tree passes, and a copy with one include planted
# against the direction fails, naming the file and the header, for each step
# of the direction (collector -> aggregator, collector -> checks, checks ->
# panes, panes -> tui, record -> frame) and for curses below panes/.
source "$(dirname "$0")/../lib.sh"
CHECK=$ROOT/tests/layering/check.sh
bash "$CHECK" "$ROOT" >"$TMP/out" 2>&1 || fail "the tree itself fails layering: $(cat "$TMP/out")"

plant() { # file include-line expected-substring
	rm -rf "$TMP/tree" && mkdir "$TMP/tree"
	cp -r "$ROOT"/collectors "$ROOT"/checks "$ROOT"/panes "$ROOT"/tui "$TMP/tree/"
	printf '%s\n' "$2" >>"$TMP/tree/$1"
	if bash "$CHECK" "$TMP/tree" >"$TMP/out" 2>&1; then
		fail "planted '$2' in $1 passed layering"
	fi
	assert_contains "$(cat "$TMP/out")" "$3" "the offence is named"
}
plant collectors/elf/pclntab.c '#include "collectors/facts.h"' "collectors/elf/pclntab.c"
plant collectors/base/common.c '#include "collectors/proc/procfs.h"' "collectors/proc/procfs.h"
plant collectors/gomod/gosum.c '#include "checks/verdict.h"' "checks/verdict.h"
plant checks/verdict.c '#include "panes/pane.h"' "panes/pane.h"
plant panes/listview.c '#include "tui/frame/frame.h"' "tui/frame/frame.h"
plant tui/record/journal.c '#include "tui/frame/screen.h"' "tui/frame/screen.h"
plant checks/verdict.c '#include <ncurses.h>' "terminal library"
# and the allowed directions stay allowed
rm -rf "$TMP/tree" && mkdir "$TMP/tree"
cp -r "$ROOT"/collectors "$ROOT"/checks "$ROOT"/panes "$ROOT"/tui "$TMP/tree/"
echo '#include "collectors/base/common.h"' >>"$TMP/tree/tui/cmd/main.c"
echo '#include "collectors/facts.h"' >>"$TMP/tree/checks/verdict.c"
bash "$CHECK" "$TMP/tree" >"$TMP/out" 2>&1 || fail "a downward include was refused: $(cat "$TMP/out")"
echo "layering: 7 planted offences refused, downward includes allowed"
