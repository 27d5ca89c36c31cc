//! The `--set` family of flags, parsed as Helm's `strvals` package does (Helm 4.1.4,
//! `pkg/strvals/parser.go` and `literal_parser.go`, called from
//! `pkg/cli/values/options.go` `MergeValues`).
//!
//! # Calling order
//!
//! Helm applies the flags to one map, which already holds the merged `-f` files (chart
//! defaults are coalesced later, so they are *not* in that map): first every
//! `--set-json`, then every `--set`, `--set-string`, `--set-file` and `--set-literal`,
//! each group in command-line order. Call [`parse_set_json`], [`parse_set`],
//! [`parse_set_string`], [`parse_set_file`] and [`parse_set_literal`] in that order with
//! the same `dest`. The first error stops Helm; a failed call may leave `dest` partly
//! updated, which does not matter because the whole command fails.
//!
//! # Syntax (all flags but `--set-literal`)
//!
//! An argument is `key=value[,key=value...]`. A key is a path: `a.b` descends into maps,
//! `a[2]` into lists (missing entries are padded with nulls; at most index
//! [`MAX_INDEX`]), `a[0].b`, `a[0][1]` nest. A key may hold at most
//! [`MAX_NESTED_NAME_LEVEL`] dots after names (a dot right after `]` is not counted, as
//! in Helm). A backslash makes the next character literal (`\,`,
//! `\.`, `\[`, `\=`, `\\`); a trailing lone backslash is dropped. A value starting with
//! `{` is a list `{a,b}` (elements split at unescaped commas; `{}` is `[""]`); anything
//! else runs to the next unescaped comma and may contain `=`, `}` and spaces.
//!
//! Helm's quirks are kept: an empty key sets nothing (`.a=1`, `=1`), yet an existing
//! `""` map or list from `-f` is changed in place; an argument that ends inside a key
//! (`a[1`, `a.`, `a[0]`) is accepted and sets only what Helm sets (`a[0]` makes
//! `a: []`); setting below a key that holds a scalar, or indexing a key that holds a
//! map, fails (Helm: "unable to parse key: interface conversion: ...").
//!
//! `--set-literal` takes everything after the first `=` verbatim (commas and
//! backslashes included); its key has no escapes and no `,` separator.
//!
//! # Errors
//!
//! Every error names the flag, the argument (shortened when long) and the key path
//! that was being set, and carries the text Helm 4.1.4 prints for the same input
//! ([`SetError::helm`]). Long user text is never echoed whole.
//!
//! # Limits beyond Helm's
//!
//! Helm's own limits ([`MAX_INDEX`], [`MAX_NESTED_NAME_LEVEL`]) are enforced with
//! Helm's results. Two more bound recursion and memory where Helm has none (Go's
//! stacks and heap just grow): a key path or JSON value may nest at most
//! [`MAX_NESTING`] levels in all, and one argument may add at most
//! [`MAX_NEW_LIST_SLOTS`] list entries by index padding (`a[65536]` adds 65537).

use std::fmt;

use super::{Map, Value};
use crate::gofmt::go_quote;

/// Helm's `strvals.MaxIndex`: the largest list index a key may use (`a[65536]`).
pub const MAX_INDEX: i64 = 65536;

/// Helm's `strvals.MaxNestedNameLevel`: how many map levels (dots) a key may descend.
pub const MAX_NESTED_NAME_LEVEL: usize = 30;

/// Our bound on nesting (key path segments plus JSON levels) for one argument; Helm has
/// none for list indexes (`a[0][0]...`) and allows 10000 JSON levels.
pub const MAX_NESTING: usize = 500;

/// Our bound on list entries one argument may create by index padding (Helm has none;
/// `a[0][65536]=1,a[1][65536]=1,...` would otherwise grow without limit).
pub const MAX_NEW_LIST_SLOTS: usize = 1 << 21;

/// Longest piece of user text (in characters) quoted in a message.
const CLIP_CHARS: usize = 64;

/// Longest argument (in characters) shown in [`SetError`]'s `Display`.
const ARG_CHARS: usize = 120;

/// A `--set`-family argument that Helm would refuse.
///
/// `Display` gives `<flag> <arg>: <message>`, e.g.
/// `--set tolerations[x]=1: index "x" of key "tolerations" is not a number`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetError {
    /// The flag: `--set`, `--set-string`, `--set-json`, `--set-literal` or `--set-file`.
    pub flag: &'static str,
    /// The argument, shortened to its first 120 characters (control characters escaped)
    /// when longer.
    pub arg: String,
    /// The key path being set when parsing failed, written as on the command line
    /// (`a.b[0].c`, with `\.` for a dot inside a key name); `""` for an empty key, or
    /// for an error at the top of a `--set-json '{...}'` object. Shortened when long.
    pub key: String,
    /// What went wrong, naming the key (`key "a.y" has no value`).
    pub message: String,
    /// The error text Helm 4.1.4 prints after `Error: ` for the same argument (e.g.
    /// `failed parsing --set data: key "y" has no value`), with long user text
    /// shortened and control characters in an echoed argument escaped; for our own
    /// limits, the flag and our message.
    pub helm: String,
}

impl fmt::Display for SetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.flag, self.arg, self.message)
    }
}

impl std::error::Error for SetError {}

/// Applies one `--set` argument to `dest` (Helm `strvals.ParseInto`).
///
/// Values are typed as Helm types them: `true`/`false` in any case (Go
/// `strings.EqualFold`, so `falſe` too) become [`Value::Bool`], `null` in any case
/// [`Value::Null`], `0` and base-10 int64 text not starting with `0` (`12`, `+1`, `-01`)
/// [`Value::Int`]; everything else, including `1.5`, `01`, `1e3`, `0x1F`, `~` and out of
/// range integers, stays a [`Value::Str`]. An empty value is `""`.
///
/// # Errors
/// A key without `=value` (`a`, `a=1,b`), an empty entry (`a=1,,b=2`), a dotted key
/// with nothing below it (`a.=1`), a bad or too large index, text after `]`, an
/// unterminated `{` list, too deep nesting, or a path through a value of the wrong type.
pub fn parse_set(arg: &str, dest: &mut Map) -> Result<(), SetError> {
    run(Flag::Set, arg, dest, &mut Reader::Typed)
}

/// Applies one `--set-string` argument to `dest` (Helm `strvals.ParseIntoString`):
/// the `--set` syntax, but every value (list elements too) stays a string.
///
/// # Errors
/// As [`parse_set`].
pub fn parse_set_string(arg: &str, dest: &mut Map) -> Result<(), SetError> {
    run(Flag::SetString, arg, dest, &mut Reader::Str)
}

/// Applies one `--set-literal` argument to `dest` (Helm `strvals.ParseLiteralInto`):
/// the key ends at the first `=` (no escapes, `,` is part of the key) and the whole rest
/// of the argument is the string value, commas and backslashes included. The key may
/// still use `.` and `[i]`.
///
/// # Errors
/// As [`parse_set`], minus the comma and list errors.
pub fn parse_set_literal(arg: &str, dest: &mut Map) -> Result<(), SetError> {
    run(Flag::SetLiteral, arg, dest, &mut Reader::Literal)
}

/// Applies one `--set-file` argument to `dest` (Helm `strvals.ParseIntoFile`): the
/// `--set` syntax, where each value (each element of a `{a,b}` list too) is a path that
/// `read` turns into the string stored. An empty value at the very end of the argument
/// (`a=`, `a[0]=`) stores `""` without reading; before a comma (`a=,b=x`) it is the
/// path `""`, as in Helm (which then fails to open it). `read` gets the path with
/// escapes removed and returns the file's text or an error message (Helm reads `-` as
/// stdin, URLs through its getters, else the local file, and stores the bytes as a Go
/// string).
///
/// # Errors
/// As [`parse_set`], plus `read`'s error, naming the path and the key.
pub fn parse_set_file(
    arg: &str,
    dest: &mut Map,
    read: &mut dyn FnMut(&str) -> Result<String, String>,
) -> Result<(), SetError> {
    run(Flag::SetFile, arg, dest, &mut Reader::File(read))
}

/// Applies one `--set-json` argument to `dest`, as Helm 4's `MergeValues` does.
///
/// If the argument, with Unicode white space trimmed, starts with `{`, it must be one
/// JSON object (nothing but JSON white space after it); it is merged into `dest` like
/// Helm's `loader.MergeMaps`: maps merge deeply, anything else (null included)
/// replaces. Otherwise it is `key=json[,key=json...]` (Helm `strvals.ParseJSON`), keys
/// as for [`parse_set`]; each value is decoded as Go's `json.Decoder` decodes one value
/// into `interface{}` (every number a [`Value::Float`], objects maps, arrays lists,
/// invalid surrogate escapes U+FFFD) and may be followed by white space and one comma;
/// an empty value is null. Decoding stops where the JSON value ends, so text after it
/// starts the next key, as in Helm (`a=1 b=2` sets both).
///
/// # Errors
/// Invalid JSON (naming the key and where in the JSON it broke), a number beyond
/// float64, nesting deeper than [`MAX_NESTING`], and the key errors of [`parse_set`].
/// Helm reports all of these as `failed parsing --set-json data <arg>` (for the
/// whole-object form, `failed parsing --set-json data JSON: <arg>`).
pub fn parse_set_json(arg: &str, dest: &mut Map) -> Result<(), SetError> {
    let trimmed = arg.trim();
    if !trimmed.starts_with('{') {
        return run(Flag::SetJson, arg, dest, &mut Reader::Json);
    }
    let mut json = Json::new(trimmed, MAX_NESTING);
    let parsed = json.value(0).and_then(|v| {
        json.skip_ws();
        if json.pos < json.b.len() {
            Err(json.err_char("after top-level value"))
        } else {
            Ok(v)
        }
    });
    match parsed {
        Ok(Value::Map(m)) => {
            merge_maps(dest, m);
            Ok(())
        }
        // The text starts with `{`, so a successful parse is always an object.
        Ok(_) => Ok(()),
        Err(e) => {
            let key = render_path(&e.path_outward(), false);
            let at = if key.is_empty() {
                "at the top level".to_string()
            } else {
                format!("at key {}", q(&key))
            };
            let message = format!("invalid JSON object {at}: {}", e.message);
            Err(SetError {
                flag: Flag::SetJson.name(),
                arg: show(arg, ARG_CHARS),
                key: clip(&key, 200),
                message,
                helm: format!(
                    "failed parsing --set-json data JSON: {}",
                    show(arg, ARG_CHARS)
                ),
            })
        }
    }
}

/// Helm's `loader.MergeMaps(dest, src)` written back into `dest`: where both sides hold
/// a map the maps merge, otherwise `src`'s value replaces.
fn merge_maps(dest: &mut Map, src: Map) {
    for (k, v) in src {
        match (dest.get_mut(&k), v) {
            (Some(Value::Map(d)), Value::Map(s)) => merge_maps(d, s),
            (_, v) => {
                dest.insert(k, v);
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Flag {
    Set,
    SetString,
    SetJson,
    SetLiteral,
    SetFile,
}

impl Flag {
    fn name(self) -> &'static str {
        match self {
            Flag::Set => "--set",
            Flag::SetString => "--set-string",
            Flag::SetJson => "--set-json",
            Flag::SetLiteral => "--set-literal",
            Flag::SetFile => "--set-file",
        }
    }
}

/// How a value's text becomes a value (Go's `RunesValueReader`, or the JSON and
/// literal parsers).
enum Reader<'r> {
    Typed,
    Str,
    Literal,
    Json,
    File(&'r mut dyn FnMut(&str) -> Result<String, String>),
}

/// One step of a key path, for messages.
#[derive(Clone, Debug)]
enum Seg {
    Key(String),
    Index(i64),
}

/// A parse failure: where, our message, and Helm's inner message.
struct Fail {
    key: String,
    message: String,
    helm: String,
}

/// Why a parse step stopped: the input ran out (Go: an error wrapping `io.EOF`, which
/// Helm's loop treats as success), or a real failure.
enum Stop {
    Eof,
    Fail(Box<Fail>),
}

type Res<T = ()> = Result<T, Stop>;

/// What `valList` found instead of a `{...}` list.
enum NotList {
    Eof,
    Plain,
    Fail(Stop),
}

fn run(flag: Flag, arg: &str, dest: &mut Map, reader: &mut Reader<'_>) -> Result<(), SetError> {
    let mut p = Parser {
        s: arg,
        pos: 0,
        reader,
        path: Vec::new(),
        new_slots: 0,
    };
    loop {
        match p.key(dest, 0) {
            Ok(()) => {}
            Err(Stop::Eof) => return Ok(()),
            Err(Stop::Fail(f)) => {
                let helm = if flag == Flag::SetJson {
                    format!("failed parsing --set-json data {}", show(arg, ARG_CHARS))
                } else {
                    format!("failed parsing {} data: {}", flag.name(), f.helm)
                };
                return Err(SetError {
                    flag: flag.name(),
                    arg: show(arg, ARG_CHARS),
                    key: f.key,
                    message: f.message,
                    helm,
                });
            }
        }
    }
}

struct Parser<'s, 'r, 'f> {
    s: &'s str,
    pos: usize,
    reader: &'r mut Reader<'f>,
    path: Vec<Seg>,
    new_slots: usize,
}

/// What went wrong, turned into text only when an error is reported (keeping the
/// recursive parsing frames small).
enum Why {
    /// The argument ended after a key (`a`, `a=1,b`).
    NoValue(String),
    /// A key was followed by `,` (`a,b=1`, `a=1,,b=2`).
    NoValueComma(String),
    /// `a.` with nothing set below (`a.=1`, `a..b=1`).
    KeyMapNoValue(String),
    /// More than [`MAX_NESTED_NAME_LEVEL`] dots.
    NestedLevel,
    /// `[text]` is not an int (`range`: too large for one).
    BadIndex {
        text: String,
        range: bool,
    },
    Negative(i64),
    TooBig(i64),
    /// Text between `]` and the next `=`, `.` or `[`.
    Unexpected {
        extra: String,
        index: i64,
    },
    /// Go's failed type assertion: the value at the path (plus `index`) is not a
    /// list (`want_list`) or map.
    Conversion {
        found: Value,
        want_list: bool,
        index: Option<i64>,
    },
    ListUnterminated,
    Read {
        file: String,
        err: String,
    },
    Depth,
    Slots(i64),
    Json(JsonError),
}

impl Parser<'_, '_, '_> {
    fn literal(&self) -> bool {
        matches!(self.reader, Reader::Literal)
    }

    fn json(&self) -> bool {
        matches!(self.reader, Reader::Json)
    }

    fn peek(&self) -> Option<char> {
        self.s.get(self.pos..).and_then(|r| r.chars().next())
    }

    fn next_char(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    /// Go `runesUntil` (or `runesUntilLiteral` for `--set-literal`): the text up to the
    /// first stop character (consumed and returned), `None` at the end of the input.
    fn until(&mut self, stops: &[char]) -> (String, Option<char>) {
        let escapes = !self.literal();
        let mut v = String::new();
        loop {
            let Some(c) = self.next_char() else {
                return (v, None);
            };
            if stops.contains(&c) {
                return (v, Some(c));
            }
            if escapes && c == '\\' {
                match self.next_char() {
                    Some(n) => v.push(n),
                    None => return (v, None),
                }
            } else {
                v.push(c);
            }
        }
    }

    /// The rest of the input (the `--set-literal` value).
    fn rest(&mut self) -> String {
        let r = self.s.get(self.pos..).unwrap_or("").to_string();
        self.pos = self.s.len();
        r
    }

    /// Goes one level deeper in the key path, bounding the recursion.
    fn push(&mut self, seg: Seg) -> Res {
        self.path.push(seg);
        if self.path.len() > MAX_NESTING {
            let e = self.fail(Why::Depth);
            self.path.pop();
            return Err(e);
        }
        Ok(())
    }

    fn pop(&mut self) {
        self.path.pop();
    }

    /// Builds the error for `why` at the current key path: our message and Helm's.
    #[cold]
    #[inline(never)]
    fn fail(&self, why: Why) -> Stop {
        let mut path = self.path.clone();
        let literal = self.literal();
        let here = render_path(&path, literal);
        let key = q_key(&here);
        let (message, helm) = match why {
            Why::NoValue(k) => (
                format!("key {key} has no value"),
                format!("key {} has no value", q(&k)),
            ),
            Why::NoValueComma(k) => (
                format!("key {key} has no value (cannot end with ,)"),
                format!("key {} has no value (cannot end with ,)", q(&k)),
            ),
            Why::KeyMapNoValue(k) => (
                format!("key map {key} has no value"),
                format!("key map {} has no value", q(&k)),
            ),
            Why::NestedLevel => (
                format!(
                    "key {key} is nested deeper than the maximum supported nested level \
                     of {MAX_NESTED_NAME_LEVEL}"
                ),
                format!(
                    "value name nested level is greater than maximum supported nested \
                     level of {MAX_NESTED_NAME_LEVEL}"
                ),
            ),
            Why::BadIndex { text, range } => {
                let (ours, go) = if range {
                    ("is out of range", "value out of range")
                } else {
                    ("is not a number", "invalid syntax")
                };
                (
                    format!("index {} of key {key} {ours}", q(&text)),
                    format!(
                        "error parsing index: strconv.Atoi: parsing {}: {go}",
                        q(&text)
                    ),
                )
            }
            Why::Negative(i) => (
                format!("negative index {i} of key {key} is not allowed"),
                format!("negative {i} index not allowed"),
            ),
            Why::TooBig(i) => (
                format!(
                    "index {i} of key {key} is greater than the maximum supported index \
                     of {MAX_INDEX}"
                ),
                format!("index of {i} is greater than maximum supported index of {MAX_INDEX}"),
            ),
            Why::Unexpected { extra, index } => {
                let runes: Vec<String> = extra.chars().take(CLIP_CHARS).map(quote_rune).collect();
                let more = if extra.chars().count() > CLIP_CHARS {
                    " ..."
                } else {
                    ""
                };
                (
                    format!(
                        "unexpected text {} after index [{index}] of key {key} \
                         (expected \"=\", \".\" or \"[\")",
                        q(&extra)
                    ),
                    format!(
                        "unexpected data at end of array index: [{}{more}]",
                        runes.join(" ")
                    ),
                )
            }
            Why::Conversion {
                found,
                want_list,
                index,
            } => {
                if let Some(i) = index {
                    path.push(Seg::Index(i));
                }
                let key = q_key(&render_path(&path, literal));
                let holds = match &found {
                    Value::Null => "null".to_string(),
                    Value::List(_) => "a list".to_string(),
                    Value::Map(_) => "a map".to_string(),
                    Value::Str(s) => format!("the string {}", q(s)),
                    v => format!("the {} {}", v.go_type(), clip(&v.to_string(), CLIP_CHARS)),
                };
                // Go's runtime names a nil interface "nil" here, not `%T`'s "<nil>".
                let found_go = match &found {
                    Value::Null => "nil",
                    v => v.go_type(),
                };
                let (ours, want_go) = if want_list {
                    ("not a list, so it cannot be indexed", "[]interface {}")
                } else {
                    (
                        "not a map, so nothing can be set below it",
                        "map[string]interface {}",
                    )
                };
                (
                    format!("unable to parse key: key {key} holds {holds}, {ours}"),
                    format!(
                        "unable to parse key: interface conversion: interface {{}} is \
                         {found_go}, not {want_go}"
                    ),
                )
            }
            Why::ListUnterminated => (
                format!("list value of key {key} must terminate with '}}'"),
                "list must terminate with '}'".to_string(),
            ),
            Why::Read { file, err } => {
                let err = clip(&err, 300);
                (
                    format!("cannot read file {} for key {key}: {err}", q(&file)),
                    err,
                )
            }
            Why::Depth => {
                let m = format!("key {key} is nested more than {MAX_NESTING} levels deep");
                (m.clone(), m)
            }
            Why::Slots(i) => {
                let m = format!(
                    "setting index {i} of key {key} would make this argument create more \
                     than {MAX_NEW_LIST_SLOTS} list entries"
                );
                (m.clone(), m)
            }
            Why::Json(e) => {
                path.extend(e.path_outward());
                let inner = render_path(&path, false);
                let at = if e.path.is_empty() {
                    String::new()
                } else {
                    format!(" (inside the value, at {})", q(&inner))
                };
                (
                    format!("invalid JSON value for key {key}{at}: {}", e.message),
                    e.message,
                )
            }
        };
        Stop::Fail(Box::new(Fail {
            key: clip(&render_path(&path, literal), 200),
            message,
            helm,
        }))
    }

    // ---- keys ----

    /// Go `parser.key`: reads one key segment and what follows it into `data`.
    fn key(&mut self, data: &mut Map, level: usize) -> Res {
        let stops: &[char] = if self.literal() {
            &['=', '[', '.']
        } else {
            &['=', '[', ',', '.']
        };
        let (k, last) = self.until(stops);
        if last.is_none() && k.is_empty() {
            return Err(Stop::Eof);
        }
        self.push(Seg::Key(k.clone()))?;
        let r = match last {
            None => Err(self.fail(Why::NoValue(k))),
            Some(c) => self.key_rest(data, k, c, level),
        };
        self.pop();
        r
    }

    fn key_rest(&mut self, data: &mut Map, k: String, last: char, level: usize) -> Res {
        match last {
            '[' => self.key_list(data, k, level),
            '=' => self.key_value(data, k),
            ',' => {
                set(data, k.clone(), Value::Str(String::new()));
                Err(self.fail(Why::NoValueComma(k)))
            }
            _ => self.key_map(data, k, level),
        }
    }

    /// The `key[` case of Go `parser.key`.
    fn key_list(&mut self, data: &mut Map, k: String, level: usize) -> Res {
        let i = self.key_index()?;
        match data.get_mut(&k) {
            Some(Value::List(list)) => {
                let len = list.len();
                let r = self.list_item(list, i, level);
                // Go's `set` ignores an empty key: only in-place changes to an existing
                // `""` list stay, growth does not.
                if k.is_empty() {
                    list.truncate(len);
                }
                r
            }
            Some(other) => Err(self.fail(Why::Conversion {
                found: other.clone(),
                want_list: true,
                index: None,
            })),
            None => {
                let mut list = Vec::new();
                let r = self.list_item(&mut list, i, level);
                set(data, k, Value::List(list));
                r
            }
        }
    }

    /// The `key.` case of Go `parser.key`.
    fn key_map(&mut self, data: &mut Map, k: String, level: usize) -> Res {
        let level = level + 1;
        if level > MAX_NESTED_NAME_LEVEL {
            return Err(self.fail(Why::NestedLevel));
        }
        match data.get_mut(&k) {
            Some(Value::Map(inner)) => {
                let r = self.key(inner, level);
                if r.is_ok() && inner.is_empty() {
                    return Err(self.fail(Why::KeyMapNoValue(k)));
                }
                r
            }
            Some(other) => Err(self.fail(Why::Conversion {
                found: other.clone(),
                want_list: false,
                index: None,
            })),
            None => {
                let mut inner = Map::new();
                let r = self.key(&mut inner, level);
                if r.is_ok() && inner.is_empty() {
                    return Err(self.fail(Why::KeyMapNoValue(k)));
                }
                if !inner.is_empty() {
                    set(data, k, Value::Map(inner));
                }
                r
            }
        }
    }

    /// The `key=` case of Go `parser.key`.
    fn key_value(&mut self, data: &mut Map, k: String) -> Res {
        if self.json() {
            if self.empty_val() {
                set(data, k, Value::Null);
                return Ok(());
            }
            let v = self.json_value()?;
            set(data, k, v);
            self.empty_val();
            return Ok(());
        }
        if self.literal() {
            let v = self.rest();
            set(data, k, Value::Str(v));
            return Ok(());
        }
        match self.val_list() {
            Ok(list) => {
                set(data, k, Value::List(list));
                Ok(())
            }
            Err(NotList::Eof) => {
                set(data, k, Value::Str(String::new()));
                Err(Stop::Eof)
            }
            Err(NotList::Plain) => {
                let text = self.val();
                let v = self.read(text)?;
                set(data, k, v);
                Ok(())
            }
            Err(NotList::Fail(e)) => Err(e),
        }
    }

    /// Go `keyIndex`: the text up to `]`, as `strconv.Atoi` reads it. The end of the
    /// input inside the brackets is [`Stop::Eof`] (Helm then keeps what was set so far).
    fn key_index(&mut self) -> Res<i64> {
        let (text, last) = self.until(&[']']);
        if last.is_none() {
            return Err(Stop::Eof);
        }
        match text.parse::<i64>() {
            Ok(i) => Ok(i),
            Err(e) => {
                let range = matches!(
                    e.kind(),
                    std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow
                );
                Err(self.fail(Why::BadIndex { text, range }))
            }
        }
    }

    /// Go `setIndex`, writing `v` at `i` and padding with nulls. `list` is unchanged on
    /// error.
    fn set_index(&mut self, list: &mut Vec<Value>, i: i64, v: Value) -> Res {
        let idx = self.check_index(i)?;
        if list.len() <= idx {
            let added = idx + 1 - list.len();
            self.new_slots = self.new_slots.saturating_add(added);
            if self.new_slots > MAX_NEW_LIST_SLOTS {
                return Err(self.fail(Why::Slots(i)));
            }
            list.resize(idx + 1, Value::Null);
        }
        if let Some(slot) = list.get_mut(idx) {
            *slot = v;
        }
        Ok(())
    }

    /// The range checks of Go `setIndex`.
    fn check_index(&self, i: i64) -> Res<usize> {
        if i < 0 {
            return Err(self.fail(Why::Negative(i)));
        }
        if i > MAX_INDEX {
            return Err(self.fail(Why::TooBig(i)));
        }
        // 0 <= i <= MAX_INDEX, so this always converts.
        usize::try_from(i).map_err(|_| self.fail(Why::TooBig(i)))
    }

    /// Go `listItem`: what follows `[i]` (a value, `.key`, or `[j]`), applied to `list`,
    /// the current value of the key in `self.path`. On error `list` keeps Go's in-place
    /// changes but never grows.
    fn list_item(&mut self, list: &mut Vec<Value>, i: i64, level: usize) -> Res {
        if i < 0 {
            return Err(self.fail(Why::Negative(i)));
        }
        let (extra, last) = self.until(&['[', '.', '=']);
        if !extra.is_empty() {
            return Err(self.fail(Why::Unexpected { extra, index: i }));
        }
        match last {
            None => Err(Stop::Eof),
            Some('=') => {
                let v = self.item_value()?;
                self.set_index(list, i, v)
            }
            Some('.') => self.item_map(list, i, level),
            Some(_) => self.item_list(list, i, level), // '['
        }
    }

    /// Runs `f` with `[i]` added to the key path.
    fn at_index<T>(&mut self, i: i64, f: impl FnOnce(&mut Self) -> Res<T>) -> Res<T> {
        self.push(Seg::Index(i))?;
        let r = f(self);
        self.pop();
        r
    }

    /// `[i].key`: Go turns an existing non-map element into an empty map in place, or
    /// builds a new map that is stored only on success.
    fn item_map(&mut self, list: &mut Vec<Value>, i: i64, level: usize) -> Res {
        if let Some(slot) = usize::try_from(i).ok().and_then(|u| list.get_mut(u)) {
            if !matches!(slot, Value::Map(_)) {
                *slot = Value::Map(Map::new());
            }
            if let Value::Map(inner) = slot {
                self.at_index(i, |p| p.key(inner, level))?;
            }
            return self.check_index(i).map(|_| ());
        }
        let mut inner = Map::new();
        self.at_index(i, |p| p.key(&mut inner, level))?;
        self.set_index(list, i, Value::Map(inner))
    }

    /// `[i][j]`: an existing list element is changed in place, a null or missing one is
    /// replaced by a new list on success, anything else is Go's failed type assertion.
    fn item_list(&mut self, list: &mut Vec<Value>, i: i64, level: usize) -> Res {
        let next = self.at_index(i, |p| p.key_index())?;
        match usize::try_from(i).ok().and_then(|u| list.get_mut(u)) {
            Some(Value::List(inner)) => {
                self.at_index(i, |p| p.list_item(inner, next, level))?;
                self.check_index(i).map(|_| ())
            }
            Some(Value::Null) | None => {
                let mut inner = Vec::new();
                self.at_index(i, |p| p.list_item(&mut inner, next, level))?;
                self.set_index(list, i, Value::List(inner))
            }
            Some(other) => Err(self.fail(Why::Conversion {
                found: other.clone(),
                want_list: true,
                index: Some(i),
            })),
        }
    }

    /// The value after `[i]=`.
    fn item_value(&mut self) -> Res<Value> {
        if self.json() {
            if self.empty_val() {
                return Ok(Value::Null);
            }
            let v = self.json_value()?;
            self.empty_val();
            return Ok(v);
        }
        if self.literal() {
            return Ok(Value::Str(self.rest()));
        }
        match self.val_list() {
            Ok(list) => Ok(Value::List(list)),
            Err(NotList::Eof) => Ok(Value::Str(String::new())),
            Err(NotList::Plain) => {
                let text = self.val();
                self.read(text)
            }
            Err(NotList::Fail(e)) => Err(e),
        }
    }

    // ---- values ----

    /// Go `val`: the text up to the next unescaped comma (consumed).
    fn val(&mut self) -> String {
        self.until(&[',']).0
    }

    /// Go `valList`: a `{a,b}` list, if the value starts with `{`.
    fn val_list(&mut self) -> Result<Vec<Value>, NotList> {
        match self.peek() {
            None => return Err(NotList::Eof),
            Some('{') => self.pos += 1,
            Some(_) => return Err(NotList::Plain),
        }
        let mut list = Vec::new();
        loop {
            let (text, last) = self.until(&[',', '}']);
            match last {
                None => return Err(NotList::Fail(self.fail(Why::ListUnterminated))),
                Some('}') => {
                    if self.peek() == Some(',') {
                        self.pos += 1;
                    }
                    list.push(self.read(text).map_err(NotList::Fail)?);
                    return Ok(list);
                }
                Some(_) => list.push(self.read(text).map_err(NotList::Fail)?),
            }
        }
    }

    /// Turns a value's text into a value (Go's `RunesValueReader`).
    fn read(&mut self, text: String) -> Res<Value> {
        match self.reader {
            Reader::Typed => Ok(typed_val(text)),
            Reader::File(read) => match read(&text) {
                Ok(s) => Ok(Value::Str(s)),
                Err(err) => Err(self.fail(Why::Read { file: text, err })),
            },
            Reader::Str | Reader::Literal | Reader::Json => Ok(Value::Str(text)),
        }
    }

    /// Go `emptyVal`: skips white space; true (consuming one comma) at a comma or the end.
    fn empty_val(&mut self) -> bool {
        loop {
            match self.peek() {
                None => return true,
                Some(',') => {
                    self.pos += 1;
                    return true;
                }
                Some(c) if c.is_whitespace() => self.pos += c.len_utf8(),
                Some(_) => return false,
            }
        }
    }

    /// One JSON value at the current position, as `json.Decoder.Decode` reads it; the
    /// position moves to just after it.
    fn json_value(&mut self) -> Res<Value> {
        let rest = self.s.get(self.pos..).unwrap_or("");
        let mut json = Json::new(rest, MAX_NESTING.saturating_sub(self.path.len()));
        match json.value(0) {
            Ok(v) => {
                self.pos += json.pos;
                Ok(v)
            }
            Err(e) => Err(self.fail(Why::Json(e))),
        }
    }
}

/// Go `set`: an empty key sets nothing.
fn set(data: &mut Map, key: String, v: Value) {
    if !key.is_empty() {
        data.insert(key, v);
    }
}

/// Go `typedVal` (not string-forced).
fn typed_val(s: String) -> Value {
    if fold_eq(&s, "true") {
        return Value::Bool(true);
    }
    if fold_eq(&s, "false") {
        return Value::Bool(false);
    }
    if fold_eq(&s, "null") {
        return Value::Null;
    }
    if s == "0" {
        return Value::Int(0);
    }
    if !s.is_empty() && !s.starts_with('0') {
        // Go `strconv.ParseInt(s, 10, 64)`: optional sign, ASCII digits, int64 range.
        if let Ok(i) = s.parse::<i64>() {
            return Value::Int(i);
        }
    }
    Value::Str(s)
}

/// Go `strings.EqualFold(s, word)` for an ASCII lower-case `word`: simple Unicode case
/// folding, where `ſ` (U+017F) folds with `s` and the Kelvin sign with `k`.
fn fold_eq(s: &str, word: &str) -> bool {
    let mut chars = s.chars();
    for w in word.chars() {
        let Some(c) = chars.next() else {
            return false;
        };
        let same = c.to_ascii_lowercase() == w
            || (w == 's' && c == '\u{17f}')
            || (w == 'k' && c == '\u{212a}');
        if !same {
            return false;
        }
    }
    chars.next().is_none()
}

/// Writes a key path as it would be typed on the command line: `a.b[0].c`, with `\`
/// before `.`, `[`, `,`, `=` and `\` inside key names (not for `--set-literal`, which
/// has no escapes).
fn render_path(path: &[Seg], literal: bool) -> String {
    let mut out = String::new();
    for (n, seg) in path.iter().enumerate() {
        match seg {
            Seg::Key(k) => {
                if n > 0 {
                    out.push('.');
                }
                for c in k.chars() {
                    if !literal && matches!(c, '.' | '[' | ',' | '=' | '\\') {
                        out.push('\\');
                    }
                    out.push(c);
                }
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The first `max` characters of `s`, with `...` when cut.
fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((at, _)) => format!("{}...", &s[..at]),
        None => s.to_string(),
    }
}

/// `s` shortened and Go-quoted (`"abc"`, or `"abc"... (1234 bytes)` when cut).
fn q(s: &str) -> String {
    match s.char_indices().nth(CLIP_CHARS) {
        Some((at, _)) => format!("{}... ({} bytes)", go_quote(&s[..at]), s.len()),
        None => go_quote(s),
    }
}

/// A key path for a message: quoted, or `"" (empty key)`.
fn q_key(key: &str) -> String {
    if key.is_empty() {
        "\"\" (empty key)".to_string()
    } else {
        q(key)
    }
}

/// An argument for display: control characters escaped, shortened when long.
fn show(s: &str, max: usize) -> String {
    let mut out = String::new();
    for (n, c) in s.chars().enumerate() {
        if n == max {
            out.push_str(&format!("... ({} bytes in all)", s.len()));
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Go `%q` of a rune (`'x'`, `'\''`, `'"'`, `'\n'`).
fn quote_rune(c: char) -> String {
    match c {
        '\'' => "'\\''".to_string(),
        '"' => "'\"'".to_string(),
        _ => {
            let quoted = go_quote(c.encode_utf8(&mut [0; 4]));
            let inner = quoted
                .strip_prefix('"')
                .and_then(|s| s.strip_suffix('"'))
                .unwrap_or(&quoted);
            format!("'{inner}'")
        }
    }
}

// ---- JSON, as Go's encoding/json scanner and decoder read it ----

/// A JSON syntax or range error, with the path inside the JSON (innermost first).
struct JsonError {
    message: String,
    path: Vec<Seg>,
}

impl JsonError {
    fn path_outward(&self) -> Vec<Seg> {
        self.path.iter().rev().cloned().collect()
    }
}

/// A JSON reader over `s` from byte 0, following Go's scanner states: a value ends
/// where its grammar ends (`1x` reads `1`), bad bytes inside a value are errors.
struct Json<'a> {
    s: &'a str,
    b: &'a [u8],
    pos: usize,
    max_depth: usize,
}

impl<'a> Json<'a> {
    fn new(s: &'a str, max_depth: usize) -> Self {
        Json {
            s,
            b: s.as_bytes(),
            pos: 0,
            max_depth,
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.b.get(self.pos) {
            self.pos += 1;
        }
    }

    fn err(&self, message: String) -> JsonError {
        JsonError {
            message,
            path: Vec::new(),
        }
    }

    /// Go's `invalid character 'x' <context>` (or `unexpected end of JSON input`).
    fn err_char(&self, context: &str) -> JsonError {
        match self.s.get(self.pos..).and_then(|r| r.chars().next()) {
            Some(c) => self.err(format!(
                "invalid character {} {context} (byte {} of the JSON)",
                quote_rune(c),
                self.pos + 1
            )),
            None => self.err("unexpected end of JSON input".to_string()),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.skip_ws();
        match self.b.get(self.pos) {
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Value::Str),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.err_char("looking for beginning of value")),
        }
    }

    fn check_depth(&self, depth: usize) -> Result<(), JsonError> {
        if depth > self.max_depth {
            return Err(self.err(format!(
                "JSON nested more than {MAX_NESTING} levels deep (counting the key path)"
            )));
        }
        Ok(())
    }

    fn object(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.check_depth(depth)?;
        self.pos += 1;
        let mut map = Map::new();
        self.skip_ws();
        if self.b.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Value::Map(map));
        }
        loop {
            self.skip_ws();
            if self.b.get(self.pos) != Some(&b'"') {
                return Err(self.err_char("looking for beginning of object key string"));
            }
            let key = self.string()?;
            self.skip_ws();
            if self.b.get(self.pos) != Some(&b':') {
                let mut e = self.err_char("after object key");
                e.path.push(Seg::Key(key));
                return Err(e);
            }
            self.pos += 1;
            let v = match self.value(depth) {
                Ok(v) => v,
                Err(mut e) => {
                    e.path.push(Seg::Key(key));
                    return Err(e);
                }
            };
            map.insert(key, v);
            self.skip_ws();
            match self.b.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Map(map));
                }
                _ => return Err(self.err_char("after object key:value pair")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.check_depth(depth)?;
        self.pos += 1;
        let mut list = Vec::new();
        self.skip_ws();
        if self.b.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Value::List(list));
        }
        loop {
            match self.value(depth) {
                Ok(v) => list.push(v),
                Err(mut e) => {
                    e.path
                        .push(Seg::Index(i64::try_from(list.len()).unwrap_or(i64::MAX)));
                    return Err(e);
                }
            }
            self.skip_ws();
            match self.b.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::List(list));
                }
                _ => return Err(self.err_char("after array element")),
            }
        }
    }

    fn literal(&mut self, word: &str, v: Value) -> Result<Value, JsonError> {
        for want in word.bytes() {
            if self.b.get(self.pos) != Some(&want) {
                return Err(self.err_char(&format!(
                    "in literal {word} (expecting {})",
                    quote_rune(want as char)
                )));
            }
            self.pos += 1;
        }
        Ok(v)
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.b.get(self.pos) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// A number as Go's scanner delimits it (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`,
    /// ending at the first byte that cannot continue it), decoded as a float64.
    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.pos;
        if self.b.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        match self.b.get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.err_char("in numeric literal")),
        }
        if self.b.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.err_char("after decimal point in numeric literal"));
            }
        }
        if let Some(b'e' | b'E') = self.b.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.b.get(self.pos) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.err_char("in exponent of numeric literal"));
            }
        }
        let text = self.s.get(start..self.pos).unwrap_or("");
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Value::Float(f)),
            _ => Err(self.err(format!(
                "cannot unmarshal number {} into Go value of type float64",
                clip(text, CLIP_CHARS)
            ))),
        }
    }

    /// A string, unquoted as Go does (bad `\u` surrogates become U+FFFD).
    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1;
        let mut out = String::new();
        let mut run = self.pos;
        loop {
            match self.b.get(self.pos) {
                None => return Err(self.err("unexpected end of JSON input".to_string())),
                Some(b'"') => {
                    out.push_str(self.s.get(run..self.pos).unwrap_or(""));
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(self.s.get(run..self.pos).unwrap_or(""));
                    self.pos += 1;
                    let esc = self.b.get(self.pos).copied();
                    let c = match esc {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let r = self.hex4()?;
                            let c = self.surrogates(r);
                            out.push(c);
                            run = self.pos;
                            continue;
                        }
                        _ => return Err(self.err_char("in string escape code")),
                    };
                    out.push(c);
                    self.pos += 1;
                    run = self.pos;
                }
                Some(&c) if c < 0x20 => {
                    return Err(self.err_char("in string literal"));
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    /// Four hex digits after `\u`.
    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut r = 0u32;
        for _ in 0..4 {
            let d = match self.b.get(self.pos) {
                Some(&c @ b'0'..=b'9') => c - b'0',
                Some(&c @ b'a'..=b'f') => c - b'a' + 10,
                Some(&c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(self.err_char("in \\u hexadecimal character escape")),
            };
            r = r * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(r)
    }

    /// Go's surrogate handling after `\uXXXX` (value `r`, already consumed): a high
    /// surrogate followed by `\u` + low surrogate makes one character (both consumed);
    /// any other surrogate is U+FFFD, and a following escape is left alone.
    fn surrogates(&mut self, r: u32) -> char {
        if !(0xd800..0xe000).contains(&r) {
            return char::from_u32(r).unwrap_or('\u{fffd}');
        }
        if (0xd800..0xdc00).contains(&r) && self.b.get(self.pos..self.pos + 2) == Some(b"\\u") {
            let save = self.pos;
            self.pos += 2;
            if let Ok(r2) = self.hex4()
                && (0xdc00..0xe000).contains(&r2)
            {
                let c = 0x10000 + ((r - 0xd800) << 10) + (r2 - 0xdc00);
                return char::from_u32(c).unwrap_or('\u{fffd}');
            }
            self.pos = save;
        }
        '\u{fffd}'
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::BTreeMap;
    use std::time::{Duration, Instant};

    fn no_files(p: &str) -> Result<String, String> {
        Err(format!("unexpected read of {p:?}"))
    }

    fn apply(flag: &str, arg: &str, dest: &mut Map) -> Result<(), SetError> {
        match flag {
            "--set" => parse_set(arg, dest),
            "--set-string" => parse_set_string(arg, dest),
            "--set-json" => parse_set_json(arg, dest),
            "--set-literal" => parse_set_literal(arg, dest),
            "--set-file" => parse_set_file(arg, dest, &mut no_files),
            other => panic!("unknown flag {other}"),
        }
    }

    /// Applies the flags in order to `init`, returning the tree as JSON.
    fn run_on(init: Map, args: &[(&str, &str)]) -> Result<serde_json::Value, SetError> {
        let mut dest = init;
        for (flag, arg) in args {
            apply(flag, arg, &mut dest)?;
        }
        Ok(Value::Map(dest).to_json())
    }

    fn set(arg: &str) -> Result<serde_json::Value, SetError> {
        run_on(Map::new(), &[("--set", arg)])
    }

    fn err(args: &[(&str, &str)]) -> SetError {
        match run_on(Map::new(), args) {
            Ok(v) => panic!("{args:?}: expected an error, got {v}"),
            Err(e) => e,
        }
    }

    /// Numbers compared by value: Helm's `toJson` prints int64 and float64 alike.
    fn norm(j: &serde_json::Value) -> serde_json::Value {
        use serde_json::Value as J;
        match j {
            J::Number(n) => J::String(format!("num:{:?}", n.as_f64().unwrap_or(f64::NAN))),
            J::Array(a) => J::Array(a.iter().map(norm).collect()),
            J::Object(o) => J::Object(o.iter().map(|(k, v)| (k.clone(), norm(v))).collect()),
            other => other.clone(),
        }
    }

    #[track_caller]
    fn assert_json(got: Result<serde_json::Value, SetError>, want: serde_json::Value) {
        match got {
            Ok(got) => assert_eq!(norm(&got), norm(&want), "got {got}, want {want}"),
            Err(e) => panic!("unexpected error {e}, want {want}"),
        }
    }

    /// The message names the key (quoted), and Display leads with flag and argument.
    #[track_caller]
    fn assert_names_key(e: &SetError, key: &str) {
        assert_eq!(e.key, key, "{e}");
        let quoted = if key.is_empty() {
            "\"\" (empty key)".to_string()
        } else {
            go_quote(key)
        };
        assert!(
            e.message.contains(&quoted),
            "message does not name {quoted}: {e}"
        );
        assert!(e.to_string().starts_with(&format!("{} ", e.flag)), "{e}");
    }

    /// `testdata/vectors/set-differential.json`: 900 random arguments (one or two of
    /// the same flag, drawn from the characters the syntax cares about) run through
    /// real Helm 4.1.4 (`helm template` of a chart printing `{{ toJson .Values }}`);
    /// each row has Helm's values or its exact error text.
    #[test]
    fn helm_differential() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/testdata/vectors/set-differential.json"
        ))
        .expect("vectors");
        let rows: Vec<serde_json::Value> = serde_json::from_str(&text).expect("json");
        assert_eq!(rows.len(), 900);
        let mut bad = Vec::new();
        for row in &rows {
            let flag = row["flag"].as_str().expect("flag");
            let args: Vec<(&str, &str)> = row["args"]
                .as_array()
                .expect("args")
                .iter()
                .map(|a| (flag, a.as_str().expect("arg")))
                .collect();
            let got = run_on(Map::new(), &args);
            let same = match (row.get("values"), &got) {
                (Some(want), Ok(got)) => norm(got) == norm(want),
                (None, Err(e)) => {
                    Some(format!("Error: {}", e.helm).as_str()) == row["error"].as_str()
                }
                _ => false,
            };
            if !same {
                bad.push(format!("{flag} {args:?}: helm {row}, ours {got:?}"));
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    #[test]
    fn helm_vectors() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/testdata/vectors/set.json"
        ))
        .expect("vectors");
        let rows: Vec<serde_json::Value> = serde_json::from_str(&text).expect("json");
        assert_eq!(rows.len(), 91);
        // The key each failing row must name.
        let keys: BTreeMap<&str, &str> = [
            ("a", "a"),
            ("a=x,y", "y"),
            ("a=2,a.b=1", "a"),
            ("a[x]=1", "a"),
            ("a[-1]=1", "a"),
            ("a[65537]=1", "a"),
            ("a=[1,2]", "2]"),
            ("a..b=1", "a"),
            ("a.=1", "a"),
            ("a={x,{y}}", "}"),
            ("a={x", "a"),
            ("a=1,,b=2", ""),
            ("a={bad}", "a"),
        ]
        .into_iter()
        .collect();
        let (mut ok, mut failed) = (0, 0);
        for row in &rows {
            let flag = row["flag"].as_str().expect("flag");
            let arg = row["arg"].as_str().expect("arg");
            let got = run_on(Map::new(), &[(flag, arg)]);
            if let Some(want) = row.get("values") {
                assert_json(got, want.clone());
                ok += 1;
                continue;
            }
            let want = row["error"].as_str().expect("error");
            let e = got.expect_err(arg);
            assert_eq!(e.flag, flag);
            assert_eq!(format!("Error: {}", e.helm), want, "{flag} {arg}");
            assert_names_key(&e, keys.get(arg).copied().expect("key listed"));
            failed += 1;
        }
        assert_eq!((ok, failed), (78, 13));
    }

    #[test]
    fn display_names_flag_argument_and_key() {
        let e = err(&[("--set", "tolerations[x]=1")]);
        assert_eq!(
            e.to_string(),
            r#"--set tolerations[x]=1: index "x" of key "tolerations" is not a number"#
        );
        assert_eq!(
            e.helm,
            r#"failed parsing --set data: error parsing index: strconv.Atoi: parsing "x": invalid syntax"#
        );
        let e = err(&[("--set", "a.b=1,a.c[0].d[x]=1")]);
        assert_names_key(&e, "a.c[0].d");
        let e = err(&[("--set", "a=x,b.c\\.d")]);
        assert_names_key(&e, "b.c\\.d");
        assert!(e.message.contains(r#"key "b.c\\.d" has no value"#), "{e}");
        assert_eq!(
            e.helm,
            r#"failed parsing --set data: key "c.d" has no value"#
        );
        let e = err(&[("--set-string", "a=1,,b=2")]);
        assert_eq!(
            e.to_string(),
            r#"--set-string a=1,,b=2: key "" (empty key) has no value (cannot end with ,)"#
        );
        let e = err(&[("--set", "a=1\n,b")]);
        assert_eq!(e.arg, "a=1\\n,b");
    }

    #[test]
    fn multiple_args_share_one_map() {
        assert_json(
            run_on(
                Map::new(),
                &[
                    ("--set", "a=1"),
                    ("--set", "a=2"),
                    ("--set", "b={x,y}"),
                    ("--set", "b[3]=z"),
                    ("--set", "c.d=1"),
                    ("--set", "c=2"),
                    ("--set-string", "g=5"),
                    ("--set", "d.e=5,f.g=1"),
                    ("--set-literal", "f.h=x,y"),
                ],
            ),
            json!({
                "a": 2,
                "b": ["x", "y", null, "z"],
                "c": 2,
                "d": {"e": 5},
                "f": {"g": 1, "h": "x,y"},
                "g": "5",
            }),
        );
        let e = err(&[("--set", "a.b=1"), ("--set", "a[0]=2")]);
        assert_eq!(
            e.helm,
            "failed parsing --set data: unable to parse key: interface conversion: \
             interface {} is map[string]interface {}, not []interface {}"
        );
        assert_names_key(&e, "a");
        let e = err(&[("--set", "a={x}"), ("--set-literal", "a.b=2")]);
        assert_eq!(
            e.helm,
            "failed parsing --set-literal data: unable to parse key: interface conversion: \
             interface {} is []interface {}, not map[string]interface {}"
        );
        assert_eq!(
            e.message,
            r#"unable to parse key: key "a" holds a list, not a map, so nothing can be set below it"#
        );
        // A list element of the wrong type, one level down.
        let e = err(&[("--set", "a={x},a[0][1]=1")]);
        assert_names_key(&e, "a[0]");
        assert!(
            e.message.contains(r#"holds the string "x", not a list"#),
            "{e}"
        );
        // --set-json whole objects merge into what is there.
        assert_json(
            run_on(
                Map::new(),
                &[("--set", "a.b=1,a.c=2"), ("--set-json", r#"{"a":{"c":3}}"#)],
            ),
            json!({"a": {"b": 1, "c": 3}}),
        );
    }

    /// The map Helm's --set flags see after `-f` with this YAML (numbers are floats):
    /// `a: 1`, `b: null`, `c: [x, {"true": 1}]`, `"": {q: 1}`, `e: [z]`.
    fn from_values_file() -> Map {
        let j = json!({"a": 1, "b": null, "c": ["x", {"true": 1}], "": {"q": 1}, "e": ["z"]});
        match Value::from_json(&j) {
            Value::Map(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn interplay_with_values_files() {
        let base = json!({"a": 1, "b": null, "c": ["x", {"true": 1}], "": {"q": 1}, "e": ["z"]});
        let with = |patch: serde_json::Value| {
            let mut b = base.clone();
            for (k, v) in patch.as_object().expect("object") {
                b[k] = v.clone();
            }
            b
        };
        let run = |flag: &str, arg: &str| run_on(from_values_file(), &[(flag, arg)]);
        assert_json(
            run("--set", "c[1].z=2"),
            with(json!({"c": ["x", {"true": 1, "z": 2}]})),
        );
        // An empty key sets nothing, but an existing "" map is changed in place.
        assert_json(run("--set", ".r=2"), with(json!({"": {"q": 1, "r": 2}})));
        assert_json(run("--set", "e[0]."), with(json!({"e": [{}]})));
        assert_json(run("--set", "c[1].y."), base.clone());
        for (flag, arg, ty, want, key) in [
            ("--set", "a.b=1", "float64", "map[string]interface {}", "a"),
            (
                "--set-literal",
                "a.b=1",
                "float64",
                "map[string]interface {}",
                "a",
            ),
            ("--set", "b.x=1", "nil", "map[string]interface {}", "b"),
            ("--set", "b[0]=1", "nil", "[]interface {}", "b"),
            ("--set", "c[0][1]=1", "string", "[]interface {}", "c[0]"),
        ] {
            let e = run(flag, arg).expect_err(arg);
            assert_eq!(
                e.helm,
                format!(
                    "failed parsing {flag} data: unable to parse key: interface conversion: \
                     interface {{}} is {ty}, not {want}"
                )
            );
            assert_names_key(&e, key);
        }
        let e = run("--set", "a.b=1").expect_err("a.b");
        assert!(e.message.contains("holds the float64 1, not a map"), "{e}");
        let e = run("--set", "b.x=1").expect_err("b.x");
        assert!(e.message.contains("holds null"), "{e}");
    }

    #[test]
    fn set_file_reads_each_value() {
        let seen = std::cell::RefCell::new(Vec::new());
        let mut read = |p: &str| {
            seen.borrow_mut().push(p.to_string());
            match p {
                "missing" => Err(format!("open {p}: no such file or directory")),
                _ => Ok(format!("contents of {p}\n")),
            }
        };
        let mut dest = Map::new();
        parse_set_file(
            r"a=/tmp/f1.txt,b={x,y\,z},d[1]=w\.txt,e[0]=",
            &mut dest,
            &mut read,
        )
        .expect("read");
        parse_set_file("c=", &mut dest, &mut read).expect("empty");
        assert_json(
            Ok(Value::Map(dest).to_json()),
            json!({
                "a": "contents of /tmp/f1.txt\n",
                "b": ["contents of x\n", "contents of y,z\n"],
                "c": "",
                "d": [null, "contents of w.txt\n"],
                "e": [""],
            }),
        );
        assert_eq!(*seen.borrow(), ["/tmp/f1.txt", "x", "y,z", "w.txt"]);
        // Only a value at the very end is "empty"; `a=,` reads the file "" (Helm:
        // "open : no such file or directory").
        let e = parse_set_file("a=,b=x", &mut Map::new(), &mut |p: &str| {
            if p.is_empty() {
                Err("open : no such file or directory".into())
            } else {
                Ok(p.into())
            }
        })
        .expect_err("empty path");
        assert_eq!(
            e.helm,
            "failed parsing --set-file data: open : no such file or directory"
        );
        assert_names_key(&e, "a");

        let mut dest = Map::new();
        let e = parse_set_file("a.b=missing", &mut dest, &mut read).expect_err("missing");
        assert_eq!(
            e.helm,
            "failed parsing --set-file data: open missing: no such file or directory"
        );
        assert_eq!(
            e.to_string(),
            r#"--set-file a.b=missing: cannot read file "missing" for key "a.b": open missing: no such file or directory"#
        );
        assert_names_key(&e, "a.b");
        let e = parse_set_file("l={ok,missing}", &mut Map::new(), &mut read).expect_err("list");
        assert_names_key(&e, "l");
    }

    #[test]
    fn set_json_whole_object_merges() {
        assert_json(
            run_on(
                Map::new(),
                &[
                    ("--set-json", r#"{"a":{"b":1,"c":[1]}}"#),
                    ("--set-json", r#"{"a":{"b":null,"c":[2],"d":{"e":1}}}"#),
                    ("--set-json", " \n{\"x\":1}\u{a0}"),
                ],
            ),
            json!({"a": {"b": null, "c": [2], "d": {"e": 1}}, "x": 1}),
        );
        // A map replaces a scalar and a scalar replaces a map.
        assert_json(
            run_on(
                Map::new(),
                &[
                    ("--set", "a=1,b.c=2"),
                    ("--set-json", r#"{"a":{"z":1},"b":"s"}"#),
                ],
            ),
            json!({"a": {"z": 1}, "b": "s"}),
        );
        let e = err(&[("--set-json", r#"{"a":1} x"#)]);
        assert_eq!(e.helm, r#"failed parsing --set-json data JSON: {"a":1} x"#);
        assert_eq!(e.key, "");
        assert!(e.message.contains("at the top level"), "{e}");
        let e = err(&[("--set-json", r#"{"a":{"b":[1,x]}}"#)]);
        assert_names_key(&e, "a.b[1]");
        assert!(e.message.contains("invalid character 'x'"), "{e}");
        let e = err(&[("--set-json", r#"{"a.b":tru}"#)]);
        assert_eq!(e.key, r"a\.b");
    }

    #[test]
    fn set_json_values_decode_like_go() {
        assert_json(
            run_on(
                Map::new(),
                &[("--set-json", r#"a="\ud800\udc00\udc00\ud800\u0041""#)],
            ),
            json!({"a": "\u{10000}\u{fffd}\u{fffd}A"}),
        );
        assert_json(
            run_on(
                Map::new(),
                &[("--set-json", "a=-0,b=1E2,c=[],d={},e= , f=2")],
            ),
            json!({" f": 2, "a": 0, "b": 100, "c": [], "d": {}, "e": null}),
        );
        let mut m = Map::new();
        parse_set_json("a=-0", &mut m).expect("-0");
        assert!(matches!(m["a"], Value::Float(f) if f == 0.0 && f.is_sign_negative()));
        parse_set_json("i=12", &mut m).expect("12");
        assert_eq!(m["i"], Value::Float(12.0));
        for (arg, want) in [
            ("a=1.5.b=1", json!({"a": 1.5})),
            ("a=1 b=2", json!({"a": 1, "b": 2})),
            ("a=1b=2", json!({"a": 1, "b": 2})),
            (r#"a={"x":1}b=[true]"#, json!({"a": {"x": 1}, "b": [true]})),
            (r#"a[1]={"b":2},a[0]=3"#, json!({"a": [3, {"b": 2}]})),
            (r#"a="x,y",b="\\""#, json!({"a": "x,y", "b": "\\"})),
            (r#"a={"k":1,"k":2}"#, json!({"a": {"k": 2}})),
            ("a=\u{3000}7", json!({"a": 7})),
            ("a=\u{b}1,\u{b}b=2", json!({"a": 1, "\u{b}b": 2})),
        ] {
            assert_json(run_on(Map::new(), &[("--set-json", arg)]), want);
        }
        for (arg, key) in [
            ("a=[1,]", "a[1]"),
            ("a=tru", "a"),
            ("a=01", "1"),
            ("a=1e400", "a"),
            ("a=1,,b=2", ""),
            ("a=-", "a"),
            ("a=1.", "a"),
            ("a=\"\u{1}\"", "a"),
            (r#"a={"b":{"c":[1,{"d":x}]}}"#, "a.b.c[1].d"),
            ("a=\u{85}x", "a"),
        ] {
            let e = err(&[("--set-json", arg)]);
            assert_eq!(
                e.helm,
                format!("failed parsing --set-json data {}", show(arg, ARG_CHARS))
            );
            assert_names_key(&e, key);
        }
    }

    #[test]
    fn escapes_inside_lists() {
        assert_json(
            run_on(
                Map::new(),
                &[("--set", r"a={x\,y,z\}}"), ("--set", r"b={\{,\\}")],
            ),
            json!({"a": ["x,y", "z}"], "b": ["{", "\\"]}),
        );
        assert_json(
            set(r"a={1,\true,nu\ll,0\1},b=2"),
            json!({"a": [1, true, null, "01"], "b": 2}),
        );
        assert_json(
            run_on(
                Map::new(),
                &[("--set-string", "a=null,b={true,false},c[1]=0")],
            ),
            json!({"a": "null", "b": ["true", "false"], "c": [null, "0"]}),
        );
        let e = err(&[("--set", "c={a,b}x")]);
        assert_names_key(&e, "x");
    }

    #[test]
    fn unicode_keys() {
        assert_json(
            set("ключ.日本=値,é[1]=ü,😀\\.x=y"),
            json!({"é": [null, "ü"], "ключ": {"日本": "値"}, "😀.x": "y"}),
        );
        let e = err(&[("--set", "ключ.日本")]);
        assert_names_key(&e, "ключ.日本");
        assert_eq!(
            e.helm,
            "failed parsing --set data: key \"日本\" has no value"
        );
        let e = err(&[("--set", "é[0]ü=1")]);
        assert_eq!(
            e.helm,
            "failed parsing --set data: unexpected data at end of array index: ['ü']"
        );
        assert_names_key(&e, "é");
    }

    #[test]
    fn typed_values_follow_go() {
        for (text, want) in [
            ("0", Value::Int(0)),
            ("-0", Value::Int(0)),
            ("+0", Value::Int(0)),
            ("-01", Value::Int(-1)),
            ("+12", Value::Int(12)),
            ("-9223372036854775808", Value::Int(i64::MIN)),
            (
                "-9223372036854775809",
                Value::Str("-9223372036854775809".into()),
            ),
            ("00", Value::Str("00".into())),
            ("+", Value::Str("+".into())),
            ("1_000", Value::Str("1_000".into())),
            ("１", Value::Str("１".into())),
            ("TrUe", Value::Bool(true)),
            ("falſe", Value::Bool(false)),
            ("NuLL", Value::Null),
            ("nul", Value::Str("nul".into())),
            ("yes", Value::Str("yes".into())),
            ("", Value::Str(String::new())),
        ] {
            assert_eq!(typed_val(text.to_string()), want, "{text:?}");
        }
    }

    /// Arguments that end inside a key: Helm keeps what was set and reports nothing.
    #[test]
    fn truncated_arguments_match_helm() {
        for (arg, want) in [
            ("a[1", json!({})),
            ("x=1,a[1", json!({"x": 1})),
            ("a[0]=1,a[x", json!({"a": [1]})),
            ("a[0]", json!({"a": []})),
            ("a.b[0]", json!({"a": {"b": []}})),
            ("a.", json!({})),
            ("a[0].", json!({"a": []})),
            ("a={x},a[0].", json!({"a": [{}]})),
            ("x=1,\\", json!({"x": 1})),
            ("a[0].=1", json!({"a": [{}]})),
            ("a[70000].", json!({"a": []})),
            (
                "a=falſe,b=-01,c=+0,d=-0",
                json!({"a": false, "b": -1, "c": 0, "d": 0}),
            ),
            ("a[+1]=x", json!({"a": [null, "x"]})),
            (
                "a[0][2]=1,a[0][0]=2,a[1].b=3,a[1].c[0]=4",
                json!({"a": [[2, null, 1], {"b": 3, "c": [4]}]}),
            ),
            ("a=1,", json!({"a": 1})),
            ("=1,b=2", json!({"b": 2})),
        ] {
            assert_json(set(arg), want);
        }
        for (arg, helm, key) in [
            ("a[0]x", "unexpected data at end of array index: ['x']", "a"),
            (
                "a[0]xy=1",
                "unexpected data at end of array index: ['x' 'y']",
                "a",
            ),
            (
                "a[0][1]'=1",
                r"unexpected data at end of array index: ['\'']",
                "a[0]",
            ),
            ("a\\", r#"key "a" has no value"#, "a"),
            ("a=1,b", r#"key "b" has no value"#, "b"),
            (
                "a[]=x",
                r#"error parsing index: strconv.Atoi: parsing "": invalid syntax"#,
                "a",
            ),
            (
                "a[99999999999999999999]=x",
                r#"error parsing index: strconv.Atoi: parsing "99999999999999999999": value out of range"#,
                "a",
            ),
            (
                "a[70000].b=1",
                "index of 70000 is greater than maximum supported index of 65536",
                "a",
            ),
            ("a[0][-2]=1", "negative -2 index not allowed", "a[0]"),
        ] {
            let e = err(&[("--set", arg)]);
            assert_eq!(
                e.helm,
                format!("failed parsing --set data: {helm}"),
                "{arg}"
            );
            assert_names_key(&e, key);
        }
    }

    #[test]
    fn nested_name_level_counts_like_helm() {
        let dots = |n: usize| {
            (0..n)
                .map(|i| format!("k{i}"))
                .collect::<Vec<_>>()
                .join(".")
        };
        assert!(set(&format!("{}=1", dots(31))).is_ok());
        let e = err(&[("--set", &format!("{}=1", dots(32)))]);
        assert_eq!(
            e.helm,
            "failed parsing --set data: value name nested level is greater than maximum \
             supported nested level of 30"
        );
        assert!(e.key.starts_with("k0.k1.k2"), "{e}");
        // Helm's level carries through list items but the dot after `]` is free.
        assert!(set(&format!("a[0].{}=1", dots(31))).is_ok());
        assert!(set(&format!("a[0].{}=1", dots(32))).is_err());
        assert!(set(&format!("a.b[0].{}=1", dots(30))).is_ok());
        assert!(set(&format!("a.b[0].{}=1", dots(31))).is_err());
        let e = err(&[("--set-literal", &format!("{}=1", dots(32)))]);
        assert!(e.helm.contains("nested level of 30"), "{e}");
    }

    #[test]
    fn literal_values_are_verbatim() {
        for (arg, want) in [
            (r"a\.b=x\y", json!({"a\\": {"b": "x\\y"}})),
            ("a,b=1,2", json!({"a,b": "1,2"})),
            ("a[1]=x,y=z", json!({"a": [null, "x,y=z"]})),
            ("a=", json!({"a": ""})),
            ("a[0].b={1}", json!({"a": [{"b": "{1}"}]})),
        ] {
            assert_json(run_on(Map::new(), &[("--set-literal", arg)]), want);
        }
        let e = err(&[("--set-literal", "a.b")]);
        assert_eq!(
            e.helm,
            r#"failed parsing --set-literal data: key "b" has no value"#
        );
        assert_names_key(&e, "a.b");
    }

    #[test]
    fn list_index_limits() {
        let mut m = Map::new();
        parse_set("a[65536]=1", &mut m).expect("max index");
        assert!(matches!(&m["a"], Value::List(l) if l.len() == 65537 && l[65536] == Value::Int(1)));
        let start = Instant::now();
        let e = err(&[("--set", "a[99999999]=1")]);
        assert!(start.elapsed() < Duration::from_secs(1));
        assert!(
            e.helm
                .ends_with("index of 99999999 is greater than maximum supported index of 65536")
        );
        let e = err(&[("--set", "a[0][99999999]=1")]);
        assert_names_key(&e, "a[0]");
        // Our own bound on padding per argument.
        let many: Vec<String> = (0..40).map(|i| format!("a[{i}][65536]=1")).collect();
        let e = err(&[("--set", &many.join(","))]);
        assert!(e.message.contains("list entries"), "{e}");
        assert_names_key(&e, &format!("a[{}]", MAX_NEW_LIST_SLOTS / 65537));
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = |n: usize| format!("a{}=1", "[0]".repeat(n));
        let v = set(&deep(MAX_NESTING)).expect("at the limit");
        let mut cur = &v["a"];
        for _ in 1..MAX_NESTING {
            cur = &cur[0];
        }
        assert_eq!(cur, &json!([1]));
        let e = err(&[("--set", &deep(MAX_NESTING + 1))]);
        assert!(e.message.contains("nested more than"), "{e}");
        assert!(e.to_string().len() < 500, "{e}");
        let chain = format!("{}=1", vec!["a[0]"; MAX_NESTING].join("."));
        assert!(set(&chain).is_err());
        let json_deep = |n: usize| format!("a={}{}", "[".repeat(n), "]".repeat(n));
        assert!(run_on(Map::new(), &[("--set-json", &json_deep(MAX_NESTING - 1))]).is_ok());
        assert!(run_on(Map::new(), &[("--set-json", &json_deep(MAX_NESTING))]).is_err());
        let obj = format!(
            "{}1{}",
            r#"{"k":"#.repeat(MAX_NESTING + 1),
            "}".repeat(MAX_NESTING + 1)
        );
        let e = err(&[("--set-json", &obj)]);
        assert!(e.message.contains("nested more than"), "{e}");
        assert!(e.to_string().len() < 800, "{e}");
    }

    #[test]
    fn long_arguments_are_linear_and_never_echoed_whole() {
        let start = Instant::now();
        let pairs: Vec<String> = (0..100_000).map(|i| format!("k{i}=v{i}")).collect();
        let mut m = Map::new();
        parse_set(&pairs.join(","), &mut m).expect("pairs");
        assert_eq!(m.len(), 100_000);
        let indexed: Vec<String> = (0..=65536).map(|i| format!("l[{i}]={i}")).collect();
        parse_set(&indexed.join(","), &mut m).expect("indexed");
        assert!(matches!(&m["l"], Value::List(l) if l.len() == 65537));
        let items = vec!["1"; 200_000].join(",");
        parse_set_json(&format!("j=[{items}],k={{{items}}},z=1"), &mut m)
            .expect_err("object keys must be strings");
        parse_set_json(&format!("j=[{items}],z=1"), &mut m).expect("json list");
        assert!(matches!(&m["j"], Value::List(l) if l.len() == 200_000));
        parse_set(&format!("s={{{items}}}"), &mut m).expect("list");
        parse_set_literal(&format!("t={}", "x".repeat(1 << 20)), &mut m).expect("literal");
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{:?}",
            start.elapsed()
        );

        let huge_key = "k".repeat(100_000);
        let e = err(&[("--set", &huge_key)]);
        assert!(e.to_string().len() < 400, "{e}");
        assert!(e.helm.len() < 300, "{}", e.helm);
        assert!(e.key.len() < 300);
        let e = err(&[("--set-json", &format!("a={}", "x".repeat(100_000)))]);
        assert!(e.to_string().len() < 400 && e.helm.len() < 300, "{e}");
        let e = err(&[("--set", &format!("a[0]{}=1", "y".repeat(100_000)))]);
        assert!(e.to_string().len() < 600 && e.helm.len() < 600, "{e}");
    }
}
