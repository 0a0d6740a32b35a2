//! Capped exponential backoff with jitter, honouring `Retry-After`.

use std::time::Duration;

use rand::Rng;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Delay before the first retry (before jitter).
    pub base: Duration,
    /// No delay exceeds this, except that a server's `Retry-After` is honoured
    /// up to `max_retry_after`.
    pub cap: Duration,
    pub max_retry_after: Duration,
    /// Attempts per call within one sync run (the first included); after that
    /// the row stays queued for the next run.
    pub max_attempts: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            base: Duration::from_millis(250),
            cap: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            max_attempts: 6,
        }
    }
}

impl RetryPolicy {
    /// Delay after failed attempt number `attempt` (1-based): "equal jitter",
    /// i.e. a random point in the upper half of the capped exponential step, so
    /// that many clients do not retry in lock-step yet never retry at once.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let exp = self
            .base
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(20));
        let step = exp.min(self.cap);
        let half = step / 2;
        let jitter = rand::thread_rng().gen_range(0..=half.as_millis() as u64);
        let backoff = half + Duration::from_millis(jitter);
        match retry_after {
            Some(after) => after.min(self.max_retry_after).max(backoff.min(after)),
            None => backoff,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_exponentially_with_jitter_and_are_capped() {
        let p = RetryPolicy {
            base: Duration::from_millis(100),
            cap: Duration::from_millis(1000),
            max_retry_after: Duration::from_secs(5),
            max_attempts: 10,
        };
        for _ in 0..200 {
            let d1 = p.delay(1, None);
            assert!(d1 >= Duration::from_millis(50) && d1 <= Duration::from_millis(100));
            let d3 = p.delay(3, None);
            assert!(d3 >= Duration::from_millis(200) && d3 <= Duration::from_millis(400));
            let d9 = p.delay(9, None);
            assert!(d9 >= Duration::from_millis(500) && d9 <= Duration::from_millis(1000));
        }
    }

    #[test]
    fn retry_after_is_honoured_up_to_its_limit() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(3))),
            Duration::from_secs(3)
        );
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(600))),
            Duration::from_secs(60)
        );
    }
}
