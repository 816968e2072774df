//! CSV that Excel and WPS open correctly in Chinese: UTF-8 with a byte-order mark, CRLF
//! line ends, RFC 4180 quoting, and spreadsheet formula injection neutralised.

/// Byte-order mark: without it Excel reads UTF-8 CSV as the local code page (GBK).
pub const BOM: char = '\u{feff}';

/// One field, neutralised and quoted as needed.
///
/// * A field starting with `=`, `+`, `-`, `@` (or a tab / carriage return, which some
///   spreadsheets skip before evaluating) is prefixed with `'` so it is never run as a formula.
/// * A field containing a comma, a double quote, CR or LF is wrapped in double quotes, with
///   inner double quotes doubled.
pub fn field(value: &str) -> String {
    let mut v = String::with_capacity(value.len() + 2);
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        v.push('\'');
    }
    v.push_str(value);
    if v.contains([',', '"', '\r', '\n']) { format!("\"{}\"", v.replace('"', "\"\"")) } else { v }
}

/// A whole file: BOM, then each record's fields joined by commas, each record ended by CRLF.
pub fn build<R, F>(records: R) -> String
where
    R: IntoIterator<Item = F>,
    F: IntoIterator,
    F::Item: AsRef<str>,
{
    let mut out = String::new();
    out.push(BOM);
    for record in records {
        let fields: Vec<String> = record.into_iter().map(|f| field(f.as_ref())).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_and_neutralising() {
        assert_eq!(field("巴中市"), "巴中市");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("=1+1"), "'=1+1");
        assert_eq!(field("-3"), "'-3");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("=HYPERLINK(\"x\",\"y\")"), "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
        assert_eq!(build([["a", "b"], ["c", "d"]]), "\u{feff}a,b\r\nc,d\r\n");
    }
}
