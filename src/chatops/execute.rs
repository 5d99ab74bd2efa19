//! Carrying out a confirmed ChatOps [`Command`]: the one place that says which order is
//! which kind of work. A surface (the console, `--say` on a file, `--say` on a config)
//! differs only in its [`Hands`]: what it can reach, and how it says what happened. A new
//! command is one arm here and one method where a surface can do something new.

use std::path::Path;

use super::intent::Lang;
use super::reply::ChatCommand;
use crate::chatops::replies;
use crate::domain::RoutingMode;
use crate::report::export;
use crate::snapshot::Snapshot;

/// Orders for the poller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollerOrder {
    Refresh,
    Pause,
    Resume,
}

/// Orders for the recovery executor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecoveryOrder {
    /// The actions of a channel, or of every unhealthy channel that has some.
    Run(Option<String>),
    /// Clear a channel's (or every channel's) escalation and failure count.
    Reset(Option<String>),
    /// No automatic action and no notification for a channel (or all) for `minutes`.
    Silence {
        channel: Option<String>,
        minutes: u32,
    },
    SetAuto(bool),
    /// Route by the configured policy of this name (the executor audits it and hands it
    /// to the poller).
    SetPolicy(String),
    /// Write the routing order to the route targets where a change is due (the
    /// route-apply runner beside the executor does it).
    ApplyRoutes,
}

/// What carrying out an order did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Done {
    /// Lines for the asker, in the asker's language; empty when there is nothing to say.
    pub text: String,
    pub executed: bool,
    /// The process exit code for a one-shot surface: 0, or why the order failed.
    pub code: u8,
    /// One English line for stderr or the log when something could not be done.
    pub error: Option<String>,
}

impl Done {
    /// Not carried out here, and why (one line).
    pub fn not_here(text: &str) -> Done {
        Done {
            text: format!("{text}\n"),
            ..Done::default()
        }
    }
}

/// What a surface can do. Each method carries out one kind of order and says what happened.
pub trait Hands {
    fn poller(&mut self, order: PollerOrder, lang: Lang) -> Done;
    fn routing(&mut self, mode: RoutingMode, lang: Lang) -> Done;
    fn recovery(&mut self, order: RecoveryOrder, lang: Lang) -> Done;
    fn export(&mut self, path: &Path, lang: Lang) -> Done;
    fn quit(&mut self, lang: Lang) -> Done;
}

/// Carries out `cmd` (already confirmed) with what `hands` can reach.
pub fn carry_out(cmd: ChatCommand, lang: Lang, hands: &mut dyn Hands) -> Done {
    match cmd {
        ChatCommand::Refresh => hands.poller(PollerOrder::Refresh, lang),
        ChatCommand::Pause => hands.poller(PollerOrder::Pause, lang),
        ChatCommand::Resume => hands.poller(PollerOrder::Resume, lang),
        ChatCommand::SetRouting(mode) => hands.routing(mode, lang),
        ChatCommand::RunRecovery { channel, .. } => {
            hands.recovery(RecoveryOrder::Run(channel), lang)
        }
        ChatCommand::ResetRecovery { channel } => {
            hands.recovery(RecoveryOrder::Reset(channel), lang)
        }
        ChatCommand::Silence { channel, minutes } => {
            hands.recovery(RecoveryOrder::Silence { channel, minutes }, lang)
        }
        ChatCommand::SetAutorecover(on) => hands.recovery(RecoveryOrder::SetAuto(on), lang),
        ChatCommand::SetPolicy(name) => hands.recovery(RecoveryOrder::SetPolicy(name), lang),
        ChatCommand::ApplyRouting => hands.recovery(RecoveryOrder::ApplyRoutes, lang),
        ChatCommand::Export { path } => hands.export(&path, lang),
        ChatCommand::Quit => hands.quit(lang),
    }
}

/// Exit code when the export file cannot be written (sysexits EX_CANTCREAT).
pub const EXIT_CANT_WRITE: u8 = 73;

/// Writes the dashboard's two files for `path` from `snap`: the export every surface runs.
pub fn export_dashboard(snap: &Snapshot, path: &Path, lang: Lang) -> Done {
    let paths = export::dashboard_paths(path);
    match export::write_dashboard(snap, &paths) {
        Ok(()) => Done {
            text: format!(
                "{} {} + {}\n",
                replies::WROTE.get(lang),
                paths.html.display(),
                paths.json.display()
            ),
            executed: true,
            ..Done::default()
        },
        Err((failed, e)) => {
            let reason = crate::base::input::io_reason(&e);
            Done {
                text: format!(
                    "{} {}: {reason}\n",
                    replies::COULD_NOT_WRITE.get(lang),
                    failed.display()
                ),
                executed: false,
                code: EXIT_CANT_WRITE,
                error: Some(format!("{}: cannot write: {reason}", failed.display())),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records what it was asked to do.
    #[derive(Default)]
    struct Log(Vec<String>);

    impl Hands for Log {
        fn poller(&mut self, order: PollerOrder, _: Lang) -> Done {
            self.0.push(format!("{order:?}"));
            Done::default()
        }
        fn routing(&mut self, mode: RoutingMode, _: Lang) -> Done {
            self.0.push(format!("routing {mode}"));
            Done::default()
        }
        fn recovery(&mut self, order: RecoveryOrder, _: Lang) -> Done {
            self.0.push(format!("{order:?}"));
            Done::default()
        }
        fn export(&mut self, path: &Path, _: Lang) -> Done {
            self.0.push(format!("export {}", path.display()));
            Done::default()
        }
        fn quit(&mut self, _: Lang) -> Done {
            self.0.push("quit".into());
            Done::default()
        }
    }

    #[test]
    fn every_command_reaches_the_hands_that_do_it() {
        let mut log = Log::default();
        let gw = || Some("Gateway".to_string());
        for cmd in [
            ChatCommand::Refresh,
            ChatCommand::Pause,
            ChatCommand::Resume,
            ChatCommand::SetRouting(RoutingMode::Static),
            ChatCommand::RunRecovery {
                channel: gw(),
                actions: vec!["restart".into()],
            },
            ChatCommand::ResetRecovery { channel: None },
            ChatCommand::Silence {
                channel: gw(),
                minutes: 30,
            },
            ChatCommand::SetAutorecover(true),
            ChatCommand::Export {
                path: "out.json".into(),
            },
            ChatCommand::Quit,
        ] {
            carry_out(cmd, Lang::En, &mut log);
        }
        assert_eq!(
            log.0,
            [
                "Refresh",
                "Pause",
                "Resume",
                "routing static",
                "Run(Some(\"Gateway\"))",
                "Reset(None)",
                "Silence { channel: Some(\"Gateway\"), minutes: 30 }",
                "SetAuto(true)",
                "export out.json",
                "quit"
            ]
        );
    }

    #[test]
    fn an_export_says_what_it_wrote_or_why_not() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = crate::source::metrics_file::MetricsFile::parse(
            "t.json",
            br#"{"Channels":{"Gateway":{"Availability":100,"Mean":150}}}"#,
        )
        .expect("parses");
        let snap = file.snapshot(&crate::domain::Policy::default(), "t.json");
        let done = export_dashboard(&snap, &dir.path().join("out.json"), Lang::En);
        assert!(done.executed && done.code == 0, "{done:?}");
        assert!(done.text.starts_with("wrote ") && done.text.contains("out.html + "));
        let missing = dir.path().join("no/such/dir/out.json");
        let done = export_dashboard(&snap, &missing, Lang::Ko);
        assert!(!done.executed && done.code == EXIT_CANT_WRITE, "{done:?}");
        assert!(done.text.starts_with("쓰지 못함:"), "{}", done.text);
        assert!(done.error.is_some_and(|e| e.contains("cannot write")));
    }
}
