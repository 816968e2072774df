"""Ed25519 packages signed by our CLI verify with Python `cryptography` and with OpenSSL."""

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from helpers import fingerprint, needs_openssl, openssl, pem_to_der, sha256_hex


@pytest.mark.parametrize("which", ["ed25519", "both"])
def test_cryptography_verifies_cli_ed25519_signature(packages, which):
    pkg = packages[which].package
    key = pkg.key("ed25519")
    assert key["fingerprint"] == fingerprint(key["public_key_pem"])
    assert key["fingerprint_sha256"] == sha256_hex(pem_to_der(key["public_key_pem"]))
    public = load_pem_public_key(key["public_key_pem"].encode())
    sig = pkg.signature(key["fingerprint"])
    public.verify(sig, pkg.pae())  # raises InvalidSignature on failure
    with pytest.raises(InvalidSignature):
        public.verify(sig, pkg.pae() + b" ")


def test_signature_is_over_pae_not_the_bare_payload(packages):
    pkg = packages["ed25519"].package
    key = pkg.key("ed25519")
    public = load_pem_public_key(key["public_key_pem"].encode())
    with pytest.raises(InvalidSignature):
        public.verify(pkg.signature(key["fingerprint"]), pkg.payload_bytes)


@needs_openssl
@pytest.mark.parametrize("which", ["ed25519", "both"])
def test_openssl_verifies_cli_ed25519_signature(packages, tmp_path, which):
    pkg = packages[which].package
    key = pkg.key("ed25519")
    (tmp_path / "pub.pem").write_text(key["public_key_pem"])
    (tmp_path / "pae.bin").write_bytes(pkg.pae())
    (tmp_path / "sig.bin").write_bytes(pkg.signature(key["fingerprint"]))
    r = openssl("pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "pae.bin", "-sigfile", "sig.bin", cwd=tmp_path, check=False)
    assert r.returncode == 0 and b"Signature Verified Successfully" in r.stdout, r

    (tmp_path / "pae.bin").write_bytes(pkg.pae().replace(b'"person":"', b'"person":"X', 1))
    r = openssl("pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "pae.bin", "-sigfile", "sig.bin", cwd=tmp_path, check=False)
    assert r.returncode != 0 and b"Signature Verification Failure" in r.stdout, r
