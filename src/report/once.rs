//! A rendering made once per snapshot: `--serve` answers every scrape of one snapshot
//! with the same bytes, and renders again only when the poller has published a new one.
//! Scrapes that arrive together while a rendering is made wait for it rather than each
//! making their own.

use std::sync::{Arc, Mutex, Weak};

use crate::snapshot::Snapshot;

/// The last rendering and the snapshot it was made from.
pub struct Once<T> {
    // A weak reference: the cache never keeps an old snapshot alive, and while the
    // allocation is referenced its address cannot be reused by a newer snapshot.
    slot: Mutex<Option<(Weak<Snapshot>, T)>>,
}

impl<T: Clone> Default for Once<T> {
    fn default() -> Self {
        Once {
            slot: Mutex::new(None),
        }
    }
}

impl<T: Clone> Once<T> {
    /// The rendering of `s`, made by `render` unless `s` is the snapshot rendered last.
    pub fn get(&self, s: &Arc<Snapshot>, render: impl FnOnce(&Snapshot) -> T) -> T {
        // A poisoned lock only means a rendering panicked; the slot is still usable.
        let mut slot = self.slot.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((at, made)) = slot.as_ref() {
            if std::ptr::eq(at.as_ptr(), Arc::as_ptr(s)) {
                return made.clone();
            }
        }
        let made = render(s);
        *slot = Some((Arc::downgrade(s), made.clone()));
        made
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn snapshot() -> Arc<Snapshot> {
        let f = crate::source::metrics_file::MetricsFile::parse(
            "t.json",
            br#"{"Channels":{"A":{"Availability":100,"Mean":40}}}"#,
        )
        .expect("parses");
        Arc::new(f.snapshot(&crate::domain::Policy::default(), "t.json"))
    }

    #[test]
    fn one_rendering_per_snapshot() {
        let once = Once::default();
        let made = Cell::new(0);
        let render = |s: &Snapshot| {
            made.set(made.get() + 1);
            s.channels.len()
        };
        let first = snapshot();
        assert_eq!(once.get(&first, render), 1);
        assert_eq!(once.get(&first, render), 1);
        assert_eq!(made.get(), 1, "the same snapshot is rendered once");
        let second = snapshot();
        once.get(&second, render);
        assert_eq!(made.get(), 2, "a new snapshot is rendered anew");
        once.get(&first, render);
        assert_eq!(made.get(), 3, "only the last rendering is kept");
    }

    #[test]
    fn the_cache_keeps_no_snapshot_alive() {
        let once = Once::default();
        let s = snapshot();
        let weak = Arc::downgrade(&s);
        once.get(&s, |_| ());
        drop(s);
        assert!(weak.upgrade().is_none());
    }
}
