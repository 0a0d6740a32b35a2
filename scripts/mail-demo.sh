#!/usr/bin/env bash
# A developer's demo of the app's e-mail mode, all on this computer:
#   1. the loopback mail servers of scripts/mail (Dovecot IMAP and submission,
#      the relay), with janis@iestade.gov.lv / Parole-1 and it@vraa.gov.lv / Vraa-1;
#   2. the VRAA sandbox with its e-mail face: it reads it@vraa.gov.lv, files each
#      request mail as the API does, acknowledges it, and mails the simulated
#      staff's moves back in the request's thread;
#   3. prints what to enter in the app's e-mail settings.
# Ctrl-C stops everything. Mail, the sandbox's database and ports are kept in
# DIR (default target/mail-demo) for the next run.
#
#   bash scripts/mail-demo.sh [DIR]
#   STAFF_SPEED=600 SANDBOX_ADDR=127.0.0.1:8787 bash scripts/mail-demo.sh
#
# Needs the packages of scripts/mail/setup.sh and root (Dovecot's mail processes
# run as the dovecot user), as the mail tests do.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=${1:-$ROOT/target/mail-demo}
STAFF_SPEED=${STAFF_SPEED:-120}
SANDBOX_ADDR=${SANDBOX_ADDR:-127.0.0.1:8787}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}

mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
MAIL_DIR=$DIR/mail
# Dovecot's unix sockets live under the mail directory, and a socket path may
# have at most 108 bytes: a deep checkout keeps its mail under /tmp instead.
if [ "${#MAIL_DIR}" -gt 48 ]; then
    MAIL_DIR=/tmp/vraa-mail-demo
fi

SANDBOX_PID=
cleanup() {
    trap - EXIT INT TERM
    echo
    echo "Stopping…"
    if [ -n "$SANDBOX_PID" ] && kill -0 "$SANDBOX_PID" 2>/dev/null; then
        kill -INT "$SANDBOX_PID" 2>/dev/null || true
        wait "$SANDBOX_PID" 2>/dev/null || true
    fi
    bash "$ROOT/scripts/mail/stop.sh" "$MAIL_DIR" || true
}
trap cleanup EXIT INT TERM

echo "Building vraa-sandbox (with its e-mail face)…"
(cd "$ROOT" && cargo build -q -p vraa-sandbox)
BIN=$TARGET/debug/vraa-sandbox

echo "Starting the mail servers in $MAIL_DIR…"
# The mail system stops itself should this script die without cleaning up.
MAIL_OWNER_PID=$$ bash "$ROOT/scripts/mail/start.sh" "$MAIL_DIR" >/dev/null
# shellcheck disable=SC1091
. "$MAIL_DIR/servers.env"

"$BIN" --addr "$SANDBOX_ADDR" --db "$DIR/sandbox.sqlite3" --seed demo \
    --staff-speed "$STAFF_SPEED" \
    --mail-imap "127.0.0.1:$IMAP_PORT" --mail-smtp "127.0.0.1:$SUBMISSION_PORT" \
    --mail-user it@vraa.gov.lv --mail-password Vraa-1 \
    2>>"$DIR/sandbox.log" &
SANDBOX_PID=$!

# The first start seeds two years of demo history: wait until it serves.
for _ in $(seq 1 600); do
    if ! kill -0 "$SANDBOX_PID" 2>/dev/null; then
        echo "The sandbox did not start; see $DIR/sandbox.log" >&2
        tail -n 20 "$DIR/sandbox.log" >&2 || true
        exit 1
    fi
    if grep -q "VRAA e-mail face:" "$DIR/sandbox.log" 2>/dev/null \
        && (exec 3<>"/dev/tcp/${SANDBOX_ADDR%:*}/${SANDBOX_ADDR##*:}") 2>/dev/null; then
        break
    fi
    sleep 0.5
done

cat <<TEXT

VRAA Desk e-mail demo is running (Ctrl-C stops everything).

In the app: Settings → connection → e-mail, enter
  E-pasta adrese / address:       janis@iestade.gov.lv
  Parole / password:              Parole-1
  Kontaktpersona / contact:       Jānis Kļaviņš
  Iestāde / institution:          Valsts vides dienests
  IMAP:                           127.0.0.1  port $IMAP_PORT   TLS: No encryption (only to this computer)
  SMTP (submission):              127.0.0.1  port $SUBMISSION_PORT   TLS: No encryption (only to this computer)
  VRAA's address:                 it@vraa.gov.lv

VRAA's side: the sandbox on http://$SANDBOX_ADDR (its log: $DIR/sandbox.log), its
simulated staff at $STAFF_SPEED simulated seconds per second; a request sent by mail
is acknowledged within a second or two and then moves on by itself.
Mailboxes: $MAIL_DIR/mail (Maildir), IMAPS $IMAPS_PORT / submissions $SUBMISSIONS_PORT
with the test CA $CA_CERT.
TEXT

wait "$SANDBOX_PID"
