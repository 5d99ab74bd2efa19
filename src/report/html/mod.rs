//! `--export-html`: the dashboard as one self-contained HTML file — inline CSS and SVG,
//! no script, no font, no network reference — readable on a phone, in print, in light
//! and dark. Every string from outside goes through [`escape::escape`]; health is always
//! written as a word as well as a colour. See docs/dashboard.md.

pub mod chart;
pub mod escape;
mod sections;

use std::fmt::Write;

pub use chart::Series;
pub use escape::escape;

use crate::snapshot::{RecoveryRecord, Snapshot};

const CSS: &str = include_str!("dashboard.css");

/// Everything one page shows. [`Page::new`] fills it from a snapshot; callers with more
/// (the audit log of a metrics-file run, a history database) replace the fields.
#[derive(Debug, Clone)]
pub struct Page<'a> {
    pub snap: &'a Snapshot,
    /// When the page was made (RFC 3339); tests pass a fixed one.
    pub generated: String,
    /// Automation history, newest last (the audit log's recent records).
    pub history: Vec<RecoveryRecord>,
    /// Where that history was read from, or `None` when there is no audit log.
    pub audit_path: Option<String>,
    /// The latency chart's input, one series per channel.
    pub series: Vec<Series>,
    /// What the series are, for the caption ("24 hourly means", "probes in the window").
    pub series_kind: String,
    /// The clock of the series' times: `UTC`, or empty when a file wrote local times.
    pub tz: &'static str,
    /// Served pages reload themselves this often (`--serve`'s `/dashboard`); an exported
    /// file does not.
    pub refresh_s: Option<u64>,
}

impl<'a> Page<'a> {
    /// A page from the snapshot alone: history from its executor view (if any), series
    /// from its window (live, replay) or hourly means (metrics files).
    pub fn new(snap: &'a Snapshot, generated: String) -> Page<'a> {
        let (series, series_kind, tz) = series_of(snap);
        let (history, audit_path) = match &snap.executor {
            Some(e) => (e.recent.clone(), e.audit_path.clone()),
            None => (Vec::new(), None),
        };
        Page {
            snap,
            generated,
            history,
            audit_path,
            series,
            series_kind,
            tz,
            refresh_s: None,
        }
    }
}

/// Per-channel latency series from what the snapshot carries: the window's probes with
/// their times, else the metrics file's hourly means ending at the file's timestamp.
fn series_of(snap: &Snapshot) -> (Vec<Series>, String, &'static str) {
    let probes = snap.channels.iter().any(|c| {
        !c.details.recent_latency_ms.is_empty()
            && c.details.recent_at_ms.len() == c.details.recent_latency_ms.len()
    });
    if probes {
        let series = snap
            .channels
            .iter()
            .map(|c| Series {
                name: c.name().to_string(),
                points: c
                    .details
                    .recent_at_ms
                    .iter()
                    .copied()
                    .zip(c.details.recent_latency_ms.iter().copied())
                    .collect(),
            })
            .collect();
        return (series, "probes in the window".into(), "UTC");
    }
    let (end, tz) = match crate::snapshot::parse_rfc3339_ms(&snap.timestamp) {
        Some(ms) => (ms, "UTC"),
        // The seed monitor writes local times without an offset: label them as written.
        None => (naive_ms(&snap.timestamp).unwrap_or(0), ""),
    };
    let hours = snap
        .channels
        .iter()
        .map(|c| c.details.hourly_latency_ms.len())
        .max()
        .unwrap_or(0);
    let series = snap
        .channels
        .iter()
        .filter(|c| !c.details.hourly_latency_ms.is_empty())
        .map(|c| {
            let n = c.details.hourly_latency_ms.len() as i64;
            let points = c
                .details
                .hourly_latency_ms
                .iter()
                .enumerate()
                .map(|(i, v)| (end - (n - 1 - i as i64) * 3_600_000, Some(*v)))
                .collect();
            Series {
                name: c.name().to_string(),
                points,
            }
        })
        .collect();
    (series, format!("{hours} hourly means"), tz)
}

/// A timestamp without an offset (`2025-10-29T20:15:06`) read as if it were UTC, so its
/// clock labels come out as written.
fn naive_ms(s: &str) -> Option<i64> {
    let dt: jiff::civil::DateTime = s.parse().ok()?;
    crate::snapshot::parse_rfc3339_ms(&format!("{dt}Z"))
}

/// The whole page.
pub fn render(p: &Page) -> String {
    let s = p.snap;
    let mut out = String::with_capacity(32 * 1024 + s.channels.len() * 1500);
    let status = s.status.as_str();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <meta name=\"generator\" content=\"switchboard {}\">\n{}\
         <title>{status} · switchboard dashboard</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        p.refresh_s
            .map(|s| format!("<meta http-equiv=\"refresh\" content=\"{s}\">\n"))
            .unwrap_or_default()
    );
    sections::header(&mut out, p);
    out.push_str("<main>\n");
    sections::channels(&mut out, p);
    out.push_str("<div class=\"boxes\">\n");
    sections::routing(&mut out, s);
    sections::recovery(&mut out, s);
    out.push_str("</div>\n");
    sections::chart(&mut out, p);
    sections::history(&mut out, p);
    out.push_str("</main>\n");
    let _ = write!(
        out,
        "<footer><p>switchboard {} · one self-contained file: no script, no external \
         resource · generated {}</p></footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        escape(&p.generated)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Snapshot {
        crate::app::example_snapshot()
    }

    #[test]
    fn hourly_means_end_at_the_file_time() {
        let snap = example();
        let (series, kind, tz) = series_of(&snap);
        assert!(!series.is_empty(), "the example carries hourly latency");
        let last = series[0].points.last().expect("points").0;
        let end = match tz {
            "UTC" => crate::snapshot::parse_rfc3339_ms(&snap.timestamp),
            _ => naive_ms(&snap.timestamp),
        };
        assert_eq!(Some(last), end);
        assert!(kind.ends_with("hourly means"), "{kind}");
    }

    #[test]
    fn a_page_is_self_contained() {
        let snap = example();
        let html = render(&Page::new(&snap, "2026-01-01T00:00:00Z".into()));
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<html lang=\"en\">"));
        for banned in ["http://", "https://", "<script", "<link", "@import", "url("] {
            assert!(!html.contains(banned), "{banned}");
        }
    }
}
