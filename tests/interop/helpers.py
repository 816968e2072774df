"""Independent (non-Rust) implementations of the package format, for the interop tests.

Everything here is written from docs/packages.md, not from our Rust code: DSSE PAE, RFC 8785
via the `rfc8785` package, SM3 via `gmssl`, SM2 via `gmssl` or OpenSSL, Ed25519 via
`cryptography` or OpenSSL.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import shutil
import subprocess
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import pytest
import rfc8785
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from gmssl import sm2 as gm_sm2
from gmssl import sm3 as gm_sm3

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_TYPE = "application/vnd.shenbao.package+json; version=1"
TRUST_LIST_TYPE = "application/vnd.shenbao.trust-list+json; version=1"
SM2_ID = b"1234567812345678"
PASSPHRASE = "interop-口令-passphrase"

# SubjectPublicKeyInfo DER of an SM2 key, up to the 65-byte uncompressed point 04||x||y:
# SEQUENCE { SEQUENCE { id-ecPublicKey, sm2p256v1 (1.2.156.10197.1.301) }, BIT STRING 0x00 ...
SM2_SPKI_PREFIX = bytes.fromhex("3059301306072a8648ce3d020106082a811ccf5501822d03420004")


# ---------------------------------------------------------------------------------------------
# Tools

OPENSSL = shutil.which("openssl")


def _openssl_skip_reason() -> str | None:
    if OPENSSL is None:
        return "`openssl` is not installed (Debian: apt-get install openssl)"
    out = subprocess.run([OPENSSL, "version"], capture_output=True, text=True).stdout
    if not out.startswith("OpenSSL 3."):
        return f"needs OpenSSL 3 for SM2/SM3 and -rawin, found: {out.strip()}"
    return None


OPENSSL_SKIP = _openssl_skip_reason()
needs_openssl = pytest.mark.skipif(OPENSSL_SKIP is not None, reason=OPENSSL_SKIP or "")
needs_jq = pytest.mark.skipif(shutil.which("jq") is None, reason="`jq` is not installed (Debian: apt-get install jq)")


def openssl(*args: str | Path, cwd: Path | None = None, input: bytes | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """Runs `openssl ARGS`; output is bytes."""
    return subprocess.run([OPENSSL, *map(str, args)], cwd=cwd, input=input, capture_output=True, check=check)


@dataclass
class Cli:
    """Our `shenbao` binary."""

    path: str

    def run(self, *args: str | Path, cwd: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
        env = {**os.environ, "SHENBAO_PASSPHRASE": PASSPHRASE}
        r = subprocess.run([self.path, *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True)
        if check and r.returncode != 0:
            raise AssertionError(f"shenbao {' '.join(map(str, args))} exited {r.returncode}\n{r.stdout}\n{r.stderr}")
        return r

    def verify_json(self, *args: str | Path) -> tuple[int, list[dict]]:
        r = self.run("verify", "--format", "json", *args, check=False)
        assert r.returncode in (0, 1), f"verify could not run ({r.returncode}): {r.stderr}"
        return r.returncode, json.loads(r.stdout)


# ---------------------------------------------------------------------------------------------
# Format primitives

def pae(payload_type: str, payload: bytes) -> bytes:
    """DSSE v1 Pre-Authentication Encoding; lengths are byte lengths in ASCII decimal."""
    t = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(t), t, len(payload), payload)


def sm3_hex(data: bytes) -> str:
    return gm_sm3.sm3_hash(list(data))


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def jcs(value) -> bytes:
    return rfc8785.dumps(value)


def b64(data: bytes) -> str:
    return base64.standard_b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def pem_to_der(pem: str) -> bytes:
    lines = [ln for ln in pem.strip().splitlines() if not ln.startswith("-----")]
    return base64.b64decode("".join(lines), validate=True)


def der_to_pem(der: bytes, label: str = "PUBLIC KEY") -> str:
    body = b64(der)
    return f"-----BEGIN {label}-----\n" + "".join(body[i : i + 64] + "\n" for i in range(0, len(body), 64)) + f"-----END {label}-----\n"


def fingerprint(public_key_pem: str) -> str:
    """Lower-case hex SM3 of the SubjectPublicKeyInfo DER."""
    return sm3_hex(pem_to_der(public_key_pem))


def grouped(fp: str) -> str:
    """How the CLI shows a fingerprint: upper-case, groups of four."""
    fp = fp.upper()
    return " ".join(fp[i : i + 4] for i in range(0, len(fp), 4))


@dataclass
class Package:
    path: Path
    envelope: dict
    payload_bytes: bytes

    @property
    def payload(self) -> dict:
        return json.loads(self.payload_bytes)

    @classmethod
    def read(cls, path: Path) -> "Package":
        env = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(Path(path), env, unb64(env["payload"]))

    def pae(self) -> bytes:
        return pae(self.envelope["payloadType"], self.payload_bytes)

    def signature(self, fp: str) -> bytes:
        """The signature bytes whose keyid is this fingerprint."""
        sigs = [s["sig"] for s in self.envelope["signatures"] if s["keyid"] == fp]
        assert len(sigs) == 1, f"expected one signature with keyid {fp}, found {len(sigs)}"
        return unb64(sigs[0])

    def key(self, algorithm: str) -> dict:
        keys = [k for k in self.payload["signer"]["keys"] if k["algorithm"] == algorithm]
        assert len(keys) == 1, f"expected one {algorithm} key in signer.keys"
        return keys[0]


# ---------------------------------------------------------------------------------------------
# SM2 with gmssl

def sm2_point_from_spki(der: bytes) -> str:
    """The public point x||y (128 hex digits) of an SM2 SubjectPublicKeyInfo."""
    assert der[: len(SM2_SPKI_PREFIX)] == SM2_SPKI_PREFIX and len(der) == len(SM2_SPKI_PREFIX) + 64, "not an SM2 SPKI"
    return der[len(SM2_SPKI_PREFIX) :].hex()


def sm2_spki_from_point(xy_hex: str) -> bytes:
    assert len(xy_hex) == 128
    return SM2_SPKI_PREFIX + bytes.fromhex(xy_hex)


def _gmssl(private_hex: str, xy_hex: str, asn1: bool) -> gm_sm2.CryptSM2:
    c = gm_sm2.CryptSM2(private_key=private_hex, public_key=xy_hex, asn1=asn1)
    # gmssl 3.2.2 strips a leading "04" with str.lstrip("04"), which also eats any leading
    # '0'/'4' digits of x; set the point directly so every key works.
    c.public_key = xy_hex
    return c


def gmssl_sm2_verify(xy_hex: str, der_sig: bytes, message: bytes) -> bool:
    """SM2-with-SM3 verification with gmssl.

    gmssl's verify_with_sm3 computes e = SM3(Z || M) with Z over ENTL 0x0080 and the fixed
    ID "1234567812345678" (it has no parameter for another ID) — exactly our distinguishing
    ID. Its signatures are raw r||s hex, so our DER SEQUENCE { r, s } is converted first.
    """
    r, s = decode_dss_signature(der_sig)
    return bool(_gmssl("", xy_hex, asn1=False).verify_with_sm3("%064x%064x" % (r, s), message))


@dataclass
class GmsslSm2Key:
    private_hex: str
    xy_hex: str

    @classmethod
    def generate(cls) -> "GmsslSm2Key":
        n = int(gm_sm2.default_ecc_table["n"], 16)
        d = secrets.randbelow(n - 2) + 1  # 1 <= d <= n-2 (GM/T 0003)
        xy = _gmssl("", "", asn1=False)._kg(d, gm_sm2.default_ecc_table["g"])
        return cls("%064x" % d, xy)

    @property
    def public_key_pem(self) -> str:
        return der_to_pem(sm2_spki_from_point(self.xy_hex))

    def sign(self, message: bytes) -> bytes:
        """DER signature; the nonce comes from `secrets` (gmssl's default uses `random`)."""
        c = _gmssl(self.private_hex, self.xy_hex, asn1=True)
        n = int(gm_sm2.default_ecc_table["n"], 16)
        while True:
            k = "%064x" % (secrets.randbelow(n - 1) + 1)
            sig = c.sign_with_sm3(message, k)
            if sig is not None:
                return bytes.fromhex(sig)


# ---------------------------------------------------------------------------------------------
# Signers for Python-made packages

@dataclass
class Signer:
    """A key made outside our tool, and how to sign with it."""

    label: str
    algorithm: str  # "sm2" | "ed25519"
    public_key_pem: str
    sign: Callable[[bytes], bytes]

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key_pem)

    def key_entry(self) -> dict:
        der = pem_to_der(self.public_key_pem)
        return {"algorithm": self.algorithm, "public_key_pem": self.public_key_pem, "fingerprint": sm3_hex(der), "fingerprint_sha256": sha256_hex(der)}


def ed25519_signer_cryptography() -> Signer:
    key = ed25519.Ed25519PrivateKey.generate()
    pem = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return Signer("ed25519 (cryptography)", "ed25519", pem, key.sign)


def sm2_signer_gmssl() -> Signer:
    key = GmsslSm2Key.generate()
    return Signer("sm2 (gmssl)", "sm2", key.public_key_pem, key.sign)


def sm2_signer_openssl(workdir: Path) -> Signer:
    """An SM2 key generated and used by the openssl command line."""
    d = workdir / f"openssl-sm2-{secrets.token_hex(4)}"
    d.mkdir()
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", d / "key.pem")
    openssl("pkey", "-in", d / "key.pem", "-pubout", "-out", d / "pub.pem")

    def sign(message: bytes) -> bytes:
        (d / "msg.bin").write_bytes(message)
        openssl("pkeyutl", "-sign", "-inkey", d / "key.pem", "-rawin", "-digest", "sm3", "-pkeyopt", "distid:1234567812345678", "-in", d / "msg.bin", "-out", d / "sig.der")
        return (d / "sig.der").read_bytes()

    return Signer("sm2 (openssl)", "sm2", (d / "pub.pem").read_text(), sign)


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def build_package(payload: dict, signers: list[Signer]) -> dict:
    """A complete DSSE package, made without our tool."""
    payload_bytes = jcs(payload)
    message = pae(PACKAGE_TYPE, payload_bytes)
    return {
        "payloadType": PACKAGE_TYPE,
        "payload": b64(payload_bytes),
        "signatures": [{"keyid": s.fingerprint, "sig": b64(s.sign(message))} for s in signers],
    }


def repayload(template: dict, signers: list[Signer], person: str = "王五（Python）") -> dict:
    """The payload of a CLI-signed package, re-signed by other keys: new id, time and signer keys."""
    p = json.loads(json.dumps(template))
    p["id"] = str(uuid.uuid4())
    p["created_at"] = utc_now()
    p["signer"]["person"] = person
    p["signer"]["keys"] = [s.key_entry() for s in signers]
    return p


def trust_list(entries: list[tuple[Signer, str, str]]) -> dict:
    """A plain trust list registering each (signer, department, credit code)."""
    return {
        "format": "shenbao.trust-list/1",
        "issuer": "巴中市大数据局（interop 测试）",
        "issued_at": utc_now(),
        "entries": [
            {
                "department": dept,
                "credit_code": code,
                "algorithm": s.algorithm,
                "public_key_pem": s.public_key_pem,
                "fingerprint": s.fingerprint,
                "valid_from": "2020-01-01",
                "valid_until": "2099-12-31",
                "status": "active",
            }
            for s, dept, code in entries
        ],
    }


def write_json(path: Path, value) -> Path:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
