// The page's batch fed in pieces (www/batch-worker.js cuts the file every 256 KiB, anywhere): the output
// must not depend on where the pieces end. In Node, on the tools module (www/pkg/tools), against the
// same file fed whole.
//
// A piece that ended inside the worker_id cell of a row continuing the previous row's worker (e.g. the
// piece's last byte the "w" of "w000365,…") used to split that worker in two (found 2026-11-29);
// `CsvStream::push` now leaves a piece's last record, possibly cut, to the next piece. tests/batch.rs
// checks the same in Rust.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WWW } from './support.mjs';

const PKG = path.join(WWW, 'pkg', 'tools');

async function tools() {
  const mod = await import(pathToFileURL(path.join(PKG, 'flexcalc_tools.js')).href);
  mod.initSync({ module: fs.readFileSync(path.join(PKG, 'flexcalc_tools_bg.wasm')) });
  return mod;
}

function riders(workers) {
  const lines = ['worker_id,region,month,platform,hours,income,orders,sector'];
  for (let w = 1; w <= workers; w++) {
    const id = `w${String(w).padStart(6, '0')}`;
    for (let m = 1; m <= 3; m++) {
      const month = `2025-0${m}`;
      lines.push(`${id},320100,${month},美团,150,6200.00,400,instant_delivery`);
      lines.push(`${id},320100,${month},滴滴,40,1800.00,60,ride_hailing`);
    }
  }
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

function run(mod, bytes, pieceBytes) {
  const batch = new mod.BatchCsv();
  const out = [];
  const errors = [];
  try {
    let at = 0;
    let len = pieceBytes;
    for (;;) {
      const end = Math.min(at + len, bytes.length);
      const last = end === bytes.length;
      const p = batch.push(bytes.subarray(at, end), last);
      out.push(Buffer.from(p.output));
      errors.push(Buffer.from(p.errors));
      at += p.consumed;
      if (last) break;
      len = p.consumed === 0 ? len * 2 : pieceBytes;
    }
    return [Buffer.concat(out).toString('utf8'), Buffer.concat(errors).toString('utf8'), batch.summary()].join('\n--\n');
  } finally {
    batch.free();
  }
}

test('BatchCsv writes the same output whatever the piece size', async () => {
  const mod = await tools();
  const bytes = riders(8);
  const whole = run(mod, bytes, bytes.length);
  for (let piece = 40; piece <= 400; piece++) {
    assert.equal(run(mod, bytes, piece), whole, `pieces of ${piece} bytes`);
  }
});
