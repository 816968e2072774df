//! Known-answer tests of the crypto module against published standard vectors.
//!
//! * SM3: GM/T 0004-2012 Appendix A (examples 1 and 2).
//! * SM2 signature: GM/T 0003.5-2012 / GB/T 32918.5-2017 Annex A (signature example on the
//!   recommended 256-bit curve, ID `1234567812345678`, message "message digest"); the
//!   same vector is in OpenSSL's `test/sm2_internal_test.c`.
//! * Ed25519: RFC 8032 §7.1, TEST 1–3.

use shenbao_core::crypto::{Algorithm, PrivateKey, PublicKey, SM2_DISTINGUISHING_ID, hex, sha256, sm3};

fn unhex(s: &str) -> Vec<u8> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn arr32(s: &str) -> [u8; 32] {
    unhex(s).try_into().unwrap()
}

#[test]
fn sm3_gmt_0004_appendix_a() {
    assert_eq!(sm3(b"abc"), arr32("66c7f0f4 62eeedd9 d1f2d46b dc10e4e2 4167c487 5cf2f7a2 297da02b 8f4ba8e0"));
    assert_eq!(sm3("abcd".repeat(16).as_bytes()), arr32("debe9ff9 2275b8a1 38604889 c18e5a4d 6fdb70e5 387e5765 293dcba3 9c0c5732"));
}

#[test]
fn sha256_fips_180() {
    assert_eq!(hex(&sha256(b"")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_eq!(hex(&sha256(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

// --- SM2, GM/T 0003.5-2012 / GB/T 32918.5-2017 Annex A -------------------------------

/// Recommended curve parameters (GM/T 0003.5 §2 / GB/T 32918.5 §3).
const A: &str = "FFFFFFFE FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF 00000000 FFFFFFFF FFFFFFFC";
const B: &str = "28E9FA9E 9D9F5E34 4D5A9E4B CF6509A7 F39789F5 15AB8F92 DDBCBD41 4D940E93";
const GX: &str = "32C4AE2C 1F198119 5F990446 6A39C994 8FE30BBF F2660BE1 715A4589 334C74C7";
const GY: &str = "BC3736A2 F4F6779C 59BDCEE3 6B692153 D0A9877C C62A4740 02DF32E5 2139F0A0";
/// Annex A: private key, public key, message, Z, e = SM3(Z ‖ M), k, and (r, s).
const D_A: &str = "3945208F 7B2144B1 3F36E38A C6D39F95 88939369 2860B51A 42FB81EF 4DF7C5B8";
const X_A: &str = "09F9DF31 1E5421A1 50DD7D16 1E4BC5C6 72179FAD 1833FC07 6BB08FF3 56F35020";
const Y_A: &str = "CCEA490C E26775A5 2DC6EA71 8CC1AA60 0AED05FB F35E084A 6632F607 2DA9AD13";
const MESSAGE: &[u8] = b"message digest";
const Z_A: &str = "B2E14C5C 79C6DF5B 85F4FE7E D8DB7A26 2B9DA7E0 7CCB0EA9 F4747B8C CDA8A4F3";
const E: &str = "F0B43E94 BA45ACCA ACE692ED 534382EB 17E6AB5A 19CE7B31 F4486FDF C0D28640";
const R: &str = "F5A03B06 48D2C463 0EEAC513 E1BB81A1 5944DA38 27D5B741 43AC7EAC EEE720B3";
const S: &str = "B1B6AA29 DF212FD8 763182BC 0D421CA1 BB9038FD 1F7F42D4 840B69C4 85BBC1AA";

/// SPKI of the Annex A public key, as OpenSSL writes SM2 keys.
fn annex_a_spki() -> Vec<u8> {
    let mut der = unhex("3059 3013 0607 2a8648ce3d0201 0608 2a811ccf5501822d 0342 00 04");
    der.extend(unhex(X_A));
    der.extend(unhex(Y_A));
    der
}

/// DER `SEQUENCE { INTEGER r, INTEGER s }` (both have the top bit set: 0x00 prefix).
fn annex_a_signature_der() -> Vec<u8> {
    let mut der = unhex("3046 0221 00");
    der.extend(unhex(R));
    der.extend(unhex("0221 00"));
    der.extend(unhex(S));
    der
}

#[test]
fn sm2_annex_a_z_and_e() {
    // Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A), computed independently of
    // the library, with the default ID; then e = SM3(Z_A ‖ M).
    let id = SM2_DISTINGUISHING_ID.as_bytes();
    assert_eq!(id, b"1234567812345678");
    let mut z_input = ((id.len() * 8) as u16).to_be_bytes().to_vec();
    z_input.extend_from_slice(id);
    for part in [A, B, GX, GY, X_A, Y_A] {
        z_input.extend(unhex(part));
    }
    let z = sm3(&z_input);
    assert_eq!(z, arr32(Z_A));
    let mut e_input = z.to_vec();
    e_input.extend_from_slice(MESSAGE);
    assert_eq!(sm3(&e_input), arr32(E));

    // The library's SM2 verifying key uses the same Z: its prehash check with the
    // published e accepts the published signature…
    use sm2::dsa::signature::{Verifier, hazmat::PrehashVerifier};
    let mut sec1 = vec![0x04];
    sec1.extend(unhex(X_A));
    sec1.extend(unhex(Y_A));
    let vk = sm2::dsa::VerifyingKey::from_sec1_bytes(SM2_DISTINGUISHING_ID, &sec1).unwrap();
    let sig = sm2::dsa::Signature::from_der(&annex_a_signature_der()).unwrap();
    assert!(vk.verify_prehash(&arr32(E), &sig).is_ok());
    // …and so does its message check, which computes Z itself.
    assert!(vk.verify(MESSAGE, &sig).is_ok());
}

#[test]
fn sm2_annex_a_signature_verifies() {
    let public = PublicKey::from_spki_der(&annex_a_spki()).unwrap();
    assert_eq!(public.algorithm(), Algorithm::Sm2);
    let sig = annex_a_signature_der();
    assert!(public.verify(MESSAGE, &sig));
    // Wrong message, and each bit of r and s flipped, fail.
    assert!(!public.verify(b"message digesT", &sig));
    for i in 5 * 8..sig.len() * 8 {
        let mut bad = sig.clone();
        bad[i / 8] ^= 1 << (i % 8);
        assert!(!public.verify(MESSAGE, &bad), "bit {i}");
    }
    // Raw r ‖ s (not DER) is refused: signatures are DER per GM/T 0009.
    let mut raw = unhex(R);
    raw.extend(unhex(S));
    assert!(!public.verify(MESSAGE, &raw));
    // Same signature checked with another ID's Z fails (the ID matters).
    let mut sec1 = vec![0x04];
    sec1.extend(unhex(X_A));
    sec1.extend(unhex(Y_A));
    use sm2::dsa::signature::Verifier;
    let other_id = sm2::dsa::VerifyingKey::from_sec1_bytes("ALICE123@YAHOO.COM", &sec1).unwrap();
    let parsed = sm2::dsa::Signature::from_der(&sig).unwrap();
    assert!(other_id.verify(MESSAGE, &parsed).is_err());
}

#[test]
fn sm2_annex_a_private_key() {
    // d_A gives the published public key, and our signatures with it verify against the
    // published public key (our nonce is RFC 6979, so (r, s) differ from Annex A's k).
    let key = PrivateKey::generate_from_seed(Algorithm::Sm2, &arr32(D_A)).unwrap();
    let public = key.public_key();
    assert_eq!(public.spki_der(), &annex_a_spki()[..]);
    let sig = key.sign(MESSAGE);
    let published = PublicKey::from_spki_der(&annex_a_spki()).unwrap();
    assert!(published.verify(MESSAGE, &sig));
    // Deterministic.
    assert_eq!(sig, key.sign(MESSAGE));
}

// --- Ed25519, RFC 8032 §7.1 ------------------------------------------------------------

struct Rfc8032 {
    secret: &'static str,
    public: &'static str,
    message: &'static str,
    signature: &'static str,
}

const RFC8032: [Rfc8032; 3] = [
    Rfc8032 {
        // TEST 1
        secret: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        public: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        message: "",
        signature: "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    },
    Rfc8032 {
        // TEST 2
        secret: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        public: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        message: "72",
        signature: "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    },
    Rfc8032 {
        // TEST 3
        secret: "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        public: "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        message: "af82",
        signature: "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    },
];

#[test]
fn ed25519_rfc8032_sign_and_verify() {
    for (i, v) in RFC8032.iter().enumerate() {
        let key = PrivateKey::generate_from_seed(Algorithm::Ed25519, &arr32(v.secret)).unwrap();
        let public = key.public_key();
        assert_eq!(public.algorithm(), Algorithm::Ed25519);
        // SPKI = 302a300506032b6570032100 ‖ public key (RFC 8410).
        assert_eq!(hex(public.spki_der()), format!("302a300506032b6570032100{}", v.public), "TEST {}", i + 1);
        let message = unhex(v.message);
        let signature = key.sign(&message);
        assert_eq!(hex(&signature), v.signature, "TEST {}", i + 1);
        assert!(public.verify(&message, &signature));
        let mut bad = signature.clone();
        bad[63] ^= 0x80;
        assert!(!public.verify(&message, &bad));
        let mut other = message.clone();
        other.push(0);
        assert!(!public.verify(&other, &signature));
    }
}

#[test]
fn fingerprint_is_of_spki_der() {
    let public = PublicKey::from_spki_der(&annex_a_spki()).unwrap();
    let fp = public.fingerprint();
    assert_eq!(fp.sm3, sm3(&annex_a_spki()));
    assert_eq!(fp.sha256, sha256(&annex_a_spki()));
    let grouped = fp.grouped();
    assert_eq!(grouped.len(), 16 * 4 + 15);
    assert_eq!(grouped.replace(' ', "").to_ascii_lowercase(), fp.sm3_hex());
}
