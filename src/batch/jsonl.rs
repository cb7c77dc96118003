//! A JSONL input line as a [`Record`]: an object whose keys are the input columns (or their Chinese
//! names), values strings or numbers.

use super::{Col, Record, N_COLS};
use crate::foundation::error::Message;

/// A JSONL line: an object whose keys are the input columns, values strings or numbers.
#[derive(Default)]
pub(super) struct JsonRow {
    line: u64,
    pub(super) cells: [Option<String>; N_COLS],
    problem: Option<(String, String)>,
}

impl JsonRow {
    pub(super) fn parse(&mut self, line: u64, text: &str) {
        self.line = line;
        self.cells = Default::default();
        self.problem = None;
        let obj = match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text) {
            Ok(o) => o,
            Err(e) => {
                self.problem = Some(("".into(), format!("not a JSON object: {e}")));
                return;
            }
        };
        for (k, v) in obj {
            let Some(col) = Col::from_name(&k) else {
                self.problem = Some((k.clone(), format!("unknown column \"{k}\"")));
                continue;
            };
            let text = match v {
                serde_json::Value::String(s) => s.trim().to_string(),
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::Null => String::new(),
                other => {
                    self.problem = Some((k.clone(), format!("expected a string or a number, got {other}")));
                    continue;
                }
            };
            self.cells[col as usize] = (!text.is_empty()).then_some(text);
        }
    }
}

pub(super) struct JsonView<'a>(pub(super) &'a JsonRow);

impl Record for JsonView<'_> {
    fn line(&self) -> u64 {
        self.0.line
    }

    fn field(&self, col: Col) -> Result<Option<&str>, Message> {
        Ok(self.0.cells[col as usize].as_deref())
    }

    fn problem(&self) -> Option<(&str, &str)> {
        self.0.problem.as_ref().map(|(f, m)| (f.as_str(), m.as_str()))
    }
}
