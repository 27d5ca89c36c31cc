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
    /// Parses a Masterminds constraint: operators `=`, `!=`, `>`, `<`, `>=`, `<=`, `~`,
    /// `~>`, `^` (spaces allowed after them); `,` or space for AND, `||` for OR; hyphen
    /// ranges (`1.2 - 1.4`); wildcards `x`, `X`, `*` in a version (`1.2.x`, `*`).
    pub fn parse(s: &str) -> Result<Constraint, String> {
        let improper = || format!("improper constraint: {s}");
        let mut any_of = Vec::new();
        for group in s.split("||") {
            let tokens: Vec<&str> = group
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|t| !t.is_empty())
                .collect();
            // Operators written apart from their version (`>= 1.2`), and hyphen ranges.
            let mut raws: Vec<String> = Vec::new();
            let mut k = 0;
            while k < tokens.len() {
                let t = tokens[k];
                if t.bytes().all(|c| b"=<>!~^".contains(&c)) {
                    let v = tokens.get(k + 1).ok_or_else(improper)?;
                    raws.push(format!("{t}{v}"));
                    k += 2;
                } else if tokens.get(k + 1) == Some(&"-") {
                    let hi = tokens.get(k + 2).ok_or_else(improper)?;
                    raws.push(format!(">={t}"));
                    raws.push(format!("<={hi}"));
                    k += 3;
                } else {
                    raws.push(t.to_string());
                    k += 1;
                }
            }
            let mut terms = Vec::new();
            for raw in &raws {
                let (op, rest) = split_op(raw);
                if rest.is_empty() {
                    return Err(improper());
                }
                terms.extend(expand(op, rest).ok_or_else(improper)?);
            }
            if terms.is_empty() {
                return Err(improper());
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

fn is_wild(part: &str) -> bool {
    matches!(part, "x" | "X" | "*")
}

/// The terms one `op version` stands for: itself, or for a version with wildcards the
/// range it covers (Masterminds: `1.2.x` is `>=1.2.0 <1.3.0`, `*` any version,
/// `>1.2.x` is `>=1.3.0`, `<=1.2.x` is `<1.3.0`). `None` when it does not parse.
fn expand(op: Op, rest: &str) -> Option<Vec<Term>> {
    let body = rest.strip_prefix('v').unwrap_or(rest);
    let (nums, tail) = match body.find(['-', '+']) {
        Some(p) => (&body[..p], &body[p..]),
        None => (body, ""),
    };
    let parts: Vec<&str> = nums.split('.').collect();
    let wild_at = parts.iter().position(|p| is_wild(p));
    let Some(w) = wild_at else {
        return Some(vec![Term {
            op,
            v: Version::parse(rest).ok()?,
        }]);
    };
    // Wildcards only after the concrete parts (`1.x.3` is not a version).
    if parts[w..].iter().any(|p| !is_wild(p)) || parts.len() > 3 {
        return None;
    }
    let concrete: Vec<u64> = parts[..w]
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let at = |n: [u64; 3]| -> Option<Version> {
        Version::parse(&format!("{}.{}.{}{tail}", n[0], n[1], n[2])).ok()
    };
    let mut low = [0u64; 3];
    low[..concrete.len()].copy_from_slice(&concrete);
    // The first version past the range (none when everything is a wildcard).
    let high = (!concrete.is_empty()).then(|| {
        let mut h = [0u64; 3];
        h[..concrete.len()].copy_from_slice(&concrete);
        h[concrete.len() - 1] += 1;
        h
    });
    let ge = |n| {
        Some(Term {
            op: Op::Ge,
            v: at(n)?,
        })
    };
    let lt = |n| {
        Some(Term {
            op: Op::Lt,
            v: at(n)?,
        })
    };
    Some(match (op, high) {
        (Op::Eq | Op::Tilde | Op::Caret | Op::Ge, None) => vec![ge([0, 0, 0])?],
        (Op::Eq | Op::Tilde, Some(h)) => vec![ge(low)?, lt(h)?],
        (Op::Caret, Some(_)) => vec![Term {
            op: Op::Caret,
            v: at(low)?,
        }],
        (Op::Ge, Some(_)) => vec![ge(low)?],
        (Op::Gt, Some(h)) => vec![ge(h)?],
        (Op::Lt, Some(_)) => vec![lt(low)?],
        (Op::Le, Some(h)) => vec![lt(h)?],
        _ => return None,
    })
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
            // Spaces after operators, wildcards, hyphen ranges, `~>`.
            (">= 1.20", "v1.35.0", true),
            (">= 1.20", "v1.19.0", false),
            ("0.5.*", "0.5.0", true),
            ("0.5.x", "0.6.0", false),
            ("*", "0.5.0", true),
            ("x", "12.0.1", true),
            ("1.x", "1.9.9", true),
            ("1.x", "2.0.0", false),
            (">1.2.x", "1.2.9", false),
            (">1.2.x", "1.3.0", true),
            ("<=1.2.x", "1.2.9", true),
            ("<1.2.x", "1.2.0", false),
            ("0.5.0 - 0.6.0", "0.5.0", true),
            ("0.5.0 - 0.6.0", "0.6.1", false),
            ("~> 0.5", "0.5.3", true),
            (">=0.4, <1", "0.5.0", true),
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
