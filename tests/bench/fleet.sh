#!/usr/bin/env bash
# gotriage fleet on N targets (default 50 replicas of the fleet test
# service, behind the local sshd under 10 host aliases, 5 replicas each),
# against what an engineer would otherwise run, in the same run:
#   ansible ad hoc   ansible all -i INVENTORY -m command
#                    -a 'gotriage check --format json --pid {{pid}}'
#                    with its default forks (5) and with -f 16
#   a for loop       ssh HOST gotriage check --format json --pid N, in turn
#   gotriage fleet   --jobs 16, judging each document here with --repo
# Prints wall times, ratios and the fleet process's peak RSS
# (/usr/bin/time -f %M). Goals: >= 3x faster than ansible -f 16; 50
# targets under 10 s; under 100 MB. The load average is printed with the
# figures.
#
# The logins: a production host's service account has no interactive rc
# files, but root's here runs ~/.bashrc (pyenv init, ~3 s a login), which
# would dominate every column. So, as root, the bench makes a throw-away
# user (login shell /bin/sh, a home with no rc files), runs the replicas
# as that user and logs in as that user everywhere (fleet, ansible, the
# loop), and removes the user at exit; it says so. Not root: the current
# user, rc files and all.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../it/sshd_lib.sh"
source "$(dirname "$0")/../it/fleet_lib.sh"
command -v ansible >/dev/null || skip "ansible is not installed (make deps)"
command -v jq >/dev/null || skip "jq is not installed"
[ -x /usr/bin/time ] || skip "/usr/bin/time is not installed (make deps)"
N=${FLEET_BENCH_TARGETS:-50}
HOSTS=${FLEET_BENCH_HOSTS:-10}
fleet_build
if [ "$(id -u)" = 0 ] && command -v useradd >/dev/null; then
	BENCH_USER=gtbench$$
	useradd -M -d "$TMP/bench-home" -s /bin/sh "$BENCH_USER" || fail "useradd $BENCH_USER"
	# No password, yet not locked: sshd (UsePAM no) refuses a locked account.
	usermod -p '*' "$BENCH_USER"
	bench_cleanup() {
		cleanup
		pkill -KILL -u "$BENCH_USER" 2>/dev/null
		userdel "$BENCH_USER" 2>/dev/null
	}
	trap bench_cleanup EXIT
	mkdir -p "$TMP/bench-home" "$TMP/ansible-remote"
	chown "$BENCH_USER" "$TMP/bench-home" "$TMP/ansible-remote"
	chmod 755 "$TMP"
	SSH_USER=$BENCH_USER
	# The replicas run as that user, as a service runs as its account.
	SERVICE_ENV="setpriv --reuid=$BENCH_USER --regid=$BENCH_USER --clear-groups $SERVICE_ENV"
	echo "logins as a throw-away user $BENCH_USER (/bin/sh, no rc files; removed at exit), not root (whose ~/.bashrc runs pyenv init)"
else
	echo "logins as $(id -un), with whatever rc files its shell reads"
fi
start_sshd a
# sshd reads authorized_keys as the user logging in.
chmod go+rx "$TMP/ssh-a" && chmod go+r "$TMP/ssh-a/authorized_keys"
ssh_client_config
for h in $(seq 1 "$HOSTS"); do fleet_alias "web-$h"; done
cd "$ROOT"
: >"$TMP/targets"
echo "[fleet]" >"$TMP/inventory"
for i in $(seq 1 "$N"); do
	fleet_replica "$FLEET_NEW"
	h=web-$(((i - 1) % HOSTS + 1))
	echo "$h pid=$REPLICA_PID" >>"$TMP/targets"
	echo "t$i ansible_host=$h pid=$REPLICA_PID" >>"$TMP/inventory"
done
{
	echo "[fleet:vars]"
	echo "ansible_ssh_common_args='-F $GOTRIAGE_SSH_CONFIG'"
	echo "ansible_python_interpreter=auto_silent"
} >>"$TMP/inventory"
export ANSIBLE_HOST_KEY_CHECKING=False ANSIBLE_LOCAL_TEMP=$TMP/ansible-local \
	ANSIBLE_REMOTE_TEMP=$TMP/ansible-remote ANSIBLE_NOCOLOR=1 ANSIBLE_DEPRECATION_WARNINGS=False \
	ANSIBLE_SSH_CONTROL_PATH_DIR=$TMP/ansible-cp
echo "$N targets on $HOSTS host aliases (one sshd on 127.0.0.1), $(nproc) cores"

# Each comparison is cut off after CAP seconds (ansible on a loaded 2-core
# machine can take many minutes); a cut-off time prints as ">CAP" and its
# ratio as a lower bound.
CAP=${FLEET_BENCH_CAP:-120}
wall() { # NAME command... -> prints ms, keeps output in $TMP/NAME.out
	local name=$1 t0 t1
	shift
	t0=$(date +%s%N)
	timeout "$CAP" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
	[ $? -eq 124 ] && touch "$TMP/$name.cut"
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}
capped() { [ -e "$TMP/$1.cut" ] && echo ">=" || echo "="; }
# CPU: user+system seconds of the command and the children it waited for
# (ssh clients, ansible's workers), on this side; the sshd side is the
# same host here but not counted.
fleet_ms=$(wall fleet /usr/bin/time -f "%M %U %S" -o "$TMP/fleet.rss" "$GT" fleet --targets "$TMP/targets" \
	--repo "$FLEET_REPO" --jobs 16 --target-timeout 120 --format json)
judged=$(jq -r .judged "$TMP/fleet.out" 2>/dev/null)
[ "$judged" = "$N" ] || fail "fleet judged ${judged:-nothing} of $N: $(jq -c '[.target_list[] | select(.state != "judged") | {name, state, error}] | .[:3]' "$TMP/fleet.out") $(head -c 600 "$TMP/fleet.err")"
ans16_ms=$(wall ans16 /usr/bin/time -f "%M %U %S" -o "$TMP/ans16.rss" ansible fleet -i "$TMP/inventory" -f 16 -m command \
	-a 'gotriage check --format json --pid {{ pid }}')
ok16=$(grep -c '| CHANGED\|| FAILED | rc=1' "$TMP/ans16.out")
ans5_ms=$(wall ans5 /usr/bin/time -f "%M %U %S" -o "$TMP/ans5.rss" ansible fleet -i "$TMP/inventory" -m command \
	-a 'gotriage check --format json --pid {{ pid }}')
ok5=$(grep -c '| CHANGED\|| FAILED | rc=1' "$TMP/ans5.out")
cat >"$TMP/loop.sh" <<EOF
while read -r h p; do
	ssh -F "$GOTRIAGE_SSH_CONFIG" -o BatchMode=yes -n "\$h" gotriage check --format json --pid "\${p#pid=}"
done <"$TMP/targets"
EOF
loop_ms=$(wall loop /usr/bin/time -f "%M %U %S" -o "$TMP/loop.rss" bash "$TMP/loop.sh")
okloop=$(grep -c '"checks"' "$TMP/loop.out")
rss_kb=$(tail -1 "$TMP/fleet.rss" | cut -d" " -f1)
cpu() { tail -1 "$TMP/$1.rss" 2>/dev/null | awk 'NF == 3 { printf "%.1f s CPU", $2 + $3; exit } { printf "CPU ?" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'; }
printf '  %-28s %6s ms  (%s s, %s; goal < 10 s for 50)\n' "gotriage fleet --jobs 16" "$fleet_ms" \
	"$(awk -v a="$fleet_ms" 'BEGIN { printf "%.1f", a / 1000 }')" "$(cpu fleet)"
printf '  %-28s %6s ms  (%s of %s answered, %s; fleet %s %s faster; goal 3x)\n' "ansible -f 16" \
	"$ans16_ms" "$ok16" "$N" "$(cpu ans16)" "$(capped ans16)" "$(ratio "$ans16_ms" "$fleet_ms")"
printf '  %-28s %6s ms  (%s of %s answered, %s; fleet %s %s faster)\n' "ansible (default forks, 5)" \
	"$ans5_ms" "$ok5" "$N" "$(cpu ans5)" "$(capped ans5)" "$(ratio "$ans5_ms" "$fleet_ms")"
printf '  %-28s %6s ms  (%s of %s answered, %s; fleet %s %s faster)\n' "for loop over ssh" "$loop_ms" \
	"$okloop" "$N" "$(cpu loop)" "$(capped loop)" "$(ratio "$loop_ms" "$fleet_ms")"
printf '  %-28s %6s MB  (goal < 100 MB)\n' "gotriage fleet peak RSS" "$((rss_kb / 1024))"
echo "  (a '>=' ratio: that run was cut off after $CAP s; load average: $(cut -d" " -f1-3 /proc/loadavg))"
