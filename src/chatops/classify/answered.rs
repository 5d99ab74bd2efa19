//! A question its asker answers in the same line: "pause or not? pause.", "should I kick
//! the gateway worker? yeah, kick it.", "자동 복구 끌까? 아니 꺼 줘.", "restart or wait…
//! restart." The answer is what is meant: an order when it is one on its own, or when it
//! gives the verb back to what the question named ("클라우드 복구 돌려 말아? 돌려.").
//! A bare "yes", an answer that doubts or refuses, or one that only describes orders
//! nothing: the question is then read as usual.

use super::super::act::SpeechAct;
use super::super::lexicon::{self, Concept};
use super::super::normalize;
use super::clauses::names;
use super::{Classification, Engine};

impl Engine {
    /// The order its asker gave after a question, when the line is a question answered.
    pub(super) fn answered(&self, text: &str) -> Option<Classification> {
        let (question, answer) = question_and_answer(text)?;
        let answer = without_answer_words(answer)?;
        if !self.orders_by_itself(answer) {
            return None;
        }
        // The answer must answer this question: give its order or the opposite one
        // ("켜 둘까? 아니 꺼"), or pick an order among the choices it offered. ("did
        // polling resume? the helpdesk says it looks frozen" asks; "why's cloud so slow?
        // like, what's going on" is no answer.)
        let asked = self.classify(&format!("{question}?"));
        let about = asked
            .withheld
            .filter(|w| w.acts() && self.act(question).kind() != SpeechAct::Past);
        let choice = offers_a_choice(&normalize::fold(question));
        // (An order only the model read is taken where the words name its object.)
        let answers = |c: &Classification, named: bool| {
            c.intent.acts()
                && c.held.is_none()
                && (named || !(c.learned && c.intent.is_mutating()))
                && (about.is_some_and(|w| c.intent == w || w.opposite() == Some(c.intent))
                    || (choice && c.intent.writes()))
        };
        let alone = self.classify(answer);
        let c = if answers(&alone, names(&self.evidence(answer))) {
            alone
        } else {
            let given_back =
                self.classify(&format!("{} {answer}", self.named_in_question(question)));
            answers(&given_back, true).then_some(given_back)?
        };
        Some(self.with_args_of(c, question))
    }

    /// Whether `answer`, or one of its clauses, is put as an order: an English verb
    /// first ("kick it", "1h. silence gateway for an hour"), a Korean request or a bare
    /// verb ("지금 적용해줘", "돌려."), or a verb that stands for the question's ("해 줘",
    /// "do it"). Commentary after a question ("each restart burns warm-up tokens", "밤새
    /// 계속 튀던데", "화면이 안 움직여ㅜㅜ", "no pressure. thx!") answers nothing.
    fn orders_by_itself(&self, answer: &str) -> bool {
        answer
            .split(['.', ',', '!', '—', ';'])
            .filter_map(without_answer_words)
            .any(|clause| self.clause_orders(clause))
    }

    fn clause_orders(&self, clause: &str) -> bool {
        let (act, ev) = self.sense(clause);
        if act.kind() != SpeechAct::Order {
            return false;
        }
        let folded = normalize::fold(clause);
        let bare = folded.trim();
        if PRO_VERBS.contains(&bare) {
            return true;
        }
        let verb = ev.concepts.any(&super::VERBS);
        if folded.chars().any(normalize::is_hangul) {
            let short = bare.split_whitespace().count() <= 2;
            return verb && (act.imperative || act.requested || short);
        }
        let first = folded
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty() && !matches!(*w, "please" | "pls" | "just" | "then" | "so"));
        first.is_some_and(|w| {
            self.evidence(w).concepts.any(&super::VERBS)
                || lexicon::grammar("order_verb_en").contains(&w)
        })
    }

    /// The words of the question that name something of the console ("클라우드 복구" of
    /// "클라우드 복구 돌려 말아"), without its verbs, doubts and options.
    fn named_in_question(&self, question: &str) -> String {
        question
            .split_whitespace()
            .filter(|w| {
                let ev = self.evidence(w);
                names(&ev)
                    && !ev.concepts.any(&super::VERBS)
                    && !ev
                        .concepts
                        .any(&[Concept::Negation, Concept::Past, Concept::Future])
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The question and the answer after it: after the last question mark, or after a
/// trailing-off "…" when the words before offer a choice ("restart or wait… restart").
fn question_and_answer(text: &str) -> Option<(&str, &str)> {
    let (at, mark) = match text.rfind('?') {
        Some(i) => (i, 1),
        None => {
            let (i, mark) = text
                .rfind('…')
                .map(|i| (i, '…'.len_utf8()))
                .or_else(|| text.rfind("...").map(|i| (i, 3)))?;
            offers_a_choice(&normalize::fold(&text[..i])).then_some((i, mark))?
        }
    };
    let answer = text[at + mark..].trim();
    answer
        .chars()
        .any(char::is_alphanumeric)
        .then_some((&text[..at], answer))
}

/// "restart or wait", "끌까 말까", "켜 둘까 꺼 둘까": a choice offered.
fn offers_a_choice(folded: &str) -> bool {
    [" or ", " vs ", "말까", "말아", "아니면", "할까"]
        .iter()
        .any(|m| folded.contains(m))
}

/// Words that only say yes or no to the question, before the answer itself ("yeah, kick
/// it", "응 넣어줘", "아니 꺼 줘": no to the hesitation, not to the order). Nothing
/// left, nothing ordered.
fn without_answer_words(answer: &str) -> Option<&str> {
    let mut rest = answer;
    loop {
        let trimmed = rest.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, ',' | '.' | '!' | '…' | '-' | '—')
        });
        let word_end = trimmed
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '!' | '…'))
            .unwrap_or(trimmed.len());
        let word = normalize::fold(&trimmed[..word_end]);
        if !ANSWER_WORDS.contains(&word.as_str()) || word_end == trimmed.len() {
            rest = trimmed;
            break;
        }
        rest = &trimmed[word_end..];
    }
    let bare = ANSWER_WORDS.contains(&normalize::fold(rest.trim_end_matches(['.', '!'])).as_str());
    (!bare && rest.chars().any(char::is_alphanumeric)).then_some(rest)
}

/// Verbs that stand for the one the question asked about.
const PRO_VERBS: &[&str] = &[
    "해",
    "해 줘",
    "해줘",
    "해 주세요",
    "해주세요",
    "하자",
    "해라",
    "do it",
    "go ahead",
    "go for it",
];

const ANSWER_WORDS: &[&str] = &[
    "yes",
    "yeah",
    "yep",
    "yup",
    "ya",
    "sure",
    "ok",
    "okay",
    "eh",
    "hmm",
    "well",
    "fine",
    "no",
    "nah",
    "nope",
    "응",
    "네",
    "예",
    "어",
    "그래",
    "ㅇㅇ",
    "좋아",
    "아니",
    "아냐",
    "아니다",
    "아",
    "몰라",
    "음",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_follows_the_question() {
        assert_eq!(
            question_and_answer("pause or not? pause."),
            Some(("pause or not", "pause."))
        );
        assert_eq!(
            question_and_answer("restart or wait… restart."),
            Some(("restart or wait", "restart."))
        );
        assert_eq!(question_and_answer("is it down?"), None);
        assert_eq!(question_and_answer("gateway is slow… restart it"), None);
    }

    #[test]
    fn an_answer_orders_only_when_put_as_one() {
        use super::super::super::intent::Intent::{self, *};
        let e = Engine::with_channels(&["Local", "Cloud", "Gateway"]);
        let cases: [(&str, Intent); 10] = [
            ("pause or not? pause.", Pause),
            ("자동 복구 끌까? 아니 꺼 줘.", AutorecoverOff),
            (
                "should I kick the gateway worker? yeah, kick it.",
                RecoveryRun,
            ),
            (
                "should we run recovery on cloud? each restart burns warm-up tokens",
                RecoveryStatus,
            ),
            ("자동복구 켜놔도 괜찮을까? 밤새 계속 튀던데", RecoveryStatus),
            ("라우팅 정책 뭐야? 들려줘", Routing),
            ("restart gateway? no.", RecoveryStatus),
            (
                "did anyone restart the gateway already? I was going to do it at 3",
                RecoveryHistory,
            ),
            ("printer jammed again. fix", Unknown),
            ("자동 복구 끄는 걸로 하죠", AutorecoverOff),
        ];
        for (text, want) in cases {
            assert_eq!(e.classify(text).intent, want, "{text}");
        }
    }

    #[test]
    fn an_order_for_later_or_an_opinion_is_asked_about() {
        use super::super::super::intent::Intent::*;
        let e = Engine::with_channels(&["Local", "Cloud", "Gateway"]);
        for text in [
            "Tonight at 10, reset recovery on every channel.",
            "퇴근하고 나서 클라우드 워커 재시작해 주세요",
            "it wouldn't hurt to restart the gateway",
        ] {
            let c = e.classify(text);
            assert_eq!(c.intent, RecoveryStatus, "{text}");
            assert!(c.withheld.is_some(), "{text}");
        }
        assert_eq!(
            e.classify("내일 출근 전에 클라우드 복구 돌려 놔").intent,
            RecoveryRun
        );
    }

    #[test]
    fn yes_or_no_alone_answers_nothing() {
        assert_eq!(without_answer_words("yeah, kick it."), Some("kick it."));
        assert_eq!(without_answer_words("아니 꺼 줘."), Some("꺼 줘."));
        assert_eq!(without_answer_words("yes"), None);
        assert_eq!(without_answer_words("no."), None);
    }
}
