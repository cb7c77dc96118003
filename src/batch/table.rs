//! CSV rows through the engine without any file or thread: the header's column map, a CSV record as a
//! [`Record`], one worker's rows to output rows, the output and errors files' rows, and [`CsvStream`],
//! the incremental CSV reader of the page's batch (a file fed in pieces, in a Web Worker).
//!
//! Compiled for every target: the native driver ([`super::run`]) and the WebAssembly export
//! (`BatchCsv` in src/wasm.rs) both use these functions, so the page writes byte for byte what
//! `flexcalc batch` writes.

use super::{
    assess_worker, build_request, cells, locate, write_cell, BadRow, Cell, CellSink, Col, Lang, Record, Scenarios,
    Totals, WorkerResult, ERROR_LABELS_EN, ERROR_LABELS_ZH, INPUT_COLUMNS, N_COLS, OUTPUT_COLUMNS, OUTPUT_LABELS_EN,
    OUTPUT_LABELS_ZH, REQUIRED,
};
use crate::engine::context::LookupCache;
use crate::foundation::error::{excerpt, Message};
use crate::rules::RuleSet;
use std::path::Path;

/// Input and output file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Jsonl,
}

impl Format {
    /// From a name (`csv`, `jsonl`, `ndjson`, `json`).
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
            _ => None,
        }
    }

    /// From a file's extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        path.extension().and_then(|e| e.to_str()).and_then(Format::from_name)
    }
}

/// Where each input column is in a CSV record.
pub type ColMap = [Option<usize>; N_COLS];

/// The columns of the errors file.
pub const ERROR_COLUMNS: [&str; 5] = ["line", "worker_id", "field", "code", "message"];

/// Maps a CSV header to the input columns (their names, or their Chinese names): unknown, duplicate
/// or missing required columns are fatal (every row would fail).
pub fn column_map(headers: &csv::StringRecord) -> Result<ColMap, Message> {
    let mut map = [None; N_COLS];
    for (i, h) in headers.iter().enumerate() {
        let name = h.trim().trim_start_matches('\u{feff}');
        let Some(col) = Col::from_name(name) else {
            let name = excerpt(name);
            return Err(Message::new(
                format!(
                    "表头第 {} 列“{name}”不是可用的列名（可用：{}，或其中文名 {}）",
                    i + 1,
                    INPUT_COLUMNS.map(|(_, n)| n).join(", "),
                    INPUT_COLUMNS.map(|(c, _)| c.zh_name()).join("、")
                ),
                format!(
                    "unknown column \"{name}\" in the header (columns: {})",
                    INPUT_COLUMNS.map(|(_, n)| n).join(", ")
                ),
            ));
        };
        if map[col as usize].replace(i).is_some() {
            return Err(Message::new(
                format!("表头中“{}”（{}）出现了两次", col.zh_name(), col.name()),
                format!("column \"{name}\" appears twice in the header"),
            ));
        }
    }
    if let Some(c) = REQUIRED.iter().find(|c| map[**c as usize].is_none()) {
        return Err(Message::new(
            format!("表头缺少必需的列“{}”（{}）", c.zh_name(), c.name()),
            format!("the header lacks the required column \"{}\"", c.name()),
        ));
    }
    Ok(map)
}

/// Moves a record's line past the blank lines before it, knowing where the reader stopped after it
/// (the CLI's reader streams, so the skipped bytes are gone by then).
///
/// The csv reader skips blank lines but dates a record from where it began reading, blank lines
/// included, so an error on the row after a blank line would name the blank line. A record ends on the
/// line before the reader's stop when it ended with a line break (`terminated`), on that line when it
/// ended the input; line breaks inside quoted fields are counted back too. Never earlier than the
/// reader's own start.
pub fn date_record(rec: &mut csv::ByteRecord, end_line: u64, terminated: bool) {
    let Some(start) = rec.position() else { return };
    // The usual row (no blank line before it, no line break inside) stops on the next line: nothing to
    // move, and no need to scan its bytes.
    if end_line <= start.line() + u64::from(terminated) {
        return;
    }
    let inside: u64 = rec
        .iter()
        .map(|field| field.iter().filter(|&&b| b == b'\n').count() as u64)
        .sum();
    let line = end_line
        .saturating_sub(inside + u64::from(terminated))
        .max(start.line());
    if line != start.line() {
        let mut moved = start.clone();
        moved.set_line(line);
        rec.set_position(Some(moved));
    }
}

/// The page's reader has the bytes, so the blank lines it skipped before a record are counted there:
/// the record's position moves to its own first byte and line (as `date_record` does for the CLI, and
/// where a piece is cut, so that the next piece starts at the record itself).
pub(super) fn step_over_blank_lines(rec: &mut csv::ByteRecord, bytes: &[u8]) {
    let Some(start) = rec.position() else { return };
    let (skipped, lines) = bytes
        .get(start.byte() as usize..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&b| b == b'\r' || b == b'\n')
        .fold((0u64, 0u64), |(n, l), &b| (n + 1, l + u64::from(b == b'\n')));
    if skipped > 0 {
        let mut moved = start.clone();
        moved.set_byte(start.byte() + skipped);
        moved.set_line(start.line() + lines);
        rec.set_position(Some(moved));
    }
}

/// A CSV row viewed through the header's column map.
pub struct CsvView<'a> {
    rec: &'a csv::ByteRecord,
    map: &'a ColMap,
    /// Added to the record's line: the file's line before the first line the reader read.
    line_base: u64,
    /// All the record's fields, one after the other, when they are valid UTF-8 together: a cell is
    /// then read by slicing this text rather than by checking its bytes each time it is asked for.
    whole: Option<&'a str>,
}

impl<'a> CsvView<'a> {
    pub fn new(rec: &'a csv::ByteRecord, map: &'a ColMap, line_base: u64) -> CsvView<'a> {
        CsvView {
            rec,
            map,
            line_base,
            whole: std::str::from_utf8(rec.as_slice()).ok(),
        }
    }

    /// Field `i` as text, untrimmed. Slicing the whole record's text gives the field only if the field
    /// begins and ends at character boundaries, that is when its bytes are valid UTF-8 by themselves;
    /// otherwise (or when the whole is not valid UTF-8) its own bytes decide.
    fn text(&self, i: usize) -> Option<Result<&'a str, std::str::Utf8Error>> {
        let range = self.rec.range(i)?;
        match self.whole.and_then(|w| w.get(range.clone())) {
            Some(text) => Some(Ok(text)),
            None => Some(std::str::from_utf8(&self.rec.as_slice()[range])),
        }
    }
}

impl Record for CsvView<'_> {
    fn line(&self) -> u64 {
        self.line_base + self.rec.position().map_or(0, |p| p.line())
    }

    fn field(&self, col: Col) -> Result<Option<&str>, Message> {
        let Some(text) = self.map[col as usize].and_then(|i| self.text(i)) else {
            return Ok(None);
        };
        let text = crate::foundation::text::trim(text.map_err(|_| not_utf8())?);
        Ok((!text.is_empty()).then_some(text))
    }
}

#[cold]
fn not_utf8() -> Message {
    Message::new(
        "这一格的文字无法读取（文件的编码不是 UTF-8、GBK 或 UTF-16：请在 Excel 中另存为“CSV UTF-8”）",
        "not valid UTF-8 text",
    )
}

/// The trimmed `worker_id` cell of a CSV record: a worker's rows are the consecutive rows with the same key.
pub fn csv_worker_key<'a>(rec: &'a csv::ByteRecord, map: &ColMap) -> &'a [u8] {
    map[Col::WorkerId as usize]
        .and_then(|i| rec.get(i))
        .unwrap_or_default()
        .trim_ascii()
}

/// Formatted rows, errors and totals of some workers, in input order.
#[derive(Default)]
pub struct WorkersOut {
    pub out: Vec<u8>,
    pub errors: Vec<BadRow>,
    pub totals: Totals,
}

impl WorkersOut {
    /// Assesses one worker (its consecutive rows) and appends its output rows, or its errors.
    pub fn worker<'r, R: Record>(
        &mut self,
        rules: &'r RuleSet,
        cache: &mut LookupCache<'r>,
        scenarios: Scenarios,
        format: Format,
        rows: &[R],
        scratch: &mut Vec<u8>,
    ) {
        self.totals.rows += rows.len() as u64;
        let result = build_request(rows)
            .and_then(|w| assess_worker(rules, &w, scenarios, cache).map_err(|e| vec![locate(&e, &w)]));
        let w = match result {
            Ok(w) => w,
            Err(mut bad) => {
                region_too(rules, rows, &mut bad);
                self.totals.rows_failed += rows.len() as u64;
                self.totals.workers_failed += 1;
                self.errors.extend(bad);
                return;
            }
        };
        self.totals.add(&w);
        for m in &w.months {
            match format {
                Format::Csv => write_csv_row(&w, m, &mut self.out),
                Format::Jsonl => write_json_row(&w, m, scratch, &mut self.out),
            }
        }
    }
}

/// A worker that failed for another reason is also checked for its region, so that every bad cell
/// is reported (the engine stops at its first error, and the request checks come before the place).
fn region_too<R: Record>(rules: &RuleSet, rows: &[R], bad: &mut Vec<BadRow>) {
    if bad.iter().any(|b| b.field == Col::Region.name()) {
        return;
    }
    let Some((line, region)) = rows
        .iter()
        .find_map(|r| Some((r.line(), r.field(Col::Region).ok().flatten()?)))
    else {
        return;
    };
    if let Err(e) = crate::engine::region::resolve(rules, region) {
        bad.push(BadRow {
            line,
            worker_id: bad.first().map(|b| b.worker_id.clone()).unwrap_or_default(),
            field: Col::Region.name().to_string(),
            code: e.code.as_str(),
            message: e.message.clone(),
        });
        bad.sort_by_key(|b| b.line);
    }
}

/// The output file's header (CSV; JSONL has none), as the csv crate writes it; with a language, a
/// second row of the columns in plain words (docs/batch.md, "Friendly labels").
pub fn write_output_header(format: Format, lang: Option<Lang>, out: &mut Vec<u8>) -> Result<(), String> {
    if format == Format::Csv {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(OUTPUT_COLUMNS).map_err(|e| e.to_string())?;
        match lang {
            Some(Lang::Zh) => w.write_record(OUTPUT_LABELS_ZH),
            Some(Lang::En) => w.write_record(OUTPUT_LABELS_EN),
            None => Ok(()),
        }
        .map_err(|e| e.to_string())?;
        w.flush().map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The errors file's header, with a row of plain words under it with a language.
pub fn write_errors_header<W: std::io::Write>(lang: Option<Lang>, w: &mut csv::Writer<W>) -> Result<(), String> {
    w.write_record(ERROR_COLUMNS).map_err(|e| e.to_string())?;
    match lang {
        Some(Lang::Zh) => w.write_record(ERROR_LABELS_ZH),
        Some(Lang::En) => w.write_record(ERROR_LABELS_EN),
        None => Ok(()),
    }
    .map_err(|e| e.to_string())
}

/// How a person is told where a bad cell is: in a language, by the column's position and the name
/// the file's own header gives it (an NGO's file may name its columns in Chinese).
#[derive(Clone, Debug)]
pub struct Locator {
    pub lang: Lang,
    /// The file's header cells, trimmed.
    pub header: Vec<String>,
    pub map: ColMap,
}

impl Locator {
    pub fn new(lang: Lang, header: &csv::StringRecord, map: ColMap) -> Locator {
        let header = header
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
            .collect();
        Locator { lang, header, map }
    }

    /// The message with the column: "第 2 列“地区”：…" / "column 2 (region): …".
    pub fn message(&self, b: &BadRow) -> String {
        let msg = match self.lang {
            Lang::Zh => &b.message.zh,
            Lang::En => &b.message.en,
        };
        let Some(i) = Col::from_name(&b.field).and_then(|c| self.map[c as usize]) else {
            return msg.clone();
        };
        let name = self.header.get(i).map_or(b.field.as_str(), String::as_str);
        match self.lang {
            Lang::Zh => format!("第 {} 列“{name}”：{msg}", i + 1),
            Lang::En => format!("column {} ({name}): {msg}", i + 1),
        }
    }

    /// The whole place, for a list on a page: "第 202 行（编号 R052），第 2 列“地区”：…".
    pub fn line_message(&self, b: &BadRow) -> String {
        match self.lang {
            Lang::Zh => format!("第 {} 行（编号 {}），{}", b.line, b.worker_id, self.message(b)),
            Lang::En => format!("line {} (worker {}), {}", b.line, b.worker_id, self.message(b)),
        }
    }
}

/// Writes error rows (CSV, [`ERROR_COLUMNS`]): the English message, or with a [`Locator`] the message
/// in its language with the column.
pub fn write_errors<W: std::io::Write>(
    errors: &[BadRow],
    locator: Option<&Locator>,
    w: &mut csv::Writer<W>,
) -> Result<(), String> {
    for b in errors {
        let message = match locator {
            Some(l) => std::borrow::Cow::Owned(l.message(b)),
            None => std::borrow::Cow::Borrowed(b.message.en.as_str()),
        };
        w.write_record([&b.line.to_string(), &b.worker_id, &b.field, b.code, &message])
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// One CSV output row. Numbers never need quoting; a text cell (worker id, region) is quoted as the
/// csv crate would (RFC 4180: when it holds a comma, a quote, a line break or edge spaces).
pub fn write_csv_row(w: &WorkerResult, m: &super::MonthRow, out: &mut Vec<u8>) {
    cells(w, m, CsvRow { out, first: true });
    out.push(b'\n');
}

/// Puts cells into a CSV row. Its `put` is always inlined, so that in each of [`cells`]' thirty calls
/// the cell's kind is known and only its own writing remains: a closure called thirty times a row
/// had to match the kind each time through a jump table (perf: a quarter of the writing's time went
/// into the call alone).
struct CsvRow<'o> {
    out: &'o mut Vec<u8>,
    first: bool,
}

impl<'a> CellSink<'a> for CsvRow<'_> {
    #[inline(always)]
    fn put(&mut self, c: Cell<'a>) {
        let out = &mut *self.out;
        if !self.first {
            out.push(b',');
        }
        self.first = false;
        match c {
            Cell::Text(t) if needs_quotes(t) => {
                out.push(b'"');
                for b in t.bytes() {
                    if b == b'"' {
                        out.push(b'"');
                    }
                    out.push(b);
                }
                out.push(b'"');
            }
            _ => write_cell(&c, out),
        }
    }
}

fn needs_quotes(t: &str) -> bool {
    t.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) || t.starts_with(' ') || t.ends_with(' ')
}

/// One JSONL output row.
pub fn write_json_row(w: &WorkerResult, m: &super::MonthRow, scratch: &mut Vec<u8>, out: &mut Vec<u8>) {
    out.push(b'{');
    let mut i = 0;
    cells(w, m, |c| {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'"');
        out.extend_from_slice(OUTPUT_COLUMNS[i].as_bytes());
        out.extend_from_slice(b"\":");
        i += 1;
        match c {
            Cell::Text(t) => {
                let _ = serde_json::to_writer(&mut *out, t);
            }
            Cell::Int(_) => write_cell(&c, out),
            Cell::Month(None) | Cell::OptFen(None) | Cell::Blank => out.extend_from_slice(b"null"),
            _ => {
                scratch.clear();
                write_cell(&c, scratch);
                out.push(b'"');
                out.extend_from_slice(scratch);
                out.push(b'"');
            }
        }
    });
    out.extend_from_slice(b"}\n");
}
