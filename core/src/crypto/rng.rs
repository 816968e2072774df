//! Randomness: `getrandom` (the OS natively; in the browser only when the app enables this
//! crate's `getrandom` feature together with `getrandom/wasm_js`).

use super::KeyError;

#[cfg(any(feature = "getrandom", not(all(target_family = "wasm", any(target_os = "unknown", target_os = "none")))))]
pub(crate) fn fill(buf: &mut [u8]) -> Result<(), KeyError> {
    getrandom::fill(buf).map_err(|e| KeyError::Random(e.to_string()))
}

#[cfg(not(any(feature = "getrandom", not(all(target_family = "wasm", any(target_os = "unknown", target_os = "none"))))))]
pub(crate) fn fill(_buf: &mut [u8]) -> Result<(), KeyError> {
    Err(KeyError::Random("此 WebAssembly 构建没有随机数源（需启用 shenbao-core 的 getrandom 特性及 getrandom/wasm_js）".into()))
}

/// A deterministic generator for callers that supply their own randomness: the SM3 hashes
/// of `seed ‖ counter` (counter big-endian u64), concatenated. With a fresh uniformly random
/// 32-byte seed this is a sound expansion (SM3 as a PRF); it lets SM2 encryption draw its
/// ephemeral scalar — with rejection sampling, so possibly more than 32 bytes — without core
/// reading entropy itself.
pub(crate) struct SeedRng {
    seed: zeroize::Zeroizing<[u8; 32]>,
    counter: u64,
    block: zeroize::Zeroizing<[u8; 32]>,
    used: usize,
}

impl SeedRng {
    pub(crate) fn new(seed: &[u8; 32]) -> Self {
        SeedRng { seed: zeroize::Zeroizing::new(*seed), counter: 0, block: zeroize::Zeroizing::new([0; 32]), used: 32 }
    }
}

impl sm2::elliptic_curve::rand_core::TryRng for SeedRng {
    type Error = core::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_be_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_be_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for byte in dst {
            if self.used == 32 {
                let mut input = [0u8; 40];
                input[..32].copy_from_slice(&self.seed[..]);
                input[32..].copy_from_slice(&self.counter.to_be_bytes());
                *self.block = super::sm3(&input);
                zeroize::Zeroize::zeroize(&mut input);
                self.counter += 1;
                self.used = 0;
            }
            *byte = self.block[self.used];
            self.used += 1;
        }
        Ok(())
    }
}

impl sm2::elliptic_curve::rand_core::TryCryptoRng for SeedRng {}
