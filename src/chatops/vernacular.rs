//! Regional and spoken spellings read as the standard words the tables hold. English:
//! "y'all" (only who is spoken to), "ye"/"ya" (you), Scots "aff"/"doon", a dropped final
//! g ("routin", "pollin'"). Korean dialect endings: 전라 "켜불어", "승인허요"; 경상
//! "멈추이소", "좋심더", "시키라"; 충청 "꺼줘유", "되겄슈"; and "아녀", "…랑가".

use super::lexicon;
use super::normalize::is_hangul;

/// `text` in standard spelling; `None` when nothing in it is regional.
pub fn standard(text: &str) -> Option<String> {
    let mut changed = false;
    let mut out: Vec<String> = Vec::new();
    for token in text.split_whitespace() {
        // ("보내라 마": 마 after an order only presses it; "하지 마" refuses.)
        let pressed = out.last().is_some_and(|w| w.ends_with('라'));
        if token == "마" && pressed {
            changed = true;
            continue;
        }
        let word = if token.chars().any(is_hangul) {
            korean(token)
        } else {
            english(token)
        };
        changed |= word.as_deref() != Some(token);
        if let Some(w) = word.filter(|w| !w.is_empty()) {
            out.push(w);
        }
    }
    // ("…, mate", "…, ta": who is spoken to, or thanks, closing the line.)
    let vocative = out.len() > 1
        && out[out.len() - 2].ends_with(',')
        && out.last().is_some_and(|w| {
            let w = w.trim_end_matches(['.', '!', '?']).to_lowercase();
            VOCATIVES.contains(&w.as_str())
        });
    if vocative {
        out.pop();
        changed = true;
    }
    changed.then(|| tidy(&out.join(" ")))
}

/// Words that close a line only saying who is spoken to, or thanks.
const VOCATIVES: [&str; 8] = ["mate", "pal", "bruv", "lads", "ta", "guys", "folks", "team"];

/// One English token in standard spelling (`None`: a word that only says who is
/// spoken to, dropped with its punctuation kept).
fn english(token: &str) -> Option<String> {
    let start = token
        .find(|c: char| c.is_alphanumeric())
        .unwrap_or(token.len());
    let end = token
        .char_indices()
        .rfind(|(_, c)| c.is_alphanumeric())
        .map_or(start, |(i, c)| i + c.len_utf8())
        .max(start);
    // ("pollin'": the apostrophe of a dropped g belongs to the word.)
    let end = if token[end..].starts_with('\'') && token[..end].ends_with("in") {
        end + 1
    } else {
        end
    };
    let (lead, core, tail) = (&token[..start], &token[start..end], &token[end..]);
    let lower = core.to_lowercase();
    let plain = match lower.as_str() {
        "y'all" | "yall" | "ya'll" | "y'all's" | "youse" | "innit" => {
            return Some(format!("{lead}{tail}"));
        }
        "ye" | "ya" => "you".to_string(),
        "yer" => "your".to_string(),
        "aff" => "off".to_string(),
        "doon" => "down".to_string(),
        "oot" => "out".to_string(),
        "outta" => "out of".to_string(),
        "sorta" => "sort of".to_string(),
        "kinda" => "kind of".to_string(),
        "lemme" => "let me".to_string(),
        "gimme" => "give me".to_string(),
        "till" | "til" | "'til" | "'till" => "until".to_string(),
        "fixin" | "fixin'" => "about".to_string(),
        _ => match g_dropped(&lower) {
            Some(w) => w,
            None => return Some(token.to_string()),
        },
    };
    Some(format!("{lead}{plain}{tail}"))
}

/// "routin" → "routing", "pollin'" → "polling": only when the word with its g is one the
/// vocabulary knows (or a few everyday ones), never a word of its own ("login", "admin").
fn g_dropped(word: &str) -> Option<String> {
    const EVERYDAY: [&str; 12] = [
        "doin", "goin", "lookin", "holdin", "gettin", "makin", "runnin", "comin", "sayin", "actin",
        "playin", "talkin",
    ];
    let bare = word.trim_end_matches('\'');
    if bare.len() < 4 || !bare.ends_with("in") || lexicon::is_term(bare) {
        return None;
    }
    let with_g = format!("{bare}g");
    let stem = &with_g[..with_g.len() - 3];
    let known = lexicon::is_term(&with_g)
        || lexicon::is_term(stem)
        || lexicon::is_term(&format!("{stem}e"))
        || EVERYDAY.contains(&bare)
        // ("draggin", "lettin": a doubled consonant before the ending.)
        || stem.len() > 2 && stem.as_bytes()[stem.len() - 1] == stem.as_bytes()[stem.len() - 2]
            && lexicon::is_term(&stem[..stem.len() - 1]);
    let own_word = lexicon::is_real_word(bare) || NOT_DROPPED.contains(&bare);
    (known && !own_word).then_some(with_g)
}

/// Words that end in "in" of their own.
const NOT_DROPPED: [&str; 16] = [
    "login", "admin", "plugin", "within", "again", "begin", "domain", "origin", "margin", "cabin",
    "basin", "cousin", "robin", "latin", "twin", "main",
];

/// Korean dialect endings made standard, longest first; each applies at the end of a word
/// (before its punctuation).
const KO_ENDINGS: [(&str, &str); 21] = [
    ("허씨요", "하세요"),
    ("주이소", "주세요"),
    ("하이소", "하세요"),
    ("추이소", "추세요"),
    ("심더", "습니다"),
    ("니꺼", "니까"),
    ("겄슈", "겠어요"),
    ("겄네", "겠네"),
    ("겄어", "겠어"),
    ("했슈", "했어요"),
    ("불어", "버려"),
    ("부러", "버려"),
    ("뿌러", "버려"),
    ("삐라", "버려"),
    ("뿌라", "버려"),
    ("허요", "해요"),
    ("혀요", "해요"),
    ("허라", "해라"),
    ("시키라", "시켜라"),
    ("랑가", "까"),
    ("당께", ""),
];

/// One Korean token in standard spelling ("마" after an order is only emphasis).
fn korean(token: &str) -> Option<String> {
    let end = token.rfind(|c: char| c.is_alphanumeric()).map_or(0, |i| {
        i + token[i..].chars().next().map_or(1, char::len_utf8)
    });
    let (core, tail) = token.split_at(end);
    if core == "아녀" {
        return Some(format!("아니야{tail}"));
    }
    // (충청 "꺼줘유", "안 돼유": a polite 요 said 유 after a verb.)
    if let Some(stem) = core.strip_suffix('유') {
        if stem.ends_with(['해', '줘', '돼', '봐', '와', '어', '여', '져', '워', '셔']) {
            return Some(format!("{stem}요{tail}"));
        }
    }
    for (dialect, plain) in KO_ENDINGS {
        if let Some(stem) = core.strip_suffix(dialect) {
            // (A word that is only the ending is no dialect: "불어" alone is a language.)
            if !stem.is_empty() && !lexicon::is_term(core) {
                return Some(format!("{stem}{plain}{tail}"));
            }
        }
    }
    Some(token.to_string())
}

/// Punctuation left alone by a dropped word ("lookin overall, ?" → "looking overall?").
fn tidy(text: &str) -> String {
    let mut s = text.trim().to_string();
    for (from, to) in [
        (" ,", ","),
        (",,", ","),
        (", ?", "?"),
        (",?", "?"),
        (", .", "."),
    ] {
        while s.contains(from) {
            s = s.replace(from, to);
        }
    }
    s.trim_end_matches(',').trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regional_english_reads_as_standard() {
        let cases = [
            (
                "how're we lookin overall, y'all?",
                "how're we looking overall?",
            ),
            (
                "y'all go on and restart the local worker",
                "go on and restart the local worker",
            ),
            (
                "switch the routin policy to balanced, would ye",
                "switch the routing policy to balanced, would you",
            ),
            (
                "switch the auto recovery aff, ta",
                "switch the auto recovery off",
            ),
            ("Dashboard — export it, ta", "Dashboard — export it"),
            ("stop pollin' till handover", "stop polling until handover"),
            (
                "is cloud fixin to go degraded?",
                "is cloud about to go degraded?",
            ),
        ];
        for (typed, plain) in cases {
            assert_eq!(standard(typed).as_deref(), Some(plain), "{typed}");
        }
    }

    #[test]
    fn words_of_their_own_stay() {
        for typed in [
            "restart local",
            "login again as admin",
            "the main plugin",
            "재시작해 줘",
        ] {
            assert_eq!(standard(typed), None, "{typed}");
        }
    }

    #[test]
    fn korean_dialect_endings_read_as_standard() {
        let cases = [
            ("자동 복구 다시 켜불어", "자동 복구 다시 켜버려"),
            (
                "업데이트 멈추이소, 사진 찍을라꼬요",
                "업데이트 멈추세요, 사진 찍을라꼬요",
            ),
            (
                "라우팅 적용 진행해도 좋심더",
                "라우팅 적용 진행해도 좋습니다",
            ),
            (
                "게이트웨이 재시작해도 되겄슈?",
                "게이트웨이 재시작해도 되겠어요?",
            ),
            ("자동 복구 꺼줘유, 안 돼유", "자동 복구 꺼줘요, 안 돼요"),
            ("고정 순서로 보내라 마", "고정 순서로 보내라"),
            (
                "누가 벌써 재시작한 거 아녀?",
                "누가 벌써 재시작한 거 아니야?",
            ),
            (
                "로컬 재시작하지 마 일단 켜불어",
                "로컬 재시작하지 마 일단 켜버려",
            ),
            ("일시정지 승인허요", "일시정지 승인해요"),
        ];
        for (typed, plain) in cases {
            assert_eq!(standard(typed).as_deref(), Some(plain), "{typed}");
        }
    }
}
