#!/usr/bin/env bash
# The direction of includes, checked from the include lines themselves.
#   tests/layering/check.sh [DIR]   (default: the repository root)
# Every include that crosses a folder names the folder ("collectors/elf/pclntab.h");
# a bare include can only be of the including file's own folder, since the build
# passes no -I but the root. So the rank of each side is read off the paths:
#
#   collectors/base  0  what every layer uses; includes nothing of ours outside itself
#   collectors/X/    1  one source of facts each; may use base and each other
#   collectors/      2  the facts aggregator (facts*.c); no folder below may use it
#   checks/          3  pure judging
#   panes/           4  the screens
#   tui/record/      5  journal, cast, report (may use checks and collectors)
#   tui/frame/       6  the loop, keys, prompt (may use panes and record)
#   tui/cmd/         7  main and the subcommands (may use everything)
#
# An include from rank r to rank s > r fails, and so does any curses or
# readline include below panes/. Exit 1 with one line per offence.
set -u
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root" || exit 2

rank() { # path of a file or of an included header -> rank
	case $1 in
	collectors/base/*) echo 0 ;;
	collectors/*/*) echo 1 ;;
	collectors/*) echo 2 ;;
	checks/*) echo 3 ;;
	panes/*) echo 4 ;;
	tui/record/*) echo 5 ;;
	tui/frame/*) echo 6 ;;
	tui/cmd/*) echo 7 ;;
	*) echo 9 ;;
	esac
}

bad=0
while IFS= read -r hit; do
	file=${hit%%:*}
	rest=${hit#*:}
	line=${rest%%:*}
	inc=${rest#*:}
	inc=${inc#*\"}
	inc=${inc%%\"*}
	from=$(rank "$file")
	case $inc in
	*/*) to=$(rank "$inc") ;;
	*) continue ;; # same folder (the build has no other -I to find it by)
	esac
	if [ "$to" -gt "$from" ]; then
		echo "layering: $file:$line includes $inc, which sits above it"
		bad=1
	fi
done < <(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' collectors checks panes tui --include='*.[ch]')

# Nothing below panes/ draws or reads keys.
while IFS= read -r hit; do
	echo "layering: ${hit%%:*}:$(echo "$hit" | cut -d: -f2) includes a terminal library"
	bad=1
done < <(grep -rnE '#[[:space:]]*include[[:space:]]*[<"](n?curses|ncursesw/|readline/|term\.h)' collectors checks --include='*.[ch]')
exit $bad
