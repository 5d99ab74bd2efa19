//! `problems` ("what's wrong", "뭐가 문제야"): the channels with a problem, worst first,
//! each with the error it fails with and since when; the same facts `explain` quotes for
//! a channel that is down; and the cost ranking behind "which channel is cheapest".

use std::fmt::Write;

use super::fmt::{self, pad, NAME_MAX};
use super::views::recovery_reason;
use crate::chatops::intent::Lang;
use crate::chatops::replies;
use crate::domain::{Health, Thresholds};
use crate::report::text::age;
use crate::snapshot::{rfc3339_ms, ChannelView, Snapshot};

/// Whether a channel has something to explain: not healthy, or failing right now.
fn has_problem(c: &ChannelView) -> bool {
    !c.eval.health.is_healthy() || c.details.consecutive_failures > 0
}

/// `problems`: every channel with a problem (worst first) and what it fails with.
pub fn problems(s: &Snapshot, t: &Thresholds, lang: Lang) -> String {
    let mut bad: Vec<&ChannelView> = s.channels.iter().filter(|c| has_problem(c)).collect();
    // Worst first (OFFLINE before POOR before DEGRADED), stable in the snapshot's order.
    bad.sort_by_key(|c| std::cmp::Reverse(severity(c.eval.health)));
    let mut out = String::new();
    if bad.is_empty() {
        let n = s.channels.len();
        out.push_str(&replies::no_problems(lang, &n));
    } else {
        let (bad, all) = (bad.len(), s.channels.len());
        out.push_str(&replies::channels_with_problems(lang, &bad, &all));
    }
    let w = fmt::name_width(bad.iter().copied(), 4);
    for c in &bad {
        let i = &c.eval.input;
        let mut head = format!(
            "  {}  {:<9}  {} {}%",
            pad(&crate::base::sanitize::cell(c.name(), NAME_MAX), w),
            c.eval.health.as_str(),
            replies::AVAIL.get(lang),
            i.availability
        );
        if !c.details.no_latency {
            let _ = write!(
                head,
                " · {} {}",
                replies::MEAN.get(lang),
                fmt::ms(i.mean_latency_ms)
            );
        }
        if i.optional {
            head.push_str(replies::OPTIONAL_SUFFIX.get(lang));
        }
        let _ = writeln!(out, "{head}");
        // The why lines start under the health word.
        let ind = w + 4;
        let mut why = why_lines(c, lang);
        if why.is_empty() {
            // No probe error (a metrics file): the rule it falls short of says why.
            why.extend(super::explain::short_of(c, t, lang));
        }
        for line in why {
            let _ = writeln!(out, "{}{}", " ".repeat(ind), fmt::wrap(&line, ind, ind, 78));
        }
    }
    if s.recovery.should_trigger {
        let _ = writeln!(
            out,
            "{} {}",
            replies::RECOVERY_NEEDED_COLON.get(lang),
            recovery_reason(s, lang)
        );
    }
    out
}

fn severity(h: Health) -> u8 {
    match h {
        Health::Offline => 4,
        Health::Poor => 3,
        Health::Degraded => 2,
        _ => 1,
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

/// "cheapest by cost_per_1k_tokens: Local 0 per 1k tokens (then Cloud 0.6)", among the
/// channels that are not OFFLINE; says so when no channel has a cost configured.
pub fn cheapest(s: &Snapshot, lang: Lang) -> String {
    let mut priced: Vec<(&ChannelView, f64)> = s
        .channels
        .iter()
        .filter_map(|c| c.details.cost_per_1k_tokens.map(|p| (c, p)))
        .collect();
    if priced.is_empty() {
        return replies::NO_COST_KNOWN_SET_COST.get(lang).to_string();
    }
    priced.sort_by(|a, b| a.1.total_cmp(&b.1));
    // The cheapest channel that can take traffic; the others by cost, a down one marked.
    let Some(&(best, price)) = priced
        .iter()
        .find(|(c, _)| c.eval.health != Health::Offline)
    else {
        return replies::EVERY_CHANNEL_WITH_A_COST.get(lang).to_string();
    };
    let mut line = format!(
        "{} {} ({price} {})",
        replies::CHEAPEST_BY_COST_PER_1K.get(lang),
        best.name(),
        replies::PER_1K_TOKENS.get(lang),
    );
    let rest: Vec<String> = priced
        .iter()
        .filter(|(c, _)| c.name() != best.name())
        .map(|(c, p)| match c.eval.health {
            h if h.is_healthy() => format!("{} {p}", c.name()),
            h => format!("{} {p} {h}", c.name()),
        })
        .collect();
    if !rest.is_empty() {
        let _ = write!(line, "; {} {}", replies::THEN.get(lang), rest.join(", "));
    }
    let unpriced = s.channels.len() - priced.len();
    if unpriced > 0 {
        let _ = write!(line, "; {}", replies::no_cost_set(lang, &unpriced));
    }
    format!("  {}\n", fmt::wrap(&line, 2, 4, 78))
}
