//! Reading an input file (or stdin) and turning every way it can be wrong into one
//! clear line that names the file, the place and the problem.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// An input that could not be used. Displayed as `FILE[:LINE:COL]: PROBLEM`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputError {
    pub file: String,
    /// 1-based line and column, when the problem has a place.
    pub position: Option<(usize, usize)>,
    pub problem: String,
}

impl InputError {
    pub fn new(file: &str, problem: impl Into<String>) -> Self {
        InputError {
            file: file.to_string(),
            position: None,
            problem: problem.into(),
        }
    }

    pub fn at(file: &str, line: usize, column: usize, problem: impl Into<String>) -> Self {
        InputError {
            file: file.to_string(),
            position: Some((line, column)),
            problem: problem.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((l, c)) => write!(f, "{}:{}:{}: {}", self.file, l, c, self.problem),
            None => write!(f, "{}: {}", self.file, self.problem),
        }
    }
}

/// A channel name as every source stores it: Unicode NFC. NFC and NFD spellings of one
/// Hangul name render identically; kept apart they were two channels that looked like one
/// (and ChatOps answered about the wrong one). ASCII is returned as is, without a copy.
pub fn canonical_name(name: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    if name.is_ascii() || is_nfc_quick(name.chars()) == IsNormalized::Yes {
        return std::borrow::Cow::Borrowed(name);
    }
    std::borrow::Cow::Owned(name.nfc().collect())
}

/// The name used in messages for a path argument (`-` is stdin).
pub fn display_name(path: &str) -> &str {
    if path == "-" {
        "<stdin>"
    } else {
        path
    }
}

/// Reads the whole input: a path, or stdin for `-`.
pub fn read_input(path: &str) -> Result<Vec<u8>, InputError> {
    let name = display_name(path);
    let mut buf = Vec::new();
    let result = if path == "-" {
        std::io::stdin().lock().read_to_end(&mut buf).map(|_| ())
    } else {
        if Path::new(path).is_dir() {
            return Err(InputError::new(name, "is a directory, not a file"));
        }
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut buf).map(|_| ()))
    };
    result.map_err(|e| InputError::new(name, format!("cannot read: {}", io_reason(&e))))?;
    Ok(buf)
}

/// An io::Error's reason without the trailing "(os error N)".
pub fn io_reason(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Checks the bytes are UTF-8 text and strips a BOM; names UTF-16 and bad bytes precisely.
pub fn utf8_text<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str, InputError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || looks_utf16(bytes) {
        return Err(InputError::new(
            name,
            "is UTF-16 encoded; save it as UTF-8 (with or without BOM)",
        ));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_col(&bytes[..e.valid_up_to()]);
        InputError::at(name, line, column, "invalid UTF-8 byte sequence")
    })
}

/// UTF-16 without a BOM: ASCII text interleaved with NUL bytes.
fn looks_utf16(bytes: &[u8]) -> bool {
    bytes.len() >= 4 && (bytes[..4].iter().filter(|&&b| b == 0).count() == 2)
}

/// 1-based line and column of the position just after `prefix`.
fn line_col(prefix: &[u8]) -> (usize, usize) {
    let line = 1 + prefix.iter().filter(|&&b| b == b'\n').count();
    let line_start = prefix
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = 1 + String::from_utf8_lossy(&prefix[line_start..])
        .chars()
        .count();
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_accepts_plain_utf8() {
        assert_eq!(utf8_text("f", b"\xEF\xBB\xBF{}").unwrap(), "{}");
        assert_eq!(
            utf8_text("f", "{\"a\":\"채널\"}".as_bytes()).unwrap(),
            "{\"a\":\"채널\"}"
        );
    }

    #[test]
    fn names_utf16_and_bad_bytes() {
        let e = utf8_text("f.json", b"\xFF\xFE{\x00}\x00").unwrap_err();
        assert!(e.to_string().contains("UTF-16"), "{e}");
        let e = utf8_text("f.json", b"{\x00\"\x00").unwrap_err();
        assert!(e.to_string().contains("UTF-16"), "{e}");
        let e = utf8_text("f.json", b"{\n  \"a\": \"\xC3\x28\"}").unwrap_err();
        assert_eq!(e.to_string(), "f.json:2:9: invalid UTF-8 byte sequence");
    }

    #[test]
    fn io_reason_drops_os_error_suffix() {
        let e = std::io::Error::from_raw_os_error(2);
        assert_eq!(io_reason(&e), "No such file or directory");
    }
}
