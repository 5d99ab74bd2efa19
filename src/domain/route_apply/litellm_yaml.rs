//! Whether a rendered LiteLLM config would load and give the orders meant. A proxy that
//! cannot load its config dies on the reload signal, taking every route with it, so the
//! bytes are checked before they are written: YAML that parses, a `model_list` of
//! deployments each with `litellm_params.model`, and each mapped deployment in the model
//! group with exactly the order switchboard means it to have.

use yaml_rust2::{Yaml, YamlLoader};

/// Checks `text` (a rendered config) against `want`: (deployment id, order) pairs of
/// `group`. The error says what LiteLLM would trip on, in the file's own terms.
pub fn check(text: &str, group: &str, want: &[(String, u32)]) -> Result<(), String> {
    let docs = YamlLoader::load_from_str(text).map_err(|e| format!("not YAML: {e}"))?;
    let [doc] = docs.as_slice() else {
        return Err(format!("{} YAML documents, LiteLLM reads one", docs.len()));
    };
    let list = match &doc["model_list"] {
        Yaml::Array(list) => list,
        Yaml::BadValue => return Err("no model_list".into()),
        _ => return Err("model_list is not a list".into()),
    };
    for (n, m) in list.iter().enumerate() {
        let params = &m["litellm_params"];
        if !matches!(params, Yaml::Hash(_)) || params["model"].as_str().is_none() {
            return Err(format!(
                "model_list entry {} has no litellm_params.model",
                n + 1
            ));
        }
    }
    for (id, order) in want {
        let Some(m) = list
            .iter()
            .find(|m| yaml_text(&m["model_info"]["id"]) == Some(id))
        else {
            return Err(format!("no deployment with model_info.id {id}"));
        };
        if m["model_name"].as_str() != Some(group) {
            return Err(format!("deployment {id} is not in model group {group}"));
        }
        match m["litellm_params"]["order"].as_i64() {
            Some(o) if o == i64::from(*order) => {}
            Some(o) => return Err(format!("deployment {id} has order {o}, not {order}")),
            None => {
                return Err(format!(
                    "deployment {id} has no integer litellm_params.order"
                ))
            }
        }
    }
    Ok(())
}

/// A scalar as text (an id may be written unquoted as a number).
fn yaml_text(y: &Yaml) -> Option<&String> {
    match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "\
model_list:
  - model_name: chat
    litellm_params:
      model: openai/fake
      order: 1
    model_info:
      id: local-vllm
  - model_name: chat
    litellm_params:
      model: openai/fake
      order: 2
    model_info:
      id: cloud-gpt
general_settings: {}
";

    fn want(pairs: &[(&str, u32)]) -> Vec<(String, u32)> {
        pairs.iter().map(|(i, o)| (i.to_string(), *o)).collect()
    }

    #[test]
    fn a_config_that_gives_the_orders_meant_passes() {
        let w = want(&[("local-vllm", 1), ("cloud-gpt", 2)]);
        assert_eq!(check(GOOD, "chat", &w), Ok(()));
    }

    #[test]
    fn what_would_kill_or_mislead_the_proxy_is_named() {
        let w = want(&[("local-vllm", 1), ("cloud-gpt", 2)]);
        let cases = [
            (GOOD.replace("order: 1", "order: [1"), "not YAML"),
            (
                GOOD.replace("model: openai/fake\n      order: 1", "order: 1"),
                "entry 1 has no litellm_params.model",
            ),
            (GOOD.replace("model_list:", "models:"), "no model_list"),
            ("model_list: 3\n".to_string(), "model_list is not a list"),
            (
                GOOD.replace("order: 2", "order: two"),
                "cloud-gpt has no integer",
            ),
            (
                GOOD.replace("order: 2", "order: 3"),
                "cloud-gpt has order 3, not 2",
            ),
            (
                GOOD.replace("id: cloud-gpt", "id: other"),
                "no deployment with model_info.id cloud-gpt",
            ),
            (
                GOOD.replacen("model_name: chat", "model_name: embed", 1),
                "local-vllm is not in model group chat",
            ),
            (format!("{GOOD}---\n{GOOD}"), "2 YAML documents"),
        ];
        for (text, says) in cases {
            let e = check(&text, "chat", &w).expect_err(says);
            assert!(e.contains(says), "{e:?} should say {says:?}");
        }
    }
}
