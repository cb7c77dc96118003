// Unit tests of the page's pure modules (state.js, format.js, the note and step sentences of i18n.js),
// under node:test: no browser, no engine. Run by scripts/test.sh (suite e2e: www/**/*.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  blankState, exampleState, currentMonth, lastMonths, monthRange, cleanMoney, cleanHours, cleanCount,
  cleanRate, cleanMonth, yearsToMonths, buildRequest, encodeShare, decodeShare, hasIncome, fieldFor, MAX_MONTHS,
  embedState,
} from './state.js';
import { money, oneDecimal, age, yearsMonths, years, month, count } from './format.js';
import { t, STRINGS, loadLang } from './i18n.js';

await loadLang('en'); // i18n-en.js: loaded on request in the page
import { noteText } from './plain.js';

test('the blank state opens on the browser month, with no place and nothing typed', () => {
  const s = blankState(currentMonth(new Date(2026, 11, 2)));
  assert.equal(s.from, '2026-12');
  assert.equal(s.to, '2026-12');
  assert.equal(s.region, '');
  assert.equal(s.platforms.length, 1);
  assert.deepEqual([s.platforms[0].hours, s.platforms[0].income, s.platforms[0].orders], ['', '', '']);
  assert.equal(hasIncome(s), false);
  assert.equal(hasIncome(exampleState()), true);
});

test('month ranges: either order, one end alone, last 12 months across a year, the cap', () => {
  assert.deepEqual(monthRange('2025-11', '2026-02'), ['2025-11', '2025-12', '2026-01', '2026-02']);
  assert.deepEqual(monthRange('2026-02', '2025-11'), ['2025-11', '2025-12', '2026-01', '2026-02'], 'reversed is the same range');
  assert.deepEqual(monthRange('2026-03', ''), ['2026-03']);
  assert.deepEqual(monthRange('', '2026-03'), ['2026-03']);
  assert.deepEqual(monthRange('x', 'y'), []);
  assert.deepEqual(lastMonths(12, '2026-12'), { from: '2026-01', to: '2026-12' });
  assert.deepEqual(lastMonths(12, '2026-03'), { from: '2025-04', to: '2026-03' });
  assert.equal(monthRange(lastMonths(12, '2026-03').from, '2026-03').length, 12);
  assert.equal(monthRange('1990-01', '2100-12').length, MAX_MONTHS + 1, 'one more than the engine takes, so it says so');
});

test('input cleaning: full-width digits, separators, units, only where unambiguous', () => {
  assert.equal(cleanMoney('７０００'), '7000');
  assert.equal(cleanMoney('7,000'), '7000');
  assert.equal(cleanMoney('7，000.50'), '7000.50');
  assert.equal(cleanMoney('7000元'), '7000');
  assert.equal(cleanMoney(' ￥7000 '), '7000');
  assert.equal(cleanMoney('１２，３４５．６元'), '12345.6');
  assert.equal(cleanMoney('7,00'), '7,00', 'not a thousands grouping: left for the engine to refuse');
  assert.equal(cleanMoney('7,5'), '7,5');
  assert.equal(cleanMoney('abc'), 'abc');
  assert.equal(cleanHours('２６０小时'), '260');
  assert.equal(cleanHours('150 h'), '150');
  assert.equal(cleanCount('1,100单'), '1100');
  assert.equal(cleanRate('８％'), '8%');
  assert.equal(cleanRate('8 %'), '8%');
  assert.equal(cleanRate('0.08'), '0.08');
  assert.equal(cleanMonth('2026-3'), '2026-03');
  assert.equal(cleanMonth('2026年3月'), '2026-03');
  assert.equal(cleanMonth('２０２６／０３'), '2026-03');
  assert.equal(cleanMonth('2026-13'), '2026-13');
  assert.equal(yearsToMonths('12'), 144);
  assert.equal(yearsToMonths('１２年'), 144);
  assert.equal(yearsToMonths('12.5'), 150);
  assert.equal(yearsToMonths('abc'), null);
});

test('request building: cleaned values, default platform names, blanks left out, any month order', () => {
  const s = blankState('2026-12');
  s.region = '410100';
  s.from = '2026-12';
  s.to = '2026-10';
  s.platforms[0].income = '７,０００元';
  const { req, months, origin } = buildRequest(s, { defaultName: (k) => `平台${k + 1}` });
  assert.deepEqual(months, ['2026-10', '2026-11', '2026-12']);
  assert.equal(req.region, '410100');
  assert.deepEqual(req.months[0].work, [{ platform: '平台1', sector: 'instant_delivery', income: '7000' }]);
  assert.deepEqual(origin, [[0], [0], [0]]);
  assert.equal(req.person, undefined);
  assert.equal(req.medical.rate, undefined);
  s.medical.rate = '８%';
  s.platforms[0].orders = '1,100';
  s.platforms[0].hours = '260小时';
  const r2 = buildRequest(s).req;
  assert.equal(r2.medical.rate, '8%');
  assert.deepEqual(r2.months[2].work[0], { platform: 'P1', sector: 'instant_delivery', hours: '260', income: '7000', orders: 1100 });
});

test('request building: months that differ, and a platform not worked in a month', () => {
  const s = exampleState();
  s.from = '2025-08';
  s.same = false;
  s.overrides = { '2025-08': [{ hours: '100', income: '3000', orders: '' }, { hours: '', income: '', orders: '' }] };
  const { req, origin } = buildRequest(s);
  assert.deepEqual(req.months[0].work, [{ platform: '美团', sector: 'instant_delivery', hours: '100', income: '3000' }]);
  assert.deepEqual(origin[0], [0]);
  assert.equal(req.months[1].work.length, 2, 'a month without overrides takes the platform rows');
  assert.deepEqual(origin[1], [0, 1]);
});

test('the record before the ledger: years already paid count with the ledger months', () => {
  const s = exampleState(); // one month, 2025-09
  s.person = { birth: '1978-03', track: 'female_55', years: '12', index: '', balance: '' };
  assert.deepEqual(buildRequest(s).req.person, { birth: '1978-03', track: 'female_55', contribution_months: 145 });
  s.person.index = '0.6';
  s.person.balance = '32,000元';
  assert.deepEqual(buildRequest(s).req.person, {
    birth: '1978-03', track: 'female_55', contribution_months: 145, average_index: '0.6', account_balance: '32000',
  });
  s.person.years = '十二';
  assert.equal(buildRequest(s).req.person.contribution_months, '十二', 'not a number: the engine names the field');
  // Credited years (视同缴费), full-width and with 年, go to credited_years; the engine's field maps back.
  s.person.credited = '５年';
  assert.equal(buildRequest(s).req.person.credited_years, '5');
  assert.equal(fieldFor('person.credited_years', {}), 'person.credited');
});

test('share links: no income, birth month or record unless asked; a round trip; old links; junk', () => {
  const s = exampleState();
  s.lang = 'en';
  s.person = { birth: '1978-03', track: 'female_55', years: '12', index: '', balance: '9000' };
  const plain = encodeShare(s);
  assert.match(plain, /^s=[A-Za-z0-9_-]+$/);
  const back = decodeShare(`#${plain}`, '2026-12');
  assert.equal(back.lang, 'en');
  assert.equal(back.region, '320100');
  assert.deepEqual(back.platforms.map((p) => p.income), ['', '']);
  assert.deepEqual(back.platforms.map((p) => p.hours), ['150', '40']);
  assert.equal(back.person.birth, '');
  assert.equal(back.person.years, '');
  assert.equal(back.person.balance, '');
  assert.equal(back.person.track, 'female_55');
  assert.equal(hasIncome(back), false);
  const full = decodeShare(`#${encodeShare(s, { private: true })}`);
  assert.deepEqual(full.platforms.map((p) => p.income), ['6200', '1800']);
  assert.equal(full.person.birth, '1978-03');
  assert.equal(full.person.years, '12');
  // A link of the earlier page (URI-encoded JSON).
  const old = decodeShare(`#s=${encodeURIComponent(JSON.stringify({ region: '110000', from: '2025-01', to: '2025-02', platforms: [{ name: 'x', income: '5000' }] }))}`);
  assert.equal(old.region, '110000');
  assert.equal(old.platforms[0].income, '5000');
  assert.equal(old.platforms[0].sector, 'other');
  assert.equal(decodeShare('#s=%%%'), null);
  assert.equal(decodeShare('#nothing'), null);
  const odd = decodeShare(`#s=${encodeURIComponent(JSON.stringify({ from: 'soon', base: { kind: 'lots' }, person: { track: 'x' } }))}`, '2026-12');
  assert.equal(odd.from, '2026-12');
  assert.equal(odd.base.kind, 'floor');
  assert.equal(odd.person.track, '');
});

test('an engine error path leads to its form field', () => {
  assert.equal(fieldFor('months[0].work[1].hours', { origin: [[0, 2]], same: true }), 'work[2].hours');
  assert.equal(fieldFor('months[3].work[0].income', { origin: [[], [], [], [1]], same: false }), 'months[3].work@1.income');
  assert.equal(fieldFor('months[0].work[0].injury_fee_class', {}), 'work[0].sector');
  assert.equal(fieldFor('months[0].month', {}), 'months.from');
  assert.equal(fieldFor('months', {}), 'months.from');
  assert.equal(fieldFor('region', {}), 'region');
  assert.equal(fieldFor('medical.rate', {}), 'medical.rate');
  assert.equal(fieldFor('person.contribution_months', {}), 'person.years');
  assert.equal(fieldFor('subsidies[0].start', {}), 'subsidies.start');
  assert.equal(fieldFor('subsidies[1].months_reached_before', {}), 'subsidies.reached');
  assert.equal(fieldFor('pension_base.value', {}), 'pension_base.value');
  assert.equal(fieldFor('labor_facts.apportion', {}), null);
  assert.equal(fieldFor(null, {}), null);
});

test('figures for reading: separators, one decimal for hours, ages, record lengths, months', () => {
  assert.equal(money('1386.56'), '1,386.56');
  assert.equal(money('91875.33976904780296082411976'), '91,875.34');
  assert.equal(money('183323.76'), '183,323.76');
  assert.equal(money('0.995'), '1.00');
  assert.equal(money('5'), '5.00');
  assert.equal(money('-1234.5'), '-1,234.50');
  assert.equal(money(null), '—');
  assert.equal(oneDecimal('44.3333'), '44.3');
  assert.equal(oneDecimal('28'), '28.0');
  assert.equal(count('1100'), '1,100');
  assert.equal(age({ years: 63, months: 0 }, 'zh'), '63岁');
  assert.equal(age({ years: 58, months: 4 }, 'zh'), '58岁4个月');
  assert.equal(age({ years: 63, months: 0 }, 'en'), '63');
  assert.equal(age({ years: 57, months: 1 }, 'en'), '57 years 1 month');
  assert.equal(yearsMonths(247, 'zh'), '20年7个月');
  assert.equal(yearsMonths(144, 'en'), '12 years');
  assert.equal(yearsMonths(0, 'zh'), '0个月');
  assert.equal(years('15.5'), '15.5');
  assert.equal(years('15.0'), '15');
  assert.equal(month('2026-03', 'zh'), '2026年3月');
  assert.equal(month('2026-03', 'en'), 'Mar 2026');
});

test('notes: every code becomes a plain sentence; an unknown code a generic one, never the code', () => {
  const codes = ['carried_forward', 'grade_c', 'convention', 'base_clamped', 'long_hours', 'medical_not_shared',
    'medical_estimate', 'medical_tier_default', 'scenario_not_law', 'custom_rules', 'benefit_base_from_average_wage'];
  for (const lang of ['zh', 'en']) {
    for (const code of [...codes, 'something_new']) {
      for (const parameter of [undefined, 'pension.base_floor', 'labor_facts.apportion', 'x.unknown_thing']) {
        const text = noteText({ code, parameter, months: ['2026-01', '2026-02'], message: { zh: '原文 x.y', en: 'raw x.y' } }, lang);
        assert.ok(text.length > 8, `${code} ${lang}`);
        assert.doesNotMatch(text, /[a-z]+_[a-z]+|[a-z]+\.[a-z]+|HalfUp/, `${code}/${parameter} ${lang}: ${text}`);
        if (lang === 'zh') assert.doesNotMatch(text, /[A-Za-z]{2,}/, `${code} zh: ${text}`);
        else assert.doesNotMatch(text, /[\u3400-\u9fff]/, `${code} en: ${text}`);
      }
    }
  }
});

test('i18n: both languages have the same keys; no Chinese in English strings, no Latin words in Chinese ones', () => {
  const keys = (o, p = '') => Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${p}${k}.`) : [`${p}${k}`]));
  assert.deepEqual(keys(STRINGS.zh).sort(), keys(STRINGS.en).sort());
  const ALLOWED_ZH = /\b(English|PDF|A4|CSV|TOML|Excel)\b/g;
  for (const k of keys(STRINGS.en)) {
    const en = t('en', k);
    if (!k.startsWith('langSwitch')) assert.doesNotMatch(en, /[\u3400-\u9fff]/, `en ${k}: ${en}`);
    const zh = t('zh', k).replace(ALLOWED_ZH, '').replace(/\{\w+\}/g, '');
    if (!k.startsWith('langSwitch')) assert.doesNotMatch(zh, /[A-Za-z]{2,}/, `zh ${k}: ${zh}`);
  }
});

test('i18n-decisions.js (the decision blocks, loaded with the details): the same checks as the page strings', async () => {
  const { default: d } = await import('./i18n-decisions.js');
  assert.deepEqual(Object.keys(d.zh).sort(), Object.keys(d.en).sort());
  assert.ok(Object.keys(d.zh).length >= 20);
  for (const k of Object.keys(d.en)) {
    assert.doesNotMatch(d.en[k], /[\u3400-\u9fff]/, `en ${k}: ${d.en[k]}`);
    assert.doesNotMatch(d.zh[k].replace(/\{\w+\}/g, ''), /[A-Za-z]{2,}/, `zh ${k}: ${d.zh[k]}`);
    // No key of the page's own strings is defined twice (view-details.js looks here first).
    assert.equal(Object.hasOwn(STRINGS.zh, k), false, k);
  }
});

test('an embed opens on this month and an empty form unless it asks for a month or the example', () => {
  const now = embedState({ region: '410100', lang: 'en' });
  assert.equal(now.region, '410100');
  assert.equal(now.lang, 'en');
  assert.equal(now.from, now.to);
  assert.match(now.from, /^\d{4}-\d{2}$/);
  assert.equal(now.platforms[0].income, '', 'no example figures');
  assert.equal(embedState({ month: '2026-03' }).from, '2026-03');
  assert.equal(embedState({ month: '2026-13' }).from, now.from, 'a malformed month falls back to this month');
  const example = embedState({ example: '' });
  assert.equal(example.region, '320100', 'the bare attribute asks for the example');
  assert.notEqual(example.platforms[0].income, '');
  assert.equal(embedState({ example: 'false' }).platforms[0].income, '');
});

test('subsidies: a platform subsidy carries the earlier months that reached the floor; no start month is left to the engine', () => {
  const s = blankState('2025-12');
  s.region = '310000';
  s.platforms[0].name = 'Meituan';
  s.platforms[0].income = '8000';
  s.subsidies = { difficulty: true, start: '', platform: 'Meituan', reached: '３' };
  const { req } = buildRequest(s);
  assert.deepEqual(req.subsidies, [
    { program: 'employment_difficulty' },
    { program: 'platform_pension', platform: 'Meituan', months_reached_before: 3 },
  ]);
  s.subsidies.reached = 'many';
  assert.equal(buildRequest(s).req.subsidies[1].months_reached_before, 'many');
  s.subsidies.reached = '';
  assert.equal('months_reached_before' in buildRequest(s).req.subsidies[1], false);
});
