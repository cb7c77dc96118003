// What the first answer costs over the wire (issue 16 item 8): every file the page loads before it
// can answer (the HTML, what it links, the module graph of its scripts, and the .wasm those modules
// fetch), each compressed as scripts/serve.mjs sends it (brotli 11, and gzip 9 for hosts without
// brotli), against a budget of 250 KB = 250,000 bytes. What only later steps need is loaded lazily and
// is not counted: the batch section (batch.js, imported by app.js after the first answer), its worker
// and the tools wasm module (custom rules, the batch), the service worker.
//
//   node scripts/page-weight.mjs [--budget BYTES] [--json]     (run by scripts/size.sh, `npm run size`)
//
// The files are found statically: <link href> and <script src> of index.html, the static imports of
// each module (scripts/sri.mjs's moduleGraph), and `fetch(new URL('./….wasm', import.meta.url)` in them
// outside pkg/tools/. tests/e2e/offline.test.mjs and scripts/bench-page.mjs check the same set in a
// browser (what Chromium actually fetched before the first answer).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { moduleGraph, WWW } from './sri.mjs';
import { compress } from './serve.mjs';

export const BUDGET = 250_000;

/** The files (relative to www/) the first answer needs, in the order they are found. */
export function firstAnswerFiles(www = WWW, page = 'index.html') {
  const html = fs.readFileSync(path.join(www, page), 'utf8');
  const files = [page];
  const add = (f) => { if (!files.includes(f)) files.push(f); };
  for (const m of html.matchAll(/<link\b[^>]*\bhref="([^"#?]+)"[^>]*>/g)) add(path.posix.normalize(m[1]));
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"#?]+)"[^>]*>/g)) {
    for (const f of moduleGraph(www, path.posix.normalize(m[1]), { lazy: false })) add(f);
  }
  for (const f of [...files]) {
    if (!f.endsWith('.js')) continue;
    const text = fs.readFileSync(path.join(www, f), 'utf8');
    for (const m of text.matchAll(/fetch\(\s*new URL\(\s*['"](\.{1,2}\/[^'"]+\.wasm)['"]/g)) {
      const wasm = path.posix.normalize(path.posix.join(path.posix.dirname(f), m[1]));
      if (!wasm.startsWith('pkg/tools/')) add(wasm);
    }
  }
  return files.filter((f) => fs.existsSync(path.join(www, f)));
}

/** Each file's raw, brotli and gzip sizes, and the totals. */
export function weigh(files, www = WWW) {
  const rows = files.map((f) => {
    const raw = fs.readFileSync(path.join(www, f));
    return { file: f, raw: raw.length, br: compress(raw, 'br').length, gzip: compress(raw, 'gzip').length };
  });
  const total = (k) => rows.reduce((s, r) => s + r[k], 0);
  return { rows, raw: total('raw'), br: total('br'), gzip: total('gzip') };
}

const fmt = (n) => n.toLocaleString('en-US');

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const at = process.argv.indexOf('--budget');
  const budget = at > 0 ? Number(process.argv[at + 1]) : BUDGET;
  const w = weigh(firstAnswerFiles());
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ ...w, budget }, null, 2));
  } else {
    for (const r of w.rows) console.log(`size: first answer: ${r.file.padEnd(24)} raw ${fmt(r.raw).padStart(9)}  brotli ${fmt(r.br).padStart(8)}  gzip ${fmt(r.gzip).padStart(8)}`);
    console.log(`size: first answer over the wire: ${fmt(w.br)} bytes brotli (${fmt(w.gzip)} gzip, ${fmt(w.raw)} raw) in ${w.rows.length} files; budget ${fmt(budget)} bytes (brotli, as scripts/serve.mjs sends it)`);
  }
  if (w.br > budget) {
    console.log(`size: FAIL: the first answer needs ${fmt(w.br)} bytes over the wire, ${fmt(w.br - budget)} over the budget of ${fmt(budget)}`);
    process.exit(1);
  }
}
