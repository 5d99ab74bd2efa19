//! Upper (and lower) bounds on every duration and count a user can give, checked at load
//! so that no later arithmetic can overflow or wrap. An interval of 2^64−1 s used to pass
//! `--snapshot` and then panic the live poller (`Instant + Duration` overflow); a window
//! that large wrapped to negative milliseconds and showed healthy channels OFFLINE; a
//! concurrency of 2^61 overflowed tokio's semaphore. The bounds are far beyond any sane
//! setting and far below where arithmetic in milliseconds or nanoseconds breaks.

use std::time::Duration;

const SECOND: Duration = Duration::from_secs(1);
const HOUR: Duration = Duration::from_secs(3600);
const DAY: Duration = Duration::from_secs(86_400);

/// Probe intervals (`[poll] interval`, a channel's `interval`).
pub const INTERVAL: (Duration, Duration) = (Duration::from_millis(10), DAY);
/// The rolling window: samples are kept for this long, so a bound is also a memory bound.
pub const WINDOW: (Duration, Duration) = (SECOND, DAY);
/// A probe's or an action's timeout.
pub const TIMEOUT: (Duration, Duration) = (Duration::from_millis(1), HOUR);
/// Recovery guardrails (`cooldown`, `verify_timeout`, `backoff_max`, `poor_after`).
pub const GUARD: (Duration, Duration) =
    (Duration::from_millis(1), Duration::from_secs(30 * 86_400));
/// The demo's scripted incidents (`every`, `offset`, `duration`).
pub const INCIDENT: (Duration, Duration) = (Duration::ZERO, Duration::from_secs(366 * 86_400));
/// `[history] retention`: at least an hour (what a restarted console shows), at most
/// a year.
pub const RETENTION: (Duration, Duration) = (HOUR, Duration::from_secs(366 * 86_400));
/// `[history] max_size`: at least a MiB (a few hours of a few channels).
pub const HISTORY_MIN_SIZE: u64 = 1 << 20;
/// `--tick` of `--replay`.
pub const TICK: (Duration, Duration) = (Duration::from_millis(1), DAY);

/// `down_after`, `up_after`.
pub const FLAP_COUNT: u32 = 1000;
/// `concurrency`: probes in flight at once.
pub const CONCURRENCY: usize = 65_536;
/// `max_attempts`.
pub const MAX_ATTEMPTS: u32 = 1000;

/// Percentages (availability thresholds).
pub const PERCENT: (f64, f64) = (0.0, 100.0);
/// Latencies in milliseconds, wherever they come from (thresholds, the demo's settings,
/// a metrics file, a replay record): 10^9 ms is 11.6 days, beyond any probe timeout;
/// 1e308 used to print `inf ms` once summed.
pub const LATENCY_MS: (f64, f64) = (0.0, 1e9);
/// Chances (`spike_chance`, `error_rate`).
pub const PROBABILITY: (f64, f64) = (0.0, 1.0);
/// `cost_per_1k_tokens`.
pub const COST: (f64, f64) = (0.0, 1e6);
/// A slow incident's latency factor.
pub const FACTOR: (f64, f64) = (0.0, 1e6);

/// `Ok` when `v` is a finite number within `(min, max)` inclusive; otherwise the problem.
pub fn number(key: &str, v: f64, (min, max): (f64, f64)) -> Result<f64, String> {
    if !v.is_finite() {
        return Err(format!("{key} must be a finite number, not {v}"));
    }
    if v < min || v > max {
        return Err(format!("{key} {} is out of range ({min}–{max})", show(v)));
    }
    Ok(v)
}

/// A number as a person reads it: `1e308`, not three hundred digits.
fn show(v: f64) -> String {
    if v.abs() >= 1e15 {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

/// `Ok` when `d` is within `(min, max)` inclusive; otherwise the problem in words.
pub fn duration(
    key: &str,
    d: Duration,
    (min, max): (Duration, Duration),
) -> Result<Duration, String> {
    let show = |d: Duration| humantime::format_duration(d).to_string();
    if d.is_zero() && !min.is_zero() {
        return Err(format!("{key} must be greater than 0"));
    }
    if d < min {
        return Err(format!(
            "{key} {} is too short (at least {})",
            show(d),
            show(min)
        ));
    }
    if d > max {
        return Err(format!(
            "{key} {} is too long (at most {})",
            show(d),
            show(max)
        ));
    }
    Ok(d)
}

/// `Ok` when `1 <= n <= max`; otherwise the problem in words.
pub fn count<T: PartialOrd + From<u8> + std::fmt::Display + Copy>(
    key: &str,
    n: T,
    max: T,
) -> Result<T, String> {
    if n < T::from(1) {
        return Err(format!("{key} must be at least 1"));
    }
    if n > max {
        return Err(format!("{key} {n} is too large (at most {max})"));
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_name_the_key_and_the_limit() {
        let huge = Duration::from_secs(u64::MAX);
        let e = duration("interval", huge, INTERVAL).unwrap_err();
        assert!(
            e.starts_with("interval ") && e.ends_with("is too long (at most 1day)"),
            "{e}"
        );
        assert_eq!(
            duration("window", Duration::from_millis(5), WINDOW).unwrap_err(),
            "window 5ms is too short (at least 1s)"
        );
        assert_eq!(
            duration("timeout", Duration::ZERO, TIMEOUT).unwrap_err(),
            "timeout must be greater than 0"
        );
        assert_eq!(
            count("concurrency", 1usize << 61, CONCURRENCY).unwrap_err(),
            "concurrency 2305843009213693952 is too large (at most 65536)"
        );
        assert_eq!(
            count("up_after", 0u32, FLAP_COUNT).unwrap_err(),
            "up_after must be at least 1"
        );
        assert_eq!(count("up_after", 1000u32, FLAP_COUNT), Ok(1000));
        assert_eq!(
            number("x", f64::NAN, PERCENT).unwrap_err(),
            "x must be a finite number, not NaN"
        );
        assert_eq!(
            number("x", 1e308, LATENCY_MS).unwrap_err(),
            "x 1e308 is out of range (0–1000000000)"
        );
    }
}
