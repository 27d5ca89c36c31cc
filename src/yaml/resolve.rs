//! YAML 1.1 scalar resolution as go-yaml v2 (and so Helm) does it.
//!
//! Helm reads values with sigs.k8s.io/yaml, which decodes with go-yaml v2: a plain
//! scalar is resolved by its first character and a small table (`yes`/`on`/`y` are
//! booleans, `0777` is octal, `0x1F` hex, `1_000` a number), numbers are tried as
//! int64, then uint64, then float. The emitter uses the same function to decide
//! whether a string must be quoted to read back as a string.

/// What a scalar resolves to.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolved {
    /// `~`, `null`, `Null`, `NULL` or empty.
    Null,
    /// YAML 1.1 booleans (`y`, `yes`, `on`, `true` and their `n`/`no`/`off`/`false`
    /// counterparts in lower, Title and UPPER case).
    Bool(bool),
    /// Fits Go's int64.
    Int(i64),
    /// Too big for int64 but fits uint64.
    Uint(u64),
    /// A float (may be infinite or NaN for `.inf`/`.nan`).
    Float(f64),
    /// Looks like a timestamp (`2024-01-01`); decoded into `interface{}` it stays a string.
    Timestamp,
    /// The merge key `<<` with an explicit `!!merge` tag (plain `<<` is handled by the
    /// decoder, not here).
    Merge,
    /// A string.
    Str,
}

/// Error for a tagged scalar whose text does not fit its tag (`!!int abc`), with
/// go-yaml's wording: ``cannot decode !!str `abc` as a !!int``.
#[derive(Clone, Debug, PartialEq)]
pub struct TagMismatch(pub String);

impl std::fmt::Display for TagMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

const STR: &str = "tag:yaml.org,2002:str";
const BOOL: &str = "tag:yaml.org,2002:bool";
const INT: &str = "tag:yaml.org,2002:int";
const FLOAT: &str = "tag:yaml.org,2002:float";
const NULL: &str = "tag:yaml.org,2002:null";
const TIMESTAMP: &str = "tag:yaml.org,2002:timestamp";

/// Expands `!!x` to `tag:yaml.org,2002:x`.
pub fn long_tag(tag: &str) -> String {
    match tag.strip_prefix("!!") {
        Some(rest) => format!("tag:yaml.org,2002:{rest}"),
        None => tag.to_string(),
    }
}

fn short_tag(tag: &str) -> String {
    match tag.strip_prefix("tag:yaml.org,2002:") {
        Some(rest) => format!("!!{rest}"),
        None => tag.to_string(),
    }
}

/// Whether go-yaml resolves scalars with this (long) tag; other tags keep the text.
pub fn resolvable_tag(tag: &str) -> bool {
    matches!(tag, "" | STR | BOOL | INT | FLOAT | NULL | TIMESTAMP)
}

fn table_lookup(s: &str) -> Option<Resolved> {
    Some(match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Resolved::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Resolved::Bool(false)
        }
        "" | "~" | "null" | "Null" | "NULL" => Resolved::Null,
        ".nan" | ".NaN" | ".NAN" => Resolved::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Resolved::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Resolved::Float(f64::NEG_INFINITY),
        "<<" => Resolved::Merge,
        _ => return None,
    })
}

/// Resolves an untagged plain scalar (go-yaml v2 `resolve("", s)`).
pub fn resolve_plain(s: &str) -> Resolved {
    match resolve_tagged("", s) {
        Ok(r) => r,
        Err(_) => Resolved::Str,
    }
}

/// Resolves a scalar with a (long-form) tag; `""` means a plain untagged scalar.
/// Non-resolvable tags (custom `!foo`, `!!binary`, ...) yield [`Resolved::Str`].
pub fn resolve_tagged(tag: &str, s: &str) -> Result<Resolved, TagMismatch> {
    if !resolvable_tag(tag) {
        return Ok(Resolved::Str);
    }
    let r = resolve_inner(tag, s);
    let rtag = match &r {
        Resolved::Null => NULL,
        Resolved::Bool(_) => BOOL,
        Resolved::Int(_) | Resolved::Uint(_) => INT,
        Resolved::Float(_) => FLOAT,
        Resolved::Timestamp => TIMESTAMP,
        Resolved::Merge => "tag:yaml.org,2002:merge",
        Resolved::Str => STR,
    };
    if tag.is_empty() || tag == rtag || tag == STR {
        return Ok(r);
    }
    if tag == FLOAT {
        match r {
            Resolved::Int(i) => return Ok(Resolved::Float(i as f64)),
            Resolved::Uint(u) => {
                // go-yaml only converts int/int64 here; uint64 fails.
                let _ = u;
            }
            _ => {}
        }
    }
    Err(TagMismatch(format!(
        "cannot decode {} `{}` as a {}",
        short_tag(rtag),
        s,
        short_tag(tag)
    )))
}

fn resolve_inner(tag: &str, s: &str) -> Resolved {
    let hint = match s.as_bytes().first() {
        None => b'N',
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        Some(_) => 0,
    };
    if hint == 0 || tag == STR {
        return Resolved::Str;
    }
    if let Some(r) = table_lookup(s) {
        return r;
    }
    match hint {
        b'.' => {
            if let Some(f) = go_parse_float(s) {
                return Resolved::Float(f);
            }
        }
        b'D' | b'S' => {
            if (tag.is_empty() || tag == TIMESTAMP) && is_timestamp(s) {
                return Resolved::Timestamp;
            }
            let plain: String = s.chars().filter(|c| *c != '_').collect();
            if let Some(i) = go_parse_int(&plain) {
                return Resolved::Int(i);
            }
            if let Some(u) = go_parse_uint(&plain) {
                return Resolved::Uint(u);
            }
            if is_yaml_style_float(&plain)
                && let Some(f) = go_parse_float(&plain)
            {
                return Resolved::Float(f);
            }
        }
        _ => {}
    }
    Resolved::Str
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Go's `strconv.ParseInt(s, 0, 64)` without underscores: optional sign, then `0x`,
/// `0o`, `0b` prefixes (any case) or a leading `0` for octal, else decimal.
pub fn go_parse_int(s: &str) -> Option<i64> {
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let u = go_parse_uint(rest)?;
    if neg {
        if u <= (i64::MAX as u64) + 1 {
            Some((u as i128).wrapping_neg() as i64)
        } else {
            None
        }
    } else if u <= i64::MAX as u64 {
        Some(u as i64)
    } else {
        None
    }
}

/// Go's `strconv.ParseUint(s, 0, 64)` without underscores (no sign allowed).
pub fn go_parse_uint(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    if b.is_empty() {
        return None;
    }
    let (radix, digits) = if b[0] == b'0' && b.len() > 1 {
        match b[1] {
            b'x' | b'X' => (16, &s[2..]),
            b'o' | b'O' => (8, &s[2..]),
            b'b' | b'B' => (2, &s[2..]),
            _ => (8, &s[1..]),
        }
    } else {
        (10, s)
    };
    if digits.is_empty() || !digits.bytes().all(|c| (c as char).is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// Go's `strconv.ParseFloat(s, 64)` for the decimal forms go-yaml lets through:
/// fails on overflow (Go returns ErrRange) but rounds underflow to zero.
pub fn go_parse_float(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    // Only decimal syntax reaches here (the callers check the YAML float shape or a
    // leading '.'); reject Rust-only spellings like "inf"/"nan" and a lone ".".
    if !b
        .iter()
        .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return None;
    }
    if !b.iter().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let f: f64 = s.parse().ok()?;
    if f.is_infinite() { None } else { Some(f) }
}

/// go-yaml v2's `parseTimestamp`: four leading digits and a '-', then one of the layouts
/// `2006-1-2T15:4:5.999999999Z07:00` (also with a lower-case `t`),
/// `2006-1-2 15:4:5.999999999` and `2006-1-2`, with Go's range checks.
pub fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let year_digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if year_digits != 4 || b.len() == 4 || b[4] != b'-' {
        return false;
    }
    let mut p = TsParser { b, i: 5 };
    let year: u32 = s[..4].parse().unwrap_or(0);
    let Some(month) = p.num12() else { return false };
    if !p.eat(b'-') {
        return false;
    }
    let Some(day) = p.num12() else { return false };
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return false;
    }
    if p.i == b.len() {
        return true;
    }
    let sep = b[p.i];
    p.i += 1;
    let with_zone = match sep {
        b'T' | b't' => true,
        b' ' => false,
        _ => return false,
    };
    let (Some(h), true, Some(m), true, Some(sec)) =
        (p.num12(), p.eat(b':'), p.num12(), p.eat(b':'), p.num12())
    else {
        return false;
    };
    if h > 23 || m > 59 || sec > 59 {
        return false;
    }
    // Optional fraction: '.' or ',' followed by digits.
    if p.i + 1 < b.len() && matches!(b[p.i], b'.' | b',') && b[p.i + 1].is_ascii_digit() {
        p.i += 1;
        while p.i < b.len() && b[p.i].is_ascii_digit() {
            p.i += 1;
        }
    }
    if !with_zone {
        return p.i == b.len();
    }
    if p.eat(b'Z') {
        return p.i == b.len();
    }
    // ±hh:mm
    if p.i < b.len() && matches!(b[p.i], b'+' | b'-') {
        p.i += 1;
        let ok = p.fixed2().is_some_and(|hh| hh <= 24)
            && p.eat(b':')
            && p.fixed2().is_some_and(|mm| mm <= 59);
        return ok && p.i == b.len();
    }
    false
}

struct TsParser<'a> {
    b: &'a [u8],
    i: usize,
}

impl TsParser<'_> {
    fn eat(&mut self, c: u8) -> bool {
        if self.b.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    /// One or two digits (Go layouts `1`, `2`, `15`, `4`, `5`).
    fn num12(&mut self) -> Option<u32> {
        let start = self.i;
        while self.i < self.b.len() && self.i - start < 2 && self.b[self.i].is_ascii_digit() {
            self.i += 1;
        }
        if self.i == start {
            return None;
        }
        std::str::from_utf8(&self.b[start..self.i])
            .ok()?
            .parse()
            .ok()
    }
    fn fixed2(&mut self) -> Option<u32> {
        if self.i + 2 <= self.b.len() && self.b[self.i..self.i + 2].iter().all(u8::is_ascii_digit) {
            let v = std::str::from_utf8(&self.b[self.i..self.i + 2])
                .ok()?
                .parse()
                .ok();
            self.i += 2;
            v
        } else {
            None
        }
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        _ => 28,
    }
}

/// go-yaml v2's `isBase60Float`: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
/// The emitter quotes such strings (`"1:20"`) although they resolve as strings.
pub fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(&c) = b.first() else { return false };
    if !(c == b'+' || c == b'-' || c.is_ascii_digit()) || !s.contains(':') {
        return false;
    }
    let mut i = 0;
    if matches!(c, b'+' | b'-') {
        i += 1;
    }
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        i += 1;
        // [0-5]?[0-9]
        let d1 = b.get(i).copied();
        let d2 = b.get(i + 1).copied();
        match (d1, d2) {
            (Some(a), Some(bb)) if (b'0'..=b'5').contains(&a) && bb.is_ascii_digit() => i += 2,
            (Some(a), _) if a.is_ascii_digit() => i += 1,
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_scalars() {
        use Resolved::*;
        let cases: &[(&str, Resolved)] = &[
            ("0", Int(0)),
            ("-0", Int(0)),
            ("+5", Int(5)),
            ("007", Int(7)),
            ("0777", Int(511)),
            ("08", Float(8.0)),
            ("0o17", Int(15)),
            ("0O17", Int(15)),
            ("0x1F", Int(31)),
            ("0xff_ff", Int(65535)),
            ("0b101", Int(5)),
            ("-0b101", Int(-5)),
            ("1_000", Int(1000)),
            ("1_000.5", Float(1000.5)),
            ("9223372036854775808", Uint(9223372036854775808)),
            ("18446744073709551616", Float(18446744073709551616.0)),
            ("1e3", Float(1000.0)),
            ("1.", Float(1.0)),
            (".5", Float(0.5)),
            ("-.5", Float(-0.5)),
            ("1e-400", Float(0.0)),
            ("1e400", Str),
            ("yes", Bool(true)),
            ("Off", Bool(false)),
            ("tRUE", Str),
            ("~", Null),
            ("", Null),
            ("2024-01-01", Timestamp),
            ("2024-1-1", Timestamp),
            ("2024-13-01", Str),
            ("2024-02-30", Str),
            ("2024-01-01T10:00:00Z", Timestamp),
            ("2001-12-14t21:59:43.10-05:00", Timestamp),
            ("2001-12-14 21:59:43.10", Timestamp),
            ("12:30:00", Str),
            ("190:20:30", Str),
            ("0x", Str),
            ("1e", Str),
            ("+-1", Str),
            ("1.2.3", Str),
            ("<<", Str),
            (".", Str),
            ("..", Str),
            (".inf", Float(f64::INFINITY)),
        ];
        for (s, want) in cases {
            let got = resolve_plain(s);
            match (&got, want) {
                (Float(a), Float(b)) => assert!(a == b || (a.is_nan() && b.is_nan()), "{s}"),
                _ => assert_eq!(&got, want, "{s:?}"),
            }
        }
    }

    #[test]
    fn tagged_scalars() {
        assert_eq!(resolve_tagged(STR, "12"), Ok(Resolved::Str));
        assert_eq!(resolve_tagged(INT, "12"), Ok(Resolved::Int(12)));
        assert_eq!(resolve_tagged(FLOAT, "1"), Ok(Resolved::Float(1.0)));
        assert_eq!(resolve_tagged(BOOL, "yes"), Ok(Resolved::Bool(true)));
        assert_eq!(resolve_tagged("!", "12"), Ok(Resolved::Str));
        assert_eq!(
            resolve_tagged(INT, "abc"),
            Err(TagMismatch("cannot decode !!str `abc` as a !!int".into()))
        );
    }

    #[test]
    fn base60() {
        assert!(is_base60_float("1:20"));
        assert!(is_base60_float("-1:20"));
        assert!(is_base60_float("190:20:30"));
        assert!(is_base60_float("1:20.5"));
        assert!(!is_base60_float("1:60"));
        assert!(!is_base60_float("a:1"));
        assert!(!is_base60_float("1:"));
    }
}
