//! Kubernetes resource quantities (`k8s.io/apimachinery/pkg/api/resource.ParseQuantity`):
//! `500m`, `1.5`, `128Mi`, `1e3`, `2Gi`.
//!
//! The grammar is `[+-]? digits[.digits] suffix`, the suffix one of the binary SI
//! (`Ki Mi Gi Ti Pi Ei`), the decimal SI (`n u m k M G T P E` or none) or a decimal
//! exponent (`e3`, `E-2`). Like the API server's JSON decoder, surrounding spaces are
//! ignored and a JSON number is read as its text.

/// A parsed quantity: its value in billionths (nano-units, so `1m` is 1 000 000 and
/// `1Gi` is 2^30 × 10^9), rounded away from zero to a whole nano-unit as the API server
/// does, and saturated far beyond any real resource amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quantity {
    /// The value × 10^9.
    pub nanos: i128,
}

impl Quantity {
    /// Whether the value is below zero.
    pub fn is_negative(&self) -> bool {
        self.nanos < 0
    }
}

/// Parses a quantity as the API server does.
///
/// # Errors
/// The reason, e.g. `unknown suffix "GB"`.
pub fn parse(text: &str) -> Result<Quantity, String> {
    let s = text.trim_matches(|c: char| c.is_ascii_whitespace());
    if s.is_empty() {
        return Err("a quantity cannot be empty".into());
    }
    let b = s.as_bytes();
    let mut pos = 0;
    let mut negative = false;
    if matches!(b[0], b'+' | b'-') {
        negative = b[0] == b'-';
        pos = 1;
    }
    let int_start = pos;
    while pos < b.len() && b[pos].is_ascii_digit() {
        pos += 1;
    }
    let int_digits = &s[int_start..pos];
    let mut frac_digits = "";
    if pos < b.len() && b[pos] == b'.' {
        pos += 1;
        let start = pos;
        while pos < b.len() && b[pos].is_ascii_digit() {
            pos += 1;
        }
        frac_digits = &s[start..pos];
    }
    let suffix = &s[pos..];
    if int_digits.is_empty() && frac_digits.is_empty() {
        // The API server reads `Gi`, `m` or `.` as 0: almost always an empty template
        // value in front of a unit.
        return Err("it has no number before the unit (the API server would read it as 0)".into());
    }
    // The scanner's shape: suffix letters, an optional sign, then digits only.
    let letters = suffix
        .bytes()
        .take_while(|c| b"eEinumkKMGTP".contains(c))
        .count();
    let mut rest = &suffix.as_bytes()[letters..];
    if let [b'+' | b'-', tail @ ..] = rest {
        rest = tail;
    }
    if !rest.iter().all(u8::is_ascii_digit) {
        return Err(format!("unknown suffix {suffix:?}"));
    }
    let (exp10, exp2): (i64, u32) = match suffix {
        "" => (0, 0),
        "n" => (-9, 0),
        "u" => (-6, 0),
        "m" => (-3, 0),
        "k" => (3, 0),
        "M" => (6, 0),
        "G" => (9, 0),
        "T" => (12, 0),
        "P" => (15, 0),
        "E" => (18, 0),
        "Ki" => (0, 10),
        "Mi" => (0, 20),
        "Gi" => (0, 30),
        "Ti" => (0, 40),
        "Pi" => (0, 50),
        "Ei" => (0, 60),
        _ => {
            let exp = suffix
                .strip_prefix(['e', 'E'])
                .filter(|e| !e.is_empty())
                .and_then(|e| e.parse::<i64>().ok())
                .and_then(|e| i32::try_from(e).ok());
            match exp {
                Some(e) => (i64::from(e), 0),
                None => return Err(format!("unknown suffix {suffix:?}")),
            }
        }
    };
    let digits = format!("{int_digits}{frac_digits}");
    let digits = digits.trim_start_matches('0');
    let scale = exp10 + 9 - frac_digits.len() as i64;
    let magnitude = scaled(digits, scale, exp2);
    let nanos = i128::try_from(magnitude).unwrap_or(i128::MAX);
    Ok(Quantity {
        nanos: if negative { -nanos } else { nanos },
    })
}

/// `digits × 10^scale × 2^exp2`, rounded up to a whole number, saturating.
fn scaled(digits: &str, scale: i64, exp2: u32) -> u128 {
    let (kept, dropped_nonzero) = if scale < 0 {
        let drop = usize::try_from(-scale).unwrap_or(usize::MAX);
        if drop >= digits.len() {
            ("", !digits.is_empty())
        } else {
            let (k, d) = digits.split_at(digits.len() - drop);
            (k, d.bytes().any(|c| c != b'0'))
        }
    } else {
        (digits, false)
    };
    let mut v: u128 = 0;
    for c in kept.bytes() {
        v = v.saturating_mul(10).saturating_add(u128::from(c - b'0'));
    }
    if scale > 0 {
        for _ in 0..scale.min(64) {
            v = v.saturating_mul(10);
        }
    }
    if dropped_nonzero {
        v = v.saturating_add(1);
    }
    for _ in 0..exp2 {
        v = v.saturating_mul(2);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nanos(s: &str) -> i128 {
        parse(s).unwrap_or_else(|e| panic!("{s}: {e}")).nanos
    }

    #[test]
    fn parses_the_api_server_forms() {
        assert_eq!(nanos("0"), 0);
        assert_eq!(nanos("1"), 1_000_000_000);
        assert_eq!(nanos("500m"), 500_000_000);
        assert_eq!(nanos("0.5"), 500_000_000);
        assert_eq!(nanos("1.5"), 1_500_000_000);
        assert_eq!(nanos("1Ki"), 1024 * 1_000_000_000);
        assert_eq!(nanos("128Mi"), 128 * (1 << 20) * 1_000_000_000);
        assert_eq!(nanos("1Gi"), nanos("1073741824"));
        assert_eq!(nanos("1G"), nanos("1e9"));
        assert_eq!(nanos("1E-3"), nanos("1m"));
        assert_eq!(nanos("+2"), 2_000_000_000);
        assert_eq!(nanos("-1"), -1_000_000_000);
        assert_eq!(nanos(" 1Gi "), nanos("1Gi"));
        assert_eq!(nanos("1."), 1_000_000_000);
        assert_eq!(nanos(".5"), 500_000_000);
        assert_eq!(nanos("100u"), 100_000);
        assert_eq!(nanos("5n"), 5);
        // Below a nano-unit rounds up, as the API server does.
        assert_eq!(nanos("0.1n"), 1);
        assert_eq!(nanos("1e-30"), 1);
        // Huge values saturate instead of overflowing.
        assert!(nanos("1e300") > nanos("8Ei"));
        assert!(nanos("99999999999999999999999999999999999999999Ei") > 0);
    }

    #[test]
    fn rejects_what_the_api_server_rejects() {
        for bad in [
            "",
            " ",
            "1GB",
            "1gi",
            "abc",
            "1.5.5",
            "1 Gi",
            "Gi",
            "1e",
            "1ee3",
            "1Ki3",
            "--1",
            "1e99999999999",
            "m",
            ".",
            "-",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        let e = parse("1GB").unwrap_err();
        assert_eq!(e, "unknown suffix \"GB\"");
    }
}
