//! The batch's columns: the input columns (names are the public contract, docs/batch.md) and the
//! output columns, in order.

/// The input columns. Names are a public contract (docs/batch.md): add columns, never rename one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Col {
    WorkerId,
    Region,
    Month,
    Platform,
    Hours,
    Income,
    Orders,
    Sector,
    InjuryFeeClass,
    Role,
    BaseKind,
    BaseValue,
    MedicalScheme,
    MedicalRate,
    MedicalTier,
    Birth,
    Track,
}

/// Number of input columns.
pub const N_COLS: usize = 17;

/// Every input column in the order of [`Col`], with its name.
pub const INPUT_COLUMNS: [(Col, &str); N_COLS] = [
    (Col::WorkerId, "worker_id"),
    (Col::Region, "region"),
    (Col::Month, "month"),
    (Col::Platform, "platform"),
    (Col::Hours, "hours"),
    (Col::Income, "income"),
    (Col::Orders, "orders"),
    (Col::Sector, "sector"),
    (Col::InjuryFeeClass, "injury_fee_class"),
    (Col::Role, "role"),
    (Col::BaseKind, "base_kind"),
    (Col::BaseValue, "base_value"),
    (Col::MedicalScheme, "medical_scheme"),
    (Col::MedicalRate, "medical_rate"),
    (Col::MedicalTier, "medical_tier"),
    (Col::Birth, "birth"),
    (Col::Track, "track"),
];

/// Columns every input must have.
pub const REQUIRED: [Col; 5] = [Col::WorkerId, Col::Region, Col::Month, Col::Platform, Col::Income];

/// Columns that describe the worker rather than one month's work: equal on all of a worker's rows
/// (a blank cell on a later row means "as above").
pub(super) const WORKER_LEVEL: [Col; 8] = [
    Col::Region,
    Col::BaseKind,
    Col::BaseValue,
    Col::MedicalScheme,
    Col::MedicalRate,
    Col::MedicalTier,
    Col::Birth,
    Col::Track,
];

impl Col {
    pub fn name(self) -> &'static str {
        INPUT_COLUMNS[self as usize].1
    }

    pub fn from_name(name: &str) -> Option<Col> {
        INPUT_COLUMNS.iter().find(|(_, n)| *n == name).map(|(c, _)| *c)
    }
}

/// The output columns, in order. Names are a public contract (docs/batch.md).
pub const OUTPUT_COLUMNS: [&str; 31] = [
    "worker_id",
    "month",
    "region",
    "platforms",
    "hours",
    "income",
    "orders",
    "weekly_hours",
    "cl_pension_base",
    "cl_pension_total",
    "cl_pension_worker",
    "cl_pension_platforms",
    "cl_medical_total",
    "cl_medical_worker",
    "cl_medical_platforms",
    "cl_worker",
    "cl_platforms",
    "lf_pension_base",
    "lf_pension_total",
    "lf_pension_worker",
    "lf_pension_platforms",
    "lf_medical_total",
    "lf_medical_worker",
    "lf_medical_platforms",
    "lf_worker",
    "lf_platforms",
    "lf_liable_platforms",
    "injury_platforms",
    "flags",
    "retirement_month",
    "monthly_pension",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_round_trip_by_name() {
        for (c, n) in INPUT_COLUMNS {
            assert_eq!(Col::from_name(n), Some(c));
            assert_eq!(c.name(), n);
        }
    }
}
