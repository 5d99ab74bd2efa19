//! Keys that change something ask first: `a` (auto recovery) and `x` (reset an
//! escalation) put a y/N question in the chat pane, as a ChatOps order does, and the
//! focus returns to the pane that asked once it is answered.

use super::app::{App, Focus};
use super::chat::{self, Who};
use super::ui::theme::Sev;
use crate::chatops::Lang;

impl App {
    /// `a`: switch autonomous recovery, after a y/N in the chat pane.
    pub(super) fn ask_auto_toggle(&mut self) {
        let Some(x) = self.snap.executor.clone() else {
            self.note(
                Sev::Warn,
                "auto recovery needs a config: a metrics file has no executor",
            );
            return;
        };
        self.confirm_command(
            crate::chatops::ChatCommand::SetAutorecover(!x.auto),
            if x.auto {
                "turn auto recovery OFF: actions are then only recommended"
            } else {
                "turn auto recovery ON: down channels get their actions run without asking"
            },
        );
    }

    /// `x`: clear the selected channel's escalation (or every escalation), after a y/N.
    pub(super) fn ask_reset(&mut self) {
        let Some(x) = self.snap.executor.clone() else {
            self.note(
                Sev::Warn,
                "nothing to reset: a metrics file has no executor",
            );
            return;
        };
        let escalated = x.escalated();
        let selected = self.channels.current(&self.snap);
        let channel = match selected {
            Some(s) if escalated.contains(&s.as_str()) => Some(s),
            _ if escalated.len() == 1 => Some(escalated[0].to_string()),
            _ if escalated.is_empty() => {
                self.note(Sev::Info, "no channel is escalated: nothing to reset");
                return;
            }
            _ => None,
        };
        let what = match &channel {
            Some(c) => format!(
                "reset recovery of {c}: clear its escalation and failures, actions may run again"
            ),
            None => format!(
                "reset recovery of {}: clear escalations, actions may run again",
                escalated.join(", ")
            ),
        };
        self.confirm_command(
            crate::chatops::ChatCommand::ResetRecovery { channel },
            &what,
        );
    }

    /// `P`: route by the next policy the config describes, after a y/N. The switch lasts
    /// until a restart and is audited by the executor.
    pub(super) fn ask_policy(&mut self) {
        let r = &self.snap.routing;
        let Some(next) = next_policy(&r.policies, r.policy) else {
            self.note(
                Sev::Warn,
                "no routing policy to switch to: a config's [routing] describes them",
            );
            return;
        };
        let what = format!(
            "switch the routing policy {} → {next}: {} (until a restart; the primary moves once the new policy's margin holds)",
            r.policy,
            crate::domain::route_policy::summary(next)
        );
        self.confirm_command(
            crate::chatops::ChatCommand::SetPolicy(next.to_string()),
            &what,
        );
    }

    /// Puts a y/N question in the chat pane for `command`.
    fn confirm_command(&mut self, command: crate::chatops::ChatCommand, what: &str) {
        if self.opts.read_only {
            self.note(
                Sev::Warn,
                "refused: --read-only disables commands that change anything",
            );
            return;
        }
        if self.focus != Focus::Chat {
            self.confirm_return = Some(self.focus);
        }
        self.focus = Focus::Chat;
        self.chat.push(Who::Reply, what);
        self.chat.pending = Some(chat::Pending {
            command,
            lang: Lang::En,
        });
    }

    /// The y/N question was answered: back to the pane that asked it, if a key did.
    pub(super) fn confirmed(&mut self) {
        if let Some(f) = self.confirm_return.take() {
            self.focus = f;
        }
    }
}

/// The policy after `current` in `available`, wrapping; none when there is no other.
fn next_policy<'a>(available: &[&'a str], current: &str) -> Option<&'a str> {
    let at = available.iter().position(|p| *p == current);
    let next = at.map_or(0, |i| (i + 1) % available.len().max(1));
    available.get(next).copied().filter(|p| *p != current)
}

#[cfg(test)]
mod tests {
    use super::next_policy;

    #[test]
    fn the_next_policy_wraps_and_never_is_the_current_one() {
        let all = ["health", "balanced", "ceiling"];
        assert_eq!(next_policy(&all, "health"), Some("balanced"));
        assert_eq!(next_policy(&all, "ceiling"), Some("health"));
        assert_eq!(next_policy(&["health"], "health"), None);
        assert_eq!(next_policy(&[], "health"), None);
        assert_eq!(
            next_policy(&all, "region"),
            Some("health"),
            "a policy not offered"
        );
    }
}
