"""The README's short OpenSSL recipe is the tested guide's, command for command."""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_readme_commands_come_from_the_tested_guide():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    guide = (ROOT / "docs" / "verify-with-openssl.md").read_text(encoding="utf-8")
    section = readme.split("### Verifying a package with OpenSSL alone", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [l.strip() for l in section.splitlines() if l.strip() and not l.strip().startswith("#")]
    assert len(commands) >= 8
    for c in commands:
        assert c in guide, f"README command not in the tested guide: {c}"
