"""Encrypted packages (`shenbao.encrypted/1`, docs/packages.md) made and opened outside Rust.

Written from the documentation: the content is SM4-GCM (Python `cryptography`), the content
key is SM2-encrypted as C1 ‖ C3 ‖ C2 with C1 = 04 ‖ x ‖ y (`gmssl` with mode=1 writes the
same without the 04), and the GCM associated data is the RFC 8785 JSON of every field but
`ciphertext`. OpenSSL opens the wrapped key once it is put in GM/T 0009 DER form.
"""

import json
import secrets

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from helpers import PASSPHRASE, GmsslSm2Key, _gmssl, b64, fingerprint, jcs, needs_openssl, openssl, pem_to_der, sm2_point_from_spki, unb64

FORMAT = "shenbao.encrypted/1"


def aad(doc: dict) -> bytes:
    return jcs({k: v for k, v in doc.items() if k != "ciphertext"})


def sm4_gcm_encrypt(key: bytes, nonce: bytes, plaintext: bytes, associated: bytes) -> bytes:
    enc = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    enc.authenticate_additional_data(associated)
    return enc.update(plaintext) + enc.finalize() + enc.tag


def sm4_gcm_decrypt(key: bytes, nonce: bytes, sealed: bytes, associated: bytes) -> bytes:
    dec = Cipher(algorithms.SM4(key), modes.GCM(nonce, sealed[-16:])).decryptor()
    dec.authenticate_additional_data(associated)
    return dec.update(sealed[:-16]) + dec.finalize()


def python_encrypt(package: bytes, bureau_public_pem: str) -> dict:
    """An encrypted package made with gmssl (SM2) and cryptography (SM4-GCM) only."""
    xy = sm2_point_from_spki(pem_to_der(bureau_public_pem))
    key, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    c = _gmssl("", xy, asn1=False)
    c.mode = 1  # C1C3C2
    wrapped = b"\x04" + c.encrypt(key)
    doc = {
        "format": FORMAT,
        "recipient": {"algorithm": "sm2", "fingerprint": fingerprint(bureau_public_pem)},
        "wrapped_key": b64(wrapped),
        "nonce": b64(nonce),
    }
    doc["ciphertext"] = b64(sm4_gcm_encrypt(key, nonce, package, aad(doc)))
    return doc


@pytest.fixture(scope="module")
def bureau(cli, work):
    """The bureau's SM2 key, made by `shenbao keygen`."""
    key = work / "bureau-enc.pem"
    cli.run("keygen", "--out", key)
    return key, work / "bureau-enc.pub.pem"


def test_python_decrypts_a_cli_encrypted_package(cli, packages, tmp_path):
    gm = GmsslSm2Key.generate()
    (tmp_path / "bureau.pub.pem").write_text(gm.public_key_pem)
    pkg = packages["both"].package.path
    out = tmp_path / "pkg.enc.json"
    cli.run("encrypt", pkg, "--to", tmp_path / "bureau.pub.pem", "-o", out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert set(doc) == {"format", "recipient", "wrapped_key", "nonce", "ciphertext"}
    assert doc["format"] == FORMAT
    assert doc["recipient"] == {"algorithm": "sm2", "fingerprint": fingerprint(gm.public_key_pem)}

    wrapped = unb64(doc["wrapped_key"])
    assert len(wrapped) == 65 + 32 + 16 and wrapped[0] == 4
    c = _gmssl(gm.private_hex, gm.xy_hex, asn1=False)
    c.mode = 1
    key = c.decrypt(wrapped[1:])
    assert key is not None and len(key) == 16
    nonce = unb64(doc["nonce"])
    assert len(nonce) == 12
    plain = sm4_gcm_decrypt(key, nonce, unb64(doc["ciphertext"]), aad(doc))
    assert plain == pkg.read_bytes(), "the signed file, byte for byte"

    # The header is authenticated: another recipient fingerprint fails the tag.
    forged = dict(doc, recipient={"algorithm": "sm2", "fingerprint": "0" * 64})
    with pytest.raises(Exception):
        sm4_gcm_decrypt(key, nonce, unb64(doc["ciphertext"]), aad(forged))


def test_cli_decrypts_and_verifies_a_python_encrypted_package(cli, packages, bureau, tmp_path):
    key, pub = bureau
    pkg = packages["both"].package.path
    sealed = tmp_path / "python.enc.json"
    sealed.write_text(json.dumps(python_encrypt(pkg.read_bytes(), pub.read_text()), indent=2), encoding="utf-8")

    out = tmp_path / "back.json"
    cli.run("decrypt", sealed, "--key", key, "-o", out)
    assert out.read_bytes() == pkg.read_bytes()

    r = cli.run("verify", sealed, "--key", key, "--format", "json", check=False)
    result = json.loads(r.stdout)
    assert result[0]["decrypted"] is True
    # No trust list here: the signature checks out, only the signer is unregistered.
    assert [p["code"] for p in result[0]["problems"]] == ["signer_unknown"], result

    # One flipped bit of the ciphertext: refused.
    doc = json.loads(sealed.read_text(encoding="utf-8"))
    ct = bytearray(unb64(doc["ciphertext"]))
    ct[0] ^= 1
    doc["ciphertext"] = b64(bytes(ct))
    (tmp_path / "bad.enc.json").write_text(json.dumps(doc), encoding="utf-8")
    r = cli.run("decrypt", tmp_path / "bad.enc.json", "--key", key, "-o", tmp_path / "bad.json", check=False)
    assert r.returncode == 2 and "已被改动" in r.stderr, r.stderr


def der_len(n: int) -> bytes:
    return bytes([n]) if n < 0x80 else bytes([0x81, n]) if n < 0x100 else bytes([0x82, n >> 8, n & 0xFF])


def der_int(b: bytes) -> bytes:
    b = b.lstrip(b"\x00") or b"\x00"
    if b[0] & 0x80:
        b = b"\x00" + b
    return b"\x02" + der_len(len(b)) + b


def sm2_cipher_der(raw: bytes) -> bytes:
    """C1 ‖ C3 ‖ C2 → GM/T 0009 SEQUENCE { x INTEGER, y INTEGER, hash OCTET STRING, ciphertext OCTET STRING }."""
    x, y, c3, c2 = raw[1:33], raw[33:65], raw[65:97], raw[97:]
    body = der_int(x) + der_int(y) + b"\x04" + der_len(len(c3)) + c3 + b"\x04" + der_len(len(c2)) + c2
    return b"\x30" + der_len(len(body)) + body


@needs_openssl
def test_openssl_unwraps_the_content_key(cli, packages, bureau, tmp_path):
    key, pub = bureau
    out = tmp_path / "pkg.enc.json"
    cli.run("encrypt", packages["sm2"].package.path, "--to", pub, "-o", out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    (tmp_path / "wrapped.der").write_bytes(sm2_cipher_der(unb64(doc["wrapped_key"])))
    r = openssl("pkeyutl", "-decrypt", "-inkey", key, "-passin", f"pass:{PASSPHRASE}", "-in", tmp_path / "wrapped.der")
    content_key = r.stdout
    assert len(content_key) == 16
    plain = sm4_gcm_decrypt(content_key, unb64(doc["nonce"]), unb64(doc["ciphertext"]), aad(doc))
    assert plain == packages["sm2"].package.path.read_bytes()
