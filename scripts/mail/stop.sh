#!/usr/bin/env bash
# Stops the mail system that scripts/mail/start.sh started under DIR, and returns
# only when its processes are gone (so that a start.sh right after it can bind the
# same ports). Keeps everything on disk: servers.env, accounts, mailboxes, TLS files.
# Safe to call when nothing runs.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
[ -d "$1" ] || exit 0
DIR="$(cd "$1" && pwd)"

# Waits up to $2 tenths of a second for process $1 to go; true when it went.
wait_gone() {
  local pid="$1" n="$2"
  while kill -0 "$pid" 2>/dev/null; do
    # A zombie child of ours counts as gone (it holds no ports any more).
    if [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" = Z ]; then return 0; fi
    n=$((n - 1))
    [ "$n" -gt 0 ] || return 1
    sleep 0.1
  done
}

stop_pid() {
  local pidfile="$1" pid
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_gone "$pid" 100; then
      kill -KILL "$pid" 2>/dev/null || true
      wait_gone "$pid" 50 || true
    fi
  fi
  rm -f "$pidfile"
}

# The relay first: on SIGTERM it stops taking mail and finishes the deliveries it
# has already accepted (which need Dovecot's IMAP and LMTP still running).
stop_pid "$DIR/run/relay.pid"

# Dovecot's master stops all of its children before it exits. Its children of the
# DIR are found by the master's pid as parent, to wait for them too.
if [ -f "$DIR/run/master.pid" ]; then
  master="$(cat "$DIR/run/master.pid")"
  children="$(pgrep -P "$master" 2>/dev/null || true)"
  stop_pid "$DIR/run/master.pid"
  for c in $children; do
    wait_gone "$c" 50 || kill -KILL "$c" 2>/dev/null || true
  done
fi
