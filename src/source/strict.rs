//! Serde helpers that make typed parsing strict where derive is lenient:
//! derived structs also accept JSON arrays (`[1,2]` as a struct), which would let a
//! non-object channel pass silently with every metric defaulted.

use std::fmt;

use serde::de::{Deserialize, Deserializer, Visitor};

/// A struct that must be written as a JSON object.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Obj<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(MapOnly(d)).map(Obj)
    }
}

/// Forwards to the inner deserializer but turns struct requests into map requests.
struct MapOnly<D>(D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for MapOnly<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(v)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(v)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

/// Largest nesting the metrics format needs is about 5; past this the input is absurd.
pub const MAX_DEPTH: usize = 128;

/// Finds the first place where arrays/objects nest deeper than `MAX_DEPTH`
/// (serde_json skips unknown values without a depth limit). Returns 1-based line:col.
pub fn too_deep(text: &str) -> Option<(usize, usize)> {
    let (mut depth, mut in_str, mut escaped) = (0usize, false, false);
    let (mut line, mut line_start) = (1usize, 0usize);
    for (i, b) in text.bytes().enumerate() {
        if in_str {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    let column = text[line_start..i].chars().count() + 1;
                    return Some((line, column));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
    }
    None
}

impl<T: fmt::Display> fmt::Display for Obj<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(expecting = "an object")]
    struct S {
        #[allow(dead_code)]
        a: Option<u8>,
    }

    #[test]
    fn obj_rejects_arrays_accepts_objects() {
        assert!(serde_json::from_str::<Obj<S>>(r#"{"a":1}"#).is_ok());
        let e = serde_json::from_str::<Obj<S>>("[1]")
            .unwrap_err()
            .to_string();
        assert!(e.contains("expected an object"), "{e}");
    }

    #[test]
    fn depth_scan_ignores_brackets_in_strings() {
        assert_eq!(too_deep(r#"{"a":"[[[[[["}"#), None);
        let deep = format!("{{\n \"x\": {}", "[".repeat(200));
        assert_eq!(too_deep(&deep), Some((2, 7 + MAX_DEPTH - 1)));
    }
}
