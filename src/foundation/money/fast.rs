//! The 64-bit fast paths of the engine's hot arithmetic: rounding, division and comparison on the
//! mantissas as machine integers, each falling back to `Decimal`'s own operation where the operands
//! do not fit, and each held by the tests below to give `Decimal`'s very value and text.

use super::{div, RoundingMode};
use crate::foundation::error::ApiError;
use rust_decimal::{Decimal, RoundingStrategy};

/// `x` rounded by `mode` to `places` decimals with that scale, from its mantissa in 64-bit integers: what
/// `round_dp_with_strategy` and `rescale` give (the shortcut of [`Rounding::apply`]), in a third of the
/// instructions. `None` for a zero result, which takes the long way, or a mantissa out of range.
pub(super) fn round_in_integers(x: Decimal, places: u32, mode: RoundingMode) -> Option<Decimal> {
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

// Equivalence tests of the 64-bit paths against rust_decimal's own arithmetic, on sampled decimals.
// They stay beside the code: `round_in_integers` and `div_rounded_in_integers` are private (the
// public operations fall back to `Decimal` where they decline, so only here can a test tell that the
// fast path itself gave the answer), and they need no proptest, so no guard either.
#[cfg(test)]
mod tests {
    use super::super::{add, clamp, max, min, Rounding};
    use super::*;
    use rust_decimal_macros_free::d;

    mod rust_decimal_macros_free {
        pub fn d(s: &str) -> rust_decimal::Decimal {
            s.parse().unwrap()
        }
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
}
