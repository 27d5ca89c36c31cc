//! The lexer: Go's `text/template/parse` scanner, rewritten as a pull lexer.
//!
//! It yields one [`Item`] per call with the byte position and the line where the item
//! starts, exactly as Go's `lexer.nextItem` does, including the `{{- ` / ` -}}` trimming
//! (done here, invisible to the parser) and Go's error items ("unclosed action", ...).
//! Scanning is linear: every byte is looked at a bounded number of times.

use std::borrow::Cow;
use std::fmt;

use crate::gofmt::{go_quote, is_go_print};

const LEFT_DELIM: &str = "{{";
const RIGHT_DELIM: &str = "}}";
const LEFT_COMMENT: &str = "/*";
const RIGHT_COMMENT: &str = "*/";
/// A trim marker is '-' plus one ASCII space character.
const TRIM_MARKER_LEN: usize = 2;

/// The kind of a lexed item (Go's `itemType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum T {
    Error,
    Bool,
    Char,
    CharConstant,
    Complex,
    Assign,
    Declare,
    Eof,
    Field,
    Identifier,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    Space,
    String,
    Text,
    Variable,
    // Keywords.
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

impl T {
    fn is_keyword(self) -> bool {
        matches!(
            self,
            T::Block
                | T::Break
                | T::Continue
                | T::Dot
                | T::Define
                | T::Else
                | T::End
                | T::If
                | T::Nil
                | T::Range
                | T::Template
                | T::With
        )
    }
}

fn keyword(word: &str) -> Option<T> {
    Some(match word {
        "." => T::Dot,
        "block" => T::Block,
        "break" => T::Break,
        "continue" => T::Continue,
        "define" => T::Define,
        "else" => T::Else,
        "end" => T::End,
        "if" => T::If,
        "range" => T::Range,
        "nil" => T::Nil,
        "template" => T::Template,
        "with" => T::With,
        _ => return None,
    })
}

/// One token: its kind, the byte offset where it starts, its text (or the error
/// message for [`T::Error`]) and the 1-based line where it starts.
#[derive(Clone, Debug)]
pub(super) struct Item<'a> {
    pub typ: T,
    pub pos: usize,
    pub val: Cow<'a, str>,
    pub line: usize,
}

impl Item<'_> {
    pub(super) fn eof() -> Self {
        Item {
            typ: T::Eof,
            pos: 0,
            val: Cow::Borrowed(""),
            line: 0,
        }
    }
}

/// Go's `item.String()`, used in parse error messages.
impl fmt::Display for Item<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.typ {
            T::Eof => f.write_str("EOF"),
            T::Error => f.write_str(&self.val),
            t if t.is_keyword() => write!(f, "<{}>", self.val),
            _ if self.val.len() > 10 => {
                let head: String = self.val.chars().take(10).collect();
                write!(f, "{}...", go_quote(&head))
            }
            _ => f.write_str(&go_quote(&self.val)),
        }
    }
}

/// Go's `isSpace`: the four ASCII spacing characters.
pub(super) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Go's `isAlphaNumeric`: '_', a Unicode letter (L*) or a decimal digit (Nd).
pub(super) fn is_alnum(c: char) -> bool {
    use unicode_general_category::{GeneralCategory as G, get_general_category};
    if c.is_ascii() {
        return c == '_' || c.is_ascii_alphanumeric();
    }
    matches!(
        get_general_category(c),
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
            | G::DecimalNumber
    )
}

/// Go's `%#U` of a rune: `U+0041 'A'` (the quoted character only when printable).
pub(super) fn fmt_rune_u(c: char) -> String {
    if is_go_print(c) {
        format!("U+{:04X} '{}'", c as u32, c)
    } else {
        format!("U+{:04X}", c as u32)
    }
}

fn has_left_trim_marker(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0] == b'-' && is_space(b[1] as char)
}

fn has_right_trim_marker(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && is_space(b[0] as char) && b[1] == b'-'
}

fn right_trim_length(s: &str) -> usize {
    s.len() - s.trim_end_matches(is_space).len()
}

fn left_trim_length(s: &str) -> usize {
    s.len() - s.trim_start_matches(is_space).len()
}

fn count_newlines(s: &str) -> usize {
    s.bytes().filter(|&b| b == b'\n').count()
}

#[derive(Clone, Copy)]
enum St {
    Text,
    LeftDelim,
    Comment,
    RightDelim,
    InsideAction,
    Space,
    Identifier,
    Field,
    Variable,
    Char,
    Number,
    Quote,
    RawQuote,
}

enum Step<'a> {
    Go(St),
    Emit(Item<'a>),
}

/// The scanner state (Go's `lexer`).
pub(super) struct Lexer<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
    at_eof: bool,
    paren_depth: i64,
    line: usize,
    start_line: usize,
    inside_action: bool,
    break_ok: bool,
    continue_ok: bool,
}

impl<'a> Lexer<'a> {
    /// A lexer over `input`. `break_ok`/`continue_ok` are false when a function of that
    /// name exists, in which case the word lexes as an identifier (as in Go).
    pub(super) fn new(input: &'a str, break_ok: bool, continue_ok: bool) -> Self {
        Lexer {
            input,
            pos: 0,
            start: 0,
            at_eof: false,
            paren_depth: 0,
            line: 1,
            start_line: 1,
            inside_action: false,
            break_ok,
            continue_ok,
        }
    }

    /// The next item of the input; [`T::Eof`] forever once the input is exhausted.
    pub(super) fn next_item(&mut self) -> Item<'a> {
        let mut st = if self.inside_action {
            St::InsideAction
        } else {
            St::Text
        };
        loop {
            let step = match st {
                St::Text => self.lex_text(),
                St::LeftDelim => self.lex_left_delim(),
                St::Comment => self.lex_comment(),
                St::RightDelim => self.lex_right_delim(),
                St::InsideAction => self.lex_inside_action(),
                St::Space => self.lex_space(),
                St::Identifier => self.lex_identifier(),
                St::Field => self.lex_field_or_variable(T::Field),
                St::Variable => self.lex_variable(),
                St::Char => self.lex_char(),
                St::Number => self.lex_number(),
                St::Quote => self.lex_quote(),
                St::RawQuote => self.lex_raw_quote(),
            };
            match step {
                Step::Go(next) => st = next,
                Step::Emit(item) => return item,
            }
        }
    }

    fn next(&mut self) -> Option<char> {
        match self.input[self.pos..].chars().next() {
            None => {
                self.at_eof = true;
                None
            }
            Some(c) => {
                self.pos += c.len_utf8();
                if c == '\n' {
                    self.line += 1;
                }
                Some(c)
            }
        }
    }

    fn peek(&mut self) -> Option<char> {
        let r = self.next();
        self.backup();
        r
    }

    fn backup(&mut self) {
        if !self.at_eof
            && let Some(c) = self.input[..self.pos].chars().next_back()
        {
            self.pos -= c.len_utf8();
            if c == '\n' {
                self.line -= 1;
            }
        }
    }

    fn this_item(&mut self, typ: T) -> Item<'a> {
        let item = Item {
            typ,
            pos: self.start,
            val: Cow::Borrowed(&self.input[self.start..self.pos]),
            line: self.start_line,
        };
        self.start = self.pos;
        self.start_line = self.line;
        item
    }

    fn emit(&mut self, typ: T) -> Step<'a> {
        Step::Emit(self.this_item(typ))
    }

    /// Skips the pending input, counting its newlines (only for text skipped without
    /// going through `next`).
    fn ignore(&mut self) {
        self.line += count_newlines(&self.input[self.start..self.pos]);
        self.start = self.pos;
        self.start_line = self.line;
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.next() {
            Some(c) if valid.contains(c) => true,
            _ => {
                self.backup();
                false
            }
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while self.accept(valid) {}
    }

    /// An error item; the input is dropped so that scanning stops.
    fn errorf(&mut self, msg: String) -> Step<'a> {
        let item = Item {
            typ: T::Error,
            pos: self.start,
            val: Cow::Owned(msg),
            line: self.start_line,
        };
        self.start = 0;
        self.pos = 0;
        self.input = "";
        Step::Emit(item)
    }

    fn lex_text(&mut self) -> Step<'a> {
        if let Some(x) = self.input[self.pos..].find(LEFT_DELIM) {
            if x > 0 {
                self.pos += x;
                let delim_end = self.pos + LEFT_DELIM.len();
                let trim = if has_left_trim_marker(&self.input[delim_end..]) {
                    right_trim_length(&self.input[self.start..self.pos])
                } else {
                    0
                };
                self.pos -= trim;
                self.line += count_newlines(&self.input[self.start..self.pos]);
                let item = self.this_item(T::Text);
                self.pos += trim;
                self.ignore();
                if !item.val.is_empty() {
                    return Step::Emit(item);
                }
            }
            return Step::Go(St::LeftDelim);
        }
        self.pos = self.input.len();
        if self.pos > self.start {
            self.line += count_newlines(&self.input[self.start..self.pos]);
            return self.emit(T::Text);
        }
        self.emit(T::Eof)
    }

    fn at_right_delim(&self) -> (bool, bool) {
        let rest = &self.input[self.pos..];
        if has_right_trim_marker(rest) && rest[TRIM_MARKER_LEN..].starts_with(RIGHT_DELIM) {
            return (true, true);
        }
        (rest.starts_with(RIGHT_DELIM), false)
    }

    fn lex_left_delim(&mut self) -> Step<'a> {
        self.pos += LEFT_DELIM.len();
        let trim_space = has_left_trim_marker(&self.input[self.pos..]);
        let after_marker = if trim_space { TRIM_MARKER_LEN } else { 0 };
        if self.input[self.pos + after_marker..].starts_with(LEFT_COMMENT) {
            self.pos += after_marker;
            self.ignore();
            return Step::Go(St::Comment);
        }
        let item = self.this_item(T::LeftDelim);
        self.inside_action = true;
        self.pos += after_marker;
        self.ignore();
        self.paren_depth = 0;
        Step::Emit(item)
    }

    fn lex_comment(&mut self) -> Step<'a> {
        self.pos += LEFT_COMMENT.len();
        let Some(x) = self.input[self.pos..].find(RIGHT_COMMENT) else {
            return self.errorf("unclosed comment".into());
        };
        self.pos += x + RIGHT_COMMENT.len();
        let (delim, trim_space) = self.at_right_delim();
        if !delim {
            return self.errorf("comment ends before closing delimiter".into());
        }
        self.line += count_newlines(&self.input[self.start..self.pos]);
        self.start = self.pos;
        self.start_line = self.line;
        if trim_space {
            self.pos += TRIM_MARKER_LEN;
        }
        self.pos += RIGHT_DELIM.len();
        if trim_space {
            self.pos += left_trim_length(&self.input[self.pos..]);
        }
        self.ignore();
        Step::Go(St::Text)
    }

    fn lex_right_delim(&mut self) -> Step<'a> {
        let (_, trim_space) = self.at_right_delim();
        if trim_space {
            self.pos += TRIM_MARKER_LEN;
            self.ignore();
        }
        self.pos += RIGHT_DELIM.len();
        let item = self.this_item(T::RightDelim);
        if trim_space {
            self.pos += left_trim_length(&self.input[self.pos..]);
            self.ignore();
        }
        self.inside_action = false;
        Step::Emit(item)
    }

    fn lex_inside_action(&mut self) -> Step<'a> {
        let (delim, _) = self.at_right_delim();
        if delim {
            if self.paren_depth == 0 {
                return Step::Go(St::RightDelim);
            }
            return self.errorf("unclosed left paren".into());
        }
        match self.next() {
            None => self.errorf("unclosed action".into()),
            Some(c) if is_space(c) => {
                self.backup(); // Put the space back in case this is " -}}".
                Step::Go(St::Space)
            }
            Some('=') => self.emit(T::Assign),
            Some(':') => {
                if self.next() != Some('=') {
                    return self.errorf("expected :=".into());
                }
                self.emit(T::Declare)
            }
            Some('|') => self.emit(T::Pipe),
            Some('"') => Step::Go(St::Quote),
            Some('`') => Step::Go(St::RawQuote),
            Some('$') => Step::Go(St::Variable),
            Some('\'') => Step::Go(St::Char),
            Some('.') => {
                // ".field" unless a digit follows ('.' can start a number).
                if let Some(&b) = self.input.as_bytes().get(self.pos)
                    && !b.is_ascii_digit()
                {
                    return Step::Go(St::Field);
                }
                self.backup();
                Step::Go(St::Number)
            }
            Some(c) if c == '+' || c == '-' || c.is_ascii_digit() => {
                self.backup();
                Step::Go(St::Number)
            }
            Some(c) if is_alnum(c) => {
                self.backup();
                Step::Go(St::Identifier)
            }
            Some('(') => {
                self.paren_depth += 1;
                self.emit(T::LeftParen)
            }
            Some(')') => {
                self.paren_depth -= 1;
                if self.paren_depth < 0 {
                    return self.errorf("unexpected right paren".into());
                }
                self.emit(T::RightParen)
            }
            Some(c) if (' '..='~').contains(&c) => self.emit(T::Char),
            Some(c) => self.errorf(format!(
                "unrecognized character in action: {}",
                fmt_rune_u(c)
            )),
        }
    }

    fn lex_space(&mut self) -> Step<'a> {
        let mut num_spaces = 0;
        while matches!(self.peek(), Some(c) if is_space(c)) {
            self.next();
            num_spaces += 1;
        }
        // A trim-marked right delimiter starts with a space: leave that space to it.
        let last = self.pos.saturating_sub(1);
        if has_right_trim_marker(&self.input[last..])
            && self.input[last + TRIM_MARKER_LEN..].starts_with(RIGHT_DELIM)
        {
            self.backup();
            if num_spaces == 1 {
                return Step::Go(St::RightDelim);
            }
        }
        self.emit(T::Space)
    }

    fn lex_identifier(&mut self) -> Step<'a> {
        loop {
            let r = self.next();
            if matches!(r, Some(c) if is_alnum(c)) {
                continue;
            }
            self.backup();
            if !self.at_terminator() {
                return self.bad_character(r);
            }
            let word = &self.input[self.start..self.pos];
            return match keyword(word) {
                Some(T::Break) if !self.break_ok => self.emit(T::Identifier),
                Some(T::Continue) if !self.continue_ok => self.emit(T::Identifier),
                Some(k) => self.emit(k),
                None if word == "true" || word == "false" => self.emit(T::Bool),
                None => self.emit(T::Identifier),
            };
        }
    }

    fn bad_character(&mut self, r: Option<char>) -> Step<'a> {
        let shown = r.map_or_else(|| "EOF".to_string(), fmt_rune_u);
        self.errorf(format!("bad character {shown}"))
    }

    fn lex_variable(&mut self) -> Step<'a> {
        if self.at_terminator() {
            return self.emit(T::Variable); // Just "$".
        }
        self.lex_field_or_variable(T::Variable)
    }

    fn lex_field_or_variable(&mut self, typ: T) -> Step<'a> {
        if self.at_terminator() {
            return self.emit(if typ == T::Variable {
                T::Variable
            } else {
                T::Dot
            });
        }
        let mut r;
        loop {
            r = self.next();
            if !matches!(r, Some(c) if is_alnum(c)) {
                self.backup();
                break;
            }
        }
        if !self.at_terminator() {
            return self.bad_character(r);
        }
        self.emit(typ)
    }

    /// Whether the input is at a character that may follow an identifier.
    fn at_terminator(&mut self) -> bool {
        match self.peek() {
            None => true,
            Some(c) if is_space(c) => true,
            Some('.' | ',' | '|' | ':' | ')' | '(') => true,
            Some(_) => self.input[self.pos..].starts_with(RIGHT_DELIM),
        }
    }

    fn lex_char(&mut self) -> Step<'a> {
        loop {
            match self.next() {
                Some('\\') => {
                    if matches!(self.next(), Some(c) if c != '\n') {
                        continue;
                    }
                    return self.errorf("unterminated character constant".into());
                }
                None | Some('\n') => return self.errorf("unterminated character constant".into()),
                Some('\'') => break,
                Some(_) => {}
            }
        }
        self.emit(T::CharConstant)
    }

    fn lex_number(&mut self) -> Step<'a> {
        if !self.scan_number() {
            let text = go_quote(&self.input[self.start..self.pos]);
            return self.errorf(format!("bad number syntax: {text}"));
        }
        if matches!(self.peek(), Some('+' | '-')) {
            // Complex: 1+2i. No spaces, must end in 'i'.
            if !self.scan_number() || !self.input[..self.pos].ends_with('i') {
                let text = go_quote(&self.input[self.start..self.pos]);
                return self.errorf(format!("bad number syntax: {text}"));
            }
            return self.emit(T::Complex);
        }
        self.emit(T::Number)
    }

    fn scan_number(&mut self) -> bool {
        const DEC: &str = "0123456789_";
        const HEX: &str = "0123456789abcdefABCDEF_";
        self.accept("+-");
        let mut digits = DEC;
        if self.accept("0") {
            // A leading 0 does not mean octal in floats.
            if self.accept("xX") {
                digits = HEX;
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits == DEC && self.accept("eE") {
            self.accept("+-");
            self.accept_run(DEC);
        }
        if digits == HEX && self.accept("pP") {
            self.accept("+-");
            self.accept_run(DEC);
        }
        self.accept("i");
        if matches!(self.peek(), Some(c) if is_alnum(c)) {
            self.next();
            return false;
        }
        true
    }

    fn lex_quote(&mut self) -> Step<'a> {
        loop {
            match self.next() {
                Some('\\') => {
                    if matches!(self.next(), Some(c) if c != '\n') {
                        continue;
                    }
                    return self.errorf("unterminated quoted string".into());
                }
                None | Some('\n') => return self.errorf("unterminated quoted string".into()),
                Some('"') => break,
                Some(_) => {}
            }
        }
        self.emit(T::String)
    }

    fn lex_raw_quote(&mut self) -> Step<'a> {
        loop {
            match self.next() {
                None => return self.errorf("unterminated raw quoted string".into()),
                Some('`') => break,
                Some(_) => {}
            }
        }
        self.emit(T::RawString)
    }
}
