//! Probes in flight, run in batches: the probes launched together run as one task on
//! the probe runtime and hand their results back together. Waking another thread costs
//! far more than a probe of a fast target does (two context switches, on a VM an
//! interrupt each): with a task per probe, ten thousand channels at 5 s spent most of
//! the daemon's time switching between the poller and the probe threads.

use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

use futures_util::stream::{FuturesUnordered, StreamExt};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use crate::source::probe::ProbeOutcome;

/// A probe's result: the channel's index, when the probe started (ms), and its outcome.
pub(super) type Done = (usize, i64, ProbeOutcome);

/// One probe, ready to run.
pub(super) type ProbeTask = Pin<Box<dyn Future<Output = Done> + Send>>;

/// The batches in flight and the results they send back.
pub(super) struct Batches {
    tx: mpsc::UnboundedSender<Vec<Done>>,
    rx: mpsc::UnboundedReceiver<Vec<Done>>,
    /// Held so that a batch's panic is seen, and every batch ends with the poller.
    tasks: JoinSet<()>,
    /// Probes launched whose results have not been taken yet.
    in_flight: usize,
    runtime: Option<tokio::runtime::Handle>,
}

impl Batches {
    /// Batches run on `runtime`, or on the caller's own runtime when `None`.
    pub(super) fn new(runtime: Option<tokio::runtime::Handle>) -> Batches {
        let (tx, rx) = mpsc::unbounded_channel();
        Batches {
            tx,
            rx,
            tasks: JoinSet::new(),
            in_flight: 0,
            runtime,
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.in_flight == 0
    }

    /// Starts `probes` as one batch (nothing when there are none).
    pub(super) fn launch(&mut self, probes: Vec<ProbeTask>) {
        if probes.is_empty() {
            return;
        }
        self.in_flight += probes.len();
        let task = crate::base::contain::contained(run(probes, self.tx.clone()));
        match &self.runtime {
            Some(rt) => self.tasks.spawn_on(task, rt),
            None => self.tasks.spawn(task),
        };
    }

    /// The next results (every one that is in), or why a batch failed. Pending while
    /// nothing is in flight.
    pub(super) async fn next(&mut self) -> Result<Vec<Done>, String> {
        loop {
            tokio::select! {
                biased;
                Some(mut done) = self.rx.recv() => {
                    while let Ok(more) = self.rx.try_recv() {
                        done.extend(more);
                    }
                    self.in_flight = self.in_flight.saturating_sub(done.len());
                    return Ok(done);
                }
                Some(joined) = self.tasks.join_next() => {
                    joined.map_err(|e| match e.try_into_panic() {
                        Ok(p) => format!("probe task failed: {}", super::panic_message(p)),
                        Err(e) => format!("probe task failed: {e}"),
                    })?;
                }
                else => std::future::pending::<()>().await,
            }
        }
    }
}

/// Runs a batch's probes together, sending what has finished whenever the rest must
/// wait: answers that arrive together go back to the poller together.
async fn run(probes: Vec<ProbeTask>, tx: mpsc::UnboundedSender<Vec<Done>>) {
    let mut pending: FuturesUnordered<ProbeTask> = probes.into_iter().collect();
    let mut done = Vec::new();
    std::future::poll_fn(|cx| loop {
        match pending.poll_next_unpin(cx) {
            Poll::Ready(Some(d)) => done.push(d),
            Poll::Ready(None) | Poll::Pending => {
                if !done.is_empty() {
                    // The poller gone: nobody wants the results.
                    let _ = tx.send(std::mem::take(&mut done));
                }
                return if pending.is_empty() {
                    Poll::Ready(())
                } else {
                    Poll::Pending
                };
            }
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn probe(i: usize, after: Duration) -> ProbeTask {
        Box::pin(async move {
            tokio::time::sleep(after).await;
            (i, 0, ProbeOutcome::ok(1.0, None))
        })
    }

    /// Results that come in together are handed back together; a slow probe does not
    /// hold back the quick ones of its batch.
    #[tokio::test(start_paused = true)]
    async fn results_come_back_together_and_stragglers_apart() {
        let mut b = Batches::new(None);
        let quick = Duration::from_millis(1);
        b.launch(vec![
            probe(0, quick),
            probe(1, quick),
            probe(2, Duration::from_secs(3)),
        ]);
        b.launch(Vec::new());
        let first = b.next().await.expect("results");
        let mut got: Vec<usize> = first.iter().map(|d| d.0).collect();
        got.sort_unstable();
        assert_eq!(got, [0, 1]);
        assert!(!b.is_empty(), "the slow one is still out");
        let second = b.next().await.expect("results");
        assert_eq!(second.iter().map(|d| d.0).collect::<Vec<_>>(), [2]);
        assert!(b.is_empty());
    }

    /// A probe that panics fails its batch, and the poller hears why.
    #[tokio::test]
    async fn a_panicking_probe_is_reported() {
        let mut b = Batches::new(None);
        b.launch(vec![Box::pin(async { panic!("probe exploded") })]);
        let err = b.next().await.expect_err("the batch failed");
        assert_eq!(err, "probe task failed: probe exploded");
    }
}
