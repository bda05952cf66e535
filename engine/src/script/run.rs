//! Running one script in a sandboxed Rhai engine, and what its errors say.

use super::api::{self, Outputs};
use super::output::{ScriptError, ScriptErrorKind, ScriptOutput};
use super::reference::{DESCRIPTIONS, FunctionDoc};
use rhai::module_resolvers::DummyModuleResolver;
use rhai::{Dynamic, Engine, EvalAltResult, ParseError, Position};
use std::rc::Rc;

/// Where a script's outputs go, and whether it should stop.
pub trait ScriptHost {
    fn emit(&self, output: ScriptOutput);

    /// Asked every few thousand operations and between training chunks; `true` stops the
    /// script (the host's own clock, or the visitor's Stop button, decides).
    fn should_stop(&self) -> bool;
}

/// How much one script may do.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    pub max_operations: u64,
    pub max_call_levels: usize,
    pub max_expression_depth: usize,
    pub max_function_expression_depth: usize,
    /// Bytes.
    pub max_string_size: usize,
    pub max_array_size: usize,
    pub max_map_size: usize,
    /// Outputs (printed lines, charts, tables, progress reports) of one run.
    pub max_outputs: usize,
    /// Steps of one `train` call.
    pub max_training_steps: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_operations: 50_000_000,
            max_call_levels: 64,
            max_expression_depth: 64,
            max_function_expression_depth: 32,
            max_string_size: 1 << 20,
            max_array_size: 100_000,
            max_map_size: 10_000,
            max_outputs: 10_000,
            max_training_steps: 1_000_000,
        }
    }
}

/// The message the engine terminates with when the host says stop.
const STOPPED: &str = "stopped";

/// The error a function returns when the host says stop (reported as `Stopped`, as a stop
/// between operations is).
pub fn stopped<T>() -> Result<T, Box<EvalAltResult>> {
    Err(EvalAltResult::ErrorTerminated(Dynamic::from(STOPPED), Position::NONE).into())
}

/// Runs `source`; its outputs reach `host` as they happen.
pub fn run_script(
    source: &str,
    limits: &Limits,
    host: Rc<dyn ScriptHost>,
) -> Result<(), ScriptError> {
    let engine = sandboxed_engine(limits, host);
    let ast = engine.compile(source).map_err(syntax_error)?;
    engine.run_ast(&ast).map_err(|error| runtime_error(*error))
}

/// Every function a script can call, in the order of the reference page: how to call it, what
/// it does, and the signatures the engine registered for it.
pub fn api_reference() -> Vec<FunctionDoc> {
    let signatures = registered_signatures();
    DESCRIPTIONS
        .iter()
        .map(|&(name, usage, group, description)| FunctionDoc {
            name: name.into(),
            usage: usage.into(),
            description: description.into(),
            group: group.into(),
            signatures: signatures
                .iter()
                .filter(|signature| signature.starts_with(&format!("{name}(")))
                .cloned()
                .collect(),
        })
        .collect()
}

/// The signature of every function registered for scripts (one per overload), sorted.
pub fn registered_signatures() -> Vec<String> {
    struct Silent;
    impl ScriptHost for Silent {
        fn emit(&self, _output: ScriptOutput) {}
        fn should_stop(&self) -> bool {
            false
        }
    }
    let engine = sandboxed_engine(&Limits::default(), Rc::new(Silent));
    let mut signatures: Vec<String> = engine
        .gen_fn_signatures(false)
        .iter()
        .map(|signature| in_script_terms(signature))
        .collect();
    signatures.sort();
    signatures
}

/// A signature as Rhai printed it from the Rust types (`-> core::result::Result<alloc::vec::
/// Vec<rhai::…::Dynamic>, …>`), in the words a script uses (`-> array`).
fn in_script_terms(signature: &str) -> String {
    let (call, returns) = match signature.split_once(" -> ") {
        Some((call, returns)) => (call, Some(returns)),
        None => (signature, None),
    };
    let returned = returns.map(|rust| {
        let ok = match rust.strip_prefix("core::result::Result<") {
            // The success type: everything before the error type's `,alloc::boxed::Box<`.
            Some(result) => result.split(",alloc::boxed::Box<").next().unwrap_or(result),
            None => rust,
        };
        match ok {
            "()" => "",
            "f64" => " -> float",
            "i64" => " -> int",
            "bool" => " -> bool",
            ok if ok.starts_with("alloc::vec::Vec<") => " -> array",
            ok if ok.contains("BTreeMap<") => " -> map",
            _ => " -> any",
        }
    });
    let call = call.replace(": f64", ": float").replace(": i64", ": int");
    format!("{call}{}", returned.unwrap_or_default())
}

fn sandboxed_engine(limits: &Limits, host: Rc<dyn ScriptHost>) -> Engine {
    let mut engine = Engine::new();
    engine
        .set_max_operations(limits.max_operations)
        .set_max_call_levels(limits.max_call_levels)
        .set_max_expr_depths(
            limits.max_expression_depth,
            limits.max_function_expression_depth,
        )
        .set_max_string_size(limits.max_string_size)
        .set_max_array_size(limits.max_array_size)
        .set_max_map_size(limits.max_map_size)
        .set_module_resolver(DummyModuleResolver::new());
    // No strings run as code, no modules loaded from anywhere.
    engine.disable_symbol("eval").disable_symbol("import");
    let outputs = Outputs::new(Rc::clone(&host), limits);
    let printed = Rc::clone(&outputs);
    engine.on_print(move |text| printed.text(text));
    let debugged = Rc::clone(&outputs);
    engine.on_debug(move |text, _, _| debugged.text(text));
    let watched = Rc::clone(&outputs);
    engine.on_progress(move |operations| {
        if operations.is_multiple_of(4096) && host.should_stop() {
            return Some(Dynamic::from(STOPPED));
        }
        watched
            .over_budget()
            .then(|| Dynamic::from(watched.budget_message()))
    });
    api::register(&mut engine, outputs);
    engine
}

fn syntax_error(error: ParseError) -> ScriptError {
    let (line, column) = place(error.position());
    ScriptError {
        kind: ScriptErrorKind::Syntax,
        message: error.err_type().to_string(),
        line,
        column,
    }
}

fn runtime_error(error: EvalAltResult) -> ScriptError {
    let (line, column) = place(error.position());
    let (kind, message) = match &error {
        EvalAltResult::ErrorTerminated(value, _) if value.to_string() == STOPPED => {
            (ScriptErrorKind::Stopped, "stopped".to_string())
        }
        EvalAltResult::ErrorTerminated(value, _) => (ScriptErrorKind::Limit, value.to_string()),
        EvalAltResult::ErrorTooManyOperations(_) => (
            ScriptErrorKind::Limit,
            "too many operations (an endless loop?)".to_string(),
        ),
        EvalAltResult::ErrorDataTooLarge(what, _) => {
            (ScriptErrorKind::Limit, format!("{what} over the limit"))
        }
        EvalAltResult::ErrorStackOverflow(_) => (
            ScriptErrorKind::Limit,
            "functions call each other too deeply".to_string(),
        ),
        _ => (ScriptErrorKind::Runtime, innermost_message(&error)),
    };
    ScriptError {
        kind,
        message,
        line,
        column,
    }
}

/// The message of the error inside any "in call to function" wrappers.
fn innermost_message(error: &EvalAltResult) -> String {
    match error {
        EvalAltResult::ErrorInFunctionCall(name, _, inner, _) => {
            format!("in {name}: {}", innermost_message(inner))
        }
        EvalAltResult::ErrorRuntime(value, _) => value.to_string(),
        other => {
            let text = other.to_string();
            // Rhai appends " (line L, position C)"; the error carries the place already.
            match text.rfind(" (line ") {
                Some(at) => text[..at].to_string(),
                None => text,
            }
        }
    }
}

fn place(position: Position) -> (Option<usize>, Option<usize>) {
    (position.line(), position.position())
}
