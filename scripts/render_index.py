"""Turns the Trunk-style index.html into the page our own build serves, and finishes dist/.

Usage: render_index.py index.html dist/index.html

Trunk's `<link data-trunk ...>` directives are replaced by what they stand for: the
stylesheet link and a module script that starts the wasm-bindgen glue. Keeping one
index.html means `trunk serve` (for those who have it) and scripts/build-web agree.

Then, for the served build only:
* the version (workspace Cargo.toml) and a build hash (of every other file in dist/) go into
  `<meta name="shenbao-version">` / `<meta name="shenbao-build">`, read by the app
  (app/src/build_info.rs);
* a Content-Security-Policy `<meta>` with the SHA-256 of every inline script;
* the PNG icons (drawn here with the standard library, so they are reproducible);
* dist/sw.js: public/sw.js with the precache list (every file of dist/ with its content hash)
  and a cache name derived from all of them, so any change to any file is a new version.

Everything here is deterministic: the same dist/ inputs give the same bytes.
"""

import base64
import hashlib
import json
import os
import re
import struct
import sys
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def version():
    text = open(os.path.join(ROOT, "Cargo.toml"), encoding="utf-8").read()
    m = re.search(r'^\[workspace\.package\][^\[]*?^version\s*=\s*"([^"]+)"', text, re.M | re.S)
    if not m:
        m = re.search(r'^version\s*=\s*"([^"]+)"', text, re.M)
    return m.group(1)


def build_hash(dist, exclude=("index.html", "sw.js")):
    """A short hash over every file of dist/ but the page and the service worker."""
    h = hashlib.sha256()
    for name in sorted(list_files(dist)):
        if name in exclude:
            continue
        h.update(name.encode() + b"\0" + bytes.fromhex(sha256(open(os.path.join(dist, name), "rb").read())))
    return h.hexdigest()[:8]


def list_files(dist):
    out = []
    for base, dirs, files in os.walk(dist):
        dirs.sort()
        for f in sorted(files):
            out.append(os.path.relpath(os.path.join(base, f), dist).replace(os.sep, "/"))
    return out


def script_hash(body):
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"


def inline_script_hashes(html):
    return [script_hash(m.group(1)) for m in
            re.finditer(r'<script(?![^>]*\bsrc=)(?![^>]*type="application/)[^>]*>(.*?)</script>', html, re.S)]


def csp(html, served):
    """The policy. Styles keep 'unsafe-inline': the print view writes a dynamic <style> element
    (its page-margin footer repeats the package hash), which no fixed hash could allow."""
    scripts = " ".join(inline_script_hashes(html))
    if served:
        policy = ("default-src 'none'; "
                  f"script-src 'self' {scripts} 'wasm-unsafe-eval'; "
                  "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                  # the glue fetches shenbao_bg.wasm; the service worker's precache fetches
                  "connect-src 'self'; manifest-src 'self'; worker-src 'self'; "
                  "form-action 'none'; base-uri 'none'")
    else:
        policy = ("default-src 'none'; "
                  f"script-src {scripts} 'wasm-unsafe-eval'; "
                  "style-src 'unsafe-inline'; img-src data:; connect-src 'none'; "
                  "form-action 'none'; base-uri 'none'")
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'


def insert_head(html, tags):
    """Puts tags right after <meta charset>, before any script (a CSP meta must come first)."""
    m = re.search(r'<meta charset="utf-8">\n', html)
    return html[:m.end()] + "".join(f"    {t}\n" for t in tags) + html[m.end():]


# The served page's start-up. A new version of the service worker that finished installing
# while an earlier page was open waits; it is applied when a page starts (nothing has been
# edited yet then), never while someone is editing. A new version found during a visit is
# only announced (a banner and a `shenbao-update-ready` event on window). If the browser holds
# the activation up for more than 3 s, this start runs the current version (the glue and wasm
# are imported only after the decision, so both come from one version) and a later start
# applies the update.
BOOT_SERVED = """
const sw = navigator.serviceWorker;
const web = location.protocol === "http:" || location.protocol === "https:";
// A waiting version is activated and the page reloaded into it before the app starts.
async function applyWaiting() {
  if (!web || !sw || !sw.controller) return false;
  const reg = await sw.getRegistration("./").catch(() => undefined);
  const next = reg && reg.waiting;
  if (!next) return false;
  const activated = await new Promise(done => {
    next.addEventListener("statechange", () => {
      if (next.state === "activated") done(true);
      if (next.state === "redundant") done(false);
    });
    next.postMessage("skipWaiting");
    // Activation can be held up by the old worker (Chromium waits for its in-flight work):
    // rather than keep a blank page, start this version; the next start applies the update.
    setTimeout(() => done(false), 3000);
  });
  if (activated) location.reload();
  return activated;
}
function announce() {
  window.dispatchEvent(new CustomEvent("shenbao-update-ready"));
  if (document.getElementById("update-banner")) return;
  const b = document.createElement("div");
  b.id = "update-banner";
  b.className = "banner banner-info";
  b.setAttribute("role", "status");
  b.textContent = "新版本已就绪，刷新页面即可使用";
  document.body.prepend(b);
}
function watch(reg) {
  // No registration (service workers blocked by the browser's settings): nothing to watch.
  if (!reg) return;
  const check = w => { if (w && sw.controller) w.addEventListener("statechange", () => { if (w.state === "installed") announce(); }); };
  if (reg.waiting && sw.controller) announce();
  check(reg.installing);
  reg.addEventListener("updatefound", () => check(reg.installing));
}
if (!(await applyWaiting())) {
  // Imported only now, so the glue and the wasm come from the same version.
  const { default: init } = await import("./shenbao.js");
  performance.mark("shenbao:glue");
  await init({ module_or_path: new URL("./shenbao_bg.wasm", import.meta.url) });
  performance.mark("shenbao:started");
  if (web && sw) sw.register("./sw.js", { scope: "./" }).then(watch, e => console.warn("service worker:", e));
}
""".strip()


def png(size):
    """The icon as an RGBA PNG: a blue rounded square with a white sheet and three lines."""
    bg, white, line = (0x1f, 0x5f, 0xa8, 255), (255, 255, 255, 255), (0x1f, 0x5f, 0xa8, 255)
    r = size * 0.18
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            cx = min(max(x + 0.5, r), size - r)
            cy = min(max(y + 0.5, r), size - r)
            inside = (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r
            px = (0, 0, 0, 0)
            if inside:
                px = bg
                u, v = x / size, y / size
                if 0.27 <= u <= 0.73 and 0.2 <= v <= 0.8:
                    px = white
                    if 0.34 <= u <= 0.66 and any(a <= v <= a + 0.05 for a in (0.33, 0.46, 0.59)):
                        px = line
            row += bytes(px)
        rows.append(bytes(row))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


def main():
    src, dst = sys.argv[1], sys.argv[2]
    dist = os.path.dirname(os.path.abspath(dst))
    html = open(src, encoding="utf-8").read()

    def replace(match):
        tag = match.group(0)
        if 'rel="css"' in tag:
            href = re.search(r'href="([^"]+)"', tag).group(1).split("/")[-1]
            return f'<link rel="stylesheet" href="./{href}">'
        if 'rel="rust"' in tag:
            # The glue and the wasm are fetched while the page is parsed, not one after the
            # other once the boot script runs (the glue's fetch of the wasm then takes the
            # preloaded response: same URL, mode cors, credentials same-origin).
            return ('<link rel="modulepreload" href="./shenbao.js">\n'
                    '    <link rel="preload" href="./shenbao_bg.wasm" as="fetch" type="application/wasm" crossorigin>\n'
                    f'    <script type="module">{BOOT_SERVED}</script>')
        return ""

    html = re.sub(r"<link data-trunk[^>]*>", replace, html)

    for size in (192, 512):
        with open(os.path.join(dist, f"icon-{size}.png"), "wb") as f:
            f.write(png(size))

    bh = build_hash(dist)
    html = insert_head(html, [
        csp(html, served=True),
        f'<meta name="shenbao-version" content="{version()}">',
        f'<meta name="shenbao-build" content="{bh}">',
    ])
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", re.sub(r"<script.*?</script>", "", html, flags=re.S)), \
        "no inline event handlers"
    with open(dst, "w", encoding="utf-8", newline="\n") as f:
        f.write(html)

    # The service worker: precache every file of dist/ (and the page's directory URL).
    sw_path = os.path.join(dist, "sw.js")
    sw = open(sw_path, encoding="utf-8").read()
    if "self.__PRECACHE__" not in sw or "__CACHE_NAME__" not in sw:
        sys.exit("render_index: dist/sw.js is not public/sw.js (copy public/ first)")
    files = [n for n in list_files(dist) if n != "sw.js"]
    manifest = {n: sha256(open(os.path.join(dist, n), "rb").read())[:16] for n in files}
    h = hashlib.sha256(json.dumps(manifest, sort_keys=True).encode() + sw.encode()).hexdigest()[:16]
    sw = sw.replace("self.__PRECACHE__", json.dumps(manifest, sort_keys=True, indent=1))
    sw = sw.replace("__CACHE_NAME__", f"shenbao-{h}")
    with open(sw_path, "w", encoding="utf-8", newline="\n") as f:
        f.write(sw)
    print(f"build {bh}, service worker cache shenbao-{h} ({len(files)} files)", file=sys.stderr)


if __name__ == "__main__":
    main()
