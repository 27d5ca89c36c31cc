//! The name syntaxes of Kubernetes (`k8s.io/apimachinery/pkg/util/validation`): DNS-1123
//! labels and subdomains, DNS-1035 labels, qualified names (label and annotation keys),
//! label values, IANA service names (port names) and path segments (RBAC names).
//!
//! Each check returns `Err` with the reasons in the API server's words (several may
//! apply), joined by `"; "`.

/// Longest DNS-1123 / DNS-1035 label.
pub const LABEL_MAX: usize = 63;
/// Longest DNS-1123 subdomain.
pub const SUBDOMAIN_MAX: usize = 253;
/// Longest IANA service name (a port name).
pub const PORT_NAME_MAX: usize = 15;
/// Longest label value and name part of a qualified name.
pub const QUALIFIED_NAME_MAX: usize = 63;
/// The API server's limit on all annotations of an object together, in bytes.
pub const ANNOTATIONS_MAX_BYTES: usize = 256 * 1024;

fn result(errs: Vec<String>) -> Result<(), String> {
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.join("; "))
    }
}

fn too_long(s: &str, max: usize) -> Option<String> {
    (s.len() > max).then(|| format!("must be no more than {max} characters (is {})", s.len()))
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?` without the length limit.
fn label_chars(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

/// A DNS-1123 label (`IsDNS1123Label`): at most 63 characters of lowercase letters,
/// digits and `-`, starting and ending with a letter or digit.
pub fn dns1123_label(s: &str) -> Result<(), String> {
    let mut errs: Vec<String> = too_long(s, LABEL_MAX).into_iter().collect();
    if !label_chars(s) {
        errs.push("must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character".into());
    }
    result(errs)
}

/// A DNS-1123 subdomain (`IsDNS1123Subdomain`): at most 253 characters; dot-separated
/// parts each of lowercase letters, digits and `-`, starting and ending with a letter
/// or digit.
pub fn dns1123_subdomain(s: &str) -> Result<(), String> {
    let mut errs: Vec<String> = too_long(s, SUBDOMAIN_MAX).into_iter().collect();
    if !s.split('.').all(label_chars) {
        errs.push("must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character".into());
    }
    result(errs)
}

/// A DNS-1035 label (`IsDNS1035Label`): a DNS-1123 label that starts with a letter.
pub fn dns1035_label(s: &str) -> Result<(), String> {
    let mut errs: Vec<String> = too_long(s, LABEL_MAX).into_iter().collect();
    if !label_chars(s) || !s.as_bytes()[0].is_ascii_lowercase() {
        errs.push("must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character".into());
    }
    result(errs)
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`.
fn qualified_chars(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
}

/// A qualified name (`IsQualifiedName`), the syntax of label and annotation keys: an
/// optional DNS-1123 subdomain prefix and `/`, then a name of at most 63 characters of
/// letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit.
pub fn qualified_name(s: &str) -> Result<(), String> {
    let mut errs = Vec::new();
    let parts: Vec<&str> = s.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_string());
            } else if let Err(e) = dns1123_subdomain(prefix) {
                errs.push(format!("prefix part {e}"));
            }
            name
        }
        _ => {
            return Err(
                "has more than one '/' (a qualified name is an optional DNS subdomain prefix and '/', then a name)"
                    .into(),
            );
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".into());
    } else {
        if let Some(e) = too_long(name, QUALIFIED_NAME_MAX) {
            errs.push(format!("name part {e}"));
        }
        if !qualified_chars(name) {
            errs.push("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character".into());
        }
    }
    result(errs)
}

/// A label value (`IsValidLabelValue`): empty, or at most 63 characters of letters,
/// digits, `-`, `_` and `.`, starting and ending with a letter or digit.
pub fn label_value(s: &str) -> Result<(), String> {
    let mut errs: Vec<String> = too_long(s, QUALIFIED_NAME_MAX).into_iter().collect();
    if !s.is_empty() && !qualified_chars(s) {
        errs.push("must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character".into());
    }
    result(errs)
}

/// An IANA service name (`IsValidPortName`), the syntax of container and Service port
/// names: at most 15 characters of lowercase letters, digits and `-`, at least one
/// letter, no `--`, not starting or ending with `-`.
pub fn port_name(s: &str) -> Result<(), String> {
    let mut errs: Vec<String> = too_long(s, PORT_NAME_MAX).into_iter().collect();
    let b = s.as_bytes();
    if b.is_empty()
        || !b
            .iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
    {
        errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".into());
    }
    if !b.iter().any(u8::is_ascii_lowercase) {
        errs.push("must contain at least one letter (a-z)".into());
    }
    if s.contains("--") {
        errs.push("must not contain consecutive hyphens".into());
    }
    if b.first() == Some(&b'-') || b.last() == Some(&b'-') {
        errs.push("must not begin or end with a hyphen".into());
    }
    result(errs)
}

/// A path segment (`IsValidPathSegmentName`), all that RBAC names must be: not `.` or
/// `..`, and without `/` or `%`.
pub fn path_segment(s: &str) -> Result<(), String> {
    if s == "." || s == ".." {
        return Err(format!("may not be '{s}'"));
    }
    let mut errs = Vec::new();
    for bad in ['/', '%'] {
        if s.contains(bad) {
            errs.push(format!("may not contain '{bad}'"));
        }
    }
    result(errs)
}

/// The Levenshtein distance of two short ASCII-ish strings, for "did you mean" hints.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The candidate closest to `word` (case-insensitive, at most a third of its length
/// in edits, and at most 3), for "did you mean" hints.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    let limit = (word.chars().count() / 3).clamp(1, 3);
    candidates
        .iter()
        .map(|c| (edit_distance(&lower, &c.to_ascii_lowercase()), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_subdomains() {
        assert!(dns1123_label("permify").is_ok());
        assert!(dns1123_label("0abc").is_ok());
        assert!(dns1123_label(&"a".repeat(63)).is_ok());
        let e = dns1123_label(&"a".repeat(64)).unwrap_err();
        assert!(e.contains("no more than 63 characters (is 64)"), "{e}");
        for bad in ["", "-a", "a-", "A", "a.b", "a_b"] {
            assert!(dns1123_label(bad).is_err(), "{bad:?}");
        }
        assert!(dns1123_subdomain("a.b-c.d").is_ok());
        assert!(dns1123_subdomain(&"a".repeat(253)).is_ok());
        assert!(dns1123_subdomain(&"a".repeat(254)).is_err());
        for bad in ["", "a..b", ".a", "a.", "A.b", "a_b"] {
            assert!(dns1123_subdomain(bad).is_err(), "{bad:?}");
        }
        assert!(dns1035_label("permify-1").is_ok());
        assert!(dns1035_label("1permify").is_err());
        assert!(dns1035_label("").is_err());
    }

    #[test]
    fn qualified_names_and_values() {
        for ok in [
            "app",
            "app.kubernetes.io/name",
            "helm.sh/chart",
            "A_b.c-D",
            "example.com/MyName",
        ] {
            assert!(qualified_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "/a",
            "a/",
            "a/b/c",
            "-a",
            "a b",
            "Example.com/a",
            "a/_b",
        ] {
            assert!(qualified_name(bad).is_err(), "{bad:?}");
        }
        assert!(qualified_name(&"a".repeat(64)).is_err());
        assert!(label_value("").is_ok());
        assert!(label_value("v1.3.5").is_ok());
        assert!(label_value("permify-0.5.0").is_ok());
        for bad in ["-a", "a b", "a/b", &"a".repeat(64)] {
            assert!(label_value(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn port_names_are_iana_service_names() {
        for ok in ["http", "grpc", "h2c", "a-b", &"a".repeat(15)] {
            assert!(port_name(ok).is_ok(), "{ok}");
        }
        let e = port_name("http-metrics-port").unwrap_err();
        assert!(e.contains("no more than 15 characters (is 17)"), "{e}");
        for bad in ["", "80", "a--b", "-a", "a-", "HTTP", "a_b"] {
            assert!(port_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn path_segments() {
        assert!(path_segment("permify:reader").is_ok());
        for bad in [".", "..", "a/b", "a%b"] {
            assert!(path_segment(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn suggestions() {
        let fields = ["containerPort", "hostPort", "name", "protocol"];
        assert_eq!(closest("containerport", &fields), Some("containerPort"));
        assert_eq!(closest("contanerPort", &fields), Some("containerPort"));
        assert_eq!(closest("image", &fields), None);
    }
}
