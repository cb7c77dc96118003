// Times the WebAssembly build (www/pkg, the page's own module) in Node: one assessment of 1 month and
// of 12 months × 2 platforms through the exported `assess`, JS object in and out (the conversion
// through JSON text included), and the worker-months per second that gives on one core.
// Then the tools module (www/pkg/tools, loaded for custom rules and the page's batch): the same
// 12-month `assess`, and the in-browser batch path, `BatchCsv` (what www/batch-worker.js runs in a
// Web Worker) fed a CSV of BENCH_BATCH_WORKERS workers (default 1000), each the rider above (12 months
// × 2 platforms, Nanjing 320100), in the worker's 256 KiB pieces: bytes copied in, rows read,
// both scenarios (the default) or current law only computed, output and errors CSV copied out to JS,
// summary written. Reported per 12-month worker and as worker-months per second. BENCH_BATCH_CSV=FILE
// times a CSV file of the documented layout instead (e.g. `flexcalc synth`; per worker is then per
// worker of that file, whatever its months).
// Usage: node scripts/bench-wasm.mjs [seconds per case, default 2]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = process.env.WASM_PKG ?? join(root, 'www', 'pkg');
const mod = await import(join(pkg, 'flexcalc.js'));
mod.initSync({ module: readFileSync(join(pkg, 'flexcalc_bg.wasm')) });
const tools = await import(join(pkg, 'tools', 'flexcalc_tools.js'));
tools.initSync({ module: readFileSync(join(pkg, 'tools', 'flexcalc_tools_bg.wasm')) });

const seconds = Number(process.argv[2] ?? 2);

function request(months, trace = false) {
  const m = [];
  for (let i = 1; i <= months; i++) {
    m.push({
      month: `2025-${String(i).padStart(2, '0')}`,
      work: [
        { platform: '美团', hours: '150', income: '6200.00', orders: 400, sector: 'instant_delivery' },
        { platform: '滴滴', hours: '40', income: '1800.00', orders: 60, sector: 'ride_hailing' },
      ],
    });
  }
  return { region: '320100', scenario: 'current_law', months: m, trace };
}

function time(label, fn, months) {
  for (let i = 0; i < 200; i++) fn(); // warm up
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < seconds * 1000) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
    t = performance.now();
  }
  const us = ((t - t0) * 1000) / n;
  const wmps = (months * 1e6) / us;
  console.log(`wasm ${label}: ${us.toFixed(1)} µs per assessment, ${Math.round(wmps)} worker-months/s (${n} runs)`);
  return { us, wmps };
}

// The page's batch: www/batch-worker.js's loop over a file already in memory (the Blob reads are the
// browser's, not the engine's). One pass is one whole file; passes repeat for `seconds` (at least 2).
const PIECE_BYTES = 256 * 1024;
function batchCsv(workers) {
  const lines = ['worker_id,region,month,platform,hours,income,orders,sector'];
  for (let w = 1; w <= workers; w++) {
    const id = `w${String(w).padStart(6, '0')}`;
    for (let i = 1; i <= 12; i++) {
      const month = `2025-${String(i).padStart(2, '0')}`;
      lines.push(`${id},320100,${month},美团,150,6200.00,400,instant_delivery`);
      lines.push(`${id},320100,${month},滴滴,40,1800.00,60,ride_hailing`);
    }
  }
  return new TextEncoder().encode(lines.join('\n') + '\n');
}
function batchPass(bytes, scenarios, pieceBytes = PIECE_BYTES) {
  const batch = new tools.BatchCsv(scenarios);
  const count = { rows: 0, workers: 0, workerMonths: 0, errorRows: 0, outBytes: 0 };
  try {
    let at = 0;
    let len = pieceBytes;
    for (;;) {
      const end = Math.min(at + len, bytes.length);
      const last = end === bytes.length;
      const p = batch.push(bytes.subarray(at, end), last);
      count.outBytes += p.output.length + p.errors.length;
      for (const k of ['rows', 'workers', 'workerMonths', 'errorRows']) count[k] += p[k];
      at += p.consumed;
      if (last) break;
      len = p.consumed === 0 ? len * 2 : pieceBytes;
    }
    count.summaryBytes = batch.summary().length;
  } finally {
    batch.free();
  }
  return count;
}
function timeBatch(label, bytes, scenarios) {
  // Warm up, and the counts from the file fed whole (the same as in pieces: tests/e2e/batch-pieces).
  const first = batchPass(bytes, scenarios, bytes.length);
  if (first.errorRows) throw new Error(`batch ${label}: ${first.errorRows} error rows`);
  let passes = 0;
  const t0 = performance.now();
  let t = t0;
  while (passes < 2 || t - t0 < seconds * 1000) {
    batchPass(bytes, scenarios);
    passes++;
    t = performance.now();
  }
  const ms = (t - t0) / passes;
  const usPerWorker = (ms * 1000) / first.workers;
  const wmps = (first.workerMonths * 1000) / ms;
  console.log(
    `wasm batch ${label}: ${usPerWorker.toFixed(1)} µs per worker, ${Math.round(wmps)} worker-months/s ` +
      `(${first.workers} workers, ${first.rows} rows, ${first.workerMonths} worker-months, ` +
      `${bytes.length} bytes in, ${first.outBytes} out; ${ms.toFixed(1)} ms per pass, ${passes} passes)`,
  );
  return { us_per_worker: usPerWorker, wmps, workers: first.workers, worker_months: first.workerMonths, bytes_in: bytes.length, bytes_out: first.outBytes, passes };
}

const r1 = request(1);
const r12 = request(12);
const r12t = request(12, true);
const check = mod.assess(r12);
if (check.months.length !== 12) throw new Error('unexpected response');
const results = {
  one_month: time('assess 1 month', () => mod.assess(r1), 1),
  twelve_months: time('assess 12 months x 2 platforms', () => mod.assess(r12), 12),
  twelve_months_trace: time('assess 12 months x 2 platforms, trace', () => mod.assess(r12t), 12),
  compare_twelve: mod.compare ? time('compare 12 months x 2 platforms', () => mod.compare(r12), 12) : null,
  tools_twelve_months: time('tools module: assess 12 months x 2 platforms', () => tools.assess(r12), 12),
};
const csv = process.env.BENCH_BATCH_CSV
  ? new Uint8Array(readFileSync(process.env.BENCH_BATCH_CSV))
  : batchCsv(Number(process.env.BENCH_BATCH_WORKERS ?? 1000));
const csvLabel = process.env.BENCH_BATCH_CSV ? `(${process.env.BENCH_BATCH_CSV})` : '(12 months x 2 platforms a worker)';
results.batch_both = timeBatch(`both scenarios ${csvLabel}`, csv, 'both');
results.batch_current_law = timeBatch(`current_law ${csvLabel}`, csv, 'current_law');
results.batch_labor_facts = timeBatch(`labor_facts ${csvLabel}`, csv, 'labor_facts');
console.log(`WASM_RESULT ${JSON.stringify(results)}`);
