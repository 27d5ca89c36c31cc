//! libyaml's event parser as go-yaml v2 runs it (`parserc.go`): tokens to events.
//!
//! A state machine with an explicit stack (no recursion). It accepts `%YAML 1.1` only,
//! resolves tag handles (`!!` and `!` by default, more with `%TAG`), and has libyaml's
//! limits: no empty keys in block mappings (`: x` fails), block nodes only where the
//! grammar allows them.

use std::borrow::Cow;

use super::scanner::{Mark, Result, Scanner, Style, SyntaxError, Tok, Token, TokenKind};

#[derive(Clone, Debug, PartialEq)]
pub(super) enum EventKind<'a> {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias(String),
    Scalar {
        anchor: Option<String>,
        /// The resolved tag (`tag:yaml.org,2002:str`, `!foo`, `!`), or empty.
        tag: String,
        value: Cow<'a, str>,
        /// libyaml's "plain implicit": plain without a tag, or with the `!` tag.
        implicit: bool,
        style: Style,
    },
    SequenceStart {
        anchor: Option<String>,
    },
    SequenceEnd,
    MappingStart {
        anchor: Option<String>,
    },
    MappingEnd,
}

#[derive(Clone, Debug)]
pub(super) struct Event<'a> {
    pub kind: EventKind<'a>,
    pub start: Mark,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    StreamStart,
    ImplicitDocumentStart,
    DocumentStart,
    DocumentContent,
    DocumentEnd,
    BlockNode,
    BlockSequenceFirstEntry,
    BlockSequenceEntry,
    IndentlessSequenceEntry,
    BlockMappingFirstKey,
    BlockMappingKey,
    BlockMappingValue,
    FlowSequenceFirstEntry,
    FlowSequenceEntry,
    FlowSequenceEntryMappingKey,
    FlowSequenceEntryMappingValue,
    FlowSequenceEntryMappingEnd,
    FlowMappingFirstKey,
    FlowMappingKey,
    FlowMappingValue,
    FlowMappingEmptyValue,
    End,
}

pub(super) struct Parser<'a> {
    scanner: Scanner<'a>,
    state: State,
    states: Vec<State>,
    marks: Vec<Mark>,
    tag_directives: Vec<(String, String)>,
}

fn parser_error<T>(
    problem: &str,
    problem_mark: Mark,
    context: &'static str,
    context_mark: Mark,
) -> Result<T> {
    Err(Box::new(SyntaxError {
        problem: problem.to_string(),
        problem_mark,
        context,
        context_mark,
    }))
}

impl<'a> Parser<'a> {
    pub fn new(text: &'a str) -> Parser<'a> {
        Parser {
            scanner: Scanner::new(text),
            state: State::StreamStart,
            states: Vec::new(),
            marks: Vec::new(),
            tag_directives: Vec::new(),
        }
    }

    /// The next event; `StreamEnd` once the input is exhausted.
    pub fn next_event(&mut self) -> Result<Event<'a>> {
        if self.state == State::End || self.scanner.stream_end_produced() {
            return Ok(Event {
                kind: EventKind::StreamEnd,
                start: Mark::default(),
            });
        }
        match self.state {
            State::StreamStart => self.stream_start(),
            State::ImplicitDocumentStart => self.document_start(true),
            State::DocumentStart => self.document_start(false),
            State::DocumentContent => self.document_content(),
            State::DocumentEnd => self.document_end(),
            State::BlockNode => self.node(true, false),
            State::BlockSequenceFirstEntry => self.block_sequence_entry(true),
            State::BlockSequenceEntry => self.block_sequence_entry(false),
            State::IndentlessSequenceEntry => self.indentless_sequence_entry(),
            State::BlockMappingFirstKey => self.block_mapping_key(true),
            State::BlockMappingKey => self.block_mapping_key(false),
            State::BlockMappingValue => self.block_mapping_value(),
            State::FlowSequenceFirstEntry => self.flow_sequence_entry(true),
            State::FlowSequenceEntry => self.flow_sequence_entry(false),
            State::FlowSequenceEntryMappingKey => self.flow_sequence_entry_mapping_key(),
            State::FlowSequenceEntryMappingValue => self.flow_sequence_entry_mapping_value(),
            State::FlowSequenceEntryMappingEnd => self.flow_sequence_entry_mapping_end(),
            State::FlowMappingFirstKey => self.flow_mapping_key(true),
            State::FlowMappingKey => self.flow_mapping_key(false),
            State::FlowMappingValue => self.flow_mapping_value(false),
            State::FlowMappingEmptyValue => self.flow_mapping_value(true),
            State::End => unreachable_end(),
        }
    }

    /// The next token's kind (without its text), start and end.
    fn peek(&mut self) -> Result<(Tok, Mark, Mark)> {
        let t = self.scanner.peek()?;
        Ok((t.kind.tok(), t.start, t.end))
    }

    fn peek_kind(&mut self) -> Result<(Tok, Mark)> {
        let (kind, start, _) = self.peek()?;
        Ok((kind, start))
    }

    fn skip(&mut self) {
        self.scanner.take_token();
    }

    /// Consumes the token just peeked at, for its text.
    fn take(&mut self) -> TokenKind<'a> {
        match self.scanner.take_token() {
            Some(Token { kind, .. }) => kind,
            None => TokenKind::StreamEnd,
        }
    }

    fn pop_state(&mut self) {
        self.state = self.states.pop().unwrap_or(State::End);
    }

    fn event(kind: EventKind<'a>, start: Mark) -> Result<Event<'a>> {
        Ok(Event { kind, start })
    }

    fn empty_scalar(mark: Mark) -> Result<Event<'a>> {
        Self::event(
            EventKind::Scalar {
                anchor: None,
                tag: String::new(),
                value: Cow::Borrowed(""),
                implicit: true,
                style: Style::Plain,
            },
            mark,
        )
    }

    fn stream_start(&mut self) -> Result<Event<'a>> {
        let (kind, start) = self.peek_kind()?;
        if kind != Tok::StreamStart {
            return parser_error("did not find expected <stream-start>", start, "", start);
        }
        self.state = State::ImplicitDocumentStart;
        self.skip();
        Self::event(EventKind::StreamStart, start)
    }

    fn document_start(&mut self, implicit: bool) -> Result<Event<'a>> {
        let (mut kind, mut start) = self.peek_kind()?;
        if !implicit {
            while kind == Tok::DocumentEnd {
                self.skip();
                (kind, start) = self.peek_kind()?;
            }
        }
        let directive_or_start = matches!(
            kind,
            Tok::VersionDirective | Tok::TagDirective | Tok::DocumentStart | Tok::StreamEnd
        );
        if implicit && !directive_or_start {
            self.process_directives()?;
            self.states.push(State::DocumentEnd);
            self.state = State::BlockNode;
            Self::event(EventKind::DocumentStart, start)
        } else if kind != Tok::StreamEnd {
            let doc_start = start;
            self.process_directives()?;
            let (kind, start) = self.peek_kind()?;
            if kind != Tok::DocumentStart {
                return parser_error("did not find expected <document start>", start, "", start);
            }
            self.states.push(State::DocumentEnd);
            self.state = State::DocumentContent;
            self.skip();
            Self::event(EventKind::DocumentStart, doc_start)
        } else {
            self.state = State::End;
            self.skip();
            Self::event(EventKind::StreamEnd, start)
        }
    }

    fn document_content(&mut self) -> Result<Event<'a>> {
        let (kind, start) = self.peek_kind()?;
        if matches!(
            kind,
            Tok::VersionDirective
                | Tok::TagDirective
                | Tok::DocumentStart
                | Tok::DocumentEnd
                | Tok::StreamEnd
        ) {
            self.pop_state();
            return Self::empty_scalar(start);
        }
        self.node(true, false)
    }

    fn document_end(&mut self) -> Result<Event<'a>> {
        let (kind, start) = self.peek_kind()?;
        if kind == Tok::DocumentEnd {
            self.skip();
        }
        self.tag_directives.clear();
        self.state = State::DocumentStart;
        Self::event(EventKind::DocumentEnd, start)
    }

    fn node(&mut self, block: bool, indentless_sequence: bool) -> Result<Event<'a>> {
        let (kind, start_mark, _) = self.peek()?;
        if kind == Tok::Alias {
            self.pop_state();
            let name = match self.take() {
                TokenKind::Alias(name) => name,
                _ => String::new(),
            };
            return Self::event(EventKind::Alias(name), start_mark);
        }
        let mut anchor = None;
        let mut tag_token: Option<(String, String, Mark)> = None;
        let (mut kind, mut mark) = (kind, start_mark);
        match kind {
            Tok::Anchor => {
                if let TokenKind::Anchor(name) = self.take() {
                    anchor = Some(name);
                }
                (kind, mark) = self.peek_kind()?;
                if kind == Tok::Tag {
                    if let TokenKind::Tag { handle, suffix } = self.take() {
                        tag_token = Some((handle.into(), suffix.into(), mark));
                    }
                    (kind, mark) = self.peek_kind()?;
                }
            }
            Tok::Tag => {
                if let TokenKind::Tag { handle, suffix } = self.take() {
                    tag_token = Some((handle.into(), suffix.into(), start_mark));
                }
                (kind, mark) = self.peek_kind()?;
                if kind == Tok::Anchor {
                    if let TokenKind::Anchor(name) = self.take() {
                        anchor = Some(name);
                    }
                    (kind, mark) = self.peek_kind()?;
                }
            }
            _ => {}
        }
        let mut tag = String::new();
        if let Some((handle, suffix, tag_mark)) = tag_token {
            if handle.is_empty() {
                tag = suffix;
            } else {
                match self.tag_directives.iter().find(|(h, _)| *h == handle) {
                    Some((_, prefix)) => tag = format!("{prefix}{suffix}"),
                    None => {
                        return parser_error(
                            "found undefined tag handle",
                            tag_mark,
                            "while parsing a node",
                            start_mark,
                        );
                    }
                }
            }
        }
        if indentless_sequence && kind == Tok::BlockEntry {
            self.state = State::IndentlessSequenceEntry;
            return Self::event(EventKind::SequenceStart { anchor }, start_mark);
        }
        match kind {
            Tok::Scalar(style) => {
                let implicit = (tag.is_empty() && style == Style::Plain) || tag == "!";
                self.pop_state();
                let value = match self.take() {
                    TokenKind::Scalar { value, .. } => value,
                    _ => Cow::Borrowed(""),
                };
                Self::event(
                    EventKind::Scalar {
                        anchor,
                        tag,
                        value,
                        implicit,
                        style,
                    },
                    start_mark,
                )
            }
            Tok::FlowSequenceStart => {
                self.state = State::FlowSequenceFirstEntry;
                Self::event(EventKind::SequenceStart { anchor }, start_mark)
            }
            Tok::FlowMappingStart => {
                self.state = State::FlowMappingFirstKey;
                Self::event(EventKind::MappingStart { anchor }, start_mark)
            }
            Tok::BlockSequenceStart if block => {
                self.state = State::BlockSequenceFirstEntry;
                Self::event(EventKind::SequenceStart { anchor }, start_mark)
            }
            Tok::BlockMappingStart if block => {
                self.state = State::BlockMappingFirstKey;
                Self::event(EventKind::MappingStart { anchor }, start_mark)
            }
            _ if anchor.is_some() || !tag.is_empty() => {
                self.pop_state();
                let implicit = tag.is_empty();
                Self::event(
                    EventKind::Scalar {
                        anchor,
                        tag,
                        value: Cow::Borrowed(""),
                        implicit,
                        style: Style::Plain,
                    },
                    start_mark,
                )
            }
            _ => {
                let context = if block {
                    "while parsing a block node"
                } else {
                    "while parsing a flow node"
                };
                parser_error(
                    "did not find expected node content",
                    mark,
                    context,
                    start_mark,
                )
            }
        }
    }

    fn block_sequence_entry(&mut self, first: bool) -> Result<Event<'a>> {
        if first {
            let (_, start) = self.peek_kind()?;
            self.marks.push(start);
            self.skip();
        }
        let (kind, start, end) = self.peek()?;
        match kind {
            Tok::BlockEntry => {
                self.skip();
                let (kind, _) = self.peek_kind()?;
                if kind != Tok::BlockEntry && kind != Tok::BlockEnd {
                    self.states.push(State::BlockSequenceEntry);
                    self.node(true, false)
                } else {
                    self.state = State::BlockSequenceEntry;
                    Self::empty_scalar(end)
                }
            }
            Tok::BlockEnd => {
                self.pop_state();
                self.marks.pop();
                self.skip();
                Self::event(EventKind::SequenceEnd, start)
            }
            _ => {
                let context_mark = self.marks.pop().unwrap_or(start);
                parser_error(
                    "did not find expected '-' indicator",
                    start,
                    "while parsing a block collection",
                    context_mark,
                )
            }
        }
    }

    fn indentless_sequence_entry(&mut self) -> Result<Event<'a>> {
        let (kind, start, end) = self.peek()?;
        if kind == Tok::BlockEntry {
            self.skip();
            let (kind, _) = self.peek_kind()?;
            if !matches!(
                kind,
                Tok::BlockEntry | Tok::Key | Tok::Value | Tok::BlockEnd
            ) {
                self.states.push(State::IndentlessSequenceEntry);
                return self.node(true, false);
            }
            self.state = State::IndentlessSequenceEntry;
            return Self::empty_scalar(end);
        }
        self.pop_state();
        Self::event(EventKind::SequenceEnd, start)
    }

    fn block_mapping_key(&mut self, first: bool) -> Result<Event<'a>> {
        if first {
            let (_, start) = self.peek_kind()?;
            self.marks.push(start);
            self.skip();
        }
        let (kind, start, end) = self.peek()?;
        match kind {
            Tok::Key => {
                self.skip();
                let (kind, _) = self.peek_kind()?;
                if !matches!(kind, Tok::Key | Tok::Value | Tok::BlockEnd) {
                    self.states.push(State::BlockMappingValue);
                    self.node(true, true)
                } else {
                    self.state = State::BlockMappingValue;
                    Self::empty_scalar(end)
                }
            }
            Tok::BlockEnd => {
                self.pop_state();
                self.marks.pop();
                self.skip();
                Self::event(EventKind::MappingEnd, start)
            }
            _ => {
                let context_mark = self.marks.pop().unwrap_or(start);
                parser_error(
                    "did not find expected key",
                    start,
                    "while parsing a block mapping",
                    context_mark,
                )
            }
        }
    }

    fn block_mapping_value(&mut self) -> Result<Event<'a>> {
        let (kind, start, end) = self.peek()?;
        if kind == Tok::Value {
            self.skip();
            let (kind, _) = self.peek_kind()?;
            if !matches!(kind, Tok::Key | Tok::Value | Tok::BlockEnd) {
                self.states.push(State::BlockMappingKey);
                return self.node(true, true);
            }
            self.state = State::BlockMappingKey;
            return Self::empty_scalar(end);
        }
        self.state = State::BlockMappingKey;
        Self::empty_scalar(start)
    }

    fn flow_sequence_entry(&mut self, first: bool) -> Result<Event<'a>> {
        if first {
            let (_, start) = self.peek_kind()?;
            self.marks.push(start);
            self.skip();
        }
        let (mut kind, mut start) = self.peek_kind()?;
        if kind != Tok::FlowSequenceEnd {
            if !first {
                if kind == Tok::FlowEntry {
                    self.skip();
                    (kind, start) = self.peek_kind()?;
                } else {
                    let context_mark = self.marks.pop().unwrap_or(start);
                    return parser_error(
                        "did not find expected ',' or ']'",
                        start,
                        "while parsing a flow sequence",
                        context_mark,
                    );
                }
            }
            if kind == Tok::Key {
                self.state = State::FlowSequenceEntryMappingKey;
                self.skip();
                return Self::event(EventKind::MappingStart { anchor: None }, start);
            } else if kind != Tok::FlowSequenceEnd {
                self.states.push(State::FlowSequenceEntry);
                return self.node(false, false);
            }
        }
        self.pop_state();
        self.marks.pop();
        self.skip();
        Self::event(EventKind::SequenceEnd, start)
    }

    fn flow_sequence_entry_mapping_key(&mut self) -> Result<Event<'a>> {
        let (kind, _, end) = self.peek()?;
        if !matches!(kind, Tok::Value | Tok::FlowEntry | Tok::FlowSequenceEnd) {
            self.states.push(State::FlowSequenceEntryMappingValue);
            return self.node(false, false);
        }
        self.skip();
        self.state = State::FlowSequenceEntryMappingValue;
        Self::empty_scalar(end)
    }

    fn flow_sequence_entry_mapping_value(&mut self) -> Result<Event<'a>> {
        let (mut kind, mut start) = self.peek_kind()?;
        if kind == Tok::Value {
            self.skip();
            (kind, start) = self.peek_kind()?;
            if kind != Tok::FlowEntry && kind != Tok::FlowSequenceEnd {
                self.states.push(State::FlowSequenceEntryMappingEnd);
                return self.node(false, false);
            }
        }
        self.state = State::FlowSequenceEntryMappingEnd;
        Self::empty_scalar(start)
    }

    fn flow_sequence_entry_mapping_end(&mut self) -> Result<Event<'a>> {
        let (_, start) = self.peek_kind()?;
        self.state = State::FlowSequenceEntry;
        Self::event(EventKind::MappingEnd, start)
    }

    fn flow_mapping_key(&mut self, first: bool) -> Result<Event<'a>> {
        if first {
            let (_, start) = self.peek_kind()?;
            self.marks.push(start);
            self.skip();
        }
        let (mut kind, mut start) = self.peek_kind()?;
        if kind != Tok::FlowMappingEnd {
            if !first {
                if kind == Tok::FlowEntry {
                    self.skip();
                    (kind, start) = self.peek_kind()?;
                } else {
                    let context_mark = self.marks.pop().unwrap_or(start);
                    return parser_error(
                        "did not find expected ',' or '}'",
                        start,
                        "while parsing a flow mapping",
                        context_mark,
                    );
                }
            }
            if kind == Tok::Key {
                self.skip();
                let (kind, start) = self.peek_kind()?;
                if !matches!(kind, Tok::Value | Tok::FlowEntry | Tok::FlowMappingEnd) {
                    self.states.push(State::FlowMappingValue);
                    return self.node(false, false);
                }
                self.state = State::FlowMappingValue;
                return Self::empty_scalar(start);
            } else if kind != Tok::FlowMappingEnd {
                self.states.push(State::FlowMappingEmptyValue);
                return self.node(false, false);
            }
        }
        self.pop_state();
        self.marks.pop();
        self.skip();
        Self::event(EventKind::MappingEnd, start)
    }

    fn flow_mapping_value(&mut self, empty: bool) -> Result<Event<'a>> {
        let (mut kind, mut start) = self.peek_kind()?;
        if empty {
            self.state = State::FlowMappingKey;
            return Self::empty_scalar(start);
        }
        if kind == Tok::Value {
            self.skip();
            (kind, start) = self.peek_kind()?;
            if kind != Tok::FlowEntry && kind != Tok::FlowMappingEnd {
                self.states.push(State::FlowMappingKey);
                return self.node(false, false);
            }
        }
        self.state = State::FlowMappingKey;
        Self::empty_scalar(start)
    }

    fn process_directives(&mut self) -> Result<()> {
        let mut version_seen = false;
        loop {
            let (kind, start, _) = self.peek()?;
            if !matches!(kind, Tok::VersionDirective | Tok::TagDirective) {
                break;
            }
            match self.take() {
                TokenKind::VersionDirective { major, minor } => {
                    if version_seen {
                        return parser_error("found duplicate %YAML directive", start, "", start);
                    }
                    if major != 1 || minor != 1 {
                        return parser_error("found incompatible YAML document", start, "", start);
                    }
                    version_seen = true;
                }
                TokenKind::TagDirective { handle, prefix } => {
                    if self.tag_directives.iter().any(|(h, _)| **h == *handle) {
                        return parser_error("found duplicate %TAG directive", start, "", start);
                    }
                    self.tag_directives.push((handle.into(), prefix.into()));
                }
                _ => {}
            }
        }
        for (handle, prefix) in [("!", "!"), ("!!", "tag:yaml.org,2002:")] {
            if !self.tag_directives.iter().any(|(h, _)| h == handle) {
                self.tag_directives
                    .push((handle.to_string(), prefix.to_string()));
            }
        }
        Ok(())
    }
}

fn unreachable_end<'a>() -> Result<Event<'a>> {
    Ok(Event {
        kind: EventKind::StreamEnd,
        start: Mark::default(),
    })
}
