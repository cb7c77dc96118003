// The page's batch (docs/batch.md, "In the page"): a module Web Worker that computes a CSV file of
// workers with the wasm engine, off the page's thread, and hands back the output and errors files as
// Blobs. Nothing leaves the browser: the file is read with Blob.slice(), the results are Blobs.
//
// No CSV handling here: the file is cut into pieces of a fixed number of bytes (anywhere, even
// inside a line or a UTF-8 character), and BatchCsv.push() — the same Rust code as `flexcalc batch`
// (src/batch/table.rs) — reads the rows, assesses every worker complete in the piece, and says how
// many bytes it consumed (up to the start of the piece's last worker, whose rows may go on). The
// next piece starts there.
//
// Messages in:  {type: 'start', file: File|Blob|string, pieceBytes?: number, scenarios?: string,
//                lang?: 'zh'|'en'|null (labels rows and messages in the language; null: the CLI's files)}
//               {type: 'cancel'} (checked between pieces; the page may also just terminate() the worker)
// Messages out: {type: 'progress', done, total, rows, workers, workerMonths, errorRows, shownErrors, encoding}
//               {type: 'done', output: Blob, errors: Blob, summary: string (JSON), rows, workers,
//                workerMonths, errorRows, shownErrors, encoding, ms}
//               {type: 'cancelled'} | {type: 'error', message, code?: 'load' (the engine could not load)}
//
// The batch is in the tools module (pkg/tools/, built with the `batch` feature), not in the core
// module every page loads: this worker is the only place that imports it for the batch.
import init, { BatchCsv } from './pkg/tools/flexcalc_tools.js';
import { INTEGRITY } from './pkg/integrity.js';

/** Bytes per piece: small enough for a lively progress bar, large enough to amortise the calls. */
const PIECE_BYTES = 256 * 1024;
/** A single worker's rows never need more (the engine's limit is 30,000 rows a worker). */
const MAX_PIECE_BYTES = 256 * 1024 * 1024;

let ready;
let cancelled = false;

function loadEngine() {
  ready ??= init({
    module_or_path: fetch(new URL('./pkg/tools/flexcalc_tools_bg.wasm', import.meta.url), { integrity: INTEGRITY['pkg/tools/flexcalc_tools_bg.wasm'] }),
  });
  return ready;
}

self.addEventListener('message', (e) => {
  const msg = e.data ?? {};
  if (msg.type === 'cancel') cancelled = true;
  else if (msg.type === 'start') {
    cancelled = false;
    run(msg).catch((err) => self.postMessage({ type: 'error', message: String(err?.message ?? err) }));
  }
});

async function run({ file, pieceBytes = PIECE_BYTES, scenarios, lang = null }) {
  try {
    await loadEngine();
  } catch (err) {
    // The engine could not load (offline before the batch was ever used): the page says so in its
    // language rather than showing the browser's message.
    ready = undefined;
    self.postMessage({ type: 'error', code: 'load', message: String(err?.message ?? err) });
    return;
  }
  const blob = file instanceof Blob ? file : new Blob([file]);
  const total = blob.size;
  const batch = new BatchCsv(scenarios, lang ?? undefined);
  const output = [];
  const errors = [];
  const count = { rows: 0, workers: 0, workerMonths: 0, errorRows: 0 };
  let encoding = null;
  let shown = [];
  const t0 = performance.now();
  try {
    let at = 0;
    let len = pieceBytes;
    for (;;) {
      if (cancelled) {
        self.postMessage({ type: 'cancelled' });
        return;
      }
      const end = Math.min(at + len, total);
      const last = end === total;
      const bytes = new Uint8Array(await blob.slice(at, end).arrayBuffer());
      const p = batch.push(bytes, last);
      if (p.output.length) output.push(p.output);
      if (p.errors.length) errors.push(p.errors);
      for (const k of Object.keys(count)) count[k] += p[k];
      encoding = p.encoding ?? encoding;
      shown.push(...p.shownErrors);
      at += p.consumed;
      if (last) break;
      if (p.consumed === 0) {
        // One worker fills the whole piece: read a longer one.
        if (len >= MAX_PIECE_BYTES) throw new Error(`one worker's rows exceed ${MAX_PIECE_BYTES} bytes`);
        len *= 2;
      } else {
        len = pieceBytes;
      }
      self.postMessage({ type: 'progress', done: at, total, ...count, encoding, shownErrors: shown });
      shown = [];
      // Let a cancel message in (the await above may not have yielded to the event loop).
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    self.postMessage({
      type: 'done',
      output: new Blob(output, { type: 'text/csv;charset=utf-8' }),
      errors: new Blob(errors, { type: 'text/csv;charset=utf-8' }),
      summary: batch.summary(),
      ms: Math.round(performance.now() - t0),
      encoding,
      shownErrors: shown,
      done: total,
      total,
      ...count,
    });
  } finally {
    batch.free();
  }
}
