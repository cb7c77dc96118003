//! Retirement under the 2025 reform against the official annex tables, every birth month 1965–1984 of
//! every track, with the boundaries and the minimum-years steps.
//!
//! How the expected table is derived, independently of the engine's formula: the annexes 1–3 of the
//! State Council measures list rows of birth months, each row `births_per_row` months wide, the first
//! row starting at `first_birth` with the original age + 1 month, each following row one month older,
//! for `rows` rows; births after the last row keep the last row's age (the cap), births before the first
//! row keep the original age. The retirement month of every row is the birth month plus the age
//! (annex column 改革后退休时间). The walk below builds that table row by row; the sample rows printed
//! in the annexes (first and last rows of each table) are checked literally as well.

use flexcalc::context::Notes;
use flexcalc::month::YearMonth;
use flexcalc::retirement::{self, Lookup, Statutory, Track};
use flexcalc::rules::RuleSet;
use flexcalc::trace::Tracer;
use rust_decimal::Decimal;

fn rules() -> &'static RuleSet {
    flexcalc::api::embedded_rules().expect("embedded rules load")
}

fn ym(s: &str) -> YearMonth {
    s.parse().expect("YYYY-MM")
}

fn statutory(birth: YearMonth, track: Track) -> Statutory {
    let rules = rules();
    let place = rules.resolve("320100").expect("Nanjing");
    let mut notes = Notes::default();
    let mut lk = Lookup {
        rules,
        place: &place,
        notes: &mut notes,
        path: "person",
    };
    retirement::statutory(&mut lk, birth, track, &mut Tracer::off()).expect("statutory")
}

fn min_years(month: &str) -> Decimal {
    let rules = rules();
    let place = rules.resolve("320100").expect("Nanjing");
    let mut notes = Notes::default();
    let mut lk = Lookup {
        rules,
        place: &place,
        notes: &mut notes,
        path: "person",
    };
    retirement::min_years(&mut lk, ym(month)).expect("min years").0
}

/// One annex table as its layout describes it.
struct Annex {
    track: Track,
    original_years: i64,
    first_birth: &'static str,
    births_per_row: i64,
    rows: i64,
}

impl Annex {
    /// The expected age in months for a birth month, found by walking the rows of the table.
    fn age_months(&self, birth: YearMonth) -> i64 {
        let original = self.original_years * 12;
        let mut row_start = ym(self.first_birth);
        if birth < row_start {
            return original;
        }
        for row in 1..=self.rows {
            let row_end = row_start.plus(self.births_per_row - 1).unwrap();
            if birth <= row_end {
                return original + row;
            }
            row_start = row_end.plus(1).unwrap();
        }
        original + self.rows
    }
}

const ANNEXES: [Annex; 3] = [
    // Annex 1, men: 1965-01..04 → 60y1m, … 1976-09..12 → 63y (36 rows of 4).
    Annex {
        track: Track::Male60,
        original_years: 60,
        first_birth: "1965-01",
        births_per_row: 4,
        rows: 36,
    },
    // Annex 2, women originally 55: 1970-01..04 → 55y1m, … 1981-09..12 → 58y.
    Annex {
        track: Track::Female55,
        original_years: 55,
        first_birth: "1970-01",
        births_per_row: 4,
        rows: 36,
    },
    // Annex 3, women originally 50: 1975-01..02 → 50y1m, … 1984-11..12 → 55y (60 rows of 2).
    Annex {
        track: Track::Female50,
        original_years: 50,
        first_birth: "1975-01",
        births_per_row: 2,
        rows: 60,
    },
];

#[test]
fn every_birth_month_1965_to_1984_of_every_track_matches_the_annex_tables() {
    let mut checked = 0;
    for annex in &ANNEXES {
        let mut birth = ym("1965-01");
        while birth <= ym("1984-12") {
            let s = statutory(birth, annex.track);
            let want = annex.age_months(birth);
            assert_eq!(s.statutory.age.total_months(), want, "{:?} born {birth}", annex.track);
            assert_eq!(
                s.statutory.date,
                birth.plus(want).unwrap(),
                "{:?} born {birth}: retirement month",
                annex.track
            );
            assert_eq!(s.original.age.total_months(), annex.original_years * 12);
            assert_eq!(s.delay_months, want - annex.original_years * 12);
            checked += 1;
            birth = birth.plus(1).unwrap();
        }
    }
    assert_eq!(checked, 3 * 240);
}

/// (track, birth, age years, age months, retirement month): rows printed in the annexes and the
/// facts file's sample points.
const SAMPLES: &[(Track, &str, i64, i64, &str)] = &[
    (Track::Male60, "1965-01", 60, 1, "2025-02"),
    (Track::Male60, "1965-04", 60, 1, "2025-05"),
    (Track::Male60, "1965-05", 60, 2, "2025-07"),
    (Track::Male60, "1967-05", 60, 8, "2028-01"),
    (Track::Male60, "1976-08", 62, 11, "2039-07"),
    (Track::Male60, "1976-09", 63, 0, "2039-09"),
    (Track::Male60, "1976-12", 63, 0, "2039-12"),
    (Track::Male60, "1977-01", 63, 0, "2040-01"),
    (Track::Female55, "1970-01", 55, 1, "2025-02"),
    (Track::Female55, "1974-10", 56, 3, "2031-01"),
    (Track::Female55, "1981-09", 58, 0, "2039-09"),
    (Track::Female55, "1990-06", 58, 0, "2048-06"),
    (Track::Female50, "1975-01", 50, 1, "2025-02"),
    (Track::Female50, "1975-02", 50, 1, "2025-03"),
    (Track::Female50, "1975-03", 50, 2, "2025-05"),
    (Track::Female50, "1984-10", 54, 11, "2039-09"),
    (Track::Female50, "1984-11", 55, 0, "2039-11"),
    (Track::Female50, "1984-12", 55, 0, "2039-12"),
    (Track::Female50, "1985-01", 55, 0, "2040-01"),
];

#[test]
fn annex_sample_rows_and_facts_sample_points() {
    for &(track, birth, y, m, date) in SAMPLES {
        let s = statutory(ym(birth), track);
        assert_eq!(
            (s.statutory.age.years, s.statutory.age.months),
            (y, m),
            "{track:?} born {birth}"
        );
        assert_eq!(s.statutory.date, ym(date), "{track:?} born {birth}");
    }
}

#[test]
fn born_in_the_last_month_before_the_reform_applies_keeps_the_original_age() {
    // Original retirement month 2024-12, before the reform starts (2025-01): no delay.
    for (track, birth, years) in [
        (Track::Male60, "1964-12", 60),
        (Track::Female55, "1969-12", 55),
        (Track::Female50, "1974-12", 50),
    ] {
        let s = statutory(ym(birth), track);
        assert_eq!(s.delay_months, 0, "{track:?}");
        assert_eq!((s.statutory.age.years, s.statutory.age.months), (years, 0));
        assert_eq!(s.statutory.date, ym("2024-12"));
    }
    // Long before the reform: the original ages.
    assert_eq!(statutory(ym("1950-03"), Track::Male60).statutory.date, ym("2010-03"));
}

#[test]
fn caps_at_63_58_and_55() {
    for (track, years) in [(Track::Male60, 63), (Track::Female55, 58), (Track::Female50, 55)] {
        for birth in ["1985-01", "1995-07", "2005-12"] {
            let s = statutory(ym(birth), track);
            assert_eq!(
                (s.statutory.age.years, s.statutory.age.months),
                (years, 0),
                "{track:?} born {birth}"
            );
        }
    }
}

#[test]
fn minimum_years_step_in_2030_and_reach_20_in_2039() {
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    assert_eq!(min_years("2025-02"), d("15"));
    assert_eq!(min_years("2029-12"), d("15"));
    assert_eq!(min_years("2030-01"), d("15.5"));
    assert_eq!(min_years("2030-12"), d("15.5"));
    assert_eq!(min_years("2031-01"), d("16"));
    assert_eq!(min_years("2032-06"), d("16.5"));
    assert_eq!(min_years("2038-12"), d("19.5"));
    assert_eq!(min_years("2039-01"), d("20"));
    assert_eq!(min_years("2060-06"), d("20"));
}

#[test]
fn flexible_window_never_below_the_original_age() {
    let rules = rules();
    let place = rules.resolve("320100").unwrap();
    let mut notes = Notes::default();
    let mut lk = Lookup {
        rules,
        place: &place,
        notes: &mut notes,
        path: "person",
    };
    // Man born 1967-05: statutory 60y8m (2028-01); 36 months earlier would be 57y8m, the original 60
    // binds: earliest 2027-05; latest 63y8m = 2031-01.
    let s = statutory(ym("1967-05"), Track::Male60);
    let (earliest, latest) = retirement::window(&mut lk, ym("1967-05"), &s).unwrap();
    assert_eq!(earliest.date, ym("2027-05"));
    assert_eq!(latest.date, ym("2031-01"));
    // Man born 1980-01: statutory 63y (2043-01); earliest 60y (2040-01), latest 66y (2046-01).
    let s = statutory(ym("1980-01"), Track::Male60);
    let (earliest, latest) = retirement::window(&mut lk, ym("1980-01"), &s).unwrap();
    assert_eq!((earliest.date, earliest.age.years), (ym("2040-01"), 60));
    assert_eq!((latest.date, latest.age.years), (ym("2046-01"), 66));
}
