//! What a team teaches the prompt without a rebuild (`[chatops.phrases]`,
//! `[chatops.aliases]`): checked, then added to the engine's tables.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::super::intent::Intent;
use super::super::matcher::Meaning;
use super::super::normalize::{self, Script};
use super::Engine;

/// Words a team adds without a rebuild (`[chatops.phrases]` / `[chatops.aliases]`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Teach {
    /// Intent id (`recovery.status`, …) → phrases that mean it.
    pub phrases: BTreeMap<String, Vec<String>>,
    /// Channel name → other names for it.
    pub aliases: BTreeMap<String, Vec<String>>,
}

impl From<&crate::config::ChatopsVocabulary> for Teach {
    fn from(v: &crate::config::ChatopsVocabulary) -> Teach {
        Teach {
            phrases: v.phrases.clone(),
            aliases: v.aliases.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TeachError {
    #[error("chatops: phrases given for unknown intent {0:?}")]
    UnknownIntent(String),
    #[error("chatops: aliases given for {0:?}, which is not a configured channel")]
    UnknownChannel(String),
    #[error("chatops: phrase {phrase:?} for {intent} has no letters")]
    Empty { intent: String, phrase: String },
    #[error("chatops: phrase {0:?} mixes Hangul and Latin words; teach the parts separately")]
    MixedScript(String),
}

impl Engine {
    pub(super) fn teach(&mut self, teach: &Teach) -> Result<(), TeachError> {
        for (id, phrases) in &teach.phrases {
            let intent = Intent::from_id(id)
                .filter(|i| *i != Intent::Unknown)
                .ok_or_else(|| TeachError::UnknownIntent(id.clone()))?;
            for p in phrases {
                let s = surface(p)?.ok_or_else(|| TeachError::Empty {
                    intent: id.clone(),
                    phrase: p.clone(),
                })?;
                let taught = true;
                self.tables
                    .add(Cow::Owned(s), Meaning::Intent { intent, taught });
            }
        }
        for (name, aliases) in &teach.aliases {
            let i = self
                .channels
                .iter()
                .position(|c| normalize::fold(c) == normalize::fold(name))
                .ok_or_else(|| TeachError::UnknownChannel(name.clone()))?;
            for a in aliases {
                if let Some(s) = surface(a)? {
                    self.tables.add(Cow::Owned(s), Meaning::Channel(i));
                }
            }
        }
        Ok(())
    }
}

/// A phrase or name as the matcher stores it: English words joined by one space, or one
/// space-free run of Hangul (or other letters). `None` when it has no letters at all.
pub(super) fn surface(text: &str) -> Result<Option<String>, TeachError> {
    let prep = normalize::prepare(text);
    let Some(first) = prep.pieces.first() else {
        return Ok(None);
    };
    if prep.pieces.iter().any(|p| p.script != first.script) {
        return Err(TeachError::MixedScript(text.to_string()));
    }
    let sep = if first.script == Script::Latin {
        " "
    } else {
        ""
    };
    let parts: Vec<&str> = prep.pieces.iter().map(|p| p.text.as_str()).collect();
    Ok(Some(parts.join(sep)))
}
