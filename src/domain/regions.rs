//! Regions at a glance (live and replay): per region in `[[channel]] region`, how many
//! channels it has, how many are healthy, and the 95th percentile latency of all its
//! channels' successful probes in the window — what an operator reads before trusting a
//! spill-over, and what `routing.regions` carries in JSON.

use serde::Serialize;

use super::window::percentile;
use super::{Health, Num};

/// One region's summary (`routing.regions[]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionView {
    pub region: String,
    pub channels: u32,
    /// EXCELLENT or GOOD.
    pub healthy: u32,
    /// Over every successful probe of the region's channels in the window; `null` when
    /// none succeeded.
    pub p95_latency_ms: Option<Num>,
}

/// Collects regions in the order their first channel comes.
#[derive(Debug, Default)]
pub struct Regions {
    views: Vec<RegionView>,
    latencies: Vec<Vec<f64>>,
}

impl Regions {
    /// Adds a channel of `region` with its health and its window's successful latencies.
    pub fn add(&mut self, region: &str, health: Health, latencies: impl Iterator<Item = f64>) {
        let i = match self.views.iter().position(|v| v.region == region) {
            Some(i) => i,
            None => {
                self.views.push(RegionView {
                    region: region.to_string(),
                    channels: 0,
                    healthy: 0,
                    p95_latency_ms: None,
                });
                self.latencies.push(Vec::new());
                self.views.len() - 1
            }
        };
        let v = &mut self.views[i];
        v.channels += 1;
        v.healthy += u32::from(health.is_healthy());
        self.latencies[i].extend(latencies);
    }

    /// The summaries, each region's percentile taken.
    pub fn finish(mut self) -> Vec<RegionView> {
        for (v, l) in self.views.iter_mut().zip(&mut self.latencies) {
            v.p95_latency_ms = percentile(l, 0.95).map(Num::round2);
        }
        self.views
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_in_first_seen_order_with_their_pooled_p95() {
        let mut r = Regions::default();
        r.add("ap", Health::Excellent, (1..=10).map(f64::from));
        r.add("us", Health::Offline, std::iter::empty());
        r.add("ap", Health::Degraded, (91..=100).map(f64::from));
        let v = r.finish();
        assert_eq!(v.len(), 2);
        assert_eq!(
            (v[0].region.as_str(), v[0].channels, v[0].healthy),
            ("ap", 2, 1)
        );
        // 20 probes: the 19th smallest is the nearest-rank 95th percentile.
        assert_eq!(v[0].p95_latency_ms, Some(Num::round2(99.0)));
        assert_eq!(
            (v[1].region.as_str(), v[1].channels, v[1].healthy),
            ("us", 1, 0)
        );
        assert_eq!(v[1].p95_latency_ms, None);
    }
}
