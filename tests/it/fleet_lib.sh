# fleet_lib.sh: replicas for the fleet tests (tests/it/fleet.sh) and bench
# (tests/bench/fleet.sh). Source after tests/lib.sh and tests/it/sshd_lib.sh.
#
#   fleet_build          a tiny net/http/pprof service in a git repo at
#                        $FLEET_REPO with two commits; builds $FLEET_OLD (first
#                        commit) and $FLEET_NEW (HEAD), each stamped with its
#                        vcs.revision ($FLEET_OLD_REV, $FLEET_NEW_REV)
#   fleet_replica BIN [VAR=VALUE...]
#                        starts BIN on 127.0.0.1:<free port> with a clean Go
#                        environment plus the given variables; sets
#                        REPLICA_PID. ADMIN_ADDR=127.0.0.1:P binds an admin
#                        port with SO_REUSEPORT, so replicas share it as
#                        replicas on different hosts would; LEAK=N parks N
#                        goroutines; HANG=1 makes every request trickle
#                        a byte every 0.5 s and never end (a hung endpoint).
#   fleet_alias NAME     a host alias NAME in $TMP/ssh_config for the sshd
#                        started as `start_sshd a` (one alias = one "host")
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	echo "skipped: fleet_lib.sh is a library, not a test"
	exit 77
fi
command -v git >/dev/null || skip "git is not installed"

fleet_build() {
	FLEET_REPO=$TMP/fleetsvc
	mkdir -p "$FLEET_REPO"
	export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=Ann GIT_AUTHOR_EMAIL=ann@example.com \
		GIT_COMMITTER_NAME=Ann GIT_COMMITTER_EMAIL=ann@example.com
	git init -q -b main "$FLEET_REPO"
	printf 'module example.com/fleetsvc\n\ngo 1.19\n' >"$FLEET_REPO/go.mod"
	cat >"$FLEET_REPO/main.go" <<'G'
package main

import (
	"context"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"strconv"
	"syscall"
	"time"
)

func main() {
	n, _ := strconv.Atoi(os.Getenv("LEAK"))
	for i := 0; i < n; i++ {
		go func() { time.Sleep(time.Hour) }()
	}
	if a := os.Getenv("ADMIN_ADDR"); a != "" {
		lc := net.ListenConfig{Control: func(network, address string, c syscall.RawConn) error {
			var serr error
			c.Control(func(fd uintptr) {
				serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, 0xf /* SO_REUSEPORT on Linux */, 1)
			})
			return serr
		}}
		l, err := lc.Listen(context.Background(), "tcp", a)
		if err != nil {
			panic(err)
		}
		go http.Serve(l, http.NewServeMux())
	}
	http.HandleFunc("/api/v1/health", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
	addRoutes()
	var h http.Handler = http.DefaultServeMux
	if os.Getenv("HANG") != "" { // a debug endpoint that accepts and never answers
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for { // a byte now and then: alive, never done
				w.Write([]byte(" "))
				w.(http.Flusher).Flush()
				time.Sleep(500 * time.Millisecond)
			}
		})
	}
	http.ListenAndServe(os.Getenv("ADDR"), h)
}
G
	printf 'package main\n\nfunc addRoutes() {}\n' >"$FLEET_REPO/routes.go"
	git -C "$FLEET_REPO" add -A && git -C "$FLEET_REPO" commit -qm "first"
	FLEET_OLD_REV=$(git -C "$FLEET_REPO" rev-parse HEAD)
	FLEET_OLD=$TMP/fleetsvc-old
	go_build "$FLEET_REPO" "$FLEET_OLD"
	cat >"$FLEET_REPO/routes.go" <<'G'
package main

import "net/http"

func addRoutes() {
	http.HandleFunc("/api/v1/refunds", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("r\n")) })
}
G
	git -C "$FLEET_REPO" commit -qam "add refunds endpoint"
	FLEET_NEW_REV=$(git -C "$FLEET_REPO" rev-parse HEAD)
	FLEET_NEW=$TMP/fleetsvc-new
	go_build "$FLEET_REPO" "$FLEET_NEW"
	go version -m "$FLEET_OLD" | grep -q "vcs.revision=$FLEET_OLD_REV" ||
		fail "the old build carries no vcs.revision $FLEET_OLD_REV"
}

fleet_replica() { # BIN [VAR=VALUE...]
	local bin=$1 port
	shift
	port=$(free_port)
	$SERVICE_ENV ADDR=127.0.0.1:$port "$@" "$bin" >>"$TMP/replicas.log" 2>&1 &
	REPLICA_PID=$!
	CLEANUP_PIDS+=("$REPLICA_PID")
	wait_http "http://127.0.0.1:$port"
}

fleet_alias() { # NAME
	local port=${SSH_ALIASES[0]##*:}
	cat >>"$TMP/ssh_config" <<-EOF
		Host $1
		  HostName 127.0.0.1
		  Port $port
		  User $SSH_USER
		  IdentitiesOnly yes
		  GlobalKnownHostsFile /dev/null
		  StrictHostKeyChecking yes
		  UpdateHostKeys no
		  IdentityFile $TMP/ssh-keys/id_ed25519
		  UserKnownHostsFile $TMP/ssh-a/known_hosts
	EOF
}
