//! The YAML 1.1 tokenizer of libyaml as go-yaml v2 runs it (go-yaml's `scannerc.go`).
//!
//! Its quirks are what decide whether Helm accepts a values file, so this follows it
//! step by step rather than the YAML specification: tabs are refused where a token may
//! start a simple key (line starts, after `-`, `?` and after a `:` that follows no simple
//! key), NEL, LS and PS are line breaks, a simple key is at most 1024 characters on one
//! line, `\/` is not an escape but `\'` is, tags may contain `,[]`, in flow context `?`
//! ends a plain scalar and `:` always indicates a value, and flow collections ignore
//! indentation. Input is a whole document already checked to be UTF-8 without control
//! characters; the end of input reads as NUL, like libyaml's buffer.
//!
//! Speed: runs of ordinary characters (inside scalars and comments) are skipped a slice
//! at a time rather than character by character, and a scalar's text borrows the input
//! unless it had to be rebuilt (escapes, folded line breaks).

use std::borrow::Cow;
use std::collections::VecDeque;

/// A position: byte offset in the document, and libyaml's character index, line and
/// column (from 0; lines end at CR, LF, CRLF, NEL, LS, PS).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Mark {
    pub offset: usize,
    pub index: usize,
    pub line: usize,
    pub column: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum TokenKind<'a> {
    StreamStart,
    StreamEnd,
    VersionDirective { major: u32, minor: u32 },
    TagDirective { handle: Box<str>, prefix: Box<str> },
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowSequenceEnd,
    FlowMappingStart,
    FlowMappingEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias(String),
    Anchor(String),
    Tag { handle: Box<str>, suffix: Box<str> },
    Scalar { value: Cow<'a, str>, style: Style },
}

/// The kind of a token without its text, for the parser to look at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tok {
    StreamStart,
    StreamEnd,
    VersionDirective,
    TagDirective,
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowSequenceEnd,
    FlowMappingStart,
    FlowMappingEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias,
    Anchor,
    Tag,
    Scalar(Style),
}

impl TokenKind<'_> {
    pub fn tok(&self) -> Tok {
        match self {
            TokenKind::StreamStart => Tok::StreamStart,
            TokenKind::StreamEnd => Tok::StreamEnd,
            TokenKind::VersionDirective { .. } => Tok::VersionDirective,
            TokenKind::TagDirective { .. } => Tok::TagDirective,
            TokenKind::DocumentStart => Tok::DocumentStart,
            TokenKind::DocumentEnd => Tok::DocumentEnd,
            TokenKind::BlockSequenceStart => Tok::BlockSequenceStart,
            TokenKind::BlockMappingStart => Tok::BlockMappingStart,
            TokenKind::BlockEnd => Tok::BlockEnd,
            TokenKind::FlowSequenceStart => Tok::FlowSequenceStart,
            TokenKind::FlowSequenceEnd => Tok::FlowSequenceEnd,
            TokenKind::FlowMappingStart => Tok::FlowMappingStart,
            TokenKind::FlowMappingEnd => Tok::FlowMappingEnd,
            TokenKind::BlockEntry => Tok::BlockEntry,
            TokenKind::FlowEntry => Tok::FlowEntry,
            TokenKind::Key => Tok::Key,
            TokenKind::Value => Tok::Value,
            TokenKind::Alias(_) => Tok::Alias,
            TokenKind::Anchor(_) => Tok::Anchor,
            TokenKind::Tag { .. } => Tok::Tag,
            TokenKind::Scalar { style, .. } => Tok::Scalar(*style),
        }
    }
}

#[derive(Clone, Debug)]
pub(super) struct Token<'a> {
    pub kind: TokenKind<'a>,
    pub start: Mark,
    pub end: Mark,
}

/// A syntax error: the problem and where it was found, and what was being read.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct SyntaxError {
    pub problem: String,
    pub problem_mark: Mark,
    pub context: &'static str,
    pub context_mark: Mark,
}

/// Boxed, so that the many small results on the scanning path stay small.
pub(super) type Result<T> = std::result::Result<T, Box<SyntaxError>>;

#[derive(Clone, Copy, Debug, Default)]
struct SimpleKey {
    possible: bool,
    required: bool,
    token_number: usize,
    mark: Mark,
}

/// libyaml's limits on nesting (flow levels and block indents).
const MAX_FLOW_LEVEL: usize = 10_000;
const MAX_INDENTS: usize = 10_000;

/// go-yaml's `simple_keys_by_tok` map, from a token number to the simple-key slot that
/// may start with that token. go-yaml only ever looks up the next token to hand out
/// (`tokens_parsed`), and that number only grows, so this keeps a window of slots from
/// there on, indexed by `token_number - tokens_parsed`; entries for tokens already handed
/// out can never be looked up again and are dropped. Like go-yaml's map, entries are
/// keyed by number, not attached to queued tokens (inserting KEY or BLOCK-MAPPING-START
/// tokens does not move them), and are only removed where go-yaml deletes them.
#[derive(Default)]
struct KeysByToken {
    /// The slot for token `tokens_parsed + i` at `i`.
    window: VecDeque<Option<usize>>,
}

impl KeysByToken {
    /// The slot recorded for the next token to hand out.
    fn head(&self) -> Option<usize> {
        self.window.front().copied().flatten()
    }

    fn insert(&mut self, token_number: usize, tokens_parsed: usize, slot: usize) {
        let i = token_number.saturating_sub(tokens_parsed);
        while self.window.len() <= i {
            self.window.push_back(None);
        }
        self.window[i] = Some(slot);
    }

    fn remove(&mut self, token_number: usize, tokens_parsed: usize) {
        if let Some(i) = token_number.checked_sub(tokens_parsed)
            && let Some(entry) = self.window.get_mut(i)
        {
            *entry = None;
        }
    }

    /// The next token was handed out.
    fn advance(&mut self) {
        self.window.pop_front();
    }
}

/// A scalar's text while it is scanned: a range of the input for as long as the text is
/// one, else an owned copy.
#[derive(Default)]
struct ScalarText {
    start: usize,
    end: usize,
    owned: Option<Vec<u8>>,
}

impl ScalarText {
    /// Appends the input's bytes `from..to`.
    fn push_input(&mut self, buf: &[u8], from: usize, to: usize) {
        if from == to {
            return;
        }
        match &mut self.owned {
            Some(v) => v.extend_from_slice(&buf[from..to]),
            None if self.start == self.end => (self.start, self.end) = (from, to),
            None if self.end == from => self.end = to,
            None => self.owned_mut(buf).extend_from_slice(&buf[from..to]),
        }
    }

    /// Appends bytes that are not the input's next ones.
    fn push_bytes(&mut self, buf: &[u8], bytes: &[u8]) {
        if !bytes.is_empty() {
            self.owned_mut(buf).extend_from_slice(bytes);
        }
    }

    fn owned_mut(&mut self, buf: &[u8]) -> &mut Vec<u8> {
        let (start, end) = (self.start, self.end);
        self.owned.get_or_insert_with(|| {
            let mut v = Vec::with_capacity(2 * (end - start) + 16);
            v.extend_from_slice(&buf[start..end]);
            v
        })
    }

    fn finish(self, text: &str) -> Cow<'_, str> {
        match self.owned {
            Some(v) => Cow::Owned(into_string(v)),
            None => Cow::Borrowed(text.get(self.start..self.end).unwrap_or_default()),
        }
    }
}

/// Which bytes end a run of ordinary characters (see [`Scanner::skip_run`]): always the
/// line breaks CR and LF, the first bytes of NEL (0xC2) and of LS and PS (0xE2) (the run
/// stops at every character starting so, break or not), NUL, and `extra`.
const fn stop_table(extra: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    t[0] = true;
    t[b'\r' as usize] = true;
    t[b'\n' as usize] = true;
    t[0xC2] = true;
    t[0xE2] = true;
    let mut i = 0;
    while i < extra.len() {
        t[extra[i] as usize] = true;
        i += 1;
    }
    t
}

/// Bytes that may start something other than a plain scalar (indicators, blanks, line
/// breaks, `.` of `...`); any other byte starts one.
const NOT_PLAIN_START: [bool; 256] = stop_table(b" \t-?:,[]{}#&*!|>'\"%@`.");
/// Runs up to a line break (comments, block scalar lines).
const LINE_STOP: [bool; 256] = stop_table(b"");
/// Runs inside a plain scalar in block context: up to a blank or a `:`.
const PLAIN_STOP: [bool; 256] = stop_table(b" \t:");
/// Runs inside a plain scalar in flow context: also up to a flow indicator or `?`.
const PLAIN_FLOW_STOP: [bool; 256] = stop_table(b" \t:,?[]{}");
/// Runs inside a single-quoted scalar.
const SINGLE_STOP: [bool; 256] = stop_table(b" \t'");
/// Runs inside a double-quoted scalar.
const DOUBLE_STOP: [bool; 256] = stop_table(b" \t\"\\");

pub(super) struct Scanner<'a> {
    text: &'a str,
    buf: &'a [u8],
    pos: usize,
    mark: Mark,
    tokens: VecDeque<Token<'a>>,
    tokens_parsed: usize,
    token_available: bool,
    stream_start_produced: bool,
    stream_end_produced: bool,
    indent: isize,
    indents: Vec<isize>,
    simple_key_allowed: bool,
    simple_keys: Vec<SimpleKey>,
    simple_keys_by_tok: KeysByToken,
    flow_level: usize,
    error: Option<Box<SyntaxError>>,
    /// Buffers for a scalar's line breaks, kept from one scalar to the next.
    spare_breaks: (Vec<u8>, Vec<u8>),
}

fn width(b: u8) -> usize {
    if b & 0x80 == 0 {
        1
    } else if b & 0xE0 == 0xC0 {
        2
    } else if b & 0xF0 == 0xE0 {
        3
    } else if b & 0xF8 == 0xF0 {
        4
    } else {
        1
    }
}

fn is_alpha(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

fn hex_value(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

fn into_string(v: Vec<u8>) -> String {
    String::from_utf8(v).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str) -> Scanner<'a> {
        Scanner {
            text,
            buf: text.as_bytes(),
            pos: 0,
            mark: Mark::default(),
            tokens: VecDeque::new(),
            tokens_parsed: 0,
            token_available: false,
            stream_start_produced: false,
            stream_end_produced: false,
            indent: -1,
            indents: Vec::new(),
            simple_key_allowed: false,
            simple_keys: Vec::new(),
            simple_keys_by_tok: KeysByToken::default(),
            flow_level: 0,
            error: None,
            spare_breaks: (Vec::new(), Vec::new()),
        }
    }

    // ----- reading the buffer -----

    /// The byte `k` places ahead (NUL past the end).
    fn b(&self, k: usize) -> u8 {
        self.buf.get(self.pos + k).copied().unwrap_or(0)
    }

    fn is_z(&self, k: usize) -> bool {
        self.b(k) == 0
    }

    fn is_blank(&self, k: usize) -> bool {
        matches!(self.b(k), b' ' | b'\t')
    }

    fn is_break(&self, k: usize) -> bool {
        match self.b(k) {
            b'\r' | b'\n' => true,
            0xC2 => self.b(k + 1) == 0x85,
            0xE2 => self.b(k + 1) == 0x80 && matches!(self.b(k + 2), 0xA8 | 0xA9),
            _ => false,
        }
    }

    fn is_breakz(&self, k: usize) -> bool {
        self.is_break(k) || self.is_z(k)
    }

    fn is_blankz(&self, k: usize) -> bool {
        self.is_blank(k) || self.is_breakz(k)
    }

    fn skip(&mut self) {
        self.mark.index += 1;
        self.mark.column += 1;
        if self.pos < self.buf.len() {
            self.pos += width(self.buf[self.pos]);
        }
        self.mark.offset = self.pos;
    }

    fn skip_line(&mut self) {
        if self.b(0) == b'\r' && self.b(1) == b'\n' {
            self.mark.index += 2;
            self.mark.column = 0;
            self.mark.line += 1;
            self.pos += 2;
        } else if self.is_break(0) {
            self.mark.index += 1;
            self.mark.column = 0;
            self.mark.line += 1;
            self.pos += width(self.b(0));
        }
        self.mark.offset = self.pos;
    }

    /// Moves over a run of characters none of whose bytes is in `stop` (so no line
    /// break: each character is one column), and returns the run's start offset.
    fn skip_run(&mut self, stop: &[bool; 256]) -> usize {
        let start = self.pos;
        let rest = self.buf.get(start..).unwrap_or_default();
        let n = rest
            .iter()
            .position(|&b| stop[usize::from(b)])
            .unwrap_or(rest.len());
        // Characters are the bytes that are not UTF-8 continuation bytes.
        let chars = rest[..n].iter().filter(|&&b| b & 0xC0 != 0x80).count();
        self.pos += n;
        self.mark.index += chars;
        self.mark.column += chars;
        self.mark.offset = self.pos;
        start
    }

    /// Skips up to `max` spaces (and tabs, if `tabs`), returning how many.
    fn skip_blanks(&mut self, tabs: bool, max: usize) -> usize {
        let rest = self.buf.get(self.pos..).unwrap_or_default();
        let n = rest
            .iter()
            .take(max)
            .take_while(|&&b| b == b' ' || (tabs && b == b'\t'))
            .count();
        self.pos += n;
        self.mark.index += n;
        self.mark.column += n;
        self.mark.offset = self.pos;
        n
    }

    /// Skips to the next line break or the end of input (`while !is_breakz { skip }`).
    fn skip_to_break(&mut self) {
        loop {
            self.skip_run(&LINE_STOP);
            if self.is_breakz(0) {
                return;
            }
            self.skip(); // a character starting with 0xC2 or 0xE2 that is no break
        }
    }

    /// Copies the text up to the next line break or the end of input to `s`.
    fn read_to_break(&mut self, s: &mut ScalarText) {
        loop {
            let from = self.skip_run(&LINE_STOP);
            s.push_input(self.buf, from, self.pos);
            if self.is_breakz(0) {
                return;
            }
            let from = self.pos;
            self.skip();
            s.push_input(self.buf, from, self.pos);
        }
    }

    /// Empty buffers for a scalar's leading and trailing line breaks.
    fn take_break_buffers(&mut self) -> (Vec<u8>, Vec<u8>) {
        let (mut leading, mut trailing) = std::mem::take(&mut self.spare_breaks);
        leading.clear();
        trailing.clear();
        (leading, trailing)
    }

    /// Copies the current character to `s` and moves on.
    fn read(&mut self, s: &mut Vec<u8>) {
        let w = width(self.b(0)).min(self.buf.len().saturating_sub(self.pos));
        s.extend_from_slice(&self.buf[self.pos..self.pos + w]);
        self.pos += w;
        self.mark.index += 1;
        self.mark.column += 1;
        self.mark.offset = self.pos;
    }

    /// Copies a line break to `s` (CR, LF, CRLF and NEL as `\n`; LS and PS as they are).
    fn read_line(&mut self, s: &mut Vec<u8>) {
        if self.b(0) == b'\r' && self.b(1) == b'\n' {
            s.push(b'\n');
            self.pos += 2;
            self.mark.index += 1;
        } else if matches!(self.b(0), b'\r' | b'\n') {
            s.push(b'\n');
            self.pos += 1;
        } else if self.b(0) == 0xC2 && self.b(1) == 0x85 {
            s.push(b'\n');
            self.pos += 2;
        } else if self.b(0) == 0xE2 && self.b(1) == 0x80 && matches!(self.b(2), 0xA8 | 0xA9) {
            s.extend_from_slice(&self.buf[self.pos..self.pos + 3]);
            self.pos += 3;
        } else {
            return;
        }
        self.mark.index += 1;
        self.mark.column = 0;
        self.mark.line += 1;
        self.mark.offset = self.pos;
    }

    fn error<T>(&mut self, context: &'static str, context_mark: Mark, problem: &str) -> Result<T> {
        let e = Box::new(SyntaxError {
            problem: problem.to_string(),
            problem_mark: self.mark,
            context,
            context_mark,
        });
        self.error = Some(e.clone());
        Err(e)
    }

    // ----- the token queue -----

    /// The next token, scanning more as needed.
    #[inline]
    pub fn peek(&mut self) -> Result<&Token<'a>> {
        if self.token_available && self.error.is_none() && !self.tokens.is_empty() {
            return Ok(&self.tokens[0]);
        }
        self.peek_more()
    }

    fn peek_more(&mut self) -> Result<&Token<'a>> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        if !self.token_available {
            self.fetch_more_tokens()?;
        }
        if self.tokens.is_empty() {
            let m = self.mark;
            return self.error("", m, "unexpected end of tokens");
        }
        Ok(&self.tokens[0])
    }

    /// Consumes the token returned by [`Self::peek`] and returns it.
    pub fn take_token(&mut self) -> Option<Token<'a>> {
        self.tokens_parsed += 1;
        self.simple_keys_by_tok.advance();
        let t = self.tokens.pop_front();
        // The next token is ready unless it may still become a simple key: what
        // `fetch_more_tokens` would find straight away.
        self.token_available = !self.tokens.is_empty() && self.simple_keys_by_tok.head().is_none();
        if let Some(t) = &t {
            self.stream_end_produced = matches!(t.kind, TokenKind::StreamEnd);
        }
        t
    }

    pub fn stream_end_produced(&self) -> bool {
        self.stream_end_produced
    }

    fn insert_token(&mut self, pos: Option<usize>, token: Token<'a>) {
        match pos {
            Some(p) if p <= self.tokens.len() => self.tokens.insert(p, token),
            _ => self.tokens.push_back(token),
        }
    }

    fn push_token(&mut self, kind: TokenKind<'a>, start: Mark, end: Mark) {
        self.tokens.push_back(Token { kind, start, end });
    }

    fn fetch_more_tokens(&mut self) -> Result<()> {
        loop {
            if !self.tokens.is_empty() {
                match self.simple_keys_by_tok.head() {
                    None => break,
                    Some(i) => {
                        if !self.simple_key_is_valid(i)? {
                            break;
                        }
                    }
                }
            }
            self.fetch_next_token()?;
        }
        self.token_available = true;
        Ok(())
    }

    fn fetch_next_token(&mut self) -> Result<()> {
        if !self.stream_start_produced {
            self.fetch_stream_start();
            return Ok(());
        }
        self.scan_to_next_token()?;
        self.unroll_indent(self.mark.column as isize);
        if self.is_z(0) {
            return self.fetch_stream_end();
        }
        let col0 = self.mark.column == 0;
        let c = self.b(0);
        if !NOT_PLAIN_START[usize::from(c)] {
            // What every check below would conclude, sooner.
            return self.fetch_plain_scalar();
        }
        if col0 && c == b'%' {
            return self.fetch_directive();
        }
        if col0
            && ((c == b'-' && self.b(1) == b'-' && self.b(2) == b'-')
                || (c == b'.' && self.b(1) == b'.' && self.b(2) == b'.'))
            && self.is_blankz(3)
        {
            let kind = if c == b'-' {
                TokenKind::DocumentStart
            } else {
                TokenKind::DocumentEnd
            };
            return self.fetch_document_indicator(kind);
        }
        match c {
            b'[' => return self.fetch_flow_collection_start(TokenKind::FlowSequenceStart),
            b'{' => return self.fetch_flow_collection_start(TokenKind::FlowMappingStart),
            b']' => return self.fetch_flow_collection_end(TokenKind::FlowSequenceEnd),
            b'}' => return self.fetch_flow_collection_end(TokenKind::FlowMappingEnd),
            b',' => return self.fetch_flow_entry(),
            _ => {}
        }
        if c == b'-' && self.is_blankz(1) {
            return self.fetch_block_entry();
        }
        if c == b'?' && (self.flow_level > 0 || self.is_blankz(1)) {
            return self.fetch_key();
        }
        if c == b':' && (self.flow_level > 0 || self.is_blankz(1)) {
            return self.fetch_value();
        }
        match c {
            b'*' => return self.fetch_anchor(true),
            b'&' => return self.fetch_anchor(false),
            b'!' => return self.fetch_tag(),
            b'|' if self.flow_level == 0 => return self.fetch_block_scalar(true),
            b'>' if self.flow_level == 0 => return self.fetch_block_scalar(false),
            b'\'' => return self.fetch_flow_scalar(true),
            b'"' => return self.fetch_flow_scalar(false),
            _ => {}
        }
        let indicator = matches!(
            c,
            b'-' | b'?'
                | b':'
                | b','
                | b'['
                | b']'
                | b'{'
                | b'}'
                | b'#'
                | b'&'
                | b'*'
                | b'!'
                | b'|'
                | b'>'
                | b'\''
                | b'"'
                | b'%'
                | b'@'
                | b'`'
        );
        if !(self.is_blankz(0) || indicator)
            || (c == b'-' && !self.is_blank(1))
            || (self.flow_level == 0 && (c == b'?' || c == b':') && !self.is_blankz(1))
        {
            return self.fetch_plain_scalar();
        }
        let m = self.mark;
        self.error(
            "while scanning for the next token",
            m,
            "found character that cannot start any token",
        )
    }

    // ----- simple keys, flow levels, indentation -----

    fn simple_key_is_valid(&mut self, i: usize) -> Result<bool> {
        let Some(&key) = self.simple_keys.get(i) else {
            return Ok(false);
        };
        if !key.possible {
            return Ok(false);
        }
        if key.mark.line < self.mark.line || key.mark.index + 1024 < self.mark.index {
            if key.required {
                return self.error(
                    "while scanning a simple key",
                    key.mark,
                    "could not find expected ':'",
                );
            }
            self.simple_keys[i].possible = false;
            return Ok(false);
        }
        Ok(true)
    }

    /// The index of the innermost simple-key slot (one per flow level, plus the block
    /// level pushed at stream start).
    fn last_simple_key(&mut self) -> usize {
        if self.simple_keys.is_empty() {
            self.simple_keys.push(SimpleKey::default());
        }
        self.simple_keys.len() - 1
    }

    fn save_simple_key(&mut self) -> Result<()> {
        let required = self.flow_level == 0 && self.indent == self.mark.column as isize;
        if self.simple_key_allowed {
            let key = SimpleKey {
                possible: true,
                required,
                token_number: self.tokens_parsed + self.tokens.len(),
                mark: self.mark,
            };
            self.remove_simple_key()?;
            let last = self.last_simple_key();
            self.simple_keys[last] = key;
            self.simple_keys_by_tok
                .insert(key.token_number, self.tokens_parsed, last);
        }
        Ok(())
    }

    fn remove_simple_key(&mut self) -> Result<()> {
        let i = self.last_simple_key();
        let key = self.simple_keys[i];
        if key.possible {
            if key.required {
                return self.error(
                    "while scanning a simple key",
                    key.mark,
                    "could not find expected ':'",
                );
            }
            self.simple_keys[i].possible = false;
            self.simple_keys_by_tok
                .remove(key.token_number, self.tokens_parsed);
        }
        Ok(())
    }

    fn increase_flow_level(&mut self) -> Result<()> {
        self.simple_keys.push(SimpleKey {
            possible: false,
            required: false,
            token_number: self.tokens_parsed + self.tokens.len(),
            mark: self.mark,
        });
        self.flow_level += 1;
        if self.flow_level > MAX_FLOW_LEVEL {
            let m = self.mark;
            return self.error(
                "while increasing flow level",
                m,
                &format!("exceeded max depth of {MAX_FLOW_LEVEL}"),
            );
        }
        Ok(())
    }

    fn decrease_flow_level(&mut self) {
        if self.flow_level > 0 {
            self.flow_level -= 1;
            if let Some(key) = self.simple_keys.pop() {
                self.simple_keys_by_tok
                    .remove(key.token_number, self.tokens_parsed);
            }
        }
    }

    fn roll_indent(
        &mut self,
        column: isize,
        number: Option<usize>,
        kind: TokenKind<'a>,
        mark: Mark,
    ) -> Result<()> {
        if self.flow_level > 0 {
            return Ok(());
        }
        if self.indent < column {
            self.indents.push(self.indent);
            self.indent = column;
            if self.indents.len() > MAX_INDENTS {
                let m = self.mark;
                return self.error(
                    "while increasing indent level",
                    m,
                    &format!("exceeded max depth of {MAX_INDENTS}"),
                );
            }
            let token = Token {
                kind,
                start: mark,
                end: mark,
            };
            let at = number.map(|n| n.saturating_sub(self.tokens_parsed));
            self.insert_token(at, token);
        }
        Ok(())
    }

    fn unroll_indent(&mut self, column: isize) {
        if self.flow_level > 0 {
            return;
        }
        while self.indent > column {
            let m = self.mark;
            self.push_token(TokenKind::BlockEnd, m, m);
            self.indent = self.indents.pop().unwrap_or(-1);
        }
    }

    // ----- fetching each kind of token -----

    fn fetch_stream_start(&mut self) {
        self.indent = -1;
        self.simple_keys.push(SimpleKey::default());
        self.simple_key_allowed = true;
        self.stream_start_produced = true;
        let m = self.mark;
        self.push_token(TokenKind::StreamStart, m, m);
    }

    fn fetch_stream_end(&mut self) -> Result<()> {
        if self.mark.column != 0 {
            self.mark.column = 0;
            self.mark.line += 1;
        }
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let m = self.mark;
        self.push_token(TokenKind::StreamEnd, m, m);
        Ok(())
    }

    fn fetch_directive(&mut self) -> Result<()> {
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_directive()?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_document_indicator(&mut self, kind: TokenKind<'a>) -> Result<()> {
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        self.skip();
        self.skip();
        let end = self.mark;
        self.push_token(kind, start, end);
        Ok(())
    }

    fn fetch_flow_collection_start(&mut self, kind: TokenKind<'a>) -> Result<()> {
        self.save_simple_key()?;
        self.increase_flow_level()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.push_token(kind, start, end);
        Ok(())
    }

    fn fetch_flow_collection_end(&mut self, kind: TokenKind<'a>) -> Result<()> {
        self.remove_simple_key()?;
        self.decrease_flow_level();
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.push_token(kind, start, end);
        Ok(())
    }

    fn fetch_flow_entry(&mut self) -> Result<()> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.push_token(TokenKind::FlowEntry, start, end);
        Ok(())
    }

    fn fetch_block_entry(&mut self) -> Result<()> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                let m = self.mark;
                return self.error(
                    "",
                    m,
                    "block sequence entries are not allowed in this context",
                );
            }
            let (col, m) = (self.mark.column as isize, self.mark);
            self.roll_indent(col, None, TokenKind::BlockSequenceStart, m)?;
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.push_token(TokenKind::BlockEntry, start, end);
        Ok(())
    }

    fn fetch_key(&mut self) -> Result<()> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                let m = self.mark;
                return self.error("", m, "mapping keys are not allowed in this context");
            }
            let (col, m) = (self.mark.column as isize, self.mark);
            self.roll_indent(col, None, TokenKind::BlockMappingStart, m)?;
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = self.flow_level == 0;
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.push_token(TokenKind::Key, start, end);
        Ok(())
    }

    fn fetch_value(&mut self) -> Result<()> {
        let i = self.last_simple_key();
        if self.simple_key_is_valid(i)? {
            let key = self.simple_keys[i];
            let at = key.token_number.saturating_sub(self.tokens_parsed);
            self.insert_token(
                Some(at),
                Token {
                    kind: TokenKind::Key,
                    start: key.mark,
                    end: key.mark,
                },
            );
            self.roll_indent(
                key.mark.column as isize,
                Some(key.token_number),
                TokenKind::BlockMappingStart,
                key.mark,
            )?;
            self.simple_keys[i].possible = false;
            self.simple_keys_by_tok
                .remove(key.token_number, self.tokens_parsed);
            self.simple_key_allowed = false;
        } else {
            if self.flow_level == 0 {
                if !self.simple_key_allowed {
                    let m = self.mark;
                    return self.error("", m, "mapping values are not allowed in this context");
                }
                let (col, m) = (self.mark.column as isize, self.mark);
                self.roll_indent(col, None, TokenKind::BlockMappingStart, m)?;
            }
            self.simple_key_allowed = self.flow_level == 0;
        }
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.push_token(TokenKind::Value, start, end);
        Ok(())
    }

    fn fetch_anchor(&mut self, alias: bool) -> Result<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_anchor(alias)?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_tag(&mut self) -> Result<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_tag()?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_block_scalar(&mut self, literal: bool) -> Result<()> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let token = self.scan_block_scalar(literal)?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_flow_scalar(&mut self, single: bool) -> Result<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_flow_scalar(single)?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_plain_scalar(&mut self) -> Result<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_plain_scalar()?;
        self.tokens.push_back(token);
        Ok(())
    }

    /// Skips spaces, comments and line breaks up to the next token. Tabs are skipped only
    /// in flow context or where no simple key may start.
    fn scan_to_next_token(&mut self) -> Result<()> {
        loop {
            let tabs = self.flow_level > 0 || !self.simple_key_allowed;
            self.skip_blanks(tabs, usize::MAX);
            if self.b(0) == b'#' {
                self.skip_to_break();
            }
            if self.is_break(0) {
                self.skip_line();
                if self.flow_level == 0 {
                    self.simple_key_allowed = true;
                }
            } else {
                return Ok(());
            }
        }
    }

    // ----- directives, anchors, tags -----

    fn scan_directive(&mut self) -> Result<Token<'a>> {
        let start = self.mark;
        self.skip();
        let mut name = Vec::new();
        while is_alpha(self.b(0)) {
            self.read(&mut name);
        }
        if name.is_empty() {
            return self.error(
                "while scanning a directive",
                start,
                "could not find expected directive name",
            );
        }
        if !self.is_blankz(0) {
            return self.error(
                "while scanning a directive",
                start,
                "found unexpected non-alphabetical character",
            );
        }
        let kind = match name.as_slice() {
            b"YAML" => {
                while self.is_blank(0) {
                    self.skip();
                }
                let major = self.scan_version_number(start)?;
                if self.b(0) != b'.' {
                    return self.error(
                        "while scanning a %YAML directive",
                        start,
                        "did not find expected digit or '.' character",
                    );
                }
                self.skip();
                let minor = self.scan_version_number(start)?;
                TokenKind::VersionDirective { major, minor }
            }
            b"TAG" => {
                while self.is_blank(0) {
                    self.skip();
                }
                let handle = self.scan_tag_handle(true, start)?;
                if !self.is_blank(0) {
                    return self.error(
                        "while scanning a %TAG directive",
                        start,
                        "did not find expected whitespace",
                    );
                }
                while self.is_blank(0) {
                    self.skip();
                }
                let prefix = self.scan_tag_uri(true, &[], start)?;
                if !self.is_blankz(0) {
                    return self.error(
                        "while scanning a %TAG directive",
                        start,
                        "did not find expected whitespace or line break",
                    );
                }
                TokenKind::TagDirective {
                    handle: into_string(handle).into(),
                    prefix: into_string(prefix).into(),
                }
            }
            _ => {
                return self.error(
                    "while scanning a directive",
                    start,
                    "found unknown directive name",
                );
            }
        };
        let end = self.mark;
        while self.is_blank(0) {
            self.skip();
        }
        if self.b(0) == b'#' {
            self.skip_to_break();
        }
        if !self.is_breakz(0) {
            return self.error(
                "while scanning a directive",
                start,
                "did not find expected comment or line break",
            );
        }
        if self.is_break(0) {
            self.skip_line();
        }
        Ok(Token { kind, start, end })
    }

    fn scan_version_number(&mut self, start: Mark) -> Result<u32> {
        let mut value = 0;
        let mut length = 0;
        while self.b(0).is_ascii_digit() {
            length += 1;
            if length > 2 {
                return self.error(
                    "while scanning a %YAML directive",
                    start,
                    "found extremely long version number",
                );
            }
            value = value * 10 + u32::from(self.b(0) - b'0');
            self.skip();
        }
        if length == 0 {
            return self.error(
                "while scanning a %YAML directive",
                start,
                "did not find expected version number",
            );
        }
        Ok(value)
    }

    fn scan_anchor(&mut self, alias: bool) -> Result<Token<'a>> {
        let start = self.mark;
        self.skip();
        let mut s = Vec::new();
        while is_alpha(self.b(0)) {
            self.read(&mut s);
        }
        let end = self.mark;
        let ok_next = self.is_blankz(0)
            || matches!(
                self.b(0),
                b'?' | b':' | b',' | b']' | b'}' | b'%' | b'@' | b'`'
            );
        if s.is_empty() || !ok_next {
            let context = if alias {
                "while scanning an alias"
            } else {
                "while scanning an anchor"
            };
            return self.error(
                context,
                start,
                "did not find expected alphabetic or numeric character",
            );
        }
        let name = into_string(s);
        let kind = if alias {
            TokenKind::Alias(name)
        } else {
            TokenKind::Anchor(name)
        };
        Ok(Token { kind, start, end })
    }

    fn scan_tag(&mut self) -> Result<Token<'a>> {
        let start = self.mark;
        let (handle, suffix);
        if self.b(1) == b'<' {
            self.skip();
            self.skip();
            let uri = self.scan_tag_uri(false, &[], start)?;
            if self.b(0) != b'>' {
                return self.error(
                    "while scanning a tag",
                    start,
                    "did not find the expected '>'",
                );
            }
            self.skip();
            handle = Vec::new();
            suffix = uri;
        } else {
            let h = self.scan_tag_handle(false, start)?;
            if h.len() > 1 && h[0] == b'!' && h[h.len() - 1] == b'!' {
                suffix = self.scan_tag_uri(false, &[], start)?;
                handle = h;
            } else {
                let s = self.scan_tag_uri(false, &h, start)?;
                if s.is_empty() {
                    // The lone `!`: no handle, suffix `!`.
                    handle = Vec::new();
                    suffix = b"!".to_vec();
                } else {
                    handle = b"!".to_vec();
                    suffix = s;
                }
            }
        }
        if !self.is_blankz(0) {
            return self.error(
                "while scanning a tag",
                start,
                "did not find expected whitespace or line break",
            );
        }
        let end = self.mark;
        Ok(Token {
            kind: TokenKind::Tag {
                handle: into_string(handle).into(),
                suffix: into_string(suffix).into(),
            },
            start,
            end,
        })
    }

    fn scan_tag_handle(&mut self, directive: bool, start: Mark) -> Result<Vec<u8>> {
        let context = if directive {
            "while parsing a %TAG directive"
        } else {
            "while parsing a tag"
        };
        if self.b(0) != b'!' {
            return self.error(context, start, "did not find expected '!'");
        }
        let mut s = Vec::new();
        self.read(&mut s);
        while is_alpha(self.b(0)) {
            self.read(&mut s);
        }
        if self.b(0) == b'!' {
            self.read(&mut s);
        } else if directive && s != b"!" {
            return self.error(context, start, "did not find expected '!'");
        }
        Ok(s)
    }

    fn scan_tag_uri(&mut self, directive: bool, head: &[u8], start: Mark) -> Result<Vec<u8>> {
        let context = if directive {
            "while parsing a %TAG directive"
        } else {
            "while parsing a tag"
        };
        let mut s = Vec::new();
        let mut has_tag = !head.is_empty();
        if head.len() > 1 {
            s.extend_from_slice(&head[1..]);
        }
        loop {
            let c = self.b(0);
            let uri_char = is_alpha(c)
                || matches!(
                    c,
                    b';' | b'/'
                        | b'?'
                        | b':'
                        | b'@'
                        | b'&'
                        | b'='
                        | b'+'
                        | b'$'
                        | b','
                        | b'.'
                        | b'!'
                        | b'~'
                        | b'*'
                        | b'\''
                        | b'('
                        | b')'
                        | b'['
                        | b']'
                        | b'%'
                );
            if !uri_char {
                break;
            }
            if c == b'%' {
                self.scan_uri_escapes(context, start, &mut s)?;
            } else {
                self.read(&mut s);
            }
            has_tag = true;
        }
        if !has_tag {
            return self.error(context, start, "did not find expected tag URI");
        }
        Ok(s)
    }

    fn scan_uri_escapes(
        &mut self,
        context: &'static str,
        start: Mark,
        s: &mut Vec<u8>,
    ) -> Result<()> {
        let mut w = 1024;
        while w > 0 {
            let (Some(hi), Some(lo)) = (hex_value(self.b(1)), hex_value(self.b(2))) else {
                return self.error(context, start, "did not find URI escaped octet");
            };
            if self.b(0) != b'%' {
                return self.error(context, start, "did not find URI escaped octet");
            }
            let octet = ((hi << 4) + lo) as u8;
            if w == 1024 {
                w = match octet {
                    o if o & 0x80 == 0 => 1,
                    o if o & 0xE0 == 0xC0 => 2,
                    o if o & 0xF0 == 0xE0 => 3,
                    o if o & 0xF8 == 0xF0 => 4,
                    _ => {
                        return self.error(
                            context,
                            start,
                            "found an incorrect leading UTF-8 octet",
                        );
                    }
                };
            } else if octet & 0xC0 != 0x80 {
                return self.error(context, start, "found an incorrect trailing UTF-8 octet");
            }
            s.push(octet);
            self.skip();
            self.skip();
            self.skip();
            w -= 1;
        }
        Ok(())
    }

    // ----- scalars -----

    fn scan_block_scalar(&mut self, literal: bool) -> Result<Token<'a>> {
        let start = self.mark;
        self.skip();
        let mut chomping = 0i8;
        let mut increment = 0usize;
        if matches!(self.b(0), b'+' | b'-') {
            chomping = if self.b(0) == b'+' { 1 } else { -1 };
            self.skip();
            if self.b(0).is_ascii_digit() {
                if self.b(0) == b'0' {
                    return self.error(
                        "while scanning a block scalar",
                        start,
                        "found an indentation indicator equal to 0",
                    );
                }
                increment = usize::from(self.b(0) - b'0');
                self.skip();
            }
        } else if self.b(0).is_ascii_digit() {
            if self.b(0) == b'0' {
                return self.error(
                    "while scanning a block scalar",
                    start,
                    "found an indentation indicator equal to 0",
                );
            }
            increment = usize::from(self.b(0) - b'0');
            self.skip();
            if matches!(self.b(0), b'+' | b'-') {
                chomping = if self.b(0) == b'+' { 1 } else { -1 };
                self.skip();
            }
        }
        while self.is_blank(0) {
            self.skip();
        }
        if self.b(0) == b'#' {
            self.skip_to_break();
        }
        if !self.is_breakz(0) {
            return self.error(
                "while scanning a block scalar",
                start,
                "did not find expected comment or line break",
            );
        }
        if self.is_break(0) {
            self.skip_line();
        }
        let mut end = self.mark;
        let mut indent: usize = 0;
        if increment > 0 {
            indent = if self.indent >= 0 {
                self.indent as usize + increment
            } else {
                increment
            };
        }
        let mut s = ScalarText::default();
        let (mut leading_break, mut trailing_breaks) = self.take_break_buffers();
        self.scan_block_scalar_breaks(&mut indent, &mut trailing_breaks, start, &mut end)?;
        let mut leading_blank = false;
        while self.mark.column == indent && !self.is_z(0) {
            let trailing_blank = self.is_blank(0);
            if !literal
                && !leading_blank
                && !trailing_blank
                && leading_break.first() == Some(&b'\n')
            {
                if trailing_breaks.is_empty() {
                    s.push_bytes(self.buf, b" ");
                }
            } else {
                s.push_bytes(self.buf, &leading_break);
            }
            leading_break.clear();
            s.push_bytes(self.buf, &trailing_breaks);
            trailing_breaks.clear();
            leading_blank = self.is_blank(0);
            self.read_to_break(&mut s);
            self.read_line(&mut leading_break);
            self.scan_block_scalar_breaks(&mut indent, &mut trailing_breaks, start, &mut end)?;
        }
        if chomping != -1 {
            s.push_bytes(self.buf, &leading_break);
        }
        if chomping == 1 {
            s.push_bytes(self.buf, &trailing_breaks);
        }
        self.spare_breaks = (leading_break, trailing_breaks);
        let style = if literal {
            Style::Literal
        } else {
            Style::Folded
        };
        Ok(Token {
            kind: TokenKind::Scalar {
                value: s.finish(self.text),
                style,
            },
            start,
            end,
        })
    }

    fn scan_block_scalar_breaks(
        &mut self,
        indent: &mut usize,
        breaks: &mut Vec<u8>,
        start: Mark,
        end: &mut Mark,
    ) -> Result<()> {
        *end = self.mark;
        let mut max_indent = 0;
        loop {
            if *indent == 0 {
                self.skip_blanks(false, usize::MAX);
            } else {
                self.skip_blanks(false, indent.saturating_sub(self.mark.column));
            }
            if self.mark.column > max_indent {
                max_indent = self.mark.column;
            }
            if (*indent == 0 || self.mark.column < *indent) && self.b(0) == b'\t' {
                return self.error(
                    "while scanning a block scalar",
                    start,
                    "found a tab character where an indentation space is expected",
                );
            }
            if !self.is_break(0) {
                break;
            }
            self.read_line(breaks);
            *end = self.mark;
        }
        if *indent == 0 {
            *indent = max_indent;
            let min = (self.indent + 1).max(1) as usize;
            if *indent < min {
                *indent = min;
            }
        }
        Ok(())
    }

    fn at_document_indicator(&self) -> bool {
        self.mark.column == 0
            && ((self.b(0) == b'-' && self.b(1) == b'-' && self.b(2) == b'-')
                || (self.b(0) == b'.' && self.b(1) == b'.' && self.b(2) == b'.'))
            && self.is_blankz(3)
    }

    fn scan_flow_scalar(&mut self, single: bool) -> Result<Token<'a>> {
        let start = self.mark;
        self.skip();
        let mut s = ScalarText::default();
        let (mut leading_break, mut trailing_breaks) = self.take_break_buffers();
        // Blanks after the text of a line: a range of the input (see `scan_plain_scalar`).
        let mut whitespaces = (0, 0);
        let stop = if single { &SINGLE_STOP } else { &DOUBLE_STOP };
        loop {
            if self.at_document_indicator() {
                return self.error(
                    "while scanning a quoted scalar",
                    start,
                    "found unexpected document indicator",
                );
            }
            if self.is_z(0) {
                return self.error(
                    "while scanning a quoted scalar",
                    start,
                    "found unexpected end of stream",
                );
            }
            let mut leading_blanks = false;
            while !self.is_blankz(0) {
                let c = self.b(0);
                if single && c == b'\'' && self.b(1) == b'\'' {
                    s.push_bytes(self.buf, b"'");
                    self.skip();
                    self.skip();
                } else if (single && c == b'\'') || (!single && c == b'"') {
                    break;
                } else if !single && c == b'\\' && self.is_break(1) {
                    self.skip();
                    self.skip_line();
                    leading_blanks = true;
                    break;
                } else if !single && c == b'\\' {
                    let mut code_length = 0;
                    let unescaped: &[u8] = match self.b(1) {
                        b'0' => b"\0",
                        b'a' => b"\x07",
                        b'b' => b"\x08",
                        b't' | b'\t' => b"\t",
                        b'n' => b"\n",
                        b'v' => b"\x0B",
                        b'f' => b"\x0C",
                        b'r' => b"\r",
                        b'e' => b"\x1B",
                        b' ' => b" ",
                        b'"' => b"\"",
                        b'\'' => b"'",
                        b'\\' => b"\\",
                        b'N' => "\u{85}".as_bytes(),
                        b'_' => "\u{a0}".as_bytes(),
                        b'L' => "\u{2028}".as_bytes(),
                        b'P' => "\u{2029}".as_bytes(),
                        b'x' => {
                            code_length = 2;
                            b""
                        }
                        b'u' => {
                            code_length = 4;
                            b""
                        }
                        b'U' => {
                            code_length = 8;
                            b""
                        }
                        _ => {
                            return self.error(
                                "while parsing a quoted scalar",
                                start,
                                "found unknown escape character",
                            );
                        }
                    };
                    s.push_bytes(self.buf, unescaped);
                    self.skip();
                    self.skip();
                    if code_length > 0 {
                        let mut value: u32 = 0;
                        for k in 0..code_length {
                            let Some(d) = hex_value(self.b(k)) else {
                                return self.error(
                                    "while parsing a quoted scalar",
                                    start,
                                    "did not find expected hexdecimal number",
                                );
                            };
                            value = (value << 4) + d;
                        }
                        let Some(ch) = char::from_u32(value) else {
                            return self.error(
                                "while parsing a quoted scalar",
                                start,
                                "found invalid Unicode character escape code",
                            );
                        };
                        let mut tmp = [0u8; 4];
                        s.push_bytes(self.buf, ch.encode_utf8(&mut tmp).as_bytes());
                        for _ in 0..code_length {
                            self.skip();
                        }
                    }
                } else {
                    let from = self.pos;
                    self.skip();
                    self.skip_run(stop);
                    s.push_input(self.buf, from, self.pos);
                }
            }
            if (single && self.b(0) == b'\'') || (!single && self.b(0) == b'"') {
                break;
            }
            while self.is_blank(0) || self.is_break(0) {
                if self.is_blank(0) {
                    if !leading_blanks && whitespaces.0 == whitespaces.1 {
                        whitespaces.0 = self.pos;
                    }
                    self.skip_blanks(true, usize::MAX);
                    if !leading_blanks {
                        whitespaces.1 = self.pos;
                    }
                } else if leading_blanks {
                    self.read_line(&mut trailing_breaks);
                } else {
                    whitespaces = (0, 0);
                    self.read_line(&mut leading_break);
                    leading_blanks = true;
                }
            }
            if leading_blanks {
                if leading_break.first() == Some(&b'\n') {
                    if trailing_breaks.is_empty() {
                        s.push_bytes(self.buf, b" ");
                    } else {
                        s.push_bytes(self.buf, &trailing_breaks);
                    }
                } else {
                    s.push_bytes(self.buf, &leading_break);
                    s.push_bytes(self.buf, &trailing_breaks);
                }
                trailing_breaks.clear();
                leading_break.clear();
            } else {
                s.push_input(self.buf, whitespaces.0, whitespaces.1);
                whitespaces = (0, 0);
            }
        }
        self.spare_breaks = (leading_break, trailing_breaks);
        self.skip();
        let end = self.mark;
        let style = if single {
            Style::SingleQuoted
        } else {
            Style::DoubleQuoted
        };
        Ok(Token {
            kind: TokenKind::Scalar {
                value: s.finish(self.text),
                style,
            },
            start,
            end,
        })
    }

    fn scan_plain_scalar(&mut self) -> Result<Token<'a>> {
        let mut s = ScalarText::default();
        let (mut leading_break, mut trailing_breaks) = self.take_break_buffers();
        // The blanks after the text of a line, if no line break followed them: always a
        // range of the input, as only blanks are read between its start and end.
        let mut whitespaces = (0, 0);
        let mut leading_blanks = false;
        let indent = self.indent + 1;
        let start = self.mark;
        let mut end = self.mark;
        let stop = if self.flow_level > 0 {
            &PLAIN_FLOW_STOP
        } else {
            &PLAIN_STOP
        };
        loop {
            if self.at_document_indicator() || self.b(0) == b'#' {
                break;
            }
            while !self.is_blankz(0) {
                let c = self.b(0);
                if (c == b':' && self.is_blankz(1))
                    || (self.flow_level > 0 && matches!(c, b',' | b'?' | b'[' | b']' | b'{' | b'}'))
                {
                    break;
                }
                if leading_blanks || whitespaces.0 != whitespaces.1 {
                    if leading_blanks {
                        if leading_break.first() == Some(&b'\n') {
                            if trailing_breaks.is_empty() {
                                s.push_bytes(self.buf, b" ");
                            } else {
                                s.push_bytes(self.buf, &trailing_breaks);
                            }
                        } else {
                            s.push_bytes(self.buf, &leading_break);
                            s.push_bytes(self.buf, &trailing_breaks);
                        }
                        trailing_breaks.clear();
                        leading_break.clear();
                        leading_blanks = false;
                    } else {
                        s.push_input(self.buf, whitespaces.0, whitespaces.1);
                        whitespaces = (0, 0);
                    }
                }
                // This character, then the run of characters that cannot end the scalar
                // (libyaml reads them one by one, checking each as above).
                let from = self.pos;
                self.skip();
                self.skip_run(stop);
                s.push_input(self.buf, from, self.pos);
                end = self.mark;
            }
            if !(self.is_blank(0) || self.is_break(0)) {
                break;
            }
            while self.is_blank(0) || self.is_break(0) {
                if self.is_blank(0) {
                    if leading_blanks && (self.mark.column as isize) < indent && self.b(0) == b'\t'
                    {
                        return self.error(
                            "while scanning a plain scalar",
                            start,
                            "found a tab character that violates indentation",
                        );
                    }
                    if leading_blanks {
                        // Indentation: spaces in a run (each tab is checked as above).
                        if self.skip_blanks(false, usize::MAX) == 0 {
                            self.skip();
                        }
                    } else {
                        if whitespaces.0 == whitespaces.1 {
                            whitespaces.0 = self.pos;
                        }
                        self.skip_blanks(true, usize::MAX);
                        whitespaces.1 = self.pos;
                    }
                } else if leading_blanks {
                    self.read_line(&mut trailing_breaks);
                } else {
                    whitespaces = (0, 0);
                    self.read_line(&mut leading_break);
                    leading_blanks = true;
                }
            }
            if self.flow_level == 0 && (self.mark.column as isize) < indent {
                break;
            }
        }
        self.spare_breaks = (leading_break, trailing_breaks);
        if leading_blanks {
            self.simple_key_allowed = true;
        }
        Ok(Token {
            kind: TokenKind::Scalar {
                value: s.finish(self.text),
                style: Style::Plain,
            },
            start,
            end,
        })
    }
}
