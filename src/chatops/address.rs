//! Who a chat line is addressed to, and who it mentions: "@sb could you…", "스위치보드야
//! 일시정지해줘", "thanks switchboard", "@다은 님 확인했어요". The console's name called
//! out, and a teammate's @handle, are not words of the request: left in, they read as
//! unknown words (or, for "switchboard", as the whole system) and make a plain order
//! look doubtful.

/// Names a team calls the console by, in either language.
const NAMES: [&str; 6] = ["switchboard", "sb", "bot", "스위치보드", "봇", "스보"];

/// Korean endings of a name called out ("스위치보드야", "봇아", "sb님").
const CALLED: [&str; 5] = ["야", "아", "님", "씨", "님아"];

/// English words that come before a name called out ("hey sb", "ok switchboard").
const LEADS: [&str; 9] = [
    "hey", "hi", "ok", "okay", "yo", "thanks", "thx", "ty", "cheers",
];

/// `text` without the console's name where it is called out (first or last, or as
/// an @mention) and without other @handles; `None` when nothing was taken out, or when
/// nothing else would be left (a name alone asks for the overall view, as before).
pub fn without_address(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut kept: Vec<String> = Vec::with_capacity(words.len());
    let mut taken = false;
    let last = words.len().saturating_sub(1);
    for (i, w) in words.iter().enumerate() {
        // ("restart the bot": a last word is a name only after a comma or a thanks.)
        let closing = i == last && i > 0 && (words[i - 1].ends_with(',') || lead(words[i - 1]));
        let edge = i == 0 || closing || (i == 1 && lead(words[0]));
        match strip(w, edge) {
            Some(rest) => {
                taken = true;
                if !rest.is_empty() {
                    kept.push(rest);
                }
            }
            None => kept.push((*w).to_string()),
        }
    }
    // "@다은 님 확인했어요": the honorific after a handle goes with it.
    kept.retain(|w| w != "님");
    let meant = kept.join(" ");
    let left = meant.trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace());
    (taken && left.chars().any(char::is_alphanumeric)).then(|| meant.trim().to_string())
}

/// What is left of one word once a name called out is taken from it: its trailing
/// punctuation ("switchboard," → ","); `None` when the word is not a name called out.
fn strip(word: &str, edge: bool) -> Option<String> {
    let core = word.trim_end_matches([',', ':', '!', '.', '~']);
    let tail = &word[core.len()..];
    if let Some(handle) = core.strip_prefix('@') {
        // Any @handle is a person or the console; "@sb님", "@태민" alike.
        return (!handle.is_empty()).then(|| tail.to_string());
    }
    let folded = core.to_lowercase();
    let bare = NAMES.contains(&folded.as_str());
    let with_ending = CALLED
        .iter()
        .filter_map(|e| folded.strip_suffix(e))
        .any(|n| NAMES.contains(&n));
    // A bare name is one only at an edge of the line, or followed by a comma or colon
    // ("bot: restart cloud"); "restart the bot" keeps its word. A name with its calling
    // ending ("봇아", "sb님") is called out wherever it stands.
    let marked = !tail.is_empty() && tail != "." && tail != "!";
    ((bare || with_ending) && (edge || marked || with_ending)).then(|| {
        if tail.starts_with([',', ':']) {
            String::new()
        } else {
            tail.to_string()
        }
    })
}

fn lead(word: &str) -> bool {
    LEADS.contains(&word.trim_end_matches(',').to_lowercase().as_str())
}

/// English verbs that hand an order to the console named after them ("have the console
/// run recovery", "get the bot to apply routing", "tell switchboard to route by health").
const HANDS: [&str; 4] = ["have", "get", "tell", "ask"];

/// The console named as its object ("the console", "switchboard", "it" after "get").
const CALLED_AS: [&str; 7] = [
    "the console",
    "console",
    "switchboard",
    "the bot",
    "bot",
    "sb",
    "it",
];

/// Korean particles that make the console the one told ("콘솔더러", "스위치보드한테").
const TOLD: [&str; 5] = ["더러", "한테", "에게", "보고", "께"];

/// Korean words that hand on what was said to the one told ("…하라 그래", "…라고 전해줘",
/// "… 시켜"), longest first.
const HAND_ON: [&str; 14] = [
    "시켜주세요",
    "시켜줘요",
    "전해주세요",
    "전해줘요",
    "시켜줘",
    "전해줘",
    "해주세요",
    "해줘",
    "시키래",
    "시켜",
    "전해",
    "그래",
    "하래",
    "해",
];

/// "have the console run recovery on cloud", "콘솔더러 자동 복구 끄라 그래": the console
/// spoken of in the third person, and handed what to do. What it is handed is the ask,
/// said to it directly (an order is still confirmed like any other).
pub fn third_person(text: &str) -> Option<String> {
    english_handed(text).or_else(|| korean_handed(text))
}

/// The English form: the hand-over opens the line, or a clause after a comma or a
/// courtesy ("could you get the console to stop recommending and just apply the routes").
fn english_handed(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    for hand in HANDS {
        for name in CALLED_AS {
            // ("get it to …" only: "have it restarted" names no console.)
            if name == "it" && hand != "get" {
                continue;
            }
            let phrase = format!("{hand} {name} ");
            let Some(at) = lower.find(&phrase) else {
                continue;
            };
            let before = lower[..at].trim_end();
            let opens = before.is_empty()
                || before.ends_with(',')
                || ["could you", "can you", "would you", "please", "pls"]
                    .iter()
                    .any(|c| before.ends_with(c));
            if !opens {
                continue;
            }
            let mut rest = &text[at + phrase.len()..];
            // ("ask switchboard to apply …" asks for it done; "ask switchboard how …",
            // "get it to tell me …" ask to be told.)
            let told = rest.to_lowercase().starts_with("to tell me ");
            let mut asked = told || rest.to_lowercase().starts_with("tell me ");
            if let Some(r) = rest.strip_prefix("to ") {
                rest = r;
            } else if hand == "ask" {
                asked = true;
                // ("ask switchboard if the restart worked": whether it did, asked.)
                let whether = ["if ", "whether "]
                    .iter()
                    .find_map(|w| rest.strip_prefix(w));
                if let Some(r) = whether {
                    rest = r;
                }
            }
            let rest = rest.trim();
            if rest.is_empty() {
                return None;
            }
            let mark = if asked && !rest.ends_with('?') {
                "?"
            } else {
                ""
            };
            return Some(format!("{}{rest}{mark}", &text[..at]).trim().to_string());
        }
    }
    None
}

/// The Korean form: "<console>더러/한테 …하라 그래/시켜/전해줘" ("팀장님이 스위치보드한테
/// 라우팅 적용시키래": the one who said it goes too).
fn korean_handed(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let told = words.iter().position(|w| {
        TOLD.iter()
            .filter_map(|p| w.strip_suffix(p))
            .any(|n| NAMES.contains(&n) || n == "콘솔")
    })?;
    // Who said it ("팀장님이 …") is no part of the ask; what was told before it is
    // ("게웨 죽었어, 콘솔한테 살려놓으라 해").
    let speaker = told == 1 && ["이", "가", "께서"].iter().any(|e| words[0].ends_with(e));
    let before = if speaker { &[][..] } else { &words[..told] };
    let mut rest: Vec<String> = before
        .iter()
        .chain(&words[told + 1..])
        .map(|w| w.to_string())
        .collect();
    let last = rest.pop()?;
    let last = last.trim_end_matches(['.', '!', '~']);
    let (stem, hand) = HAND_ON
        .iter()
        .find_map(|h| last.strip_suffix(h).map(|stem| (stem, *h)))?;
    if !stem.is_empty() {
        rest.push(stem.to_string());
    }
    // The order handed on, said to the console: "…하라고" → "…하라" (an order as
    // written); what it was to be told, quoted ("안녕이라고 전해줘" → "안녕").
    let said = rest.pop()?;
    let said = if hand.starts_with("전해") {
        ["이라고", "라고", "고"]
            .iter()
            .find_map(|q| said.strip_suffix(q))
            .unwrap_or(&said)
    } else if said.ends_with("라고") {
        said.strip_suffix('고').unwrap_or(&said)
    } else {
        &said
    };
    let said = said.to_string();
    rest.push(said);
    let meant = rest.join(" ");
    meant.chars().any(char::is_alphanumeric).then_some(meant)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_consoles_name_called_out_is_taken_out() {
        for (text, meant) in [
            ("@sb could you restart cloud?", "could you restart cloud?"),
            ("스위치보드야 일시정지해줘", "일시정지해줘"),
            ("봇아 클라우드 복구 리셋해", "클라우드 복구 리셋해"),
            (
                "switchboard, auto recovery off pls",
                "auto recovery off pls",
            ),
            ("bot: restart cloud", "restart cloud"),
            ("hey sb, status?", "hey status?"),
            (
                "thanks switchboard, you're a lifesaver",
                "thanks you're a lifesaver",
            ),
            ("@sb 님 멈춘 거 다시 돌려주세요", "멈춘 거 다시 돌려주세요"),
            ("switchboard /export", "/export"),
            ("ok switchboard, logging off. bye!", "ok logging off. bye!"),
        ] {
            assert_eq!(without_address(text).as_deref(), Some(meant), "{text}");
        }
    }

    #[test]
    fn handles_of_people_go_with_their_honorific() {
        assert_eq!(
            without_address("라우팅 어플라이 해줘~ @다은 님 확인했어요").as_deref(),
            Some("라우팅 어플라이 해줘~ 확인했어요")
        );
        assert_eq!(
            without_address("could you apply the routing now? @kim signed off on it").as_deref(),
            Some("could you apply the routing now? signed off on it")
        );
    }

    #[test]
    fn a_word_that_only_looks_like_a_name_stays() {
        for text in [
            "restart the bot worker",
            "restart the bot",
            "switchboard",
            "@sb",
            "sb status",
            "status sb",
            "봇",
            "is the sb down",
        ] {
            let kept = without_address(text);
            assert!(
                kept.is_none() || ["status"].contains(&kept.as_deref().unwrap_or("")),
                "{text}: {kept:?}"
            );
        }
    }

    #[test]
    fn the_console_handed_an_order_is_told_it_directly() {
        for (text, meant) in [
            (
                "have the console run recovery on cloud",
                "run recovery on cloud",
            ),
            (
                "could you get the console to stop polling?",
                "could you stop polling?",
            ),
            (
                "ask switchboard how Gateway is doing",
                "how Gateway is doing?",
            ),
            ("ask switchboard if it's paused", "it's paused?"),
            ("ask switchboard to apply the routing", "apply the routing"),
            (
                "get it to tell me which rule fired",
                "tell me which rule fired?",
            ),
            ("콘솔더러 자동 복구 끄라 그래", "자동 복구 끄라"),
            ("봇한테 폴링 스탑하라고 시켜", "폴링 스탑하라"),
            ("팀장님이 스위치보드한테 라우팅 적용시키래", "라우팅 적용"),
            (
                "게웨 죽었어, 콘솔한테 살려놓으라 해",
                "게웨 죽었어, 살려놓으라",
            ),
            ("콘솔한테 안녕이라고 전해줘", "안녕"),
        ] {
            assert_eq!(third_person(text).as_deref(), Some(meant), "{text}");
        }
        for text in [
            "have it restarted",
            "restart the bot",
            "I wonder if the console is fine",
            "콘솔 상태 알려줘",
        ] {
            assert_eq!(third_person(text), None, "{text}");
        }
    }
}
