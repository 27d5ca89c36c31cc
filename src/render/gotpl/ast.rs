//! Parse tree nodes (Go's `text/template/parse` nodes) and their `String()` forms,
//! which Go prints as the `<...>` context of execution errors.

use std::fmt;

use crate::gofmt::go_quote;

/// A byte offset into the template text.
pub(super) type Pos = usize;

/// An element of a template body (Go's `ListNode` members).
#[derive(Debug)]
pub(super) enum Node {
    /// Plain text, written as is.
    Text {
        text: String,
    },
    /// `{{pipeline}}`: evaluated and printed unless it declares variables.
    Action {
        pos: Pos,
        pipe: Pipe,
    },
    If(Branch),
    Range(Branch),
    With(Branch),
    /// `{{template "name" pipeline}}` (also what `{{block}}` leaves in place).
    Template {
        pos: Pos,
        name: String,
        pipe: Option<Pipe>,
    },
    Break,
    Continue,
}

/// The shared shape of `if`, `range` and `with`.
#[derive(Debug)]
pub(super) struct Branch {
    pub pipe: Pipe,
    pub list: Vec<Node>,
    pub else_list: Option<Vec<Node>>,
}

/// A pipeline with its optional declarations (`$x := ...`) or assignments (`$x = ...`).
#[derive(Debug)]
pub(super) struct Pipe {
    pub pos: Pos,
    pub is_assign: bool,
    pub decl: Vec<Variable>,
    pub cmds: Vec<Command>,
}

/// A `$` variable with optional chained fields: `$x.a.b` is `["$x", "a", "b"]`.
#[derive(Debug)]
pub(super) struct Variable {
    pub pos: Pos,
    pub ident: Vec<String>,
}

impl Variable {
    pub(super) fn new(pos: Pos, text: &str) -> Self {
        Variable {
            pos,
            ident: text.split('.').map(str::to_string).collect(),
        }
    }
}

/// One command of a pipeline: a function or operand followed by arguments.
#[derive(Debug)]
pub(super) struct Command {
    pub pos: Pos,
    pub args: Vec<Arg>,
}

/// A parsed number literal, stored under every type that can hold it (Go's
/// `NumberNode`, which simulates untyped constants).
#[derive(Debug, Default)]
pub(super) struct Number {
    pub pos: Pos,
    pub text: String,
    pub is_int: bool,
    pub is_uint: bool,
    pub is_float: bool,
    pub is_complex: bool,
    pub int64: i64,
    pub float64: f64,
}

/// An operand (an element of a command).
#[derive(Debug)]
pub(super) enum Arg {
    /// `.a.b` (the leading dots dropped).
    Field {
        pos: Pos,
        ident: Vec<String>,
    },
    Variable(Variable),
    /// `(pipeline).a.b` or `fn.a`.
    Chain {
        pos: Pos,
        node: Box<Arg>,
        field: Vec<String>,
    },
    /// A function name.
    Identifier {
        pos: Pos,
        name: String,
    },
    Dot {
        pos: Pos,
    },
    Nil {
        pos: Pos,
    },
    Bool {
        pos: Pos,
        val: bool,
    },
    Number(Box<Number>),
    /// A string literal: the source text (with quotes) and its value.
    String {
        pos: Pos,
        quoted: String,
        text: String,
    },
    /// A parenthesized pipeline.
    Pipe(Box<Pipe>),
}

impl Arg {
    pub(super) fn pos(&self) -> Pos {
        match self {
            Arg::Field { pos, .. }
            | Arg::Chain { pos, .. }
            | Arg::Identifier { pos, .. }
            | Arg::Dot { pos }
            | Arg::Nil { pos }
            | Arg::Bool { pos, .. }
            | Arg::String { pos, .. } => *pos,
            Arg::Variable(v) => v.pos,
            Arg::Number(n) => n.pos,
            Arg::Pipe(p) => p.pos,
        }
    }
}

/// What ends an item list: `{{end}}` or `{{else}}` (never stored in the tree).
#[derive(Debug)]
pub(super) enum ListEnd {
    End,
    Else,
}

impl fmt::Display for ListEnd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ListEnd::End => "{{end}}",
            ListEnd::Else => "{{else}}",
        })
    }
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Field { ident, .. } => {
                for id in ident {
                    write!(f, ".{id}")?;
                }
                Ok(())
            }
            Arg::Variable(v) => f.write_str(&v.ident.join(".")),
            Arg::Chain { node, field, .. } => {
                if let Arg::Pipe(p) = node.as_ref() {
                    write!(f, "({p})")?;
                } else {
                    write!(f, "{node}")?;
                }
                for id in field {
                    write!(f, ".{id}")?;
                }
                Ok(())
            }
            Arg::Identifier { name, .. } => f.write_str(name),
            Arg::Dot { .. } => f.write_str("."),
            Arg::Nil { .. } => f.write_str("nil"),
            Arg::Bool { val, .. } => write!(f, "{val}"),
            Arg::Number(n) => f.write_str(&n.text),
            Arg::String { quoted, .. } => f.write_str(quoted),
            Arg::Pipe(p) => write!(f, "{p}"),
        }
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, arg) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            if let Arg::Pipe(p) = arg {
                write!(f, "({p})")?;
            } else {
                write!(f, "{arg}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Pipe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.decl.is_empty() {
            let names: Vec<String> = self.decl.iter().map(|v| v.ident.join(".")).collect();
            write!(f, "{} := ", names.join(", "))?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

fn write_list(f: &mut fmt::Formatter<'_>, list: &[Node]) -> fmt::Result {
    list.iter().try_for_each(|n| write!(f, "{n}"))
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (name, b) = match self {
            Node::Text { text } => return f.write_str(text),
            Node::Action { pipe, .. } => return write!(f, "{{{{{pipe}}}}}"),
            Node::Template { name, pipe, .. } => {
                write!(f, "{{{{template {}", go_quote(name))?;
                if let Some(p) = pipe {
                    write!(f, " {p}")?;
                }
                return f.write_str("}}");
            }
            Node::Break => return f.write_str("{{break}}"),
            Node::Continue => return f.write_str("{{continue}}"),
            Node::If(b) => ("if", b),
            Node::Range(b) => ("range", b),
            Node::With(b) => ("with", b),
        };
        write!(f, "{{{{{name} {}}}}}", b.pipe)?;
        write_list(f, &b.list)?;
        if let Some(e) = &b.else_list {
            f.write_str("{{else}}")?;
            write_list(f, e)?;
        }
        f.write_str("{{end}}")
    }
}

/// Go's `parse.IsEmptyTree`: only blank text (and comments, which are not kept).
pub(super) fn is_empty_tree(list: &[Node]) -> bool {
    list.iter()
        .all(|n| matches!(n, Node::Text { text } if text.trim().is_empty()))
}
