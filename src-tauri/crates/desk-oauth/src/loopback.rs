//! The one-shot loopback redirect of a desktop sign-in (RFC 8252 §7.3): the
//! app listens on `http://127.0.0.1:<free port>/` while the user signs in in
//! the system browser, and takes the first answer that carries this
//! sign-in's `state`. Anything else (a wrong `state`, another path, the
//! browser's own extra requests) is answered and ignored; the listener
//! closes once the answer is in.

use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use crate::error::OAuthError;

/// What the browser brought back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedirectAnswer {
    /// The authorization code, to be exchanged for tokens.
    Code(String),
    /// The provider's refusal or the user's "Cancel" (`access_denied`).
    Error { code: String, description: String },
}

/// A bound, not yet answered, redirect listener.
pub struct RedirectListener {
    listener: TcpListener,
    port: u16,
}

/// How long one browser connection may take to send its request: browsers
/// open spare connections that never send anything.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

impl RedirectListener {
    /// Listens on a free port of 127.0.0.1 (not `localhost`: RFC 8252 §8.3,
    /// a name could resolve elsewhere, and a firewall may treat it otherwise).
    pub async fn bind() -> Result<Self, OAuthError> {
        let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
            .await
            .map_err(|e| OAuthError::Listener(e.to_string()))?;
        let port = listener
            .local_addr()
            .map_err(|e| OAuthError::Listener(e.to_string()))?
            .port();
        Ok(RedirectListener { listener, port })
    }

    /// The redirect URI registered for the app, with this listener's port.
    pub fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Waits for the browser's answer for `state`; returns it once the
    /// browser has been shown the closing page.
    pub async fn wait(self, state: &str) -> Result<RedirectAnswer, OAuthError> {
        let (answers, mut answered) = mpsc::channel::<RedirectAnswer>(1);
        loop {
            tokio::select! {
                answer = answered.recv() => {
                    if let Some(answer) = answer {
                        return Ok(answer);
                    }
                }
                accepted = self.listener.accept() => {
                    let (stream, _) = match accepted {
                        Ok(pair) => pair,
                        Err(e) => {
                            tracing::debug!(error = %e, "a redirect connection failed");
                            continue;
                        }
                    };
                    let answers = answers.clone();
                    let state = state.to_owned();
                    tokio::spawn(async move {
                        let service = hyper::service::service_fn(move |request| {
                            let answers = answers.clone();
                            let state = state.clone();
                            async move { Ok::<_, Infallible>(respond(&request, &state, &answers)) }
                        });
                        let connection = hyper::server::conn::http1::Builder::new()
                            .keep_alive(false)
                            .header_read_timeout(REQUEST_TIMEOUT)
                            .timer(hyper_util::rt::TokioTimer::new())
                            .serve_connection(TokioIo::new(stream), service);
                        if let Err(e) = connection.await {
                            tracing::debug!(error = %e, "a redirect connection ended early");
                        }
                    });
                }
            }
        }
    }
}

/// Answers one request; sends the sign-in's answer on when it is the one.
fn respond(
    request: &Request<hyper::body::Incoming>,
    state: &str,
    answers: &mpsc::Sender<RedirectAnswer>,
) -> Response<Full<Bytes>> {
    if request.uri().path() != "/" {
        return page(StatusCode::NOT_FOUND, Page::NotHere);
    }
    let query = request.uri().query().unwrap_or("");
    let mut code = None;
    let mut error = None;
    let mut description = String::new();
    let mut given_state = None;
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        match key.as_ref() {
            "code" => code = Some(value.into_owned()),
            "error" => error = Some(value.into_owned()),
            "error_description" => description = value.into_owned(),
            "state" => given_state = Some(value.into_owned()),
            _ => {}
        }
    }
    if code.is_none() && error.is_none() {
        return page(StatusCode::NOT_FOUND, Page::NotHere);
    }
    // A redirect for another sign-in (an older tab, or a page trying to
    // slip its own code in) is refused and changes nothing.
    if given_state.as_deref() != Some(state) {
        tracing::warn!("a sign-in redirect with a wrong state was refused");
        return page(StatusCode::BAD_REQUEST, Page::WrongState);
    }
    let answer = match (code, error) {
        (_, Some(code)) => RedirectAnswer::Error { code, description },
        (Some(code), None) => RedirectAnswer::Code(code),
        (None, None) => return page(StatusCode::NOT_FOUND, Page::NotHere),
    };
    let shown = match &answer {
        RedirectAnswer::Code(_) => Page::Done,
        RedirectAnswer::Error { .. } => Page::NotDone,
    };
    // A second answer for the same state (a reload) finds the channel full
    // or closed; the first one counts.
    if answers.try_send(answer).is_err() {
        return page(StatusCode::OK, Page::AlreadyDone);
    }
    page(StatusCode::OK, shown)
}

#[derive(Clone, Copy)]
enum Page {
    Done,
    NotDone,
    AlreadyDone,
    WrongState,
    NotHere,
}

impl Page {
    /// (Latvian, English) title and text.
    fn words(self) -> [(&'static str, &'static str); 2] {
        match self {
            Page::Done => [
                ("Pierakstīšanās pabeigta", "Sign-in complete"),
                (
                    "VRAA Desk ir saņēmis atbildi. Šo logu var aizvērt un atgriezties lietotnē.",
                    "VRAA Desk has the answer. You can close this window and return to the app.",
                ),
            ],
            Page::NotDone => [
                ("Pierakstīšanās nav pabeigta", "Sign-in not completed"),
                (
                    "Pierakstīšanās tika atcelta vai atteikta. Šo logu var aizvērt; VRAA Desk pateiks, kas notika.",
                    "The sign-in was cancelled or refused. You can close this window; VRAA Desk says what happened.",
                ),
            ],
            Page::AlreadyDone => [
                ("Atbilde jau saņemta", "Answer already received"),
                (
                    "VRAA Desk šo atbildi jau ir saņēmis. Šo logu var aizvērt.",
                    "VRAA Desk has already received this answer. You can close this window.",
                ),
            ],
            Page::WrongState => [
                ("Atbilde atteikta", "Answer refused"),
                (
                    "Šī atbilde nepieder pierakstīšanās reizei, ko VRAA Desk gaida, tāpēc tā netika izmantota. Sāciet pierakstīšanos lietotnē vēlreiz.",
                    "This answer does not belong to the sign-in VRAA Desk is waiting for, so it was not used. Start the sign-in again in the app.",
                ),
            ],
            Page::NotHere => [
                ("Nav atrasts", "Not found"),
                (
                    "Šeit VRAA Desk gaida tikai pierakstīšanās atbildi.",
                    "VRAA Desk waits here only for the sign-in's answer.",
                ),
            ],
        }
    }
}

fn page(status: StatusCode, page: Page) -> Response<Full<Bytes>> {
    let [(title_lv, title_en), (text_lv, text_en)] = page.words();
    // No script, no outside resources: the page must show even offline.
    let html = format!(
        "<!doctype html><html lang=\"lv\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\">\
         <title>VRAA Desk — {title_lv} / {title_en}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1d2733}}\
         h1{{font-size:1.4rem}}section+section{{margin-top:2rem;border-top:1px solid #ccd;padding-top:1rem}}</style></head>\
         <body><section lang=\"lv\"><h1>{title_lv}</h1><p>{text_lv}</p></section>\
         <section lang=\"en\"><h1>{title_en}</h1><p>{text_en}</p></section></body></html>"
    );
    let mut response = Response::new(Full::new(Bytes::from(html)));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        hyper::header::CACHE_CONTROL,
        hyper::header::HeaderValue::from_static("no-store"),
    );
    headers.insert(
        hyper::header::CONTENT_SECURITY_POLICY,
        hyper::header::HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn get(url: &str) -> (u16, String) {
        let answer = reqwest::get(url).await.unwrap();
        (answer.status().as_u16(), answer.text().await.unwrap())
    }

    #[tokio::test]
    async fn the_code_with_the_right_state_is_taken_and_anything_else_refused() {
        let listener = RedirectListener::bind().await.unwrap();
        let base = listener.redirect_uri();
        assert!(base.starts_with("http://127.0.0.1:"));
        let waiting = tokio::spawn(async move { listener.wait("s-123").await });
        // The browser's favicon request, a wrong state, a page without a code.
        assert_eq!(get(&format!("{base}favicon.ico")).await.0, 404);
        let (status, body) = get(&format!("{base}?code=evil&state=other")).await;
        assert_eq!(status, 400);
        assert!(body.contains("Atbilde atteikta") && body.contains("Answer refused"));
        assert_eq!(get(&base).await.0, 404);
        assert!(!waiting.is_finished());
        let (status, body) = get(&format!("{base}?code=good%2Bcode&state=s-123")).await;
        assert_eq!(status, 200);
        assert!(body.contains("Šo logu var aizvērt") && body.contains("You can close this window"));
        let answer = waiting.await.unwrap().unwrap();
        assert_eq!(answer, RedirectAnswer::Code("good+code".into()));
        // One-shot: the port is closed now.
        assert!(reqwest::get(format!("{base}?code=late&state=s-123"))
            .await
            .is_err());
    }

    #[tokio::test]
    async fn a_cancel_in_the_browser_comes_back_as_an_error() {
        let listener = RedirectListener::bind().await.unwrap();
        let base = listener.redirect_uri();
        let waiting = tokio::spawn(async move { listener.wait("s-9").await });
        let (status, body) = get(&format!(
            "{base}?error=access_denied&error_description=End-User%20aborted&state=s-9"
        ))
        .await;
        assert_eq!(status, 200);
        assert!(body.contains("Sign-in not completed"));
        assert_eq!(
            waiting.await.unwrap().unwrap(),
            RedirectAnswer::Error {
                code: "access_denied".into(),
                description: "End-User aborted".into()
            }
        );
    }

    #[tokio::test]
    async fn a_silent_connection_does_not_block_the_answer() {
        let listener = RedirectListener::bind().await.unwrap();
        let base = listener.redirect_uri();
        let port: u16 = base
            .trim_start_matches("http://127.0.0.1:")
            .trim_end_matches('/')
            .parse()
            .unwrap();
        let waiting = tokio::spawn(async move { listener.wait("s").await });
        // A browser's spare connection that never sends a request.
        let _idle = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .unwrap();
        assert_eq!(get(&format!("{base}?code=c&state=s")).await.0, 200);
        assert_eq!(
            waiting.await.unwrap().unwrap(),
            RedirectAnswer::Code("c".into())
        );
    }
}
