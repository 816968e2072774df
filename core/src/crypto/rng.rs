//! Randomness: `getrandom` (the OS natively; in the browser only when the app enables this
//! crate's `getrandom` feature together with `getrandom/wasm_js`).

use super::KeyError;

#[cfg(any(
    feature = "getrandom",
    not(all(target_family = "wasm", any(target_os = "unknown", target_os = "none")))
))]
pub(crate) fn fill(buf: &mut [u8]) -> Result<(), KeyError> {
    getrandom::fill(buf).map_err(|e| KeyError::Random(e.to_string()))
}

#[cfg(not(any(
    feature = "getrandom",
    not(all(target_family = "wasm", any(target_os = "unknown", target_os = "none")))
)))]
pub(crate) fn fill(_buf: &mut [u8]) -> Result<(), KeyError> {
    Err(KeyError::Random(
        "此 WebAssembly 构建没有随机数源（需启用 shenbao-core 的 getrandom 特性及 getrandom/wasm_js）"
            .into(),
    ))
}
