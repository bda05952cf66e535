//! The transcendental functions the engine computes on the host, from the `libm` crate (a
//! port of musl's). The standard library's calls the platform's C library natively (glibc,
//! whose last bits differ from musl's) and a Rust port in wasm, so with it the same script or
//! CPU run would give slightly different numbers in the browser and natively; with these it
//! gives identical ones. (`sqrt` and `powi` are exact or portable already.)

pub fn sin(x: f32) -> f32 {
    libm::sinf(x)
}

pub fn cos(x: f32) -> f32 {
    libm::cosf(x)
}

pub fn tanh(x: f32) -> f32 {
    libm::tanhf(x)
}

pub fn exp(x: f32) -> f32 {
    libm::expf(x)
}

pub fn ln(x: f32) -> f32 {
    libm::logf(x)
}

/// √(x² + y²) without overflow.
pub fn hypot(x: f32, y: f32) -> f32 {
    libm::hypotf(x, y)
}

/// ln(1 + x), accurate for small x.
pub fn ln_1p(x: f32) -> f32 {
    libm::log1pf(x)
}
