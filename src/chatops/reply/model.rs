//! Sentences about a channel's latency model (live and replay): why its newest tick is or
//! is not anomalous, its forecast, and the health it is heading for. Shared by `explain`,
//! `forecast` and the console.

use crate::chatops::intent::Lang;
use crate::chatops::replies;
use crate::domain::anomaly::{Direction, Verdict};
use crate::snapshot::Forecast;

/// "412 ms is rarer than 1 in 10,000 for this channel (usual 48 ms ± 6)", or why not.
pub fn anomaly_sentence(name: &str, v: &Verdict, lang: Lang) -> String {
    let usual = format!(
        "{} {} ± {}",
        replies::USUAL.get(lang),
        ms1(v.usual_ms),
        ms1(v.spread_ms)
    );
    let latency = ms1(v.latency_ms);
    if v.learning {
        return replies::still_learning_channel(lang, &name, &latency, &usual);
    }
    let odds = one_in(v.rarity);
    let way = match v.direction {
        Direction::Above => replies::LATENCY_HIGH.get(lang),
        Direction::Below => replies::LATENCY_LOW.get(lang),
    };
    match (odds, v.anomaly || v.incident, lang) {
        (Some(n), true, Lang::Ko) => {
            format!("{name}: {latency} — 이 채널에서 {n}번에 1번보다 드묾, 이상 ({way}; {usual})")
        }
        (Some(n), true, Lang::En) => format!(
            "{name}: {latency} is rarer than 1 in {n} for this channel — anomalous ({way}; {usual})"
        ),
        (Some(n), false, Lang::Ko) => format!(
            "{name}: {latency} — {n}번에 1번 꼴이지만 이 채널엔 흔한 일이라 이상 아님 ({usual})"
        ),
        (Some(n), false, Lang::En) => format!(
            "{name}: {latency} is 1 in {n}, but this channel does that: not anomalous ({usual})"
        ),
        (None, _, Lang::Ko) => format!("{name}: {latency} — 평소대로, 이상 아님 ({usual})"),
        (None, _, Lang::En) => format!("{name}: {latency} is usual, not anomalous ({usual})"),
    }
}

/// "predicted DEGRADED in ~4 min", when the forecast heads for a worse health.
pub fn prediction(f: &Forecast, lang: Lang) -> Option<String> {
    let (health, in_ms) = f.predicted?;
    let when = approx(in_ms);
    Some(replies::predicted(lang, &health, &when))
}

/// A duration as an operator says it: "40 s", "4 min".
pub fn approx(ms: i64) -> String {
    let s = (ms.max(0) + 500) / 1000;
    if s < 90 {
        format!("{s} s")
    } else {
        format!("{} min", (s + 30) / 60)
    }
}

/// The power of ten a rarity exceeds, written with separators ("10,000"); `None` below
/// 1 in 100, which is not worth a number.
fn one_in(rarity: f64) -> Option<String> {
    if rarity.is_nan() || rarity < 100.0 {
        return None;
    }
    let exp = rarity.log10().floor().min(12.0) as u32;
    let digits = 10u64.pow(exp).to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    Some(out)
}

/// Milliseconds with one decimal below 10 ms, whole above.
fn ms1(v: f64) -> String {
    if v < 10.0 {
        format!("{:.1} ms", v)
    } else {
        format!("{:.0} ms", v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(latency: f64, rarity: f64, anomaly: bool) -> Verdict {
        Verdict {
            anomaly,
            incident: anomaly,
            rarity,
            latency_ms: latency,
            usual_ms: 48.2,
            spread_ms: 6.1,
            direction: if latency < 48.0 {
                Direction::Below
            } else {
                Direction::Above
            },
            learning: false,
        }
    }

    #[test]
    fn an_anomaly_says_how_rare_against_what() {
        let s = anomaly_sentence("Gateway", &verdict(412.0, 3.2e4, true), Lang::En);
        assert_eq!(
            s,
            "Gateway: 412 ms is rarer than 1 in 10,000 for this channel — anomalous \
             (high; usual 48 ms ± 6.1 ms)"
        );
    }

    #[test]
    fn a_usual_tick_and_a_rare_but_familiar_one_say_why_not() {
        let s = anomaly_sentence("Gateway", &verdict(52.0, 3.0, false), Lang::En);
        assert_eq!(
            s,
            "Gateway: 52 ms is usual, not anomalous (usual 48 ms ± 6.1 ms)"
        );
        let s = anomaly_sentence("Gateway", &verdict(300.0, 2e6, false), Lang::En);
        assert!(
            s.contains("1 in 1,000,000, but this channel does that"),
            "{s}"
        );
        let mut v = verdict(52.0, 3.0, false);
        v.learning = true;
        assert!(anomaly_sentence("G", &v, Lang::En).contains("still learning"));
    }

    #[test]
    fn durations_are_rounded_as_spoken() {
        assert_eq!(approx(40_000), "40 s");
        assert_eq!(approx(240_000), "4 min");
        assert_eq!(approx(215_000), "4 min");
        let f = Forecast {
            predicted: Some((crate::domain::Health::Degraded, 240_000)),
            ..Forecast::default()
        };
        assert_eq!(
            prediction(&f, Lang::En).as_deref(),
            Some("predicted DEGRADED in ~4 min")
        );
    }
}
