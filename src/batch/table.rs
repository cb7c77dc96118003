//! CSV rows through the engine without any file or thread: the header's column map, a CSV record as a
//! [`Record`], one worker's rows to output rows, the output and errors files' rows, and [`CsvStream`],
//! the incremental CSV reader of the page's batch (a file fed in pieces, in a Web Worker).
//!
//! Compiled for every target: the native driver ([`super::run`]) and the WebAssembly export
//! (`BatchCsv` in src/wasm.rs) both use these functions, so the page writes byte for byte what
//! `flexcalc batch` writes.

use super::{
    assess_worker, build_request, cells, locate, write_cell, BadRow, Cell, CellSink, Col, Record, Scenarios, Summary,
    Totals, WorkerResult, INPUT_COLUMNS, N_COLS, OUTPUT_COLUMNS, REQUIRED,
};
use crate::engine::context::LookupCache;
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

/// Maps a CSV header to the input columns: unknown, duplicate or missing required columns are fatal
/// (every row would fail).
pub fn column_map(headers: &csv::StringRecord) -> Result<ColMap, String> {
    let mut map = [None; N_COLS];
    for (i, h) in headers.iter().enumerate() {
        let name = h.trim().trim_start_matches('\u{feff}');
        let Some(col) = Col::from_name(name) else {
            return Err(format!(
                "unknown column \"{name}\" in the header (columns: {})",
                INPUT_COLUMNS.map(|(_, n)| n).join(", ")
            ));
        };
        if map[col as usize].replace(i).is_some() {
            return Err(format!("column \"{name}\" appears twice in the header"));
        }
    }
    if let Some(c) = REQUIRED.iter().find(|c| map[**c as usize].is_none()) {
        return Err(format!("the header lacks the required column \"{}\"", c.name()));
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
fn step_over_blank_lines(rec: &mut csv::ByteRecord, bytes: &[u8]) {
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

    fn field(&self, col: Col) -> Result<Option<&str>, String> {
        let Some(text) = self.map[col as usize].and_then(|i| self.text(i)) else {
            return Ok(None);
        };
        let text = crate::foundation::text::trim(text.map_err(|_| "not valid UTF-8 text".to_string())?);
        Ok((!text.is_empty()).then_some(text))
    }
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
            Err(bad) => {
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

/// The output file's header (CSV; JSONL has none), as the csv crate writes it.
pub fn write_output_header(format: Format, out: &mut Vec<u8>) -> Result<(), String> {
    if format == Format::Csv {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(OUTPUT_COLUMNS).map_err(|e| e.to_string())?;
        w.flush().map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Writes error rows (CSV, [`ERROR_COLUMNS`]).
pub fn write_errors<W: std::io::Write>(errors: &[BadRow], w: &mut csv::Writer<W>) -> Result<(), String> {
    for b in errors {
        w.write_record([&b.line.to_string(), &b.worker_id, &b.field, b.code, &b.message])
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

/// What [`CsvStream::push`] did with one piece of the file.
#[derive(Debug, Default)]
pub struct Piece {
    /// Output rows (CSV; the header row first when this piece held the file's header).
    pub output: Vec<u8>,
    /// Error rows (CSV; the header row first when this piece held the file's header).
    pub errors: Vec<u8>,
    /// Bytes of the piece consumed: the caller's next piece starts there.
    pub consumed: usize,
    /// Input rows, workers and output rows (worker-months) of this piece, and its error rows.
    pub rows: u64,
    pub workers: u64,
    pub worker_months: u64,
    pub error_rows: u64,
}

/// The page's batch: a CSV file read in pieces, one call at a time, with the totals kept between calls.
///
/// Each call to [`CsvStream::push`] gets the file's bytes from the first byte not yet consumed. It
/// assesses every worker whose rows are complete in the piece, and consumes the bytes up to the start
/// of the piece's last worker, whose rows may go on in the next piece (unless `last`: then the piece
/// runs to the end of the file and is consumed whole). So the caller cuts the file anywhere (at a
/// fixed number of bytes, in the middle of a line or of a UTF-8 character): only the csv crate
/// decides where rows and workers begin and end. A piece holding a single worker (or only part of
/// the header) consumes nothing: call again with a longer piece.
pub struct CsvStream {
    scenarios: Scenarios,
    map: Option<ColMap>,
    /// The line of the file on which the next piece begins (the header is line 1).
    line: u64,
    totals: Totals,
    records: Vec<csv::ByteRecord>,
}

impl CsvStream {
    pub fn new(scenarios: Scenarios) -> CsvStream {
        CsvStream {
            scenarios,
            map: None,
            line: 1,
            totals: Totals::default(),
            records: Vec::new(),
        }
    }

    /// Reads, assesses and formats the complete workers of `bytes` (see [`CsvStream`]). `Err`: the
    /// header is unusable (as `flexcalc batch`, which stops with the same message).
    pub fn push(&mut self, rules: &RuleSet, bytes: &[u8], last: bool) -> Result<Piece, String> {
        let mut piece = Piece::default();
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .from_reader(bytes);
        let line_base = self.line - 1;
        let map = match self.map {
            Some(map) => map,
            None => {
                let mut header = csv::ByteRecord::new();
                let read = rdr
                    .read_byte_record(&mut header)
                    .map_err(|e| format!("cannot read the header: {e}"))?;
                let end = rdr.position().byte() as usize;
                if !last && (!read || (end == bytes.len() && !bytes.ends_with(b"\n"))) {
                    return Ok(piece); // the header may go on in the next piece
                }
                if !read {
                    return Err("cannot read the header: the file is empty".into());
                }
                let header = csv::StringRecord::from_byte_record(header)
                    .map_err(|e| format!("cannot read the header: {}", e.utf8_error()))?;
                let map = column_map(&header)?;
                self.map = Some(map);
                write_output_header(Format::Csv, &mut piece.output)?;
                let mut w = csv::Writer::from_writer(&mut piece.errors);
                w.write_record(ERROR_COLUMNS).map_err(|e| e.to_string())?;
                w.flush().map_err(|e| e.to_string())?;
                drop(w);
                piece.consumed = end;
                self.line = line_base + rdr.position().line();
                map
            }
        };

        // Every record of the piece, in reused buffers.
        let mut n = 0;
        loop {
            if n == self.records.len() {
                self.records.push(csv::ByteRecord::new());
            }
            match rdr.read_byte_record(&mut self.records[n]) {
                Ok(true) => {
                    step_over_blank_lines(&mut self.records[n], bytes);
                    n += 1
                }
                Ok(false) => break,
                Err(e) => return Err(e.to_string()),
            }
        }
        // Unless the piece ends the file, its last record may be cut anywhere (inside the worker id, or
        // inside a quoted cell after a line break): it is left to the next piece. Were it kept, a cut id
        // would look like another worker's and split its own worker in two.
        let complete = if last { n } else { n.saturating_sub(1) };
        let records = &self.records[..complete];
        let n = complete;
        // Workers: runs of consecutive records with the same key; the last one waits for the next piece.
        let mut workers: Vec<(usize, usize)> = Vec::new();
        let mut start = 0;
        for i in 1..=n {
            if i == n || csv_worker_key(&records[i], &map) != csv_worker_key(&records[i - 1], &map) {
                workers.push((start, i));
                start = i;
            }
        }
        if !last {
            // (A record read by a reader always has its position.)
            if let Some(pos) = workers.pop().and_then(|(s, _)| records[s].position()) {
                piece.consumed = pos.byte() as usize;
                self.line = line_base + pos.line();
            }
        } else {
            piece.consumed = bytes.len();
        }

        let mut out = WorkersOut {
            out: std::mem::take(&mut piece.output),
            ..WorkersOut::default()
        };
        let mut scratch = Vec::new();
        let mut views = Vec::new();
        let mut cache = LookupCache::default();
        for &(s, e) in &workers {
            views.clear();
            views.extend(records[s..e].iter().map(|rec| CsvView::new(rec, &map, line_base)));
            out.worker(rules, &mut cache, self.scenarios, Format::Csv, &views, &mut scratch);
        }
        piece.output = out.out;
        piece.rows = out.totals.rows;
        piece.workers = out.totals.all.workers + out.totals.workers_failed;
        piece.worker_months = out.totals.all.worker_months;
        piece.error_rows = out.errors.len() as u64;
        let mut w = csv::Writer::from_writer(&mut piece.errors);
        write_errors(&out.errors, &mut w)?;
        w.flush().map_err(|e| e.to_string())?;
        drop(w);
        self.totals.merge(&out.totals);
        Ok(piece)
    }

    /// The totals so far.
    pub fn totals(&self) -> &Totals {
        &self.totals
    }

    /// The summary document so far (`flexcalc/v1/batch-summary`, as `flexcalc batch --summary`).
    pub fn summary(&self, rules: &RuleSet) -> Summary {
        self.totals.summary(rules)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> &'static RuleSet {
        crate::api::embedded_rules().unwrap()
    }

    /// Output, errors and summary of a file fed whole, and of the same file fed in pieces of every size.
    fn run(text: &[u8], piece: usize) -> (Vec<u8>, Vec<u8>, String) {
        let rules = rules();
        let mut s = CsvStream::new(Scenarios::Both);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut at = 0;
        let mut len = piece;
        loop {
            let end = (at + len).min(text.len());
            let last = end == text.len();
            let p = s.push(rules, &text[at..end], last).unwrap();
            out.extend_from_slice(&p.output);
            err.extend_from_slice(&p.errors);
            if last {
                break;
            }
            if p.consumed == 0 {
                len *= 2;
            }
            at += p.consumed;
        }
        let summary = crate::foundation::json_write::to_string_pretty(&s.summary(rules)).unwrap();
        (out, err, summary)
    }

    #[test]
    fn pieces_of_any_size_give_the_same_files() {
        let text = "\u{feff}worker_id,region,month,platform,hours,income,orders,sector\n\
            w1,nanjing,2025-09,美团,150,6200,400,instant_delivery\n\
            w1,nanjing,2025-09,饿了么,20,800,50,instant_delivery\n\
            w1,nanjing,2025-10,美团,160,6500,420,instant_delivery\n\
            \"w,2\",320100,2025-09,滴滴,200,9000,300,ride_hailing\n\
            \n\
            w3,nowhere,2025-09,x,1,1,1,other\n\
            w4,320100,2025-09,\"multi\nline\",10,abc,1,other\n\
            w5,南京,2025-09,美团,100,5000,,\n";
        let whole = run(text.as_bytes(), text.len());
        assert!(whole.0.starts_with(b"worker_id,month,region,"));
        let out = String::from_utf8(whole.0.clone()).unwrap();
        assert_eq!(out.lines().count(), 1 + 2 + 1 + 1, "{out}");
        assert!(out.contains("\"w,2\",2025-09,320100,"));
        let err = String::from_utf8(whole.1.clone()).unwrap();
        assert!(err.starts_with("line,worker_id,field,code,message\n"), "{err}");
        // Counted by hand: header 1, w1 2-4, "w,2" 5, blank 6, w3 7, w4 8-9 (a quoted line break).
        assert!(err.contains("\n7,w3,region,unknown_region,"), "{err}");
        assert!(err.contains("\n8,w4,income,invalid_input,"), "{err}");
        for piece in [1, 2, 7, 33, 64, 100, 200] {
            assert_eq!(run(text.as_bytes(), piece), whole, "pieces of {piece} bytes");
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            // Byte for byte what the CLI's parallel driver writes.
            let dir = std::env::temp_dir().join(format!("flexcalc-table-stream-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let input = dir.join("in.csv");
            std::fs::write(&input, text).unwrap();
            let mut opts = super::super::run::Options::new(&input, dir.join("out.csv"));
            opts.summary = Some(dir.join("summary.json"));
            opts.progress = false;
            opts.chunk_rows = 2;
            super::super::run::run(rules(), &opts).unwrap();
            assert_eq!(std::fs::read(dir.join("out.csv")).unwrap(), whole.0);
            assert_eq!(std::fs::read(dir.join("out.errors.csv")).unwrap(), whole.1);
            assert_eq!(
                std::fs::read_to_string(dir.join("summary.json")).unwrap(),
                whole.2 + "\n"
            );
            let _ = std::fs::remove_dir_all(&dir);
        }
    }

    /// A cell as read from its own bytes alone: checked as UTF-8, then trimmed.
    #[cfg(not(target_arch = "wasm32"))]
    fn cell_by_its_bytes(bytes: &[u8]) -> Result<Option<&str>, String> {
        let text = std::str::from_utf8(bytes).map_err(|_| "not valid UTF-8 text".to_string())?;
        let text = text.trim();
        Ok((!text.is_empty()).then_some(text))
    }

    /// Cells of ASCII, Chinese, Unicode and ASCII whitespace, and stray bytes (which cut characters
    /// between two fields too).
    #[cfg(not(target_arch = "wasm32"))]
    fn any_cell() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            any::<u8>().prop_map(|b| vec![b]),
            proptest::sample::select(vec![
                "a", "7", " ", "\t", "\u{b}", "美团", "\u{3000}", "\u{a0}", "\u{85}"
            ])
            .prop_map(|t| t.as_bytes().to_vec()),
        ];
        proptest::collection::vec(piece, 0..5).prop_map(|pieces| pieces.concat())
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn a_view_reads_each_cell_as_its_own_bytes(fields in proptest::collection::vec(any_cell(), 1..N_COLS)) {
            let rec = csv::ByteRecord::from(fields.clone());
            let mut map = [None; N_COLS];
            for (i, m) in map.iter_mut().enumerate().take(fields.len()) {
                *m = Some(i);
            }
            let view = CsvView::new(&rec, &map, 0);
            for (i, f) in fields.iter().enumerate() {
                proptest::prop_assert_eq!(view.field(INPUT_COLUMNS[i].0), cell_by_its_bytes(f));
            }
        }
    }

    #[test]
    fn a_bad_header_is_fatal_and_an_empty_file_too() {
        let rules = rules();
        let e = CsvStream::new(Scenarios::Both)
            .push(rules, b"worker_id,regoin\n", true)
            .err()
            .unwrap();
        assert!(e.contains("unknown column \"regoin\""), "{e}");
        assert!(CsvStream::new(Scenarios::Both).push(rules, b"", true).is_err());
        // Only a part of the header: nothing consumed, no error yet.
        let p = CsvStream::new(Scenarios::Both)
            .push(rules, b"worker_id,reg", false)
            .unwrap();
        assert_eq!((p.consumed, p.output.len()), (0, 0));
    }
}
