"""RFC 8785: our payload bytes are exactly what an independent JCS implementation produces."""

import json
import re

import pytest

from conftest import FIXTURES
from helpers import ROOT, jcs, sha256_hex, sm3_hex

FIXTURE_IDS = [f"{f.parent.name}/{f.name}" for f in FIXTURES]
PACKS = sorted((ROOT / "core" / "packs").glob("*.json"))


def test_every_city_has_fixtures():
    assert len(FIXTURES) >= 15 and {f.parent.name for f in FIXTURES} == {p.stem for p in PACKS}


@pytest.mark.parametrize("name", FIXTURE_IDS)
def test_payload_bytes_are_python_rfc8785_of_the_payload(fixture_packages, name):
    pkg = fixture_packages[name].package
    assert jcs(json.loads(pkg.payload_bytes)) == pkg.payload_bytes


@pytest.mark.parametrize("name", FIXTURE_IDS)
def test_payload_holds_the_fixture_and_its_golden_report_byte_for_byte(fixture_packages, name):
    """The submission and the golden report (tests/fixtures/*/*.report.json), canonicalized by
    Python, appear verbatim in the payload bytes our CLI produced."""
    signed = fixture_packages[name]
    golden = json.loads(signed.fixture.with_suffix(".report.json").read_text(encoding="utf-8"))
    assert b'"submission":' + jcs(signed.submission) in signed.package.payload_bytes
    assert b'"report":' + jcs(golden) in signed.package.payload_bytes


def test_tricky_strings_reach_the_payload(fixture_packages):
    """At least one fixture needed a 说明, so the escape-heavy text was really canonicalized."""
    assert any("justifications" in s.submission for s in fixture_packages.values())
    assert any(b"\\u0001\\u001f" in s.package.payload_bytes for s in fixture_packages.values())


@pytest.mark.parametrize("pack", PACKS, ids=[p.stem for p in PACKS])
def test_pack_hashes_are_sha256_and_sm3_of_the_packs_rfc8785_bytes(fixture_packages, pack):
    canonical = jcs(json.loads(pack.read_text(encoding="utf-8")))
    pinned = fixture_packages[f"{pack.stem}/combined.json"].package.payload["pack"]
    assert pinned["id"] == pack.stem
    assert pinned["sha256"] == sha256_hex(canonical)
    assert pinned["sm3"] == sm3_hex(canonical)


def test_content_digest_printed_by_sign_is_sha256_of_the_payload_bytes(packages):
    signed = packages["both"]
    printed = re.search(r"内容摘要（SHA-256）：([0-9a-f]{64})", signed.stdout)
    assert printed, signed.stdout
    assert printed.group(1) == sha256_hex(signed.package.payload_bytes)
