//! What happens to strings between `json.Marshal` and go-yaml's `Unmarshal` of that JSON.
//!
//! Go's JSON encoder escapes `"`, `\`, controls below U+0020, `<`, `>`, `&`, U+2028 and
//! U+2029, and writes every other character raw. go-yaml then reads each JSON string as
//! a YAML double-quoted scalar, where three raw characters matter:
//!
//! - the YAML reader refuses DEL, the C1 controls other than NEL, U+FFFE and U+FFFF
//!   ("control characters are not allowed");
//! - NEL (U+0085) is a YAML 1.1 line break, so it is folded like a newline in a quoted
//!   scalar (`a<NEL>b` reads as `a b`), and a NEL followed by `---` or `...` and a blank
//!   is a document marker inside the string, a parse error;
//! - a map key is a YAML simple key, which must stay on one line and end at most 1024
//!   characters after its opening quote.

use std::borrow::Cow;

use super::{MAX_JSON_KEY_CHARS, Refused};

const NEL: char = '\u{85}';

/// Characters go-yaml's reader refuses when they appear raw in its input.
fn refused_by_reader(c: char) -> bool {
    matches!(c, '\u{7f}'..='\u{84}' | '\u{86}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
}

/// A string value as go-yaml reads it back from Go's JSON text: unchanged unless it
/// holds a NEL, which gets folded as the double-quoted scalar scanner folds line breaks.
///
/// Errors when the YAML reader refuses a character or a NEL starts a document marker.
pub(super) fn value_string(s: &str) -> Result<Cow<'_, str>, Refused> {
    if s.bytes().all(|b| b < 0x7f) {
        return Ok(Cow::Borrowed(s));
    }
    let mut has_nel = false;
    for c in s.chars() {
        if refused_by_reader(c) {
            return Err(Refused);
        }
        has_nel |= c == NEL;
    }
    if has_nel {
        fold_nel(s).map(Cow::Owned)
    } else {
        Ok(Cow::Borrowed(s))
    }
}

/// go-yaml's `yaml_parser_scan_flow_scalar` applied to the raw characters of a JSON
/// string whose only raw blanks are spaces and whose only raw line breaks are NELs
/// (JSON escapes tabs, CR, LF, LS and PS, and escapes are never folded).
///
/// A run of spaces and NELs that holds `k >= 1` NELs becomes one space when `k == 1`
/// and `k - 1` newlines otherwise; runs of spaces alone are kept.
fn fold_nel(s: &str) -> Result<String, Refused> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    // True right after a line break: the scanner's column is 0 there.
    let mut at_line_start = false;
    loop {
        if at_line_start && starts_document_marker(rest) {
            return Err(Refused);
        }
        // Non-blank characters are copied.
        let end = rest.find([' ', NEL]).unwrap_or(rest.len());
        out.push_str(&rest[..end]);
        rest = &rest[end..];
        if rest.is_empty() {
            return Ok(out);
        }
        // A run of blanks and breaks.
        let mut spaces = 0usize;
        let mut breaks = 0usize;
        let mut run_len = rest.len();
        for (i, c) in rest.char_indices() {
            match c {
                ' ' => {
                    if breaks == 0 {
                        spaces += 1;
                    }
                    at_line_start = false;
                }
                NEL => {
                    breaks += 1;
                    at_line_start = true;
                }
                _ => {
                    run_len = i;
                    break;
                }
            }
        }
        rest = &rest[run_len..];
        match breaks {
            0 => out.extend(std::iter::repeat_n(' ', spaces)),
            1 => out.push(' '),
            n => out.extend(std::iter::repeat_n('\n', n - 1)),
        }
    }
}

/// `---` or `...` followed by a blank or a line break (here: a space or a NEL).
fn starts_document_marker(s: &str) -> bool {
    (s.starts_with("---") || s.starts_with("..."))
        && matches!(s[3..].chars().next(), Some(' ' | NEL))
}

/// Checks that a map key survives the JSON round trip unchanged: no character the YAML
/// reader refuses, no NEL (a simple key must stay on one line), and a JSON text short
/// enough for a simple key (go-yaml drops the key candidate once the `:` is more than
/// 1024 characters past the opening quote, then fails on the orphan `:`).
pub(super) fn check_key(k: &str) -> Result<(), Refused> {
    // Every ASCII character takes at most 6 JSON characters.
    if k.len() <= MAX_JSON_KEY_CHARS / 6 && k.bytes().all(|b| b < 0x7f) {
        return Ok(());
    }
    let mut json_chars = 0usize;
    for c in k.chars() {
        if refused_by_reader(c) || c == NEL {
            return Err(Refused);
        }
        json_chars += json_escaped_len(c);
    }
    if json_chars > MAX_JSON_KEY_CHARS {
        return Err(Refused);
    }
    Ok(())
}

/// How many characters Go's `json.Marshal` (HTML escaping on) writes for `c`.
fn json_escaped_len(c: char) -> usize {
    match c {
        '"' | '\\' | '\u{8}' | '\u{c}' | '\n' | '\r' | '\t' => 2,
        '\0'..='\u{1f}' | '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => 6,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nel_folding_matches_helm() {
        // Observed with Helm 4.1.4 (`toYaml` of the string, then read back).
        let cases: &[(&str, Option<&str>)] = &[
            ("a\u{85}b", Some("a b")),
            ("a \u{85} b", Some("a b")),
            ("a\u{85}\u{85}b", Some("a\nb")),
            ("a\u{85} \u{85}  b", Some("a\nb")),
            ("\u{85}b", Some(" b")),
            ("a\u{85}", Some("a ")),
            ("\u{85}", Some(" ")),
            ("a\u{85}---", Some("a ---")),
            ("a\u{85}--- x", None),
            ("a\u{85}...\u{85}", None),
            ("a\u{85} --- x", Some("a --- x")),
            ("a  \u{85}\u{85}\u{85} b", Some("a\n\nb")),
            ("x  y", Some("x  y")),
            ("日\u{85}本", Some("日 本")),
        ];
        for &(input, want) in cases {
            let got = value_string(input).ok().map(|c| c.into_owned());
            assert_eq!(got.as_deref(), want, "{input:?}");
        }
    }

    #[test]
    fn reader_refusals() {
        for s in ["\u{7f}", "a\u{80}b", "\u{9f}", "\u{fffe}", "x\u{ffff}"] {
            assert!(value_string(s).is_err(), "{s:?}");
        }
        for s in [
            "\u{85}",
            "\u{a0}",
            "\u{fffd}",
            "\u{10ffff}",
            "\u{feff}",
            "\u{e000}",
        ] {
            assert!(value_string(s).is_ok(), "{s:?}");
        }
    }

    #[test]
    fn key_limits_match_helm() {
        // Boundaries observed with Helm 4.1.4.
        let ok = |k: String| check_key(&k).is_ok();
        assert!(ok("a".repeat(1022)));
        assert!(!ok("a".repeat(1023)));
        assert!(ok("a".repeat(1016) + "<"));
        assert!(!ok("a".repeat(1017) + "<"));
        assert!(ok("a".repeat(1020) + "\u{8}"));
        assert!(!ok("a".repeat(1021) + "\u{8}"));
        assert!(ok("a".repeat(1016) + "\u{1}"));
        assert!(!ok("a".repeat(1017) + "\u{1}"));
        assert!(ok("a".repeat(1020) + "\""));
        assert!(!ok("a".repeat(1021) + "\""));
        assert!(ok("a".repeat(1016) + "\u{2028}"));
        assert!(!ok("a".repeat(1017) + "\u{2028}"));
        assert!(ok("é".repeat(1022)));
        assert!(!ok("é".repeat(1023)));
        assert!(ok("🙂".repeat(1022)));
        assert!(!ok("🙂".repeat(1023)));
        assert!(!ok("a\u{85}b".to_string()));
        assert!(!ok("\u{7f}".to_string()));
        assert!(ok(String::new()));
    }
}
