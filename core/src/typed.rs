//! Reading what a person typed, or pasted, as a field's value.
//!
//! [`number`] is the form's own reading of a numeric box, strict and exactly as the box's
//! unit says (an amount in 万元, a percent with at most two decimals). [`cell`] reads the text of
//! one spreadsheet cell pasted into a table: what Excel, WPS or a Word table put on the
//! clipboard is written the way people write it in those tools — full-width digits, 「¥1,200.00」,
//! 「12.5万」, 「99.9%」, 「2025/3/1」, 「是」 — and each of those spellings has one meaning here.

use serde_json::Value;

use crate::fields::FieldKind;
use crate::money;

/// The value of a numeric box (`Money`: 万元 to whole 元; `BasisPoints`: a percent to basis
/// points; otherwise a non-negative whole number), or `None` when the text is not one. Commas
/// (ASCII or full-width) are allowed anywhere, blanks around.
pub fn number(kind: FieldKind, text: &str) -> Option<Value> {
    let t = text.trim().replace([',', '，'], "");
    match kind {
        FieldKind::Money => money::parse_wan(&t).map(Value::from),
        FieldKind::BasisPoints => {
            let (i, f) = t.trim_end_matches('%').split_once('.').unwrap_or((t.trim_end_matches('%'), ""));
            if f.len() > 2 || i.is_empty() && f.is_empty() {
                return None;
            }
            let i: u64 = if i.is_empty() { 0 } else { i.parse().ok()? };
            let f: u64 = if f.is_empty() { 0 } else { format!("{f:0<2}").parse().ok()? };
            let bp = i.checked_mul(100)?.checked_add(f)?;
            (bp <= 10_000).then(|| Value::from(bp))
        }
        _ => t.parse::<u64>().ok().map(Value::from),
    }
}

/// The unit a pasted amount without a unit of its own is read in: the form's 万元, or 元 when
/// the pasted block's header says so (「单价（元）」).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MoneyUnit {
    #[default]
    Wan,
    Yuan,
}

/// Why a pasted cell was not read: what the column expects, said to the user after the cell's
/// text (「“约5万”不是……」).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// A whole number.
    Int,
    /// An amount in 万元 (at most four decimals) or in 元 (whole).
    Money,
    /// An amount in 元 with a fraction of a yuan: the documents hold whole 元.
    WholeYuan,
    /// A percent, at most two decimals, at most 100 %.
    Percent,
    /// 是 or 否.
    YesNo,
    /// A calendar date.
    Date,
    /// One of the column's choices (their labels listed by [`Expected::message`]).
    Choice(&'static [(&'static str, &'static str)]),
    /// A kind of field a cell cannot hold (a list of choices).
    NotPastable,
}

impl Expected {
    /// What the column expects, in the user's words.
    pub fn message(self) -> String {
        match self {
            Expected::Int => "不是整数".into(),
            Expected::Money => "不是金额（以万元填写，如 12.5；或注明“元”，如 125000元）".into(),
            Expected::WholeYuan => "不是整元金额（金额以元为最小单位）".into(),
            Expected::Percent => "不是百分比（如 99.90%，最多两位小数，不超过 100%）".into(),
            Expected::YesNo => "不是“是”或“否”".into(),
            Expected::Date => "不是日期（如 2025-03-01）".into(),
            Expected::Choice(list) => {
                let labels: Vec<&str> = list.iter().map(|(_, l)| *l).collect();
                format!("不是可选项之一（{}）", labels.join("、"))
            }
            Expected::NotPastable => "此列不能粘贴，请在表中逐项选择".into(),
        }
    }
}

/// Full-width digits and signs (typed in a Chinese input method's full-width mode) as ASCII,
/// and every kind of blank (the no-break space spreadsheets put in numbers) left out.
fn half_width(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '％' => '%',
            '－' => '-',
            '／' => '/',
            _ => c,
        })
        .collect()
}

/// What a numeric cell holds when it says there is nothing: spreadsheets write a dash or a
/// slash in an empty cell of a printed table.
fn says_none(t: &str) -> bool {
    matches!(t, "-" | "—" | "——" | "/" | "无")
}

/// Reads a pasted cell as a value of a column of `kind`: `Ok(None)` for a cell that is empty
/// (or says so: 「-」, 「/」 in a numeric column), which clears the field as a blank cell pasted
/// in a spreadsheet does; `Err` with what the column expects when the text is not such a value.
pub fn cell(kind: FieldKind, text: &str, unit: MoneyUnit) -> Result<Option<Value>, Expected> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    match kind {
        // A single-line box cannot hold a line break: the lines of a cell become one line.
        FieldKind::Text => Ok(Some(Value::String(trimmed.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")))),
        FieldKind::LongText => Ok(Some(Value::String(trimmed.to_string()))),
        FieldKind::TextList => Ok(Some(Value::Array(trimmed.lines().map(str::trim).filter(|l| !l.is_empty()).map(|l| Value::String(l.into())).collect()))),
        FieldKind::Int => {
            let t = half_width(trimmed).replace([',', '，'], "");
            if says_none(&t) {
                return Ok(None);
            }
            // A spreadsheet shows a whole number with zero decimals in some formats (「3.00」).
            let whole = match t.split_once('.') {
                Some((i, f)) if !f.is_empty() && f.bytes().all(|b| b == b'0') => i,
                Some(_) => return Err(Expected::Int),
                None => &t,
            };
            if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Expected::Int);
            }
            whole.parse::<u64>().map(|n| Some(Value::from(n))).map_err(|_| Expected::Int)
        }
        FieldKind::Money => money_cell(trimmed, unit),
        FieldKind::BasisPoints => {
            let t = half_width(trimmed);
            if says_none(&t) {
                return Ok(None);
            }
            number(kind, &t).map(Some).ok_or(Expected::Percent)
        }
        FieldKind::Bool => match half_width(trimmed).to_lowercase().as_str() {
            "是" | "有" | "√" | "✓" | "✔" | "y" | "yes" | "true" | "1" => Ok(Some(Value::Bool(true))),
            "否" | "无" | "×" | "✗" | "✘" | "n" | "no" | "false" | "0" => Ok(Some(Value::Bool(false))),
            _ => Err(Expected::YesNo),
        },
        FieldKind::Date => date_cell(trimmed).map(|d| Some(Value::String(d))).ok_or(Expected::Date),
        FieldKind::Choice(list) => choice_cell(list, trimmed).map(|id| Some(Value::from(id))).ok_or(Expected::Choice(list)),
        FieldKind::ChoiceList(_) | FieldKind::Group | FieldKind::Table => Err(Expected::NotPastable),
    }
}

/// A field's value as written after its label in a document (「服务期限：3 年」「年度服务费：104
/// 万元」「可用性：99.90%」, as our papers write them): a cell of the field's kind, a number
/// with the field's unit after it or not, an amount in 万元 unless it says 元. `Ok(None)` for
/// a value that says there is none (「—」).
pub fn written(def: &crate::fields::FieldDef, text: &str) -> Result<Option<Value>, Expected> {
    let text = text.trim();
    let text = match def.kind {
        FieldKind::Int if !def.unit.is_empty() => text.strip_suffix(def.unit).unwrap_or(text),
        _ => text,
    };
    if matches!(def.kind, FieldKind::Text | FieldKind::Date | FieldKind::Choice(_)) && says_none(text) {
        return Ok(None);
    }
    cell(def.kind, text, MoneyUnit::Wan)
}

/// An amount: 「12.5」 (in `unit`), 「12.5万」 or 「12.5万元」 (万元), 「125,000元」 (元), with a
/// currency sign or not.
fn money_cell(text: &str, unit: MoneyUnit) -> Result<Option<Value>, Expected> {
    let t = half_width(text).replace([',', '，', '¥', '￥'], "");
    if says_none(&t) {
        return Ok(None);
    }
    let (digits, unit) = if let Some(d) = t.strip_suffix("万元").or_else(|| t.strip_suffix('万')) {
        (d, MoneyUnit::Wan)
    } else if let Some(d) = t.strip_suffix('元') {
        (d, MoneyUnit::Yuan)
    } else {
        (t.as_str(), unit)
    };
    match unit {
        MoneyUnit::Wan => money::parse_wan(digits).map(|y| Some(Value::from(y))).ok_or(Expected::Money),
        MoneyUnit::Yuan => {
            let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
            if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Expected::Money);
            }
            if frac.bytes().any(|b| b != b'0') {
                return Err(Expected::WholeYuan);
            }
            whole.parse::<u64>().map(|y| Some(Value::from(y))).map_err(|_| Expected::Money)
        }
    }
}

/// A date written `2025-03-01`, `2025/3/1`, `2025.3.1` or `2025年3月1日`, as `YYYY-MM-DD`.
fn date_cell(text: &str) -> Option<String> {
    let t = half_width(text);
    let t = t.strip_suffix('日').unwrap_or(&t);
    let parts: Vec<&str> = t.split(['-', '/', '.', '年', '月']).collect();
    let [y, m, d] = parts[..] else { return None };
    let ok = |s: &str, max: usize| !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit());
    if y.len() != 4 || !ok(y, 4) || !ok(m, 2) || !ok(d, 2) {
        return None;
    }
    let ymd = format!("{y}-{m:0>2}-{d:0>2}");
    crate::date::parse_ymd(&ymd).map(|_| ymd)
}

/// The id of the choice a cell names: its label or its id exactly, or else the one label the
/// text contains or is contained in (「应用软件开发费」 → 应用软件开发), if only one.
fn choice_cell(list: &'static [(&'static str, &'static str)], text: &str) -> Option<&'static str> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some((id, _)) = list.iter().find(|(id, label)| *label == t || *id == t) {
        return Some(id);
    }
    if t.chars().count() < 2 {
        return None;
    }
    let mut near = list.iter().filter(|(_, label)| t.contains(label) || label.contains(t.as_str()));
    match (near.next(), near.next()) {
        (Some((id, _)), None) => Some(id),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const CHOICES: &[(&str, &str)] = &[("server", "服务器"), ("app_development", "应用软件开发"), ("base_software", "系统基础软件")];

    fn read(kind: FieldKind, text: &str) -> Result<Option<Value>, Expected> {
        cell(kind, text, MoneyUnit::Wan)
    }

    #[test]
    fn numbers_read_as_the_box_reads_them() {
        assert_eq!(number(FieldKind::Money, "1,234.5"), Some(json!(12_345_000)));
        assert_eq!(number(FieldKind::Money, "12."), Some(json!(120_000)));
        assert_eq!(number(FieldKind::Money, "1.23456"), None);
        assert_eq!(number(FieldKind::BasisPoints, "99.9%"), Some(json!(9990)));
        assert_eq!(number(FieldKind::BasisPoints, "100.01"), None);
        assert_eq!(number(FieldKind::BasisPoints, "."), None);
        assert_eq!(number(FieldKind::Int, " 12 "), Some(json!(12)));
        assert_eq!(number(FieldKind::Int, "-1"), None);
    }

    #[test]
    fn a_value_written_after_its_label_is_read_with_or_without_its_unit() {
        let f = |path: &str| crate::fields::field(path).unwrap_or_else(|| panic!("{path}"));
        let term = f("service_plan.term_years");
        assert_eq!(written(term, " 3 年"), Ok(Some(json!(3))));
        assert_eq!(written(term, "3年"), Ok(Some(json!(3))));
        assert_eq!(written(term, "3"), Ok(Some(json!(3))));
        assert_eq!(written(term, "三年"), Err(Expected::Int));
        let fee = f("service_plan.annual_fee");
        assert_eq!(written(fee, "104 万元"), Ok(Some(json!(1_040_000))));
        assert_eq!(written(fee, "1,040,000元"), Ok(Some(json!(1_040_000))));
        assert_eq!(written(f("service_plan.standards.availability_bp"), "99.90%"), Ok(Some(json!(9990))));
        assert_eq!(written(f("service_plan.date"), "2026年3月1日"), Ok(Some(json!("2026-03-01"))));
        assert_eq!(written(f("service_plan.includes_goods_or_works"), "是"), Ok(Some(json!(true))));
        assert_eq!(written(f("service_plan.data_owner"), "归项目建设单位"), Ok(Some(json!("owner_unit"))));
        // A dash says there is none, in any kind of field.
        assert_eq!(written(f("service_plan.owner_unit"), "—"), Ok(None));
        assert_eq!(written(f("service_plan.date"), "—"), Ok(None));
        assert_eq!(written(term, "—"), Ok(None));
    }

    #[test]
    fn amounts_in_the_spellings_spreadsheets_use() {
        assert_eq!(read(FieldKind::Money, "12.5"), Ok(Some(json!(125_000))));
        assert_eq!(read(FieldKind::Money, "¥1,200.5万"), Ok(Some(json!(12_005_000))));
        assert_eq!(read(FieldKind::Money, "１２．５万元"), Ok(Some(json!(125_000))));
        assert_eq!(read(FieldKind::Money, "125,000元"), Ok(Some(json!(125_000))));
        assert_eq!(read(FieldKind::Money, "￥125000.00元"), Ok(Some(json!(125_000))));
        assert_eq!(read(FieldKind::Money, "125000.50元"), Err(Expected::WholeYuan));
        assert_eq!(read(FieldKind::Money, "约5万"), Err(Expected::Money));
        assert_eq!(read(FieldKind::Money, "-12"), Err(Expected::Money));
        assert_eq!(read(FieldKind::Money, "—"), Ok(None));
        // The header said 元: a bare figure is in 元, a marked one as marked.
        assert_eq!(cell(FieldKind::Money, "125,000", MoneyUnit::Yuan), Ok(Some(json!(125_000))));
        assert_eq!(cell(FieldKind::Money, "12.5万", MoneyUnit::Yuan), Ok(Some(json!(125_000))));
    }

    #[test]
    fn whole_numbers_percents_and_yes_no() {
        assert_eq!(read(FieldKind::Int, "3.00"), Ok(Some(json!(3))));
        assert_eq!(read(FieldKind::Int, "1,000"), Ok(Some(json!(1000))));
        assert_eq!(read(FieldKind::Int, "３"), Ok(Some(json!(3))));
        assert_eq!(read(FieldKind::Int, "2.5"), Err(Expected::Int));
        assert_eq!(read(FieldKind::Int, "三"), Err(Expected::Int));
        assert_eq!(read(FieldKind::Int, "/"), Ok(None));
        assert_eq!(read(FieldKind::BasisPoints, "99.90%"), Ok(Some(json!(9990))));
        assert_eq!(read(FieldKind::BasisPoints, "101%"), Err(Expected::Percent));
        assert_eq!(read(FieldKind::Bool, "是"), Ok(Some(json!(true))));
        assert_eq!(read(FieldKind::Bool, " √ "), Ok(Some(json!(true))));
        assert_eq!(read(FieldKind::Bool, "否"), Ok(Some(json!(false))));
        assert_eq!(read(FieldKind::Bool, "也许"), Err(Expected::YesNo));
    }

    #[test]
    fn dates_in_every_usual_spelling_and_only_real_days() {
        for t in ["2025-03-01", "2025/3/1", "2025.3.1", "2025年3月1日", "２０２５年３月１日"] {
            assert_eq!(read(FieldKind::Date, t), Ok(Some(json!("2025-03-01"))), "{t}");
        }
        for t in ["2025-02-30", "25/3/1", "2025-3", "3/1/2025", "2025-003-01"] {
            assert_eq!(read(FieldKind::Date, t), Err(Expected::Date), "{t}");
        }
    }

    #[test]
    fn choices_by_label_id_or_the_one_label_meant() {
        let kind = FieldKind::Choice(CHOICES);
        assert_eq!(read(kind, "服务器"), Ok(Some(json!("server"))));
        assert_eq!(read(kind, "app_development"), Ok(Some(json!("app_development"))));
        assert_eq!(read(kind, "应用软件开发费"), Ok(Some(json!("app_development"))));
        assert_eq!(read(kind, "基础软件"), Ok(Some(json!("base_software"))));
        // 「软件」 is in two labels: not guessed.
        assert_eq!(read(kind, "软件"), Err(Expected::Choice(CHOICES)));
        assert_eq!(read(kind, "器"), Err(Expected::Choice(CHOICES)));
        assert!(Expected::Choice(CHOICES).message().contains("服务器、应用软件开发、系统基础软件"));
    }

    #[test]
    fn text_cells_and_blank_cells() {
        assert_eq!(read(FieldKind::Text, "  云  主机\n 扩容 "), Ok(Some(json!("云  主机 扩容"))));
        assert_eq!(read(FieldKind::LongText, "第一行\n第二行\n"), Ok(Some(json!("第一行\n第二行"))));
        assert_eq!(read(FieldKind::Text, " \t"), Ok(None));
        assert_eq!(read(FieldKind::ChoiceList(CHOICES), "服务器"), Err(Expected::NotPastable));
    }
}
