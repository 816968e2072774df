//! The papers as a Word document (`.docx`, Office Open XML, ISO/IEC 29500), for the offices
//! that file the 申报书 and 需求方案 as Word files, or edit the layout before printing: opens in
//! Word, WPS and LibreOffice. A4, 宋体 小四 body, 黑体 headings, tables with borders and their
//! header row repeated on each page, each document from a new page, the footer (the package's
//! digest and signer, or that this is an unsigned draft) and page numbers on every page.
//!
//! Written as text, not through an XML library: the markup is fixed and every value is
//! escaped (`paper::escape`).

use super::{Block, Paper, Table, escape, zip};

/// The MIME type of a `.docx` file.
pub const MIME: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const OFFICE_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A4 in twentieths of a point, with 2.54 cm margins: the text is 9,026 wide.
const PAGE: &str =
    r#"<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="851" w:footer="851" w:gutter="0"/>"#;
const TEXT_WIDTH: usize = 9026;

/// A run of `text`, its line breaks kept (`bold`: in bold).
fn run(out: &mut String, text: &str, bold: bool) {
    let props = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
    for (i, line) in text.split('\n').enumerate() {
        out.push_str("<w:r>");
        out.push_str(props);
        if i > 0 {
            out.push_str("<w:br/>");
        }
        out.push_str(r#"<w:t xml:space="preserve">"#);
        out.push_str(&escape(line.trim_end_matches('\r')));
        out.push_str("</w:t></w:r>");
    }
}

/// A paragraph of style `style` (none: the body's) holding `text`.
fn paragraph(out: &mut String, style: Option<&str>, extra: &str, text: &str) {
    out.push_str("<w:p>");
    if style.is_some() || !extra.is_empty() {
        out.push_str("<w:pPr>");
        if let Some(s) = style {
            out.push_str(&format!(r#"<w:pStyle w:val="{s}"/>"#));
        }
        out.push_str(extra);
        out.push_str("</w:pPr>");
    }
    run(out, text, false);
    out.push_str("</w:p>");
}

/// Each column's width: 序号 narrow, the others by how much they hold (the header's length or
/// the cells' mean length, whichever is more, and four, between 12 and 80 half widths), so
/// that a description is not squeezed into the width of a unit. Lengths in half widths: a
/// Chinese character takes two, a digit or a Latin letter one, so that a column of digests is
/// not given the room of as many Chinese characters. Together the text's width.
fn column_widths(t: &Table) -> Vec<usize> {
    let n = t.columns.len();
    let chars = |s: &str| s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>();
    let weights: Vec<usize> = (0..n)
        .map(|i| {
            let mean = t.rows.iter().map(|r| r.get(i).map_or(0, |c| chars(c))).sum::<usize>() / t.rows.len().max(1);
            (chars(t.columns[i]).max(mean) + 4).clamp(12, 80)
        })
        .collect();
    let first = if n > 1 { 700 } else { TEXT_WIDTH };
    let rest: usize = weights.iter().skip(1).sum::<usize>().max(1);
    (0..n).map(|i| if i == 0 { first } else { (TEXT_WIDTH - first) * weights[i] / rest }).collect()
}

fn table(out: &mut String, t: &Table) {
    paragraph(out, Some("Caption"), "", t.caption);
    let widths = column_widths(t);
    let n = widths.len();
    let width = |i: usize| widths.get(i).copied().unwrap_or(0);
    out.push_str(r#"<w:tbl><w:tblPr><w:tblStyle w:val="PaperTable"/><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>"#);
    for i in 0..n {
        out.push_str(&format!(r#"<w:gridCol w:w="{}"/>"#, width(i)));
    }
    out.push_str("</w:tblGrid>");
    let row = |out: &mut String, cells: &[&str], header: bool| {
        out.push_str("<w:tr>");
        if header {
            // Repeated at the top of every page the table runs onto.
            out.push_str("<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
        } else {
            out.push_str("<w:trPr><w:cantSplit/></w:trPr>");
        }
        for (i, c) in cells.iter().enumerate() {
            out.push_str(&format!(r#"<w:tc><w:tcPr><w:tcW w:w="{}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr>"#, width(i)));
            run(out, c, header);
            out.push_str("</w:p></w:tc>");
        }
        out.push_str("</w:tr>");
    };
    row(out, &t.columns, true);
    for r in &t.rows {
        let cells: Vec<&str> = r.iter().map(String::as_str).collect();
        row(out, &cells, false);
    }
    out.push_str("</w:tbl>");
}

fn body(papers: &[Paper]) -> String {
    let mut out = String::new();
    for (i, p) in papers.iter().enumerate() {
        // Each document from a new page.
        paragraph(&mut out, Some("Title"), if i > 0 { "<w:pageBreakBefore/>" } else { "" }, &p.title);
        for s in &p.sections {
            paragraph(&mut out, Some("Heading1"), "", &s.heading);
            for b in &s.blocks {
                match b {
                    Block::Group(label) => paragraph(&mut out, Some("Heading2"), "", label),
                    Block::Field { label, value } => {
                        out.push_str("<w:p>");
                        run(&mut out, &format!("{label}："), true);
                        run(&mut out, value, false);
                        out.push_str("</w:p>");
                    }
                    Block::Text { label, value } => {
                        paragraph(&mut out, Some("Heading3"), "", label);
                        for line in value.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
                            paragraph(&mut out, Some("BodyText"), "", line);
                        }
                    }
                    Block::Table(t) => table(&mut out, t),
                }
            }
        }
    }
    out
}

fn document_xml(papers: &[Paper]) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{}<w:sectPr><w:footerReference w:type="default" r:id="rId2"/>{PAGE}</w:sectPr></w:body></w:document>"#,
        body(papers)
    )
}

fn footer_xml(footer: &str) -> String {
    let field = |name: &str| {
        format!(
            r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {name} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="{W}" xmlns:r="{R}"><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr><w:r><w:t xml:space="preserve">第 </w:t></w:r>{}<w:r><w:t xml:space="preserve"> 页 共 </w:t></w:r>{}<w:r><w:t xml:space="preserve"> 页</w:t></w:r></w:p></w:ftr>"#,
        escape(footer),
        field("PAGE"),
        field("NUMPAGES")
    )
}

/// Fonts: Latin text in Times New Roman, Chinese in `east_asia`.
fn fonts(east_asia: &str) -> String {
    format!(r#"<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{east_asia}" w:cs="Times New Roman"/>"#)
}

fn styles_xml() -> String {
    // Sizes in half-points: 小二 18 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt, 五号 10.5 pt.
    let style = |id: &str, name: &str, p: &str, r: &str| {
        format!(
            r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr>{p}</w:pPr><w:rPr>{r}</w:rPr></w:style>"#
        )
    };
    let heading = |id: &str, name: &str, level: u8, size: u8, before: u16| {
        style(
            id,
            name,
            &format!(r#"<w:keepNext/><w:spacing w:before="{before}" w:after="120"/><w:outlineLvl w:val="{level}"/>"#),
            &format!(r#"{}<w:b/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/>"#, fonts("黑体")),
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr>{}<w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="60" w:line="360" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>{}{}{}{}{}{}{}{}<w:style w:type="table" w:styleId="PaperTable"><w:name w:val="Paper Table"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#,
        fonts("宋体"),
        style(
            "Title",
            "Title",
            r#"<w:jc w:val="center"/><w:spacing w:before="240" w:after="360"/>"#,
            &format!(r#"{}<w:b/><w:sz w:val="36"/><w:szCs w:val="36"/>"#, fonts("黑体"))
        ),
        heading("Heading1", "heading 1", 0, 32, 360),
        heading("Heading2", "heading 2", 1, 28, 240),
        heading("Heading3", "heading 3", 2, 24, 180),
        style("BodyText", "Body Text", r#"<w:ind w:firstLineChars="200" w:firstLine="480"/><w:jc w:val="both"/>"#, ""),
        style(
            "Caption",
            "caption",
            r#"<w:keepNext/><w:jc w:val="center"/><w:spacing w:before="120" w:after="60"/>"#,
            r#"<w:b/><w:sz w:val="21"/><w:szCs w:val="21"/>"#
        ),
        style("TableText", "Table Text", r#"<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>"#, r#"<w:sz w:val="21"/><w:szCs w:val="21"/>"#),
        style("Footer", "footer", r#"<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>"#, r#"<w:sz w:val="15"/><w:szCs w:val="15"/>"#),
    )
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

fn package_rels() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{REL}"><Relationship Id="rId1" Type="{OFFICE_REL}/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#
    )
}

fn document_rels() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{REL}"><Relationship Id="rId1" Type="{OFFICE_REL}/styles" Target="styles.xml"/><Relationship Id="rId2" Type="{OFFICE_REL}/footer" Target="footer1.xml"/></Relationships>"#
    )
}

fn core_xml(title: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title><dc:creator>申报通</dc:creator></cp:coreProperties>"#,
        escape(title)
    )
}

/// The `.docx` file of `papers`, `footer` at the foot of every page. The same papers and
/// footer give the same bytes.
pub fn docx(papers: &[Paper], footer: &str) -> Vec<u8> {
    let title = papers.first().map(|p| p.title.as_str()).unwrap_or("");
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", package_rels()),
        ("docProps/core.xml", core_xml(title)),
        ("word/_rels/document.xml.rels", document_rels()),
        ("word/document.xml", document_xml(papers)),
        ("word/styles.xml", styles_xml()),
        ("word/footer1.xml", footer_xml(footer)),
    ];
    let entries: Vec<(&str, &[u8])> = parts.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    zip::stored(&entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paper::{Section, papers};

    #[test]
    fn values_cannot_break_the_markup() {
        let p = Paper {
            title: "</w:t><w:p>".into(),
            sections: vec![Section { heading: "一、<script>".into(), blocks: vec![Block::Field { label: "名称", value: "A & B\n第二行".into() }] }],
        };
        let xml = document_xml(&[p]);
        assert!(xml.contains("&lt;/w:t&gt;&lt;w:p&gt;") && xml.contains("A &amp; B"), "{xml}");
        assert!(xml.contains("<w:br/>"), "a line break kept");
    }

    #[test]
    fn columns_are_as_wide_as_what_they_hold() {
        let t = Table {
            caption: "服务内容",
            columns: vec!["序号", "名称", "描述", "单位"],
            rows: vec![vec!["1".into(), "运维".into(), "提供 7×24 小时运行监控、故障处置和版本升级，驻场运维人员不少于 2 人。".into(), "年".into()]],
        };
        let w = column_widths(&t);
        assert_eq!(w[0], 700);
        assert!(w[2] > 3 * w[3], "{w:?}");
        assert!(w.iter().sum::<usize>() <= TEXT_WIDTH && w.iter().sum::<usize>() > TEXT_WIDTH - 10, "{w:?}");
        assert_eq!(column_widths(&Table { caption: "", columns: vec!["序号"], rows: vec![] }), [TEXT_WIDTH]);
        // 32 hex digits take the room of 16 Chinese characters, not 32.
        let t =
            Table {
                caption: "", columns: vec!["序号", "种类", "摘要"], rows: vec![vec!["1".into(), "可行性研究报告".into(), "0123456789abcdef".repeat(2)]]
            };
        let w = column_widths(&t);
        assert!(w[2] > w[1] && w[2] < 3 * w[1], "{w:?}");
    }

    #[test]
    fn a_project_becomes_the_parts_of_a_word_document_the_same_every_time() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/bazhong/project.json")).unwrap();
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        let papers = papers(&doc);
        let a = docx(&papers, "未签名草稿");
        assert_eq!(a, docx(&papers, "未签名草稿"));
        assert_eq!(&a[..4], b"PK\x03\x04");
        // Stored, so the parts' names and the document's words are in the bytes as written.
        let bytes = String::from_utf8_lossy(&a);
        for part in ["[Content_Types].xml", "word/document.xml", "word/styles.xml", "word/footer1.xml", "未签名草稿"] {
            assert!(bytes.contains(part), "{part}");
        }
        assert!(bytes.contains(&escape(&papers[0].title)));
        // One table row per budget line, plus the header.
        let xml = document_xml(&papers);
        let tables = xml.matches("<w:tbl>").count();
        let tables_in_papers = papers[0].sections.iter().flat_map(|s| &s.blocks).filter(|b| matches!(b, Block::Table(_))).count();
        assert_eq!(tables, tables_in_papers);
        let rows: usize = papers[0].sections.iter().flat_map(|s| &s.blocks).map(|b| if let Block::Table(t) = b { t.rows.len() + 1 } else { 0 }).sum();
        assert_eq!(xml.matches("<w:tr>").count(), rows);
    }
}
