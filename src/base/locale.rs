//! The locale the environment names for messages, by POSIX precedence: `LC_ALL`, then
//! `LC_MESSAGES`, then `LANG`, the first that is set and not empty. ChatOps answers a
//! line without words ("🔄") in it when nothing earlier in the conversation says more.

/// The effective message locale of this process ("" when none is set).
pub fn messages() -> String {
    messages_from(|key| std::env::var(key).ok())
}

fn messages_from(get: impl Fn(&str) -> Option<String>) -> String {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(get)
        .find(|v| !v.trim().is_empty())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |key| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn lc_all_then_lc_messages_then_lang() {
        let all = [
            ("LC_ALL", "ko_KR.UTF-8"),
            ("LC_MESSAGES", "C"),
            ("LANG", "C"),
        ];
        assert_eq!(messages_from(env(&all)), "ko_KR.UTF-8");
        let messages = [("LC_MESSAGES", "ko_KR"), ("LANG", "en_US.UTF-8")];
        assert_eq!(messages_from(env(&messages)), "ko_KR");
        let empty_all = [("LC_ALL", ""), ("LANG", "ko_KR.UTF-8")];
        assert_eq!(messages_from(env(&empty_all)), "ko_KR.UTF-8");
        assert_eq!(messages_from(env(&[])), "");
    }
}
