//! A mail pasted into the prompt ("Re: [장애] 게이트웨이 다운 / 바로 재시작해 주세요"): its
//! body asks, about what its subject names.

use super::clauses::{about, names};
use super::Engine;

impl Engine {
    /// A mail's `body` after the words of its `subject` that name what it is about
    /// (not its verbs: "화면 멈춤" says the screen is stuck, the body asks to refresh),
    /// and its channel when the body names none.
    pub(super) fn about_the_subject(&self, subject: &str, body: &str) -> String {
        let body_ev = self.evidence(body);
        let body_named = !body_ev.channels.is_empty();
        // ("Re: 요약 지연 / 게이트웨이 재기동 부탁드립니다": a body that orders something it
        // names takes from the subject at most a channel; the summaries are not the topic.)
        let whole_order = self.orders_with_a_verb(body) && names(&body_ev);
        let topic: Vec<&str> = subject
            .split_whitespace()
            .filter(|w| {
                let ev = self.evidence(w);
                let verb = ev.concepts.any(&super::VERBS);
                // (A channel the body names again is the body's.)
                let named_again = body_named && !ev.channels.is_empty();
                let wanted = !whole_order || !ev.channels.is_empty();
                about(&ev) && !verb && !named_again && wanted
            })
            .collect();
        format!("{} {body}", topic.join(" "))
    }
}
