//! The words an attached console sends for a confirmed command: the controller
//! understands `POST /say` with its own engine, so each command is put in plain English
//! that engine reads back as the same command (checked below for every kind).

use crate::chatops::ChatCommand;
use crate::domain::RoutingMode;

/// The order for `cmd`, or `None` for what the console does itself (refresh reads the
/// controller again, export writes here, quit leaves).
pub fn words(cmd: &ChatCommand) -> Option<String> {
    let on = |c: &Option<String>| c.as_ref().map(|c| format!(" {c}")).unwrap_or_default();
    Some(match cmd {
        ChatCommand::Refresh | ChatCommand::Export { .. } | ChatCommand::Quit => return None,
        ChatCommand::Pause => "pause".into(),
        ChatCommand::Resume => "resume".into(),
        ChatCommand::SetRouting(RoutingMode::Monitoring) => "monitoring routing on".into(),
        ChatCommand::SetRouting(RoutingMode::Static) => "use static routing".into(),
        ChatCommand::RunRecovery { channel, .. } => format!("run recovery{}", on(channel)),
        ChatCommand::ResetRecovery { channel } => format!("reset recovery{}", on(channel)),
        ChatCommand::Silence { channel, minutes } => {
            format!("silence{} for {minutes}m", on(channel))
        }
        ChatCommand::SetAutorecover(true) => "autorecover on".into(),
        ChatCommand::SetAutorecover(false) => "autorecover off".into(),
        ChatCommand::ApplyRouting => "apply routing".into(),
        ChatCommand::SetPolicy(name) => format!("switch the routing policy to {name}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chatops::{reply, Engine, ReplyContext};

    /// Each order, read by the controller's engine, is the command the operator confirmed.
    #[test]
    fn every_order_reads_back_as_its_command() {
        let snap = crate::app::example_snapshot();
        let names: Vec<&str> = snap.channels.iter().map(|c| c.name()).collect();
        let engine = Engine::with_channels(&names);
        let first = Some(names[0].to_string());
        let commands = [
            ChatCommand::Pause,
            ChatCommand::Resume,
            ChatCommand::SetRouting(RoutingMode::Monitoring),
            ChatCommand::SetRouting(RoutingMode::Static),
            ChatCommand::ResetRecovery { channel: None },
            ChatCommand::ResetRecovery {
                channel: first.clone(),
            },
            ChatCommand::Silence {
                channel: first.clone(),
                minutes: 30,
            },
            ChatCommand::SetAutorecover(true),
            ChatCommand::SetAutorecover(false),
            ChatCommand::SetPolicy("balanced".into()),
        ];
        for cmd in commands {
            let text = words(&cmd).expect("an order");
            let c = engine.classify(&text);
            let policy = crate::domain::Policy::default();
            // Switching to the mode already in force is no command: start from the other.
            let mut snap = snap.clone();
            if cmd == ChatCommand::SetRouting(RoutingMode::Monitoring) {
                snap.routing.mode = RoutingMode::Static;
            }
            // A policy is switched to only where the config describes it.
            snap.routing.policies = vec!["health", "balanced"];
            let r = reply(&c, &snap, &ReplyContext::say(true, false, policy));
            assert_eq!(r.command.as_ref(), Some(&cmd), "{text}");
        }
        // Running recovery is a command only where actions are bound, applying routes
        // only where route targets exist: the intent and its channel say it.
        let run = ChatCommand::RunRecovery {
            channel: first.clone(),
            actions: Vec::new(),
        };
        let c = engine.classify(&words(&run).expect("an order"));
        assert_eq!((c.intent.id(), c.args.channel), ("recovery.run", first));
        let c = engine.classify(&words(&ChatCommand::ApplyRouting).expect("an order"));
        assert_eq!(c.intent.id(), "routing.apply");
        assert_eq!(words(&ChatCommand::Refresh), None);
    }
}
