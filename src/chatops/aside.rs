//! Asides in brackets: "멈춰 아니 새로고침해줘 (손가락이 먼저 나감)", "내 노트북 재부팅 해줘
//! (느려서)". What the brackets hold says why or how, and is read apart from the ask.
//! A gloss glued to its word ("상한(ceiling)", "silence(gateway, 45m)") is no aside.

/// `text` without its asides, and the asides; `None` when it has none or nothing else.
pub fn apart(text: &str) -> Option<(String, Vec<&str>)> {
    let mut outside = String::new();
    let mut asides = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['(', '（']) {
        let before = &rest[..open];
        let after = &rest[open..];
        let opener = after.chars().next().map_or(1, char::len_utf8);
        let glued = before
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_whitespace());
        let close = after.find([')', '）']);
        match close {
            // ("(ok=0)": a value in brackets is data, not an aside.)
            Some(close) if !glued && !after[..close].contains('=') => {
                outside.push_str(before);
                asides.push(after[opener..close].trim());
                let closer = after[close..].chars().next().map_or(1, char::len_utf8);
                rest = &after[close + closer..];
            }
            _ => {
                outside.push_str(&rest[..open + opener]);
                rest = &after[opener..];
            }
        }
    }
    outside.push_str(rest);
    let outside = outside.split_whitespace().collect::<Vec<_>>().join(" ");
    let said = outside.chars().any(char::is_alphanumeric);
    (!asides.is_empty() && said).then_some((outside, asides))
}

#[cfg(test)]
mod tests {
    use super::apart;

    #[test]
    fn an_aside_in_brackets_is_read_apart() {
        let (out, asides) = apart("내 노트북 재부팅 해줘 (느려서)").unwrap();
        assert_eq!(out, "내 노트북 재부팅 해줘");
        assert_eq!(asides, ["느려서"]);
        let (out, asides) = apart("which channels are failing (if any) right now?").unwrap();
        assert_eq!(out, "which channels are failing right now?");
        assert_eq!(asides, ["if any"]);
        let (out, _) = apart("멈춰 아니 새로고침해줘 （손가락이 먼저 나감）").unwrap();
        assert_eq!(out, "멈춰 아니 새로고침해줘");
    }

    #[test]
    fn a_gloss_a_call_or_brackets_alone_are_no_aside() {
        assert_eq!(apart("상한(ceiling) 정책으로 바꿔줘"), None);
        assert_eq!(apart("silence(gateway, 45m)"), None);
        assert_eq!(apart("(느려서)"), None);
        assert_eq!(apart("restart it (unclosed"), None);
        assert_eq!(apart("no brackets at all"), None);
    }
}
