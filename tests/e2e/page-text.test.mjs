// The text-leak scan (issue 16 item 2): the rendered text of the calculator, in both languages and in
// several states (the default page, a Zhengzhou rider with the medical estimate and a record, Shenzhen,
// errors, every section opened), holds no parameter name, code or raw figure: no snake_case or dotted
// identifiers, no `HalfUp`, no `63y0m`, no decimal with more than two places, no Latin words in the
// Chinese page and no Chinese in the English one. Text marked with another language (the switch
// button, Chinese document titles in the English page) is that language's, and is left out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchChromium, collectErrors } from './support.mjs';

const NOW = new Date('2026-12-02T10:00:00+08:00');
let srv;
let browser;

before(async () => {
  srv = await startServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await srv?.close();
});

/** Words the Chinese page may show in Latin letters (none so far beyond the language switch). */
const ZH_LATIN_OK = /\b(English)\b/g;

/** What a worker reads: visible text nodes and the placeholders, labels and titles of #app. */
function readable(page) {
  return page.evaluate(() => {
    const app = document.getElementById('app');
    const pageLang = document.documentElement.lang.startsWith('zh') ? 'zh' : 'en';
    const other = (el) => {
      const l = el.closest('[lang]')?.getAttribute('lang') ?? pageLang;
      return !l.startsWith(pageLang);
    };
    const out = [];
    const walker = document.createTreeWalker(app, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent.trim() || other(el)) continue;
      if (el.closest('option') ? !el.closest('select').checkVisibility() : !el.checkVisibility()) continue;
      out.push(n.textContent.trim());
    }
    for (const el of app.querySelectorAll('[placeholder], [aria-label], [title]')) {
      if (other(el) || !el.checkVisibility()) continue;
      for (const a of ['placeholder', 'aria-label', 'title']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
    }
    return out;
  });
}

function leaks(texts, lang) {
  const bad = [];
  for (const s of texts) {
    const checks = [/\b[a-z]+_[a-z0-9_]+\b/, /\b[a-z]{2,}\.[a-z_]{2,}\b/, /HalfUp|HalfEven/, /\b\d+y\d+m\b/, /\d+\.\d{3,}/];
    if (lang === 'zh') checks.push(/[A-Za-z]{2,}/);
    else checks.push(/[\u3400-\u9fff]/);
    const probe = lang === 'zh' ? s.replace(ZH_LATIN_OK, '') : s;
    for (const re of checks) {
      const m = re.exec(probe);
      if (m) bad.push(`${m[0]} in “${s.slice(0, 90)}”`);
    }
  }
  return [...new Set(bad)];
}

async function scan(page, state, lang) {
  const texts = await readable(page);
  assert.ok(texts.length > 10, `${state} ${lang}: some text`);
  assert.deepEqual(leaks(texts, lang), [], `${state} (${lang})`);
}

async function inBothLanguages(page, state) {
  await scan(page, state, 'zh');
  await page.locator('.fc-lang').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en'); // i18n-en.js loads on the first switch
  await scan(page, state, 'en');
  await page.locator('.fc-lang').click();
}

const field = (page, p) => page.locator(`[data-path="${p}"]`);
const openAll = (page) => page.evaluate(() => document.querySelectorAll('#app details').forEach((d) => { d.open = true; }));

async function fresh() {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.clock.setFixedTime(NOW);
  const errors = collectErrors(page);
  await page.goto(new URL('index.html', srv.url).href);
  await page.locator('.fc-results[aria-busy="false"]').waitFor();
  return { context, page, errors };
}

async function place(page, typed, pick) {
  await field(page, 'region').fill(typed);
  await page.locator('[role=listbox] [role=option]', { hasText: pick }).first().click();
}

test('the scan itself finds each kind of leak', () => {
  assert.equal(leaks(['按 pension.base_floor 计算'], 'zh').length, 3);
  assert.equal(leaks(['benefit_base_from_average_wage'], 'en').length, 1);
  assert.equal(leaks(['0.01 HalfUp'], 'en').length, 1);
  assert.equal(leaks(['退休年龄 63y0m'], 'zh').length, 1);
  assert.equal(leaks(['91875.33976904780296082411976'], 'en').length, 1);
  assert.equal(leaks(['2/3 × paid 1072.68'], 'zh').length, 1);
  assert.equal(leaks(['Platform pension subsidy（美团）'], 'en').length, 1);
  assert.deepEqual(leaks(['你每月要交 1,110.99 元', 'English'], 'zh'), []);
  assert.deepEqual(leaks(['You pay 1,110.99 yuan a month, e.g. 7000'], 'en'), []);
});

test('no leak: the default page, and with every section opened', async () => {
  const { context, page, errors } = await fresh();
  await inBothLanguages(page, 'default');
  await openAll(page);
  await inBothLanguages(page, 'default, opened');
  assert.deepEqual(errors, []);
  await context.close();
});

test('no leak: a Zhengzhou rider with the medical estimate, orders and a record, every section opened', async () => {
  const { context, page, errors } = await fresh();
  await place(page, 'zhengzhou', '郑州');
  await field(page, 'work[0].income').fill('7000');
  await field(page, 'work[0].hours').fill('260');
  await page.locator('.fc-last-12').click();
  await page.locator('details.fc-platforms > summary').click();
  await field(page, 'work[0].orders').fill('1100');
  await page.locator('details.fc-record > summary').click();
  await field(page, 'person.birth').fill('1978-03');
  await field(page, 'person.track').selectOption('female_55');
  await field(page, 'person.years').fill('12');
  await page.waitForFunction(() => /估算/.test(document.querySelector('.fc-card-now')?.textContent ?? '') && document.querySelector('[data-testid="monthly-pension"]'));
  await inBothLanguages(page, 'Zhengzhou');
  await openAll(page);
  await inBothLanguages(page, 'Zhengzhou, opened');
  assert.deepEqual(errors, []);
  await context.close();
});

test('no leak: Shenzhen on two platforms with subsidies, every section opened', async () => {
  const { context, page, errors } = await fresh();
  await place(page, 'shenzhen', '深圳');
  await page.locator('details.fc-platforms > summary').click();
  await page.locator('.fc-add').click();
  await field(page, 'work[0].income').fill('6000');
  await field(page, 'work[0].hours').fill('180');
  await field(page, 'work[1].income').fill('2500');
  await field(page, 'work[1].hours').fill('60');
  await page.locator('details.fc-subsidies > summary').click();
  await page.locator('details.fc-subsidies input[type=checkbox]').check();
  await field(page, 'subsidies.start').fill('2026-06');
  await page.waitForFunction(() => document.querySelector('[data-testid="net-cost"]'));
  await openAll(page);
  await inBothLanguages(page, 'Shenzhen, opened');
  assert.deepEqual(errors, []);
  await context.close();
});

test('no leak: errors (a wrong number, a month before the rules data, a wrong record)', async () => {
  const { context, page, errors } = await fresh();
  await place(page, 'zhengzhou', '郑州');
  await field(page, 'work[0].income').fill('7000');
  await page.locator('[data-testid="current_law-worker"]').waitFor();
  await field(page, 'work[0].hours').fill('15o');
  await page.locator('[data-testid="error-banner"]').waitFor();
  await inBothLanguages(page, 'error: hours');
  await field(page, 'work[0].hours').fill('');
  await field(page, 'months.from').fill('2010-01');
  await field(page, 'months.to').fill('2010-01');
  await page.waitForFunction(() => /规则数据/.test(document.querySelector('[data-testid="error-banner"]')?.textContent ?? ''));
  await inBothLanguages(page, 'error: too early');
  await field(page, 'months.from').fill('2026-12');
  await field(page, 'months.to').fill('2026-12');
  await page.locator('details.fc-record > summary').click();
  await field(page, 'person.birth').fill('1978-03');
  await field(page, 'person.track').selectOption('female_55');
  await field(page, 'person.index').fill('9');
  await page.locator('[data-testid="error-banner"]').waitFor();
  await openAll(page);
  await inBothLanguages(page, 'error: index');
  assert.deepEqual(errors, []);
  await context.close();
});
