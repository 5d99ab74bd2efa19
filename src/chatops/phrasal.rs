//! English phrasal verbs split by their object: "bring it back up", "bring local back",
//! "spin the gateway back up". The vocabulary knows the verb with its particles side by
//! side ("bring back up"); here the object is moved after them, so the words that make
//! one verb are read as one.

/// Verbs and the particles that complete them, longest first for each verb.
const PHRASES: [(&str, &[&str]); 6] = [
    ("bring", &["back", "up"]),
    ("bring", &["back"]),
    ("spin", &["back", "up"]),
    ("spin", &["up"]),
    ("fire", &["back", "up"]),
    ("zero", &["out"]),
];

/// `folded` with a split phrasal verb joined ("bring it back up" → "bring back up it"),
/// when it has one whose object is one to three words.
pub fn joined(folded: &str) -> Option<String> {
    let words: Vec<&str> = folded.split_whitespace().collect();
    for (at, word) in words.iter().enumerate() {
        for (verb, particles) in PHRASES {
            if *word != verb {
                continue;
            }
            let Some(end) = (at + 2..=at + 4).find(|&p| {
                words.get(p..p + particles.len()).is_some_and(|w| {
                    w.iter()
                        .map(|w| w.trim_end_matches([',', '.', '!']))
                        .eq(particles.iter().copied())
                })
            }) else {
                continue;
            };
            let mut out: Vec<&str> = words[..=at].to_vec();
            out.extend_from_slice(&words[end..end + particles.len()]);
            out.extend_from_slice(&words[at + 1..end]);
            out.extend_from_slice(&words[end + particles.len()..]);
            return Some(out.join(" "));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verb_split_by_its_object_is_joined() {
        for (line, joined_line) in [
            ("bring it back up", "bring back up it"),
            (
                "local is down, bring it back up",
                "local is down, bring back up it",
            ),
            ("bring the local worker back", "bring back the local worker"),
            ("spin gateway back up please", "spin back up gateway please"),
        ] {
            assert_eq!(joined(line).as_deref(), Some(joined_line), "{line}");
        }
    }

    #[test]
    fn a_verb_with_its_particles_together_or_far_apart_is_left() {
        for line in [
            "bring back up local",
            "bring me the report and go back",
            "restart it",
        ] {
            assert_eq!(joined(line), None, "{line}");
        }
    }
}
