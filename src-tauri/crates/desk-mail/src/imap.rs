//! Reading the user's mailbox over IMAP (async-imap).
//!
//! Everything is read with `BODY.PEEK`, nothing is moved, flagged or
//! deleted: the mailbox stays the user's. Only the Sent folder is written
//! to, with a copy of what the app sent when the server keeps none itself.

use std::fmt::Debug;
use std::time::Duration;

use async_imap::types::NameAttribute;
use async_imap::Session;
use desk_core::mail::{MailServer, MailTls};
use futures_util::TryStreamExt;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::TlsConnector;

use crate::credentials::{oauthbearer, xoauth2, Secret};
use crate::error::MailError;
use crate::tls::TrustedRoots;

/// How long connecting and each command may take.
const STEP_TIMEOUT: Duration = Duration::from_secs(60);

/// The socket under IMAP: plain (loopback only) or TLS.
pub trait ImapIo: AsyncRead + AsyncWrite + Unpin + Send + Debug {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + Debug> ImapIo for T {}

/// Where a folder stands: its UIDVALIDITY and the next UID it will give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FolderState {
    pub uid_validity: u32,
    pub uid_next: u32,
}

/// The headers of one new message: enough to decide whether it threads to
/// a known request before anything else is fetched.
#[derive(Debug, Clone)]
pub struct HeaderSummary {
    pub uid: u32,
    pub size: u32,
    pub headers: Vec<u8>,
}

/// A signed-in IMAP session.
pub struct Mailbox {
    session: Session<Box<dyn ImapIo>>,
    server: String,
    idle: bool,
}

async fn timed<T, E: std::fmt::Display>(
    server: &str,
    future: impl std::future::Future<Output = Result<T, E>>,
    lost: impl FnOnce(String) -> MailError,
) -> Result<T, MailError> {
    match tokio::time::timeout(STEP_TIMEOUT, future).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(lost(e.to_string())),
        Err(_) => Err(MailError::Timeout {
            server: server.to_owned(),
        }),
    }
}

fn protocol(server: &str) -> impl Fn(async_imap::error::Error) -> MailError + '_ {
    move |e| match e {
        async_imap::error::Error::Io(io) => MailError::Lost {
            server: server.to_owned(),
            detail: io.to_string(),
        },
        async_imap::error::Error::ConnectionLost => MailError::Lost {
            server: server.to_owned(),
            detail: "connection closed".into(),
        },
        other => MailError::Protocol {
            server: server.to_owned(),
            detail: other.to_string(),
        },
    }
}

/// Quotes a string for an IMAP command (folder names, search keys).
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// IMAP folder names are modified UTF-7 (RFC 3501 5.1.3): `Nosūtītie` is
/// `Nos&AWs-t&ASs-tie` on the wire.
pub fn folder_to_wire(name: &str) -> String {
    utf7_imap::encode_utf7_imap(name.to_owned())
}

impl Mailbox {
    /// Connects (implicit TLS, or STARTTLS before signing in) and signs in.
    pub async fn open(
        server: &MailServer,
        roots: &TrustedRoots,
        user: &str,
        secret: &Secret,
    ) -> Result<Mailbox, MailError> {
        let name = format!("{}:{}", server.host, server.port);
        let unreachable = |detail: String| MailError::Unreachable {
            server: name.clone(),
            detail,
        };
        let tcp = timed(
            &name,
            TcpStream::connect((server.host.as_str(), server.port)),
            unreachable,
        )
        .await?;
        let stream: Box<dyn ImapIo> = match server.tls {
            MailTls::Plain => Box::new(tcp),
            MailTls::Implicit => Box::new(tls_wrap(&name, server, roots, tcp).await?),
            MailTls::StartTls => {
                let mut client = async_imap::Client::new(tcp);
                greeting(&name, &mut client).await?;
                timed(
                    &name,
                    client.run_command_and_check_ok("STARTTLS", None),
                    |d| MailError::NoStartTls {
                        server: format!("{name} ({d})"),
                    },
                )
                .await?;
                let tcp = client.into_inner();
                Box::new(tls_wrap(&name, server, roots, tcp).await?)
            }
        };
        let mut client = async_imap::Client::new(stream);
        if server.tls != MailTls::StartTls {
            greeting(&name, &mut client).await?;
        }
        let signing_in = async {
            match secret {
                Secret::Password(password) => client.login(user, password).await,
                Secret::Bearer(token) => {
                    // OAUTHBEARER is the standard (RFC 7628); Exchange Online
                    // offers only XOAUTH2.
                    if offers_oauthbearer(&mut client).await {
                        let answer = SaslAnswer::new(oauthbearer(user, token));
                        client.authenticate("OAUTHBEARER", answer).await
                    } else {
                        let answer = SaslAnswer::new(xoauth2(user, token));
                        client.authenticate("XOAUTH2", answer).await
                    }
                }
            }
        };
        let session = match tokio::time::timeout(STEP_TIMEOUT, signing_in).await {
            Err(_) => return Err(MailError::Timeout { server: name }),
            Ok(Ok(session)) => session,
            Ok(Err((async_imap::error::Error::No(detail), _))) => {
                return Err(MailError::SignIn {
                    server: name,
                    detail,
                })
            }
            Ok(Err((e, _))) => return Err(protocol(&name)(e)),
        };
        let mut mailbox = Mailbox {
            session,
            server: name,
            idle: false,
        };
        let caps = timed(&mailbox.server, mailbox.session.capabilities(), |d| {
            MailError::Protocol {
                server: String::new(),
                detail: d,
            }
        })
        .await?;
        mailbox.idle = caps.has_str("IDLE");
        Ok(mailbox)
    }

    /// Whether the server can tell the app at once about new mail (IDLE).
    pub fn has_idle(&self) -> bool {
        self.idle
    }

    /// Opens `folder` read-only and says where it stands.
    pub async fn examine(&mut self, folder: &str) -> Result<FolderState, MailError> {
        let server = self.server.clone();
        let wire = folder_to_wire(folder);
        let result = tokio::time::timeout(STEP_TIMEOUT, self.session.examine(&wire)).await;
        let mailbox = match result {
            Err(_) => return Err(MailError::Timeout { server }),
            Ok(Err(async_imap::error::Error::No(_))) => {
                return Err(MailError::NoFolder {
                    folder: folder.to_owned(),
                })
            }
            Ok(Err(e)) => return Err(protocol(&server)(e)),
            Ok(Ok(m)) => m,
        };
        Ok(FolderState {
            uid_validity: mailbox.uid_validity.unwrap_or(0),
            uid_next: mailbox.uid_next.unwrap_or(1),
        })
    }

    /// The UIDs above `last_uid` in the examined folder, in order.
    pub async fn uids_after(&mut self, last_uid: u32) -> Result<Vec<u32>, MailError> {
        let query = format!("UID {}:*", last_uid.saturating_add(1));
        let server = self.server.clone();
        let found = timed(&server, self.session.uid_search(&query), |d| {
            MailError::Protocol {
                server: server.clone(),
                detail: d,
            }
        })
        .await?;
        // `n:*` also names the last message when no UID is above n.
        let mut uids: Vec<u32> = found.into_iter().filter(|&u| u > last_uid).collect();
        uids.sort_unstable();
        Ok(uids)
    }

    /// The threading headers and sizes of `uids` (without marking them read).
    pub async fn headers(&mut self, uids: &[u32]) -> Result<Vec<HeaderSummary>, MailError> {
        if uids.is_empty() {
            return Ok(Vec::new());
        }
        let set = uid_set(uids);
        let server = self.server.clone();
        let fetch = async {
            let stream = self
                .session
                .uid_fetch(
                    &set,
                    "(UID RFC822.SIZE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID IN-REPLY-TO REFERENCES SUBJECT FROM AUTO-SUBMITTED CONTENT-TYPE)])",
                )
                .await?;
            stream.try_collect::<Vec<_>>().await
        };
        let fetches = match tokio::time::timeout(STEP_TIMEOUT, fetch).await {
            Err(_) => return Err(MailError::Timeout { server }),
            Ok(r) => r.map_err(protocol(&server))?,
        };
        let mut out: Vec<HeaderSummary> = fetches
            .iter()
            .filter_map(|f| {
                Some(HeaderSummary {
                    uid: f.uid?,
                    size: f.size.unwrap_or(0),
                    headers: f.header().unwrap_or_default().to_vec(),
                })
            })
            .collect();
        out.sort_by_key(|h| h.uid);
        Ok(out)
    }

    /// The whole message `uid` of the examined folder (without marking it read).
    pub async fn message(&mut self, uid: u32) -> Result<Option<Vec<u8>>, MailError> {
        let server = self.server.clone();
        let fetch = async {
            let stream = self
                .session
                .uid_fetch(uid.to_string(), "(UID BODY.PEEK[])")
                .await?;
            stream.try_collect::<Vec<_>>().await
        };
        let fetches = match tokio::time::timeout(STEP_TIMEOUT * 5, fetch).await {
            Err(_) => return Err(MailError::Timeout { server }),
            Ok(r) => r.map_err(protocol(&server))?,
        };
        Ok(fetches
            .iter()
            .find(|f| f.uid == Some(uid))
            .and_then(|f| f.body().map(<[u8]>::to_vec)))
    }

    /// Whether the examined folder holds a message with this Message-ID.
    pub async fn holds_message_id(&mut self, message_id: &str) -> Result<bool, MailError> {
        Ok(!self.uids_with_message_id(message_id).await?.is_empty())
    }

    /// The UIDs of the examined folder's messages with this Message-ID.
    pub async fn uids_with_message_id(&mut self, message_id: &str) -> Result<Vec<u32>, MailError> {
        let query = format!("HEADER Message-ID {}", quoted(&format!("<{message_id}>")));
        let server = self.server.clone();
        let found = timed(&server, self.session.uid_search(&query), |d| {
            MailError::Protocol {
                server: server.clone(),
                detail: d,
            }
        })
        .await?;
        let mut uids: Vec<u32> = found.into_iter().collect();
        uids.sort_unstable();
        Ok(uids)
    }

    /// The folder sent mail is kept in: the one marked `\Sent` (RFC 6154),
    /// else the usual names (Outlook's, Latvian Outlook's, Dovecot's).
    pub async fn sent_folder(&mut self) -> Result<Option<String>, MailError> {
        let server = self.server.clone();
        let list = async {
            let stream = self.session.list(Some(""), Some("*")).await?;
            stream.try_collect::<Vec<_>>().await
        };
        let names = match tokio::time::timeout(STEP_TIMEOUT, list).await {
            Err(_) => return Err(MailError::Timeout { server }),
            Ok(r) => r.map_err(protocol(&server))?,
        };
        if let Some(marked) = names
            .iter()
            .find(|n| n.attributes().contains(&NameAttribute::Sent))
        {
            return Ok(Some(folder_from_wire(marked.name())));
        }
        const USUAL: [&str; 5] = [
            "Sent Items",
            "Sent",
            "Nosūtītie vienumi",
            "INBOX.Sent",
            "Sent Messages",
        ];
        for usual in USUAL {
            if let Some(n) = names
                .iter()
                .find(|n| folder_from_wire(n.name()).eq_ignore_ascii_case(usual))
            {
                return Ok(Some(folder_from_wire(n.name())));
            }
        }
        Ok(None)
    }

    /// Keeps a copy of a sent message in `folder`, marked read.
    pub async fn append(&mut self, folder: &str, bytes: &[u8]) -> Result<(), MailError> {
        let server = self.server.clone();
        let wire = folder_to_wire(folder);
        timed(
            &server,
            self.session.append(&wire, Some("(\\Seen)"), None, bytes),
            |d| MailError::Protocol {
                server: server.clone(),
                detail: d,
            },
        )
        .await
    }

    /// Waits until the examined folder changes or `limit` passes (IDLE).
    /// Gives the session back, and whether something changed.
    pub async fn wait_for_change(self, limit: Duration) -> Result<(Mailbox, bool), MailError> {
        let server = self.server.clone();
        let idle_flag = self.idle;
        let mut handle = self.session.idle();
        handle.init().await.map_err(protocol(&server))?;
        let (wait, _stop) = handle.wait_with_timeout(limit);
        let answer = wait.await.map_err(protocol(&server))?;
        let changed = matches!(
            answer,
            async_imap::extensions::idle::IdleResponse::NewData(_)
        );
        let session = handle.done().await.map_err(protocol(&server))?;
        Ok((
            Mailbox {
                session,
                server,
                idle: idle_flag,
            },
            changed,
        ))
    }

    pub async fn close(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(5), self.session.logout()).await;
    }
}

/// A folder name as people read it.
pub fn folder_from_wire(name: &str) -> String {
    utf7_imap::decode_utf7_imap(name.to_owned())
}

/// `1:3,7,9:10` for a sorted list of UIDs.
fn uid_set(uids: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut iter = uids.iter().copied().peekable();
    while let Some(start) = iter.next() {
        let mut end = start;
        while iter.peek() == Some(&(end + 1)) {
            end += 1;
            iter.next();
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}:{end}")
        });
    }
    parts.join(",")
}

async fn tls_wrap(
    name: &str,
    server: &MailServer,
    roots: &TrustedRoots,
    tcp: TcpStream,
) -> Result<tokio_rustls::client::TlsStream<TcpStream>, MailError> {
    let connector = TlsConnector::from(roots.client_config()?);
    let host = server.host.trim_start_matches('[').trim_end_matches(']');
    let server_name = ServerName::try_from(host.to_owned()).map_err(|e| MailError::Tls {
        server: name.to_owned(),
        detail: e.to_string(),
    })?;
    timed(name, connector.connect(server_name, tcp), |detail| {
        MailError::Tls {
            server: name.to_owned(),
            detail,
        }
    })
    .await
}

async fn greeting<T: ImapIo>(
    name: &str,
    client: &mut async_imap::Client<T>,
) -> Result<(), MailError> {
    match tokio::time::timeout(STEP_TIMEOUT, client.read_response()).await {
        Err(_) => Err(MailError::Timeout {
            server: name.to_owned(),
        }),
        Ok(Ok(Some(_))) => Ok(()),
        Ok(Ok(None)) => Err(MailError::Lost {
            server: name.to_owned(),
            detail: "closed before greeting".into(),
        }),
        Ok(Err(e)) => Err(MailError::Lost {
            server: name.to_owned(),
            detail: e.to_string(),
        }),
    }
}

/// A SASL exchange of one initial answer. A refusal of XOAUTH2 comes as a
/// challenge with the server's reasons, which is answered with nothing so
/// that the server can say NO.
struct SaslAnswer {
    first: Option<String>,
}

impl SaslAnswer {
    fn new(answer: String) -> Self {
        SaslAnswer {
            first: Some(answer),
        }
    }
}

impl async_imap::Authenticator for SaslAnswer {
    type Response = String;

    fn process(&mut self, _challenge: &[u8]) -> String {
        self.first.take().unwrap_or_default()
    }
}

/// Whether the server lists `AUTH=OAUTHBEARER` before the sign-in.
async fn offers_oauthbearer(client: &mut async_imap::Client<Box<dyn ImapIo>>) -> bool {
    use async_imap::imap_proto::{Capability, Response};
    let (answers, untagged) = async_channel::bounded(8);
    if client
        .run_command_and_check_ok("CAPABILITY", Some(answers))
        .await
        .is_err()
    {
        return false;
    }
    while let Ok(answer) = untagged.try_recv() {
        if let async_imap::types::UnsolicitedResponse::Other(data) = answer {
            if let Response::Capabilities(list) = data.parsed() {
                return list.iter().any(
                    |c| matches!(c, Capability::Auth(m) if m.eq_ignore_ascii_case("OAUTHBEARER")),
                );
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_sets_are_compact() {
        assert_eq!(uid_set(&[1, 2, 3, 7, 9, 10]), "1:3,7,9:10");
        assert_eq!(uid_set(&[5]), "5");
    }

    #[test]
    fn latvian_folder_names_use_modified_utf7() {
        assert_eq!(folder_to_wire("Nosūtītie"), "Nos&AWs-t&ASs-tie");
        assert_eq!(folder_from_wire("Nos&AWs-t&ASs-tie"), "Nosūtītie");
        assert_eq!(quoted("a\"b"), "\"a\\\"b\"");
    }
}
