#!/usr/bin/env bash
# Adds (or changes the password of) a mail account of the test system in DIR:
#   scripts/mail/add-user.sh DIR address password
# Dovecot's passwd-file is re-read when it changes and the auth cache is off, so the
# account works without a restart as soon as this returns; the relay reads the same
# file for every recipient, so mail to it is accepted then too.
set -euo pipefail

[ $# -eq 3 ] || { echo "usage: $0 DIR address password" >&2; exit 2; }
DIR="$1"
# Addresses are case-insensitive; Dovecot is told to lowercase them (%Lu), so store
# them lowercased.
ADDR="$(printf '%s' "$2" | tr '[:upper:]' '[:lower:]')"
PASS="$3"

# ':' separates the passwd-file's fields, a newline its lines: neither may appear.
case "$ADDR$PASS" in
  *:* | *$'\n'*) echo "add-user: address and password may not contain ':' or a newline" >&2; exit 2 ;;
esac
case "$ADDR" in
  ?*@?*.?*) ;;
  *) echo "add-user: not an address: $ADDR" >&2; exit 2 ;;
esac

USERS="$DIR/users"
touch "$USERS"
# Replace an existing line for this address, keep the others. Written to a temp file
# and renamed, so Dovecot and the relay never read a half-written file.
tmp="$(mktemp "$DIR/users.XXXXXX")"
awk -F: -v a="$ADDR" '$1 != a' "$USERS" >"$tmp"
printf '%s:{PLAIN}%s::::::\n' "$ADDR" "$PASS" >>"$tmp"
if getent group dovecot >/dev/null 2>&1; then chgrp dovecot "$tmp"; fi
chmod 0640 "$tmp"
# Dovecot notices a changed passwd-file by its mtime (whole seconds) and size; a new
# password of the same length written within the same second would go unnoticed, so
# the new file's mtime is always later than the old one's.
old_mtime="$(stat -c %Y "$USERS")"
now="$(date +%s)"
if [ "$old_mtime" -ge "$now" ]; then
  touch -d "@$((old_mtime + 1))" "$tmp"
fi
mv "$tmp" "$USERS"
# Dovecot also looks at the file at most once per second (passwd_file_sync in
# db-passwd-file.c): a lookup made earlier in this second means that later lookups in
# it still see the old file. Return only once this second is over, so that every
# login after this command sees the new account.
# (Not needed while Dovecot is not running: it reads the file afresh at start.)
if [ -f "$DIR/run/master.pid" ] && kill -0 "$(cat "$DIR/run/master.pid")" 2>/dev/null; then
  written="$(date +%s)"
  while [ "$(date +%s)" -le "$written" ]; do sleep 0.05; done
fi
