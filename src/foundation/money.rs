//! Exact decimal money: parsing user input, checked arithmetic and the rounding rules of the law.
//!
//! Every amount is a `rust_decimal::Decimal`. Arithmetic goes through the checked helpers here so that
//! no input, however extreme, can panic the engine (a panic kills the WebAssembly instance).

use crate::foundation::error::ApiError;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;
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

/// A decimal input as it appears in JSON: a string (preferred, exact) or a number, read from its
/// text ([`parse_json_number`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Dec(pub Decimal);

impl Serialize for Dec {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_decimal(self.0, s)
    }
}

/// Room for [`decimal_text`]'s longest text: a sign, `0.` and 28 decimals (31 bytes), or a sign, 20
/// digits and a point.
const DECIMAL_TEXT_MAX: usize = 40;

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

impl FromStr for Dec {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        parse_decimal(s).map(Dec)
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Money as it leaves the engine: a string with exactly two decimals (`"990.40"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Fen(pub Decimal);

impl Serialize for Fen {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut d = self.0.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        d.rescale(2);
        serialize_decimal(d, s)
    }
}

impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = self.0;
        d.rescale(2);
        d.fmt(f)
    }
}

/// How the law (or our convention, where it is silent) rounds an amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// Half away from zero (四舍五入).
    HalfUp,
    /// Any remainder rounds up (见分进角 when the unit is a jiao).
    Up,
    /// Any remainder is dropped.
    Down,
}

impl RoundingMode {
    /// The name as in the rules data (`half_up`, `up`, `down`).
    pub fn name(self) -> &'static str {
        match self {
            RoundingMode::HalfUp => "half_up",
            RoundingMode::Up => "up",
            RoundingMode::Down => "down",
        }
    }
}

/// Round to a multiple of `unit` (0.01 fen, 0.1 jiao, 1 yuan) by `mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Rounding {
    pub unit: Decimal,
    pub mode: RoundingMode,
}

impl Rounding {
    pub fn apply(&self, x: Decimal) -> Result<Decimal, ApiError> {
        let strategy = match self.mode {
            RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::Up => RoundingStrategy::AwayFromZero,
            RoundingMode::Down => RoundingStrategy::ToZero,
        };
        // The law's units are powers of ten (fen, jiao, yuan): rounding to one is rounding to its
        // decimal places, with the unit's scale, exactly what dividing, rounding and multiplying back
        // gives, without a 96-bit division (a fifth of the cost of a month's pension step).
        // (A result of zero takes the long way: multiplying back gives it scale 0.)
        if self.unit.mantissa() == 1 {
            let places = self.unit.scale();
            if let Some(rounded) = round_in_integers(x, places, self.mode) {
                return Ok(rounded);
            }
            let mut rounded = x.round_dp_with_strategy(places, strategy);
            rounded.rescale(places);
            if rounded.scale() == places && !rounded.is_zero() {
                return Ok(rounded);
            }
        }
        self.apply_by_division(x, strategy)
    }

    /// Any unit (a custom rules file may round to 0.05 yuan): divide, round to a whole number of units,
    /// multiply back.
    fn apply_by_division(&self, x: Decimal, strategy: RoundingStrategy) -> Result<Decimal, ApiError> {
        let units = div(x, self.unit, "rounding")?.round_dp_with_strategy(0, strategy);
        mul(units, self.unit, "rounding")
    }
}

/// `a + b`, checked. A zero operand gives the other, exactly as `Decimal`'s addition does (its scale
/// and sign kept), without the call: under current law a month adds a zero share for every platform
/// to three ledgers.
#[inline]
pub fn add(a: Decimal, b: Decimal, what: &str) -> Result<Decimal, ApiError> {
    if a.is_zero() {
        return Ok(b);
    }
    if b.is_zero() {
        return Ok(a);
    }
    add_nonzero(a, b, what)
}

fn add_nonzero(a: Decimal, b: Decimal, what: &str) -> Result<Decimal, ApiError> {
    a.checked_add(b).ok_or_else(|| ApiError::overflow(what))
}

/// `a - b`, checked. Inlined natively (as [`mul`]): returned from a call, the `Result` passes through
/// memory, and reading it back right after the callee wrote it stalled the engine's steps (perf: an
/// eighth of `assess_detail`'s time at the `?` after these calls; the batch on one core 1.75-1.79 ->
/// 1.67-1.69 s). The wasm module keeps one copy, for size.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
pub fn sub(a: Decimal, b: Decimal, what: &str) -> Result<Decimal, ApiError> {
    a.checked_sub(b).ok_or_else(|| ApiError::overflow(what))
}

/// `a × b`, checked; inlined natively for the reason given at [`sub`].
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
pub fn mul(a: Decimal, b: Decimal, what: &str) -> Result<Decimal, ApiError> {
    a.checked_mul(b).ok_or_else(|| ApiError::overflow(what))
}

pub fn div(a: Decimal, b: Decimal, what: &str) -> Result<Decimal, ApiError> {
    a.checked_div(b).ok_or_else(|| ApiError::overflow(what))
}

/// `x` rounded by `mode` to `places` decimals with that scale, from its mantissa in 64-bit integers: what
/// `round_dp_with_strategy` and `rescale` give (the shortcut of [`Rounding::apply`]), in a third of the
/// instructions. `None` for a zero result, which takes the long way, or a mantissa out of range.
fn round_in_integers(x: Decimal, places: u32, mode: RoundingMode) -> Option<Decimal> {
    // In 64 bits, which hold every amount in yuan to 8 decimals: 128-bit division is a software
    // routine in the WebAssembly module, and a kilobyte of it.
    let scale = x.scale();
    let m = u64::try_from(x.mantissa().unsigned_abs()).ok()?;
    let q = if scale > places {
        let d = u64_power(scale - places)?;
        let (q, r) = (m / d, m % d);
        let up = match mode {
            RoundingMode::HalfUp => r >= d - r,
            RoundingMode::Up => r != 0,
            RoundingMode::Down => false,
        };
        q + u64::from(up)
    } else {
        m.checked_mul(u64_power(places - scale)?)?
    };
    if q == 0 {
        return None;
    }
    let magnitude = i64::try_from(q).ok()?;
    let signed = if x.is_sign_negative() { -magnitude } else { magnitude };
    Decimal::try_new(signed, places).ok()
}

/// `a / b` rounded half away from zero to `places` decimals, the same decimal (value and scale, so the
/// same text) as `Decimal`'s division rounded there.
///
/// Two small decimals (every hours and income figure) divide exactly in 128-bit integers, about
/// twenty times cheaper than `Decimal`'s 28-digit long division; anything larger takes that division.
/// Tests below check that both agree.
pub fn div_rounded(a: Decimal, b: Decimal, places: u32, what: &str) -> Result<Decimal, ApiError> {
    if let Some(q) = div_rounded_in_integers(a, b, places) {
        return Ok(q);
    }
    Ok(div(a, b, what)?.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero))
}

/// `a × factor / divisor` rounded half away from zero to `places` decimals, with that scale: the
/// value `div_rounded(mul(a, factor), divisor, places)` gives, in 64-bit integers and without building
/// the product as a decimal (weekly hours, hours × 7 / days, three a month, were a tenth of an
/// assessment). Only the scale of an exact quotient differs: here always `places`, where `Decimal`'s
/// division picks one of its own (98 / 28 = 3.50). `None`, for the caller to take the longer way,
/// when `a` is negative or its scaled product leaves 64 bits.
pub fn mul_div_rounded(a: Decimal, factor: u64, divisor: u64, places: u32) -> Option<Decimal> {
    let shift = places.checked_sub(a.scale())?;
    let magnitude = u64::try_from(a.mantissa()).ok()?;
    let num = magnitude.checked_mul(factor)?.checked_mul(u64_power(shift)?)?;
    let (q, r) = (num.checked_div(divisor)?, num % divisor);
    let q = if r != 0 && r >= divisor - r { q + 1 } else { q };
    Some(Decimal::from_parts(q as u32, (q >> 32) as u32, 0, false, places))
}

/// 10ⁿ as an `i64`, from the table (`checked_pow` is a loop, and code in the wasm module).
fn i64_power(exponent: u32) -> Option<i64> {
    POWERS_OF_TEN
        .get(exponent as usize)
        .and_then(|&p| i64::try_from(p).ok())
}

/// 10ⁿ as a `u64`, from the table.
fn u64_power(exponent: u32) -> Option<u64> {
    POWERS_OF_TEN
        .get(exponent as usize)
        .and_then(|&p| u64::try_from(p).ok())
}

/// 10⁰ … 10³⁸, every power of ten a `u128` holds.
const POWERS_OF_TEN: [u128; 39] = {
    let mut table = [1u128; 39];
    let mut i = 1;
    while i < 39 {
        table[i] = table[i - 1] * 10;
        i += 1;
    }
    table
};

/// `None` when `b` is zero or the scaled operands leave 128 bits (the caller then divides decimals).
fn div_rounded_in_integers(a: Decimal, b: Decimal, places: u32) -> Option<Decimal> {
    if b.is_zero() || places > 28 {
        return None;
    }
    // a / b = (ma / mb) × 10^(sb − sa); scaled by 10^places: ma × 10^(places + sb − sa) / mb.
    let (ma, mb) = (a.mantissa().unsigned_abs(), b.mantissa().unsigned_abs());
    let shift = i64::from(places) + i64::from(b.scale()) - i64::from(a.scale());
    let power = *POWERS_OF_TEN.get(usize::try_from(shift.unsigned_abs()).ok()?)?;
    let (num, den) = if shift >= 0 {
        (ma.checked_mul(power)?, mb)
    } else {
        (ma, mb.checked_mul(power)?)
    };
    // Hours and incomes scaled this way nearly always fit 64 bits, where the quotient and remainder are
    // one machine division; 128-bit division is a library call.
    let (q, r) = match (u64::try_from(num), u64::try_from(den)) {
        (Ok(n), Ok(d)) => (u128::from(n / d), u128::from(n % d)),
        _ => {
            let q = num / den;
            (q, num - q * den)
        }
    };
    let rounded = if r >= den - r { q + 1 } else { q };
    let negative = a.is_sign_negative() != b.is_sign_negative() && rounded != 0;
    let magnitude = i128::try_from(rounded).ok()?;
    let quotient = Decimal::try_from_i128_with_scale(if negative { -magnitude } else { magnitude }, places).ok()?;
    if r == 0 {
        // An exact quotient: `Decimal`'s division gives it a scale of its own making (24 / 30 = 0.80,
        // 150.5 / 7 = 21.5), which the text shows; that division is the one to take.
        return None;
    }
    Some(quotient)
}

/// `a.cmp(&b)`. Aligned to one scale, two decimals compare as 64-bit integers, a few instructions
/// where `Decimal`'s own comparison (a 96-bit rescale) costs about eighty; a dozen comparisons a month
/// (validation, the base's clamp, thresholds) made that a few per cent of an assessment. Anything that
/// does not fit 64 bits once aligned takes `Decimal`'s comparison.
pub fn cmp(a: Decimal, b: Decimal) -> std::cmp::Ordering {
    // In 64 bits (every amount, rate and hours figure), for the same reason as `round_in_integers`.
    match aligned(a, b) {
        Some((x, y)) => x.cmp(&y),
        None => a.cmp(&b),
    }
}

/// The two mantissas as 64-bit integers at one scale (the larger), when they fit.
fn aligned(a: Decimal, b: Decimal) -> Option<(i64, i64)> {
    let (ma, mb) = (i64::try_from(a.mantissa()).ok()?, i64::try_from(b.mantissa()).ok()?);
    let (sa, sb) = (a.scale(), b.scale());
    match sa.cmp(&sb) {
        std::cmp::Ordering::Equal => Some((ma, mb)),
        std::cmp::Ordering::Less => Some((scaled_up(ma, sb - sa)?, mb)),
        std::cmp::Ordering::Greater => Some((ma, scaled_up(mb, sa - sb)?)),
    }
}

/// `m` × 10^`k`, when it fits an i64. Every amount and rate has a mantissa below 2^31 and scales apart
/// by at most nine: their product cannot overflow, and the plain multiplication spares the overflow
/// check, which in WebAssembly is a call to a 128-bit multiplication (a tenth of the page batch's
/// comparisons' time).
fn scaled_up(m: i64, k: u32) -> Option<i64> {
    let power = i64_power(k)?;
    if k <= 9 && m.unsigned_abs() < 1 << 31 {
        Some(m * power)
    } else {
        m.checked_mul(power)
    }
}

/// The smaller of `a` and `b` by [`cmp`] (`a` when equal, as `Decimal::min` keeps its first).
pub fn min(a: Decimal, b: Decimal) -> Decimal {
    if cmp(b, a) == std::cmp::Ordering::Less {
        b
    } else {
        a
    }
}

/// The larger of `a` and `b` by [`cmp`] (`a` when equal, as `Decimal::max` keeps its first).
pub fn max(a: Decimal, b: Decimal) -> Decimal {
    if cmp(a, b) == std::cmp::Ordering::Less {
        b
    } else {
        a
    }
}

/// `x` held within [`lo`, `hi`] like `Ord::clamp`, except that it never panics: were `lo` above `hi`,
/// the result is `hi`.
pub fn clamp(x: Decimal, lo: Decimal, hi: Decimal) -> Decimal {
    if cmp(x, lo) == std::cmp::Ordering::Less {
        min(lo, hi)
    } else if cmp(x, hi) == std::cmp::Ordering::Greater {
        hi
    } else {
        x
    }
}

/// `a > b` by [`cmp`].
pub fn gt(a: Decimal, b: Decimal) -> bool {
    cmp(a, b) == std::cmp::Ordering::Greater
}

/// Sum of an iterator of decimals, checked.
pub fn sum<I: IntoIterator<Item = Decimal>>(items: I, what: &str) -> Result<Decimal, ApiError> {
    items.into_iter().try_fold(Decimal::ZERO, |acc, x| add(acc, x, what))
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

    /// Decimals of every shape the engine meets (amounts, rates, hours; up to 19 digits, 0 to 12
    /// decimals, either sign, some zero), from a fixed seed.
    fn sample_decimals(n: usize) -> Vec<Decimal> {
        let mut seed: u64 = 11;
        (0..n)
            .map(|_| {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let digits = (seed >> 59) as u32 % 19 + 1;
                let mantissa = ((seed >> 3) % 10u64.pow(digits)) as i64;
                let mantissa = if seed & 1 == 1 { -mantissa } else { mantissa };
                Decimal::new(if seed & 6 == 0 { 0 } else { mantissa }, ((seed >> 40) % 13) as u32)
            })
            .collect()
    }

    /// The shortcuts of `add` (a zero operand) and `cmp` (64-bit integers) give `Decimal`'s own
    /// result: value, scale, sign of zero and so text, on every pair of 600 sampled decimals.
    #[test]
    fn add_and_cmp_shortcuts_are_decimals_own() {
        let sample = sample_decimals(600);
        for &a in &sample {
            for &b in &sample {
                if let Some(want) = a.checked_add(b) {
                    let got = add(a, b, "test").unwrap();
                    assert_eq!((got, got.to_string()), (want, want.to_string()), "{a} + {b}");
                }
                assert_eq!(cmp(a, b), a.cmp(&b), "{a} vs {b}");
            }
        }
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

    #[test]
    fn rounding_modes() {
        let fen = Rounding {
            unit: d("0.01"),
            mode: RoundingMode::HalfUp,
        };
        assert_eq!(fen.apply(d("990.405")).unwrap(), d("990.41"));
        assert_eq!(fen.apply(d("990.404")).unwrap(), d("990.40"));
        let jiao_up = Rounding {
            unit: d("0.1"),
            mode: RoundingMode::Up,
        };
        assert_eq!(jiao_up.apply(d("1476.81")).unwrap(), d("1476.9"));
        assert_eq!(jiao_up.apply(d("1476.80")).unwrap(), d("1476.8"));
        let yuan_down = Rounding {
            unit: d("1"),
            mode: RoundingMode::Down,
        };
        assert_eq!(yuan_down.apply(d("7384.9")).unwrap(), d("7384"));
    }

    /// The power-of-ten shortcut gives the very same decimal (value and scale, so the same text) as
    /// dividing, rounding and multiplying back, for every mode, unit and a spread of amounts.
    #[test]
    fn rounding_shortcut_equals_division() {
        let amounts = [
            "0",
            "0.004",
            "0.005",
            "0.0051",
            "1",
            "990.4",
            "990.404",
            "990.405",
            "1476.81",
            "7384.9",
            "-2.5",
            "-990.405",
            "123456789.995",
            "4952",
            "0.00000001",
            "99999999999.99999999",
        ];
        for unit in ["0.01", "0.1", "1", "10", "0.001"] {
            for mode in [RoundingMode::HalfUp, RoundingMode::Up, RoundingMode::Down] {
                let r = Rounding { unit: d(unit), mode };
                let strategy = match mode {
                    RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
                    RoundingMode::Up => RoundingStrategy::AwayFromZero,
                    RoundingMode::Down => RoundingStrategy::ToZero,
                };
                for a in amounts {
                    if let Some(by_integers) = round_in_integers(d(a), d(unit).scale(), mode) {
                        let mut by_decimal = d(a).round_dp_with_strategy(d(unit).scale(), strategy);
                        by_decimal.rescale(d(unit).scale());
                        assert_eq!(
                            by_integers.to_string(),
                            by_decimal.to_string(),
                            "{a} by {unit} {mode:?}"
                        );
                    }
                    let fast = r.apply(d(a)).unwrap();
                    let slow = r.apply_by_division(d(a), strategy).unwrap();
                    assert_eq!(fast, slow, "{a} by {unit} {mode:?}");
                    assert_eq!(fast.to_string(), slow.to_string(), "{a} by {unit} {mode:?}");
                }
            }
        }
    }

    /// Rounding in integers equals `round_dp_with_strategy` then `rescale` (value and text) for random
    /// mantissas of up to 19 digits, scales 0–12, both signs, every mode, fen to yuan.
    #[test]
    fn integer_rounding_equals_decimal_rounding() {
        let mut seed: u64 = 7;
        let mut compared = 0;
        for _ in 0..20_000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let digits = (seed >> 60) as u32 + 1;
            let mantissa = ((seed >> 4) % 10u64.pow(digits.min(19))) as i64;
            let x = Decimal::new(
                if seed & 1 == 1 { -mantissa } else { mantissa },
                ((seed >> 8) % 13) as u32,
            );
            for (mode, strategy) in [
                (RoundingMode::HalfUp, RoundingStrategy::MidpointAwayFromZero),
                (RoundingMode::Up, RoundingStrategy::AwayFromZero),
                (RoundingMode::Down, RoundingStrategy::ToZero),
            ] {
                for places in 0..=2 {
                    let mut want = x.round_dp_with_strategy(places, strategy);
                    want.rescale(places);
                    if let Some(got) = round_in_integers(x, places, mode) {
                        assert_eq!(got.to_string(), want.to_string(), "{x} to {places} {mode:?}");
                        compared += 1;
                    } else {
                        assert!(want.is_zero(), "{x} to {places} {mode:?}");
                    }
                }
            }
        }
        assert!(compared > 100_000, "{compared}");
    }

    /// The integer division and `Decimal`'s long division, rounded, agree (value and text) over a spread
    /// of hours, incomes, days and places, signs included.
    #[test]
    fn integer_division_equals_decimal_division() {
        let values = [
            "0",
            "1",
            "7",
            "24",
            "96",
            "150",
            "150.5",
            "0.00000001",
            "743.99999999",
            "6200.00",
            "6451.41",
            "1800",
            "99999999999.99999999",
            "3",
            "0.3",
            "1050",
            "12345.6789",
            "-40.25",
        ];
        let mut compared = 0;
        for a in values {
            for b in values.iter().chain(&["28", "29", "30", "31"]) {
                let (a, b) = (d(a), d(b));
                if b.is_zero() {
                    continue;
                }
                for places in [0, 2, 4, 12, 16] {
                    let slow = div(a, b, "test")
                        .unwrap()
                        .round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
                    if let Some(fast) = div_rounded_in_integers(a, b, places) {
                        assert_eq!(fast, slow, "{a} / {b} to {places}");
                        assert_eq!(fast.to_string(), slow.to_string(), "{a} / {b} to {places}");
                        compared += 1;
                    }
                    assert_eq!(div_rounded(a, b, places, "test").unwrap(), slow);
                }
            }
        }
        assert!(compared > 1000, "{compared}");
    }

    /// The integer comparison (and min, max, clamp by it) agrees with `Decimal`'s over a spread of
    /// values, scales and signs, zeros of any scale and sign included.
    #[test]
    fn comparison_equals_decimal_comparison() {
        let mut values: Vec<Decimal> = [
            "0",
            "0.00",
            "-0",
            "-0.000",
            "1",
            "1.0",
            "1.00000000",
            "-1",
            "24",
            "24.000000000001",
            "23.99",
            "990.40",
            "990.4",
            "4952",
            "24762",
            "0.0000000000000000000000000001",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "7.9228162514264337593543950335",
            "100000000000",
            "99999999999.99999999",
            "-40.25",
            "0.12",
            "0.08",
        ]
        .iter()
        .map(|s| d(s))
        .collect();
        values.push(Decimal::new(-0, 5));
        for &a in &values {
            for &b in &values {
                assert_eq!(cmp(a, b), a.cmp(&b), "{a} vs {b}");
                assert_eq!(min(a, b).to_string(), a.min(b).to_string(), "min {a} {b}");
                assert_eq!(max(a, b).to_string(), a.max(b).to_string(), "max {a} {b}");
                for &c in &values {
                    if b <= c {
                        assert_eq!(clamp(a, b, c).to_string(), a.clamp(b, c).to_string(), "{a} in {b}..{c}");
                    }
                }
            }
        }
    }

    #[test]
    fn fen_prints_two_decimals() {
        assert_eq!(Fen(d("990.4")).to_string(), "990.40");
        assert_eq!(serde_json::to_string(&Fen(d("4952"))).unwrap(), "\"4952.00\"");
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

    // proptest is a native-only dev-dependency (it does not build for wasm32).
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn any_decimal_reads_as_display_writes_it(lo: u32, mid: u32, hi in 0u32..3, negative: bool, scale in 0u32..=28) {
            same_as_display(Decimal::from_parts(lo, mid, hi, negative, scale));
        }
    }
}
