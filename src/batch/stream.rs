//! The page's batch: a CSV file fed in pieces (a Web Worker reads it with `Blob.slice()`), read by the
//! same code as `flexcalc batch`, in any of the encodings of [`super::encoding`].

use super::encoding::{detect, Decode, DecoderFactory, Detected, TextEncoding};
use super::table::{
    column_map, csv_worker_key, step_over_blank_lines, write_errors, write_errors_header, write_output_header, ColMap,
    CsvView, Format, Locator, WorkersOut,
};
use super::{Lang, Scenarios, Summary, Totals};
use crate::engine::context::LookupCache;
use crate::foundation::error::Message;
use crate::rules::RuleSet;

/// The workers of `records`: runs of consecutive records with the same key, as row ranges.
fn complete_workers(records: &[csv::ByteRecord], map: &ColMap) -> Vec<(usize, usize)> {
    let n = records.len();
    let mut workers = Vec::new();
    let mut start = 0;
    for i in 1..=n {
        if i == n || csv_worker_key(&records[i], map) != csv_worker_key(&records[i - 1], map) {
            workers.push((start, i));
            start = i;
        }
    }
    workers
}

/// Error lines the page lists on screen at most (the errors file has them all).
const SHOWN_ERRORS: usize = 20;

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
    /// With a language: the first error lines of the file in plain words, line and column included,
    /// for the page to show (at most [`SHOWN_ERRORS`] over the whole file).
    pub shown_errors: Vec<String>,
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
///
/// A file that is not UTF-8 (GBK, UTF-16) is decoded as it comes and its text kept here between
/// calls: every byte of a piece is then consumed. A UTF-8 file is read straight from the pieces.
pub struct CsvStream {
    scenarios: Scenarios,
    /// The labels row and the messages' language (`None`: the CLI's default files, byte for byte).
    lang: Option<Lang>,
    map: Option<ColMap>,
    locator: Option<Locator>,
    /// The file's encoding once known, its decoder, and the decoded text not yet consumed.
    encoding: Option<TextEncoding>,
    decoders: DecoderFactory,
    decoder: Option<Box<dyn Decode>>,
    text: Vec<u8>,
    /// Bytes of the file consumed so far.
    offset: u64,
    shown: usize,
    /// The line of the file on which the next piece begins (the header is line 1).
    line: u64,
    totals: Totals,
    records: Vec<csv::ByteRecord>,
}

impl CsvStream {
    #[cfg(not(target_arch = "wasm32"))]
    pub fn new(scenarios: Scenarios) -> CsvStream {
        CsvStream::with_lang(scenarios, None)
    }

    /// With a language: a labels row under each header, and messages in the language with the column.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn with_lang(scenarios: Scenarios, lang: Option<Lang>) -> CsvStream {
        CsvStream::with_decoders(scenarios, lang, super::encoding::Transcoder::factory)
    }

    /// With the decoders of another host (the page's: the browser's TextDecoder, src/wasm.rs).
    pub fn with_decoders(scenarios: Scenarios, lang: Option<Lang>, decoders: DecoderFactory) -> CsvStream {
        CsvStream {
            scenarios,
            lang,
            map: None,
            locator: None,
            encoding: None,
            decoders,
            decoder: None,
            text: Vec::new(),
            offset: 0,
            shown: 0,
            line: 1,
            totals: Totals::default(),
            records: Vec::new(),
        }
    }

    /// The language given to [`CsvStream::with_lang`].
    pub fn lang(&self) -> Option<Lang> {
        self.lang
    }

    /// The file's encoding, once the bytes have told it (`None` while they are all ASCII).
    pub fn encoding(&self) -> Option<TextEncoding> {
        self.encoding
    }

    /// Reads, assesses and formats the complete workers of `bytes` (see [`CsvStream`]). `Err`: the
    /// header is unusable (as `flexcalc batch`, which stops with the same message).
    pub fn push(&mut self, rules: &RuleSet, bytes: &[u8], last: bool) -> Result<Piece, Message> {
        if self.encoding.is_none() {
            match detect(bytes, self.offset, last) {
                Detected::Is(enc) => {
                    self.encoding = Some(enc);
                    if enc != TextEncoding::Utf8 {
                        let decoder = (self.decoders)(enc)
                            .map_err(|e| Message::new(format!("无法读取 {} 编码的文件：{e}", enc.name()), e))?;
                        self.decoder = Some(decoder);
                    }
                }
                // The same bytes in UTF-8 and GBK: read as UTF-8 until a non-ASCII byte tells.
                Detected::Ascii => {}
                Detected::NeedMore => return Ok(Piece::default()),
            }
        }
        let Some(decoder) = self.decoder.as_mut() else {
            let piece = self.push_text(rules, bytes, last)?;
            self.offset += piece.consumed as u64;
            return Ok(piece);
        };
        let mut text = std::mem::take(&mut self.text);
        decoder.decode(bytes, last, &mut text);
        let result = self.push_text(rules, &text, last);
        if let Ok(piece) = &result {
            text.drain(..piece.consumed);
        }
        self.text = text;
        let mut piece = result?;
        piece.consumed = bytes.len();
        self.offset += bytes.len() as u64;
        Ok(piece)
    }

    /// [`CsvStream::push`] on UTF-8 text.
    fn push_text(&mut self, rules: &RuleSet, bytes: &[u8], last: bool) -> Result<Piece, Message> {
        let mut piece = Piece::default();
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .from_reader(bytes);
        let line_base = self.line - 1;
        let map = match self.map {
            Some(map) => map,
            None => match self.read_header(&mut rdr, bytes, last, &mut piece)? {
                Some(map) => map,
                None => return Ok(piece), // the header may go on in the next piece
            },
        };
        let n = self.read_records(&mut rdr, bytes, last)?;
        let records = &self.records[..n];
        let workers = complete_workers(records, &map);
        if last {
            piece.consumed = bytes.len();
        } else if let Some(&(s, _)) = workers.last() {
            // The last worker's rows may go on in the next piece: it starts there.
            // (A record read by a reader always has its position.)
            if let Some(pos) = records[s].position() {
                piece.consumed = pos.byte() as usize;
                self.line = line_base + pos.line();
            }
        }
        let complete = if last {
            &workers[..]
        } else {
            &workers[..workers.len().saturating_sub(1)]
        };
        self.assess(rules, &map, n, complete, line_base, &mut piece)?;
        Ok(piece)
    }

    /// Reads the file's header at the start of `bytes`: the column map, and the header rows of the
    /// output and errors files into `piece`. `None` when the header may go on in the next piece.
    fn read_header(
        &mut self,
        rdr: &mut csv::Reader<&[u8]>,
        bytes: &[u8],
        last: bool,
        piece: &mut Piece,
    ) -> Result<Option<ColMap>, Message> {
        let line_base = self.line - 1;
        let mut header = csv::ByteRecord::new();
        let read = rdr
            .read_byte_record(&mut header)
            .map_err(|e| cannot_read_header(&e.to_string()))?;
        let end = rdr.position().byte() as usize;
        if !last && (!read || (end == bytes.len() && !bytes.ends_with(b"\n"))) {
            return Ok(None);
        }
        if !read {
            return Err(Message::new("文件是空的", "cannot read the header: the file is empty"));
        }
        let header =
            csv::StringRecord::from_byte_record(header).map_err(|e| cannot_read_header(&e.utf8_error().to_string()))?;
        let map = column_map(&header)?;
        self.map = Some(map);
        self.locator = self.lang.map(|lang| Locator::new(lang, &header, map));
        write_output_header(Format::Csv, self.lang, &mut piece.output).map_err(io_error)?;
        let mut w = csv::Writer::from_writer(&mut piece.errors);
        write_errors_header(self.lang, &mut w).map_err(io_error)?;
        w.flush().map_err(|e| io_error(e.to_string()))?;
        drop(w);
        piece.consumed = end;
        self.line = line_base + rdr.position().line();
        Ok(Some(map))
    }

    /// Reads every record of the piece into the reused buffers of `self.records`; how many are
    /// complete. Unless the piece ends the file, its last record may be cut anywhere (inside the worker
    /// id, or inside a quoted cell after a line break): it is left to the next piece. Were it kept, a
    /// cut id would look like another worker's and split its own worker in two.
    fn read_records(&mut self, rdr: &mut csv::Reader<&[u8]>, bytes: &[u8], last: bool) -> Result<usize, Message> {
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
                Err(e) => return Err(io_error(e.to_string())),
            }
        }
        Ok(if last { n } else { n.saturating_sub(1) })
    }

    /// Assesses and formats `workers` (row ranges of the first `n` records) into `piece`, with their
    /// errors and the counts, and adds their totals to the file's.
    fn assess(
        &mut self,
        rules: &RuleSet,
        map: &ColMap,
        n: usize,
        workers: &[(usize, usize)],
        line_base: u64,
        piece: &mut Piece,
    ) -> Result<(), Message> {
        let records = &self.records[..n];
        let mut out = WorkersOut {
            out: std::mem::take(&mut piece.output),
            ..WorkersOut::default()
        };
        let mut scratch = Vec::new();
        let mut views = Vec::new();
        let mut cache = LookupCache::default();
        for &(s, e) in workers {
            views.clear();
            views.extend(records[s..e].iter().map(|rec| CsvView::new(rec, map, line_base)));
            out.worker(rules, &mut cache, self.scenarios, Format::Csv, &views, &mut scratch);
        }
        piece.output = out.out;
        piece.rows = out.totals.rows;
        piece.workers = out.totals.all.workers + out.totals.workers_failed;
        piece.worker_months = out.totals.all.worker_months;
        piece.error_rows = out.errors.len() as u64;
        let mut w = csv::Writer::from_writer(&mut piece.errors);
        write_errors(&out.errors, self.locator.as_ref(), &mut w).map_err(io_error)?;
        w.flush().map_err(|e| io_error(e.to_string()))?;
        drop(w);
        if let Some(l) = &self.locator {
            let room = SHOWN_ERRORS - self.shown;
            piece.shown_errors = out.errors.iter().take(room).map(|b| l.line_message(b)).collect();
            self.shown += piece.shown_errors.len();
        }
        self.totals.merge(&out.totals);
        Ok(())
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

fn cannot_read_header(e: &str) -> Message {
    Message::new(format!("无法读取表头：{e}"), format!("cannot read the header: {e}"))
}

fn io_error(e: String) -> Message {
    Message::new(format!("无法读取文件：{e}"), e)
}

// Native only: the page's build takes its decoders from the browser (CsvStream::with_decoders).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::batch::{Record, INPUT_COLUMNS, N_COLS};

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
            let mut opts = crate::batch::run::Options::new(&input, dir.join("out.csv"));
            opts.summary = Some(dir.join("summary.json"));
            opts.progress = crate::batch::run::Progress::Hidden;
            opts.chunk_rows = 2;
            crate::batch::run::run(rules(), &opts).unwrap();
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
                proptest::prop_assert_eq!(view.field(INPUT_COLUMNS[i].0).map_err(|m| m.en), cell_by_its_bytes(f));
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
        assert!(e.en.contains("unknown column \"regoin\""), "{e:?}");
        assert!(CsvStream::new(Scenarios::Both).push(rules, b"", true).is_err());
        // Only a part of the header: nothing consumed, no error yet.
        let p = CsvStream::new(Scenarios::Both)
            .push(rules, b"worker_id,reg", false)
            .unwrap();
        assert_eq!((p.consumed, p.output.len()), (0, 0));
    }
}
