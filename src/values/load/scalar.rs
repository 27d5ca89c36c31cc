//! One scalar as go-yaml v2 decodes it into `interface{}`, then as sigs.k8s.io/yaml and
//! `encoding/json` turn it into a value or a map key.

use crate::gofmt::format_float32_v;
use crate::values::Value;
use crate::yaml::resolve::{Resolved, resolve_tagged};

/// `tag:yaml.org,2002:binary`: base64 text decoded to a string.
pub(super) const BINARY_TAG: &str = "tag:yaml.org,2002:binary";
/// `tag:yaml.org,2002:merge`: an explicitly tagged `<<` merge key.
pub(super) const MERGE_TAG: &str = "tag:yaml.org,2002:merge";

/// The Go value go-yaml v2 produces for a scalar decoded into `interface{}`.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum GoScalar {
    Null,
    Bool(bool),
    /// Go `int` (64-bit).
    Int(i64),
    /// Go `uint64`: integers above `i64::MAX`.
    Uint(u64),
    Float(f64),
    Str(String),
}

/// Decodes a scalar (go-yaml v2 `decoder.scalar` into `interface{}`).
///
/// `tag` is the long form (`tag:yaml.org,2002:int`, `!foo`, `!`) or empty; `implicit` is
/// libyaml's "plain implicit" flag (a plain scalar without tag, or with the `!` tag).
/// Untagged quoted and block scalars are strings; everything else goes through go-yaml's
/// resolver, and timestamps stay strings.
///
/// # Errors
/// go-yaml's messages: ``cannot decode !!str `abc` as a !!int`` for a tag that does not
/// fit, `!!binary value contains invalid base64 data`.
pub(super) fn decode_scalar(value: &str, tag: &str, implicit: bool) -> Result<GoScalar, String> {
    if tag.is_empty() && !implicit {
        return Ok(GoScalar::Str(value.to_string()));
    }
    if tag == BINARY_TAG {
        let bytes = base64_std_decode(value)
            .ok_or_else(|| "!!binary value contains invalid base64 data".to_string())?;
        return Ok(GoScalar::Str(go_json_string(&bytes)));
    }
    let resolved = resolve_tagged(tag, value).map_err(|e| shorten_quoted(&e.0, value))?;
    Ok(match resolved {
        Resolved::Null => GoScalar::Null,
        Resolved::Bool(b) => GoScalar::Bool(b),
        Resolved::Int(i) => GoScalar::Int(i),
        Resolved::Uint(u) => GoScalar::Uint(u),
        Resolved::Float(f) => GoScalar::Float(f),
        Resolved::Timestamp | Resolved::Merge | Resolved::Str => GoScalar::Str(value.to_string()),
    })
}

impl GoScalar {
    /// The value after the JSON round trip: numbers become float64. Infinities and NaN
    /// have no JSON form: `Err` holds `encoding/json`'s message for them.
    pub(super) fn into_value(self) -> Result<Value, String> {
        Ok(match self {
            GoScalar::Null => Value::Null,
            GoScalar::Bool(b) => Value::Bool(b),
            GoScalar::Int(i) => Value::Float(i as f64),
            GoScalar::Uint(u) => Value::Float(u as f64),
            GoScalar::Float(f) if f.is_nan() => return Err("json: unsupported value: NaN".into()),
            GoScalar::Float(f) if f.is_infinite() => {
                let sign = if f > 0.0 { "+" } else { "-" };
                return Err(format!("json: unsupported value: {sign}Inf"));
            }
            GoScalar::Float(f) => Value::Float(f),
            GoScalar::Str(s) => Value::Str(s),
        })
    }

    /// The map key sigs.k8s.io/yaml makes of this scalar (`convertToJSONableObject`):
    /// strings as they are, ints in decimal, floats as Go's `%g` of a float32 (`.inf`,
    /// `-.inf`, `.nan` for the specials), booleans `true`/`false`.
    ///
    /// # Errors
    /// Null and uint64 keys have no string form (`unsupported map key of type ...`).
    pub(super) fn into_key(self) -> Result<String, String> {
        Ok(match self {
            GoScalar::Str(s) => s,
            GoScalar::Int(i) => i.to_string(),
            GoScalar::Bool(b) => b.to_string(),
            GoScalar::Float(f) => match format_float32_v(f).as_str() {
                "+Inf" => ".inf".to_string(),
                "-Inf" => "-.inf".to_string(),
                "NaN" => ".nan".to_string(),
                s => s.to_string(),
            },
            GoScalar::Uint(u) => {
                return Err(format!(
                    "unsupported map key of type uint64 ({u} is too big for an int64 key; \
                     quote it to make it a string)"
                ));
            }
            GoScalar::Null => {
                return Err(
                    "unsupported map key: null (quote it, e.g. \"~\", to make it a \
                            string key)"
                        .to_string(),
                );
            }
        })
    }
}

/// go-yaml quotes the whole scalar in its tag errors; keep at most its first line and
/// 40 characters so an error never shows more than the place it points at.
fn shorten_quoted(message: &str, value: &str) -> String {
    let first_line = value.lines().next().unwrap_or("");
    let mut short: String = first_line.chars().take(40).collect();
    if short.len() == value.len() {
        return message.to_string();
    }
    short.push('…');
    message.replacen(&format!("`{value}`"), &format!("`{short}`"), 1)
}

/// Go's `base64.StdEncoding.DecodeString`: standard alphabet, `=` padding required, `\r`
/// and `\n` ignored anywhere.
fn base64_std_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut quad = [0u8; 4];
    let mut n = 0;
    let mut pad = 0;
    for &b in s.as_bytes() {
        if b == b'\r' || b == b'\n' {
            continue;
        }
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                // Padding: only in the last two places of a quad, and nothing after.
                if n < 2 {
                    return None;
                }
                pad += 1;
                quad[n] = 0;
                n += 1;
                if n == 4 {
                    out.push((quad[0] << 2) | (quad[1] >> 4));
                    if pad == 1 {
                        out.push((quad[1] << 4) | (quad[2] >> 2));
                    }
                    n = 0;
                }
                continue;
            }
            _ => return None,
        };
        if pad > 0 {
            return None;
        }
        quad[n] = v;
        n += 1;
        if n == 4 {
            out.push((quad[0] << 2) | (quad[1] >> 4));
            out.push((quad[1] << 4) | (quad[2] >> 2));
            out.push((quad[2] << 6) | quad[3]);
            n = 0;
        }
    }
    if n != 0 {
        return None;
    }
    Some(out)
}

/// The string `encoding/json` writes for Go bytes: each byte that does not start a valid
/// UTF-8 sequence becomes U+FFFD on its own.
fn go_json_string(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                // The prefix is valid by construction.
                out.push_str(std::str::from_utf8(&rest[..valid]).unwrap_or_default());
                out.push('\u{FFFD}');
                rest = &rest[valid + 1..];
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_like_go() {
        assert_eq!(base64_std_decode("aGVsbG8="), Some(b"hello".to_vec()));
        assert_eq!(base64_std_decode("aGVs\r\nbG8h"), Some(b"hello!".to_vec()));
        assert_eq!(base64_std_decode("aGk="), Some(b"hi".to_vec()));
        assert_eq!(base64_std_decode("aA=="), Some(b"h".to_vec()));
        assert_eq!(base64_std_decode(""), Some(vec![]));
        assert_eq!(base64_std_decode("aGk"), None);
        assert_eq!(base64_std_decode("a==="), None);
        assert_eq!(base64_std_decode("aA==aA=="), None);
        assert_eq!(base64_std_decode("a b="), None);
    }

    #[test]
    fn invalid_utf8_bytes_become_replacement_chars() {
        assert_eq!(go_json_string(b"a\xff\xfeb"), "a\u{FFFD}\u{FFFD}b");
        assert_eq!(go_json_string(b"\xe2\x82"), "\u{FFFD}\u{FFFD}");
        assert_eq!(go_json_string("é".as_bytes()), "é");
    }

    #[test]
    fn tag_errors_quote_little() {
        let long = "x".repeat(100);
        let e = decode_scalar(&long, "tag:yaml.org,2002:int", false).unwrap_err();
        assert_eq!(
            e,
            format!("cannot decode !!str `{}…` as a !!int", "x".repeat(40))
        );
        let e = decode_scalar("a\nsecret", "tag:yaml.org,2002:int", false).unwrap_err();
        assert_eq!(e, "cannot decode !!str `a…` as a !!int");
        let e = decode_scalar("abc", "tag:yaml.org,2002:int", false).unwrap_err();
        assert_eq!(e, "cannot decode !!str `abc` as a !!int");
    }

    #[test]
    fn keys() {
        let k = |s: GoScalar| s.into_key();
        assert_eq!(k(GoScalar::Bool(false)), Ok("false".into()));
        assert_eq!(k(GoScalar::Int(-3)), Ok("-3".into()));
        assert_eq!(k(GoScalar::Float(1.5)), Ok("1.5".into()));
        assert_eq!(k(GoScalar::Float(12345678.0)), Ok("1.2345678e+07".into()));
        assert_eq!(k(GoScalar::Float(0.1)), Ok("0.1".into()));
        assert_eq!(k(GoScalar::Float(f64::INFINITY)), Ok(".inf".into()));
        assert_eq!(k(GoScalar::Float(f64::NEG_INFINITY)), Ok("-.inf".into()));
        assert_eq!(k(GoScalar::Float(f64::NAN)), Ok(".nan".into()));
        assert!(k(GoScalar::Null).is_err());
        assert!(k(GoScalar::Uint(u64::MAX)).is_err());
    }
}
