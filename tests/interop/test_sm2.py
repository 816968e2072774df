"""SM2-with-SM3 packages signed by our CLI verify with Python `gmssl` and with OpenSSL."""

import pytest
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature
from gmssl import sm2 as gm_sm2

from helpers import SM2_ID, fingerprint, gmssl_sm2_verify, needs_openssl, openssl, pem_to_der, sha256_hex, sm2_point_from_spki, sm3_hex


@pytest.mark.parametrize("which", ["sm2", "both"])
def test_gmssl_verifies_cli_sm2_signature(packages, which):
    pkg = packages[which].package
    key = pkg.key("sm2")
    der = pem_to_der(key["public_key_pem"])
    assert key["fingerprint"] == fingerprint(key["public_key_pem"])
    assert key["fingerprint_sha256"] == sha256_hex(der)
    point = sm2_point_from_spki(der)
    sig = pkg.signature(key["fingerprint"])
    assert gmssl_sm2_verify(point, sig, pkg.pae())
    assert not gmssl_sm2_verify(point, sig, pkg.pae() + b" ")


def test_sm2_signature_is_strict_der_sequence_of_two_integers(packages):
    """GM/T 0009: SEQUENCE { r INTEGER, s INTEGER }, minimal (DER) encoding, r and s in [1, n-1]."""
    pkg = packages["sm2"].package
    sig = pkg.signature(pkg.key("sm2")["fingerprint"])
    r, s = decode_dss_signature(sig)
    n = int("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123", 16)
    assert 0 < r < n and 0 < s < n
    assert encode_dss_signature(r, s) == sig


@needs_openssl
@pytest.mark.parametrize("which", ["sm2", "both"])
def test_openssl_verifies_cli_sm2_signature(packages, tmp_path, which):
    pkg = packages[which].package
    key = pkg.key("sm2")
    (tmp_path / "pub.pem").write_text(key["public_key_pem"])
    (tmp_path / "pae.bin").write_bytes(pkg.pae())
    (tmp_path / "sig.der").write_bytes(pkg.signature(key["fingerprint"]))
    args = ["pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-digest", "sm3", "-pkeyopt", "distid:1234567812345678", "-in", "pae.bin", "-sigfile", "sig.der"]
    r = openssl(*args, cwd=tmp_path, check=False)
    assert r.returncode == 0 and b"Signature Verified Successfully" in r.stdout, r

    # The distinguishing ID is part of the signed hash: another ID must fail.
    wrong_id = [a.replace("distid:1234567812345678", "distid:1234567812345679") for a in args]
    r = openssl(*wrong_id, cwd=tmp_path, check=False)
    assert r.returncode != 0 and b"Signature Verification Failure" in r.stdout, r


def test_gmssl_hashes_with_our_distinguishing_id(packages):
    """gmssl has no ID parameter: check that its e = SM3(Z || M) is the GM/T 0003 one with
    ID 1234567812345678, computed here from the standard's definition."""
    pkg = packages["sm2"].package
    point = sm2_point_from_spki(pem_to_der(pkg.key("sm2")["public_key_pem"]))
    t = gm_sm2.default_ecc_table
    z = bytes.fromhex(sm3_hex((len(SM2_ID) * 8).to_bytes(2, "big") + SM2_ID + bytes.fromhex(t["a"] + t["b"] + t["g"] + point)))
    e = sm3_hex(z + pkg.pae())
    c = gm_sm2.CryptSM2(private_key="", public_key="")
    c.public_key = point
    assert c._sm3_z(pkg.pae()) == e
