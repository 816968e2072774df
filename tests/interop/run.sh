#!/usr/bin/env bash
# Cross-implementation tests: packages made by `shenbao` checked with Python (cryptography,
# gmssl, rfc8785) and OpenSSL 3, and packages made by those checked with `shenbao`.
#
# Creates target/interop-venv (pip only when requirements.txt changed), builds the CLI, runs
# pytest; extra arguments go to pytest. Ends with one `test result:` line in cargo's format.
# Needs python3 (with venv), cargo, and openssl (without it the OpenSSL tests are skipped).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
VENV="$ROOT/target/interop-venv"
REQ="$HERE/requirements.txt"
STAMP="$VENV/.requirements.sha256"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# The venv, recreated if it is missing or broken (e.g. python3-venv was absent last time).
if ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
    say "creating $VENV"
    rm -rf "$VENV"
    if ! python3 -m venv "$VENV"; then
        echo "python3 -m venv failed: on Debian, apt-get install python3-venv" >&2
        exit 1
    fi
fi

# Requirements: install only when requirements.txt (or the Python version) changed.
want="$( (cat "$REQ"; "$VENV/bin/python" -VV) | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "$want" ]; then
    say "installing Python test requirements"
    "$VENV/bin/python" -m pip install --disable-pip-version-check --no-input --quiet -r "$REQ"
    echo "$want" > "$STAMP"
fi

say "building shenbao-cli"
(cd "$ROOT" && cargo build --locked -p shenbao-cli)

say "interop tests (Python, OpenSSL)"
command -v openssl >/dev/null || echo "note: openssl not found, the OpenSSL tests will be skipped" >&2
cd "$ROOT"
export SHENBAO_BIN="$TARGET/debug/shenbao"
export PYTHONDONTWRITEBYTECODE=1
# The last line pytest prints (from conftest.py) is
#   test result: ok. N passed; 0 failed; K ignored; 0 measured; 0 filtered out; finished in S.SSs
exec "$VENV/bin/python" -m pytest -c "$HERE/pytest.ini" --rootdir "$HERE" "$HERE" "$@"
