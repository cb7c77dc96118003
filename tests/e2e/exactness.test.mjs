// Exactness across the JS boundary, against the native CLI: every golden case (tests/cases/*.json)
// run by the native binary and by the wasm package (runJson, text; and assess/compare/options on a
// plain object, in headless Chromium) gives the same document, byte for byte and string for string.
// The tools module (www/pkg/tools/) is checked on the same cases in Node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { startServer, launchChromium, collectErrors, WWW } from './support.mjs';

const ROOT = path.resolve(WWW, '..');
const CASES_DIR = path.join(ROOT, 'tests', 'cases');
const cases = fs.readdirSync(CASES_DIR).filter((f) => f.endsWith('.json')).sort().map((f) => {
  const c = JSON.parse(fs.readFileSync(path.join(CASES_DIR, f), 'utf8'));
  return { file: f, command: c.command ?? 'assess', request: JSON.stringify(c.request) };
});
let native;
let srv;
let browser;

before(async () => {
  const build = spawnSync('cargo', ['build', '--quiet', '--bin', 'flexcalc'], { cwd: ROOT, stdio: 'inherit' });
  assert.equal(build.status, 0, 'cargo build --bin flexcalc failed');
  // Where the cargo build above put it: CARGO_TARGET_DIR when set (a stale ./target would else be read).
  const bin = path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target'), 'debug', 'flexcalc');
  native = new Map(cases.map((c) => {
    const r = spawnSync(bin, [c.command, '-'], { input: c.request, encoding: 'utf8' });
    return [c.file, { status: r.status, out: r.stdout.replace(/\n$/, '') }];
  }));
  srv = await startServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await srv?.close();
});

// Both modules: the core one every page loads, and the tools one (custom rules and the batch) that
// computes the page's results while a custom rules file is in force.
for (const [label, js, wasm] of [
  ['the core wasm module', ['pkg', 'flexcalc.js'], ['pkg', 'flexcalc_bg.wasm']],
  ['the tools wasm module', ['pkg', 'tools', 'flexcalc_tools.js'], ['pkg', 'tools', 'flexcalc_tools_bg.wasm']],
]) {
  test(`${label} in Node gives the CLI's text for all ${cases.length} golden cases`, async () => {
    const mod = await import(pathToFileURL(path.join(WWW, ...js)).href);
    await mod.default({ module_or_path: fs.readFileSync(path.join(WWW, ...wasm)) });
    const core = label === 'the core wasm module';
    const diffs = [];
    for (const c of cases) {
      const n = native.get(c.file);
      let out;
      let ok;
      try { out = mod.runJson(c.command, c.request); ok = true; } catch (e) { out = String(e); ok = false; }
      if (core && isDecision(c, n)) {
        // The decision verb and blocks are the tools module's (feature `decisions`): the core module
        // refuses the verb and leaves the blocks out; everything else is the CLI's document. A request
        // with `collected_in` (feature `provisional`) is refused too.
        if (refused(c) ? ok : !ok || !sameWithoutDecisions(out, n.out)) diffs.push(c.file);
        continue;
      }
      if (out !== n.out || ok !== (n.status === 0)) diffs.push(c.file);
    }
    assert.deepEqual(diffs, [], staleNote());
  });
}

/** When www/pkg is older than the engine sources, a difference is a stale build, not the boundary. */
function staleNote() {
  const newest = (dir) => fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = path.join(dir, e.name);
    return Math.max(m, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }, 0);
  const built = fs.statSync(path.join(WWW, 'pkg', 'flexcalc_bg.wasm')).mtimeMs;
  const src = Math.max(newest(path.join(ROOT, 'src')), newest(path.join(ROOT, 'rules')));
  return src > built ? 'www/pkg is older than src/ or rules/: run `npm run build` and test again' : 'the wasm output differs from the CLI';
}

// The parts of a document only the tools module and the CLI give: the decision blocks (Cargo feature
// `decisions`) and the rules entries' notes in a trace's citations (feature `rule-notes`).
const DECISION_BLOCKS = ['gap', 'schemes'];

function stripDecisions(doc) {
  for (const k of DECISION_BLOCKS) delete doc[k];
  for (const step of Array.isArray(doc.trace) ? doc.trace : []) for (const c of step.citations ?? []) delete c.note;
  for (const side of ['current_law', 'labor_facts']) if (doc[side]) stripDecisions(doc[side]);
  return doc;
}

/** What the core module refuses: the `where` verb, and a request with `collected_in` (feature `provisional`). */
function refused(c) {
  return c.command === 'where' || JSON.parse(c.request).collected_in !== undefined;
}

function isDecision(c, n) {
  if (refused(c)) return true;
  if (n.status !== 0) return false;
  const doc = JSON.parse(n.out);
  return JSON.stringify(stripDecisions(structuredClone(doc))) !== JSON.stringify(doc);
}

function sameWithoutDecisions(wasmText, cliText) {
  return JSON.stringify(JSON.parse(wasmText)) === JSON.stringify(stripDecisions(JSON.parse(cliText)));
}

test('in Chromium, plain objects through assess/compare/options give the CLI documents string for string', async () => {
  const page = await browser.newPage();
  const errors = collectErrors(page);
  await page.goto(new URL('embed.html', srv.url).href);
  const results = await page.evaluate(async (list) => {
    const mod = await import('/pkg/flexcalc.js');
    await mod.default();
    return list.map((c) => {
      try {
        return { ok: true, doc: JSON.stringify(mod[c.command](JSON.parse(c.request))) };
      } catch (e) {
        return { ok: false, doc: JSON.stringify(e.document), code: e.code, path: e.path, isError: e instanceof Error };
      }
    });
  }, cases);
  const diffs = [];
  cases.forEach((c, i) => {
    const n = native.get(c.file);
    const r = results[i];
    if (isDecision(c, n)) {
      // As in Node: no `where` verb and no `collected_in` in the core module, and no decision blocks.
      if (refused(c) ? r.ok : !r.ok || r.doc !== JSON.stringify(stripDecisions(JSON.parse(n.out)))) diffs.push(c.file);
      return;
    }
    const same = r.ok === (n.status === 0) && r.doc === JSON.stringify(JSON.parse(n.out));
    if (!same || (!r.ok && !r.isError)) diffs.push(c.file);
  });
  assert.deepEqual(diffs, [], staleNote());
  assert.deepEqual(errors, []);
  await page.close();
});
