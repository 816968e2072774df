//! Interoperability with the `openssl` command-line tool (OpenSSL 3). Each test prints a
//! note and passes when `openssl` (or its SM2 support) is not installed, so the suite
//! passes on any machine; on Debian with `openssl` 3.0 they all run.

use shenbao_core::crypto::{Algorithm, DEFAULT_ITERATIONS, KeyError, PrivateKey, PublicKey};
use std::path::Path;
use std::process::{Command, Output};

const MESSAGE: &[u8] = "申报通 interop message\n第二行".as_bytes();

fn run(args: &[&str]) -> Option<Output> {
    Command::new("openssl").args(args).output().ok()
}

/// `openssl` is installed (and, for SM2, supports it).
fn have_openssl(alg: Algorithm) -> bool {
    if run(&["version"]).is_none_or(|o| !o.status.success()) {
        eprintln!("note: `openssl` not found; OpenSSL interop test skipped");
        return false;
    }
    if alg == Algorithm::Sm2 {
        let ok = run(&["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2"]).is_some_and(|o| o.status.success());
        if !ok {
            eprintln!("note: this `openssl` has no SM2 support; SM2 interop test skipped");
            return false;
        }
    }
    true
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).to_str().unwrap().to_string()
}

fn openssl(args: &[&str]) -> Output {
    run(args).expect("openssl runs")
}

fn verify_args<'a>(alg: Algorithm, public: &'a str, msg: &'a str, sig: &'a str) -> Vec<&'a str> {
    let mut args = vec!["pkeyutl", "-verify", "-pubin", "-inkey", public, "-rawin"];
    if alg == Algorithm::Sm2 {
        args.extend(["-digest", "sm3", "-pkeyopt", "distid:1234567812345678"]);
    }
    args.extend(["-in", msg, "-sigfile", sig]);
    args
}

fn sign_args<'a>(alg: Algorithm, private: &'a str, msg: &'a str, sig: &'a str) -> Vec<&'a str> {
    let mut args = vec!["pkeyutl", "-sign", "-inkey", private, "-rawin"];
    if alg == Algorithm::Sm2 {
        args.extend(["-digest", "sm3", "-pkeyopt", "distid:1234567812345678"]);
    }
    args.extend(["-in", msg, "-out", sig]);
    args
}

fn genpkey_args(alg: Algorithm) -> Vec<&'static str> {
    match alg {
        Algorithm::Sm2 => vec!["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2"],
        Algorithm::Ed25519 => vec!["genpkey", "-algorithm", "ed25519"],
    }
}

/// Our signature verifies with `openssl pkeyutl -verify`; a tampered message does not.
fn our_signature_verifies_in_openssl(alg: Algorithm) {
    if !have_openssl(alg) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let key = PrivateKey::generate(alg).unwrap();
    let (public, msg, sig, bad) = (path(dir.path(), "pub.pem"), path(dir.path(), "msg"), path(dir.path(), "sig"), path(dir.path(), "bad"));
    std::fs::write(&public, key.public_key().to_pem()).unwrap();
    std::fs::write(&msg, MESSAGE).unwrap();
    std::fs::write(&sig, key.sign(MESSAGE)).unwrap();
    let mut tampered = MESSAGE.to_vec();
    tampered[0] ^= 1;
    std::fs::write(&bad, tampered).unwrap();

    let out = openssl(&verify_args(alg, &public, &msg, &sig));
    assert!(out.status.success(), "{alg:?}: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Signature Verified Successfully"));
    let out = openssl(&verify_args(alg, &public, &bad, &sig));
    assert!(!out.status.success(), "{alg:?}: tampered message verified");

    // OpenSSL reads our public key as the same key (same DER, hence same fingerprint).
    let out = openssl(&["pkey", "-pubin", "-in", &public, "-outform", "DER"]);
    assert!(out.status.success());
    assert_eq!(out.stdout, key.public_key().spki_der());
}

#[test]
fn sm2_signature_verifies_in_openssl() {
    our_signature_verifies_in_openssl(Algorithm::Sm2);
}

#[test]
fn ed25519_signature_verifies_in_openssl() {
    our_signature_verifies_in_openssl(Algorithm::Ed25519);
}

/// Our passphrase-protected key file (default iterations) opens with `openssl pkey`, with
/// an ASCII and a Chinese passphrase; the wrong passphrase does not open it.
fn our_encrypted_key_opens_in_openssl(alg: Algorithm) {
    if !have_openssl(alg) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let key = PrivateKey::generate(alg).unwrap();
    let file = path(dir.path(), "k.pem");
    std::fs::write(&file, key.to_encrypted_pem(b"s3cret pass").unwrap()).unwrap();

    let out = openssl(&["pkey", "-in", &file, "-passin", "pass:s3cret pass", "-pubout"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), key.public_key().to_pem());
    let out = openssl(&["pkey", "-in", &file, "-passin", "pass:wrong", "-pubout"]);
    assert!(!out.status.success());

    // The parameters are PBES2 / PBKDF2 (hmacWithSHA256, DEFAULT_ITERATIONS) / AES-256-CBC.
    let out = openssl(&["asn1parse", "-in", &file]);
    let dump = String::from_utf8_lossy(&out.stdout);
    for expected in ["PBES2", "PBKDF2", "hmacWithSHA256", "aes-256-cbc"] {
        assert!(dump.contains(expected), "{expected} missing in\n{dump}");
    }
    let iterations =
        dump.lines().filter(|l| l.contains("INTEGER")).filter_map(|l| u32::from_str_radix(l.rsplit(':').next()?.trim(), 16).ok()).collect::<Vec<_>>();
    assert_eq!(iterations, [DEFAULT_ITERATIONS], "{dump}");

    // A Chinese passphrase is its UTF-8 bytes for OpenSSL too.
    let pass = path(dir.path(), "pass.txt");
    std::fs::write(&pass, "申报通口令\n").unwrap();
    std::fs::write(&file, key.to_encrypted_pem_with_iterations("申报通口令".as_bytes(), 1000).unwrap()).unwrap();
    let out = openssl(&["pkey", "-in", &file, "-passin", &format!("file:{pass}"), "-pubout"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), key.public_key().to_pem());
}

#[test]
fn sm2_encrypted_key_opens_in_openssl() {
    our_encrypted_key_opens_in_openssl(Algorithm::Sm2);
}

#[test]
fn ed25519_encrypted_key_opens_in_openssl() {
    our_encrypted_key_opens_in_openssl(Algorithm::Ed25519);
}

/// A key made by `openssl genpkey` loads (plain and `pkcs8 -topk8` encrypted); its
/// `openssl pkeyutl -sign` signature verifies with us; our signature with the loaded key
/// verifies in OpenSSL.
fn openssl_key_and_signature_work_here(alg: Algorithm) {
    if !have_openssl(alg) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (private, encrypted, public, msg, sig, our_sig) = (
        path(dir.path(), "key.pem"),
        path(dir.path(), "enc.pem"),
        path(dir.path(), "pub.pem"),
        path(dir.path(), "msg"),
        path(dir.path(), "sig"),
        path(dir.path(), "oursig"),
    );
    let mut gen_args = genpkey_args(alg);
    gen_args.extend(["-out", &private]);
    assert!(openssl(&gen_args).status.success());
    assert!(openssl(&["pkey", "-in", &private, "-pubout", "-out", &public]).status.success());
    let out = openssl(&["pkcs8", "-topk8", "-in", &private, "-out", &encrypted, "-passout", "pass:pw", "-v2", "aes-256-cbc"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let key = PrivateKey::from_pkcs8_pem(&std::fs::read_to_string(&private).unwrap()).unwrap();
    assert_eq!(key.algorithm(), alg);
    let public_key = PublicKey::from_pem(&std::fs::read_to_string(&public).unwrap()).unwrap();
    assert_eq!(key.public_key(), public_key);
    let enc_text = std::fs::read_to_string(&encrypted).unwrap();
    let from_enc = PrivateKey::from_encrypted_pem(&enc_text, b"pw").unwrap();
    assert_eq!(from_enc.public_key(), public_key);
    assert_eq!(PrivateKey::from_encrypted_pem(&enc_text, b"pW").unwrap_err(), KeyError::WrongPassphrase);

    std::fs::write(&msg, MESSAGE).unwrap();
    let out = openssl(&sign_args(alg, &private, &msg, &sig));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let signature = std::fs::read(&sig).unwrap();
    assert!(public_key.verify(MESSAGE, &signature), "{alg:?}: OpenSSL signature rejected");
    assert!(!public_key.verify(b"other", &signature));

    std::fs::write(&our_sig, key.sign(MESSAGE)).unwrap();
    let out = openssl(&verify_args(alg, &public, &msg, &our_sig));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn openssl_sm2_key_and_signature_work_here() {
    openssl_key_and_signature_work_here(Algorithm::Sm2);
}

#[test]
fn openssl_ed25519_key_and_signature_work_here() {
    openssl_key_and_signature_work_here(Algorithm::Ed25519);
}
