//! Go's `fmt.Sprintf`, for `printf` in templates.
//!
//! Covers the verbs templates use (`%s %v %d %q %t %f %e %g %x %X %o %b %c %T %%`),
//! flags (`-+# 0`), width and precision, and Go's error notations for mismatches:
//! `%!d(string=x)`, `%!s(<nil>)`, `%!v(MISSING)`, `%!(EXTRA string=x)`.

use minijinja::value::{Value as MjValue, ValueKind};

use super::goval::{go_sprint, go_type_name, map_entries};
use crate::gofmt::{format_float_v, go_quote};

#[derive(Default, Clone, Copy)]
struct Spec {
    minus: bool,
    plus: bool,
    sharp: bool,
    zero: bool,
    space: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

/// `fmt.Sprintf(format, args...)` over template values.
pub fn sprintf(format: &str, args: &[MjValue]) -> String {
    sprintf_limited(format, args, usize::MAX).unwrap_or_default()
}

/// [`sprintf`], failing as soon as the result would be longer than `limit` bytes
/// (Go has no limit: widths and precisions up to a million apply to every element of
/// a list argument, so a short format can ask for gigabytes).
///
/// # Errors
/// `the result is longer than LIMIT bytes` when it would be.
pub fn sprintf_limited(format: &str, args: &[MjValue], limit: usize) -> Result<String, String> {
    let too_long = || format!("the result is longer than {limit} bytes (permify-render's limit)");
    let b = format.as_bytes();
    let end = b.len();
    let mut out = String::with_capacity(format.len().min(limit) + 16);
    // Go's doPrintf: argument indexes (`%[2]v`) and `*` widths and precisions taken
    // from the arguments.
    let mut arg_num = 0usize;
    let mut reordered = false;
    let mut i = 0;
    while i < end {
        let start = i;
        while i < end && b[i] != b'%' {
            i += 1;
        }
        out.push_str(&format[start..i]);
        if i >= end {
            break;
        }
        i += 1;
        let mut spec = Spec::default();
        let mut good_arg_num = true;
        while i < end {
            match b[i] {
                b'-' => {
                    spec.minus = true;
                    spec.zero = false;
                }
                b'+' => spec.plus = true,
                b'#' => spec.sharp = true,
                b'0' => spec.zero = !spec.minus,
                b' ' => spec.space = true,
                _ => break,
            }
            i += 1;
        }
        let mut after_index;
        (arg_num, i, after_index) =
            arg_number(arg_num, b, i, args.len(), &mut good_arg_num, &mut reordered);
        if i < end && b[i] == b'*' {
            i += 1;
            match int_from_arg(args, &mut arg_num) {
                Some(w) => {
                    if w < 0 {
                        spec.minus = true;
                        spec.zero = false;
                    }
                    spec.width = Some(w.unsigned_abs() as usize);
                }
                None => out.push_str("%!(BADWIDTH)"),
            }
            after_index = false;
        } else {
            let (w, ni) = parse_num(b, i);
            spec.width = w;
            i = ni;
            if after_index && w.is_some() {
                good_arg_num = false;
            }
        }
        if i + 1 < end && b[i] == b'.' {
            i += 1;
            if after_index {
                good_arg_num = false;
            }
            (arg_num, i, after_index) =
                arg_number(arg_num, b, i, args.len(), &mut good_arg_num, &mut reordered);
            if i < end && b[i] == b'*' {
                i += 1;
                // A negative precision is no precision, and reported like a bad one.
                match int_from_arg(args, &mut arg_num) {
                    Some(p) if p >= 0 => spec.prec = Some(p as usize),
                    _ => {
                        spec.prec = None;
                        out.push_str("%!(BADPREC)");
                    }
                }
                after_index = false;
            } else {
                let (p, ni) = parse_num(b, i);
                spec.prec = Some(p.unwrap_or(0));
                i = ni;
            }
        }
        if !after_index {
            (arg_num, i, _) =
                arg_number(arg_num, b, i, args.len(), &mut good_arg_num, &mut reordered);
        }
        let Some(verb) = format[i..].chars().next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        i += verb.len_utf8();
        if verb == '%' {
            out.push('%');
            continue;
        }
        if !good_arg_num {
            out.push_str(&format!("%!{verb}(BADINDEX)"));
            continue;
        }
        let Some(arg) = args.get(arg_num) else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        arg_num += 1;
        let room = limit.saturating_sub(out.len());
        let body = format_one(verb, spec, arg, room).ok_or_else(too_long)?;
        out.push_str(&pad(body, spec, verb, arg));
        if out.len() > limit {
            return Err(too_long());
        }
    }
    if !reordered && arg_num < args.len() {
        out.push_str("%!(EXTRA ");
        for (i, a) in args[arg_num..].iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            if a.is_none() {
                out.push_str("<nil>");
            } else {
                out.push_str(go_type_name(a));
                out.push('=');
                out.push_str(&go_sprint(a));
            }
        }
        out.push(')');
    }
    if out.len() > limit {
        return Err(too_long());
    }
    Ok(out)
}

/// Go's `parsenum`: decimal digits at `i` (capped at 10^6 like Go's `tooLarge`, which
/// then reports none), and the index after them.
fn parse_num(b: &[u8], mut i: usize) -> (Option<usize>, usize) {
    let mut n: Option<usize> = None;
    while i < b.len() && b[i].is_ascii_digit() {
        let v = n.unwrap_or(0) * 10 + usize::from(b[i] - b'0');
        if v > 1_000_000 {
            // Go: tooLarge, so no number; the rest of the format is consumed.
            return (None, b.len());
        }
        n = Some(v);
        i += 1;
    }
    (n, i)
}

/// Go's `argNumber`: an explicit `[n]` index at `i` (one-based), else `arg_num`
/// unchanged. A bad index clears `good`.
fn arg_number(
    arg_num: usize,
    b: &[u8],
    i: usize,
    num_args: usize,
    good: &mut bool,
    reordered: &mut bool,
) -> (usize, usize, bool) {
    if i >= b.len() || b[i] != b'[' {
        return (arg_num, i, false);
    }
    *reordered = true;
    let rest = &b[i..];
    // Go's parseArgNumber.
    let (index, wid, ok) = if rest.len() < 3 {
        (0, 1, false)
    } else {
        match rest.iter().skip(1).position(|&c| c == b']') {
            Some(p) => {
                let close = p + 1;
                let (n, ni) = parse_num(rest, 1);
                match n {
                    Some(n) if ni == close => (n as i64 - 1, close + 1, true),
                    _ => (0, close + 1, false),
                }
            }
            None => (0, 1, false),
        }
    };
    if ok && index >= 0 && (index as usize) < num_args {
        return (index as usize, i + wid, true);
    }
    *good = false;
    (arg_num, i + wid, ok)
}

/// Go's `intFromArg`: the argument at `arg_num` as an int (integers only; a float,
/// string or missing argument gives `None`), advancing past it when present.
fn int_from_arg(args: &[MjValue], arg_num: &mut usize) -> Option<i64> {
    let a = args.get(*arg_num)?;
    *arg_num += 1;
    if !is_int(a) {
        return None;
    }
    let n = i64::try_from(a.clone()).ok()?;
    (-1_000_000..=1_000_000).contains(&n).then_some(n)
}

fn bad(verb: char, arg: &MjValue) -> String {
    if arg.is_none() || arg.is_undefined() {
        format!("%!{verb}(<nil>)")
    } else {
        format!("%!{verb}({}={})", go_type_name(arg), go_sprint(arg))
    }
}

fn is_float(v: &MjValue) -> bool {
    v.kind() == ValueKind::Number && !v.is_integer()
}

fn is_int(v: &MjValue) -> bool {
    v.kind() == ValueKind::Number && v.is_integer()
}

/// One operand formatted with `verb`; `None` when that takes more than `room` bytes.
fn format_one(verb: char, spec: Spec, arg: &MjValue, room: usize) -> Option<String> {
    // Lists and maps apply the verb to each element, as fmt does.
    match arg.kind() {
        ValueKind::Seq | ValueKind::Iterable if verb != 'T' => {
            let mut out = String::from("[");
            if let Ok(items) = arg.try_iter() {
                for (i, x) in items.enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    let item = format_one(verb, spec, &x, room.checked_sub(out.len())?)?;
                    out.push_str(&item);
                }
            }
            out.push(']');
            return (out.len() <= room).then_some(out);
        }
        ValueKind::Map if verb != 'T' => {
            let mut out = String::from("map[");
            for (i, (k, v)) in map_entries(arg).iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                let key = format_one(
                    verb,
                    spec,
                    &MjValue::from(k.as_str()),
                    room.checked_sub(out.len())?,
                )?;
                out.push_str(&key);
                out.push(':');
                let value = format_one(verb, spec, v, room.checked_sub(out.len())?)?;
                out.push_str(&value);
            }
            out.push(']');
            return (out.len() <= room).then_some(out);
        }
        _ => {}
    }
    let body = format_scalar(verb, spec, arg);
    (body.len() <= room).then_some(body)
}

fn format_scalar(verb: char, spec: Spec, arg: &MjValue) -> String {
    match verb {
        'v' => {
            if arg.is_none() {
                "<nil>".to_string()
            } else if is_float(arg) && spec.prec.is_some() {
                format_g(f64::try_from(arg.clone()).unwrap_or(0.0), spec.prec)
            } else if spec.sharp && arg.kind() == ValueKind::String {
                go_quote(arg.as_str().unwrap_or_default())
            } else {
                // Go: `%+v` is struct-field syntax, not a sign (fmt clears `plus`).
                let spec = Spec {
                    plus: false,
                    ..spec
                };
                with_plus(go_sprint(arg), spec, arg)
            }
        }
        'U' if is_int(arg) => {
            let i = i64::try_from(arg.clone()).unwrap_or(0);
            let mut body = if i < 0 {
                format!("U+{:X}", i as u64)
            } else {
                format!("U+{i:04X}")
            };
            if spec.sharp
                && let Some(c) = u32::try_from(i).ok().and_then(char::from_u32)
                && !c.is_control()
            {
                body.push_str(&format!(" '{c}'"));
            }
            body
        }
        'b' | 'x' | 'X' if is_float(arg) => {
            let f = f64::try_from(arg.clone()).unwrap_or(0.0);
            let body = if verb == 'b' {
                float_b(f)
            } else {
                let s = float_x(f);
                if verb == 'X' { s.to_uppercase() } else { s }
            };
            with_plus(body, spec, arg)
        }
        'T' => {
            if arg.is_none() {
                "<nil>".to_string()
            } else {
                go_type_name(arg).to_string()
            }
        }
        's' => match arg.kind() {
            ValueKind::String => {
                let s = arg.as_str().unwrap_or_default();
                match spec.prec {
                    Some(p) => s.chars().take(p).collect(),
                    None => s.to_string(),
                }
            }
            _ => bad(verb, arg),
        },
        'q' => match arg.kind() {
            ValueKind::String => go_quote(arg.as_str().unwrap_or_default()),
            ValueKind::Number if arg.is_integer() => {
                let i = i64::try_from(arg.clone()).unwrap_or(0);
                match u32::try_from(i).ok().and_then(char::from_u32) {
                    Some(c) => {
                        let q = go_quote(&c.to_string());
                        let inner = &q[1..q.len() - 1];
                        let inner = if inner == "\\\"" {
                            "\""
                        } else if c == '\'' {
                            "\\'"
                        } else {
                            inner
                        };
                        format!("'{inner}'")
                    }
                    None => "'\u{fffd}'".to_string(),
                }
            }
            _ => bad(verb, arg),
        },
        't' => match arg.kind() {
            ValueKind::Bool => go_sprint(arg),
            _ => bad(verb, arg),
        },
        'd' => {
            if is_int(arg) {
                with_plus(go_sprint(arg), spec, arg)
            } else {
                bad(verb, arg)
            }
        }
        'b' | 'o' | 'x' | 'X' if is_int(arg) => {
            let i = i64::try_from(arg.clone()).unwrap_or(0);
            let (neg, u) = (i < 0, i.unsigned_abs());
            let body = match verb {
                'b' => format!("{u:b}"),
                'o' => format!("{}{u:o}", if spec.sharp { "0" } else { "" }),
                'x' => format!("{}{u:x}", if spec.sharp { "0x" } else { "" }),
                _ => format!("{}{u:X}", if spec.sharp { "0X" } else { "" }),
            };
            if neg { format!("-{body}") } else { body }
        }
        'x' | 'X' if arg.kind() == ValueKind::String => {
            let s = arg.as_str().unwrap_or_default();
            let hex: String = s.bytes().map(|b| format!("{b:02x}")).collect();
            let hex = if spec.sharp && !s.is_empty() {
                format!("0x{hex}")
            } else {
                hex
            };
            if verb == 'X' { hex.to_uppercase() } else { hex }
        }
        'c' if is_int(arg) => {
            let i = i64::try_from(arg.clone()).unwrap_or(0);
            u32::try_from(i)
                .ok()
                .and_then(char::from_u32)
                .unwrap_or('\u{fffd}')
                .to_string()
        }
        'f' | 'F' | 'e' | 'E' | 'g' | 'G' if is_float(arg) => {
            let f = f64::try_from(arg.clone()).unwrap_or(0.0);
            let body = match verb {
                'f' | 'F' => format_fixed(f, spec.prec.unwrap_or(6)),
                'e' | 'E' => {
                    let s = format_exp(f, spec.prec.unwrap_or(6));
                    if verb == 'E' { s.to_uppercase() } else { s }
                }
                _ => {
                    let s = format_g(f, spec.prec);
                    if verb == 'G' { s.to_uppercase() } else { s }
                }
            };
            with_plus(body, spec, arg)
        }
        _ => bad(verb, arg),
    }
}

/// A finite float64 as Go's `'b'` format sees it: the sign, the integer mantissa (with
/// the implicit bit of normal numbers) and the power of two it is scaled by.
fn float_parts(f: f64) -> (&'static str, u64, i64) {
    let bits = f.to_bits();
    let sign = if bits >> 63 == 1 { "-" } else { "" };
    let e = ((bits >> 52) & 0x7ff) as i64;
    let mant = bits & ((1 << 52) - 1);
    if e == 0 {
        (sign, mant, -1074)
    } else {
        (sign, mant | 1 << 52, e - 1075)
    }
}

/// `+` or `-` and the magnitude of a binary exponent, `min_digits` wide.
fn exponent(exp: i64, min_digits: usize) -> String {
    let sign = if exp >= 0 { '+' } else { '-' };
    format!("{sign}{:0min_digits$}", exp.abs())
}

/// Go's `%b` of a float64 (`strconv.FormatFloat(f, 'b', -1, 64)`): the integer
/// mantissa and the power of two, `5629499534213120p-51` for 2.5.
fn float_b(f: f64) -> String {
    if !f.is_finite() {
        return format_fixed(f, 0);
    }
    let (sign, mant, exp) = float_parts(f);
    format!("{sign}{mant}p{}", exponent(exp, 1))
}

/// Go's `%x` of a float64 (`strconv.FormatFloat(f, 'x', -1, 64)`): `0x1.4p+01` for 2.5.
fn float_x(f: f64) -> String {
    if !f.is_finite() {
        return format_fixed(f, 0);
    }
    let (sign, mut mant, exp) = float_parts(f);
    if mant == 0 {
        return format!("{sign}0x0p+00");
    }
    // The leading 1 at bit 52, then the 13 hex digits after the point.
    let mut exp = exp + 52;
    while mant & (1 << 52) == 0 {
        mant <<= 1;
        exp -= 1;
    }
    let frac = format!("{:013x}", mant & ((1 << 52) - 1));
    let frac = frac.trim_end_matches('0');
    let point = if frac.is_empty() {
        String::new()
    } else {
        format!(".{frac}")
    };
    format!("{sign}0x1{point}p{}", exponent(exp, 2))
}

fn with_plus(s: String, spec: Spec, arg: &MjValue) -> String {
    if arg.kind() == ValueKind::Number && !s.starts_with('-') {
        if spec.plus {
            return format!("+{s}");
        }
        if spec.space {
            return format!(" {s}");
        }
    }
    s
}

/// Decimal places beyond which a float64's exact decimal expansion is all zeros (the
/// smallest subnormal, 2^-1074, has 1074 of them). Rust's `format!` refuses
/// precisions above 65535, so longer ones are formatted to this many places and padded
/// with zeros, which is what Go prints.
const EXACT_DIGITS: usize = 1100;

/// `format!("{f:.prec$}")` for any precision.
fn fixed_digits(f: f64, prec: usize) -> String {
    let p = prec.min(EXACT_DIGITS);
    let mut s = format!("{f:.p$}");
    s.extend(std::iter::repeat_n('0', prec - p));
    s
}

/// `format!("{f:.prec$e}")` for any precision.
fn exp_digits(f: f64, prec: usize) -> String {
    let p = prec.min(EXACT_DIGITS);
    let s = format!("{f:.p$e}");
    if p == prec {
        return s;
    }
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    format!("{mant}{}e{exp}", "0".repeat(prec - p))
}

fn format_fixed(f: f64, prec: usize) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    fixed_digits(f, prec)
}

fn format_exp(f: f64, prec: usize) -> String {
    if !f.is_finite() {
        return format_fixed(f, prec);
    }
    let s = exp_digits(f, prec);
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = exp.parse().unwrap_or(0);
    format!(
        "{mant}e{}{:02}",
        if e < 0 { '-' } else { '+' },
        e.unsigned_abs()
    )
}

/// `%g` with an optional precision (significant digits).
fn format_g(f: f64, prec: Option<usize>) -> String {
    let Some(p) = prec else {
        return format_float_v(f);
    };
    if !f.is_finite() {
        return format_float_v(f);
    }
    let p = p.max(1);
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    // Trailing zeros are trimmed below, so the exact digits are enough.
    let s = format!("{:.*e}", (p - 1).min(EXACT_DIGITS), f);
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = exp.parse().unwrap_or(0);
    let mant = if mant.contains('.') {
        mant.trim_end_matches('0').trim_end_matches('.')
    } else {
        mant
    };
    if e < -4 || e >= p as i32 {
        format!(
            "{mant}e{}{:02}",
            if e < 0 { '-' } else { '+' },
            e.unsigned_abs()
        )
    } else {
        let decimals = ((p as i32 - 1 - e).max(0) as usize).min(EXACT_DIGITS);
        let fixed = format!("{f:.decimals$}");
        if fixed.contains('.') {
            fixed
                .trim_end_matches('0')
                .trim_end_matches('.')
                .to_string()
        } else {
            fixed
        }
    }
}

fn pad(body: String, spec: Spec, verb: char, arg: &MjValue) -> String {
    let Some(w) = spec.width else { return body };
    let len = body.chars().count();
    if len >= w {
        return body;
    }
    let fill = w - len;
    if spec.minus {
        format!("{body}{}", " ".repeat(fill))
    } else if spec.zero && arg.kind() == ValueKind::Number && !matches!(verb, 'v' | 's' | 'q' | 'T')
    {
        let (sign, digits) = match body.strip_prefix(['-', '+']) {
            Some(rest) => (&body[..1], rest),
            None => ("", body.as_str()),
        };
        format!("{sign}{}{digits}", "0".repeat(fill))
    } else {
        format!("{}{body}", " ".repeat(fill))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(format: &str, args: Vec<MjValue>) -> String {
        sprintf(format, &args)
    }

    #[test]
    fn argument_indexes_and_star_widths_like_go() {
        // Each checked against Helm 4.1.4 (template literals are Go ints there; here
        // integers are int64, which only shows in type names).
        let n = |v: i64| MjValue::from(v);
        for (format, args, want) in [
            ("%[2]v %[1]v", vec![n(1), n(2)], "2 1"),
            ("%[3]v", vec![n(1), n(2)], "%!v(BADINDEX)"),
            ("%[0]v", vec![n(1)], "%!v(BADINDEX)"),
            ("%[1]v %v", vec![n(1), n(2)], "1 2"),
            ("%[2]*[1]d", vec![n(5), n(8)], "       5"),
            ("%*d", vec![n(5), n(3)], "    3"),
            ("%-*d|", vec![n(5), n(3)], "3    |"),
            ("%*d", vec![n(-5), n(3)], "3    "),
            ("%.*f", vec![n(2), MjValue::from(1.23456)], "1.23"),
            ("%.*d", vec![n(-1), n(7)], "%!(BADPREC)7"),
            ("%*d", vec![MjValue::from("x"), n(3)], "%!(BADWIDTH)3"),
            ("%[1]d %[1]x %#[1]o", vec![n(64)], "64 40 0100"),
            ("%[2]2d", vec![n(1), n(2)], "%!d(BADINDEX)"),
            ("%[1].2f", vec![MjValue::from(1.23456)], "%!f(BADINDEX)"),
            ("%3.1[1]f", vec![MjValue::from(2.5)], "2.5"),
            ("%[1]d", vec![n(1), n(2), n(3)], "1"),
            ("%0-5d|", vec![n(42)], "42   |"),
            ("%", vec![], "%!(NOVERB)"),
            ("%U", vec![n(65)], "U+0041"),
            ("%#U", vec![n(65)], "U+0041 'A'"),
            ("%b", vec![MjValue::from(2.5)], "5629499534213120p-51"),
            ("%x", vec![MjValue::from(2.5)], "0x1.4p+01"),
            ("%X", vec![MjValue::from(-0.1)], "-0X1.999999999999AP-04"),
            ("%x", vec![MjValue::from(1e300)], "0x1.7e43c8800759cp+996"),
            ("%#x", vec![MjValue::from("hi")], "0x6869"),
            ("%+v", vec![n(5)], "5"),
        ] {
            assert_eq!(sprintf(format, &args), want, "{format}");
        }
    }

    #[test]
    fn huge_precisions_do_not_panic() {
        // Rust's format! panics on precisions above 65535 ("Formatting argument out
        // of range"); a tpl value could ask for one.
        let one_and_half = MjValue::from(1.5);
        let fixed = f("%.100000f", vec![one_and_half.clone()]);
        assert_eq!(fixed.len(), 2 + 100_000);
        assert!(fixed.starts_with("1.5000"));
        assert!(fixed[2..].bytes().skip(1).all(|b| b == b'0'));
        let exp = f("%.70000e", vec![one_and_half.clone()]);
        assert!(
            exp.starts_with("1.5000") && exp.ends_with("0e+00"),
            "{}",
            &exp[..20]
        );
        assert_eq!(exp.len(), 2 + 70_000 + 4);
        assert_eq!(f("%.70000g", vec![one_and_half.clone()]), "1.5");
        // Go prints the exact digits of the double nearest 1e-300 (751 of them), as
        // with any precision past them.
        let g = f("%.70000g", vec![MjValue::from(1e-300)]);
        assert!(g.starts_with("1.000000000000000025059") && g.ends_with("e-300"));
        assert_eq!(g, f("%.1000g", vec![MjValue::from(1e-300)]));
        assert_eq!(f("%.70000v", vec![one_and_half]), "1.5");
        // The exact digits of a tiny subnormal survive.
        let tiny = f("%.1100f", vec![MjValue::from(5e-324)]);
        assert_eq!(f("%.70000f", vec![MjValue::from(5e-324)])[..1102], tiny);
    }

    #[test]
    fn matches_go_fmt() {
        let s = MjValue::from;
        assert_eq!(f("%s-%s", vec![s("rel"), s("permify")]), "rel-permify");
        assert_eq!(f("v%s", vec![s("")]), "v");
        assert_eq!(f("v%s", vec![MjValue::from(())]), "v%!s(<nil>)");
        assert_eq!(f("v%s", vec![MjValue::from(16.0)]), "v%!s(float64=16)");
        assert_eq!(f("%d", vec![MjValue::from(5)]), "5");
        assert_eq!(f("%d", vec![MjValue::from(1.5)]), "%!d(float64=1.5)");
        assert_eq!(f("%v", vec![MjValue::from(1e6)]), "1e+06");
        assert_eq!(f("%q", vec![s("a\"b")]), "\"a\\\"b\"");
        assert_eq!(f("%s %s", vec![s("a")]), "a %!s(MISSING)");
        assert_eq!(
            f("%s", vec![s("a"), MjValue::from(2)]),
            "a%!(EXTRA int64=2)"
        );
        assert_eq!(f("100%%", vec![]), "100%");
        assert_eq!(f("%5s|%-5s|", vec![s("a"), s("b")]), "    a|b    |");
        assert_eq!(f("%05d", vec![MjValue::from(-42)]), "-0042");
        assert_eq!(f("%.2f", vec![MjValue::from(1.23456)]), "1.23");
        assert_eq!(f("%e", vec![MjValue::from(1500.0)]), "1.500000e+03");
        assert_eq!(f("%t", vec![MjValue::from(true)]), "true");
        assert_eq!(f("%x", vec![MjValue::from(255)]), "ff");
        assert_eq!(
            f("%s", vec![MjValue::from(vec![s("a"), MjValue::from(1.0)])]),
            "[a %!s(float64=1)]"
        );
        assert_eq!(f("%", vec![]), "%!(NOVERB)");
    }
}
