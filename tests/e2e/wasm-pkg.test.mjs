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
