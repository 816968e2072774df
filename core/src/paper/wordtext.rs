//! The text of a Word document's body (`word/document.xml`, WordprocessingML): one line per
//! paragraph, so that a 需求方案 written in Word or WPS can be split into the form's sections.
//!
//! Read by a small scanner rather than an XML library (no new dependency in the wasm), and
//! only as far as text goes: what a reader sees on the page, in order.
//!
//! * Text is the content of `w:t` alone: deleted text of tracked changes (`w:delText`, and
//!   whatever is inside `w:del` or `w:moveFrom`) and field codes (`w:instrText`) are not what
//!   the page shows; a field's result (a page number, a table of contents' entries) is.
//! * `w:tab` reads as a tab, `w:br` and `w:cr` as a line break within the paragraph,
//!   `w:noBreakHyphen` as `-`.
//! * A table's row is one line, its cells joined by tabs (a cell's paragraphs by spaces, and
//!   its tabs and breaks read as spaces, so that a row stays one line); a table in a cell is
//!   read flat, as more of that cell.
//! * Of `mc:AlternateContent`, the `mc:Choice` is read and the `mc:Fallback` (the same text
//!   box, drawn the old way) is not, lest the text be read twice. A text box's paragraphs are
//!   lines after the paragraph they are anchored in.
//! * Element names are matched by their prefix: any prefix the document binds to the
//!   WordprocessingML namespace (transitional or strict), `w` always; scoping of declarations
//!   is not followed (Word declares them all on the root).
//! * Malformed input (a tag cut short, elements left open) gives the text read until then.
//!
//! Word's automatic numbering (「一、」 given by a list style) is not in the text.

/// The main document's part in a Word file, as Word and WPS name it (Word for the web may name
/// it otherwise: [`main_part`]).
pub const DOCUMENT: &str = "word/document.xml";

/// The package's relationships, which name its main document ([`main_part`]).
pub const RELATIONSHIPS: &str = "_rels/.rels";

const W_NAMESPACES: [&str; 2] = ["http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://purl.oclc.org/ooxml/wordprocessingml/main"];
const MC_NAMESPACE: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// How far down the open elements an end tag is looked for: a well-formed document's is the
/// innermost; a deeper search only mends a malformed one, and is bounded so that a hostile
/// file of many unclosed and stray tags takes linear time.
const MEND_DEPTH: usize = 256;

/// A piece of XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    /// A start tag: its qualified name, the text of its attributes, whether it is empty
    /// (`<w:t/>`).
    Start { name: &'a str, attrs: &'a str, empty: bool },
    /// An end tag's qualified name.
    End(&'a str),
    /// Character data as written, entities not decoded.
    Text(&'a str),
    /// A CDATA section's characters, as they are.
    Cdata(&'a str),
}

/// The tokens of `xml`, comments, processing instructions and declarations left out. Ends
/// where a tag or comment is cut short.
struct Tokens<'a> {
    xml: &'a str,
    at: usize,
}

impl<'a> Tokens<'a> {
    fn new(xml: &'a str) -> Tokens<'a> {
        Tokens { xml, at: 0 }
    }

    /// Skips past `close` (searched for after `open`); false, at the end, when it is not there.
    fn skip(&mut self, rest: &str, open: &str, close: &str) -> bool {
        match rest.get(open.len()..).and_then(|r| r.find(close)) {
            Some(n) => {
                self.at += open.len() + n + close.len();
                true
            }
            None => {
                self.at = self.xml.len();
                false
            }
        }
    }
}

/// Where the `>` closing the tag that `rest` begins with is: the first outside quotes (an
/// attribute value may hold a `>`). Byte-wise: `<`, `>` and quotes are ASCII, never part of
/// another character's UTF-8, so the index is a character boundary.
fn tag_end(rest: &str) -> Option<usize> {
    let mut quote = None;
    for (i, b) in rest.bytes().enumerate().skip(1) {
        match (quote, b) {
            (None, b'>') => return Some(i),
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), b) if q == b => quote = None,
            _ => {}
        }
    }
    None
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            let rest = self.xml.get(self.at..).filter(|r| !r.is_empty())?;
            if !rest.starts_with('<') {
                let len = rest.find('<').unwrap_or(rest.len());
                self.at += len;
                return rest.get(..len).map(Token::Text);
            }
            if let Some(body) = rest.strip_prefix("<![CDATA[") {
                // Cut short: what there is of it.
                let (len, consumed) = body.find("]]>").map_or((body.len(), body.len()), |n| (n, n + "]]>".len()));
                self.at += "<![CDATA[".len() + consumed;
                return body.get(..len).map(Token::Cdata);
            }
            let skipped = if rest.starts_with("<!--") {
                self.skip(rest, "<!--", "-->")
            } else if rest.starts_with("<?") {
                self.skip(rest, "<?", "?>")
            } else if rest.starts_with("<!") {
                self.skip(rest, "<!", ">")
            } else {
                let Some(end) = tag_end(rest) else {
                    self.at = self.xml.len();
                    return None;
                };
                self.at += end + 1;
                let inner = rest.get(1..end)?;
                if let Some(name) = inner.strip_prefix('/') {
                    return Some(Token::End(name.trim()));
                }
                let (inner, empty) = inner.strip_suffix('/').map_or((inner, false), |i| (i, true));
                let name_len = inner.find(|c: char| c.is_ascii_whitespace()).unwrap_or(inner.len());
                let (name, attrs) = inner.split_at(name_len);
                return Some(Token::Start { name, attrs, empty });
            };
            if !skipped {
                return None;
            }
        }
    }
}

/// The attributes of a start tag (`name="value"` or `name='value'`), values as written; stops
/// at the first that is not well formed.
fn attributes(attrs: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = attrs;
    std::iter::from_fn(move || {
        let (name, after) = rest.split_once('=')?;
        let after = after.trim_start();
        let quote = after.chars().next().filter(|q| matches!(q, '"' | '\''))?;
        let (value, next) = after.get(1..)?.split_once(quote)?;
        rest = next;
        Some((name.trim(), value))
    })
}

/// `raw` with the XML entities decoded, appended to `out`: the five named ones and character
/// references (`&#20013;`, `&#x4E2D;`); anything else (`&nbsp;`, `&#xD800;`, a lone `&`) as
/// written.
fn decode(raw: &str, out: &mut String) {
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        let (before, from) = rest.split_at(amp);
        out.push_str(before);
        // Byte-wise: `;` is ASCII, so where it is is a character boundary. The longest
        // reference worth reading, `&#x0010FFFF;`, is twelve bytes.
        let semi = from.bytes().take(12).position(|b| b == b';');
        let decoded = semi.and_then(|semi| Some((character(from.get(1..semi)?)?, semi)));
        let (c, len) = decoded.map_or(('&', 1), |(c, semi)| (c, semi + 1));
        out.push(c);
        rest = from.get(len..).unwrap_or("");
    }
    out.push_str(rest);
}

/// The character an entity's name (between `&` and `;`) stands for.
fn character(name: &str) -> Option<char> {
    let code = match name {
        "amp" => return Some('&'),
        "lt" => return Some('<'),
        "gt" => return Some('>'),
        "quot" => return Some('"'),
        "apos" => return Some('\''),
        _ => match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
            Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => u32::from_str_radix(hex, 16).ok()?,
            Some(_) => return None,
            None => {
                let dec = name.strip_prefix('#').filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))?;
                dec.parse().ok()?
            }
        },
    };
    // NUL is no XML character; surrogates are no characters at all.
    char::from_u32(code).filter(|&c| c != '\0')
}

/// A qualified name's prefix and local name (`w:p` → `w`, `p`).
fn split(qname: &str) -> (&str, &str) {
    qname.split_once(':').unwrap_or(("", qname))
}

/// What an open element is to the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Body,
    Paragraph,
    Run,
    Text,
    Table,
    Row,
    Cell,
    /// A character of a run: a tab, a break, a non-breaking hyphen.
    Char(char),
    /// Content not on the page: `mc:Fallback`, `w:del`, `w:moveFrom`.
    Skipped,
    Other,
}

/// An open element: its name as written, to match its end tag.
struct Open<'a> {
    name: &'a str,
    kind: Kind,
}

/// The scanner's state: the open elements and the text read so far.
struct Reader<'a> {
    open: Vec<Open<'a>>,
    /// Prefixes bound to WordprocessingML, and to markup compatibility.
    w: Vec<&'a str>,
    mc: Vec<&'a str>,
    lines: Vec<String>,
    /// The open paragraphs: more than one when a text box's paragraph is open within a run of
    /// the paragraph it is anchored in.
    paragraphs: Vec<String>,
    /// A text box's paragraphs read while its anchor is still open: lines after it.
    boxed: Vec<String>,
    /// How deep in tables; only the outermost's rows and cells are told apart.
    tables: usize,
    row: Vec<String>,
    /// The paragraphs of the current cell.
    cell: Vec<String>,
    /// The open `w:t`'s characters, and whether its spaces are kept at its ends.
    text: Option<String>,
    preserve: bool,
    bodies: usize,
    skipped: usize,
}

impl<'a> Reader<'a> {
    fn new() -> Reader<'a> {
        Reader {
            open: Vec::new(),
            w: vec!["w"],
            mc: vec!["mc"],
            lines: Vec::new(),
            paragraphs: Vec::new(),
            boxed: Vec::new(),
            tables: 0,
            row: Vec::new(),
            cell: Vec::new(),
            text: None,
            preserve: false,
            bodies: 0,
            skipped: 0,
        }
    }

    /// Notes the namespace declarations among `attrs`.
    fn declare(&mut self, attrs: &'a str) {
        for (name, value) in attributes(attrs) {
            let prefix = match name.strip_prefix("xmlns") {
                Some("") => "",
                Some(p) => match p.strip_prefix(':') {
                    Some(p) => p,
                    None => continue,
                },
                None => continue,
            };
            if W_NAMESPACES.contains(&value) && !self.w.contains(&prefix) {
                self.w.push(prefix);
            } else if value == MC_NAMESPACE && !self.mc.contains(&prefix) {
                self.mc.push(prefix);
            }
        }
    }

    /// What the element `name`, opening within the open ones, is to the text. Nothing outside
    /// the body or within skipped content is.
    fn kind(&self, name: &str) -> Kind {
        let (prefix, local) = split(name);
        let in_run = self.open.last().is_some_and(|o| o.kind == Kind::Run);
        if self.skipped > 0 || (self.bodies == 0 && local != "body") {
            return Kind::Other;
        }
        if self.mc.contains(&prefix) && local == "Fallback" {
            return Kind::Skipped;
        }
        if !self.w.contains(&prefix) {
            return Kind::Other;
        }
        match local {
            "body" => Kind::Body,
            "p" => Kind::Paragraph,
            "r" => Kind::Run,
            "t" => Kind::Text,
            "tbl" => Kind::Table,
            "tr" => Kind::Row,
            "tc" => Kind::Cell,
            "del" | "moveFrom" => Kind::Skipped,
            // Only as a run's content: `w:tab` is also a tab stop in a paragraph's properties.
            "tab" | "ptab" if in_run => Kind::Char('\t'),
            "br" | "cr" if in_run => Kind::Char('\n'),
            "noBreakHyphen" if in_run => Kind::Char('-'),
            _ => Kind::Other,
        }
    }

    fn start(&mut self, name: &'a str, attrs: &'a str, empty: bool) {
        if attrs.contains("xmlns") {
            self.declare(attrs);
        }
        let kind = self.kind(name);
        self.opened(kind, attrs);
        if empty {
            self.closed(kind);
        } else {
            self.open.push(Open { name, kind });
        }
    }

    /// Closes the element `name` and any left open within it; a stray end tag is ignored.
    fn end(&mut self, name: &str) {
        let depth = self.open.iter().rev().take(MEND_DEPTH).position(|o| o.name == name);
        for _ in 0..depth.map_or(0, |d| d + 1) {
            if let Some(o) = self.open.pop() {
                self.closed(o.kind);
            }
        }
    }

    fn opened(&mut self, kind: Kind, attrs: &str) {
        match kind {
            Kind::Body => self.bodies += 1,
            Kind::Skipped => self.skipped += 1,
            Kind::Paragraph => self.paragraphs.push(String::new()),
            Kind::Text => {
                self.text = Some(String::new());
                self.preserve = attributes(attrs).any(|(n, v)| n == "xml:space" && v == "preserve");
            }
            Kind::Char(c) => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.push(c);
                }
            }
            Kind::Table => {
                self.tables += 1;
                if self.tables == 1 {
                    self.row.clear();
                    self.cell.clear();
                }
            }
            Kind::Row if self.tables == 1 => self.row.clear(),
            Kind::Cell if self.tables == 1 => self.cell.clear(),
            _ => {}
        }
    }

    fn closed(&mut self, kind: Kind) {
        match kind {
            Kind::Body => self.bodies = self.bodies.saturating_sub(1),
            Kind::Skipped => self.skipped = self.skipped.saturating_sub(1),
            Kind::Paragraph => {
                if let Some(text) = self.paragraphs.pop() {
                    self.paragraph(text);
                }
            }
            Kind::Text => self.text_closed(),
            Kind::Cell if self.tables == 1 => self.cell_closed(),
            Kind::Row if self.tables == 1 => self.row_closed(),
            Kind::Table => {
                // A row left open (or paragraphs outside any row) is a line all the same.
                if self.tables == 1 && !(self.row.is_empty() && self.cell.is_empty()) {
                    self.row_closed();
                }
                self.tables = self.tables.saturating_sub(1);
            }
            _ => {}
        }
    }

    /// A `w:t`'s characters join its paragraph: without `xml:space="preserve"` the spaces at
    /// its ends are not shown (as Word reads it); a line break written in it is a space.
    fn text_closed(&mut self) {
        let Some(t) = self.text.take() else { return };
        let t = if self.preserve { t.as_str() } else { t.trim_matches([' ', '\t', '\n', '\r']) };
        if let Some(p) = self.paragraphs.last_mut() {
            p.extend(t.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }));
        }
    }

    /// A paragraph closed: a line (or part of a cell), followed by the text boxes it anchors;
    /// a text box's paragraph waits for its anchor.
    fn paragraph(&mut self, text: String) {
        if !self.paragraphs.is_empty() {
            self.boxed.push(text);
            return;
        }
        self.deliver(text);
        for b in std::mem::take(&mut self.boxed) {
            self.deliver(b);
        }
    }

    fn deliver(&mut self, text: String) {
        if self.tables > 0 { self.cell.push(text) } else { self.lines.push(text) }
    }

    /// A cell's text: its non-empty paragraphs joined by spaces (a cell always holds a
    /// paragraph, often an empty one), its tabs and breaks as spaces.
    fn cell_closed(&mut self) {
        let paragraphs: Vec<String> = self.cell.drain(..).filter(|p| !p.is_empty()).map(|p| p.replace(['\t', '\n'], " ")).collect();
        self.row.push(paragraphs.join(" "));
    }

    fn row_closed(&mut self) {
        if !self.cell.is_empty() {
            self.cell_closed();
        }
        let line = self.row.join("\t");
        self.row.clear();
        self.lines.push(line);
    }

    fn token(&mut self, token: Token<'a>) {
        match token {
            Token::Start { name, attrs, empty } => self.start(name, attrs, empty),
            Token::End(name) => self.end(name),
            Token::Text(raw) => {
                if let Some(t) = self.text.as_mut() {
                    decode(raw, t);
                }
            }
            Token::Cdata(raw) => {
                if let Some(t) = self.text.as_mut() {
                    t.push_str(raw);
                }
            }
        }
    }

    /// The lines read, the elements still open closed first (input cut short).
    fn finish(mut self) -> String {
        while let Some(o) = self.open.pop() {
            self.closed(o.kind);
        }
        self.lines.join("\n")
    }
}

/// The document body's text: one line per paragraph (`w:p`), in order, "\n" between lines.
/// A table's row is one line, its cells joined by "\t"; an empty paragraph is an empty line.
pub fn text(xml: &str) -> String {
    let mut reader = Reader::new();
    for token in Tokens::new(xml) {
        reader.token(token);
    }
    reader.finish()
}

/// The main document's part name, as the package's relationships ([`RELATIONSHIPS`]) give it:
/// `word/document.xml` from Word and WPS, but `word/document2.xml` from Word for the web. None
/// when they name none (read [`DOCUMENT`] then).
pub fn main_part(rels: &str) -> Option<String> {
    Tokens::new(rels).find_map(|token| {
        let Token::Start { name, attrs, .. } = token else { return None };
        if split(name).1 != "Relationship" {
            return None;
        }
        let (mut main, mut target, mut external) = (false, None, false);
        for (name, value) in attributes(attrs) {
            match name {
                // Transitional and strict OOXML.
                "Type" => main = value.ends_with("/relationships/officeDocument"),
                "Target" => target = Some(value),
                "TargetMode" => external = value == "External",
                _ => {}
            }
        }
        let mut part = String::new();
        decode(target.filter(|_| main && !external)?, &mut part);
        // A target is relative to the package's root, or written from it.
        let part = part.trim_start_matches('/').trim_start_matches("./");
        (!part.is_empty()).then(|| part.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paper::unzip::{self, Entry};

    /// A document whose body is `body`, as Word declares it.
    fn doc(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{}" xmlns:mc="{MC_NAMESPACE}" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#,
            W_NAMESPACES[0]
        )
    }

    /// A paragraph of one run of `text`.
    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!("{}/../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    #[test]
    fn each_paragraph_is_a_line_and_an_empty_one_an_empty_line() {
        let xml = doc(&format!("{}<w:p/><w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr></w:p>{}", p("一、建设依据"), p("依据……")));
        assert_eq!(text(&xml), "一、建设依据\n\n\n依据……");
        assert_eq!(text(&doc("")), "");
        // Pretty-printed XML: the indentation between elements is not text.
        let xml = doc("\n  <w:p>\n    <w:r>\n      <w:t>甲</w:t>\n    </w:r>\n  </w:p>\n  <w:p>\n    <w:r><w:t>乙</w:t></w:r>\n  </w:p>\n");
        assert_eq!(text(&xml), "甲\n乙");
    }

    #[test]
    fn a_paragraph_is_the_text_of_all_its_runs() {
        let xml = doc(concat!(
            r#"<w:p><w:pPr><w:rPr><w:b/></w:rPr></w:pPr><w:bookmarkStart w:id="0" w:name="_Toc1"/><w:r><w:t>依据《</w:t></w:r>"#,
            r#"<w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/><w:color w:val="FF0000"/></w:rPr><w:t>政务信息化</w:t></w:r><w:proofErr w:type="spellEnd"/>"#,
            r#"<w:hyperlink r:id="rId9" xmlns:r="r"><w:r><w:t>项目管理办法</w:t></w:r></w:hyperlink><w:bookmarkEnd w:id="0"/>"#,
            r#"<w:ins w:id="1" w:author="a"><w:r><w:t>》</w:t></w:r></w:ins><w:commentRangeStart w:id="2"/><w:r><w:t>。</w:t></w:r></w:p>"#,
        ));
        assert_eq!(text(&xml), "依据《政务信息化项目管理办法》。");
    }

    #[test]
    fn entities_are_decoded_and_what_is_not_one_is_kept_as_written() {
        let xml = doc(&p("&amp; &lt;a&gt; &quot;b&quot; &apos;c&apos; &#20013;&#x6587;&#X41; &amp;中文中文 &nbsp; &#xD800; &#0; &#x; & &amp &#1234567890123;"));
        assert_eq!(text(&xml), "& <a> \"b\" 'c' 中文A &中文中文 &nbsp; &#xD800; &#0; &#x; & &amp &#1234567890123;");
        // CDATA as it is.
        assert_eq!(text(&doc("<w:p><w:r><w:t><![CDATA[a &amp; <b>]]></w:t></w:r></w:p>")), "a &amp; <b>");
    }

    #[test]
    fn tabs_breaks_and_hyphens_of_a_run_are_characters_and_tab_stops_are_not() {
        let xml = doc(concat!(
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="840"/></w:tabs></w:pPr>"#,
            r#"<w:r><w:t>目录</w:t><w:tab/><w:t>1</w:t></w:r><w:r><w:br/><w:t>第二行</w:t><w:cr/><w:t>第三行</w:t></w:r>"#,
            r#"<w:r><w:t>GB</w:t><w:noBreakHyphen/><w:t>T 22239</w:t><w:softHyphen/><w:br w:type="page"/></w:r></w:p>"#,
        ));
        assert_eq!(text(&xml), "目录\t1\n第二行\n第三行GB-T 22239\n");
    }

    #[test]
    fn deleted_text_and_field_codes_are_not_read_but_field_results_are() {
        let xml = doc(concat!(
            r#"<w:p><w:r><w:t>资金</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>概算</w:delText></w:r></w:del>"#,
            r#"<w:ins w:id="2" w:author="a"><w:r><w:t>估算</w:t></w:r></w:ins><w:moveFrom w:id="3"><w:r><w:t>搬走的</w:t></w:r></w:moveFrom>"#,
            r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGEREF _Toc1 \h </w:instrText></w:r>"#,
            r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:tab/><w:t>5</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
            // A deleted paragraph mark: the paragraph stays a line.
            r#"<w:p><w:pPr><w:rPr><w:del w:id="4" w:author="a"/></w:rPr></w:pPr><w:r><w:t>下一段</w:t></w:r></w:p>"#,
        ));
        assert_eq!(text(&xml), "资金估算\t5\n下一段");
    }

    #[test]
    fn a_table_row_is_a_line_of_its_cells_joined_by_tabs() {
        let cell = |paragraphs: &str| format!(r#"<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>{paragraphs}</w:tc>"#);
        let row = |cells: &[String]| format!("<w:tr><w:trPr><w:cantSplit/></w:trPr>{}</w:tr>", cells.concat());
        let nested = format!("<w:tbl>{}{}</w:tbl>", row(&[cell(&p("内1")), cell(&p("内2"))]), row(&[cell(&p("内3")), cell("<w:p/>")]));
        let xml = doc(&format!(
            "{}<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w=\"2000\"/></w:tblGrid>{}{}{}</w:tbl>{}",
            p("工作计划如下表："),
            row(&[cell(&p("时间")), cell(&p("工作内容")), cell(&p("备注"))]),
            // Several paragraphs, a line break and a tab in a cell, an empty cell.
            row(&[
                cell(&format!("{}<w:p/>{}", p("3—5 月"), p("（暂定）"))),
                cell("<w:p><w:r><w:t>部署</w:t><w:br/><w:t>对接</w:t><w:tab/><w:t>迁移</w:t></w:r></w:p>"),
                cell("<w:p/>"),
            ]),
            // A table in a cell: read flat, as more of that cell.
            row(&[cell(&p("9 月")), cell(&format!("{}{nested}", p("验收"))), cell(&p("—"))]),
            p("表后正文"),
        ));
        assert_eq!(text(&xml), "工作计划如下表：\n时间\t工作内容\t备注\n3—5 月 （暂定）\t部署 对接 迁移\t\n9 月\t验收 内1 内2 内3\t—\n表后正文");
    }

    #[test]
    fn spaces_at_the_ends_of_a_run_are_kept_only_when_preserved() {
        let xml = doc(concat!(
            r#"<w:p><w:r><w:t>上级要求：</w:t></w:r><w:r><w:t xml:space="preserve"> 统一对接 </w:t></w:r><w:r><w:t>  不保留  </w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:t/><w:t xml:space="preserve"/><w:t>　　全角空格缩进</w:t></w:r></w:p>"#,
            "<w:p><w:r><w:t>写在\n两行</w:t></w:r></w:p>",
        ));
        assert_eq!(text(&xml), "上级要求： 统一对接 不保留\n　　全角空格缩进\n写在 两行");
    }

    #[test]
    fn a_text_box_is_read_once_after_its_paragraph() {
        let text_box = |p_xml: &str| format!("<w:txbxContent>{p_xml}</w:txbxContent>");
        let xml = doc(&format!(
            concat!(
                "<w:p><w:r><w:t>正文前</w:t></w:r><w:r><mc:AlternateContent>",
                r#"<mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>{}</wps:txbx></wps:wsp></w:drawing></mc:Choice>"#,
                r#"<mc:Fallback><w:pict><v:shape xmlns:v="v"><v:textbox>{}</v:textbox></v:shape></w:pict></mc:Fallback>"#,
                "</mc:AlternateContent></w:r><w:r><w:t>正文后</w:t></w:r></w:p>{}"
            ),
            text_box(&format!("{}{}", p("框内一"), p("框内二"))),
            text_box(&format!("{}{}", p("框内一"), p("框内二"))),
            p("下一段"),
        ));
        assert_eq!(text(&xml), "正文前正文后\n框内一\n框内二\n下一段");
    }

    #[test]
    fn any_prefix_bound_to_wordprocessingml_is_read_and_others_are_not() {
        let xml =
            format!(r#"<ns0:document xmlns:ns0="{}"><ns0:body><ns0:p><ns0:r><ns0:t>甲</ns0:t></ns0:r></ns0:p></ns0:body></ns0:document>"#, W_NAMESPACES[0]);
        assert_eq!(text(&xml), "甲");
        let strict = format!(r#"<document xmlns="{}"><body><p><r><t>乙</t><tab/><t>丙</t></r></p></body></document>"#, W_NAMESPACES[1]);
        assert_eq!(text(&strict), "乙\t丙");
        // Another vocabulary's `t` (DrawingML's `a:t` in a shape) is not the body's text.
        assert_eq!(text(&doc(r#"<w:p><w:r><w:t>甲</w:t><a:t xmlns:a="drawingml">乙</a:t></w:r></w:p>"#)), "甲");
        // Text outside the body is not read.
        assert_eq!(text(&format!(r#"<w:document xmlns:w="{}"><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:document>"#, W_NAMESPACES[0])), "");
    }

    #[test]
    fn input_cut_short_gives_what_was_read_and_never_panics() {
        let xml = doc(&format!(
            "{}{}<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>{}",
            p("一、建设依据"),
            "<w:p><w:r><w:t xml:space=\"preserve\">依据《条例》</w:t><w:tab/><w:t xml:space=\"preserve\">第二句</w:t></w:r></w:p>",
            p("时间"),
            p("内容"),
            p("附件")
        ));
        let full = text(&xml);
        assert_eq!(full, "一、建设依据\n依据《条例》\t第二句\n时间\t内容\n附件");
        for (cut, _) in xml.char_indices() {
            let partial = text(&xml[..cut]);
            assert!(full.starts_with(&partial), "cut at {cut}: {partial:?}");
        }
    }

    #[test]
    fn malformed_input_never_panics() {
        let body = doc(&format!("{}{}", p("甲"), p("乙")));
        let inputs = [
            String::new(),
            "<".into(),
            "<<<>>>&&&;;;".into(),
            "<w:body><w:p><w:r><w:t>未闭合".into(),
            "<w:body><w:p><w:r><w:t a=\"未闭合的引号>文字</w:t></w:r></w:p>".into(),
            "<w:body></w:p></w:tc></w:tr></w:tbl></w:t></w:body></w:body><w:p>".into(),
            "<w:body><w:tbl><w:p><w:r><w:t>表中无行</w:t></w:r></w:p></w:tbl><w:tc><w:p/></w:tc></w:body>".into(),
            "<w:body><w:p><w:r><w:t>甲</w:t></w:r><w:p><w:r><w:t>乙</w:t></w:r></w:p>".into(),
            "<w:body><!-- 未闭合的注释 <w:p>".into(),
            "<w:body><![CDATA[".into(),
            "<w:body><w:p><w:r><w:t><![CDATA[半个".into(),
            "<w:body><?pi".into(),
            "<w:body><!DOCTYPE".into(),
            "<w:body><w:p><w:r><w:t>&#x".into(),
            "<w:body><w:t>段外</w:t><w:tab/><w:br/></w:body>".into(),
            "<w:body><mc:Fallback><w:p>".into(),
            "</w:body></w:body></w:body>".into(),
            body.replace("</w:p>", ""),
            body.replace("<w:p>", ""),
            body.replace('>', ""),
            body.replace('<', ""),
            format!("<w:body>{}", "<w:p><w:tbl><w:tr><w:tc>".repeat(20_000)),
            format!("<w:body><w:p>{}</w:p>", "</w:r></w:tbl>".repeat(20_000)),
        ];
        for input in &inputs {
            let _ = text(input);
        }
        assert_eq!(text("<w:body><w:p><w:r><w:t>未闭合"), "未闭合");
        assert_eq!(text("<w:body><w:p><w:r><w:t>甲</w:t></w:r><w:p><w:r><w:t>乙</w:t></w:r></w:p>"), "甲\n乙");
    }

    #[test]
    fn a_word_file_from_word_reads_as_its_paragraphs() {
        // tests/word/make_plan.py wrote plan.txt from what it put in the document.
        let xml = fixture("../word/plan.document.xml");
        let expected = fixture("../word/plan.txt");
        // As a text file, plan.txt ends with a newline.
        assert_eq!(text(&xml) + "\n", expected);
        let docx = std::fs::read(format!("{}/../tests/word/plan.docx", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let Ok(Entry::Deflated { size, crc, .. }) = unzip::entry(&docx, DOCUMENT) else { panic!("deflated") };
        assert_eq!(unzip::check(xml.as_bytes(), size, crc), Ok(()));
        // Every heading of the plan is a line of its own.
        let lines: Vec<&str> = expected.lines().collect();
        for h in ["一、建设依据", "二、业务现状", "五、解决思路", "十、资金估算", "附件"] {
            assert!(lines.contains(&h), "{h}");
        }
    }

    /// The papers of a fixture as our Word export writes them, read back.
    fn exported(fixture_name: &str) -> (serde_json::Value, String) {
        let doc: serde_json::Value = serde_json::from_str(&fixture(fixture_name)).unwrap();
        let papers = crate::paper::papers(&doc);
        let docx = crate::paper::docx::docx(&papers, "未签名草稿");
        let rels = match unzip::entry(&docx, RELATIONSHIPS) {
            Ok(Entry::Stored(bytes)) => std::str::from_utf8(bytes).unwrap(),
            other => panic!("{other:?}"),
        };
        let part = main_part(rels).unwrap();
        assert_eq!(part, DOCUMENT);
        let xml = match unzip::entry(&docx, &part) {
            Ok(Entry::Stored(bytes)) => std::str::from_utf8(bytes).unwrap(),
            other => panic!("{other:?}"),
        };
        (doc, text(xml))
    }

    #[test]
    fn our_word_export_reads_back_with_each_requirement_text_under_its_label() {
        let (doc, read) = exported("large/combined.json");
        let lines: Vec<&str> = read.split('\n').collect();
        let title = crate::paper::papers(&doc)[0].title.clone();
        assert_eq!(lines[0], title);
        let section = lines.iter().position(|l| l.ends_with("、需求方案")).expect("the section's heading");
        let mut at = section;
        let texts = crate::fields::FIELDS.iter().filter(|f| f.path.starts_with("project.requirement_plan."));
        let mut labels = Vec::new();
        for def in texts {
            labels.push(def.label);
            let value = crate::model::path::get(&doc, def.path).and_then(serde_json::Value::as_str).unwrap();
            // The label on a line of its own, then the text's lines, in order (the export
            // writes each non-blank line as a paragraph, trimmed).
            let label = lines[at..].iter().position(|l| *l == def.label).unwrap_or_else(|| panic!("{} after line {at}", def.label)) + at;
            let want: Vec<&str> = value.split('\n').map(str::trim).filter(|l| !l.is_empty()).collect();
            assert!(!want.is_empty(), "{} is filled in the fixture", def.path);
            assert_eq!(lines[label + 1..label + 1 + want.len()], want[..], "{}", def.label);
            at = label + 1 + want.len();
        }
        assert_eq!(labels, ["建设依据", "业务现状", "存在问题", "需求分析", "解决思路", "工作计划", "建设内容", "网络安全", "运行维护", "资金估算"]);
        // A table row is a line of its cells: the budget's header.
        let budget = crate::fields::field("project.cost_estimate.items").unwrap().label;
        let caption = lines.iter().position(|l| *l == budget).expect("the budget's caption");
        assert!(lines[caption + 1].starts_with("序号\t"), "{:?}", lines[caption + 1]);
    }

    #[test]
    fn the_main_document_is_found_where_the_package_says() {
        let rels = |target: &str, mode: &str| {
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="{target}"{mode}/></Relationships>"#
            )
        };
        assert_eq!(main_part(&rels("word/document.xml", "")).as_deref(), Some("word/document.xml"));
        // Word for the web.
        assert_eq!(main_part(&rels("/word/document2.xml", "")).as_deref(), Some("word/document2.xml"));
        assert_eq!(main_part(&rels("https://example.org/a.xml", r#" TargetMode="External""#)), None);
        assert_eq!(main_part(&rels("", "")), None);
        let strict = r#"<Relationships><Relationship Type='http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument' Target='word/document.xml'/></Relationships>"#;
        assert_eq!(main_part(strict).as_deref(), Some("word/document.xml"));
        assert_eq!(main_part("<Relationships>"), None);
        assert_eq!(main_part(""), None);
    }
}
