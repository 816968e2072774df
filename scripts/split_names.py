"""Names the parts of a split wasm by their content: dist/split_sign.wasm → split_sign.<hash>.wasm.

Usage: split_names.py DIST

The main module and dist/__wasm_split.js (which fetches the parts) are loaded together when the
page starts; a part is fetched later, maybe after the server or the service worker moved to a
new version. With content-named parts, such a page asks for a file the new version does not
have and shows its load-failure message, instead of instantiating a part built against another
main module (which shares its memory and function table: undefined behaviour, not an error).

Fails if a part is not named in __wasm_split.js exactly once, or a name there has no file.
"""

import hashlib
import os
import re
import sys


def main():
    dist = sys.argv[1]
    loader_path = os.path.join(dist, "__wasm_split.js")
    loader = open(loader_path, encoding="utf-8").read()
    parts = sorted(f for f in os.listdir(dist) if re.fullmatch(r"(split|chunk)_\w+\.wasm", f))
    named = sorted(set(re.findall(r'"\./([\w.]+\.wasm)"', loader)))
    if named != parts:
        sys.exit(f"split_names: __wasm_split.js names {named}, dist/ has {parts}")
    for f in parts:
        times = loader.count(f'"./{f}"')
        if times != 1:
            sys.exit(f"split_names: {f} is named {times} times in __wasm_split.js")
        data = open(os.path.join(dist, f), "rb").read()
        new = f"{f[:-5]}.{hashlib.sha256(data).hexdigest()[:16]}.wasm"
        os.rename(os.path.join(dist, f), os.path.join(dist, new))
        loader = loader.replace(f'"./{f}"', f'"./{new}"')
        print(f"{new}: {len(data)} bytes")
    with open(loader_path, "w", encoding="utf-8", newline="\n") as out:
        out.write(loader)


if __name__ == "__main__":
    main()
