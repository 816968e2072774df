"""Makes the one-file build: dist/ (from scripts/build-web) → dist-usb/shenbao.html.

Usage: build_usb.py [--dist DIR] [--out FILE]

One self-contained HTML file that works opened from a USB stick (file://): the CSS inlined in
<style>, the wasm gzip-compressed and base64-embedded in a data block (a non-JavaScript
<script type="application/...">, which is never executed), and the wasm-bindgen glue inlined
in one module script that inflates the wasm with DecompressionStream('gzip'), compiles it
while inflating (`WebAssembly.compileStreaming`) and instantiates it asynchronously
(`__wbg_init({ module_or_path: module })`). Chromium neither fetches .wasm
nor imports modules from file://, and refuses synchronous compilation of large modules.

The parts loaded on first use (scripts/build-web: dist/split_*.wasm, dist/chunk_*.wasm) are
embedded the same way, each in its own data block, and the part loader (dist/__wasm_split.js)
is inlined ahead of the glue with its fetches replaced by reads of those blocks: a part is
still only inflated and compiled when first shown.

The rule packs' files (dist/packs/, fetched by the served app when a form opens) are embedded
the same way; the page defines `globalThis.shenbaoEmbeddedPack(file)`, which the app asks
instead of fetching (app/src/packs.rs).

Reproducible: no timestamps anywhere, gzip with mtime=0 at a fixed level, so the same dist/
gives a byte-identical file (with the same zlib). Prints the file's SHA-256 and writes it next
to the file as FILE.sha256 (sha256sum format).
"""

import argparse
import base64
import gzip
import hashlib
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from render_index import ROOT, build_hash, csp, insert_head, version  # noqa: E402


LOADER = "./__wasm_split.js"
NAME = r"[\w$]+"


def export_list(js):
    """`js` without its `export { a as b, c }` statements, and {exported name: local name}.
    (scripts/build-web minifies the glue and the loader, which gathers every export there.)"""
    exports = {}

    def take(m):
        for item in filter(None, (i.strip() for i in m.group(1).split(","))):
            local, _, name = item.partition(" as ")
            exports[(name or local).strip()] = local.strip()
        return ""

    return re.sub(r"export\s*\{([^}]*)\}\s*;?", take, js), exports


def glue_code(js):
    """The wasm-bindgen glue as plain module code: its exports dropped (nothing imports it) but
    for `__wbg_init` (its default export) and `__shenbao_initSync` (for the part loader), its
    imports of the part loader bound to the inlined loader's exports (see `loader_code`)."""
    js = re.sub(r'import\s*\*\s*as\s*(' + NAME + r')\s*from\s*"' + re.escape(LOADER) + r'"[ \t]*;?',
                r"const \1 = __wasm_split_exports;", js)
    if re.search(r"(^|[;}\s])import\s*(\*\s*as\b|\{|[\"']|[\w$]+\s+from\b)", js):
        sys.exit("build_usb: the glue imports other modules (wasm-bindgen snippets?); cannot inline it")
    js = re.sub(r"(^|[;}\s])export\s+(class|function|async function|const|let)\s", r"\1\2 ", js)
    js, exports = export_list(js)
    if re.search(r"(^|[;}\s])export\b", js):
        sys.exit("build_usb: unexpected export left in the glue")
    if "default" not in exports or "initSync" not in exports:
        sys.exit(f"build_usb: the glue exports no default (__wbg_init) or initSync: {exports}")
    if exports["default"] != "__wbg_init":
        js += f"\nconst __wbg_init = {exports['default']};\n"
    # A function declaration (hoisted): the loader calls it only once the glue has run.
    return js + f"\nfunction __shenbao_initSync(...a) {{ return {exports['initSync']}(...a); }}\n"


def loader_code(js, parts):
    """The part loader as code that defines `__wasm_split_exports` (in its own function scope, so
    its names cannot meet the glue's), reading each part from its data block instead of fetching
    it. `parts` are the embedded parts' file names; each must be fetched exactly once."""
    js, n = re.subn(r'import\s*\{\s*initSync(?:\s+as\s+(' + NAME + r'))?\s*\}\s*from\s*"\./shenbao\.js"[ \t]*;?',
                    lambda m: f"const {m.group(1) or 'initSync'} = __shenbao_initSync;", js)
    if n != 1:
        sys.exit("build_usb: __wasm_split.js does not import initSync from ./shenbao.js as expected")
    for name in parts:
        js, n = re.subn(r'fetch\(\s*new URL\(\s*"\./' + re.escape(name) + r'"\s*,\s*import\.meta\.url\s*\)\s*\)',
                        f'embeddedPart("{name}")', js)
        if n != 1:
            sys.exit(f"build_usb: __wasm_split.js fetches {name} {n} times, expected once")
    js = js.replace("WebAssembly.instantiateStreaming(", "instantiatePart(")
    if "fetch(" in js or "import.meta" in js:
        sys.exit("build_usb: __wasm_split.js fetches something that is not an embedded part")
    exports = {name: name for name in re.findall(r"^export const (\w+) =", js, flags=re.M)}
    js = re.sub(r"^export const ", "const ", js, flags=re.M)
    js, listed = export_list(js)
    exports.update(listed)
    if not exports:
        sys.exit("build_usb: __wasm_split.js exports no loader")
    if re.search(r"(^|[;}\s])(export|import)\b", js):
        sys.exit("build_usb: unexpected import or export left in __wasm_split.js")
    return ("const __wasm_split_exports = (() => {\n" + PARTS + js
            + "\nreturn { " + ", ".join(f"{k}: {v}" for k, v in exports.items()) + " };\n})();\n")


# Reads a part from its data block; instantiated from bytes (parts are small, and not every
# browser compiles a constructed Response as a stream).
PARTS = """
const embeddedPart = async name => new Response(inflateBytes(decodeBlock("shenbao-part-" + name)));
const instantiatePart = async (response, imports) => WebAssembly.instantiate(await (await response).arrayBuffer(), imports);
"""

# Shared by the start-up and the parts: a data block's bytes (gzip), and their inflated stream.
INFLATE = """
function decodeBlock(id) {
  const packed = document.getElementById(id).textContent;
  let gz;
  if (Uint8Array.fromBase64) {
    gz = Uint8Array.fromBase64(packed);
  } else {
    const bin = atob(packed);
    gz = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) gz[i] = bin.charCodeAt(i);
  }
  return gz;
}
function inflateBytes(gz) {
  return new Blob([gz]).stream().pipeThrough(new DecompressionStream("gzip"));
}
"""

# The app reads a pack file through this when it exists (it fetches packs/<file> otherwise).
PACKS = """
globalThis.shenbaoEmbeddedPack = async file => new Response(inflateBytes(decodeBlock("shenbao-pack-" + file))).text();
"""

BOOT = """
// 申报通 one-file build: inflate the embedded wasm and start it. The wasm is compiled while it
// is being inflated (compileStreaming over the DecompressionStream); the marks shenbao:boot,
// shenbao:decoded, shenbao:compiled and shenbao:started time the phases (bench/web/startup.mjs reads them).
{
  performance.mark("shenbao:boot");
  const gz = decodeBlock("shenbao-wasm");
  performance.mark("shenbao:decoded");
  const inflate = () => inflateBytes(gz);
  let module;
  try {
    module = await WebAssembly.compileStreaming(new Response(inflate(), { headers: { "content-type": "application/wasm" } }));
  } catch {
    // A browser without streaming compilation of a constructed response: inflate, then compile.
    module = await WebAssembly.compile(await new Response(inflate()).arrayBuffer());
  }
  performance.mark("shenbao:compiled");
  await __wbg_init({ module_or_path: module });
  performance.mark("shenbao:started");
}
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dist", default=os.path.join(ROOT, "dist"))
    ap.add_argument("--out", default=os.path.join(ROOT, "dist-usb", "shenbao.html"))
    args = ap.parse_args()
    dist = args.dist

    def read(name, mode="r"):
        with open(os.path.join(dist, name), mode, **({} if "b" in mode else {"encoding": "utf-8"})) as f:
            return f.read()

    css = read("style.css")
    if "</style" in css.lower() or re.search(r"url\((?!\s*['\"]?data:)", css):
        sys.exit("build_usb: style.css refers to other files or closes <style>; cannot inline it")
    wasm = read("shenbao_bg.wasm", "rb")
    pack = lambda data: base64.b64encode(gzip.compress(data, compresslevel=9, mtime=0)).decode("ascii")
    packed = pack(wasm)
    parts = sorted(f for f in os.listdir(dist) if re.fullmatch(r"(split|chunk)_[\w.]+\.wasm", f))
    packs = sorted(os.listdir(os.path.join(dist, "packs"))) if os.path.isdir(os.path.join(dist, "packs")) else []
    if any(not re.fullmatch(r"[\w-]+\.[0-9a-f]{16}\.(json|txt)", f) for f in packs):
        sys.exit(f"build_usb: dist/packs/ holds a file not named <city>.<hash>.json or <city>-regulation.<hash>.txt: {packs}")
    script = INFLATE + (PACKS if packs else "") + glue_code(read("shenbao.js")) + BOOT
    if os.path.exists(os.path.join(dist, "__wasm_split.js")):
        script = loader_code(read("__wasm_split.js"), parts) + script
    elif parts:
        sys.exit("build_usb: dist/ has split parts but no __wasm_split.js")
    blocks = "".join(f'<script type="application/gzip-base64" id="shenbao-part-{name}">{pack(read(name, "rb"))}</script>\n    '
                     for name in parts)
    blocks += "".join(f'<script type="application/gzip-base64" id="shenbao-pack-{name}">{pack(read("packs/" + name, "rb"))}</script>\n    '
                      for name in packs)
    if "</script" in script.lower():
        sys.exit("build_usb: the glue contains </script; cannot inline it")
    icon = "data:image/svg+xml;base64," + base64.b64encode(read("icon.svg", "rb")).decode("ascii")

    html = open(os.path.join(ROOT, "index.html"), encoding="utf-8").read()
    html = re.sub(r"[ \t]*<link rel=\"manifest\"[^>]*>\n", "", html)
    html = re.sub(r"[ \t]*<!--.*?-->\n", "", html, flags=re.S)
    html = re.sub(r'<link rel="icon"[^>]*>', f'<link rel="icon" href="{icon}" type="image/svg+xml">', html)

    def replace(match):
        tag = match.group(0)
        if 'rel="css"' in tag:
            return f"<style>\n{css}</style>"
        if 'rel="rust"' in tag:
            return (f'<script type="application/gzip-base64" id="shenbao-wasm">{packed}</script>\n    {blocks}'
                    f'    <script type="module">{script}</script>')
        return ""

    html = re.sub(r"<link data-trunk[^>]*>", replace, html)
    html = insert_head(html, [
        csp(html, served=False),
        f'<meta name="shenbao-version" content="{version()}">',
        f'<meta name="shenbao-build" content="{build_hash(dist)}">',
    ])
    data = html.encode("utf-8")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "wb") as f:
        f.write(data)
    digest = hashlib.sha256(data).hexdigest()
    with open(args.out + ".sha256", "w", encoding="utf-8", newline="\n") as f:
        f.write(f"{digest}  {os.path.basename(args.out)}\n")
    print(f"{args.out}: {len(data)} bytes (wasm {len(wasm)} → {len(packed)} base64 of gzip)")
    print(f"SHA-256 {digest}")


if __name__ == "__main__":
    main()
