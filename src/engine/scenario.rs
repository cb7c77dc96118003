//! Who pays: current law, and the labor-facts scenario.
//!
//! Under current law a flexibly employed person pays the whole contribution (Social Insurance Law
//! art. 10). The labor-facts scenario (rules/scenarios/labor-facts.toml) keeps the total and moves a
//! share to each platform the facts of work make liable: more than 24 hours a week on average (the
//! part-time ceiling of Labor Contract Law art. 68) or income from it reaching the base floor (economic
//! dependence). It is a reform scenario, not law, and every result says so.

use crate::engine::context::MonthCtx;
use crate::engine::labor::MonthLabor;
use crate::foundation::error::ApiError;
use crate::foundation::money;
use crate::model::request::{Apportion, LaborFactsOverrides};
use crate::model::response::Citation;
use crate::rules::{cite, key};
use rust_decimal::Decimal;

/// Who pays a month's contribution: the worker's part and each platform's, in the order of the
/// month's work entries. The parts add up to the total exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    pub worker: Decimal,
    pub platforms: Vec<(crate::engine::labor::PlatformName, Decimal)>,
}

impl Split {
    /// Current law: the worker pays the whole contribution; platforms pay nothing.
    pub fn worker_pays_all(total: Decimal, labor: &MonthLabor) -> Split {
        Split {
            worker: total,
            platforms: labor
                .platforms
                .iter()
                .map(|p| (p.name.clone(), Decimal::ZERO))
                .collect(),
        }
    }

    pub fn platform_total(&self) -> Result<Decimal, ApiError> {
        money::sum(self.platforms.iter().map(|(_, a)| *a), "platform share")
    }
}

/// The scenario's parameters for one month, after the request's overrides.
#[derive(Clone, Debug)]
pub struct Params {
    pub weekly_hours_threshold: Decimal,
    pub income_floor_share: Decimal,
    pub platform_pension_rate: Decimal,
    pub platform_medical_rate_cut: Decimal,
    pub apportion: Apportion,
    pub citations: Vec<Citation>,
}

/// Whether [`params`] builds the citations of the parameters it reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Citing {
    Skip,
    Cite,
}

/// The scenario's parameters for the month; their citations only with [`Citing::Cite`] (building them
/// is most of the cost of this step, and a result shows them once).
pub fn params(
    ctx: &mut MonthCtx<'_, '_>,
    over: Option<&LaborFactsOverrides>,
    citing: Citing,
) -> Result<Params, ApiError> {
    let o = over.cloned().unwrap_or_default();
    let hours_p = ctx.require(key::LABOR_FACTS_WEEKLY_HOURS_THRESHOLD)?;
    let income_p = ctx.require(key::LABOR_FACTS_INCOME_FLOOR_SHARE)?;
    let pension_p = ctx.require(key::LABOR_FACTS_PLATFORM_PENSION_RATE)?;
    let medical_p = ctx.require(key::LABOR_FACTS_PLATFORM_MEDICAL_RATE_CUT)?;
    let apportion_p = ctx.require(key::LABOR_FACTS_APPORTION)?;
    // The request's overrides win over the rules data's defaults.
    let or = |over: Option<crate::foundation::money::Dec>, default: Decimal| over.map_or(default, |v| v.0);
    Ok(Params {
        weekly_hours_threshold: or(o.weekly_hours_threshold, hours_p.value),
        income_floor_share: or(o.income_floor_share, income_p.value),
        platform_pension_rate: or(o.platform_pension_rate, pension_p.value),
        platform_medical_rate_cut: or(o.platform_medical_rate_cut, medical_p.value),
        apportion: o.apportion.unwrap_or(apportion_p.value),
        citations: if citing == Citing::Cite {
            [&*hours_p, &income_p, &pension_p, &medical_p, &apportion_p]
                .iter()
                .map(|f| cite(f))
                .collect()
        } else {
            Vec::new()
        },
    })
}

/// Whether one platform is liable in a month, and its part of the base.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Liability {
    pub by_hours: bool,
    pub by_income: bool,
    /// Its part of the base is `part / key_total` (income or hours); `part` is zero when not liable.
    /// Kept as a fraction so that amounts divide last and stay exact (1/3 of a base is not 0.333…).
    pub part: Decimal,
    pub key_total: Decimal,
}

impl Liability {
    /// Its part of the base, a fraction in [0, 1] (rounded to 28 digits: for display only).
    pub fn share(&self) -> Decimal {
        if self.key_total.is_zero() {
            Decimal::ZERO
        } else {
            self.part.checked_div(self.key_total).unwrap_or_default()
        }
    }

    pub fn liable(&self) -> bool {
        self.by_hours || self.by_income
    }

    pub fn tests(&self) -> Vec<&'static str> {
        let mut t = Vec::new();
        if self.by_hours {
            t.push("weekly_hours");
        }
        if self.by_income {
            t.push("income");
        }
        t
    }
}

/// Applies the liability tests to each platform of the month. The part of the base follows the
/// apportioning key over all the month's work (liable or not): a platform is answerable for its own
/// part of the worker's labor, never for another's. When the key's total is zero (no income reported)
/// the other key is used; when both are zero no platform has a part.
pub fn liabilities(labor: &MonthLabor, floor: Decimal, p: &Params) -> Result<Vec<Liability>, ApiError> {
    let income_threshold = money::mul(floor, p.income_floor_share, "income threshold")?;
    let (key_total, use_hours) = match p.apportion {
        Apportion::Income if !labor.income.is_zero() => (labor.income, false),
        Apportion::Hours if !labor.hours.is_zero() => (labor.hours, true),
        Apportion::Income => (labor.hours, true),
        Apportion::Hours => (labor.income, false),
    };
    labor
        .platforms
        .iter()
        .map(|pl| {
            let by_hours = money::gt(pl.weekly_hours, p.weekly_hours_threshold);
            let by_income = !money::gt(income_threshold, pl.income) && !pl.income.is_zero();
            let part = match (by_hours || by_income, use_hours) {
                (false, _) => Decimal::ZERO,
                (true, true) => pl.hours,
                (true, false) => pl.income,
            };
            Ok(Liability {
                by_hours,
                by_income,
                part,
                key_total,
            })
        })
        .collect()
}

/// Splits `total` between the worker and the liable platforms, each platform paying `platform_rate`
/// on its part of `base`. Exact to the fen: each platform's amount is rounded down to the fen, and the
/// fen left over, up to the half-up rounded sum of the exact amounts, go one each to the platforms with
/// the largest remainders (ties: the earlier work entry). The worker pays the rest.
pub fn split(
    total: Decimal,
    base: Decimal,
    platform_rate: Decimal,
    labor: &MonthLabor,
    liab: &[Liability],
) -> Result<Split, ApiError> {
    // Scratch room for a month's platforms on the stack (a month with more than a few is rare): two
    // splits a month were six allocations.
    const ON_STACK: usize = 8;
    let n = liab.len();
    let (mut exact, mut amounts, mut order) = ([Decimal::ZERO; ON_STACK], [Decimal::ZERO; ON_STACK], [0; ON_STACK]);
    let heap;
    let amounts: &[Decimal] = if n <= ON_STACK {
        share_out(
            total,
            base,
            platform_rate,
            liab,
            &mut exact[..n],
            &mut amounts[..n],
            &mut order[..n],
        )?;
        &amounts[..n]
    } else {
        let (mut exact, mut amounts, mut order) = (vec![Decimal::ZERO; n], vec![Decimal::ZERO; n], vec![0; n]);
        share_out(total, base, platform_rate, liab, &mut exact, &mut amounts, &mut order)?;
        heap = amounts;
        &heap
    };
    let platform_total = money::sum(amounts.iter().copied(), "platform share")?;
    Ok(Split {
        worker: money::sub(total, platform_total, "worker share")?,
        platforms: labor
            .platforms
            .iter()
            .zip(amounts)
            .map(|(p, a)| (p.name.clone(), *a))
            .collect(),
    })
}

/// The platforms' amounts of [`split`] into `amounts`; `exact` and `order` are scratch of the same length.
fn share_out(
    total: Decimal,
    base: Decimal,
    platform_rate: Decimal,
    liab: &[Liability],
    exact: &mut [Decimal],
    amounts: &mut [Decimal],
    order: &mut [usize],
) -> Result<(), ApiError> {
    let base_share = money::mul(base, platform_rate, "platform share")?;
    for (x, l) in exact.iter_mut().zip(liab) {
        *x = if l.key_total.is_zero() || l.part.is_zero() {
            Decimal::ZERO
        } else if money::cmp(l.part, l.key_total) == std::cmp::Ordering::Equal {
            // The whole key (the month's only platform, or the only one with income): no division. The
            // value is the same as the quotient's; only its scale may differ, and amounts are rounded.
            base_share
        } else {
            // base × rate × part is exact; dividing last keeps a half fen a half fen (895.20 / 480 = 1.865).
            money::div(
                money::mul(base_share, l.part, "platform share")?,
                l.key_total,
                "platform share",
            )?
        };
    }
    largest_remainders(total, exact, amounts, order)
}

/// Rounds the exact shares down to the fen into `amounts`, then gives the fen left, up to the half-up
/// rounded sum of the exact shares (never more than `total`), one each to the largest remainders (ties:
/// the earlier work entry). `order` is scratch, numbered here for both ways of doing it.
fn largest_remainders(
    total: Decimal,
    exact: &[Decimal],
    amounts: &mut [Decimal],
    order: &mut [usize],
) -> Result<(), ApiError> {
    let exact_sum = money::sum(exact.iter().copied(), "platform share")?;
    let target = money::min(
        exact_sum.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero),
        total,
    );
    for (i, o) in order.iter_mut().enumerate() {
        *o = i;
    }
    if !remainders_in_fen(target, exact, amounts, order) {
        remainders_in_decimal(target, exact, amounts, order)?;
    }
    Ok(())
}

/// The shares [`remainders_in_fen`] takes: at most this many, none negative, none beyond 10^26 in its
/// mantissa (so that no integer below can overflow, and every amount is a `Decimal`).
const FEN_SHARES: usize = 8;
const FEN_MANTISSA_LIMIT: u128 = 100_000_000_000_000_000_000_000_000;

/// [`remainders_in_decimal`] in integers: fen, and the remainders below the fen at one scale. The same
/// amounts, scales included (a share of two decimals or fewer stays as it is; any other becomes fen at
/// scale 2, as `Decimal` rounding gives). Half the labor-facts scenario's split was `Decimal` arithmetic
/// on these few numbers. `false` (nothing written) for shares it does not take.
fn remainders_in_fen(target: Decimal, exact: &[Decimal], amounts: &mut [Decimal], order: &mut [usize]) -> bool {
    let n = exact.len();
    let fits = |x: &Decimal| !x.is_sign_negative() && x.mantissa().unsigned_abs() < FEN_MANTISSA_LIMIT;
    if n > FEN_SHARES || target.scale() > 2 || !fits(&target) || !exact.iter().all(fits) {
        return false;
    }
    let power = |k: u32| 10u128.pow(k);
    let top = exact.iter().map(|x| x.scale()).max().unwrap_or(0);
    let (mut fen, mut rest) = ([0u128; FEN_SHARES], [0u128; FEN_SHARES]);
    for (i, x) in exact.iter().enumerate() {
        let (m, s) = (x.mantissa().unsigned_abs(), x.scale());
        if s <= 2 {
            fen[i] = m * power(2 - s);
            amounts[i] = *x;
        } else {
            let unit = power(s - 2);
            fen[i] = m / unit;
            rest[i] = (m % unit) * power(top - s);
            amounts[i] = Decimal::from_i128_with_scale(fen[i] as i128, 2);
        }
    }
    let target_fen = (target.mantissa().unsigned_abs() * power(2 - target.scale())) as i128;
    let mut left = target_fen - fen[..n].iter().sum::<u128>() as i128;
    // Largest remainder first; the sort is stable, so ties keep the order of the work entries.
    crate::foundation::sort::sort_by(order, |&a, &b| rest[b].cmp(&rest[a]));
    for &i in order.iter() {
        if left < 1 {
            break;
        }
        if rest[i] > 0 {
            amounts[i] = Decimal::from_i128_with_scale(fen[i] as i128 + 1, 2);
            left -= 1;
        }
    }
    true
}

/// [`largest_remainders`] in `Decimal` arithmetic, for any shares.
fn remainders_in_decimal(
    target: Decimal,
    exact: &[Decimal],
    amounts: &mut [Decimal],
    order: &mut [usize],
) -> Result<(), ApiError> {
    let fen = Decimal::new(1, 2);
    for (a, x) in amounts.iter_mut().zip(exact.iter()) {
        *a = x.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToZero);
    }
    let floored = money::sum(amounts.iter().copied(), "platform share")?;
    let mut left = money::sub(target, floored, "platform share")?;
    // Largest remainder first; the sort is stable, so ties keep the order of the work entries.
    crate::foundation::sort::sort_by(order, |&a, &b| money::cmp(exact[b] - amounts[b], exact[a] - amounts[a]));
    for &i in order.iter() {
        if money::cmp(left, fen) == std::cmp::Ordering::Less {
            break;
        }
        if money::gt(exact[i], amounts[i]) {
            amounts[i] += fen;
            left -= fen;
        }
    }
    Ok(())
}

// These tests stay beside the code: the property below checks the private integer path of the split
// (`remainders_in_fen`) against its `Decimal` twin, which no public item exposes apart. proptest is a
// native-only dev-dependency, and plain #[test]s do not run on wasm: the module is native-only.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::engine::labor::PlatformLabor;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn labor(incomes: &[&str]) -> MonthLabor {
        let platforms: Vec<PlatformLabor> = incomes
            .iter()
            .enumerate()
            .map(|(i, inc)| PlatformLabor {
                name: format!("P{i}").into(),
                hours: d("100"),
                income: d(inc),
                weekly_hours: d("30"),
            })
            .collect();
        MonthLabor {
            hours: d("100") * Decimal::from(platforms.len()),
            income: platforms.iter().map(|p| p.income).sum(),
            orders: 0,
            weekly_hours: d("30") * Decimal::from(platforms.len()),
            platforms,
        }
    }

    #[test]
    fn three_liable_platforms_split_exactly() {
        // Base 10000, total 2000.00 (20 %), platforms pay 12 % = 1200 in thirds: 400 each exactly.
        let l = labor(&["1000", "1000", "1000"]);
        let liab = vec![
            Liability {
                by_hours: true,
                by_income: false,
                part: d("1000"),
                key_total: d("3000")
            };
            3
        ];
        let s = split(d("2000.00"), d("10000"), d("0.12"), &l, &liab).unwrap();
        let amounts: Vec<_> = s.platforms.iter().map(|(_, a)| *a).collect();
        // 10000 × 0.12 × 1000 / 3000 = 400 exactly for each: no remainder to spread.
        assert_eq!(amounts, vec![d("400.00"), d("400.00"), d("400.00")]);
        assert_eq!(s.worker, d("800.00"));
    }

    #[test]
    fn uneven_shares_keep_the_total() {
        // Base 4952, 12 % = 594.24 split 1:1:1 → exact 198.08 each; 20 % total 990.40.
        let l = labor(&["100", "100", "100"]);
        let liab = vec![
            Liability {
                by_hours: false,
                by_income: true,
                part: d("100"),
                key_total: d("300")
            };
            3
        ];
        let s = split(d("990.40"), d("4952"), d("0.12"), &l, &liab).unwrap();
        let sum: Decimal = s.platforms.iter().map(|(_, a)| *a).sum::<Decimal>() + s.worker;
        assert_eq!(sum, d("990.40"));
        assert_eq!(s.platforms.iter().map(|(_, a)| *a).sum::<Decimal>(), d("594.24"));
    }

    /// The shares of a split: fen amounts, quotients of up to 28 digits, whole numbers, zeros.
    fn any_share() -> impl proptest::strategy::Strategy<Value = Decimal> {
        use proptest::prelude::*;
        prop_oneof![
            (0i64..10_000_000, 0u32..=4).prop_map(|(m, s)| Decimal::new(m, s)),
            (0u64..u64::MAX, 0u64..1 << 32, 0u32..=28).prop_map(|(lo, hi, s)| {
                Decimal::from_i128_with_scale(i128::from(lo) | (i128::from(hi) << 64) >> 32, s)
            }),
            (1i64..1000, 1i64..1000).prop_map(|(a, b)| Decimal::new(a * 1000, 2) / Decimal::from(b)),
            Just(Decimal::ZERO),
        ]
    }

    proptest::proptest! {
        /// The integer path gives `Decimal`'s amounts exactly: values, scales and signs.
        #[test]
        fn remainders_in_fen_are_decimal_rounding(
            exact in proptest::collection::vec(any_share(), 1..=8),
            total_mantissa in 0i64..100_000_000,
            total_scale in 0u32..=2,
        ) {
            let total = Decimal::new(total_mantissa, total_scale);
            let n = exact.len();
            let sum = exact.iter().copied().sum::<Decimal>();
            let target = sum
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
                .min(total);
            let (mut by_fen, mut by_decimal) = (vec![Decimal::MAX; n], vec![Decimal::MAX; n]);
            // Each way starts from the work entries' order, as `largest_remainders` numbers it.
            let order = || (0..n).collect::<Vec<usize>>();
            if remainders_in_fen(target, &exact, &mut by_fen, &mut order()) {
                remainders_in_decimal(target, &exact, &mut by_decimal, &mut order()).unwrap();
                let bits = |v: &[Decimal]| v.iter().map(|d| d.serialize()).collect::<Vec<_>>();
                proptest::prop_assert_eq!(bits(&by_fen), bits(&by_decimal), "{:?} → {:?} / {:?}", exact, by_fen, by_decimal);
            }
        }
    }
}
