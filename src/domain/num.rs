//! A number that remembers how it was written, so `100` is printed back as `100`
//! and `99.5` as `99.5` — the seed bridge echoed its inputs verbatim.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};

/// A finite number plus whether it was an integer literal in its source.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num {
    value: f64,
    integer: bool,
}

impl Num {
    /// An integer-valued number, printed without a decimal point.
    pub fn int(v: i64) -> Self {
        Num {
            value: v as f64,
            integer: true,
        }
    }

    /// A float, printed in the shortest form that round-trips.
    pub fn float(v: f64) -> Self {
        Num {
            value: v,
            integer: false,
        }
    }

    /// Rounds to two decimals, the precision the replaced monitor published;
    /// a whole result is written as an integer (`100`, not `100.0`).
    pub fn round2(v: f64) -> Self {
        let r = (v * 100.0).round() / 100.0;
        if r.fract() == 0.0 && r.abs() < MAX_EXACT_INT as f64 {
            Num::int(r as i64)
        } else {
            Num::float(r)
        }
    }

    pub fn get(self) -> f64 {
        self.value
    }
}

impl From<f64> for Num {
    fn from(v: f64) -> Self {
        Num::float(v)
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.integer {
            write!(f, "{}", self.value as i64)
        } else if self.value.fract() == 0.0 && self.value.abs() < 1e15 {
            // Python prints a float that happens to be whole as `100.0`.
            write!(f, "{:.1}", self.value)
        } else {
            write!(f, "{}", self.value)
        }
    }
}

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.integer {
            s.serialize_i64(self.value as i64)
        } else {
            s.serialize_f64(self.value)
        }
    }
}

/// Largest integer that converts to f64 and back without loss.
const MAX_EXACT_INT: u64 = 1 << 53;

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct NumVisitor;
        impl Visitor<'_> for NumVisitor {
            type Value = Num;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Num, E> {
                if v > MAX_EXACT_INT {
                    return Err(E::custom(format!("number {v} is too large")));
                }
                Ok(Num::int(v as i64))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Num, E> {
                if v.unsigned_abs() > MAX_EXACT_INT {
                    return Err(E::custom(format!("number {v} is too large")));
                }
                Ok(Num::int(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Num, E> {
                if !v.is_finite() || v.abs() > MAX_EXACT_INT as f64 {
                    return Err(E::custom(format!("number {v} is out of range")));
                }
                Ok(Num::float(v))
            }
        }
        d.deserialize_any(NumVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_integer_and_float_forms() {
        let n: Num = serde_json::from_str("100").unwrap();
        assert_eq!(serde_json::to_string(&n).unwrap(), "100");
        assert_eq!(n.to_string(), "100");
        let n: Num = serde_json::from_str("99.65").unwrap();
        assert_eq!(serde_json::to_string(&n).unwrap(), "99.65");
        assert_eq!(n.to_string(), "99.65");
        let n: Num = serde_json::from_str("100.0").unwrap();
        assert_eq!(serde_json::to_string(&n).unwrap(), "100.0");
        assert_eq!(n.to_string(), "100.0");
        let n: Num = serde_json::from_str("-3").unwrap();
        assert_eq!(n.to_string(), "-3");
    }

    #[test]
    fn rejects_strings_and_huge_integers() {
        assert!(serde_json::from_str::<Num>("\"99\"").is_err());
        assert!(serde_json::from_str::<Num>("99999999999999999999").is_err());
        assert!(serde_json::from_str::<Num>("1e999").is_err());
        assert!(serde_json::from_str::<Num>("null").is_err());
    }

    #[test]
    fn round2_rounds_half_away() {
        assert_eq!(Num::round2(99.876).get(), 99.88);
        assert_eq!(Num::round2(100.0).to_string(), "100");
        assert_eq!(Num::round2(99.999).to_string(), "100");
    }
}
