//! The output row's cells and how numbers are written: two decimals for money and hours, without
//! `Display` (the batch writes tens of millions of them).

use super::{MonthRow, WorkerResult};
use crate::foundation::month::YearMonth;
use rust_decimal::{Decimal, RoundingStrategy};

/// A value of an output cell.
pub enum Cell<'a> {
    Text(&'a str),
    /// Money or hours: two decimals, rounded half away from zero (as the JSON API prints money).
    Fen(Decimal),
    Int(u64),
    Flags(&'a [&'static str]),
    Month(Option<YearMonth>),
    OptFen(Option<Decimal>),
    /// A figure of a scenario the run left out.
    Blank,
}

/// Where [`cells`] puts a row's cells, in the output columns' order: a closure, or a writer of its own.
pub trait CellSink<'a> {
    fn put(&mut self, c: Cell<'a>);
}

impl<'a, F: FnMut(Cell<'a>)> CellSink<'a> for F {
    #[inline(always)]
    fn put(&mut self, c: Cell<'a>) {
        self(c)
    }
}

/// The cells of one output row, in the order of [`OUTPUT_COLUMNS`].
pub fn cells<'a>(w: &'a WorkerResult, m: &'a MonthRow, mut sink: impl CellSink<'a>) {
    sink.put(Cell::Text(&w.worker_id));
    sink.put(Cell::Month(Some(m.month)));
    sink.put(Cell::Text(&w.region));
    sink.put(Cell::Int(m.platforms as u64));
    sink.put(Cell::Fen(m.hours));
    sink.put(Cell::Fen(m.income));
    sink.put(Cell::Int(m.orders));
    sink.put(Cell::Fen(m.weekly_hours));
    for f in [&m.current_law, &m.labor_facts] {
        match f {
            Some(f) => {
                sink.put(Cell::Fen(f.pension_base));
                sink.put(Cell::Fen(f.pension_total));
                sink.put(Cell::Fen(f.pension_worker));
                sink.put(Cell::Fen(f.pension_platforms));
                sink.put(Cell::Fen(f.medical_total));
                sink.put(Cell::Fen(f.medical_worker));
                sink.put(Cell::Fen(f.medical_platforms));
                sink.put(Cell::Fen(f.worker));
                sink.put(Cell::Fen(f.platforms));
            }
            None => (0..9).for_each(|_| sink.put(Cell::Blank)),
        }
    }
    sink.put(m.liable_platforms.map_or(Cell::Blank, |n| Cell::Int(n as u64)));
    sink.put(Cell::Fen(m.injury));
    sink.put(Cell::Flags(&m.flags));
    sink.put(Cell::Month(w.retirement));
    sink.put(Cell::OptFen(w.monthly_pension));
}

/// Writes a decimal with exactly two decimals, rounded half away from zero, as the API's `Fen` does,
/// without going through `Display` or `Decimal` rounding (the batch writes tens of millions of them).
pub fn write_fen(d: Decimal, out: &mut Vec<u8>) {
    let Some(fen) = fen_magnitude(d) else {
        return write_large_fen(d, out);
    };
    let negative = d.is_sign_negative() && fen != 0;
    if fen < SHORT_FEN_LIMIT && !negative {
        // The usual amount: "0.00" to "99999.99", eight bytes at most.
        let (whole, len) = packed_short(fen / 100);
        let text =
            whole | u64::from(b'.') << (8 * len) | u64::from(PACKED_PAIRS[(fen % 100) as usize]) << (8 * len + 8);
        return append_short(text, len + 3, out);
    }
    // Written backwards from the end: the integer digits, the point, two decimals, and the sign.
    let mut text = [0u8; LONGEST_NUMBER];
    let mut start = text.len() - 2;
    text[start..].copy_from_slice(&digit_pair(fen % 100));
    start -= 1;
    text[start] = b'.';
    start = put_digits(fen / 100, &mut text[..start]);
    if negative {
        start -= 1;
        text[start] = b'-';
    }
    out.extend_from_slice(&text[start..]);
}

/// Fen below this are written by [`append_short`]: at most five digits, the point and two decimals.
const SHORT_FEN_LIMIT: u64 = 10_000_000;

/// The digits of `n` (below 10^8) packed into a u64, the first digit in the lowest byte, and their
/// number: built in a register, so that the text reaches the output in one 8-byte store.
fn packed_short(mut n: u64) -> (u64, usize) {
    let (mut text, mut len) = (0u64, 0);
    while n >= 100 {
        text = text << 16 | u64::from(PACKED_PAIRS[(n % 100) as usize]);
        n /= 100;
        len += 2;
    }
    if n >= 10 {
        (text << 16 | u64::from(PACKED_PAIRS[n as usize]), len + 2)
    } else {
        (text << 8 | (u64::from(b'0') + n), len + 1)
    }
}

/// Appends the `len` (at most 8) lowest bytes of `text`: one 8-byte store and a truncation, where
/// copying a few bytes from a buffer was a `memcpy` call (a twentieth of the batch's time, perf).
#[inline(always)]
fn append_short(text: u64, len: usize, out: &mut Vec<u8>) {
    let end = out.len() + len;
    out.extend_from_slice(&text.to_le_bytes());
    out.truncate(end);
}

/// "00" to "99" as the two bytes of a little-endian u16 (the tens digit first in the text).
const PACKED_PAIRS: [u16; 100] = {
    let mut pairs = [0u16; 100];
    let mut i = 0;
    while i < 100 {
        pairs[i] = u16::from_le_bytes([b'0' + (i / 10) as u8, b'0' + (i % 10) as u8]);
        i += 1;
    }
    pairs
};

/// |`d`| in fen, rounded half away from zero, when it fits a u64 (every real amount does): integer
/// division instead of `Decimal::round_dp_with_strategy`.
fn fen_magnitude(d: Decimal) -> Option<u64> {
    let mantissa = u64::try_from(d.mantissa().unsigned_abs()).ok()?;
    match d.scale() {
        scale @ 0..=2 => mantissa.checked_mul(10u64.pow(2 - scale)),
        scale => {
            let unit = 10u64.checked_pow(scale - 2)?;
            let (fen, rest) = (mantissa / unit, mantissa % unit);
            // Half a fen or more rounds away from zero (`rest * 2 >= unit`, without overflow).
            Some(fen + u64::from(rest >= unit - rest))
        }
    }
}

/// [`write_fen`] for the amounts beyond a u64 of fen, through `Decimal` rounding and u128 text.
#[cold]
fn write_large_fen(d: Decimal, out: &mut Vec<u8>) {
    let r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let fen = r.mantissa().unsigned_abs() * 10u128.pow(2 - r.scale());
    if r.is_sign_negative() && fen != 0 {
        out.push(b'-');
    }
    out.extend_from_slice((fen / 100).to_string().as_bytes());
    out.push(b'.');
    out.extend_from_slice(&digit_pair((fen % 100) as u64));
}

/// Writes a whole number.
pub fn write_int(n: u64, out: &mut Vec<u8>) {
    if n < 100_000_000 {
        let (text, len) = packed_short(n);
        return append_short(text, len, out);
    }
    let mut text = [0u8; LONGEST_NUMBER];
    let start = put_digits(n, &mut text);
    out.extend_from_slice(&text[start..]);
}

/// The longest text [`write_fen`] and [`write_int`] write themselves: a sign, the 20 digits of a u64,
/// a point and two decimals.
const LONGEST_NUMBER: usize = 24;

/// The two digits of `n` (below 100), from the same table as the packed writer's.
fn digit_pair(n: u64) -> [u8; 2] {
    PACKED_PAIRS[n as usize].to_le_bytes()
}

/// Writes the digits of `n` at the end of `text` and returns where they start.
fn put_digits(mut n: u64, text: &mut [u8]) -> usize {
    let mut start = text.len();
    while n >= 100 {
        start -= 2;
        text[start..start + 2].copy_from_slice(&digit_pair(n % 100));
        n /= 100;
    }
    if n >= 10 {
        start -= 2;
        text[start..start + 2].copy_from_slice(&digit_pair(n));
    } else {
        start -= 1;
        text[start] = b'0' + n as u8;
    }
    start
}

/// Writes a cell's text (unquoted) into `out`. Always inlined into the writers' closures, which
/// have just made the cell: its variant is then matched there, without a call (an eighth of the CSV
/// row's instructions).
#[inline(always)]
pub fn write_cell(cell: &Cell<'_>, out: &mut Vec<u8>) {
    match cell {
        Cell::Text(t) => out.extend_from_slice(t.as_bytes()),
        Cell::Fen(d) | Cell::OptFen(Some(d)) => write_fen(*d, out),
        Cell::Int(n) => write_int(*n, out),
        Cell::Flags(f) => {
            for (i, flag) in f.iter().enumerate() {
                if i > 0 {
                    out.push(b'|');
                }
                out.extend_from_slice(flag.as_bytes());
            }
        }
        Cell::Month(Some(m)) => {
            write_int(m.year() as u64, out);
            out.extend_from_slice(&[b'-', b'0' + (m.month() / 10) as u8, b'0' + (m.month() % 10) as u8]);
        }
        Cell::Month(None) | Cell::OptFen(None) | Cell::Blank => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fen(s: &str) -> String {
        fen_text(s.parse().unwrap())
    }

    fn fen_text(d: Decimal) -> String {
        let mut out = Vec::new();
        write_fen(d, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn fen_formatting_matches_the_api() {
        for s in [
            "0",
            "990.4",
            "990.405",
            "-3.004",
            "4952",
            "0.5",
            "123456789.99",
            "-0.005",
            "0.004",
        ] {
            let d: Decimal = s.parse().unwrap();
            let api = serde_json::to_string(&crate::foundation::money::Fen(d)).unwrap();
            assert_eq!(fen(s), api.trim_matches('"'), "{s}");
        }
        assert_eq!(fen("-0.001"), "0.00");
        assert_eq!(fen("-0.00"), "0.00");
        // Either side of the short writer's limits (eight bytes: 99999.99 and 99,999,999): the same
        // texts as Decimal's rounding and Display.
        for s in [
            "99999.99",
            "99999.994",
            "99999.995",
            "100000.00",
            "-99999.99",
            "0.005",
            "9.999",
        ] {
            assert_eq!(fen(s), fen_by_decimal(s.parse().unwrap()), "{s}");
        }
        for n in [0, 9, 10, 99, 100, 99_999_999, 100_000_000, u64::MAX] {
            let mut out = b"x".to_vec();
            write_int(n, &mut out);
            assert_eq!(out, format!("x{n}").into_bytes());
        }
    }

    /// What `write_fen` must write, by `Decimal` rounding and `Display`: two decimals, a minus sign
    /// only on a non-zero amount.
    fn fen_by_decimal(d: Decimal) -> String {
        let r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        let text = r.abs().to_string();
        let (int, dec) = text.split_once('.').unwrap_or((&text, ""));
        let sign = if r.is_sign_negative() && !r.is_zero() { "-" } else { "" };
        format!("{sign}{int}.{dec:0<2}")
    }
}
