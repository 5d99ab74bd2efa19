//! Corrections made mid-sentence, typed or dictated: "restart the local no wait the
//! cloud", "로칼 아니 클라우드 재시작 해 줘", "change routing policy to region no wait
//! balanced", "자동 복구 꺼 아니 켜 줘". The words after the marker replace the words of
//! the same kind before it (a channel, a length, on or off, a policy), and the sentence
//! is read again as corrected. Its act is read from the corrected words like any other
//! sentence's, so a correction never makes an order that the words do not give.

use super::super::args;
use super::super::lexicon::Concept;
use super::super::normalize;
use super::super::numbers;
use super::Engine;

/// Markers of a correction, between spaces.
const MARKERS: [&str; 13] = [
    " no wait ",
    " wait no ",
    " no sorry ",
    " sorry no ",
    " sorry i mean ",
    " i mean ",
    " or rather ",
    " scratch that ",
    " no no ",
    " 아니 아니 ",
    " 아 아니 ",
    " 아니 ",
    " 아니다 ",
];

/// What a correction replaces.
#[derive(Default)]
struct Kinds {
    channel: bool,
    length: bool,
    switch: bool,
    policy: bool,
}

impl Engine {
    /// The text as corrected, when it corrects itself with words after the marker.
    pub(super) fn corrected(&self, text: &str) -> Option<String> {
        let folded = normalize::fold(text);
        let (at, len) = MARKERS
            .iter()
            .filter_map(|m| folded.find(m).map(|i| (i, m.len())))
            .min()?;
        let (before, after) = (folded[..at].trim(), folded[at + len..].trim());
        if before.is_empty() || !after.chars().any(char::is_alphanumeric) {
            return None;
        }
        let kinds = self.kinds(after);
        let kept: Vec<&str> = before
            .split_whitespace()
            .filter(|w| !self.of_kind(w, &kinds))
            .collect();
        Some(format!("{} {after}", kept.join(" ")))
    }

    fn kinds(&self, words: &str) -> Kinds {
        let prep = normalize::prepare(words);
        let ev = self.evidence(words);
        Kinds {
            channel: !ev.channels.is_empty(),
            length: args::horizon_minutes(&prep).is_some(),
            switch: ev.concepts.any(&[Concept::On, Concept::Off]),
            policy: args::policy_name(&prep).is_some(),
        }
    }

    /// Whether one word before the marker is of a kind the words after it replace.
    fn of_kind(&self, word: &str, kinds: &Kinds) -> bool {
        let k = self.kinds(word);
        (kinds.channel && k.channel)
            || (kinds.switch && k.switch)
            || (kinds.policy && k.policy)
            || (kinds.length && part_of_a_length(word))
    }
}

/// A count or a unit of time ("forty", "45", "minutes", "이십", "분", "한시간").
fn part_of_a_length(word: &str) -> bool {
    const UNITS: [&str; 14] = [
        "minutes", "minute", "mins", "min", "hours", "hour", "hrs", "hr", "half", "an", "분",
        "시간", "반", "for",
    ];
    UNITS.contains(&word)
        || word.chars().any(|c| c.is_ascii_digit())
        || numbers::english(&[word]).is_some()
        || numbers::korean_minutes(word).is_some()
        || numbers::korean_minutes(&format!("{word}분")).is_some()
        || numbers::korean_minutes(&format!("{word}시간")).is_some()
}

#[cfg(test)]
mod tests {
    use super::super::Engine;
    use crate::chatops::Intent;

    fn engine() -> Engine {
        Engine::with_channels(&["Local", "Cloud", "Gateway"])
    }

    #[test]
    fn the_words_after_a_correction_replace_those_of_their_kind() {
        let e = engine();
        for (text, want) in [
            (
                "bounce the clowd no wait the gateway",
                "bounce the the gateway",
            ),
            ("로칼 아니 클라우드 재시작 해 줘", " 클라우드 재시작 해 줘"),
            (
                "change routing policy to region no wait balanced",
                "change routing policy to balanced",
            ),
            ("음 자동 복구 꺼 아니 켜 줘", "음 자동 복구 켜 줘"),
            (
                "mute local for forty five minutes no wait make it an hour",
                "mute local make it an hour",
            ),
        ] {
            assert_eq!(e.corrected(text).as_deref(), Some(want), "{text}");
        }
        assert_eq!(e.corrected("아니 재시작하지 마"), None);
        assert_eq!(e.corrected("restart it no wait"), None);
    }

    #[test]
    fn a_correction_is_read_as_corrected_and_orders_only_what_it_says() {
        let e = engine();
        for (text, intent, channel) in [
            (
                "bounce the clowd no wait the gateway",
                Intent::RecoveryRun,
                Some("Gateway"),
            ),
            (
                "로칼 아니 클라우드 재시작 해 줘",
                Intent::RecoveryRun,
                Some("Cloud"),
            ),
            (
                "clear escalation for gateway no sorry for local",
                Intent::RecoveryReset,
                Some("Local"),
            ),
            ("음 자동 복구 꺼 아니 켜 줘", Intent::AutorecoverOn, None),
            (
                "restart the local no wait don't",
                Intent::RecoveryStatus,
                Some("Local"),
            ),
            (
                "should we restart local no wait cloud",
                Intent::RecoveryStatus,
                Some("Cloud"),
            ),
        ] {
            let c = e.classify(text);
            assert_eq!(
                (c.intent, c.args.channel.as_deref()),
                (intent, channel),
                "{text}: {c:?}"
            );
        }
    }
}
