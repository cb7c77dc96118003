// The NGO batch as the 2026-12 test found it (issue 16 item 7; ux-test-2026-12.md, item 7): the help
// pages are served in both languages with their templates, a template runs clean, a GBK file with
// Chinese column names is read (its downloads byte for byte the CLI's `--lang zh` on the same file),
// every bad cell is listed on the page with its line and column in the page's language, the English
// page speaks English, the disabled Cancel looks disabled, and a batch that cannot load offline says so
// in the page's language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer, launchChromium, collectErrors, WWW } from './support.mjs';

const ROOT = path.resolve(WWW, '..');
const DIR = path.join(ROOT, 'target', 'e2e-batch-ngo');
const file = (name) => path.join(DIR, name);
let srv;
let browser;

function flexcalc(...args) {
  return execFileSync('cargo', ['run', '--release', '--quiet', '--bin', 'flexcalc', '--', ...args], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26,
  });
}

// An NGO's sheet with Chinese column names, as Excel on Chinese Windows saves it (GBK). R052 has two
// bad cells (an unknown place and a negative income), R053 two more (hours and orders): line numbers
// counted by hand, the header being line 1.
const SHEET = [
  '编号,地区,月份,平台,工时（小时）,收入,订单,行业',
  'R050,郑州,2026-10,美团,260,7000,1100,instant_delivery',
  'R050,郑州,2026-11,美团,250,6800.5,1050,instant_delivery',
  'R051,南京,2026-10,滴滴,120,5000,80,ride_hailing',
  'R052,火星,2026-10,美团,100,-300,10,instant_delivery',
  'R053,深圳,2026-10,饿了么,abc,4000,x,instant_delivery',
].join('\r\n') + '\r\n';

before(async () => {
  fs.mkdirSync(DIR, { recursive: true });
  fs.writeFileSync(file('ngo-gbk.csv'), gbkBytes(SHEET));
  flexcalc('batch', '--input', file('ngo-gbk.csv'), '--output', file('ngo.cli.csv'), '--lang', 'zh',
    '--errors', file('ngo.cli.errors.csv'), '--quiet');
  srv = await startServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await srv?.close();
});

/** GBK bytes of a text (Node has a GBK decoder but no encoder): each character's two bytes found by
 *  decoding the whole two-byte range with TextDecoder('gbk'), the WHATWG table. */
function gbkBytes(text) {
  const dec = new TextDecoder('gbk');
  const table = new Map();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  const out = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else {
      const b = table.get(ch);
      assert.ok(b, `no GBK code for ${ch}`);
      out.push(...b);
    }
  }
  return Buffer.from(out);
}

async function open(query = '', viewport = { width: 1000, height: 900 }) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(new URL(`index.html${query}`, srv.url).href);
  // The page opens with nothing filled in; the batch section comes after the first answer or 4 s.
  await page.waitForSelector('.fc-results[aria-busy="false"]');
  await page.getByTestId('batch-file').waitFor({ state: 'attached' });
  return { context, page, errors };
}

async function upload(page, name) {
  await page.getByTestId('batch-file').setInputFiles(file(name));
  await page.waitForFunction(() => ['done', 'error'].includes(document.getElementById('batch').dataset.state), null, { timeout: 60000 });
}

async function download(page, name) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`batch-${name}`).click()]);
  return fs.readFileSync(await d.path());
}

test('the help pages are served in both languages, and their templates run clean', async () => {
  for (const [name, lang, text] of [['batch-help.html', 'zh-CN', '列名用中文或英文都可以'], ['batch-help.en.html', 'en', 'in English or in Chinese']]) {
    const res = await fetch(new URL(name, srv.url));
    assert.equal(res.status, 200, name);
    const html = await res.text();
    assert.match(html, new RegExp(`<html lang="${lang}">`));
    assert.ok(html.includes(text), name);
    for (const col of ['worker_id', 'region', 'month', 'platform', 'income', '编号', '地区', '月份', '平台', '收入']) assert.ok(html.includes(col), `${name}: ${col}`);
  }
  for (const t of ['batch-template.csv', 'batch-template-zh.csv']) {
    const res = await fetch(new URL(t, srv.url));
    assert.equal(res.status, 200, t);
    assert.match(res.headers.get('content-type'), /^text\/csv/);
  }
  const { context, page, errors } = await open();
  // The section links the help page of the page's language, and both templates.
  assert.equal(await page.getByTestId('batch-help').getAttribute('href'), 'batch-help.html');
  const template = await download(page, 'template-zh');
  assert.ok(template.equals(fs.readFileSync(path.join(WWW, 'batch-template-zh.csv'))));
  fs.writeFileSync(file('template-zh.csv'), template);
  await upload(page, 'template-zh.csv');
  assert.equal(await page.locator('#batch').getAttribute('data-state'), 'done');
  assert.match(await page.getByTestId('batch-status').textContent(), /^完成：5 行，2 人，4 人月/);
  assert.equal(await page.getByTestId('batch-problems').textContent(), '');
  // The help page opens from the section.
  await page.getByTestId('batch-help').click();
  await page.waitForURL(/batch-help\.html$/);
  assert.match(await page.locator('h1').textContent(), /批量计算/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a GBK file with Chinese column names: read, every bad cell listed with line and column', async () => {
  const { context, page, errors } = await open();
  await upload(page, 'ngo-gbk.csv');
  assert.equal(await page.locator('#batch').getAttribute('data-state'), 'done', await page.getByTestId('batch-error').textContent());
  assert.equal(await page.locator('#batch').getAttribute('data-encoding'), 'GBK/GB18030');
  assert.match(await page.getByTestId('batch-status').textContent(), /完成：5 行，4 人，3 人月.*2 人的数据有问题/);
  const problems = await page.getByTestId('batch-problems').textContent();
  // R052: the unknown place and the negative income both; R053: hours and orders.
  assert.match(problems, /第 5 行（编号 R052），第 2 列“地区”：未知地区“火星”/);
  assert.match(problems, /第 5 行（编号 R052），第 6 列“收入”：收入不能为负数/);
  assert.match(problems, /第 6 行（编号 R053），第 5 列“工时（小时）”：“abc”不是数字/);
  assert.match(problems, /第 6 行（编号 R053），第 7 列“订单”：“x”不是整数/);
  // The downloads: the CLI's `--lang zh` files for the same GBK file, a labels row under the names.
  const results = await download(page, 'flexcalc-results.csv');
  assert.ok(results.equals(fs.readFileSync(file('ngo.cli.csv'))), 'results = flexcalc batch --lang zh');
  assert.match(results.toString('utf8'), /^worker_id,month,region,[^\n]*\n编号,月份,地区代码,平台数,/);
  const errs = await download(page, 'flexcalc-errors.csv');
  assert.ok(errs.equals(fs.readFileSync(file('ngo.cli.errors.csv'))), 'errors = flexcalc batch --lang zh');
  // Totals with separators (R050's two months and R051: more than 1,000 yuan paid by the workers).
  assert.match(await page.getByTestId('batch-summary').textContent(), /\d,\d{3}\.\d\d/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a phone (360 px) the totals are two cards, a line per figure, with no sideways scrolling; a table on a wide screen', async () => {
  const { context, page, errors } = await open('', { width: 360, height: 740 });
  await upload(page, 'ngo-gbk.csv');
  assert.equal(await page.locator('#batch').getAttribute('data-state'), 'done');
  const cards = page.getByTestId('batch-cards');
  assert.equal(await cards.isVisible(), true);
  assert.equal(await page.locator('#batch .fc-table').isVisible(), false, 'the table is not shown on a phone');
  // Each card: its law, and the workers', the platforms' and the injury fees' totals, each on a line.
  assert.equal(await cards.locator('.fc-batch-card').count(), 2);
  const first = await cards.locator('.fc-batch-card').first().innerText();
  assert.match(first, /现行法律/);
  assert.match(first, /劳动者缴\s+[\d,]+\.\d\d/);
  assert.match(first, /职业伤害保障费（平台缴）\s+[\d,]+\.\d\d/);
  // The figures are the table's (the same totals, the same separators).
  const tableFigures = await page.locator('#batch .fc-table td').allTextContents();
  const cardFigures = await cards.locator('dd').allTextContents();
  assert.deepEqual(cardFigures, tableFigures);
  const overflow = await page.evaluate(() => {
    const b = document.getElementById('batch');
    const wide = [...b.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5);
    return { page: document.documentElement.scrollWidth - document.documentElement.clientWidth, wide: wide.map((el) => el.className || el.tagName) };
  });
  assert.deepEqual(overflow, { page: 0, wide: [] }, 'nothing in the batch section runs past the screen');
  fs.mkdirSync(path.join(ROOT, 'target', 'screenshots'), { recursive: true });
  await page.getByTestId('batch-summary').screenshot({ path: path.join(ROOT, 'target', 'screenshots', 'batch-summary-360.png') });
  // A wide screen: the table, not the cards.
  await page.setViewportSize({ width: 1000, height: 900 });
  assert.equal(await page.locator('#batch .fc-table').isVisible(), true);
  assert.equal(await cards.isVisible(), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('UTF-16 files (Excel\'s "Unicode text"), little- and big-endian, with and without a mark: the same files', async () => {
  const utf16 = (le, bom) => {
    const units = [...(bom ? [0xfeff] : []), ...[...SHEET].flatMap((c) => { const u = []; for (let i = 0; i < c.length; i++) u.push(c.charCodeAt(i)); return u; })];
    const buf = Buffer.alloc(units.length * 2);
    units.forEach((u, i) => (le ? buf.writeUInt16LE(u, 2 * i) : buf.writeUInt16BE(u, 2 * i)));
    return buf;
  };
  const { context, page, errors } = await open();
  for (const [name, le, bom, label] of [['le-bom', true, true, 'UTF-16LE'], ['be', false, false, 'UTF-16BE']]) {
    fs.writeFileSync(file(`ngo-${name}.csv`), utf16(le, bom));
    await upload(page, `ngo-${name}.csv`);
    assert.equal(await page.locator('#batch').getAttribute('data-encoding'), label);
    assert.ok((await download(page, 'flexcalc-results.csv')).equals(fs.readFileSync(file('ngo.cli.csv'))), name);
    assert.ok((await download(page, 'flexcalc-errors.csv')).equals(fs.readFileSync(file('ngo.cli.errors.csv'))), name);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('the English page: the section, its messages and its labels row in English', async () => {
  const { context, page, errors } = await open('?lang=en');
  assert.match(await page.locator('#batch h2').textContent(), /^Batch \(for NGOs\)$/);
  assert.equal(await page.getByTestId('batch-help').getAttribute('href'), 'batch-help.en.html');
  const section = await page.locator('#batch').textContent();
  assert.ok(!/[\u4e00-\u9fff]/.test(section.replace(/flexcalc-模板\.csv/g, '')), `Chinese in the English section: ${section}`);
  await upload(page, 'ngo-gbk.csv');
  const problems = await page.getByTestId('batch-problems').textContent();
  assert.match(problems, /line 5 \(worker R052\), column 2 \(地区\): unknown region "火星"/);
  assert.match(await page.getByTestId('batch-status').textContent(), /^Done: 5 rows, 4 workers, 3 worker-months/);
  const results = await download(page, 'flexcalc-results.csv');
  assert.match(results.toString('utf8'), /\nWorker ID,Month,Region code,Platforms,/);
  // Switching the page's language switches the section.
  await page.locator('.fc-lang').click();
  await page.waitForFunction(() => /批量计算/.test(document.querySelector('#batch h2').textContent));
  assert.match(await page.getByTestId('batch-status').textContent(), /^完成：5 行/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the disabled Cancel looks disabled; offline before the batch was ever loaded, a plain message', async () => {
  const { context, page, errors } = await open();
  const cancel = page.getByTestId('batch-cancel');
  assert.equal(await cancel.isDisabled(), true);
  const style = await cancel.evaluate((b) => { const s = getComputedStyle(b); return { cursor: s.cursor, border: s.borderTopStyle, color: s.color }; });
  assert.deepEqual(style, { cursor: 'not-allowed', border: 'dashed', color: 'rgb(138, 138, 138)' });
  await context.setOffline(true);
  await page.getByTestId('batch-file').setInputFiles(file('ngo-gbk.csv'));
  await page.waitForFunction(() => document.getElementById('batch').dataset.state === 'error', null, { timeout: 30000 });
  assert.match(await page.getByTestId('batch-error').textContent(), /^无法启动批量计算。如果现在没有网络/);
  await context.setOffline(false);
  // Requests that failed while offline are expected here.
  assert.deepEqual(errors.filter((e) => !/request failed|ERR_INTERNET_DISCONNECTED|Failed to fetch|batch-worker|flexcalc_tools/.test(e)), []);
  await context.close();
});
