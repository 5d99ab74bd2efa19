//! Panics that are someone else's to report.
//!
//! The console's panic hook restores the terminal so that a crash of the UI is readable.
//! But the poller runs on the same thread (a current-thread runtime), and its panic is
//! caught by tokio and shown by the supervisor as POLLER FAILED while the console keeps
//! drawing: restoring the terminal (or printing the message over the screen) then would
//! leave the console drawing over the shell. Futures wrapped in `contained` mark their
//! polls, and the hook leaves the terminal alone for panics raised inside them.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

thread_local! {
    /// How many contained futures are being polled on this thread right now.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// True while a contained future is being polled on this thread (a panic now is caught
/// by its task and reported through a snapshot).
pub fn active() -> bool {
    DEPTH.with(|d| d.get() > 0)
}

/// Marks every poll of `f` as contained.
pub fn contained<F: Future>(f: F) -> Contained<F> {
    Contained { inner: Box::pin(f) }
}

pub struct Contained<F> {
    inner: Pin<Box<F>>,
}

/// Lowers the depth again however the poll ends, a panic included.
struct Mark;

impl Mark {
    fn new() -> Mark {
        DEPTH.with(|d| d.set(d.get().saturating_add(1)));
        Mark
    }
}

impl Drop for Mark {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

impl<F: Future> Future for Contained<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let _mark = Mark::new();
        self.inner.as_mut().poll(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn marks_only_its_own_polls_and_survives_a_panic() {
        assert!(!active());
        let inside = contained(async { active() }).await;
        assert!(inside);
        assert!(!active());
        let task = tokio::spawn(contained(async {
            if active() {
                panic!("contained boom");
            }
        }));
        assert!(task.await.expect_err("it panicked").is_panic());
        // The mark was dropped during unwinding.
        assert!(!active());
    }
}
