//! The OAuth side of the test mail system: a real OpenID Connect provider
//! (`tests/oidc/provider.mjs`, panva's oidc-provider) that plays Microsoft's sign-in,
//! and a scripted browser that signs in on its pages.
//!
//! Why a real provider: the app's "Sign in with Microsoft" must work against a
//! certified implementation of authorization code + PKCE, refresh-token rotation and
//! the device flow, not against a mock that agrees with the client by construction.
//! The mail servers check the tokens it issues by introspection, as Exchange Online
//! checks Microsoft's.
//!
//! Shaped as Microsoft's: the issuer is `<authority>/<tenant>/v2.0`, the scopes are
//! [`IMAP_SCOPE`], [`SMTP_SCOPE`] and `offline_access`, the public client
//! [`CLIENT_ID`] takes any `http://127.0.0.1:<port>/` redirect (RFC 8252 §7.3), and
//! `offline_access` yields a rotating refresh token without `prompt=consent`.

use std::io;
use std::time::Duration;

use regex::Regex;
use reqwest::{Method, StatusCode, Url};

/// The client id of the app's public native client at the test provider.
pub const CLIENT_ID: &str = "vraa-desk-test";
/// Exchange Online's IMAP scope, as the app requests it.
pub const IMAP_SCOPE: &str = "https://outlook.office.com/IMAP.AccessAsUser.All";
/// Exchange Online's SMTP submission scope, as the app requests it.
pub const SMTP_SCOPE: &str = "https://outlook.office.com/SMTP.Send";

/// How long one request to the provider may take.
const TIMEOUT: Duration = Duration::from_secs(30);

/// The test OpenID provider of a running mail system (see the module docs). Cheap to
/// clone; usable from any task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthProvider {
    port: u16,
    tenant: String,
    client_id: String,
}

/// What the provider counted since it started (`GET /_test/stats`): token requests by
/// grant type (failed ones too) and introspections (one per OAuth login at the mail
/// servers).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OAuthStats {
    /// `grant_type=refresh_token` requests.
    pub refreshes: u64,
    /// Of those, the refused ones (e.g. `invalid_grant` after revoke_grants).
    pub failed_refreshes: u64,
    /// `grant_type=authorization_code` requests.
    pub code_exchanges: u64,
    /// Device-code token requests (each poll counts).
    pub device_code_exchanges: u64,
    /// Introspection requests (the mail servers ask one for each OAuth login).
    pub introspections: u64,
}

impl OAuthProvider {
    pub(crate) fn new(port: u16, tenant: String, client_id: String) -> OAuthProvider {
        OAuthProvider {
            port,
            tenant,
            client_id,
        }
    }

    /// The authority as the app is configured with it: `http://127.0.0.1:<port>` (for
    /// Microsoft, `https://login.microsoftonline.com`).
    pub fn authority(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The provider's port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The tenant (`iestade-test` unless `OIDC_TENANT` said otherwise at the start).
    pub fn tenant(&self) -> &str {
        &self.tenant
    }

    /// The app's client id: [`CLIENT_ID`].
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The issuer: `<authority>/<tenant>/v2.0`.
    pub fn issuer(&self) -> String {
        format!("{}/{}/v2.0", self.authority(), self.tenant)
    }

    /// `<issuer>/.well-known/openid-configuration`, as the app builds it.
    pub fn discovery_url(&self) -> String {
        format!("{}/.well-known/openid-configuration", self.issuer())
    }

    /// Revokes every grant of the user: refresh and access tokens, and the browser
    /// sessions. The next refresh answers `invalid_grant`; the mail servers refuse
    /// the access tokens at once.
    pub async fn revoke_grants(&self, user: &str) -> io::Result<()> {
        self.control(Method::POST, "revoke-grants", Some(user))
            .await
            .map(drop)
    }

    /// Revokes only the user's access tokens: the mail servers refuse them, while a
    /// refresh still gives a new, working one (as when Exchange Online stops taking a
    /// token before its expiry).
    pub async fn revoke_access_tokens(&self, user: &str) -> io::Result<()> {
        self.control(Method::POST, "revoke-access-tokens", Some(user))
            .await
            .map(drop)
    }

    /// The provider's counts (see [`OAuthStats`]).
    pub async fn stats(&self) -> io::Result<OAuthStats> {
        let body = self.control(Method::GET, "stats", None).await?;
        serde_json::from_str(&body)
            .map_err(|e| io::Error::other(format!("oidc: /_test/stats: {e}: {body}")))
    }

    /// A fresh browser (own cookies: nobody signed in yet) for this provider.
    pub fn browser(&self) -> Browser {
        Browser::new(&self.authority()).expect("the provider's authority is a URL")
    }

    async fn control(&self, method: Method, what: &str, user: Option<&str>) -> io::Result<String> {
        let mut url = Url::parse(&format!("{}/_test/{what}", self.authority())).map_err(other)?;
        if let Some(user) = user {
            url.query_pairs_mut().append_pair("user", user);
        }
        let response = http_client(false)?
            .request(method, url.clone())
            .send()
            .await
            .map_err(|e| io::Error::other(format!("oidc: {url}: {e}")))?;
        let status = response.status();
        let body = response.text().await.map_err(other)?;
        if !status.is_success() {
            return Err(io::Error::other(format!("oidc: {url}: {status}: {body}")));
        }
        Ok(body)
    }
}

fn other(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

/// A client for loopback only: never through a proxy from the environment, and
/// redirects never followed by itself.
fn http_client(cookies: bool) -> io::Result<reqwest::Client> {
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(cookies)
        .timeout(TIMEOUT)
        .build()
        .map_err(other)
}

/// A scripted browser on the provider's pages, as a person would use them: it keeps
/// the provider's cookies (its session: a second sign-in needs no password) and
/// follows redirects itself only while they stay on the provider. At the first
/// redirect elsewhere, the app's loopback redirect URI, it stops and hands back that
/// Location without requesting it; [`Browser::follow`] lets it land.
pub struct Browser {
    client: reqwest::Client,
    provider: Url,
}

/// Where a walk through the provider's pages ended.
enum Step {
    /// A redirect out of the provider: its Location, absolute.
    Left(String),
    /// A page of the provider.
    Page(Page),
}

struct Page {
    url: Url,
    status: StatusCode,
    body: String,
}

/// An HTML form of a page: where it posts, and its fields with their values.
#[derive(Debug)]
struct Form {
    id: String,
    action: Url,
    fields: Vec<(String, String)>,
}

impl Form {
    fn has(&self, name: &str) -> bool {
        self.fields.iter().any(|(n, _)| n == name)
    }

    fn set(&mut self, name: &str, value: &str) {
        match self.fields.iter_mut().find(|(n, _)| n == name) {
            Some(field) => field.1 = value.to_string(),
            None => self.fields.push((name.to_string(), value.to_string())),
        }
    }
}

impl Browser {
    /// A browser for the provider at `authority` (`http://127.0.0.1:<port>`).
    pub fn new(authority: &str) -> io::Result<Browser> {
        let provider = Url::parse(authority).map_err(other)?;
        Ok(Browser {
            client: http_client(true)?,
            provider,
        })
    }

    /// Opens the authorization URL, signs in on the login page with `login` and
    /// `password` (consent follows by itself), and returns the Location of the
    /// redirect to the app, e.g. `http://127.0.0.1:5555/?code=…&state=…&iss=…`,
    /// without requesting it. With the provider's session still on (an earlier
    /// sign-in in this browser) no login page comes, and the password is not used.
    /// Errors: a refused password (`PermissionDenied`, with the page's message), or
    /// any page other than the login page (its text in the error).
    pub async fn sign_in(
        &self,
        authorize_url: &str,
        login: &str,
        password: &str,
    ) -> io::Result<String> {
        let page = match self.open(authorize_url).await? {
            Step::Left(location) => return Ok(location),
            Step::Page(page) => page,
        };
        let mut form = login_form(&page)?;
        form.set("login", login);
        form.set("password", password);
        match self.submit(form).await? {
            Step::Left(location) => Ok(location),
            Step::Page(page) if login_form(&page).is_ok() => Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!("sign-in refused: {}", page_text(&page.body)),
            )),
            Step::Page(page) => Err(unexpected("after the sign-in", &page)),
        }
    }

    /// Opens the authorization URL and presses "Cancel" on the login page; returns the
    /// Location of the redirect to the app, `…?error=access_denied&error_description=…
    /// &state=…`, without requesting it.
    pub async fn cancel(&self, authorize_url: &str) -> io::Result<String> {
        let page = match self.open(authorize_url).await? {
            Step::Left(location) => {
                return Err(io::Error::other(format!(
                    "no login page to cancel: the provider redirected at once to {location}"
                )))
            }
            Step::Page(page) => page,
        };
        let form = forms(&page)
            .into_iter()
            .find(|f| f.id == "cancel")
            .ok_or_else(|| unexpected("instead of the login page", &page))?;
        match self.submit(form).await? {
            Step::Left(location) => Ok(location),
            Step::Page(page) => Err(unexpected("after Cancel", &page)),
        }
    }

    /// Requests a URL (the redirect to the app's loopback listener) and returns the
    /// answer's status and body: the page the app shows in the browser.
    pub async fn follow(&self, location: &str) -> io::Result<(u16, String)> {
        let response = self
            .client
            .get(location)
            .send()
            .await
            .map_err(|e| io::Error::other(format!("{location}: {e}")))?;
        let status = response.status().as_u16();
        Ok((status, response.text().await.map_err(other)?))
    }

    /// The person's side of the device flow: opens the verification URI, enters the
    /// user code, confirms the device, signs in (unless this browser's session is
    /// on). Returns once the provider shows its success page; the app's polling then
    /// gets the tokens.
    pub async fn approve_device_code(
        &self,
        verification_uri: &str,
        user_code: &str,
        login: &str,
        password: &str,
    ) -> io::Result<()> {
        let mut step = self.open(verification_uri).await?;
        let (mut code_entered, mut signed_in) = (false, false);
        for _ in 0..8 {
            let page = match step {
                Step::Left(location) => {
                    return Err(io::Error::other(format!(
                        "device flow: the provider redirected away, to {location}"
                    )))
                }
                Step::Page(page) => page,
            };
            if page.body.contains("id=\"device-success\"") {
                return Ok(());
            }
            let mut forms = forms(&page);
            let form = if let Ok(mut form) = login_form(&page) {
                if signed_in {
                    return Err(io::Error::new(
                        io::ErrorKind::PermissionDenied,
                        format!("sign-in refused: {}", page_text(&page.body)),
                    ));
                }
                signed_in = true;
                form.set("login", login);
                form.set("password", password);
                form
            } else if let Some(i) = forms.iter().position(|f| f.has("confirm")) {
                forms.swap_remove(i)
            } else if let Some(i) = forms.iter().position(|f| f.has("user_code")) {
                if code_entered {
                    return Err(io::Error::other(format!(
                        "device flow: user code {user_code} refused: {}",
                        page_text(&page.body)
                    )));
                }
                code_entered = true;
                let mut form = forms.swap_remove(i);
                form.set("user_code", user_code);
                form
            } else {
                return Err(unexpected("in the device flow", &page));
            };
            step = self.submit(form).await?;
        }
        Err(io::Error::other(
            "device flow: no success page after 8 pages",
        ))
    }

    async fn open(&self, url: &str) -> io::Result<Step> {
        let url = Url::parse(url).map_err(|e| io::Error::other(format!("{url}: {e}")))?;
        self.walk(Method::GET, url, None).await
    }

    async fn submit(&self, form: Form) -> io::Result<Step> {
        self.walk(Method::POST, form.action, Some(form.fields))
            .await
    }

    /// One request, then the redirects while they stay on the provider.
    async fn walk(
        &self,
        mut method: Method,
        mut url: Url,
        mut form: Option<Vec<(String, String)>>,
    ) -> io::Result<Step> {
        for _ in 0..20 {
            let mut request = self.client.request(method.clone(), url.clone());
            if let Some(fields) = &form {
                request = request.form(fields);
            }
            let response = request
                .send()
                .await
                .map_err(|e| io::Error::other(format!("{method} {url}: {e}")))?;
            let status = response.status();
            if status.is_redirection() {
                let location = response
                    .headers()
                    .get(reqwest::header::LOCATION)
                    .and_then(|l| l.to_str().ok())
                    .ok_or_else(|| io::Error::other(format!("{url}: {status} without Location")))?;
                let next = url
                    .join(location)
                    .map_err(|e| io::Error::other(format!("{url}: Location {location}: {e}")))?;
                if next.origin() != self.provider.origin() {
                    return Ok(Step::Left(next.to_string()));
                }
                // 302/303 as browsers do: the next request is a GET.
                (method, url, form) = (Method::GET, next, None);
                continue;
            }
            let body = response.text().await.map_err(other)?;
            return Ok(Step::Page(Page { url, status, body }));
        }
        Err(io::Error::other(format!("{url}: more than 20 redirects")))
    }
}

/// The login form of a page (the one with a password field).
fn login_form(page: &Page) -> io::Result<Form> {
    forms(page)
        .into_iter()
        .find(|f| f.has("password"))
        .ok_or_else(|| unexpected("instead of the login page", page))
}

fn unexpected(when: &str, page: &Page) -> io::Error {
    io::Error::other(format!(
        "unexpected page {when}: {} {}: {}",
        page.status,
        page.url,
        page_text(&page.body)
    ))
}

/// The forms of a page, enough for the provider's own pages: double-quoted attributes,
/// `<input>` fields (a field without a value is empty).
fn forms(page: &Page) -> Vec<Form> {
    static FORM: std::sync::OnceLock<(Regex, Regex, Regex)> = std::sync::OnceLock::new();
    let (form_re, input_re, attr_re) = FORM.get_or_init(|| {
        (
            Regex::new(r#"(?is)<form\b([^>]*)>(.*?)</form>"#).unwrap(),
            Regex::new(r#"(?is)<input\b([^>]*)>"#).unwrap(),
            Regex::new(r#"(?is)([a-z_-]+)\s*=\s*"([^"]*)""#).unwrap(),
        )
    });
    let attr = |attrs: &str, name: &str| -> Option<String> {
        attr_re
            .captures_iter(attrs)
            .find(|c| c[1].eq_ignore_ascii_case(name))
            .map(|c| unescape(&c[2]))
    };
    form_re
        .captures_iter(&page.body)
        .filter_map(|c| {
            let action = page
                .url
                .join(&attr(&c[1], "action").unwrap_or_default())
                .ok()?;
            let fields = input_re
                .captures_iter(&c[2])
                .filter_map(|i| {
                    Some((
                        attr(&i[1], "name")?,
                        attr(&i[1], "value").unwrap_or_default(),
                    ))
                })
                .collect();
            Some(Form {
                id: attr(&c[1], "id").unwrap_or_default(),
                action,
                fields,
            })
        })
        .collect()
}

/// HTML character references as the provider writes them.
fn unescape(text: &str) -> String {
    static REF: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let re =
        REF.get_or_init(|| Regex::new(r"&(#[0-9]+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);").unwrap());
    re.replace_all(text, |c: &regex::Captures| {
        let name = &c[1];
        let code = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ if name.starts_with("#x") => u32::from_str_radix(&name[2..], 16)
                .ok()
                .and_then(char::from_u32),
            _ => name[1..].parse().ok().and_then(char::from_u32),
        };
        code.map(String::from).unwrap_or_else(|| c[0].to_string())
    })
    .into_owned()
}

/// A page's text without its tags, shortened: for error messages.
fn page_text(body: &str) -> String {
    static TAG: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let re = TAG.get_or_init(|| Regex::new(r"(?s)<[^>]*>").unwrap());
    let text = unescape(&re.replace_all(body, " "));
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(300) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> Page {
        Page {
            url: Url::parse("http://127.0.0.1:1/t/v2.0/device").unwrap(),
            status: StatusCode::OK,
            body: body.to_string(),
        }
    }

    #[test]
    fn reads_the_forms_of_a_page() {
        let p = page(
            r#"<form id="op.deviceConfirmForm" method="post" action="http://127.0.0.1:1/t/v2.0/device">
<input type="hidden" name="xsrf" value="a&amp;b"/>
<input type="hidden" name="confirm" value="yes"/>
</form><form id="cancel" method="post" action="/t/v2.0/interaction/x/abort"><input name="empty"></form>"#,
        );
        let forms = forms(&p);
        assert_eq!(forms.len(), 2);
        assert_eq!(forms[0].id, "op.deviceConfirmForm");
        assert_eq!(
            forms[0].fields,
            vec![
                ("xsrf".into(), "a&b".into()),
                ("confirm".into(), "yes".into())
            ]
        );
        assert_eq!(
            forms[1].action.as_str(),
            "http://127.0.0.1:1/t/v2.0/interaction/x/abort"
        );
        assert_eq!(forms[1].fields, vec![("empty".into(), String::new())]);
        assert_eq!(
            page_text("<p>Your &#39;account&#39;</p>\n<b>x</b>"),
            "Your 'account' x"
        );
    }
}
