//! `semverCompare` as Sprig does it (Masterminds/semver v3 constraints).
//!
//! The `semver` crate cannot read constraints like `>=1.19-0`, and Masterminds has its
//! own rules (a prerelease version only satisfies a constraint that has a prerelease;
//! `1.19` means `1.19.0`), so this is a small dedicated implementation.

use std::cmp::Ordering;

/// A parsed version (Masterminds `NewVersion`: optional `v`, one to three numeric parts,
/// optional `-prerelease` and `+metadata`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
    pub pre: Vec<String>,
}

impl Version {
    /// Parses like Masterminds' lenient `NewVersion`. Errors say why.
    pub fn parse(s: &str) -> Result<Version, String> {
        let bad = || format!("invalid semantic version {s:?}");
        let body = s.strip_prefix('v').unwrap_or(s);
        let (body, _meta) = match body.split_once('+') {
            Some((b, m)) => {
                if !valid_idents(m) {
                    return Err(bad());
                }
                (b, Some(m))
            }
            None => (body, None),
        };
        let (nums, pre) = match body.split_once('-') {
            Some((n, p)) => (n, Some(p)),
            None => (body, None),
        };
        let parts: Vec<&str> = nums.split('.').collect();
        if parts.is_empty() || parts.len() > 3 {
            return Err(bad());
        }
        let mut n = [0u64; 3];
        for (i, p) in parts.iter().enumerate() {
            if p.is_empty() || !p.bytes().all(|c| c.is_ascii_digit()) {
                return Err(bad());
            }
            n[i] = p.parse().map_err(|_| bad())?;
        }
        let pre = match pre {
            Some(p) => {
                if !valid_idents(p) {
                    return Err(bad());
                }
                let ids: Vec<String> = p.split('.').map(str::to_string).collect();
                if ids.iter().any(|id| {
                    id.len() > 1 && id.starts_with('0') && id.bytes().all(|c| c.is_ascii_digit())
                }) {
                    return Err(format!("{s:?}: version segment starts with 0"));
                }
                ids
            }
            None => Vec::new(),
        };
        Ok(Version {
            major: n[0],
            minor: n[1],
            patch: n[2],
            pre,
        })
    }

    fn cmp_pre(&self, other: &Version) -> Ordering {
        match (self.pre.is_empty(), other.pre.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => {
                for (a, b) in self.pre.iter().zip(&other.pre) {
                    let ord = match (a.parse::<u64>(), b.parse::<u64>()) {
                        (Ok(x), Ok(y)) => x.cmp(&y),
                        (Ok(_), Err(_)) => Ordering::Less,
                        (Err(_), Ok(_)) => Ordering::Greater,
                        (Err(_), Err(_)) => a.cmp(b),
                    };
                    if ord != Ordering::Equal {
                        return ord;
                    }
                }
                self.pre.len().cmp(&other.pre.len())
            }
        }
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(other.major, other.minor, other.patch))
            .then_with(|| self.cmp_pre(other))
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn valid_idents(s: &str) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|id| !id.is_empty() && id.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-'))
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Lt,
    Ge,
    Le,
    Tilde,
    Caret,
}

/// One `op version` term; `parts` is how many numeric parts were written (for `~`/`^`).
#[derive(Clone, Debug)]
struct Term {
    op: Op,
    v: Version,
}

/// A constraint such as `>=1.19-0`, `>=1.2, <2.0`, `^1.2 || ~3.4`.
#[derive(Clone, Debug)]
pub struct Constraint {
    any_of: Vec<Vec<Term>>,
}

impl Constraint {
    /// Parses a Masterminds constraint (operators `=`, `!=`, `>`, `<`, `>=`, `<=`, `~`,
    /// `^`; `,` or space for AND, `||` for OR). Wildcards are not supported.
    pub fn parse(s: &str) -> Result<Constraint, String> {
        let mut any_of = Vec::new();
        for group in s.split("||") {
            let mut terms = Vec::new();
            for raw in group.split(',').flat_map(str::split_whitespace) {
                let (op, rest) = split_op(raw);
                if rest.is_empty() {
                    return Err(format!("improper constraint: {s}"));
                }
                if rest.contains(['*', 'x', 'X']) && !rest.contains('-') {
                    return Err(format!("wildcard constraints are not supported: {s}"));
                }
                let v = Version::parse(rest).map_err(|_| format!("improper constraint: {s}"))?;
                terms.push(Term { op, v });
            }
            if terms.is_empty() {
                return Err(format!("improper constraint: {s}"));
            }
            any_of.push(terms);
        }
        Ok(Constraint { any_of })
    }

    /// Whether `v` satisfies the constraint (Masterminds `Check`).
    pub fn matches(&self, v: &Version) -> bool {
        self.any_of
            .iter()
            .any(|terms| terms.iter().all(|t| t.matches(v)))
    }
}

fn split_op(raw: &str) -> (Op, &str) {
    for (p, op) in [
        (">=", Op::Ge),
        ("=>", Op::Ge),
        ("<=", Op::Le),
        ("=<", Op::Le),
        ("!=", Op::Ne),
        (">", Op::Gt),
        ("<", Op::Lt),
        ("=", Op::Eq),
        ("~>", Op::Tilde),
        ("~", Op::Tilde),
        ("^", Op::Caret),
    ] {
        if let Some(rest) = raw.strip_prefix(p) {
            return (op, rest.trim());
        }
    }
    (Op::Eq, raw)
}

impl Term {
    fn matches(&self, v: &Version) -> bool {
        // A prerelease only satisfies constraints that themselves carry a prerelease.
        if !v.pre.is_empty() && self.v.pre.is_empty() {
            return false;
        }
        let c = &self.v;
        match self.op {
            Op::Eq => v == c,
            Op::Ne => v != c,
            Op::Gt => v > c,
            Op::Lt => v < c,
            Op::Ge => v >= c,
            Op::Le => v <= c,
            Op::Tilde => v >= c && v.major == c.major && v.minor == c.minor,
            Op::Caret => {
                v >= c
                    && if c.major > 0 {
                        v.major == c.major
                    } else if c.minor > 0 {
                        v.major == 0 && v.minor == c.minor
                    } else {
                        v.major == 0 && v.minor == 0 && v.patch == c.patch
                    }
            }
        }
    }
}

/// Sprig's `semverCompare constraint version`: errors when either does not parse.
pub fn semver_compare(constraint: &str, version: &str) -> Result<bool, String> {
    let c = Constraint::parse(constraint)?;
    let v = Version::parse(version)?;
    Ok(c.matches(&v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_constraints() {
        let cases = [
            (">=1.19-0", "v1.35.0", true),
            (">=1.19-0", "v1.19.0", true),
            (">=1.19-0", "v1.18.20", false),
            (">=1.18-0", "v1.18.0", true),
            (">=1.14-0", "v1.13.12", false),
            (">=1.14-0", "v1.14.0", true),
            (">=1.19-0", "v1.20.0-gke.100", true),
            (">=1.19-0", "v1.19.0-rc.1", true),
            (">=1.19", "v1.20.0-rc.1", false),
            (">=1.19-0", "v1.19", true),
            (">=1.19-0", "1.19.1+k3s1", true),
            ("^1.2", "1.9.0", true),
            ("^1.2", "2.0.0", false),
            ("~1.2", "1.3.0", false),
            (">=1.0, <2.0", "1.5.0", true),
            ("<1.0 || >=3", "3.1.0", true),
        ];
        for (c, v, want) in cases {
            assert_eq!(semver_compare(c, v), Ok(want), "{c} {v}");
        }
    }

    #[test]
    fn bad_versions_fail() {
        assert!(semver_compare(">=1.19-0", "v1.20.5abc").is_err());
        assert!(semver_compare(">=1.19-0", "not-a-version").is_err());
        assert!(semver_compare(">=1.19-0", "1.2.3-01").is_err());
    }
}
