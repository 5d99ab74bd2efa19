//! The order before the speaker's own commentary ("stop refreshing, i need to read
//! this", "turn off auto recovery — we cannot have it restarting mid-review"): the
//! commentary opens with who it is about, or why.

/// The words before a trailing clause about the speaker ("…, i'm poking at it by hand",
/// "… until i'm done"). Not for a question: "restart it, i guess?" still asks.
pub fn order_before_commentary(folded: &str) -> Option<&str> {
    const LEADS: &[&str] = &[
        ", since ",
        ", because ",
        ", and let me know",
        ", we ",
        ", sorry",
        " — sorry",
        " - sorry",
        ", i ",
        ", i'm ",
        ", im ",
        ", i am ",
        ", i'll ",
        ", ill ",
        ", we're ",
        ", we are ",
        ", we'll ",
        "; we ",
        "; i ",
        ", need to ",
        ", gotta ",
        " until ",
        " while i ",
        " so i can ",
        " so that ",
        " so the ",
        " so we ",
        // ("… so it can act again tonight", "— we cannot have it restarting mid-review",
        // "…, they're doing maintenance": who the commentary is about opens it.)
        " so it ",
        " so they ",
        " so nobody ",
        " so no one ",
        " — we ",
        " - we ",
        " — i ",
        " - i ",
        " — they ",
        " - they ",
        ", they ",
        ", they're ",
        ", theyre ",
        ", nobody ",
        ", no one ",
    ];
    if folded.contains('?') {
        return None;
    }
    let at = LEADS.iter().filter_map(|l| folded.find(l)).min()?;
    // ("pause, sorry, refresh it": an apology before another order corrects the first.)
    let after = folded[at..].trim_start_matches([',', ' ', '—', '-']);
    let next = after
        .strip_prefix("sorry")
        .map(|rest| rest.trim_start_matches([',', ' ', '—', '-']));
    let verbs = super::lexicon::grammar("order_verb_en");
    if next.is_some_and(|n| {
        n.split_whitespace()
            .next()
            .is_some_and(|w| verbs.contains(&w))
    }) {
        return None;
    }
    let order = folded[..at].trim();
    (!order.is_empty()).then_some(order)
}
