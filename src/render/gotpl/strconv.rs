//! The pieces of Go's `strconv` the template parser relies on: `Unquote`,
//! `UnquoteChar` and base-0 number parsing (prefixes and `_` separators), also used by
//! `tpl`'s Sprig conversions (`int`, `float64`).

use crate::yaml::resolve::{go_parse_float, go_parse_int, go_parse_uint};

/// Go's `strconv.ErrSyntax` text.
pub(super) const INVALID_SYNTAX: &str = "invalid syntax";

/// One unquoted character: a Unicode scalar, or a raw byte from a `\x`/octal escape.
enum Unit {
    Char(char),
    Byte(u8),
}

fn unhex(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

/// Go's `strconv.UnquoteChar`: decodes the first character or escape of `s` (inside a
/// literal quoted with `quote`), returning it and the rest of the text.
fn unquote_char(s: &str, quote: char) -> Result<(Unit, &str), &'static str> {
    let Some(c) = s.chars().next() else {
        return Err(INVALID_SYNTAX);
    };
    if c == quote && (quote == '\'' || quote == '"') {
        return Err(INVALID_SYNTAX);
    }
    if c != '\\' {
        return Ok((Unit::Char(c), &s[c.len_utf8()..]));
    }
    let esc = match s.as_bytes().get(1) {
        Some(&b) if b.is_ascii() => b,
        _ => return Err(INVALID_SYNTAX),
    };
    let rest = &s[2..];
    let simple = |ch: char| Ok((Unit::Char(ch), rest));
    match esc {
        b'a' => simple('\x07'),
        b'b' => simple('\x08'),
        b'f' => simple('\x0c'),
        b'n' => simple('\n'),
        b'r' => simple('\r'),
        b't' => simple('\t'),
        b'v' => simple('\x0b'),
        b'\\' => simple('\\'),
        b'\'' | b'"' => {
            if esc as char != quote {
                return Err(INVALID_SYNTAX);
            }
            simple(esc as char)
        }
        b'x' | b'u' | b'U' => {
            let n = match esc {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            let digits = rest.as_bytes();
            if digits.len() < n {
                return Err(INVALID_SYNTAX);
            }
            let mut v: u32 = 0;
            for &d in &digits[..n] {
                v = (v << 4) | unhex(d).ok_or(INVALID_SYNTAX)?;
            }
            let tail = &rest[n..];
            if esc == b'x' {
                // A single byte, possibly not UTF-8 on its own.
                return Ok((Unit::Byte(v as u8), tail));
            }
            let ch = char::from_u32(v).ok_or(INVALID_SYNTAX)?;
            Ok((Unit::Char(ch), tail))
        }
        b'0'..=b'7' => {
            let digits = rest.as_bytes();
            if digits.len() < 2 {
                return Err(INVALID_SYNTAX);
            }
            let mut v = u32::from(esc - b'0');
            for &d in &digits[..2] {
                if !(b'0'..=b'7').contains(&d) {
                    return Err(INVALID_SYNTAX);
                }
                v = (v << 3) | u32::from(d - b'0');
            }
            if v > 255 {
                return Err(INVALID_SYNTAX);
            }
            Ok((Unit::Byte(v as u8), &rest[2..]))
        }
        _ => Err(INVALID_SYNTAX),
    }
}

/// Go's `strconv.Unquote` for `"..."` and `` `...` `` literals. Go strings may hold
/// any bytes; a literal whose escapes do not form UTF-8 is reported as unsupported.
pub(super) fn unquote(s: &str) -> Result<String, String> {
    let b = s.as_bytes();
    let quote = match b.first() {
        Some(&q @ (b'"' | b'`')) if b.len() >= 2 && b[b.len() - 1] == q => q as char,
        _ => return Err(INVALID_SYNTAX.into()),
    };
    let inner = &s[1..s.len() - 1];
    match quote {
        '`' => {
            if inner.contains('`') {
                return Err(INVALID_SYNTAX.into());
            }
            // Carriage returns are dropped from raw strings.
            Ok(inner.replace('\r', ""))
        }
        _ => {
            if inner.contains('\n') {
                return Err(INVALID_SYNTAX.into());
            }
            let mut out: Vec<u8> = Vec::with_capacity(inner.len());
            let mut rest = inner;
            while !rest.is_empty() {
                let (unit, tail) = unquote_char(rest, '"')?;
                match unit {
                    Unit::Char(c) => {
                        let mut buf = [0u8; 4];
                        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    }
                    Unit::Byte(byte) => out.push(byte),
                }
                rest = tail;
            }
            String::from_utf8(out).map_err(|_| {
                format!("string literal {s} is not valid UTF-8 (not supported by this interpreter)")
            })
        }
    }
}

/// The value of a character constant such as `'a'` or `'\n'` (the quotes included).
pub(super) fn char_constant(text: &str) -> Result<u32, String> {
    let inner = text.get(1..).unwrap_or("");
    let (unit, tail) = unquote_char(inner, '\'')?;
    if tail != "'" {
        return Err(format!("malformed character constant: {text}"));
    }
    Ok(match unit {
        Unit::Char(c) => c as u32,
        Unit::Byte(b) => u32::from(b),
    })
}

/// Go's `underscoreOK`: underscores only between digits or after a base prefix.
fn underscore_ok(s: &str) -> bool {
    let mut b = s.as_bytes();
    if let Some(b'+' | b'-') = b.first() {
        b = &b[1..];
    }
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if b.len() >= 2 && b[0] == b'0' && matches!(b[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = b[1].eq_ignore_ascii_case(&b'x');
    }
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
        i += 1;
    }
    saw != b'_'
}

/// Removes `_` separators when Go would accept them, `None` when it would not.
fn strip_underscores(s: &str) -> Option<String> {
    if !s.contains('_') {
        return Some(s.to_string());
    }
    underscore_ok(s).then(|| s.replace('_', ""))
}

/// `strconv.ParseInt(s, 0, 64)`.
pub(crate) fn parse_int(s: &str) -> Option<i64> {
    go_parse_int(&strip_underscores(s)?)
}

/// `strconv.ParseUint(s, 0, 64)` (no sign allowed).
pub(super) fn parse_uint(s: &str) -> Option<u64> {
    if s.starts_with(['+', '-']) {
        return None;
    }
    go_parse_uint(&strip_underscores(s)?)
}

/// `strconv.ParseFloat(s, 64)` for the spellings the lexer produces: decimal and
/// hexadecimal (`0x1.8p3`, the `p` exponent being mandatory); `None` on a syntax
/// error or overflow.
pub(crate) fn parse_float(s: &str) -> Option<f64> {
    let s = strip_underscores(s)?;
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s.as_str()),
    };
    let v = if body.len() > 2 && (body.starts_with("0x") || body.starts_with("0X")) {
        parse_hex_float(&body[2..])?
    } else {
        go_parse_float(body)?
    };
    Some(if neg { -v } else { v })
}

fn parse_hex_float(s: &str) -> Option<f64> {
    let p = s.find(['p', 'P'])?;
    let (mant, exp) = (&s[..p], &s[p + 1..]);
    let exp_digits = exp.strip_prefix(['+', '-']).unwrap_or(exp);
    if exp_digits.is_empty() || !exp_digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut e2: i64 = exp.parse::<i64>().unwrap_or(if exp.starts_with('-') {
        -100_000
    } else {
        100_000
    });
    let mut m: u64 = 0;
    let mut any_digit = false;
    let mut after_dot = false;
    let mut sticky = false;
    for c in mant.chars() {
        if c == '.' {
            if after_dot {
                return None;
            }
            after_dot = true;
            continue;
        }
        let d = c.to_digit(16)?;
        any_digit = true;
        if m < (1 << 59) {
            m = m * 16 + u64::from(d);
            if after_dot {
                e2 -= 4;
            }
        } else {
            sticky |= d != 0;
            if !after_dot {
                e2 += 4;
            }
        }
    }
    if !any_digit {
        return None;
    }
    if sticky {
        m |= 1;
    }
    let mut v = m as f64;
    // Scale in steps so intermediate powers neither overflow nor underflow early.
    while e2 > 0 {
        let step = e2.min(1000);
        v *= 2f64.powi(step as i32);
        e2 -= step;
    }
    while e2 < 0 {
        let step = (-e2).min(1000);
        v /= 2f64.powi(step as i32);
        e2 += step;
    }
    v.is_finite().then_some(v)
}
