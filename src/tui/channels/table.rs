//! The channels pane drawn: one row per channel with health as symbol + word + colour,
//! availability, mean and p95 latency, the next round's forecast (live and replay, with
//! `!` while an anomaly is open and `▲` while a worse health is predicted), trend
//! arrow, a latency sparkline, routing priority (with the optional marker) and the last
//! error. Only the visible rows are
//! drawn, cell by cell: at a hundred rows ratatui's generic `Table` alone cost several
//! times this pane's share of the frame budget.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, StatefulWidget, Widget};
use unicode_width::UnicodeWidthStr;

use super::ChannelsPane;
use crate::domain::Health;
use crate::snapshot::ChannelView;
use crate::tui::ui::ctx::Ctx;
use crate::tui::ui::fmt;
use crate::tui::ui::theme::Theme;

/// The table over the pane's state (selection, sort, filter, scroll offset).
pub struct Table<'a> {
    pub ctx: Ctx<'a>,
    pub compact: bool,
    pub focused: bool,
}

/// A symbol per health, so that meaning survives without colour.
pub fn symbol(h: Health) -> &'static str {
    match h {
        Health::Excellent | Health::Good => "●",
        Health::Degraded => "▲",
        Health::Poor => "▼",
        Health::Offline => "✕",
    }
}

/// The narrowest table that shows the NEXT column.
const NEXT_MIN_WIDTH: u16 = 100;

/// Width of the selection marker before the first column.
const MARKER: u16 = 2;

impl StatefulWidget for Table<'_> {
    type State = ChannelsPane;

    fn render(self, area: Rect, buf: &mut Buffer, pane: &mut ChannelsPane) {
        let t = self.ctx.theme;
        let block = self.block(pane, t);
        let inner = block.inner(area);
        block.render(area, buf);
        let s = self.ctx.snap;
        let waiting = s.live.as_ref().is_some_and(|l| l.rounds == 0);
        if s.channels.is_empty() || waiting || inner.height == 0 {
            let text = if waiting {
                "waiting for the first probe round…"
            } else {
                "no channels in the input"
            };
            pane.rows_area = Rect::default();
            Paragraph::new(Span::styled(text, t.dim())).render(inner, buf);
            return;
        }
        let order = pane.order(s);
        let pos = pane.position(s, &order).unwrap_or(0);
        // The header takes one row.
        let rows = Rect {
            y: inner.y + 1,
            height: inner.height - 1,
            ..inner
        };
        let offset = scroll_offset(pane.offset, pos, rows.height as usize, order.len());
        pane.offset = offset;
        pane.rows_area = rows;
        let longest = s
            .channels
            .iter()
            .map(|c| fmt::safe(c.name()).width())
            .max()
            .unwrap_or(0);
        // The longest latency series: a sparkline wider than its data only adds blanks.
        let points = s
            .channels
            .iter()
            .map(|c| series_len(c) as u16)
            .max()
            .unwrap_or(0);
        let model = s.channels.iter().any(|c| c.details.forecast.is_some());
        let region = super::grouped(s).then(|| {
            let longest = s
                .routing
                .regions
                .iter()
                .map(|r| fmt::safe(&r.region).width());
            longest.max().unwrap_or(0)
        });
        let layout = Columns::fit(inner.width, longest, self.compact, points, model, region)
            .layout(inner.x + MARKER, inner.right());
        for &(col, x, w) in &layout {
            let title = col.title();
            let x = if col.right_aligned() {
                x + w.saturating_sub(title.width() as u16)
            } else {
                x
            };
            buf.set_stringn(x, inner.y, title, w as usize, t.strong());
        }
        let visible = order.iter().skip(offset).take(rows.height as usize);
        let mut above: Option<&str> = None;
        for (k, &i) in visible.enumerate() {
            let y = rows.y + k as u16;
            // A region is named on its first row only: the rows below belong to it.
            let here = s.channels[i].details.region.as_deref();
            let first_of_region = k == 0 || here != above;
            above = here;
            for &(col, x, w) in &layout {
                if matches!(col, Col::Region(_)) && !first_of_region {
                    continue;
                }
                draw_cell(buf, x, y, w, col, &s.channels[i], t);
            }
            if offset + k == pos {
                buf.set_string(inner.x, y, "› ", t.strong());
                buf.set_style(
                    Rect {
                        y,
                        height: 1,
                        ..inner
                    },
                    t.selected(self.focused),
                );
            }
        }
    }
}

impl Table<'_> {
    fn block(&self, c: &ChannelsPane, t: Theme) -> Block<'static> {
        if self.compact {
            return Block::new().borders(Borders::NONE);
        }
        let s = self.ctx.snap;
        let title = if c.filtering || !c.filter.is_empty() {
            // The filter as typed (cleaned: it is input), with a cursor while editing.
            let shown = c.order(s).len();
            format!(
                " Channels ({shown} of {}) /{}{} ",
                s.channels.len(),
                fmt::safe(&c.filter),
                if c.filtering { "▏" } else { "" }
            )
        } else {
            format!(" Channels ({}) ", s.channels.len())
        };
        let sort = format!(" {} · s ", c.sort.label());
        Block::new()
            .borders(Borders::ALL)
            .border_style(t.border(self.focused))
            .title(Span::styled(title, t.title(self.focused)))
            .title(Line::from(Span::styled(sort, t.dim())).right_aligned())
    }
}

/// The first visible row: moves only as far as needed to keep the selection in view.
fn scroll_offset(prev: usize, pos: usize, rows: usize, total: usize) -> usize {
    if rows == 0 {
        return pos;
    }
    let mut off = prev.min(total.saturating_sub(rows));
    if pos < off {
        off = pos;
    } else if pos >= off + rows {
        off = pos + 1 - rows;
    }
    off
}

/// Writes one cell, clipped to `w` columns, right-aligned where the column says so.
fn draw_cell(buf: &mut Buffer, x: u16, y: u16, w: u16, col: Col, c: &ChannelView, t: Theme) {
    let spans = cell(col, c, w as usize, t);
    let total: usize = spans.iter().map(|s| s.width()).sum();
    let mut x = if col.right_aligned() {
        x + w.saturating_sub(total as u16)
    } else {
        x
    };
    let end = x.saturating_add(w);
    for span in spans {
        if x >= end {
            break;
        }
        let (next, _) = buf.set_stringn(x, y, &span.content, (end - x) as usize, span.style);
        x = next;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Name(u16),
    Region(u16),
    Health,
    Avail,
    Mean,
    P95,
    Next,
    Trend,
    Prio,
    Spark(u16),
    Error,
}

impl Col {
    fn width(self) -> u16 {
        match self {
            Col::Name(w) | Col::Region(w) | Col::Spark(w) => w,
            Col::Health => 11,
            Col::Avail => 7,
            Col::Mean | Col::P95 => 6,
            Col::Next => 7,
            Col::Trend => 1,
            Col::Prio => 5,
            Col::Error => 0,
        }
    }

    fn right_aligned(self) -> bool {
        matches!(self, Col::Avail | Col::Mean | Col::P95 | Col::Next)
    }

    fn title(self) -> &'static str {
        match self {
            Col::Name(_) => "CHANNEL",
            Col::Region(_) => "REGION",
            Col::Health => "HEALTH",
            Col::Avail => "AVAIL",
            Col::Mean => "MEAN",
            Col::P95 => "P95",
            Col::Next => "NEXT",
            Col::Trend => "T",
            Col::Prio => "PRIO",
            Col::Spark(w) if w >= 7 => "LATENCY",
            Col::Spark(_) => "",
            Col::Error => "LAST ERROR",
        }
    }
}

/// The columns that fit; narrow screens drop the least needed ones.
struct Columns(Vec<Col>);

impl Columns {
    /// `model`: channels carry a forecast (live and replay), worth a NEXT column;
    /// `region`: the rows are grouped by region, whose longest name is this wide.
    fn fit(
        width: u16,
        longest_name: usize,
        compact: bool,
        points: u16,
        model: bool,
        region: Option<usize>,
    ) -> Columns {
        let name = Col::Name((longest_name as u16).clamp(7, 18));
        let mut cols = if compact {
            vec![name, Col::Health, Col::Avail, Col::Mean, Col::Trend]
        } else {
            vec![
                name,
                Col::Health,
                Col::Avail,
                Col::Mean,
                Col::P95,
                Col::Trend,
                Col::Prio,
            ]
        };
        // Below 100 columns LAST ERROR would shrink to a stub; the forecast is in the
        // detail view there.
        if model && !compact && width >= NEXT_MIN_WIDTH {
            cols.insert(5, Col::Next);
        }
        // Beside the name, where the grouping shows; dropped first on a narrow screen
        // (the order still groups, and the detail view names the region).
        if let Some(longest) = region.filter(|_| !compact && width >= NEXT_MIN_WIDTH) {
            cols.insert(1, Col::Region((longest as u16).clamp(6, 16)));
        }
        // The selection marker, the fixed columns and one space after each.
        let fixed: u16 = MARKER + cols.iter().map(|c| c.width() + 1).sum::<u16>();
        let rest = width.saturating_sub(fixed);
        let spark = match rest {
            _ if compact => rest.min(24),
            0..=11 => rest,
            12..=40 => 12,
            _ => spark_width(rest, points),
        };
        cols.push(Col::Spark(spark));
        if !compact && rest > spark + 4 {
            cols.push(Col::Error);
        }
        Columns(cols)
    }

    /// Each column with its x and width; the error column takes what is left.
    fn layout(&self, mut x: u16, right: u16) -> Vec<(Col, u16, u16)> {
        let mut out = Vec::with_capacity(self.0.len());
        for &col in &self.0 {
            let w = match col {
                Col::Error => right.saturating_sub(x),
                _ => col.width().min(right.saturating_sub(x)),
            };
            out.push((col, x, w));
            x = x.saturating_add(w + 1);
        }
        out
    }
}

fn cell(col: Col, c: &ChannelView, width: usize, t: Theme) -> Vec<Span<'static>> {
    let e = &c.eval;
    let one = |text: String, style: Style| vec![Span::styled(text, style)];
    match col {
        Col::Name(w) => one(fmt::truncate(c.name(), w as usize), Style::new()),
        Col::Region(w) => one(
            fmt::truncate(c.details.region.as_deref().unwrap_or("-"), w as usize),
            t.dim(),
        ),
        // Back from an outage its window still holds: it answers, so it is never
        // shown as down (the rules' word stays in the detail view and the JSON).
        Col::Health if c.details.recovering => one("↺ back".into(), t.health(Health::Degraded)),
        Col::Health => one(
            format!("{} {}", symbol(e.health), e.health),
            t.health(e.health),
        ),
        Col::Avail => one(fmt::pct(e.input.availability), Style::new()),
        // No successful probe in the window: no latency, not the legacy 999.
        Col::Mean if c.details.no_latency => one("-".into(), Style::new()),
        Col::Mean => one(fmt::ms(e.input.mean_latency_ms.get()), Style::new()),
        Col::P95 => one(fmt::ms_opt(c.details.p95_latency_ms), Style::new()),
        Col::Next => next(c, t),
        Col::Trend => one(e.input.trend.arrow().to_string(), t.trend(&e.input.trend)),
        Col::Prio => {
            let opt = if e.input.optional { " opt" } else { "" };
            vec![
                Span::raw(e.routing_priority.to_string()),
                Span::styled(opt, t.dim()),
            ]
        }
        Col::Spark(w) => sparkline(c, w as usize, t).spans,
        Col::Error => match fmt::last_error(c) {
            // A narrow column keeps the server's words; the age is in the detail view.
            Some(e) if width < 30 => one(fmt::truncate(&e.message, width), e.style(t)),
            Some(e) => one(fmt::truncate(&e.text, width), e.style(t)),
            None => Vec::new(),
        },
    }
}

/// The forecast for the next round, marked `!` while an anomaly incident is open and
/// `▲` while the forecast heads for a worse health (the detail view says which, when).
fn next(c: &ChannelView, t: Theme) -> Vec<Span<'static>> {
    let Some(f) = c.details.forecast else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(2);
    if f.anomaly || f.verdict.is_some_and(|v| v.incident) {
        out.push(Span::styled("!", t.health(Health::Degraded)));
    } else if let Some((h, _)) = f.predicted {
        out.push(Span::styled("▲", t.health(h)));
    }
    let text = f.latency_ms.map_or_else(|| "-".to_string(), fmt::ms);
    out.push(Span::raw(text));
    out
}

/// Columns for the sparkline once 24 fit: it grows with the terminal, sharing what is
/// beyond 24 + a 40-column LAST ERROR half and half with the error, up to the data.
fn spark_width(rest: u16, points: u16) -> u16 {
    const BASE: u16 = 24;
    const ERROR_MIN: u16 = 40;
    let extra = rest.saturating_sub(BASE + 1 + ERROR_MIN) / 2;
    (BASE + extra).min(points.max(BASE))
}

/// How many values the sparkline of `c` has to show.
fn series_len(c: &ChannelView) -> usize {
    let d = &c.details;
    if d.recent_latency_ms.is_empty() {
        d.hourly_latency_ms.len()
    } else {
        d.recent_latency_ms.len()
    }
}

/// The window's latencies (live) or the hourly means (files), newest at the right;
/// failed probes are `✕`.
pub fn sparkline(c: &ChannelView, width: usize, t: Theme) -> Line<'static> {
    let d = &c.details;
    let owned: Vec<Option<f64>>;
    let values: &[Option<f64>] = if !d.recent_latency_ms.is_empty() {
        &d.recent_latency_ms
    } else {
        owned = d.hourly_latency_ms.iter().map(|&v| Some(v)).collect();
        &owned
    };
    let tail = &values[values.len().saturating_sub(width)..];
    let (lo, hi) = fmt::range(tail.iter());
    let mut spans = Vec::new();
    let mut run = String::new();
    for v in tail {
        match v {
            Some(v) => run.push(fmt::bar(*v, lo, hi)),
            None => {
                if !run.is_empty() {
                    spans.push(Span::styled(std::mem::take(&mut run), t.bar()));
                }
                spans.push(Span::styled("✕", t.failure()));
            }
        }
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, t.bar()));
    }
    Line::from(spans).style(Style::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spark(cols: &Columns) -> u16 {
        cols.0
            .iter()
            .find_map(|c| match c {
                Col::Spark(w) => Some(*w),
                _ => None,
            })
            .unwrap_or(0)
    }

    #[test]
    fn the_region_column_is_beside_the_name_where_there_is_room() {
        let region = |c: &Columns| c.0.iter().position(|c| matches!(c, Col::Region(_)));
        assert_eq!(
            region(&Columns::fit(120, 7, false, 60, true, Some(9))),
            Some(1)
        );
        assert_eq!(region(&Columns::fit(120, 7, false, 60, true, None)), None);
        assert_eq!(
            region(&Columns::fit(80, 7, false, 60, true, Some(9))),
            None,
            "80"
        );
        assert_eq!(
            region(&Columns::fit(120, 7, true, 60, true, Some(9))),
            None,
            "compact"
        );
    }

    #[test]
    fn the_forecast_column_shows_where_there_is_a_model_and_room() {
        let has_next = |c: &Columns| c.0.contains(&Col::Next);
        assert!(has_next(&Columns::fit(120, 7, false, 60, true, None)));
        assert!(
            !has_next(&Columns::fit(120, 7, false, 60, false, None)),
            "files"
        );
        assert!(
            !has_next(&Columns::fit(80, 7, false, 60, true, None)),
            "80 columns"
        );
        assert!(
            !has_next(&Columns::fit(120, 7, true, 60, true, None)),
            "compact"
        );
    }

    #[test]
    fn the_forecast_cell_marks_an_anomaly_or_a_predicted_health() {
        use crate::snapshot::Forecast;
        let f = crate::source::metrics_file::MetricsFile::parse(
            "t.json",
            br#"{"Channels":{"Gateway":{"Availability":100,"Mean":150}}}"#,
        )
        .expect("parses");
        let mut c = f
            .snapshot(&crate::domain::Policy::default(), "t.json")
            .channels
            .remove(0);
        let t = Theme::new(false);
        let text = |c: &ChannelView| -> String {
            next(c, t).iter().map(|s| s.content.to_string()).collect()
        };
        assert_eq!(text(&c), "", "no model, nothing to show");
        c.details.forecast = Some(Forecast::default());
        assert_eq!(text(&c), "-", "learning");
        c.details.forecast = Some(Forecast {
            latency_ms: Some(182.4),
            predicted: Some((Health::Degraded, 240_000)),
            ..Forecast::default()
        });
        assert_eq!(text(&c), "▲182ms");
        c.details.forecast = Some(Forecast {
            latency_ms: Some(182.4),
            anomaly: true,
            ..Forecast::default()
        });
        assert_eq!(text(&c), "!182ms");
    }

    #[test]
    fn the_sparkline_grows_with_the_width_up_to_its_data() {
        let at = |w: u16, points: u16| spark(&Columns::fit(w, 7, false, points, false, None));
        assert_eq!(at(78, 60), 12);
        assert_eq!(at(100, 60), 24);
        // Wider terminals: more history, and LAST ERROR keeps at least 40 columns.
        assert!(at(160, 60) > 24);
        assert!(at(200, 60) > at(160, 60));
        assert_eq!(at(400, 60), 60, "no wider than the window's samples");
        assert_eq!(at(400, 10), 24, "a short series keeps the usual width");
        let wide = Columns::fit(200, 7, false, 60, false, None).layout(0, 200);
        let err = wide
            .iter()
            .find(|(c, ..)| *c == Col::Error)
            .expect("error column");
        assert!(err.2 >= 40, "{wide:?}");
    }
}
