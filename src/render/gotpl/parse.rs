//! The parser: Go's `text/template/parse` recursive descent over the lexer's items,
//! with the same three-token look-ahead (so that error lines match Go's), the same
//! parse-time checks (undefined variables, unknown functions, `break` outside `range`)
//! and the same wording.

use std::collections::HashMap;

use super::ast::{Arg, Branch, Command, ListEnd, Node, Number, Pipe, Pos, Variable, is_empty_tree};
use super::lex::{Item, Lexer, T};
use super::strconv;
use super::{Host, MAX_DEPTH, TEMPLATE_NAME, TplError, TplErrorKind, is_builtin};
use crate::gofmt::go_quote;

/// The parsed template set: the main body under [`TEMPLATE_NAME`] plus every
/// `{{define}}`/`{{block}}`, by name.
pub(super) type Templates = HashMap<String, Vec<Node>>;

/// Maximum commands in one pipeline (Go's `maxPipelineCmds`).
const MAX_PIPELINE_CMDS: usize = 100_000;

type PResult<T> = Result<T, TplError>;

/// What `textOrAction` produced: a node, or the `{{end}}`/`{{else}}` closing a list.
enum Parsed {
    Node(Node),
    End(ListEnd),
}

struct Parser<'a, 'h> {
    src: &'a str,
    lex: Lexer<'a>,
    token: [Item<'a>; 3],
    peek_count: usize,
    /// Variables visible at this point (`$` first).
    vars: Vec<String>,
    action_line: usize,
    range_depth: usize,
    /// Nesting of control structures, definitions and parentheses (stack safety).
    depth: usize,
    host: &'h dyn Host,
    templates: Templates,
}

/// Parses `src` into its template set; errors read like Go's parse errors.
pub(super) fn parse(src: &str, host: &dyn Host) -> Result<Templates, TplError> {
    let lex = Lexer::new(
        src,
        !host.has_function("break"),
        !host.has_function("continue"),
    );
    let mut p = Parser {
        src,
        lex,
        token: [Item::eof(), Item::eof(), Item::eof()],
        peek_count: 0,
        vars: vec!["$".to_string()],
        action_line: 0,
        range_depth: 0,
        depth: 0,
        host,
        templates: HashMap::new(),
    };
    let root = p.parse_top()?;
    p.add(TEMPLATE_NAME.to_string(), root)?;
    Ok(p.templates)
}

impl<'a> Parser<'a, '_> {
    // ---- token buffer (Go's next/backup/peek) ----

    fn next(&mut self) -> Item<'a> {
        if self.peek_count > 0 {
            self.peek_count -= 1;
        } else {
            self.token[0] = self.lex.next_item();
        }
        self.token
            .get(self.peek_count)
            .cloned()
            .unwrap_or_else(Item::eof)
    }

    fn backup(&mut self) {
        // Go's parser never backs up past its three-token buffer.
        self.peek_count = (self.peek_count + 1).min(self.token.len());
    }

    fn backup2(&mut self, t1: Item<'a>) {
        self.token[1] = t1;
        self.peek_count = 2;
    }

    fn backup3(&mut self, t2: Item<'a>, t1: Item<'a>) {
        self.token[1] = t1;
        self.token[2] = t2;
        self.peek_count = 3;
    }

    fn peek(&mut self) -> Item<'a> {
        if self.peek_count > 0 {
            return self
                .token
                .get(self.peek_count - 1)
                .cloned()
                .unwrap_or_else(Item::eof);
        }
        self.peek_count = 1;
        self.token[0] = self.lex.next_item();
        self.token[0].clone()
    }

    fn next_non_space(&mut self) -> Item<'a> {
        loop {
            let t = self.next();
            if t.typ != T::Space {
                return t;
            }
        }
    }

    fn peek_non_space(&mut self) -> Item<'a> {
        let t = self.next_non_space();
        self.backup();
        t
    }

    // ---- errors ----

    /// A parse error at the line of the most recently lexed token (as Go reports it).
    fn err<X>(&self, msg: impl Into<String>) -> PResult<X> {
        let tok = &self.token[0];
        let pos = tok.pos.min(self.src.len());
        let line_start = self.src[..pos].rfind('\n').map_or(0, |i| i + 1);
        Err(TplError {
            kind: TplErrorKind::Parse,
            line: tok.line,
            column: pos - line_start,
            template: TEMPLATE_NAME.to_string(),
            context: String::new(),
            message: msg.into(),
        })
    }

    fn unexpected<X>(&self, tok: &Item<'a>, context: &str) -> PResult<X> {
        if tok.typ == T::Error {
            let mut extra = String::new();
            if self.action_line != 0 && self.action_line != tok.line {
                extra = format!(" in action started at {TEMPLATE_NAME}:{}", self.action_line);
                if tok.val.ends_with(" action") {
                    extra = extra[" in action".len()..].to_string();
                }
            }
            return self.err(format!("{tok}{extra}"));
        }
        self.err(format!("unexpected {tok} in {context}"))
    }

    fn expect(&mut self, expected: T, context: &str) -> PResult<Item<'a>> {
        let tok = self.next_non_space();
        if tok.typ != expected {
            return self.unexpected(&tok, context);
        }
        Ok(tok)
    }

    fn enter(&mut self, what: &str) -> PResult<()> {
        if self.depth >= MAX_DEPTH {
            return self.err(format!("max {what} depth exceeded (limit {MAX_DEPTH})"));
        }
        self.depth += 1;
        Ok(())
    }

    /// Records a template definition; an empty body never replaces a non-empty one,
    /// and two non-empty bodies for one name are an error (Go's `Tree.add`).
    fn add(&mut self, name: String, list: Vec<Node>) -> PResult<()> {
        match self.templates.get(&name) {
            Some(existing) if !is_empty_tree(existing) => {
                if !is_empty_tree(&list) {
                    return self.err(format!(
                        "template: multiple definition of template {}",
                        go_quote(&name)
                    ));
                }
            }
            _ => {
                self.templates.insert(name, list);
            }
        }
        Ok(())
    }

    // ---- grammar ----

    /// The top level: text, actions and `{{define}}`s up to EOF.
    fn parse_top(&mut self) -> PResult<Vec<Node>> {
        let mut root = Vec::new();
        while self.peek().typ != T::Eof {
            if self.peek().typ == T::LeftDelim {
                let delim = self.next();
                if self.next_non_space().typ == T::Define {
                    self.parse_definition()?;
                    continue;
                }
                self.backup2(delim);
            }
            match self.text_or_action()? {
                Parsed::Node(n) => root.push(n),
                Parsed::End(end) => return self.err(format!("unexpected {end}")),
            }
        }
        Ok(root)
    }

    /// Parses a body with fresh variables (only `$`) and no enclosing `range`, as Go
    /// does for `{{define}}` and `{{block}}` bodies.
    fn definition_body(&mut self, context: &str) -> PResult<Vec<Node>> {
        self.enter("nesting")?;
        let saved_vars = std::mem::replace(&mut self.vars, vec!["$".to_string()]);
        let saved_range = std::mem::replace(&mut self.range_depth, 0);
        let result = self.item_list();
        self.vars = saved_vars;
        self.range_depth = saved_range;
        self.depth -= 1;
        let (list, end) = result?;
        if !matches!(end, ListEnd::End) {
            return self.err(format!("unexpected {end} in {context}"));
        }
        Ok(list)
    }

    fn parse_definition(&mut self) -> PResult<()> {
        const CONTEXT: &str = "define clause";
        let tok = self.next_non_space();
        if tok.typ != T::String && tok.typ != T::RawString {
            return self.unexpected(&tok, CONTEXT);
        }
        let name = match strconv::unquote(&tok.val) {
            Ok(name) => name,
            Err(e) => return self.err(e),
        };
        self.expect(T::RightDelim, CONTEXT)?;
        let list = self.definition_body(CONTEXT)?;
        self.add(name, list)
    }

    /// `textOrAction*` up to `{{end}}` or `{{else}}`, which is returned separately.
    fn item_list(&mut self) -> PResult<(Vec<Node>, ListEnd)> {
        let mut list = Vec::new();
        while self.peek_non_space().typ != T::Eof {
            match self.text_or_action()? {
                Parsed::Node(n) => list.push(n),
                Parsed::End(end) => return Ok((list, end)),
            }
        }
        self.err("unexpected EOF")
    }

    fn text_or_action(&mut self) -> PResult<Parsed> {
        let tok = self.next_non_space();
        match tok.typ {
            T::Text => Ok(Parsed::Node(Node::Text {
                text: tok.val.into_owned(),
            })),
            T::LeftDelim => {
                self.action_line = tok.line;
                let r = self.action();
                self.action_line = 0;
                r
            }
            _ => self.unexpected(&tok, "input"),
        }
    }

    fn action(&mut self) -> PResult<Parsed> {
        let tok = self.next_non_space();
        match tok.typ {
            T::Block => return self.block_control(),
            T::Break => return self.break_control("{{break}}", Node::Break),
            T::Continue => return self.break_control("{{continue}}", Node::Continue),
            T::Else => return self.else_control(),
            T::End => {
                self.expect(T::RightDelim, "end")?;
                return Ok(Parsed::End(ListEnd::End));
            }
            T::If => return Ok(Parsed::Node(self.branch_control("if")?)),
            T::Range => return Ok(Parsed::Node(self.branch_control("range")?)),
            T::Template => return self.template_control(),
            T::With => return Ok(Parsed::Node(self.branch_control("with")?)),
            _ => {}
        }
        self.backup();
        let pos = self.peek().pos;
        // Variables are not popped here: they persist until the enclosing {{end}}.
        let pipe = self.pipeline("command", T::RightDelim)?;
        Ok(Parsed::Node(Node::Action { pos, pipe }))
    }

    fn break_control(&mut self, word: &str, node: Node) -> PResult<Parsed> {
        let tok = self.next_non_space();
        if tok.typ != T::RightDelim {
            return self.unexpected(&tok, word);
        }
        if self.range_depth == 0 {
            return self.err(format!("{word} outside {{{{range}}}}"));
        }
        Ok(Parsed::Node(node))
    }

    fn else_control(&mut self) -> PResult<Parsed> {
        let peek = self.peek_non_space();
        // "{{else if ..." and "{{else with ..." leave the keyword pending.
        if peek.typ == T::If || peek.typ == T::With {
            return Ok(Parsed::End(ListEnd::Else));
        }
        self.expect(T::RightDelim, "else")?;
        Ok(Parsed::End(ListEnd::Else))
    }

    /// `if`, `range` and `with`: pipeline, body, optional else (or else-if/else-with
    /// chains, parsed as a nested node in the else list).
    fn branch_control(&mut self, context: &str) -> PResult<Node> {
        self.enter("nesting")?;
        let vars_len = self.vars.len();
        let result = self.branch_inner(context);
        self.vars.truncate(vars_len);
        self.depth -= 1;
        let branch = result?;
        Ok(match context {
            "if" => Node::If(branch),
            "range" => Node::Range(branch),
            _ => Node::With(branch),
        })
    }

    fn branch_inner(&mut self, context: &str) -> PResult<Branch> {
        let pipe = self.pipeline(context, T::RightDelim)?;
        let is_range = context == "range";
        if is_range {
            self.range_depth += 1;
        }
        let (list, next) = self.item_list()?;
        if is_range {
            self.range_depth -= 1;
        }
        let mut else_list = None;
        if let ListEnd::Else = next {
            if context == "if" && self.peek().typ == T::If {
                self.next();
                else_list = Some(vec![self.branch_control("if")?]);
            } else if context == "with" && self.peek().typ == T::With {
                self.next();
                else_list = Some(vec![self.branch_control("with")?]);
            } else {
                let (list, next) = self.item_list()?;
                if !matches!(next, ListEnd::End) {
                    return self.err(format!("expected end; found {next}"));
                }
                else_list = Some(list);
            }
        }
        Ok(Branch {
            pipe,
            list,
            else_list,
        })
    }

    fn block_control(&mut self) -> PResult<Parsed> {
        const CONTEXT: &str = "block clause";
        let tok = self.next_non_space();
        let name = self.parse_template_name(&tok, CONTEXT)?;
        let pipe = self.pipeline(CONTEXT, T::RightDelim)?;
        let list = self.definition_body(CONTEXT)?;
        self.add(name.clone(), list)?;
        Ok(Parsed::Node(Node::Template {
            pos: tok.pos,
            name,
            pipe: Some(pipe),
        }))
    }

    fn template_control(&mut self) -> PResult<Parsed> {
        const CONTEXT: &str = "template clause";
        let tok = self.next_non_space();
        let name = self.parse_template_name(&tok, CONTEXT)?;
        let mut pipe = None;
        if self.next_non_space().typ != T::RightDelim {
            self.backup();
            pipe = Some(self.pipeline(CONTEXT, T::RightDelim)?);
        }
        Ok(Parsed::Node(Node::Template {
            pos: tok.pos,
            name,
            pipe,
        }))
    }

    fn parse_template_name(&self, tok: &Item<'a>, context: &str) -> PResult<String> {
        match tok.typ {
            T::String | T::RawString => strconv::unquote(&tok.val).or_else(|e| self.err(e)),
            _ => self.unexpected(tok, context),
        }
    }

    /// `declarations? command ('|' command)*` up to `end`.
    fn pipeline(&mut self, context: &str, end: T) -> PResult<Pipe> {
        let start = self.peek_non_space();
        let mut pipe = Pipe {
            pos: start.pos,
            is_assign: false,
            decl: Vec::new(),
            cmds: Vec::new(),
        };
        loop {
            let v = self.peek_non_space();
            if v.typ != T::Variable {
                break;
            }
            self.next();
            // "$x foo" needs three tokens of look-ahead to tell an argument from a
            // declaration; remember the token after the variable to push it back.
            let after_variable = self.peek();
            let next = self.peek_non_space();
            if next.typ == T::Assign || next.typ == T::Declare {
                pipe.is_assign = next.typ == T::Assign;
                self.next_non_space();
                pipe.decl.push(Variable::new(v.pos, &v.val));
                self.vars.push(v.val.to_string());
            } else if next.typ == T::Char && next.val == "," {
                self.next_non_space();
                pipe.decl.push(Variable::new(v.pos, &v.val));
                self.vars.push(v.val.to_string());
                if context == "range" && pipe.decl.len() < 2 {
                    match self.peek_non_space().typ {
                        T::Variable | T::RightDelim | T::RightParen => continue,
                        _ => return self.err("range can only initialize variables"),
                    }
                }
                return self.err(format!("too many declarations in {context}"));
            } else if after_variable.typ == T::Space {
                self.backup3(v, after_variable);
            } else {
                self.backup2(v);
            }
            break;
        }
        loop {
            let tok = self.next_non_space();
            if tok.typ == end {
                self.check_pipeline(&pipe, context)?;
                return Ok(pipe);
            }
            match tok.typ {
                T::Bool
                | T::CharConstant
                | T::Complex
                | T::Dot
                | T::Field
                | T::Identifier
                | T::Number
                | T::Nil
                | T::RawString
                | T::String
                | T::Variable
                | T::LeftParen => {
                    self.backup();
                    let cmd = self.command()?;
                    pipe.cmds.push(cmd);
                    if pipe.cmds.len() > MAX_PIPELINE_CMDS {
                        return self.err("pipeline too long");
                    }
                }
                _ => return self.unexpected(&tok, context),
            }
        }
    }

    fn check_pipeline(&self, pipe: &Pipe, context: &str) -> PResult<()> {
        if pipe.cmds.is_empty() {
            return self.err(format!("missing value for {context}"));
        }
        // Only the first command may start with a non-executable operand.
        for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
            if matches!(
                c.args.first(),
                Some(
                    Arg::Bool { .. }
                        | Arg::Dot { .. }
                        | Arg::Nil { .. }
                        | Arg::Number(_)
                        | Arg::String { .. }
                )
            ) {
                return self.err(format!(
                    "non executable command in pipeline stage {}",
                    i + 1
                ));
            }
        }
        Ok(())
    }

    /// `operand (space operand)*` up to a pipe, right delimiter or right paren.
    fn command(&mut self) -> PResult<Command> {
        let mut cmd = Command {
            pos: self.peek_non_space().pos,
            args: Vec::new(),
        };
        loop {
            self.peek_non_space(); // Skip leading spaces.
            if let Some(operand) = self.operand()? {
                cmd.args.push(operand);
            }
            let tok = self.next();
            match tok.typ {
                T::Space => continue,
                T::RightDelim | T::RightParen => self.backup(),
                T::Pipe => {}
                _ => return self.unexpected(&tok, "operand"),
            }
            break;
        }
        if cmd.args.is_empty() {
            return self.err("empty command");
        }
        Ok(cmd)
    }

    /// `term .Field*`.
    fn operand(&mut self) -> PResult<Option<Arg>> {
        let Some(node) = self.term()? else {
            return Ok(None);
        };
        if self.peek().typ != T::Field {
            return Ok(Some(node));
        }
        let chain_pos = self.peek().pos;
        let mut fields = Vec::new();
        while self.peek().typ == T::Field {
            let f = self.next();
            fields.push(f.val.get(1..).unwrap_or("").to_string());
        }
        Ok(Some(match node {
            Arg::Field { mut ident, .. } => {
                ident.extend(fields);
                Arg::Field {
                    pos: chain_pos,
                    ident,
                }
            }
            Arg::Variable(mut v) => {
                v.ident.extend(fields);
                Arg::Variable(Variable {
                    pos: chain_pos,
                    ident: v.ident,
                })
            }
            Arg::Bool { .. }
            | Arg::String { .. }
            | Arg::Number(_)
            | Arg::Nil { .. }
            | Arg::Dot { .. } => {
                return self.err(format!(
                    "unexpected . after term {}",
                    go_quote(&node.to_string())
                ));
            }
            other => Arg::Chain {
                pos: chain_pos,
                node: Box::new(other),
                field: fields,
            },
        }))
    }

    /// A literal, function name, `.`, `.Field`, `$var` or `(pipeline)`.
    fn term(&mut self) -> PResult<Option<Arg>> {
        let tok = self.next_non_space();
        let pos = tok.pos;
        Ok(Some(match tok.typ {
            T::Identifier => {
                if !is_builtin(&tok.val) && !self.host.has_function(&tok.val) {
                    return self.err(format!("function {} not defined", go_quote(&tok.val)));
                }
                Arg::Identifier {
                    pos,
                    name: tok.val.into_owned(),
                }
            }
            T::Dot => Arg::Dot { pos },
            T::Nil => Arg::Nil { pos },
            T::Variable => {
                if !self.vars.iter().any(|v| *v == tok.val) {
                    return self.err(format!("undefined variable {}", go_quote(&tok.val)));
                }
                Arg::Variable(Variable::new(pos, &tok.val))
            }
            T::Field => Arg::Field {
                pos,
                ident: vec![tok.val.get(1..).unwrap_or("").to_string()],
            },
            T::Bool => Arg::Bool {
                pos,
                val: tok.val == "true",
            },
            T::CharConstant | T::Complex | T::Number => match new_number(pos, &tok.val, tok.typ) {
                Ok(n) => Arg::Number(Box::new(n)),
                Err(e) => return self.err(e),
            },
            T::LeftParen => {
                self.enter("expression")?;
                let pipe = self.pipeline("parenthesized pipeline", T::RightParen);
                self.depth -= 1;
                Arg::Pipe(Box::new(pipe?))
            }
            T::String | T::RawString => match strconv::unquote(&tok.val) {
                Ok(text) => Arg::String {
                    pos,
                    quoted: tok.val.into_owned(),
                    text,
                },
                Err(e) => return self.err(e),
            },
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }
}

/// Go's `newNumber`: the literal under every type that can represent it.
fn new_number(pos: Pos, text: &str, typ: T) -> Result<Number, String> {
    let mut n = Number {
        pos,
        text: text.to_string(),
        ..Number::default()
    };
    match typ {
        T::CharConstant => {
            let r = strconv::char_constant(text)?;
            n.is_int = true;
            n.is_uint = true;
            n.is_float = true;
            n.int64 = i64::from(r);
            n.float64 = f64::from(r);
            return Ok(n);
        }
        T::Complex => {
            n.is_complex = true;
            return Ok(n);
        }
        _ => {}
    }
    // Imaginary constants are complex.
    if let Some(imag) = text.strip_suffix('i')
        && strconv::parse_float(imag).is_some()
    {
        n.is_complex = true;
        return Ok(n);
    }
    if strconv::parse_uint(text).is_some() {
        n.is_uint = true;
    }
    if let Some(i) = strconv::parse_int(text) {
        n.is_int = true;
        n.int64 = i;
        if i == 0 {
            n.is_uint = true; // In case of -0.
        }
    }
    if n.is_int {
        n.is_float = true;
        n.float64 = n.int64 as f64;
    } else if n.is_uint {
        n.is_float = true;
        n.float64 = strconv::parse_uint(text).map_or(0.0, |u| u as f64);
    } else if let Some(f) = strconv::parse_float(text) {
        // Parsed as a float but looks like an integer: too large for an int.
        if !text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Err(format!("integer overflow: {}", go_quote(text)));
        }
        n.is_float = true;
        n.float64 = f;
        if f.fract() == 0.0 && f.abs() < 9.2e18 {
            n.is_int = true;
            n.int64 = f as i64;
        }
    }
    if !n.is_int && !n.is_uint && !n.is_float {
        return Err(format!("illegal number syntax: {}", go_quote(text)));
    }
    Ok(n)
}
