//! A full disk under the console: the executor's `problem` — the audit log
//! cannot be written — shows in the header and in the recovery pane, and goes away when
//! the log takes lines again. The executor side is tested through the binary in
//! `tests/durability.rs`.

mod common;

use std::sync::Arc;

use common::tui::*;
use switchboard::snapshot::ExecutorView;
use switchboard::tui::{Action, App};

const FULL: &str = "audit log /state/audit.jsonl: No space left on device; recovery actions \
                    wait until it can be written";

/// A console on a live source whose executor reports `problem`.
fn with_problem(problem: Option<&str>) -> App {
    let mut a = app(live_healthy(NOW_MS - 30_000), false);
    let mut snap = live_gateway_down(NOW_MS - 2_000, 12);
    snap.executor = Some(Arc::new(ExecutorView {
        auto: true,
        audit_path: Some("/state/audit.jsonl".into()),
        problem: problem.map(str::to_string),
        ..ExecutorView::default()
    }));
    a.update(NOW_MS - 2_000, Action::Snapshot(Arc::new(snap)));
    a
}

#[test]
fn a_full_audit_disk_is_in_the_header_and_the_recovery_pane() {
    let s = text(&render(&mut with_problem(Some(FULL)), 120, 40, NOW_MS));
    let header = s.lines().take(3).collect::<Vec<_>>().join("\n");
    assert!(
        header.contains("RECOVERY: audit log /state/audit.jsonl: No space left"),
        "{s}"
    );
    assert!(s.contains("! audit log /state/audit.jsonl"), "{s}");

    let s = text(&render(&mut with_problem(None), 120, 40, NOW_MS));
    assert!(
        !s.contains("No space left"),
        "cleared when writing resumes:\n{s}"
    );
}
