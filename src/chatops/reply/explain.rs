//! `explain`: the rule and the numbers behind a decision (docs/rules.md) — for one channel, the
//! health rules checked in order with the value that decided each; otherwise why this
//! primary, why (no) recovery, why this status.

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use super::fmt::{self, keyed, ms};
use super::views::{primary, recovery_reason};
use crate::chatops::intent::Lang;
use crate::chatops::replies;
use crate::domain::{Health, Policy, Status, Thresholds, Trend};
use crate::report::text::age;
use crate::snapshot::{rfc3339_ms, ChannelView, Snapshot};

pub fn explain(s: &Snapshot, channel: Option<&str>, policy: &Policy, lang: Lang) -> String {
    match channel.and_then(|n| s.channel(n)) {
        Some(c) => explain_channel(s, c, &policy.thresholds, lang),
        None => explain_decisions(s, lang),
    }
}

/// One health rule as checked against a channel: did it match, and which value decided.
struct Check {
    rule: u8,
    health: Health,
    condition: String,
    matched: bool,
    because: String,
}

/// The health rules of docs/rules.md in order, stopping at the first match — the same tests as
/// `domain::classify` (a unit test keeps the two in step).
fn checks(c: &ChannelView, t: &Thresholds, lang: Lang) -> Vec<Check> {
    let i = &c.eval.input;
    let (a, m, alerts) = (
        i.availability.get(),
        i.mean_latency_ms.get(),
        i.baseline_alerts.get(),
    );
    let (av, mean, al) = (
        replies::AVAILABILITY.get(lang),
        replies::MEAN.get(lang),
        replies::ALERTS.get(lang),
    );
    let avail = format!("{av} {}%", i.availability);
    // Conditions use the short label so the table fits 80 columns.
    let av = replies::AVAIL.get(lang);
    let mean_v = format!("{mean} {}", ms(i.mean_latency_ms));
    // The value that failed a rule; when every condition held, the values that met them
    // (never an empty "()").
    let first_failing = |conds: &[(bool, String)]| match conds.iter().find(|(ok, _)| !ok) {
        Some((_, v)) => v.clone(),
        None => conds
            .iter()
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    };
    let excellent = [
        (a >= t.excellent_availability, avail.clone()),
        (m < t.excellent_latency_ms, mean_v.clone()),
        (alerts == 0.0, format!("{al} {}", i.baseline_alerts)),
    ];
    let good = [
        (a >= t.good_availability, avail.clone()),
        (m < t.good_latency_ms, mean_v.clone()),
    ];
    let rules = [
        (
            Health::Offline,
            format!("{av} = 0"),
            a == 0.0,
            avail.clone(),
        ),
        (
            Health::Excellent,
            format!(
                "{av} ≥ {}, {mean} < {} ms, {al} 0",
                t.excellent_availability, t.excellent_latency_ms
            ),
            excellent.iter().all(|(ok, _)| *ok),
            first_failing(&excellent),
        ),
        (
            Health::Good,
            format!(
                "{av} ≥ {}, {mean} < {} ms",
                t.good_availability, t.good_latency_ms
            ),
            good.iter().all(|(ok, _)| *ok),
            first_failing(&good),
        ),
        (
            Health::Degraded,
            format!("{av} ≥ {}", t.degraded_availability),
            a >= t.degraded_availability,
            avail.clone(),
        ),
        (
            Health::Poor,
            replies::OTHERWISE.get(lang).to_string(),
            true,
            avail,
        ),
    ];
    let mut out = Vec::new();
    for (n, (health, condition, matched, because)) in rules.into_iter().enumerate() {
        out.push(Check {
            rule: n as u8 + 1,
            health,
            condition,
            matched,
            because,
        });
        if matched {
            break;
        }
    }
    out
}

/// Why a channel is not better than it is, from the rules: `short of GOOD (avail ≥ 95,
/// mean < 200 ms): mean 268.9 ms`. `None` for OFFLINE (its error says more) and for a
/// channel the first rules already rate EXCELLENT or GOOD.
pub(super) fn short_of(c: &ChannelView, t: &Thresholds, lang: Lang) -> Option<String> {
    if c.eval.health == Health::Offline || c.eval.health.is_healthy() {
        return None;
    }
    let checks = checks(c, t, lang);
    // The best rule it missed: the one just above the rule that matched.
    let missed = checks.iter().rev().nth(1).filter(|k| !k.matched)?;
    Some(format!(
        "{} {} ({}): {}",
        replies::SHORT_OF.get(lang),
        missed.health.as_str(),
        missed.condition,
        missed.because
    ))
}

fn explain_channel(s: &Snapshot, c: &ChannelView, t: &Thresholds, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} — {}",
        c.name(),
        c.eval.health,
        replies::HEALTH_RULES_FIRST_MATCH_WINS.get(lang)
    );
    let checks = checks(c, t, lang);
    let w = checks
        .iter()
        .map(|k| UnicodeWidthStr::width(k.condition.as_str()))
        .max()
        .unwrap_or(0);
    for k in &checks {
        let verdict = if k.matched {
            replies::RULE_MATCHED.get(lang)
        } else {
            replies::RULE_NOT_MATCHED.get(lang)
        };
        let _ = writeln!(
            out,
            "  {} {:<9}  {}  {verdict} ({})",
            k.rule,
            k.health.as_str(),
            fmt::pad(&k.condition, w),
            k.because
        );
    }
    // Why it is down, in the server's own words and since when.
    for line in why_lines(c, lang) {
        let _ = writeln!(out, "{}", fmt::wrap(&line, 0, 2, 78));
    }
    latency_line(&mut out, c, lang);
    model_lines(&mut out, c, lang);
    rank_line(&mut out, s, c, lang);
    out
}

/// Live and replay: why the newest tick is or is not anomalous, and where the forecast
/// heads.
fn model_lines(out: &mut String, c: &ChannelView, lang: Lang) {
    let Some(f) = &c.details.forecast else {
        return;
    };
    if let Some(v) = &f.verdict {
        let line = crate::monitor::words::anomaly_sentence(c.name(), v, lang);
        let _ = writeln!(out, "{}", fmt::wrap(&line, 0, 2, 78));
    }
    if let Some(p) = crate::monitor::words::prediction(f, lang) {
        let _ = writeln!(out, "{}", fmt::wrap(&p, 0, 2, 78));
    }
}

fn latency_line(out: &mut String, c: &ChannelView, lang: Lang) {
    let d = &c.details;
    if d.no_latency {
        // The rules judged with the legacy 999 ms; that is not a measurement.
        let _ = writeln!(
            out,
            "{}",
            replies::LATENCY_NONE_NO_SUCCESSFUL_PROBE.get(lang)
        );
        return;
    }
    let mut parts = vec![format!(
        "{} {}",
        replies::MEAN.get(lang),
        ms(c.eval.input.mean_latency_ms)
    )];
    if let Some(p) = d.p95_latency_ms {
        parts.push(format!("p95 {}", ms(p)));
    }
    let line = format!("{}: {}", replies::LATENCY.get(lang), parts.join(", "));
    let _ = writeln!(out, "{}", fmt::wrap(&line, 0, 2, 78));
    let mut trend = format!(
        "{}: {}",
        replies::TREND.get(lang),
        fmt::trend_word(&c.eval.input.trend, lang)
    );
    if let (Some(short), Some(long)) = (d.trend_short_mean_ms, d.trend_long_mean_ms) {
        let _ = write!(
            trend,
            " ({} {} / {} {})",
            replies::SHORT.get(lang),
            ms(short),
            replies::LONG.get(lang),
            ms(long)
        );
    }
    let _ = writeln!(out, "{}", fmt::wrap(&trend, 0, 2, 78));
}

/// Priority (with the bonus and demotion that shaped it) and the place in the ranking.
fn rank_line(out: &mut String, s: &Snapshot, c: &ChannelView, lang: Lang) {
    if let Some(line) = policy_line(s, lang) {
        let _ = writeln!(out, "{}", fmt::wrap(&line, 0, 2, 78));
        return;
    }
    let e = &c.eval;
    let mut why = e.health.as_str().to_string();
    if e.health == Health::Excellent && e.input.trend == Trend::Improving {
        why.push_str(" + IMPROVING");
    }
    if e.input.optional && e.routing_priority > 1 && e.routing_priority <= 4 {
        why.push_str(replies::OPTIONAL_DEMOTED_ONE_STEP.get(lang));
    }
    let ranked = fmt::ranked(s);
    let place = match ranked.iter().position(|r| r.name() == c.name()) {
        Some(0) => replies::ARROW_PRIMARY.get(lang).to_string(),
        Some(n) => format!("{} {}", replies::BEHIND.get(lang), keyed(ranked[n - 1])),
        None => replies::OPTIONAL_CHANNELS_ARE_NEVER_PRIMARY
            .get(lang)
            .to_string(),
    };
    let rank = ranked
        .iter()
        .position(|r| r.name() == c.name())
        .map_or(String::new(), |p| {
            format!(", {} {}/{}", replies::RANK.get(lang), p + 1, ranked.len())
        });
    let line = format!(
        "{}: {} {} ({why}){rank} {place}",
        replies::ROUTING.get(lang),
        replies::PRIORITY.get(lang),
        e.routing_priority
    );
    let _ = writeln!(out, "{}", fmt::wrap(&line, 0, 2, 78));
}

/// Under a routing policy other than the health ranking, the ranking by priority would
/// answer a question nobody asked: the policy's own sentence says what decided.
fn policy_line(s: &Snapshot, lang: Lang) -> Option<String> {
    let r = &s.routing;
    (r.policy != "health").then(|| format!("{} — {}", replies::ROUTING_POLICY.get(lang), r.reason))
}

fn explain_decisions(s: &Snapshot, lang: Lang) -> String {
    let mut out = String::new();
    let order: Vec<String> = fmt::ranked(s).into_iter().map(keyed).collect();
    if let Some(line) = policy_line(s, lang) {
        let _ = writeln!(out, "{}", fmt::wrap(&line, 0, 2, 78));
    } else {
        let _ = writeln!(
            out,
            "{}: {} — {}\n  {}",
            replies::ROUTING.get(lang),
            primary(s).map_or(replies::NO_PRIMARY.get(lang), |p| p.name()),
            replies::CORE_CHANNELS_BY_PRIORITY_MEAN.get(lang),
            fmt::arrows(&order, 2, 78)
        );
    }
    let r = &s.recovery;
    let verdict = match r.rule {
        Some(n) => format!(
            "{} {n} {}: {}",
            replies::RULE.get(lang),
            replies::FIRED.get(lang),
            recovery_reason(s, lang)
        ),
        None => replies::NO_RULE_FIRED.get(lang).to_string(),
    };
    let _ = writeln!(out, "{}: {verdict}", replies::RECOVERY.get(lang));
    out.push_str(replies::RULE_1_OVERALL_DEGRADED_POOR.get(lang));
    let _ = writeln!(
        out,
        "{}: {} — {}",
        replies::STATUS.get(lang),
        s.status,
        status_reason(s.status, lang)
    );
    out
}

fn status_reason(st: Status, lang: Lang) -> &'static str {
    match st {
        Status::Unknown => replies::NO_CHANNEL_AT_ALL.get(lang),
        Status::Critical => replies::RECOVERY_SHOULD_TRIGGER.get(lang),
        Status::Warning => replies::SOMETHING_IS_DEGRADED_OR_DOWN.get(lang),
        Status::Ok => replies::EVERY_CHANNEL_EXCELLENT_GOOD_AND.get(lang),
    }
}

/// Why a channel fails, in words: "down since 2026-…Z (3m20s), 3 failed in a row" and
/// "last error (12s ago): HTTP 503 …: No connected db." — empty when it is not failing
/// (a metrics file has no probe errors).
pub fn why_lines(c: &ChannelView, lang: Lang) -> Vec<String> {
    let d = &c.details;
    let now = d.at_ms.unwrap_or_default();
    let mut out = Vec::new();
    let mut facts = Vec::new();
    if let Some(since) = d.down_since_ms.filter(|_| c.eval.health == Health::Offline) {
        let (at, age) = (rfc3339_ms(since), age(now - since));
        facts.push(replies::down_since(lang, &at, &age));
    }
    if d.consecutive_failures > 0 {
        facts.push(replies::failed_in_a_row(lang, &d.consecutive_failures));
    }
    if !facts.is_empty() {
        out.push(facts.join(", "));
    }
    if let Some(e) = &d.last_error {
        let when = d
            .last_error_at_ms
            .map_or(String::new(), |at| replies::ago(lang, &age(now - at)));
        out.push(format!("{}{when}: {e}", replies::LAST_ERROR.get(lang)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{classify, evaluate_channels, ChannelInput, Num};
    use crate::snapshot::ChannelDetails;

    fn view(a: f64, m: f64, alerts: i64) -> ChannelView {
        let mut input = ChannelInput::new("X", Num::float(a), Num::float(m), false);
        input.baseline_alerts = Num::int(alerts);
        let eval = evaluate_channels(vec![input], &Thresholds::default()).remove(0);
        ChannelView {
            eval,
            details: ChannelDetails::default(),
        }
    }

    #[test]
    fn the_explained_rule_is_the_rule_that_decided() {
        let t = Thresholds::default();
        for a in [0.0, 50.0, 89.99, 90.0, 94.99, 95.0, 98.99, 99.0, 100.0] {
            for m in [0.0, 99.99, 100.0, 199.99, 200.0, 999.0] {
                for alerts in [0, 1] {
                    let c = view(a, m, alerts);
                    let last = checks(&c, &t, Lang::En)
                        .pop()
                        .map(|k| (k.health, k.matched));
                    let want = classify(a, m, alerts as f64, &t);
                    assert_eq!(last, Some((want, true)), "{a} {m} {alerts}");
                }
            }
        }
    }

    #[test]
    fn a_matched_rule_names_the_values_that_met_it() {
        let k = checks(&view(100.0, 38.4, 0), &Thresholds::default(), Lang::En);
        let last = k.last().expect("a rule");
        assert_eq!((last.health, last.matched), (Health::Excellent, true));
        assert_eq!(last.because, "availability 100.0%, mean 38.4 ms, alerts 0");
    }

    #[test]
    fn a_failed_rule_names_the_value_that_failed_it() {
        let c = view(100.0, 254.8, 0);
        let k = checks(&c, &Thresholds::default(), Lang::En);
        assert_eq!(k.len(), 4);
        assert_eq!(k[1].because, "mean 254.8 ms");
        assert_eq!(k[0].because, "availability 100.0%");
    }

    #[test]
    fn a_channel_with_a_model_says_why_its_tick_is_or_is_not_anomalous() {
        use crate::domain::anomaly::{Direction, Verdict};
        let mut c = view(100.0, 48.0, 0);
        let verdict = Verdict {
            anomaly: true,
            incident: true,
            rarity: 25_000.0,
            latency_ms: 412.0,
            usual_ms: 48.0,
            spread_ms: 6.0,
            direction: Direction::Above,
            learning: false,
        };
        c.details.forecast = Some(crate::snapshot::Forecast {
            verdict: Some(verdict),
            predicted: Some((Health::Degraded, 240_000)),
            ..Default::default()
        });
        let mut out = String::new();
        model_lines(&mut out, &c, Lang::En);
        assert_eq!(
            out,
            format!(
                "{}: 412 ms is rarer than 1 in 10,000 for this channel — anomalous (high; usual\n  \
                 48 ms ± 6.0 ms)\npredicted DEGRADED in ~4 min\n",
                c.name()
            )
        );
        // Files have no model: nothing is said.
        let mut out = String::new();
        model_lines(&mut out, &view(100.0, 48.0, 0), Lang::En);
        assert_eq!(out, "");
    }
}
