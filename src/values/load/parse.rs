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
