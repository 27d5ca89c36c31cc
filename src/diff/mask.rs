//! Keeping secret values out of diff reports.
//!
//! Three rules, applied to everything `diff` prints (summary and unified):
//!
//! 1. **Secret data**: every value below `data` and `stringData` of a core `Secret` is
//!    masked; the keys stay visible, so a report says *which* key was added, removed or
//!    changed, never what it holds.
//! 2. **Secret-looking variables**: in any map that has a string `name` and a `value`
//!    (container `env` items, and anything shaped like them), the `value` is masked when
//!    the name looks secret-bearing (see [`is_secret_name`]), or when the name looks like
//!    a URI/URL/DSN/connection string and either side's value carries credentials (see
//!    [`has_credentials`]).
//! 3. **Credentials in any string**: the user-info part of a URI (`scheme://USER:PASS@`)
//!    and the value of `password=`/`token=`/`secret=`/`key=`-like parameters are
//!    replaced by `***` in every string and every line printed (see [`sanitize`]).
//!
//! The rules err on the side of masking: `KEY` also matches `MONKEY_BUSINESS`, every
//! `@` in a URI-like word ends a user-info part. What they do not cover: secrets kept
//! in other fields (a ConfigMap entry named `password`, an annotation, a command-line
//! argument without `://` or `name=`), which are printed as they are.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::values::{Map, Value};

/// What a masked value prints as.
pub const MASK: &str = "<masked>";

/// Words that make an environment variable's name secret-bearing (matched as
/// case-insensitive substrings).
pub const SECRET_NAME_WORDS: &[&str] = &[
    "PASS",
    "PASSWORD",
    "PASSWD",
    "PASSPHRASE",
    "PWD",
    "SECRET",
    "TOKEN",
    "KEY",
    "CREDENTIAL",
    "PRIVATE",
];

/// Words that make a variable's name look like a URI (masked only when a value carries
/// credentials), matched as case-insensitive substrings.
pub const URI_NAME_WORDS: &[&str] = &["URI", "URL", "DSN", "CONNECTION"];

/// `scheme://` followed by user info up to the last `@` of the word.
static URI_USERINFO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([A-Za-z][A-Za-z0-9+.\-]*://)[^\s"'<>]*@"#).expect("valid regex")
});

/// `password=...`-like parameters (URI queries, libpq key/value strings).
static SECRET_PARAM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"((?i-u:[A-Za-z_]*(?:password|passwd|pwd|secret|token|key|credential)[A-Za-z_]*)=)[^&;,)\s"']+"#,
    )
    .expect("valid regex")
});

/// Whether an environment variable named `name` holds a secret by its name alone:
/// the name contains one of [`SECRET_NAME_WORDS`] (any case).
pub fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    SECRET_NAME_WORDS.iter().any(|w| upper.contains(w))
}

/// Whether `name` looks like the name of a URI or connection string (one of
/// [`URI_NAME_WORDS`], any case).
pub fn is_uri_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    URI_NAME_WORDS.iter().any(|w| upper.contains(w))
}

/// Whether `s` contains credentials that [`sanitize`] would hide.
pub fn has_credentials(s: &str) -> bool {
    URI_USERINFO.is_match(s) || SECRET_PARAM.is_match(s)
}

/// `s` with URI user info and secret-looking `name=value` parameters replaced by `***`:
/// `postgres://user:pw@db:5432/x?sslpassword=y` becomes
/// `postgres://***@db:5432/x?sslpassword=***`. Borrowed when nothing matched.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    let step = URI_USERINFO.replace_all(s, "${1}***@");
    match SECRET_PARAM.replace_all(&step, "${1}***") {
        Cow::Borrowed(_) => step,
        Cow::Owned(o) => Cow::Owned(o),
    }
}

/// [`sanitize`] for messages shown on the terminal (errors, warnings, snippets of a
/// values file): each hidden character becomes `*`, so a caret under a quoted source
/// line still points at the same column. Borrowed when nothing matched.
pub fn redact(s: &str) -> Cow<'_, str> {
    // Most messages hold neither a URI nor a `name=value`: skip the regexes (and
    // their compilation) for them.
    if !s.contains("://") && !s.contains('=') {
        return Cow::Borrowed(s);
    }
    let stars = |t: &str| "*".repeat(t.chars().count());
    let step = URI_USERINFO.replace_all(s, |c: &regex::Captures<'_>| {
        let whole = &c[0];
        let scheme = &c[1];
        let userinfo = &whole[scheme.len()..whole.len() - 1];
        format!("{scheme}{}@", stars(userinfo))
    });
    match SECRET_PARAM.replace_all(&step, |c: &regex::Captures<'_>| {
        format!("{}{}", &c[1], stars(&c[0][c[1].len()..]))
    }) {
        Cow::Borrowed(_) => step,
        Cow::Owned(o) => Cow::Owned(o),
    }
}

/// Rule 2: whether the `value` entry of an item shaped like an env var (a map with a
/// string `name`) must be masked. `old` and `new` are the item on each side (either may
/// be missing); the name is taken from either, and the credentials check looks at
/// either side's `value`, so a change is masked when one side is secret.
pub fn value_is_secret(old: Option<&Map>, new: Option<&Map>) -> bool {
    let sides = [old, new];
    let names = sides
        .iter()
        .flatten()
        .filter_map(|m| m.get("name").and_then(Value::as_str));
    let values = || {
        sides
            .iter()
            .flatten()
            .filter_map(|m| m.get("value").and_then(Value::as_str))
    };
    let mut uri_named = false;
    for name in names {
        if is_secret_name(name) {
            return true;
        }
        uri_named |= is_uri_name(name);
    }
    uri_named && values().any(has_credentials)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        for yes in [
            "PERMIFY_AUTHN_PRESHARED_KEYS",
            "db_password",
            "API_TOKEN",
            "MY_SECRET",
            "AWS_ACCESS_KEY_ID",
            "DB_PWD",
            "DB_PASS",
            "GOOGLE_APPLICATION_CREDENTIALS",
        ] {
            assert!(is_secret_name(yes), "{yes}");
        }
        for no in [
            "PERMIFY_LOG_LEVEL",
            "PERMIFY_DATABASE_URI",
            "DBHOST",
            "PERMIFY_HTTP_PORT",
        ] {
            assert!(!is_secret_name(no), "{no}");
        }
        assert!(is_uri_name("PERMIFY_DATABASE_URI"));
        assert!(is_uri_name("DBURI"));
        assert!(is_uri_name("redis_url"));
        assert!(!is_uri_name("DBHOST"));
    }

    #[test]
    fn sanitize_hides_user_info_and_secret_parameters() {
        assert_eq!(
            sanitize("postgres://postgres:secret@localhost:5432/permify?sslmode=disable"),
            "postgres://***@localhost:5432/permify?sslmode=disable"
        );
        // An unencoded @ in the password still ends up masked (last @ of the word).
        assert_eq!(sanitize("postgres://u:p@ss@db/x"), "postgres://***@db/x");
        assert_eq!(
            sanitize("host=db user=u password=hunter2 dbname=x"),
            "host=db user=u password=*** dbname=x"
        );
        assert_eq!(
            sanitize("https://h/x?a=1&access_token=abc&b=2"),
            "https://h/x?a=1&access_token=***&b=2"
        );
        assert_eq!(sanitize("PASSWORD=x"), "PASSWORD=***");
        assert!(matches!(
            sanitize("dns:///permify-headless:5053"),
            Cow::Borrowed(_)
        ));
        assert!(has_credentials("redis://:pw@r:6379"));
        assert!(!has_credentials("http://permify:3476/healthz"));
    }

    #[test]
    fn redact_keeps_the_width() {
        assert_eq!(
            redact("uri: postgres://admin:pw@db:5432/x: y"),
            "uri: postgres://********@db:5432/x: y"
        );
        assert_eq!(
            redact("host=db password=hunter2 dbname=x"),
            "host=db password=******* dbname=x"
        );
        assert!(matches!(redact("dns:///permify:5053"), Cow::Borrowed(_)));
    }

    fn env(name: &str, value: &str) -> Map {
        let mut m = Map::new();
        m.insert("name".into(), Value::Str(name.into()));
        m.insert("value".into(), Value::Str(value.into()));
        m
    }

    #[test]
    fn env_values_masked_by_name_or_credentials() {
        let key = env("PERMIFY_AUTHN_PRESHARED_KEYS", "k1,k2");
        assert!(value_is_secret(Some(&key), None));
        let level = env("PERMIFY_LOG_LEVEL", "info");
        assert!(!value_is_secret(Some(&level), Some(&level)));
        let plain = env("PERMIFY_DATABASE_URI", "postgres://db:5432/p");
        let creds = env("PERMIFY_DATABASE_URI", "postgres://u:pw@db:5432/p");
        assert!(!value_is_secret(Some(&plain), Some(&plain)));
        // One side with credentials masks both sides of the change.
        assert!(value_is_secret(Some(&plain), Some(&creds)));
        assert!(value_is_secret(None, Some(&creds)));
    }
}
