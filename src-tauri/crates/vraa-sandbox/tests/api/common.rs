//! Test harness: a real sandbox on 127.0.0.1 (port 0) and an HTTP client that
//! checks every JSON answer against the generated OpenAPI document.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use vraa_sandbox::{RunningSandbox, SandboxConfig};

pub const VVD: &str = "demo-vvd-contact-7f3a90";
pub const VVD_EXPERT: &str = "demo-vvd-expert-2e6b45";
pub const VVD_EMPLOYEE: &str = "demo-vvd-employee-9d0c77";
pub const VARAM: &str = "demo-varam-contact-3b7e21";
pub const DAP: &str = "demo-dap-contact-1c8e54";
pub const ADMIN: &str = vraa_sandbox::ADMIN_TOKEN;

/// Validators of response schemas, looked up by JSON pointer into the document.
pub struct Contract {
    doc: Value,
    cache: Mutex<HashMap<String, Arc<jsonschema::Validator>>>,
}

impl Contract {
    pub fn new() -> Self {
        let doc: Value = serde_json::from_str(&vraa_sandbox::openapi_json()).expect("openapi json");
        Contract {
            doc,
            cache: Mutex::new(HashMap::new()),
        }
    }

    pub fn doc(&self) -> &Value {
        &self.doc
    }

    /// Asserts that `body` is what the document promises for this answer.
    pub fn check(
        &self,
        method: &Method,
        template: &str,
        status: StatusCode,
        content_type: &str,
        body: &Value,
    ) {
        let escaped = template.replace('~', "~0").replace('/', "~1");
        let op = format!("/paths/{escaped}/{}", method.as_str().to_lowercase());
        assert!(
            self.doc.pointer(&op).is_some(),
            "{method} {template} is not in the OpenAPI document"
        );
        let response = format!("{op}/responses/{}", status.as_u16());
        assert!(
            self.doc.pointer(&response).is_some(),
            "{method} {template} answered {status}, which the OpenAPI document does not list: {body}"
        );
        let media = content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .replace('/', "~1");
        let pointer = format!("{response}/content/{media}/schema");
        assert!(
            self.doc.pointer(&pointer).is_some(),
            "{method} {template} {status}: content type {content_type} not documented"
        );
        let validator = {
            let mut cache = self.cache.lock().expect("cache");
            cache
                .entry(pointer.clone())
                .or_insert_with(|| {
                    let mut root = self.doc.clone();
                    // `{`/`}` of path templates are not allowed in a URI fragment.
                    let fragment = pointer.replace('{', "%7B").replace('}', "%7D");
                    root["$ref"] = json!(format!("#{fragment}"));
                    Arc::new(jsonschema::validator_for(&root).expect("schema compiles"))
                })
                .clone()
        };
        let errors: Vec<String> = validator
            .iter_errors(body)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{method} {template} {status} does not match the contract: {errors:?}\nbody: {body}"
        );
    }
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub bytes: Vec<u8>,
}

impl Answer {
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or_default()
    }
}

pub struct Api {
    pub sandbox: Option<RunningSandbox>,
    pub base: String,
    pub http: reqwest::Client,
    pub contract: Arc<Contract>,
}

impl Api {
    pub async fn start(config: SandboxConfig) -> Api {
        let sandbox = vraa_sandbox::start(config).await.expect("sandbox starts");
        let base = sandbox.base_url();
        Api {
            sandbox: Some(sandbox),
            base,
            http: reqwest::Client::builder()
                .pool_max_idle_per_host(64)
                .build()
                .expect("client"),
            contract: Arc::new(Contract::new()),
        }
    }

    pub async fn empty() -> Api {
        Api::start(SandboxConfig::for_tests()).await
    }

    pub fn clone_client(&self) -> Api {
        Api {
            sandbox: None,
            base: self.base.clone(),
            http: self.http.clone(),
            contract: Arc::clone(&self.contract),
        }
    }

    pub async fn stop(mut self) {
        if let Some(s) = self.sandbox.take() {
            s.shutdown().await.expect("clean shutdown");
        }
    }

    /// Sends a call and checks the answer against the contract.
    /// `template` is the documented path, `path` the concrete one.
    pub async fn send(
        &self,
        method: Method,
        template: &str,
        path: &str,
        token: Option<&str>,
        key: Option<&str>,
        body: Option<(Vec<u8>, &str)>,
    ) -> Answer {
        let mut req = self
            .http
            .request(method.clone(), format!("{}{}", self.base, path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(k) = key {
            req = req.header("Idempotency-Key", k);
        }
        if let Some((bytes, ct)) = body {
            req = req.header("Content-Type", ct).body(bytes);
        }
        let resp = req.send().await.expect("call reaches the sandbox");
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.bytes().await.expect("body").to_vec();
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let body = if content_type.contains("json") {
            serde_json::from_slice(&bytes).expect("JSON answer parses")
        } else {
            Value::Null
        };
        if content_type.contains("json") {
            self.contract
                .check(&method, template, status, &content_type, &body);
            if content_type.starts_with("application/problem+json") {
                assert_eq!(
                    body["status"].as_u64(),
                    Some(u64::from(status.as_u16())),
                    "problem status matches"
                );
                assert!(
                    !body["title_lv"].as_str().unwrap_or_default().is_empty(),
                    "Latvian title present"
                );
                assert!(
                    !body["detail"].as_str().unwrap_or_default().is_empty(),
                    "English detail present"
                );
            }
        }
        Answer {
            status,
            headers,
            body,
            bytes,
        }
    }

    pub async fn get(&self, template: &str, path: &str, token: &str) -> Answer {
        self.send(Method::GET, template, path, Some(token), None, None)
            .await
    }

    pub async fn post(
        &self,
        template: &str,
        path: &str,
        token: &str,
        key: &str,
        body: Value,
    ) -> Answer {
        let bytes = serde_json::to_vec(&body).expect("json");
        self.send(
            Method::POST,
            template,
            path,
            Some(token),
            Some(key),
            Some((bytes, "application/json")),
        )
        .await
    }

    /// Creates a valid licence request; returns its JSON.
    pub async fn create_licence(&self, token: &str, key: &str, user: &str) -> Value {
        let a = self
            .post(
                "/v1/requests",
                "/v1/requests",
                token,
                key,
                licence_body(user),
            )
            .await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
        a.body
    }

    pub async fn admin_move(&self, id: &str, to: &str) -> Answer {
        self.post(
            "/admin/v1/requests/{id}/transition",
            &format!("/admin/v1/requests/{id}/transition"),
            ADMIN,
            &new_key(),
            json!({"to": to, "comment": format!("Statuss: {to}")}),
        )
        .await
    }
}

pub fn licence_body(user: &str) -> Value {
    json!({
        "request_type_id": "email.licence_assign",
        "subject": format!("Licence {user}"),
        "description": "Jauns darbinieks",
        "fields": {"user_name": user, "user_email": "user@vvd.example.lv", "licence": "exchange_online_plan_1"}
    })
}

pub fn new_key() -> String {
    uuid::Uuid::new_v4().to_string()
}
