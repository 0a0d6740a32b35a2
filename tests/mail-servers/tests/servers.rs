//! The mail servers as a client sees them, over plain std TCP, line by line: IMAP
//! LOGIN, SMTP AUTH PLAIN through submission, the relay's Sent copy, refusals,
//! restarts, several systems at once, and the TLS ports through `openssl s_client`.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mail_servers::{MailServers, JANIS, VRAA};

// --- a minimal SMTP client ---------------------------------------------------------

struct Smtp {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

/// An SMTP reply: its code and its text lines (without the code).
#[derive(Debug)]
struct Reply {
    code: u16,
    text: String,
}

impl Smtp {
    fn connect(port: u16) -> io::Result<Smtp> {
        let stream = TcpStream::connect(("127.0.0.1", port))?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        let mut smtp = Smtp {
            reader: BufReader::new(stream.try_clone()?),
            writer: stream,
        };
        let greeting = smtp.reply()?;
        assert_eq!(greeting.code, 220, "greeting: {greeting:?}");
        Ok(smtp)
    }

    fn reply(&mut self) -> io::Result<Reply> {
        let mut text = String::new();
        loop {
            let mut line = String::new();
            if self.reader.read_line(&mut line)? == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "SMTP server closed",
                ));
            }
            let line = line.trim_end();
            let code = line
                .get(..3)
                .and_then(|c| c.parse().ok())
                .ok_or_else(|| io::Error::other(format!("not an SMTP reply: {line:?}")))?;
            text.push_str(line.get(4..).unwrap_or(""));
            text.push('\n');
            if line.as_bytes().get(3) != Some(&b'-') {
                return Ok(Reply { code, text });
            }
        }
    }

    fn command(&mut self, line: &str) -> io::Result<Reply> {
        self.writer.write_all(line.as_bytes())?;
        self.writer.write_all(b"\r\n")?;
        self.reply()
    }

    fn expect(&mut self, line: &str, code: u16) -> Reply {
        let reply = self.command(line).unwrap();
        assert_eq!(reply.code, code, "{line} -> {reply:?}");
        reply
    }

    /// EHLO and AUTH PLAIN.
    fn login(&mut self, user: &str, password: &str) {
        let ehlo = self.expect("EHLO client.test", 250);
        assert!(ehlo.text.contains("AUTH PLAIN"), "{ehlo:?}");
        let token = base64(format!("\0{user}\0{password}").as_bytes());
        self.expect(&format!("AUTH PLAIN {token}"), 235);
    }

    /// MAIL, RCPT and DATA up to the message's final dot; returns DATA's final reply.
    fn send(&mut self, from: &str, to: &[&str], message: &str) -> Reply {
        self.expect(&format!("MAIL FROM:<{from}>"), 250);
        for rcpt in to {
            self.expect(&format!("RCPT TO:<{rcpt}>"), 250);
        }
        self.expect("DATA", 354);
        self.write_data(message);
        self.reply().unwrap()
    }

    fn write_data(&mut self, message: &str) {
        let mut data = String::new();
        for line in message.lines() {
            // Dot-stuffing.
            if line.starts_with('.') {
                data.push('.');
            }
            data.push_str(line);
            data.push_str("\r\n");
        }
        data.push_str(".\r\n");
        self.writer.write_all(data.as_bytes()).unwrap();
    }
}

// --- a minimal IMAP client ---------------------------------------------------------

struct Imap {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    tag: u32,
}

impl Imap {
    fn connect(port: u16) -> io::Result<Imap> {
        let stream = TcpStream::connect(("127.0.0.1", port))?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        let mut imap = Imap {
            reader: BufReader::new(stream.try_clone()?),
            writer: stream,
            tag: 0,
        };
        let greeting = imap.line()?;
        assert!(greeting.starts_with("* OK"), "greeting: {greeting}");
        Ok(imap)
    }

    fn login(port: u16, user: &str, password: &str) -> io::Result<Imap> {
        let mut imap = Imap::connect(port)?;
        let done = imap.command(&format!("LOGIN {} {}", quoted(user), quoted(password)))?;
        if !done.last().is_some_and(|l| l.contains(" OK ")) {
            return Err(io::Error::other(format!("LOGIN refused: {done:?}")));
        }
        Ok(imap)
    }

    /// One response line, with any literals ({n}) that it carries read into it.
    fn line(&mut self) -> io::Result<String> {
        let mut out = Vec::new();
        loop {
            let mut line = Vec::new();
            if self.reader.read_until(b'\n', &mut line)? == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "IMAP server closed",
                ));
            }
            out.extend_from_slice(&line);
            let trimmed = String::from_utf8_lossy(&line).trim_end().to_string();
            let literal = trimmed
                .strip_suffix('}')
                .and_then(|s| s.rsplit_once('{'))
                .and_then(|(_, n)| n.parse::<usize>().ok());
            match literal {
                Some(n) => {
                    let mut buf = vec![0; n];
                    self.reader.read_exact(&mut buf)?;
                    out.extend_from_slice(&buf);
                }
                None => return Ok(String::from_utf8_lossy(&out).trim_end().to_string()),
            }
        }
    }

    /// Sends a tagged command; returns every response line up to and including the
    /// tagged one.
    fn command(&mut self, command: &str) -> io::Result<Vec<String>> {
        self.tag += 1;
        let tag = format!("a{}", self.tag);
        self.writer
            .write_all(format!("{tag} {command}\r\n").as_bytes())?;
        let mut lines = Vec::new();
        loop {
            let line = self.line()?;
            let done = line.starts_with(&format!("{tag} "));
            lines.push(line);
            if done {
                return Ok(lines);
            }
        }
    }

    fn ok(&mut self, command: &str) -> Vec<String> {
        let lines = self.command(command).unwrap();
        let last = lines.last().unwrap();
        assert!(last.contains(" OK"), "{command} -> {lines:?}");
        lines
    }

    /// The number of messages in a folder (SELECT's EXISTS).
    fn select(&mut self, folder: &str) -> usize {
        let lines = self.ok(&format!("SELECT {}", quoted(folder)));
        lines
            .iter()
            .find_map(|l| l.strip_prefix("* ")?.strip_suffix(" EXISTS")?.parse().ok())
            .unwrap_or_else(|| panic!("no EXISTS in {lines:?}"))
    }

    /// The UIDs of the selected folder's messages with this Message-ID.
    fn search_message_id(&mut self, message_id: &str) -> Vec<u32> {
        let lines = self.ok(&format!(
            "UID SEARCH HEADER Message-ID {}",
            quoted(message_id)
        ));
        lines
            .iter()
            .filter_map(|l| l.strip_prefix("* SEARCH"))
            .flat_map(|s| s.split_whitespace().map(|n| n.parse().unwrap()))
            .collect()
    }

    /// FETCH of one message by UID: the untagged response, literals included.
    fn fetch(&mut self, uid: u32, items: &str) -> String {
        let lines = self.ok(&format!("UID FETCH {uid} {items}"));
        lines
            .into_iter()
            .find(|l| l.starts_with("* ") && l.contains(" FETCH "))
            .unwrap_or_default()
    }
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn base64(data: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// RFC 2047 encoded word for a UTF-8 subject.
fn encoded_subject(text: &str) -> String {
    format!("=?utf-8?B?{}?=", base64(text.as_bytes()))
}

const SUBJECT: &str = "Pieprasījums: licences ģimenes ārstiem (Nr. 42)";

fn message(id: &str, to: &str) -> String {
    format!(
        "From: =?utf-8?B?{name}?= <{from}>\r\n\
         To: {to}\r\n\
         Subject: {subject}\r\n\
         Message-ID: <{id}>\r\n\
         Date: Wed, 02 Dec 2026 10:00:00 +0200\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\
         \r\n\
         Labdien!\r\n\
         .Rinda, kas sākas ar punktu.\r\n\
         Ar cieņu, Jānis\r\n",
        name = base64("Jānis Bērziņš".as_bytes()),
        from = JANIS.0,
        subject = encoded_subject(SUBJECT),
    )
}

/// Sends one message from janis through submission (AUTH PLAIN, no TLS).
fn send_from_janis(mail: &MailServers, id: &str, to: &str) -> Reply {
    let mut smtp = Smtp::connect(mail.submission_port()).unwrap();
    smtp.login(JANIS.0, JANIS.1);
    let reply = smtp.send(JANIS.0, &[to], &message(id, to));
    smtp.command("QUIT").ok();
    reply
}

/// Waits (bounded) until the folder holds a message with this Message-ID; its UIDs.
fn wait_for(mail: &MailServers, user: (&str, &str), folder: &str, id: &str) -> Vec<u32> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let mut imap = Imap::login(mail.imap_port(), user.0, user.1).unwrap();
        imap.select(folder);
        let uids = imap.search_message_id(id);
        if !uids.is_empty() || Instant::now() > deadline {
            return uids;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn count_with_id(mail: &MailServers, user: (&str, &str), folder: &str, id: &str) -> usize {
    let mut imap = Imap::login(mail.imap_port(), user.0, user.1).unwrap();
    imap.select(folder);
    imap.search_message_id(id).len()
}

// --- the tests ---------------------------------------------------------------------

#[test]
fn imap_offers_idle_uidplus_move_and_the_folders() {
    let mail = MailServers::start().unwrap();
    let mut imap = Imap::connect(mail.imap_port()).unwrap();
    let before_login = imap.ok("CAPABILITY").join(" ");
    assert!(before_login.contains("STARTTLS"), "{before_login}");
    assert!(!before_login.contains("LOGINDISABLED"), "{before_login}");
    let mut imap = Imap::login(mail.imap_port(), JANIS.0, JANIS.1).unwrap();
    let caps = imap.ok("CAPABILITY").join(" ");
    for cap in ["IDLE", "UIDPLUS", "MOVE", "SPECIAL-USE"] {
        assert!(caps.contains(cap), "{cap} missing in {caps}");
    }
    let list = imap.ok("LIST \"\" \"*\"");
    let has = |name: &str, attr: &str| {
        list.iter()
            .any(|l| l.ends_with(&format!("\"/\" {name}")) && l.contains(attr))
    };
    assert!(has("INBOX", ""), "{list:?}");
    assert!(has("Sent", "\\Sent"), "{list:?}");
    assert!(has("Archive", "\\Archive"), "{list:?}");
    let subscribed = imap.ok("LSUB \"\" \"*\"").join("\n");
    assert!(
        subscribed.contains("Sent") && subscribed.contains("Archive"),
        "{subscribed}"
    );
    // A wrong password is refused.
    assert!(Imap::login(mail.imap_port(), JANIS.0, "wrong").is_err());
}

#[test]
fn a_message_reaches_vraa_and_a_copy_lands_in_the_senders_sent_folder() {
    let mail = MailServers::start().unwrap();
    // Upper case, as the app writes VRAA's address.
    let reply = send_from_janis(&mail, "first@iestade.gov.lv", "IT@vraa.gov.lv");
    assert_eq!(reply.code, 250, "{reply:?}");

    // The 250 comes after both deliveries: no waiting needed.
    let mut vraa = Imap::login(mail.imap_port(), VRAA.0, VRAA.1).unwrap();
    assert_eq!(vraa.select("INBOX"), 1);
    let uids = vraa.search_message_id("first@iestade.gov.lv");
    assert_eq!(uids.len(), 1);
    let fetched = vraa.fetch(uids[0], "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
    assert!(
        fetched.contains(&encoded_subject(SUBJECT)),
        "subject kept as sent: {fetched}"
    );
    assert!(!fetched.contains("\\Seen"), "new mail is unread: {fetched}");
    let body = vraa.fetch(uids[0], "(BODY.PEEK[TEXT])");
    assert!(body.contains(".Rinda, kas sākas ar punktu."), "{body}");

    let mut janis = Imap::login(mail.imap_port(), JANIS.0, JANIS.1).unwrap();
    assert_eq!(janis.select("Sent"), 1);
    let sent = janis.search_message_id("first@iestade.gov.lv");
    assert_eq!(sent.len(), 1);
    let copy = janis.fetch(sent[0], "(FLAGS BODY.PEEK[])");
    assert!(copy.contains("\\Seen"), "the Sent copy is read: {copy}");
    assert!(
        copy.contains(&encoded_subject(SUBJECT)),
        "the Sent copy is the message: {copy}"
    );
    assert!(
        !copy.contains("Received:"),
        "the Sent copy is the message as submitted: {copy}"
    );
    assert_eq!(janis.select("INBOX"), 0, "nothing in the sender's INBOX");

    // The same as files, for tests that look at the maildirs.
    assert_eq!(mail.messages(VRAA.0, "INBOX").unwrap().len(), 1);
    assert_eq!(mail.messages(JANIS.0, "Sent").unwrap().len(), 1);
    assert!(mail.maildir("IT@vraa.gov.lv").join("cur").is_dir());
}

#[test]
fn with_the_sent_copy_off_only_the_recipient_gets_the_message() {
    let mail = MailServers::start().unwrap();
    mail.set_sent_copy(false);
    assert_eq!(
        send_from_janis(&mail, "no-copy@iestade.gov.lv", VRAA.0).code,
        250
    );
    assert_eq!(
        count_with_id(&mail, VRAA, "INBOX", "no-copy@iestade.gov.lv"),
        1
    );
    assert_eq!(
        count_with_id(&mail, JANIS, "Sent", "no-copy@iestade.gov.lv"),
        0
    );

    mail.set_sent_copy(true);
    assert_eq!(
        send_from_janis(&mail, "copy-again@iestade.gov.lv", VRAA.0).code,
        250
    );
    assert_eq!(
        count_with_id(&mail, JANIS, "Sent", "copy-again@iestade.gov.lv"),
        1
    );
}

#[test]
fn an_unknown_recipient_is_refused_with_550() {
    let mail = MailServers::start().unwrap();
    let mut smtp = Smtp::connect(mail.submission_port()).unwrap();
    smtp.login(JANIS.0, JANIS.1);
    smtp.expect(&format!("MAIL FROM:<{}>", JANIS.0), 250);
    let reply = smtp.command("RCPT TO:<nav.tada@vraa.gov.lv>").unwrap();
    assert_eq!(reply.code, 550, "{reply:?}");
    assert!(
        reply.text.contains("nav.tada@vraa.gov.lv") && reply.text.contains("RecipientNotFound"),
        "{reply:?}"
    );
    // The transaction goes on for the known recipient.
    smtp.expect(&format!("RCPT TO:<{}>", VRAA.0), 250);
    smtp.expect("DATA", 354);
    smtp.write_data(&message("partly@iestade.gov.lv", VRAA.0));
    assert_eq!(smtp.reply().unwrap().code, 250);
    assert_eq!(
        count_with_id(&mail, VRAA, "INBOX", "partly@iestade.gov.lv"),
        1
    );
}

#[test]
fn a_wrong_password_is_refused_by_submission() {
    let mail = MailServers::start().unwrap();
    let mut smtp = Smtp::connect(mail.submission_port()).unwrap();
    smtp.expect("EHLO client.test", 250);
    let token = base64(format!("\0{}\0wrong", JANIS.0).as_bytes());
    let reply = smtp.command(&format!("AUTH PLAIN {token}")).unwrap();
    assert_eq!(reply.code, 535, "{reply:?}");
}

#[test]
fn a_restart_keeps_ports_accounts_and_mail() {
    let mail = MailServers::start().unwrap();
    mail.add_user("anna@iestade.gov.lv", "Parole-2").unwrap();
    assert_eq!(
        send_from_janis(&mail, "before@iestade.gov.lv", VRAA.0).code,
        250
    );
    let ports = (
        mail.imap_port(),
        mail.imaps_port(),
        mail.submission_port(),
        mail.submissions_port(),
    );

    mail.restart().unwrap();
    assert_eq!(
        ports,
        (
            mail.imap_port(),
            mail.imaps_port(),
            mail.submission_port(),
            mail.submissions_port()
        )
    );
    assert_eq!(
        count_with_id(&mail, VRAA, "INBOX", "before@iestade.gov.lv"),
        1
    );
    assert_eq!(
        count_with_id(&mail, JANIS, "Sent", "before@iestade.gov.lv"),
        1
    );
    Imap::login(mail.imap_port(), "anna@iestade.gov.lv", "Parole-2").unwrap();
    assert_eq!(
        send_from_janis(&mail, "after@iestade.gov.lv", VRAA.0).code,
        250
    );
    assert_eq!(
        count_with_id(&mail, VRAA, "INBOX", "after@iestade.gov.lv"),
        1
    );
}

#[test]
fn stopped_servers_refuse_connections_until_started_again() {
    let mail = MailServers::start().unwrap();
    mail.stop().unwrap();
    for port in [
        mail.imap_port(),
        mail.imaps_port(),
        mail.submission_port(),
        mail.submissions_port(),
        mail.relay_port(),
        mail.lmtp_port(),
    ] {
        let refused = TcpStream::connect(("127.0.0.1", port)).unwrap_err();
        assert_eq!(refused.kind(), io::ErrorKind::ConnectionRefused, "{port}");
    }
    // Stopping twice is fine.
    mail.stop().unwrap();
    mail.start_again().unwrap();
    Imap::login(mail.imap_port(), JANIS.0, JANIS.1).unwrap();
}

#[test]
fn two_systems_at_once_are_separate() {
    let one = MailServers::start().unwrap();
    let two = MailServers::start().unwrap();
    assert_ne!(one.imap_port(), two.imap_port());
    assert_ne!(one.submission_port(), two.submission_port());
    assert_ne!(one.ca_cert(), two.ca_cert());

    assert_eq!(
        send_from_janis(&one, "one@iestade.gov.lv", VRAA.0).code,
        250
    );
    assert_eq!(
        send_from_janis(&two, "two@iestade.gov.lv", VRAA.0).code,
        250
    );
    assert_eq!(count_with_id(&one, VRAA, "INBOX", "one@iestade.gov.lv"), 1);
    assert_eq!(count_with_id(&one, VRAA, "INBOX", "two@iestade.gov.lv"), 0);
    assert_eq!(count_with_id(&two, VRAA, "INBOX", "two@iestade.gov.lv"), 1);
    assert_eq!(count_with_id(&two, VRAA, "INBOX", "one@iestade.gov.lv"), 0);

    // Dropping one leaves the other running.
    let one_imap = one.imap_port();
    drop(one);
    assert!(TcpStream::connect(("127.0.0.1", one_imap)).is_err());
    Imap::login(two.imap_port(), JANIS.0, JANIS.1).unwrap();
}

#[test]
fn an_added_user_works_at_once() {
    let mail = MailServers::start().unwrap();
    mail.add_user("Anna.Liepa@iestade.gov.lv", "Parole-3")
        .unwrap();
    Imap::login(mail.imap_port(), "anna.liepa@iestade.gov.lv", "Parole-3").unwrap();
    assert_eq!(
        send_from_janis(&mail, "to-anna@iestade.gov.lv", "anna.liepa@iestade.gov.lv").code,
        250
    );
    assert_eq!(
        count_with_id(
            &mail,
            ("anna.liepa@iestade.gov.lv", "Parole-3"),
            "INBOX",
            "to-anna@iestade.gov.lv"
        ),
        1
    );
    // A new password replaces the old one.
    mail.add_user("anna.liepa@iestade.gov.lv", "Parole-4")
        .unwrap();
    assert!(Imap::login(mail.imap_port(), "anna.liepa@iestade.gov.lv", "Parole-3").is_err());
    Imap::login(mail.imap_port(), "anna.liepa@iestade.gov.lv", "Parole-4").unwrap();
}

#[test]
fn a_client_that_disconnects_after_the_final_dot_still_gets_its_message_delivered() {
    let mail = MailServers::start().unwrap();
    mail.set_relay_delay(Duration::from_millis(1500));
    let mut smtp = Smtp::connect(mail.submission_port()).unwrap();
    smtp.login(JANIS.0, JANIS.1);
    smtp.expect(&format!("MAIL FROM:<{}>", JANIS.0), 250);
    smtp.expect(&format!("RCPT TO:<{}>", VRAA.0), 250);
    smtp.expect("DATA", 354);
    smtp.write_data(&message("gone@iestade.gov.lv", VRAA.0));
    // Give submission a moment to pass the dot on, then vanish without the reply.
    std::thread::sleep(Duration::from_millis(300));
    drop(smtp);

    assert_eq!(
        wait_for(&mail, VRAA, "INBOX", "gone@iestade.gov.lv").len(),
        1
    );
    assert_eq!(
        wait_for(&mail, JANIS, "Sent", "gone@iestade.gov.lv").len(),
        1
    );
}

#[test]
fn a_stop_in_the_middle_of_a_send_finishes_the_delivery_the_relay_took() {
    let mail = MailServers::start().unwrap();
    mail.set_relay_delay(Duration::from_millis(1500));
    let port = mail.submission_port();
    let sender = std::thread::spawn(move || {
        let mut smtp = Smtp::connect(port).unwrap();
        smtp.login(JANIS.0, JANIS.1);
        smtp.send(
            JANIS.0,
            &[VRAA.0],
            &message("inflight@iestade.gov.lv", VRAA.0),
        )
    });
    std::thread::sleep(Duration::from_millis(700));
    mail.restart().unwrap();
    let reply = sender.join().unwrap();
    // The relay had the message: it finished both deliveries before it stopped.
    assert_eq!(reply.code, 250, "{reply:?}");
    mail.set_relay_delay(Duration::ZERO);
    assert_eq!(
        count_with_id(&mail, VRAA, "INBOX", "inflight@iestade.gov.lv"),
        1
    );
    assert_eq!(
        count_with_id(&mail, JANIS, "Sent", "inflight@iestade.gov.lv"),
        1
    );
}

#[test]
fn fill_inbox_puts_ten_thousand_messages_in_well_under_a_minute() {
    let mail = MailServers::start().unwrap();
    let started = Instant::now();
    mail.fill_inbox(VRAA.0, 10_000).unwrap();
    let took = started.elapsed();
    assert!(took < Duration::from_secs(30), "fill took {took:?}");

    let mut imap = Imap::login(mail.imap_port(), VRAA.0, VRAA.1).unwrap();
    assert_eq!(imap.select("INBOX"), 10_000);
    let unseen = imap.ok("SEARCH UNSEEN");
    assert!(
        unseen.iter().any(|l| l.trim_end() == "* SEARCH"),
        "filled mail is read: {unseen:?}"
    );
    let headers = imap.fetch(
        5_000,
        "(BODY.PEEK[HEADER.FIELDS (FROM SUBJECT MESSAGE-ID)])",
    );
    assert!(headers.contains("Message-ID: <fill-"), "{headers}");
    // Mail sent afterwards lands on top.
    assert_eq!(
        send_from_janis(&mail, "after-fill@iestade.gov.lv", VRAA.0).code,
        250
    );
    assert_eq!(imap.select("INBOX"), 10_001);
}

/// `openssl s_client` against a port (then LOGOUT or QUIT, so the server closes);
/// its output, checked for a handshake whose certificate check succeeded.
fn tls_handshake(mail: &MailServers, port: u16, protocol: &str, starttls: bool) -> String {
    let mut command = Command::new("openssl");
    command
        .args(["s_client", "-connect"])
        .arg(format!("127.0.0.1:{port}"))
        .arg("-CAfile")
        .arg(mail.ca_cert())
        .args([
            "-verify_return_error",
            "-verify_ip",
            "127.0.0.1",
            "-ign_eof",
        ]);
    if starttls {
        command.args(["-starttls", protocol]);
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("openssl runs");
    let bye: &[u8] = if protocol == "imap" {
        b"a LOGOUT\r\n"
    } else {
        b"QUIT\r\n"
    };
    child.stdin.take().unwrap().write_all(bye).unwrap();
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(
        output.status.success(),
        "s_client to {port} failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("Verify return code: 0 (ok)"), "{stdout}");
    stdout
}

#[test]
fn the_tls_ports_present_a_certificate_signed_by_the_test_ca() {
    let mail = MailServers::start().unwrap();
    let imaps = tls_handshake(&mail, mail.imaps_port(), "imap", false);
    assert!(imaps.contains("* OK"), "IMAP greeting over TLS: {imaps}");
    let submissions = tls_handshake(&mail, mail.submissions_port(), "smtp", false);
    assert!(
        submissions.contains("220 "),
        "SMTP greeting over TLS: {submissions}"
    );
    tls_handshake(&mail, mail.imap_port(), "imap", true);
    tls_handshake(&mail, mail.submission_port(), "smtp", true);

    // The name localhost is in the certificate too.
    let output = Command::new("openssl")
        .args(["x509", "-noout", "-ext", "subjectAltName", "-in"])
        .arg(mail.ca_cert().with_file_name("server.pem"))
        .output()
        .unwrap();
    let san = String::from_utf8_lossy(&output.stdout);
    assert!(
        san.contains("DNS:localhost") && san.contains("IP Address:127.0.0.1"),
        "{san}"
    );
}
