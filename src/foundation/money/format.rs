//! Writing decimals: the text `Decimal`'s `Display` gives, from a 64-bit mantissa where it fits.

use super::{Dec, Fen};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::fmt;

impl Serialize for Dec {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_decimal(self.0, s)
    }
}

/// Room for [`decimal_text`]'s longest text: a sign, `0.` and 28 decimals (31 bytes), or a sign, 20
/// digits and a point.
pub const DECIMAL_TEXT_MAX: usize = 40;

/// `d` as `Decimal`'s `Display` writes it (sign, digits, exactly `scale` decimals), written into `buf`
/// from a `u64` mantissa; `None` when the mantissa does not fit in 64 bits (then use `Display`).
///
/// Why: a response holds hundreds of amounts, and `Display` divides a 96-bit mantissa by ten per digit
/// in software and goes through the formatter and a `String` each time; in the WebAssembly module that
/// was a tenth of an assessment's time. A test holds the two to the same text.
pub fn decimal_text(d: Decimal, buf: &mut [u8; DECIMAL_TEXT_MAX]) -> Option<&str> {
    let mantissa = u64::try_from(d.mantissa().unsigned_abs()).ok()?;
    let scale = d.scale() as usize;
    // Digits from the right end of the buffer: the mantissa's, then zeros up to the scale, then the
    // point and a leading zero where the whole part is empty.
    let mut at = DECIMAL_TEXT_MAX;
    let mut m = mantissa;
    let mut digits = 0;
    while m > 0 || digits < scale {
        if digits == scale && scale > 0 {
            at -= 1;
            buf[at] = b'.';
        }
        at -= 1;
        buf[at] = b'0' + (m % 10) as u8;
        m /= 10;
        digits += 1;
    }
    if digits == scale {
        // No whole digits: "0.05", or "0" for a zero of scale 0.
        if scale > 0 {
            at -= 1;
            buf[at] = b'.';
        }
        at -= 1;
        buf[at] = b'0';
    }
    if d.is_sign_negative() {
        at -= 1;
        buf[at] = b'-';
    }
    std::str::from_utf8(&buf[at..]).ok()
}

/// Serialises `d` as a string, as `Decimal`'s `Display` writes it.
pub fn serialize_decimal<S: serde::Serializer>(d: Decimal, s: S) -> Result<S::Ok, S::Error> {
    let mut buf = [0; DECIMAL_TEXT_MAX];
    match decimal_text(d, &mut buf) {
        Some(text) => s.serialize_str(text),
        None => s.collect_str(&d),
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Fen {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut d = self.0.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        d.rescale(2);
        serialize_decimal(d, s)
    }
}

impl Fen {
    /// The amount as a reader sees it in a sentence: "17,917.92" (`text::money_words`).
    pub fn words(self) -> String {
        crate::foundation::text::money_words(self.0)
    }
}

impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = self.0;
        d.rescale(2);
        d.fmt(f)
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
    fn fen_prints_two_decimals() {
        assert_eq!(Fen(d("990.4")).to_string(), "990.40");
        assert_eq!(serde_json::to_string(&Fen(d("4952"))).unwrap(), "\"4952.00\"");
    }
}

#[cfg(test)]
mod decimal_text_tests {
    use super::*;

    fn same_as_display(d: Decimal) {
        let mut buf = [0; DECIMAL_TEXT_MAX];
        let want = d.to_string();
        match decimal_text(d, &mut buf) {
            Some(got) => assert_eq!(got, want, "{:?}", d.unpack()),
            None => assert!(d.mantissa().unsigned_abs() > u128::from(u64::MAX)),
        }
    }

    #[test]
    fn edges_read_as_display_writes_them() {
        for (m, scale) in [
            (0i64, 0u32),
            (0, 2),
            (5, 2),
            (5, 0),
            (99040, 2),
            (1, 28),
            (-1, 28),
            (-5, 1),
            (i64::MAX, 28),
        ] {
            same_as_display(Decimal::new(m, scale));
        }
        same_as_display(Decimal::from_parts(0, 0, 0, true, 2)); // negative zero: "-0.00", as Display
        same_as_display(Decimal::from_parts(u32::MAX, u32::MAX, 0, false, 28));
        same_as_display(Decimal::from_parts(0, 0, 1, false, 3)); // beyond 64 bits: Display's text
        same_as_display(Decimal::MAX);
    }
}
