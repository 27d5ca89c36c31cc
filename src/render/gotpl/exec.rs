//! The executor: Go's `text/template` `exec.go` walk over the parse tree.
//!
//! It keeps Go's notion of the "current node" (`state.at`) at the same points as Go,
//! so that an error names the same `line:column` and `<context>` Helm prints.

use minijinja::Value;
use minijinja::value::ValueKind;

use super::ast::{Arg, Branch, Command, Node, Number, Pipe, Variable};
use super::builtins::{self, Builtin};
use super::parse::Templates;
use super::value::{Gv, RKind, fmt_v, list_items, map_entries, map_get, truth};
use super::{Host, MAX_DEPTH, TEMPLATE_NAME, TplError, TplErrorKind};
use crate::gofmt::go_quote;

/// Why a walk stopped early: an error, or a `{{break}}`/`{{continue}}` travelling
/// up to its `range`.
pub(super) enum Flow {
    Fail(Box<TplError>),
    Break,
    Continue,
}

type R<T> = Result<T, Flow>;

/// The node execution is at, for error reports.
#[derive(Clone, Copy)]
enum At<'t> {
    None,
    Node(&'t Node),
    Pipe(&'t Pipe),
    Cmd(&'t Command),
    Arg(&'t Arg),
}

impl At<'_> {
    fn pos(&self) -> Option<usize> {
        match self {
            At::None => None,
            At::Node(n) => match n {
                Node::Action { pos, .. } | Node::Template { pos, .. } => Some(*pos),
                Node::If(b) | Node::Range(b) | Node::With(b) => Some(b.pipe.pos),
                Node::Text { .. } | Node::Break | Node::Continue => None,
            },
            At::Pipe(p) => Some(p.pos),
            At::Cmd(c) => Some(c.pos),
            At::Arg(a) => Some(a.pos()),
        }
    }

    fn context(&self) -> String {
        match self {
            At::None => String::new(),
            At::Node(n) => n.to_string(),
            At::Pipe(p) => p.to_string(),
            At::Cmd(c) => c.to_string(),
            At::Arg(a) => a.to_string(),
        }
    }
}

struct Exec<'t> {
    host: &'t dyn Host,
    templates: &'t Templates,
    src: &'t str,
    /// Name of the template being executed.
    tmpl: &'t str,
    node: At<'t>,
    /// The variable stack (`$` at the bottom of each template invocation).
    vars: Vec<(&'t str, Gv)>,
    /// Nesting of template calls, control bodies and parenthesized pipelines.
    depth: usize,
    out: String,
}

/// Executes the main template of `templates` (parsed from `src`) with `dot` as data.
pub(super) fn execute(
    src: &str,
    templates: &Templates,
    dot: &Value,
    host: &dyn Host,
) -> Result<String, TplError> {
    let dot = Gv::top(dot);
    let Some((name, main)) = templates.get_key_value(TEMPLATE_NAME) else {
        return Ok(String::new());
    };
    let mut ex = Exec {
        host,
        templates,
        src,
        tmpl: name,
        node: At::None,
        vars: vec![("$", dot.clone())],
        depth: 0,
        out: String::new(),
    };
    match ex.walk_list(&dot, main) {
        Ok(()) | Err(Flow::Break | Flow::Continue) => Ok(ex.out),
        Err(Flow::Fail(e)) => Err(*e),
    }
}

impl<'t> Exec<'t> {
    fn at(&mut self, node: At<'t>) {
        self.node = node;
    }

    /// An execution error at the current node.
    fn errorf(&self, message: impl Into<String>) -> Flow {
        let message = message.into();
        let (line, column) = match self.node.pos() {
            Some(pos) => {
                let before = &self.src[..pos.min(self.src.len())];
                let line = 1 + before.bytes().filter(|&b| b == b'\n').count();
                let column = before
                    .rfind('\n')
                    .map_or(before.len(), |i| before.len() - i - 1);
                (line, column)
            }
            None => (0, 0),
        };
        Flow::Fail(Box::new(TplError {
            kind: TplErrorKind::Exec,
            line,
            column,
            template: self.tmpl.to_string(),
            context: self.node.context(),
            message,
        }))
    }

    fn enter(&mut self) -> R<()> {
        if self.depth >= MAX_DEPTH {
            return Err(self.errorf(format!("exceeded maximum nesting depth ({MAX_DEPTH})")));
        }
        self.depth += 1;
        Ok(())
    }

    // ---- variables ----

    fn set_var(&mut self, name: &str, value: Gv) -> R<()> {
        match self.vars.iter_mut().rev().find(|(n, _)| *n == name) {
            Some(slot) => {
                slot.1 = value;
                Ok(())
            }
            None => Err(self.errorf(format!("undefined variable: {name}"))),
        }
    }

    fn set_top_var(&mut self, n: usize, value: Gv) {
        let len = self.vars.len();
        if let Some(slot) = len.checked_sub(n).and_then(|i| self.vars.get_mut(i)) {
            slot.1 = value;
        }
    }

    fn var_value(&self, name: &str) -> R<Gv> {
        match self.vars.iter().rev().find(|(n, _)| *n == name) {
            Some((_, v)) => Ok(v.clone()),
            None => Err(self.errorf(format!("undefined variable: {name}"))),
        }
    }

    // ---- walking ----

    fn walk_list(&mut self, dot: &Gv, list: &'t [Node]) -> R<()> {
        list.iter().try_for_each(|n| self.walk(dot, n))
    }

    /// The host's bound on work, charged once per node and per loop iteration.
    fn step(&self) -> R<()> {
        self.host.step().map_err(|e| self.errorf(e))
    }

    /// Fails once the output is longer than the host allows.
    fn check_output(&self) -> R<()> {
        let max = self.host.max_output();
        if self.out.len() > max {
            return Err(self.errorf(format!(
                "template output is larger than {max} bytes (permify-render's limit)"
            )));
        }
        Ok(())
    }

    fn walk(&mut self, dot: &Gv, node: &'t Node) -> R<()> {
        self.at(At::Node(node));
        self.step()?;
        match node {
            Node::Text { text } => {
                self.out.push_str(text);
                self.check_output()
            }
            Node::Action { pipe, .. } => {
                // Variables declared here persist until the enclosing {{end}}.
                let val = self.eval_pipeline(dot, Some(pipe))?;
                if pipe.decl.is_empty() {
                    self.print_value(node, &val)?;
                }
                Ok(())
            }
            Node::Break => Err(Flow::Break),
            Node::Continue => Err(Flow::Continue),
            Node::If(b) => self.walk_if_or_with(false, dot, b),
            Node::With(b) => self.walk_if_or_with(true, dot, b),
            Node::Range(b) => self.walk_range(dot, node, b),
            Node::Template { name, pipe, .. } => self.walk_template(dot, node, name, pipe.as_ref()),
        }
    }

    fn print_value(&mut self, node: &'t Node, val: &Gv) -> R<()> {
        self.at(At::Node(node));
        match self.host.print(&val.to_value()) {
            Ok(s) => {
                self.out.push_str(&s);
                self.check_output()
            }
            Err(e) => Err(self.errorf(e)),
        }
    }

    fn walk_if_or_with(&mut self, is_with: bool, dot: &Gv, b: &'t Branch) -> R<()> {
        self.enter()?;
        let mark = self.vars.len();
        let result = (|| {
            let val = self.eval_pipeline(dot, Some(&b.pipe))?;
            if truth(&val) {
                if is_with {
                    self.walk_list(&val, &b.list)
                } else {
                    self.walk_list(dot, &b.list)
                }
            } else if let Some(else_list) = &b.else_list {
                self.walk_list(dot, else_list)
            } else {
                Ok(())
            }
        })();
        self.vars.truncate(mark);
        self.depth -= 1;
        result
    }

    fn walk_range(&mut self, dot: &Gv, node: &'t Node, b: &'t Branch) -> R<()> {
        self.at(At::Node(node));
        self.enter()?;
        let mark = self.vars.len();
        let result = self.walk_range_inner(dot, b);
        self.vars.truncate(mark);
        self.depth -= 1;
        match result {
            Err(Flow::Break) => Ok(()),
            other => other,
        }
    }

    fn walk_range_inner(&mut self, dot: &Gv, b: &'t Branch) -> R<()> {
        let val = self.eval_pipeline(dot, Some(&b.pipe))?;
        // Mark the stack before any variables of the body are pushed.
        let mark = self.vars.len();
        match (val.rkind(), val.value()) {
            (RKind::Int, _) => {
                if b.pipe.decl.len() > 1 {
                    return Err(self.errorf(format!(
                        "can't use {} to iterate over more than one variable",
                        fmt_v(&val)
                    )));
                }
                let Some(n) = val.as_int().and_then(|n| i64::try_from(n).ok()) else {
                    return Err(self.errorf(format!("range over {} is not supported", fmt_v(&val))));
                };
                if n > 0 {
                    for i in 0..n {
                        // The element has the type of the count.
                        let elem = if matches!(val, Gv::Int(_)) {
                            Gv::Int(i)
                        } else {
                            Gv::Val(Value::from(i))
                        };
                        self.one_iteration(b, mark, Gv::Invalid, elem)?;
                    }
                    return Ok(());
                }
            }
            (RKind::Slice | RKind::Map, Some(v))
                if v.kind() != ValueKind::Bytes && v.try_iter().is_err() =>
            {
                return Err(self.errorf(format!(
                    "range can't iterate over {}: the host value cannot be enumerated",
                    fmt_v(&val)
                )));
            }
            (RKind::Slice, Some(v)) => {
                let items = list_items(v);
                if !items.is_empty() {
                    for (i, item) in items.into_iter().enumerate() {
                        self.one_iteration(b, mark, Gv::Int(i as i64), Gv::elem(item))?;
                    }
                    return Ok(());
                }
            }
            (RKind::Map, Some(v)) => {
                let entries = map_entries(v);
                if !entries.is_empty() {
                    for (k, item) in entries {
                        self.one_iteration(b, mark, Gv::Val(k), Gv::elem(item))?;
                    }
                    return Ok(());
                }
            }
            // Nil acts like an empty map.
            (RKind::Invalid, _) => {}
            _ => return Err(self.errorf(format!("range can't iterate over {}", fmt_v(&val)))),
        }
        match &b.else_list {
            Some(else_list) => self.walk_list(dot, else_list),
            None => Ok(()),
        }
    }

    fn one_iteration(&mut self, b: &'t Branch, mark: usize, index: Gv, elem: Gv) -> R<()> {
        self.step()?;
        let decl = &b.pipe.decl;
        let name = |i: usize| {
            decl.get(i)
                .and_then(|v| v.ident.first())
                .map_or("", String::as_str)
        };
        if !decl.is_empty() {
            if b.pipe.is_assign {
                // With two variables the index comes first; with one, the element.
                let v = if decl.len() > 1 {
                    index.clone()
                } else {
                    elem.clone()
                };
                self.set_var(name(0), v)?;
            } else {
                self.set_top_var(1, elem.clone());
            }
        }
        if decl.len() > 1 {
            if b.pipe.is_assign {
                self.set_var(name(1), elem.clone())?;
            } else {
                self.set_top_var(2, index);
            }
        }
        let result = self.walk_list(&elem, &b.list);
        self.vars.truncate(mark);
        match result {
            Err(Flow::Continue) => Ok(()),
            other => other,
        }
    }

    fn walk_template(
        &mut self,
        dot: &Gv,
        node: &'t Node,
        name: &'t str,
        pipe: Option<&'t Pipe>,
    ) -> R<()> {
        self.at(At::Node(node));
        if let Some((key, body)) = self.templates.get_key_value(name) {
            if self.depth >= MAX_DEPTH {
                return Err(self.errorf(format!("exceeded maximum template depth ({MAX_DEPTH})")));
            }
            // Variables declared by the pipeline persist.
            let new_dot = self.eval_pipeline(dot, pipe)?;
            return self.run_template(key, body, new_dot);
        }
        // Not defined in the tpl text: the chart's own templates, through the host.
        if !self.host.has_function("include") {
            return Err(self.errorf(format!("template {} not defined", go_quote(name))));
        }
        let new_dot = self.eval_pipeline(dot, pipe)?;
        match self
            .host
            .call("include", &[Value::from(name), new_dot.to_value()])
        {
            Ok(v) => {
                let text = match v.as_str() {
                    Some(s) => s.to_string(),
                    None => self.host.print(&v).map_err(|e| self.errorf(e))?,
                };
                self.out.push_str(&text);
                self.check_output()
            }
            Err(e) => {
                self.at(At::Node(node));
                Err(self.errorf(e))
            }
        }
    }

    /// Runs a template body with a fresh variable stack (no dynamic scoping).
    fn run_template(&mut self, name: &'t str, body: &'t [Node], dot: Gv) -> R<()> {
        let saved_vars = std::mem::replace(&mut self.vars, vec![("$", dot.clone())]);
        let saved_tmpl = std::mem::replace(&mut self.tmpl, name);
        let saved_node = self.node;
        self.depth += 1;
        let result = self.walk_list(&dot, body);
        self.depth -= 1;
        self.vars = saved_vars;
        self.tmpl = saved_tmpl;
        self.node = saved_node;
        result
    }

    /// `include` of a template defined in the tpl text (Helm's `include` sees them):
    /// its output, or Go's full error text.
    fn local_include(
        &mut self,
        name: &'t str,
        body: &'t [Node],
        dot: Gv,
    ) -> Result<String, String> {
        if self.depth >= MAX_DEPTH {
            return Err(format!(
                "rendering template has a nested reference name: {name}: unable to execute template"
            ));
        }
        let saved_out = std::mem::take(&mut self.out);
        let result = self.run_template(name, body, dot);
        let produced = std::mem::replace(&mut self.out, saved_out);
        match result {
            Ok(()) | Err(Flow::Break | Flow::Continue) => Ok(produced),
            Err(Flow::Fail(e)) => Err(e.go_message()),
        }
    }

    // ---- evaluation ----

    /// Evaluates a pipeline, pushing (or assigning) its variables.
    fn eval_pipeline(&mut self, dot: &Gv, pipe: Option<&'t Pipe>) -> R<Gv> {
        let Some(pipe) = pipe else {
            return Ok(Gv::Invalid);
        };
        self.at(At::Pipe(pipe));
        let mut value: Option<Gv> = None;
        for cmd in &pipe.cmds {
            // The previous command's value is this one's final argument.
            let v = self.eval_command(dot, cmd, value.take())?;
            value = Some(v.unwrap_iface());
        }
        let value = value.unwrap_or(Gv::Invalid);
        for var in &pipe.decl {
            let name = var.ident.first().map_or("", String::as_str);
            if pipe.is_assign {
                self.set_var(name, value.clone())?;
            } else {
                self.vars.push((name, value.clone()));
            }
        }
        Ok(value)
    }

    fn eval_nested_pipeline(&mut self, dot: &Gv, pipe: &'t Pipe) -> R<Gv> {
        self.enter()?;
        let result = self.eval_pipeline(dot, Some(pipe));
        self.depth -= 1;
        result
    }

    fn not_a_function(&self, args: &'t [Arg], has_final: bool) -> R<()> {
        if args.len() > 1 || has_final {
            let first = args.first().map(ToString::to_string).unwrap_or_default();
            return Err(self.errorf(format!("can't give argument to non-function {first}")));
        }
        Ok(())
    }

    fn eval_command(&mut self, dot: &Gv, cmd: &'t Command, fin: Option<Gv>) -> R<Gv> {
        let Some(first) = cmd.args.first() else {
            return Err(self.errorf("empty command"));
        };
        match first {
            Arg::Field { ident, .. } => {
                return self.eval_field_node(dot, first, ident, &cmd.args, fin);
            }
            Arg::Chain { node, field, .. } => {
                return self.eval_chain_node(dot, first, node, field, &cmd.args, fin);
            }
            Arg::Identifier { name, .. } => {
                return self.eval_function(dot, first, name, At::Cmd(cmd), &cmd.args, fin);
            }
            Arg::Pipe(p) => {
                // Parenthesized pipeline: its arguments are all inside.
                self.not_a_function(&cmd.args, fin.is_some())?;
                return self.eval_nested_pipeline(dot, p);
            }
            Arg::Variable(v) => return self.eval_variable_node(first, v, &cmd.args, fin),
            _ => {}
        }
        self.at(At::Arg(first));
        self.not_a_function(&cmd.args, fin.is_some())?;
        match first {
            Arg::Bool { val, .. } => Ok(Gv::Val(Value::from(*val))),
            Arg::Dot { .. } => Ok(dot.clone()),
            Arg::Nil { .. } => Err(self.errorf("nil is not a command")),
            Arg::Number(n) => self.ideal_constant(first, n),
            Arg::String { text, .. } => Ok(Gv::Val(Value::from(text.as_str()))),
            _ => Err(self.errorf(format!(
                "can't evaluate command {}",
                go_quote(&first.to_string())
            ))),
        }
    }

    /// A number literal where no type is expected: `float64` when it is spelled like a
    /// float, otherwise `int`.
    fn ideal_constant(&mut self, node: &'t Arg, n: &Number) -> R<Gv> {
        self.at(At::Arg(node));
        let text = n.text.as_str();
        let is_hex_int = text.len() > 2
            && (text.starts_with("0x") || text.starts_with("0X"))
            && !text.contains(['p', 'P']);
        let is_rune = text.starts_with('\'');
        if n.is_complex {
            return Err(self.errorf(format!("complex constant {text} is not supported")));
        }
        if n.is_float && !is_hex_int && !is_rune && text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Ok(Gv::Val(Value::from(n.float64)));
        }
        if n.is_int {
            return Ok(Gv::Int(n.int64));
        }
        if n.is_uint {
            return Err(self.errorf(format!("{text} overflows int")));
        }
        Ok(Gv::Invalid)
    }

    fn eval_field_node(
        &mut self,
        dot: &Gv,
        node: &'t Arg,
        ident: &'t [String],
        args: &'t [Arg],
        fin: Option<Gv>,
    ) -> R<Gv> {
        self.at(At::Arg(node));
        self.eval_field_chain(dot.clone(), ident, args, fin)
    }

    fn eval_chain_node(
        &mut self,
        dot: &Gv,
        node: &'t Arg,
        inner: &'t Arg,
        field: &'t [String],
        args: &'t [Arg],
        fin: Option<Gv>,
    ) -> R<Gv> {
        self.at(At::Arg(node));
        if let Arg::Nil { .. } = inner {
            return Err(self.errorf(format!("indirection through explicit nil in {node}")));
        }
        let receiver = self.eval_arg(dot, inner)?;
        self.eval_field_chain(receiver, field, args, fin)
    }

    fn eval_variable_node(
        &mut self,
        node: &'t Arg,
        var: &'t Variable,
        args: &'t [Arg],
        fin: Option<Gv>,
    ) -> R<Gv> {
        self.at(At::Arg(node));
        let Some((name, fields)) = var.ident.split_first() else {
            return Ok(Gv::Invalid);
        };
        let value = self.var_value(name)?;
        if fields.is_empty() {
            self.not_a_function(args, fin.is_some())?;
            return Ok(value);
        }
        self.eval_field_chain(value, fields, args, fin)
    }

    /// `.X.Y.Z` from `receiver`; only the last field gets the arguments.
    fn eval_field_chain(
        &mut self,
        receiver: Gv,
        ident: &'t [String],
        args: &'t [Arg],
        fin: Option<Gv>,
    ) -> R<Gv> {
        let Some((last, init)) = ident.split_last() else {
            return Ok(receiver);
        };
        let mut receiver = receiver;
        for name in init {
            receiver = self.eval_field(name, &[], None, receiver)?;
        }
        self.eval_field(last, args, fin, receiver)
    }

    /// `.name` on `receiver`: a map entry (nil when missing, Helm's
    /// `missingkey=zero`), nothing on an untyped nil, an error otherwise.
    fn eval_field(&mut self, name: &str, args: &'t [Arg], fin: Option<Gv>, receiver: Gv) -> R<Gv> {
        match &receiver {
            Gv::Invalid => Ok(Gv::Invalid),
            Gv::Nil => Err(self.errorf(format!("nil pointer evaluating interface {{}}.{name}"))),
            Gv::Val(v) | Gv::Iface(v) if v.kind() == ValueKind::Map => {
                if args.len() > 1 || fin.is_some() {
                    return Err(self.errorf(format!("{name} is not a method but has arguments")));
                }
                Ok(map_get(v, name))
            }
            // A plain object stands for a Go struct: its attributes are fields, and
            // there is no missing-key leniency.
            Gv::Val(v) | Gv::Iface(v) if v.kind() == ValueKind::Plain => match v.get_attr(name) {
                Ok(field) if !field.is_undefined() => {
                    if args.len() > 1 || fin.is_some() {
                        return Err(self.errorf(format!(
                            "{name} has arguments but cannot be invoked as function"
                        )));
                    }
                    Ok(Gv::from_host(field))
                }
                _ => Err(self.errorf(format!(
                    "can't evaluate field {name} in type {}",
                    receiver.go_type()
                ))),
            },
            _ => Err(self.errorf(format!(
                "can't evaluate field {name} in type {}",
                receiver.go_type()
            ))),
        }
    }

    /// An argument of a function call (Go's `evalArg`).
    fn eval_arg(&mut self, dot: &Gv, n: &'t Arg) -> R<Gv> {
        self.at(At::Arg(n));
        match n {
            Arg::Dot { .. } => Ok(dot.clone()),
            Arg::Nil { .. } => Ok(Gv::Invalid),
            Arg::Field { ident, .. } => {
                self.eval_field_node(dot, n, ident, std::slice::from_ref(n), None)
            }
            Arg::Variable(v) => self.eval_variable_node(n, v, &[], None),
            Arg::Pipe(p) => self.eval_nested_pipeline(dot, p),
            Arg::Identifier { name, .. } => self.eval_function(dot, n, name, At::Arg(n), &[], None),
            Arg::Chain { node, field, .. } => self.eval_chain_node(dot, n, node, field, &[], None),
            Arg::Bool { val, .. } => Ok(Gv::Val(Value::from(*val))),
            Arg::Number(num) => self.ideal_constant(n, num),
            Arg::String { text, .. } => Ok(Gv::Val(Value::from(text.as_str()))),
        }
    }

    /// A function call; `args_full` is the whole command (the name first), empty when
    /// the function is itself an argument.
    fn eval_function(
        &mut self,
        dot: &Gv,
        node: &'t Arg,
        name: &'t str,
        cmd: At<'t>,
        args_full: &'t [Arg],
        fin: Option<Gv>,
    ) -> R<Gv> {
        self.at(At::Arg(node));
        let args = args_full.get(1..).unwrap_or(&[]);
        match Builtin::lookup(name) {
            // Helm's (Sprig's) `slice` shadows Go's builtin.
            Some(Builtin::Slice) if self.host.has_function("slice") => {}
            Some(b) => return self.eval_builtin(dot, b, name, cmd, args, fin),
            None => {}
        }
        let argv = self.eval_args(dot, args, fin)?;
        self.call_host(name, cmd, argv)
    }

    fn eval_args(&mut self, dot: &Gv, args: &'t [Arg], fin: Option<Gv>) -> R<Vec<Gv>> {
        let mut argv = Vec::with_capacity(args.len() + 1);
        for a in args {
            argv.push(self.eval_arg(dot, a)?);
        }
        argv.extend(fin);
        Ok(argv)
    }

    fn call_host(&mut self, name: &str, cmd: At<'t>, argv: Vec<Gv>) -> R<Gv> {
        // Helm's `include` sees the definitions of the tpl text.
        if let [name_arg, dot_arg] = argv.as_slice()
            && name == "include"
            && let Some((key, body)) = name_arg
                .as_str()
                .and_then(|n| self.templates.get_key_value(n))
        {
            let dot = dot_arg.clone().unwrap_iface();
            return match self.local_include(key, body, dot) {
                Ok(s) => Ok(Gv::Val(Value::from(s))),
                Err(e) => {
                    self.at(cmd);
                    Err(self.errorf(format!("error calling include: {e}")))
                }
            };
        }
        let values: Vec<Value> = argv.iter().map(Gv::to_value).collect();
        match self.host.call(name, &values) {
            Ok(v) => Ok(Gv::from_host(v)),
            Err(e) => {
                self.at(cmd);
                Err(self.errorf(format!("error calling {name}: {e}")))
            }
        }
    }

    fn eval_builtin(
        &mut self,
        dot: &Gv,
        b: Builtin,
        name: &str,
        cmd: At<'t>,
        args: &'t [Arg],
        fin: Option<Gv>,
    ) -> R<Gv> {
        let (fixed, variadic) = b.arity();
        let num_in = args.len() + usize::from(fin.is_some());
        if variadic {
            if num_in < fixed {
                return Err(self.errorf(format!(
                    "wrong number of args for {name}: want at least {fixed} got {}",
                    args.len()
                )));
            }
        } else if num_in != fixed {
            return Err(self.errorf(format!(
                "wrong number of args for {name}: want {fixed} got {num_in}"
            )));
        }
        if matches!(b, Builtin::And | Builtin::Or) {
            // Short-circuit: the first false (and) or true (or) operand, else the last.
            let want = b == Builtin::Or;
            let mut v = Gv::Invalid;
            for a in args {
                v = self.eval_arg(dot, a)?;
                if truth(&v) == want {
                    return Ok(v);
                }
            }
            if let Some(f) = fin {
                v = f;
            }
            return Ok(v);
        }
        let argv = self.eval_args(dot, args, fin)?;
        let host = self.host;
        let mut sprint = |vals: &[Value]| {
            let v = host.call("print", vals)?;
            match v.as_str() {
                Some(s) => Ok(s.to_string()),
                None => host.print(&v),
            }
        };
        let result = match b {
            Builtin::Not => builtins::not(&argv),
            Builtin::Len => builtins::len(&argv),
            Builtin::Index => builtins::index(&argv),
            Builtin::Slice => builtins::slice(&argv),
            Builtin::Call => {
                let callee = args.first().map_or_else(
                    || argv.first().map(fmt_v).unwrap_or_default(),
                    ToString::to_string,
                );
                builtins::call(&callee, &argv)
            }
            Builtin::Html | Builtin::Js | Builtin::Urlquery => {
                let escape = match b {
                    Builtin::Html => builtins::html_escape,
                    Builtin::Js => builtins::js_escape,
                    _ => builtins::url_query_escape,
                };
                builtins::eval_args(&argv, &mut sprint).map(|s| Gv::Val(Value::from(escape(&s))))
            }
            Builtin::Print | Builtin::Printf | Builtin::Println => {
                let values: Vec<Value> = argv.iter().map(Gv::to_value).collect();
                host.call(name, &values).map(Gv::from_host)
            }
            Builtin::Eq | Builtin::Ne | Builtin::Lt | Builtin::Le | Builtin::Gt | Builtin::Ge => {
                builtins::compare(b, &argv)
            }
            Builtin::And | Builtin::Or => Ok(Gv::Invalid),
        };
        match result {
            Ok(v) => Ok(v),
            Err(e) => {
                self.at(cmd);
                Err(self.errorf(format!("error calling {name}: {e}")))
            }
        }
    }
}
