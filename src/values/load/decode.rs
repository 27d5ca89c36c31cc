//! A node tree to values, as go-yaml v2 decodes into `interface{}` and sigs.k8s.io/yaml
//! then converts to JSON and back.
//!
//! The walk is iterative (an explicit stack of frames), so alias expansion and deep
//! nesting never use the call stack. go-yaml's rules kept here:
//! - a map entry is set when it is reached: a repeated key keeps the last value, and a
//!   `<<` merge entry sets the merged keys at its place (an explicit key before it is
//!   overwritten, one after it wins); a list of maps to merge is applied last to first,
//!   so earlier maps win;
//! - `<<` is a merge key only as a plain (or `!!merge`-tagged) scalar, and its value must
//!   be a map, an alias of a map, or a list of those;
//! - aliases decode their anchored node again; an alias inside its own anchor fails;
//!   go-yaml's alias-expansion budget ("excessive aliasing") is counted the same way;
//! - errors come in go-yaml's order of stages: decoding errors first, then map keys that
//!   have no JSON form, then numbers that have none (`.inf`, `.nan`), then a document
//!   that is not a map. The last three only count for what survives decoding: a map
//!   with a null key, or an `.inf`, that a repeated key later replaces is no error.
//!
//! The JSON pointer of the value being decoded is kept in one buffer, each frame knowing
//! the length of its own; it keys the locations and the errors that only count if their
//! value survives.

use std::collections::BTreeMap;

use super::parse::{Kind, Tree};
use super::scalar::{MERGE_TAG, decode_scalar};
use super::{
    Failure, Location, Locations, MAX_DEPTH, MAX_LOCATION_PATH, push_index, push_pointer_segment,
    remove_under,
};
use crate::values::{Map, Value};

/// One document's values and where they were written.
#[derive(Debug, Default)]
pub(super) struct Document {
    pub values: Map,
    pub locations: Locations,
}

/// Decodes one document tree; `want_locations` says whether to record where each value
/// was written (else [`Document::locations`] stays empty).
///
/// # Errors
/// See the module documentation; each error names the node it is about.
pub(super) fn decode(tree: &Tree<'_>, want_locations: bool) -> Result<Document, Failure> {
    let Some(root) = tree.root else {
        return Ok(Document::default());
    };
    let mut d = Decoder {
        tree,
        decode_count: 0,
        alias_count: 0,
        alias_depth: 0,
        want_locations,
        locations: Locations::new(),
        bad_keys: BTreeMap::new(),
        bad_numbers: BTreeMap::new(),
        stack: Vec::new(),
        cursors: Vec::new(),
        path: String::new(),
    };
    // go-yaml counts the document node too.
    d.count(root)?;
    let value = d.run(root)?;
    // What survived decoding: keys without a JSON form first (sigs.k8s.io/yaml's
    // conversion), then numbers without one (json.Marshal).
    if let Some((_, e)) = d.bad_keys.pop_first().or(d.bad_numbers.pop_first()) {
        return Err(e);
    }
    let at = tree.nodes[root].at;
    let (go, json) = match value {
        Value::Map(values) => {
            return Ok(Document {
                values,
                locations: d.locations,
            });
        }
        Value::Null => return Ok(Document::default()),
        Value::List(_) => ("a list", "array"),
        Value::Str(_) => ("a string", "string"),
        Value::Bool(_) => ("a boolean", "bool"),
        Value::Float(_) | Value::Int(_) => ("a number", "number"),
    };
    Err(Failure::new(
        at,
        format!(
            "a values document must be a map of keys, not {go} \
             (json: cannot unmarshal {json} into Go value of type map[string]interface {{}})"
        ),
    ))
}

struct Decoder<'t> {
    tree: &'t Tree<'t>,
    decode_count: u64,
    alias_count: u64,
    alias_depth: u32,
    want_locations: bool,
    locations: Locations,
    /// Maps holding a key without a JSON form (null, uint64), by path: reported after
    /// decoding if the map is still there.
    bad_keys: BTreeMap<String, Failure>,
    /// Numbers without a JSON form (infinities, NaN), by path, likewise.
    bad_numbers: BTreeMap<String, Failure>,
    stack: Vec<Frame>,
    /// The entry readers of the map frames, innermost last.
    cursors: Vec<Cursor>,
    /// The JSON pointer of the value being decoded (when it has one).
    path: String,
}

/// A list or map being built. `path` is the length of its JSON pointer (the start of
/// [`Decoder::path`]), or `None` inside the value of a key that has no JSON form
/// (nothing there is recorded: that key fails anyway).
enum Frame {
    Seq {
        node: usize,
        next: usize,
        items: Vec<Value>,
        path: Option<usize>,
        alias: bool,
    },
    Map {
        map: Map,
        /// Its cursors are `Decoder::cursors[cursor_base..]`: its own node's first, then
        /// merged maps on top.
        cursor_base: usize,
        path: Option<usize>,
        alias: bool,
        /// The key whose value is being decoded (`None` inside: a key to drop).
        pending: Option<Option<String>>,
        /// The first key of this map that has no JSON form.
        bad_key: Option<Failure>,
    },
}

/// Where a map frame reads its entries: its own node, then merged maps on top.
enum Cursor {
    Pairs {
        node: usize,
        next: usize,
        alias: bool,
    },
    MergeList {
        node: usize,
        next: usize,
    },
}

/// What the top frame asks for next. `Start` and `Key` say whether the value has a JSON
/// pointer: for `Start` it is then in [`Decoder::path`]; for `Key` the map's is its first
/// `parent` bytes.
enum Step {
    Start(usize, bool),
    Key {
        key: usize,
        value: usize,
        parent: Option<usize>,
    },
    Merge(usize),
    MergeItem(usize),
    PopCursor(bool),
    Done,
}

const ALIAS_RATIO_RANGE_LOW: u64 = 400_000;
const ALIAS_RATIO_RANGE_HIGH: u64 = 4_000_000;

/// go-yaml v2's allowed share of alias-driven decodes: 99% for small documents, falling
/// to 10% for very large ones.
fn allowed_alias_ratio(decode_count: u64) -> f64 {
    if decode_count <= ALIAS_RATIO_RANGE_LOW {
        0.99
    } else if decode_count >= ALIAS_RATIO_RANGE_HIGH {
        0.10
    } else {
        let range = (ALIAS_RATIO_RANGE_HIGH - ALIAS_RATIO_RANGE_LOW) as f64;
        0.99 - 0.89 * ((decode_count - ALIAS_RATIO_RANGE_LOW) as f64 / range)
    }
}

impl Decoder<'_> {
    fn kind(&self, node: usize) -> &Kind<'_> {
        &self.tree.nodes[node].kind
    }

    fn at(&self, node: usize) -> Location {
        self.tree.nodes[node].at
    }

    /// One go-yaml `unmarshal` call: counts it and enforces the aliasing budget.
    fn count(&mut self, node: usize) -> Result<(), Failure> {
        self.decode_count += 1;
        if self.alias_depth > 0 {
            self.alias_count += 1;
        }
        if self.alias_count > 100
            && self.decode_count > 1000
            && self.alias_count as f64 / self.decode_count as f64
                > allowed_alias_ratio(self.decode_count)
        {
            return Err(Failure::new(
                self.at(node),
                "document contains excessive aliasing (aliases expand to too much data)",
            ));
        }
        Ok(())
    }

    /// Follows an alias (counting the visit of its target), or returns the node itself.
    fn enter_alias(&mut self, node: usize) -> Result<(usize, bool), Failure> {
        if let Kind::Alias {
            target,
            name,
            cyclic,
        } = self.kind(node)
        {
            let target = *target;
            if *cyclic {
                return Err(Failure::new(
                    self.at(node),
                    format!("anchor '{name}' value contains itself"),
                ));
            }
            self.alias_depth += 1;
            self.count(target)?;
            return Ok((target, true));
        }
        Ok((node, false))
    }

    /// Records where the value at [`Self::path`] was written, unless locations are not
    /// wanted or the path is too long to be worth it (deep paths would make the table
    /// grow much faster than the input).
    fn record(&mut self, node: usize) {
        if self.want_locations && self.path.len() <= MAX_LOCATION_PATH {
            self.locations.insert(self.path.clone(), self.at(node));
        }
    }

    fn push(&mut self, at: Location, frame: Frame) -> Result<(), Failure> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(Failure::new(
                at,
                format!("exceeded max depth of {MAX_DEPTH} nested maps and lists"),
            ));
        }
        self.stack.push(frame);
        Ok(())
    }

    /// Starts decoding a value node (whose JSON pointer, if `has_path`, is
    /// [`Self::path`]): scalars give their value at once, lists and maps push a frame
    /// (and give `None`).
    fn start(&mut self, node: usize, has_path: bool) -> Result<Option<Value>, Failure> {
        self.count(node)?;
        let (n, alias) = self.enter_alias(node)?;
        match self.kind(n) {
            Kind::Scalar {
                value,
                tag,
                implicit,
            } => {
                let go = decode_scalar(value, tag, *implicit)
                    .map_err(|m| Failure::new(self.at(n), m))?;
                let v = go.into_value().unwrap_or_else(|m| {
                    if has_path {
                        let m = format!("{m} (JSON has no infinity or NaN; quote it for a string)");
                        self.bad_numbers
                            .insert(self.path.clone(), Failure::new(self.at(node), m));
                    }
                    Value::Null
                });
                if alias {
                    self.alias_depth = self.alias_depth.saturating_sub(1);
                }
                Ok(Some(v))
            }
            Kind::Seq(_) => {
                let frame = Frame::Seq {
                    node: n,
                    next: 0,
                    items: Vec::new(),
                    path: has_path.then_some(self.path.len()),
                    alias,
                };
                self.push(self.at(node), frame)?;
                Ok(None)
            }
            Kind::Map(_) => {
                let frame = Frame::Map {
                    map: Map::new(),
                    cursor_base: self.cursors.len(),
                    path: has_path.then_some(self.path.len()),
                    alias,
                    pending: None,
                    bad_key: None,
                };
                self.push(self.at(node), frame)?;
                self.cursors.push(Cursor::Pairs {
                    node: n,
                    next: 0,
                    alias: false,
                });
                Ok(None)
            }
            Kind::Alias { .. } => Err(Failure::new(self.at(n), "alias of an alias")),
        }
    }

    /// Decodes a map key to its JSON string, or the reason it has none (`Ok(Err(..))`:
    /// go-yaml keeps such a key, the JSON conversion fails on it later).
    fn key(&mut self, node: usize) -> Result<Result<String, Failure>, Failure> {
        self.count(node)?;
        let (n, alias) = self.enter_alias(node)?;
        let go = match self.kind(n) {
            Kind::Scalar {
                value,
                tag,
                implicit,
            } => decode_scalar(value, tag, *implicit).map_err(|m| Failure::new(self.at(n), m))?,
            Kind::Seq(_) | Kind::Map(_) | Kind::Alias { .. } => {
                let what = if matches!(self.kind(n), Kind::Seq(_)) {
                    "list"
                } else {
                    "map"
                };
                return Err(Failure::new(
                    self.at(node),
                    format!("invalid map key: a {what} cannot be a key"),
                ));
            }
        };
        if alias {
            self.alias_depth = self.alias_depth.saturating_sub(1);
        }
        Ok(go.into_key().map_err(|m| Failure::new(self.at(node), m)))
    }

    fn want_map(&self, node: usize) -> Failure {
        Failure::new(
            self.at(node),
            "map merge requires map or sequence of maps as the value",
        )
    }

    /// A merge source that must be a map or an alias of one: counts it and adds a
    /// cursor reading its entries into the current map.
    fn merge_map(&mut self, node: usize) -> Result<(), Failure> {
        match self.kind(node) {
            Kind::Map(_) => {}
            Kind::Alias { target, .. } if matches!(self.kind(*target), Kind::Map(_)) => {}
            _ => return Err(self.want_map(node)),
        }
        self.count(node)?;
        let (n, alias) = self.enter_alias(node)?;
        self.push_cursor(Cursor::Pairs {
            node: n,
            next: 0,
            alias,
        });
        Ok(())
    }

    fn push_cursor(&mut self, cursor: Cursor) {
        if let Some(Frame::Map { .. }) = self.stack.last() {
            self.cursors.push(cursor);
        }
    }

    fn run(&mut self, root: usize) -> Result<Value, Failure> {
        // The root's pointer is the empty one.
        let mut ready = self.start(root, true)?;
        loop {
            if let Some(v) = ready.take() {
                match self.stack.last_mut() {
                    None => return Ok(v),
                    Some(Frame::Seq { items, .. }) => items.push(v),
                    Some(Frame::Map { map, pending, .. }) => {
                        if let Some(Some(k)) = pending.take() {
                            map.insert(k, v);
                        }
                    }
                }
                continue;
            }
            ready = match self.next_step() {
                Step::Start(child, has_path) => {
                    if has_path {
                        self.record(child);
                    }
                    self.start(child, has_path)?
                }
                Step::Key { key, value, parent } => {
                    let k = self.key(key)?;
                    let has_path = match (parent, &k) {
                        (Some(len), Ok(k)) => {
                            self.path.truncate(len);
                            push_pointer_segment(&mut self.path, k);
                            true
                        }
                        _ => false,
                    };
                    // A replaced value takes what was recorded about it along, if anything
                    // was.
                    let check_replaced = has_path
                        && (self.want_locations
                            || !self.bad_keys.is_empty()
                            || !self.bad_numbers.is_empty());
                    let mut replaced = false;
                    if let Some(Frame::Map {
                        map,
                        pending,
                        bad_key,
                        ..
                    }) = self.stack.last_mut()
                    {
                        match k {
                            Ok(k) => {
                                replaced = check_replaced && map.contains_key(&k);
                                *pending = Some(Some(k));
                            }
                            Err(e) => {
                                bad_key.get_or_insert(e);
                                *pending = Some(None);
                            }
                        }
                    }
                    if has_path {
                        if replaced {
                            // The old value goes, and what was recorded about it.
                            remove_under(&mut self.locations, &self.path);
                            remove_under(&mut self.bad_keys, &self.path);
                            remove_under(&mut self.bad_numbers, &self.path);
                        }
                        self.record(key);
                    }
                    self.start(value, has_path)?
                }
                Step::Merge(node) => {
                    if let Kind::Seq(items) = self.kind(node) {
                        let next = items.len();
                        self.push_cursor(Cursor::MergeList { node, next });
                    } else {
                        self.merge_map(node)?;
                    }
                    None
                }
                Step::MergeItem(node) => {
                    self.merge_map(node)?;
                    None
                }
                Step::PopCursor(alias) => {
                    if alias {
                        self.alias_depth = self.alias_depth.saturating_sub(1);
                    }
                    None
                }
                Step::Done => {
                    let done = match self.stack.pop() {
                        Some(Frame::Seq { items, alias, .. }) => (Value::List(items), alias),
                        Some(Frame::Map {
                            map,
                            alias,
                            path,
                            bad_key,
                            ..
                        }) => {
                            if let (Some(len), Some(e)) = (path, bad_key) {
                                let p = self.path.get(..len).unwrap_or_default();
                                self.bad_keys.insert(p.to_string(), e);
                            }
                            (Value::Map(map), alias)
                        }
                        None => return Ok(Value::Null),
                    };
                    if done.1 {
                        self.alias_depth = self.alias_depth.saturating_sub(1);
                    }
                    Some(done.0)
                }
            };
        }
    }

    /// Advances the top frame and says what it needs.
    fn next_step(&mut self) -> Step {
        let tree = self.tree;
        let children = |node: usize| -> &[usize] {
            match &tree.nodes[node].kind {
                Kind::Seq(c) | Kind::Map(c) => c,
                Kind::Scalar { .. } | Kind::Alias { .. } => &[],
            }
        };
        match self.stack.last_mut() {
            None => Step::Done,
            Some(Frame::Seq {
                node, next, path, ..
            }) => {
                let items = children(*node);
                if *next >= items.len() {
                    return Step::Done;
                }
                if let Some(len) = *path {
                    self.path.truncate(len);
                    push_index(&mut self.path, *next);
                }
                *next += 1;
                Step::Start(items[*next - 1], path.is_some())
            }
            Some(Frame::Map {
                cursor_base, path, ..
            }) => {
                if self.cursors.len() <= *cursor_base {
                    return Step::Done;
                }
                match self.cursors.last_mut() {
                    None => Step::Done,
                    Some(Cursor::Pairs { node, next, alias }) => {
                        let pairs = children(*node);
                        if *next + 1 >= pairs.len() {
                            let alias = *alias;
                            self.cursors.pop();
                            return Step::PopCursor(alias);
                        }
                        let (key, value) = (pairs[*next], pairs[*next + 1]);
                        *next += 2;
                        if matches!(&tree.nodes[key].kind, Kind::Scalar { value, tag, implicit }
                            if value == "<<" && (*implicit || tag == MERGE_TAG))
                        {
                            return Step::Merge(value);
                        }
                        Step::Key {
                            key,
                            value,
                            parent: *path,
                        }
                    }
                    Some(Cursor::MergeList { node, next }) => {
                        if *next == 0 {
                            self.cursors.pop();
                            return Step::PopCursor(false);
                        }
                        *next -= 1;
                        Step::MergeItem(children(*node)[*next])
                    }
                }
            }
        }
    }
}
