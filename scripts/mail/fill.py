#!/usr/bin/env python3
"""Puts N unrelated messages into an account's INBOX of the test mail system in DIR:

    scripts/mail/fill.py DIR address N [--unseen]

For the tests that need a big mailbox (the app must find VRAA's replies among
thousands of other messages). Fast: the messages are written as Maildir files
directly (tmp/ then renamed into cur/, as Maildir wants, so a running Dovecot never
sees half a file), then Dovecot is asked once for the INBOX's status, which makes it
index them all; 10,000 messages take a few seconds.

The messages are varied: subjects, senders (some with Latvian names, encoded as
RFC 2047 words), dates spread over the last year (the file times too, which Dovecot
takes as the INTERNALDATE), plain-text bodies with Latvian letters. They are marked
read (\\Seen) unless --unseen is given.
"""

import base64
import os
import random
import socket
import subprocess
import sys
import time
from email.utils import formatdate
from pathlib import Path

SENDERS = [
    ("Jānis Bērziņš", "janis.berzins@vid.gov.lv"),
    ("Līga Ozoliņa", "liga.ozolina@vm.gov.lv"),
    ("Andris Kalniņš", "andris.kalnins@lvgmc.lv"),
    ("Ilze Šmite", "ilze.smite@varam.gov.lv"),
    ("Kārlis Vītols", "karlis.vitols@iem.gov.lv"),
    ("Service Desk", "noreply@servicedesk.example"),
    ("Mārtiņš Zariņš", "martins.zarins@csp.gov.lv"),
    ("Ēriks Čakste", "eriks.cakste@tm.gov.lv"),
    ("Newsletter", "news@newsletter.example"),
    ("Žanna Ķīse", "zanna.kise@lad.gov.lv"),
]
TOPICS = [
    "Sanāksmes protokols",
    "Atvaļinājuma grafiks",
    "Rēķins Nr. {n}",
    "Par dokumentu saskaņošanu",
    "Weekly report {n}",
    "Jautājums par līgumu",
    "Mācību kurss: drošība e-pastā",
    "Printeris 3. stāvā nedarbojas",
    "Re: Budžeta projekts {year}",
    "Ielūgums: kolēģu tikšanās",
    "Fw: Gada pārskats",
    "Meeting notes",
    "Darba laiks svētku dienās",
    "Ziņojums par incidentu {n}",
    "Ēdnīcas ēdienkarte",
]
BODIES = [
    "Labdien!\n\nPielikumā nosūtu dokumentu saskaņošanai. Lūdzu atbildēt līdz piektdienai.\n\nAr cieņu,\n{name}\n",
    "Sveiki,\n\natgādinu par rītdienas sanāksmi plkst. 10:00 zālē Nr. 2.\n\n{name}\n",
    "Hello,\n\nplease find the weekly figures below.\n\nRegards,\n{name}\n",
    "Labdien!\n\nVai varat apstiprināt, ka saņēmāt iepriekšējo vēstuli? Paldies.\n\n{name}\n",
    "Godātie kolēģi!\n\nInformējam, ka ēkā notiks plānoti elektroapgādes darbi. Lūdzam saglabāt darbu.\n\n{name}\n",
]


def encoded_word(text: str) -> str:
    """RFC 2047 for non-ASCII header text (Latvian letters), plain ASCII otherwise."""
    if text.isascii():
        return text
    return "=?UTF-8?B?" + base64.b64encode(text.encode("utf-8")).decode("ascii") + "?="


def message(i: int, to: str, when: float, rnd: random.Random) -> bytes:
    name, addr = rnd.choice(SENDERS)
    subject = rnd.choice(TOPICS).format(n=rnd.randint(100, 99999), year=2026)
    body = rnd.choice(BODIES).format(name=name)
    headers = [
        f"Return-Path: <{addr}>",
        f"From: {encoded_word(name)} <{addr}>",
        f"To: {to}",
        f"Subject: {encoded_word(subject)}",
        f"Date: {formatdate(when, localtime=False)}",
        f"Message-ID: <fill-{i}-{rnd.getrandbits(48):012x}@fill.example>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
    ]
    # LF line ends on disk, as Dovecot stores mail itself (it sends CRLF to clients).
    text = "\n".join(headers) + "\n\n" + body
    return text.encode("utf-8")


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    unseen = "--unseen" in sys.argv[1:]
    if len(args) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    mail_dir, address, count = Path(args[0]).resolve(), args[1].lower(), int(args[2])
    users = (mail_dir / "users").read_text(encoding="utf-8").splitlines()
    if not any(line.split(":", 1)[0] == address for line in users):
        print(f"fill: no such account in {mail_dir}: {address}", file=sys.stderr)
        return 1
    local, domain = address.split("@", 1)
    maildir = mail_dir / "mail" / domain / local / "Maildir"

    # The files must belong to the mail user (Dovecot's mail processes run as dovecot).
    try:
        import pwd

        pw = pwd.getpwnam("dovecot")
        uid, gid = pw.pw_uid, pw.pw_gid
    except (ImportError, KeyError):
        uid = gid = -1
    owned = []
    for d in (maildir.parent.parent, maildir.parent, maildir, maildir / "tmp", maildir / "new", maildir / "cur"):
        if not d.exists():
            d.mkdir(mode=0o700)
            owned.append(d)
    if os.geteuid() == 0 and uid >= 0:
        for d in owned:
            os.chown(d, uid, gid)

    rnd = random.Random(f"{address}-{count}-{time.time_ns()}")
    host = socket.gethostname().replace("/", "_").replace(":", "_")
    now = time.time()
    flags = "" if unseen else "S"
    pid = os.getpid()
    for i in range(count):
        # Oldest first, over the last year, so UIDs follow the dates.
        when = now - 365 * 86400 * (count - i) / max(count, 1) - rnd.randint(0, 3600)
        data = message(i, address, when, rnd)
        base = f"{int(when)}.M{i}P{pid}Q{rnd.getrandbits(32):08x}.{host},S={len(data)}"
        tmp = maildir / "tmp" / base
        with open(tmp, "wb") as f:
            f.write(data)
        if uid >= 0 and os.geteuid() == 0:
            os.chown(tmp, uid, gid)
        os.utime(tmp, (when, when))
        os.rename(tmp, maildir / "cur" / f"{base}:2,{flags}")

    # Let Dovecot index them now (a status request syncs the mailbox), so the first
    # client that opens the INBOX does not wait for 10,000 files to be scanned.
    # Without a running Dovecot (a test that stopped the servers) it indexes them at
    # the next start instead.
    pid_file = mail_dir / "run" / "master.pid"
    if pid_file.exists():
        done = subprocess.run(
            ["doveadm", "-c", str(mail_dir / "dovecot.conf"), "mailbox", "status", "-u", address, "messages", "INBOX"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        if done.returncode != 0:
            print(f"fill: Dovecot could not index the INBOX: {done.stderr.strip()}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
