"""Signed trust lists: ours verify outside our tool, and Python-signed ones verify with ours."""

import json

import pytest
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from conftest import BAZHONG_CREDIT_CODE, BAZHONG_DEPARTMENT, CliKey
from helpers import (
    TRUST_LIST_TYPE,
    Signer,
    b64,
    ed25519_signer_cryptography,
    fingerprint,
    gmssl_sm2_verify,
    jcs,
    pae,
    pem_to_der,
    sm2_point_from_spki,
    sm2_signer_gmssl,
    trust_list,
    unb64,
    write_json,
)


def _registered_cli_keys(cli_keys: dict[str, CliKey]) -> dict:
    return trust_list([(Signer("cli", k.algorithm, k.public_key_pem, None), BAZHONG_DEPARTMENT, BAZHONG_CREDIT_CODE) for k in cli_keys.values()])


@pytest.mark.parametrize("algorithm", ["sm2", "ed25519"])
def test_trust_list_signed_by_cli_verifies_in_python(cli, cli_keys, tmp_path, algorithm):
    plain = write_json(tmp_path / "list.json", _registered_cli_keys(cli_keys))
    cli.run("trust", "sign", plain, "--key", cli_keys[algorithm].key, "-o", tmp_path / "signed.json")
    env = json.loads((tmp_path / "signed.json").read_text(encoding="utf-8"))
    assert env["payloadType"] == TRUST_LIST_TYPE
    payload = unb64(env["payload"])
    assert payload == jcs(json.loads(plain.read_text(encoding="utf-8")))
    [sig] = env["signatures"]
    bureau_pem = cli_keys[algorithm].public_key_pem
    assert sig["keyid"] == fingerprint(bureau_pem)
    message = pae(TRUST_LIST_TYPE, payload)
    if algorithm == "sm2":
        assert gmssl_sm2_verify(sm2_point_from_spki(pem_to_der(bureau_pem)), unb64(sig["sig"]), message)
    else:
        load_pem_public_key(bureau_pem.encode()).verify(unb64(sig["sig"]), message)


@pytest.mark.parametrize("make_bureau", [ed25519_signer_cryptography, sm2_signer_gmssl], ids=["ed25519-cryptography", "sm2-gmssl"])
def test_trust_list_signed_by_python_is_accepted_with_bureau_key(cli, cli_keys, packages, tmp_path, make_bureau):
    bureau = make_bureau()
    (tmp_path / "bureau.pub.pem").write_text(bureau.public_key_pem)
    payload = jcs(_registered_cli_keys(cli_keys))
    env = {"payloadType": TRUST_LIST_TYPE, "payload": b64(payload), "signatures": [{"keyid": bureau.fingerprint, "sig": b64(bureau.sign(pae(TRUST_LIST_TYPE, payload)))}]}
    signed = write_json(tmp_path / "signed.json", env)
    rc, [report] = cli.verify_json(packages["both"].package.path, "--trust", signed, "--bureau-key", tmp_path / "bureau.pub.pem")
    assert rc == 0 and report["valid"] is True, report

    # The same list checked against another bureau key is refused outright.
    (tmp_path / "other.pub.pem").write_text(make_bureau().public_key_pem)
    r = cli.run("verify", packages["both"].package.path, "--trust", signed, "--bureau-key", tmp_path / "other.pub.pem", check=False)
    assert r.returncode == 2 and "信任列表的数据局签名无效" in r.stderr, r
