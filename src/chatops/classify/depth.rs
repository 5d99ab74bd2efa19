//! How deep `Engine::classify` is in its own rewrites, on this thread: each rewrite reads
//! a shorter or plainer sentence again, and should two ever undo each other, the guard
//! stops the descent instead of the stack overflowing.

/// How deep `classify` is in its own rewrites, on this thread.
pub(super) struct Depth;

thread_local! {
    static DEPTH: std::cell::Cell<u8> = const { std::cell::Cell::new(0) };
}

impl Depth {
    /// Far deeper than any sentence's rewrites go (a handful).
    const MAX: u8 = 16;

    pub(super) fn enter() -> Option<Depth> {
        DEPTH.with(|d| {
            let now = d.get();
            (now < Self::MAX).then(|| {
                d.set(now + 1);
                Depth
            })
        })
    }
}

impl Drop for Depth {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}
