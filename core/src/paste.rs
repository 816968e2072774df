//! A block of cells pasted into a table of the form.
//!
//! Excel, WPS, LibreOffice, a Word table or a table on a web page all put copied cells on the
//! clipboard as text: one line per row, a tab between cells (a spreadsheet quotes a cell that
//! holds a line break, a tab or a quote). [`cells`] reads that text into rows of cells;
//! [`paste`] writes them into a table's rows from the cell pasted into — across its columns in
//! the form's order, down its rows, adding rows as needed — or, when the block starts with a
//! header row naming the table's columns (「名称 类别 数量 单价（元）…」), into the columns the
//! header names, whatever their order. Each cell is read for its column's kind by
//! [`crate::typed::cell`]; a cell that does not read is left as the field was and reported.
//!
//! Pure: the editor applies the outcome as one write of the table (one check, one undo).

use serde_json::{Map, Value};

use crate::fields::{FIELDS, FieldDef, FieldKind};
use crate::typed::{self, Expected, MoneyUnit};

/// Whether pasted text is a block of cells rather than text for the one box pasted into: it has
/// a tab, or, for a single-line box, a line break (a column of cells). The line break a
/// spreadsheet ends every copy with does not count, so one copied cell pastes as text.
pub fn is_block(text: &str, multiline_box: bool) -> bool {
    let body = text.strip_suffix('\n').unwrap_or(text);
    let body = body.strip_suffix('\r').unwrap_or(body);
    body.contains('\t') || !multiline_box && (body.contains('\n') || body.contains('\r'))
}

/// The rows of cells in pasted text. Line breaks of any convention; a cell that starts with a
/// quote is a quoted cell (quotes doubled inside, tabs and line breaks kept) only when its
/// closing quote ends the cell, so text that merely starts with a quote is read as written.
/// Trailing empty rows (the line break after the last row) are dropped.
pub fn cells(text: &str) -> Vec<Vec<String>> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut rest = text.as_str();
    loop {
        let (cell, after) = quoted(rest).unwrap_or_else(|| {
            let end = rest.find(['\t', '\n']).unwrap_or(rest.len());
            (rest[..end].to_string(), &rest[end..])
        });
        row.push(cell);
        match after.chars().next() {
            Some('\t') => rest = &after[1..],
            Some('\n') => {
                rows.push(std::mem::take(&mut row));
                rest = &after[1..];
                if rest.is_empty() {
                    break;
                }
            }
            _ => {
                rows.push(row);
                break;
            }
        }
    }
    while rows.last().is_some_and(|r: &Vec<String>| r.iter().all(|c| c.trim().is_empty())) {
        rows.pop();
    }
    rows
}

/// A quoted cell at the start of `text` and what follows it, if the text starts with one.
fn quoted(text: &str) -> Option<(String, &str)> {
    let body = text.strip_prefix('"')?;
    let mut cell = String::new();
    let mut from = 0;
    while let Some(at) = body[from..].find('"') {
        let quote = from + at;
        cell.push_str(&body[from..quote]);
        let after = &body[quote + 1..];
        if after.starts_with('"') {
            cell.push('"');
            from = quote + 2;
            continue;
        }
        return (after.is_empty() || after.starts_with(['\t', '\n'])).then_some((cell, after));
    }
    None
}

/// The most rows one paste writes: a larger block (a whole worksheet copied by mistake) would
/// hold the page for seconds and make a form nobody means to fill in.
pub const MAX_ROWS: usize = 1000;

/// A column of a table: the key of its field in a row and the field's registry entry.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub key: &'static str,
    pub def: &'static FieldDef,
}

/// The columns of the table at registry path `table` (e.g. `project.cost_estimate.items`), in
/// the form's order.
pub fn columns(table: &str) -> Vec<Column> {
    FIELDS
        .iter()
        .filter_map(|def| {
            let key = def.path.strip_prefix(table)?.strip_prefix("[].")?;
            (!key.contains('.')).then_some(Column { key, def })
        })
        .collect()
}

/// One pasted cell that was not written: where, what it said, what the column expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The table row (from 0).
    pub row: usize,
    /// The column's label, and its key in a row (the field's path is `table[row].key`).
    pub column: &'static str,
    pub key: &'static str,
    pub text: String,
    pub expected: Expected,
}

impl Problem {
    /// 「第 3 行“单价”：“约5万”不是金额……，未填入」
    pub fn message(&self) -> String {
        let mut text: String = self.text.trim().chars().take(40).collect();
        if self.text.trim().chars().count() > 40 {
            text.push('…');
        }
        format!("第 {} 行“{}”：“{}”{}，未填入", self.row + 1, self.column, text, self.expected.message())
    }
}

/// What a paste did to a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The table's rows after the paste.
    pub rows: Vec<Value>,
    /// The first table row written (from 0) and how many rows of the block were written.
    pub first_row: usize,
    pub row_count: usize,
    /// Rows added at the end of the table.
    pub added: usize,
    /// The table's columns written, by label, in the form's order.
    pub written: Vec<&'static str>,
    /// Whether the block's first row was a header naming the columns.
    pub header: bool,
    /// Cells left out because they fall right of the table's last column, or under a header
    /// the table has no column for (the header's words, or how many columns).
    pub beyond: usize,
    pub unknown_headers: Vec<String>,
    /// Rows of totals (合计, 小计, 总计) left out: the form adds its rows itself.
    pub totals_skipped: usize,
    /// Rows heading a group of rows (「一、硬件设备」), left out: a heading is not a row.
    pub groups_skipped: usize,
    /// Rows of the block past [`MAX_ROWS`], left out.
    pub cut: usize,
    /// Budget rows whose amount was made from the quantity and price pasted.
    pub amounts_made: usize,
    pub problems: Vec<Problem>,
}

impl Outcome {
    /// The summary a person reads after pasting, in Chinese.
    pub fn summary(&self) -> String {
        if self.row_count == 0 {
            return "剪贴板中没有可填入的单元格".into();
        }
        let mut s = format!("已粘贴 {} 行（第 {}–{} 行", self.row_count, self.first_row + 1, self.first_row + self.row_count);
        if self.added > 0 {
            s.push_str(&format!("，其中新增 {} 行", self.added));
        }
        s.push_str(&format!("），填入列：{}。", self.written.join("、")));
        if self.header {
            s.push_str("首行为表头，已按列名对应。");
        }
        if self.amounts_made > 0 {
            s.push_str(&format!("{} 行的金额按数量 × 单价算出。", self.amounts_made));
        }
        if self.totals_skipped > 0 {
            s.push_str(&format!("略过 {} 个合计行（合计由本表自动计算）。", self.totals_skipped));
        }
        if self.groups_skipped > 0 {
            s.push_str(&format!("略过 {} 个分组标题行。", self.groups_skipped));
        }
        if !self.unknown_headers.is_empty() {
            s.push_str(&format!("本表没有这些列，已略过：{}。", self.unknown_headers.join("、")));
        }
        if self.cut > 0 {
            s.push_str(&format!("一次最多粘贴 {MAX_ROWS} 行，其余 {} 行未粘贴。", self.cut));
        }
        if self.beyond > 0 {
            s.push_str(&format!("超出本表最后一列的 {} 列已略过。", self.beyond));
        }
        if !self.problems.is_empty() {
            s.push_str(&format!("{} 个单元格未能识别，保留原值：", self.problems.len()));
        }
        s
    }
}

/// A header cell in the words people put over a column: no blanks, no required mark, and a
/// unit in brackets taken apart (「单价（万元）」 → 单价, 万元).
fn header_words(cell: &str) -> (String, String) {
    let t: String = cell.chars().filter(|c| !c.is_whitespace() && !matches!(c, '✱' | '*' | '＊')).collect();
    for (open, close) in [('（', '）'), ('(', ')'), ('[', ']'), ('【', '】')] {
        if let Some(inner) = t.strip_suffix(close)
            && let Some((name, unit)) = inner.rsplit_once(open)
        {
            return (name.to_string(), unit.to_string());
        }
    }
    (t, String::new())
}

/// Header words for a row number, which a pasted table often starts with and the form numbers
/// itself.
fn is_row_number(words: &str) -> bool {
    matches!(words, "序号" | "编号" | "行号" | "No." | "No" | "#")
}

/// Words people head a column with besides its label, by the column's field path (those that
/// are the label with a prefix, 「设备名称」「预算金额」, are read without being listed).
const ALSO_HEADED: &[(&str, &[&str])] = &[
    ("project.cost_estimate.items[].name", &["建设内容", "费用项目", "品名"]),
    ("project.cost_estimate.items[].category", &["类型", "费用类型", "分类", "费用分类"]),
    ("project.cost_estimate.items[].amount", &["总价", "合价", "总额", "投资额"]),
    ("service_plan.items[].annual_fee", &["年度服务费", "年费", "服务费"]),
    ("project.basic.funding[].source", &["资金来源", "来源", "资金性质", "资金渠道"]),
];

/// The column a header cell names: its label, another word for it ([`ALSO_HEADED`]), or the
/// label with the table's own prefix left out (「服务名称」 for 名称 and the reverse).
fn named(columns: &[Column], words: &str) -> Option<usize> {
    let also = |c: &Column| ALSO_HEADED.iter().any(|(path, names)| *path == c.def.path && names.contains(&words));
    columns.iter().position(|c| c.def.label == words).or_else(|| columns.iter().position(also)).or_else(|| {
        let mut near = columns.iter().enumerate().filter(|(_, c)| words.len() >= 6 && (c.def.label.ends_with(words) || words.ends_with(c.def.label)));
        match (near.next(), near.next()) {
            (Some((i, _)), None) => Some(i),
            _ => None,
        }
    })
}

/// Block column j → table column (`None`: left out), each with the unit its amounts are in.
type ColumnMap = Vec<Option<(usize, MoneyUnit)>>;

/// How a block's columns map onto the table's: by header when its first row names them.
enum Layout {
    Header(ColumnMap, Vec<String>),
    From(usize),
}

fn layout(columns: &[Column], first: &[String], at_column: usize) -> Layout {
    let mut map = Vec::with_capacity(first.len());
    let mut unknown = Vec::new();
    let mut named_count = 0;
    for cell in first {
        let (words, unit) = header_words(cell);
        if words.is_empty() || is_row_number(&words) {
            map.push(None);
            continue;
        }
        match named(columns, &words) {
            Some(i) if !map.iter().any(|m| matches!(m, Some((j, _)) if *j == i)) => {
                named_count += 1;
                map.push(Some((i, if unit == "元" { MoneyUnit::Yuan } else { MoneyUnit::Wan })));
            }
            _ => {
                unknown.push(cell.trim().to_string());
                map.push(None);
            }
        }
    }
    // A header names most of what it holds: two columns at least, and more than it leaves
    // unknown, so that a row of data that happens to hold one label is not taken for one.
    if named_count >= 2.min(columns.len()) && named_count > unknown.len() { Layout::Header(map, unknown) } else { Layout::From(at_column) }
}

/// How many of the columns of the table at `table` the cells of `row` name, read as [`paste`]
/// reads a block's first row: 0 when the row is not a header (it names fewer than two, or no
/// more than it leaves unknown). For finding a table of the form in a plan's text
/// (`outline::split`).
pub fn header_names(table: &str, row: &[String]) -> usize {
    match layout(&columns(table), row, 0) {
        Layout::Header(map, _) => map.iter().flatten().count(),
        Layout::From(_) => 0,
    }
}

/// A row of totals at the foot of a pasted table (or of a group of rows): its first cell says
/// so, with a unit or a colon after it or not (「合计（万元）」「小计：」).
fn is_total_row(row: &[String]) -> bool {
    let first = row.iter().map(|c| header_words(c).0).find(|c| !c.is_empty());
    first.is_some_and(|c| matches!(c.trim_end_matches(['：', ':']), "合计" | "总计" | "小计" | "总合计" | "合计金额" | "总金额"))
}

/// A row heading a group of rows in a table with a header (「一\t硬件设备」「（二）软件开发」):
/// one cell of the table's columns filled, and its row number, or else that cell, numbered in
/// Chinese numerals where rows are numbered in digits.
fn is_group_row(row: &[String], map: &ColumnMap, number_column: Option<usize>) -> bool {
    let filled: Vec<&str> = row.iter().zip(map).filter(|(c, m)| m.is_some() && !c.trim().is_empty()).map(|(c, _)| c.trim()).collect();
    let [only] = filled[..] else { return false };
    match number_column.and_then(|k| row.get(k)).map(|n| n.trim()).filter(|n| !n.is_empty()) {
        Some(n) => chinese_numbered(n),
        None => chinese_numbered(only),
    }
}

/// Whether `text` starts with a number in Chinese numerals: 「一」「十二、」「（三）」.
fn chinese_numbered(text: &str) -> bool {
    const NUMERALS: &str = "一二三四五六七八九十";
    let rest = text.strip_prefix(['（', '(']).unwrap_or(text);
    let after = rest.trim_start_matches(|c| NUMERALS.contains(c));
    after.len() < rest.len() && (after.is_empty() || after.starts_with(['、', '）', ')', '．', '.', ' ', '　']))
}

/// Writes the block `text` into the table at registry path `table`, whose rows are `rows`,
/// from the cell at row `at_row`, column `at_column` (an index into [`columns`]; a row past the
/// end appends). A blank cell clears its field; a cell that does not read leaves it as it was.
/// In the budget table, a row given a quantity or a unit price but no amount gets the amount
/// they make (数量 × 单价), as typing them does.
pub fn paste(table: &str, rows: &[Value], at_row: usize, at_column: usize, text: &str) -> Outcome {
    let columns = columns(table);
    let block = cells(text);
    let at_row = at_row.min(rows.len());
    let mut out = Outcome {
        rows: rows.to_vec(),
        first_row: at_row,
        row_count: 0,
        added: 0,
        written: Vec::new(),
        header: false,
        beyond: 0,
        unknown_headers: Vec::new(),
        totals_skipped: 0,
        groups_skipped: 0,
        cut: 0,
        amounts_made: 0,
        problems: Vec::new(),
    };
    let Some(first) = block.first() else { return out };
    // The header's row-number column, whose cell tells a group's heading from a row.
    let number_column = first.iter().position(|c| is_row_number(&header_words(c).0));
    let (map, data): (ColumnMap, &[Vec<String>]) = match layout(&columns, first, at_column) {
        Layout::Header(map, unknown) => {
            out.header = true;
            out.unknown_headers = unknown;
            (map, &block[1..])
        }
        Layout::From(start) => {
            let width = block.iter().map(Vec::len).max().unwrap_or(0);
            let map: Vec<_> = (0..width).map(|j| (start + j < columns.len()).then_some((start + j, MoneyUnit::Wan))).collect();
            out.beyond = map.iter().filter(|m| m.is_none()).count();
            (map, &block[..])
        }
    };
    if map.iter().all(Option::is_none) {
        return out;
    }
    let mut written = vec![false; columns.len()];
    let mut target = at_row;
    for (k, line) in data.iter().enumerate() {
        if out.row_count == MAX_ROWS {
            out.cut = data.len() - k;
            break;
        }
        if is_total_row(line) {
            out.totals_skipped += 1;
            continue;
        }
        if out.header && is_group_row(line, &map, number_column) {
            out.groups_skipped += 1;
            continue;
        }
        while out.rows.len() <= target {
            out.rows.push(Value::Object(Map::new()));
            out.added += 1;
        }
        if !out.rows[target].is_object() {
            out.rows[target] = Value::Object(Map::new());
        }
        let Value::Object(row) = &mut out.rows[target] else { unreachable!("made an object above") };
        let mut priced = false;
        let mut amount_given = false;
        for (j, m) in map.iter().enumerate() {
            let Some((c, unit)) = *m else { continue };
            // A row shorter than the block (a ragged paste) leaves the rest of its columns alone.
            let Some(text) = line.get(j) else { continue };
            let column = columns[c];
            match typed::cell(column.def.kind, text, unit) {
                Ok(Some(v)) => {
                    row.insert(column.key.to_string(), v);
                }
                Ok(None) => {
                    row.remove(column.key);
                }
                Err(expected) => {
                    out.problems.push(Problem { row: target, column: column.def.label, key: column.key, text: text.clone(), expected });
                    continue;
                }
            }
            written[c] = true;
            priced |= matches!(column.key, "quantity" | "unit_price");
            // A blank amount is no amount: the row's is made, as for a row without the column.
            amount_given |= column.key == "amount" && row.contains_key("amount");
        }
        if table == "project.cost_estimate.items" && priced && !amount_given {
            let amount = row.get("quantity").and_then(Value::as_u64).zip(row.get("unit_price").and_then(Value::as_u64)).and_then(|(q, p)| q.checked_mul(p));
            if let Some(a) = amount {
                row.insert("amount".into(), Value::from(a));
                out.amounts_made += 1;
            }
        }
        target += 1;
        out.row_count += 1;
    }
    out.written = columns.iter().zip(&written).filter(|(_, w)| **w).map(|(c, _)| c.def.label).collect();
    out
}

/// A table's rows as a block of cells to copy into a spreadsheet (or into another draft's
/// table): a header row of the columns' labels (amounts marked 「（万元）」), then each row as
/// the form shows it — an amount in 万元 without separators, a choice's label, 是/否, a percent
/// — a cell holding a tab, a line break or a quote quoted as spreadsheets quote it. [`paste`]
/// reads it back as the same rows.
pub fn copy(table: &str, rows: &[Value]) -> String {
    let columns = columns(table);
    let mut out = String::new();
    let header: Vec<String> =
        columns.iter().map(|c| if c.def.kind == FieldKind::Money { format!("{}（万元）", c.def.label) } else { c.def.label.to_string() }).collect();
    push_row(&mut out, &header);
    for row in rows {
        let cells: Vec<String> = columns.iter().map(|c| row.get(c.key).map(|v| shown(c.def.kind, v)).unwrap_or_default()).collect();
        push_row(&mut out, &cells);
    }
    out
}

/// A value as its cell shows it.
fn shown(kind: FieldKind, v: &Value) -> String {
    match (kind, v) {
        (FieldKind::Money, Value::Number(n)) => n.as_i64().map(|y| crate::money::format_wan(i128::from(y)).replace(',', "")).unwrap_or_default(),
        (FieldKind::BasisPoints, Value::Number(n)) => n.as_i64().map(|bp| crate::money::format_basis_points(i128::from(bp))).unwrap_or_default(),
        (FieldKind::Choice(_), Value::String(id)) => crate::fields::choice_label(kind, id).unwrap_or(id).to_string(),
        (FieldKind::Bool, Value::Bool(b)) => (if *b { "是" } else { "否" }).to_string(),
        (FieldKind::TextList, Value::Array(items)) => items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("\n"),
        (_, Value::String(t)) => t.clone(),
        (_, Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// One row of cells, tab-separated, CRLF-ended, quoted where a cell needs it.
fn push_row(out: &mut String, cells: &[String]) {
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push('\t');
        }
        if c.contains(['\t', '\n', '\r', '"']) {
            out.push('"');
            out.push_str(&c.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(c);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const BUDGET: &str = "project.cost_estimate.items";

    #[test]
    fn a_spreadsheet_copy_reads_as_its_rows_and_cells() {
        assert_eq!(cells("云主机\t服务器\r\n数据库\t系统基础软件\r\n"), vec![vec!["云主机", "服务器"], vec!["数据库", "系统基础软件"]]);
        // A cell holding a line break or a quote is quoted by the spreadsheet.
        assert_eq!(cells("\"第一行\n第二行\"\tx\n\"说 \"\"好\"\"\"\ty\n"), vec![vec!["第一行\n第二行", "x"], vec!["说 \"好\"", "y"]]);
        // Text that only starts with a quote (a Word table) is read as written.
        assert_eq!(cells("\"云\"主机\tx"), vec![vec!["\"云\"主机", "x"]]);
        assert_eq!(cells("\"未闭合\tx\ny"), vec![vec!["\"未闭合", "x"], vec!["y"]]);
        // Blank cells keep their places; blank rows at the end are dropped.
        assert_eq!(cells("a\t\tc\n\t\t\n\n"), vec![vec!["a", "", "c"]]);
        assert_eq!(cells("a\rb"), vec![vec!["a"], vec!["b"]]);
        assert!(cells("").is_empty());
    }

    #[test]
    fn one_copied_cell_is_text_for_its_box() {
        assert!(!is_block("云主机\r\n", false));
        assert!(!is_block("云主机", false));
        assert!(is_block("a\tb", false));
        assert!(is_block("a\nb", false));
        assert!(is_block("a\tb", true));
        // Lines pasted into a long text are its lines.
        assert!(!is_block("第一段\n第二段\n", true));
    }

    #[test]
    fn cells_fill_across_and_down_adding_rows_and_amounts() {
        let rows = vec![json!({"name": "旧行", "quantity": 1})];
        let out = paste(BUDGET, &rows, 0, 0, "云主机\t服务器\t台\t3\t12.5\n数据库\t系统基础软件\t套\t1\t20\t99\n");
        assert_eq!(out.rows.len(), 2);
        assert_eq!(out.added, 1);
        assert_eq!(out.row_count, 2);
        assert_eq!(out.rows[0], json!({"name": "云主机", "category": "server", "unit": "台", "quantity": 3, "unit_price": 125_000, "amount": 375_000}));
        assert_eq!(
            out.rows[1],
            json!({"name": "数据库", "category": "base_software", "unit": "套", "quantity": 1, "unit_price": 200_000, "amount": 99 * 10_000})
        );
        assert_eq!(out.written, vec!["名称", "类别", "单位", "数量", "单价", "金额"]);
        assert!(out.problems.is_empty() && out.beyond == 0 && !out.header);
        // The second row's amount was pasted (and disagrees: the checks will say so), not made.
        assert_eq!(out.amounts_made, 1);
        assert!(out.summary().contains("1 行的金额按数量 × 单价算出"), "{}", out.summary());
        // A blank amount cell is no amount: the row's is made all the same.
        let out = paste(BUDGET, &[], 0, 0, "名称\t数量\t单价\t金额\n云主机\t2\t3\t\n");
        assert_eq!(out.rows, vec![json!({"name": "云主机", "quantity": 2, "unit_price": 30_000, "amount": 60_000})]);
        assert_eq!(out.amounts_made, 1);
    }

    #[test]
    fn a_budget_as_departments_table_it_groups_other_words_and_totals_with_units() {
        let text = "序号\t建设内容\t费用类型\t数量\t单价（万元）\t总价（万元）\n\
            一\t硬件设备\t\t\t\t\n\
            1\t服务器\t服务器\t2\t10\t20\n\
            小计：\t\t\t\t\t20\n\
            \t（二）软件开发\t\t\t\t\n\
            2\t应用软件\t应用软件开发\t1\t80\t80\n\
            3\t一体机\t\t\t\t\n\
            合计（万元）\t\t\t\t\t100\n";
        let out = paste(BUDGET, &[], 0, 0, text);
        assert!(out.header && out.unknown_headers.is_empty(), "{out:?}");
        let names: Vec<&str> = out.rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
        // A row numbered in digits with only a name is a row (to be filled in), not a group.
        assert_eq!(names, ["服务器", "应用软件", "一体机"]);
        assert_eq!(out.rows[0], json!({"name": "服务器", "category": "server", "quantity": 2, "unit_price": 100_000, "amount": 200_000}));
        assert_eq!((out.groups_skipped, out.totals_skipped), (2, 2));
        assert!(out.summary().contains("略过 2 个分组标题行"), "{}", out.summary());
        assert!(chinese_numbered("十二、其他") && chinese_numbered("（三）") && chinese_numbered("一"));
        assert!(!chinese_numbered("一体机") && !chinese_numbered("十分") && !chinese_numbered("12"));
    }

    #[test]
    fn a_block_starts_at_the_cell_pasted_into_and_what_falls_outside_is_counted() {
        let rows = vec![json!({"name": "甲"}), json!({"name": "乙", "amount": 5})];
        // From 数量 (column 3) of the second row: 数量, 单价, 金额, and two columns too many.
        let out = paste(BUDGET, &rows, 1, 3, "2\t1\t2\tx\ty");
        assert_eq!(out.rows[0], json!({"name": "甲"}));
        assert_eq!(out.rows[1], json!({"name": "乙", "quantity": 2, "unit_price": 10_000, "amount": 20_000}));
        assert_eq!(out.beyond, 2);
        assert_eq!((out.first_row, out.row_count, out.added), (1, 1, 0));
        // Past the end: appended.
        let out = paste(BUDGET, &rows, 9, 0, "丙");
        assert_eq!(out.rows.len(), 3);
        assert_eq!(out.first_row, 2);
    }

    #[test]
    fn a_header_row_maps_columns_by_name_in_any_order() {
        let text = "序号\t单价（元）\t项目名称\t数量\t备注说明\n1\t125,000\t云主机\t2\t不要\n2\t-\t存储\t1\t\n合 计\t\t\t\t\n";
        let rows = vec![json!({"name": "旧", "unit_price": 7, "category": "server"})];
        let out = paste(BUDGET, &rows, 0, 4, text);
        assert!(out.header);
        assert_eq!(out.unknown_headers, vec!["备注说明"]);
        assert_eq!(out.totals_skipped, 1);
        assert_eq!(out.row_count, 2);
        // The header's 元 reads bare figures in 元; the row keeps what the block does not name.
        assert_eq!(out.rows[0], json!({"name": "云主机", "category": "server", "quantity": 2, "unit_price": 125_000, "amount": 250_000}));
        // 「-」 clears the unit price: no amount is made from it.
        assert_eq!(out.rows[1], json!({"name": "存储", "quantity": 1}));
        assert_eq!(out.written, vec!["名称", "数量", "单价"]);
    }

    #[test]
    fn a_data_row_holding_one_label_is_not_a_header() {
        let out = paste("service_plan.providers", &[], 0, 0, "某某科技有限公司\t91510100MA6C1234X5\t备注\n");
        assert!(!out.header);
        assert_eq!(out.rows, vec![json!({"name": "某某科技有限公司", "credit_code": "91510100MA6C1234X5", "note": "备注"})]);
    }

    #[test]
    fn a_cell_that_does_not_read_keeps_the_field_and_is_reported() {
        let rows = vec![json!({"name": "甲", "quantity": 4, "unit_price": 10_000, "amount": 40_000})];
        let out = paste(BUDGET, &rows, 0, 1, "不知道\t\t约三台\t约5万");
        // The blank 单位 is cleared; the rest is kept as it was, and no amount is recomputed.
        assert_eq!(out.rows[0], json!({"name": "甲", "quantity": 4, "unit_price": 10_000, "amount": 40_000}));
        assert_eq!(out.problems.len(), 3);
        assert_eq!(out.problems[0].message().split('：').next(), Some("第 1 行“类别”"));
        assert!(out.problems[2].message().starts_with("第 1 行“单价”：“约5万”不是金额"), "{}", out.problems[2].message());
        assert_eq!(out.written, vec!["单位"]);
        assert!(out.summary().ends_with("3 个单元格未能识别，保留原值："), "{}", out.summary());
    }

    #[test]
    fn every_table_takes_its_own_kinds() {
        let out = paste("service_plan.items", &[], 0, 0, "运维服务\t\"7×24 小时\n现场值守\"\t人·年\t2\t¥36万\n");
        assert_eq!(out.rows, vec![json!({"name": "运维服务", "description": "7×24 小时\n现场值守", "unit": "人·年", "quantity": 2, "annual_fee": 360_000})]);
        let out = paste("project.basic.funding", &[], 0, 0, "本级财政\t300\n上级资金\t200万元\n");
        assert_eq!(out.rows, vec![json!({"source": "local_finance", "amount": 3_000_000}), json!({"source": "upper_level", "amount": 2_000_000})]);
        let out = paste("project.attachments", &[], 0, 0, "可行性研究报告\t可研.pdf\n");
        assert_eq!(out.rows, vec![json!({"kind": "feasibility_study", "name": "可研.pdf"})]);
    }

    #[test]
    fn a_table_copied_reads_as_the_form_shows_it_and_pastes_back() {
        let rows = vec![
            json!({"name": "云主机, \"高配\"", "category": "server", "quantity": 2, "unit_price": 125_000, "amount": 250_000}),
            json!({"name": "备份\n存储"}),
        ];
        let text = copy(BUDGET, &rows);
        assert_eq!(
            text,
            "名称\t类别\t单位\t数量\t单价（万元）\t金额（万元）\r\n\"云主机, \"\"高配\"\"\"\t服务器\t\t2\t12.5\t25\r\n\"备份\n存储\"\t\t\t\t\t\r\n"
        );
        let out = paste(BUDGET, &[], 0, 0, &text);
        assert!(out.header && out.problems.is_empty());
        // The name's line break becomes a space: a name is one line in the form.
        assert_eq!(out.rows, vec![rows[0].clone(), json!({"name": "备份 存储"})]);
    }

    #[test]
    fn a_huge_block_is_cut_and_says_so() {
        let text = "行\n".repeat(MAX_ROWS + 5);
        let out = paste(BUDGET, &[], 0, 0, &text);
        assert_eq!((out.row_count, out.cut, out.rows.len()), (MAX_ROWS, 5, MAX_ROWS));
        assert!(out.summary().contains("其余 5 行未粘贴"));
    }

    #[test]
    fn the_summary_says_what_was_done() {
        let out = paste(BUDGET, &[json!({})], 0, 0, "名称\t金额\n甲\t1\n乙\t2\n合计\t3\n");
        assert_eq!(
            out.summary(),
            "已粘贴 2 行（第 1–2 行，其中新增 1 行），填入列：名称、金额。首行为表头，已按列名对应。略过 1 个合计行（合计由本表自动计算）。"
        );
        assert_eq!(paste(BUDGET, &[], 0, 0, "\n\n").summary(), "剪贴板中没有可填入的单元格");
        // Nothing of the block lands in a column of the table: nothing is written.
        let out = paste(BUDGET, &[json!({"name": "甲"})], 0, 9, "x\ty");
        assert_eq!((out.row_count, out.rows.len()), (0, 1));
    }
}
