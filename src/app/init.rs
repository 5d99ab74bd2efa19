//! `--init-config`: the first step of a new setup. Writes the commented default config
//! where `switchboard` looks for it, creating the directory, and never replaces a file
//! that is already there (an operator's edited config is worth more than a template).

use std::io::Write;
use std::path::PathBuf;

use crate::base::{sanitize, stderr};

/// `$XDG_CONFIG_HOME/switchboard/config.toml`, else `~/.config/switchboard/config.toml`
/// (the path `config::default_path` reads).
pub fn config_location() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("switchboard/config.toml"))
}

pub(super) fn run() -> u8 {
    let Some(path) = config_location() else {
        stderr::eprint_error(
            "--init-config: neither XDG_CONFIG_HOME nor HOME is set; \
             use --print-default-config > PATH instead",
        );
        return crate::base::exit::UNKNOWN;
    };
    let shown = path.display().to_string();
    if path.exists() {
        stderr::eprint_error(&format!(
            "{shown}: already exists, left as it is (edit it, or remove it first)"
        ));
        return crate::base::exit::CANT_WRITE;
    }
    let written = (|| {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        // create_new: a file that appeared since the check above is not replaced either.
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        f.write_all(crate::config::DEFAULT_TOML.as_bytes())?;
        f.sync_all()
    })();
    match written {
        Ok(()) => {
            super::write_stdout(&format!("{}\n", sanitize::clean(&shown)));
            0
        }
        Err(e) => {
            stderr::eprint_error(&format!(
                "{shown}: cannot write: {}",
                crate::base::input::io_reason(&e)
            ));
            crate::base::exit::CANT_WRITE
        }
    }
}
