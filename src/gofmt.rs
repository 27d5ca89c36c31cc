//! Go's number and string printing, as Helm's templates produce it.
//!
//! Helm prints through Go's `fmt` (`{{ x }}` is `fmt.Fprint`), `strconv` and
//! `encoding/json`; no Rust crate formats floats the way they do, so this module does.

/// Decimal digits and exponent of the shortest representation of a finite,
/// non-negative float that reads back to the same float64 (Go's `strconv` "shortest").
///
/// Returns `(digits, dp)` where the value is `0.digits × 10^dp`; for zero, `("0", 1)`.
fn shortest_digits(f: f64) -> (String, i32) {
    debug_assert!(f.is_finite() && f >= 0.0);
    if f == 0.0 {
        return ("0".to_string(), 1);
    }
    // Rust's `{:e}` prints the shortest round-trip digits, like Go's shortest mode.
    let s = format!("{f:e}");
    let (mant, exp) = s.split_once('e').expect("LowerExp always has an exponent");
    let exp: i32 = exp.parse().expect("LowerExp exponent is an integer");
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    (digits, exp + 1)
}

/// Go's `%e`-style tail: `d[.ddd]e±XX` with at least two exponent digits.
fn fmt_e(digits: &str, dp: i32) -> String {
    let mut out = String::with_capacity(digits.len() + 6);
    out.push_str(&digits[..1]);
    if digits.len() > 1 {
        out.push('.');
        out.push_str(&digits[1..]);
    }
    out.push('e');
    let exp = if digits == "0" { 0 } else { dp - 1 };
    out.push(if exp < 0 { '-' } else { '+' });
    let e = exp.unsigned_abs();
    if e < 10 {
        out.push('0');
    }
    out.push_str(&e.to_string());
    out
}

/// Go's `%f`-style with exactly the digits needed (no trailing zeros beyond them).
fn fmt_f(digits: &str, dp: i32) -> String {
    let mut out = String::new();
    if dp <= 0 {
        out.push_str("0.");
        for _ in 0..(-dp) {
            out.push('0');
        }
        out.push_str(digits);
    } else {
        let dp = dp as usize;
        if digits.len() <= dp {
            out.push_str(digits);
            for _ in digits.len()..dp {
                out.push('0');
            }
        } else {
            out.push_str(&digits[..dp]);
            out.push('.');
            out.push_str(&digits[dp..]);
        }
    }
    out
}

fn special(f: f64) -> Option<&'static str> {
    if f.is_nan() {
        Some("NaN")
    } else if f == f64::INFINITY {
        Some("+Inf")
    } else if f == f64::NEG_INFINITY {
        Some("-Inf")
    } else {
        None
    }
}

/// `strconv.FormatFloat(f, 'g', -1, 64)`, which is also `fmt`'s `%v` for a float64:
/// the shortest digits that read back to the same float64, in exponent form when the
/// decimal exponent is below -4 or at least 6 (Go uses precision 6 to choose the form in
/// shortest mode).
///
/// So 100000 prints `100000`,
/// 1000000 prints `1e+06`, 12345678 prints `1.2345678e+07`, 0.0001 prints `0.0001` and
/// 0.00001 prints `1e-05`. Negative zero prints `-0`.
pub fn format_float_v(f: f64) -> String {
    // Fast path: integers below 1e6 print as plain integers (not -0, which prints "-0").
    if f.fract() == 0.0 && f.abs() < 1e6 && !(f == 0.0 && f.is_sign_negative()) {
        return (f as i64).to_string();
    }
    if let Some(s) = special(f) {
        return s.to_string();
    }
    let neg = f.is_sign_negative();
    let (digits, dp) = shortest_digits(f.abs());
    let exp = dp - 1;
    let body = if digits != "0" && !(-4..6).contains(&exp) {
        fmt_e(&digits, dp)
    } else {
        fmt_f(&digits, dp)
    };
    if neg { format!("-{body}") } else { body }
}

/// `strconv.FormatFloat(f, 'g', -1, 32)`: the shortest digits that read back to the same
/// float32. sigs.k8s.io/yaml uses this for float map keys and for numbers converted to
/// strings when a manifest field is typed `string`.
pub fn format_float32_v(f: f64) -> String {
    let f32v = f as f32;
    if f32v.is_nan() {
        return "NaN".to_string();
    }
    if f32v.is_infinite() {
        return if f32v > 0.0 { "+Inf" } else { "-Inf" }.to_string();
    }
    let neg = f32v.is_sign_negative();
    let a = f32v.abs();
    let (digits, dp) = if a == 0.0 {
        ("0".to_string(), 1)
    } else {
        let s = format!("{a:e}");
        let (mant, exp) = s.split_once('e').expect("LowerExp always has an exponent");
        let exp: i32 = exp.parse().expect("LowerExp exponent is an integer");
        (
            mant.chars().filter(|c| *c != '.').collect::<String>(),
            exp + 1,
        )
    };
    let exp = dp - 1;
    let body = if digits != "0" && !(-4..6).contains(&exp) {
        fmt_e(&digits, dp)
    } else {
        fmt_f(&digits, dp)
    };
    if neg { format!("-{body}") } else { body }
}

/// How Go's `encoding/json` writes a float64: `'f'` format with shortest digits, or
/// `'e'` format when `|f| < 1e-6` or `|f| >= 1e21`, with a one-digit negative exponent
/// cleaned up (`1e-07` becomes `1e-7`). Returns `None` for NaN and infinities, which
/// `json.Marshal` refuses ("json: unsupported value").
pub fn format_float_json(f: f64) -> Option<String> {
    if !f.is_finite() {
        return None;
    }
    // Fast path: integers that float64 holds exactly print as plain integers.
    if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 && !(f == 0.0 && f.is_sign_negative())
    {
        return Some((f as i64).to_string());
    }
    let neg = f.is_sign_negative();
    let a = f.abs();
    let (digits, dp) = shortest_digits(a);
    let body = if a != 0.0 && !(1e-6..1e21).contains(&a) {
        let mut s = fmt_e(&digits, dp);
        let n = s.len();
        if n >= 4 && &s[n - 4..n - 1] == "e-0" {
            s.remove(n - 2);
        }
        s
    } else {
        fmt_f(&digits, dp)
    };
    Some(if neg { format!("-{body}") } else { body })
}

/// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII
/// space. Everything else (controls, format characters, other spaces, unassigned,
/// private use) is escaped by `%q`.
pub fn is_go_print(c: char) -> bool {
    use unicode_general_category::{GeneralCategory as G, get_general_category};
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    !matches!(
        get_general_category(c),
        G::Control
            | G::Format
            | G::Surrogate
            | G::PrivateUse
            | G::Unassigned
            | G::SpaceSeparator
            | G::LineSeparator
            | G::ParagraphSeparator
    )
}

/// `strconv.Quote` (Go's `%q` on a string): double quotes, `\"` and `\\`, the short
/// escapes `\a\b\f\n\r\t\v`, `\xNN` for other control bytes, `\uNNNN`/`\UNNNNNNNN` for
/// other non-printable characters; printable Unicode is kept as is.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x0b' => out.push_str("\\v"),
            c if is_go_print(c) => out.push(c),
            c if (c as u32) < 0x20 || c == '\x7f' => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_v_matches_go() {
        let cases = [
            (0.0, "0"),
            (-0.0, "-0"),
            (1.0, "1"),
            (12.5, "12.5"),
            (100000.0, "100000"),
            (999999.0, "999999"),
            (1000000.0, "1e+06"),
            (1000001.0, "1.000001e+06"),
            (12345678.0, "1.2345678e+07"),
            (1e21, "1e+21"),
            (1e20, "1e+20"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (0.000001, "1e-06"),
            (1.5e-7, "1.5e-07"),
            (5e-324, "5e-324"),
            (1e308, "1e+308"),
            (-1000000.0, "-1e+06"),
            (0.30000000000000004, "0.30000000000000004"),
            (9.223372036854776e18, "9.223372036854776e+18"),
            (123456.789, "123456.789"),
            (f64::INFINITY, "+Inf"),
            (f64::NAN, "NaN"),
        ];
        for (f, want) in cases {
            assert_eq!(format_float_v(f), want, "{f:?}");
        }
    }

    #[test]
    fn float_json_matches_go() {
        let cases = [
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (0.00001, "0.00001"),
            (0.000001, "0.000001"),
            (1.5e-7, "1.5e-7"),
            (1e-7, "1e-7"),
            (1234567.0, "1234567"),
            (9.223372036854776e18, "9223372036854776000"),
            (-9.223372036854776e18, "-9223372036854776000"),
            (1.2345678901234567e19, "12345678901234567000"),
            (0.0, "0"),
            (-0.0, "-0"),
            (5e-324, "5e-324"),
            (1e-100, "1e-100"),
        ];
        for (f, want) in cases {
            assert_eq!(format_float_json(f).unwrap(), want, "{f:?}");
        }
        assert_eq!(format_float_json(f64::NAN), None);
    }

    #[test]
    fn float32_v_matches_go() {
        assert_eq!(format_float32_v(1.5), "1.5");
        assert_eq!(format_float32_v(0.1), "0.1");
        assert_eq!(format_float32_v(1e10), "1e+10");
        assert_eq!(format_float32_v(1.234567891234), "1.2345679");
        assert_eq!(format_float32_v(1000.0), "1000");
    }

    #[test]
    fn quote_matches_go() {
        assert_eq!(go_quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(go_quote("tab\there\n"), r#""tab\there\n""#);
        assert_eq!(go_quote("\x00\x1b\x7f"), r#""\x00\x1b\x7f""#);
        assert_eq!(go_quote("é日本"), "\"é日本\"");
        assert_eq!(
            go_quote("\u{a0}\u{200b}\u{2028}"),
            r#""\u00a0\u200b\u2028""#
        );
        assert_eq!(go_quote("🙂"), "\"🙂\"");
        assert_eq!(go_quote("\u{feff}"), r#""\ufeff""#);
    }
}
