//! Field-format checks of single values: the 统一社会信用代码 check digit (GB 32100-2015),
//! Chinese phone numbers, e-mail, invisible and look-alike characters.
//!
//! Each check has a plain function (used by the CLI and UI for instant hints) and, where the
//! field registry names it ([`crate::fields::Format`]), a `*_field` wrapper giving the format
//! checks' problem.

use crate::engine::format::Problem;

/// Characters allowed in a credit code (GB 32100-2015 §4: digits and upper-case letters
/// except I, O, Z, S, V), in the order that gives each its numeric value.
const CREDIT_CODE_CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_CODE_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// Why a credit code is not valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreditCodeError {
    Empty,
    Length(usize),
    BadChar { position: usize, ch: char },
    CheckDigit { expected: char, found: char },
}

/// Checks an 18-character 统一社会信用代码, including its check digit.
pub fn check_credit_code(code: &str) -> Result<(), CreditCodeError> {
    let chars: Vec<char> = code.chars().collect();
    if chars.is_empty() {
        return Err(CreditCodeError::Empty);
    }
    if chars.len() != 18 {
        return Err(CreditCodeError::Length(chars.len()));
    }
    let mut sum = 0;
    let mut values = [0u32; 18];
    for (i, ch) in chars.iter().enumerate() {
        match CREDIT_CODE_CHARSET.find(*ch) {
            Some(v) => values[i] = v as u32,
            None => return Err(CreditCodeError::BadChar { position: i + 1, ch: *ch }),
        }
    }
    for i in 0..17 {
        sum += values[i] * CREDIT_CODE_WEIGHTS[i];
    }
    let check = (31 - sum % 31) % 31;
    let expected = CREDIT_CODE_CHARSET.as_bytes()[check as usize] as char;
    if chars[17] != expected {
        return Err(CreditCodeError::CheckDigit { expected, found: chars[17] });
    }
    Ok(())
}

/// Computes the check character for the first 17 characters (used by tests and fixtures).
pub fn credit_code_check_char(first17: &str) -> Option<char> {
    let mut sum = 0;
    let mut n = 0;
    for (i, ch) in first17.chars().enumerate() {
        let v = CREDIT_CODE_CHARSET.find(ch)? as u32;
        sum += v * *CREDIT_CODE_WEIGHTS.get(i)?;
        n += 1;
    }
    (n == 17).then(|| CREDIT_CODE_CHARSET.as_bytes()[((31 - sum % 31) % 31) as usize] as char)
}

impl CreditCodeError {
    /// Chinese explanation, without the field label.
    pub fn describe(&self) -> String {
        match self {
            CreditCodeError::Empty => "未填写".into(),
            CreditCodeError::Length(n) => format!("应为 18 位，当前为 {n} 位"),
            CreditCodeError::BadChar { position, ch } => format!("第 {position} 位“{ch}”不是允许的字符（只能是数字和除 I、O、Z、S、V 以外的大写字母）"),
            CreditCodeError::CheckDigit { expected, found } => {
                format!("校验码错误：第 18 位为“{found}”，按 GB 32100-2015 计算应为“{expected}”，请核对是否抄错")
            }
        }
    }
}

pub(crate) fn credit_code_field(code: &str) -> Result<(), Problem> {
    check_credit_code(code).map_err(|e| match e {
        CreditCodeError::Empty => Problem::Required,
        _ => Problem::Said("credit_code", e.describe()),
    })
}

/// A required text field: not blank.
pub(crate) fn required_text(text: &str) -> Result<(), Problem> {
    if text.trim().is_empty() { Err(Problem::Required) } else { Ok(()) }
}

pub(crate) fn optional_credit_code_field(code: &str) -> Result<(), Problem> {
    if code.is_empty() { Ok(()) } else { credit_code_field(code) }
}

/// Checks a mobile number (11 digits starting 13–19, optional +86) or a landline with
/// its area code (0 + 2–3 digits, then 7–8 digits, optional extension).
pub fn is_valid_phone(phone: &str) -> bool {
    let s: String = phone.chars().filter(|c| !c.is_whitespace()).collect();
    let s = s.strip_prefix("+86").or_else(|| s.strip_prefix("0086")).unwrap_or(&s).trim_start_matches('-');
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    // Mobile
    if s.len() == 11 && digits(s) && s.starts_with('1') && (b'3'..=b'9').contains(&s.as_bytes()[1]) {
        return true;
    }
    // Landline: "(0827)5261234", "0827-5261234", "08275261234", optional "-123" extension.
    let normalized = s.replace(['(', '（'], "").replacen([')', '）'], "-", 1);
    let mut parts = normalized.split('-');
    let first = parts.next().unwrap_or("");
    let (area, number, ext) = match (parts.next(), parts.next(), parts.next()) {
        (None, _, _) => {
            // No separator: area code length is ambiguous; accept if total fits 10–12 digits.
            if !first.starts_with('0') || !digits(first) {
                return false;
            }
            return (10..=12).contains(&first.len());
        }
        (Some(n), None, _) => (first, n, None),
        (Some(n), Some(e), None) => (first, n, Some(e)),
        _ => return false,
    };
    let area_ok = area.starts_with('0') && digits(area) && (3..=4).contains(&area.len());
    let number_ok = digits(number) && (7..=8).contains(&number.len()) && !number.starts_with('0');
    let ext_ok = ext.is_none_or(|e| digits(e) && e.len() <= 6);
    area_ok && number_ok && ext_ok
}

pub(crate) fn phone_field(phone: &str) -> Result<(), Problem> {
    if phone.trim().is_empty() {
        return Err(Problem::Required);
    }
    if is_valid_phone(phone) {
        Ok(())
    } else {
        Err(Problem::Said("phone", format!("“{phone}”不是有效的手机号或带区号的固定电话（例如 13800000000 或 0827-5261234）")))
    }
}

/// A deliberately small e-mail check (addr-spec, dot-atom form; ASCII or CJK mailbox names
/// are rejected in the domain part). Not a regex and IDNA-based check (as `validator`'s),
/// which would add most of a megabyte to the wasm.
pub fn is_valid_email(email: &str) -> bool {
    if email.len() > 254 {
        return false;
    }
    let Some((local, domain)) = email.rsplit_once('@') else { return false };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    local_ok && domain_ok
}

pub(crate) fn email_field(email: &str) -> Result<(), Problem> {
    if email.trim().is_empty() {
        return Err(Problem::Required);
    }
    if is_valid_email(email) {
        Ok(())
    } else {
        Err(Problem::Said("email", format!("“{email}”不是有效的电子邮箱地址（例如 xxzx@bazhong.gov.cn）")))
    }
}

/// Characters that show as nothing (zero-width, joiners, BOM, soft hyphen, invisible
/// controls) or silently reorder what is shown (bidi controls). In a unit or project name
/// they make two names that look identical compare different — or hide what a name says —
/// so the format checks flag them (申报通填报规范第十条).
pub fn invisible_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{200B}' => "零宽空格",
        '\u{200C}' => "零宽不连字",
        '\u{200D}' => "零宽连字",
        '\u{200E}' | '\u{200F}' | '\u{061C}' => "文字方向标记",
        '\u{2060}' => "零宽词连接符",
        '\u{2061}'..='\u{2064}' => "不可见运算符",
        '\u{FEFF}' => "零宽不换行空格（BOM）",
        '\u{00AD}' => "软连字符",
        '\u{034F}' => "组合用字素连接符",
        '\u{180E}' => "蒙古文元音分隔符",
        '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' => "韩文填充符",
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => "双向文字控制符",
        '\u{206A}'..='\u{206F}' => "已弃用的格式控制符",
        '\u{FFF9}'..='\u{FFFB}' => "行间注释控制符",
        '\u{E0000}'..='\u{E007F}' => "标签字符",
        c if c.is_control() => "控制字符",
        _ => return None,
    })
}

/// Whether `text` may hold a character that [`invisible_name`] or [`lookalike_chars`] flags:
/// a quick test before the exact checks, which the format checks run on every text field of a
/// document on every check. Never false when one of them would find something (tested over
/// every code point); ordinary Chinese text, CJK and general punctuation pass it at once.
pub fn may_hold_flagged_chars(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c as u32,
            0x00..=0x1F | 0x7F..=0x9F | 0xAD | 0x034F..=0x052F | 0x061C | 0x115F | 0x1160 | 0x180E
            | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0x3164 | 0xFEFF
            | 0xFFA0 | 0xFFF9..=0xFFFB | 0xE0000..=0xE007F)
    })
}

/// Invisible or bidi-control characters in `text`: `(character index from 0, char)`.
pub fn invisible_chars(text: &str) -> Vec<(usize, char)> {
    text.chars().enumerate().filter(|(_, c)| invisible_name(*c).is_some()).collect()
}

/// `text` with every invisible character shown as `⟦U+200B⟧`, so a message can show where
/// it is.
pub fn reveal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if invisible_name(c).is_some() {
            out.push_str(&format!("⟦U+{:04X}⟧", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Letters that look like Latin letters or CJK strokes but are Cyrillic or Greek (`А`
/// U+0410 for `A`): never part of a Chinese unit or project name, and the classic way to
/// make a name that looks right but is not. `(character index from 0, char)`.
pub fn lookalike_chars(text: &str) -> Vec<(usize, char)> {
    text.chars().enumerate().filter(|(_, c)| matches!(*c as u32, 0x0370..=0x052F)).collect()
}

/// `西里尔字母` / `希腊字母` for a character found by [`lookalike_chars`].
pub fn script_name(c: char) -> &'static str {
    if (0x0370..=0x03FF).contains(&(c as u32)) { "希腊字母" } else { "西里尔字母" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_test_never_misses_a_flagged_character() {
        let mut flagged = 0;
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let s = c.to_string();
            if !invisible_chars(&s).is_empty() || !lookalike_chars(&s).is_empty() {
                flagged += 1;
                assert!(may_hold_flagged_chars(&format!("巴中市{s}数据局")), "U+{:04X}", c as u32);
            }
        }
        assert!(flagged > 400, "{flagged}");
        assert!(!may_hold_flagged_chars("巴中市大数据局——“智慧城市”项目（一期），预算 1,200 万元…"));
    }

    #[test]
    fn credit_code_known_valid() {
        // Published codes of real organisations.
        for code in ["91350100M000100Y43", "11100000000013127D", "12100000400010398P"] {
            assert_eq!(check_credit_code(code), Ok(()), "{code}");
        }
    }

    #[test]
    fn credit_code_errors() {
        assert_eq!(check_credit_code(""), Err(CreditCodeError::Empty));
        assert_eq!(check_credit_code("123"), Err(CreditCodeError::Length(3)));
        assert!(matches!(check_credit_code("91350100M000100YI3"), Err(CreditCodeError::BadChar { position: 17, ch: 'I' })));
        assert_eq!(check_credit_code("91350100M000100Y44"), Err(CreditCodeError::CheckDigit { expected: '3', found: '4' }));
    }

    #[test]
    fn credit_code_check_char_matches_validation() {
        let base = "11511900MB1234567";
        let c = credit_code_check_char(base).unwrap();
        assert_eq!(check_credit_code(&format!("{base}{c}")), Ok(()));
    }

    #[test]
    fn phones() {
        for ok in ["13800000000", "+86 138 0000 0000", "0827-5261234", "(0827)5261234", "010-12345678", "0827-5261234-802", "08275261234"] {
            assert!(is_valid_phone(ok), "{ok}");
        }
        for bad in ["", "12345", "12800000000", "827-5261234", "0827-0261234", "0827-52612", "abc", "0827-5261234-1234567"] {
            assert!(!is_valid_phone(bad), "{bad}");
        }
    }

    #[test]
    fn emails() {
        for ok in ["a@b.cn", "xxzx@bazhong.gov.cn", "li.ming+test@mail.example.com"] {
            assert!(is_valid_email(ok), "{ok}");
        }
        for bad in ["", "a", "a@b", "@b.cn", "a@.cn", "a..b@c.cn", "a@b.c", "a@-b.cn", "张三@b.cn", "a@b.cn."] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn invisible_and_bidi_characters_are_found_and_revealed() {
        let name = "巴中\u{200B}市\u{202E}局\u{FEFF}";
        assert_eq!(invisible_chars(name), vec![(2, '\u{200B}'), (4, '\u{202E}'), (6, '\u{FEFF}')]);
        assert_eq!(reveal(name), "巴中⟦U+200B⟧市⟦U+202E⟧局⟦U+FEFF⟧");
        for c in ['\u{200C}', '\u{200D}', '\u{2060}', '\u{202A}', '\u{2066}', '\u{2069}', '\u{00AD}', '\u{0007}'] {
            assert_eq!(invisible_chars(&format!("甲{c}乙")), vec![(1, c)], "U+{:04X}", c as u32);
        }
        // Ordinary text, including full-width punctuation and the ideographic space, is fine.
        assert!(invisible_chars("巴中市（试行）·数据局 A-1　第二期").is_empty());
    }

    #[test]
    fn cyrillic_and_greek_lookalikes_are_found() {
        // "А" (U+0410) and "о" (U+043E) look like Latin A and o.
        assert_eq!(lookalike_chars("巴中市АI中心"), vec![(3, 'А')]);
        assert_eq!(lookalike_chars("Gоv数据局"), vec![(1, 'о')]);
        assert_eq!(script_name('о'), "西里尔字母");
        assert_eq!(script_name('α'), "希腊字母");
        assert!(lookalike_chars("巴中市AI中心 Gov").is_empty());
    }
}
