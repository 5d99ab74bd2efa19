//! Files written with the order: a `file` target (the template rendered, else a JSON
//! document) and a LiteLLM proxy's config. Written atomically (temp file, fsync, rename)
//! with the old bytes kept, so a failed step puts back exactly what was there.

use std::path::Path;

use super::{ApplyError, Backup};
use crate::domain::route_apply::render;
use crate::report::export::write_atomic;

/// The bytes for `order`: the template rendered, or a JSON document.
pub(super) fn contents(template: Option<&Path>, order: &[String]) -> Result<Vec<u8>, ApplyError> {
    let Some(t) = template else {
        let doc = serde_json::json!({
            "primary": order.first(),
            "fallback": order.get(1).or(order.first()),
            "order": order,
        });
        return Ok(format!("{doc:#}\n").into_bytes());
    };
    let text = std::fs::read_to_string(t)
        .map_err(|e| ApplyError::new(format!("template {}: {e}", t.display())))?;
    render(&text, order)
        .map(String::into_bytes)
        .map_err(|e| ApplyError::new(format!("template {}: {e}", t.display())))
}

/// Writes `order` to `path`, returning the bytes it replaced.
pub(super) fn write(
    path: &Path,
    template: Option<&Path>,
    order: &[String],
) -> Result<Backup, ApplyError> {
    write_bytes(path, contents(template, order)?)
}

/// Writes `new` to `path`, returning the bytes it replaced.
pub(super) fn write_bytes(path: &Path, new: Vec<u8>) -> Result<Backup, ApplyError> {
    let old = match std::fs::read(path) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(ApplyError::new(format!("{}: {e}", path.display()))),
    };
    write_atomic(path, &new).map_err(|e| ApplyError::new(format!("{}: {e}", path.display())))?;
    Ok(Backup::Bytes(old))
}

/// The file holds exactly the bytes for `order`.
pub(super) fn verify(
    path: &Path,
    template: Option<&Path>,
    order: &[String],
) -> (Result<(), ApplyError>, Vec<String>) {
    let want = match contents(template, order) {
        Ok(w) => w,
        Err(e) => return (Err(e), Vec::new()),
    };
    match std::fs::read(path) {
        Ok(have) if have == want => (Ok(()), order.to_vec()),
        Ok(_) => (
            Err(ApplyError::new(format!(
                "{} does not hold the order written",
                path.display()
            ))),
            Vec::new(),
        ),
        Err(e) => (
            Err(ApplyError::new(format!("{}: {e}", path.display()))),
            Vec::new(),
        ),
    }
}

/// Puts back what `write` replaced (removes a file that was not there).
pub(super) fn restore(path: &Path, old: Option<Vec<u8>>) -> Result<(), ApplyError> {
    let done = match old {
        Some(bytes) => write_atomic(path, &bytes),
        None => std::fs::remove_file(path),
    };
    done.map_err(|e| ApplyError::new(format!("restoring {}: {e}", path.display())))
}

/// The order a file target holds now: its JSON document's, or — for a template, which
/// cannot be parsed back — `hint` when the file is exactly `hint` rendered, else unknown.
pub(super) fn read_order(path: &Path, template: Option<&Path>, hint: &[String]) -> Vec<String> {
    let Ok(have) = std::fs::read(path) else {
        return Vec::new();
    };
    if template.is_some() {
        return match contents(template, hint) {
            Ok(want) if want == have => hint.to_vec(),
            _ => Vec::new(),
        };
    }
    serde_json::from_slice::<serde_json::Value>(&have)
        .ok()
        .and_then(|v| {
            v["order"].as_array().map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
        })
        .unwrap_or_default()
}
