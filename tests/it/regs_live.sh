#!/usr/bin/env bash
# Registration idioms as live services (tests/fixtures/regs): each is
# built, started on a free loopback port and judged by
# `gotriage check --pid --url --repo --format json`:
#   server_methods  routes through s.get -> s.add -> s.mux.HandleFunc, a
#                   wrapper checking the method: healthy, no check fails;
#   chi_group       chi groups passed to register functions, Route and
#                   Mount (built against Debian's golang-github-go-chi-chi-dev
#                   with a replace directive): healthy, no check fails;
#   chi_handlers    chi written with handler types (Mount of a router a
#                   method returns, Route with a method value, Use in a
#                   Group callback): healthy, every route probed under its
#                   mount path, no check fails;
#   strip_prefix    net/http sub-muxes mounted with http.StripPrefix, one
#                   returned by a constructor: healthy, no check fails;
#   table_init_tag  a route table appended to from init in a file built
#                   only with -tags admin, built without it:
#                   route-excluded-by-build fails and the binary's function
#                   table confirms it (handler absent);
#   cfg_pkgvar      listen addresses and prefixes in a package-level config
#                   struct of config.go, an admin mux on its own listener:
#                   healthy, each route probed where it is served;
#   recv_setafter   receiver fields set after construction and by a
#                   constructor's statements: healthy, no check fails;
#   unserved_mux    the same helper registers /admin/stats on a mux never
#                   served: route-not-served fails, the handler is in the
#                   binary and the evidence names the registration chain.
#   admin_helper    an admin mux filled by a helper on its own listener, a
#                   debug mux at an env-only address: healthy, each route
#                   probed at its own listener or left unjudged, none
#                   failed at --url;
#   two_routers     gin on the public listener, echo on an admin listener
#                   started in another function: healthy, the echo routes
#                   not probed at --url (unknown, with the reason).
source "$(dirname "$0")/../lib.sh"
command -v jq >/dev/null || skip "jq is not installed"
command -v go >/dev/null || skip "golang-go is not installed"
[ -x "$GT" ] || fail "no gotriage binary at $GT"
cp "$GT" "$TMP/gotriage" && GT=$TMP/gotriage
REGS=$ROOT/tests/fixtures/regs
CHI=/usr/share/gocode/src/github.com/go-chi/chi

# run_built NAME LOG URL [ARGS...]: starts $TMP/NAME-bin, waits for URL;
# sets PID.
run_built() {
	local name=$1 log=$2 url=$3
	shift 3
	$SERVICE_ENV "$TMP/$name-bin" "$@" >"$log" 2>&1 &
	PID=$!
	CLEANUP_PIDS+=("$PID")
	wait_http "$url"
}
# start NAME [go build args...]: copies, builds and starts a fixture with
# -addr on a free port; sets SRC, PID, URL.
start() {
	local name=$1 port
	shift
	SRC=$TMP/$name
	cp -r "$REGS/$name" "$SRC"
	go_build "$SRC" "$TMP/$name-bin" "$@"
	port=$(free_port)
	URL=http://127.0.0.1:$port
	run_built "$name" "$TMP/$name.log" "$URL" -addr "127.0.0.1:$port"
}

check() { # out-file [options]: runs the catalog on the current service
	local out=$1
	shift
	$SERVICE_ENV "$GT" check --pid "$PID" --url "$URL" --repo "$SRC" --format json "$@" >"$out"
}
verdict() { jq -r --arg id "$2" '.checks[] | select(.id == $id) | .verdict' "$1"; }
expect() { # file id verdict
	local got
	got=$(verdict "$1" "$2")
	[ "$got" = "$3" ] || fail "$(basename "$1"): $2 is '$got', want '$3': $(jq -c --arg id "$2" '.checks[] | select(.id == $id) | {summary, evidence, missing}' "$1")"
}
evidence() { # file id regex
	jq -e --arg id "$2" --arg re "$3" \
		'.checks[] | select(.id == $id) | .evidence[] | select(test($re))' "$1" >/dev/null ||
		fail "$(basename "$1"): $2 evidence lacks /$3/: $(jq -c --arg id "$2" '.checks[] | select(.id == $id) | .evidence' "$1")"
}
no_fails() { # goproxy-unreachable needs the network, which tests never have
	local fails
	fails=$(jq -r '.checks[] | select(.verdict == "fail" and .id != "goproxy-unreachable") | .id' "$1")
	[ -z "$fails" ] || fail "$(basename "$1"): healthy service, yet failed: $fails: $(jq -c '.checks[] | select(.verdict == "fail") | {id, summary, evidence}' "$1")"
}

# 1. healthy, routes through methods on the server type
start server_methods
check "$TMP/sm.json"
no_fails "$TMP/sm.json"
expect "$TMP/sm.json" route-not-served pass
expect "$TMP/sm.json" route-excluded-by-build pass
jq -e '[.checks[] | select(.id == "route-not-served") | .evidence[] | select(test("/orders(/new)? -> (200|405)"))] | length == 2' \
	"$TMP/sm.json" >/dev/null || fail "server_methods: /orders and /orders/new were not both probed"

# 2. healthy chi service with groups passed as parameters
if [ -f "$CHI/go.mod" ]; then
	start_chi() { # NAME FIXED-PORT
		SRC=$TMP/$1
		cp -r "$REGS/$1" "$SRC"
		printf '\nrequire github.com/go-chi/chi/v5 v5.0.7\n\nreplace github.com/go-chi/chi/v5 => %s\n' "$CHI" >>"$SRC/go.mod"
		# the fixture listens on a fixed port; give it a free one
		local port
		port=$(free_port)
		sed -i "s/127.0.0.1:$2/127.0.0.1:$port/" "$SRC/main.go"
		go_build "$SRC" "$TMP/$1-bin"
		URL=http://127.0.0.1:$port
		run_built "$1" "$TMP/$1.log" "$URL"
	}
	start_chi chi_group 18098
	# middleware-order judges the live routes by the header the middleware sets
	check "$TMP/chi.json" --header X-Trace-ID
	no_fails "$TMP/chi.json"
	expect "$TMP/chi.json" route-not-served pass
	evidence "$TMP/chi.json" route-not-served "/api/v2/orders -> 200"
	evidence "$TMP/chi.json" route-not-served "/admin/users -> 200"
	expect "$TMP/chi.json" middleware-order pass

	# 2b. healthy chi service written with handler types: Mount of the
	# router a method returns, Route with a method value, Use inside a
	# Group callback: every route probed under its mount path, no fail
	start_chi chi_handlers 18115
	check "$TMP/chih.json"
	no_fails "$TMP/chih.json"
	expect "$TMP/chih.json" route-not-served pass
	evidence "$TMP/chih.json" route-not-served "/orders/[^ ]* -> 200"
	evidence "$TMP/chih.json" route-not-served "/users/[^ ]* -> 405"
else
	echo "note: chi not packaged here (golang-github-go-chi-chi-dev): chi live case skipped"
fi

# 2c. healthy net/http service with sub-muxes mounted through
# http.StripPrefix (one returned by a constructor): their routes are probed
# under the prefix, the mounts themselves are not judged
SRC=$TMP/strip_prefix
cp -r "$REGS/strip_prefix" "$SRC"
port=$(free_port)
sed -i "s/127.0.0.1:18119/127.0.0.1:$port/" "$SRC/main.go"
go_build "$SRC" "$TMP/strip-bin"
URL=http://127.0.0.1:$port
run_built "strip" "$TMP/strip.log" "$URL"
check "$TMP/strip.json"
no_fails "$TMP/strip.json"
expect "$TMP/strip.json" route-not-served pass
evidence "$TMP/strip.json" route-not-served "/api/v1/orders -> 200"
evidence "$TMP/strip.json" route-not-served "/admin/stats -> 200"

# 3. a table entry compiled out by a build tag: the binary confirms it
start table_init_tag
check "$TMP/tag.json"
expect "$TMP/tag.json" route-excluded-by-build fail
evidence "$TMP/tag.json" route-excluded-by-build "ANY /admin/reindex -> adminReindex is in admin.go, excluded by //go:build admin"
evidence "$TMP/tag.json" route-excluded-by-build "handler main.adminReindex is not in the binary's function table: the binary confirms the exclusion"
evidence "$TMP/tag.json" route-not-served "/public -> 200"

# 4. a route on a mux never served: the handler is built, the route 404s
start unserved_mux
check "$TMP/mux.json"
expect "$TMP/mux.json" route-not-served fail
expect "$TMP/mux.json" route-excluded-by-build pass
evidence "$TMP/mux.json" route-not-served "GET .*/admin/stats -> 404"
evidence "$TMP/mux.json" route-not-served "registered via main.go:22 register -> main.go:13 mux.HandleFunc"
evidence "$TMP/mux.json" route-not-served "handler main.stats is in the binary"
evidence "$TMP/mux.json" route-not-served "/hello -> 200"

# 4b. healthy net/http service whose router method is passed to helpers as
# a function value (handed on, held in a variable): each route is probed
# at its full path and served
start method_arg
check "$TMP/ma.json"
no_fails "$TMP/ma.json"
expect "$TMP/ma.json" route-not-served pass
for p in /x /y /meta/status /meta/version; do
	evidence "$TMP/ma.json" route-not-served "GET [^ ]*$p -> 200"
done

# 4c. healthy net/http service whose muxes are package variables of
# another file (one only typed there, assigned in main)
start pkg_vars
check "$TMP/pv.json"
no_fails "$TMP/pv.json"
expect "$TMP/pv.json" route-not-served pass
evidence "$TMP/pv.json" route-not-served "GET [^ ]*/orders -> 200"
evidence "$TMP/pv.json" route-not-served "GET [^ ]*/healthz -> 200"
[ "$("$GT" scan --repo "$SRC" --json | jq -r '[.routes[] | select(.family_guessed)] | length')" = 0 ] ||
	fail "pkg_vars: a route on a package variable of another file has a guessed family"

# 4d. healthy net/http services whose listen addresses and prefixes are
# not literals at the call: a package-level config struct in config.go
# (cfg.Addr, cfg.Prefix, a nested field; one field overwritten by init from
# the environment), and receiver fields set after construction and by a
# constructor's statements. Every resolved route probed and served, no
# check fails.
start_fixed() { # NAME FILE PORT...: fixed ports made free ones; URL on the first
	local name=$1 file=$2 p port first=
	shift 2
	SRC=$TMP/$name
	cp -r "$REGS/$name" "$SRC"
	for p in "$@"; do
		port=$(free_port)
		sed -i "s/127.0.0.1:$p/127.0.0.1:$port/" "$SRC/$file"
		[ -n "$first" ] || first=$port
	done
	go_build "$SRC" "$TMP/$name-bin"
	URL=http://127.0.0.1:$first
	run_built "$name" "$TMP/$name.log" "$URL"
}
start_fixed cfg_pkgvar config.go 18170 18171 18172
check "$TMP/cfg.json"
no_fails "$TMP/cfg.json"
expect "$TMP/cfg.json" route-not-served pass
evidence "$TMP/cfg.json" route-not-served "GET [^ ]*/api/v1/orders -> 200"
evidence "$TMP/cfg.json" route-not-served "GET [^ ]*/internal/stats -> 200"
# the admin mux is served by ListenAndServe(cfg.AdminAddr, admin): probed
# there, not at --url (where it 404s)
evidence "$TMP/cfg.json" route-not-served "GET http://127.0.0.1:[0-9]+/admin/health -> 200"
jq -e --arg u "$URL/admin/health" '[.checks[] | select(.id == "route-not-served") | .evidence[] | select(startswith("GET " + $u + " "))] | length == 0' \
	"$TMP/cfg.json" >/dev/null || fail "cfg_pkgvar: /admin/health probed at --url instead of its own listener"
start_fixed recv_setafter main.go 18174 18175
check "$TMP/rsa.json"
no_fails "$TMP/rsa.json"
expect "$TMP/rsa.json" route-not-served pass
for p in /api/v1/orders /api/v2/health /internal/orders; do
	evidence "$TMP/rsa.json" route-not-served "GET [^ ]*$p -> 200"
done

# 5. echo and gin written the common ways (verbs on root and groups,
# Add/Handle with http.Method constants, route tables ranged over): built
# in GOPATH mode against Debian's packages (their own dependencies are
# packaged too; a replace per module would need every one listed), healthy:
# each declared route is probed and served, no check fails.
# build_gopath NAME [SED...]: copies a fixture into a GOPATH of its own,
# applies each sed expression to its main.go (fixed ports made free) and
# builds $TMP/NAME-bin in GOPATH mode; sets SRC.
build_gopath() {
	local name=$1 gp=$TMP/gp-$1 e
	shift
	mkdir -p "$gp/src/example.com/regs"
	cp -r "$REGS/$name" "$gp/src/example.com/regs/$name"
	SRC=$gp/src/example.com/regs/$name
	for e in "$@"; do sed -i "$e" "$SRC/main.go"; done
	(cd "$SRC" && env -u GOFLAGS GO111MODULE=off GOPATH="$gp:/usr/share/gocode" \
		go build -o "$TMP/$name-bin" .) >"$TMP/$name-build.log" 2>&1 ||
		fail "$name: go build failed: $(tail -5 "$TMP/$name-build.log")"
}
start_gopath() { # NAME: like start, GOPATH mode
	local port
	build_gopath "$1"
	port=$(free_port)
	URL=http://127.0.0.1:$port
	run_built "$1" "$TMP/$1.log" "$URL" -addr "127.0.0.1:$port"
}
for fw in echo:labstack/echo gin:gin-gonic/gin; do
	name=${fw%%:*}_styles
	if [ ! -f "/usr/share/gocode/src/github.com/${fw#*:}/go.mod" ]; then
		echo "note: ${fw#*:} not packaged here (tests/deps.sh): $name live case skipped"
		continue
	fi
	start_gopath "$name"
	check "$TMP/$name.json"
	no_fails "$TMP/$name.json"
	expect "$TMP/$name.json" route-not-served pass
	# methods from http.MethodPut and from a table element's field: non-GET
	# routes are probed with HEAD; echo's 405 says the path is routed, gin
	# answers 404 to other methods by default, which is not judged missing
	if [ "$name" = echo_styles ]; then
		evidence "$TMP/$name.json" route-not-served "HEAD [^ ]*/config -> 405"
		evidence "$TMP/$name.json" route-not-served "HEAD [^ ]*/admin/reindex -> 405"
		evidence "$TMP/$name.json" route-not-served "/api/v2/users/1 -> 405"
	else
		evidence "$TMP/$name.json" route-not-served "main.go:29 HEAD [^ ]*/config -> 404 on a gin PUT route .not judged"
		evidence "$TMP/$name.json" route-not-served "main.go:28 HEAD [^ ]*/api/v2/users/1 -> 404 on a gin DELETE route"
		evidence "$TMP/$name.json" route-not-served "GET [^ ]*/admin/reindex -> 200"
	fi
	evidence "$TMP/$name.json" route-not-served "GET [^ ]*/api/users -> 200"
	if [ "$name" = echo_styles ]; then
		# an echo group in a package variable assigned in main.go, its
		# routes in routes.go: probed under the group's prefix
		start_gopath pkg_vars_echo
		check "$TMP/pve.json"
		no_fails "$TMP/pve.json"
		expect "$TMP/pve.json" route-not-served pass
		evidence "$TMP/pve.json" route-not-served "GET [^ ]*/api/users -> 200"
	fi
done
# 4d. healthy net/http service keeping its path prefixes and the second
# listen address in fields of its server type (set by a constructor and by
# a literal): every route is probed at its full path and served, and the
# address from s.addr is found listening
SRC=$TMP/recv_fields
cp -r "$REGS/recv_fields" "$SRC"
port2=$(free_port)
sed -i "s/127.0.0.1:18163/127.0.0.1:$port2/" "$SRC/main.go"
go_build "$SRC" "$TMP/rf-bin"
port=$(free_port)
URL=http://127.0.0.1:$port
run_built "rf" "$TMP/rf.log" "$URL" -addr "127.0.0.1:$port"
wait_http "http://127.0.0.1:$port2"
check "$TMP/rf.json"
no_fails "$TMP/rf.json"
expect "$TMP/rf.json" route-not-served pass
for p in /api/v1/orders /api/v1/users /api/v2/orders /api/v2/users; do
	evidence "$TMP/rf.json" route-not-served "GET [^ ]*$p -> 200"
done
evidence "$TMP/rf.json" listener-missing "main.go:16 http.ListenAndServe 127.0.0.1:$port2: listening"

# 6. routers in package variables of another file started in main.go
# (engine.Run(*addr), go admin.Start(ADDR)): the listen addresses are found
# and judged. A second instance cannot bind the admin port, and echo's
# error is dropped by the goroutine: listener-missing fails for it, naming
# the Start call; the first instance listens there.
if [ -f /usr/share/gocode/src/github.com/gin-gonic/gin/go.mod ] &&
	[ -f /usr/share/gocode/src/github.com/labstack/echo/go.mod ]; then
	admin_port=$(free_port)
	name=pkgvar_listen
	build_gopath "$name" "s/127.0.0.1:18151/127.0.0.1:$admin_port/"
	for inst in 1 2; do
		port=$(free_port)
		URL=http://127.0.0.1:$port
		run_built "$name" "$TMP/$name-$inst.log" "$URL" -addr "127.0.0.1:$port"
		[ "$inst" = 1 ] && wait_http "http://127.0.0.1:$admin_port"
		check "$TMP/pvl$inst.json"
	done
	evidence "$TMP/pvl1.json" listener-missing "main.go:12 echo.Start 127.0.0.1:$admin_port: listening"
	expect "$TMP/pvl2.json" listener-missing fail
	evidence "$TMP/pvl2.json" listener-missing "main.go:12 echo.Start 127.0.0.1:$admin_port: PID [0-9]+ does not listen there"
	# 7. healthy gin service keeping its groups in fields of handler types
	# (set by a literal and by a constructor): each route probed under its
	# group's prefix, none as the bare path, no check fails
	name=gin_fields
	port=$(free_port)
	build_gopath "$name" "s/127.0.0.1:18164/127.0.0.1:$port/"
	URL=http://127.0.0.1:$port
	run_built "$name" "$TMP/$name.log" "$URL"
	check "$TMP/gf.json"
	no_fails "$TMP/gf.json"
	expect "$TMP/gf.json" route-not-served pass
	evidence "$TMP/gf.json" route-not-served "GET [^ ]*/api/v2/orders -> 200"
	evidence "$TMP/gf.json" route-not-served "GET [^ ]*/api/v1/users -> 200"
	# 7b. healthy gin service making groups inside methods from a receiver
	# field (s.engine.Group) and from an embedded engine (a.Group) served
	# by a second listener the scan does not see: every route keeps its
	# group's prefix (before: /orders and /stats, bare, probed and failed)
	name=gin_unbound_groups
	port=$(free_port)
	port2=$(free_port)
	build_gopath "$name" "s/127.0.0.1:18170/127.0.0.1:$port/" "s/127.0.0.1:18171/127.0.0.1:$port2/"
	URL=http://127.0.0.1:$port
	run_built "$name" "$TMP/$name.log" "$URL"
	wait_http "http://127.0.0.1:$port2"
	check "$TMP/gug.json"
	no_fails "$TMP/gug.json"
	evidence "$TMP/gug.json" route-not-served "GET [^ ]*/api/v2/orders -> 200"
	jq -e '[.checks[] | .evidence[]? | select(test("[^2]/orders -> 404|[^n]/stats -> 404"))] | length == 0' \
		"$TMP/gug.json" >/dev/null || fail "$name: a bare group path was probed: $(jq -c '.checks[] | select(.id == "route-not-served") | .evidence' "$TMP/gug.json")"
else
	echo "note: gin or echo not packaged here (tests/deps.sh): pkgvar_listen live case skipped"
fi
# 8. routers on listeners other than --url's (issue 14, no false fail):
# admin_helper registers an admin mux's routes through a helper and serves
# it on its own listener, and a debug mux at an address only the
# environment gives; two_routers runs gin on the public listener and echo
# on an admin listener started in another function. Each route is probed
# where its router listens, or not at all (unknown, with the reason);
# never at --url, where it 404s.
name=admin_helper
SRC=$TMP/$name
cp -r "$REGS/$name" "$SRC"
admin_port=$(free_port)
sed -i "s/127.0.0.1:18184/127.0.0.1:$admin_port/" "$SRC/main.go"
go_build "$SRC" "$TMP/$name-bin"
port=$(free_port)
URL=http://127.0.0.1:$port
run_built "$name" "$TMP/$name.log" "$URL" -addr "127.0.0.1:$port"
wait_http "http://127.0.0.1:$admin_port"
check "$TMP/ah.json"
no_fails "$TMP/ah.json"
expect "$TMP/ah.json" route-not-served pass
evidence "$TMP/ah.json" route-not-served "GET $URL/api/items -> 200"
evidence "$TMP/ah.json" route-not-served "GET http://127.0.0.1:$admin_port/admin/health -> 200"
evidence "$TMP/ah.json" route-not-served "/debug/state -> 404 \\(not judged: .*DEBUG_ADDR"
if [ -f /usr/share/gocode/src/github.com/gin-gonic/gin/go.mod ] &&
	[ -f /usr/share/gocode/src/github.com/labstack/echo/go.mod ]; then
	name=two_routers
	port=$(free_port)
	admin_port=$(free_port)
	build_gopath "$name" "s/127.0.0.1:18180/127.0.0.1:$port/" "s/127.0.0.1:18181/127.0.0.1:$admin_port/"
	URL=http://127.0.0.1:$port
	run_built "$name" "$TMP/$name.log" "$URL"
	wait_http "http://127.0.0.1:$admin_port"
	check "$TMP/tr.json"
	no_fails "$TMP/tr.json"
	expect "$TMP/tr.json" route-not-served pass
	evidence "$TMP/tr.json" route-not-served "GET $URL/api/orders -> 200"
	evidence "$TMP/tr.json" route-not-served "/admin/stats: not probed: "
else
	echo "note: gin or echo not packaged here (tests/deps.sh): two_routers live case skipped"
fi
echo "ok: registration idioms judged live (healthy services pass, faults fail the right check)"
