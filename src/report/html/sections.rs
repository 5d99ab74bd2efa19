//! The dashboard's sections, each appending its HTML to the page: status header, channel
//! cards, routing and recovery boxes, latency chart, automation history. Untrusted text
//! goes through `escape` (aliased `e` here) at the point where it is written.

use std::fmt::Write;

use super::chart::{self, Series};
use super::escape::escape as e;
use super::Page;
use crate::domain::routing::rule_order;
use crate::domain::{ChannelEval, Health, Num, RoutingMode};
use crate::snapshot::{ChannelView, ExecutorView, Snapshot};

/// `health-excellent` …: the class that colours a health word (never alone: the word is
/// always written).
fn health_class(h: Health) -> String {
    format!("h-{}", h.as_str().to_ascii_lowercase())
}

fn ms(v: Option<Num>) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{v} ms"))
}

/// `<div><dt>…</dt><dd>…</dd></div>` with `value` already escaped.
fn fact(out: &mut String, term: &str, value: &str) {
    let _ = write!(out, "<div><dt>{term}</dt><dd>{value}</dd></div>");
}

pub(super) fn header(out: &mut String, p: &Page) {
    let s = p.snap;
    let status = s.status.as_str();
    let source = match &s.source.path {
        Some(path) => format!("{} {}", s.source.kind, e(path)),
        None => s.source.kind.to_string(),
    };
    let _ = write!(
        out,
        "<header class=\"top st-{}\">\n<h1><span class=\"status\">{status}</span> \
         switchboard dashboard</h1>\n<dl class=\"facts\">",
        status.to_ascii_lowercase()
    );
    let overall = s.overall_health.as_str();
    fact(
        out,
        "overall health",
        &format!(
            "<span class=\"word o-{}\">{}</span>",
            overall.to_ascii_lowercase(),
            e(overall)
        ),
    );
    fact(
        out,
        "effective availability",
        &format!("{}%", s.effective_availability),
    );
    fact(out, "data as of", &e(&s.timestamp));
    fact(out, "generated", &e(&p.generated));
    fact(out, "source", &source);
    out.push_str("</dl>\n</header>\n");
}

pub(super) fn channels(out: &mut String, p: &Page) {
    let s = p.snap;
    let _ = write!(
        out,
        "<section aria-labelledby=\"channels\">\n<h2 id=\"channels\">Channels \
         <small>({})</small></h2>\n<div class=\"cards\">\n",
        s.channels.len()
    );
    for (i, c) in s.channels.iter().enumerate() {
        let spark = p.series.iter().find(|x| x.name == c.name());
        card(out, i, c, spark, &p.series_kind);
    }
    out.push_str("</div>\n</section>\n");
}

fn card(out: &mut String, i: usize, c: &ChannelView, spark: Option<&Series>, kind: &str) {
    let (ev, d) = (&c.eval, &c.details);
    let name = e(c.name());
    let _ = write!(
        out,
        "<article class=\"card {}\" aria-labelledby=\"ch-{i}\">\n<h3 id=\"ch-{i}\">\
         <span class=\"name\">{name}</span> <span class=\"word\">{}</span></h3>\n<dl class=\"facts\">",
        health_class(ev.health),
        ev.health
    );
    let input = &ev.input;
    fact(out, "availability", &format!("{}%", input.availability));
    let (mean, p95) = if d.no_latency {
        ("-".to_string(), "-".to_string())
    } else {
        (ms(Some(input.mean_latency_ms)), ms(d.p95_latency_ms))
    };
    fact(out, "mean", &mean);
    fact(out, "p95", &p95);
    fact(
        out,
        "trend",
        &format!("{} {}", input.trend.arrow(), e(input.trend.as_str())),
    );
    fact(out, "priority", &ev.routing_priority.to_string());
    if input.optional {
        fact(out, "role", "optional");
    }
    if let Some(r) = &d.region {
        fact(out, "region", &e(r));
    }
    if let Some(cost) = d.cost_per_1k_tokens {
        fact(out, "cost / 1k tokens", &format!("{}", Num::float(cost)));
    }
    out.push_str("</dl>\n");
    if let Some(sr) = spark.filter(|x| !x.points.is_empty()) {
        let values: Vec<Option<f64>> = sr.points.iter().map(|(_, v)| *v).collect();
        // From the raw name: the label is escaped once, as a whole.
        let label = format!("{} latency, {}", c.name(), spark_summary(&values, kind));
        out.push_str(&chart::sparkline(&values, &e(&label)));
        out.push('\n');
    }
    if let Some(err) = &d.last_error {
        let _ = writeln!(
            out,
            "<p class=\"err\"><strong>last error</strong> {}</p>",
            e(err)
        );
    }
    out.push_str("</article>\n");
}

/// `24 hourly means, 12 → 31 ms (min 9, max 412)`, with failed probes counted.
fn spark_summary(values: &[Option<f64>], kind: &str) -> String {
    let ok: Vec<f64> = values.iter().flatten().copied().collect();
    let failed = values.len() - ok.len();
    let mut s = kind.to_string();
    if let (Some(first), Some(last)) = (ok.first(), ok.last()) {
        let (lo, hi) = ok
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
        let r = Num::round2;
        let _ = write!(
            s,
            ": {} → {} ms (min {}, max {})",
            r(*first),
            r(*last),
            r(lo),
            r(hi)
        );
    }
    if failed > 0 {
        let _ = write!(s, ", {failed} failed");
    }
    s
}

fn named(s: &Snapshot, name: Option<&str>) -> String {
    match name {
        Some(n) => match s.channel(n) {
            Some(c) => format!(
                "<strong>{}</strong> <span class=\"word {}\">{}</span>",
                e(n),
                health_class(c.eval.health),
                c.eval.health
            ),
            None => format!("<strong>{}</strong>", e(n)),
        },
        None => "<span class=\"word h-offline\">none</span> (no core channel)".to_string(),
    }
}

pub(super) fn routing(out: &mut String, s: &Snapshot) {
    let r = &s.routing;
    let _ = write!(
        out,
        "<section class=\"box\" aria-labelledby=\"routing\">\n<h2 id=\"routing\">Routing \
         <small>({} mode)</small></h2>\n<dl class=\"rows\">",
        r.mode
    );
    fact(out, "primary", &named(s, r.recommended_primary.as_deref()));
    let mut fb = named(s, r.recommended_fallback.as_deref());
    if let Some(why) = &r.fallback_reason {
        let _ = write!(fb, " — {}", e(why));
    }
    fact(out, "fallback", &fb);
    let healthy = if r.fallback_channels.is_empty() {
        "none".to_string()
    } else {
        r.fallback_channels
            .iter()
            .map(|n| e(n).into_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    fact(out, "healthy besides primary", &healthy);
    fact(out, "why", &e(&r.reason));
    fact(out, "runner-up", &runner_up(s));
    out.push_str("</dl>\n</section>\n");
}

/// The core channel that would be primary next, and why it is not now.
fn runner_up(s: &Snapshot) -> String {
    let Some(primary) = s
        .routing
        .recommended_primary
        .as_deref()
        .and_then(|p| s.channel(p))
    else {
        return "none".into();
    };
    let mut core: Vec<&ChannelEval> = s
        .channels
        .iter()
        .map(|c| &c.eval)
        .filter(|c| !c.input.optional && c.name() != primary.name())
        .collect();
    if s.routing.mode == RoutingMode::Monitoring {
        core.sort_by(|a, b| rule_order(a, b));
    }
    let Some(next) = core.first() else {
        return "none (the primary is the only core channel)".into();
    };
    let p = &primary.eval;
    let why = if s.routing.mode == RoutingMode::Static {
        "next in the preference order".to_string()
    } else if next.routing_priority != p.routing_priority {
        format!(
            "priority {} behind {} ({})",
            next.routing_priority,
            p.routing_priority,
            e(p.name())
        )
    } else {
        format!(
            "same priority {}, slower: {} vs {} ms",
            next.routing_priority, next.input.mean_latency_ms, p.input.mean_latency_ms
        )
    };
    format!(
        "<strong>{}</strong> <span class=\"word {}\">{}</span> — {why}",
        e(next.name()),
        health_class(next.health),
        next.health
    )
}

pub(super) fn recovery(out: &mut String, s: &Snapshot) {
    let rec = &s.recovery;
    out.push_str(
        "<section class=\"box\" aria-labelledby=\"recovery\">\n<h2 id=\"recovery\">Recovery</h2>\n<dl class=\"rows\">",
    );
    let verdict = if rec.should_trigger {
        "<span class=\"word h-offline\">NEEDED</span>"
    } else {
        "<span class=\"word h-excellent\">not needed</span>"
    };
    fact(out, "should trigger", verdict);
    if rec.should_trigger {
        fact(out, "reason", &e(&rec.reason));
        let actions = rec
            .recommended_actions
            .iter()
            .map(|a| format!("<code>{}</code>", e(a)))
            .collect::<Vec<_>>()
            .join(", ");
        fact(out, "recommended actions", &actions);
    }
    if let Some(x) = &s.executor {
        executor_facts(out, x);
    }
    out.push_str("</dl>\n");
    if let Some(x) = s.executor.as_deref().filter(|x| !x.channels.is_empty()) {
        executor_table(out, x);
    }
    out.push_str("</section>\n");
}

fn executor_facts(out: &mut String, x: &ExecutorView) {
    let mode = match (x.auto, x.dry_run) {
        (true, true) => "automatic, dry run (decides, runs nothing)",
        (true, false) => "automatic",
        (false, true) => "manual, dry run",
        (false, false) => "manual (runs only when asked)",
    };
    fact(out, "executor", mode);
    if let Some(why) = &x.read_only {
        fact(out, "read-only", &e(why));
    }
    if let Some(problem) = &x.problem {
        fact(
            out,
            "problem",
            &format!("<span class=\"word h-offline\">{}</span>", e(problem)),
        );
    }
    let pct = x
        .success_rate
        .map_or("-".into(), |v| format!("{}%", Num::round2(v)));
    fact(out, "success rate", &pct);
    let mttr = x
        .mttr_s
        .map_or("-".into(), |v| format!("{} s", Num::round2(v)));
    fact(out, "mean time to recovery", &mttr);
}

fn executor_table(out: &mut String, x: &ExecutorView) {
    out.push_str(
        "<div class=\"scroll\"><table>\n<caption>Executor state per channel</caption>\n\
         <thead><tr><th scope=\"col\">channel</th><th scope=\"col\">state</th>\
         <th scope=\"col\">failures</th><th scope=\"col\">actions</th>\
         <th scope=\"col\">running</th></tr></thead>\n<tbody>\n",
    );
    for c in &x.channels {
        let running = c
            .running
            .as_ref()
            .map(|(a, since)| format!("{} since {}", e(a), crate::snapshot::rfc3339_ms(*since)))
            .unwrap_or_else(|| "-".into());
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{running}</td></tr>",
            e(&c.name),
            c.state,
            c.failures,
            e(&c.actions.join(", "))
        );
    }
    out.push_str("</tbody>\n</table></div>\n");
}

pub(super) fn chart(out: &mut String, p: &Page) {
    let n = p.series.len();
    let shown = n.min(chart::MAX_SERIES);
    out.push_str(
        "<section aria-labelledby=\"latency\">\n<h2 id=\"latency\">Latency</h2>\n<figure>\n",
    );
    let label = format!(
        "Latency chart: {} for {shown} channel{}",
        p.series_kind,
        if shown == 1 { "" } else { "s" }
    );
    let _ = write!(
        out,
        "<div class=\"scroll\">{}</div>\n<figcaption>\n<ul class=\"legend\">",
        chart::latency_chart(&p.series, p.tz, &e(&label))
    );
    for (i, s) in p.series.iter().take(shown).enumerate() {
        let _ = write!(
            out,
            "<li><svg class=\"key\" viewBox=\"0 0 32 10\" aria-hidden=\"true\">\
             <line class=\"line s{}\"{} x1=\"1\" y1=\"5\" x2=\"31\" y2=\"5\"/></svg>{}</li>",
            i % 8,
            chart::dash_attr(i),
            e(&s.name)
        );
    }
    out.push_str("</ul>\n<p>");
    let _ = write!(out, "{}", e(&p.series_kind));
    if p.tz.is_empty() {
        out.push_str("; times as the source wrote them");
    }
    if n > shown {
        let _ = write!(out, "; showing the first {shown} of {n} channels");
    }
    let failed = p
        .series
        .iter()
        .take(shown)
        .any(|s| s.points.iter().any(|(_, v)| v.is_none()));
    if failed {
        out.push_str("; ▲ on the time axis marks a failed probe");
    }
    out.push_str(".</p>\n</figcaption>\n</figure>\n</section>\n");
}

pub(super) fn history(out: &mut String, p: &Page) {
    out.push_str(
        "<section aria-labelledby=\"automation\">\n<h2 id=\"automation\">Automation history</h2>\n",
    );
    if p.history.is_empty() {
        let why = match &p.audit_path {
            Some(path) => format!("No recovery events in the audit log ({}).", e(path)),
            None => "No audit log: nothing has been automated from this state directory.".into(),
        };
        let _ = writeln!(out, "<p>{why}</p>\n</section>");
        return;
    }
    let from = p
        .audit_path
        .as_deref()
        .map(|x| format!(" — from {}", e(x)))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<div class=\"scroll\"><table>\n<caption>Recent recovery events, newest first{from}</caption>\n\
         <thead><tr><th scope=\"col\">time (UTC)</th><th scope=\"col\">channel</th>\
         <th scope=\"col\">what happened</th><th scope=\"col\">result</th></tr></thead>\n<tbody>\n"
    );
    for r in p.history.iter().rev() {
        let result = match (r.ok, r.dry_run) {
            (true, false) => "<span class=\"word h-excellent\">ok</span>",
            (false, false) => "<span class=\"word h-offline\">failed</span>",
            (true, true) => "<span class=\"word h-good\">ok (dry run)</span>",
            (false, true) => "<span class=\"word h-poor\">failed (dry run)</span>",
        };
        let channel = if r.channel.is_empty() {
            "all"
        } else {
            &r.channel
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><th scope=\"row\">{}</th><td>{}</td><td>{result}</td></tr>",
            crate::snapshot::rfc3339_ms(r.at_ms),
            e(channel),
            e(&r.text())
        );
    }
    out.push_str("</tbody>\n</table></div>\n</section>\n");
}
