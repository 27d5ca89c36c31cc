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

use std::collections::{HashMap, VecDeque};

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
pub(super) enum TokenKind {
    StreamStart,
    StreamEnd,
    VersionDirective { major: u32, minor: u32 },
    TagDirective { handle: String, prefix: String },
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
    Tag { handle: String, suffix: String },
    Scalar { value: String, style: Style },
}

#[derive(Clone, Debug)]
pub(super) struct Token {
    pub kind: TokenKind,
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

pub(super) type Result<T> = std::result::Result<T, SyntaxError>;

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

pub(super) struct Scanner<'a> {
    buf: &'a [u8],
    pos: usize,
    mark: Mark,
    tokens: VecDeque<Token>,
    tokens_parsed: usize,
    token_available: bool,
    stream_start_produced: bool,
    stream_end_produced: bool,
    indent: isize,
    indents: Vec<isize>,
    simple_key_allowed: bool,
    simple_keys: Vec<SimpleKey>,
    simple_keys_by_tok: HashMap<usize, usize>,
    flow_level: usize,
    error: Option<SyntaxError>,
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
            simple_keys_by_tok: HashMap::new(),
            flow_level: 0,
            error: None,
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
        let e = SyntaxError {
            problem: problem.to_string(),
            problem_mark: self.mark,
            context,
            context_mark,
        };
        self.error = Some(e.clone());
        Err(e)
    }

    // ----- the token queue -----

    /// The next token, scanning more as needed.
    pub fn peek(&mut self) -> Result<&Token> {
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
    pub fn take_token(&mut self) -> Option<Token> {
        self.token_available = false;
        self.tokens_parsed += 1;
        let t = self.tokens.pop_front();
        if let Some(t) = &t {
            self.stream_end_produced = t.kind == TokenKind::StreamEnd;
        }
        t
    }

    pub fn stream_end_produced(&self) -> bool {
        self.stream_end_produced
    }

    fn insert_token(&mut self, pos: Option<usize>, token: Token) {
        match pos {
            Some(p) if p <= self.tokens.len() => self.tokens.insert(p, token),
            _ => self.tokens.push_back(token),
        }
    }

    fn push_token(&mut self, kind: TokenKind, start: Mark, end: Mark) {
        self.tokens.push_back(Token { kind, start, end });
    }

    fn fetch_more_tokens(&mut self) -> Result<()> {
        loop {
            if !self.tokens.is_empty() {
                match self.simple_keys_by_tok.get(&self.tokens_parsed) {
                    None => break,
                    Some(&i) => {
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
            self.simple_keys_by_tok.insert(key.token_number, last);
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
            self.simple_keys_by_tok.remove(&key.token_number);
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
                self.simple_keys_by_tok.remove(&key.token_number);
            }
        }
    }

    fn roll_indent(
        &mut self,
        column: isize,
        number: Option<usize>,
        kind: TokenKind,
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

    fn fetch_document_indicator(&mut self, kind: TokenKind) -> Result<()> {
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

    fn fetch_flow_collection_start(&mut self, kind: TokenKind) -> Result<()> {
        self.save_simple_key()?;
        self.increase_flow_level()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.push_token(kind, start, end);
        Ok(())
    }

    fn fetch_flow_collection_end(&mut self, kind: TokenKind) -> Result<()> {
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
            self.simple_keys_by_tok.remove(&key.token_number);
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
            while self.b(0) == b' '
                || ((self.flow_level > 0 || !self.simple_key_allowed) && self.b(0) == b'\t')
            {
                self.skip();
            }
            if self.b(0) == b'#' {
                while !self.is_breakz(0) {
                    self.skip();
                }
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

    fn scan_directive(&mut self) -> Result<Token> {
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
                    handle: into_string(handle),
                    prefix: into_string(prefix),
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
            while !self.is_breakz(0) {
                self.skip();
            }
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

    fn scan_anchor(&mut self, alias: bool) -> Result<Token> {
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

    fn scan_tag(&mut self) -> Result<Token> {
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
                handle: into_string(handle),
                suffix: into_string(suffix),
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

    fn scan_block_scalar(&mut self, literal: bool) -> Result<Token> {
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
            while !self.is_breakz(0) {
                self.skip();
            }
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
        let mut s = Vec::new();
        let mut leading_break = Vec::new();
        let mut trailing_breaks = Vec::new();
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
                    s.push(b' ');
                }
            } else {
                s.extend_from_slice(&leading_break);
            }
            leading_break.clear();
            s.append(&mut trailing_breaks);
            leading_blank = self.is_blank(0);
            while !self.is_breakz(0) {
                self.read(&mut s);
            }
            self.read_line(&mut leading_break);
            self.scan_block_scalar_breaks(&mut indent, &mut trailing_breaks, start, &mut end)?;
        }
        if chomping != -1 {
            s.extend_from_slice(&leading_break);
        }
        if chomping == 1 {
            s.extend_from_slice(&trailing_breaks);
        }
        let style = if literal {
            Style::Literal
        } else {
            Style::Folded
        };
        Ok(Token {
            kind: TokenKind::Scalar {
                value: into_string(s),
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
            while (*indent == 0 || self.mark.column < *indent) && self.b(0) == b' ' {
                self.skip();
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

    fn scan_flow_scalar(&mut self, single: bool) -> Result<Token> {
        let start = self.mark;
        self.skip();
        let mut s = Vec::new();
        let mut leading_break = Vec::new();
        let mut trailing_breaks = Vec::new();
        let mut whitespaces = Vec::new();
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
                    s.push(b'\'');
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
                    match self.b(1) {
                        b'0' => s.push(0),
                        b'a' => s.push(0x07),
                        b'b' => s.push(0x08),
                        b't' | b'\t' => s.push(0x09),
                        b'n' => s.push(0x0A),
                        b'v' => s.push(0x0B),
                        b'f' => s.push(0x0C),
                        b'r' => s.push(0x0D),
                        b'e' => s.push(0x1B),
                        b' ' => s.push(b' '),
                        b'"' => s.push(b'"'),
                        b'\'' => s.push(b'\''),
                        b'\\' => s.push(b'\\'),
                        b'N' => s.extend_from_slice("\u{85}".as_bytes()),
                        b'_' => s.extend_from_slice("\u{a0}".as_bytes()),
                        b'L' => s.extend_from_slice("\u{2028}".as_bytes()),
                        b'P' => s.extend_from_slice("\u{2029}".as_bytes()),
                        b'x' => code_length = 2,
                        b'u' => code_length = 4,
                        b'U' => code_length = 8,
                        _ => {
                            return self.error(
                                "while parsing a quoted scalar",
                                start,
                                "found unknown escape character",
                            );
                        }
                    }
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
                        s.extend_from_slice(ch.encode_utf8(&mut tmp).as_bytes());
                        for _ in 0..code_length {
                            self.skip();
                        }
                    }
                } else {
                    self.read(&mut s);
                }
            }
            if (single && self.b(0) == b'\'') || (!single && self.b(0) == b'"') {
                break;
            }
            while self.is_blank(0) || self.is_break(0) {
                if self.is_blank(0) {
                    if leading_blanks {
                        self.skip();
                    } else {
                        self.read(&mut whitespaces);
                    }
                } else if leading_blanks {
                    self.read_line(&mut trailing_breaks);
                } else {
                    whitespaces.clear();
                    self.read_line(&mut leading_break);
                    leading_blanks = true;
                }
            }
            if leading_blanks {
                if leading_break.first() == Some(&b'\n') {
                    if trailing_breaks.is_empty() {
                        s.push(b' ');
                    } else {
                        s.append(&mut trailing_breaks);
                    }
                } else {
                    s.append(&mut leading_break);
                    s.append(&mut trailing_breaks);
                }
                trailing_breaks.clear();
                leading_break.clear();
            } else {
                s.append(&mut whitespaces);
            }
        }
        self.skip();
        let end = self.mark;
        let style = if single {
            Style::SingleQuoted
        } else {
            Style::DoubleQuoted
        };
        Ok(Token {
            kind: TokenKind::Scalar {
                value: into_string(s),
                style,
            },
            start,
            end,
        })
    }

    fn scan_plain_scalar(&mut self) -> Result<Token> {
        let mut s = Vec::new();
        let mut leading_break = Vec::new();
        let mut trailing_breaks = Vec::new();
        let mut whitespaces = Vec::new();
        let mut leading_blanks = false;
        let indent = self.indent + 1;
        let start = self.mark;
        let mut end = self.mark;
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
                if leading_blanks || !whitespaces.is_empty() {
                    if leading_blanks {
                        if leading_break.first() == Some(&b'\n') {
                            if trailing_breaks.is_empty() {
                                s.push(b' ');
                            } else {
                                s.append(&mut trailing_breaks);
                            }
                        } else {
                            s.append(&mut leading_break);
                            s.append(&mut trailing_breaks);
                        }
                        trailing_breaks.clear();
                        leading_break.clear();
                        leading_blanks = false;
                    } else {
                        s.append(&mut whitespaces);
                    }
                }
                self.read(&mut s);
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
                        self.skip();
                    } else {
                        self.read(&mut whitespaces);
                    }
                } else if leading_blanks {
                    self.read_line(&mut trailing_breaks);
                } else {
                    whitespaces.clear();
                    self.read_line(&mut leading_break);
                    leading_blanks = true;
                }
            }
            if self.flow_level == 0 && (self.mark.column as isize) < indent {
                break;
            }
        }
        if leading_blanks {
            self.simple_key_allowed = true;
        }
        Ok(Token {
            kind: TokenKind::Scalar {
                value: into_string(s),
                style: Style::Plain,
            },
            start,
            end,
        })
    }
}
