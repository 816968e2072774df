"""`shenbao docx`'s Word files read by other software: python-docx (an independent reader of
the Office Open XML package: content types, relationships, styles, tables, footer) for every
city's fixtures, and LibreOffice (a real office suite, headless) turning one into a PDF."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from conftest import FIXTURES


def expected_titles(sub: dict) -> list[str]:
    titles = []
    if sub.get("project") is not None:
        name = sub["project"].get("basic", {}).get("name", "").strip()
        titles.append(name + "申报书" if name.endswith("项目") else name + "项目申报书")
    if sub.get("service_plan") is not None:
        titles.append(sub["service_plan"].get("project_name", "").strip() + "服务需求方案")
    return titles


def table_lengths(sub: dict) -> list[int]:
    """The row count (header included) of the tables we know the document must hold."""
    out = []
    if sub.get("project") is not None:
        out.append(len(sub["project"].get("cost_estimate", {}).get("items", [])) + 1)
    if sub.get("service_plan") is not None:
        out.append(len(sub["service_plan"].get("items", [])) + 1)
    return out


@pytest.mark.parametrize("key", [f"{f.parent.name}/{f.name}" for f in FIXTURES])
def test_each_fixture_package_reads_as_a_word_document(cli, work, fixture_packages, key):
    signed = fixture_packages[key]
    out = work / (signed.package.path.stem + ".docx")
    cli.run("docx", signed.package.path, "-o", out, "--force")
    d = docx.Document(str(out))

    titles = [p.text for p in d.paragraphs if p.style.name == "Title"]
    assert titles == expected_titles(signed.submission)
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert headings and headings[0].startswith("一、")

    rows = [len(t.rows) for t in d.tables]
    for n in table_lengths(signed.submission):
        assert n in rows, f"a table of {n} rows in {rows}"
    for t in d.tables:
        header = [c.text for c in t.rows[0].cells]
        assert header[0] == "序号"
        assert [r.cells[0].text for r in t.rows[1:]] == [str(i) for i in range(1, len(t.rows))]

    # The papers close with the package's check (every warning with the 说明 signed with it),
    # then with the package's record.
    assert headings[-2:] == ["附：规则检查结果与说明", "附：申报包信息"]
    warnings = [f for f in signed.package.payload["report"]["findings"] if f["severity"] == "warning"]
    findings = [t for t in d.tables if [c.text for c in t.rows[0].cells] == ["序号", "级别", "问题", "依据", "说明"]]
    if warnings:
        assert len(findings) == 1
        rows = [[c.text for c in r.cells] for r in findings[0].rows[1:]]
        for w in warnings:
            row = next(r for r in rows if r[2] == w["message"])
            assert row[1] == "警告"
            # The 说明 as signed; XML cannot hold the control characters, which are dropped.
            assert '已与数据主管部门确认适用。"引号" \\反斜杠 /斜杠' in row[4] and "😀 é ＃" in row[4], row[4]

    # The footer names the package: its payload's SHA-256, computed here, and the signer.
    footer = " ".join(p.text for p in d.sections[0].footer.paragraphs)
    digest = hashlib.sha256(signed.package.payload_bytes).hexdigest()
    assert f"申报包摘要 SHA-256 {digest} · 签名人 张三 · 公钥指纹 " in footer
    fp = signed.package.payload["signer"]["keys"][0]["fingerprint"].upper()
    assert " ".join(fp[i:i + 4] for i in range(0, len(fp), 4)) in footer


def record_fields(d: docx.Document) -> dict[str, str]:
    """The record's "label：value" lines, read from the paragraphs after its heading."""
    paras = [p.text for p in d.paragraphs]
    start = paras.index("附：申报包信息")
    return dict(p.split("：", 1) for p in paras[start + 1:] if "：" in p)


def test_a_package_s_record_names_it_and_every_file_with_its_digest(cli, work, cli_keys):
    """Signed twice: with a file sent separately, as a revision of another package; and with two
    files embedded. The record read back by python-docx, every figure recomputed here."""
    from datetime import datetime, timedelta, timezone

    fixture = Path(__file__).resolve().parents[2] / "tests/fixtures/bazhong/project.json"
    (work / "可研报告.pdf").write_bytes(b"%PDF-1.7 feasibility " * 50)
    (work / "图纸.dwg").write_bytes(bytes(range(256)) * 40)
    # A file name is the signer's text too: markup in it stays text in the record.
    hostile = '说明<b>&"x\' <w.p>.txt'
    (work / hostile).write_bytes("说明".encode())
    first = work / "record-first.json"
    args = ["sign", "--city", "bazhong", "--key", cli_keys["sm2"].key, "--department", "巴中市数据局", "--credit-code", "11511900MB1A08217D", "--person", "张三"]
    cli.run(*args, "-o", first, fixture)
    pkg = work / "record.json"
    cli.run(*args, "--attach", f"feasibility_study={work / '可研报告.pdf'}", "-o", pkg, "--previous", first, fixture)
    pkg2 = work / "record2.json"
    cli.run(*args, "--embed", "--attach", f"feasibility_study={work / '可研报告.pdf'}", "--attach", f"other={work / '图纸.dwg'}", "--attach", f"other={work / hostile}", "-o", pkg2, fixture)
    for path in (pkg, pkg2):
        out = path.with_suffix(".docx")
        cli.run("docx", path, "-o", out, "--force")
        d = docx.Document(str(out))
        envelope = json.loads(path.read_text(encoding="utf-8"))
        payload_bytes = base64.b64decode(envelope["payload"])
        payload = json.loads(payload_bytes)
        f = record_fields(d)
        assert f["申报包编号"] == payload["id"]
        signed_at = datetime.strptime(payload["created_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        assert f["签署时间"] == signed_at.astimezone(timezone(timedelta(hours=8))).strftime("%Y-%m-%d %H:%M:%S") + "（北京时间）"
        assert f["申报包摘要（SHA-256）"] == hashlib.sha256(payload_bytes).hexdigest()
        assert f["申报单位"] == "巴中市数据局（统一社会信用代码 11511900MB1A08217D）"
        fp = payload["signer"]["keys"][0]["fingerprint"].upper()
        grouped = " ".join(fp[i:i + 4] for i in range(0, len(fp), 4))
        assert f["签名"] == f"成立：签名人 张三，算法 SM2（国密），公钥指纹 {grouped}（签名人身份以数据局登记的公钥为准）"
        assert payload["pack"]["sha256"] in f["规则包"]
        if path == pkg:
            prev = json.loads(base64.b64decode(json.loads(first.read_text(encoding="utf-8"))["payload"]))
            assert f["替代的申报包"] == f"{prev['id']}（摘要 SHA-256 {payload['previous']['sha256']}）"
        else:
            assert "替代的申报包" not in f
        files = next(t for t in d.tables if [c.text for c in t.rows[0].cells] == ["序号", "文件名", "种类", "大小（字节）", "SHA-256", "随包"])
        rows = [[c.text for c in r.cells] for r in files.rows[1:]]
        names = {"可研报告.pdf": "可行性研究报告", "图纸.dwg": None, hostile: None}
        assert [r[1] for r in rows] == [a["name"] for a in payload["attachments"]]
        assert (hostile in [r[1] for r in rows]) == (path == pkg2)
        for r, a in zip(rows, payload["attachments"]):
            data = (work / a["name"]).read_bytes()
            assert r[3] == str(len(data)) and r[4] == hashlib.sha256(data).hexdigest()
            if names[a["name"]]:
                assert r[2] == names[a["name"]]
            assert r[5] == ("是" if "content_base64" in a else "否（另行提交）")
        assert any(r[5] == "是" for r in rows) == (path == pkg2)


def test_the_reviewer_s_opinion_reads_as_a_word_document(cli, work, packages):
    """`shenbao opinion`, read back by python-docx: the package named by a digest computed
    here, the decision and the note as given (markup as text), the footer."""
    signed = packages["sm2"]
    out = work / "opinion.docx"
    note = '请补充可研批复。\n资金来源需与批复一致 <b>&"'
    cli.run("opinion", signed.package.path, "--decision", "correction", "--note", note, "-o", out, "--force")
    d = docx.Document(str(out))
    name = signed.submission["project"]["basic"]["name"].strip()
    assert [p.text for p in d.paragraphs if p.style.name == "Title"] == [name + "审核意见"]
    assert [p.text for p in d.paragraphs if p.style.name == "Heading 1"] == ["一、申报包", "二、处理意见", "三、核验结果", "四、规则检查结果与附件核对"]
    fields = dict(p.text.split("：", 1) for p in d.paragraphs if "：" in p.text and p.style.name != "Title")
    digest = hashlib.sha256(signed.package.payload_bytes).hexdigest()
    assert fields["申报包摘要（SHA-256）"] == digest
    assert fields["申报包编号"] == signed.package.payload["id"]
    assert fields["处理状态"] == "需补正"
    texts = [p.text for p in d.paragraphs]
    assert "请补充可研批复。" in texts and '资金来源需与批复一致 <b>&"' in texts, texts
    footer = " ".join(p.text for p in d.sections[0].footer.paragraphs)
    assert f"所涉申报包摘要 SHA-256 {digest}" in footer


def test_markup_and_control_characters_in_values_stay_text(cli, work):
    sub = json.loads((Path(__file__).resolve().parents[2] / "tests/fixtures/bazhong/project.json").read_text(encoding="utf-8"))
    sub["project"]["basic"]["name"] = '智慧</w:t></w:r><w:r><w:t>"注入" & <b>\u0001\u0008 平台'
    src = work / "markup.json"
    src.write_text(json.dumps(sub, ensure_ascii=False), encoding="utf-8")
    cli.run("docx", src, "-o", work / "markup.docx", "--force")
    d = docx.Document(str(work / "markup.docx"))
    title = next(p.text for p in d.paragraphs if p.style.name == "Title")
    assert title == '智慧</w:t></w:r><w:r><w:t>"注入" & <b> 平台项目申报书'


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed (scripts/test installs it)")
def test_libreoffice_opens_it_and_prints_every_document(cli, work, packages):
    signed = packages["sm2"]
    out = work / "combined.docx"
    cli.run("docx", signed.package.path, "-o", out, "--force")
    profile = work / "lo-profile"
    r = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(work), str(out)],
        capture_output=True, text=True, timeout=300,
    )
    assert r.returncode == 0, r.stderr
    text = (work / "combined.txt").read_text(encoding="utf-8-sig")
    for title in expected_titles(signed.submission):
        assert title in text
    assert "一、基本信息" in text
    # A line of the budget: its name as typed, its amount in 万元.
    item = signed.submission["project"]["cost_estimate"]["items"][0]
    assert item["name"] in text
