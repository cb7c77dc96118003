//! The run's totals: exact decimal sums per scenario, per party and per province, and the summary
//! document built from them.

use super::{Figures, WorkerResult};
use crate::rules::RuleSet;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::AddAssign;

/// A running sum of decimals that is exactly the `Decimal` that adding them one by one with `+`
/// gives, scale and sign included: the summary prints `0` for a column of zeros, `1.50` for fen, and
/// `-0.00` for `0 + -0.00`, as `Decimal` does.
///
/// Each worker-month adds to 38 sums (nine columns and the difference, for two scenarios, for the
/// run and its province), and a `Decimal` addition is a call that checks its operands' sizes and
/// scales and the result's size. Here the usual step, two non-zero amounts of the same scale (fen),
/// is an inlined addition of integers, and every other step is left to `Decimal`: the totals take a
/// third fewer instructions (callgrind, a batch of `flexcalc synth --workers 3000`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunningSum {
    /// The sum is `mantissa` × 10^-`scale`, as in a `Decimal` (so |`mantissa`| < 2^96).
    mantissa: i128,
    scale: u32,
    /// A zero that `Decimal` holds as negative.
    negative_zero: bool,
}

impl RunningSum {
    /// `Decimal` keeps its mantissa in 96 bits.
    const MANTISSA_LIMIT: u128 = 1 << 96;

    /// The rare step (scales that differ, a sum beyond 96 bits), apart so that the usual one stays
    /// a few instructions.
    #[cold]
    #[inline(never)]
    fn add_as_decimal(&mut self, d: Decimal) {
        *self = RunningSum::from(self.value() + d);
    }

    /// The sum as a `Decimal`.
    pub fn value(&self) -> Decimal {
        let mut d = Decimal::from_i128_with_scale(self.mantissa, self.scale);
        if self.negative_zero {
            d.set_sign_negative(true);
        }
        d
    }
}

impl From<Decimal> for RunningSum {
    fn from(d: Decimal) -> RunningSum {
        RunningSum {
            mantissa: d.mantissa(),
            scale: d.scale(),
            negative_zero: d.is_zero() && d.is_sign_negative(),
        }
    }
}

impl AddAssign<Decimal> for RunningSum {
    fn add_assign(&mut self, d: Decimal) {
        let m = d.mantissa();
        // Zeros as `Decimal` adds them: a zero sum becomes what is added to it (scale and sign
        // included), and adding a zero to any other sum leaves it as it is.
        if self.mantissa == 0 {
            *self = RunningSum::from(d);
            return;
        }
        if m == 0 {
            return;
        }
        if d.scale() == self.scale {
            // Both below 2^96: no overflow of an i128.
            let sum = self.mantissa + m;
            if sum.unsigned_abs() < Self::MANTISSA_LIMIT {
                self.mantissa = sum;
                return;
            }
        }
        self.add_as_decimal(d);
    }
}

/// Two partial sums (of two threads' workers) together: the `Decimal` sum of their values.
impl AddAssign for RunningSum {
    fn add_assign(&mut self, o: RunningSum) {
        *self += o.value();
    }
}

/// Written as the `Decimal` it is.
impl Serialize for RunningSum {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Serialize::serialize(&self.value(), serializer)
    }
}

/// Totals of one scenario: the sums of the output columns of the same names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ScenarioTotals {
    pub pension_total: RunningSum,
    pub pension_worker: RunningSum,
    pub pension_platforms: RunningSum,
    pub medical_total: RunningSum,
    pub medical_worker: RunningSum,
    pub medical_platforms: RunningSum,
    pub worker: RunningSum,
    pub platforms: RunningSum,
    /// Injury protection fees (platforms; the same under both scenarios).
    pub injury_platforms: RunningSum,
}

impl ScenarioTotals {
    fn add(&mut self, f: &Figures, injury: Decimal) {
        self.pension_total += f.pension_total;
        self.pension_worker += f.pension_worker;
        self.pension_platforms += f.pension_platforms;
        self.medical_total += f.medical_total;
        self.medical_worker += f.medical_worker;
        self.medical_platforms += f.medical_platforms;
        self.worker += f.worker;
        self.platforms += f.platforms;
        self.injury_platforms += injury;
    }

    fn merge(&mut self, o: &ScenarioTotals) {
        self.pension_total += o.pension_total;
        self.pension_worker += o.pension_worker;
        self.pension_platforms += o.pension_platforms;
        self.medical_total += o.medical_total;
        self.medical_worker += o.medical_worker;
        self.medical_platforms += o.medical_platforms;
        self.worker += o.worker;
        self.platforms += o.platforms;
        self.injury_platforms += o.injury_platforms;
    }
}

/// Counts and totals for a group of workers (all, or one region).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct GroupTotals {
    pub workers: u64,
    pub worker_months: u64,
    pub current_law: ScenarioTotals,
    pub labor_facts: ScenarioTotals,
    /// labor_facts minus current_law for the worker: negative means the worker pays less.
    pub worker_difference: RunningSum,
}

impl GroupTotals {
    fn add(&mut self, w: &WorkerResult) {
        self.workers += 1;
        for m in &w.months {
            self.worker_months += 1;
            if let Some(f) = &m.current_law {
                self.current_law.add(f, m.injury);
            }
            if let Some(f) = &m.labor_facts {
                self.labor_facts.add(f, m.injury);
            }
            if let (Some(a), Some(b)) = (&m.current_law, &m.labor_facts) {
                self.worker_difference += b.worker - a.worker;
            }
        }
    }

    fn merge(&mut self, o: &GroupTotals) {
        self.workers += o.workers;
        self.worker_months += o.worker_months;
        self.merge_sums(o);
    }

    /// `o`'s sums, not its counts.
    fn merge_sums(&mut self, o: &GroupTotals) {
        self.current_law.merge(&o.current_law);
        self.labor_facts.merge(&o.labor_facts);
        self.worker_difference += o.worker_difference;
    }
}

/// Totals of a run, built up worker by worker and merged across threads.
#[derive(Clone, Debug, Default)]
pub struct Totals {
    pub rows: u64,
    pub rows_failed: u64,
    pub workers_failed: u64,
    /// Every worker. Its counts grow as workers are added; its sums only as totals are merged, from
    /// the provinces' sums: a month is added to its province alone, not twice (the sums were a twentieth
    /// of the batch's instructions). The run's totals are merged ones.
    pub all: GroupTotals,
    /// By province (index into the rules' regions).
    pub by_province: BTreeMap<usize, GroupTotals>,
}

impl Totals {
    pub fn add(&mut self, w: &WorkerResult) {
        self.all.workers += 1;
        self.all.worker_months += w.months.len() as u64;
        self.by_province.entry(w.province).or_default().add(w);
    }

    pub fn merge(&mut self, o: &Totals) {
        self.rows += o.rows;
        self.rows_failed += o.rows_failed;
        self.workers_failed += o.workers_failed;
        self.all.workers += o.all.workers;
        self.all.worker_months += o.all.worker_months;
        for (k, v) in &o.by_province {
            self.by_province.entry(*k).or_default().merge(v);
            self.all.merge_sums(v);
        }
    }

    /// The summary document (`flexcalc/v1/batch-summary`).
    pub fn summary(&self, rules: &RuleSet) -> Summary {
        Summary {
            schema: "flexcalc/v1/batch-summary",
            engine_version: crate::model::ENGINE_VERSION,
            rules_version: rules.version.clone(),
            rows: self.rows,
            rows_failed: self.rows_failed,
            workers_failed: self.workers_failed,
            totals: self.all.clone(),
            regions: self
                .by_province
                .iter()
                .filter_map(|(&p, t)| {
                    let r = rules.regions.get(p)?;
                    Some(RegionTotals {
                        code: r.code.clone(),
                        zh: r.zh.clone(),
                        en: r.en.clone(),
                        totals: t.clone(),
                    })
                })
                .collect(),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    pub schema: &'static str,
    pub engine_version: &'static str,
    pub rules_version: String,
    pub rows: u64,
    pub rows_failed: u64,
    pub workers_failed: u64,
    pub totals: GroupTotals,
    /// Per province, by code.
    pub regions: Vec<RegionTotals>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RegionTotals {
    pub code: String,
    pub zh: String,
    pub en: String,
    #[serde(flatten)]
    pub totals: GroupTotals,
}
