//! Numbers spelled out in words, for lengths of time: "two hours", "forty five minutes",
//! "half an hour", "삼십 분", "두 시간", "한 시간 반" (a silence needs its length, and
//! operators write it as they would say it).

/// English number words, and the count they stand for.
const ENGLISH: [(&str, u32); 20] = [
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("fifteen", 15),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fourty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("ninety", 90),
];

/// The number spelled by `words` from their start ("forty five" → 45, using two words):
/// the count and how many words it took.
pub fn english(words: &[&str]) -> Option<(u32, usize)> {
    let value = |w: &str| ENGLISH.iter().find(|(s, _)| *s == w).map(|&(_, n)| n);
    let first = value(words.first()?)?;
    let ones = words.get(1).and_then(|w| value(w)).filter(|&n| n < 10);
    match ones {
        Some(n) if first >= 20 && first % 10 == 0 => Some((first + n, 2)),
        _ => Some((first, 1)),
    }
}

/// Native Korean counts, as they come before 시간 ("두 시간"), longest first.
const NATIVE: [(&str, u32); 12] = [
    ("열두", 12),
    ("열한", 11),
    ("아홉", 9),
    ("여덟", 8),
    ("일곱", 7),
    ("여섯", 6),
    ("다섯", 5),
    ("열", 10),
    ("네", 4),
    ("세", 3),
    ("두", 2),
    ("한", 1),
];

/// Minutes spelled in a Hangul run (spaces already gone): "두시간" → 120, "한시간반" →
/// 90, "삼십분" → 30, "사십오분" → 45.
pub fn korean_minutes(run: &str) -> Option<u32> {
    if let Some(at) = run.find("시간") {
        let before = &run[..at];
        let hours = NATIVE
            .iter()
            .find(|(w, _)| before.ends_with(w))
            .map(|&(_, n)| n)?;
        let half = run[at + "시간".len()..].starts_with('반');
        return Some(hours * 60 + if half { 30 } else { 0 });
    }
    let at = run.find('분')?;
    let digits: Vec<u32> = run[..at].chars().rev().map_while(sino).collect();
    // The longest count that ends right before 분 ("게이트웨이삼십분": 이 is the name's).
    (1..=digits.len().min(3)).rev().find_map(|k| {
        count(
            digits[..k]
                .iter()
                .rev()
                .copied()
                .collect::<Vec<_>>()
                .as_slice(),
        )
    })
}

/// A Sino-Korean count of minutes: 십 (10–99) with its digits, or 오 alone ("부분",
/// "이분" are words).
fn count(digits: &[u32]) -> Option<u32> {
    match *digits {
        [5] => Some(5),
        [10] => Some(10),
        [t, 10] if t < 10 && t > 1 => Some(t * 10),
        [10, o] if o < 10 => Some(10 + o),
        [t, 10, o] if t < 10 && t > 1 && o < 10 => Some(t * 10 + o),
        _ => None,
    }
}

/// Whether a Hangul run is a count spelled in Sino-Korean ("삼십", "사십오", "십오"):
/// the number of a length written apart from its unit ("삼십 분").
pub fn spelled_count(run: &str) -> bool {
    let digits: Option<Vec<u32>> = run.chars().map(sino).collect();
    run.chars().count() >= 2 && digits.is_some_and(|d| count(&d).is_some())
}

/// A Sino-Korean digit (일–구) or 십.
fn sino(c: char) -> Option<u32> {
    "일이삼사오육칠팔구십"
        .chars()
        .position(|d| d == c)
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spelled_count_is_a_number() {
        assert!(spelled_count("삼십") && spelled_count("사십오") && spelled_count("십오"));
        assert!(!spelled_count("삼") && !spelled_count("이사") && !spelled_count("처리"));
    }

    #[test]
    fn english_counts_are_read() {
        assert_eq!(english(&["two", "hours"]), Some((2, 1)));
        assert_eq!(english(&["forty", "five", "minutes"]), Some((45, 2)));
        assert_eq!(english(&["ten", "five"]), Some((10, 1)));
        assert_eq!(english(&["hours"]), None);
    }

    #[test]
    fn korean_lengths_are_read() {
        assert_eq!(korean_minutes("두시간"), Some(120));
        assert_eq!(korean_minutes("게이트웨이한시간반"), Some(90));
        assert_eq!(korean_minutes("삼십분"), Some(30));
        assert_eq!(korean_minutes("사십오분"), Some(45));
        assert_eq!(korean_minutes("십분"), Some(10));
        assert_eq!(korean_minutes("오분"), Some(5));
        assert_eq!(korean_minutes("부분"), None);
        assert_eq!(korean_minutes("이분"), None);
        assert_eq!(korean_minutes("시간"), None);
    }
}
