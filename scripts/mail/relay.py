#!/usr/bin/env python3
"""The SMTP relay between Dovecot's submission service and Dovecot's LMTP, for the
test mail system of scripts/mail/start.sh.

Dovecot's submission service can only relay to an SMTP server (LMTP refuses its
EHLO), so this sits in the middle. It behaves as Exchange Online does for a message
it accepts:

1. it first saves a copy in the sender's "Sent" folder (IMAP APPEND as the sender,
   through a Dovecot master user, flagged \\Seen, the bytes exactly as submitted),
2. then delivers the message to each recipient over LMTP,
3. and answers 250 only when both are done.

The delivery runs in a worker thread that is not cancelled when the client goes
away: a client that disconnects after the final dot still gets its message
delivered (aiosmtpd cancels the handler of a lost connection; the thread goes on).

Switches, read for every message:
- the file DIR/relay-no-sent-copy (or RELAY_NO_SENT_COPY=1 in the environment):
  no Sent copy, as a server that does not save sent mail;
- the file DIR/relay-delay-ms (a number): wait that long after the final dot before
  delivering (to disconnect or restart in the middle of a send).
Recipients not in DIR/users are refused at RCPT with 550.

Usage: relay.py DIR (the same as MAIL_DIR; on the command line so that stop.sh can
tell this DIR's relay by it). Environment: MAIL_DIR, RELAY_PORT, LMTP_PORT, IMAP_PORT; MAIL_OWNER_PID (optional):
when that process is gone, the whole system of MAIL_DIR is stopped (stop.sh), so a
test that dies without cleaning up does not leave servers behind.

On SIGTERM it stops taking connections, finishes the deliveries in progress, exits.
"""

import asyncio
import imaplib
import logging
import os
import re
import signal
import smtplib
import subprocess
import sys
import threading
import time
from pathlib import Path

from aiosmtpd.smtp import SMTP, syntax

MAIL_DIR = Path(os.environ["MAIL_DIR"])
RELAY_PORT = int(os.environ["RELAY_PORT"])
LMTP_PORT = int(os.environ["LMTP_PORT"])
IMAP_PORT = int(os.environ["IMAP_PORT"])
OWNER_PID = int(os.environ.get("MAIL_OWNER_PID", "0") or 0)
HERE = Path(__file__).resolve().parent

log = logging.getLogger("relay")


def local_part_without_detail(address: str) -> str:
    """it+Archive@vraa.gov.lv -> it@vraa.gov.lv (Dovecot's recipient_delimiter)."""
    address = address.strip().strip("<>").lower()
    local, _, domain = address.rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def known_users() -> set:
    """The accounts, read anew each time (add-user.sh takes effect at once)."""
    try:
        lines = (MAIL_DIR / "users").read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return set()
    return {line.split(":", 1)[0].lower() for line in lines if ":" in line}


def master_password() -> str:
    line = (MAIL_DIR / "master-users").read_text(encoding="utf-8").strip()
    # relay:{PLAIN}secret
    return line.split(":", 1)[1].removeprefix("{PLAIN}")


def sent_copy_on() -> bool:
    if os.environ.get("RELAY_NO_SENT_COPY", "") not in ("", "0"):
        return False
    return not (MAIL_DIR / "relay-no-sent-copy").exists()


class DeliveryError(Exception):
    def __init__(self, reply: str):
        super().__init__(reply)
        self.reply = reply


def as_submitted(message: bytes) -> bytes:
    """The message without the Received header that Dovecot's submission service put
    on top (the only hop before us): the Sent copy is what the client wrote, as in
    Exchange's Sent Items."""
    if not message.startswith(b"Received:"):
        return message
    end = 0
    while True:
        nl = message.find(b"\n", end)
        if nl < 0:
            return message
        end = nl + 1
        # Folded header lines start with white space.
        if message[end : end + 1] not in (b" ", b"\t"):
            return message[end:]


def save_sent_copy(owner: str, message: bytes) -> None:
    """IMAP APPEND to the owner's Sent folder, logged in as owner*relay (master user)."""
    message = as_submitted(message)
    imap = imaplib.IMAP4("127.0.0.1", IMAP_PORT, timeout=60)
    try:
        imap.login(f"{owner}*relay", master_password())
        typ, data = imap.append("Sent", r"(\Seen)", imaplib.Time2Internaldate(time.time()), message)
        if typ != "OK":
            raise DeliveryError(f"451 4.3.0 could not save the copy in Sent: {data!r}")
        imap.logout()
    finally:
        try:
            imap.shutdown()
        except OSError:
            pass


def deliver_lmtp(sender: str, recipient: str, message: bytes) -> None:
    """One LMTP transaction per recipient: Python's smtplib reads one reply after DATA,
    while LMTP sends one per recipient."""
    lmtp = smtplib.LMTP("127.0.0.1", LMTP_PORT, timeout=60)
    try:
        lmtp.sendmail(sender, [recipient], message)
    except smtplib.SMTPRecipientsRefused as e:
        code, text = e.recipients[recipient]
        raise DeliveryError(f"{code} {text.decode(errors='replace')}") from e
    except smtplib.SMTPResponseException as e:
        raise DeliveryError(f"{e.smtp_code} {e.smtp_error.decode(errors='replace')}") from e
    finally:
        try:
            lmtp.quit()
        except (smtplib.SMTPException, OSError):
            lmtp.close()


def delay_seconds() -> float:
    """DIR/relay-delay-ms: wait this long after the final dot before delivering, so a
    test can disconnect, or stop the servers, while a message is in flight."""
    try:
        return int((MAIL_DIR / "relay-delay-ms").read_text().strip() or 0) / 1000
    except (FileNotFoundError, ValueError):
        return 0.0


def deliver(sender: str, login: str, recipients: list, message: bytes) -> str:
    """Runs in a worker thread; returns the SMTP reply for the client."""
    try:
        delay = delay_seconds()
        if delay:
            log.info("waiting %.1f s before delivering (relay-delay-ms)", delay)
            time.sleep(delay)
        # The Sent copy goes to the authenticated user when the submission service
        # told us who that is (XCLIENT LOGIN), else to the envelope sender.
        owner = local_part_without_detail(login or sender) if (login or sender) else ""
        if sent_copy_on():
            if owner in known_users():
                save_sent_copy(owner, message)
                log.info("saved a copy in Sent of %s", owner)
            else:
                log.info("no Sent copy: sender %r has no mailbox here", owner)
        else:
            log.info("no Sent copy: switched off")
        for rcpt in recipients:
            deliver_lmtp(sender, rcpt, message)
            log.info("delivered to %s", rcpt)
        return "250 2.0.0 Ok: delivered"
    except DeliveryError as e:
        log.warning("delivery failed: %s", e.reply)
        return e.reply
    except Exception as e:  # noqa: BLE001 - any failure is a temporary one for the client
        log.exception("delivery failed")
        return f"451 4.3.0 delivery failed, try again later: {e}"


class Handler:
    def __init__(self):
        self.inflight = set()
        self.stopping = False

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        # While stopping, connections already open take no new message (the client
        # tries again later, as with a real server going down).
        if self.stopping:
            return "421 4.3.2 Service shutting down, try again later"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 Ok"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if local_part_without_detail(address) not in known_users():
            log.info("refused unknown recipient %s", address)
            return (
                # Dovecot's submission service puts the address in front itself.
                "550 5.1.1 Recipient address rejected: "
                "no such mailbox on this server (RecipientNotFound)"
            )
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server, session, envelope):
        message = envelope.original_content or b""
        login = getattr(session, "xclient_login", "") or ""
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(
            None, deliver, envelope.mail_from or "", login, list(envelope.rcpt_tos), message
        )
        self.inflight.add(future)
        future.add_done_callback(self.inflight.discard)
        # shield: if the client disconnects, aiosmtpd cancels this coroutine, but the
        # delivery in the worker thread goes on to the end.
        return await asyncio.shield(future)


class RelaySMTP(SMTP):
    """aiosmtpd's SMTP with the XCLIENT extension (Postfix's), which Dovecot's
    submission service uses with submission_relay_trusted = yes to pass on who
    logged in."""

    @syntax("XCLIENT attribute=value ...")
    async def smtp_XCLIENT(self, arg):
        if self.envelope is not None and self.envelope.mail_from:
            await self.push("503 5.5.1 XCLIENT not allowed in a mail transaction")
            return
        for item in (arg or "").split():
            name, _, value = item.partition("=")
            if name.upper() == "LOGIN" and value not in ("", "[UNAVAILABLE]", "[TEMPUNAVAIL]"):
                self.session.xclient_login = xtext_decode(value)
        log.info("XCLIENT %s", arg)
        # As after XCLIENT in Postfix: a new greeting, the client says EHLO again.
        self.session.host_name = None
        self.session.extended_smtp = False
        await self.push(f"220 {self.hostname} ESMTP relay")


def xtext_decode(value: str) -> str:
    """RFC 3461 xtext: "+XX" is the byte with hex code XX."""
    return re.sub(r"\+([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), value)


def xclient_ehlo_hook(handler):
    async def handle_EHLO(server, session, envelope, hostname, responses):
        session.host_name = hostname
        # Offer XCLIENT before the final "250 " line.
        last = responses.pop()
        responses.append("250-XCLIENT ADDR PORT PROTO HELO LOGIN TTL TIMEOUT DESTADDR DESTPORT")
        # Without it Dovecot prefixes our replies with its own "5.0.0"/"2.0.0".
        responses.append("250-ENHANCEDSTATUSCODES")
        responses.append(last)
        return responses

    handler.handle_EHLO = handle_EHLO


async def watch_owner(stop):
    """Stops the whole mail system when the test process that started it is gone."""
    while OWNER_PID:
        await asyncio.sleep(1)
        try:
            os.kill(OWNER_PID, 0)
        except ProcessLookupError:
            log.info("owner process %d is gone: stopping the mail system", OWNER_PID)
            subprocess.Popen(
                ["bash", str(HERE / "stop.sh"), str(MAIL_DIR)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            return
        except PermissionError:
            pass


async def main():
    handler = Handler()
    xclient_ehlo_hook(handler)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: RelaySMTP(
            handler,
            hostname="relay.localhost",
            ident="VRAA Desk test relay",
            data_size_limit=50 * 1024 * 1024,
            enable_SMTPUTF8=True,
            decode_data=False,
        ),
        host="127.0.0.1",
        port=RELAY_PORT,
        reuse_address=True,
    )
    log.info("relay listening on 127.0.0.1:%d (LMTP %d, IMAP %d)", RELAY_PORT, LMTP_PORT, IMAP_PORT)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    watcher = asyncio.create_task(watch_owner(stop))
    await stop.wait()
    watcher.cancel()
    log.info("stopping: no new connections; finishing %d deliveries", len(handler.inflight))
    handler.stopping = True
    server.close()
    if handler.inflight:
        await asyncio.wait(list(handler.inflight), timeout=60)
    log.info("stopped")


if __name__ == "__main__":
    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    # Delivery threads are not daemons: the interpreter waits for them at exit too.
    threading.excepthook = lambda args: log.error("thread failed: %s", args.exc_value)
    asyncio.run(main())
