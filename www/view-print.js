// The case sheet an NGO hands over (shown only in print, at most two A4 pages): place, months, what the
// worker entered, the figures, who pays, the retirement answer, the main notes and sources, the date
// and the rules version. Plain words only, like the page.
import { h, fill } from './dom.js';
import { money, oneDecimal, age, years, yearsMonths, month as monthText, count, percent } from './format.js';
import { noteList } from './plain.js';
import { mainCitations } from './view-explain.js';
import { currentMonth } from './state.js';

/** Months a row each up to two years; beyond, the first and last year's, to keep to two pages. */
const EDGE = 12;
function shown(months) {
  const all = months.map((_, i) => i);
  if (months.length <= 2 * EDGE) return all;
  return [...all.slice(0, EDGE), -1, ...all.slice(-EDGE)];
}

export function renderPrint(el, view) {
  if (view.phase !== 'result') return fill(el);
  const { L, lang, state, version } = view;
  const { cmp } = view.result;
  const now = cmp.current_law;
  const lf = cmp.labor_facts;
  const name = (p) => (lang === 'zh' ? p.zh : p.en);
  const months = now.months;
  const today = new Date();
  const date = `${monthText(currentMonth(today), lang)}${lang === 'zh' ? `${today.getDate()}日` : ` ${today.getDate()}`}`;
  const row = (k, v) => [h('dt', {}, k), h('dd', {}, v)];
  const work = (w) => [
    L('yuan', { v: money(w.income) }),
    w.hours != null ? L('hoursValue', { h: oneDecimal(w.hours) }) : null,
    w.orders ? L('ordersValue', { n: count(w.orders) }) : null,
  ].filter(Boolean).join(L('listSep'));
  const first = now.months[0];
  const inputs = first.pension.platforms.length ? now.months[0] : null;
  const r = now.retirement;
  const p = now.projection;
  const person = state.person;
  return fill(el,
    h('p', { class: 'fc-print-title' }, L('sheetTitle')),
    h('p', { class: 'fc-hint' }, L('sheetMeta', { date, r: version?.rules_version ?? '', e: version?.engine_version ?? '' })),
    h('dl', { class: 'fc-print-dl' },
      row(L('sheetPlace'), name(now.region)),
      row(L('sheetMonths'), months.length > 1 ? `${monthText(months[0].month, lang)} – ${monthText(months[months.length - 1].month, lang)}${L('paren', { x: L('monthCount', { n: months.length }) })}` : monthText(months[0].month, lang)),
      inputs ? lf.months[0].labor.platforms.map((w) => row(L('sheetPlatform', { name: w.platform }), `${L(`sectors.${w.sector}`)}${L('listSep')}${work({ income: w.income, hours: w.hours, orders: w.orders })}${months.length > 1 && !state.same ? L('sheetFirstMonth') : ''}`)) : null,
      row(L('base'), `${L(`baseKinds.${state.base.kind}`)}${L('listSep')}${L('optionBase', { v: money(first.pension.base) })}`),
      row(L('medical'), `${L(`medicalSchemes.${state.medical.scheme}`)}${first.medical.rate ? `${L('listSep')}${L('rateValue', { r: percent(first.medical.rate) })}` : ''}${first.medical.estimate ? L('paren', { x: L('estimated') }) : ''}`),
      person.birth ? row(L('birth'), monthText(person.birth, lang)) : null,
      person.years ? row(L('yearsPaid'), L('yearsValue', { n: person.years })) : null,
      person.balance ? row(L('balance'), person.balance) : null),
    h('table', { class: 'fc-print-table' },
      h('thead', {}, h('tr', {}, ['month', 'pension', 'medicalShort', 'youPay', 'scenarioYou'].map((k) => h('th', { scope: 'col' }, L(k))))),
      h('tbody', {}, shown(months).map((i) => (i < 0
        ? h('tr', {}, h('th', { scope: 'row' }, '…'), h('td', { colspan: '4' }, L('sheetSkipped', { n: months.length - 2 * EDGE })))
        : h('tr', {},
          h('th', { scope: 'row' }, monthText(months[i].month, lang)),
          h('td', {}, money(months[i].pension.worker)), h('td', {}, money(months[i].medical.worker)), h('td', {}, money(months[i].worker)),
          h('td', {}, money(lf.months[i].worker)))))),
      months.length > 1 ? h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, L('total')),
        h('td', {}, money(now.totals.pension.worker)), h('td', {}, money(now.totals.medical.worker)), h('td', {}, money(now.totals.worker)),
        h('td', {}, money(lf.totals.worker)))) : null),
    h('p', {}, L('whoPaysNow')),
    now.totals.injury.platforms.filter((x) => x.amount !== '0.00').map((x) => h('p', {}, L('injuryPays', { name: x.platform, v: money(x.amount) }))),
    h('p', {}, L('sheetScenario', {
      v: money(lf.totals.worker),
      rest: lf.totals.platforms.map((x) => L('platformPaysValue', { name: x.platform, v: money(x.amount) })).join(L('listSep')),
    })),
    r ? h('p', {}, L('retireWhen', { date: monthText(r.statutory.date, lang), age: age(r.statutory.age, lang) }),
      ' ', L('minYearsLine', { years: years(r.min_contribution_years), have: yearsMonths(r.contribution_months, lang) }),
      ' ', r.meets_minimum ? L('meetsMin') : L('shortMin', { n: yearsMonths(r.months_short, lang) })) : null,
    p ? h('p', {}, L('monthlyPension'), ' ', L('yuan', { v: money(p.monthly_pension) })) : null,
    h('p', { class: 'fc-print-sub' }, L('warnings')),
    h('ul', { class: 'fc-list' }, noteList([...now.warnings, ...lf.warnings], lang).slice(0, 3).map((n) => h('li', {}, n.text))),
    h('p', { class: 'fc-print-sub' }, L('sources')),
    h('ul', { class: 'fc-cites' }, mainCitations(now, lf, view)),
    h('p', { class: 'fc-hint' }, L('sheetFooter')));
}
