//! Rate limits on `/graphql`: a token bucket per API key for keyed requests, and one
//! per client address for everything else — the public, and every attempt with a bad
//! key, so keys cannot be guessed at speed. Over the limit: 429 with `Retry-After`.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use actix_web::HttpRequest;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use uuid::Uuid;

use crate::config::Settings;

/// Who a request is charged to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Client {
    Key(Uuid),
    Address(IpAddr),
}

pub struct RateLimits {
    per_key: Option<DefaultKeyedRateLimiter<Uuid>>,
    per_address: Option<DefaultKeyedRateLimiter<IpAddr>>,
    trust_forwarded: bool,
}

/// How long to wait before the next request would be allowed.
#[derive(Debug)]
pub struct Limited(pub Duration);

impl RateLimits {
    pub fn new(settings: &Settings) -> RateLimits {
        let quota = |per_minute: u32, burst: u32| {
            let per_minute = NonZeroU32::new(per_minute)?;
            let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
            Some(Quota::per_minute(per_minute).allow_burst(burst))
        };
        RateLimits {
            per_key: quota(
                settings.rate_limit_per_key,
                settings.rate_limit_burst_per_key,
            )
            .map(DefaultKeyedRateLimiter::keyed),
            per_address: quota(
                settings.rate_limit_per_address,
                settings.rate_limit_burst_per_address,
            )
            .map(DefaultKeyedRateLimiter::keyed),
            trust_forwarded: settings.trust_forwarded_for,
        }
    }

    /// Takes one token from `client`'s bucket.
    pub fn check(&self, client: Client) -> Result<(), Limited> {
        let outcome = match client {
            Client::Key(key) => self.per_key.as_ref().map(|l| l.check_key(&key)),
            Client::Address(address) => self.per_address.as_ref().map(|l| l.check_key(&address)),
        };
        match outcome {
            Some(Err(not_until)) => Err(Limited(
                not_until.wait_time_from(DefaultClock::default().now()),
            )),
            _ => Ok(()),
        }
    }

    /// The address a request comes from: the peer, or — behind a reverse proxy that
    /// sets it (`--trust-forwarded-for`) — the first address in `X-Forwarded-For`.
    pub fn address_of(&self, req: &HttpRequest) -> Option<IpAddr> {
        if self.trust_forwarded {
            let forwarded = req
                .headers()
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .and_then(|v| v.trim().parse().ok());
            if forwarded.is_some() {
                return forwarded;
            }
        }
        req.peer_addr().map(|addr| addr.ip())
    }

    /// Forgets buckets that have refilled, so clients that come and go do not grow
    /// memory; run every minute.
    pub fn forget_idle(&self) {
        if let Some(limiter) = &self.per_key {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
        if let Some(limiter) = &self.per_address {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

impl Limited {
    /// Whole seconds for `Retry-After`, at least one.
    pub fn retry_after_secs(&self) -> u64 {
        self.0.as_secs() + u64::from(self.0.subsec_nanos() > 0).max(u64::from(self.0.is_zero()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(per_minute: u32, burst: u32) -> RateLimits {
        let mut settings = Settings::new("", "");
        settings.rate_limit_per_address = per_minute;
        settings.rate_limit_burst_per_address = burst;
        settings.rate_limit_per_key = per_minute;
        settings.rate_limit_burst_per_key = burst;
        RateLimits::new(&settings)
    }

    #[test]
    fn a_bucket_allows_its_burst_then_says_when_to_come_back() {
        let limits = limits(60, 3);
        let client = Client::Address("10.0.0.1".parse().unwrap());
        for _ in 0..3 {
            assert!(limits.check(client).is_ok());
        }
        let limited = limits.check(client).unwrap_err();
        assert!(limited.0 <= Duration::from_secs(1));
        assert_eq!(limited.retry_after_secs(), 1);
        // Another client has its own bucket; keys and addresses are apart.
        assert!(
            limits
                .check(Client::Address("10.0.0.2".parse().unwrap()))
                .is_ok()
        );
        assert!(limits.check(Client::Key(Uuid::nil())).is_ok());
    }

    #[test]
    fn zero_switches_a_limit_off() {
        let limits = limits(0, 0);
        for _ in 0..1000 {
            assert!(limits.check(Client::Key(Uuid::nil())).is_ok());
        }
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(Limited(Duration::from_millis(1)).retry_after_secs(), 1);
        assert_eq!(Limited(Duration::from_millis(2500)).retry_after_secs(), 3);
        assert_eq!(Limited(Duration::from_secs(2)).retry_after_secs(), 2);
        assert_eq!(Limited(Duration::ZERO).retry_after_secs(), 1);
    }
}
