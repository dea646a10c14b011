# sshd_lib.sh: a throw-away OpenSSH server for the --ssh tests. Source it
# after tests/lib.sh.
#
#   start_sshd NAME [PATH]   starts Debian's /usr/sbin/sshd on 127.0.0.1 on a
#                            free port, with its own config, a fresh host key
#                            and an authorized key made here, all under
#                            $TMP/ssh-NAME; the remote PATH is PATH (default:
#                            a directory holding only the gotriage under test,
#                            then /usr/bin:/bin). Sets SSH_PORT.
#   ssh_client_config        writes $TMP/ssh_config with host aliases
#                            gt-NAME (good key, known host key),
#                            gt-NAME-badkey (a key the server refuses) and
#                            gt-NAME-unknownhost (empty known_hosts), and
#                            exports GOTRIAGE_SSH_CONFIG=$TMP/ssh_config.
# Logs in as the current user; as root with PermitRootLogin
# prohibit-password. The session's HOME is an empty directory under $TMP
# (sshd_config SetEnv, which overrides the passwd home for the environment
# only): the login shell (bash -c, which sources ~/.bashrc when run by
# sshd) then reads no rc file of the user running the tests. A
# developer's ~/.bashrc (here: pyenv init, ~3 s per login) is not what a
# production host's login costs, and it swamped every timing and
# timeout. The passwd entry, /root and the user's files are untouched.
# Under make tsan the host's gotriage gets the suite's TSAN_OPTIONS (sshd
# passes no environment on: its reports went to the ssh channel's stderr,
# unseen, and never into build-tsan/tsan-reports/).
#   ssh_masters              the pids of live gotriage ssh masters (those
#                            whose control socket is under $SSH_CTL_DIR)
# gotriage keeps its ssh master alive between runs (ControlPersist,
# GOTRIAGE_SSH_PERSIST): XDG_RUNTIME_DIR points into $TMP, so its control
# sockets are this test's alone, and at exit every master found there is
# ended before $TMP goes (else one would linger for a minute, its socket
# in a removed directory).
# Nothing is written outside $TMP except the empty privilege-separation
# directory /run/sshd when it is missing (sshd refuses to start without
# it; systemd would create it the same way).
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	echo "skipped: sshd_lib.sh is a library for tests/it/remote.sh, not a test"
	exit 77
fi
[ -x /usr/sbin/sshd ] || skip "openssh-server is not installed (make deps)"
command -v ssh >/dev/null || skip "openssh-client is not installed (make deps)"
command -v ssh-keygen >/dev/null || skip "ssh-keygen is not installed"

export XDG_RUNTIME_DIR=$TMP/run
SSH_CTL_DIR=$XDG_RUNTIME_DIR/gotriage-ssh
mkdir -p -m 0700 "$XDG_RUNTIME_DIR"
# ssh sets the master's title to "ssh: SOCKET [mux]"
ssh_masters() { pgrep -f "^ssh: $SSH_CTL_DIR/" | tr '\n' ' '; }
ssh_masters_end() {
	local s
	for s in "$SSH_CTL_DIR"/*; do
		[ -S "$s" ] && ssh -o ControlPath="$s" -O exit gt-any >/dev/null 2>&1
	done
	for s in $(ssh_masters); do kill "$s" 2>/dev/null; done
}
CLEANUP_HOOKS+=(ssh_masters_end)

SSH_ALIASES=()
SSH_USER=$(id -un)
mkdir -p "$TMP/ssh-keys"
ssh-keygen -q -t ed25519 -N '' -C gotriage-test -f "$TMP/ssh-keys/id_ed25519" >/dev/null ||
	fail "ssh-keygen failed"
ssh-keygen -q -t ed25519 -N '' -C gotriage-refused -f "$TMP/ssh-keys/refused_ed25519" >/dev/null ||
	fail "ssh-keygen failed"
mkdir -p "$TMP/gt-path"
ln -sf "$GT" "$TMP/gt-path/gotriage"

start_sshd() { # NAME [PATH]
	local name=$1 rpath=${2:-$TMP/gt-path:/usr/bin:/bin} d=$TMP/ssh-$1 i
	mkdir -p "$d" "$d/home"
	if [ ! -d /run/sshd ]; then
		[ "$(id -u)" = 0 ] || skip "sshd needs /run/sshd; create it as root"
		mkdir -p -m 0755 /run/sshd
	fi
	ssh-keygen -q -t ed25519 -N '' -f "$d/host_ed25519" >/dev/null || fail "host key"
	cp "$TMP/ssh-keys/id_ed25519.pub" "$d/authorized_keys"
	SSH_PORT=$(free_port)
	cat >"$d/sshd_config" <<-EOF
		ListenAddress 127.0.0.1
		Port $SSH_PORT
		HostKey $d/host_ed25519
		PidFile $d/sshd.pid
		AuthorizedKeysFile $d/authorized_keys
		UsePAM no
		StrictModes no
		PermitRootLogin prohibit-password
		PubkeyAuthentication yes
		PasswordAuthentication no
		KbdInteractiveAuthentication no
		AllowTcpForwarding yes
		X11Forwarding no
		PrintMotd no
		MaxStartups 64
		MaxSessions 64
		SetEnv PATH=$rpath HOME=$d/home${TSAN_OPTIONS:+ TSAN_OPTIONS=${TSAN_OPTIONS// /:}}
		UseDNS no
		LogLevel ERROR
		Subsystem sftp internal-sftp
	EOF
	# SSHD_WRAP: a command sshd runs under (e.g. a PID namespace: another
	# "host" whose /proc differs from this one).
	${SSHD_WRAP:-} /usr/sbin/sshd -D -e -f "$d/sshd_config" 2>"$d/sshd.log" &
	CLEANUP_PIDS+=($!)
	eval "SSHD_PID_$name=$!"
	for i in $(seq 1 50); do
		(exec 3<>"/dev/tcp/127.0.0.1/$SSH_PORT") 2>/dev/null && break
		sleep 0.1
	done
	(exec 3<>"/dev/tcp/127.0.0.1/$SSH_PORT") 2>/dev/null ||
		fail "sshd $name did not start: $(cat "$d/sshd.log")"
	echo "[127.0.0.1]:$SSH_PORT $(cut -d' ' -f1,2 "$d/host_ed25519.pub")" >"$d/known_hosts"
	: >"$d/known_hosts_empty"
	SSH_ALIASES+=("$name:$SSH_PORT")
}

ssh_client_config() {
	local a name port d
	: >"$TMP/ssh_config"
	for a in "${SSH_ALIASES[@]}"; do
		name=${a%%:*}
		port=${a##*:}
		d=$TMP/ssh-$name
		cat >>"$TMP/ssh_config" <<-EOF
			Host gt-$name gt-$name-badkey gt-$name-unknownhost
			  HostName 127.0.0.1
			  Port $port
			  User $SSH_USER
			  IdentitiesOnly yes
			  GlobalKnownHostsFile /dev/null
			  StrictHostKeyChecking yes
			  UpdateHostKeys no
			Host gt-$name
			  IdentityFile $TMP/ssh-keys/id_ed25519
			  UserKnownHostsFile $d/known_hosts
			Host gt-$name-badkey
			  IdentityFile $TMP/ssh-keys/refused_ed25519
			  UserKnownHostsFile $d/known_hosts
			Host gt-$name-unknownhost
			  IdentityFile $TMP/ssh-keys/id_ed25519
			  UserKnownHostsFile $d/known_hosts_empty
		EOF
	done
	export GOTRIAGE_SSH_CONFIG=$TMP/ssh_config
}
