//! The batch pipeline's pieces of work: chunks of rows (recycled between the reader and the writer),
//! the row types a chunk holds (CSV records, JSONL rows), the split of a chunk into tasks for the
//! rayon pool, and the output buffers and lookup caches the tasks share.

use super::jsonl::{JsonRow, JsonView};
use super::table::{csv_worker_key, ColMap, CsvView};
use super::{Col, Record};
use crate::engine::context::LookupCache;
use std::ops::Range;

/// A chunk of rows: `rows[..len]` are in use, the rest are buffers kept for reuse.
pub(super) struct Chunk<T> {
    pub rows: Vec<T>,
    pub len: usize,
    /// `(start, end)` row ranges of the workers, in order.
    pub workers: Vec<(usize, usize)>,
    /// Input bytes read up to the end of this chunk, for the progress bar.
    pub position: u64,
}

impl<T: Row> Chunk<T> {
    pub fn new() -> Self {
        Chunk {
            rows: Vec::new(),
            len: 0,
            workers: Vec::new(),
            position: 0,
        }
    }

    pub fn clear(&mut self) {
        self.len = 0;
        self.workers.clear();
    }

    /// The next row buffer, recycled when possible, else made with room for a row like the last one.
    pub fn next_slot(&mut self) -> &mut T {
        if self.len == self.rows.len() {
            let fresh = self.rows.last().map_or_else(T::default, T::sized_like);
            self.rows.push(fresh);
        }
        self.len += 1;
        &mut self.rows[self.len - 1]
    }
}

/// A row type the driver can stream: read into a recycled buffer, viewed as a [`Record`].
pub(super) trait Row: Default + Send + Sync {
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
pub(super) const TASK_ROWS: usize = 512;

/// Output buffers the writer has emptied, for the next tasks: a task's buffer is about 100 kB, and the
/// ~2,000 tasks of a million rows no longer each allocate one afresh (a small gain, 1.23 → 1.20 s; most
/// of the kernel's page zeroing that perf showed came from fresh chunks, see `Options::chunk_rows`).
#[derive(Default)]
pub(super) struct BufferPool(std::sync::Mutex<Vec<Vec<u8>>>);

/// At most this many buffers wait in the pool (the pipeline holds a few hundred at its deepest).
const POOLED_BUFFERS: usize = 512;

impl BufferPool {
    pub fn take(&self) -> Vec<u8> {
        let recycled = self.0.lock().ok().and_then(|mut pool| pool.pop());
        recycled.unwrap_or_else(|| Vec::with_capacity(TASK_ROWS * 256))
    }

    pub fn give(&self, mut buffer: Vec<u8>) {
        buffer.clear();
        if let Ok(mut pool) = self.0.lock() {
            if pool.len() < POOLED_BUFFERS {
                pool.push(buffer);
            }
        }
    }
}

/// Splits a chunk's workers into tasks of about [`TASK_ROWS`] rows: ranges of `workers`' indices.
pub(super) fn tasks(workers: &[(usize, usize)]) -> Vec<Range<usize>> {
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
pub(super) struct CachePool<'r>(std::sync::Mutex<Vec<LookupCache<'r>>>);

impl<'r> CachePool<'r> {
    pub fn take(&self) -> LookupCache<'r> {
        self.0.lock().ok().and_then(|mut pool| pool.pop()).unwrap_or_default()
    }

    pub fn give(&self, cache: LookupCache<'r>) {
        if let Ok(mut pool) = self.0.lock() {
            pool.push(cache);
        }
    }
}
