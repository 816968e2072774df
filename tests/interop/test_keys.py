"""Key files: ours open in OpenSSL and `cryptography`, and OpenSSL-made ones work in our CLI."""

import re

import pytest
from cryptography.hazmat.primitives import serialization

from conftest import BAZHONG_CREDIT_CODE, BAZHONG_DEPARTMENT, FIXTURES
from helpers import PASSPHRASE, Package, Signer, grouped, needs_openssl, openssl, pem_to_der, sha256_hex, sm3_hex, trust_list, write_json

ALGORITHMS = ["sm2", "ed25519"]


@needs_openssl
@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_openssl_opens_cli_private_key_and_derives_the_same_public_key(cli_keys, algorithm):
    k = cli_keys[algorithm]
    assert k.key.read_text().startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n")
    r = openssl("pkey", "-in", k.key, "-passin", f"pass:{PASSPHRASE}", "-pubout")
    assert r.stdout.decode() == k.pub.read_text()


@needs_openssl
def test_openssl_refuses_cli_private_key_with_wrong_passphrase(cli_keys):
    r = openssl("pkey", "-in", cli_keys["sm2"].key, "-passin", "pass:wrong", "-pubout", check=False)
    assert r.returncode != 0


@needs_openssl
@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_cli_private_key_uses_documented_pbes2_parameters(cli_keys, algorithm):
    """PBES2: PBKDF2-HMAC-SHA256, 600 000 iterations, 16-byte salt; AES-256-CBC, 16-byte IV."""
    text = openssl("asn1parse", "-in", cli_keys[algorithm].key).stdout.decode()
    objects = re.findall(r"OBJECT\s+:(\S+)", text)
    assert objects == ["PBES2", "PBKDF2", "hmacWithSHA256", "aes-256-cbc"], text
    assert re.search(r"prim: INTEGER\s+:0927C0\b", text), text  # 600000
    octets = re.findall(r"l=\s*(\d+) prim: OCTET STRING", text)
    assert octets[:2] == ["16", "16"], text  # salt, IV


def test_cryptography_opens_cli_ed25519_private_key(cli_keys):
    k = cli_keys["ed25519"]
    key = serialization.load_pem_private_key(k.key.read_bytes(), password=PASSPHRASE.encode())
    pub = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    assert pub.decode() == k.pub.read_text()


@needs_openssl
@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_fingerprints_shown_by_cli_match_openssl(cli, cli_keys, algorithm):
    k = cli_keys[algorithm]
    der = openssl("pkey", "-pubin", "-in", k.pub, "-outform", "DER").stdout
    assert der == pem_to_der(k.pub.read_text())
    for source in (k.key, k.pub):  # `shenbao pubkey` reads the private or the public key file
        r = cli.run("pubkey", source)
        assert r.stdout == k.pub.read_text()
        assert grouped(sm3_hex(der)) in r.stderr and sha256_hex(der) in r.stderr, r.stderr
    assert openssl("dgst", "-sm3", "-r", input=der).stdout.decode().split()[0] == sm3_hex(der)


@needs_openssl
@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_cli_signs_with_private_key_encrypted_by_openssl(cli, tmp_path, algorithm):
    """`openssl genpkey … -aes-256-cbc` output (PBES2, OpenSSL's default PBKDF2 rounds) is a usable key."""
    gen = ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2"] if algorithm == "sm2" else ["-algorithm", "ed25519"]
    openssl("genpkey", *gen, "-aes-256-cbc", "-pass", f"pass:{PASSPHRASE}", "-out", tmp_path / "key.pem")
    pub = openssl("pkey", "-in", tmp_path / "key.pem", "-passin", f"pass:{PASSPHRASE}", "-pubout").stdout.decode()
    fixture = next(f for f in FIXTURES if f.parent.name == "bazhong" and f.name == "combined.json")
    out = tmp_path / "package.json"
    cli.run("sign", "--city", "bazhong", "--key", tmp_path / "key.pem", "--department", BAZHONG_DEPARTMENT, "--credit-code", BAZHONG_CREDIT_CODE, "--person", "张三", "-o", out, fixture)
    assert Package.read(out).key(algorithm)["public_key_pem"] == pub
    trust = write_json(tmp_path / "trust.json", trust_list([(Signer("openssl", algorithm, pub, None), BAZHONG_DEPARTMENT, BAZHONG_CREDIT_CODE)]))
    rc, [report] = cli.verify_json(out, "--trust", trust)
    assert rc == 0 and report["valid"] is True, report
