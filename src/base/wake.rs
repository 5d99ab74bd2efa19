//! Timer coalescing. tokio's timer wheel wakes a sleeping runtime at the start of a
//! 64 ms slot for any deadline more than 64 ms away, and again at the deadline itself:
//! two wake-ups per timer, and on a VM each wake-up of an idle process costs close to a
//! millisecond of cold caches. Deadlines rounded up to that same 64 ms grid — taken from
//! when the runtime was built — fall on the slot starts, so each costs one wake-up, and
//! timers of the poller, the console and the executor that land in one slot share it.

use std::sync::OnceLock;
use std::time::Duration;

use tokio::time::Instant;

const GRID: Duration = Duration::from_millis(64);

static ORIGIN: OnceLock<std::time::Instant> = OnceLock::new();

/// Call right after building the runtime, so the grid matches its timer wheel (later
/// calls change nothing; without one the grid starts at the first deadline rounded).
pub fn set_origin() {
    let _ = ORIGIN.set(std::time::Instant::now());
}

/// `at`, rounded up to the grid (never earlier; at most 64 ms later). A deadline that
/// is already due stays as it is: what is asked for now (a refresh) is not delayed.
pub fn coalesce(at: Instant) -> Instant {
    if at <= Instant::now() {
        return at;
    }
    let origin = *ORIGIN.get_or_init(std::time::Instant::now);
    let std_at = at.into_std();
    let Some(since) = std_at.checked_duration_since(origin) else {
        return at;
    };
    let grid = GRID.as_nanos();
    let slots = since.as_nanos().div_ceil(grid);
    let rounded = Duration::from_nanos((slots * grid).min(u64::MAX as u128) as u64);
    Instant::from_std(origin + rounded)
}

/// `at`, coalesced only when it is more than a slot away. A deadline within the slot is
/// kept to the millisecond: a poller with thousands of channels has a probe due every
/// millisecond or two, and rounding those up would release a slot's worth at once (whose
/// answers then wait on each other to be read).
pub fn coalesce_far(at: Instant) -> Instant {
    if at <= Instant::now() + GRID {
        return at;
    }
    coalesce(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_round_up_to_the_grid_and_never_earlier() {
        set_origin();
        let origin = Instant::from_std(*ORIGIN.get().unwrap());
        let now = Instant::now();
        for ms in [1u64, 63, 64, 65, 1_000, 1_999] {
            let at = now + Duration::from_millis(ms);
            let c = coalesce(at);
            assert!(c >= at, "{ms} ms: never earlier");
            assert!(c - at < GRID, "{ms} ms: less than a slot later");
            assert_eq!((c - origin).as_nanos() % GRID.as_nanos(), 0, "{ms} ms");
        }
        assert_eq!(coalesce(now), now, "due now: at once");
        let before = origin - Duration::from_millis(5);
        assert_eq!(coalesce(before), before);
    }

    #[test]
    fn near_deadlines_are_kept_exact() {
        set_origin();
        let now = Instant::now();
        let near = now + Duration::from_millis(3);
        assert_eq!(coalesce_far(near), near);
        let far = now + Duration::from_millis(1_001);
        assert_eq!(coalesce_far(far), coalesce(far));
    }
}
