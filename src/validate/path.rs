//! Field paths inside a Kubernetes object, printed the way `kubectl` and the API server
//! name fields: `spec.template.spec.containers[0].ports[1].name`.

use std::fmt;

/// One step of a [`Path`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Seg {
    /// A map key (a field name, or a key of a map such as `metadata.labels`).
    Key(String),
    /// A list index, from 0.
    Index(usize),
}

/// A field path from the document root. The empty path is the document itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Path(pub Vec<Seg>);

impl Path {
    /// The document root.
    pub fn root() -> Path {
        Path(Vec::new())
    }

    /// Parses a dotted field path of plain keys and `[i]` indexes
    /// (`spec.ports[0].name`); a convenience for building paths in code.
    pub fn parse(dotted: &str) -> Path {
        let mut out = Vec::new();
        for part in dotted.split('.').filter(|p| !p.is_empty()) {
            let (key, mut rest) = match part.find('[') {
                Some(i) => (&part[..i], &part[i..]),
                None => (part, ""),
            };
            if !key.is_empty() {
                out.push(Seg::Key(key.to_string()));
            }
            while let Some(end) = rest.find(']') {
                if let Ok(i) = rest[1..end].parse() {
                    out.push(Seg::Index(i));
                }
                rest = &rest[end + 1..];
            }
        }
        Path(out)
    }

    /// This path with a map key appended.
    pub fn key(&self, key: &str) -> Path {
        let mut p = self.clone();
        p.0.push(Seg::Key(key.to_string()));
        p
    }

    /// This path with a list index appended.
    pub fn index(&self, i: usize) -> Path {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }

    /// This path followed by a dotted path (see [`Path::parse`]).
    pub fn join(&self, dotted: &str) -> Path {
        let mut p = self.clone();
        p.0.extend(Path::parse(dotted).0);
        p
    }

    /// Whether `self` is `other` or lies under it.
    pub fn starts_with(&self, other: &Path) -> bool {
        self.0.starts_with(&other.0)
    }

    /// The path one step up (the root stays the root).
    pub fn parent(&self) -> Path {
        let mut p = self.clone();
        p.0.pop();
        p
    }

    /// The RFC 6901 JSON pointer of this path (`/spec/ports/0/name`), the key of the
    /// loader's location table.
    pub fn pointer(&self) -> String {
        let mut s = String::new();
        for seg in &self.0 {
            s.push('/');
            match seg {
                Seg::Key(k) => s.push_str(&crate::values::load::pointer_escape(k)),
                Seg::Index(i) => s.push_str(&i.to_string()),
            }
        }
        s
    }

    /// The value at this path in a JSON document, if there is one.
    pub fn lookup<'a>(&self, doc: &'a serde_json::Value) -> Option<&'a serde_json::Value> {
        let mut cur = doc;
        for seg in &self.0 {
            cur = match seg {
                Seg::Key(k) => cur.as_object()?.get(k)?,
                Seg::Index(i) => cur.as_array()?.get(*i)?,
            };
        }
        Some(cur)
    }
}

/// Whether a key can be printed bare after a dot (field names and simple map keys);
/// other keys (`app.kubernetes.io/name`) are printed as `["..."]`.
fn is_plain_key(k: &str) -> bool {
    !k.is_empty()
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'$')
}

/// `spec.template.spec.containers[0].ports[1].name`; keys that are not plain words are
/// quoted: `metadata.labels["app.kubernetes.io/name"]`. The root prints as `(document)`.
impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(document)");
        }
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if is_plain_key(k) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(k)?;
                }
                Seg::Key(k) => {
                    let quoted = serde_json::to_string(k).unwrap_or_default();
                    write!(f, "[{quoted}]")?;
                }
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_like_kubectl() {
        let p = Path::parse("spec.template.spec.containers[0].ports[1].name");
        assert_eq!(
            p.to_string(),
            "spec.template.spec.containers[0].ports[1].name"
        );
        assert_eq!(p.pointer(), "/spec/template/spec/containers/0/ports/1/name");
        let l = Path::parse("metadata.labels").key("app.kubernetes.io/name");
        assert_eq!(
            l.to_string(),
            r#"metadata.labels["app.kubernetes.io/name"]"#
        );
        assert_eq!(l.pointer(), "/metadata/labels/app.kubernetes.io~1name");
        assert_eq!(Path::root().to_string(), "(document)");
        assert!(l.starts_with(&Path::parse("metadata")));
        assert!(!Path::parse("metadata").starts_with(&l));
    }

    #[test]
    fn looks_up_json() {
        let doc = serde_json::json!({"spec": {"ports": [{"name": "a"}]}});
        assert_eq!(
            Path::parse("spec.ports[0].name").lookup(&doc),
            Some(&serde_json::json!("a"))
        );
        assert_eq!(Path::parse("spec.ports[1]").lookup(&doc), None);
    }
}
