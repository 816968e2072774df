//! How hard a passphrase is to guess, for the meter shown while a key's passphrase is
//! chosen (app) and the warning `shenbao keygen` prints.
//!
//! An estimate, not a proof: bits = effective length × log2(alphabet). Repeated and
//! consecutive characters count for little, and a short list of the passphrases people
//! actually choose (in China and everywhere) is refused outright. Chinese characters count
//! as drawn from a few thousand common ones, so a short Chinese phrase is strong — which
//! is what staff find easiest to remember. The key file's PBKDF2 (600 000 iterations)
//! multiplies the cost of every guess on top of this.

/// The verdict, from worst to best.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// Fewer than [`MIN_CHARS`] characters: refused.
    TooShort,
    /// A common passphrase or a trivial pattern: refused.
    Common,
    Weak,
    Fair,
    Strong,
}

impl Strength {
    /// 太短 / 常见 / 弱 / 一般 / 强.
    pub fn label(self) -> &'static str {
        match self {
            Strength::TooShort => "太短",
            Strength::Common => "常见口令",
            Strength::Weak => "弱",
            Strength::Fair => "一般",
            Strength::Strong => "强",
        }
    }

    /// 0–4, for a meter.
    pub fn score(self) -> u8 {
        self as u8
    }

    /// Whether a key may be protected with it.
    pub fn acceptable(self) -> bool {
        self >= Strength::Weak
    }
}

/// The fewest characters a passphrase may have.
pub const MIN_CHARS: usize = 8;

/// The assessment of one passphrase.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessment {
    pub strength: Strength,
    /// Estimated guessing entropy in bits.
    pub bits: u32,
    /// What would make it stronger, in Chinese (empty when strong).
    pub advice: &'static str,
}

// Lower-cased, checked against the whole passphrase and against it with trailing digits and
// symbols removed ("password123!" is "password").
const COMMON: &[&str] = &[
    "password",
    "passw0rd",
    "p@ssw0rd",
    "qwerty",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "abc",
    "abcd",
    "abcdef",
    "abcdefg",
    "abcdefgh",
    "admin",
    "administrator",
    "root",
    "welcome",
    "iloveyou",
    "woaini",
    "wo ai ni",
    "letmein",
    "monkey",
    "dragon",
    "master",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "shadow",
    "superman",
    "trustno1",
    "1q2w3e4r",
    "1qaz2wsx",
    "qazwsx",
    "q1w2e3r4",
    "aa",
    "a",
    "test",
    "guest",
    "user",
    "changeme",
    "secret",
    "china",
    "zhongguo",
    "beijing",
    "shenbao",
    "shenbaotong",
    "mima",
    "kouling",
    "huawei",
    "baidu",
    "taobao",
    "nihao",
    "密码",
    "口令",
    "我爱你",
    "中国",
    "申报通",
    "管理员",
];

/// Assesses `pass` (the text as typed, spaces included).
pub fn assess(pass: &str) -> Assessment {
    let chars: Vec<char> = pass.chars().collect();
    if chars.len() < MIN_CHARS {
        return Assessment { strength: Strength::TooShort, bits: 0, advice: "口令至少需要 8 个字符" };
    }
    // ASCII case only: the word list is ASCII, and Unicode case mapping would link its
    // conversion tables (tens of KB) into the wasm for no gain.
    let lower = pass.to_ascii_lowercase();
    let stem = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation() || c == ' ');
    let stem = stem.trim_start_matches(|c: char| c.is_ascii_digit());
    let distinct = {
        let mut d = chars.clone();
        d.sort_unstable();
        d.dedup();
        d.len()
    };
    if COMMON.contains(&lower.as_str()) || COMMON.contains(&stem) || stem.is_empty() && is_pattern(&chars) || distinct <= 2 || is_repetition(&chars) {
        return Assessment { strength: Strength::Common, bits: 0, advice: "这是常见口令或简单规律，很容易被猜中，请换一个" };
    }

    let (mut digit, mut lower_c, mut upper, mut symbol, mut wide) = (false, false, false, false, false);
    for &c in &chars {
        match c {
            '0'..='9' => digit = true,
            'a'..='z' => lower_c = true,
            'A'..='Z' => upper = true,
            c if c.is_ascii() => symbol = true,
            _ => wide = true,
        }
    }
    let alphabet: f64 = [(digit, 10.0), (lower_c, 26.0), (upper, 26.0), (symbol, 33.0), (wide, 3000.0)].iter().filter(|(on, _)| *on).map(|(_, n)| n).sum();
    let bits = (effective_length(&chars) * alphabet.log2()).floor() as u32;
    let (strength, advice) = match bits {
        0..50 => (Strength::Weak, "口令较弱：可以用一句好记的中文短语，或加长并混合字母、数字和符号"),
        50..75 => (Strength::Fair, "可以再加几个字，或夹入数字和符号"),
        _ => (Strength::Strong, ""),
    };
    Assessment { strength, bits, advice }
}

/// Length with repeats and runs discounted: "aaaa" or "1234" add little after their first
/// character.
fn effective_length(chars: &[char]) -> f64 {
    let mut len = 0.0;
    for (i, &c) in chars.iter().enumerate() {
        len += match i.checked_sub(1).map(|j| chars[j]) {
            None => 1.0,
            Some(p) if p == c => 0.2,
            Some(p) if (p as i64 - c as i64).abs() == 1 => 0.4,
            Some(_) => 1.0,
        };
    }
    len
}

/// The same unit over and over: "abcabcabc", "我爱你我爱你".
fn is_repetition(chars: &[char]) -> bool {
    (1..=chars.len() / 2).any(|p| chars.len().is_multiple_of(p) && chars.iter().enumerate().all(|(i, c)| *c == chars[i % p]))
}

/// Only digits (or only one repeated/sequential run): a date, a phone number, "12345678".
fn is_pattern(chars: &[char]) -> bool {
    chars.iter().all(|c| c.is_ascii_digit() || c.is_ascii_punctuation() || *c == ' ') && (chars.len() <= 11 || effective_length(chars) < 6.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(p: &str) -> Strength {
        assess(p).strength
    }

    #[test]
    fn short_passphrases_are_refused() {
        assert_eq!(s(""), Strength::TooShort);
        assert_eq!(s("Ab3$xyz"), Strength::TooShort);
        assert!(!Strength::TooShort.acceptable());
        // Characters, not bytes: seven Chinese characters are still too short.
        assert_eq!(s("我的七个字口令"), Strength::TooShort);
    }

    #[test]
    fn common_passphrases_and_patterns_are_refused() {
        for p in [
            "password",
            "Password123",
            "P@ssw0rd!",
            "12345678",
            "20251130",
            "13800138000",
            "11111111",
            "abababab",
            "woaini1314",
            "qwertyuiop",
            "我爱你我爱你我爱你",
        ] {
            let a = assess(p);
            assert!(!a.strength.acceptable(), "{p}: {a:?}");
            assert!(a.advice.contains("常见") || a.advice.contains("规律"), "{p}: {a:?}");
        }
    }

    #[test]
    fn ordered_from_weak_to_strong() {
        assert_eq!(s("sunflowers"), Strength::Weak);
        assert_eq!(s("Sunflower7"), Strength::Fair);
        assert_eq!(s("correct horse battery staple"), Strength::Strong);
        // A short Chinese phrase is easy to remember and strong.
        assert_eq!(s("巴中 正确的口令 horse"), Strength::Strong);
        assert_eq!(s("春眠不觉晓处处闻啼鸟"), Strength::Strong);
        assert_eq!(s("Sunflower-7x!q"), Strength::Strong);
        assert!(s("sunflowers") < s("Sunflower7"));
    }

    #[test]
    fn repeats_and_runs_count_for_little() {
        assert!(assess("abcdefghijkl").bits < assess("kqzmwtrbxlfa").bits);
        assert!(!assess("xxxxxxxxxxxxxxxxxxxxxxxx9").strength.acceptable());
        assert!(!assess("abcabcabcabc").strength.acceptable());
    }

    #[test]
    fn labels_and_scores() {
        assert_eq!(Strength::Strong.label(), "强");
        assert_eq!(Strength::TooShort.score(), 0);
        assert_eq!(Strength::Strong.score(), 4);
        assert!(assess("correct horse battery staple").advice.is_empty());
    }
}
