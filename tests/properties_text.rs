//! Property tests of the fast text and sum paths against rust_decimal's own: the decimal text the JSON
//! writer uses (`money::decimal_text`) against `Display`, the batch's cell writers (`write_fen`,
//! `write_int`) against `Decimal` rounding and `Display`, and the batch totals' `RunningSum` against a
//! `Decimal` sum. They use only public items, so they live here rather than in `src/` (proptest is a
//! native-only dev-dependency: in `src/` each needed a `cfg(not(target_arch = "wasm32"))` guard).

use flexcalc::batch::{write_fen, write_int, RunningSum};
use flexcalc::money::{decimal_text, DECIMAL_TEXT_MAX};
use proptest::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};

/// `decimal_text` writes what `Display` writes, or declines a mantissa beyond 64 bits.
fn same_as_display(d: Decimal) {
    let mut buf = [0; DECIMAL_TEXT_MAX];
    let want = d.to_string();
    match decimal_text(d, &mut buf) {
        Some(got) => assert_eq!(got, want, "{:?}", d.unpack()),
        None => assert!(d.mantissa().unsigned_abs() > u128::from(u64::MAX)),
    }
}

fn fen_text(d: Decimal) -> String {
    let mut out = Vec::new();
    write_fen(d, &mut out);
    String::from_utf8(out).unwrap()
}

/// What `write_fen` must write, by `Decimal` rounding and `Display`: two decimals, a minus sign only
/// on a non-zero amount.
fn fen_by_decimal(d: Decimal) -> String {
    let r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let text = r.abs().to_string();
    let (int, dec) = text.split_once('.').unwrap_or((&text, ""));
    let sign = if r.is_sign_negative() && !r.is_zero() { "-" } else { "" };
    format!("{sign}{int}.{dec:0<2}")
}

/// The decimals a running sum is checked on: amounts in fen and in other scales, zeros of every
/// scale and sign, and mantissas near the 96 bits of a `Decimal`.
fn any_decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        4 => (-10_000_000_000i64..10_000_000_000).prop_map(|fen| Decimal::new(fen, 2)),
        2 => (-1_000_000i64..1_000_000, 0u32..=6).prop_map(|(m, scale)| Decimal::new(m, scale)),
        1 => (any::<bool>(), 0u32..=4).prop_map(|(negative, scale)| {
            let mut zero = Decimal::new(0, scale);
            zero.set_sign_negative(negative);
            zero
        }),
        1 => (any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), 0u32..=28)
            .prop_map(|(lo, mid, hi, negative, scale)| Decimal::from_parts(lo, mid, hi, negative, scale)),
    ]
}

/// Same value, scale and sign (of zero too) as the `Decimal`, and so the same text.
fn same(sum: RunningSum, d: Decimal) -> Result<(), TestCaseError> {
    let v = sum.value();
    prop_assert_eq!(
        (v.to_string(), v.scale(), v.is_sign_negative()),
        (d.to_string(), d.scale(), d.is_sign_negative())
    );
    Ok(())
}

proptest! {
    #[test]
    fn any_decimal_reads_as_display_writes_it(lo: u32, mid: u32, hi in 0u32..3, negative: bool, scale in 0u32..=28) {
        same_as_display(Decimal::from_parts(lo, mid, hi, negative, scale));
    }

    #[test]
    fn fen_text_is_decimal_rounding(lo: u32, mid: u32, hi: u32, negative: bool, scale in 0u32..=28) {
        let d = Decimal::from_parts(lo, mid, hi, negative, scale);
        prop_assert_eq!(fen_text(d), fen_by_decimal(d));
    }

    /// Amounts within a u64 of fen, midpoints (…5 at three decimals) among them.
    #[test]
    fn fen_text_of_amounts_is_decimal_rounding(mantissa: i64, scale in 0u32..=6) {
        let d = Decimal::new(mantissa, scale);
        prop_assert_eq!(fen_text(d), fen_by_decimal(d));
    }

    #[test]
    fn fen_text_of_everyday_amounts_is_decimal_rounding(mantissa in -20_000_000i64..20_000_000, scale in 0u32..=4) {
        let d = Decimal::new(mantissa, scale);
        prop_assert_eq!(fen_text(d), fen_by_decimal(d));
    }

    #[test]
    fn short_whole_numbers_as_display_writes_them(n in 0u64..200_000_000) {
        let mut out = b"x".to_vec();
        write_int(n, &mut out);
        prop_assert_eq!(out, format!("x{n}").into_bytes());
    }

    #[test]
    fn whole_numbers_as_display_writes_them(n: u64) {
        let mut out = Vec::new();
        write_int(n, &mut out);
        prop_assert_eq!(out, n.to_string().into_bytes());
    }

    #[test]
    fn a_running_sum_is_the_decimal_sum(
        a in prop::collection::vec(any_decimal(), 0..40),
        b in prop::collection::vec(any_decimal(), 0..40),
    ) {
        // A sum beyond a `Decimal`'s range panics, a `Decimal`'s and a running sum's alike.
        let fold = |list: &[Decimal]| list.iter().try_fold(Decimal::ZERO, |s, d| s.checked_add(*d));
        let (Some(da), Some(db)) = (fold(&a), fold(&b)) else { return Ok(()) };
        let Some(total) = da.checked_add(db) else { return Ok(()) };
        let (mut sa, mut sb) = (RunningSum::default(), RunningSum::default());
        for d in &a {
            sa += *d;
        }
        for d in &b {
            sb += *d;
        }
        same(sa, da)?;
        same(sb, db)?;
        sa += sb;
        same(sa, total)?;
    }
}
