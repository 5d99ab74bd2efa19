//! `probe = "openai"` with a `model` or `check = "completion"`: proves the model, not
//! only the proxy. With LiteLLM up and its backend dead, `/v1/models` still answers 200;
//! a model that must be listed, or a one-token chat completion (`max_tokens = 1`, a few
//! input tokens: the cost of one tiny request per probe, see docs/config.md), fails then.
//! Requests go through `http_call` (64 KiB cap, bounded by the probe's timeout too).

use std::time::Duration;

use super::probe::{BoxFuture, Probe, ProbeOutcome};
use crate::config::api_key;

pub struct OpenAiProbe {
    pub client: reqwest::Client,
    pub base_url: String,
    pub model: Option<String>,
    pub completion: bool,
    pub api_key_env: Option<String>,
    /// The channel's timeout (`run_bounded` bounds the probe as well).
    pub timeout: Duration,
}

impl Probe for OpenAiProbe {
    fn run(&self, _at_ms: i64) -> BoxFuture<'_, ProbeOutcome> {
        Box::pin(self.check())
    }
}

impl OpenAiProbe {
    async fn check(&self) -> ProbeOutcome {
        let key = match self.api_key_env.as_deref().map(api_key).transpose() {
            Ok(k) => k,
            Err(problem) => return ProbeOutcome::failed(0.0, problem),
        };
        let req = match (&self.model, self.completion) {
            (Some(model), true) => self
                .client
                .post(format!("{}/v1/chat/completions", self.base_url))
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(completion_body(model).to_string()),
            _ => self.client.get(format!("{}/v1/models", self.base_url)),
        };
        let req = match &key {
            Some(k) => req.bearer_auth(k),
            None => req,
        };
        let reply = match crate::http_call::send(req, self.timeout).await {
            Ok(r) => r,
            Err(e) => return ProbeOutcome::failed(0.0, e),
        };
        let mut outcome = match self.judge(reply.status, &reply.body, key.as_deref()) {
            Ok(()) => ProbeOutcome::ok(reply.latency_ms, None),
            Err(why) => ProbeOutcome::failed(reply.latency_ms, why),
        };
        outcome.status = Some(reply.status.as_u16());
        outcome
    }

    fn judge(
        &self,
        status: reqwest::StatusCode,
        body: &[u8],
        key: Option<&str>,
    ) -> Result<(), String> {
        if status != reqwest::StatusCode::OK {
            let mut why = format!("HTTP {status} (expected 200 OK)");
            if let Some(said) = super::excerpt::of(body, key) {
                why.push_str(&format!(": {said}"));
            }
            return Err(why);
        }
        match (&self.model, self.completion) {
            (Some(model), true) => completion_ok(body, model),
            (Some(model), false) => model_listed(body, model),
            (None, _) => models_ok(body),
        }
    }
}

/// The smallest chat completion: one short message, one token back.
pub fn completion_body(model: &str) -> serde_json::Value {
    serde_json::json!({
        "model": model,
        "messages": [{"role": "user", "content": "ping"}],
        "max_tokens": 1,
        "stream": false,
    })
}

fn models_ok(body: &[u8]) -> Result<(), String> {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(v) if v.get("data").is_some_and(|d| d.is_array()) => Ok(()),
        _ => Err("response has no \"data\" list (not the expected API?)".into()),
    }
}

fn model_listed(body: &[u8], model: &str) -> Result<(), String> {
    let v: serde_json::Value = serde_json::from_slice(body)
        .map_err(|_| "response is not a JSON model list (cut at 64 KiB?)".to_string())?;
    let data = v
        .get("data")
        .and_then(|d| d.as_array())
        .ok_or("response has no \"data\" list (not the expected API?)")?;
    if data
        .iter()
        .any(|m| m.get("id").and_then(|i| i.as_str()) == Some(model))
    {
        Ok(())
    } else {
        Err(format!("model {model:?} is not listed by /v1/models"))
    }
}

fn completion_ok(body: &[u8], model: &str) -> Result<(), String> {
    let v: serde_json::Value = serde_json::from_slice(body)
        .map_err(|_| format!("completion on {model:?}: the answer is not JSON"))?;
    match v.get("choices").and_then(|c| c.as_array()) {
        Some(c) if !c.is_empty() => Ok(()),
        _ => Err(format!("completion on {model:?}: no choices in the answer")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listed_model_and_an_answer_with_choices_pass() {
        let list = br#"{"object":"list","data":[{"id":"gpt-x"},{"id":"local"}]}"#;
        assert_eq!(model_listed(list, "local"), Ok(()));
        assert_eq!(
            model_listed(list, "gone").unwrap_err(),
            "model \"gone\" is not listed by /v1/models"
        );
        assert!(models_ok(list).is_ok());
        assert!(models_ok(b"{}").is_err());
        let answer = br#"{"choices":[{"message":{"content":"p"}}]}"#;
        assert_eq!(completion_ok(answer, "m"), Ok(()));
        assert!(completion_ok(br#"{"choices":[]}"#, "m").is_err());
        assert_eq!(completion_body("m")["max_tokens"], 1);
    }
}
