//! The explanation of a result: each step with its rule, citations, inputs and result.
//!
//! Tracing is off unless the request asks for it; when off, [`Tracer::step`] never calls the closure
//! that would build the step, so no string is formatted and nothing is allocated.

use crate::foundation::error::Message;
use crate::foundation::month::YearMonth;
use crate::model::citation::Citation;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// Named values, serialised as a JSON object in the order given.
#[derive(Clone, Debug, Default)]
pub struct Pairs(pub Vec<(&'static str, String)>);

impl Serialize for Pairs {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct TraceStep {
    pub month: Option<YearMonth>,
    /// The engine step: `pension.base`, `pension.contribution`, `medical.contribution`, …
    pub step: &'static str,
    /// The rule applied, in words.
    pub rule: Message,
    pub citations: Vec<Citation>,
    pub inputs: Pairs,
    pub result: Pairs,
}

/// Whether a run explains itself: `On` records the trace's steps with their rules in words and their
/// citations (a request with `trace`); `Off` computes the figures alone (the batch, and most requests),
/// and the steps skip building what only the trace shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tracing {
    Off,
    On,
}

impl Tracing {
    /// The request's `trace` field.
    pub fn requested(trace: bool) -> Tracing {
        if trace {
            Tracing::On
        } else {
            Tracing::Off
        }
    }
}

/// Collects trace steps when tracing is on.
#[derive(Debug, Default)]
pub struct Tracer {
    steps: Option<Vec<TraceStep>>,
}

impl Tracer {
    pub fn start(tracing: Tracing) -> Self {
        Tracer {
            steps: (tracing == Tracing::On).then(Vec::new),
        }
    }

    /// A tracer that records nothing (a step run only for its figures).
    pub fn off() -> Self {
        Tracer::start(Tracing::Off)
    }

    pub fn tracing(&self) -> Tracing {
        if self.steps.is_some() {
            Tracing::On
        } else {
            Tracing::Off
        }
    }

    pub fn enabled(&self) -> bool {
        self.steps.is_some()
    }

    /// Records the step `build` makes, only when tracing is on.
    pub fn step(&mut self, build: impl FnOnce() -> TraceStep) {
        if self.steps.is_some() {
            self.push(build());
        }
    }

    /// One copy of the push for every call site of [`Tracer::step`] (it is generic over the closure,
    /// and an inlined push of a `TraceStep` is sizeable in the wasm module).
    #[inline(never)]
    fn push(&mut self, step: TraceStep) {
        if let Some(steps) = &mut self.steps {
            steps.push(step);
        }
    }

    pub fn finish(self) -> Option<Vec<TraceStep>> {
        self.steps
    }
}
