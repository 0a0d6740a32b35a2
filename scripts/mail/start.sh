#!/usr/bin/env bash
# Starts a complete, isolated mail system on loopback under DIR, for the tests of the
# e-mail channel:
#
#   client --SMTP AUTH--> Dovecot submission --SMTP--> relay.py (aiosmtpd)
#          --LMTP--> Dovecot LMTP --> recipient's Maildir <--IMAP-- client
#
# The relay plays Exchange Online's part: it first saves a copy of every accepted
# message in the sender's Sent folder, then delivers it to each recipient, and only
# then answers 250 (see relay.py).
#
# Everything lives under DIR (config, Dovecot's base_dir and state_dir, maildirs,
# TLS files, logs, pid files), and the ports are chosen free at the first start, so
# several tests can each run their own system at once. A second start of the same DIR
# (after stop.sh) reads the ports back from DIR/servers.env and keeps the mailboxes,
# so a test can restart the servers in the middle of a send.
#
# OAuth 2.0 (MAIL_OAUTH=1 at the first start, kept in servers.env for the restarts):
# also starts a real OpenID Connect provider that plays Microsoft's sign-in
# (tests/oidc/provider.mjs, oidc-provider on Node), and Dovecot then also accepts SASL
# XOAUTH2 and OAUTHBEARER with the access tokens it issues, checking each by token
# introspection (RFC 7662) at the provider: the token must be active, carry the
# protocol's Outlook scope and belong to the user who logs in. Passwords keep working.
# Environment read at the first start: OIDC_TENANT (default iestade-test),
# OIDC_ACCESS_TOKEN_TTL (seconds, default 3600).
#
# Returns only when every port accepts connections. Writes DIR/servers.env; prints
# only DIR's path on stdout. Exit 3: the mail packages are missing (run setup.sh).
set -euo pipefail

usage() { echo "usage: $0 DIR" >&2; exit 2; }
[ $# -eq 1 ] || usage
HERE="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$1"
DIR="$(cd "$1" && pwd)"

# dovecot lives in /usr/sbin, which a non-login shell's PATH may lack.
PATH="$PATH:/usr/sbin:/sbin"

# Without the packages nothing below can work: say what to run instead of failing
# somewhere in the middle.

# PYTHON: the interpreter behind python3 itself, asked once: a version manager's
# python3 (pyenv's shim) costs a quarter of a second at every call.
PYTHON="$(python3 -c "import importlib.util as u, sys; print(sys.executable if u.find_spec('aiosmtpd') else '')" 2>/dev/null || true)"
if ! command -v dovecot >/dev/null 2>&1 || ! command -v doveadm >/dev/null 2>&1 \
  || [ ! -x /usr/lib/dovecot/submission ] || [ ! -x /usr/lib/dovecot/lmtp ] \
  || ! command -v openssl >/dev/null 2>&1 || [ -z "$PYTHON" ]; then
  echo "mail servers: Dovecot (imapd, submissiond, lmtpd), openssl or Python's aiosmtpd is missing: run scripts/mail/setup.sh" >&2
  exit 3
fi

# OAuth: the first start's choice, or the one servers.env remembers.
MAIL_OAUTH="${MAIL_OAUTH:-0}"
OIDC_TENANT="${OIDC_TENANT:-iestade-test}"
OIDC_ACCESS_TOKEN_TTL="${OIDC_ACCESS_TOKEN_TTL:-3600}"
if [ -f "$DIR/servers.env" ]; then
  # shellcheck disable=SC1091
  . "$DIR/servers.env"
fi
OIDC_DIR="$(cd "$HERE/../../tests/oidc" && pwd)"
if [ "$MAIL_OAUTH" = 1 ]; then
  if ! command -v node >/dev/null 2>&1 || [ ! -f "$OIDC_DIR/node_modules/oidc-provider/package.json" ]; then
    echo "mail servers: OAuth needs Node.js and the npm packages of tests/oidc: run scripts/setup.sh" >&2
    exit 3
  fi
  case "$OIDC_TENANT" in '' | *[!A-Za-z0-9._-]*) echo "mail servers: bad OIDC_TENANT: $OIDC_TENANT" >&2; exit 2 ;; esac
  case "$OIDC_ACCESS_TOKEN_TTL" in '' | *[!0-9]*) echo "mail servers: bad OIDC_ACCESS_TOKEN_TTL: $OIDC_ACCESS_TOKEN_TTL" >&2; exit 2 ;; esac
fi

# Unix socket paths (base_dir/...) are limited to 108 bytes; keep well below.
if [ ${#DIR} -gt 64 ]; then
  echo "mail servers: DIR path is too long for Dovecot's unix sockets (${#DIR} > 64 characters): $DIR" >&2
  exit 2
fi

# A system left running from a previous start of this DIR: refuse rather than fight
# over the ports (stop.sh first). A pid file whose process is not ours any more
# (after a crash) is removed, or Dovecot would refuse to start when the number now
# belongs to another process. (Command lines, joined by spaces, end in a space.)
for f in "$DIR/run/master.pid:-c $DIR/dovecot.conf " "$DIR/run/relay.pid:relay.py $DIR " \
  "$DIR/run/oidc.pid:--port-file $DIR/run/oidc.port "; do
  pidfile="${f%%:*}"
  [ -f "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  if [ -n "$pid" ] && { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF -- "${f#*:}"; then
    echo "mail servers: already running in $DIR (run scripts/mail/stop.sh $DIR first)" >&2
    exit 1
  fi
  rm -f "$pidfile"
done

# Dovecot's mail processes run as the dovecot user (Dovecot refuses uid 0 for mail),
# and its login processes as dovenull; both must be able to walk into DIR, which a
# test's temp dir creates with mode 0700.
chmod 0755 "$DIR"
mkdir -p "$DIR/logs" "$DIR/run" "$DIR/state" "$DIR/mail" "$DIR/tls"
chown dovecot:dovecot "$DIR/mail" "$DIR/state"

# Dovecot names its processes "dovecot-<instance_name>/<service>": a name of this DIR
# alone lets stop.sh find every process of this system, also one that outlived its
# master.
if [ ! -s "$DIR/instance-name" ]; then
  echo "vraa-mail-$(openssl rand -hex 6)" >"$DIR/instance-name"
fi
INSTANCE="$(cat "$DIR/instance-name")"

MAIL_UID="$(id -u dovecot)"
MAIL_GID="$(id -g dovecot)"

# --- TLS: a test CA and a server certificate for localhost and 127.0.0.1 -------------
# Made once per DIR and kept across restarts, so a client that trusts CA_CERT keeps
# trusting the server after a restart.
if [ ! -s "$DIR/tls/server.pem" ]; then
  (
    cd "$DIR/tls"
    # EC P-256 keys: made in milliseconds (RSA keys take most of a start's time).
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 -keyout ca.key -out ca.pem \
      -subj "/CN=VRAA Desk test mail CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
      >/dev/null 2>&1
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out server.csr -subj "/CN=localhost" \
      >/dev/null 2>&1
    printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=digitalSignature,keyEncipherment" \
      "extendedKeyUsage=serverAuth" "subjectAltName=DNS:localhost,IP:127.0.0.1" >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 \
      -extfile server.ext -out server.pem >/dev/null 2>&1
    rm -f server.csr
    # The key is read by Dovecot's master process (root) before it drops privileges.
    chmod 0600 ca.key server.key
  )
fi

# --- accounts -----------------------------------------------------------------------
# passwd-file: user:{PLAIN}password:uid:gid::home. Dovecot re-reads it when it
# changes, so add-user.sh takes effect without a restart. Created only once: users
# added later survive a restart.
if [ ! -f "$DIR/users" ]; then
  : >"$DIR/users"
  "$HERE/add-user.sh" "$DIR" janis@iestade.gov.lv Parole-1
  "$HERE/add-user.sh" "$DIR" it@vraa.gov.lv Vraa-1
fi
# The relay logs in as "sender*relay" (a Dovecot master user) to APPEND the Sent copy.
if [ ! -s "$DIR/master-users" ]; then
  umask 077
  printf 'relay:{PLAIN}%s\n' "$(openssl rand -hex 16)" >"$DIR/master-users"
  umask 022
fi
chgrp dovecot "$DIR/users" "$DIR/master-users"
chmod 0640 "$DIR/users" "$DIR/master-users"
# The secret of the provider's client "dovecot", with which Dovecot introspects.
if [ "$MAIL_OAUTH" = 1 ] && [ ! -s "$DIR/oidc-dovecot-secret" ]; then
  umask 077
  openssl rand -hex 16 >"$DIR/oidc-dovecot-secret"
  umask 022
fi

# --- ports --------------------------------------------------------------------------
# Kept from servers.env on a restart. Otherwise chosen at random below Linux's
# ephemeral range (32768+), so that no outgoing connection of another program can be
# holding one of them, and checked free by binding it.
pick_ports() {
  "$PYTHON" - <<'PY'
import random, socket
ports = []
while len(ports) < 7:
    p = random.randint(20000, 32000)
    if p in ports:
        continue
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p))
    except OSError:
        continue
    finally:
        s.close()
    ports.append(p)
print(" ".join(map(str, ports)))
PY
}

FIXED_PORTS=no
if [ -f "$DIR/servers.env" ]; then
  FIXED_PORTS=yes
fi

write_env() {
  cat >"$DIR/servers.env.tmp" <<EOF
IMAP_PORT=$IMAP_PORT
IMAPS_PORT=$IMAPS_PORT
SUBMISSION_PORT=$SUBMISSION_PORT
SUBMISSIONS_PORT=$SUBMISSIONS_PORT
RELAY_PORT=$RELAY_PORT
LMTP_PORT=$LMTP_PORT
CA_CERT=$DIR/tls/ca.pem
MAIL_OAUTH=$MAIL_OAUTH
EOF
  if [ "$MAIL_OAUTH" = 1 ]; then
    cat >>"$DIR/servers.env.tmp" <<EOF
OIDC_PORT=$OIDC_PORT
OIDC_TENANT=$OIDC_TENANT
OIDC_AUTHORITY=http://127.0.0.1:$OIDC_PORT
OIDC_ISSUER=http://127.0.0.1:$OIDC_PORT/$OIDC_TENANT/v2.0
OIDC_CLIENT_ID=vraa-desk-test
OIDC_ACCESS_TOKEN_TTL=$OIDC_ACCESS_TOKEN_TTL
EOF
  fi
  mv "$DIR/servers.env.tmp" "$DIR/servers.env"
}

# OAuth: one oauth2 passdb per protocol, each asking for the scope Exchange Online
# asks for there (IMAP.AccessAsUser.All for IMAP, SMTP.Send for submission), so that a
# token without it is refused as Microsoft would. Dovecot 2.3's oauth2 passdb:
# introspection_mode = post sends token=... (RFC 7662) to the introspection URL, with
# HTTP Basic from the URL's user:password (the provider's client "dovecot"), and
# refuses the token unless the answer has "active": true, the scope, and a username
# (RFC 7662's field; the provider gives the address) equal to the SASL user after
# username_format. No tokeninfo URL: every login is one introspection.
write_oauth2_conf() {
  local protocol="$1" scope="$2" secret
  secret="$(cat "$DIR/oidc-dovecot-secret")"
  umask 027
  cat >"$DIR/oauth2-$protocol.conf.ext" <<EOF
# Generated by scripts/mail/start.sh: Dovecot's oauth2 passdb for $protocol.
introspection_mode = post
introspection_url = http://dovecot:$secret@127.0.0.1:$OIDC_PORT/$OIDC_TENANT/v2.0/introspect
username_attribute = username
username_format = %Lu
active_attribute = active
active_value = true
scope = $scope
timeout_msecs = 10000
EOF
  umask 022
  chgrp dovecot "$DIR/oauth2-$protocol.conf.ext"
}

write_dovecot_conf() {
  local mechanisms="plain login" password_mechanisms="" oauth2_passdbs=""
  if [ "$MAIL_OAUTH" = 1 ]; then
    write_oauth2_conf imap https://outlook.office.com/IMAP.AccessAsUser.All
    write_oauth2_conf submission https://outlook.office.com/SMTP.Send
    mechanisms="plain login xoauth2 oauthbearer"
    # A bearer token is no password: the passwd-file passdb is for PLAIN and LOGIN.
    password_mechanisms="
  mechanisms = plain login"
    oauth2_passdbs="
# OAuth 2.0 bearer tokens (SASL XOAUTH2, OAUTHBEARER), checked by introspection at the
# test OpenID provider (see start.sh). Per protocol: each asks for its own scope.
protocol imap {
  passdb {
    driver = oauth2
    mechanisms = xoauth2 oauthbearer
    args = $DIR/oauth2-imap.conf.ext
  }
}
protocol submission {
  passdb {
    driver = oauth2
    mechanisms = xoauth2 oauthbearer
    args = $DIR/oauth2-submission.conf.ext
  }
}"
  fi
  cat >"$DIR/dovecot.conf" <<EOF
# Generated by scripts/mail/start.sh for tests on loopback. Not for real mail:
# plain-text passwords and plain-text logins are allowed.
protocols = imap submission lmtp
listen = 127.0.0.1
base_dir = $DIR/run
state_dir = $DIR/state
instance_name = $INSTANCE
log_path = $DIR/logs/dovecot.log
info_log_path = $DIR/logs/dovecot.log
auth_verbose = yes
hostname = localhost
postmaster_address = postmaster@localhost
# Keep the shutdown quick: a stopped test system has nobody to say goodbye to.
shutdown_clients = yes

# Login processes refuse to run as root; mail processes refuse uid 0.
default_login_user = dovenull
default_internal_user = dovecot
default_internal_group = dovecot
first_valid_uid = $MAIL_UID
first_valid_gid = $MAIL_GID

ssl = yes
ssl_cert = <$DIR/tls/server.pem
ssl_key = <$DIR/tls/server.key
ssl_dh = </usr/share/dovecot/dh.pem
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = $mechanisms
# Addresses are case-insensitive (IT@vraa.gov.lv is it@vraa.gov.lv).
auth_username_format = %Lu
auth_master_user_separator = *
# add-user.sh must take effect at once: no cached (negative) lookups.
auth_cache_size = 0
# A refused login answers within half a second (default: after 2 s), so tests of
# wrong passwords stay quick (and see start_all for the penalty of repeated ones).
auth_failure_delay = 0

passdb {
  driver = passwd-file
  master = yes
  args = scheme=PLAIN $DIR/master-users
  pass = yes
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%Lu $DIR/users$password_mechanisms
}$oauth2_passdbs
userdb {
  driver = passwd-file
  args = username_format=%Lu $DIR/users
  default_fields = uid=dovecot gid=dovecot home=$DIR/mail/%d/%n
}

mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    auto = subscribe
    special_use = \\Sent
  }
  mailbox Archive {
    auto = subscribe
    special_use = \\Archive
  }
}

# user+Folder@domain delivers into Folder (not used by the relay, which APPENDs the
# Sent copy, but handy for tests that want mail in a given folder).
recipient_delimiter = +
lmtp_save_to_detail_mailbox = yes
lda_mailbox_autocreate = yes

submission_relay_host = 127.0.0.1
submission_relay_port = $RELAY_PORT
submission_relay_trusted = yes
submission_relay_ssl = no
submission_max_mail_size = 40M

# Connections per user and address. Dovecot's default (10) is kept by its anvil
# process, whose count of a client killed with SIGKILL mid-session (the kill -9
# suites do that hundreds of times) can stay up after the connection is gone:
# "421 Maximum number of connections from user+IP exceeded" with none open. The
# app handles that answer (retries, then stops the run with the server's words;
# nothing lost), so the suites get room.
mail_max_userip_connections = 200

service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $IMAPS_PORT
    ssl = yes
  }
}
service submission-login {
  chroot =
  inet_listener submission {
    address = 127.0.0.1
    port = $SUBMISSION_PORT
  }
  inet_listener submissions {
    address = 127.0.0.1
    port = $SUBMISSIONS_PORT
    ssl = yes
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $LMTP_PORT
  }
}
service anvil {
  chroot =
}
EOF
}

# Waits until every port accepts a TCP connection (Dovecot's master binds them
# itself at start, but the relay needs a moment for Python to start).
wait_ports() {
  "$PYTHON" - "$@" <<'PY'
import socket, sys, time
ports = [int(p) for p in sys.argv[1:]]
deadline = time.monotonic() + 30
for p in ports:
    while True:
        try:
            socket.create_connection(("127.0.0.1", p), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                sys.exit(f"port {p} does not accept connections after 30 s")
            time.sleep(0.02)
PY
}

# The OpenID provider, started first: Node takes the longest of the servers to come
# up (a few tenths of a second), so it does while Dovecot and the relay start. It
# writes the port file once it answers (wait_oidc). Same detachment as the relay.
start_oidc() {
  rm -f "$DIR/run/oidc.port"
  OIDC_ACCESS_TOKEN_TTL="$OIDC_ACCESS_TOKEN_TTL" OIDC_DOVECOT_SECRET="$(cat "$DIR/oidc-dovecot-secret")" \
    setsid node "$OIDC_DIR/provider.mjs" --port "$OIDC_PORT" --tenant "$OIDC_TENANT" --users "$DIR/users" \
    --port-file "$DIR/run/oidc.port" </dev/null >>"$DIR/logs/oidc.log" 2>&1 &
  echo $! >"$DIR/run/oidc.pid"
}

wait_oidc() {
  local pid n=1500
  pid="$(cat "$DIR/run/oidc.pid")"
  while [ ! -s "$DIR/run/oidc.port" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "the OpenID provider exited at start (logs/oidc.log)" >>"$DIR/logs/dovecot-start.log"
      return 1
    fi
    n=$((n - 1))
    if [ "$n" -le 0 ]; then
      echo "the OpenID provider does not answer after 30 s" >>"$DIR/logs/dovecot-start.log"
      return 1
    fi
    sleep 0.02
  done
}

start_all() {
  write_env
  write_dovecot_conf
  if [ "$MAIL_OAUTH" = 1 ]; then
    start_oidc
  fi
  # dovecot daemonises; its output goes to the log, never to the caller's pipes
  # (a test that reads our stdout to EOF would otherwise wait for Dovecot to exit).
  if ! dovecot -c "$DIR/dovecot.conf" </dev/null >>"$DIR/logs/dovecot-start.log" 2>&1; then
    return 1
  fi
  # No penalty for failed logins: Dovecot's auth process delays every login from an
  # address after a failed one (2 s, doubling up to 15 s, the right password too),
  # which would make each test of a wrong password wait. The auth process asks
  # anvil for penalties through this socket when it starts; it starts only with the
  # first login (below), and finding no socket it does without penalties. (Dovecot
  # 2.3.19 has no setting for it: mode = 0 on the listener makes the auth process's
  # start hang for 5 s, and login_trusted_networks does not skip the penalty.)
  rm -f "$DIR/run/anvil-auth-penalty"
  # The relay: setsid so that it does not get the caller's terminal signals; all of
  # its standard streams detached from the caller for the same reason as Dovecot.
  MAIL_DIR="$DIR" RELAY_PORT="$RELAY_PORT" LMTP_PORT="$LMTP_PORT" IMAP_PORT="$IMAP_PORT" \
    setsid "$PYTHON" "$HERE/relay.py" "$DIR" </dev/null >>"$DIR/logs/relay.log" 2>&1 &
  echo $! >"$DIR/run/relay.pid"
  wait_ports "$IMAP_PORT" "$IMAPS_PORT" "$SUBMISSION_PORT" "$SUBMISSIONS_PORT" "$LMTP_PORT" "$RELAY_PORT" \
    2>>"$DIR/logs/dovecot-start.log" || return 1
  if [ "$MAIL_OAUTH" = 1 ]; then
    wait_oidc
  fi
}

tries=0
while :; do
  if [ "$FIXED_PORTS" = no ]; then
    read -r IMAP_PORT IMAPS_PORT SUBMISSION_PORT SUBMISSIONS_PORT RELAY_PORT LMTP_PORT OIDC_PORT < <(pick_ports)
  fi
  if start_all; then
    break
  fi
  # Most likely another test took one of the ports between the check and the bind:
  # stop what did start and, for a first start, try other ports.
  "$HERE/stop.sh" "$DIR" >/dev/null 2>&1 || true
  tries=$((tries + 1))
  if [ "$FIXED_PORTS" = yes ] || [ $tries -ge 3 ]; then
    echo "mail servers: could not start in $DIR; the end of the logs:" >&2
    tail -n 20 "$DIR/logs/dovecot-start.log" "$DIR/logs/dovecot.log" "$DIR/logs/relay.log" \
      "$DIR/logs/oidc.log" >&2 2>/dev/null || true
    exit 1
  fi
  rm -f "$DIR/servers.env"
done

echo "$DIR"
