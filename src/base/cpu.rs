//! The CPU time the calling thread has used. Work is paced by what it costs the machine,
//! not by the wall time it took: on a loaded host a thread that is preempted mid-task
//! would otherwise look as if its work were a hundred times dearer than it is.

use std::time::Duration;

/// CPU time used by this thread so far, or `None` where the clock is not offered.
pub fn thread_time() -> Option<Duration> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime fills one struct owned here.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return None;
    }
    let secs = u64::try_from(ts.tv_sec).ok()?;
    let nanos = u32::try_from(ts.tv_nsec).ok()?;
    Some(Duration::new(secs, nanos))
}

/// Measures `f`'s cost: the thread's CPU time where offered, else its wall time.
pub fn cost_of<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let (cpu, wall) = (thread_time(), std::time::Instant::now());
    let out = f();
    let cost = match (cpu, thread_time()) {
        (Some(a), Some(b)) => b.saturating_sub(a),
        _ => wall.elapsed(),
    };
    (out, cost)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sleeping_costs_no_cpu_and_spinning_does() {
        let ((), slept) = cost_of(|| std::thread::sleep(Duration::from_millis(50)));
        assert!(slept < Duration::from_millis(25), "sleep cost {slept:?}");
        assert!(thread_time().is_some(), "Linux offers a thread CPU clock");
        // Spins until the thread has used 20 ms of CPU, however long a loaded host
        // takes to give them.
        let (_, spun) = cost_of(|| {
            let start = thread_time().unwrap_or_default();
            let mut n = 0u64;
            while thread_time().unwrap_or_default() < start + Duration::from_millis(20) {
                n = std::hint::black_box(n.wrapping_add(1));
            }
            n
        });
        assert!(spun >= Duration::from_millis(20), "spin cost {spun:?}");
    }
}
