//! What the views show: the poller's evaluation with the executor's view beside it. The
//! two are published apart (the poller never re-runs its evaluation because the
//! executor changed, and the executor reads the evaluation alone); this joins them for
//! the console, `--serve`, `--headless`, `--say` and notifications, once per change of
//! either side.

use std::sync::Arc;

use tokio::sync::watch;

use crate::snapshot::{ExecutorView, Snapshot};

/// The evaluation with the executor's view attached.
pub fn attach(evaluation: &Snapshot, view: &Arc<ExecutorView>) -> Arc<Snapshot> {
    Arc::new(Snapshot {
        executor: Some(view.clone()),
        ..evaluation.clone()
    })
}

/// Follows both streams and publishes their combination whenever either changes. Once
/// the executor has stopped, its last view stays attached; the task ends with the
/// poller's stream.
pub fn spawn(
    mut evaluation: watch::Receiver<Arc<Snapshot>>,
    mut view: watch::Receiver<Arc<ExecutorView>>,
) -> watch::Receiver<Arc<Snapshot>> {
    let first = attach(&evaluation.borrow_and_update(), &view.borrow_and_update());
    let (tx, rx) = watch::channel(first);
    tokio::spawn(async move {
        let mut view_open = true;
        loop {
            tokio::select! {
                r = evaluation.changed() => if r.is_err() { break },
                r = view.changed(), if view_open => if r.is_err() {
                    view_open = false;
                    continue;
                },
            }
            let next = attach(&evaluation.borrow_and_update(), &view.borrow_and_update());
            tx.send_replace(next);
        }
    });
    rx
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(ts: &str) -> Arc<Snapshot> {
        let json = r#"{"Channels":{"A":{"Availability":100,"Mean":50}}}"#;
        let mut s = crate::source::metrics_file::MetricsFile::parse("t.json", json.as_bytes())
            .expect("parses")
            .snapshot(&crate::domain::Policy::default(), "t.json");
        s.timestamp = ts.into();
        Arc::new(s)
    }

    /// The combination shares the evaluation's channels rather than copying them (ten
    /// thousand of them, on every publish); a change to one copy leaves the other as it
    /// was.
    #[test]
    fn attaching_shares_the_channels_and_a_change_copies_them() {
        let evaluation = snapshot("t0");
        let mut combined = attach(&evaluation, &Arc::new(ExecutorView::default()));
        assert!(std::ptr::eq(
            evaluation.channels.as_ptr(),
            combined.channels.as_ptr()
        ));
        Arc::make_mut(&mut combined).channels[0].details.last_error = Some("changed".into());
        assert!(!std::ptr::eq(
            evaluation.channels.as_ptr(),
            combined.channels.as_ptr()
        ));
        assert_eq!(evaluation.channels[0].details.last_error, None);
        let changed = combined.channels[0].details.last_error.as_deref();
        assert_eq!(changed, Some("changed"));
    }

    /// A change of either side is published once, with the other side as it is; the
    /// last view stays attached after the executor stopped.
    #[tokio::test]
    async fn either_side_changing_publishes_the_combination() {
        let (eval_tx, eval_rx) = watch::channel(snapshot("t0"));
        let (view_tx, view_rx) = watch::channel(Arc::new(ExecutorView::default()));
        let mut out = spawn(eval_rx, view_rx);
        assert_eq!(out.borrow_and_update().timestamp, "t0");
        view_tx.send_replace(Arc::new(ExecutorView {
            auto: true,
            ..ExecutorView::default()
        }));
        out.changed().await.unwrap();
        let s = out.borrow_and_update().clone();
        assert!(s.executor.as_ref().is_some_and(|x| x.auto));
        assert_eq!(s.timestamp, "t0");
        drop(view_tx);
        eval_tx.send_replace(snapshot("t1"));
        out.changed().await.unwrap();
        let s = out.borrow_and_update().clone();
        assert_eq!(s.timestamp, "t1");
        assert!(
            s.executor.as_ref().is_some_and(|x| x.auto),
            "the last view stays"
        );
    }
}
