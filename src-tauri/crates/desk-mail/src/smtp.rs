//! Sending over SMTP submission (lettre's connection API, so that each phase
//! is known: a refusal before DATA sent nothing; a drop after it may have).

use std::time::Duration;

use desk_core::mail::{MailServer, MailTls};
use lettre::address::{Address, Envelope};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, Certificate, TlsParameters};
use lettre::transport::smtp::extension::ClientId;

use crate::credentials::Secret;
use crate::error::MailError;
use crate::tls::TrustedRoots;

/// How long one SMTP step may take before the connection counts as lost.
const STEP_TIMEOUT: Duration = Duration::from_secs(60);

/// An open, signed-in submission connection.
pub struct Submission {
    connection: AsyncSmtpConnection,
    server: String,
}

fn server_name(server: &MailServer) -> String {
    format!("{}:{}", server.host, server.port)
}

fn tls_parameters(server: &MailServer, roots: &TrustedRoots) -> Result<TlsParameters, MailError> {
    let name = server_name(server);
    let mut builder = TlsParameters::builder(server.host.clone());
    if let Some(pem) = &roots.pem {
        let cert = Certificate::from_pem(pem).map_err(|e| MailError::CaFile {
            path: roots.path.clone(),
            detail: e.to_string(),
        })?;
        builder = builder.add_root_certificate(cert);
    }
    builder.build_rustls().map_err(|e| MailError::Tls {
        server: name,
        detail: e.to_string(),
    })
}

/// Sorts a lettre error by the phase it happened in.
fn sorted(server: &str, phase: Phase, e: &lettre::transport::smtp::Error) -> MailError {
    let detail = e.to_string();
    let server = server.to_owned();
    if e.is_tls() {
        return MailError::Tls { server, detail };
    }
    if let Some(code) = e.status() {
        let code: u16 = code.to_string().parse().unwrap_or(0);
        if phase == Phase::SignIn && (code == 535 || code == 534 || code == 530 || e.is_permanent())
        {
            return MailError::SignIn { server, detail };
        }
        return if e.is_transient() {
            MailError::Transient {
                server,
                code,
                detail,
            }
        } else {
            MailError::Refused {
                server,
                code,
                detail,
            }
        };
    }
    if e.is_timeout() {
        return MailError::Timeout { server };
    }
    match phase {
        Phase::Connect => MailError::Unreachable { server, detail },
        Phase::SignIn | Phase::Send => MailError::Lost { server, detail },
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Connect,
    SignIn,
    Send,
}

impl Submission {
    /// Connects (implicit TLS, or STARTTLS before anything else is said)
    /// and signs in.
    pub async fn open(
        server: &MailServer,
        roots: &TrustedRoots,
        hello_domain: &str,
        user: &str,
        secret: &Secret,
    ) -> Result<Submission, MailError> {
        let name = server_name(server);
        let hello = ClientId::Domain(hello_domain.to_owned());
        let implicit = match server.tls {
            MailTls::Implicit => Some(tls_parameters(server, roots)?),
            _ => None,
        };
        let mut connection = AsyncSmtpConnection::connect_tokio1(
            (server.host.as_str(), server.port),
            Some(STEP_TIMEOUT),
            &hello,
            implicit,
            None,
        )
        .await
        .map_err(|e| sorted(&name, Phase::Connect, &e))?;
        if server.tls == MailTls::StartTls {
            if !connection.can_starttls() {
                connection.abort().await;
                return Err(MailError::NoStartTls { server: name });
            }
            connection
                .starttls(tls_parameters(server, roots)?, &hello)
                .await
                .map_err(|e| sorted(&name, Phase::Connect, &e))?;
        }
        // lettre knows XOAUTH2 (what Exchange Online takes), not OAUTHBEARER.
        let (credentials, mechanisms): (_, &[Mechanism]) = match secret {
            Secret::Password(password) => (
                Credentials::new(user.to_owned(), password.clone()),
                &[Mechanism::Plain, Mechanism::Login],
            ),
            Secret::Bearer(token) => (
                Credentials::new(user.to_owned(), token.clone()),
                &[Mechanism::Xoauth2],
            ),
        };
        connection
            .auth(mechanisms, &credentials)
            .await
            .map_err(|e| sorted(&name, Phase::SignIn, &e))?;
        Ok(Submission {
            connection,
            server: name,
        })
    }

    /// Sends one message. `Ok` only when the server accepted it (250 after
    /// DATA): only then may the outbox row go.
    pub async fn send(&mut self, from: &str, to: &str, bytes: &[u8]) -> Result<(), MailError> {
        let address = |a: &str| {
            a.parse::<Address>()
                .map_err(|e| MailError::Compose(format!("{a}: {e}")))
        };
        let envelope = Envelope::new(Some(address(from)?), vec![address(to)?])
            .map_err(|e| MailError::Compose(e.to_string()))?;
        self.connection
            .send(&envelope, bytes)
            .await
            .map(|_| ())
            .map_err(|e| sorted(&self.server, Phase::Send, &e))
    }

    pub async fn close(mut self) {
        let _ = self.connection.quit().await;
    }
}
