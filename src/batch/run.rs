//! `flexcalc batch`: stream a CSV or JSONL file of rows through the engine on every core.
//!
//! Three stages joined by bounded channels, so memory stays flat however large the file:
//!
//! 1. the reader (this thread) reads rows into recycled chunks of about [`Options::chunk_rows`] rows,
//!    cutting only between workers (a worker's rows are consecutive);
//! 2. the compute thread splits a chunk into tasks of a few hundred rows and hands them to the rayon
//!    pool as they come (no wait for a chunk's last task before the next chunk's first); each task
//!    parses its workers' rows, assesses them and formats their output rows into a buffer of its own;
//! 3. the writer thread takes the tasks' buffers as they finish and writes them and the errors in
//!    input order, adds up the totals, moves the progress bar, and hands each chunk back to the reader
//!    for reuse once its last task is written.
//!
//! At most seven chunks exist at once (two in each channel, one in each stage).

use super::encoding::decoded;
use super::jsonl::{JsonRow, JsonView};
pub use super::table::{column_map, Format};
use super::table::{
    csv_worker_key, date_record, write_errors, write_errors_header, write_output_header, ColMap, CsvView, Locator,
    WorkersOut,
};
use super::{Col, Lang, Record, Scenarios, Totals, N_COLS};
use crate::engine::context::LookupCache;
use crate::rules::RuleSet;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

/// What `flexcalc batch` was asked to do.
#[derive(Clone, Debug)]
pub struct Options {
    pub input: PathBuf,
    /// `-` for standard output.
    pub output: PathBuf,
    pub errors: PathBuf,
    pub summary: Option<PathBuf>,
    pub input_format: Format,
    pub output_format: Format,
    /// Show a progress bar (only when standard error is a terminal).
    pub progress: bool,
    /// Rows per chunk (bounded memory: about seven chunks exist at once).
    pub chunk_rows: usize,
    pub scenarios: Scenarios,
    /// `--lang`: a labels row under each header, and the errors' messages in the language with their
    /// column (`None`: English messages, no labels row).
    pub lang: Option<Lang>,
}

impl Options {
    /// Options with the defaults: formats from the extensions (CSV when unknown), the errors file
    /// beside the output (`out.csv` → `out.errors.csv`).
    pub fn new(input: impl Into<PathBuf>, output: impl Into<PathBuf>) -> Options {
        let input = input.into();
        let output = output.into();
        let input_format = Format::from_path(&input).unwrap_or(Format::Csv);
        let output_format = Format::from_path(&output).unwrap_or(input_format);
        Options {
            errors: default_errors_path(&output),
            input,
            output,
            summary: None,
            input_format,
            output_format,
            progress: true,
            // Fewer rows in flight than 64 Ki: fewer fresh pages for the kernel to zero before the chunks
            // are recycled (1 M rows: 1.28 → 1.14 s, 158 → 69 MB, measured 2026-11-29).
            chunk_rows: 16 * 1024,
            scenarios: Scenarios::Both,
            lang: None,
        }
    }
}

/// `out.csv` → `out.errors.csv` beside it; for standard output, `batch.errors.csv`.
pub fn default_errors_path(output: &Path) -> PathBuf {
    if output.as_os_str() == "-" {
        return PathBuf::from("batch.errors.csv");
    }
    let stem = output.file_stem().and_then(|s| s.to_str()).unwrap_or("batch");
    output.with_file_name(format!("{stem}.errors.csv"))
}

/// The result of a run.
#[derive(Debug)]
pub struct Outcome {
    pub totals: Totals,
    /// Lines written to the errors file.
    pub errors: u64,
    pub elapsed: Duration,
}

/// A chunk of rows: `rows[..len]` are in use, the rest are buffers kept for reuse.
struct Chunk<T> {
    rows: Vec<T>,
    len: usize,
    /// `(start, end)` row ranges of the workers, in order.
    workers: Vec<(usize, usize)>,
    /// Input bytes read up to the end of this chunk, for the progress bar.
    position: u64,
}

impl<T: Row> Chunk<T> {
    fn new() -> Self {
        Chunk {
            rows: Vec::new(),
            len: 0,
            workers: Vec::new(),
            position: 0,
        }
    }

    fn clear(&mut self) {
        self.len = 0;
        self.workers.clear();
    }

    /// The next row buffer, recycled when possible, else made with room for a row like the last one.
    fn next_slot(&mut self) -> &mut T {
        if self.len == self.rows.len() {
            let fresh = self.rows.last().map_or_else(T::default, T::sized_like);
            self.rows.push(fresh);
        }
        self.len += 1;
        &mut self.rows[self.len - 1]
    }
}

/// A row type the driver can stream: read into a recycled buffer, viewed as a [`Record`].
trait Row: Default + Send + Sync {
    type View<'a>: Record
    where
        Self: 'a;
    fn view<'a>(&'a self, map: &'a ColMap) -> Self::View<'a>;
    fn worker_key<'a>(&'a self, map: &ColMap) -> &'a [u8];
    /// An empty buffer with room for a row like this one (the rows of a file are alike).
    fn sized_like(&self) -> Self {
        Self::default()
    }
}

impl Row for csv::ByteRecord {
    type View<'a> = CsvView<'a>;

    fn view<'a>(&'a self, map: &'a ColMap) -> CsvView<'a> {
        CsvView::new(self, map, 0)
    }

    fn worker_key<'a>(&'a self, map: &ColMap) -> &'a [u8] {
        csv_worker_key(self, map)
    }

    /// The csv reader grows a record's buffers by doubling them from nothing, with a reallocation and
    /// another call of its parser at each step: about eight steps for a fresh buffer. Twice the last
    /// row's size is about where that doubling ends anyway.
    fn sized_like(&self) -> Self {
        csv::ByteRecord::with_capacity(2 * self.as_slice().len(), self.len())
    }
}

impl Row for JsonRow {
    type View<'a> = JsonView<'a>;

    fn view<'a>(&'a self, _map: &'a ColMap) -> JsonView<'a> {
        JsonView(self)
    }

    fn worker_key<'a>(&'a self, _map: &ColMap) -> &'a [u8] {
        self.cells[Col::WorkerId as usize]
            .as_deref()
            .unwrap_or_default()
            .as_bytes()
    }
}

/// Rows per rayon task: small enough to balance two cores, large enough to amortise the scheduling.
const TASK_ROWS: usize = 512;

/// Output buffers the writer has emptied, for the next tasks: a task's buffer is about 100 kB, and the
/// ~2,000 tasks of a million rows no longer each allocate one afresh (a small gain, 1.23 → 1.20 s; most
/// of the kernel's page zeroing that perf showed came from fresh chunks, see `Options::chunk_rows`).
#[derive(Default)]
struct BufferPool(std::sync::Mutex<Vec<Vec<u8>>>);

/// At most this many buffers wait in the pool (the pipeline holds a few hundred at its deepest).
const POOLED_BUFFERS: usize = 512;

impl BufferPool {
    fn take(&self) -> Vec<u8> {
        let recycled = self.0.lock().ok().and_then(|mut pool| pool.pop());
        recycled.unwrap_or_else(|| Vec::with_capacity(TASK_ROWS * 256))
    }

    fn give(&self, mut buffer: Vec<u8>) {
        buffer.clear();
        if let Ok(mut pool) = self.0.lock() {
            if pool.len() < POOLED_BUFFERS {
                pool.push(buffer);
            }
        }
    }
}

fn process<'r, T: Row>(
    rules: &'r RuleSet,
    opts: &Options,
    map: &ColMap,
    chunk: &Chunk<T>,
    workers: &[(usize, usize)],
    buffers: &BufferPool,
    cache: &mut LookupCache<'r>,
) -> WorkersOut {
    let mut t = WorkersOut {
        out: buffers.take(),
        ..WorkersOut::default()
    };
    let mut scratch = Vec::with_capacity(64);
    let mut views = Vec::new();
    for &(start, end) in workers {
        views.clear();
        views.extend(chunk.rows[start..end].iter().map(|r| r.view(map)));
        t.worker(rules, cache, opts.scenarios, opts.output_format, &views, &mut scratch);
    }
    t
}

/// Splits a chunk's workers into tasks of about [`TASK_ROWS`] rows: ranges of `workers`' indices.
fn tasks(workers: &[(usize, usize)]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    let mut rows = 0;
    for (i, &(s, e)) in workers.iter().enumerate() {
        rows += e - s;
        if rows >= TASK_ROWS {
            out.push(from..i + 1);
            from = i + 1;
            rows = 0;
        }
    }
    if from < workers.len() {
        out.push(from..workers.len());
    }
    out
}

/// Lookup caches between tasks: a task takes one, fills it, and gives it back for the next task, so
/// that what a place's workers ask the rules carries over from task to task (a task's few dozen
/// workers come from about as many places).
#[derive(Default)]
struct CachePool<'r>(std::sync::Mutex<Vec<LookupCache<'r>>>);

impl<'r> CachePool<'r> {
    fn take(&self) -> LookupCache<'r> {
        self.0.lock().ok().and_then(|mut pool| pool.pop()).unwrap_or_default()
    }

    fn give(&self, cache: LookupCache<'r>) {
        if let Ok(mut pool) = self.0.lock() {
            pool.push(cache);
        }
    }
}

/// A chunk on its way to the writer: the chunk, its number of tasks, and where their outputs arrive
/// (task index, output) in the order they finish.
type Computed<T> = (Arc<Chunk<T>>, usize, mpsc::Receiver<(usize, WorkersOut)>);

fn open_output(path: &Path) -> Result<Box<dyn Write + Send>, String> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(BufWriter::with_capacity(1 << 20, io::stdout())));
    }
    let f = File::create(path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    Ok(Box::new(BufWriter::with_capacity(1 << 20, f)))
}

fn progress_bar(enabled: bool, total: u64) -> indicatif::ProgressBar {
    if !enabled || !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    // Standard input has no known length: a spinner with the bytes read.
    let (pb, template) = if total == 0 {
        (
            indicatif::ProgressBar::new_spinner(),
            "{spinner} [{elapsed_precise}] {bytes} ({bytes_per_sec}) {msg}",
        )
    } else {
        (
            indicatif::ProgressBar::new(total),
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, eta {eta}) {msg}",
        )
    };
    let style =
        indicatif::ProgressStyle::with_template(template).unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    pb.set_style(style);
    pb
}

/// Reads rows of type `T` with `read` (which returns `false` at the end), streams them through the
/// pipeline, and returns the totals.
fn pipeline<T: Row>(
    rules: &RuleSet,
    opts: &Options,
    map: &ColMap,
    locator: Option<&Locator>,
    total_bytes: u64,
    mut read: impl FnMut(&mut T) -> Result<Option<u64>, String>,
) -> Result<(Totals, u64), String> {
    let mut out = open_output(&opts.output)?;
    let mut header = Vec::new();
    write_output_header(opts.output_format, opts.lang, &mut header)?;
    out.write_all(&header)
        .map_err(|e| format!("cannot write {}: {e}", opts.output.display()))?;
    let errors_file =
        File::create(&opts.errors).map_err(|e| format!("cannot create {}: {e}", opts.errors.display()))?;
    let mut errors = csv::Writer::from_writer(BufWriter::new(errors_file));
    write_errors_header(opts.lang, &mut errors)?;
    let pb = progress_bar(opts.progress, total_bytes);
    let chunk_rows = opts.chunk_rows.max(1);

    let buffers = BufferPool::default();
    let buffers = &buffers;
    let caches = CachePool::default();
    let caches = &caches;
    std::thread::scope(|s| {
        let (to_compute, from_reader) = mpsc::sync_channel::<Chunk<T>>(2);
        let (to_writer, from_compute) = mpsc::sync_channel::<Computed<T>>(2);
        let (recycle, recycled) = mpsc::channel::<Chunk<T>>();

        // Each chunk's tasks go to the rayon pool as they come, with no wait for a chunk's last task
        // before the next chunk's first: at the end of a chunk the other cores move on to the next one
        // (a wait per chunk left a core idle for about 4 % of the run, measured with smaller chunks).
        s.spawn(move || {
            rayon::in_place_scope_fifo(|scope| {
                for chunk in from_reader {
                    let chunk = Arc::new(chunk);
                    let ranges = tasks(&chunk.workers);
                    let (done, outputs) = mpsc::channel();
                    if to_writer.send((Arc::clone(&chunk), ranges.len(), outputs)).is_err() {
                        break;
                    }
                    for (i, range) in ranges.into_iter().enumerate() {
                        let (chunk, done) = (Arc::clone(&chunk), done.clone());
                        scope.spawn_fifo(move |_| {
                            let mut cache = caches.take();
                            let out = process(rules, opts, map, &chunk, &chunk.workers[range], buffers, &mut cache);
                            caches.give(cache);
                            // The chunk goes back to the reader once the writer holds the last handle.
                            drop(chunk);
                            let _ = done.send((i, out));
                        });
                    }
                }
            });
        });

        let pb_writer = pb.clone();
        let writer = s.spawn(move || -> Result<(Totals, u64), String> {
            let mut totals = Totals::default();
            let mut n_errors = 0u64;
            for (chunk, n_tasks, outputs) in from_compute {
                // Tasks finish in any order; their outputs are written in the input's.
                let mut waiting: Vec<Option<WorkersOut>> = (0..n_tasks).map(|_| None).collect();
                let mut next = 0;
                while next < n_tasks {
                    let (i, t) = outputs
                        .recv()
                        .map_err(|_| "a batch task stopped without its output".to_string())?;
                    waiting[i] = Some(t);
                    while let Some(t) = waiting.get_mut(next).and_then(Option::take) {
                        out.write_all(&t.out)
                            .map_err(|e| format!("cannot write {}: {e}", opts.output.display()))?;
                        buffers.give(t.out);
                        write_errors(&t.errors, locator, &mut errors)?;
                        n_errors += t.errors.len() as u64;
                        totals.merge(&t.totals);
                        next += 1;
                    }
                }
                pb_writer.set_position(chunk.position);
                pb_writer.set_message(format!(
                    "{} workers, {} worker-months",
                    totals.all.workers, totals.all.worker_months
                ));
                // Every task has dropped its handle before sending its output.
                if let Ok(mut chunk) = Arc::try_unwrap(chunk) {
                    chunk.clear();
                    let _ = recycle.send(chunk);
                }
            }
            out.flush()
                .map_err(|e| format!("cannot write {}: {e}", opts.output.display()))?;
            errors.flush().map_err(|e| e.to_string())?;
            Ok((totals, n_errors))
        });

        let read_result = (|| -> Result<(), String> {
            let mut chunk = Chunk::<T>::new();
            let mut worker_start = 0;
            let mut last_position = 0;
            loop {
                let slot = chunk.next_slot();
                let Some(position) = read(slot)? else {
                    chunk.len -= 1;
                    break;
                };
                last_position = position;
                let n = chunk.len;
                let new_worker = n == 1 || chunk.rows[n - 1].worker_key(map) != chunk.rows[n - 2].worker_key(map);
                if new_worker && n > 1 {
                    chunk.workers.push((worker_start, n - 1));
                    worker_start = n - 1;
                    if n > chunk_rows {
                        // Cut before the new worker: its row moves to the next chunk.
                        let mut next = recycled.try_recv().unwrap_or_else(|_| Chunk::new());
                        std::mem::swap(next.next_slot(), &mut chunk.rows[n - 1]);
                        chunk.len -= 1;
                        chunk.position = position;
                        if to_compute.send(chunk).is_err() {
                            return Ok(());
                        }
                        chunk = next;
                        worker_start = 0;
                    }
                }
            }
            if chunk.len > 0 {
                chunk.workers.push((worker_start, chunk.len));
                chunk.position = total_bytes.max(last_position);
                let _ = to_compute.send(chunk);
            }
            Ok(())
        })();
        drop(to_compute);
        let written = writer.join().map_err(|_| "the writer thread failed".to_string())?;
        pb.finish_and_clear();
        read_result?;
        written
    })
}

/// The input, counting the bytes read and keeping the last: at the end of the input, whether the last
/// record was ended by a line break.
struct Tracked {
    inner: Box<dyn io::Read + Send>,
    read: u64,
    last: u8,
}

impl Read for Tracked {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            self.read += n as u64;
            self.last = buf[n - 1];
        }
        Ok(n)
    }
}

/// Runs a batch. `Err` is a fatal problem (a file that cannot be opened, a bad header); bad rows are
/// not: they go to the errors file.
pub fn run(rules: &RuleSet, opts: &Options) -> Result<Outcome, String> {
    let t0 = Instant::now();
    // `-`: standard input (a pipe from a decompressor, or a dataframe engine's `pipe`).
    let (file, total_bytes): (Box<dyn io::Read + Send>, u64) = if opts.input.as_os_str() == "-" {
        (Box::new(io::stdin()), 0)
    } else {
        let f = File::open(&opts.input).map_err(|e| format!("cannot read {}: {e}", opts.input.display()))?;
        let len = f.metadata().map(|m| m.len()).unwrap_or(0);
        (Box::new(f), len)
    };
    let file = decoded(file, total_bytes).map_err(|e| format!("cannot read {}: {e}", opts.input.display()))?;
    // Whether the last record ended with a line break (see `date_record`) is known once the reader has
    // reached the end of the input, from the last byte read: a file or a pipe alike.
    let file = Tracked {
        inner: file,
        read: 0,
        last: b'\n',
    };
    let mut input = BufReader::with_capacity(1 << 20, file);
    // With CRLF line ends the reader stops a record at its CR and leaves the LF to the next read, so a
    // record's stop is then on its own line (`date_record`). The first line tells which ends the file uses.
    let crlf = {
        let head = input
            .fill_buf()
            .map_err(|e| format!("cannot read {}: {e}", opts.input.display()))?;
        head.iter()
            .position(|&b| b == b'\n')
            .is_some_and(|i| i > 0 && head[i - 1] == b'\r')
    };
    let (totals, errors) = match opts.input_format {
        Format::Csv => {
            let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(input);
            let headers = rdr
                .headers()
                .map_err(|e| format!("cannot read the header of {}: {e}", opts.input.display()))?
                .clone();
            let map = column_map(&headers).map_err(|m| m.en)?;
            let locator = opts.lang.map(|lang| Locator::new(lang, &headers, map));
            pipeline::<csv::ByteRecord>(rules, opts, &map, locator.as_ref(), total_bytes, |rec| {
                match rdr.read_byte_record(rec) {
                    Ok(true) => {
                        let end = rdr.position();
                        // A record that stops before the last byte read was ended by a line break.
                        let tracked = rdr.get_ref().get_ref();
                        let terminated = !crlf && (end.byte() < tracked.read || tracked.last == b'\n');
                        date_record(rec, end.line(), terminated);
                        Ok(Some(end.byte()))
                    }
                    Ok(false) => Ok(None),
                    Err(e) => Err(format!("{}: {e}", opts.input.display())),
                }
            })?
        }
        Format::Jsonl => {
            let mut lines = input;
            let mut line_no = 0u64;
            let mut bytes = 0u64;
            let mut buf = String::new();
            let locator = opts.lang.map(|lang| Locator {
                lang,
                header: Vec::new(),
                map: [None; N_COLS],
            });
            pipeline::<JsonRow>(
                rules,
                opts,
                &[None; N_COLS],
                locator.as_ref(),
                total_bytes,
                |row| loop {
                    buf.clear();
                    let n = lines
                        .read_line(&mut buf)
                        .map_err(|e| format!("{}: {e}", opts.input.display()))?;
                    if n == 0 {
                        return Ok(None);
                    }
                    line_no += 1;
                    bytes += n as u64;
                    if buf.trim().is_empty() {
                        continue;
                    }
                    row.parse(line_no, buf.trim_end());
                    return Ok(Some(bytes));
                },
            )?
        }
    };
    if let Some(path) = &opts.summary {
        let doc = crate::foundation::json_write::to_string_pretty(&totals.summary(rules)).map_err(|e| e.to_string())?;
        std::fs::write(path, doc + "\n").map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(Outcome {
        totals,
        errors,
        elapsed: t0.elapsed(),
    })
}

/// A short human summary for standard error.
pub fn describe(rules: &RuleSet, o: &Outcome) -> String {
    let s = o.totals.summary(rules);
    let t = &s.totals;
    let secs = o.elapsed.as_secs_f64();
    let mut text = format!(
        "batch: {} rows, {} workers, {} worker-months in {:.2} s ({:.0} worker-months/s); {} workers failed ({} rows), {} errors\n",
        s.rows,
        t.workers,
        t.worker_months,
        secs,
        t.worker_months as f64 / secs.max(1e-9),
        s.workers_failed,
        s.rows_failed,
        o.errors
    );
    text.push_str("                      pension total   worker pays  platforms pay   injury (platforms)\n");
    for (name, x) in [("current_law", &t.current_law), ("labor_facts", &t.labor_facts)] {
        text.push_str(&format!(
            "  {name:<12} {:>20} {:>13} {:>14} {:>20}\n",
            (x.pension_total.value() + x.medical_total.value()).round_dp(2),
            x.worker.value().round_dp(2),
            x.platforms.value().round_dp(2),
            x.injury_platforms.value().round_dp(2)
        ));
    }
    text.push_str(&format!(
        "  (pension + medical; labor_facts moves {} from workers to platforms; {} regions)",
        (-t.worker_difference.value()).round_dp(2),
        s.regions.len()
    ));
    text
}
