#!/usr/bin/env bash
# gotriage scan against the Go toolchain, live:
#  1. the unit test's build-constraint table (tests/unit/collectors/repo/test_buildconstraint.c)
#     is rebuilt as files and every answer re-checked with `go list`, and
#     `gotriage scan` must agree with both;
#  2. broken //go:build lines: go list fails the package, scan says why;
#  3. the Go standard library: every file go list places is placed the same
#     way by scan, in three build contexts;
#  4. the lexer against go/scanner on a sample of the standard library;
#  5. a fixture repo with every router family and finding kind;
#  6. predicted function symbols exist in a real build (go tool nm/objdump);
#  7. usage errors exit 2 with one line.
source "$(dirname "$0")/../lib.sh"
command -v go >/dev/null || skip "golang-go is not installed"
command -v jq >/dev/null || skip "jq is not installed"
[ -x "$GT" ] || fail "no gotriage binary at $GT"
# A private copy: a concurrent `make` relinking build/gotriage cannot cut a run short.
cp "$GT" "$TMP/gotriage" && GT=$TMP/gotriage
UT=$ROOT/tests/unit/collectors/repo/test_buildconstraint.c

# ---- 1. the table -------------------------------------------------------
P=$TMP/table
mkdir -p "$P"
printf 'module example.com/p\n\ngo 1.19\n' >"$P/go.mod"
names=()
while IFS=$'\t' read -r name text; do
	printf '%b' "${text//\\\"/\"}" >"$P/$name"
	names+=("$name")
done < <(sed -n 's/^[[:space:]]*F("\([^"]*\)", "\(.*\)"),$/\1\t\2/p' "$UT")
[ ${#names[@]} -ge 40 ] || fail "read only ${#names[@]} files from the table in $UT"

golist_letters() { # env assignments...; prints one letter per table file
	local out s="" n l k rest x
	out=$(cd "$P" && env "$@" go list -e -tags "$TAGS" -f 'G {{join .GoFiles " "}}
I {{join .IgnoredGoFiles " "}}
C {{join .CgoFiles " "}}
X {{join .InvalidGoFiles " "}}
T {{join .TestGoFiles " "}}' . 2>&1) || fail "go list failed: $out"
	for n in "${names[@]}"; do
		l=N
		while read -r k rest; do for x in $rest; do [ "$x" = "$n" ] && l=$k; done; done <<<"$out"
		s+=$l
	done
	echo "$s"
}

scan_letters() { # goos goarch cgo extra-args...; in_build per table file (T and N as go list has them)
	local goos=$1 goarch=$2 cgo=$3 json s="" n l
	shift 3
	json=$("$GT" scan --repo "$P" --json --goos "$goos" --goarch "$goarch" --cgo "$cgo" \
		${TAGS:+--tags "$TAGS"} "$@") || fail "scan failed in $P"
	for n in "${names[@]}"; do
		case $n in *_test.go) s+=T; continue ;; esac
		l=$(jq -r --arg p "$n" '.files[] | select(.path == $p) |
			if .in_build then (if .imports_c then "C" else "G" end)
			elif .constraint.reason == "name-ignored" then "N" else "I" end' <<<"$json")
		s+=${l:-?}
	done
	echo "$s"
}

ctxs=0
while IFS='|' read -r id goos goarch cgo tags env want; do
	TAGS=$tags
	envs=(GOOS="$goos" GOARCH="$goarch" CGO_ENABLED="$cgo")
	extra=()
	[ -n "$env" ] && envs+=("$env")
	case $env in
	GOAMD64=*) extra=(--arch-level "${env#GOAMD64=}") ;;
	GOEXPERIMENT=*) extra=(--experiment "${env#GOEXPERIMENT=}") ;;
	esac
	got=$(golist_letters "${envs[@]}")
	if [ "$got" != "$want" ]; then
		for i in "${!names[@]}"; do
			[ "${got:i:1}" = "${want:i:1}" ] ||
				echo "table context $id: ${names[i]}: go list says ${got:i:1}, the unit table says ${want:i:1}"
		done
		fail "the unit test's table disagrees with go list in context $id"
	fi
	ours=$(scan_letters "$goos" "$goarch" "$cgo" "${extra[@]}")
	# scan does not list _test.go files; compare the rest.
	bad=0
	for i in "${!names[@]}"; do
		case ${names[i]} in *_test.go) continue ;; esac
		[ "${ours:i:1}" = "${got:i:1}" ] && continue
		echo "context $id: ${names[i]}: scan ${ours:i:1}, go list ${got:i:1}"
		bad=1
	done
	[ $bad = 0 ] || fail "gotriage scan disagrees with go list in context $id"
	ctxs=$((ctxs + 1))
done < <(sed -n 's/^[[:space:]]*C("\([^"]*\)", "\([^"]*\)", "\([^"]*\)", \([01]\), "\([^"]*\)", "\([^"]*\)", "\([^"]*\)"),$/\1|\2|\3|\4|\5|\6|\7/p' "$UT")
[ "$ctxs" -ge 10 ] || fail "read only $ctxs contexts from the table"
echo "table: ${#names[@]} files x $ctxs contexts agree with go list"

# ---- 2. broken constraints -------------------------------------------
for case in 'bad_expr.go|//go:build linux &&\n\npackage p\n|unexpected end of expression' \
	'two.go|//go:build linux\n//go:build amd64\n\npackage p\n|multiple //go:build comments'; do
	IFS='|' read -r name text msg <<<"$case"
	d=$TMP/bad-$name
	mkdir -p "$d"
	printf 'module example.com/b\n\ngo 1.19\n' >"$d/go.mod"
	printf 'package p\n' >"$d/plain.go"
	printf '%b' "$text" >"$d/$name"
	gl=$(cd "$d" && go list -e -f '{{.InvalidGoFiles}} {{.Error}}' . 2>&1)
	assert_contains "$gl" "$msg" "go list on $name"
	js=$("$GT" scan --repo "$d" --json)
	r=$(jq -r --arg p "$name" '.files[] | select(.path == $p) | "\(.in_build) \(.constraint.reason) \(.constraint.setting)"' <<<"$js")
	assert_contains "$r" "false bad-constraint" "scan on $name"
	assert_contains "$r" "$msg" "scan's reason for $name"
done

# ---- 3. the standard library ---------------------------------------------
STD=$(go env GOROOT)/src
std_check() { # goos goarch cgo tags
	local gl ours missing
	gl=$(cd "$STD" && GOOS=$1 GOARCH=$2 CGO_ENABLED=$3 go list -e ${4:+-tags "$4"} \
		-f '{{$p := .ImportPath}}{{range .GoFiles}}{{$p}}/{{.}} 1
{{end}}{{range .CgoFiles}}{{$p}}/{{.}} 1
{{end}}{{range .IgnoredGoFiles}}{{$p}}/{{.}} 0
{{end}}' std 2>/dev/null | grep -v '_test.go ' | grep . | sort)
	ours=$("$GT" scan --repo "$STD" --vendor --json --goos "$1" --goarch "$2" --cgo "$3" ${4:+--tags "$4"} |
		jq -r '.files[] | "\(.path) \(if .in_build then 1 else 0 end)"' | sort)
	missing=$(comm -23 <(echo "$gl") <(echo "$ours"))
	[ -z "$missing" ] || fail "std $1/$2 cgo=$3 tags=$4: scan places these differently from go list:
$(head -n 20 <<<"$missing")"
	echo "std $1/$2 cgo=$3 tags=$4: $(wc -l <<<"$gl") files placed as go list places them"
}
std_check linux amd64 1 ""
std_check windows amd64 0 ""
std_check darwin arm64 0 netgo,osusergo

# ---- 4. the lexer against go/scanner ----------------------------------------
mkdir -p "$TMP/lexdump"
cat >"$TMP/lexdump/main.go" <<'EOF'
// Prints go/scanner's tokens in gotriage scan --tokens' format.
package main

import (
	"bufio"
	"fmt"
	"go/scanner"
	"go/token"
	"os"
)

func main() {
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	for _, f := range os.Args[1:] {
		src, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		fs := token.NewFileSet()
		file := fs.AddFile(f, -1, len(src))
		var s scanner.Scanner
		s.Init(file, src, nil, scanner.ScanComments)
		for {
			pos, tok, lit := s.Scan()
			if tok == token.EOF {
				break
			}
			p := fs.PositionFor(pos, false)
			kind := "OP"
			switch {
			case tok == token.SEMICOLON:
				fmt.Fprintf(w, "%d SEMI\n", p.Line)
				continue
			case tok == token.IDENT:
				kind = "IDENT"
			case tok.IsKeyword():
				kind, lit = "KEYWORD", tok.String()
			case tok == token.INT, tok == token.FLOAT, tok == token.IMAG, tok == token.CHAR:
				kind = tok.String()
			case tok == token.STRING:
				kind, lit = "STRING", ""
			case tok == token.COMMENT:
				kind, lit = "COMMENT", ""
			default:
				lit = tok.String()
			}
			fmt.Fprintf(w, "%d %d %s %s\n", p.Line, p.Offset, kind, lit)
		}
	}
}
EOF
printf 'module lexdump\n\ngo 1.19\n' >"$TMP/lexdump/go.mod"
go_build "$TMP/lexdump" "$TMP/lexdump-bin"
mapfile -t sample < <(find "$STD/" -name '*.go' -not -path '*/testdata/*' | sort | awk 'NR % 12 == 0')
"$TMP/lexdump-bin" "${sample[@]}" >"$TMP/go-tokens"
"$GT" scan --tokens "${sample[@]}" | sed 's/ RAWSTRING / STRING /' >"$TMP/our-tokens"
if ! cmp -s "$TMP/go-tokens" "$TMP/our-tokens"; then
	diff "$TMP/go-tokens" "$TMP/our-tokens" | head -n 20
	fail "the lexer differs from go/scanner"
fi
echo "lexer: $(wc -l <"$TMP/go-tokens") tokens of ${#sample[@]} std files identical to go/scanner's"

# ---- 5. a fixture repo with every finding kind ------------------------------
R=$TMP/repo
mkdir -p "$R/api" "$R/static"
printf 'module example.com/svc\n\ngo 1.22\n' >"$R/go.mod"
echo hi >"$R/static/index.html"
cat >"$R/main.go" <<'EOF'
package main

import (
	"embed"
	"flag"
	"io/fs"
	"log"
	"net"
	"net/http"
	"os"
	"plugin"
	"time"

	"google.golang.org/grpc"
	pb "example.com/svc/proto"
)

//go:embed static/*
var staticFS embed.FS

//go:embed missing/*.txt
var missing embed.FS

var addr = flag.String("addr", ":8080", "listen address")

func init() {
	go warmCache()
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", getItem)
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})
	http.HandleFunc("/esc\x1b[31m", getItem)
	data, _ := staticFS.ReadFile("./static/index.html")
	sub, _ := fs.Sub(staticFS, "static")
	_, _ = data, sub
	port := os.Getenv("METRICS_PORT")
	if port == "" {
		port = "9090"
	}
	go http.ListenAndServe(":"+port, nil)
	s := grpc.NewServer()
	s2 := grpc.NewServer()
	pb.RegisterGreeterServer(s, &greeter{})
	lis, _ := net.Listen("tcp", ":50051")
	go s.Serve(lis)
	pb.RegisterAdminServer(s, &admin{})
	pb.RegisterBillingServer(s2, &billing{})
	t := time.NewTicker(time.Minute)
	go func() {
		for range t.C {
			log.Println("tick")
		}
	}()
	p, _ := plugin.Open("./plugins/auth.so")
	_ = p
	log.Fatal(http.ListenAndServe(*addr, mux))
}

func getItem(w http.ResponseWriter, r *http.Request) {}
func warmCache()                                     {}
EOF
cat >"$R/dev_routes.go" <<'EOF'
//go:build !prod

package main

import "net/http"

func init() {
	http.HandleFunc("/debug/reset", resetHandler)
}

func resetHandler(w http.ResponseWriter, r *http.Request) {}
EOF
printf '//go:build linux\n// +build !linux\n\npackage main\n' >"$R/legacy.go"
printf 'package main\n' >"$R/win_windows.go"
printf 'package main\n\nimport "C"\n' >"$R/cgo.go"
cat >"$R/api/routers.go" <<'EOF'
package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/gorilla/mux"
	"github.com/labstack/echo/v4"
	"github.com/spf13/viper"
)

func ginRoutes() {
	r := gin.Default()
	r.GET("/ping", ping)
	v1 := r.Group("/v1")
	v1.POST("/login", login)
	r.Use(trace())
}

func chiRoutes() {
	r := chi.NewRouter()
	r.Route("/articles", func(r chi.Router) {
		r.Get("/{id}", getArticle)
	})
	r.Use(late)
}

func gorillaRoutes() {
	r := mux.NewRouter()
	api := r.PathPrefix("/api").Subrouter()
	api.HandleFunc("/orders", orders).Methods("POST")
	http.ListenAndServe("127.0.0.1:8082", r)
}

func echoRoutes() {
	e := echo.New()
	g := e.Group("/admin")
	g.GET("/stats", stats)
	e.Start(":1323")
}

func watch() {
	viper.WatchConfig()
	viper.OnConfigChange(func(e fsnotify.Event) {
		log.Printf("config changed: %s", e.Name)
	})
}
EOF
js=$("$GT" scan --repo "$R" --tags prod --json) || fail "scan of the fixture repo failed"
q() { jq -r "$1" <<<"$js"; }
assert_eq "$(q '.module')" "example.com/svc" "module path"
assert_eq "$(q '[.routes[] | "\(.method) \(.full_path // .path)"] | sort | join(",")')" \
	" /debug/reset, /esc\\x1b[31m, /healthz,GET /admin/stats,GET /articles/{id},GET /items/{id},GET /ping,POST /api/orders,POST /v1/login" \
	"routes (the ESC byte in a path comes out escaped)"
assert_eq "$(q '.routes[] | select(.path == "/debug/reset") | "\(.at.in_build) \(.handler_symbol)"')" "false main.resetHandler"
assert_eq "$(q '.files[] | select(.path == "dev_routes.go") | "\(.constraint.term)|\(.constraint.setting)"')" \
	"!prod|tag prod is set via -tags" "dev_routes.go reason"
assert_eq "$(q '.files[] | select(.path == "win_windows.go") | .constraint.term')" "_windows"
assert_eq "$(q '.files[] | select(.path == "legacy.go") | "\(.in_build) \(.constraint.go_build_and_plus_build_disagree)"')" "true true"
assert_eq "$(q '.routes[] | select(.path == "/healthz") | .handler_symbol')" "main.main.func1"
assert_eq "$(q '.routes[] | select(.path == "/items/{id}") | .needs_go1_22_mux')" "true"
assert_eq "$(q '[.middleware[] | "\(.router) \(.after_routes) \(.effect)"] | join(",")')" \
	"r true applies-to-later-routes-only,r true panics-after-routes"
assert_eq "$(q '[.grpc_registrations[] | "\(.service) \(.after_serve) \(.other_server)"] | join(",")')" \
	"Greeter false false,Admin true false,Billing false true"
assert_eq "$(q '[.listen_addresses[] | "\(.addr) \(.source)"] | join(",")')" \
	":9090 env-fallback,:50051 literal,:8080 flag-default,127.0.0.1:8082 literal,:1323 literal"
assert_eq "$(q '.tickers[0] | "\(.consumer_symbol) \(.consumer_found) \(.started_by_go)"')" "main.main.func2 true true"
assert_eq "$(q '[.viper[] | "\(.call) \(.reloads_nothing)"] | join(",")')" "WatchConfig null,OnConfigChange true"
assert_eq "$(q '.init_goroutines[0].at.symbol')" "main.init.0"
assert_eq "$(q '.plugin_opens[0].path')" "./plugins/auth.so"
assert_eq "$(q '[.embed_patterns[] | "\(.pattern) \(.matches)"] | join(",")')" "static/* 1,missing/*.txt 0"
assert_eq "$(q '[.embed_lookups[] | "\(.path) \(.valid)"] | join(",")')" "./static/index.html false,static true"
assert_eq "$(q '.files[] | select(.path == "cgo.go") | .imports_c')" "true"
# Nothing from the repo reaches the terminal raw: the ESC in a route path is escaped.
text=$("$GT" scan --repo "$R" --tags prod)
grep -q $'\x1b' <<<"$text" && fail "scan printed a raw ESC byte from the repo"
grep -q $'\x1b' <<<"$js" && fail "scan --json printed a raw ESC byte from the repo"
assert_contains "$text" "dev_routes.go: excluded by //go:build !prod (line 1): !prod is false: tag prod is set via -tags"

# The demo service's seeded faults, as the scan sees them (FAULTS.md).
dj=$("$GT" scan --repo "$ROOT/tests/fixtures/demo" --tags prod --json) || fail "scan of the demo failed"
assert_eq "$(jq -r '.routes[] | select(.path == "/api/v2/orders") | "\(.at.file) \(.at.in_build) \(.handler_symbol)"' <<<"$dj")" \
	"orders_v2.go false main.createOrderV2" "the demo's excluded route"
assert_eq "$(jq -r '.middleware[] | select(.router == "rt") | "\(.after_routes) \(.routes_before)"' <<<"$dj")" \
	"true 4" "the demo's late rt.Use"

# The gRPC fixture's hand-written descriptor gives the name reflection reports.
gj=$("$GT" scan --repo "$ROOT/tests/fixtures/grpcserver" --json) || fail "scan of the grpc fixture failed"
assert_eq "$(jq -r '[.grpc_registrations[].service] | join(",")' <<<"$gj")" \
	"demo.v1.Pinger,Health,grpc.reflection.v1alpha.ServerReflection" "the grpc fixture's services"

# ---- 6. symbol names in a real build ------------------------------------------
S=$TMP/sym
mkdir -p "$S"
printf 'module example.com/sym\n\ngo 1.19\n' >"$S/go.mod"
cat >"$S/a.go" <<'EOF'
package main

import (
	"log"
	"net/http"
	"time"
)

func init() { go func() {}() }

type Server struct{}

func (s *Server) routes(mux *http.ServeMux) {
	mux.HandleFunc("/a", s.handleA)
	mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) {
		go func() {}()
	})
}

func (s *Server) handleA(w http.ResponseWriter, r *http.Request) {}

func main() {
	mux := http.NewServeMux()
	(&Server{}).routes(mux)
	t := time.NewTicker(time.Hour)
	go func() {
		for range t.C {
			log.Println("x")
		}
	}()
	mux.HandleFunc("/c", func(w http.ResponseWriter, r *http.Request) {})
	_ = http.ListenAndServe("127.0.0.1:0", mux)
}
EOF
printf 'package main\n\nfunc init() { go func() {}() }\n' >"$S/b.go"
printf 'package main\n\nfunc init() {}\n' >"$S/c_windows.go"
go_build "$S" "$TMP/sym-bin"
want=$("$GT" scan --repo "$S" --json | jq -r '[.routes[], .tickers[], .init_goroutines[]] |
	map(.at.symbol, .handler_symbol, .consumer_symbol) | .[] | select(. != null)' | sort -u)
have=$(go tool nm "$TMP/sym-bin" | awk '$2 == "T" { print $3 }' | sort -u)
missing=$(comm -23 <(echo "$want") <(echo "$have"))
[ -z "$missing" ] || fail "predicted symbols missing from the binary: $missing"
# The ticker's consumer is the closure at the go func() on line 26.
cons=$("$GT" scan --repo "$S" --json | jq -r '.tickers[0].consumer_symbol')
line=$(go tool objdump -s "^${cons//./\\.}\$" "$TMP/sym-bin" | awk 'NR == 2 { print $1 }')
assert_eq "$line" "a.go:26" "source line of $cons"
echo "symbols: $(wc -l <<<"$want") predicted names all in the binary; $cons is at $line"

# ---- 7. usage errors ---------------------------------------------------------
for args in "" "--repo" "--repo $TMP/nonexistent" "--repo $R --cgo 2" "--repo $R --go x" "--bogus"; do
	# shellcheck disable=SC2086
	"$GT" scan $args >"$TMP/out" 2>"$TMP/err"
	st=$?
	assert_eq "$st" 2 "exit status of scan $args"
	assert_eq "$(wc -l <"$TMP/err")" 1 "stderr lines of scan $args"
done
echo "ok"
