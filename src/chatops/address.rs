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
}
