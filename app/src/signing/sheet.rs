//! The printable key registration sheet (登记表) a department hands to the bureau: a
//! self-contained HTML page (no scripts, no external resources), styled for A4.

use super::keys::StoredKey;
use crate::dom::escape_html as escape;
use crate::strings::sign as t;

const STYLE: &str = r#"
@page { size: A4; margin: 18mm 20mm; }
* { box-sizing: border-box; }
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif; color: #000; background: #fff;
       max-width: 170mm; margin: 0 auto; padding: 8mm 0; line-height: 1.6; font-size: 12pt; }
h1 { text-align: center; font-size: 20pt; letter-spacing: 0.15em; margin: 0 0 8mm; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 1px solid #000; padding: 5pt 8pt; text-align: left; vertical-align: top; }
th { width: 30%; font-weight: normal; background: #f0f0f0; white-space: nowrap; }
.fp { font-family: "Courier New", "DejaVu Sans Mono", monospace; font-size: 13pt; word-spacing: 0.35em; }
.fp-small { font-family: "Courier New", "DejaVu Sans Mono", monospace; font-size: 9.5pt; word-break: break-all; }
pre { margin: 0; font-size: 8.5pt; white-space: pre-wrap; word-break: break-all; }
.note { font-size: 10.5pt; margin: 5mm 0; }
.lines { display: grid; grid-template-columns: 1fr 1fr; gap: 10mm 12mm; margin-top: 12mm; }
.line { display: inline-block; min-width: 40mm; border-bottom: 1px solid #000; }
.bureau { margin-top: 14mm; border-top: 1px dashed #000; padding-top: 4mm; }
.hint { color: #555; font-size: 9pt; text-align: center; }
@media print { .hint { display: none; } body { padding: 0; } }
"#;

/// The sheet for `key`, registered to `unit` / `credit_code`, dated `today` (`YYYY-MM-DD`).
pub fn registration_sheet(key: &StoredKey, unit: &str, credit_code: &str, today: &str) -> String {
    let row = |label: &str, value: String, class: &str| {
        let class = if class.is_empty() { String::new() } else { format!(" class=\"{class}\"") };
        format!("<tr><th scope=\"row\">{}</th><td{class}>{value}</td></tr>\n", escape(label))
    };
    let mut rows = String::new();
    rows += &row(t::SHEET_UNIT, escape(unit), "");
    rows += &row(t::CREDIT_CODE, escape(credit_code), "fp");
    rows += &row(t::ALGORITHM, escape(key.algorithm.label()), "");
    rows += &row(t::FINGERPRINT_SM3, escape(&key.grouped()), "fp");
    rows += &row(t::FINGERPRINT_SHA256, escape(&key.fingerprint_sha256), "fp-small");
    rows += &row(t::SHEET_PUBLIC_KEY, format!("<pre>{}</pre>", escape(key.public_key_pem.trim_end())), "");
    rows += &row(t::SHEET_KEY_DATE, escape(&key.created), "");
    rows += &row(t::SHEET_DATE, escape(today), "");
    let line = |label: &str| format!("<p>{}：<span class=\"line\"></span></p>", escape(label));
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <p class=\"hint\">{hint}</p>\n<h1>{title}</h1>\n<table>\n{rows}</table>\n<p class=\"note\">{note}</p>\n\
         <div class=\"lines\">{handler}{head}<p>{seal}</p>{date}</div>\n\
         <div class=\"bureau\"><p>{bureau}</p><div class=\"lines\">{receiver}{reg_date}{validity}</div></div>\n</body>\n</html>\n",
        title = escape(t::SHEET_TITLE),
        hint = escape(t::SHEET_PRINT_HINT),
        note = escape(t::SHEET_NOTE),
        handler = line(t::SHEET_HANDLER),
        head = line(t::SHEET_HEAD),
        seal = escape(t::SHEET_SEAL),
        date = line(t::SHEET_SIGN_DATE),
        bureau = escape(t::SHEET_BUREAU),
        receiver = line(t::SHEET_RECEIVER),
        reg_date = line(t::SHEET_REG_DATE),
        validity = line(t::SHEET_VALIDITY),
    )
}
