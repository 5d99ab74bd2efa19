//! Which way a routing switch goes when a line names both ways of routing: "정적 라우팅
//! 그만하고 모니터링 기반으로 가자", "stop letting health checks pick the route, go
//! static", "모니터링 말고 고정 순서로 돌려줘". The concepts alone hold "static",
//! "monitoring" and "stop" without saying which one is stopped, so the switch could be read
//! the wrong way round. Here the words around each named way say which one is left and
//! which one is gone to.

use super::intent::Intent;
use super::lexicon::{self, Concept, Concepts};
use super::normalize;

/// One of the two ways of routing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    /// By the channels' measured health or latency (monitoring-based).
    Measured,
    /// By the fixed preference order.
    Static,
}

/// Where a line that names both ways sends the routing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Turn {
    pub to: Way,
    /// The way left was marked with a "not" ("A 말고 B", "B, not A", "B instead of A"):
    /// that "not" sets the two apart and refuses nothing.
    pub by_not: bool,
}

/// Korean words that leave the way named just before them ("정적 라우팅 그만하고"), or
/// weigh it below the other ("…켜주세용 정적보단 빠르잖아").
const LEAVE_KO: [&str; 12] = [
    "그만",
    "말고",
    "끄고",
    "대신",
    "중단",
    "해제",
    "빼고",
    "멈추",
    "멈춰",
    "접고",
    "보단",
    "보다는",
];
/// Korean words among them that set two things apart rather than stop one.
const NOT_KO: [&str; 4] = ["말고", "대신", "보단", "보다는"];
/// English words that leave the way named just after them ("stop static routing").
const LEAVE_EN: [&str; 9] = [
    "stop", "stopping", "quit", "drop", "ditch", "cease", "from", "enough", "not",
];
/// English words that go to the way named just after them ("go static", "back to health").
const TOWARDS_EN: [&str; 6] = ["to", "go", "use", "onto", "into", "prefer"];

/// The concepts that name the measured way.
const MEASURED: [Concept; 3] = [Concept::Monitoring, Concept::Health, Concept::Latency];

/// `turn` of `folded`, looked for only when `concepts` name both ways: this runs on every
/// reading, and `turn` looks each word up in the tables again.
pub fn turn_of(folded: &str, concepts: Concepts) -> Option<Turn> {
    let both = concepts.has(Concept::Static) && concepts.any(&MEASURED);
    both.then(|| turn(folded)).flatten()
}

/// The turn of `folded` (a folded, lower-case line) when it names both ways and says which
/// one it leaves or goes to; `None` when it names one way, or the words disagree.
pub fn turn(folded: &str) -> Option<Turn> {
    // ("상태 기반으로": a basis is one word with what it is based on.)
    let folded = folded.replace(" 기반", "기반");
    let words: Vec<&str> = folded
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let ways: Vec<Option<Way>> = words.iter().map(|w| way_of(w)).collect();
    if !ways.contains(&Some(Way::Measured)) || !ways.contains(&Some(Way::Static)) {
        return None;
    }
    let mut left = None;
    let mut to = None;
    let mut by_not = false;
    for (i, w) in words.iter().enumerate() {
        let before = || nearest(&ways, i.saturating_sub(2)..=i, true);
        let after = || nearest(&ways, i + 1..=(i + 3).min(words.len() - 1), false);
        if let Some(mark) = LEAVE_KO.iter().find(|m| w.contains(*m)) {
            left = left.or_else(before);
            by_not |= NOT_KO.contains(mark);
        } else if LEAVE_EN.contains(w) || (*w == "instead" && words.get(i + 1) == Some(&"of")) {
            left = left.or_else(after);
            by_not |= matches!(*w, "not" | "instead");
        } else if *w == "off" {
            // "static off" leaves what it follows, "off static" what it leads.
            left = left.or_else(|| before().or_else(after));
        } else if *w == "on" {
            // ("routing on latency" routes by it; "monitoring on" turns it on.)
            to = before().or(to);
        } else if towards_ko(w) {
            // (A way named later corrects one named before: "…로 바꿔 아 아니 반대로, …로".)
            to = before().or(to);
        } else if TOWARDS_EN.contains(w) {
            to = after().or(to);
        }
    }
    let other = |w: Way| match w {
        Way::Measured => Way::Static,
        Way::Static => Way::Measured,
    };
    let to = match (left, to) {
        (Some(l), Some(t)) if l != t => t,
        (Some(l), None) => other(l),
        (None, Some(t)) => t,
        _ => return None,
    };
    Some(Turn { to, by_not })
}

/// The way a word names: a word of the tables whose only meanings are monitoring, health
/// or latency, or the static order. A Korean word is known by its start (particles follow).
fn way_of(word: &str) -> Option<Way> {
    lexicon::words()
        .iter()
        .filter(|(surface, _)| !surface.contains(' '))
        .find(|(surface, _)| {
            if surface.chars().any(normalize::is_hangul) {
                word.starts_with(surface)
            } else {
                word == *surface || (surface.len() >= 6 && word.starts_with(surface))
            }
        })
        .and_then(|(_, c)| {
            let mut beyond = *c;
            MEASURED.iter().for_each(|m| beyond.remove(*m));
            if c.has(Concept::Static) {
                Some(Way::Static)
            } else if c.any(&MEASURED) && beyond.is_empty() {
                Some(Way::Measured)
            } else {
                None
            }
        })
}

/// Puts the turn first among `fired` when the line was read as a routing switch or as
/// the routing answer; `false` when it was read as something else.
pub fn steer(fired: &mut Vec<Intent>, turn: Turn) -> bool {
    let switch = |i: &Intent| {
        matches!(
            i,
            Intent::MonitoringOn | Intent::MonitoringOff | Intent::Routing
        )
    };
    if !fired.first().is_some_and(switch) {
        return false;
    }
    fired.retain(|i| !matches!(i, Intent::MonitoringOn | Intent::MonitoringOff));
    let to = match turn.to {
        Way::Measured => Intent::MonitoringOn,
        Way::Static => Intent::MonitoringOff,
    };
    fired.insert(0, to);
    true
}

/// "…하지 말고", "don't", "never": a refusal in the line besides the "not" that sets the
/// two ways apart.
pub fn refuses_too(folded: &str) -> bool {
    [
        "지 마", "지마", "않", "말아", "dont", "don't", "do not", "never",
    ]
    .iter()
    .any(|m| folded.contains(m))
        || folded.split_whitespace().any(|w| w == "안" || w == "no")
}

/// "모니터링으로", "기반으로", "순서로": a Korean word going towards something.
fn towards_ko(word: &str) -> bool {
    word.chars().any(normalize::is_hangul) && word.ends_with('로')
}

/// The way named nearest to the mark within `range`: looking back from its end, or
/// forward from its start.
fn nearest(
    ways: &[Option<Way>],
    range: std::ops::RangeInclusive<usize>,
    back: bool,
) -> Option<Way> {
    let (start, end) = (*range.start(), *range.end());
    if start > end || end >= ways.len() {
        return None;
    }
    let slice = &ways[start..=end];
    if back {
        slice.iter().rev().find_map(|w| *w)
    } else {
        slice.iter().find_map(|w| *w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to(line: &str) -> Option<Way> {
        turn(line).map(|t| t.to)
    }

    #[test]
    fn the_way_left_and_the_way_gone_to_are_told_apart() {
        for (line, way) in [
            ("정적 라우팅 그만하고 모니터링 기반으로 가자", Way::Measured),
            ("고정 순서 그만하고 모니터링 기반으로 가자", Way::Measured),
            ("라우팅 모니터링 기반 말고 스태틱으로 돌려줘", Way::Static),
            ("다이나믹 라우팅 켜주세용 정적보단 빠르잖아", Way::Measured),
            ("모니터링 말고 고정 순서로 돌려줘", Way::Static),
            (
                "stop letting health checks pick the route, go static",
                Way::Static,
            ),
            ("stop static routing, go back to monitoring", Way::Measured),
            ("switch from static to latency-based routing", Way::Measured),
            ("use the fixed order instead of health", Way::Static),
            ("static off, monitoring on", Way::Measured),
            ("cease routing on latency; pin the fixed order", Way::Static),
            (
                "monitoring-based routing off, please (static order)",
                Way::Static,
            ),
            (
                "정적 라우팅으로 바꿔 아 아니 반대로, 지연 기준 라우팅으로",
                Way::Measured,
            ),
        ] {
            assert_eq!(to(line), Some(way), "{line}");
        }
    }

    #[test]
    fn one_way_named_or_words_that_disagree_say_nothing() {
        assert_eq!(to("정적 라우팅 그만해"), None);
        assert_eq!(to("go static"), None);
        assert_eq!(to("static or monitoring, which is better?"), None);
    }

    #[test]
    fn a_not_between_the_two_sets_them_apart() {
        assert!(turn("모니터링 말고 고정 순서로 돌려줘").is_some_and(|t| t.by_not));
        assert!(!turn("정적 라우팅 그만하고 모니터링 기반으로 가자").is_some_and(|t| t.by_not));
    }
}
