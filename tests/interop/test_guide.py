"""docs/verify-with-openssl.md works: its marked shell blocks are run verbatim on CLI-signed packages."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import ROOT, b64, needs_jq, needs_openssl, sha256_hex, sm3_hex, unb64, write_json

GUIDE = ROOT / "docs" / "verify-with-openssl.md"
BLOCK = re.compile(r"^<!-- test: ([a-z0-9-]+) -->\n```sh\n(.*?)^```$", re.M | re.S)
NEEDED = ["fingerprint", "extract-python", "extract-jq", "decode", "pae", "verify-sm2", "verify-ed25519", "hashes"]


def blocks() -> dict[str, str]:
    found = {}
    for name, body in BLOCK.findall(GUIDE.read_text(encoding="utf-8")):
        assert name not in found, f"two blocks named {name}"
        found[name] = body
    return found


def test_guide_has_every_tested_block():
    assert sorted(blocks()) == sorted(NEEDED)


def run_guide(folder: Path, names: list[str]) -> subprocess.CompletedProcess:
    """Runs the named blocks, in order, as one bash script in `folder`."""
    script = "set -euo pipefail\n" + "".join(blocks()[n] for n in names)
    (folder / "guide.sh").write_text(script, encoding="utf-8")
    return subprocess.run(["bash", "guide.sh"], cwd=folder, capture_output=True, text=True)


def prepare(tmp_path: Path, package: Path, public_key_pem: str) -> Path:
    shutil.copy(package, tmp_path / "package.json")
    (tmp_path / "pub.pem").write_text(public_key_pem)
    return tmp_path


CASES = [
    # (package, key algorithm, extraction variant)
    ("sm2", "sm2", "python"),
    ("ed25519", "ed25519", "python"),
    ("both", "sm2", "python"),
    ("both", "ed25519", "python"),
    pytest.param("sm2", "sm2", "jq", marks=needs_jq),
    pytest.param("ed25519", "ed25519", "jq", marks=needs_jq),
    pytest.param("both", "sm2", "jq", marks=needs_jq),
]


@needs_openssl
@pytest.mark.parametrize("which,algorithm,variant", CASES)
def test_guide_verifies_cli_signed_package(packages, tmp_path, which, algorithm, variant):
    pkg = packages[which].package
    key = pkg.key(algorithm)
    folder = prepare(tmp_path, pkg.path, key["public_key_pem"])
    r = run_guide(folder, ["fingerprint", f"extract-{variant}", "decode", "pae", f"verify-{algorithm}"])
    assert r.returncode == 0, r
    assert f"SM3(stdin)= {key['fingerprint']}" in r.stdout
    assert (folder / "pae.bin").read_bytes() == pkg.pae()
    assert "Signature Verified Successfully" in r.stdout, r


@needs_openssl
@pytest.mark.parametrize("algorithm", ["sm2", "ed25519"])
def test_guide_fails_on_package_changed_by_one_byte(packages, tmp_path, algorithm):
    pkg = packages["both"].package
    changed = pkg.payload_bytes.replace(b'"person":"', b'"person":"X', 1)
    altered = write_json(tmp_path / "altered.json", {**pkg.envelope, "payload": b64(changed)})
    folder = prepare(tmp_path, altered, pkg.key(algorithm)["public_key_pem"])
    r = run_guide(folder, ["fingerprint", "extract-python", "decode", "pae", f"verify-{algorithm}"])
    assert r.returncode != 0 and "Signature Verification Failure" in r.stdout, r


@needs_openssl
def test_guide_finds_no_signature_for_an_unrelated_key(packages, tmp_path):
    pkg = packages["sm2"].package
    folder = prepare(tmp_path, pkg.path, packages["ed25519"].package.key("ed25519")["public_key_pem"])
    r = run_guide(folder, ["fingerprint", "extract-python", "decode"])
    assert r.returncode == 0, r
    assert (folder / "sig.b64").read_bytes() == b"" and (folder / "sig.bin").read_bytes() == b""


@needs_openssl
def test_guide_hashes_are_the_payload_digests(packages, tmp_path):
    signed = packages["both"]
    folder = prepare(tmp_path, signed.package.path, signed.package.key("sm2")["public_key_pem"])
    r = run_guide(folder, ["fingerprint", "extract-python", "decode", "hashes"])
    assert r.returncode == 0, r
    digest = sha256_hex(signed.package.payload_bytes)
    assert f"SHA2-256(payload.bin)= {digest}" in r.stdout
    assert f"SM3(payload.bin)= {sm3_hex(signed.package.payload_bytes)}" in r.stdout
    assert f"内容摘要（SHA-256）：{digest}" in signed.stdout


@needs_openssl
def test_decoding_without_dash_a_would_silently_lose_the_payload(packages, tmp_path):
    """Why the guide insists on `openssl base64 -d -A`."""
    pkg = packages["sm2"].package
    (tmp_path / "payload.b64").write_text(pkg.envelope["payload"])
    subprocess.run(["openssl", "base64", "-d", "-in", "payload.b64", "-out", "lossy.bin"], cwd=tmp_path, check=False, capture_output=True)
    subprocess.run(["openssl", "base64", "-d", "-A", "-in", "payload.b64", "-out", "payload.bin"], cwd=tmp_path, check=True)
    assert (tmp_path / "payload.bin").read_bytes() == unb64(pkg.envelope["payload"])
    assert (tmp_path / "lossy.bin").read_bytes() != (tmp_path / "payload.bin").read_bytes()
