//! A package file as a reviewer opens it: bytes → text → `package::verify` with a fixed
//! trust list (seed packages are signed with its key, so mutations reach every check).
#![no_main]

use libfuzzer_sys::fuzz_target;
use shenbao_core::input;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = input::text(data, input::MAX_PACKAGE_BYTES) else { return };
    let v = shenbao_fuzz::verify(text);
    shenbao_fuzz::assert_consistent(&v);
});
