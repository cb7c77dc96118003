//! Exact decimal money: parsing user input, checked arithmetic and the rounding rules of the law.
//!
//! Every amount is a `rust_decimal::Decimal`. Arithmetic goes through the checked helpers here so that
//! no input, however extreme, can panic the engine (a panic kills the WebAssembly instance).
//!
//! The types and the checked arithmetic are here; the 64-bit fast paths that the engine's hot loops
//! take (`fast`) are kept apart from reading input (`parse`) and writing output (`format`).

mod fast;
mod format;
mod parse;

pub use fast::{cmp, div_rounded, mul_div_rounded};
pub use format::{decimal_text, serialize_decimal, DECIMAL_TEXT_MAX};
pub use parse::{parse_decimal, parse_json_number, MAX_INPUT, MAX_INPUT_SCALE};

use crate::foundation::error::ApiError;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// A decimal input as it appears in JSON: a string (preferred, exact) or a number, read from its
/// text ([`parse_json_number`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Dec(pub Decimal);

/// Money as it leaves the engine: a string with exactly two decimals (`"990.40"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Fen(pub Decimal);

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
            if let Some(rounded) = fast::round_in_integers(x, places, self.mode) {
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
/// memory, and reading it back right after the callee wrote it stalls the engine's steps
/// (docs/perf-log.md, 2026-11). The wasm module keeps one copy, for size.
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
}
