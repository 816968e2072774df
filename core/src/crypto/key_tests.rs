//! Round trips, OpenSSL-made fixtures and every error case of key files and signatures.
//! (Known-answer tests: `core/tests/crypto_kat.rs`; live OpenSSL: `core/tests/crypto_openssl.rs`.)

use super::*;

/// Iterations for tests: encryption must be fast in debug builds.
const FAST: u32 = 16;

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("testdata/", $name))
    };
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.trim().len()).step_by(2).map(|i| u8::from_str_radix(&s.trim()[i..i + 2], 16).unwrap()).collect()
}

fn keys() -> Vec<PrivateKey> {
    Algorithm::ALL.into_iter().map(|a| PrivateKey::generate(a).unwrap()).collect()
}

#[test]
fn generate_sign_verify() {
    for key in keys() {
        let public = key.public_key();
        assert_eq!(public.algorithm(), key.algorithm());
        let msg = b"\xe7\x94\xb3\xe6\x8a\xa5\xe9\x80\x9a package manifest";
        let sig = key.sign(msg);
        assert!(public.verify(msg, &sig), "{:?}", key.algorithm());
        assert!(public.verify(msg, &key.sign(msg)));
        match key.algorithm() {
            Algorithm::Ed25519 => assert_eq!(sig.len(), 64),
            Algorithm::Sm2 => {
                assert_eq!(sig[0], 0x30, "DER SEQUENCE");
                assert!((8..=72).contains(&sig.len()));
            }
        }
        // Every flipped bit of the message or signature fails.
        for i in 0..msg.len() {
            let mut m = msg.to_vec();
            m[i] ^= 0x01;
            assert!(!public.verify(&m, &sig));
        }
        for i in 0..sig.len() * 8 {
            let mut s = sig.clone();
            s[i / 8] ^= 1 << (i % 8);
            assert!(!public.verify(msg, &s), "bit {i} of {:?}", key.algorithm());
        }
        assert!(!public.verify(b"", &sig));
        // Another key of the same algorithm does not verify it.
        let other = PrivateKey::generate(key.algorithm()).unwrap().public_key();
        assert!(!other.verify(msg, &sig));
    }
}

#[test]
fn verify_never_panics_on_garbage() {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state as u8
    };
    for key in keys() {
        let public = key.public_key();
        let real = key.sign(b"m");
        let mut cases: Vec<Vec<u8>> = vec![
            vec![],
            vec![0; 64],
            vec![0xff; 64],
            vec![0x30, 0x00],
            vec![0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00],
            vec![0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01],
            vec![0x30, 0x80, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0, 0],
            real[..real.len() - 1].to_vec(),
            [&real[..], &[0]].concat(),
        ];
        for len in [1, 2, 31, 32, 63, 64, 65, 70, 71, 72, 73, 200] {
            cases.push((0..len).map(|_| next()).collect());
        }
        for case in cases {
            assert!(!public.verify(b"m", &case));
        }
    }
}

#[test]
fn public_pem_round_trip() {
    for key in keys() {
        let public = key.public_key();
        let pem = public.to_pem();
        assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
        assert!(pem.ends_with("-----END PUBLIC KEY-----\n"));
        let back = PublicKey::from_pem(&pem).unwrap();
        assert_eq!(back, public);
        assert_eq!(back.spki_der(), public.spki_der());
        assert_eq!(back.fingerprint(), public.fingerprint());
        assert_eq!(PublicKey::from_spki_der(public.spki_der()).unwrap(), public);
        let sig = key.sign(b"x");
        assert!(back.verify(b"x", &sig));
        let expected_len = match key.algorithm() {
            Algorithm::Sm2 => 91,
            Algorithm::Ed25519 => 44,
        };
        assert_eq!(public.spki_der().len(), expected_len);
        assert_eq!(public.fingerprint().sm3, sm3(public.spki_der()));
        assert_eq!(public.fingerprint().sha256, sha256(public.spki_der()));
    }
}

#[test]
fn encrypted_pem_round_trip() {
    for key in keys() {
        let pem = key.to_encrypted_pem_with_iterations(b"correct horse", FAST).unwrap();
        assert!(pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
        let back = PrivateKey::from_encrypted_pem(&pem, b"correct horse").unwrap();
        assert_eq!(back.algorithm(), key.algorithm());
        assert_eq!(back.public_key(), key.public_key());
        let sig = back.sign(b"after reload");
        assert!(key.public_key().verify(b"after reload", &sig));
        // Fresh salt and IV each time.
        let again = key.to_encrypted_pem_with_iterations(b"correct horse", FAST).unwrap();
        assert_ne!(pem, again);
        // Deterministic with given salt and IV.
        let a = key.to_encrypted_pem_with_params(b"p", FAST, &[1; 16], &[2; 16]).unwrap();
        let b = key.to_encrypted_pem_with_params(b"p", FAST, &[1; 16], &[2; 16]).unwrap();
        assert_eq!(a, b);
        // Non-ASCII passphrases are bytes (UTF-8).
        let pem = key.to_encrypted_pem_with_iterations("申报通口令".as_bytes(), FAST).unwrap();
        assert!(PrivateKey::from_encrypted_pem(&pem, "申报通口令".as_bytes()).is_ok());
    }
}

#[test]
fn encryption_parameters() {
    let key = PrivateKey::generate(Algorithm::Sm2).unwrap();
    assert_eq!(key.to_encrypted_pem_with_iterations(b"", FAST).unwrap_err(), KeyError::EmptyPassphrase);
    assert!(matches!(key.to_encrypted_pem_with_iterations(b"p", 0), Err(KeyError::Internal(_))));
    assert!(matches!(key.to_encrypted_pem_with_iterations(b"p", MAX_ITERATIONS + 1), Err(KeyError::Internal(_))));
}

#[test]
fn wrong_passphrase_is_not_corruption() {
    for key in keys() {
        let pem = key.to_encrypted_pem_with_iterations(b"right", 1).unwrap();
        // Enough tries that some wrong keys pass the CBC padding check by chance
        // (≈1 in 256) and must still be reported as a wrong passphrase.
        for i in 0..1000u32 {
            let wrong = format!("wrong{i}");
            assert_eq!(PrivateKey::from_encrypted_pem(&pem, wrong.as_bytes()).unwrap_err(), KeyError::WrongPassphrase);
        }
        assert_eq!(PrivateKey::from_encrypted_pem(&pem, b"").unwrap_err(), KeyError::WrongPassphrase);
        assert!(PrivateKey::from_encrypted_pem(&pem, b"right").is_ok());
    }
}

#[test]
fn corrupted_files() {
    let key = PrivateKey::generate(Algorithm::Sm2).unwrap();
    let pem = key.to_encrypted_pem_with_iterations(b"pw", FAST).unwrap();
    let der = pem::decode(&pem).unwrap().der.to_vec();

    // Truncated file (END line missing).
    let cut = &pem[..pem.len() / 2];
    assert!(matches!(PrivateKey::from_encrypted_pem(cut, b"pw"), Err(KeyError::Corrupted(_))));
    // Truncated Base64 body, END line intact.
    let lines: Vec<&str> = pem.lines().collect();
    let mut short = lines.clone();
    short.remove(2);
    let short = short.join("\n");
    assert!(matches!(PrivateKey::from_encrypted_pem(&short, b"pw"), Err(KeyError::Corrupted(_))));
    // Valid Base64 of a truncated DER.
    for len in [0, 1, 10, der.len() / 2, der.len() - 16, der.len() - 1] {
        let text = pem::encode("ENCRYPTED PRIVATE KEY", &der[..len]);
        assert!(matches!(PrivateKey::from_encrypted_pem(&text, b"pw"), Err(KeyError::Corrupted(_))), "len {len}");
    }
    // Garbage in the outer structure.
    let mut broken = der.clone();
    broken[0] = 0x31;
    let text = pem::encode("ENCRYPTED PRIVATE KEY", &broken);
    assert!(matches!(PrivateKey::from_encrypted_pem(&text, b"pw"), Err(KeyError::Corrupted(_))));
    // Any single flipped byte anywhere: an error, never a panic, never a different key.
    for i in 0..der.len() {
        let mut d = der.clone();
        d[i] ^= 0x55;
        let text = pem::encode("ENCRYPTED PRIVATE KEY", &d);
        if let Ok(k) = PrivateKey::from_encrypted_pem(&text, b"pw") {
            assert_eq!(k.public_key(), key.public_key(), "byte {i}");
        }
    }
    // Broken public key.
    let public = key.public_key();
    let mut spki = public.spki_der().to_vec();
    let last = spki.len() - 1;
    spki[last] ^= 1; // no longer on the curve
    assert!(matches!(PublicKey::from_spki_der(&spki), Err(KeyError::Corrupted(_))));
    assert!(matches!(PublicKey::from_spki_der(&spki[..50]), Err(KeyError::Corrupted(_))));
    assert!(matches!(PublicKey::from_pem(&public.to_pem()[..60]), Err(KeyError::Corrupted(_))));
}

#[test]
fn wrong_kinds_of_file() {
    let key = PrivateKey::generate(Algorithm::Ed25519).unwrap();
    let public_pem = key.public_key().to_pem();
    let encrypted = key.to_encrypted_pem_with_iterations(b"pw", FAST).unwrap();

    // Public key where a private key is expected, and the reverse.
    assert_eq!(PrivateKey::from_encrypted_pem(&public_pem, b"pw").unwrap_err(), KeyError::PublicKeyGiven);
    assert_eq!(PrivateKey::from_pkcs8_pem(&public_pem).unwrap_err(), KeyError::PublicKeyGiven);
    assert_eq!(PublicKey::from_pem(&encrypted).unwrap_err(), KeyError::PrivateKeyGiven);
    assert_eq!(PublicKey::from_pem(fixture!("openssl-sm2-private.pem")).unwrap_err(), KeyError::PrivateKeyGiven);
    // Unencrypted private key where a protected one is required, and the reverse.
    assert_eq!(PrivateKey::from_encrypted_pem(fixture!("openssl-sm2-private.pem"), b"pw").unwrap_err(), KeyError::NotEncrypted);
    assert_eq!(PrivateKey::from_pkcs8_pem(&encrypted).unwrap_err(), KeyError::PassphraseRequired);
    // Not key files.
    for text in ["", "   \n", "hello world", "{\"not\": \"a key\"}", "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE"] {
        assert!(matches!(PublicKey::from_pem(text), Err(KeyError::NotAKeyFile(_))), "{text:?}");
        assert!(matches!(PrivateKey::from_encrypted_pem(text, b"pw"), Err(KeyError::NotAKeyFile(_))));
        assert!(matches!(PrivateKey::from_pkcs8_pem(text), Err(KeyError::NotAKeyFile(_))));
    }
    let cert = "-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n";
    assert!(matches!(PublicKey::from_pem(cert), Err(KeyError::NotAKeyFile(_))));
    assert!(matches!(PrivateKey::from_encrypted_pem(cert, b"pw"), Err(KeyError::NotAKeyFile(_))));
}

#[test]
fn unsupported_algorithms() {
    for (pem, name) in [(fixture!("rsa-public.pem"), "RSA"), (fixture!("p256-public.pem"), "P-256")] {
        match PublicKey::from_pem(pem) {
            Err(KeyError::UnsupportedAlgorithm(n)) => assert!(n.contains(name), "{n}"),
            other => panic!("{other:?}"),
        }
    }
    for (pem, name) in [(fixture!("rsa-private.pem"), "RSA"), (fixture!("p256-private.pem"), "P-256"), (fixture!("ed448-private.pem"), "Ed448")] {
        match PrivateKey::from_pkcs8_pem(pem) {
            Err(KeyError::UnsupportedAlgorithm(n)) => assert!(n.contains(name), "{n}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(PrivateKey::from_encrypted_pem(pem, b"x").unwrap_err(), KeyError::NotEncrypted);
    }
    // An encrypted P-256 key opens, then is refused for its algorithm.
    match PrivateKey::from_encrypted_pem(fixture!("p256-encrypted.pem"), b"x") {
        Err(KeyError::UnsupportedAlgorithm(n)) => assert!(n.contains("P-256"), "{n}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(PrivateKey::from_encrypted_pem(fixture!("p256-encrypted.pem"), b"y").unwrap_err(), KeyError::WrongPassphrase);
    // Encryption schemes we do not read.
    for pem in [fixture!("openssl-sm2-pbes1.pem"), fixture!("openssl-sm2-sm4.pem")] {
        assert!(matches!(PrivateKey::from_encrypted_pem(pem, b"secret"), Err(KeyError::UnsupportedEncryption(_))));
    }
    let legacy = "-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\nAQID\n-----END EC PRIVATE KEY-----\n";
    assert!(matches!(PrivateKey::from_encrypted_pem(legacy, b"secret"), Err(KeyError::UnsupportedEncryption(_))));
}

#[test]
fn openssl_fixtures_load() {
    // SM2: plain, PBKDF2 (OpenSSL's 2048 iterations) and scrypt all give the same key,
    // whose public half is OpenSSL's public key file, byte for byte.
    let public = PublicKey::from_pem(fixture!("openssl-sm2-public.pem")).unwrap();
    assert_eq!(public.algorithm(), Algorithm::Sm2);
    assert_eq!(public.fingerprint().sm3_hex(), "179a5ad5d7bffd0830413e76ec53af14aca037a48583ea2e6700b6f80fd625ae");
    assert_eq!(public.fingerprint().sha256_hex(), "83aee9422b8980d31bfc4c76d060211deacb9a49c267b7a394065f73e07eb585");
    assert_eq!(public.to_pem(), fixture!("openssl-sm2-public.pem"));
    let plain = PrivateKey::from_pkcs8_pem(fixture!("openssl-sm2-private.pem")).unwrap();
    let pbkdf2 = PrivateKey::from_encrypted_pem(fixture!("openssl-sm2-encrypted.pem"), b"secret").unwrap();
    let scrypt = PrivateKey::from_encrypted_pem(fixture!("openssl-sm2-scrypt.pem"), b"secret").unwrap();
    for k in [&plain, &pbkdf2, &scrypt] {
        assert_eq!(k.public_key(), public);
    }
    assert_eq!(PrivateKey::from_encrypted_pem(fixture!("openssl-sm2-scrypt.pem"), b"Secret").unwrap_err(), KeyError::WrongPassphrase);
    // Our PKCS#8 encoding of the SM2 key is OpenSSL's, byte for byte.
    let ours = plain.pkcs8_der().unwrap();
    assert_eq!(&ours[..], &pem::decode(fixture!("openssl-sm2-private.pem")).unwrap().der[..]);
    let sig = unhex(fixture!("openssl-sm2-signature.hex"));
    assert!(public.verify(b"Shenbao test message", &sig));
    assert!(!public.verify(b"Shenbao test message!", &sig));

    // Ed25519.
    let public = PublicKey::from_pem(fixture!("openssl-ed25519-public.pem")).unwrap();
    assert_eq!(public.algorithm(), Algorithm::Ed25519);
    assert_eq!(public.fingerprint().sm3_hex(), "bd5cdf26b4dfce23a4b75a2bbf507a15641611cb85dcf7b806408fcc312150ba");
    assert_eq!(public.fingerprint().sha256_hex(), "e38f498e52467b9152356965cc2d20d9f4403fd9915cdef57eca0bee164ca651");
    assert_eq!(public.to_pem(), fixture!("openssl-ed25519-public.pem"));
    let plain = PrivateKey::from_pkcs8_pem(fixture!("openssl-ed25519-private.pem")).unwrap();
    let enc = PrivateKey::from_encrypted_pem(fixture!("openssl-ed25519-encrypted.pem"), b"secret").unwrap();
    assert_eq!(plain.public_key(), public);
    assert_eq!(enc.public_key(), public);
    assert_eq!(&plain.pkcs8_der().unwrap()[..], &pem::decode(fixture!("openssl-ed25519-private.pem")).unwrap().der[..]);
    let sig = unhex(fixture!("openssl-ed25519-signature.hex"));
    assert!(public.verify(b"Shenbao test message", &sig));
    // Ed25519 is deterministic: our signature is OpenSSL's.
    assert_eq!(plain.sign(b"Shenbao test message"), sig);
}

#[test]
fn seeds() {
    let seed = [7u8; 32];
    for alg in Algorithm::ALL {
        let a = PrivateKey::generate_from_seed(alg, &seed).unwrap();
        let b = PrivateKey::generate_from_seed(alg, &seed).unwrap();
        assert_eq!(a.public_key(), b.public_key());
    }
    // SM2 scalars must be in [1, n−2].
    let n_minus_1 = unhex("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54122");
    let n_minus_2 = unhex("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54121");
    for bad in [vec![0u8; 32], vec![0xff; 32], n_minus_1] {
        let bad: [u8; 32] = bad.try_into().unwrap();
        assert!(matches!(PrivateKey::generate_from_seed(Algorithm::Sm2, &bad), Err(KeyError::Random(_))));
    }
    let edge: [u8; 32] = n_minus_2.try_into().unwrap();
    let key = PrivateKey::generate_from_seed(Algorithm::Sm2, &edge).unwrap();
    assert!(key.public_key().verify(b"m", &key.sign(b"m")));
}

#[test]
fn debug_does_not_print_secrets() {
    let seed = [0x42u8; 32];
    for alg in Algorithm::ALL {
        let key = PrivateKey::generate_from_seed(alg, &seed).unwrap();
        let text = format!("{key:?}");
        assert!(text.contains("PrivateKey"));
        assert!(!text.to_ascii_lowercase().contains("4242"), "{text}");
        assert!(!text.contains("66, 66"), "{text}");
    }
}

#[test]
fn messages_are_chinese() {
    assert_eq!(KeyError::WrongPassphrase.to_string(), "口令错误，无法解开私钥文件");
    assert!(KeyError::NotAKeyFile("x".into()).to_string().starts_with("文件不是 PEM 格式的密钥文件"));
    assert_eq!(KeyError::Corrupted("x".into()).to_string(), "密钥文件已损坏：x");
    assert_eq!(KeyError::UnsupportedAlgorithm("RSA".into()).to_string(), "不支持的密钥算法：RSA（只支持 SM2 和 Ed25519）");
    assert_eq!(KeyError::NotEncrypted.to_string(), "这是未加密的私钥文件；申报通只接受口令保护的私钥");
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn readers_never_panic(text in ".{0,400}") {
            let _ = PublicKey::from_pem(&text);
            let _ = PrivateKey::from_pkcs8_pem(&text);
            let _ = PrivateKey::from_encrypted_pem(&text, b"pw");
        }

        #[test]
        fn der_readers_never_panic(der in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = PublicKey::from_spki_der(&der);
            let _ = PrivateKey::from_pkcs8_der(&der);
            let _ = PrivateKey::from_encrypted_der(&der, b"pw");
            let pem = pem::encode("PUBLIC KEY", &der);
            let _ = PublicKey::from_pem(&pem);
        }

        #[test]
        fn pem_body_garbage_never_panics(body in "[A-Za-z0-9+/=\n]{0,300}") {
            for label in ["PUBLIC KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY"] {
                let text = format!("-----BEGIN {label}-----\n{body}\n-----END {label}-----\n");
                let _ = PublicKey::from_pem(&text);
                let _ = PrivateKey::from_pkcs8_pem(&text);
                let _ = PrivateKey::from_encrypted_pem(&text, b"pw");
            }
        }
    }
}

#[test]
fn embedded_public_key_must_match() {
    for name in ["sm2", "ed25519"] {
        let text = match name {
            "sm2" => fixture!("openssl-sm2-private.pem"),
            _ => fixture!("openssl-ed25519-private.pem"),
        };
        let mut der = pem::decode(text).unwrap().der.to_vec();
        if name == "ed25519" {
            // OpenSSL writes v1 (no public key); build v2 with a wrong public key.
            let wrong_public = [0x55u8; 32];
            der[1] += 3 + 32;
            der[4] = 1; // version 2
            der.extend([0x81, 0x21, 0x00]);
            der.extend(wrong_public);
            assert!(matches!(PrivateKey::from_pkcs8_der(&der), Err(KeyError::Corrupted(_))));
            // With the right public key it loads.
            let key = PrivateKey::from_pkcs8_pem(text).unwrap();
            let n = der.len();
            der[n - 32..].copy_from_slice(&key.public_key().spki_der()[12..]);
            let r = PrivateKey::from_pkcs8_der(&der);
            assert!(r.is_ok(), "{:?} {}", r, hex(&der));
        } else {
            let n = der.len();
            der[n - 1] ^= 1; // last byte of the embedded public point
            assert!(matches!(PrivateKey::from_pkcs8_der(&der), Err(KeyError::Corrupted(_))));
        }
    }
}
