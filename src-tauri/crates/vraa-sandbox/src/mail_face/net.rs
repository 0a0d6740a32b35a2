//! VRAA's mailbox over IMAP (async-imap) and its submission server over SMTP
//! (lettre), plain text: the face only ever talks to mail servers on this
//! computer (the loopback Dovecot of `scripts/mail`), which the config checks.

use std::net::SocketAddr;
use std::time::Duration;

use async_imap::Session;
use futures_util::TryStreamExt;
use lettre::address::{Address, Envelope};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::AsyncSmtpConnection;
use lettre::transport::smtp::extension::ClientId;
use tokio::net::TcpStream;

use super::MailFaceError;

/// How long connecting and each command may take.
const STEP: Duration = Duration::from_secs(30);

fn imap_error(server: SocketAddr) -> impl Fn(String) -> MailFaceError {
    move |detail| MailFaceError::Imap {
        server: server.to_string(),
        detail,
    }
}

async fn timed<T, E: std::fmt::Display>(
    server: SocketAddr,
    future: impl std::future::Future<Output = Result<T, E>>,
) -> Result<T, MailFaceError> {
    match tokio::time::timeout(STEP, future).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(imap_error(server)(e.to_string())),
        Err(_) => Err(imap_error(server)("no answer in time".into())),
    }
}

/// A signed-in IMAP session on VRAA's mailbox.
pub struct Mailbox {
    session: Session<TcpStream>,
    server: SocketAddr,
}

/// Where the examined folder stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FolderState {
    pub uid_validity: u32,
}

impl Mailbox {
    pub async fn open(
        server: SocketAddr,
        user: &str,
        password: &str,
    ) -> Result<Mailbox, MailFaceError> {
        let tcp = timed(server, TcpStream::connect(server)).await?;
        let mut client = async_imap::Client::new(tcp);
        match tokio::time::timeout(STEP, client.read_response()).await {
            Ok(Ok(Some(_))) => {}
            Ok(Ok(None)) => return Err(imap_error(server)("closed before greeting".into())),
            Ok(Err(e)) => return Err(imap_error(server)(e.to_string())),
            Err(_) => return Err(imap_error(server)("no greeting in time".into())),
        }
        let session = match tokio::time::timeout(STEP, client.login(user, password)).await {
            Ok(Ok(session)) => session,
            Ok(Err((e, _))) => {
                return Err(imap_error(server)(format!("sign-in as {user} failed: {e}")))
            }
            Err(_) => return Err(imap_error(server)("sign-in took too long".into())),
        };
        Ok(Mailbox { session, server })
    }

    /// Opens `folder` read-only (nothing in VRAA's mailbox is marked).
    pub async fn examine(&mut self, folder: &str) -> Result<FolderState, MailFaceError> {
        let mailbox = timed(self.server, self.session.examine(folder)).await?;
        Ok(FolderState {
            uid_validity: mailbox.uid_validity.unwrap_or(0),
        })
    }

    /// The UIDs above `last_uid` in the examined folder, in order.
    pub async fn uids_after(&mut self, last_uid: u32) -> Result<Vec<u32>, MailFaceError> {
        let query = format!("UID {}:*", last_uid.saturating_add(1));
        let found = timed(self.server, self.session.uid_search(&query)).await?;
        // `n:*` also names the last message when no UID is above n.
        let mut uids: Vec<u32> = found.into_iter().filter(|&u| u > last_uid).collect();
        uids.sort_unstable();
        Ok(uids)
    }

    /// The whole message `uid` (BODY.PEEK: not marked read).
    pub async fn message(&mut self, uid: u32) -> Result<Option<Vec<u8>>, MailFaceError> {
        let server = self.server;
        let fetch = async {
            let stream = self
                .session
                .uid_fetch(uid.to_string(), "(UID BODY.PEEK[])")
                .await?;
            stream.try_collect::<Vec<_>>().await
        };
        let fetches = timed(server, fetch).await?;
        Ok(fetches
            .iter()
            .find(|f| f.uid == Some(uid))
            .and_then(|f| f.body().map(<[u8]>::to_vec)))
    }

    pub async fn logout(mut self) {
        let _ = tokio::time::timeout(STEP, self.session.logout()).await;
    }
}

/// A signed-in SMTP submission connection.
pub struct Submission {
    connection: AsyncSmtpConnection,
    server: SocketAddr,
}

fn smtp_error(server: SocketAddr, e: impl std::fmt::Display) -> MailFaceError {
    MailFaceError::Smtp {
        server: server.to_string(),
        detail: e.to_string(),
    }
}

impl Submission {
    pub async fn open(
        server: SocketAddr,
        hello_domain: &str,
        user: &str,
        password: &str,
    ) -> Result<Submission, MailFaceError> {
        let hello = ClientId::Domain(hello_domain.to_owned());
        let mut connection = AsyncSmtpConnection::connect_tokio1(
            (server.ip().to_string(), server.port()),
            Some(STEP),
            &hello,
            None,
            None,
        )
        .await
        .map_err(|e| smtp_error(server, e))?;
        let credentials = Credentials::new(user.to_owned(), password.to_owned());
        connection
            .auth(&[Mechanism::Plain, Mechanism::Login], &credentials)
            .await
            .map_err(|e| smtp_error(server, format!("sign-in as {user} failed: {e}")))?;
        Ok(Submission { connection, server })
    }

    pub async fn send(&mut self, from: &str, to: &str, bytes: &[u8]) -> Result<(), MailFaceError> {
        let address = |a: &str| {
            a.parse::<Address>()
                .map_err(|e| MailFaceError::Compose(format!("{a}: {e}")))
        };
        let envelope = Envelope::new(Some(address(from)?), vec![address(to)?])
            .map_err(|e| MailFaceError::Compose(e.to_string()))?;
        self.connection
            .send(&envelope, bytes)
            .await
            .map(|_| ())
            .map_err(|e| smtp_error(self.server, e))
    }

    pub async fn close(mut self) {
        let _ = self.connection.quit().await;
    }
}
