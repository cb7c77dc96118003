//! Reading decimals from user input and JSON numbers: plain digits only, never through a binary
//! float, held to the input limits.

use super::{gt, Dec};
use rust_decimal::Decimal;
use std::str::FromStr;

/// Largest magnitude accepted for any decimal input (a hundred billion): far above any real figure,
/// far below where products of two inputs could overflow a `Decimal` (about 7.9e28).
pub const MAX_INPUT: Decimal = Decimal::from_parts(1_215_752_192, 23, 0, false, 0); // 100_000_000_000

/// Most decimal places accepted in an input value.
pub const MAX_INPUT_SCALE: u32 = 8;

/// Parses a decimal written as a plain number (`"6200.50"`): no exponent, no thousands separator,
/// at most [`MAX_INPUT_SCALE`] decimal places, magnitude at most [`MAX_INPUT`].
pub fn parse_decimal(text: &str) -> Result<Decimal, String> {
    // The value is quoted in a message at most 40 characters long, and only when it is refused: the
    // excerpt is a scan of the text, which the batch would otherwise pay twice a row.
    let quoted = || crate::foundation::error::excerpt(text);
    let t = crate::foundation::text::trim(text);
    let plain = !t.is_empty()
        && t.bytes()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || c == b'.' || (i == 0 && (c == b'-' || c == b'+')));
    if !plain {
        return Err(format!("\"{}\" is not a plain decimal number", quoted()));
    }
    let d = Decimal::from_str_exact(t).map_err(|_| format!("\"{}\" is not a valid decimal number", quoted()))?;
    if d.scale() > MAX_INPUT_SCALE {
        return Err(format!(
            "\"{}\" has more than {MAX_INPUT_SCALE} decimal places",
            quoted()
        ));
    }
    // `money::cmp`, not `Decimal`'s comparison (a 96-bit rescale): twice a batch row.
    if gt(d.abs(), MAX_INPUT) {
        return Err(format!("\"{}\" is too large", quoted()));
    }
    // Negative zero is zero.
    Ok(if d.is_zero() { Decimal::ZERO } else { d })
}

/// A JSON number, from its text: as written when plain (`6200.5`), with an exponent applied
/// exactly (`1.5e3` is 1500), then held to [`parse_decimal`]'s limits. Never through a binary float,
/// so a number means exactly what its digits say.
pub fn parse_json_number(text: &str) -> Result<Decimal, String> {
    let Some((digits, exponent)) = text.split_once(['e', 'E']) else {
        return parse_decimal(text);
    };
    let out_of_range = || format!("{} is out of range", crate::foundation::error::excerpt(text));
    let mut d = parse_decimal(digits)?;
    // |exponent| beyond 28 leaves every decimal's range (and would make the loop below long).
    let exponent: i32 = exponent
        .parse()
        .ok()
        .filter(|e: &i32| e.abs() <= 28)
        .ok_or_else(out_of_range)?;
    if exponent < 0 {
        d.set_scale(d.scale() + exponent.unsigned_abs())
            .map_err(|_| out_of_range())?;
    } else {
        for _ in 0..exponent {
            d = d.checked_mul(Decimal::TEN).ok_or_else(out_of_range)?;
        }
    }
    parse_decimal(&d.normalize().to_string()).map_err(|_| out_of_range())
}

impl FromStr for Dec {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        parse_decimal(s).map(Dec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros_free::d;

    mod rust_decimal_macros_free {
        pub fn d(s: &str) -> rust_decimal::Decimal {
            s.parse().unwrap()
        }
    }

    #[test]
    fn max_input_is_a_hundred_billion() {
        assert_eq!(MAX_INPUT, d("100000000000"));
    }

    #[test]
    fn parses_plain_decimals_only() {
        assert_eq!(parse_decimal("6200.50").unwrap(), d("6200.50"));
        assert_eq!(parse_decimal(" 12 ").unwrap(), d("12"));
        assert_eq!(parse_decimal("-0").unwrap(), Decimal::ZERO);
        assert!(!parse_decimal("-0").unwrap().is_sign_negative());
        for bad in [
            "", "1e30", "1e-30", "NaN", "Infinity", "6,200", "0x10", "1.2.3", "--1", "12a",
        ] {
            assert!(parse_decimal(bad).is_err(), "{bad}");
        }
        assert!(parse_decimal("100000000000.01").is_err());
        assert!(parse_decimal("0.000000001").is_err());
        assert!(parse_decimal("12345678901234567890123456789").is_err());
    }

    /// The whole text is read, however long: only the message is cut to 40 characters.
    #[test]
    fn long_values_are_read_whole_and_quoted_short() {
        // 44 characters of leading zeros and padding around 1.5: a plain decimal number.
        let padded = format!("  {}1.5  ", "0".repeat(40));
        assert_eq!(parse_decimal(&padded).unwrap(), d("1.5"));
        let long_bad = "9".repeat(100);
        let message = parse_decimal(&long_bad).unwrap_err();
        assert!(message.contains(&format!("{}…", "9".repeat(40))), "{message}");
        assert!(message.chars().count() < 80, "{message}");
    }
}

#[cfg(test)]
mod json_number_tests {
    use super::parse_json_number;

    #[test]
    fn json_numbers_mean_their_digits() {
        // Plain numbers keep the digits as written; exponents shift the decimal point exactly.
        for (text, want) in [
            ("6200.5", "6200.5"),
            ("12.50", "12.50"),
            ("-0", "0"),
            ("1.5e3", "1500"),
            ("15E-1", "1.5"),
            ("2e+2", "200"),
            ("0.1e1", "1"),
        ] {
            assert_eq!(parse_json_number(text).unwrap().to_string(), want, "{text}");
        }
        for bad in ["1e400", "1e29", "1e-40", "1e18"] {
            assert!(parse_json_number(bad).is_err(), "{bad}");
        }
    }
}
