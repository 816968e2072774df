# Idempotent installers shared by scripts/serve and scripts/test (source this file).
# Each step checks first and installs only what is missing or at the wrong version.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

ensure_wasm_target() {
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        say "adding the wasm32-unknown-unknown target"
        rustup target add wasm32-unknown-unknown
    fi
}

# The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly.
wasm_bindgen_lock_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_wasm_bindgen() {
    local want have
    want="$(wasm_bindgen_lock_version)"
    have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
    if [ "$have" != "$want" ]; then
        say "installing wasm-bindgen-cli $want (about 6 minutes on 2 cores)"
        cargo install wasm-bindgen-cli --version "$want" --locked || cargo install wasm-bindgen-cli --version "$want"
    fi
}

# wasm-split-cli cuts the app's wasm at its split points (app/src/lazy.rs) into modules loaded
# on demand; the version the build was measured with (BENCHMARKS.md).
WASM_SPLIT_VERSION=0.2.4
ensure_wasm_split() {
    # The CLI has no --version: ask cargo what it installed.
    if ! command -v wasm-split-cli >/dev/null \
        || ! cargo install --list | grep -x "wasm_split_cli_support v$WASM_SPLIT_VERSION:" >/dev/null; then
        say "installing wasm-split-cli $WASM_SPLIT_VERSION (about 1 minute on 2 cores)"
        cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked \
            || cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
    fi
}

# wasm-opt from npm's binaryen (Debian's is too old for current rustc output), and esbuild,
# which minifies the JS glue: installed into tools/ from its lock file.
WASM_OPT="$ROOT/tools/node_modules/.bin/wasm-opt"
ESBUILD="$ROOT/tools/node_modules/.bin/esbuild"
ensure_wasm_opt() {
    if [ ! -x "$WASM_OPT" ] || [ ! -x "$ESBUILD" ] \
        || [ "$ROOT/tools/package-lock.json" -nt "$ROOT/tools/node_modules/.package-lock.json" ]; then
        say "installing wasm-opt (npm binaryen) and esbuild into tools/"
        (cd "$ROOT/tools" && npm ci --no-audit --no-fund --silent)
    fi
}

# Debian packages, as root or through sudo.
apt_install() {
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

ensure_chromium() {
    if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
        say "installing Chromium and ChromeDriver from Debian"
        apt_install chromium chromium-driver
    fi
    export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
}

ensure_openssl() {
    if ! command -v openssl >/dev/null; then
        say "installing OpenSSL from Debian"
        apt_install openssl
    fi
}

# CJK fonts, so screenshots and printed PDFs show Chinese text rather than boxes.
ensure_cjk_fonts() {
    # Not grep -q: it exits at the first match, fc-list dies of SIGPIPE and pipefail says "missing".
    if ! fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null; then
        say "installing CJK fonts from Debian (fonts-noto-cjk)"
        apt_install fonts-noto-cjk
    fi
}

# LibreOffice (headless, no GUI) for the interop test that opens our Word files in a real
# office suite (tests/interop/test_docx.py).
ensure_libreoffice() {
    if ! command -v soffice >/dev/null; then
        say "installing LibreOffice Writer (headless) from Debian"
        apt_install libreoffice-writer-nogui
    fi
}

# Firefox for the one-file build's cross-browser test (driven over WebDriver BiDi by
# puppeteer-core: Playwright's Firefox needs patched builds that cannot be downloaded here).
ensure_firefox() {
    if ! command -v firefox-esr >/dev/null; then
        say "installing Firefox ESR from Debian"
        apt_install firefox-esr
    fi
    export FIREFOX="${FIREFOX:-$(command -v firefox-esr)}"
}
