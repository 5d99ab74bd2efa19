//! The snapshot made safe for a terminal: a copy whose every input-derived string went
//! through the one terminal sanitiser (`base::sanitize::clean`). See
//! `docs/architecture.md`.

use std::borrow::Cow;

use crate::base::sanitize::{clean, is_unsafe};
use crate::domain::{Overall, Trend};
use crate::snapshot::{PollerState, Snapshot};

/// A copy of the snapshot for text renderings that format many of its fields (ChatOps
/// replies): every string from the input [`clean`]ed, so names with a newline cannot
/// start a row of their own and widths are measured on what is shown. Borrowed when
/// nothing needs escaping, which is the usual case. The snapshot itself keeps the exact
/// strings: JSON and exports show those.
pub fn snapshot(s: &Snapshot) -> Cow<'_, Snapshot> {
    if !strings(s).into_iter().any(|t| t.chars().any(is_unsafe)) {
        return Cow::Borrowed(s);
    }
    let mut shown = s.clone();
    for t in strings_mut(&mut shown) {
        if let Cow::Owned(c) = clean(t) {
            *t = c;
        }
    }
    Cow::Owned(shown)
}

/// Every input-derived string of a snapshot. Keep in step with [`strings_mut`] (a test
/// checks both see the same number of fields).
fn strings(s: &Snapshot) -> Vec<&str> {
    let mut v: Vec<&str> = vec![&s.timestamp, &s.routing.reason, &s.recovery.reason];
    if let Overall::Other(o) = &s.overall_health {
        v.push(o);
    }
    v.extend(s.routing.recommended_primary.as_deref());
    v.extend(s.routing.recommended_fallback.as_deref());
    v.extend(s.routing.fallback_channels.iter().map(String::as_str));
    v.extend(s.recovery.recommended_actions.iter().map(String::as_str));
    v.extend(s.source.path.as_deref());
    if let Some(PollerState::Failed(why)) = s.live.as_ref().map(|l| &l.poller) {
        v.push(why);
    }
    for c in &s.channels {
        v.push(&c.eval.input.name);
        if let Trend::Other(t) = &c.eval.input.trend {
            v.push(t);
        }
        v.extend(c.details.last_error.as_deref());
        v.extend(c.details.region.as_deref());
    }
    if let Some(x) = s.executor.as_deref() {
        v.extend(
            [&x.read_only, &x.problem, &x.audit_path]
                .into_iter()
                .flatten()
                .map(String::as_str),
        );
        for c in &x.channels {
            v.push(&c.name);
            v.extend(c.actions.iter().map(String::as_str));
            v.extend(c.running.as_ref().map(|(a, _)| a.as_str()));
        }
        for r in &x.recent {
            v.push(&r.channel);
            v.extend(r.event.strings());
        }
    }
    v
}

fn strings_mut(s: &mut Snapshot) -> Vec<&mut String> {
    let mut v: Vec<&mut String> = vec![
        &mut s.timestamp,
        &mut s.routing.reason,
        &mut s.recovery.reason,
    ];
    if let Overall::Other(o) = &mut s.overall_health {
        v.push(o);
    }
    v.extend(s.routing.recommended_primary.as_mut());
    v.extend(s.routing.recommended_fallback.as_mut());
    v.extend(s.routing.fallback_channels.iter_mut());
    v.extend(s.recovery.recommended_actions.iter_mut());
    v.extend(s.source.path.as_mut());
    if let Some(PollerState::Failed(why)) = s.live.as_mut().map(|l| &mut l.poller) {
        v.push(why);
    }
    for c in &mut s.channels {
        v.push(&mut c.eval.input.name);
        if let Trend::Other(t) = &mut c.eval.input.trend {
            v.push(t);
        }
        v.extend(c.details.last_error.as_mut());
        v.extend(c.details.region.as_mut());
    }
    if let Some(x) = s.executor.as_mut().map(std::sync::Arc::make_mut) {
        v.extend(
            [&mut x.read_only, &mut x.problem, &mut x.audit_path]
                .into_iter()
                .flatten(),
        );
        for c in &mut x.channels {
            v.push(&mut c.name);
            v.extend(c.actions.iter_mut());
            v.extend(c.running.as_mut().map(|(a, _)| a));
        }
        for r in &mut x.recent {
            v.push(&mut r.channel);
            v.extend(r.event.strings_mut());
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_copy_cleans_every_input_string() {
        let hostile = "\u{1b}]0;x\u{7}\n";
        let mut snap = crate::app::example_snapshot();
        assert!(matches!(snapshot(&snap), Cow::Borrowed(_)));
        let n = strings(&snap).len();
        assert_eq!(n, strings_mut(&mut snap.clone()).len());
        snap.overall_health = Overall::Other(hostile.into());
        snap.live = Some(crate::snapshot::LiveInfo {
            poller: PollerState::Failed(hostile.into()),
            interval: std::time::Duration::from_secs(1),
            rounds: 1,
            at_ms: 0,
            faults: Vec::new(),
            clock: crate::base::clock::Clock::new(),
        });
        for c in &mut snap.channels {
            c.eval.input.trend = Trend::Other(hostile.into());
            c.details.last_error = Some(hostile.into());
            c.details.region = Some(hostile.into());
        }
        snap.routing.recommended_primary = Some(hostile.into());
        snap.routing.recommended_fallback = Some(hostile.into());
        snap.routing.fallback_channels = vec![hostile.into()];
        snap.source.path = Some(hostile.into());
        for t in strings_mut(&mut snap) {
            *t = format!("{t}{hostile}");
        }
        let before = strings(&snap).len();
        let shown = snapshot(&snap);
        let after = strings(&shown);
        assert_eq!(before, after.len());
        for t in after {
            assert!(!t.chars().any(is_unsafe), "{t:?}");
            assert!(t.contains("\\u{1b}"), "{t:?}");
        }
    }
}
