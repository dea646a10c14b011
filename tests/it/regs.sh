#!/usr/bin/env bash
# The registration-idiom corpus (tests/fixtures/regs/*): each fixture is a
# small repository written the way services register routes in practice
# (helpers one and three levels deep, methods on a server type, function
# values, route tables as slices and maps, appends from init in a
# tag-excluded file, constants across files and packages, groups passed as
# parameters for chi/gin/echo/gorilla, gRPC through a helper, listen
# addresses from a config struct, unresolvable paths, recursion; prefixes,
# addresses and routers in receiver fields set by a literal or constructor,
# listeners on package-variable routers, Use after registerX(r)).
# `gotriage scan --repo DIR --json` is projected to one line per finding
#   route METHOD PATH FILE:LINE [excluded]   (METHOD "*" = any)
#   unresolved FILE:LINE EXPR
#   listen ADDR FILE:LINE
#   mw ROUTER FILE:LINE after-routes|ok
#   grpc SERVICE FILE:LINE
# and must equal the fixture's expect.txt exactly (sorted). A variable's
# name must never appear as a route: the projection of every fixture is
# also checked for that.
source "$(dirname "$0")/../lib.sh"
command -v jq >/dev/null || skip "jq is not installed"
[ -x "$GT" ] || fail "no gotriage binary at $GT"
cp "$GT" "$TMP/gotriage" && GT=$TMP/gotriage
DIR=$ROOT/tests/fixtures/regs

project() {
	"$GT" scan --repo "$1" --json | jq -r '
		(.routes[] | "route \(if (.method // "") == "" then "*" else .method end) \(.full_path // .path) \(.at.file):\(.at.line)\(if .at.in_build then "" else " excluded" end)"),
		(.unresolved[] | "unresolved \(.at.file):\(.at.line) \(.expr)"),
		(.listen_addresses[] | "listen \(.addr // "?") \(.at.file):\(.at.line)"),
		(.middleware[] | "mw \(.router) \(.at.file):\(.at.line) \(if .after_routes then "after-routes" else "ok" end)"),
		(.grpc_registrations[] | "grpc \(.service) \(.at.file):\(.at.line)")' | LC_ALL=C sort
}

n=0
for d in "$DIR"/*/; do
	name=$(basename "$d")
	[ -f "$d/expect.txt" ] || fail "$name: no expect.txt"
	got=$(project "$d") || fail "$name: scan failed"
	want=$(grep -v '^#' "$d/expect.txt" | LC_ALL=C sort)
	if [ "$got" != "$want" ]; then
		diff <(echo "$want") <(echo "$got") | sed 's/^/  /' >&2
		fail "$name: scan differs from expect.txt (< expected, > got)"
	fi
	# never a route named after a parameter or variable
	if grep -E '^route [A-Z*,]+ [^/]' <<<"$got"; then
		fail "$name: a route whose path is not a path"
	fi
	n=$((n + 1))
done
# Handlers through struct fields keep the symbol of the function stored
# (the binary witness looks it up): h := Handlers{List: listItems}.
sym=$("$GT" scan --repo "$DIR/fieldfunc" --json |
	jq -r '.routes[] | select(.path == "/items") | .handler_symbol')
[ "$sym" = "main.listItems" ] || fail "fieldfunc: /items handler symbol is '$sym', want main.listItems"
# Use after registerX(r): each router's own ordering rule (gin's engine and
# echo's groups copy middleware into routes as they are added, chi's Mux.Use
# panics once a route exists, echo's root and gorilla apply it per request).
eff=$("$GT" scan --repo "$DIR/mw_after_register" --json |
	jq -r '[.middleware[] | "\(.router)=\(.effect)"] | sort | join(" ")')
want_eff="c=panics-after-routes e=applies-to-all-routes eg=applies-to-later-routes-only g=applies-to-later-routes-only m=applies-to-all-routes"
[ "$eff" = "$want_eff" ] || fail "mw_after_register: effects '$eff', want '$want_eff'"
# Use inside the helper: echo's root (e *echo.Echo) wraps every route, a
# chi helper's Use after the caller's routes (or another helper's) panics.
eff=$("$GT" scan --repo "$DIR/mw_in_callee" --json |
	jq -r '[.middleware[] | "\(.at.line)=\(.effect)"] | join(" ")')
want_eff="15=applies-to-later-routes-only 19=applies-to-later-routes-only 26=panics-after-routes 30=applies-to-later-routes-only 32=panics-after-routes 36=panics-after-routes 41=panics-after-routes 48=applies-to-later-routes-only 53=applies-to-all-routes 59=applies-to-all-routes"
[ "$eff" = "$want_eff" ] || fail "mw_in_callee: effects '$eff', want '$want_eff'"
# Where each route is served: the admin mux of cfg_pkgvar by
# ListenAndServe(cfg.AdminAddr, admin), its main mux by cfg.Addr.
sa=$("$GT" scan --repo "$DIR/cfg_pkgvar" --json |
	jq -r '[.routes[] | "\(.full_path // .path)@\(.served_addr)"] | sort | join(" ")')
want_sa="/admin/health@127.0.0.1:18171 /api/v1/orders@127.0.0.1:18170 /api/v1/users@127.0.0.1:18170 /internal/stats@127.0.0.1:18170"
[ "$sa" = "$want_sa" ] || fail "cfg_pkgvar: served addresses '$sa', want '$want_sa'"
# Which listen call serves each route's router (served_by, an index into
# listen_addresses, shown as its line): through a helper's router argument
# (admin_helper) and for gin Run / echo Start (two_routers).
for fx in "admin_helper:/admin/health@22 /admin/vars@22 /api/items@28 /debug/state@26" \
	"two_routers:/admin/config@32 /admin/stats@32 /api/orders@24 /healthz@24"; do
	sb=$("$GT" scan --repo "$DIR/${fx%%:*}" --json |
		jq -r '.listen_addresses as $l | [.routes[] | "\(.full_path // .path)@\(if .served_by == null then "-" else $l[.served_by].at.line end)"] | sort | join(" ")')
	[ "$sb" = "${fx#*:}" ] || fail "${fx%%:*}: served by '$sb', want '${fx#*:}'"
done
[ "$n" -ge 15 ] || fail "only $n fixtures in $DIR (want >= 15)"
echo "ok: $n registration-idiom fixtures match their expected routes"
