//! Slow work the console hands off: reading the history database for a `trend` answer,
//! writing an export. Each job runs on a blocking thread and comes back to the event loop
//! as an `Action::Done`, so a slow disk delays one answer, never the keys or the frames.

use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::mpsc;

use crate::chatops::{reply, Classification, Lang, Reply, ReplyContext};
use crate::snapshot::Snapshot;

/// A job, with everything it needs (it must not look at the app meanwhile).
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    /// A ChatOps answer that reads the disk (`trend` over a period, from history).
    Answer(Box<Question>),
    /// The dashboard and its context JSON, written beside each other.
    Export {
        snap: Arc<Snapshot>,
        path: PathBuf,
        lang: Lang,
    },
}

/// A question to answer, as the prompt classified it, with what the answer reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub classification: Classification,
    pub snap: Arc<Snapshot>,
    pub ctx: ReplyContext,
}

/// A finished job.
#[derive(Debug, Clone, PartialEq)]
pub enum Done {
    Answer {
        reply: Reply,
        lang: Lang,
    },
    /// What the export said: the files written, or the one that could not be and why.
    Export(crate::chatops::execute::Done),
    /// The executor's answer to a routing policy switch.
    Policy(Result<String, String>),
}

impl Job {
    /// Does the work (blocking).
    pub fn run(self) -> Done {
        match self {
            Job::Answer(q) => Done::Answer {
                reply: reply(&q.classification, &q.snap, &q.ctx),
                lang: q.classification.lang,
            },
            Job::Export { snap, path, lang } => Done::Export(
                crate::chatops::execute::export_dashboard(&snap, &path, lang),
            ),
        }
    }
}

type RunFn = dyn Fn(Job) -> Done + Send + Sync;

/// Runs jobs off the event loop; tests give it a slow fake.
#[derive(Clone)]
pub struct Worker {
    run: Arc<RunFn>,
}

impl Default for Worker {
    fn default() -> Worker {
        Worker::new(Job::run)
    }
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Worker")
    }
}

impl Worker {
    /// A worker that does a job with `run` (the real one is `Job::run`).
    pub fn new(run: impl Fn(Job) -> Done + Send + Sync + 'static) -> Worker {
        Worker { run: Arc::new(run) }
    }

    /// Starts `job` on a blocking thread; its result is sent to `done`.
    pub fn start(&self, job: Job, done: mpsc::UnboundedSender<Done>) {
        let run = Arc::clone(&self.run);
        tokio::task::spawn_blocking(move || {
            // The console may have quit meanwhile: nobody is left to tell.
            let _ = done.send(run(job));
        });
    }
}
