//! Money display. Amounts are whole 元 everywhere; people read them in 万元.

/// Formats whole yuan as 万元 without the unit: `3500000` → `350`, `12345678` → `1,234.5678`.
pub fn format_wan(yuan: i128) -> String {
    let neg = yuan < 0;
    let y = yuan.unsigned_abs();
    let whole = y / 10_000;
    let frac = y % 10_000;
    let mut s = group_thousands(whole);
    if frac != 0 {
        let f = format!("{frac:04}");
        s.push('.');
        s.push_str(f.trim_end_matches('0'));
    }
    if neg { format!("-{s}") } else { s }
}

/// Formats whole yuan with thousands separators: `3500000` → `3,500,000`.
pub fn format_yuan(yuan: i128) -> String {
    let s = group_thousands(yuan.unsigned_abs());
    if yuan < 0 { format!("-{s}") } else { s }
}

fn group_thousands(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Parses an amount typed in 万元 (`350`, `1,234.5`, `0.0125`) into whole yuan.
/// Returns `None` for anything that is not a non-negative number with at most four decimals.
pub fn parse_wan(text: &str) -> Option<u64> {
    let t: String = text.trim().chars().filter(|c| *c != ',' && *c != '，').collect();
    let (int, frac) = t.split_once('.').unwrap_or((&t, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) || frac.len() > 4 {
        return None;
    }
    let int: u64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let frac_val: u64 = if frac.is_empty() { 0 } else { format!("{frac:0<4}").parse().ok()? };
    int.checked_mul(10_000)?.checked_add(frac_val)
}

/// Formats basis points of a percent: `9990` → `99.90%`.
pub fn format_basis_points(bp: i128) -> String {
    format!("{}.{:02}%", bp / 100, (bp % 100).abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wan() {
        assert_eq!(format_wan(3_500_000), "350");
        assert_eq!(format_wan(12_345_678), "1,234.5678");
        assert_eq!(format_wan(300_000), "30");
        assert_eq!(format_wan(1_250), "0.125");
        assert_eq!(format_wan(0), "0");
        assert_eq!(format_yuan(3_500_000), "3,500,000");
        assert_eq!(format_basis_points(9990), "99.90%");
    }

    #[test]
    fn parse() {
        assert_eq!(parse_wan("350"), Some(3_500_000));
        assert_eq!(parse_wan("1,234.5"), Some(12_345_000));
        assert_eq!(parse_wan("0.0125"), Some(125));
        assert_eq!(parse_wan(".5"), Some(5_000));
        assert_eq!(parse_wan("0.00001"), None);
        assert_eq!(parse_wan("-1"), None);
        assert_eq!(parse_wan("abc"), None);
        assert_eq!(parse_wan(""), None);
    }

    #[test]
    fn round_trip() {
        for y in [0u64, 1, 9_999, 10_000, 3_456_789, 999_999_999_999] {
            assert_eq!(parse_wan(&format_wan(y as i128)), Some(y));
        }
    }
}
