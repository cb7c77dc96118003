//! The engine layer: one module per step of an assessment (base, pension, medical, scenario, injury,
//! subsidies, labor facts), the month context that looks parameters up, the orchestration (`assess`,
//! `compare`, `options`) and the person blocks (retirement, projection, resident).

pub mod assess;
pub mod base;
pub mod base_choice;
pub mod benefit;
pub mod compare;
pub mod context;
pub mod figures;
#[cfg(feature = "decisions")]
pub mod gap;
pub mod injury;
pub mod labor;
pub mod medical;
pub mod options;
pub mod pension;
pub mod person;
pub mod projection;
pub mod region;
pub mod resident;
pub mod retirement;
pub mod scenario;
#[cfg(feature = "decisions")]
pub mod schemes;
pub mod subsidies;
pub mod transitional;
pub mod warnings;
#[cfg(feature = "decisions")]
pub mod where_to_insure;
