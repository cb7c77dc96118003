// The page's batch (www/batch.js, www/batch-worker.js, issue 6 item 3): an NGO's CSV file computed in
// a Web Worker with the wasm engine, in headless Chromium. The downloads are compared byte for byte
// with what the native CLI (`flexcalc batch`) writes for the same file; the progress bar reaches
// 100 %, cancel stops a larger file mid-run, bad rows are in the errors download, and no request
// leaves the page's origin. The inputs are made by `flexcalc synth` (deterministic) in target/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer, launchChromium, collectErrors, WWW } from './support.mjs';

const ROOT = path.resolve(WWW, '..');
const DIR = path.join(ROOT, 'target', 'e2e-batch');
let srv;
let browser;

/** Runs the CLI (built once by cargo, release as the benches). */
function flexcalc(...args) {
  return execFileSync('cargo', ['run', '--release', '--quiet', '--bin', 'flexcalc', '--', ...args], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26,
  });
}

const file = (name) => path.join(DIR, name);

before(async () => {
  fs.mkdirSync(DIR, { recursive: true });
  for (const n of [200, 2000, 20000]) flexcalc('synth', '--workers', String(n), '--seed', '7', '--output', file(`pop${n}.csv`));
  // 200 workers plus bad rows: a bad income, an unknown region, a month before the rules data, and
  // a worker id with a comma and a quote (quoted on output).
  const bad = [
    'bad-income,320100,2025-09,美团,100,abc,10,instant_delivery,rider,employee,',
    'bad-region,nowhere,2025-09,美团,100,5000,10,instant_delivery,rider,employee,',
    'bad-month,320100,1990-01,美团,100,5000,10,instant_delivery,rider,employee,',
    '"ngo, ""a""",南京,2025-09,滴滴,120,7000.5,80,ride_hailing,driver,employee,',
  ];
  fs.writeFileSync(file('mixed.csv'), fs.readFileSync(file('pop200.csv'), 'utf8') + bad.join('\n') + '\n');
  // The page's default files have a labels row and messages in the page's language (`--lang zh`);
  // with "machine names only" they are the CLI's default files.
  flexcalc('batch', '--input', file('mixed.csv'), '--output', file('mixed.cli.csv'), '--lang', 'zh',
    '--errors', file('mixed.cli.errors.csv'), '--summary', file('mixed.cli.summary.json'), '--quiet');
  flexcalc('batch', '--input', file('pop2000.csv'), '--output', file('pop2000.cli.csv'),
    '--errors', file('pop2000.cli.errors.csv'), '--summary', file('pop2000.cli.summary.json'), '--quiet');
  srv = await startServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await srv?.close();
});

async function open() {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const violations = [];
  await page.exposeFunction('__cspViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(new URL('index.html', srv.url).href);
  await page.waitForSelector('.fc-results[aria-busy="false"]'); // the calculator's engine is loaded
  return { context, page, errors, requests, violations };
}

const batch = (page) => page.locator('#batch');

/** Uploads a file and waits until the run is done; returns the time the page reports. */
async function upload(page, name) {
  await page.getByTestId('batch-file').setInputFiles(file(name));
  await page.waitForFunction(() => ['done', 'error'].includes(document.getElementById('batch').dataset.state), null, { timeout: 60000 });
  assert.equal(await batch(page).getAttribute('data-state'), 'done', await page.getByTestId('batch-error').textContent());
  return Number(await batch(page).getAttribute('data-ms'));
}

async function download(page, name) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`batch-${name}`).click()]);
  assert.equal(d.suggestedFilename(), name);
  return fs.readFileSync(await d.path());
}

test('a CSV file with bad rows: the downloads are byte for byte the CLI\'s, progress reaches 100 %', async (t) => {
  const { context, page, errors, requests, violations } = await open();
  const ms = await upload(page, 'mixed.csv');
  t.diagnostic(`200 workers (+4) in the page: ${ms} ms`);
  assert.equal(await page.getByTestId('batch-progress').evaluate((p) => p.value), 100);
  assert.equal(await page.getByTestId('batch-percent').textContent(), '100 %');
  assert.equal(await page.getByTestId('batch-cancel').isDisabled(), true);

  const results = await download(page, 'flexcalc-results.csv');
  assert.ok(results.equals(fs.readFileSync(file('mixed.cli.csv'))), 'results = flexcalc batch output');
  assert.match(results.toString('utf8'), /\n"ngo, ""a""",2025-09,320100,/);
  const errs = await download(page, 'flexcalc-errors.csv');
  assert.ok(errs.equals(fs.readFileSync(file('mixed.cli.errors.csv'))), 'errors = flexcalc batch errors file');
  const text = errs.toString('utf8');
  assert.match(text, /^line,worker_id,field,code,message\n行号,编号,列,代码,说明\n/);
  assert.match(text, /\n3240,bad-income,income,invalid_input,第 6 列“income”：“abc”不是数字\n/);
  assert.match(text, /\n3241,bad-region,region,unknown_region,第 2 列“region”：未知地区“nowhere”/);
  assert.match(text, /\n3242,bad-month,month,/);
  const summary = await download(page, 'flexcalc-summary.json');
  assert.ok(summary.equals(fs.readFileSync(file('mixed.cli.summary.json'))), 'summary = flexcalc batch --summary');

  // The summary on the page: counts and the totals as the engine wrote them, with separators
  // ("1234567.89" -> "1,234,567.89").
  const s = JSON.parse(summary);
  assert.equal(s.workers_failed, 3);
  const sep = (x) => { const [i, d] = x.split('.'); return i.replace(/\B(?=(\d{3})+$)/g, ',') + (d ? `.${d}` : ''); };
  assert.ok(Number(s.totals.current_law.worker) >= 1000, 'a total with a separator');
  assert.ok((await page.getByTestId('batch-summary').textContent()).includes(sep(s.totals.current_law.worker)));
  assert.match(await page.getByTestId('batch-status').textContent(), /完成：3,242 行.*3 人的数据有问题/);
  // The first problems on the page, in its language, with line and column.
  const problems = await page.getByTestId('batch-problems').textContent();
  assert.match(problems, /第 3240 行（编号 bad-income），第 6 列“income”：“abc”不是数字/);

  const origin = new URL(srv.url).origin;
  assert.deepEqual(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')), []);
  assert.ok(requests.some((u) => u.endsWith('/batch-worker.js')), 'the worker script came from the page\'s origin');
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('2,000 workers in the page, and cancel stops a larger file mid-run', async (t) => {
  const { context, page, errors, requests, violations } = await open();
  await page.getByTestId('batch-labels').selectOption('machine');
  const ms = await upload(page, 'pop2000.csv');
  t.diagnostic(`2,000 workers in the page: ${ms} ms`);
  const results = await download(page, 'flexcalc-results.csv');
  assert.ok(results.equals(fs.readFileSync(file('pop2000.cli.csv'))), 'results = flexcalc batch output');
  fs.writeFileSync(path.join(ROOT, 'target', 'batch-page-ms.txt'), `2000 workers: ${ms} ms\n`);

  // 20,000 workers (about 24 MB) in pieces of 64 KiB: cancel as soon as it has started.
  await batch(page).evaluate((el) => { el.dataset.pieceBytes = String(64 * 1024); });
  await page.getByTestId('batch-file').setInputFiles(file('pop20000.csv'));
  await page.waitForFunction(() => document.getElementById('batch').dataset.state === 'running');
  await page.getByTestId('batch-cancel').click();
  assert.equal(await batch(page).getAttribute('data-state'), 'cancelled');
  const stoppedAt = await page.getByTestId('batch-progress').evaluate((p) => p.value);
  assert.ok(stoppedAt < 100, `stopped at ${stoppedAt} %`);
  assert.match(await page.getByTestId('batch-status').textContent(), /已取消/);
  assert.equal(await page.locator('.fc-batch-links a[download]').count(), 0, 'no downloads after cancel');
  await page.waitForTimeout(300);
  assert.equal(await page.getByTestId('batch-progress').evaluate((p) => p.value), stoppedAt, 'the worker is gone');

  // A new run after the cancel works (a new worker), with the default pieces.
  await batch(page).evaluate((el) => { delete el.dataset.pieceBytes; });
  await page.getByTestId('batch-labels').selectOption('friendly');
  await upload(page, 'mixed.csv');
  assert.ok((await download(page, 'flexcalc-results.csv')).equals(fs.readFileSync(file('mixed.cli.csv'))));

  const origin = new URL(srv.url).origin;
  assert.deepEqual(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')), []);
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a file with a bad header: the CLI\'s message, no downloads', async () => {
  const { context, page, errors } = await open();
  fs.writeFileSync(file('bad-header.csv'), 'worker_id,regoin,month,platform,income\nw1,320100,2025-09,x,5000\n');
  await page.getByTestId('batch-file').setInputFiles(file('bad-header.csv'));
  await page.waitForFunction(() => document.getElementById('batch').dataset.state === 'error');
  assert.match(await page.getByTestId('batch-error').textContent(), /无法计算：表头第 2 列“regoin”不是可用的列名/);
  assert.equal(await page.locator('.fc-batch-links a[download]').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
