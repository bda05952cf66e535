//! Scripts run, show their outputs, say where they fail, and stay inside the sandbox.

use super::output::{PlotKind, ScriptOutput};
use super::{
    Limits, ScriptError, ScriptErrorKind, ScriptHost, api_reference, registered_signatures,
    run_script,
};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Keeps every output; says stop after `stop_after` checks, if set.
#[derive(Default)]
struct Recorder {
    outputs: RefCell<Vec<ScriptOutput>>,
    checks: Cell<u64>,
    stop_after: Option<u64>,
}

impl ScriptHost for Recorder {
    fn emit(&self, output: ScriptOutput) {
        self.outputs.borrow_mut().push(output);
    }

    fn should_stop(&self) -> bool {
        self.checks.set(self.checks.get() + 1);
        self.stop_after
            .is_some_and(|after| self.checks.get() > after)
    }
}

fn run_with(source: &str, limits: &Limits) -> (Vec<ScriptOutput>, Result<(), ScriptError>) {
    let recorder = Rc::new(Recorder::default());
    let result = run_script(source, limits, recorder.clone());
    let outputs = recorder.outputs.take();
    (outputs, result)
}

fn run(source: &str) -> (Vec<ScriptOutput>, Result<(), ScriptError>) {
    run_with(source, &Limits::default())
}

fn texts(outputs: &[ScriptOutput]) -> Vec<String> {
    outputs
        .iter()
        .filter_map(|output| match output {
            ScriptOutput::Text { text } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

fn error_of(source: &str) -> ScriptError {
    run(source).1.expect_err(source)
}

#[test]
fn prints_plots_and_tables_come_out_in_order() {
    let (outputs, result) = run(r#"
        let xs = linspace(0.0, 1.0, 3);
        print(`sum ${sum(xs)}`);
        plot(xs, [1, 4, 9]);
        scatter([1, 2], [3, 4], [0, 1]);
        table([#{ name: "a", value: 1 }, #{ name: "b", value: 2 }]);
        print(matmul([[1, 2], [3, 4]], transpose([[1, 0], [0, 1]])));
    "#);
    result.unwrap();
    assert_eq!(texts(&outputs), ["sum 1.5", "[[1.0, 2.0], [3.0, 4.0]]"]);
    assert!(matches!(
        &outputs[1],
        ScriptOutput::Plot { kind: PlotKind::Line, x, y, .. } if x == &[0.0, 0.5, 1.0] && y == &[1.0, 4.0, 9.0]
    ));
    assert!(
        matches!(&outputs[2], ScriptOutput::Plot { kind: PlotKind::Scatter, labels, .. } if labels == &[0.0, 1.0])
    );
    let ScriptOutput::Table { headers, rows } = &outputs[3] else {
        panic!("{:?}", outputs[3]);
    };
    assert_eq!(headers, &["name", "value"]);
    assert_eq!(rows, &[vec!["a", "1"], vec!["b", "2"]]);
}

#[test]
fn a_script_trains_an_experiment_and_reads_its_result() {
    let (outputs, result) = run(r#"
        let e = experiment("xor");
        e.steps = 600;
        e.eval_every = 200;
        let p = points(e);
        print(`${p.x1.len()} training points`);
        let r = train(e);
        print(`step ${r.step}, accuracy above 90%: ${r.accuracy > 0.9}`);
    "#);
    result.unwrap();
    assert_eq!(
        texts(&outputs),
        ["500 training points", "step 600, accuracy above 90%: true"]
    );
    let steps: Vec<u64> = outputs
        .iter()
        .filter_map(|output| match output {
            ScriptOutput::Progress { snapshot } => Some(snapshot.step),
            _ => None,
        })
        .collect();
    assert_eq!(steps, [200, 400, 600]);
}

#[test]
fn errors_say_where_they_are() {
    let syntax = error_of("let x = 1;\nlet y = (2 + ;\n");
    assert_eq!(syntax.kind, ScriptErrorKind::Syntax);
    assert_eq!(
        (syntax.line, syntax.column),
        (Some(2), Some(14)),
        "{syntax}"
    );

    let bad_argument = error_of("print(1);\n  plot([1, \"two\"]);");
    assert_eq!(bad_argument.kind, ScriptErrorKind::Runtime);
    assert_eq!(bad_argument.line, Some(2), "{bad_argument}");
    assert!(
        bad_argument.message.contains("element 1 of y"),
        "{bad_argument}"
    );

    let bad_spec = error_of("let e = experiment(\"xor\");\ne.batch_size = 0;\ntrain(e);");
    assert_eq!(bad_spec.line, Some(3), "{bad_spec}");
    assert!(bad_spec.message.contains("batch_size"), "{bad_spec}");

    let unknown = error_of("experiment(\"moons\")");
    assert!(unknown.message.contains("no data set “moons”"), "{unknown}");
}

#[test]
fn endless_loops_and_growth_bombs_stop_at_their_limits() {
    let endless = error_of("loop {}");
    assert_eq!(endless.kind, ScriptErrorKind::Limit, "{endless}");

    for bomb in [
        r#"let s = "ab"; loop { s += s; }"#,
        "let a = [1]; loop { a += a; }",
        "let m = #{}; let i = 0; loop { m[`k${i}`] = i; i += 1; }",
        "fn f(n) { f(n + 1) } f(0)",
    ] {
        let error = error_of(bomb);
        assert_eq!(error.kind, ScriptErrorKind::Limit, "{bomb}: {error}");
    }

    let chatty = run_with(
        "loop { print(1) }",
        &Limits {
            max_outputs: 50,
            ..Limits::default()
        },
    );
    assert_eq!(chatty.0.len(), 50);
    assert!(
        chatty
            .1
            .unwrap_err()
            .message
            .contains("more than 50 outputs")
    );
}

#[test]
fn the_host_can_stop_a_script_and_a_training_run() {
    for source in [
        "loop {}",
        "let e = experiment(\"spiral\"); e.steps = 1000000; train(e);",
    ] {
        let recorder = Rc::new(Recorder {
            stop_after: Some(3),
            ..Recorder::default()
        });
        let error = run_script(source, &Limits::default(), recorder).unwrap_err();
        assert_eq!(error.kind, ScriptErrorKind::Stopped, "{source}: {error}");
    }
}

#[test]
fn no_capability_outside_the_sandbox_is_reachable() {
    let probes = [
        r#"eval("1 + 1")"#,
        r#"import "std" as std;"#,
        r#"import "/etc/passwd" as secrets;"#,
        "timestamp()",
        r#"open_file("/etc/passwd")"#,
        r#"read_file("/etc/passwd")"#,
        r#"write_file("/tmp/x", "y")"#,
        r#"File("/etc/passwd")"#,
        r#"fs::read("/etc/passwd")"#,
        r#"http_get("http://example.com")"#,
        r#"fetch("http://example.com")"#,
        r#"WebSocket("ws://127.0.0.1:8790")"#,
        r#"system("ls")"#,
        r#"env("HOME")"#,
        "sleep(10)",
        "sleep(0.5)",
        r#"spawn("sh")"#,
        r#"load("x.rhai")"#,
        r#"require("x")"#,
        r#"Fn("eval").call("1")"#,
        r#"call_fn("eval", "1")"#,
    ];
    for probe in probes {
        let (outputs, result) = run(probe);
        let error = result.expect_err(probe);
        assert!(outputs.is_empty(), "{probe}");
        assert!(
            matches!(
                error.kind,
                ScriptErrorKind::Syntax | ScriptErrorKind::Runtime
            ),
            "{probe}: {error:?}"
        );
    }
}

#[test]
fn the_api_reference_describes_exactly_the_registered_functions() {
    let reference = api_reference();
    let signatures = registered_signatures();
    for signature in &signatures {
        let name = signature.split('(').next().unwrap_or_default();
        // Rhai's own maths, made portable, and `sleep`, registered only to refuse it.
        if !super::portable::REPLACED.contains(&name) {
            assert!(
                reference.iter().any(|doc| doc.name == name),
                "{signature} has no description in script/reference.rs"
            );
        }
    }
    for doc in &reference {
        assert!(
            !doc.signatures.is_empty(),
            "{} is described but not registered",
            doc.name
        );
        assert!(doc.usage.starts_with(&format!("{}(", doc.name)), "{doc:?}");
    }
    let train = reference.iter().find(|doc| doc.name == "train").unwrap();
    assert_eq!(train.signatures, ["train(_: map) -> map"]);
    let linspace = reference.iter().find(|doc| doc.name == "linspace").unwrap();
    assert!(
        linspace
            .signatures
            .contains(&"linspace(_: float, _: float, _: int) -> array".to_string()),
        "{linspace:?}"
    );
}

#[test]
fn a_spec_mistake_names_its_field_and_whole_numbers_are_numbers() {
    let error = error_of("let spec = experiment(\"xor\");\nspec.steps = 600.0;\ntrain(spec);");
    assert!(error.message.contains("`steps`"), "{error}");
    assert_eq!(error.line, Some(3));
    let error = error_of("let spec = experiment(\"xor\");\nspec.model.layers = [8];\ntrain(spec);");
    assert!(
        error.message.contains("`model`") && error.message.contains("Layer"),
        "{error}"
    );
    let (outputs, result) = run(
        "let spec = experiment(\"xor\");\nspec.optimizer.learning_rate = 1;\nspec.steps = 10;\n\
         spec.eval_every = 10;\nprint(train(spec).step);\nprint(sigmoid(0));\nprint(relu(-2));\n\
         print(linspace(0, 1, 3));",
    );
    result.unwrap();
    assert_eq!(texts(&outputs), ["10", "0.5", "0.0", "[0.0, 0.5, 1.0]"]);
}

#[test]
fn rhai_maths_gives_the_portable_bits() {
    let (outputs, result) = run(
        "print(sin(1.3));\nprint(exp(0.7));\nprint(2.0 ** 0.5);\nprint(3 ** 0.5);\n\
         let x = 2.0; x **= 1.5; print(x);\nprint(log(100.0));\nprint(atan(1.0, 2.0));",
    );
    result.unwrap();
    let expected = [
        libm::sin(1.3),
        libm::exp(0.7),
        libm::pow(2.0, 0.5),
        libm::pow(3.0, 0.5),
        libm::pow(2.0, 1.5),
        libm::log10(100.0),
        libm::atan2(1.0, 2.0),
    ];
    let expected: Vec<String> = expected.iter().map(|value| format!("{value:?}")).collect();
    assert_eq!(texts(&outputs), expected);
}
