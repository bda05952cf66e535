//! Rhai's own floating-point functions, replaced by `libm`'s (as the engine's are, see
//! `crate::math`), so that a script prints the same digits in the browser and natively: Rhai
//! calls the standard library, which calls glibc natively and a Rust port in wasm, and their
//! last bits differ. `**` on floats is replaced too, which needs Rhai's fast operators off.

use rhai::{Engine, FLOAT, INT};

/// Rhai's functions (and operator) that this module replaces: the API reference leaves them
/// to Rhai's book.
#[cfg(test)]
pub const REPLACED: [&str; 19] = [
    "sin", "cos", "tan", "sinh", "cosh", "tanh", "asin", "acos", "atan", "asinh", "acosh", "atanh",
    "exp", "ln", "log", "hypot", "**", "**=", "sleep",
];

/// A function of one float, under its Rhai name.
type Unary = (&'static str, fn(FLOAT) -> FLOAT);

pub fn register(engine: &mut Engine) {
    let one: [Unary; 14] = [
        ("sin", libm::sin),
        ("cos", libm::cos),
        ("tan", libm::tan),
        ("sinh", libm::sinh),
        ("cosh", libm::cosh),
        ("tanh", libm::tanh),
        ("asin", libm::asin),
        ("acos", libm::acos),
        ("atan", libm::atan),
        ("asinh", libm::asinh),
        ("acosh", libm::acosh),
        ("atanh", libm::atanh),
        ("exp", libm::exp),
        ("ln", libm::log),
    ];
    for (name, function) in one {
        engine.register_fn(name, function);
    }
    engine.register_fn("log", libm::log10);
    engine.register_fn("log", |x: FLOAT, base: FLOAT| {
        libm::log(x) / libm::log(base)
    });
    engine.register_fn("atan", |x: FLOAT, y: FLOAT| libm::atan2(x, y));
    engine.register_fn("hypot", |x: FLOAT, y: FLOAT| libm::hypot(x, y));
    engine.set_fast_operators(false);
    engine.register_fn("**", |x: FLOAT, y: FLOAT| libm::pow(x, y));
    engine.register_fn("**", |x: FLOAT, y: INT| libm::pow(x, y as FLOAT));
    engine.register_fn("**", |x: INT, y: FLOAT| libm::pow(x as FLOAT, y));
    engine.register_fn("**=", |x: &mut FLOAT, y: FLOAT| *x = libm::pow(*x, y));
    engine.register_fn("**=", |x: &mut FLOAT, y: INT| {
        *x = libm::pow(*x, y as FLOAT)
    });
}
