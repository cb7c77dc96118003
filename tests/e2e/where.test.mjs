// Where to insure on the page (issue 17 item 5): a Shenzhen rider aged 50, hukou in Xinyang, opens the
// folded "在哪里参保？" block, picks Xinyang in its place box (the same place search as the form's
// region box) and gives the years already paid in each province. The figures and sentences shown must
// be the CLI's (`flexcalc where`) for the same request, in Chinese and in English, and what was typed
// must survive the language switch's redraw. Screenshots at 360 px go to target/screenshots/.
//
// The request below is the one the page builds from these inputs (www/state.js buildRequest: the floor
// base, employee medical, one platform named by its default name, the birth month and track).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer, launchChromium, collectErrors, WWW } from './support.mjs';

const ROOT = path.resolve(WWW, '..');
const SHOTS = path.join(ROOT, 'target', 'screenshots');
const DIR = path.join(ROOT, 'target', 'e2e-where');
const NOW = new Date('2026-12-02T10:00:00+08:00');
let srv;
let browser;

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  fs.mkdirSync(DIR, { recursive: true });
  srv = await startServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await srv?.close();
});

/** `flexcalc where` on `req` (the release CLI, as the batch tests run it). */
function cliWhere(req) {
  const f = path.join(DIR, 'request.json');
  fs.writeFileSync(f, JSON.stringify(req));
  const out = execFileSync('cargo', ['run', '--release', '--quiet', '--bin', 'flexcalc', '--', 'where', f], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 24,
  });
  return JSON.parse(out);
}

/** Money as the page writes it: "955.00" → "955.00", "12345.6" → "12,345.60" (format.js money). */
const money = (v) => {
  const [i, f = ''] = String(v).split('.');
  return `${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${f.padEnd(2, '0')}`;
};

const field = (page, p) => page.locator(`[data-path="${p}"]`);

test('where to insure: Shenzhen beside Xinyang, the figures and sentences of `flexcalc where`, in Chinese and English', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.clock.setFixedTime(NOW);
  const errors = collectErrors(page);
  await page.goto(new URL('index.html', srv.url).href);
  await page.locator('.fc-results[aria-busy="false"]').waitFor();
  await field(page, 'region').fill('shenzhen');
  await page.locator('[role=listbox] [role=option]', { hasText: '深圳' }).first().click();
  await field(page, 'work[0].income').fill('9000');
  await page.locator('details.fc-record > summary').click();
  await field(page, 'person.birth').fill('1976-03');
  await field(page, 'person.track').selectOption('male_60');
  await page.locator('[data-testid="min-years"]').waitFor();

  await page.locator('details.fc-where > summary').click();
  const out = page.locator('[data-testid="where"]');
  await out.waitFor();
  assert.match(await out.textContent(), /填写另一个地方/);
  await field(page, 'where.region').fill('xinyang');
  await page.locator('.fc-where [role=listbox] [role=option]', { hasText: '信阳' }).first().click({ timeout: 60000 });
  await field(page, 'where.hukou').selectOption('1');
  await field(page, 'where.years0').fill('4');
  await field(page, 'where.years1').fill('６'); // full-width, as a phone keyboard may give it
  await page.waitForFunction(() => /信阳/.test(document.querySelector('[data-testid="where-place-1"]')?.textContent ?? '')
    && /户籍/.test(document.querySelector('[data-testid="where-place-1"]')?.textContent ?? ''), null, { timeout: 60000 });
  await page.waitForFunction(() => !/正在计算/.test(document.querySelector('[data-testid="where"]')?.textContent ?? ''));

  const req = {
    region: '440300',
    pension_base: { kind: 'floor' },
    medical: { scheme: 'employee' },
    months: [{ month: '2026-12', work: [{ platform: '平台1', sector: 'instant_delivery', income: '9000' }] }],
    trace: false,
    person: { birth: '1976-03', track: 'male_60' },
    places: [{ region: '440300', years_paid: '4' }, { region: '信阳', hukou: true, years_paid: '6' }],
  };
  const cli = cliWhere(req);
  assert.equal(cli.places.length, 2);
  assert.equal(cli.places[1].region.zh, '信阳市');

  const check = async (lang) => {
    const yuan = (v) => (lang === 'zh' ? `${money(v)} 元` : `${money(v)} yuan`);
    for (const [i, p] of cli.places.entries()) {
      const card = page.locator(`[data-testid="where-place-${i}"]`);
      assert.equal(await card.locator('[data-testid="where-cost"]').textContent(), yuan(p.monthly_cost), `${lang} place ${i} cost`);
      assert.equal(await card.locator('[data-testid="where-pension"]').textContent(), yuan(p.monthly_pension), `${lang} place ${i} pension`);
      assert.equal(await card.locator('[data-testid="where-drawn"]').textContent(), p.drawn_at.message[lang], `${lang} place ${i} drawn at`);
      assert.match(await card.textContent(), new RegExp(lang === 'zh' ? p.region.zh : p.region.en));
      if (p.temporary_account) assert.match(await card.textContent(), new RegExp(p.temporary_account.message[lang].slice(0, 12)));
    }
    assert.equal(await page.locator('[data-testid="where-agency"]').textContent(), cli.agency.message[lang]);
    assert.match(cli.agency.message[lang], lang === 'zh' ? /挂靠/ : /agency/);
  };
  // Shenzhen's floor 4,775 × 20 % = 955.00, Henan's 3,831 × 20 % = 766.20, each with its medical
  // (tests/cases/where-shenzhen-xinyang-temporary-account.json has the pension parts by hand): the
  // CLI's figures differ between the places, so the page cannot pass by showing one twice.
  assert.notEqual(cli.places[0].monthly_cost, cli.places[1].monthly_cost);
  assert.equal(cli.places[0].drawn_at.by, 'here'); // 4 + 12 + months to retirement ≥ 10 years in Guangdong
  assert.equal(cli.places[1].drawn_at.by, 'hukou');
  await check('zh');
  // Side by side on a 360 px phone: the second card starts to the right of the first, on the same row,
  // and nothing in the block is wider than the page.
  const boxes = await page.evaluate(() => [0, 1].map((i) => {
    const r = document.querySelector(`[data-testid="where-place-${i}"]`).getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right };
  }));
  assert.ok(boxes[1].left >= boxes[0].right - 1 && Math.abs(boxes[1].top - boxes[0].top) < 2, JSON.stringify(boxes));
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0);
  await page.locator('details.fc-where').screenshot({ path: path.join(SHOTS, 'where-360-zh.png') });

  // The language switch redraws the details: the block stays open, what was typed stays, and the
  // figures and sentences are the CLI's English ones.
  await page.locator('.fc-lang').click();
  await page.waitForFunction(() => /yuan/.test(document.querySelector('[data-testid="where-place-1"]')?.textContent ?? ''), null, { timeout: 60000 });
  assert.equal(await field(page, 'where.years0').inputValue(), '4');
  assert.equal(await field(page, 'where.years1').inputValue(), '６');
  assert.equal(await field(page, 'where.hukou').inputValue(), '1');
  assert.match(await field(page, 'where.region').inputValue(), /信阳|Xinyang/);
  await check('en');
  await page.locator('details.fc-where').screenshot({ path: path.join(SHOTS, 'where-360-en.png') });
  assert.deepEqual(errors, []);
  await context.close();
});
