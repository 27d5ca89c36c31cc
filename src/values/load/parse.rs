//! One document's text to a node tree, as go-yaml v2's `parser` builds it from libyaml's
//! events: anchors are registered when their node starts (so an alias inside its own
//! anchored node refers to it), only the first document of the text is read, and the
//! token right after it is still scanned (an error there counts).

use std::borrow::Cow;
use std::collections::HashMap;

use super::parser::{EventKind, Parser};
use super::scanner::{Mark, SyntaxError};
use super::{Chunk, Failure, Location, MAX_DEPTH};

/// A node of one document.
#[derive(Debug)]
pub(super) struct Node<'a> {
    pub kind: Kind<'a>,
    /// Where the node starts (its anchor or tag if it has one).
    pub at: Location,
}

#[derive(Debug)]
pub(super) enum Kind<'a> {
    Scalar {
        /// The text (borrowed from the document when it is written there as it is).
        value: Cow<'a, str>,
        /// Resolved tag (`tag:yaml.org,2002:int`, `!foo`, `!`), or empty.
        tag: String,
        /// libyaml's "plain implicit": plain without a tag, or with the `!` tag.
        implicit: bool,
    },
    Seq(Vec<usize>),
    /// Keys and values alternate.
    Map(Vec<usize>),
    Alias {
        target: usize,
        name: String,
        /// The alias is inside its own anchored node (go-yaml fails when decoding it).
        cyclic: bool,
    },
}

/// The nodes of one document; `root` is `None` for an empty document.
#[derive(Debug, Default)]
pub(super) struct Tree<'a> {
    pub nodes: Vec<Node<'a>>,
    pub root: Option<usize>,
}

/// Maps byte offsets in a chunk to file locations (lines end at LF, CRLF or a lone CR).
pub(super) struct Source<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    first_line: usize,
    /// The last offset located and its column (1-based), so that locating nodes in
    /// order along one long line stays linear.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> Source<'a> {
    pub fn new(text: &'a str, first_line: usize) -> Source<'a> {
        let b = text.as_bytes();
        let mut line_starts = vec![0];
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\n' => line_starts.push(i + 1),
                b'\r' if b.get(i + 1) == Some(&b'\n') => {
                    line_starts.push(i + 2);
                    i += 1;
                }
                b'\r' => line_starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        Source {
            text,
            line_starts,
            first_line,
            last: std::cell::Cell::new((0, 1)),
        }
    }

    /// The file location of a byte offset in the chunk.
    pub fn location_of(&self, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let (last_offset, last_column) = self.last.get();
        let (from, base) = if last_offset >= start && last_offset <= offset {
            (last_offset, last_column)
        } else {
            (start, 1)
        };
        let column = base + self.text.get(from..offset).map_or(0, |s| s.chars().count());
        self.last.set((offset, column));
        Location {
            line: self.first_line + line - 1,
            column,
        }
    }

    fn at(&self, mark: Mark) -> Location {
        self.location_of(mark.offset)
    }
}

/// Turns scanner marks into file locations.
enum Locator<'a> {
    /// The mark's own line and column are the location's: the document's text has no
    /// NEL, LS or PS (line breaks for the scanner, not for locations) and ends with a
    /// line break (so the scanner never moves the end-of-stream mark to a new line).
    Marks { first_line: usize },
    /// Otherwise, by byte offset.
    Offsets(Source<'a>),
}

impl<'a> Locator<'a> {
    fn new(text: &'a str, first_line: usize) -> Locator<'a> {
        let plain_breaks = text.is_ascii() || !text.contains(['\u{85}', '\u{2028}', '\u{2029}']);
        if plain_breaks && text.ends_with('\n') {
            Locator::Marks { first_line }
        } else {
            Locator::Offsets(Source::new(text, first_line))
        }
    }

    fn at(&self, mark: Mark) -> Location {
        match self {
            Locator::Marks { first_line } => Location {
                line: first_line + mark.line,
                column: mark.column + 1,
            },
            Locator::Offsets(src) => src.at(mark),
        }
    }
}

/// Builds the node tree of the chunk's first document.
///
/// # Errors
/// libyaml's syntax errors, unknown aliases (``unknown anchor 'x' referenced``) and
/// nesting deeper than [`MAX_DEPTH`].
pub(super) fn parse_chunk(chunk: &Chunk) -> Result<Tree<'_>, Failure> {
    let src = Locator::new(&chunk.text, chunk.first_line);
    #[cfg(test)]
    let check = Source::new(&chunk.text, chunk.first_line);
    let at = |mark: Mark| {
        let location = src.at(mark);
        // The whole test suite checks that both ways of locating agree.
        #[cfg(test)]
        assert_eq!(location, check.at(mark), "{mark:?} in {:?}", chunk.text);
        location
    };
    let syntax = |e: Box<SyntaxError>| syntax_failure(&at, *e);
    let mut parser = Parser::new(&chunk.text);
    let mut tree = Tree::default();
    let mut stack: Vec<usize> = Vec::new();
    let mut complete: Vec<bool> = Vec::new();
    let mut anchors: HashMap<String, usize> = HashMap::new();
    loop {
        let event = parser.next_event().map_err(syntax)?;
        let at = at(event.start);
        let (id, anchor) = match event.kind {
            EventKind::StreamStart => continue,
            EventKind::StreamEnd | EventKind::DocumentEnd => break,
            EventKind::DocumentStart => continue,
            EventKind::Scalar {
                anchor,
                tag,
                value,
                implicit,
                ..
            } => {
                let id = push(
                    &mut tree,
                    &mut complete,
                    at,
                    Kind::Scalar {
                        value,
                        tag,
                        implicit,
                    },
                );
                complete[id] = true;
                (id, anchor)
            }
            EventKind::SequenceStart { ref anchor } | EventKind::MappingStart { ref anchor } => {
                let anchor = anchor.clone();
                if stack.len() >= MAX_DEPTH {
                    return Err(Failure::new(
                        at,
                        format!("exceeded max depth of {MAX_DEPTH} nested maps and lists"),
                    ));
                }
                let kind = if matches!(event.kind, EventKind::SequenceStart { .. }) {
                    Kind::Seq(Vec::new())
                } else {
                    Kind::Map(Vec::new())
                };
                let id = push(&mut tree, &mut complete, at, kind);
                (id, anchor)
            }
            EventKind::SequenceEnd | EventKind::MappingEnd => {
                if let Some(id) = stack.pop() {
                    complete[id] = true;
                }
                continue;
            }
            EventKind::Alias(name) => {
                let Some(&target) = anchors.get(&name) else {
                    return Err(Failure::new(
                        at,
                        format!("unknown anchor '{name}' referenced"),
                    ));
                };
                let cyclic = !complete[target];
                let id = push(
                    &mut tree,
                    &mut complete,
                    at,
                    Kind::Alias {
                        target,
                        name,
                        cyclic,
                    },
                );
                complete[id] = true;
                (id, None)
            }
        };
        if let Some(name) = anchor {
            anchors.insert(name, id);
        }
        match stack.last() {
            None => tree.root = Some(id),
            Some(&parent) => {
                if let Kind::Seq(children) | Kind::Map(children) = &mut tree.nodes[parent].kind {
                    children.push(id);
                }
            }
        }
        if matches!(tree.nodes[id].kind, Kind::Seq(_) | Kind::Map(_)) {
            stack.push(id);
        }
    }
    Ok(tree)
}

fn push<'a>(tree: &mut Tree<'a>, complete: &mut Vec<bool>, at: Location, kind: Kind<'a>) -> usize {
    tree.nodes.push(Node { kind, at });
    complete.push(false);
    tree.nodes.len() - 1
}

/// A syntax error as a failure at the problem's place, with libyaml's wording.
fn syntax_failure(at: &dyn Fn(Mark) -> Location, e: SyntaxError) -> Failure {
    let mut message = e.problem;
    if !e.context.is_empty() && e.context_mark != e.problem_mark {
        let c = at(e.context_mark);
        message = format!(
            "{message} ({} started at line {}, column {})",
            e.context, c.line, c.column
        );
    }
    Failure::new(at(e.problem_mark), message)
}

/// Which entries of a kept map the head tree keeps.
#[derive(Clone, Copy, PartialEq)]
enum Keep {
    /// The document root: `apiVersion`, `kind` and `metadata`.
    Root,
    /// `metadata`: `name` and `annotations`.
    Metadata,
    /// Everything (a kept value's own content).
    All,
}

/// One open collection while building a head tree.
struct Open {
    /// The pruned tree's node, `None` for a collection that is skipped.
    node: Option<usize>,
    keep: Keep,
    is_map: bool,
    /// A map's next node is a key.
    key_next: bool,
    /// What the current map entry's value becomes: `None` skips it.
    value_keep: Option<Keep>,
}

/// The part of a rendered manifest that Helm's `SimpleHead` reads (`apiVersion`,
/// `kind`, `metadata.name`, `metadata.annotations`), as a node tree that [`decode`]
/// turns into exactly the values the whole document would give for those keys.
///
/// It reads the same parser events as [`parse_chunk`] (so the same syntax is accepted)
/// but builds nodes only for those keys. `None` when that shortcut could differ from
/// decoding the whole document: a syntax error, an anchor, alias or tag anywhere, a
/// `<<` key, a key that is not a scalar or may have no JSON form (null, uint64), a plain
/// value that may be `.inf`/`.nan` or fail to resolve, a root that is not a map, or deep
/// nesting. Callers then decode the whole document, which reports the error.
///
/// [`decode`]: super::decode::decode
pub(super) fn parse_head_tree(chunk: &Chunk) -> Option<Tree<'_>> {
    use super::scalar::decode_scalar;
    use super::scanner::Style;

    const ROOT_KEYS: [&str; 3] = ["apiversion", "kind", "metadata"];
    const METADATA_KEYS: [&str; 2] = ["name", "annotations"];
    // A key kept when it may match one of `names` as Go's JSON decoder matches fields
    // (the head reader folds ASCII case; other text is kept, which is never wrong).
    let matches = |key: &str, names: &[&str]| {
        !key.is_ascii() || names.iter().any(|n| key.eq_ignore_ascii_case(n))
    };
    // Plain scalars that may resolve to something other than a string start with one of
    // these (null `~`/`null`/`Null`/`NULL`, numbers, `.inf`, `.nan`); the rest are
    // strings or booleans, which never fail.
    let maybe_special = |s: &str| {
        s.is_empty()
            || matches!(
                s.as_bytes()[0],
                b'~' | b'n' | b'N' | b'0'..=b'9' | b'+' | b'-' | b'.'
            )
    };

    let src = Locator::new(&chunk.text, chunk.first_line);
    let mut parser = Parser::new(&chunk.text);
    let mut tree = Tree::default();
    let mut complete: Vec<bool> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    loop {
        let event = parser.next_event().ok()?;
        let is_key = stack.last().is_some_and(|o| o.is_map && o.key_next);
        // Where this node goes: the kept parent and how it keeps its content.
        let (parent, keep) = match stack.last_mut() {
            None => (None, Some(Keep::Root)),
            Some(open) if open.is_map && open.key_next => {
                open.key_next = false;
                (open.node, None)
            }
            Some(open) if open.is_map => {
                open.key_next = true;
                (open.node, open.value_keep.take())
            }
            Some(open) => (open.node, open.node.map(|_| Keep::All)),
        };
        match event.kind {
            EventKind::StreamStart | EventKind::DocumentStart => continue,
            EventKind::StreamEnd | EventKind::DocumentEnd => break,
            EventKind::Alias(_) => return None,
            EventKind::SequenceEnd | EventKind::MappingEnd => {
                stack.pop();
                continue;
            }
            EventKind::Scalar {
                anchor,
                tag,
                value,
                implicit,
                style,
            } => {
                if anchor.is_some() || !tag.is_empty() || stack.is_empty() {
                    return None;
                }
                let plain = style == Style::Plain;
                if plain && maybe_special(&value) {
                    let scalar = decode_scalar(&value, &tag, implicit).ok()?;
                    let ok = if is_key {
                        scalar.into_key().is_ok()
                    } else {
                        scalar.into_value().is_ok()
                    };
                    if !ok {
                        return None;
                    }
                }
                let kept = if is_key {
                    if plain && value == "<<" {
                        return None;
                    }
                    let open = stack.last_mut()?;
                    open.value_keep = match (open.node, open.keep) {
                        (None, _) => None,
                        (Some(_), Keep::All) => Some(Keep::All),
                        (Some(_), Keep::Root) if matches(&value, &ROOT_KEYS) => {
                            Some(if value.eq_ignore_ascii_case("metadata") {
                                Keep::Metadata
                            } else {
                                Keep::All
                            })
                        }
                        (Some(_), Keep::Metadata) if matches(&value, &METADATA_KEYS) => {
                            Some(Keep::All)
                        }
                        (Some(_), _) => None,
                    };
                    open.value_keep.is_some()
                } else {
                    keep.is_some()
                };
                if kept {
                    let id = push(
                        &mut tree,
                        &mut complete,
                        src.at(event.start),
                        Kind::Scalar {
                            value,
                            tag,
                            implicit,
                        },
                    );
                    attach(&mut tree, parent?, id);
                }
            }
            EventKind::SequenceStart { ref anchor } | EventKind::MappingStart { ref anchor } => {
                let is_map = matches!(event.kind, EventKind::MappingStart { .. });
                if anchor.is_some() || is_key || stack.len() >= MAX_DEPTH {
                    return None;
                }
                if stack.is_empty() && !is_map {
                    return None;
                }
                let node = keep.map(|_| {
                    let kind = if is_map {
                        Kind::Map(Vec::new())
                    } else {
                        Kind::Seq(Vec::new())
                    };
                    push(&mut tree, &mut complete, src.at(event.start), kind)
                });
                if let Some(id) = node {
                    match parent {
                        Some(p) => attach(&mut tree, p, id),
                        None => tree.root = Some(id),
                    }
                }
                // `metadata` keeps its head keys only when it is a map.
                let keep = match keep {
                    Some(Keep::Metadata) if !is_map => Keep::All,
                    other => other.unwrap_or(Keep::All),
                };
                stack.push(Open {
                    node,
                    keep,
                    is_map,
                    key_next: true,
                    value_keep: None,
                });
            }
        }
    }
    tree.root?;
    Some(tree)
}

fn attach(tree: &mut Tree<'_>, parent: usize, child: usize) {
    if let Kind::Seq(children) | Kind::Map(children) = &mut tree.nodes[parent].kind {
        children.push(child);
    }
}
