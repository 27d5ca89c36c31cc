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
    let mut out = String::with_capacity(format.len().min(limit) + 16);
    let mut next = 0usize;
    let mut chars = format.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = Spec::default();
        while let Some(&(_, f)) = chars.peek() {
            match f {
                '-' => spec.minus = true,
                '+' => spec.plus = true,
                '#' => spec.sharp = true,
                '0' => spec.zero = true,
                ' ' => spec.space = true,
                _ => break,
            }
            chars.next();
        }
        let num = |chars: &mut std::iter::Peekable<std::str::CharIndices>| {
            let mut n: Option<usize> = None;
            while let Some(&(_, d)) = chars.peek() {
                if let Some(v) = d.to_digit(10) {
                    n = Some(
                        n.unwrap_or(0)
                            .saturating_mul(10)
                            .saturating_add(v as usize)
                            .min(1 << 20),
                    );
                    chars.next();
                } else {
                    break;
                }
            }
            n
        };
        spec.width = num(&mut chars);
        if chars.peek().map(|p| p.1) == Some('.') {
            chars.next();
            spec.prec = Some(num(&mut chars).unwrap_or(0));
        }
        let Some((_, verb)) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.get(next) else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        next += 1;
        let room = limit.saturating_sub(out.len());
        let body = format_one(verb, spec, arg, room).ok_or_else(too_long)?;
        out.push_str(&pad(body, spec, verb, arg));
        if out.len() > limit {
            return Err(too_long());
        }
    }
    if next < args.len() {
        out.push_str("%!(EXTRA ");
        for (i, a) in args[next..].iter().enumerate() {
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
                with_plus(go_sprint(arg), spec, arg)
            }
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
