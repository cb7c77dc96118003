// The page's main flow and the golden cases in three browser engines, Chromium, Firefox ESR and
// WebKit (issue 16 item 5), through WebDriver (tests/e2e-browsers/engines.mjs). The full browser
// tests (tests/e2e/) run in Chromium through Playwright; this is the subset every engine a worker may
// have must pass: the page loads; on a 360 × 740 phone a place and one month's income give the monthly
// total and who pays without scrolling; full-width digits are read; an error banner leads to its
// field; the language switch keeps what was typed; the English page; and the wasm module gives, for
// every golden case (tests/cases/*.json), the same document as in Node (which tests/e2e/exactness
// checks against the native CLI). Screenshots go to target/screenshots/engine-<name>-*.png.
//
// A missing engine fails the suite in CI (CI=true) and is reported as skipped elsewhere (the name of
// what to install in the skip reason, and in the summary of `npm test`).
//
// Figures computed by hand as in tests/e2e/page.test.mjs (rules/regions/410000-henan.toml): Henan's
// pension base floor 3831 × 20 % = 766.20; Zhengzhou's medical estimate 9 % × 3831 = 344.79; 1110.99.
import { describe, it as itTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import selenium from 'selenium-webdriver';
import { startServer, WWW } from '../../scripts/serve.mjs';
import { ENGINES, launch, missing, versions } from './engines.mjs';

const { By } = selenium;
const ROOT = path.resolve(WWW, '..');
const SHOTS = path.join(ROOT, 'target', 'screenshots');
const IN_CI = Boolean(process.env.CI) && process.env.CI !== 'false';
// The month of the figures above (the rules data's periods): typed into the form, whatever the clock says.
const MONTH = '2026-12';
const PHONE = { width: 360, height: 740 };

const cases = fs.readdirSync(path.join(ROOT, 'tests', 'cases')).filter((f) => f.endsWith('.json')).sort().map((f) => {
  const c = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'cases', f), 'utf8'));
  return { file: f, command: c.command ?? 'assess', request: c.request };
});

// cyrb53, a 53-bit string hash: the same function runs in Node and in the page (its source is pasted
// into the script sent to the browser: the page's CSP allows no eval), so that each engine sends back
// a number per case rather than megabytes of documents.
function digest(str) {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Each golden case through assess/compare/options on a plain object: the document's digest, or the error's. */
async function runCases(mod, list, hash) {
  return list.map((c) => {
    // A verb the core module leaves out (`where`, Cargo feature `decisions`) is the same absence
    // everywhere.
    if (typeof mod[c.command] !== 'function') return `no ${c.command}`;
    try {
      return `ok ${hash(JSON.stringify(mod[c.command](c.request)))}`;
    } catch (e) {
      return `error ${e instanceof Error} ${e.code} ${e.path} ${hash(JSON.stringify(e.document))}`;
    }
  });
}

let srv;
let expected;

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  srv = await startServer();
  const mod = await import(pathToFileURL(path.join(WWW, 'pkg', 'flexcalc.js')).href);
  await mod.default({ module_or_path: fs.readFileSync(path.join(WWW, 'pkg', 'flexcalc_bg.wasm')) });
  expected = await runCases(mod, cases, digest);
});

after(async () => {
  await srv?.close();
});

// ENGINES=firefox,webkit runs only those (while working on one engine).
const only = process.env.ENGINES ? process.env.ENGINES.split(',') : null;
for (const engine of ENGINES.filter((e) => !only || only.includes(e.name))) {
  const lacks = missing(engine);
  const skip = lacks.length > 0 && !IN_CI ? `${engine.name} not installed here (${lacks.join(', ')}; scripts/setup.sh installs it)` : false;

  // Skipped test by test (a skipped describe would not show in the counts of `npm test`).
  const it = (name, fn) => itTest(name, { skip }, fn);
  describe(`${engine.name}`, () => {
    let session;
    let driver;

    before(async () => {
      if (skip) return;
      assert.deepEqual(lacks, [], `${engine.name} is missing (${lacks.join(', ')}): CI must run all three engines; scripts/setup.sh installs them`);
      const t0 = Date.now();
      session = await launch(engine);
      driver = session.driver;
      await driver.manage().setTimeouts({ script: 60_000, pageLoad: 60_000, implicit: 0 });
      console.log(`${engine.name}: ${session.version} (${versions(engine)}), session in ${Date.now() - t0} ms`);
    });

    after(async () => {
      await session?.stop();
    });

    const js = (body, ...args) => driver.executeScript(body, ...args);
    const field = (p) => driver.findElement(By.css(`[data-path="${p}"]`));
    const text = (sel) => js('return document.querySelector(arguments[0])?.textContent ?? null', sel);
    const headline = () => text('[data-testid="current_law-worker"]');
    /** Waits until the expression (a function body's return value) is truthy in the page. */
    const until = (what, body, ...args) => driver.wait(async () => Boolean(await js(body, ...args)), 20_000, what);
    const untilText = (sel, want) => until(`${sel} = ${want}`, 'return document.querySelector(arguments[0])?.textContent === arguments[1]', sel, want);
    const type = async (p, value) => {
      const el = field(p);
      await el.clear();
      await el.sendKeys(value);
    };

    /** The window sized so that the page itself (the viewport) is w × h, whatever the browser's frame takes. */
    async function viewport({ width, height }) {
      let rect = { width, height };
      for (let i = 0; i < 3; i++) {
        await driver.manage().window().setRect(rect);
        const [w, h] = await js('return [window.innerWidth, window.innerHeight]');
        if (w === width && h === height) return;
        rect = { width: rect.width + width - w, height: rect.height + height - h };
      }
      const [w, h] = await js('return [window.innerWidth, window.innerHeight]');
      assert.deepEqual({ width: w, height: h }, { width, height }, 'the viewport');
    }

    async function open(url) {
      await driver.get(new URL(url, srv.url).href);
      await until('the engine loaded', 'return document.querySelector(\'.fc-results[aria-busy="false"]\')');
      assert.equal(await js('return document.querySelector(".fc-results .fc-alert")?.textContent ?? null'), null, 'no load failure');
    }

    async function chooseRegion(typed, pick) {
      await type('region', typed);
      await until(`an option ${pick}`, 'return [...document.querySelectorAll("[role=listbox] [role=option]")].some((o) => o.textContent.includes(arguments[0]))', pick);
      const option = await js('return [...document.querySelectorAll("[role=listbox] [role=option]")].find((o) => o.textContent.includes(arguments[0]))', pick);
      await option.click();
    }

    async function zhengzhouRider(yuan = '元') {
      await chooseRegion('zhengzhou', yuan === '元' ? '郑州' : 'Zhengzhou');
      await type('months.from', MONTH);
      await type('months.to', MONTH);
      await type('work[0].income', '7000');
      await type('work[0].hours', '260');
      await untilText('[data-testid="current_law-worker"]', `1,110.99 ${yuan}`);
    }

    const noSideways = () => js('return document.documentElement.scrollWidth - document.documentElement.clientWidth');

    async function shot(name) {
      fs.writeFileSync(path.join(SHOTS, `engine-${engine.name}-${name}.png`), Buffer.from(await driver.takeScreenshot(), 'base64'));
    }

    it('the page loads: the form, in Chinese, asking for the place, no sideways scrolling at 360 px', async () => {
      await viewport(PHONE);
      await open('index.html');
      assert.equal(await js('return document.documentElement.lang'), 'zh-CN');
      assert.match(await text('[data-testid="waiting"]'), /先选择参保地区/);
      assert.equal(await field('region').getAttribute('value'), '');
      assert.equal(await noSideways(), 0, 'no horizontal scrolling');
      await shot('default-360');
    });

    it('a Zhengzhou rider at 360 px: place and one month\'s income give the total and who pays on the first screen', async () => {
      await zhengzhouRider();
      assert.match(await text('.fc-card-now'), /养老保险 766\.20 元 ＋ 医疗保险 344\.79 元/);
      assert.match(await text('[data-testid="who-pays"]'), /全部由你自己交，平台不交/);
      // The hours do not change the figure on the lowest base: the case sheet shows that they arrived.
      await until('the case sheet with what was typed', 'return /7,000\\.00 元.*260\\.0 小时/.test(document.querySelector(".fc-print-sheet")?.textContent)');
      const [headBottom, whoBottom, vh] = await js(`
        const bottom = (sel) => document.querySelector(sel).getBoundingClientRect().bottom + window.scrollY;
        return [bottom('[data-testid="current_law-worker"]'), bottom('[data-testid="who-pays"]'), window.innerHeight];`);
      console.log(`${engine.name} 360 px: the first figure ends at ${Math.round(headBottom)} px, who pays at ${Math.round(whoBottom)} px (viewport ${vh})`);
      assert.ok(headBottom <= vh && whoBottom <= vh, `the answer is on the first screen (${Math.round(whoBottom)} > ${vh})`);
      assert.equal(await noSideways(), 0, 'no horizontal scrolling');
      await js('window.scrollTo(0, 0)');
      await shot('zhengzhou-360');
    });

    it('forgiving input: full-width digits are read as the income', async () => {
      await type('work[0].income', 'abc');
      await until('the error banner', 'return document.querySelector(\'[data-testid="error-banner"]\')');
      await type('work[0].income', '７０００');
      await untilText('[data-testid="current_law-worker"]', '1,110.99 元');
      assert.equal(await js('return document.querySelector(\'[data-testid="error-banner"]\')'), null);
      assert.equal(await js('return document.querySelector(\'[data-path="work[0].income"]\').value'), '７０００', 'kept as typed');
    });

    it('an error banner leads to its field, and keeps every input', async () => {
      await type('work[0].hours', '15o');
      await until('the error banner', 'return /请填写数字/.test(document.querySelector(\'[data-testid="error-banner"]\')?.textContent ?? "")');
      assert.match(await text('[data-testid="error-banner"]'), /当月工时（小时）: 请填写数字/);
      await driver.findElement(By.css('[data-testid="error-banner"] a')).click();
      await until('focus on the hours field', 'return document.activeElement?.dataset.path === "work[0].hours"');
      assert.equal(await field('work[0].hours').getAttribute('aria-invalid'), 'true');
      assert.equal(await js('return document.querySelector(\'[data-path="work[0].income"]\').value'), '７０００');
      await type('work[0].hours', '260');
      await untilText('[data-testid="current_law-worker"]', '1,110.99 元');
    });

    it('the language switch keeps every input', async () => {
      await driver.findElement(By.css('.fc-lang')).click();
      await until('English', 'return document.documentElement.lang === "en"');
      await untilText('[data-testid="current_law-worker"]', '1,110.99 yuan');
      assert.equal(await js('return document.querySelector(\'[data-path="work[0].income"]\').value'), '７０００');
      assert.equal(await js('return document.querySelector(\'[data-path="work[0].hours"]\').value'), '260');
      assert.equal(await js('return document.activeElement?.classList.contains("fc-lang")'), true, 'focus stays on the switch');
    });

    it('the English page (?lang=en): the answer on the first screen, in English words', async () => {
      await open('index.html?lang=en');
      assert.equal(await js('return document.documentElement.lang'), 'en');
      await zhengzhouRider('yuan');
      assert.match(await text('.fc-card-now'), /pension 766\.20 \+ medical 344\.79 yuan/);
      const [whoBottom, vh] = await js('return [document.querySelector(\'[data-testid="who-pays"]\').getBoundingClientRect().bottom + window.scrollY, window.innerHeight]');
      assert.ok(whoBottom <= vh, `who pays ends at ${Math.round(whoBottom)} px`);
      // The form and the answer in English (the sources further down keep their Chinese titles).
      for (const sel of ['.fc-form', '.fc-card-now']) assert.doesNotMatch(await text(sel), /[\u4e00-\u9fff]/u, `no Chinese in ${sel}`);
      assert.equal(await js('return document.querySelector(\'[data-path="work[0].hours"]\').value'), '260');
      await until('the case sheet with what was typed', 'return /7,000\\.00 yuan; 260\\.0 hours/.test(document.querySelector(".fc-print-sheet")?.textContent)');
      await js('window.scrollTo(0, 0)');
      await shot('zhengzhou-360-en');
    });

    it(`the wasm module gives the same documents as in Node for all ${cases.length} golden cases`, async () => {
      const t0 = Date.now();
      const got = await driver.executeAsyncScript(`
        const done = arguments[arguments.length - 1];
        const list = arguments[0];
        const run = ${runCases.toString()};
        const hash = ${digest.toString()};
        import('/pkg/flexcalc.js').then(async (mod) => { await mod.default(); done(await run(mod, list, hash)); })
          .catch((e) => done('failed: ' + e));`, cases);
      assert.ok(Array.isArray(got), String(got));
      const diffs = cases.filter((c, i) => got[i] !== expected[i]).map((c) => c.file);
      console.log(`${engine.name}: ${cases.length} golden cases in ${Date.now() - t0} ms`);
      assert.deepEqual(diffs, []);
    });
  });
}
