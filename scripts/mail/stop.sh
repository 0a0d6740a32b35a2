#!/usr/bin/env bash
# Stops the mail system that scripts/mail/start.sh started under DIR (with OAuth, the
# OpenID provider too), and returns only when its processes are gone (so that a start.sh right after it can bind the
# same ports). Keeps everything on disk: servers.env, accounts, mailboxes, TLS files.
# Safe to call when nothing runs.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
[ -d "$1" ] || exit 0
DIR="$(cd "$1" && pwd)"

# True while the process lives. A zombie counts as gone: it holds no ports any more,
# and waits only for its parent (or init) to reap it.
alive() {
  kill -0 "$1" 2>/dev/null && [ "$(ps -o stat= -p "$1" 2>/dev/null | cut -c1)" != Z ]
}

# Waits until none of the given processes lives, at most $1 times 20 ms; true when
# they all went.
wait_gone() {
  local n="$1" pid left
  shift
  while :; do
    left=""
    for pid in "$@"; do
      if alive "$pid"; then left=1; break; fi
    done
    [ -n "$left" ] || return 0
    n=$((n - 1))
    [ "$n" -gt 0 ] || return 1
    sleep 0.02
  done
}

# SIGTERM, up to $1 times 20 ms to go, then SIGKILL.
stop_pids() {
  local n="$1"
  shift
  [ $# -gt 0 ] || return 0
  kill -TERM "$@" 2>/dev/null || true
  if ! wait_gone "$n" "$@"; then
    kill -KILL "$@" 2>/dev/null || true
    wait_gone 250 "$@" || true
  fi
}

# The pid in pid file $1 if that process is still the one started for this DIR (its
# command line, joined by spaces and ending in one, contains $2): after a crash or a
# reboot the number may belong to an unrelated process by now.
pid_from() {
  local pid
  [ -f "$1" ] || return 0
  pid="$(cat "$1")"
  case "$pid" in '' | *[!0-9]*) return 0 ;; esac
  if { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF -- "$2"; then
    echo "$pid"
  fi
}

# The relay first: on SIGTERM it stops taking mail and finishes the deliveries it
# has already accepted (which need Dovecot's IMAP and LMTP still running).
relay="$(pid_from "$DIR/run/relay.pid" "relay.py $DIR ")"
if [ -n "$relay" ]; then
  stop_pids 3000 "$relay"
  rm -f "$DIR/run/relay.pid"
fi

# Dovecot: the master and all of its processes, found by this system's own instance
# name (start.sh), together. The master alone would stop its children too, but keeps
# its log process a second longer, and some children can outlive it (a submission
# process whose client left in the middle of a message). SIGTERM to each is what the
# master would send them anyway.
master="$(pid_from "$DIR/run/master.pid" "-c $DIR/dovecot.conf ")"
procs=()
if [ -n "$master" ] && alive "$master"; then procs+=("$master"); fi
if [ -s "$DIR/instance-name" ]; then
  instance="$(cat "$DIR/instance-name")"
  # shellcheck disable=SC2207
  procs+=($(pgrep -f "^dovecot-$instance/" || true))
fi
# The OpenID provider (MAIL_OAUTH=1) with them: it holds nothing worth waiting for.
oidc="$(pid_from "$DIR/run/oidc.pid" "--port-file $DIR/run/oidc.port ")"
if [ -n "$oidc" ] && alive "$oidc"; then procs+=("$oidc"); fi
stop_pids 500 "${procs[@]}"
rm -f "$DIR/run/master.pid" "$DIR/run/oidc.pid" "$DIR/run/oidc.port"
