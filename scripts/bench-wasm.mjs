// Times the WebAssembly build (www/pkg, the page's own module) in Node: one assessment of 1 month and
// of 12 months × 2 platforms through the exported `assess`, JS object in and out (the conversion
// through JSON text included), and the worker-months per second that gives on one core.
// Usage: node scripts/bench-wasm.mjs [seconds per case, default 2]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = process.env.WASM_PKG ?? join(root, 'www', 'pkg');
const mod = await import(join(pkg, 'flexcalc.js'));
mod.initSync({ module: readFileSync(join(pkg, 'flexcalc_bg.wasm')) });

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
};
console.log(`WASM_RESULT ${JSON.stringify(results)}`);
