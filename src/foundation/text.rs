//! Text helpers shared by the request's validation, the engine's platform names and the batch's cells,
//! and the figures of the sentences a reader sees.

use rust_decimal::{Decimal, RoundingStrategy};

/// `str::trim`, answered from the end bytes when neither end can be whitespace (every name a month,
/// several times over: validation, the names of the results); `char::is_whitespace` on a CJK character
/// is a table search.
pub fn trim(s: &str) -> &str {
    let (Some(&first), Some(&last)) = (s.as_bytes().first(), s.as_bytes().last()) else {
        return s;
    };
    // A byte that may belong to white space: decode that one character before walking the text (么,
    // the last character of 饿了么, ends in a byte that U+2008 ends in too).
    let starts = may_start_space(first) && s.chars().next().is_some_and(char::is_whitespace);
    let ends = may_end_space(last) && s.chars().next_back().is_some_and(char::is_whitespace);
    if starts || ends {
        s.trim()
    } else {
        s
    }
}

/// Whether a character beginning with byte `b` may be white space: ASCII space and \t–\r, or the
/// lead byte of U+0085/U+00A0 (0xC2), U+1680 (0xE1), U+2000–U+205F (0xE2) or U+3000 (0xE3).
fn may_start_space(b: u8) -> bool {
    matches!(b, b' ' | 0x09..=0x0D | 0xC2 | 0xE1 | 0xE2 | 0xE3)
}

/// Whether a character ending with byte `b` may be white space: ASCII as above, or the last byte of
/// U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F or U+3000.
fn may_end_space(b: u8) -> bool {
    matches!(b, b' ' | 0x09..=0x0D | 0x80..=0x8A | 0x9F | 0xA0 | 0xA8 | 0xA9 | 0xAF)
}

/// An amount of money as a reader sees it in a sentence: thousands separated by commas and two
/// decimals, rounded half away from zero at the second ("17917.92" → "17,917.92", "-1200" →
/// "-1,200.00"). The JSON fields keep the plain figure; this is for the words around them.
pub fn money_words(amount: Decimal) -> String {
    let mut v = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    v.rescale(2);
    let digits = v.abs().to_string();
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits.as_str(), "00"));
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if v.is_sign_negative() && !v.is_zero() {
        out.push('-');
    }
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out.push('.');
    out.push_str(fraction);
    out
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn words(s: &str) -> String {
        super::money_words(Decimal::from_str(s).unwrap())
    }

    /// Separators every three digits from the right, two decimals always, the sign kept.
    #[test]
    fn money_as_read() {
        assert_eq!(words("17917.92"), "17,917.92");
        assert_eq!(words("955"), "955.00");
        assert_eq!(words("1000"), "1,000.00");
        assert_eq!(words("999.995"), "1,000.00"); // half away from zero at the fen
        assert_eq!(words("0"), "0.00");
        assert_eq!(words("0.004"), "0.00");
        assert_eq!(words("-0.004"), "0.00"); // rounds to zero: no "-0.00"
        assert_eq!(words("-1200"), "-1,200.00");
        assert_eq!(words("-0.5"), "-0.50");
        assert_eq!(words("-1234567.891"), "-1,234,567.89");
        assert_eq!(words("123456789012345.6"), "123,456,789,012,345.60");
        assert_eq!(words("100000"), "100,000.00");
        assert_eq!(words("12.3"), "12.30");
    }

    /// The byte test agrees with `str::trim` on every white-space character at either end.
    #[test]
    fn trim_agrees_with_std() {
        let spaces: Vec<char> = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        for name in ["美团", "滴滴", "饿了么", "Uber", "a", "é", "ß团"] {
            assert_eq!(super::trim(name), name);
            for &c in &spaces {
                for s in [format!("{c}{name}"), format!("{name}{c}"), format!("{c}{name}{c}")] {
                    assert_eq!(super::trim(&s), s.trim(), "{s:?}");
                }
            }
        }
        assert_eq!(super::trim(""), "");
    }
}
