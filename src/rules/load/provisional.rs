//! The loader's check of provisional values (issue 15): each stands for the months before a final value
//! of the same series was published, within that final entry's period.

use super::{rules_error, Builder, RulesError};

impl Builder {
    /// A provisional value stands for the months before a final value of the same series was published:
    /// it lies within one final entry's period, and that final value was published after it (else it
    /// was never collected).
    pub(super) fn check_provisional(&self) -> Result<(), RulesError> {
        for (key, entries) in &self.provisional {
            let finals = self
                .series
                .binary_search_by(|(k, _)| k.cmp(key))
                .map_or(&[][..], |at| &self.series[at].1[..]);
            for e in entries {
                let err = |m: String| rules_error(&e.file, e.line, Some(["param ", key.1.name()].concat()), m);
                let Some(fin) = finals.iter().find(|f| f.covers(e.from)) else {
                    return Err(err(why!(
                        "a provisional value from {} needs a final value of the same series covering its months",
                        e.from
                    )));
                };
                let to = e.to.unwrap_or(e.from);
                if !fin.covers(to) {
                    return Err(err(why!(
                        "the provisional period {}..{to} runs beyond the final entry at {}:{}",
                        e.from,
                        fin.file,
                        fin.line
                    )));
                }
                if fin.published <= e.published {
                    return Err(err(why!(
                        "the final value at {}:{} was published ({}) no later than this provisional one ({}): it was never collected",
                        fin.file,
                        fin.line,
                        fin.published,
                        e.published
                    )));
                }
            }
        }
        Ok(())
    }
}
