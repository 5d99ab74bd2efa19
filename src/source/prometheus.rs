//! `probe = "prometheus"`: a channel watched through an existing Prometheus instead of
//! probed directly — the way to follow a fleet that one machine cannot probe, or a
//! channel whose latency only its own metrics know. Each probe is one instant query
//! (`GET {url}/api/v1/query`); its single value is the channel's latency in
//! milliseconds. No data, more than one series, a value that is not a number, or an
//! error from Prometheus is a failed probe with that reason, so availability is the share
//! of scrapes where the query had an answer (docs/config.md).

use futures_util::future::BoxFuture;
use serde::Deserialize;

use super::probe::{fetch, Probe, ProbeOutcome};

pub(super) struct PromProbe {
    pub client: reqwest::Client,
    pub base_url: String,
    pub query: String,
    pub api_key_env: Option<String>,
}

impl Probe for PromProbe {
    fn run(&self, _at_ms: i64) -> BoxFuture<'_, ProbeOutcome> {
        Box::pin(self.query())
    }
}

impl PromProbe {
    async fn query(&self) -> ProbeOutcome {
        let url = match reqwest::Url::parse_with_params(
            &format!("{}/api/v1/query", self.base_url),
            [("query", self.query.as_str())],
        ) {
            Ok(u) => u,
            Err(e) => return ProbeOutcome::failed(0.0, format!("bad URL: {e}")),
        };
        let f = match fetch(&self.client, url, self.api_key_env.as_deref()).await {
            Ok(f) => f,
            Err(outcome) => return outcome,
        };
        let mut outcome = match value(&f.body) {
            Ok(v) => ProbeOutcome::ok(v, None),
            Err(why) if f.status.is_success() => ProbeOutcome::failed(f.latency_ms, why),
            Err(why) => ProbeOutcome::failed(
                f.latency_ms,
                format!("Prometheus answered HTTP {}: {why}", f.status),
            ),
        };
        outcome.status = Some(f.status.as_u16());
        outcome
    }
}

#[derive(Deserialize)]
struct Answer {
    status: String,
    #[serde(default)]
    data: Option<Data>,
    #[serde(default)]
    error: Option<String>,
}

#[derive(Deserialize)]
#[serde(tag = "resultType", content = "result", rename_all = "lowercase")]
enum Data {
    Vector(Vec<Sample>),
    Scalar((f64, String)),
    // Only told apart, to say that a range query is not what a probe wants.
    Matrix(#[allow(dead_code)] serde::de::IgnoredAny),
    String(#[allow(dead_code)] serde::de::IgnoredAny),
}

#[derive(Deserialize)]
struct Sample {
    value: (f64, String),
}

/// The one value of a query answer, in ms, or why there is none.
fn value(body: &[u8]) -> Result<f64, String> {
    let a: Answer = serde_json::from_slice(body)
        .map_err(|_| "the answer is not Prometheus's query API JSON".to_string())?;
    if a.status != "success" {
        let why = a.error.unwrap_or_else(|| a.status.clone());
        return Err(format!(
            "query failed: {}",
            crate::base::sanitize::clean(&cut(&why))
        ));
    }
    let text = match a.data {
        Some(Data::Scalar((_, v))) => v,
        Some(Data::Vector(mut samples)) => match samples.len() {
            0 => return Err("the query returned no data".into()),
            1 => samples.swap_remove(0).value.1,
            n => {
                return Err(format!(
                    "the query returned {n} series; aggregate it to one (avg, max, …)"
                ))
            }
        },
        Some(_) => return Err("the query must return an instant vector or a scalar".into()),
        None => return Err("the answer has no data".into()),
    };
    let v: f64 = text
        .parse()
        .map_err(|_| format!("the query returned {:?}, not a number", cut(&text)))?;
    if !v.is_finite() || v < 0.0 {
        return Err(format!("the query returned {v} (no traffic to measure?)"));
    }
    // Bounded like every latency read (a metrics file, a replay): 1e308 ms printed as
    // `inf ms` once summed, in /metrics and history too.
    let (_, max) = crate::config::limits::LATENCY_MS;
    if v > max {
        return Err(format!(
            "the query returned {v} ms, beyond the {max:e} ms any latency may be"
        ));
    }
    Ok(v)
}

fn cut(s: &str) -> String {
    s.chars().take(160).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(json: &str) -> Result<f64, String> {
        value(json.as_bytes())
    }

    #[test]
    fn one_sample_or_a_scalar_is_the_latency() {
        let one = r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1764000000.1,"231.5"]}]}}"#;
        assert_eq!(v(one), Ok(231.5));
        let scalar =
            r#"{"status":"success","data":{"resultType":"scalar","result":[1764000000,"12"]}}"#;
        assert_eq!(v(scalar), Ok(12.0));
    }

    #[test]
    fn no_answer_is_a_failure_with_its_reason() {
        let empty = r#"{"status":"success","data":{"resultType":"vector","result":[]}}"#;
        assert_eq!(v(empty).unwrap_err(), "the query returned no data");
        let two = r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"1"},"value":[1,"1"]},{"metric":{"a":"2"},"value":[1,"2"]}]}}"#;
        assert!(v(two).unwrap_err().contains("2 series; aggregate"));
        let nan = r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"NaN"]}]}}"#;
        assert!(v(nan).unwrap_err().contains("NaN"));
        let err = r#"{"status":"error","errorType":"bad_data","error":"parse error at char 4: \u001b[31mbad"}"#;
        let e = v(err).unwrap_err();
        assert!(e.starts_with("query failed: parse error"), "{e}");
        assert!(!e.contains('\u{1b}'), "{e:?}");
        for huge in ["1e308", "1.5e9", "+Inf"] {
            let body = format!(
                r#"{{"status":"success","data":{{"resultType":"scalar","result":[1,"{huge}"]}}}}"#
            );
            assert!(v(&body).is_err(), "{huge} accepted");
        }
        let bound = r#"{"status":"success","data":{"resultType":"scalar","result":[1,"1e9"]}}"#;
        assert_eq!(v(bound), Ok(1e9));
        let matrix = r#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#;
        assert!(v(matrix).unwrap_err().contains("instant vector"));
        assert!(v("<html>").unwrap_err().contains("not Prometheus"));
    }
}
