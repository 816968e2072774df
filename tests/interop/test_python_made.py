"""The other way round: packages built entirely outside our tool are accepted by `shenbao verify`.

Python takes the payload of a CLI-signed package, puts in keys it generated itself (Python
`cryptography`, `gmssl`, or the openssl command line), canonicalizes with `rfc8785`, signs the
PAE, wraps a DSSE envelope and writes a trust list registering those keys.
"""

import json

import pytest

from conftest import BAZHONG_CREDIT_CODE, BAZHONG_DEPARTMENT
from helpers import (
    OPENSSL_SKIP,
    PACKAGE_TYPE,
    b64,
    build_package,
    ed25519_signer_cryptography,
    grouped,
    pae,
    repayload,
    sm2_signer_gmssl,
    sm2_signer_openssl,
    trust_list,
    unb64,
    write_json,
)

SIGNER_SETS = {
    "ed25519-cryptography": lambda work: [ed25519_signer_cryptography()],
    "sm2-gmssl": lambda work: [sm2_signer_gmssl()],
    "sm2-openssl": lambda work: [sm2_signer_openssl(work)],
    "sm2-gmssl+ed25519-cryptography": lambda work: [sm2_signer_gmssl(), ed25519_signer_cryptography()],
}


def _params():
    for name in SIGNER_SETS:
        marks = [pytest.mark.skipif(True, reason=OPENSSL_SKIP)] if "openssl" in name and OPENSSL_SKIP else []
        yield pytest.param(name, marks=marks, id=name)


@pytest.fixture(params=list(_params()))
def python_made(request, packages, tmp_path):
    """(package path, trust list path, signers) for a package built by Python."""
    signers = SIGNER_SETS[request.param](tmp_path)
    payload = repayload(packages["both"].package.payload, signers)
    pkg = write_json(tmp_path / "python-package.json", build_package(payload, signers))
    trust = write_json(tmp_path / "trust.json", trust_list([(s, BAZHONG_DEPARTMENT, BAZHONG_CREDIT_CODE) for s in signers]))
    return pkg, trust, signers


def _codes(report):
    return [p["code"] for p in report["problems"]]


def test_cli_accepts_package_built_by_python(cli, python_made):
    pkg, trust, signers = python_made
    rc, [report] = cli.verify_json(pkg, "--trust", trust)
    assert report["problems"] == [] and report["valid"] is True, report
    assert rc == 0
    assert report["fingerprint"] == grouped(signers[0].fingerprint)
    assert report["signer"].startswith(BAZHONG_DEPARTMENT)


def _with_payload_byte_changed(env: dict) -> dict:
    """One byte of the payload changed (a hex digit of `id`), still canonical JSON."""
    payload = unb64(env["payload"])
    i = payload.index(b'"id":"') + len(b'"id":"')
    changed = payload[:i] + (b"0" if payload[i : i + 1] != b"0" else b"1") + payload[i + 1 :]
    assert len(changed) == len(payload) and sum(a != b for a, b in zip(payload, changed)) == 1
    return {**env, "payload": b64(changed)}


def _with_signature_byte_changed(env: dict) -> dict:
    sig = bytearray(unb64(env["signatures"][0]["sig"]))
    sig[-1] ^= 0x01
    return {**env, "signatures": [{**env["signatures"][0], "sig": b64(bytes(sig))}, *env["signatures"][1:]]}


@pytest.mark.parametrize("change", [_with_payload_byte_changed, _with_signature_byte_changed], ids=["payload-byte", "signature-byte"])
def test_one_byte_change_in_python_made_package_is_signature_invalid(cli, python_made, change):
    pkg, trust, _ = python_made
    env = json.loads(pkg.read_text(encoding="utf-8"))
    altered = write_json(pkg.with_name("altered.json"), change(env))
    rc, [report] = cli.verify_json(altered, "--trust", trust)
    assert rc == 1 and report["valid"] is False
    assert set(_codes(report)) == {"signature_invalid"}, report


def test_cli_rejects_python_signed_payload_that_is_not_canonical(cli, packages, tmp_path):
    """Correctly signed, but the payload is pretty-printed JSON, not its RFC 8785 form."""
    signer = ed25519_signer_cryptography()
    payload = repayload(packages["both"].package.payload, [signer])
    pretty = json.dumps(payload, ensure_ascii=False, indent=1).encode()
    env = {"payloadType": PACKAGE_TYPE, "payload": b64(pretty), "signatures": [{"keyid": signer.fingerprint, "sig": b64(signer.sign(pae(PACKAGE_TYPE, pretty)))}]}
    pkg = write_json(tmp_path / "pretty.json", env)
    trust = write_json(tmp_path / "trust.json", trust_list([(signer, BAZHONG_DEPARTMENT, BAZHONG_CREDIT_CODE)]))
    rc, [report] = cli.verify_json(pkg, "--trust", trust)
    assert rc == 1 and _codes(report) == ["malformed_envelope"], report


def test_cli_reports_python_key_registered_to_another_department(cli, packages, tmp_path):
    signer = sm2_signer_gmssl()
    pkg = write_json(tmp_path / "p.json", build_package(repayload(packages["both"].package.payload, [signer]), [signer]))
    trust = write_json(tmp_path / "trust.json", trust_list([(signer, "巴中市财政局", "11511900MB15248730")]))
    rc, [report] = cli.verify_json(pkg, "--trust", trust)
    assert rc == 1 and _codes(report) == ["signer_mismatch"], report
