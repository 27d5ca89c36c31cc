//! The parts of go-yaml v2's emitter (`emitterc.go`, a port of libyaml) that `toYaml`
//! reaches: indentation and indicators, scalar analysis and style selection, and the
//! plain, single-quoted, double-quoted and literal writers with 80-column folding.
//!
//! Only block collections and empty flow collections (`{}`, `[]`) occur, so the flow
//! level is always 0 when a scalar is written. Columns count characters, as libyaml
//! does; the emitter's "unicode" flag is on, so printable non-ASCII is written as is.

use crate::yaml::resolve::{Resolved, is_base60_float, resolve_plain};

/// Indentation step (`best_indent`).
const BEST_INDENT: i32 = 2;
/// Preferred line width (`best_width`): breaking at a space is allowed past this column.
const BEST_WIDTH: usize = 80;

/// A scalar style, as requested by go-yaml's encoder or chosen by the emitter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// go-yaml's encoder choice for a string (`stringv`): a literal block when it holds a
/// newline, plain when it would read back as the same string (and does not look like a
/// YAML 1.1 base-60 float), else double-quoted.
pub(super) fn string_style(s: &str) -> Style {
    if s.contains('\n') {
        Style::Literal
    } else if resolve_plain(s) == Resolved::Str && !is_base60_float(s) {
        Style::Plain
    } else {
        Style::DoubleQuoted
    }
}

/// What the emitter allows for a scalar (`yaml_emitter_analyze_scalar`; the flow-plain
/// flag is left out as scalars never appear in flow context here).
#[derive(Clone, Copy, Debug)]
pub(super) struct Analysis {
    /// Holds a line break (LF, CR, NEL, LS or PS).
    pub multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

fn width(b: u8) -> usize {
    if b & 0x80 == 0 {
        1
    } else if b & 0xE0 == 0xC0 {
        2
    } else if b & 0xF0 == 0xE0 {
        3
    } else {
        4
    }
}

fn byte(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

/// libyaml's `is_printable` on UTF-8 bytes: LF, ASCII 0x20..0x7E and U+00A0..U+FFFD
/// except surrogates, U+FEFF, U+FFFE and U+FFFF. Tab, CR, DEL, C1 controls (NEL too) and
/// everything above U+FFFF are not printable.
fn is_printable(b: &[u8], i: usize) -> bool {
    let (c, c1, c2) = (byte(b, i), byte(b, i + 1), byte(b, i + 2));
    c == 0x0A
        || (0x20..=0x7E).contains(&c)
        || (c == 0xC2 && c1 >= 0xA0)
        || (c > 0xC2 && c < 0xED)
        || (c == 0xED && c1 < 0xA0)
        || c == 0xEE
        || (c == 0xEF && !(c1 == 0xBB && c2 == 0xBF) && !(c1 == 0xBF && (c2 == 0xBE || c2 == 0xBF)))
}

/// CR, LF, NEL, LS or PS.
fn is_break(b: &[u8], i: usize) -> bool {
    let (c, c1, c2) = (byte(b, i), byte(b, i + 1), byte(b, i + 2));
    c == b'\r'
        || c == b'\n'
        || (c == 0xC2 && c1 == 0x85)
        || (c == 0xE2 && c1 == 0x80 && (c2 == 0xA8 || c2 == 0xA9))
}

fn is_space(b: &[u8], i: usize) -> bool {
    byte(b, i) == b' '
}

fn is_blank(b: &[u8], i: usize) -> bool {
    matches!(byte(b, i), b' ' | b'\t')
}

/// Blank, break or NUL.
fn is_blankz(b: &[u8], i: usize) -> bool {
    is_blank(b, i) || is_break(b, i) || byte(b, i) == 0
}

/// `yaml_emitter_analyze_scalar`: which styles can represent `value` faithfully.
pub(super) fn analyze(value: &str) -> Analysis {
    let b = value.as_bytes();
    if b.is_empty() {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let mut block_indicators = b.starts_with(b"---") || b.starts_with(b"...");
    let mut line_breaks = false;
    let mut special_characters = false;
    let mut leading_space = false;
    let mut leading_break = false;
    let mut trailing_space = false;
    let mut trailing_break = false;
    let mut break_space = false;
    let mut space_break = false;
    let mut preceded_by_whitespace = true;
    let mut previous_space = false;
    let mut previous_break = false;

    let mut i = 0;
    while i < b.len() {
        let w = width(b[i]);
        let followed_by_whitespace = i + w >= b.len() || is_blank(b, i + w);
        if i == 0 {
            match b[i] {
                b'#' | b',' | b'[' | b']' | b'{' | b'}' | b'&' | b'*' | b'!' | b'|' | b'>'
                | b'\'' | b'"' | b'%' | b'@' | b'`' => block_indicators = true,
                b'?' | b':' | b'-' if followed_by_whitespace => block_indicators = true,
                _ => {}
            }
        } else {
            match b[i] {
                b':' if followed_by_whitespace => block_indicators = true,
                b'#' if preceded_by_whitespace => block_indicators = true,
                _ => {}
            }
        }
        if !is_printable(b, i) {
            special_characters = true;
        }
        if is_space(b, i) {
            if i == 0 {
                leading_space = true;
            }
            if i + w == b.len() {
                trailing_space = true;
            }
            if previous_break {
                break_space = true;
            }
            previous_space = true;
            previous_break = false;
        } else if is_break(b, i) {
            line_breaks = true;
            if i == 0 {
                leading_break = true;
            }
            if i + w == b.len() {
                trailing_break = true;
            }
            if previous_space {
                space_break = true;
            }
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blankz(b, i);
        i += w;
    }

    let mut a = Analysis {
        multiline: line_breaks,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special_characters {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks || block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

/// The emitter's output and the state its writers share (`yaml_emitter_t`).
pub(super) struct Emitter {
    pub out: String,
    column: usize,
    /// Current indentation; -1 before the root node.
    pub indent: i32,
    /// The last thing written was whitespace (or nothing on this line yet).
    whitespace: bool,
    /// Only indentation has been written on this line so far.
    pub indention: bool,
    /// The node being written is a mapping key or value.
    pub mapping_context: bool,
    /// The node being written is a simple (`key:`) mapping key.
    pub simple_key_context: bool,
}

impl Emitter {
    pub fn new() -> Self {
        Emitter {
            out: String::new(),
            column: 0,
            indent: -1,
            whitespace: true,
            indention: true,
            mapping_context: false,
            simple_key_context: false,
        }
    }

    fn put(&mut self, c: u8) {
        self.out.push(char::from(c));
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    /// Copies the character at byte `*i` of `value` and advances past it.
    fn write(&mut self, value: &str, i: &mut usize) {
        let w = width(value.as_bytes()[*i]);
        self.out.push_str(&value[*i..*i + w]);
        self.column += 1;
        *i += w;
    }

    /// Copies the line break at byte `*i` (LF is written as the emitter's line break).
    fn write_break(&mut self, value: &str, i: &mut usize) {
        if value.as_bytes()[*i] == b'\n' {
            self.put_break();
            *i += 1;
        } else {
            self.write(value, i);
            self.column = 0;
        }
    }

    /// `yaml_emitter_write_indent`: a new line unless already at the indentation, then
    /// spaces up to it.
    pub fn write_indent(&mut self) {
        let indent = usize::try_from(self.indent).unwrap_or(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(b' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    /// `yaml_emitter_write_indicator`.
    pub fn write_indicator(
        &mut self,
        indicator: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(b' ');
        }
        self.out.push_str(indicator);
        self.column += indicator.chars().count();
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    /// Indentation for a block collection (`yaml_emitter_increase_indent`, block case).
    pub fn increase_block_indent(&mut self, indentless: bool) {
        if self.indent < 0 {
            self.indent = 0;
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }

    /// `yaml_emitter_select_scalar_style` for an untagged scalar in block context.
    fn select_style(&self, requested: Style, value: &str, a: &Analysis) -> Style {
        let mut style = requested;
        if self.simple_key_context && a.multiline {
            style = Style::DoubleQuoted;
        }
        if style == Style::Plain
            && (!a.block_plain_allowed || (value.is_empty() && self.simple_key_context))
        {
            style = Style::SingleQuoted;
        }
        if style == Style::SingleQuoted && !a.single_quoted_allowed {
            style = Style::DoubleQuoted;
        }
        if style == Style::Literal && (!a.block_allowed || self.simple_key_context) {
            style = Style::DoubleQuoted;
        }
        style
    }

    /// Writes a scalar node (`yaml_emitter_emit_scalar`): picks the style the emitter
    /// allows for `requested`, then writes it one indentation step deeper.
    pub fn scalar(&mut self, value: &str, requested: Style, a: &Analysis) {
        let style = self.select_style(requested, value, a);
        let saved = self.indent;
        self.indent = if saved < 0 {
            BEST_INDENT
        } else {
            saved + BEST_INDENT
        };
        let allow_breaks = !self.simple_key_context;
        match style {
            Style::Plain => self.write_plain(value, allow_breaks),
            Style::SingleQuoted => self.write_single_quoted(value, allow_breaks),
            Style::DoubleQuoted => self.write_double_quoted(value, allow_breaks),
            Style::Literal => self.write_literal(value),
        }
        self.indent = saved;
    }

    /// `yaml_emitter_write_plain_scalar`.
    fn write_plain(&mut self, value: &str, allow_breaks: bool) {
        let b = value.as_bytes();
        if !self.whitespace {
            self.put(b' ');
        }
        let mut spaces = false;
        let mut breaks = false;
        let mut i = 0;
        while i < b.len() {
            if is_space(b, i) {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && !is_space(b, i + 1) {
                    self.write_indent();
                    i += 1;
                } else {
                    self.write(value, &mut i);
                }
                spaces = true;
            } else if is_break(b, i) {
                if !breaks && b[i] == b'\n' {
                    self.put_break();
                }
                self.write_break(value, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.write(value, &mut i);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    /// `yaml_emitter_write_single_quoted_scalar`.
    fn write_single_quoted(&mut self, value: &str, allow_breaks: bool) {
        let b = value.as_bytes();
        self.write_indicator("'", true, false, false);
        let mut spaces = false;
        let mut breaks = false;
        let mut i = 0;
        while i < b.len() {
            if is_space(b, i) {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i < b.len() - 1
                    && !is_space(b, i + 1)
                {
                    self.write_indent();
                    i += 1;
                } else {
                    self.write(value, &mut i);
                }
                spaces = true;
            } else if is_break(b, i) {
                if !breaks && b[i] == b'\n' {
                    self.put_break();
                }
                self.write_break(value, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if b[i] == b'\'' {
                    self.put(b'\'');
                }
                self.write(value, &mut i);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    /// `yaml_emitter_write_double_quoted_scalar`. A value that starts with a BOM has
    /// every character escaped (libyaml's `is_bom` looks at the start of the value, not
    /// at the current character).
    fn write_double_quoted(&mut self, value: &str, allow_breaks: bool) {
        let b = value.as_bytes();
        let starts_with_bom = b.starts_with(&[0xEF, 0xBB, 0xBF]);
        self.write_indicator("\"", true, false, false);
        let mut spaces = false;
        let mut i = 0;
        while i < b.len() {
            if !is_printable(b, i)
                || starts_with_bom
                || is_break(b, i)
                || b[i] == b'"'
                || b[i] == b'\\'
            {
                let c = value[i..].chars().next().unwrap_or('\0');
                i += c.len_utf8();
                self.put(b'\\');
                self.write_escape(c);
                spaces = false;
            } else if is_space(b, i) {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i > 0 && i < b.len() - 1 {
                    self.write_indent();
                    if is_space(b, i + 1) {
                        self.put(b'\\');
                    }
                    i += 1;
                } else {
                    self.write(value, &mut i);
                }
                spaces = true;
            } else {
                self.write(value, &mut i);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    /// The part of a double-quoted escape after the backslash.
    fn write_escape(&mut self, c: char) {
        let short = match c {
            '\0' => Some(b'0'),
            '\u{7}' => Some(b'a'),
            '\u{8}' => Some(b'b'),
            '\t' => Some(b't'),
            '\n' => Some(b'n'),
            '\u{b}' => Some(b'v'),
            '\u{c}' => Some(b'f'),
            '\r' => Some(b'r'),
            '\u{1b}' => Some(b'e'),
            '"' => Some(b'"'),
            '\\' => Some(b'\\'),
            '\u{85}' => Some(b'N'),
            '\u{a0}' => Some(b'_'),
            '\u{2028}' => Some(b'L'),
            '\u{2029}' => Some(b'P'),
            _ => None,
        };
        if let Some(s) = short {
            self.put(s);
            return;
        }
        let v = c as u32;
        let (letter, digits) = if v <= 0xFF {
            (b'x', 2)
        } else if v <= 0xFFFF {
            (b'u', 4)
        } else {
            (b'U', 8)
        };
        self.put(letter);
        for k in (0..digits).rev() {
            let d = ((v >> (4 * k)) & 0xF) as u8;
            self.put(if d < 10 { b'0' + d } else { b'A' + d - 10 });
        }
    }

    /// `yaml_emitter_write_block_scalar_hints`: the indentation indicator when the text
    /// starts with a space or a break, then the chomping indicator (`-` without a final
    /// break, `+` with two or more, or when the text is one break).
    fn write_block_scalar_hints(&mut self, value: &str) {
        let b = value.as_bytes();
        if is_space(b, 0) || is_break(b, 0) {
            // The digit is `best_indent`.
            self.write_indicator("2", false, false, false);
        }
        let mut chars = value.char_indices().rev();
        let chomp = match chars.next() {
            None => Some("-"),
            Some((last, _)) if !is_break(b, last) => Some("-"),
            Some((0, _)) => Some("+"),
            Some(_) => match chars.next() {
                Some((prev, _)) if is_break(b, prev) => Some("+"),
                _ => None,
            },
        };
        if let Some(c) = chomp {
            self.write_indicator(c, false, false, false);
        }
    }

    /// `yaml_emitter_write_literal_scalar`.
    fn write_literal(&mut self, value: &str) {
        let b = value.as_bytes();
        self.write_indicator("|", true, false, false);
        self.write_block_scalar_hints(value);
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        let mut i = 0;
        while i < b.len() {
            if is_break(b, i) {
                self.write_break(value, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.write(value, &mut i);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_matches_libyaml() {
        let p = |s: &str| is_printable(s.as_bytes(), 0);
        assert!(p("a") && p("\n") && p("~") && p(" "));
        assert!(!p("\t") && !p("\r") && !p("\u{7f}") && !p("\0"));
        assert!(p("\u{a0}") && p("é") && p("日") && p("\u{d7ff}") && p("\u{e000}"));
        assert!(!p("\u{85}") && !p("\u{9f}"));
        assert!(p("\u{fffd}") && p("\u{fdd0}") && p("\u{2028}"));
        assert!(!p("\u{feff}") && !p("\u{fffe}") && !p("\u{ffff}"));
        assert!(!p("🙂") && !p("\u{10000}"));
    }

    #[test]
    fn string_styles() {
        assert_eq!(string_style("a\nb"), Style::Literal);
        assert_eq!(string_style("abc"), Style::Plain);
        assert_eq!(string_style("1:20"), Style::DoubleQuoted);
        assert_eq!(string_style("true"), Style::DoubleQuoted);
        assert_eq!(string_style(""), Style::DoubleQuoted);
        assert_eq!(string_style("<<"), Style::Plain);
    }
}
