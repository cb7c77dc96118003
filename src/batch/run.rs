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

use super::chunk::{tasks, BufferPool, CachePool, Chunk, Row};
use super::encoding::decoded;
use super::jsonl::JsonRow;
pub use super::table::{column_map, Format};
use super::table::{date_record, write_errors, write_errors_header, write_output_header, ColMap, Locator, WorkersOut};
use super::{Lang, Scenarios, Totals, N_COLS};
use crate::engine::context::LookupCache;
use crate::rules::RuleSet;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
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
    /// Whether to draw a progress bar (only ever on a terminal).
    pub progress: Progress,
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
            progress: Progress::OnTerminal,
            // Fewer rows in flight than 64 Ki: fewer fresh pages for the kernel to zero before the chunks
            // are recycled (1 M rows: 1.28 → 1.14 s, 158 → 69 MB, measured 2026-11-29).
            chunk_rows: 16 * 1024,
            scenarios: Scenarios::Both,
            lang: None,
        }
    }
}

/// Whether a run draws a progress bar on standard error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// When standard error is a terminal (not when it is piped or redirected to a file).
    OnTerminal,
    Hidden,
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

fn progress_bar(progress: Progress, total: u64) -> indicatif::ProgressBar {
    if progress == Progress::Hidden || !io::stderr().is_terminal() {
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

/// Reads rows of type `T` with `read` (which returns `None` at the end, else the input bytes read so
/// far), streams them through the pipeline, and returns the totals and the number of error lines.
fn pipeline<T: Row>(
    rules: &RuleSet,
    opts: &Options,
    map: &ColMap,
    locator: Option<&Locator>,
    total_bytes: u64,
    read: impl FnMut(&mut T) -> Result<Option<u64>, String>,
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

    let shared = Shared {
        rules,
        opts,
        map,
        buffers: &BufferPool::default(),
        caches: &CachePool::default(),
    };
    std::thread::scope(|s| {
        let (to_compute, from_reader) = mpsc::sync_channel::<Chunk<T>>(2);
        let (to_writer, from_compute) = mpsc::sync_channel::<Computed<T>>(2);
        let (recycle, recycled) = mpsc::channel::<Chunk<T>>();
        s.spawn(move || compute_stage(shared, from_reader, to_writer));
        let files = Files {
            out,
            errors,
            locator,
            pb: pb.clone(),
        };
        let writer = s.spawn(move || write_stage(shared, files, from_compute, recycle));
        // The reader's end of the recycling channel outlives the writer: chunks the writer hands back after the
        // last read wait there and are freed here, on the thread that allocated their rows (freed on the
        // writer's thread instead, they cost the allocator about 2 % more instructions over a run).
        let read_result = read_stage(map, opts.chunk_rows.max(1), total_bytes, read, to_compute, &recycled);
        let written = writer.join().map_err(|_| "the writer thread failed".to_string())?;
        pb.finish_and_clear();
        read_result?;
        written
    })
}

/// What every stage and task of a run reads: the rules, the options, the column map, and the pools.
#[derive(Clone, Copy)]
struct Shared<'a, 'r> {
    rules: &'r RuleSet,
    opts: &'a Options,
    map: &'a ColMap,
    buffers: &'a BufferPool,
    caches: &'a CachePool<'r>,
}

/// The compute stage: each chunk's tasks go to the rayon pool as they come, with no wait for a chunk's
/// last task before the next chunk's first: at the end of a chunk the other cores move on to the next
/// one (a wait per chunk left a core idle for about 4 % of the run, measured with smaller chunks).
fn compute_stage<T: Row>(
    shared: Shared<'_, '_>,
    from_reader: mpsc::Receiver<Chunk<T>>,
    to_writer: mpsc::SyncSender<Computed<T>>,
) {
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
                    let mut cache = shared.caches.take();
                    let Shared {
                        rules,
                        opts,
                        map,
                        buffers,
                        ..
                    } = shared;
                    let out = process(rules, opts, map, &chunk, &chunk.workers[range], buffers, &mut cache);
                    shared.caches.give(cache);
                    // The chunk goes back to the reader once the writer holds the last handle.
                    drop(chunk);
                    let _ = done.send((i, out));
                });
            }
        }
    });
}

/// Where the writer stage writes: the output, the errors file (with the locator that words their
/// messages) and the progress bar.
struct Files<'l> {
    out: Box<dyn Write + Send>,
    errors: csv::Writer<BufWriter<File>>,
    locator: Option<&'l Locator>,
    pb: indicatif::ProgressBar,
}

/// The writer stage: writes the tasks' outputs and errors in the input's order as they finish, adds up
/// the totals, moves the progress bar, and hands each chunk back to the reader once written.
fn write_stage<T: Row>(
    shared: Shared<'_, '_>,
    mut files: Files<'_>,
    from_compute: mpsc::Receiver<Computed<T>>,
    recycle: mpsc::Sender<Chunk<T>>,
) -> Result<(Totals, u64), String> {
    let output = &shared.opts.output;
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
                files
                    .out
                    .write_all(&t.out)
                    .map_err(|e| format!("cannot write {}: {e}", output.display()))?;
                shared.buffers.give(t.out);
                write_errors(&t.errors, files.locator, &mut files.errors)?;
                n_errors += t.errors.len() as u64;
                totals.merge(&t.totals);
                next += 1;
            }
        }
        files.pb.set_position(chunk.position);
        files.pb.set_message(format!(
            "{} workers, {} worker-months",
            totals.all.workers, totals.all.worker_months
        ));
        // Every task has dropped its handle before sending its output.
        if let Ok(mut chunk) = Arc::try_unwrap(chunk) {
            chunk.clear();
            let _ = recycle.send(chunk);
        }
    }
    files
        .out
        .flush()
        .map_err(|e| format!("cannot write {}: {e}", output.display()))?;
    files.errors.flush().map_err(|e| e.to_string())?;
    Ok((totals, n_errors))
}

/// The reader stage (the calling thread): reads rows into recycled chunks of about `chunk_rows` rows,
/// cutting only between workers, and sends them to the compute stage.
fn read_stage<T: Row>(
    map: &ColMap,
    chunk_rows: usize,
    total_bytes: u64,
    mut read: impl FnMut(&mut T) -> Result<Option<u64>, String>,
    to_compute: mpsc::SyncSender<Chunk<T>>,
    recycled: &mpsc::Receiver<Chunk<T>>,
) -> Result<(), String> {
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
    let (input, total_bytes, crlf) = open_input(&opts.input)?;
    let (totals, errors) = match opts.input_format {
        Format::Csv => run_csv(rules, opts, input, total_bytes, crlf)?,
        Format::Jsonl => run_jsonl(rules, opts, input, total_bytes)?,
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

/// The input decoded to UTF-8 (`-`: standard input, a pipe from a decompressor or a dataframe
/// engine's `pipe`), its length in bytes (0 when unknown), and whether its lines end with CRLF.
fn open_input(path: &Path) -> Result<(BufReader<Tracked>, u64, bool), String> {
    let (file, total_bytes): (Box<dyn io::Read + Send>, u64) = if path.as_os_str() == "-" {
        (Box::new(io::stdin()), 0)
    } else {
        let f = File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let len = f.metadata().map(|m| m.len()).unwrap_or(0);
        (Box::new(f), len)
    };
    let file = decoded(file, total_bytes).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
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
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        head.iter()
            .position(|&b| b == b'\n')
            .is_some_and(|i| i > 0 && head[i - 1] == b'\r')
    };
    Ok((input, total_bytes, crlf))
}

/// A CSV input through the pipeline: its header names the columns.
fn run_csv(
    rules: &RuleSet,
    opts: &Options,
    input: BufReader<Tracked>,
    total_bytes: u64,
    crlf: bool,
) -> Result<(Totals, u64), String> {
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
    })
}

/// A JSONL input through the pipeline: one object per line, blank lines skipped.
fn run_jsonl(
    rules: &RuleSet,
    opts: &Options,
    mut lines: BufReader<Tracked>,
    total_bytes: u64,
) -> Result<(Totals, u64), String> {
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
    )
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
