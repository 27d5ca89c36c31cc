//! Template functions with Go, Sprig and Helm semantics.
//!
//! Each function mirrors the Sprig/Helm function of the same name, including its
//! argument order when used as a function and Go's type rules: a `string` parameter
//! given a number fails ("wrong type for value; expected string; got float64"), nil
//! arguments behave as Go passes them, and Go's pipe `x | f a` becomes the minijinja
//! filter `x | f(a)`.

use minijinja::value::{Rest, Value as MjValue, ValueKind};
use minijinja::{Error, ErrorKind, State};

use super::goval::{GoMap, go_sprint, go_type_name, is_list, is_map, map_entries};
use super::semver;
use crate::gofmt::go_quote;

/// Builds an "invalid operation" error with a message.
pub fn err(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidOperation, msg.into())
}

/// Fails on undefined arguments: in Go, evaluating the field would already have failed
/// ("nil pointer evaluating interface {}.x" or "can't evaluate field x").
pub fn defined(v: &MjValue, func: &str) -> Result<(), Error> {
    if v.is_undefined() {
        return Err(Error::new(
            ErrorKind::UndefinedError,
            format!(
                "the argument of {func} reads a field of a value that is null, missing or not a map"
            ),
        ));
    }
    Ok(())
}

/// A Go `string` parameter.
pub fn want_str<'a>(v: &'a MjValue, func: &str) -> Result<&'a str, Error> {
    defined(v, func)?;
    match v.kind() {
        ValueKind::String => Ok(v.as_str().unwrap_or_default()),
        ValueKind::None => Err(err(format!(
            "error calling {func}: invalid value; expected string"
        ))),
        _ => Err(err(format!(
            "error calling {func}: wrong type for value; expected string; got {}",
            go_type_name(v)
        ))),
    }
}

/// A Go `int` parameter (template integer constants).
fn want_int(v: &MjValue, func: &str) -> Result<i64, Error> {
    defined(v, func)?;
    if v.is_integer() {
        return i64::try_from(v.clone()).map_err(|_| err(format!("{func}: integer out of range")));
    }
    Err(err(format!(
        "error calling {func}: wrong type for value; expected int; got {}",
        go_type_name(v)
    )))
}

/// Sprig's `empty`: nil, false, 0, and empty strings, lists and maps.
pub fn is_empty(v: &MjValue) -> bool {
    !v.is_true()
}

/// `default FALLBACK GIVEN` (function form): GIVEN unless it is empty.
pub fn default_fn(fallback: MjValue, given: Option<MjValue>) -> Result<MjValue, Error> {
    defined(&fallback, "default")?;
    match given {
        Some(g) => {
            defined(&g, "default")?;
            Ok(if is_empty(&g) { fallback } else { g })
        }
        None => Ok(fallback),
    }
}

/// `GIVEN | default FALLBACK` (filter form).
pub fn default_filter(given: MjValue, fallback: MjValue) -> Result<MjValue, Error> {
    default_fn(fallback, Some(given))
}

/// Sprig `trunc`: the first N bytes (Go slices bytes, not characters); a negative N
/// keeps the last -N bytes. Cutting inside a UTF-8 character fails: Helm would emit
/// invalid UTF-8 and then fail to parse the manifest.
pub fn trunc(s: MjValue, n: MjValue) -> Result<MjValue, Error> {
    let n = want_int(&n, "trunc")?;
    let s_str = want_str(&s, "trunc")?;
    let len = s_str.len() as i64;
    let cut = if n < 0 && len + n > 0 {
        (len + n) as usize..s_str.len()
    } else if n >= 0 && len > n {
        0..n as usize
    } else {
        return Ok(s);
    };
    match s_str.get(cut) {
        Some(part) => Ok(MjValue::from(part)),
        None => Err(err(format!(
            "trunc {n}: cutting {s_str:?} at byte {n} splits a UTF-8 character; Helm would write invalid UTF-8 and fail to parse the manifest"
        ))),
    }
}

/// Sprig `trimSuffix SUFFIX S`.
pub fn trim_suffix(s: MjValue, suffix: MjValue) -> Result<MjValue, Error> {
    let suffix = want_str(&suffix, "trimSuffix")?;
    let s = want_str(&s, "trimSuffix")?;
    Ok(MjValue::from(s.strip_suffix(suffix).unwrap_or(s)))
}

/// Sprig `replace OLD NEW S` (all occurrences).
pub fn replace(s: MjValue, old: MjValue, new: MjValue) -> Result<MjValue, Error> {
    let old = want_str(&old, "replace")?;
    let new = want_str(&new, "replace")?;
    let s = want_str(&s, "replace")?;
    Ok(MjValue::from(go_replace_all(s, old, new)))
}

/// Go's `strings.ReplaceAll`, including its rule for an empty `old` (insert `new` before
/// every character and at the end).
pub fn go_replace_all(s: &str, old: &str, new: &str) -> String {
    if old.is_empty() {
        let mut out = String::with_capacity(s.len() + new.len() * (s.len() + 1));
        for c in s.chars() {
            out.push_str(new);
            out.push(c);
        }
        out.push_str(new);
        return out;
    }
    s.replace(old, new)
}

/// Sprig `contains SUBSTR S`.
pub fn contains(substr: MjValue, s: MjValue) -> Result<bool, Error> {
    let substr = want_str(&substr, "contains")?;
    let s = want_str(&s, "contains")?;
    Ok(s.contains(substr))
}

/// Sprig `quote`: each non-nil argument printed with `%v` and Go-quoted, joined by spaces.
pub fn quote(args: Rest<MjValue>) -> Result<MjValue, Error> {
    let mut out = Vec::with_capacity(args.len());
    for a in args.iter() {
        defined(a, "quote")?;
        if !a.is_none() {
            out.push(go_quote(&go_sprint(a)));
        }
    }
    Ok(MjValue::from(out.join(" ")))
}

/// Sprig `join SEP LIST`: list elements printed with `%v` (nils skipped); a non-list
/// value is printed as the single element.
pub fn join(sep: MjValue, list: MjValue) -> Result<MjValue, Error> {
    let sep = want_str(&sep, "join")?;
    defined(&list, "join")?;
    let parts: Vec<String> = if is_list(&list) {
        list.try_iter()?
            .filter(|v| !v.is_none())
            .map(|v| go_sprint(&v))
            .collect()
    } else if list.is_none() {
        Vec::new()
    } else {
        vec![go_sprint(&list)]
    };
    Ok(MjValue::from(parts.join(sep)))
}

/// Sprig `omit MAP KEYS...`: a copy of the map without the keys (nil map: empty map).
pub fn omit(map: MjValue, keys: Rest<MjValue>) -> Result<MjValue, Error> {
    defined(&map, "omit")?;
    if !map.is_none() && !is_map(&map) {
        return Err(err(format!(
            "error calling omit: wrong type for value; expected map[string]interface {{}}; got {}",
            go_type_name(&map)
        )));
    }
    let mut drop = Vec::with_capacity(keys.len());
    for k in keys.iter() {
        drop.push(want_str(k, "omit")?.to_string());
    }
    let kept = map_entries(&map)
        .into_iter()
        .filter(|(k, _)| !drop.contains(k))
        .collect();
    Ok(GoMap(kept).into_value())
}

fn want_map_or_nil(m: &MjValue, func: &str) -> Result<(), Error> {
    defined(m, func)?;
    if m.is_none() || is_map(m) {
        Ok(())
    } else {
        Err(err(format!(
            "error calling {func}: wrong type for value; expected map[string]interface {{}}; got {}",
            go_type_name(m)
        )))
    }
}

/// Sprig `hasKey MAP KEY`.
pub fn has_key(map: MjValue, key: MjValue) -> Result<bool, Error> {
    want_map_or_nil(&map, "hasKey")?;
    let key = want_str(&key, "hasKey")?;
    Ok(map_entries(&map).iter().any(|(k, _)| k == key))
}

/// Sprig `set MAP KEY VALUE`, returning the updated map (the chart's only use writes
/// into a map that only the same template reads afterwards). A nil map fails, as
/// assigning into a nil Go map panics.
pub fn set_key(map: MjValue, key: MjValue, value: MjValue) -> Result<MjValue, Error> {
    want_map_or_nil(&map, "set")?;
    let key = want_str(&key, "set")?.to_string();
    defined(&value, "set")?;
    if map.is_none() {
        return Err(err("error calling set: assignment to entry in nil map"));
    }
    let mut entries: std::collections::BTreeMap<String, MjValue> =
        map_entries(&map).into_iter().collect();
    entries.insert(key, value);
    Ok(GoMap(entries).into_value())
}

/// Sprig `semverCompare CONSTRAINT VERSION`.
pub fn semver_compare(constraint: MjValue, version: MjValue) -> Result<bool, Error> {
    let c = want_str(&constraint, "semverCompare")?;
    let v = want_str(&version, "semverCompare")?;
    semver::semver_compare(c, v).map_err(|e| err(format!("error calling semverCompare: {e}")))
}

/// Sprig `indent N S`: every line prefixed by N spaces.
pub fn indent(s: MjValue, n: MjValue) -> Result<MjValue, Error> {
    let n = want_int(&n, "indent")?.max(0) as usize;
    let s = want_str(&s, "indent")?;
    Ok(MjValue::from(indent_str(s, n)))
}

/// Sprig `nindent N S`: a newline, then `indent N S`.
pub fn nindent(s: MjValue, n: MjValue) -> Result<MjValue, Error> {
    let n = want_int(&n, "nindent")?.max(0) as usize;
    let s = want_str(&s, "nindent")?;
    let mut out = String::with_capacity(s.len() + n + 8);
    out.push('\n');
    out.push_str(&indent_str(s, n));
    Ok(MjValue::from(out))
}

fn indent_str(s: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    let mut out = String::with_capacity(s.len() + n * 4);
    out.push_str(&pad);
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(&pad);
        }
        out.push_str(line);
    }
    out
}

/// The largest integer a chart template may `range` over (65536, Helm's largest
/// `--set` list index). Go loops 0..N for any N; the chart only ranges over lists,
/// so an integer there is a values mistake, and a big one (`--set
/// ingress.tls[0].hosts=100000000`) would make Helm print one line per number until
/// memory runs out.
pub const MAX_RANGE_INT: i64 = 65536;

/// Go's `range` over a value, as a list to loop over: a list's items, a map's values in
/// key order, nothing for nil, 0..N for an integer; anything else fails as in Go.
///
/// # Errors
/// An undefined value, a value Go cannot range over, or an integer above
/// [`MAX_RANGE_INT`] (our limit; Go has none).
pub fn go_range(v: MjValue) -> Result<MjValue, Error> {
    defined(&v, "range")?;
    match v.kind() {
        ValueKind::None => Ok(MjValue::from(Vec::<MjValue>::new())),
        ValueKind::Seq | ValueKind::Iterable => Ok(v),
        ValueKind::Map => Ok(MjValue::from(
            map_entries(&v)
                .into_iter()
                .map(|(_, v)| v)
                .collect::<Vec<_>>(),
        )),
        ValueKind::Number if v.is_integer() => {
            let n = i64::try_from(v.clone()).unwrap_or(i64::MAX).max(0);
            if n > MAX_RANGE_INT {
                return Err(err(format!(
                    "range over the integer {v}: more than {MAX_RANGE_INT} iterations \
                     (permify-render's limit; the chart expects a list here)"
                )));
            }
            Ok(MjValue::from((0..n).map(MjValue::from).collect::<Vec<_>>()))
        }
        _ => Err(err(format!("range can't iterate over {}", go_sprint(&v)))),
    }
}

/// Go's `printf`/Sprig's `printf`: `fmt.Sprintf`.
pub fn printf(format: MjValue, args: Rest<MjValue>) -> Result<MjValue, Error> {
    let f = want_str(&format, "printf")?;
    for a in args.iter() {
        defined(a, "printf")?;
    }
    Ok(MjValue::from(super::sprintf::sprintf(f, &args)))
}

/// Helm's `toYaml`.
pub fn to_yaml(v: MjValue) -> Result<MjValue, Error> {
    defined(&v, "toYaml")?;
    let value = super::goval::from_mj(&v).ok_or_else(|| err("toYaml: value has no YAML form"))?;
    Ok(MjValue::from(crate::yaml::emit::to_yaml(&value)))
}

/// Whether a value, as `toJson` text, contains `{{` (only strings and keys can).
pub fn json_contains_braces(v: &MjValue) -> bool {
    match v.kind() {
        ValueKind::String => v.as_str().is_some_and(|s| s.contains("{{")),
        ValueKind::Seq | ValueKind::Iterable => v
            .try_iter()
            .map(|mut it| it.any(|x| json_contains_braces(&x)))
            .unwrap_or(false),
        ValueKind::Map => map_entries(v)
            .iter()
            .any(|(k, x)| k.contains("{{") || json_contains_braces(x)),
        _ => false,
    }
}

/// Bitnami's `common.tplvalues.render` with `value` and `context`: a string as is, any
/// other value as `toYaml`; then, when the value's JSON holds `{{`, the text is
/// executed as a Go template (Helm's `tpl`) against the context.
pub fn tplvalues(state: &State, value: MjValue, top: MjValue) -> Result<MjValue, Error> {
    defined(&value, "tplvalues")?;
    let text = if value.kind() == ValueKind::String {
        value.as_str().unwrap_or_default().to_string()
    } else {
        to_yaml(value.clone())?
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    if !json_contains_braces(&value) {
        return Ok(MjValue::from(text));
    }
    super::tpl::tpl(state, &text, &top).map(MjValue::from)
}

/// Registers every function and filter on the environment.
pub fn register(env: &mut minijinja::Environment<'static>) {
    env.add_function("default", default_fn);
    env.add_filter("default", default_filter);
    env.add_filter("trunc", trunc);
    env.add_filter("trimSuffix", trim_suffix);
    env.add_filter("replace", replace);
    env.add_function("contains", contains);
    env.add_filter("quote", quote);
    env.add_function("quote", quote);
    env.add_function("join", join);
    env.add_function("omit", omit);
    env.add_function("hasKey", has_key);
    env.add_function("setKey", set_key);
    env.add_function("semverCompare", semver_compare);
    env.add_filter("indent", indent);
    env.add_filter("nindent", nindent);
    env.add_filter("range", go_range);
    env.add_function("printf", printf);
    env.add_filter("toYaml", to_yaml);
    env.add_function("tplvalues", tplvalues);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> MjValue {
        MjValue::from(x)
    }

    #[test]
    fn default_is_go_empty() {
        assert_eq!(default_filter(s(""), s("fb")).unwrap(), s("fb"));
        assert_eq!(
            default_filter(MjValue::from(0.0), s("fb")).unwrap(),
            s("fb")
        );
        assert_eq!(
            default_filter(MjValue::from(false), s("fb")).unwrap(),
            s("fb")
        );
        assert_eq!(default_filter(MjValue::from(()), s("fb")).unwrap(), s("fb"));
        assert_eq!(default_filter(s("x"), s("fb")).unwrap(), s("x"));
        assert!(default_filter(MjValue::UNDEFINED, s("fb")).is_err());
    }

    #[test]
    fn trunc_is_bytewise() {
        assert_eq!(trunc(s("abcdef"), MjValue::from(3)).unwrap(), s("abc"));
        assert_eq!(trunc(s("abcdef"), MjValue::from(-2)).unwrap(), s("ef"));
        assert_eq!(trunc(s("ab"), MjValue::from(63)).unwrap(), s("ab"));
        assert!(trunc(s("éé"), MjValue::from(1)).is_err());
        assert!(trunc(MjValue::from(1.5), MjValue::from(3)).is_err());
    }

    #[test]
    fn quote_and_join_print_with_percent_v() {
        let args = Rest(vec![MjValue::from(5432.0)]);
        assert_eq!(quote(args).unwrap(), s("\"5432\""));
        assert_eq!(quote(Rest(vec![MjValue::from(())])).unwrap(), s(""));
        let list = MjValue::from(vec![s("a"), MjValue::from(()), MjValue::from(1e6)]);
        assert_eq!(join(s(","), list).unwrap(), s("a,1e+06"));
        assert_eq!(join(s(","), s("only")).unwrap(), s("only"));
        assert_eq!(join(s(","), MjValue::from(())).unwrap(), s(""));
    }

    #[test]
    fn nindent_indents_every_line() {
        assert_eq!(
            nindent(s("a: 1\nb: 2"), MjValue::from(4)).unwrap(),
            s("\n    a: 1\n    b: 2")
        );
        assert_eq!(indent(s(""), MjValue::from(2)).unwrap(), s("  "));
    }

    #[test]
    fn range_over_integers_is_bounded() {
        let three = go_range(MjValue::from(3)).unwrap();
        assert_eq!(three.len(), Some(3));
        assert_eq!(go_range(MjValue::from(-2)).unwrap().len(), Some(0));
        let most = go_range(MjValue::from(MAX_RANGE_INT)).unwrap();
        assert_eq!(most.len(), Some(65536));
        // Used to allocate 2.4 GB (and abort) before the template could fail.
        let e = go_range(MjValue::from(100_000_000)).unwrap_err();
        assert!(
            e.to_string()
                .contains("range over the integer 100000000: more than 65536 iterations"),
            "{e}"
        );
        assert!(go_range(MjValue::from(u64::MAX)).is_err());
    }

    #[test]
    fn replace_all_like_go() {
        assert_eq!(go_replace_all("a+b+c", "+", "_"), "a_b_c");
        assert_eq!(go_replace_all("ab", "", "-"), "-a-b-");
    }
}
