#!/usr/bin/env python3
"""Writes the hostile-input catalogue's submission, pack and draft files (tests/hostile/).

Signed package files are written by `write_hostile_packages` in core/tests/hostile.rs (they
need the signing code). The 50 MB files are never committed: tests generate them.
Run: python3 tests/hostile/generate.py
"""
import copy, json, os, re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIX = os.path.join(ROOT, "tests", "fixtures", "bazhong")

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def load(name):
    with open(os.path.join(FIX, name), encoding="utf-8") as f:
        return json.load(f)


def dump(v, pretty=True):
    return json.dumps(v, ensure_ascii=False, indent=2 if pretty else None)


def write(name, data):
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(os.path.join(HERE, name), mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": "\n"})) as f:
        f.write(data)


project = load("project.json")
combined = load("combined.json")
text = dump(project)

# --- submissions -------------------------------------------------------------------------
write("truncated.json", text[: len(text) // 2])
write("empty.json", "")
# Saved as GBK by an old editor: the first "巴中" is not UTF-8.
write("gbk-encoded.json", text.encode("utf-8").replace("巴中".encode(), "巴中".encode("gbk"), 1))
write("bom.json", "\ufeff" + text)
write("binary.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01" + bytes(range(256)))
write("top-level-array.json", "[" + text + "]")
# Two owner_unit keys: serde_json would silently keep the second; another reader the first.
dup = text.replace("\"owner_unit\": ", "\"owner_unit\": \"巴中市财政局\",\n      \"owner_unit\": ", 1)
write("duplicate-key.json", dup)
deep = "[" * 100_000 + "]" * 100_000
write("nesting-100000.json", text.replace("\"name\": ", "\"name\": " + deep + ", \"x\": ", 1))
write("number-1e400.json", re.sub(r'"total_investment": \d+', '"total_investment": 1e400', text, count=1))
v = copy.deepcopy(project); v["project"]["basic"]["total_investment"] = 18446744073709551616
write("money-2pow64.json", dump(v))
v = copy.deepcopy(project); v["project"]["basic"]["total_investment"] = -3_000_000
write("money-negative.json", dump(v))
v = copy.deepcopy(project); v["project"]["cost_estimate"]["items"][0]["unit_price"] = 1.5
write("money-fraction.json", dump(v))
v = copy.deepcopy(project); v["format"] = "shenbao.submission/2"
write("unknown-format-version.json", dump(v))
v = copy.deepcopy(project); v["project"]["basic"]["budget_code"] = "2026-001"
write("unknown-field.json", dump(v))
v = copy.deepcopy(project); v["__proto__"] = {"isAdmin": True}
write("proto-key-top.json", dump(v))
v = copy.deepcopy(project); v["project"]["basic"]["__proto__"] = {"name": "篡改"}
write("proto-key-nested.json", dump(v))
v = copy.deepcopy(project); v["project"]["basic"]["constructor"] = {"prototype": {"polluted": True}}
write("constructor-key.json", dump(v))


# Last path segments of the text fields (Text, LongText, TextList in core/src/fields.rs);
# codes, phone and e-mail are left valid so that only the markup is unusual.
TEXT_KEYS = set("""acceptance_method approach basis contractor_qualification cost_summary crypto_plan
current_state cybersecurity description lead_unit location_note name needs_analysis no_share_basis note
operations other owner_unit ownership_note partner_units performance_goals problems project_name reasons
scope secure_reliable_statement security_requirements title unit work_plan""".split())


def every_text(node, payload):
    """Appends markup to every text field's value."""
    if isinstance(node, dict):
        for k, c in node.items():
            if k in TEXT_KEYS and isinstance(c, str):
                node[k] = c + payload
            elif k in TEXT_KEYS and isinstance(c, list) and all(isinstance(x, str) for x in c):
                node[k] = [x + payload for x in c]
            else:
                every_text(c, payload)
    elif isinstance(node, list):
        for c in node:
            every_text(c, payload)


v = copy.deepcopy(combined)
every_text(v, SCRIPT + IMG)
# Echoed verbatim in findings, so the report carries the markup too.
v["project"]["basic"]["contact"]["phone"] = IMG
v["project"]["basic"]["contact"]["email"] = SCRIPT
write("html-in-every-text-field.json", dump(v))

# Markup in names only, otherwise a clean document: signable (package-html.json).
v = copy.deepcopy(project)
for k in ("name", "owner_unit"):
    v["project"]["basic"][k] += SCRIPT
v["project"]["basic"]["leader"]["title"] += IMG
v["project"]["cost_estimate"]["items"][0]["name"] += IMG
write("html-in-names.json", dump(v))

v = copy.deepcopy(project); v["project"]["basic"]["owner_unit"] = "巴中市\u200b市场监督管理局"
write("zero-width-space-unit.json", dump(v))
v = copy.deepcopy(project)
v["project"]["basic"]["owner_unit"] = "巴中市市场监督\u200c管理局\u200d"
v["project"]["basic"]["leader"]["name"] = "李\u2060晓梅"
v["project"]["basic"]["contact"]["name"] = "\ufeff王芳"
write("zero-width-joiners.json", dump(v))
v = copy.deepcopy(project); v["project"]["basic"]["name"] = "巴中市\u202e统系理管\u202c智慧监管平台"
write("bidi-override-name.json", dump(v))
v = copy.deepcopy(project); v["project"]["basic"]["joint"]["partner_units"] = ["巴中市财政局", "巴中市\u2067数据局\u2069"]
write("bidi-isolate-partner.json", dump(v))
# Cyrillic "А" (U+0410) and "о" (U+043E) in place of Latin letters next to CJK.
v = copy.deepcopy(project); v["project"]["basic"]["owner_unit"] = "巴中市АI中心"
write("cyrillic-lookalike-unit.json", dump(v))
v = copy.deepcopy(project); v["project"]["basic"]["name"] = "智慧巴中Gоv数据平台"
write("cyrillic-lookalike-name.json", dump(v))

# --- packs ---------------------------------------------------------------------------------
with open(os.path.join(ROOT, "core", "packs", "bazhong.json"), encoding="utf-8") as f:
    pack = json.load(f)
ptext = dump(pack)
write("pack-truncated.json", ptext[: len(ptext) // 3])
write("pack-bom.json", "\ufeff" + ptext)
# The first rule says "severity": "warning" and then "info": which one is meant?
first = pack["rules"][0]
ptext_dup = ptext.replace("\"severity\": \"%s\"" % first["severity"], "\"severity\": \"error\",\n   \"severity\": \"%s\"" % first["severity"], 1)
write("pack-duplicate-key.json", ptext_dup)
p = copy.deepcopy(pack); p["format"] = "shenbao.pack/2"
write("pack-unknown-format.json", dump(p))
p = copy.deepcopy(pack); p["rules"][0]["__proto__"] = {"severity": "error"}
write("pack-proto-key.json", dump(p))
p = copy.deepcopy(pack); p["rules"][0]["require"] = {"ge": ["project.basic.total_investment", {"wan": 30.5}]}
write("pack-fraction.json", dump(p))
write("pack-nesting-100000.json", ptext.replace("\"require\": ", "\"require\": " + "[" * 100_000 + "]" * 100_000 + ", \"x\": ", 1))
p = copy.deepcopy(pack)
r = p["rules"][0]
r["title"] = "投资额度" + SCRIPT
r["require"] = {"ge": ["project.basic.total_investment", {"wan": 100000}]}
r["message"] = "总投资 {project.basic.total_investment}" + IMG + SCRIPT
r["advice"] = IMG
write("pack-html-message.json", dump(p))

# --- drafts (the app's draft files, shenbao.draft/1) -------------------------------------------
draft = {"format": "shenbao.draft/1", "id": "d1", "name": "草稿", "pack_id": "bazhong", "revision": 3, "saved_at": 1.7e12, "submission": project}
dtext = dump(draft)
write("draft-bom.json", "\ufeff" + dtext)
write("draft-truncated.json", dtext[: len(dtext) // 2])
write("draft-duplicate-key.json", dtext.replace("\"revision\": 3", "\"revision\": 3,\n  \"revision\": 999", 1))
write("draft-duplicate-key-in-submission.json", dtext.replace("\"total_investment\": ", "\"total_investment\": 1,\n        \"total_investment\": ", 1))
d = copy.deepcopy(draft); d["name"] = SCRIPT + IMG; every_text(d["submission"], IMG)
write("draft-html.json", dump(d))
d = copy.deepcopy(draft); d["submission"]["project"]["basic"]["owner_unit"] = "巴中市\u200b市场监督管理局"
write("draft-zero-width.json", dump(d))
