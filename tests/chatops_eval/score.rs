//! The score both ChatOps evaluations keep: rows, right intents, channels and languages,
//! and the two mistakes that must never happen.

#[derive(Debug, Default)]
pub struct Score {
    pub rows: usize,
    pub intent: usize,
    pub channel: usize,
    pub lang: usize,
    /// Rows that are not an order, read as an order (the worst mistake).
    pub misfires: Vec<String>,
    /// Orders read as a different order (pause for resume).
    pub wrong_orders: Vec<String>,
    pub misses: Vec<String>,
}

impl Score {
    pub fn pct(&self, n: usize) -> f64 {
        100.0 * n as f64 / self.rows.max(1) as f64
    }

    pub fn summary(&self, name: &str) -> String {
        format!(
            "{name}: {} rows · intent {:.2}% · channel {:.2}% · language {:.2}% · misfires {} · wrong orders {}",
            self.rows,
            self.pct(self.intent),
            self.pct(self.channel),
            self.pct(self.lang),
            self.misfires.len(),
            self.wrong_orders.len()
        )
    }
}
