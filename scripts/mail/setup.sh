#!/usr/bin/env bash
# Installs what scripts/mail/start.sh needs: real mail servers on loopback for the
# tests of the e-mail channel (Dovecot for IMAP, submission and LMTP; openssl for the
# test CA; Python's aiosmtpd for the relay between submission and LMTP).
# Idempotent: every step is skipped when already done, so it is cheap to call from
# scripts/setup.sh on every run.
set -euo pipefail

# Debian's Dovecot 2.3. --no-install-recommends: the recommends pull in ssl-cert and
# a system service setup we do not use (start.sh runs its own Dovecot per test dir).
APT_PACKAGES=(dovecot-imapd dovecot-submissiond dovecot-lmtpd openssl)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "mail setup: installing system packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  # The packages' postinst tries to start dovecot as a system service; without
  # systemd (containers, CI) that fails harmlessly, and the install still succeeds.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The relay (scripts/mail/relay.py) runs with the python3 found on PATH, so install
# aiosmtpd for exactly that interpreter.
if ! python3 -c "import aiosmtpd" >/dev/null 2>&1; then
  echo "mail setup: installing the Python package aiosmtpd"
  # The second form for a Debian python3 that refuses pip (externally managed);
  # PIP_ROOT_USER_ACTION quiets the warning about running as root (older pips
  # ignore the variable).
  export PIP_ROOT_USER_ACTION=ignore
  python3 -m pip install --quiet --disable-pip-version-check aiosmtpd \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages aiosmtpd
fi
