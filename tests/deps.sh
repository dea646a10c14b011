#!/bin/sh
# Installs the Debian packages that building and testing gotriage need, when
# they are missing and we are root; otherwise prints the apt-get line and fails.
set -u
PKGS="build-essential pkg-config libncurses-dev libcurl4-openssl-dev libelf-dev
libcjson-dev libreadline-dev libcmocka-dev libssl-dev zlib1g-dev libzip-dev
clang libclang-rt-14-dev golang-go git tmux valgrind iproute2 procps
asciinema panicparse curl
golang-google-grpc-dev golang-github-golang-protobuf-1-3-dev
golang-github-go-chi-chi-dev golang-github-gorilla-mux-dev
golang-github-labstack-echo-dev golang-github-gin-gonic-gin-dev
golang-google-genproto-dev golang-golang-x-net-dev
jq openssl libgit2-dev openssh-server openssh-client
ansible time hyperfine locales"
# The static link (Makefile LINK_STATIC) takes libncursesw.a, libtinfo.a,
# libreadline.a, libelf.a and libz.a from libncurses-dev, libreadline-dev,
# libelf-dev and zlib1g-dev above (dpkg -L lists them).
# locales: the de_DE source tests/it/profile_locale.sh compiles into its own
# LOCPATH (a decimal-comma locale; nothing is generated system-wide).

missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null)
	case "$st" in ii*) ;; *) missing="$missing $p" ;; esac
done
# Commands tests need that may already come from outside Debian (NodeSource's
# nodejs ships its own npm; pyenv its own python3): the Debian package is
# installed only when the command is missing. npm: tests/it/buildinfo_esbuild.sh
# (a Go 1.26 binary); readelf: the same; python3: report.sh, modules_pane.sh.
for pc in npm:npm readelf:binutils python3:python3; do
	command -v "${pc%%:*}" >/dev/null 2>&1 || missing="$missing ${pc#*:}"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "gotriage: missing Debian packages; as root run:" >&2
	echo "  apt-get install -y$missing" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || exit 1
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
	echo "deps: apt-get install failed for:$missing" >&2
	exit 1
}
