"""Turns the Trunk-style index.html into the page our own build serves.

Trunk's `<link data-trunk ...>` directives are replaced by what they stand for: the
stylesheet link and a module script that starts the wasm-bindgen glue. Keeping one
index.html means `trunk serve` (for those who have it) and scripts/build-web agree.
"""

import re
import sys

src, dst = sys.argv[1], sys.argv[2]
html = open(src, encoding="utf-8").read()

def replace(match):
    tag = match.group(0)
    if 'rel="css"' in tag:
        href = re.search(r'href="([^"]+)"', tag).group(1).split("/")[-1]
        return f'<link rel="stylesheet" href="./{href}">'
    if 'rel="rust"' in tag:
        return ('<script type="module">import init from "./shenbao.js";'
                ' init({ module_or_path: new URL("./shenbao_bg.wasm", import.meta.url) });</script>')
    return ""

out = re.sub(r"<link data-trunk[^>]*>", replace, html)
open(dst, "w", encoding="utf-8").write(out)
