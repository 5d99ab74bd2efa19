//! Read-only answers: overall status, channels, routing, recovery.

use std::fmt::Write;

use super::fmt::{self, channel_row, keyed, list_or_none, ms, name_or_none, pairs};
use crate::chatops::classify::Classification;
use crate::chatops::intent::{Intent, Lang};
use crate::chatops::replies;
use crate::domain::Health;
use crate::snapshot::{ChannelView, Snapshot};

/// `status`: overall health, each channel, primary/fallback, recovery.
pub fn status(s: &Snapshot, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} · {} {} · {} {}% · {}",
        s.status,
        replies::OVERALL.get(lang),
        s.overall_health,
        replies::AVAILABILITY.get(lang),
        s.effective_availability,
        s.timestamp
    );
    let w = fmt::name_width(s.channels.iter(), 4);
    for c in &s.channels {
        channel_row(&mut out, c, w, lang);
    }
    if s.channels.is_empty() {
        out.push_str(replies::NO_CHANNELS.get(lang));
    }
    routing_line(&mut out, s, lang);
    recovery_line(&mut out, s, lang);
    out
}

fn routing_line(out: &mut String, s: &Snapshot, lang: Lang) {
    let r = &s.routing;
    let _ = writeln!(
        out,
        "{}{}, {}{} ({})",
        replies::ROUTING_PRIMARY.get(lang),
        name_or_none(&r.recommended_primary, lang),
        replies::STATUS_FALLBACK.get(lang),
        name_or_none(&r.recommended_fallback, lang),
        fmt::mode_word(r.mode, lang)
    );
}

fn recovery_line(out: &mut String, s: &Snapshot, lang: Lang) {
    let r = &s.recovery;
    if r.should_trigger {
        let _ = writeln!(
            out,
            "{}{} → {}",
            replies::STATUS_RECOVERY_NEEDED.get(lang),
            recovery_reason(s, lang),
            r.recommended_actions.join(", ")
        );
    } else {
        out.push_str(replies::STATUS_RECOVERY_NOT_NEEDED.get(lang));
    }
}

/// The reason of the recovery rule that fired, in the asker's language.
pub fn recovery_reason(s: &Snapshot, lang: Lang) -> String {
    if lang == Lang::En {
        return s.recovery.reason.clone();
    }
    match s.recovery.rule {
        Some(1) => format!("전체 상태 {}", s.overall_health),
        Some(2) => format!("코어 채널 {}개가 POOR/OFFLINE", core_down(s).len()),
        Some(3) => {
            let p = primary(s);
            format!(
                "주 채널 {} 상태 {}",
                p.map_or("?", |c| c.name()),
                p.map_or("?", |c| c.eval.health.as_str())
            )
        }
        _ => s.recovery.reason.clone(),
    }
}

fn core_down(s: &Snapshot) -> Vec<&ChannelView> {
    s.channels
        .iter()
        .filter(|c| !c.eval.input.optional && c.eval.health.is_down())
        .collect()
}

pub fn primary(s: &Snapshot) -> Option<&ChannelView> {
    s.routing
        .recommended_primary
        .as_deref()
        .and_then(|p| s.channel(p))
}

/// `channels`: every channel, or the named ones in detail.
pub fn channels(s: &Snapshot, c: &Classification, lang: Lang) -> String {
    let named: Vec<&ChannelView> = if c.args.channels.is_empty() {
        c.args.channel.iter().filter_map(|n| s.channel(n)).collect()
    } else {
        c.args
            .channels
            .iter()
            .filter_map(|n| s.channel(n))
            .collect()
    };
    match named.as_slice() {
        [one] => channel_detail(s, one, lang),
        [] => all_channels(s, lang),
        many => {
            let mut out = String::new();
            let w = fmt::name_width(many.iter().copied(), 4);
            for ch in many {
                channel_row(&mut out, ch, w, lang);
            }
            out
        }
    }
}

fn all_channels(s: &Snapshot, lang: Lang) -> String {
    let count = |f: fn(Health) -> bool| s.channels.iter().filter(|c| f(c.eval.health)).count();
    let healthy = count(Health::is_healthy);
    let down = count(Health::is_down);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} · {} {} · {} {} · {} {}",
        replies::CHANNELS.get(lang),
        s.channels.len(),
        replies::HEALTHY.get(lang),
        healthy,
        replies::DEGRADED.get(lang),
        s.channels.len() - healthy - down,
        replies::DOWN.get(lang),
        down
    );
    let w = fmt::name_width(s.channels.iter(), 4);
    for c in &s.channels {
        channel_row(&mut out, c, w, lang);
    }
    out
}

fn channel_detail(s: &Snapshot, c: &ChannelView, lang: Lang) -> String {
    let i = &c.eval.input;
    let d = &c.details;
    let mut out = String::new();
    let kind = if i.optional {
        replies::OPTIONAL.get(lang)
    } else {
        replies::CORE.get(lang)
    };
    let _ = writeln!(
        out,
        "{} {} ({} {}, {kind})",
        c.name(),
        c.eval.health,
        replies::PRIORITY.get(lang),
        c.eval.routing_priority
    );
    let mut latency = if c.details.no_latency {
        "-".to_string()
    } else {
        ms(i.mean_latency_ms)
    };
    let extra: Vec<String> = [("p95", d.p95_latency_ms), ("median", d.median_latency_ms)]
        .iter()
        .filter_map(|(k, v)| v.map(|v| format!("{} {}", lang.pick(korean(k), k), ms(v))))
        .collect();
    if !extra.is_empty() {
        let _ = write!(latency, " ({})", extra.join(", "));
    }
    let mut rows = vec![
        (
            replies::AVAILABILITY.get(lang),
            format!("{}%", i.availability),
        ),
        (replies::MEAN_LATENCY.get(lang), latency),
        (replies::TREND.get(lang), trend_detail(c, lang)),
        (replies::ROLE.get(lang), role(s, c, lang)),
    ];
    let alerts = format!(
        "baseline {}{}",
        i.baseline_alerts,
        d.spikes.map_or(String::new(), |n| format!(
            " · {} {n}",
            replies::SPIKES.get(lang)
        ))
    );
    rows.push((replies::ALERTS.get(lang), alerts));
    if d.region.is_some() || d.cost_per_1k_tokens.is_some() {
        let region = d.region.as_deref().unwrap_or("-");
        let cost = d
            .cost_per_1k_tokens
            .map_or_else(|| "-".to_string(), |c| c.to_string());
        let text = replies::region_cost(lang, &region, &cost);
        rows.push((replies::REGION.get(lang), text));
    }
    if let Some(e) = &d.last_error {
        // With its age: an error from an hour ago is history, not the reason it is down.
        let when = match (d.last_error_at_ms, d.at_ms) {
            (Some(at), Some(now)) => {
                let a = crate::report::text::age(now - at);
                match lang {
                    Lang::Ko => format!("({a} 전) "),
                    Lang::En => format!("({a} ago) "),
                }
            }
            _ => String::new(),
        };
        rows.push((replies::RECENT_ERROR.get(lang), format!("{when}{e}")));
    }
    pairs(&mut out, &rows);
    out
}

fn korean(k: &str) -> &str {
    match k {
        "median" => "중앙값",
        other => other,
    }
}

fn trend_detail(c: &ChannelView, lang: Lang) -> String {
    let d = &c.details;
    let mut t = fmt::trend_word(&c.eval.input.trend, lang);
    if let (Some(short), Some(long)) = (d.trend_short_mean_ms, d.trend_long_mean_ms) {
        let _ = write!(
            t,
            " ({} {} / {} {})",
            replies::SHORT.get(lang),
            ms(short),
            replies::LONG.get(lang),
            ms(long)
        );
    }
    t
}

fn role(s: &Snapshot, c: &ChannelView, lang: Lang) -> String {
    let r = &s.routing;
    let name = Some(c.name().to_string());
    if r.recommended_primary == name {
        replies::PRIMARY.get(lang).to_string()
    } else if r.recommended_fallback == name {
        replies::FALLBACK_CHANNEL.get(lang).to_string()
    } else if r.fallback_channels.iter().any(|f| f == c.name()) {
        replies::HEALTHY_ALTERNATIVE.get(lang).to_string()
    } else {
        replies::NOT_ROUTED_TO.get(lang).to_string()
    }
}

/// `routing`: primary, fallback, the ranking behind them, mode, why.
pub fn routing(s: &Snapshot, c: &Classification, lang: Lang) -> String {
    let r = &s.routing;
    let mut out = String::new();
    // "which channel is cheapest" is answered first, then the routing it asked about.
    if c.args.by == Some("cost") {
        out.push_str(cheapest(s, lang).trim_start());
    }
    let _ = writeln!(
        out,
        "{} {} · {} {} · {} {}",
        replies::PRIMARY.get(lang),
        name_or_none(&r.recommended_primary, lang),
        replies::FALLBACK.get(lang),
        name_or_none(&r.recommended_fallback, lang),
        replies::MODE.get(lang),
        fmt::mode_word(r.mode, lang)
    );
    let order: Vec<String> = fmt::ranked(s).into_iter().map(keyed).collect();
    let _ = writeln!(
        out,
        "  {}",
        replies::ORDER_BY_PRIORITY_MEAN_LATENCY.get(lang)
    );
    let _ = writeln!(out, "    {}", fmt::arrows(&order, 4, 78));
    let rows = vec![(
        replies::ALSO_HEALTHY.get(lang),
        list_or_none(&r.fallback_channels, lang),
    )];
    pairs(&mut out, &rows);
    let why = format!("{} {}", replies::WHY.get(lang), routing_reason(s, lang));
    let _ = writeln!(out, "  {}", fmt::wrap(&why, 2, 4, 78));
    task_lines(&mut out, r, lang);
    if let Some(routes) = s.routes.as_deref() {
        gateway_lines(&mut out, routes, lang);
    }
    if let Some(f) = fastest(s) {
        let _ = writeln!(
            out,
            "  {} {} {}",
            replies::FASTEST_BY_MEAN_LATENCY.get(lang),
            f.name(),
            ms(f.eval.input.mean_latency_ms)
        );
    }
    if c.withheld == Some(crate::chatops::Intent::RoutingApply) {
        out.push_str(lang.pick(
            "  적용하려면: '라우팅 적용' (확인 필요)\n",
            "  to apply: 'apply routing' (needs confirmation)\n",
        ));
    } else if c.withheld.is_some() {
        out.push_str(replies::TO_SWITCH_MONITORING_ROUTING_ON.get(lang));
    }
    out
}

/// Each route target: how it stands, its order, and its last change or error ("라우팅
/// 적용됐어?" is answered here).
pub fn gateway_lines(out: &mut String, routes: &crate::domain::route_apply::RouteView, lang: Lang) {
    for t in &routes.targets {
        let mut line = format!(
            "{} {} ({}): {}",
            lang.pick("게이트웨이", "gateway"),
            t.name,
            t.kind,
            t.state
        );
        if !t.order.is_empty() {
            let _ = write!(
                line,
                " · {} {}",
                lang.pick("순서", "order"),
                t.order.join(", ")
            );
        }
        if let Some(at) = t.last_change_ms {
            let how = match (t.verified, lang) {
                (true, Lang::Ko) => "확인됨",
                (true, Lang::En) => "verified",
                (false, Lang::Ko) => "확인 안 됨",
                (false, Lang::En) => "not verified",
            };
            let _ = write!(
                line,
                " · {} {} ({how})",
                lang.pick("마지막 적용", "last applied"),
                crate::snapshot::rfc3339_ms(at)
            );
        }
        if let Some(e) = &t.last_error {
            let _ = write!(line, " · {} {e}", lang.pick("오류", "error"));
        } else if !t.why.is_empty() && t.state != "follows" {
            let _ = write!(line, " — {}", t.why);
        }
        let _ = writeln!(out, "  {}", fmt::wrap(&line, 2, 4, 78));
    }
    if routes.dry_run {
        out.push_str(lang.pick(
            "  (--dry-run: 기록만 하고 쓰지 않아요)\n",
            "  (--dry-run: recorded, never written)\n",
        ));
    }
}

/// Where each task class goes ("코드 리뷰는 어디로 보내?" is a routing question too).
fn task_lines(out: &mut String, r: &crate::domain::Routing, lang: Lang) {
    for t in &r.tasks {
        let line = format!(
            "{} {}: {} {} · {} {} — {}",
            replies::TASK.get(lang),
            t.name,
            replies::PRIMARY.get(lang),
            name_or_none(&t.recommended_primary, lang),
            replies::FALLBACK.get(lang),
            name_or_none(&t.recommended_fallback, lang),
            t.explain
        );
        let _ = writeln!(out, "  {}", fmt::wrap(&line, 2, 4, 78));
    }
}

fn routing_reason(s: &Snapshot, lang: Lang) -> String {
    // Another policy's reason is its explain sentence: the numbers say it in any language.
    if lang == Lang::En || s.routing.policy != "health" {
        return s.routing.reason.clone();
    }
    let core = fmt::ranked(s);
    match (primary(s), s.routing.mode, core.len()) {
        (None, ..) => "라우팅할 코어 채널이 없음".to_string(),
        (Some(p), crate::domain::RoutingMode::Static, _) => {
            format!("정적 순서의 첫 번째가 {}", p.name())
        }
        (Some(p), _, 1) => format!("코어 채널이 {} 하나뿐", p.name()),
        (Some(p), ..) => format!(
            "{}: 우선순위 최선({}, {}), 그중 평균 지연 최저 ({})",
            p.name(),
            p.eval.routing_priority,
            p.eval.health,
            ms(p.eval.input.mean_latency_ms)
        ),
    }
}

fn fastest(s: &Snapshot) -> Option<&ChannelView> {
    s.channels
        .iter()
        .filter(|c| c.eval.health != Health::Offline)
        .min_by(|a, b| {
            a.eval
                .input
                .mean_latency_ms
                .get()
                .total_cmp(&b.eval.input.mean_latency_ms.get())
        })
}

/// `recovery.status`: needed or not, the rule, the actions — and how to order them.
pub fn recovery(s: &Snapshot, c: &Classification, lang: Lang) -> String {
    let r = &s.recovery;
    let mut out = String::new();
    if r.should_trigger {
        let _ = writeln!(
            out,
            "{} ({} {}): {}",
            replies::RECOVERY_NEEDED.get(lang),
            replies::RULE.get(lang),
            r.rule.map_or("?".to_string(), |n| n.to_string()),
            recovery_reason(s, lang)
        );
        let _ = writeln!(
            out,
            "  {} {}",
            replies::RECOMMENDED_ACTIONS.get(lang),
            r.recommended_actions.join(", ")
        );
    } else {
        let _ = writeln!(
            out,
            "{}\n  {} {} · {}: {} · {} {}",
            replies::RECOVERY_NOT_NEEDED_NO_RULE.get(lang),
            replies::OVERALL.get(lang),
            s.overall_health,
            replies::CORE_CHANNELS_POOR_OFFLINE.get(lang),
            core_down(s).len(),
            replies::PRIMARY.get(lang),
            primary(s).map_or(replies::NONE.get(lang).to_string(), |p| format!(
                "{} {}",
                p.name(),
                p.eval.health
            ))
        );
    }
    out.push_str(&super::recovery::executor(s, lang));
    withheld_hint(&mut out, s, c, lang);
    out
}

/// When the question mentioned an action, say how to order it, and be plain about what
/// this snapshot can and cannot tell.
fn withheld_hint(out: &mut String, s: &Snapshot, c: &Classification, lang: Lang) {
    match c.withheld {
        Some(Intent::RecoveryRun) => out.push_str(replies::TO_RUN_THEM_RUN_RECOVERY.get(lang)),
        Some(Intent::RecoveryReset) => {
            out.push_str(replies::TO_CLEAR_ESCALATION_RESET_RECOVERY.get(lang))
        }
        Some(Intent::AutorecoverOn | Intent::AutorecoverOff) => {
            if s.live.is_none() {
                out.push_str(replies::RECOVERY_RUNS_LIVE.get(lang));
            }
            out.push_str(replies::TO_CHANGE_ENABLE_AUTO_RECOVERY.get(lang));
        }
        _ => {}
    }
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
