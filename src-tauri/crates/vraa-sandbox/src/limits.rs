//! Per-caller rate limiting and fault injection (middleware on `/v1`).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use desk_core::api::ProblemCode;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::config::RateLimit;
use crate::error::ApiError;
use crate::http::bearer_token;
use crate::state::AppState;
use crate::store::Principal;

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// At most this many buckets are kept. Keys are people (plus the admin and
/// one shared bucket for calls without a valid token), so a real sandbox stays
/// far below it; the cap keeps memory bounded whatever arrives.
pub const MAX_BUCKETS: usize = 4096;

/// Token buckets keyed by who is calling, plus the fault injection dice.
pub struct RateLimiter {
    limit: Option<RateLimit>,
    buckets: Mutex<HashMap<String, Bucket>>,
    max_buckets: usize,
    rng: Mutex<StdRng>,
}

impl RateLimiter {
    pub fn new(limit: Option<RateLimit>, seed: u64) -> Self {
        Self::with_capacity(limit, seed, MAX_BUCKETS)
    }

    pub fn with_capacity(limit: Option<RateLimit>, seed: u64, max_buckets: usize) -> Self {
        RateLimiter {
            limit,
            buckets: Mutex::new(HashMap::new()),
            max_buckets: max_buckets.max(1),
            rng: Mutex::new(StdRng::seed_from_u64(seed)),
        }
    }

    /// How many buckets are held now.
    pub fn bucket_count(&self) -> usize {
        self.buckets.lock().map(|b| b.len()).unwrap_or(0)
    }

    /// `Err(seconds to wait)` when `key` has no call left.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        let Some(limit) = self.limit else {
            return Ok(());
        };
        let now = Instant::now();
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(());
        };
        if !buckets.contains_key(key) && buckets.len() >= self.max_buckets {
            evict(&mut buckets, limit, now, self.max_buckets);
        }
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket {
            tokens: limit.burst,
            at: now,
        });
        let elapsed = now.duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * limit.per_second).min(limit.burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - bucket.tokens) / limit.per_second.max(f64::MIN_POSITIVE);
            Err(wait.ceil().max(1.0) as u64)
        }
    }

    fn roll(&self) -> f64 {
        self.rng.lock().map(|mut r| r.gen::<f64>()).unwrap_or(1.0)
    }
}

/// Makes room for one more bucket: first drops every bucket that has refilled
/// completely (forgetting it changes nothing, a new one starts full), then,
/// if none had, the least recently used one.
fn evict(buckets: &mut HashMap<String, Bucket>, limit: RateLimit, now: Instant, max: usize) {
    let full_after = limit.burst / limit.per_second.max(f64::MIN_POSITIVE);
    buckets.retain(|_, b| now.duration_since(b.at).as_secs_f64() < full_after);
    if buckets.len() >= max {
        if let Some(oldest) = buckets
            .iter()
            .min_by_key(|(_, b)| b.at)
            .map(|(k, _)| k.clone())
        {
            buckets.remove(&oldest);
        }
    }
}

fn rate_limited(seconds: u64) -> Response {
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        ProblemCode::RateLimited,
        format!("Too many calls; retry after {seconds} s."),
        format!("Pārāk daudz izsaukumu; mēģiniet vēlreiz pēc {seconds} s."),
    )
    .with_retry_after(seconds)
    .into_response()
}

/// Rate limit per authenticated caller: a person's calls share one bucket
/// however the header is written, and calls without a valid token share one
/// bucket between them (so made-up tokens cannot create buckets).
pub async fn rate_limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let key = match bearer_token(request.headers()).and_then(|t| state.principal(t)) {
        Some(Principal::Customer(caller)) => format!("person:{}", caller.person_id),
        Some(Principal::Admin { .. }) => "admin".to_owned(),
        None => "unauthenticated".to_owned(),
    };
    if let Err(seconds) = state.limiter.check(&key) {
        return rate_limited(seconds);
    }
    next.run(request).await
}

/// Injects the configured faults: latency, 500/503/429 answers, and dropped
/// connections after the call took effect.
pub async fn inject_faults(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let faults = state.faults();
    if faults.latency_ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(faults.latency_ms)).await;
    }
    let dice = &state.limiter;
    if faults.error_500_share > 0.0 && dice.roll() < faults.error_500_share {
        return ApiError::internal("injected fault").into_response();
    }
    if faults.error_503_share > 0.0 && dice.roll() < faults.error_503_share {
        return ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ProblemCode::ServiceUnavailable,
            "The service is temporarily unavailable (injected fault).",
            "Pakalpojums īslaicīgi nav pieejams (ievietota kļūme).",
        )
        .with_retry_after(1)
        .into_response();
    }
    if faults.rate_limit_share > 0.0 && dice.roll() < faults.rate_limit_share {
        return rate_limited(1);
    }
    let drop = faults.drop_share > 0.0 && dice.roll() < faults.drop_share;
    let response = next.run(request).await;
    if !drop {
        return response;
    }
    // The call has taken effect; now lose the answer. A body that fails
    // makes hyper abort the connection, so the client sees a broken response.
    let (parts, _) = response.into_parts();
    let failing = futures_util::stream::once(async {
        Err::<axum::body::Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "injected dropped connection",
        ))
    });
    let mut parts = parts;
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from_stream(failing))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_stay_bounded_however_many_keys_arrive() {
        let limit = RateLimit {
            per_second: 1.0,
            burst: 2.0,
        };
        let limiter = RateLimiter::with_capacity(Some(limit), 1, 64);
        for i in 0..10_000 {
            let _ = limiter.check(&format!("person:{i}"));
            assert!(limiter.bucket_count() <= 64);
        }
        // A bucket in use keeps its state: an exhausted caller stays limited.
        assert!(limiter.check("person:busy").is_ok());
        assert!(limiter.check("person:busy").is_ok());
        assert!(limiter.check("person:busy").is_err());
    }
}
