"""Shared fixtures: our CLI, keys it generated, and packages it signed (once per session)."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import OPENSSL, ROOT, Cli, Package

BAZHONG_DEPARTMENT = "巴中市市场监督管理局"
BAZHONG_CREDIT_CODE = "11511900MB1527360X"

# A 说明 that exercises every JSON string escape RFC 8785 cares about: quote, backslash,
# solidus (not escaped), the short escapes, other control characters (\u00XX, lower-case),
# DEL and U+2028/2029 (not escaped), a non-BMP character, a BOM, full-width punctuation.
TRICKY_TEXT = '已与数据主管部门确认适用。"引号" \\反斜杠 /斜杠 \b\f\n\r\t \u0001\u001f \u007f \u2028\u2029 😀 é ＃ \ufeff'

# The per-city fixtures with golden reports (tests/fixtures/<pack id>/); tests/fixtures/large
# is the benchmark's input, with no golden report.
_PACK_IDS = {p.stem for p in (ROOT / "core" / "packs").glob("*.json")}
FIXTURES = sorted(p for p in (ROOT / "tests" / "fixtures").glob("*/*.json") if not p.name.endswith(".report.json") and p.parent.name in _PACK_IDS)


def pytest_report_header(config):
    return [f"shenbao: {os.environ.get('SHENBAO_BIN', '(SHENBAO_BIN not set)')}", f"openssl: {OPENSSL or '(not installed)'}"]


@pytest.fixture(scope="session")
def cli() -> Cli:
    path = os.environ.get("SHENBAO_BIN") or str(ROOT / "target" / "debug" / "shenbao")
    if not Path(path).is_file():
        pytest.fail(f"no shenbao binary at {path}: run tests/interop/run.sh, or set SHENBAO_BIN")
    return Cli(path)


@pytest.fixture(scope="session")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("interop")


@dataclass
class CliKey:
    algorithm: str
    key: Path  # encrypted private key
    pub: Path  # public key PEM

    @property
    def public_key_pem(self) -> str:
        return self.pub.read_text()


@pytest.fixture(scope="session")
def cli_keys(cli, work) -> dict[str, CliKey]:
    """One SM2 and one Ed25519 key made by `shenbao keygen`."""
    keys = {}
    for alg in ("sm2", "ed25519"):
        key = work / f"cli-{alg}.pem"
        cli.run("keygen", "--algorithm", alg, "--out", key)
        keys[alg] = CliKey(alg, key, work / f"cli-{alg}.pub.pem")
        assert keys[alg].pub.is_file()
    return keys


def signer_of(fixture: Path) -> tuple[str, str]:
    if fixture.parent.name == "bazhong":
        return BAZHONG_DEPARTMENT, BAZHONG_CREDIT_CODE
    sub = json.loads(fixture.read_text())
    if "project" in sub:
        return sub["project"]["basic"]["owner_unit"], sub["project"]["basic"]["credit_code"]
    # A service plan alone: the owner unit, with the project's credit code from the combined file.
    combined = json.loads((fixture.parent / "combined.json").read_text())
    return sub["service_plan"]["owner_unit"], combined["project"]["basic"]["credit_code"]


@dataclass
class Signed:
    fixture: Path
    submission: dict  # what was signed (the fixture plus 说明 for its warnings)
    package: Package
    stdout: str


def sign(cli: Cli, work: Path, fixture: Path, keys: list[CliKey], name: str) -> Signed:
    """Signs a fixture with our CLI, adding a 说明 (TRICKY_TEXT) for each warning of its golden report."""
    sub = json.loads(fixture.read_text(encoding="utf-8"))
    report = json.loads(fixture.with_suffix(".report.json").read_text(encoding="utf-8"))
    warnings = [f for f in report["findings"] if f["severity"] == "warning"]
    if warnings:
        sub["justifications"] = [{"rule": f["rule"], "fields": f["fields"], "text": TRICKY_TEXT} for f in warnings]
    src = work / f"{name}.submission.json"
    src.write_text(json.dumps(sub, ensure_ascii=False, indent=1), encoding="utf-8")
    out = work / f"{name}.package.json"
    dept, code = signer_of(fixture)
    args = ["sign", "--city", fixture.parent.name, "--department", dept, "--credit-code", code, "--person", "张三", "-o", out, src]
    for k in keys:
        args[1:1] = ["--key", k.key]
    r = cli.run(*args)
    return Signed(fixture, sub, Package.read(out), r.stdout)


@pytest.fixture(scope="session")
def fixture_packages(cli, work, cli_keys) -> dict[str, Signed]:
    """Every fixture submission, signed by our CLI with both keys."""
    both = [cli_keys["sm2"], cli_keys["ed25519"]]
    return {f"{f.parent.name}/{f.name}": sign(cli, work, f, both, f"{f.parent.name}-{f.stem}") for f in FIXTURES}


@pytest.fixture(scope="session")
def packages(cli, work, cli_keys) -> dict[str, Signed]:
    """The bazhong combined submission signed by our CLI with SM2 only, Ed25519 only, and both."""
    f = ROOT / "tests" / "fixtures" / "bazhong" / "combined.json"
    return {
        "sm2": sign(cli, work, f, [cli_keys["sm2"]], "only-sm2"),
        "ed25519": sign(cli, work, f, [cli_keys["ed25519"]], "only-ed25519"),
        "both": sign(cli, work, f, [cli_keys["sm2"], cli_keys["ed25519"]], "both"),
    }


# ---------------------------------------------------------------------------------------------
# One closing line in cargo's format, so scripts/test can add these tests to its total.

_started = time.monotonic()


def pytest_sessionstart(session):
    global _started
    _started = time.monotonic()


def pytest_sessionfinish(session, exitstatus):
    session.config._interop_exitstatus = int(exitstatus)


def pytest_unconfigure(config):
    """Printed last, after pytest's own summary."""
    terminalreporter = config.pluginmanager.get_plugin("terminalreporter")
    exitstatus = getattr(config, "_interop_exitstatus", None)
    if terminalreporter is None or exitstatus is None:
        return
    stats = terminalreporter.stats
    n = lambda key: len(stats.get(key, []))
    passed = len([r for r in stats.get("passed", []) if r.when == "call"]) + n("xpassed")
    failed = n("failed") + n("error")
    ignored = n("skipped") + n("xfailed")
    filtered = n("deselected")
    status = "ok" if exitstatus == 0 and failed == 0 else "FAILED"
    terminalreporter.write_line(
        f"test result: {status}. {passed} passed; {failed} failed; {ignored} ignored; 0 measured; {filtered} filtered out; finished in {time.monotonic() - _started:.2f}s"
    )
