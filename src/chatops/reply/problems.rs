//! `problems` ("what's wrong", "뭐가 문제야"): the channels with a problem, worst first,
//! each with the error it fails with and since when; the same facts `explain` quotes for
//! a channel that is down; and the cost ranking behind "which channel is cheapest".

use std::fmt::Write;

use super::explain::why_lines;
use super::fmt::{self, pad, NAME_MAX};
use super::views::recovery_reason;
use crate::chatops::intent::Lang;
use crate::chatops::replies;
use crate::domain::{Health, Thresholds};
use crate::snapshot::{ChannelView, Snapshot};

/// Whether a channel has something to explain: not healthy, or failing right now.
fn has_problem(c: &ChannelView) -> bool {
    !c.eval.health.is_healthy() || c.details.consecutive_failures > 0
}

/// `problems`: every channel with a problem (worst first) and what it fails with; with
/// a channel named, that channel's problem only ("last error on cloud?").
pub fn problems(s: &Snapshot, t: &Thresholds, channel: Option<&str>, lang: Lang) -> String {
    let named = |c: &&ChannelView| channel.is_none_or(|n| c.name() == n);
    let mut bad: Vec<&ChannelView> = s
        .channels
        .iter()
        .filter(named)
        .filter(|c| has_problem(c))
        .collect();
    // Worst first (OFFLINE before POOR before DEGRADED), stable in the snapshot's order.
    bad.sort_by_key(|c| std::cmp::Reverse(severity(c.eval.health)));
    let mut out = String::new();
    let fine = channel.and_then(|n| s.channels.iter().find(|c| c.name() == n));
    if let (true, Some(c)) = (bad.is_empty(), fine) {
        let name = crate::base::sanitize::cell(c.name(), NAME_MAX);
        out.push_str(&replies::no_problem_on(
            lang,
            &name,
            &c.eval.health.as_str(),
        ));
    } else if bad.is_empty() {
        let n = s.channels.len();
        out.push_str(&replies::no_problems(lang, &n));
    } else if channel.is_none() {
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
