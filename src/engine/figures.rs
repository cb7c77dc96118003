//! A month's contribution figures as the steps compute them and the per-place cache keeps them
//! (`context::SharedSteps`): the pension's and the medical insurance's, before any scenario splits them.

use rust_decimal::Decimal;

/// A month's pension contribution, rounded by the region's rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pension {
    pub total: Decimal,
    pub pooled: Decimal,
    pub personal_account: Decimal,
    /// The rate applied, so that later steps need not look it up again.
    pub rate: Decimal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Medical {
    /// The base the rate applied to; `None` for a fixed amount.
    pub base: Option<Decimal>,
    pub total: Decimal,
    /// The rate applied to the base, where the rule is a rate (the labor-facts scenario needs it).
    pub rate: Option<Decimal>,
    /// Where the rule is an estimate: the month's charge at the low and the high end of its range.
    pub estimate: Option<(Decimal, Decimal)>,
}
