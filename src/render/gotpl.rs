//! A Go `text/template` interpreter for Helm's `tpl` function.
//!
//! Helm's `tpl` (reached in the Permify chart through Bitnami's
//! `common.tplvalues.render`) executes a values string such as
//! `port: '{{ .Values.app.server.http.port }}'` as a Go template against the chart
//! context. The rest of the chart is rendered by minijinja, so [`render`] evaluates the
//! Go template language over the same [`minijinja::Value`]s, with Go's semantics and
//! Helm's options, and fails with Go's wording on anything it cannot do.
//!
//! # Example
//! ```
//! use minijinja::Value;
//! use permify_render::render::gotpl::{Host, render};
//!
//! struct Printer;
//! impl Host for Printer {
//!     fn call(&self, name: &str, _args: &[Value]) -> Result<Value, String> {
//!         Err(format!("no function {name}"))
//!     }
//!     fn has_function(&self, _name: &str) -> bool {
//!         false
//!     }
//!     fn print(&self, v: &Value) -> Result<String, String> {
//!         Ok(if v.is_none() { "<no value>".into() } else { v.to_string() })
//!     }
//! }
//!
//! let ctx = Value::from(std::collections::BTreeMap::from([(
//!     "Values",
//!     Value::from(std::collections::BTreeMap::from([("port", Value::from(3476))])),
//! )]));
//! assert_eq!(render("port: '{{ .Values.port }}'", &ctx, &Printer).unwrap(), "port: '3476'");
//! let err = render("{{ .Values.nothere.port }}", &ctx, &Printer).unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     r#"gotpl:1:10: executing "gotpl" at <.Values.nothere.port>: nil pointer evaluating interface {}.port"#
//! );
//! ```
//!
//! # Language
//! Everything of Go's `text/template` (Go 1.25, as in Helm 4.1): text and `{{ }}`
//! actions with `{{- `/` -}}` trimming (spaces, tabs, newlines), `{{/* comments */}}`,
//! pipelines (`a | b c`: the piped value is the last argument), field chains (`.`,
//! `.a.b`, `$`, `$.a`, `$x.a`, `(pipeline).a`), literals (strings with Go escapes,
//! raw strings, ints with `0x`/`0o`/`0b`/octal prefixes and `_`, floats including hex
//! floats, `'c'` characters, `true`, `false`, `nil`), `if`/`else if`/`else`,
//! `with`/`else with`/`else`, `range` (lists; maps in sorted key order; integers;
//! `$i, $v :=` and `=` forms; `else`; `break`/`continue`), variables `$x := ...` and
//! `$x = ...` with Go's scoping, and `define`/`template`/`block`.
//!
//! # Values (Go's, with Helm's `missingkey=zero`)
//! - A map is any value of kind [`ValueKind::Map`](minijinja::value::ValueKind::Map);
//!   `.key` gives the entry, or nil when it is missing (undefined and none are nil).
//!   A [`ValueKind::Plain`](minijinja::value::ValueKind::Plain) object stands for a Go
//!   struct: `.Field` is its attribute, and a missing one is an error.
//! - `.key` on nil read out of a map or list fails with
//!   `nil pointer evaluating interface {}.key`; on a nil produced by a pipeline (a
//!   variable, a parenthesized expression) it gives nil, as Go does. `.key` on a
//!   string, number, bool or list fails with `can't evaluate field key in type T` (T is
//!   `interface {}` for a value read out of a map or list, as Go prints it).
//! - Integer literals are Go `int`s, float literals `float64`; data integers are
//!   `int64`, data floats `float64`. Comparing an int with a float is an error
//!   (`incompatible types for comparison`), as in Go.
//! - Truth: nil, false, 0, "" and empty lists and maps are false.
//!
//! # Functions
//! Go's builtins `and`, `or` (short-circuit, returning an operand), `not`, `len`,
//! `index`, `slice`, `eq` (any number of operands), `ne`, `lt`, `le`, `gt`, `ge`,
//! `html`, `js`, `urlquery` and `call` are implemented here; `print`, `printf`,
//! `println` go to [`Host::call`]. Every other name goes to [`Host::call`], and a name
//! the host does not know is a parse error (`function "x" not defined`). Two Helm
//! specifics: Sprig's `slice` replaces Go's when the host has one, and `include` of a
//! template defined in the tpl text runs that definition (Helm's `include` sees the
//! tpl's definitions); `{{template "x"}}` of a name the text does not define is sent
//! to the host's `include` (the chart's own templates).
//!
//! # Limits
//! Template calls (`template`, and `include` of a definition in the text), nested
//! control structures and parenthesized expressions share one depth limit,
//! [`MAX_DEPTH`] = 100 levels. Go allows 100000 template calls and 10000 nested
//! parentheses on its growable stacks, and Helm 1000 nested `include`s; a recursive
//! interpreter on a fixed Rust stack needs a smaller bound (debug builds use about
//! 10 KiB per level, and test threads have 2 MiB). The errors keep Go's wording with
//! this limit: `exceeded maximum template depth (100)`, `max expression depth
//! exceeded (limit 100)`, and for `include` Helm's `rendering template has a nested
//! reference name: NAME: unable to execute template`.
//!
//! Go bounds neither the work nor the output of a template (`{{range 1000000000}}`
//! runs a billion times). The host may: [`Host::step`] is called for every node
//! executed and every loop iteration, and an error from it stops the execution;
//! output beyond [`Host::max_output`] bytes stops it too
//! (`template output is larger than ...`).
//! Complex number literals, strings that are not UTF-8, and methods of Go objects
//! (e.g. `.Capabilities.APIVersions.Has`) are not supported and fail with an error.

mod ast;
mod builtins;
mod exec;
mod lex;
mod parse;
pub(crate) mod strconv;
mod value;

use std::fmt;

use crate::gofmt::go_quote;

/// The name Helm gives the tpl template (its engine's root template), printed in
/// errors: `gotpl:3:19: executing "gotpl" at <...>`.
pub const TEMPLATE_NAME: &str = "gotpl";

/// Maximum nesting of template calls, control structures and parentheses.
pub const MAX_DEPTH: usize = 100;

/// What the interpreter needs from the surrounding renderer: the function library
/// (Sprig and Helm functions) and Go's value printing.
pub trait Host {
    /// Calls a template function (Sprig/Helm name, e.g. "quote", "default", "printf",
    /// "include", "toYaml") with its evaluated arguments (Go nil as `none`); the error
    /// text is reported as `error calling NAME: TEXT`.
    fn call(&self, name: &str, args: &[minijinja::Value]) -> Result<minijinja::Value, String>;

    /// Whether a function of that name exists (Go checks this at parse time:
    /// `function "x" not defined`).
    fn has_function(&self, name: &str) -> bool;

    /// How `{{ v }}` prints a value (Go's `fmt.Sprint`; the host returns `<no value>`
    /// for nil, which Helm removes from the output afterwards).
    fn print(&self, v: &minijinja::Value) -> Result<String, String>;

    /// Called before each node is executed and each loop iteration starts; an error
    /// (the host's bound on work, which Go does not have) stops the execution and is
    /// reported at that node. The default allows any amount of work.
    fn step(&self) -> Result<(), String> {
        Ok(())
    }

    /// The most bytes of output the execution may produce (Go: no limit); beyond it
    /// the execution fails. The default is no limit.
    fn max_output(&self) -> usize {
        usize::MAX
    }
}

/// Whether the template text could not be parsed or failed while executing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TplErrorKind {
    /// A syntax error; Helm reports it as `cannot parse template "...": template: ...`.
    Parse,
    /// An execution error; Helm reports it as
    /// `error during tpl function execution for "...": template: ...`.
    Exec,
}

/// A parse or execution error, located in the tpl text.
///
/// [`Display`](fmt::Display) gives Go's text without its `template: ` prefix:
/// execution errors as `gotpl:3:19: executing "gotpl" at <.Values.nothere.port>: nil
/// pointer evaluating interface {}.port`, parse errors as `gotpl:1: function "x" not
/// defined` (Go prints no column for those).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TplError {
    /// Parse or execution error.
    pub kind: TplErrorKind,
    /// 1-based line in the tpl text.
    pub line: usize,
    /// Byte offset within that line, counted from 0 as Go prints it.
    pub column: usize,
    /// The template being executed (`gotpl`, or the name of a `define` in the text).
    pub template: String,
    /// The failing action's text as Go prints it (`.Values.nothere.port`); empty for
    /// parse errors.
    pub context: String,
    /// What went wrong, in Go's wording.
    pub message: String,
}

impl TplError {
    /// The full Go error text, `template: ` included.
    pub fn go_message(&self) -> String {
        format!("template: {self}")
    }
}

impl fmt::Display for TplError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            TplErrorKind::Parse => write!(f, "{TEMPLATE_NAME}:{}: {}", self.line, self.message),
            TplErrorKind::Exec if self.line == 0 => {
                write!(f, "{}: {}", self.template, self.message)
            }
            TplErrorKind::Exec => write!(
                f,
                "{TEMPLATE_NAME}:{}:{}: executing {} at <{}>: {}",
                self.line,
                self.column,
                go_quote(&self.template),
                self.context,
                self.message
            ),
        }
    }
}

impl std::error::Error for TplError {}

/// Whether `name` is one of Go's builtin template functions.
fn is_builtin(name: &str) -> bool {
    builtins::Builtin::lookup(name).is_some()
}

/// Executes `src` as a Go text/template with `dot` as its data (`.` and `$`), calling
/// `host` for functions and printing. Returns the output text (nil values print as
/// the host prints them, `<no value>` in Helm), or the first parse or execution error.
///
/// Parsing and execution are linear in the text (plus whatever the template itself
/// loops over).
pub fn render(src: &str, dot: &minijinja::Value, host: &dyn Host) -> Result<String, TplError> {
    let templates = parse::parse(src, host)?;
    exec::execute(src, &templates, dot, host)
}

#[cfg(test)]
mod tests {
    //! Expected outputs and error texts come from real Helm 4.1.4 (`tpl` in a probe
    //! chart, values read from YAML so numbers are float64), except where a case says
    //! otherwise. Helm deletes `<no value>` from tpl output afterwards; the interpreter
    //! leaves it, so those cases expect it.

    use super::*;
    use crate::gofmt::format_float_v;
    use minijinja::Value;
    use minijinja::value::ValueKind;

    /// A small function library: enough to exercise calls, pipes and errors.
    struct StubHost {
        include: bool,
    }

    const FUNCTIONS: &[&str] = &[
        "quote", "default", "upper", "printf", "print", "println", "include", "fail", "list",
        "dict",
    ];

    /// Go's `%v` of a value (`<nil>` for nil inside containers).
    fn go_v(v: &Value) -> String {
        match v.kind() {
            ValueKind::Undefined | ValueKind::None => "<nil>".into(),
            ValueKind::Bool => v.is_true().to_string(),
            ValueKind::Number if !v.is_integer() => {
                format_float_v(f64::try_from(v.clone()).unwrap())
            }
            ValueKind::Seq => {
                let items: Vec<String> = v.try_iter().unwrap().map(|x| go_v(&x)).collect();
                format!("[{}]", items.join(" "))
            }
            ValueKind::Map => {
                let mut keys: Vec<Value> = v.try_iter().unwrap().collect();
                keys.sort();
                let items: Vec<String> = keys
                    .iter()
                    .map(|k| format!("{}:{}", go_v(k), go_v(&v.get_item(k).unwrap())))
                    .collect();
                format!("map[{}]", items.join(" "))
            }
            _ => v.to_string(),
        }
    }

    /// Go's `fmt.Sprint`: spaces between operands when neither is a string.
    fn sprint(args: &[Value]) -> String {
        let mut out = String::new();
        for (i, a) in args.iter().enumerate() {
            let is_str = |v: &Value| v.kind() == ValueKind::String;
            if i > 0 && !is_str(a) && !is_str(&args[i - 1]) {
                out.push(' ');
            }
            out.push_str(&go_v(a));
        }
        out
    }

    /// A trivial `printf`: `%s`, `%d` and `%v` print the next argument.
    fn printf(args: &[Value]) -> String {
        let format = args[0].as_str().unwrap_or_default().to_string();
        let mut rest = args[1..].iter();
        let mut out = String::new();
        let mut chars = format.chars();
        while let Some(c) = chars.next() {
            match (c, chars.clone().next()) {
                ('%', Some('%')) => {
                    chars.next();
                    out.push('%');
                }
                ('%', Some(_)) => {
                    chars.next();
                    out.push_str(&rest.next().map_or("%!v(MISSING)".into(), go_v));
                }
                _ => out.push(c),
            }
        }
        out
    }

    impl Host for StubHost {
        fn call(&self, name: &str, args: &[Value]) -> Result<Value, String> {
            Ok(match name {
                "quote" => Value::from(
                    args.iter()
                        .filter(|a| !a.is_none())
                        .map(|a| go_quote(&go_v(a)))
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                // Sprig's `default d given...`: d when given is missing or empty.
                "default" => match args {
                    [d, given, ..] if given.is_true() => given.clone(),
                    [d, ..] => d.clone(),
                    [] => {
                        return Err(
                            "wrong number of args for default: want at least 1 got 0".into()
                        );
                    }
                },
                "upper" => Value::from(go_v(&args[0]).to_uppercase()),
                "printf" => Value::from(printf(args)),
                "print" => Value::from(sprint(args)),
                "println" => {
                    let parts: Vec<String> = args.iter().map(go_v).collect();
                    Value::from(format!("{}\n", parts.join(" ")))
                }
                "include" if self.include => Value::from(format!("INCLUDED:{}", go_v(&args[0]))),
                "fail" => return Err(go_v(&args[0])),
                "list" => Value::from(args.to_vec()),
                "dict" => Value::from(
                    args.chunks(2)
                        .map(|kv| (go_v(&kv[0]), kv[1].clone()))
                        .collect::<std::collections::BTreeMap<_, _>>(),
                ),
                _ => return Err(format!("no function {name}")),
            })
        }

        fn has_function(&self, name: &str) -> bool {
            FUNCTIONS.contains(&name) && (self.include || name != "include")
        }

        fn print(&self, v: &Value) -> Result<String, String> {
            if v.is_none() || v.is_undefined() {
                return Ok("<no value>".into());
            }
            Ok(go_v(v))
        }
    }

    /// A JSON document as minijinja values (integers stay i64, floats f64).
    fn from_json(j: &serde_json::Value) -> Value {
        use serde_json::Value as J;
        match j {
            J::Null => Value::from(()),
            J::Bool(b) => Value::from(*b),
            J::Number(n) => n
                .as_i64()
                .map_or_else(|| Value::from(n.as_f64().unwrap()), Value::from),
            J::String(s) => Value::from(s.as_str()),
            J::Array(a) => Value::from(a.iter().map(from_json).collect::<Vec<_>>()),
            J::Object(o) => Value::from(
                o.iter()
                    .map(|(k, v)| (k.clone(), from_json(v)))
                    .collect::<std::collections::BTreeMap<_, _>>(),
            ),
        }
    }

    /// The chart context the probes ran with (values as Helm reads YAML: floats).
    fn context() -> Value {
        from_json(&serde_json::json!({
            "Values": {
                "m": {"a": 1.0, "b": "two", "c": [1.0]},
                "l": [1.0, 2.0, 3.0],
                "s": "str",
                "x": null,
                "f": 1.5,
                "i": 7.0,
                "b": true,
                "app": {"server": {"http": {"port": 3476.0}, "grpc": {"port": 3478.0}}}
            },
            "Release": {"Name": "permify", "Namespace": "default"}
        }))
    }

    fn run_with(src: &str, include: bool) -> Result<String, String> {
        render(src, &context(), &StubHost { include }).map_err(|e| e.to_string())
    }

    fn run(src: &str) -> Result<String, String> {
        run_with(src, true)
    }

    fn check_ok(cases: &[(&str, &str)]) {
        for (src, want) in cases {
            assert_eq!(run(src), Ok(want.to_string()), "template {src:?}");
        }
    }

    fn check_err(cases: &[(&str, &str)]) {
        for (src, want) in cases {
            assert_eq!(run(src), Err(want.to_string()), "template {src:?}");
        }
    }

    #[test]
    fn chart_probe_values() {
        check_ok(&[
            (
                "httpGet:\n  path: /healthz\n  port: '{{ .Values.app.server.http.port }}'",
                "httpGet:\n  path: /healthz\n  port: '3476'",
            ),
            (
                "grpc:\n  port: '{{ .Values.app.server.grpc.port }}'\n  service: '{{ .Release.Name }}-{{ .Release.Namespace }}'",
                "grpc:\n  port: '3478'\n  service: 'permify-default'",
            ),
            ("no actions at all\n", "no actions at all\n"),
            ("", ""),
        ]);
        // The conformance case probes-custom-tpl-missing.
        let err = render(
            "httpGet:\n  path: /healthz\n  port: '{{ .Values.nothere.port }}'",
            &context(),
            &StubHost { include: true },
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "gotpl:3:19: executing \"gotpl\" at <.Values.nothere.port>: nil pointer evaluating interface {}.port"
        );
        assert_eq!(
            (err.kind, err.line, err.column),
            (TplErrorKind::Exec, 3, 19)
        );
        assert_eq!(err.context, ".Values.nothere.port");
        assert!(err.go_message().starts_with("template: gotpl:3:19: "));
    }

    #[test]
    fn whitespace_trimming() {
        check_ok(&[
            ("a  {{- 1 -}}  b", "a1b"),
            ("a \n\t{{- 1 }} b", "a1 b"),
            ("a {{ 1 -}} \r\n b", "a 1b"),
            ("a {{- \"b\" -}} c", "abc"),
            // No space after the dash: a negative number, nothing trimmed.
            ("a {{-3}} c", "a -3 c"),
            ("{{ 1 -}}\n   x", "1x"),
            ("x\n\n  {{- 2 }}", "x2"),
            ("{{/* c */}}a{{- /* c */ -}}  b", "ab"),
            ("{{- /* hello */ -}}", ""),
            ("{{ \"a\" }}{{/* x */ -}}  b", "ab"),
            ("{{ 1 }}\n{{ 2 }}\n", "1\n2\n"),
            ("{{ if true -}}\n  yes\n{{- end }}", "yes"),
        ]);
    }

    #[test]
    fn literals() {
        check_ok(&[
            (
                "{{ 0x1F }} {{ 1e3 }} {{ 1_000 }} {{ 0b101 }} {{ 0o17 }} {{ 017 }} {{ 'a' }} {{ 1.5 }} {{ -0 }} \
                 {{ 0x1p4 }} {{ 1. }} {{ .5 }} {{ +3 }} {{ 0x_1F }} {{ 1e+3 }} {{ 1E3 }}",
                "31 1000 1000 5 15 15 97 1.5 0 16 1 0.5 3 31 1000 1000",
            ),
            (
                "{{ 1.0 }} {{ 1e21 }} {{ 100000000.0 }} {{ -0.0 }}",
                "1 1e+21 1e+08 -0",
            ),
            ("{{ '\\n' }} {{ '\\x41' }} {{ 'é' }}", "10 65 233"),
            ("{{ \"\\u00e9\\x41\\101\\t|\" }}", "éA\u{41}\t|"),
            ("{{ `a\\nb` }}", "a\\nb"),
            ("{{ true }} {{ false }}", "true false"),
            ("{{ \"a\" | printf \"%s-%s\" \"b\" }}", "b-a"),
        ]);
        check_err(&[
            ("{{ \"\\z\" }}", "gotpl:1: invalid syntax"),
            ("{{ 'ab' }}", "gotpl:1: malformed character constant: 'ab'"),
            ("{{ 08 }}", "gotpl:1: integer overflow: \"08\""),
            (
                "{{ 99999999999999999999 }}",
                "gotpl:1: integer overflow: \"99999999999999999999\"",
            ),
            (
                "{{ 18446744073709551615 }}",
                "gotpl:1:3: executing \"gotpl\" at <18446744073709551615>: 18446744073709551615 overflows int",
            ),
            ("{{ 1.x }}", "gotpl:1: bad number syntax: \"1.x\""),
            ("{{ 1_ }}", "gotpl:1: illegal number syntax: \"1_\""),
            ("{{ 0x }}", "gotpl:1: illegal number syntax: \"0x\""),
            ("{{ 1e }}", "gotpl:1: illegal number syntax: \"1e\""),
            ("{{ 1__0 }}", "gotpl:1: illegal number syntax: \"1__0\""),
            ("{{-/* x */}}", "gotpl:1: illegal number syntax: \"-\""),
            (
                "{{ \"x\".y }}",
                "gotpl:1: unexpected . after term \"\\\"x\\\"\"",
            ),
            // Not Helm's behaviour (Go prints "(0+1i)"): unsupported here.
            (
                "{{ 1i }}",
                "gotpl:1:3: executing \"gotpl\" at <1i>: complex constant 1i is not supported",
            ),
        ]);
    }

    #[test]
    fn fields_and_nil() {
        check_ok(&[
            (
                "{{ .Values.f }} {{ .Values.i }} {{ .Values.b }} {{ .Values.s }}",
                "1.5 7 true str",
            ),
            ("{{ (.Values.m).a }} {{ $.Values.m.a }}", "1 1"),
            ("{{ .Values.nope }}", "<no value>"),
            // A nil produced by a pipeline is not an error to look into.
            ("{{ $x := .Values.nothere }}{{ $x.port }}", "<no value>"),
            ("{{ (index .Values.m \"zz\").x }}", "<no value>"),
            ("{{ .Values.m }}", "map[a:1 b:two c:[1]]"),
        ]);
        check_err(&[
            (
                "\n\n  {{ .Values.nothere.x }}",
                "gotpl:3:12: executing \"gotpl\" at <.Values.nothere.x>: nil pointer evaluating interface {}.x",
            ),
            (
                "{{ .Values.x.y.z }}",
                "gotpl:1:10: executing \"gotpl\" at <.Values.x.y.z>: nil pointer evaluating interface {}.y",
            ),
            (
                "{{ .Values.s.x }}",
                "gotpl:1:10: executing \"gotpl\" at <.Values.s.x>: can't evaluate field x in type interface {}",
            ),
            (
                "{{ $s := .Values.s }}{{ $s.x }}",
                "gotpl:1:26: executing \"gotpl\" at <$s.x>: can't evaluate field x in type string",
            ),
            (
                "{{ (.Values.s).x }}",
                "gotpl:1:11: executing \"gotpl\" at <.Values.s>: can't evaluate field x in type string",
            ),
            (
                "{{ .Values.m.a.x }}",
                "gotpl:1:10: executing \"gotpl\" at <.Values.m.a.x>: can't evaluate field x in type interface {}",
            ),
            (
                "{{ (index .Values.l 0).x }}",
                "gotpl:1:20: executing \"gotpl\" at <0>: can't evaluate field x in type float64",
            ),
            (
                "{{ range .Values.l }}{{ .x }}{{ end }}",
                "gotpl:1:24: executing \"gotpl\" at <.x>: can't evaluate field x in type interface {}",
            ),
            (
                "{{ 1 | .Values.m.a }}",
                "gotpl:1:14: executing \"gotpl\" at <.Values.m.a>: a is not a method but has arguments",
            ),
            (
                "{{ .Values.m.a 1 }}",
                "gotpl:1:10: executing \"gotpl\" at <.Values.m.a>: a is not a method but has arguments",
            ),
            (
                "{{ $ 1 }}",
                "gotpl:1:3: executing \"gotpl\" at <$>: can't give argument to non-function $",
            ),
            (
                "{{ (1) 2 }}",
                "gotpl:1:3: executing \"gotpl\" at <(1) 2>: can't give argument to non-function 1",
            ),
            (
                "{{ nil }}",
                "gotpl:1:3: executing \"gotpl\" at <nil>: nil is not a command",
            ),
        ]);
    }

    #[test]
    fn comparisons_and_logic() {
        check_ok(&[
            (
                "{{ eq \"a\" \"b\" \"a\" }} {{ eq 1 2 1 }} {{ ne 1 2 }} {{ lt \"a\" \"b\" }} {{ ge 2 1 }} {{ le 1 1 }} {{ gt 1 1 }}",
                "true true true true true true false",
            ),
            (
                "{{ eq .Values.x nil }} {{ eq .Values.nope nil }} {{ eq .Values.nope \"x\" }}",
                "true true false",
            ),
            (
                "{{ eq .Values.i 7.0 }} {{ lt .Values.f 2.5 }} {{ eq .Values.b true }}",
                "true true true",
            ),
            (
                "{{ and 1 0 2 }}|{{ or 0 \"\" 3 }}|{{ and 1 2 }}|{{ or 0 \"\" }}|{{ 0 | and 1 }}|{{ 1 | or 0 }}",
                "0|3|2||0|1",
            ),
            // Short-circuit: the failing call is never made.
            ("{{ and 0 (fail \"boom\") }}", "0"),
            (
                "{{ not .Values.nope }} {{ not 0 }} {{ not \"a\" }}",
                "true true false",
            ),
            (
                "{{ and .Values.nope 1 }}|{{ or .Values.nope .Values.x }}",
                "<no value>|<no value>",
            ),
            ("{{ if and 1 (eq 1 1) }}y{{ end }}", "y"),
        ]);
        check_err(&[
            (
                "{{ and }}",
                "gotpl:1:3: executing \"gotpl\" at <and>: wrong number of args for and: want at least 1 got 0",
            ),
            (
                "{{ not 1 2 }}",
                "gotpl:1:3: executing \"gotpl\" at <not>: wrong number of args for not: want 1 got 2",
            ),
            (
                "{{ eq 1 }}",
                "gotpl:1:3: executing \"gotpl\" at <eq 1>: error calling eq: missing argument for comparison",
            ),
            (
                "{{ eq 1 1.0 }}",
                "gotpl:1:3: executing \"gotpl\" at <eq 1 1.0>: error calling eq: incompatible types for comparison: int and float64",
            ),
            (
                "{{ lt 1 1.0 }}",
                "gotpl:1:3: executing \"gotpl\" at <lt 1 1.0>: error calling lt: incompatible types for comparison: int and float64",
            ),
            (
                "{{ lt .Values.nope 1 }}",
                "gotpl:1:3: executing \"gotpl\" at <lt .Values.nope 1>: error calling lt: invalid type for comparison",
            ),
            (
                "{{ eq .Values.l .Values.l }}",
                "gotpl:1:3: executing \"gotpl\" at <eq .Values.l .Values.l>: error calling eq: non-comparable type \
                 [%!s(float64=1) %!s(float64=2) %!s(float64=3)]: []interface {}",
            ),
            (
                "{{ eq .Values.m \"x\" }}",
                "gotpl:1:3: executing \"gotpl\" at <eq .Values.m \"x\">: error calling eq: incompatible types for \
                 comparison: map[string]interface {} and string",
            ),
            (
                "{{ lt true false }}",
                "gotpl:1:3: executing \"gotpl\" at <lt true false>: error calling lt: invalid type for comparison",
            ),
            (
                "{{ or 0 (fail \"boom\") }}",
                "gotpl:1:9: executing \"gotpl\" at <fail \"boom\">: error calling fail: boom",
            ),
        ]);
    }

    #[test]
    fn len_index_slice_escapers() {
        check_ok(&[
            (
                "{{ len .Values.s }} {{ len .Values.l }} {{ len .Values.m }} {{ len \"héllo\" }}",
                "3 3 3 6",
            ),
            ("{{ .Values.s | len }} {{ .Values.m | len }}", "3 3"),
            (
                "{{ index .Values.l 2 }} {{ index .Values.m \"a\" }}|{{ index .Values.m \"zz\" }}",
                "3 1|<no value>",
            ),
            (
                "{{ index \"abc\" 1 }} {{ index .Values.l }} {{ index .Values.m \"c\" 0 }}",
                "98 [1 2 3] 1",
            ),
            // Go's builtin slice (the stub host has no Sprig `slice`).
            (
                "{{ slice .Values.l 1 }} {{ slice \"abcdef\" 1 3 }} {{ slice .Values.l 0 1 2 }}",
                "[2 3] bc [1]",
            ),
            ("{{ html \"<a&'\\\">\" }}", "&lt;a&amp;&#39;&#34;&gt;"),
            ("{{ js \"<a=\\\\\" }}", "\\u003Ca\\u003D\\\\"),
            ("{{ urlquery \"a b&c\" 1 }} {{ html 1 2 }}", "a+b%26c1 1 2"),
            (
                "{{ print 1 2 \"a\" \"b\" 3 }}|{{ println 1 \"a\" }}",
                "1 2ab3|1 a\n",
            ),
            (
                "{{ printf \"%d-%s\" 3 \"x\" }} {{ .Values.m.a | printf \"%v-%v\" 1 }}",
                "3-x 1-1",
            ),
        ]);
        check_err(&[
            (
                "{{ len 3 }}",
                "gotpl:1:3: executing \"gotpl\" at <len 3>: error calling len: len of type int",
            ),
            (
                "{{ 3 | len }}",
                "gotpl:1:7: executing \"gotpl\" at <len>: error calling len: len of type int",
            ),
            (
                "{{ len nil }}",
                "gotpl:1:3: executing \"gotpl\" at <len nil>: error calling len: reflect: call of reflect.Value.Type on zero Value",
            ),
            (
                "{{ len .Values.nope }}",
                "gotpl:1:3: executing \"gotpl\" at <len .Values.nope>: error calling len: len of nil pointer",
            ),
            (
                "{{ index .Values.l 5 }}",
                "gotpl:1:3: executing \"gotpl\" at <index .Values.l 5>: error calling index: index out of range: 5",
            ),
            (
                "{{ index .Values.l -1 }}",
                "gotpl:1:3: executing \"gotpl\" at <index .Values.l -1>: error calling index: index out of range: -1",
            ),
            (
                "{{ index .Values.l 3 }}",
                "gotpl:1:3: executing \"gotpl\" at <index .Values.l 3>: error calling index: reflect: slice index out of range",
            ),
            (
                "{{ index .Values.m 1 }}",
                "gotpl:1:3: executing \"gotpl\" at <index .Values.m 1>: error calling index: value has type int; should be string",
            ),
            (
                "{{ index nil 1 }}",
                "gotpl:1:3: executing \"gotpl\" at <index nil 1>: error calling index: index of untyped nil",
            ),
            (
                "{{ index .Values.nope 1 }}",
                "gotpl:1:3: executing \"gotpl\" at <index .Values.nope 1>: error calling index: index of untyped nil",
            ),
            (
                "{{ index .Values.m \"zz\" \"y\" }}",
                "gotpl:1:3: executing \"gotpl\" at <index .Values.m \"zz\" \"y\">: error calling index: index of nil pointer",
            ),
            (
                "{{ index .Values.m.c 0 0 }}",
                "gotpl:1:3: executing \"gotpl\" at <index .Values.m.c 0 0>: error calling index: can't index item of type float64",
            ),
            (
                "{{ index .Values.l .Values.i }}",
                "gotpl:1:3: executing \"gotpl\" at <index .Values.l .Values.i>: error calling index: cannot index slice/array with type float64",
            ),
            (
                "{{ .Values.l | index 1 }}",
                "gotpl:1:15: executing \"gotpl\" at <index 1>: error calling index: can't index item of type int",
            ),
            (
                "{{ call .Values.s }}",
                "gotpl:1:3: executing \"gotpl\" at <call .Values.s>: error calling call: non-function .Values.s of type string",
            ),
            (
                "{{ call .Values.nope }}",
                "gotpl:1:3: executing \"gotpl\" at <call .Values.nope>: error calling call: call of nil",
            ),
            (
                "{{ slice .Values.l 2 1 }}",
                "gotpl:1:3: executing \"gotpl\" at <slice .Values.l 2 1>: error calling slice: invalid slice index: 2 > 1",
            ),
        ]);
    }

    #[test]
    fn range() {
        check_ok(&[
            (
                "{{ range $i, $v := .Values.m }}{{ $i }}={{ $v }};{{ end }}",
                "a=1;b=two;c=[1];",
            ),
            ("{{ range .Values.m }}{{ . }};{{ end }}", "1;two;[1];"),
            (
                "{{ range $i, $v := .Values.l }}{{ $i }}={{ $v }};{{ else }}E{{ end }}",
                "0=1;1=2;2=3;",
            ),
            ("{{ range .Values.nope }}x{{ else }}E{{ end }}", "E"),
            (
                "{{ range .Values.x }}x{{ else }}{{ . | len }}{{ end }}",
                "2",
            ),
            (
                "{{ range $v := 3 }}{{ $v }}{{ end }}|{{ range 0 }}x{{ else }}E{{ end }}|{{ range -2 }}x{{ else }}E{{ end }}",
                "012|E|E",
            ),
            (
                "{{ range .Values.l }}{{ if eq . 2.0 }}{{ continue }}{{ end }}{{ . }}{{ end }}",
                "13",
            ),
            (
                "{{ range .Values.l }}{{ if eq . 2.0 }}{{ break }}{{ end }}{{ . }}{{ end }}",
                "1",
            ),
            (
                "{{ range .Values.l }}{{ range $.Values.l }}{{ if eq . 2.0 }}{{ break }}{{ end }}{{ . }}{{ end }};{{ end }}",
                "1;1;1;",
            ),
            (
                "{{ $x := 1 }}{{ range .Values.l }}{{ $x = . }}{{ end }}{{ $x }}",
                "3",
            ),
            (
                "{{ range $i, $v := .Values.l }}{{ $i = 5 }}{{ $i }}{{ end }}",
                "555",
            ),
            (
                "{{ $a := 0 }}{{ $b := 0 }}{{ range $a, $b = .Values.l }}{{ end }}{{ $a }}{{ $b }}",
                "23",
            ),
            (
                "{{ $a := 0 }}{{ range $a = .Values.l }}{{ end }}{{ $a }}",
                "3",
            ),
            ("{{ range (list \"b\" \"a\") }}{{ . }}{{ end }}", "ba"),
            (
                "{{ range $k, $v := dict \"z\" 1 \"a\" 2 }}{{ $k }}{{ $v }}{{ end }}",
                "a2z1",
            ),
        ]);
        check_err(&[
            (
                "{{ range .Values.s }}x{{ end }}",
                "gotpl:1:16: executing \"gotpl\" at <.Values.s>: range can't iterate over str",
            ),
            (
                "{{ range .Values.i }}x{{ end }}",
                "gotpl:1:16: executing \"gotpl\" at <.Values.i>: range can't iterate over 7",
            ),
            (
                "{{ range $i, $v := 3 }}{{.}}{{end}}",
                "gotpl:1:19: executing \"gotpl\" at <3>: can't use 3 to iterate over more than one variable",
            ),
            (
                "{{ range .Values.l }}{{ if eq . 2 }}{{ break }}{{ end }}{{ . }}{{ end }}",
                "gotpl:1:27: executing \"gotpl\" at <eq . 2>: error calling eq: incompatible types for comparison: float64 and int",
            ),
            ("{{ break }}", "gotpl:1: {{break}} outside {{range}}"),
            (
                "{{ range . }}{{ else }}{{ continue }}{{ end }}",
                "gotpl:1: {{continue}} outside {{range}}",
            ),
            (
                "{{ range $a, $b, $c := .Values.l }}{{ end }}",
                "gotpl:1: too many declarations in range",
            ),
            (
                "{{ range $a, 1 }}{{ end }}",
                "gotpl:1: range can only initialize variables",
            ),
            (
                "{{ range $i, $e := .Values.l }}{{ end }}{{ $i }}",
                "gotpl:1: undefined variable \"$i\"",
            ),
            (
                "{{ range $k, $v = .Values.l }}{{ end }}",
                "gotpl:1:25: executing \"gotpl\" at <.Values.l>: undefined variable: $k",
            ),
        ]);
    }

    #[test]
    fn if_with_and_variables() {
        check_ok(&[
            (
                "{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 3 }}{{ end }}{{ $x }}",
                "2",
            ),
            ("{{ $x := 1 }}{{ $x := 2 }}{{ $x }}", "2"),
            ("{{ $ := 1 }}{{ $ }}", "1"),
            (
                "{{ with .Values.m }}{{ .a }}{{ $.Values.s }}{{ end }}",
                "1str",
            ),
            (
                "{{ with .Values.nope }}x{{ else with .Values.s }}{{ . }}{{ end }}",
                "str",
            ),
            (
                "{{ with .Values.nope }}x{{ else }}{{ .Values.s }}{{ end }}",
                "str",
            ),
            (
                "{{ if .Values.nope }}a{{ else if .Values.s }}b{{ else }}c{{ end }}",
                "b",
            ),
            (
                "{{ if 0 }}a{{ else if \"\" }}b{{ else if .Values.l }}c{{ end }}",
                "c",
            ),
            ("{{ if 1 }}{{ else if 2 }}x{{ else }}y{{ end }}", ""),
            ("{{ with $x := .Values.m }}{{ $x.a }}{{ end }}", "1"),
            ("{{ with $x := 0 }}a{{ else }}{{ $x }}{{ end }}", "0"),
            ("{{ if $x := .Values.s }}{{ $x }}{{ end }}", "str"),
            (
                "{{ .Values.s | upper | quote }} {{ .Values.nope | default \"d\" }}",
                "\"STR\" d",
            ),
        ]);
        check_err(&[
            ("{{ $x }}", "gotpl:1: undefined variable \"$x\""),
            (
                "{{ if true }}{{ $y := 3 }}{{ end }}{{ $y }}",
                "gotpl:1: undefined variable \"$y\"",
            ),
            (
                "{{ with $x := 1 }}{{ end }}{{ $x }}",
                "gotpl:1: undefined variable \"$x\"",
            ),
            (
                "{{ $x = 1 }}",
                "gotpl:1:8: executing \"gotpl\" at <1>: undefined variable: $x",
            ),
            (
                "{{ $a, $b := 1 }}",
                "gotpl:1: too many declarations in command",
            ),
        ]);
    }

    #[test]
    fn templates() {
        check_ok(&[
            (
                "{{ define \"t\" }}[{{ . }}]{{ end }}{{ template \"t\" .Values.s }}{{ template \"t\" }}",
                "[str][<no value>]",
            ),
            (
                "{{ template \"t\" 1 }}{{ define \"t\" }}{{ . }}{{ $ }}{{ end }}",
                "11",
            ),
            ("{{ block \"b\" .Values.s }}<{{ . }}>{{ end }}", "<str>"),
            (
                "{{ define \"x\" }}X{{ .a }}{{ end }}{{ include \"x\" .Values.m }}",
                "X1",
            ),
            ("{{ define \"x\" }}hidden{{ end }}", ""),
            ("{{ define \"gotpl\" }}D{{ end }}", "D"),
            // Not defined in the text: the chart's templates, through the host.
            (
                "{{ template \"chart.name\" . }}|{{ include \"chart.name\" . }}",
                "INCLUDED:chart.name|INCLUDED:chart.name",
            ),
            // Variables do not leak into a template; `$` is its argument.
            (
                "{{ $v := 1 }}{{ define \"t\" }}{{ $ }}{{ end }}{{ template \"t\" 2 }}{{ $v }}",
                "21",
            ),
        ]);
        check_err(&[
            (
                "{{ define \"a\" }}A{{ template \"a\" . }}{{ end }}{{ template \"a\" . }}",
                "gotpl:1:29: executing \"a\" at <{{template \"a\" .}}>: exceeded maximum template depth (100)",
            ),
            (
                "{{ define \"x\" }}{{ .nope.a }}{{ end }}{{ template \"x\" .Values }}",
                "gotpl:1:24: executing \"x\" at <.nope.a>: nil pointer evaluating interface {}.a",
            ),
            (
                "{{ define \"x\" }}{{ .a.b }}{{ end }}{{ include \"x\" .Values.m }}",
                "gotpl:1:38: executing \"gotpl\" at <include \"x\" .Values.m>: error calling include: template: \
                 gotpl:1:21: executing \"x\" at <.a.b>: can't evaluate field b in type interface {}",
            ),
            (
                "{{ define \"a\" }}x{{ end }}{{ define \"a\" }}y{{ end }}",
                "gotpl:1: template: multiple definition of template \"a\"",
            ),
            (
                "{{ define \"gotpl\" }}D{{ end }}main",
                "gotpl:1: template: multiple definition of template \"gotpl\"",
            ),
        ]);
        // Helm's include recursion limit, with every level's error wrapped in the next.
        let err = run("{{ define \"r\" }}{{ include \"r\" . }}{{ end }}{{ include \"r\" . }}")
            .unwrap_err();
        assert!(err.starts_with(
            "gotpl:1:47: executing \"gotpl\" at <include \"r\" .>: error calling include: template: gotpl:1:19: \
             executing \"r\" at <include \"r\" .>: error calling include: template: gotpl:1:19: executing \"r\""
        ));
        assert!(err.ends_with(
            "error calling include: rendering template has a nested reference name: r: unable to execute template"
        ));
        // Without a host `include`, an unknown template is Go's error.
        assert_eq!(
            run_with("{{ template \"nope\" . }}", false),
            Err("gotpl:1:12: executing \"gotpl\" at <{{template \"nope\" .}}>: template \"nope\" not defined".into())
        );
    }

    #[test]
    fn parse_errors() {
        check_err(&[
            ("{{end}}", "gotpl:1: unexpected {{end}}"),
            ("{{else}}", "gotpl:1: unexpected {{else}}"),
            (
                "a\n{{ if 1 }}\n{{ end }}\n{{ end }}",
                "gotpl:4: unexpected {{end}}",
            ),
            ("{{ if 1 }}x", "gotpl:1: unexpected EOF"),
            (
                "{{ if 1 }}\n{{ else }}\n{{ . | }}",
                "gotpl:3: unexpected EOF",
            ),
            ("{{ .a", "gotpl:1: unclosed action"),
            ("{{ .a\n\n", "gotpl:3: unclosed action started at gotpl:1"),
            ("{{/* x", "gotpl:1: unclosed comment"),
            (
                "{{/* x */ }}",
                "gotpl:1: comment ends before closing delimiter",
            ),
            ("{{ /* x */ }}", "gotpl:1: unexpected \"/\" in command"),
            ("{{ ) }}", "gotpl:1: unexpected right paren"),
            ("{{ ( }}", "gotpl:1: unclosed left paren"),
            ("{{ ! }}", "gotpl:1: unexpected \"!\" in command"),
            ("{{ é }}", "gotpl:1: function \"é\" not defined"),
            ("{{ nope 1 }}", "gotpl:1: function \"nope\" not defined"),
            ("{{ .a-b }}", "gotpl:1: bad character U+002D '-'"),
            (
                "{{ 1 | 2 }}",
                "gotpl:1: non executable command in pipeline stage 2",
            ),
            ("{{ if }}{{ end }}", "gotpl:1: missing value for if"),
            (
                "{{ if 1 }}{{ else }}{{ else }}{{ end }}",
                "gotpl:1: expected end; found {{else}}",
            ),
            (
                "{{ define \"a\" }}{{ else }}{{ end }}",
                "gotpl:1: unexpected {{else}} in define clause",
            ),
            (
                "{{ define a }}{{ end }}",
                "gotpl:1: unexpected \"a\" in define clause",
            ),
            (
                "{{ \"unterminated }}",
                "gotpl:1: unterminated quoted string",
            ),
            ("{{ `raw }}", "gotpl:1: unterminated raw quoted string"),
            ("{{ 'x }}", "gotpl:1: unterminated character constant"),
            ("{{ $x := }}", "gotpl:1: missing value for command"),
            ("{{ .a := 1 }}", "gotpl:1: unexpected \":=\" in operand"),
            ("{{ :x }}", "gotpl:1: expected :="),
            (
                "{{ \u{7} }}",
                "gotpl:1: unrecognized character in action: U+0007",
            ),
            (
                "{{ template }}",
                "gotpl:1: unexpected \"}}\" in template clause",
            ),
        ]);
        let err = render("{{ if 1 }}x", &context(), &StubHost { include: true }).unwrap_err();
        assert_eq!(err.kind, TplErrorKind::Parse);
        assert_eq!(err.go_message(), "template: gotpl:1: unexpected EOF");
    }

    #[test]
    fn host_errors_are_reported() {
        check_err(&[
            (
                "{{ fail \"x\" }}",
                "gotpl:1:3: executing \"gotpl\" at <fail \"x\">: error calling fail: x",
            ),
            (
                "{{ default }}",
                "gotpl:1:3: executing \"gotpl\" at <default>: error calling default: wrong number of args for default: \
                 want at least 1 got 0",
            ),
            (
                "{{ quote (fail \"inner\") }}",
                "gotpl:1:10: executing \"gotpl\" at <fail \"inner\">: error calling fail: inner",
            ),
        ]);
    }

    #[test]
    fn more_syntax() {
        check_ok(&[
            (
                "{{ template \"t\" $x := 5 }}{{ $x }}{{ define \"t\" }}[{{ . }}]{{ end }}",
                "[5]5",
            ),
            (
                "{{ define \"t\" }}{{ range . }}{{ break }}{{ end }}{{ end }}{{ template \"t\" .Values.l }}ok",
                "ok",
            ),
            (
                "{{ range $i := .Values.l }}{{ $i }}{{ end }} {{ range $i, $v := .Values.m }}{{ $i }}{{ end }}",
                "123 abc",
            ),
            (
                "{{ range 2 }}{{ range 2 }}{{ . }}{{ end }}{{ end }}",
                "0101",
            ),
            (
                "{{ range $x := 2 }}{{ range $y := $x }}{{ $y }}{{ end }}{{ end }}",
                "0",
            ),
            ("{{ $x := 3 }}{{ range $x }}{{ . }}{{ end }}", "012"),
            (
                "{{ with .Values.l }}{{ range . }}{{ . }}{{ end }}{{ end }}",
                "123",
            ),
            (
                "{{ print }}|{{ print nil }}|{{ print .Values.nope }}|{{ len \"\" }}",
                "|<nil>|<nil>|0",
            ),
            ("{{ index .Values.m.c 0 | printf \"%v\" }}", "1"),
            ("{{ ($).Values.s }}", "str"),
            ("{{ with $x := .Values.s }}{{ $x = 1 }}{{ end }}", ""),
            (
                "{{ range $x, $y := .Values.l }}{{ else }}{{ $x }}{{ end }}",
                "",
            ),
            ("{{ 1 | print | print 2 | print 3 }}", "321"),
            ("{{ and 1 | or 0 }}", "1"),
            ("{{ \"a\" | quote | quote }}", "\"\\\"a\\\"\""),
            ("{{- \"a\" }} {{ \"b\" -}} {{- \"c\" -}}", "a bc"),
            ("{{/**/}}{{- /**/ -}}|{{/*\nmulti\n*/}}|", "||"),
            (
                "{{ 0X1F }} {{ 0B11 }} {{ 0O17 }} {{ 1_0.5 }} {{ 0x1.8p1 }} {{ 1e-2 }} {{ 0.000001 }}",
                "31 3 15 10.5 3 0.01 1e-06",
            ),
        ]);
        check_err(&[
            (
                "{{ if 1 }}{{ define \"x\" }}{{ end }}{{ end }}",
                "gotpl:1: unexpected <define> in command",
            ),
            (
                "{{ block \"b\" . }}B{{ end }}{{ define \"b\" }}D{{ end }}",
                "gotpl:1: template: multiple definition of template \"b\"",
            ),
            (
                "{{ define \"t\" }}{{ $x }}{{ end }}",
                "gotpl:1: undefined variable \"$x\"",
            ),
            (
                "{{ range $i, $v := .Values.s }}{{ end }}",
                "gotpl:1:26: executing \"gotpl\" at <.Values.s>: range can't iterate over str",
            ),
            (
                "{{ \"a\" \"b\" }}",
                "gotpl:1:3: executing \"gotpl\" at <\"a\">: can't give argument to non-function \"a\"",
            ),
            (
                "{{ .Values.m \"b\" }}",
                "gotpl:1:10: executing \"gotpl\" at <.Values.m>: m is not a method but has arguments",
            ),
            ("{{ true.x }}", "gotpl:1: unexpected . after term \"true\""),
            (
                "{{ (true).x }}",
                "gotpl:1:4: executing \"gotpl\" at <true>: can't evaluate field x in type bool",
            ),
            (
                "{{ (nil).x }}",
                "gotpl:1:4: executing \"gotpl\" at <nil>: nil is not a command",
            ),
            (
                "{{ $.x.y }}",
                "gotpl:1:4: executing \"gotpl\" at <$.x.y>: nil pointer evaluating interface {}.y",
            ),
            (
                "{{ print (.Values.s) (.Values.s).x }}",
                "gotpl:1:29: executing \"gotpl\" at <.Values.s>: can't evaluate field x in type string",
            ),
            (
                "{{ if true }}{{ else }}{{ end }}{{ else }}",
                "gotpl:1: unexpected {{else}}",
            ),
            (
                "{{ if 1 }}{{ else with 2 }}{{ end }}",
                "gotpl:1: unexpected <with> in input",
            ),
            (
                "{{ with 1 }}{{ else if 2 }}{{ end }}",
                "gotpl:1: unexpected <if> in input",
            ),
            ("{{ 'ab", "gotpl:1: unterminated character constant"),
            ("{{ 1 }}{{ 2", "gotpl:1: unclosed action"),
            (
                "{{ $x := 1 }}{{ $x.y }}",
                "gotpl:1:18: executing \"gotpl\" at <$x.y>: can't evaluate field y in type int",
            ),
            ("{{ $x.y := 1 }}", "gotpl:1: undefined variable \"$x\""),
            (
                "{{ .Values.s | .Values.s }}",
                "gotpl:1:22: executing \"gotpl\" at <.Values.s>: s is not a method but has arguments",
            ),
            (
                "{{ \"x\" | nil }}",
                "gotpl:1: non executable command in pipeline stage 2",
            ),
            ("{{/**/}}{{- /**/ -}}|{{/*", "gotpl:1: unclosed comment"),
            ("{{ \"\\'\" }}", "gotpl:1: invalid syntax"),
            ("{{ '\\\"' }}", "gotpl:1: invalid syntax"),
            ("{{ - 1 }}", "gotpl:1: illegal number syntax: \"-\""),
            ("{{ \"\\é\" }}", "gotpl:1: invalid syntax"),
            ("{{ '\\é' }}", "gotpl:1: invalid syntax"),
            // Go strings may hold any bytes; this interpreter's strings are UTF-8.
            (
                "{{ \"\\xff\" }}",
                "gotpl:1: string literal \"\\xff\" is not valid UTF-8 (not supported by this interpreter)",
            ),
        ]);
    }

    /// Like the real engine's values: a map object that answers `none` for any key.
    #[derive(Debug)]
    struct LenientMap;

    impl minijinja::value::Object for LenientMap {
        fn get_value(self: &std::sync::Arc<Self>, key: &Value) -> Option<Value> {
            Some(match key.as_str() {
                Some("port") => Value::from(8080.0),
                _ => Value::from(()),
            })
        }

        fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
            minijinja::value::Enumerator::Str(&["port"])
        }
    }

    /// A struct-like object (plain representation).
    #[derive(Debug)]
    struct Metadata;

    impl minijinja::value::Object for Metadata {
        fn repr(self: &std::sync::Arc<Self>) -> minijinja::value::ObjectRepr {
            minijinja::value::ObjectRepr::Plain
        }

        fn get_value(self: &std::sync::Arc<Self>, key: &Value) -> Option<Value> {
            (key.as_str() == Some("Name")).then(|| Value::from("permify"))
        }
    }

    #[test]
    fn object_values() {
        let dot = Value::from(std::collections::BTreeMap::from([
            ("Values", Value::from_object(LenientMap)),
            ("Chart", Value::from_object(Metadata)),
        ]));
        let host = StubHost { include: true };
        let cases: &[(&str, Result<&str, &str>)] = &[
            (
                "{{ .Values.port }}|{{ .Values.nope }}|{{ range .Values }}{{ . }}{{ end }}",
                Ok("8080|<no value>|8080"),
            ),
            ("{{ len .Values }} {{ .Chart.Name }}", Ok("1 permify")),
            (
                "{{ .Values.nope.x }}",
                Err(
                    "gotpl:1:10: executing \"gotpl\" at <.Values.nope.x>: nil pointer evaluating interface {}.x",
                ),
            ),
            (
                "{{ .Chart.Nope }}",
                Err(
                    "gotpl:1:9: executing \"gotpl\" at <.Chart.Nope>: can't evaluate field Nope in type interface {}",
                ),
            ),
            (
                "{{ .Chart.Name 1 }}",
                Err(
                    "gotpl:1:9: executing \"gotpl\" at <.Chart.Name>: Name has arguments but cannot be invoked as function",
                ),
            ),
        ];
        for (src, want) in cases {
            let got = render(src, &dot, &host).map_err(|e| e.to_string());
            assert_eq!(
                got,
                want.map(str::to_string).map_err(str::to_string),
                "template {src:?}"
            );
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let n = MAX_DEPTH + 5;
        let parens = format!("{{{{ {}1{} }}}}", "(".repeat(n), ")".repeat(n));
        assert!(
            run(&parens)
                .unwrap_err()
                .contains("max expression depth exceeded")
        );
        let ifs = format!("{}x{}", "{{ if 1 }}".repeat(n), "{{ end }}".repeat(n));
        assert!(
            run(&ifs)
                .unwrap_err()
                .contains("max nesting depth exceeded")
        );
        // Just under the limit works (and fits the 2 MiB test-thread stack).
        let m = MAX_DEPTH - 1;
        let parens = format!("{{{{ {}1{} }}}}", "(".repeat(m), ")".repeat(m));
        assert_eq!(run(&parens), Ok("1".into()));
        let ifs = format!("{}x{}", "{{ if 1 }}".repeat(m), "{{ end }}".repeat(m));
        assert_eq!(run(&ifs), Ok("x".into()));
    }

    #[test]
    fn large_inputs_are_linear() {
        let unit = "key: '{{ .Values.app.server.http.port }}' {{- /* c */}}\n";
        let src = unit.repeat(20_000);
        let start = std::time::Instant::now();
        let out = run(&src).unwrap();
        assert_eq!(out, "key: '3476'\n".repeat(20_000));
        let text = "x".repeat(2_000_000) + "{{ 1 }}";
        assert_eq!(run(&text).unwrap().len(), 2_000_001);
        assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
    }

    #[test]
    fn arbitrary_input_never_panics() {
        // A deterministic stream of template-ish fragments, glued at random.
        const PIECES: &[&str] = &[
            "{{", "}}", "{{-", "-}}", " ", "\n", ".", ".Values", ".m", "$", "$x", ":=", "=", "|",
            "(", ")", "\"", "`", "'", "if", "else", "end", "range", "with", "define", "template",
            "block", "break", "continue", "1", "0x", "1.5", "-", "nil", "true", "and", "or", "eq",
            "index", "len", "slice", "printf", "é", "/*", "*/", ",", "\\", "a", "\"t\"", "\\é",
            "\u{7}", "\t", "\r", "{{/*", "0x1p", "1i", "$.", ":", " -}}", "{{- ", "$x :=", "\\x",
            "\\u00", "'\\",
        ];
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..6000 {
            let len = (next() % 32) as usize;
            let src: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let _ = run(&src);
        }
    }
}
