// Smoke test of the build toolchain: the wasm package in www/pkg/ (built by scripts/build-wasm.sh)
// is served as application/wasm and instantiates in headless Chromium and in Node. This catches
// a broken wasm-opt (Debian's v108 breaks wasm-bindgen's externref table) and a wrong MIME type.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, launchChromium, collectErrors, WWW } from './support.mjs';

const PKG_JS = path.join(WWW, 'pkg', 'flexcalc.js');
const PKG_WASM = path.join(WWW, 'pkg', 'flexcalc_bg.wasm');
let srv;
let browser;

before(async () => {
  assert.ok(fs.existsSync(PKG_WASM), `${PKG_WASM} is missing: run npm run build first`);
  srv = await startServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await srv?.close();
});

test('the server gives the wasm module as application/wasm', async () => {
  const res = await fetch(new URL('pkg/flexcalc_bg.wasm', srv.url));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/wasm');
  const bytes = new Uint8Array(await res.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 4)], [0x00, 0x61, 0x73, 0x6d], 'wasm magic number');
});

test('the wasm package initialises in headless Chromium', async () => {
  const page = await browser.newPage();
  const errors = collectErrors(page);
  await page.goto(srv.url);
  const exported = await page.evaluate(async () => {
    const mod = await import('/pkg/flexcalc.js');
    const wasm = await mod.default();
    return { glue: Object.keys(mod), wasm: Object.keys(wasm) };
  });
  assert.ok(exported.wasm.includes('memory'), `wasm exports: ${exported.wasm.join(', ')}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the wasm package initialises in Node', async () => {
  const mod = await import(pathToFileURL(PKG_JS).href);
  const wasm = await mod.default({ module_or_path: fs.readFileSync(PKG_WASM) });
  assert.ok(wasm.memory instanceof WebAssembly.Memory);
});

// Issue 5: two modules from one crate. The core module every page loads has the calculator's API and
// the embedded rules only; the tools module (loaded on demand) adds custom rules and the CSV batch.
const CORE_API = ['assess', 'assessJson', 'compare', 'options', 'regions', 'rules', 'runJson', 'version'];
const TOOLS_JS = path.join(WWW, 'pkg', 'tools', 'flexcalc_tools.js');
const TOOLS_WASM = path.join(WWW, 'pkg', 'tools', 'flexcalc_tools_bg.wasm');

test('the core module exports the calculator API and neither custom rules nor the batch', async () => {
  const mod = await import(pathToFileURL(PKG_JS).href);
  await mod.default({ module_or_path: fs.readFileSync(PKG_WASM) });
  for (const f of CORE_API) assert.equal(typeof mod[f], 'function', f);
  for (const f of ['loadRules', 'resetRules', 'BatchCsv']) assert.equal(mod[f], undefined, f);
  const v = mod.version();
  assert.equal(v.schema, 'flexcalc/v1');
  assert.deepEqual(v.custom_rules, []);
  assert.ok(mod.regions().some((r) => r.code === '320000' && r.cities.some((c) => c.code === '320100')));
  const floor = mod.rules('320100', '2025-09').parameters.find((p) => p.name === 'pension.base_floor');
  assert.equal(floor.value, '4952');
  assert.match(floor.file, /^rules\/regions\/320000-/);
  assert.ok(floor.line > 0);
});

test('the tools module has the core API, custom rules and the batch, and its rules are its own', async () => {
  const mod = await import(pathToFileURL(TOOLS_JS).href);
  await mod.default({ module_or_path: fs.readFileSync(TOOLS_WASM) });
  for (const f of [...CORE_API, 'loadRules', 'resetRules', 'BatchCsv']) assert.equal(typeof mod[f], 'function', f);
  const text = fs.readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures', 'custom-rules-jiangsu-2026.toml'), 'utf8');
  const v = mod.loadRules(text, 'jiangsu-2026.toml');
  assert.deepEqual(v.custom_rules, ['jiangsu-2026.toml']);
  assert.deepEqual(mod.version().custom_rules, ['jiangsu-2026.toml']);
  assert.throws(() => mod.loadRules('format = 1\n[[param]]\nname = "nope"\n', 'bad.toml'),
    (e) => e.code === 'invalid_rules' && /^bad\.toml:\d+$/.test(e.path));
  assert.deepEqual(mod.version().custom_rules, ['jiangsu-2026.toml'], 'a failed load keeps the rules in force');
  mod.resetRules();
  assert.deepEqual(mod.version().custom_rules, []);
  const batch = new mod.BatchCsv('current_law');
  try {
    const csv = 'worker_id,region,month,platform,hours,income,orders,sector\nw1,320100,2025-09,A,150,6200.00,400,instant_delivery\n';
    const piece = batch.push(new TextEncoder().encode(csv), true);
    assert.deepEqual([piece.rows, piece.workers, piece.workerMonths, piece.errorRows], [1, 1, 1, 0]);
    const out = new TextDecoder().decode(piece.output);
    assert.ok(out.split('\n').length >= 2 && out.includes('w1'), out);
  } finally {
    batch.free();
  }
});
