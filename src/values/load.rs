//! Reading values files as Helm does (go-yaml v2, YAML 1.1, then a JSON round trip).
//!
//! Helm 4.1.4 reads a values file (`values.yaml` or `-f`) with `loader.LoadValues`:
//!
//! 1. The bytes are cut into documents like k8s.io/apimachinery's `YAMLReader`: a line
//!    that starts with `---` ends the current document; text after the `---` other than
//!    spaces and a `#` comment is an error. CRLF line endings become LF.
//! 2. Each document is decoded by go-yaml v2 (libyaml's YAML 1.1 grammar, go-yaml's
//!    scalar resolution, anchors, aliases and `<<` merge keys), then converted to JSON by
//!    sigs.k8s.io/yaml (map keys become strings, `.inf`/`.nan` are refused) and read back
//!    with `encoding/json`, so every number becomes a float64.
//! 3. Each document must be a map (or empty); the maps are deep-merged in order.
//!
//! [`load_values`] reproduces that, and reports where a file is wrong with its line and
//! column. Whether Helm accepts a file is decided by libyaml's tokenizer and parser, so
//! those are reproduced step by step (`scanner`, `parser`): a YAML 1.2 parser such as
//! saphyr disagrees with Helm on tabs after `-`, tabs in block-scalar indentation,
//! flow collections that break indentation, `\/` escapes, tags containing `,[]`, `?`
//! inside flow scalars, NEL/LS/PS line breaks, byte-order marks inside the text and
//! empty keys, among others. Then `parse` builds go-yaml's node tree, `decode` turns it
//! into values, and `scalar` resolves scalars and map keys. [`load_values_map`] and
//! [`parse_document`] do the same without recording locations.
//!
//! Speed (this runs on every render, for every manifest document): the common file, one
//! UTF-8 document with LF line ends, is checked and copied once; the scanner moves over
//! runs of ordinary characters a slice at a time and scalars borrow the text; marks give
//! locations directly unless the text has NEL/LS/PS breaks; and the decoder keeps one
//! JSON-pointer buffer. `benches/loader.rs` measures it.
//!
//! Deliberate differences from Helm:
//! - Nesting deeper than [`MAX_DEPTH`] levels is refused (Helm's limit is 10,000), so the
//!   later recursive stages never risk the stack.
//! - Where Helm's result depends on Go's random map order (two keys that only become
//!   equal after conversion to strings, such as `1` and `"1"`), the later key wins.
//! - Errors give the position in the whole file (Helm counts lines from the start of the
//!   current document, and gives no column).

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::fmt;

use super::{Map, Value};

mod decode;
mod parse;
mod parser;
mod scalar;
mod scanner;

/// The deepest nesting of maps and lists accepted (the top-level map is level 1).
pub const MAX_DEPTH: usize = 1000;

/// The longest JSON pointer (in bytes) recorded in [`Locations`]; deeper or longer paths
/// have no location (recording them all would let a small, deeply nested file build a
/// table hundreds of times its size).
pub const MAX_LOCATION_PATH: usize = 512;

/// A position in a values file: 1-based line and 1-based column (counted in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// Line number, from 1.
    pub line: usize,
    /// Column number in characters, from 1.
    pub column: usize,
}

/// Where each value was written: the key is the JSON pointer (RFC 6901) of a values path
/// (`/app/server/port`, list items by index `/list/0`, `~` written `~0` and `/` written
/// `~1`); the location is that of the key (or of the list item) in the source. Keys that
/// come from an alias or a `<<` merge point at the anchored text they were copied from.
/// The root (the empty pointer) and pointers longer than [`MAX_LOCATION_PATH`] bytes are
/// not listed.
pub type Locations = BTreeMap<String, Location>;

/// A values file as Helm reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    /// The values: maps, lists, strings, booleans, nulls and float64 numbers (never
    /// [`Value::Int`]), as Helm's templates see them.
    pub values: Map,
    /// Where each key and list item was written.
    pub locations: Locations,
}

/// Why a values file cannot be read, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// The name the file was given (`values.yaml`, the `-f` argument).
    pub origin: String,
    /// Line of the problem, from 1.
    pub line: usize,
    /// Column of the problem in characters, from 1.
    pub column: usize,
    /// What is wrong, and what was expected.
    pub message: String,
    /// The offending source line (shortened around the column when very long; control
    /// characters shown as `\u{..}` escapes). Only this one line of the file is kept.
    pub source_line: String,
    /// The column of the caret within [`Self::source_line`], from 1.
    pub caret: usize,
}

impl LoadError {
    fn new(origin: &str, bytes: &[u8], at: Location, message: String) -> LoadError {
        let (source_line, caret, found) = snippet_line(bytes, at);
        LoadError {
            origin: origin.to_string(),
            line: at.line,
            column: at.column,
            message: with_hint(message, found),
            source_line,
            caret,
        }
    }
}

/// Prints `values.yaml:3:7: message`, then the source line and a caret under the column:
///
/// ```text
/// values.yaml:3:7: mapping values are not allowed in this context
///   |
/// 3 | key: value: x
///   |           ^
/// ```
impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.origin, self.line, self.column, self.message
        )?;
        let num = self.line.to_string();
        let pad = " ".repeat(num.len());
        write!(f, "\n{pad} |\n{num} | {}\n{pad} | ", self.source_line)?;
        write!(f, "{}^", " ".repeat(self.caret.saturating_sub(1)))
    }
}

impl std::error::Error for LoadError {}

/// Reads a values file exactly as Helm 4.1.4's `loader.LoadValues` does.
///
/// `bytes` is the whole file; `origin` names it in errors. Returns the merged values of
/// all its documents and where each key was written.
///
/// # Errors
/// A [`LoadError`] at the first problem Helm would refuse (syntax, a document that is
/// not a map, `.inf`/`.nan`, a null or too-big map key, a tag that does not fit its
/// text, an unknown or self-containing alias, excessive aliasing, a bad merge key, a bad
/// `---` line), plus input Helm would also refuse for its encoding (invalid UTF-8, control
/// characters such as NUL) and nesting deeper than [`MAX_DEPTH`].
pub fn load_values(bytes: &[u8], origin: &str) -> Result<Loaded, LoadError> {
    load(bytes, origin, true)
}

/// [`load_values`] without [`Loaded::locations`] (faster, for callers that only want the
/// values): the same values, and the same errors.
///
/// # Errors
/// As [`load_values`].
pub fn load_values_map(bytes: &[u8], origin: &str) -> Result<Map, LoadError> {
    load(bytes, origin, false).map(|l| l.values)
}

fn load(bytes: &[u8], origin: &str, want_locations: bool) -> Result<Loaded, LoadError> {
    let fail = |f: Failure| LoadError::new(origin, bytes, f.at, f.message);
    let mut values = Map::new();
    let mut locations = Locations::new();
    for chunk in split_documents(bytes).map_err(fail)? {
        let tree = parse::parse_chunk(&chunk).map_err(fail)?;
        let doc = decode::decode(&tree, want_locations).map_err(fail)?;
        if values.is_empty() && locations.is_empty() {
            (values, locations) = (doc.values, doc.locations);
        } else {
            merge_maps(&mut values, &mut locations, doc.values, &mut String::new());
            locations.extend(doc.locations);
        }
    }
    Ok(Loaded { values, locations })
}

/// A problem and its place, before it becomes a [`LoadError`].
#[derive(Clone, Debug, PartialEq)]
struct Failure {
    at: Location,
    message: String,
}

impl Failure {
    fn new(at: Location, message: impl Into<String>) -> Failure {
        Failure {
            at,
            message: message.into(),
        }
    }
}

/// One document of the file, as apimachinery's `YAMLReader` hands it to go-yaml.
#[derive(Debug)]
struct Chunk {
    /// The document's text (valid UTF-8, LF or lone-CR line ends, no BOM at the start).
    text: String,
    /// File line of the chunk's first line, from 1.
    first_line: usize,
}

/// Splits the file into documents: each line starting with `---` ends a document (the
/// line itself is dropped, except that it starts the next document when no text came
/// before it); anything after the `---` but spaces or a `#` comment is an error. `\r\n`
/// line ends become `\n`. This works on bytes, like apimachinery's `YAMLReader`, so it
/// also (mostly harmlessly) runs over UTF-16 text. Each document is then decoded.
fn split_documents(bytes: &[u8]) -> Result<Vec<Chunk>, Failure> {
    let utf16 = bytes.starts_with(b"\xFE\xFF") || bytes.starts_with(b"\xFF\xFE");
    // The common case, one UTF-8 document with LF line ends, is the whole file.
    if !utf16
        && let Ok(whole) = std::str::from_utf8(bytes)
        && !whole.contains('\r')
        && !whole.starts_with("---")
        && !whole.contains("\n---")
    {
        if whole.is_empty() {
            return Ok(Vec::new());
        }
        let body = whole.strip_prefix('\u{feff}').unwrap_or(whole);
        let mut text = String::with_capacity(body.len() + 1);
        text.push_str(body);
        if !whole.ends_with('\n') {
            text.push('\n');
        }
        check_printable(&text, 1)?;
        return Ok(vec![Chunk {
            text,
            first_line: 1,
        }]);
    }
    let mut chunks = Vec::new();
    let mut buf: Vec<u8> = Vec::new();
    let mut buf_line = 1;
    let mut line_no = 1;
    let mut rest = bytes;
    while !rest.is_empty() {
        let (line, next) = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, &rest[rest.len()..]),
        };
        rest = next;
        let content = line.strip_suffix(b"\r").unwrap_or(line);
        let lines = if utf16 { 1 } else { line_count(content) };
        if let Some(after) = content.strip_prefix(b"---") {
            // Go's strings.TrimSpace; invalid UTF-8 is not space, like U+FFFD.
            let after = String::from_utf8_lossy(after);
            let trimmed = after.trim_matches(go_is_space);
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                let col = 4 + after.chars().take_while(|&c| go_is_space(c)).count();
                return Err(Failure::new(
                    Location {
                        line: line_no,
                        column: col,
                    },
                    "invalid document separator: only a comment may follow `---` \
                     (Helm: invalid Yaml document separator)",
                ));
            }
            if !buf.is_empty() {
                chunks.push(finish_chunk(std::mem::take(&mut buf), buf_line)?);
                line_no += lines;
                buf_line = line_no;
                continue;
            }
        }
        if buf.is_empty() {
            buf_line = line_no;
        }
        buf.extend_from_slice(content);
        buf.push(b'\n');
        line_no += lines;
    }
    if !buf.is_empty() {
        chunks.push(finish_chunk(buf, buf_line)?);
    }
    Ok(chunks)
}

/// How many lines a `\n`-terminated line (without its `\r\n` or `\n`) counts for: a
/// lone `\r` inside it also ends a line for the YAML scanner (see [`file_lines`]).
fn line_count(content: &[u8]) -> usize {
    let crs = content.iter().filter(|&&b| b == b'\r').count();
    1 + crs - usize::from(content.last() == Some(&b'\r'))
}

/// The lines of a file as locations count them: lines end at `\n`, `\r\n` or a lone
/// `\r` (a `\r` just before the `\r\n` belongs to that line end, as for the scanner,
/// which sees `\r\n` once the reader has turned `\r\r\n` into `\r\n`).
fn file_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').flat_map(|line| {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        line.split('\r')
    })
}

/// Go's `unicode.IsSpace`.
fn go_is_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}'
    ) || (c as u32 > 0xff && c.is_whitespace())
}

/// Decodes one document as libyaml's reader does: a byte-order mark picks UTF-16 (big or
/// little endian) or is skipped (UTF-8); the text must then be valid and free of
/// control characters.
fn finish_chunk(buf: Vec<u8>, first_line: usize) -> Result<Chunk, Failure> {
    let text = if let Some(rest) = buf.strip_prefix(b"\xEF\xBB\xBF") {
        decode_utf8(rest.to_vec(), first_line)?
    } else if let Some(rest) = buf.strip_prefix(b"\xFE\xFF") {
        decode_utf16(rest, u16::from_be_bytes, first_line)?
    } else if let Some(rest) = buf.strip_prefix(b"\xFF\xFE") {
        decode_utf16(rest, u16::from_le_bytes, first_line)?
    } else {
        decode_utf8(buf, first_line)?
    };
    check_printable(&text, first_line)?;
    Ok(Chunk { text, first_line })
}

/// Fails at the first character libyaml's reader refuses.
fn check_printable(text: &str, first_line: usize) -> Result<(), Failure> {
    // Printable ASCII needs no decoding. (A fold, unlike a search, compiles to vector
    // instructions.)
    let suspicious = |b: u8| b >= 0x7F || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'));
    if !text.bytes().fold(false, |seen, b| seen | suspicious(b)) {
        return Ok(());
    }
    if let Some((i, c)) = text.char_indices().find(|&(_, c)| !yaml_printable(c)) {
        let at = position_in(&text.as_bytes()[..i], first_line);
        let what = match c {
            '\u{feff}'..='\u{ffff}' => "non-characters are not allowed",
            _ => "control characters are not allowed",
        };
        return Err(Failure::new(
            at,
            format!("{what} (found U+{:04X})", c as u32),
        ));
    }
    Ok(())
}

fn decode_utf8(buf: Vec<u8>, first_line: usize) -> Result<String, Failure> {
    String::from_utf8(buf).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        Failure::new(
            position_in(&bytes[..valid], first_line),
            format!(
                "invalid UTF-8 (byte 0x{:02x}): values files must be UTF-8 text",
                bytes[valid]
            ),
        )
    })
}

/// UTF-16 text after its byte-order mark. Helm's document splitter adds a `\n` byte
/// after a last line that lacks one, so little-endian files, and big-endian ones not
/// ending in a line break, come out with an odd number of bytes and fail.
fn decode_utf16(
    bytes: &[u8],
    unit: fn([u8; 2]) -> u16,
    first_line: usize,
) -> Result<String, Failure> {
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => text.push(c),
            Err(_) => {
                let at = position_in(text.as_bytes(), first_line);
                return Err(Failure::new(at, "invalid UTF-16 surrogate pair"));
            }
        }
    }
    if bytes.len() % 2 == 1 {
        let at = position_in(text.as_bytes(), first_line);
        return Err(Failure::new(
            at,
            "incomplete UTF-16 character (Helm can only read UTF-16 big-endian files that \
             end with a line break; save the file as UTF-8)",
        ));
    }
    Ok(text)
}

/// The characters libyaml's reader accepts.
fn yaml_printable(c: char) -> bool {
    matches!(c as u32,
        0x09 | 0x0A | 0x0D | 0x20..=0x7E | 0x85 | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// The location just after `prefix`, the start of a chunk beginning at `first_line`.
fn position_in(prefix: &[u8], first_line: usize) -> Location {
    let text = String::from_utf8_lossy(prefix);
    let mut line = first_line;
    let mut column = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => {
                line += 1;
                column = 1;
            }
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    line += 1;
                    column = 1;
                }
            }
            _ => column += 1,
        }
    }
    Location { line, column }
}

/// Deep-merges one document's map into the values so far (Helm's `MergeMaps`: maps merge
/// key by key, anything else replaces), dropping the locations of replaced values (the
/// caller then adds the new document's locations). `path` is the JSON pointer of `base`,
/// and is left as it was.
fn merge_maps(base: &mut Map, base_locs: &mut Locations, doc: Map, path: &mut String) {
    let len = path.len();
    for (k, v) in doc {
        path.truncate(len);
        push_pointer_segment(path, &k);
        match base.entry(k) {
            Entry::Occupied(mut slot) => match (slot.get_mut(), v) {
                (Value::Map(b), Value::Map(d)) => merge_maps(b, base_locs, d, path),
                (old, v) => {
                    remove_under(base_locs, path);
                    *old = v;
                }
            },
            Entry::Vacant(slot) => {
                remove_under(base_locs, path);
                slot.insert(v);
            }
        }
    }
    path.truncate(len);
}

/// Removes the entries for `path` and everything below it.
fn remove_under<V>(locs: &mut BTreeMap<String, V>, path: &str) {
    if locs.is_empty() {
        return;
    }
    locs.remove(path);
    let lo = format!("{path}/");
    let hi = format!("{path}0"); // '0' follows '/' in byte order
    let doomed: Vec<String> = locs.range(lo..hi).map(|(k, _)| k.clone()).collect();
    for k in doomed {
        locs.remove(&k);
    }
}

/// Escapes one JSON pointer segment (RFC 6901): `~` becomes `~0`, `/` becomes `~1`.
pub fn pointer_escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Appends `/` and the escaped `segment` (a map key) to a JSON pointer, as
/// [`pointer_escape`] escapes it.
fn push_pointer_segment(path: &mut String, segment: &str) {
    path.push('/');
    let mut from = 0;
    for (i, b) in segment.bytes().enumerate() {
        let escaped = match b {
            b'~' => "~0",
            b'/' => "~1",
            _ => continue,
        };
        // `~` and `/` are ASCII, so `i` and `i + 1` are character boundaries.
        path.push_str(&segment[from..i]);
        path.push_str(escaped);
        from = i + 1;
    }
    path.push_str(&segment[from..]);
}

/// Appends `/` and a list index to a JSON pointer.
fn push_index(path: &mut String, index: usize) {
    use std::fmt::Write;
    // Writing to a String cannot fail.
    let _ = write!(path, "/{index}");
}

/// Adds a hint to libyaml's terse messages for the common mistakes.
fn with_hint(message: String, found: Option<char>) -> String {
    let hint = match (message.as_str(), found) {
        ("found character that cannot start any token", Some('\t')) => {
            "a tab cannot start a token here: indent with spaces"
        }
        ("found character that cannot start any token", Some('@' | '`' | '%')) => {
            "`@`, `` ` `` and `%` cannot start a plain value: quote the value"
        }
        ("mapping values are not allowed in this context", _) => {
            "a plain value cannot contain `: `: quote the value, or fix the indentation"
        }
        ("block sequence entries are not allowed in this context", _) => {
            "a `- ` list item cannot start here: put it on its own line, indented"
        }
        _ => return message,
    };
    format!("{message} ({hint})")
}

/// The source line at `at` for a caret snippet: control characters escaped, and a window
/// of about 100 characters around the column when the line is longer. Returns the text,
/// the caret column within it, and the character at the location.
fn snippet_line(bytes: &[u8], at: Location) -> (String, usize, Option<char>) {
    const WINDOW: usize = 100;
    let lossy_utf16 = |rest: &[u8], unit: fn([u8; 2]) -> u16| -> String {
        let units = rest.chunks_exact(2).map(|p| unit([p[0], p[1]]));
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    };
    let text = if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        std::borrow::Cow::Owned(lossy_utf16(rest, u16::from_be_bytes))
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        std::borrow::Cow::Owned(lossy_utf16(rest, u16::from_le_bytes))
    } else {
        String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
    };
    let lines: Vec<&str> = file_lines(&text).collect();
    let index = at.line.saturating_sub(1);
    let line = lines.get(index).copied().unwrap_or("");
    let mut chars: Vec<char> = line.chars().collect();
    // The preshared keys are secrets: a line holding them is shown as `*`s.
    let secret_from = preshared_keys_from(&lines, index);
    if let Some(from) = secret_from {
        for c in chars.iter_mut().skip(from) {
            if !c.is_whitespace() {
                *c = '*';
            }
        }
    }
    let col = at.column.saturating_sub(1).min(chars.len());
    let (start, prefix) = if chars.len() > WINDOW && col > WINDOW / 2 {
        (col - WINDOW / 2, "…")
    } else {
        (0, "")
    };
    let end = (start + WINDOW).min(chars.len());
    let suffix = if end < chars.len() { "…" } else { "" };
    let mut out = String::from(prefix);
    let mut caret = prefix.chars().count() + 1;
    for (i, &c) in chars[start..end].iter().enumerate() {
        let shown = match c {
            '\t' => " ".to_string(),
            c if c.is_control() || c == '\u{feff}' => c.escape_unicode().to_string(),
            c => c.to_string(),
        };
        if start + i < col {
            caret += shown.chars().count();
        }
        out.push_str(&shown);
    }
    out.push_str(suffix);
    let found = if secret_from.is_some_and(|f| col >= f) {
        None
    } else {
        chars.get(col).copied()
    };
    (out, caret, found)
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// Where a line of a values file starts holding `app.authn.preshared.keys` items (the
/// character after `keys:` on the key's own line, the first non-space character of a
/// line inside its block), judged by indentation; `None` for other lines.
fn preshared_keys_from(lines: &[&str], index: usize) -> Option<usize> {
    let line = lines.get(index)?;
    // The nearest line above `i` indented less than `indent`, skipping blanks and
    // comments.
    let parent = |i: usize, indent: usize| {
        (0..i).rev().map(|j| lines[j]).find(|l| {
            let t = l.trim_start();
            !t.is_empty() && !t.starts_with('#') && indent_of(l) < indent
        })
    };
    let is_key = |l: &str, key: &str| {
        l.trim_start()
            .trim_start_matches("- ")
            .strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with(':'))
    };
    let under_preshared =
        |i: usize, l: &str| parent(i, indent_of(l)).is_some_and(|p| is_key(p, "preshared"));
    if is_key(line, "keys") && under_preshared(index, line) {
        let at = line.find(':')? + 1;
        return Some(line[..at].chars().count());
    }
    let own = indent_of(line);
    let keys = parent(index, own + usize::from(line.trim_start().starts_with('-')))?;
    if is_key(keys, "keys") {
        let k = lines.iter().position(|l| std::ptr::eq(*l, keys))?;
        if under_preshared(k, keys) {
            return Some(line[..own].chars().count());
        }
    }
    None
}

#[cfg(test)]
mod tests;

/// Parses one rendered manifest document as Helm's `SimpleHead` read does
/// (sigs.k8s.io/yaml: go-yaml v2, then the JSON round trip). An empty or comment-only
/// document is an empty map.
pub fn parse_document(doc: &str) -> Result<Value, LoadError> {
    load_values_map(doc.as_bytes(), "manifest").map(Value::Map)
}

/// [`parse_document`] for the keys Helm's `SimpleHead` reads: the document's
/// `apiVersion`, `kind` and `metadata` (with only `name` and `annotations`), each key
/// spelt in any case, exactly as [`parse_document`] gives them; the other keys are
/// checked but not built, which makes it several times cheaper on large manifests.
///
/// # Errors
/// Exactly those of [`parse_document`]: a document where the shortcut could differ
/// (anchors, aliases, tags, merge keys, `.inf`, null keys, any error) is read whole.
pub fn parse_document_head(doc: &str) -> Result<Value, LoadError> {
    if let Ok(chunks) = split_documents(doc.as_bytes())
        && let [chunk] = chunks.as_slice()
        && let Some(tree) = parse::parse_head_tree(chunk)
        && let Ok(head) = decode::decode(&tree, false)
    {
        return Ok(Value::Map(head.values));
    }
    parse_document(doc)
}

/// Whether [`parse_document_head`] reads `doc` by its shortcut (for tests and fuzzing:
/// a shortcut never taken would make their comparisons vacuous).
#[doc(hidden)]
pub fn head_shortcut_applies(doc: &str) -> bool {
    split_documents(doc.as_bytes()).is_ok_and(
        |chunks| matches!(chunks.as_slice(), [chunk] if parse::parse_head_tree(chunk).is_some()),
    )
}
